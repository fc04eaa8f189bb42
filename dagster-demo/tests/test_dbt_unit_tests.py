"""The dbt unit tests: the business rules (docs/business-rules.md) on fixed fixtures, at their
boundaries.

The pipeline's ``dbt build`` leaves them out (``defs.yaml``): their inputs are fixtures, so their
result cannot change between refreshes, only when the SQL changes, which is when this suite
runs. dbt still needs the models' parent relations to exist to learn column types, so they run
against a copy of the warehouse the default run built.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import REPO, VENV_BIN, Pipeline

EXPECTED_AT_LEAST = 10  # unit tests declared in dbt-demo/models/**.yml today


def unit_test_results(pipeline: Pipeline, tmp_path: Path) -> dict[str, str]:
    """Run every dbt unit test against a copy of ``pipeline``'s warehouse, in its environment
    (IETA_SOURCE included); the statuses of the nodes run, by unique_id."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(pipeline.database, database)
    target = tmp_path / "target"
    result = subprocess.run(
        [str(VENV_BIN / "dbt"), "test", "--select", "test_type:unit",
         "--target-path", str(target), "--log-path", str(tmp_path / "logs")],
        cwd=REPO / "dbt-demo",
        env={**pipeline.env(), "DBT_DUCKDB_PATH": str(database)},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    # The project's on-run-start hook (register_raw_tables) is reported as an operation.
    return {
        r["unique_id"]: r["status"] for r in results if not r["unique_id"].startswith("operation.")
    }


def test_every_dbt_unit_test_passes(default_run: Pipeline, tmp_path: Path) -> None:
    unit_tests = unit_test_results(default_run, tmp_path)
    assert all(uid.startswith("unit_test.") for uid in unit_tests), unit_tests
    assert len(unit_tests) >= EXPECTED_AT_LEAST, unit_tests
    assert set(unit_tests.values()) == {"pass"}, unit_tests
