-- Student enrollments of the OneRoster export: live enrollments.csv lines with role student
-- (rule F4) whose user and class are in the export, one row per (student_id, course_id,
-- section_id) after rule 1 (two lines for one student and class are one enrollment: the first
-- after ordering by begin date, end date, sourcedId). begin_date / end_date bound the
-- enrollment (either may be null): school days and line items outside the window are not its
-- own (rule F5). is_on_dashboard: the window holds as_of; an enrollment that ended before as_of
-- (has_ended) or starts after it (has_not_started) is not shown, and is counted.
with enrollments as (
    select
        users.student_id,
        classes.course_id,
        classes.section_id,
        enrollments.class_sourced_id,
        users.student_name,
        classes.teacher,
        classes.teacher_id,
        enrollments.begin_date,
        enrollments.end_date,
        enrollments.enrollment_sourced_id
    from {{ ref('stg_oneroster__enrollments') }} as enrollments
    inner join {{ ref('int_files__users') }} as users
        on enrollments.user_sourced_id = users.user_sourced_id
    inner join {{ ref('int_files__classes') }} as classes
        on enrollments.class_sourced_id = classes.class_sourced_id
    where enrollments.role = 'student'
        and enrollments.is_live
        and users.student_id is not null
        and classes.course_id is not null
        and classes.section_id is not null
    qualify row_number() over (
        partition by users.student_id, classes.course_id, classes.section_id
        order by enrollments.begin_date asc nulls first, enrollments.end_date desc nulls first,
            enrollments.enrollment_sourced_id asc nulls last
    ) = 1
),

term as (
    select as_of_date from {{ ref('int_term_dates') }}
)

select
    enrollments.student_id,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.class_sourced_id,
    enrollments.student_name,
    enrollments.teacher,
    enrollments.teacher_id,
    enrollments.begin_date,
    enrollments.end_date,
    coalesce(enrollments.end_date < term.as_of_date, false) as has_ended,
    coalesce(enrollments.begin_date > term.as_of_date, false) as has_not_started,
    not coalesce(enrollments.end_date < term.as_of_date, false)
        and not coalesce(enrollments.begin_date > term.as_of_date, false) as is_on_dashboard
from enrollments
cross join term
