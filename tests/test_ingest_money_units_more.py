"""A province's sheets by district whose names column is headed `Đơn vị`, and B02 money
units declared in a section heading between the data rows (docs/ingest.md, "What the intake
understands")."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, b02_sheet, simple_sheet, thongtin
from tests.test_ingest_office import _read

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _province(**over: OfficeSheet) -> list[OfficeSheet]:
    """A province's workbook (ThongTin, B06, B02, B04) of Lạng Sơn; any sheet replaced by
    keyword."""
    sheets = {
        "ThongTin": thongtin(2023, level="Tỉnh", district=None),
        "B06": simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                            [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]),
        "B02": b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]),
        "B04": simple_sheet("B04_ChiTieu", B04_HEADER,
                            [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12, 10]]),
    }
    sheets.update(over)
    return list(sheets.values())


def _amounts(result) -> dict[str, float | None]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}


def _errors(result, sheet: str) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error" and f["sheet"] == sheet]


# --------------------------------------------------------------------------- Đơn vị: the names

_DISTRICTS = [["1", "Huyện Lộc Bình", 300, 100, 100, 50, 50],
              ["2", "Huyện Cao Lộc", 600, 200, 200, 100, 100],
              ["3", "TP. Lạng Sơn", 1100, 400, 500, 100, 100]]
_SOURCES = ["Tổng số", "Ngân sách trung ương", "Ngân sách địa phương", "Vốn tín dụng",
            "Cộng đồng dân cư"]


def _b02_by_district(label: str, total: list) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"],
                                        ["ĐVT: triệu đồng"], ["STT", label, *_SOURCES],
                                        *_DISTRICTS, total])


@pytest.mark.parametrize("label", ["Đơn vị", "ĐƠN VỊ", _nfd("Đơn vị"), "Don vi",
                                   "Đơn vị (huyện/thị xã)", "Đơn vị hành chính", "Địa phương"])
@pytest.mark.parametrize("total", ["Tổng cộng", "Toàn tỉnh", "Cộng toàn tỉnh"])
def test_b02_by_district_under_don_vi_the_total_row_is_the_provinces(tmp_path, label, total):
    """A province's B02 with the sources across, a row per district under a column headed
    `Đơn vị` and the province's total row (`Tổng cộng`) giving more than the districts'
    sum (money spent at province level): a person reads `Đơn vị` over district names as
    the names of the units, and the total row as the province's: central budget 1000, which
    the districts' 700 do not add up to. Before, `Đơn vị` was taken for the unit column of
    the template's `Đơn vị tính`, the total row was not seen, and the districts' sums (700,
    800) were stored without a word. Now the total row is read, and a source whose rows do
    not add up to it is not read, with the error the sheet gives for that."""
    sheet = _b02_by_district(label, [None, total, 2500, 1000, 1000, 250, 250])
    result = _read(tmp_path, _province(B02=sheet), "2023/b02_don_vi.xlsx")
    assert _amounts(result) == {"1": None, "2": None, "4": 250, "6": 250}
    errors = _errors(result, "B02_NguonVon")
    assert {e["column_name"] for e in errors} == {"D (Ngân sách trung ương)",
                                             "E (Ngân sách địa phương)"}
    assert all("add up to" in e["message"] and e["row_number"] == 7 for e in errors)
    assert [(t["row_number"], t["value"]) for t in result.tables["sheet_totals"]
            if t["sheet"] == "B02_NguonVon"] == [(7, 2500)]


def test_b02_by_district_under_don_vi_with_a_total_that_agrees(tmp_path):
    """The same sheet whose total row is the districts' sum: a person reads 700 million of
    the central budget from the total row, with no error."""
    sheet = _b02_by_district("Đơn vị", [None, "Tổng cộng", 2000, 700, 800, 250, 250])
    result = _read(tmp_path, _province(B02=sheet), "2023/b02_don_vi.xlsx")
    assert _amounts(result) == {"1": 700, "2": 800, "4": 250, "6": 250}
    assert not _errors(result, "B02_NguonVon")
    assert {r["row_number"] for r in result.tables["b02_funding"]} == {7}


def test_b02_don_vi_holding_measure_units_stays_the_unit_column(tmp_path):
    """A B02 with the sources as rows and a column `Đơn vị` holding units of measure
    (`ngày công`, `m2`) beside `Khối lượng`: a person reads it as the quantities' unit, as
    before."""
    header = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Khối lượng", "Đơn vị"]
    rows = [["BIỂU 02"], header, ["1", "Ngân sách trung ương", 1200, None, None],
            ["6.2", "Hiến đất", 100, 5000, "m2"],
            ["6.3", "Ngày công lao động", 50, 300, "ngày công"]]
    result = _read(tmp_path, _province(B02=OfficeSheet("B02_NguonVon", rows)),
                   "2023/b02_units.xlsx")
    assert [(r["source_code"], r["amount_million_vnd"], r["quantity"], r["quantity_unit"])
            for r in result.tables["b02_funding"]] == [
        ("1", 1200, None, None), ("6.2", 100, 5000, "m2"), ("6.3", 50, 300, "ngày công")]
    assert not _errors(result, "B02_NguonVon")


@pytest.mark.parametrize("label", ["Đơn vị", "Đơn vị (huyện/thị xã)", _nfd("ĐƠN VỊ")])
@pytest.mark.parametrize("own", ["Tổng cộng", "Toàn tỉnh", "Cộng toàn tỉnh"])
def test_b04_by_district_under_don_vi_beside_don_vi_tinh(tmp_path, label, own):
    """A province's B04 with a column `Đơn vị` naming each row's district before the
    template's `Đơn vị tính`: a person reads `Đơn vị` as the places and `Đơn vị tính` as the
    unit, and the province's figure from its own row (4.8 %). Before, the figure was right
    but `Đơn vị tính` was said to repeat the unit column, with an error, and the unit of
    measure was not read."""
    header = [label, *B04_HEADER]
    body = [["Huyện Lộc Bình", "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 10, 9.5, 8],
            ["Huyện Cao Lộc", "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 6.5, 6.1, 5],
            [own, "TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, _province(B04=simple_sheet("B04_ChiTieu", header, body)),
                   "2023/b04_don_vi.xlsx")
    assert [(r["indicator_code"], r["actual"], r["unit_of_measure"])
            for r in result.tables["b04_targets"]] == [("TY_LE_HO_NGHEO", 4.8, "%")]
    assert not _errors(result, "B04_ChiTieu")


def test_b06_by_district_under_don_vi(tmp_path):
    """A province's B06 with a column `Đơn vị` naming each block's district once and the
    province's block under `Cộng toàn tỉnh`: a person reads 200 communes, as before."""
    body = [["Huyện Lộc Bình", "SO_XA", "Số xã", 20],
            [None, "SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 15],
            ["Huyện Cao Lộc", "SO_XA", "Số xã", 25],
            ["Cộng toàn tỉnh", "SO_XA", "Số xã", 200],
            [None, "SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
    sheet = simple_sheet("B06_TongHop", ["Đơn vị", "Mã chỉ số", "Chỉ số", "Giá trị"], body)
    result = _read(tmp_path, _province(B06=sheet), "2023/b06_don_vi.xlsx")
    assert {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]} == {
        "SO_XA": 200, "SO_XA_DAT_CHUAN": 120}
    assert not _errors(result, "B06_TongHop")


def test_b04_don_vi_holding_units_stays_the_unit_column(tmp_path):
    """A B04 whose `Đơn vị` column holds the indicators' units (`xã`, `%`): read as the unit
    of measure, as before."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12, 10],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, _province(B04=simple_sheet("B04_ChiTieu", header, body)),
                   "2023/b04_units.xlsx")
    assert [(r["indicator_code"], r["actual"], r["unit_of_measure"])
            for r in result.tables["b04_targets"]] == [("XA_DAT_CHUAN_MOI", 12, "xã"),
                                                        ("TY_LE_HO_NGHEO", 4.8, "%")]
