"""Publish the working warehouse as a new kept version that readers open."""

import dagster as dg

from pipelines.assets.dbt import ntm_dbt_models
from pipelines.assets.quality import REPORT_NAME, quality_flags, report_path
from pipelines.publishing import publish
from pipelines.resources import BuildDatabase
from pipelines.settings import warehouse_path


@dg.asset(
    key=["published_warehouse"],
    deps=[ntm_dbt_models, quality_flags],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file statisticians and BI tools read (NTM_WAREHOUSE), with the "
    "last few published versions kept beside it for rollback.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: BuildDatabase
) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        # Fold the write-ahead log into the file: the copy must be the whole warehouse.
        con.execute("CHECKPOINT")
    target = warehouse_path()
    report = report_path(warehouse)
    extras = {REPORT_NAME: report} if report.exists() else {}
    tags = context.run.tags
    years = tags.get("dagster/partition") or "-".join(
        tags[key] for key in ("dagster/asset_partition_range_start",
                              "dagster/asset_partition_range_end") if key in tags)
    version = publish(
        warehouse.path_obj(), target, extras,
        info={"run_id": context.run_id, "years": years},
    )
    context.log.info(f"published {target} (version {version.id})")
    return dg.MaterializeResult(
        metadata={
            "path": str(target),
            "version": version.id,
            "size_bytes": target.stat().st_size,
            "sha256": version.info["files"][target.name]["sha256"],
        }
    )
