-- Class summary: one row per section (course_id, section_id).
-- total_students = enrolled students; graded_students = those with a current_grade. Lowest,
-- highest and average are computed exactly on the LMS current_grade and rounded half away from
-- zero to 1 decimal; the letter counts apply the cut points (A >= 90, B >= 80, C >= 70, D >= 60,
-- F below; dbt vars) to each student's grade as shown, so count_a..count_f sum to
-- graded_students. chronically_absent_count = enrolled students flagged chronically absent.
with snapshot as (
    select
        *,
        {{ ieta.letter_grade('current_grade') }} as letter_grade
    from {{ ref('fct_student_snapshot') }}
),

sections as (
    select * from {{ ref('dim_section') }}
),

per_section as (
    select
        section_key,
        count(distinct student_key) as total_students,
        count(lms_current_grade) as graded_students,
        min(lms_current_grade) as lowest_lms_grade,
        max(lms_current_grade) as highest_lms_grade,
        sum(lms_current_grade) as lms_grade_sum,
        count(case when letter_grade = 'A' then 1 end) as count_a,
        count(case when letter_grade = 'B' then 1 end) as count_b,
        count(case when letter_grade = 'C' then 1 end) as count_c,
        count(case when letter_grade = 'D' then 1 end) as count_d,
        count(case when letter_grade = 'F' then 1 end) as count_f,
        count(distinct case when chronically_absent then student_key end) as chronically_absent_count
    from snapshot
    group by section_key
)

select
    sections.course_id,
    sections.section_id,
    sections.teacher_name,
    sections.teacher_id,
    per_section.total_students,
    {{ ieta.round_half_away('per_section.lowest_lms_grade', 1) }} as lowest_grade,
    {{ ieta.round_half_away('per_section.highest_lms_grade', 1) }} as highest_grade,
    {{ ieta.ratio_half_away('per_section.lms_grade_sum', 'per_section.graded_students', 1) }} as class_average,
    per_section.count_a,
    per_section.count_b,
    per_section.count_c,
    per_section.count_d,
    per_section.count_f,
    -- extra columns
    per_section.graded_students,
    per_section.chronically_absent_count,
    sections.section_key,
    sections.course_key
from per_section
inner join sections
    on per_section.section_key = sections.section_key
order by sections.course_id, sections.section_id
