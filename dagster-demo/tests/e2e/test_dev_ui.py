"""./dev.sh as a user runs it: start everything, press "Materialize all", stop with Ctrl+C.

The run is launched through the webserver's GraphQL API with the same mutation the UI's
"Materialize all" button sends, so this covers the path a first-time user clicks through. A
headless-Chromium screenshot of the asset graph is saved to test-artifacts/ on the way.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from conftest import PROJECT, REPO

ARTIFACTS = REPO / "test-artifacts"

ASSET_NODES = """
query AssetNodes {
  assetNodes { assetKey { path } }
  repositoriesOrError {
    ... on RepositoryConnection { nodes { name location { name } } }
  }
}
"""

LAUNCH = """
mutation Launch($executionParams: ExecutionParams!) {
  launchPipelineExecution(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on InvalidSubsetError { message }
  }
}
"""

RUN_STATUS = """
query RunStatus($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { status } }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DevServer:
    """./dev.sh in the background, on free ports, with its own DAGSTER_HOME and warehouse."""

    def __init__(self, root: Path) -> None:
        self.ports = {name: free_port() for name in ("SIS", "LMS", "STATE", "DAGSTER", "DASHBOARD")}
        self.database = root / "warehouse.duckdb"
        self.published = root / "published"
        self.log = root / "dev.log"
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV",)},
            "SIS_API_PORT": str(self.ports["SIS"]),
            "LMS_API_PORT": str(self.ports["LMS"]),
            "STATE_API_PORT": str(self.ports["STATE"]),
            "DAGSTER_PORT": str(self.ports["DAGSTER"]),
            "DASHBOARD_PORT": str(self.ports["DASHBOARD"]),
            "DAGSTER_HOME": str(root / "dagster_home"),
            "DBT_DUCKDB_PATH": str(self.database),
            "IETA_PUBLISH_DIR": str(self.published),
        }
        for name in ("SIS_API_URL", "LMS_API_URL", "STATE_API_URL"):
            env.pop(name, None)
        # Mark Dagster's first-visit welcome dialog as seen, so it does not cover the screenshot.
        nux = root / "dagster_home" / ".nux" / "nux.yaml"
        nux.parent.mkdir(parents=True)
        nux.write_text("seen: 1\n")
        self.url = f"http://127.0.0.1:{self.ports['DAGSTER']}"
        self.process = subprocess.Popen(
            [str(REPO / "dev.sh")],
            cwd=REPO,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so the test can signal dev.sh like a terminal would
        )

    def wait_ready(self, timeout: float = 420) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"dev.sh exited early:\n{self.log.read_text()[-3000:]}")
            if "Press Ctrl+C" in self.log.read_text():
                return
            time.sleep(1)
        pytest.fail(f"dev.sh not ready after {timeout}s:\n{self.log.read_text()[-3000:]}")

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        response = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
        )
        response.raise_for_status()
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def ctrl_c(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    server = DevServer(tmp_path_factory.mktemp("dev"))
    try:
        server.wait_ready()
        yield server
    finally:
        if server.process.poll() is None:
            server.ctrl_c()


def test_materialize_all_from_the_ui(dev: DevServer) -> None:
    started = time.time()
    data = dev.graphql(ASSET_NODES)
    keys = [node["assetKey"] for node in data["assetNodes"]]
    repository = data["repositoriesOrError"]["nodes"][0]
    launched = dev.graphql(
        LAUNCH,
        {
            "executionParams": {
                "selector": {
                    "repositoryLocationName": repository["location"]["name"],
                    "repositoryName": repository["name"],
                    "pipelineName": "__ASSET_JOB",
                    "assetSelection": keys,
                },
                "mode": "default",
                "executionMetadata": {"tags": [{"key": "test", "value": "materialize_all"}]},
            }
        },
    )["launchPipelineExecution"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    deadline = time.monotonic() + 600
    status = "QUEUED"
    while time.monotonic() < deadline and status not in ("SUCCESS", "FAILURE", "CANCELED"):
        time.sleep(2)
        status = dev.graphql(RUN_STATUS, {"runId": run_id})["runOrError"]["status"]
    assert status == "SUCCESS", f"run {run_id} ended {status}; see {dev.log}"

    # dbt wrote the same file the extract assets wrote (not a copy inside the dbt snapshot).
    with duckdb.connect(str(dev.database), read_only=True) as con:
        assert con.execute("select count(*) from raw.students").fetchone()[0] == 500
        dashboard = con.execute("select count(*) from marts.mart_student_dashboard").fetchone()
        assert dashboard[0] > 1000
    # ... and nothing wrote a database inside the component's copy of the dbt project.
    written = [p for p in (PROJECT / "src").rglob("*.duckdb") if p.stat().st_mtime > started]
    assert not written, written


def test_screenshot_of_the_asset_graph(dev: DevServer) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no Chromium on this machine (./test.sh installs it where it can)")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "asset-graph.png"
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={ARTIFACTS / '.chromium'}",
            "--window-size=1800,1100", "--virtual-time-budget=20000",
            f"--screenshot={target}", f"{dev.url}/asset-groups",
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    shutil.rmtree(ARTIFACTS / ".chromium", ignore_errors=True)
    assert target.stat().st_size > 20_000


def test_dashboard_runs_beside_the_ui(dev: DevServer) -> None:
    """dev.sh prints the dashboard's address, the dashboard answers, and "Materialize all"
    published a set for it."""
    address = f"http://localhost:{dev.ports['DASHBOARD']}"
    assert address in dev.log.read_text()
    health = httpx.get(f"http://127.0.0.1:{dev.ports['DASHBOARD']}/_stcore/health", timeout=10)
    assert health.text == "ok"
    assert (dev.published / "current.txt").exists()


def test_ctrl_c_stops_everything(dev: DevServer) -> None:
    assert all(port_open(port) for port in dev.ports.values())
    dev.ctrl_c()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(port_open(p) for p in dev.ports.values()):
        time.sleep(0.5)
    still_open = {name: port for name, port in dev.ports.items() if port_open(port)}
    assert not still_open, f"still listening after Ctrl+C: {still_open}"
    leftover = subprocess.run(
        ["pgrep", "-f", f"--port {dev.ports['DAGSTER']}"], capture_output=True, text=True
    )
    assert leftover.stdout.strip() == "", f"processes left behind: {leftover.stdout}"
