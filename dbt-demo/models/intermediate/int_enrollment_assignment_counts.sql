-- Missing work: one row per enrollment that has gradebook items.
-- Counts items due on or before as_of; completed = with a score, missing = without.
-- missing_assignments_pct = 100 * missing / total, exact, rounded half away from zero to 1
-- decimal; null when total is 0. An item without a due date is never due (counted in
-- mart_data_quality).
with grades as (
    select * from {{ ref('int_grades_unpivoted') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
),

item_counts as (
    select
        grades.student_id,
        grades.course_id,
        grades.section_id,
        count(case when grades.due_date <= term.as_of_date then 1 end) as total_assignments,
        count(case when grades.due_date <= term.as_of_date and grades.score is not null then 1 end) as completed_assignments,
        count(case when grades.due_date <= term.as_of_date and grades.score is null then 1 end) as missing_assignments
    from grades
    cross join term
    group by grades.student_id, grades.course_id, grades.section_id
)

select
    student_id,
    course_id,
    section_id,
    total_assignments,
    completed_assignments,
    missing_assignments,
    {{ ieta.ratio_half_away('100 * missing_assignments', 'total_assignments', 1) }} as missing_assignments_pct
from item_counts
