"""Where the expectation suites' results are kept: ``quality.expectation_flags``.

Each suite's flags are replaced year by year, so a one-year refresh leaves the other years'
flags as they were. The dbt model ``quality_flags`` (``quality.flags``) reads this table as
the source ``quality.expectation_flags`` beside the ingest's flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from pipelines.quality.validate import FLAG_COLUMNS

TABLE = "quality.expectation_flags"
_TYPES = {"year": "BIGINT", "row_number": "BIGINT", "reported_value": "DOUBLE",
          "expected_value": "DOUBLE"}


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    columns = ", ".join(f"{c} {_TYPES.get(c, 'VARCHAR')}" for c in FLAG_COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")


def replace_flags(con: duckdb.DuckDBPyConnection, suite: str, years: Sequence[int],
                  flags: list[dict[str, Any]]) -> None:
    """Keep ``flags`` as suite ``suite``'s result for ``years``, replacing what was there."""
    ensure_table(con)
    placeholders = ", ".join("?" for _ in years)
    con.execute("BEGIN")
    try:
        con.execute(f"DELETE FROM {TABLE} WHERE suite = ? AND year IN ({placeholders})",
                    [suite, *years])
        if flags:
            frame = pd.DataFrame(flags, columns=FLAG_COLUMNS)
            con.register("_flags", frame)
            cols = ", ".join(FLAG_COLUMNS)
            casts = ", ".join(f"CAST({c} AS {_TYPES.get(c, 'VARCHAR')})" for c in FLAG_COLUMNS)
            con.execute(f"INSERT INTO {TABLE} ({cols}) SELECT {casts} FROM _flags")
            con.unregister("_flags")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def count_by_suite(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    ensure_table(con)
    return dict(con.execute(f"SELECT suite, count(*) FROM {TABLE} GROUP BY 1 ORDER BY 1")
                .fetchall())
