-- Every live user of the OneRoster export (status not tobedeleted / inactive, rule F4), one row
-- per sourcedId (a sourcedId listed twice keeps its first row after ordering by student number
-- and name): what an enrollment, result or attendance line's user reference resolves to.
-- is_student = the user has the student role (1.1 users.role, 1.2 a live roles.csv row with
-- role student, any roleType). A student without a student number (identifier empty) is known
-- by the sourcedId instead (is_id_from_sourced_id, counted), so no student is lost.
with users as (
    select * from {{ ref('stg_oneroster__users') }}
    where is_live and user_sourced_id is not null
),

student_roles as (
    select distinct user_sourced_id
    from {{ ref('stg_oneroster__roles') }}
    where role = 'student' and is_live
),

deduplicated as (
    select
        users.*,
        coalesce(users.role = 'student', false)
            or users.user_sourced_id in (select user_sourced_id from student_roles) as is_student
    from users
    qualify row_number() over (
        partition by users.user_sourced_id
        order by users.student_id asc nulls last, users.student_name asc nulls last
    ) = 1
)

select
    user_sourced_id,
    case
        when is_student then coalesce(student_id, cast(user_sourced_id as {{ ieta.student_id_type() }}))
        else student_id
    end as student_id,
    is_student and student_id is null as is_id_from_sourced_id,
    eduid,
    user_ids_text,
    student_name,
    full_name,
    grade_level,
    is_student
from deduplicated
