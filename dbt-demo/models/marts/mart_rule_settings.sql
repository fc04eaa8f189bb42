-- The settings this run applied, one row: every cut point of the risk rules (dbt vars, see
-- dbt_project.yml), the checkpoint weeks and the term (int_term_dates). Published with the
-- other marts, so the dashboard's words ("below 65") are read from the same values as the
-- levels and colours were computed with: a district that changes a var changes both.
{%- set checkpoint_weeks = var('checkpoint_weeks') %}
with term as (
    select * from {{ ref('int_term_dates') }}
)

select
    term.term_start,
    term.term_weeks,
    term.term_end,
    term.as_of_date,
    term.is_as_of_from_var,
    cast({{ checkpoint_weeks[0] }} as integer) as first_checkpoint_week,
    cast({{ checkpoint_weeks[1] }} as integer) as second_checkpoint_week,
    cast({{ checkpoint_weeks[2] }} as integer) as third_checkpoint_week,
    {%- for name in ieta.rule_cut_points() %}
    cast({{ var(name) }} as decimal(9, 4)) as {{ name }},
    {%- endfor %}
    cast({{ var('chronic_absence_min_days') }} as integer) as chronic_absence_min_days
from term
