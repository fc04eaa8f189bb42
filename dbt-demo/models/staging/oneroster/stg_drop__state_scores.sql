-- State test results (state_scores.csv): one row per state id and subject. The pivot to one
-- row per student (the ISAT shape) is in int_isat_rows.
with source as (
    select * from {{ source('drop', 'state_scores') }}
),

renamed as (
    select
        nullif({{ ieta.clean_text('state_id') }}, '') as state_id,
        {{ ieta.clean_text('subject') }} as subject,
        try_cast({{ ieta.clean_text('scale_score') }} as integer) as scale_score,
        cast(scale_score as {{ dbt.type_string() }}) as scale_score_text,
        nullif({{ ieta.clean_text('performance_level') }}, '') as performance_level
    from source
)

select * from renamed
