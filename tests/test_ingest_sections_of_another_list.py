"""Sections of another list under the year's rows: last year's table, the next year's plan
or the products of earlier years, which offices stack under a heading below the year's table
for comparison (docs/ingest.md, "What the intake understands").

A person reads only the year's table. Each test builds its own workbook (``tests/office.py``)
and checks that the rows under such a heading feed nothing and an error at the heading says
why, and that the year's own headings and a table going on over a page read as before.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, thongtin, write


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/sections.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _errors(result: FileResult, sheet: str) -> list[dict]:
    return [f for f in result.flags
            if f["severity"] == "error" and (f.get("sheet") or "").startswith(sheet)]


def _kept(result: FileResult) -> set[tuple[int, str]]:
    """The cells kept as sent outside the raw tables (raw.unmapped_cells)."""
    return {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- B02

B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
SOURCES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "4": "Vốn tín dụng",
           "6": "Cộng đồng dân cư"}
THIS_YEAR = {"1": 1200, "2": 800, "6": 350}
LAST_YEAR = {"1": 900, "2": 700, "4": 5000, "6": 100}


def _sources(amounts: dict[str, int]) -> list[list]:
    return [[code, SOURCES[code], amount] for code, amount in amounts.items()] + [
        [None, "Tổng cộng", sum(amounts.values())]]


def _funding(result: FileResult) -> dict[str, float]:
    rows = result.tables["b02_funding"]
    assert len({r["source_code"] for r in rows}) == len(rows)  # no source twice, no heading
    return {r["source_code"]: r["amount_million_vnd"] for r in rows}


@pytest.mark.parametrize("heading", [
    "Năm 2022", "Cùng kỳ năm 2022", "KẾ HOẠCH NĂM 2024", "II. KẾT QUẢ NĂM 2022 (để so sánh)",
    "Số liệu cùng kỳ năm trước", "Kế hoạch 2024", _nfd("Dự kiến năm 2024"), "ke hoach nam 2024",
    "NAM 2022"])
@pytest.mark.parametrize("where", ["B", "A", "A:C"])
def test_b02_the_years_sources_then_a_heading_of_another_year_or_the_plan(
        tmp_path, heading, where):
    """``BIỂU 02 … NĂM 2023``, the year's sources and their total, then a heading (in the
    name's column, the code's, or merged across) over last year's or the plan's sources: a
    person reads 1200, 800 and 350. Before, every row of both tables was stored (source 4 =
    5000 counted in 2023) with no flag, or only an error at the heading's code cell. The
    rows under the heading are kept as notes with an error at the heading."""
    line = [None, heading, None] if where == "B" else [heading, None, None]
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, *_sources(THIS_YEAR), [],
            line, B02_HEADER, *_sources(LAST_YEAR)]
    merges = [(7, 0, 7, 2)] if where == "A:C" else []
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows, merges)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    (error,) = _errors(result, "B02")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 8)
    assert "rows 10-14 under it are not read" in error["message"]
    assert {t["row_number"] for t in result.tables["sheet_totals"]
            if t["sheet"].startswith("B02")} == {6}  # the year's total alone
    assert {(12, "5000"), (8, unicodedata.normalize("NFC", heading))} <= _kept(result)


def test_b02_a_heading_of_last_year_over_sources_without_the_header_again(tmp_path):
    """The heading in column B right under the year's rows, no header again, no totals."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER,
            *_sources(THIS_YEAR)[:-1], [None, "Cùng kỳ năm 2022"], *_sources(LAST_YEAR)[:-1]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    (error,) = _errors(result, "B02")
    assert error["row_number"] == 6 and "2022" in error["message"]


def test_b02_a_numbered_heading_over_the_header_heads_the_first_table(tmp_path):
    """``BIỂU 02 … NĂM 2023``, then ``I. NĂM 2022`` on the line over the header and last
    year's sources, then ``II. NĂM 2023``, the header again and the year's: the first table
    is 2022's, the second is read. Before, both were stored as 2023's."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], ["I. NĂM 2022"], B02_HEADER,
            *_sources(LAST_YEAR), [], ["II. NĂM 2023"], B02_HEADER, *_sources(THIS_YEAR)]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    (error,) = _errors(result, "B02")
    assert error["row_number"] == 2 and "rows 4-8" in error["message"]


@pytest.mark.parametrize("heading", [
    "I. Năm 2023", "NĂM 2023", _nfd("Kết quả năm 2023"),
    "Kết quả thực hiện kế hoạch năm 2023"])
def test_b02_the_years_own_heading_is_read_as_before(tmp_path, heading):
    """A heading naming the reporting year (or what was done of its plan) over the sources:
    they are read as before, with no error; the heading, before stored as a source without
    a code, is a note."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, [None, heading],
            *_sources(THIS_YEAR)]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    assert not _errors(result, "B02")


