"""More workbooks as offices make them: variations found by building what an office would
send and comparing what a person reads with what reaches the raw tables."""

from __future__ import annotations

import pytest

from pipelines.ingest.sheet_xml import shown_format
from tests.office import (
    B02_VALUES,
    OfficeSheet,
    b02_sheet,
    district_sheets,
    simple_sheet,
    thongtin,
)
from tests.test_ingest_office import _b04, _b06, _flags, _read, _status

# --------------------------------------------------------------------------- running totals

_SINCE_THE_PERIOD = ["Thực hiện từ đầu giai đoạn", "Thực hiện từ đầu giai đoạn đến nay",
                     "Thực hiện đến nay", "Kết quả thực hiện tích lũy", "Thực hiện tích luỹ",
                     "Thực hiện 3 năm", "Thực hiện ba năm", "Thực hiện cả giai đoạn",
                     "Thực hiện từ đầu nhiệm kỳ"]


@pytest.mark.parametrize("result", _SINCE_THE_PERIOD)
def test_b04_a_result_headed_since_the_period_began_is_no_count_of_the_years_new_items(
        tmp_path, result):
    """`Thực hiện từ đầu giai đoạn | 9` beside `Kế hoạch | 2` for the communes newly NTM: the
    nine communes of the period so far were stored as the year's new ones, without a flag.
    Such a result is a running total, as `Lũy kế thực hiện` is: a share's year-end figure is
    read, a count of the year's new items is not."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 9],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
    sheet = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", result], body)
    got = _read(tmp_path, district_sheets(B04=sheet))
    rows = {r["indicator_code"]: (r["target"], r["actual"]) for r in got.tables["b04_targets"]}
    assert rows == {"XA_DAT_CHUAN_MOI": (2.0, None), "TY_LE_HO_NGHEO": (5.0, 4.8)}
    (flag,) = [f for f in _flags(got, "UNPARSEABLE_VALUE") if f["sheet"] == "B04_ChiTieu"]
    assert flag["row_number"] == 3 and flag["raw_value"] == "9"


@pytest.mark.parametrize("amount", ["Giá trị từ đầu giai đoạn", "Vốn huy động đến nay",
                                    "Số tiền tích lũy", "Giá trị thực hiện 3 năm",
                                    "Kinh phí huy động cả giai đoạn"])
def test_b02_money_headed_since_the_period_began_is_not_the_years(tmp_path, amount):
    """`Vốn huy động đến nay (triệu đồng)`: the money of the period so far, stored as the
    year's, without a flag. It is not read, as `Vốn huy động lũy kế` is not."""
    sheet = b02_sheet(["Mã nguồn", "Nguồn vốn", f"{amount} (triệu đồng)"])
    got = _read(tmp_path, district_sheets(B02=sheet))
    assert "b02_funding" not in got.tables
    assert _status(got, "B02")["status"] == "unusable"
    (column,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["sheet"] == "B02_NguonVon"]
    assert "running total" in column["message"]


def test_b06_the_years_own_figures_under_a_value_since_the_period_began_are_not_read(
        tmp_path):
    body = [["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 12],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06(["Mã chỉ số", "Chỉ số", "Giá trị từ đầu giai đoạn"], body)]
    got = _read(tmp_path, sheets, "2023/province.xlsx")
    values = {r["indicator_code"]: r["value"] for r in got.tables["b06_aggregates"]}
    assert values == {"SO_XA_DAT_CHUAN_MOI": None, "SO_XA_DAT_CHUAN": 120.0}
    assert [f["row_number"] for f in _flags(got, "UNPARSEABLE_VALUE")] == [3]


@pytest.mark.parametrize("result", ["Thực hiện", "Thực hiện từ đầu năm đến nay",
                                    "Thực hiện đến hết năm 2023", "Thực hiện 12 tháng năm 2023",
                                    "Ước thực hiện năm", "Thực hiện năm nay"])
def test_b04_results_of_the_year_said_in_other_words_are_read_as_before(tmp_path, result):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1]]
    sheet = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", result], body)
    got = _read(tmp_path, district_sheets(B04=sheet))
    (row,) = got.tables["b04_targets"]
    assert (row["target"], row["actual"]) == (2.0, 1.0)
    assert not [f for f in got.flags if f["sheet"] == "B04_ChiTieu"]


