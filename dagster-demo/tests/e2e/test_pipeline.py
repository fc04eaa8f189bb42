"""The whole graph, materialized for real: schemas, marts against the independent reference,
reruns, other data sets, and the Dagster definitions (lineage, groups, checks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import DEFAULT_DATA, Apis, Pipeline, generate_data
from reference_marts import compare_marts, compute_reference_marts

SCHEMAS = {"raw", "staging", "intermediate", "dimensions", "facts", "marts"}
WAREHOUSE_TABLES = (
    {("raw", t) for t in ("students", "attendance", "assignments", "gradebook", "isat")}
    | {
        ("dimensions", t)
        for t in ("dim_student", "dim_course", "dim_section", "dim_assignment", "dim_date")
    }
    | {
        ("facts", t)
        for t in ("fct_grade", "fct_attendance", "fct_assessment", "fct_student_snapshot")
    }
    | {("marts", "mart_class_summary"), ("marts", "mart_student_dashboard")}
)

DASHBOARD_KEYS = ["student_id", "course_id", "section_id"]
SUMMARY_KEYS = ["course_id", "section_id"]


def assert_marts_match_reference(
    pipeline: Pipeline, data_dir: Path, as_of: date | None = None
) -> None:
    expected_dashboard, expected_summary = compute_reference_marts(data_dir, as_of=as_of)
    dashboard = pipeline.query("select * from marts.mart_student_dashboard")
    summary = pipeline.query("select * from marts.mart_class_summary")
    problems = compare_marts(dashboard, expected_dashboard, DASHBOARD_KEYS)
    problems += compare_marts(summary, expected_summary, SUMMARY_KEYS)
    assert not problems, "marts differ from the reference:\n" + "\n".join(problems)


def test_warehouse_has_every_schema_and_table(default_run: Pipeline) -> None:
    tables = default_run.tables()
    assert {schema for schema, _ in tables} >= SCHEMAS
    assert not {s for s, _ in tables if s.startswith("main_")}, "schemas must not be prefixed"
    assert tables >= WAREHOUSE_TABLES


def test_marts_match_independent_recomputation(default_run: Pipeline) -> None:
    assert_marts_match_reference(default_run, DEFAULT_DATA)


def test_dashboard_is_ordered_worst_first(default_run: Pipeline) -> None:
    """The table is stored worst first (risk_rank, then current grade), so a plain
    `select *` shows the students who need attention at the top."""
    rows = default_run.query("select risk_rank, current_grade from marts.mart_student_dashboard")
    assert rows["risk_rank"].is_monotonic_increasing
    for _, group in rows.groupby("risk_rank"):
        assert group["current_grade"].dropna().is_monotonic_increasing


# The defects the generator puts in the default data (DEFECTS in api/scripts/generate_data.py),
# as mart_data_quality must count them: these and nothing else are warnings.
DEFAULT_DATA_WARNINGS = {
    ("duplicate_enrollment_rows", "raw.gradebook"): 1,
    ("duplicate_enrollment_rows", "raw.attendance"): 1,
    # 2 padded + 2 doubled inner spaces (the 2 upper-case names only differ from the roster),
    # and in the gradebook one teacher with a trailing space.
    ("text_whitespace_cleaned", "raw.gradebook"): 5,
    ("text_whitespace_cleaned", "raw.attendance"): 4,
    ("text_whitespace_cleaned", "raw.isat"): 2,
    ("feed_name_differs_from_roster", "raw.gradebook"): 2,
    ("feed_name_differs_from_roster", "raw.attendance"): 2,
    ("score_clamped", "raw.gradebook"): 5,
    ("unknown_attendance_code", "raw.attendance"): 4,
    ("isat_eduid_not_on_roster", "raw.isat"): 1,
}


def test_every_defect_is_counted(default_run: Pipeline) -> None:
    quality = default_run.query("select * from marts.mart_data_quality")
    assert not quality.duplicated(["rule", "source_table"]).any()
    warnings = quality[quality["is_warning"]].set_index(["rule", "source_table"])
    assert warnings["rows_affected"].to_dict() == DEFAULT_DATA_WARNINGS
    # A warning is a rule of severity warning that affected something; info rows never warn.
    assert (
        quality["is_warning"]
        == ((quality["severity"] == "warning") & (quality["rows_affected"] > 0))
    ).all()


def test_mid_term_run_matches_reference(tmp_path: Path) -> None:
    """IETA_AS_OF=2026-02-01: checkpoints after it are null, counts stop at it."""
    pipeline = Pipeline(tmp_path, extra_env={"IETA_AS_OF": "2026-02-01"})
    with Apis(DEFAULT_DATA) as apis:
        pipeline.launch(apis)
    assert_marts_match_reference(pipeline, DEFAULT_DATA, as_of=date(2026, 2, 1))
    dashboard = pipeline.query("select * from marts.mart_student_dashboard")
    assert (
        dashboard["week_6_grade_check"].isna().all()
        and dashboard["week_9_grade_check"].isna().all()
    )
    assert dashboard["week_3_grade_check"].notna().sum() > len(dashboard) / 2
    assert set(dashboard["trend_status"]) == {"No Data"}


def test_rerun_gives_identical_marts(default_run: Pipeline, tmp_path: Path) -> None:
    """A second run on the same data rebuilds byte-for-byte the same marts, keys included."""
    before = {
        t: default_run.query(f"select * from marts.{t} order by all")
        for t in ("mart_student_dashboard", "mart_class_summary")
    }
    with Apis(DEFAULT_DATA) as apis:
        default_run.launch(apis)
    for table, frame in before.items():
        after = default_run.query(f"select * from marts.{table} order by all")
        pd.testing.assert_frame_equal(frame, after)


@pytest.mark.parametrize(("students", "seed"), [(2000, 7)])
def test_other_generated_data_sets(tmp_path: Path, students: int, seed: int) -> None:
    data_dir = generate_data(tmp_path / "data", students, seed)
    pipeline = Pipeline(tmp_path / "run")
    with Apis(data_dir) as apis:
        pipeline.launch(apis)
    assert_marts_match_reference(pipeline, data_dir)


def foreign_export(out: Path) -> Path:
    """An export no generator here wrote: same contract, different shape and names.

    Items get new names (nothing date-like), the catalog and the gradebook columns come in a
    different order, rows are shuffled, a column the contract does not know rides along, and
    ids are renumbered.
    """
    out.mkdir(parents=True)
    catalog = pq.read_table(DEFAULT_DATA / "assignments.parquet").to_pandas()
    renamed = {name: f"Item {chr(65 + i % 26)}{i // 26} – {name[::-1][:6]}" for i, name in
               enumerate(catalog["assignment_name"])}  # fmt: skip
    catalog["assignment_name"] = catalog["assignment_name"].map(renamed)
    catalog = catalog.iloc[::-1].reset_index(drop=True)
    pq.write_table(pa.Table.from_pandas(catalog, preserve_index=False), out / "assignments.parquet")

    def shuffled(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sample(frac=1.0, random_state=3).reset_index(drop=True)

    roster_ids = pq.read_table(DEFAULT_DATA / "students.parquet").column("student_id")
    new_id = {old: 7_000_000 + 13 * i for i, old in enumerate(roster_ids.to_pylist())}
    for name in ("students", "attendance", "gradebook"):
        frame = pq.read_table(DEFAULT_DATA / f"{name}.parquet").to_pandas()
        frame["student_id"] = frame["student_id"].map(new_id)
        if name == "gradebook":
            frame = frame.rename(columns=renamed)
            items = list(renamed.values())
            rest = [c for c in frame.columns if c not in items]
            frame = frame[rest[:-1] + items[::-1] + [rest[-1]]]
            frame["lms_section_room"] = "B-12"  # a column outside the contract
        pq.write_table(
            pa.Table.from_pandas(shuffled(frame), preserve_index=False), out / f"{name}.parquet"
        )
    isat = pq.read_table(DEFAULT_DATA / "isat_data.parquet").to_pandas()
    pq.write_table(pa.Table.from_pandas(shuffled(isat), preserve_index=False),
                   out / "isat_data.parquet")  # fmt: skip
    return out


def test_foreign_export(tmp_path: Path) -> None:
    data_dir = foreign_export(tmp_path / "data")
    pipeline = Pipeline(tmp_path / "run")
    with Apis(data_dir) as apis:
        pipeline.launch(apis)
    assert_marts_match_reference(pipeline, data_dir)
