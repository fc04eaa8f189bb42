-- State ISAT results: one row per source row. Several rows for one eduid, eduids not on the
-- roster and levels outside the four are handled in fct_assessment (rule 5).
with source as (
    select * from {{ source('state', 'isat') }}
),

renamed as (
    select
        nullif({{ ieta.clean_text('eduid') }}, '') as eduid,
        {{ ieta.clean_text('student_name') }} as student_name,
        cast({{ ieta.clean_text('course_id') }} as {{ ieta.course_id_type() }}) as course_id,
        cast({{ ieta.clean_text('section_id') }} as {{ ieta.section_id_type() }}) as section_id,
        try_cast(math_scale_score as integer) as math_scale_score,
        nullif({{ ieta.clean_text('math_performance_level') }}, '') as math_performance_level,
        try_cast(ela_scale_score as integer) as ela_scale_score,
        nullif({{ ieta.clean_text('ela_performance_level') }}, '') as ela_performance_level
    from source
)

select * from renamed
