"""ThongTin naming a unit of the other map (before or after the 1 July 2025 reform), or of
another province, beside the code of another unit.

A code beside the name of another unit of the year's map (`Mã tỉnh | 20`, `Tên tỉnh | Cao
Bằng`) is read by the code with a warning at the name's cell (`test_ingest_district_criteria.py`):
a person sees a code and a name that disagree, and cannot tell whose figures they are.

Before, a name was only looked up on the year's map, so a name the year's map does not have
said nothing however plainly it named another unit. In a 2025 report, `Mã tỉnh | 25` beside
`Tên tỉnh | Bắc Giang` (which merged into 24, the Bắc Ninh of the 2025 map, not into 25, Phú
Thọ) was read as Phú Thọ's without a word; so was `Mã tỉnh | 24` beside `Vĩnh Phúc` (now part
of 25) or `Lạng Sơn (cũ)` (now 20). In a district's report of 2023, `Mã huyện | 188` (Lộc Bình,
Lạng Sơn) beside `Tên huyện | Huyện Bảo Lạc` (a district of Cao Bằng, no district of Lạng Sơn)
was read as Lộc Bình's without a word. Now each is the same disagreement as two names of the
year's map: the code, the template's key, is read, and a warning at the name's cell names the
unit the name is.

Kept as before: the code with its own name (with or without its type, in capitals, without
diacritics, NFD), 2025 names of the merged provinces under the new code, a former province
under the code it alone became (`20 | Lạng Sơn (cũ)`), 2024 reports with the old names, a
former province's own old code in 2025 (no province of the year's map, left to the checks
downstream), and a name no map has (`Lang Sonn`, `Thừa Thiên Huế` which the maps write
`Huế`, `Huyện Lộc Bình (cũ)`). No province name is only on the 2025 map (every 2025 province
kept the name of one of its parts), so a report before the reform is checked on its own map:
`15 | Lào Cai` in 2023 is Lào Cai's old code 10 by name, with the warning, as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin
from tests.test_ingest_office import _read

HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
ROWS = [["SO_XA", "Số xã", 50], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 45]]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _read_province(tmp_path: Path, code: str, name: str, year: int = 2025) -> FileResult:
    sheets = [thongtin(year, level="Tỉnh", province=code, province_name=name, district=None),
              simple_sheet("B06_TongHop", HEADER, ROWS)]
    return _read(tmp_path, sheets, f"{year}/tinh.xlsx")


def _district_thongtin(**values: object) -> OfficeSheet:
    """Lộc Bình's 2023 ThongTin with some keys' values replaced."""
    info = thongtin(2023)
    for key, value in values.items():
        next(r for r in info.rows if r[:1] == [key])[1] = value
    return info


def _thongtin_flags(result: FileResult) -> list[dict]:
    return [f for f in result.flags if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize(("code", "name", "former", "now"), [
    ("25", "Bắc Giang", "24", "24"),
    ("25", "Tỉnh Bắc Giang", "24", "24"),
    ("25", "TỈNH BẮC GIANG", "24", "24"),
    ("25", "Bac Giang", "24", "24"),
    ("25", _nfd("Bắc Giang"), "24", "24"),
    ("25", "Bắc Ninh (cũ)", "27", "24"),
    ("24", "Vĩnh Phúc", "26", "25"),
    ("24", "tinh vinh phuc", "26", "25"),
    ("20", "Hà Giang", "02", "08"),
    ("24", "Lạng Sơn (cũ)", "20", "20"),
    ("20", _nfd("Cao Bằng (cũ)"), "04", "04"),
])
def test_a_2025_report_naming_a_former_province_of_another_code_is_read_with_a_warning(
        tmp_path, code, name, former, now):
    """`Mã tỉnh | 25`, `Tên tỉnh | Bắc Giang`, 2025: Bắc Giang went into 24, not 25. Before,
    read as 25's without a flag."""
    result = _read_province(tmp_path, code, name)
    assert result.reject_reason is None
    assert result.identity.province_code == code
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"]) == (
        "UNPARSEABLE_VALUE", "warning", 5)
    assert f"is {former} on the map before 1 July 2025" in flag["message"]
    assert f"part of {now} on the map of 2025, not of {code}" in flag["message"]
    assert f"the file is read as {code}'s" in flag["message"]


