-- Live results (rule F4) whose line item and student are in the export, as gradebook cells: one row per
-- (student_id, course_id, section_id, item title) and whether it is the current grade. Two
-- results for one cell keep the first after ordering by all columns (result_lines counts them).
-- scoreStatus decides (docs/data-contract.md, "Scores"):
--   exempt: is_exempt, the cell is left out (neither scored nor missing);
--   fully graded / partially graded / submitted with a number: the score on 0-100, exactly
--   score * 100 / resultValueMax (a resultValueMax that is null or not above 0 leaves the score
--   as it is, counted);
--   not submitted, any other status (counted), or no number: null.
-- Current-grade items of the category other than the class's chosen one are left out.
with results as (
    select * from {{ ref('stg_oneroster__results') }}
    where is_live
),

line_items as (
    select * from {{ ref('int_files__line_items') }}
    where is_current_grade or not is_current_grade_category
),

students as (
    select * from {{ ref('int_files__users') }}
),

resolved as (
    select
        students.student_id,
        line_items.course_id,
        line_items.section_id,
        line_items.title,
        line_items.is_current_grade,
        results.score_status,
        results.score as raw_score,
        line_items.result_value_max,
        results.result_sourced_id,
        results.line_item_sourced_id
    from results
    inner join line_items
        on results.line_item_sourced_id = line_items.line_item_sourced_id
    inner join students
        on results.student_sourced_id = students.user_sourced_id
    where students.student_id is not null and line_items.title is not null
),

deduplicated as (
    select
        *,
        count(*) over (partition by student_id, course_id, section_id, title, is_current_grade) as result_lines
    from resolved
    qualify row_number() over (
        partition by student_id, course_id, section_id, title, is_current_grade
        order by score_status asc nulls last, raw_score asc nulls last,
            result_sourced_id asc nulls last, line_item_sourced_id asc nulls last
    ) = 1
)

select
    student_id,
    course_id,
    section_id,
    title,
    is_current_grade,
    score_status,
    raw_score,
    result_value_max,
    result_lines,
    score_status = 'exempt' as is_exempt,
    case
        when score_status in ('fully graded', 'partially graded', 'submitted') and raw_score is not null then
            case
                when result_value_max > 0 then {{ ieta.percent_of_max('raw_score', 'result_value_max') }}
                else raw_score
            end
    end as score
from deduplicated
