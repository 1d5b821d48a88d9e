"""``ntm sql``, ``ntm flags`` and ``ntm status``: reading the published warehouse.

Every command opens the published file through ``pipelines.warehouse.open_published``:
read-only, no file but the warehouse, no extension, settings locked; ``ntm sql`` refuses
statements that reach outside up front (``refuse_outside``). User values reach SQL only as
query parameters.

``--csv`` output is for spreadsheets (``ntm sql ... --csv > file.csv``), so its text gets the
export's guard against formulas (``pipelines.export.csv_tables.guard_text``); ``--json`` is
the exact form for programs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import sys
from typing import Any

import duckdb

from pipelines.errors import UserError
from pipelines.export.csv_tables import BOM, guard_text
from pipelines.warehouse import open_published, query_failed, refuse_outside

SEVERITIES = ("error", "warning", "info")
BOM_TEXT = BOM.decode("utf-8")
LEVELS = ("province", "district", "commune")


def emit(rel: duckdb.DuckDBPyRelation, fmt: str, max_rows: int | None = None) -> None:
    """Print a result as a table (DuckDB's own renderer), CSV or JSON."""
    if fmt == "table":
        width = _terminal_width()
        if width is not None:
            rel = _leftmost_that_fit(rel, width)
        # Long text is cut at 40 characters; CSV and JSON keep every character.
        rel.show(max_rows=max_rows or 10_000, max_width=width or 10_000, max_col_width=40)
        return
    columns = rel.columns
    text = [str(t) == "VARCHAR" for t in rel.types]
    rows = rel.fetchall()
    if fmt == "csv":
        # As `ntm export` writes its CSV files (pipelines/export/csv_tables.py): a UTF-8 byte
        # order mark first, so that Excel reads the Vietnamese text.
        sys.stdout.write(BOM_TEXT)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(guard_text(c) for c in columns)
        writer.writerows([_csv_cell(v, is_text) for v, is_text in zip(row, text, strict=True)]
                         for row in rows)
    else:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, default=_plain, indent=1)
        sys.stdout.write("\n")


def _csv_cell(value: Any, is_text: bool) -> Any:
    """One CSV field as DuckDB's COPY writes it in the export: text guarded (a spreadsheet
    opens these files too), numbers as they are (-3 stays the number -3), booleans
    ``true``/``false``, times ``2024-01-31 08:00:00``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return guard_text(value) if is_text and isinstance(value, str) else _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _terminal_width() -> int | None:
    """The terminal's width, or COLUMNS when it is set; None when the output goes to a file
    or a pipe (nothing is cut there)."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size((160, 24)).columns
    return None


def _leftmost_that_fit(rel: duckdb.DuckDBPyRelation, width: int) -> duckdb.DuckDBPyRelation:
    """The columns from the left that fit ``width``, with a note of how many were left out.

    DuckDB's own renderer keeps the first and the last columns and drops the middle ones,
    which on a fact shows the lineage (sheet, row, sha256) and hides the figures. The public
    tables put their figures first and their lineage last, so cutting at the right keeps
    what a person reads first."""
    sample = rel.limit(200).fetchall()
    used, keep = 1, []
    for index, (name, kind) in enumerate(zip(rel.columns, rel.types, strict=True)):
        longest = max([len(str(row[index])) for row in sample] or [0])
        used += min(40, max(len(name), len(str(kind)), longest)) + 3
        if keep and used > width:
            break
        keep.append(name)
    if len(keep) == len(rel.columns):
        return rel
    left_out = len(rel.columns) - len(keep)
    print(f"ntm: {left_out} more column(s) do not fit {width} characters "
          f"({', '.join(rel.columns[len(keep):len(keep) + 5])}"
          f"{', ...' if left_out > 5 else ''}); select fewer columns, or use --csv or --json.",
          file=sys.stderr)
    return rel.select(*[duckdb.ColumnExpression(name) for name in keep])


