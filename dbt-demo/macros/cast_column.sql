{#-
    Cast a raw column to a target type whatever type the loader inferred. Raw tables come from
    JSON pages, so a column that was all null in the feed may be typed JSON (or NULL): its
    values must be read as text first, otherwise a JSON string keeps its quotes.
    column: an adapter Column (from adapter.get_columns_in_relation); target_type: SQL type.
-#}
{% macro cast_column(column, target_type) -%}
    {{ return(adapter.dispatch('cast_column', 'ieta')(column, target_type)) }}
{%- endmacro %}

{% macro default__cast_column(column, target_type) -%}
    {%- set name = column if column is string else column.name -%}
    cast({{ adapter.quote(name) }} as {{ target_type }})
{%- endmacro %}

{% macro duckdb__cast_column(column, target_type) -%}
    {%- if column is string -%}
        {{ return("cast(" ~ adapter.quote(column) ~ " as " ~ target_type ~ ")") }}
    {%- endif -%}
    {%- set dtype = (column.dtype or '') | upper -%}
    {%- if dtype == 'JSON' -%}
        cast(json_extract_string({{ adapter.quote(column.name) }}, '$') as {{ target_type }})
    {%- elif dtype in ('NULL', '"NULL"') -%}
        cast(null as {{ target_type }})
    {%- else -%}
        cast({{ adapter.quote(column.name) }} as {{ target_type }})
    {%- endif -%}
{%- endmacro %}

{#- Columns of a relation by name, for cast_column (a name maps to itself when unknown). -#}
{% macro columns_by_name(relation) -%}
    {%- set by_name = {} -%}
    {%- for col in ieta_columns_of(relation) -%}
        {%- do by_name.update({col.name: col}) -%}
    {%- endfor -%}
    {{ return(by_name) }}
{%- endmacro %}

{#- Cast one named column of a relation (see columns_by_name). -#}
{% macro cast_named(columns, name, target_type) -%}
    {{ ieta.cast_column(columns.get(name, name), target_type) }}
{%- endmacro %}
