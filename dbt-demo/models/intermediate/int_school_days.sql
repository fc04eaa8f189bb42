-- Source-neutral: the school days, one row per day. APIs: the day columns of stg_sis__attendance
-- (staging kept only the columns whose name parses as a date), read from the view's columns at
-- compile time. Files: the days of calendar.csv when the drop folder has one (attendance.csv
-- then lists exceptions only), else the distinct dates of attendance.csv.
{% if var('ieta_source') == 'files' -%}
{%- set as_of = ieta.date_var('as_of') %}
-- A calendar lists the whole year: its days after as_of (today when as_of is unset) have not
-- happened yet, so they are not school days of this run and cannot make the default as_of.
select distinct school_date
from {{ ref('stg_drop__calendar') }}
where school_date is not null
    and school_date <= {% if as_of %}{{ ieta.date_literal(as_of) }}{% else %}current_date{% endif %}
union
select distinct school_date
from {{ ref('stg_drop__attendance_events') }}
where school_date is not null
    and not exists (select 1 from {{ ref('stg_drop__calendar') }})
{%- else -%}
{%- set day_columns = ieta.day_columns(ref('stg_sis__attendance')) %}
{% if day_columns | length > 0 -%}
select {{ ieta.to_date('day_column') }} as school_date
from (
    values {% for day in day_columns %}('{{ day }}'){% if not loop.last %}, {% endif %}{% endfor %}
) as day_columns (day_column)
{%- else -%}
select cast(null as date) as school_date
where 1 = 0
{%- endif %}
{%- endif %}
