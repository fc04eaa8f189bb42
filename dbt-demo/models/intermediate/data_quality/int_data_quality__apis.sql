-- mart_data_quality's ledger for IETA_SOURCE=apis (ephemeral, compiled into the mart): one row
-- per cleaning / identity rule and source table (docs/data-contract.md), so nothing the pipeline
-- drops, changes or ignores disappears silently. rows_affected counts in the stated unit (rows,
-- cells, columns); rows_in / rows_out are filled where the rule changes a row count.
--
-- Besides the staging views, this is the only model that reads the sources: it reconciles them
-- with the outputs. Row counts before deduplication (R1, I2) and text before cleaning (R2) exist
-- only in the raw tables, and the ignored columns (C1, C3) are the source columns the staging
-- views did not keep.
{{ config(enabled=var('ieta_source') == 'apis') }}
{%- set staged_gradebook_columns = ieta.column_names(ref('stg_lms__gradebook')) %}
{%- set staged_attendance_columns = ieta.column_names(ref('stg_sis__attendance')) %}
{%- set ignored_gradebook_columns = ieta.column_names(source('lms', 'gradebook')) | reject('in', staged_gradebook_columns) | list %}
{%- set ignored_attendance_columns = ieta.column_names(source('sis', 'attendance')) | reject('in', staged_attendance_columns) | list %}
{%- set gradebook_number_columns = ieta.item_columns(ref('stg_lms__gradebook')) + ['current_grade'] %}
{%- set catalog_items_without_column = ieta.column_values(ref('stg_lms__assignments'), 'assignment_name') | reject('in', staged_gradebook_columns) | sort %}

with raw_students_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed('student_name') }} + {{ ieta.text_changed('eduid') }} > 0 then 1 else 0 end) as n_text_changed,
        sum({{ ieta.unreadable('grade_level', 'integer') }}) as n_unreadable
    from {{ source('sis', 'students') }}
),

-- Roster rows per student_id: identical repeats are deduplicated, differing ones conflict.
roster_rows_per_student as (
    select
        student_id,
        count(*) as n_rows,
        count(distinct coalesce(cast(eduid as {{ dbt.type_string() }}), '') || '|' || coalesce(student_name, '') || '|' || coalesce(cast(grade_level as {{ dbt.type_string() }}), '')) as n_versions
    from {{ ref('stg_sis__students') }}
    where student_id is not null
    group by student_id
),

roster_row_checks as (
    select
        sum(case when n_versions = 1 then n_rows - 1 else 0 end) as identical_repeats,
        sum(case when n_versions > 1 then 1 else 0 end) as conflicting_students
    from roster_rows_per_student
),

roster_students_without_id as (
    select count(*) as n_rows from {{ ref('stg_sis__students') }} where student_id is null
),

raw_attendance_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.api_student_id("student_id") }} is null or nullif({{ ieta.clean_text('course_id') }}, '') is null or nullif({{ ieta.clean_text('section_id') }}, '') is null then 1 else 0 end) as n_missing_id,
        sum(case when {{ ieta.text_changed('student_name') }} + {{ ieta.text_changed('course_id') }} + {{ ieta.text_changed('section_id') }} > 0 then 1 else 0 end) as n_text_changed
    from {{ source('sis', 'attendance') }}
),

raw_gradebook_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.api_student_id("student_id") }} is null or nullif({{ ieta.clean_text('course_id') }}, '') is null or nullif({{ ieta.clean_text('section_id') }}, '') is null then 1 else 0 end) as n_missing_id,
        sum(case when {{ ieta.text_changed('student_name') }} + {{ ieta.text_changed('course_id') }} + {{ ieta.text_changed('section_id') }} + {{ ieta.text_changed('teacher') }} > 0 then 1 else 0 end) as n_text_changed,
        0
        {%- for column in gradebook_number_columns %}
        + sum({{ ieta.unreadable(adapter.quote(column), ieta.score_type()) }})
        {%- endfor %} as n_unreadable
    from {{ source('lms', 'gradebook') }}
),

raw_isat_counts as (
    select
        count(*) as n_rows,
        sum(case when {{ ieta.text_changed('eduid') }} + {{ ieta.text_changed('student_name') }} + {{ ieta.text_changed('course_id') }} + {{ ieta.text_changed('section_id') }} + {{ ieta.text_changed('math_performance_level') }} + {{ ieta.text_changed('ela_performance_level') }} > 0 then 1 else 0 end) as n_text_changed,
        sum({{ ieta.unreadable('math_scale_score', 'integer') }})
            + sum({{ ieta.unreadable('ela_scale_score', 'integer') }}) as n_unreadable
    from {{ source('state', 'isat') }}
),

