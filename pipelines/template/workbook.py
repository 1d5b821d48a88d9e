"""The template workbook for one reporting unit and year, ready to fill in Excel.

Every cell a person types has Excel data validation (a dropdown for marks, stars, product
groups and recognition levels; whole numbers or ranges for years, counts and percentages;
dates within the year), everything else is locked by sheet protection without a password
(nothing is lost if an office has to unlock it), every money column says its unit in its
header, and a first sheet explains in Vietnamese what to fill. Headers are the template's own
words (``docs/submission-template.md``), so the ingest reads a filled template as it reads any
submission. xlsxwriter writes it: it supports validation and protection, and it is already
the product's Excel writer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from pipelines.reporting_years import REFORM_YEAR
from pipelines.template.units import Unit, communes, seed

SHEETS = {"B01": "B01_TieuChiXa", "B02": "B02_NguonVon", "B03": "B03_OCOP",
          "B04": "B04_ChiTieu", "B05": "B05_TieuChiHuyen", "B06": "B06_TongHop"}
MARKS = ["Đạt", "Chưa đạt", "Cơ bản đạt"]
RECOGNITION = ["Huyện", "Tỉnh", "Trung ương"]
QUANTITY_UNITS = ["ngày công", "m2"]
OCOP_ROWS = 60  # rows ready for OCOP products (more can be inserted above the last)
HEADER_ROW = 3  # zero-based row of every table's header (row 4 in Excel)
BUCKETS = ("SO_XA_19_TC", "SO_XA_15_18_TC", "SO_XA_10_14_TC", "SO_XA_5_9_TC",
           "SO_XA_DUOI_5_TC")  # the 19-criteria template's breakdown


def sheets_for(u: Unit) -> list[str]:
    """The template sheets of a unit and year, optional ones included (B06 of a district,
    B03 of a province up to 2024): an office may leave an optional sheet empty."""
    if u.level == "district":
        return ["B01", "B02", "B03", "B04", "B05", "B06"]
    if u.year < REFORM_YEAR:
        return ["B02", "B03", "B04", "B06"]
    return ["B01", "B02", "B03", "B04", "B06"]


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook, u: Unit) -> None:
        self.book, self.u = book, u
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.note = book.add_format({"italic": True, "font_color": "#555555"})
        self.head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "text_wrap": True, "valign": "top", "locked": True})
        self.fixed = book.add_format({"border": 1, "locked": True, "bg_color": "#F2F2F2"})
        self.fixed_text = book.add_format({"border": 1, "locked": True, "bg_color": "#F2F2F2",
                                           "num_format": "@"})
        self.entry = book.add_format({"border": 1, "locked": False})
        self.entry_text = book.add_format({"border": 1, "locked": False, "num_format": "@"})
        self.entry_date = book.add_format({"border": 1, "locked": False,
                                           "num_format": "dd/mm/yyyy"})
        self.entry_money = book.add_format({"border": 1, "locked": False,
                                            "num_format": "#,##0.0"})

    def sheet(self, name: str, title: str, note: str) -> xlsxwriter.worksheet.Worksheet:
        ws = self.book.add_worksheet(name)
        ws.write(0, 0, title, self.title)
        ws.write(1, 0, note, self.note)
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True,
                        "sort": False, "autofilter": True})
        ws.freeze_panes(HEADER_ROW + 1, 0)
        return ws

    def header(self, ws: xlsxwriter.worksheet.Worksheet, titles: list[str],
               widths: list[int]) -> None:
        for col, (text, width) in enumerate(zip(titles, widths, strict=True)):
            ws.write(HEADER_ROW, col, text, self.head)
            ws.set_column(col, col, width)
        ws.set_row(HEADER_ROW, 45)


def write_template(u: Unit, out: Path) -> Path:
    """Write the template of ``u`` to ``out`` (replaced if it exists)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out))
    w = _Writer(book, u)
    _instructions(w)
    _thongtin(w)
    for code in sheets_for(u):
        {"B01": _b01, "B02": _b02, "B03": _b03, "B04": _b04, "B05": _b05, "B06": _b06}[code](w)
    book.close()
    return out


