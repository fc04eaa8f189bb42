"""LMS API (port 8002): the Learning Management System's assignment catalog and gradebook."""

from serving import Dataset, Filter, create_app

STUDENT_ID = Filter("student_id", int, "District student id")

app = create_app(
    system="LMS",
    description="Learning Management System: the assignment catalog and the gradebook.",
    datasets=[
        Dataset(
            name="assignments",
            file="assignments.parquet",
            description=(
                "The catalog of graded items: assignment_name equals a gradebook column; "
                "due_date and type come from here."
            ),
            filters=(Filter("assignment_type", str, "Assignment or Test"),),
        ),
        Dataset(
            name="gradebook",
            file="gradebook.parquet",
            description=(
                "One row per enrollment with one column per graded item (0-100, null = not "
                "submitted) and the LMS-computed current_grade."
            ),
            filters=(
                STUDENT_ID,
                Filter("course_id", str, "Course id, e.g. MATH-101"),
                Filter("section_id", str, "Section id within the course, e.g. 01"),
                Filter("teacher", str, "Teacher name as the LMS spells it"),
            ),
            lookup=STUDENT_ID,
        ),
    ],
)
