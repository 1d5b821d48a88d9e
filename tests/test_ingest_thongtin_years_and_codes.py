"""ThongTin's status years, codes and reporting year as offices write them: a status year not
yet come, a unit's code typed as a number and kept as its text (`20.0`, `20,0`), and the
reporting year written with a note or as an estimate (`Năm 2023 (ước)`, `Ước thực hiện năm
2023`).

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be read is kept out with a flag naming its cell.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipelines.ingest.values import CellError, parse_code
from tests.office import OfficeSheet, b01_two_row_header, district_sheets, simple_sheet, thongtin
from tests.test_ingest_office import _read
from tests.test_ingest_thongtin_status_years import _row, _thongtin_flags


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _with(*rows: list, info: OfficeSheet | None = None) -> OfficeSheet:
    """The office's ThongTin of 2023 (or ``info``) with ``rows`` added at its end."""
    info = info or thongtin(2023)
    info.rows += [list(r) for r in rows]
    return info


# --------------------------------------------------------------- a status year not yet come

_NTM_KEYS = ["Năm đạt chuẩn huyện NTM", "NĂM ĐẠT CHUẨN HUYỆN NTM", "Nam dat chuan huyen NTM",
             _nfd("Năm đạt chuẩn huyện NTM"), "Năm được công nhận huyện NTM",
             "Năm đạt chuẩn NTM (huyện)"]


@pytest.mark.parametrize("key", _NTM_KEYS)
@pytest.mark.parametrize("value", [2026, 2024, 2024.0, "2026", "Năm 2026", "năm 2024",
                                   dt.date(2024, 3, 15)])
def test_a_status_year_after_the_reporting_year_is_not_the_districts(tmp_path, key, value):
    """`Năm đạt chuẩn huyện NTM | 2026` in a report on 2023: a person reads a year not yet come
    as a plan or a slip of the year, not the year the district was recognised. It is not read
    as the district's NTM year; a warning at the value's cell says why, and raw.thongtin keeps
    the row as sent. Before, 2026 was stored as the district's NTM year without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=_with([key, value])))
    assert result.identity.year == 2023
    assert result.identity.district_ntm_year is None
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"]) == (
        "UNPARSEABLE_VALUE", "warning", 11, "B")
    assert "after the reporting year 2023" in flag["message"]
    assert "not read" in flag["message"]
    row = _row(result, key)
    assert row["field"] == "district_ntm_year"
    assert row["value_text"] == flag["raw_value"]


def test_a_status_year_not_yet_come_in_one_cell_with_its_key_is_not_read(tmp_path):
    """`Năm đạt chuẩn huyện NTM: 2026` in one cell: the same year not yet come, flagged at that
    cell. Before, 2026 was the district's NTM year."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(["Năm đạt chuẩn huyện NTM: 2026"])))
    assert result.identity.district_ntm_year is None
    [flag] = _thongtin_flags(result)
    assert (flag["row_number"], flag["column_name"], flag["raw_value"]) == (11, "A", "2026")


@pytest.mark.parametrize("key", [
    "Năm đạt chuẩn huyện NTM nâng cao", "Năm đạt chuẩn huyện NTM kiểu mẫu",
    "NĂM ĐẠT CHUẨN HUYỆN NTM NÂNG CAO", "Nam dat chuan huyen NTM kieu mau",
    _nfd("Năm đạt chuẩn huyện NTM nâng cao")])
