"""Office variations together: one workbook carrying several of them at once.

Each variation the intake understands has its own example test (``docs/ingest.md``). An
office does not send one at a time: the criteria headed by name in a sheet moved two columns
right, under a title in capitals, typed in NFD, beside a B02 whose unit is a line above the
table and a B04 whose shares are percent-formatted. The rules that read these are separate,
and one can undo another (a shift that moves the unit line out of the rows searched, a
capitalised header that no longer matches a synonym). Hypothesis draws the combinations, in
a district's workbook of 2023 or a province's of 2024, 2025 or 2026, and every one of them is a
workbook a person reads without doubt, so the promise is exact: the figures read are the
figures written, and no error is raised. The second test spoils one sheet among them: that
sheet gives no figure, and the others are still read as written.

Derandomized and without an example database, so CI sees the same workbooks every time.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipelines.ingest.reader import read_submission
from tests.office import (
    B02_VALUES,
    COMMUNES,
    COMMUNES_2025,
    CRITERIA_2021,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    in_unit,
    simple_sheet,
    thongtin,
    write,
)

# About 50 ms a workbook written and read: the module's two tests take about 8 s.
TOGETHER = settings(deadline=None, derandomize=True, database=None, max_examples=80,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# Criterion columns headed as offices head them, for a set's names.
CRITERION_HEADERS = {
    "numbers": lambda names: [str(n) for n in range(1, len(names) + 1)],
    "TC01": lambda names: [f"TC{n:02d}" for n in range(1, len(names) + 1)],
    "Tiêu chí n": lambda names: [f"Tiêu chí {n}" for n in range(1, len(names) + 1)],
    "names": list,
    "number and name": lambda names: [f"{n}. {name}" for n, name in enumerate(names, 1)],
    "TCn - name": lambda names: [f"TC{n} - {name}" for n, name in enumerate(names, 1)],
}
# The ten criteria of 2026-2030 (Decision 51/2025/QĐ-TTg).
CRITERIA_2026 = ["Quy hoạch", "Hạ tầng kinh tế - xã hội", "Phát triển kinh tế nông thôn",
                 "Đào tạo nguồn nhân lực nông thôn", "Văn hóa, giáo dục, y tế",
                 "Giảm nghèo và an sinh xã hội", "Khoa học công nghệ và chuyển đổi số",
                 "Môi trường và cảnh quan nông thôn",
                 "Xây dựng hệ thống chính trị và hành chính công",
                 "Tiếp cận pháp luật và an ninh, quốc phòng"]
# The five groups of the 19 criteria (Decision 318/QĐ-TTg) and how many criteria each holds,
# as a row between "Tiêu chí đạt chuẩn" and the criteria.
GROUPS_OF_19 = [("I. QUY HOẠCH", 1), ("II. HẠ TẦNG KINH TẾ - XÃ HỘI", 8),
                ("III. KINH TẾ VÀ TỔ CHỨC SẢN XUẤT", 4),
                ("IV. VĂN HÓA - XÃ HỘI - MÔI TRƯỜNG", 4), ("V. HỆ THỐNG CHÍNH TRỊ", 2)]
MARKS = ["x", "X", "√", "✓", "v", "1", "Đạt", "đạt", "ĐẠT", "Đ", " x "]
NOT_MET = [None, "-", "0", "Chưa đạt", "Không đạt", "CHƯA ĐẠT"]
# B01's reported count (`Số tiêu chí đạt`) as typed: 15, "15/19", "15 tiêu chí".
COUNTS = {"number": lambda n, of: n, "over the set": lambda n, of: f"{n}/{of}",
          "with its word": lambda n, of: f"{n} tiêu chí"}


@dataclass(frozen=True)
class Reporter:
    """Who sends the workbook: a district before the reform of 2025; a province before it
    (no B01, no B05: its districts list the communes), or from 2025 (B01 its communes on the
    new map, no B05; from 2026 the ten criteria of the new set)."""

    year: int
    level: str
    communes: list[tuple]
    criteria: list[str]
    # B01's status columns ticked (`x`) instead of dated: reached, the year not known.
    ticked: bool = False

    @property
    def sheets(self) -> tuple[str, ...]:
        """The sheets this unit sends (``submission-template.md``, "Who submits what")."""
        if self.level == "Huyện":
            return ("B01", "B02", "B03", "B04", "B05", "B06")
        return ("B01", "B02", "B03", "B04", "B06") if self.year >= 2025 else (
            "B02", "B03", "B04", "B06")

    @property
    def met(self) -> dict[str, int]:
        return {code: met for code, _, met, _, _ in self.communes}

    @property
    def status_years(self) -> dict[str, tuple[int | None, int | None]]:
        if self.ticked:
            return {code: (None, None) for code, *_ in self.communes}
        return {code: (ntm, advanced) for code, _, _, ntm, advanced in self.communes}

    @property
    def status_marked(self) -> dict[str, str | None]:
        """The status columns read as ticked, by commune (``status_years_marked``)."""
        return {code: "ntm_year, advanced_year" if self.ticked and ntm else None
                for code, _, _, ntm, _ in self.communes}

    @property
    def recognised(self) -> dt.date:
        """The day B03's one product was rated."""
        return dt.date(self.year, 6, 15)


