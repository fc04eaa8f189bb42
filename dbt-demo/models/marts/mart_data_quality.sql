-- Data quality ledger: one row per cleaning / identity rule and source table
-- (docs/data-contract.md), so nothing the pipeline drops, changes or ignores disappears silently.
-- rows_affected counts in the stated unit (rows, cells, columns, sections); rows_in / rows_out
-- are filled where the rule changes a row count.
{%- set stu_cols = ieta.columns_by_name(source('sis', 'students')) %}
{%- set att_cols = ieta.columns_by_name(source('sis', 'attendance')) %}
{%- set gb_cols = ieta.columns_by_name(source('lms', 'gradebook')) %}
{%- set isat_cols = ieta.columns_by_name(source('state', 'isat')) %}
{%- set ignored_gb = ieta.gradebook_ignored_columns() %}
{%- set ignored_att = ieta.attendance_ignored_columns() %}
{%- set catalog_missing = ieta.catalog_items_without_column() %}



with raw_students as (
    select
        count(*) as n_rows,
        count(distinct student_id) as n_ids,
        sum(case when {{ ieta.text_changed(stu_cols, 'student_name') }} + {{ ieta.text_changed(stu_cols, 'eduid') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('sis', 'students') }}
),

raw_attendance as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(att_cols, 'student_name') }} + {{ ieta.text_changed(att_cols, 'course_id') }} + {{ ieta.text_changed(att_cols, 'section_id') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('sis', 'attendance') }}
),

raw_gradebook as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(gb_cols, 'student_name') }} + {{ ieta.text_changed(gb_cols, 'course_id') }} + {{ ieta.text_changed(gb_cols, 'section_id') }} + {{ ieta.text_changed(gb_cols, 'teacher') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('lms', 'gradebook') }}
),

raw_isat as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed(isat_cols, 'eduid') }} + {{ ieta.text_changed(isat_cols, 'student_name') }} + {{ ieta.text_changed(isat_cols, 'course_id') }} + {{ ieta.text_changed(isat_cols, 'section_id') }} + {{ ieta.text_changed(isat_cols, 'math_performance_level') }} + {{ ieta.text_changed(isat_cols, 'ela_performance_level') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('state', 'isat') }}
),

raw_assignments as (
    select count(*) as n_rows from {{ source('lms', 'assignments') }}
),

stg_attendance as (
    select count(*) as n_rows from {{ ref('stg_sis__attendance') }}
),

stg_gradebook as (
    select count(*) as n_rows from {{ ref('stg_lms__gradebook') }}
),

grade_cells as (
    select
        count(*) as n_cells,
        sum(case when is_score_clamped then 1 else 0 end) as n_clamped
    from {{ ref('fct_grade') }}
),

attendance_cells as (
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
        count(*) as n_enrollments,
        sum(case when enrollments.in_gradebook and roster.student_id is null then 1 else 0 end) as gb_not_on_roster,
        sum(case when enrollments.in_attendance and roster.student_id is null then 1 else 0 end) as att_not_on_roster,
        sum(case when enrollments.in_gradebook and not enrollments.in_attendance then 1 else 0 end) as gb_only,
        sum(case when enrollments.in_attendance and not enrollments.in_gradebook then 1 else 0 end) as att_only,
        sum(case when enrollments.in_gradebook and enrollments.current_grade is null then 1 else 0 end) as no_current_grade
    from enrollments
    left join roster
        on enrollments.student_id = roster.student_id
),

name_checks as (
    select
        sum(case when gradebook.student_name is distinct from roster.student_name then 1 else 0 end) as gb_name_differs
    from {{ ref('stg_lms__gradebook') }} as gradebook
    inner join roster
        on gradebook.student_id = roster.student_id
),

