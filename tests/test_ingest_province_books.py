"""Whole workbooks as provinces and districts assemble them: a list split over several
sheets (one per former district, or continued on a second sheet), an old copy kept beside
the current sheet, dates typed month first (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.workbook import sheet_codes
from tests.office import (
    COMMUNES,
    COMMUNES_2025,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    simple_sheet,
    thongtin,
)
from tests.test_ingest_office import _flags, _marks_met, _read

# Two former districts' communes: Lộc Bình's two first, Cao Lộc's after.
LOC_BINH = COMMUNES[:2]
CAO_LOC = [COMMUNES[2], ("06250", "Xã Thạch Đạn", 17, 2021, None)]
# The same for a report from 2025 on, whose communes are those of the map of 1 July 2025.
LOC_BINH_2025 = COMMUNES_2025[:2]
CAO_LOC_2025 = [COMMUNES_2025[2], ("06001", "Xã Đoàn Kết", 17, 2021, None)]
B03_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Ngày công nhận", "Số quyết định", "Cấp công nhận"]


def _b01(name: str, communes: list[tuple], marks: str = "x") -> OfficeSheet:
    sheet = b01_two_row_header(communes=communes, marks=marks)
    sheet.name = name
    return sheet


def _book(b01_sheets: list[OfficeSheet], year: int = 2023) -> list[OfficeSheet]:
    """A workbook whose B01 is the sheets given: a district's, or from 2025 a province's
    (its communes directly, without B05)."""
    if year >= 2025:
        info = thongtin(year, level="Tỉnh", district=None)
        sheets = [s for s in district_sheets(year, ThongTin=info)
                  if not s.name.startswith(("B01", "B05"))]
        sheets.append(simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                                   [["SO_XA", "Số xã", 4]]))
    else:
        sheets = [s for s in district_sheets(year) if not s.name.startswith("B01")]
    return [*sheets, *b01_sheets]


def _communes(result) -> list[tuple[str, str]]:
    return [(c["sheet"], c["commune_code"]) for c in result.tables.get("b01_communes", [])]


def _product(k: int, name: str, when: object, producer: str = "HTX Nông sản Lộc Bình",
             stars: int = 3) -> list:
    return [k, name, producer, "06532", 1, stars, when, "123/QĐ-UBND", "Huyện"]


# --------------------------------------------------------------------------- B01 in parts


@pytest.mark.parametrize("names", [("B01_LocBinh", "B01 (Cao Lộc)"), ("B01-1", "B01-2"),
                                   ("B01 (1)", "B01 (2)"), ("B01.1", "B01.2")])
@pytest.mark.parametrize("year", [2025, 2023])
def test_b01_split_into_one_sheet_per_former_district_is_read_as_one_list(tmp_path, names,
                                                                          year):
    """A province's B01 with one sheet per former district (or a district's, continued on a
    second sheet), each the same header and other communes: a person reads one list. Before,
    both sheets were refused as two sheets for B01 (`B01-1`, `B01.1`: not taken for B01 at
    all, and B01 reported missing), and no commune was read."""
    one, two = (LOC_BINH_2025, CAO_LOC_2025) if year >= 2025 else (LOC_BINH, CAO_LOC)
    first, second = _b01(names[0], one), _b01(names[1], two)
    result = _read(tmp_path, _book([first, second], year), f"{year}/parts.xlsx")
    assert _communes(result) == [(names[0], one[0][0]), (names[0], one[1][0]),
                                 (names[1], two[0][0]), (names[1], two[1][0])]
    assert _marks_met(result) == {c[0]: c[2] for c in [*one, *two]}
    assert [c["ntm_year"] for c in result.tables["b01_communes"]] == [2019, None, None, 2021]
    assert not [f for f in result.flags if f["severity"] == "error"]
    assert [(f["sheet"], f["severity"]) for f in _flags(result, "SHEET_LAYOUT")] == [
        (names[0], "info"), (names[1], "info")]
    statuses = {s["sheet"]: s["status"] for s in result.tables["sheets"]}
    assert statuses == {**statuses, names[0]: "read", names[1]: "read"}
    totals = {(t["sheet"], t["field"]): t["value"] for t in result.tables["sheet_totals"]}
    assert totals[(names[0], "reported_count")] == 34  # each sheet's total is its own rows'
    assert totals[(names[1], "reported_count")] == 29


def test_sheets_named_as_parts_of_a_template_sheet_are_that_sheet():
    """`B01-1`, `B01_2`, `Biểu 01.3`, `B03 - 2`: the code with its zero and a part number.
    Without the zero or a separator (`B1.2`, `B012`) it may be another form's number."""
    assert sheet_codes(["B01-1", "B01_2", "Biểu 01.3", "B03 - 2", "Mẫu số B01-1",
                        "B01 (1)"]) == ["B01", "B01", "B01", "B03", "B01", "B01"]
    assert sheet_codes(["B1.2", "B012", "B01-2023", "B011", "B01-123"]) == [
        None, None, "B01", None, None]


