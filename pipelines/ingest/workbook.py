"""Read a submission (xlsx, xls or a folder of CSV files) into plain cell grids.

python-calamine is used rather than fastexcel or polars' Excel reader because it is the only
fast reader that keeps what the template's lineage needs: the absolute Excel position of every
cell (``skip_empty_area=False``), the original cell type (a numeric ``2.445`` must stay a number
while the text ``"2.445"`` is Vietnamese for 2445) and the merged ranges.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from pipelines.ingest.legacy import detect_legacy
from pipelines.ingest.limits import (
    MAX_CELL_CHARS,
    OLE2_MAGIC,
    Container,
    FileRefused,
    Limits,
    check_file_size,
    check_sheet_extent,
    inspect,
    limits,
    open_zip,
)
from pipelines.ingest.sheet_xml import scan
from pipelines.ingest.text import fold
from pipelines.ingest.values import read_two_ways
from pipelines.ingest.xls_cells import scan_xls

Cell = object  # str | int | float | bool | date | datetime | time | None

SHEET_CODES = ("ThongTin", "B01", "B02", "B03", "B04", "B05", "B06")
# "B01", "b1", "Biểu 01", "Biểu số 1", "BM01", "Mẫu số 01", "Mẫu B01", "Mẫu biểu 02"
# (offices rename sheets after the printed form); "ThongTin", "Thông tin chung". A year
# may follow the code, "B01_2023", "B01-2023" (its separator gone from the sheet's key):
# before, such a sheet was no template sheet, and the file's B01 missing.
_SHEET_CODE_RE = re.compile(
    r"^(thongtin|(?:mau(?:so)?(?:b|bieu|bm)?|b|bieu|bm)(?:so)?0?([1-6]))"
    r"(?:(?![0-9])|(?=(?:19|20)[0-9]{2}(?![0-9])))")
# A sheet named by its subject alone, the template's name without its code (`Tiêu chí xã`,
# `Nguồn vốn`, `OCOP`), optionally with the year (`Nguồn vốn 2023`): what a person reads as
# that sheet when no sheet of the file carries the code; or a copy of it as Excel names one
# (`Tiêu chí xã (2)`), which was passed over without a word.
_SUBJECTS = {
    "B01": ("tieuchixa", "tieuchicapxa"),
    "B02": ("nguonvon", "nguonvonhuydong", "huydongnguonvon", "vonhuydong"),
    "B03": ("ocop", "sanphamocop"),
    "B04": ("chitieu",),
    "B05": ("tieuchihuyen", "tieuchicaphuyen"),
    "B06": ("tonghop", "solieutonghop"),
}
# ThongTin by its own name alone (`ThongTin`, `Thông tin`, `Thông tin chung`, `Thông tin báo
# cáo`, a year or an Excel copy's number after it), sheet key. A name adding other words
# (`Thông tin tuyên truyền`, `Thông tin xã`) may be an office's own table (``sheet_code``).
_THONGTIN_NAME_RE = re.compile(
    r"^thongtin(?:chung|baocao)?(?:nam)?(?:(?:19|20)[0-9]{2})?(?:\([0-9]{1,2}\))?$")
# A cover sheet by its name (`Bìa`, `Trang bìa`, `Bia 2023`), sheet key.
_COVER_NAME_RE = re.compile(r"^(?:trang)?bia(?:nam)?(?:(?:19|20)[0-9]{2})?$")
_SUBJECT_RE = re.compile(
    r"^(?:" + "|".join(f"(?P<{code}>{'|'.join(names)})" for code, names in _SUBJECTS.items())
    + r")(?:nam)?(?:20[0-9]{2})?(?:\([0-9]{1,2}\))?$")


@dataclass
class Grid:
    """One sheet as the user sees it: ``rows[i][j]`` is Excel cell (row i+1, column j+1)."""

    name: str
    rows: list[list[Cell]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    percent: set[tuple[int, int]] = field(default_factory=set)  # numeric cells shown as %
    hidden_rows: set[int] = field(default_factory=set)  # rows hidden in the sheet (.xlsx)
    hidden_columns: set[int] = field(default_factory=set)  # columns hidden (.xlsx)
    struck: set[tuple[int, int]] = field(default_factory=set)  # cells struck through (.xlsx)
    # A hidden sheet beside a visible one of its code, read to tell an old copy (set aside)
    # from a part of a list split over several sheets (read with it): B01 and B03 only.
    hidden: bool = False
    separator: str | None = None  # a CSV sheet's cell separator (``,``, ``;``, tab)
    # The text cells above the table, once found (``titles.title_lines``, which fills it).
    titles: tuple | None = field(default=None, repr=False, compare=False)


class UnreadableFile(Exception):
    """The file cannot be read safely; the message is the rejection reason."""


@dataclass(frozen=True)
class Note:
    """Something found while reading that the user should hear about; becomes a parse flag.
    ``sheet`` None is about the whole file; ``row``/``column`` are 1-based Excel positions."""

    code: str
    severity: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    raw_value: str | None = None


class Workbook(dict[str, Grid]):
    """Template sheets by code, plus the notes gathered while reading them."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Note] = []
        # Codes claimed by more than one visible sheet: which one holds the figures cannot be
        # told, so none of them is read (their grids are here, for their cells to be kept).
        self.ambiguous: dict[str, list[Grid]] = {}
        # All the workbook's cell texts in one string, when the container keeps them apart
        # from the cells (.xlsx shared strings); None when only the cells tell.
        self.shared_text: str | None = None
        # The report's cover, when the file has one (``_cover_sheet``): not a template
        # sheet, read only for the unit and year its lines name (``titles.cover_lines``).
        self.cover: Grid | None = None

    def all_grids(self) -> list[Grid]:
        """Every template sheet read from the file, each copy of an ambiguous code too."""
        return [*self.values(), *(g for copies in self.ambiguous.values() for g in copies[1:])]


