-- Course dimension: one row per course_id seen in the gradebook or attendance feeds
-- (taken from dim_section, which holds every enrollment's (course_id, section_id)).
with sections as (
    select * from {{ ref('dim_section') }}
)

select
    {{ ieta.surrogate_key(['course_id']) }} as course_key,
    course_id,
    count(*) as section_count
from sections
group by course_id