raw_assignments_counts as (
    select
        count(*) as n_rows,
        sum(case when assignment_name is null then 1 else 0 end) as n_without_name,
        count(distinct assignment_name) as n_names,
        sum({{ ieta.unreadable('assignment_number', 'integer') }})
            + sum({{ ieta.unreadable('points_possible', 'double') }})
            + sum(case when due_date is not null and {{ ieta.try_to_date('due_date') }} is null then 1 else 0 end) as n_unreadable
    from {{ source('lms', 'assignments') }}
),

staged_attendance_counts as (
    select count(*) as n_rows from {{ ref('stg_sis__attendance') }}
),

staged_gradebook_counts as (
    select count(*) as n_rows from {{ ref('stg_lms__gradebook') }}
),

attendance_cell_counts as (
    select
        count(*) as n_cells,
        sum(case when attendance_status = 'Unknown Code' then 1 else 0 end) as n_unknown,
        sum(case when attendance_status = 'Not Recorded' then 1 else 0 end) as n_not_recorded,
        sum(case when is_recorded and attendance_code not in ('', 'Absent', 'Tardy', 'Excused') then 1 else 0 end) as n_case_normalized
    from {{ ref('fct_attendance') }}
),

shared as (
    select * from {{ ref('int_data_quality__shared') }}
),

