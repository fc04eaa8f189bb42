-- attendance.csv lines whose student (and class) are in the export and whose date is a date, as
-- day cells: one row per (student_id, course_id, section_id, school_date). A line with an empty
-- class_sourced_id is a whole-day mark (is_whole_day; course_id and section_id null): it applies
-- to each of the student's enrollments active that day unless a line for that class says
-- otherwise (int_attendance_cells). Two lines for one cell keep the first after ordering by code
-- (event_lines counts them). The district's code is
-- mapped through attendance_codes.csv to the demo's code ('' = Present, Absent, Tardy,
-- Excused), which rule 4 then reads as for the APIs. Without attendance_codes.csv (no rows) the
-- four statuses' own names (any case) are the codes and an empty code is Present. A code the
-- mapping does not list (or maps to two statuses, or to none of the four) stays as it is, an
-- unknown code: not recorded, counted. Should such a code read like a known one ('absent'), it is
-- marked 'unmapped: ...' so rule 4 cannot take it.
with events as (
    select * from {{ ref('stg_drop__attendance_events') }}
    where school_date is not null
),

mapping_rows as (
    select
        attendance_code_key,
        case lower(status)
            when 'present' then ''
            when 'absent' then 'Absent'
            when 'tardy' then 'Tardy'
            when 'excused' then 'Excused'
        end as mapped_code
    from {{ ref('stg_drop__attendance_codes') }}
),

-- No attendance_codes.csv: the statuses' own names are the codes.
default_mapping_rows as (
    select attendance_code_key, mapped_code
    from (
        values ('', ''), ('present', ''), ('absent', 'Absent'), ('tardy', 'Tardy'), ('excused', 'Excused')
    ) as defaults (attendance_code_key, mapped_code)
    where not exists (select 1 from {{ ref('stg_drop__attendance_codes') }})
),

mapping as (
    select attendance_code_key, min(mapped_code) as mapped_code
    from (
        select attendance_code_key, mapped_code from mapping_rows
        union all
        select attendance_code_key, mapped_code from default_mapping_rows
    ) as all_rows
    where mapped_code is not null
    group by attendance_code_key
    having count(distinct mapped_code) = 1
),

resolved as (
    select
        users.student_id,
        classes.course_id,
        classes.section_id,
        classes.class_sourced_id is null as is_whole_day,
        events.school_date,
        events.attendance_code as district_code,
        case
            when mapping.mapped_code is not null then mapping.mapped_code
            when lower(events.attendance_code) in ('', 'absent', 'tardy', 'excused')
                then 'unmapped: ' || events.attendance_code
            else events.attendance_code
        end as attendance_code
    from events
    inner join {{ ref('int_files__users') }} as users
        on events.student_sourced_id = users.user_sourced_id
    left join {{ ref('int_files__classes') }} as classes
        on events.class_sourced_id = classes.class_sourced_id
    left join mapping
        on lower(events.attendance_code) = mapping.attendance_code_key
    where users.student_id is not null
        and (
            (classes.course_id is not null and classes.section_id is not null)
            or nullif(trim(events.class_sourced_id), '') is null
        )
)

select
    *,
    count(*) over (partition by student_id, course_id, section_id, school_date) as event_lines
from resolved
qualify row_number() over (
    partition by student_id, course_id, section_id, school_date
    order by district_code asc
) = 1
