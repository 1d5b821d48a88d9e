"""Raw tables: every submission under the raw folder, read for the run's years."""


import dagster as dg

from pipelines.ingest.run import ingest
from pipelines.ingest.store import CONTENT_TABLES
from pipelines.orchestration.partitions import partition_years, single_run, years_partitions
from pipelines.orchestration.resources import BuildDatabase
from pipelines.progress import counter
from pipelines.settings import raw_dir

RAW_TABLES = ("files", "submissions", "submission_flags", *CONTENT_TABLES)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", table], group_name="ingest", kinds={"duckdb", "polars"},
                     description=f"Raw table raw.{table}, with file, sha256, sheet and row.")
        for table in RAW_TABLES
    ],
    partitions_def=years_partitions,
    backfill_policy=single_run,
    can_subset=False,
)
def raw_tables(context: dg.AssetExecutionContext, warehouse: BuildDatabase):
    """Read new or changed files (by sha256) and record every file's status for the years of
    this run."""
    years = [int(key) for key in context.partition_keys]
    folder = raw_dir()
    update, close = counter("reading new files", "file")
    with warehouse.get_connection() as con:
        try:
            summary = ingest(con, folder, years, partition_years(), progress=update)
        finally:
            close()
        counts = {
            table: con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in RAW_TABLES
        }
    context.log.info(
        f"{summary.files_seen} files under {folder}: {summary.files_read} read, "
        f"{summary.files_reused} unchanged; statuses {summary.statuses}"
    )
    for table in RAW_TABLES:
        yield dg.MaterializeResult(
            asset_key=["raw", table],
            metadata={
                "dagster/row_count": counts[table],
                "files_seen": summary.files_seen,
                "files_read": summary.files_read,
                "statuses": dg.MetadataValue.json(summary.statuses),
            },
        )
