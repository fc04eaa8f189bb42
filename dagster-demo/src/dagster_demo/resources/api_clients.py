"""Clients for the three source APIs, all built on one paginating client.

The APIs answer ``{"total", "limit", "offset", "data"}`` pages. ``PaginatedApiClient`` reads the
first page to learn ``total``, then fetches the remaining pages concurrently (a few requests in
flight keep the API busy while this process decodes), retrying connection errors, timeouts and
5xx answers with exponential backoff. Pages are yielded one at a time so the extractor can
stream them to disk instead of holding a whole source in memory.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

import dagster as dg
import httpx
import orjson
from pydantic import Field, PrivateAttr

# The Dagster logger: retries show up in the run's log in the UI, not only on the console.
logger = dg.get_dagster_logger("api_clients")

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class SourceApiError(Exception):
    """A source API could not be read; the message names the URL and the last error."""


@dataclass(frozen=True)
class Page:
    """One page of a list endpoint: its rows as JSON-decoded dicts (checked against ``total``)
    and the response body they were decoded from, ``{"total": ..., "data": [rows]}``."""

    offset: int
    total: int
    rows: list[dict[str, Any]]
    body: bytes


class PaginatedApiClient(dg.ConfigurableResource):
    """Reads every page of a list endpoint of one source API.

    ``base_url`` comes from ``SIS_API_URL`` / ``LMS_API_URL`` / ``STATE_API_URL`` (see
    ``definitions.py``); ``API_TOKEN``, when set in the environment, is sent as a bearer token
    and never logged.
    """

    base_url: str = Field(description="Base URL of the API, e.g. http://127.0.0.1:8001")
    page_size: int = Field(default=1000, ge=1, le=1000, description="Rows per request (API max)")
    concurrency: int = Field(default=4, ge=1, description="Requests in flight at once")
    timeout_seconds: float = Field(default=30.0, gt=0, description="Per-request timeout")
    max_attempts: int = Field(default=6, ge=1, description="Attempts per page before failing")
    backoff_seconds: float = Field(default=0.25, ge=0, description="First retry delay; doubles")

    _client: httpx.Client | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                headers = {"Accept": "application/json"}
                token = os.environ.get("API_TOKEN")
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                self._client = httpx.Client(
                    base_url=self.base_url.rstrip("/"),
                    headers=headers,
                    timeout=self.timeout_seconds,
                    limits=httpx.Limits(max_connections=self.concurrency + 1),
                )
            return self._client

    def url(self, endpoint: str) -> str:
        return f"{self.base_url.rstrip('/')}/{endpoint.lstrip('/')}"

    def get_json(self, endpoint: str, params: dict[str, Any] | None = None) -> Any:
        """GET one resource with retries; raise ``SourceApiError`` naming the URL on failure."""
        return self._get(endpoint, params or {})[0]

    def _get(self, endpoint: str, params: dict[str, Any]) -> tuple[Any, bytes, int]:
        """Returns (decoded JSON, the response body, retries used)."""
        last_error = "no attempt made"
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self._http().get(f"/{endpoint.lstrip('/')}", params=params)
            except httpx.TransportError as exc:  # connect errors, resets, timeouts
                last_error = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    try:
                        return orjson.loads(response.content), response.content, attempt - 1
                    except orjson.JSONDecodeError as exc:
                        last_error = f"invalid JSON in response: {exc}"
                elif response.status_code in RETRYABLE_STATUS:
                    last_error = f"HTTP {response.status_code}: {response.text[:200]}"
                else:
                    # 4xx other than 429 will not get better by retrying.
                    raise SourceApiError(
                        f"GET {self.url(endpoint)} {params} answered HTTP "
                        f"{response.status_code}: {response.text[:500]}"
                    )
            if attempt < self.max_attempts:
                delay = self.backoff_seconds * 2 ** (attempt - 1)
                logger.warning(
                    "GET %s %s failed (%s); retry %d/%d in %.2fs",
                    self.url(endpoint),
                    params,
                    last_error,
                    attempt,
                    self.max_attempts - 1,
                    delay,
                )
                time.sleep(delay)
        raise SourceApiError(
            f"GET {self.url(endpoint)} {params} failed after {self.max_attempts} attempts; "
            f"last error: {last_error}. Is the API running? Start it with ./dev.sh or check "
            f"the *_API_URL settings."
        )

    def iter_pages(self, endpoint: str) -> Iterator[Page]:
        """Yield every page of ``endpoint`` in offset order.

        The first page tells ``total``; the rest are fetched ``concurrency`` at a time in a
        sliding window, so memory holds at most a few pages whatever the source's size. Raises
        ``SourceApiError`` if the source's ``total`` changes during the read or the rows
        received do not add up to it.
        """
        first = self._fetch_page(endpoint, 0)
        total, received = first.total, len(first.rows)
        yield first
        offsets = iter(range(self.page_size, total, self.page_size))
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            window: deque[Future[Any]] = deque()
            for offset in islice(offsets, 2 * self.concurrency):
                window.append(pool.submit(self._fetch_page, endpoint, offset))
            while window:
                page = window.popleft().result()
                next_offset = next(offsets, None)
                if next_offset is not None:
                    window.append(pool.submit(self._fetch_page, endpoint, next_offset))
                if page.total != total:
                    raise SourceApiError(
                        f"{self.url(endpoint)} changed while it was being read (total was "
                        f"{total}, then {page.total}); run the extract again."
                    )
                received += len(page.rows)
                yield page
        if received != total:
            raise SourceApiError(
                f"{self.url(endpoint)} announced total={total} but {received} rows arrived."
            )

    def _page_params(self, offset: int) -> dict[str, int]:
        return {"limit": self.page_size, "offset": offset}

    def _fetch_page(self, endpoint: str, offset: int) -> Page:
        decoded, body, _ = self._get(endpoint, self._page_params(offset))
        return self._parse_page(endpoint, offset, decoded, body)

    def _parse_page(self, endpoint: str, offset: int, decoded: Any, body: bytes) -> Page:
        try:
            total, rows = int(decoded["total"]), decoded["data"]
        except (TypeError, KeyError, ValueError) as exc:
            raise SourceApiError(
                f"{self.url(endpoint)}?offset={offset} did not answer a page "
                f"{{total, limit, offset, data}}: {exc!r}"
            ) from exc
        expected = max(0, min(self.page_size, total - offset))
        if len(rows) != expected:
            raise SourceApiError(
                f"{self.url(endpoint)}?offset={offset} returned {len(rows)} rows, "
                f"expected {expected} of total {total}."
            )
        return Page(offset=offset, total=total, rows=rows, body=body)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class SisClient(PaginatedApiClient):
    """Student Information System: /students (roster) and /attendance."""


class LmsClient(PaginatedApiClient):
    """Learning Management System: /assignments (catalog) and /gradebook."""


class StateClient(PaginatedApiClient):
    """State Reporting: /isat scores keyed by eduid."""
