"""B04 and B05 rows as offices write them: the period an income's name gives, plans of the
whole period, blocks of several years or assessors stacked in one sheet, heading and
sub-criterion rows, and header words for the next year's target and B03's date and rating
(docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that what was not understood feeds nothing and says why.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, write

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/rows.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, code: str, sheet: str = "") -> list[dict]:
    return [f for f in result.flags
            if f["check_code"] == code and sheet in (f.get("sheet") or "")]


def _b04(header: list, body: list) -> OfficeSheet:
    return simple_sheet("B04_ChiTieu", header, body, "BIỂU 04: CHỈ TIÊU")


def _figures(result: FileResult) -> list[tuple]:
    return [(r["indicator_code"], r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]]


# --------------------------------------------------------------------------- B04 income period


@pytest.mark.parametrize(("name", "unit", "typed"), [
    ("Thu nhập bình quân đầu người/tháng", "nghìn đồng/người", 3800),
    ("Thu nhập bình quân đầu người/tháng", "Nghìn đồng", 3800),
    ("Thu nhập bình quân đầu người / tháng", "triệu đồng", 3.8),
    ("Thu nhập bình quân đầu người một tháng", "triệu đồng/người", 3.8),
    ("Thu nhập bình quân (tháng)", "Nghìn đồng", 3800),
    ("Thu nhập bình quân đầu người (triệu đồng/tháng)", "Triệu đồng", 3.8),
    ("Thu nhập bình quân đầu người hằng tháng", "nghìn đồng", 3800),
    (unicodedata.normalize("NFD", "Thu nhập bình quân đầu người/tháng"), "nghìn đồng", 3800),
    ("THU NHAP BINH QUAN DAU NGUOI/THANG", "NGHÌN ĐỒNG", 3800),
    ("Thu nhập bình quân đầu người/tháng", None, 3.8),
])
def test_b04_income_per_month_in_its_name_is_read_per_year(tmp_path, name, unit, typed):
    """A person reads ``Thu nhập bình quân đầu người/tháng | nghìn đồng/người | 3.800`` as
    3,8 million a month, 45,6 million a year: the unit cell gives the money, the name the
    period. Read per year, it was stored as 3,8 million a year, 12 times too low. With no
    unit at all, the template's money is per the period the name gives."""
    body = [["THU_NHAP_BQ", name, unit, typed, typed, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [
        ("THU_NHAP_BQ", pytest.approx(45.6), pytest.approx(45.6), None)]
    (converted,) = _flags(result, "UNIT_CONVERTED")
    assert "as its name says" in converted["message"]
    assert not [f for f in result.flags if f["severity"] == "error" and "B04" in f["sheet"]]


@pytest.mark.parametrize(("name", "unit", "typed", "read"), [
    ("Thu nhập bình quân đầu người/năm", "nghìn đồng/người", 45600, 45.6),
    ("Thu nhập bình quân đầu người năm 2023", "triệu đồng/người", 45.6, 45.6),
    ("Thu nhập bình quân đầu người", "nghìn đồng/tháng", 3800, 45.6),
    ("Thu nhập bình quân đầu người", "triệu đồng", 45.6, 45.6),
    ("Thu nhập bình quân đầu người (nghìn đồng/tháng)", None, 3800, 45.6),
    ("Thu nhập bình quân đầu người/tháng", "nghìn đồng/người/tháng", 3800, 45.6),
])
def test_b04_income_whose_name_gives_no_other_period_is_read_as_before(tmp_path, name, unit,
                                                                         typed, read):
    """A name per year, a year that dates the figure (``năm 2023``), a name with no period,
    or a name and unit giving the same period: read as before."""
    body = [["THU_NHAP_BQ", name, unit, typed, typed, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [
        ("THU_NHAP_BQ", pytest.approx(read), pytest.approx(read), None)]


@pytest.mark.parametrize(("name", "unit"), [
    ("Thu nhập bình quân đầu người/năm", "nghìn đồng/người/tháng"),
    ("Thu nhập bình quân đầu người/tháng", "triệu đồng/người/năm"),
    ("Thu nhập bình quân/tháng (triệu đồng/năm)", None),
])
def test_b04_income_whose_name_and_unit_give_two_periods_is_not_read(tmp_path, name, unit):
    """``Thu nhập bình quân đầu người/năm | nghìn đồng/người/tháng``: a month's or a year's
    income? A person cannot tell, so nothing is read: UNIT_CONFLICT error at the name."""
    body = [["THU_NHAP_BQ", name, unit, 4000, 4000, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [("THU_NHAP_BQ", None, None, None)]
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert (conflict["severity"], conflict["row_number"], conflict["column_name"]) == (
        "error", 4, "B (Chỉ tiêu)")
