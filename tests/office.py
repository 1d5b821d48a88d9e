"""Workbooks made the way provincial and district offices make them, for the intake tests.

The template writer used elsewhere in the tests renders the template as specified; offices
send more: headers over two or three rows with merged cells, criteria headed by their names,
a ``Đơn vị tính`` line above the table, percent-formatted cells, extra columns, LibreOffice
files. This module writes such sheets cell by cell (xlsxwriter for .xlsx, odfpy for .ods), so
that a test states exactly what a person would see and checks what the ingest reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

Cell = str | int | float | bool | dt.date | None


@dataclass
class OfficeSheet:
    """A sheet as a person sees it: ``rows[i][j]`` is Excel cell (i+1, j+1).

    ``merges`` are (first_row, first_col, last_row, last_col), 0-based and inclusive, with the
    value at the top-left; ``formats`` gives a number format to a cell (``"0.0%"``)."""

    name: str
    rows: list[list[Cell]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 0-based rows hidden
    hidden_columns: set[int] = field(default_factory=set)  # 0-based columns hidden
    # (row, col) -> (formula, saved result or None); as a program writes formulas without
    # calculating them (.xlsx only: xlsxwriter saves 0 when no result is given).
    formulas: dict[tuple[int, int], tuple[str, object]] = field(default_factory=dict)

    def find(self, value: Cell) -> tuple[int, int]:
        for i, row in enumerate(self.rows):
            for j, cell in enumerate(row):
                if cell == value:
                    return i, j
        raise KeyError(value)


def thongtin(year: int = 2023, *, level: str = "Huyện", province: str = "20",
             province_name: str = "Lạng Sơn", district: str | None = "188",
             district_name: str | None = "Huyện Lộc Bình",
             signed: dt.date | None = None, criteria_set: str | None = None) -> OfficeSheet:
    rows: list[list[Cell]] = [["THÔNG TIN CHUNG VỀ BÁO CÁO"], [],
                              ["Cấp báo cáo", level], ["Mã tỉnh", province],
                              ["Tên tỉnh", province_name]]
    if district is not None:
        rows += [["Mã huyện", district], ["Tên huyện", district_name]]
    rows += [["Năm báo cáo", year], ["Ngày lập", signed or dt.date(year + 1, 1, 10)],
             ["Lần gửi", 1]]
    if criteria_set:
        rows.append(["Bộ tiêu chí", criteria_set])
    return OfficeSheet("ThongTin", rows)


# --------------------------------------------------------------------------- writers


def write_xlsx(path: Path, sheets: list[OfficeSheet]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # In memory: xlsxwriter otherwise writes each part to a temporary file first, which was
    # half of the time it took to write a test's workbook.
    book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    formats: dict[str, object] = {}

    def fmt(code: str | None) -> object:
        if code is None:
            return None
        if code not in formats:
            formats[code] = book.add_format({"num_format": code})
        return formats[code]

    date_code = "dd/mm/yyyy"
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        if sheet.hidden:
            ws.hide()
        for row_index in sorted(sheet.hidden_rows):
            ws.set_row(row_index, None, None, {"hidden": True})
        for column_index in sorted(sheet.hidden_columns):
            ws.set_column(column_index, column_index, None, None, {"hidden": True})
        tops = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in sheet.merges}
        hidden = {(r, c) for r0, c0, r1, c1 in sheet.merges
                  for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
        for i, row in enumerate(sheet.rows):
            for j, value in enumerate(row):
                if (i, j) in hidden:
                    continue
                code = sheet.formats.get((i, j))
                if isinstance(value, dt.date):
                    code = code or date_code
                style = fmt(code)
                if (i, j) in tops:
                    r1, c1 = tops[(i, j)]
                    ws.merge_range(i, j, r1, c1, None, style)
                if (i, j) in sheet.formulas:
                    formula, result = sheet.formulas[(i, j)]
                    if result is None:  # xlsxwriter then saves 0, as such programs do
                        ws.write_formula(i, j, formula, style)
                    else:
                        ws.write_formula(i, j, formula, style, result)
                    continue
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(i, j, value, style)
                elif isinstance(value, int | float):
                    ws.write_number(i, j, value, style)
                elif isinstance(value, dt.date):
                    ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), style)
                else:
                    ws.write_string(i, j, value, style)
    book.close()
    return path


def write_ods(path: Path, sheets: list[OfficeSheet]) -> Path:
    """A LibreOffice Calc file: merged cells as spans over covered cells, percentages as
    ``office:value-type="percentage"``."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = OpenDocumentSpreadsheet()
    hidden_table = Style(name="ta_hidden", family="table")  # a hidden sheet's style
    hidden_table.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_table)
    for sheet in sheets:
        table = (Table(name=sheet.name, stylename=hidden_table) if sheet.hidden
                 else Table(name=sheet.name))
        if sheet.hidden_columns:  # as LibreOffice hides a column: its visibility collapsed
            for j in range(max(sheet.hidden_columns) + 1):
                table.addElement(TableColumn(
                    visibility="collapse" if j in sheet.hidden_columns else "visible"))
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges}
        covered = {(r, c) for r0, c0, r1, c1 in sheet.merges
                   for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
        width = max((len(r) for r in sheet.rows), default=0)
        width = max([width, *(c1 + 1 for _, _, _, c1 in sheet.merges)])
        for i in range(max(len(sheet.rows), max((r1 + 1 for _, _, r1, _ in sheet.merges),
                                                 default=0))):
            row = sheet.rows[i] if i < len(sheet.rows) else []
            element = TableRow(visibility="collapse") if i in sheet.hidden_rows else TableRow()
            for j in range(width):
                if (i, j) in covered:
                    element.addElement(CoveredTableCell())
                    continue
                value = row[j] if j < len(row) else None
                attrs: dict[str, object] = {}
                if (i, j) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(i, j)]
                if value is None:
                    cell = TableCell(**attrs)
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(),
                                     **attrs)
                elif isinstance(value, int | float):
                    kind = "percentage" if "%" in sheet.formats.get((i, j), "") else "float"
                    cell = TableCell(valuetype=kind, value=value, **attrs)
                    cell.addElement(P(text=f"{value * 100:g}%" if kind == "percentage"
                                      else str(value)))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
                    cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                else:
                    cell = TableCell(valuetype="string", **attrs)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                element.addElement(cell)
            table.addElement(element)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def xls_book(sheets: list[OfficeSheet]) -> tuple[object, dict[str, object]]:
    """An Excel 97-2003 workbook (xlwt), not yet saved, and its worksheets by name, so that a
    test can still write what this module does not (an error value): merges and number
    formats (a percentage, a date) in its binary records. Hidden rows, columns and sheets and
    unsaved formulas are not written."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}

    def style(code: str) -> object:
        if code not in styles:
            styles[code] = xlwt.easyxf(num_format_str=code)
        return styles[code]

    written = {}
    for sheet in sheets:
        ws = written[sheet.name] = book.add_sheet(sheet.name, cell_overwrite_ok=True)
        tops = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in sheet.merges}
        for i, row in enumerate(sheet.rows):
            for j, value in enumerate(row):
                code = sheet.formats.get((i, j)) or (
                    "dd/mm/yyyy" if isinstance(value, dt.date) else "General")
                if (i, j) in tops:
                    r1, c1 = tops[(i, j)]
                    ws.write_merge(i, r1, j, c1, "" if value is None else value, style(code))
                elif value is not None:
                    ws.write(i, j, value, style(code))
    return book, written


def write_xls(path: Path, sheets: list[OfficeSheet]) -> Path:
    """An Excel 97-2003 file, as many offices still save (``xls_book``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book, _ = xls_book(sheets)
    book.save(str(path))
    return path


def write_csv_folder(path: Path, sheets: list[OfficeSheet]) -> Path:
    """A folder of UTF-8 CSV files, one per sheet, as Excel's "Save as CSV" on a Vietnamese
    office PC writes each cell: as shown (a percentage as ``5%``, a date as ``15/06/2023``,
    a decimal with a comma), a merged range's value in its first cell only."""
    import csv

    path.mkdir(parents=True, exist_ok=True)
    for sheet in sheets:
        rows = []
        for i, row in enumerate(sheet.rows):
            shown = []
            for j, value in enumerate(row):
                code = sheet.formats.get((i, j), "")
                if value is None:
                    shown.append("")
                elif isinstance(value, bool):
                    shown.append("TRUE" if value else "FALSE")
                elif isinstance(value, dt.date):
                    shown.append(value.strftime("%d/%m/%Y"))
                elif isinstance(value, int | float):
                    number = value * 100 if "%" in code else value
                    text = (str(int(number)) if float(number).is_integer()
                            else repr(round(number, 9)).replace(".", ","))
                    shown.append(text + "%" if "%" in code else text)
                else:
                    shown.append(str(value))
            rows.append(shown)
        with (path / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\r\n").writerows(rows)
    return path


def write(path: Path, sheets: list[OfficeSheet]) -> Path:
    """The sheets in the format the path's suffix names; a path without one is a folder of
    CSV files."""
    if path.suffix == ".ods":
        return write_ods(path, sheets)
    if path.suffix == "":
        return write_csv_folder(path, sheets)
    return write_xls(path, sheets) if path.suffix == ".xls" else write_xlsx(path, sheets)


# --------------------------------------------------------------------------- sheets

CRITERIA_2021 = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
                 "Trường học", "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn",
                 "Thông tin và Truyền thông", "Nhà ở dân cư", "Thu nhập", "Nghèo đa chiều",
                 "Lao động", "Tổ chức sản xuất và phát triển kinh tế nông thôn",
                 "Giáo dục và Đào tạo", "Y tế", "Văn hóa", "Môi trường và an toàn thực phẩm",
                 "Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh"]

# Three communes of Huyện Lộc Bình: the first NTM since 2019 and advanced since 2022 (all 19
# criteria), the second meets 15, the third 12.
COMMUNES = [("06532", "Xã Mẫu Sơn", 19, 2019, 2022), ("06541", "Xã Yên Khoái", 15, None, None),
            ("06544", "Xã Khánh Xuân", 12, None, None)]
# Their places on the map of 1 July 2025 (Lạng Sơn's communes then: Mẫu Sơn took Yên Khoái's
# code, Khuất Xá and Thống Nhất kept theirs), for reports from 2025 on, which list the
# post-reform communes: the same marks and years.
COMMUNES_2025 = [("06541", "Xã Mẫu Sơn", 19, 2019, 2022), ("06565", "Xã Khuất Xá", 15, None, None),
                 ("06577", "Xã Thống Nhất", 12, None, None)]


def b01_two_row_header(criterion_headers: list[str] | None = None, *, marks: str = "x",
                       numbering: bool = True, title_rows: int = 3,
                       communes: list[tuple] = COMMUNES) -> OfficeSheet:
    """B01 as offices lay it out: STT, Mã xã, Tên xã merged over two header rows; the criteria
    under a merged "Tiêu chí đạt chuẩn" group; the three status years under a merged "Năm
    đạt chuẩn"; a row numbering the columns; extra columns for population and area."""
    subs = criterion_headers or [str(n) for n in range(1, 20)]
    n = len(subs)
    top: list[Cell] = ["STT", "Mã xã", "Tên xã", "Dân số (người)",
                       "Tiêu chí đạt chuẩn", *([None] * (n - 1)), "Tổng số tiêu chí đạt",
                       "Năm đạt chuẩn", None, None, "Ghi chú"]
    low: list[Cell] = [None, None, None, None, *subs, None, "NTM", "NTM nâng cao",
                       "NTM kiểu mẫu", None]
    width = len(top)
    rows: list[list[Cell]] = [["ỦY BAN NHÂN DÂN"],
                              ["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI"],
                              ["(Kèm theo báo cáo số 15/BC-UBND)"]][:title_rows]
    h = len(rows)
    rows += [top, low]
    if numbering:
        rows.append([f"({k})" for k in range(1, width + 1)])
    for k, (code, name, met, ntm, advanced) in enumerate(communes, 1):
        cells = [marks if c < met else None for c in range(n)]
        rows.append([k, code, name, 5000 + k, *cells, min(met, n), ntm, advanced, None, None])
    rows.append(["Tổng cộng", None, None, None, *([None] * n),
                 sum(min(c[2], n) for c in communes), None, None, None, None])
    rows += [[], [None, "Người lập biểu", None, None, "Chủ tịch UBND huyện"]]
    merges = [(h, 0, h + 1, 0), (h, 1, h + 1, 1), (h, 2, h + 1, 2), (h, 3, h + 1, 3),
              (h, 4, h, 4 + n - 1), (h, 4 + n, h + 1, 4 + n), (h, 5 + n, h, 7 + n),
              (h, 8 + n, h + 1, 8 + n)]
    if title_rows > 1:
        merges.append((1, 0, 1, width - 1))
    return OfficeSheet("B01_TieuChiXa", rows, merges)


# B02's amounts by source code, in million VND.
B02_VALUES = {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0, "6.2": 100.0, "6.3": 50.0}


def in_unit(factor: float) -> dict[str, float]:
    """``B02_VALUES`` as typed in a unit of ``factor`` million VND (1e-6 for đồng)."""
    return {code: round(amount / factor, 6) for code, amount in B02_VALUES.items()}


def b02_sheet(header: list[Cell], rows_above: list[list[Cell]] | None = None,
              values: dict[str, float] | None = None, sub_header: list[Cell] | None = None,
              merges: list[tuple[int, int, int, int]] | None = None,
              value_col: int = 2, formats: dict[str, str] | None = None) -> OfficeSheet:
    """B02 with a given header (and optional sub-header row), rows above it, and values in
    column ``value_col`` by source code."""
    values = values or B02_VALUES
    names = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "6": "Cộng đồng dân cư",
             "6.1": "Tiền mặt", "6.2": "Hiến đất", "6.3": "Ngày công lao động"}
    rows = [list(r) for r in (rows_above or [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"]])]
    rows.append(header)
    if sub_header is not None:
        rows.append(sub_header)
    width = len(header)
    cell_formats: dict[tuple[int, int], str] = {}
    for code, amount in values.items():
        row: list[Cell] = [None] * width
        row[0], row[1], row[value_col] = code, names[code], amount
        if formats and code in formats:
            cell_formats[(len(rows), value_col)] = formats[code]
        rows.append(row)
    return OfficeSheet("B02_NguonVon", rows, merges or [], cell_formats)


def simple_sheet(name: str, header: list[Cell], body: list[list[Cell]],
                 title: str = "BIỂU") -> OfficeSheet:
    return OfficeSheet(name, [[title], [], header, *body])


def district_sheets(year: int = 2023, **overrides: OfficeSheet) -> list[OfficeSheet]:
    """A whole district workbook (ThongTin, B01-B05) in office style; any sheet can be
    replaced by keyword (``B02=...``)."""
    sheets = {
        "ThongTin": thongtin(year),
        "B01": b01_two_row_header(),
        "B02": b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]),
        "B03": simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã",
                                         "Nhóm sản phẩm", "Số sao", "Ngày công nhận",
                                         "Số quyết định", "Cấp công nhận"],
                            [[1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "06532", 1, 3,
                              dt.date(year, 6, 15), "123/QĐ-UBND", "Huyện"]]),
        "B04": simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính",
                                            "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"],
                            [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
                             ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]),
        "B05": simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", "Đạt"],
                            [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 5 else None]
                             for i in range(1, 10)]),
    }
    sheets.update(overrides)
    return list(sheets.values())
