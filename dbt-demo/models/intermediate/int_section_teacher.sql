-- One row per section (course_id, section_id) that has a named teacher in the gradebook.
-- Teacher = the most frequent trimmed non-null teacher among the section's gradebook rows,
-- ties broken alphabetically (docs/data-contract.md). teacher_variants counts distinct names seen.
-- teacher_id = the id most of that teacher's rows in the section carry (ties: the lowest id):
-- access to a section follows it, since two teachers may share a name, never an id.
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
),

teacher_ids as (
    select
        course_id,
        section_id,
        teacher,
        teacher_id,
        row_number() over (
            partition by course_id, section_id, teacher
            order by count(*) desc, teacher_id asc
        ) as id_rank
    from {{ ref('int_gradebook_rows') }}
    where teacher is not null and teacher_id is not null
    group by course_id, section_id, teacher, teacher_id
)

select
    ranked.course_id,
    ranked.section_id,
    ranked.teacher as teacher_name,
    teacher_ids.teacher_id,
    ranked.teacher_rows,
    ranked.teacher_variants
from ranked
left join teacher_ids
    on ranked.course_id = teacher_ids.course_id
    and ranked.section_id = teacher_ids.section_id
    and ranked.teacher = teacher_ids.teacher
    and teacher_ids.id_rank = 1
where ranked.teacher_rank = 1
