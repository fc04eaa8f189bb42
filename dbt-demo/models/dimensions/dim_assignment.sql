-- Assignment dimension: one row per catalog item (macro catalog_item_keys: assignment_name; on the
-- files path a line item belongs to its class, so the class is in the grain: assignment_name,
-- course_id, section_id; for the APIs course_id and section_id are null).
-- checkpoint_week = the first checkpoint (3, 6, 9) whose date is on or after the due date
-- (null when due after the week-9 checkpoint). has_gradebook_column = false for catalog items
-- the gradebook does not carry (ignored for grading, counted in mart_data_quality); the items it
-- carries are int_gradebook_items (the item columns of the API gradebook; every item of a OneRoster
-- export). assignment_type is
-- Assignment or Test (any case); another type shows as Unknown, and an item without a due date is
-- never due (null checkpoint_week): both are counted in mart_data_quality.

with catalog as (
    select * from {{ ref('int_catalog_items') }}
),

checkpoints as (
    select * from {{ ref('int_checkpoints') }}
),

first_checkpoint as (
    select
        {%- for key in ieta.catalog_item_keys() %}
        catalog.{{ key }},
        {%- endfor %}
        min(checkpoints.checkpoint_week) as checkpoint_week
    from catalog
    inner join checkpoints
        on checkpoints.checkpoint_date >= catalog.due_date
    group by {% for key in ieta.catalog_item_keys() %}catalog.{{ key }}{% if not loop.last %}, {% endif %}{% endfor %}
)

select
    {{ ieta.catalog_item_key('catalog') }} as assignment_key,
    catalog.assignment_name,
    catalog.course_id,
    catalog.section_id,
    case
        {%- for known in ieta.assignment_types() %}
        when lower(catalog.assignment_type) = '{{ known | lower }}' then '{{ known }}'
        {%- endfor %}
        else 'Unknown'
    end as assignment_type,
    catalog.assignment_number,
    catalog.due_date,
    catalog.points_possible,
    first_checkpoint.checkpoint_week,
    catalog.assignment_name in (select assignment_name from {{ ref('int_gradebook_items') }}) as has_gradebook_column
from catalog
left join first_checkpoint
    on {{ ieta.catalog_item_match('catalog', 'first_checkpoint') }}
