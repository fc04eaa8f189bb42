-- Term settings resolved once: exactly one row.
-- Files path with IETA_TERM_START unset: term_start is the startDate of the export's academic
-- session holding as_of (int_files__term_session; term_session_title names it), else the var.
-- term_start / term_weeks / as_of / checkpoint_weeks come from dbt vars (IETA_TERM_START and
-- IETA_AS_OF in the environment set the first and third); as_of empty = the last school day in
-- the data (int_school_days), or the last day of the term when the data has no school days.
-- Checkpoint for week w = Friday of the term's week w (Monday of the week holding term_start,
-- plus 7*(w-1) + 4 days). The three columns hold the first, second and third checkpoint weeks
-- (3, 6 and 9 by default; the column names follow the defaults).
-- The ref to int_school_days below is only rendered when as_of is not set; this line declares
-- it whatever the vars, so the lineage does not change with them:
-- depends_on: {{ ref('int_school_days') }}
{%- set as_of = ieta.date_var('as_of') %}
{%- set checkpoint_weeks = var('checkpoint_weeks') %}
{%- if checkpoint_weeks | length != 3 %}
    {{ exceptions.raise_compiler_error("var checkpoint_weeks must list three weeks (the dashboard shows three checkpoints), got " ~ checkpoint_weeks) }}
{%- endif %}

{%- set from_export = var('term_start_from_export') | string | lower == 'true' %}
{%- if var('ieta_source') == 'files' %}
-- Files path: the term may come from the export (IETA_TERM_START unset); declared whatever the
-- setting, so the lineage does not change with it:
-- depends_on: {{ ref('int_files__term_session') }}
{%- endif %}

with settings as (
    select
        {% if from_export -%}
        coalesce(
            (select start_date from {{ ref('int_files__term_session') }}),
            {{ ieta.date_literal(ieta.date_var('term_start')) }}
        )
        {%- else -%}
        {{ ieta.date_literal(ieta.date_var('term_start')) }}
        {%- endif %} as term_start,
        {% if from_export -%}
        (select session_title from {{ ref('int_files__term_session') }})
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as term_session_title,
        cast({{ var('term_weeks') }} as integer) as term_weeks,
        {% if as_of -%}
        {{ ieta.date_literal(as_of) }}
        {%- else -%}
        (select max(school_date) from {{ ref('int_school_days') }})
        {%- endif %} as as_of_from_data
),

anchored as (
    select
        term_start,
        term_session_title,
        term_weeks,
        as_of_from_data,
        {{ ieta.week_monday('term_start') }} as term_monday
    from settings
),

term as (
    select
        *,
        {{ ieta.add_days('term_monday', '7 * term_weeks - 1') }} as term_end
    from anchored
)

select
    term_start,
    term_session_title,
    term_weeks,
    term_monday,
    term_end,
    {{ ieta.add_days('term_monday', 7 * (checkpoint_weeks[0] - 1) + 4) }} as checkpoint_week_3_date,
    {{ ieta.add_days('term_monday', 7 * (checkpoint_weeks[1] - 1) + 4) }} as checkpoint_week_6_date,
    {{ ieta.add_days('term_monday', 7 * (checkpoint_weeks[2] - 1) + 4) }} as checkpoint_week_9_date,
    coalesce(as_of_from_data, term_end) as as_of_date,
    {{ 'true' if as_of else 'false' }} as is_as_of_from_var
from term
