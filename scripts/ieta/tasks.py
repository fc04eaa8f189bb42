"""The tasks other than install: run, dev, test, cleanup, dashboard, browse, test_apis. Each
takes the parsed arguments and returns the exit code; a :class:`TaskError` is a failure with
its message."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from argparse import Namespace
from collections.abc import Mapping
from pathlib import Path

from ieta import services as svc
from ieta.install import install
from ieta.settings import (
    PROJECTS,
    ROOT,
    WINDOWS,
    TaskError,
    dagster_env,
    dashboard_port,
    log,
    log_dir,
    script,
    venv_program,
)


def prepare_dagster_home(env: Mapping[str, str]) -> None:
    """The Dagster instance settings (concurrency pool for DuckDB writers, run monitoring).
    IETA_DAGSTER_YAML: another instance file, e.g. dagster-demo/deploy/dagster-postgres.yaml."""
    home = Path(env["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    log_dir(env).mkdir(parents=True, exist_ok=True)
    source = env.get("IETA_DAGSTER_YAML") or ROOT / "dagster-demo" / "dagster.yaml"
    shutil.copyfile(source, home / "dagster.yaml")


def replace_process(command: list[str | Path], cwd: Path, env: Mapping[str, str]) -> int:
    """Hand the terminal to ``command`` (the DuckDB shell, Streamlit): on Linux and macOS this
    process becomes it; on Windows, which has no such thing, it runs until it ends."""
    args = [str(part) for part in command]
    sys.stdout.flush()
    sys.stderr.flush()
    if WINDOWS:
        try:
            return subprocess.run(args, cwd=cwd, env=dict(env)).returncode
        except KeyboardInterrupt:
            return 130
    os.chdir(cwd)
    os.execve(args[0], args, dict(env))
    raise AssertionError("unreachable")


# --- run ---------------------------------------------------------------------------------------

# The lines of a failed run's log worth showing.
FAILURE_LINES = re.compile(r"STEP_FAILURE|Failure|Error:|ERROR")


def run(args: Namespace, env: dict[str, str]) -> int:
    """The main job without a browser: install if needed, start the APIs (reusing running
    ones), materialize every asset with `dg launch` (extract -> dbt build), print the step
    times, the data-quality warnings and a summary of the marts, and stop what it started."""
    started = time.monotonic()
    phase_start = 0

    def phase(name: str) -> None:  # print how long the previous phase took
        nonlocal phase_start
        now = int(time.monotonic() - started)
        log(f"{name} done in {now - phase_start}s")
        phase_start = now

    install(env)
    phase("install")
    prepare_dagster_home(env)
    logs = log_dir(env)
    project = ROOT / "dagster-demo"
    run_env = dagster_env(env)
    python = venv_program("dagster-demo", "python")
    with svc.Services(logs) as services:
        # The run starts while the APIs start: it spends its first seconds loading the Dagster
        # definitions, and the APIs are up before the first extract asks them for a page.
        launched = svc.launch_apis(services, env)
        run_log = logs / "run.log"
        run_process = None
        log(f"materializing every asset (log: {run_log})")
        # First, a run killed earlier gives back the DuckDB writer slot it held
        # (src/dagster_demo/abandoned_runs.py); then the command a user types (dg's documented
        # launcher): an in-process run of every asset, recorded in DAGSTER_HOME and visible in
        # the UI afterwards.
        with run_log.open("wb") as out:
            released = subprocess.run(
                [str(python), "-m", "dagster_demo.abandoned_runs"],
                cwd=project,
                env=run_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if released.returncode == 0:
            run_process = services.start(
                "run",
                [venv_program("dagster-demo", "dg"), "launch", "--assets", "*"],
                cwd=project,
                env=run_env,
                append=True,
            )
        svc.wait_apis(services, launched, env)
        phase("API start")
        if run_process is None or run_process.wait() != 0:
            lines = run_log.read_text(encoding="utf-8", errors="replace").splitlines()
            failures = [line[:400] for line in lines if FAILURE_LINES.search(line)]
            print("\n".join(failures[-15:]), file=sys.stderr)
            raise TaskError(f"the run failed; full log: {run_log}")
        phase("materialize")

    report = logs / "run-summary.md"
    with report.open("wb") as out:
        summary = subprocess.run(
            [str(python), "-m", "dagster_demo.report"], cwd=project, env=run_env, stdout=out
        )
    if summary.returncode != 0:
        raise TaskError("the run succeeded but its summary could not be written (above)")
    sys.stdout.flush()
    sys.stdout.buffer.write(report.read_bytes())  # as written (UTF-8), whatever the console's
    sys.stdout.buffer.flush()
    if env.get("DBT_TARGET", "duckdb") == "spark":
        warehouse = f"Spark tables in {Path(env['IETA_SPARK_DIR']) / 'warehouse'}"
    else:
        warehouse = env["DBT_DUCKDB_PATH"]
    log(f"finished in {int(time.monotonic() - started)}s; warehouse: {warehouse}")
    return 0


# --- dev ---------------------------------------------------------------------------------------


def dev(args: Namespace, env: dict[str, str]) -> int:
    """The three source APIs, the Dagster UI (dg dev) and the teacher dashboard, for
    development, until Ctrl+C, which stops everything this task started."""
    port = dashboard_port(env)
    install(env)
    dev_env = dagster_env(env)
    prepare_dagster_home(env)
    logs = log_dir(env)
    svc.require_free_port("DAGSTER_PORT", env["DAGSTER_PORT"], "Dagster (dg dev)")
    svc.require_free_port("DASHBOARD_PORT", port, "the dashboard")
    services = svc.Services(logs)
    try:
        svc.wait_apis(services, svc.launch_apis(services, env), env)
        log(
            f"starting Dagster (dg dev) on http://127.0.0.1:{env['DAGSTER_PORT']}; about 15 s "
            "once installed"
        )
        dagster = services.start(
            "dagster",
            [venv_program("dagster-demo", "dg"), "dev", "--host", "127.0.0.1",
             "--port", env["DAGSTER_PORT"]],
            cwd=ROOT / "dagster-demo",
            env=dev_env,
        )  # fmt: skip
        # The dashboard shows the last published run; it needs no warehouse lock, so it starts
        # at once.
        dashboard = services.start(
            "dashboard", streamlit_command(port), cwd=ROOT / "dashboard", env=env
        )
        token = env.get("API_TOKEN") or None
        services.wait_http(
            "dashboard", f"http://127.0.0.1:{port}/_stcore/health", 120, dashboard, token
        )
        services.wait_http(
            "dagster", f"http://127.0.0.1:{env['DAGSTER_PORT']}/server_info", 300, dagster, token
        )
        print(
            f"""
  Dagster UI   http://localhost:{env["DAGSTER_PORT"]}   (Assets > Materialize all)
  Dashboard    http://localhost:{port}   (teachers' view of the last published run)
  SIS API      {env["SIS_API_URL"]}/docs
  LMS API      {env["LMS_API_URL"]}/docs
  State API    {env["STATE_API_URL"]}/docs
  Warehouse    {env["DBT_DUCKDB_PATH"]}   (browse: {script("browse")})
  Logs         {logs}

