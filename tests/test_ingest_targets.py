"""B04 (targets) and B06 (province aggregates) read as a person reads them: which column is
the year's figure, which unit a row is in, which indicator a row's name means."""

from __future__ import annotations

import pytest

from tests.office import district_sheets, thongtin
from tests.test_ingest_office import _b04, _b06, _flags, _province, _read

_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"]
_ROWS = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã"],
         ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%"]]


def _figures(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}


@pytest.mark.parametrize("last_year", ["TH cùng kỳ", "Thực hiện cùng kỳ",
                                       "Ước thực hiện cùng kỳ"])
def test_b04_the_same_period_last_year_is_not_the_years_result(tmp_path, last_year):
    """`TH cùng kỳ` (the result of the same period a year before) was read as the year's
    result: alone, last year's 7 communes published as this year's, without a flag; beside
    `Thực hiện`, two results, neither read (an error). It is last year's and not read."""
    header = [*_HEADER, "Kế hoạch", last_year, "Kế hoạch năm sau"]
    body = [[*_ROWS[0], 2, 7, 3], [*_ROWS[1], 5, 5.6, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, None, 3.0),
                                "TY_LE_HO_NGHEO": (5.0, None, 4.0)}
    (info,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["column_name"].startswith("E ")]
    assert "2022" in info["message"] and info["severity"] == "info"

    header = [*_HEADER, "Kế hoạch", last_year, "Thực hiện"]
    body = [[*_ROWS[0], 2, 7, 1], [*_ROWS[1], 5, 5.6, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)), "2023/beside.xlsx")
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, None)}
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_b04_comparisons_with_the_same_period_are_still_not_read(tmp_path):
    header = [*_HEADER, "Kế hoạch", "Thực hiện", "So với cùng kỳ (%)", "Cùng kỳ năm 2022"]
    body = [[*_ROWS[0], 2, 1, 50, 2], [*_ROWS[1], 5, 4.8, 86, 5.6]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, None)}
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_b06_the_same_period_last_year_is_not_the_years_value(tmp_path):
    """B06's only value column headed `Giá trị cùng kỳ` was read as the year's figures."""
    body = [["SO_XA", "Số xã", 201], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (lũy kế)", 108]]
    alone = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị cùng kỳ"], body)),
                  name="2023/p.xlsx")
    assert "b06_aggregates" not in alone.tables
    (layout,) = [f for f in _flags(alone, "SHEET_LAYOUT") if f["sheet"] == "B06_TongHop"]
    assert layout["severity"] == "error"
    beside = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị cùng kỳ",
                                             "Giá trị"], [[*r, v] for r, v in
                                                          zip(body, (200, 120), strict=True)])),
                   name="2023/q.xlsx")
    assert {r["indicator_code"]: r["value"] for r in beside.tables["b06_aggregates"]} == {
        "SO_XA": 200.0, "SO_XA_DAT_CHUAN": 120.0}


