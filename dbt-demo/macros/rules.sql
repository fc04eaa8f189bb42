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

{#- Absent and Excused are absences; Tardy counts as present (SPEC section 4). -#}
{% macro is_absent_status(status) -%}
    {{ status }} in ('Absent', 'Excused')
{%- endmacro %}
