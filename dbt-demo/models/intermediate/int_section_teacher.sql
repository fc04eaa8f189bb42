-- One row per section (course_id, section_id) that has a named teacher in the gradebook.
-- Teacher = the most frequent trimmed non-null teacher among the section's gradebook rows,
-- ties broken alphabetically (docs/data-contract.md). teacher_variants counts distinct names seen.
with counted as (
    select
        course_id,
        section_id,
        teacher,
        count(*) as teacher_rows
    from {{ ref('int_gradebook_rows') }}
    where teacher is not null
    group by course_id, section_id, teacher
),

ranked as (
    select
        course_id,
        section_id,
        teacher,
        teacher_rows,
        count(*) over (partition by course_id, section_id) as teacher_variants,
        row_number() over (
            partition by course_id, section_id
            order by teacher_rows desc, teacher asc
        ) as teacher_rank
    from counted
)

select
    course_id,
    section_id,
    teacher as teacher_name,
    teacher_rows,
    teacher_variants
from ranked
where teacher_rank = 1
