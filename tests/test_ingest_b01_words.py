"""B01's words as offices type them: the words for reached in a status year's cell, headings
over communes that open with `Xã`, and what reaches raw.b01_communes (docs/ingest.md)."""

from __future__ import annotations

import pytest

from pipelines.ingest.values import status_mark
from tests.office import OfficeSheet, b01_two_row_header, district_sheets, simple_sheet
from tests.test_ingest_commune_status import _STATUS_COLUMNS, _b01_with, _statuses
from tests.test_ingest_office import _flags, _read

# ---------------------------------------------------------------- reached, the year not given


@pytest.mark.parametrize(("column", "typed"), [
    ("NTM", "Đã đạt chuẩn"), ("NTM", "Đã công nhận"), ("NTM", "Đã được công nhận"),
    ("NTM", "Đã đạt chuẩn NTM"), ("NTM", "Được công nhận đạt chuẩn"),
    ("NTM", "Xã đã đạt chuẩn nông thôn mới"), ("NTM", "ĐÃ ĐẠT CHUẨN"),
    ("NTM nâng cao", "Đã đạt chuẩn NTM nâng cao"), ("NTM kiểu mẫu", "Đã công nhận"),
])
def test_words_for_reached_without_a_year_in_a_status_cell_read_as_a_mark_of_reached(
        tmp_path, column, typed):
    b01 = b01_two_row_header()
    col = b01.find(column)[1]
    row = b01.find("06541")[0]
    if column != "NTM":
        b01.rows[row][b01.find("NTM")[1]] = 2020
    b01.rows[row][col] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    level = {"NTM": "ntm_year", "NTM nâng cao": "advanced_year",
             "NTM kiểu mẫu": "model_year"}[column]
    ntm = None if column == "NTM" else 2020
    assert _statuses(result)[1] == ("06541", ntm, None, None, None, level)
    (mark,) = _flags(result, "STATUS_MARK")
    assert (mark["severity"], mark["row_number"], mark["raw_value"]) == (
        "warning", row + 1, typed)
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize(("column", "typed"), [
    ("NTM", "Đang xây dựng"), ("NTM", "Đề nghị công nhận"), ("NTM", "Chưa được công nhận"),
    ("NTM", "Đã đề nghị công nhận"), ("NTM", "Đạt chuẩn NTM nâng cao"),
    ("NTM", "Đã công nhận kiểu mẫu"), ("NTM nâng cao", "Đã đạt chuẩn NTM"),
    ("NTM", "Đã đạt chuẩn một phần"), ("NTM", "Đã đạt 15/19 tiêu chí"),
])
def test_words_of_not_yet_a_request_or_another_level_in_a_status_cell_stay_unread(
        tmp_path, column, typed):
    b01 = b01_two_row_header()
    row = b01.find("06541")[0]
    b01.rows[row][b01.find(column)[1]] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    level = {"NTM": "ntm_year", "NTM nâng cao": "advanced_year"}[column]
    assert _statuses(result)[1] == ("06541", None, None, None, level, None)
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [typed]
    assert not _flags(result, "STATUS_MARK")


def test_words_of_not_reached_and_of_reached_in_a_year_in_a_status_cell_are_read_as_before(
        tmp_path):
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    rows = [b01.find(code)[0] for code in ("06532", "06541", "06544")]
    b01.rows[rows[0]][col] = "Đã công nhận (2020)"
    b01.rows[rows[1]][col] = "Chưa đạt chuẩn"
    b01.rows[rows[2]][col] = "Đạt chuẩn năm 2021"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[:2] + r[4:] for r in _statuses(result)] == [
        ("06532", 2020, None, None), ("06541", None, None, None), ("06544", 2021, None, None)]
    assert [(f["severity"], f["raw_value"]) for f in _flags(result, "STATUS_MARK")] == [
        ("info", "Chưa đạt chuẩn")]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize(("typed", "level", "mark"), [
    ("Đã đạt chuẩn", "ntm_year", "met"), ("Đã công nhận", "advanced_year", "met"),
    ("Đã được công nhận đạt chuẩn", "model_year", "met"),
    ("Đã đạt chuẩn NTM", "ntm_year", "met"), ("Đã đạt chuẩn nâng cao", "advanced_year", "met"),
    ("Đã đạt chuẩn NTM", "advanced_year", None), ("Đã đạt chuẩn NTM", "model_year", None),
    ("Đã đạt chuẩn kiểu mẫu", "ntm_year", None), ("Chưa đạt chuẩn", "ntm_year", "not_met"),
    ("Chưa công nhận", "ntm_year", None), ("Đang đạt chuẩn", "ntm_year", None),
    ("Phấn đấu đạt chuẩn", "ntm_year", None), ("Đề nghị công nhận", "ntm_year", None),
    ("Đạt chuẩn 2020", "ntm_year", None), ("Đã đạt", "", "met"), ("Đã công nhận", "", "met"),
])
def test_status_mark_reads_the_words_for_reached_under_the_columns_own_level(
        typed, level, mark):
    assert status_mark(typed, None, level) == mark


