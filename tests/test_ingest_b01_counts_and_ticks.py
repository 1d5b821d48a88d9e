"""B01's count of criteria met (`Số tiêu chí đạt`) and the columns that look like it: a count
of the year's changes (gained, lost, to be raised) or of the criteria not met, the words of
the count under a criterion's number (`1 | Tiêu chí đạt | Tiêu chí chưa đạt`), and a count
that agrees with marks a recognised NTM commune could not have. What a person reads against
what reaches raw.b01_communes and raw.b01_marks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import COMMUNES, district_sheets
from tests.test_ingest_b01_criteria_groups import GAINED, _b01, _kept, _marks, _problems, _unread
from tests.test_ingest_criterion_parts import paired
from tests.test_ingest_office import _flags, _read

SHEET = "B01_TieuChiXa"
MET = {code: met for code, _, met, _, _ in COMMUNES}
READ_RIGHT = {"06532": {"met": 19}, "06541": {"met": 15, "not_met": 4},
              "06544": {"met": 12, "not_met": 7}}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _errors(got) -> list[dict]:
    """The sheet's errors (a sheet without status years also has their warnings)."""
    return [f for f in got.flags if f["sheet"] == SHEET and f["severity"] == "error"]


def _counted(got) -> list[int | None]:
    return [c["reported_count"] for c in got.tables["b01_communes"]]


def _count_headed(header: str, group: tuple[str, str] = ("Tiêu chí đạt chuẩn", "met"),
                  gains: bool = True):
    """B01 with one group over the 19 criteria, then a count column (W) headed ``header``
    holding each commune's gains in 2023 (0, 2, 2; ``gains=False``: the criteria met, 19,
    15, 12), then the status years (Mẫu Sơn NTM since 2019)."""
    b01 = _b01([group], count=(lambda code, met: len(GAINED[code])) if gains else
               (lambda code, met: met))
    b01.rows[2][22] = header
    return b01


# --------------------------------------------------------------------------- counts of changes

# Counts a person reads as the year's changes or the criteria not met, which matched the
# count of criteria met (``Số tiêu chí đạt …``, ``Tổng số tiêu chí …``).
CHANGES = ["Số tiêu chí đạt được trong năm 2023", "Số TC đạt chuẩn trong năm",
           "Tổng số tiêu chí đạt trong năm 2023", "Số tiêu chí đạt chuẩn mới trong năm",
           "Tổng số tiêu chí phát sinh mới", "Số tiêu chí đạt phát sinh mới",
           "Tổng số tiêu chí không duy trì", "Số tiêu chí đạt bị tụt",
           "Tổng số tiêu chí bị tụt hạng", "Số tiêu chí đạt chưa bền vững",
           "Tổng số TC không đạt",
           _nfd("SỐ TIÊU CHÍ ĐẠT ĐƯỢC TRONG NĂM 2023"), "So tieu chi dat duoc trong nam 2023",
           _nfd("Tổng số tiêu chí phát sinh mới"), "TONG SO TIEU CHI KHONG DUY TRI"]


