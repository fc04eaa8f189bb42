-- mart_data_quality's ledger for IETA_SOURCE=files (ephemeral, compiled into the mart): one row
-- per rule and drop-folder table (docs/data-contract.md, "OneRoster, attendance and state score
-- files"). The files path counts per line where the API path counts per row (one duplicated
-- enrollment is one gradebook row but a results line per item), so the two ledgers differ; the
-- rules after staging are the same. Besides the staging views, this is the only model that reads
-- the drop folder's sources: text before cleaning exists only there.
{{ config(enabled=var('ieta_source') == 'files') }}
{%- set known_statuses = ['exempt', 'not submitted', 'fully graded', 'partially graded', 'submitted'] %}

with shared as (
    select * from {{ ref('int_data_quality__shared') }}
),

users as (
    select * from {{ ref('int_files__users') }}
),

classes as (
    select * from {{ ref('int_files__classes') }}
),

line_items as (
    select * from {{ ref('int_files__line_items') }}
),

-- F1: sourcedId references that do not resolve; the row is left out.
enrollment_checks as (
    select
        count(*) as n_rows,
        sum(case when users.user_sourced_id is null then 1 else 0 end) as n_user_missing,
        sum(case when users.user_sourced_id is not null and classes.class_sourced_id is null then 1 else 0 end) as n_class_missing,
        sum(case
            when enrollments.role = 'student' and users.user_sourced_id is not null and classes.class_sourced_id is not null
                and (users.student_id is null or classes.course_id is null or classes.section_id is null) then 1 else 0
        end) as n_missing_id,
        sum(case
            when enrollments.role = 'student' and users.student_id is not null
                and classes.course_id is not null and classes.section_id is not null then 1 else 0
        end) as n_student_rows
    from {{ ref('stg_oneroster__enrollments') }} as enrollments
    left join users
        on enrollments.user_sourced_id = users.user_sourced_id
    left join classes
        on enrollments.class_sourced_id = classes.class_sourced_id
    where enrollments.is_live
),

-- F5: enrollment windows. Enrollments not on the dashboard because of as_of, and window dates
-- that cannot be read.
gradebook_counts as (
    select
        count(*) as n_rows,
        sum(case when has_ended then 1 else 0 end) as n_ended,
        sum(case when has_not_started then 1 else 0 end) as n_not_started
    from {{ ref('int_files__enrollments') }}
),

enrollment_date_checks as (
    select
        sum(case when begin_date_text is not null and trim(begin_date_text) <> '' and begin_date is null then 1 else 0 end)
            + sum(case when end_date_text is not null and trim(end_date_text) <> '' and end_date is null then 1 else 0 end) as n_unreadable
    from {{ ref('stg_oneroster__enrollments') }}
),

