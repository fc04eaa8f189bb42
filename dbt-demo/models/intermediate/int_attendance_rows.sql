-- Source-neutral: the attendance feed's enrollments after rule 1, one row per (student_id,
-- course_id, section_id), with the name the feed used. APIs: the id columns of
-- stg_sis__attendance. Files: the distinct (student, class) pairs of attendance.csv whose
-- student and class are in the export (int_files__attendance_events).
{% if var('ieta_source') == 'files' -%}
select
    events.student_id,
    min(users.student_name) as student_name,
    events.course_id,
    events.section_id
from {{ ref('int_files__attendance_events') }} as events
left join {{ ref('int_roster_rows') }} as users
    on events.student_id = users.student_id
group by events.student_id, events.course_id, events.section_id
{%- else -%}
select
    student_id,
    student_name,
    course_id,
    section_id
from {{ ref('stg_sis__attendance') }}
{%- endif %}
