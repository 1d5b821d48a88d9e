"""Dagster's SQLite event log with each database's connection kept open.

Dagster's own ``SqliteEventLogStorage`` creates an engine and opens a new SQLite connection
for every event it stores (and a second one for the events it mirrors into the index
database). A one-year build stores about a thousand events (every dbt test is an asset
check: planned, evaluated, output), so opening connections was about 4 s of CPU of a 35 s
build (measured on the bundled sample, ``ntm build --year 2024``). This subclass keeps one
engine, and its pooled connection, per database for as long as the process runs; the files,
their tables and Dagster's reading of them are unchanged, so an existing ``DAGSTER_HOME``
keeps its history. Configured in the ``dagster.yaml`` that
``pipelines.orchestration.instance`` writes.

Written here rather than taken from a library because no maintained storage does this; it
overrides ``_connect`` and takes the default folder from ``_event_logs_directory``, both
private to Dagster (pinned): ``tests/test_definitions.py`` fails if an upgrade renames the one
or moves the other.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite_storage import _event_logs_directory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

# Databases whose engine stays open: a build writes two (its run's and the index), the UI
# reads a few runs at a time; older ones are closed rather than kept for ever.
OPEN_DATABASES = 8


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that opens each database once, not once per event."""

    def __init__(self, base_dir: str | None = None, inst_data: Any = None) -> None:
        # Set before the parent's constructor, which may already connect to the index.
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables: set[str] = set()
        # Without a base_dir, where Dagster's default storage keeps them (history/runs).
        super().__init__(base_dir or _event_logs_directory(os.environ["DAGSTER_HOME"]),
                         inst_data=inst_data)

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Any) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **(config_value or {}))

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            # One connection kept, used under the parent's lock by whichever thread asks;
            # Dagster's schema set-up opens another while one is out, closed when returned.
            engine = create_engine(
                self.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1,
                max_overflow=4, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                              "check_same_thread": False})
            self._engines[shard] = engine
            while len(self._engines) > OPEN_DATABASES:
                self._engines.popitem(last=False)[1].dispose()
        else:
            self._engines.move_to_end(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        """Whether the index database has the table. Dagster asks before storing every asset
        check event and every planned one (about 460 a one-year build), each time through a
        new engine and connection: about 5 % of a build's CPU. A table Dagster's migrations
        have made stays, so a yes is kept; a no is asked again (a migration may add it)."""
        if table_name in self._tables:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables.add(table_name)
        return found

    def _close_all(self) -> None:
        self._tables.clear()  # a wiped index is made again, possibly by an older schema
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_all()  # the run databases are deleted: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()
