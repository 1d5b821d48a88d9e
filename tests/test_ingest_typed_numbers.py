"""Figures typed as text in B02's amounts, B04's plan and result and B06's values, as offices
type them: in English style (exported from other software), with their unit or a note, as
bounds and estimates (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import pytest

from pipelines.ingest.values import amount_with_unit
from tests.office import (
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    thongtin,
    write,
)
from tests.test_ingest_office import _b04, _b06, _b06_values, _flags, _province, _read

_B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _amounts(result) -> dict[str, tuple]:
    return {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]}


def _errors(result, sheet: str) -> list[tuple[int, str]]:
    return [(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == sheet and f["severity"] == "error"]


def test_a_b02_typed_in_english_style_is_read_in_that_style(tmp_path):
    """Amounts pasted from accounting software: `12,500.5` and `1,234,567` group thousands
    with commas. `2,500` and `1,350` in that sheet are 2500 and 1350 million VND, not 2.5
    and 1.35 (read so before, a thousand times too little, without a flag)."""
    values = {"1": "1,234,567", "2": "12,500.5", "6": "2,500", "6.1": "1,350", "6.2": "1,000",
              "6.3": "150"}
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values)))
    assert _amounts(result) == {"1": (1_234_567.0, False), "2": (12_500.5, False),
                                "6": (2500.0, False), "6.1": (1350.0, False),
                                "6.2": (1000.0, False), "6.3": (150.0, False)}
    texts = {r["source_code"]: r["value_text"] for r in result.tables["b02_funding"]}
    assert texts["6"] == "2,500"
    (said,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]
    assert said["severity"] == "info" and "English style" in said["message"]
    assert "'2,500'" in said["message"] and "'1,350'" in said["message"]
    assert not _errors(result, "B02_NguonVon")


def test_b04_and_b06_typed_in_english_style_are_read_in_that_style(tmp_path):
    """B04 with income in đồng exported as `52,300,000`: the poverty rate `1.250` beside it
    is 1.25 %, not 1250 %. B06 with `1,234,567.5` million VND: `1,250` villages are 1250,
    not 1.25."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 2],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "đồng/người/năm", "52,000,000",
             "52,300,000"],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "1.500", "1.250"]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    read = {r["indicator_code"]: (r["target"], r["actual"])
            for r in result.tables["b04_targets"]}
    assert read == {"XA_DAT_CHUAN_MOI": (2.0, 2.0), "THU_NHAP_BQ": (52.0, 52.3),
                    "TY_LE_HO_NGHEO": (1.5, 1.25)}
    assert not _errors(result, "B04_ChiTieu")

    header = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]
    body = [["SO_XA", "Số xã", "xã", 200], ["SO_THON_DAT_CHUAN", "Số thôn, bản đạt chuẩn",
                                            "thôn", "1,250"],
            ["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", "1,234,567.5"]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert {code: v for code, (v, _) in _b06_values(result).items()} == {
        "SO_XA": 200.0, "SO_THON_DAT_CHUAN": 1250.0, "TONG_VON": 1_234_567.5}
    assert [f["severity"] for f in _flags(result, "SHEET_LAYOUT")
            if f["sheet"] == "B06_TongHop"] == ["info"]


def test_a_figure_read_two_ways_in_a_sheet_typing_both_styles_is_not_read(tmp_path):
    """Rows typed by hand (`1.200,5`) beside rows pasted from an export (`12,500.5`): a
    person cannot tell whether `2,500` is 2.5 or 2500, nor `1.250` 1250 or 1.25, nor `2,500
    triệu`. Each was read in Vietnamese style without a flag; each is now an error and the
    row's money unknown. The figures only one style can have written are read."""
    values = {"1": "12,500.5", "2": "1.200,5", "6": "2,500", "6.1": "1.250",
              "6.2": "2,500 triệu", "6.3": "150"}
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values)))
    assert _amounts(result) == {"1": (12_500.5, False), "2": (1200.5, False),
                                "6": (None, True), "6.1": (None, True), "6.2": (None, True),
                                "6.3": (150.0, False)}
    flagged = {raw: f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")
               if (raw := f["raw_value"]) and f["sheet"] == "B02_NguonVon"}
    assert set(flagged) == {"2,500", "1.250", "2,500 triệu"}
    assert "both styles" in flagged["2,500"] and "'12,500.5'" in flagged["2,500"]
    assert not _flags(result, "UNIT_CONVERTED")