def cmd_sql(args: argparse.Namespace) -> int:
    """Every statement runs in order. In a table each result shows under its own heading;
    CSV and JSON hold one result, so a query with several results is refused there rather
    than showing only the last (statements without a result, such as CREATE TEMP TABLE,
    may come before the one that has it). ``--as-of`` runs the query on a kept release (or
    version) instead: every table as that release published it."""
    path = None
    if getattr(args, "as_of", None):
        from pipelines.history.releases import resolve_file

        path = resolve_file(args.as_of)[1]
    with open_published(path=path) as con:
        refuse_outside(con, args.query)
        statements = con.extract_statements(args.query)
        results = []
        for statement in statements:
            # The statement object, not its text: DuckDB splits some statements (a PIVOT
            # becomes a CREATE TYPE and a SELECT) and the pieces' texts cannot run alone.
            try:
                rel = con.sql(statement)
            except duckdb.Error as error:
                raise UserError(query_failed(error)) from None
            if rel is not None:
                results.append(rel)
        if not results:
            print("ntm: the statement returned no rows.", file=sys.stderr)
            return 0
        if getattr(args, "xlsx", None):
            return _write_xlsx(con, results, args.xlsx)
        if len(results) > 1 and args.format != "table":
            raise UserError(
                f"the query has {len(results)} statements with a result, and --{args.format} "
                "writes one: run them one at a time, or show them as tables (without "
                f"--{args.format}).")
        for number, rel in enumerate(results, start=1):
            if len(results) > 1:
                print(f"-- result {number} of {len(results)}")
            try:
                emit(rel, args.format, args.max_rows)
            except duckdb.Error as error:
                raise UserError(query_failed(error)) from None
    return 0


def _write_xlsx(con: duckdb.DuckDBPyConnection, results: list, target: str) -> int:
    from pathlib import Path

    from pipelines.export.xlsx import column_labels, relation_rows, write_workbook

    if len(results) > 1:
        raise UserError(f"the query has {len(results)} statements with a result, and --xlsx "
                        "writes one: run them one at a time.")
    path = Path(target).resolve()
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"--xlsx writes an Excel workbook; give a file name ending in .xlsx, "
                        f"not {path.name!r}.")
    if not path.parent.is_dir():
        raise UserError(f"the folder {path.parent} does not exist.")
    rel = results[0]
    columns = list(zip(rel.columns, [str(t) for t in rel.types], strict=True))
    try:
        write_workbook(path, "ntm", columns, relation_rows(rel), column_labels(con))
    except duckdb.Error as error:
        raise UserError(query_failed(error)) from None
    print(f"wrote {path}")
    return 0


def _covered_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [y for (y,) in con.execute(
        "SELECT DISTINCT year FROM quality.submissions WHERE year IS NOT NULL ORDER BY 1"
    ).fetchall()]


def check_year(con: duckdb.DuckDBPyConnection, year: int | None) -> None:
    if year is None:
        return
    years = _covered_years(con)
    if year not in years:
        held = f"{years[0]}-{years[-1]}" if years else "no year yet"
        raise UserError(f"the warehouse has no reports for {year}; it holds {held}.")


def check_unit(con: duckdb.DuckDBPyConnection, unit: str | None) -> None:
    if unit is None:
        return
    found = con.execute(
        "SELECT count(*) FROM marts.dim_admin_unit WHERE unit_code = ?", [unit]
    ).fetchone()[0]
    if not found:
        raise UserError(
            f"no unit with code {unit!r} in the warehouse; codes are 2 digits for a province, "
            "3 for a district, 5 for a commune (find one by name with: ntm units NAME)."
        )


def check_code(con: duckdb.DuckDBPyConnection, code: str | None) -> str | None:
    """Upper-case the code; say which codes exist when none of its flags do (a typo, or a
    check that found nothing), on standard error so that CSV and JSON output stay clean."""
    if code is None:
        return None
    code = code.strip().upper()
    known = [c for (c,) in con.execute(
        "SELECT DISTINCT check_code FROM quality.flags ORDER BY 1").fetchall()]
    if code not in known:
        print(f"ntm: no flag has check code {code}; the flags in this warehouse have "
              f"{', '.join(known) or 'no code at all'}.", file=sys.stderr)
    return code


