"""B01 criterion columns under a group header that does not say plainly it gives the criteria
met at the year's end: a group naming what was reached in the year (`Kết quả đạt được trong
năm 2023`), and a group of the criteria lost in the year or not met beside the criteria met.
What a person reads against what reaches raw.b01_marks."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from tests.office import COMMUNES, OfficeSheet, district_sheets
from tests.test_ingest_b01_changed_criteria import _pairs
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read, _status

STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
SHEET = "B01_TieuChiXa"
# The criteria each commune gained in 2023, among those it meets (``COMMUNES``: 19, 15 and
# 12 met, the first ones).
GAINED = {"06532": set(), "06541": {14, 15}, "06544": {11, 12}}
# The criteria each commune lost in 2023: Yên Khoái no longer meets 16, Khánh Xuân 13, 14.
LOST = {"06532": set(), "06541": {16}, "06544": {13, 14}}
MET = {code: set(range(1, met + 1)) for code, _, met, _, _ in COMMUNES}
UNMET = {code: set(range(met + 1, 20)) for code, _, met, _, _ in COMMUNES}
# Each commune's marks in a group of the kind named.
KINDS = {"met": MET, "gained": GAINED, "lost": LOST, "unmet": UNMET,
         "blank": {code: set() for code in MET}}
# What a person reads of each commune: its 19 criteria's marks, from the group of met.
READ_RIGHT = {"06532": {"met": 19}, "06541": {"met": 15, "not_met": 4},
              "06544": {"met": 12, "not_met": 7}}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _b01(groups: list[tuple[str, str]], count: Callable[[str, int], object] | None
         = lambda code, met: met, changed: dict[str, dict[str, set[int]]] | None = None
         ) -> OfficeSheet:
    """B01 with a group over the 19 criteria per ``(heading, kind)`` (``KINDS``), side by
    side, then `Số tiêu chí đạt` (``count(code, met)``; no column when None) and the status
    years. ``changed``: a kind's marks replaced for some communes."""
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    for heading, _ in groups:
        merges.append((2, len(top), 2, len(top) + 18))
        top += [heading, *[None] * 18]
    after = (["Số tiêu chí đạt"] if count is not None else []) + STATUS_YEARS
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + len(after))]
    top += after
    low = [None] * 3 + [str(n) for n in range(1, 20)] * len(groups) + [None] * len(after)
    body = []
    for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1):
        cells = []
        for _, kind in groups:
            marked = {**KINDS[kind], **(changed or {}).get(kind, {})}[code]
            cells += ["x" if n in marked else None for n in range(1, 20)]
        counted = [count(code, met)] if count is not None else []
        body.append([k, code, name, *cells, *counted, ntm, advanced, None])
    return OfficeSheet(SHEET, [["BIỂU 01"], [], top, low, *body], merges)


def _marks(got) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for m in got.tables["b01_marks"]:
        by = out.setdefault(m["commune_code"], {})
        by[m["mark"]] = by.get(m["mark"], 0) + 1
    return out


def _unread(got) -> set[tuple[str, int]]:
    return {(m["commune_code"], m["criterion_no"]) for m in got.tables["b01_marks"]
            if m["mark"] == "unparseable"}


def _problems(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == SHEET and f["severity"] != "info"]


def _kept(got, column: str) -> set[tuple[int, str]]:
    return {(c["row_number"], c["value"]) for c in got.tables["unmapped_cells"]
            if c["sheet"] == SHEET and c["column_name"].split(" ")[0] == column}


# --------------------------------------------------------------------------- reached in the year

# Groups that may give the criteria gained in the year or those met at its end.
IN_THE_YEAR = ["Kết quả đạt được trong năm 2023", _nfd("KẾT QUẢ ĐẠT ĐƯỢC TRONG NĂM 2023"),
               "Ket qua dat duoc trong nam 2023", "Đạt chuẩn trong năm 2023",
               "Kết quả hoàn thành trong năm", "Kết quả được công nhận trong năm 2023"]
# Groups of what arose in the year, and groups of the gains read as such before.
ARISEN = ["Tiêu chí phát sinh mới", _nfd("TIÊU CHÍ PHÁT SINH MỚI"), "Tieu chi moi phat sinh"]
GAINS = ["Tiêu chí đạt được trong năm 2023", "Các tiêu chí đạt chuẩn mới"]


