"""Write the reference tables (both administrative maps and the old-to-new mapping, from the
vietnam-provinces package) into a warehouse: the build's reference asset and ``ntm check``'s
scratch warehouse load them the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import polars as pl

from pipelines.reference.admin_units import admin_unit_mapping, admin_units

TABLES: dict[str, Callable[[], pl.DataFrame]] = {
    "admin_units": admin_units, "admin_unit_mapping": admin_unit_mapping}


def load_reference(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, int]]:
    """Rewrite every reference table; yields (table, rows) as each is written."""
    con.execute("CREATE SCHEMA IF NOT EXISTS reference")
    for name, load in TABLES.items():
        frame = load()
        con.register("_units", frame)
        con.execute(f"CREATE OR REPLACE TABLE reference.{name} AS SELECT * FROM _units")
        con.unregister("_units")
        yield name, frame.height
