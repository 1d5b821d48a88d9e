"""Which unit and year a submission reports when ThongTin does not say it plainly: a workbook
sent without ThongTin whose sheets' titles name the unit and the year, a ThongTin year given
as a period, a date or with a note (docs/ingest.md, YEAR_FROM_TITLE and UNIT_BY_NAME)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.discover import FoundFile
from pipelines.ingest.reader import read_found
from tests.office import (
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    district_sheets,
    simple_sheet,
    thongtin,
    write,
)
from tests.test_ingest_office import _flags, _read, _without_year_key

TITLES = [["UBND HUYỆN LỘC BÌNH"],
          ["BÁO CÁO KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2023"],
          ["Huyện Lộc Bình, tỉnh Lạng Sơn"],
          ["(Kèm theo Báo cáo số 123/BC-UBND ngày 10/01/2024 của UBND huyện Lộc Bình)"]]


def _b01(titles: list[list] = TITLES) -> OfficeSheet:
    """B01 under the given title lines, as offices head it."""
    b01 = b01_two_row_header(title_rows=0)
    b01.rows[:0] = [list(t) for t in titles]
    b01.merges = [(r0 + len(titles), c0, r1 + len(titles), c1) for r0, c0, r1, c1 in b01.merges]
    return b01


def _without_thongtin(titles: list[list] = TITLES, **sheets: OfficeSheet) -> list[OfficeSheet]:
    return district_sheets(B01=_b01(titles), **sheets)[1:]


def _year_cell(value) -> OfficeSheet:
    info = thongtin(2023)
    next(r for r in info.rows if r[:1] == ["Năm báo cáo"])[1] = value
    return info


# --------------------------------------------------------------------------- without ThongTin


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_workbook_without_thongtin_is_read_as_the_unit_and_year_its_titles_name(
        tmp_path, suffix):
    result = _read(tmp_path, _without_thongtin(), f"2023/no_thongtin.{suffix}")
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.district_code, ident.year, ident.revision,
            ident.signed_on, ident.criteria_set) == (
        "district", "20", "188", 2023, 1, None, "2021-2025")
    flags = sorted(_flags(result, "YEAR_FROM_TITLE") + _flags(result, "UNIT_BY_NAME"),
                   key=lambda f: f["row_number"])
    assert [(f["check_code"], f["severity"], f["sheet"], f["row_number"], f["column_name"])
            for f in flags] == [("YEAR_FROM_TITLE", "warning", "B01_TieuChiXa", 2, "A"),
                                ("UNIT_BY_NAME", "warning", "B01_TieuChiXa", 3, "A")]
    assert all("no ThongTin sheet" in f["message"] for f in flags)
    assert flags[1]["raw_value"] == "Huyện Lộc Bình, tỉnh Lạng Sơn"
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert "thongtin" not in result.tables


@pytest.mark.parametrize("titles", [
    # the unit in the title's own words, the signing date beside the motto
    [["UBND HUYỆN LỘC BÌNH", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
     [None, None, None, None, "Lộc Bình, ngày 10 tháng 01 năm 2024"],
     ["KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM TRÊN ĐỊA BÀN HUYỆN LỘC BÌNH TỈNH LẠNG SƠN NĂM 2023"]],
    # the period of the programme beside the year, a date left to fill in
    [["BIỂU 01: KẾT QUẢ THỰC HIỆN NĂM 2023, GIAI ĐOẠN 2021-2025"],
     ["Huyện Lộc Bình - Tỉnh Lạng Sơn"], ["ngày ... tháng ... năm 2024"]],
])
def test_titles_naming_dates_periods_and_the_unit_in_their_own_words_are_read(tmp_path, titles):
    result = _read(tmp_path, _without_thongtin(titles))
    assert result.reject_reason is None
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)


def test_a_province_workbook_without_thongtin_is_the_provinces_by_its_titles(tmp_path):
    b06 = OfficeSheet("B06_TongHop", [
        ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"], ["BIỂU 06: TỔNG HỢP KẾT QUẢ NĂM 2023"],
        ["Mã chỉ số", "Chỉ số", "Giá trị"], ["SO_XA_NTM", "Số xã đạt chuẩn NTM", 120]])
    sheets = [b06, *district_sheets()[2:3], *district_sheets()[4:5]]  # B06, B02, B04
    result = _read(tmp_path, sheets)
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.district_code, ident.year) == (
        "province", "20", None, 2023)
    [unit] = _flags(result, "UNIT_BY_NAME")
    assert (unit["sheet"], unit["row_number"]) == ("B06_TongHop", 1)
    # the same titles over a district's sheets (B05): which level reports cannot be told
    b01 = _b01([["UBND TỈNH LẠNG SƠN"], ["BÁO CÁO KẾT QUẢ NĂM 2023"]])
    refused = _read(tmp_path, district_sheets(B01=b01)[1:], "2023/b.xlsx")
    assert refused.identity is None and "B05 and no B06" in refused.reject_reason


@pytest.mark.parametrize(("titles", "seen"), [
    ([*TITLES, ["(Kế hoạch năm 2024)"]], "the years 2023 (B01_TieuChiXa A2); 2024"),
    ([["UBND HUYỆN LỘC BÌNH"], ["BÁO CÁO KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI"]],
     "no year"),
    ([["UBND HUYỆN CHÂU THÀNH"], ["BÁO CÁO KẾT QUẢ NĂM 2023"]],
     "no province, and 'UBND HUYỆN CHÂU THÀNH' (B01_TieuChiXa A1) is the name of 10 districts"),
    ([["BÁO CÁO KẾT QUẢ NĂM 2023"], ["Huyện Lộc Bình, tỉnh Cao Bằng"]],
     "a district not in the province"),
    ([["BÁO CÁO KẾT QUẢ NĂM 2023"], ["Huyện Lộc Bình, tỉnh Lạng Sơn"],
      ["Huyện Đình Lập, tỉnh Lạng Sơn"]], "several districts"),
    ([["BÁO CÁO KẾT QUẢ NĂM 2023"], ["Tỉnh Lạng Sơn"], ["Tỉnh Cao Bằng"]], "several provinces"),
    # a district's name typed wrong beside its province: not read as the province's report
    ([["BÁO CÁO KẾT QUẢ NĂM 2023"], ["Huyện Lộc Bìn, tỉnh Lạng Sơn"]], "B05 and no B06"),
])
def test_a_workbook_without_thongtin_whose_titles_are_not_certain_is_rejected(
        tmp_path, titles, seen):
    result = _read(tmp_path, _without_thongtin(titles))
    assert result.identity is None
    assert result.reject_reason.startswith("no ThongTin sheet, and which unit and year")
    assert seen in result.reject_reason
    assert "B01_TieuChiXa" in result.reject_reason  # the sheets found


@pytest.mark.parametrize(("unit", "province", "code"), [
    ("UBND HUYỆN LỘC BÌNH", "20", "188"), ("UBND THÀNH PHỐ LẠNG SƠN", "20", "178"),
    ("UBND huyện Tân Phú", "75", "734")])
def test_titles_naming_a_district_no_other_district_shares_name_its_province(
        tmp_path, unit, province, code):
    """`UBND HUYỆN LỘC BÌNH` over a report of 2023 and no province named: Lộc Bình is one
    district of the map, in Lạng Sơn, as a person reading it knows."""
    result = _read(tmp_path, _without_thongtin([[unit], ["BÁO CÁO KẾT QUẢ NĂM 2023"]]))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.district_code, ident.year) == (
        "district", province, code, 2023)
    [said] = _flags(result, "UNIT_BY_NAME")
    assert (said["sheet"], said["row_number"], said["severity"]) == ("B01_TieuChiXa", 1,
                                                                     "warning")
    assert f"read as the district {code}" in said["message"]


def test_titles_naming_another_year_in_another_sheet_leave_the_file_rejected(tmp_path):
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Thực hiện", "Kế hoạch năm sau"],
                       [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1]],
                       title="BIỂU 04: CHỈ TIÊU NĂM 2022")
    result = _read(tmp_path, _without_thongtin(B04=b04))
    assert result.identity is None and "2022 (B04_ChiTieu A1)" in result.reject_reason


def test_a_year_from_the_titles_must_agree_with_the_year_folder(tmp_path):
    path = write(tmp_path / "raw" / "2024" / "t.xlsx", _without_thongtin())
    result = read_found(FoundFile(path, "2024/t.xlsx", "xlsx", 0, "sha", 2024))
    assert result.identity is None and "the folder of 2024" in result.reject_reason


def test_titles_naming_no_unit_but_words_like_unit_types_name_none(tmp_path):
    """`TIÊU CHÍ HUYỆN NÔNG THÔN MỚI`, `cấp tỉnh`: a unit's type without a unit's name."""
    titles = [["BIỂU 01: TIÊU CHÍ XÃ, TIÊU CHÍ HUYỆN NÔNG THÔN MỚI CẤP TỈNH NĂM 2023"]]
    result = _read(tmp_path, _without_thongtin(titles))
    assert result.identity is None and "no province" in result.reject_reason


@pytest.mark.parametrize(("unit", "code"), [
    ("Huyện Quan Hóa, tỉnh Thanh Hóa", "385"),  # a type word (quận) begins its name
    ("Huyện Nam Đàn, tỉnh Nghệ An", "430"),  # `Nam` folds as `năm` does
    ("Thị xã Thái Hòa, tỉnh Nghệ An", "414"),  # the map writes `Thái Hoà`
    ("Huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu", "750"),  # a dash in the province's name
    ("UBND THÀNH PHỐ LẠNG SƠN - TỈNH LẠNG SƠN", "178"),  # a city of a province
    ("Đơn vị: Huyện: Lộc Bình; Tỉnh: Lạng Sơn", "188"),  # a form's lines
])
def test_units_whose_names_hold_type_words_or_dashes_are_read(tmp_path, unit, code):
    result = _read(tmp_path, _without_thongtin([["BÁO CÁO KẾT QUẢ NĂM 2023"], [unit]]))
    assert result.reject_reason is None and result.identity.unit_code == code


# --------------------------------------------------------------------------- the year's cell


@pytest.mark.parametrize("value", ["2023-2024", "Giai đoạn 2021-2025", "Năm 2023 - 2024",
                                   "2022 - 2023"])
def test_thongtin_year_given_as_a_period_takes_the_one_year_the_titles_name(tmp_path, value):
    result = _read(tmp_path, district_sheets(ThongTin=_year_cell(value), B01=_b01()))
    assert result.reject_reason is None and result.identity.year == 2023
    [flag] = _flags(result, "YEAR_FROM_TITLE")
    assert (flag["severity"], flag["sheet"], flag["row_number"], flag["column_name"]) == (
        "warning", "B01_TieuChiXa", 2, "A")
    assert value in flag["message"]


@pytest.mark.parametrize(("value", "b01", "seen"), [
    ("2023-2024", None, "name no year"),  # the usual B01's titles name no year
    ("2023-2024", [*TITLES, ["(Kế hoạch năm 2024)"]], "the years 2023"),
    ("2024-2025", TITLES, "is not 2024 to 2025"),
])
def test_thongtin_year_given_as_a_period_without_one_year_in_it_is_rejected(
        tmp_path, value, b01, seen):
    sheets = district_sheets(ThongTin=_year_cell(value), **({"B01": _b01(b01)} if b01 else {}))
    result = _read(tmp_path, sheets)
    assert result.identity is None
    assert result.reject_reason.startswith(f"ThongTin row 8: 'Năm báo cáo' '{value}' is a "
                                           "period, not a year")
    assert seen in result.reject_reason


def test_thongtin_year_given_as_a_period_must_agree_with_the_year_folder(tmp_path):
    path = write(tmp_path / "raw" / "2024" / "t.xlsx",
                 district_sheets(ThongTin=_year_cell("2023-2024"), B01=_b01()))
    result = read_found(FoundFile(path, "2024/t.xlsx", "xlsx", 0, "sha", 2024))
    assert result.identity is None and "the folder of 2024" in result.reject_reason


@pytest.mark.parametrize(("value", "year"), [
    ("2023 (số liệu đến 31/12/2023)", 2023),
    ("Năm 2023 (tính đến 31/12/2023)", 2023),
    ("2023 (số liệu đến 30/9/2023)", None),  # part of the year
    ("2023 (kế hoạch năm 2024)", None),  # another year
])
def test_thongtin_year_with_a_note_naming_that_year_alone_is_the_year(tmp_path, value, year):
    result = _read(tmp_path, district_sheets(ThongTin=_year_cell(value)))
    if year is None:
        assert result.identity is None and value in result.reject_reason
    else:
        assert result.reject_reason is None and result.identity.year == year
        assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("value", [dt.date(2024, 1, 10), "10/01/2024"])
def test_thongtin_year_given_as_a_date_other_than_the_years_end_is_not_its_year(
        tmp_path, value):
    """The report's date typed where its year goes: 2024 was read without a word, a 2023
    report placed in 2024."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_cell(value)))
    assert result.identity is None
    assert "'Năm báo cáo' '10/01/2024' is a date, not a year" in result.reject_reason
    titled = _read(tmp_path, district_sheets(ThongTin=_year_cell(value), B01=_b01()),
                   "2023/titled.xlsx")
    assert titled.reject_reason is None and titled.identity.year == 2023
    [flag] = _flags(titled, "YEAR_FROM_TITLE")
    assert (flag["sheet"], flag["row_number"]) == ("B01_TieuChiXa", 2)