# A part of a sheet split over several (`B01-1`, `B01_2`, `Biểu 01.3`, `B01 (1)`): the
# code written with its zero and a part number after a separator. Without the zero (`B1.2`)
# or the separator (`B012`) it may be another form's number, and is not read as a part.
_SHEET_PART_RE = re.compile(
    r"^(?:mau\s*(?:so\s*)?)?(?:b|bieu|bm)\s*(?:so\s*)?0([1-6])\s*[-_.]\s*[1-9][0-9]?(?![0-9])")


def sheet_code(sheet_name: str) -> str | None:
    """Template code of a sheet name (``"b01 - Tiêu chí xã"`` -> ``"B01"``), ignoring case,
    diacritics and spacing, or None for sheets the template does not define. A part of a
    sheet split over several (``B01-1``, ``B01_2``) is that sheet: before, such sheets were
    passed over, and B01 reported missing from a file that holds it."""
    match = _SHEET_CODE_RE.match(_sheet_key(sheet_name))
    if not match:
        part = _SHEET_PART_RE.match(fold(sheet_name).strip())
        return None if part is None else f"B0{part.group(1)}"
    return "ThongTin" if match.group(1) == "thongtin" else f"B0{match.group(2)}"


def named_only_thongtin(sheet_name: str) -> bool:
    """Whether a sheet's name is ThongTin's own, with no word added (``_THONGTIN_NAME_RE``):
    ``Thông tin chung`` is, ``Thông tin tuyên truyền`` (criterion 8's table) is not, and is
    ThongTin only if it lists ThongTin's keys (``reader._not_thongtin``)."""
    return _THONGTIN_NAME_RE.match(_sheet_key(sheet_name)) is not None


def is_cover_name(sheet_name: str) -> bool:
    """Whether a sheet is named as a report's cover (``Bìa``, ``Trang bìa``)."""
    return _COVER_NAME_RE.match(_sheet_key(sheet_name)) is not None


def _sheet_key(sheet_name: str) -> str:
    """A sheet name without case, accents, spaces and separators (``b01tieuchixa``)."""
    return re.sub(r"[\s_\-.]+", "", fold(sheet_name))


def _subject_code(sheet_name: str) -> str | None:
    match = _SUBJECT_RE.match(_sheet_key(sheet_name))
    return None if match is None else match.lastgroup


def sheet_codes(names: list[str]) -> list[str | None]:
    """Template code of each of a file's sheet names: by its code (``sheet_code``), else by
    its subject alone (``Tiêu chí xã``, ``Nguồn vốn 2023``) when no sheet of the file has
    that code. A sheet carrying the code always wins: a summary sheet called ``Tổng hợp``
    beside ``B06_TongHop`` is another sheet, not a second B06."""
    codes = [sheet_code(name) for name in names]
    claimed = set(codes)
    for i, name in enumerate(names):
        if codes[i] is None and (subject := _subject_code(name)) not in claimed:
            codes[i] = subject
    return codes


def is_csv_folder(path: Path) -> bool:
    """A folder counts as one CSV submission when it holds a ThongTin CSV."""
    return path.is_dir() and any(
        is_csv_sheet_name(p.name) and sheet_code(p.stem) == "ThongTin" for p in path.iterdir()
    )


def is_csv_sheet_name(name: str) -> bool:
    """Whether a file of a CSV submission's folder may be one of its sheets: a ``.csv`` file
    that is not hidden. A Mac copying the folder to a USB stick or a zip adds a hidden
    ``._B01.csv`` beside each file (its AppleDouble companion, no text at all): read as a
    second B01, it made every sheet ambiguous and none was read."""
    return name.lower().endswith(".csv") and not name.startswith(".")


def csv_files(folder: Path) -> list[Path]:
    """The files of a CSV submission's folder that may be its sheets, in name order: regular
    files, never through a symbolic link (see ``discover``)."""
    return sorted(p for p in folder.iterdir()
                  if is_csv_sheet_name(p.name) and not p.is_symlink() and p.is_file())


