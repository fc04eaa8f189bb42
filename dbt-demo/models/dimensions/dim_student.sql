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
    from {{ ref('stg_sis__students') }}
    where student_id is not null
),

roster as (
    {{ ieta.deduplicate(
        'roster_rows',
        ['student_id', 'eduid', 'student_name', 'grade_level'],
        ['student_id'],
        ieta.asc_nulls_last(['eduid', 'student_name', 'grade_level'])
    ) }}
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
    select student_id, eduid, student_name, grade_level, true as is_on_roster
    from roster
    union all
    select student_id, cast(null as varchar) as eduid, student_name, cast(null as integer) as grade_level, false as is_on_roster
    from feed_only
)

select
    {{ ieta.surrogate_key(['student_id']) }} as student_key,
    student_id,
    eduid,
    student_name,
    grade_level,
    is_on_roster
from students
