-- Source-neutral: the roster, one row per roster row (student_id, eduid, student_name,
-- grade_level), as the SIS API serves it (stg_sis__students) or, with IETA_SOURCE=files, as the
-- OneRoster users with the student role (docs/data-contract.md, "Students"). Later models read
-- this, never a staging model, so they are the same for both sources.
{% if var('ieta_source') == 'files' -%}
select
    users.student_id,
    users.eduid,
    users.student_name,
    users.grade_level
from {{ ref('stg_oneroster__users') }} as users
where users.role = 'student'
    or users.user_sourced_id in (
        select user_sourced_id from {{ ref('stg_oneroster__roles') }} where role = 'student'
    )
{%- else -%}
select
    student_id,
    eduid,
    student_name,
    grade_level
from {{ ref('stg_sis__students') }}
{%- endif %}
