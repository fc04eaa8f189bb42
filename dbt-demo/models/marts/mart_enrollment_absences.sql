-- The days each enrollment was marked Absent, Tardy or Excused, up to as_of, for the
-- dashboard's attendance calendar (a school day without a row was Present or not recorded).
with attendance as (
    select * from {{ ref('fct_attendance') }}
),

students as (
    select * from {{ ref('dim_student') }}
),

sections as (
    select * from {{ ref('dim_section') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

as_of as (
    select date_day as as_of_date from dates where is_as_of_date
)

select
    students.student_id,
    sections.course_id,
    sections.section_id,
    dates.date_day as school_date,
    attendance.attendance_status as status
from attendance
inner join students
    on attendance.student_key = students.student_key
inner join sections
    on attendance.section_key = sections.section_key
inner join dates
    on attendance.date_key = dates.date_key
cross join as_of
where attendance.attendance_status in ('Absent', 'Tardy', 'Excused')
    and dates.date_day <= as_of.as_of_date
