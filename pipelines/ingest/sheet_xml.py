"""What the cell reader does not show, read from the workbook's own XML.

python-calamine (and fastexcel, built on the same reader) gives each cell's value and type but
not its number format, shows an Excel error cell as an empty string, and reports no merged
ranges for OpenDocument files. Each of these changes what a person reads in the sheet:

- a numeric cell formatted as a percentage holds a fraction: typing ``3,2%`` stores 0.032, and
  the person reads 3.2 %; the format, not the size of the value, says so;
- ``#DIV/0!`` is not a blank cell, and a formula saved without its result is not either;
- a header merged over two rows in LibreOffice is one header;
- a hidden row or column (by hand, or by a filter) is not seen by a person reading the sheet.

So the XML is read here, by hand, because no reader on PyPI exposes these alongside
calamine's speed: only the parts that can hold them are opened, after a byte search says they
do, which keeps the cost near zero for the usual file. Legacy .xls (BIFF) files are not
covered: their number formats and error cells are not read (``docs/ingest.md``).

Formulas are never calculated here: the reader takes the result Excel saved with the file.
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from xml.etree import ElementTree

from pipelines.ingest.values import names_money

_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL_TAG = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)/?>")
_NUMFMT_TAG = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)/?>")
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF_TAG = re.compile(rb"<(?:\w+:)?xf\b([^>]*)/?>")
_C_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_BATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_FONTS = re.compile(rb"<(?:\w+:)?fonts\b[^>]*>(.*?)</(?:\w+:)?fonts>", re.S)
_FONT = re.compile(rb"<(?:\w+:)?font\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?font>)", re.S)
_STRIKE = re.compile(rb"<(?:\w+:)?strike\b([^>]*?)/?>")
# Excel's built-in percentage formats (0% and 0.00%).
_BUILTIN_PERCENT = {9, 10}

Position = tuple[int, int]  # 0-based row, 0-based column
Mark = tuple[int, int, str]  # 0-based row, 0-based column, text (error value or formula)


@dataclass
class SheetExtras:
    """Per sheet name: error cells, formulas without a result, percent-formatted numeric
    cells, and merged ranges the reader did not report."""

    errors: dict[str, list[Mark]] = field(default_factory=dict)
    formulas: dict[str, list[Mark]] = field(default_factory=dict)
    # Formulas whose saved result is 0 in a workbook that asks to be calculated on opening:
    # written by a program that did not calculate them, so the 0 is not a result.
    uncalculated: dict[str, list[Mark]] = field(default_factory=dict)
    percent: dict[str, set[Position]] = field(default_factory=dict)
    # Numeric cells whose format shows them other than stored: in thousands or millions
    # (``#,##0,,``: each comma after the last digit divides by 1,000) or with text beside
    # them (``0.0" tỷ"``, ``0" xã"``), by position: (the commas' divisor, the text, whether
    # the figure is converted: scaled or in a money unit).
    shown: dict[str, dict[Position, tuple[int, str, bool]]] = field(default_factory=dict)
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    # Rows hidden in the sheet (0-based): by hand, or by a filter that shows only some rows.
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)
    # Columns hidden in the sheet (0-based).
    hidden_columns: dict[str, set[int]] = field(default_factory=dict)
    # Cells whose font is struck through (the whole cell), by position: a row so marked is
    # one an office took out of the table without deleting it.
    struck: dict[str, set[Position]] = field(default_factory=dict)
    # Every text of the workbook's cells when all of them are shared strings (the usual
    # .xlsx), else None: lets the reader rule out legacy encodings and over-long cells
    # without visiting each cell.
    shared_text: str | None = None


def cell_index(ref: str) -> Position:
    """0-based (row, column) of a reference such as ``AB12``."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        raise ValueError(ref)
    letters, digits = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


