"""B01 counts beside criteria that are not what they seem: `Số tiêu chí đạt` beside a group
headed as reached in the year (`Kết quả đạt được trong năm 2023`) whose marks are refused as
maybe the year's gains, and a `Tiêu chí chưa đạt` column holding each commune's number of
criteria not met (`4`, `7`) rather than a list of them (`4, 7`).

Before, the count beside refused marks was still stored as the count of criteria met
(`reported_count`, the mart's `criteria_met_reported`): Mẫu Sơn, recognised NTM since 2019,
with 0 criteria met. A person reads that count as the marks' own, the year's gains. And a
`Tiêu chí chưa đạt` holding `4` was read as criterion 4 not met, which the marks or the
count contradicted on every row: an error per commune and its marks not read, where a person
reads 4 as the number of criteria not met, 19 minus the 15 met."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import COMMUNES, OfficeSheet, district_sheets, simple_sheet
from tests.test_ingest_b01_counts_and_ticks import _count_headed
from tests.test_ingest_b01_criteria_groups import (
    IN_THE_YEAR,
    _b01,
    _count_in_the_group,
    _kept,
    _marks,
    _unread,
)
from tests.test_ingest_office import _flags, _read

SHEET = "B01_TieuChiXa"
STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
READ_RIGHT = {"06532": {"met": 19}, "06541": {"met": 15, "not_met": 4},
              "06544": {"met": 12, "not_met": 7}}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _counted(got) -> list[int | None]:
    return [c["reported_count"] for c in got.tables["b01_communes"]]


def _errors(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == SHEET and f["severity"] == "error"]


def _by_mark(got) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in got.tables["b01_marks"]:
        out.setdefault(m["commune_code"], set()).add(m["mark"])
    return out


# --------------------------------------------------------------------------- count beside gains

COUNTS = ["Số tiêu chí đạt", _nfd("SỐ TIÊU CHÍ ĐẠT"), "So tieu chi dat", "Tổng số tiêu chí đạt"]


@pytest.mark.parametrize("header", COUNTS)
@pytest.mark.parametrize("group", IN_THE_YEAR[:3])
def test_b01_the_count_beside_gains_of_a_recognised_commune_is_not_read(tmp_path, header,
                                                                        group):
    """`Kết quả đạt được trong năm 2023` over the criteria gained in 2023 (none, 2, 2), `Số
    tiêu chí đạt` the same, Mẫu Sơn NTM since 2019: the marks are refused as the year's
    gains, and the count beside them is theirs. Before, it was still stored as the count of
    criteria met (Mẫu Sơn: 0). Not read now, its cells kept as typed, the error saying so."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(header, (group, "gained"))))
    assert len(_unread(got)) == 57
    assert _counted(got) == [None, None, None]
    assert _kept(got, "W") == {(5, "0"), (6, "2"), (7, "2")}
    (error,) = _errors(got)
    assert (error["check_code"], error["row_number"]) == ("SHEET_LAYOUT", 3)
    assert "column W" in error["message"] and "is not read either" in error["message"]
    assert [c["ntm_year"] for c in got.tables["b01_communes"]] == [2019, None, None]


@pytest.mark.parametrize("group", IN_THE_YEAR[:3])
def test_b01_a_count_that_differs_from_marks_reached_in_the_year_is_not_read(tmp_path, group):
    """The gains marked (none, 2, 2), `Số tiêu chí đạt` 19, 15, 12: which of the two gives
    the criteria met cannot be told. Before, the marks were refused and the count stored.
    Neither is read now; the count's cells are kept."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "gained")])))
    assert len(_unread(got)) == 57
    assert _counted(got) == [None, None, None]
    assert _kept(got, "W") == {(5, "19"), (6, "15"), (7, "12")}
    (error,) = _errors(got)
    assert "differs from the marks" in error["message"]
    assert "is not read either" in error["message"]


def test_b01_a_count_headed_as_reached_in_the_year_beside_refused_marks_is_not_read(tmp_path):
    """`Kết quả đạt được trong năm 2023 | 1 … 19 | Số TC đạt`: the count under the same
    group as the refused marks is no count of criteria met, kept aside, as before."""
    got = _read(tmp_path, district_sheets(B01=_count_in_the_group()))
    assert len(_unread(got)) == 57
    assert _counted(got) == [None, None, None]
    assert (6, "15") in _kept(got, "W")


@pytest.mark.parametrize("group", IN_THE_YEAR[:3])
def test_b01_a_count_confirming_marks_reached_in_the_year_is_read_as_before(tmp_path, group):
    """The group over the criteria met at the year's end, `Số tiêu chí đạt` the same: both
    read, as before, the count not kept aside."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")])))
    assert _marks(got) == READ_RIGHT
    assert _counted(got) == [19, 15, 12]
    assert not [c for c in got.tables.get("unmapped_cells", []) if c["sheet"] == SHEET]
    assert not _errors(got)