REPORTERS = [
    Reporter(2023, "Huyện", COMMUNES, CRITERIA_2021),
    Reporter(2024, "Tỉnh", COMMUNES, CRITERIA_2021),  # B03 names a commune of Lộc Bình
    Reporter(2025, "Tỉnh", COMMUNES_2025, CRITERIA_2021),
    Reporter(2026, "Tỉnh", [("06541", "Xã Mẫu Sơn", 10, 2019, 2022),
                            ("06565", "Xã Khuất Xá", 7, None, None),
                            ("06577", "Xã Thống Nhất", 4, None, None)], CRITERIA_2026),
]


def _vietnamese_text(amount: float) -> str:
    """1200.5 as an office types it as text: ``1.200,5``; 1.2005 as ``1,2005``."""
    whole, _, decimals = f"{amount:,.6f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + decimals if decimals else "")


# B02 as written in one money unit or another: the header, the lines above it, the factor
# from the unit to million VND.
MONEY = {
    "header in triệu đồng": (["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], None, 1.0),
    "header in tỷ đồng": (["Mã nguồn", "Nguồn vốn", "Số tiền (tỷ đồng)"], None, 1000.0),
    "header in đồng": (["Mã nguồn", "Nguồn vốn", "Kinh phí (đồng)"], None, 1e-6),
    "line in tỷ đồng": (["Mã nguồn", "Nguồn vốn", "Giá trị"],
                        [["BIỂU 02: NGUỒN VỐN"], [None, None, "Đơn vị tính: tỷ đồng"]], 1000.0),
    "line in nghìn đồng": (["Mã nguồn", "Nguồn vốn", "Vốn huy động"],
                           [["BIỂU 02: NGUỒN VỐN"], ["ĐVT: nghìn đồng"]], 1e-3),
    "line in đồng, in brackets": (["Mã nguồn", "Nguồn vốn", "Giá trị"],
                                  [["BIỂU 02: NGUỒN VỐN"], [None, None, "(Đơn vị: đồng)"]], 1e-6),
    "beside the header": (["Mã nguồn", "Nguồn vốn", "Giá trị", "ĐVT: tỷ đồng"], None, 1000.0),
    "abbreviated": (["Mã nguồn", "Nguồn vốn", "Số tiền (Tr.đ)"], None, 1.0),
    "multiplied": (["Mã nguồn", "Nguồn vốn", "Giá trị (x1000đ)"], None, 1e-3),
}
# B04's income per head (52.3 million VND a year) in the unit an office gives it.
INCOMES = [("triệu đồng/người/năm", 52.3), ("Tr.đ/người/năm", 52.3),
           ("nghìn đồng/người/tháng", 52_300 / 12), ("đồng/người/năm", 52_300_000)]
B04_HEADERS = ["Kế hoạch | Thực hiện | Kế hoạch năm sau",
               "Kế hoạch năm {year} | Thực hiện năm {year} | Kế hoạch năm {next}",
               "KH {year} | TH {year} | KH {next}"]
# B03's one product (3 stars, group 1, recognised on 15 June of the year) as offices type it.
STARS = [3, "3", "03", "3 sao", "3 Sao", "★★★", "3*", "Ba sao"]
GROUPS = [1, "01", "Thực phẩm", "thực phẩm", "1. Thực phẩm", "Nhóm 1"]
# Its second product: 4 stars, group 2 (drinks), rated by the province on 20 September.
STARS_4 = [4, "4 sao", "★★★★", "4*", "Bốn sao", "4 SAO"]
GROUPS_2 = [2, "02", "Đồ uống", "đồ uống", "2. Đồ uống", "Nhóm 2"]
DATES = ["date", "15/06/{year}", "15/6/{year}", "15-06-{year}", "15.06.{year}",
         "{year}-06-15", "ngày 15 tháng 6 năm {year}"]
# B01's status years (2019 and 2022 for the first commune) as typed.
STATUS_YEARS = {"number": lambda y: y, "text": str, "with Năm": lambda y: f"Năm {y}",
                "month and year": lambda y: f"12/{y}", "ticked": lambda y: "x"}
# B06 as the unit reports it: code, name, unit, value (money in million VND).
B06 = [("SO_XA", "Số xã", "xã", 3), ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "xã", 1),
       ("TONG_TC", "Tổng số tiêu chí đạt", "tiêu chí", 46),
       ("TC_BINH_QUAN", "Số tiêu chí bình quân/xã", "tiêu chí/xã", 15.33),
       ("TONG_VON", "Tổng vốn huy động", "triệu đồng", 2350.5),
       ("VON_CONG_DONG", "Vốn huy động từ cộng đồng", "triệu đồng", 350)]
B06_VALUE_HEADERS = ["Giá trị", "Số liệu", "Năm {year}", "Kết quả năm {year}"]
B06_MONEY = ["as the template", "tỷ đồng in a unit column", "tỷ đồng in the name"]
# B05: the district's nine criteria, the first four met, headed, coded and marked as typed.
B05_NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
             "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường",
             "Chất lượng môi trường sống", "Hệ thống chính trị - An ninh trật tự - Hành chính công"]
