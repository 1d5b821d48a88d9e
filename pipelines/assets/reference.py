"""Administrative units from the vietnam-provinces package (both maps and the mapping)."""


import dagster as dg

from pipelines.orchestration.resources import BuildDatabase
from pipelines.reference.admin_units import admin_unit_mapping, admin_units

TABLES = {"admin_units": admin_units, "admin_unit_mapping": admin_unit_mapping}


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
        con.execute("CREATE SCHEMA IF NOT EXISTS reference")
        for name, load in TABLES.items():
            df = load()
            con.register("_units", df)
            con.execute(f"CREATE OR REPLACE TABLE reference.{name} AS SELECT * FROM _units")
            con.unregister("_units")
            yield dg.MaterializeResult(
                asset_key=["reference", name], metadata={"dagster/row_count": df.height}
            )
