"""Excel workbooks for people who open results in Excel on Vietnamese Windows.

There a comma is the decimal mark and the list separator is ``;``, so a double-clicked CSV
lands in one column or turns ``3.25`` into a date; a workbook has no such guess to make.
Cells are typed (numbers as numbers, codes and names as text, dates as dates shown
dd/mm/yyyy, booleans as TRUE/FALSE), the header has two rows (the column's Vietnamese label
from the warehouse's own description, then its name) and stays frozen while scrolling.

Text is written with ``write_string``, which stores it as text whatever it starts with: a
name typed as ``=HYPERLINK(...)`` is shown, never run, so no formula guard is needed here.
A table longer than a sheet (1,048,576 rows) continues on further sheets.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import xlsxwriter

from pipelines.export.catalog import Table

EXCEL_ROWS = 1_048_576
HEADER_ROWS = 2
NUMBER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")


def column_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Column name -> its Vietnamese label, from the descriptions stored as comments on the
    public tables ("Mã xã — commune GSO code ..." gives "Mã xã")."""
    labels: dict[str, str] = {}
    for name, comment in con.execute(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE schema_name IN ('marts', 'quality') AND comment IS NOT NULL "
            "ORDER BY schema_name = 'marts' DESC, table_name").fetchall():
        label = comment.split(" — ", 1)[0].strip()
        if label and len(label) <= 60:
            labels.setdefault(name, label)
    return labels


def write_workbook(path: Path, sheet: str, columns: Sequence[tuple[str, str]],
                   rows: Iterable[Sequence[object]], labels: dict[str, str]) -> Path:
    """Write ``rows`` (tuples in the order of ``columns``: (name, DuckDB type)) to ``path``."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#F3F3F3", "text_wrap": True,
                                "valign": "top"})
        name_format = book.add_format({"italic": True, "font_color": "#555555",
                                       "bg_color": "#F3F3F3"})
        date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        time_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        kinds = [_kind(data_type) for _, data_type in columns]
        sheets = 0
        worksheet = None
        row_number = EXCEL_ROWS
        for row in rows:
            if row_number >= EXCEL_ROWS:
                sheets += 1
                worksheet = _new_sheet(book, sheet, sheets, columns, labels, bold, name_format)
                row_number = HEADER_ROWS
            for index, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                _write(worksheet, row_number, index, value, kind, date_format, time_format)
            row_number += 1
        if worksheet is None:  # no rows: the header alone
            _new_sheet(book, sheet, 1, columns, labels, bold, name_format)
    finally:
        book.close()
    return path


def _kind(data_type: str) -> str:
    base = data_type.split("(")[0].upper()
    if base in NUMBER_TYPES:
        return "number"
    if base == "BOOLEAN":
        return "boolean"
    if base == "DATE":
        return "date"
    if base.startswith("TIMESTAMP"):
        return "time"
    return "text"


def _new_sheet(book, sheet: str, number: int, columns, labels, bold, name_format):
    title = sheet[:31] if number == 1 else f"{sheet[:26]} ({number})"
    worksheet = book.add_worksheet(title)
    # Row by row: in constant-memory mode a row is final once a later one is written.
    for index, (name, data_type) in enumerate(columns):
        width = 12 if _kind(data_type) != "text" else 18
        worksheet.set_column(index, index, max(width, min(len(labels.get(name, name)), 40)))
        worksheet.write_string(0, index, labels.get(name, name), bold)
    for index, (name, _) in enumerate(columns):
        worksheet.write_string(1, index, name, name_format)
    worksheet.freeze_panes(HEADER_ROWS, 0)
    return worksheet


def _write(worksheet, row: int, column: int, value: object, kind: str, date_format,
           time_format) -> None:
    if value is None:
        return
    if kind == "number" and isinstance(value, int | float | decimal.Decimal) \
            and not isinstance(value, bool):
        number = float(value)
        if number == number and abs(number) != float("inf"):
            worksheet.write_number(row, column, number)
            return
    if kind == "boolean" and isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
        return
    if kind == "time" and isinstance(value, dt.datetime):
        worksheet.write_datetime(row, column, value, time_format)
        return
    if kind == "date" and isinstance(value, dt.date):
        worksheet.write_datetime(row, column, value, date_format)
        return
    worksheet.write_string(row, column, str(value))


def relation_rows(rel: duckdb.DuckDBPyRelation, batch: int = 10_000) -> Iterable[tuple]:
    while chunk := rel.fetchmany(batch):
        yield from chunk


def write_xlsx(con: duckdb.DuckDBPyConnection, tables: list[Table], folder: Path) -> list[Path]:
    """Every table as ``folder/<schema>.<table>.xlsx``."""
    labels = column_labels(con)
    written = []
    for table in tables:
        rel = con.sql(f"SELECT * FROM {table.sql_name}")
        columns = list(zip(rel.columns, [str(t) for t in rel.types], strict=True))
        written.append(write_workbook(folder / f"{table.schema}.{table.name}.xlsx", table.name,
                                      columns, relation_rows(rel), labels))
    return written
