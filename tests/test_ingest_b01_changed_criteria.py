"""B01 criterion columns that mark how a commune's criteria changed in the year (gained, or
lost) rather than the criteria it meets: what a person reads against what reaches
raw.b01_marks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import COMMUNES, CRITERIA_2021, OfficeSheet, b01_two_row_header, district_sheets
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read, _status

# The criteria each commune gained in 2023, among those it meets (``COMMUNES``): Mẫu Sơn has
# met all 19 for years, Yên Khoái gained 14 and 15, Khánh Xuân 11 and 12.
GAINED = {"06532": (), "06541": (14, 15), "06544": (11, 12)}
STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _marks(code: str, met: int, kind: str) -> list[str | None]:
    """A commune's 19 cells: ``met`` marks its criteria met, ``gained`` those gained in the
    year, ``lost`` those it no longer meets (the ones past its count, up to 2)."""
    if kind == "met":
        return ["x" if n <= met else None for n in range(1, 20)]
    if kind == "gained":
        return ["x" if n in GAINED[code] else None for n in range(1, 20)]
    return ["x" if met < n <= met + 2 else None for n in range(1, 20)]


def _b01(groups: list[tuple[str, str]]) -> OfficeSheet:
    """B01 with a group over the 19 criteria per ``(heading, kind)``, side by side, then the
    count and the status years."""
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    for heading, _ in groups:
        merges.append((2, len(top), 2, len(top) + 18))
        top += [heading, *[None] * 18]
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + 4)]
    top += ["Số tiêu chí đạt", *STATUS_YEARS]
    low = [None] * 3 + [str(n) for n in range(1, 20)] * len(groups) + [None] * 4
    body = [[k, code, name, *(c for _, kind in groups for c in _marks(code, met, kind)),
             met, ntm, advanced, None]
            for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1)]
    return OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)


def _pairs(first: str, second: str, marks: dict[str, tuple[set[int], set[int]]]
           ) -> OfficeSheet:
    """B01 with two columns under each criterion's number (``1`` over ``first | second``);
    ``marks``: by commune, the criteria marked in each."""
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    low: list = [None] * 3
    for n in range(1, 20):
        merges.append((2, len(top), 2, len(top) + 1))
        top += [str(n), None]
        low += [first, second]
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + 4)]
    top += ["Số tiêu chí đạt", *STATUS_YEARS]
    low += [None] * 4
    body = []
    for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1):
        a, b = marks[code]
        cells = [c for n in range(1, 20) for c in ("x" if n in a else None,
                                                   "x" if n in b else None)]
        body.append([k, code, name, *cells, met, ntm, advanced, None])
    return OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)


def _b01_flags(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == "B01_TieuChiXa" and f["severity"] != "info"]


# --------------------------------------------------------------------------- gained in the year


@pytest.mark.parametrize(("running", "gained"), [
    ("Tiêu chí đạt chuẩn (lũy kế)", "Tiêu chí đạt mới trong năm"),
    ("Số tiêu chí đạt lũy kế đến 31/12/2023", "Tiêu chí đạt được trong năm 2023"),
    ("Tiêu chí đạt chuẩn", "Trong đó: tiêu chí đạt mới"),
    ("Tiêu chí đã đạt", "Tiêu chí tăng thêm trong năm"),
    ("Tiêu chí đạt chuẩn", "Tiêu chí được công nhận trong năm"),
    (_nfd("TIÊU CHÍ ĐẠT CHUẨN (LŨY KẾ)"), _nfd("TIÊU CHÍ ĐẠT MỚI TRONG NĂM")),
    ("Tieu chi dat chuan (luy ke)", "Tieu chi dat them nam 2023")])
def test_b01_criteria_gained_in_the_year_beside_the_criteria_met_are_set_aside(
        tmp_path, running, gained):
    """`Tiêu chí đạt chuẩn (lũy kế)` over 19 criteria, then `Tiêu chí đạt mới trong năm` over
    19 more: a person reads the criteria met at the year's end from the first (19, 15, 12),
    the second marking only what was gained in 2023 (none, 2, 2). Before, the first was set
    aside as a running total and the gains stored as the criteria met (0, 2, 2), no flag."""
    got = _read(tmp_path, district_sheets(B01=_b01([(running, "met"), (gained, "gained")])))
    assert _marks_met(got) == EXPECTED_MET
    assert {m["column_name"][0] for m in got.tables["b01_marks"]} <= set("DEFGHIJKLMNOPQRSTUV")
    assert not _b01_flags(got)
    (note, *_) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"].startswith("W ")]
    assert "gained in the reporting year, not as met" in note["message"]
    kept = {(c["row_number"], c["column_name"][:2]) for c in got.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa"}
    assert (6, "AJ") in kept  # Yên Khoái's gain of criterion 14, kept as typed


def test_b01_criteria_gained_in_the_year_before_the_criteria_met_are_set_aside(tmp_path):
    """The gains first, `Lũy kế tiêu chí đạt` after them: the running marks are read."""
    got = _read(tmp_path, district_sheets(B01=_b01([
        ("Tiêu chí đạt được trong năm 2023", "gained"), ("Lũy kế tiêu chí đạt", "met")])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)


@pytest.mark.parametrize("gained", [
    "Tiêu chí đạt mới trong năm", "Tiêu chí đạt mới trong năm 2023",
    "Tiêu chí tăng thêm trong năm", "Tiêu chí đạt thêm năm 2023", "Các tiêu chí đạt chuẩn mới",
    "Tiêu chí đạt được trong năm 2023", _nfd("CÁC TIÊU CHÍ ĐẠT CHUẨN MỚI"),
    "Tieu chi tang them trong nam"])
def test_b01_whose_only_criteria_are_those_gained_in_the_year_feeds_nothing(tmp_path, gained):
    """Only a group of the criteria gained in the year: a criterion met for years has no mark
    there, so the criteria met cannot be read from it. Before, the gains were stored as the
    criteria met (Mẫu Sơn, all 19 met, with none), no flag. The sheet is not read, and its
    error says the columns give the criteria gained, not those met."""
    got = _read(tmp_path, district_sheets(B01=_b01([(gained, "gained")])))
    assert "b01_marks" not in got.tables
    assert _status(got, "B01")["status"] == "unusable"
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert layout["severity"] == "error"
    assert "give the criteria gained in the year, not those met" in layout["message"]
    assert "D (" in layout["message"]


@pytest.mark.parametrize(("running", "year"), [("Lũy kế", "Trong năm"),
                                               ("Lũy kế", "Đạt mới"),
                                               ("Lũy kế đến 31/12/2023", "Năm 2023"),
                                               (_nfd("LŨY KẾ"), _nfd("TRONG NĂM"))])
def test_b01_running_marks_beside_the_years_under_each_criterion_are_read(
        tmp_path, running, year):
    """`Lũy kế | Trong năm` under each criterion: the running marks are the criteria met at
    the year's end; the year's own mark only those gained in it. Before, the running marks
    were set aside as a running total and the gains read as the criteria met (Mẫu Sơn, all
    19 met, with 0); `Đạt mới` beside `Lũy kế` made the sheet unreadable."""
    marks = {code: (set(range(1, met + 1)), set(GAINED[code]))
             for code, _, met, _, _ in COMMUNES}
    got = _read(tmp_path, district_sheets(B01=_pairs(running, year, marks)))
    assert _marks_met(got) == EXPECTED_MET
    assert not [f for f in _b01_flags(got) if f["check_code"] != "SHEET_LAYOUT"]


def test_b01_criterion_gained_but_not_in_the_running_marks_is_not_read(tmp_path):
    """Mẫu Sơn's running marks stop at criterion 17, but `Trong năm` marks 18 and 19 as
    gained in 2023: either the running marks stop before the year or the gain is wrong, and
    a person cannot tell which. Before, 18 and 19 alone were stored as met. They are
    neither met nor not met now, each with an error naming both columns; the others are
    read."""
    marks = {"06532": (set(range(1, 18)), {18, 19}), "06541": (set(range(1, 16)), {14, 15}),
             "06544": (set(range(1, 13)), set())}
    got = _read(tmp_path, district_sheets(B01=_pairs("Lũy kế", "Trong năm", marks)))
    assert _marks_met(got) == {"06532": 17, "06541": 15, "06544": 12}
    unread = {m["criterion_no"] for m in got.tables["b01_marks"] if m["mark"] == "unparseable"}
    assert unread == {18, 19}
    errors = [f for f in got.flags if f["check_code"] == "UNPARSEABLE_VALUE"
              and f["sheet"] == "B01_TieuChiXa"]
    assert len(errors) == 2 and all(f["row_number"] == 5 for f in errors)
    assert "marked as gained in the year in column AM" in errors[0]["message"]
    assert "not as met in column AL" in errors[0]["message"]


@pytest.mark.parametrize(("first", "second"), [("Năm trước", "Năm nay"), ("Năm 2022", "Năm 2023"),
                                               ("Kế hoạch", "Thực hiện"), ("Lũy kế 2022", "2023")])
def test_b01_last_years_or_planned_marks_beside_the_years_are_read_as_before(
        tmp_path, first, second):
    """`Năm trước | Năm nay`, `Kế hoạch | Thực hiện`, `Lũy kế 2022 | 2023` under each
    criterion: the reporting year's result, the second column, is read as before."""
    marks = {code: (set(range(1, min(met + 2, 19) + 1)), set(range(1, met + 1)))
             for code, _, met, _, _ in COMMUNES}
    got = _read(tmp_path, district_sheets(B01=_pairs(first, second, marks)))
    assert _marks_met(got) == EXPECTED_MET


