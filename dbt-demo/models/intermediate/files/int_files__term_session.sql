-- The term of the export, for IETA_TERM_START unset (docs/business-rules.md, "The term"): the
-- live academic session of type term, semester or gradingPeriod that the classes name
-- (classes.termSourcedIds; every such session when no class names one) and that contains as_of
-- (var as_of), or, with as_of unset, the latest one that has started by the last school day in
-- the data (by today when there is none). Several match: the latest start, then the shortest.
-- At most one row.
-- The ref to int_school_days below is only rendered when as_of is not set; this line declares
-- it whatever the vars, so the lineage does not change with them:
-- depends_on: {{ ref('int_school_days') }}
{%- set as_of = ieta.date_var('as_of') %}

with sessions as (
    select * from {{ ref('stg_oneroster__academic_sessions') }}
    where is_live
        and session_type in ('term', 'semester', 'gradingperiod')
        and start_date is not null
),

class_sessions as (
    select distinct trim(session_id.value) as session_sourced_id
    from {{ ref('stg_oneroster__classes') }} as classes,
        unnest(string_split(coalesce(classes.term_sourced_ids, ''), ',')) as session_id (value)
    where classes.is_live and trim(session_id.value) <> ''
),

candidates as (
    select sessions.*
    from sessions
    where sessions.session_sourced_id in (select session_sourced_id from class_sessions)
        or not exists (
            select 1 from sessions as named
            where named.session_sourced_id in (select session_sourced_id from class_sessions)
        )
),

reference_day as (
    select
        {%- if as_of %}
        {{ ieta.date_literal(as_of) }}
        {%- else %}
        coalesce((select max(school_date) from {{ ref('int_school_days') }}), current_date)
        {%- endif %} as day
)

select
    candidates.session_sourced_id,
    candidates.session_title,
    candidates.session_type,
    candidates.start_date,
    candidates.end_date
from candidates
cross join reference_day
where candidates.start_date <= reference_day.day
    {%- if as_of %}
    and (candidates.end_date is null or candidates.end_date >= reference_day.day)
    {%- endif %}
order by candidates.start_date desc, candidates.end_date asc nulls last, candidates.session_sourced_id
limit 1