@pytest.mark.parametrize("value", [dt.date(2023, 12, 31), "31/12/2023", "Năm 2023", 2023,
                                   "2023"])
def test_thongtin_year_as_the_years_end_or_with_its_word_is_read_as_before(tmp_path, value):
    """Pinned: these were read before and must stay read, without a flag about the year."""
    result = _read(tmp_path, district_sheets(ThongTin=_year_cell(value), B01=_b01()))
    assert result.reject_reason is None and result.identity.year == 2023
    assert not _flags(result, "YEAR_FROM_TITLE") and not _flags(result, "UNIT_BY_NAME")


def test_thongtin_year_given_as_a_period_takes_the_year_of_thongtins_own_title(tmp_path):
    """ThongTin's title names the year; the covering report's date under it is no year."""
    info = _year_cell("2023-2024")
    info.rows[:1] = [["THÔNG TIN CHUNG VỀ BÁO CÁO KẾT QUẢ NĂM 2023"],
                     ["(Kèm theo Báo cáo số 123/BC-UBND ngày 10 tháng 01 năm 2024)"]]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None and result.identity.year == 2023
    [flag] = _flags(result, "YEAR_FROM_TITLE")
    assert (flag["sheet"], flag["row_number"], flag["column_name"]) == ("ThongTin", 1, "A")


