{#-
    Wide -> long. One output row per input row x value column, KEEPING NULL values
    (a null score is missing work; a null day is "not recorded": dropping them is a bug).
    relation: a ref/source; id_columns: names kept as they are; value_columns: names to unpivot
    (all must share one type); name_column/value_column: output column names.
    value_type: the SQL type of the values (used for the empty case).
-#}
{% macro unpivot(relation, id_columns, value_columns, name_column, value_column, value_type) -%}
    {{ return(adapter.dispatch('unpivot', 'ieta')(relation, id_columns, value_columns, name_column, value_column, value_type)) }}
{%- endmacro %}

{% macro ieta_unpivot_empty(relation, id_columns, name_column, value_column, value_type) -%}
    select
        {% for c in id_columns %}{{ adapter.quote(c) }}, {% endfor %}
        cast(null as {{ dbt.type_string() }}) as {{ name_column }},
        cast(null as {{ value_type }}) as {{ value_column }}
    from {{ relation }}
    where 1 = 0
{%- endmacro %}

{#- Portable version: one select per value column, glued with union all. -#}
{% macro default__unpivot(relation, id_columns, value_columns, name_column, value_column, value_type) -%}
    {%- if value_columns | length == 0 -%}
        {{ ieta_unpivot_empty(relation, id_columns, name_column, value_column, value_type) }}
    {%- else -%}
        {%- for v in value_columns %}
    select
        {% for c in id_columns %}{{ adapter.quote(c) }}, {% endfor %}
        cast('{{ v }}' as {{ dbt.type_string() }}) as {{ name_column }},
        cast({{ adapter.quote(v) }} as {{ value_type }}) as {{ value_column }}
    from {{ relation }}
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB and Spark: a single UNPIVOT scan. The SQL-standard form is used because it accepts
    INCLUDE NULLS (DuckDB's simplified "UNPIVOT x ON ..." form silently drops null values). -#}
{% macro duckdb__unpivot(relation, id_columns, value_columns, name_column, value_column, value_type) -%}
    {{ return(ieta.unpivot_include_nulls(relation, id_columns, value_columns, name_column, value_column, value_type)) }}
{%- endmacro %}

{% macro spark__unpivot(relation, id_columns, value_columns, name_column, value_column, value_type) -%}
    {{ return(ieta.unpivot_include_nulls(relation, id_columns, value_columns, name_column, value_column, value_type)) }}
{%- endmacro %}

{% macro unpivot_include_nulls(relation, id_columns, value_columns, name_column, value_column, value_type) -%}
    {%- if value_columns | length == 0 -%}
        {{ ieta_unpivot_empty(relation, id_columns, name_column, value_column, value_type) }}
    {%- else -%}
    select
        {% for c in id_columns %}{{ adapter.quote(c) }}, {% endfor %}
        {{ name_column }},
        {{ value_column }}
    from (
        select
            {% for c in id_columns %}{{ adapter.quote(c) }}, {% endfor %}
            {% for v in value_columns %}cast({{ adapter.quote(v) }} as {{ value_type }}) as {{ adapter.quote(v) }}{% if not loop.last %}, {% endif %}{% endfor %}
        from {{ relation }}
    ) as wide
    unpivot include nulls (
        {{ value_column }} for {{ name_column }} in (
            {% for v in value_columns %}{{ adapter.quote(v) }}{% if not loop.last %}, {% endif %}{% endfor %}
        )
    )
    {%- endif -%}
{%- endmacro %}
