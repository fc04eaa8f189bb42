-- OneRoster enrollments: one row per enrollments.csv line. role student = an enrollment (a
-- gradebook row), role teacher = a teacher of the class; primary = 'true' marks the main teacher.
with source as (
    select * from {{ source('oneroster', 'oneroster_enrollments') }}
),

renamed as (
    select
        cast(sourcedId as {{ dbt.type_string() }}) as enrollment_sourced_id,
        cast(classSourcedId as {{ dbt.type_string() }}) as class_sourced_id,
        cast(userSourcedId as {{ dbt.type_string() }}) as user_sourced_id,
        lower({{ ieta.clean_text('role') }}) as role,
        coalesce(lower({{ ieta.clean_text(adapter.quote('primary')) }}) = 'true', false) as is_primary
    from source
)

select * from renamed
