"""Mark runs whose process is gone as failed and free the DuckDB writer slot they held.

``./run.sh`` and the tests run this before each ``dg launch``. ``dg launch`` executes the run
in its own process, without the daemon whose run monitoring (``run_monitoring`` in
dagster.yaml) does this under ``dg dev``: a run killed there (``kill -9``, a closed laptop)
would stay "started" and keep its slot of the ``duckdb_writer`` pool, and every later run would
wait for that slot forever. Dagster has no public call for this (docs/upstream.md); these are
the calls its UI makes when a user marks a run failed and frees its pool slots.

    python -m dagster_demo.abandoned_runs
"""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg

IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


def process_alive(pid: int) -> bool:
    if sys.platform == "win32":  # there, os.kill(pid, 0) would terminate the process
        listed = subprocess.run(
            ["tasklist", "/FI", f"PID eq {pid}", "/FO", "CSV", "/NH"],
            capture_output=True,
            text=True,
        ).stdout
        return f'"{pid}"' in listed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def run_process(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The id of the process that executes ``run_id``, from its RUN_START event."""
    of_type = dg.DagsterEventType.RUN_START
    records = instance.get_records_for_run(run_id, of_type=of_type, ascending=False).records
    event = records[0].event_log_entry.dagster_event if records else None
    return event.pid if event else None


def release_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Fail every in-progress run of this machine whose process has exited; return their ids."""
    released = []
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS)):
        run = record.dagster_run
        pid = run_process(instance, run.run_id)
        if pid is None or process_alive(pid):
            continue
        instance.report_run_failed(run, f"The process that ran it (PID {pid}) is gone.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released


def main() -> int:
    with dg.DagsterInstance.get() as instance:
        for run_id in release_abandoned_runs(instance):
            print(f"run {run_id} was abandoned (its process is gone): marked failed, slot freed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
