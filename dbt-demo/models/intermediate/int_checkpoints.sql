-- Grade checkpoints: one row per checkpoint week (var checkpoint_weeks, 3, 6, 9 by default) with
-- its date (a Friday).
{%- set checkpoint_weeks = var('checkpoint_weeks') %}

with term as (
    select * from {{ ref('int_term_dates') }}
)

select {{ checkpoint_weeks[0] }} as checkpoint_week, checkpoint_week_3_date as checkpoint_date from term
union all
select {{ checkpoint_weeks[1] }} as checkpoint_week, checkpoint_week_6_date as checkpoint_date from term
union all
select {{ checkpoint_weeks[2] }} as checkpoint_week, checkpoint_week_9_date as checkpoint_date from term