@pytest.mark.parametrize("group", IN_THE_YEAR)
def test_b01_criteria_reached_in_the_year_whose_count_differs_are_not_read(tmp_path, group):
    """`Kết quả đạt được trong năm 2023` over the 19 criteria, `x` at the criteria gained in
    2023 (none, 2, 2), `Số tiêu chí đạt` 19, 15, 12 beside them: the counts say the marks are
    the year's gains, not the criteria met. Before, the gains were stored as the criteria met
    (0, 2, 2 where a person reads 19, 15, 12), no flag. The marks are not read now
    (`unparseable`), with one error at the header naming the group and the rows; the
    communes and their status years are read."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "gained")])))
    assert _marks_met(got) == {"06532": 0, "06541": 0, "06544": 0}
    assert len(_unread(got)) == 57
    (error,) = _problems(got)
    assert (error["check_code"], error["severity"]) == ("SHEET_LAYOUT", "error")
    shown = unicodedata.normalize("NFC", group)
    assert (error["row_number"], error["column_name"]) == (3, f"D ({shown} | 1)")
    assert error["raw_value"] == shown and f"headed '{shown}'" in error["message"]
    assert "columns D-V" in error["message"]
    assert "differs from the marks (row 5: 19 against 0; row 6: 15 against 2; row 7: 12 " \
        "against 2)" in error["message"]
    assert [c["ntm_year"] for c in got.tables["b01_communes"]] == [2019, None, None]
    assert {m["value_text"] for m in got.tables["b01_marks"]} == {"x", None}


@pytest.mark.parametrize("group", IN_THE_YEAR)
def test_b01_criteria_reached_in_the_year_without_a_count_are_not_read(tmp_path, group):
    """The same group and no `Số tiêu chí đạt`: whether the marks are the gains or the
    criteria met at the year's end nothing in the sheet tells. Before, stored as met. Not
    read now, with an error at the header saying no count tells which."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")], count=None)))
    assert len(_unread(got)) == 57
    (error,) = _problems(got)
    assert error["check_code"] == "SHEET_LAYOUT" and error["row_number"] == 3
    assert "no count of criteria met beside them tells which" in error["message"]


@pytest.mark.parametrize("group", IN_THE_YEAR)
def test_b01_criteria_reached_in_the_year_whose_count_agrees_are_read(tmp_path, group):
    """The group over the criteria each commune meets (19, 15, 12), `Số tiêu chí đạt` the
    same: the group is the result at the year's end. Read as before, with an info saying
    the count confirmed it."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")])))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    (info,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == SHEET]
    assert info["severity"] == "info" and "equals its marks" in info["message"]


def test_b01_a_count_blank_on_some_rows_still_confirms_the_others(tmp_path):
    """Khánh Xuân's count is left blank; the other two equal their marks: read, as
    before."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Kết quả đạt được trong năm 2023", "met")],
        count=lambda code, met: None if code == "06544" else met)))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)


def _count_in_the_group() -> OfficeSheet:
    """`Kết quả đạt được trong năm 2023 | 1 … 19 | Số TC đạt`: the count of criteria met
    under the same group as the marks."""
    b01 = _b01([("Kết quả đạt được trong năm 2023", "met")])
    b01.merges = [m for m in b01.merges if m != (2, 3, 2, 21) and m != (2, 22, 3, 22)]
    b01.merges.append((2, 3, 2, 22))
    b01.rows[3][22], b01.rows[2][22] = "Số TC đạt", None
    return b01


def test_b01_a_count_itself_headed_as_reached_in_the_year_confirms_nothing(tmp_path):
    """`Số tiêu chí đạt` under the same group as the marks (`Kết quả đạt được trong năm
    2023 | 1 … 19 | Số TC đạt`): as doubtful as they are, it tells nothing; the marks are not
    read. Before, they were stored as the criteria met."""
    got = _read(tmp_path, district_sheets(B01=_count_in_the_group()))
    assert len(_unread(got)) == 57
    (error,) = _problems(got)
    assert "no count of criteria met beside them tells which" in error["message"]


@pytest.mark.parametrize("group", IN_THE_YEAR + ARISEN + GAINS)
@pytest.mark.parametrize("order", ["met first", "gains first"])
def test_b01_criteria_reached_in_the_year_beside_the_criteria_met_are_set_aside(
        tmp_path, group, order):
    """`Tiêu chí đạt chuẩn` and `Kết quả đạt được trong năm 2023` (or `Tiêu chí phát sinh
    mới`) side by side: the second gives the year's gains beside the criteria met. Before,
    the sheet was not read (two columns for each criterion): no marks, no status years. The
    criteria met are read, the gains kept aside with an info per column, no error
    (`Tiêu chí đạt được trong năm 2023`, `Các tiêu chí đạt chuẩn mới`: as before)."""
    groups = [("Tiêu chí đạt chuẩn", "met"), (group, "gained")]
    got = _read(tmp_path, district_sheets(B01=_b01(groups[::-1] if order == "gains first"
                                                   else groups)))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    gains = "W" if order == "met first" else "D"
    notes = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith(gains)]
    assert notes and "gained in the" in notes[0]["message"]
    # Yên Khoái's gain of criterion 14, kept as typed
    assert (6, "x") in _kept(got, "AJ" if order == "met first" else "Q")