B05_HEADERS = [("Mã tiêu chí", "Tên tiêu chí", "Đạt"), ("Mã tiêu chí", "Tiêu chí", "Tự đánh giá"),
               ("STT", "Tên tiêu chí", "Kết quả"), ("TT", "Tiêu chí", "Kết quả thực hiện")]
B05_MET = ["Đạt", "ĐẠT", "x", "√", "Đạt chuẩn"]
B05_NOT_MET = [None, "Chưa đạt", "Không đạt"]
# B02's reported total of sources 1 to 7, as offices write it: none, under the sources, or
# above them.
B02_TOTALS = ["none", "Tổng cộng under the sources", "TỔNG NGUỒN VỐN HUY ĐỘNG above them"]
THONGTIN = ["template", "keys without diacritics", "key and value in one cell",
            "code and name in one cell", "numbered keys"]


def _b05(header: tuple[str, str, str], met: str, not_met: str | None) -> OfficeSheet:
    coded = header[0].startswith("Mã")  # else numbered, the criteria told by their names
    return simple_sheet("B05_TieuChiHuyen", list(header),
                        [[f"H{i}" if coded else i, name, met if i <= 4 else not_met]
                         for i, name in enumerate(B05_NAMES, 1)])


def _total(sheet: OfficeSheet, where: str, amount: object) -> None:
    """B02's total row, in the unit and style of its amounts."""
    if where.startswith("Tổng cộng"):
        sheet.rows.append([None, "Tổng cộng", amount])
    elif where.startswith("TỔNG"):
        _insert_row(sheet, sheet.find("Mã nguồn")[0] + 1,
                    [None, "TỔNG NGUỒN VỐN HUY ĐỘNG", amount])


def _b02(money: str, as_text: bool, parts_by_name: bool, total_row: str) -> OfficeSheet:
    header, above, factor = MONEY[money]
    values: dict[str, object] = dict(in_unit(factor))
    if as_text:
        values = {code: _vietnamese_text(amount) for code, amount in values.items()}
    sheet = b02_sheet(list(header), rows_above=copy.deepcopy(above), values=values)
    total = sum(B02_VALUES[code] for code in ("1", "2", "6")) / factor
    _total(sheet, total_row, _vietnamese_text(total) if as_text else total)
    if parts_by_name:  # the parts of the community's money named, without their codes
        for row in sheet.rows:
            if row and row[0] in ("6.1", "6.2", "6.3"):
                row[0] = None
    return sheet


