-- SIS attendance, still wide: one row per enrollment (student_id, course_id, section_id).
-- Keeps the id columns and every day column (a source column whose name parses as a date) and
-- nothing else, so later models read the list of days from this view's columns (macro
-- day_columns) instead of from the source.
-- Codes and names trimmed / whitespace collapsed (rule 2); duplicates removed (rule 1).
{%- set source_columns = ieta.columns_by_name(source('sis', 'attendance')) %}
{%- set day_columns = ieta.source_day_columns(source('sis', 'attendance')) %}
{%- set output_columns = ['student_id', 'student_name', 'course_id', 'section_id'] %}
{%- for day in day_columns %}{% do output_columns.append(adapter.quote(day)) %}{% endfor %}

with source as (
    select * from {{ source('sis', 'attendance') }}
),

cleaned as (
    select
        {{ ieta.cast_named(source_columns, 'student_id', ieta.student_id_type()) }} as student_id,
        {{ ieta.clean_string(ieta.cast_named(source_columns, 'student_name', 'varchar')) }} as student_name,
        cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'course_id', 'varchar')) }} as {{ ieta.course_id_type() }}) as course_id,
        cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'section_id', 'varchar')) }} as {{ ieta.section_id_type() }}) as section_id
        {%- for day in day_columns %},
        {{ ieta.clean_string(ieta.cast_named(source_columns, day, 'varchar')) }} as {{ adapter.quote(day) }}
        {%- endfor %}
    from source
)

{{ ieta.deduplicate(
    'cleaned',
    output_columns,
    ['student_id', 'course_id', 'section_id'],
    ieta.asc_nulls_last(output_columns)
) }}
