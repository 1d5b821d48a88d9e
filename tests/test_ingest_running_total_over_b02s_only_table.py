"""B02's only table under a heading of a running total (docs/ingest.md, "What the intake
understands").

Some offices send B02 with a single table whose rows sit under an uncoded heading such as
``LŨY KẾ TỪ NĂM 2021 ĐẾN NAY`` or ``II. Lũy kế giai đoạn 2021-2023``, right under the header,
nothing above it: the money mobilized since the programme began, not the reporting year's.
A person reads a running total over several years. B02's amounts are the year's by
definition (a B02 amount column headed ``Lũy kế`` is not read either), yet these rows were
stored as the year's money (source 1 = 3601.5 in 2023) with no flag, as the rule for a
running total under the year's rows looks only below rows already read. B06's counts are
stocks, read under ``Lũy kế đến năm 2023`` over its only table as before; B04 and a B02
headed by the reporting year alone (``Năm 2023``) or since the year began (``Lũy kế từ đầu
năm``) are read as before too. Each test builds its own workbook (``tests/office.py``).
"""

from __future__ import annotations

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_sections_of_another_list import _errors, _kept, _nfd, _read

# --------------------------------------------------------------------------- B02

SOURCES = [("1", "Ngân sách trung ương", 3601.5), ("2", "Ngân sách địa phương", 2400),
           ("6", "Cộng đồng dân cư", 1050), ("6.1", "Tiền mặt", 600), ("6.2", "Hiến đất", 300),
           ("6.3", "Ngày công lao động", 150)]
AMOUNTS = {code: float(amount) for code, _, amount in SOURCES}


def _b02(heading: str, where: str = "B") -> list[OfficeSheet]:
    line = [None, heading, None] if where == "B" else [heading, None, None]
    return district_sheets(B02=OfficeSheet("B02_NguonVon", [
        ["BIỂU 02"], ["ĐVT: triệu đồng"], ["Mã nguồn", "Nguồn vốn", "Giá trị"], line,
        *[[code, name, amount] for code, name, amount in SOURCES]]))


def _funding(result: FileResult) -> dict[str | None, float | None]:
    """The amounts stored per source (a row without code or amount left out)."""
    return {r["source_code"]: r["amount_million_vnd"]
            for r in result.tables.get("b02_funding", [])
            if r["source_code"] is not None or r["amount_million_vnd"] is not None}


@pytest.mark.parametrize("heading", [
    "LŨY KẾ TỪ NĂM 2021 ĐẾN NAY", "II. Lũy kế giai đoạn 2021-2023", "Lũy kế đến năm 2023",
    "Lũy kế từ đầu Chương trình đến nay", "Lũy kế 3 năm (2021-2023)",
    "LUY KE TU NAM 2021 DEN NAY", "luy ke giai doan 2021-2023",
    _nfd("Lũy kế từ đầu Chương trình đến nay"), _nfd("LŨY KẾ TỪ NĂM 2021 ĐẾN NAY")])
@pytest.mark.parametrize("where", ["A", "B"])
def test_b02s_only_table_under_a_running_total_is_not_the_years_money(tmp_path, heading,
                                                                      where):
    """The six sources (3601.5, 2400, 1050 …) right under the header, headed by a running
    total: the money of several years. Before, stored as 2023's with no flag. Now none is
    read: the rows are notes, with an UNPARSEABLE_VALUE error at the heading (row 4)."""
    result = _read(tmp_path, _b02(heading, where))
    assert _funding(result) == {}
    (error,) = [e for e in _errors(result, "B02") if e["row_number"] == 4]
    assert error["check_code"] == "UNPARSEABLE_VALUE"
    assert "running total" in error["message"] and "rows 5-10" in error["message"]
    assert {(5, "3601.5"), (10, "150")} <= _kept(result)


@pytest.mark.parametrize("heading", [
    "Năm 2023", "NAM 2023", "Kết quả huy động năm 2023", _nfd("Kết quả huy động năm 2023"),
    "Lũy kế từ đầu năm", "LUY KE TU DAU NAM", _nfd("Lũy kế từ đầu năm 2023")])
