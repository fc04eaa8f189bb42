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

ID_COLUMNS = {
    "student_id",
    "student_name",
    "course_id",
    "section_id",
    "teacher",
    "teacher_id",
    "current_grade",
}


def read(name: str, folder: Path = DEFAULT_DATA) -> pd.DataFrame:
    return pq.read_table(folder / name).to_pandas()


def write(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def messy_export(out: Path, rng: np.random.Generator) -> dict[str, int]:
    """Copy the default data with every defect class amplified; return what was injected."""
    out.mkdir(parents=True)
    injected: dict[str, int] = {}
    roster = read("students.parquet")
    isat = read("isat_data.parquet")
    isat = isat[isat["eduid"].isin(roster["eduid"])]  # drop the default data's orphan

    # Students with an ISAT row, in a random order, handed out to the roster and ISAT defects
    # below so that no student carries two of them.
    tested = roster[roster["eduid"].isin(isat["eduid"])].sample(frac=1, random_state=3)
    pairs, conflicted, identical, conflicting, bad_level, renamed = (
        tested.iloc[0:4], tested.iloc[4:5], tested.iloc[5:8], tested.iloc[8:10],
        tested.iloc[10:14], tested.iloc[14:16],
    )  # fmt: skip

    # Two eduids each held by two roster students: all four get no ISAT scores. The second
    # student of a pair loses its own eduid, whose ISAT row is dropped (it would be an orphan).
    holders, takers = pairs.iloc[[0, 1]], pairs.iloc[[2, 3]]
    roster.loc[takers.index, "eduid"] = holders["eduid"].to_numpy()
    isat = isat[~isat["eduid"].isin(takers["eduid"])]
    # A student whose two roster rows disagree on the eduid (the other one sorts last), and two
    # whose second row spells the name differently; three rows repeated exactly.
    extra_rows = [
        conflicted.assign(eduid="Z" + conflicted["eduid"].str[1:]),
        renamed.assign(student_name=renamed["student_name"] + " Jr."),
        roster.loc[tested.index[16:19]],
    ]
    # Five roster students with no enrollment anywhere.
    newcomers = pd.DataFrame(
        {
            "student_id": range(990_001, 990_006),
            "eduid": [f"N{i:09d}" for i in range(5)],
            "student_name": [f"New Student {i}" for i in range(5)],
            "grade_level": 9,
        }
    )
    write(pd.concat([roster, *extra_rows, newcomers], ignore_index=True), out / "students.parquet")
    injected["eduid_ambiguous"] = 5
    injected["isat_row_of_ambiguous_student"] = 3  # the two holders' rows and the conflicted one's
    injected["roster_identical_duplicate_rows"] = 3
    injected["roster_conflicting_rows"] = 3
    injected["roster_student_without_enrollment"] = 5

    catalog = read("assignments.parquet")
    catalog.loc[catalog.index[3], "assignment_type"] = "Quiz"
    catalog["due_date"] = catalog["due_date"].astype(str)
    catalog.loc[catalog.index[5], "due_date"] = None
    catalog.loc[catalog.index[7], "due_date"] = "TBD"  # not a date: never due, counted twice
    write(catalog, out / "assignments.parquet")
    injected["assignment_type_unknown"] = 1
    injected["catalog_item_without_due_date"] = 2
    injected["value_not_understood:assignments"] = 1

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
    # Values that are not numbers in one item column (sent as text): left null, missing work.
    text_item = items[2]
    readable = gradebook[text_item].notna() & gradebook[text_item].between(0, 100)
    not_numbers = gradebook.index[:20][readable.iloc[:20]][:3]
    gradebook[text_item] = gradebook[text_item].map(lambda v: None if pd.isna(v) else f"{v}")
    gradebook.loc[not_numbers, text_item] = "N/A"
    injected["value_not_understood:gradebook"] = 3
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
    # Two rows whose student_id is not a number: left out (they belong to no enrollment).
    attendance["student_id"] = attendance["student_id"].astype(str)
    attendance.loc[attendance.index[[11, 12]], "student_id"] = ["X-1", "X-2"]
    injected["enrollment_row_missing_id:attendance"] = 2

    for frame, name in ((gradebook, "gradebook"), (attendance, "attendance")):
        rows = rng.choice(len(frame), size=60, replace=False)
        frame.loc[frame.index[rows[:30]], "student_name"] = (
            "  " + frame["student_name"].iloc[rows[:30]] + " "
        ).to_numpy()
        frame.loc[frame.index[rows[30:]], "student_name"] = (
            frame["student_name"].iloc[rows[30:]].str.upper().to_numpy()
        )
        # Repeated rows come from past the first 20, where the id and number defects sit.
        duplicates = frame.iloc[20:].sample(n=40, random_state=1)
        write(pd.concat([frame, duplicates], ignore_index=True), out / f"{name}.parquet")
        injected[f"duplicate_enrollment_rows:{name}"] = 40

    orphans = isat.sample(n=30, random_state=2).assign(
        eduid=[f"X{9_000_000_000 + i}" for i in range(30)]
    )
    isat_of = isat.set_index("eduid")
    repeats = isat_of.loc[identical["eduid"]].reset_index()  # the same result twice: counted once
    others = isat_of.loc[conflicting["eduid"]].reset_index()  # a second, different result
    others["math_scale_score"] = np.where(others["math_scale_score"] < 700, 790, 610)
    levels = isat["eduid"].isin(bad_level["eduid"])
    isat.loc[levels, "math_performance_level"] = "Exemplary"
    isat = pd.concat([isat, orphans, repeats, others], ignore_index=True)
    # Two ELA scale scores that are not numbers: no ELA score for those students.
    isat["ela_scale_score"] = isat["ela_scale_score"].astype(str)
    isat.loc[isat["eduid"].isin(renamed["eduid"]), "ela_scale_score"] = "N/A"
    write(isat, out / "isat_data.parquet")
    injected["isat_eduid_not_on_roster"] = 30
    injected["isat_identical_duplicate_rows"] = 3
    injected["isat_conflicting_results"] = 4
    injected["isat_level_not_recognized"] = 4
    injected["value_not_understood:isat"] = 2
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
    for rule in (
        "isat_eduid_not_on_roster", "isat_identical_duplicate_rows", "isat_conflicting_results",
        "isat_row_of_ambiguous_student", "isat_level_not_recognized",
    ):  # fmt: skip
        assert affected(rule, "raw.isat") == injected[rule], rule
    for rule in (
        "eduid_ambiguous", "roster_identical_duplicate_rows", "roster_conflicting_rows",
        "roster_student_without_enrollment",
    ):  # fmt: skip
        assert affected(rule, "raw.students") == injected[rule], rule
    for rule in ("assignment_type_unknown", "catalog_item_without_due_date"):
        assert affected(rule, "raw.assignments") == injected[rule], rule
    for table in ("gradebook", "assignments", "isat"):
        assert (
            affected("value_not_understood", f"raw.{table}")
            == (injected[f"value_not_understood:{table}"])
        )
    assert affected("enrollment_row_missing_id", "raw.attendance") == 2
    assert affected("gradebook_column_ignored", "raw.gradebook") == 1
    # Each of them is a warning; the run went on (the fixture's launch checks it succeeded).
    warnings = set(quality.loc[quality["is_warning"], "rule"])
    assert warnings >= {rule.split(":")[0] for rule in injected}
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
    assert set(removing["source_table"]) >= {"raw.gradebook", "raw.attendance"}
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
    everything = pipeline.query("select * from marts.mart_data_quality")
    removed = everything.set_index(["rule", "source_table"])["rows_affected"]
    assert counts.gradebook_in - removed[("duplicate_enrollment_rows", "raw.gradebook")] == (
        counts.dashboard_rows
    )
    isat_rules = [
        "isat_eduid_not_on_roster", "isat_row_of_ambiguous_student",
        "isat_identical_duplicate_rows", "isat_conflicting_results",
    ]  # fmt: skip
    isat_removed = sum(removed[(rule, "raw.isat")] for rule in isat_rules)
    # Every ISAT row is either one student's result or taken out by exactly one rule; the two
    # rows of a conflicting eduid give no result.
    assert counts.isat_in - isat_removed == counts.assessments


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
