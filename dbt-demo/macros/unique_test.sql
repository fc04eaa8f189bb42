{#-
    dbt's `unique` test on DuckDB, the same answer for less memory and time. dbt's own SQL
    groups the rows by the tested value itself: for a fact's 32-character md5 key at a
    state's size (a hundred million attendance rows) that is a hundred million strings in one
    hash table. Here the rows are grouped by an 8-byte hash of the value first, and only the
    values whose hash repeats are grouped by the value itself. Equal values have equal hashes,
    so every repeated value is among them and the result is exactly dbt's: one row per value
    found more than once, with its count. dispatch in dbt_project.yml makes dbt use this
    version; other engines keep dbt's.
-#}
{% macro duckdb__test_unique(model, column_name) %}

with repeated_hashes as (
    select hash({{ column_name }}) as value_hash
    from {{ model }}
    where {{ column_name }} is not null
    group by value_hash
    having count(*) > 1
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records

from {{ model }}
where {{ column_name }} is not null
    and hash({{ column_name }}) in (select value_hash from repeated_hashes)
group by {{ column_name }}
having count(*) > 1

{% endmacro %}
