-- Source-neutral: the gradebook's enrollments after rule 1, one row per (student_id, course_id,
-- section_id), with the name the feed used, the row's teacher (name and id) and the LMS
-- current_grade (exact).
-- APIs: the id columns of stg_lms__gradebook. Files: the live student enrollments whose user and
-- class are in the export and whose window holds as_of (int_files__enrollments; others left out,
-- counted), the teacher of the class and the current grade from the class's current-grade line
-- item (docs/data-contract.md, "Enrollments", "current_grade").
{% if var('ieta_source') == 'files' -%}
with enrollments as (
    select student_id, student_name, course_id, section_id, teacher, teacher_id
    from {{ ref('int_files__enrollments') }}
    where is_on_dashboard
),

current_grades as (
    select student_id, course_id, section_id, score as current_grade
    from {{ ref('int_files__results') }}
    where is_current_grade
)

select
    enrollments.student_id,
    enrollments.student_name,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.teacher,
    enrollments.teacher_id,
    current_grades.current_grade
from enrollments
left join current_grades
    on enrollments.student_id = current_grades.student_id
    and enrollments.course_id = current_grades.course_id
    and enrollments.section_id = current_grades.section_id
{%- else -%}
select
    student_id,
    student_name,
    course_id,
    section_id,
    teacher,
    teacher_id,
    current_grade
from {{ ref('stg_lms__gradebook') }}
{%- endif %}