def read_grids(path: Path) -> Workbook:
    """Template sheets of a submission keyed by code; other sheets are ignored.

    Raises UnreadableFile with a reason a person can act on when the container is broken,
    hostile or not a workbook, so the caller can reject this one file and carry on.
    Formulas are never calculated and macros never run: only the values Excel saved are read.
    """
    limit = limits()
    if path.is_dir():
        return _read_csv_folder(path, limit)
    archive = None
    try:
        # From the bytes rather than the path: calamine then recognises the format by content,
        # so an .xlsx saved with an .xls name (common in offices) is still read. The file is
        # read once, read-only, and the same bytes (and zip directory) serve the safety
        # checks and the search for what calamine does not show (``sheet_xml``).
        check_file_size(path.stat().st_size, limit)
        data = path.read_bytes()
        if data.startswith(b"PK"):
            archive = open_zip(data)
        container = inspect(data, limit, archive)
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except FileRefused as exc:
        _close(archive)
        raise UnreadableFile(str(exc)) from exc
    except Exception as exc:  # calamine raises several unrelated types for broken files
        _close(archive)
        reason = f"not a readable Excel workbook ({type(exc).__name__}: {exc})"
        raise UnreadableFile(reason) from exc
    grids = Workbook()
    try:
        chosen, cover = _template_sheets(workbook, grids)
        for name, code, hidden in chosen:
            sheet = workbook.get_sheet_by_name(name)
            extent = sheet.end  # last (row, column), known before the cells are converted
            if extent is not None:
                check_sheet_extent(name, extent[0] + 1, extent[1] + 1, limit)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [
                (start[0], start[1], end[0], end[1])
                for start, end in (getattr(sheet, "merged_cell_ranges", None) or [])
            ]
            grid = Grid(name=name, rows=rows, merges=merges, hidden=hidden)
            if code in grids:
                grids.ambiguous.setdefault(code, [grids[code]]).append(grid)
            else:
                grids[code] = grid
        if cover is not None:
            grids.cover = Grid(name=cover, rows=workbook.get_sheet_by_name(cover).to_python(
                skip_empty_area=False, nrows=_COVER_ROWS))
        names = {g.name for g in grids.values()} | {
            g.name for copies in grids.ambiguous.values() for g in copies}
        if data.startswith(OLE2_MAGIC):
            extras = scan_xls(data, names)
        else:
            extras = scan(archive, names, data)
        # Every sheet read, the copies of one template sheet too (``ambiguous``): the filled
        # copy beside a blank form is read, and must be read with its error values, percent
        # cells, merges and hidden rows and columns, as the first one is. Before, only the
        # first copy had them: a filled `B02 (2)` beside a blank `B02` read `#DIV/0!` as a
        # blank cell and a percent-formatted 15 % as 0.15, without a flag.
        sheets = grids.all_grids()
        _restore_errors(sheets, extras.errors)
        _blank_uncalculated(sheets, extras.uncalculated)
        for grid in sheets:
            grids.notes.extend(_as_shown(grid, extras.shown.get(grid.name, {})))
            grid.percent = extras.percent.get(grid.name, set())
            grid.merges.extend(extras.merges.get(grid.name, ()))
            grid.hidden_rows = extras.hidden_rows.get(grid.name, set())
            grid.hidden_columns = extras.hidden_columns.get(grid.name, set())
            grid.struck = extras.struck.get(grid.name, set())
        grids.shared_text = extras.shared_text
    except UnreadableFile:
        raise
    except FileRefused as exc:
        raise UnreadableFile(str(exc)) from exc
    except Exception as exc:
        raise UnreadableFile(f"a sheet cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        workbook.close()
        _close(archive)
    grids.notes.extend(_container_notes(container))
    for found, what in ((extras.formulas, "a formula with no saved result"),
                        (extras.uncalculated, "a formula saved with the result 0 by a program "
                         "that did not calculate it (the workbook asks Excel to calculate "
                         "every formula when it opens)")):
        grids.notes.extend(
            Note("FORMULA_NOT_CACHED", "error",
                 f"{sheet}: the cell holds {what}; formulas are never calculated here, so it "
                 "reads as empty (open the file in Excel, let it calculate, save and send it "
                 "again)",
                 sheet=sheet, row=row + 1, column=column + 1, raw_value=text)
            for sheet, marks in found.items() for row, column, text in marks
        )
    # No cell can hold more characters than the part of the file its text is stored in
    # (unpacked, for a zip container).
    stored = (max((m.file_size for m in archive.infolist()), default=0)
              if archive is not None else len(data))
    if stored > MAX_CELL_CHARS:
        for grid in grids.all_grids():
            grids.notes.extend(_shorten_long_cells(grid))
    return grids


def _as_shown(grid: Grid, shown: dict[tuple[int, int], tuple[int, str, bool]]) -> list[Note]:
    """Numeric cells whose format shows them in thousands or millions (``#,##0,,``), or with
    text beside them (``0.0" tỷ VNĐ"``, ``#,##0 [$₫-42A]``, ``0" xã"``, ``0.0\\%``), read as
    a person reads them: 1,200,500,000 shown as ``1.201`` under ``(triệu đồng)`` is 1,200.5
    million, not 1,200,500,000; 1.2 shown as ``1,2 tỷ VNĐ`` is the text ``1,2 tỷ VNĐ``, and
    5000 shown as ``5000 m2`` the text ``5000 m2``, read (or refused) as that text typed in
    the cell is. One note per sheet for the figures converted (scaled, or in a money unit)."""
    changed: list[tuple[int, int, object]] = []
    for (r, c), (divisor, text, converts) in sorted(shown.items()):
        if r >= len(grid.rows) or c >= len(grid.rows[r]):
            continue
        value = grid.rows[r][c]
        if type(value) is not float and type(value) is not int:
            continue
        figure = value / divisor
        grid.rows[r][c] = f"{_figure_text(figure)} {text}" if text else figure
        if converts:
            changed.append((r, c, value))
    if not changed:
        return []
    r, c, value = changed[0]
    return [Note("UNIT_CONVERTED", "info",
                 f"{grid.name}: {len(changed)} numeric cell(s) are formatted to show their "
                 "value in thousands or millions, or with a money unit beside it; each is read "
                 f"as shown (the first, {column_letter(c)}{r + 1}, stores {value:.15g} and is "
                 f"read as {grid.rows[r][c]!s})",
                 sheet=grid.name, row=r + 1, column=c + 1, raw_value=f"{value:.15g}")]


def _figure_text(figure: float) -> str:
    """A figure as a Vietnamese writer types it: a decimal comma, no thousands grouped
    (``1200,5``), never in powers of ten. Three decimals after one to three digits get a
    fourth (``1,2010``): ``1,201 tỷ`` is read a thousand times apart by a Vietnamese and an
    English reader (``values.read_two_ways``), and a sheet whose other figures are typed in
    English style would read the 1.201 shown as 1,201."""
    text = f"{figure:.9f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}0" if read_two_ways(text) else text


# Lists of units or products one per row, which a province or district may split over
# several sheets (one hidden, say): a hidden sheet of such a code beside a visible one is
# read, to tell a copy from a part (``reader._hidden_copies``).
LIST_CODES = frozenset({"B01", "B03"})


def _template_sheets(
    workbook: python_calamine.CalamineWorkbook, grids: Workbook
) -> tuple[list[tuple[str, str, bool]], str | None]:
    """(name, code, hidden beside a visible one) of the sheets to read, and the name of the
    sheet that may be the report's cover (``_cover_sheet``). A hidden sheet whose
    code a visible sheet also claims is an old copy nobody sees: it is noted, not read;
    but for a list (``LIST_CODES``) it is read, and the reader tells whether it is a copy."""
    metadata = workbook.sheets_metadata
    codes = sheet_codes([m.name for m in metadata])
    shown = [m.visible == python_calamine.SheetVisibleEnum.Visible for m in metadata]
    if None in codes and set(SHEET_CODES) - set(codes):
        _codes_by_title(workbook, [m.name for m in metadata], codes, shown, grids)
    cover = _cover_sheet(workbook, [m.name for m in metadata], codes, shown)
    sheets = [(m.name, code, visible)
              for m, code, visible in zip(metadata, codes, shown, strict=True)]
    visible = {code for _, code, shown in sheets if code and shown}
    chosen = []
    for name, code, shown in sheets:
        if code is None:
            continue
        if not shown and code in visible and code in LIST_CODES:
            chosen.append((name, code, True))
            continue
        if not shown and code in visible:
            grids.notes.append(Note(
                "HIDDEN_SHEET", "info",
                f"the hidden sheet '{name}' is another {code} beside a visible one; the "
                "visible sheet is read, the hidden one is not", sheet=name))
            continue
        chosen.append((name, code, False))
    return chosen, cover


# A cover is a page: the rows and columns a sheet may have to be looked at as one.
_COVER_ROWS = 80
_COVER_COLUMNS = 30


def _cover_sheet(workbook: python_calamine.CalamineWorkbook, names: list[str],
                 codes: list[str | None], shown: list[bool]) -> str | None:
    """The sheet that may be the report's cover, whose lines (``ỦY BAN NHÂN DÂN HUYỆN LỘC
    BÌNH``, ``BÁO CÁO KẾT QUẢ … NĂM 2023``) a person reads for the unit and the year when
    ThongTin does not give them: a visible sheet of no template code named as a cover
    (``Bìa``, ``Trang bìa``), or else, in a file with no sheet named ThongTin, its first
    sheet when visible and of no code (whether it holds only title lines, no table, is
    ``titles.cover_lines``'s to tell). Only a page's size of it is read; a larger sheet is
    no cover. Before, only the form sheets' titles were read, and a file whose cover alone
    named the year was refused."""
    named = next((i for i, name in enumerate(names)
                  if codes[i] is None and shown[i] and is_cover_name(name)), None)
    if named is None and names and codes[0] is None and shown[0] and "ThongTin" not in codes:
        named = 0
    if named is None:
        return None
    extent = workbook.get_sheet_by_name(names[named]).end
    if extent is not None and (extent[0] >= _COVER_ROWS or extent[1] >= _COVER_COLUMNS):
        return None
    return names[named]


# A sheet's title naming its form: "BIỂU 01: KẾT QUẢ …", "Biểu số 2", "Mẫu B03", "B04 - Chỉ
# tiêu" (folded); ThongTin by its title or by the keys it lists.
_TITLE_CODE = re.compile(r"^(?:(?:bieu|mau)(?: bieu)?(?: so)?\s*:?\s*b?\s*0?|b0)([1-6])\b")
_THONGTIN_TITLE = re.compile(r"^thong tin chung\b")
_THONGTIN_KEYS = frozenset({"cap bao cao", "ma tinh", "ma huyen", "ten tinh", "ten huyen",
                            "nam bao cao", "lan gui", "ngay lap"})
_TITLE_ROWS = 15


def _codes_by_title(workbook: python_calamine.CalamineWorkbook, names: list[str],
                    codes: list[str | None], shown: list[bool], grids: Workbook) -> None:
    """Visible sheets left with their program's names (``Sheet1``, ``Trang tính2``) in a file
    lacking template sheets: the form each one's title names (``BIỂU 01: …``), or ThongTin by
    its keys, as a person finds them. Only a code no sheet is named for, claimed by one such
    sheet; a note says where it was read. Before, such a file was rejected as no submission
    of the template (sheets found: none)."""
    claims: dict[str, list[tuple[int, str]]] = {}
    for i, name in enumerate(names):
        if codes[i] is not None or not shown[i]:
            continue
        found = _code_of_titles(workbook.get_sheet_by_name(name).to_python(
            skip_empty_area=False, nrows=_TITLE_ROWS))
        if found is not None and found[0] not in codes:
            claims.setdefault(found[0], []).append((i, found[1]))
    for code, claimed in claims.items():
        if len(claimed) != 1 and code not in LIST_CODES:
            continue  # two sheets titled as one form: which is read cannot be told
        # A list titled over several sheets (B01 one sheet per commune, `Xã Mẫu Sơn`, `Xã
        # Yên Khoái`): each is that code's, and the reader tells parts of one list from
        # copies (``reader._one_of``). Before, none was read nor kept (MISSING_SHEET).
        split = (f", one of {len(claimed)} sheets so titled "
                 f"({', '.join(repr(names[i]) for i, _ in claimed)}): the list appears split "
                 "over them (one sheet per commune), read together when each lists its own "
                 "rows, none read when they are copies" if len(claimed) > 1 else "")
        for i, said in claimed:
            codes[i] = code
            grids.notes.append(Note(
                "SHEET_LAYOUT", "info",
                f"the sheet '{names[i]}' is not named for a form of the template; it is read "
                f"as {code} by {said}{split}", sheet=names[i]))


def _code_of_titles(rows: list[list[Cell]]) -> tuple[str, str] | None:
    """The template code a sheet's first rows give, and what says it."""
    keys = 0
    for r, row in enumerate(rows):
        for cell in row:
            if type(cell) is not str or not cell.strip():
                continue
            text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(cell)).split())
            if (match := _TITLE_CODE.match(text)) is not None:
                return f"B0{match.group(1)}", f"its title '{cell.strip()}' (row {r + 1})"
            if _THONGTIN_TITLE.match(text):
                return "ThongTin", f"its title '{cell.strip()}' (row {r + 1})"
            keys += text in _THONGTIN_KEYS
    if keys >= 3:
        return "ThongTin", f"the {keys} keys of ThongTin it lists"
    return None


