-- The district's attendance code mapping (attendance_codes.csv): one row per line. An empty code
-- is the code ''; codes are matched case-insensitively (attendance_code_key).
with source as (
    select * from {{ source('drop', 'attendance_codes') }}
),

renamed as (
    select
        coalesce({{ ieta.clean_text('code') }}, '') as attendance_code,
        lower(coalesce({{ ieta.clean_text('code') }}, '')) as attendance_code_key,
        {{ ieta.clean_text('status') }} as status
    from source
)

select * from renamed