@pytest.mark.parametrize("header", CHANGES)
def test_b01_a_count_of_the_years_changes_is_not_the_count_of_criteria_met(tmp_path, header):
    """`Tiêu chí đạt chuẩn` over the 19 criteria (19, 15, 12 met), then `Số tiêu chí đạt
    được trong năm 2023` (or `phát sinh mới`, `không duy trì`, `bị tụt`, `Tổng số TC không
    đạt`) holding 0, 2, 2: a person reads the year's gains, losses or the criteria not met,
    not the count of criteria met. Before, 0, 2, 2 were stored as the count met
    (`reported_count`). Now the column is not read, an info says why, its cells are kept;
    the marks are read as before."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(header)))
    assert _counted(got) == [None, None, None]
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    (note,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith("W ")]
    assert note["severity"] == "info" and "counts the criteria" in note["message"]
    assert "it is not read" in note["message"]
    assert (6, "2") in _kept(got, "W")  # Yên Khoái's 2, kept as typed


@pytest.mark.parametrize("header", ["Số tiêu chí phát sinh mới", "Số tiêu chí tăng thêm",
                                    "Số TC đạt mới", "Số tiêu chí không duy trì",
                                    "Số tiêu chí bị tụt", "Số tiêu chí cần nâng chất"])
def test_b01_counts_of_changes_that_name_no_criteria_met_stay_unread(tmp_path, header):
    """`Số tiêu chí tăng thêm`, `Số tiêu chí không duy trì`, `Số tiêu chí cần nâng chất`:
    never read as the count of criteria met (they match no count, or a gain's or a
    weak criterion's words): not stored as `reported_count`, as before."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(header)))
    assert _counted(got) == [None, None, None]
    assert _marks(got) == READ_RIGHT


@pytest.mark.parametrize("header", ["Số tiêu chí đạt", "Tổng số tiêu chí đạt đến năm 2023",
                                    "Số tiêu chí đạt năm 2023", "Số tiêu chí đạt (lũy kế)",
                                    "Số tiêu chí đạt chuẩn NTM", _nfd("TỔNG SỐ TIÊU CHÍ ĐẠT")])
def test_b01_the_count_of_criteria_met_is_read_as_before(tmp_path, header):
    """`Số tiêu chí đạt`, `Tổng số tiêu chí đạt đến năm 2023`, `lũy kế`: the count of
    criteria met at the year's end, stored as typed (19, 15, 12), no note."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(header, gains=False)))
    assert _counted(got) == [19, 15, 12]
    assert not [f for f in got.flags if (f["column_name"] or "").startswith("W ")]


@pytest.mark.parametrize("header", ["Lũy kế số tiêu chí đạt", "Luy ke so tieu chi da dat"])
def test_b01_the_running_count_of_criteria_met_is_the_count(tmp_path, header):
    """`Lũy kế số tiêu chí đạt`: for criteria, what stands at the year's end, the count of
    criteria met. Before, it matched no column (kept aside, the count not compared)."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(header, gains=False)))
    assert _counted(got) == [19, 15, 12]


def _count_over(subs: list[str], values: list[list[object]], group: str = "Số tiêu chí đạt"):
    """``_count_headed`` with the count merged over two columns ``subs`` (``Số tiêu chí đạt
    | Lũy kế | Trong năm``), each commune's two cells ``values``."""
    b01 = _b01([("Tiêu chí đạt chuẩn", "met")])
    for row in b01.rows[2:]:
        row[23:23] = [None]
    b01.rows[2][22], b01.rows[3][22:24] = group, subs
    for row, counted in zip(b01.rows[4:], values, strict=True):
        row[22:24] = counted
    b01.merges = [(r0, c0 + (c0 > 22), r1, c1 + (c1 > 22)) if c0 != 22 else (2, 22, 2, 23)
                  for r0, c0, r1, c1 in b01.merges]
    return b01


@pytest.mark.parametrize("year", ["Trong năm", "Đạt được trong năm 2023", _nfd("TRONG NĂM")])
def test_b01_the_years_part_of_the_count_beside_the_running_count(tmp_path, year):
    """`Số tiêu chí đạt` over `Lũy kế | Trong năm`: a person reads the count met from `Lũy
    kế` (19, 15, 12), `Trong năm` the year's gains (0, 2, 2). Before, the gains were stored
    as the count met and `Lũy kế` set aside as a running total (or neither was read). The
    running count is read now, the year's part kept with an info."""
    got = _read(tmp_path, district_sheets(B01=_count_over(
        ["Lũy kế", year], [[19, 0], [15, 2], [12, 2]])))
    assert _counted(got) == [19, 15, 12]
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)
    (note,) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith("X ")]
    assert "counts the criteria gained or reached in the year" in note["message"]


def test_b01_the_count_and_list_under_a_number_of_criteria_are_read_as_before(tmp_path):
    """`19 tiêu chí` over `Tiêu chí đạt | Tiêu chí chưa đạt` (the count met, the criteria
    not met listed): a number of criteria, not criterion 19; read as before, the count
    stored, the list compared with the marks."""
    got = _read(tmp_path, district_sheets(B01=_count_over(
        ["Tiêu chí đạt", "Tiêu chí chưa đạt"],
        [[19, None], [15, "16, 17, 18, 19"], [12, "13, 14, 15, 16, 17, 18, 19"]],
        group="19 tiêu chí")))
    assert _counted(got) == [19, 15, 12]
    assert _marks(got) == READ_RIGHT
    assert not _problems(got)


