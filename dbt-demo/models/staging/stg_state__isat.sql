-- State ISAT results: one row per source row (deduplication by eduid happens in fct_assessment,
-- rule 5). Text trimmed (rule 2), every column cast.
{%- set source_columns = ieta.columns_by_name(source('state', 'isat')) %}

with source as (
    select * from {{ source('state', 'isat') }}
)

select
    nullif({{ ieta.clean_string(ieta.cast_named(source_columns, 'eduid', 'varchar')) }}, '') as eduid,
    {{ ieta.clean_string(ieta.cast_named(source_columns, 'student_name', 'varchar')) }} as student_name,
    cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'course_id', 'varchar')) }} as {{ ieta.course_id_type() }}) as course_id,
    cast({{ ieta.clean_string(ieta.cast_named(source_columns, 'section_id', 'varchar')) }} as {{ ieta.section_id_type() }}) as section_id,
    {{ ieta.cast_named(source_columns, 'math_scale_score', 'integer') }} as math_scale_score,
    nullif({{ ieta.clean_string(ieta.cast_named(source_columns, 'math_performance_level', 'varchar')) }}, '') as math_performance_level,
    {{ ieta.cast_named(source_columns, 'ela_scale_score', 'integer') }} as ela_scale_score,
    nullif({{ ieta.clean_string(ieta.cast_named(source_columns, 'ela_performance_level', 'varchar')) }}, '') as ela_performance_level
from source
