"""The task runner (scripts/ieta) that ./install.sh, ./run.sh and the other task scripts call:
its command line, its settings, and the services it starts: stopped when it stops, stopped by
the watchdog when it is killed outright, and refused a port another program holds. Unit tests:
fake services (sleeping Python processes), no API, no pipeline run."""

from __future__ import annotations

import argparse
import contextlib
import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from ieta import cli, install, services, settings, tasks  # noqa: E402

RUNNER = [sys.executable, str(REPO / "scripts" / "ieta")]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
posix_only = pytest.mark.skipif(os.name == "nt", reason="process groups of Linux and macOS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# --- the command line --------------------------------------------------------------------------


@pytest.mark.parametrize("task", list(cli.TASKS))
def test_every_task_has_help(task: str) -> None:
    result = subprocess.run([*RUNNER, task, "--help"], capture_output=True, text=True, check=True)
    assert f"usage: ieta {task}" in result.stdout
    assert settings.script(task) in result.stdout  # how a user starts it


def test_task_scripts_call_the_runner_with_their_task() -> None:
    """Each .sh and .ps1 only hands its task and arguments to the runner."""
    for task in cli.TASKS:
        shell = (REPO / f"{task}.sh").read_text()
        assert f'/scripts/ieta" {task} "$@"' in shell, task
        assert os.access(REPO / f"{task}.sh", os.X_OK), task
        powershell = (REPO / f"{task}.ps1").read_text()
        assert f"ieta.ps1') {task} @args" in powershell, task
        assert len(powershell.splitlines()) <= 6 and len(shell.splitlines()) <= 6, task


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["test"], {"quick": False, "pytest_args": []}),
        (["test", "--quick"], {"quick": True, "pytest_args": []}),
        (["test", "--quick", "-x", "-k", "drop"],
         {"quick": True, "pytest_args": ["-x", "-k", "drop"]}),
        (["test", "tests/test_report.py", "-x"], {"pytest_args": ["tests/test_report.py", "-x"]}),
        (["install"], {"spark": False}),
        (["install", "--spark"], {"spark": True}),
        (["cleanup", "-y"], {"yes": True}),
        (["cleanup"], {"yes": False}),
        (["browse"], {"cli": False, "sql": None}),
        (["browse", "--cli"], {"cli": True, "sql": None}),
        (["browse", "-c", "from marts.x"], {"sql": ["from marts.x"]}),
    ],
)  # fmt: skip
def test_arguments(argv: list[str], expected: dict) -> None:
    args = vars(cli.parse(argv))
    assert args["task"] == argv[0]
    assert {key: args[key] for key in expected} == expected


@pytest.mark.parametrize(
    "argv", [["run", "--spark"], ["browse", "--cli", "-c", "select 1"], ["nosuchtask"], []]
)
def test_wrong_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.parse(argv)
    assert exit_info.value.code == 2
    assert "usage: ieta" in capsys.readouterr().err


# --- settings ----------------------------------------------------------------------------------


def test_settings_defaults() -> None:
    env: dict[str, str] = {"LMS_API_PORT": "9002", "STATE_API_URL": "http://state.example:80"}
    settings.apply_defaults(env, root=Path("/repo"))
    assert env["API_HOST"] == "127.0.0.1"
    assert (env["SIS_API_PORT"], env["LMS_API_PORT"], env["STATE_API_PORT"]) == (
        "8001",
        "9002",
        "8003",
    )
    assert env["DAGSTER_PORT"] == "8888"
    assert env["SIS_API_URL"] == "http://127.0.0.1:8001"
    assert env["LMS_API_URL"] == "http://127.0.0.1:9002"  # follows its port
    assert env["STATE_API_URL"] == "http://state.example:80"  # kept
    assert Path(env["IETA_DATA_DIR"]) == Path("/repo/api/data")
    assert Path(env["DBT_DUCKDB_PATH"]) == Path("/repo/dbt-demo/dev.duckdb")
    assert Path(env["IETA_SPARK_DIR"]) == Path("/repo/.spark")
    assert Path(env["DAGSTER_HOME"]) == Path("/repo/.dagster_home")
    assert settings.log_dir(env) == Path("/repo/.dagster_home/logs")
    assert settings.log_dir({**env, "IETA_LOG_DIR": "/logs"}) == Path("/logs")
    assert settings.dashboard_port(env) == "8501" and env["DASHBOARD_PORT"] == "8501"
    # A setting that is set but empty takes its default, as ${NAME:-default} did.
    empty = {"SIS_API_PORT": "", "DASHBOARD_PORT": ""}
    settings.apply_defaults(empty)
    assert empty["SIS_API_PORT"] == "8001" and settings.dashboard_port(empty) == "8501"


