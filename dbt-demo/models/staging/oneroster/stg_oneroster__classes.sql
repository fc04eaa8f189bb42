-- OneRoster classes: one row per classes.csv line. classCode is the section_id (the title is
-- display only); courseSourcedId its course.
with source as (
    select * from {{ source('oneroster', 'oneroster_classes') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_classes')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as class_sourced_id,
        cast(courseSourcedId as {{ dbt.type_string() }}) as course_sourced_id,
        cast(nullif({{ ieta.clean_text('classCode') }}, '') as {{ ieta.section_id_type() }}) as section_id,
        {{ ieta.clean_text('title') }} as class_title,
        {{ ieta.oneroster_optional_text(source('oneroster', 'oneroster_classes'), 'termSourcedIds') }} as term_sourced_ids
    from source
)

select * from renamed
