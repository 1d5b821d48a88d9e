"""Rows under a heading naming communes or a district in the forms offices type beyond one
commune's name (docs/ingest.md, "What the intake understands"): in a B02, B04 or B06, a
commune with its district (`Xã Mẫu Sơn, huyện Lộc Bình`, `Xã Mẫu Sơn (huyện Lộc Bình)`, `Xã
Mẫu Sơn - Lộc Bình`), two communes or more (`Xã Mẫu Sơn và xã Tú Mịch`, `Xã Mẫu Sơn, Tú
Mịch`), a commune misspelt (`Xã Mẫu Sơnn`); in a province's report a commune by its name
alone (`Mẫu Sơn`) and a district (`II | Huyện Lộc Bình`) over rows the province's own rows
do not repeat.

A person reads those rows as the communes' or the district's figures, not the reporting
unit's. Before, they were stored as the unit's own (Mẫu Sơn's share of poor households as
Lộc Bình's TY_LE_HO_NGHEO 8.5; Lộc Bình's four districts NTM as the province's), without a
flag. Each test builds its own workbook (``tests/office.py``) and checks that the rows are
kept as notes with an error at the heading, and that the unit's own headings, groups of
communes and sections naming no place read as before.
"""

from __future__ import annotations

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, simple_sheet
from tests.test_ingest_headings_of_one_unit import (
    B02_HEADER,
    B04_CODED,
    B06_HEADER,
    _errors,
    _nfd,
    _notes,
    _province,
    _read,
    _targets,
)
from tests.test_ingest_headings_of_other_places import OWN_ROW, POOR


def _aggregates(result: FileResult) -> list[tuple[str | None, float | None]]:
    return [(r["indicator_code"], r["value"]) for r in result.tables.get("b06_aggregates", [])
            if r["indicator_code"]]


def _heading(label: str | list) -> list:
    """A heading row of B04: its code cell blank (or a section number), its figures blank."""
    cells = label if isinstance(label, list) else ["", label]
    return [*cells, None, None, None, None]


def _b04(*body: list) -> OfficeSheet:
    return OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], B04_CODED, *body])


def _b06(*body: list) -> OfficeSheet:
    return simple_sheet("B06_TongHop", B06_HEADER, list(body))


def _one_error_at_row_4(result: FileResult, *named: str) -> str:
    """The B04's district row 3 read, the heading's row 4 an error naming ``named``, the
    row 5 under it a note; the error's message."""
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _errors(result, "B04")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert all(name in error["message"] for name in named), error["message"]
    assert 5 in _notes(result, "B04")
    return error["message"]


# ------------------------------------------------------------- a commune and its district

WITH_ITS_DISTRICT = [
    "Xã Mẫu Sơn, huyện Lộc Bình", "Xã Mẫu Sơn (huyện Lộc Bình)", "Xã Mẫu Sơn - Lộc Bình",
    "XÃ MẪU SƠN, HUYỆN LỘC BÌNH", "Xa Mau Son (huyen Loc Binh)", "XA MAU SON - LOC BINH",
    _nfd("Xã Mẫu Sơn, huyện Lộc Bình"), "2. Xã Mẫu Sơn, H. Lộc Bình",
    "Xã Mẫu Sơn, huyện Lộc Bình, tỉnh Lạng Sơn", "Xã Mẫu Sơn (Lộc Bình)",
]


