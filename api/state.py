"""State Reporting API (port 8003): ISAT assessment scores, keyed by the state id (eduid)."""

from serving import Dataset, Filter, create_app

app = create_app(
    system="State",
    description="State Reporting: ISAT math and ELA scale scores and performance levels.",
    datasets=[
        Dataset(
            name="isat",
            file="isat_data.parquet",
            description="One row per tested student, keyed by eduid (the state student id).",
            filters=(
                Filter("course_id", str, "Course id, e.g. MATH-101"),
                Filter("section_id", str, "Section id within the course, e.g. 01"),
            ),
            lookup=Filter("eduid", str, "State student id"),
            lookup_unique=True,
        ),
    ],
)