def test_b02_sections_of_the_year_and_a_running_total_read_as_before(tmp_path):
    """``I. Năm 2023`` then ``II | Lũy kế giai đoạn 2021-2023`` over the sources again: the
    sections rule reads the year's section, the other kept as notes with an info, as before;
    a section naming a work (``II. Công trình chuyển tiếp từ năm 2022``) is no other list."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, [None, "I. Năm 2023"],
            *_sources(THIS_YEAR)[:-1], ["II", "Lũy kế giai đoạn 2021-2023"],
            *_sources(LAST_YEAR)[:-1]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    assert not _errors(result, "B02")
    assert [f["row_number"] for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"
            and "kept as notes" in f["message"]] == [7]
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, *_sources(THIS_YEAR)[:-1],
            [None, "II. Công trình chuyển tiếp từ năm 2022"], ["4", "Vốn tín dụng", 50]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0, "4": 50.0, None: None}


def test_b02_a_second_table_under_the_header_again_is_not_read(tmp_path):
    """The header again after a blank row, over the sources again (no heading): a second
    table, another year's or a plan, not told to be 2023's; its source 4 was stored as the
    year's. The table under the titles is read, the second kept as notes, with an error."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, *_sources(THIS_YEAR), [],
            B02_HEADER, *_sources(LAST_YEAR)]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _funding(result) == {"1": 1200.0, "2": 800.0, "6": 350.0}
    (error,) = _errors(result, "B02")
    assert (error["check_code"], error["row_number"]) == ("SHEET_LAYOUT", 8)
    assert (11, "5000") in _kept(result)


# --------------------------------------------------------------------------- B06

B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
B06_YEAR = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 1],
            ["TONG_TC", "Tổng số tiêu chí đạt", 46]]
B06_PLAN = [["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 2],
            ["SO_XA_NANG_CAO", "Số xã NTM nâng cao", 1], ["TONG_VON", "Tổng vốn huy động", 9999]]


def _aggregates(result: FileResult) -> list[tuple]:
    return [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]]


def _b06(rows: list[list]) -> OfficeSheet:
    return OfficeSheet("B06_TongHop", [["BIỂU 06: TỔNG HỢP NĂM 2023"], B06_HEADER, *rows])


@pytest.mark.parametrize("heading", [
    "KẾ HOẠCH NĂM 2024", "Mục tiêu năm 2024", "Dự kiến năm 2024", "Kế hoạch 2024",
    "II. KẾ HOẠCH", "Năm 2024 (kế hoạch)", "Giai đoạn 2021-2025", _nfd("Kế hoạch năm 2024"),
    "KH NAM 2024", "NĂM 2024"])
@pytest.mark.parametrize("where", ["A", "B"])
def test_b06_a_heading_of_the_plan_under_the_years_figures(tmp_path, heading, where):
    """SO_XA 3, SO_XA_DAT_CHUAN 1, TONG_TC 46, then a heading of the plan (or the period's)
    over more coded rows: the unit's own figures are the first three. Before, the plan's
    were stored as the unit's (SO_XA_DAT_CHUAN twice, TONG_VON 9999) with no flag, only a
    bare ``NĂM 2024`` being caught."""
    line = [heading] if where == "A" else [None, heading]
    sheets = [thongtin(2023, level="Tỉnh", district=None), _b06([*B06_YEAR, line, *B06_PLAN])]
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert _aggregates(result) == [("SO_XA", 3.0), ("SO_XA_DAT_CHUAN", 1.0), ("TONG_TC", 46.0)]
    (error,) = _errors(result, "B06")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 6)
    assert "rows 7-9 under it are not read" in error["message"]
    assert (9, "9999") in _kept(result)


@pytest.mark.parametrize("heading", [
    "NĂM 2023", "I. Năm 2023", "Kết quả năm 2023", "Lũy kế đến năm 2023",
    "Kết quả thực hiện kế hoạch năm 2023"])
def test_b06_the_years_own_heading_is_read_as_before(tmp_path, heading):
    """A heading of the year's figures over them: every figure read, no error."""
    sheets = [thongtin(2023, level="Tỉnh", district=None), _b06([[None, heading], *B06_YEAR])]
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert [a for a in _aggregates(result) if a[0]] == [
        ("SO_XA", 3.0), ("SO_XA_DAT_CHUAN", 1.0), ("TONG_TC", 46.0)]
    assert not _errors(result, "B06")


def test_b06_a_second_table_repeating_the_years_codes_is_not_read(tmp_path):
    """The header again after a blank row, over SO_XA, SO_XA_DAT_CHUAN, TONG_TC (40) and two
    more: a second table (last year's, as it happens) whose TONG_VON 9999 was stored as the
    unit's with no flag. The first table is read; the second is kept as notes, an error at
    its header naming the codes given again."""
    second = [["SO_XA", "Số xã", 3], ["TONG_TC", "Tổng số tiêu chí đạt", 40], *B06_PLAN[1:]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06([*B06_YEAR, [], B06_HEADER, *second])]
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert _aggregates(result) == [("SO_XA", 3.0), ("SO_XA_DAT_CHUAN", 1.0), ("TONG_TC", 46.0)]
    (error,) = _errors(result, "B06")
    assert (error["check_code"], error["row_number"]) == ("SHEET_LAYOUT", 7)
    assert "SO_XA, TONG_TC" in error["message"] and "rows under it are not" in error["message"]


