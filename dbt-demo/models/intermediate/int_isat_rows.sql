-- Source-neutral: state test results in the ISAT shape, one row per result row (eduid, math and
-- ELA scale score and level; name, course and section informational). APIs: stg_state__isat.
-- Files: state_scores.csv pivoted: per state id, the Math row (subjects of the var
-- state_score_math_subjects) and the ELA row (state_score_ela_subjects), any case; other
-- subjects are ignored (counted). A subject missing gives nulls; two different rows for one
-- state id and subject give two result rows, so rule 5 makes the eduid conflicting, as for two
-- ISAT rows; identical rows count once (docs/data-contract.md, "State scores").
{% if var('ieta_source') == 'files' -%}
with scores as (
    select
        state_id as eduid,
        case
            when lower(subject) in {{ ieta.lower_var_list('state_score_math_subjects') }} then 'math'
            when lower(subject) in {{ ieta.lower_var_list('state_score_ela_subjects') }} then 'ela'
        end as subject_kind,
        scale_score,
        performance_level
    from {{ ref('stg_drop__state_scores') }}
    where state_id is not null
),

math as (
    select distinct eduid, scale_score, performance_level
    from scores
    where subject_kind = 'math'
),

ela as (
    select distinct eduid, scale_score, performance_level
    from scores
    where subject_kind = 'ela'
),

eduids as (
    select distinct eduid
    from scores
    where subject_kind is not null
)

select
    eduids.eduid,
    cast(null as {{ dbt.type_string() }}) as student_name,
    cast(null as {{ ieta.course_id_type() }}) as course_id,
    cast(null as {{ ieta.section_id_type() }}) as section_id,
    math.scale_score as math_scale_score,
    math.performance_level as math_performance_level,
    ela.scale_score as ela_scale_score,
    ela.performance_level as ela_performance_level
from eduids
left join math
    on eduids.eduid = math.eduid
left join ela
    on eduids.eduid = ela.eduid
{%- else -%}
select
    eduid,
    student_name,
    course_id,
    section_id,
    math_scale_score,
    math_performance_level,
    ela_scale_score,
    ela_performance_level
from {{ ref('stg_state__isat') }}
{%- endif %}