Press Ctrl+C to stop.""",
            flush=True,
        )
        return dagster.wait()
    finally:
        print(flush=True)
        log("stopping...")
        services.stop_all()
        log("stopped")


# --- dashboard ---------------------------------------------------------------------------------


def streamlit_command(port: str) -> list[str | Path]:
    """The teacher dashboard; Streamlit reads .streamlit/config.toml and secrets.toml from the
    dashboard folder, its working folder."""
    return [venv_program("dashboard", "streamlit"), "run", "app.py",
            "--server.port", port, "--server.address", "127.0.0.1"]  # fmt: skip


def dashboard(args: Namespace, env: dict[str, str]) -> int:
    """The teacher dashboard alone, until Ctrl+C."""
    port = dashboard_port(env)
    install(env)
    svc.require_free_port("DASHBOARD_PORT", port, "the dashboard")
    log(f"teacher dashboard on http://localhost:{port} (login: see README, Teacher dashboard)")
    return replace_process(streamlit_command(port), ROOT / "dashboard", env)


# --- test --------------------------------------------------------------------------------------


def install_chromium() -> None:
    """Headless Chromium takes the screenshots of the Dagster UI and the dashboard, reads the
    dashboard's pages in its live test, and signs in through a local identity provider in its
    login test, driven by Selenium through chromedriver (Debian's packages chromium and
    chromium-driver, which this task installs where it may)."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    if WINDOWS:
        log("Chromium or chromedriver not found: the browser tests will be skipped")
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        log("Chromium or chromedriver not found and not root: the browser tests will be skipped")
        return
    log("installing Chromium and its driver for the browser tests (apt-get)")
    quiet = {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
    }
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]
    if (
        subprocess.run(["apt-get", "update", "-qq"], env=apt_env, **quiet).returncode != 0
        or subprocess.run(install, env=apt_env, **quiet).returncode != 0
    ):
        log("could not install Chromium; the browser tests will be skipped")


# Which venv's ruff lints which folder (scripts/ and bench/ follow the root ruff.toml).
LINT = (("api", "api"), ("dagster-demo", "dagster-demo"), ("dagster-demo", "bench"),
        ("dagster-demo", "scripts"), ("dashboard", "dashboard"))  # fmt: skip


