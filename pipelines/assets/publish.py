"""Publish the working warehouse as the file readers open."""


import os
import shutil

import dagster as dg

from pipelines.assets.dbt import ntm_dbt_models
from pipelines.assets.quality import REPORT_NAME, quality_flags, report_path
from pipelines.resources import BuildDatabase
from pipelines.settings import warehouse_path


def publish(source: os.PathLike[str], target: os.PathLike[str]) -> None:
    """Copy, then rename over the published file: a reader that has the old file open keeps
    it, a new reader gets the whole new one, and nobody sees a half-written warehouse.
    The source must be checkpointed (its write-ahead log folded in) by the caller."""
    target = os.fspath(target)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    staging = f"{target}.publishing-{os.getpid()}"
    try:
        shutil.copyfile(source, staging)
        os.replace(staging, target)
    finally:
        if os.path.exists(staging):
            os.remove(staging)


@dg.asset(
    key=["published_warehouse"],
    deps=[ntm_dbt_models, quality_flags],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file statisticians and BI tools read (NTM_WAREHOUSE).",
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: BuildDatabase
) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        con.execute("CHECKPOINT")
    target = warehouse_path()
    publish(warehouse.path(), target)
    report = report_path(warehouse)
    if report.exists():
        publish(report, target.parent / REPORT_NAME)
    context.log.info(f"published {target}")
    return dg.MaterializeResult(
        metadata={"path": str(target), "size_bytes": target.stat().st_size}
    )
