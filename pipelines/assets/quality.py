"""The expectation suites as Dagster asset checks, and the table of their results.

Each suite (``expectations/<check table>.suite.json``) is a blocking asset check on the
asset it guards, run for the years of the run after dbt built its check table. A check that
finds problems stores them in ``quality.expectation_flags`` and reports them with WARN
severity: flags never stop publishing. A check that cannot run raises, and then nothing is
published. The asset ``quality/expectation_flags`` comes after every check; the dbt model
``quality.flags`` is built from it and the ingest's flags in the build's second dbt step.
"""

import time
import warnings
from collections import Counter

import dagster as dg

from pipelines.orchestration.partitions import years_partitions
from pipelines.orchestration.resources import BuildDatabase
from pipelines.quality.results import count_by_suite, replace_flags
from pipelines.quality.suites import Suite, all_suites
from pipelines.quality.validate import validate

# Partitioned asset checks are a preview feature of the pinned Dagster; they are what lets a
# suite check exactly the years of a run. Say so once here instead of at every import.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec")


def _check_for(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(suite.asset)),
        name=f"expectations_{suite.name}",
        description=f"Great Expectations suite {suite.path.name} (beside the dbt "
                    f"model {suite.model}): "
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
    key=["quality", "expectation_flags"],
    deps=sorted({dg.AssetKey(list(s.asset)) for s in all_suites()},
                key=lambda k: k.to_user_string()),
    group_name="quality",
    kinds={"duckdb"},
    description="quality.expectation_flags: the flags of every expectation suite, kept by "
                "suite and year; comes after every suite's check and feeds quality.flags.",
)
def expectation_flags(warehouse: BuildDatabase) -> dg.MaterializeResult:
    """The suites' checks wrote their rows; this step stands for the table in the asset graph,
    so that the dbt model reading it waits for all of them."""
    with warehouse.get_connection() as con:
        counts = count_by_suite(con)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": sum(counts.values()),
        "by_suite": dg.MetadataValue.json(counts),
    })


__all__ = ["expectation_checks", "expectation_flags"]
