-- School days: one row per day column of stg_sis__attendance (staging kept only the columns
-- whose name parses as a date). The list is read from the view's columns at compile time.
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
