-- OneRoster academic sessions: one row per academicSessions.csv line (school years, terms,
-- semesters, grading periods). Read for the term when IETA_TERM_START is not set
-- (int_files__term_session).
with source as (
    select * from {{ source('oneroster', 'oneroster_academic_sessions') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_academic_sessions')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as session_sourced_id,
        {{ ieta.clean_text('title') }} as session_title,
        lower({{ ieta.clean_text(adapter.quote('type')) }}) as session_type,
        {{ ieta.oneroster_date('startDate') }} as start_date,
        {{ ieta.oneroster_date('endDate') }} as end_date
    from source
)

select * from renamed
