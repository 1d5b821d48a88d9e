"""Rows under a heading naming one unit that is not the reporting unit as a whole: in a
district's (or province's) B04/B06, a heading naming one commune (`Xã Mẫu Sơn`, `2. Xã Yên
Khoái`, `XA MAU SON`) over indicator rows; in a province's B02, B04 or B06, a heading or a
place column naming another province (`Tỉnh Cao Bằng` in Lạng Sơn's report), or in a
district's, its province (docs/ingest.md, "What the intake understands").

A person reads those rows as that commune's or that province's figures, not the reporting
unit's. Before, they were stored as the unit's own, without a flag. Each test builds its own
workbook (``tests/office.py``) and checks that only the unit's own rows are read, the others
kept as notes with an error at the heading, and that the unit's own headings read as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write

B04_CODED = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
             "Kế hoạch năm sau"]
B04_NUMBERED = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
SOURCES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "4": "Vốn tín dụng"}


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/unit.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _province(*sheets: OfficeSheet, year: int = 2023) -> list[OfficeSheet]:
    return [thongtin(year, level="Tỉnh", district=None), *sheets]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _errors(result: FileResult, sheet: str) -> list[dict]:
    return [f for f in result.flags if (f.get("sheet") or "").startswith(sheet)
            and f["severity"] == "error"]


def _notes(result: FileResult, sheet: str) -> set[int]:
    """The rows whose cells are kept as notes (raw.unmapped_cells)."""
    return {c["row_number"] for c in result.tables["unmapped_cells"]
            if c["sheet"].startswith(sheet) and c["row_kind"] == "note"}


def _targets(result: FileResult) -> list[tuple[int, str | None, float | None]]:
    """The B04 rows read as an indicator (a heading naming no place stays a row without
    one, as before)."""
    return [(r["row_number"], r["indicator_code"], r["actual"])
            for r in result.tables.get("b04_targets", []) if r["indicator_code"]]


def _b04(header: list, body: list[list]) -> OfficeSheet:
    return OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], header, *body])


# --------------------------------------------------------------------------- one commune

COMMUNE_HEADINGS = [
    ["", "Xã Mẫu Sơn"], ["", "2. Xã Yên Khoái"], ["2.", "Xã Yên Khoái"], ["II", "Xã Mẫu Sơn"],
    ["", "XA MAU SON"], ["", "XÃ MẪU SƠN"], ["", _nfd("Xã Mẫu Sơn")], ["", "UBND xã Mẫu Sơn"],
    ["", "TT. Na Dương"], ["", "Thị trấn Na Dương:"],
    ["", "Xã Xuất Lễ"],  # a commune of Cao Lộc, in Lộc Bình's report
]


@pytest.mark.parametrize("heading", COMMUNE_HEADINGS)
def test_b04_rows_by_name_under_a_heading_naming_one_commune_are_not_the_districts(
        tmp_path, heading):
    """Lộc Bình's B04: `Xã Mẫu Sơn` (its figures blank) over `- | Tỷ lệ hộ nghèo | % | 9 |
    8,5`: a person reads Mẫu Sơn's share of poor households, not the district's. It was
    stored as the district's TY_LE_HO_NGHEO 8.5 with only a warning (no code). It is not
    read: kept as a note, with an error at the heading; the district's row above it is
    read."""
    body = [["1", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3],
            [*heading, None, None, None, None],
            ["-", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_NUMBERED, body)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _errors(result, "B04")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert "one commune" in error["message"] and "row 5" in error["message"]
    assert error["column_name"].startswith("B") and error["raw_value"]
    assert 5 in _notes(result, "B04")


@pytest.mark.parametrize("heading", COMMUNE_HEADINGS[:3])
def test_b04_coded_rows_of_a_commune_opening_the_sheet_are_not_the_districts(tmp_path,
                                                                             heading):
    """`Xã Mẫu Sơn` as the first row, over `TY_LE_HO_NGHEO | 8,5` and `THU_NHAP_BQ | 32`,
    then `Toàn huyện` over the district's `XA_DAT_CHUAN_MOI`: the commune's two rows were
    stored as Lộc Bình's (their codes the template's, no flag). Now only the district's row
    is read, with an error at the commune's heading naming both rows."""
    body = [[*heading, None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", 30, 32, 35],
            ["", "Toàn huyện", None, None, None, None],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_CODED, body)))
    assert _targets(result) == [(7, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _errors(result, "B04")
    assert error["row_number"] == 3 and "rows 4-5" in error["message"]
    assert {4, 5} <= _notes(result, "B04")


def test_b06_a_communes_block_in_a_districts_aggregates_is_not_the_districts(tmp_path):
    """Lộc Bình's B06 `SO_XA | 12`, then `Xã Yên Khoái` over `SO_THON_DAT_CHUAN | 5`: the
    commune's villages were stored as the district's. Not read, with an error."""
    body = [["SO_XA", "Số xã", 12], [None, "Xã Yên Khoái", None],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 5]]
    b06 = simple_sheet("B06_TongHop", B06_HEADER, body)
    result = _read(tmp_path, [*district_sheets(), b06])
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]] == [
        ("SO_XA", 12.0)]
    (error,) = _errors(result, "B06")
    assert error["raw_value"] == "Xã Yên Khoái"


def test_b04_a_commune_heading_in_a_provinces_targets(tmp_path):
    """Lạng Sơn's B04 with `Xã Mẫu Sơn` over `TY_LE_HO_NGHEO | 8,5` under the province's
    `XA_DAT_CHUAN_MOI`: one commune's share was stored as the province's. Not read."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 20, 21, 25],
            ["", "Xã Mẫu Sơn", None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8]]
    result = _read(tmp_path, _province(_b04(B04_CODED, body)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 21.0)]
    (error,) = _errors(result, "B04")
    assert error["row_number"] == 4 and "province" in error["message"]


@pytest.mark.parametrize("heading", [
    "Toàn huyện", "TOÀN HUYỆN", "Huyện Lộc Bình", "HUYEN LOC BINH", _nfd("Huyện Lộc Bình"),
    "Lộc Bình", "I. Chỉ tiêu kinh tế", "Xã hội", "Các xã", "Tổng cộng"])
def test_b04_rows_under_the_districts_own_heading_or_none_are_read_as_before(tmp_path,
                                                                             heading):
    """Good data near the rule: `Toàn huyện`, the district's name or a heading of the
    indicators' group over `Tỷ lệ hộ nghèo`, and the rows under no heading: the district's,
    read by their names as before, with no error."""
    body = [["1", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3],
            ["", heading, None, None, None, None],
            ["2", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_NUMBERED, body)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0), (5, "TY_LE_HO_NGHEO", 4.8)]
    assert not _errors(result, "B04")


def test_b04_a_communes_block_repeating_the_districts_rows_keeps_its_info(tmp_path):
    """Good data near the rule: the district's rows, then `Xã Mẫu Sơn` giving the same
    indicator again: blocks per place, the commune's kept as notes with an info as before
    (no error)."""
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["", "Xã Mẫu Sơn", None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_CODED, body)))
    assert _targets(result) == [(3, "TY_LE_HO_NGHEO", 4.8)]
    assert not _errors(result, "B04")
    assert [f["check_code"] for f in result.flags if f["sheet"] == "B04_ChiTieu"
            and f["row_number"] == 4] == ["UNKNOWN_COLUMN"]


# --------------------------------------------------------------------------- another province


def _b02(*blocks: tuple[list | None, dict[str, int]]) -> OfficeSheet:
    rows: list[list] = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER]
    for heading, amounts in blocks:
        if heading is not None:
            rows.append([*heading, None])
        rows += [[code, SOURCES[code], amount] for code, amount in amounts.items()]
    return OfficeSheet("B02_NguonVon", rows)


def _funding(result: FileResult) -> list[tuple[int, str | None, float | None]]:
    return [(r["row_number"], r["source_code"], r["amount_million_vnd"])
            for r in result.tables.get("b02_funding", [])]


OTHER_PROVINCES = [
    [None, "Tỉnh Cao Bằng"], [None, "TỈNH CAO BẰNG"], [None, "Tinh Cao Bang"],
    [None, _nfd("Tỉnh Cao Bằng")], ["I", "Tỉnh Cao Bằng"], [None, "UBND tỉnh Cao Bằng"],
    [None, "Thành phố Hà Nội"], [None, "TP. Hà Nội"]]


@pytest.mark.parametrize("other", OTHER_PROVINCES)
@pytest.mark.parametrize("own", [[None, "Tỉnh Lạng Sơn"], [None, "Toàn tỉnh"],
                                 ["II", "TỈNH LẠNG SƠN"]])
def test_b02_another_provinces_block_opening_the_sheet_is_not_the_provinces(tmp_path,
                                                                             other, own):
    """Lạng Sơn's B02: `Tỉnh Cao Bằng` over `1 | 100`, `2 | 50`, then `Tỉnh Lạng Sơn` over
    `1 | 1700`, `2 | 800`: a person reads Lạng Sơn's money alone. Before, any `Tỉnh …` was
    the province's own heading and Cao Bằng's sources were stored beside Lạng Sơn's (each
    source twice). Cao Bằng's rows are notes, with an error at its heading."""
    result = _read(tmp_path, _province(_b02((other, {"1": 100, "2": 50}),
                                            (own, {"1": 1700, "2": 800}))))
    assert _funding(result) == [(7, "1", 1700.0), (8, "2", 800.0)]
    (error,) = _errors(result, "B02")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 3)
    assert "another unit" in error["message"]
    assert error["raw_value"].endswith(unicodedata.normalize("NFC", other[1]))
    assert {4, 5} <= _notes(result, "B02")


def test_b02_another_provinces_block_alone_is_not_read(tmp_path):
    """A province's B02 holding only `Tỉnh Cao Bằng` and its sources: before, stored as
    Lạng Sơn's money. Now nothing is read, with an error at the heading."""
    result = _read(tmp_path, _province(_b02(([None, "Tỉnh Cao Bằng"], {"1": 100, "4": 50}))))
    assert not _funding(result)
    (error,) = _errors(result, "B02")
    assert error["row_number"] == 3 and "Tỉnh Cao Bằng" in error["message"]


def test_b02_blocks_per_district_with_another_province_as_their_own_are_refused(tmp_path):
    """Neighbour: `Huyện Lộc Bình`, `Huyện Cao Lộc` blocks, then `Tỉnh Cao Bằng` over the
    sum: Cao Bằng's block is not Lạng Sơn's own, so no block is the province's: refused, as
    blocks of parts alone are, with Cao Bằng's error besides (as before, by the rule of
    another unit's block after the unit's rows; now the parts' rule agrees)."""
    result = _read(tmp_path, _province(_b02(([None, "Huyện Lộc Bình"], {"1": 1000, "2": 500}),
                                            ([None, "Huyện Cao Lộc"], {"1": 700, "2": 300}),
                                            ([None, "Tỉnh Cao Bằng"], {"1": 1700, "2": 800}))))
    assert not _funding(result)
    messages = [f["message"] for f in _errors(result, "B02")]
    assert any("Tỉnh Cao Bằng" in m for m in messages)
    assert any("own rows" in m for m in messages)


@pytest.mark.parametrize("own", ["Tỉnh Lạng Sơn", "TINH LANG SON", "Toàn tỉnh",
                                 _nfd("Tỉnh Lạng Sơn")])
def test_b02_the_provinces_own_heading_is_read_as_before(tmp_path, own):
    """Good data near the rule: `Tỉnh Lạng Sơn` (or `Toàn tỉnh`) over the sources, then
    `Huyện Lộc Bình` repeating them: the province's read, the district's kept with an
    info, as before; no error."""
    result = _read(tmp_path, _province(_b02(([None, own], {"1": 1700, "2": 800}),
                                            ([None, "Huyện Lộc Bình"], {"1": 1000}))))
    assert _funding(result) == [(4, "1", 1700.0), (5, "2", 800.0)]
    assert not _errors(result, "B02")


def test_b04_a_districts_report_heading_its_province_is_not_the_districts(tmp_path):
    """Lộc Bình's B04: `Tỉnh Lạng Sơn` over the province's `TY_LE_HO_NGHEO | 3,2`, then
    `Huyện Lộc Bình` over its own: before, both were the district's (`Tỉnh …` its own
    heading). Only the district's name is its own: the province's row is not read. It
    gives what the district's own rows give, a comparison: kept as a note with the parts'
    info at its heading (its figures not the district's without them:
    ``test_ingest_headings_of_other_places.py``)."""
    body = [["", "Tỉnh Lạng Sơn", None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 4, 3.2, 3],
            ["", "Huyện Lộc Bình", None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_CODED, body)))
    assert _targets(result) == [(6, "TY_LE_HO_NGHEO", 4.8)]
    assert [(f["row_number"], f["severity"]) for f in result.flags
            if f["sheet"] == "B04_ChiTieu" and "that unit's figures" in f["message"]] == [
        (3, "info")]


PLACE_HEADER = ["Địa phương", "Mã chỉ số", "Chỉ số", "Giá trị"]


@pytest.mark.parametrize("other", ["Tỉnh Cao Bằng", "TỈNH CAO BẰNG", _nfd("Tinh Cao Bang")])
def test_b06_a_place_column_naming_another_province_is_not_the_provinces(tmp_path, other):
    """Lạng Sơn's B06 with a `Địa phương` column: `Tỉnh Cao Bằng | SO_XA | 100` (its cell
    blank on the next row), `Toàn tỉnh | SO_XA | 181`, `Lộc Bình | SO_XA | 12`. Before,
    Cao Bằng's row was read as the province's own (100 communes beside 181). Now the
    province's row alone is read; Cao Bằng's rows are notes with an error each."""
    body = [[other, "SO_XA", "Số xã", 100], [None, "SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 60],
            ["Toàn tỉnh", "SO_XA", "Số xã", 181],
            ["Lộc Bình", "SO_XA", "Số xã", 12]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", PLACE_HEADER, body)))
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]] == [
        ("SO_XA", 181.0)]
    errors = _errors(result, "B06")
    assert [e["row_number"] for e in errors] == [4, 5]
    assert all(e["column_name"].startswith("A") and "Cao Bằng" in e["message"]
               for e in errors)


def test_b06_a_former_province_of_another_in_a_2026_report_is_another_unit(tmp_path):
    """Lạng Sơn's 2026 B06 with `Tỉnh Bắc Giang` (a province before 1 July 2025, merged
    into Bắc Ninh) over figures, then `Toàn tỉnh`: not Lạng Sơn's own, nor a part of it.
    Before, read as the province's own (`Tỉnh …`). Now not read, with an error."""
    body = [[None, "Tỉnh Bắc Giang", None], ["SO_XA", "Số xã", 50],
            [None, "Toàn tỉnh", None], ["SO_XA", "Số xã", 65]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body),
                                       year=2026), "2026/unit.xlsx")
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]] == [
        ("SO_XA", 65.0)]
    (error,) = _errors(result, "B06")
    assert error["row_number"] == 4