def _b04(headers: str, percent: bool, year: int, income: tuple[str, float]) -> OfficeSheet:
    shares = (0.05, 0.048, 0.04) if percent else (5, 4.8, 4)
    figures = headers.format(year=year, next=year + 1).split(" | ")
    unit, amount = income
    sheet = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", *figures],
                         [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
                          ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", *shares],
                          ["THU_NHAP_BQ", "Thu nhập bình quân đầu người", unit, amount, amount,
                           amount]])
    if percent:  # typing 5% stores 0.05 in a cell formatted as a percentage
        sheet.formats = {(4, column): "0.0%" for column in (3, 4, 5)}
    return sheet


def _b03(first: tuple[object, object], second: tuple[object, object], date: str,
         reporter: Reporter) -> OfficeSheet:
    """B03's two products: (stars, group) of each as typed, the first one's date as typed."""
    recognised = (reporter.recognised if date == "date"
                  else date.format(year=reporter.year))
    return simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                     "Số sao", "Ngày công nhận", "Số quyết định",
                                     "Cấp công nhận"],
                        [[1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", reporter.communes[0][0],
                          first[1], first[0], recognised, "123/QĐ-UBND", "Huyện"],
                         [2, "Trà hoa vàng", "HTX Chè Mẫu Sơn", reporter.communes[1][0],
                          second[1], second[0], dt.date(reporter.year, 9, 20), "456/QĐ-UBND",
                          "Tỉnh"]])


def _b06(value_header: str, money: str, as_text: bool, year: int) -> OfficeSheet:
    rows = []
    for code, name, unit, value in B06:
        if unit == "triệu đồng" and money != "as the template":
            value, unit = value / 1000, "tỷ đồng"
            name = f"{name} (tỷ đồng)" if money == "tỷ đồng in the name" else name
        shown = _vietnamese_text(value) if as_text else value
        rows.append([code, name, unit, shown] if money == "tỷ đồng in a unit column"
                    else [code, name, shown])
    header = ["Mã chỉ số", "Chỉ số", *(["Đơn vị tính"] if money == "tỷ đồng in a unit column"
                                       else []), value_header.format(year=year)]
    return simple_sheet("B06_TongHop", header, rows)


def _thongtin(style: str, reporter: Reporter) -> OfficeSheet:
    sheet = (thongtin(reporter.year) if reporter.level == "Huyện"
             else thongtin(reporter.year, level="Tỉnh", district=None))
    rows = [row for row in sheet.rows if row]
    if style == "keys without diacritics":
        rows = [[_bare(row[0]), *row[1:]] for row in rows]
    elif style == "key and value in one cell":
        rows = [[f"{row[0]}: {_shown(row[1])}"] if len(row) == 2 else row for row in rows]
    elif style == "code and name in one cell":
        joined = {"Mã tỉnh": ["Tỉnh", "20 - Lạng Sơn"],
                  "Mã huyện": ["Huyện", "188 - Huyện Lộc Bình"]}
        rows = [joined.get(row[0], row) for row in rows if row[0] not in ("Tên tỉnh", "Tên huyện")]
    elif style == "numbered keys":
        rows = [rows[0], *([f"{k}. {row[0]}", *row[1:]] for k, row in enumerate(rows[1:], 1))]
    return OfficeSheet("ThongTin", rows)


