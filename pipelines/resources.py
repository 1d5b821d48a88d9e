"""Resources shared by the assets: the working warehouse and dbt."""

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager

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


class BuildDatabase(ConfigurableResource):
    """The working copy of the warehouse; extensions are never fetched at run time.

    The path is resolved when a connection is made, not when the code location is loaded, so
    that ``NTM_WAREHOUSE`` set for one run (a test, a second warehouse) is honoured.
    """

    database: str = ""

    def path(self) -> str:
        return self.database or str(build_path())

    @contextmanager
    def yield_for_execution(
        self, context: InitResourceContext
    ) -> Generator["BuildDatabase", None, None]:
        """Hold the build lock for the whole run (ingest, dbt, publish), however the run was
        started: DuckDB allows one writer, so a second run stops here with a clear message
        instead of failing half-way on DuckDB's lock."""
        with warehouse_lock(self.path()):
            yield self

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        con = duckdb.connect(path)
        try:
            for key, value in OFFLINE_SETTINGS.items():
                con.execute(f"SET {key} = {value}")
            yield con
        finally:
            con.close()


def dbt_resource() -> DbtCliResource:
    return dbt_cli()