def test_a_part_of_b02_beside_it_is_not_passed_over(tmp_path):
    """`B02-1` beside `B02_NguonVon`: a part of B02 or a detail of it, which cannot be told.
    Before, `B02-1` was passed over without a word (its money, if a part, missing from the
    unit's total); now neither is read, each an error naming both, as for `B02 (2)`."""
    part = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                     values={"2": 500.0, "6.1": 200.0})
    part.name = "B02-1"
    result = _read(tmp_path, [*district_sheets(), part])
    assert "b02_funding" not in result.tables
    errors = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert sorted(f["sheet"] for f in errors) == ["B02-1", "B02_NguonVon"]


def test_a_commune_in_two_sheets_with_different_marks_is_read_from_neither(tmp_path):
    """Yên Khoái listed by both sheets, with 15 criteria in one and 12 in the other: which
    row holds its figures cannot be told. Neither is read (an error at each row, the cells
    kept); the other communes are read."""
    first = _b01("B01 (1)", LOC_BINH)
    second = _b01("B01 (2)", [*CAO_LOC, ("06541", "Xã Yên Khoái", 12, None, None)])
    result = _read(tmp_path, _book([first, second]))
    assert _communes(result) == [("B01 (1)", "06532"), ("B01 (2)", "06544"),
                                 ("B01 (2)", "06250")]
    errors = [(f["sheet"], f["row_number"]) for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert errors == [("B01 (1)", 8), ("B01 (2)", 9)]
    assert all("06541" in f["message"] for f in _flags(result, "UNPARSEABLE_VALUE"))
    kept = {(c["sheet"], c["row_number"]) for c in result.tables["unmapped_cells"]
            if c["value"] == "06541"}
    assert kept == {("B01 (1)", 8), ("B01 (2)", 9)}


def test_a_commune_listed_again_with_the_same_figures_is_read_once(tmp_path):
    """The last commune of the first sheet repeated at the top of the second (copied across
    a page break), the same marks and years: read once, from the first sheet (info)."""
    first = _b01("B01 (1)", LOC_BINH)
    second = _b01("B01 (2)", [LOC_BINH[1], *CAO_LOC])
    result = _read(tmp_path, _book([first, second]))
    assert _communes(result) == [("B01 (1)", "06532"), ("B01 (1)", "06541"),
                                 ("B01 (2)", "06544"), ("B01 (2)", "06250")]
    assert _marks_met(result)["06541"] == 15
    assert not [f for f in result.flags if f["severity"] == "error"]
    again = [f for f in _flags(result, "SHEET_LAYOUT") if f["row_number"] == 7]
    assert [(f["sheet"], f["severity"]) for f in again] == [("B01 (2)", "info")]


def test_a_commune_listed_twice_within_one_part_is_read_as_in_a_sheet_alone(tmp_path):
    """Yên Khoái twice in the first sheet (another name's spelling, other marks) and in no
    other sheet: both rows read, as in a B01 alone (a DUPLICATE_ROW downstream), no error."""
    first = _b01("B01 (1)", [*LOC_BINH, ("06541", "Yên Khoái", 12, None, None)])
    result = _read(tmp_path, _book([first, _b01("B01 (2)", CAO_LOC)]))
    assert [code for _, code in _communes(result)] == [
        "06532", "06541", "06541", "06544", "06250"]
    assert not [f for f in result.flags if f["severity"] == "error"]


@pytest.mark.parametrize("second", [
    # the same communes again: a copy, not a part
    lambda: _b01("B01 (2)", COMMUNES, marks="Đạt"),
    # only communes the first lists too
    lambda: _b01("B01 (2)", LOC_BINH),
    # another kind of header: the criteria of another set (10 columns)
    lambda: b01_two_row_header([str(n) for n in range(1, 11)], communes=CAO_LOC),
], ids=["a_copy", "a_subset", "another_header"])
def test_b01_sheets_that_are_no_parts_of_one_list_are_still_not_guessed_between(tmp_path,
                                                                                second):
    """Pinned: two sheets listing the same communes, or with headers of different kinds,
    are not read together: neither is read, each an error naming both."""
    other = second()
    other.name = "B01 (2)"
    result = _read(tmp_path, _book([_b01("B01 (1)", COMMUNES), other]))
    assert "b01_communes" not in result.tables
    errors = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert sorted(f["sheet"] for f in errors) == ["B01 (1)", "B01 (2)"]


# --------------------------------------------------------------------------- old copies


@pytest.mark.parametrize(("current", "old"), [
    ("B01", "B01 (cũ)"), ("B01_TieuChiXa", "B01 - bản cũ"), ("B01", "B01_old"),
    ("B01_TieuChiXa", "B01_TieuChiXa_cu"), ("B01 (mới)", "B01 (cũ)")])
def test_an_old_copy_of_b01_named_so_is_set_aside_for_the_current_one(tmp_path, current,
                                                                      old):
    """A copy kept as `B01 (cũ)`, `B01 - bản cũ`, `B01_old` beside the current sheet,
    visible, with last version's marks: a person reads the current one. Before, both were
    refused as two sheets for B01 and no commune was read."""
    stale = _b01(old, [(c[0], c[1], 10, None, None) for c in COMMUNES], marks="Đạt")
    for order in ([_b01(current, COMMUNES), stale], [stale, _b01(current, COMMUNES)]):
        result = _read(tmp_path, _book(order), f"2023/{len(order)}{order[0].name}.xlsx")
        assert _communes(result) == [(current, c[0]) for c in COMMUNES]
        assert _marks_met(result) == {c[0]: c[2] for c in COMMUNES}
        [note] = _flags(result, "SHEET_LAYOUT")
        assert (note["sheet"], note["severity"]) == (old, "info")
        statuses = {s["sheet"]: s["status"] for s in result.tables["sheets"]}
        assert (statuses[current], statuses[old]) == ("read", "unusable")
        assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {old}


def test_an_old_copy_of_b02_named_so_is_set_aside_for_the_current_one(tmp_path):
    header = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
    stale = b02_sheet(header, values={"1": 999.0, "2": 1.0})
    stale.name = "B02 (cũ)"
    result = _read(tmp_path, [*district_sheets(), stale])
    assert {r["sheet"] for r in result.tables["b02_funding"]} == {"B02_NguonVon"}
    assert [r["amount_million_vnd"] for r in result.tables["b02_funding"]][:2] == [1200.5, 800.0]
    assert [(f["sheet"], f["severity"]) for f in _flags(result, "SHEET_LAYOUT")] == [
        ("B02 (cũ)", "info")]


def test_b01_parts_beside_a_blank_form_are_read_and_the_form_set_aside(tmp_path):
    blank = b01_two_row_header(communes=[])
    blank.name = "Mẫu B01"
    sheets = [_b01("B01-1", LOC_BINH), blank, _b01("B01-2", CAO_LOC)]
    result = _read(tmp_path, _book(sheets))
    assert [code for _, code in _communes(result)] == ["06532", "06541", "06544", "06250"]
    assert not [f for f in result.flags if f["severity"] == "error"]
    [note] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "Mẫu B01"]
    assert "'B01-1', 'B01-2', which are read" in note["message"]


