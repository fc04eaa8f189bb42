-- OneRoster categories: one row per categories.csv line. The title is the assignment type
-- (Assignment, Test) or the current-grade category (var oneroster_current_grade_category).
with source as (
    select * from {{ source('oneroster', 'oneroster_categories') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_categories')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as category_sourced_id,
        {{ ieta.clean_text('title') }} as category_title
    from source
)

select * from renamed
