-- Grade checkpoints: one row per checkpoint week (3, 6, 9) with its date (a Friday).
with term as (
    select * from {{ ref('int_term_dates') }}
)

select 3 as checkpoint_week, checkpoint_week_3_date as checkpoint_date from term
union all
select 6 as checkpoint_week, checkpoint_week_6_date as checkpoint_date from term
union all
select 9 as checkpoint_week, checkpoint_week_9_date as checkpoint_date from term