def test_b01_a_criterion_reached_in_the_year_but_not_met_beside_it_is_not_read(tmp_path):
    """Mẫu Sơn's criteria met stop at 18, but `Kết quả đạt được trong năm 2023` beside them
    marks 19: which is right cannot be told. Before, the sheet was not read. Criterion 19 is
    not read now, the error names both columns; the rest is read."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Tiêu chí đạt chuẩn", "met"), ("Kết quả đạt được trong năm 2023", "gained")],
        changed={"met": {"06532": set(range(1, 19))}, "gained": {"06532": {19}}})))
    assert _unread(got) == {("06532", 19)}
    (error,) = _problems(got)
    assert error["check_code"] == "UNPARSEABLE_VALUE" and error["row_number"] == 5
    assert "column AO (Kết quả đạt được trong năm 2023 | 19) ('x') but not as met in " \
        "column V (Tiêu chí đạt chuẩn | 19)" in error["message"]


@pytest.mark.parametrize("group", ARISEN)
def test_b01_whose_only_criteria_arose_in_the_year_feeds_nothing(tmp_path, group):
    """`Tiêu chí phát sinh mới` alone (what arose in the year): a criterion met for years has
    no mark there. Before, its marks were stored as the criteria met (0, 2, 2). The sheet is
    not read now, as for `Tiêu chí đạt mới trong năm`."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "gained")])))
    assert "b01_marks" not in got.tables
    assert _status(got, "B01")["status"] == "unusable"
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == SHEET]
    assert "give the criteria gained in the year, not those met" in layout["message"]


@pytest.mark.parametrize("group", ["Kết quả năm 2023", "Kết quả thực hiện năm 2023",
                                   "Trong năm 2023", "Tiêu chí đạt chuẩn",
                                   "Kết quả đạt được"])
def test_b01_criteria_under_the_years_result_are_read_as_before(tmp_path, group):
    """A group naming the year's result (`Kết quả năm 2023`, `Kết quả đạt được`), not what
    was reached in it: read as the criteria met without a count, no flag."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")], count=None)))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)


def test_b01_running_marks_beside_those_reached_in_the_year_under_each_criterion(tmp_path):
    """`Lũy kế | Đạt được trong năm` under each criterion: the running marks are read, as
    beside `Trong năm`, as before."""
    marks = {code: (MET[code], GAINED[code]) for code in MET}
    got = _read(tmp_path, district_sheets(B01=_pairs("Lũy kế", "Đạt được trong năm", marks)))
    assert _marks_met(got) == EXPECTED_MET
    assert not [f for f in _problems(got) if f["check_code"] != "SHEET_LAYOUT"]


# --------------------------------------------------------------------------- lost in the year

LOST_GROUPS = ["Tiêu chí không duy trì được", "Tiêu chí bị sụt giảm", "Các tiêu chí bị tụt hạng",
               _nfd("TIÊU CHÍ KHÔNG DUY TRÌ ĐƯỢC"), "Tieu chi khong duy tri duoc"]


@pytest.mark.parametrize("lost", LOST_GROUPS)
@pytest.mark.parametrize("order", ["met first", "lost first"])
def test_b01_criteria_lost_in_the_year_beside_the_criteria_met_are_set_aside(
        tmp_path, lost, order):
    """`Tiêu chí đạt chuẩn` (19, 15, 12) and `Tiêu chí không duy trì được` (Yên Khoái's 16,
    Khánh Xuân's 13 and 14, none of them met) side by side: a person reads the criteria met
    from the first, the second agreeing. Before, the whole sheet was refused (two columns
    for each criterion): no marks, no status years. Now the criteria met are read, the lost
    group kept aside with an info, no error."""
    groups = [("Tiêu chí đạt chuẩn", "met"), (lost, "lost")]
    got = _read(tmp_path, district_sheets(B01=_b01(groups[::-1] if order == "lost first"
                                                   else groups)))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    assert [c["ntm_year"] for c in got.tables["b01_communes"]] == [2019, None, None]
    column = "AL" if order == "met first" else "S"  # criterion 16 of the lost group
    notes = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith(column)]
    assert "as lost in the year (no longer met)" in notes[0]["message"]
    assert (6, "x") in _kept(got, column)


@pytest.mark.parametrize("lost", LOST_GROUPS[:2])
def test_b01_a_criterion_both_met_and_lost_is_not_read(tmp_path, lost):
    """Yên Khoái's criterion 15 is marked met and lost in the year: which is right cannot be
    told. It is neither met nor not met, with an error at its mark naming both cells; the
    other marks are read."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Tiêu chí đạt chuẩn", "met"), (lost, "lost")],
        changed={"lost": {"06541": {15, 16}}})))
    assert _unread(got) == {("06541", 15)}
    assert _marks_met(got) == {"06532": 19, "06541": 14, "06544": 12}
    (error,) = _problems(got)
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 6)
    assert error["column_name"] == "R (Tiêu chí đạt chuẩn | 15)"
    assert f"criterion 15 is marked as lost in the year (no longer met) in column AK ({lost} " \
        "| 15) ('x') but as met in column R (Tiêu chí đạt chuẩn | 15) ('x')" in error["message"]


