-- Checkpoint grades and trend: one row per enrollment that has gradebook items.
-- A checkpoint grade = the average of the non-null scores, clamped to 0..100 (rule 3), of the
-- items due on or before the checkpoint date, computed exactly and rounded half away from zero
-- to 1 decimal; null when no such score exists, and null while the checkpoint is after as_of
-- (it has not happened yet: a mid-term run shows No Data until the last checkpoint).
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

-- Exact sums and counts of the scores due by each checkpoint that has been reached.
checkpoint_sums as (
    select
        grades.student_id,
        grades.course_id,
        grades.section_id,
        {%- for week in ['3', '6', '9'] %}
        sum(case
            when grades.due_date <= term.checkpoint_week_{{ week }}_date
                and term.checkpoint_week_{{ week }}_date <= term.as_of_date
                then grades.score_clamped
        end) as week_{{ week }}_score_sum,
        count(case
            when grades.due_date <= term.checkpoint_week_{{ week }}_date
                and term.checkpoint_week_{{ week }}_date <= term.as_of_date
                then grades.score_clamped
        end) as week_{{ week }}_score_count{{ ',' if not loop.last }}
        {%- endfor %}
    from grades
    cross join term
    group by grades.student_id, grades.course_id, grades.section_id
),

checkpoint_averages as (
    select
        student_id,
        course_id,
        section_id,
        {{ ieta.ratio_half_away('week_3_score_sum', 'week_3_score_count', 1) }} as week_3_grade_check,
        {{ ieta.ratio_half_away('week_6_score_sum', 'week_6_score_count', 1) }} as week_6_grade_check,
        {{ ieta.ratio_half_away('week_9_score_sum', 'week_9_score_count', 1) }} as week_9_grade_check
    from checkpoint_sums
)

select
    student_id,
    course_id,
    section_id,
    week_3_grade_check,
    week_6_grade_check,
    week_9_grade_check,
    {{ ieta.trend_status('week_3_grade_check', 'week_6_grade_check', 'week_9_grade_check') }} as trend_status
from checkpoint_averages