def test_a_sheet_in_vietnamese_style_or_showing_no_style_reads_as_the_template_says(tmp_path):
    """Good data near the rule (pinning: read so before). `1.234.567` and `2.500` are
    Vietnamese: 2500. Amounts in tỷ đồng to three decimals (`116,911`, `11,67`, `1871,634`)
    are decimals. A sheet showing no style reads `2,500` as 2.5 and `1.250` as 1250, as
    the template says; a real number 33.69 in a numeric cell shows no style (a dot typed as
    the decimal mark does: test_ingest_decimal_marks.py).
    A sheet in English style in the same file changes nothing in another sheet."""
    values = {"1": "1.234.567", "2": "2.500", "6": "1.871,634", "6.1": "116,911",
              "6.2": "11,67", "6.3": "1871,634"}
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"],
               [["THU_NHAP_BQ", "Thu nhập bình quân", "đồng/người/năm", "52,000,000",
                 "52,300,000"]])
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values),
                                             B04=b04))
    assert _amounts(result) == {"1": (1_234_567.0, False), "2": (2500.0, False),
                                "6": (1871.634, False), "6.1": (116.911, False),
                                "6.2": (11.67, False), "6.3": (1871.634, False)}
    assert not [f for f in result.flags if f["sheet"] == "B02_NguonVon"
                and f["check_code"] in ("SHEET_LAYOUT", "UNPARSEABLE_VALUE")]

    values = {"1": "2,500", "2": "1.250", "6": 33.69, "6.1": "2.500", "6.2": "0,500",
              "6.3": "12"}
    result = _read(tmp_path, district_sheets(B02=b02_sheet(_B02_HEADER, values=values)),
                   name="2023/b.xlsx")
    assert _amounts(result) == {"1": (2.5, False), "2": (1250.0, False), "6": (33.69, False),
                                "6.1": (2500.0, False), "6.2": (0.5, False),
                                "6.3": (12.0, False)}
    assert not [f for f in result.flags if f["sheet"] == "B02_NguonVon"]


def test_an_amount_with_a_note_after_its_unit_is_not_read_as_exact(tmp_path):
    """`500 triệu*`, `500 triệu (*)`: an amount footnoted, as `1.200*` is, perhaps an
    estimate; `1,2 tỷ (ước)` says so. The first two were read as 500 million VND exact (the
    star and brackets dropped with the unit's punctuation), where `1.200*` was an error.
    Each is now an error, the row's money unknown. The currency typed first (`VNĐ
    1.200.000`, an error before) is read in its unit; `1.200 tr.đ` and `350 triệu đồng.`
    as before."""
    rows = [["BIỂU 02"], _B02_HEADER,
            ["1", "Ngân sách trung ương", "500 triệu*"],
            ["2", "Ngân sách địa phương", "500 triệu (*)"],
            ["3", "Vốn lồng ghép", "1,2 tỷ (ước)"],
            ["4", "Vốn tín dụng", "VNĐ 1.200.000"],
            ["5", "Doanh nghiệp", "1.200 tr.đ"],
            ["7", "Khác", "350 triệu đồng."]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == {"1": (None, True), "2": (None, True), "3": (None, True),
                                "4": (pytest.approx(1.2), False), "5": (1200.0, False),
                                "7": (350.0, False)}
    assert [raw for _, raw in _errors(result, "B02_NguonVon")] == [
        "500 triệu*", "500 triệu (*)", "1,2 tỷ (ước)"]
    units = {r["source_code"]: r["value_unit"] for r in result.tables["b02_funding"]}
    assert units["4"] == "đồng"


_BOUNDS = ["~ 1.200", "khoảng 1.200", "≈ 95%", "> 90%", "trên 90%", "dưới 5%", "10-12",
           "10 - 12 %", "1.200 (ước)", "1.200*", "1.200 (dự kiến)", "~350 triệu",
           "khoảng 1,2 tỷ", "x", "N/A"]


@pytest.mark.parametrize("typed", _BOUNDS)
def test_a_bound_or_an_estimate_is_never_stored_as_the_figure(tmp_path, typed):
    """Pinning (read so before): a person does not read a bound, a range or an estimate as
    the figure. In B02, B04 and B06 each is an error at its cell and no value."""
    b02 = b02_sheet(_B02_HEADER, values={"1": 1200.0, "2": typed, "6": 350.0, "6.1": 350.0})
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"],
               [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, typed]])
    result = _read(tmp_path, district_sheets(B02=b02, B04=b04))
    assert _amounts(result)["2"] == (None, True)
    assert _errors(result, "B02_NguonVon") == [(4, typed)]
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"]) == (5.0, None)
    assert _errors(result, "B04_ChiTieu") == [(3, typed)]
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"],
               [["SO_XA", "Số xã", "xã", 200], ["TONG_VON", "Tổng vốn", "triệu đồng", typed]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _b06_values(result)["TONG_VON"][0] is None
    assert _errors(result, "B06_TongHop") == [(4, typed)]


def test_the_total_row_of_a_sheet_in_english_style_is_read_in_that_style(tmp_path):
    """`Tổng cộng | 2,500` under `1,200.5` and `1,299.5`: the sheet's total is 2500, which
    its sources add up to; read as 2.5 it was a total that disagreed with them."""
    rows = [["BIỂU 02"], _B02_HEADER, [None, "Tổng cộng", "2,500"],
            ["1", "Ngân sách trung ương", "1,200.5"], ["2", "Ngân sách địa phương", "1,299.5"]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == {"1": (1200.5, False), "2": (1299.5, False)}
    totals = [(t["row_number"], t["value"], t["value_text"])
              for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [(3, 2500.0, "2,500")]


@pytest.mark.parametrize(("typed", "style", "two_ways"), [
    ("1,234,567", "en", False), ("12,500.5", "en", False), ("1,234,567 đồng", "en", False),
    ("1.234.567", "vi", False), ("1.200,5", "vi", False), ("12,5", "vi", False),
    ("0,500", "vi", False), ("1871,634", "vi", False), ("12,5%", "vi", False),
    ("2,500", None, True), ("1.250", None, True), ("-2,500", None, True),
    ("2,500 triệu", None, True), ("33.69", "dot", False), ("0.445", "dot", False),
    ("2.500,5", "vi", False), ("1,234,567 và 1.200,5", "both", False),
    ("01.06.2023", None, False), ("2,500 - 3,000", None, False),
])
def test_the_style_a_typed_figure_shows(typed, style, two_ways):
    from pipelines.ingest.values import number_style, read_two_ways

    assert (number_style(typed), read_two_ways(typed)) == (style, two_ways)


@pytest.mark.parametrize(("typed", "read"), [
    ("VNĐ 1.200.000", (1_200_000.0, "đồng")), ("đ 500.000", (500_000.0, "đồng")),
    ("1.200 tr.đ", (1200.0, "triệu đồng")), ("350 triệu đồng.", (350.0, "triệu đồng")),
    ("500 triệu*", None), ("500 triệu (*)", None), ("500 triệu?", None),
    ("1,2 tỷ (ước)", None), ("Tổng 500", None), ("Năm 2023", None), ("~500 triệu", None),
])
def test_an_amount_with_its_unit_is_the_unit_and_the_figure_alone(typed, read):
    found = amount_with_unit(typed)
    assert (found if found is None else (found[0], found[1][1])) == read


def test_words_for_nothing_to_report_are_blank_as_a_dash_is(tmp_path):
    """`KPH` (không phát sinh: nothing arose), `Không phát sinh`, `không`: nothing to
    report, as `-` is. Each was an error and B02's row unreadable, so the unit's total was
    not computed. `N/A` and `chưa có` may say the figure is not known yet, and `x` says
    nothing: they stay errors, the row's money unknown. A negative figure is read as typed
    (`(1.200)`), left to the checks downstream (VALUE_OUT_OF_RANGE)."""
    rows = [["BIỂU 02"], _B02_HEADER,
            ["1", "Ngân sách trung ương", 1200], ["2", "Ngân sách địa phương", "KPH"],
            ["3", "Vốn lồng ghép", "Không phát sinh"], ["4", "Vốn tín dụng", "không"],
            ["5", "Doanh nghiệp", "N/A"], ["6", "Cộng đồng dân cư", "chưa có"],
            ["7", "Khác", "x"]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == {"1": (1200.0, False), "2": (None, False), "3": (None, False),
                                "4": (None, False), "5": (None, True), "6": (None, True),
                                "7": (None, True)}
    assert [raw for _, raw in _errors(result, "B02_NguonVon")] == ["N/A", "chưa có", "x"]
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "KPH", "không"],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "(1.200)", "N/A"]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)), name="2023/b.xlsx")
    read = {r["indicator_code"]: (r["target"], r["actual"])
            for r in result.tables["b04_targets"]}
    assert read == {"XA_DAT_CHUAN_MOI": (None, None), "TY_LE_HO_NGHEO": (-1200.0, None)}
    assert _errors(result, "B04_ChiTieu") == [(4, "N/A")]


