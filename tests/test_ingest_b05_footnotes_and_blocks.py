"""B05, the district's own NTM criteria (H1..H9), with a footnote under the table, marks
carrying a footnote's marker (``Đạt (*)``), a block of the advanced district criteria under
the NTM criteria, and a title citing the year the district reached the standard without
``đã``/``được`` (docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that what was not understood feeds nothing and says why.
"""

from __future__ import annotations

import unicodedata

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, simple_sheet
from tests.test_ingest_b05_lists import HEADER, MARKS, NAMES, _marks, _read

READ = {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
TITLE = "BIỂU 05: TIÊU CHÍ HUYỆN NÔNG THÔN MỚI"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _flags(result: FileResult, code: str | None = None, severity: str | None = None
           ) -> list[dict]:
    return [f for f in result.flags if "B05" in (f.get("sheet") or "")
            and code in (None, f["check_code"]) and severity in (None, f["severity"])]


def _rows(result: FileResult) -> int:
    return len(result.tables.get("b05_district_criteria", []))


def _notes(result: FileResult) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for u in result.tables.get("unmapped_cells", []):
        if u["sheet"] == "B05_TieuChiHuyen":
            out.setdefault(u["row_number"], []).append(u["value"])
    return out


def _b05(body: list[list], *, header: list | None = None, title: str = TITLE) -> OfficeSheet:
    return simple_sheet("B05_TieuChiHuyen", header or HEADER, body, title)


def _criteria(marks: list = MARKS, *, stt: bool = False) -> list[list]:
    return [[*([i + 1] if stt else []), f"H{i + 1}", NAMES[i], marks[i]] for i in range(9)]


# --------------------------------------------------------------------------- a footnote line

FOOTNOTE = "Tiêu chí chưa đạt, đang hoàn thiện hồ sơ"


@pytest.mark.parametrize("line", [
    ["(*)", FOOTNOTE, None],
    ["(*):", FOOTNOTE, None],
    ["(**)", FOOTNOTE, None],
    ["**", FOOTNOTE, None],
    ["[*]", FOOTNOTE, None],
    ["¹", FOOTNOTE, None],
    ["(*) Ghi chú:", FOOTNOTE, None],
    [f"(*) {FOOTNOTE}", None, None],
    [_nfd(f"(*) {FOOTNOTE.upper()}"), None, None],
    ["(*)", "Tieu chi chua dat, dang hoan thien ho so", None],
    ["(*)", "Đạt theo Quyết định số 12/QĐ-UBND", None],
])
def test_b05_a_footnote_under_the_criteria_is_no_criterion(tmp_path, line):
    """``(*) | Tiêu chí chưa đạt, đang hoàn thiện hồ sơ`` under H1..H9, the marker where a
    criterion's code goes (or the whole line in that cell; any case, NFD, no diacritics;
    ``(**)``, ``**``, ``[*]``, ``¹``): a person reads a footnote. Before, it was a tenth
    criterion coded ``(*)``, stored as not met, with two errors. Now the nine criteria are
    read as typed, no flag, and the line is kept as a note."""
    result = _read(tmp_path, district_sheets(2023, B05=_b05([*_criteria(), line])))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _flags(result)
    assert 13 in _notes(result)


def test_b05_a_footnote_line_between_criteria_leaves_the_rows_under_it_in_the_table(tmp_path):
    """``Đạt (*)`` on H5 and its footnote typed just under H5, with H6..H9 below: a person
    reads the footnote, then the four criteria under it. A footnote does not start the notes
    as ``Ghi chú`` does; had it, H6..H9 would have left the table with no flag, and a count of
    the district's criteria met would have lacked them."""
    marks = [*MARKS[:4], "Đạt (*)", *MARKS[5:]]
    criteria = _criteria(marks)
    body = [*criteria[:5], ["(*)", "Đã được tỉnh thẩm định", None], *criteria[5:]]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _rows(result) == 9
    assert _marks(result) == {**READ, "H5": "met"}
    assert not _flags(result)


def test_b05_a_footnote_in_the_code_column_beside_a_numbering_column(tmp_path):
    """``STT | Mã tiêu chí | Tên tiêu chí | Đạt`` with ``| (*) | Tiêu chí chưa đạt …`` under
    the criteria: the footnote is a note, not a criterion (before: a tenth criterion with two
    errors)."""
    header = ["STT", *HEADER]
    body = [*_criteria(stt=True), [None, "(*)", FOOTNOTE, None]]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, header=header)))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _flags(result)


