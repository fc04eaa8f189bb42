-- Class summary: one row per section (course_id, section_id).
-- total_students = enrolled students; graded_students = those with a current_grade. Grade
-- statistics and the letter counts use the LMS current_grade as given (A >= 90, B >= 80,
-- C >= 70, D >= 60, F < 60) over graded students, so count_a..count_f sum to graded_students.
with snapshot as (
    select * from {{ ref('fct_student_snapshot') }}
),

sections as (
    select * from {{ ref('dim_section') }}
),

per_section as (
    select
        section_key,
        count(distinct student_key) as total_students,
        count(current_grade) as graded_students,
        min(current_grade) as lowest_grade,
        max(current_grade) as highest_grade,
        avg(current_grade) as class_average,
        count(case when current_grade >= 90 then 1 end) as count_a,
        count(case when current_grade >= 80 and current_grade < 90 then 1 end) as count_b,
        count(case when current_grade >= 70 and current_grade < 80 then 1 end) as count_c,
        count(case when current_grade >= 60 and current_grade < 70 then 1 end) as count_d,
        count(case when current_grade < 60 then 1 end) as count_f
    from snapshot
    group by section_key
)

select
    sections.course_id,
    sections.section_id,
    sections.teacher_name,
    per_section.total_students,
    {{ ieta.round_half_away('per_section.lowest_grade', 1) }} as lowest_grade,
    {{ ieta.round_half_away('per_section.highest_grade', 1) }} as highest_grade,
    {{ ieta.round_half_away('per_section.class_average', 1) }} as class_average,
    per_section.count_a,
    per_section.count_b,
    per_section.count_c,
    per_section.count_d,
    per_section.count_f,
    -- extra columns
    per_section.graded_students,
    sections.section_key,
    sections.course_key
from per_section
inner join sections
    on per_section.section_key = sections.section_key
order by sections.course_id, sections.section_id