-- F4: rows whose status is tobedeleted or inactive, left out (per file).
status_checks as (
    {%- set status_files = [
        ('stg_oneroster__users', 'raw.oneroster_users'),
        ('stg_oneroster__roles', 'raw.oneroster_roles'),
        ('stg_oneroster__courses', 'raw.oneroster_courses'),
        ('stg_oneroster__classes', 'raw.oneroster_classes'),
        ('stg_oneroster__enrollments', 'raw.oneroster_enrollments'),
        ('stg_oneroster__categories', 'raw.oneroster_categories'),
        ('stg_oneroster__line_items', 'raw.oneroster_line_items'),
        ('stg_oneroster__results', 'raw.oneroster_results'),
    ] %}
    {%- for model, table in status_files %}
    select '{{ table }}' as source_table, count(*) as n_rows, sum(case when is_live then 0 else 1 end) as n_dead
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- I6: students known by their sourcedId (no identifier).
student_id_checks as (
    select
        sum(case when is_student then 1 else 0 end) as n_students,
        sum(case when is_id_from_sourced_id then 1 else 0 end) as n_from_sourced_id,
        sum(case when is_student and user_ids_text is not null and eduid is null then 1 else 0 end) as n_without_state_label
    from users
),

class_checks as (
    select
        count(*) as n_rows,
        sum(case when is_course_id_from_sourced_id then 1 else 0 end) as n_course_missing,
        sum(case when is_section_id_from_sourced_id then 1 else 0 end) as n_section_from_sourced_id
    from classes
),

line_item_checks as (
    select
        count(*) as n_rows,
        sum(case when line_items.line_item_sourced_id is null then 1 else 0 end) as n_class_missing,
        sum(case when staged.result_value_max is null or staged.result_value_max <= 0 then 1 else 0 end) as n_without_max,
        sum(case when staged.due_date_text is not null and staged.due_date is null then 1 else 0 end)
            + sum(case when staged.result_value_max_text is not null and staged.result_value_max is null then 1 else 0 end) as n_unreadable
    from {{ ref('stg_oneroster__line_items') }} as staged
    left join line_items
        on staged.line_item_sourced_id = line_items.line_item_sourced_id
),

result_reference_checks as (
    select
        count(*) as n_rows,
        sum(case when line_items.line_item_sourced_id is null then 1 else 0 end) as n_line_item_missing,
        sum(case when line_items.line_item_sourced_id is not null and users.user_sourced_id is null then 1 else 0 end) as n_student_missing,
        sum(case when results.score_text is not null and results.score is null then 1 else 0 end) as n_unreadable
    from {{ ref('stg_oneroster__results') }} as results
    left join line_items
        on results.line_item_sourced_id = line_items.line_item_sourced_id
    left join users
        on results.student_sourced_id = users.user_sourced_id
),

-- F2: what scoreStatus did with the results (one per cell after the dedupe).
result_status_checks as (
    select
        count(*) as n_cells,
        sum(result_lines - 1) as n_duplicate_lines,
        sum(case when score_status = 'exempt' then 1 else 0 end) as n_exempt,
        sum(case when score_status = 'not submitted' then 1 else 0 end) as n_not_submitted,
        sum(case when score_status is null or score_status not in {{ ieta.sql_string_list(known_statuses) }} then 1 else 0 end) as n_unknown_status,
        sum(case when raw_score is not null and score is not null and not (result_value_max > 0) then 1 else 0 end) as n_not_normalised
    from {{ ref('int_files__results') }}
),

attendance_reference_checks as (
    select
        count(*) as n_rows,
        sum(case when users.user_sourced_id is null then 1 else 0 end) as n_student_missing,
        sum(case
            when users.user_sourced_id is not null and classes.class_sourced_id is null
                and nullif(trim(events.class_sourced_id), '') is not null then 1 else 0
        end) as n_class_missing,
        sum(case when events.school_date_text is not null and events.school_date is null then 1 else 0 end) as n_unreadable,
        sum(case when users.user_sourced_id is not null and nullif(trim(events.class_sourced_id), '') is null then 1 else 0 end) as n_whole_day,
        sum(case
            when events.school_date is not null
                and exists (select 1 from {{ ref('stg_drop__calendar') }})
                and events.school_date not in (
                    select school_date from {{ ref('stg_drop__calendar') }} where school_date is not null
                ) then 1 else 0
        end) as n_not_school_day
    from {{ ref('stg_drop__attendance_events') }} as events
    left join users
        on events.student_sourced_id = users.user_sourced_id
    left join classes
        on events.class_sourced_id = classes.class_sourced_id
),

attendance_line_checks as (
    select
        count(*) as n_cells,
        sum(event_lines - 1) as n_duplicate_lines,
        sum(case
            when not events.is_whole_day and not exists (
                select 1 from {{ ref('int_files__enrollments') }} as enrollments
                where enrollments.student_id = events.student_id
                    and enrollments.course_id = events.course_id
                    and enrollments.section_id = events.section_id
            ) then event_lines else 0
        end) as n_without_enrollment
    from {{ ref('int_files__attendance_events') }} as events
),

calendar_checks as (
    select
        count(*) as n_rows,
        sum(case when school_date_text is not null and school_date is null then 1 else 0 end) as n_unreadable
    from {{ ref('stg_drop__calendar') }}
),

attendance_rows_counts as (
    select count(*) as n_rows from {{ ref('int_attendance_rows') }}
),

-- R4: mapping rows that are not used: a status other than the four, or a code given two.
mapping_rows as (
    select
        attendance_code_key,
        lower(status) in ('present', 'absent', 'tardy', 'excused') as is_known_status,
        lower(status) as status_key
    from {{ ref('stg_drop__attendance_codes') }}
),

mapping_conflicts as (
    select attendance_code_key
    from mapping_rows
    where is_known_status
    group by attendance_code_key
    having count(distinct status_key) > 1
),

mapping_checks as (
    select
        count(*) as n_rows,
        sum(case
            when not coalesce(is_known_status, false)
                or attendance_code_key in (select attendance_code_key from mapping_conflicts) then 1 else 0
        end) as n_ignored
    from mapping_rows
),

attendance_cell_counts as (
    select
        count(*) as n_cells,
        sum(case when attendance_status = 'Unknown Code' then 1 else 0 end) as n_unknown,
        sum(case when attendance_status = 'Not Recorded' then 1 else 0 end) as n_not_recorded
    from {{ ref('fct_attendance') }}
),

raw_users_counts as (
    select
        count(*) as n_rows,
        sum(case
            when {{ ieta.text_changed('givenName') }} + {{ ieta.text_changed('familyName') }}
                + {{ ieta.text_changed(ieta.oneroster_optional_text(source('oneroster', 'oneroster_users'), 'middleName')) }} > 0 then 1 else 0
        end) as n_text_changed
    from {{ source('oneroster', 'oneroster_users') }}
),

roster_rows as (
    select * from {{ ref('int_roster_rows') }}
),

roster_row_checks as (
    select
        sum(case when student_id is null then 1 else 0 end) as n_without_id
    from roster_rows
),

roster_rows_per_student as (
    select
        student_id,
        count(*) as n_rows,
        count(distinct coalesce(eduid, '') || '|' || coalesce(student_name, '') || '|' || coalesce(cast(grade_level as {{ dbt.type_string() }}), '')) as n_versions
    from roster_rows
    where student_id is not null
    group by student_id
),

roster_duplicate_checks as (
    select
        sum(case when n_versions = 1 then n_rows - 1 else 0 end) as identical_repeats,
        sum(case when n_versions > 1 then 1 else 0 end) as conflicting_students
    from roster_rows_per_student
),

sections_without_teacher as (
    select count(*) as n_sections
    from {{ ref('dim_section') }}
    where teacher_name is null
),

-- F3 and rule 5: state scores.
state_score_rows as (
    select
        state_id,
        lower(subject) in {{ ieta.lower_var_list('state_score_math_subjects') }}
            or lower(subject) in {{ ieta.lower_var_list('state_score_ela_subjects') }} as is_read_subject,
        coalesce(cast(scale_score as {{ dbt.type_string() }}), '') || '|' || coalesce(performance_level, '') || '|' || lower(subject) as result_text,
        scale_score_text,
        scale_score
    from {{ ref('stg_drop__state_scores') }}
),

state_score_checks as (
    select
        count(*) as n_rows,
        sum(case when not coalesce(is_read_subject, false) then 1 else 0 end) as n_subject_ignored,
        sum(case when scale_score_text is not null and scale_score is null then 1 else 0 end) as n_unreadable,
        count(case when is_read_subject and state_id is not null then 1 end)
            - count(distinct case when is_read_subject and state_id is not null then state_id || '|' || result_text end) as n_identical_repeats
    from state_score_rows
),

catalog_due_dates as (
    select class_sourced_id, title
    from line_items
    where not is_current_grade_category and title is not null
    group by class_sourced_id, title
    having count(distinct due_date) > 1
),

-- F7: the optional files this export does not have (a file without rows counts as absent). Info
-- rows, so the dashboard's header and the run summary can say why figures are blank.
source_presence as (
    select 'raw.oneroster_results' as source_table,
        'No gradebook in this export (categories.csv, lineItems.csv, results.csv): checkpoint grades, trend, current grade and missing work are blank.' as description,
        not exists (select 1 from {{ ref('stg_oneroster__line_items') }})
            and not exists (select 1 from {{ ref('stg_oneroster__results') }}) as is_absent
    union all
    select 'raw.oneroster_courses',
        'No courses.csv in this export: each class''s course_id is its courseSourcedId.',
        not exists (select 1 from {{ ref('stg_oneroster__courses') }})
    union all
    select 'raw.attendance_events',
        'No attendance in this drop folder (attendance.csv): attendance figures are blank.',
        not exists (select 1 from {{ ref('stg_drop__attendance_events') }})
    union all
    select 'raw.calendar',
        'No calendar.csv: the school days are the dates of attendance.csv, and a day without a line is not recorded.',
        not exists (select 1 from {{ ref('stg_drop__calendar') }})
    union all
    select 'raw.attendance_codes',
        'No attendance_codes.csv: the codes are the statuses'' own names (Present, Absent, Tardy, Excused, any case; a blank code is Present).',
        not exists (select 1 from {{ ref('stg_drop__attendance_codes') }})
    union all
    select 'raw.state_scores',
        'No state scores in this drop folder (state_scores.csv): the ISAT columns are blank.',
        not exists (select 1 from {{ ref('stg_drop__state_scores') }})
),

ledger as (
    select 'F7' as rule_id, 'source_absent' as rule, source_table, description,
        'info' as severity, 'rows' as unit, cast(null as bigint) as rows_in, cast(null as bigint) as rows_out,
        cast(case when is_absent then 1 else 0 end as bigint) as rows_affected, cast(null as {{ dbt.type_string() }}) as details
    from source_presence
    union all
    select 'F1', 'enrollment_user_not_in_export', 'raw.oneroster_enrollments',
        'enrollments.csv rows whose userSourcedId is not a user of the export: left out.',
        'warning', 'rows', n_rows, null, n_user_missing, null
    from enrollment_checks
    union all
    select 'F1', 'enrollment_class_not_in_export', 'raw.oneroster_enrollments',
        'enrollments.csv rows whose classSourcedId is not a class of the export (or whose class has no course in it): left out.',
        'warning', 'rows', n_rows, null, n_class_missing, null
    from enrollment_checks
    union all
    select 'F1', 'class_course_not_in_export', 'raw.oneroster_classes',
        'Classes whose courseSourcedId is not a course of the export (or the export has no courses.csv): kept, with the courseSourcedId as course_id.',
        'warning', 'rows', n_rows, n_rows, n_course_missing, null
    from class_checks
    union all
    select 'F1', 'section_id_from_sourced_id', 'raw.oneroster_classes',
        'Classes without classCode: their sourcedId is the section_id.',
        'warning', 'rows', n_rows, n_rows, n_section_from_sourced_id, null
    from class_checks
    union all
    select 'F4', 'row_status_inactive', source_table,
        'Rows whose status is tobedeleted or inactive: left out (with what depends on them).',
        'warning', 'rows', n_rows, n_rows - n_dead, n_dead, null
    from status_checks
    union all
    select 'F5', 'enrollment_ended', 'raw.oneroster_enrollments',
        'Student enrollments whose endDate is before as_of: not on the dashboard.',
        'info', 'rows', n_rows, null, n_ended, null
    from gradebook_counts
    union all
    select 'F5', 'enrollment_not_started', 'raw.oneroster_enrollments',
        'Student enrollments whose beginDate is after as_of: not on the dashboard.',
        'info', 'rows', n_rows, null, n_not_started, null
    from gradebook_counts
    union all
    select 'F6', 'attendance_on_non_school_day', 'raw.attendance_events',
        'attendance.csv lines on a day that is not a school day of calendar.csv: ignored.',
        'warning', 'rows', n_rows, null, n_not_school_day, null
    from attendance_reference_checks
    union all
    select 'F6', 'attendance_whole_day_lines', 'raw.attendance_events',
        'attendance.csv lines without class_sourced_id: whole-day marks, applied to each of the student''s enrollments active that day unless a line for the class says otherwise.',
        'info', 'rows', n_rows, null, n_whole_day, null
    from attendance_reference_checks
    union all
    select 'F6', 'attendance_without_enrollment', 'raw.attendance_events',
        'attendance.csv lines of a student and class with no student enrollment in enrollments.csv: left out.',
        'warning', 'rows', null, null, n_without_enrollment, null
    from attendance_line_checks
    union all
    select 'I6', 'user_ids_without_state_label', 'raw.oneroster_users',
        'Students whose userIds has no entry labelled with the state id label (dbt var oneroster_state_id_label, e.g. {Local:863}): no eduid, so no state scores.',
        'warning', 'rows', n_students, null, n_without_state_label, null
    from student_id_checks
    union all
    select 'I6', 'student_id_from_sourced_id', 'raw.oneroster_users',
        'Students without identifier (student number): their sourcedId is the student_id.',
        'warning', 'rows', n_students, null, n_from_sourced_id, null
    from student_id_checks
    union all
    select 'R7', 'value_not_understood', 'raw.oneroster_enrollments',
        'beginDate or endDate that cannot be read as dates: the window is open on that side.',
        'warning', 'cells', null, null, n_unreadable, null
    from enrollment_date_checks
    union all
    select 'R7', 'value_not_understood', 'raw.calendar',
        'calendar.csv dates that cannot be read: left out.',
        'warning', 'cells', n_rows, null, n_unreadable, null
    from calendar_checks
    union all
    select 'F1', 'line_item_class_not_in_export', 'raw.oneroster_line_items',
        'lineItems.csv rows whose classSourcedId is not a class of the export: left out with their results.',
        'warning', 'rows', n_rows, n_rows - n_class_missing, n_class_missing, null
    from line_item_checks
    union all
    select 'F1', 'result_line_item_not_in_export', 'raw.oneroster_results',
        'results.csv rows whose lineItemSourcedId is not a line item of the export: left out.',
        'warning', 'rows', n_rows, null, n_line_item_missing, null
    from result_reference_checks
    union all
    select 'F1', 'result_student_not_in_export', 'raw.oneroster_results',
        'results.csv rows whose studentSourcedId is not a user of the export: left out.',
        'warning', 'rows', n_rows, null, n_student_missing, null
    from result_reference_checks
    union all
    select 'F1', 'attendance_student_not_in_export', 'raw.attendance_events',
        'attendance.csv lines whose student_sourced_id is not a user of the OneRoster export: left out.',
        'warning', 'rows', n_rows, null, n_student_missing, null
    from attendance_reference_checks
    union all
    select 'F1', 'attendance_class_not_in_export', 'raw.attendance_events',
        'attendance.csv lines whose class_sourced_id is not a class of the OneRoster export (or whose class has no course in it): left out.',
        'warning', 'rows', n_rows, null, n_class_missing, null
    from attendance_reference_checks
    union all
    select 'R1', 'enrollment_row_missing_id', 'raw.oneroster_enrollments',
        'Student enrollments whose user has no usable student number (identifier) or whose class has no courseCode or classCode: left out.',
        'warning', 'rows', null, null, n_missing_id, null
    from enrollment_checks
    union all
    select 'R1', 'duplicate_enrollment_rows', 'raw.oneroster_enrollments',
        'Student enrollments repeating a (student, course, section): one kept.',
        'warning', 'rows', enrollment_checks.n_student_rows, gradebook_counts.n_rows,
        enrollment_checks.n_student_rows - gradebook_counts.n_rows, null
    from enrollment_checks cross join gradebook_counts
    union all
    select 'R1', 'duplicate_results', 'raw.oneroster_results',
        'Results repeating a student and item of a class: the first after ordering by status, score and sourcedId kept.',
        'warning', 'rows', n_cells + n_duplicate_lines, n_cells, n_duplicate_lines, null
    from result_status_checks
    union all
    select 'R1', 'duplicate_attendance_lines', 'raw.attendance_events',
        'attendance.csv lines repeating a student, class and day: the first after ordering by code kept.',
        'warning', 'rows', n_cells + n_duplicate_lines, n_cells, n_duplicate_lines, null
    from attendance_line_checks
    union all
    select 'F2', 'result_exempt', 'raw.oneroster_results',
        'Results with scoreStatus exempt: the item counts neither as scored nor as missing for that enrollment.',
        'info', 'rows', n_cells, null, n_exempt, null
    from result_status_checks
    union all
    select 'F2', 'result_not_submitted', 'raw.oneroster_results',
        'Results with scoreStatus not submitted: no score (missing work once due).',
        'info', 'rows', n_cells, null, n_not_submitted, null
    from result_status_checks
    union all
    select 'F2', 'result_status_unknown', 'raw.oneroster_results',
        'Results whose scoreStatus is none of exempt, not submitted, fully graded, partially graded, submitted: no score.',
        'warning', 'rows', n_cells, null, n_unknown_status, null
    from result_status_checks
    union all
    select 'F2', 'result_value_max_missing', 'raw.oneroster_line_items',
        'Line items whose resultValueMax is empty, not a number or not above 0: their scores are used as they are, not normalised to 0-100.',
        'warning', 'rows', n_rows, null, n_without_max, null
    from line_item_checks
    union all
    select 'R2', 'text_whitespace_cleaned', 'raw.oneroster_users',
        'users.csv rows with givenName, middleName or familyName changed by trimming / collapsing whitespace (case kept).',
        'warning', 'rows', n_rows, n_rows, n_text_changed, null
    from raw_users_counts
    union all
    select 'R3', 'score_clamped', 'raw.oneroster_results',
        'Item scores above 100 (extra credit) or below 0 after normalising, clamped to 0..100 for checkpoint averages; flagged in fct_grade.is_score_clamped.',
        'warning', 'cells', grade_cells, grade_cells, clamped_scores, null
    from shared
    union all
    select 'R4', 'unknown_attendance_code', 'raw.attendance_events',
        'Day cells whose code attendance_codes.csv does not map to Present, Absent, Tardy or Excused: treated as not recorded. Add the code to attendance_codes.csv.',
        'warning', 'cells', n_cells, n_cells, n_unknown, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_not_recorded', 'raw.attendance_events',
        'Day cells with no attendance.csv line (attendance not taken): not counted as school days.',
        'info', 'cells', n_cells, n_cells, n_not_recorded, null
    from attendance_cell_counts
    union all
    select 'R4', 'attendance_code_mapping_ignored', 'raw.attendance_codes',
        'attendance_codes.csv rows whose status is not Present, Absent, Tardy or Excused, or whose code is mapped to two statuses: ignored (the code is unknown).',
        'warning', 'rows', n_rows, n_rows - n_ignored, n_ignored, null
    from mapping_checks
    union all
    select 'R7', 'value_not_understood', 'raw.oneroster_results',
        'Scores that are not numbers: left null (missing work once due).',
        'warning', 'cells', null, null, n_unreadable, null
    from result_reference_checks
    union all
    select 'R7', 'value_not_understood', 'raw.oneroster_line_items',
        'Due dates or resultValueMax that cannot be read: left null (an item without a due date is never due).',
        'warning', 'cells', null, null, n_unreadable, null
    from line_item_checks
    union all
    select 'R7', 'value_not_understood', 'raw.attendance_events',
        'Dates that are not dates: the line is left out.',
        'warning', 'cells', null, null, n_unreadable, null
    from attendance_reference_checks
    union all
    select 'R7', 'value_not_understood', 'raw.state_scores',
        'Scale scores that are not whole numbers: left null.',
        'warning', 'cells', null, null, n_unreadable, null
    from state_score_checks
    union all
    select 'F3', 'state_score_subject_ignored', 'raw.state_scores',
        'state_scores.csv rows whose subject is not a Math or ELA subject (dbt vars state_score_math_subjects, state_score_ela_subjects): ignored.',
        'warning', 'rows', n_rows, n_rows - n_subject_ignored, n_subject_ignored, null
    from state_score_checks
    union all
    select 'R5', 'isat_eduid_not_on_roster', 'raw.state_scores',
        'State ids not on the roster (no student has them in userIds): their scores are excluded.',
        'warning', 'rows', isat_state_ids, null, isat_not_on_roster_ids, null
    from shared
    union all
    select 'R5', 'isat_identical_duplicate_rows', 'raw.state_scores',
        'state_scores.csv rows repeating the same result for a state id and subject: counted once.',
        'warning', 'rows', null, null, n_identical_repeats, null
    from state_score_checks
    union all
    select 'R5', 'isat_conflicting_results', 'raw.state_scores',
        'State ids with two different results for one subject: ambiguous, the student gets no state scores.',
        'warning', 'rows', null, null, isat_conflicting_eduids, null
    from shared
    union all
    select 'R5', 'isat_row_of_ambiguous_student', 'raw.state_scores',
        'State ids held by several roster students (or by a student whose rows disagree on it): no scores, never the scores of another student.',
        'warning', 'rows', null, null, isat_ambiguous_ids, null
    from shared
    union all
    select 'R5', 'isat_level_not_recognized', 'raw.state_scores',
        'Performance levels other than Below Basic, Basic, Proficient, Advanced (in any case): shown as null.',
        'warning', 'cells', null, null, isat_unknown_levels, null
    from shared
    union all
    select 'R5', 'isat_score_out_of_range', 'raw.state_scores',
        'Scale scores outside 600-800: shown as null.',
        'warning', 'cells', null, null, isat_scores_out_of_range, null
    from shared
    union all
    select 'R5', 'roster_student_without_isat', 'raw.state_scores',
        'Roster students with no (unambiguous) state scores: their ISAT columns stay null on the dashboard.',
        'info', 'rows', null, null, students_without_isat, null
    from shared
    union all
    select 'R6', 'catalog_item_due_dates_differ', 'raw.oneroster_line_items',
        'Item titles listed twice in one class with different due dates: one item, the earliest is the due date.',
        'warning', 'rows', null, null, count(*), null
    from catalog_due_dates
    union all
    select 'R6', 'catalog_item_without_due_date', 'raw.oneroster_line_items',
        'Catalog items (line item titles) without a due date: never due, so counted in no checkpoint and no missing work.',
        'warning', 'rows', null, null, items_without_due_date, null
    from shared
    union all
    select 'R6', 'assignment_type_unknown', 'raw.oneroster_categories',
        'Catalog items whose category is neither Assignment nor Test (any case): shown as Unknown, graded as usual.',
        'warning', 'rows', null, null, items_of_unknown_type, null
    from shared
    union all
    select 'I1', 'student_not_on_roster', 'raw.oneroster_enrollments',
        'Enrollments whose user is not a student of the roster (no student role): dim_student row from the user name (is_on_roster = false).',
        'warning', 'rows', null, null, gradebook_not_on_roster, null
    from shared
    union all
    select 'I1', 'student_not_on_roster', 'raw.attendance_events',
        'Attendance enrollments whose user is not a student of the roster: dim_student row from the user name (is_on_roster = false).',
        'warning', 'rows', null, null, attendance_not_on_roster, null
    from shared
    union all
    select 'I2', 'roster_row_missing_id', 'raw.oneroster_users',
        'Student users without a usable student number (dbt var oneroster_student_id_field, a whole number): left out.',
        'warning', 'rows', null, null, n_without_id, null
    from roster_row_checks
    union all
    select 'I2', 'roster_identical_duplicate_rows', 'raw.oneroster_users',
        'Student users repeating a student exactly: counted once.',
        'warning', 'rows', null, null, identical_repeats, null
    from roster_duplicate_checks
    union all
    select 'I2', 'roster_conflicting_rows', 'raw.oneroster_users',
        'Students whose users rows differ: the first after ordering by state id, name, grade is shown; rows that disagree on the state id leave the student without state scores.',
        'warning', 'students', null, null, conflicting_students, null
    from roster_duplicate_checks
    union all
    select 'I2', 'eduid_ambiguous', 'raw.oneroster_users',
        'Roster students whose state id another roster student holds too, or whose rows disagree on it: no state scores.',
        'warning', 'students', roster_students, null, ambiguous_eduid_students, null
    from shared
    union all
    select 'I2', 'roster_student_without_enrollment', 'raw.oneroster_users',
        'Roster students with no enrollment and no attendance: in dim_student, not on the dashboard.',
        'warning', 'students', roster_students, null, students_without_enrollment, null
    from shared
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.attendance_events',
        'Enrollments with no attendance.csv line: attendance counts 0, attendance_pct null.',
        'info', 'rows', null, null, gradebook_only, null
    from shared
    union all
    select 'I3', 'enrollment_missing_from_feed', 'raw.oneroster_enrollments',
        'Attendance enrollments with no student enrollment in enrollments.csv: no grades, trend No Data.',
        'info', 'rows', null, null, attendance_only, null
    from shared
    union all
    select 'I4', 'current_grade_missing', 'raw.oneroster_results',
        'Enrollments with no current grade (no result on the current-grade line item of its class): grade_risk null, not in class grade statistics.',
        'info', 'rows', null, null, no_current_grade, null
    from shared
    union all
    select 'I5', 'section_without_teacher', 'raw.oneroster_enrollments',
        'Classes with no user enrolled as teacher: teacher_name null.',
        'warning', 'rows', null, null, n_sections, null
    from sections_without_teacher
)

select * from ledger