def test_b05_a_line_numbered_as_a_footnote_the_table_uses_is_a_footnote(tmp_path):
    """``Đạt (1)`` on H1 and ``(1) | Đã được tỉnh thẩm định`` under the table: a person reads
    the footnote the mark refers to, which says nothing against it (H1 met), and no tenth
    criterion. Before: H1 unread (an error) and a tenth criterion coded ``(1)``."""
    marks = ["Đạt (1)", *MARKS[1:]]
    body = [*_criteria(marks), ["(1)", "Đã được tỉnh thẩm định", None]]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _flags(result)


def test_b05_numbered_rows_that_are_no_footnote_are_read_as_before(tmp_path):
    """``(1) | Quy hoạch | Đạt`` (criteria numbered in brackets) are criteria by their names;
    ``(10) | Tiêu chí chưa đạt …`` where no cell of the table carries ``(10)``, numbered as
    the row after the ninth, is no footnote a person can tell from a row's number: still an
    error, as before (``(1)`` there explains: test_ingest_b03_b05_at_work_notes_month_first)."""
    body = [[f"({i + 1})", NAMES[i], MARKS[i]] for i in range(9)]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, header=["STT", *HEADER[1:]])))
    assert _marks(result) == READ
    body = [*_criteria(), ["(10)", FOOTNOTE, None]]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)), "2023/numbered.xlsx")
    assert _rows(result) == 10
    assert _flags(result, "UNPARSEABLE_VALUE", "error")


def test_a_footnote_under_b01s_communes_is_no_commune(tmp_path):
    """The same line under B01's communes, its marker in ``Mã xã``: before, a commune without
    a code; now a note."""
    sheets = district_sheets(2023)
    b01 = next(s for s in sheets if s.name.startswith("B01"))
    at = next(i for i, r in enumerate(b01.rows) if r and r[0] == "Tổng cộng")
    b01.rows.insert(at + 1, [None, "(*)", "Xã đang hoàn thiện hồ sơ", *([None] * 26)])
    result = _read(tmp_path, sheets)
    assert [r["commune_code"] for r in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]


# --------------------------------------------------------------------------- footnoted marks


@pytest.mark.parametrize("mark", ["Đạt (*)", "Đạt*", "Đạt¹", "x (*)", "ĐẠT (*)", "Dat (*)",
                                  _nfd("Đạt (*)")])
def test_b05_a_mark_of_met_with_a_footnote_is_met(tmp_path, mark):
    """``Đạt (*)`` (``Đạt*``, ``Đạt¹``, in any case or spelling) with no footnote taking it
    back: met, as B01 reads ``x (*)``. Before, UNPARSEABLE_VALUE and the criterion unread."""
    body = _criteria([mark, *MARKS[1:]])
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _marks(result) == READ
    assert not _flags(result)


@pytest.mark.parametrize("footnote", [
    ["(*) chưa được thẩm định", None, None],
    [None, "(*) Chờ tỉnh thẩm định", None],
    ["(*)", FOOTNOTE, None],
    ["Ghi chú: (*) Tiêu chí chưa đạt, đang hoàn thiện hồ sơ", None, None],
    [_nfd("(*) CHƯA ĐƯỢC THẨM ĐỊNH"), None, None],
    ["(*) chua duoc tham dinh", None, None],
])
def test_b05_a_footnote_taking_the_mark_back_leaves_it_unread(tmp_path, footnote):
    """``Đạt (*)`` on H1 and ``(*) chưa được thẩm định`` (or ``Tiêu chí chưa đạt, đang hoàn
    thiện hồ sơ``) under the table: the footnote takes the mark back, as in B01. H1 is neither
    met nor not met, an error at its cell quoting the footnote; the footnote is no criterion.
    Before, H1 was unread with an error that did not say why, and ``(*) | …`` was a tenth
    criterion."""
    body = [*_criteria(["Đạt (*)", *MARKS[1:]]), footnote]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _marks(result) == {**READ, "H1": "unparseable"} and _rows(result) == 9
    (error,) = _flags(result, "UNPARSEABLE_VALUE", "error")
    assert error["row_number"] == 4 and "row 13" in error["message"]
    assert "footnote that may take it back" in error["message"]


