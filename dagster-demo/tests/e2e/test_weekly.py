"""Week by week (mart_enrollment_weekly) is rebuilt from the sources each run, so a week's row
must say what a run made on that week's last school day would have said: for every school week
of the term, the "to date" figures equal the dashboard's of a build with IETA_AS_OF set to that
week's week_as_of. The current week agrees with the dashboard of the same run. Both source
paths: the APIs' default data, and a district-style drop folder (per-class items, a calendar with
absence-only attendance, enrollment windows), where the comparison covers the enrollments on
both dashboards (one that starts later or has ended is on only one of them)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import REPO, VENV_BIN, Pipeline, generate_data, prepare_dbt_project

# The weekly columns that mean what the dashboard's columns of the same name mean.
TO_DATE_FIGURES = [
    "total_assignments",
    "completed_assignments",
    "missing_assignments",
    "total_school_days",
    "days_absent",
    "attendance_pct",
    "chronically_absent",
]
KEY = ["student_id", "course_id", "section_id"]


def dashboard_as_of(pipeline: Pipeline, tmp_path: Path, as_of: str) -> pd.DataFrame:
    """The dashboard's figures rebuilt by dbt on a copy of ``pipeline``'s warehouse with
    IETA_AS_OF: the snapshot fact and what it is built from (mart_student_dashboard copies these
    columns as they are, so the dimensions and marts need not be rebuilt for each week)."""
    database = tmp_path / f"as_of_{as_of}.duckdb"
    shutil.copy(pipeline.database, database)
    result = subprocess.run(
        [str(VENV_BIN / "dbt"), "run", "--select", "+fct_student_snapshot",
         "--target-path", str(tmp_path / f"target_{as_of}"),
         "--log-path", str(tmp_path / "logs")],
        cwd=REPO / "dbt-demo",
        env={**pipeline.env(), "DBT_DUCKDB_PATH": str(database), "IETA_AS_OF": as_of},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    columns = ", ".join(KEY + TO_DATE_FIGURES)
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(f"select {columns} from facts.fct_student_snapshot").df()


def weekly(pipeline: Pipeline, where: str) -> pd.DataFrame:
    columns = ", ".join(KEY + TO_DATE_FIGURES)
    return pipeline.query(f"select {columns} from marts.mart_enrollment_weekly where {where}")


def assert_same_rows(
    left: pd.DataFrame, right: pd.DataFrame, what: str, common_keys_only: bool = False
) -> None:
    if common_keys_only:
        keys = left[KEY].merge(right[KEY], on=KEY)
        assert len(keys) > 0, f"{what}: no enrollment in common"
        left, right = left.merge(keys, on=KEY), right.merge(keys, on=KEY)
    left = left.sort_values(KEY).reset_index(drop=True)
    right = right.sort_values(KEY).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=what)


def test_the_current_week_agrees_with_the_dashboard(default_run: Pipeline) -> None:
    dashboard = default_run.query(
        f"select {', '.join(KEY + TO_DATE_FIGURES)} from marts.mart_student_dashboard"
    )
    assert_same_rows(weekly(default_run, "is_current_week"), dashboard, "current week")


def test_every_week_equals_a_run_as_of_its_last_school_day(
    default_run: Pipeline, tmp_path: Path
) -> None:
    weeks = default_run.query(
        "select distinct week_start, week_as_of from marts.mart_enrollment_weekly order by 1"
    )
    assert len(weeks) == 9, weeks  # the default term: nine school weeks
    for week in weeks.itertuples():
        as_of = f"{week.week_as_of:%Y-%m-%d}"
        rebuilt = dashboard_as_of(default_run, tmp_path, as_of)
        this_week = weekly(default_run, f"week_start = date '{week.week_start:%Y-%m-%d}'")
        assert_same_rows(this_week, rebuilt, f"week of {as_of}")


@pytest.fixture(scope="module")
def district_style_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """The pipeline on a district-style drop folder; the dbt component is prepared for the files
    path for it, and for the APIs again afterwards (the other tests run against the APIs)."""
    drop = generate_data(
        tmp_path_factory.mktemp("district") / "drop", 300, 5,
        "--format", "oneroster", "--district-style",
    )  # fmt: skip
    pipeline = Pipeline(
        tmp_path_factory.mktemp("district_run"),
        extra_env={"IETA_SOURCE": "files", "IETA_DROP_DIR": str(drop)},
    )
    prepare_dbt_project("files")
    try:
        pipeline.launch(None)
        yield pipeline
    finally:
        prepare_dbt_project("apis")


def test_every_week_of_a_district_style_export(
    district_style_run: Pipeline, tmp_path: Path
) -> None:
    weeks = district_style_run.query(
        "select distinct week_start, week_as_of from marts.mart_enrollment_weekly order by 1"
    )
    assert len(weeks) >= 5, weeks
    for week in weeks.itertuples():
        as_of = f"{week.week_as_of:%Y-%m-%d}"
        rebuilt = dashboard_as_of(district_style_run, tmp_path, as_of)
        this_week = weekly(district_style_run, f"week_start = date '{week.week_start:%Y-%m-%d}'")
        assert_same_rows(this_week, rebuilt, f"week of {as_of}", common_keys_only=True)