def test_b04_a_unit_in_the_name_is_the_rows_unit(tmp_path):
    """Without a `Đơn vị tính` column, the unit a row's name gives in brackets was not read:
    income per head in nghìn đồng a month published as 4,750 million VND a year, 1,150 poor
    households as a share of 1,150 %, 25 % of communes as 25 communes, all without a flag.
    The name's unit is the row's: converted, or the figures kept out (UNIT_CONFLICT)."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    body = [["THU_NHAP_BQ", "Thu nhập bình quân (nghìn đồng/người/tháng)", 4500, 4750, 5000],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo (hộ)", 1200, 1150, 1100],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới (%)", 20, 25, 30],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT (%)", 92, 93.5, 94],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới (sản phẩm)", 5, 6, 7],
            ["TY_LE_NUOC_SACH", "Tỷ lệ hộ sử dụng nước sạch (lũy kế)", 80, 82, 85]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {
        "THU_NHAP_BQ": (pytest.approx(54.0), pytest.approx(57.0), pytest.approx(60.0)),
        "TY_LE_HO_NGHEO": (None, None, None), "XA_DAT_CHUAN_MOI": (None, None, None),
        "TY_LE_BHYT": (92.0, 93.5, 94.0), "OCOP_3SAO_MOI": (5.0, 6.0, 7.0),
        "TY_LE_NUOC_SACH": (80.0, 82.0, 85.0)}
    conflicts = {f["indicator_code"]: f for f in _flags(result, "UNIT_CONFLICT")}
    assert set(conflicts) == {"TY_LE_HO_NGHEO", "XA_DAT_CHUAN_MOI"}
    assert conflicts["TY_LE_HO_NGHEO"]["severity"] == "error"
    assert conflicts["TY_LE_HO_NGHEO"]["column_name"] == "B (Chỉ tiêu)"
    assert conflicts["TY_LE_HO_NGHEO"]["raw_value"] == "hộ"
    (converted,) = _flags(result, "UNIT_CONVERTED")
    assert (converted["indicator_code"], converted["row_number"]) == ("THU_NHAP_BQ", 3)


def test_b04_the_unit_column_wins_over_a_unit_in_the_name(tmp_path):
    header = [*_HEADER, "Kế hoạch", "Thực hiện"]
    body = [["THU_NHAP_BQ", "Thu nhập bình quân (nghìn đồng/người/tháng)",
             "triệu đồng/người/năm", 50, 52]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {"THU_NHAP_BQ": (50.0, 52.0, None)}
    assert not _flags(result, "UNIT_CONVERTED") and not _flags(result, "UNIT_CONFLICT")


def test_b04_a_share_typed_for_a_count_is_not_read(tmp_path):
    """`25%` typed (or 0.25 shown as 25 %) where the year's new communes go was read as 25
    communes, without a flag; B06 already refuses such shares. A share indicator's own
    percentages are read as before."""
    header = [*_HEADER, "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, "25%", 3],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới", None, 5, 0.6, 7],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "5%", "4,8%", 0.04],
            ["TY_LE_BHYT", "Tỷ lệ BHYT", None, 92, 0.935, 94]]
    b04 = _b04(header, body)
    b04.formats = {(3, 4): "0%", (4, 5): "0%", (5, 4): "0.0%"}
    result = _read(tmp_path, district_sheets(B04=b04))
    assert _figures(result) == {
        "XA_DAT_CHUAN_MOI": (2.0, None, 3.0), "OCOP_3SAO_MOI": (5.0, None, 7.0),
        "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0), "TY_LE_BHYT": (92.0, 93.5, 94.0)}
    errors = {(f["row_number"], f["column_name"][:1]): f
              for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert set(errors) == {(3, "E"), (4, "E")}
    assert errors[(3, "E")]["raw_value"] == "25%" and errors[(4, "E")]["raw_value"] == "60%"
    assert all(f["severity"] == "error" for f in errors.values())


@pytest.mark.parametrize("name", ["Số hộ nghèo", "1. Số hộ nghèo", "Số hộ nghèo (hộ)"])
def test_b04_a_count_of_poor_households_is_not_their_share(tmp_path, name):
    """`Số hộ nghèo` (how many households are poor) was read as TY_LE_HO_NGHEO by its name:
    1,150 households published as a share of 1,150 %. A count's name is no share's."""
    header = ["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"]
    body = [[1, name, 1200, 1150], [2, "Tỷ lệ hộ nghèo", 5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    rows = {r["row_number"]: r for r in result.tables["b04_targets"]}
    assert rows[3]["indicator_code"] is None and rows[4]["indicator_code"] == "TY_LE_HO_NGHEO"
    errors = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["severity"] == "error"]
    assert [f["row_number"] for f in errors] == [3]


def test_b06_rows_split_by_area_are_no_indicator(tmp_path):
    """A row narrowed in brackets to a part of the unit (`Số xã đạt chuẩn NTM (khu vực miền
    núi)`) was read by its name as SO_XA_DAT_CHUAN, the brackets set aside as a note: 50
    communes of the mountains, listed first, published as all the province's. Such a row
    is an error, its figure counted nowhere; `(mới)`, `(trong năm)` tell the year's new
    communes from the communes so far; units and notes in brackets are set aside as before."""
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"], [
        [None, "Số xã đạt chuẩn NTM (khu vực miền núi)", 50],
        [None, "Số xã đạt chuẩn NTM (xã biên giới)", 10],
        [None, "Số xã đạt chuẩn NTM (lũy kế đến 31/12/2023)", 120],
        [None, "Số xã đạt chuẩn NTM (trong năm)", 12],
        [None, "Số xã đạt chuẩn nâng cao (mới)", 4],
        [None, "Số sản phẩm OCOP 3 sao (còn hiệu lực)", 30],
        [None, "Tổng vốn huy động (triệu đồng)", 1500]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    codes = {r["row_number"]: r["indicator_code"] for r in result.tables["b06_aggregates"]}
    assert codes == {3: None, 4: None, 5: "SO_XA_DAT_CHUAN", 6: "SO_XA_DAT_CHUAN_MOI",
                     7: None, 8: "OCOP_3_SAO", 9: "TONG_VON"}
    errors = {f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
              if f["severity"] == "error"}
    assert errors == {3, 4, 7}


def test_b04_a_year_target_column_after_the_names_is_the_target(tmp_path):
    """`Chỉ tiêu | … | Chỉ tiêu năm 2023 | Thực hiện năm 2023 | Chỉ tiêu năm 2024`: the year's
    target was taken as a second name column (SHEET_LAYOUT error) and lost; heading the names
    itself, `Chỉ tiêu năm 2023` is still the names."""
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2023", "Thực hiện năm 2023",
              "Chỉ tiêu năm 2024"]
    body = [[1, "Số xã đạt chuẩn NTM mới", "xã", 2, 1, 3],
            [2, "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, 3.0),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0)}
    assert not _flags(result, "SHEET_LAYOUT")

    header = ["STT", "Chỉ tiêu năm 2023", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)), "2023/names.xlsx")
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, 3.0),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0)}
    names = {r["indicator_name"] for r in result.tables["b04_targets"]}
    assert names == {"Số xã đạt chuẩn NTM mới", "Tỷ lệ hộ nghèo"}


def test_b04_a_year_target_after_the_names_in_a_report_of_another_year(tmp_path):
    header = ["Mã chỉ tiêu", "Nội dung", "Chỉ tiêu năm 2024", "Thực hiện năm 2024"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", 2, 1]]
    sheets = district_sheets(2024, ThongTin=thongtin(2024), B04=_b04(header, body))
    result = _read(tmp_path, sheets, "2024/t.xlsx")
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None)}


@pytest.mark.parametrize(("first", "adjusted"), [
    ("Kế hoạch giao", "Kế hoạch điều chỉnh"), ("KH giao đầu năm", "KH điều chỉnh"),
    ("Kế hoạch năm 2023", "Kế hoạch điều chỉnh năm 2023")])
def test_b04_the_adjusted_plan_is_the_target(tmp_path, first, adjusted):
    """Two plans, as assigned and as adjusted during the year: both were the target, so
    neither was read (an error). The adjusted plan replaces the first, and is read."""
    header = [*_HEADER, first, adjusted, "Thực hiện"]
    body = [[*_ROWS[0], 2, 3, 1], [*_ROWS[1], 5, 5.5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _figures(result) == {"XA_DAT_CHUAN_MOI": (3.0, 1.0, None),
                                "TY_LE_HO_NGHEO": (5.5, 4.8, None)}
    assert not [f for f in result.flags if f["severity"] == "error"]
    (info,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["column_name"].startswith("D ")]
    assert "adjusted" in info["message"]
