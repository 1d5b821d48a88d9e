"""Figures typed as text with a dot as their decimal mark (`33.69`, `0.5`, `12.5%`,
`1013.668`) in B02's amounts, B04's plan and result and B06's values, beside figures a
Vietnamese and an English reader read a thousand times apart (`116.911`, `2,500`)
(docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, b02_sheet, district_sheets
from tests.test_ingest_office import _b04, _b06, _b06_values, _flags, _province, _read

_B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (tỷ đồng)"]
_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
_B06_HEADER = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]


def _amounts(result) -> dict[str, tuple]:
    return {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]}


def _errors(result, sheet: str) -> dict[str, str]:
    return {f["raw_value"]: f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == sheet and f["severity"] == "error"}


def _targets(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"])
            for r in result.tables["b04_targets"]}


def test_a_figure_read_two_ways_beside_figures_marking_decimals_with_a_dot_is_not_read(
        tmp_path):
    """Amounts in tỷ đồng typed `33.69`, `12.75`, `0.5`: the dot is this writer's decimal
    mark, so `116.911` may be 116.911 tỷ as well as 116 911 tỷ, and `2,500` (a comma
    grouping thousands for such a writer) 2500 as well as 2.5. Both were read in
    Vietnamese style without a flag (116.911 tỷ as 116 911 000 million VND); both are now
    errors at their cells and the rows' money unknown."""
    values = {"1": "33.69", "2": "116.911", "6": "12.75", "6.1": "0.5", "6.2": "2,500",
              "6.3": "12"}
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values)))
    assert _amounts(result) == {"1": (pytest.approx(33_690.0), False), "2": (None, True),
                                "6": (12_750.0, False), "6.1": (500.0, False),
                                "6.2": (None, True), "6.3": (12_000.0, False)}
    errors = _errors(result, "B02_NguonVon")
    assert set(errors) == {"116.911", "2,500"}
    assert "decimal mark ('33.69')" in errors["116.911"]
    assert not _flags(result, "UNIT_CONVERTED")


