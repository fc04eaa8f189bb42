-- SIS roster: one row per source row (student_id is the grain; checked by tests).
-- Casts every column (raw types depend on the loader) and trims text (rule 2).
{%- set source_columns = ieta.columns_by_name(source('sis', 'students')) %}

with source as (
    select * from {{ source('sis', 'students') }}
)

select
    {{ ieta.cast_named(source_columns, 'student_id', ieta.student_id_type()) }} as student_id,
    nullif({{ ieta.clean_string(ieta.cast_named(source_columns, 'eduid', 'varchar')) }}, '') as eduid,
    {{ ieta.clean_string(ieta.cast_named(source_columns, 'student_name', 'varchar')) }} as student_name,
    {{ ieta.cast_named(source_columns, 'grade_level', 'integer') }} as grade_level
from source
