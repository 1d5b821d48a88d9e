"""Publish the working warehouse as a new kept version that readers open, with the quality
report of the same build beside it."""

import contextlib
from pathlib import Path

import dagster as dg

from pipelines.assets.dbt import ntm_dbt_flags, ntm_dbt_models
from pipelines.orchestration.resources import BuildDatabase
from pipelines.publishing import publish
from pipelines.quality.report import write_report
from pipelines.settings import warehouse_path
from pipelines.warehouse import write_published_copy

REPORT_NAME = "quality_report.html"


@dg.asset(
    key=["published_warehouse"],
    deps=[ntm_dbt_models, ntm_dbt_flags],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file statisticians and BI tools read (NTM_WAREHOUSE), with the "
    "last few published versions kept beside it for rollback, and quality_report.html.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: BuildDatabase
) -> dg.MaterializeResult:
    report = report_path(warehouse)
    with warehouse.get_connection() as con:
        write_report(con, report)
        first, last = con.execute("SELECT min(year), max(year) FROM quality.submissions "
                                  "WHERE status = 'current'").fetchone()
        # A new file rather than the working copy itself: older DuckDB clients open it.
        published = write_published_copy(
            con, Path(warehouse.path()).parent / "publish" / warehouse_path().name)
    target = warehouse_path()
    tags = context.run.tags
    # What this run refreshed (one year, or the partition range of a full build), and the
    # years the published data holds, which is what a reader of `ntm versions` asks.
    refreshed = tags.get("dagster/partition") or tags.get("ntm/refreshed") or "all"
    years = "" if first is None else str(first) if first == last else f"{first}-{last}"
    try:
        version = publish(
            published, target, {REPORT_NAME: report},
            info={"run_id": context.run.run_id, "years": years, "refreshed": refreshed},
        )
    finally:
        published.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            published.parent.rmdir()
    context.log.info(f"published {target} (version {version.id})")
    return dg.MaterializeResult(
        metadata={
            "path": str(target),
            "version": version.id,
            "size_bytes": target.stat().st_size,
            "sha256": version.info["files"][target.name]["sha256"],
            "report": dg.MetadataValue.path(str(target.parent / REPORT_NAME)),
        }
    )


def report_path(warehouse: BuildDatabase) -> Path:
    """The report is written beside the working warehouse and published beside the other."""
    return Path(warehouse.path()).parent / REPORT_NAME
