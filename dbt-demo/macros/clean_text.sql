{#-
    Cleaning rule 2 (docs/data-contract.md): text trimmed, inner runs of whitespace collapsed to
    one space. Case is kept. Empty strings stay empty (an empty attendance code means Present).
    column: a column name or SQL expression.
-#}
{% macro clean_text(column) -%}
    {{ return(adapter.dispatch('clean_text', 'ieta')(column)) }}
{%- endmacro %}

{% macro default__clean_text(column) -%}
    trim(regexp_replace(cast({{ column }} as {{ dbt.type_string() }}), '\s+', ' ', 'g'))
{%- endmacro %}

{#- Spark: the fourth argument of regexp_replace is a position, and a string literal needs its
    backslash doubled to reach the regex. -#}
{% macro spark__clean_text(column) -%}
    trim(regexp_replace(cast({{ column }} as string), '\\s+', ' '))
{%- endmacro %}

{#- Same result; the regex only runs on values holding a double space or a tab / newline /
    form feed / carriage return (RE2's \s), which keeps the wide attendance feed cheap. -#}
{% macro duckdb__clean_text(column) -%}
    {%- set text = 'cast(' ~ column ~ ' as varchar)' -%}
    case
        when contains({{ text }}, '  ') or contains({{ text }}, chr(9)) or contains({{ text }}, chr(10))
            or contains({{ text }}, chr(12)) or contains({{ text }}, chr(13))
            then trim(regexp_replace({{ text }}, '\s+', ' ', 'g'))
        else trim({{ text }})
    end
{%- endmacro %}

{#- 1 when cleaning (rule 2) changes a text column, else 0 (for mart_data_quality). -#}
{% macro text_changed(column) -%}
    case when cast({{ column }} as {{ dbt.type_string() }}) is distinct from {{ ieta.clean_text(column) }} then 1 else 0 end
{%- endmacro %}
