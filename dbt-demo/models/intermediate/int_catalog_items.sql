-- Source-neutral: the assignment catalog, one row per item after rule 6's dedupe (the item's
-- identity is macro catalog_item_keys). APIs: stg_lms__assignments, district-wide: one item per
-- assignment_name, course_id and section_id null. Files: the line items outside the
-- current-grade category, one item per class and title (line items belong to their class: the
-- same title in two classes is two items, each with its own due date; a title listed twice in
-- one class keeps its earliest due date), the category title as type, resultValueMax as points,
-- numbered 1, 2, ... within each class and type by due date then name (docs/data-contract.md,
-- "Catalog").
{% if var('ieta_source') == 'files' -%}
with items as (
    select
        title as assignment_name,
        course_id,
        section_id,
        category_title as assignment_type,
        due_date,
        result_value_max
    from {{ ref('int_files__line_items') }}
    where not is_current_grade_category and title is not null
    qualify row_number() over (
        partition by course_id, section_id, title
        order by due_date asc nulls last, category_title asc nulls last, result_value_max asc nulls last
    ) = 1
)

select
    assignment_name,
    course_id,
    section_id,
    assignment_type,
    cast(row_number() over (
        partition by course_id, section_id, assignment_type
        order by due_date asc nulls last, assignment_name asc
    ) as integer) as assignment_number,
    due_date,
    cast(result_value_max as double) as points_possible
from items
{%- else -%}
select
    assignment_name,
    cast(null as {{ ieta.course_id_type() }}) as course_id,
    cast(null as {{ ieta.section_id_type() }}) as section_id,
    assignment_type,
    assignment_number,
    due_date,
    points_possible
from {{ ref('stg_lms__assignments') }}
{%- endif %}
