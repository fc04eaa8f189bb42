-- Data quality ledger: one row per cleaning / identity rule and source table
-- (docs/data-contract.md), so nothing the pipeline drops, changes or ignores disappears silently.
-- rows_affected counts in the stated unit (rows, cells, columns); rows_in / rows_out are filled
-- where the rule changes a row count.
--
-- Besides the staging views, this is the only model that reads the sources: it reconciles them
-- with the outputs. Row counts before deduplication (R1, I2) and text before cleaning (R2) exist
-- only in the raw tables, and the ignored columns (C1, C3) are the source columns the staging
-- views did not keep.
{%- set students_columns = ieta.columns_by_name(source('sis', 'students')) %}
{%- set attendance_columns = ieta.columns_by_name(source('sis', 'attendance')) %}
{%- set gradebook_columns = ieta.columns_by_name(source('lms', 'gradebook')) %}
{%- set isat_columns = ieta.columns_by_name(source('state', 'isat')) %}

{%- set staged_gradebook_columns = ieta.column_names(ref('stg_lms__gradebook')) %}
{%- set staged_attendance_columns = ieta.column_names(ref('stg_sis__attendance')) %}
{%- set ignored_gradebook_columns = ieta.column_names(source('lms', 'gradebook')) | reject('in', staged_gradebook_columns) | list %}
{%- set ignored_attendance_columns = ieta.column_names(source('sis', 'attendance')) | reject('in', staged_attendance_columns) | list %}
{%- set catalog_items_without_column = ieta.catalog_item_names(ref('stg_lms__assignments')) | reject('in', staged_gradebook_columns) | sort %}

with raw_students_counts as (
    select
        count(*) as n_rows,
        count(distinct student_id) as n_ids,
        sum(case when {{ ieta.text_changed(students_columns, 'student_name') }} + {{ ieta.text_changed(students_columns, 'eduid') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('sis', 'students') }}
),

raw_attendance_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(attendance_columns, 'student_name') }} + {{ ieta.text_changed(attendance_columns, 'course_id') }} + {{ ieta.text_changed(attendance_columns, 'section_id') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('sis', 'attendance') }}
),

raw_gradebook_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(gradebook_columns, 'student_name') }} + {{ ieta.text_changed(gradebook_columns, 'course_id') }} + {{ ieta.text_changed(gradebook_columns, 'section_id') }} + {{ ieta.text_changed(gradebook_columns, 'teacher') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('lms', 'gradebook') }}
),

raw_isat_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(isat_columns, 'eduid') }} + {{ ieta.text_changed(isat_columns, 'student_name') }} + {{ ieta.text_changed(isat_columns, 'course_id') }} + {{ ieta.text_changed(isat_columns, 'section_id') }} + {{ ieta.text_changed(isat_columns, 'math_performance_level') }} + {{ ieta.text_changed(isat_columns, 'ela_performance_level') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('state', 'isat') }}
),

raw_assignments_counts as (
    select count(*) as n_rows from {{ source('lms', 'assignments') }}
),

staged_attendance_counts as (
    select count(*) as n_rows from {{ ref('stg_sis__attendance') }}
),

staged_gradebook_counts as (
    select count(*) as n_rows from {{ ref('stg_lms__gradebook') }}
),

grade_cell_counts as (
    select
        count(*) as n_cells,
        sum(case when is_score_clamped then 1 else 0 end) as n_clamped
    from {{ ref('fct_grade') }}
),

attendance_cell_counts as (
    select
        count(*) as n_cells,
        sum(case when attendance_status = 'Unknown Code' then 1 else 0 end) as n_unknown,
        sum(case when attendance_status = 'Not Recorded' then 1 else 0 end) as n_not_recorded,
        sum(case when is_recorded and attendance_code not in ('', 'Absent', 'Tardy', 'Excused') then 1 else 0 end) as n_case_normalized
    from {{ ref('fct_attendance') }}
),

roster as (
    select student_id, student_name, eduid from {{ ref('dim_student') }} where is_on_roster
),

enrollments as (
    select * from {{ ref('int_enrollments') }}
),

