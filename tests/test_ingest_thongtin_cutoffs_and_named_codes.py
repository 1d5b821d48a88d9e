"""ThongTin's reporting year written with the figures' cut-off date, a unit's code typed as a
number beside its name, and a commune code typed in thousands style, as offices write them.

Offices write the period with the day the figures run to (`Cả năm 2023 (số liệu đến
31/12/2023)`, `Năm 2023, số liệu tính đến 31/12/2023`): a person reads the year 2023, and the
file was refused (a ThongTin that cannot be read refuses every sheet). A day before the
year's end (`Năm 2023 (số liệu đến 30/9/2023)`) makes the figures part of the year's, which
no sheet's column of part of the year is read as either (`Thực hiện 9 tháng`): the file is
still refused, now saying so. A code typed as a number beside the name (`Mã tỉnh: 20.0 - Lạng
Sơn`) was refused too; and a B01 commune code typed as a thousand (`6.541`), which is commune
06541 only when the name beside it is that commune's.

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be read is kept out with a flag naming its cell.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tests.office import OfficeSheet, b01_two_row_header, district_sheets, simple_sheet, thongtin
from tests.test_ingest_office import _read
from tests.test_ingest_thongtin_status_years import _row, _thongtin_flags


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _year_as(key: str, value: object) -> OfficeSheet:
    """The office's ThongTin of 2023 with its `Năm báo cáo` row written as ``key | value``
    (``value`` None: the key and its value in one cell)."""
    info = thongtin(2023)
    info.rows[7] = [key] if value is None else [key, value]
    return info


# --------------------------------------------------------------- the year with its cut-off date

_YEARS_END = [
    "Cả năm 2023 (số liệu đến 31/12/2023)", "CẢ NĂM 2023 (SỐ LIỆU ĐẾN 31/12/2023)",
    "Ca nam 2023 (so lieu den 31/12/2023)", _nfd("Cả năm 2023 (số liệu đến 31/12/2023)"),
    "Cả năm 2023 (tính đến ngày 31/12/2023)", "Năm 2023, số liệu tính đến 31/12/2023",
    "Năm 2023 - số liệu đến 31/12/2023", "Năm 2023; số liệu tính đến ngày 31/12/2023",
    "Cả năm 2023, tính đến ngày 31 tháng 12 năm 2023", "nam 2023, so lieu tinh den 31/12/2023",
    _nfd("Năm 2023, số liệu tính đến 31/12/2023"), "2023 - số liệu đến 31/12/2023",
    # closed in December, as a title's `SỐ LIỆU TÍNH ĐẾN NGÀY 15/12/2023` is the year's
    "Năm 2023 (số liệu đến 15/12/2023)", "Năm 2023, số liệu tính đến ngày 15/12/2023"]


@pytest.mark.parametrize("key", ["Năm báo cáo", "Kỳ báo cáo"])
@pytest.mark.parametrize("value", _YEARS_END)
def test_the_year_with_the_figures_cut_off_at_its_end_is_the_year(tmp_path, key, value):
    """`Năm báo cáo | Cả năm 2023 (số liệu đến 31/12/2023)`, `Năm 2023, số liệu tính đến
    31/12/2023`: the year's report, its figures to the year's end (or to a day of its last
    month, when annual reports are closed); a person reads 2023. Before, the file was
    refused: 'cannot read … as a year'."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_as(key, value)))
    assert result.reject_reason is None
    assert result.identity.year == 2023
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("cell", ["Năm báo cáo: Cả năm 2023 (số liệu đến 31/12/2023)",
                                  "Kỳ báo cáo: Năm 2023, số liệu tính đến 31/12/2023"])
