{#- Helpers of the files path (IETA_SOURCE=files; docs/data-contract.md, "Mapping to the API
    tables"). -#}

{#- The value of the first `{label:value}` entry of a OneRoster userIds field whose label equals
    `label` (any case), trimmed; null when there is none. userIds looks like
    `{state:S584097808},{fed:123}`. -#}
{% macro user_id_with_label(column, label) -%}
    {%- if not modules.re.match('^[A-Za-z0-9_ -]+$', label | string) -%}
        {{ exceptions.raise_compiler_error(
            "dbt var oneroster_state_id_label must be letters, digits, '_', '-' or spaces, got '"
            ~ label ~ "'. Fix it in dbt-demo/dbt_project.yml.") }}
    {%- endif -%}
    {{ return(adapter.dispatch('user_id_with_label', 'ieta')(column, label)) }}
{%- endmacro %}

{#- regexp_extract has the same arguments on DuckDB (RE2) and Spark (Java): (?i) ignores case;
    braces written as [{] and [}] so no backslash needs escaping on either engine. -#}
{% macro default__user_id_with_label(column, label) -%}
    nullif(trim(regexp_extract({{ column }}, '(?i)[{][ ]*{{ label }}[ ]*:([^}]*)[}]', 1)), '')
{%- endmacro %}

{#- A OneRoster date or date-time ('2026-01-06', '2026-01-06T23:59:00Z') as a DATE: its date
    part; null when it is not a date (counted as value_not_understood). -#}
{% macro oneroster_date(column) -%}
    {{ ieta.try_to_date('substr(' ~ ieta.clean_text(column) ~ ', 1, 10)') }}
{%- endmacro %}

{#- A SQL list of the lower-cased names in a dbt var (state score subjects). -#}
{% macro lower_var_list(name) -%}
    {{ return(ieta.sql_string_list(var(name) | map('lower') | list)) }}
{%- endmacro %}

{#- Rule F4 (status): the OneRoster statuses that take a row out of the export (compared in
    lower case). A row with another status, an empty one, or in a file without a status
    column is live. -#}
{% macro oneroster_dead_statuses() -%}
    {{ return(['tobedeleted', 'inactive']) }}
{%- endmacro %}

{#- A staging column `status` (lower case, trimmed; null when the file has no status column) and
    `is_live` (rule F4), for the OneRoster file `relation`. -#}
{% macro oneroster_status_columns(relation) -%}
    {%- if 'status' in ieta.column_names(relation) -%}
        lower({{ ieta.clean_text('status') }}) as status,
        coalesce(lower({{ ieta.clean_text('status') }}) not in {{ ieta.sql_string_list(ieta.oneroster_dead_statuses()) }}, true) as is_live
    {%- else -%}
        cast(null as {{ dbt.type_string() }}) as status,
        true as is_live
    {%- endif -%}
{%- endmacro %}

{#- A OneRoster date column that a file may lack (enrollments' beginDate / endDate): the date,
    or null when the column is not in the file. -#}
{% macro oneroster_optional_date(relation, column) -%}
    {%- if column in ieta.column_names(relation) -%}
        {{ ieta.oneroster_date(adapter.quote(column)) }}
    {%- else -%}
        cast(null as date)
    {%- endif -%}
{%- endmacro %}

{% macro oneroster_optional_text(relation, column) -%}
    {%- if column in ieta.column_names(relation) -%}
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }})
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
