-- Date dimension: one row per calendar day from the Monday of term_start's week to the end
-- (Sunday) of week term_weeks, extended to cover every due date, school day and as_of.
-- is_school_day = the date is an attendance day column. checkpoint_week = the first checkpoint
-- (3, 6, 9) on or after the date (as in dim_assignment); is_checkpoint marks the checkpoint Fridays.
with term as (
    select * from {{ ref('int_term_dates') }}
),

school_days as (
    select * from {{ ref('int_school_days') }}
),

catalog_bounds as (
    select min(due_date) as min_due, max(due_date) as max_due
    from {{ ref('int_catalog_items') }}
),

school_bounds as (
    select min(school_date) as min_school, max(school_date) as max_school
    from school_days
),

bounds as (
    select
        least(
            term.term_monday,
            coalesce(catalog_bounds.min_due, term.term_monday),
            coalesce(school_bounds.min_school, term.term_monday),
            coalesce(term.as_of_date, term.term_monday)
        ) as start_day,
        greatest(
            term.term_end,
            term.checkpoint_week_9_date,
            coalesce(catalog_bounds.max_due, term.term_end),
            coalesce(school_bounds.max_school, term.term_end),
            coalesce(term.as_of_date, term.term_end)
        ) as end_day
    from term
    cross join catalog_bounds
    cross join school_bounds
),

spine as (
    {{ ieta.date_spine('start_day', 'end_day', 'bounds') }}
),

checkpoints as (
    select * from {{ ref('int_checkpoints') }}
),

next_checkpoint as (
    select
        spine.date_day,
        min(checkpoints.checkpoint_week) as checkpoint_week
    from spine
    inner join checkpoints
        on checkpoints.checkpoint_date >= spine.date_day
    group by spine.date_day
)

select
    {{ ieta.date_key('spine.date_day') }} as date_key,
    spine.date_day,
    {{ ieta.iso_day_of_week('spine.date_day') }} as day_of_week,
    {{ ieta.day_name('spine.date_day') }} as day_name,
    cast(floor({{ ieta.days_between('term.term_monday', 'spine.date_day') }} / 7.0) as integer) + 1 as week_of_term,
    school_days.school_date is not null as is_school_day,
    spine.date_day in (select checkpoint_date from checkpoints) as is_checkpoint,
    next_checkpoint.checkpoint_week,
    spine.date_day = term.as_of_date as is_as_of_date
from spine
cross join term
left join school_days
    on spine.date_day = school_days.school_date
left join next_checkpoint
    on spine.date_day = next_checkpoint.date_day