def test_the_year_with_its_cut_off_in_one_cell_with_its_key_is_the_year(tmp_path, cell):
    """The same with the key in one cell: 2023."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_as(cell, None)))
    assert result.reject_reason is None
    assert result.identity.year == 2023


def test_a_period_closed_in_december_beside_the_year_agrees_with_it(tmp_path):
    """`Năm báo cáo | 2023` above `Kỳ báo cáo | Năm 2023 (số liệu đến 15/12/2023)`: one year,
    read. Before, the period was taken as part of the year and the file refused."""
    info = thongtin(2023)
    info.rows.append(["Kỳ báo cáo", "Năm 2023 (số liệu đến 15/12/2023)"])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert result.identity.year == 2023


_PART_OF_THE_YEAR = [
    "Năm 2023 (số liệu đến 30/9/2023)", "Năm 2023, số liệu đến 30/9/2023",
    "NĂM 2023 (SỐ LIỆU ĐẾN 30/9/2023)", "Cả năm 2023 (số liệu tính đến 30/9/2023)",
    "2023 (tính đến ngày 30 tháng 9 năm 2023)", _nfd("Năm 2023 - số liệu đến 30/6/2023"),
    # a date after `ngày` was read as its year, without a word
    "Năm 2023, số liệu tính đến ngày 30/9/2023", "Năm 2023 (số liệu tính đến ngày 30/9/2023)",
    "Cả năm 2023, tính đến ngày 30 tháng 9 năm 2023"]


@pytest.mark.parametrize("key", ["Năm báo cáo", "Kỳ báo cáo"])
@pytest.mark.parametrize("value", _PART_OF_THE_YEAR)
def test_the_year_with_the_figures_cut_off_before_its_end_is_refused_saying_why(tmp_path,
                                                                              key, value):
    """`Năm báo cáo | Năm 2023 (số liệu đến 30/9/2023)`: the figures run to 30 September, part
    of the year, as a B02 or B04 column `Thực hiện 9 tháng` (`… đến 30/9/2023`) is, which is
    not read as the year's; read as the year's report, nine months' money and marks would
    stand as the year's in the marts. The file is refused as before, and the reason now says
    the value names part of the year (before: 'cannot read … as a year')."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_as(key, value)))
    assert result.identity is None
    assert unicodedata.normalize("NFC", value) in result.reject_reason
    assert "part of the year" in result.reject_reason
    assert "ThongTin row 8" in result.reject_reason


@pytest.mark.parametrize("period", ["Năm 2023, số liệu tính đến ngày 30/9/2023",
                                    "Năm 2023 (số liệu đến 30/9/2023)"])
def test_a_period_cut_off_before_the_years_end_beside_the_year_is_refused(tmp_path, period):
    """`Năm báo cáo | 2023` above `Kỳ báo cáo | Năm 2023, số liệu tính đến ngày 30/9/2023`:
    the period says the figures are part of the year's, wherever it stands; refused, the
    reason naming the period's cell. Before, the date's year agreed and the file was read as
    the year's without a word."""
    info = thongtin(2023)
    info.rows.append(["Kỳ báo cáo", period])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert "part of the year" in result.reject_reason or "cannot read" in result.reject_reason
    assert "row 11" in result.reject_reason


@pytest.mark.parametrize(("value", "year"), [
    ("Năm 2023", 2023), ("2023", 2023), (2023, 2023), ("Cả năm 2023", 2023),
    ("Ước 2023", 2023), ("2023 (số liệu đến 31/12/2023)", 2023),
    ("Năm 2023 (tính đến ngày 31/12/2023)", 2023), ("Năm 2023 - ước tính", 2023),
    ("Cả năm 2023 (ước)", 2023), (_nfd("Cả năm 2023"), 2023),
    ("Năm 2023 (số liệu đến 31/12/2022)", None), ("Năm 2023, số liệu đến 31/12/2024", None),
    ("Năm 2023 - 2024", None), ("Ước 6 tháng năm 2023", None)])
