"""B01 criterion marks beside other columns that speak of the same criteria (a group marking
the criteria whose quality must be raised, nâng chất): what a person reads against what
reaches raw.b01_marks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import COMMUNES, OfficeSheet, b01_two_row_header, district_sheets
from tests.test_ingest_b01_changed_criteria import _pairs
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read, _status

STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _b01_flags(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == "B01_TieuChiXa" and f["severity"] != "info"]


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