def test_a_sheet_marking_decimals_with_a_dot_and_grouping_no_thousands_reads_them_so(
        tmp_path):
    """A province's B02 in tỷ đồng exported with a dot as the decimal mark, thousands not
    grouped: `1013.668` could not be Vietnamese, so `110.303` is 110.303 tỷ (its total
    says so), not 110 303 tỷ as read before without a flag. Its total row is read so too.
    A comma in that sheet still says nothing: `2,500` may be 2.5 or 2500, not read."""
    rows = [["BIỂU 02"], _B02_HEADER, [None, "Tổng cộng", "1013.668"],
            ["1", "Ngân sách trung ương", "110.303"], ["2", "Ngân sách địa phương", "163.902"],
            ["3", "Vốn lồng ghép", "140.751"], ["4", "Vốn tín dụng", "441.092"],
            ["5", "Doanh nghiệp, hợp tác xã", "58.071"], ["6", "Cộng đồng dân cư", "77.314"],
            ["6.1", "Tiền mặt", "28.816"], ["6.2", "Hiến đất", "18.952"],
            ["6.3", "Ngày công lao động", "18.966"], ["6.4", "Hiện vật, khác", "2,500"],
            ["7", "Khác", "22.235"]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    amounts = _amounts(result)
    assert amounts["1"] == (pytest.approx(110_303.0), False)
    assert sum(amounts[c][0] for c in "1234567") == pytest.approx(1_013_668.0)
    assert amounts["6.4"] == (None, True)
    assert set(_errors(result, "B02_NguonVon")) == {"2,500"}
    totals = [t["value"] for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [pytest.approx(1013.668)]
    (said,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]
    assert said["severity"] == "info" and "'1013.668'" in said["message"]
    assert "'110.303'" in said["message"]


def test_a_total_read_two_ways_beside_a_dot_as_decimal_mark_is_not_read(tmp_path):
    rows = [["BIỂU 02"], _B02_HEADER, [None, "Tổng cộng", "1.250"],
            ["1", "Ngân sách trung ương", "1.25"], ["2", "Ngân sách địa phương", "0"]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == {"1": (1250.0, False), "2": (0.0, False)}
    totals = [(t["value"], t["value_text"]) for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [(None, "1.250")]


def test_b04_and_b06_figures_read_two_ways_beside_a_dot_as_decimal_mark_are_not_read(
        tmp_path):
    """A share typed `12.5%` shows its writer's decimal mark for the whole sheet: income
    `52.300` triệu đồng/người/năm may be 52.3 (as likely as not) or 52 300; it was read as
    52 300 without a flag. A B06 averaging `17.5` criteria beside `350,5` million VND
    marks decimals both ways: `1.250` villages is not read either. Counts and the decimals
    themselves are read."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "2", "3"],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "12.5%", "1.25"],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", "52.300",
             "52.5"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"XA_DAT_CHUAN_MOI": (2.0, 3.0),
                                "TY_LE_HO_NGHEO": (12.5, 1.25), "THU_NHAP_BQ": (None, 52.5)}
    assert set(_errors(result, "B04_ChiTieu")) == {"52.300"}

    body = [["SO_XA", "Số xã", "xã", "200"], ["TC_BINH_QUAN", "Bình quân tiêu chí/xã",
                                              "tiêu chí/xã", "17.5"],
            ["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", "350,5"],
            ["SO_THON_DAT_CHUAN", "Số thôn, bản đạt chuẩn", "thôn", "1.250"]]
    result = _read(tmp_path, _province(_b06(_B06_HEADER, body)), name="2023/p.xlsx")
    assert {code: v for code, (v, _) in _b06_values(result).items()} == {
        "SO_XA": 200.0, "TC_BINH_QUAN": 17.5, "TONG_VON": 350.5, "SO_THON_DAT_CHUAN": None}
    errors = _errors(result, "B06_TongHop")
    assert set(errors) == {"1.250"}
    assert "'17.5'" in errors["1.250"] and "'350,5'" in errors["1.250"]


def test_sheets_in_vietnamese_style_or_with_decimals_in_numeric_cells_read_as_before(
        tmp_path):
    """Good data near the rule (pinning: read so before). A Vietnamese sheet (`33,5`) reads
    `1.250` as 1250. A real number 33.69 in a numeric cell shows nothing of a typist's
    style: `116.911` beside it is Vietnamese, 116 911. A dot decimal in another sheet of
    the file changes nothing."""
    values = {"1": "1.250", "2": "33,5", "6": 33.69, "6.1": "116.911", "6.2": "0,500",
              "6.3": 12}
    b04 = _b04(_B04_HEADER, [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "12.5%", "1.25"]])
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values),
                                             B04=b04))
    assert _amounts(result) == {"1": (1_250_000.0, False), "2": (33_500.0, False),
                                "6": (pytest.approx(33_690.0), False),
                                "6.1": (116_911_000.0, False), "6.2": (500.0, False),
                                "6.3": (12_000.0, False)}
    assert not [f for f in result.flags if f["sheet"] == "B02_NguonVon"]

    body = [["SO_XA", "Số xã", "xã", 200],
            ["TC_BINH_QUAN", "Bình quân tiêu chí/xã", "tiêu chí/xã", 17.5],
            ["SO_THON_DAT_CHUAN", "Số thôn, bản đạt chuẩn", "thôn", "1.250"]]
    result = _read(tmp_path, _province(_b06(_B06_HEADER, body)), name="2023/p.xlsx")
    assert _b06_values(result)["SO_THON_DAT_CHUAN"][0] == 1250.0
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize(("typed", "shown", "style"), [
    ("33.69", {"dot"}, "dot"), ("0.5", {"dot"}, "dot"), ("0.500", {"dot"}, "dot"),
    ("12.5%", {"dot"}, "dot"), ("12.3456", {"dot"}, "dot"),
    ("1013.668", {"dot", "ungrouped"}, "dot"), ("1290.52 tỷ", {"dot", "ungrouped"}, "dot"),
    ("12,500.5", {"en"}, "en"), ("1.200,5", {"vi"}, "vi"), ("0,5", {"vi"}, "vi"),
    ("1.250", set(), None), ("116.911", set(), None), ("2,500", set(), None),
    ("01.06.2023", set(), None), ("1.234.567", {"vi"}, "vi"),
    ("33.69 và 1.200,5", {"dot", "vi"}, "both"), (33.69, set(), None),
])
def test_the_decimal_mark_a_typed_figure_shows(typed, shown, style):
    from pipelines.ingest.values import number_style, read_two_ways, styles_shown

    assert (set(styles_shown(typed)), number_style(typed)) == (shown, style)
    assert not read_two_ways(typed) or shown == set()


def test_b06_money_typed_with_its_unit_is_read_in_that_unit(tmp_path):
    """`1,2 tỷ` and `350 triệu đồng` in B06's money rows were errors (B02 read them): each
    is now read in the unit its cell names, whatever the row's unit says, as in B02
    (UNIT_CONVERTED). Money typed where villages are counted, in a row no indicator of the
    template, or with a note after its unit stays an error."""
    body = [["SO_XA", "Số xã", "xã", 200],
            ["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", "1,2 tỷ"],
            ["VON_CONG_DONG", "Nguồn lực từ cộng đồng dân cư", None, "350 triệu đồng"],
            ["SO_THON_DAT_CHUAN", "Số thôn, bản đạt chuẩn", "thôn", "350 triệu"],
            [None, "Vốn vay ưu đãi", None, "2 tỷ"]]
    result = _read(tmp_path, _province(_b06(_B06_HEADER, body)), name="2023/p.xlsx")
    assert _b06_values(result) == {"SO_XA": (200.0, None), "TONG_VON": (1200.0, "tỷ đồng"),
                                   "VON_CONG_DONG": (350.0, "triệu đồng"),
                                   "SO_THON_DAT_CHUAN": (None, None), None: (None, None)}
    assert sorted(f["raw_value"] for f in _flags(result, "UNIT_CONVERTED")) == [
        "1,2 tỷ", "350 triệu đồng"]
    errors = _errors(result, "B06_TongHop")
    assert set(errors) == {"350 triệu", "2 tỷ"}
    assert "SO_THON_DAT_CHUAN is not money" in errors["350 triệu"]

    body = [["TONG_VON", "Tổng nguồn lực huy động", None, "1,2 tỷ (ước)"]]
    result = _read(tmp_path, _province(_b06(_B06_HEADER, body)), name="2023/q.xlsx")
    assert _b06_values(result) == {"TONG_VON": (None, None)}
    assert set(_errors(result, "B06_TongHop")) == {"1,2 tỷ (ước)"}


def test_b04_income_typed_with_its_unit_is_read_per_head_and_period_of_its_row(tmp_path):
    """Income per head typed `52,3 triệu` or `53.500 nghìn đồng` in a row in triệu
    đồng/người/năm, or `4,5 triệu` in a row in nghìn đồng/người/tháng (54 triệu a year):
    errors before, now read in the cell's money unit and the row's head and period. A
    share typed `85 %` reads as before; money in a share's or a count's row stays an
    error."""
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm",
             "52,3 triệu", "53.500 nghìn đồng"],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "85 %", "1,2 tỷ"],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "2", "350 triệu"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"THU_NHAP_BQ": (pytest.approx(52.3), pytest.approx(53.5)),
                                "TY_LE_HO_NGHEO": (85.0, None),
                                "XA_DAT_CHUAN_MOI": (2.0, None)}
    assert set(_errors(result, "B04_ChiTieu")) == {"1,2 tỷ", "350 triệu"}
    assert len(_flags(result, "UNIT_CONVERTED")) == 2

    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "nghìn đồng/người/tháng",
             "4,5 triệu", "4.600"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)), name="2023/b.xlsx")
    assert _targets(result) == {"THU_NHAP_BQ": (pytest.approx(54.0), pytest.approx(55.2))}
    assert not _errors(result, "B04_ChiTieu")
