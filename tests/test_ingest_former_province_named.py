"""2025 reports naming a former province under the code of the province it merged into.

On 1 July 2025 provinces merged: Bắc Giang (24 on the old map) and Bắc Ninh (27) became the
Bắc Ninh of the 2025 map, under Bắc Giang's code 24; Hà Giang (02) went into Tuyên Quang (08),
Vĩnh Phúc (26) and Hòa Bình (17) into Phú Thọ (25). A report of 2025 whose ThongTin gives
`Mã tỉnh | 24` beside `Tên tỉnh | Bắc Giang` (or `Bắc Ninh (cũ)`) is, as a person reads it,
the former Bắc Giang's (the former Bắc Ninh's): last year's form filled in by a former
province's office, its figures that part's, not the 2025 province's whole.

Before, the name said nothing (no province of the 2025 map has it) and the file was read as
the 2025 Bắc Ninh's, its part's totals standing for the province's. Now it is refused, saying
why, as a 2025 report from a district is (`test_ingest_reform_year.py`): a former unit has no
place on the year's map, and its figures cannot be the whole new province's. A former province
that became a province of the new map alone (Lạng Sơn), the 2025 name (`Bắc Ninh`, `Tỉnh Bắc
Ninh`), and 2024 reports on the old map read as before. A former province's own old code
(`26 | Vĩnh Phúc`, `27 | Bắc Giang`) is no province of the 2025 map: it is read as before and
left to the checks downstream (UNKNOWN_UNIT), as any code the map does not have.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.test_ingest_unit_named_on_another_map import _nfd, _read_province


@pytest.mark.parametrize(("code", "name"), [
    ("24", "Bắc Giang"),
    ("24", "Tỉnh Bắc Giang"),
    ("24", "TỈNH BẮC GIANG"),
    ("24", "Bac Giang"),
    ("24", _nfd("Bắc Giang")),
    ("24", "24 - Bắc Giang"),
    ("24", "Bắc Ninh (cũ)"),
    ("24", "Tỉnh Bắc Ninh (cũ)"),
    ("24", _nfd("Bắc Ninh cũ")),
    ("24", "BẮC GIANG (CŨ)"),
    ("08", "Hà Giang"),
    ("25", "Vĩnh Phúc"),
    ("25", "Tỉnh Hòa Bình"),
])
def test_a_2025_report_of_a_former_province_under_the_merged_code_is_refused(
        tmp_path, code, name):
    """`Mã tỉnh | 24`, `Tên tỉnh | Bắc Giang`, 2025: the former Bắc Giang's part, not the
    2025 Bắc Ninh's whole. Before, read as 24's, without a flag."""
    result = _read_province(tmp_path, code, name)
    assert result.reject_reason is not None
    assert "former province" in result.reject_reason
    assert unicodedata.normalize("NFC", name) in result.reject_reason
    assert "b06_aggregates" not in result.tables


@pytest.mark.parametrize(("code", "name", "year"), [
    # The 2025 province under its new name.
    ("24", "Bắc Ninh", 2025),
    ("24", "Tỉnh Bắc Ninh", 2025),
    ("24", "BAC NINH", 2025),
    ("25", "Phú Thọ", 2025),
    ("08", _nfd("Tuyên Quang"), 2025),
    # A province that stayed whole, named as before (or as a former one).
    ("20", "Lạng Sơn", 2025),
    ("20", "Lạng Sơn (cũ)", 2025),
    # The old map, before the merger.
    ("24", "Bắc Giang", 2024),
    ("27", "Bắc Ninh", 2024),
    ("26", "Vĩnh Phúc", 2024),
    # A former province's own code: no unit of the 2025 map, left to the checks downstream.
    ("26", "Vĩnh Phúc", 2025),
    ("27", "Bắc Giang", 2025),
])
def test_reports_of_the_years_provinces_are_read_as_before(tmp_path, code, name, year):
    result = _read_province(tmp_path, code, name, year)
    assert result.reject_reason is None
    assert result.identity.province_code == code
    assert {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]} == {
        "SO_XA": 50.0, "SO_XA_DAT_CHUAN": 45.0}
