{#-
    Cleaning rule 2 (docs/data-contract.md): trim and collapse inner runs of whitespace to one
    space. Case is kept. Empty strings stay empty (an empty attendance code means Present).
-#}
{% macro clean_string(expr) -%}
    {{ return(adapter.dispatch('clean_string', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__clean_string(expr) -%}
    trim(regexp_replace(cast({{ expr }} as {{ dbt.type_string() }}), '\s+', ' ', 'g'))
{%- endmacro %}

{#- Same result as the default; the regex only runs on values holding a double space or a
    tab / newline / form feed / carriage return (RE2's \s), which keeps wide feeds cheap. -#}
{% macro duckdb__clean_string(expr) -%}
    {%- set v = 'cast(' ~ expr ~ ' as varchar)' -%}
    case
        when contains({{ v }}, '  ') or contains({{ v }}, chr(9)) or contains({{ v }}, chr(10))
            or contains({{ v }}, chr(12)) or contains({{ v }}, chr(13))
            then trim(regexp_replace({{ v }}, '\s+', ' ', 'g'))
        else trim({{ v }})
    end
{%- endmacro %}

{#- 1 when cleaning (rule 2) changes the raw text of a column, else 0 (for mart_data_quality). -#}
{% macro text_changed(columns, name) -%}
    case when {{ ieta.cast_named(columns, name, 'varchar') }} is distinct from {{ ieta.clean_string(ieta.cast_named(columns, name, 'varchar')) }} then 1 else 0 end
{%- endmacro %}
