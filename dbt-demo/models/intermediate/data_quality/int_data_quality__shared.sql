-- The counts of mart_data_quality that do not depend on the source (the same for the APIs and the
-- drop folder): they read the source-neutral models after staging. One row; the ledgers of
-- int_data_quality__apis and int_data_quality__files turn it into their rows.
with roster as (
    select student_id, eduid, has_ambiguous_eduid
    from {{ ref('dim_student') }}
    where is_on_roster
),

grade_cells as (
    select
        count(*) as grade_cells,
        sum(case when is_score_clamped then 1 else 0 end) as clamped_scores
    from {{ ref('fct_grade') }}
),

roster_checks as (
    select
        count(*) as roster_students,
        sum(case when has_ambiguous_eduid then 1 else 0 end) as ambiguous_eduid_students,
        sum(case when not exists (
            select 1 from {{ ref('int_enrollments') }} as enrolled
            where enrolled.student_id = roster.student_id
        ) then 1 else 0 end) as students_without_enrollment
    from roster
),

enrollment_checks as (
    select
        sum(case when enrollments.in_gradebook and roster.student_id is null then 1 else 0 end) as gradebook_not_on_roster,
        sum(case when enrollments.in_attendance and roster.student_id is null then 1 else 0 end) as attendance_not_on_roster,
        sum(case when enrollments.in_gradebook and not enrollments.in_attendance then 1 else 0 end) as gradebook_only,
        sum(case when enrollments.in_attendance and not enrollments.in_gradebook then 1 else 0 end) as attendance_only,
        sum(case when enrollments.in_gradebook and enrollments.current_grade is null then 1 else 0 end) as no_current_grade
    from {{ ref('int_enrollments') }} as enrollments
    left join roster
        on enrollments.student_id = roster.student_id
),

students_without_isat as (
    select count(*) as students_without_isat
    from roster
    left join {{ ref('fct_assessment') }} as assessments
        on roster.student_id = assessments.student_id
    where assessments.student_id is null
),

catalog_checks as (
    select
        sum(case when due_date is null then 1 else 0 end) as items_without_due_date,
        sum(case when assignment_type = 'Unknown' then 1 else 0 end) as items_of_unknown_type
    from {{ ref('dim_assignment') }}
),

-- State results by what fct_assessment did with them (rule 5), per row and per state id (the
-- APIs send a row per student, the drop folder a row per student and subject).
isat_rows as (
    select
        isat.*,
        roster.student_id is not null as is_on_roster
    from {{ ref('int_isat_rows') }} as isat
    left join roster
        on isat.eduid = roster.eduid
        and not roster.has_ambiguous_eduid
),

isat_checks as (
    select
        count(*) as isat_rows,
        count(distinct eduid) as isat_state_ids,
        sum(case when not is_on_roster and (eduid is null or eduid not in (select eduid from roster where eduid is not null)) then 1 else 0 end) as isat_not_on_roster_rows,
        count(distinct case when not is_on_roster and eduid not in (select eduid from roster where eduid is not null) then eduid end) as isat_not_on_roster_ids,
        sum(case when not is_on_roster and eduid in (select eduid from roster where has_ambiguous_eduid) then 1 else 0 end) as isat_ambiguous_rows,
        count(distinct case when not is_on_roster and eduid in (select eduid from roster where has_ambiguous_eduid) then eduid end) as isat_ambiguous_ids,
        sum(case when lower(math_performance_level) not in {{ ieta.sql_string_list(ieta.isat_levels() | map('lower') | list) }} then 1 else 0 end)
            + sum(case when lower(ela_performance_level) not in {{ ieta.sql_string_list(ieta.isat_levels() | map('lower') | list) }} then 1 else 0 end) as isat_unknown_levels,
        sum(case when math_scale_score not between 600 and 800 then 1 else 0 end)
            + sum(case when ela_scale_score not between 600 and 800 then 1 else 0 end) as isat_scores_out_of_range
    from isat_rows
),

-- Distinct results per eduid on the roster, as fct_assessment compares them (int_isat_results).
isat_versions as (
    select
        eduid,
        count(*) as n_rows,
        count(distinct coalesce(cast(math_scale_score as {{ dbt.type_string() }}), '') || '|' || coalesce(math_performance_level, '') || '|' || coalesce(cast(ela_scale_score as {{ dbt.type_string() }}), '') || '|' || coalesce(ela_performance_level, '')) as n_versions
    from {{ ref('int_isat_results') }}
    where eduid in (select eduid from isat_rows where is_on_roster)
    group by eduid
),

isat_duplicate_checks as (
    select
        sum(case when n_versions = 1 then n_rows - 1 else 0 end) as isat_identical_repeats,
        sum(case when n_versions > 1 then n_rows else 0 end) as isat_conflicting_rows,
        sum(case when n_versions > 1 then 1 else 0 end) as isat_conflicting_eduids
    from isat_versions
)

select *
from grade_cells
cross join roster_checks
cross join enrollment_checks
cross join students_without_isat
cross join catalog_checks
cross join isat_checks
cross join isat_duplicate_checks