def _close(archive: zipfile.ZipFile | None) -> None:
    if archive is not None:
        archive.close()


def column_letter(index: int) -> str:
    """Excel's name for a 0-based column index (0 -> "A", 27 -> "AB"), for messages a
    statistician can follow."""
    letters = ""
    number = index + 1
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _container_notes(container: Container) -> list[Note]:
    notes = []
    if container.macros:
        notes.append(Note(
            "MACROS_IGNORED", "info",
            f"the workbook contains VBA macros ({', '.join(container.macros)}); macros are "
            "never run, only the cell values are read"))
    if container.external_links:
        notes.append(Note(
            "EXTERNAL_LINK", "warning",
            f"the workbook links to {len(container.external_links)} other file(s) "
            f"({', '.join(container.external_links)}); links are never followed, the values "
            "Excel saved in this file are read as they are"))
    return notes


def _shorten_long_cells(grid: Grid) -> list[Note]:
    """Excel stops at 32,767 characters per cell, so longer text was made by another program;
    it is cut to that length (the file itself keeps all of it) instead of filling the
    warehouse."""
    notes = []
    for i, row in enumerate(grid.rows):
        for j, cell in enumerate(row):
            if type(cell) is str and len(cell) > MAX_CELL_CHARS:
                row[j] = cell[:MAX_CELL_CHARS]
                notes.append(Note(
                    "CELL_TOO_LONG", "warning",
                    f"{grid.name}: the cell holds {len(cell):,} characters, more than Excel "
                    f"allows ({MAX_CELL_CHARS:,}); only the first {MAX_CELL_CHARS:,} are kept",
                    sheet=grid.name, row=i + 1, column=j + 1))
    return notes


