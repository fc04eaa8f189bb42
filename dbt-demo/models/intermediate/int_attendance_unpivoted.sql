-- Attendance, long: one row per enrollment x school day (every day column, nulls included).
-- Code normalization (rule 4): trimmed, case-insensitive match to '' / Absent / Tardy / Excused;
-- null = Not Recorded; anything else = Unknown Code (treated as not recorded, counted).
with attendance_long as (
    select * from {{ ref('int_attendance_cells') }}
),

with_status as (
    select
        student_id,
        course_id,
        section_id,
        student_key,
        course_key,
        section_key,
        school_date,
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
