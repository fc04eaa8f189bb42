-- Source-neutral: the attendance feed's day cells, one row per attendance enrollment x school
-- day, codes as the demo SIS writes them ('' present, Absent, Tardy, Excused; null = not
-- recorded; anything else an unknown code), with the dimension keys.
-- APIs: the day columns of stg_sis__attendance unpivoted. Files: int_attendance_rows x the
-- school days inside the enrollment's window (int_files__enrollments), each cell the mapped code
-- of its attendance.csv line for the class, else of the student's whole-day line that day
-- (int_files__attendance_events); no line = Present ('') with a calendar, not recorded (null)
-- without one.
-- Dimension keys are hashed once per enrollment and carried along, instead of once per cell.
{% if var('ieta_source') == 'files' -%}
with enrollments as (
    select
        attendance.student_id,
        attendance.course_id,
        attendance.section_id,
        windows.begin_date,
        windows.end_date,
        {{ ieta.surrogate_key(['attendance.student_id']) }} as student_key,
        {{ ieta.surrogate_key(['attendance.course_id']) }} as course_key,
        {{ ieta.surrogate_key(['attendance.course_id', 'attendance.section_id']) }} as section_key
    from {{ ref('int_attendance_rows') }} as attendance
    inner join {{ ref('int_files__enrollments') }} as windows
        on attendance.student_id = windows.student_id
        and attendance.course_id = windows.course_id
        and attendance.section_id = windows.section_id
),

class_events as (
    select * from {{ ref('int_files__attendance_events') }}
    where not is_whole_day
),

whole_day_events as (
    select * from {{ ref('int_files__attendance_events') }}
    where is_whole_day
),

-- With a calendar, attendance.csv lists exceptions: a school day without a line is Present ('').
calendar as (
    select count(*) > 0 as has_calendar from {{ ref('stg_drop__calendar') }}
)

select
    enrollments.student_id,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.student_key,
    enrollments.course_key,
    enrollments.section_key,
    days.school_date,
    coalesce(
        class_events.attendance_code,
        whole_day_events.attendance_code,
        case when calendar.has_calendar then '' end
    ) as attendance_code
from enrollments
cross join calendar
inner join {{ ref('int_school_days') }} as days
    on (enrollments.begin_date is null or days.school_date >= enrollments.begin_date)
    and (enrollments.end_date is null or days.school_date <= enrollments.end_date)
left join class_events
    on enrollments.student_id = class_events.student_id
    and enrollments.course_id = class_events.course_id
    and enrollments.section_id = class_events.section_id
    and days.school_date = class_events.school_date
left join whole_day_events
    on enrollments.student_id = whole_day_events.student_id
    and days.school_date = whole_day_events.school_date
{%- else -%}
{%- set day_columns = ieta.day_columns(ref('stg_sis__attendance')) %}
with attendance_wide as (
    select
        *,
        {{ ieta.surrogate_key(['student_id']) }} as student_key,
        {{ ieta.surrogate_key(['course_id']) }} as course_key,
        {{ ieta.surrogate_key(['course_id', 'section_id']) }} as section_key
    from {{ ref('stg_sis__attendance') }}
),

attendance_long as (
    {{ ieta.unpivot(
        'attendance_wide',
        ['student_id', 'course_id', 'section_id', 'student_key', 'course_key', 'section_key'],
        day_columns,
        'day_column',
        'attendance_code',
        dbt.type_string()
    ) }}
)

select
    student_id,
    course_id,
    section_id,
    student_key,
    course_key,
    section_key,
    {{ ieta.to_date('day_column') }} as school_date,
    attendance_code
from attendance_long
{%- endif %}
