-- Source-neutral: the attendance feed's day cells, one row per attendance enrollment x school
-- day, codes as the demo SIS writes them ('' present, Absent, Tardy, Excused; null = not
-- recorded; anything else an unknown code), with the dimension keys.
-- APIs: the day columns of stg_sis__attendance unpivoted. Files: int_attendance_rows x
-- int_school_days, each cell the mapped code of its attendance.csv line
-- (int_files__attendance_events); no line = null.
-- Dimension keys are hashed once per enrollment and carried along, instead of once per cell.
{% if var('ieta_source') == 'files' -%}
with enrollments as (
    select
        student_id,
        course_id,
        section_id,
        {{ ieta.surrogate_key(['student_id']) }} as student_key,
        {{ ieta.surrogate_key(['course_id']) }} as course_key,
        {{ ieta.surrogate_key(['course_id', 'section_id']) }} as section_key
    from {{ ref('int_attendance_rows') }}
)

select
    enrollments.student_id,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.student_key,
    enrollments.course_key,
    enrollments.section_key,
    days.school_date,
    events.attendance_code
from enrollments
cross join {{ ref('int_school_days') }} as days
left join {{ ref('int_files__attendance_events') }} as events
    on enrollments.student_id = events.student_id
    and enrollments.course_id = events.course_id
    and enrollments.section_id = events.section_id
    and days.school_date = events.school_date
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