def _bare(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text)
                       if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def _shown(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _moved(sheet: OfficeSheet, rows: int, columns: int) -> None:
    """The table moved down and right, as when an office adds a margin or a letterhead."""
    sheet.rows = [[] for _ in range(rows)] + [[None] * columns + list(r) for r in sheet.rows]
    sheet.merges = [(a + rows, b + columns, c + rows, d + columns)
                    for a, b, c, d in sheet.merges]
    sheet.formats = {(r + rows, c + columns): f for (r, c), f in sheet.formats.items()}


def _insert_row(sheet: OfficeSheet, at: int, row: list) -> None:
    """A row put in before row ``at``: the merges and formats at or under it move down (a
    range merged down across ``at`` grows by the row)."""
    sheet.rows.insert(at, row)
    sheet.merges = [(a + (a >= at), b, c + (c >= at), d) for a, b, c, d in sheet.merges]
    sheet.formats = {(r + (r >= at), c): f for (r, c), f in sheet.formats.items()}


_FIRST_HEADERS = {"STT", "TT", "Mã nguồn", "Mã chỉ tiêu", "Mã tiêu chí", "Mã chỉ số"}


def _header_row(sheet: OfficeSheet) -> int:
    """The row of the sheet's header (its first row, for B01's two or three)."""
    return next(i for i, row in enumerate(sheet.rows) if _FIRST_HEADERS & set(row))


def _in_capitals(sheet: OfficeSheet) -> None:
    """The titles and the header typed in capitals, as offices often do (B01's first two
    header rows)."""
    header = _header_row(sheet)
    for row in sheet.rows[:header + (2 if sheet.name.startswith("B01") else 1)]:
        row[:] = [c.upper() if isinstance(c, str) else c for c in row]


def _blank_row_and_signatures(sheet: OfficeSheet, after: int) -> None:
    """A blank row left among the data rows, and the signatures under the table."""
    data = _header_row(sheet) + (2 if sheet.name.startswith("B01") else 1)
    _insert_row(sheet, min(data + after, len(sheet.rows)), [])
    sheet.rows += [[], [None, "NGƯỜI LẬP BIỂU", None, "THỦ TRƯỞNG ĐƠN VỊ"],
                   [None, "(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)"]]


def _nfd(sheet: OfficeSheet) -> None:
    sheet.rows = [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in row]
                  for row in sheet.rows]


# One sheet spoilt as offices spoil them, so that a person could not read its figures either:
# the sheet is refused whole, and the other sheets are read as written.
SPOILT = {
    "criterion columns headed by letters": "B01",
    "a line saying the marks are of criteria not met": "B01",
    "money in a unit that is not known": "B02",
    "the rating column headed by its position": "B03",
    "value columns headed by their position": "B04",
    "the value column headed by its position": "B06",
}


