"""CSV: one file per table, for spreadsheets and for tools without a Parquet reader.

The files start with a UTF-8 byte order mark. Excel guesses the legacy Windows code page for a
CSV opened by double-click and turns "Xã Mẫu Sơn" into mojibake unless the file starts with a
BOM; the statisticians who open these files use Excel first. DuckDB, polars, pandas, readr and
data.table skip the mark; base R's ``read.csv`` needs ``fileEncoding = "UTF-8-BOM"`` and
Python's ``csv`` module ``encoding="utf-8-sig"`` (docs/bi.md). Machines should prefer Parquet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipelines.export.catalog import Column, Table, quote_ident, quote_literal

BOM = b"\xef\xbb\xbf"

# RFC 4180 quoting (only where needed, quotes doubled); NULL is an empty field, an empty
# text an empty quoted field (""), so the two stay distinguishable.
_OPTIONS = "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"'"


def text_cell(column: Column) -> str:
    """SQL for the value written in one CSV field.

    Every column of every CSV table passes through here, so protecting spreadsheet users from
    text that starts with ``=``, ``+``, ``-`` or ``@`` (formula injection) is a change to this
    function alone. Values are written unchanged for now so that the CSV reads back equal to
    the warehouse.
    """
    return quote_ident(column.name)


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
