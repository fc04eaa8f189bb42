-- Attendance, long: one row per enrollment x school day (every day column, nulls included).
-- Code normalization (rule 4): trimmed, case-insensitive match to '' / Absent / Tardy / Excused;
-- null = Not Recorded; anything else = Unknown Code (treated as not recorded, counted).
{%- set days = ieta.attendance_day_columns() %}

-- Dimension keys are hashed here on the wide rows (one per enrollment) and carried through the
-- unpivot: hashing them per enrollment x day would dominate the build at 100,000 students.
with wide as (
    select
        *,
        {{ ieta.surrogate_key(['student_id']) }} as student_key,
        {{ ieta.surrogate_key(['course_id']) }} as course_key,
        {{ ieta.surrogate_key(['course_id', 'section_id']) }} as section_key
    from {{ ref('stg_sis__attendance') }}
),

long as (
    {{ ieta.unpivot(
        'wide',
        ['student_id', 'course_id', 'section_id', 'student_key', 'course_key', 'section_key'],
        days,
        'day_column',
        'attendance_code',
        'varchar'
    ) }}
),

normalized as (
    select
        student_id,
        course_id,
        section_id,
        student_key,
        course_key,
        section_key,
        {{ ieta.to_date('day_column') }} as school_date,
        attendance_code,
        {{ ieta.attendance_status_from_code('attendance_code') }} as attendance_status
    from long
)

select
    student_id,
    course_id,
    section_id,
    student_key,
    course_key,
    section_key,
    school_date,
    attendance_code,
    attendance_status,
    attendance_status in ('Present', 'Absent', 'Tardy', 'Excused') as is_recorded,
    attendance_status in ('Absent', 'Excused') as is_absent
from normalized
