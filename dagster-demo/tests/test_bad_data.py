"""Bad source data at a larger rate than the default data carries: each defect class is handled
by its stated rule (docs/data-contract.md) and counted in marts.mart_data_quality, or the run
stops with a message naming the file and the column."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import DEFAULT_DATA, Apis, Pipeline
from reference_marts import compare_marts, compute_reference_marts

ID_COLUMNS = {"student_id", "student_name", "course_id", "section_id", "teacher", "current_grade"}


def read(name: str, folder: Path = DEFAULT_DATA) -> pd.DataFrame:
    return pq.read_table(folder / name).to_pandas()


def write(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def messy_export(out: Path, rng: np.random.Generator) -> dict[str, int]:
    """Copy the default data with every defect class amplified; return what was injected."""
    out.mkdir(parents=True)
    injected: dict[str, int] = {}
    shutil.copy(DEFAULT_DATA / "students.parquet", out / "students.parquet")
    shutil.copy(DEFAULT_DATA / "assignments.parquet", out / "assignments.parquet")
    roster = read("students.parquet")

    gradebook = read("gradebook.parquet").drop_duplicates(
        subset=["student_id", "course_id", "section_id"]
    )
    items = [c for c in gradebook.columns if c not in ID_COLUMNS]
    scores = gradebook[items].to_numpy(dtype="float64", copy=True)
    scores = np.where(np.isnan(scores), scores, np.clip(scores, 0, 100))  # drop the default defects
    cells = rng.choice(scores.size, size=300, replace=False)
    over, under = cells[:200], cells[200:]
    scores.flat[over] = rng.integers(101, 130, size=over.size)
    scores.flat[under] = rng.integers(-20, -1, size=under.size)
    gradebook[items] = scores
    injected["score_clamped"] = 300
    gradebook["lms_notes"] = "extra column the contract does not know"
    injected["gradebook_column_ignored"] = 1

    attendance = read("attendance.parquet").drop_duplicates(
        subset=["student_id", "course_id", "section_id"]
    )
    days = [c for c in attendance.columns if c[:2] == "20"]
    codes = attendance[days].to_numpy(dtype=object, copy=True)
    known = np.isin(codes, ["", "Absent", "Tardy", "Excused"])
    codes[pd.notna(codes) & ~known] = ""  # drop the default defects, then inject ours
    recorded = np.flatnonzero(pd.notna(codes).ravel())
    unknown = rng.choice(recorded, size=250, replace=False)
    codes.flat[unknown] = rng.choice(["L", "X", "Present", "?"], size=unknown.size)
    attendance[days] = codes
    injected["unknown_attendance_code"] = 250

    for frame, name in ((gradebook, "gradebook"), (attendance, "attendance")):
        rows = rng.choice(len(frame), size=60, replace=False)
        frame.loc[frame.index[rows[:30]], "student_name"] = (
            "  " + frame["student_name"].iloc[rows[:30]] + " "
        ).to_numpy()
        frame.loc[frame.index[rows[30:]], "student_name"] = (
            frame["student_name"].iloc[rows[30:]].str.upper().to_numpy()
        )
        duplicates = frame.sample(n=40, random_state=1)
        write(pd.concat([frame, duplicates], ignore_index=True), out / f"{name}.parquet")
        injected[f"duplicate_enrollment_rows:{name}"] = 40

    isat = read("isat_data.parquet")
    isat = isat[isat["eduid"].isin(roster["eduid"])]
    orphans = isat.sample(n=30, random_state=2).assign(
        eduid=[f"Z{9_000_000_000 + i}" for i in range(30)]
    )
    write(pd.concat([isat, orphans], ignore_index=True), out / "isat_data.parquet")
    injected["isat_eduid_not_on_roster"] = 30
    return injected


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("messy")
    injected = messy_export(root / "data", np.random.default_rng(17))
    pipeline = Pipeline(root / "run")
    with Apis(root / "data") as apis:
        pipeline.launch(apis)
    return pipeline, root / "data", injected


def test_each_defect_is_counted(messy_run) -> None:
    pipeline, _, injected = messy_run
    quality = pipeline.query("select * from marts.mart_data_quality")

    def affected(rule: str, table: str) -> int:
        row = quality[(quality["rule"] == rule) & (quality["source_table"] == table)]
        assert len(row) == 1, f"no data-quality row for {rule} on {table}"
        return int(row["rows_affected"].iloc[0])

    assert affected("score_clamped", "raw.gradebook") == injected["score_clamped"]
    assert (
        affected("unknown_attendance_code", "raw.attendance") == injected["unknown_attendance_code"]
    )
    assert affected("isat_eduid_not_on_roster", "raw.isat") == injected["isat_eduid_not_on_roster"]
    assert affected("gradebook_column_ignored", "raw.gradebook") == 1
    for table in ("gradebook", "attendance"):
        removed = affected("duplicate_enrollment_rows", f"raw.{table}")
        assert removed == injected[f"duplicate_enrollment_rows:{table}"]
        assert affected("text_whitespace_cleaned", f"raw.{table}") >= 30


def test_counts_add_up_to_the_input_rows(messy_run) -> None:
    """Per source table: rows in = rows kept + the rows each removing rule took out."""
    pipeline, _, _ = messy_run
    quality = pipeline.query(
        "select * from marts.mart_data_quality where rows_in is not null and rows_out is not null"
    )
    assert len(quality) >= 4
    removing = quality[(quality["unit"] == "rows") & (quality["rows_in"] != quality["rows_out"])]
    assert set(removing["source_table"]) >= {"raw.gradebook", "raw.attendance", "raw.isat"}
    for (table, rows_in, rows_out), rules in removing.groupby(
        ["source_table", "rows_in", "rows_out"]
    ):
        assert rows_in - rules["rows_affected"].sum() == rows_out, (table, rules)
    counts = pipeline.query(
        """
        select
            (select count(*) from raw.gradebook) as gradebook_in,
            (select count(*) from marts.mart_student_dashboard) as dashboard_rows,
            (select count(*) from raw.isat) as isat_in,
            (select count(*) from facts.fct_assessment) as assessments
        """
    ).iloc[0]
    removed = quality.set_index(["rule", "source_table"])["rows_affected"]
    assert counts.gradebook_in - removed[("duplicate_enrollment_rows", "raw.gradebook")] == (
        counts.dashboard_rows
    )
    assert counts.isat_in - removed[("isat_eduid_not_on_roster", "raw.isat")] == counts.assessments


def test_marts_follow_the_rules_on_messy_data(messy_run) -> None:
    pipeline, data_dir, _ = messy_run
    expected_dashboard, expected_summary = compute_reference_marts(data_dir)
    problems = compare_marts(
        pipeline.query("select * from marts.mart_student_dashboard"),
        expected_dashboard,
        ["student_id", "course_id", "section_id"],
    )
    problems += compare_marts(
        pipeline.query("select * from marts.mart_class_summary"),
        expected_summary,
        ["course_id", "section_id"],
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("file", "damage", "expected"),
    [
        ("gradebook.parquet", "drop:current_grade", ["gradebook.parquet", "current_grade"]),
        ("students.parquet", "drop:eduid", ["students.parquet", "eduid"]),
        ("isat_data.parquet", "empty", ["isat_data.parquet", "no rows"]),
    ],
)
def test_unusable_file_stops_the_run_with_a_clear_message(
    tmp_path: Path, file: str, damage: str, expected: list[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    frame = read(file)
    damaged = frame.iloc[0:0] if damage == "empty" else frame.drop(columns=damage.split(":")[1])
    write(damaged, data / file)
    pipeline = Pipeline(tmp_path / "run")
    with Apis(data) as apis:
        result = pipeline.launch(apis, select="group:extract", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for text in expected:
        assert text in output, f"{text!r} not in the run's output"
