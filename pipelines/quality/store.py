"""Where the suites' flags are kept and how ``quality.flags`` is assembled.

``quality.expectation_flags`` keeps each suite's flags by year, replaced year by year, so a
one-year refresh leaves the other years' flags as they were. ``quality.flags`` is rebuilt
from it and the ingest's flags (``intermediate.int_ingest_flags``) after every check ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from pipelines.quality.validate import FLAG_COLUMNS

_TYPES = {"year": "BIGINT", "row_number": "BIGINT", "reported_value": "DOUBLE",
          "expected_value": "DOUBLE"}


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    columns = ", ".join(f"{c} {_TYPES.get(c, 'VARCHAR')}" for c in FLAG_COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS quality.expectation_flags ({columns})")


def replace_flags(con: duckdb.DuckDBPyConnection, suite: str, years: Sequence[int],
                  flags: list[dict[str, Any]]) -> None:
    ensure_table(con)
    placeholders = ", ".join("?" for _ in years)
    con.execute("BEGIN")
    try:
        con.execute(f"DELETE FROM quality.expectation_flags WHERE suite = ? "
                    f"AND year IN ({placeholders})", [suite, *years])
        if flags:
            frame = pd.DataFrame(flags, columns=FLAG_COLUMNS)
            con.register("_flags", frame)
            cols = ", ".join(FLAG_COLUMNS)
            casts = ", ".join(f"CAST({c} AS {_TYPES.get(c, 'VARCHAR')})" for c in FLAG_COLUMNS)
            con.execute(f"INSERT INTO quality.expectation_flags ({cols}) SELECT {casts} "
                        "FROM _flags")
            con.unregister("_flags")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def rebuild_flags(con: duckdb.DuckDBPyConnection) -> int:
    """``quality.flags``: what the ingest found and what the suites found, for the years
    that still have current submissions (a suite's flags for a year no longer reported are
    left out). Returns the number of flags."""
    ensure_table(con)
    con.execute("""
        CREATE OR REPLACE TABLE quality.flags AS
        SELECT check_code, severity, year, level, unit_code,
               cast(null AS VARCHAR) AS unit_name, indicator_code, reported_value,
               expected_value, message, source_file, sheet, row_number, column_name,
               raw_value, sha256, 'ingest' AS suite
        FROM intermediate.int_ingest_flags
        UNION ALL
        SELECT e.* FROM quality.expectation_flags AS e
        WHERE e.year IN (SELECT DISTINCT year FROM staging.stg_submissions)
        ORDER BY year, level, unit_code, source_file, sheet, row_number, check_code
    """)
    return con.execute("SELECT count(*) FROM quality.flags").fetchone()[0]
