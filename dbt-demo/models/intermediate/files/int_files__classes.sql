-- Live classes of the OneRoster export (status not tobedeleted / inactive, rule F4), one row per
-- class sourcedId: course_id = the course's courseCode, section_id = classCode, teacher = the
-- class's teacher (a live user enrolled with role teacher: primary first, then by name;
-- givenName, middleName and familyName joined, rule 2), teacher_id = that user's sourcedId. A
-- class whose course is not in the export (or is not live, or the export has no courses.csv)
-- keeps its courseSourcedId as
-- course_id (is_course_id_from_sourced_id, counted; a class without courseSourcedId: its own
-- sourcedId). A class without classCode has its sourcedId as section_id
-- (is_section_id_from_sourced_id, counted), so its students are not lost.
with classes as (
    select * from {{ ref('stg_oneroster__classes') }}
    where class_sourced_id is not null and is_live
    qualify row_number() over (
        partition by class_sourced_id
        order by course_sourced_id asc nulls last, section_id asc nulls last
    ) = 1
),

courses as (
    select * from {{ ref('stg_oneroster__courses') }}
    where course_sourced_id is not null and is_live
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
    where enrollments.role = 'teacher' and enrollments.is_live and nullif(users.full_name, '') is not null
)

select
    classes.class_sourced_id,
    coalesce(
        courses.course_id,
        cast(nullif({{ ieta.clean_text('classes.course_sourced_id') }}, '') as {{ ieta.course_id_type() }}),
        cast(classes.class_sourced_id as {{ ieta.course_id_type() }})
    ) as course_id,
    coalesce(classes.section_id, cast(classes.class_sourced_id as {{ ieta.section_id_type() }})) as section_id,
    teachers.teacher,
    teachers.teacher_id,
    courses.course_sourced_id is null as is_course_id_from_sourced_id,
    classes.section_id is null as is_section_id_from_sourced_id
from classes
left join courses
    on classes.course_sourced_id = courses.course_sourced_id
left join teachers
    on classes.class_sourced_id = teachers.class_sourced_id
    and teachers.teacher_rank = 1
