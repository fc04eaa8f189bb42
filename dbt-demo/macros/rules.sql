{#- Business/cleaning rules used by more than one model, defined once (docs/data-contract.md). -#}

{#- Rule 3: item scores are clamped to 0..100 for checkpoint averages. -#}
{% macro clamp_score(expr) -%}
    case
        when {{ expr }} > 100 then 100.0
        when {{ expr }} < 0 then 0.0
        else {{ expr }}
    end
{%- endmacro %}

{#- Rule 4: attendance code (already trimmed) -> normalized status. Case-insensitive match of
    '' / Absent / Tardy / Excused; null = Not Recorded; anything else = Unknown Code. -#}
{% macro attendance_status_from_code(expr) -%}
    case
        when {{ expr }} is null then 'Not Recorded'
        when lower({{ expr }}) = '' then 'Present'
        when lower({{ expr }}) = 'absent' then 'Absent'
        when lower({{ expr }}) = 'tardy' then 'Tardy'
        when lower({{ expr }}) = 'excused' then 'Excused'
        else 'Unknown Code'
    end
{%- endmacro %}

{#- A school day counts (total_school_days) only with a recorded status: unknown codes and
    nulls do not count. -#}
{% macro is_recorded_status(status) -%}
    {{ status }} in ('Present', 'Absent', 'Tardy', 'Excused')
{%- endmacro %}

{#- Absent and Excused are absences; Tardy counts as present (docs/business-rules.md). -#}
{% macro is_absent_status(status) -%}
    {{ status }} in ('Absent', 'Excused')
{%- endmacro %}

{#- Risk and status categories of docs/business-rules.md. Each takes a value AS SHOWN (rounded), so a
    current grade of 69.95, shown as 70.0, is no risk; the cut points are dbt vars
    (dbt_project.yml) with the documented values as defaults. -#}

{% macro grade_risk(grade) -%}
    case
        when {{ grade }} is null then null
        when {{ grade }} < {{ var('grade_risk_high_below') }} then 'High'
        when {{ grade }} < {{ var('grade_risk_medium_below') }} then 'Medium'
        when {{ grade }} < {{ var('grade_risk_low_below') }} then 'Low'
        else 'None'
    end
{%- endmacro %}

{#- Low also when nothing is due (pct null). -#}
{% macro missing_work_risk(missing_pct) -%}
    case
        when {{ missing_pct }} >= {{ var('missing_work_high_at') }} then 'High'
        when {{ missing_pct }} >= {{ var('missing_work_medium_at') }} then 'Medium'
        else 'Low'
    end
{%- endmacro %}

{% macro attendance_status(attendance_pct) -%}
    case
        when {{ attendance_pct }} is null then null
        when {{ attendance_pct }} < {{ var('attendance_critical_below') }} then 'Critical'
        when {{ attendance_pct }} < {{ var('attendance_warning_below') }} then 'Warning'
        when {{ attendance_pct }} < {{ var('attendance_monitor_below') }} then 'Monitor'
        else 'Good'
    end
{%- endmacro %}

{#- First match wins; a null figure never matches its condition. -#}
{% macro overall_risk_level(trend_status, grade, attendance_pct, missing_pct) -%}
    case
        when {{ trend_status }} = 'Failing' then 'Critical'
        when {{ grade }} < {{ var('grade_risk_high_below') }}
            or {{ attendance_pct }} < {{ var('attendance_critical_below') }} then 'High'
        when {{ grade }} < {{ var('grade_risk_low_below') }}
            or {{ attendance_pct }} < {{ var('attendance_warning_below') }}
            or {{ missing_pct }} >= {{ var('missing_work_high_at') }} then 'Medium'
        when {{ trend_status }} = 'Declining' then 'Monitor'
        else 'On Track'
    end
{%- endmacro %}

{% macro risk_rank(overall_risk_level) -%}
    case {{ overall_risk_level }}
        when 'Critical' then 1
        when 'High' then 2
        when 'Medium' then 3
        when 'Monitor' then 4
        when 'On Track' then 5
    end
{%- endmacro %}

{#- Letter of a shown grade for the class summary counts: A, B, C, D or F; null without one. -#}
{% macro letter_grade(grade) -%}
    case
        when {{ grade }} is null then null
        when {{ grade }} >= {{ var('letter_a_at') }} then 'A'
        when {{ grade }} >= {{ var('letter_b_at') }} then 'B'
        when {{ grade }} >= {{ var('letter_c_at') }} then 'C'
        when {{ grade }} >= {{ var('letter_d_at') }} then 'D'
        else 'F'
    end
{%- endmacro %}

{#- Absent on at least chronic_absence_rate_at of at least chronic_absence_min_days recorded
    school days (exact counts; the common federal and research definition). -#}
{% macro is_chronically_absent(days_absent, total_school_days) -%}
    coalesce(
        {{ total_school_days }} >= {{ var('chronic_absence_min_days') }}
        and {{ days_absent }} >= {{ var('chronic_absence_rate_at') }} * {{ total_school_days }},
        false
    )
{%- endmacro %}

{#- Trend of the three shown checkpoint grades, first match wins (docs/business-rules.md). -#}
{% macro trend_status(first, second, third) -%}
    case
        when {{ first }} is null or {{ second }} is null or {{ third }} is null then 'No Data'
        when {{ third }} < {{ var('failing_below') }} then 'Failing'
        when {{ first }} < {{ second }} and {{ second }} < {{ third }} then 'Improving'
        when {{ first }} > {{ second }} and {{ second }} > {{ third }} then 'Declining'
        else 'Fluctuating'
    end
{%- endmacro %}

{#- The four ISAT performance levels; any other level is not a result (rule 5). -#}
{% macro isat_levels() -%}
    {{ return(['Below Basic', 'Basic', 'Proficient', 'Advanced']) }}
{%- endmacro %}

{#- The assignment types of the catalog; any other is shown as 'Unknown' (counted). -#}
{% macro assignment_types() -%}
    {{ return(['Assignment', 'Test']) }}
{%- endmacro %}

{#- 1 when a source value is present but cannot be read as `type` (staging leaves it null), else
    0: for the value_not_understood counts of mart_data_quality. -#}
{% macro unreadable(column, type) -%}
    case when {{ column }} is not null and try_cast({{ column }} as {{ type }}) is null then 1 else 0 end
{%- endmacro %}
