"""B01's commune statuses (NTM, nâng cao, kiểu mẫu) as offices write them: what reaches
raw.b01_communes, and what is kept out with a flag (docs/ingest.md)."""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, b01_two_row_header, district_sheets, simple_sheet
from tests.test_ingest_office import _flags, _read

_YEARS = ("ntm_year", "advanced_year", "model_year")


def _statuses(result) -> list[tuple]:
    return [(r["commune_code"], *(r[c] for c in _YEARS), r["status_years_unreadable"],
             r["status_years_marked"]) for r in result.tables["b01_communes"]]


def _b01_with(headers: list[str], cells: list[list]) -> object:
    """A B01 in one header row: the criteria 1-19, then ``headers``, one row of ``cells``
    for each of three communes (all 19 criteria met)."""
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), *headers]
    communes = [("06532", "Xã Mẫu Sơn"), ("06541", "Xã Yên Khoái"), ("06544", "Xã Khánh Xuân")]
    body = [[k, code, name, *["x"] * 19, *row]
            for k, ((code, name), row) in enumerate(zip(communes, cells, strict=True), 1)]
    return simple_sheet("B01_TieuChiXa", header, body)


_STATUS_COLUMNS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def test_a_remark_saying_a_status_was_withdrawn_leaves_that_status_unread(tmp_path):
    """`Bị thu hồi QĐ công nhận NTM nâng cao năm 2023` in Ghi chú beside an advanced year, `Không
    còn đạt chuẩn NTM` beside an NTM year: both communes were read as holding the status they
    lost, without a flag. The level named (and those above it) is now unknown, with an error
    at the remark; the NTM year of the first, which no remark doubts, is still read."""
    b01 = _b01_with([*_STATUS_COLUMNS, "Ghi chú"], [
        [2019, 2022, None, "Bị thu hồi QĐ công nhận NTM nâng cao năm 2023"],
        [2020, None, None, "Không còn đạt chuẩn NTM"],
        [2018, "x", None, "Xã bị thu hồi quyết định công nhận"]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, None, None, "advanced_year", None),
        ("06541", None, None, None, "ntm_year", None),
        ("06544", None, None, None, "ntm_year, advanced_year", None)]
    errors = _flags(result, "UNPARSEABLE_VALUE")
    assert [(f["severity"], f["row_number"], f["column_name"]) for f in errors] == [
        ("error", 4, "Z (Ghi chú)"), ("error", 5, "Z (Ghi chú)"), ("error", 6, "Z (Ghi chú)")]
    assert "advanced_year is not read" in errors[0]["message"]


@pytest.mark.parametrize(("header", "remark"), [
    ("Tình trạng", "Đang đề nghị công nhận"),
    ("Kết quả", "Đủ điều kiện xét công nhận"),
    ("Ghi chú", "Đã thẩm định, chờ công nhận"),
    ("Quyết định công nhận", "Chờ QĐ của UBND tỉnh"),
    ("Ghi chú", "Đã trình UBND tỉnh xét, chưa có quyết định"),
    ("Tình trạng đạt chuẩn", "Chưa đạt"),
])
def test_a_status_only_proposed_or_awaiting_recognition_is_not_read_as_reached(
        tmp_path, header, remark):
    """A commune proposed for recognition, its year typed beside a column saying so
    (`Tình trạng: Đang đề nghị công nhận`, `Quyết định công nhận: Chờ QĐ`), was counted as NTM
    since 2023, newly so in the report's year. Its NTM status is now unknown, with an error at
    the remark."""
    b01 = _b01_with([header, *_STATUS_COLUMNS], [
        [None, 2019, 2022, None], [None, None, None, None], [remark, 2023, None, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, 2022, None, None, None), ("06541", None, None, None, None, None),
        ("06544", None, None, None, "ntm_year", None)]
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["row_number"], error["column_name"], error["raw_value"]) == (
        6, f"W ({header})", remark)


