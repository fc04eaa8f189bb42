"""The paginating client against real APIs that misbehave on purpose (fault injection)."""

from __future__ import annotations

import time

import pyarrow.parquet as pq
import pytest
from conftest import DEFAULT_DATA, RunningApi

from dagster_demo.resources.api_clients import LmsClient, SisClient, SourceApiError


def read_rows(client: LmsClient, endpoint: str) -> list[dict]:
    return [row for page in client.iter_pages(endpoint) for row in page.rows]


@pytest.fixture(scope="module")
def flaky_lms():
    api = RunningApi(
        "lms",
        DEFAULT_DATA,
        env={
            "IETA_FAULT_ERROR_RATE": "0.25",
            "IETA_FAULT_RESET_RATE": "0.1",
            "IETA_FAULT_SEED": "11",
        },
    )
    yield api
    api.stop()


def test_every_row_exactly_once_despite_failures(flaky_lms: RunningApi) -> None:
    client = LmsClient(base_url=flaky_lms.url, page_size=50, backoff_seconds=0.01, max_attempts=10)
    rows = read_rows(client, "gradebook")
    assert rows == pq.read_table(DEFAULT_DATA / "gradebook.parquet").to_pylist()


def test_timeouts_are_retried() -> None:
    api = RunningApi(
        "sis",
        DEFAULT_DATA,
        env={"IETA_FAULT_SLOW_RATE": "0.3", "IETA_FAULT_SLOW_SECONDS": "3", "IETA_FAULT_SEED": "2"},
    )
    try:
        client = SisClient(
            base_url=api.url, page_size=100, timeout_seconds=0.5, backoff_seconds=0.01,
            max_attempts=10,
        )  # fmt: skip
        rows = read_rows(client, "students")
        assert [r["student_id"] for r in rows] == pq.read_table(
            DEFAULT_DATA / "students.parquet"
        ).column("student_id").to_pylist()
    finally:
        api.stop()


def test_source_down_fails_with_url_and_last_error() -> None:
    client = SisClient(base_url="http://127.0.0.1:9", max_attempts=3, backoff_seconds=0.01)
    started = time.monotonic()
    with pytest.raises(SourceApiError) as failure:
        read_rows(client, "students")
    message = str(failure.value)
    assert "http://127.0.0.1:9/students" in message
    assert "after 3 attempts" in message and "ConnectError" in message
    assert time.monotonic() - started < 10  # bounded


def test_client_errors_are_not_retried(flaky_lms: RunningApi) -> None:
    client = LmsClient(base_url=flaky_lms.url, page_size=1000, max_attempts=50)
    with pytest.raises(SourceApiError, match="HTTP 404"):
        client.get_json("no-such-endpoint")


def test_bearer_token_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    api = RunningApi("sis", DEFAULT_DATA, env={"API_TOKEN": "t0ken"})
    try:
        monkeypatch.delenv("API_TOKEN", raising=False)
        with pytest.raises(SourceApiError, match="HTTP 401"):
            read_rows(SisClient(base_url=api.url), "students")
        monkeypatch.setenv("API_TOKEN", "t0ken")
        assert len(read_rows(SisClient(base_url=api.url), "students")) == 500
    finally:
        api.stop()
