"""Every asset as one job on Dagster's multiprocess executor, for ``choices.py``.

``python bench/multiprocess_job.py`` (with ``dagster-demo/.venv`` on PATH and the usual settings:
``DAGSTER_HOME``, ``DBT_DUCKDB_PATH``, ``*_API_URL``) runs it once against the instance in
``DAGSTER_HOME`` and exits non-zero if the run failed. The project itself uses the in-process
executor (``definitions.py``); this job exists only to measure the alternative. Each step runs in
a subprocess of its own that rebuilds the job through ``multiprocess_job`` below (that is what
``dg.reconstructable`` records), so every step pays for loading the definitions again.
"""

from __future__ import annotations

import sys

import dagster as dg

JOB_NAME = "all_assets_multiprocess"


def multiprocess_job() -> dg.JobDefinition:
    """The project's assets and resources in a job run 2 steps at a time, each in a process."""
    from dagster_demo.definitions import defs

    job = dg.define_asset_job(
        JOB_NAME,
        selection=dg.AssetSelection.all(),
        executor_def=dg.multiprocess_executor.configured({"max_concurrent": 2}),
    )
    return dg.Definitions.merge(defs(), dg.Definitions(jobs=[job])).resolve_job_def(JOB_NAME)


def main() -> int:
    # The dbt component reads its prepared state (dbt parse); prepare it like run.sh does, so
    # the timing does not depend on which run came first.
    from dagster_demo.materialize import prepare_dbt_state

    prepare_dbt_state()
    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(dg.reconstructable(multiprocess_job), instance=instance)
        if not result.success:
            failed = [event.step_key for event in result.all_events if event.is_step_failure]
            print(f"run {result.run_id} FAILED in step(s): {', '.join(failed)}", file=sys.stderr)
            return 1
        print(f"run {result.run_id} succeeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