@pytest.mark.parametrize("header", ["Tổng số tiêu chí phát sinh mới", "Số tiêu chí đạt bị tụt",
                                    "Số TC đạt được trong năm 2023"])
def test_b01_a_count_of_changes_does_not_confirm_marks_reached_in_the_year(tmp_path, header):
    """`Kết quả đạt được trong năm 2023` over the criteria gained (none, 2, 2), beside `Tổng
    số tiêu chí phát sinh mới` 0, 2, 2: both are the year's changes, and nothing tells the
    criteria met. Before, the count equal to the marks confirmed them, stored as the
    criteria met (0, 2, 2 where a person reads 19, 15, 12) with only an info. Now the marks
    are not read, with an error saying no count of criteria met tells which."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(
        header, ("Kết quả đạt được trong năm 2023", "gained"))))
    assert len(_unread(got)) == 57
    assert _counted(got) == [None, None, None]
    (error,) = _problems(got)
    assert error["check_code"] == "SHEET_LAYOUT" and error["row_number"] == 3
    assert "no count of criteria met beside them tells which" in error["message"]


# --------------------------------------------------------------------------- ticks under a number

TICKS = [("Tiêu chí đạt", "Tiêu chí chưa đạt"), ("Tiêu chí đạt", "Tiêu chí không đạt"),
         ("TC đạt", "TC chưa đạt"), ("Tiêu chí đã đạt", "Tiêu chí chưa đạt"),
         ("Đạt chuẩn", "Chưa đạt chuẩn"), ("Đạt chuẩn", "Không đạt chuẩn"),
         (_nfd("TIÊU CHÍ ĐẠT"), _nfd("TIÊU CHÍ CHƯA ĐẠT")), ("Tieu chi dat", "Tieu chi chua dat")]


def _numbered(subs: tuple[str, str], ticks=None):
    """``paired`` with each criterion headed by its number alone (``1`` over ``subs``)."""
    return paired(subs, ticks, header=str)


@pytest.mark.parametrize("subs", TICKS)
@pytest.mark.parametrize("ticks", [
    None,  # a tick under the one that applies
    lambda met, n: ("x", None) if met else (None, None),  # only the criteria met ticked
], ids=["both-kinds", "met-only"])
def test_b01_a_criterion_over_tiêu_chí_đạt_and_chưa_đạt_is_read_from_its_ticks(
        tmp_path, subs, ticks):
    """`1 | Tiêu chí đạt | Tiêu chí chưa đạt` (`Đạt chuẩn | Chưa đạt chuẩn`), `x` in the one
    that applies: a person reads each criterion's tick, as under `Đạt | Chưa đạt`. Before,
    the sub-columns were read as 19 counts of criteria met and 19 lists of criteria not met
    (or 19 NTM years), and the sheet refused with 38 (or 20) errors of a repeated column.
    Read now (19, 15, 12), no error."""
    got = _read(tmp_path, district_sheets(B01=_numbered(subs, ticks)))
    assert _marks(got) == READ_RIGHT
    assert not _errors(got)
    assert not [f for f in got.flags if "repeats" in f["message"]]


@pytest.mark.parametrize("subs", TICKS[:2] + TICKS[4:5])
def test_b01_a_criterion_ticked_as_met_and_not_met_or_neither_is_not_read(tmp_path, subs):
    """Yên Khoái's criterion 15 is ticked in both sub-columns, its 16 in neither, where the
    sheet ticks both kinds: neither can be read. Each is unread with an error at its cell
    naming both columns; the rest is read."""
    b01 = _numbered(subs)
    b01.rows[4][32] = "x"  # AG: criterion 15, not met
    b01.rows[4][34] = None  # AI: criterion 16, not met
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _unread(got) == {("06541", 15), ("06541", 16)}
    errors = sorted(_errors(got), key=lambda f: f["column_name"])
    assert [(f["check_code"], f["row_number"]) for f in errors] == [
        ("UNPARSEABLE_VALUE", 5), ("UNPARSEABLE_VALUE", 5)]
    assert f"criterion 15 is ticked in AF (15 | {subs[0]}) (met) and AG (15 | {subs[1]}) " \
           "(not met)" in errors[0]["message"]
    assert "criterion 16 is ticked in none of" in errors[1]["message"]


def test_b01_one_column_headed_tiêu_chí_đạt_under_each_criterion_is_its_mark(tmp_path):
    """`1 | Tiêu chí đạt` alone under each number: the criterion's mark of met. Before, the
    19 columns were read as 19 counts of criteria met and the sheet refused."""
    b01 = _numbered(("Tiêu chí đạt", "Tiêu chí chưa đạt"),
                    lambda met, n: ("x", None) if met else (None, None))
    for row in b01.rows:
        del row[4::2]
    b01.merges = [m for m in b01.merges if m[1] < 3]
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _marks(got) == READ_RIGHT
    assert not _errors(got)


@pytest.mark.parametrize("subs", [("Đạt", "Chưa đạt"), ("Đ", "KĐ")])
def test_b01_a_criterion_over_đạt_and_chưa_đạt_is_read_as_before(tmp_path, subs):
    got = _read(tmp_path, district_sheets(B01=_numbered(subs)))
    assert _marks(got) == READ_RIGHT
    assert not _errors(got)


# --------------------------------------------------------------------------- a recognised commune


def test_b01_marks_reached_in_the_year_a_recognised_commune_could_not_have_are_not_read(
        tmp_path):
    """`Kết quả đạt được trong năm 2023` over the criteria gained (none, 2, 2), `Số tiêu chí
    đạt` the same, and Mẫu Sơn NTM since 2019: a recognised commune keeps its criteria, so
    a person reads the marks and the count as the year's gains. Before, the count equal to
    the marks confirmed them: Mẫu Sơn stored as NTM since 2019 with 0 criteria met, only an
    info. Now the marks are not read, with an error naming the commune's row."""
    got = _read(tmp_path, district_sheets(B01=_count_headed(
        "Số tiêu chí đạt", ("Kết quả đạt được trong năm 2023", "gained"))))
    assert len(_unread(got)) == 57
    assert [c["ntm_year"] for c in got.tables["b01_communes"]] == [2019, None, None]
    (error,) = _problems(got)
    assert (error["check_code"], error["row_number"]) == ("SHEET_LAYOUT", 3)
    assert "row 5: recognised NTM in 2019 in column X (Năm đạt chuẩn NTM), with 0 of 19 " \
        "criteria met" in error["message"]


