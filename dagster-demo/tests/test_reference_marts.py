"""Tests of the reference recomputation itself, on tiny hand-made parquet data sets.

The reference is what the end-to-end test trusts, so every rule of docs/business-rules.md and of
docs/data-contract.md is pinned here with values computed by hand (in the comments).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_marts import (
    CLASS_SUMMARY_COLUMNS,
    DASHBOARD_COLUMNS,
    checkpoint_dates,
    clean_text,
    compare_marts,
    compute_reference_marts,
    ratio_half_away,
    round_half_away,
)

REPO_ROOT = Path(__file__).parents[2]
DEFAULT_DATA = REPO_ROOT / "api" / "data"
DATA_FILES = [
    "students.parquet",
    "attendance.parquet",
    "assignments.parquet",
    "gradebook.parquet",
    "isat_data.parquet",
]

# Default term: checkpoints 2026-01-23, 2026-02-13, 2026-03-06. A2 is due on the week-3 Friday,
# A3 on the Monday after; A6 is due after the last attendance day, so after the default as_of.
CATALOG = [
    ("A1", "2026-01-09"),
    ("A2", "2026-01-23"),
    ("A3", "2026-01-26"),
    ("A4", "2026-02-13"),
    ("A5", "2026-03-06"),
    ("A6", "2026-03-10"),
]
DAYS = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-03-06"]
ENROLLMENT = ["student_id", "course_id", "section_id"]


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------


def gradebook_row(
    student_id: int,
    scores: dict[str, float | None],
    current_grade: float | None,
    *,
    course: str = "MATH",
    section: str = "1",
    teacher: str | None = "Ms. Lee",
    name: str | None = None,
    items: list[str] | None = None,
) -> dict[str, object]:
    """One gradebook row with every catalog item as a column (None = not submitted)."""
    row: dict[str, object] = {
        "student_id": student_id,
        "student_name": name if name is not None else f"Student {student_id}",
        "course_id": course,
        "section_id": section,
        "teacher": teacher,
    }
    for item in items if items is not None else [n for n, _ in CATALOG]:
        row[item] = scores.get(item)
    row["current_grade"] = current_grade
    return row


def all_scores(value: float) -> dict[str, float]:
    return {n: value for n, _ in CATALOG}


def write_dataset(
    root: Path,
    gradebook: list[dict[str, object]],
    *,
    attendance: list[dict[str, object]] | None = None,
    students: list[dict[str, object]] | None = None,
    isat: list[dict[str, object]] | None = None,
    catalog: list[tuple[str, str]] | None = None,
) -> Path:
    """Write the five parquet files; missing parts default to a clean, fully present record."""
    root.mkdir(parents=True, exist_ok=True)
    catalog = CATALOG if catalog is None else catalog
    pd.DataFrame(
        {
            "assignment_name": [n for n, _ in catalog],
            "assignment_type": ["Assignment"] * len(catalog),
            "assignment_number": list(range(1, len(catalog) + 1)),
            "due_date": [date.fromisoformat(d) for _, d in catalog],
            "points_possible": [100.0] * len(catalog),
        }
    ).to_parquet(root / "assignments.parquet")
    gb = pd.DataFrame(gradebook)
    for column in gb.columns:
        if column not in {"student_id", "student_name", "course_id", "section_id", "teacher"}:
            gb[column] = gb[column].astype(float)
    gb.to_parquet(root / "gradebook.parquet")
    if attendance is None:
        attendance = [
            {
                "student_id": r["student_id"],
                "student_name": r["student_name"],
                "course_id": r["course_id"],
                "section_id": r["section_id"],
                **dict.fromkeys(DAYS, ""),
            }
            for r in gradebook
        ]
    pd.DataFrame(attendance).to_parquet(root / "attendance.parquet")
    if students is None:
        seen = {int(r["student_id"]): str(r["student_name"]) for r in gradebook}
        students = [
            {"student_id": sid, "eduid": f"E{sid}", "student_name": nm, "grade_level": 7}
            for sid, nm in seen.items()
        ]
    pd.DataFrame(students).to_parquet(root / "students.parquet")
    isat_columns = [
        "eduid",
        "student_name",
        "course_id",
        "section_id",
        "math_scale_score",
        "math_performance_level",
        "ela_scale_score",
        "ela_performance_level",
    ]
    isat_frame = pd.DataFrame(isat or [], columns=isat_columns)
    for column in ["math_scale_score", "ela_scale_score"]:
        isat_frame[column] = isat_frame[column].astype(float)
    isat_frame.to_parquet(root / "isat_data.parquet")
    return root


def dashboard_row(
    dashboard: pd.DataFrame, student_id: int, course: str = "MATH", section: str = "1"
) -> dict[str, object]:
    rows = dashboard[
        (dashboard["student_id"] == str(student_id))  # ids are text
        & (dashboard["course_id"] == course)
        & (dashboard["section_id"] == section)
    ]
    assert len(rows) == 1, f"expected one row for {(student_id, course, section)}, got {len(rows)}"
    return rows.iloc[0].to_dict()


def is_null(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------


def test_round_half_away_from_zero_on_the_exact_value() -> None:
    # The decimals a feed writes, rounded as decimals: not banker's (84.25 -> 84.2), and not the
    # binary float (the double nearest 84.35 is below it, 43.15 too: DuckDB 2.0 gives 43.1).
    got = round_half_away([84.35, 43.15, 84.25, -70.25, 69.95, 0.0, np.nan], 1)
    assert got[:6].tolist() == [84.4, 43.2, 84.3, -70.3, 70.0, 0.0]
    assert np.isnan(got[6])
    assert round_half_away([0.0625, 0.8125], 3).tolist() == [0.063, 0.813]


def test_ratios_are_rounded_exactly() -> None:
    unit = 10_000  # numerators are in units of 10^-4
    # 20 scores summing to 863 average 43.15 -> 43.2; 1 - 3/16 = 0.8125 -> 0.813.
    assert ratio_half_away([863 * unit], [20], 1).tolist() == [43.2]
    assert ratio_half_away([13 * unit], [16], 3).tolist() == [0.813]
    assert ratio_half_away([100 * unit, 2 * unit, -1 * unit], [3, 3, 8], 1).tolist() == [
        33.3,
        0.7,
        -0.1,
    ]
    assert np.isnan(ratio_half_away([unit, np.nan], [0, 1], 1)).all()


def test_checkpoint_dates_are_fridays_of_weeks_3_6_9() -> None:
    expected = {3: date(2026, 1, 23), 6: date(2026, 2, 13), 9: date(2026, 3, 6)}
    assert checkpoint_dates(date(2026, 1, 5)) == expected
    # A term starting mid-week keeps the Fridays of its weeks.
    assert checkpoint_dates(date(2026, 1, 7)) == expected


def test_clean_text_trims_and_collapses() -> None:
    got = clean_text(pd.Series(["  Ana \t  Lopez ", None, "x", "\n"]))
    assert got.tolist() == ["Ana Lopez", None, "x", ""]


def test_output_columns_are_the_mart_columns(tmp_path: Path) -> None:
    data = write_dataset(tmp_path, [gradebook_row(1, all_scores(80), 80.0)])
    dashboard, summary = compute_reference_marts(data)
    assert list(dashboard.columns) == DASHBOARD_COLUMNS
    assert list(summary.columns) == CLASS_SUMMARY_COLUMNS
    assert "student_key" not in dashboard.columns
    assert str(dashboard["total_assignments"].dtype) == "Int64"
    assert dashboard["week_3_grade_check"].dtype == np.float64


# ---------------------------------------------------------------------------------------------
# Checkpoints, items, scores
# ---------------------------------------------------------------------------------------------


def test_checkpoint_boundary_friday_counts_monday_after_does_not(tmp_path: Path) -> None:
    scores = {"A1": 50, "A2": 70, "A3": 80, "A4": 90, "A5": 100}
    data = write_dataset(tmp_path, [gradebook_row(1, scores, 78.0)])
    row = dashboard_row(compute_reference_marts(data)[0], 1)
    assert row["week_3_grade_check"] == 60.0  # (50 + 70) / 2: A2 due on the Friday, A3 not
    assert row["week_6_grade_check"] == 72.5  # (50 + 70 + 80 + 90) / 4
    assert row["week_9_grade_check"] == 78.0  # 390 / 5
    assert row["trend_status"] == "Improving"
    # A6 is due 2026-03-10, after as_of (last day column 2026-03-06).
    assert (row["total_assignments"], row["completed_assignments"]) == (5, 5)
    assert (row["missing_assignments"], row["missing_assignments_pct"]) == (0, 0.0)
    assert (row["overall_risk_level"], row["risk_rank"]) == ("On Track", 5)


def test_checkpoints_follow_term_start(tmp_path: Path) -> None:
    scores = {"A1": 50, "A2": 70, "A3": 80, "A4": 90, "A5": 100}
    data = write_dataset(tmp_path, [gradebook_row(1, scores, 78.0)])
    # Term starting 2026-01-12: week-3 Friday is 2026-01-30, so A3 (01-26) now counts.
    row = dashboard_row(compute_reference_marts(data, term_start=date(2026, 1, 12))[0], 1)
    assert row["week_3_grade_check"] == 66.7  # 200 / 3 = 66.666...


def test_item_columns_come_from_catalog_not_names(tmp_path: Path) -> None:
    row = gradebook_row(1, {"A1": 80, "A2": 80, "A3": 80, "A4": 80, "A5": 80}, 80.0)
    row["Assignment 99"] = 0.0  # looks like an item but is not in the catalog: ignored
    data = write_dataset(tmp_path, [row])
    got = dashboard_row(compute_reference_marts(data)[0], 1)
    assert got["week_3_grade_check"] == 80.0
    assert got["total_assignments"] == 5


def test_null_scores_ignored_and_missing_counted(tmp_path: Path) -> None:
    scores = {"A1": 80, "A2": None, "A3": None, "A4": 90, "A5": None, "A6": 50}
    data = write_dataset(tmp_path, [gradebook_row(1, scores, 85.0)])
    row = dashboard_row(compute_reference_marts(data)[0], 1)
    assert row["week_3_grade_check"] == 80.0
    assert row["week_6_grade_check"] == 85.0  # (80 + 90) / 2, nulls are not zeros
    assert row["week_9_grade_check"] == 85.0  # A6 is due after the week-9 Friday
    assert row["trend_status"] == "Fluctuating"  # 80 < 85 = 85
    assert (row["total_assignments"], row["completed_assignments"]) == (5, 2)
    assert (row["missing_assignments"], row["missing_assignments_pct"]) == (3, 60.0)
    assert row["missing_work_risk"] == "High"
    assert row["overall_risk_level"] == "Medium"  # missing >= 20 with grade 85 and full attendance

    # A later as_of brings A6 (submitted) into the counts: 6 items, 3 done, 50.0 % missing.
    later = dashboard_row(compute_reference_marts(data, as_of=date(2026, 3, 10))[0], 1)
    assert (later["total_assignments"], later["completed_assignments"]) == (6, 3)
    assert later["missing_assignments_pct"] == 50.0
    assert later["week_9_grade_check"] == 85.0  # checkpoints ignore as_of


def test_scores_clamped_to_0_100_for_checkpoints(tmp_path: Path) -> None:
    scores = {"A1": 105, "A2": 95, "A3": -5, "A4": 100, "A5": 100}
    data = write_dataset(tmp_path, [gradebook_row(1, scores, 99.0)])
    row = dashboard_row(compute_reference_marts(data)[0], 1)
    assert row["week_3_grade_check"] == 97.5  # (100 + 95) / 2, not (105 + 95) / 2 = 100
    assert row["week_6_grade_check"] == 73.8  # (100 + 95 + 0 + 100) / 4 = 73.75, half away
    assert row["week_9_grade_check"] == 79.0  # 395 / 5
    assert row["completed_assignments"] == 5
    assert row["current_grade"] == 99.0  # the LMS value as given


def test_checkpoint_rounds_half_away_from_zero(tmp_path: Path) -> None:
    data = write_dataset(tmp_path, [gradebook_row(1, {"A1": 70, "A2": 70.5}, 70.0)])
    row = dashboard_row(compute_reference_marts(data)[0], 1)
    assert row["week_3_grade_check"] == 70.3  # 70.25 -> 70.3 (Python's round gives 70.2)


# ---------------------------------------------------------------------------------------------
# Trend and overall risk
# ---------------------------------------------------------------------------------------------


def test_trend_categories_and_first_match(tmp_path: Path) -> None:
    rows = [
        # 1: nothing due by week 3 was submitted -> w3 null -> No Data (2 of 5 missing -> Medium)
        gradebook_row(1, {"A3": 80, "A4": 80, "A5": 80}, 80.0),
        # 2: rising 40 -> 45 -> 50, but w9 < 60 comes first -> Failing -> Critical
        gradebook_row(2, {"A1": 40, "A2": 40, "A3": 50, "A4": 50, "A5": 70}, 95.0),
        # 3: 90 -> 80 -> 72 -> Declining, grade 72 -> Monitor
        gradebook_row(3, {"A1": 90, "A2": 90, "A3": 70, "A4": 70, "A5": 40}, 72.0),
        # 4: equal values 80 = 80 = 80 -> Fluctuating
        gradebook_row(4, {"A1": 80, "A2": 80, "A3": 80, "A4": 80, "A5": 80}, 80.0),
        # 5: 80.0 < 80.02 < 82.016 unrounded, but rounded 80.0 = 80.0 -> Fluctuating
        gradebook_row(5, {"A1": 80, "A2": 80, "A3": 80, "A4": 80.08, "A5": 90}, 80.0),
        # 6: 70 -> 80 -> 72 zigzag -> Fluctuating
        gradebook_row(6, {"A1": 70, "A2": 70, "A3": 90, "A4": 90, "A5": 40}, 80.0),
        # 7: Declining but grade 65 -> Medium wins over Monitor
        gradebook_row(7, {"A1": 90, "A2": 90, "A3": 70, "A4": 70, "A5": 40}, 65.0),
        # 8: 60 -> 72.5 -> 78 -> Improving -> On Track
        gradebook_row(8, {"A1": 50, "A2": 70, "A3": 80, "A4": 90, "A5": 100}, 78.0),
    ]
    dashboard = compute_reference_marts(write_dataset(tmp_path, rows))[0]
    expected = {
        1: ("No Data", (None, 80.0, 80.0), "Medium", 3),
        2: ("Failing", (40.0, 45.0, 50.0), "Critical", 1),
        3: ("Declining", (90.0, 80.0, 72.0), "Monitor", 4),
        4: ("Fluctuating", (80.0, 80.0, 80.0), "On Track", 5),
        5: ("Fluctuating", (80.0, 80.0, 82.0), "On Track", 5),
        6: ("Fluctuating", (70.0, 80.0, 72.0), "On Track", 5),
        7: ("Declining", (90.0, 80.0, 72.0), "Medium", 3),
        8: ("Improving", (60.0, 72.5, 78.0), "On Track", 5),
    }
    for student_id, (trend, checks, overall, rank) in expected.items():
        row = dashboard_row(dashboard, student_id)
        got_checks = tuple(
            None if is_null(row[f"week_{w}_grade_check"]) else row[f"week_{w}_grade_check"]
            for w in (3, 6, 9)
        )
        assert got_checks == checks, student_id
        assert row["trend_status"] == trend, student_id
        assert (row["overall_risk_level"], row["risk_rank"]) == (overall, rank), student_id
    # Ordered worst first: the Critical row leads.
    assert dashboard.iloc[0]["student_id"] == 2


# ---------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------


def attendance_row(student_id: int, values: dict[str, object]) -> dict[str, object]:
    return {
        "student_id": student_id,
        "student_name": f"Student {student_id}",
        "course_id": "MATH",
        "section_id": "1",
        **values,
    }


def test_attendance_codes(tmp_path: Path) -> None:
    days = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-12"]
    later = "2026-03-09"
    attendance = [
        attendance_row(
            1,
            {
                **dict(zip(days, ["", "Tardy", "Absent", "Excused", None, "Sick"], strict=True)),
                "notes": "Absent",  # not a day column
                "2026-02-30": "Absent",  # looks like a date but is not one
                later: "Absent",
            },
        ),
        attendance_row(
            2,
            {
                **dict(zip(days, [" absent ", "TARDY", "excused ", "  ", "X", ""], strict=True)),
                "notes": "Absent",
                "2026-02-30": "Absent",
                later: "",
            },
        ),
    ]
    gradebook = [gradebook_row(i, all_scores(85), 85.0) for i in (1, 2)]
    data = write_dataset(tmp_path, gradebook, attendance=attendance)

    # Default as_of = last day column (2026-03-09), which counts.
    dashboard = compute_reference_marts(data)[0]
    one, two = dashboard_row(dashboard, 1), dashboard_row(dashboard, 2)
    # 1: '', Tardy present; Absent, Excused, 03-09 Absent absent; null and 'Sick' not recorded.
    assert (one["total_school_days"], one["days_absent"], one["attendance_pct"]) == (5, 3, 0.4)
    assert one["attendance_status"] == "Critical"
    # 2: codes trimmed and case-folded; '  ' is present; 'X' unknown -> 6 recorded, 2 absent.
    assert (two["total_school_days"], two["days_absent"]) == (6, 2)
    assert two["attendance_pct"] == 0.667  # 1 - 2/6
    assert two["attendance_status"] == "Warning"
    assert two["overall_risk_level"] == "Medium"

    # An explicit as_of drops the later day.
    dashboard = compute_reference_marts(data, as_of=date(2026, 3, 6))[0]
    one, two = dashboard_row(dashboard, 1), dashboard_row(dashboard, 2)
    assert (one["total_school_days"], one["days_absent"], one["attendance_pct"]) == (4, 2, 0.5)
    assert (two["total_school_days"], two["days_absent"], two["attendance_pct"]) == (5, 2, 0.6)
    assert one["overall_risk_level"] == "High"  # attendance < 0.65, grade 85


def test_attendance_status_thresholds_via_counts(tmp_path: Path) -> None:
    days = [(date(2026, 1, 5) + timedelta(days=i)).isoformat() for i in range(41)]
    # (student, recorded days, absent days) -> expected pct, status, overall risk
    cases = {
        1: (37, 13, 0.649, "Critical", "High"),  # 1 - 13/37 = 0.6486
        2: (20, 7, 0.65, "Warning", "Medium"),
        3: (20, 6, 0.7, "Warning", "Medium"),
        4: (4, 1, 0.75, "Monitor", "On Track"),
        5: (41, 9, 0.78, "Monitor", "On Track"),  # 0.7805
        6: (5, 1, 0.8, "Good", "On Track"),
    }
    attendance = []
    for student_id, (recorded, absent, *_rest) in cases.items():
        values = ["Absent"] * absent + [""] * (recorded - absent)
        values += [None] * (len(days) - recorded)
        attendance.append(attendance_row(student_id, dict(zip(days, values, strict=True))))
    # Student 7: enrolled, nothing recorded -> 0 days, pct and status null.
    attendance.append(attendance_row(7, dict.fromkeys(days)))
    gradebook = [gradebook_row(i, all_scores(85), 85.0) for i in range(1, 8)]
    dashboard = compute_reference_marts(write_dataset(tmp_path, gradebook, attendance=attendance))[
        0
    ]
    for student_id, (recorded, absent, pct, status, overall) in cases.items():
        row = dashboard_row(dashboard, student_id)
        assert (row["total_school_days"], row["days_absent"]) == (recorded, absent)
        assert row["attendance_pct"] == pct, student_id
        assert row["attendance_status"] == status, student_id
        assert row["overall_risk_level"] == overall, student_id
    seven = dashboard_row(dashboard, 7)
    assert seven["total_school_days"] == 0
    assert is_null(seven["attendance_pct"]) and is_null(seven["attendance_status"])


# ---------------------------------------------------------------------------------------------
# Grade and missing-work risk
# ---------------------------------------------------------------------------------------------


def test_grade_risk_boundaries_use_the_grade_as_shown(tmp_path: Path) -> None:
    cases = {
        1: (59.9, 59.9, "High", "High"),
        2: (59.94, 59.9, "High", "High"),
        3: (59.95, 60.0, "Medium", "Medium"),  # shown as 60.0: the threshold reads 60.0
        4: (64.94, 64.9, "Medium", "Medium"),
        5: (64.95, 65.0, "Low", "Medium"),
        6: (69.95, 70.0, "None", "On Track"),  # shown as 70.0: no grade risk
        7: (70.0, 70.0, "None", "On Track"),
        8: (None, None, None, "On Track"),
    }
    gradebook = [gradebook_row(i, all_scores(85), g) for i, (g, *_rest) in cases.items()]
    dashboard = compute_reference_marts(write_dataset(tmp_path, gradebook))[0]
    for student_id, (_raw, shown, risk, overall) in cases.items():
        row = dashboard_row(dashboard, student_id)
        assert (None if is_null(row["current_grade"]) else row["current_grade"]) == shown
        assert (None if is_null(row["grade_risk"]) else row["grade_risk"]) == risk, student_id
        assert row["overall_risk_level"] == overall, student_id
    # Within a risk level, lower grades come first; null grades last.
    high = dashboard[dashboard["overall_risk_level"] == "High"]["student_id"].tolist()
    assert sorted(high) == [1, 2]
    assert dashboard.iloc[-1]["student_id"] == 8


def test_missing_work_thresholds(tmp_path: Path) -> None:
    items = [f"Item {i:04d}" for i in range(1000)]
    catalog = [(name, "2026-01-09") for name in items]
    cases = {1: (200, 20.0, "High", "Medium"), 2: (199, 19.9, "Medium", "On Track")}
    cases |= {3: (150, 15.0, "Medium", "On Track"), 4: (149, 14.9, "Low", "On Track")}
    gradebook = [
        gradebook_row(
            student_id,
            {name: (None if i < missing else 85.0) for i, name in enumerate(items)},
            85.0,
            items=items,
        )
        for student_id, (missing, *_rest) in cases.items()
    ]
    dashboard = compute_reference_marts(write_dataset(tmp_path, gradebook, catalog=catalog))[0]
    for student_id, (missing, pct, risk, overall) in cases.items():
        row = dashboard_row(dashboard, student_id)
        assert (row["total_assignments"], row["missing_assignments"]) == (1000, missing)
        assert row["missing_assignments_pct"] == pct
        assert row["missing_work_risk"] == risk
        assert row["overall_risk_level"] == overall


# ---------------------------------------------------------------------------------------------
# Cleaning rules: duplicates, names, teachers, ISAT
# ---------------------------------------------------------------------------------------------


def test_duplicate_enrollment_rows_deduped(tmp_path: Path) -> None:
    first = gradebook_row(1, all_scores(85), 85.0)
    gradebook = [first, dict(first), gradebook_row(2, all_scores(85), 85.0)]
    # A differing duplicate: keep the first after ordering by all columns (current_grade 70 < 80).
    gradebook += [gradebook_row(3, all_scores(85), 80.0), gradebook_row(3, all_scores(85), 70.0)]
    attendance = [attendance_row(i, dict.fromkeys(DAYS, "")) for i in (1, 1, 2, 3)]
    dashboard, summary = compute_reference_marts(
        write_dataset(tmp_path, gradebook, attendance=attendance)
    )
    assert len(dashboard) == 3
    assert not dashboard.duplicated(ENROLLMENT).any()
    assert dashboard_row(dashboard, 1)["total_school_days"] == 5  # not 10
    assert dashboard_row(dashboard, 3)["current_grade"] == 70.0
    assert summary.loc[0, "total_students"] == 3


def test_names_trimmed_and_roster_names_shown(tmp_path: Path) -> None:
    gradebook = [
        gradebook_row(1, all_scores(85), 85.0, name="ANA LOPEZ", teacher="  Ms.   Lee "),
        gradebook_row(3, all_scores(85), 85.0, name=" Bo  Chen ", teacher="Ms. Lee"),
    ]
    students = [
        {"student_id": 1, "eduid": " E1 ", "student_name": "  Ana   Lopez\t", "grade_level": 7},
    ]
    isat = [
        {
            "eduid": "E1",
            "student_name": "whoever",
            "course_id": "MATH",
            "section_id": "1",
            "math_scale_score": 700,
            "math_performance_level": "Basic",
            "ela_scale_score": 650,
            "ela_performance_level": "Below Basic",
        }
    ]
    dashboard = compute_reference_marts(
        write_dataset(tmp_path, gradebook, students=students, isat=isat)
    )[0]
    ana, bo = dashboard_row(dashboard, 1), dashboard_row(dashboard, 3)
    assert (ana["student_name"], ana["eduid"], ana["teacher_name"]) == (
        "Ana Lopez",
        "E1",
        "Ms. Lee",
    )
    assert ana["isat_math_score"] == 700  # joined after trimming the roster eduid
    # Off the roster: feed name trimmed, no eduid, no ISAT.
    assert (bo["student_name"], bo["teacher_name"]) == ("Bo Chen", "Ms. Lee")
    assert is_null(bo["eduid"]) and is_null(bo["isat_math_score"])


def test_section_teacher_is_mode_with_alphabetical_tie_break(tmp_path: Path) -> None:
    def row(student_id: int, section: str, teacher: str | None) -> dict[str, object]:
        return gradebook_row(student_id, all_scores(85), 85.0, section=section, teacher=teacher)

    gradebook = [
        row(1, "1", "Mr. B"),
        row(2, "1", " Mr.  B"),  # the same teacher once trimmed: 2 votes
        row(3, "1", "Ms. A"),
        row(4, "2", "Mr. B"),
        row(5, "2", "Ms. A"),  # 1 vote each: alphabetical first ('Mr. B' < 'Ms. A')
        row(6, "3", None),
        row(7, "3", None),
        row(8, "3", "Zed"),  # nulls do not vote
    ]
    dashboard, summary = compute_reference_marts(write_dataset(tmp_path, gradebook))
    teachers = dict(zip(summary["section_id"], summary["teacher_name"], strict=True))
    assert teachers == {"1": "Mr. B", "2": "Mr. B", "3": "Zed"}
    assert dashboard_row(dashboard, 3, section="1")["teacher_name"] == "Mr. B"
    assert dashboard_row(dashboard, 5, section="2")["teacher_name"] == "Mr. B"
    assert dashboard_row(dashboard, 6, section="3")["teacher_name"] == "Zed"


def test_section_teacher_tie_break_is_alphabetical(tmp_path: Path) -> None:
    gradebook = [
        gradebook_row(1, all_scores(85), 85.0, teacher="Ms. Young"),
        gradebook_row(2, all_scores(85), 85.0, teacher="Mr. Adams"),
    ]
    summary = compute_reference_marts(write_dataset(tmp_path, gradebook))[1]
    assert summary.loc[0, "teacher_name"] == "Mr. Adams"


def isat_row(eduid: str, course: str, math: float | None, ela: float | None) -> dict[str, object]:
    def level(score: float | None) -> str | None:
        if score is None:
            return None
        return (
            "Below Basic"
            if score < 660
            else "Basic"
            if score < 720
            else "Proficient"
            if score < 770
            else "Advanced"
        )

    return {
        "eduid": eduid,
        "student_name": "Somebody Else",  # never used: the join is by eduid
        "course_id": course,
        "section_id": "1",
        "math_scale_score": math,
        "math_performance_level": level(math),
        "ela_scale_score": ela,
        "ela_performance_level": level(ela),
    }


def test_isat_joined_by_eduid_identical_rows_once_conflicts_none(tmp_path: Path) -> None:
    gradebook = [gradebook_row(i, all_scores(85), 85.0) for i in (1, 2, 3, 4)]
    isat = [
        isat_row("E1", "MATH", 700, 650),
        isat_row("E1", "ART", 700, 650),  # the same result again (course is informational)
        isat_row("E3", "MATH", 650, 650),
        isat_row("E3", "ELA", 780, 730),  # a different result for E3: ambiguous, no scores
        isat_row("E4", "MATH", 950, 700),  # scale score outside 600-800: no math score
        isat_row("E99", "MATH", 800, 800),  # orphan: not on the roster
    ]
    dashboard = compute_reference_marts(write_dataset(tmp_path, gradebook, isat=isat))[0]
    assert len(dashboard) == 4
    one, two, three, four = (dashboard_row(dashboard, i) for i in (1, 2, 3, 4))
    assert (one["isat_math_score"], one["isat_math_level"]) == (700, "Basic")
    assert (one["isat_ela_score"], one["isat_ela_level"]) == (650, "Below Basic")
    for row in (two, three):
        assert all(
            is_null(row[c])
            for c in ["isat_math_score", "isat_math_level", "isat_ela_score", "isat_ela_level"]
        )
    assert is_null(four["isat_math_score"]) and four["isat_ela_score"] == 700
    assert "E99" not in set(dashboard["eduid"].dropna())


# ---------------------------------------------------------------------------------------------
# Class summary
# ---------------------------------------------------------------------------------------------


def test_class_summary_letters_and_stats(tmp_path: Path) -> None:
    grades = [95, 90, 89.94, 80, 79.99, 70, 69.94, 60, 59.95, None]
    gradebook = [gradebook_row(i + 1, all_scores(85), g) for i, g in enumerate(grades)]
    # Section 2: average 70.25 is a true half -> 70.3 (half away from zero).
    gradebook += [gradebook_row(i, all_scores(85), 70.25, section="2") for i in (20, 21)]
    # Section 3: nobody has a current grade.
    gradebook += [gradebook_row(30, all_scores(85), None, section="3")]
    summary = compute_reference_marts(write_dataset(tmp_path, gradebook))[1]
    by_section = summary.set_index("section_id")

    one = by_section.loc["1"]
    assert one["total_students"] == 10
    # Letters read the grade as shown: 89.94 (89.9) is a B, 79.99 (80.0) a B, 69.94 (69.9) a D,
    # 59.95 (60.0) a D.
    assert [one[f"count_{x}"] for x in "abcdf"] == [2, 3, 1, 3, 0]
    assert (one["lowest_grade"], one["highest_grade"]) == (60.0, 95.0)  # 59.95 shown as 60.0
    assert one["class_average"] == 77.2  # 694.82 / 9 = 77.202...
    assert one["teacher_name"] == "Ms. Lee"

    two = by_section.loc["2"]
    assert (two["total_students"], two["class_average"], two["lowest_grade"]) == (2, 70.3, 70.3)
    assert [two[f"count_{x}"] for x in "abcdf"] == [0, 0, 2, 0, 0]

    three = by_section.loc["3"]
    assert three["total_students"] == 1
    assert is_null(three["class_average"]) and is_null(three["lowest_grade"])
    assert [three[f"count_{x}"] for x in "abcdf"] == [0, 0, 0, 0, 0]


# ---------------------------------------------------------------------------------------------
# compare_marts
# ---------------------------------------------------------------------------------------------


def small_mart() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "student_id": pd.array([1, 2, 3], dtype="Int64"),
            "course_id": ["MATH", "MATH", "ELA"],
            "section_id": ["1", "1", "2"],
            "current_grade": [78.0, 55.5, np.nan],
            "total_assignments": pd.array([5, 5, 0], dtype="Int64"),
            "trend_status": ["Improving", "Failing", None],
        }
    )


def test_compare_marts_equal_despite_dtypes() -> None:
    expected = small_mart()
    actual = expected.copy()
    actual["student_id"] = actual["student_id"].astype("int64")  # DuckDB BIGINT
    actual["total_assignments"] = actual["total_assignments"].astype(float)  # 5.0 == 5
    actual["current_grade"] = [78.0, 55.5, None]  # null == null
    actual["extra_column"] = 1  # more columns are welcome
    actual = actual.iloc[::-1]  # order does not matter
    assert compare_marts(actual, expected, ENROLLMENT) == []


def test_compare_marts_compares_exact_values() -> None:
    # Neither side is rounded: an unrounded mart value, or one rounded the other way, differs.
    expected = small_mart()
    actual = expected.copy()
    actual["current_grade"] = [78.04, 55.4, np.nan]
    problems = compare_marts(actual, expected, ENROLLMENT)
    assert len(problems) == 1 and "2 of 3 rows differ" in problems[0]


def test_compare_marts_reports_differences() -> None:
    expected = small_mart()
    actual = expected.copy()
    actual.loc[0, "current_grade"] = 78.1
    actual.loc[1, "trend_status"] = "Improving"
    actual.loc[2, "current_grade"] = 0.0  # null vs value is a difference
    actual = pd.concat([actual.iloc[[0, 1, 2]], actual.iloc[[0]].assign(student_id=9)])
    actual = actual.drop(columns=["total_assignments"])
    problems = compare_marts(actual, expected, ENROLLMENT)
    text = "\n".join(problems)
    assert "columns missing from actual: ['total_assignments']" in text
    assert "1 rows extra in actual" in text and "student_id=9" in text
    assert "column 'current_grade': 2 of 3 rows differ" in text
    assert "actual=78.1 expected=78.0" in text
    assert "actual=0.0 expected=NULL" in text
    assert "'Failing' -> 'Improving' x1" in text

    missing = compare_marts(expected.iloc[:2], expected, ENROLLMENT)
    assert len(missing) == 1 and "1 of 3 expected keys missing from actual" in missing[0]
    assert "student_id=3" in missing[0]


def test_compare_marts_reports_duplicate_keys() -> None:
    expected = small_mart()
    actual = pd.concat([expected, expected.iloc[[0]]])
    problems = compare_marts(actual, expected, ENROLLMENT)
    assert len(problems) == 1 and "actual has 2 rows sharing 1 duplicated keys" in problems[0]


# ---------------------------------------------------------------------------------------------
# The committed default data
# ---------------------------------------------------------------------------------------------

CATEGORIES = {
    "trend_status": ["No Data", "Failing", "Improving", "Declining", "Fluctuating"],
    "attendance_status": ["Critical", "Warning", "Monitor", "Good"],
    "overall_risk_level": ["Critical", "High", "Medium", "Monitor", "On Track"],
    "grade_risk": ["High", "Medium", "Low", "None"],
    "missing_work_risk": ["High", "Medium", "Low"],
}


def test_default_data_exercises_every_category() -> None:
    missing = [f for f in DATA_FILES if not (DEFAULT_DATA / f).exists()]
    if missing:
        pytest.skip(f"default data not generated yet: {DEFAULT_DATA} lacks {missing}")
    dashboard, summary = compute_reference_marts(DEFAULT_DATA)
    assert not dashboard.duplicated(ENROLLMENT).any()
    assert len(summary) > 0
    shares = {
        column: dashboard[column].value_counts(normalize=True, dropna=False).to_dict()
        for column in CATEGORIES
    }
    for column, values in CATEGORIES.items():
        for value in values:
            share = shares[column].get(value, 0.0)
            assert share >= 0.03, f"{column}={value!r} is {share:.1%} of enrollments: {shares}"


def test_class_average_is_exact_at_a_half(tmp_path: Path) -> None:
    # (78.2 + 78.3) / 2 = 78.25 exactly: 78.3, whatever order a float sum would take.
    gradebook = [gradebook_row(i, all_scores(85), g) for i, g in ((1, 78.2), (2, 78.3))]
    gradebook += [gradebook_row(i, all_scores(85), g, section="2") for i, g in ((3, 70), (4, 71))]
    expected = compute_reference_marts(write_dataset(tmp_path, gradebook))[1]
    by_section = expected.set_index("section_id")
    assert by_section.loc["1", "class_average"] == 78.3
    assert by_section.loc["2", "class_average"] == 70.5