def test_a_higher_levels_year_not_yet_come_is_said(tmp_path, key):
    """`Năm đạt chuẩn huyện NTM nâng cao | 2026` beside `Năm đạt chuẩn huyện NTM | 2020` in a
    report on 2023: the advanced (model) level is not reached in 2026, a year not yet come. A
    higher level's year is never read; a warning at its cell now says the year is no year
    reached, as for the NTM year. Before, nothing was said. The NTM year 2020 stays read."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM", 2020], [key, 2026])))
    assert result.identity.district_ntm_year == 2020
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"],
            flag["raw_value"]) == ("UNPARSEABLE_VALUE", "warning", 12, "B", "2026")
    assert "after the reporting year 2023" in flag["message"]
    assert _row(result, key)["field"] == "district_higher_level_year"


@pytest.mark.parametrize(("value", "year"), [
    (2023, 2023), ("2023", 2023), (2020, 2020), ("Năm 2019", 2019),
    ("2023 (QĐ số 123/QĐ-TTg ngày 15/3/2024)", 2023)])
def test_a_status_year_not_after_the_reporting_year_is_read_as_before(tmp_path, value, year):
    """`Năm đạt chuẩn huyện NTM | 2023` in a report on 2023 (recognised in the year reported
    on, by a decision that may be dated the next), or an earlier year: the district's NTM
    year, as before, without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(["Năm đạt chuẩn huyện NTM", value])))
    assert result.identity.district_ntm_year == year
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("key", ["Năm đạt chuẩn huyện NTM nâng cao",
                                 "Năm đạt chuẩn huyện NTM kiểu mẫu"])
@pytest.mark.parametrize("value", [2023, 2021, "Chưa đạt", None, "-"])
def test_a_higher_levels_year_reached_or_not_a_year_says_nothing_as_before(tmp_path, key,
                                                                           value):
    """A higher level's year of the reporting year or before, words, a blank or a dash: not
    read and nothing said, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM", 2020], [key, value])))
    assert result.identity.district_ntm_year == 2020
    assert not _thongtin_flags(result)


def test_a_planned_year_not_yet_come_is_said_once(tmp_path):
    """`Năm đạt chuẩn huyện NTM (dự kiến) | 2026`: a planned year, said once as a plan (the
    rule for a key naming a plan), not a second time as a year not yet come."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM (dự kiến)", 2026])))
    assert result.identity.district_ntm_year is None
    [flag] = _thongtin_flags(result)
    assert "planned" in flag["message"]


def test_a_status_year_not_yet_come_in_a_later_report_is_measured_by_its_year(tmp_path):
    """`Năm đạt chuẩn huyện NTM | 2024` in a report on 2024 is read (the year reported on);
    in a report on 2023 it is not."""
    read = _read(tmp_path / "a", district_sheets(2024, ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM", 2024], info=thongtin(2024))), name="2024/office.xlsx")
    assert read.identity.district_ntm_year == 2024
    assert not _thongtin_flags(read)
    unread = _read(tmp_path / "b", district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM", 2024])))
    assert unread.identity.district_ntm_year is None


# --------------------------------------------------------------- a code typed as a number


@pytest.mark.parametrize(("province", "district"), [
    ("20.0", "188.0"), ("20,0", "188,0"), ("20.00", "188.00"), (20.0, 188.0), ("'20.0", "188"),
    (" 20.0 ", " 188,0 "), ("020.0", "0188.0")])
@pytest.mark.parametrize("name", ["2023/office.xlsx", "2023/office.ods", "2023/office"])
def test_a_units_code_typed_as_a_number_is_the_code(tmp_path, province, district, name):
    """`Mã tỉnh | 20.0`, `Mã huyện | 188,0`: a code typed as a number, kept as the number's text
    (a CSV written by a program, a cell turned into text) or as a number. A person reads
    province 20, district 188. Before, the text was refused and with it the whole file."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, province=province, district=district)), name=name)
    assert result.reject_reason is None
    assert (result.identity.province_code, result.identity.district_code) == ("20", "188")
    assert not _thongtin_flags(result)


def test_a_province_code_of_one_digit_typed_as_a_number_gets_its_zero(tmp_path):
    """`Mã tỉnh | 4.0` (Cao Bằng) is province 04, the leading zero restored as for `4`."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, province="4.0", province_name="Cao Bằng", district="040,0",
        district_name="Thành phố Cao Bằng")))
    assert (result.identity.province_code, result.identity.district_code) == ("04", "040")


