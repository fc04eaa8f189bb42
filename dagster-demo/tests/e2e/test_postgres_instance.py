"""Dagster on PostgreSQL storage, with the dagster.yaml docs/deploy.md documents.

A real PostgreSQL server (Debian's, on this kind of machine) is started in a temporary folder on
a free loopback port, the whole pipeline runs with `dagster-demo/deploy/dagster-postgres.yaml`
as its instance settings, and the run is read back from PostgreSQL. Skipped, saying why, where
no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from conftest import DEFAULT_DATA, PROJECT, Apis, Pipeline

POSTGRES_YAML = PROJECT / "deploy" / "dagster-postgres.yaml"


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl of the newest PostgreSQL installed, if any."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A throwaway PostgreSQL cluster. PostgreSQL refuses to run as root, so as root the server
    runs as the `postgres` system user (which Debian's package creates)."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.data = root / "pgdata"
        self.port = free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no `postgres` user to run the server")
            self.user = "postgres"
            os.chown(root, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(root / "postgres.log"), "-w", "-t", "60",
            "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {root}", "start",
        )  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    bin_dir = server_binaries()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql")
    # Not under tmp_path: as root the server runs as `postgres`, which cannot enter root's
    # private pytest folders; /tmp itself it can.
    root = Path(tempfile.mkdtemp(prefix="ieta-pg-"))
    try:
        server = PostgresServer(bin_dir, root)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_pipeline_runs_on_a_postgres_instance(postgres: PostgresServer, tmp_path: Path) -> None:
    settings = {
        "DAGSTER_PG_HOST": "127.0.0.1",
        "DAGSTER_PG_PORT": str(postgres.port),
        "DAGSTER_PG_DB": "postgres",
        "DAGSTER_PG_USER": "postgres",
        "DAGSTER_PG_PASSWORD": "",
    }
    pipeline = Pipeline(tmp_path / "run", extra_env=settings)
    shutil.copy(POSTGRES_YAML, pipeline.home / "dagster.yaml")
    started = time.time()
    with Apis(DEFAULT_DATA) as apis:
        pipeline.launch(apis)
    assert pipeline.query("select count(*) as n from marts.mart_student_dashboard")["n"][0] > 0

    # The run is in PostgreSQL: the instance the documented file describes finds it, and the
    # home folder holds no SQLite run storage.
    environment = {"DAGSTER_HOME": str(pipeline.home), **settings}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        with dg.DagsterInstance.get() as instance:
            records = instance.get_run_records(limit=5)
            assert records, "no run recorded in the PostgreSQL instance"
            run = records[0].dagster_run
            assert run.status == dg.DagsterRunStatus.SUCCESS
            assert records[0].create_timestamp.timestamp() >= started - 60
            materialized = instance.get_latest_materialization_event(
                dg.AssetKey("mart_student_dashboard")
            )
            assert materialized is not None and materialized.run_id == run.run_id
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert not list(pipeline.home.rglob("runs.db")), "runs went to SQLite, not PostgreSQL"
