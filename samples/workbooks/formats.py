"""Workbook files, cell by cell: the lower layer of the workbook writer.

``Sheet`` is a grid of values placed at an offset, with merged ranges; ``write_xlsx``,
``write_xls`` and ``write_csv_folder`` put every cell where the ``Sheet`` says and nothing
else, so a test knows the exact coordinates it will read back. The template itself (sheet
names, headers, title rows) is the upper layer, ``samples.workbooks.template``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import xlsxwriter
import xlwt

Cell = str | int | float | bool | dt.date | None
"""A cell value; ``None`` is an empty cell. ``datetime.datetime`` is written as its date."""

Format = Literal["xlsx", "xls", "csv"]

DATE_FORMAT = "dd/mm/yyyy"
"""Vietnamese offices show dates day first; the ingest must read real Excel dates."""

FIXED_CREATED = dt.datetime(2000, 1, 1)
"""Creation time stamped into ``.xlsx`` files: fixed so that equal input gives equal bytes."""



# --------------------------------------------------------------------------- sheets


@dataclass
class Sheet:
    """One worksheet as a grid of values placed at an offset.

    ``start_row``/``start_col`` say where ``rows[0][0]`` lands (0-based), which simulates
    blank rows and columns above and left of the content. ``merges`` are
    ``(first_row, first_col, last_row, last_col)`` in sheet coordinates (offset
    included); the merged range shows the value that ``rows`` holds at its top-left cell,
    and any other value inside the range is dropped, as Excel does when merging.
    """

    name: str
    rows: list[list[Cell]]
    start_row: int = 0
    start_col: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def cell(self, sheet_row: int, sheet_col: int) -> Cell:
        """Value at sheet coordinates, ``None`` outside ``rows`` (offset areas are empty)."""
        r, c = sheet_row - self.start_row, sheet_col - self.start_col
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def find(self, value: Cell) -> tuple[int, int]:
        """Index ``(row, col)`` into ``rows`` of the first cell equal to ``value``.

        Tests and the sample generator locate a header or a commune code this way instead
        of hard-coding positions that change with title rows and offsets.
        """
        for r, row in enumerate(self.rows):
            for c, v in enumerate(row):
                if v == value and type(v) is type(value):
                    return r, c
        raise KeyError(f"{value!r} not found in sheet {self.name}")

    def excel_row(self, row_index: int) -> int:
        """Row number as a user sees it in Excel (1-based) for an index into ``rows``."""
        return self.start_row + row_index + 1

    def shift(self, down: int = 0, right: int = 0) -> Sheet:
        """Move the content and its merges together (setting ``start_row`` alone would not).

        Returns the sheet itself so that a test can write ``render(sub)[1].shift(2, 1)``.
        """
        self.start_row += down
        self.start_col += right
        self.merges = [(r1 + down, c1 + right, r2 + down, c2 + right)
                       for r1, c1, r2, c2 in self.merges]
        return self

    def insert_row(self, row_index: int, row: list[Cell] | None = None) -> Sheet:
        """Insert a row before ``rows[row_index]``, moving merges below it down by one."""
        self.rows.insert(row_index, [] if row is None else row)
        at = self.start_row + row_index
        self.merges = [(r1 + (r1 >= at), c1, r2 + (r2 >= at), c2)
                       for r1, c1, r2, c2 in self.merges]
        return self

    def _covered(self) -> set[tuple[int, int]]:
        """Sheet cells hidden under a merge (every merged cell except the top-left)."""
        hidden: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in self.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        hidden.add((r, c))
        return hidden

    def _cells(self) -> list[tuple[int, int, Cell]]:
        """Non-empty cells in sheet coordinates, minus those hidden by merges."""
        hidden = self._covered()
        tops = {(r1, c1) for r1, c1, _, _ in self.merges}
        out: list[tuple[int, int, Cell]] = []
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                pos = (self.start_row + r, self.start_col + c)
                if value is None or pos in hidden or pos in tops:
                    continue
                out.append((*pos, value))
        return out


def _as_date(value: dt.date) -> dt.date:
    """Drop a time part: the template only knows dates."""
    return value.date() if isinstance(value, dt.datetime) else value


# --------------------------------------------------------------------------- writers


def write_xlsx(path: Path | str, sheets: Sequence[Sheet], *, created: dt.datetime = FIXED_CREATED
               ) -> Path:
    """Write an Office Open XML workbook.

    Strings are written as strings (never guessed as numbers or formulas), so text such
    as ``"1.234,5"`` or ``"06001"`` stays exactly as the caller gave it. The workbook is
    built in memory with a fixed creation time, which makes the bytes reproducible.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"created": created})
    date_fmt = wb.add_format({"num_format": DATE_FORMAT})
    merge_fmt = wb.add_format({"align": "center", "valign": "vcenter", "text_wrap": True})
    merge_date_fmt = wb.add_format({"align": "center", "valign": "vcenter",
                                    "num_format": DATE_FORMAT})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for r, c, value in sheet._cells():
            _xlsx_write(ws, r, c, value, date_fmt if isinstance(value, dt.date) else None)
        for r1, c1, r2, c2 in sheet.merges:
            value = sheet.cell(r1, c1)
            fmt = merge_date_fmt if isinstance(value, dt.date) else merge_fmt
            ws.merge_range(r1, c1, r2, c2, None, fmt)
            if value is not None:
                _xlsx_write(ws, r1, c1, value, fmt)
    wb.close()
    return path


