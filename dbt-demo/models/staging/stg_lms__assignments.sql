-- LMS assignment catalog: one row per graded item (assignment_name).
-- assignment_name is kept exactly as served: it must equal a gradebook column name.
{%- set source_columns = ieta.columns_by_name(source('lms', 'assignments')) %}

with source as (
    select * from {{ source('lms', 'assignments') }}
)

select
    {{ ieta.cast_named(source_columns, 'assignment_name', 'varchar') }} as assignment_name,
    {{ ieta.clean_string(ieta.cast_named(source_columns, 'assignment_type', 'varchar')) }} as assignment_type,
    {{ ieta.cast_named(source_columns, 'assignment_number', 'integer') }} as assignment_number,
    {{ ieta.to_date(ieta.cast_named(source_columns, 'due_date', 'varchar')) }} as due_date,
    {{ ieta.cast_named(source_columns, 'points_possible', 'double') }} as points_possible
from source