def _restore_errors(grids: list[Grid], errors: dict[str, list[tuple[int, int, str]]]) -> None:
    """Put Excel's error text (``#DIV/0!``) back where calamine left an empty cell, so the
    cell is flagged as unreadable instead of passing as blank."""
    for grid in grids:
        for row, column, text in errors.get(grid.name, []):
            while len(grid.rows) <= row:
                grid.rows.append([])
            cells = grid.rows[row]
            if len(cells) <= column:
                cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = text


def _blank_uncalculated(grids: list[Grid],
                        marks: dict[str, list[tuple[int, int, str]]]) -> None:
    """A formula's 0 that no spreadsheet calculated is not a result: the cell reads as empty
    (and is flagged), as a formula saved without a result does."""
    for grid in grids:
        for row, column, _ in marks.get(grid.name, []):
            if row < len(grid.rows) and column < len(grid.rows[row]):
                grid.rows[row][column] = ""


def _read_csv_folder(path: Path, limit: Limits) -> Workbook:
    """CSV sheets are read with the standard csv module: ragged rows (a signature line with one
    cell under a 25-column table) are normal in exported sheets, and polars' CSV reader would
    have to truncate them."""
    grids = Workbook()
    files = csv_files(path)
    for file, code in zip(files, sheet_codes([f.stem for f in files]), strict=True):
        if code is None:
            continue
        try:
            check_file_size(file.stat().st_size, limit)
        except FileRefused as exc:
            raise UnreadableFile(f"{file.name}: {exc}") from exc
        data = file.read_bytes()
        try:
            text, encoding = decode_csv(data)
        except UnreadableFile as exc:
            raise UnreadableFile(f"{file.name}: {exc}") from exc
        # Excel for Mac's "CSV (Macintosh)" ends its lines with a carriage return alone.
        lines = max(text.count("\n"), text.count("\r")) + 1
        if lines > limit.max_sheet_rows:
            raise UnreadableFile(
                f"{file.name} has {lines:,} lines; a template sheet never needs more than "
                f"{limit.max_sheet_rows:,} (NTM_MAX_SHEET_ROWS), so the submission was not read")
        separator = _delimiter(text)
        try:
            with _fields_up_to(len(text)):
                rows, unclosed = csv_records(text, separator)
        except csv.Error as exc:
            raise UnreadableFile(
                f"{file.name} cannot be read as a CSV file ({exc}); open it in Excel, save it "
                "again as CSV and send the folder again") from exc
        grid = Grid(name=file.stem, rows=rows, separator=separator)
        grids.notes.extend(_unclosed_quote_notes(file.name, grid, unclosed))
        if code in grids:
            grids.ambiguous.setdefault(code, [grids[code]]).append(grid)
        else:
            grids[code] = grid
        if encoding != "UTF-8":
            grids.notes.append(Note(
                "CSV_ENCODING", "info",
                f"{file.name} is not UTF-8; it was read as {encoding}", sheet=file.stem))
        if len(text) > MAX_CELL_CHARS:  # a shorter file cannot hold a longer cell
            grids.notes.extend(_shorten_long_cells(grid))
    return grids


