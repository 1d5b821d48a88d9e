"""The year's rows given again under a heading of a running total (docs/ingest.md, "What the
intake understands").

Offices list B02's sources for the year, then, under an uncoded heading such as ``LŨY KẾ TỪ
NĂM 2021 ĐẾN NAY`` or ``II. Lũy kế giai đoạn 2021-2023``, the same sources again with the
money mobilized since the programme began; provinces do the same with B04's and B06's
indicators. A person reads the first block as the year's and the second as the cumulative
figures. Read as one list, both blocks were stored with no flag: downstream each source was
then given twice with different amounts, counted in neither, and the year's money was lost.
Only a heading naming the period by its years (``Giai đoạn 2021-2023``) was caught. Each test
builds its own workbook (``tests/office.py``).
"""

from __future__ import annotations

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_sections_of_another_list import _errors, _kept, _nfd, _read

# --------------------------------------------------------------------------- B02

B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị"]
SOURCES = [("1", "Ngân sách trung ương", 1200.5), ("2", "Ngân sách địa phương", 800),
           ("6", "Cộng đồng dân cư", 350), ("6.1", "Tiền mặt", 200), ("6.2", "Hiến đất", 100),
           ("6.3", "Ngày công lao động", 50)]
THE_YEARS = {code: float(amount) for code, _, amount in SOURCES}


def _sources(times: int = 1) -> list[list]:
    return [[code, name, amount * times] for code, name, amount in SOURCES]


def _b02(rows: list[list]) -> list[OfficeSheet]:
    return district_sheets(B02=OfficeSheet(
        "B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], B02_HEADER, *rows]))


def _funding(result: FileResult) -> dict[str | None, float | None]:
    rows = result.tables["b02_funding"]
    assert len({r["source_code"] for r in rows}) == len(rows)  # no source twice
    return {r["source_code"]: r["amount_million_vnd"] for r in rows}


@pytest.mark.parametrize("heading", [
    "LŨY KẾ TỪ NĂM 2021 ĐẾN NAY", "II. Lũy kế giai đoạn 2021-2023", "Lũy kế đến năm 2023",
    "Lũy kế từ đầu Chương trình đến nay", "Lũy kế 3 năm (2021-2023)", "Lũy kế",
    "LUY KE TU DAU CHUONG TRINH DEN NAY", _nfd("Lũy kế đến năm 2023"), "Tích lũy đến nay"])
@pytest.mark.parametrize("where", ["A", "B"])
def test_b02_the_years_sources_given_again_under_a_running_total(tmp_path, heading, where):
    """The six sources (1200.5, 800, 350 …), then an uncoded heading of a running total over
    the same six with three times the money: a person reads the first six. Before, all
    twelve were stored with no flag. The rows under the heading are kept as notes with an
    error at the heading, as under ``Giai đoạn 2021-2023``."""
    line = [None, heading, None] if where == "B" else [heading, None, None]
    result = _read(tmp_path, _b02([*_sources(), line, *_sources(3)]))
    assert _funding(result) == THE_YEARS
    (error,) = _errors(result, "B02")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 10)
    assert "running total" in error["message"] and "rows 11-16" in error["message"]
    assert (11, "3601.5") in _kept(result)


def test_b02_the_period_heading_caught_before_is_read_as_before(tmp_path):
    """``Giai đoạn 2021-2023`` over the sources again: the period's rule, as before."""
    result = _read(tmp_path, _b02([*_sources(), [None, "Giai đoạn 2021-2023"], *_sources(3)]))
    assert _funding(result) == THE_YEARS
    (error,) = _errors(result, "B02")
    assert "several years" in error["message"]


def test_b02_running_total_beside_the_years_column_is_read_as_before(tmp_path):
    """``Năm 2023 | Lũy kế 2021-2023`` as columns: the year's column is read, the running
    total set aside with an info, as before."""
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", [
        ["BIỂU 02"], ["ĐVT: triệu đồng"], ["Mã nguồn", "Nguồn vốn", "Năm 2023", "Lũy kế 2021-2023"],
        *[[*row, row[2] * 3] for row in _sources()]])))
    assert _funding(result) == THE_YEARS
    assert not _errors(result, "B02")


def test_b02_sections_of_the_year_and_the_running_total_are_read_as_before(tmp_path):
    """``I. Năm 2023`` then ``II. Lũy kế giai đoạn 2021-2023``: the sections' rule reads the
    year's section and keeps the other as notes with an info, as before."""
    result = _read(tmp_path, _b02([[None, "I. Năm 2023"], *_sources(),
                                   ["II", "Lũy kế giai đoạn 2021-2023"], *_sources(3)]))
    assert _funding(result) == THE_YEARS
    assert not _errors(result, "B02")
    assert [f["row_number"] for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"
            and "kept as notes" in f["message"]] == [11]


