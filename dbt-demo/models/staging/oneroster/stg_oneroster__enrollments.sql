-- OneRoster enrollments: one row per enrollments.csv line. role student = an enrollment (a
-- gradebook row), role teacher = a teacher of the class; primary = 'true' marks the main teacher.
-- beginDate / endDate (either may be empty, or the columns absent) bound a student's enrollment;
-- status tobedeleted / inactive takes the line out (is_live false; rule F4).
with source as (
    select * from {{ source('oneroster', 'oneroster_enrollments') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_enrollments')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as enrollment_sourced_id,
        cast(classSourcedId as {{ dbt.type_string() }}) as class_sourced_id,
        cast(userSourcedId as {{ dbt.type_string() }}) as user_sourced_id,
        lower({{ ieta.clean_text('role') }}) as role,
        coalesce(lower({{ ieta.clean_text(ieta.oneroster_optional_text(source('oneroster', 'oneroster_enrollments'), 'primary')) }}) = 'true', false) as is_primary,
        {{ ieta.oneroster_optional_date(source('oneroster', 'oneroster_enrollments'), 'beginDate') }} as begin_date,
        {{ ieta.oneroster_optional_text(source('oneroster', 'oneroster_enrollments'), 'beginDate') }} as begin_date_text,
        {{ ieta.oneroster_optional_date(source('oneroster', 'oneroster_enrollments'), 'endDate') }} as end_date,
        {{ ieta.oneroster_optional_text(source('oneroster', 'oneroster_enrollments'), 'endDate') }} as end_date_text
    from source
)

select * from renamed
