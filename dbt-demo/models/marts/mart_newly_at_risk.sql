-- Newly at risk: the enrollments that crossed a line in the current school week (the last one of
-- mart_enrollment_weekly, up to as_of), one row each with the reasons in words:
-- - their overall risk level became Critical or High (from a lower level, or in their first week);
-- - their attendance rate fell below a cut point (attendance_status got worse);
-- - they became chronically absent.
-- The same cut points as the dashboard (dbt vars), so the words and the levels agree.
{%- set critical_below = var('attendance_critical_below') %}
{%- set warning_below = var('attendance_warning_below') %}
{%- set monitor_below = var('attendance_monitor_below') %}
with weekly as (
    select * from {{ ref('mart_enrollment_weekly') }}
),

dashboard as (
    select enrollment_key, student_name, teacher_name
    from {{ ref('mart_student_dashboard') }}
),

with_previous as (
    select
        weekly.*,
        lag(weekly.overall_risk_level) over (partition by weekly.enrollment_key order by weekly.week_start) as previous_risk_level,
        lag(weekly.attendance_status) over (partition by weekly.enrollment_key order by weekly.week_start) as previous_attendance_status,
        lag(weekly.attendance_pct) over (partition by weekly.enrollment_key order by weekly.week_start) as previous_attendance_pct,
        lag(weekly.chronically_absent) over (partition by weekly.enrollment_key order by weekly.week_start) as previous_chronically_absent
    from weekly
),

this_week as (
    select
        *,
        case attendance_status when 'Critical' then 1 when 'Warning' then 2 when 'Monitor' then 3 when 'Good' then 4 end as attendance_rank,
        case previous_attendance_status when 'Critical' then 1 when 'Warning' then 2 when 'Monitor' then 3 when 'Good' then 4 end as previous_attendance_rank
    from with_previous
    where is_current_week
),

flagged as (
    select
        *,
        coalesce(risk_rank <= 2 and (previous_risk_rank is null or risk_rank < previous_risk_rank), false) as became_high_risk,
        coalesce(attendance_rank < coalesce(previous_attendance_rank, 4), false) as attendance_fell,
        chronically_absent and not coalesce(previous_chronically_absent, false) as became_chronically_absent
    from this_week
),

worded as (
    select
        *,
        case when became_high_risk then
            'risk level rose to ' || overall_risk_level
            || case when previous_risk_level is null then ' (first week)' else ' (was ' || previous_risk_level || ')' end
        end as risk_reason,
        case when attendance_fell then
            'attendance fell below '
            || case attendance_status
                when 'Critical' then '{{ "%g" % (critical_below * 100) }}%'
                when 'Warning' then '{{ "%g" % (warning_below * 100) }}%'
                else '{{ "%g" % (monitor_below * 100) }}%'
            end
            || ' (now ' || cast(cast(attendance_pct * 100 as decimal(5, 1)) as {{ dbt.type_string() }}) || '%'
            || case
                when previous_attendance_pct is null then ')'
                else ', was ' || cast(cast(previous_attendance_pct * 100 as decimal(5, 1)) as {{ dbt.type_string() }}) || '%)'
            end
        end as attendance_reason,
        case when became_chronically_absent then
            'became chronically absent (absent ' || cast(days_absent as {{ dbt.type_string() }})
            || ' of ' || cast(total_school_days as {{ dbt.type_string() }}) || ' school days)'
        end as chronic_reason
    from flagged
    where became_high_risk or attendance_fell or became_chronically_absent
)

select
    worded.enrollment_key,
    worded.student_key,
    worded.section_key,
    worded.student_id,
    dashboard.student_name,
    worded.course_id,
    worded.section_id,
    dashboard.teacher_name,
    worded.week_start,
    worded.week_as_of,
    worded.overall_risk_level,
    worded.previous_risk_level,
    worded.risk_rank,
    worded.attendance_pct,
    worded.previous_attendance_pct,
    worded.chronically_absent,
    worded.became_high_risk,
    worded.attendance_fell,
    worded.became_chronically_absent,
    concat_ws('; ', worded.risk_reason, worded.attendance_reason, worded.chronic_reason) as reasons
from worded
inner join dashboard
    on worded.enrollment_key = dashboard.enrollment_key
