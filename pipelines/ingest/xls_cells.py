"""What python-calamine does not show in legacy .xls (BIFF) workbooks: percent-formatted
numbers and Excel error values.

The .xlsx and .ods counterparts come from the files' XML (``sheet_xml.py``); BIFF is binary,
and xlrd is the maintained reader that exposes each cell's number format and error code, so
it is used here, on the template sheets only, after calamine has read the values (xlrd is
slower, and an .xls is a few percent of what offices send).
"""

from __future__ import annotations

import re

import xlrd

from pipelines.ingest.sheet_xml import SheetExtras, is_percent_format

# The BIFF8 records that can hold an error value, as bytes of the workbook stream: BOOLERR
# (id 0x0205, 8 bytes long) and FORMULA (id 0x0006) whose saved result is an error (result
# byte 0 is 2 and bytes 6-7 are 0xFFFF). xlrd's parse of the sheets costs ten times
# calamine's read of the same file; when the stream holds neither record and no cell format
# shows a percentage, there is nothing for it to find and the sheets are not parsed again.
# A chance match of these bytes elsewhere only means the sheets are parsed, as before.
_MAY_HOLD_ERROR = re.compile(rb"\x05\x02\x08\x00|\x06\x00.{8}\x02.{5}\xff\xff", re.S)


def scan_xls(data: bytes, sheets: set[str]) -> SheetExtras:
    """Percent-formatted numeric cells and error cells of these sheets; nothing when xlrd
    cannot read the file (calamine decides whether it is readable)."""
    extras = SheetExtras()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises several types; the values were already read by calamine
        return extras
    try:
        # Cells point at cell formats, never at named styles (Excel's built-in "Percent"
        # style is in nearly every workbook).
        percent_xf = {
            index for index, xf in enumerate(book.xf_list)
            if not xf.is_style and xf.format_key in book.format_map
            and is_percent_format(book.format_map[xf.format_key].format_str)
        }
        if not percent_xf and book.biff_version >= 80 and \
                _MAY_HOLD_ERROR.search(book.mem) is None:
            return extras
        for name in book.sheet_names():
            if name not in sheets:
                continue
            sheet = book.sheet_by_name(name)
            percent: set[tuple[int, int]] = set()
            for r in range(sheet.nrows):
                types = sheet.row_types(r)
                for c, kind in enumerate(types):
                    if kind == xlrd.XL_CELL_NUMBER and percent_xf and \
                            sheet.cell_xf_index(r, c) in percent_xf:
                        percent.add((r, c))
                    elif kind == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(r, c)
                        text = xlrd.error_text_from_code.get(code, "#ERROR")
                        extras.errors.setdefault(name, []).append((r, c, text))
            if percent:
                extras.percent[name] = percent
            book.unload_sheet(name)
    except Exception:  # a damaged record: keep what calamine read, as before
        return SheetExtras()
    finally:
        book.release_resources()
    return extras
