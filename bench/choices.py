"""Measure the design choices behind the pipeline, one at a time, at a given size.

Run through ``./bench/run.sh --choices [--students N] [--data DIR] [--keep]`` (default 100,000
students, generated with seed 42 unless ``--data`` names a folder of parquet files). With the
three APIs started on free ports, it measures:

a. client concurrency: reading every page of /gradebook and /attendance with the pipeline's
   client (``iter_pages``, pages decoded, nothing else) at 1, 2, 4 and 8 requests in flight;
b. JSON library: decoding every /gradebook page body with ``json.loads`` vs ``orjson.loads``
   (bodies fetched once, decoding timed alone), and encoding one 1000-row page as FastAPI does
   by default (``jsonable_encoder`` + ``json.dumps``) vs ``orjson.dumps`` (in ``api/.venv``,
   which has FastAPI), projected to the whole table;
c. load path of the whole /gradebook into DuckDB, from pages decoded as the client yields them:
   JSON files + one ``read_json`` (the pipeline's), pyarrow Table per page appended, one pandas
   DataFrame; each in a fresh process (``load_paths.py``) for its seconds and peak memory;
d. executor: the committed 500-student data run once in-process (``dagster_demo.materialize``)
   and once on Dagster's multiprocess executor (``multiprocess_job.py``), each into a fresh
   warehouse and ``DAGSTER_HOME``.

Timings are medians of 3 unless said otherwise. Results go to
``bench/results/choices-<N>.{md,json}`` and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import orjson
from dagster_demo.resources.api_clients import LmsClient, PaginatedApiClient, SisClient

from bench import (
    API_PYTHON,
    REPO,
    RESULTS,
    auth_headers,
    run_measured,
    start_apis,
    step_seconds,
    stop_apis,
)

DAGSTER_BIN = REPO / "dagster-demo" / ".venv" / "bin"
DAGSTER_PYTHON = DAGSTER_BIN / "python"
BENCH = REPO / "bench"
REPEATS = 3
CONCURRENCIES = (1, 2, 4, 8)
CLIENTS: dict[str, tuple[type[PaginatedApiClient], str]] = {  # endpoint -> (client, api)
    "gradebook": (LmsClient, "lms"),
    "attendance": (SisClient, "sis"),
}
LOAD_VARIANTS = {  # load_paths.py variant -> label
    "decode": "decode only (shared by every path, for reference)",
    "json_files": "JSON file per page + one read_json (the pipeline's)",
    "arrow_append": "pyarrow Table per page, appended",
    "pandas": "one pandas DataFrame of all rows",
}
# What FastAPI does by default for a route returning rows without response_model
# (jsonable_encoder, then JSONResponse.render's json.dumps) vs orjson, on one page of the file.
ENCODE_SNIPPET = """
import json, statistics, sys, time
import orjson, pyarrow.parquet as pq
from fastapi.encoders import jsonable_encoder

