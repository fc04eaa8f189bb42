"""The command line: ``python scripts/ieta <task> [options]``, ``--help`` on each task."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence

from ieta import install as installer
from ieta import services, tasks
from ieta.settings import TaskError, apply_defaults, print_error, script, set_task


def _install(args: argparse.Namespace, env: dict[str, str]) -> int:
    installer.install(env, spark=args.spark)
    return 0


# name -> (what it does, for --help; the function)
TASKS: dict[str, tuple[str, Callable[[argparse.Namespace, dict[str, str]], int]]] = {
    "install": (
        "Check the prerequisites (git, Python 3.11+, uv: installed with pip --user when "
        "missing), create api/.venv, dagster-demo/.venv and dashboard/.venv with the versions "
        "pinned in each project's requirements.txt, and prepare the dbt project for Dagster. "
        "Does nothing when nothing changed; every other task runs it first.",
        _install,
    ),
    "run": (
        "The main job without a browser: install if needed, start the three source APIs "
        "(reusing ones that serve IETA_DATA_DIR), materialize every asset with `dg launch`, "
        "print the step times, the data-quality warnings and a summary of the marts, and stop "
        "what it started. Exits non-zero on any failure (a data-quality warning is not one).",
        tasks.run,
    ),
    "dev": (
        "Start the three source APIs, the Dagster UI (dg dev, DAGSTER_PORT) and the teacher "
        "dashboard (DASHBOARD_PORT) for development. Ctrl+C stops everything it started.",
        tasks.dev,
    ),
    "test": (
        "Install what is needed, then lint (ruff) and run every test suite: the APIs and the "
        "data generator, the Dagster + dbt pipeline end to end, the teacher dashboard, and "
        "the Spark portability stage (IETA_TEST_SPARK=0 skips it). Arguments it does not "
        "know go to every pytest run.",
        tasks.test,
    ),
    "cleanup": (
        "Remove generated files (venvs, the warehouse, Dagster's home, dbt's target/, the "
        "published sets, caches); keeps source code and the committed data.",
        tasks.cleanup,
    ),
    "dashboard": (
        "Start the teacher dashboard (Streamlit) on http://127.0.0.1:DASHBOARD_PORT (8501). It "
        "shows the marts the pipeline last published (IETA_PUBLISH_DIR): run the pipeline "
        "first. Ctrl+C stops it.",
        tasks.dashboard,
    ),
    "browse": (
        "Browse the warehouse without ever blocking the pipeline: copy a consistent snapshot "
        "of DBT_DUCKDB_PATH into DAGSTER_HOME/snapshot and open it with the DuckDB CLI (by "
        "default its UI in the browser, which needs internet for its front end).",
        tasks.browse,
    ),
    "test_apis": (
        "Smoke-test running APIs (SIS_API_URL, LMS_API_URL, STATE_API_URL): every endpoint "
        "answers as the source contract says. Exits non-zero when a check fails.",
        tasks.test_apis,
    ),
}


SUMMARIES = {
    "install": "set up the venvs and the dbt project (idempotent)",
    "run": "materialize every asset without a browser, then print a summary",
    "dev": "the APIs, the Dagster UI and the dashboard, until Ctrl+C",
    "test": "lint and every test suite (--quick: lint and the unit tests)",
    "cleanup": "remove generated files",
    "dashboard": "the teacher dashboard alone, until Ctrl+C",
    "browse": "open a snapshot of the warehouse with the DuckDB CLI",
    "test_apis": "smoke-test the running APIs",
}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="ieta",
        description="The IETA pipeline's tasks; each has --help. See docs/tasks.md.",
        allow_abbrev=False,
    )
    commands = main.add_subparsers(dest="task", required=True, metavar="TASK")
    subparsers = {}
    for name, (description, _) in TASKS.items():
        subparsers[name] = commands.add_parser(
            name,
            help=SUMMARIES[name],
            description=f"{description} Started as {script(name)}.",
            allow_abbrev=False,
        )
    subparsers["install"].add_argument(
        "--spark",
        action="store_true",
        help="also install Apache Spark for DBT_TARGET=spark (dbt-spark, pyspark; about "
        "860 MB; needs Java 17); kept from then on",
    )
    subparsers["test"].add_argument(
        "--quick",
        action="store_true",
        help="lint and the unit tests alone (tests/unit of each project: no service, no "
        "pipeline run), in under a minute",
    )
    subparsers["test"].add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        metavar="PYTEST_ARGS",
        help="passed to every pytest run, e.g. -x -k drop_folder",
    )
    shown = subparsers["browse"].add_mutually_exclusive_group()
    shown.add_argument("--cli", action="store_true", help="the DuckDB shell in this terminal")
    shown.add_argument(
        "-c", dest="sql", nargs="+", metavar="SQL", help="run one query on the snapshot and exit"
    )
    subparsers["cleanup"].add_argument(
        "-y", "--yes", action="store_true", help="remove without asking"
    )
    # The Windows watchdog's process (services.start_watchdog); not for users.
    watchdog = commands.add_parser("watchdog")
    watchdog.add_argument("parent", type=int)
    watchdog.add_argument("group", type=int)
    watchdog.add_argument("name")
    return main


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The task and its options. The test task keeps what it does not know for pytest."""
    cli = parser()
    args, unknown = cli.parse_known_args(argv)
    if unknown:
        if args.task != "test":
            cli.error(f"unrecognized arguments: {' '.join(unknown)}")
        # Options pytest knows and this runner does not, in the order given.
        args.pytest_args = [arg for arg in argv[1:] if arg != "--quick"]
    return args


def _stop_on_signal(signum: int, _frame: object) -> None:
    """SIGTERM and SIGHUP end the task as Ctrl+C does: what it started is stopped."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(list(sys.argv[1:] if argv is None else argv))
    if args.task == "watchdog":
        return services.watch_from_windows(args.parent, args.group, args.name)
    set_task(args.task)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop_on_signal)
    env = os.environ
    if args.task not in ("install", "cleanup"):
        apply_defaults(env)
    try:
        return TASKS[args.task][1](args, env)
    except TaskError as error:
        print_error(error)
        return 1
    except KeyboardInterrupt:
        return 130