def test_the_reporting_year_neighbours_read_as_before(tmp_path, value, year):
    """`Năm 2023`, `2023`, `Cả năm 2023`, `Ước 2023` and a note in brackets naming the year's
    end: 2023, as before. A cut-off in another year, a period of two years (its titles
    naming none) and an estimate of half the year: refused naming the value, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_as("Năm báo cáo", value)))
    if year is None:
        assert result.identity is None
        assert str(value) in result.reject_reason
    else:
        assert result.identity.year == year
        assert not _thongtin_flags(result)


# --------------------------------------------------------------- a code and the name in one cell


@pytest.mark.parametrize(("province", "district"), [
    ("20.0 - Lạng Sơn", "188"), ("20,0 - Lạng Sơn", "188"), ("020 - Lạng Sơn", "188"),
    ("20.0 - Lang Son", "188"), ("20.0 - LẠNG SƠN", "188"), (_nfd("20.0 - Lạng Sơn"), "188"),
    ("20.0 – Tỉnh Lạng Sơn", "188"), ("20", "188.0 - Lộc Bình"), ("20", "0188 - Huyện Lộc Bình"),
    ("20.0 - Lạng Sơn", "188,0 - Huyện Lộc Bình"), ("20.0. Lạng Sơn", "188.0: Lộc Bình")])
@pytest.mark.parametrize("one_cell", [False, True])
def test_a_code_typed_as_a_number_with_the_name_is_the_code(tmp_path, province, district,
                                                           one_cell):
    """`Mã tỉnh | 20.0 - Lạng Sơn`, `Mã huyện: 188.0 - Lộc Bình`: the code typed as a number
    (or with a zero before it) and the unit's name, as a template's drop-down list writes
    them; a person reads province 20, district 188, the names agreeing with the map. Before,
    `20 - Lạng Sơn` was read but `20.0 - Lạng Sơn` refused the file."""
    info = thongtin(2023, province=province, district=district)
    if one_cell:
        info.rows[3] = [f"Mã tỉnh: {province}"]
        info.rows[5] = [f"Mã huyện: {district}"]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert (result.identity.province_code, result.identity.district_code) == ("20", "188")
    assert not _thongtin_flags(result)


@pytest.mark.parametrize(("province", "district"), [
    ("20 - Lạng Sơn", "188"), ("20", "188 - Lộc Bình"), ("20", "188"), ("020", "188"),
    ("20.0", "188.0"), ("20 - Lang Son", "188"), (_nfd("20 - Lạng Sơn"), "188")])
def test_codes_with_or_without_names_read_as_before(tmp_path, province, district):
    """`20 - Lạng Sơn`, `20`, `020`, `20.0`, a name without its marks or in NFD: read as
    before, without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, province=province, district=district)))
    assert (result.identity.province_code, result.identity.district_code) == ("20", "188")
    assert not _thongtin_flags(result)


@pytest.mark.parametrize(("province", "district", "named", "codes"), [
    ("20.0 - Cao Bằng", "188", "Cao Bằng", ("20", "188")),
    ("20", "181.0 - Lộc Bình", "Lộc Bình", ("20", "181")),
    ("20", "181 - Lộc Bình", "Lộc Bình", ("20", "181"))])
def test_a_code_with_another_units_name_is_read_with_a_warning(tmp_path, province, district,
                                                               named, codes):
    """`Mã tỉnh | 20.0 - Cao Bằng` (Cao Bằng is 04), `Mã huyện | 181 - Lộc Bình` (Lộc Bình is
    188): the code, the template's key, is read, and a warning at the cell names the unit the
    name is on the map, as for a name under its own key (`_names_agree`); `181 - Lộc Bình`
    was read so before."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, province=province, district=district)))
    assert result.reject_reason is None
    assert (result.identity.province_code, result.identity.district_code) == codes
    flags = _thongtin_flags(result)
    assert any(f"named '{named}'" in f["message"] and f["severity"] == "warning"
               for f in flags)


def test_a_name_with_another_code_typed_as_a_number_refuses_the_file(tmp_path):
    """`Mã huyện | 188` above `Tên huyện | 189.0 - Đình Lập`: two codes, which unit sent the
    file cannot be told, as with `189 - Đình Lập` (`_names_agree`). Before, `189.0 - Đình
    Lập` was taken for a name no district has, and the file read as 188's without a word."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, district_name="189.0 - Đình Lập")))
    assert result.identity is None
    assert "gives the district code 189, not 188" in result.reject_reason