@pytest.mark.parametrize("group", ["Tiêu chí đạt", "Tiêu chí đạt chuẩn năm 2023"])
def test_b01_criteria_named_under_a_group_of_the_criteria_met_are_read_as_before(
        tmp_path, group):
    """The criteria by their names (`Môi trường và an toàn thực phẩm`, `Cơ sở hạ tầng
    thương mại`) under `Tiêu chí đạt`: no gain (`đạt mới`) for the name's `môi`."""
    b01 = b01_two_row_header(CRITERIA_2021)
    b01.rows[3][4] = group
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(got) == EXPECTED_MET


# --------------------------------------------------------------------------- lost in the year


@pytest.mark.parametrize("lost", [
    "Tiêu chí không duy trì được", "Tiêu chí bị sụt giảm", "Các tiêu chí bị tụt hạng",
    "Tiêu chí không giữ vững", "Tiêu chí không duy trì đạt chuẩn",
    _nfd("TIÊU CHÍ KHÔNG DUY TRÌ ĐƯỢC"), "Tieu chi bi sut giam"])
def test_b01_whose_criteria_are_those_lost_in_the_year_feeds_nothing(tmp_path, lost):
    """The only criteria group marks the criteria a commune no longer meets (`x` at each
    lost). Before, each lost criterion was stored as met, no flag. As with a group headed
    `Tiêu chí chưa đạt`, the sheet is not read (a blank there is not known to be met)."""
    got = _read(tmp_path, district_sheets(B01=_b01([(lost, "lost")])))
    assert "b01_marks" not in got.tables
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert layout["severity"] == "error"
    assert "headed as criteria not met (or lost in the year)" in layout["message"]


@pytest.mark.parametrize("group", ["Tiêu chí duy trì đạt chuẩn", "Tiêu chí giữ vững",
                                   "Tiêu chí đạt chuẩn (duy trì)"])
def test_b01_criteria_headed_as_kept_are_read_as_before(tmp_path, group):
    """Criteria headed as maintained (`duy trì`, `giữ vững`) without a negation are met."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)
