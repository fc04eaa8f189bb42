-- Attendance, long: one row per enrollment x school day (every day column, nulls included).
-- Code normalization (rule 4): trimmed, case-insensitive match to '' / Absent / Tardy / Excused;
-- null = Not Recorded; anything else = Unknown Code (treated as not recorded, counted).
{%- set day_columns = ieta.day_columns(ref('stg_sis__attendance')) %}

-- Dimension keys are hashed here on the wide rows (one per enrollment) and carried through the
-- unpivot: hashing them per enrollment x day would dominate the build at 100,000 students.
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
),

with_status as (
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
    from attendance_long
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
    {{ ieta.is_recorded_status('attendance_status') }} as is_recorded,
    {{ ieta.is_absent_status('attendance_status') }} as is_absent
from with_status
