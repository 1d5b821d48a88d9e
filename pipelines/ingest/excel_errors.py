"""Cells python-calamine cannot show faithfully in .xlsx files: Excel error values (#DIV/0!,
#REF!, #N/A, ...) and formulas that have no saved result.

python-calamine (and fastexcel, built on the same reader) return an error cell as an empty
string, so a figure whose formula broke would silently read as blank. The .xlsx format marks
such cells with ``t="e"``; reading that mark from the sheet XML is the only way to keep them,
so it is done here by hand, and only for sheets whose XML contains the mark at all (a byte
search), which keeps the cost near zero for normal files. Legacy .xls (BIFF) files are not
covered.

Formulas are never calculated here: the reader takes the result Excel saved with the file.
A formula saved without a result (written by a program, not by Excel, or with calculation
switched off) also reads as empty; it is found the same way, from ``<f>`` without ``<v>``.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _cell_index(ref: str) -> tuple[int, int]:
    """0-based (row, column) of a reference such as ``AB12``."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        raise ValueError(ref)
    letters, digits = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


Mark = tuple[int, int, str]  # 0-based row, 0-based column, text (error value or formula)


def cell_marks(
    data: bytes, sheets: set[str]
) -> tuple[dict[str, list[Mark]], dict[str, list[Mark]]]:
    """Error cells and formulas without a saved result, by sheet name. Empty for files that
    are not .xlsx or cannot be parsed this way (calamine decides whether they are
    readable)."""
    if not data.startswith(b"PK") or not sheets:
        return {}, {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _scan(archive, sheets)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}, {}


def _scan(
    archive: zipfile.ZipFile, sheets: set[str]
) -> tuple[dict[str, list[Mark]], dict[str, list[Mark]]]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    errors: dict[str, list[Mark]] = {}
    formulas: dict[str, list[Mark]] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        name = sheet.get("name", "")
        if name not in sheets:
            continue
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = archive.read(member)
        if b't="e"' not in xml and b"<f" not in xml:
            continue
        for cell in ElementTree.fromstring(xml).iter(f"{_MAIN}c"):
            value = cell.find(f"{_MAIN}v")
            if cell.get("t") == "e":
                row, column = _cell_index(cell.get("r", ""))
                text = value.text if value is not None else "#ERROR"
                errors.setdefault(name, []).append((row, column, text or "#ERROR"))
                continue
            formula = cell.find(f"{_MAIN}f")
            inline = cell.find(f"{_MAIN}is")
            if formula is not None and (value is None or value.text is None) and inline is None:
                row, column = _cell_index(cell.get("r", ""))
                text = f"={formula.text}" if formula.text else "(a shared formula)"
                formulas.setdefault(name, []).append((row, column, text))
    return errors, formulas
