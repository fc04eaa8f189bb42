-- The overall risk levels in rank order (1 = the worst), one row each: the names and ranks
-- mart_student_dashboard uses (macros/rules.sql, risk_levels), published so that the dashboard
-- takes its level names and their order from the data rather than from a copy.
{%- set levels = ieta.risk_levels() %}
{% for level in levels %}
select
    cast({{ loop.index }} as integer) as risk_rank,
    cast('{{ level }}' as {{ dbt.type_string() }}) as overall_risk_level
{% if not loop.last %}union all{% endif %}
{%- endfor %}
