"""CSV: one file per table, for spreadsheets and for tools without a Parquet reader.

The files start with a UTF-8 byte order mark. Excel guesses the legacy Windows code page for a
CSV opened by double-click and turns "Xã Mẫu Sơn" into mojibake unless the file starts with a
BOM; the statisticians who open these files use Excel first. DuckDB, polars, pandas, readr and
data.table skip the mark; base R's ``read.csv`` needs ``fileEncoding = "UTF-8-BOM"`` and
Python's ``csv`` module ``encoding="utf-8-sig"`` (docs/bi.md). Machines should prefer Parquet.

Text comes from submissions, so a district could type ``=HYPERLINK(...)`` as a name and have
it run in the spreadsheet of whoever opens the export. Text cells are therefore guarded the
OWASP way (``guard_text``): a ``'`` goes before a formula character, which spreadsheets take
as "this cell is text". The rule is exact to undo (``original_text``) and documented in
docs/bi.md, because programs read these files too and want the value as it was sent.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb

from pipelines.export.catalog import Column, Table, quote_ident, quote_literal

BOM = b"\xef\xbb\xbf"

# RFC 4180 quoting (only where needed, quotes doubled); NULL is an empty field, an empty
# text an empty quoted field (""), so the two stay distinguishable.
_OPTIONS = "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"'"

# A cell starting with one of these is taken as a formula by Excel, LibreOffice or Google
# Sheets: = + - @, tab and carriage return (OWASP "CSV Injection"), NUL (ASVS 5.0 1.2.10).
FORMULA_START = "=+-@\t\r\x00"
# Where a spreadsheet may begin a cell inside one of our fields, besides the field's start:
# after ";" (a double-clicked CSV is split at the region's list separator, ";" where decimals
# are written with a comma, as Vietnamese numbers are; that split ignores quotes that do not
# open a cell) and after a line break (the same reading ends the row there).
CELL_BREAKS = ";\n\r"

_BREAK = r"[;\n\r]"
# Looked through before the formula character: " because a cell that opens with a quote is
# unquoted and its content then read as a formula; ' so that a text that already starts with
# ' gets one more, which is what makes the guard exact to undo.
_DANGER = r"""['"]*[=+\-@\t\r\x00]"""
_TO_GUARD = re.compile(f"(^|{_BREAK})(?={_DANGER})")
GUARDED = re.compile(f"(^|{_BREAK})'(?={_DANGER})")
# DuckDB's RE2 has no look-ahead: the SQL cuts a value after every break and guards each
# piece that starts dangerously, which puts the ' at exactly the positions _TO_GUARD finds.
_SQL_ANY = f"(^|{_BREAK}){_DANGER}"
_SQL_PIECE = r"[^;\n\r]*[;\n\r]?"
_SQL_PIECE_DANGER = f"^{_DANGER}"


def guard_text(text: str) -> str:
    """``text`` as written to a CSV meant for spreadsheets: one ``'`` before every formula
    character that could start a cell (see ``FORMULA_START`` and ``CELL_BREAKS``), so a
    spreadsheet shows the text instead of running it."""
    return _TO_GUARD.sub(r"\1'", text)


def original_text(cell: str) -> str:
    """The warehouse's text back from a guarded CSV cell: the inverse of ``guard_text``, for
    programs that read the CSV (docs/bi.md gives the same two lines)."""
    return GUARDED.sub(r"\1", cell)


def guard_sql(expression: str) -> str:
    """SQL computing ``guard_text`` of the text ``expression``; NULL stays NULL.

    Text with nothing to guard, nearly all of it, costs one regular-expression test."""
    piece = (f"CASE WHEN regexp_matches(p, {quote_literal(_SQL_PIECE_DANGER)}) "
             "THEN '''' || p ELSE p END")
    return (f"CASE WHEN regexp_matches({expression}, {quote_literal(_SQL_ANY)}) "
            f"THEN array_to_string(list_transform(regexp_extract_all({expression}, "
            f"{quote_literal(_SQL_PIECE)}), p -> {piece}), '') "
            f"ELSE {expression} END")


def text_cell(column: Column) -> str:
    """SQL for the value written in one CSV field.

    Every column of every CSV table passes through here. Only text is guarded: a number
    column holding -3 must reach the spreadsheet as the number -3, and numbers, dates and
    booleans are written by DuckDB in forms that cannot carry a formula.
    """
    name = quote_ident(column.name)
    return guard_sql(name) if column.data_type == "VARCHAR" else name


def select_sql(table: Table) -> str:
    """The query whose rows are written for ``table``."""
    cells = ", ".join(f"{text_cell(c)} AS {quote_ident(c.name)}" for c in table.columns)
    return f"SELECT {cells} FROM {table.sql_name}"


def copy_csv(con: duckdb.DuckDBPyConnection, query: str, target: Path, *, bom: bool) -> Path:
    """Write ``query`` as CSV at ``target``, optionally after a UTF-8 BOM.

    DuckDB's COPY cannot write a BOM together with a header, so the body goes to a side file
    that is appended after the mark: one sequential copy, cheap next to the query itself.
    """
    if not bom:
        con.execute(f"COPY ({query}) TO {quote_literal(str(target))} ({_OPTIONS})")
        return target
    body = target.with_name(target.name + ".body")
    con.execute(f"COPY ({query}) TO {quote_literal(str(body))} ({_OPTIONS})")
    try:
        with target.open("wb") as out, body.open("rb") as source:
            out.write(BOM)
            shutil.copyfileobj(source, out, 1 << 20)
    finally:
        body.unlink()
    return target


def write_csv(con: duckdb.DuckDBPyConnection, tables: list[Table], folder: Path) -> list[Path]:
    """Every table as ``folder/<schema>.<table>.csv``."""
    return [copy_csv(con, select_sql(t), folder / f"{t.schema}.{t.name}.csv", bom=True)
            for t in tables]