# --------------------------------------------------------------------------- B01 layouts

_HEADER = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), "Số tiêu chí đạt",
           "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _commune(stt: object, code: str, name: str, met: int, year: int | None = None) -> list:
    return [stt, code, name, *(["x"] * met + [None] * (19 - met)), met, year, None, None]


def test_b01_subtotals_of_clusters_of_communes_are_neither_communes_nor_the_total(tmp_path):
    """Communes grouped by cluster (`Cụm 1`, `Cụm xã phía Nam`), each closed by its subtotal
    (`Cộng cụm 1`): the subtotals were communes without a code, with an error at each
    count, and the unit's figures over its communes were not computed."""
    width = len(_HEADER)
    b01 = simple_sheet("B01_TieuChiXa", _HEADER, [
        ["I", "Cụm 1"],
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2019),
        _commune(2, "06541", "Xã Yên Khoái", 15),
        [None, "Cộng cụm 1", None, *([2] * 15 + [1] * 4), 34, 1, None, None],
        ["II", "Cụm xã phía Nam"],
        _commune(3, "06544", "Xã Khánh Xuân", 12),
        [None, "Tổng cụm xã phía Nam", *([None] * (width - 6)), 12],
        [None, "Tổng cộng", None, *([3] * 12 + [2] * 3 + [1] * 4), 46, 1, None, None]])
    got = _read(tmp_path, district_sheets(B01=b01))
    assert [(c["commune_code"], c["row_number"]) for c in got.tables["b01_communes"]] == [
        ("06532", 5), ("06541", 6), ("06544", 9)]
    assert {t["row_number"] for t in got.tables["sheet_totals"]
            if t["sheet"] == "B01_TieuChiXa"} == {11}
    assert not [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"]


def test_b01_a_commune_named_cong_after_a_cluster_word_is_still_a_commune(tmp_path):
    b01 = simple_sheet("B01_TieuChiXa", _HEADER, [
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2019),
        _commune(2, None, "Cộng Hòa", 15)])
    got = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_name"] for c in got.tables["b01_communes"]] == ["Xã Mẫu Sơn", "Cộng Hòa"]


def test_b01_listing_each_commune_once_per_year_in_a_year_column_reads_the_reporting_year(
        tmp_path):
    """A `Năm` column with each commune on a row for 2022 and one for 2023: the 2022 row was
    the commune's (the first), the 2023 row a DUPLICATE_ROW downstream, so Mẫu Sơn showed
    17 criteria and no NTM year. The rows of another year are notes, with an info."""
    b01 = simple_sheet("B01_TieuChiXa", ["Năm", *_HEADER], [
        [2022, *_commune(1, "06532", "Xã Mẫu Sơn", 17)],
        [2023, *_commune(1, "06532", "Xã Mẫu Sơn", 19, 2023)],
        ["2022", *_commune(2, "06541", "Xã Yên Khoái", 12)],
        ["2023", *_commune(2, "06541", "Xã Yên Khoái", 15)]])
    got = _read(tmp_path, district_sheets(B01=b01))
    communes = got.tables["b01_communes"]
    assert [(c["commune_code"], c["reported_count"], c["ntm_year"]) for c in communes] == [
        ("06532", 19, 2023), ("06541", 15, None)]
    marks = [m for m in got.tables["b01_marks"] if m["row_number"] in (4, 6)]
    assert marks == []
    (info,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if "communes of 2022" in f["message"]]
    assert info["severity"] == "info" and info["row_number"] == 4


def test_b01_listing_each_commune_under_a_heading_per_year_reads_the_reporting_year(tmp_path):
    b01 = simple_sheet("B01_TieuChiXa", _HEADER, [
        ["A", "NĂM 2022"],
        _commune(1, "06532", "Xã Mẫu Sơn", 17),
        _commune(2, "06541", "Xã Yên Khoái", 12),
        ["B", "Kết quả năm 2023"],
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2023),
        _commune(2, "06541", "Xã Yên Khoái", 15)])
    got = _read(tmp_path, district_sheets(B01=b01))
    assert [(c["row_number"], c["reported_count"]) for c in got.tables["b01_communes"]] == [
        (8, 19), (9, 15)]
    assert [f["row_number"] for f in _flags(got, "UNKNOWN_COLUMN")] == [5]


