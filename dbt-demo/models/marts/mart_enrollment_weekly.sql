-- Week by week: one row per dashboard enrollment per school week up to as_of, every figure "to
-- date" as of the week's last school day on or before as_of (week_as_of), by the dashboard's own
-- rules and cut points (docs/business-rules.md, "Week by week"). Rebuilt from the facts of each
-- run, so a history is the same whenever it is rebuilt and no state is kept between runs.
-- - Work to date: the items due on or before week_as_of; completed = with a score, missing = without.
-- - grade_to_date: the exact average of the clamped scores of those items, rounded half away
--   from zero to 1 decimal (what the checkpoints use): the LMS's current_grade exists only for
--   today, so the weekly risk rules read this grade instead.
-- - Attendance to date: the recorded school days on or before week_as_of; the rate, status and
--   chronic absence as on the dashboard.
-- - trend_to_date: 'No Data' until week_as_of reaches the last checkpoint, then the dashboard's
--   trend (the checkpoint grades do not change once their date has passed).
-- - overall_risk_level: the dashboard's rule on these figures; risk_change compares it with the
--   enrollment's previous school week: new (its first week), worse, better or same.
-- Each item is counted in the first school week whose week_as_of is on or after its due date;
-- each school day in its own week; cumulative sums over the weeks give the figures to date.
with enrollments as (
    select
        enrollment_key,
        student_key,
        section_key,
        student_id,
        course_id,
        section_id,
        trend_status
    from {{ ref('fct_student_snapshot') }}
),

weeks as (
    select * from {{ ref('int_school_weeks') }}
),

term as (
    select * from {{ ref('int_term_dates') }}
),

grades as (
    select student_id, course_id, section_id, due_date, score, score_clamped
    from {{ ref('int_grades_unpivoted') }}
),

attendance as (
    select student_id, course_id, section_id, school_date, is_recorded, is_absent
    from {{ ref('int_attendance_unpivoted') }}
),

due_dates as (
    select distinct due_date
    from grades
    where due_date is not null
),

-- The school week each due date is first counted in (none when it is due after the last one).
due_date_weeks as (
    select
        due_dates.due_date,
        min(weeks.week_start) as week_start
    from due_dates
    inner join weeks
        on due_dates.due_date <= weeks.week_as_of
    group by due_dates.due_date
),

work_per_week as (
    select
        grades.student_id,
        grades.course_id,
        grades.section_id,
        due_date_weeks.week_start,
        count(*) as items_due,
        count(grades.score) as items_scored,
        sum(grades.score_clamped) as clamped_score_sum
    from grades
    inner join due_date_weeks
        on grades.due_date = due_date_weeks.due_date
    group by grades.student_id, grades.course_id, grades.section_id, due_date_weeks.week_start
),

attendance_per_week as (
    select
        attendance.student_id,
        attendance.course_id,
        attendance.section_id,
        {{ ieta.week_monday('attendance.school_date') }} as week_start,
        count(case when attendance.is_recorded then 1 end) as days_recorded,
        count(case when attendance.is_absent then 1 end) as days_absent
    from attendance
    cross join term
    where attendance.school_date <= term.as_of_date
    group by
        attendance.student_id,
        attendance.course_id,
        attendance.section_id,
        {{ ieta.week_monday('attendance.school_date') }}
),

enrollment_weeks as (
    select
        enrollments.*,
        weeks.week_start,
        weeks.week_as_of,
        weeks.week_number,
        coalesce(work_per_week.items_due, 0) as items_due,
        coalesce(work_per_week.items_scored, 0) as items_scored,
        work_per_week.clamped_score_sum,
        coalesce(attendance_per_week.days_recorded, 0) as days_recorded,
        coalesce(attendance_per_week.days_absent, 0) as days_absent_in_week
    from enrollments
    cross join weeks
    left join work_per_week
        on enrollments.student_id = work_per_week.student_id
        and enrollments.course_id = work_per_week.course_id
        and enrollments.section_id = work_per_week.section_id
        and weeks.week_start = work_per_week.week_start
    left join attendance_per_week
        on enrollments.student_id = attendance_per_week.student_id
        and enrollments.course_id = attendance_per_week.course_id
        and enrollments.section_id = attendance_per_week.section_id
        and weeks.week_start = attendance_per_week.week_start
),

to_date as (
    select
        enrollment_weeks.*
        {%- for week_column, to_date_column in [
            ('items_due', 'total_assignments'),
            ('items_scored', 'completed_assignments'),
            ('clamped_score_sum', 'clamped_score_sum_to_date'),
            ('days_recorded', 'total_school_days'),
            ('days_absent_in_week', 'days_absent'),
        ] %},
        sum({{ week_column }}) over (
            partition by enrollment_key order by week_start rows between unbounded preceding and current row
        ) as {{ to_date_column }}
        {%- endfor %}
    from enrollment_weeks
),

figures as (
    select
        to_date.*,
        total_assignments - completed_assignments as missing_assignments,
        {{ ieta.ratio_half_away('100 * (total_assignments - completed_assignments)', 'total_assignments', 1) }} as missing_assignments_pct,
        {{ ieta.ratio_half_away('clamped_score_sum_to_date', 'completed_assignments', 1) }} as grade_to_date,
        {{ ieta.ratio_half_away('total_school_days - days_absent', 'total_school_days', 3) }} as attendance_pct,
        case
            when to_date.week_as_of >= term.checkpoint_week_9_date then to_date.trend_status
            else 'No Data'
        end as trend_to_date
    from to_date
    cross join term
),

risk as (
    select
        figures.*,
        {{ ieta.attendance_status('attendance_pct') }} as attendance_status,
        {{ ieta.is_chronically_absent('days_absent', 'total_school_days') }} as chronically_absent,
        {{ ieta.overall_risk_level('trend_to_date', 'grade_to_date', 'attendance_pct', 'missing_assignments_pct') }} as overall_risk_level
    from figures
),

ranked as (
    select
        risk.*,
        {{ ieta.risk_rank('overall_risk_level') }} as risk_rank
    from risk
),

with_previous as (
    select
        ranked.*,
        lag(risk_rank) over (partition by enrollment_key order by week_start) as previous_risk_rank
    from ranked
)

select
    enrollment_key,
    student_key,
    section_key,
    student_id,
    course_id,
    section_id,
    week_start,
    week_as_of,
    week_number,
    cast(total_assignments as bigint) as total_assignments,
    cast(completed_assignments as bigint) as completed_assignments,
    cast(missing_assignments as bigint) as missing_assignments,
    missing_assignments_pct,
    grade_to_date,
    cast(total_school_days as bigint) as total_school_days,
    cast(days_absent as bigint) as days_absent,
    attendance_pct,
    attendance_status,
    chronically_absent,
    trend_to_date,
    overall_risk_level,
    risk_rank,
    cast(previous_risk_rank as integer) as previous_risk_rank,
    case
        when previous_risk_rank is null then 'new'
        when risk_rank < previous_risk_rank then 'worse'
        when risk_rank > previous_risk_rank then 'better'
        else 'same'
    end as risk_change,
    week_start = (select max(week_start) from weeks) as is_current_week
from with_previous
