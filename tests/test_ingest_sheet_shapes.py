"""Sheets laid out otherwise than the template, as offices make them: B05's criteria as
columns (``H1 | H2 | … | H9`` over a row of marks).

Each test builds the workbook an office would send and checks what a person reading it
would read, or that a figure not fully understood is kept out with a flag at its cell.
"""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_ocop import _b03, _product
from tests.test_ingest_office import _b04, _b06, _b06_values, _flags, _province, _read, _status

NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
         "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường", "Chất lượng môi trường sống",
         "Hệ thống chính trị - An ninh trật tự - Hành chính công"]
TITLE = "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI"
MARKS = ["Đạt", "Đạt", "Chưa đạt", "Đạt", "x", "Chưa đạt", "Đạt", "√", "Đạt"]
READ = ["met", "met", "not_met", "met", "met", "not_met", "met", "met", "met"]


def _across(rows: list[list[object]], merges: list | None = None) -> OfficeSheet:
    return OfficeSheet("B05_TieuChiHuyen", [[TITLE], [], *rows], merges=merges or [])


def _criteria(result) -> list[tuple[str | None, str, int]]:
    return [(r["criterion_code"], r["mark"], r["row_number"])
            for r in result.tables.get("b05_district_criteria", [])]


def _errors(result) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error"]


CODES = [f"H{i}" for i in range(1, 10)]


@pytest.mark.parametrize("header", [
    CODES,
    NAMES,
    [f"H{i}. {name}" for i, name in enumerate(NAMES, 1)],
    [f"Tiêu chí H{i}" for i in range(1, 10)],
    [f"{i}. {name}" for i, name in enumerate(NAMES, 1)],
])
def test_b05_with_its_criteria_as_columns_over_one_row_of_marks_is_read(tmp_path, header):
    result = _read(tmp_path, district_sheets(B05=_across([["STT", *header], [1, *MARKS]])))
    assert _status(result, "B05")["status"] == "read"
    assert _criteria(result) == [(c, m, 4) for c, m in zip(CODES, READ, strict=True)]
    assert _errors(result) == []
    info = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "info"]
    assert len(info) == 1 and "criteria are columns" in info[0]["message"]


def test_b05_across_under_a_group_with_the_codes_under_the_names_is_read(tmp_path):
    sheet = _across([
        ["Nội dung", "Tiêu chí huyện nông thôn mới", *[None] * 8, "Ghi chú"],
        [None, *NAMES, None],
        [None, *CODES, None],
        ["Kết quả đánh giá", *MARKS, "Đã rà soát"]],
        merges=[(2, 1, 2, 9)])
    result = _read(tmp_path, district_sheets(B05=sheet))
    assert _criteria(result) == [(c, m, 6) for c, m in zip(CODES, READ, strict=True)]
    assert _errors(result) == []
    kept = {c["value"] for c in result.tables["unmapped_cells"] if c["row_number"] == 6}
    assert kept == {"Kết quả đánh giá", "Đã rà soát"}


def test_b05_across_reads_the_provinces_appraisal_beside_the_districts_assessment(tmp_path):
    own = ["Đạt", "x", "Đạt", "Đạt", "Chưa đạt", "Chưa đạt", "Đạt", "√", None]
    appraised = ["Đạt", "Đạt", "x", "Chưa đạt", "Chưa đạt", None, None, None, None]
    sheet = _across([["TT", "Nội dung", *CODES],
                     [1, "Huyện tự đánh giá", *own],
                     [2, "Tỉnh thẩm định", *appraised]])
    result = _read(tmp_path, district_sheets(B05=sheet))
    assert _status(result, "B05")["status"] == "read"
    assert _criteria(result) == [
        ("H1", "met", 5), ("H2", "met", 5), ("H3", "met", 5), ("H4", "not_met", 5),
        ("H5", "not_met", 5), ("H6", "not_met", 5), ("H7", "unparseable", 5),
        ("H8", "unparseable", 5), ("H9", "not_met", 5)]
    # A criterion met by the district's word alone is not counted: an error at the
    # appraisal's cell.
    assert [(f["check_code"], f["row_number"], f["column_name"]) for f in _errors(result)] == [
        ("UNPARSEABLE_VALUE", 5, "I (H7)"), ("UNPARSEABLE_VALUE", 5, "J (H8)")]
    kept = {c["value"] for c in result.tables["unmapped_cells"] if c["row_number"] == 4}
    assert {"Huyện tự đánh giá", "Chưa đạt", "x"} <= kept


def test_b05_across_ticked_in_the_rows_of_met_and_not_met_is_read_from_the_one_ticked(
        tmp_path):
    sheet = _across([["Kết quả", *CODES],
                     ["Đạt", "x", "x", None, "x", "x", None, "x", "x", "x"],
                     ["Chưa đạt", None, None, "x", None, "x", "x", None, None, None]])
    result = _read(tmp_path, district_sheets(B05=sheet))
    assert [m for _, m, _ in _criteria(result)] == [
        "met", "met", "not_met", "met", "unparseable", "not_met", "met", "met", "met"]
    assert [(f["check_code"], f["column_name"]) for f in _errors(result)] == [
        ("UNPARSEABLE_VALUE", "F (H5)")]