table = pq.read_table(sys.argv[1]).combine_chunks()
page = table.slice(max(0, table.num_rows // 2 - 500), 1000)

def median_ms(fn, repeats=7):
    fn()
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000

rows = page.to_pylist()
fastapi_ms = median_ms(lambda: json.dumps(
    jsonable_encoder(rows), ensure_ascii=False, allow_nan=False, indent=None,
    separators=(",", ":")).encode("utf-8"))
orjson_ms = median_ms(lambda: orjson.dumps(rows, option=orjson.OPT_SERIALIZE_NUMPY))
print(json.dumps({"rows": table.num_rows, "page_rows": page.num_rows,
                  "to_pylist_ms": median_ms(page.to_pylist),
                  "fastapi_ms": fastapi_ms, "orjson_ms": orjson_ms}))
"""


def say(message: str) -> None:
    print(message, flush=True)


def median_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs


# --------------------------------------------------------------------------------------------
# a. client concurrency
# --------------------------------------------------------------------------------------------


def read_all(client_class: type[PaginatedApiClient], url: str, endpoint: str, c: int) -> int:
    """Rows of every page of ``endpoint`` read with ``c`` requests in flight (a fresh client,
    as each run of the pipeline makes)."""
    client = client_class(base_url=url, concurrency=c)
    try:
        return sum(len(page.rows) for page in client.iter_pages(endpoint))
    finally:
        client.teardown_after_execution(None)  # type: ignore[arg-type]  # closes its httpx client


def measure_concurrency(urls: dict[str, str]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for endpoint, (client_class, api) in CLIENTS.items():
        rows = read_all(client_class, urls[api], endpoint, 4)  # warm the API's table cache
        results[endpoint] = {"rows": rows, "pages": -(-rows // 1000), "seconds": {}}
        for c in CONCURRENCIES:
            seconds, runs = median_seconds(partial(read_all, client_class, urls[api], endpoint, c))
            results[endpoint]["seconds"][str(c)] = seconds
            say(f"   /{endpoint} concurrency {c}: {seconds:.2f} s (runs {fmt_runs(runs)})")
    return results


def fmt_runs(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


# --------------------------------------------------------------------------------------------
# b. JSON library
# --------------------------------------------------------------------------------------------


def fetch_bodies(url: str, endpoint: str) -> list[bytes]:
    """The raw body of every 1000-row page of ``endpoint``, in order."""
    bodies = []
    with httpx.Client(base_url=url, timeout=120, headers=auth_headers()) as client:
        offset, total = 0, 1
        while offset < total:
            response = client.get(f"/{endpoint}", params={"limit": 1000, "offset": offset})
            response.raise_for_status()
            bodies.append(response.content)
            total = orjson.loads(response.content)["total"]
            offset += 1000
    return bodies


def measure_decode(bodies: list[bytes]) -> dict[str, Any]:
    result: dict[str, Any] = {"pages": len(bodies), "mib": sum(map(len, bodies)) / 2**20}
    for name, loads in (("json", json.loads), ("orjson", orjson.loads)):
        seconds, runs = median_seconds(lambda loads=loads: [loads(body) for body in bodies])
        result[f"{name}_seconds"] = seconds
        say(f"   decode {len(bodies)} /gradebook pages with {name}.loads: {seconds:.3f} s")
    return result


def measure_encode(data_dir: Path, pages: int) -> dict[str, Any]:
    completed = subprocess.run(
        [str(API_PYTHON), "-c", ENCODE_SNIPPET, str(data_dir / "gradebook.parquet")],
        capture_output=True, text=True, check=True, cwd=REPO / "api",
    )  # fmt: skip
    result = json.loads(completed.stdout.splitlines()[-1])
    result["pages"] = pages
    for name in ("fastapi", "orjson"):
        result[f"{name}_table_seconds"] = result[f"{name}_ms"] * pages / 1000
    say(
        f"   encode a 1000-row page: jsonable_encoder + json.dumps {result['fastapi_ms']:.1f} ms,"
        f" orjson.dumps {result['orjson_ms']:.1f} ms (to_pylist {result['to_pylist_ms']:.1f} ms)"
    )
    return result


# --------------------------------------------------------------------------------------------
# c. load path
# --------------------------------------------------------------------------------------------


def measure_load_paths(pages_dir: Path, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for variant in LOAD_VARIANTS:
        runs = []
        for _ in range(REPEATS):
            completed = subprocess.run(
                [str(DAGSTER_PYTHON), str(BENCH / "load_paths.py"), variant, str(pages_dir),
                 str(work)],
                capture_output=True, text=True,
            )  # fmt: skip
            lines = completed.stdout.strip().splitlines()
            if completed.returncode != 0 or not lines:
                tail = completed.stderr.strip().splitlines()[-3:]
                runs.append({"error": f"exit {completed.returncode}: {' | '.join(tail)}"})
            else:
                runs.append(json.loads(lines[-1]))
            if "error" in runs[-1]:
                break  # the same data fails the same way again
        result = dict(runs[-1])
        if "error" not in result:
            result["seconds"] = statistics.median(r["seconds"] for r in runs)
            result["peak_growth_mib"] = max(r["peak_growth_mib"] for r in runs)
            result["runs_seconds"] = [r["seconds"] for r in runs]
            say(
                f"   {variant}: {result['seconds']:.2f} s, peak +{result['peak_growth_mib']:.0f}"
                f" MiB, {result.get('rows', '-')} rows, {result.get('columns', '-')} columns"
            )
        else:
            say(f"   {variant}: FAILED: {result['error']}")
        results[variant] = result
    return results


# --------------------------------------------------------------------------------------------
# d. executor
# --------------------------------------------------------------------------------------------


def measure_executors(work: Path) -> dict[str, Any]:
    """The 500-student pipeline in-process vs on the multiprocess executor."""
    data_dir = REPO / "api" / "data"
    results: dict[str, Any] = {}
    apis = start_apis(data_dir)
    try:
        env = {
            **os.environ,
            "PATH": f"{DAGSTER_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(DAGSTER_BIN.parent),
            "IETA_DATA_DIR": str(data_dir),
            "SIS_API_URL": apis["sis"].url,
            "LMS_API_URL": apis["lms"].url,
            "STATE_API_URL": apis["state"].url,
        }
        # dbt parse when the dbt project changed: once, before either timed run.
        subprocess.run(
            [str(DAGSTER_PYTHON), "-c",
             "from dagster_demo.materialize import prepare_dbt_state; prepare_dbt_state()"],
            env=env, check=True, cwd=REPO / "dagster-demo",
        )  # fmt: skip
        commands = {
            "in-process": [str(DAGSTER_PYTHON), "-m", "dagster_demo.materialize", "--select", "*"],
            "multiprocess (max_concurrent 2)": [
                str(DAGSTER_PYTHON),
                str(BENCH / "multiprocess_job.py"),
            ],
        }
        for name, command in commands.items():
            slug = name.split()[0]
            home = work / f"dagster_home-{slug}"
            home.mkdir()
            shutil.copy(REPO / "dagster-demo" / "dagster.yaml", home / "dagster.yaml")
            run_env = {
                **env,
                "DAGSTER_HOME": str(home),
                "DBT_DUCKDB_PATH": str(work / f"warehouse-{slug}.duckdb"),
            }
            log_path = work / f"executor-{slug}.log"
            say(f"   {name}: running (log {log_path})")
            with log_path.open("w") as log:
                started = time.perf_counter()
                completed = subprocess.run(
                    command, env=run_env, cwd=REPO / "dagster-demo", stdout=log,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
                wall = time.perf_counter() - started
            result: dict[str, Any] = {"wall_seconds": wall}
            if completed.returncode != 0:
                tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
                result["error"] = f"exit {completed.returncode}: " + " | ".join(tail)[-600:]
            try:
                steps = step_seconds(home)
                result["step_seconds_sum"] = sum(steps.values())
                result["steps"] = steps
            except (SystemExit, Exception) as exc:  # no run recorded: the error says why
                result.setdefault("error", str(exc))
            say(
                f"   {name}: wall {wall:.1f} s, sum of steps "
                f"{result.get('step_seconds_sum', float('nan')):.1f} s"
                + (f", FAILED: {result['error']}" if "error" in result else "")
            )
            results[name] = result
    finally:
        stop_apis(apis)
    return results


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    lines = [f"### Design choices, {result['students']:,} students ({result['machine']})", ""]

    conc = result["concurrency"]
    lines += ["#### a. Client concurrency: read every page (seconds, median of 3)", ""]
    lines += ["| endpoint | rows | " + " | ".join(f"c={c}" for c in CONCURRENCIES) + " |"]
    lines += ["|---|---:|" + "---:|" * len(CONCURRENCIES)]
    for endpoint, r in conc.items():
        cells = " | ".join(f"{r['seconds'][str(c)]:.2f}" for c in CONCURRENCIES)
        lines.append(f"| /{endpoint} | {r['rows']:,} | {cells} |")

    dec, enc = result["json"]["decode"], result["json"]["encode"]
    lines += ["", "#### b. JSON library (/gradebook)", ""]
    lines += ["| operation | stdlib json | orjson | stdlib / orjson |", "|---|---:|---:|---:|"]
    lines.append(
        f"| decode all {dec['pages']} pages ({dec['mib']:.0f} MiB), s | "
        f"{dec['json_seconds']:.3f} | {dec['orjson_seconds']:.3f} | "
        f"{dec['json_seconds'] / dec['orjson_seconds']:.1f} |"
    )
    lines.append(
        f"| encode one 1000-row page (FastAPI default: jsonable_encoder + json.dumps), ms | "
        f"{enc['fastapi_ms']:.1f} | {enc['orjson_ms']:.1f} | "
        f"{enc['fastapi_ms'] / enc['orjson_ms']:.1f} |"
    )
    lines.append(
        f"| encode the whole table, projected ({enc['pages']} pages), s | "
        f"{enc['fastapi_table_seconds']:.2f} | {enc['orjson_table_seconds']:.2f} |  |"
    )
    lines += [
        "",
        f"Both encoders start from the same rows (Arrow `to_pylist`, {enc['to_pylist_ms']:.1f} ms"
        " per page, not included).",
    ]

    lines += ["", "#### c. Load path of the whole /gradebook into DuckDB (fresh process each)", ""]
    lines += [
        "| path | seconds | peak RSS growth MiB | rows | columns | column types / error |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for variant, r in result["load"].items():
        if "error" in r:
            lines.append(f"| {LOAD_VARIANTS[variant]} |  |  |  |  | FAILED: {r['error']} |")
            continue
        types = ", ".join(f"{n} {t}" for t, n in r.get("types", {}).items())
        lines.append(
            f"| {LOAD_VARIANTS[variant]} | {r['seconds']:.2f} | {r['peak_growth_mib']:.0f} | "
            f"{r.get('rows', '')} | {r.get('columns', '')} | {types} |"
        )
    lines += [
        "",
        "Seconds include decoding the saved page bodies one at a time (the first row); peak "
        "growth is VmHWM over the process's resident memory after its imports (max of 3).",
    ]

    lines += ["", "#### d. Executor, 500-student pipeline (one run each)", ""]
    lines += ["| executor | wall s | sum of step s | note |", "|---|---:|---:|---|"]
    for name, r in result["executor"].items():
        steps = f"{r['step_seconds_sum']:.1f}" if "step_seconds_sum" in r else ""
        note = f"FAILED: {r['error']}" if "error" in r else ""
        lines.append(f"| {name} | {r['wall_seconds']:.1f} | {steps} | {note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, help="folder of parquet files to use (no generate)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    work = Path(tempfile.mkdtemp(prefix=f"ieta-choices-{args.students}-"))
    say(f"== design choices, {args.students:,} students (work folder {work})")
    if args.data:
        data_dir = args.data.resolve()
    else:
        data_dir = work / "data"
        say("-- generate")
        seconds, _ = run_measured(
            [str(API_PYTHON), str(REPO / "api/scripts/generate_data.py"),
             "--students", str(args.students), "--seed", str(args.seed), "--out", str(data_dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        say(f"   {seconds:.1f} s")

    result: dict[str, Any] = {"students": args.students, "machine": machine, "data": str(data_dir)}
    apis = start_apis(data_dir)
    try:
        urls = {module: api.url for module, api in apis.items()}
        say("-- a. client concurrency")
        result["concurrency"] = measure_concurrency(urls)
        say("-- b. JSON library")
        bodies = fetch_bodies(urls["lms"], "gradebook")
        result["json"] = {
            "decode": measure_decode(bodies),
            "encode": measure_encode(data_dir, len(bodies)),
        }
    finally:
        stop_apis(apis)
    say("-- c. load path")
    pages_dir = work / "gradebook_pages"
    pages_dir.mkdir()
    for number, body in enumerate(bodies):
        (pages_dir / f"page_{number:06d}.json").write_bytes(body)
    del bodies
    result["load"] = measure_load_paths(pages_dir, work)
    say("-- d. executor")
    result["executor"] = measure_executors(work)

    text = markdown(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"choices-{args.students}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"choices-{args.students}.md").write_text(text)
    print(text, flush=True)
    if args.keep:
        say(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