@pytest.mark.parametrize("heading", WITH_ITS_DISTRICT)
def test_b04_a_commune_named_with_its_district_is_not_the_districts(tmp_path, heading):
    """Lộc Bình's B04: its `XA_DAT_CHUAN_MOI | 2`, then `Xã Mẫu Sơn, huyện Lộc Bình` over
    `TY_LE_HO_NGHEO | 8,5`: a person reads Mẫu Sơn's share of poor households, the district
    saying where the commune lies. Before, a heading naming another place after the
    commune was left as it was, and 8.5 was stored as Lộc Bình's, no flag. Now a note, with
    an error at the heading naming the commune."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert "one commune" in _one_error_at_row_4(result, "Xã Mẫu Sơn")


@pytest.mark.parametrize("heading", ["Xã Yên Khoái (huyện Lộc Bình)", "XÃ YÊN KHOÁI - LỘC BÌNH"])
def test_b06_a_commune_with_its_district_in_a_districts_aggregates(tmp_path, heading):
    """Lộc Bình's B06 `SO_XA | 12`, then `Xã Yên Khoái (huyện Lộc Bình)` over
    `SO_THON_DAT_CHUAN | 5`: the commune's villages were stored as the district's."""
    body = [["SO_XA", "Số xã", 12], [None, heading, None],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 5]]
    result = _read(tmp_path, [*district_sheets(), _b06(*body)])
    assert _aggregates(result) == [("SO_XA", 12.0)]
    (error,) = _errors(result, "B06")
    assert error["row_number"] == 5 and "Xã Yên Khoái" in error["message"]


# --------------------------------------------------------------------------- several communes

SEVERAL = [
    "Xã Mẫu Sơn và xã Tú Mịch", "Xã Mẫu Sơn, Tú Mịch", "XÃ MẪU SƠN VÀ XÃ TÚ MỊCH",
    "Xa Mau Son, Tu Mich", _nfd("Xã Mẫu Sơn và xã Tú Mịch"), "2. Xã Mẫu Sơn, xã Tú Mịch",
    "Xã Mẫu Sơn, Tú Mịch và Yên Khoái", "Xã Mẫu Sơn và Tú Mịch (huyện Lộc Bình)",
]


@pytest.mark.parametrize("heading", SEVERAL)
def test_b04_a_heading_naming_several_communes_is_not_the_districts(tmp_path, heading):
    """Lộc Bình's B04: `Xã Mẫu Sơn và xã Tú Mịch` over `TY_LE_HO_NGHEO | 8,5`: a person reads
    the two communes' share, not the district's. Before, a heading naming two communes was
    left as it was and 8.5 was stored as Lộc Bình's. Now a note, with an error at the
    heading naming both communes."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    message = _one_error_at_row_4(result, "Xã Mẫu Sơn", "Xã Tú Mịch")
    assert "communes" in message


def test_b04_several_communes_repeating_the_districts_rows_keep_the_parts_info(tmp_path):
    """Lộc Bình's `TY_LE_HO_NGHEO | 4,8`, then `Xã Mẫu Sơn và xã Tú Mịch` over their own
    `TY_LE_HO_NGHEO`: blocks per place; the district's is read, the communes' a note with
    the parts' info, no error."""
    own = ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]
    result = _read(tmp_path, district_sheets(B04=_b04(
        own, _heading("Xã Mẫu Sơn và xã Tú Mịch"), POOR)))
    assert _targets(result) == [(3, "TY_LE_HO_NGHEO", 4.8)]
    assert not _errors(result, "B04")
    assert [f["row_number"] for f in result.flags if f["severity"] == "info"
            and "that unit's figures" in f["message"]] == [4]


def test_b02_two_communes_after_the_districts_sources(tmp_path):
    """Lộc Bình's B02: its sources 1 and 2, then `Xã Mẫu Sơn, Tú Mịch` over credit (source
    4) the district's rows do not give: the two communes' money, before stored as Lộc
    Bình's credit. Now a note, with an error."""
    rows = [["BIỂU 02: NGUỒN VỐN"], B02_HEADER, ["1", "Ngân sách trung ương", 1200],
            ["2", "Ngân sách địa phương", 800], [None, "Xã Mẫu Sơn, Tú Mịch", None],
            ["4", "Vốn tín dụng", 5000]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]
            ] == [("1", 1200.0), ("2", 800.0)]
    (error,) = _errors(result, "B02")
    assert error["row_number"] == 5


# --------------------------------------------------------------------------- misspelt


@pytest.mark.parametrize(("heading", "commune"), [
    ("Xã Mẫu Sơnn", "Xã Mẫu Sơn"), ("XÃ MẪU SƠNN", "Xã Mẫu Sơn"), ("Xa Mau Sonn", "Xã Mẫu Sơn"),
    (_nfd("Xã Mẫu Sơnn"), "Xã Mẫu Sơn"), ("Xã Yên Khoá", "Xã Yên Khoái"),
    ("2. Xã Tú Mạch", "Xã Tú Mịch"), ("Xã Tú Mịchh:", "Xã Tú Mịch")])
def test_b04_a_commune_misspelt_by_one_letter_is_not_the_districts(tmp_path, heading, commune):
    """Lộc Bình's B04: `Xã Mẫu Sơnn` (a letter too many) over `TY_LE_HO_NGHEO | 8,5`: a person
    reads Mẫu Sơn's share. Before, a `Xã …` on no map was read as before (group headings
    `Xã nhóm 2` sit over the district's counts), and 8.5 was stored as Lộc Bình's. A name
    written as a name one letter away from exactly one of the district's communes is that
    commune: a note, with an error naming the commune and the heading as typed."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    _one_error_at_row_4(result, commune)


def test_b04_a_misspelt_commune_in_a_provinces_targets(tmp_path):
    """Lạng Sơn's B04: `Xã Mẫu Sơnn` over `TY_LE_HO_NGHEO | 8,5`: one commune's share, before
    stored as the province's."""
    result = _read(tmp_path, _province(_b04(OWN_ROW, _heading("Xã Mẫu Sơnn"), POOR)))
    _one_error_at_row_4(result, "Xã Mẫu Sơn")


