-- Shown in Dagster as an asset check of mart_student_dashboard: a singular test on several
-- models names its asset in meta.dagster.ref.
{{ config(meta={'dagster': {'ref': {'name': 'mart_student_dashboard'}}}) }}

-- No fan-out, no loss: the snapshot and the dashboard have one row per enrollment, fct_grade
-- one row per enrollment x graded item that is not exempt (int_grade_cells holds every
-- enrollment x item; on the files path every enrollment x item of its class in its window),
-- fct_attendance one per enrollment x school day (files: in its window).
-- Returns one row per check that fails.
with enrollments as (
    select count(*) as n from {{ ref('int_enrollments') }}
),
gradebook as (
    select count(*) as n from {{ ref('int_gradebook_rows') }}
),
attendance as (
    select count(*) as n from {{ ref('int_attendance_rows') }}
),
items as (
    select count(*) as n from {{ ref('dim_assignment') }} where has_gradebook_column
),
exempt as (
    select count(*) as n from {{ ref('int_grade_cells') }} where is_exempt
),
grade_cells as (
    select count(*) as n from {{ ref('int_grade_cells') }}
),
days as (
    select count(*) as n from {{ ref('int_school_days') }}
),
checks as (
    select 'fct_student_snapshot' as model, (select count(*) from {{ ref('fct_student_snapshot') }}) as actual, enrollments.n as expected from enrollments
    union all
    select 'mart_student_dashboard', (select count(*) from {{ ref('mart_student_dashboard') }}), enrollments.n from enrollments
    union all
    {%- if var('ieta_source') == 'files' %}
    -- Files: an enrollment has its own class's items due inside its window, and its days inside
    -- its window, so the cells are checked for fan-out (one per key) instead of a product.
    select 'int_grade_cells', grade_cells.n, (
        select count(*) from (select distinct student_id, course_id, section_id, assignment_name from {{ ref('int_grade_cells') }}) as keys
    ) from grade_cells
    union all
    select 'int_attendance_cells', (select count(*) from {{ ref('int_attendance_cells') }}), (
        select count(*) from (select distinct student_id, course_id, section_id, school_date from {{ ref('int_attendance_cells') }}) as keys
    )
    union all
    {%- else %}
    select 'int_grade_cells', grade_cells.n, gradebook.n * items.n from grade_cells cross join gradebook cross join items
    union all
    {%- endif %}
    select 'fct_grade', (select count(*) from {{ ref('fct_grade') }}), grade_cells.n - exempt.n from grade_cells cross join exempt
    union all
    {%- if var('ieta_source') == 'files' %}
    select 'fct_attendance', (select count(*) from {{ ref('fct_attendance') }}), (select count(*) from {{ ref('int_attendance_cells') }})
    {%- else %}
    select 'fct_attendance', (select count(*) from {{ ref('fct_attendance') }}), attendance.n * days.n from attendance cross join days
    {%- endif %}
)
select * from checks where actual <> expected
