"""A province's B02, B04 and B06 rows as provinces lay them out: figures given both as a
running total and as the year's, a row per district beside the province's own, district
blocks under their headings, the province's own row named by the province (docs/ingest.md,
"What the intake understands")."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, b02_sheet, simple_sheet, thongtin
from tests.test_ingest_office import _flags, _read

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]


def _b06(header: list, body: list[list]) -> OfficeSheet:
    return OfficeSheet("B06_TongHop", [["BIỂU 06: TỔNG HỢP KẾT QUẢ XÂY DỰNG NTM TỈNH LẠNG SƠN"],
                                       [], header, *body])


def _province(year: int = 2023, **over: OfficeSheet) -> list[OfficeSheet]:
    """A province's workbook (ThongTin, B06, B02, B04) of Lạng Sơn; any sheet replaced by
    keyword."""
    sheets = {
        "ThongTin": thongtin(year, level="Tỉnh", district=None),
        "B06": _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                    [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 120]]),
        "B02": b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]),
        "B04": simple_sheet("B04_ChiTieu", B04_HEADER,
                            [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12, 10],
                             ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]),
    }
    sheets.update(over)
    return list(sheets.values())


def _b06_values(result) -> dict[str, float | None]:
    return {r["indicator_code"]: r["value"] for r in result.tables.get("b06_aggregates", [])}


def _errors(result, code: str, sheet: str) -> list[dict]:
    return [f for f in _flags(result, code) if f["severity"] == "error" and f["sheet"] == sheet]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- B06 running totals

# Stocks at the year's end in the running total, what the year added in the year's column.
_STOCKS_AND_FLOWS = [["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 120, 12],
                     ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn NTM", 2, 1],
                     ["OCOP_4_SAO", "Số sản phẩm OCOP 4 sao", 30, 8],
                     ["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", 12, 12]]


@pytest.mark.parametrize("running, yearly", [
    ("Lũy kế", "Năm 2023"), ("Lũy kế từ đầu giai đoạn", "Năm 2023"),
    ("Giai đoạn 2021-2023", "Năm 2023"), ("Lũy kế", "Thực hiện năm 2023"),
    ("Lũy kế", "Kết quả năm 2023"), ("Lũy kế đến 31/12/2022", "Năm 2023"),
    ("Đến 31/12/2022", "Năm 2023"), (_nfd("LŨY KẾ"), _nfd("NĂM 2023")),
    ("Luy ke", "Nam 2023")])
@pytest.mark.parametrize("reversed_", [False, True])
def test_b06_year_beside_a_running_total_is_not_read(tmp_path, running, yearly, reversed_):
    """B06 giving each indicator twice, `Lũy kế | Năm 2023`: a person reads the communes NTM
    at the year's end (120) from the running total and the year's new ones from the year's
    column, but which column holds the stocks cannot be told for sure (`Lũy kế` may stop at
    the year before, `Giai đoạn` count from 2021 only). Before, the year's column was read
    for every row: 120 communes NTM stored as the 12 added, with only an info. Now the sheet
    is not read, with an error naming both columns."""
    header = ["Mã chỉ số", "Chỉ số", running, yearly]
    body = [list(r) for r in _STOCKS_AND_FLOWS]
    if reversed_:
        header[2:] = header[:1:-1]
        body = [[*r[:2], r[3], r[2]] for r in body]
    result = _read(tmp_path, _province(B06=_b06(header, body)), "2023/b06_total.xlsx")
    assert _b06_values(result) == {}
    (error,) = _errors(result, "SHEET_LAYOUT", "B06_TongHop")
    assert "running total" in error["message"]


@pytest.mark.parametrize("running, other, expected", [
    ("Lũy kế đến nay", "Riêng năm 2023", 120), ("Lũy kế đến 31/12/2023", "Trong năm", 120),
    ("Đến 31/12/2023", "Tăng trong năm", 120),
    ("Lũy kế đến hết năm 2023", "Phát sinh trong năm", 120),
    ("Năm 2022", "Năm 2023", 12), ("Kế hoạch giai đoạn 2021-2025", "Năm 2023", 12)])
def test_b06_running_total_to_the_years_end_is_still_read(tmp_path, running, other, expected):
    """A running total to the year's end beside the year's part (`Lũy kế đến nay | Riêng năm
    2023`, `Đến 31/12/2023 | Tăng trong năm`): a person reads the stocks from the total, as
    before (the year's own rows under a running total are not read, as before). Last year's
    column or the period's plan beside the year's is no running total: the year's column is
    read, as before."""
    header = ["Mã chỉ số", "Chỉ số", running, other]
    result = _read(tmp_path, _province(B06=_b06(header, _STOCKS_AND_FLOWS)),
                   "2023/b06_total.xlsx")
    assert _b06_values(result)["SO_XA_DAT_CHUAN"] == expected
    assert not _errors(result, "SHEET_LAYOUT", "B06_TongHop")


# --------------------------------------------------------------------------- rows per place


def _b04(header: list, body: list[list]) -> OfficeSheet:
    return OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], [], header, *body])


def _b04_values(result) -> list[tuple]:
    return [(r["indicator_code"], r["actual"]) for r in result.tables.get("b04_targets", [])]


@pytest.mark.parametrize("place", ["Địa phương", "Huyện, thành phố", "Tên đơn vị",
                                   _nfd("ĐỊA PHƯƠNG"), "Dia phuong", "Đơn vị"])
def test_b04_rows_per_district_beside_the_provinces_own_read_the_own(tmp_path, place):
    """A province's B04 with a column naming each row's place (`Lộc Bình`, `Cao Lộc`, `Toàn
    tỉnh`): a person reads the province's figures from the `Toàn tỉnh` rows (12 communes,
    4.8 %). Before, `Toàn tỉnh` was taken for the sheet's total and the districts' rows
    were stored as the province's (2 communes; the poor-household share twice, 9.5 and
    6.1); under `Đơn vị` every row was read. Now the districts' rows are notes, with an
    info."""
    header = [place, *B04_HEADER]
    body = [["Lộc Bình", "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 10, 9.5, 8],
            ["Lộc Bình", "XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 1],
            ["Huyện Cao Lộc", "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 6.5, 6.1, 5],
            ["Toàn tỉnh", "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["Toàn tỉnh", "XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12, 10]]
    result = _read(tmp_path, _province(B04=_b04(header, body)), "2023/b04_places.xlsx")
    assert _b04_values(result) == [("TY_LE_HO_NGHEO", 4.8), ("XA_DAT_CHUAN_MOI", 12)]
    assert any("names each row's place" in f["message"]
               for f in _flags(result, "UNKNOWN_COLUMN"))


@pytest.mark.parametrize("own", ["Toàn tỉnh", "Tỉnh Lạng Sơn", "TỔNG CỘNG"])
def test_b06_rows_per_district_labelled_once_per_block(tmp_path, own):
    """A province's B06 with a column `Huyện` naming each block's place once (`Lộc Bình` on
    its first row, blanks under it), the province's block last: a person reads 120
    communes NTM from the province's block. Before, the districts' 15 was stored."""
    body = [["Lộc Bình", "SO_XA", "Số xã", 20], [None, "SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 15],
            ["Cao Lộc", "SO_XA", "Số xã", 25],
            [own, "SO_XA", "Số xã", 200], [None, "SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
    result = _read(tmp_path, _province(B06=_b06(["Huyện", "Mã chỉ số", "Chỉ số", "Giá trị"],
                                                body)), "2023/b06_places.xlsx")
    assert _b06_values(result) == {"SO_XA": 200, "SO_XA_DAT_CHUAN": 120}


@pytest.mark.parametrize("body", [
    [["Lộc Bình", "SO_XA", "Số xã", 20], ["Cao Lộc", "SO_XA", "Số xã", 25]],
    [[None, "SO_XA", "Số xã", 200], ["Lộc Bình", "SO_XA", "Số xã", 20]],
    [["Lạng Sơn", "SO_XA", "Số xã", 200], ["Lộc Bình", "SO_XA", "Số xã", 20]]])
def test_b06_rows_per_district_without_the_provinces_own_is_not_read(tmp_path, body):
    """A B06 whose place column names districts only, or leaves a row's place untold (a
    blank before any place, or `Lạng Sơn`, the province's name and its city's): a person
    cannot find the province's own figures. Before, the districts' rows were stored as the
    province's. Now the sheet is refused, naming the column."""
    result = _read(tmp_path, _province(B06=_b06(["Địa phương", "Mã chỉ số", "Chỉ số",
                                                  "Giá trị"], body)), "2023/b06_places.xlsx")
    assert _b06_values(result) == {}
    (error,) = _errors(result, "SHEET_LAYOUT", "B06_TongHop")
    assert "column A (Địa phương) names a place" in error["message"]


