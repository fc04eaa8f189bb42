-- Student dashboard: one row per enrollment (student x course x section), worst risk first.
-- Risk rules (docs/business-rules.md, first match wins) are applied here on the snapshot's figures AS
-- SHOWN (rounded), with the cut points from dbt vars (macros in rules.sql):
--   grade_risk on current_grade: High < 60 <= Medium < 65 <= Low < 70 <= None
--   missing_work_risk: High >= 20 %, Medium >= 15 %, else Low (also when the pct is null)
--   overall_risk_level: Critical (trend Failing), High (grade < 60 or attendance < 0.65),
--   Medium (grade < 70 or attendance < 0.75 or missing >= 20 %), Monitor (Declining), On Track.
-- ISAT comes through the eduid crosswalk (fct_assessment); no ISAT row, or an ambiguous eduid,
-- = nulls.
with snapshot as (
    select * from {{ ref('fct_student_snapshot') }}
),

students as (
    select * from {{ ref('dim_student') }}
),

sections as (
    select * from {{ ref('dim_section') }}
),

assessments as (
    select * from {{ ref('fct_assessment') }}
),

risk as (
    select
        snapshot.*,
        {{ ieta.grade_risk('snapshot.current_grade') }} as grade_risk,
        {{ ieta.missing_work_risk('snapshot.missing_assignments_pct') }} as missing_work_risk,
        {{ ieta.overall_risk_level(
            'snapshot.trend_status',
            'snapshot.current_grade',
            'snapshot.attendance_pct',
            'snapshot.missing_assignments_pct'
        ) }} as overall_risk_level
    from snapshot
),

ranked as (
    select
        risk.*,
        {{ ieta.risk_rank('overall_risk_level') }} as risk_rank
    from risk
)

select
    ranked.student_key,
    students.student_id,
    students.eduid,
    students.student_name,
    sections.course_id,
    sections.section_id,
    sections.teacher_name,
    ranked.week_3_grade_check,
    ranked.week_6_grade_check,
    ranked.week_9_grade_check,
    ranked.current_grade,
    ranked.trend_status,
    ranked.total_assignments,
    ranked.completed_assignments,
    ranked.missing_assignments,
    ranked.missing_assignments_pct,
    ranked.total_school_days,
    ranked.days_absent,
    ranked.attendance_pct,
    ranked.attendance_status,
    assessments.math_scale_score as isat_math_score,
    assessments.math_performance_level as isat_math_level,
    assessments.ela_scale_score as isat_ela_score,
    assessments.ela_performance_level as isat_ela_level,
    ranked.grade_risk,
    ranked.missing_work_risk,
    ranked.overall_risk_level,
    ranked.risk_rank,
    -- extra columns
    ranked.enrollment_key,
    ranked.course_key,
    ranked.section_key,
    ranked.lms_current_grade,
    ranked.chronically_absent,
    students.grade_level,
    students.is_on_roster,
    ranked.as_of_date
from ranked
inner join students
    on ranked.student_key = students.student_key
inner join sections
    on ranked.section_key = sections.section_key
left join assessments
    on ranked.student_key = assessments.student_key
order by
    ranked.risk_rank,
    ranked.current_grade asc nulls last,
    students.student_name,
    sections.course_id,
    sections.section_id
