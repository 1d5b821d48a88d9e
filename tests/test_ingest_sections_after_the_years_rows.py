"""Blocks pasted under the year's rows with no heading of the year's own above them: a B01's
communes, then last year's list or the plan under `NĂM 2022`, `Cùng kỳ năm 2022`, `Danh
sách xã đăng ký đạt chuẩn năm 2024` (docs/ingest.md, "What the intake understands").

A person reads the year's rows, the reporting unit's, alone. Each test builds its own
workbook (``tests/office.py``) and checks that the rows under such a heading feed nothing and
a flag at the heading says why, and that headings grouping the year's rows read as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import COMMUNES, OfficeSheet, b01_two_row_header, district_sheets, write


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/after.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, sheet: str, severity: str | None = None) -> list[dict]:
    return [f for f in result.flags if (f.get("sheet") or "").startswith(sheet)
            and (severity is None or f["severity"] == severity)]


def _notes(result: FileResult, sheet: str) -> set[int]:
    """The rows whose cells are kept as notes (raw.unmapped_cells)."""
    return {c["row_number"] for c in result.tables["unmapped_cells"]
            if c["sheet"].startswith(sheet) and c["row_kind"] == "note"}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- B01

# Two communes of Lộc Bình not in the year's list, and the year's three with last year's
# marks (two criteria fewer) and status years.
OTHER_COMMUNES = [("06535", "Xã Tú Mịch", 10, None, None), ("06538", "Xã Lợi Bác", 9, None, None)]
LAST_YEARS = [(code, name, met - 2, ntm, advanced) for code, name, met, ntm, advanced in COMMUNES]


def _b01_then(heading: str, communes: list[tuple]) -> OfficeSheet:
    """The office's B01 (``b01_two_row_header``: the year's three communes under no heading,
    rows 7-9), then a heading row (10) in the name's column over ``communes`` (from row 11),
    then the sheet's total."""
    sheet = b01_two_row_header()
    total = sheet.find("Tổng cộng")[0]
    block: list[list] = [[None, None, heading]]
    for k, (code, name, met, ntm, advanced) in enumerate(communes, 1):
        marks = ["x" if c < met else None for c in range(19)]
        block.append([k, code, name, 4000 + k, *marks, met, ntm, advanced, None, None])
    sheet.rows[total:total] = block
    return sheet


def _communes(result: FileResult) -> list[tuple[int, str, int]]:
    return [(r["row_number"], r["commune_code"], r["reported_count"])
            for r in result.tables["b01_communes"]]


YEARS_COMMUNES = [(7, "06532", 19), (8, "06541", 15), (9, "06544", 12)]


@pytest.mark.parametrize("heading", [
    "NĂM 2022", "Cùng kỳ năm 2022", "II. Năm 2022", _nfd("Kết quả năm 2022"), "nam 2022",
    "Số liệu cùng kỳ năm trước"])
@pytest.mark.parametrize("communes", [OTHER_COMMUNES, LAST_YEARS], ids=["other", "same"])
def test_b01_the_years_communes_then_a_heading_of_another_year_are_not_the_years(
        tmp_path, heading, communes):
    """The year's communes under no heading, then `NĂM 2022` over last year's list (other
    communes, or the same with last year's marks): a person reads the three communes of
    2023. Before, the rows under the heading were stored as the year's communes too (a
    commune added, or each commune twice). They are notes, with an error at the heading,
    as in B02-B06."""
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, communes)))
    assert _communes(result) == YEARS_COMMUNES
    (error,) = _flags(result, "B01", "error")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 10)
    assert error["raw_value"] == unicodedata.normalize("NFC", heading)
    assert "not of the reporting year 2023" in error["message"]
    assert set(range(11, 11 + len(communes))) <= _notes(result, "B01")


@pytest.mark.parametrize("heading", [
    "KẾ HOẠCH NĂM 2024", "Danh sách xã đăng ký đạt chuẩn năm 2024",
    "DANH SACH CAC XA PHAN DAU DAT CHUAN NTM NANG CAO NAM 2024",
    _nfd("Kế hoạch xã đạt chuẩn nông thôn mới năm 2024")])
def test_b01_the_plans_list_under_the_years_communes_is_not_the_years(tmp_path, heading):
    """The year's communes, then a list of those registered to reach the standard next
    year (`Danh sách xã đăng ký đạt chuẩn năm 2024`, the same communes again): a person
    reads the year's three. Before, a list so headed was stored as the year's communes
    (each twice), and one headed `KẾ HOẠCH NĂM 2024` was kept out with an info only. Both
    are kept as notes with an error at the heading naming the plan, as in B02-B06."""
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, LAST_YEARS)))
    assert _communes(result) == YEARS_COMMUNES
    (error,) = _flags(result, "B01", "error")
    assert error["row_number"] == 10 and "heads the figures of a plan" in error["message"]
    assert not _flags(result, "B01", "info")
    assert {11, 12, 13} <= _notes(result, "B01")


def test_b01_whose_every_commune_is_under_the_plans_heading_is_not_read(tmp_path):
    """`KẾ HOẠCH NĂM 2024` over every commune of a 2023 B01: nothing of the year's. Not
    read, as before (now with the error at the heading of the other sheets)."""
    sheet = b01_two_row_header()
    sheet.rows.insert(sheet.find("06532")[0], [None, None, "KẾ HOẠCH NĂM 2024"])
    result = _read(tmp_path, district_sheets(B01=sheet))
    assert not result.tables.get("b01_communes")
    assert [f["row_number"] for f in _flags(result, "B01", "error")] == [7]


@pytest.mark.parametrize("heading", [
    "Các xã đạt chuẩn NTM", "Xã chưa đạt chuẩn", "Nhóm 1", "Huyện Lộc Bình (cũ)",
    "Xã được công nhận năm 2020", "Xã đăng ký đạt chuẩn NTM năm 2024", "Năm 2019"])
def test_b01_groups_of_the_years_communes_under_the_first_are_read_as_before(tmp_path,
                                                                            heading):
    """Neighbour: a heading under the first communes that groups the year's communes (`Các
    xã đạt chuẩn NTM`, `Nhóm 1`, a former district, those recognised in a year, `Năm 2019`
    over communes each recognised in 2019) heads communes of the year: all five are read,
    as before, and no heading is said to head another year."""
    group = [(code, name, met, 2019, None) for code, name, met, _, _ in OTHER_COMMUNES]
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, group)))
    assert [c[1] for c in _communes(result)] == ["06532", "06541", "06544", "06535", "06538"]
    assert not [f for f in _flags(result, "B01") if "heads the figures" in f["message"]]


def test_b01_part_of_the_year_under_the_years_communes_is_read_as_before(tmp_path):
    """Neighbour: `6 tháng đầu năm 2023` under the year's communes was already kept as
    notes with an info (the older B01 rule); it stays so, with no second flag."""
    result = _read(tmp_path, district_sheets(B01=_b01_then("6 tháng đầu năm 2023",
                                                           LAST_YEARS)))
    assert _communes(result) == YEARS_COMMUNES
    (flag,) = [f for f in _flags(result, "B01") if f["row_number"] == 10]
    assert (flag["severity"], flag["check_code"]) == ("info", "UNKNOWN_COLUMN")