@st.composite
def office_workbooks(draw: st.DrawFn, spoil: str | None = None
                     ) -> tuple[list[OfficeSheet], str, Reporter]:
    """A workbook, its format, and who sent it (which says what must be read from it). Each
    sheet is built with the template's figures and then written as an office writes it;
    ``spoil`` names one change that makes a sheet unreadable to a person too."""
    reporter = draw(st.sampled_from(REPORTERS))
    n = len(reporter.criteria)
    criteria = CRITERION_HEADERS[draw(st.sampled_from(list(CRITERION_HEADERS)))](
        reporter.criteria)
    if spoil == "criterion columns headed by letters":
        criteria = [chr(ord("A") + k) for k in range(n)]
    b01 = b01_two_row_header(criteria, marks=draw(st.sampled_from(MARKS)),
                             numbering=draw(st.booleans()), title_rows=draw(st.integers(0, 3)),
                             communes=reporter.communes)
    typed = draw(st.sampled_from(list(STATUS_YEARS)))
    years = STATUS_YEARS[typed]
    reporter = replace(reporter, ticked=typed == "ticked")
    count = COUNTS[draw(st.sampled_from(list(COUNTS)))]
    not_met = draw(st.sampled_from(NOT_MET))
    without_xa = draw(st.booleans())  # communes named without "Xã"
    for row in b01.rows:
        if len(row) > 2 and isinstance(row[2], str) and row[2].startswith("Xã "):
            row[2] = row[2][3:] if without_xa else row[2]
            # the criteria from column E, then the count, then the three status years
            row[4:4 + n] = [not_met if cell is None else cell for cell in row[4:4 + n]]
            row[4 + n] = count(row[4 + n], n)
            row[-4:-2] = [None if y is None else years(y) for y in row[-4:-2]]
    if n == 19 and draw(st.booleans()):
        _criteria_in_groups(b01)
    if spoil == "a line saying the marks are of criteria not met":
        _legend_of_unmet(b01)
    b02 = _b02(draw(st.sampled_from(list(MONEY))), draw(st.booleans()), draw(st.booleans()),
               draw(st.sampled_from(B02_TOTALS)))
    if spoil == "money in a unit that is not known":
        _unknown_money(b02, draw(st.booleans()))
    b04 = _b04(draw(st.sampled_from(B04_HEADERS)), draw(st.booleans()), reporter.year,
               draw(st.sampled_from(INCOMES)))
    if spoil == "value columns headed by their position":
        b04.rows[2][3:6] = ["Cột 1", "Cột 2", "Cột 3"]
    b03 = _b03((draw(st.sampled_from(STARS)), draw(st.sampled_from(GROUPS))),
               (draw(st.sampled_from(STARS_4)), draw(st.sampled_from(GROUPS_2))),
               draw(st.sampled_from(DATES)), reporter)
    if spoil == "the rating column headed by its position":
        b03.rows[2][5] = "Cột 6"
    value_header = ("Cột 3" if spoil == "the value column headed by its position"
                    else draw(st.sampled_from(B06_VALUE_HEADERS)))
    sheets = district_sheets(
        reporter.year, ThongTin=_thongtin(draw(st.sampled_from(THONGTIN)), reporter),
        B01=b01, B02=b02, B03=b03, B04=b04,
        B05=_b05(draw(st.sampled_from(B05_HEADERS)), draw(st.sampled_from(B05_MET)),
                 draw(st.sampled_from(B05_NOT_MET))),
        B06=_b06(value_header, draw(st.sampled_from(B06_MONEY)), draw(st.booleans()),
                 reporter.year))
    sheets = [s for s in sheets if s.name == "ThongTin" or s.name[:3] in reporter.sheets]
    for sheet in sheets[1:]:
        if draw(st.booleans()):
            _blank_row_and_signatures(sheet, draw(st.integers(1, 3)))
        _moved(sheet, draw(st.integers(0, 2)), draw(st.integers(0, 2)))
        if draw(st.integers(0, 3)) == 0:
            _in_capitals(sheet)
    if draw(st.integers(0, 2)) == 0:
        for sheet in sheets:
            _nfd(sheet)
    return sheets, draw(st.sampled_from(["xlsx", "xlsx", "ods", "xls", "csv"])), reporter


def _criteria_in_groups(sheet: OfficeSheet) -> None:
    """B01's header over three rows: the criteria under their groups, under "Tiêu chí đạt
    chuẩn"; the status levels merged down over the two lower rows."""
    h = sheet.find("STT")[0]
    low = sheet.rows[h + 1]
    middle: list = [None] * len(low)
    merges, column = [], 4
    for name, count in GROUPS_OF_19:
        middle[column] = name
        if count > 1:
            merges.append((h + 1, column, h + 1, column + count - 1))
        column += count
    for j in range(column + 1, column + 4):  # after the count: NTM, nâng cao, kiểu mẫu
        middle[j], low[j] = low[j], None
        merges.append((h + 1, j, h + 2, j))
    _insert_row(sheet, h + 1, middle)  # what was merged down over two rows now spans three
    sheet.merges += merges


def _legend_of_unmet(sheet: OfficeSheet) -> None:
    """A line over B01's header saying the marks are of criteria not met: read as met, they
    would turn every count around."""
    _insert_row(sheet, sheet.find("STT")[0], ["(Đánh dấu x vào các tiêu chí chưa đạt)"])


def _unknown_money(sheet: OfficeSheet, in_the_header: bool) -> None:
    """B02's unit said as one the intake does not know: in the header, or on the line above
    (where it replaces any unit the header said)."""
    header = sheet.find("Mã nguồn")[0]
    if in_the_header:
        sheet.rows[header][2] = "Giá trị (USD)"
    else:
        sheet.rows[header][2] = "Giá trị"
        sheet.rows[:header] = [["BIỂU 02: NGUỒN VỐN"], ["Đơn vị tính: USD"]]


def _read(tmp_path_factory, workbook: tuple[list[OfficeSheet], str, Reporter]):
    sheets, suffix, reporter = workbook
    folder = Path(tmp_path_factory.mktemp("raw")) / str(reporter.year)  # the year's folder
    path = write(folder / ("office" if suffix == "csv" else f"office.{suffix}"), sheets)
    result = read_submission(path, path.name, "sha-together")
    assert result.reject_reason is None
    return result


