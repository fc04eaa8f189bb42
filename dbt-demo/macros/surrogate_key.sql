{#-
    Stable surrogate key from natural keys: md5 of the values cast to text, joined with '-',
    with a placeholder for nulls (same recipe as dbt_utils.generate_surrogate_key).
    Never row_number(): keys must not change between runs.
-#}
{% macro surrogate_key(field_list) -%}
    {{ return(adapter.dispatch('surrogate_key', 'ieta')(field_list)) }}
{%- endmacro %}

{% macro default__surrogate_key(field_list) -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_ieta_null_')") -%}
    {%- endfor -%}
    md5({{ parts | join(" || '-' || ") }})
{%- endmacro %}

{#- The same text as above, built by one concat() call: a chain of || builds every
    intermediate string, about a third of the cost of a key (a hundred million of them in
    fct_attendance at a state's size, docs/performance.md). Every part is non-null, so concat
    and || give the same text. -#}
{% macro duckdb__surrogate_key(field_list) -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as varchar), '_ieta_null_')") -%}
    {%- endfor -%}
    md5(concat({{ parts | join(", '-', ") }}))
{%- endmacro %}