roster as (
    select student_id, student_name, eduid, has_ambiguous_eduid
    from {{ ref('dim_student') }}
    where is_on_roster
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

-- ISAT rows by what fct_assessment did with them (rule 5).
-- One row per rule and source table. severity: 'warning' for a defect of the source (shown in
-- the run summary and the dashboard when rows_affected > 0), 'info' for what is expected in a
-- normal export (days not recorded, students without ISAT).
ledger as (
    select 'R1' as rule_id, 'enrollment_row_missing_id' as rule, 'raw.gradebook' as source_table,
        'Rows without a usable student_id (a number), course_id or section_id: left out (they cannot be attached to an enrollment).' as description,
        'warning' as severity, 'rows' as unit, n_rows as rows_in, n_rows - n_missing_id as rows_out,
        n_missing_id as rows_affected, cast(null as {{ dbt.type_string() }}) as details
    from raw_gradebook_counts
    union all
    select 'R1', 'enrollment_row_missing_id', 'raw.attendance',
        'Rows without a usable student_id (a number), course_id or section_id: left out (they cannot be attached to an enrollment).',
        'warning', 'rows', n_rows, n_rows - n_missing_id, n_missing_id, null
    from raw_attendance_counts
    union all
    select 'R1', 'duplicate_enrollment_rows', 'raw.gradebook',
        'Rows repeating an enrollment (student_id, course_id, section_id): first kept after ordering by all columns, the rest removed.',
        'warning', 'rows', raw_gradebook_counts.n_rows - raw_gradebook_counts.n_missing_id, staged_gradebook_counts.n_rows,
        raw_gradebook_counts.n_rows - raw_gradebook_counts.n_missing_id - staged_gradebook_counts.n_rows, null
    from raw_gradebook_counts cross join staged_gradebook_counts
    union all
    select 'R1', 'duplicate_enrollment_rows', 'raw.attendance',
        'Rows repeating an enrollment (student_id, course_id, section_id): first kept after ordering by all columns, the rest removed.',
        'warning', 'rows', raw_attendance_counts.n_rows - raw_attendance_counts.n_missing_id, staged_attendance_counts.n_rows,
        raw_attendance_counts.n_rows - raw_attendance_counts.n_missing_id - staged_attendance_counts.n_rows, null
    from raw_attendance_counts cross join staged_attendance_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.students',
        'Rows with student_name or eduid changed by trimming / collapsing whitespace (case kept).',
        'warning', 'rows', n_rows, n_rows, n_text_changed, null
    from raw_students_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.attendance',
        'Rows (before dedupe) with student_name, course_id or section_id changed by trimming / collapsing whitespace.',
        'warning', 'rows', n_rows, n_rows, n_text_changed, null
    from raw_attendance_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.gradebook',
        'Rows (before dedupe) with student_name, teacher, course_id or section_id changed by trimming / collapsing whitespace.',
        'warning', 'rows', n_rows, n_rows, n_text_changed, null
    from raw_gradebook_counts
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.isat',
        'Rows with a text field (eduid, name, course, section, levels) changed by trimming / collapsing whitespace.',
        'warning', 'rows', n_rows, n_rows, n_text_changed, null
    from raw_isat_counts
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.gradebook',
        'Enrollments whose cleaned gradebook student_name differs from the roster name (e.g. case): the roster name is shown.',
        'warning', 'rows', null, null, gradebook_name_differs, null
    from gradebook_name_checks
    union all
    select 'R2', 'feed_name_differs_from_roster', 'raw.attendance',
        'Enrollments whose cleaned attendance student_name differs from the roster name (e.g. case): the roster name is shown.',
        'warning', 'rows', null, null, attendance_name_differs, null
    from attendance_name_checks
    union all
    select 'R7', 'value_not_understood', 'raw.gradebook',
        'Scores or current grades that are not numbers (e.g. "N/A"): left null (a score is then missing work).',
        'warning', 'cells', null, null, n_unreadable, null
    from raw_gradebook_counts
    union all
    select 'R7', 'value_not_understood', 'raw.students',
        'Grade levels that are not whole numbers: left null.',
        'warning', 'cells', null, null, n_unreadable, null
    from raw_students_counts
    union all
    select 'R7', 'value_not_understood', 'raw.assignments',
        'Item numbers, points or due dates that cannot be read: left null (an item without a due date is never due).',
        'warning', 'cells', null, null, n_unreadable, null
    from raw_assignments_counts
    union all
    select 'R7', 'value_not_understood', 'raw.isat',
        'Scale scores that are not whole numbers: left null.',
        'warning', 'cells', null, null, n_unreadable, null
    from raw_isat_counts
    union all
    select 'R3', 'score_clamped', 'raw.gradebook',
        'Item scores above 100 (extra credit) or below 0, clamped to 0..100 for checkpoint averages; flagged in fct_grade.is_score_clamped.',
        'warning', 'cells', grade_cells, grade_cells, clamped_scores, null
    from shared
    union all
    select 'R4', 'unknown_attendance_code', 'raw.attendance',
        'Day cells with a code other than empty (present), Absent, Tardy, Excused (any case): treated as not recorded.',
        'warning', 'cells', n_cells, n_cells, n_unknown, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_code_case_normalized', 'raw.attendance',
        'Day cells whose code matched a known code only after ignoring case.',
        'warning', 'cells', n_cells, n_cells, n_case_normalized, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_not_recorded', 'raw.attendance',
        'Day cells that are null (attendance not taken): not counted as school days.',
        'info', 'cells', n_cells, n_cells, n_not_recorded, null
    from attendance_cell_counts
    union all
    select 'R5', 'isat_eduid_not_on_roster', 'raw.isat',
        'ISAT rows whose eduid is not on the SIS roster (or is empty): excluded from fct_assessment.',
        'warning', 'rows', isat_rows, null, isat_not_on_roster_rows, null
    from shared
    union all
    select 'R5', 'isat_identical_duplicate_rows', 'raw.isat',
        'ISAT rows repeating the same result (scores and levels) for an eduid: counted once.',
        'warning', 'rows', null, null, isat_identical_repeats, null
    from shared
    union all
    select 'R5', 'isat_conflicting_results', 'raw.isat',
        'ISAT rows of an eduid with two or more different results: the eduid is ambiguous, its student gets no ISAT scores.',
        'warning', 'rows', null, null, isat_conflicting_rows, null
    from shared
    union all
    select 'R5', 'isat_row_of_ambiguous_student', 'raw.isat',
        'ISAT rows whose eduid is held by several roster students (or by a student whose roster rows disagree on it): no scores, never the scores of another student.',
        'warning', 'rows', null, null, isat_ambiguous_rows, null
    from shared
    union all
    select 'R5', 'isat_level_not_recognized', 'raw.isat',
        'Performance levels other than Below Basic, Basic, Proficient, Advanced (in any case): shown as null.',
        'warning', 'cells', null, null, isat_unknown_levels, null
    from shared
    union all
    select 'R5', 'isat_score_out_of_range', 'raw.isat',
        'Scale scores outside 600-800: shown as null.',
        'warning', 'cells', null, null, isat_scores_out_of_range, null
    from shared
    union all
    select 'R5', 'roster_student_without_isat', 'raw.isat',
        'Roster students with no (unambiguous) ISAT result: their ISAT columns stay null on the dashboard.',
        'info', 'rows', null, null, students_without_isat, null
    from shared
    union all
    select 'R6', 'catalog_row_without_name', 'raw.assignments',
        'Catalog rows without an assignment_name: left out (they cannot match a gradebook column).',
        'warning', 'rows', n_rows, null, n_without_name, null
    from raw_assignments_counts
    union all
    select 'R6', 'catalog_duplicate_item', 'raw.assignments',
        'Catalog rows repeating an assignment_name: the one with the earliest due date kept.',
        'warning', 'rows', n_rows - n_without_name, n_names, n_rows - n_without_name - n_names, null
    from raw_assignments_counts
    union all
    select 'R6', 'catalog_item_without_due_date', 'raw.assignments',
        'Catalog items without a due date: never due, so counted in no checkpoint and no missing work.',
        'warning', 'rows', null, null, items_without_due_date, null
    from shared
    union all
    select 'R6', 'assignment_type_unknown', 'raw.assignments',
        'Catalog items whose type is neither Assignment nor Test (any case): shown as Unknown, graded as usual.',
        'warning', 'rows', null, null, items_of_unknown_type, null
    from shared
    union all
    select 'C1', 'gradebook_column_ignored', 'raw.gradebook',
        'Gradebook columns that are neither id columns nor catalog items: ignored.',
        'warning', 'columns', null, null, {{ ignored_gradebook_columns | length }}, {{ ieta.sql_joined_string(ignored_gradebook_columns) }}
    union all
    select 'C2', 'catalog_item_without_gradebook_column', 'raw.assignments',
        'Catalog items with no gradebook column: kept in dim_assignment (has_gradebook_column = false), not graded.',
        'warning', 'columns', n_names, null, {{ catalog_items_without_column | length }}, {{ ieta.sql_joined_string(catalog_items_without_column) }}
    from raw_assignments_counts
    union all
    select 'C3', 'attendance_column_ignored', 'raw.attendance',
        'Attendance columns that are neither id columns nor dates: ignored.',
        'warning', 'columns', null, null, {{ ignored_attendance_columns | length }}, {{ ieta.sql_joined_string(ignored_attendance_columns) }}
    union all
    select 'I1', 'student_not_on_roster', 'raw.gradebook',
        'Gradebook enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'warning', 'rows', null, null, gradebook_not_on_roster, null
    from shared
    union all
    select 'I1', 'student_not_on_roster', 'raw.attendance',
        'Attendance enrollments whose student_id is not on the roster: dim_student row from the feed name (is_on_roster = false).',
        'warning', 'rows', null, null, attendance_not_on_roster, null
    from shared
    union all
    select 'I2', 'roster_row_missing_id', 'raw.students',
        'Roster rows without a usable student_id (a number): left out.',
        'warning', 'rows', null, null, n_rows, null
    from roster_students_without_id
    union all
    select 'I2', 'roster_identical_duplicate_rows', 'raw.students',
        'Roster rows repeating a student exactly: counted once.',
        'warning', 'rows', null, null, identical_repeats, null
    from roster_row_checks
    union all
    select 'I2', 'roster_conflicting_rows', 'raw.students',
        'Students whose roster rows differ: the first after ordering by eduid, name, grade level is shown; rows that disagree on the eduid leave the student without ISAT scores.',
        'warning', 'students', null, null, conflicting_students, null
    from roster_row_checks
    union all
    select 'I2', 'eduid_ambiguous', 'raw.students',
        'Roster students whose eduid another roster student holds too, or whose rows disagree on it: no ISAT scores (never the scores of another student).',
        'warning', 'students', roster_students, null, ambiguous_eduid_students, null
    from shared
    union all
    select 'I2', 'roster_student_without_enrollment', 'raw.students',
        'Roster students with no enrollment in the gradebook or attendance: in dim_student, not on the dashboard.',
        'warning', 'students', roster_students, null, students_without_enrollment, null
    from shared
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.attendance',
        'Enrollments in the gradebook with no attendance row: attendance counts 0, attendance_pct null.',
        'info', 'rows', null, null, gradebook_only, null
    from shared
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.gradebook',
        'Enrollments in attendance with no gradebook row: no grades, trend No Data.',
        'info', 'rows', null, null, attendance_only, null
    from shared
    union all
    select 'I4', 'current_grade_missing', 'raw.gradebook',
        'Gradebook enrollments with no LMS current_grade: grade_risk null, not in class grade statistics.',
        'info', 'rows', null, null, no_current_grade, null
    from shared
    union all
    select 'I5', 'teacher_differs_from_section_teacher', 'raw.gradebook',
        'Gradebook rows whose teacher differs from the section teacher (most frequent name, ties alphabetical).',
        'warning', 'rows', n_rows, null, n_overridden, null
    from teacher_checks
)

select * from ledger
