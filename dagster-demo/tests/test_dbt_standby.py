"""The standby dbt process (dagster_demo.dbt_standby) that ``./run.sh`` starts ahead of the dbt
step, and ``ieta-dbt``, the command dagster-dbt runs in place of ``dbt``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import VENV_BIN, Pipeline

from dagster_demo.dbt_standby import SOCKET_ENV, SWITCH_ENV, standby

LAUNCHER = str(VENV_BIN / "ieta-dbt")


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    """``ieta-dbt ARGS``, with this process's environment (where standby() puts the socket)."""
    return subprocess.run(
        [LAUNCHER, *args], capture_output=True, text=True, timeout=120, env=os.environ.copy()
    )


def test_without_a_standby_the_launcher_is_dbt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOCKET_ENV, raising=False)
    result = launch("--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: dbt" in result.stdout


def test_standby_runs_one_command_with_the_launchers_streams(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with standby() as process:
        assert process is not None
        socket_path = Path(os.environ[SOCKET_ENV])
        first = launch("--help")
        second = launch("no-such-command")
        assert process.wait(timeout=30) == 0  # it ran one command and left
    announced = capfd.readouterr().err
    # The first command ran in the standby, its output on the launcher's stdout.
    assert f"dbt standby (pid {process.pid}): dbt --help" in announced
    assert first.returncode == 0 and "Usage: dbt" in first.stdout
    assert not socket_path.exists()
    # The next one found no standby and ran dbt itself: dbt's exit code and message come back.
    assert "no-such-command" not in announced
    assert second.returncode == 2 and "No such command" in second.stderr


def test_exit_code_and_stderr_come_back_from_the_standby() -> None:
    with standby():
        result = launch("no-such-command")
    assert result.returncode == 2
    assert "No such command 'no-such-command'" in result.stderr


def test_launcher_runs_dbt_itself_when_the_standby_stops_first() -> None:
    with standby() as process:
        assert process is not None
        launcher = subprocess.Popen(
            [LAUNCHER, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=os.environ.copy(),
        )  # fmt: skip
        time.sleep(0.3)  # it connects and waits while the standby imports dbt
        process.terminate()
        stdout, stderr = launcher.communicate(timeout=120)
    assert launcher.returncode == 0, stderr
    assert "Usage: dbt" in stdout


def test_unused_standby_is_stopped_and_switch_turns_it_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with standby() as process:
        assert process is not None
    assert process.poll() is not None
    assert SOCKET_ENV not in os.environ
    monkeypatch.setenv(SWITCH_ENV, "0")
    with standby() as process:
        assert process is None
        assert SOCKET_ENV not in os.environ


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_standby_exits_when_its_parent_dies(tmp_path: Path) -> None:
    """A run killed before its clean-up leaves no standby behind."""
    # A parent that starts a standby the way standby() does, then exits without stopping it.
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent("""
            import os, socket, subprocess, sys
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sys.argv[1])
            listener.listen(1)
            fd = listener.fileno()
            command = [sys.executable, "-m", "dagster_demo.dbt_standby", str(fd), str(os.getpid())]
            errors = open(sys.argv[2], "w")
            print(subprocess.Popen(command, pass_fds=[fd], stderr=errors).pid)
        """)
    )
    parent = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "dbt.sock"), str(tmp_path / "standby.err")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    pid = int(parent.stdout)
    deadline = time.monotonic() + 60
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(pid), "the standby outlived its parent"
    assert (tmp_path / "standby.err").read_text() == ""  # it gave up; it did not crash


def running(pid: int) -> bool:
    """Whether ``pid`` is alive (an exited process nobody has reaped yet does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_pipeline_runs_dbt_in_the_standby(default_run: Pipeline) -> None:
    assert "dbt standby (pid" in default_run.output
    assert "dbt build" in default_run.output