# --------------------------------------------------------------------------- B04

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
B04_YEAR = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
B04_RUNNING = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 30, 41],
               ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]


def _b04(rows: list[list]) -> list[OfficeSheet]:
    return district_sheets(B04=OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], [],
                                                           B04_HEADER, *rows]))


def _results(result: FileResult) -> dict[str | None, float | None]:
    return {r["indicator_code"]: r["actual"] for r in result.tables["b04_targets"]}


@pytest.mark.parametrize("heading", [
    "LŨY KẾ TỪ NĂM 2021 ĐẾN NAY", "II. Lũy kế giai đoạn 2021-2023", _nfd("Lũy kế"),
    "luy ke 3 nam (2021-2023)"])
def test_b04_the_years_indicators_given_again_under_a_running_total(tmp_path, heading):
    """12 communes NTM in the year, then under a running total 41 since 2021: before, both
    were stored as the year's new communes. The year's are read; the others kept as notes,
    with an error at the heading."""
    result = _read(tmp_path, _b04([*B04_YEAR, [None, heading], *B04_RUNNING]))
    assert _results(result) == {"XA_DAT_CHUAN_MOI": 12.0, "TY_LE_HO_NGHEO": 4.8}
    (error,) = _errors(result, "B04")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 6)
    assert (7, "41") in _kept(result)


@pytest.mark.parametrize("name", [
    "Số sản phẩm OCOP lũy kế", "Tổng vốn huy động lũy kế", "Lũy kế số xã đạt chuẩn NTM"])
def test_b04_a_row_named_as_a_running_total_is_no_heading(tmp_path, name):
    """A row of its own named as a running total, its figures left blank, over other
    indicators: no heading of the rows below, which are read as before."""
    result = _read(tmp_path, _b04([B04_YEAR[0], [None, name, None, None, None],
                                   ["THU_NHAP_BQ", "Thu nhập bình quân", "triệu đồng", 50, 48],
                                   B04_YEAR[1]]))
    results = _results(result)
    assert (results["XA_DAT_CHUAN_MOI"], results["THU_NHAP_BQ"],
            results["TY_LE_HO_NGHEO"]) == (12.0, 48.0, 4.8)
    assert not [e for e in _errors(result, "B04") if "heads the figures" in e["message"]]


# --------------------------------------------------------------------------- B06

B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
B06_YEAR = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 2],
            ["TONG_VON", "Tổng vốn huy động", 500]]


def _b06(rows: list[list]) -> list[OfficeSheet]:
    return [thongtin(2023, level="Tỉnh", district=None),
            OfficeSheet("B06_TongHop", [["BIỂU 06: TỔNG HỢP NĂM 2023"], B06_HEADER, *rows])]


def _aggregates(result: FileResult) -> dict[str | None, float | None]:
    return {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}


@pytest.mark.parametrize("heading", [
    "LŨY KẾ TỪ NĂM 2021 ĐẾN NAY", "Lũy kế đến năm 2023", _nfd("II. Lũy kế giai đoạn 2021-2023")])
def test_b06_the_years_indicators_given_again_under_a_running_total(tmp_path, heading):
    """SO_XA 3, SO_XA_DAT_CHUAN 2, TONG_VON 500, then under a running total the same with
    TONG_VON 1500: before, both stored. The year's are read (the communes the same in
    both), the running total kept as notes with an error at the heading."""
    running = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 2],
               ["TONG_VON", "Tổng vốn huy động", 1500]]
    result = _read(tmp_path, _b06([*B06_YEAR, [None, heading], *running]), "2023/province.xlsx")
    assert _aggregates(result) == {"SO_XA": 3.0, "SO_XA_DAT_CHUAN": 2.0, "TONG_VON": 500.0}
    (error,) = _errors(result, "B06")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 6)
    assert (9, "1500") in _kept(result)