@pytest.mark.parametrize(("title", "year"), [
    # the covering report's date: no year, and nothing else names one
    ([["THÔNG TIN CHUNG"], ["(Kèm theo Báo cáo số 15/BC-UBND ngày 10 tháng 01 năm 2024)"]],
     None),
    ([["BÁO CÁO KẾT QUẢ NĂM 2023"], ["Lộc Bình, ngày 10 tháng 01 năm 2024"]], 2023),
])
def test_thongtin_without_its_year_key_does_not_take_a_dates_year_for_it(tmp_path, title, year):
    """Before, `ngày 10 tháng 01 năm 2024` under ThongTin's title made a 2023 report 2024's
    (and a title naming 2023 beside it left the file refused for naming two years)."""
    result = _read(tmp_path, district_sheets(ThongTin=_without_year_key(title)))
    if year is None:
        assert result.reject_reason == "ThongTin has no 'Năm báo cáo'"
    else:
        assert result.reject_reason is None and result.identity.year == year


def test_thongtin_without_its_year_key_takes_the_one_year_the_other_sheets_titles_name(
        tmp_path):
    info = _without_year_key([["THÔNG TIN CHUNG"]])
    result = _read(tmp_path, district_sheets(ThongTin=info, B01=_b01()))
    assert result.reject_reason is None and result.identity.year == 2023
    [flag] = _flags(result, "YEAR_FROM_TITLE")
    assert (flag["sheet"], flag["row_number"], flag["column_name"]) == ("B01_TieuChiXa", 2, "A")
    assert "(B01_TieuChiXa row 2)" in flag["message"]
    two = _b01([*TITLES, ["(Kế hoạch năm 2024)"]])
    assert _read(tmp_path, district_sheets(ThongTin=info, B01=two), "2023/two.xlsx"
                 ).reject_reason == "ThongTin has no 'Năm báo cáo'"


