"""What happens when things go wrong: flaky and dead sources, killed runs, a browser holding the
database. Each test runs the real pipeline against real APIs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import DEFAULT_DATA, PROJECT, Apis, Pipeline, materialize_command

MARTS = ("mart_student_dashboard", "mart_class_summary", "mart_data_quality")


def marts_of(pipeline: Pipeline) -> dict[str, pd.DataFrame]:
    return {t: pipeline.query(f"select * from marts.{t} order by all") for t in MARTS}


def assert_same_marts(actual: Pipeline, expected: Pipeline) -> None:
    want = marts_of(expected)
    for table, frame in marts_of(actual).items():
        pd.testing.assert_frame_equal(frame, want[table], obj=table)


def launch_in_background(
    pipeline: Pipeline, apis: Apis, log: Path, select: str = "*"
) -> subprocess.Popen:
    return subprocess.Popen(
        materialize_command(select),
        cwd=PROJECT,
        env=pipeline.env(apis),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_unlocked(database: Path, timeout: float = 30) -> None:
    """Wait until no process holds ``database`` (SIGKILL is delivered at once, but a killed
    child such as dbt releases the DuckDB lock only when its exit completes)."""
    deadline = time.monotonic() + timeout
    while database.exists():
        try:
            duckdb.connect(str(database), read_only=True).close()
            return
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def wait_for_text(log: Path, text: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            pytest.fail(f"run ended before {text!r} appeared:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    pytest.fail(f"{text!r} did not appear within {timeout}s")


def test_flaky_sources_give_identical_marts(default_run: Pipeline, tmp_path: Path) -> None:
    """20% of requests fail (500/503) and some connections are cut: nothing lost or doubled."""
    faults = {
        "IETA_FAULT_ERROR_RATE": "0.2",
        "IETA_FAULT_RESET_RATE": "0.05",
        "IETA_FAULT_SEED": "5",
    }
    # Small pages: many requests, so many of them fail.
    pipeline = Pipeline(tmp_path, extra_env={"API_PAGE_SIZE": "100"})
    with Apis(DEFAULT_DATA, env=faults) as apis:
        result = pipeline.launch(apis)
    assert "retry" in result.stdout + result.stderr  # faults really happened
    assert_same_marts(pipeline, default_run)


def test_source_that_stays_down(tmp_path: Path) -> None:
    """The dead source's extract fails naming the URL and the last error; the other sources
    still load; dbt does not run on the stale input."""
    pipeline = Pipeline(tmp_path, extra_env={"STATE_API_URL": "http://127.0.0.1:9"})
    with Apis(DEFAULT_DATA) as apis:
        result = pipeline.launch(apis, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "http://127.0.0.1:9/isat" in output and "ConnectError" in output
    tables = pipeline.tables()
    for table in ("students", "attendance", "assignments", "gradebook"):
        assert ("raw", table) in tables
    assert ("raw", "isat") not in tables
    assert not {t for t in tables if t[0] in ("marts", "facts")}, "dbt ran on incomplete input"


@pytest.mark.parametrize(
    ("kill_when", "marker"),
    [
        ("during extraction", 'STEP_START - Started execution of step "raw_gradebook"'),
        ("during dbt build", "START sql table model"),
    ],
)
def test_killed_run_is_completed_by_the_next(
    default_run: Pipeline, tmp_path: Path, kill_when: str, marker: str
) -> None:
    pipeline = Pipeline(tmp_path)
    with Apis(DEFAULT_DATA) as apis:
        log = tmp_path / "killed.log"
        process = launch_in_background(pipeline, apis, log)
        wait_for_text(log, marker, process)
        os.killpg(process.pid, signal.SIGKILL)  # the run and its dbt subprocess, no cleanup
        process.wait()
        wait_until_unlocked(pipeline.database)
        # Whatever the kill left, every raw table present is whole.
        if pipeline.database.exists():
            for _, table in {t for t in pipeline.tables() if t[0] == "raw"}:
                with duckdb.connect(str(pipeline.database), read_only=True) as con:
                    assert con.execute(f"select count(*) from raw.{table}").fetchone()[0] > 0
        pipeline.launch(apis, timeout=600)
    # The killed run was marked failed and gave back its duckdb_writer slot (without it, the
    # next run would wait for that slot forever: no daemon runs under `dg launch`).
    assert "was abandoned" in pipeline.output
    assert_same_marts(pipeline, default_run)


def test_browser_holding_the_database(tmp_path: Path) -> None:
    """A read-only connection held open (the DuckDB UI, a notebook): the run waits, names the
    holder, and either proceeds once it is released or fails after the timeout with advice."""
    pipeline = Pipeline(tmp_path, extra_env={"DUCKDB_LOCK_TIMEOUT": "5"})
    with Apis(DEFAULT_DATA) as apis:
        pipeline.launch(apis, select="group:extract")

        browser = duckdb.connect(str(pipeline.database), read_only=True)
        try:
            failed = pipeline.launch(apis, select="group:extract", check=False)
        finally:
            browser.close()
        output = failed.stdout + failed.stderr
        assert failed.returncode != 0
        assert str(pipeline.database) in output
        assert f"PID {os.getpid()}" in output and "./browse.sh" in output

        # Released while the run waits: the run goes on and succeeds.
        pipeline.extra_env["DUCKDB_LOCK_TIMEOUT"] = "120"
        browser = duckdb.connect(str(pipeline.database), read_only=True)
        log = tmp_path / "waiting.log"
        process = launch_in_background(pipeline, apis, log, select="group:extract")
        try:
            wait_for_text(log, "waiting for it to be released", process)
        finally:
            browser.close()
        assert process.wait(timeout=600) == 0, log.read_text()[-3000:]
    with duckdb.connect(str(pipeline.database), read_only=True) as con:
        assert con.execute("select count(*) from raw.students").fetchone()[0] == 500
