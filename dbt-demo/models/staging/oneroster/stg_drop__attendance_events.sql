-- SIS attendance lines (attendance.csv): one row per recorded student x class x day. An empty
-- code is the code '' (blank, which the demo mapping reads as Present).
with source as (
    select * from {{ source('drop', 'attendance_events') }}
),

renamed as (
    select
        cast(student_sourced_id as {{ dbt.type_string() }}) as student_sourced_id,
        cast(class_sourced_id as {{ dbt.type_string() }}) as class_sourced_id,
        {{ ieta.oneroster_date(adapter.quote('date')) }} as school_date,
        cast({{ adapter.quote('date') }} as {{ dbt.type_string() }}) as school_date_text,
        coalesce({{ ieta.clean_text('code') }}, '') as attendance_code
    from source
)

select * from renamed
