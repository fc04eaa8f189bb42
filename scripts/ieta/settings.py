"""Where things are, the settings every task reads (environment variables with the seed's
defaults), and how tasks print messages and fail."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = os.name == "nt"
# A venv keeps its programs in bin/ on Linux and macOS, in Scripts\ on Windows.
VENV_BIN = "Scripts" if WINDOWS else "bin"
PROJECTS = ("api", "dagster-demo", "dashboard")

# The source APIs: module (uvicorn app), system (as GET / names it), port setting, URL setting.
APIS = (
    ("sis", "SIS", "SIS_API_PORT", "SIS_API_URL"),
    ("lms", "LMS", "LMS_API_PORT", "LMS_API_URL"),
    ("state", "State", "STATE_API_PORT", "STATE_API_URL"),
)


class TaskError(Exception):
    """A task cannot go on: the message says what failed and what to do. ``task`` names the
    task whose message it is (install's errors keep their prefix inside ./run.sh)."""

    def __init__(self, message: str, task: str | None = None) -> None:
        super().__init__(message)
        self.task = task


_current_task = "ieta"


def set_task(name: str) -> None:
    """Name the task whose messages follow (``[run] ...``)."""
    global _current_task
    _current_task = name


def current_task() -> str:
    return _current_task


def log(message: str, task: str | None = None) -> None:
    print(f"[{task or _current_task}] {message}", flush=True)


def print_error(error: TaskError) -> None:
    print(f"[{error.task or _current_task}] ERROR: {error}", file=sys.stderr, flush=True)


def script(task: str) -> str:
    """How a user starts ``task`` on this system, for messages: ./run.sh or .\\run.ps1."""
    return f".\\{task}.ps1" if WINDOWS else f"./{task}.sh"


def venv_program(project: str, name: str) -> Path:
    """A program installed in a project's venv (python, dg, ruff, ...)."""
    suffix = ".exe" if WINDOWS else ""
    return ROOT / project / ".venv" / VENV_BIN / f"{name}{suffix}"


def apply_defaults(env: MutableMapping[str, str], root: Path = ROOT) -> None:
    """Give every unset (or empty) setting its default, as the seed's scripts did; the services
    and Dagster read them from the environment."""

    def default(name: str, value: str) -> None:
        if not env.get(name):
            env[name] = value

    default("API_HOST", "127.0.0.1")
    default("SIS_API_PORT", "8001")
    default("LMS_API_PORT", "8002")
    default("STATE_API_PORT", "8003")
    default("DAGSTER_PORT", "8888")
    for _, _, port_setting, url_setting in APIS:
        default(url_setting, f"http://127.0.0.1:{env[port_setting]}")
    default("IETA_DATA_DIR", str(root / "api" / "data"))
    default("DBT_DUCKDB_PATH", str(root / "dbt-demo" / "dev.duckdb"))
    # DBT_TARGET=spark: the raw Parquet folders, Spark's metastore and warehouse (docs/deploy.md).
    default("IETA_SPARK_DIR", str(root / ".spark"))
    default("DAGSTER_HOME", str(root / ".dagster_home"))
    if WINDOWS:
        # The services write to log files, which Python on Windows would otherwise write in the
        # ANSI code page (and fail on the first character outside it).
        default("PYTHONIOENCODING", "utf-8")


def dashboard_port(env: MutableMapping[str, str]) -> str:
    """DASHBOARD_PORT (8501), set in ``env`` for the dashboard to read."""
    if not env.get("DASHBOARD_PORT"):
        env["DASHBOARD_PORT"] = "8501"
    return env["DASHBOARD_PORT"]


def log_dir(env: MutableMapping[str, str]) -> Path:
    """Where the services' logs go: IETA_LOG_DIR, else DAGSTER_HOME/logs."""
    return Path(env.get("IETA_LOG_DIR") or Path(env["DAGSTER_HOME"]) / "logs")


def dagster_env(env: MutableMapping[str, str]) -> dict[str, str]:
    """``env`` with dagster-demo's venv activated: dg finds its project venv, and dagster-dbt
    finds ``dbt`` on PATH."""
    venv = ROOT / "dagster-demo" / ".venv"
    return {
        **env,
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{venv / VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    }