# ---------------------------------------------------------------- headings opening with Xã


def _b01_under(heading: list, communes: list[list]) -> object:
    """A B01 in one header row whose communes (code, name, marks, NTM year, advanced year)
    follow a heading row ``heading`` (its STT and name cells)."""
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), *_STATUS_COLUMNS]
    body: list[list] = [[heading[0], None, heading[1]]]
    for k, (code, name, marks, ntm, advanced) in enumerate(communes, 1):
        body.append([k, code, name, *[marks] * 19, ntm, advanced, None])
    return simple_sheet("B01_TieuChiXa", header, body)


_COMMUNES = [["06532", "Xã Mẫu Sơn", "x", 2020, None],
             ["06541", "Xã Yên Khoái", "x", None, None]]


@pytest.mark.parametrize("stt", ["I", None])
@pytest.mark.parametrize("heading", [
    "Xã được công nhận năm 2020", "Xã đạt chuẩn NTM", "Xã đặc biệt khó khăn",
    "XÃ ĐẠT CHUẨN NÔNG THÔN MỚI", "Xã biên giới", "Xã đạt chuẩn NTM nâng cao",
    "Xã thuộc vùng đặc biệt khó khăn", "Xã khu vực III",
])
def test_a_heading_over_communes_opening_with_xa_is_a_heading_not_a_commune(
        tmp_path, heading, stt):
    result = _read(tmp_path, district_sheets(B01=_b01_under([stt, heading], _COMMUNES)))
    assert _statuses(result) == _under_heading(heading)
    assert not _flags(result, "UNPARSEABLE_VALUE")
    notes = [c["value"] for c in result.tables["unmapped_cells"]
             if c["row_kind"] == "note" and c["row_number"] == 4]
    assert heading in notes


@pytest.mark.parametrize("heading", [
    "Các xã đạt chuẩn NTM", "Xã được công nhận năm 2020", "II. CÁC XÃ ĐẠT CHUẨN NTM NÂNG CAO",
])
def test_a_heading_typed_in_the_code_column_is_a_heading_not_a_commune(tmp_path, heading):
    b01 = _b01_under([None, None], _COMMUNES)
    b01.rows[b01.find("STT")[0] + 1][1] = heading
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == _under_heading(heading)
    assert not _flags(result, "UNPARSEABLE_VALUE")


def _under_heading(heading: str) -> list[tuple]:
    """The statuses of ``_COMMUNES`` under a heading: a heading saying its communes reached
    a level (``Xã đạt chuẩn NTM``) makes that level (and those below it) unknown where a
    commune's year is blank, as a person reads them reached, the year not given (a
    STATUS_MARK warning); before, they were read as not reached. Other headings change
    nothing."""
    words = heading.lower()
    if "nâng cao" in words:
        return [("06532", 2020, None, None, "advanced_year", None),
                ("06541", None, None, None, "ntm_year, advanced_year", None)]
    if "đạt chuẩn" in words:
        return [("06532", 2020, None, None, None, None),
                ("06541", None, None, None, "ntm_year", None)]
    return [("06532", 2020, None, None, None, None), ("06541", None, None, None, None, None)]


