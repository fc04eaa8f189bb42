-- Grades, long: one row per enrollment x catalog item that has a gradebook column, INCLUDING
-- null scores (not submitted). due_date and type come from the catalog, never from column names.
-- Rule 3: score_clamped = score limited to 0..100; is_score_clamped flags the change.
{%- set items = ieta.gradebook_item_columns() %}
{%- set item_names = [] %}
{%- for c in items %}{% do item_names.append(c.name) %}{% endfor %}

-- Dimension keys are hashed on the wide rows (one per enrollment) and on the catalog (one per
-- item) and carried along, instead of once per enrollment x item.
with wide as (
    select
        *,
        {{ ieta.surrogate_key(['student_id']) }} as student_key,
        {{ ieta.surrogate_key(['course_id']) }} as course_key,
        {{ ieta.surrogate_key(['course_id', 'section_id']) }} as section_key
    from {{ ref('stg_lms__gradebook') }}
),

long as (
    {{ ieta.unpivot(
        'wide',
        ['student_id', 'course_id', 'section_id', 'student_key', 'course_key', 'section_key'],
        item_names,
        'assignment_name',
        'score',
        'double'
    ) }}
),

catalog as (
    select
        *,
        {{ ieta.surrogate_key(['assignment_name']) }} as assignment_key
    from {{ ref('stg_lms__assignments') }}
)

select
    long.student_id,
    long.course_id,
    long.section_id,
    long.student_key,
    long.course_key,
    long.section_key,
    long.assignment_name,
    catalog.assignment_key,
    catalog.assignment_type,
    catalog.due_date,
    long.score,
    {{ ieta.clamp_score('long.score') }} as score_clamped,
    coalesce(long.score > 100 or long.score < 0, false) as is_score_clamped,
    long.score is not null as is_submitted
from long
inner join catalog
    on long.assignment_name = catalog.assignment_name
