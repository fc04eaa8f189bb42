-- LMS gradebook, still wide: one row per enrollment (student_id, course_id, section_id).
-- Item columns = gradebook columns named like a catalog assignment_name (read at compile time),
-- cast to double (null = not submitted). Names/teacher trimmed (rule 2); duplicates removed (rule 1).
{%- set cols = ieta.columns_by_name(source('lms', 'gradebook')) %}
{%- set items = ieta.gradebook_item_columns() %}
{%- set out_columns = ['student_id', 'student_name', 'course_id', 'section_id', 'teacher'] %}
{%- for c in items %}{% do out_columns.append(adapter.quote(c.name)) %}{% endfor %}
{%- do out_columns.append('current_grade') %}

with source as (
    select * from {{ source('lms', 'gradebook') }}
),

cleaned as (
    select
        {{ ieta.cast_named(cols, 'student_id', ieta.student_id_type()) }} as student_id,
        {{ ieta.clean_string(ieta.cast_named(cols, 'student_name', 'varchar')) }} as student_name,
        cast({{ ieta.clean_string(ieta.cast_named(cols, 'course_id', 'varchar')) }} as {{ ieta.course_id_type() }}) as course_id,
        cast({{ ieta.clean_string(ieta.cast_named(cols, 'section_id', 'varchar')) }} as {{ ieta.section_id_type() }}) as section_id,
        nullif({{ ieta.clean_string(ieta.cast_named(cols, 'teacher', 'varchar')) }}, '') as teacher,
        {%- for c in items %}
        {{ ieta.cast_column(c, 'double') }} as {{ adapter.quote(c.name) }},
        {%- endfor %}
        {{ ieta.cast_named(cols, 'current_grade', 'double') }} as current_grade
    from source
)

{{ ieta.deduplicate(
    'cleaned',
    out_columns,
    ['student_id', 'course_id', 'section_id'],
    ieta.asc_nulls_last(out_columns)
) }}
