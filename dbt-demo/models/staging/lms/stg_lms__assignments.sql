-- LMS assignment catalog: one row per graded item (assignment_name).
-- assignment_name is kept exactly as served: it must equal a gradebook column name. A catalog
-- row without a name cannot match a column and is left out; a name listed twice keeps its
-- earliest due date (both counted in mart_data_quality). A number or date that cannot be read is
-- left null (counted).
with source as (
    select * from {{ source('lms', 'assignments') }}
),

renamed as (
    select
        cast(assignment_name as {{ dbt.type_string() }}) as assignment_name,
        {{ ieta.clean_text('assignment_type') }} as assignment_type,
        try_cast(assignment_number as integer) as assignment_number,
        {{ ieta.try_to_date('due_date') }} as due_date,
        try_cast(points_possible as double) as points_possible
    from source
    where assignment_name is not null
)

select * from renamed
qualify row_number() over (
    partition by assignment_name
    order by due_date asc nulls last, assignment_type asc nulls last,
        assignment_number asc nulls last, points_possible asc nulls last
) = 1
