"""B01 criterion marks beside other columns that speak of the same criteria (a list of the
criteria not met in one column, a group marking the criteria whose quality must be raised,
nâng chất): what a person reads against what reaches raw.b01_marks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import (
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    district_sheets,
    simple_sheet,
)
from tests.test_ingest_b01_changed_criteria import _pairs
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read, _status

STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _b01_flags(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == "B01_TieuChiXa" and f["severity"] != "info"]


def _unread(got) -> set[tuple[str, int]]:
    return {(m["commune_code"], m["criterion_no"]) for m in got.tables["b01_marks"]
            if m["mark"] == "unparseable"}


# --------------------------------------------------------------------------- marks and a list


def _marks_and_list(lists: list[object], header: str = "Các tiêu chí chưa đạt") -> OfficeSheet:
    """B01 with a column per criterion (``COMMUNES``: 19, 15 and 12 met, the first ones) and,
    after the count, each commune's criteria not met listed in one column (``lists``)."""
    head = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), "Số tiêu chí đạt", header,
            *STATUS_YEARS]
    body = [[k, code, name, *["x" if n <= met else None for n in range(1, 20)], met, listed,
             ntm, advanced, None]
            for k, ((code, name, met, ntm, advanced), listed)
            in enumerate(zip(COMMUNES, lists, strict=True), 1)]
    return simple_sheet("B01_TieuChiXa", head, body)


@pytest.mark.parametrize("header", ["Các tiêu chí chưa đạt", _nfd("CÁC TIÊU CHÍ CHƯA ĐẠT"),
                                    "Tieu chi chua dat"])
def test_b01_marks_and_a_list_of_criteria_not_met_that_disagree_are_not_read(tmp_path, header):
    """Yên Khoái's marks say criteria 1 to 15 are met, but `Các tiêu chí chưa đạt` beside
    them lists `13, 16, 17, 18, 19`: whether 13 is met a person cannot tell. Before, the list
    was set aside unread and 13 stored as met, no flag. Criterion 13 is neither met nor not
    met now, with an error naming the mark's cell and the list's; the criteria on which both
    agree, and Khánh Xuân's list (13 to 19, as its marks), are read."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list(
        [None, "13, 16, 17, 18, 19", "13, 14, 15, 16, 17, 18, 19"], header)))
    assert _unread(got) == {("06541", 13)}
    assert _marks_met(got) == {"06532": 19, "06541": 14, "06544": 12}
    (error,) = _b01_flags(got)
    assert error["check_code"] == "UNPARSEABLE_VALUE" and error["severity"] == "error"
    assert (error["row_number"], error["column_name"], error["raw_value"]) == (5, "P (13)", "x")
    assert "criterion 13 is marked met in column P (13) ('x') but listed as not met in " \
        "column X" in error["message"]
    assert "'13, 16, 17, 18, 19'" in error["message"]
    kept = {(c["row_number"], c["value"]) for c in got.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa" and c["column_name"].startswith("X")}
    assert (5, "13, 16, 17, 18, 19") in kept


def test_b01_a_list_leaving_out_a_criterion_the_marks_do_not_give_is_not_read(tmp_path):
    """Yên Khoái's list names 17, 18 and 19 only, its marks stop at 15: criterion 16 is
    neither marked met nor listed as not met."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list(
        [None, "17, 18, 19", "13, 14, 15, 16, 17, 18, 19"])))
    assert _unread(got) == {("06541", 16)}
    (error,) = _b01_flags(got)
    assert "criterion 16 is not marked met in column S (16) ('') and not listed as not met " \
        "in column X" in error["message"]