def test_b01_a_criterion_lost_under_its_own_column_beside_its_mark(tmp_path):
    """`Đạt | Không duy trì được` under each criterion, Mẫu Sơn's criterion 4 marked in
    both: the same, per criterion. Before, the sheet was not read (two columns for each
    criterion)."""
    marks = {code: (set(MET[code]), set(LOST[code])) for code in MET}
    marks["06532"] = (MET["06532"], {4})
    got = _read(tmp_path, district_sheets(B01=_pairs("Đạt", "Không duy trì được", marks)))
    assert _unread(got) == {("06532", 4)}
    assert _marks_met(got) == {"06532": 18, "06541": 15, "06544": 12}


@pytest.mark.parametrize("lost", LOST_GROUPS[:1])
def test_b01_whose_only_criteria_are_those_lost_still_feeds_nothing(tmp_path, lost):
    """The lost group alone is still refused: a blank there is not known to be met."""
    got = _read(tmp_path, district_sheets(B01=_b01([(lost, "lost")])))
    assert "b01_marks" not in got.tables
    assert _status(got, "B01")["status"] == "unusable"


# --------------------------------------------------------------------------- not met beside met

UNMET_GROUPS = ["Tiêu chí chưa đạt", "Các tiêu chí không đạt", _nfd("TIÊU CHÍ CHƯA ĐẠT"),
                "Tieu chi chua dat", "Tiêu chí còn thiếu"]


@pytest.mark.parametrize("unmet", UNMET_GROUPS)
@pytest.mark.parametrize("order", ["met first", "unmet first"])
def test_b01_criteria_not_met_beside_the_criteria_met_are_read_together(
        tmp_path, unmet, order):
    """`Tiêu chí đã đạt` and `Tiêu chí chưa đạt` side by side, each commune's 19 criteria
    marked in one of them: a person reads the criteria met from the first, the second
    agreeing. Before, the whole sheet was refused (two columns for each criterion). Now
    read, the not-met group kept aside with an info, no error."""
    groups = [("Tiêu chí đã đạt", "met"), (unmet, "unmet")]
    got = _read(tmp_path, district_sheets(B01=_b01(groups[::-1] if order == "unmet first"
                                                   else groups)))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    column = "AO" if order == "met first" else "V"  # criterion 19 of the not-met group
    notes = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith(column)]
    assert "marks criterion 19 as not met" in notes[0]["message"]
    assert (6, "x") in _kept(got, column)


@pytest.mark.parametrize("unmet", UNMET_GROUPS[:2])
def test_b01_criteria_met_and_not_met_that_disagree_are_not_read(tmp_path, unmet):
    """Yên Khoái's criterion 15 is marked in both groups, its 16 in neither: which is right
    cannot be told. Both are unread, each with an error naming both cells; the rest read."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Tiêu chí đã đạt", "met"), (unmet, "unmet")],
        changed={"unmet": {"06541": {15, 17, 18, 19}}})))
    assert _unread(got) == {("06541", 15), ("06541", 16)}
    assert _marks_met(got) == {"06532": 19, "06541": 14, "06544": 12}
    errors = sorted(_problems(got), key=lambda f: f["column_name"])
    assert [(f["row_number"], f["column_name"]) for f in errors] == [
        (6, "R (Tiêu chí đã đạt | 15)"), (6, "S (Tiêu chí đã đạt | 16)")]
    assert f"criterion 15 is ticked in R (Tiêu chí đã đạt | 15) (met) and AK ({unmet} | 15) " \
        "(not met)" in errors[0]["message"]
    assert "criterion 16 is ticked in none of" in errors[1]["message"]


def test_b01_a_group_of_criteria_not_met_left_blank_is_not_compared(tmp_path):
    """The not-met group blank throughout (never filled in): the criteria met are read, no
    error. Before, the sheet was not read."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Tiêu chí đã đạt", "met"), ("Tiêu chí chưa đạt", "blank")])))
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)


def test_b01_two_groups_of_the_criteria_met_are_still_refused(tmp_path):
    """Two groups headed as the criteria met (`Tiêu chí đạt chuẩn` twice): which a person
    means cannot be told; the sheet is not read, as before."""
    got = _read(tmp_path, district_sheets(B01=_b01(
        [("Tiêu chí đạt chuẩn", "met"), ("Tiêu chí đã đạt", "met")])))
    assert _status(got, "B01")["status"] == "unusable"
