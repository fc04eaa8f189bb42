-- Every graded item of every enrollment, for the dashboard's Student page: one row per student
-- x section x item of the gradebook. item_status says what the item counts as on as_of
-- (macros/rules.sql, item_status): submitted, missing (due on or before as_of, no score) or
-- not yet due, the rule mart_student_dashboard's missing_assignments counts by.
-- No order by: at 100,000 students, sorting the 4.7 million item rows cost 2.5 s of the
-- publication, while the dashboard's query for one enrollment took 25-30 ms on the sorted and on
-- the unsorted file alike.
with grades as (
    select * from {{ ref('fct_grade') }}
),

students as (
    select * from {{ ref('dim_student') }}
),

sections as (
    select * from {{ ref('dim_section') }}
),

assignments as (
    select * from {{ ref('dim_assignment') }}
),

as_of as (
    select date_day as as_of_date from {{ ref('dim_date') }} where is_as_of_date
)

select
    students.student_id,
    sections.course_id,
    sections.section_id,
    assignments.assignment_name,
    assignments.assignment_type,
    assignments.assignment_number,
    assignments.due_date,
    grades.score_clamped as score,
    {{ ieta.item_status('grades.is_submitted', 'assignments.due_date', 'as_of.as_of_date') }} as item_status,
    grades.is_score_clamped as is_clamped
from grades
inner join students
    on grades.student_key = students.student_key
inner join sections
    on grades.section_key = sections.section_key
inner join assignments
    on grades.assignment_key = assignments.assignment_key
cross join as_of