def test_dagster_env_activates_the_venv() -> None:
    env = settings.dagster_env({"PATH": "/usr/bin"})
    venv = REPO / "dagster-demo" / ".venv"
    assert env["VIRTUAL_ENV"] == str(venv)
    assert env["PATH"].split(os.pathsep) == [str(venv / settings.VENV_BIN), "/usr/bin"]


def test_dbt_state_stamp(tmp_path: Path) -> None:
    """The dbt state is prepared again when a file dbt reads, the source or the engine changes;
    not when dbt writes into its folder."""
    project = tmp_path / "dbt"
    (project / "models").mkdir(parents=True)
    (project / "models" / "a.sql").write_text("select 1")
    stamp = install.dbt_files_stamp(project, "apis", "duckdb")
    for written in (
        "target/manifest.json",
        "logs/dbt.log",
        "dev.duckdb",
        "dev.duckdb.wal",
        ".user.yml",
    ):
        (project / written).parent.mkdir(exist_ok=True)
        (project / written).write_text("x")
    assert install.dbt_files_stamp(project, "apis", "duckdb") == stamp
    assert install.dbt_files_stamp(project, "files", "duckdb") != stamp
    assert install.dbt_files_stamp(project, "apis", "spark") != stamp
    (project / "models" / "a.sql").write_text("select 2")
    assert install.dbt_files_stamp(project, "apis", "duckdb") != stamp


def test_install_is_quiet_when_nothing_changed() -> None:
    """Every task runs install first: when nothing changed it says nothing and takes a moment
    (conftest's session fixture has just installed)."""
    started = time.monotonic()
    result = subprocess.run([*RUNNER, "install"], capture_output=True, text=True, check=True)
    assert (result.stdout, result.stderr) == ("", "")
    print(f"install with nothing to do: {time.monotonic() - started:.2f}s")


def test_quick_tests_skip_a_project_without_unit_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    (tmp_path / "api" / "tests").mkdir(parents=True)
    assert tasks.pytest("api", ["tests/unit"], os.environ, quick=True)
    assert "api has no tests/unit yet: skipped" in capsys.readouterr().out


# --- services ----------------------------------------------------------------------------------


@posix_only
def test_a_service_and_its_children_stop_together(tmp_path: Path) -> None:
    """A service that started a child of its own: both stop when the task stops it."""
    parent_of_sleeper = [sys.executable, "-c",
        f"import subprocess; subprocess.run({SLEEPER!r})"]  # fmt: skip
    with services.Services(tmp_path) as started:
        process = started.start("fake", parent_of_sleeper, cwd=tmp_path, env=os.environ)
        assert os.getpgid(process.pid) == process.pid  # a process group of its own
        assert wait_until(lambda: len(group_members(process.pid)) == 2, 30)
    assert process.returncode is not None
    assert not services.group_running(process.pid)
    assert (tmp_path / "fake.log").exists()


def group_members(group: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(stat.parent.name))
    return members


def test_a_service_that_exits_during_start_up(tmp_path: Path) -> None:
    with services.Services(tmp_path) as started:
        process = started.start(
            "broken", [sys.executable, "-c", "raise SystemExit(3)"], cwd=tmp_path, env=os.environ
        )
        with pytest.raises(settings.TaskError, match="broken exited during start-up; see its log"):
            started.wait_http("broken", f"http://127.0.0.1:{free_port()}/", 30, process)


TASK_THAT_STARTS_A_SERVICE = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from ieta.services import Services
started = Services(Path(sys.argv[2]))
process = started.start("fake", sys.argv[3:], cwd=Path(sys.argv[2]), env=os.environ)
print(process.pid, flush=True)
time.sleep(120)
"""


@posix_only
def test_watchdog_stops_the_services_of_a_killed_task(tmp_path: Path) -> None:
    """SIGKILL of the task alone (no clean-up of its own runs): its watchdog stops the service
    within seconds and says so in watchdog.log."""
    task = subprocess.Popen(
        [sys.executable, "-c", TASK_THAT_STARTS_A_SERVICE, str(REPO / "scripts"), str(tmp_path),
         *SLEEPER],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    service = int(task.stdout.readline())
    try:
        assert services.group_running(service)
        time.sleep(0.3)  # the task is alive: the watchdog leaves the service alone
        assert services.group_running(service)
        task.kill()
        task.wait()
        killed = time.monotonic()
        assert wait_until(lambda: not group_members(service), 10), "the service outlived its task"
        print(f"service stopped {time.monotonic() - killed:.1f}s after its task's SIGKILL")
        log = (tmp_path / "watchdog.log").read_text()
        assert f"the script that started fake (PID {task.pid}) ended without stopping it" in log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(service, signal.SIGKILL)


@posix_only
def test_watchdog_ends_with_its_service(tmp_path: Path) -> None:
    """A task that stops its services leaves no watchdog behind, and no message."""
    with services.Services(tmp_path) as started:
        started.start("fake", SLEEPER, cwd=tmp_path, env=os.environ)
    assert wait_until(lambda: not watchdogs_of(os.getpid()), 5)
    assert "ended without stopping it" not in (tmp_path / "watchdog.log").read_text()


def watchdogs_of(parent: int) -> list[int]:
    """Children of ``parent`` in a session of their own: its watchdogs (forks of it)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            if int(fields[1]) == parent and int(fields[3]) == pid and fields[0] != "Z":
                found.append(pid)
    return found


