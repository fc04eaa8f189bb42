"""Benchmark the whole pipeline at a given size: wall time and peak memory per phase.

Run through ``./bench/run.sh --students N [--students M ...]`` (default: 500, 20000, 100000).
For each size it generates the data, starts the three APIs on free ports, measures their
warm-up and a warm 1000-row page per endpoint, runs every asset (``dagster_demo.materialize``)
into a fresh warehouse, and compares each extract with the floor: DuckDB reading the same
parquet file directly. Results go to ``bench/results/bench-<N>.{md,json}`` and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import duckdb
import httpx

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
API_PYTHON = REPO / "api" / ".venv" / "bin" / "python"
DAGSTER_PYTHON = REPO / "dagster-demo" / ".venv" / "bin" / "python"
ENDPOINTS = {  # extract asset -> (api module, endpoint, parquet file)
    "raw_students": ("sis", "students", "students.parquet"),
    "raw_attendance": ("sis", "attendance", "attendance.parquet"),
    "raw_assignments": ("lms", "assignments", "assignments.parquet"),
    "raw_gradebook": ("lms", "gradebook", "gradebook.parquet"),
    "raw_isat": ("state", "isat", "isat_data.parquet"),
}
URL_SETTINGS = {"sis": "SIS_API_URL", "lms": "LMS_API_URL", "state": "STATE_API_URL"}


def run_measured(command: list[str], **kwargs: object) -> tuple[float, float]:
    """Run a command; return (seconds, peak resident MiB of it and the children it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)  # type: ignore[call-overload]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_apis(data_dir: Path) -> dict[str, tuple[subprocess.Popen, str]]:
    apis = {}
    for module in URL_SETTINGS:
        port = free_port()
        process = subprocess.Popen(
            [str(API_PYTHON), "-m", "uvicorn", f"{module}:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=REPO / "api", env={**os.environ, "IETA_DATA_DIR": str(data_dir)},
        )  # fmt: skip
        apis[module] = (process, f"http://127.0.0.1:{port}")
    for module, (process, url) in apis.items():
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"{module} API did not start")
            time.sleep(0.1)
    return apis


