"""Dagster's SQLite event log, with its database connections kept open between events.

Every event of a run (a step starting, an asset materialized, a dbt test's check result) is a
row in Dagster's event log. The default SQLite storage builds a new SQLAlchemy engine, opens the
database file and closes it again for every write, and again for each index it updates. Measured
here on the ~480 events of a 500-student run, replayed into a fresh ``DAGSTER_HOME``: 12 ms per
event (6 s per run, most of it on the critical path), against 2.3 ms with one open engine per
database file. This class is that storage with the engines kept: the files, their schema and
everything the UI reads are Dagster's own. A deployment with more than one machine would use
Postgres storage (dagster-postgres) instead.

It replaces private methods of Dagster's class (``_connect``, ``has_table``), which the pinned
Dagster version defines; after upgrading Dagster, run ``tests/test_event_log_storage.py``.

``dagster.yaml`` selects it (``event_log_storage``), pointing it at ``DAGSTER_HOME``: open another
home's instance with ``instance_at(home)``, not ``DagsterInstance.from_config(home)``.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._config import StringSource
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from dagster_demo.environment import environment_variable

# Open engines kept: the cross-run index plus the most recent runs' files. A long-lived process
# (the webserver) reads many runs; the oldest engine is closed when a new one would exceed this.
MAX_OPEN_DATABASES = 8


def event_log_directory(dagster_home: str) -> str:
    """Where Dagster's default storage keeps the event logs of ``dagster_home``."""
    return os.path.join(os.path.abspath(dagster_home), "history", "runs")


@contextmanager
def instance_at(dagster_home: str | Path) -> Iterator[dg.DagsterInstance]:
    """The Dagster instance of ``dagster_home`` (a test's or the benchmark's), opened with
    ``DAGSTER_HOME`` set to it, which its ``dagster.yaml`` reads."""
    with (
        environment_variable("DAGSTER_HOME", os.path.abspath(dagster_home)),
        dg.DagsterInstance.get() as instance,
    ):
        yield instance


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that keeps one open engine per database file.

    Writes stay serialized by the parent's lock, which is held for as long as a connection is
    in use, so one connection per file (``StaticPool``) serves every thread of the process.
    """

    def __init__(self, dagster_home: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_present: set[str] = set()
        super().__init__(event_log_directory(dagster_home), inst_data=inst_data)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"dagster_home": StringSource}

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def register_instance(self, instance: dg.DagsterInstance) -> None:
        # The path comes from DAGSTER_HOME; an instance opened from another folder
        # (DagsterInstance.from_config) would otherwise read and write the wrong runs' events.
        if event_log_directory(instance.root_directory) != self._base_dir:
            raise dg.DagsterInvariantViolationError(
                f"dagster.yaml in {instance.root_directory} keeps its event log in "
                f"{self._base_dir} (from DAGSTER_HOME). Set DAGSTER_HOME to "
                f"{instance.root_directory} (or use instance_at) to open this instance."
            )
        super().register_instance(instance)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)  # most recently used last
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=StaticPool,
            # The parent's lock, not sqlite3's thread check, keeps the connection to one thread
            # at a time.
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > MAX_OPEN_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    def has_table(self, table_name: str) -> bool:
        # Asked for every asset check event; the parent opens the index file each time.
        # A table, once there, stays (wipe() forgets what was seen).
        if table_name not in self._tables_present:
            if not super().has_table(table_name):
                return False
            self._tables_present.add(table_name)
        return True

    def _close_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        self._close_engines()  # before the parent deletes the files they point at
        self._tables_present.clear()
        super().wipe()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()