att_name_checks as (
    select
        sum(case when attendance.student_name is distinct from roster.student_name then 1 else 0 end) as att_name_differs
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

assessments as (
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
        'rows' as unit, raw_gradebook.n_rows as rows_in, stg_gradebook.n_rows as rows_out,
        raw_gradebook.n_rows - stg_gradebook.n_rows as rows_affected, cast(null as varchar) as details
    from raw_gradebook cross join stg_gradebook
    union all
    select 'R1', 'duplicate_enrollment_rows', 'raw.attendance',
        'Rows repeating an enrollment (student_id, course_id, section_id): first kept after ordering by all columns, the rest removed.',
        'rows', raw_attendance.n_rows, stg_attendance.n_rows, raw_attendance.n_rows - stg_attendance.n_rows, null
    from raw_attendance cross join stg_attendance
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.students',
        'Rows with student_name or eduid changed by trimming / collapsing whitespace (case kept).',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_students
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.attendance',
        'Rows (before dedupe) with student_name, course_id or section_id changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_attendance
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.gradebook',
        'Rows (before dedupe) with student_name, teacher, course_id or section_id changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_gradebook
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.isat',
        'Rows with a text field (eduid, name, course, section, levels) changed by trimming / collapsing whitespace.',
        'rows', n_rows, n_rows, n_text_changed, null
    from raw_isat
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.gradebook',
        'Enrollments whose cleaned gradebook student_name differs from the roster name (e.g. case): the roster name is shown.',
        'rows', null, null, gb_name_differs, null
    from name_checks
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.attendance',
        'Enrollments whose cleaned attendance student_name differs from the roster name (e.g. case): the roster name is shown.',
        'rows', null, null, att_name_differs, null
    from att_name_checks
    union all
    select 'R3', 'score_clamped', 'raw.gradebook',
        'Item scores above 100 (extra credit) or below 0, clamped to 0..100 for checkpoint averages; flagged in fct_grade.is_score_clamped.',
        'cells', n_cells, n_cells, n_clamped, null
    from grade_cells
    union all
    select 'R4', 'unknown_attendance_code', 'raw.attendance',
        'Day cells with a code other than '''', Absent, Tardy, Excused (any case): treated as not recorded.',
        'cells', n_cells, n_cells, n_unknown, null
    from attendance_cells
    union all
    select 'R4', 'attendance_code_case_normalized', 'raw.attendance',
        'Day cells whose code matched a known code only after ignoring case.',
        'cells', n_cells, n_cells, n_case_normalized, null
    from attendance_cells
    union all
    select 'R4', 'attendance_not_recorded', 'raw.attendance',
        'Day cells that are null (attendance not taken): not counted as school days.',
        'cells', n_cells, n_cells, n_not_recorded, null
    from attendance_cells
    union all
    select 'R5', 'isat_eduid_not_on_roster', 'raw.isat',
        'ISAT rows whose eduid is not on the SIS roster (or is empty): excluded from fct_assessment.',
        'rows', isat_checks.n_rows, assessments.n_rows, isat_checks.n_not_on_roster, null
    from isat_checks cross join assessments
    union all
    select 'R5', 'isat_duplicate_eduid', 'raw.isat',
        'Extra ISAT rows for an eduid already reported: the row with most scores (then lowest course_id, section_id) kept.',
        'rows', isat_checks.n_rows, assessments.n_rows, isat_checks.n_on_roster - assessments.n_rows, null
    from isat_checks cross join assessments
    union all
    select 'R5', 'roster_student_without_isat', 'raw.isat',
        'Roster students with no ISAT row: their ISAT columns stay null on the dashboard.',
        'rows', null, null, n_students, null
    from students_without_isat
    union all
    select 'C1', 'gradebook_column_ignored', 'raw.gradebook',
        'Gradebook columns that are neither id columns nor catalog items: ignored.',
        'columns', null, null, {{ ignored_gb | length }}, {{ "'" ~ (ignored_gb | join(', ') | replace("'", "''")) ~ "'" if ignored_gb else 'null' }}
    union all
    select 'C2', 'catalog_item_without_gradebook_column', 'raw.assignments',
        'Catalog items with no gradebook column: kept in dim_assignment (has_gradebook_column = false), not graded.',
        'columns', n_rows, null, {{ catalog_missing | length }}, {{ "'" ~ (catalog_missing | join(', ') | replace("'", "''")) ~ "'" if catalog_missing else 'null' }}
    from raw_assignments
    union all
    select 'C3', 'attendance_column_ignored', 'raw.attendance',
        'Attendance columns that are neither id columns nor dates: ignored.',
        'columns', null, null, {{ ignored_att | length }}, {{ "'" ~ (ignored_att | join(', ') | replace("'", "''")) ~ "'" if ignored_att else 'null' }}
    union all
    select 'I1', 'student_not_on_roster', 'raw.gradebook',
        'Gradebook enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'rows', null, null, gb_not_on_roster, null
    from enrollment_checks
    union all
    select 'I1', 'student_not_on_roster', 'raw.attendance',
        'Attendance enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'rows', null, null, att_not_on_roster, null
    from enrollment_checks
    union all
    select 'I2', 'roster_duplicate_student_id', 'raw.students',
        'Roster rows repeating a student_id: first kept after ordering by all columns.',
        'rows', n_rows, n_ids, n_rows - n_ids, null
    from raw_students
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.attendance',
        'Enrollments in the gradebook with no attendance row: attendance counts 0, attendance_pct null.',
        'rows', null, null, gb_only, null
    from enrollment_checks
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.gradebook',
        'Enrollments in attendance with no gradebook row: no grades, trend No Data.',
        'rows', null, null, att_only, null
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