def test_b01_years_that_are_no_rows_year_leave_the_communes_read(tmp_path):
    """Good data near the rule: a `Năm` column giving the year each commune reached NTM
    (each commune once), and headings naming communes reached in a year, are left alone."""
    by_year = simple_sheet("B01_TieuChiXa", ["Năm", *_HEADER], [
        [2019, *_commune(1, "06532", "Xã Mẫu Sơn", 19, 2019)],
        [2023, *_commune(2, "06541", "Xã Yên Khoái", 19, 2023)],
        [None, *_commune(3, "06544", "Xã Khánh Xuân", 12)]])
    headed = simple_sheet("B01_TieuChiXa", _HEADER, [
        ["I", "Xã đạt chuẩn năm 2022"],
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2022),
        ["II", "Năm 2023"],
        _commune(2, "06541", "Xã Yên Khoái", 19, 2023)])
    by_heading = simple_sheet("B01_TieuChiXa", _HEADER, [
        ["I", "Năm 2022"], _commune(1, "06532", "Xã Mẫu Sơn", 19, 2022),
        ["II", "Năm 2023"], _commune(2, "06541", "Xã Yên Khoái", 19, 2023)])
    for b01, expected in ((by_year, ["06532", "06541", "06544"]), (headed, ["06532", "06541"]),
                          (by_heading, ["06532", "06541"])):
        got = _read(tmp_path, district_sheets(B01=b01), f"2023/{id(b01)}.xlsx")
        assert [c["commune_code"] for c in got.tables["b01_communes"]] == expected
        assert not [f for f in got.flags if "communes of" in f["message"]]


def test_b01_a_second_table_under_the_communes_is_no_communes(tmp_path):
    """A summary table under the list (`TỔNG HỢP` over `TT | Mức đạt tiêu chí | Số xã | Tỷ lệ
    (%)`): its header and rows were communes without a code, each with errors, and the
    unit's figures over its communes were not computed. They are notes, with an info."""
    b01 = simple_sheet("B01_TieuChiXa", _HEADER, [
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2019),
        _commune(2, "06541", "Xã Yên Khoái", 15),
        [], ["TỔNG HỢP"], ["TT", "Mức đạt tiêu chí", "Số xã", "Tỷ lệ (%)"],
        [1, "19 tiêu chí", 1, 50], [2, "15-18 tiêu chí", 1, 50]])
    got = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in got.tables["b01_communes"]] == ["06532", "06541"]
    (info,) = [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"]
    assert (info["check_code"], info["severity"], info["row_number"]) == (
        "SHEET_LAYOUT", "info", 8)
    kept = {c["row_number"] for c in got.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa"}
    assert {8, 9, 10} <= kept


def test_b01_the_header_repeated_at_a_page_break_still_leaves_the_communes_after_it(tmp_path):
    b01 = simple_sheet("B01_TieuChiXa", _HEADER, [
        _commune(1, "06532", "Xã Mẫu Sơn", 19, 2019), list(_HEADER),
        _commune(2, "06541", "Xã Yên Khoái", 15)])
    got = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in got.tables["b01_communes"]] == ["06532", "06541"]


# --------------------------------------------------------------------------- B04/B06 by unit


def test_b06_giving_each_districts_figures_under_its_heading_reads_the_provinces(tmp_path):
    """A province's B06 listing each district's figures under its name before its own
    (`Toàn tỉnh`, or `Tỉnh Lạng Sơn`): the first district's 20 communes were the province's
    SO_XA, the province's 200 a DUPLICATE_ROW downstream. The districts' rows are notes."""
    for own in ("Toàn tỉnh", "II. Tỉnh Lạng Sơn"):
        body = [["", "I. Huyện Lộc Bình", None], ["SO_XA", "Số xã", 20],
                ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 15], ["", "TP. Lạng Sơn", None],
                ["SO_XA", "Số xã", 3], ["", own, None], ["SO_XA", "Số xã", 200],
                ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120]]
        sheets = [thongtin(2023, level="Tỉnh", district=None),
                  _b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)]
        got = _read(tmp_path, sheets, f"2023/{own[:2]}.xlsx")
        values = [(r["indicator_code"], r["value"]) for r in got.tables["b06_aggregates"]
                  if r["indicator_code"]]
        assert values == [("SO_XA", 200.0), ("SO_XA_DAT_CHUAN", 120.0)]
        infos = [(f["row_number"], f["raw_value"]) for f in _flags(got, "UNKNOWN_COLUMN")]
        assert infos == [(3, "I. Huyện Lộc Bình"), (6, "TP. Lạng Sơn")]