def test_b05_a_footnoted_mark_taken_back_by_its_remark_is_flagged_once(tmp_path):
    """``Đạt (*) | Chờ tỉnh thẩm định`` (the remark in Ghi chú): not met or met cannot be
    told, one error; ``Chưa đạt (*)`` stays not met; a harmless footnote leaves ``Đạt (*)``
    met."""
    header = [*HEADER, "Ghi chú"]
    body = [[*row, None] for row in _criteria(["Đạt (*)", "Đạt (*)", *MARKS[2:4],
                                               "Chưa đạt (*)", *MARKS[5:]])]
    body[0][3] = "Chờ tỉnh thẩm định"
    body.append(["(*) Đạt theo Quyết định số 12/QĐ-UBND", None, None, None])
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, header=header)))
    assert _marks(result) == {**READ, "H1": "unparseable"}
    (error,) = _flags(result, "UNPARSEABLE_VALUE", "error")
    assert error["row_number"] == 4 and "Chờ tỉnh thẩm định" in error["message"]


# --------------------------------------------------------------------------- a block of another set

ADVANCED = ["Tiêu chí huyện NTM nâng cao", _nfd("II. TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NÂNG CAO"),
            "HUYEN NTM KIEU MAU", "Bộ tiêu chí huyện NTM nâng cao"]


@pytest.mark.parametrize("heading", ADVANCED)
def test_b05_a_block_of_the_advanced_criteria_under_the_ntm_criteria_is_set_aside(
        tmp_path, heading):
    """``I | Tiêu chí huyện NTM`` over H1..H9, then ``II | Tiêu chí huyện NTM nâng cao`` over
    H1..H9 again (the advanced set, or the model district's; any case, NFD, no
    diacritics): a person reads the NTM criteria in block I and another list in block II.
    Before, each criterion the two blocks marked differently was unread with two errors. Now
    block I is read, block II kept as notes with an info naming it as another list."""
    body = ([["I", "Tiêu chí huyện NTM", None], *_criteria(), ["II", heading, None],
             *_criteria(["Đạt"] * 9)])
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _flags(result, severity="error")
    (info,) = _flags(result, "SHEET_LAYOUT", "info")
    assert info["row_number"] == 14 and "another list" in info["message"]
    assert "rows 15-23" in info["message"]
    assert set(range(15, 24)) <= set(_notes(result))


def test_b05_a_block_of_the_advanced_criteria_first_then_the_ntm_criteria(tmp_path):
    """``I | Tiêu chí huyện NTM nâng cao`` first, then ``II | HUYỆN NTM``, or the NTM
    criteria under no heading above the advanced block: the NTM criteria are read wherever
    they are, the advanced block set aside (before: errors on both, or the whole sheet
    refused for a heading over its first rows)."""
    body = ([["I", "Tiêu chí huyện NTM nâng cao", None], *_criteria(["Đạt"] * 9),
             ["II", "HUYỆN NTM", None], *_criteria()])
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _flags(result, severity="error")
    assert len(_flags(result, "SHEET_LAYOUT", "info")) == 1
    body = [*_criteria(), [None, "Tiêu chí huyện NTM nâng cao", None], *_criteria(["Đạt"] * 9)]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)), "2023/under.xlsx")
    assert _marks(result) == READ and not _flags(result, severity="error")


def test_b05_headings_of_the_ntm_criteria_alone_are_read_as_before(tmp_path):
    """``I | Tiêu chí huyện NTM`` over all the criteria: read, no flag. A sheet whose only
    heading names the advanced set stays refused (an error, as before), and blocks by
    assessor (``Huyện tự đánh giá`` / ``Tỉnh thẩm định``) still give each criterion twice."""
    result = _read(tmp_path, district_sheets(2023, B05=_b05(
        [["I", "Tiêu chí huyện NTM", None], *_criteria()])))
    assert _marks(result) == READ and not _flags(result)
    result = _read(tmp_path, district_sheets(2023, B05=_b05(
        [["II", "Tiêu chí huyện NTM nâng cao", None], *_criteria()])), "2023/adv.xlsx")
    assert _marks(result) == {}
    assert len(_flags(result, "SHEET_LAYOUT", "error")) == 1
    body = ([[None, "Huyện tự đánh giá", None], *_criteria(["Đạt"] * 9),
             [None, "Tỉnh thẩm định", None], *_criteria()])
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body)), "2023/twice.xlsx")
    assert _rows(result) == 18
    assert len(_flags(result, "UNPARSEABLE_VALUE", "error")) == 10