def test_a_2025_code_with_a_former_provinces_name_in_one_cell_is_read_with_a_warning(tmp_path):
    """`Mã tỉnh | 25 - Bắc Giang`, as a template's drop-down list of last year writes it."""
    sheets = [thongtin(2025, level="Tỉnh", province="25 - Bắc Giang", province_name=None,
                       district=None), simple_sheet("B06_TongHop", HEADER, ROWS)]
    result = _read(tmp_path, sheets, "2025/tinh.xlsx")
    assert result.identity.province_code == "25"
    [flag] = _thongtin_flags(result)
    assert flag["severity"] == "warning" and "is 24 on the map before" in flag["message"]


@pytest.mark.parametrize("name", [
    "Huyện Bảo Lạc", "Bảo Lạc", "HUYỆN BẢO LẠC", "huyen bao lac", _nfd("Huyện Bảo Lạc"),
])
def test_a_district_named_as_another_provinces_district_is_read_with_a_warning(tmp_path, name):
    """Lộc Bình's code 188 beside `Huyện Bảo Lạc` (043, Cao Bằng): before, read as Lộc
    Bình's without a flag, the name being no district of Lạng Sơn."""
    result = _read(tmp_path, district_sheets(ThongTin=_district_thongtin(**{"Tên huyện": name})))
    assert (result.identity.province_code, result.identity.district_code) == ("20", "188")
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"]) == (
        "UNPARSEABLE_VALUE", "warning", 7)
    assert "is 043 (province 04) on the map of 2023, not 188" in flag["message"]


def test_a_district_code_with_another_provinces_district_in_one_cell_is_read_with_a_warning(
        tmp_path):
    result = _read(tmp_path, district_sheets(ThongTin=_district_thongtin(
        **{"Mã huyện": "188 - Huyện Bảo Lạc"})))
    assert result.identity.district_code == "188"
    [flag] = _thongtin_flags(result)
    assert flag["row_number"] == 6 and "is 043 (province 04)" in flag["message"]


@pytest.mark.parametrize(("code", "name", "year"), [
    # The 2025 province under its own name.
    ("24", "Bắc Ninh", 2025),
    ("24", "Tỉnh Bắc Ninh", 2025),
    ("25", "PHÚ THỌ", 2025),
    ("08", _nfd("Tuyên Quang"), 2025),
    ("20", "Lang Son", 2025),
    # A former province under the code it alone became.
    ("20", "Lạng Sơn (cũ)", 2025),
    ("20", "LẠNG SƠN CŨ", 2025),
    # A name no map has.
    ("20", "Lang Sonn", 2025),
    ("25", "Lang Sonn", 2025),
    ("46", "Thừa Thiên Huế", 2025),
    ("46", "Thừa Thiên Huế", 2024),
    # A former province's own old code in 2025: no province of the year's map.
    ("26", "Vĩnh Phúc", 2025),
    ("27", "Bắc Giang", 2025),
    # The old map, before the merger.
    ("24", "Bắc Giang", 2024),
    ("27", "Bắc Ninh", 2024),
    ("26", _nfd("Vĩnh Phúc"), 2024),
    ("02", "HÀ GIANG", 2023),
])
def test_provinces_named_as_on_the_years_map_are_read_as_before(tmp_path, code, name, year):
    result = _read_province(tmp_path, code, name, year)
    assert result.reject_reason is None
    assert result.identity.province_code == code
    assert not _thongtin_flags(result)
    assert {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]} == {
        "SO_XA": 50.0, "SO_XA_DAT_CHUAN": 45.0}


def test_a_2023_province_named_as_on_the_2025_map_is_checked_on_the_old_map(tmp_path):
    """`15 | Lào Cai` in 2023: 15 is Yên Bái on the old map, Lào Cai 10; as before."""
    result = _read_province(tmp_path, "15", "Lào Cai", 2023)
    assert result.identity.province_code == "15"
    [flag] = _thongtin_flags(result)
    assert "is 10 on the map of 2023" in flag["message"]


@pytest.mark.parametrize("name", [
    "Huyện Lộc Bình", "LỘC BÌNH", "loc binh", _nfd("Huyện Lộc Bình"), "UBND huyện Lộc Bình",
    "Huyện Lộc Bình (cũ)", "Huyện Lộc Bìnhh",
])
def test_districts_named_as_their_own_or_as_no_unit_are_read_as_before(tmp_path, name):
    result = _read(tmp_path, district_sheets(ThongTin=_district_thongtin(**{"Tên huyện": name})))
    assert (result.identity.province_code, result.identity.district_code) == ("20", "188")
    assert not _thongtin_flags(result)