# The csv module refuses a field longer than this (131,072 characters), a guard for readers
# that stream a file of unknown size; its own, not the project's (``limits``).
_CSV_FIELD_LIMIT = csv.field_size_limit()
_FIELD_LIMIT_LOCK = threading.Lock()


@contextmanager
def _fields_up_to(chars: int) -> Iterator[None]:
    """The csv module reading fields as long as the file's text (``chars``) while a CSV sheet
    is read. A note pasted into one cell (a report's text, a list of works) longer than the
    module's limit refused the whole submission: every sheet was lost for one cell. The file
    is whole in memory already, within ``NTM_MAX_FILE_MB`` and ``NTM_MAX_SHEET_ROWS``, so no
    field can cost more than its text; the cell is then cut to Excel's limit, with a
    CELL_TOO_LONG warning at it (``_shorten_long_cells``). The limit is the module's, shared
    by every thread: it is raised under a lock and set back, and only for a file longer than
    it (most are far shorter, and are read as before)."""
    if chars < _CSV_FIELD_LIMIT:
        yield
        return
    with _FIELD_LIMIT_LOCK:
        before = csv.field_size_limit(chars + 1)
        try:
            yield
        finally:
            csv.field_size_limit(before)


@dataclass(frozen=True)
class Unclosed:
    """A quote opening a CSV cell that the file does not close where a cell may end: the
    record's 0-based row in the grid and its cell, the line of the file it is on, and what
    showed that the quote swallowed the lines after it (``csv_records``)."""

    row: int
    column: int
    line: int
    swallowed: tuple[int, int]  # the file's 1-based lines the quoted cell ran over
    why: str
    typed: str = ""  # the cell as the file has it, its quote too