@pytest.mark.parametrize(("province", "district", "shown"), [
    ("20.5", "188", "20.5"), (20.5, "188", "20.5"), ("20", "188.5", "188.5"),
    ("20", "188,50", "188,50"), ("20.000", "188", "20.000"), ("20", "1.880", "1.880")])
def test_a_code_with_a_fraction_or_a_thousands_group_is_no_code(tmp_path, province, district,
                                                                shown):
    """`Mã tỉnh | 20.5`: no unit's code; `20.000` may be twenty thousand. The file cannot be
    placed and is refused naming the value, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(
        2023, province=province, district=district)))
    assert result.identity is None
    assert f"'{shown}'" in result.reject_reason


@pytest.mark.parametrize("name", ["2023/office.xlsx", "2023/office"])
@pytest.mark.parametrize("typed", ["6532.0", "06532.0", "6532,0", "06532,00"])
def test_a_b01_commune_code_typed_as_a_number_is_the_code(tmp_path, typed, name):
    """B01 `Mã xã | 6532.0` (or `6532,0`): commune 06532, its marks read. Before, the row's code
    was refused (UNPARSEABLE_VALUE error) and the commune's row had no code."""
    b01 = b01_two_row_header()
    r, c = b01.find("06532")
    b01.rows[r][c] = typed
    result = _read(tmp_path, district_sheets(B01=b01), name=name)
    assert [x["commune_code"] for x in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]
    assert not [f for f in result.flags if f["sheet"].startswith("B01")]


