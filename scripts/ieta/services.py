"""Starting, watching and stopping the services a task runs (the APIs, dg launch, dg dev, the
dashboard), and the checks on their ports.

Each service runs in a process group of its own (a new session on Linux and macOS, a new process
group on Windows), so that it and its children stop together, and so that Ctrl+C in the terminal
reaches the task alone, which then stops every service it started. A watchdog started with each
service stops it when the task ends without doing so (SIGKILL, the OOM killer); on Linux and
macOS the watchdog is a fork of the task (no new Python start), on Windows a small process.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

from ieta.settings import APIS, ROOT, WINDOWS, TaskError, log, script, venv_program

WATCH_INTERVAL = 0.5  # seconds between the watchdog's looks: nothing a timed run notices
STOP_GRACE = 10  # seconds a service has to exit after it was asked to, before it is killed


# --- HTTP and ports ----------------------------------------------------------------------------


def http_get(url: str, token: str | None = None, timeout: float = 2) -> tuple[int, str]:
    """GET ``url`` (``token``: a bearer token to send): its HTTP status and body; status 0
    and the error when nothing answered within ``timeout``."""
    import urllib.error  # here: the import takes longer than a task's start without it
    import urllib.request

    # Loopback checks never go through a proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except (OSError, ValueError) as error:
        return 0, str(error)


def http_ok(url: str, token: str | None = None, timeout: float = 2) -> bool:
    """Whether ``url`` answers 2xx within ``timeout``."""
    return 200 <= http_get(url, token, timeout)[0] < 300


def port_in_use(port: int | str) -> bool:
    """Whether a program listens on ``port`` of the loopback address."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", int(port))) == 0


def require_free_port(setting: str, port: int | str, service: str) -> None:
    """Stop the task before it starts ``service`` on a port another program holds (that
    program would answer in its place, or the service would fail to start)."""
    if port_in_use(port):
        raise TaskError(
            f"port {port} ({setting}), where {service} should listen, is already in use by "
            f"another program (a {script('dev')} started earlier?). Stop that program, or set "
            f"{setting} to a free port."
        )


# --- processes ---------------------------------------------------------------------------------


def process_running(pid: int) -> bool:
    """Whether process ``pid`` runs (on Linux and macOS a zombie counts as running: use it for
    processes that are not this one's children only through :func:`group_running`)."""
    if WINDOWS:
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def group_running(group: int) -> bool:
    """Whether any process of process group ``group`` (a service's) still exists. On Windows,
    whether the service's first process does."""
    if WINDOWS:
        return _windows_process_running(group)
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def terminate_group(group: int, force: bool = False) -> None:
    """Ask process group ``group`` to stop (SIGTERM; ``force``: SIGKILL). Windows has no SIGTERM
    for console programs: taskkill /T /F ends the process and its children at once."""
    if WINDOWS:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(group)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return
    sig = signal.SIGKILL if force else signal.SIGTERM
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(group, sig)


def wait_group_gone(group: int, process: subprocess.Popen | None = None) -> None:
    """Up to STOP_GRACE seconds for process group ``group`` to exit after it was asked to (a
    tenth of a second is usual, so look often), then kill whatever is left. ``process``: the
    group's first process when it is a child of this one, collected on the way (until then it
    stays in the process table)."""
    deadline = time.monotonic() + STOP_GRACE
    while True:
        if process is not None:
            process.poll()
        if not group_running(group):
            return
        if time.monotonic() >= deadline:
            terminate_group(group, force=True)
            if process is not None:
                process.wait()
            return
        time.sleep(0.05)


def _windows_process_running(pid: int) -> bool:
    import ctypes  # Windows only

    synchronize, wait_timeout = 0x00100000, 0x102
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return False
    try:
        return kernel32.WaitForSingleObject(handle, 0) == wait_timeout
    finally:
        kernel32.CloseHandle(handle)


# --- the watchdog ------------------------------------------------------------------------------


def watch(parent: int, group: int, name: str, parent_running: Callable[[], bool]) -> None:
    """Once the task ``parent`` that started service ``name`` has ended, stop the service's
    process group ``group``; return as soon as the group is gone."""
    while group_running(group):
        if not parent_running():
            stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            print(
                f"[watchdog] {stamp} the script that started {name} (PID {parent}) ended "
                f"without stopping it; stopping it (process group {group})",
                flush=True,
            )
            terminate_group(group)
            wait_group_gone(group)
            return
        time.sleep(WATCH_INTERVAL)


