"""Sheets laid out otherwise than the template, as offices make them: B05's criteria as
columns (``H1 | H2 | … | H9`` over a row of marks).

Each test builds the workbook an office would send and checks what a person reading it
would read, or that a figure not fully understood is kept out with a flag at its cell.
"""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, district_sheets
from tests.test_ingest_office import _flags, _read, _status

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
    # one criterion headed twice
    [["STT", *CODES[:8], "H8"], [1, *MARKS]],
    # rows of marks that are not one result: years, districts, two unlabelled rows
    [["Năm", *CODES], ["Năm 2022", *MARKS], ["Năm 2023", *MARKS]],
    [["Huyện", *CODES], ["Lộc Bình", *MARKS], ["Cao Lộc", *MARKS]],
    [["STT", *CODES], [1, *MARKS], [2, *MARKS]],
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
