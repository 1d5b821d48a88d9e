"""Resources shared by the assets: the working warehouse and dbt."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from pipelines.dbt_project import dbt_cli
from pipelines.settings import build_path

# Applied with SET rather than as connection options: dbt-duckdb (fetching row counts) opens
# the same file in this process with no options, and DuckDB refuses a second connection whose
# options differ. That is also why dagster-duckdb's resource, which always adds a user-agent
# option, is not used.
OFFLINE_SETTINGS = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


class BuildDatabase(ConfigurableResource):
    """The working copy of the warehouse; extensions are never fetched at run time."""

    database: str

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(self.database)
        try:
            for key, value in OFFLINE_SETTINGS.items():
                con.execute(f"SET {key} = {value}")
            yield con
        finally:
            con.close()


def build_database() -> BuildDatabase:
    path = build_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # dbt runs as a subprocess and finds the same file through its profile.
    os.environ["NTM_BUILD_DB"] = str(path)
    return BuildDatabase(database=str(path))


def dbt_resource() -> DbtCliResource:
    return dbt_cli()
