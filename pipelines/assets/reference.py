"""Administrative units from the vietnam-provinces package (both maps and the mapping)."""


import dagster as dg

from pipelines.orchestration.resources import BuildDatabase
from pipelines.reference.load import TABLES, load_reference


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["reference", name], group_name="reference", kinds={"duckdb"},
                     description=f"reference.{name}, loaded from the installed package.")
        for name in TABLES
    ],
    can_subset=False,
)
def reference_tables(warehouse: BuildDatabase):
    """Rewritten on every build: the package version pins the content."""
    with warehouse.get_connection() as con:
        for name, rows in load_reference(con):
            yield dg.MaterializeResult(
                asset_key=["reference", name], metadata={"dagster/row_count": rows}
            )