def test_an_old_copy_listing_the_communes_before_a_merger_is_not_mixed_in(tmp_path):
    """A province's 2025 B01 beside `B01 (cũ)` listing the communes before the merger
    (other codes, none in the current list): the old copy is set aside all the same. Read
    as a part of the list, its communes would have been counted twice over."""
    before = _b01("B01 (cũ)", [("06547", "Xã Tú Mịch", 19, 2018, None), *CAO_LOC])
    current = _b01("B01_TieuChiXa", LOC_BINH_2025)
    result = _read(tmp_path, _book([current, before], 2025), "2025/merged.xlsx")
    assert _communes(result) == [("B01_TieuChiXa", "06541"), ("B01_TieuChiXa", "06565")]
    [note] = _flags(result, "SHEET_LAYOUT")
    assert (note["sheet"], note["severity"]) == ("B01 (cũ)", "info")


@pytest.mark.parametrize("names", [
    ("B01 (Lộc Bình cũ)", "B01 (Cao Lộc cũ)"), ("B01", "B01 (huyện Cao Lộc cũ)"),
    ("B01 (Củ Chi)", "B01 (Cù Lao Dung)")])
def test_sheets_naming_former_districts_are_parts_not_old_copies(tmp_path, names):
    """From 2025 a province names its sheets by the former districts (`huyện … cũ`): a
    sheet so named whose communes no other sheet lists is a part of the list, not an old
    copy; `Củ Chi`, `Cù Lao Dung` are districts' names."""
    sheets = [_b01(names[0], LOC_BINH_2025), _b01(names[1], CAO_LOC_2025)]
    result = _read(tmp_path, _book(sheets, 2025), "2025/former.xlsx")
    assert [code for _, code in _communes(result)] == ["06541", "06565", "06577", "06001"]
    assert not [f for f in result.flags if f["severity"] == "error"]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_hidden_sheet_listing_other_communes_is_read_as_a_part(tmp_path, suffix):
    """`B01 (2)` hidden beside `B01 (1)`, listing the communes the visible sheet does not:
    a part of the list hidden from view, read like a hidden row (HIDDEN_SHEET warning).
    Before, it was passed over with an info and only the first sheet's communes read."""
    hidden = _b01("B01 (2)", CAO_LOC)
    hidden.hidden = True
    result = _read(tmp_path, _book([_b01("B01 (1)", LOC_BINH), hidden]), f"2023/h.{suffix}")
    assert [code for _, code in _communes(result)] == ["06532", "06541", "06544", "06250"]
    [note] = _flags(result, "HIDDEN_SHEET")
    assert (note["sheet"], note["severity"]) == ("B01 (2)", "warning")
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_a_hidden_copy_of_b01_is_set_aside_with_its_cells_kept(tmp_path):
    """Pinned, but for its cells now kept: a hidden `B01 (cũ)` listing the communes of the
    visible sheet with other marks is a copy; the visible sheet is read."""
    hidden = _b01("B01 (cũ)", COMMUNES, marks="-")
    hidden.hidden = True
    result = _read(tmp_path, _book([_b01("B01_TieuChiXa", COMMUNES), hidden]))
    assert _marks_met(result) == {c[0]: c[2] for c in COMMUNES}
    [note] = _flags(result, "HIDDEN_SHEET")
    assert (note["sheet"], note["severity"]) == ("B01 (cũ)", "info")
    assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {"B01 (cũ)"}