def _instructions(w: _Writer) -> None:
    u = w.u
    ws = w.book.add_worksheet("HuongDan")
    ws.set_column(0, 0, 110)
    who = f"{u.name} ({u.unit_code}), {u.province_name}" if u.level == "district" \
        else f"{u.name} ({u.unit_code})"
    lines = [
        (f"Báo cáo kết quả xây dựng nông thôn mới năm {u.year} — {who}", w.title),
        ("", None),
        ("Hướng dẫn điền biểu:", w.title),
        ("1. Chỉ điền vào các ô trắng; các ô xám (tiêu đề, mã, tên) đã khóa. Sheet được khóa "
         "không có mật khẩu: Review > Unprotect Sheet nếu thật cần sửa.", None),
        ("2. ThongTin: điền Ngày lập (dd/mm/yyyy); Lần gửi là 1, gửi lại thì tăng lên 2, 3, ...",
         None),
        (f"3. B01: mỗi xã một dòng; ô tiêu chí chọn Đạt / Chưa đạt / Cơ bản đạt (cơ bản đạt "
         f"được tính là chưa đạt); bộ tiêu chí {u.criteria_set}. Năm đạt chuẩn để trống nếu "
         "xã chưa đạt mức đó.", None),
        ("4. B02: giá trị tính bằng triệu đồng; dòng 6 là tổng của 6.1-6.4 (có thể chỉ điền "
         "dòng 6 nếu không tách được).", None),
        ("5. B03: các sản phẩm OCOP được công nhận trong năm; số sao 3, 4 hoặc 5; ngày công "
         "nhận trong năm báo cáo.", None),
        ("6. B04, B06: chỉ điền số; tỷ lệ % điền từ 0 đến 100.", None),
        ("7. Kiểm tra trước khi gửi: ntm check <tệp>.xlsx (báo lỗi theo ô, tiếng Việt).", None),
        ("", None),
        ("Không đổi tên sheet, không xóa dòng tiêu đề; có thể chèn thêm dòng trong bảng.", None),
    ]
    for row, (text, fmt) in enumerate(lines):
        ws.write(row, 0, text, fmt) if fmt else ws.write(row, 0, text)
    ws.activate()


def _thongtin(w: _Writer) -> None:
    u = w.u
    ws = w.book.add_worksheet("ThongTin")
    ws.protect("", {"format_columns": True})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 36)
    rows: list[tuple[str, object, str]] = [
        ("Cấp báo cáo", "Huyện" if u.level == "district" else "Tỉnh", "fixed"),
        ("Mã tỉnh", u.province_code, "fixed_text"),
        ("Tên tỉnh", u.province_name, "fixed"),
    ]
    if u.level == "district":
        rows += [("Mã huyện", u.unit_code, "fixed_text"), ("Tên huyện", u.name, "fixed")]
    rows += [("Năm báo cáo", u.year, "fixed"), ("Ngày lập", None, "date"),
             ("Lần gửi", 1, "revision"), ("Bộ tiêu chí", u.criteria_set, "fixed")]
    if u.level == "district":
        rows.append(("Năm đạt chuẩn huyện NTM", None, "year"))
    for row, (key, value, how) in enumerate(rows):
        ws.write(row, 0, key, w.fixed)
        if how == "fixed":
            ws.write(row, 1, value, w.fixed)
        elif how == "fixed_text":
            ws.write_string(row, 1, str(value), w.fixed_text)
        elif how == "date":
            ws.write_blank(row, 1, None, w.entry_date)
            ws.data_validation(row, 1, row, 1, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(u.year, 1, 1), "maximum": dt.date(u.year + 1, 12, 31),
                "input_title": "Ngày lập", "input_message": "dd/mm/yyyy",
                "error_message": f"Ngày lập trong năm {u.year} hoặc {u.year + 1}"})
        elif how == "revision":
            ws.write_number(row, 1, 1, w.entry)
            ws.data_validation(row, 1, row, 1, {
                "validate": "integer", "criteria": "between", "minimum": 1, "maximum": 99,
                "error_message": "Lần gửi: 1, 2, 3, ..."})
        else:
            ws.write_blank(row, 1, None, w.entry)
            _year_rule(ws, row, 1, row, 1, u.year, "Năm đạt chuẩn huyện NTM")


def _year_rule(ws: xlsxwriter.worksheet.Worksheet, r0: int, c0: int, r1: int, c1: int,
               year: int, title: str) -> None:
    ws.data_validation(r0, c0, r1, c1, {
        "validate": "integer", "criteria": "between", "minimum": 2010, "maximum": year,
        "input_title": title[:32], "input_message": f"2010-{year}; để trống nếu chưa đạt",
        "error_message": f"Năm từ 2010 đến {year} (năm báo cáo)"})


def _list_rule(ws: xlsxwriter.worksheet.Worksheet, r0: int, c0: int, r1: int, c1: int,
               values: list[str], title: str) -> None:
    ws.data_validation(r0, c0, r1, c1, {
        "validate": "list", "source": values, "input_title": title[:32],
        "error_message": "Chọn trong danh sách: " + ", ".join(values)})