def _as_written(result, code: str, reporter: Reporter) -> None:
    """The figures of one sheet are those written in it."""
    tables = result.tables
    if code == "B01":
        met: dict[str, int] = {}
        for mark in tables["b01_marks"]:
            met[mark["commune_code"]] = met.get(mark["commune_code"], 0) + (
                mark["mark"] == "met")
        assert met == reporter.met
        assert {c["commune_code"]: (c["ntm_year"], c["advanced_year"])
                for c in tables["b01_communes"]} == reporter.status_years
        assert {c["commune_code"]: c["status_years_marked"]
                for c in tables["b01_communes"]} == reporter.status_marked
        assert {c["commune_code"]: c["reported_count"]
                for c in tables["b01_communes"]} == reporter.met
    elif code == "B02":
        amounts = {f["source_code"]: f["amount_million_vnd"] for f in tables["b02_funding"]}
        assert amounts.keys() == B02_VALUES.keys()  # a total row is no source of its own
        for source, amount in B02_VALUES.items():
            assert abs(amounts[source] - amount) < 1e-6, source
    elif code == "B03":
        assert [(p["stars"], p["product_group"], p["recognized_on"])
                for p in tables["b03_ocop"]] == [(3, 1, reporter.recognised),
                                                 (4, 2, dt.date(reporter.year, 9, 20))]
    elif code == "B04":
        figures = {t["indicator_code"]: (t["target"], t["actual"], t["next_year_target"])
                   for t in tables["b04_targets"]}
        assert figures == {"XA_DAT_CHUAN_MOI": (1, 0, 1), "TY_LE_HO_NGHEO": (5, 4.8, 4),
                           "THU_NHAP_BQ": (pytest.approx(52.3),) * 3}
    elif code == "B05":
        assert [(c["criterion_code"], c["mark"]) for c in tables["b05_district_criteria"]] == [
            (f"H{i}", "met" if i <= 4 else "not_met") for i in range(1, 10)]
    elif code == "B06":
        aggregates = {a["indicator_code"]: a["value"] for a in tables["b06_aggregates"]}
        assert aggregates.keys() == {indicator for indicator, *_ in B06}
        for indicator, _, _, value in B06:
            assert abs(aggregates[indicator] - value) < 1e-6, indicator


# The raw table of each spoilt sheet, and a column that holds its figures.
_FIGURES = {"B01": ("b01_marks", "mark"), "B02": ("b02_funding", "amount_million_vnd"),
            "B03": ("b03_ocop", "stars"), "B04": ("b04_targets", "actual"),
            "B06": ("b06_aggregates", "value")}


@TOGETHER
@given(office_workbooks())
def test_variations_together_read_as_written(tmp_path_factory, workbook):
    result = _read(tmp_path_factory, workbook)

    errors = [(f["check_code"], f.get("sheet"), f["message"]) for f in result.flags
              if f["severity"] == "error"]
    assert errors == []
    for code in workbook[2].sheets:
        _as_written(result, code, workbook[2])


@TOGETHER
@given(st.sampled_from(list(SPOILT)).flatmap(
    lambda spoil: st.tuples(st.just(spoil), office_workbooks(spoil=spoil))))
def test_a_spoilt_sheet_among_the_variations_gives_no_figure(tmp_path_factory, drawn):
    spoil, workbook = drawn
    code = SPOILT[spoil]
    assume(code in workbook[2].sheets)  # a province's B01 before 2025 is not sent at all
    result = _read(tmp_path_factory, workbook)

    status = {s["sheet_code"]: s["status"] for s in result.tables["sheets"]}
    assert status[code] == "unusable", spoil
    assert {f["check_code"] for f in result.flags
            if f["severity"] == "error" and f.get("sheet", "").startswith(code)}
    table, column = _FIGURES[code]
    assert [row[column] for row in result.tables.get(table, [])
            if row[column] is not None] == []
    for other in workbook[2].sheets:
        if other != code:
            _as_written(result, other, workbook[2])