def test_a_name_typed_in_the_code_column_stays_a_commune_without_a_code(tmp_path):
    b01 = _b01_under([None, None], _COMMUNES)
    b01.rows[b01.find("STT")[0] + 1][1] = "Xã Mẫu Sơn"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r["commune_code"] for r in result.tables["b01_communes"]] == [None, "06532", "06541"]
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == ["Xã Mẫu Sơn"]


@pytest.mark.parametrize(("heading", "level"), [
    ("Xã chưa đạt chuẩn", "ntm_year"),
    ("Xã đăng ký đạt chuẩn NTM năm 2024", "ntm_year"),
    ("Xã đề nghị xét công nhận đạt chuẩn NTM năm 2023", "ntm_year"),
])
def test_communes_under_a_heading_opening_with_xa_saying_they_have_not_reached_are_not_read(
        tmp_path, heading, level):
    result = _read(tmp_path, district_sheets(B01=_b01_under([None, heading], _COMMUNES)))
    assert _statuses(result) == [("06532", None, None, None, level, None),
                                 ("06541", None, None, None, None, None)]
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["row_number"], error["column_name"]) == (5, "heading in row 4")


@pytest.mark.parametrize(("name", "marks"), [
    ("Xã Biên Giới", None), ("Xã Hoằng Đạt", None), ("Xã Năm Căn", None),
    ("Xã Mẫu Sơn", None), ("Xã Mẫu Sơn", "x"), ("XÃ CÁC SƠN", None), ("Xã Thân Thuộc", None),
    ("Xã Đạt Hiếu", None), ("Xã Nậm Có", None),
])
def test_a_commune_without_a_code_named_with_xa_stays_a_commune(tmp_path, name, marks):
    b01 = _b01_under([None, "Các xã đạt chuẩn NTM"],
                     [*_COMMUNES, [None, name, marks, None, None]])
    result = _read(tmp_path, district_sheets(B01=b01))
    communes = result.tables["b01_communes"]
    assert [(r["commune_code"], r["commune_name"]) for r in communes] == [
        ("06532", "Xã Mẫu Sơn"), ("06541", "Xã Yên Khoái"), (None, name)]
    assert [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [7]


@pytest.mark.parametrize(("text", "group"), [
    ("Xã được công nhận năm 2020", True), ("Xã chưa đạt chuẩn", True),
    ("XÃ ĐẶC BIỆT KHÓ KHĂN", True), ("Xã  đạt   chuẩn NTM", True), ("Phường đạt chuẩn", True),
    ("Xã biên giới", True), ("Xã Biên Giới", False), ("Xã Đạt Hiếu", False),
    ("Xã Thành Công", False), ("Xã Công Sơn", False), ("Xã é Tòng", False),
    ("Xã Nông Thượng", False), ("Các xã đạt chuẩn", False), ("Xã", False),
])
def test_describes_communes_tells_a_group_from_a_name(text, group):
    from pipelines.ingest.layout import describes_communes

    assert describes_communes(text) is group


# ---------------------------------------------------------------- the NTM decision alone

_DECIDED = [["123/QĐ-UBND ngày 15/6/2020", None, None],
            ["Số 45/QĐ-UBND ngày 20 tháng 12 năm 2021", 2023, None], [None, None, None]]


@pytest.mark.parametrize("header", [
    "Quyết định công nhận đạt chuẩn NTM (số, ngày)", "Số QĐ công nhận NTM",
    "Số, ngày quyết định công nhận xã đạt chuẩn nông thôn mới",
])
def test_the_ntm_decision_as_the_only_column_of_the_ntm_status_gives_its_year(
        tmp_path, header):
    b01 = _b01_with([header, "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"], _DECIDED)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [("06532", 2020, None, None, None, None),
                                 ("06541", 2021, 2023, None, None, None),
                                 ("06544", None, None, None, None, None)]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    assert any(f["severity"] == "info" and f["column_name"] == f"W ({header})"
               and "decision" in f["message"] for f in _flags(result, "SHEET_LAYOUT"))
    kept = [(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
            if c["column_name"] == "W"]
    assert kept == [(4, "123/QĐ-UBND ngày 15/6/2020"),
                    (5, "Số 45/QĐ-UBND ngày 20 tháng 12 năm 2021")]


def test_the_ntm_decision_under_a_group_naming_ntm_gives_its_year(tmp_path):
    top = ["STT", "Mã xã", "Tên xã", "Tiêu chí", *[None] * 18, "Nông thôn mới",
           "Nông thôn mới nâng cao"]
    low = [None, None, None, *map(str, range(1, 20)), "Quyết định công nhận (số, ngày)",
           "Năm đạt chuẩn"]
    rows = [["BIỂU 01"], top, low,
            [1, "06532", "Xã Mẫu Sơn", *["x"] * 19, "12/QĐ-UBND ngày 5/12/2019", 2022],
            [2, "06541", "Xã Yên Khoái", *["x"] * 19, None, None]]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 21)]
    b01 = OfficeSheet("B01_TieuChiXa", rows, merges)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[:5] for r in _statuses(result)] == [("06532", 2019, 2022, None, "model_year"),
                                                  ("06541", None, None, None, "model_year")]


