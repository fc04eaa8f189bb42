"""Harness for the dashboard tests: the pipeline run once for real, then the app on its output.

``pipeline`` runs ``./run.sh`` (APIs on free ports, a fresh warehouse, its own DAGSTER_HOME)
on the committed 500-student data, so the dashboard is tested against a set published by the
pipeline's own ``published_marts`` asset, and its pages are checked against the warehouse's
marts. Nothing of the dashboard is mocked: AppTest runs the real app script.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = Path(__file__).resolve().parents[1]
REPO = DASHBOARD.parent
APP = DASHBOARD / "app.py"
VENV_BIN = "Scripts" if os.name == "nt" else "bin"
DAGSTER_PYTHON = REPO / "dagster-demo" / ".venv" / VENV_BIN / "python"
STREAMLIT = DASHBOARD / ".venv" / VENV_BIN / "streamlit"
# ./run.sh, or its PowerShell twin on Windows.
RUN = (
    ["powershell", "-ExecutionPolicy", "Bypass", "-File", str(REPO / "run.ps1")]
    if os.name == "nt"
    else [str(REPO / "run.sh")]
)

sys.path.insert(0, str(DASHBOARD))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class PipelineRun:
    root: Path
    warehouse: Path
    published: Path  # IETA_PUBLISH_DIR of the run

    def marts(self, sql: str) -> pd.DataFrame:
        """Query the warehouse the run built (the truth the pages are checked against)."""
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).df()


def run_pipeline(root: Path, extra_env: dict[str, str] | None = None) -> PipelineRun:
    """./run.sh on the committed data, with its own APIs' ports, warehouse, Dagster home and
    published folder under ``root``; ``extra_env`` adds settings (IETA_DBT_VARS, ...)."""
    run = PipelineRun(root, root / "warehouse.duckdb", root / "published")
    env = {
        **{k: v for k, v in os.environ.items() if not k.endswith("_API_URL")},
        "SIS_API_PORT": str(free_port()),
        "LMS_API_PORT": str(free_port()),
        "STATE_API_PORT": str(free_port()),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DBT_DUCKDB_PATH": str(run.warehouse),
        "IETA_PUBLISH_DIR": str(run.published),
        **(extra_env or {}),
    }
    env.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    result = subprocess.run(RUN, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    print(f"./run.sh: exit {result.returncode} in {time.perf_counter() - started:.1f}s")
    if result.returncode != 0:
        pytest.fail(f"./run.sh failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return run


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """./run.sh once per session. ``IETA_TEST_PIPELINE_DIR`` names the folder of a finished
    run to reuse instead (its warehouse.duckdb and published/), to iterate on the app quickly."""
    reused = os.environ.get("IETA_TEST_PIPELINE_DIR")
    if reused:
        return PipelineRun(
            Path(reused), Path(reused) / "warehouse.duckdb", Path(reused) / "published"
        )
    return run_pipeline(tmp_path_factory.mktemp("pipeline"))


@pytest.fixture
def published(pipeline: PipelineRun, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's published folder, as the app's IETA_PUBLISH_DIR."""
    monkeypatch.setenv("IETA_PUBLISH_DIR", str(pipeline.published))
    return pipeline.published


@pytest.fixture
def access_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write an access file and point the app at it."""

    def write(text: str) -> Path:
        path = tmp_path / "access.toml"
        path.write_text(text)
        monkeypatch.setenv("IETA_DASHBOARD_ACCESS", str(path))
        return path

    return write


# What login mode needs in secrets.toml; AppTest.user stands in for the provider's answer.
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "test-only",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def app_test(user: dict | None = None, login: bool = False) -> AppTest:
    """The app as AppTest runs it; ``login=True`` configures login, ``user`` is ``st.user``."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if login:
        at.secrets["auth"] = AUTH_SECRETS
    if user is not None:
        at.user = user
    return at


def as_teacher(at: AppTest, teacher: str) -> AppTest:
    """Pick ``teacher``'s view in demo mode's sidebar picker."""
    at.sidebar.selectbox[0].select(teacher).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def teacher(pipeline: PipelineRun) -> str:
    """The id of a teacher with several sections."""
    return pipeline.marts(
        "select teacher_id from marts.mart_class_summary group by 1 "
        "order by count(*) desc, teacher_id limit 1"
    )["teacher_id"][0]


@pytest.fixture
def artifacts() -> Iterator[Path]:
    folder = REPO / "test-artifacts"
    folder.mkdir(exist_ok=True)
    yield folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder: tests/unit (no service, no pipeline run; seconds) or
    tests/e2e (starts services or launches the pipeline). `pytest -m unit` is ./test.sh --quick."""
    for item in items:
        kind = item.path.parent.name
        if kind in ("unit", "e2e"):
            item.add_marker(kind)
