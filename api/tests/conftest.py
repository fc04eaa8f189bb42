"""Fixtures that run the real APIs: uvicorn subprocesses on free loopback ports."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_process import DATA_DIR, RunningApi


@pytest.fixture(scope="session")
def apis() -> Iterator[dict[str, RunningApi]]:
    """SIS, LMS and State APIs serving the committed data."""
    running = {name: RunningApi(name, DATA_DIR) for name in ("sis", "lms", "state")}
    yield running
    for api in running.values():
        api.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder: tests/unit (no service, no pipeline run; seconds) or
    tests/e2e (starts services or launches the pipeline). `pytest -m unit` is ./test.sh --quick."""
    for item in items:
        kind = item.path.parent.name
        if kind in ("unit", "e2e"):
            item.add_marker(kind)
