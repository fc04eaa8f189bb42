"""The services a task starts (scripts/ieta/services.py): ./run.sh reuses an API already on its port
only when it serves the data the run was given, and nothing it started outlives it, even when
it is killed outright (SIGKILL, as the OOM killer does)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from api_process import RunningApi, free_port  # api/tests, on sys.path through conftest
from conftest import DEFAULT_DATA, REPO, Apis

pytestmark = pytest.mark.skipif(os.name == "nt", reason="runs ./run.sh and reads /proc")

PORT_SETTINGS = ("SIS_API_PORT", "LMS_API_PORT", "STATE_API_PORT", "DAGSTER_PORT")
RUN_COMMAND = r"dagster_demo\.materialize|\bdg launch\b"  # how ./run.sh materializes


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def run_sh_env(root: Path, data_dir: Path, ports: dict[str, int]) -> dict[str, str]:
    """./run.sh's environment: free ports, its own DAGSTER_HOME and warehouse in ``root``."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.endswith("_URL")}
    env.update({name: str(port) for name, port in ports.items()})
    env.update(
        IETA_DATA_DIR=str(data_dir),
        DAGSTER_HOME=str(root / "dagster_home"),
        DBT_DUCKDB_PATH=str(root / "warehouse.duckdb"),
    )
    return env


def start_run_sh(root: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    log = root / "run.sh.log"
    process = subprocess.Popen(
        [str(REPO / "run.sh")],
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that a failed test can stop whatever is left
    )
    return process, log


def processes() -> dict[int, tuple[int, int, str]]:
    """Every running process: pid -> (parent pid, process group, command line). Zombies (ended,
    waiting for their new parent, init, to collect them) are left out."""
    found = {}
    for stat_path in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_path.read_text()
            cmdline = (stat_path.parent / "cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()  # state, parent, group, ...
        if fields[0] == "Z":
            continue
        command = cmdline.replace(b"\0", b" ").decode(errors="replace")
        found[int(stat_path.parent.name)] = (int(fields[1]), int(fields[2]), command)
    return found


def groups_alive(groups: set[int]) -> dict[int, str]:
    return {pid: cmd for pid, (_, group, cmd) in processes().items() if group in groups}


def other_data(folder: Path) -> Path:
    """A copy of the default data with a shorter roster: another district."""
    shutil.copytree(DEFAULT_DATA, folder)
    students = pq.read_table(DEFAULT_DATA / "students.parquet")
    pq.write_table(students.slice(0, 100), folder / "students.parquet")
    return folder


def test_run_refuses_an_api_serving_other_data(tmp_path: Path) -> None:
    """An API on the run's SIS port serves another folder: the run stops at once, saying which
    port, which folders and what to do; it starts nothing and leaves that API alone."""
    stranger = RunningApi("sis", other_data(tmp_path / "other_district"))
    ports = {name: free_port() for name in PORT_SETTINGS} | {"SIS_API_PORT": stranger.port}
    try:
        started = time.monotonic()
        result = subprocess.run(
            [str(REPO / "run.sh")],
            cwd=REPO,
            env=run_sh_env(tmp_path, DEFAULT_DATA, ports),
            capture_output=True,
            text=True,
            timeout=300,
        )
        seconds = time.monotonic() - started
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        for must in (
            f"port {stranger.port}",
            f"serves {(tmp_path / 'other_district').resolve()}",
            f"IETA_DATA_DIR={DEFAULT_DATA}",
            "SIS_API_PORT",
        ):
            assert must in result.stderr, output
        # Before the run: no Dagster run log, no warehouse, no API of its own left running.
        assert not (tmp_path / "dagster_home" / "logs" / "run.log").exists(), output
        assert not (tmp_path / "warehouse.duckdb").exists()
        assert not port_open(ports["LMS_API_PORT"]) and not port_open(ports["STATE_API_PORT"])
        assert stranger.process.poll() is None  # not the script's to stop
        print(f"./run.sh refused in {seconds:.1f}s")
    finally:
        stranger.stop()


def test_sigkilled_run_leaves_nothing_behind(tmp_path: Path) -> None:
    """./run.sh reuses an API serving its data, starts the other two and the run; SIGKILL of the
    script alone (no trap runs) still stops everything it started within seconds."""
    reused = RunningApi("sis", DEFAULT_DATA)
    ports = {name: free_port() for name in PORT_SETTINGS} | {"SIS_API_PORT": reused.port}
    process, log = start_run_sh(tmp_path, run_sh_env(tmp_path, DEFAULT_DATA, ports))
    groups: set[int] = set()
    try:
        # Wait until the run is under way and the two APIs it started answer.
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"./run.sh never got to its run:\n{log.read_text()[-3000:]}")
            # What the runner started: children of ./run.sh (which becomes the runner's Python
            # process) in process groups of their own.
            started = {
                pid: cmd
                for pid, (parent, group, cmd) in processes().items()
                if parent == process.pid and group == pid
            }
            running = any(re.search(RUN_COMMAND, cmd) for cmd in started.values())
            if running and port_open(ports["LMS_API_PORT"]) and port_open(ports["STATE_API_PORT"]):
                break
            time.sleep(0.2)
        output = log.read_text()
        assert f"sis-api already answers on port {reused.port} and serves {DEFAULT_DATA}" in output
        groups = set(started)
        # The watchdogs (forks of the runner: its command line) are left out: each ends once its
        # service's processes are gone, including from the process table, where a killed
        # script's children stay (as zombies) until init collects them; on some machines that
        # takes seconds.
        runner = processes()[process.pid][2]
        services = {pid for pid, cmd in started.items() if cmd != runner}
        assert len(services) == 3, started  # the LMS and State APIs, and the run

        process.send_signal(signal.SIGKILL)
        process.wait()
        killed = time.monotonic()
        while groups_alive(services) and time.monotonic() - killed < 15:
            time.sleep(0.1)
        seconds = time.monotonic() - killed
        print(f"the services ./run.sh started were gone {seconds:.1f}s after its SIGKILL")
        watchdog_log = tmp_path / "dagster_home" / "logs" / "watchdog.log"
        assert not groups_alive(services), (
            f"left behind: {groups_alive(services)}\nwatchdog.log:\n{watchdog_log.read_text()}"
        )
        assert watchdog_log.read_text().count("ended without stopping it") == 3
        assert not port_open(ports["LMS_API_PORT"]) and not port_open(ports["STATE_API_PORT"])
        assert reused.process.poll() is None  # the API it reused was not its to stop
    finally:
        for group in groups | {process.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        process.wait()
        reused.stop()


def test_test_apis_passes_against_running_apis() -> None:
    """./test_apis.sh's checks against the three APIs serving the committed data."""
    with Apis(DEFAULT_DATA) as apis:
        env = {**os.environ, **apis.env}
        result = subprocess.run(
            [str(REPO / "test_apis.sh")], env=env, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok   ") == 20
    assert result.stdout.endswith("all API checks passed\n")
