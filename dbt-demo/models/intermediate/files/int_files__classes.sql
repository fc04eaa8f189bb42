-- Classes of the OneRoster export whose course is in the export, one row per class sourcedId:
-- course_id = the course's courseCode, section_id = classCode, teacher = the class's teacher (a
-- user enrolled with role teacher: primary first, then by name; givenName, middleName and
-- familyName joined, rule 2), teacher_id = that user's sourcedId. A class whose course is not in
-- the export is left out (counted).
with classes as (
    select * from {{ ref('stg_oneroster__classes') }}
    where class_sourced_id is not null
    qualify row_number() over (
        partition by class_sourced_id
        order by course_sourced_id asc nulls last, section_id asc nulls last
    ) = 1
),

courses as (
    select * from {{ ref('stg_oneroster__courses') }}
    where course_sourced_id is not null
    qualify row_number() over (partition by course_sourced_id order by course_id asc nulls last) = 1
),

teachers as (
    select
        enrollments.class_sourced_id,
        users.full_name as teacher,
        users.user_sourced_id as teacher_id,
        row_number() over (
            partition by enrollments.class_sourced_id
            order by enrollments.is_primary desc, users.full_name asc, users.user_sourced_id asc
        ) as teacher_rank
    from {{ ref('stg_oneroster__enrollments') }} as enrollments
    inner join {{ ref('int_files__users') }} as users
        on enrollments.user_sourced_id = users.user_sourced_id
    where enrollments.role = 'teacher' and nullif(users.full_name, '') is not null
)

select
    classes.class_sourced_id,
    courses.course_id,
    classes.section_id,
    teachers.teacher,
    teachers.teacher_id
from classes
inner join courses
    on classes.course_sourced_id = courses.course_sourced_id
left join teachers
    on classes.class_sourced_id = teachers.class_sourced_id
    and teachers.teacher_rank = 1
