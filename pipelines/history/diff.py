"""What changed between two warehouse files (releases or kept versions), value by value, and why.

The facts and their keys are those the history keeps (``pipelines.history.load.FACTS``); a
value is the same when it is not distinct (two nulls are equal). Each change gets one reason,
the first that applies:

- ``submission``: the value comes from a different file than before (a revision, a late
  submission, a file withdrawn or left pending), named with its status in each warehouse;
- ``flag resolved``: the same file, and a flag the older warehouse raised on that file's sheet
  is gone (a sheet now understood, for example after the header vocabulary was extended);
- ``administrative map``: the unit's entry in ``marts.dim_admin_unit`` differs;
- ``computed``: a figure the warehouse computes from the level below, whose inputs changed
  (the files that changed in that year are named);
- ``rule``: the same file gives another value, so an ingest or model rule changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.warehouse import OFFLINE_SETTINGS

# table -> (key columns, value columns); the value columns are compared one by one.
COMPARED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fct_indicator": (("year", "unit_code", "level", "indicator_code", "value_kind"),
                      ("value",)),
    "fct_commune_status": (("year", "commune_code"),
                           ("criteria_met", "criteria_met_reported", "is_ntm", "is_advanced",
                            "is_model", "ntm_year", "advanced_year", "model_year")),
    "fct_funding": (("year", "unit_code", "level", "source_code"), ("amount_million_vnd",)),
    "fct_target": (("year", "unit_code", "level", "indicator_code"),
                   ("target", "actual", "next_year_target")),
    "fct_ocop_product": (("year", "product_key"), ("stars", "recognized_on", "valid_until")),
}
# The unit a row is about, for the map and the computed-figure reasons.
UNIT = {"fct_commune_status": "commune_code", "fct_ocop_product": "unit_code"}

COLUMNS = ("table_name", "year", "unit_code", "item", "change", "column_name", "old_value",
           "new_value", "reason", "old_file", "new_file")


@dataclass(frozen=True)
class Side:
    label: str
    path: Path


def diff(old: Side, new: Side) -> duckdb.DuckDBPyConnection:
    """A connection whose table ``changes`` (columns ``COLUMNS``) lists every change."""
    con = duckdb.connect(config=OFFLINE_SETTINGS)
    for alias, side in (("a", old), ("b", new)):
        literal = str(side.path).replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS {alias} (READ_ONLY)")
    parts = [_compare(table, keys, values) for table, (keys, values) in COMPARED.items()]
    con.execute("CREATE TEMP TABLE raw_changes AS " + " UNION ALL ".join(parts))
    con.execute(_REASONS)
    return con


def _compare(table: str, keys: tuple[str, ...], values: tuple[str, ...]) -> str:
    unit = UNIT.get(table, "unit_code")
    key_match = " AND ".join(f"a.{k} = b.{k}" for k in keys)
    item = " || ' · ' || ".join(
        f"coalesce(CAST(coalesce(a.{k}, b.{k}) AS VARCHAR), '')"
        for k in keys if k not in ("year", unit))
    rows = []
    for value in values:
        rows.append(f"""
        SELECT '{table}' AS table_name, coalesce(a.year, b.year) AS year,
            CAST(coalesce(a.{unit}, b.{unit}) AS VARCHAR) AS unit_code,
            {item or "''"} AS item,
            CASE WHEN a.year IS NULL THEN 'added' WHEN b.year IS NULL THEN 'removed'
                 ELSE 'revised' END AS change,
            '{value}' AS column_name,
            CAST(a.{value} AS VARCHAR) AS old_value, CAST(b.{value} AS VARCHAR) AS new_value,
            a.source_file AS old_file, b.source_file AS new_file,
            a.sha256 AS old_sha256, b.sha256 AS new_sha256,
            coalesce(b.sheet, a.sheet) AS sheet
        FROM a.marts.{table} AS a FULL OUTER JOIN b.marts.{table} AS b ON {key_match}
        WHERE CAST(a.{value} AS VARCHAR) IS DISTINCT FROM CAST(b.{value} AS VARCHAR)
            AND (a.year IS NOT NULL AND b.year IS NOT NULL OR a.{value} IS NOT NULL
                 OR b.{value} IS NOT NULL)""")
    return " UNION ALL ".join(rows)


# One reason per change, the first that applies (see the module's docstring).
_REASONS = """
CREATE TEMP TABLE changes AS
WITH subs_a AS (SELECT * FROM a.quality.submissions),
subs_b AS (SELECT * FROM b.quality.submissions),
changed_files AS (
    -- per year and unit, the current files of one warehouse that are not current in the other
    SELECT DISTINCT year, unit_code, source_file FROM (
        SELECT * FROM (SELECT year, unit_code, source_file, sha256 FROM subs_b
            WHERE status = 'current'
            EXCEPT SELECT year, unit_code, source_file, sha256 FROM subs_a
            WHERE status = 'current')
        UNION ALL
        SELECT * FROM (SELECT year, unit_code, source_file, sha256 FROM subs_a
            WHERE status = 'current'
            EXCEPT SELECT year, unit_code, source_file, sha256 FROM subs_b
            WHERE status = 'current'))
),
resolved AS (
    SELECT DISTINCT sha256, sheet, check_code FROM a.quality.flags WHERE sha256 IS NOT NULL
    EXCEPT SELECT DISTINCT sha256, sheet, check_code FROM b.quality.flags
),
map_changed AS (
    SELECT DISTINCT unit_code FROM (
        SELECT * FROM (SELECT {UNIT_ROW} FROM a.marts.dim_admin_unit
            EXCEPT SELECT {UNIT_ROW} FROM b.marts.dim_admin_unit)
        UNION ALL
        SELECT * FROM (SELECT {UNIT_ROW} FROM b.marts.dim_admin_unit
            EXCEPT SELECT {UNIT_ROW} FROM a.marts.dim_admin_unit))
)
SELECT c.table_name, c.year, c.unit_code, c.item, c.change, c.column_name, c.old_value,
    c.new_value,
    CASE
        WHEN c.new_sha256 IS DISTINCT FROM c.old_sha256
            AND (c.new_sha256 IS NOT NULL OR c.old_sha256 IS NOT NULL) THEN
            CASE
                WHEN c.old_sha256 IS NULL THEN 'submission: ' || c.new_file
                    || coalesce(' (revision ' || nb.revision || ', new)', ' (new)')
                WHEN c.new_sha256 IS NULL THEN 'submission: ' || c.old_file
                    || ' is ' || coalesce(ob.status || coalesce(' — ' || ob.reason, ''),
                                          'no longer in the raw folder')
                ELSE 'submission: ' || c.new_file
                    || coalesce(' (revision ' || nb.revision || ')', '')
                    || ' replaces ' || c.old_file
            END
        WHEN c.new_sha256 IS NOT NULL AND (SELECT count(*) FROM resolved AS r
                WHERE r.sha256 = c.new_sha256 AND r.sheet IS NOT DISTINCT FROM c.sheet) > 0 THEN
            'flag resolved: ' || (SELECT string_agg(DISTINCT r.check_code, ', ') FROM resolved AS r
                WHERE r.sha256 = c.new_sha256 AND r.sheet IS NOT DISTINCT FROM c.sheet)
            || ' on ' || c.new_file
        WHEN c.unit_code IN (SELECT unit_code FROM map_changed) THEN 'administrative map: '
            || c.unit_code || ' changed in dim_admin_unit'
        WHEN c.new_sha256 IS NULL AND c.old_sha256 IS NULL THEN
            'computed: ' || coalesce(
                'from its changed submissions ' || (SELECT string_agg(f.source_file, ', '
                    ORDER BY f.source_file) FROM changed_files AS f
                    WHERE f.year = c.year AND f.unit_code = c.unit_code),
                'from the changed submissions of its units ' || (SELECT string_agg(
                    f.source_file, ', ' ORDER BY f.source_file) FROM changed_files AS f
                    WHERE f.year = c.year AND f.unit_code IN (SELECT d.unit_code
                        FROM b.marts.dim_admin_unit AS d WHERE d.parent_code = c.unit_code)),
                'the computation changed (a model rule)')
        ELSE 'rule: the same file ' || c.new_file || ' gives another value (an ingest or '
            || 'model rule changed)'
    END AS reason,
    c.old_file, c.new_file
FROM raw_changes AS c
LEFT JOIN subs_b AS nb ON nb.sha256 = c.new_sha256 AND nb.source_file = c.new_file
LEFT JOIN subs_b AS ob ON ob.sha256 = c.old_sha256 AND ob.source_file = c.old_file
ORDER BY c.table_name, c.year, c.unit_code, c.item, c.column_name
""".replace("{UNIT_ROW}", "unit_code, level, name, parent_code, valid_from, valid_to")
