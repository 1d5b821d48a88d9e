"""The kept official releases, read into raw tables for the history models."""

import dagster as dg

from pipelines.history.load import SCHEMA, TABLES, load_releases
from pipelines.history.releases import list_releases
from pipelines.orchestration.resources import BuildDatabase


@dg.multi_asset(
    specs=[
        dg.AssetSpec([SCHEMA, name], group_name="controls", kinds={"duckdb"},
                     description=f"{SCHEMA}.{name}: every official release's "
                     f"{'list' if name == 'releases' else 'marts.' + name}, as released.")
        for name in TABLES
    ],
    can_subset=False,
)
def release_tables(warehouse: BuildDatabase):
    """Rewritten on every build from the releases folder, which is the record: the history
    models built on them survive any rebuild."""
    with warehouse.get_connection() as con:
        for name, rows in load_releases(con, list_releases()).items():
            yield dg.MaterializeResult(
                asset_key=[SCHEMA, name], metadata={"dagster/row_count": rows}
            )
