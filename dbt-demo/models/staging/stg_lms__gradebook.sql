-- LMS gradebook, still wide: one row per enrollment (student_id, course_id, section_id).
-- Keeps the id columns and every item column (a source column named like a catalog
-- assignment_name), cast to double (null = not submitted), and nothing else, so later models
-- read the list of items from this view's columns (macro item_columns) instead of from the
-- source. The catalog names come from stg_lms__assignments, not from the raw catalog: each
-- source is read by its own staging model only.
-- Names/teacher trimmed (rule 2); duplicates removed (rule 1).
{%- set source_columns = ieta.columns_by_name(source('lms', 'gradebook')) %}
{%- set catalog_names = ieta.catalog_item_names(ref('stg_lms__assignments')) %}
{%- set item_columns = ieta.source_item_columns(source('lms', 'gradebook'), catalog_names) %}
{%- set output_columns = ['student_id', 'student_name', 'course_id', 'section_id', 'teacher'] %}
{%- for item in item_columns %}{% do output_columns.append(adapter.quote(item.name)) %}{% endfor %}
{%- do output_columns.append('current_grade') %}

with source as (
    select * from {{ source('lms', 'gradebook') }}
),

cleaned as (
    select
        {{ ieta.cast_named(source_columns, 'student_id', ieta.student_id_type()) }} as student_id,
        {{ ieta.clean_string(ieta.cast_named(source_columns, 'student_name', 'varchar')) }} as student_name,
        cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'course_id', 'varchar')) }} as {{ ieta.course_id_type() }}) as course_id,
        cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'section_id', 'varchar')) }} as {{ ieta.section_id_type() }}) as section_id,
        nullif({{ ieta.clean_string(ieta.cast_named(source_columns, 'teacher', 'varchar')) }}, '') as teacher,
        {%- for item in item_columns %}
        {{ ieta.cast_column(item, 'double') }} as {{ adapter.quote(item.name) }},
        {%- endfor %}
        {{ ieta.cast_named(source_columns, 'current_grade', 'double') }} as current_grade
    from source
)

{{ ieta.deduplicate(
    'cleaned',
    output_columns,
    ['student_id', 'course_id', 'section_id'],
    ieta.asc_nulls_last(output_columns)
) }}
