"""A dbt process started before the dbt step needs it, with dbt-core already imported.

A dbt command spends its first 2.5-3 s of one core importing dbt-core, before it reads the
project. In a run of every asset that time is on the critical path: the dbt step cannot begin
until the extract assets have written the warehouse, while on this 2-core machine the second
core is partly idle as Dagster loads its definitions and runs the extracts.

So ``python -m dagster_demo.materialize`` (what ``./run.sh`` runs) starts a *standby* first
(``standby()``): a process that imports dbt-core and the DuckDB adapter, then waits for one
command on a Unix socket. dagster-dbt runs ``ieta-dbt`` (``main``) instead of ``dbt``; it sends
its arguments, environment, working directory and standard streams to the standby, which runs
them exactly as the ``dbt`` executable would (same entry point, writing straight to
dagster-dbt's pipe), and exits with dbt's exit code. Interrupts are passed on to the standby.

Without a standby (runs launched from the UI, a second dbt command in the same run, Windows)
``ieta-dbt`` replaces itself with the installed ``dbt``: the standby only ever saves time.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from dagster_demo.environment import environment_variable

# IETA_DBT_STANDBY=0 turns the standby off (dbt then starts when the step does).
SWITCH_ENV = "IETA_DBT_STANDBY"
# Where ``ieta-dbt`` finds the standby's socket; set by ``standby()``.
SOCKET_ENV = "IETA_DBT_STANDBY_SOCKET"
LAUNCHER = "ieta-dbt"
_LENGTH = struct.Struct("!I")  # length prefix of the request
_STREAMS = (0, 1, 2)  # stdin, stdout, stderr


def launcher_executable() -> str | None:
    """The ``ieta-dbt`` executable when a standby is waiting for this process's dbt command."""
    if not os.environ.get(SOCKET_ENV):
        return None
    return shutil.which(LAUNCHER, path=str(Path(sys.executable).parent))


@contextmanager
def standby() -> Iterator[subprocess.Popen | None]:
    """Start a standby dbt process for the duration of the block and point ``ieta-dbt`` at it.

    Yields the standby process (None where there is none). A standby that was never used (a
    run without dbt models) is stopped at the end.
    """
    unsupported = not hasattr(socket, "AF_UNIX") or not hasattr(socket, "send_fds")  # Windows
    if unsupported or os.environ.get(SWITCH_ENV) == "0":
        yield None  # dbt starts the usual way
        return
    folder = tempfile.mkdtemp(prefix="ieta-dbt-")
    socket_path = os.path.join(folder, "dbt.sock")
    # Listening before the standby starts: a launcher that comes early waits in the backlog
    # (for the imports to finish) instead of finding no socket.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(socket_path)
        listener.listen(1)
        process = subprocess.Popen(
            [sys.executable, "-m", "dagster_demo.dbt_standby", str(listener.fileno()),
             str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=[listener.fileno()],
        )  # fmt: skip
    try:
        with environment_variable(SOCKET_ENV, socket_path):
            yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def serve(listener_fd: int, parent: int) -> int:
    """Import dbt, run the first dbt command that ``ieta-dbt`` sends on the listening socket
    ``listener_fd``, and exit with its code.

    Gives up (exit 0, nothing run) once process ``parent``, the run that started it, is gone.
    """
    listener = socket.socket(fileno=listener_fd)
    socket_path = listener.getsockname()
    try:
        # What `dbt build` imports before and during the run.
        import dbt.adapters.duckdb  # noqa: F401
        import dbt.task.build  # noqa: F401
        from dbt.cli.main import cli

        # The imported modules live until exit: keep the garbage collector off them.
        gc.freeze()
        connection = _accept_while_alive(listener, parent)
        if connection is None:
            return 0
    finally:
        listener.close()
        os.unlink(socket_path)  # the next launcher starts dbt itself
    with connection:
        header, fds, _, _ = socket.recv_fds(connection, _LENGTH.size, len(_STREAMS))
        if len(header) != _LENGTH.size or len(fds) != len(_STREAMS):
            raise RuntimeError(f"{LAUNCHER} sent an incomplete request")
        with connection.makefile("rb") as reader:
            request = json.loads(reader.read(_LENGTH.unpack(header)[0]))
        # To the run's log, before the streams become the launcher's.
        print(f"dbt standby (pid {os.getpid()}): dbt {' '.join(request['args'])}", file=sys.stderr)
        for stream, fd in zip(_STREAMS, fds, strict=True):
            os.dup2(fd, stream)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["dbt", *request["args"]]  # dbt logs its invocation from sys.argv
        connection.sendall(f"{os.getpid()}\n".encode())
        try:
            cli.main(args=request["args"], prog_name="dbt")  # what the `dbt` executable runs
            code = 0
        except SystemExit as exit_:
            code = _exit_status(exit_.code)
        sys.stdout.flush()
        sys.stderr.flush()
        connection.sendall(f"exit {code}\n".encode())
    return code


def _accept_while_alive(listener: socket.socket, parent: int) -> socket.socket | None:
    """The launcher's connection; None once ``parent`` has gone (killed before its clean-up
    could stop the standby), so that no standby outlives its run."""
    listener.settimeout(1.0)
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        connection.settimeout(None)
        return connection
    return None


def main() -> None:
    """``ieta-dbt ARGS...``: run ``dbt ARGS...`` in the standby, or exec ``dbt`` without one."""
    args = sys.argv[1:]
    connection = _connect(os.environ.get(SOCKET_ENV, ""))
    if connection is None:
        _exec_dbt(args)
    request = json.dumps({"args": args, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    with connection.makefile("r") as replies:
        try:
            socket.send_fds(connection, [_LENGTH.pack(len(request))], list(_STREAMS))
            connection.sendall(request)
            pid_line = replies.readline()  # sent once the standby has taken the command
        except OSError:  # it was stopped while we waited for it
            pid_line = ""
        if not pid_line:  # nothing has run: start dbt here instead
            connection.close()
            _exec_dbt(args)
        pid = int(pid_line)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda received, _frame: os.kill(pid, received))
        reply = replies.readline()  # blocks until dbt has finished
    if not reply.startswith("exit "):
        sys.exit(f"{LAUNCHER}: the standby dbt process (pid {pid}) ended without an exit code")
    sys.exit(int(reply.split()[1]))


def _exit_status(code: object) -> int:
    """The exit status of ``sys.exit(code)``, printing a message as the interpreter would."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _exec_dbt(args: list[str]) -> NoReturn:
    dbt = shutil.which("dbt", path=str(Path(sys.executable).parent)) or "dbt"
    os.execvp(dbt, [dbt, *args])


def _connect(socket_path: str) -> socket.socket | None:
    if not socket_path or not os.path.exists(socket_path):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
    except OSError:  # the standby exited (it failed to import dbt, or was stopped)
        connection.close()
        return None
    return connection


if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1]), int(sys.argv[2])))
