"""More B04, B06 and ThongTin sheets as offices make them: a result given as a share of its
plan, figures headed as shares, coded rows named for another whole, figures on a row of
their own under a two-line name, a signing date before the reporting year."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.office import district_sheets, thongtin
from tests.test_ingest_office import _b04, _b06, _flags, _read

_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"]


def _targets(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}


def _errors(result, sheet: str) -> list[tuple[str, int, str | None]]:
    return [(f["check_code"], f["row_number"], f["raw_value"]) for f in result.flags
            if f["sheet"] == sheet and f["severity"] == "error"]


def _province(b06) -> list:
    return [thongtin(2023, level="Tỉnh", district=None), b06]


def _values(result) -> dict[str, float | None]:
    return {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}


# --------------------------------------------------------------------------- a result over its plan


@pytest.mark.parametrize("ratio", ["Thực hiện/Kế hoạch", "TH / KH", "Thực hiện (% KH)",
                                   "Ước TH/KH năm 2023"])
def test_b04_a_result_given_over_its_plan_is_not_the_result(tmp_path, ratio):
    """`Kế hoạch | Thực hiện/Kế hoạch` with 50 beside a plan of 2 communes: 50 per cent of
    the plan was stored as 50 communes newly NTM, without a flag. A result over its plan is
    a ratio, not read; the plan beside it is."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 50],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 104]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", ratio], body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, None, None),
                                "TY_LE_HO_NGHEO": (5.0, None, None)}


@pytest.mark.parametrize("result_header", ["Thực hiện kế hoạch", "Thực hiện theo KH",
                                           "Kết quả thực hiện"])
def test_b04_the_plans_result_beside_its_ratio_is_read_as_before(tmp_path, result_header):
    header = [*_HEADER, "Kế hoạch", result_header, "Thực hiện/Kế hoạch (%)"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1, 50]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None)}
    assert not _errors(result, "B04_ChiTieu")


# --------------------------------------------------------------------------- headed as shares


@pytest.mark.parametrize("result_header", ["Thực hiện (%)", "Thực hiện (tỷ lệ %)",
                                           "Thực hiện, %"])
