"""The review marks as tables of the working warehouse, for the dbt model ``quality.flags``.

``review.flag_reviews`` holds the usable marks of ``reviews.csv``; ``review.review_file_flags``
the rows left out, shaped like the ingest's ``raw.submission_flags``. Both are rewritten
whole on every build and exist (empty, typed) when there is no review file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.store import SUBMISSION_FLAGS_SCHEMA
from pipelines.review.marks import read_reviews

SCHEMA = "review"
MARKS_SCHEMA = {
    "flag_key": pl.String, "review_status": pl.String, "review_comment": pl.String,
    "reviewed_by": pl.String, "reviewed_at": pl.Datetime("us"), "check_code": pl.String,
    "year": pl.Int64, "unit_code": pl.String, "indicator_code": pl.String, "sheet": pl.String,
    "row_number": pl.Int64, "column_name": pl.String, "reported_value": pl.String,
    "source_file": pl.String, "file_row": pl.Int64,
}
TABLES = {"flag_reviews": MARKS_SCHEMA, "review_file_flags": SUBMISSION_FLAGS_SCHEMA}


def load_reviews(con: duckdb.DuckDBPyConnection, path: Path | None) -> dict[str, int]:
    """(Re)write the ``review`` tables from the review file at ``path`` (none: empty
    tables); row counts by table."""
    result = read_reviews(path) if path is not None else None
    records = {"flag_reviews": result.marks if result else [],
               "review_file_flags": result.flags if result else []}
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    counts = {}
    for table, schema in TABLES.items():
        frame = pl.DataFrame({k: [r.get(k) for r in records[table]] for k in schema},
                             schema=schema)
        con.register("_review_rows", frame.to_arrow())
        try:
            con.execute(f"CREATE OR REPLACE TABLE {SCHEMA}.{table} AS "
                        "SELECT * FROM _review_rows")
        finally:
            con.unregister("_review_rows")
        counts[table] = frame.height
    return counts
