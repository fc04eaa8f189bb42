-- Shown in Dagster as an asset check of mart_student_dashboard: a singular test on several
-- models names its asset in meta.dagster.ref.
{{ config(meta={'dagster': {'ref': {'name': 'mart_student_dashboard'}}}) }}

-- No fan-out, no loss: the snapshot and the dashboard have one row per enrollment, fct_grade
-- one row per enrollment x graded item that is not exempt (int_grade_cells holds every
-- enrollment x item), fct_attendance one per enrollment x school day.
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
    select 'int_grade_cells', grade_cells.n, gradebook.n * items.n from grade_cells cross join gradebook cross join items
    union all
    select 'fct_grade', (select count(*) from {{ ref('fct_grade') }}), grade_cells.n - exempt.n from grade_cells cross join exempt
    union all
    select 'fct_attendance', (select count(*) from {{ ref('fct_attendance') }}), attendance.n * days.n from attendance cross join days
)
select * from checks where actual <> expected