def test_b04_a_result_headed_as_a_share_holds_no_count_and_shows_its_shares_are_of_the_plan(
        tmp_path, result_header):
    """`Thực hiện (%)` with 50 for the communes newly NTM (plan 2) and 104 for the poor
    households (plan 5): shares of the plan. Both were stored as the results (50 communes,
    104 % poor) without a flag. A count under a share's heading is not read, and a column
    that gives a share for a count holds shares of the plan: its shares are not read
    either."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 50],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 104]]
    result = _read(tmp_path, district_sheets(
        B04=_b04([*_HEADER, "Kế hoạch", result_header], body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, None, None),
                                "TY_LE_HO_NGHEO": (5.0, None, None)}
    assert _errors(result, "B04_ChiTieu") == [("UNPARSEABLE_VALUE", 3, "50"),
                                              ("UNPARSEABLE_VALUE", 4, "104")]


def test_b04_figures_headed_as_shares_are_read_where_only_shares_are_given(tmp_path):
    header = [*_HEADER, "Kế hoạch (%)", "Thực hiện (%)"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", 90, "92,5"]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (None, None, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, None),
                                "TY_LE_BHYT": (90.0, 92.5, None)}
    assert not _errors(result, "B04_ChiTieu")


def test_b06_a_value_headed_as_a_share_is_no_count(tmp_path):
    """`Giá trị (%)` over 200 communes and 75: B06 holds no share, and the 75 (per cent of
    the communes NTM) was stored as 75 communes without a flag. Neither is read."""
    header = ["Mã chỉ số", "Chỉ số", "Giá trị (%)"]
    body = [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 75]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": None, "SO_XA_DAT_CHUAN": None}
    assert _errors(result, "B06_TongHop") == [("UNIT_CONFLICT", 3, "200"),
                                              ("UNIT_CONFLICT", 4, "75")]


def test_b06_a_share_column_beside_the_value_leaves_the_value_read(tmp_path):
    header = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị", "Tỷ lệ (%)"]
    body = [["SO_XA", "Số xã", "xã", 200, None],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "xã", 150, 75]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": 150.0}


# --------------------------------------------------------------------------- another whole


@pytest.mark.parametrize(("code", "name", "unit", "figures"), [
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo dân tộc thiểu số", "%", (15, 14)),
    ("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo vùng đồng bào DTTS", "%", (15, 14)),
    ("THU_NHAP_BQ", "Thu nhập bình quân đầu người (xã biên giới)", "triệu đồng/người/năm",
     (30, 31)),
    ("THU_NHAP_BQ", "Thu nhập bình quân/hộ", "triệu đồng/năm", (200, 210)),
    ("THU_NHAP_BQ", "Thu nhập bình quân hộ gia đình", "triệu đồng", (200, 210)),
    ("THU_NHAP_BQ", "Thu nhập bình quân/hộ/năm", None, (200, 210)),
])
def test_b04_a_coded_row_named_for_another_whole_is_not_read(tmp_path, code, name, unit,
                                                             figures):
    """A row coded TY_LE_HO_NGHEO but named the poor among ethnic minorities, or coded
    THU_NHAP_BQ but named income per household: the code alone was read, and the part's
    share, or a household's income, was published as the unit's per head. Not read now,
    an error at the name (by its name alone such a row matched no indicator already)."""
    body = [[code, name, unit, *figures],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {code: (None, None, None),
                                "XA_DAT_CHUAN_MOI": (2.0, 1.0, None)}
    assert _errors(result, "B04_ChiTieu") == [("UNPARSEABLE_VALUE", 3, name)]


@pytest.mark.parametrize("name", ["Số xã, phường, thị trấn", "Tổng số xã, thị trấn",
                                  "Số đơn vị hành chính cấp xã"])
def test_b06_communes_counted_with_wards_and_towns_are_not_the_communes(tmp_path, name):
    """`SO_XA | Số xã, phường, thị trấn | 220`: the programme's communes are rural; the 220
    were stored as communes (the share of communes NTM then computed over wards too)."""
    body = [["SO_XA", name, "đơn vị", 220], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "xã",
                                              150]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"],
                                            body)), name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": None, "SO_XA_DAT_CHUAN": 150.0}
    assert _errors(result, "B06_TongHop") == [("UNPARSEABLE_VALUE", 3, name)]


def test_coded_rows_named_for_the_whole_unit_in_other_words_are_read_as_before(tmp_path):
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người khu vực nông thôn",
             "triệu đồng/người/năm", 50, 52],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo đa chiều (theo chuẩn nghèo giai đoạn "
             "2022-2025)", "%", 5, 4.8],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT (toàn huyện)", "%", 90, 92],
            ["XA_DUOI_10_TC", "Số xã đạt dưới 10 tiêu chí (không kể thị trấn)", "xã", 0, 0]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {"THU_NHAP_BQ": (50.0, 52.0, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, None),
                                "TY_LE_BHYT": (90.0, 92.0, None),
                                "XA_DUOI_10_TC": (0.0, 0.0, None)}
    assert not _errors(result, "B04_ChiTieu")
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [["SO_XA", "Số xã (không bao gồm phường, thị trấn)", 200],
                ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (trên địa bàn tỉnh)", 150]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": 150.0}
    assert not _errors(result, "B06_TongHop")


# --------------------------------------------------------------------------- a two-line name


@pytest.mark.parametrize("merged", [False, True])
def test_b04_figures_on_the_line_under_their_name_are_not_lost_without_a_word(tmp_path,
                                                                             merged):
    """The name on one line, its unit and figures on the next (a long name wrapped by hand,
    the code and name cells merged over both lines or not): the figures were kept as a
    note and the indicator stored blank, without a flag. They are still not read (whose
    they are is not written on their row), now with an error at the row."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn nông thôn mới trong năm", None, None, None,
             None],
            [None, None, "xã", 2, 1, 3],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    header = [*_HEADER, "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    sheet = _b04(header, body, merges=[(2, 0, 3, 0), (2, 1, 3, 1)] if merged else None)
    result = _read(tmp_path, district_sheets(B04=sheet))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (None, None, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0)}
    assert _errors(result, "B04_ChiTieu") == [("UNPARSEABLE_VALUE", 4, "2")]


