"""A small hand-built district whose rows sit exactly on the edges of the business rules.

The expected values are written here by hand, from the rules, not computed by the reference
recomputation: a test that shares its arithmetic with the code under test cannot catch a wrong
rounding direction or a threshold read on the wrong value. The district is run through the real
pipeline (APIs, Dagster, dbt) twice: at the end of the term and mid-term (IETA_AS_OF).

Default term: starts Monday 2026-01-05, checkpoints on Fridays 2026-01-23 (week 3), 2026-02-13
(week 6) and 2026-03-06 (week 9), 44 school days (Presidents' Day 2026-02-16 off).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import Apis, Pipeline

TEACHERS = {"MATH": "Ms. Lee", "ENG": "Mr. Ortiz"}
ISAT_COLUMNS = ["isat_math_score", "isat_math_level", "isat_ela_score", "isat_ela_level"]

# Items: two before the week-3 checkpoint (one due on it), one the Monday after, one on the
# week-6 checkpoint, one on the week-9 checkpoint.
CATALOG = [
    ("A1", "Assignment", 1, "2026-01-09"),
    ("A2", "Assignment", 2, "2026-01-23"),
    ("A3", "Test", 1, "2026-01-26"),
    ("A4", "Assignment", 3, "2026-02-13"),
    ("A5", "Test", 2, "2026-03-06"),
]
ITEMS = [name for name, *_ in CATALOG]
SCHOOL_DAYS = [
    d
    for d in (date(2026, 1, 5) + timedelta(days=i) for i in range(61))
    if d.weekday() < 5 and d != date(2026, 2, 16)
]

# student_id: (course, current_grade, scores A1..A5 or None for no gradebook row, attendance)
# attendance: list of codes for the first school days (the rest not recorded), or None.
ALL_PRESENT = [""] * 44


def days(absent: int, present: int, code: str = "Absent") -> list[str]:
    return [code] * absent + [""] * present


GRADEBOOK_AND_ATTENDANCE = {
    # w3 (86+87)/2 = 86.5; w6 345/4 = 86.25 -> 86.3 (not 86.2); w9 436/5 = 87.2. 84.35 -> 84.4.
    # 3 of 16 days absent: 0.8125 -> 0.813, chronically absent (18.75 % of 16 days).
    1: ("MATH", 84.35, [86, 87, 86, 86, 91], days(3, 13)),
    # 69.95 shows 70.0: no grade risk, On Track.
    2: ("MATH", 69.95, [70, 70, 70, 70, 70], ALL_PRESENT),
    # w9 299.7/5 = 59.94 -> 59.9: Failing (Critical); 59.94 shows 59.9: grade risk High.
    3: ("MATH", 59.94, [60, 60, 60, 60, 59.7], ALL_PRESENT),
    # w9 299.75/5 = 59.95 -> 60.0: not Failing; 64.95 shows 65.0: grade risk Low, overall Medium.
    4: ("MATH", 64.95, [60, 60, 60, 60, 59.75], ALL_PRESENT),
    # 1 of 5 items missing: exactly 20.0 %: missing-work risk High, overall Medium.
    5: ("MATH", 90.0, [90, 90, None, 90, 90], ALL_PRESENT),
    # 10 of 40 days absent: exactly 0.75: Monitor, On Track.
    6: ("MATH", 88.0, [88, 88, 88, 88, 88], days(10, 30)),
    # 7 of 20 days excused: exactly 0.65: Warning (not Critical), overall Medium.
    7: ("MATH", 88.0, [88, 88, 88, 88, 88], days(7, 13, "Excused")),
    # Tardy is present, an unknown code is not recorded: 1 absent of 12 recorded -> 0.917;
    # 8.3 % absent: not chronically absent.
    8: ("MATH", 88.0, [88, 88, 88, 88, 88], ["Tardy"] * 10 + ["Absent", ""] + ["L"] * 3),
    # 1 of 10 days absent: exactly 10 % of exactly 10 days: chronically absent.
    9: ("MATH", 88.0, [88, 88, 88, 88, 88], days(1, 9)),
    # 4 of 9 days absent: 0.556, Critical, overall High; too few days to be chronically absent.
    10: ("MATH", 88.0, [88, 88, 88, 88, 88], days(4, 5)),
    # Attendance only: no items, null grades and missing pct, No Data, On Track.
    11: ("MATH", None, None, ALL_PRESENT),
    # 12 and 13 share an eduid on the roster: neither gets ISAT scores.
    12: ("MATH", 80.0, [80, 80, 80, 80, 80], ALL_PRESENT),
    13: ("MATH", 80.0, [80, 80, 80, 80, 80], ALL_PRESENT),
    # Two identical ISAT rows: one result.
    14: ("MATH", 80.0, [80, 80, 80, 80, 80], ALL_PRESENT),
    # Two different ISAT rows: ambiguous, no scores.
    15: ("MATH", 80.0, [80, 80, 80, 80, 80], ALL_PRESENT),
    # w3 60, w6 (120 + 160)/4 = 70, w9 (280 + 100)/5 = 76 (130 clamped): Improving.
    16: ("MATH", 76.0, [60, 60, 80, 80, 130], ALL_PRESENT),
    # w3 90, w6 80, w9 70: Declining, grade 70.0: Monitor.
    17: ("MATH", 70.0, [90, 90, 70, 70, 30], ALL_PRESENT),
    # Risk up, then down, week by week: present in week 1, absent all of week 2 (0.500:
    # High), present from then on (0.667 Medium in week 3, 0.750 On Track in week 4).
    18: ("MATH", 88.0, [88, 88, 88, 88, 88], days(0, 5) + days(5, 34)),
    # Class summary section ENG 1: 89.95 -> 90.0 (A), 79.95 -> 80.0 (B), 59.95 -> 60.0 (D),
    # 70.45 -> 70.5 (C), one student with attendance only (chronically absent).
    21: ("ENG", 89.95, [85, 85, 85, 85, 85], None),
    22: ("ENG", 79.95, [85, 85, 85, 85, 85], None),
    23: ("ENG", 59.95, [85, 85, 85, 85, 85], None),
    24: ("ENG", None, None, days(1, 9)),
    25: ("ENG", 70.45, [85, 85, 85, 85, 85], None),
}

EDUIDS = {sid: f"E{sid:02d}" for sid in GRADEBOOK_AND_ATTENDANCE}
EDUIDS[13] = EDUIDS[12]
ISAT = [
    ("E01", 700, "Basic", 650, "Below Basic"),
    ("E12", 720, "Proficient", 720, "Proficient"),
    ("E14", 770, "Advanced", 720, "Proficient"),
    ("E14", 770, "Advanced", 720, "Proficient"),
    ("E15", 700, "Basic", 700, "Basic"),
    ("E15", 610, "Below Basic", 700, "Basic"),
]


def write(rows: list[dict] | pd.DataFrame, path: Path) -> None:
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def write_district(out: Path) -> Path:
    out.mkdir(parents=True)
    write(
        [
            {"student_id": sid, "eduid": EDUIDS[sid], "student_name": f"Student {sid:02d}",
             "grade_level": 9 + sid % 4}
            for sid in GRADEBOOK_AND_ATTENDANCE
        ],
        out / "students.parquet",
    )  # fmt: skip
    write(
        [
            {"assignment_name": name, "assignment_type": kind, "assignment_number": number,
             "due_date": date.fromisoformat(due), "points_possible": 100}
            for name, kind, number, due in CATALOG
        ],
        out / "assignments.parquet",
    )  # fmt: skip
    gradebook, attendance = [], []
    for sid, (course, grade, scores, codes) in GRADEBOOK_AND_ATTENDANCE.items():
        enrollment = {"student_id": sid, "student_name": f"Student {sid:02d}",
                      "course_id": course, "section_id": "1"}  # fmt: skip
        if scores is not None:
            items = dict(zip(ITEMS, (None if s is None else float(s) for s in scores), strict=True))
            teacher = TEACHERS[course]
            gradebook.append({**enrollment, "teacher": teacher, **items, "current_grade": grade})
        if codes is not None:
            padded = codes + [None] * (len(SCHOOL_DAYS) - len(codes))
            day_codes = {d.isoformat(): c for d, c in zip(SCHOOL_DAYS, padded, strict=True)}
            attendance.append({**enrollment, **day_codes})
    write(gradebook, out / "gradebook.parquet")
    write(pd.DataFrame(attendance).astype({d.isoformat(): "string" for d in SCHOOL_DAYS}),
          out / "attendance.parquet")  # fmt: skip
    write(
        [
            {"eduid": eduid, "student_name": "", "course_id": "MATH", "section_id": "1",
             "math_scale_score": math, "math_performance_level": math_level,
             "ela_scale_score": ela, "ela_performance_level": ela_level}
            for eduid, math, math_level, ela, ela_level in ISAT
        ],
        out / "isat_data.parquet",
    )  # fmt: skip
    return out


# Hand-written expectations, end of term (as_of = the last school day, 2026-03-06).
# (w3, w6, w9, current_grade, trend, total/completed/missing, missing_pct,
#  days, absent, attendance_pct, attendance_status, chronically_absent,
#  grade_risk, missing_work_risk, overall_risk_level, risk_rank)
END_OF_TERM = {
    1: (86.5, 86.3, 87.2, 84.4, "Fluctuating", 5, 5, 0, 0.0,
        16, 3, 0.813, "Good", True, "None", "Low", "On Track", 5),
    2: (70.0, 70.0, 70.0, 70.0, "Fluctuating", 5, 5, 0, 0.0,
        44, 0, 1.0, "Good", False, "None", "Low", "On Track", 5),
    3: (60.0, 60.0, 59.9, 59.9, "Failing", 5, 5, 0, 0.0,
        44, 0, 1.0, "Good", False, "High", "Low", "Critical", 1),
    4: (60.0, 60.0, 60.0, 65.0, "Fluctuating", 5, 5, 0, 0.0,
        44, 0, 1.0, "Good", False, "Low", "Low", "Medium", 3),
    5: (90.0, 90.0, 90.0, 90.0, "Fluctuating", 5, 4, 1, 20.0,
        44, 0, 1.0, "Good", False, "None", "High", "Medium", 3),
    6: (88.0, 88.0, 88.0, 88.0, "Fluctuating", 5, 5, 0, 0.0,
        40, 10, 0.75, "Monitor", True, "None", "Low", "On Track", 5),
    7: (88.0, 88.0, 88.0, 88.0, "Fluctuating", 5, 5, 0, 0.0,
        20, 7, 0.65, "Warning", True, "None", "Low", "Medium", 3),
    8: (88.0, 88.0, 88.0, 88.0, "Fluctuating", 5, 5, 0, 0.0,
        12, 1, 0.917, "Good", False, "None", "Low", "On Track", 5),
    9: (88.0, 88.0, 88.0, 88.0, "Fluctuating", 5, 5, 0, 0.0,
        10, 1, 0.9, "Good", True, "None", "Low", "On Track", 5),
    10: (88.0, 88.0, 88.0, 88.0, "Fluctuating", 5, 5, 0, 0.0,
         9, 4, 0.556, "Critical", False, "None", "Low", "High", 2),
    11: (None, None, None, None, "No Data", 0, 0, 0, None,
         44, 0, 1.0, "Good", False, None, "Low", "On Track", 5),
    16: (60.0, 70.0, 76.0, 76.0, "Improving", 5, 5, 0, 0.0,
         44, 0, 1.0, "Good", False, "None", "Low", "On Track", 5),
    17: (90.0, 80.0, 70.0, 70.0, "Declining", 5, 5, 0, 0.0,
         44, 0, 1.0, "Good", False, "None", "Low", "Monitor", 4),
}  # fmt: skip

# Mid-term (IETA_AS_OF=2026-02-01): weeks 6 and 9 have not happened, so every trend is No Data;
# three items are due (A1, A2, A3) and 20 school days have passed.
MID_TERM = {
    # S1's 16 recorded days all fall before as_of.
    1: (86.5, None, None, 84.4, "No Data", 3, 3, 0, 0.0,
        16, 3, 0.813, "Good", True, "None", "Low", "On Track", 5),
    # No longer Failing (no week-9 grade yet): High on the grade 59.9.
    3: (60.0, None, None, 59.9, "No Data", 3, 3, 0, 0.0,
        20, 0, 1.0, "Good", False, "High", "Low", "High", 2),
    # The missing item A3 is one of three due: 33.3 %.
    5: (90.0, None, None, 90.0, "No Data", 3, 2, 1, 33.3,
        20, 0, 1.0, "Good", False, "None", "High", "Medium", 3),
    # 10 absent of the first 20 days: 0.5, Critical.
    6: (88.0, None, None, 88.0, "No Data", 3, 3, 0, 0.0,
        20, 10, 0.5, "Critical", True, "None", "Low", "High", 2),
    17: (90.0, None, None, 70.0, "No Data", 3, 3, 0, 0.0,
         20, 0, 1.0, "Good", False, "None", "Low", "On Track", 5),
}  # fmt: skip

# Week by week (mart_enrollment_weekly), end of term. Items fall due in weeks 1 (A1), 3 (A2, on
# the Friday checkpoint), 4 (A3), 6 (A4) and 9 (A5); week 7 has four school days (Presidents'
# Day). Every figure is to date as of the week's Friday.
# (week_number, total, completed, missing, grade_to_date, days, absent, attendance_pct,
#  attendance_status, chronically_absent, overall_risk_level, risk_change)
WEEKLY = {
    # Up then down: 5/10 absent is 0.500 (High), 5/15 is 0.667 (Medium), 5/20 is 0.750 (On
    # Track); chronically absent from week 2 on (5 of 10, ... 5 of 44 = 11.4 %).
    18: [
        (1, 1, 1, 0, 88.0, 5, 0, 1.0, "Good", False, "On Track", "new"),
        (2, 1, 1, 0, 88.0, 10, 5, 0.5, "Critical", True, "High", "worse"),
        (3, 2, 2, 0, 88.0, 15, 5, 0.667, "Warning", True, "Medium", "better"),
        (4, 3, 3, 0, 88.0, 20, 5, 0.75, "Monitor", True, "On Track", "better"),
        (5, 3, 3, 0, 88.0, 25, 5, 0.8, "Good", True, "On Track", "same"),
        (6, 4, 4, 0, 88.0, 30, 5, 0.833, "Good", True, "On Track", "same"),
        (7, 4, 4, 0, 88.0, 34, 5, 0.853, "Good", True, "On Track", "same"),
        (8, 4, 4, 0, 88.0, 39, 5, 0.872, "Good", True, "On Track", "same"),
        (9, 5, 5, 0, 88.0, 44, 5, 0.886, "Good", True, "On Track", "same"),
    ],
    # Ten absences first, then present until the Monday of week 9 (40 recorded days): High
    # while below 0.65, Medium from 20/30 = 0.667, On Track at exactly 30/40 = 0.75.
    6: [
        (1, 1, 1, 0, 88.0, 5, 5, 0.0, "Critical", False, "High", "new"),
        (2, 1, 1, 0, 88.0, 10, 10, 0.0, "Critical", True, "High", "same"),
        (3, 2, 2, 0, 88.0, 15, 10, 0.333, "Critical", True, "High", "same"),
        (4, 3, 3, 0, 88.0, 20, 10, 0.5, "Critical", True, "High", "same"),
        (5, 3, 3, 0, 88.0, 25, 10, 0.6, "Critical", True, "High", "same"),
        (6, 4, 4, 0, 88.0, 30, 10, 0.667, "Warning", True, "Medium", "better"),
        (7, 4, 4, 0, 88.0, 34, 10, 0.706, "Warning", True, "Medium", "same"),
        (8, 4, 4, 0, 88.0, 39, 10, 0.744, "Warning", True, "Medium", "same"),
        (9, 5, 5, 0, 88.0, 40, 10, 0.75, "Monitor", True, "On Track", "better"),
    ],
    # The missing A3 makes 1 of 3 due (33.3 %) in week 4: Medium until the end (1 of 5 = 20 %).
    5: [
        (1, 1, 1, 0, 90.0, 5, 0, 1.0, "Good", False, "On Track", "new"),
        (2, 1, 1, 0, 90.0, 10, 0, 1.0, "Good", False, "On Track", "same"),
        (3, 2, 2, 0, 90.0, 15, 0, 1.0, "Good", False, "On Track", "same"),
        (4, 3, 2, 1, 90.0, 20, 0, 1.0, "Good", False, "Medium", "worse"),
        (5, 3, 2, 1, 90.0, 25, 0, 1.0, "Good", False, "Medium", "same"),
        (6, 4, 3, 1, 90.0, 30, 0, 1.0, "Good", False, "Medium", "same"),
        (7, 4, 3, 1, 90.0, 34, 0, 1.0, "Good", False, "Medium", "same"),
        (8, 4, 3, 1, 90.0, 39, 0, 1.0, "Good", False, "Medium", "same"),
        (9, 5, 4, 1, 90.0, 44, 0, 1.0, "Good", False, "Medium", "same"),
    ],
}  # fmt: skip
WEEKLY_FIELDS = [
    "week_number", "total_assignments", "completed_assignments", "missing_assignments",
    "grade_to_date", "total_school_days", "days_absent", "attendance_pct", "attendance_status",
    "chronically_absent", "overall_risk_level", "risk_change",
]  # fmt: skip

FIELDS = [
    "week_3_grade_check", "week_6_grade_check", "week_9_grade_check", "current_grade",
    "trend_status", "total_assignments", "completed_assignments", "missing_assignments",
    "missing_assignments_pct", "total_school_days", "days_absent", "attendance_pct",
    "attendance_status", "chronically_absent", "grade_risk", "missing_work_risk",
    "overall_risk_level", "risk_rank",
]  # fmt: skip


def shown(value: object) -> object:
    """A mart value as plain Python (NaN/NA -> None, numpy scalars -> int/float/bool)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def assert_rows(dashboard: pd.DataFrame, expected: dict[int, tuple]) -> None:
    by_student = dashboard.set_index("student_id")
    problems = []
    for sid, values in expected.items():
        row = by_student.loc[str(sid)]  # student ids are text
        for field, want in zip(FIELDS, values, strict=True):
            got = shown(row[field])
            if got != want:
                problems.append(f"student {sid} {field}: got {got!r}, expected {want!r}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_district(tmp_path_factory.mktemp("edge") / "data")


@pytest.fixture(scope="module")
def end_of_term(district: Path, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    pipeline = Pipeline(tmp_path_factory.mktemp("edge_run"))
    with Apis(district) as apis:
        pipeline.launch(apis)
    return pipeline


def test_edges_at_the_end_of_term(end_of_term: Pipeline) -> None:
    dashboard = end_of_term.query("select * from marts.mart_student_dashboard")
    assert len(dashboard) == len(GRADEBOOK_AND_ATTENDANCE)
    assert_rows(dashboard, END_OF_TERM)
    assert dashboard["as_of_date"].dt.date.unique().tolist() == [date(2026, 3, 6)]


def test_isat_through_unambiguous_eduids_only(end_of_term: Pipeline) -> None:
    isat = end_of_term.query(
        "select student_id, eduid, isat_math_score, isat_math_level, isat_ela_score, "
        "isat_ela_level from marts.mart_student_dashboard"
    ).set_index("student_id")
    assert [shown(v) for v in isat.loc["1", ISAT_COLUMNS]] == [700, "Basic", 650, "Below Basic"]
    assert [shown(v) for v in isat.loc["14", ISAT_COLUMNS]] == [770, "Advanced", 720, "Proficient"]
    for sid in (12, 13, 15, 2):  # shared eduid, shared eduid, conflicting results, no ISAT row
        assert [shown(v) for v in isat.loc[str(sid), ISAT_COLUMNS]] == [None] * 4, sid
    assert isat.loc["12", "eduid"] == isat.loc["13", "eduid"] == "E12"  # shown, but not used


def test_class_summary_on_grades_as_shown(end_of_term: Pipeline) -> None:
    summary = end_of_term.query("select * from marts.mart_class_summary").set_index("course_id")
    eng = summary.loc["ENG"]
    assert eng["teacher_name"] == "Mr. Ortiz"
    assert [shown(eng[c]) for c in ["total_students", "graded_students"]] == [5, 4]
    assert [shown(eng[c]) for c in ["lowest_grade", "highest_grade", "class_average"]] == [
        60.0,  # 59.95
        90.0,  # 89.95
        75.1,  # (89.95 + 79.95 + 59.95 + 70.45) / 4 = 75.075
    ]
    assert [shown(eng[f"count_{x}"]) for x in "abcdf"] == [1, 1, 1, 1, 0]
    assert shown(eng["chronically_absent_count"]) == 1
    assert shown(summary.loc["MATH", "total_students"]) == 18


def test_data_quality_names_the_edge_cases(end_of_term: Pipeline) -> None:
    quality = end_of_term.query(
        "select rule, rows_affected from marts.mart_data_quality where is_warning"
    ).set_index("rule")["rows_affected"]
    assert quality.to_dict() == {
        "score_clamped": 1,  # student 16's 130
        "unknown_attendance_code": 3,  # student 8's "L"
        "isat_identical_duplicate_rows": 1,
        "isat_conflicting_results": 2,
        "isat_row_of_ambiguous_student": 1,
        "eduid_ambiguous": 2,
    }


def weekly_rows(pipeline: Pipeline, student_id: object) -> list[tuple]:
    weekly = pipeline.query(
        f"select {', '.join(WEEKLY_FIELDS)} from marts.mart_enrollment_weekly "
        f"where student_id = '{student_id}' order by week_start"
    )
    return [tuple(shown(v) for v in row) for row in weekly.itertuples(index=False)]


def test_week_by_week_by_hand(end_of_term: Pipeline) -> None:
    for sid, rows in WEEKLY.items():
        assert weekly_rows(end_of_term, sid) == rows, f"student {sid}"
    # This week (week 9) only student 3 crossed a line: its week-9 grade 59.9 makes it Failing.
    newly = end_of_term.query("select student_id, reasons from marts.mart_newly_at_risk")
    assert [(shown(sid), r) for sid, r in newly.itertuples(index=False)] == [
        ("3", "risk level rose to Critical (was Medium)")
    ]


def test_edges_mid_term(district: Path, tmp_path: Path) -> None:
    pipeline = Pipeline(tmp_path, extra_env={"IETA_AS_OF": "2026-02-01"})
    with Apis(district) as apis:
        pipeline.launch(apis)
    dashboard = pipeline.query("select * from marts.mart_student_dashboard")
    assert_rows(dashboard, MID_TERM)
    assert set(dashboard["trend_status"]) == {"No Data"}
    assert dashboard["as_of_date"].dt.date.unique().tolist() == [date(2026, 2, 1)]
    # Week by week up to Sunday 2026-02-01: four school weeks, as at the end of term.
    assert weekly_rows(pipeline, 18) == WEEKLY[18][:4]
