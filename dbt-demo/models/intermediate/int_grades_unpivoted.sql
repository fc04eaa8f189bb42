-- Grades, long: one row per enrollment x catalog item that has a gradebook column, INCLUDING
-- null scores (not submitted). due_date and type come from the catalog, never from column names;
-- a cell meets its item by macro catalog_item_match (the name; on the files path also the class).
-- Rule 3: score_clamped = score limited to 0..100; is_score_clamped flags the change.
-- Exempt cells (files path) are left out: they count neither as scored nor as missing.
with scores_long as (
    select * from {{ ref('int_grade_cells') }}
    where not is_exempt
),

catalog as (
    select
        *,
        {{ ieta.catalog_item_key('catalog_items') }} as assignment_key
    from {{ ref('int_catalog_items') }} as catalog_items
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
    on {{ ieta.catalog_item_match('scores_long', 'catalog') }}
