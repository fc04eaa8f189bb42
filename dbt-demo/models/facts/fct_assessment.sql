-- Assessment fact: one row per roster student with an unambiguous ISAT result (grain eduid =
-- student). Joined to students through eduid (the SIS roster crosswalk), never by name.
-- Rule 5 (docs/data-contract.md), each case counted in mart_data_quality:
--   - an ISAT row whose eduid is not on the roster is excluded;
--   - identical results for one eduid count once; conflicting results (scores or levels differ)
--     make the eduid ambiguous: no scores;
--   - an eduid held by two roster students, or a student whose roster rows disagree on the eduid
--     (dim_student.has_ambiguous_eduid): no scores;
--   - a performance level outside the four, or a scale score outside 600-800, is not a result
--     (int_isat_results makes it null).
with isat as (
    select * from {{ ref('int_isat_results') }}
),

distinct_results as (
    select distinct
        eduid,
        math_scale_score,
        math_performance_level,
        ela_scale_score,
        ela_performance_level
    from isat
),

results_per_eduid as (
    select
        eduid,
        count(*) as result_variants
    from distinct_results
    group by eduid
),

reported_class as (
    select
        eduid,
        min(course_id) as reported_course_id,
        min(section_id) as reported_section_id
    from isat
    group by eduid
),

roster as (
    select student_key, student_id, eduid
    from {{ ref('dim_student') }}
    where is_on_roster and eduid is not null and not has_ambiguous_eduid
)

select
    {{ ieta.surrogate_key(['roster.eduid']) }} as assessment_key,
    roster.student_key,
    roster.student_id,
    roster.eduid,
    distinct_results.math_scale_score,
    distinct_results.math_performance_level,
    distinct_results.ela_scale_score,
    distinct_results.ela_performance_level,
    reported_class.reported_course_id,
    reported_class.reported_section_id
from roster
inner join results_per_eduid
    on roster.eduid = results_per_eduid.eduid
    and results_per_eduid.result_variants = 1
inner join distinct_results
    on roster.eduid = distinct_results.eduid
inner join reported_class
    on roster.eduid = reported_class.eduid
