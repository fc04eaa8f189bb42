-- SIS roster: one row per source row. student_id should be unique and eduid held by one student:
-- both are checked by warn tests and handled in dim_student (docs/data-contract.md, rule 6).
with source as (
    select * from {{ source('sis', 'students') }}
),

renamed as (
    select
        {{ ieta.api_student_id("student_id") }} as student_id,
        nullif({{ ieta.clean_text('eduid') }}, '') as eduid,
        {{ ieta.clean_text('student_name') }} as student_name,
        try_cast(grade_level as integer) as grade_level
    from source
)

select * from renamed
