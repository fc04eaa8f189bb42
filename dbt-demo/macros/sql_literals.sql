{#- SQL literals built from Jinja lists (column names, item names). -#}

{#- A SQL list of string literals (for "x in (...)" filters); never empty. -#}
{% macro sql_string_list(values) -%}
    {%- if values | length == 0 -%}
        (cast(null as {{ dbt.type_string() }}))
    {%- else -%}
        ({% for v in values %}'{{ v | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- One SQL string literal with the values joined by ', '; null when there are none. -#}
{% macro sql_joined_string(values) -%}
    {%- if values | length == 0 -%}
        null
    {%- else -%}
        '{{ values | join(', ') | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}