@pytest.mark.parametrize("header", [
    "Quyết định công nhận (số, ngày)", "Quyết định công nhận NTM nâng cao (số, ngày)",
    "Số QĐ công nhận NTM, NTM nâng cao", "Quyết định công nhận NTM kiểu mẫu",
    "Dự kiến quyết định công nhận NTM", "Tờ trình đề nghị công nhận NTM (số, ngày)",
])
def test_a_decision_column_that_may_be_of_another_level_or_a_plan_gives_no_ntm_year(
        tmp_path, header):
    b01 = _b01_with([header, "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"], _DECIDED)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [(r[1], "ntm_year" in r[4]) for r in _statuses(result)] == [(None, True)] * 3
    assert any("no column 'ntm_year'" in f["message"] for f in _flags(result, "SHEET_LAYOUT"))


@pytest.mark.parametrize("typed", [
    "123/QĐ-UBND ngày 15/6/2020 (công nhận lại)", "Tái công nhận: 12/QĐ-UBND ngày 1/7/2023",
    "Bị thu hồi QĐ 123/QĐ-UBND ngày 15/6/2020", "Chờ QĐ", "123/QĐ-UBND",
    "12/QĐ-UBND ngày 15/6/2019; 45/QĐ-UBND ngày 1/2/2024",
])
def test_an_ntm_decision_recognised_again_withdrawn_awaited_or_without_its_date_gives_no_year(
        tmp_path, typed):
    b01 = _b01_with(["Quyết định công nhận đạt chuẩn NTM (số, ngày)", "Năm đạt NTM nâng cao",
                     "Năm đạt NTM kiểu mẫu"], [[typed, None, None], *_DECIDED[1:]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result)[0] == ("06532", None, None, None, "ntm_year", None)
    assert {(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")} == {
        (4, typed)}


def test_a_decision_recognised_again_typed_as_the_ntm_year_is_not_that_year(tmp_path):
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    rows = [b01.find(code)[0] for code in ("06532", "06541")]
    b01.rows[rows[0]][col] = "12/QĐ-UBND ngày 15/6/2023 (công nhận lại)"
    b01.rows[rows[1]][col] = "Số 45/QĐ-UBND ngày 20/12/2021"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r[:2] + r[4:5] for r in _statuses(result)] == [
        ("06532", None, "ntm_year"), ("06541", 2021, None), ("06544", None, None)]
    assert [(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        (rows[0] + 1, "12/QĐ-UBND ngày 15/6/2023 (công nhận lại)")]


@pytest.mark.parametrize("first", [[1, None, "Xã Mẫu Sơn", "x", "x"],
                                   [1, None, "Xã được công nhận năm 2020"]])
def test_a_first_row_without_a_code_under_criteria_headed_by_numbers_is_read(tmp_path, first):
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), *_STATUS_COLUMNS]
    body = [first, [2, "06532", "Xã Mẫu Sơn", *["x"] * 19, 2020, None, None]]
    result = _read(tmp_path, district_sheets(B01=simple_sheet("B01_TieuChiXa", header, body)))
    communes = [(r["commune_code"], r["commune_name"], r["ntm_year"])
                for r in result.tables["b01_communes"]]
    assert communes[-1] == ("06532", "Xã Mẫu Sơn", 2020)
    assert communes[:-1] == ([(None, "Xã Mẫu Sơn", None)] if first[3:] else [])
