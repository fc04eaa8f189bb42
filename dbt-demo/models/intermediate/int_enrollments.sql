-- Enrollments: one row per (student_id, course_id, section_id) found in the gradebook or in
-- attendance (after rule 1). Carries the LMS current_grade and the name the feeds used.
-- A table, not a view: the dimensions, the snapshot and the data-quality ledger all read it
-- (docs/performance.md).
{{ config(materialized='table') }}

with gradebook as (
    select student_id, course_id, section_id, student_name, current_grade
    from {{ ref('int_gradebook_rows') }}
),

attendance as (
    select student_id, course_id, section_id, student_name
    from {{ ref('int_attendance_rows') }}
)

select
    coalesce(gradebook.student_id, attendance.student_id) as student_id,
    coalesce(gradebook.course_id, attendance.course_id) as course_id,
    coalesce(gradebook.section_id, attendance.section_id) as section_id,
    coalesce(gradebook.student_name, attendance.student_name) as feed_student_name,
    gradebook.current_grade,
    gradebook.student_id is not null as in_gradebook,
    attendance.student_id is not null as in_attendance
from gradebook
full outer join attendance
    on gradebook.student_id = attendance.student_id
    and gradebook.course_id = attendance.course_id
    and gradebook.section_id = attendance.section_id
