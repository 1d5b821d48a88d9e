"""B02 laid out across (sources as columns) with a row per year and a grand-total column
between the rows' labels and the sources (docs/ingest.md, "What the intake understands").

Provinces and districts reporting on the 2021-2025 programme often lay B02 out as
``STT | Nội dung | Tổng cộng | Ngân sách trung ương | …`` with one row per year (``Năm
2021``, ``Năm 2022``, ``Năm 2023``) and a ``Tổng cộng`` row under them. A person reads the
total row as the three years' money, not 2023's. The rule for rows of years looked at the
last cell before the first source column: with a total column there (headed ``Tổng cộng``,
``Tổng``, ``Cộng``, ``Tổng nguồn vốn``, ``Tổng số (triệu đồng)``, not the template's
``Tổng số``), that cell is the row's total, not its label, so the years went unseen and the
three years' sum was stored as 2023's money with only info flags. The same column also made
a commune's total of 2000 read as the year 2000, and no source of the sheet was read. A label
column headed ``Năm`` alone was taken for the amount's column (a year's header) and hid the
years the same way.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, district_sheets
from tests.test_ingest_office import _read

SOURCES = ["Ngân sách trung ương", "Ngân sách địa phương", "Vốn tín dụng", "Cộng đồng dân cư"]
YEARS = {"Năm 2021": [500, 300, 100, 100], "Năm 2022": [500, 400, 100, 100],
         "Năm 2023": [1500, 900, 300, 300]}


def _sheet(labels: list, amounts: list[list], *, label_header: str = "Nội dung",
           total_header: str = "Tổng cộng", total_row: bool = True) -> OfficeSheet:
    """B02 across: ``STT | <label> | <total> | sources``, a row per label, then the total."""
    body = [[k, label, sum(row), *row]
            for k, (label, row) in enumerate(zip(labels, amounts, strict=True), 1)]
    if total_row:
        body.append([None, "Tổng cộng", *[sum(r[c] for r in body) for c in range(2, 7)]])
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                                        ["Đơn vị tính: triệu đồng"],
                                        ["STT", label_header, total_header, *SOURCES], *body])


def _funding(result) -> dict:
    return {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"] if r["source_code"] is not None}


def _b02_errors(result) -> list[dict]:
    return [f for f in result.flags
            if f["severity"] == "error" and f["sheet"] == "B02_NguonVon"]


NOT_READ = {"1": (None, True), "2": (None, True), "4": (None, True), "6": (None, True)}


@pytest.mark.parametrize("total_header", [
    "Tổng cộng", "TỔNG CỘNG", "Tong cong", "Tổng", "Cộng", "Tổng nguồn vốn",
    "Tổng cộng (triệu đồng)", "Tổng số (triệu đồng)", "Tổng nguồn lực huy động",
    unicodedata.normalize("NFD", "Tổng cộng")])
def test_rows_of_years_beside_a_total_column_read_no_source(tmp_path, total_header):
    """The three years' total was stored as 2023's money (source 1 = 2500, not 2023's 1500)
    with only info flags: now no source is read, an error at each amount naming the years."""
    result = _read(tmp_path, district_sheets(B02=_sheet(
        list(YEARS), list(YEARS.values()), total_header=total_header)))
    assert _funding(result) == NOT_READ
    errors = _b02_errors(result)
    assert {f["row_number"] for f in errors} == {7}
    assert all("other than the reporting year 2023" in f["message"] for f in errors)
    assert "row 4: 2021" in errors[0]["message"]


@pytest.mark.parametrize("labels", [
    [2021, 2022, 2023], ["2021", "2022", "2023"], ["NĂM 2021", "NĂM 2022", "NĂM 2023"],
    ["Nam 2021", "Nam 2022", "Nam 2023"],
    [unicodedata.normalize("NFD", y) for y in YEARS]])
@pytest.mark.parametrize("label_header", ["Nội dung", "Giai đoạn", "Năm", "NĂM"])
def test_years_written_and_headed_their_ways(tmp_path, labels, label_header):
    """Years typed as numbers, in capitals, without diacritics or NFD, under a label column
    headed ``Năm`` alone (once taken for the amount's column) or otherwise, without a total
    row (the columns' sums are the three years' too)."""
    for total_row in (True, False):
        result = _read(tmp_path / str(total_row), district_sheets(B02=_sheet(
            labels, list(YEARS.values()), label_header=label_header, total_row=total_row)))
        assert _funding(result) == NOT_READ, total_row
        assert any("other than the reporting year 2023" in f["message"]
                   for f in _b02_errors(result))


def test_communes_beside_a_total_column_are_read_from_the_total_row(tmp_path):
    """A commune's total of 2000 in the ``Tổng cộng`` column was read as the year 2000 and
    no source was read (an error per source): it is money, and the sources are read from
    the total row."""
    result = _read(tmp_path, district_sheets(B02=_sheet(
        ["Xã Mẫu Sơn", "Xã Yên Khoái"], [[500, 300, 100, 100], [1000, 600, 200, 200]],
        label_header="Tên xã")))
    assert _funding(result) == {"1": (1500.0, False), "2": (900.0, False),
                                "4": (300.0, False), "6": (300.0, False)}
    assert not _b02_errors(result)


@pytest.mark.parametrize("total_header", ["Tổng cộng", "Tổng số", "Tổng nguồn vốn"])
@pytest.mark.parametrize("labels", [["Giao thông", "Trường học"], ["Năm 2023"],
                                    ["Công trình năm 2022", "Nhà văn hóa 2021"]])
def test_works_or_the_year_alone_beside_a_total_column_are_read_as_before(
        tmp_path, total_header, labels):
    """Rows of works (also named with a year) or of the reporting year alone: read from the
    total row, as before."""
    amounts = [[1000, 500, 100, 150], [200, 300, 0, 200]][:len(labels)]
    result = _read(tmp_path, district_sheets(B02=_sheet(labels, amounts,
                                                        total_header=total_header)))
    sums = [sum(r[c] for r in amounts) for c in range(4)]
    assert _funding(result) == {code: (float(a), False)
                                for code, a in zip(("1", "2", "4", "6"), sums, strict=True)}
    assert not _b02_errors(result)


def test_rows_of_years_under_the_templates_total_column_as_before(tmp_path):
    """``Tổng số`` (the template's amount column) before the sources over rows of years was
    already refused: still so."""
    result = _read(tmp_path, district_sheets(B02=_sheet(
        list(YEARS), list(YEARS.values()), total_header="Tổng số")))
    assert _funding(result) == NOT_READ