enrollment_checks as (
    select
        sum(case when enrollments.in_gradebook and roster.student_id is null then 1 else 0 end) as gradebook_not_on_roster,
        sum(case when enrollments.in_attendance and roster.student_id is null then 1 else 0 end) as attendance_not_on_roster,
        sum(case when enrollments.in_gradebook and not enrollments.in_attendance then 1 else 0 end) as gradebook_only,
        sum(case when enrollments.in_attendance and not enrollments.in_gradebook then 1 else 0 end) as attendance_only,
        sum(case when enrollments.in_gradebook and enrollments.current_grade is null then 1 else 0 end) as no_current_grade
    from enrollments
    left join roster
        on enrollments.student_id = roster.student_id
),

gradebook_name_checks as (
    select
        sum(case when gradebook.student_name is distinct from roster.student_name then 1 else 0 end) as gradebook_name_differs
    from {{ ref('stg_lms__gradebook') }} as gradebook
    inner join roster
        on gradebook.student_id = roster.student_id
),

attendance_name_checks as (
    select
        sum(case when attendance.student_name is distinct from roster.student_name then 1 else 0 end) as attendance_name_differs
    from {{ ref('stg_sis__attendance') }} as attendance
    inner join roster
        on attendance.student_id = roster.student_id
),

teacher_checks as (
    select
        count(*) as n_rows,
        sum(case when gradebook.teacher is distinct from teachers.teacher_name then 1 else 0 end) as n_overridden
    from {{ ref('stg_lms__gradebook') }} as gradebook
    left join {{ ref('int_section_teacher') }} as teachers
        on gradebook.course_id = teachers.course_id
        and gradebook.section_id = teachers.section_id
),

isat_checks as (
    select
        count(*) as n_rows,
        sum(case when roster.eduid is null then 1 else 0 end) as n_not_on_roster,
        sum(case when roster.eduid is not null then 1 else 0 end) as n_on_roster
    from {{ ref('stg_state__isat') }} as isat
    left join roster
        on isat.eduid = roster.eduid
),

assessment_counts as (
    select count(*) as n_rows from {{ ref('fct_assessment') }}
),

students_without_isat as (
    select count(*) as n_students
    from roster
    left join {{ ref('fct_assessment') }} as assessments
        on roster.student_id = assessments.student_id
    where assessments.student_id is null
),

