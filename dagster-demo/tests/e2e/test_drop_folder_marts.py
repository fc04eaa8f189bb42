"""IETA_SOURCE=files ends in the same marts as the APIs (issue 15).

The generator writes one district both ways (parquet for the APIs, ``--format oneroster`` for the
drop folder), so a full pipeline run on each must give the same student dashboard and class
summary row for row: for the committed 500-student district (api/data is the generator's
default, seed 42) and for a generated 2,000-student one, from the OneRoster 1.2 export, from the
1.1 export and from the APIs. ``mart_data_quality`` differs by design (the files path counts
per line what the API path counts per row; docs/data-contract.md). Then a damaged export
(byte-order marks, orphan results and attendance lines, an exempt result, an unknown attendance
code) gives the documented results at the mart level, and a delta manifest stops the run.
Every run is the real pipeline (``dg launch``), as ./run.sh runs it. The dbt component's state is
prepared for the drop folder for this module (``prepare_dbt_project``), then for the APIs again.
"""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import API_PYTHON, GENERATOR, Apis, Pipeline, generate_data, prepare_dbt_project
from test_dbt_unit_tests import unit_test_results

COMPARED_MARTS = ("mart_student_dashboard", "mart_class_summary")
DEFAULT_STUDENTS, DEFAULT_SEED = 500, 42  # api/data (api/README.md)