def test_b06_a_value_on_a_row_without_code_or_name_is_flagged(tmp_path):
    body = [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", None],
            [None, None, 150]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)),
                   name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": None}
    assert _errors(result, "B06_TongHop") == [("UNPARSEABLE_VALUE", 5, "150")]


def test_b04_a_numbering_row_and_a_place_and_date_line_are_no_figures(tmp_path):
    body = [["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1],
            [None, None, None, None, "Lộc Bình, ngày 10 tháng 01 năm 2024"]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None)}
    assert not _errors(result, "B04_ChiTieu")


# --------------------------------------------------------------------------- ThongTin


def test_thongtin_a_signing_date_before_the_reporting_year_began_is_not_read(tmp_path):
    """`Ngày lập: 20/12/2022` in a report on 2023 (last year's form kept): the date was
    stored as the signing date, which decides which of two files of one revision is
    current. It is not read now, an error at its cell."""
    result = _read(tmp_path, district_sheets(
        ThongTin=thongtin(2023, signed=dt.date(2022, 12, 20))))
    assert result.identity.signed_on is None
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "ThongTin"]
    assert (flag["severity"], flag["row_number"]) == ("error", 9)


@pytest.mark.parametrize("signed", [dt.date(2023, 12, 15), dt.date(2024, 1, 10),
                                    dt.date(2025, 3, 1)])
def test_thongtin_a_signing_date_in_or_after_the_reporting_year_is_read_as_before(
        tmp_path, signed):
    result = _read(tmp_path, district_sheets(ThongTin=thongtin(2023, signed=signed)))
    assert result.identity.signed_on == signed
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


# --------------------------------------------------------------------------- another indicator


@pytest.mark.parametrize(("code", "name"), [
    ("SO_XA_DAT_CHUAN", "Số xã chưa đạt chuẩn nông thôn mới"),
    ("SO_XA_NANG_CAO", "Số xã không được công nhận đạt chuẩn NTM nâng cao"),
    ("OCOP_3_SAO", "Số sản phẩm OCOP 3 sao trở lên"),
    ("OCOP_4_SAO", "Số sản phẩm OCOP 4 - 5 sao"),
    ("SO_XA_19_TC", "Số xã đạt từ 15 đến 18 tiêu chí"),
    ("SO_XA_15_18_TC", "Số xã đạt 19 tiêu chí"),
    ("SO_XA_NANG_CAO", "Số xã đạt chuẩn NTM mới"),
])
def test_b06_a_coded_row_named_as_counting_something_else_is_not_read(tmp_path, code, name):
    """`SO_XA_DAT_CHUAN | Số xã chưa đạt chuẩn NTM | 50`, `OCOP_3_SAO | … 3 sao trở lên |
    120`: the communes not reached were stored as the communes NTM, and the products of
    three stars or more as those of three (counted again under four and five), without a
    flag. A name counting what the code does not is not read, an error at the name."""
    body = [["SO_XA", "Số xã", "xã", 200], [code, name, None, 50]]
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], body)
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _values(result) == {"SO_XA": 200.0, code: None}
    assert _errors(result, "B06_TongHop") == [("UNPARSEABLE_VALUE", 4, name)]


