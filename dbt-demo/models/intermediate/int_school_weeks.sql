-- School weeks up to as_of: one row per week (Monday to Sunday) that holds at least one school
-- day on or before as_of. week_as_of is the week's last school day on or before as_of: the day
-- the week's "to date" figures are as of (docs/business-rules.md, "Week by week").
-- week_number counts weeks from the Monday of the term's first week (1 = that week).
with school_days as (
    select school_date from {{ ref('int_school_days') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
),

days_to_date as (
    select
        school_days.school_date,
        {{ ieta.week_monday('school_days.school_date') }} as week_start,
        term.term_monday
    from school_days
    cross join term
    where school_days.school_date <= term.as_of_date
)

select
    week_start,
    max(school_date) as week_as_of,
    count(*) as school_days_in_week,
    cast({{ ieta.days_between('min(term_monday)', 'week_start') }} / 7 + 1 as integer) as week_number
from days_to_date
group by week_start
