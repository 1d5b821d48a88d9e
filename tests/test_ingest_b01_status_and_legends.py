"""B01 read as a person reads it where the sheet says more than its cells: a legend giving the
template's marks (`1`, `0`) the other meaning, and a note saying a commune reached a level
whose year the row leaves blank."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import b01_two_row_header, district_sheets
from tests.test_ingest_office import _flags, _read

_CRITERIA = slice(4, 23)  # b01_two_row_header's criterion columns, E..W
_NOTE = 27  # its Ghi chú column, AB


def _marks(result) -> dict[str, list[str]]:
    """Per commune, its criteria's marks in criterion order."""
    out: dict[str, list[tuple[int, str]]] = {}
    for m in result.tables["b01_marks"]:
        out.setdefault(m["commune_code"], []).append((m["criterion_no"], m["mark"]))
    return {code: [mark for _, mark in sorted(marks)] for code, marks in out.items()}


def _numbered(met: object, not_met: object, legend: str | None):
    """The office workbook's B01 with its marks typed as ``met`` and ``not_met`` (Mẫu Sơn
    meets 19, Yên Khoái 15, Khánh Xuân 12), and ``legend`` two rows under the table."""
    b01 = b01_two_row_header()
    for code in ("06532", "06541", "06544"):
        row = b01.rows[b01.find(code)[0]]
        row[_CRITERIA] = [met if cell == "x" else not_met for cell in row[_CRITERIA]]
    if legend is not None:
        b01.rows.insert(b01.find("Tổng cộng")[0] + 2, [None, legend])
    return b01


# ----------------------------------------------------- a legend turning the marks around


@pytest.mark.parametrize(("met", "not_met", "legend"), [
    (2, 1, "Ký hiệu: 1 - Chưa đạt; 2 - Đạt"),
    (2, 1, "Ghi chú: 1: không đạt; 2: đạt"),
    ("2", "1", "Ky hieu: 1 = chua dat, 2 = dat"),
    (2, 1, unicodedata.normalize("NFD", "KÝ HIỆU: 1 LÀ TIÊU CHÍ CHƯA ĐẠT; 2 LÀ TIÊU CHÍ ĐẠT")),
    ("Đ", "x", "Ghi chú: (x) = chưa đạt; Đ = đạt"),
])
def test_b01_a_legend_giving_1_the_meaning_not_met_leaves_the_1_cells_unread(
        tmp_path, met, not_met, legend):
    """`Ký hiệu: 1 - Chưa đạt; 2 - Đạt`, the criteria met typed 2 and the others 1: a person
    reads each 1 as a criterion not met (a commune marked 1 on all meets none). The template
    reads 1 as met: the 1 cells were stored as met without a flag (Yên Khoái with 4 criteria
    met, not 15). They are not read now, each with an error quoting the legend; the 2 cells
    stay unread as before (no mark of the template). So too an `x` a legend says is not met
    beside `Đ` for met: the Đ cells are read."""
    result = _read(tmp_path, district_sheets(B01=_numbered(met, not_met, legend)))
    read = met == "Đ"
    assert {code: m.count("met") for code, m in _marks(result).items()} == {
        "06532": 19 * read, "06541": 15 * read, "06544": 12 * read}
    errors = _flags(result, "UNPARSEABLE_VALUE")
    unmet = [f for f in errors if f["raw_value"] == str(not_met)]
    assert len(unmet) == 4 + 7  # Yên Khoái's 4 criteria not met, Khánh Xuân's 7
    assert all(unicodedata.normalize("NFC", legend) in f["message"]
               and "a mark of met in the template" in f["message"] for f in unmet)


