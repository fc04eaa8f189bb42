-- OneRoster line items: one row per lineItems.csv line, a graded item of one class. The title
-- is the catalog's assignment_name, dueDate its due date (a date-time's date part; a value that
-- is not a date is null, counted), resultValueMax the scale its results are scored on.
with source as (
    select * from {{ source('oneroster', 'oneroster_line_items') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_line_items')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as line_item_sourced_id,
        cast(classSourcedId as {{ dbt.type_string() }}) as class_sourced_id,
        cast(categorySourcedId as {{ dbt.type_string() }}) as category_sourced_id,
        nullif({{ ieta.clean_text('title') }}, '') as title,
        {{ ieta.oneroster_date('dueDate') }} as due_date,
        cast(dueDate as {{ dbt.type_string() }}) as due_date_text,
        try_cast(resultValueMax as {{ ieta.score_type() }}) as result_value_max,
        cast(resultValueMax as {{ dbt.type_string() }}) as result_value_max_text
    from source
)

select * from renamed