def lint() -> bool:
    log("lint (ruff)")
    ok = True
    for venv, folder in LINT:
        ruff = str(venv_program(venv, "ruff"))
        for command in ([ruff, "check", folder], [ruff, "format", "--check", "--quiet", folder]):
            ok &= subprocess.run(command, cwd=ROOT).returncode == 0
    return ok


def pytest(project: str, args: list[str], env: Mapping[str, str], quick: bool = False) -> bool:
    """One project's tests; ``quick``: its tests/unit alone (none yet: skipped)."""
    if quick and not (ROOT / project / "tests" / "unit").is_dir():
        log(f"{project} has no tests/unit yet: skipped")
        return True
    python = str(venv_program(project, "python"))
    code = subprocess.run([python, "-m", "pytest", *args], cwd=ROOT / project, env=dict(env))
    # pytest's 5: no test collected, which a quick run of an empty tests/unit is.
    return code.returncode == 0 or (quick and code.returncode == 5)


def test(args: Namespace, env: dict[str, str]) -> int:
    """Lint and every test suite (``--quick``: lint and the unit tests)."""
    extra = list(args.pytest_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    install(env)
    ok = True
    if args.quick:
        ok &= lint()
        log("unit tests (no service, no run)")
        for project in PROJECTS:
            project_env = dagster_env(env) if project == "dagster-demo" else env
            ok &= pytest(project, ["tests/unit", *extra], project_env, quick=True)
        return finish(ok)

    install_chromium()
    ok &= lint()
    log("API and data generator tests")
    ok &= pytest("api", extra, env)
    log("pipeline tests (Dagster, dbt, end to end)")
    ok &= pytest("dagster-demo", ["-m", "not spark", *extra], dagster_env(env))
    log("teacher dashboard tests (publishes a run, drives every page, live server)")
    ok &= pytest("dashboard", extra, env)
    # Its own stage: Apache Spark (about 860 MB) is installed for it, and the comparison of
    # every table on Spark and on DuckDB takes about five minutes. IETA_TEST_SPARK=0 skips it.
    if env.get("IETA_TEST_SPARK", "1") != "0":
        log(
            f"Spark portability (installs Spark into the Dagster venv: {script('install')} --spark)"
        )
        try:
            install(env, spark=True)
            ok &= pytest("dagster-demo", ["-m", "spark", *extra], dagster_env(env))
        except TaskError as error:
            log(f"ERROR: {error}", task=error.task)
            ok = False
    return finish(ok)


def finish(ok: bool) -> int:
    if not ok:
        log("FAILED")
        return 1
    log("all tests passed")
    return 0


# --- cleanup -----------------------------------------------------------------------------------

GENERATED = (
    ".dagster_home", "api/.venv", "dagster-demo/.venv", "dashboard/.venv", "published", ".spark",
    "dbt-demo/dev.duckdb", "dbt-demo/dev.duckdb.wal", "dbt-demo/target", "dbt-demo/logs",
    "dagster-demo/src/dagster_demo/defs/.local_defs_state", "test-artifacts",
)  # fmt: skip
CACHES = tuple(
    f"{folder}{cache}"
    for cache in (".pytest_cache", ".ruff_cache")
    for folder in ("", "api/", "dagster-demo/", "dashboard/")
)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, **_rmtree_retry())
    else:
        path.unlink()


def _rmtree_retry() -> dict:
    """Windows refuses to delete read-only files: make them writable and try again."""

    def retry(function, path, *_) -> None:  # noqa: ANN001
        os.chmod(path, 0o700)
        function(path)

    return {"onexc": retry} if sys.version_info >= (3, 12) else {"onerror": retry}


