"""Run a source API as a real uvicorn process on a free loopback port.

Shared by these tests and by the pipeline tests in dagster-demo/tests (which import it by path:
the API's dependencies live in api/.venv, so the server always runs with that interpreter).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

API_DIR = Path(__file__).resolve().parent.parent
API_PYTHON = API_DIR / ".venv" / "bin" / "python"
DATA_DIR = API_DIR / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningApi:
    """One uvicorn process serving ``module:app``; stopped by ``stop()``.

    With ``wait=False`` the process is only started, so that several can start side by side;
    ``wait_ready()`` then waits for each.
    """

    def __init__(
        self,
        module: str,
        data_dir: Path,
        env: dict[str, str] | None = None,
        wait: bool = True,
    ) -> None:
        self.module = module
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(API_PYTHON), "-m", "uvicorn", f"{module}:app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning"],
            cwd=API_DIR,
            env={**os.environ, "IETA_DATA_DIR": str(data_dir), **(env or {})},
        )  # fmt: skip
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        """Wait until the API answers ``/`` (401 counts: it is up, and wants a token)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.module} API exited with code {self.process.returncode}")
            try:
                if httpx.get(self.url + "/", timeout=1).status_code in (200, 401):
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.module} API did not start on {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