def test_b04_giving_a_districts_targets_under_its_heading_reads_the_provinces(tmp_path):
    body = [["", "Huyện Lộc Bình"], ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã", 2, 1, 3],
            ["", "Toàn tỉnh"], ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã", 20, 18, 25]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                    "Kế hoạch năm sau"], body)]
    got = _read(tmp_path, sheets, "2023/province.xlsx")
    rows = [(r["target"], r["actual"]) for r in got.tables["b04_targets"]
            if r["indicator_code"]]
    assert rows == [(20.0, 18.0)]


def test_b06_sections_naming_units_without_repeating_the_units_figures_are_read(tmp_path):
    """Good data near the rule: a section heading naming no place over indicators the unit's
    own rows do not give, a district's own B06 headed by its name, are read as listed (a
    district's heading in a province's B06 heads that district's figures:
    ``test_ingest_headings_of_communes_and_districts.py``)."""
    body = [["SO_XA", "Số xã", 200], ["", "II. Chỉ số về huyện", None],
            ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", 4]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              _b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)]
    got = _read(tmp_path, sheets, "2023/province.xlsx")
    values = [(r["indicator_code"], r["value"]) for r in got.tables["b06_aggregates"]
              if r["indicator_code"]]
    assert values == [("SO_XA", 200.0), ("SO_HUYEN_DAT_CHUAN", 4.0)]
    assert not _flags(got, "UNKNOWN_COLUMN")
    own = [["", "Huyện Lộc Bình", None], ["SO_XA", "Số xã", 20], ["SO_XA_DAT_CHUAN", "", 15]]
    got = _read(tmp_path, [thongtin(2023), _b06(["Mã chỉ số", "Chỉ số", "Giá trị"], own)],
                "2023/district.xlsx")
    assert [r["value"] for r in got.tables["b06_aggregates"] if r["indicator_code"]] == [
        20.0, 15.0]


# --------------------------------------------------------------------------- number formats


def _b02_formatted(values: dict[str, float], code: str, header: str) -> OfficeSheet:
    sheet = b02_sheet(["Mã nguồn", "Nguồn vốn", header], values=values)
    for i, row in enumerate(sheet.rows):
        if row and row[0] in values:
            sheet.formats[(i, 2)] = code
    return sheet


@pytest.mark.parametrize(("code", "factor"), [("#,##0,,", 1e-6), ("#,##0.0,", 1e-3),
                                              ("#,##0.00,,;[Red]-#,##0.00,,", 1e-6)])
def test_b02_amounts_formatted_to_show_millions_are_read_as_shown(tmp_path, code, factor):
    """Amounts in đồng formatted `#,##0,,` show `1.201` under `Giá trị (triệu đồng)`: a
    person reads 1,201 million; 1,200,500,000 million VND reached the raw table without a
    flag. Each is read as shown, with one UNIT_CONVERTED info for the sheet."""
    values = {code_: round(amount / factor) for code_, amount in B02_VALUES.items()}
    sheet = _b02_formatted(values, code, "Giá trị (triệu đồng)")
    got = _read(tmp_path, district_sheets(B02=sheet))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in got.tables["b02_funding"]}
    assert amounts == pytest.approx(B02_VALUES)
    (note,) = _flags(got, "UNIT_CONVERTED")
    assert note["severity"] == "info" and note["row_number"] == 3


def test_b02_an_amount_formatted_with_its_unit_after_it_is_read_in_that_unit(tmp_path):
    """`1,2` formatted `0.0" tỷ"` shows `1,2 tỷ` under `(triệu đồng)`: it was 1.2 million."""
    sheet = _b02_formatted({"1": 1.2, "2": 800.0}, '#,##0.0" tỷ"', "Giá trị (triệu đồng)")
    sheet.formats = {pos: fmt for pos, fmt in sheet.formats.items() if pos[0] == 2}
    got = _read(tmp_path, district_sheets(B02=sheet))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in got.tables["b02_funding"]}
    assert amounts == {"1": 1200.0, "2": 800.0}


