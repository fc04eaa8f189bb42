-- The school calendar (calendar.csv, optional): one row per calendar.csv line, the school day
-- (a date-time's date part; a value that is not a date is null, counted). No rows when the drop
-- folder has no calendar.csv: attendance.csv then lists every recorded day (docs/data-contract.md,
-- "Attendance").
with source as (
    select * from {{ source('drop', 'calendar') }}
),

renamed as (
    select
        {{ ieta.oneroster_date(adapter.quote('date')) }} as school_date,
        cast({{ adapter.quote('date') }} as {{ dbt.type_string() }}) as school_date_text
    from source
)

select * from renamed