# --------------------------------------------------------------------------- a province's report

BARE_COMMUNES = ["Mẫu Sơn", "MẪU SƠN", "Mau Son", _nfd("Mẫu Sơn"), "2. Mẫu Sơn", ["II", "Mẫu Sơn"],
                 "Tú Mịch", "Xuất Lễ"]


@pytest.mark.parametrize("heading", BARE_COMMUNES)
def test_b04_a_commune_by_its_name_alone_in_a_provinces_targets(tmp_path, heading):
    """Lạng Sơn's B04: its `XA_DAT_CHUAN_MOI`, then `Mẫu Sơn` (two communes of the province
    bear the name, no district) over `TY_LE_HO_NGHEO | 8,5`: a person reads the commune's
    share. Before, a name alone was a commune only in a district's report, and 8.5 was
    stored as Lạng Sơn's. Now a note, with an error at the heading."""
    result = _read(tmp_path, _province(_b04(OWN_ROW, _heading(heading), POOR)))
    assert "one commune" in _one_error_at_row_4(result)


DISTRICTS = [["II", "Huyện Lộc Bình"], "II. Huyện Lộc Bình", "HUYỆN LỘC BÌNH", "Huyen Loc Binh",
             _nfd("Huyện Lộc Bình"), "UBND huyện Lộc Bình", "H. Lộc Bình", "2. Lộc Bình",
             "Thành phố Lạng Sơn", "TP. Lạng Sơn"]


@pytest.mark.parametrize("heading", DISTRICTS)
def test_b06_a_districts_block_the_provinces_rows_do_not_repeat_is_the_districts(tmp_path,
                                                                                 heading):
    """Lạng Sơn's B06: `SO_XA | 200`, then `II | Huyện Lộc Bình` over `SO_HUYEN_DAT_CHUAN |
    4`: a person reads what the heading says, Lộc Bình's figure, not the province's. Before,
    a district's heading over indicators the province's rows do not give was a section of
    the province's list and 4 was stored as Lạng Sơn's. Now a note, with an error at the
    heading naming the district."""
    cells = heading if isinstance(heading, list) else [None, heading]
    body = [["SO_XA", "Số xã", 200], [*cells, None],
            ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", 4]]
    result = _read(tmp_path, _province(_b06(*body)))
    assert _aggregates(result) == [("SO_XA", 200.0)]
    (error,) = _errors(result, "B06")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 5)
    assert "one district" in error["message"] and "row 6" in error["message"]
    assert 6 in _notes(result, "B06")


