-- Attendance fact: one row per enrollment x school day (every day column of the feed, also
-- days after as_of and days not recorded; the snapshot applies the as_of cut-off).
-- Dimension keys come hashed from int_attendance_unpivoted (computed once per enrollment).
with attendance as (
    select * from {{ ref('int_attendance_unpivoted') }}
)

select
    {{ ieta.surrogate_key(['student_id', 'course_id', 'section_id', 'school_date']) }} as attendance_key,
    student_key,
    course_key,
    section_key,
    {{ ieta.date_key('school_date') }} as date_key,
    attendance_code,
    attendance_status,
    is_recorded,
    is_absent
from attendance
