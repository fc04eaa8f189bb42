"""Benchmark the whole pipeline at a given size: wall time and peak memory per phase.

Run through ``./bench/run.sh --students N [--students M ...]`` (default: 500, 20000, 100000).
For each size, in a fresh work folder:

1. generate the data (``api/scripts/generate_data.py``);
2. run the real ``./run.sh`` twice, in an isolated environment: its own API ports (it starts
   the APIs itself), the generated data, a fresh warehouse and a fresh ``DAGSTER_HOME``. The
   first run against a new warehouse also parses the whole dbt project (dbt keys its parse
   state to the profile, which names the database file); the second, a nightly refresh, is
   the one measured. While they run, a sampler thread reads the peak resident memory
   (``VmHWM``) of every descendant process from /proc every 0.2 s;
3. read each step's duration (every extract asset and ``dbt_build``) from the run recorded in
   that ``DAGSTER_HOME``;
4. measure the floor of each extract: a fresh DuckDB CLI process that opens a copy of the run's
   warehouse and replaces ``raw.<table>`` with ``read_parquet`` of the same file the API serves,
   median of 3. That is the least any load of that table can cost here: the data read straight
   from parquet, plus the fixed costs every load pays (start DuckDB, open the warehouse,
   commit). The ratio is extract step seconds / floor seconds. The native CLI binary is timed,
   not the ``.venv/bin/duckdb`` Python wrapper that launches it, whose interpreter start-up
   (0.1-0.2 s) is no cost of DuckDB's;
5. at the smallest size (or those given with ``--ui-at``), start ``./dev.sh`` on the same
   warehouse and ``DAGSTER_HOME`` (a warm start: venvs installed, dbt project prepared) and time
   it until the UI lists every asset, then "Materialize all" (the UI's own GraphQL mutation)
   until the run has succeeded;
6. start the three APIs again (``./run.sh`` stopped its own) on the same data, and measure their
   warm-up (process start until each answers ``/`` and has served one first request per
   endpoint, which loads the table) and a warm 1000-row page per endpoint.

Results go to ``bench/results/bench-<N>.{md,json}`` and are printed, and the issue's targets
table (1,000,000, 100,000 and 500 students, the largest process, the dashboard's slowest warm
page) to ``bench/results/targets.md``, from the latest result of each size: ``./bench/run.sh
--students 1000000`` fills the 1,000,000 rows, ``--students 500 --students 100000`` the others.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
from dagster_demo.resources.warehouse import sql_string

REPO = Path(__file__).resolve().parents[1]
# The API test harness (a uvicorn process on a free port), shared with dagster-demo's tests,
# and the GraphQL queries the UI test sends (the ones the UI's "Materialize all" sends).
sys.path.insert(0, str(REPO / "api" / "tests"))
sys.path.insert(0, str(REPO / "dagster-demo" / "tests"))
from api_process import RunningApi  # noqa: E402
from test_dev_ui import ASSET_NODES, LAUNCH, RUN_STATUS  # noqa: E402

RESULTS = REPO / "bench" / "results"
API_PYTHON = REPO / "api" / ".venv" / "bin" / "python"
DAGSTER_VENV = REPO / "dagster-demo" / ".venv"
API_MODULES = ("sis", "lms", "state")
PORT_SETTINGS = {"sis": "SIS_API_PORT", "lms": "LMS_API_PORT", "state": "STATE_API_PORT"}
URL_SETTINGS = {"sis": "SIS_API_URL", "lms": "LMS_API_URL", "state": "STATE_API_URL"}
ENDPOINTS = {  # extract asset -> (api module, endpoint, raw table, parquet file)
    "raw_students": ("sis", "students", "students", "students.parquet"),
    "raw_attendance": ("sis", "attendance", "attendance", "attendance.parquet"),
    "raw_assignments": ("lms", "assignments", "assignments", "assignments.parquet"),
    "raw_gradebook": ("lms", "gradebook", "gradebook", "gradebook.parquet"),
    "raw_isat": ("state", "isat", "isat", "isat_data.parquet"),
}
DBT_STEP = "dbt_build"
FLOOR_RUNS = 3
SAMPLE_SECONDS = 0.2
FLOOR_NOTE = (
    "Floor: a fresh DuckDB CLI process replacing raw.<table> in a copy of the run's warehouse "
    "with read_parquet of the file the API serves (start DuckDB, open the warehouse, read, "
    f"commit), median of {FLOOR_RUNS}; x floor = extract step seconds / floor seconds."
)
# Processes that only glue the others together: short-lived and small, not worth a row.
GLUE_PROCESSES = frozenset(
    {"bash", "sh", "curl", "sleep", "setsid", "cat", "cut", "grep", "tail", "seq", "sha256sum",
     "uv", "git", "rm", "mkdir", "cp", "printf", "env"}
)  # fmt: skip
DBT_COMMANDS = frozenset({"build", "parse", "run", "test", "compile", "seed", "deps", "ls", "list"})


def duckdb_cli() -> Path:
    """The native DuckDB CLI that ``dagster-demo/.venv/bin/duckdb`` (a Python wrapper) execs."""
    for binary in sorted(DAGSTER_VENV.glob("lib/python*/site-packages/duckdb_cli/duckdb")):
        if os.access(binary, os.X_OK):
            return binary
    return DAGSTER_VENV / "bin" / "duckdb"


def run_measured(command: list[str], **kwargs: Any) -> tuple[float, float]:
    """Run a command; return (seconds, peak resident MiB of it and the children it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports: all sockets stay bound until every port is chosen, so the
    kernel cannot hand out the same port twice."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


# --------------------------------------------------------------------------------------------
# Peak memory of every process of a tree
# --------------------------------------------------------------------------------------------


def _parent_pids() -> dict[int, int]:
    """pid -> parent pid of every process on the machine."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended between listing and reading
            continue
        # The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return parents


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid in _parent_pids().items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None  # kernel threads and zombies have no VmHWM


def process_label(argv: list[str]) -> str | None:
    """A readable name for a process of the pipeline, or None for glue (shells, curl)."""
    if not argv:
        return None
    names = [Path(arg).name for arg in argv]
    for module in API_MODULES:
        if f"{module}:app" in argv:
            return f"{module} API"
    if "dbt" in names:
        rest = argv[names.index("dbt") + 1 :]
        return "dbt " + next((arg for arg in rest if arg in DBT_COMMANDS or arg == "--version"), "")
    if "dg" in names:
        return "dg " + " ".join(argv[names.index("dg") + 1 :][:2])
    if names[0] in GLUE_PROCESSES:
        return None
    if names[0].startswith("python"):
        # Helpers Python processes start (Dagster's log tailer, multiprocessing's resource
        # tracker) are told apart by their script, module or code, not by interpreter flags.
        for position, arg in enumerate(argv[1:-1], start=1):
            if arg == "-m":
                return f"python -m {argv[position + 1]}"
            if arg == "-c":  # name the module its code imports from, if any
                code = argv[position + 1].split()
                named = len(code) > 1 and code[0] in ("from", "import")
                return f"python -c {code[1].rstrip(';') if named else ' '.join(code)[:40]}"
        script = next((a for a in argv[1:] if not a.startswith("-")), "")
        return f"python {Path(script).name}".strip()
    return names[0]


class ProcessSampler(threading.Thread):
    """Polls /proc for every descendant of ``root`` and keeps the last VmHWM of each.

    VmHWM is the kernel's peak resident set size of a process and never decreases, so the last
    sample of a process is its peak up to that moment. Descendants are found by walking parent
    pids, so processes started with ``setsid`` (their own session, same parent) are included.
    """

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peaks: dict[int, tuple[str, float]] = {}  # pid -> (label, peak MiB)
        self._done = threading.Event()

    def sample(self) -> None:
        for pid in _descendants(self.root):
            try:
                raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            # The command line changes on exec (a subshell becomes setsid, then python): read
            # it every time.
            label = process_label([a for a in raw.decode(errors="replace").split("\0") if a])
            mib = _peak_rss_mib(pid)
            if label and mib is not None:
                self.peaks[pid] = (label, mib)

    def run(self) -> None:
        while True:
            self.sample()
            if self._done.wait(self.interval):
                return

    def finish(self) -> None:
        self._done.set()
        self.join()

    def by_label(self) -> dict[str, float]:
        """The largest peak of each label, in MiB."""
        result: dict[str, float] = {}
        for label, mib in self.peaks.values():
            result[label] = max(mib, result.get(label, 0.0))
        return dict(sorted(result.items(), key=lambda item: -item[1]))


# --------------------------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------------------------


@dataclass
class PipelineRun:
    seconds: float
    home: Path
    warehouse: Path
    process_peaks: dict[str, float]
    # Peak of the largest process that run.sh and its children waited for (wait4's
    # ru_maxrss): catches a spike that fell between two samples, without naming the process.
    waited_peak_mib: float
    steps: dict[str, float] = field(default_factory=dict)


def run_pipeline(work: Path, data_dir: Path, name: str) -> PipelineRun:
    """``./run.sh`` cold (it starts its own APIs), isolated from the user's services, settings
    and warehouse. Runs of one work folder share its warehouse and ``DAGSTER_HOME``."""
    home = work / "dagster_home"
    warehouse = work / "warehouse.duckdb"
    ports = dict(zip(API_MODULES, free_ports(len(API_MODULES)), strict=True))
    # Inherited URLs would point the run at other APIs; IETA_LOG_DIR at another log folder.
    dropped = {*URL_SETTINGS.values(), "IETA_LOG_DIR"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({PORT_SETTINGS[m]: str(port) for m, port in ports.items()})
    env.update(IETA_DATA_DIR=str(data_dir), DBT_DUCKDB_PATH=str(warehouse), DAGSTER_HOME=str(home))
    env.update(IETA_PUBLISH_DIR=str(work / "published"))  # not the repository's published/
    log_path = work / f"{name}.log"
    print(f"   ./run.sh (ports {ports}, log {log_path})", flush=True)
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(REPO / "run.sh")], cwd=REPO, env=env,
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        sampler = ProcessSampler(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            sampler.finish()
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_path.read_text(errors="replace").splitlines()[-40:]
        sys.stderr.write("\n".join(tail) + "\n")
        raise SystemExit(
            f"./run.sh failed with exit code {process.returncode}; full output: {log_path}, "
            f"logs: {home / 'logs'} (work folder kept)"
        )
    return PipelineRun(
        seconds=seconds,
        home=home,
        warehouse=warehouse,
        process_peaks=sampler.by_label(),
        waited_peak_mib=usage.ru_maxrss / 1024,
    )


def step_seconds(home: Path) -> dict[str, float]:
    """Duration of each step of the latest run recorded in ``home``."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records(limit=1)
        if not records:
            raise SystemExit(f"no run recorded in {home}")
        run = records[0].dagster_run
        return {
            s.step_key: (s.end_time or 0) - (s.start_time or 0)
            for s in instance.get_run_step_stats(run.run_id)
        }


def duckdb_floor(warehouse: Path, data_dir: Path, scratch_dir: Path) -> dict[str, float]:
    """Median seconds of a fresh DuckDB CLI replacing each raw table from its parquet file."""
    cli = duckdb_cli()
    floor = {}
    for asset, (_, _, table, file) in ENDPOINTS.items():
        scratch = scratch_dir / f"floor-{table}.duckdb"
        # A copy of the warehouse the run left: same file size and catalog as the real load.
        shutil.copyfile(warehouse, scratch)
        wal = warehouse.with_name(warehouse.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, scratch.with_name(scratch.name + ".wal"))
        sql = (
            f"create or replace table raw.{table} as "
            f"select * from read_parquet({sql_string(str(data_dir / file))})"
        )
        runs = []
        for _ in range(FLOOR_RUNS):
            started = time.perf_counter()
            subprocess.run(
                [str(cli), str(scratch), "-c", sql], check=True, stdout=subprocess.DEVNULL
            )
            runs.append(time.perf_counter() - started)
        floor[asset] = statistics.median(runs)
        scratch.unlink()
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
        print(f"   floor {asset}: {floor[asset]:.3f} s", flush=True)
    return floor


def start_apis(data_dir: Path) -> dict[str, RunningApi]:
    """Start the three APIs side by side on free ports serving ``data_dir``; wait for each."""
    apis = {module: RunningApi(module, data_dir, wait=False) for module in API_MODULES}
    try:
        for api in apis.values():
            api.wait_ready(timeout=60)
    except BaseException:
        stop_apis(apis)
        raise
    return apis


def stop_apis(apis: dict[str, RunningApi]) -> None:
    for api in apis.values():
        api.stop()


def auth_headers() -> dict[str, str]:
    """The bearer token the APIs require when ``API_TOKEN`` is set (as the clients send it)."""
    token = os.environ.get("API_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def measure_apis(data_dir: Path) -> tuple[float, dict[str, dict[str, float]]]:
    """(warm-up seconds, {endpoint: first request and warm 1000-row page in ms}).

    Warm-up runs from starting the processes until every API answers ``/`` and every endpoint
    has served its first request (which reads its parquet file into memory).
    """
    started = time.perf_counter()
    apis = start_apis(data_dir)
    pages: dict[str, dict[str, float]] = {}
    try:
        with httpx.Client(timeout=120, headers=auth_headers()) as client:
            totals = {}
            for module, endpoint, _, _ in ENDPOINTS.values():
                first = time.perf_counter()
                response = client.get(f"{apis[module].url}/{endpoint}", params={"limit": 1})
                response.raise_for_status()
                totals[endpoint] = response.json()["total"]
                pages[endpoint] = {"first_request_ms": (time.perf_counter() - first) * 1000}
            warm_up = time.perf_counter() - started
            for module, endpoint, _, _ in ENDPOINTS.values():
                url = f"{apis[module].url}/{endpoint}"
                offset = max(0, totals[endpoint] // 2 - 500)
                warm = []
                for _ in range(7):
                    first = time.perf_counter()
                    client.get(url, params={"limit": 1000, "offset": offset}).raise_for_status()
                    warm.append(time.perf_counter() - first)
                pages[endpoint]["warm_1000_rows_ms"] = statistics.median(warm) * 1000
    finally:
        stop_apis(apis)
    return warm_up, pages


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    )
    response.raise_for_status()
    body = response.json()
    if "errors" in body:
        raise SystemExit(f"GraphQL error from {url}: {body['errors']}")
    return body["data"]


def measure_ui(work: Path, data_dir: Path) -> dict[str, float]:
    """``./dev.sh`` on the work folder's warehouse and DAGSTER_HOME (the dbt project already
    prepared: a warm start), as a user does it: seconds until the UI lists every asset, then
    seconds of "Materialize all" (the UI's own mutation) until the run has succeeded."""
    ports = dict(zip([*API_MODULES, "dagster"], free_ports(4), strict=True))
    dropped = {*URL_SETTINGS.values(), "IETA_LOG_DIR", "VIRTUAL_ENV"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({PORT_SETTINGS[m]: str(ports[m]) for m in API_MODULES})
    env.update(
        DAGSTER_PORT=str(ports["dagster"]), IETA_DATA_DIR=str(data_dir),
        DBT_DUCKDB_PATH=str(work / "warehouse.duckdb"), DAGSTER_HOME=str(work / "dagster_home"),
        IETA_PUBLISH_DIR=str(work / "published"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{ports['dagster']}"
    log_path = work / "dev.sh.log"
    print(f"   ./dev.sh (log {log_path})", flush=True)
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(REPO / "dev.sh")], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        data: dict = {}
        while not data.get("assetNodes"):
            if process.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit(f"./dev.sh did not serve the asset graph; see {log_path}")
            time.sleep(0.5)
            with contextlib.suppress(httpx.HTTPError):
                data = graphql(url, ASSET_NODES)
        loaded = time.perf_counter() - started
        repository = data["repositoriesOrError"]["nodes"][0]
        clicked = time.perf_counter()
        launched = graphql(url, LAUNCH, {"executionParams": {
            "selector": {
                "repositoryLocationName": repository["location"]["name"],
                "repositoryName": repository["name"],
                "pipelineName": "__ASSET_JOB",
                "assetSelection": [node["assetKey"] for node in data["assetNodes"]],
            },
            "mode": "default",
        }})["launchPipelineExecution"]  # fmt: skip
        if launched["__typename"] != "LaunchRunSuccess":
            raise SystemExit(f"Materialize all was refused: {launched}")
        run_id = launched["run"]["runId"]
        status = "QUEUED"
        while status not in ("SUCCESS", "FAILURE", "CANCELED"):
            time.sleep(0.5)
            status = graphql(url, RUN_STATUS, {"runId": run_id})["runOrError"]["status"]
        if status != "SUCCESS":
            raise SystemExit(f"Materialize all ended {status}; see {log_path}")
        return {"loaded": loaded, "materialize_all": time.perf_counter() - clicked}
    finally:
        # What Ctrl+C does to dev.sh; SIGTERM rather than SIGINT, which a shell started in the
        # background (nohup ./bench/run.sh &) passes on as ignored, and bash cannot trap then.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def bench(students: int, seed: int, keep: bool, ui: bool, dashboard: bool) -> dict[str, Any]:
    """Measure every phase at ``students`` students; returns the result as JSON-ready data."""
    work = Path(tempfile.mkdtemp(prefix=f"ieta-bench-{students}-"))
    data_dir = work / "data"
    print(f"== {students:,} students (work folder {work})", flush=True)

    cpu_check = cpu_check_seconds()
    print(f"-- CPU check: {cpu_check:.2f} s", flush=True)
    print("-- generate", flush=True)
    generate_seconds, generate_mib = run_measured(
        [str(API_PYTHON), str(REPO / "api/scripts/generate_data.py"), "--students", str(students),
         "--seed", str(seed), "--out", str(data_dir)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"   {generate_seconds:.2f} s", flush=True)

    # Twice: the first run against a new warehouse also parses the whole dbt project (dbt
    # keeps its parse state per profile, and the profile names the database file), which a
    # nightly refresh of the same warehouse does not. The second run is the one measured.
    print("-- ./run.sh, first run against a new warehouse", flush=True)
    first = run_pipeline(work, data_dir, "run.sh-first")
    print(f"   {first.seconds:.2f} s", flush=True)
    print("-- ./run.sh, again", flush=True)
    run = run_pipeline(work, data_dir, "run.sh")
    print(f"   {run.seconds:.2f} s", flush=True)
    steps = step_seconds(run.home)
    peaks = {
        label: max(first.process_peaks.get(label, 0.0), run.process_peaks.get(label, 0.0))
        for label in {*first.process_peaks, *run.process_peaks}
    }
    waited_peak_mib = max(first.waited_peak_mib, run.waited_peak_mib)

    print("-- DuckDB floor", flush=True)
    floor = duckdb_floor(run.warehouse, data_dir, work)

    ui_seconds: dict[str, float] = {}
    if ui:
        print("-- ./dev.sh and Materialize all", flush=True)
        ui_seconds = measure_ui(work, data_dir)
        print(f"   asset graph loaded after {ui_seconds['loaded']:.2f} s, Materialize all "
              f"{ui_seconds['materialize_all']:.2f} s", flush=True)  # fmt: skip

    print("-- API warm-up and pages", flush=True)
    warm_up, pages = measure_apis(data_dir)
    print(f"   warm-up {warm_up:.2f} s", flush=True)

    sampled_label, sampled_mib = max(peaks.items(), key=lambda item: item[1], default=("", 0.0))
    if waited_peak_mib > sampled_mib:
        largest = {"label": "(a process, between two samples)", "mib": waited_peak_mib}
    else:
        largest = {"label": sampled_label, "mib": sampled_mib}

    nan = float("nan")
    phases: dict[str, dict[str, float]] = {
        "generate": {"seconds": generate_seconds, "peak_mib": generate_mib},
        "API warm-up": {"seconds": warm_up},
    }
    for asset in ENDPOINTS:
        seconds = steps.get(asset, nan)
        phases[f"extract {asset}"] = {
            "seconds": seconds,
            "floor_seconds": floor[asset],
            "ratio_to_floor": seconds / max(floor[asset], 1e-9),
        }
    phases["dbt build"] = {"seconds": steps.get(DBT_STEP, nan)}
    phases["./run.sh, first run on a new warehouse"] = {"seconds": first.seconds}
    phases["./run.sh (end to end)"] = {"seconds": run.seconds, "peak_mib": largest["mib"]}
    total = generate_seconds + run.seconds
    phases["total (generate + ./run.sh)"] = {"seconds": total}
    if ui_seconds:
        phases["./dev.sh until the UI lists every asset (warm)"] = {"seconds": ui_seconds["loaded"]}
        phases["Materialize all from the UI"] = {"seconds": ui_seconds["materialize_all"]}
    if dashboard:
        # The teacher dashboard's page loads on the set this run published (bench/dashboard.py
        # writes its own table, bench/results/dashboard-<N>.md).
        print("-- teacher dashboard pages", flush=True)
        subprocess.run(
            [str(REPO / "dashboard/.venv/bin/python"), str(REPO / "bench/dashboard.py"),
             "--published", str(work / "published")],
            check=True,
        )  # fmt: skip
    if keep:
        print(f"   kept {work}", flush=True)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "students": students,
        "seed": seed,
        "cpu_check_seconds": cpu_check,
        "phases": phases,
        "process_peak_mib": peaks,
        "largest_process": largest,
        "seconds_per_1000_students": total / students * 1000,
        "api_pages": pages,
        "floor_definition": FLOOR_NOTE,
        "memory_definition": (
            f"VmHWM of every descendant of ./run.sh, sampled every {SAMPLE_SECONDS} s; largest "
            "process also checks wait4's ru_maxrss of run.sh's waited-for process tree."
        ),
    }


def no_nan(value: Any) -> Any:
    """``value`` with NaN (a step that did not run) as null: NaN is not valid JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {key: no_nan(item) for key, item in value.items()}
    return value


def cpu_check_seconds() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed at the moment of the run.

    A shared virtual machine can run a third slower at one moment than at another (the
    development machine did); printed with each table so that two tables can be compared."""
    started = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return time.perf_counter() - started


def markdown(result: dict[str, Any], machine: str) -> str:
    lines = [
        f"### {result['students']:,} students ({machine})",
        "",
        f"CPU check (a fixed Python loop, lower is faster): {result['cpu_check_seconds']:.2f} s",
        "",
        "| phase | wall s | peak MiB | floor s | x floor |",
        "|---|---:|---:|---:|---:|",
    ]

    def cell(measures: dict[str, float], key: str, fmt: str = "{:.2f}") -> str:
        return fmt.format(measures[key]) if key in measures else ""

    for phase, m in result["phases"].items():
        lines.append(
            f"| {phase} | {cell(m, 'seconds')} | {cell(m, 'peak_mib', '{:.0f}')} | "
            f"{cell(m, 'floor_seconds', '{:.3f}')} | {cell(m, 'ratio_to_floor', '{:.1f}')} |"
        )
    lines += ["", FLOOR_NOTE, ""]
    lines += ["| process (peak memory) | MiB |", "|---|---:|"]
    lines += [f"| {label} | {mib:.0f} |" for label, mib in result["process_peak_mib"].items()]
    largest = result["largest_process"]
    lines.append(f"| largest process ({largest['label']}) | {largest['mib']:.0f} |")
    lines += ["", f"Time per 1,000 students: {result['seconds_per_1000_students']:.2f} s", ""]
    lines += ["| endpoint | first request ms | warm 1000-row page ms |", "|---|---:|---:|"]
    for endpoint, p in result["api_pages"].items():
        lines.append(
            f"| /{endpoint} | {p['first_request_ms']:.1f} | {p['warm_1000_rows_ms']:.1f} |"
        )
    return "\n".join(lines) + "\n"


# The targets (docs/performance.md): (measure, students, target, limit, unit).
TARGETS = (
    ("1,000,000 students end to end (`./run.sh`)", 1_000_000, "end_to_end", "< 180 s", 180.0),
    ("largest process at 1,000,000 students", 1_000_000, "largest_mib", "< 2 GiB", 2048.0),
    ("100,000 students end to end", 100_000, "end_to_end", "< 45 s", 45.0),
    ("500 students end to end", 500, "end_to_end", "< 25 s", 25.0),
)


def targets_markdown() -> str:
    """The targets table from the latest result of each size in bench/results/ (this run's, or
    an earlier one's: each row says when its figure was measured)."""
    lines = ["| measure | measured | target | met | measured at |", "|---|---:|---|---|---|"]
    for measure, students, key, target, limit in TARGETS:
        path = RESULTS / f"bench-{students}.json"
        if not path.exists():
            lines.append(f"| {measure} | not measured | {target} | | `--students {students}` |")
            continue
        result = json.loads(path.read_text())
        if key == "end_to_end":
            value = result["phases"]["./run.sh (end to end)"]["seconds"]
            text = f"{value:.1f} s"
        else:
            value = result["largest_process"]["mib"]
            text = f"{value:,.0f} MiB ({result['largest_process']['label']})"
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(path.stat().st_mtime))
        met = "yes" if value < limit else "no"
        lines.append(f"| {measure} | {text} | {target} | {met} | {when} UTC |")
    dashboard = RESULTS / "dashboard.json"
    if dashboard.exists():
        result = json.loads(dashboard.read_text())
        slowest = max(result["pages"], key=lambda page: page["warm_ms"])
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(dashboard.stat().st_mtime))
        lines.append(
            f"| slowest dashboard page, warm, at {result['enrollments']:,} enrollments | "
            f"{slowest['warm_ms']:.0f} ms ({slowest['page']}, {slowest['viewer']}) | < 1 s | "
            f"{'yes' if slowest['warm_ms'] < 1000 else 'no'} | {when} UTC |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, action="append", help="size (repeatable)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    parser.add_argument(
        "--ui-at",
        type=int,
        action="append",
        help="sizes at which to also time ./dev.sh and Materialize all (default: the smallest)",
    )
    args = parser.parse_args()
    sizes = args.students or [500, 20_000, 100_000]
    ui_sizes = set(args.ui_at or [min(sizes)])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    for students in sizes:
        result = bench(
            students, args.seed, args.keep, ui=students in ui_sizes,
            dashboard=students == max(sizes),
        )  # fmt: skip
        result["machine"] = machine
        text = markdown(result, machine)
        (RESULTS / f"bench-{students}.json").write_text(json.dumps(no_nan(result), indent=2))
        (RESULTS / f"bench-{students}.md").write_text(text)
        print(text, flush=True)
    targets = targets_markdown()
    (RESULTS / "targets.md").write_text(targets)
    print(targets, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
