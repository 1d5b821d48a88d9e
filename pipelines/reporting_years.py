"""The reporting years the warehouse accepts, and the year the administrative map changed,
without Dagster.

The Dagster partitions (``pipelines.orchestration.partitions``) are built from the same first
year and end with the current year; ``ntm check`` needs the range too, and importing Dagster
for it would cost a check more than half a second.
"""

from __future__ import annotations

from datetime import UTC, datetime

import yaml

from pipelines.settings import DBT_PROJECT_DIR

# The programme's first year.
FIRST_YEAR = 2010


def _reform_year() -> int:
    """dbt's variable ``reform_year`` (``dbt_project.yml``), its one home: the models read it
    through the macro ``map_era``, the Python code from here."""
    with (DBT_PROJECT_DIR / "dbt_project.yml").open(encoding="utf-8") as project:
        return int(yaml.safe_load(project)["vars"]["reform_year"])


# The first reporting year on the two-tier administrative map (the reform of 1 July 2025;
# reports are as of 31 December).
REFORM_YEAR = _reform_year()


def reporting_years() -> range:
    """From the first year to the current one (UTC, as the partitions' calendar)."""
    return range(FIRST_YEAR, datetime.now(UTC).year + 1)
