"""SDMX-CSV 2.0 of ``marts.fct_indicator``, for statistical offices and SDMX tools.

Layout (SDMX-CSV 2.0.0 data message, sdmx-twg/sdmx-csv ``data_message_field_guide.md``):
``STRUCTURE``, ``STRUCTURE_ID``, ``ACTION`` first, then the dimensions, the measure and the
attributes, one row per observation (each record is one line; wrapped here)::

    STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,VALUE_KIND,TIME_PERIOD,OBS_VALUE,
    UNIT_LEVEL,UNIT_MEASURE
    dataflow,VN_NTM:DF_NTM_INDICATOR(1.0.0),I,A,181,TC_BINH_QUAN,reported,2019,14.78,district,
    criteria per commune

``VALUE_KIND`` is a dimension because the warehouse holds a ``reported`` and a ``computed``
value for the same unit, indicator and year; without it the key would not be unique. The file
has no byte order mark: SDMX tools find the field separator as the character right after
``STRUCTURE`` at the very start of the file, and a BOM would hide it.

It is still a ``.csv`` that someone will double-click, so its text columns get the same guard
against spreadsheet formulas as the CSV export (``csv_tables.guard_text``, docs/bi.md). Codes
of this warehouse never start with a formula character, so SDMX tools see no difference;
``OBS_VALUE`` is a number and is never touched (a negative value stays ``-3``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.export.catalog import Table, quote_ident, quote_literal
from pipelines.export.csv_tables import copy_csv, guard_sql

# Agency VN_NTM, dataflow DF_NTM_INDICATOR, version 1.0.0 (SDMX 3.0 semantic versioning, as in
# the SDMX-CSV 2.0 examples). Raise the version when dimensions or attributes change.
DATAFLOW = "VN_NTM:DF_NTM_INDICATOR(1.0.0)"
FILE_NAME = "fct_indicator.csv"

# Counts are stored as DOUBLE; written as 19 rather than 19.0, other values in DuckDB's
# shortest text that reads back as the same double.
_OBS_VALUE = (
    "CASE WHEN isfinite(f.value) AND f.value = trunc(f.value) AND abs(f.value) < 1e15"
    " THEN CAST(CAST(f.value AS BIGINT) AS VARCHAR) ELSE CAST(f.value AS VARCHAR) END"
)

# Dimensions in key order, then the measure, then the attributes.
DIMENSIONS = ("FREQ", "REF_AREA", "INDICATOR", "VALUE_KIND", "TIME_PERIOD")


def _unit_of_measure(tables: list[Table]) -> str | None:
    """The column of ``marts.dim_indicator`` holding the indicator's unit, if there is one.

    English first: SDMX consumers abroad read it, and ``dim_indicator`` keeps both."""
    dim = next((t for t in tables if (t.schema, t.name) == ("marts", "dim_indicator")), None)
    if dim is None:
        return None
    return next((name for name in ("unit_en", "unit_vi") if dim.column(name)), None)


def select_sql(tables: list[Table]) -> str:
    """The query for the SDMX-CSV rows, ordered like a time series listing."""
    if not any((t.schema, t.name) == ("marts", "fct_indicator") for t in tables):
        raise LookupError("marts.fct_indicator is missing: the SDMX export needs it")
    unit = _unit_of_measure(tables)
    unit_cell = f", {guard_sql(f'd.{quote_ident(unit)}')} AS UNIT_MEASURE" if unit else ""
    unit_join = ("LEFT JOIN marts.dim_indicator AS d USING (indicator_code)" if unit else "")
    return f"""
        SELECT 'dataflow' AS STRUCTURE, {quote_literal(DATAFLOW)} AS STRUCTURE_ID,
               'I' AS ACTION, 'A' AS FREQ, {guard_sql("f.unit_code")} AS REF_AREA,
               {guard_sql("f.indicator_code")} AS INDICATOR,
               {guard_sql("f.value_kind")} AS VALUE_KIND,
               CAST(f.year AS VARCHAR) AS TIME_PERIOD, {_OBS_VALUE} AS OBS_VALUE,
               {guard_sql("f.level")} AS UNIT_LEVEL{unit_cell}
        FROM marts.fct_indicator AS f {unit_join}
        ORDER BY f.year, f.unit_code, f.indicator_code, f.value_kind
    """


def write_sdmx(con: duckdb.DuckDBPyConnection, tables: list[Table], folder: Path) -> list[Path]:
    """``folder/fct_indicator.csv`` in SDMX-CSV 2.0."""
    return [copy_csv(con, select_sql(tables), folder / FILE_NAME, bom=False)]
