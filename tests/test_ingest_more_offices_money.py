"""More money, targets and aggregates as offices send them: B02's community contributions
and units, B04 and B06 rows named or counted their own way, and CSV folders, compared with
what a person reads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.ingest.reader import read_submission
from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_office import _b04, _b06, _flags, _read, _status

# --------------------------------------------------------------------------- CSV folders


def _csv_folder(root: Path, sheets: list[OfficeSheet], delimiter: str) -> Path:
    """The sheets as a program other than Excel saves them: one CSV per sheet, each row only
    as long as its cells (title lines carry no separators)."""
    folder = root / "raw" / "2023" / "csv_office"
    folder.mkdir(parents=True)
    for sheet in sheets:
        with (folder / f"{sheet.name}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            for row in sheet.rows:
                writer.writerow(["" if c is None else
                                 c.strftime("%d/%m/%Y") if hasattr(c, "strftime") else c
                                 for c in row])
    return folder


def _b02_csv(amounts: list[str]) -> OfficeSheet:
    names = [("1", "Ngân sách trung ương"), ("2", "Ngân sách địa phương"),
             ("5", "Doanh nghiệp, hợp tác xã"), ("6.1", "Tiền mặt")]
    return OfficeSheet("B02_NguonVon", [
        ["UBND HUYỆN LỘC BÌNH"], ["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], [],
        ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
        *[[code, name, amount] for (code, name), amount in zip(names, amounts, strict=True)]])


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_folder_with_title_lines_without_separators_is_read(tmp_path, delimiter):
    """Semicolon CSV (Excel set to Vietnamese) whose title lines carry no separators: the
    separator was guessed as a comma, every row was one cell, and no sheet of the
    submission was read (ThongTin's keys read with their values in one cell)."""
    sheets = district_sheets(B02=_b02_csv(["1.200,5", "800", "150,25", "200"]))
    folder = _csv_folder(tmp_path, sheets, delimiter)
    got = read_submission(folder, "2023/csv_office", "sha-csv")
    assert got.reject_reason is None
    assert (got.identity.province_name, got.identity.district_name) == (
        "Lạng Sơn", "Huyện Lộc Bình")
    assert {s["sheet_code"]: s["status"] for s in got.tables["sheets"]} == {
        code: "read" for code in ("B01", "B02", "B03", "B04", "B05")}
    assert [(r["source_code"], r["amount_million_vnd"]) for r in got.tables["b02_funding"]] == [
        ("1", 1200.5), ("2", 800.0), ("5", 150.25), ("6.1", 200.0)]
    assert [c["commune_code"] for c in got.tables["b01_communes"]] == [
        "06532", "06541", "06544"]


def test_a_comma_csv_with_commas_inside_quoted_cells_is_read_as_before(tmp_path):
    sheets = district_sheets(B02=_b02_csv(["1200.5", "800", "150.25", "200"]))
    folder = _csv_folder(tmp_path, sheets, ",")
    got = read_submission(folder, "2023/csv_office", "sha-csv")
    assert [(r["source_code"], r["amount_million_vnd"]) for r in got.tables["b02_funding"]] == [
        ("1", 1200.5), ("2", 800.0), ("5", 150.25), ("6.1", 200.0)]
    assert _status(got, "B04")["status"] == "read"


# --------------------------------------------------------------------------- B02 units


def _b02(header: list, rows: list[list], above: list[list] | None = None) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [*(above or [["BIỂU 02"]]), header, *rows])


_SOURCES = [["1", "Ngân sách trung ương", 1_200_500], ["2", "Ngân sách địa phương", 800_000]]


@pytest.mark.parametrize("unit", ["Giá trị (x1000đ)", "Giá trị (x 1.000 đồng)",
                                  "Giá trị (×1000 VNĐ)"])
def test_b02_money_headed_as_multiplied_by_a_thousand_dong_is_in_thousand_dong(tmp_path,
                                                                                unit):
    """`Giá trị (x1000đ)`: the figures times a thousand đồng. No unit was read, and 1,200,500
    thousand đồng (1.2 billion) was stored as 1,200,500 million VND, with a UNIT_ASSUMED
    warning only."""
    got = _read(tmp_path, district_sheets(B02=_b02(["Mã nguồn", "Nguồn vốn", unit], _SOURCES)))
    assert [(r["amount_million_vnd"], r["value_unit"]) for r in got.tables["b02_funding"]] == [
        (pytest.approx(1200.5), "nghìn đồng"), (pytest.approx(800.0), "nghìn đồng")]
    assert not [f for f in got.flags if f["sheet"] == "B02_NguonVon"]


def test_b02_a_line_above_saying_x1000d_is_the_tables_unit(tmp_path):
    sheet = _b02(["Mã nguồn", "Nguồn vốn", "Giá trị"], _SOURCES,
                 [["BIỂU 02"], ["Đơn vị tính: x1000đ"]])
    got = _read(tmp_path, district_sheets(B02=sheet))
    assert [r["amount_million_vnd"] for r in got.tables["b02_funding"]] == [
        pytest.approx(1200.5), pytest.approx(800.0)]


