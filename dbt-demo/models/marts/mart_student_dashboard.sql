-- Student dashboard: one row per enrollment (student x course x section), worst risk first.
-- Risk rules (SPEC section 4, first match wins) are applied here on the snapshot:
--   grade_risk on the LMS current_grade as given: High < 60 <= Medium < 65 <= Low < 70 <= None
--   missing_work_risk: High >= 20 %, Medium >= 15 %, else Low (also when the pct is null)
--   overall_risk_level: Critical (trend Failing), High (grade < 60 or attendance < 0.65),
--   Medium (grade < 70 or attendance < 0.75 or missing >= 20 %), Monitor (Declining), On Track.
-- ISAT comes through the eduid crosswalk (fct_assessment); no ISAT row = nulls.
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
        case
            when snapshot.current_grade is null then null
            when snapshot.current_grade < 60 then 'High'
            when snapshot.current_grade < 65 then 'Medium'
            when snapshot.current_grade < 70 then 'Low'
            else 'None'
        end as grade_risk,
        case
            when snapshot.missing_assignments_pct >= 20 then 'High'
            when snapshot.missing_assignments_pct >= 15 then 'Medium'
            else 'Low'
        end as missing_work_risk,
        case
            when snapshot.trend_status = 'Failing' then 'Critical'
            when snapshot.current_grade < 60 or snapshot.attendance_pct < 0.65 then 'High'
            when snapshot.current_grade < 70
                or snapshot.attendance_pct < 0.75
                or snapshot.missing_assignments_pct >= 20 then 'Medium'
            when snapshot.trend_status = 'Declining' then 'Monitor'
            else 'On Track'
        end as overall_risk_level
    from snapshot
),

ranked as (
    select
        risk.*,
        case overall_risk_level
            when 'Critical' then 1
            when 'High' then 2
            when 'Medium' then 3
            when 'Monitor' then 4
            when 'On Track' then 5
        end as risk_rank
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
    {{ ieta.round_half_away('ranked.current_grade', 1) }} as current_grade,
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
    ranked.current_grade as lms_current_grade,
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
    {{ ieta.round_half_away('ranked.current_grade', 1) }} asc nulls last,
    students.student_name,
    sections.course_id,
    sections.section_id
