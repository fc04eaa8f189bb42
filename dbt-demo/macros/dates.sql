{#- Date helpers. Adapter-specific date SQL lives here, not in the models. -#}

{#- Does this column name parse as a calendar date YYYY-MM-DD? (attendance day columns)
    Evaluated in Jinja on column names, so it is the same on every adapter. -#}
{% macro is_date_name(name) -%}
    {{ return(adapter.dispatch('is_date_name', 'ieta')(name)) }}
{%- endmacro %}

{% macro default__is_date_name(name) -%}
    {%- set m = modules.re.match('^(\d{4})-(\d{2})-(\d{2})$', name | string) -%}
    {%- if not m -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set y = m.group(1) | int -%}
    {%- set mo = m.group(2) | int -%}
    {%- set d = m.group(3) | int -%}
    {%- if mo < 1 or mo > 12 or d < 1 -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set leap = (y % 4 == 0 and y % 100 != 0) or (y % 400 == 0) -%}
    {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {{ return(d <= month_days[mo - 1]) }}
{%- endmacro %}

{#- A date literal from a 'YYYY-MM-DD' string (vars, column names). -#}
{% macro date_literal(value) -%}
    {{ return(adapter.dispatch('date_literal', 'ieta')(value)) }}
{%- endmacro %}

{% macro default__date_literal(value) -%}
    cast('{{ value }}' as date)
{%- endmacro %}

{#- Any expression (DATE, TIMESTAMP or 'YYYY-MM-DD...' text) to a DATE. -#}
{% macro to_date(expr) -%}
    {{ return(adapter.dispatch('to_date', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__to_date(expr) -%}
    cast({{ expr }} as date)
{%- endmacro %}

{% macro duckdb__to_date(expr) -%}
    cast(cast({{ expr }} as timestamp) as date)
{%- endmacro %}

{#- A date a feed sends (DATE, TIMESTAMP or 'YYYY-MM-DD...' text) as a DATE; null when the value
    is not a date (counted in mart_data_quality), so a bad value never stops the build. -#}
{% macro try_to_date(expr) -%}
    {{ return(adapter.dispatch('try_to_date', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__try_to_date(expr) -%}
    try_cast({{ expr }} as date)
{%- endmacro %}

{% macro duckdb__try_to_date(expr) -%}
    try_cast(try_cast({{ expr }} as timestamp) as date)
{%- endmacro %}

{% macro add_days(expr, days) -%}
    {{ return(adapter.dispatch('add_days', 'ieta')(expr, days)) }}
{%- endmacro %}

{% macro default__add_days(expr, days) -%}
    cast({{ expr }} + ({{ days }}) * interval '1 day' as date)
{%- endmacro %}

{% macro duckdb__add_days(expr, days) -%}
    cast({{ expr }} + to_days(cast({{ days }} as integer)) as date)
{%- endmacro %}

{#- Spark: date + integer is not date arithmetic there. -#}
{% macro spark__add_days(expr, days) -%}
    date_add({{ expr }}, cast({{ days }} as int))
{%- endmacro %}

{#- Whole days from start to end (end - start). -#}
{% macro days_between(start_expr, end_expr) -%}
    {{ return(adapter.dispatch('days_between', 'ieta')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro default__days_between(start_expr, end_expr) -%}
    ({{ end_expr }} - {{ start_expr }})
{%- endmacro %}

{% macro duckdb__days_between(start_expr, end_expr) -%}
    date_diff('day', {{ start_expr }}, {{ end_expr }})
{%- endmacro %}

{#- Spark: date - date is an interval, not a number of days. -#}
{% macro spark__days_between(start_expr, end_expr) -%}
    datediff({{ end_expr }}, {{ start_expr }})
{%- endmacro %}

{#- ISO day of week: 1 = Monday .. 7 = Sunday. -#}
{% macro iso_day_of_week(expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(expr) -%}
    cast(extract(isodow from {{ expr }}) as integer)
{%- endmacro %}

{% macro duckdb__iso_day_of_week(expr) -%}
    cast(isodow({{ expr }}) as integer)
{%- endmacro %}

{#- Spark: dayofweek is 1 = Sunday .. 7 = Saturday; extract(isodow ...) fails. -#}
{% macro spark__iso_day_of_week(expr) -%}
    ((dayofweek({{ expr }}) + 5) % 7 + 1)
{%- endmacro %}

{% macro day_name(expr) -%}
    {{ return(adapter.dispatch('day_name', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__day_name(expr) -%}
    trim(to_char({{ expr }}, 'Day'))
{%- endmacro %}

{% macro duckdb__day_name(expr) -%}
    dayname({{ expr }})
{%- endmacro %}

{#- Spark: to_char(d, 'Day') returns garbage without an error (ANSI mode is off). -#}
{% macro spark__day_name(expr) -%}
    date_format({{ expr }}, 'EEEE')
{%- endmacro %}

{#- Monday of the week holding the date. -#}
{% macro week_monday(expr) -%}
    {{ ieta.add_days(expr, '1 - ' ~ ieta.iso_day_of_week(expr)) }}
{%- endmacro %}

{#- Integer date key yyyymmdd (Kimball style, derived from the date itself). -#}
{% macro date_key(expr) -%}
    {{ return(adapter.dispatch('date_key', 'ieta')(expr)) }}
{%- endmacro %}

{% macro default__date_key(expr) -%}
    cast(extract(year from {{ expr }}) * 10000 + extract(month from {{ expr }}) * 100 + extract(day from {{ expr }}) as integer)
{%- endmacro %}

{% macro duckdb__date_key(expr) -%}
    cast(year({{ expr }}) * 10000 + month({{ expr }}) * 100 + day({{ expr }}) as integer)
{%- endmacro %}

{#- A query with one column date_day, one row per day from start to end (inclusive).
    start/end may reference columns of from_relation (e.g. a one-row CTE of bounds). -#}
{% macro date_spine(start_expr, end_expr, from_relation) -%}
    {{ return(adapter.dispatch('date_spine', 'ieta')(start_expr, end_expr, from_relation)) }}
{%- endmacro %}

{% macro default__date_spine(start_expr, end_expr, from_relation) -%}
    with recursive spine (date_day, end_day) as (
        select cast({{ start_expr }} as date), cast({{ end_expr }} as date) from {{ from_relation }}
        union all
        select {{ ieta.add_days('date_day', 1) }}, end_day from spine where date_day < end_day
    )
    select date_day from spine
{%- endmacro %}

{% macro spark__date_spine(start_expr, end_expr, from_relation) -%}
    select explode(sequence(
        cast({{ start_expr }} as date), cast({{ end_expr }} as date), interval 1 day
    )) as date_day
    from {{ from_relation }}
{%- endmacro %}

{% macro duckdb__date_spine(start_expr, end_expr, from_relation) -%}
    select cast(unnest(generate_series(
        cast({{ start_expr }} as timestamp), cast({{ end_expr }} as timestamp), interval 1 day
    )) as date) as date_day
    from {{ from_relation }}
{%- endmacro %}

{#- A date setting (dbt var, fed by IETA_TERM_START / IETA_AS_OF): its 'YYYY-MM-DD' text, or ''
    when unset. Anything else stops the build with the setting named, before any SQL runs. -#}
{% macro date_var(name) -%}
    {%- set value = (var(name) or '') | string | trim -%}
    {%- if value in ('', 'None', 'none', 'null') -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not ieta.is_date_name(value) -%}
        {{ exceptions.raise_compiler_error(
            "dbt var '" ~ name ~ "' (environment IETA_" ~ (name | upper) ~ ") must be a date "
            ~ "written YYYY-MM-DD, got '" ~ value ~ "'. Fix the setting and run again.") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
