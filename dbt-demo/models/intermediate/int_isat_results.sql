-- ISAT results, one row per source row with an eduid, as fct_assessment compares them (rule 5):
-- a performance level matched to the four in any case (another level is null), a scale score
-- outside 600-800 null. course_id / section_id are informational only.
with isat as (
    select * from {{ ref('int_isat_rows') }}
    where eduid is not null
)

select
    eduid,
    course_id,
    section_id,
    case when math_scale_score between 600 and 800 then math_scale_score end as math_scale_score,
    case lower(math_performance_level)
        {%- for level in ieta.isat_levels() %}
        when '{{ level | lower }}' then '{{ level }}'
        {%- endfor %}
    end as math_performance_level,
    case when ela_scale_score between 600 and 800 then ela_scale_score end as ela_scale_score,
    case lower(ela_performance_level)
        {%- for level in ieta.isat_levels() %}
        when '{{ level | lower }}' then '{{ level }}'
        {%- endfor %}
    end as ela_performance_level
from isat
