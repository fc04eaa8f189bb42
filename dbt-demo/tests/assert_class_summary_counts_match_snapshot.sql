-- Shown in Dagster as an asset check of mart_class_summary: a singular test on several
-- models names its asset in meta.dagster.ref.
{{ config(meta={'dagster': {'ref': {'name': 'mart_class_summary'}}}) }}

-- No fan-out: per section, the letter counts add up to the graded enrollments of the snapshot
-- and total_students to its enrollments. Returns the sections that disagree.
with snapshot as (
    select
        course_id,
        section_id,
        count(*) as enrollments,
        count(current_grade) as graded
    from {{ ref('fct_student_snapshot') }}
    group by course_id, section_id
),

summary as (
    select
        course_id,
        section_id,
        total_students,
        count_a + count_b + count_c + count_d + count_f as letter_total
    from {{ ref('mart_class_summary') }}
)

select
    coalesce(snapshot.course_id, summary.course_id) as course_id,
    coalesce(snapshot.section_id, summary.section_id) as section_id,
    snapshot.enrollments,
    snapshot.graded,
    summary.total_students,
    summary.letter_total
from snapshot
full outer join summary
    on snapshot.course_id = summary.course_id
    and snapshot.section_id = summary.section_id
where snapshot.enrollments is distinct from summary.total_students
    or snapshot.graded is distinct from summary.letter_total
