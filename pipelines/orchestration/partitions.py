"""Reporting years as Dagster partitions.

Time-window partitions (not a static list) so that a yearly schedule can target "last year"
and a new year appears without a code change. They start in 2010, the programme's first year,
and include the current year (``end_offset=1``) so a report for it is never left without a
partition.
"""

from __future__ import annotations

from dagster import BackfillPolicy, TimeWindowPartitionsDefinition

from pipelines.reporting_years import FIRST_YEAR

years_partitions = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=str(FIRST_YEAR), fmt="%Y", end_offset=1
)

# Many years in one run: the ingest reads the raw folder once and dbt runs once.
single_run = BackfillPolicy.single_run()


def partition_years() -> range:
    """Years that have a partition today."""
    keys = years_partitions.get_partition_keys()
    return range(int(keys[0]), int(keys[-1]) + 1)
