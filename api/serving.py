"""Shared serving code for the three source-system APIs (SIS, LMS, State Reporting).

Each API module (``sis.py``, ``lms.py``, ``state.py``) only declares its datasets; this module
turns those declarations into a FastAPI app with the source contract of docs/data-contract.md:

* ``GET /`` health check, saying which data the API serves (folder, files, fingerprint);
* ``GET /<dataset>?limit=&offset=&<filters>`` pages of ``{"total", "limit", "offset", "data"}``;
* ``GET /<dataset>/{id}`` look-ups (404 for unknown ids).

Data is read from parquet files in ``IETA_DATA_DIR`` (default: ``data/`` beside this file) at
start-up, kept in memory as an Arrow table with the sha256 of the bytes it was read from, and
re-read only when the file changes on disk.
Pages are serialized straight from Arrow slices (polars, or orjson for other column types):
FastAPI's default ``jsonable_encoder`` path costs 50-100 ms per wide page, this path a few
milliseconds.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import logging
import os
import random
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel

from data_fingerprint import content_digest, fingerprint

logger = logging.getLogger("ieta.api")

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
MAX_OFFSET = 2**31 - 1
INT64 = {"ge": -(2**63), "le": 2**63 - 1}  # ids are int64 in the data files


def data_dir() -> Path:
    """Folder the APIs serve: ``IETA_DATA_DIR`` or ``api/data``."""
    return Path(os.environ.get("IETA_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


# --------------------------------------------------------------------------------------------
# Dataset declarations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """An optional equality filter ``?column=value`` on a list endpoint."""

    column: str
    type: type = str
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    """One list endpoint backed by one parquet file.

    ``lookup`` names the column matched by ``GET /<name>/{lookup}``. When ``lookup_unique`` is
    true the look-up answers the single row; otherwise (a student's enrollments) it answers the
    same envelope as the list endpoint with every matching row.
    """

    name: str
    file: str
    description: str
    filters: tuple[Filter, ...] = ()
    lookup: Filter | None = None
    lookup_unique: bool = False


# --------------------------------------------------------------------------------------------
# Cached tables
# --------------------------------------------------------------------------------------------


class DataFileError(Exception):
    """A data file is missing or unreadable; answered as 503 with the file named."""


@dataclass
class _Loaded:
    table: pa.Table
    signature: tuple[int, int]
    digest: str  # of the file's bytes the table was read from (data_fingerprint.content_digest)
    lookup_index: dict[Any, list[int]] = field(default_factory=dict)


class TableCache:
    """Keeps one Arrow table per data file, re-read only when the file's mtime or size changes."""

    def __init__(self) -> None:
        self._loaded: dict[Path, _Loaded] = {}
        self._lock = threading.Lock()

    def get(self, dataset: Dataset) -> _Loaded:
        path = data_dir() / dataset.file
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise DataFileError(
                f"Data file {path} does not exist. Generate the data with "
                f"'python scripts/generate_data.py' in api/, or point IETA_DATA_DIR at the "
                f"folder holding {dataset.file}."
            ) from None
        signature = (stat.st_mtime_ns, stat.st_size)
        loaded = self._loaded.get(path)
        if loaded is not None and loaded.signature == signature:
            return loaded
        with self._lock:
            loaded = self._loaded.get(path)
            if loaded is None or loaded.signature != signature:
                loaded = self._load(path, signature, dataset)
                self._loaded[path] = loaded
        return loaded

    @staticmethod
    def _load(path: Path, signature: tuple[int, int], dataset: Dataset) -> _Loaded:
        # The file is read once; the table and the digest come from the same bytes, so the
        # fingerprint on GET / is that of the data served. Hashing takes 1-2 ms per MB here, a
        # small part of the load (100,000 students: 4 MB of SIS files, 0.6 s to load).
        try:
            content = path.read_bytes()
            table = pq.read_table(pa.BufferReader(content))
        except Exception as exc:  # any parquet/IO error becomes a clear 503
            raise DataFileError(f"Data file {path} could not be read: {exc}") from exc
        # Combine chunks once so every page is a cheap zero-copy slice.
        table = table.combine_chunks()
        index: dict[Any, list[int]] = {}
        if dataset.lookup is not None:
            if dataset.lookup.column not in table.column_names:
                raise DataFileError(
                    f"Data file {path} has no column '{dataset.lookup.column}' "
                    f"(columns: {', '.join(table.column_names)})."
                )
            for position, key in enumerate(table.column(dataset.lookup.column).to_pylist()):
                index.setdefault(key, []).append(position)
        logger.info("loaded %s: %d rows, %d columns", path, table.num_rows, table.num_columns)
        return _Loaded(
            table=table, signature=signature, digest=content_digest(content), lookup_index=index
        )


def preload(cache: TableCache, datasets: list[Dataset]) -> None:
    """Read every data file once at start-up, in a thread: the first page of an endpoint then
    costs what the others do (at 100,000 students reading attendance.parquet takes 0.8 s, which
    the first extract would otherwise wait for). The API answers meanwhile; a request for a
    table still loading waits for it. A file that cannot be read is left for the requests to
    report (503 naming the file)."""
    for dataset in datasets:
        try:
            cache.get(dataset)
        except DataFileError as exc:
            logger.warning("not preloaded: %s", exc)


# Column types polars writes exactly as orjson writes their Python values (NaN and infinities
# as null, dates as ISO strings). Timestamps differ (a space instead of "T"), so a table with
# any other type takes the orjson path.
_POLARS_JSON_TYPES = (
    pa.types.is_integer,
    pa.types.is_floating,
    pa.types.is_string,
    pa.types.is_large_string,
    pa.types.is_boolean,
    pa.types.is_date32,
    pa.types.is_null,
)


def rows_json(table: pa.Table) -> bytes:
    """Serialize an Arrow table as a JSON array of row objects (nulls as null, dates ISO).

    polars writes the JSON straight from the Arrow buffers: 2.2 ms for a 1000-row gradebook
    page here, against 6.5 ms for Arrow ``to_pylist`` (Python objects) plus orjson, which is
    the fallback for column types outside ``_POLARS_JSON_TYPES``.
    """
    if all(any(check(t) for check in _POLARS_JSON_TYPES) for t in table.schema.types):
        buffer = io.BytesIO()
        pl.from_arrow(table).write_json(buffer)
        return buffer.getvalue()
    return orjson.dumps(table.to_pylist(), option=orjson.OPT_SERIALIZE_NUMPY)


def page_json(total: int, limit: int, offset: int, table: pa.Table) -> bytes:
    """The list envelope; rows are serialized once, never through ``jsonable_encoder``."""
    head = orjson.dumps({"total": total, "limit": limit, "offset": offset})
    return head[:-1] + b',"data":' + rows_json(table) + b"}"


def json_response(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


# --------------------------------------------------------------------------------------------
# Response models (for the OpenAPI document only; bodies are built with orjson)
# --------------------------------------------------------------------------------------------


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    data: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    system: str
    endpoints: list[str]
    data_dir: str
    data_files: list[str]
    fingerprint: str | None


class ErrorMessage(BaseModel):
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorMessage, "description": "Missing or wrong bearer token"},
    503: {"model": ErrorMessage, "description": "The data file is missing or unreadable"},
}