def test_a_thongtin_left_blank_is_read_by_the_titles_and_one_filled_in_is_not(tmp_path):
    form = OfficeSheet("ThongTin", [["THÔNG TIN CHUNG VỀ BÁO CÁO"], ["Cấp báo cáo", None],
                                    ["Mã tỉnh", None], ["Năm báo cáo", None],
                                    ["Ngày lập", "(ngày/tháng/năm)"]])
    result = _read(tmp_path, district_sheets(ThongTin=form, B01=_b01()))
    assert result.reject_reason is None and result.identity.unit_code == "188"
    assert {f["message"].split(";")[0] for f in _flags(result, "UNIT_BY_NAME")} == {
        "ThongTin is not filled in"}
    kept = {c["value"] for c in result.tables["unmapped_cells"] if c["sheet"] == "ThongTin"}
    assert {"Cấp báo cáo", "(ngày/tháng/năm)"} <= kept
    # a value under a key the intake does not know says something: not the titles' to decide
    form.rows.append(["Đơn vị báo cáo", "UBND huyện Đình Lập"])
    refused = _read(tmp_path, district_sheets(ThongTin=form, B01=_b01()), "2023/b.xlsx")
    assert refused.identity is None
    assert refused.reject_reason == "ThongTin has no 'Cấp báo cáo' (Huyện or Tỉnh)"
