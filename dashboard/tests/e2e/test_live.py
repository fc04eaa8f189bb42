"""The app as users get it: ``streamlit run`` on a free port, read by headless Chromium and by
AppTest while the published set is replaced over and over; and the README's screenshots.

Two warehouses are published in turn: the run's own (set ids ending ``-aaaaaaaa``) and a copy
whose student names all start with "B " (``-bbbbbbbb``). A page that mixed two sets would show
one set's id with the other's names.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from browser import Browser, missing_browser
from conftest import DAGSTER_PYTHON, DASHBOARD, REPO, STREAMLIT, PipelineRun, app_test, free_port

REPUBLISH = Path(__file__).parents[1] / "republish.py"
SET_ID = re.compile(r"set (\d{8}T\d{6}\d*Z-\w+)")
SECONDS_OF_SWAPPING = 30
KEEP_SECONDS = 10  # replaced sets go after 10 s, so files are deleted while pages are read


@dataclass
class LiveApp:
    url: str
    root: Path  # IETA_PUBLISH_DIR
    warehouses: tuple[Path, Path]
    log: Path

    def publish(self, rounds: int, stop_file: Path | None = None) -> subprocess.Popen[str]:
        stop = stop_file or self.root.parent / "never"
        return subprocess.Popen(
            [str(DAGSTER_PYTHON), str(REPUBLISH), str(self.root), *map(str, self.warehouses),
             str(KEEP_SECONDS), str(stop), str(rounds)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip


def wait_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="module")
def live(pipeline: PipelineRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    folder = tmp_path_factory.mktemp("live")
    first, second = folder / "a.duckdb", folder / "b.duckdb"
    shutil.copy(pipeline.warehouse, first)
    shutil.copy(pipeline.warehouse, second)
    with duckdb.connect(str(second)) as con:
        con.execute("update marts.mart_student_dashboard set student_name = 'B ' || student_name")
    empty_secrets = folder / "secrets.toml"  # demo mode, whatever dashboard/.streamlit holds
    empty_secrets.write_text("")
    port = free_port()
    app = LiveApp(f"http://127.0.0.1:{port}", folder / "published", (first, second),
                  folder / "streamlit.log")  # fmt: skip
    assert app.publish(rounds=1).wait(timeout=120) == 0
    process = subprocess.Popen(
        [str(STREAMLIT), "run", "app.py",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--secrets.files", str(empty_secrets)],
        cwd=DASHBOARD, env={**os.environ, "IETA_PUBLISH_DIR": str(app.root)},
        stdout=app.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_http(f"{app.url}/_stcore/health", process)
        yield app
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_one_set(set_id: str, student_line: str) -> None:
    """The names come from the set the caption names."""
    from_second = set_id.endswith("-bbbbbbbb")
    assert (" B " in student_line) == from_second, (set_id, student_line)


def test_replacing_the_published_set_while_pages_are_read(
    live: LiveApp, pipeline: PipelineRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop = live.root.parent / "stop"
    swapper = live.publish(rounds=10_000, stop_file=stop)
    seen: set[str] = set()
    failures: list[str] = []
    browser_loads = []

    def read_in_browser() -> None:
        browser = Browser()
        try:
            deadline = time.monotonic() + SECONDS_OF_SWAPPING
            while time.monotonic() < deadline:
                text = browser.open(f"{live.url}/student", ready_text=" · grade level ")
                set_id = SET_ID.search(text).group(1)
                line = next(line for line in text.splitlines() if " · grade level " in line)
                check_one_set(set_id, line)
                assert not browser.shows_exception(), text
                seen.add(set_id)
                browser_loads.append(set_id)
        except Exception as exc:  # reported by the main thread
            failures.append(repr(exc))
        finally:
            browser.close()

    reader = threading.Thread(target=read_in_browser) if missing_browser() is None else None
    if reader:
        reader.start()
    # Meanwhile, the same pages through AppTest, in this process.
    monkeypatch.setenv("IETA_PUBLISH_DIR", str(live.root))
    deadline = time.monotonic() + SECONDS_OF_SWAPPING
    runs = 0
    while time.monotonic() < deadline:
        at = app_test().run()
        at.switch_page("views/student.py").run()
        assert not at.exception, at.exception
        set_id = SET_ID.search(at.caption[0].value.replace("`", "")).group(1)
        check_one_set(set_id, at.markdown[0].value)
        seen.add(set_id)
        runs += 1
    if reader:
        reader.join()
    stop.touch()
    assert swapper.wait(timeout=120) == 0
    published = int(swapper.stdout.read())
    print(
        f"{published} sets published; {runs} AppTest and {len(browser_loads)} browser page "
        f"loads saw {len(seen)} different sets"
    )
    assert not failures, failures
    assert published > 10 and len(seen) > 5
    assert len(browser_loads) > 3 or not reader
    # Replaced sets were removed while pages were read, and the current one is whole.
    remaining = list((live.root / "sets").iterdir())
    assert len(remaining) < published
    log = live.log.read_text()
    assert "Traceback" not in log, log[-3000:]
    names = pipeline.marts("select student_name from marts.mart_student_dashboard limit 50")
    assert not [n for n in names["student_name"] if n in log], "student names in the log"


def test_screenshots(live: LiveApp) -> None:
    """My classes, Student and District as a user sees them, for the docs (docs/images/)."""
    if missing_browser():
        pytest.skip(missing_browser())
    assert live.publish(rounds=1).wait(timeout=120) == 0  # the run's own names
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    # (path, file name, text the page shows once drawn, window height: the Student page is
    # shot whole, down to its week-by-week chart and table)
    pages = [
        ("", "my-classes", "students, worst risk first", 1000),
        ("student", "student", "Week by week", 2600),
        ("district", "district", "Data quality of the last run", 1000),
    ]
    for path, name, ready_text, height in pages:
        browser = Browser(width=1400, height=height)
        try:
            target = artifacts / f"dashboard-{name}.png"
            text = browser.open(f"{live.url}/{path}", ready_text, settle=3)
            assert "Demo mode" in text
            browser.screenshot(target)
            assert target.stat().st_size > 30_000
        finally:
            browser.close()
