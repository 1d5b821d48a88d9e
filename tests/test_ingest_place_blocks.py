"""A unit's figures given place by place: a province's B04/B06 in blocks per district, former
district or commune group under numbered headings, a 2026 B01 grouping its communes under
headings of their commune group, and sheets named for another unit than the one reporting
(docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that what was not understood feeds nothing and says why.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import (
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    simple_sheet,
    thongtin,
    write,
)

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]
B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _province(year: int, **sheets: OfficeSheet) -> list[OfficeSheet]:
    return [thongtin(year, level="Tỉnh", district=None), *sheets.values()]


def _errors(result: FileResult, sheet: str) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error" and f["sheet"] == sheet]


# --------------------------------------------------------------------------- B04/B06 blocks


def _b06_block(scale: int) -> list[list]:
    return [["SO_XA", "Số xã", 96 // scale], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM",
                                              40 // scale]]


def _b06_values(result: FileResult) -> list[tuple]:
    return [(r["indicator_code"], r["value"]) for r in result.tables.get("b06_aggregates", [])]


@pytest.mark.parametrize(("year", "first", "second"), [
    (2026, "Huyện Lộc Bình (cũ)", "Xã nhóm 2"), (2023, "Huyện Lộc Bình", "Huyện Cao Lộc"),
    (2026, "Lộc Bình (cũ)", "NHOM 2"), (2026, "Lộc Bình", "Cao Lộc"),
    (2023, unicodedata.normalize("NFD", "Lộc Bình"), "CAO LỘC")])
@pytest.mark.parametrize(("numbers", "own"), [
    (("1", "2"), "3"), (("I", "II"), "III"), (("A", "B"), ""), (("1", "2"), "")])
@pytest.mark.parametrize("own_first", [False, True])
def test_b06_blocks_under_numbered_headings_read_the_provinces_own(tmp_path, year, first,
                                                                     second, numbers, own,
                                                                     own_first):
    """`1 | Huyện Lộc Bình (cũ)` over its figures, `2 | Xã nhóm 2` over the group's, `3 |
    Toàn tỉnh` over the province's: a person reads 96 communes, 40 NTM for the province.
    Before, every block was stored as the province's (12, 32 and 96 communes) and each
    heading as an indicator coded `1`, `2`. The headings are notes, the parts' rows notes
    with an info each; only the province's block is read."""
    parts = [[numbers[0], first, None], *_b06_block(8), [numbers[1], second, None],
             *_b06_block(3)]
    mine = [[own, "Toàn tỉnh", None], *_b06_block(1)]
    body = mine + parts if own_first else parts + mine
    result = _read(tmp_path, _province(year, B06=simple_sheet("B06_TongHop", B06_HEADER,
                                                               body)), f"{year}/b06.xlsx")
    assert _b06_values(result) == [("SO_XA", 96.0), ("SO_XA_DAT_CHUAN", 40.0)]
    infos = [f for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"]
    assert [f["raw_value"].split(" ", 1)[0] for f in infos] == list(numbers)
    assert not _errors(result, "B06_TongHop")


@pytest.mark.parametrize("numbers", [("", "", ""), ("1", "2", ""), ("I", "II", "III")])
def test_b04_blocks_per_former_district_and_group_read_the_provinces_targets(tmp_path,
                                                                            numbers):
    """A 2026 province's B04 in blocks per former district, commune group and the whole
    province: a person reads the province's 1.42 % of poor households. Before, 8.5 % and
    4.25 % were stored beside it, and the headings as indicators `1`, `I`."""
    def block(k: int) -> list[list]:
        return [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2 * k, k, 2 * k],
                ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 9.0 / k, 8.5 / k, 8.0 / k]]
    body = [[numbers[0], "Huyện Lộc Bình (cũ)"], *block(1), [numbers[1], "Xã nhóm 2"],
            *block(2), [numbers[2], "Toàn tỉnh"], *block(6)]
    result = _read(tmp_path, _province(2026, B04=simple_sheet("B04_ChiTieu", B04_HEADER, body)),
                   "2026/b04.xlsx")
    rows = [(r["indicator_code"], r["actual"]) for r in result.tables["b04_targets"]]
    assert rows == [("XA_DAT_CHUAN_MOI", 6.0), ("TY_LE_HO_NGHEO", pytest.approx(8.5 / 6))]


@pytest.mark.parametrize("headings", [("A", "Khu vực Lộc Bình cũ", "B", "Khu vực Cao Lộc cũ"),
                                      ("1", "Huyện Lộc Bình", "2", "Huyện Cao Lộc")])
def test_b06_blocks_of_parts_alone_are_not_the_provinces(tmp_path, headings):
    """Blocks under headings naming two areas or districts, each giving the same indicators,
    and no block of the province's own: which figures are the province's cannot be told.
    Before, both were stored as the province's (SO_XA 12 and 32). The sheet is refused."""
    body = [[headings[0], headings[1], None], *_b06_block(8),
            [headings[2], headings[3], None], *_b06_block(3)]
    result = _read(tmp_path, _province(2026, B06=simple_sheet("B06_TongHop", B06_HEADER,
                                                               body)), "2026/parts.xlsx")
    assert "b06_aggregates" not in result.tables
    (error,) = _errors(result, "B06_TongHop")
    assert "own rows" in error["message"] and headings[1] in error["message"]


def test_b06_a_group_given_as_of_which_under_the_provinces_rows_is_a_part(tmp_path):
    """The province's rows under no heading, then `Trong đó: Xã nhóm 2` over the group's:
    the group's 32 communes were stored beside the province's 96."""
    body = [*_b06_block(1), ["", "Trong đó: Xã nhóm 2", None], *_b06_block(3)]
    result = _read(tmp_path, _province(2026, B06=simple_sheet("B06_TongHop", B06_HEADER,
                                                               body)), "2026/of_which.xlsx")
    assert _b06_values(result) == [("SO_XA", 96.0), ("SO_XA_DAT_CHUAN", 40.0)]


def test_b06_numbered_sections_that_name_no_place_are_read_as_before(tmp_path):
    """Good data near the rule: `I | Chỉ số về xã` and `II | Chỉ số về huyện` over other
    indicators, an indicator numbered `1` with its value: all read as listed (a district's
    heading over an indicator the province's rows do not give heads that district's figure:
    ``test_ingest_headings_of_communes_and_districts.py``)."""
    body = [["I", "Chỉ số về xã", None], ["SO_XA", "Số xã", 200], ["1", "Số thôn đạt chuẩn", 15],
            ["II", "Chỉ số về huyện", None], ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", 4]]
    result = _read(tmp_path, _province(2023, B06=simple_sheet("B06_TongHop", B06_HEADER,
                                                               body)), "2023/sections.xlsx")
    values = [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]
              if r["value"] is not None]
    assert values == [("SO_XA", 200.0), ("SO_THON_DAT_CHUAN", 15.0), ("SO_HUYEN_DAT_CHUAN", 4.0)]
    assert not [f for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"]


# --------------------------------------------------------------------------- B01 groups

CRITERIA_2026 = [str(n) for n in range(1, 11)]
B01_2026 = ["STT", "Mã xã", "Tên xã", *CRITERIA_2026, "Số tiêu chí đạt", "Năm đạt chuẩn NTM",
            "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _commune(k: object, code: str, name: str, met: int, *extra: object) -> list:
    return [k, code, name, *(["x"] * met + [None] * (10 - met)), met, None, None, None, *extra]


def _groups(result: FileResult) -> list[tuple]:
    return [(c["commune_code"], c["commune_group"]) for c in result.tables["b01_communes"]]


@pytest.mark.parametrize("headings", [
    (["I", None, "Nhóm 1: Xã ven đô thị, tỷ trọng nông nghiệp dưới 10%"],
     ["II", None, "Nhóm 2: Xã vùng DTTS và miền núi khu vực II, III"], ["III", None, "NHÓM 3"]),
    ([None, None, "Xã nhóm 1"], [None, None, "Xã nhóm 2"], [None, None, "Xã nhóm 3"]),
    ([None, None, unicodedata.normalize("NFD", "1. Nhóm I")], [None, None, "2. Nhom II"],
     [None, None, "3. CÁC XÃ THUỘC NHÓM III"])])
def test_b01_2026_communes_under_headings_of_their_group_are_read_in_it(tmp_path, headings):
    """A 2026 province's communes listed under `I | Nhóm 1: Xã ven đô thị…`, `II | Nhóm 2`
    (a subtotal `Cộng nhóm 2` under it) and `III | NHÓM 3`: a person reads each commune's
    group from its heading. Before, every commune's group was null without a word."""
    body = [headings[0], _commune(1, "06541", "Xã Mẫu Sơn", 10), headings[1],
            _commune(2, "06565", "Xã Khuất Xá", 7), _commune(3, "06577", "Xã Thống Nhất", 5),
            [None, None, "Cộng nhóm 2", *[None] * 10, 12], headings[2],
            _commune(4, "06580", "Xã Lợi Bác", 6)]
    b01 = simple_sheet("B01_TieuChiXa", B01_2026, body, "BIỂU 01")
    result = _read(tmp_path, _province(2026, B01=b01), "2026/groups.xlsx")
    assert _groups(result) == [("06541", 1), ("06565", 2), ("06577", 2), ("06580", 3)]
    assert not _errors(result, "B01_TieuChiXa")


def test_b01_2026_a_group_column_agreeing_is_read_and_one_disagreeing_reads_neither(
        tmp_path):
    """`Nhóm xã` given beside the headings: the column's group is read where it agrees;
    where it names another group than the heading above, which the unit meant cannot be
    told: no group, with an error at the cell. A commune with the column blank takes its
    heading's group."""
    header = [*B01_2026, "Nhóm xã"]
    body = [["I", None, "Nhóm 1"], _commune(1, "06541", "Xã Mẫu Sơn", 10, 1),
            _commune(2, "06565", "Xã Khuất Xá", 7, "Nhóm 2"),
            _commune(3, "06577", "Xã Thống Nhất", 5, None)]
    b01 = simple_sheet("B01_TieuChiXa", header, body, "BIỂU 01")
    result = _read(tmp_path, _province(2026, B01=b01), "2026/column.xlsx")
    assert _groups(result) == [("06541", 1), ("06565", None), ("06577", 1)]
    (error,) = _errors(result, "B01_TieuChiXa")
    assert (error["row_number"], error["column_name"], error["raw_value"]) == (
        6, "R (Nhóm xã)", "Nhóm 2")


@pytest.mark.parametrize("header", ["Nhóm xã (khu vực)", "NHÓM XÃ (KHU VỰC)",
                                    unicodedata.normalize("NFD", "Nhóm xã - Khu vực"),
                                    "Nhom xa (khu vuc)", "Khu vực"])
def test_b01_2026_a_column_of_the_communes_area_is_not_their_group(tmp_path, header):
    """`Nhóm xã (khu vực)` holding `I | II | III`: the classes of the ethnic-minority and
    mountain areas, not the groups of Decision 51/2025 (its group 2 takes areas II and III
    alike). Before, read as groups 1, 2 and 3 without a word; now not read as the group, its
    cells kept, with an info where its header names a group. `Nhóm xã` alone reads as
    before."""
    body = [_commune(1, "06541", "Xã Mẫu Sơn", 10, "I"),
            _commune(2, "06565", "Xã Khuất Xá", 7, "II"),
            _commune(3, "06577", "Xã Thống Nhất", 5, "III")]
    b01 = simple_sheet("B01_TieuChiXa", [*B01_2026, header], body, "BIỂU 01")
    result = _read(tmp_path, _province(2026, B01=b01), "2026/area.xlsx")
    assert _groups(result) == [("06541", None), ("06565", None), ("06577", None)]
    kept = [c["value"] for c in result.tables["unmapped_cells"] if c["column_name"] == "R"
            and c["row_kind"] == "data"]
    assert kept == ["I", "II", "III"]
    said = [f for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"
            and (f["column_name"] or "").startswith("R")]
    assert len(said) == (0 if header == "Khu vực" else 1)
    assert all("not their group" in f["message"] for f in said)
    assert not _errors(result, "B01_TieuChiXa")
    b01 = simple_sheet("B01_TieuChiXa", [*B01_2026, "Nhóm xã"], body, "BIỂU 01")
    result = _read(tmp_path, _province(2026, B01=b01), "2026/group.xlsx")
    assert _groups(result) == [("06541", 1), ("06565", 2), ("06577", 3)]


def test_b01_headings_of_groups_before_2026_and_other_headings_give_no_group(tmp_path):
    """Good data near the rule: in 2026, communes under `Các xã đạt chuẩn` take no group,
    and a commune's own column is read as before; a 2023 list headed `Nhóm 1` (no commune
    groups before the 2026-2030 set) gives none either."""
    body = [[None, None, "Các xã đạt chuẩn NTM"], _commune(1, "06541", "Xã Mẫu Sơn", 10),
            [None, None, "Nhóm 2"], _commune(2, "06565", "Xã Khuất Xá", 7),
            [None, None, "Xã chưa đạt chuẩn"], _commune(3, "06577", "Xã Thống Nhất", 5)]
    b01 = simple_sheet("B01_TieuChiXa", B01_2026, body, "BIỂU 01")
    result = _read(tmp_path, _province(2026, B01=b01), "2026/other.xlsx")
    assert _groups(result) == [("06541", None), ("06565", 2), ("06577", None)]
    header = ["STT", "Mã xã", "Tên xã", *[str(n) for n in range(1, 20)], "Số tiêu chí đạt",
              "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
    old = [[None, None, "Nhóm 1"], [1, "06532", "Xã Mẫu Sơn", *["x"] * 19, 19, 2019, None, None],
           [None, None, "Nhóm 2"], [2, "06541", "Xã Yên Khoái", *["x"] * 19, 19, 2020, None, None]]
    result = _read(tmp_path, [thongtin(2023), simple_sheet("B01_TieuChiXa", header, old)],
                   "2023/old.xlsx")
    assert _groups(result) == [("06532", None), ("06541", None)]


# --------------------------------------------------------------------------- sheet names


def _named(sheet: OfficeSheet, name: str) -> OfficeSheet:
    return OfficeSheet(name, sheet.rows, sheet.merges)


def _b02() -> OfficeSheet:
    return b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"])


def _b04() -> OfficeSheet:
    return simple_sheet("B04_ChiTieu", B04_HEADER,
                        [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]])


def _set_aside(result: FileResult) -> list[str]:
    return sorted(f["sheet"] for f in result.flags
                  if f["severity"] == "error" and f["check_code"] == "SHEET_LAYOUT")


@pytest.mark.parametrize(("year", "place"), [
    (2023, "Lộc Bình"), (2023, "LocBinh"), (2023, "(huyện Lộc Bình)"), (2023, "LỘC BÌNH"),
    (2023, unicodedata.normalize("NFD", " - Lộc Bình")), (2026, "(Lộc Bình cũ)")])
def test_a_provinces_b02_b04_named_for_a_district_are_not_the_provinces(tmp_path, year,
                                                                        place):
    """A province's 2023 workbook whose only B02 and B04 are `B02_Lộc Bình`, `B04_Lộc
    Bình` (from 2026, a former district's): a person reads one district's money and
    targets, not the province's. Before, both were read as the province's. Each is set
    aside with an error naming it."""
    sep = "_" if place[0].isalpha() else " "
    sheets = _province(year, B02=_named(_b02(), f"B02{sep}{place}"),
                       B04=_named(_b04(), f"B04{sep}{place}"),
                       B06=simple_sheet("B06_TongHop", B06_HEADER, _b06_block(1)))
    result = _read(tmp_path, sheets, f"{year}/province.xlsx")
    assert "b02_funding" not in result.tables and "b04_targets" not in result.tables
    assert _set_aside(result) == [f"B02{sep}{place}", f"B04{sep}{place}"]
    assert _b06_values(result) == [("SO_XA", 96.0), ("SO_XA_DAT_CHUAN", 40.0)]


def test_a_districts_sheets_named_for_another_district_are_not_its_own(tmp_path):
    """Lộc Bình's workbook (district 188) whose sheets are `B01_Cao Lộc`, `B02_Cao Lộc`, a
    neighbour's workbook reused: Cao Lộc's communes and money were read as Lộc Bình's. They
    are set aside with an error each; Lộc Bình's own `B02` beside them is read."""
    sheets = district_sheets(B01=_named(b01_two_row_header(), "B01_Cao Lộc"),
                             B02=_named(_b02(), "B02_Cao Lộc"))
    sheets.append(_named(_b02(), "B02_NguonVon"))
    result = _read(tmp_path, sheets, "2023/district.xlsx")
    assert "b01_communes" not in result.tables
    assert {r["sheet"] for r in result.tables["b02_funding"]} == {"B02_NguonVon"}
    assert _set_aside(result) == ["B01_Cao Lộc", "B02_Cao Lộc"]
    message = next(f["message"] for f in result.flags if f["sheet"] == "B02_Cao Lộc")
    assert "Huyện Cao Lộc" in message and "'B02_NguonVon' beside it is read" in message


def test_sheets_named_for_the_unit_itself_or_a_provinces_b01_by_district_are_read(tmp_path):
    """Good data near the rule: a province's B01 in one sheet per district (`B01_Lộc Bình`,
    `B01_Cao Lộc`) is its list of communes; a province's `B02 Lạng Sơn` (its own name, its
    city's too) and a district's `B02_Lộc Bình` in Lộc Bình's workbook are the unit's own."""
    sheets = _province(2023, B01=_named(b01_two_row_header(communes=COMMUNES[:2]),
                                        "B01_Lộc Bình"),
                       B01b=_named(b01_two_row_header(communes=COMMUNES[2:]), "B01_Cao Lộc"),
                       B02=_named(_b02(), "B02 Lạng Sơn"), B04=_b04())
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert {r["sheet"] for r in result.tables["b02_funding"]} == {"B02 Lạng Sơn"}
    assert not _set_aside(result)
    result = _read(tmp_path, district_sheets(B02=_named(_b02(), "B02_Lộc Bình")),
                   "2023/district.xlsx")
    assert {r["sheet"] for r in result.tables["b02_funding"]} == {"B02_Lộc Bình"}
    assert not _set_aside(result)