def _number_rule(ws: xlsxwriter.worksheet.Worksheet, r0: int, c0: int, r1: int, c1: int,
                 maximum: float | None = None, whole: bool = False) -> None:
    rule: dict = {"validate": "integer" if whole else "decimal",
                  "criteria": ">=" if maximum is None else "between", "minimum": 0,
                  "error_message": "Số không âm" + (f", tối đa {maximum:g}" if maximum else "")}
    if maximum is None:
        rule["value"] = rule.pop("minimum")
    else:
        rule["maximum"] = maximum
    ws.data_validation(r0, c0, r1, c1, rule)


def _b01(w: _Writer) -> None:
    u = w.u
    count = next(int(r["criteria_count"]) for r in seed("criteria_sets")
                 if r["criteria_set"] == u.criteria_set)
    names = {int(r["criterion_no"]): r["name_vi"] for r in seed("criteria")
             if r["criteria_set"] == u.criteria_set}
    ws = w.sheet(SHEETS["B01"], "Biểu 01: Kết quả thực hiện tiêu chí nông thôn mới của các xã",
                 f"Bộ tiêu chí {u.criteria_set} ({count} tiêu chí); Đạt / Chưa đạt / Cơ bản đạt")
    # From 2026 the criteria's thresholds depend on the commune's group (Decision
    # 51/2025/QĐ-TTg): an optional last column, the group's number
    groups = [r["commune_group"] for r in seed("commune_groups")
              if r["criteria_set"] == u.criteria_set]
    titles = (["STT", "Mã xã", "Tên xã"] + [f"TC{i}\n{names.get(i, '')}"
                                            for i in range(1, count + 1)]
              + ["Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
                 "Năm đạt NTM kiểu mẫu", "Ghi chú"] + (["Nhóm xã"] if groups else []))
    w.header(ws, titles, [5, 8, 24] + [10] * count + [10, 10, 10, 10, 24]
             + ([8] if groups else []))
    rows = communes(u)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(rows), 1)
    for i, (code, name) in enumerate(rows):
        r = first + i
        ws.write_number(r, 0, i + 1, w.fixed)
        ws.write_string(r, 1, code, w.fixed_text)
        ws.write_string(r, 2, name, w.fixed)
        for c in range(3, 3 + count + 5 + (1 if groups else 0)):
            ws.write_blank(r, c, None, w.entry)
    _list_rule(ws, first, 3, last, 2 + count, MARKS, "Tiêu chí")
    if groups:
        _list_rule(ws, first, 8 + count, last, 8 + count, groups, "Nhóm xã")
    _number_rule(ws, first, 3 + count, last, 3 + count, maximum=count, whole=True)
    _year_rule(ws, first, 4 + count, last, 6 + count, u.year, "Năm đạt")


def _b02(w: _Writer) -> None:
    ws = w.sheet(SHEETS["B02"], "Biểu 02: Nguồn lực huy động trong năm",
                 "Đơn vị tính: triệu đồng; dòng 6 = 6.1 + 6.2 + 6.3 + 6.4")
    w.header(ws, ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Khối lượng",
                  "Đơn vị khối lượng"], [10, 44, 18, 12, 16])
    # the rows of the form: a source without a B02 code is the warehouse's own
    sources = sorted((r for r in seed("funding_sources") if r["b02_code"]),
                     key=lambda r: [int(p) for p in r["b02_code"].split(".")])
    first = HEADER_ROW + 1
    for i, row in enumerate(sources):
        r = first + i
        ws.write_string(r, 0, row["b02_code"], w.fixed_text)
        ws.write_string(r, 1, row["name_vi"], w.fixed)
        ws.write_blank(r, 2, None, w.entry_money)
        ws.write_blank(r, 3, None, w.entry)
        ws.write_blank(r, 4, None, w.entry_text)
    last = first + len(sources) - 1
    _number_rule(ws, first, 2, last, 3)
    _list_rule(ws, first, 4, last, 4, QUANTITY_UNITS, "Đơn vị khối lượng")


