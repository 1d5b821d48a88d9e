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

from pipelines.ingest.reader import PARSER_VERSION, FileResult

LINEAGE = {"source_file": pl.String, "sha256": pl.String, "sheet": pl.String,
           "row_number": pl.Int64}

# Column types of the content tables; lineage columns come first in each.
CONTENT_TABLES: dict[str, dict[str, Any]] = {
    "thongtin": {"key": pl.String, "field": pl.String, "value_text": pl.String},
    "b01_communes": {
        "stt": pl.String, "commune_code": pl.String, "commune_name": pl.String,
        "criteria_columns": pl.Int64, "reported_count": pl.Float64, "ntm_year": pl.Int64,
        "advanced_year": pl.Int64, "model_year": pl.Int64, "note": pl.String,
    },
    "b01_marks": {
        "commune_code": pl.String, "criterion_no": pl.Int64, "column_name": pl.String,
        "value_text": pl.String, "mark": pl.String,
    },
    "b02_funding": {
        "source_code": pl.String, "source_name": pl.String, "value_text": pl.String,
        "value_unit": pl.String, "amount_million_vnd": pl.Float64, "quantity": pl.Float64,
        "quantity_unit": pl.String,
    },
    "b03_ocop": {
        "stt": pl.String, "product_name": pl.String, "producer": pl.String,
        "commune_code": pl.String, "product_group": pl.Int64, "product_group_text": pl.String,
        "stars": pl.Int64, "stars_text": pl.String, "recognized_on": pl.Date,
        "decision_no": pl.String, "recognition_level": pl.String,
    },
    "b04_targets": {
        "indicator_code": pl.String, "indicator_name": pl.String, "unit_of_measure": pl.String,
        "target": pl.Float64, "actual": pl.Float64, "next_year_target": pl.Float64,
    },
    "b05_district_criteria": {
        "criterion_code": pl.String, "criterion_name": pl.String, "value_text": pl.String,
        "mark": pl.String,
    },
    "b06_aggregates": {
        "indicator_code": pl.String, "indicator_name": pl.String, "value_text": pl.String,
        "value": pl.Float64,
    },
    "sheet_totals": {
        "field": pl.String, "column_name": pl.String, "value": pl.Float64,
        "value_text": pl.String,
    },
    "unmapped_cells": {
        "column_name": pl.String, "column_header": pl.String, "row_kind": pl.String,
        "value": pl.String,
    },
    "parse_flags": {
        "check_code": pl.String, "severity": pl.String, "column_name": pl.String,
        "raw_value": pl.String, "indicator_code": pl.String, "message": pl.String,
    },
}

FILES_SCHEMA = {
    "sha256": pl.String, "parser_version": pl.Int64, "read_at": pl.Datetime("us"),
    "source_file": pl.String, "reject_reason": pl.String, "level": pl.String,
    "province_code": pl.String, "province_name": pl.String, "district_code": pl.String,
    "district_name": pl.String, "unit_code": pl.String, "year": pl.Int64, "revision": pl.Int64,
    "signed_on": pl.Date, "criteria_set": pl.String, "district_ntm_year": pl.Int64,
    "legacy_encoding": pl.String, "sheets": pl.String,
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


def _create(con: duckdb.DuckDBPyConnection, table: str, schema: dict[str, Any]) -> None:
    columns = ", ".join(f'"{name}" {_duck_type(t)}' for name, t in schema.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({columns})")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    _create(con, "files", FILES_SCHEMA)
    _create(con, "submissions", SUBMISSIONS_SCHEMA)
    _create(con, "submission_flags", SUBMISSION_FLAGS_SCHEMA)
    for table, schema in CONTENT_TABLES.items():
        _create(con, table, {**LINEAGE, **schema})


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Files already read by this parser version, by sha256, with their identity."""
    rows = con.execute(
        "SELECT * FROM raw.files WHERE parser_version = ?", [PARSER_VERSION]
    ).pl()
    return {r["sha256"]: r for r in rows.iter_rows(named=True)}


def frame(records: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """Records as a typed frame: an empty or all-null column keeps its declared type."""
    # Built column by column: polars types a column of Python values in one pass, where rows
    # of dicts cost a lookup per cell (a third of the store's time at national scale).
    return pl.DataFrame({k: [r.get(k) for r in records] for k in schema}, schema=schema)


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    if df.height == 0:
        return
    con.register("_incoming", df)
    try:
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO raw.{table} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")


def store_files(
    con: duckdb.DuckDBPyConnection, results: Iterable[FileResult], batch: int = 200
) -> int:
    """Store read files in batches: one delete and one insert per table and batch, because
    per-file statements rescan growing tables and made a national-scale first load
    quadratic. Whatever an older parser version stored for the same content is replaced.
    Returns the number of files stored."""
    pending: list[FileResult] = []
    stored = 0
    for result in results:
        pending.append(result)
        if len(pending) >= batch:
            stored += _store_batch(con, pending)
            pending = []
    if pending:
        stored += _store_batch(con, pending)
    return stored


def _store_batch(con: duckdb.DuckDBPyConnection, results: list[FileResult]) -> int:
    shas = [r.sha256 for r in results]
    placeholders = ", ".join("?" for _ in shas)
    stale = con.execute(
        f"SELECT count(*) FROM raw.files WHERE sha256 IN ({placeholders})", shas
    ).fetchone()[0]
    if stale:
        for table in ("files", *CONTENT_TABLES):
            con.execute(f"DELETE FROM raw.{table} WHERE sha256 IN ({placeholders})", shas)
    read_at = datetime.now(UTC).replace(tzinfo=None)
    files: list[dict[str, Any]] = []
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in CONTENT_TABLES}
    for result in results:
        files.append(_file_record(result, read_at))
        lineage = {"source_file": result.source_file, "sha256": result.sha256}
        for table, records in [*result.tables.items(), ("parse_flags", result.flags)]:
            rows[table].extend({**r, **lineage} for r in records)
    _insert(con, "files", frame(files, FILES_SCHEMA))
    for table, records in rows.items():
        _insert(con, table, frame(records, {**LINEAGE, **CONTENT_TABLES[table]}))
    return len(results)


def _file_record(result: FileResult, read_at: datetime) -> dict[str, Any]:
    record: dict[str, Any] = {
        "sha256": result.sha256,
        "parser_version": PARSER_VERSION,
        "read_at": read_at,
        "source_file": result.source_file,
        "reject_reason": result.reject_reason,
        "legacy_encoding": result.legacy_encoding,
        "sheets": ", ".join(result.sheets),
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
    _insert(con, "submissions", frame(submissions, SUBMISSIONS_SCHEMA))
    _insert(con, "submission_flags", frame(flags, SUBMISSION_FLAGS_SCHEMA))