def cmd_flags(args: argparse.Namespace) -> int:
    with open_published() as con:
        check_year(con, args.year)
        check_unit(con, args.unit)
        code = check_code(con, args.check)
        where, params = _filters(
            year=("year = $year", args.year),
            # A province or district also matches the flags of the units below it.
            unit=("(unit_code = $unit OR unit_code IN (SELECT unit_code FROM "
                  "marts.dim_admin_unit WHERE parent_code = $unit OR province_code = $unit))",
                  args.unit),
            check=("check_code = $check", code),
            severity=("severity = $severity", args.severity),
            review=("review_status = $review", getattr(args, "review_status", None)),
        )
        if getattr(args, "hide_reviewed", False):
            where = _and(where, "review_status = 'open'")
        columns = WIDE_FLAG_COLUMNS if args.wide or args.format != "table" else \
            COMPACT_FLAG_COLUMNS
        query = (
            f"SELECT {columns} {where} "
            "ORDER BY year, severity, check_code, source_file, sheet, row_number"
        )
        emit(con.sql(query, params=params), args.format, args.max_rows)
    return 0


# Every column, for --wide, CSV and JSON (tools want them all); each ends with its FROM.
WIDE_FLAG_COLUMNS = (
    "check_code, severity, year, level, unit_code, unit_name, indicator_code, reported_value, "
    "expected_value, message, source_file, sheet, row_number, column_name, flag_key, "
    "review_status, review_comment, reviewed_by, reviewed_at, review_note FROM quality.flags")
# What fits a terminal: the unit with its name, the file's name without its folders, the cell
# as Excel names it (sheet!H12, or the sheet and row when no column is known) and the
# message's Vietnamese part, cut at 60 characters (`--wide` shows it whole, with the English).
# The flag's key comes first, cut to 12 characters (enough for `ntm review`), with its
# follow-up after the severity.
COMPACT_FLAG_COLUMNS = (
    "left(flag_key, 12) AS flag_key, check_code AS code, severity, review_status, year, "
    "concat_ws(' ', unit_code, unit_name) AS unit, "
    "regexp_extract(source_file, '[^/]*$') AS file, "
    "CASE WHEN sheet IS NULL THEN NULL "
    "WHEN regexp_extract(column_name, '^[A-Z]{1,3}\\b') <> '' AND row_number IS NOT NULL "
    "THEN sheet || '!' || regexp_extract(column_name, '^[A-Z]{1,3}\\b') || row_number "
    "ELSE concat_ws(' row ', sheet, row_number) END AS cell, "
    "CASE WHEN length(short) > 60 THEN left(short, 59) || '…' ELSE short END AS message "
    # The message names its file first; the file has a column of its own here.
    "FROM (SELECT *, split_part(CASE WHEN starts_with(message, source_file || ': ') "
    "THEN substr(message, length(source_file) + 3) ELSE message END, ' — ', 1) AS short "
    "FROM quality.flags)")