def generate_drop(out: Path, students: int, seed: int, version: str) -> Path:
    subprocess.run(
        [str(API_PYTHON), str(GENERATOR), "--students", str(students), "--seed", str(seed),
         "--format", "oneroster", "--oneroster-version", version, "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def files_pipeline(root: Path, drop: Path) -> Pipeline:
    return Pipeline(root, extra_env={"IETA_SOURCE": "files", "IETA_DROP_DIR": str(drop)})


def differing_rows(a: Pipeline, b: Pipeline, table: str) -> tuple[int, int, int]:
    """(rows of a, rows of a not in b, rows of b not in a), duplicates counted (EXCEPT ALL)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{a.database}' as a (read_only)")
        con.execute(f"attach '{b.database}' as b (read_only)")
        rows = con.execute(f"select count(*) from a.marts.{table}").fetchone()[0]
        only_a, only_b = (
            con.execute(
                f"select count(*) from (select * from {x}.marts.{table} "
                f"except all select * from {y}.marts.{table})"
            ).fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        )
    return rows, only_a, only_b


def assert_same_marts(apis_run: Pipeline, files_run: Pipeline) -> None:
    for table in COMPARED_MARTS:
        rows, only_apis, only_files = differing_rows(apis_run, files_run, table)
        assert rows > 0, table
        assert (only_apis, only_files) == (0, 0), f"{table}: {rows} rows, {only_apis} differ"


def quality(pipeline: Pipeline) -> dict[tuple[str, str], int]:
    rows = pipeline.query("select rule, source_table, rows_affected from marts.mart_data_quality")
    return {(r.rule, r.source_table): int(r.rows_affected) for r in rows.itertuples()}


GENERATED_STUDENTS, GENERATED_SEED = 2000, 7


@pytest.fixture(scope="module")
def generated_apis_run(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """A generated 2,000-student district through the APIs (run before the switch to files)."""
    root = tmp_path_factory.mktemp("generated")
    pipeline = Pipeline(root / "apis")
    with Apis(generate_data(root / "data", GENERATED_STUDENTS, GENERATED_SEED)) as apis:
        pipeline.launch(apis)
    return pipeline


@pytest.fixture(scope="module", autouse=True)
def files_mode(default_run: Pipeline, generated_apis_run: Pipeline) -> Iterator[None]:
    """The API runs this module compares with come first; then the dbt project is prepared for
    the drop folder, and for the APIs again at the end."""
    prepare_dbt_project("files")
    try:
        yield
    finally:
        prepare_dbt_project("apis")


# ------------------------------------------------------------------ same district, same marts


@pytest.mark.parametrize("version", ["1.2", "1.1"])
def test_the_committed_district_from_files_gives_the_api_marts(
    default_run: Pipeline, tmp_path: Path, version: str
) -> None:
    drop = generate_drop(tmp_path / "drop", DEFAULT_STUDENTS, DEFAULT_SEED, version)
    pipeline = files_pipeline(tmp_path / "run", drop)
    pipeline.launch(None)
    assert_same_marts(default_run, pipeline)
    # The files path meets the demo's defects in their OneRoster form (contract, "The demo's
    # defects in the files"): counted per line, and each a warning, never a failed run.
    counts = quality(pipeline)
    assert counts[("duplicate_enrollment_rows", "raw.oneroster_enrollments")] == 1
    assert counts[("duplicate_results", "raw.oneroster_results")] == 22
    assert counts[("duplicate_attendance_lines", "raw.attendance_events")] == 44
    assert counts[("unknown_attendance_code", "raw.attendance_events")] == 4
    assert counts[("score_clamped", "raw.oneroster_results")] == 5
    assert counts[("isat_eduid_not_on_roster", "raw.state_scores")] == 1
    assert counts[("text_whitespace_cleaned", "raw.oneroster_users")] == 5
    if version == "1.2":
        # The dbt unit tests in files mode: the shared ones and those of the files path's models
        # (int_files__results: scoreStatus and resultValueMax), which apis mode leaves out.
        unit_tests = unit_test_results(pipeline, tmp_path / "unit")
        assert "unit_test.ieta.int_files__results.results_by_score_status" in unit_tests
        assert set(unit_tests.values()) == {"pass"}, unit_tests


def test_a_generated_2000_student_district_gives_the_same_marts_three_ways(
    generated_apis_run: Pipeline, tmp_path: Path
) -> None:
    for version in ("1.2", "1.1"):
        drop = generate_drop(
            tmp_path / f"drop{version}", GENERATED_STUDENTS, GENERATED_SEED, version
        )
        pipeline = files_pipeline(tmp_path / f"files{version}", drop)
        pipeline.launch(None)
        assert_same_marts(generated_apis_run, pipeline)


# ------------------------------------------------------------------ damaged exports


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]], bom: bool = False) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def small_drop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_drop(tmp_path_factory.mktemp("small") / "drop", 120, 11, "1.2")


def test_a_damaged_export_gives_the_documented_results(small_drop: Path, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    subprocess.run(["cp", "-r", str(small_drop), str(drop)], check=True)
    users = {u["sourcedId"]: u for u in read_rows(drop / "users.csv")}
    items = {i["sourcedId"]: i for i in read_rows(drop / "lineItems.csv")}
    classes = {c["sourcedId"]: c for c in read_rows(drop / "classes.csv")}
    courses = {c["sourcedId"]: c["courseCode"] for c in read_rows(drop / "courses.csv")}
    current_grade_items = {
        i for i, item in items.items() if item["categorySourcedId"] == "cat-term-grade"
    }

    # An exempt score: the first 'not submitted' result of a graded item becomes exempt.
    results = read_rows(drop / "results.csv")
    exempt = next(
        r for r in results
        if r["scoreStatus"] == "not submitted" and r["lineItemSourcedId"] not in current_grade_items
    )  # fmt: skip
    exempt["scoreStatus"] = "exempt"
    student = users[exempt["studentSourcedId"]]
    klass = classes[items[exempt["lineItemSourcedId"]]["classSourcedId"]]
    enrollment = (int(student["identifier"]), courses[klass["courseSourcedId"]], klass["classCode"])
    own = {
        r["lineItemSourcedId"]: r["scoreStatus"]
        for r in results
        if r["studentSourcedId"] == exempt["studentSourcedId"]
        and items[r["lineItemSourcedId"]]["classSourcedId"] == klass["sourcedId"]
        and r["lineItemSourcedId"] not in current_grade_items
    }
    # Orphans: a result whose student is not in the export, one whose line item is not.
    results.append({**results[0], "sourcedId": "orphan-1", "studentSourcedId": "no-such-user"})
    results.append({**results[0], "sourcedId": "orphan-2", "lineItemSourcedId": "no-such-item"})
    write_rows(drop / "results.csv", results, bom=True)

    # An unknown attendance code on a day the enrollment was present, and an orphan line.
    attendance = read_rows(drop / "attendance.csv")
    unknown = next(
        a for a in attendance
        if a["student_sourced_id"] == exempt["studentSourcedId"]
        and a["class_sourced_id"] == klass["sourcedId"] and a["code"] == ""
    )  # fmt: skip
    recorded_days = {
        a["date"] for a in attendance
        if a["student_sourced_id"] == exempt["studentSourcedId"]
        and a["class_sourced_id"] == klass["sourcedId"]
        and a["code"] in ("", "Absent", "Tardy", "Excused")
    }  # fmt: skip
    unknown["code"] = "ZZ"
    attendance.append({**attendance[0], "student_sourced_id": "no-such-user"})
    write_rows(drop / "attendance.csv", attendance, bom=True)
    for name in ("manifest.csv", "users.csv"):  # byte-order marks on the way in
        write_rows(drop / name, read_rows(drop / name), bom=True)

    pipeline = files_pipeline(tmp_path / "run", drop)
    pipeline.launch(None)

    counts = quality(pipeline)
    assert counts[("result_student_not_in_export", "raw.oneroster_results")] == 1
    assert counts[("result_line_item_not_in_export", "raw.oneroster_results")] == 1
    assert counts[("attendance_student_not_in_export", "raw.attendance_events")] == 1
    assert counts[("result_exempt", "raw.oneroster_results")] == 1
    assert counts[("unknown_attendance_code", "raw.attendance_events")] == 4 + 1  # demo's 4 + ZZ
    warned = pipeline.query("select rule from marts.mart_data_quality where is_warning").rule
    assert {"result_student_not_in_export", "unknown_attendance_code"} <= set(warned)

    # Exempt: neither scored nor missing, for that enrollment only. Items count once due.
    student_id, course_id, section_id = enrollment
    section = f"course_id = '{course_id}' and section_id = '{section_id}'"
    row = pipeline.query(
        "select * from marts.mart_student_dashboard "
        f"where student_id = '{student_id}' and {section}"
    ).iloc[0]
    as_of = str(row.as_of_date)[:10]
    assert items[exempt["lineItemSourcedId"]]["dueDate"] <= as_of  # it would have been missing
    due = {
        item: status for item, status in own.items()
        if item != exempt["lineItemSourcedId"] and items[item]["dueDate"] <= as_of
    }  # fmt: skip
    assert row.total_assignments == len(due)
    assert row.missing_assignments == sum(s == "not submitted" for s in due.values())
    assert row.completed_assignments == row.total_assignments - row.missing_assignments
    classmates = pipeline.query(
        "select distinct total_assignments from marts.mart_student_dashboard "
        f"where {section} and student_id <> '{student_id}'"
    ).total_assignments
    assert list(classmates) == [len(due) + 1]
    # The unknown code is not a recorded day.
    assert row.total_school_days == len(recorded_days) - 1


def test_a_delta_export_stops_the_run(small_drop: Path, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    subprocess.run(["cp", "-r", str(small_drop), str(drop)], check=True)
    manifest = read_rows(drop / "manifest.csv")
    for row in manifest:
        if row["propertyName"] == "file.results":
            row["value"] = "delta"
    write_rows(drop / "manifest.csv", manifest)
    pipeline = files_pipeline(tmp_path / "run", drop)
    result = pipeline.launch(None, check=False)
    assert result.returncode != 0
    assert "bulk export" in pipeline.output and "file.results" in pipeline.output
    assert not pipeline.database.exists()  # refused before anything was written
