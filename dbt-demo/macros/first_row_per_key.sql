{#-
    Rule 1's dedupe of a wide feed: the rows of `relation` (a CTE whose key columns are never
    null), one per key: a key that comes once keeps its row; a key that comes more than once
    keeps its first row after ordering by `order_by` (column names, ascending, nulls last).

    The same rows as `qualify row_number() over (partition by key order by every column) = 1`
    over all rows, without that sort: ordering a quarter of a million rows by fifty text
    columns took most of the wide staging models' time, and almost every key comes once.
-#}
{% macro first_row_per_key(relation, key_columns, order_by) -%}
    {%- set repeated_keys -%}
        select {{ key_columns | join(', ') }}
        from {{ relation }}
        group by {{ key_columns | join(', ') }}
        having count(*) > 1
    {%- endset -%}
    select rows_once.*
    from {{ relation }} as rows_once
    left join ({{ repeated_keys }}) as repeated
        on {% for key in key_columns %}rows_once.{{ key }} = repeated.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    where repeated.{{ key_columns[0] }} is null
    union all
    select rows_repeated.*
    from {{ relation }} as rows_repeated
    inner join ({{ repeated_keys }}) as repeated
        on {% for key in key_columns %}rows_repeated.{{ key }} = repeated.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    qualify row_number() over (
        partition by {% for key in key_columns %}rows_repeated.{{ key }}{% if not loop.last %}, {% endif %}{% endfor %}
        order by {% for column in order_by %}rows_repeated.{{ adapter.quote(column) }} asc nulls last{% if not loop.last %}, {% endif %}{% endfor %}
    ) = 1
{%- endmacro %}
