-- OneRoster users: one row per users.csv line. The SIS student number is the field named by the
-- var oneroster_student_id_field (users.identifier), as text (leading zeros and letters kept), the state id the userIds entry labelled
-- oneroster_state_id_label ({state:S123}). role is users.role in a 1.1 export and null in 1.2,
-- whose roles are in roles.csv (stg_oneroster__roles). Which users are students, and every
-- sourcedId reference, is resolved in intermediate/oneroster. middleName, identifier, userIds
-- and grades may be missing from the file (real exports drop empty columns): null then.
{%- set users = source('oneroster', 'oneroster_users') %}
{%- set has_role = 'role' in ieta.column_names(users) %}

with source as (
    select * from {{ source('oneroster', 'oneroster_users') }}
),

renamed as (
    select
        {{ ieta.oneroster_status_columns(source('oneroster', 'oneroster_users')) }},
        cast(sourcedId as {{ dbt.type_string() }}) as user_sourced_id,
        cast(nullif({{ ieta.clean_text(ieta.oneroster_optional_text(users, var('oneroster_student_id_field'))) }}, '') as {{ ieta.student_id_type() }}) as student_id,
        {{ ieta.user_id_with_label(ieta.oneroster_optional_text(users, 'userIds'), var('oneroster_state_id_label')) }} as eduid,
        nullif(trim({{ ieta.oneroster_optional_text(users, 'userIds') }}), '') as user_ids_text,
        {{ ieta.clean_text("concat_ws(' ', givenName, familyName)") }} as student_name,
        {{ ieta.clean_text("concat_ws(' ', givenName, " ~ ieta.oneroster_optional_text(users, 'middleName') ~ ", familyName)") }} as full_name,
        try_cast(split_part({{ ieta.clean_text(ieta.oneroster_optional_text(users, 'grades')) }}, ',', 1) as integer) as grade_level,
        {% if has_role -%}
        lower({{ ieta.clean_text('role') }})
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as role
    from source
)

select * from renamed