# --------------------------------------------------------------------------------------------
# App factory
# --------------------------------------------------------------------------------------------


def require_token(request: Request) -> None:
    """When ``API_TOKEN`` is set, every request must carry it as a bearer token."""
    expected = os.environ.get("API_TOKEN")
    if not expected:
        return
    if request.headers.get("authorization", "") != f"Bearer {expected}":
        raise HTTPException(status_code=401, detail="Missing or invalid bearer token.")


class FaultInjection:
    """ASGI middleware that makes a source misbehave on purpose, for reliability tests.

    Off unless configured (all rates default to 0); health checks and docs are never disturbed:

    * ``IETA_FAULT_ERROR_RATE``: fraction of data requests answered 500 or 503;
    * ``IETA_FAULT_RESET_RATE``: fraction whose connection is cut mid-response;
    * ``IETA_FAULT_SLOW_RATE`` / ``IETA_FAULT_SLOW_SECONDS``: fraction delayed by that long
      (past the client's timeout);
    * ``IETA_FAULT_SEED``: seed for the random choices (repeatable failures).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.error_rate = float(os.environ.get("IETA_FAULT_ERROR_RATE", "0"))
        self.reset_rate = float(os.environ.get("IETA_FAULT_RESET_RATE", "0"))
        self.slow_rate = float(os.environ.get("IETA_FAULT_SLOW_RATE", "0"))
        self.slow_seconds = float(os.environ.get("IETA_FAULT_SLOW_SECONDS", "60"))
        self.random = random.Random(os.environ.get("IETA_FAULT_SEED", "0"))

    @property
    def enabled(self) -> bool:
        return any((self.error_rate, self.reset_rate, self.slow_rate))

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in ("/", "/docs", "/openapi.json"):
            return await self.app(scope, receive, send)
        draw = self.random.random()
        if draw < self.error_rate:
            status = self.random.choice([500, 503])
            body = orjson.dumps({"detail": f"injected fault: HTTP {status}"})
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json")]})  # fmt: skip
            return await send({"type": "http.response.body", "body": body})
        draw -= self.error_rate
        if draw < self.reset_rate:
            # Promise a body, then close the connection without sending it.
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", b"1000")]})  # fmt: skip
            raise ConnectionResetError("injected fault: connection reset")
        draw -= self.reset_rate
        if draw < self.slow_rate:
            await asyncio.sleep(self.slow_seconds)
        return await self.app(scope, receive, send)


def create_app(system: str, description: str, datasets: list[Dataset]) -> FastAPI:
    """Build the FastAPI app of one source system from its dataset declarations."""
    cache = TableCache()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=preload, args=(cache, datasets), daemon=True).start()
        yield

    app = FastAPI(
        title=f"{system} API",
        description=description,
        version="1.0.0",
        dependencies=[Depends(require_token)],
        lifespan=lifespan,
    )
    endpoints = [f"/{d.name}" for d in datasets] + [
        f"/{d.name}/{{{d.lookup.column}}}" for d in datasets if d.lookup is not None
    ]

    @app.exception_handler(DataFileError)
    async def data_file_error(_: Request, exc: DataFileError) -> Response:
        logger.error("%s", exc)
        return Response(
            content=orjson.dumps({"detail": str(exc)}),
            status_code=503,
            media_type="application/json",
        )

    @app.get(
        "/",
        response_model=Health,
        summary="Health check, and which data this API serves",
        description=(
            "`data_dir`: the folder served (absolute); `data_files`: the files read from it; "
            "`fingerprint`: sha256 over each file's name and content, null while a file is "
            "missing or unreadable (its endpoints then answer 503 naming it)."
        ),
        tags=["health"],
    )
    def health() -> dict[str, Any]:
        # A plain def: FastAPI runs it in a worker thread, since it may wait for a file that is
        # being (re)loaded; it then reports what the next data request would be served.
        try:
            served = fingerprint({d.file: cache.get(d).digest for d in datasets})
        except DataFileError:
            served = None
        return {
            "status": "healthy",
            "system": system,
            "endpoints": endpoints,
            "data_dir": str(data_dir()),
            "data_files": [d.file for d in datasets],
            "fingerprint": served,
        }

    for dataset in datasets:
        _add_list_endpoint(app, cache, dataset)
        if dataset.lookup is not None:
            _add_lookup_endpoint(app, cache, dataset)
    faults = FaultInjection(app)
    if faults.enabled:
        logger.warning(
            "fault injection is ON for %s: errors %.0f%%, resets %.0f%%, slow %.0f%% (%.0fs)",
            system,
            faults.error_rate * 100,
            faults.reset_rate * 100,
            faults.slow_rate * 100,
            faults.slow_seconds,
        )
        app.add_middleware(FaultInjection)
    return app


def _with_signature(func: Callable[..., Any], params: list[inspect.Parameter]) -> Callable:
    """Give ``func`` an explicit signature so FastAPI validates and documents each filter."""
    func.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return func


def _add_list_endpoint(app: FastAPI, cache: TableCache, dataset: Dataset) -> None:
    async def list_rows(**params: Any) -> Response:
        limit, offset = params.pop("limit"), params.pop("offset")
        table = cache.get(dataset).table
        mask = None
        for flt in dataset.filters:
            value = params.get(flt.column)
            if value is None:
                continue
            if flt.column not in table.column_names:
                raise DataFileError(
                    f"Data file {data_dir() / dataset.file} has no column '{flt.column}'."
                )
            condition = pc.equal(table.column(flt.column), pa.scalar(value))
            mask = condition if mask is None else pc.and_(mask, condition)
        if mask is not None:
            table = table.filter(mask)
        page = table.slice(offset, limit)
        return json_response(page_json(table.num_rows, limit, offset, page))

    params = [
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size"),
            annotation=int,
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(0, ge=0, le=MAX_OFFSET, description="Rows to skip"),
            annotation=int,
        ),
    ] + [
        inspect.Parameter(
            flt.column,
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(
                None,
                description=flt.description or f"Only rows with this {flt.column}",
                **(INT64 if flt.type is int else {}),
            ),
            annotation=flt.type | None,
        )
        for flt in dataset.filters
    ]
    app.get(
        f"/{dataset.name}",
        response_model=Page,
        responses=ERROR_RESPONSES,
        summary=f"List {dataset.name}",
        description=dataset.description,
        tags=[dataset.name],
    )(_with_signature(list_rows, params))


def _add_lookup_endpoint(app: FastAPI, cache: TableCache, dataset: Dataset) -> None:
    lookup = dataset.lookup
    assert lookup is not None

    async def get_rows(**params: Any) -> Response:
        key = params[lookup.column]
        loaded = cache.get(dataset)
        positions = loaded.lookup_index.get(key)
        if not positions:
            raise HTTPException(
                status_code=404,
                detail=f"No {dataset.name} row with {lookup.column} = {key!r}.",
            )
        rows = loaded.table.take(pa.array(positions, type=pa.int64()))
        if dataset.lookup_unique:
            return json_response(orjson.dumps(rows.slice(0, 1).to_pylist()[0]))
        return json_response(page_json(rows.num_rows, rows.num_rows, 0, rows))

    params = [
        inspect.Parameter(
            lookup.column,
            inspect.Parameter.KEYWORD_ONLY,
            default=PathParam(
                description=lookup.description or lookup.column,
                **(INT64 if lookup.type is int else {}),
            ),
            annotation=lookup.type,
        )
    ]
    app.get(
        f"/{dataset.name}/{{{lookup.column}}}",
        response_model=dict[str, Any] if dataset.lookup_unique else Page,
        responses={**ERROR_RESPONSES, 404: {"model": ErrorMessage, "description": "Unknown id"}},
        summary=f"{dataset.name} by {lookup.column}",
        tags=[dataset.name],
    )(_with_signature(get_rows, params))
