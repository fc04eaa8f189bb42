"""Profile ``dbt build`` node by node on a warehouse whose raw tables are loaded (see
``bench/load_raw.py``), without Dagster: dbt's own timing per node (``run_results.json``), the
rows each model wrote and read (its largest parent), and the peak resident memory of the dbt
process while the node ran (sampled from /proc every 0.1 s).

    dagster-demo/.venv/bin/python bench/profile_dbt.py --warehouse FILE.duckdb [--threads N]
        [--min-seconds 2] [--explain MODEL ...] [--memory-limit 1GB]

Prints a markdown table of the nodes over ``--min-seconds`` and, with ``--explain``, DuckDB's
``EXPLAIN ANALYZE`` of those models' compiled SQL (run read-only against the built warehouse).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt-demo"
DBT = Path(sys.executable).parent / "dbt"


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """(wall clock, RSS MiB) of one process every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()
        self.cpu_seconds = 0.0

    def run(self) -> None:
        while not self.done.is_set():
            value = rss_mib(self.pid)
            if value is not None:
                self.samples.append((time.time(), value))
            time.sleep(self.interval)

    def peak(self, start: float, end: float) -> float:
        inside = [mib for at, mib in self.samples if start <= at <= end]
        return max(inside, default=0.0)


def timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def build(
    project: Path, warehouse: Path, target_path: Path, threads: int | None, memory_limit: str | None
) -> tuple[float, float, RssSampler]:
    env = dict(os.environ, DBT_DUCKDB_PATH=str(warehouse))
    if memory_limit:
        env["DBT_DUCKDB_MEMORY_LIMIT"] = memory_limit
    # As the pipeline runs it (defs/dbt_project/defs.yaml): without the dbt unit tests.
    command = [
        str(DBT),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--target-path",
        str(target_path),
    ]
    if threads:
        command += ["--threads", str(threads)]
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, text=True)
    sampler = RssSampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    sampler.done.set()
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds depend far less on what else the machine runs than wall seconds do.
    sampler.cpu_seconds = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    if process.returncode != 0:
        print(output[-6000:])
        raise SystemExit(f"dbt build failed (exit {process.returncode})")
    return seconds, max((m for _, m in sampler.samples), default=0.0), sampler


def rows(con: duckdb.DuckDBPyConnection, relation: str) -> int | None:
    try:
        return con.execute(f"select count(*) from {relation}").fetchone()[0]
    except duckdb.Error:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--memory-limit")
    parser.add_argument("--min-seconds", type=float, default=2.0)
    parser.add_argument("--explain", nargs="*", default=[])
    parser.add_argument("--target-path", type=Path)
    parser.add_argument("--project", type=Path, default=DBT_PROJECT, help="dbt project folder")
    args = parser.parse_args()
    target_path = args.target_path or args.warehouse.with_suffix(".target")
    seconds, peak, sampler = build(
        args.project.resolve(),
        args.warehouse.resolve(),
        target_path.resolve(),
        args.threads,
        args.memory_limit,
    )
    results = json.loads((target_path / "run_results.json").read_text())
    manifest = json.loads((target_path / "manifest.json").read_text())
    nodes = manifest["nodes"] | manifest["sources"]
    total_node_seconds = sum(r["execution_time"] for r in results["results"])
    print(
        f"dbt build: {seconds:.1f} s wall, {total_node_seconds:.1f} s of node time, "
        f"{len(results['results'])} nodes, {sampler.cpu_seconds:.1f} s of CPU, "
        f"peak RSS {peak:.0f} MiB, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    con = duckdb.connect(str(args.warehouse), read_only=True)

    def relation(unique_id: str) -> str | None:
        """The table a node wrote (or a source), None for a view or an ephemeral model, whose
        count would run its whole query again."""
        node = nodes.get(unique_id)
        if not node:
            return None
        if node["resource_type"] == "model" and node["config"].get("materialized") != "table":
            return None
        return f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'

    def tables_read(node: dict) -> set[str]:
        """The tables and sources a node reads, through any views and ephemeral models."""
        found: set[str] = set()
        for parent in node.get("depends_on", {}).get("nodes", []):
            table = relation(parent)
            if table:
                found.add(table)
            elif parent in nodes:
                found |= tables_read(nodes[parent])
        return found

    print("\n| node | seconds | rows in (largest parent) | rows out | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    for result in sorted(results["results"], key=lambda r: -r["execution_time"]):
        if result["execution_time"] < args.min_seconds:
            continue
        node = nodes[result["unique_id"]]
        timing = {t["name"]: t for t in result["timing"]}
        window = timing.get("execute") or timing.get("compile")
        peak_here = (
            sampler.peak(timestamp(window["started_at"]), timestamp(window["completed_at"]))
            if window
            else 0
        )
        parent_rows = [n for n in (rows(con, r) for r in tables_read(node)) if n is not None]
        written = relation(result["unique_id"]) if node["resource_type"] == "model" else None
        out = rows(con, written) if written else None
        name = node["name"] if node["resource_type"] == "model" else f"test {node['name']}"
        print(
            f"| {name} | {result['execution_time']:.1f} | {max(parent_rows, default=0):,} | "
            f"{'' if out is None else f'{out:,}'} | {peak_here:.0f} |"
        )
    for model in args.explain:
        unique_id = next(
            u for u, n in nodes.items() if n.get("name") == model and n["resource_type"] == "model"
        )
        compiled = target_path / "compiled" / "ieta" / nodes[unique_id]["original_file_path"]
        sql = compiled.read_text()
        print(f"\n### EXPLAIN ANALYZE {model}\n```")
        for _, plan in con.execute("explain analyze " + sql).fetchall():
            print(plan)
        print("```")


if __name__ == "__main__":
    main()
