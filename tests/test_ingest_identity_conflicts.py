"""Whose report a file is when ThongTin and the sheets under it disagree: a ThongTin copied
from another unit's or another year's file, a commune's report on a province's or district's
form, and a file filed under another year's folder than its own (docs/ingest.md).

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be told is kept out with a flag naming its cells.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import district_sheets, thongtin
from tests.test_ingest_office import _read


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ------------------------------------------------------------ a commune's report


@pytest.mark.parametrize("rows", [
    [["Mã xã", "06541"], ["Tên xã", "Xã Mẫu Sơn"]],
    [["Tên xã", "Xã Mẫu Sơn"]],
    [["MÃ XÃ", "06541"]],
    [["Ma so xa", 6541]],
    [[_nfd("Mã xã"), "06541"]],
    [["Đơn vị báo cáo", "UBND xã Mẫu Sơn"]],
    [["Don vi bao cao", "Ủy ban nhân dân xã Mẫu Sơn"]],
    [["Tên đơn vị", "Xã Mẫu Sơn, huyện Lộc Bình"]],
])
@pytest.mark.parametrize("level", ["Tỉnh", "Huyện"])
def test_a_thongtin_naming_a_commune_as_the_reporter_rejects_the_file(tmp_path, rows, level):
    """A commune's office filling in the form of the level it reports to: `Cấp báo cáo:
    Tỉnh` (or `Huyện`) beside `Mã xã: 06541`, `Tên xã: Xã Mẫu Sơn` or `Đơn vị báo cáo: UBND
    xã Mẫu Sơn`. Whose report it is cannot be told: refused naming both cells. Before, it
    was read as the province's (or district's) report, the commune's keys unknown keys."""
    info = thongtin(2023, level=level, district=None if level == "Tỉnh" else "188")
    info.rows[5:5] = [list(r) for r in rows]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert result.reject_reason.startswith(
        f"ThongTin row 3 (B3): 'Cấp báo cáo' is '{level}', but row 6 (B6) names the commune ")
    assert "a commune's report" in result.reject_reason


def test_a_province_report_naming_a_district_as_the_reporter_is_rejected(tmp_path):
    """`Cấp báo cáo: Tỉnh` beside `Đơn vị báo cáo: UBND huyện Lộc Bình`: a district's office
    writing the level it reports to, refused as `Mã huyện` beside `Tỉnh` is."""
    info = thongtin(2023, level="Tỉnh", district=None)
    info.rows.append(["Đơn vị báo cáo", "UBND huyện Lộc Bình"])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert "names the district 'UBND huyện Lộc Bình' under 'Đơn vị báo cáo'" in (
        result.reject_reason)


@pytest.mark.parametrize(("level", "rows"), [
    ("Tỉnh", [["Mã xã", None], ["Tên xã", "-"]]),
    ("Tỉnh", [["Đơn vị báo cáo", "UBND tỉnh Lạng Sơn"]]),
    ("Huyện", [["Đơn vị báo cáo", "UBND huyện Lộc Bình"]]),
    ("Huyện", [["Đơn vị nhận báo cáo", "UBND tỉnh Lạng Sơn"]]),
    ("Huyện", [["Tên đơn vị", "Thị xã Kỳ Anh"]]),
])
def test_a_thongtin_naming_its_own_unit_or_no_commune_is_read_as_before(tmp_path, level, rows):
    """Commune rows left blank or dashed, the reporting unit named as the unit itself, the
    unit the report goes to: the province's or district's report, as before."""
    info = thongtin(2023, level=level, district=None if level == "Tỉnh" else "188")
    info.rows[5:5] = [list(r) for r in rows]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert result.identity.unit_code == ("20" if level == "Tỉnh" else "188")