def test_b02s_only_table_under_the_years_heading_is_read_as_before(tmp_path, heading):
    """Headed by the reporting year alone, or since the year began: the year's money, read
    as before, no error."""
    result = _read(tmp_path, _b02(heading))
    assert _funding(result) == AMOUNTS
    assert not _errors(result, "B02")


def _b02_numbered_over_the_header(heading: str) -> list[OfficeSheet]:
    return district_sheets(B02=OfficeSheet("B02_NguonVon", [
        ["BIỂU 02"], ["ĐVT: triệu đồng"], [heading], ["Mã nguồn", "Nguồn vốn", "Giá trị"],
        *[[code, name, amount] for code, name, amount in SOURCES]]))


@pytest.mark.parametrize("heading", [
    "II. Lũy kế giai đoạn 2021-2023", "I. LUY KE TU DAU CHUONG TRINH DEN NAY",
    _nfd("II. Lũy kế giai đoạn 2021-2023")])
def test_b02s_only_table_under_a_numbered_running_total_over_the_header(tmp_path, heading):
    """The same heading numbered, on the line over the header (as ``I. NĂM 2022`` heads the
    first rows): before, the sources were the year's with no flag; now notes, with the
    error at the heading (row 3)."""
    result = _read(tmp_path, _b02_numbered_over_the_header(heading))
    assert _funding(result) == {}
    (error,) = [e for e in _errors(result, "B02") if e["row_number"] == 3]
    assert "running total" in error["message"] and "rows 5-10" in error["message"]


@pytest.mark.parametrize("heading", ["I. Năm 2023", "I. Lũy kế từ đầu năm 2023"])
def test_b02s_only_table_under_the_years_numbered_heading_is_read_as_before(tmp_path, heading):
    """Numbered over the header, the year alone or since the year began: read as before."""
    result = _read(tmp_path, _b02_numbered_over_the_header(heading))
    assert _funding(result) == AMOUNTS
    assert not _errors(result, "B02")


def test_b02_with_the_year_beside_a_running_total_as_columns_is_read_as_before(tmp_path):
    """``Năm 2023 | Lũy kế 2021-2023`` as columns: the year's column is read, as before."""
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", [
        ["BIỂU 02"], ["ĐVT: triệu đồng"], ["Mã nguồn", "Nguồn vốn", "Năm 2023", "Lũy kế 2021-2023"],
        *[[code, name, amount, amount * 3] for code, name, amount in SOURCES]])))
    assert _funding(result) == AMOUNTS
    assert not _errors(result, "B02")


# --------------------------------------------------------------------------- B04, B06

B04_ROWS = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
B06_ROWS = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 2],
            ["TONG_VON", "Tổng vốn huy động", 500]]


@pytest.mark.parametrize("heading", ["LŨY KẾ TỪ NĂM 2021 ĐẾN NAY", "Lũy kế đến năm 2023",
                                     _nfd("II. Lũy kế giai đoạn 2021-2023")])
def test_b04s_and_b06s_only_table_under_a_running_total_is_read_as_before(tmp_path, heading):
    """B04's and B06's only table under the same headings: read as before (B06's counts are
    the stocks to the year's end), no error."""
    result = _read(tmp_path, district_sheets(B04=OfficeSheet("B04_ChiTieu", [
        ["BIỂU 04: CHỈ TIÊU"], [], ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                     "Thực hiện"], [None, heading], *B04_ROWS])))
    assert {r["indicator_code"]: r["actual"] for r in result.tables["b04_targets"]
            if r["indicator_code"]} == {"XA_DAT_CHUAN_MOI": 12.0, "TY_LE_HO_NGHEO": 4.8}
    assert not _errors(result, "B04")
    result = _read(tmp_path, [thongtin(2023, level="Tỉnh", district=None), OfficeSheet(
        "B06_TongHop", [["BIỂU 06: TỔNG HỢP NĂM 2023"], ["Mã chỉ số", "Chỉ số", "Giá trị"],
                        [None, heading], *B06_ROWS])], "2023/province.xlsx")
    assert {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]
            if r["indicator_code"]} == {"SO_XA": 3.0, "SO_XA_DAT_CHUAN": 2.0, "TONG_VON": 500.0}
    assert not _errors(result, "B06")