@pytest.mark.parametrize(("code", "name"), [
    ("XA_DUOI_10_TC", "Số xã đạt trên 15 tiêu chí"),
    ("XA_DAT_CHUAN_MOI", "Số xã chưa đạt chuẩn NTM"),
    ("OCOP_3SAO_MOI", "Số sản phẩm OCOP 4 sao mới"),
])
def test_b04_a_coded_row_named_as_counting_something_else_is_not_read(tmp_path, code, name):
    body = [[code, name, None, 2, 12], ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {code: (None, None, None), "TY_LE_HO_NGHEO": (5.0, 4.8, None)}
    assert _errors(result, "B04_ChiTieu") == [("UNPARSEABLE_VALUE", 3, name)]


def test_coded_rows_counting_their_own_things_in_other_words_are_read_as_before(tmp_path):
    body = [["SO_XA_19_TC", "Số xã đạt 19/19 tiêu chí", 40],
            ["SO_XA_15_18_TC", "Số xã đạt 15-18 tiêu chí", 60],
            ["SO_XA_10_14_TC", "Số xã đạt từ 10 - 14 TC", 70],
            ["SO_XA_DUOI_5_TC", "Số xã đạt ít hơn 5 tiêu chí", 0],
            ["SO_XA_DAT_CHUAN", "Số xã đã được công nhận đạt chuẩn NTM", 150],
            ["OCOP_3_SAO", "Sản phẩm OCOP 3 sao (còn hiệu lực)", 100],
            ["OCOP_5_SAO", "Số sản phẩm OCOP 5 sao", 1]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)),
                   name="2023/p.xlsx")
    assert _values(result) == {code: float(v) for code, _, v in body}
    assert not _errors(result, "B06_TongHop")
    body = [["XA_DUOI_10_TC", "Số xã còn dưới 10 tiêu chí", "xã", 1, 0],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP đạt từ 3 sao trở lên mới", "sản phẩm", 10, 12],
            ["TC_BINH_QUAN", "Bình quân tiêu chí/xã", "tiêu chí/xã", 17, "17,5"]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {"XA_DUOI_10_TC": (1.0, 0.0, None),
                                "OCOP_3SAO_MOI": (10.0, 12.0, None),
                                "TC_BINH_QUAN": (17.0, 17.5, None)}
    assert not _errors(result, "B04_ChiTieu")


# --------------------------------------------------------------------------- a period's figures


def test_b04_and_b06_rows_of_the_year_alone_named_for_a_period_are_not_read(tmp_path):
    """`TONG_VON | Tổng nguồn lực huy động giai đoạn 2021-2025 | 150.000`, `XA_DAT_CHUAN_MOI
    | Số xã đạt chuẩn NTM giai đoạn 2021-2025 | 7`: the period's money and communes were
    stored as the reporting year's, without a flag (a period in a name was read, as it is
    for the stocks). For an indicator of the year alone a period is a running total."""
    body = [["TONG_VON", "Tổng nguồn lực huy động giai đoạn 2021-2025", "triệu đồng", 150000],
            ["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới (2021-2023)", "xã", 30],
            ["VON_CONG_DONG", "Vốn huy động từ cộng đồng từ năm 2021", "triệu đồng", 5000],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM giai đoạn 2021-2025", "xã", 150]]
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], body)
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _values(result) == {"TONG_VON": None, "SO_XA_DAT_CHUAN_MOI": None,
                               "VON_CONG_DONG": None, "SO_XA_DAT_CHUAN": 150.0}
    assert [row for _, row, _ in _errors(result, "B06_TongHop")] == [3, 4, 5]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM giai đoạn 2021-2025", "xã", 10, 7],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (None, None, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, None)}


def test_rows_of_the_year_naming_the_period_of_their_criteria_are_read_as_before(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới (theo Bộ tiêu chí giai đoạn "
             "2021-2025)", "xã", 2, 1],
            ["KDC_KIEU_MAU_MOI", "Số khu dân cư kiểu mẫu mới từ năm 2023", "khu", 3, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04([*_HEADER, "Kế hoạch", "Thực hiện"],
                                                      body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, 1.0, None),
                                "KDC_KIEU_MAU_MOI": (3.0, 4.0, None)}
    assert not _errors(result, "B04_ChiTieu")


# --------------------------------------------------------------------------- a thousand billion


@pytest.mark.parametrize(("header", "unit"), [("Giá trị", "Nghìn tỷ đồng"),
                                              ("Giá trị (ngàn tỷ đồng)", None)])
def test_b06_money_in_thousands_of_billions_is_read_in_that_unit(tmp_path, header, unit):
    """`TONG_VON | nghìn tỷ đồng | 1,5` (a province's money): read as its last words, tỷ
    đồng, and stored as 1,500 million VND instead of 1,500,000, without a flag."""
    body = [["TONG_VON", "Tổng nguồn lực huy động", unit, "1,5"],
            ["SO_XA", "Số xã", "xã" if unit else None, 200]]
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", header], body)
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _values(result) == {"TONG_VON": 1_500_000.0, "SO_XA": 200.0}
    assert not _errors(result, "B06_TongHop")
