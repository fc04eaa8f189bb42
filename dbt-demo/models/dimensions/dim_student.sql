-- Student dimension: one row per student_id.
-- Roster students (SIS) first; students who appear only in the gradebook/attendance feeds get a
-- row too (name from the feed, is_on_roster = false) so every fact key resolves (counted in
-- mart_data_quality). A student_id repeated on the roster keeps its first row after ordering
-- by all columns (counted).
with roster_rows as (
    select
        student_id,
        eduid,
        student_name,
        grade_level
    from {{ ref('int_roster_rows') }}
    where student_id is not null
),

eduids_per_student as (
    select student_id, count(distinct eduid) as eduid_variants
    from roster_rows
    group by student_id
),

students_per_eduid as (
    select eduid, count(distinct student_id) as eduid_holders
    from roster_rows
    where eduid is not null
    group by eduid
),

roster as (
    select student_id, eduid, student_name, grade_level
    from roster_rows
    qualify row_number() over (
        partition by student_id
        order by eduid asc nulls last, student_name asc nulls last, grade_level asc nulls last
    ) = 1
),

feed_only as (
    select
        enrollments.student_id,
        min(enrollments.feed_student_name) as student_name
    from {{ ref('int_enrollments') }} as enrollments
    left join roster
        on enrollments.student_id = roster.student_id
    where roster.student_id is null
    group by enrollments.student_id
),

students as (
    select
        roster.student_id,
        roster.eduid,
        roster.student_name,
        roster.grade_level,
        true as is_on_roster,
        eduids_per_student.eduid_variants > 1
            or coalesce(students_per_eduid.eduid_holders, 0) > 1 as has_ambiguous_eduid
    from roster
    inner join eduids_per_student
        on roster.student_id = eduids_per_student.student_id
    left join students_per_eduid
        on roster.eduid = students_per_eduid.eduid
    union all
    select
        student_id,
        cast(null as {{ dbt.type_string() }}) as eduid,
        student_name,
        cast(null as integer) as grade_level,
        false as is_on_roster,
        false as has_ambiguous_eduid
    from feed_only
)

select
    {{ ieta.surrogate_key(['student_id']) }} as student_key,
    student_id,
    eduid,
    student_name,
    grade_level,
    is_on_roster,
    has_ambiguous_eduid
from students