def test_b06_unit_of_measure_column_is_still_read(tmp_path):
    """A B06 with the template's `Đơn vị` column holding units (`xã`, `huyện`, `%`): read as
    the unit of measure, every row the province's, as before."""
    body = [["SO_XA", "Số xã", "xã", 200], ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", "huyện", 2],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", "xã", 120]]
    result = _read(tmp_path, _province(B06=_b06(["Mã chỉ số", "Chỉ số", "Đơn vị", "Giá trị"],
                                                body)), "2023/b06_units.xlsx")
    assert _b06_values(result) == {"SO_XA": 200, "SO_HUYEN_DAT_CHUAN": 2, "SO_XA_DAT_CHUAN": 120}
    assert not _errors(result, "SHEET_LAYOUT", "B06_TongHop")


# --------------------------------------------------------------------------- district headings


@pytest.mark.parametrize("first, second", [
    ("1. Lộc Bình", "2. Cao Lộc"), ("H. Lộc Bình", "UBND huyện Cao Lộc"),
    ("I. LỘC BÌNH", "II. " + _nfd("Cao Lộc")), ("Huyện Lộc Bình", "TP. Lạng Sơn")])
def test_b06_district_blocks_under_headings_without_the_word_huyen(tmp_path, first, second):
    """A province's B06 with a block per district under a heading naming it without the
    word huyện (`1. Lộc Bình`, `H. Lộc Bình`, `UBND huyện Cao Lộc`), then the province's
    block under `Tổng toàn tỉnh`: a person reads 200 communes. Before, the headings were not
    seen as districts' and every block was stored as the province's."""
    body = [[None, first, None], ["SO_XA", "Số xã", 20], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 15],
            [None, second, None], ["SO_XA", "Số xã", 25],
            [None, "Tổng toàn tỉnh", None], ["SO_XA", "Số xã", 200],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
    result = _read(tmp_path, _province(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)),
                   "2023/b06_blocks.xlsx")
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]
            if r["indicator_code"]] == [("SO_XA", 200), ("SO_XA_DAT_CHUAN", 120)]