@pytest.mark.parametrize("code", ["#,##0", "#,##0.0", '0.0" %"', "0.0%",
                                  "#,##0.00_);[Red](#,##0.00)"])
def test_b02_amounts_in_formats_showing_them_as_stored_are_read_as_before(tmp_path, code):
    sheet = _b02_formatted(B02_VALUES, code, "Giá trị (triệu đồng)")
    got = _read(tmp_path, district_sheets(B02=sheet))
    assert not _flags(got, "UNIT_CONVERTED")
    if "%" not in code:
        amounts = {r["source_code"]: r["amount_million_vnd"]
                   for r in got.tables["b02_funding"]}
        assert amounts == B02_VALUES


def test_shown_format_tells_the_scaling_and_the_unit_a_format_shows():
    assert shown_format("#,##0,,") == (1_000_000, "")
    assert shown_format('#,##0.0," nghìn"') == (1000, "nghìn")
    assert shown_format('0.0" tỷ"') == (1, "tỷ")
    assert shown_format('#,##0 "tr.đ"') == (1, "tr.đ")
    assert shown_format("#,##0") is None
    assert shown_format("#,##0.00_);(#,##0.00)") is None
    assert shown_format('#,##0" m2"') is None
    assert shown_format("0.0%") is None
    assert shown_format("dd/mm/yyyy") is None
    assert shown_format('#,##0,"%"') == (1000, "")


# --------------------------------------------------------------------------- merged figures


def test_b02_one_amount_merged_over_two_sources_is_neither_sources(tmp_path):
    """`300` merged over `6.1 Tiền mặt` and `6.2 Hiến đất` is their money together: it was
    read as the cash alone (300) and the land as nothing, without a flag. Neither row's
    share is known: both are unreadable, with an error at each."""
    rows = [["1", "Ngân sách trung ương", 1200.5], ["6", "Cộng đồng dân cư", 350],
            ["6.1", "Tiền mặt", 300], ["6.2", "Hiến đất", None],
            ["6.3", "Ngày công lao động", 50]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["Đơn vị tính: triệu đồng"],
                                         ["Mã nguồn", "Nguồn vốn", "Giá trị"], *rows],
                        merges=[(5, 2, 6, 2)])
    got = _read(tmp_path, district_sheets(B02=sheet))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in got.tables["b02_funding"]}
    assert read == {"1": (1200.5, False), "6": (350.0, False), "6.1": (None, True),
                    "6.2": (None, True), "6.3": (50.0, False)}
    flags = [(f["row_number"], f["raw_value"]) for f in _flags(got, "UNPARSEABLE_VALUE")]
    assert flags == [(6, "300 (merged over rows 6-7)"), (7, "300 (merged over rows 6-7)")]


def test_b04_one_target_merged_over_two_indicators_is_neither_indicators(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1],
            ["XA_NANG_CAO_MOI", "Số xã đạt chuẩn NTM nâng cao mới", "xã", None, 1]]
    sheet = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"], body,
                 merges=[(2, 3, 3, 3)])
    got = _read(tmp_path, district_sheets(B04=sheet))
    assert [(r["target"], r["actual"]) for r in got.tables["b04_targets"]] == [
        (None, 1.0), (None, 1.0)]
    assert [f["row_number"] for f in _flags(got, "UNPARSEABLE_VALUE")] == [3, 4]


def test_an_amount_merged_over_its_source_and_a_note_under_it_is_read_as_before(tmp_path):
    """Good data near the rule: the note's row has no code, so the amount is the source's."""
    rows = [["1", "Ngân sách trung ương", 1200.5], [None, "(vốn sự nghiệp)", None],
            ["2", "Ngân sách địa phương", 800]]
    b02 = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["Đơn vị tính: triệu đồng"],
                                       ["Mã nguồn", "Nguồn vốn", "Giá trị"], *rows],
                      merges=[(3, 2, 4, 2)])
    got = _read(tmp_path, district_sheets(B02=b02))
    assert {r["source_code"]: r["amount_million_vnd"] for r in got.tables["b02_funding"]
            if r["source_code"]} == {"1": 1200.5, "2": 800.0}
    assert not _flags(got, "UNPARSEABLE_VALUE")
