"""Tests of the reference recomputation's own machinery: its exact arithmetic, its output
columns, the comparison the end-to-end tests report with, and that the committed data exercises
every category.

The rules themselves are pinned where they live: each boundary is a dbt unit test next to its
model (dbt-demo/models/**/_*.yml), and the edge district (tests/e2e/test_edge_district.py) runs
hand-worked values through the whole pipeline. The reference earns its trust by agreeing with
dbt, row for row, on every data set the end-to-end tests build, written from the documented
rules and never from the dbt SQL.
"""

from __future__ import annotations

from datetime import date
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

REPO_ROOT = Path(__file__).parents[3]
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


def write_dataset(root: Path, gradebook: list[dict[str, object]]) -> Path:
    """Write the five parquet files around ``gradebook``: every day present, no ISAT row."""
    root.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "assignment_name": [n for n, _ in CATALOG],
            "assignment_type": ["Assignment"] * len(CATALOG),
            "assignment_number": list(range(1, len(CATALOG) + 1)),
            "due_date": [date.fromisoformat(d) for _, d in CATALOG],
            "points_possible": [100.0] * len(CATALOG),
        }
    ).to_parquet(root / "assignments.parquet")
    gb = pd.DataFrame(gradebook)
    for column in gb.columns:
        if column not in {"student_id", "student_name", "course_id", "section_id", "teacher"}:
            gb[column] = gb[column].astype(float)
    gb.to_parquet(root / "gradebook.parquet")
    ids = ["student_id", "student_name", "course_id", "section_id"]
    pd.DataFrame(
        [{**{k: r[k] for k in ids}, **dict.fromkeys(DAYS, "")} for r in gradebook]
    ).to_parquet(root / "attendance.parquet")
    pd.DataFrame(
        [
            {"student_id": r["student_id"], "eduid": f"E{r['student_id']}",
             "student_name": r["student_name"], "grade_level": 7}
            for r in gradebook
        ]
    ).to_parquet(root / "students.parquet")  # fmt: skip
    isat_columns = ["eduid", "student_name", "course_id", "section_id", "math_scale_score",
                    "math_performance_level", "ela_scale_score",
                    "ela_performance_level"]  # fmt: skip
    pd.DataFrame(columns=isat_columns).astype(
        {"math_scale_score": float, "ela_scale_score": float}
    ).to_parquet(root / "isat_data.parquet")
    return root


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
