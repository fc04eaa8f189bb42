-- Checkpoint grades and trend: one row per enrollment that has gradebook items.
-- w3/w6/w9 = average of the non-null scores, clamped to 0..100 (rule 3), of items due on or
-- before the checkpoint date (regardless of as_of), rounded to 1 decimal; null when no such
-- score exists.
-- trend_status, first match wins, on the rounded values: No Data, Failing, Improving,
-- Declining, Fluctuating.
-- The score is clamped here from the raw score (same macro as int_grades_unpivoted), so the unit
-- tests can feed raw scores and exercise rule 3 together with the averages.
with grades as (
    select
        student_id,
        course_id,
        section_id,
        due_date,
        {{ ieta.clamp_score('score') }} as score_clamped
    from {{ ref('int_grades_unpivoted') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
),

checkpoint_averages as (
    select
        grades.student_id,
        grades.course_id,
        grades.section_id,
        {{ ieta.round_half_away('avg(case when grades.due_date <= term.checkpoint_week_3_date then grades.score_clamped end)', 1) }} as week_3_grade_check,
        {{ ieta.round_half_away('avg(case when grades.due_date <= term.checkpoint_week_6_date then grades.score_clamped end)', 1) }} as week_6_grade_check,
        {{ ieta.round_half_away('avg(case when grades.due_date <= term.checkpoint_week_9_date then grades.score_clamped end)', 1) }} as week_9_grade_check
    from grades
    cross join term
    group by grades.student_id, grades.course_id, grades.section_id
)

select
    student_id,
    course_id,
    section_id,
    week_3_grade_check,
    week_6_grade_check,
    week_9_grade_check,
    case
        when week_3_grade_check is null
            or week_6_grade_check is null
            or week_9_grade_check is null then 'No Data'
        when week_9_grade_check < 60 then 'Failing'
        when week_3_grade_check < week_6_grade_check
            and week_6_grade_check < week_9_grade_check then 'Improving'
        when week_3_grade_check > week_6_grade_check
            and week_6_grade_check > week_9_grade_check then 'Declining'
        else 'Fluctuating'
    end as trend_status
from checkpoint_averages