# --------------------------------------------------------------------------- B03, B02


def test_b03_with_each_districts_products_in_its_own_sheet_is_read_as_one_list(tmp_path):
    """A province's OCOP products in one sheet per district; `Mật ong` of two producers is
    two products. Before, both sheets were refused and no product was read."""
    loc_binh = simple_sheet("B03_LocBinh", B03_HEADER, [
        _product(1, "Hồi Lạng Sơn", dt.date(2023, 6, 15)),
        _product(2, "Mật ong", dt.date(2023, 7, 1))])
    cao_loc = simple_sheet("B03 (Cao Lộc)", B03_HEADER, [
        _product(1, "Na Chi Lăng", dt.date(2023, 8, 15), "HTX Na Cao Lộc"),
        _product(2, "Mật ong", dt.date(2023, 7, 1), "HTX Ong Cao Lộc")])
    sheets = [s for s in district_sheets() if s.name != "B03_OCOP"] + [loc_binh, cao_loc]
    result = _read(tmp_path, sheets)
    assert [(r["sheet"], r["product_name"], r["producer"]) for r in result.tables["b03_ocop"]] == [
        ("B03_LocBinh", "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình"),
        ("B03_LocBinh", "Mật ong", "HTX Nông sản Lộc Bình"),
        ("B03 (Cao Lộc)", "Na Chi Lăng", "HTX Na Cao Lộc"),
        ("B03 (Cao Lộc)", "Mật ong", "HTX Ong Cao Lộc")]
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_a_product_in_two_b03_sheets_with_two_ratings_is_read_from_neither(tmp_path):
    first = simple_sheet("B03-1", B03_HEADER, [
        _product(1, "Hồi Lạng Sơn", dt.date(2023, 6, 15)),
        _product(2, "Mật ong", dt.date(2023, 7, 1))])
    second = simple_sheet("B03-2", B03_HEADER, [
        _product(1, "Mật ong", dt.date(2023, 7, 1), stars=4),
        _product(2, "Na Chi Lăng", dt.date(2023, 8, 15))])
    sheets = [s for s in district_sheets() if s.name != "B03_OCOP"] + [first, second]
    result = _read(tmp_path, sheets)
    assert [r["product_name"] for r in result.tables["b03_ocop"]] == [
        "Hồi Lạng Sơn", "Na Chi Lăng"]
    assert [(f["sheet"], f["row_number"]) for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        ("B03-1", 5), ("B03-2", 4)]


