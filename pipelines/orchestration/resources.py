"""Resources shared by the assets: the working warehouse."""

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext

from pipelines.orchestration.locking import warehouse_lock
from pipelines.settings import build_path
from pipelines.warehouse import connect_working, set_aside_if_unreadable


class BuildDatabase(ConfigurableResource):
    """The working copy of the warehouse (``pipelines.warehouse``).

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
        con = connect_working(self.path())
        try:
            yield con
        finally:
            con.close()

