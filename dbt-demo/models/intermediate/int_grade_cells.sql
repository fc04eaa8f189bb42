-- Source-neutral: the gradebook's item cells, one row per gradebook enrollment x item the
-- gradebook carries, null scores (not submitted) included, with the dimension keys. is_exempt:
-- the item does not count for this enrollment (int_grades_unpivoted leaves it out).
-- APIs: the item columns of stg_lms__gradebook unpivoted, never exempt. Files: the enrollments
-- of int_gradebook_rows x the catalog items of their own class due inside the enrollment's window
-- (an item due before beginDate or after endDate is not its work; an item without a due date is
-- kept, never due), the result of the student on that line item (int_files__results); no result
-- = null.
-- Dimension keys are hashed once per enrollment and carried along, instead of once per cell.
{% if var('ieta_source') == 'files' -%}
with enrollments as (
    select
        gradebook.student_id,
        gradebook.course_id,
        gradebook.section_id,
        windows.begin_date,
        windows.end_date,
        {{ ieta.surrogate_key(['gradebook.student_id']) }} as student_key,
        {{ ieta.surrogate_key(['gradebook.course_id']) }} as course_key,
        {{ ieta.surrogate_key(['gradebook.course_id', 'gradebook.section_id']) }} as section_key
    from {{ ref('int_gradebook_rows') }} as gradebook
    inner join {{ ref('int_files__enrollments') }} as windows
        on gradebook.student_id = windows.student_id
        and gradebook.course_id = windows.course_id
        and gradebook.section_id = windows.section_id
),

results as (
    select * from {{ ref('int_files__results') }}
    where not is_current_grade
)

select
    enrollments.student_id,
    enrollments.course_id,
    enrollments.section_id,
    enrollments.student_key,
    enrollments.course_key,
    enrollments.section_key,
    items.assignment_name,
    results.score,
    coalesce(results.is_exempt, false) as is_exempt
from enrollments
inner join {{ ref('int_catalog_items') }} as items
    on enrollments.course_id = items.course_id
    and enrollments.section_id = items.section_id
    and (items.due_date is null or enrollments.begin_date is null or items.due_date >= enrollments.begin_date)
    and (items.due_date is null or enrollments.end_date is null or items.due_date <= enrollments.end_date)
left join results
    on enrollments.student_id = results.student_id
    and enrollments.course_id = results.course_id
    and enrollments.section_id = results.section_id
    and items.assignment_name = results.title
{%- else -%}
{%- set item_columns = ieta.item_columns(ref('stg_lms__gradebook')) %}
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
)

select
    student_id,
    course_id,
    section_id,
    student_key,
    course_key,
    section_key,
    assignment_name,
    score,
    false as is_exempt
from scores_long
{%- endif %}
