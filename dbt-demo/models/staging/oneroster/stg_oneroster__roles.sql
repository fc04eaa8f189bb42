-- OneRoster 1.2 roles: one row per roles.csv line (a 1.1 export has none).
with source as (
    select * from {{ source('oneroster', 'oneroster_roles') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_roles')) }},
        cast(userSourcedId as {{ dbt.type_string() }}) as user_sourced_id,
        lower({{ ieta.clean_text('roleType') }}) as role_type,
        lower({{ ieta.clean_text('role') }}) as role,
        cast(orgSourcedId as {{ dbt.type_string() }}) as org_sourced_id
    from source
)

select * from renamed
