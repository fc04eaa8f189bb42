"""The event log storage that dagster.yaml selects: Dagster's SQLite files, engines kept open."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from conftest import Pipeline
from dagster._core.events import DagsterEvent, DagsterEventType, EngineEventData
from dagster._core.events.log import EventLogEntry

from dagster_demo.event_log_storage import (
    MAX_OPEN_DATABASES,
    PooledSqliteEventLogStorage,
    instance_at,
)


def dagster_home(root: Path) -> Path:
    """A DAGSTER_HOME with the project's dagster.yaml, as the pipeline tests use."""
    return Pipeline(root).home


def engine_event(run_id: str, message: str) -> EventLogEntry:
    return EventLogEntry(
        error_info=None,
        level="INFO",
        user_message=message,
        run_id=run_id,
        timestamp=0.0,
        dagster_event=DagsterEvent(
            DagsterEventType.ENGINE_EVENT.value,
            "job",
            event_specific_data=EngineEventData(),
            message=message,
        ),
    )


def test_project_instance_records_in_dagster_home(tmp_path: Path) -> None:
    home = dagster_home(tmp_path)
    with instance_at(home) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        instance.report_runless_asset_event(dg.AssetMaterialization("raw_students"))
    # Dagster's default layout: a later reader (the UI) finds the same files.
    assert (home / "history" / "runs" / "index.db").exists()
    with instance_at(home) as instance:
        assert instance.get_latest_materialization_event(dg.AssetKey("raw_students"))


def test_other_home_opened_by_path_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home(tmp_path / "a")))
    other = dagster_home(tmp_path / "b")
    with pytest.raises(dg.DagsterInvariantViolationError, match="instance_at"):
        dg.DagsterInstance.from_config(str(other))


def test_open_databases_are_bounded(tmp_path: Path) -> None:
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    runs = [f"run{i}" for i in range(MAX_OPEN_DATABASES + 3)]
    for run_id in runs:
        storage.store_event(engine_event(run_id, f"hello {run_id}"))
    assert len(storage._engines) <= MAX_OPEN_DATABASES
    # Closed engines reopen on demand: every run's events are still there.
    for run_id in runs:
        assert [e.user_message for e in storage.get_logs_for_run(run_id)] == [f"hello {run_id}"]
    storage.wipe()
    assert storage.get_logs_for_run(runs[0]) == []
    storage.dispose()