def start_watchdog(group: int, name: str, log_dir: Path) -> None:
    """Watch service ``name`` (process group ``group``) on behalf of this task. The watchdog has
    a session of its own, so a signal to the task's process group (Ctrl+C, a closed terminal)
    does not end it first. Its messages go to ``log_dir``/watchdog.log."""
    parent = os.getpid()
    log_path = log_dir / "watchdog.log"
    if WINDOWS:
        with log_path.open("ab") as out:
            subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "ieta"), "watchdog",
                 str(parent), str(group), name],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                creationflags=subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP,
            )  # fmt: skip
        return
    out = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    sys.stdout.flush()  # else what is buffered would be written by both processes
    sys.stderr.flush()
    if os.fork():
        os.close(out)
        return
    # The watchdog: nothing of the task may run here (no finally block, no exit handler).
    try:
        os.setsid()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.closerange(3, 65536)  # hold no pipe a caller of the task waits on
        # A fork outlives its parent under a new one (init or a subreaper).
        watch(parent, group, name, lambda: os.getppid() == parent)
    finally:
        os._exit(0)


def watch_from_windows(parent: int, group: int, name: str) -> int:
    """The hidden ``watchdog`` task: the Windows watchdog's process."""
    watch(parent, group, name, lambda: _windows_process_running(parent))
    return 0


# --- services ----------------------------------------------------------------------------------


class Services:
    """The services one task started; leaving the ``with`` block stops them all."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop_all()

    def start(
        self,
        name: str,
        command: list[str],
        cwd: Path,
        env: Mapping[str, str],
        append: bool = False,
    ) -> subprocess.Popen:
        """Start ``command`` in ``cwd`` in a process group of its own, its output in
        ``log_dir``/NAME.log (``append``: after what is there), and its watchdog."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        group = (
            {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
            if WINDOWS
            else {"start_new_session": True}
        )
        with (self.log_dir / f"{name}.log").open("ab" if append else "wb") as out:
            process = subprocess.Popen(
                [str(part) for part in command],
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                **group,
            )
        self.started.append(process)
        start_watchdog(process.pid, name, self.log_dir)
        return process

    def wait_http(
        self,
        name: str,
        url: str,
        timeout: float,
        process: subprocess.Popen | None = None,
        token: str | None = None,
    ) -> None:
        """Wait until ``url`` answers; fail early if ``process`` (the service) exited."""
        deadline = time.monotonic() + timeout
        while not http_ok(url, token):
            if process is not None and process.poll() is not None:
                raise TaskError(f"{name} exited during start-up; see its log in {self.log_dir}")
            if time.monotonic() >= deadline:
                raise TaskError(
                    f"{name} did not answer at {url} within {timeout:g}s; see its log in "
                    f"{self.log_dir}"
                )
            time.sleep(0.1)

    def stop_all(self) -> None:
        """Stop every service this task started, then make sure they are gone."""
        for process in self.started:
            if process.poll() is None or not WINDOWS:
                terminate_group(process.pid)
        for process in self.started:
            if WINDOWS:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(STOP_GRACE)
            else:
                wait_group_gone(process.pid, process)
        self.started = []


# --- the source APIs ---------------------------------------------------------------------------


def _data_fingerprint() -> ModuleType:
    """api/data_fingerprint.py (standard library only), loaded into this process."""
    path = ROOT / "api" / "data_fingerprint.py"
    spec = importlib.util.spec_from_file_location("data_fingerprint", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def launch_apis(services: Services, env: Mapping[str, str]) -> list[tuple[str, str, object]]:
    """Start the three APIs side by side (each takes a second or two to start), reusing any
    that already answers on its port when it serves the same files as IETA_DATA_DIR (any other
    program on the port stops the task with what to do). Returns the launched ones for
    :func:`wait_apis`."""
    if env.get("IETA_SOURCE", "apis").lower() == "files":
        drop = env.get("IETA_DROP_DIR") or "(IETA_DROP_DIR is not set)"
        log(f"IETA_SOURCE=files: reading {drop}; the source APIs are not started")
        return []
    launched = []
    for module, system, port_setting, _ in APIS:
        port = env[port_setting]
        name = f"{module}-api"
        if port_in_use(port):
            reusable, message = _data_fingerprint().check_reuse(
                f"http://127.0.0.1:{port}",
                system,
                Path(env["IETA_DATA_DIR"]),
                env.get("API_TOKEN") or None,
            )
            if not reusable:
                raise TaskError(message)
            log(f"{name} already answers on port {port} and {message}; reusing it")
            continue
        process = services.start(
            name,
            [venv_program("api", "uvicorn"), f"{module}:app", "--host", env["API_HOST"],
             "--port", port, "--log-level", "warning"],
            cwd=ROOT / "api",
            env=env,
        )  # fmt: skip
        launched.append((name, port, process))
    return launched


def wait_apis(services: Services, launched: list, env: Mapping[str, str]) -> None:
    for name, port, process in launched:
        services.wait_http(
            name, f"http://127.0.0.1:{port}/", 60, process, env.get("API_TOKEN") or None
        )
        log(f"{name} listening on http://{env['API_HOST']}:{port} (docs: /docs)")