def test_b02_amount_headed_thanh_tien_beside_quantity_and_unit_price_is_read(tmp_path):
    """Community contributions costed as quantity x unit price = amount (`Số lượng | Đơn vị |
    Đơn giá | Thành tiền`): `Thành tiền` was no column of B02, and the sheet was not read.
    The amount is read; the land and labour quantities are the rows' quantities."""
    header = ["Mã nguồn", "Nguồn vốn", "Số lượng", "Đơn vị", "Đơn giá (đồng)",
              "Thành tiền (triệu đồng)"]
    rows = [["1", "Ngân sách trung ương", None, None, None, 1200],
            ["2", "Ngân sách địa phương", None, None, None, 800],
            ["6", "Cộng đồng dân cư", None, None, None, 350],
            ["6.1", "Tiền mặt", None, None, None, 50],
            ["6.2", "Hiến đất", 2500, "m2", 40_000, 100],
            ["6.3", "Ngày công lao động", 1000, "ngày công", 200_000, 200]]
    got = _read(tmp_path, district_sheets(B02=_b02(header, rows)))
    assert [(r["source_code"], r["amount_million_vnd"], r["quantity"], r["quantity_unit"])
            for r in got.tables["b02_funding"]] == [
        ("1", 1200.0, None, None), ("2", 800.0, None, None), ("6", 350.0, None, None),
        ("6.1", 50.0, None, None), ("6.2", 100.0, 2500.0, "m2"),
        ("6.3", 200.0, 1000.0, "ngày công")]
    (price,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["sheet"] == "B02_NguonVon"]
    assert price["column_name"].startswith("E")


# --------------------------------------------------------------------------- changes


_H04 = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]


@pytest.mark.parametrize("code,name", [
    ("TY_LE_HO_NGHEO", "Giảm tỷ lệ hộ nghèo"), ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo giảm"),
    ("TY_LE_HO_NGHEO", "Mức giảm tỷ lệ hộ nghèo"), (None, "Tỷ lệ hộ nghèo (giảm)"),
    ("THU_NHAP_BQ", "Mức tăng thu nhập bình quân đầu người"),
    ("TY_LE_BHYT", "Tỷ lệ tham gia BHYT tăng so với năm trước")])
def test_b04_a_level_named_as_its_change_is_not_read_as_the_level(tmp_path, code, name):
    """`TY_LE_HO_NGHEO | Giảm tỷ lệ hộ nghèo | % | 1,5 | 1,2`: the points the share of poor
    households fell by, stored as the share (1.2 % poor), without a flag."""
    body = [[code, name, "%", 1.5, 1.2, 1.0],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 1, 2]]
    got = _read(tmp_path, district_sheets(B04=_b04(_H04, body)))
    rows = {r["row_number"]: (r["target"], r["actual"], r["next_year_target"])
            for r in got.tables["b04_targets"]}
    assert rows == {3: (None, None, None), 4: (1.0, 1.0, 2.0)}
    errors = [f for f in _flags(got, "UNPARSEABLE_VALUE") if f["severity"] == "error"]
    assert [(f["row_number"], f["raw_value"]) for f in errors] == [(3, name)]


@pytest.mark.parametrize("code,name,unit,actual", [
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo giảm còn", "%", 4.8),
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo giảm xuống còn", "%", 4.8),
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo (giảm 1,5%/năm)", "%", 4.8),
    ("THU_NHAP_BQ", "Thu nhập bình quân đầu người tăng lên đạt", "triệu đồng/người/năm", 48.5),
    ("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM tăng thêm", "xã", 2),
    ("TY_LE_NUOC_SACH", "Tỷ lệ hộ sử dụng nước sạch (hạ tầng cấp nước tập trung)", "%", 60)])
def test_b04_a_level_reached_or_the_years_added_items_are_read_as_before(tmp_path, code,
                                                                        name, unit, actual):
    got = _read(tmp_path, district_sheets(B04=_b04(_H04, [[code, name, unit, 3, actual, 4]])))
    (row,) = got.tables["b04_targets"]
    assert (row["indicator_code"], row["actual"]) == (code, actual)
    assert not [f for f in got.flags if f["sheet"] == "B04_ChiTieu"]


def test_b06_a_stock_named_as_its_increase_is_not_read(tmp_path):
    """`SO_XA_DAT_CHUAN | Số xã đạt chuẩn NTM tăng thêm | 12`: the year's new communes
    stored as the communes NTM so far."""
    body = [["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM tăng thêm", 12],
            ["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM tăng thêm trong năm", 12],
            ["SO_XA", "Số xã", 200]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)]
    got = _read(tmp_path, sheets, "2023/province.xlsx")
    values = {r["indicator_code"]: r["value"] for r in got.tables["b06_aggregates"]}
    assert values == {"SO_XA_DAT_CHUAN": None, "SO_XA_DAT_CHUAN_MOI": 12.0, "SO_XA": 200.0}
    (flag,) = [f for f in _flags(got, "UNPARSEABLE_VALUE") if f["sheet"] == "B06_TongHop"]
    assert (flag["row_number"], flag["severity"]) == (3, "error")


