-- OneRoster results: one row per results.csv line, one student's result on one line item.
-- scoreStatus is compared in lower case; a score that is not a number is null (counted).
with source as (
    select * from {{ source('oneroster', 'oneroster_results') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_results')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as result_sourced_id,
        cast(lineItemSourcedId as {{ dbt.type_string() }}) as line_item_sourced_id,
        cast(studentSourcedId as {{ dbt.type_string() }}) as student_sourced_id,
        lower({{ ieta.clean_text('scoreStatus') }}) as score_status,
        try_cast({{ ieta.clean_text('score') }} as {{ ieta.score_type() }}) as score,
        cast(score as {{ dbt.type_string() }}) as score_text
    from source
)

select * from renamed
