-- OneRoster courses: one row per courses.csv line. courseCode is the course_id.
with source as (
    select * from {{ source('oneroster', 'oneroster_courses') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_courses')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as course_sourced_id,
        cast(nullif({{ ieta.clean_text('courseCode') }}, '') as {{ ieta.course_id_type() }}) as course_id,
        {{ ieta.clean_text('title') }} as course_title
    from source
)

select * from renamed
