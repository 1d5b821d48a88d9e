"""Read a submission (xlsx, xls or a folder of CSV files) into plain cell grids.

python-calamine is used rather than fastexcel or polars' Excel reader because it is the only
fast reader that keeps what the template's lineage needs: the absolute Excel position of every
cell (``skip_empty_area=False``), the original cell type (a numeric ``2.445`` must stay a number
while the text ``"2.445"`` is Vietnamese for 2445) and the merged ranges.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from pipelines.ingest.excel_errors import error_cells
from pipelines.ingest.text import fold

Cell = object  # str | int | float | bool | date | datetime | time | None

SHEET_CODES = ("ThongTin", "B01", "B02", "B03", "B04", "B05", "B06")
_SHEET_CODE_RE = re.compile(r"^(thongtin|b0?([1-6]))(?![0-9])")


@dataclass
class Grid:
    """One sheet as the user sees it: ``rows[i][j]`` is Excel cell (row i+1, column j+1)."""

    name: str
    rows: list[list[Cell]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read safely; the message is the rejection reason."""


def sheet_code(sheet_name: str) -> str | None:
    """Template code of a sheet name (``"b01 - Tiêu chí xã"`` -> ``"B01"``), ignoring case,
    diacritics and spacing, or None for sheets the template does not define."""
    key = re.sub(r"[\s_\-.]+", "", fold(sheet_name))
    match = _SHEET_CODE_RE.match(key)
    if not match:
        return None
    return "ThongTin" if match.group(1) == "thongtin" else f"B0{match.group(2)}"


def is_csv_folder(path: Path) -> bool:
    """A folder counts as one CSV submission when it holds a ThongTin CSV."""
    return path.is_dir() and any(
        p.suffix.lower() == ".csv" and sheet_code(p.stem) == "ThongTin" for p in path.iterdir()
    )


def read_grids(path: Path) -> dict[str, Grid]:
    """Template sheets of a submission keyed by code; other sheets are ignored.

    Raises UnreadableFile with a reason a person can act on when the container is broken, so
    the caller can reject this one file and carry on with the rest.
    """
    if path.is_dir():
        return _read_csv_folder(path)
    try:
        # From the bytes rather than the path: calamine then recognises the format by content,
        # so an .xlsx saved with an .xls name (common in offices) is still read. The file is
        # read once, read-only, and the same bytes serve the search for Excel error cells.
        data = path.read_bytes()
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several unrelated types for broken files
        reason = f"not a readable Excel workbook ({type(exc).__name__}: {exc})"
        raise UnreadableFile(reason) from exc
    grids: dict[str, Grid] = {}
    try:
        for name in workbook.sheet_names:
            code = sheet_code(name)
            if code is None:
                continue
            if code in grids:
                raise UnreadableFile(f"two sheets for {code}: '{grids[code].name}' and '{name}'")
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [
                (start[0], start[1], end[0], end[1])
                for start, end in (getattr(sheet, "merged_cell_ranges", None) or [])
            ]
            grids[code] = Grid(name=name, rows=[list(r) for r in rows], merges=merges)
        _restore_errors(grids, error_cells(data, {g.name for g in grids.values()}))
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"a sheet cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        workbook.close()
    for grid in grids.values():
        _fill_merged(grid)
    return grids


def _restore_errors(grids: dict[str, Grid], errors: dict[str, list[tuple[int, int, str]]]) -> None:
    """Put Excel's error text (``#DIV/0!``) back where calamine left an empty cell, so the
    cell is flagged as unreadable instead of passing as blank."""
    for grid in grids.values():
        for row, column, text in errors.get(grid.name, []):
            while len(grid.rows) <= row:
                grid.rows.append([])
            cells = grid.rows[row]
            if len(cells) <= column:
                cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = text


def _fill_merged(grid: Grid) -> None:
    """Excel keeps a merged value only in the top-left cell; spreading it over the range makes
    a merged parent header ("Tiêu chí") sit above each of its sub-columns, as the user sees it."""
    for r0, c0, r1, c1 in grid.merges:
        if r0 >= len(grid.rows) or c0 >= len(grid.rows[r0]):
            continue
        value = grid.rows[r0][c0]
        for r in range(r0, min(r1, len(grid.rows) - 1) + 1):
            row = grid.rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = value


def _read_csv_folder(path: Path) -> dict[str, Grid]:
    """CSV sheets are read with the standard csv module: ragged rows (a signature line with one
    cell under a 25-column table) are normal in exported sheets, and polars' CSV reader would
    have to truncate them."""
    grids: dict[str, Grid] = {}
    for file in sorted(path.iterdir()):
        if file.suffix.lower() != ".csv":
            continue
        code = sheet_code(file.stem)
        if code is None:
            continue
        if code in grids:
            raise UnreadableFile(
                f"two CSV files for {code}: '{grids[code].name}' and '{file.stem}'"
            )
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
            rows: list[list[Cell]] = [
                list(r) for r in csv.reader(io.StringIO(text), delimiter=_delimiter(text))
            ]
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{file.name} is not UTF-8 text ({exc.reason})") from exc
        except csv.Error as exc:
            raise UnreadableFile(f"{file.name} is not a valid CSV file ({exc})") from exc
        grids[code] = Grid(name=file.stem, rows=rows)
    return grids


def _delimiter(text: str) -> str:
    """Excel set to Vietnamese (decimal comma) saves "CSV" with semicolons; take whichever of
    ``;``, ``,`` and tab splits the first lines most consistently, comma when in doubt."""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        return ","
