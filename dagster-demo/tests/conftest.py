"""Harness for the pipeline tests: real APIs, a real Dagster instance, a real DuckDB file.

Every pipeline run goes through the command ``./run.sh`` uses (``dg launch --assets ...``) in a
subprocess, against uvicorn APIs on free loopback ports, with ``DAGSTER_HOME`` and
``DBT_DUCKDB_PATH`` in a temporary folder. Nothing of our own is mocked.
(``tests/e2e/test_dev_ui.py`` covers the ``dg dev`` path.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "dagster-demo"
VENV_BIN = Path(sys.executable).parent
DEFAULT_DATA = REPO / "api" / "data"
GENERATOR = REPO / "api" / "scripts" / "generate_data.py"
API_PYTHON = REPO / "api" / ".venv" / "bin" / "python"

sys.path.insert(0, str(REPO / "api" / "tests"))
from api_process import RunningApi  # noqa: E402

API_MODULES = {"sis": "SIS_API_URL", "lms": "LMS_API_URL", "state": "STATE_API_URL"}


class Apis:
    """The three source APIs serving one data folder."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.running: dict[str, RunningApi] = {}
        try:
            for module in API_MODULES:
                self.running[module] = RunningApi(module, data_dir, env=env)
        except Exception:
            self.stop()
            raise

    def __enter__(self) -> Apis:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def env(self) -> dict[str, str]:
        return {API_MODULES[m]: api.url for m, api in self.running.items()}

    def stop(self) -> None:
        for api in self.running.values():
            api.stop()


@dataclass
class Pipeline:
    """One isolated pipeline home: its own DAGSTER_HOME and DuckDB file."""

    root: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home = self.root / "dagster_home"
        self.home.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "dagster.yaml", self.home / "dagster.yaml")
        self.database = self.root / "warehouse.duckdb"
        self.published = self.root / "published"  # the dashboard's published sets
        self.output = ""  # stdout and stderr of the last launch

    def env(self, apis: Apis | None = None) -> dict[str, str]:
        env = {
            **os.environ,
            "DAGSTER_HOME": str(self.home),
            "DBT_DUCKDB_PATH": str(self.database),
            "VIRTUAL_ENV": str(VENV_BIN.parent),
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "DUCKDB_LOCK_TIMEOUT": "20",
            "IETA_PUBLISH_DIR": str(self.published),
        }
        if apis is not None:
            env.update(apis.env)
        env.update(self.extra_env)
        return env

    def launch(
        self, apis: Apis | None, select: str = "*", check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Materialize ``select`` the way run.sh does; fail with the run's log if it fails.
        ``apis`` is None for a run that reads no API (IETA_SOURCE=files in ``extra_env``)."""
        started = time.perf_counter()
        result = subprocess.run(
            materialize_command(select),
            cwd=PROJECT,
            env=self.env(apis),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.output = result.stdout + result.stderr
        print(f"materialize {select!r}: exit {result.returncode} "
              f"in {time.perf_counter() - started:.1f}s")  # fmt: skip
        if check and result.returncode != 0:
            pytest.fail(f"the run failed (exit {result.returncode}):\n{log_tail(result)}")
        return result

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).df()

    def tables(self) -> set[tuple[str, str]]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return set(
                con.execute(
                    "select table_schema, table_name from information_schema.tables"
                ).fetchall()
            )


def materialize_command(select: str = "*") -> list[str]:
    """What ./run.sh runs: release runs killed earlier, then ``dg launch``."""
    return [
        "sh", "-c", 'python -m dagster_demo.abandoned_runs && exec dg launch --assets "$0"', select
    ]  # fmt: skip


def log_tail(result: subprocess.CompletedProcess[str], lines: int = 60) -> str:
    text = (result.stdout or "") + (result.stderr or "")
    return "\n".join(text.splitlines()[-lines:])


def generate_data(out: Path, students: int, seed: int, *options: str) -> Path:
    """The generator's district of ``students`` (``options``: e.g. ``--format oneroster``)."""
    subprocess.run(
        [str(API_PYTHON), str(GENERATOR), "--students", str(students), "--seed", str(seed),
         "--out", str(out), *options],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


DBT_STATE = PROJECT / "src" / "dagster_demo" / "defs" / ".local_defs_state"


def prepare_dbt_project(source: str = "apis", target: str = "duckdb") -> None:
    """Run ./install.sh for ``IETA_SOURCE=source`` and ``DBT_TARGET=target``. It prepares the
    dbt component's state (what ``dg`` loads the dbt assets from) again only when dbt-demo/, the
    source or the engine changed: the manifest holds one source's staging models, parsed for
    one engine."""
    settings = {"IETA_SOURCE": source, "DBT_TARGET": target}
    result = subprocess.run(
        [str(REPO / "install.sh")], env={**os.environ, **settings},
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"./install.sh ({settings}) failed:\n{log_tail(result)}")


@pytest.fixture(scope="session", autouse=True)
def prepared_dbt_project() -> dict[Path, float]:
    """The dbt component's state as ./install.sh prepares it for the APIs. Returns when each
    state was prepared (its marker file's modification time)."""
    prepare_dbt_project("apis")
    return {marker: marker.stat().st_mtime for marker in DBT_STATE.glob("*/state")}


@pytest.fixture(scope="session")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """The whole graph materialized once against the committed default data."""
    pipeline = Pipeline(tmp_path_factory.mktemp("default_run"))
    with Apis(DEFAULT_DATA) as apis:
        pipeline.launch(apis)
    yield pipeline


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder: tests/unit (no service, no pipeline run; seconds) or
    tests/e2e (starts services or launches the pipeline). `pytest -m unit` is ./test.sh --quick."""
    for item in items:
        kind = item.path.parent.name
        if kind in ("unit", "e2e"):
            item.add_marker(kind)
