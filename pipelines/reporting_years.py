"""The reporting years the warehouse accepts, without Dagster.

The Dagster partitions (``pipelines.orchestration.partitions``) are built from the same first
year and end with the current year; ``ntm check`` needs the range too, and importing Dagster
for it would cost a check more than half a second.
"""

from __future__ import annotations

from datetime import UTC, datetime

# The programme's first year.
FIRST_YEAR = 2010


def reporting_years() -> range:
    """From the first year to the current one (UTC, as the partitions' calendar)."""
    return range(FIRST_YEAR, datetime.now(UTC).year + 1)