def test_b06_the_header_again_over_the_rest_of_the_table_is_read_as_before(tmp_path):
    """The header printed again at a page break, over indicators not given above it: one
    table going on, read whole."""
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06([*B06_YEAR, [_nfd("MÃ CHỈ SỐ"), "Chỉ số", "Giá trị"], *B06_PLAN[1:]])]
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert _aggregates(result) == [("SO_XA", 3.0), ("SO_XA_DAT_CHUAN", 1.0), ("TONG_TC", 46.0),
                                   ("SO_XA_NANG_CAO", 1.0), ("TONG_VON", 9999.0)]
    assert not _errors(result, "B06")


# --------------------------------------------------------------------------- B03

B03_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
PRODUCT_2023 = [1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "06532", 1, 3,
                dt.date(2023, 6, 15), "123/QĐ-UBND", "Huyện"]
EARLIER = [[1, "Rượu Mẫu Sơn", "HTX Mẫu Sơn", "06532", 2, 4, dt.date(2022, 5, 1),
            "55/QĐ-UBND", "Tỉnh"],
           [2, "Miến dong", "HTX Yên Khoái", "06541", 1, 3, dt.date(2021, 3, 1), "12/QĐ-UBND",
            "Huyện"]]


def _products(result: FileResult) -> list[str]:
    return [r["product_name"] for r in result.tables["b03_ocop"]]


def _b03(rows: list[list], merges: list | None = None) -> OfficeSheet:
    return OfficeSheet("B03_OCOP", [["BIỂU 03: SẢN PHẨM OCOP NĂM 2023"], [], B03_HEADER, *rows],
                       merges or [])


@pytest.mark.parametrize(("line", "merged"), [
    (["NĂM 2022"], True), ([None, "NĂM 2022"], False),
    ([None, "II. Sản phẩm đã được công nhận các năm trước (còn hiệu lực)"], False),
    ([None, _nfd("Sản phẩm đã được công nhận năm trước")], False),
    ([None, "III. Sản phẩm dự kiến đánh giá, phân hạng năm 2024"], False),
    (["II", "SAN PHAM CONG NHAN NAM 2022"], False)])
def test_b03_products_under_a_heading_of_earlier_years_or_the_plan_are_not_read(
        tmp_path, line, merged):
    """The year's product, then a heading (merged across, or in the name's column) over the
    products of earlier years or those to be rated next year: a person counts one product
    recognised in 2023. Before, all three were stored as the year's (the heading in column
    B as a product too) with no flag."""
    merges = [(4, 0, 4, 8)] if merged else []
    result = _read(tmp_path, district_sheets(B03=_b03([PRODUCT_2023, line, *EARLIER], merges)))
    assert _products(result) == ["Hồi Lạng Sơn"]
    (error,) = _errors(result, "B03")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 5)
    assert "rows 6-7 under it are not read" in error["message"]
    assert (6, "Rượu Mẫu Sơn") in _kept(result)


def test_b03_sections_of_this_year_and_last_read_this_years(tmp_path):
    """``I. Sản phẩm công nhận năm 2023`` over the year's product, ``II. Sản phẩm công nhận
    năm 2022`` over last year's: the first is read, its heading no product."""
    rows = [[None, "I. Sản phẩm công nhận năm 2023"], PRODUCT_2023,
            [None, "II. Sản phẩm công nhận năm 2022"], *EARLIER]
    result = _read(tmp_path, district_sheets(B03=_b03(rows)))
    assert _products(result) == ["Hồi Lạng Sơn"]
    assert [f["row_number"] for f in _errors(result, "B03")] == [6]


def test_b03_group_and_commune_headings_are_read_as_before(tmp_path):
    """Headings naming a product group or a commune (``I. Thực phẩm``, ``Xã Mẫu Sơn``), and
    a product named with a year, are no other list: every product is read."""
    rows = [[None, "I. Thực phẩm"], PRODUCT_2023, [None, "Xã Mẫu Sơn"],
            [2, "Chè Shan tuyết 2023", "HTX Mẫu Sơn", "06532", 2, 4, dt.date(2023, 5, 1),
             "55/QĐ-UBND", "Tỉnh"]]
    result = _read(tmp_path, district_sheets(B03=_b03(rows)))
    assert _products(result) == ["Hồi Lạng Sơn", "Chè Shan tuyết 2023"]
    assert not _errors(result, "B03")