def test_b01_a_legend_giving_0_the_meaning_met_leaves_the_0_cells_unread(tmp_path):
    """`Ghi chú: 0 - Đạt; 1 - Chưa đạt`: the sheet's 0 is met and its 1 not met, both the
    other way round from the template; neither is read as the template would, each cell with
    an error."""
    result = _read(tmp_path, district_sheets(B01=_numbered(0, 1, "Ghi chú: 0 - Đạt; 1 - Chưa đạt")))
    assert all(set(m) == {"unparseable"} for m in _marks(result).values())
    raw = {f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert raw == {"0", "1"}


@pytest.mark.parametrize(("met", "not_met", "legend"), [
    ("x", None, "Ghi chú: 1 - Số liệu ước tính; 2 - Xã Khánh Xuân chưa đạt do sáp nhập"),
    ("x", None, "Ghi chú: 1. Số liệu tính đến 31/12/2023"),
    (1, 0, "Ghi chú: 1 - Số liệu ước tính"),
    (1, 0, "Ký hiệu: 1 - Đạt; 0 - Chưa đạt"),
    (1, None, "Ky hieu: 1 la dat, de trong la chua dat"),
    ("x", "-", "Ghi chú: x - Đạt; (-) - chưa đạt"),
])
def test_b01_numbered_notes_and_legends_agreeing_with_the_template_leave_the_marks_read(
        tmp_path, met, not_met, legend):
    """Notes numbered 1, 2 under a table marked with x, and legends of 1 and 0 saying what
    the template says: the marks are read as before, without a flag."""
    result = _read(tmp_path, district_sheets(B01=_numbered(met, not_met, legend)))
    assert {code: m.count("met") for code, m in _marks(result).items()} == {
        "06532": 19, "06541": 15, "06544": 12}
    assert not _flags(result, "UNPARSEABLE_VALUE")


# ------------------------------------------------ a note saying a level the row leaves blank


def _noted(notes: dict[str, tuple[object, object, str | None]]):
    """The office workbook's B01 with, per commune, its NTM and advanced years and its
    Ghi chú."""
    b01 = b01_two_row_header()
    for code, (ntm, advanced, note) in notes.items():
        row = b01.rows[b01.find(code)[0]]
        row[24], row[25], row[_NOTE] = ntm, advanced, note
    return b01


def _statuses(result) -> list[tuple]:
    return [(r["commune_code"], r["ntm_year"], r["advanced_year"], r["status_years_unreadable"])
            for r in result.tables["b01_communes"]]


@pytest.mark.parametrize(("note", "ntm", "unknown"), [
    ("Đạt chuẩn NTM năm 2019, NTM nâng cao năm 2022", None, "ntm_year, advanced_year"),
    ("Đã đạt chuẩn NTM nâng cao", 2019, "advanced_year"),
    ("Xã NTM nâng cao", 2019, "advanced_year"),
    ("XA DAT CHUAN NONG THON MOI", None, "ntm_year"),
    (unicodedata.normalize("NFD", "ĐÃ ĐẠT CHUẨN NTM NÂNG CAO"), 2019, "advanced_year"),
])
def test_b01_a_note_saying_a_level_reached_whose_year_is_blank_makes_it_unknown(
        tmp_path, note, ntm, unknown):
    """`Đạt chuẩn NTM năm 2019, NTM nâng cao năm 2022` in Ghi chú beside blank year cells, or
    `Đã đạt chuẩn NTM nâng cao` beside an NTM year and a blank advanced one: a person reads
    the commune reached those levels, their years not given there; they were stored as not
    reached, without a flag. That status is now unknown, with a warning quoting the note; a
    year the row gives is kept."""
    b01 = _noted({"06532": (ntm, None, note)})
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result)[0] == ("06532", ntm, None, unknown)
    [warning] = [f for f in _flags(result, "STATUS_MARK") if f["row_number"] == 7]
    assert warning["severity"] == "warning" and warning["column_name"] == "AB (Ghi chú)"
    assert unicodedata.normalize("NFC", note) in warning["message"]
    assert unknown in warning["message"]


@pytest.mark.parametrize(("ntm", "advanced", "note"), [
    (2019, 2022, "Đạt chuẩn NTM năm 2019, NTM nâng cao năm 2022"),
    (2019, None, "Đạt chuẩn NTM năm 2019"),
    (2019, None, "Phấn đấu đạt chuẩn NTM nâng cao năm 2025"),
    (2019, None, "Đăng ký xã NTM kiểu mẫu"),
    (None, None, "Chưa đạt chuẩn NTM"),
    (None, None, "Dự kiến đạt chuẩn NTM năm 2025"),
    (None, None, "Đạt chuẩn NTM 17/19 tiêu chí"),
    (None, None, "Đạt chuẩn năm 2019"),
])
def test_b01_a_note_agreeing_with_the_years_or_of_a_level_not_reached_changes_nothing(
        tmp_path, ntm, advanced, note):
    """A note agreeing with the years given, one of a plan, a registration or not yet, one on
    criteria, and one naming no level: the years are read as before, without a warning."""
    result = _read(tmp_path, district_sheets(B01=_noted({"06532": (ntm, advanced, note)})))
    assert _statuses(result)[0] == ("06532", ntm, advanced, None)
    assert not [f for f in _flags(result, "STATUS_MARK") if f["row_number"] == 7]


@pytest.mark.parametrize(("heading", "unknown"), [
    ("CÁC XÃ ĐÃ ĐẠT CHUẨN NÔNG THÔN MỚI (02 xã)", "ntm_year"),
    ("Xã đạt chuẩn NTM nâng cao", "ntm_year, advanced_year"),
    (unicodedata.normalize("NFD", "Các xã đã đạt chuẩn NTM"), "ntm_year"),
])
def test_b01_communes_under_a_heading_of_a_level_reached_with_blank_years_are_unknown(
        tmp_path, heading, unknown):
    """`I | CÁC XÃ ĐÃ ĐẠT CHUẨN NÔNG THÔN MỚI (02 xã)` over two communes whose NTM year cells
    are blank: a person reads them as NTM communes, the year not given; they were stored as
    not reached, without a flag. That status is now unknown, with a warning naming the
    heading. The communes under `II | Các xã chưa đạt chuẩn` stay not reached."""
    b01 = _noted({"06532": (None, None, None)})
    first = b01.find("06532")[0]
    b01.rows.insert(first, ["I", None, heading])
    b01.rows.insert(b01.find("06544")[0], ["II", None, "Các xã chưa đạt chuẩn"])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _statuses(result) == [("06532", None, None, unknown), ("06541", None, None, unknown),
                                 ("06544", None, None, None)]
    warned = [f for f in _flags(result, "STATUS_MARK") if f["severity"] == "warning"]
    assert [f["row_number"] for f in warned] == [first + 2, first + 3]
    assert all(unicodedata.normalize("NFC", heading) in f["message"] for f in warned)
