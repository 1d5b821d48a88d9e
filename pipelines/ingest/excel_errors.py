"""Excel error values (#DIV/0!, #REF!, #N/A, ...) in .xlsx files.

python-calamine (and fastexcel, built on the same reader) return an error cell as an empty
string, so a figure whose formula broke would silently read as blank. The .xlsx format marks
such cells with ``t="e"``; reading that mark from the sheet XML is the only way to keep them,
so it is done here by hand, and only for sheets whose XML contains the mark at all (a byte
search), which keeps the cost near zero for normal files. Legacy .xls (BIFF) files are not
covered.
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


def error_cells(data: bytes, sheets: set[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Error cells of the named sheets: (row, column, error text), 0-based. Empty for files
    that are not .xlsx or cannot be parsed this way (calamine decides whether they are
    readable)."""
    if not data.startswith(b"PK") or not sheets:
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _scan(archive, sheets)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}


def _scan(archive: zipfile.ZipFile, sheets: set[str]) -> dict[str, list[tuple[int, int, str]]]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    found: dict[str, list[tuple[int, int, str]]] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if sheet.get("name") not in sheets:
            continue
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = archive.read(member)
        if b't="e"' not in xml:
            continue
        cells = []
        for cell in ElementTree.fromstring(xml).iter(f"{_MAIN}c"):
            if cell.get("t") == "e":
                value = cell.find(f"{_MAIN}v")
                row, column = _cell_index(cell.get("r", ""))
                cells.append((row, column, value.text if value is not None else "#ERROR"))
        if cells:
            found[sheet.get("name", "")] = cells
    return found
