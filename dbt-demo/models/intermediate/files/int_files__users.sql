-- Every user of the OneRoster export, one row per sourcedId (a sourcedId listed twice keeps its
-- first row after ordering by student number and name): what an enrollment, result or attendance
-- line's user reference resolves to. is_student = the user has the student role (1.1 users.role,
-- 1.2 a roles.csv row with role student, any roleType).
with users as (
    select * from {{ ref('stg_oneroster__users') }}
),

student_roles as (
    select distinct user_sourced_id
    from {{ ref('stg_oneroster__roles') }}
    where role = 'student'
)

select
    users.user_sourced_id,
    users.student_id,
    users.eduid,
    users.student_name,
    users.full_name,
    users.grade_level,
    coalesce(users.role = 'student', false)
        or users.user_sourced_id in (select user_sourced_id from student_roles) as is_student
from users
where users.user_sourced_id is not null
qualify row_number() over (
    partition by users.user_sourced_id
    order by users.student_id asc nulls last, users.student_name asc nulls last
) = 1
