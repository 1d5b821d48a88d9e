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


# --------------------------------------------------------------------------- unit in a heading

_B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _b02(body: list[list], header: list | None = None) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"],
                                        header or _B02_HEADER, *body])


def _b02_read(tmp_path, body: list[list], header: list | None = None):
    result = _read(tmp_path, _province(B02=_b02(body, header)), "2023/b02_heading.xlsx")
    return [(r["row_number"], r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"] if r["source_code"]], result


_BUDGET = [["1", "Ngân sách trung ương", 1200], ["2", "Ngân sách địa phương", 800]]


@pytest.mark.parametrize("heading", [
    [None, "II. Đóng góp của cộng đồng (ĐVT: tỷ đồng)", None],
    ["II", "Đóng góp của cộng đồng (ĐVT: tỷ đồng)", None],
    ["II.", _nfd("ĐÓNG GÓP CỦA CỘNG ĐỒNG (ĐVT: TỶ ĐỒNG)"), None],
    [None, "- Cộng đồng dân cư (tỷ đồng)", None],
    [None, "Đóng góp của cộng đồng (don vi tinh: ty dong)", None]])
def test_b02_unit_in_a_heading_between_the_rows_keeps_its_rows_out(tmp_path, heading):
    """A B02 headed in million VND with a heading between the rows declaring billions
    (`II. Đóng góp của cộng đồng (ĐVT: tỷ đồng)`) over cash 0,2 and land 0,1: a person reads
    those rows in billions, but how far the heading's section runs the sheet does not say.
    Before, 0.2 and 0.1 million were stored without a word. Now their money is not read,
    with a UNIT_CONFLICT error naming the heading's cell; the rows above it are read."""
    body = [*_BUDGET, heading, ["6.1", "Tiền mặt", 0.2], ["6.2", "Hiến đất", 0.1]]
    read, result = _b02_read(tmp_path, body)
    assert read == [(3, "1", 1200), (4, "2", 800), (6, "6.1", None), (7, "6.2", None)]
    (error,) = [f for f in _flags_of(result, "UNIT_CONFLICT")]
    assert error["row_number"] == 5 and error["severity"] == "error"
    assert "rows 6-7" in error["message"] and "tỷ đồng" in error["message"]


def _flags_of(result, code: str) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == code and f["sheet"] == "B02_NguonVon"]


def test_b02_unit_in_a_heading_runs_to_the_next_heading_declaring_one(tmp_path):
    """Sections each declaring their unit: `I. Vốn ngân sách (ĐVT: triệu đồng)` (the
    header's) is read, `II. … (ĐVT: tỷ đồng)` is not, `III. Phần còn lại (ĐVT: triệu đồng)` is
    read again."""
    body = [[None, "I. Vốn ngân sách (ĐVT: triệu đồng)", None], *_BUDGET,
            [None, "II. Cộng đồng (ĐVT: tỷ đồng)", None], ["6.1", "Tiền mặt", 0.2],
            [None, "III. Phần còn lại (ĐVT: triệu đồng)", None], ["7", "Vốn khác", 30]]
    read, result = _b02_read(tmp_path, body)
    assert read == [(4, "1", 1200), (5, "2", 800), (7, "6.1", None), (9, "7", 30)]
    (error,) = _flags_of(result, "UNIT_CONFLICT")
    assert error["row_number"] == 6 and "row 7 under it" in error["message"]


def test_b02_a_sources_row_with_its_unit_heads_its_parts_only(tmp_path):
    """`6 | Cộng đồng dân cư (tỷ đồng)` without an amount over its parts 6.1 and 6.2, then
    source 7: the parts' money is not read, source 7's is (30 million), as before."""
    body = [*_BUDGET, ["6", "Cộng đồng dân cư (tỷ đồng)", None], ["6.1", "Tiền mặt", 0.2],
            ["6.2", "Hiến đất", 0.1], ["7", "Vốn khác", 30]]
    read, _ = _b02_read(tmp_path, body)
    assert read == [(3, "1", 1200), (4, "2", 800), (5, "6", None), (6, "6.1", None),
                    (7, "6.2", None), (8, "7", 30)]


def test_b02_unit_unknown_in_a_heading_keeps_its_rows_out(tmp_path):
    """A heading declaring a money unit that is not known (`Vốn ODA (USD)`) over a row: its
    money is not read, with a UNIT_UNKNOWN error."""
    body = [*_BUDGET, [None, "Vốn ODA (USD)", None], ["7", "Vốn ODA", 50000]]
    read, result = _b02_read(tmp_path, body)
    assert read == [(3, "1", 1200), (4, "2", 800), (6, "7", None)]
    (error,) = _flags_of(result, "UNIT_UNKNOWN")
    assert error["row_number"] == 5 and error["severity"] == "error"


@pytest.mark.parametrize("heading", [
    [None, "II. Đóng góp của cộng đồng (ĐVT: triệu đồng)", None],
    [None, "II. Đóng góp của cộng đồng", None],
    [None, "- Hiến đất (m2)", None]])
def test_b02_heading_in_the_headers_unit_or_none_is_read_as_before(tmp_path, heading):
    """A heading declaring the header's unit, or none (`II. Đóng góp của cộng đồng`, `-
    Hiến đất (m2)`): the rows under it are read in million VND, as before, with no error."""
    body = [*_BUDGET, heading, ["6.1", "Tiền mặt", 200], ["6.2", "Hiến đất", 100]]
    read, result = _b02_read(tmp_path, body)
    assert read == [(3, "1", 1200), (4, "2", 800), (6, "6.1", 200), (7, "6.2", 100)]
    assert not _flags_of(result, "UNIT_CONFLICT") and not _flags_of(result, "UNIT_UNKNOWN")


def test_b02_a_row_with_its_amount_and_its_unit_is_read_as_before(tmp_path):
    """A source row giving its amount with its unit in its name (`4 | Vốn tín dụng (tỷ
    đồng) | 1,5`): the row's own unit is read (1500 million, with the UNIT_CONFLICT error
    it always had), and the row under it is read in the header's unit."""
    body = [*_BUDGET, ["4", "Vốn tín dụng (tỷ đồng)", 1.5], ["5", "Doanh nghiệp", 300]]
    read, result = _b02_read(tmp_path, body)
    assert read == [(3, "1", 1200), (4, "2", 800), (5, "4", 1500), (6, "5", 300)]
    (error,) = _flags_of(result, "UNIT_CONFLICT")
    assert error["row_number"] == 5 and "the row's own unit is used" in error["message"]


def test_b02_across_with_a_unit_in_a_heading_is_not_read(tmp_path):
    """A B02 with the sources as columns, in million VND, whose works are stacked under
    `B. Công trình do dân đóng góp (ĐVT: tỷ đồng)`: the sources add up every row, so which
    unit their amounts are in cannot be told; the sheet is not read, with the error naming
    the heading. Before, the billions were added to the millions."""
    header = ["STT", "Công trình", "Tổng số", "Ngân sách trung ương", "Cộng đồng dân cư"]
    rows = [["BIỂU 02"], ["ĐVT: triệu đồng"], header,
            ["1", "Đường giao thông thôn Nà Pàn", 1500, 1200, 300],
            ["B", "Công trình do dân đóng góp (ĐVT: tỷ đồng)", None, None, None],
            ["2", "Nhà văn hóa thôn Khuổi Mỏ", 0.5, 0, 0.5]]
    result = _read(tmp_path, _province(B02=OfficeSheet("B02_NguonVon", rows)),
                   "2023/b02_across_heading.xlsx")
    assert not [r for r in result.tables.get("b02_funding", []) if r["amount_million_vnd"]]
    (error,) = _flags_of(result, "UNIT_CONFLICT")
    assert error["row_number"] == 5 and error["column_name"] == "B"