def test_b02_in_two_sheets_is_still_not_guessed_between(tmp_path):
    """Pinned: B02's sources in two sheets (each with sources the other lacks) are not read
    together: its rows are parts and groups of each other, and each sheet's total its own."""
    budget = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                       values={"1": 1200.5, "2": 800.0})
    budget.name = "B02 (1)"
    community = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                          values={"6": 350.0, "6.1": 200.0, "6.2": 100.0, "6.3": 50.0})
    community.name = "B02 (2)"
    sheets = [s for s in district_sheets() if s.name != "B02_NguonVon"] + [budget, community]
    result = _read(tmp_path, sheets)
    assert "b02_funding" not in result.tables
    errors = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert sorted(f["sheet"] for f in errors) == ["B02 (1)", "B02 (2)"]


# --------------------------------------------------------------------------- B03 dates


def _b03_dates(dates: list[object]) -> OfficeSheet:
    names = ["Hồi Lạng Sơn", "Mật ong", "Na Chi Lăng", "Chè Khau Sin", "Rượu Mẫu Sơn"]
    return simple_sheet("B03_OCOP", B03_HEADER,
                        [_product(k, names[k - 1], when) for k, when in enumerate(dates, 1)])


def test_b03_dates_typed_month_first_are_read_when_the_column_shows_that_style(tmp_path):
    """`6/15/2023` and `12/25/2023` typed as text (Excel set to English): the second number
    is the day. Before, each was refused as a date of a 15th or 25th month. `6/5/2023` in
    that column may be 6 May or 5 June: not read (error), its year kept; `7/7/2023` is the
    same both ways."""
    sheets = district_sheets(B03=_b03_dates(["6/15/2023", "12/25/2023", "6/5/2023",
                                              "7/7/2023", dt.date(2023, 3, 4)]))
    result = _read(tmp_path, sheets)
    rows = result.tables["b03_ocop"]
    assert [r["recognized_on"] for r in rows] == [
        dt.date(2023, 6, 15), dt.date(2023, 12, 25), None, dt.date(2023, 7, 7),
        dt.date(2023, 3, 4)]
    assert [r["recognized_year"] for r in rows] == [2023] * 5  # the year either way
    [error] = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["row_number"], error["raw_value"]) == (6, "6/5/2023")
    assert "month first" in error["message"]
    [note] = _flags(result, "SHEET_LAYOUT")
    assert note["severity"] == "info" and "6/15/2023" in note["message"]


@pytest.mark.parametrize(("dates", "read"), [
    # day first, as written in Vietnam: 15 June, 25 December, 6 May
    (["15/6/2023", "25/12/2023", "6/5/2023"],
     [dt.date(2023, 6, 15), dt.date(2023, 12, 25), dt.date(2023, 5, 6)]),
    # both styles in one column: the day-first reading holds where it can
    (["15/6/2023", "6/5/2023", "12/25/2023"],
     [dt.date(2023, 6, 15), dt.date(2023, 5, 6), None]),
])
def test_b03_dates_typed_day_first_are_read_as_before(tmp_path, dates, read):
    result = _read(tmp_path, district_sheets(B03=_b03_dates(dates)))
    assert [r["recognized_on"] for r in result.tables["b03_ocop"]] == read
    assert not _flags(result, "SHEET_LAYOUT")