def cmd_status(args: argparse.Namespace) -> int:
    """Per year: units expected, received, on time, and whether the year is closed
    (``closures.csv``); the files pending for a closed year; then every unit missing or late
    (or, for ``--year``/``--unit``, every expected unit)."""
    from pipelines.ingest.closures import read_closures
    from pipelines.settings import raw_dir

    closed = read_closures(raw_dir()).closed()
    with open_published() as con:
        check_year(con, args.year)
        check_unit(con, args.unit)
        where, params = _filters(
            year=("year = $year", args.year),
            unit=("(unit_code = $unit OR province_code = $unit)", args.unit),
        )
        per_year = (
            "SELECT year, count(*) AS expected, count(*) FILTER (received) AS received, "
            "count(*) FILTER (on_time) AS on_time, "
            "count(*) FILTER (received AND NOT on_time) AS late, "
            "count(*) FILTER (NOT received) AS missing, "
            "round(100.0 * count(*) FILTER (on_time) / count(*), 1) AS pct_on_time, "
            "list_contains(CAST($closed AS INTEGER[]), year) AS closed "
            f"FROM quality.completeness {where} GROUP BY year ORDER BY year"
        )
        if args.format == "table":
            print("Completeness and timeliness by year (due 31 January of the next year; "
                  "closed: ntm close)")
            emit(con.sql(per_year, params={**params, "closed": sorted(closed)}), "table")
            for year, closure in sorted(closed.items()):
                if args.year is None or args.year == year:
                    release = f", release {closure.release_name}" if closure.release_name else ""
                    print(f"{year} closed on {closure.day} by {closure.recorded_by or '?'}"
                          f"{release}; {len(closure.frozen)} frozen file(s)")
            pending_where, pending_params = _filters(
                year=("year = $year", args.year),
                unit=("(unit_code = $unit OR unit_code IN (SELECT unit_code FROM "
                      "quality.completeness WHERE province_code = $unit))", args.unit),
            )
            pending = (
                "SELECT source_file, year, level, unit_code, revision, signed_on, reason "
                f"FROM quality.submissions {_and(pending_where, 'status = $pending')} "
                "ORDER BY year, source_file"
            )
            pending_params["pending"] = "pending"
            if con.sql(pending, params=pending_params).fetchone():
                print("Pending revisions for closed years (ntm accept FILE publishes one, "
                      "ntm reopen YEAR all of a year)")
                emit(con.sql(pending, params=pending_params), "table")
        detail_filter = "" if args.year or args.unit else "NOT received OR NOT on_time"
        detail_where = _and(where, detail_filter)
        detail = (
            "SELECT year, level, unit_code, unit_name, received, on_time, signed_on, "
            "source_file FROM quality.completeness "
            f"{detail_where} ORDER BY year, level DESC, unit_code"
        )
        if args.format == "table":
            print("Every expected unit" if not detail_filter else "Units missing or late")
        emit(con.sql(detail, params=params), args.format, args.max_rows)
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    """Units whose name contains the typed one, folded by the warehouse's own rule
    (``marts.fold_name``, made by dbt with ``dim_admin_unit.name_folded``): the exact name
    first (with or without its ``Tỉnh``/``Xã``... in front), then provinces before districts
    before communes, the 2025 map before the legacy one. Exit 1 when nothing matches."""
    if not args.name.strip():
        raise UserError("give part of a unit's name, for example: ntm units \"Lạng Sơn\".")
    with open_published() as con:
        where, params = _filters(level=("level = $level", args.level))
        params["name"] = args.name
        query = (
            "WITH typed AS (SELECT marts.fold_name($name) AS folded) "
            "SELECT unit_code, level, name, map_era, province_code, parent_code, in_reference "
            "FROM marts.dim_admin_unit, typed "
            f"{_and(where, 'contains(name_folded, typed.folded)')} "
            "ORDER BY (name_folded = typed.folded OR name_folded = "
            "marts.fold_name(division_type) || ' ' || typed.folded) DESC, "
            "list_position(['province', 'district', 'commune'], level), map_era = 'legacy', "
            "unit_code"
        )
        try:
            rel = con.sql(query, params=params)
        except duckdb.CatalogException:
            raise UserError("this warehouse was built by an earlier version, without the "
                            "folded unit names; run `ntm build` once to add them.") from None
        if not rel.fetchone():
            print(f"ntm: no unit's name contains {args.name!r} (accents and case ignored).",
                  file=sys.stderr)
            return 1
        emit(con.sql(query, params=params), args.format, args.max_rows)
    return 0


def _filters(**options: tuple[str, Any]) -> tuple[str, dict[str, Any]]:
    """``WHERE`` from the options that were given (``name=(clause, value)``, the clause
    naming its value ``$name``); values stay query parameters."""
    clauses, params = [], {}
    for name, (clause, value) in options.items():
        if value is not None:
            clauses.append(clause)
            params[name] = value
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _and(where: str, extra: str) -> str:
    if not extra:
        return where
    return f"{where} AND ({extra})" if where else f"WHERE {extra}"