def csv_records(text: str, separator: str) -> tuple[list[list[Cell]], list[Unclosed]]:
    """The records of a CSV sheet, and the quotes found left open.

    ``newline=""``: every line ending ends a row (CR LF, LF, or the CR alone of a Mac), and
    one inside a quoted cell stays in it (Excel writes a cell holding line breaks, a header
    typed over two lines, so). Before, a CR-only file refused the whole submission with
    "new-line character seen in unquoted field".

    A quote typed at the start of a cell and never closed (``"Xã Yên Khoái`` in Notepad, or a
    note ``5"`` that a program put in quotes without doubling it) makes the csv module read
    every following line into that one cell, up to the next quote of the file or its end:
    the communes or sources on those lines vanished without a word. Such a cell is told from
    one Excel wrote over several lines by what no spreadsheet writes (``_left_open``); it is
    then read as a person reads the file: the lines after it are rows, each read again as
    the file's rows are, and the quote is no part of a name or words (``_stray_quote_out``).
    Only a record that runs over several lines is looked at: most files have none, and are
    read as before."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[Cell]] = [list(r) for r in reader]
    open_at_end = _last_line_open(text, separator)
    if reader.line_num == len(rows) and not open_at_end:
        return rows, []  # no record runs over two lines, nor the last one to the file's end
    lines = io.StringIO(text, newline="").readlines()
    widths: dict[int, int] = {}
    single = [r for r in rows if len(r) > 1 and not any("\n" in c or "\r" in c for c in r)]
    for r in single:
        widths[len(r)] = widths.get(len(r), 0) + 1
    width = max(widths, key=lambda n: (widths[n], n)) if widths else 0
    # Rows typed with a space after each separator (`6, Cộng đồng dân cư, 350`), as a
    # line of text is: then such a line may be a row (``_left_open``).
    spaced = any(len(r) == width and _spaced(r) for r in single)
    records: list[list[Cell]] = []
    unclosed: list[Unclosed] = []
    start = 0
    while start < len(lines):
        again = None
        reader = csv.reader(itertools.islice(lines, start, None), delimiter=separator)
        done = 0  # lines of the file read before this record
        for cells in reader:
            first, last = start + done, start + reader.line_num - 1
            done = reader.line_num
            # a record over several lines, or the file's last whose quote runs to its end
            ends = open_at_end and last == len(lines) - 1
            if (last > first or ends) and (why := _left_open(
                    lines, first, last, cells, separator, width, spaced)):
                row, column = _literal_cells(lines[first], separator)
                typed = str(row[column]) if column < len(row) else ""
                if column < len(row):
                    row[column] = _stray_quote_out(typed)
                unclosed.append(Unclosed(len(records), column, first + 1,
                                         (first + 1, last + 1), why, typed))
                records.append(row)
                again = first + 1
                break
            records.append(list(cells))
        if again is None:
            break
        start = again
    return records, unclosed


def _last_line_open(text: str, separator: str) -> bool:
    """Whether the file's last line opens a quote it never closes (`1,"Hồi Lạng Sơn,HTX …`
    as the file's last row): the csv module reads the rest of that line as one cell, and no
    record runs over two lines to show it. Before, the product's producer, commune, rating
    and date were that one cell. Only the last line is parsed again, and only if it holds a
    quote; a quote closing before other text there is read as on any line."""
    end = len(text)
    while end and text[end - 1] in "\r\n":
        end -= 1
    line = text[max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1:end]
    if '"' not in line:
        return False
    try:
        list(csv.reader([line], delimiter=separator, strict=True))
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _left_open(lines: list[str], first: int, last: int, cells: list[str], separator: str,
               width: int, spaced: bool = False) -> str | None:
    """Why the record ``cells`` over the file's lines ``first``..``last`` (0-based) holds a
    quote left open, or None for a cell a spreadsheet wrote over several lines. Excel closes
    every quote it opens, right before a separator or the line's end, and doubles a quote
    inside a cell: a quoted cell that runs to the end of the file, or that closes before
    other text, is no spreadsheet's. Nor is one holding a line with at least as many cells as
    the file's rows (``width``, the commonest count of its records of two cells or more;
    three at least, since a note's line may hold a comma) and as the record itself: that
    line is one of the file's rows. A note of the one row wider than the others (typed right
    of the table, in a file whose rows are not padded) may hold such commas; a row swallowed
    holds as many cells as the record whose cell swallowed it, when the quote opens and
    closes in one column (a note's). A line whose every cell after the first starts with a
    space (`Gồm: đường, trường, trạm, chợ`) is a line of text, as people type commas in
    words, unless the file's rows are typed so too (``spaced``): the rows of a file are
    written without a space after the separator. Before, a note Excel wrote over several
    lines, or a hand wrote in quotes in a file whose rows are not padded, one line of which
    held as many commas as a row, was cut into rows with an error."""
    try:
        list(csv.reader(lines[first:last + 1], delimiter=separator, strict=True))
    except csv.Error as exc:
        return ("it runs to the end of the file" if "end of data" in str(exc) else
                "the quote closing it is followed by other text than a separator, which no "
                "spreadsheet writes")
    if width < 3:
        return None
    row = max(width, len(cells))
    for cell in cells:
        for piece in cell.splitlines()[1:]:
            split = next(csv.reader([piece], delimiter=separator), [])
            if len(split) >= row and (spaced or not _spaced(split)):
                return (f"a line of it, '{piece}', has {len(split)} cells, as the file's rows "
                        f"have {row}: it is a row, not a line of text")
    return None


# A cell a stray quote opens, read as the words after it: a name (`"Xã Yên Khoái`, `"HTX
# Nông sản`), two words at least, the first starting with a letter.
_WORDS_AFTER_QUOTE_RE = re.compile(r'^"(\s*[^\W\d_]\S*\s+\S.*)$', re.DOTALL)


def _stray_quote_out(typed: str) -> str:
    """The cell a quote left open starts (``csv_records``) as a person reads it: a name or
    words without the quote (``"Xã Yên Khoái`` is Xã Yên Khoái, as are a product's or a
    producer's name, a ThongTin name, a note), which was stored with it. A figure, a date, a
    code or a single word (a mark ``"x``, ``"Đạt``; ``"5002``, ``"1200`` whose closing quote
    went with its decimals, ``"1200,5``) keeps its quote and stays unread, as before: a wrong
    figure or mark is worse than a missing one."""
    match = _WORDS_AFTER_QUOTE_RE.match(typed)
    return typed if match is None else match.group(1)


def _spaced(cells: list[str]) -> bool:
    """Whether every cell after the first that holds text starts with a space, as the words
    after a comma in a line of text do (at least one cell does)."""
    later = [c for c in cells[1:] if c]
    return bool(later) and all(c[0].isspace() for c in later)


def _literal_cells(line: str, separator: str) -> tuple[list[Cell], int]:
    """The cells of one line of a CSV file, a quote that does not close before a separator
    or the line's end being a character of its cell, as a person reads it (``"Xã Yên
    Khoái`` is that name with a quote); quoted cells that close are read as the csv module
    reads them. Also the 0-based index of the first cell whose quote is so read."""
    line = line.rstrip("\r\n")
    cells: list[Cell] = []
    literal = -1
    i, n = 0, len(line)
    while True:
        end = -1
        if line.startswith('"', i):
            j, parts = i + 1, []
            while True:
                k = line.find('"', j)
                if k < 0:
                    break
                if line.startswith('"', k + 1):
                    parts.append(line[j:k + 1])
                    j = k + 2
                    continue
                if k + 1 == n or line.startswith(separator, k + 1):
                    parts.append(line[j:k])
                    cells.append("".join(parts))
                    end = k + 1
                break
        if end < 0:  # no quote, or one left open: the cell's text up to the next separator
            if line.startswith('"', i) and literal < 0:
                literal = len(cells)
            end = line.find(separator, i)
            end = n if end < 0 else end
            cells.append(line[i:end])
        if end >= n:
            return cells, max(literal, 0)
        i = end + len(separator)
        if i >= n:
            cells.append("")
            return cells, max(literal, 0)


def _unclosed_quote_notes(name: str, grid: Grid, unclosed: list[Unclosed]) -> list[Note]:
    """An error at each cell whose quote was left open (``csv_records``), naming the file,
    its line and the lines the quote had swallowed, which are now read as rows."""
    notes = []
    for found in unclosed:
        cells = grid.rows[found.row]
        typed = found.typed
        read = str(cells[found.column]) if found.column < len(cells) else ""
        first, last = found.swallowed
        lines = (f"the rest of line {first}" if last == first else f"line {last}"
                 if last == first + 1 else f"lines {first + 1}-{last}")
        quote = (f"the quote is left out of the cell, read as '{read}'" if read != typed else
                 "the quote is read as a character of the cell")
        notes.append(Note(
            "UNPARSEABLE_VALUE", "error",
            f"{name} line {found.line} ({grid.name} row {found.row + 1}, column "
            f"{column_letter(found.column)}): the cell '{typed}' opens a quote that is not "
            f"closed where a cell ends ({found.why}); so read, the cell would swallow {lines} "
            f"of the file and the cells there would be lost. Each line is read as a row and "
            f"{quote}; check the cell (Excel's Save as CSV closes its quotes) and send the "
            "file again",
            sheet=grid.name, row=found.row + 1, column=found.column + 1, raw_value=typed))
    return notes


# Bytes 0x80-0x9F as Windows-1252 shows them where it defines them, else as Latin-1: how
# legacy TCVN3/VNI text looks in Excel on Windows, which is what ``legacy`` expects.
_CP1252_HIGH = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                for b in range(0x80, 0xA0)}


def decode_csv(data: bytes) -> tuple[str, str]:
    """Text of a CSV file and the encoding it was read with.

    Excel's "CSV UTF-8" starts with a byte order mark; "Unicode text" is UTF-16; a plain "CSV"
    saved on a Vietnamese Windows is Windows-1258, and older offices still type in the
    8-bit TCVN3 or VNI fonts. UTF-8 is tried first (the other encodings are almost never
    valid UTF-8); an 8-bit file counts as TCVN3/VNI when the legacy detector finds that text in
    it, else as Windows-1258, whose combining tone marks are composed (NFC) by the reader.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16"), "UTF-16"
    if _utf16_le_unmarked(data):
        return _utf16(data, "utf-16-le"), "UTF-16 (little-endian, no byte order mark)"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    legacy_view = data.decode("latin-1").translate(_CP1252_HIGH)
    if detect_legacy(legacy_view.split()) is not None:
        return legacy_view, "8-bit legacy text (TCVN3/VNI)"
    text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text), "Windows-1258"


def _utf16_le_unmarked(data: bytes) -> bool:
    """UTF-16 little-endian text saved without its byte order mark, told by its zero bytes:
    the high byte of every ASCII or Latin letter, digit, separator and line end, so most odd
    bytes of a sheet and almost no even one (UTF-8 and the 8-bit encodings have none). Before,
    only a file whose first two characters were ASCII was so read: one starting with a
    Vietnamese letter (``Ấ``) was read as Windows-1258 and refused as an invalid CSV file."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    high, low = sample[1::2].count(0), sample[0:pairs * 2:2].count(0)
    return high * 3 >= pairs and low * 20 <= pairs


def _utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"damaged UTF-16 text ({exc.reason})") from exc


def _delimiter(text: str) -> str:
    """Excel set to Vietnamese (decimal comma) saves "CSV" with semicolons; take whichever of
    ``;``, ``,`` and tab splits the most lines of the sheet into cells (then the most cells),
    the csv module's guess when two split as many, comma when in doubt.

    Counting lines rather than asking the csv module alone: a sheet whose title lines are
    not padded with separators (``BIỂU 02: NGUỒN VỐN HUY ĐỘNG`` over ``Mã nguồn;Nguồn vốn;…``,
    as programs other than Excel write it) made the module guess a comma, every row was one
    cell, and no sheet of the submission was read. Commas inside a semicolon sheet's cells
    (``1.200,5``, ``Doanh nghiệp, hợp tác xã``) split fewer lines than its semicolons do."""
    sample = text[:65536]
    try:
        guess = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        guess = ","
    lines = sample.splitlines()[:-1] if len(sample) < len(text) else sample.splitlines()

    def score(delimiter: str) -> tuple[int, int, bool]:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            return (-1, -1, False)
        split = [r for r in rows if len(r) > 1]
        return (len(split), sum(len(r) for r in split), delimiter == guess)

    return max((",", ";", "\t"), key=score)