def test_b06_a_count_at_the_years_end_given_twice_is_read_from_neither(tmp_path):
    """SO_XA_DAT_CHUAN 2 in the year's block, 12 under ``Lũy kế đến năm 2023``: the year's
    may be the communes added (as with ``Năm 2023 | Lũy kế`` side by side), the running
    total's the count at the year's end; neither is read, with an error at the year's row.
    TONG_VON, the year's alone, is the year's block's."""
    running = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 12],
               ["TONG_VON", "Tổng vốn huy động", 1500]]
    result = _read(tmp_path, _b06([*B06_YEAR, [None, "Lũy kế đến năm 2023"], *running]),
                   "2023/province.xlsx")
    assert _aggregates(result) == {"SO_XA": 3.0, "TONG_VON": 500.0}
    assert sorted(e["row_number"] for e in _errors(result, "B06")) == [4, 6]
    assert {(4, "2"), (8, "12")} <= _kept(result)


@pytest.mark.parametrize("heading", ["Lũy kế đến năm 2023", "LŨY KẾ ĐẾN NAY"])
def test_b06_a_running_total_over_the_sheets_only_rows_is_read_as_before(tmp_path, heading):
    """The heading over the sheet's only rows (the stocks to the year's end), or under the
    year's rows over other indicators: read as before, no error."""
    result = _read(tmp_path, _b06([[None, heading], *B06_YEAR]), "2023/province.xlsx")
    assert {k: v for k, v in _aggregates(result).items() if k} == {
        "SO_XA": 3.0, "SO_XA_DAT_CHUAN": 2.0, "TONG_VON": 500.0}
    assert not _errors(result, "B06")
    result = _read(tmp_path, _b06([*B06_YEAR, [None, heading],
                                   ["SO_XA_NANG_CAO", "Số xã NTM nâng cao", 1]]),
                   "2023/province.xlsx")
    assert {k: v for k, v in _aggregates(result).items() if k} == {
        "SO_XA": 3.0, "SO_XA_DAT_CHUAN": 2.0, "TONG_VON": 500.0, "SO_XA_NANG_CAO": 1.0}
    assert not _errors(result, "B06")


# --------------------------------------------------------------------------- B02 parts and groups


@pytest.mark.parametrize("first", ["Trong đó: ngân sách tỉnh", "TRONG DO: NGAN SACH TINH",
                                   _nfd("Trong đó: ngân sách tỉnh")])
def test_b02_parts_listed_after_trong_do_are_parts_of_the_source(tmp_path, first):
    """``2 | Ngân sách địa phương | 1000``, then ``Trong đó: ngân sách tỉnh 600``, ``ngân sách
    huyện 300``, ``ngân sách xã 100`` with no code: a person reads three parts of source 2.
    Before, the first was a part (a warning) and the other two errors saying the unit's
    total was not known. Now each a part, with a warning; source 2's 1000 counted once."""
    result = _read(tmp_path, _b02([["1", "Ngân sách trung ương", 1200.5],
                                   ["2", "Ngân sách địa phương", 1000], [None, first, 600],
                                   [None, "ngân sách huyện", 300], [None, "ngân sách xã", 100],
                                   ["6", "Cộng đồng dân cư", 350]]))
    assert not _errors(result, "B02")
    assert [f["row_number"] for f in result.flags
            if "listed as a part of source 2" in f["message"]] == [6, 7, 8]


def test_b02_rows_after_trong_do_beyond_the_sources_money_are_not_parts(tmp_path):
    """The same, the third part taking the parts beyond source 2's money (600 + 300 + 500):
    no part of it a person can be sure of, an error at that row as before; the second,
    within the money, is a part (before, an error too)."""
    result = _read(tmp_path, _b02([["2", "Ngân sách địa phương", 1000],
                                   [None, "Trong đó: ngân sách tỉnh", 600],
                                   [None, "ngân sách huyện", 300], [None, "ngân sách xã", 500]]))
    assert [e["row_number"] for e in _errors(result, "B02")] == [7]


@pytest.mark.parametrize("key", ["I", "A"])
def test_b02_a_group_numbered_as_a_section_over_its_sources(tmp_path, key):
    """``I | Vốn ngân sách nhà nước | 2000.5`` over 1 (1200.5) and 2 (800): a group, its money
    its sources'. Before, also an error at the code cell ('I' is no source code) with the
    amounts right; now an info. Over sources that do not add up to it (3000), an error
    saying so (before: its sources 'not listed under it', though they are)."""
    rows = [[key, "Vốn ngân sách nhà nước", 2000.5], *_sources()]
    result = _read(tmp_path, _b02(rows))
    assert _funding(result) == {None: 2000.5, **THE_YEARS}
    assert not _errors(result, "B02")
    result = _read(tmp_path, _b02([[key, "Vốn ngân sách nhà nước", 3000], *_sources()]))
    assert any("not the sum of the sources listed under it" in e["message"]
               for e in _errors(result, "B02"))
