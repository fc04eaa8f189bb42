"""Benchmark the teacher dashboard's page loads at a given size.

    dashboard/.venv/bin/python bench/dashboard.py --published DIR    # a run's IETA_PUBLISH_DIR
    dashboard/.venv/bin/python bench/dashboard.py --students 100000  # generate, run, measure

With ``--students``, it generates the data (seed 42) in a work folder and runs the real
``./run.sh`` once (its own API ports, warehouse, DAGSTER_HOME and IETA_PUBLISH_DIR); with
``--published`` it measures a set some run already published (``bench/run.sh`` can pass the one
of its largest run).

Each page is loaded the way Streamlit's test harness (``AppTest``) loads it: the real app script
with a fresh session, in this process, for the teacher with the most enrollments and for the
district view. *First* is the first load after the process started (the published set read from
disk); *warm* is the median of five later loads, each a new session, with Streamlit's data cache
filled, which is what a teacher opening the page gets once anyone has looked at it since the
last publication. The time is the server side of a page (the script run); the browser's drawing
comes on top. Results go to ``bench/results/dashboard-<N>.{md,json}`` and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
DASHBOARD = REPO / "dashboard"
RESULTS = REPO / "bench" / "results"
WARM_LOADS = 5
PAGES = {
    "My classes": None,
    "Student": "views/student.py",
    "Class summary": "views/class_summary.py",
    "District": "views/district.py",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publish(students: int, work: Path) -> Path:
    """Generate ``students`` and run ./run.sh on them; return its IETA_PUBLISH_DIR."""
    data = work / "data"
    api_python = REPO / "api" / ".venv" / "bin" / "python"
    generator = REPO / "api" / "scripts" / "generate_data.py"
    subprocess.run(
        [str(api_python), str(generator), "--students", str(students), "--seed", "42",
         "--out", str(data)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = {
        **{k: v for k, v in os.environ.items() if not k.endswith("_API_URL")},
        "IETA_DATA_DIR": str(data),
        "SIS_API_PORT": str(free_port()),
        "LMS_API_PORT": str(free_port()),
        "STATE_API_PORT": str(free_port()),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "DBT_DUCKDB_PATH": str(work / "warehouse.duckdb"),
        "IETA_PUBLISH_DIR": str(work / "published"),
    }
    env.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    subprocess.run([str(REPO / "run.sh")], cwd=REPO, env=env, check=True, capture_output=True)
    print(f"./run.sh on {students:,} students: {time.perf_counter() - started:.1f}s")
    return work / "published"


def busiest_teacher(dashboard: str) -> str:
    """The teacher with the most enrollments in the published ``mart_student_dashboard``."""
    with duckdb.connect() as con:
        return con.execute(
            "select teacher_id from read_parquet(?) where teacher_id is not null "
            "group by 1 order by count(*) desc, 1 limit 1",
            [str(dashboard)],
        ).fetchone()[0]


def load_page(page: str | None, teacher: str | None) -> float:
    """Seconds for one load of ``page`` in a new session, as ``teacher`` (None: district): the
    run of the page itself, after the session has opened on the demo mode's default view."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(DASHBOARD / "app.py"), default_timeout=120)
    started = time.perf_counter()
    at.run()
    if teacher is not None:
        started = time.perf_counter()
        at.sidebar.selectbox[0].select(teacher).run()
    if page is not None:
        started = time.perf_counter()
        at.switch_page(page).run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page or 'My classes'}: {at.exception[0].value}")
    return seconds


def measure(published: Path) -> dict:
    os.environ["IETA_PUBLISH_DIR"] = str(published)
    sys.path.insert(0, str(DASHBOARD))
    # The published set as the dashboard finds it (its layout: ieta_dashboard/published_layout.py).
    from ieta_dashboard.published import current_set

    current = current_set(published)
    teacher = busiest_teacher(current.file("mart_student_dashboard"))
    rows = []
    for viewer, name in ((teacher, "teacher"), (None, "district")):
        for title, page in PAGES.items():
            if title == "District" and viewer is not None:
                continue  # district staff only
            first = load_page(page, viewer)
            warm = statistics.median(load_page(page, viewer) for _ in range(WARM_LOADS))
            rows.append({"page": title, "viewer": name, "first_ms": first * 1000,
                         "warm_ms": warm * 1000})  # fmt: skip
            print(f"{title:14} {name:9} first {first * 1000:7.0f} ms  warm {warm * 1000:6.0f} ms")
    return {"enrollments": current.row_counts["mart_student_dashboard"],
            "items": current.row_counts["mart_enrollment_items"], "pages": rows}  # fmt: skip


def markdown(result: dict, label: str) -> str:
    lines = [
        f"#### Dashboard pages, {label} ({result['enrollments']:,} enrollments, "
        f"{result['items']:,} graded items)",
        "",
        "| page | viewer | first load ms | warm load ms |",
        "|---|---|---:|---:|",
    ]
    lines += [f"| {r['page']} | {r['viewer']} | {r['first_ms']:.0f} | {r['warm_ms']:.0f} |"
              for r in result["pages"]]  # fmt: skip
    lines += [
        "",
        "Server side of a page load (the app script, AppTest); teacher = the one with the most "
        "enrollments. Warm: median of 5 new sessions, data cache filled.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--published", type=Path, help="a run's IETA_PUBLISH_DIR")
    source.add_argument("--students", type=int, help="generate and run this many students")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ieta_bench_dashboard_") as work:
        published = args.published or publish(args.students, Path(work))
        result = measure(published.resolve())
    label = f"{args.students:,} students" if args.students else str(args.published)
    text = markdown(result, label)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"dashboard-{args.students}" if args.students else "dashboard"
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(text)


if __name__ == "__main__":
    main()
