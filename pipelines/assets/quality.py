"""The expectation suites as Dagster asset checks, and the assembled ``quality.flags``.

Each suite of ``expectations/`` is a blocking asset check on the table it checks, run for the
years of the run after dbt built that table. A check that finds problems reports them with
WARN severity: flags never stop publishing. A check that cannot run raises, and then nothing
is published. ``quality/flags`` runs after every check and joins their flags with the
ingest's.
"""

import time
import warnings
from collections import Counter
from pathlib import Path

import dagster as dg

from pipelines.partitions import years_partitions
from pipelines.quality.report import write_report
from pipelines.quality.store import rebuild_flags, replace_flags
from pipelines.quality.suites import Suite, all_suites
from pipelines.quality.validate import validate
from pipelines.resources import BuildDatabase

REPORT_NAME = "quality_report.html"

# Partitioned asset checks are a preview feature of the pinned Dagster; they are what lets a
# suite check exactly the years of a run. Say so once here instead of at every import.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec")


def _check_for(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(suite.asset)),
        name=f"expectations_{suite.name}",
        description=f"Great Expectations suite expectations/{suite.path.name}: "
                    f"{suite.description}",
        blocking=True,
        partitions_def=years_partitions,
    )
    def _check(context: dg.AssetCheckExecutionContext,
               warehouse: BuildDatabase) -> dg.AssetCheckResult:
        years = [int(k) for k in context.partition_keys]
        started = time.perf_counter()
        with warehouse.get_connection() as con:
            placeholders = ", ".join("?" for _ in years)
            frame = con.execute(
                f"SELECT * FROM {suite.table} WHERE year IN ({placeholders})", years).df()
            read_s = time.perf_counter() - started
            flags = validate(suite, frame)
            replace_flags(con, suite.name, years, flags)
        by_code = Counter(f["check_code"] for f in flags)
        return dg.AssetCheckResult(
            passed=not flags,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{len(flags)} flags in {len(frame)} rows" if flags else
            f"{len(frame)} rows, no flags",
            metadata={
                "rows_checked": len(frame),
                "flags": len(flags),
                "flags_by_check": dg.MetadataValue.json(dict(by_code)),
                "read_seconds": round(read_s, 3),
                "seconds": round(time.perf_counter() - started, 3),
            },
        )

    return _check


expectation_checks = [_check_for(suite) for suite in all_suites()]


@dg.asset(
    key=["quality", "flags"],
    deps=sorted({dg.AssetKey(list(s.asset)) for s in all_suites()}
                | {dg.AssetKey(["intermediate", "int_ingest_flags"])},
                key=lambda k: k.to_user_string()),
    group_name="quality",
    kinds={"duckdb"},
    description="quality.flags: every problem found, by the ingest and by the expectation "
                "suites, with its file, sheet and row; and the HTML quality report.",
)
def quality_flags(context: dg.AssetExecutionContext,
                  warehouse: BuildDatabase) -> dg.MaterializeResult:
    started = time.perf_counter()
    with warehouse.get_connection() as con:
        count = rebuild_flags(con)
        counts = dict(con.execute(
            "SELECT severity, count(*) FROM quality.flags GROUP BY 1").fetchall())
        report = write_report(con, report_path(warehouse))
    context.log.info(f"{count} quality flags; report {report}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": count,
        "by_severity": dg.MetadataValue.json(counts),
        "report": dg.MetadataValue.path(str(report)),
        "seconds": round(time.perf_counter() - started, 3),
    })


def report_path(warehouse: BuildDatabase) -> Path:
    """The report is written beside the working warehouse and published beside the other."""
    return Path(warehouse.path()).parent / REPORT_NAME


__all__ = ["expectation_checks", "quality_flags"]
