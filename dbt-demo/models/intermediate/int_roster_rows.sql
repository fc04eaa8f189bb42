-- Source-neutral: the roster, one row per roster row (student_id, eduid, student_name,
-- grade_level), as the SIS API serves it (stg_sis__students) or, with IETA_SOURCE=files, as the
-- live OneRoster users with the student role, a student without identifier known by its
-- sourcedId (int_files__users; docs/data-contract.md, "Students"). Later models read
-- this, never a staging model, so they are the same for both sources.
{% if var('ieta_source') == 'files' -%}
select
    users.student_id,
    users.eduid,
    users.student_name,
    users.grade_level
from {{ ref('int_files__users') }} as users
where users.is_student
{%- else -%}
select
    student_id,
    eduid,
    student_name,
    grade_level
from {{ ref('stg_sis__students') }}
{%- endif %}
