-- Section dimension: one row per (course_id, section_id). The teacher is an ATTRIBUTE chosen by
-- the contract's mode rule (int_section_teacher), never part of the key: keying on teacher would
-- fan out every join when rows of one section disagree on the teacher.
with sections as (
    select distinct course_id, section_id
    from {{ ref('int_enrollments') }}
),

teachers as (
    select * from {{ ref('int_section_teacher') }}
)

select
    {{ ieta.surrogate_key(['sections.course_id', 'sections.section_id']) }} as section_key,
    {{ ieta.surrogate_key(['sections.course_id']) }} as course_key,
    sections.course_id,
    sections.section_id,
    teachers.teacher_name,
    teachers.teacher_id,
    coalesce(teachers.teacher_variants, 0) as teacher_name_variants
from sections
left join teachers
    on sections.course_id = teachers.course_id
    and sections.section_id = teachers.section_id