def cleanup(args: Namespace, env: dict[str, str]) -> int:
    """Remove generated files; keeps source code and the committed data."""
    present = [name for name in GENERATED if (ROOT / name).exists()]
    if not present:
        print("Nothing to clean.")
        return 0
    print("This removes:")
    for name in present:
        print(f"  {name}")
    print("  (and Python caches)", flush=True)
    if not args.yes:
        try:
            answer = input("Continue? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip() not in ("y", "Y"):
            print("Nothing removed.")
            return 0
    for name in present:
        remove(ROOT / name)
    for folder, dirs, _ in os.walk(ROOT):
        if ".git" in dirs:
            dirs.remove(".git")
        if "__pycache__" in dirs:
            dirs.remove("__pycache__")
            shutil.rmtree(Path(folder, "__pycache__"), ignore_errors=True)
    for name in CACHES:
        if (ROOT / name).exists():
            remove(ROOT / name)
    print(
        "Removed. uv and Python in your home directory were not touched; "
        f"{script('install')} sets up again."
    )
    return 0


# --- browse ------------------------------------------------------------------------------------


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def browse(args: Namespace, env: dict[str, str]) -> int:
    """Browse the warehouse without ever blocking the pipeline: copy a consistent snapshot and
    open the snapshot (not the live file) with the DuckDB CLI."""
    duckdb = venv_program("dagster-demo", "duckdb")
    live = Path(env["DBT_DUCKDB_PATH"])
    if not duckdb.exists():
        raise TaskError(f"the DuckDB CLI is not installed yet: run {script('install')}")
    if not live.is_file():
        raise TaskError(
            f"{live} does not exist yet: run {script('run')} (or Materialize all in "
            f"{script('dev')}) first"
        )
    # The same file name, so that the views dbt created, which name their database, still work.
    snapshot_dir = Path(env["DAGSTER_HOME"]) / "snapshot"
    snapshot = snapshot_dir / live.name
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    for stale in (snapshot, snapshot.with_name(snapshot.name + ".wal")):
        stale.unlink(missing_ok=True)
    copy = (
        f"ATTACH {sql_string(str(live))} AS live (READ_ONLY); "
        f"ATTACH {sql_string(str(snapshot))} AS snap; COPY FROM DATABASE live TO snap;"
    )
    # Reading needs a moment without a writer: retry while a pipeline step holds the file.
    attempts = 30
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            [str(duckdb), "-c", copy], capture_output=True, text=True, errors="replace"
        )
        if result.returncode == 0:
            break
        error = (result.stdout + result.stderr).strip()
        if "lock" not in error or attempt == attempts:
            raise TaskError(f"could not snapshot {live}: {error}")
        if attempt == 1:
            log(f"the pipeline is writing {live}; waiting for a moment between steps...")
        time.sleep(2)
    log(f"snapshot of {live} taken at {time.strftime('%H:%M:%S')}: {snapshot}")

    if args.cli:
        command = [duckdb, "-readonly", snapshot]
    elif args.sql:
        command = [duckdb, "-readonly", snapshot, "-c", " ".join(args.sql)]
    else:
        log("opening the DuckDB UI (Ctrl+C to stop)")
        command = [duckdb, "-readonly", "-ui", snapshot]
    return replace_process(command, Path.cwd(), env)


# --- test_apis ---------------------------------------------------------------------------------


def test_apis(args: Namespace, env: dict[str, str]) -> int:
    """Smoke-test running APIs: every endpoint answers as the source contract says."""
    token = env.get("API_TOKEN") or None
    failures = 0

    def check(want: int, url: str, needle: str = "") -> str:
        nonlocal failures
        code, body = svc.http_get(url, token, timeout=10)
        status = f"{code:03d}"
        if code != want or needle not in body:
            wanted = f"{want} with {needle}" if needle else str(want)
            print(f"FAIL {url} -> {status} (wanted {wanted})\n     {body[:200]}")
            failures += 1
        else:
            print(f"ok   {url} -> {status}")
        return body

    sis, lms, state = env["SIS_API_URL"], env["LMS_API_URL"], env["STATE_API_URL"]
    check(200, f"{sis}/", '"status":"healthy"')
    # Each says which data it serves; the fingerprint is null when a data file cannot be read.
    for url in (sis, lms, state):
        check(200, f"{url}/", '"fingerprint":"')
    students = check(200, f"{sis}/students?limit=1", '"total":')
    check(200, f"{sis}/attendance?limit=1", '"data":[{')
    check(200, f"{lms}/", '"system":"LMS"')
    check(200, f"{lms}/assignments?limit=1", '"due_date"')
    check(200, f"{lms}/gradebook?limit=1", '"current_grade"')
    check(200, f"{state}/", '"system":"State"')
    isat = check(200, f"{state}/isat?limit=1", '"eduid"')

    # By-id look-ups use the first ids the list endpoints return.
    student_id = first_value(students, "student_id")
    eduid = first_value(isat, "eduid")
    student = f'"student_id":{json.dumps(student_id)}'
    check(200, f"{sis}/students/{student_id}", student)
    check(200, f"{sis}/attendance/{student_id}", student)
    check(200, f"{lms}/gradebook/{student_id}", student)
    check(200, f"{state}/isat/{eduid}", f'"eduid":{json.dumps(eduid)}')

    # Errors: bad parameters 422, unknown ids 404.
    check(422, f"{lms}/gradebook?limit=0")
    check(422, f"{sis}/students?limit=1001")
    check(422, f"{sis}/attendance?offset=-1")
    check(404, f"{sis}/students/999999999")
    check(404, f"{state}/isat/NO-SUCH-ID")

    if failures:
        print(f"{failures} check(s) failed")
        return 1
    print("all API checks passed")
    return 0


def first_value(page: str, field: str) -> object:
    """``field`` of the first row of a list endpoint's page (None when there is none)."""
    try:
        return json.loads(page)["data"][0][field]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
