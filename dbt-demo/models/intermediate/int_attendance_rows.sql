-- Source-neutral: the attendance feed's enrollments after rule 1, one row per (student_id,
-- course_id, section_id), with the name the feed used. APIs: the id columns of
-- stg_sis__attendance. Files: the student enrollments shown on the dashboard
-- (int_files__enrollments), when the drop folder has attendance (attendance.csv with rows; none:
-- no attendance figures). Attendance lines belong to enrollments: a line of a student and class
-- without one is left out (counted).
{% if var('ieta_source') == 'files' -%}
select
    student_id,
    student_name,
    course_id,
    section_id
from {{ ref('int_files__enrollments') }}
where is_on_dashboard
    and exists (select 1 from {{ ref('stg_drop__attendance_events') }})
{%- else -%}
select
    student_id,
    student_name,
    course_id,
    section_id
from {{ ref('stg_sis__attendance') }}
{%- endif %}
