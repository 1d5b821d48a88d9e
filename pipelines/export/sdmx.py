"""SDMX-CSV 2.0 of the indicators and targets, for statistical offices and SDMX tools.

Two files, each one dataflow (SDMX-CSV 2.0.0 data message, sdmx-twg/sdmx-csv
``data_message_field_guide.md``): ``STRUCTURE``, ``STRUCTURE_ID``, ``ACTION`` first, then the
dimensions, the measure and the attributes, one row per observation (each record is one line;
wrapped here)::

    STRUCTURE,STRUCTURE_ID,ACTION,FREQ,MAP,REF_AREA,INDICATOR,VALUE_KIND,TIME_PERIOD,OBS_VALUE,
    UNIT_LEVEL,UNIT_MEASURE,BASIS,UNITS_EXPECTED,UNITS_REPORTED
    dataflow,VN_NTM:DF_NTM_INDICATOR(2.0.0),I,A,legacy,181,TC_BINH_QUAN,reported,2019,14.78,
    district,criteria per commune,,,
    dataflow,VN_NTM:DF_NTM_INDICATOR(2.0.0),I,A,2025,92,SO_XA,computed,2019,317,province,
    communes,exact,3,3

- ``fct_indicator.csv`` (``DF_NTM_INDICATOR``): ``marts.fct_indicator`` (B06), and
  ``marts.fct_indicator_current_map`` (the years before 2025 on today's provinces).
- ``fct_target.csv`` (``DF_NTM_TARGET``): ``marts.fct_target`` (B04, the template's
  indicators) and ``marts.fct_target_current_map``; ``MEASURE`` is ``target``, ``actual`` or
  ``next_year_target``, the column of ``fct_target`` the value comes from. Written when the
  warehouse has ``fct_target``.

``MAP`` is the administrative map the ``REF_AREA`` code belongs to: ``legacy`` (the map up to
2024: 63 provinces, districts) or ``2025`` (the map since 1 July 2025: 34 provinces). It is a
dimension because the same code names different territories on the two maps (province 92 is
the old Cần Thơ on one and the new, three times larger, Cần Thơ on the other), and because
the years before 2025 appear on both maps. Up to 2024 an observation is on ``legacy`` as
reported and on ``2025`` when restated by the current-map marts; from 2025 there is one map,
and the current-map marts add nothing to the year's own figures. A restated observation is
written only when it has a value (every old province behind it has the figure, and a
percentage is never combined); its attributes ``BASIS``, ``UNITS_EXPECTED`` and
``UNITS_REPORTED`` say how it was formed, and are empty on the year's own figures.

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
from pipelines.reporting_years import REFORM_YEAR

# Agency VN_NTM, dataflows DF_NTM_INDICATOR and DF_NTM_TARGET (SDMX 3.0 semantic versioning,
# as in the SDMX-CSV 2.0 examples). Raise the version when dimensions or attributes change:
# 2.0.0 added the MAP dimension and the attributes of the restated observations.
DATAFLOW = "VN_NTM:DF_NTM_INDICATOR(2.0.0)"
FILE_NAME = "fct_indicator.csv"
TARGET_DATAFLOW = "VN_NTM:DF_NTM_TARGET(1.0.0)"
TARGET_FILE_NAME = "fct_target.csv"

LEGACY_MAP, CURRENT_MAP = "legacy", "2025"

# Dimensions in key order, then the measure, then the attributes.
DIMENSIONS = ("FREQ", "MAP", "REF_AREA", "INDICATOR", "VALUE_KIND", "TIME_PERIOD")
TARGET_DIMENSIONS = ("FREQ", "MAP", "REF_AREA", "INDICATOR", "MEASURE", "TIME_PERIOD")
ATTRIBUTES = ("UNIT_LEVEL", "UNIT_MEASURE", "BASIS", "UNITS_EXPECTED", "UNITS_REPORTED")

# B04's three values, by the fct_target column that holds each.
MEASURES = ("target", "actual", "next_year_target")


def _obs_value(column: str) -> str:
    """Counts are stored as DOUBLE; written as 19 rather than 19.0, other values in DuckDB's
    shortest text that reads back as the same double."""
    return (f"CASE WHEN isfinite({column}) AND {column} = trunc({column})"
            f" AND abs({column}) < 1e15 THEN CAST(CAST({column} AS BIGINT) AS VARCHAR)"
            f" ELSE CAST({column} AS VARCHAR) END")


def _table(tables: list[Table], name: str) -> Table | None:
    return next((t for t in tables if (t.schema, t.name) == ("marts", name)), None)


def _unit_of_measure(tables: list[Table], dim: str = "dim_indicator") -> str | None:
    """The column of ``marts.<dim>`` holding the indicator's unit, if there is one.

    English first: SDMX consumers abroad read it, and the dimension tables keep both."""
    table = _table(tables, dim)
    if table is None:
        return None
    return next((name for name in ("unit_en", "unit_vi") if table.column(name)), None)


def _map_sql(year: str) -> str:
    return (f"CASE WHEN {year} >= {REFORM_YEAR} THEN {quote_literal(CURRENT_MAP)} "
            f"ELSE {quote_literal(LEGACY_MAP)} END")


def _observations(dataflow: str, dimension: str, own: str, restated: str | None,
                  dim_table: str, unit: str | None) -> str:
    """The SDMX-CSV rows of the year's own figures (``own``, a query with columns year,
    unit_code, level, indicator_code, <dimension>, value) and of the restated ones
    (``restated``, with province_code instead of unit_code and level, and basis,
    units_expected, units_reported), ordered like a time series listing."""
    parts = [f"""
        SELECT year, {_map_sql('year')} AS map, unit_code, level, indicator_code,
               {dimension}, value, NULL::VARCHAR AS basis, NULL::BIGINT AS units_expected,
               NULL::BIGINT AS units_reported
        FROM ({own})"""]
    if restated is not None:
        parts.append(f"""
        SELECT year, {quote_literal(CURRENT_MAP)}, province_code, 'province', indicator_code,
               {dimension}, value, basis, units_expected, units_reported
        FROM ({restated})
        WHERE year < {REFORM_YEAR} AND value IS NOT NULL""")
    unit_cell = f", {guard_sql(f'd.{quote_ident(unit)}')} AS UNIT_MEASURE" if unit else ""
    unit_join = f"LEFT JOIN marts.{dim_table} AS d USING (indicator_code)" if unit else ""
    return f"""
        SELECT 'dataflow' AS STRUCTURE, {quote_literal(dataflow)} AS STRUCTURE_ID,
               'I' AS ACTION, 'A' AS FREQ, f.map AS MAP, {guard_sql("f.unit_code")} AS REF_AREA,
               {guard_sql("f.indicator_code")} AS INDICATOR,
               {guard_sql(f"f.{dimension}")} AS {dimension.upper()},
               CAST(f.year AS VARCHAR) AS TIME_PERIOD, {_obs_value("f.value")} AS OBS_VALUE,
               {guard_sql("f.level")} AS UNIT_LEVEL{unit_cell},
               {guard_sql("f.basis")} AS BASIS, f.units_expected AS UNITS_EXPECTED,
               f.units_reported AS UNITS_REPORTED
        FROM ({" UNION ALL ".join(parts)}) AS f {unit_join}
        ORDER BY f.map DESC, f.year, f.unit_code, f.indicator_code, f.{dimension}
    """


def select_sql(tables: list[Table]) -> str:
    """The query for the SDMX-CSV rows of the indicators (B06)."""
    if _table(tables, "fct_indicator") is None:
        raise LookupError("marts.fct_indicator is missing: the SDMX export needs it")
    own = ("SELECT year, unit_code, level, indicator_code, value_kind, value "
           "FROM marts.fct_indicator")
    restated = None
    if _table(tables, "fct_indicator_current_map") is not None:
        restated = ("SELECT year, province_code, indicator_code, value_kind, value, basis, "
                    "units_expected, units_reported FROM marts.fct_indicator_current_map")
    return _observations(DATAFLOW, "value_kind", own, restated, "dim_indicator",
                         _unit_of_measure(tables))


def target_select_sql(tables: list[Table]) -> str:
    """The query for the SDMX-CSV rows of the targets and results (B04): the template's
    indicators, one observation per value given."""
    target = _table(tables, "fct_target")
    if target is None:
        raise LookupError("marts.fct_target is missing")
    template = "WHERE is_template_indicator" if target.column("is_template_indicator") else ""
    own = f"""
        SELECT year, unit_code, level, indicator_code, measure, value
        FROM (SELECT * FROM marts.fct_target {template})
        UNPIVOT (value FOR measure IN ({", ".join(MEASURES)}))"""
    restated = None
    if _table(tables, "fct_target_current_map") is not None:
        restated = ("SELECT year, province_code, indicator_code, measure, value, basis, "
                    "units_expected, units_reported FROM marts.fct_target_current_map")
    return _observations(TARGET_DATAFLOW, "measure", own, restated, "dim_target_indicator",
                         _unit_of_measure(tables, "dim_target_indicator"))


def write_sdmx(con: duckdb.DuckDBPyConnection, tables: list[Table], folder: Path) -> list[Path]:
    """``folder/fct_indicator.csv`` and, when the warehouse has B04, ``folder/fct_target.csv``,
    in SDMX-CSV 2.0."""
    written = [copy_csv(con, select_sql(tables), folder / FILE_NAME, bom=False)]
    if _table(tables, "fct_target") is not None:
        written.append(copy_csv(con, target_select_sql(tables), folder / TARGET_FILE_NAME,
                                bom=False))
    return written
