"""``ntm sql``, ``ntm flags`` and ``ntm status``: reading the published warehouse.

Every command opens the published file read-only, so it never blocks a build (which writes a
separate file) and cannot change what others read. Read-only alone still lets a statement
write other files (``COPY ... TO`` the warehouse's own path replaces the published file with
its output), attach databases or download extensions, so the connection also has DuckDB's
external access switched off and its configuration locked; ``ntm sql`` refuses those
statements up front with a clearer message. User values reach SQL only as query parameters.

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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from pipelines.cli.errors import UserError
from pipelines.export.csv_tables import guard_text
from pipelines.settings import warehouse_path

SEVERITIES = ("error", "warning", "info")


# Statements that reach outside the warehouse: other files, other databases, extensions
# (INSTALL and LOAD are both LOAD). A type DuckDB cannot name (UPDATE EXTENSIONS) is refused
# too. Everything else is left to the read-only, no-external-access connection.
_OUTSIDE = {
    "COPY": "a COPY reads or writes files (`ntm export` writes the exports)",
    "COPY_DATABASE": "a COPY FROM DATABASE writes another database",
    "EXPORT": "an EXPORT DATABASE writes files (`ntm export` writes the exports)",
    "ATTACH": "an ATTACH opens another database",
    "DETACH": "a DETACH closes a database",
    "LOAD": "INSTALL and LOAD fetch or load DuckDB extensions",
    "EXTENSION": "extension statements fetch or load DuckDB extensions",
}


@contextmanager
def open_warehouse(*, file_access: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published warehouse, read-only, for one command.

    Unless ``file_access`` (``ntm export``, whose COPY writes the export files), DuckDB may
    not touch any file but the warehouse nor the network, and the settings cannot be changed
    back: a query typed into ``ntm sql`` can then neither overwrite the published file with
    ``COPY ... TO`` nor download an extension.
    """
    path = warehouse_path()
    if not path.exists():
        raise UserError(f"there is no warehouse at {path} yet; run `ntm build` first (or set "
                        "NTM_WAREHOUSE to the published file).")
    con = duckdb.connect(str(path), read_only=True, config={
        "autoinstall_known_extensions": "false", "autoload_known_extensions": "false"})
    try:
        if not file_access:
            # Set after opening: DuckDB would refuse to open the file itself otherwise.
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


def emit(rel: duckdb.DuckDBPyRelation, fmt: str, max_rows: int | None = None) -> None:
    """Print a result as a table (DuckDB's own renderer), CSV or JSON."""
    if fmt == "table":
        rel.show(max_rows=max_rows or 10_000, max_width=_terminal_width())
        return
    columns = rel.columns
    text = [str(t) == "VARCHAR" for t in rel.types]
    rows = rel.fetchall()
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(guard_text(c) for c in columns)
        writer.writerows([_csv_cell(v, is_text) for v, is_text in zip(row, text, strict=True)]
                         for row in rows)
    else:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, default=_plain, indent=1)
        sys.stdout.write("\n")


def _csv_cell(value: Any, is_text: bool) -> Any:
    """One CSV field: text guarded as in the export (a spreadsheet opens these files too),
    numbers and dates as they are, so that -3 stays the number -3."""
    if value is None:
        return ""
    return guard_text(value) if is_text and isinstance(value, str) else _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _terminal_width() -> int | None:
    import shutil

    return shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 10_000


def refuse_outside(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Stop, before anything runs, a statement of ``query`` that would reach outside the
    warehouse, with a sentence saying why; the connection's settings would stop it too, but
    with DuckDB's less helpful "file system operations are disabled"."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as error:
        raise UserError(_first_line(error, "the query failed")) from None
    known = set(duckdb.StatementType.__members__)
    for statement in statements:
        name = statement.type.name
        if name in _OUTSIDE or name not in known:
            reason = _OUTSIDE.get(name, "this statement reaches outside the warehouse")
            raise UserError(f"the query was refused: `ntm sql` only reads the published "
                            f"warehouse (read-only), and {reason}.")


def cmd_sql(args: argparse.Namespace) -> int:
    with open_warehouse() as con:
        refuse_outside(con, args.query)
        try:
            rel = con.sql(args.query)
        except duckdb.Error as error:
            raise UserError(_first_line(error, "the query failed")) from None
        if rel is None:
            print("ntm: the statement returned no rows.", file=sys.stderr)
            return 0
        try:
            emit(rel, args.format, args.max_rows)
        except duckdb.Error as error:
            raise UserError(_first_line(error, "the query failed")) from None
    return 0


def _first_line(error: Exception, what: str) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "read-only" in text.lower():
        return f"{what}: the warehouse is opened read-only; {text}"
    if "disabled by configuration" in text or "disabled through configuration" in text:
        return (f"{what}: `ntm sql` reads only the published warehouse, not other files, "
                f"databases or extensions; {text}")
    return f"{what}: {text}"


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
            "3 for a district, 5 for a commune (list them with: ntm sql \"SELECT unit_code, "
            "level, name FROM marts.dim_admin_unit\")."
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
    with open_warehouse() as con:
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
        )
        query = (
            "SELECT check_code, severity, year, level, unit_code, unit_name, indicator_code, "
            "reported_value, expected_value, message, source_file, sheet, row_number, "
            f"column_name FROM quality.flags {where} "
            "ORDER BY year, severity, check_code, source_file, sheet, row_number"
        )
        emit(con.sql(query, params=params), args.format, args.max_rows)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Per year: units expected, received, on time; then every unit missing or late (or, for
    ``--year``/``--unit``, every expected unit)."""
    with open_warehouse() as con:
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
            "round(100.0 * count(*) FILTER (on_time) / count(*), 1) AS pct_on_time "
            f"FROM quality.completeness {where} GROUP BY year ORDER BY year"
        )
        if args.format == "table":
            print("Completeness and timeliness by year (due 31 January of the next year)")
            emit(con.sql(per_year, params=params), "table")
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