@pytest.mark.parametrize("province", ["20.5 - Lạng Sơn", "20.000 - Lạng Sơn", "2.0e1 - Lạng Sơn"])
def test_a_code_with_a_fraction_or_a_thousands_group_beside_a_name_is_no_code(tmp_path,
                                                                            province):
    """`Mã tỉnh | 20.5 - Lạng Sơn`, `20.000 - Lạng Sơn`: no code (`20.000` may be twenty
    thousand); refused naming the value, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(2023, province=province)))
    assert result.identity is None
    assert f"'{province}'" in result.reject_reason


# --------------------------------------------------------------- a commune code typed as a thousand


def _b01_code(typed: str, name: str | None = None) -> OfficeSheet:
    """The office's B01 with the second commune's code (06541, Xã Yên Khoái) typed as
    ``typed``, and its name as ``name`` when given."""
    b01 = b01_two_row_header()
    r, c = b01.find("06541")
    b01.rows[r][c] = typed
    if name is not None:
        b01.rows[r][c + 1] = name
    return b01


@pytest.mark.parametrize("typed", ["6.541", "6,541", "06.541", " 6.541 ", "'6.541"])
@pytest.mark.parametrize("name", [None, "Yên Khoái", "XÃ YÊN KHOÁI", "Xa Yen Khoai",
                                  _nfd("Xã Yên Khoái")])
def test_a_b01_commune_code_typed_as_a_thousand_is_the_commune_named_beside_it(tmp_path,
                                                                              typed, name):
    """B01 `Mã xã | 6.541` beside `Tên xã | Xã Yên Khoái`: the code 06541 typed as a number
    shown with a thousands separator (a code is never fractional), and the map of 2023 gives
    06541 the name beside it; a person reads commune 06541. Before, the code was refused
    (UNPARSEABLE_VALUE error)."""
    result = _read(tmp_path, district_sheets(B01=_b01_code(typed, name)))
    assert [x["commune_code"] for x in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]
    assert not [f for f in result.flags if f["sheet"].startswith("B01")]


@pytest.mark.parametrize(("typed", "name"), [
    ("6.541", "Xã Khánh Xuân"), ("6.541", "Xã Mẫu Sơn"), ("6.544", "Xã Yên Khoái"),
    ("6.999", "Xã Yên Khoái"), ("6.541", ""), ("6.5", "Xã Yên Khoái"),
    ("6.541,0", "Xã Yên Khoái"), ("6.541.0", "Xã Yên Khoái"), ("65.41", "Xã Yên Khoái")])
def test_a_thousands_code_that_is_not_the_commune_beside_it_stays_unread(tmp_path, typed,
                                                                         name):
    """`6.541` beside another commune's name, or without a name, a code the map does not have,
    a fraction, or anything else than one group of three digits: which commune is meant is
    not told; the code is not read and an error names the cell, as before."""
    result = _read(tmp_path, district_sheets(B01=_b01_code(typed, name)))
    assert result.tables["b01_communes"][1]["commune_code"] is None
    assert [(f["check_code"], f["severity"], f["row_number"], f["raw_value"])
            for f in result.flags if f["sheet"].startswith("B01")] == [
        ("UNPARSEABLE_VALUE", "error", 8, typed)]


def test_a_b03_commune_code_typed_as_a_thousand_without_a_name_stays_unread(tmp_path):
    """B03 `Mã xã | 6.532`: B03 gives no commune's name to check the code against (its `Tên
    xã` is not read), so the code is not read, an error at the cell, as before."""
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Ngày công nhận", "Số quyết định", "Cấp công nhận"],
                       [[1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "6.532", 1, 3,
                         dt.date(2023, 6, 15), "123/QĐ-UBND", "Huyện"]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [x["commune_code"] for x in result.tables["b03_ocop"]] == [None]
    assert [f["check_code"] for f in result.flags
            if f["sheet"].startswith("B03") and f["raw_value"] == "6.532"] == [
        "UNPARSEABLE_VALUE"]


# --------------------------------------------------------------- a province's district year


def test_a_provinces_district_status_year_not_yet_come_reaches_no_table(tmp_path):
    """A province's ThongTin with `Năm đạt chuẩn huyện NTM: 2026` in its 2023 report: a
    province's report reads no district NTM year, so the year reaches no table; raw.thongtin
    keeps the row as sent, as every row. Nothing to say, as before."""
    info = thongtin(2023, level="Tỉnh", district=None)
    info.rows.append(["Năm đạt chuẩn huyện NTM: 2026"])
    result = _read(tmp_path, [info, b01_two_row_header()])
    assert result.reject_reason is None
    assert result.identity.district_ntm_year is None
    assert not _thongtin_flags(result)
    assert _row(result, "Năm đạt chuẩn huyện NTM")["value_text"] == "2026"
