-- Term settings resolved once: exactly one row.
-- term_start / term_weeks / as_of come from dbt vars; as_of null = the last school day in the
-- data (int_school_days).
-- Checkpoint for week w = Monday of the week holding term_start + 7*(w-1) + 4 days (its Friday).
-- The ref to int_school_days below is only rendered when as_of is not set; this line declares
-- it whatever the vars, so the lineage does not change with them:
-- depends_on: {{ ref('int_school_days') }}
with settings as (
    select
        {{ ieta.date_literal(var('term_start')) }} as term_start,
        cast({{ var('term_weeks') }} as integer) as term_weeks,
        {% if var('as_of') -%}
        {{ ieta.date_literal(var('as_of')) }}
        {%- else -%}
        (select max(school_date) from {{ ref('int_school_days') }})
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