# --------------------------------------------------------------------------- counted units


def test_b04_a_count_in_a_unit_of_another_thing_is_not_read(tmp_path):
    """`XA_DAT_CHUAN_MOI | … | thôn | 3`: three villages stored as three communes newly NTM,
    without a flag (a share or money there was already refused)."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "thôn", 2, 3, 2],
            ["THON_DAT_CHUAN_MOI", "Số thôn đạt chuẩn NTM mới", "xã", 1, 4, 2],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới", "xã", 5, 6, 7]]
    got = _read(tmp_path, district_sheets(B04=_b04(_H04, body)))
    assert {r["indicator_code"]: r["actual"] for r in got.tables["b04_targets"]} == {
        "XA_DAT_CHUAN_MOI": None, "THON_DAT_CHUAN_MOI": None, "OCOP_3SAO_MOI": None}
    assert [f["row_number"] for f in _flags(got, "UNIT_CONFLICT")] == [3, 4, 5]


def test_b06_a_count_in_a_unit_of_another_thing_is_not_read(tmp_path):
    body = [["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "thôn", 120],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", "xã", 30],
            ["SO_XA", "Số xã", "xã", 200]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], body)]
    got = _read(tmp_path, sheets, "2023/province.xlsx")
    assert {r["indicator_code"]: r["value"] for r in got.tables["b06_aggregates"]} == {
        "SO_XA_DAT_CHUAN": None, "SO_THON_DAT_CHUAN": None, "SO_XA": 200.0}
    assert [f["row_number"] for f in _flags(got, "UNIT_CONFLICT")] == [3, 4]


def test_counts_in_their_own_units_spelled_as_offices_spell_them_are_read(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "Xã", 2, 3, 2],
            ["THON_DAT_CHUAN_MOI", "Số thôn đạt chuẩn NTM mới", "Thôn, bản", 1, 4, 2],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới", "SP", 5, 6, 7],
            ["KDC_KIEU_MAU_MOI", "Số khu dân cư kiểu mẫu mới", "KDC", 1, 1, 1],
            ["TC_BINH_QUAN", "Số tiêu chí bình quân/xã", "Tiêu chí", 17, 17.5, 18],
            ["XA_DUOI_10_TC", "Số xã dưới 10 tiêu chí", "xã, phường", 0, 0, 0]]
    got = _read(tmp_path, district_sheets(B04=_b04(_H04, body)))
    assert [r["actual"] for r in got.tables["b04_targets"]] == [3, 4, 6, 1, 17.5, 0]
    assert not [f for f in got.flags if f["sheet"] == "B04_ChiTieu"]
    b06 = [["SO_XA", "Số xã", "Xã", 200], ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", "Huyện", 3],
           ["TONG_TC", "Tổng số tiêu chí", "Tiêu chí", 3400],
           ["OCOP_4_SAO", "Số sản phẩm OCOP 4 sao", "Sản phẩm", 12],
           ["SO_KDC_KIEU_MAU", "Số khu dân cư kiểu mẫu", "Khu", 9]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], b06)]
    got = _read(tmp_path / "p", sheets, "2023/province.xlsx")
    assert [r["value"] for r in got.tables["b06_aggregates"]] == [200, 3, 3400, 12, 9]
    assert not [f for f in got.flags if f["sheet"] == "B06_TongHop"]


@pytest.mark.parametrize("unit", ["Giá trị (x1000)", "Giá trị (X 1.000)"])
def test_b02_money_multiplied_by_a_thousand_of_no_named_money_is_not_read(tmp_path, unit):
    """`Giá trị (x1000)`: a thousand of what is not said; the figures were taken as million
    VND (1,200,500 million for 1.2 billion đồng, most likely) with a warning only."""
    got = _read(tmp_path, district_sheets(B02=_b02(["Mã nguồn", "Nguồn vốn", unit], _SOURCES)))
    assert "b02_funding" not in got.tables
    assert [f["column_name"][0] for f in _flags(got, "UNIT_UNKNOWN")] == ["C"]


@pytest.mark.parametrize("unit", ["%o", "‰", "Phần nghìn"])
def test_b04_a_share_per_thousand_is_not_read_as_per_cent(tmp_path, unit):
    """`Tỷ lệ hộ nghèo | %o | 12`: 12 per thousand (1.2 %), typed `%o` for ‰ on a keyboard
    without it, was stored as 12 %."""
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", unit, 15, 12, 10]]
    got = _read(tmp_path, district_sheets(B04=_b04(_H04, body)))
    (row,) = got.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (None, None, None)
    (flag,) = _flags(got, "UNIT_CONFLICT")
    assert flag["raw_value"] == unit