def test_b01_a_recognised_commune_short_of_a_criterion_still_confirms(tmp_path):
    """The same group over the criteria met at the year's end, Mẫu Sơn (NTM since 2019)
    having lost criterion 19 (18 marked, `Số tiêu chí đạt` 18): a recognised commune may
    lose one. Read, with the info, as before."""
    b01 = _b01([("Kết quả đạt được trong năm 2023", "met")],
               count=lambda code, met: 18 if code == "06532" else met,
               changed={"met": {"06532": set(range(1, 19))}})
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _marks(got) == {**READ_RIGHT, "06532": {"met": 18, "not_met": 1}}
    assert not _problems(got)


@pytest.mark.parametrize("lost", ["Tiêu chí bị tụt", _nfd("CÁC TIÊU CHÍ BỊ TỤT"),
                                  "Tieu chi tut chuan"])
def test_b01_criteria_headed_bị_tụt_are_those_lost(tmp_path, lost):
    """`Tiêu chí bị tụt` (dropped) over the 19 criteria, `x` at each lost: as `bị tụt hạng`,
    the criteria lost in the year. Before, each lost criterion was stored as met. Alone, the
    sheet is not read; beside `Tiêu chí đạt chuẩn`, the criteria met are read from it."""
    alone = _read(tmp_path / "alone", district_sheets(B01=_b01([(lost, "lost")])))
    assert "b01_marks" not in alone.tables
    beside = _read(tmp_path / "beside", district_sheets(B01=_b01(
        [("Tiêu chí đạt chuẩn", "met"), (lost, "lost")])))
    assert _marks(beside) == READ_RIGHT
    assert not _problems(beside)
