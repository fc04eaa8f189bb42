-- Student snapshot (periodic snapshot as of as_of_date): one row per enrollment
-- (student_id, course_id, section_id) from the gradebook or attendance feeds.
-- Combines the LMS current_grade (exact, and as shown: rounded half away from zero to 1
-- decimal), checkpoint grades + trend, missing work and attendance.
-- Enrollments missing from a feed get zero counts and null ratios (trend 'No Data').
with enrollments as (
    select * from {{ ref('int_enrollments') }}
),

checkpoint_grades as (
    select * from {{ ref('int_enrollment_checkpoint_grades') }}
),

assignment_counts as (
    select * from {{ ref('int_enrollment_assignment_counts') }}
),

attendance_summary as (
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
    {{ ieta.round_half_away('enrollments.current_grade', 1) }} as current_grade,
    enrollments.current_grade as lms_current_grade,
    checkpoint_grades.week_3_grade_check,
    checkpoint_grades.week_6_grade_check,
    checkpoint_grades.week_9_grade_check,
    coalesce(checkpoint_grades.trend_status, 'No Data') as trend_status,
    coalesce(assignment_counts.total_assignments, 0) as total_assignments,
    coalesce(assignment_counts.completed_assignments, 0) as completed_assignments,
    coalesce(assignment_counts.missing_assignments, 0) as missing_assignments,
    assignment_counts.missing_assignments_pct,
    coalesce(attendance_summary.total_school_days, 0) as total_school_days,
    coalesce(attendance_summary.days_absent, 0) as days_absent,
    attendance_summary.attendance_pct,
    attendance_summary.attendance_status,
    coalesce(attendance_summary.chronically_absent, false) as chronically_absent,
    enrollments.in_gradebook,
    enrollments.in_attendance,
    term.as_of_date,
    {{ ieta.date_key('term.as_of_date') }} as as_of_date_key
from enrollments
cross join term
left join checkpoint_grades
    on enrollments.student_id = checkpoint_grades.student_id
    and enrollments.course_id = checkpoint_grades.course_id
    and enrollments.section_id = checkpoint_grades.section_id
left join assignment_counts
    on enrollments.student_id = assignment_counts.student_id
    and enrollments.course_id = assignment_counts.course_id
    and enrollments.section_id = assignment_counts.section_id
left join attendance_summary
    on enrollments.student_id = attendance_summary.student_id
    and enrollments.course_id = attendance_summary.course_id
    and enrollments.section_id = attendance_summary.section_id
