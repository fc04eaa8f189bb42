-- SIS attendance, still wide: one row per enrollment (student_id, course_id, section_id).
-- Selects the id columns and the day columns: every source column whose name is a date
-- (YYYY-MM-DD), whatever the term. Other columns are left out (counted in mart_data_quality),
-- so later models take the list of days from this view's columns (macro day_columns).
-- Rule 1: a row without a usable enrollment id (missing, empty, or a student_id that is not a
-- number) is left out, and rows repeating an enrollment
-- keep the first after ordering by every column. Rule 2: text trimmed; codes are matched later.
-- A table, not a view: half a dozen models and tests read this model (docs/performance.md).
{{ config(materialized='table') }}

{%- set day_columns = ieta.date_named_columns(source('sis', 'attendance')) %}

with source as (
    select * from {{ source('sis', 'attendance') }}
),

renamed as (
    select
        {{ ieta.api_student_id("student_id") }} as student_id,
        {{ ieta.clean_text('student_name') }} as student_name,
        cast(nullif({{ ieta.clean_text('course_id') }}, '') as {{ ieta.course_id_type() }}) as course_id,
        cast(nullif({{ ieta.clean_text('section_id') }}, '') as {{ ieta.section_id_type() }}) as section_id
        {%- for day in day_columns %},
        {{ ieta.clean_text(adapter.quote(day)) }} as {{ adapter.quote(day) }}
        {%- endfor %}
    from source
),

identified as (
    select * from renamed
    where student_id is not null and course_id is not null and section_id is not null
)

{{ ieta.first_row_per_key(
    'identified',
    ['student_id', 'course_id', 'section_id'],
    ['student_name'] + day_columns
) }}
