-- SIS attendance, still wide: one row per enrollment (student_id, course_id, section_id).
-- Day columns are discovered from the source (names that parse as dates), never hard-coded.
-- Codes and names trimmed / whitespace collapsed (rule 2); duplicates removed (rule 1).
{%- set cols = ieta.columns_by_name(source('sis', 'attendance')) %}
{%- set days = ieta.attendance_day_columns() %}
{%- set out_columns = ['student_id', 'student_name', 'course_id', 'section_id'] %}
{%- for d in days %}{% do out_columns.append(adapter.quote(d)) %}{% endfor %}

with source as (
    select * from {{ source('sis', 'attendance') }}
),

cleaned as (
    select
        {{ ieta.cast_named(cols, 'student_id', ieta.student_id_type()) }} as student_id,
        {{ ieta.clean_string(ieta.cast_named(cols, 'student_name', 'varchar')) }} as student_name,
        cast({{ ieta.clean_string(ieta.cast_named(cols, 'course_id', 'varchar')) }} as {{ ieta.course_id_type() }}) as course_id,
        cast({{ ieta.clean_string(ieta.cast_named(cols, 'section_id', 'varchar')) }} as {{ ieta.section_id_type() }}) as section_id
        {%- for d in days %},
        {{ ieta.clean_string(ieta.cast_named(cols, d, 'varchar')) }} as {{ adapter.quote(d) }}
        {%- endfor %}
    from source
)

{{ ieta.deduplicate(
    'cleaned',
    out_columns,
    ['student_id', 'course_id', 'section_id'],
    ieta.asc_nulls_last(out_columns)
) }}
