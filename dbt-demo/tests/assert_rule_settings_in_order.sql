-- The published settings are one row, and the cut points of each rule are in order: a var set
-- out of order (say grade_risk_medium_below above grade_risk_low_below) would make a level
-- unreachable without any error. Returns the offending rows; none = pass.
with settings as (
    select * from {{ ref('mart_rule_settings') }}
),

row_count as (
    select count(*) as settings_rows from settings
)

select
    row_count.settings_rows,
    settings.*
from row_count
left join settings
    on 1 = 1
where row_count.settings_rows <> 1
    or not (
        settings.grade_risk_high_below <= settings.grade_risk_medium_below
        and settings.grade_risk_medium_below <= settings.grade_risk_low_below
        and settings.attendance_critical_below <= settings.attendance_warning_below
        and settings.attendance_warning_below <= settings.attendance_monitor_below
        and settings.missing_work_medium_at <= settings.missing_work_high_at
        and settings.letter_d_at <= settings.letter_c_at
        and settings.letter_c_at <= settings.letter_b_at
        and settings.letter_b_at <= settings.letter_a_at
        and settings.first_checkpoint_week < settings.second_checkpoint_week
        and settings.second_checkpoint_week < settings.third_checkpoint_week
    )