# --- ports -------------------------------------------------------------------------------------


@contextlib.contextmanager
def listening() -> Iterator[int]:
    """A program that holds a port and answers nothing."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_port_in_use_stops_the_task() -> None:
    with listening() as port:
        assert services.port_in_use(port)
        with pytest.raises(settings.TaskError) as error:
            services.require_free_port("DAGSTER_PORT", port, "Dagster (dg dev)")
    message = str(error.value)
    assert f"port {port} (DAGSTER_PORT)" in message and "already in use" in message
    assert "set DAGSTER_PORT to a free port" in message
    assert not services.port_in_use(port)
    services.require_free_port("DAGSTER_PORT", port, "Dagster (dg dev)")  # free again: no error


class NotAnApi(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>some other program</html>")

    def log_message(self, *args: object) -> None:
        pass


def test_an_api_port_held_by_another_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program on SIS_API_PORT: the task stops before starting any API, saying which
    port and what to do."""
    server = http.server.HTTPServer(("127.0.0.1", 0), NotAnApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "SIS_API_PORT": str(server.server_port), "LMS_API_PORT": str(free_port()),
           "STATE_API_PORT": str(free_port()), "DAGSTER_HOME": str(tmp_path)}  # fmt: skip
    for name in ("SIS_API_URL", "LMS_API_URL", "STATE_API_URL", "IETA_SOURCE"):
        env.pop(name, None)
    settings.apply_defaults(env)
    try:
        with services.Services(tmp_path) as started:
            with pytest.raises(settings.TaskError) as error:
                services.launch_apis(started, env)
            assert started.started == []
    finally:
        server.shutdown()
        server.server_close()
    message = str(error.value)
    assert f"Port {server.server_port} answers, but not as an IETA SIS API" in message
    assert "SIS_API_PORT" in message


def test_files_source_starts_no_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"IETA_SOURCE": "Files", "IETA_DROP_DIR": "/drop"}
    assert services.launch_apis(services.Services(tmp_path), env) == []
    assert (
        "IETA_SOURCE=files: reading /drop; the source APIs are not started"
        in capsys.readouterr().out
    )


# --- cleanup and browse ------------------------------------------------------------------------


def test_cleanup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for generated in ("api/.venv/bin/python", "dbt-demo/dev.duckdb", ".dagster_home/logs/run.log",
                      "dbt-demo/models/__pycache__/x.pyc", ".ruff_cache/x"):  # fmt: skip
        (tmp_path / generated).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / generated).write_text("x")
    (tmp_path / "dbt-demo" / "models" / "a.sql").write_text("select 1")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)

    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert tasks.cleanup(argparse.Namespace(yes=False), {}) == 0
    assert "Nothing removed." in capsys.readouterr().out
    assert (tmp_path / "dbt-demo" / "dev.duckdb").exists()

    assert tasks.cleanup(argparse.Namespace(yes=True), {}) == 0
    output = capsys.readouterr().out
    assert "  api/.venv\n" in output and "  dbt-demo/dev.duckdb\n" in output
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["dbt-demo/models/a.sql"]
    assert tasks.cleanup(argparse.Namespace(yes=True), {}) == 0
    assert capsys.readouterr().out == "Nothing to clean.\n"


def test_browse_one_query_on_a_snapshot(tmp_path: Path) -> None:
    warehouse = tmp_path / "it's here" / "dev.duckdb"  # a quote in the path
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.answer as select 42 as value")
    env = {**os.environ, "DBT_DUCKDB_PATH": str(warehouse), "DAGSTER_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [*RUNNER, "browse", "-c", "select value + 1 from marts.answer"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "43" in result.stdout
    assert (tmp_path / "home" / "snapshot" / "dev.duckdb").exists()
    assert f"[browse] snapshot of {warehouse} taken at" in result.stdout


def test_browse_without_a_warehouse(tmp_path: Path) -> None:
    env = {**os.environ, "DBT_DUCKDB_PATH": str(tmp_path / "none.duckdb"),
           "DAGSTER_HOME": str(tmp_path)}  # fmt: skip
    result = subprocess.run([*RUNNER, "browse", "--cli"], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (
        f"[browse] ERROR: {tmp_path / 'none.duckdb'} does not exist yet: run ./run.sh "
        "(or Materialize all in ./dev.sh) first\n"
    )
