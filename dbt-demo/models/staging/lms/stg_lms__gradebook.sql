-- LMS gradebook, still wide: one row per enrollment (student_id, course_id, section_id).
-- Selects the id columns and the item columns: every source column named like an item of the
-- catalog (stg_lms__assignments), never guessed from the name. Scores become exact decimals
-- (null = not submitted; a value that is not a number is left null and counted). Other columns are left out (counted in mart_data_quality), so later
-- models take the list of items from this view's columns (macro item_columns).
-- Rule 1: a row without a usable enrollment id (missing, empty, or a student_id that is not a
-- number) is left out, and rows repeating an enrollment
-- keep the first after ordering by every column. Rule 2: text trimmed. teacher_id (the SIS's staff
-- id of the row's teacher) is optional: a feed without it gives sections no teacher id, which
-- only district staff see on the dashboard.
-- A table, not a view: half a dozen models and tests read this model (docs/performance.md).
{{ config(materialized='table') }}

{%- set catalog_items = ieta.column_values(ref('stg_lms__assignments'), 'assignment_name') %}
{%- set source_columns = ieta.column_names(source('lms', 'gradebook')) %}
{%- set item_columns = source_columns
    | reject('in', ieta.gradebook_id_columns()) | select('in', catalog_items) | list %}

with source as (
    select * from {{ source('lms', 'gradebook') }}
),

renamed as (
    select
        {{ ieta.api_student_id("student_id") }} as student_id,
        {{ ieta.clean_text('student_name') }} as student_name,
        cast(nullif({{ ieta.clean_text('course_id') }}, '') as {{ ieta.course_id_type() }}) as course_id,
        cast(nullif({{ ieta.clean_text('section_id') }}, '') as {{ ieta.section_id_type() }}) as section_id,
        nullif({{ ieta.clean_text('teacher') }}, '') as teacher,
        {%- if 'teacher_id' in source_columns %}
        nullif({{ ieta.clean_text('teacher_id') }}, '') as teacher_id,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as teacher_id,
        {%- endif %}
        {%- for item in item_columns %}
        try_cast({{ adapter.quote(item) }} as {{ ieta.score_type() }}) as {{ adapter.quote(item) }},
        {%- endfor %}
        try_cast(current_grade as {{ ieta.score_type() }}) as current_grade
    from source
),

identified as (
    select * from renamed
    where student_id is not null and course_id is not null and section_id is not null
)

{{ ieta.first_row_per_key(
    'identified',
    ['student_id', 'course_id', 'section_id'],
    ['student_name', 'teacher', 'teacher_id'] + item_columns + ['current_grade']
) }}