@pytest.mark.parametrize("header", COUNTS)
def test_b01_the_count_beside_the_criteria_met_is_read_as_before(tmp_path, header):
    got = _read(tmp_path, district_sheets(B01=_count_headed(header, gains=False)))
    assert _marks(got) == READ_RIGHT
    assert _counted(got) == [19, 15, 12]
    assert not _errors(got)


# --------------------------------------------------------------------------- numbers not met

UNMET = ["Tiêu chí chưa đạt", "Các tiêu chí chưa đạt", _nfd("TIÊU CHÍ CHƯA ĐẠT"),
         "Tieu chi chua dat", "Tiêu chí không đạt"]
# Each commune's criteria not met (``COMMUNES``: 19, 15 and 12 met, the first ones).
NOT_MET = {code: set(range(met + 1, 20)) for code, _, met, _, _ in COMMUNES}


def _marks_beside(cells: list[object], header: str = "Tiêu chí chưa đạt",
                  unmet: dict[str, set[int]] = NOT_MET) -> OfficeSheet:
    """B01 with a column per criterion (``x`` but at ``unmet``), `Số tiêu chí đạt`, then
    ``header`` holding ``cells``, then the status years."""
    head = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), "Số tiêu chí đạt", header,
            *STATUS_YEARS]
    body = [[k, code, name, *[None if n in unmet[code] else "x" for n in range(1, 20)],
             19 - len(unmet[code]), cell, ntm, advanced, None]
            for k, ((code, name, _, ntm, advanced), cell)
            in enumerate(zip(COMMUNES, cells, strict=True), 1)]
    return simple_sheet(SHEET, head, body)


def _listing(rows: list[tuple[object, object]], header: str = "Tiêu chí chưa đạt"
             ) -> OfficeSheet:
    """B01 without a column per criterion: `Số tiêu chí đạt`, then ``header``, per commune
    ``(count, cell)``."""
    head = ["STT", "Mã xã", "Tên xã", "Số tiêu chí đạt", header, *STATUS_YEARS]
    body = [[k, code, name, count, cell, ntm, advanced, None]
            for k, ((code, name, _, ntm, advanced), (count, cell))
            in enumerate(zip(COMMUNES, rows, strict=True), 1)]
    return simple_sheet(SHEET, head, body)


@pytest.mark.parametrize("header", UNMET)
@pytest.mark.parametrize("cells", [[0, 4, 7], ["0", "4", "7"], [None, 4, 7], ["0", " 4 ", 7.0]])
def test_b01_numbers_of_criteria_not_met_beside_the_marks_are_counts(tmp_path, header, cells):
    """`Tiêu chí chưa đạt` holding 0, 4, 7 beside the marks (19, 15, 12 met): a person reads
    the number of criteria not met, 19 minus those met. Before, `4` was read as criterion 4
    not met, contradicting the marks: an error per commune and its disputed marks not read
    (4 is marked met, 16-19 listed nowhere). Read now as counts, compared with the marks
    (they agree): the marks are read, no error, the cells kept as typed with an info."""
    got = _read(tmp_path, district_sheets(B01=_marks_beside(cells, header)))
    assert _marks(got) == READ_RIGHT
    assert not _errors(got)
    (note,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith("X ")]
    assert note["severity"] == "info" and "number of criteria not met" in note["message"]
    assert (5, "4") in _kept(got, "X")


def test_b01_a_number_of_criteria_not_met_that_disagrees_with_the_marks(tmp_path):
    """0, 4, 6 beside the marks (19, 15, 12 met): the column counts (0 and 4 agree), and
    Khánh Xuân's 6 says 13 met where its marks say 12. Which is right cannot be told: its
    marks are not read, with an error naming the cell; the others are read."""
    got = _read(tmp_path, district_sheets(B01=_marks_beside([0, 4, 6])))
    assert _by_mark(got) == {"06532": {"met"}, "06541": {"met", "not_met"},
                             "06544": {"unparseable"}}
    (error,) = _errors(got)
    assert (error["check_code"], error["row_number"], error["raw_value"]) == (
        "UNPARSEABLE_VALUE", 6, "6")
    assert error["column_name"] == "X (Tiêu chí chưa đạt)"
    assert "6 criteria not met" in error["message"] and "12 of 19" in error["message"]