def _xlsx_write(ws: xlsxwriter.worksheet.Worksheet, r: int, c: int, value: Cell,
                fmt: xlsxwriter.format.Format | None) -> None:
    """Write one cell with its real type (bool before int: bool is an int in Python)."""
    if isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(_as_date(value), dt.time()), fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def write_xls(path: Path | str, sheets: Sequence[Sheet]) -> Path:
    """Write an Excel 97-2003 workbook, the format many district offices still save in."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str=DATE_FORMAT)
    merge_style = xlwt.easyxf("align: horiz center, vert center, wrap on")
    merge_date_style = xlwt.easyxf("align: horiz center, vert center",
                                   num_format_str=DATE_FORMAT)
    plain = xlwt.Style.default_style
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        for r, c, value in sheet._cells():
            if isinstance(value, dt.date):
                ws.write(r, c, _as_date(value), date_style)
            else:
                ws.write(r, c, value, plain)
        for r1, c1, r2, c2 in sheet.merges:
            value = sheet.cell(r1, c1)
            if isinstance(value, dt.date):
                ws.write_merge(r1, r2, c1, c2, _as_date(value), merge_date_style)
            else:
                ws.write_merge(r1, r2, c1, c2, "" if value is None else value, merge_style)
    wb.save(str(path))
    return path


def csv_text(value: Cell) -> str:
    """Text of a cell in a CSV export made on a Vietnamese-locale office PC.

    Dates dd/mm/yyyy and booleans TRUE/FALSE as Excel writes them. Decimals use a comma
    (``2244,5``): a dot would be ambiguous, since ``141.467`` reads as 141467 under the
    template's Vietnamese number rule. Integers carry no thousands separator.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date):
        return _as_date(value).strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value)


def write_csv_folder(path: Path | str, sheets: Sequence[Sheet]) -> Path:
    """Write a folder with one UTF-8 CSV per sheet, named ``<sheet name>.csv``.

    Offsets become empty leading rows and columns, so positions match the Excel writers.
    Every row is padded to the sheet's used width, as Excel's "Save as CSV" does. Merged
    ranges cannot exist in CSV: only their top-left value is kept.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for sheet in sheets:
        cells = sheet._cells()
        for r1, c1, _, _ in sheet.merges:
            if (value := sheet.cell(r1, c1)) is not None:
                cells.append((r1, c1, value))
        n_rows = max((r for r, _, _ in cells), default=-1) + 1
        n_cols = max((c for _, c, _ in cells), default=-1) + 1
        grid = [[""] * n_cols for _ in range(n_rows)]
        for r, c, value in cells:
            grid[r][c] = csv_text(value)
        with (path / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows(grid)
    return path


def write_submission(path: Path | str, sheets: Sequence[Sheet], fmt: Format) -> Path:
    """Write ``sheets`` in the given format (``path`` is a folder for ``"csv"``)."""
    if fmt == "xlsx":
        return write_xlsx(path, sheets)
    if fmt == "xls":
        return write_xls(path, sheets)
    if fmt == "csv":
        return write_csv_folder(path, sheets)
    raise ValueError(f"unknown format {fmt!r}")
