"""A small district's own OneRoster 1.2 export, shaped like a real SIS + LMS export (issue 19).

Written here by hand, not generated: two classes with a "Quiz 1" each (different due dates), a
second Algebra section, absence-only attendance with a school calendar (two holidays), a
whole-day mark overridden by one class, a line on a holiday, a mid-term join, a leave, a section
switch, a tobedeleted enrollment, an inactive user, a tobedeleted result, student numbers with
leading zeros and letters, a student without ``identifier``. Every expected value below is
worked out by hand from the rules (docs/business-rules.md), at the end of the term and
mid-term; then the same export without its gradebook and attendance files (rostering only).

Calendar: the weekdays of 2026-01-05 .. 2026-03-06 except 2026-01-19 and 2026-02-16, 43 school
days; 14 of them up to 2026-01-23. Checkpoints (term start 2026-01-05): 01-23, 02-13, 03-06.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import Pipeline, prepare_dbt_project

TERM_START = "2026-01-05"
END_OF_TERM, MID_TERM = "2026-03-06", "2026-01-23"
HOLIDAYS = {date(2026, 1, 19), date(2026, 2, 16)}
SCHOOL_DAYS = [
    day
    for day in (date(2026, 1, 5) + timedelta(days=n) for n in range(61))
    if day.weekday() < 5 and day not in HOLIDAYS
]
assert len(SCHOOL_DAYS) == 43 and sum(d <= date(2026, 1, 23) for d in SCHOOL_DAYS) == 14

V12 = "1.2"
ORG = "org-1"

# Classes: (sourcedId, courseSourcedId, classCode, teacher sourcedId)
CLASSES = [
    ("cls-alg-1", "crs-alg", "01", "t-lee"),
    ("cls-alg-2", "crs-alg", "02", "t-kay"),
    ("cls-eng-1", "crs-eng", "01", "t-rao"),
]
COURSES = [("crs-alg", "Algebra I", "ALG1"), ("crs-eng", "English 9", "ENG9")]
TEACHERS = [("t-lee", "Ada", "Lee"), ("t-kay", "Kim", "Kay"), ("t-rao", "Raj", "Rao")]
# Students: (sourcedId, identifier, givenName, familyName, status)
STUDENTS = [
    ("u-s1", "01002", "Ana", "Avila", "active"),
    ("u-s2", "S-1234", "Ben", "Brook", "active"),
    ("u-s3", "", "Cy", "Cole", "active"),  # no identifier: the sourcedId is the id
    ("u-s4", "01004", "Dee", "Diaz", "active"),
    ("u-s5", "01005", "Eve", "Ely", "active"),
    ("u-s6", "01006", "Fay", "Fox", "active"),
    ("u-s7", "01007", "Gus", "Gray", "active"),
    ("u-s8", "01008", "Hal", "Hunt", "inactive"),  # inactive user: out with its enrollment
]
# Student enrollments: (sourcedId, user, class, beginDate, endDate, status)
ENROLLMENTS = [
    ("e1a", "u-s1", "cls-alg-1", "", "", "active"),
    ("e1e", "u-s1", "cls-eng-1", "", "", "active"),
    ("e2a", "u-s2", "cls-alg-1", "2026-01-05", "", "active"),
    ("e3a", "u-s3", "cls-alg-1", "", "", ""),  # empty status is live
    ("e4a", "u-s4", "cls-alg-1", "2026-01-12", "", "active"),  # joined mid-term
    ("e5a", "u-s5", "cls-alg-1", "", "2026-01-16", "active"),  # left
    ("e6a", "u-s6", "cls-alg-1", "", "2026-01-23T15:00:00Z", "active"),  # switched section ...
    ("e6b", "u-s6", "cls-alg-2", "2026-01-26", "", "active"),  # ... to section 02
    ("e7a", "u-s7", "cls-alg-1", "", "", "tobedeleted"),
    ("e8e", "u-s8", "cls-eng-1", "", "", "active"),
]
# Line items: (sourcedId, class, title, dueDate, category, resultValueMax)
CG = "Current Grade"
LINE_ITEMS = [
    ("li-a1-q1", "cls-alg-1", "Quiz 1", "2026-01-09", "cat-a", 10),
    ("li-a1-h1", "cls-alg-1", "Homework 1", "2026-01-16", "cat-a", 100),
    ("li-a1-t1", "cls-alg-1", "Test 1", "2026-02-13", "cat-t", 100),
    ("li-a1-cg", "cls-alg-1", CG, "2026-03-06", "cat-cg", 100),
    ("li-a2-q1", "cls-alg-2", "Quiz 1", "2026-01-09", "cat-a", 10),
    ("li-a2-h1", "cls-alg-2", "Homework 1", "2026-01-16", "cat-a", 100),
    ("li-a2-t1", "cls-alg-2", "Test 1", "2026-02-13", "cat-t", 100),
    ("li-a2-cg", "cls-alg-2", CG, "2026-03-06", "cat-cg", 100),
    ("li-e1-q1", "cls-eng-1", "Quiz 1", "2026-01-28", "cat-a", 20),  # same title, its own date
    ("li-e1-es", "cls-eng-1", "Essay", "2026-03-06", "cat-a", 100),
    ("li-e1-cg", "cls-eng-1", CG, "2026-03-06", "cat-cg", 100),
]
# Results: (student, line item, scoreStatus, score, status)
RESULTS = [
    ("u-s1", "li-a1-q1", "fully graded", "8", ""),
    ("u-s1", "li-a1-h1", "fully graded", "90", ""),
    ("u-s1", "li-a1-t1", "fully graded", "70", ""),
    ("u-s1", "li-a1-t1", "fully graded", "10", "tobedeleted"),  # a deleted second score
    ("u-s1", "li-a1-cg", "fully graded", "82.5", ""),
    ("u-s1", "li-e1-q1", "fully graded", "15", ""),
    ("u-s1", "li-e1-es", "not submitted", "", ""),
    ("u-s1", "li-e1-cg", "fully graded", "75", ""),
    ("u-s2", "li-a1-q1", "not submitted", "", ""),
    ("u-s2", "li-a1-h1", "fully graded", "58", ""),
    ("u-s2", "li-a1-cg", "fully graded", "55", ""),
    ("u-s3", "li-a1-q1", "fully graded", "10", ""),
    ("u-s3", "li-a1-h1", "exempt", "", ""),
    ("u-s3", "li-a1-t1", "fully graded", "95", ""),
    ("u-s3", "li-a1-cg", "fully graded", "97", ""),
    ("u-s4", "li-a1-q1", "not submitted", "", ""),  # due before he joined: not his work
    ("u-s4", "li-a1-h1", "fully graded", "50", ""),
    ("u-s4", "li-a1-t1", "fully graded", "65", ""),
    ("u-s4", "li-a1-cg", "fully graded", "61", ""),
    ("u-s6", "li-a1-q1", "fully graded", "7", ""),
    ("u-s6", "li-a1-h1", "fully graded", "80", ""),
    ("u-s6", "li-a1-cg", "fully graded", "75", ""),
    ("u-s6", "li-a2-t1", "fully graded", "88", ""),
    ("u-s6", "li-a2-cg", "fully graded", "88", ""),
    ("u-s8", "li-e1-cg", "fully graded", "40", ""),
]
# Attendance exceptions: (student, class or "" for the whole day, date, code)
ATTENDANCE = [
    ("u-s1", "cls-alg-1", "2026-01-06", "A"),
    ("u-s1", "cls-alg-1", "2026-01-07", "A"),
    ("u-s1", "cls-alg-1", "2026-01-08", "E"),
    ("u-s1", "cls-alg-1", "2026-01-12", "T"),  # tardy counts as present
    ("u-s1", "", "2026-01-14", "A"),  # whole-day absence ...
    ("u-s1", "cls-eng-1", "2026-01-14", "P"),  # ... but English says present
    ("u-s2", "cls-alg-1", "2026-01-19", "A"),  # a holiday: ignored, counted
    ("u-s3", "cls-alg-1", "2026-02-02", "E"),
    ("u-s4", "cls-alg-1", "2026-01-08", "A"),  # before he joined: not his day
    ("u-s4", "cls-alg-1", "2026-01-20", "A"),
    ("u-s6", "", "2026-02-03", "A"),  # whole day, in section 02 by then
]
CODES = [("P", "Present"), ("A", "Absent"), ("T", "Tardy"), ("E", "Excused")]
STATE_SCORES = [("ST01002", "Math", "710", "Proficient"), ("ST01002", "ELA", "650", "Basic")]

GRADEBOOK_FILES = ("categories", "lineItems", "results")
ONEROSTER_FILES = (
    "academicSessions", "categories", "classes", "courses", "demographics", "enrollments",
    "lineItems", "orgs", "resources", "results", "roles", "users",
)  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_district(drop: Path, rostering_only: bool = False) -> Path:
    """The district as a drop folder; ``rostering_only`` leaves out the gradebook files,
    attendance (with its calendar and codes) and state scores."""
    drop.mkdir(parents=True)
    absent = set(GRADEBOOK_FILES) if rostering_only else set()
    modes = [
        (f"file.{name}", "absent" if name in absent or name in ("demographics", "resources")
         else "bulk")
        for name in ONEROSTER_FILES
    ]  # fmt: skip
    write_csv(drop / "manifest.csv", ["propertyName", "value"],
              [("manifest.version", "1.0"), ("oneroster.version", V12), *modes])  # fmt: skip
    meta = ["sourcedId", "status", "dateLastModified"]
    write_csv(drop / "orgs.csv", [*meta, "name", "type", "identifier", "parentSourcedId"],
              [(ORG, "active", "", "Lakeside High", "school", "LHS", "")])  # fmt: skip
    write_csv(
        drop / "academicSessions.csv",
        [*meta, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],
        [("as-t3", "active", "", "Spring 2026", "term", TERM_START, END_OF_TERM, "", "2026")],
    )
    write_csv(
        drop / "courses.csv",
        [*meta, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId"],
        [(c, "active", "", "", title, code, "09", ORG) for c, title, code in COURSES],
    )
    write_csv(
        drop / "classes.csv",
        [*meta, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
         "schoolSourcedId", "termSourcedIds"],
        [(c, "active", "", f"{course} {code}", "09", course, code, "scheduled", "", ORG, "as-t3")
         for c, course, code, _ in CLASSES],
    )  # fmt: skip
    users = [
        (sid, status, "", "true", "", given, family, "", ident,
         f"{{state:ST{ident}}}" if ident else "", "09", ORG)
        for sid, ident, given, family, status in STUDENTS
    ] + [
        (tid, "active", "", "true", "", given, family, "", f"T-{tid}", "{Local:863}", "", ORG)
        for tid, given, family in TEACHERS
    ]  # fmt: skip
    write_csv(
        drop / "users.csv",
        [*meta, "enabledUser", "username", "givenName", "familyName", "middleName",
         "identifier", "userIds", "grades", "primaryOrgSourcedId"],
        users,
    )  # fmt: skip
    roles = [(f"r-{s[0]}", "active", "", s[0], "primary", "student", ORG) for s in STUDENTS]
    roles += [(f"r-{t[0]}", "active", "", t[0], "primary", "teacher", ORG) for t in TEACHERS]
    write_csv(drop / "roles.csv",
              [*meta, "userSourcedId", "roleType", "role", "orgSourcedId"], roles)  # fmt: skip
    enrollments = [
        (eid, status, "", cls, ORG, user, "student", "false", begin, end)
        for eid, user, cls, begin, end, status in ENROLLMENTS
    ] + [
        (f"e-{tid}-{cls}", "active", "", cls, ORG, tid, "teacher", "true", "", "")
        for cls, _, _, tid in CLASSES
    ]  # fmt: skip
    write_csv(
        drop / "enrollments.csv",
        [*meta, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
         "beginDate", "endDate"],
        enrollments,
    )  # fmt: skip
    if not rostering_only:
        write_csv(drop / "categories.csv", [*meta, "title"],
                  [("cat-a", "active", "", "Assignment"), ("cat-t", "active", "", "Test"),
                   ("cat-cg", "active", "", "Term Grade")])  # fmt: skip
        write_csv(
            drop / "lineItems.csv",
            [*meta, "title", "description", "assignDate", "dueDate", "classSourcedId",
             "categorySourcedId", "academicSessionSourcedId", "resultValueMin",
             "resultValueMax"],
            [(li, "active", "", title, "", TERM_START, due, cls, cat, "as-t3", 0, top)
             for li, cls, title, due, cat, top in LINE_ITEMS],
        )  # fmt: skip
        write_csv(
            drop / "results.csv",
            [*meta, "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score",
             "scoreDate", "comment"],
            [(f"res-{n}", status, "", li, user, score_status, score, "", "")
             for n, (user, li, score_status, score, status) in enumerate(RESULTS)],
        )  # fmt: skip
        write_csv(
            drop / "attendance.csv",
            ["student_sourced_id", "class_sourced_id", "date", "code"],
            ATTENDANCE,
        )
        write_csv(drop / "calendar.csv", ["date"], [(d.isoformat(),) for d in SCHOOL_DAYS])
        write_csv(drop / "attendance_codes.csv", ["code", "status"], CODES)
        write_csv(
            drop / "state_scores.csv",
            ["state_id", "subject", "scale_score", "performance_level"],
            STATE_SCORES,
        )
    return drop


# Dashboard figures per (student_id, course_id, section_id); grade_risk "None" is the mart's
# word for no grade risk (a current grade of 70 or more), null only without a current grade.
FIELDS = (
    "teacher_name", "week_3_grade_check", "week_6_grade_check", "week_9_grade_check",
    "current_grade", "trend_status", "total_assignments", "completed_assignments",
    "missing_assignments", "missing_assignments_pct", "total_school_days", "days_absent",
    "attendance_pct", "attendance_status", "grade_risk", "missing_work_risk",
    "overall_risk_level", "risk_rank", "chronically_absent",
)  # fmt: skip

END_OF_TERM_ROWS = {
    # Algebra 01: Quiz 1 8/10 = 80 (01-09), Homework 1 90 (01-16), Test 1 70 (02-13): week 3
    # (80 + 90) / 2, weeks 6 and 9 240 / 3. Absent 01-06, 01-07, Excused 01-08, whole-day 01-14
    # (Tardy 01-12 is present): 4 of 43 days, 1 - 4/43 = 0.907.
    ("01002", "ALG1", "01"): ("Ada Lee", 85.0, 80.0, 80.0, 82.5, "Fluctuating", 3, 3, 0, 0.0,
                              43, 4, 0.907, "Good", "None", "Low", "On Track", 5, False),
    # English 01: its own Quiz 1 (due 01-28) 15/20 = 75, Essay not submitted; the whole-day
    # absence of 01-14 is overridden by English's P: 0 of 43.
    ("01002", "ENG9", "01"): ("Raj Rao", None, 75.0, 75.0, 75.0, "No Data", 2, 1, 1, 50.0,
                              43, 0, 1.0, "Good", "None", "High", "Medium", 3, False),
    # Quiz 1 not submitted, Homework 1 58, Test 1 no result: 58.0 at every checkpoint (Failing);
    # the line on the 01-19 holiday is ignored: 0 of 43.
    ("S-1234", "ALG1", "01"): ("Ada Lee", 58.0, 58.0, 58.0, 55.0, "Failing", 3, 1, 2, 66.7,
                               43, 0, 1.0, "Good", "High", "High", "Critical", 1, False),
    # No identifier: known by the sourcedId. Homework 1 exempt: Quiz 1 100, Test 1 95.
    ("u-s3", "ALG1", "01"): ("Ada Lee", 100.0, 97.5, 97.5, 97.0, "Fluctuating", 2, 2, 0, 0.0,
                             43, 1, 0.977, "Good", "None", "Low", "On Track", 5, False),
    # Joined 01-12: Quiz 1 (01-09) is not his, nor 01-05..01-09 (5 days; his 01-08 absence
    # with them). Homework 1 50, Test 1 65: 50.0, 57.5, 57.5 (Failing). 1 absent of 38 days.
    ("01004", "ALG1", "01"): ("Ada Lee", 50.0, 57.5, 57.5, 61.0, "Failing", 2, 2, 0, 0.0,
                              38, 1, 0.974, "Good", "Medium", "Low", "Critical", 1, False),
    # Switched to section 02 on 01-26: Test 1 88 is the only item in its window; 29 school days
    # from 01-26 (02-16 a holiday), the whole-day absence of 02-03 among them.
    ("01006", "ALG1", "02"): ("Kim Kay", None, 88.0, 88.0, 88.0, "No Data", 1, 1, 0, 0.0,
                              29, 1, 0.966, "Good", "None", "Low", "On Track", 5, False),
}  # fmt: skip

MID_TERM_ROWS = {
    # 14 school days; week 3 only. 4 absences of 14: 0.714 Warning and chronically absent.
    ("01002", "ALG1", "01"): ("Ada Lee", 85.0, None, None, 82.5, "No Data", 2, 2, 0, 0.0,
                              14, 4, 0.714, "Warning", "None", "Low", "Medium", 3, True),
    # English's Quiz 1 is not due yet: no work, no week-3 grade.
    ("01002", "ENG9", "01"): ("Raj Rao", None, None, None, 75.0, "No Data", 0, 0, 0, None,
                              14, 0, 1.0, "Good", "None", "Low", "On Track", 5, False),
    ("S-1234", "ALG1", "01"): ("Ada Lee", 58.0, None, None, 55.0, "No Data", 2, 1, 1, 50.0,
                               14, 0, 1.0, "Good", "High", "High", "High", 2, False),
    ("u-s3", "ALG1", "01"): ("Ada Lee", 100.0, None, None, 97.0, "No Data", 1, 1, 0, 0.0,
                             14, 0, 1.0, "Good", "None", "Low", "On Track", 5, False),
    # 01-12 .. 01-23 without 01-19: 9 days, 1 absent (too few days to be chronic).
    ("01004", "ALG1", "01"): ("Ada Lee", 50.0, None, None, 61.0, "No Data", 1, 1, 0, 0.0,
                              9, 1, 0.889, "Good", "Medium", "Low", "Medium", 3, False),
    # Still in section 01 on 01-23 (its end date): Quiz 1 70, Homework 1 80.
    ("01006", "ALG1", "01"): ("Ada Lee", 75.0, None, None, 75.0, "No Data", 2, 2, 0, 0.0,
                              14, 0, 1.0, "Good", "None", "Low", "On Track", 5, False),
}  # fmt: skip


def shown(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def dashboard_rows(pipeline: Pipeline) -> dict[tuple[str, str, str], tuple[object, ...]]:
    frame = pipeline.query("select * from marts.mart_student_dashboard")
    return {
        (r["student_id"], r["course_id"], r["section_id"]): tuple(shown(r[f]) for f in FIELDS)
        for _, r in frame.iterrows()
    }


def assert_dashboard(pipeline: Pipeline, expected: dict) -> None:
    got = dashboard_rows(pipeline)
    assert sorted(got) == sorted(expected)
    problems = [
        f"{key} {field}: got {g!r}, expected {e!r}"
        for key, want in expected.items()
        for field, g, e in zip(FIELDS, got[key], want, strict=True)
        if g != e
    ]
    assert not problems, "\n".join(problems)


def quality(pipeline: Pipeline) -> dict[tuple[str, str], int]:
    rows = pipeline.query("select rule, source_table, rows_affected from marts.mart_data_quality")
    return {(r.rule, r.source_table): int(r.rows_affected) for r in rows.itertuples()}


@pytest.fixture(scope="module", autouse=True)
def files_mode() -> Iterator[None]:
    prepare_dbt_project("files")
    try:
        yield
    finally:
        prepare_dbt_project("apis")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_district(tmp_path_factory.mktemp("district") / "drop")


def run(root: Path, drop: Path, as_of: str) -> Pipeline:
    pipeline = Pipeline(root, extra_env={
        "IETA_SOURCE": "files", "IETA_DROP_DIR": str(drop),
        "IETA_TERM_START": TERM_START, "IETA_AS_OF": as_of,
    })  # fmt: skip
    pipeline.launch(None)
    return pipeline


def test_end_of_term(district: Path, tmp_path: Path) -> None:
    pipeline = run(tmp_path, district, END_OF_TERM)
    assert_dashboard(pipeline, END_OF_TERM_ROWS)
    counts = quality(pipeline)
    assert counts[("row_status_inactive", "raw.oneroster_users")] == 1
    assert counts[("row_status_inactive", "raw.oneroster_enrollments")] == 1
    assert counts[("row_status_inactive", "raw.oneroster_results")] == 1
    assert counts[("enrollment_ended", "raw.oneroster_enrollments")] == 2  # Eve; Fay's 01
    assert counts[("enrollment_not_started", "raw.oneroster_enrollments")] == 0
    assert counts[("attendance_on_non_school_day", "raw.attendance_events")] == 1
    assert counts[("attendance_whole_day_lines", "raw.attendance_events")] == 2
    assert counts[("student_id_from_sourced_id", "raw.oneroster_users")] == 1
    summary = pipeline.query(
        "select course_id, section_id, teacher_name, total_students, lowest_grade, "
        "highest_grade, class_average, count_a, count_b, count_c, count_d, count_f "
        "from marts.mart_class_summary order by 1, 2"
    )
    assert [tuple(shown(v) for v in row) for row in summary.itertuples(index=False)] == [
        # 82.5, 55, 97, 61: 295.5 / 4 = 73.875
        ("ALG1", "01", "Ada Lee", 4, 55.0, 97.0, 73.9, 1, 1, 0, 1, 1),
        ("ALG1", "02", "Kim Kay", 1, 88.0, 88.0, 88.0, 0, 1, 0, 0, 0),
        ("ENG9", "01", "Raj Rao", 1, 75.0, 75.0, 75.0, 0, 0, 1, 0, 0),
    ]
    isat = pipeline.query(
        "select isat_math_score, isat_ela_level from marts.mart_student_dashboard "
        "where student_id = '01002'"
    )
    assert {(shown(a), b) for a, b in isat.itertuples(index=False)} == {(710, "Basic")}
    # Line items belong to their class: two "Quiz 1" rows, each with its class and due date.
    quizzes = pipeline.query(
        "select course_id, section_id, due_date from dimensions.dim_assignment "
        "where assignment_name = 'Quiz 1' order by 1, 2"
    )
    assert [(c, s, str(d)[:10]) for c, s, d in quizzes.itertuples(index=False)] == [
        ("ALG1", "01", "2026-01-09"), ("ALG1", "02", "2026-01-09"), ("ENG9", "01", "2026-01-28"),
    ]  # fmt: skip


def test_mid_term(district: Path, tmp_path: Path) -> None:
    pipeline = run(tmp_path, district, MID_TERM)
    assert_dashboard(pipeline, MID_TERM_ROWS)
    counts = quality(pipeline)
    assert counts[("enrollment_ended", "raw.oneroster_enrollments")] == 1  # Eve, 01-16
    assert counts[("enrollment_not_started", "raw.oneroster_enrollments")] == 1  # Fay's 02


def test_rostering_only(tmp_path: Path) -> None:
    drop = write_district(tmp_path / "drop", rostering_only=True)
    pipeline = run(tmp_path / "run", drop, END_OF_TERM)
    frame = pipeline.query(
        "select student_id, course_id, section_id, teacher_name, current_grade, "
        "week_3_grade_check, attendance_pct, overall_risk_level from marts.mart_student_dashboard"
    )
    rows = {
        (r.student_id, r.course_id, r.section_id): (
            r.teacher_name, shown(r.current_grade), shown(r.week_3_grade_check),
            shown(r.attendance_pct), r.overall_risk_level,
        )
        for r in frame.itertuples()
    }  # fmt: skip
    assert sorted(rows) == sorted(END_OF_TERM_ROWS)
    assert {key: value[0] for key, value in rows.items()} == {
        key: value[0] for key, value in END_OF_TERM_ROWS.items()
    }
    assert set(rows.values()) >= {("Ada Lee", None, None, None, "On Track")}
    assert all(value[1:4] == (None, None, None) for value in rows.values())