def _b03(w: _Writer) -> None:
    u = w.u
    groups = [r["name_vi"] for r in seed("ocop_product_groups")]
    ws = w.sheet(SHEETS["B03"], f"Biểu 03: Sản phẩm OCOP được công nhận năm {u.year}",
                 "Số sao 3 (cấp Huyện), 4 (cấp Tỉnh), 5 (Trung ương); hiệu lực 36 tháng")
    w.header(ws, ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
                  "Ngày công nhận", "Số quyết định", "Cấp công nhận"],
             [5, 30, 28, 8, 30, 8, 14, 16, 14])
    first, last = HEADER_ROW + 1, HEADER_ROW + OCOP_ROWS
    for r in range(first, last + 1):
        ws.write_number(r, 0, r - HEADER_ROW, w.fixed)
        for c, fmt in enumerate((w.entry, w.entry, w.entry_text, w.entry, w.entry,
                                 w.entry_date, w.entry_text, w.entry), start=1):
            ws.write_blank(r, c, None, fmt)
    ws.data_validation(first, 3, last, 3, {
        "validate": "length", "criteria": "==", "value": 5,
        "error_message": "Mã xã có 5 chữ số (giữ số 0 ở đầu)"})
    _list_rule(ws, first, 4, last, 4, groups, "Nhóm sản phẩm")
    _list_rule(ws, first, 5, last, 5, ["3", "4", "5"], "Số sao")
    ws.data_validation(first, 6, last, 6, {
        "validate": "date", "criteria": "between", "minimum": dt.date(u.year, 1, 1),
        "maximum": dt.date(u.year, 12, 31),
        "error_message": f"Ngày công nhận trong năm {u.year} (dd/mm/yyyy)"})
    _list_rule(ws, first, 8, last, 8, RECOGNITION, "Cấp công nhận")


def _b04(w: _Writer) -> None:
    ws = w.sheet(SHEETS["B04"], "Biểu 04: Chỉ tiêu kế hoạch và kết quả thực hiện",
                 "Tỷ lệ (%) điền từ 0 đến 100; thu nhập bình quân: triệu đồng/người/năm")
    w.header(ws, ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                  "Kế hoạch năm sau"], [22, 56, 20, 12, 12, 14])
    first = HEADER_ROW + 1
    for i, row in enumerate(seed("target_indicators")):
        r = first + i
        ws.write_string(r, 0, row["indicator_code"], w.fixed_text)
        ws.write_string(r, 1, row["name_vi"], w.fixed)
        ws.write_string(r, 2, row["unit_vi"], w.fixed)
        for c in (3, 4, 5):
            ws.write_blank(r, c, None, w.entry)
        _number_rule(ws, r, 3, r, 5, maximum=100 if row["unit_vi"] == "%" else None,
                     whole=row["unit_vi"] in ("xã", "thôn", "khu", "sản phẩm"))


def _b05(w: _Writer) -> None:
    ws = w.sheet(SHEETS["B05"], "Biểu 05: Tiêu chí huyện nông thôn mới",
                 "Đạt / Chưa đạt / Cơ bản đạt")
    w.header(ws, ["Mã tiêu chí", "Tên tiêu chí", "Đạt"], [12, 50, 14])
    rows = seed("district_criteria")
    first = HEADER_ROW + 1
    for i, row in enumerate(rows):
        ws.write_string(first + i, 0, row["criterion_code"], w.fixed_text)
        ws.write_string(first + i, 1, row["name_vi"], w.fixed)
        ws.write_blank(first + i, 2, None, w.entry)
    _list_rule(ws, first, 2, first + len(rows) - 1, 2, MARKS, "Đạt")


def _b06(w: _Writer) -> None:
    u = w.u
    ws = w.sheet(SHEETS["B06"], "Biểu 06: Tổng hợp kết quả",
                 "Số liệu của đơn vị; nguồn lực tính bằng triệu đồng")
    w.header(ws, ["Mã chỉ số", "Chỉ số", "Giá trị"], [22, 60, 16])
    count = next(int(r["criteria_count"]) for r in seed("criteria_sets")
                 if r["criteria_set"] == u.criteria_set)
    rows = [r for r in seed("aggregate_indicators")
            if not (u.level == "district" and r["aggregation"] == "count_of_districts")
            and not (count != 19 and r["indicator_code"] in BUCKETS)]
    first = HEADER_ROW + 1
    for i, row in enumerate(rows):
        r = first + i
        unit = f" ({row['unit_vi']})" if row["unit_vi"] == "triệu đồng" else ""
        ws.write_string(r, 0, row["indicator_code"], w.fixed_text)
        ws.write_string(r, 1, row["name_vi"] + unit, w.fixed)
        ws.write_blank(r, 2, None, w.entry)
        average = row["aggregation"] == "mean_of_communes"
        _number_rule(ws, r, 2, r, 2, maximum=count if average else None,
                     whole=row["unit_vi"] in ("xã", "huyện", "khu", "thôn", "sản phẩm",
                                              "tiêu chí"))
