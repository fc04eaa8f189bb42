-- The term's school days (the attendance feed's day columns), in date order, for the
-- dashboard's attendance calendar.
select
    date_day as school_date,
    week_of_term,
    day_of_week,
    is_checkpoint
from {{ ref('dim_date') }}
where is_school_day
order by date_day
