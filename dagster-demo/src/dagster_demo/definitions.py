"""Entry point of the Dagster project: the defs folder, plus the resources and executor.

Settings come from the environment, with the seed's values as defaults:
``SIS_API_URL`` (http://127.0.0.1:8001), ``LMS_API_URL`` (:8002), ``STATE_API_URL`` (:8003),
``DBT_DUCKDB_PATH`` (dbt-demo/dev.duckdb), ``DUCKDB_LOCK_TIMEOUT`` (seconds, 60),
``API_CONCURRENCY`` (requests in flight per extract, 4), ``API_PAGE_SIZE`` (rows per request,
1000, the APIs' maximum).
"""

import os
from pathlib import Path

import dagster as dg

from dagster_demo.resources.api_clients import LmsClient, SisClient, StateClient
from dagster_demo.resources.warehouse import warehouse_from_env


def _api(env_var: str, port: int) -> dict[str, object]:
    return {
        "base_url": os.environ.get(env_var, f"http://127.0.0.1:{port}"),
        "concurrency": int(os.environ.get("API_CONCURRENCY", "4")),
        "page_size": int(os.environ.get("API_PAGE_SIZE", "1000")),
    }


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(
            resources={
                "sis_api": SisClient(**_api("SIS_API_URL", 8001)),
                "lms_api": LmsClient(**_api("LMS_API_URL", 8002)),
                "state_api": StateClient(**_api("STATE_API_URL", 8003)),
                # DBT_DUCKDB_PATH resolved to one absolute path; the dbt step gives dbt the same
                # path when it runs (resources/warehouse.py, dbt_environment).
                "warehouse": warehouse_from_env(),
            },
            # One process runs every step: a multiprocess run re-imports all definitions in a
            # subprocess per step (~12 s each here) for work that takes a few seconds, and
            # DuckDB allows one writer at a time anyway.
            executor=dg.in_process_executor,
        ),
    )
