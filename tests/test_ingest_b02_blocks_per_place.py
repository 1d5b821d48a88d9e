"""A B02 given place by place: a province's sources in a block under each district's heading
(`Huyện Lộc Bình`, `Huyện Cao Lộc`), a district's under each commune's (`Xã Mẫu Sơn`, `Xã
Tú Mịch`), with or without the unit's own block (`Toàn tỉnh`, `Toàn huyện`, or under no
heading) (docs/ingest.md, "What the intake understands").

A person reads the reporting unit's own sources alone: a district's money is not the
province's. Each test builds its own workbook (``tests/office.py``) and checks that only the
unit's own block is read, the parts' blocks kept as notes with an info, that a sheet with no
own block feeds nothing and says why, and that B02 headings naming no place (works,
projects, ``Xã hội hóa``, a plan and what was done) read as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, thongtin, write

HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
SOURCES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "4": "Vốn tín dụng",
           "6": "Cộng đồng dân cư"}
# Two parts' blocks: the second gives the credit (source 4) the first does not.
FIRST = {"1": 1000, "2": 500}
SECOND = {"1": 700, "2": 300, "4": 5000}
OWN = {"1": 1700, "2": 800, "4": 5000, "6": 120}


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/b02.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _block(heading: list | None, amounts: dict[str, int]) -> list[list]:
    """``heading`` (its code and name cells, the amount blank) over a source row each."""
    rows = [[code, SOURCES[code], amount] for code, amount in amounts.items()]
    return [[*heading, None], *rows] if heading is not None else rows


def _b02(*blocks: list[list]) -> OfficeSheet:
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], HEADER]
    for block in blocks:
        rows += block
    return OfficeSheet("B02_NguonVon", rows)


def _province(b02: OfficeSheet) -> list[OfficeSheet]:
    return [thongtin(2023, level="Tỉnh", district=None), b02]


def _funding(result: FileResult) -> list[tuple[str | None, float | None]]:
    return [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables.get("b02_funding", [])]


def _flags(result: FileResult, severity: str | None = None) -> list[dict]:
    return [f for f in result.flags if f.get("sheet") == "B02_NguonVon"
            and (severity is None or f["severity"] == severity)]


def _unmapped_rows(result: FileResult) -> set[int]:
    return {c["row_number"] for c in result.tables.get("unmapped_cells", [])
            if c["sheet"] == "B02_NguonVon"}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


DISTRICT_HEADINGS = [
    ([None, "Huyện Lộc Bình"], [None, "Huyện Cao Lộc"]),
    ([None, "HUYỆN LỘC BÌNH"], [None, "HUYỆN CAO LỘC"]),
    ([None, _nfd("Huyện Lộc Bình")], [None, _nfd("Huyện Cao Lộc")]),
    ([None, "Huyen Loc Binh"], [None, "Huyen Cao Loc"]),
    (["1", "Huyện Lộc Bình"], ["2", "Huyện Cao Lộc"]),
    (["I", "Lộc Bình"], ["II", "Cao Lộc"]),
    ([None, "UBND huyện Lộc Bình"], [None, "H. Cao Lộc"]),
]


@pytest.mark.parametrize(("first", "second"), DISTRICT_HEADINGS)
def test_a_provinces_b02_in_blocks_per_district_alone_is_refused(tmp_path, first, second):
    """`Huyện Lộc Bình` over 1 | 1000, 2 | 500, then `Huyện Cao Lộc` over 1 | 700, 2 | 300,
    4 | 5000: a person reads two districts' money and no figure of the province's. Before,
    the six rows (and the headings, as rows without a code) were stored as the province's
    sources with no flag, and downstream source 4 (given under Cao Lộc alone) was counted as
    the province's whole credit. Which block is the province's cannot be told: the sheet
    is not read, with a SHEET_LAYOUT error naming the headings; its cells are kept."""
    result = _read(tmp_path, _province(_b02(_block(first, FIRST), _block(second, SECOND))))
    assert _funding(result) == []
    (error,) = _flags(result, "error")
    assert error["check_code"] == "SHEET_LAYOUT"
    assert "no block is the province's own" in error["message"]
    label = unicodedata.normalize("NFC", " ".join(c for c in first if c))
    assert f"'{label}' (row 3)" in unicodedata.normalize("NFC", error["message"])
    assert set(range(3, 10)) <= _unmapped_rows(result)


@pytest.mark.parametrize(("first", "second"), DISTRICT_HEADINGS[:4])
@pytest.mark.parametrize("own", [[None, "Toàn tỉnh"], [None, "TOAN TINH"],
                                 ["III", "Tỉnh Lạng Sơn"], [None, _nfd("Toàn tỉnh")]])
@pytest.mark.parametrize("own_first", [False, True])
def test_a_provinces_b02_with_its_own_block_reads_it_alone(tmp_path, first, second, own,
                                                           own_first):
    """The districts' blocks and the province's own under `Toàn tỉnh` (or `Tỉnh Lạng Sơn`),
    before or after them: a person reads the province's 1700, 800, 5000 and 120. Before,
    every block was stored as the province's (source 1 three times with three amounts, not
    counted downstream). Only the own block is read; each district's rows are notes with
    an info naming its heading."""
    parts = [*_block(first, FIRST), *_block(second, SECOND)]
    mine = _block(own, OWN)
    result = _read(tmp_path, _province(_b02(mine, parts) if own_first else _b02(parts, mine)))
    assert _funding(result) == [(code, float(amount)) for code, amount in OWN.items()]
    assert not _flags(result, "error")
    infos = [f for f in _flags(result, "info") if "that unit's figures" in f["message"]]
    assert len(infos) == 2


def test_a_provinces_b02_with_its_own_rows_under_no_heading_reads_them_alone(tmp_path):
    """The province's sources first, under no heading, then `Huyện Lộc Bình` and `Huyện Cao
    Lộc` over theirs: the rows under no heading are the province's; the districts' blocks
    are notes with an info, source 4 of Cao Lộc no longer the province's credit."""
    own = {"1": 1700, "2": 800, "6": 120}
    result = _read(tmp_path, _province(_b02(_block(None, own),
                                            _block([None, "Huyện Lộc Bình"], FIRST),
                                            _block([None, "Huyện Cao Lộc"], SECOND))))
    assert _funding(result) == [(code, float(amount)) for code, amount in own.items()]
    assert not _flags(result, "error")
    assert set(range(6, 13)) <= _unmapped_rows(result)


COMMUNE_HEADINGS = [
    ([None, "Xã Mẫu Sơn"], [None, "Xã Tú Mịch"]),
    ([None, "XÃ MẪU SƠN"], [None, "XÃ TÚ MỊCH"]),
    ([None, _nfd("Xã Mẫu Sơn")], [None, _nfd("Xã Tú Mịch")]),
    (["A", "Xa Mau Son"], ["B", "Xa Tu Mich"]),
]


@pytest.mark.parametrize(("first", "second"), COMMUNE_HEADINGS)
def test_a_districts_b02_in_blocks_per_commune_alone_is_refused(tmp_path, first, second):
    """A district's B02 giving its sources commune by commune, `Xã Mẫu Sơn` then `Xã Tú
    Mịch`: no block is the district's. Before, Mẫu Sơn's block was stored as the district's
    sources and Tú Mịch's set aside as another unit's (the message saying the district's
    own rows above it were read). The sheet is not read, with a SHEET_LAYOUT error."""
    result = _read(tmp_path, district_sheets(B02=_b02(_block(first, FIRST),
                                                      _block(second, SECOND))))
    assert _funding(result) == []
    (error,) = _flags(result, "error")
    assert error["check_code"] == "SHEET_LAYOUT"
    assert "no block is the district's own" in error["message"]


@pytest.mark.parametrize(("first", "second"), COMMUNE_HEADINGS)
@pytest.mark.parametrize("own", [[None, "Toàn huyện"], ["III", "HUYỆN LỘC BÌNH"]])
def test_a_districts_b02_with_its_own_block_after_the_communes_reads_it_alone(
        tmp_path, first, second, own):
    """The communes' blocks, then the district's own under `Toàn huyện` (or its own name):
    the district's sources are read, the communes' kept as notes with an info each."""
    result = _read(tmp_path, district_sheets(B02=_b02(
        _block(first, FIRST), _block(second, SECOND), _block(own, OWN))))
    assert _funding(result) == [(code, float(amount)) for code, amount in OWN.items()]
    assert not _flags(result, "error")
    assert len([f for f in _flags(result, "info") if "that unit's figures" in f["message"]]) == 2


def test_a_districts_b02_commune_heading_with_more_words_after_its_rows_is_a_part(tmp_path):
    """The district's sources, then `Xã Mẫu Sơn (đạt chuẩn năm 2023)` over the commune's,
    the credit (5000) among them: the heading names the commune, its block is the commune's
    money. Before, it was read as the district's (the credit counted as the district's).
    The district's rows are read, the commune's kept as notes with an info."""
    own = {"1": 1200, "2": 800, "6": 350}
    result = _read(tmp_path, district_sheets(B02=_b02(
        _block(None, own), _block([None, "Xã Mẫu Sơn (đạt chuẩn năm 2023)"], SECOND))))
    assert _funding(result) == [(code, float(amount)) for code, amount in own.items()]
    assert [f["row_number"] for f in _flags(result, "info")
            if "that unit's figures" in f["message"]] == [6]


# --------------------------------------------------------------------------- neighbours


@pytest.mark.parametrize(("first", "second"), [
    (["I", "Công trình khởi công mới năm 2023"], ["II", "Công trình chuyển tiếp"]),
    (["I", "Dự án đường giao thông xã Mẫu Sơn"], ["II", "Dự án nhà văn hóa thôn"]),
    ([None, "Xã hội hóa"], [None, "XÃ HỘI HÓA (tiếp)"]),
])
def test_a_provinces_b02_sections_naming_no_place_are_read_as_before(tmp_path, first, second):
    """Neighbour: sections per work or project (`Công trình …`, `Dự án …`) or under `Xã
    hội hóa` name no place: every source is read as listed, as before (a source repeated
    is left to DUPLICATE_ROW downstream)."""
    result = _read(tmp_path, _province(_b02(_block(first, FIRST), _block(second, SECOND))))
    assert [code for code, _ in _funding(result) if code] == ["1", "2", "1", "2", "4"]
    assert not [f for f in _flags(result) if "that unit's figures" in f["message"]
                or "own rows" in f["message"]]


def test_a_provinces_b02_plan_and_result_sections_are_read_as_before(tmp_path):
    """Neighbour: `I. KẾ HOẠCH NĂM 2023` then `II. THỰC HIỆN NĂM 2023` over the same
    sources: the result is read, the plan kept as notes with an info, as before."""
    result = _read(tmp_path, _province(_b02(_block(["I", "KẾ HOẠCH NĂM 2023"], FIRST),
                                            _block(["II", "THỰC HIỆN NĂM 2023"], SECOND))))
    assert _funding(result) == [("1", 700.0), ("2", 300.0), ("4", 5000.0)]
    assert not _flags(result, "error")


def test_a_provinces_b02_across_by_district_is_read_as_before(tmp_path):
    """Neighbour: the sources across, a row per district and `Toàn tỉnh`: each source is
    read from the province's total row, as before."""
    rows = [["BIỂU 02"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Đơn vị", "Ngân sách trung ương", "Ngân sách địa phương"],
            [1, "Huyện Lộc Bình", 1000, 500], [2, "Huyện Cao Lộc", 700, 300],
            [None, "Toàn tỉnh", 1700, 800]]
    result = _read(tmp_path, _province(OfficeSheet("B02_NguonVon", rows)))
    assert sorted(_funding(result)) == [("1", 1700.0), ("2", 800.0)]
    assert not _flags(result, "error")


def test_a_districts_b02_neighbours_block_after_its_rows_is_still_another_units(tmp_path):
    """Neighbour: the district's sources, then `Xã Mẫu Sơn` (bare) or a neighbour over
    another block: the block is set aside with the error naming another unit, as before
    (the parts' rule does not take a block pasted under the district's own rows)."""
    own = {"1": 1200, "2": 800, "6": 350}
    result = _read(tmp_path, district_sheets(B02=_b02(
        _block(None, own), _block([None, "Xã Mẫu Sơn"], SECOND))))
    assert _funding(result) == [(code, float(amount)) for code, amount in own.items()]
    (error,) = _flags(result, "error")
    assert error["check_code"] == "UNPARSEABLE_VALUE" and error["row_number"] == 6
    assert "another unit than the one reporting" in error["message"]
