-- Student snapshot (periodic snapshot as of as_of_date): one row per enrollment
-- (student_id, course_id, section_id) from the gradebook or attendance feeds.
-- Combines the LMS current_grade, checkpoint grades + trend, missing work and attendance.
-- Enrollments missing from a feed get zero counts and null ratios (trend 'No Data').
with enrollments as (
    select * from {{ ref('int_enrollments') }}
),

checkpoints as (
    select * from {{ ref('int_enrollment_checkpoint_grades') }}
),

work as (
    select * from {{ ref('int_enrollment_assignment_counts') }}
),

attendance as (
    select * from {{ ref('int_enrollment_attendance') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
)

select
    {{ ieta.surrogate_key(['enrollments.student_id', 'enrollments.course_id', 'enrollments.section_id']) }} as enrollment_key,
    {{ ieta.surrogate_key(['enrollments.student_id']) }} as student_key,
    {{ ieta.surrogate_key(['enrollments.course_id']) }} as course_key,
    {{ ieta.surrogate_key(['enrollments.course_id', 'enrollments.section_id']) }} as section_key,
    enrollments.student_id,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.current_grade,
    checkpoints.week_3_grade_check,
    checkpoints.week_6_grade_check,
    checkpoints.week_9_grade_check,
    coalesce(checkpoints.trend_status, 'No Data') as trend_status,
    coalesce(work.total_assignments, 0) as total_assignments,
    coalesce(work.completed_assignments, 0) as completed_assignments,
    coalesce(work.missing_assignments, 0) as missing_assignments,
    work.missing_assignments_pct,
    coalesce(attendance.total_school_days, 0) as total_school_days,
    coalesce(attendance.days_absent, 0) as days_absent,
    attendance.attendance_pct,
    attendance.attendance_status,
    enrollments.in_gradebook,
    enrollments.in_attendance,
    term.as_of_date,
    {{ ieta.date_key('term.as_of_date') }} as as_of_date_key
from enrollments
cross join term
left join checkpoints
    on enrollments.student_id = checkpoints.student_id
    and enrollments.course_id = checkpoints.course_id
    and enrollments.section_id = checkpoints.section_id
left join work
    on enrollments.student_id = work.student_id
    and enrollments.course_id = work.course_id
    and enrollments.section_id = work.section_id
left join attendance
    on enrollments.student_id = attendance.student_id
    and enrollments.course_id = attendance.course_id
    and enrollments.section_id = attendance.section_id
