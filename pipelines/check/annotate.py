"""A copy of a submitter's own workbook with every problem written on it.

A district fixes its report in the file it knows, so the problems go there: each flagged row
is shaded, the flagged cell carries a comment (code, severity, message in Vietnamese and
English, the expected value beside the reported one), and a first sheet lists every problem
with a link to its cell. The original file is never written; the copy is saved under the name
asked for. Only ``.xlsx`` can be copied this way (openpyxl reads and writes it); for an
``.xls``, ``.ods`` or CSV folder ``annotate_list`` writes the list alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipelines.numbers import vn_figure

SHEET = "KiemTra"
FILLS = {"error": "FFF4CCCC", "warning": "FFFFF2CC", "info": "FFDDEBF7"}
_LETTER = re.compile(r"^([A-Z]{1,3})(?:\s|$)")
_MAPPED = re.compile(r"(\w+) = ([A-Z]{1,3}) \(")
# The check tables name a figure as the marts do; the layout names the column it was read
# from as the template does.
ALIASES = {"criteria_met_reported": "reported_count", "amount_million_vnd": "value",
           "reported_value": "value"}


class CannotAnnotate(ValueError):
    """The file cannot be copied with its problems written on it."""


def without_file(message: str | None, name: str) -> str:
    """A flag's message without the file name it starts with (the copy is of that file)."""
    message = message or ""
    return message[len(name) + 2:] if message.startswith(name + ": ") else message


def column_of(flag: dict[str, Any], layout: str | None) -> str:
    """The Excel column a flag points at: the letter it names (`E (TC2)`), the column its
    field was read from (the sheet's layout, `commune_code = B (Mã xã), ...`), or A."""
    named = str(flag.get("column_name") or "")
    match = _LETTER.match(named)
    if match:
        return match.group(1)
    fields = dict(_MAPPED.findall(layout or ""))
    return fields.get(named) or fields.get(ALIASES.get(named, ""), "A")


def annotate(original: Path, flags: list[dict[str, Any]], layouts: dict[str, str],
             out: Path) -> Path:
    """Write ``out``: ``original`` with ``flags`` on it; ``layouts`` maps a sheet name to the
    columns the ingest read in it."""
    if original.suffix.lower() != ".xlsx" or original.is_dir():
        raise CannotAnnotate(f"{original}: only .xlsx workbooks can be annotated "
                             "(open it in Excel and save it as .xlsx first)")
    from openpyxl import load_workbook

    book = load_workbook(original)
    if SHEET in book.sheetnames:
        del book[SHEET]
    return _write(book, flags, layouts, out)


def annotate_list(flags: list[dict[str, Any]], out: Path) -> Path:
    """A workbook with only the list of problems, for a file that cannot be copied (an
    ``.xls``, ``.ods`` or CSV folder, or one changed since it was read)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return _write(book, flags, {}, out)


def _write(book: Any, flags: list[dict[str, Any]], layouts: dict[str, str], out: Path) -> Path:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    listing = book.create_sheet(SHEET, 0)
    listing.append(["Mức độ / severity", "Mã kiểm tra / check", "Ô / cell",
                    "Nội dung / message"])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for flag in flags:
        sheet, row = flag.get("sheet"), flag.get("row_number")
        where = ""
        if sheet in book.sheetnames and row:
            letter = column_of(flag, layouts.get(sheet))
            where = f"{sheet}!{letter}{row}"
            target = book[sheet][f"{letter}{row}"]
            text = f"{flag['check_code']} ({flag['severity']}): {flag.get('message') or ''}"
            if flag.get("expected_value") is not None:
                text += (f"\nGiá trị đúng / expected: {vn_figure(flag['expected_value'])}"
                         + (f" (ghi / reported {vn_figure(flag['reported_value'])})"
                            if flag.get("reported_value") is not None else ""))
            if target.comment is not None:
                text = f"{target.comment.text}\n\n{text}"
            target.comment = Comment(text, "ntm check", width=420, height=160)
            fill = PatternFill("solid", fgColor=FILLS.get(flag["severity"], FILLS["info"]))
            for cell in book[sheet][row]:
                cell.fill = fill
        listing.append([flag["severity"], flag["check_code"], where or (sheet or "—"),
                        flag.get("message") or ""])
        if where:
            link = listing.cell(listing.max_row, 3)
            link.hyperlink = f"#'{sheet}'!{where.split('!')[1]}"
            link.style = "Hyperlink"
    if not flags:
        listing.append(["", "", "", "Không phát hiện vấn đề / no problem found"])
    for column, width in zip("ABCD", (18, 26, 22, 120), strict=True):
        listing.column_dimensions[column].width = width
    listing.freeze_panes = "A2"
    book.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