ledger as (
    select 'R1' as rule_id, 'duplicate_enrollment_rows' as rule, 'raw.gradebook' as source_table,
        'Rows repeating an enrollment (student_id, course_id, section_id): first kept after ordering by all columns, the rest removed.' as description,
        'rows' as unit, raw_gradebook_counts.n_rows as rows_in, staged_gradebook_counts.n_rows as rows_out,
        raw_gradebook_counts.n_rows - staged_gradebook_counts.n_rows as rows_affected, cast(null as varchar) as details
    from raw_gradebook_counts cross join staged_gradebook_counts
    union all
    select 'R1', 'duplicate_enrollment_rows', 'raw.attendance',
        'Rows repeating an enrollment (student_id, course_id, section_id): first kept after ordering by all columns, the rest removed.',
        'rows', raw_attendance_counts.n_rows, staged_attendance_counts.n_rows, raw_attendance_counts.n_rows - staged_attendance_counts.n_rows, null
    from raw_attendance_counts cross join staged_attendance_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.students',
        'Rows with student_name or eduid changed by trimming / collapsing whitespace (case kept).',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_students_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.attendance',
        'Rows (before dedupe) with student_name, course_id or section_id changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_attendance_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.gradebook',
        'Rows (before dedupe) with student_name, teacher, course_id or section_id changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_gradebook_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.isat',
        'Rows with a text field (eduid, name, course, section, levels) changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_isat_counts
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.gradebook',
        'Enrollments whose cleaned gradebook student_name differs from the roster name (e.g. case): the roster name is shown.',
        'rows', null, null, gradebook_name_differs, null
    from gradebook_name_checks
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.attendance',
        'Enrollments whose cleaned attendance student_name differs from the roster name (e.g. case): the roster name is shown.',
        'rows', null, null, attendance_name_differs, null
    from attendance_name_checks
    union all
    select 'R3', 'score_clamped', 'raw.gradebook',
        'Item scores above 100 (extra credit) or below 0, clamped to 0..100 for checkpoint averages; flagged in fct_grade.is_score_clamped.',
        'cells', n_cells, n_cells, n_clamped, null
    from grade_cell_counts
    union all
    select 'R4', 'unknown_attendance_code', 'raw.attendance',
        'Day cells with a code other than '''', Absent, Tardy, Excused (any case): treated as not recorded.',
        'cells', n_cells, n_cells, n_unknown, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_code_case_normalized', 'raw.attendance',
        'Day cells whose code matched a known code only after ignoring case.',
        'cells', n_cells, n_cells, n_case_normalized, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_not_recorded', 'raw.attendance',
        'Day cells that are null (attendance not taken): not counted as school days.',
        'cells', n_cells, n_cells, n_not_recorded, null
    from attendance_cell_counts
    union all
    select 'R5', 'isat_eduid_not_on_roster', 'raw.isat',
        'ISAT rows whose eduid is not on the SIS roster (or is empty): excluded from fct_assessment.',
        'rows', isat_checks.n_rows, assessment_counts.n_rows, isat_checks.n_not_on_roster, null
    from isat_checks cross join assessment_counts
    union all
    select 'R5', 'isat_duplicate_eduid', 'raw.isat',
        'Extra ISAT rows for an eduid already reported: the row with most scores (then lowest course_id, section_id) kept.',
        'rows', isat_checks.n_rows, assessment_counts.n_rows, isat_checks.n_on_roster - assessment_counts.n_rows, null
    from isat_checks cross join assessment_counts
    union all
    select 'R5', 'roster_student_without_isat', 'raw.isat',
        'Roster students with no ISAT row: their ISAT columns stay null on the dashboard.',
        'rows', null, null, n_students, null
    from students_without_isat
    union all
    select 'C1', 'gradebook_column_ignored', 'raw.gradebook',
        'Gradebook columns that are neither id columns nor catalog items: ignored.',
        'columns', null, null, {{ ignored_gradebook_columns | length }}, {{ ieta.sql_joined_string(ignored_gradebook_columns) }}
    union all
    select 'C2', 'catalog_item_without_gradebook_column', 'raw.assignments',
        'Catalog items with no gradebook column: kept in dim_assignment (has_gradebook_column = false), not graded.',
        'columns', n_rows, null, {{ catalog_items_without_column | length }}, {{ ieta.sql_joined_string(catalog_items_without_column) }}
    from raw_assignments_counts
    union all
    select 'C3', 'attendance_column_ignored', 'raw.attendance',
        'Attendance columns that are neither id columns nor dates: ignored.',
        'columns', null, null, {{ ignored_attendance_columns | length }}, {{ ieta.sql_joined_string(ignored_attendance_columns) }}
    union all
    select 'I1', 'student_not_on_roster', 'raw.gradebook',
        'Gradebook enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'rows', null, null, gradebook_not_on_roster, null
    from enrollment_checks
    union all
    select 'I1', 'student_not_on_roster', 'raw.attendance',
        'Attendance enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'rows', null, null, attendance_not_on_roster, null
    from enrollment_checks
    union all
    select 'I2', 'roster_duplicate_student_id', 'raw.students',
        'Roster rows repeating a student_id: first kept after ordering by all columns.',
        'rows', n_rows, n_ids, n_rows - n_ids, null
    from raw_students_counts
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.attendance',
        'Enrollments in the gradebook with no attendance row: attendance counts 0, attendance_pct null.',
        'rows', null, null, gradebook_only, null
    from enrollment_checks
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.gradebook',
        'Enrollments in attendance with no gradebook row: no grades, trend No Data.',
        'rows', null, null, attendance_only, null
    from enrollment_checks
    union all
    select 'I4', 'current_grade_missing', 'raw.gradebook',
        'Gradebook enrollments with no LMS current_grade: grade_risk null, not in class grade statistics.',
        'rows', null, null, no_current_grade, null
    from enrollment_checks
    union all
    select 'I5', 'teacher_differs_from_section_teacher', 'raw.gradebook',
        'Gradebook rows whose teacher differs from the section teacher (most frequent name, ties alphabetical).',
        'rows', n_rows, null, n_overridden, null
    from teacher_checks
)

select
    rule_id,
    rule,
    source_table,
    description,
    unit,
    cast(rows_in as bigint) as rows_in,
    cast(rows_out as bigint) as rows_out,
    cast(coalesce(rows_affected, 0) as bigint) as rows_affected,
    details
from ledger
