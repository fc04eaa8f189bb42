"""dbt's parse state is kept per warehouse settings (components/ieta_dbt.py): a run against
another warehouse does not make the next run against the usual one parse the whole project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dagster_demo.components.ieta_dbt import (
    PARTIAL_PARSE_FILE,
    keep_parse_state,
    parse_state_file,
    restore_parse_state,
)


def finish_run(project: Path, name: str, state: bytes) -> Path:
    """A run folder in which dbt left ``state``, kept as the component does after success."""
    run = project / "target" / name
    run.mkdir(parents=True)
    (run / PARTIAL_PARSE_FILE).write_bytes(state)
    keep_parse_state(project, run)
    return run


def test_each_warehouse_starts_from_its_own_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    monkeypatch.setenv("DBT_DUCKDB_PATH", "/warehouses/usual.duckdb")
    finish_run(project, "dbt_build-1", b"usual")
    monkeypatch.setenv("DBT_DUCKDB_PATH", "/warehouses/test.duckdb")
    first_test_run = project / "target" / "dbt_build-2"
    restore_parse_state(project, first_test_run)
    assert not (first_test_run / PARTIAL_PARSE_FILE).exists()  # nothing fits: dbt parses
    finish_run(project, "dbt_build-2", b"test")

    # `dg` re-creates the project copy; the states are kept beside it.
    shutil.rmtree(project)
    monkeypatch.setenv("DBT_DUCKDB_PATH", "/warehouses/usual.duckdb")
    next_usual_run = project / "target" / "dbt_build-3"
    restore_parse_state(project, next_usual_run)
    assert (next_usual_run / PARTIAL_PARSE_FILE).read_bytes() == b"usual"


def test_memory_limit_is_part_of_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBT_DUCKDB_PATH", "/warehouses/usual.duckdb")
    monkeypatch.delenv("DBT_DUCKDB_MEMORY_LIMIT", raising=False)
    default = parse_state_file(Path("project"))
    monkeypatch.setenv("DBT_DUCKDB_MEMORY_LIMIT", "4GB")
    assert parse_state_file(Path("project")) != default


def test_the_four_most_recent_states_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    for number in range(5):
        monkeypatch.setenv("DBT_DUCKDB_PATH", f"/warehouses/{number}.duckdb")
        finish_run(project, f"dbt_build-{number}", str(number).encode())
        os.utime(parse_state_file(project), (number, number))  # used in this order
    states = sorted(path.read_bytes() for path in parse_state_file(project).parent.iterdir())
    assert states == [b"1", b"2", b"3", b"4"]
