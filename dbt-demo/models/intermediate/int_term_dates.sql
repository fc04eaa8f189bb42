-- Term settings resolved once: exactly one row.
-- term_start / term_weeks / as_of come from dbt vars; as_of null = the greatest attendance day
-- column (read from the source's column names at compile time).
-- Checkpoint for week w = Monday of the week holding term_start + 7*(w-1) + 4 days (its Friday).
{%- set days = ieta.attendance_day_columns() %}

with settings as (
    select
        {{ ieta.date_literal(var('term_start')) }} as term_start,
        cast({{ var('term_weeks') }} as integer) as term_weeks,
        {% if var('as_of') -%}
        {{ ieta.date_literal(var('as_of')) }}
        {%- elif days | length > 0 -%}
        {{ ieta.date_literal(days | last) }}
        {%- else -%}
        cast(null as date)
        {%- endif %} as as_of_date
),

anchored as (
    select
        term_start,
        term_weeks,
        as_of_date,
        {{ ieta.week_monday('term_start') }} as term_monday
    from settings
)

select
    term_start,
    term_weeks,
    term_monday,
    {{ ieta.add_days('term_monday', '7 * term_weeks - 1') }} as term_end,
    {{ ieta.add_days('term_monday', 7 * 2 + 4) }} as checkpoint_week_3_date,
    {{ ieta.add_days('term_monday', 7 * 5 + 4) }} as checkpoint_week_6_date,
    {{ ieta.add_days('term_monday', 7 * 8 + 4) }} as checkpoint_week_9_date,
    as_of_date,
    {{ 'true' if var('as_of') else 'false' }} as is_as_of_from_var
from anchored