def test_b06_headings_naming_no_district_are_left_as_before(tmp_path):
    """Headings naming no place of the province (`1. Chỉ số chung`, `2. Kết quả khác`) over
    the indicators: every row is the province's, as before."""
    body = [[None, "1. Chỉ số chung", None], ["SO_XA", "Số xã", 200],
            [None, "2. Kết quả khác", None], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
    result = _read(tmp_path, _province(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)),
                   "2023/b06_blocks.xlsx")
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]
            if r["indicator_code"]] == [("SO_XA", 200), ("SO_XA_DAT_CHUAN", 120)]
    assert not any("under '1. Chỉ số chung'" in f["message"] for f in result.flags)


# --------------------------------------------------------------------------- B02 own row

_ACROSS = ["STT", "Tên đơn vị", "Tổng số", "Ngân sách trung ương", "Ngân sách địa phương",
           "Vốn tín dụng", "Cộng đồng dân cư"]
_DISTRICTS = [[1, "Huyện Lộc Bình", 300, 100, 100, 50, 50],
              [2, "Huyện Cao Lộc", 600, 200, 200, 100, 100],
              [3, "TP. Lạng Sơn", 1100, 400, 500, 100, 100]]


def _b02_across(own: list) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"],
                                        ["ĐVT: triệu đồng"], _ACROSS, own, *_DISTRICTS])


def _amounts(result) -> dict[str, float]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}


@pytest.mark.parametrize("label", ["Tỉnh Lạng Sơn", "TỈNH LẠNG SƠN", _nfd("Tỉnh Lạng Sơn"),
                                   "Lạng Sơn", "Tinh Lang Son", "Toàn tỉnh"])
@pytest.mark.parametrize("stt", [None, "A"])
def test_b02_across_the_provinces_row_named_by_the_province_is_its_total(tmp_path, label, stt):
    """A province's B02 with the sources as columns and a row per district under the
    province's own row labelled with its name (`Tỉnh Lạng Sơn`, or `Lạng Sơn` with the
    districts' sums): a person reads 700 million of the central budget. Before, the row was
    one more place, and every source was counted twice (1400)."""
    sheet = _b02_across([stt, label, 2000, 700, 800, 250, 250])
    result = _read(tmp_path, _province(B02=sheet), "2023/b02_across.xlsx")
    assert _amounts(result) == {"1": 700, "2": 800, "4": 250, "6": 250}


def test_b02_across_a_row_named_as_the_city_is_a_place(tmp_path):
    """`Lạng Sơn` whose figures are not the other rows' sums is the city of that name, one
    place among the districts: the sources are the rows' sums, as before."""
    rows = [*_DISTRICTS[:2], [3, "Lạng Sơn", 1100, 400, 500, 100, 100]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], _ACROSS, *rows])
    result = _read(tmp_path, _province(B02=sheet), "2023/b02_across.xlsx")
    assert _amounts(result) == {"1": 700, "2": 800, "4": 250, "6": 250}