def test_a_remark_on_a_level_not_given_changes_nothing(tmp_path):
    """`Đề nghị công nhận NTM nâng cao năm 2024` beside an NTM year and a blank advanced year:
    the commune is NTM; the level proposed is not given, and stays not reached."""
    b01 = _b01_with([*_STATUS_COLUMNS, "Ghi chú"], [
        [2019, None, None, "Đề nghị công nhận NTM nâng cao năm 2024"],
        [2021, 2023, None, "Đang hoàn thiện hồ sơ đề nghị công nhận NTM kiểu mẫu"],
        [None, None, None, "Không còn đạt chuẩn"]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, None, None, None, None), ("06541", 2021, 2023, None, None, None),
        ("06544", None, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("remark", [
    "Đạt chuẩn năm 2019", "Không bị thu hồi", "Đang duy trì, nâng chất các tiêu chí",
    "Đề nghị hỗ trợ vốn làm đường", "Chưa đạt TC 17 (sau sáp nhập)",
    "QĐ số 123/QĐ-UBND ngày 15/12/2019", "Đã đạt lại tiêu chí 17 năm 2023",
    "Đã được thẩm định và công nhận", "Thị trấn Chờ cũ",
])
def test_remarks_that_do_not_doubt_the_status_leave_it_read(tmp_path, remark):
    """Good remarks near the words of the rule above: a year reached, a withdrawal denied,
    upkeep, a request for money, a criterion not met, a dated decision, a place named Chờ."""
    b01 = _b01_with([*_STATUS_COLUMNS, "Ghi chú", "Tình trạng"], [
        [2019, 2022, 2024, remark, "NTM kiểu mẫu"], [2020, None, None, None, remark],
        [None, None, None, remark, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, 2022, 2024, None, None), ("06541", 2020, None, None, None, None),
        ("06544", None, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_status_years_given_by_month_or_with_the_columns_own_level_are_read(tmp_path):
    """`12/2019` (the month of the decision), `tháng 11/2020`, `Đạt chuẩn NTM năm 2019` under
    the NTM year and `Đạt NTM nâng cao (2023)` under the advanced one: a person reads the year.
    They were UNPARSEABLE_VALUE, and the communes' statuses unknown."""
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    rows = [b01.find(code)[0] for code in ("06532", "06541", "06544")]
    b01.rows[rows[0]][col:col + 2] = ["12/2019", "Đạt NTM nâng cao (2023)"]
    b01.rows[rows[1]][col] = "tháng 11/2020"
    b01.rows[rows[2]][col] = "Đạt chuẩn NTM năm 2019"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, 2023, None, None, None), ("06541", 2020, None, None, None, None),
        ("06544", 2019, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    # the level in brackets after the year (before, UNPARSEABLE_VALUE)
    b01.rows[rows[0]][col:col + 2] = ["2019 (NTM)", "2022 [NC]"]
    result = _read(tmp_path, district_sheets(B01=b01), name="2023/brackets.xlsx")
    assert _statuses(result)[0] == ("06532", 2019, 2022, None, None, None)
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("typed", [
    "Đạt NTM nâng cao (2023)", "NTM 2019; NC 2023", "2019, 2023", "2019 (công nhận lại 2024)",
    "2023 (NC)",
    "13/2019", "Đang đề nghị công nhận", "Đủ điều kiện xét công nhận",
    "Đã thẩm định, chờ công nhận", "Bị thu hồi", "Không còn đạt", "Dự kiến NTM 2025",
])
def test_status_cells_naming_another_level_two_years_or_no_recognition_stay_unread(
        tmp_path, typed):
    """Under the NTM year: another level's year, two years, a month that is none, or words
    saying the commune is only proposed, awaiting, or lost the status: the NTM status is
    unknown, with an error at the cell (pinned: read so before, and the rule above must not
    read them)."""
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    b01.rows[b01.find("06541")[0]][col] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result)[1] == ("06541", None, None, None, "ntm_year", None)
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [typed]


def test_a_decision_awaited_under_a_levels_group_leaves_that_level_unread(tmp_path):
    """Each level a group over `Năm đạt chuẩn | Số QĐ`; `Chờ QĐ` under the advanced level's
    decision: the advanced year typed beside it (2022) was read. That level is now unknown,
    the NTM year of the row still read, since the remark is the advanced level's."""
    top = ["STT", "Mã xã", "Tên xã", "Tiêu chí", *[None] * 18, "Nông thôn mới", None,
           "Nông thôn mới nâng cao", None, "Nông thôn mới kiểu mẫu", None]
    low = [None, None, None, *map(str, range(1, 20)), *["Năm đạt chuẩn", "Số QĐ"] * 3]
    rows = [["BIỂU 01"], top, low,
            [1, "06532", "Xã Mẫu Sơn", *["x"] * 19, 2019, "12/QĐ-UBND", 2022, "Chờ QĐ",
             None, None],
            [2, "06541", "Xã Yên Khoái", *["x"] * 19, 2020, "Số 5/QĐ-UBND ngày 1/12/2020",
             None, None, None, None]]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 21), (1, 22, 1, 23),
              (1, 24, 1, 25), (1, 26, 1, 27)]
    result = _read(tmp_path, district_sheets(B01=OfficeSheet("B01_TieuChiXa", rows, merges)))
    assert _statuses(result) == [("06532", 2019, None, None, "advanced_year", None),
                                 ("06541", 2020, None, None, None, None)]
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["row_number"], error["column_name"]) == (
        4, "Z (Nông thôn mới nâng cao | Số QĐ)")


def test_extra_columns_that_say_nothing_of_the_status_leave_it_read(tmp_path):
    """Good columns near the rule's words: an extra mark beside the statuses (`Xã đạt chuẩn về
    tiếp cận pháp luật: Chưa đạt`), a request (`Kiến nghị: Đã đề nghị tỉnh hỗ trợ vốn`), work
    to finish (`Nội dung cần hoàn thiện: Đang hoàn thiện TC 17`), a plan's column (`Năm đăng ký
    đạt NTM nâng cao: Đang đề nghị`)."""
    headers = [*_STATUS_COLUMNS, "Xã đạt chuẩn về tiếp cận pháp luật", "Kiến nghị",
               "Nội dung cần hoàn thiện", "Năm đăng ký đạt NTM kiểu mẫu"]
    remarks = ["Chưa đạt", "Đã đề nghị tỉnh hỗ trợ vốn", "Đang hoàn thiện TC 17",
               "Đang đề nghị"]
    b01 = _b01_with(headers, [[2019, 2022, None, *remarks], [2020, None, None, *remarks],
                              [None, None, None, *remarks]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, 2022, None, None, None), ("06541", 2020, None, None, None, None),
        ("06544", None, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("header", ["Năm đạt chuẩn NTM, NTM nâng cao",
                                    "Năm đạt chuẩn NTM và NTM nâng cao",
                                    "Năm công nhận NTM/NTMNC"])
def test_a_status_column_naming_two_levels_is_not_read(tmp_path, header):
    """One year column headed with NTM and its advanced level: read as the advanced year, a
    commune NTM since 2019 was advanced since 2019, without a flag. Which level a year in it
    is of cannot be told: not read, a warning naming the column."""
    b01 = _b01_with([header, "Năm đạt NTM kiểu mẫu"], [[2019, None], [2021, None],
                                                       [None, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[1:5] for r in _statuses(result)] == [
        (None, None, None, "ntm_year, advanced_year")] * 3
    assert any(f["column_name"] == f"W ({header})" and "two status levels" in f["message"]
               for f in _flags(result, "SHEET_LAYOUT"))


@pytest.mark.parametrize(("level", "year"), [("Phân loại xã", "Năm đạt chuẩn"),
                                             ("Xã đạt NTM/NTM nâng cao/NTM kiểu mẫu",
                                              "Năm công nhận")])
def test_a_year_beside_levels_named_in_an_unknown_column_is_not_the_ntm_year(
        tmp_path, level, year):
    """`Phân loại xã | Năm đạt chuẩn` with `NTM nâng cao | 2023`: the year is the level's,
    and was read as the NTM year (a commune advanced in 2023 newly NTM in 2023), as it was
    under `Mức độ đạt chuẩn` before that column was known. The year is not read, with a
    warning, when the sheet has no year column of the level the cells name."""
    b01 = _b01_with([level, year], [["NTM nâng cao", 2023], ["NTM", 2020], [None, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[1:5] for r in _statuses(result)] == [
        (None, None, None, "ntm_year, advanced_year, model_year")] * 3
    assert any("gives the year of the level in column W" in f["message"]
               for f in _flags(result, "SHEET_LAYOUT"))


def test_levels_named_beside_their_own_year_columns_leave_the_years_read(tmp_path):
    """Good variants: `Phân loại xã` naming levels beside a column for each level's year; the
    levels each under a group naming NTM (`Năm đạt chuẩn NTM` over `NTM | Nâng cao | Kiểu
    mẫu`)."""
    b01 = _b01_with(["Phân loại xã", "Năm đạt chuẩn", "Năm đạt NTM nâng cao",
                     "Năm đạt NTM kiểu mẫu"],
                    [["NTM nâng cao", 2019, 2023, None], ["NTM", 2020, None, None],
                     [None, None, None, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[1:5] for r in _statuses(result)] == [
        (2019, 2023, None, None), (2020, None, None, None), (None, None, None, None)]
    b01 = b01_two_row_header()
    row, col = b01.find("Năm đạt chuẩn")
    b01.rows[row][col] = "Năm đạt chuẩn NTM"
    b01.rows[row + 1][col:col + 3] = ["NTM", "Nâng cao", "Kiểu mẫu"]
    result = _read(tmp_path, district_sheets(B01=b01), "2023/grouped.xlsx")
    assert [r[1:5] for r in _statuses(result)] == [
        (2019, 2022, None, None), (None, None, None, None), (None, None, None, None)]
    assert not _flags(result, "SHEET_LAYOUT")


def test_a_status_year_before_the_programme_is_not_read(tmp_path):
    """2019 typed in a cell formatted as a date is Excel's 11/07/1905, read as NTM since 1905;
    `2008` is a year before the programme's first criteria (2009). No commune reached a status
    then: the year is not read, an error at the cell, the status unknown. 2011 is read."""
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    rows = [b01.find(code)[0] for code in ("06532", "06541", "06544")]
    b01.rows[rows[0]][col] = 2019
    b01.formats[(rows[0], col)] = "dd/mm/yyyy"
    b01.rows[rows[1]][col] = 2008
    b01.rows[rows[2]][col] = 2011
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[:2] + r[4:5] for r in _statuses(result)] == [
        ("06532", None, "ntm_year"), ("06541", None, "ntm_year"), ("06544", 2011, None)]
    assert [(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        (rows[0] + 1, "1905-07-11"), (rows[1] + 1, "2008")]


def _b01_in_sections(sections: list[tuple[str, list[tuple]]]) -> object:
    """A B01 whose communes are listed under headings (`II | CÁC XÃ …` over STT and the
    name): each section is its heading and its communes, (code, name, NTM year, advanced)."""
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), *_STATUS_COLUMNS]
    body: list[list] = []
    k = 0
    for number, (heading, communes) in zip(["I", "II", "III"], sections, strict=False):
        body.append([number, None, heading])
        for code, name, ntm, advanced in communes:
            k += 1
            body.append([k, code, name, *["x"] * 19, ntm, advanced, None])
    return simple_sheet("B01_TieuChiXa", header, body)


def test_communes_under_a_heading_saying_they_are_only_proposed_are_not_read_as_reached(
        tmp_path):
    """`II. CÁC XÃ ĐỀ NGHỊ XÉT CÔNG NHẬN ĐẠT CHUẨN NTM NĂM 2023` over a commune with 2023 typed
    as its NTM year, `III. CÁC XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NÂNG CAO` over one with 2024 as its
    advanced year: both were read as reached. Their statuses are now unknown, an error at
    each row quoting the heading; the communes of `I. CÁC XÃ ĐÃ ĐẠT CHUẨN NTM` are read."""
    b01 = _b01_in_sections([
        ("CÁC XÃ ĐÃ ĐẠT CHUẨN NTM", [("06532", "Xã Mẫu Sơn", 2019, None)]),
        ("CÁC XÃ ĐỀ NGHỊ XÉT CÔNG NHẬN ĐẠT CHUẨN NTM NĂM 2023",
         [("06541", "Xã Yên Khoái", 2023, None)]),
        ("CÁC XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NÂNG CAO", [("06544", "Xã Khánh Xuân", 2020, 2023)])])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, None, None, None, None), ("06541", None, None, None, "ntm_year", None),
        ("06544", 2020, None, None, "advanced_year", None)]
    assert [(f["row_number"], f["column_name"]) for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        (7, "heading in row 6"), (9, "heading in row 8")]


def test_communes_under_headings_of_their_reached_status_are_read(tmp_path):
    """Good headings: the statuses reached, by level or by year."""
    b01 = _b01_in_sections([
        ("CÁC XÃ ĐẠT CHUẨN NTM NÂNG CAO", [("06532", "Xã Mẫu Sơn", 2019, 2022)]),
        ("Các xã đạt chuẩn NTM giai đoạn 2021-2025 (theo kế hoạch của tỉnh)",
         [("06541", "Xã Yên Khoái", 2023, None)]),
        ("Các xã được công nhận năm 2020", [("06544", "Xã Khánh Xuân", 2020, None)])])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [
        ("06532", 2019, 2022, None, None, None), ("06541", 2023, None, None, None, None),
        ("06544", 2020, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")
