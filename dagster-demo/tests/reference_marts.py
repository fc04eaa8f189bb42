"""Independent reference computation of the two IETA marts, straight from the source parquet files.

The end-to-end test compares `marts.mart_student_dashboard` and `marts.mart_class_summary` built
by dbt against the frames computed here. The code is written from docs/business-rules.md and
`docs/data-contract.md` only (never from the dbt SQL), in pandas/numpy, so that a shared
misreading of the rules is unlikely to pass unnoticed.

Public API:

- `compute_reference_marts(data_dir, term_start, as_of)` -> (student_dashboard, class_summary)
- `compare_marts(actual, expected, keys)` -> list of human-readable differences
- `round_half_away(values, decimals)`, `checkpoint_dates(term_start)`, `clean_text(series)`:
  the building blocks, exposed for tests.

Everything is vectorized over rows (numpy matrices for the wide item and day columns), so 100,000
students (~200k enrollments x ~21 items x ~44 days) take seconds, not minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ENROLLMENT_KEYS = ["student_id", "course_id", "section_id"]
SECTION_KEYS = ["course_id", "section_id"]

# Columns of the wide feeds that are not items or days (contract: "Item columns and day columns").
GRADEBOOK_ID_COLUMNS = frozenset(
    {
        "student_id",
        "student_name",
        "course_id",
        "section_id",
        "teacher",
        "teacher_id",
        "current_grade",
    }
)
ATTENDANCE_ID_COLUMNS = frozenset({"student_id", "student_name", "course_id", "section_id"})

CHECKPOINT_WEEKS = (3, 6, 9)

DASHBOARD_COLUMNS = [
    "student_id",
    "eduid",
    "student_name",
    "course_id",
    "section_id",
    "teacher_name",
    "week_3_grade_check",
    "week_6_grade_check",
    "week_9_grade_check",
    "current_grade",
    "trend_status",
    "total_assignments",
    "completed_assignments",
    "missing_assignments",
    "missing_assignments_pct",
    "total_school_days",
    "days_absent",
    "attendance_pct",
    "attendance_status",
    "isat_math_score",
    "isat_math_level",
    "isat_ela_score",
    "isat_ela_level",
    "grade_risk",
    "missing_work_risk",
    "overall_risk_level",
    "risk_rank",
    "chronically_absent",
]

CLASS_SUMMARY_COLUMNS = [
    "course_id",
    "section_id",
    "teacher_name",
    "total_students",
    "lowest_grade",
    "highest_grade",
    "class_average",
    "count_a",
    "count_b",
    "count_c",
    "count_d",
    "count_f",
    "chronically_absent_count",
]

# Source scores and grades are exact decimals with at most this many places (the warehouse reads
# them as decimal(9, 4)); the reference counts them in integer units of 10^-4.
SCORE_PLACES = 4
SCORE_UNIT = 10**SCORE_PLACES

RISK_RANK = {"Critical": 1, "High": 2, "Medium": 3, "Monitor": 4, "On Track": 5}

# Attendance codes after trim/collapse, lower-cased -> True when the student counts as absent.
# Tardy counts as present (docs/business-rules.md); any other code is unknown = not recorded.
_CODE_IS_ABSENT = {"": False, "tardy": False, "absent": True, "excused": True}

_DATE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")
# ASCII whitespace only: what SQL regexps (RE2 `\s`) treat as whitespace, so the reference does not
# "clean" more than a warehouse would.
_WHITESPACE = r"[ \t\n\r\f\v]+"


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def score_units(values: object) -> np.ndarray:
    """Exact decimal values (at most 4 places, as a feed writes them) in integer units of 10^-4,
    as float64 holding whole numbers (NaN for null): 84.35 -> 843500."""
    x = np.asarray(values, dtype=float)
    return np.round(x * SCORE_UNIT)


def ratio_half_away(numerator_units: object, denominator: object, decimals: int) -> np.ndarray:
    """numerator / denominator rounded half away from zero to `decimals` places, exactly.

    `numerator_units` are whole numbers of 10^-4 (score_units, or a count times 10^4), and
    `denominator` whole numbers; the quotient is rounded in integer arithmetic, never through a
    float average, so 863 / 20 = 43.15 gives 43.2 and (1 - 3/16) = 0.8125 gives 0.813. Returns
    floats (the nearest double of the decimal result); NaN where the denominator is 0 or null.
    """
    n = np.asarray(numerator_units, dtype=float)
    d = np.asarray(denominator, dtype=float)
    valid = ~np.isnan(n) & ~np.isnan(d) & (d > 0)
    out = np.full(np.broadcast(n, d).shape, np.nan)
    if valid.any():
        nv = np.abs(np.broadcast_to(n, out.shape)[valid]).astype(np.int64)
        dv = np.broadcast_to(d, out.shape)[valid].astype(np.int64)
        scale = 10**decimals
        q = (2 * nv * scale + dv * SCORE_UNIT) // (2 * dv * SCORE_UNIT)
        sign = np.sign(np.broadcast_to(n, out.shape)[valid])
        out[valid] = sign * q / scale
    return out


def round_half_away(values: object, decimals: int) -> np.ndarray:
    """Exact decimal values (at most 4 places) rounded half away from zero: 84.35 -> 84.4,
    70.25 -> 70.3 (never banker's rounding, never the float's binary value). NaN stays NaN."""
    return ratio_half_away(score_units(values), 1, decimals)


def checkpoint_dates(term_start: date, weeks: Iterable[int] = CHECKPOINT_WEEKS) -> dict[int, date]:
    """Friday of each checkpoint week: Monday of term_start's week + 7*(w-1) + 4 days (contract)."""
    monday = term_start - timedelta(days=term_start.weekday())
    return {w: monday + timedelta(days=7 * (w - 1) + 4) for w in weeks}


