"""Resources shared by the assets: the working warehouse and dbt."""

import os
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext
from dagster_dbt import DbtCliResource

from pipelines.dbt_project import dbt_cli
from pipelines.locking import warehouse_lock
from pipelines.settings import build_path

# Applied with SET rather than as connection options: dbt-duckdb (fetching row counts) opens
# the same file in this process with no options, and DuckDB refuses a second connection whose
# options differ. That is also why dagster-duckdb's resource, which always adds a user-agent
# option, is not used.
OFFLINE_SETTINGS = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}

# If a build's own process is killed, its dbt subprocess may still be finishing and holds
# DuckDB's write lock on the working copy for a few seconds more; the next build waits for it.
LOCK_WAIT_SECONDS = float(os.environ.get("NTM_LOCK_WAIT_SECONDS", "300"))


class BuildDatabase(ConfigurableResource):
    """The working copy of the warehouse; extensions are never fetched at run time.

    The path is resolved when a connection is made, not when the code location is loaded, so
    that ``NTM_WAREHOUSE`` set for one run (a test, a second warehouse) is honoured.
    """

    database: str = ""

    def path(self) -> str:
        return self.database or str(build_path())

    def path_obj(self) -> Path:
        return Path(self.path())

    @contextmanager
    def yield_for_execution(
        self, context: InitResourceContext
    ) -> Generator["BuildDatabase", None, None]:
        """Hold the build lock for the whole run (ingest, dbt, publish), however the run was
        started: DuckDB allows one writer, so a second run stops here with a clear message
        instead of failing half-way on DuckDB's lock."""
        with warehouse_lock(self.path()):
            moved = set_aside_if_unreadable(self.path_obj())
            if moved is not None and context.log is not None:
                context.log.warning(
                    f"the working copy could not be opened and was moved to {moved}; this "
                    "build starts from an empty one and reads every file again"
                )
            yield self

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        con = connect_waiting(path)
        try:
            for key, value in OFFLINE_SETTINGS.items():
                con.execute(f"SET {key} = {value}")
            yield con
        finally:
            con.close()


def connect_waiting(
    path: str, wait_seconds: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """Open ``path`` for writing, waiting while a leftover process of a killed build holds
    DuckDB's lock (the build lock guarantees no live build does)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(path)
        except duckdb.IOException as error:
            if "Conflicting lock" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def set_aside_if_unreadable(path: Path) -> Path | None:
    """Move a working copy DuckDB cannot open (a disk that filled up mid-write, a damaged
    file) aside, so the build recovers by itself. Nothing is lost: the raw files are the
    source of every row, and the published warehouse is a separate file."""
    if not path.exists():
        return None
    try:
        connect_waiting(str(path)).close()
        return None
    except duckdb.IOException as error:
        if "Conflicting lock" in str(error):
            raise
        damaged = _damaged_name(path)
    except duckdb.Error:
        damaged = _damaged_name(path)
    os.replace(path, damaged)
    wal = Path(f"{path}.wal")
    if wal.exists():
        os.replace(wal, Path(f"{damaged}.wal"))
    return damaged


def _damaged_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.damaged-{stamp}")


def dbt_resource() -> DbtCliResource:
    return dbt_cli()