def test_a_b03_commune_code_typed_as_a_number_is_the_code(tmp_path):
    """B03 `Mã xã | 6532.0`: the product's commune 06532, as for B01."""
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Ngày công nhận", "Số quyết định", "Cấp công nhận"],
                       [[1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "6532.0", 1, 3,
                         dt.date(2023, 6, 15), "123/QĐ-UBND", "Huyện"]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [x["commune_code"] for x in result.tables["b03_ocop"]] == ["06532"]


def test_a_b01_commune_code_with_a_fraction_stays_unread(tmp_path):
    """B01 `Mã xã | 6532.5`: no code, an error at the cell, as before."""
    b01 = b01_two_row_header()
    r, c = b01.find("06532")
    b01.rows[r][c] = "6532.5"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert result.tables["b01_communes"][0]["commune_code"] is None
    assert [(f["check_code"], f["raw_value"]) for f in result.flags
            if f["sheet"].startswith("B01")] == [("UNPARSEABLE_VALUE", "6532.5")]


@pytest.mark.parametrize(("cell", "width", "code"), [
    ("20.0", 2, "20"), ("20,0", 2, "20"), ("4.0", 2, "04"), ("188.00", 3, "188"),
    ("6532.0", 5, "06532"), ("06532,0000", 5, "06532"), ("0.0", 2, "00"), (20.0, 2, "20")])
def test_the_code_parser_reads_a_code_typed_as_a_number(cell, width, code):
    """The code parser alone: a whole number's text is its code, zero-padded to the width."""
    assert parse_code(cell, width) == code


@pytest.mark.parametrize(("cell", "width"), [
    ("20.5", 2), ("20,05", 2), ("20.000", 2), ("6,000", 5), ("20.", 2), (".0", 2), ("20.0.0", 2),
    ("2.0e1", 2), ("200.0", 2), ("20.0 - Lạng Sơn", 2), ("-20.0", 2)])
def test_the_code_parser_refuses_a_fraction_a_thousands_group_or_too_many_digits(cell, width):
    """A fraction, three zeros (a thousands group to a person), a number written otherwise, a
    code too wide: no code."""
    with pytest.raises(CellError):
        parse_code(cell, width)


# --------------------------------------------------------------- the reporting year


@pytest.mark.parametrize(("key", "value"), [
    ("Năm báo cáo", "2023 (số liệu đến 31/12/2023)"), ("Kỳ báo cáo", "Năm 2023"),
    ("Năm báo cáo", "Năm 2023 (ước)"), ("Năm báo cáo", "2023 (ước tính)"),
    ("Kỳ báo cáo", "Năm 2023 (ước tính)"), ("Năm báo cáo", "NĂM 2023 (ƯỚC)"),
    ("Năm báo cáo", "nam 2023 (uoc tinh)"), ("Năm báo cáo", _nfd("Năm 2023 (ước)"))])
def test_the_reporting_year_with_its_note_or_as_an_estimate_is_read_as_before(tmp_path, key,
                                                                             value):
    """`Năm báo cáo | 2023 (số liệu đến 31/12/2023)`, `Kỳ báo cáo | Năm 2023`, `Năm 2023
    (ước)`: a person reads 2023. An estimate of the year's figures is the year, as B04's `Ước
    cả năm` is the year's result, without a flag. Read so before; pinned."""
    info = thongtin(2023)
    info.rows[7] = [key, value]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity.year == 2023
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("one_cell", ["Năm báo cáo: 2023 (số liệu đến 31/12/2023)",
                                      "Kỳ báo cáo: Năm 2023", "Kỳ báo cáo: Năm 2023 (ước)"])
def test_the_reporting_year_in_one_cell_with_its_key_is_read_as_before(tmp_path, one_cell):
    """The same written with the key in one cell: 2023, as before."""
    info = thongtin(2023)
    info.rows[7] = [one_cell]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity.year == 2023
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("key", ["Năm báo cáo", "Kỳ báo cáo"])
@pytest.mark.parametrize("value", [
    "Ước 2023", "2023 ước", "Ước năm 2023", "Ước thực hiện năm 2023", "Ước TH năm 2023",
    "Năm 2023 - ước tính", "Cả năm 2023 (ước)", "Ước cả năm 2023", "Ước tính cả năm 2023",
    "ƯỚC THỰC HIỆN NĂM 2023", "Uoc thuc hien nam 2023", _nfd("Ước thực hiện năm 2023")])
def test_the_reporting_year_said_as_an_estimate_without_brackets_is_the_year(tmp_path, key,
                                                                            value):
    """`Kỳ báo cáo | Ước thực hiện năm 2023`, `Năm báo cáo | 2023 ước`: a report made before
    the year ends, its figures estimated for the whole year 2023; a person reads 2023, as with
    `Năm 2023 (ước)`. Before, the file was refused: 'cannot read … as a year'."""
    info = thongtin(2023)
    info.rows[7] = [key, value]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert result.identity.year == 2023
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("value", ["Ước 6 tháng năm 2023", "Năm 2023 (ước 6 tháng)",
                                   "2023 (ước 2024)", "2023 (số liệu đến 30/6/2023)", "Ước"])
def test_an_estimate_of_part_of_the_year_or_of_another_is_no_reporting_year(tmp_path, value):
    """`Ước 6 tháng năm 2023`: half a year's figures, not the year's; `2023 (ước 2024)` names
    two years. No reporting year: the file is refused naming the value, as before."""
    info = thongtin(2023)
    info.rows[7] = ["Năm báo cáo", value]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert value in result.reject_reason


def test_an_estimate_beside_the_reporting_year_agrees_with_it(tmp_path):
    """`Năm báo cáo | 2023` above `Kỳ báo cáo | Ước thực hiện năm 2023`: one year, read;
    `Kỳ báo cáo | Ước 6 tháng năm 2023` is part of it, and the file is refused, as before."""
    agreed = _read(tmp_path / "a", district_sheets(ThongTin=_with(
        ["Kỳ báo cáo", "Ước thực hiện năm 2023"])))
    assert agreed.identity.year == 2023
    part = _read(tmp_path / "b", district_sheets(ThongTin=_with(
        ["Kỳ báo cáo", "Ước 6 tháng năm 2023"])))
    assert part.identity is None