def clean_text(series: pd.Series) -> pd.Series:
    """Trim and collapse inner whitespace runs to one space (contract rule 2); nulls stay None.

    Returns an object Series so that downstream comparisons see plain `str` / `None`.
    """
    values = np.full(len(series), None, dtype=object)
    present = series.notna().to_numpy()
    if present.any():
        text = series[present].astype(str).str.replace(_WHITESPACE, " ", regex=True)
        values[present] = text.str.strip(" ").to_numpy(dtype=object)
    return pd.Series(values, index=series.index, dtype=object)


def parse_day_column(name: object) -> date | None:
    """The date a column name stands for if it is exactly YYYY-MM-DD and a real date, else None."""
    if not isinstance(name, str) or not _DATE_NAME.fullmatch(name):
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def api_student_id(values: pd.Series) -> pd.Series:
    """The demo APIs' whole-number student ids as their decimal text (contract: student ids are
    text); a value that is not a whole number is no id (None)."""
    numbers = pd.to_numeric(values, errors="coerce").astype("Int64")
    return numbers.map(lambda v: None if pd.isna(v) else str(v)).astype(object)


def dedupe_enrollments(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per (student_id, course_id, section_id) (contract rule 1).

    Exact duplicates are the documented case; when duplicates differ the contract keeps the first
    after ordering by all columns ascending, nulls last. Only the duplicated groups are sorted, so
    the common case costs one hash pass. The original file order of the survivors is kept. Rows
    without a usable enrollment id (a student_id that is not a whole number, an empty course or
    section) are left out first: they belong to no enrollment.
    """
    frame = frame.assign(
        student_id=api_student_id(frame["student_id"]),
        course_id=clean_text(frame["course_id"]).replace({"": None}),
        section_id=clean_text(frame["section_id"]).replace({"": None}),
    )
    frame = frame.dropna(subset=ENROLLMENT_KEYS)
    duplicated = frame.duplicated(ENROLLMENT_KEYS, keep=False)
    if not duplicated.any():
        return frame.reset_index(drop=True)
    groups = frame[duplicated]
    try:
        ordered = groups.sort_values(list(frame.columns), na_position="last", kind="stable")
    except TypeError:
        # Mixed types in a column cannot be ordered; fall back to file order within the key.
        ordered = groups.sort_values(ENROLLMENT_KEYS, na_position="last", kind="stable")
    survivors = ordered.drop_duplicates(ENROLLMENT_KEYS, keep="first")
    return pd.concat([frame[~duplicated], survivors]).sort_index().reset_index(drop=True)


def _categorize(
    n_rows: int, rules: Sequence[tuple[np.ndarray, str]], default: str | None
) -> np.ndarray:
    """First-matching label per row; `rules` is an ordered list of (boolean mask, label).

    Applied in reverse so the earliest rule overwrites later ones: first match wins, as the
    business rules require for trend_status and overall_risk_level. Loops over rules, not rows.
    """
    out = np.full(n_rows, default, dtype=object)
    for mask, label in reversed(rules):
        out[np.asarray(mask, dtype=bool)] = label
    return out


def _as_int64(series: pd.Series) -> pd.Series:
    """Nullable Int64 when the values are whole numbers, else float64 (scale scores, ids)."""
    if pd.api.types.is_integer_dtype(series.dtype):
        return series.astype("Int64")
    numeric = pd.to_numeric(series, errors="coerce")
    if pd.api.types.is_numeric_dtype(series.dtype):
        whole = numeric.dropna()
        if (whole == np.floor(whole)).all():
            return numeric.astype("Int64")
        return numeric.astype(float)
    return series


# --------------------------------------------------------------------------------------------
# Per-feed metrics
# --------------------------------------------------------------------------------------------


def _gradebook_metrics(
    gradebook: pd.DataFrame, catalog: pd.DataFrame, checkpoints: dict[int, date], as_of: date | None
) -> pd.DataFrame:
    """One row per gradebook enrollment: checkpoint averages, current grade, assignment counts."""
    # A name listed twice keeps its earliest due date; a row without a name matches no column.
    catalog = catalog.assign(_due=pd.to_datetime(catalog["due_date"], errors="coerce"))
    catalog = catalog.dropna(subset=["assignment_name"]).sort_values(
        ["assignment_name", "_due"], na_position="last", kind="stable"
    )
    catalog = catalog.drop_duplicates("assignment_name")
    due_by_name = dict(
        zip(
            catalog["assignment_name"], catalog["_due"].to_numpy(dtype="datetime64[D]"), strict=True
        )
    )
    # Items are the gradebook columns the catalog lists (never guessed from names).
    item_columns = [
        c for c in gradebook.columns if c not in GRADEBOOK_ID_COLUMNS and c in due_by_name
    ]
    due = np.array([due_by_name[c] for c in item_columns], dtype="datetime64[D]")

    units = score_units(
        gradebook[item_columns]
        .apply(pd.to_numeric, errors="coerce")
        .to_numpy(dtype=float, na_value=np.nan)
        .reshape(len(gradebook), len(item_columns))
    )
    # Rule 3: extra credit above 100 (and anything below 0) is clamped for the checkpoint averages.
    clamped = np.clip(units, 0, 100 * SCORE_UNIT)
    submitted = ~np.isnan(units)

    out = gradebook[ENROLLMENT_KEYS].copy()
    out["_gradebook_name"] = clean_text(gradebook["student_name"])
    out["_current_grade_raw"] = pd.to_numeric(gradebook["current_grade"], errors="coerce").astype(
        float
    )
    for week, checkpoint in checkpoints.items():
        # Items due on or before the Friday count; a checkpoint after as_of has not happened yet.
        # (NaT, an item without a due date, is never on or before anything.)
        in_window = due <= np.datetime64(checkpoint, "D")
        if as_of is not None and checkpoint > as_of:
            in_window = np.zeros(len(due), dtype=bool)
        n_scores = submitted[:, in_window].sum(axis=1)
        total = np.where(submitted[:, in_window], clamped[:, in_window], 0).sum(axis=1)
        out[f"week_{week}_grade_check"] = ratio_half_away(total, n_scores, 1)

    counted = (due == due) if as_of is None else due <= np.datetime64(as_of, "D")
    total_items = int(counted.sum())
    completed = submitted[:, counted].sum(axis=1)
    out["total_assignments"] = total_items
    out["completed_assignments"] = completed
    out["missing_assignments"] = total_items - completed
    return out


def _attendance_metrics(attendance: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """One row per attendance enrollment: recorded school days up to as_of and days absent."""
    day_dates = {
        c: parse_day_column(c) for c in attendance.columns if c not in ATTENDANCE_ID_COLUMNS
    }
    counted_days = [
        c for c, d in day_dates.items() if d is not None and (as_of is None or d <= as_of)
    ]

    out = attendance[ENROLLMENT_KEYS].copy()
    out["_attendance_name"] = clean_text(attendance["student_name"])
    if not counted_days or attendance.empty:
        out["total_school_days"] = 0
        out["days_absent"] = 0
        return out

    # Factorize all cells once: the few distinct codes are normalized in Python, then broadcast.
    cells = attendance[counted_days].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells.ravel(), use_na_sentinel=True)
    recorded_of_unique = np.zeros(len(uniques) + 1, dtype=bool)  # last slot: null (code -1)
    absent_of_unique = np.zeros(len(uniques) + 1, dtype=bool)
    for i, raw in enumerate(uniques):
        if not isinstance(raw, str):
            continue  # not a code at all: unknown, so not recorded
        normalized = re.sub(_WHITESPACE, " ", raw).strip(" ").lower()
        if normalized in _CODE_IS_ABSENT:  # unknown codes stay "not recorded" (rule 4)
            recorded_of_unique[i] = True
            absent_of_unique[i] = _CODE_IS_ABSENT[normalized]
    codes = codes.reshape(cells.shape)  # -1 (null) indexes the trailing "not recorded" slot
    out["total_school_days"] = recorded_of_unique[codes].sum(axis=1)
    out["days_absent"] = absent_of_unique[codes].sum(axis=1)
    return out


def _section_teachers(gradebook: pd.DataFrame) -> pd.DataFrame:
    """Teacher per section: most frequent trimmed non-null teacher, ties alphabetically first."""
    teachers = gradebook[SECTION_KEYS].assign(teacher_name=clean_text(gradebook["teacher"]))
    teachers = teachers.dropna(subset=["teacher_name"])
    counts = teachers.groupby([*SECTION_KEYS, "teacher_name"]).size().reset_index(name="_n")
    counts = counts.sort_values(
        [*SECTION_KEYS, "_n", "teacher_name"], ascending=[True, True, False, True], kind="stable"
    )
    return counts.drop_duplicates(SECTION_KEYS)[[*SECTION_KEYS, "teacher_name"]]


ISAT_LEVELS = frozenset({"Below Basic", "Basic", "Proficient", "Advanced"})
ISAT_COLUMNS = ["isat_math_score", "isat_math_level", "isat_ela_score", "isat_ela_level"]


def _isat_by_eduid(isat: pd.DataFrame, unambiguous_eduids: set[str]) -> pd.DataFrame:
    """One ISAT result per unambiguous roster eduid (rule 5).

    Orphan eduids are dropped; a level is matched to the four in any case, and another level, or
    a scale score outside 600-800, is no result (null); rows repeating one result count once, and
    an eduid with two different results is ambiguous and gets none.
    """

    def score(column: str) -> pd.Series:
        values = pd.to_numeric(isat[column], errors="coerce")
        return values.where(values.between(600, 800)).astype("Int64")

    def level(column: str) -> pd.Series:
        # Matched to the four levels in any case; anything else is no level.
        canonical = {name.lower(): name for name in ISAT_LEVELS}
        return clean_text(isat[column]).map(
            lambda v: None if v is None else canonical.get(v.lower())
        )

    results = pd.DataFrame(
        {
            "eduid": clean_text(isat["eduid"]),
            "isat_math_score": score("math_scale_score"),
            "isat_math_level": level("math_performance_level"),
            "isat_ela_score": score("ela_scale_score"),
            "isat_ela_level": level("ela_performance_level"),
        }
    )
    results = results[results["eduid"].isin(unambiguous_eduids)]
    distinct = results.astype(object).where(results.notna(), None).drop_duplicates()
    single = distinct[~distinct["eduid"].duplicated(keep=False)]
    return results.loc[single.index]


# --------------------------------------------------------------------------------------------
# The marts
# --------------------------------------------------------------------------------------------


def compute_reference_marts(
    data_dir: Path, term_start: date = date(2026, 1, 5), as_of: date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute (student_dashboard, class_summary) from the five parquet files in `data_dir`.

    The dashboard has one row per enrollment (student_id, course_id, section_id) and the columns of
    `marts.mart_student_dashboard` minus the surrogate `student_key`; the class summary has one
    row per (course_id, section_id) with the columns of `marts.mart_class_summary`.

    `as_of` defaults to the greatest attendance day column (contract). The enrollment set is the
    union of the deduplicated gradebook and attendance rows; an enrollment missing from one feed
    gets 0 counts from it (and null grades / attendance_pct).
    """
    data_dir = Path(data_dir)
    students = pd.read_parquet(data_dir / "students.parquet")
    attendance = dedupe_enrollments(pd.read_parquet(data_dir / "attendance.parquet"))
    catalog = pd.read_parquet(data_dir / "assignments.parquet")
    gradebook = dedupe_enrollments(pd.read_parquet(data_dir / "gradebook.parquet"))
    isat = pd.read_parquet(data_dir / "isat_data.parquet")

    if as_of is None:
        days = [parse_day_column(c) for c in attendance.columns if c not in ATTENDANCE_ID_COLUMNS]
        days = [d for d in days if d is not None]
        # No day columns at all: the last day of the term (9 weeks from its Monday).
        monday = term_start - timedelta(days=term_start.weekday())
        as_of = max(days) if days else monday + timedelta(days=7 * 9 - 1)

    checkpoints = checkpoint_dates(term_start)
    grades = _gradebook_metrics(gradebook, catalog, checkpoints, as_of)
    presence = _attendance_metrics(attendance, as_of)
    dashboard = grades.merge(presence, on=ENROLLMENT_KEYS, how="outer")

    # Roster: names shown come from the SIS (trimmed); off-roster students keep the feed's name.
    # A student_id listed twice keeps its first row after ordering by eduid, name, grade level.
    roster_rows = pd.DataFrame(
        {
            "student_id": api_student_id(students["student_id"]),
            "eduid": clean_text(students["eduid"]).replace({"": None}),
            "_roster_name": clean_text(students["student_name"]),
            "_grade_level": pd.to_numeric(students["grade_level"], errors="coerce"),
        }
    ).dropna(subset=["student_id"])
    roster = roster_rows.sort_values(
        ["student_id", "eduid", "_roster_name", "_grade_level"], na_position="last", kind="stable"
    ).drop_duplicates("student_id")
    # An eduid is ambiguous when two roster students hold it, or one student's rows disagree on it:
    # those students get no ISAT result, never another student's.
    holders = roster_rows.dropna(subset=["eduid"]).groupby("eduid")["student_id"].nunique()
    variants = roster_rows.groupby("student_id")["eduid"].nunique()
    ambiguous_students = set(variants[variants > 1].index)
    unambiguous_eduids = {
        eduid
        for student_id, eduid in zip(roster["student_id"], roster["eduid"], strict=True)
        if eduid is not None and holders.get(eduid, 0) == 1 and student_id not in ambiguous_students
    }
    dashboard = dashboard.merge(
        roster[["student_id", "eduid", "_roster_name"]], on="student_id", how="left"
    )
    dashboard["student_name"] = (
        dashboard["_roster_name"]
        .where(dashboard["_roster_name"].notna(), dashboard["_gradebook_name"])
        .where(lambda s: s.notna(), dashboard["_attendance_name"])
    )
    dashboard = dashboard.merge(_section_teachers(gradebook), on=SECTION_KEYS, how="left")
    isat_results = _isat_by_eduid(isat, unambiguous_eduids)
    dashboard = dashboard.merge(isat_results, on="eduid", how="left")
    # A student whose eduid is ambiguous keeps the eduid on the dashboard but gets no result.
    dashboard.loc[~dashboard["eduid"].isin(unambiguous_eduids), ISAT_COLUMNS] = None

    n = len(dashboard)
    for column in [
        "total_assignments",
        "completed_assignments",
        "missing_assignments",
        "total_school_days",
        "days_absent",
    ]:
        dashboard[column] = dashboard[column].fillna(0).astype("Int64")

    # Every figure is computed exactly and rounded half away from zero; every threshold applies
    # to the figure as shown (docs/business-rules.md): a current grade of 69.95 shows 70.0, no risk.
    grade = round_half_away(dashboard["_current_grade_raw"].to_numpy(dtype=float), 1)
    dashboard["current_grade"] = grade

    w3, w6, w9 = (
        dashboard[f"week_{w}_grade_check"].to_numpy(dtype=float, na_value=np.nan)
        for w in CHECKPOINT_WEEKS
    )
    dashboard["trend_status"] = _categorize(
        n,
        [
            (np.isnan(w3) | np.isnan(w6) | np.isnan(w9), "No Data"),
            (w9 < 60, "Failing"),
            ((w3 < w6) & (w6 < w9), "Improving"),
            ((w3 > w6) & (w6 > w9), "Declining"),
        ],
        "Fluctuating",
    )

    total_items = dashboard["total_assignments"].to_numpy(dtype=float)
    missing = dashboard["missing_assignments"].to_numpy(dtype=float)
    missing_pct = ratio_half_away(100 * missing * SCORE_UNIT, total_items, 1)
    dashboard["missing_assignments_pct"] = missing_pct

    school_days = dashboard["total_school_days"].to_numpy(dtype=float)
    absent = dashboard["days_absent"].to_numpy(dtype=float)
    attendance_pct = ratio_half_away((school_days - absent) * SCORE_UNIT, school_days, 3)
    dashboard["attendance_pct"] = attendance_pct
    # Absent on at least 10% of at least 10 recorded days (exact counts).
    dashboard["chronically_absent"] = (school_days >= 10) & (10 * absent >= school_days)

    # NaN compares False, so nulls fall through to the default.
    dashboard["attendance_status"] = _categorize(
        n,
        [
            (np.isnan(attendance_pct), None),
            (attendance_pct < 0.65, "Critical"),
            (attendance_pct < 0.75, "Warning"),
            (attendance_pct < 0.80, "Monitor"),
        ],
        "Good",
    )
    dashboard["grade_risk"] = _categorize(
        n,
        [
            (np.isnan(grade), None),
            (grade < 60, "High"),
            (grade < 65, "Medium"),
            (grade < 70, "Low"),
        ],
        "None",
    )
    dashboard["missing_work_risk"] = _categorize(
        n, [(missing_pct >= 20, "High"), (missing_pct >= 15, "Medium")], "Low"
    )
    trend = dashboard["trend_status"].to_numpy()
    dashboard["overall_risk_level"] = _categorize(
        n,
        [
            (trend == "Failing", "Critical"),
            ((grade < 60) | (attendance_pct < 0.65), "High"),
            ((grade < 70) | (attendance_pct < 0.75) | (missing_pct >= 20), "Medium"),
            (trend == "Declining", "Monitor"),
        ],
        "On Track",
    )
    dashboard["risk_rank"] = dashboard["overall_risk_level"].map(RISK_RANK).astype("Int64")

    for key in ENROLLMENT_KEYS:
        dashboard[key] = _as_int64(dashboard[key])
    # Contract order: risk_rank, current_grade ascending (nulls last), name, course, section.
    dashboard = dashboard.sort_values(
        ["risk_rank", "current_grade", "student_name", "course_id", "section_id"],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)

    summary = _class_summary(dashboard)
    return dashboard[DASHBOARD_COLUMNS].copy(), summary


def _class_summary(dashboard: pd.DataFrame) -> pd.DataFrame:
    """Per (course_id, section_id): size, exact grade range and average rounded to 1 decimal,
    letter counts on the grade as shown, chronically absent students."""
    shown = dashboard["current_grade"]
    letters = pd.DataFrame(
        {
            "count_a": shown >= 90,
            "count_b": (shown >= 80) & (shown < 90),
            "count_c": (shown >= 70) & (shown < 80),
            "count_d": (shown >= 60) & (shown < 70),
            "count_f": shown < 60,
        }
    )
    frame = pd.concat([dashboard[[*SECTION_KEYS, "student_id"]], letters], axis=1)
    frame["_grade_units"] = score_units(dashboard["_current_grade_raw"].to_numpy(dtype=float))
    frame["_absent_student"] = dashboard["student_id"].where(dashboard["chronically_absent"])
    grouped = frame.groupby(SECTION_KEYS, dropna=False, sort=True)
    summary = grouped.agg(
        total_students=("student_id", "nunique"),
        _lowest=("_grade_units", "min"),
        _highest=("_grade_units", "max"),
        _sum=("_grade_units", "sum"),
        _graded=("_grade_units", "count"),
        count_a=("count_a", "sum"),
        count_b=("count_b", "sum"),
        count_c=("count_c", "sum"),
        count_d=("count_d", "sum"),
        count_f=("count_f", "sum"),
        chronically_absent_count=("_absent_student", "nunique"),
    ).reset_index()
    summary["lowest_grade"] = ratio_half_away(summary["_lowest"], 1, 1)
    summary["highest_grade"] = ratio_half_away(summary["_highest"], 1, 1)
    summary["class_average"] = ratio_half_away(summary["_sum"], summary["_graded"], 1)
    for column in [
        "total_students", "count_a", "count_b", "count_c", "count_d", "count_f",
        "chronically_absent_count",
    ]:  # fmt: skip
        summary[column] = summary[column].astype("Int64")
    teachers = dashboard[[*SECTION_KEYS, "teacher_name"]].drop_duplicates(SECTION_KEYS)
    summary = summary.merge(teachers, on=SECTION_KEYS, how="left")
    return summary[CLASS_SUMMARY_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def _normalize_key(series: pd.Series) -> pd.Series:
    """Key values in a form both sides agree on: numbers as Int64/float, everything else as str."""
    if pd.api.types.is_numeric_dtype(series.dtype):
        return _as_int64(series)
    return series.map(lambda v: None if pd.isna(v) else str(v)).astype(object)


def _as_text(series: pd.Series) -> pd.Series:
    """Values as Python str (nulls as None) so str/object/category columns compare alike."""
    text = series.astype(object)
    not_str = text.notna() & ~text.map(type).eq(str)
    if not_str.any():
        text[not_str] = text[not_str].astype(str)
    return text.where(text.notna(), None)


def _format_key(row: pd.Series, keys: Sequence[str]) -> str:
    return "(" + ", ".join(f"{k}={row[k]!r}" for k in keys) + ")"


def _format_value(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "NULL"
    return repr(value.item() if isinstance(value, np.generic) else value)


def compare_marts(
    actual: pd.DataFrame,
    expected: pd.DataFrame,
    keys: list[str],
    *,
    max_examples: int = 5,
) -> list[str]:
    """Differences between a mart read from the warehouse (`actual`) and the reference (`expected`).

    Rows are matched on `keys`. Every column of `expected` must exist in `actual` (extra actual
    columns are allowed: more columns are welcome). Values compare exactly: numbers by value
    (an int equals the same float, a decimal 43.2 equals the float 43.2, and 43.1 never equals
    43.2: neither side is rounded here, so a mart that rounds the wrong way, or not at all,
    fails); text and booleans exactly. Null equals null, and only null. Returns [] when equal.
    """
    problems: list[str] = []

    missing_columns = [c for c in expected.columns if c not in actual.columns]
    if missing_columns:
        problems.append(f"columns missing from actual: {missing_columns}")
    absent_keys = [k for k in keys if k not in actual.columns or k not in expected.columns]
    if absent_keys:
        problems.append(f"key columns not present on both sides: {absent_keys}")
        return problems

    left = actual[[c for c in actual.columns if c in expected.columns]].copy()
    right = expected.copy()
    for k in keys:
        left[k] = _normalize_key(left[k])
        right[k] = _normalize_key(right[k])
        if pd.api.types.is_numeric_dtype(left[k].dtype) != pd.api.types.is_numeric_dtype(
            right[k].dtype
        ):
            left[k] = left[k].astype(str)
            right[k] = right[k].astype(str)

    deduplicated = []
    for side, frame in (("actual", left), ("expected", right)):
        dup = frame[frame.duplicated(keys, keep=False)]
        if not dup.empty:
            examples = ", ".join(
                _format_key(r, keys)
                for _, r in dup.drop_duplicates(keys).head(max_examples).iterrows()
            )
            problems.append(
                f"{side} has {len(dup)} rows sharing {dup.drop_duplicates(keys).shape[0]} "
                f"duplicated keys {keys}; e.g. {examples}"
            )
        deduplicated.append(frame.drop_duplicates(keys))
    left, right = deduplicated

    merged = left.merge(
        right, on=keys, how="outer", suffixes=("__actual", "__expected"), indicator=True
    )
    for which, label in (("right_only", "missing from actual"), ("left_only", "extra in actual")):
        rows = merged[merged["_merge"] == which]
        if not rows.empty:
            examples = ", ".join(
                _format_key(r, keys) for _, r in rows.head(max_examples).iterrows()
            )
            problems.append(
                f"{len(rows)} of {len(right)} expected keys {label}"
                if which == "right_only"
                else f"{len(rows)} rows {label} (keys not in the reference)"
            )
            problems[-1] += f"; e.g. {examples}"

    both = merged[merged["_merge"] == "both"].reset_index(drop=True)
    for column in expected.columns:
        if column in keys or column in missing_columns:
            continue
        a = both[f"{column}__actual"]
        e = both[f"{column}__expected"]
        a_null = a.isna().to_numpy()
        e_null = e.isna().to_numpy()
        if pd.api.types.is_numeric_dtype(e.dtype) or pd.api.types.is_bool_dtype(e.dtype):
            a_num = pd.to_numeric(a, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            e_num = pd.to_numeric(e, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            not_numeric = ~a_null & np.isnan(a_num)
            if not_numeric.any():
                problems.append(
                    f"column {column!r}: {int(not_numeric.sum())} actual values are not numeric, "
                    f"e.g. {_format_value(a[not_numeric].iloc[0])}"
                )
            both_null = np.isnan(a_num) & np.isnan(e_num)
            close = a_num == e_num
            differs = ~(both_null | close)
        else:
            a_text = _as_text(a).to_numpy()
            e_text = _as_text(e).to_numpy()
            differs = ~((a_null & e_null) | (~a_null & ~e_null & (a_text == e_text)))
        if not differs.any():
            continue
        bad = both[differs]
        examples = "; ".join(
            f"{_format_key(r, keys)} actual={_format_value(r[f'{column}__actual'])} "
            f"expected={_format_value(r[f'{column}__expected'])}"
            for _, r in bad.head(max_examples).iterrows()
        )
        message = f"column {column!r}: {len(bad)} of {len(both)} rows differ; e.g. {examples}"
        if not (pd.api.types.is_numeric_dtype(e.dtype)):
            # For categories the confusion pattern (expected -> actual) is the quickest hint.
            pairs = (
                bad[[f"{column}__expected", f"{column}__actual"]]
                .astype(object)
                .fillna("NULL")
                .value_counts()
                .head(max_examples)
            )
            message += "; most common expected -> actual: " + ", ".join(
                f"{exp!r} -> {act!r} x{count}" for (exp, act), count in pairs.items()
            )
        problems.append(message)
    return problems
