-- Grade fact: one row per enrollment x graded item (student, course, section, assignment),
-- null scores included (is_submitted = false). date_key = the item's due date.
-- Dimension keys come hashed from int_grades_unpivoted (once per enrollment / item).
with grades as (
    select * from {{ ref('int_grades_unpivoted') }}
)

select
    {{ ieta.surrogate_key(['student_id', 'course_id', 'section_id', 'assignment_name']) }} as grade_key,
    student_key,
    course_key,
    section_key,
    assignment_key,
    {{ ieta.date_key('due_date') }} as date_key,
    score,
    score_clamped,
    is_submitted,
    is_score_clamped
from grades
