-- Live line items (rule F4) of the OneRoster export whose class is in the export (int_files__classes), one row
-- per sourcedId, with the class's course_id / section_id and the category's title. A line item
-- whose class is not in the export is left out (counted). is_current_grade: the item of the
-- current-grade category (var oneroster_current_grade_category) that carries the class's current
-- grade; when a class has several, the one with the latest due date, then the first title.
with line_items as (
    select * from {{ ref('stg_oneroster__line_items') }}
    where line_item_sourced_id is not null and is_live
    qualify row_number() over (
        partition by line_item_sourced_id
        order by class_sourced_id asc nulls last, title asc nulls last, due_date asc nulls last
    ) = 1
),

categories as (
    select * from {{ ref('stg_oneroster__categories') }}
    where category_sourced_id is not null and is_live
    qualify row_number() over (partition by category_sourced_id order by category_title asc nulls last) = 1
),

resolved as (
    select
        line_items.line_item_sourced_id,
        line_items.class_sourced_id,
        classes.course_id,
        classes.section_id,
        line_items.title,
        line_items.due_date,
        line_items.result_value_max,
        categories.category_title,
        coalesce(lower(categories.category_title) = lower('{{ var("oneroster_current_grade_category") }}'), false) as is_current_grade_category
    from line_items
    inner join {{ ref('int_files__classes') }} as classes
        on line_items.class_sourced_id = classes.class_sourced_id
    left join categories
        on line_items.category_sourced_id = categories.category_sourced_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by class_sourced_id, is_current_grade_category
            order by due_date desc nulls last, title asc nulls last, line_item_sourced_id
        ) as current_grade_rank
    from resolved
)

select
    line_item_sourced_id,
    class_sourced_id,
    course_id,
    section_id,
    title,
    due_date,
    result_value_max,
    category_title,
    is_current_grade_category,
    is_current_grade_category and current_grade_rank = 1 as is_current_grade
from ranked
