"""The raw tables: what every submission said, row by row, with its lineage.

Rows are keyed by the file's sha256, so a replaced file adds rows instead of overwriting the
old ones (the earlier revision stays, marked superseded in ``raw.submissions``), and a re-run
skips files whose content is already stored by the current parser version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.ingest.reader import PARSER_VERSION, BatchResult, FileRecord
from pipelines.ingest.schemas import CONTENT_TABLES, LINEAGE

FILES_SCHEMA = {
    "sha256": pl.String, "parser_version": pl.Int64, "read_at": pl.Datetime("us"),
    "source_file": pl.String, "reject_reason": pl.String, "level": pl.String,
    "province_code": pl.String, "province_name": pl.String, "district_code": pl.String,
    "district_name": pl.String, "unit_code": pl.String, "year": pl.Int64, "revision": pl.Int64,
    "signed_on": pl.Date, "criteria_set": pl.String, "district_ntm_year": pl.Int64,
    "legacy_encoding": pl.String, "sheets": pl.String, "vocabulary_sha": pl.String,
}

SUBMISSIONS_SCHEMA = {
    "source_file": pl.String, "sha256": pl.String, "file_format": pl.String,
    "size_bytes": pl.Int64, "folder_year": pl.Int64, "present": pl.Boolean, "year": pl.Int64,
    "level": pl.String, "unit_code": pl.String, "revision": pl.Int64, "signed_on": pl.Date,
    "status": pl.String, "reason": pl.String, "recorded_at": pl.Datetime("us"),
}

SUBMISSION_FLAGS_SCHEMA = {
    "check_code": pl.String, "severity": pl.String, "year": pl.Int64, "level": pl.String,
    "unit_code": pl.String, "indicator_code": pl.String, "reported_value": pl.Float64,
    "expected_value": pl.Float64, "message": pl.String, "source_file": pl.String,
    "sha256": pl.String, "sheet": pl.String, "row_number": pl.Int64,
    "column_name": pl.String, "raw_value": pl.String,
}

_DUCK_TYPES = {pl.String: "VARCHAR", pl.Int64: "BIGINT", pl.Float64: "DOUBLE",
               pl.Boolean: "BOOLEAN", pl.Date: "DATE"}


def _duck_type(dtype: Any) -> str:
    return "TIMESTAMP" if isinstance(dtype, pl.Datetime) else _DUCK_TYPES[dtype]


def _create(con: duckdb.DuckDBPyConnection, table: str, schema: dict[str, Any],
            have: dict[str, set[str]]) -> None:
    """Create a raw table, or add the columns a newer parser writes to an existing one (a
    warehouse built by an earlier version keeps its rows; the files are read again).
    ``have``: the columns each existing raw table has."""
    if table not in have:
        columns = ", ".join(f'"{name}" {_duck_type(t)}' for name, t in schema.items())
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({columns})")
        return
    for name, dtype in schema.items():
        if name not in have[table]:
            con.execute(f'ALTER TABLE raw.{table} ADD COLUMN "{name}" {_duck_type(dtype)}')


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    # One look at the catalogue for all tables: a statement per table was a third of a
    # second before every ingest.
    have: dict[str, set[str]] = {}
    for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE schema_name = 'raw' AND database_name = current_database()").fetchall():
        have.setdefault(table, set()).add(column)
    _create(con, "files", FILES_SCHEMA, have)
    _create(con, "submissions", SUBMISSIONS_SCHEMA, have)
    _create(con, "submission_flags", SUBMISSION_FLAGS_SCHEMA, have)
    for table, schema in CONTENT_TABLES.items():
        _create(con, table, {**LINEAGE, **schema}, have)


def known_files(
    con: duckdb.DuckDBPyConnection, vocabulary_sha: str = ""
) -> dict[str, dict[str, Any]]:
    """Files already read by this parser version with this vocabulary, by sha256, with their
    identity."""
    rows = con.execute(
        "SELECT * FROM raw.files WHERE parser_version = ? AND coalesce(vocabulary_sha, '') = ?",
        [PARSER_VERSION, vocabulary_sha],
    ).pl()
    return {r["sha256"]: r for r in rows.iter_rows(named=True)}


def frame(records: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """Records as a typed frame: an empty or all-null column keeps its declared type."""
    # Built column by column: polars types a column of Python values in one pass, where rows
    # of dicts cost a lookup per cell (a third of the store's time at national scale).
    return pl.DataFrame({k: [r.get(k) for r in records] for k in schema}, schema=schema)


def _insert(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table) -> None:
    """Rows as Arrow, which DuckDB reads in place (a registered polars frame is converted on
    every scan)."""
    if arrow.num_rows == 0:
        return
    con.register("_incoming", arrow)
    try:
        cols = ", ".join(f'"{c}"' for c in arrow.column_names)
        con.execute(f"INSERT INTO raw.{table} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")


def _arrow(frame: pl.DataFrame) -> pa.Table:
    """A frame as Arrow without copying its text: polars holds strings as views, which
    DuckDB reads as they are; the default conversion copies every string into a new buffer
    (a third of the inserts' time on the national set)."""
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _with_lineage(frame: pl.DataFrame, names: pa.Array, shas: pa.Array) -> pa.Table:
    """A batch table's ``__file`` (the row's file, by index) as its file's name and sha256:
    dictionary arrays over the group's files, built without touching a string, and read by
    DuckDB as such (encoding these two columns row by row took a fifth of the store's time
    on the national set)."""
    arrow = _arrow(frame)
    index = arrow.column("__file").cast(pa.int32()).combine_chunks()
    lineage = {"source_file": pa.DictionaryArray.from_arrays(index, names),
               "sha256": pa.DictionaryArray.from_arrays(index, shas)}
    columns = {**lineage, **{name: arrow.column(name) for name in arrow.column_names[1:]}}
    return pa.table(columns)


# Files written to the raw tables at once: each insert has a fixed cost (14 tables), so a few
# batches are gathered first; more would only hold memory longer.
STORE_FILES = 1024


def store_files(con: duckdb.DuckDBPyConnection, batches: Iterable[BatchResult]) -> int:
    """Store read batches a few at a time: one delete and one insert per table and group,
    because per-file statements rescan growing tables (a national first load became
    quadratic) and each statement has a fixed cost. Whatever an older parser version or
    vocabulary stored for the same content is replaced. Returns the number of files stored."""
    stored = 0
    group: list[BatchResult] = []
    for batch in batches:
        group.append(batch)
        if sum(len(b.files) for b in group) >= STORE_FILES:
            stored += _store_group(con, group)
            group = []
    if group:
        stored += _store_group(con, group)
    return stored


def _store_group(con: duckdb.DuckDBPyConnection, group: list[BatchResult]) -> int:
    records = [(r, b.vocabulary_sha) for b in group for r in b.files]
    shas = [r.sha256 for r, _ in records]
    if not shas:
        return 0
    placeholders = ", ".join("?" for _ in shas)
    stale = con.execute(
        f"SELECT count(*) FROM raw.files WHERE sha256 IN ({placeholders})", shas
    ).fetchone()[0]
    if stale:
        for table in ("files", *CONTENT_TABLES):
            con.execute(f"DELETE FROM raw.{table} WHERE sha256 IN ({placeholders})", shas)
    read_at = datetime.now(UTC).replace(tzinfo=None)
    files = [_file_record(r, read_at, sha) for r, sha in records]
    _insert(con, "files", _arrow(frame(files, FILES_SCHEMA)))
    names = pa.array([r.source_file for r, _ in records], pa.string())
    digests = pa.array(shas, pa.string())
    for table in CONTENT_TABLES:
        parts = []
        offset = 0
        for b in group:
            part = b.frames.get(table)
            if part is not None and part.height:
                # Each batch numbers its files from 0; the group numbers them in order.
                parts.append(part.with_columns(pl.col("__file") + offset) if offset else part)
            offset += len(b.files)
        if parts:
            _insert(con, table, _with_lineage(pl.concat(parts, how="vertical", rechunk=False),
                                              names, digests))
    return len(shas)


def _file_record(result: FileRecord, read_at: datetime, vocabulary_sha: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "sha256": result.sha256,
        "parser_version": PARSER_VERSION,
        "read_at": read_at,
        "source_file": result.source_file,
        "reject_reason": result.reject_reason,
        "legacy_encoding": result.legacy_encoding,
        "sheets": ", ".join(result.sheets),
        "vocabulary_sha": vocabulary_sha,
    }
    ident = result.identity
    if ident is not None:
        record.update(
            level=ident.level, province_code=ident.province_code,
            province_name=ident.province_name, district_code=ident.district_code,
            district_name=ident.district_name, unit_code=ident.unit_code, year=ident.year,
            revision=ident.revision, signed_on=ident.signed_on, criteria_set=ident.criteria_set,
            district_ntm_year=ident.district_ntm_year,
        )
    return record


def run_scope(years: list[int], valid_years: range) -> tuple[str, list[int]]:
    """SQL condition for the submission records a run owns: its years, plus files with no
    year or a year outside the covered range (rejected files that no partition would ever
    refresh), which every run rewrites."""
    placeholders = ", ".join("?" for _ in years) or "NULL"
    condition = f"(year IN ({placeholders}) OR year IS NULL OR year < ? OR year > ?)"
    return condition, [*years, valid_years.start, valid_years.stop - 1]


def replace_submissions(
    con: duckdb.DuckDBPyConnection,
    scope: tuple[str, list[int]],
    submissions: list[dict[str, Any]],
    flags: list[dict[str, Any]],
) -> None:
    """Submission records of the run's scope are rewritten as a whole."""
    where, params = scope
    con.execute(f"DELETE FROM raw.submissions WHERE {where}", params)
    con.execute(f"DELETE FROM raw.submission_flags WHERE {where}", params)
    _insert(con, "submissions", _arrow(frame(submissions, SUBMISSIONS_SCHEMA)))
    _insert(con, "submission_flags", _arrow(frame(flags, SUBMISSION_FLAGS_SCHEMA)))