# --------------------------------------------------------------------------- past recognition


@pytest.mark.parametrize("title", [
    "BIỂU 05: TIÊU CHÍ HUYỆN NTM - Huyện đạt chuẩn NTM năm 2020",
    "BIỂU 05: TIÊU CHÍ HUYỆN NTM (Huyện đạt chuẩn NTM năm 2020)",
    "BIỂU 05: TIÊU CHÍ HUYỆN NTM - HUYỆN LỘC BÌNH ĐẠT CHUẨN NÔNG THÔN MỚI NĂM 2020",
    "BIEU 05: TIEU CHI HUYEN NTM (Huyen dat chuan NTM nam 2020)",
    _nfd("BIỂU 05: HUYỆN ĐÃ ĐẠT CHUẨN NTM NĂM 2020"),
    "BIỂU 05: TIÊU CHÍ HUYỆN (Thị xã hoàn thành nhiệm vụ xây dựng NTM năm 2020)",
])
def test_b05_titled_with_the_year_the_district_reached_the_standard_is_the_years(
        tmp_path, title):
    """A 2023 report's B05 titled ``… (Huyện đạt chuẩn NTM năm 2020)``, without ``đã`` or
    ``được``: a person reads the district's standing, reached in 2020, not the figures'
    year. Before, the whole file was refused (no other title named a year). Now the sheet
    is read as 2023's."""
    result = _read(tmp_path, district_sheets(2023, B05=_b05(_criteria(), title=title)))
    assert result.reject_reason is None
    assert _marks(result) == READ
    assert not _flags(result, "SHEET_LAYOUT")


def test_b05_the_reports_title_names_the_year_beside_the_districts_standing(tmp_path):
    """No ThongTin; B05 titled ``UBND HUYỆN LỘC BÌNH, TỈNH LẠNG SƠN``, ``BÁO CÁO … NĂM
    2023`` and ``(Huyện đạt chuẩn NTM năm 2020)``: the report is 2023's. Before, the file was
    rejected for titles naming two years."""
    sheet = OfficeSheet("B05_TieuChiHuyen", [
        ["UBND HUYỆN LỘC BÌNH, TỈNH LẠNG SƠN"],
        ["BÁO CÁO KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM NĂM 2023"],
        ["(Huyện đạt chuẩn NTM năm 2020)"], [], HEADER, *_criteria()])
    sheets = [s for s in district_sheets(2023, B05=sheet) if s.name != "ThongTin"]
    result = _read(tmp_path, sheets)
    assert result.reject_reason is None
    assert result.identity is not None and result.identity.year == 2023
    assert _marks(result) == READ


@pytest.mark.parametrize("title", [
    "BIỂU 05: KẾT QUẢ XÉT CÔNG NHẬN HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "BIỂU 05: TIÊU CHÍ HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "BIỂU 05: TIÊU CHÍ HUYỆN NTM (Huyện phấn đấu đạt chuẩn NTM năm 2022)",
    _nfd("BIỂU 05: HUYỆN ĐẠT CHUẨN NTM NĂM 2022"),
    "Mẫu số B05 - Huyện đạt chuẩn nông thôn mới năm 2022",
])
def test_b05_titled_as_another_years_figures_is_still_refused(tmp_path, title):
    """The district as the object of another word (``XÉT CÔNG NHẬN HUYỆN …``, ``TIÊU CHÍ
    HUYỆN …``), striving for the standard, or right after the form's label (``BIỂU 05:
    HUYỆN ĐẠT CHUẨN NTM NĂM 2022``: the form's title, whose year is its figures') names the
    figures' year: beside a B04 titled for 2023, the B05 is another year's copy, refused as
    before."""
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Thực hiện", "Kế hoạch năm sau"],
                       [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]],
                       "BIỂU 04: KẾT QUẢ THỰC HIỆN NĂM 2023")
    result = _read(tmp_path, district_sheets(2023, B04=b04, B05=_b05(_criteria(), title=title)))
    assert _marks(result) == {}
    (error,) = _flags(result, "SHEET_LAYOUT", "error")
    assert "another year's copy of B05" in error["message"]
