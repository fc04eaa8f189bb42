-- Assessment fact: one row per roster student with an ISAT result (grain eduid = student).
-- Joined to students through eduid (the SIS roster crosswalk), never by name. Rule 5: rows whose
-- eduid is not on the roster are excluded; several rows for one eduid keep the one with the most
-- non-null scale scores, then lowest course_id, section_id (both counted in mart_data_quality).
with isat as (
    select * from {{ ref('stg_state__isat') }}
),

roster as (
    select student_key, student_id, eduid
    from {{ ref('dim_student') }}
    where is_on_roster and eduid is not null
),

ranked as (
    select
        roster.student_key,
        roster.student_id,
        isat.eduid,
        isat.course_id,
        isat.section_id,
        isat.math_scale_score,
        isat.math_performance_level,
        isat.ela_scale_score,
        isat.ela_performance_level,
        row_number() over (
            partition by isat.eduid
            order by
                (case when isat.math_scale_score is not null then 1 else 0 end
                 + case when isat.ela_scale_score is not null then 1 else 0 end) desc,
                isat.course_id asc nulls last,
                isat.section_id asc nulls last,
                -- not part of rule 5: they only make the pick deterministic on a full tie
                isat.math_scale_score asc nulls last,
                isat.ela_scale_score asc nulls last,
                isat.math_performance_level asc nulls last,
                isat.ela_performance_level asc nulls last,
                isat.student_name asc nulls last
        ) as row_rank
    from isat
    inner join roster
        on isat.eduid = roster.eduid
)

select
    {{ ieta.surrogate_key(['eduid']) }} as assessment_key,
    student_key,
    student_id,
    eduid,
    math_scale_score,
    math_performance_level,
    ela_scale_score,
    ela_performance_level,
    course_id as reported_course_id,
    section_id as reported_section_id
from ranked
where row_rank = 1