@pytest.mark.parametrize("rows", [
    # a column that is no criterion of the set in force
    [["STT", *CODES, "H10"], [1, *MARKS, "Đạt"]],
    [["STT", *CODES[:8], "Tiêu chí khác"], [1, *MARKS]],
    # a code beside another criterion's name
    [["STT", "H1. Giao thông", *CODES[1:]], [1, *MARKS]],
    [["STT", "2. Quy hoạch", *CODES[1:]], [1, *MARKS]],
    # one criterion headed twice
    [["STT", *CODES[:8], "H8"], [1, *MARKS]],
    # rows of marks that are not one result: years, districts, two unlabelled rows
    [["Năm", *CODES], ["Năm 2022", *MARKS], ["Năm 2023", *MARKS]],
    [["Huyện", *CODES], ["Lộc Bình", *MARKS], ["Cao Lộc", *MARKS]],
    [["STT", *CODES], [1, *MARKS], [2, *MARKS]],
    # a criterion over two columns, met and not met, under it
    [["STT", "H1", None, "H2", None], [None, "Đạt", "Chưa đạt", "Đạt", "Chưa đạt"],
     [1, "x", None, None, "x"]],
    # ticks of not met without a row of met
    [["Nội dung", *CODES], ["Chưa đạt", *["x"] * 9]],
])
def test_b05_across_whose_columns_or_rows_are_not_certain_feeds_nothing(tmp_path, rows):
    result = _read(tmp_path, district_sheets(B05=_across(rows)))
    assert _status(result, "B05")["status"] == "unusable"
    assert _criteria(result) == []
    assert any(f["severity"] == "error" for f in _flags(result, "SHEET_LAYOUT"))


def test_b05_with_its_criteria_as_rows_is_read_as_before(tmp_path):
    sheet = _across([["Mã tiêu chí", "Tên tiêu chí", "Đạt"],
                     *[[c, n, m] for c, n, m in zip(CODES, NAMES, MARKS, strict=True)]])
    result = _read(tmp_path, district_sheets(B05=sheet))
    assert _criteria(result) == [(c, m, 4 + k) for k, (c, m) in
                                 enumerate(zip(CODES, READ, strict=True))]
    assert not [f for f in _flags(result, "SHEET_LAYOUT")]


# --------------------------------------------------- B04 and B06 figures with their unit

_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
_B06_HEADER = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]


def _targets(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"])
            for r in result.tables["b04_targets"]}


def _unreadable(result, sheet: str) -> set[str]:
    return {f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == sheet and f["severity"] == "error"}


def test_b04_counts_typed_with_what_they_count_are_read_where_the_row_counts_that(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "3 xã", "2 xã"],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới", "sản phẩm", "15 sản phẩm", "12 SP"],
            ["THON_DAT_CHUAN_MOI", "Số thôn, bản đạt chuẩn NTM mới", None, "5 thôn, bản",
             "4 bản"],
            ["TC_BINH_QUAN", "Số tiêu chí bình quân/xã", "tiêu chí/xã", "17,5 tiêu chí/xã",
             "17,8"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (3.0, 2.0),
                                "OCOP_3SAO_MOI": (15.0, 12.0),
                                "THON_DAT_CHUAN_MOI": (5.0, 4.0),
                                "TC_BINH_QUAN": (17.5, 17.8)}
    assert _unreadable(result, "B04_ChiTieu") == set()


def test_b04_a_count_of_another_thing_or_in_a_share_or_money_row_is_not_read(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "15 sản phẩm", "3 thôn"],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới", "sản phẩm", "200 xã (ước)", "12"],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "120 hộ", "4,8"],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", "50",
             "3 xã"],
            ["KHAC", "Số km đường giao thông", "km", "12 xã", None]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    targets = _targets(result)
    assert targets["XA_DAT_CHUAN_MOI"] == (None, None)
    assert targets["OCOP_3SAO_MOI"] == (None, 12.0)
    assert targets["TY_LE_HO_NGHEO"] == (None, 4.8)
    assert targets["THU_NHAP_BQ"] == (50.0, None)
    assert _unreadable(result, "B04_ChiTieu") >= {
        "15 sản phẩm", "3 thôn", "200 xã (ước)", "120 hộ", "3 xã", "12 xã"}