@pytest.mark.parametrize("header", UNMET[:4])
@pytest.mark.parametrize("rows", [[(19, 0), (15, 4), (12, 7)], [(19, None), (15, "4"), (12, 7)]])
def test_b01_numbers_of_criteria_not_met_without_the_marks_name_no_criterion(
        tmp_path, header, rows):
    """No column per criterion, `Số tiêu chí đạt` 19, 15, 12 and `Tiêu chí chưa đạt` 0, 4,
    7: counts, which name no criterion. Before, read as lists (criterion 4 not met), an
    error per commune that the list leaves 18 met against the count. The marks are still
    not known (unparseable), the count read, with one error saying the column counts; Mẫu
    Sơn's 0 (or blank) beside 19 says every criterion is met, as before."""
    got = _read(tmp_path, district_sheets(B01=_listing(rows, header)))
    assert _by_mark(got) == {"06532": {"met"}, "06541": {"unparseable"},
                             "06544": {"unparseable"}}
    assert _counted(got) == [19, 15, 12]
    (error,) = _errors(got)
    assert (error["check_code"], error["row_number"]) == ("SHEET_LAYOUT", 3)
    assert error["column_name"].startswith("E (")
    assert "number of criteria not met" in error["message"]
    assert "which criteria" in error["message"]


def test_b01_a_number_not_met_that_disagrees_with_the_count(tmp_path):
    """0, 4, 6 beside counts 19, 15, 12: Khánh Xuân's 6 and 12 disagree, an error of its
    own at the cell."""
    got = _read(tmp_path, district_sheets(B01=_listing([(19, 0), (15, 4), (12, 6)])))
    errors = sorted(_errors(got), key=lambda f: f["row_number"])
    assert [(f["check_code"], f["row_number"]) for f in errors] == [
        ("SHEET_LAYOUT", 3), ("UNPARSEABLE_VALUE", 6)]
    assert "6 criteria not met" in errors[1]["message"]


@pytest.mark.parametrize("listed", ["4, 7", "TC4; TC7", "4; 7", "tc 4 và tc 7"])
def test_b01_a_list_of_criteria_not_met_is_read_as_before(tmp_path, listed):
    """`4, 7` (or `TC4; TC7`) lists two criteria: read as before, in both layouts."""
    alone = _read(tmp_path / "alone", district_sheets(B01=_listing(
        [(19, None), (17, listed), (17, "16, 17")])))
    assert not _errors(alone)
    unmet = {(m["commune_code"], m["criterion_no"]) for m in alone.tables["b01_marks"]
             if m["mark"] == "not_met"}
    assert unmet == {("06541", 4), ("06541", 7), ("06544", 16), ("06544", 17)}
    marks = {"06532": set(), "06541": {4, 7}, "06544": {16, 17}}
    beside = _read(tmp_path / "beside", district_sheets(B01=_marks_beside(
        [None, listed, "16, 17"], unmet=marks)))
    assert not _errors(beside)
    assert not _unread(beside)


def test_b01_single_numbers_that_agree_as_criteria_are_lists(tmp_path):
    """`4` and `7` beside counts of 18: one criterion not met each, so 4 and 7 are the
    criteria (19 minus 18 is 1). Read as lists, as before; so are they beside marks of
    criterion 4 and 7 not met."""
    alone = _read(tmp_path / "alone", district_sheets(B01=_listing(
        [(19, None), (18, 4), (18, "7")])))
    assert not _errors(alone)
    unmet = {(m["commune_code"], m["criterion_no"]) for m in alone.tables["b01_marks"]
             if m["mark"] == "not_met"}
    assert unmet == {("06541", 4), ("06544", 7)}
    beside = _read(tmp_path / "beside", district_sheets(B01=_marks_beside(
        [None, 4, "7"], unmet={"06532": set(), "06541": {4}, "06544": {7}})))
    assert not _errors(beside) and not _unread(beside)


def test_b01_a_column_of_single_numbers_neither_count_nor_list_is_read_as_before(tmp_path):
    """`5`, `9` beside marks of 15 and 12 met (16-19 and 13-19 not met): neither 19 minus
    the met nor the criteria unmarked. Read as lists, as before: the disputed criteria not
    read, with their errors."""
    got = _read(tmp_path, district_sheets(B01=_marks_beside([None, 5, 9])))
    assert ("06541", 5) in _unread(got) and ("06544", 9) in _unread(got)
    assert _errors(got)