def measure_apis(apis: dict[str, tuple[subprocess.Popen, str]]) -> dict[str, dict[str, float]]:
    """First (cold: reads the parquet file) and warm 1000-row page per endpoint, in ms."""
    pages: dict[str, dict[str, float]] = {}
    with httpx.Client(timeout=60) as client:
        for _, (module, endpoint, _) in ENDPOINTS.items():
            url = f"{apis[module][1]}/{endpoint}"
            started = time.perf_counter()
            total = client.get(url, params={"limit": 1}).json()["total"]
            cold = time.perf_counter() - started
            offset = max(0, total // 2 - 500)
            warm = []
            for _ in range(7):
                started = time.perf_counter()
                client.get(url, params={"limit": 1000, "offset": offset}).raise_for_status()
                warm.append(time.perf_counter() - started)
            pages[endpoint] = {
                "cold_first_request_ms": round(cold * 1000, 1),
                "warm_1000_rows_ms": round(statistics.median(warm) * 1000, 1),
            }
    return pages


def duckdb_floor(data_dir: Path) -> dict[str, float]:
    """Seconds DuckDB needs to load each parquet file into a table: the floor of an extract."""
    floor = {}
    with tempfile.TemporaryDirectory() as tmp, duckdb.connect(f"{tmp}/floor.duckdb") as con:
        con.execute("select 1").fetchall()  # keep DuckDB's start-up out of the first table
        for asset, (_, _, file) in ENDPOINTS.items():
            started = time.perf_counter()
            con.execute(
                f"create table {asset} as select * from read_parquet(?)", [str(data_dir / file)]
            )
            floor[asset] = time.perf_counter() - started
    return floor


def step_seconds(home: Path) -> dict[str, float]:
    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        run = instance.get_run_records(limit=1)[0].dagster_run
        return {
            s.step_key: (s.end_time or 0) - (s.start_time or 0)
            for s in instance.get_run_step_stats(run.run_id)
        }


def bench(students: int, seed: int, keep: bool) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"ieta-bench-{students}-"))
    data_dir = work / "data"
    print(f"== {students:,} students (work folder {work})", flush=True)
    phases: dict[str, dict[str, float]] = {}

    seconds, rss = run_measured(
        [str(API_PYTHON), str(REPO / "api/scripts/generate_data.py"), "--students", str(students),
         "--seed", str(seed), "--out", str(data_dir)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    phases["generate"] = {"seconds": seconds, "peak_mib": rss}

    started = time.perf_counter()
    apis = start_apis(data_dir)
    pages = measure_apis(apis)
    phases["api warm-up"] = {"seconds": time.perf_counter() - started}
    try:
        home = work / "dagster_home"
        home.mkdir()
        shutil.copy(REPO / "dagster-demo" / "dagster.yaml", home / "dagster.yaml")
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "DBT_DUCKDB_PATH": str(work / "warehouse.duckdb"),
            **{URL_SETTINGS[m]: url for m, (_, url) in apis.items()},
        }
        with (work / "run.log").open("w") as log:
            seconds, rss = run_measured(
                [str(DAGSTER_PYTHON), "-m", "dagster_demo.materialize", "--select", "*"],
                cwd=REPO / "dagster-demo", env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        api_peak = {m: peak_rss_mib(p.pid) for m, (p, _) in apis.items()}
    finally:
        for process, _ in apis.values():
            process.terminate()
            process.wait()
    steps = step_seconds(home)
    floor = duckdb_floor(data_dir)
    for asset in ENDPOINTS:
        phases[f"extract {asset}"] = {
            "seconds": steps.get(asset, float("nan")),
            "floor_seconds": floor[asset],
            "ratio_to_floor": steps.get(asset, float("nan")) / max(floor[asset], 1e-9),
        }
    phases["dbt build"] = {"seconds": steps.get("dbt_build", float("nan"))}
    phases["materialize (process)"] = {"seconds": seconds, "peak_mib": rss}
    for module, mib in api_peak.items():
        phases[f"{module} API"] = {"peak_mib": mib}
    total = phases["generate"]["seconds"] + phases["api warm-up"]["seconds"] + seconds
    phases["total"] = {"seconds": total, "per_1000_students": total / students * 1000}
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return {"students": students, "seed": seed, "phases": phases, "api_pages": pages}


def markdown(result: dict[str, object], machine: str) -> str:
    lines = [
        f"### {result['students']:,} students ({machine})",
        "",
        "| phase | wall s | peak MiB | floor s | x floor |",
        "|---|---:|---:|---:|---:|",
    ]

    def cell(measures: dict[str, float], key: str, fmt: str = "{:.2f}") -> str:
        return fmt.format(measures[key]) if key in measures else ""

    for phase, m in result["phases"].items():  # type: ignore[union-attr]
        lines.append(
            f"| {phase} | {cell(m, 'seconds')} | {cell(m, 'peak_mib', '{:.0f}')} | "
            f"{cell(m, 'floor_seconds')} | {cell(m, 'ratio_to_floor', '{:.1f}')} |"
        )
    total = result["phases"]["total"]  # type: ignore[index]
    lines += ["", f"Time per 1,000 students: {total['per_1000_students']:.2f} s", ""]
    lines += ["| endpoint | first request ms | warm 1000-row page ms |", "|---|---:|---:|"]
    for endpoint, p in result["api_pages"].items():  # type: ignore[union-attr]
        lines.append(f"| /{endpoint} | {p['cold_first_request_ms']} | {p['warm_1000_rows_ms']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, action="append", help="size (repeatable)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    for students in args.students or [500, 20_000, 100_000]:
        result = bench(students, args.seed, args.keep)
        result["machine"] = machine
        text = markdown(result, machine)
        (RESULTS / f"bench-{students}.json").write_text(json.dumps(result, indent=2))
        (RESULTS / f"bench-{students}.md").write_text(text)
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
