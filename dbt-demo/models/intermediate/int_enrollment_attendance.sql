-- Attendance summary: one row per enrollment in the attendance feed.
-- total_school_days = days up to as_of with a recorded status (Present/Absent/Tardy/Excused);
-- days_absent = Absent or Excused (Tardy counts as present). Unknown codes and nulls are not
-- recorded. attendance_pct = 1 - absent/total, 3 decimals (null when total is 0);
-- attendance_status compares that 3-decimal value: Critical < 0.65 <= Warning < 0.75 <= Monitor
-- < 0.80 <= Good.
-- The status is derived again from the code (same macros as int_attendance_unpivoted), so the
-- unit tests can feed raw codes and exercise rule 4 together with the counting.
with attendance as (
    select
        student_id,
        course_id,
        section_id,
        school_date,
        {{ ieta.attendance_status_from_code('attendance_code') }} as attendance_status
    from {{ ref('int_attendance_unpivoted') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
),

-- Days after as_of are counted as zero rather than filtered out, so an enrollment whose days
-- all fall after as_of still gets its row.
day_counts as (
    select
        attendance.student_id,
        attendance.course_id,
        attendance.section_id,
        count(case
            when attendance.school_date <= term.as_of_date
                and {{ ieta.is_recorded_status('attendance.attendance_status') }} then 1
        end) as total_school_days,
        count(case
            when attendance.school_date <= term.as_of_date
                and {{ ieta.is_absent_status('attendance.attendance_status') }} then 1
        end) as days_absent
    from attendance
    cross join term
    group by attendance.student_id, attendance.course_id, attendance.section_id
),

with_pct as (
    select
        *,
        {{ ieta.ratio_half_away('total_school_days - days_absent', 'total_school_days', 3) }} as attendance_pct
    from day_counts
)

select
    student_id,
    course_id,
    section_id,
    total_school_days,
    days_absent,
    attendance_pct,
    {{ ieta.attendance_status('attendance_pct') }} as attendance_status,
    {{ ieta.is_chronically_absent('days_absent', 'total_school_days') }} as chronically_absent
from with_pct