def scan(archive: zipfile.ZipFile | None, sheets: set[str], data: bytes = b"") -> SheetExtras:
    """What the XML of these sheets holds beyond the values; empty for files that are not
    zip containers or cannot be parsed this way (the reader decides whether they are
    readable). ``data`` is the container's bytes, for reading its parts directly."""
    if archive is None or not sheets:
        return SheetExtras()
    reader = _Members(archive, data)
    try:
        names = set(archive.namelist())
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return _scan_ods(reader.read("content.xml"), sheets)
        return _scan_xlsx(reader, sheets)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, zlib.error):
        return SheetExtras()


class _Members:
    """Parts of a zip container read straight from its bytes: a deflated part is inflated
    with zlib, which costs a tenth of ``ZipFile.read``'s stream machinery per part. Sizes were
    checked against the limits before (``limits.inspect``), and inflating stops at the
    declared size."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes) -> None:
        self.archive = archive
        self.data = data

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if not self.data or info.flag_bits & 0x1:  # encrypted: let zipfile say so
            return self.archive.read(name)
        offset = info.header_offset
        if self.data[offset:offset + 4] != b"PK\x03\x04":
            return self.archive.read(name)
        name_length, extra_length = struct.unpack_from("<HH", self.data, offset + 26)
        start = offset + 30 + name_length + extra_length
        raw = self.data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            return raw[:info.file_size]
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return self.archive.read(name)
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(raw, info.file_size + 1)
        if len(out) > info.file_size:
            raise ValueError(f"{name} is larger than its declared size")
        return out


# --------------------------------------------------------------------------- .xlsx


def _sheet_members(archive: _Members, workbook_xml: bytes, sheets: set[str]) -> dict[str, str]:
    """Sheet name -> zip member, from workbook.xml and its relationships (regular expressions:
    these two small parts are generated by every writer in the same simple shape)."""
    return dict(_members_of(workbook_xml, archive.read("xl/_rels/workbook.xml.rels"),
                            frozenset(sheets)))


# ``<calcPr fullCalcOnLoad="1"/>``: Excel is to calculate every formula when it opens the
# file. Programs that write formulas without calculating them (xlsxwriter, for one) set it and
# save 0 as each result; Excel itself saves real results and does not set it.
_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')


# Files made from one template carry the same workbook and style parts: each is read once.
@lru_cache(maxsize=256)
def _members_of(workbook_xml: bytes, rels_xml: bytes,
                sheets: frozenset[str]) -> tuple[tuple[str, str], ...]:
    workbook = workbook_xml.decode("utf-8", errors="replace")
    rels = rels_xml.decode("utf-8", errors="replace")
    targets = {}
    for tag in _REL_TAG.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        targets[attrs.get("Id")] = attrs.get("Target", "")
    members = {}
    for tag in _SHEET_TAG.findall(workbook):
        attrs = dict(_ATTR.findall(tag))
        name = html.unescape(attrs.get("name", ""))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if name in sheets and rid in targets:
            target = targets[rid]
            members[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return tuple(members.items())


def is_percent_format(format_code: str) -> bool:
    """A % outside quotes and brackets: "0.0%" is a percentage, '0" %"' only shows a sign."""
    return "%" in re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", format_code)


# Text a format shows beside the figure: quoted (``"tỷ VNĐ"``), one escaped character
# (``\đ``), or the symbol of a currency bracket (``[$₫-42A]``, Excel's Vietnamese currency
# format; ``[$-42A]`` only names a language and shows nothing).
_LITERAL = re.compile(r'"([^"]*)"|\\(.)|\[\$([^\]-]*)[^\]]*\]')
_SCALING = re.compile(r"[0#?](,+)[^0#?,]*$")


def shown_format(format_code: str) -> tuple[int, str] | None:
    """How a number format shows a positive number other than as stored: the divisor of its
    scaling commas (``#,##0,,``: 1,000,000) and the money unit it shows beside the figure
    (``0.0" tỷ"``: ``tỷ``; ``#,##0 [$₫-42A]``: ``₫``); None when it shows the number as
    stored, in the column's unit. Money is told by the words a cell typed with its unit is
    read by (``values.names_money``), known units or not (``USD``); before, only a few
    spellings were, and ``tỷ VNĐ``, ``₫`` or ``nghìn tỷ`` were dropped and the figure taken in
    the column's unit."""
    shown = shown_text(format_code)
    if shown is None:
        return None
    divisor, text = shown
    unit = text if text and names_money(text) else ""
    return (divisor, unit) if divisor > 1 or unit else None


# Text that shows nothing a person reads as a unit or a sign: spaces and punctuation
# (``\ ``, ``"-"``, ``"("``).
_PUNCTUATION = re.compile(r"[\s\-–—+.,:;()/*]*")


def shown_text(format_code: str) -> tuple[int, str] | None:
    """The divisor of a number format's scaling commas and all the text it shows beside a
    positive figure (``0.0 "tỷ VNĐ"``: ``tỷ VNĐ``; ``#,##0 "m2"``: ``m2``; ``0.0\\%``:
    ``%``); None when it shows the number as stored and nothing beside it. A person reads
    the figure with that text, and the cell is read as that text typed in it is: ``5.000
    m2`` or ``57,1%`` in an amount, ``11 huyện`` in a count of communes are refused, ``11
    xã`` is read; before, any text but a few money words was dropped and the figure read as
    the column's money or count."""
    section = format_code.split(";")[0]
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)
    if "%" in bare or re.search(r"[dmyhs]", bare, re.I):
        return None  # a percentage (read as such) or a date
    scaling = _SCALING.search(bare)
    divisor = 1000 ** len(scaling.group(1)) if scaling else 1
    literal = "".join("".join(parts) for parts in _LITERAL.findall(section)).strip()
    text = "" if _PUNCTUATION.fullmatch(literal) else literal
    return (divisor, text) if divisor > 1 or text else None


@lru_cache(maxsize=256)
def _shown_styles_of(styles: bytes) -> dict[bytes, tuple[int, str, bool]]:
    """Cell styles (their index in ``s="…"``) whose number format shows the figure other
    than as stored: (divisor, the text beside it, whether the figure is converted: scaled,
    or in a money unit, ``shown_format``)."""
    custom: dict[int, tuple[int, str, bool]] = {}
    for tag in _NUMFMT_TAG.findall(styles):
        attrs = dict(_BATTR.findall(tag))
        code = html.unescape(attrs.get(b"formatCode", b"").decode("utf-8", "replace"))
        shown = shown_text(code)
        if shown is not None:
            custom[int(attrs.get(b"numFmtId", b"-1"))] = (*shown, shown_format(code) is not None)
    block = _CELLXFS.search(styles)
    if not custom or block is None:
        return {}
    found = {}
    for index, tag in enumerate(_XF_TAG.findall(block.group(1))):
        attrs = dict(_BATTR.findall(tag))
        fmt = int(attrs.get(b"numFmtId", b"0") or 0)
        if fmt in custom:
            found[str(index).encode()] = custom[fmt]
    return found


@lru_cache(maxsize=256)
def _struck_styles_of(styles: bytes) -> frozenset[bytes]:
    """Indexes (as they appear in ``s="…"``) of cell styles whose font is struck through
    (``<strike/>``, ``<strike val="1"/>``; not ``val="0"``, which names strike to turn it
    off). Most workbooks have no struck font: then nothing is looked up."""
    if b"strike" not in styles:
        return frozenset()
    fonts = _FONTS.search(styles)
    block = _CELLXFS.search(styles)
    if fonts is None or block is None:
        return frozenset()
    struck = set()
    for index, font in enumerate(_FONT.finditer(fonts.group(1))):
        for attrs in _STRIKE.findall(font.group(1) or b""):
            value = dict(_BATTR.findall(attrs)).get(b"val", b"1").lower()
            if value not in (b"0", b"false"):
                struck.add(index)
    found = set()
    for index, tag in enumerate(_XF_TAG.findall(block.group(1))):
        attrs = dict(_BATTR.findall(tag))
        if int(attrs.get(b"fontId", b"0") or 0) in struck:
            found.add(str(index).encode())
    return frozenset(found)


def _percent_styles(archive: _Members) -> frozenset[bytes]:
    """Indexes (as they appear in ``s="…"``) of cell styles whose number format shows a
    percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return frozenset()
    return _percent_styles_of(styles)


@lru_cache(maxsize=256)
def _percent_styles_of(styles: bytes) -> frozenset[bytes]:
    if b"%" not in styles and b'numFmtId="9"' not in styles and b'numFmtId="10"' not in styles:
        return frozenset()
    custom = set()
    for tag in _NUMFMT_TAG.findall(styles):
        attrs = dict(_BATTR.findall(tag))
        code = html.unescape(attrs.get(b"formatCode", b"").decode("utf-8", "replace"))
        if is_percent_format(code):
            custom.add(int(attrs.get(b"numFmtId", b"-1")))
    block = _CELLXFS.search(styles)
    if block is None:
        return frozenset()
    found = set()
    for index, tag in enumerate(_XF_TAG.findall(block.group(1))):
        attrs = dict(_BATTR.findall(tag))
        fmt = int(attrs.get(b"numFmtId", b"0") or 0)
        if fmt in _BUILTIN_PERCENT or fmt in custom:
            found.add(str(index).encode())
    return frozenset(found)


def _scan_xlsx(archive: _Members, sheets: set[str]) -> SheetExtras:
    extras = SheetExtras()
    percent_styles = _percent_styles(archive)
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        styles = b""
    shown_styles = _shown_styles_of(styles) if styles else {}
    struck_styles = _struck_styles_of(styles) if styles else frozenset()
    only_shared = True
    workbook_xml = archive.read("xl/workbook.xml")
    uncalculated = _FULL_CALC.search(workbook_xml) is not None
    for name, member in _sheet_members(archive, workbook_xml, sheets).items():
        xml = archive.read(member)
        if b'"inlineStr"' in xml or b't="str"' in xml:
            only_shared = False
        if b't="e"' in xml or b"<f" in xml or b":f>" in xml:
            _errors_and_formulas(xml, name, extras, uncalculated)
        if b'hidden="' in xml:
            hidden = _hidden_rows(xml)
            if hidden:
                extras.hidden_rows[name] = hidden
            columns = _hidden_columns(xml)
            if columns:
                extras.hidden_columns[name] = columns
        if percent_styles and b' s="' in xml:
            cells = set()
            for tag in _C_TAG.findall(xml):
                attrs = dict(_BATTR.findall(tag))
                if attrs.get(b"s") in percent_styles and attrs.get(b"t", b"n") == b"n":
                    cells.add(cell_index(attrs[b"r"].decode()))
            if cells:
                extras.percent[name] = cells
        if shown_styles and b' s="' in xml:
            shown = {}
            for tag in _C_TAG.findall(xml):
                attrs = dict(_BATTR.findall(tag))
                style = attrs.get(b"s")
                if style in shown_styles and attrs.get(b"t", b"n") == b"n":
                    shown[cell_index(attrs[b"r"].decode())] = shown_styles[style]
            if shown:
                extras.shown[name] = shown
        if struck_styles and b' s="' in xml:
            struck = {cell_index(attrs[b"r"].decode())
                      for attrs in (dict(_BATTR.findall(tag)) for tag in _C_TAG.findall(xml))
                      if attrs.get(b"s") in struck_styles and b"r" in attrs}
            if struck:
                extras.struck[name] = struck
    if only_shared:
        try:
            shared = archive.read("xl/sharedStrings.xml")
        except KeyError:
            shared = b""
        if b"&#" not in shared:
            extras.shared_text = shared.decode("utf-8", errors="replace")
    return extras


_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")


def _hidden_columns(xml: bytes) -> set[int]:
    """``<col min="5" max="6" hidden="1"/>``: columns E and F hidden (1-based, inclusive)."""
    hidden: set[int] = set()
    for tag in _COL_TAG.findall(xml):
        attrs = dict(_BATTR.findall(tag))
        first, last = attrs.get(b"min", b""), attrs.get(b"max", b"")
        if attrs.get(b"hidden") in (b"1", b"true") and first.isdigit() and last.isdigit():
            # a sheet's columns end at XFD (16,384); a range past it says nothing more
            hidden.update(range(int(first) - 1, min(int(last), 16384)))
    return hidden


def _hidden_rows(xml: bytes) -> set[int]:
    hidden = set()
    for tag in _ROW_TAG.findall(xml):
        attrs = dict(_BATTR.findall(tag))
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"r", b"").isdigit():
            hidden.add(int(attrs[b"r"]) - 1)
    return hidden


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _errors_and_formulas(xml: bytes, name: str, extras: SheetExtras,
                         uncalculated: bool = False) -> None:
    for cell in ElementTree.fromstring(xml).iter(f"{_MAIN}c"):
        value = cell.find(f"{_MAIN}v")
        if cell.get("t") == "e":
            row, column = cell_index(cell.get("r", ""))
            text = value.text if value is not None else "#ERROR"
            extras.errors.setdefault(name, []).append((row, column, text or "#ERROR"))
            continue
        formula = cell.find(f"{_MAIN}f")
        inline = cell.find(f"{_MAIN}is")
        if formula is None or inline is not None:
            continue
        if value is None or value.text is None:
            found = extras.formulas
        elif uncalculated and cell.get("t", "n") == "n" and _is_zero(value.text):
            found = extras.uncalculated
        else:
            continue
        row, column = cell_index(cell.get("r", ""))
        text = f"={formula.text}" if formula.text else "(a shared formula)"
        found.setdefault(name, []).append((row, column, text))


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


# --------------------------------------------------------------------------- .ods

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _scan_ods(content: bytes, sheets: set[str]) -> SheetExtras:
    """Percentage cells, merged ranges and hidden rows and columns of OpenDocument sheets.
    Positions count repeated rows and columns (``number-rows-repeated``), as LibreOffice
    writes runs of equal cells. A row or column is hidden when its ``visibility`` is
    ``collapse`` (hidden by hand) or ``filter`` (by a filter), as Excel's ``hidden``; before,
    an .ods file's hidden columns and rows were read without a word."""
    extras = SheetExtras()
    root = ElementTree.fromstring(content)
    for table in root.iter(f"{_TABLE}table"):
        name = table.get(f"{_TABLE}name", "")
        if name not in sheets:
            continue
        percent: set[Position] = set()
        merges: list[tuple[int, int, int, int]] = []
        hidden_rows: set[int] = set()
        hidden_columns: set[int] = set()
        column = 0
        for column_element in table.iter(f"{_TABLE}table-column"):
            repeat = int(column_element.get(f"{_TABLE}number-columns-repeated", "1"))
            if column_element.get(f"{_TABLE}visibility", "visible") != "visible":
                hidden_columns.update(range(column, min(column + repeat, 16384)))
            column += repeat
        row = 0
        for row_element in table.iter(f"{_TABLE}table-row"):
            repeat_rows = int(row_element.get(f"{_TABLE}number-rows-repeated", "1"))
            if row_element.get(f"{_TABLE}visibility", "visible") != "visible":
                hidden_rows.update(range(row, min(row + repeat_rows, 1_048_576)))
            column = 0
            for cell in row_element:
                if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
                if cell.get(f"{_OFFICE}value-type") == "percentage":
                    for r in range(row, row + min(repeat_rows, 1000)):
                        percent.update((r, c) for c in range(column, column + min(repeat, 1000)))
                spans = (int(cell.get(f"{_TABLE}number-rows-spanned", "1")),
                         int(cell.get(f"{_TABLE}number-columns-spanned", "1")))
                if spans != (1, 1):
                    merges.append((row, column, row + spans[0] - 1, column + spans[1] - 1))
                column += repeat
            row += repeat_rows
        if percent:
            extras.percent[name] = percent
        if merges:
            extras.merges[name] = merges
        if hidden_rows:
            extras.hidden_rows[name] = hidden_rows
        if hidden_columns:
            extras.hidden_columns[name] = hidden_columns
    return extras