def test_b04_a_districts_block_opening_a_provinces_targets(tmp_path):
    """Lạng Sơn's B04 opening with `1. Huyện Lộc Bình` over `TY_LE_HO_NGHEO | 8,5`, then
    `Toàn tỉnh` over its `XA_DAT_CHUAN_MOI`: before, 8.5 was the province's share."""
    result = _read(tmp_path, _province(_b04(_heading("1. Huyện Lộc Bình"), POOR,
                                            _heading("Toàn tỉnh"), OWN_ROW)))
    assert _targets(result) == [(6, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _errors(result, "B04")
    assert error["row_number"] == 3 and "Huyện Lộc Bình" in error["message"]


def test_b06_2026_a_former_districts_block_the_provinces_rows_do_not_repeat(tmp_path):
    """Lạng Sơn's 2026 B06: `SO_XA | 65`, then `Huyện Lộc Bình (cũ)` over `SO_THON_DAT_CHUAN
    | 60`: the former district's villages, before stored as the province's."""
    body = [["SO_XA", "Số xã", 65], [None, "Huyện Lộc Bình (cũ)", None],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 60]]
    result = _read(tmp_path, _province(_b06(*body), year=2026), "2026/unit.xlsx")
    assert _aggregates(result) == [("SO_XA", 65.0)]
    (error,) = _errors(result, "B06")
    assert error["row_number"] == 5


# --------------------------------------------------------------------------- neighbours


@pytest.mark.parametrize("heading", [
    "Huyện Lộc Bình", "HUYEN LOC BINH", _nfd("Huyện Lộc Bình"), "Lộc Bình", "Toàn huyện",
    "Xã đạt chuẩn NTM", "XÃ ĐẠT CHUẨN NTM", "Xã nhóm 2", "Xa nhom 2", "Xã chưa đạt chuẩn",
    "Xã còn lại", "Các xã đặc biệt khó khăn", "Xã an toàn khu", "Xã khu vực III",
    "Xã đạt chuẩn NTM nâng cao", "Xã biên giới", "Xã miền núi", "Xã hội", "I. Chỉ tiêu kinh tế",
    "Dự án đường giao thông xã Mẫu Sơn và xã Tú Mịch"])
def test_b04_the_districts_own_heading_groups_and_no_place_read_as_before(tmp_path, heading):
    """Good data near the rule: the district's own name, `Toàn huyện`, a group of communes
    (`Xã đạt chuẩn NTM`, `Xã nhóm 2`, `Các xã đặc biệt khó khăn`), a group of indicators, a
    work naming communes: the rows under them are the district's, read as before, no error
    (communes listed after `Các xã` or before other words head those communes' figures:
    ``test_ingest_headings_of_topics_and_lists.py``)."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0), (5, "TY_LE_HO_NGHEO", 8.5)]
    assert not _errors(result, "B04")


@pytest.mark.parametrize("heading", ["Mẫu Sơn", "Xã Mẫu Sơn"])
def test_b04_an_indicator_naming_a_place_is_read_as_before(tmp_path, heading):
    """Good data near the rule: rows with figures naming a commune or the district
    (`Tỷ lệ hộ nghèo xã Mẫu Sơn`, `Số xã đạt chuẩn NTM mới huyện Lộc Bình`) are no headings:
    read by their codes, as before."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới huyện Lộc Bình", "xã", 2, 2, 3],
            ["TY_LE_HO_NGHEO", f"Tỷ lệ hộ nghèo ({heading} 9%)", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(*body)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0), (4, "TY_LE_HO_NGHEO", 4.8)]
    assert not _errors(result, "B04")


@pytest.mark.parametrize("heading", [
    "Tỉnh Lạng Sơn", "TINH LANG SON", "Toàn tỉnh", ["I", "Chỉ số về xã"],
    ["II", "Chỉ số về huyện"], "Xã nhóm 2", "Trong đó: Xã nhóm 2", "Các xã đặc biệt khó khăn",
    "Lạng Sơn", "Xã hội", "Thống nhất"])
def test_b06_a_provinces_own_heading_sections_and_groups_read_as_before(tmp_path, heading):
    """Good data near the rule: in Lạng Sơn's B06, its own name, `Toàn tỉnh`, sections naming
    no place (`I | Chỉ số về xã`), groups of communes, its bare name (the city's too), a
    heading in words a commune's name also has but not written as a name (`Thống nhất`; Xã
    Thống Nhất is Lộc Bình's): the rows under them are read as before, no error."""
    cells = heading if isinstance(heading, list) else [None, heading]
    body = [["SO_XA", "Số xã", 200], [*cells, None],
            ["SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", 4]]
    result = _read(tmp_path, _province(_b06(*body)))
    # A section's number stays a row without a value, as before.
    assert [(code, value) for code, value in _aggregates(result) if value is not None] == [
        ("SO_XA", 200.0), ("SO_HUYEN_DAT_CHUAN", 4.0)]
    assert not _errors(result, "B06")


def test_b06_a_districts_own_aggregates_under_its_name_read_as_before(tmp_path):
    """Good data near the rule: Lộc Bình's own B06 headed `Huyện Lộc Bình`: its own."""
    body = [[None, "Huyện Lộc Bình", None], ["SO_XA", "Số xã", 20],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 15]]
    result = _read(tmp_path, [*district_sheets(), _b06(*body)])
    assert _aggregates(result) == [("SO_XA", 20.0), ("SO_XA_DAT_CHUAN", 15.0)]
    assert not _errors(result, "B06")


def test_b06_a_provinces_blocks_per_district_keep_the_parts_info(tmp_path):
    """Good data near the rule: Lạng Sơn's `SO_XA | 200`, then `Huyện Lộc Bình` over its own
    `SO_XA | 12`: blocks per place, the district's a note with the parts' info as before."""
    body = [["SO_XA", "Số xã", 200], [None, "Huyện Lộc Bình", None], ["SO_XA", "Số xã", 12]]
    result = _read(tmp_path, _province(_b06(*body)))
    assert _aggregates(result) == [("SO_XA", 200.0)]
    assert not _errors(result, "B06")
    assert [f["row_number"] for f in result.flags if f["severity"] == "info"
            and "that unit's figures" in f["message"]] == [5]
