"""Which data an API serves: ``GET /`` names the folder and fingerprints the files, and
``data_fingerprint.py`` (what the start scripts run before reusing an API) tells the same data
from other data."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pyarrow.parquet as pq
from api_process import API_DIR, API_PYTHON, DATA_DIR, RunningApi

SIS_FILES = ["students.parquet", "attendance.parquet"]


def copy_files(folder: Path, files: list[str] = SIS_FILES) -> Path:
    folder.mkdir()
    for name in files:
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


def rewrite_students(folder: Path, rows: int) -> None:
    """Replace students.parquet with its first ``rows`` rows (a new mtime, as an export has)."""
    table = pq.read_table(DATA_DIR / "students.parquet").slice(0, rows)
    time.sleep(0.01)
    pq.write_table(table, folder / "students.parquet")


def health(client: httpx.Client, api: RunningApi) -> dict:
    response = client.get(api.url + "/")
    assert response.status_code == 200
    return response.json()


def test_health_reports_folder_and_fingerprint(tmp_path: Path, client: httpx.Client) -> None:
    served = copy_files(tmp_path / "a")
    sis = RunningApi("sis", served)
    try:
        body = health(client, sis)
        assert body["status"] == "healthy" and body["system"] == "SIS"
        assert body["data_dir"] == str(served.resolve())
        assert body["data_files"] == SIS_FILES
        original = body["fingerprint"]
        assert len(original) == 64 and int(original, 16) >= 0  # a sha256, hex
        assert health(client, sis)["fingerprint"] == original  # stable

        # Any change to a served file changes the fingerprint, with the data served.
        rewrite_students(served, 10)
        changed = health(client, sis)["fingerprint"]
        assert changed != original
        assert client.get(f"{sis.url}/students").json()["total"] == 10
        # The same bytes again: the same fingerprint.
        shutil.copy(DATA_DIR / "students.parquet", served / "students.parquet")
        assert health(client, sis)["fingerprint"] == original

        # A file it cannot read: still healthy, but no fingerprint to vouch for.
        (served / "attendance.parquet").unlink()
        body = health(client, sis)
        assert body["status"] == "healthy" and body["fingerprint"] is None
    finally:
        sis.stop()


def test_same_files_elsewhere_give_the_same_fingerprint(tmp_path: Path, client) -> None:
    apis = [RunningApi("sis", DATA_DIR), RunningApi("sis", copy_files(tmp_path / "copy"))]
    try:
        first, second = (health(client, api) for api in apis)
        assert first["data_dir"] != second["data_dir"]
        assert first["fingerprint"] == second["fingerprint"]
    finally:
        for api in apis:
            api.stop()


def reuse_check(api: RunningApi, system: str, data_dir: Path) -> subprocess.CompletedProcess:
    """``data_fingerprint.py`` from the command line (the task runner calls its check_reuse)."""
    return subprocess.run(
        [str(API_PYTHON), str(API_DIR / "data_fingerprint.py"), "--url", api.url,
         "--system", system, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_reuse_check(apis: dict[str, RunningApi], tmp_path: Path) -> None:
    sis = apis["sis"]
    port = str(sis.port)

    same = reuse_check(sis, "SIS", DATA_DIR)
    assert same.returncode == 0, same.stdout + same.stderr
    assert str(DATA_DIR) in same.stdout

    copy = copy_files(tmp_path / "copy")
    elsewhere = reuse_check(sis, "SIS", copy)
    assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
    assert f"the same files as in {copy}" in elsewhere.stdout

    other = copy_files(tmp_path / "other")
    rewrite_students(other, 10)
    different = reuse_check(sis, "SIS", other)
    assert different.returncode == 1
    message = different.stdout
    for must in (f"port {port}", f"serves {DATA_DIR}", f"IETA_DATA_DIR={other}", "SIS_API_PORT"):
        assert must in message, message

    wrong_system = reuse_check(sis, "LMS", DATA_DIR)
    assert wrong_system.returncode == 1
    assert f"Port {port} serves the SIS API, not LMS" in wrong_system.stdout

    empty = tmp_path / "empty"
    empty.mkdir()
    missing = reuse_check(sis, "SIS", empty)
    assert missing.returncode == 1
    assert f"IETA_DATA_DIR={empty} lacks" in missing.stdout
