"""B01's criterion marks and counts as offices type them: footnotes on marks, marks with a
note, the count of criteria met written with words or formatted as a percentage."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import b01_two_row_header, district_sheets
from tests.test_ingest_office import _flags, _read


def _marks_of(result, code: str) -> list[tuple[str, str]]:
    return [(m["value_text"], m["mark"])
            for m in sorted(result.tables["b01_marks"], key=lambda m: m["criterion_no"])
            if m["commune_code"] == code]


def _typed(cells: list, code: str = "06541", lines: list[list] | None = None, note=None):
    """The district's B01 with ``cells`` typed from criterion 1 on in ``code``'s row, its
    ``Ghi chú`` holding ``note``, and ``lines`` under the total row."""
    b01 = b01_two_row_header()
    row = b01.rows[b01.find(code)[0]]
    row[4:4 + len(cells)] = cells
    row[27] = note
    total = b01.find("Tổng cộng")[0]
    for k, line in enumerate(lines or []):
        b01.rows.insert(total + 1 + k, line)
    return b01


FOOTNOTED = ["x*", "x (1)", "x¹", "Đạt*", "x (*)", "x [2]", "Đ²", "X**", "đạt (1)."]


def test_a_mark_of_met_with_a_footnote_the_sheet_does_not_explain_is_met(tmp_path):
    b01 = _typed(FOOTNOTED)
    # The column numbering printed again under the table names "(1)", "(2)": no footnote.
    b01.rows.insert(b01.find("Tổng cộng")[0] + 1, [f"({k})" for k in range(1, 29)])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_of(result, "06541")[:len(FOOTNOTED)] == [(c, "met") for c in FOOTNOTED]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_footnote_explained_with_words_of_not_yet_keeps_its_marks_unread(tmp_path):
    lines = [["Ghi chú: (1) Tiêu chí đang chờ thẩm định, công nhận"],
             [None, None, "(*) Đạt năm 2023 theo Quyết định số 12/QĐ-UBND"],
             ["2. Dự kiến đạt trong năm 2024"]]
    b01 = _typed(FOOTNOTED, lines=lines)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_of(result, "06541")[:len(FOOTNOTED)] == [
        ("x*", "met"), ("x (1)", "unparseable"), ("x¹", "unparseable"), ("Đạt*", "met"),
        ("x (*)", "met"), ("x [2]", "unparseable"), ("Đ²", "unparseable"), ("X**", "met"),
        ("đạt (1).", "unparseable")]
    flags = _flags(result, "UNPARSEABLE_VALUE")
    assert [(f["row_number"], f["raw_value"]) for f in flags] == [
        (8, "x (1)"), (8, "x¹"), (8, "x [2]"), (8, "Đ²"), (8, "đạt (1).")]
    assert "row 11: 'Ghi chú: (1) Tiêu chí đang chờ thẩm định, công nhận'" in flags[0]["message"]
    assert "row 13: '2. Dự kiến đạt trong năm 2024'" in flags[2]["message"]
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]


def test_the_communes_own_note_with_words_of_not_yet_keeps_its_footnoted_marks_unread(
        tmp_path):
    b01 = _typed(["x*", "x (1)", "x"], note="TC1, TC2 chưa có quyết định công nhận")
    other = b01.rows[b01.find("06544")[0]]
    other[4:6] = ["x*", "x (1)"]
    other[27] = "Xã biên giới"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_of(result, "06541")[:3] == [
        ("x*", "unparseable"), ("x (1)", "unparseable"), ("x", "met")]
    assert _marks_of(result, "06544")[:2] == [("x*", "met"), ("x (1)", "met")]
    flags = _flags(result, "UNPARSEABLE_VALUE")
    assert [(f["row_number"], f["raw_value"]) for f in flags] == [(8, "x*"), (8, "x (1)")]
    assert "row 8: 'TC1, TC2 chưa có quyết định công nhận'" in flags[0]["message"]


def test_marks_of_not_met_with_a_footnote_are_not_met_whatever_the_footnote_says(tmp_path):
    cells = ["Chưa đạt*", "KĐ¹", "CBĐ (*)", unicodedata.normalize("NFD", "Chưa đạt (1)"),
             "K**", "Cơ bản đạt²"]
    b01 = _typed(cells, lines=[["(*) Đã hoàn thành, chờ công nhận"], ["(1) Đạt"]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [m for _, m in _marks_of(result, "06541")[:len(cells)]] == [
        "not_met", "not_met", "basically_met", "not_met", "not_met", "basically_met"]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_mark_with_its_own_word_in_brackets_is_that_mark_and_two_words_that_disagree_none(
        tmp_path):
    cells = ["Đạt (x)", "x (đạt)", "Chưa đạt (-)", "x (Chưa đạt)", "Đạt (0)", "x (Không)"]
    result = _read(tmp_path, district_sheets(B01=_typed(cells)))
    assert [m for _, m in _marks_of(result, "06541")[:len(cells)]] == [
        "met", "met", "not_met", "unparseable", "unparseable", "unparseable"]
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        "x (Chưa đạt)", "Đạt (0)", "x (Không)"]


def test_marks_as_words_ticks_and_crosses_offices_type_are_read_as_they_were(tmp_path):
    """Pinning (read right before): marks of met and of not met in the forms offices type
    them, through a workbook, and a year typed where a mark goes, which is not read."""
    nbsp = "\u00a0"
    met = ["1", 1, "✓", "✔", "☑", "X", "đạt chuẩn", "Hoàn thành", f"{nbsp}Đ{nbsp}", "Có"]
    not_met = ["Chưa", "Không", "K", "KĐ", "0", 0, unicodedata.normalize("NFD", "Chưa đạt"),
               "chưa đạt (đang hoàn thiện)", "✗", "✘", "☐", "-", "Không đạt chuẩn"]
    result = _read(tmp_path, district_sheets(B01=_typed(met + not_met[:9])))
    assert [m for _, m in _marks_of(result, "06541")] == ["met"] * 10 + ["not_met"] * 9
    result = _read(tmp_path, district_sheets(B01=_typed(
        [*not_met[9:], "Cơ bản đạt", 2019, "2019"], code="06532")), "2023/b.xlsx")
    assert [m for _, m in _marks_of(result, "06532")[:7]] == [
        "not_met"] * 4 + ["basically_met", "unparseable", "unparseable"]
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == ["2019", "2019"]


@pytest.mark.parametrize(("typed", "count"), [
    ("Đạt 19 tiêu chí", 19), ("19 (đủ)", 19), ("Đủ 19", 19), ("Đạt 19/19 TC", 19),
    ("19 (đạt chuẩn)", 19), ("đạt 15", 15)])
def test_a_count_of_criteria_written_with_the_word_for_met_or_for_all(tmp_path, typed, count):
    b01 = b01_two_row_header()
    b01.rows[b01.find("06532")[0]][23] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    assert result.tables["b01_communes"][0]["reported_count"] == count
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("typed", ["Chưa đạt 15", "15 (19)", "Không đạt 4", "19 (thiếu)"])
def test_a_count_of_criteria_with_other_words_is_not_read(tmp_path, typed):
    b01 = b01_two_row_header()
    b01.rows[b01.find("06532")[0]][23] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    assert result.tables["b01_communes"][0]["reported_count"] is None
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [typed]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_count_of_criteria_formatted_as_a_percentage_is_not_read(tmp_path, suffix):
    """`1` shown as `100%`, `19` as `1900%`: neither 1 criterion nor 19 is what a person
    reads there (before, 1 and 19 were read without a flag)."""
    b01 = b01_two_row_header()
    first, second = b01.find("06532")[0], b01.find("06541")[0]
    b01.rows[first][23], b01.rows[second][23] = 1, 15
    b01.formats = {(first, 23): "0%", (second, 23): "0%"}
    result = _read(tmp_path, district_sheets(B01=b01), f"2023/office.{suffix}")
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [None, None, 12]
    flags = _flags(result, "UNPARSEABLE_VALUE")
    assert [(f["row_number"], f["column_name"]) for f in flags] == [
        (first + 1, "X (Tổng số tiêu chí đạt)"), (second + 1, "X (Tổng số tiêu chí đạt)")]
    assert "(100%)" in flags[0]["message"] and "(1500%)" in flags[1]["message"]
