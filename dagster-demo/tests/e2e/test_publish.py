"""The published sets the teacher dashboard reads: written by the run, equal to the marts,
switched into place in one rename, and kept when a publication fails."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest
from conftest import Pipeline
from ieta_dashboard.published_layout import POINTER_FILE, PUBLISHED_MARTS, SETS_FOLDER

from dagster_demo.defs.publish import (
    current_set_id,
    publish_marts,
    publish_modes,
    remove_replaced_sets,
)

FILES = set(PUBLISHED_MARTS)


def published_files(set_path: Path) -> set[str]:
    return {p.stem for p in set_path.glob("*.parquet")}


def read_parquet(path: Path, order: str = "all") -> pd.DataFrame:
    with duckdb.connect() as con:
        return con.execute(f"select * from read_parquet('{path}') order by {order}").df()


@pytest.fixture
def warehouse_copy(default_run: Pipeline, tmp_path: Path) -> Path:
    """A copy of the default run's warehouse that a test may open and change."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(default_run.database, copy)
    return copy


def test_the_run_publishes_every_mart(default_run: Pipeline) -> None:
    set_id = current_set_id(default_run.published)
    assert set_id is not None, "the run published no set"
    set_path = default_run.published / SETS_FOLDER / set_id
    assert published_files(set_path) == FILES
    manifest = json.loads((set_path / "published.json").read_text())
    as_of = default_run.query(
        "select max(as_of_date)::varchar as d from marts.mart_student_dashboard"
    )
    assert manifest["as_of"] == as_of["d"][0]
    assert manifest["set_id"] == set_id and manifest["run_id"] and manifest["published_at"]
    for mart in PUBLISHED_MARTS:
        expected = default_run.query(f"select * from marts.{mart} order by all")
        published = read_parquet(set_path / f"{mart}.parquet")
        pd.testing.assert_frame_equal(published, expected, check_dtype=False)
        assert manifest["row_counts"][mart] == len(expected)


def test_detail_files_agree_with_the_dashboard_mart(default_run: Pipeline) -> None:
    """Per enrollment, the missing items and the absent days of the Student page add up to the
    mart's missing_assignments and days_absent."""
    set_path = default_run.published / SETS_FOLDER / current_set_id(default_run.published)
    with duckdb.connect() as con:
        differences = con.execute(
            f"""
            with items as (
                select student_id, course_id, section_id,
                    count(*) filter (item_status = 'missing') as missing
                from read_parquet('{set_path / "mart_enrollment_items.parquet"}')
                group by all
            ), absences as (
                select student_id, course_id, section_id,
                    count(*) filter (status in ('Absent', 'Excused')) as absent
                from read_parquet('{set_path / "mart_enrollment_absences.parquet"}')
                group by all
            )
            select m.student_id, m.course_id, m.section_id
            from read_parquet('{set_path / "mart_student_dashboard.parquet"}') as m
            left join items using (student_id, course_id, section_id)
            left join absences using (student_id, course_id, section_id)
            where coalesce(items.missing, 0) != m.missing_assignments
               or coalesce(absences.absent, 0) != coalesce(m.days_absent, 0)
            """
        ).fetchall()
    assert differences == []


def test_materialization_metadata(default_run: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(default_run.home))
    with dg.DagsterInstance.from_config(str(default_run.home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("published_marts"))
    assert event is not None and event.asset_materialization is not None
    metadata = {k: getattr(v, "value", v) for k, v in event.asset_materialization.metadata.items()}
    set_id = current_set_id(default_run.published)
    assert metadata["path"] == str(default_run.published / SETS_FOLDER / set_id)
    rows = default_run.query("select count(*) as n from marts.mart_student_dashboard")["n"][0]
    assert metadata["rows/mart_student_dashboard"] == rows


def test_a_new_set_replaces_the_current_one_in_one_switch(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    root = tmp_path / "published"
    with duckdb.connect(str(warehouse_copy)) as con:
        first = publish_marts(con, root, "run-one", keep_for_seconds=600)
        second = publish_marts(con, root, "run-two", keep_for_seconds=600)
    assert current_set_id(root) == second.set_id
    # The replaced set stays readable for a while: a reader that picked it keeps its files.
    assert published_files(first.path) == FILES
    assert sorted(p.name for p in root.iterdir()) == [POINTER_FILE, SETS_FOLDER]
    # Once the time is up it goes; the current set never does.
    assert remove_replaced_sets(root, keep_for_seconds=0) == [first.set_id]
    assert remove_replaced_sets(root, keep_for_seconds=0) == []
    assert [p.name for p in (root / SETS_FOLDER).iterdir()] == [second.set_id]


def test_a_failed_publication_leaves_the_last_good_set(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    root = tmp_path / "published"
    with duckdb.connect(str(warehouse_copy)) as con:
        good = publish_marts(con, root, "good-run")
        con.execute("drop table marts.mart_data_quality")
        with pytest.raises(duckdb.CatalogException, match="mart_data_quality"):
            publish_marts(con, root, "bad-run")
    assert current_set_id(root) == good.set_id
    assert [p.name for p in (root / SETS_FOLDER).iterdir()] == [good.set_id]


def modes(root: Path) -> dict[str, int]:
    """The permission bits of everything a publication wrote, by path under ``root``."""
    found = {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}
    return {path: mode for path, mode in found.items() if path != "."}


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize(
    ("setting", "folder_mode", "file_mode"),
    [(None, 0o700, 0o600), ("owner", 0o700, 0o600), ("group", 0o750, 0o640)],
)
def test_a_published_set_is_readable_by_its_owner_only(
    warehouse_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str | None,
    folder_mode: int,
    file_mode: int,
) -> None:
    """Folders 0700 and files 0600 unless IETA_PUBLISH_MODE=group (0750 / 0640), whatever the
    process's umask."""
    if setting is None:
        monkeypatch.delenv("IETA_PUBLISH_MODE", raising=False)
    else:
        monkeypatch.setenv("IETA_PUBLISH_MODE", setting)
    root = tmp_path / "published"
    old_umask = os.umask(0o000)
    try:
        with duckdb.connect(str(warehouse_copy)) as con:
            published = publish_marts(con, root, "run-modes")
    finally:
        os.umask(old_umask)
    found = modes(root)
    assert found[SETS_FOLDER] == folder_mode
    assert found[f"{SETS_FOLDER}/{published.set_id}"] == folder_mode
    assert found[POINTER_FILE] == file_mode
    in_set = f"{SETS_FOLDER}/{published.set_id}/"
    set_files = {path: mode for path, mode in found.items() if path.startswith(in_set)}
    assert len(set_files) == len(FILES) + 1  # and published.json
    assert set(set_files.values()) == {file_mode}


def test_an_unknown_publish_mode_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IETA_PUBLISH_MODE", "world")
    with pytest.raises(ValueError, match="IETA_PUBLISH_MODE='world' is not one of owner, group"):
        publish_modes()
