"""Materialize assets without the UI: ``python -m dagster_demo.materialize [--select SELECTION]``.

What ``./run.sh`` and the tests use. It does what ``dg launch --assets '*'`` does (an in-process
run recorded in ``DAGSTER_HOME``, visible in the UI afterwards), minus a cost measured here:
every ``dg`` command re-prepares the dbt component (``dbt parse`` and a copy of the project,
about 17 s) even when nothing in ``dbt-demo/`` changed. This entry point prepares it only when
the dbt project's files changed since the last preparation. It also starts dbt's process ahead
of the dbt step (``dbt_standby.py``), so that dbt has imported itself when the step begins.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from dagster_demo.dbt_standby import standby

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = PROJECT_ROOT.parent / "dbt-demo"
STATE_DIR = Path(__file__).resolve().parent / "defs" / ".local_defs_state"
STAMP = STATE_DIR / "dbt-project.sha256"
# What dbt reads; generated folders and database files are not part of the project.
DBT_SOURCES = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds", "snapshots")


def dbt_project_fingerprint() -> str:
    digest = hashlib.sha256()
    # IETA_SOURCE enables one set of staging models or the other (dbt-demo/dbt_project.yml), so
    # the prepared manifest holds for one source only.
    digest.update(os.environ.get("IETA_SOURCE", "apis").lower().encode())
    for name in DBT_SOURCES:
        root = DBT_PROJECT / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.relative_to(DBT_PROJECT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_dbt_state(force: bool = False) -> None:
    """Run ``dg utils refresh-defs-state`` when the dbt project changed (or was never prepared)."""
    fingerprint = dbt_project_fingerprint()
    if not force and STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("preparing the dbt project (dbt parse)...", flush=True)
    # A refresh that fails may have removed the prepared project: no stamp until one succeeds.
    STAMP.unlink(missing_ok=True)
    dg_cli = Path(sys.executable).parent / "dg"
    result = subprocess.run(
        [str(dg_cli), "utils", "refresh-defs-state"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"dbt parse failed (exit {result.returncode}); see the output above.")
    STAMP.write_text(fingerprint)


def release_abandoned_runs(instance: dg.DagsterInstance) -> None:
    """Mark runs whose process is gone (killed, machine restarted) as failed, and free the
    DuckDB writer slot they held.

    Runs started here execute in this process, without the daemon whose run monitoring does
    this under `dg dev`: without it, a killed run would hold the pool slot forever and every
    later run would wait for it.
    """
    in_progress = dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]
    )
    for record in instance.get_run_records(filters=in_progress):
        run = record.dagster_run
        starts = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_START)
        pid = starts[-1].dagster_event.pid if starts and starts[-1].dagster_event else None
        if pid is None or _alive(pid):
            continue
        print(f"run {run.run_id} was abandoned (process {pid} is gone): marking it failed")
        instance.report_run_failed(run, f"The process running it ({pid}) is gone.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--select", default="*", help="asset selection, as in the UI (default *)")
    parser.add_argument("--refresh", action="store_true", help="re-prepare the dbt project")
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help="after a successful run, write a summary here"
    )
    args = parser.parse_args(argv)

    # dagster-dbt runs `dbt` from PATH: the one in this venv.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    with standby():  # dbt imports itself while Dagster starts: see dbt_standby.py
        return _materialize(args)


def _materialize(args: argparse.Namespace) -> int:
    prepare_dbt_state(force=args.refresh)

    from dagster_demo.definitions import defs

    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    selection = dg.AssetSelection.from_string(args.select)
    # Importing Dagster and dbt and loading the definitions leaves about 270,000 objects that
    # live until exit. Every garbage collection during the run, and the interpreter's teardown,
    # would walk them again: about 1.5 s of a 500-student run. Frozen, the collector skips them.
    gc.freeze()
    with dg.DagsterInstance.get() as instance:
        release_abandoned_runs(instance)
        result = job.execute_in_process(
            instance=instance,
            asset_selection=list(selection.resolve(definitions.resolve_asset_graph())),
            raise_on_error=False,
        )
        if not result.success:
            failed = [event.step_key for event in result.all_events if event.is_step_failure]
            print(f"run {result.run_id} FAILED in step(s): {', '.join(failed)}", file=sys.stderr)
            return 1
        print(f"run {result.run_id} succeeded")
        if args.report:
            from dagster_demo.report import render

            args.report.write_text(render(instance) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