@pytest.mark.parametrize("none", ["-", "Không"])
def test_b01_a_list_saying_none_is_unmet_beside_marks_of_criteria_not_met(tmp_path, none):
    """`Không` (none) beside Khánh Xuân's marks of 12 met: the seven criteria unmarked are
    said met by the list and not by the marks; none of them is read. Beside Mẫu Sơn's 19
    marks it agrees."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list(
        [none, "16, 17, 18, 19", none])))
    assert _unread(got) == {("06544", n) for n in range(13, 20)}
    assert _marks_met(got) == {"06532": 19, "06541": 15, "06544": 12}
    assert {f["row_number"] for f in _b01_flags(got)} == {6}


def test_b01_a_blank_list_where_others_are_filled_says_none_is_unmet(tmp_path):
    """In a column that lists Yên Khoái's criteria not met, Khánh Xuân's blank cell says it
    has none, which its marks (12 met) contradict: its seven unmarked criteria are not read.
    Mẫu Sơn's blank beside its 19 marks agrees."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list([None, "16, 17, 18, 19", None])))
    assert _unread(got) == {("06544", n) for n in range(13, 20)}


@pytest.mark.parametrize("lists", [
    [None, "16, 17, 18, 19", "13, 14, 15, 16, 17, 18, 19"],
    ["Không", "TC16; TC17, 18 và 19", "13 14 15 16 17 18 19"],
    ["-", "16,17,18,19", "Môi trường và an toàn thực phẩm, 13, 14, 15, 16, 18, 19"],
    [None, None, None]])
