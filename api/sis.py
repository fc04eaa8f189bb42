"""SIS API (port 8001): the Student Information System's roster and daily attendance."""

from serving import Dataset, Filter, create_app

STUDENT_ID = Filter("student_id", int, "District student id")
COURSE_ID = Filter("course_id", str, "Course id, e.g. MATH-101")
SECTION_ID = Filter("section_id", str, "Section id within the course, e.g. 01")

app = create_app(
    system="SIS",
    description="Student Information System: the roster (with state ids) and daily attendance.",
    datasets=[
        Dataset(
            name="students",
            file="students.parquet",
            description="The roster: one row per student, with the state id (eduid).",
            filters=(Filter("grade_level", int, "Grade level, 9-12"),),
            lookup=STUDENT_ID,
            lookup_unique=True,
        ),
        Dataset(
            name="attendance",
            file="attendance.parquet",
            description=(
                "One row per enrollment (student x course x section) with one column per school "
                "day (YYYY-MM-DD): '' present, 'Absent', 'Tardy', 'Excused', null not recorded."
            ),
            filters=(STUDENT_ID, COURSE_ID, SECTION_ID),
            lookup=STUDENT_ID,
        ),
    ],
)
