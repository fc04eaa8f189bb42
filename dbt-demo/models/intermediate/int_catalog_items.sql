-- Source-neutral: the assignment catalog, one row per item (assignment_name) after rule 6's
-- dedupe. APIs: stg_lms__assignments. Files: the line items outside the current-grade category,
-- one item per title (the same title in several classes is the same item), its earliest due
-- date, the category title as type, resultValueMax as points, numbered 1, 2, ... within each type
-- by due date then name (docs/data-contract.md, "Catalog").
{% if var('ieta_source') == 'files' -%}
with items as (
    select
        title as assignment_name,
        category_title as assignment_type,
        due_date,
        result_value_max
    from {{ ref('int_files__line_items') }}
    where not is_current_grade_category and title is not null
    qualify row_number() over (
        partition by title
        order by due_date asc nulls last, category_title asc nulls last, result_value_max asc nulls last
    ) = 1
)

select
    assignment_name,
    assignment_type,
    cast(row_number() over (
        partition by assignment_type
        order by due_date asc nulls last, assignment_name asc
    ) as integer) as assignment_number,
    due_date,
    cast(result_value_max as double) as points_possible
from items
{%- else -%}
select
    assignment_name,
    assignment_type,
    assignment_number,
    due_date,
    points_possible
from {{ ref('stg_lms__assignments') }}
{%- endif %}