def test_b01_marks_and_a_list_that_agree_are_read_as_before(tmp_path, lists):
    """The list says what the marks say (by numbers, `TC16`, a criterion's name, or none
    with `-` / `Không` / a blank beside all 19 marked), or the column is blank throughout
    (never filled in): the marks are read, no flag."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list(lists)))
    assert _marks_met(got) == EXPECTED_MET
    assert not _unread(got)
    assert not _b01_flags(got)


@pytest.mark.parametrize("listed", ["Giao thông nông thôn", "16, 17.1, 18, 19", "Còn 4 TC"])
def test_b01_a_list_beside_the_marks_that_cannot_be_read_is_kept_as_before(tmp_path, listed):
    """A list that names something no criterion (`Giao thông nông thôn`, the indicator
    `17.1`, `Còn 4 TC`) is not compared: the marks are read and the list kept as typed, as
    before."""
    got = _read(tmp_path, district_sheets(B01=_marks_and_list(
        [None, listed, "13, 14, 15, 16, 17, 18, 19"])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)
    kept = {c["value"] for c in got.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa" and c["column_name"].startswith("X")}
    assert listed in kept


# --------------------------------------------------------------------------- to raise in quality

# The criteria each commune must raise in quality (nâng chất), among those it meets.
TO_RAISE = {"06532": (8, 17), "06541": (14, 15), "06544": ()}


def _groups(headings: list[tuple[str, str]]) -> OfficeSheet:
    """B01 with a group over the 19 criteria per ``(heading, kind)``, side by side: ``met``
    marks the criteria met, ``raise`` those to raise in quality; then the count and years."""
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    for heading, _ in headings:
        merges.append((2, len(top), 2, len(top) + 18))
        top += [heading, *[None] * 18]
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + 4)]
    top += ["Số tiêu chí đạt", *STATUS_YEARS]
    low = [None] * 3 + [str(n) for n in range(1, 20)] * len(headings) + [None] * 4
    body = []
    for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1):
        marked = {"met": range(1, met + 1), "raise": TO_RAISE[code]}
        cells = [("x" if n in marked[kind] else None) for _, kind in headings
                 for n in range(1, 20)]
        body.append([k, code, name, *cells, met, ntm, advanced, None])
    return OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)


RAISE = ["Tiêu chí cần nâng chất", "Các tiêu chí cần nâng cao chất lượng",
         "Tiêu chí đạt nhưng chưa bền vững", "Tiêu chí cần củng cố, nâng chất",
         _nfd("TIÊU CHÍ CẦN NÂNG CHẤT"), "Cac tieu chi can nang cao chat luong"]


@pytest.mark.parametrize("heading", RAISE)
def test_b01_whose_only_criteria_are_those_to_raise_in_quality_feeds_nothing(
        tmp_path, heading):
    """The only criteria group marks the criteria whose quality must be raised, some of
    those met: Mẫu Sơn, meeting all 19, has two marks there. Before, they were stored as the
    criteria met (2, 2, 0 where a person reads 19, 15, 12), no flag. The sheet is not read,
    and its error says what the group gives."""
    got = _read(tmp_path, district_sheets(B01=_groups([(heading, "raise")])))
    assert "b01_marks" not in got.tables
    assert _status(got, "B01")["status"] == "unusable"
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert layout["severity"] == "error"
    assert "give the criteria whose quality must be raised (nâng chất)" in layout["message"]


@pytest.mark.parametrize("heading", RAISE)
def test_b01_criteria_to_raise_in_quality_beside_the_criteria_met_are_set_aside(
        tmp_path, heading):
    """`Tiêu chí đạt chuẩn` over 19 criteria, then a group of those to raise in quality:
    the first is read, the second kept aside with an info. Before, the sheet was not read
    (two columns for each criterion)."""
    got = _read(tmp_path, district_sheets(B01=_groups(
        [("Tiêu chí đạt chuẩn", "met"), (heading, "raise")])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)
    notes = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith("W ")]
    assert "quality must be raised (nâng chất), some of the criteria met" in notes[0]["message"]
    kept = {(c["row_number"], c["column_name"][:2]) for c in got.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa"}
    assert (5, "AD") in kept  # Mẫu Sơn's criterion 8 to raise, kept as typed


@pytest.mark.parametrize("heading", ["Tiêu chí đạt chuẩn", "Tiêu chí duy trì", "Tiêu chí giữ vững",
                                     "Tiêu chí đạt chuẩn NTM nâng cao",
                                     "Tiêu chí nâng cao đạt chuẩn"])
def test_b01_criteria_headed_as_met_or_kept_are_read_as_before(tmp_path, heading):
    """Criteria headed as met, kept (`duy trì`, `giữ vững`) or of the advanced level (`NTM
    nâng cao`) are the criteria met."""
    got = _read(tmp_path, district_sheets(B01=_groups([(heading, "met")])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)


@pytest.mark.parametrize("second", ["Cần nâng chất", _nfd("NÂNG CHẤT LƯỢNG"), "Can nang chat"])
def test_b01_a_criterions_own_column_to_raise_in_quality_is_set_aside(tmp_path, second):
    """`Đạt | Cần nâng chất` under each criterion: the first is the mark of met, the second
    says whether its quality must be raised, and is kept aside."""
    marks = {code: (set(range(1, met + 1)), set(TO_RAISE[code]))
             for code, _, met, _, _ in COMMUNES}
    got = _read(tmp_path, district_sheets(B01=_pairs("Đạt", second, marks)))
    assert _marks_met(got) == EXPECTED_MET
    assert {m["column_name"].split(" ")[0] for m in got.tables["b01_marks"]
            if m["criterion_no"] == 1} == {"D"}
    assert not _b01_flags(got)


@pytest.mark.parametrize(("header", "cells"), [
    ("Số TC cần nâng cao chất lượng", (2, 2)), ("Các tiêu chí cần nâng cao chất lượng",
                                               ("8, 17", "14, 15")),
    (_nfd("SỐ TIÊU CHÍ CẦN NÂNG CHẤT"), (2, 2)), ("Tieu chi can nang chat luong", ("8", "14"))])
def test_b01_a_column_of_the_criteria_to_raise_in_quality_is_no_status_year(
        tmp_path, header, cells):
    """A column of its own after `Ghi chú` counting or listing each commune's criteria to
    raise in quality: its `nâng cao` is no NTM nâng cao level. Before, it was taken for a
    second column of that year, and beside `Năm đạt chuẩn | NTM nâng cao` neither was read
    (Mẫu Sơn's 2022 lost). It is kept aside; the marks and the years are read as before."""
    b01 = b01_two_row_header()
    top = b01.find("Ghi chú")[0]
    for row in b01.rows[top:]:
        row.append(None)
    b01.rows[top][-1] = header
    first = b01.find("06532")[0]
    b01.rows[first][-1], b01.rows[first + 1][-1] = cells
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(got) == EXPECTED_MET
    assert [c["advanced_year"] for c in got.tables["b01_communes"]] == [2022, None, None]
    assert not _b01_flags(got)