def test_b04_income_typed_with_its_own_period_is_read_per_year(tmp_path):
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm",
             "4,5 triệu/tháng", "54 triệu đồng/người/năm"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"THU_NHAP_BQ": (pytest.approx(54.0), pytest.approx(54.0))}
    assert len(_flags(result, "UNIT_CONVERTED")) == 2
    # A rate without its period takes the row's: 4.600 nghìn đồng a month is 55,2 triệu a
    # year.
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "nghìn đồng/người/tháng",
             "4.500 nghìn đồng/người", "4,6 triệu/người/tháng"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)), name="2023/b.xlsx")
    assert _targets(result) == {"THU_NHAP_BQ": (pytest.approx(54.0), pytest.approx(55.2))}
    assert _unreadable(result, "B04_ChiTieu") == set()


def test_b04_income_per_household_or_per_day_or_in_a_count_row_is_not_read(tmp_path):
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm",
             "4,5 triệu/hộ/tháng", "150 nghìn/ngày"],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "4,5 triệu/tháng", "2"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"THU_NHAP_BQ": (None, None), "XA_DAT_CHUAN_MOI": (None, 2.0)}
    assert _unreadable(result, "B04_ChiTieu") == {
        "4,5 triệu/hộ/tháng", "150 nghìn/ngày", "4,5 triệu/tháng"}
    assert not _flags(result, "UNIT_CONVERTED")


def test_b06_counts_typed_with_what_they_count_are_read_where_the_row_counts_that(tmp_path):
    body = [["SO_XA", "Số xã", "xã", "200 xã"],
            ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn NTM", "huyện", "3 huyện"],
            ["OCOP_3_SAO", "Số sản phẩm OCOP 3 sao", None, "15 sản phẩm"],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "xã", "15 sản phẩm"],
            ["SO_XA_NANG_CAO", "Số xã đạt chuẩn NTM nâng cao", "%", "20 xã"],
            ["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", "30 xã"]]
    result = _read(tmp_path, _province(_b06(_B06_HEADER, body)), name="2023/q.xlsx")
    values = {k: v for k, (v, _) in _b06_values(result).items()}
    assert values == {"SO_XA": 200.0, "SO_HUYEN_DAT_CHUAN": 3.0, "OCOP_3_SAO": 15.0,
                      "SO_XA_DAT_CHUAN": None, "SO_XA_NANG_CAO": None, "TONG_VON": None}
    assert _unreadable(result, "B06_TongHop") >= {"15 sản phẩm", "20 xã", "30 xã"}


# ------------------------------------------------------------- B03 addresses in Mã xã


def test_b03_an_address_naming_one_commune_of_the_unit_is_that_commune(tmp_path):
    typed = ["Thôn Bản Chắt, xã Mẫu Sơn", "xã Mẫu Sơn, huyện Lộc Bình",
             "Thôn 3, Xã Yên Khoái, Huyện Lộc Bình, Tỉnh Lạng Sơn",
             "Xã Mẫu Sơn huyện Lộc Bình", "Thị trấn Na Dương, H. Lộc Bình"]
    body = [_product(k + 1, f"Sản phẩm {k + 1}", commune=c) for k, c in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["commune_code"] for r in result.tables["b03_ocop"]] == [
        "06532", "06532", "06541", "06532", "06526"]
    assert [(f["row_number"], f["severity"]) for f in _flags(result, "UNIT_BY_NAME")
            if f["sheet"] == "B03_OCOP"] == [(k, "warning") for k in range(4, 9)]
    assert _unreadable(result, "B03_OCOP") == set()


def test_b03_an_address_that_is_not_certainly_one_commune_of_the_unit_is_not_read(tmp_path):
    typed = ["xã Mẫu Sơn, huyện Cao Lộc", "xã Mẫu Sơn, tỉnh Bắc Giang", "Mẫu Sơn, Lộc Bình",
             "xã Mẫu Sơn, xã Yên Khoái", "TT. Na Dương - Lộc Bình",
             "Xã Hữu Lũng, huyện Lộc Bình", "Huyện Lộc Bình, xã Mẫu Sơn"]
    body = [_product(k + 1, f"Sản phẩm {k + 1}", commune=c) for k, c in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["commune_code"] for r in result.tables["b03_ocop"]] == [None] * len(typed)
    assert _unreadable(result, "B03_OCOP") == set(typed)
    assert not [f for f in _flags(result, "UNIT_BY_NAME") if f["sheet"] == "B03_OCOP"]


def test_b03_an_address_in_a_provinces_list_is_read_within_the_district_it_names(tmp_path):
    # Xã Mẫu Sơn is a commune of Lộc Bình and one of Cao Lộc: the district tells them apart.
    sheets = district_sheets(B03=_b03([
        _product(1, "Hồi", commune="Thôn Bản Chắt, xã Mẫu Sơn, huyện Lộc Bình"),
        _product(2, "Chè", commune="Thôn Bản Chắt, xã Mẫu Sơn")]))
    sheets[0] = thongtin(level="Tỉnh", district=None)
    result = _read(tmp_path, sheets)
    assert [r["commune_code"] for r in result.tables["b03_ocop"]] == ["06532", None]
    assert _unreadable(result, "B03_OCOP") == {"Thôn Bản Chắt, xã Mẫu Sơn"}