def test_a_number_too_large_for_a_code_or_a_year_is_one_cell_error_not_a_failed_run(
        tmp_path, run_ingest, con):
    """`1.2E+19` typed as a commune code and `1E+30` as a year: each cell is UNPARSEABLE_VALUE
    and the rest of the file is read. Before, converting the column stopped the whole batch,
    and the ingest of every file of the run with it."""
    b01 = b01_two_row_header()
    b01.rows[7][1] = 1.2e19  # Xã Yên Khoái's code
    b01.rows[7][24] = 1e30  # its NTM year
    result = _read(tmp_path / "alone", district_sheets(B01=b01))  # outside the run's folder
    assert [(f["row_number"], f["column_name"]) for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == "B01_TieuChiXa"] == [
        (8, "B (Mã xã)"), (8, "Y (Năm đạt chuẩn | NTM)")]
    codes = [r["commune_code"] for r in result.tables["b01_communes"]]
    assert codes == ["06532", None, "06544"]

    write(tmp_path / "raw" / "2023" / "20_188_2023.xlsx", district_sheets(B01=b01))
    good = district_sheets()
    good[0] = thongtin(2023, district="189", district_name="Huyện Đình Lập")
    write(tmp_path / "raw" / "2023" / "20_189_2023.xlsx", good)
    summary = run_ingest([2023])
    assert summary.files_read == 2
    assert con.execute("SELECT source_file, count(*) FROM raw.b01_communes GROUP BY 1 "
                       "ORDER BY 1").fetchall() == [("2023/20_188_2023.xlsx", 3),
                                                    ("2023/20_189_2023.xlsx", 3)]
