-- Grades, long: one row per enrollment x catalog item that has a gradebook column, INCLUDING
-- null scores (not submitted). due_date and type come from the catalog, never from column names.
-- Rule 3: score_clamped = score limited to 0..100; is_score_clamped flags the change.
{%- set item_columns = ieta.item_columns(ref('stg_lms__gradebook')) %}

-- Dimension keys are hashed on the wide rows (one per enrollment) and on the catalog (one per
-- item) and carried along, instead of once per enrollment x item.
with gradebook_wide as (
    select
        *,
        {{ ieta.surrogate_key(['student_id']) }} as student_key,
        {{ ieta.surrogate_key(['course_id']) }} as course_key,
        {{ ieta.surrogate_key(['course_id', 'section_id']) }} as section_key
    from {{ ref('stg_lms__gradebook') }}
),

scores_long as (
    {{ ieta.unpivot(
        'gradebook_wide',
        ['student_id', 'course_id', 'section_id', 'student_key', 'course_key', 'section_key'],
        item_columns,
        'assignment_name',
        'score',
        ieta.score_type()
    ) }}
),

catalog as (
    select
        *,
        {{ ieta.surrogate_key(['assignment_name']) }} as assignment_key
    from {{ ref('stg_lms__assignments') }}
)

select
    scores_long.student_id,
    scores_long.course_id,
    scores_long.section_id,
    scores_long.student_key,
    scores_long.course_key,
    scores_long.section_key,
    scores_long.assignment_name,
    catalog.assignment_key,
    catalog.assignment_type,
    catalog.due_date,
    scores_long.score,
    {{ ieta.clamp_score('scores_long.score') }} as score_clamped,
    coalesce(scores_long.score > 100 or scores_long.score < 0, false) as is_score_clamped,
    scores_long.score is not null as is_submitted
from scores_long
inner join catalog
    on scores_long.assignment_name = catalog.assignment_name
