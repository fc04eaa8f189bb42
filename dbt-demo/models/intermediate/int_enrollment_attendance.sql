-- Attendance summary: one row per enrollment in the attendance feed.
-- total_school_days = days up to as_of with a recorded status (Present/Absent/Tardy/Excused);
-- days_absent = Absent or Excused (Tardy counts as present). Unknown codes and nulls are not
-- recorded. attendance_pct = 1 - absent/total, 3 decimals (null when total is 0);
-- attendance_status compares that 3-decimal value: Critical < 0.65 <= Warning < 0.75 <= Monitor
-- < 0.80 <= Good.
-- The status is derived from the code with the same macro as int_attendance_unpivoted, so the
-- counting rules can be unit-tested from codes.
with attendance as (
    select
        student_id,
        course_id,
        section_id,
        school_date,
        {{ ieta.attendance_status_from_code('attendance_code') }} as attendance_status
    from {{ ref('int_attendance_unpivoted') }}
),

flagged as (
    select
        *,
        attendance_status in ('Present', 'Absent', 'Tardy', 'Excused') as is_recorded,
        attendance_status in ('Absent', 'Excused') as is_absent
    from attendance
),

term as (
    select * from {{ ref('int_term_dates') }}
),

counts as (
    select
        attendance.student_id,
        attendance.course_id,
        attendance.section_id,
        count(case when attendance.school_date <= term.as_of_date and attendance.is_recorded then 1 end) as total_school_days,
        count(case when attendance.school_date <= term.as_of_date and attendance.is_recorded and attendance.is_absent then 1 end) as days_absent
    from flagged as attendance
    cross join term
    group by attendance.student_id, attendance.course_id, attendance.section_id
),

pct as (
    select
        *,
        case
            when total_school_days > 0
                then {{ ieta.round_half_away('1.0 - days_absent * 1.0 / total_school_days', 3) }}
        end as attendance_pct
    from counts
)

select
    student_id,
    course_id,
    section_id,
    total_school_days,
    days_absent,
    attendance_pct,
    case
        when attendance_pct is null then null
        when attendance_pct < 0.65 then 'Critical'
        when attendance_pct < 0.75 then 'Warning'
        when attendance_pct < 0.80 then 'Monitor'
        else 'Good'
    end as attendance_status
from pct
