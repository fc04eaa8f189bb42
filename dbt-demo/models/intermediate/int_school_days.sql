-- School days: one row per attendance day column of the source (a column whose name parses as
-- a date). The list is read from the source's columns at compile time.
{%- set days = ieta.attendance_day_columns() %}

{% if days | length > 0 -%}
select {{ ieta.to_date('day_name') }} as school_date
from (
    values {% for d in days %}('{{ d }}'){% if not loop.last %}, {% endif %}{% endfor %}
) as school_days (day_name)
{%- else -%}
select cast(null as date) as school_date
where 1 = 0
{%- endif %}
