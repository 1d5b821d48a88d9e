"""Rows under a heading naming a place other than the reporting unit, in the forms offices
type beyond a unit's bare name with its type (docs/ingest.md, "What the intake understands"):
a commune named with more words or by its name alone (`Xã Mẫu Sơn (đạt chuẩn năm 2023)`,
`Kết quả của xã Mẫu Sơn`, `2. Mẫu Sơn`), a commune of another province (`Xã Đông Anh` in
Lạng Sơn's report), the province as a whole in a district's report (`Toàn tỉnh`, `Tính chung
toàn tỉnh`), the unit's own name in a form the map of the year no longer writes (`Tỉnh Bắc
Ninh` in Bắc Ninh's 2026 report, `Thành phố Hà Nội` as the total row of a B02 across), and
from 2026 a former district of either province merged into the reporting one (`Yên Phong`).

A person reads those rows as the commune's or the province's figures, and the unit's own
name as its own. Before, the other places' figures were stored as the reporting unit's
without a flag, and the unit's own rows under an unfamiliar form of its name were set aside
or counted twice. Each test builds its own workbook (``tests/office.py``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write

B04_CODED = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
             "Kế hoạch năm sau"]
B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
SOURCES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "4": "Vốn tín dụng"}
ACROSS = ["STT", "Tên đơn vị", "Tổng số", "Ngân sách trung ương", "Ngân sách địa phương",
          "Vốn tín dụng", "Cộng đồng dân cư"]


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/unit.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _province(*sheets: OfficeSheet, year: int = 2023, code: str = "20",
              name: str = "Lạng Sơn") -> list[OfficeSheet]:
    return [thongtin(year, level="Tỉnh", district=None, province=code, province_name=name),
            *sheets]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _flags(result: FileResult, sheet: str, severity: str) -> list[dict]:
    return [f for f in result.flags if (f.get("sheet") or "").startswith(sheet)
            and f["severity"] == severity]


def _notes(result: FileResult, sheet: str) -> set[int]:
    """The rows whose cells are kept as notes (raw.unmapped_cells)."""
    return {c["row_number"] for c in result.tables["unmapped_cells"]
            if c["sheet"].startswith(sheet) and c["row_kind"] == "note"}


def _targets(result: FileResult) -> list[tuple[int, str | None, float | None]]:
    return [(r["row_number"], r["indicator_code"], r["actual"])
            for r in result.tables.get("b04_targets", []) if r["indicator_code"]]


def _aggregates(result: FileResult) -> list[tuple[str | None, float | None]]:
    return [(r["indicator_code"], r["value"]) for r in result.tables.get("b06_aggregates", [])]


def _funding(result: FileResult) -> list[tuple[int, str | None, float | None]]:
    return [(r["row_number"], r["source_code"], r["amount_million_vnd"])
            for r in result.tables.get("b02_funding", [])]


def _b04(*body: list) -> OfficeSheet:
    return OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], B04_CODED, *body])


def _b02(*blocks: tuple[str | None, dict[str, int]]) -> OfficeSheet:
    rows: list[list] = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER]
    for heading, amounts in blocks:
        if heading is not None:
            rows.append([None, heading, None])
        rows += [[code, SOURCES[code], amount] for code, amount in amounts.items()]
    return OfficeSheet("B02_NguonVon", rows)


def _heading(label: str | list) -> list:
    """A heading row of B04: its code cell blank (or a section number), its figures blank."""
    cells = label if isinstance(label, list) else ["", label]
    return [*cells, None, None, None, None]


OWN_ROW = ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3]
POOR = ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8]


# --------------------------------------------------------------------------- one commune

COMMUNE_HEADINGS = [
    "Xã Mẫu Sơn (đạt chuẩn năm 2023)", "Xã Mẫu Sơn - đạt chuẩn NTM nâng cao",
    "Xã Mẫu Sơn đạt chuẩn NTM nâng cao năm 2023", "XÃ MẪU SƠN (ĐẠT CHUẨN NĂM 2023)",
    "Xa Mau Son (dat chuan nam 2023)", _nfd("Xã Mẫu Sơn (đạt chuẩn năm 2023)"),
    "Kết quả của xã Mẫu Sơn", "KẾT QUẢ CỦA XÃ MẪU SƠN", "Số liệu xã Mẫu Sơn:",
    "2. Mẫu Sơn", "Mẫu Sơn", "MAU SON", ["II", "Mẫu Sơn"], _nfd("2. Mẫu Sơn"),
    "TT. Na Dương (đạt chuẩn đô thị văn minh)",
]


@pytest.mark.parametrize("heading", COMMUNE_HEADINGS)
def test_b04_a_commune_named_with_more_words_or_its_name_alone_is_not_the_districts(
        tmp_path, heading):
    """Lộc Bình's B04: its `XA_DAT_CHUAN_MOI | 2`, then `Xã Mẫu Sơn (đạt chuẩn năm 2023)`
    (or `Kết quả của xã Mẫu Sơn`, `2. Mẫu Sơn`) over `TY_LE_HO_NGHEO | 8,5`: a person
    reads Mẫu Sơn's share of poor households. Before, only `Xã Mẫu Sơn` alone was a
    commune's heading: these were stored as the district's TY_LE_HO_NGHEO 8.5, no flag.
    Now the commune's row is a note, with an error at the heading naming the commune."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _flags(result, "B04", "error")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert "one commune" in error["message"]
    assert ("Mẫu Sơn" in error["message"]) != ("Na Dương" in error["message"])
    assert 5 in _notes(result, "B04")


def test_b06_a_commune_with_more_words_opening_a_provinces_aggregates(tmp_path):
    """Lạng Sơn's B06 opening with `Kết quả của xã Mẫu Sơn` over `SO_THON_DAT_CHUAN | 5`,
    then `Toàn tỉnh` over `SO_XA | 181`: before, the commune's 5 villages were stored as
    the province's. Only the province's row is read."""
    body = [[None, "Kết quả của xã Mẫu Sơn", None], ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 5],
            [None, "Toàn tỉnh", None], ["SO_XA", "Số xã", 181]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body)))
    assert _aggregates(result) == [("SO_XA", 181.0)]
    (error,) = _flags(result, "B06", "error")
    assert error["raw_value"] == "Kết quả của xã Mẫu Sơn"


def test_b04_a_commune_by_its_name_alone_repeating_the_districts_rows_keeps_the_info(
        tmp_path):
    """Lộc Bình's `TY_LE_HO_NGHEO | 4,8`, then `2. Mẫu Sơn` over its own `TY_LE_HO_NGHEO |
    8,5`: blocks per place. Before, `Mẫu Sơn` named no place and both rows were stored as
    the district's (DUPLICATE_ROW downstream, which is the district's untold). Now the
    commune's row is a note with the parts' info, the district's read; no error."""
    own = ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]
    result = _read(tmp_path, district_sheets(B04=_b04(own, _heading("2. Mẫu Sơn"), POOR)))
    assert _targets(result) == [(3, "TY_LE_HO_NGHEO", 4.8)]
    assert not _flags(result, "B04", "error")
    assert [f["row_number"] for f in _flags(result, "B04", "info")
            if "that unit's figures" in f["message"]] == [4]


@pytest.mark.parametrize("heading", [
    "Lộc Bình", "LỘC BÌNH", "Huyện Lộc Bình", "Toàn huyện", "Xã hội", "II. Xã hội",
    "Các xã", "Xã đạt chuẩn NTM nâng cao", "Xã biên giới", "XÃ BIÊN GIỚI",
    "I. Chỉ tiêu kinh tế", "Dự án đường giao thông xã Mẫu Sơn và xã Tú Mịch"])
def test_b04_headings_naming_the_district_a_group_or_no_single_commune_read_as_before(
        tmp_path, heading):
    """Good data near the rule: the district's own name (`Lộc Bình`, though its town is
    `Thị trấn Lộc Bình`), `Toàn huyện`, a group of indicators or of communes (`Xã hội`,
    `Xã biên giới`, `Xã đạt chuẩn NTM nâng cao`, `Các xã`; `Xã Biên Giới` is a commune's
    name elsewhere too), or a work naming two communes: the rows under them are read as
    before, no error (`Xã Mẫu Sơn và xã Tú Mịch` heads the two communes' figures:
    ``test_ingest_headings_of_communes_and_districts.py``; `Các xã: Mẫu Sơn, Tú Mịch` too:
    ``test_ingest_headings_of_topics_and_lists.py``)."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0), (5, "TY_LE_HO_NGHEO", 8.5)]
    assert not _flags(result, "B04", "error")


def test_b02_a_commune_with_more_words_after_the_districts_sources_alone(tmp_path):
    """Lộc Bình's B02: its sources 1 and 2, then `Xã Mẫu Sơn - đạt chuẩn NTM nâng cao` over
    the credit (source 4, 5000) the district's rows do not give: a person reads Mẫu Sơn's
    money. Before, stored as the district's credit. Now a note, with an error."""
    result = _read(tmp_path, district_sheets(B02=_b02(
        (None, {"1": 1200, "2": 800}), ("Xã Mẫu Sơn - đạt chuẩn NTM nâng cao", {"4": 5000}))))
    assert _funding(result) == [(3, "1", 1200.0), (4, "2", 800.0)]
    (error,) = _flags(result, "B02", "error")
    assert error["row_number"] == 5 and "Xã Mẫu Sơn" in error["message"]


# --------------------------------------------------------------------------- elsewhere


@pytest.mark.parametrize("heading", ["Xã Đông Anh", "XÃ ĐÔNG ANH", "Xa Dong Anh",
                                     _nfd("Xã Đông Anh"), "2. Xã Đông Anh"])
def test_b04_a_commune_of_another_province_is_not_the_districts(tmp_path, heading):
    """Lộc Bình's B04 with `Xã Đông Anh` (a commune of Hà Nội, none of Lạng Sơn's) over
    `TY_LE_HO_NGHEO | 8,5`: a person reads a commune's figures, whichever it is. Before,
    the lookup searched Lạng Sơn's communes only, and the row was stored as the
    district's. Now it is a note, with an error at the heading."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _flags(result, "B04", "error")
    assert error["row_number"] == 4 and "one commune" in error["message"]


def test_b06_a_commune_of_another_province_in_a_provinces_aggregates(tmp_path):
    """Lạng Sơn's B06: `SO_XA | 181`, then `Xã Đông Anh` over `SO_THON_DAT_CHUAN | 9`:
    before, stored as the province's villages. Not read, with an error."""
    body = [["SO_XA", "Số xã", 181], [None, "Xã Đông Anh", None],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 9]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body)))
    assert _aggregates(result) == [("SO_XA", 181.0)]
    (error,) = _flags(result, "B06", "error")
    assert error["raw_value"] == "Xã Đông Anh"


# --------------------------------------------------------------------------- the province

PROVINCE_HEADINGS = ["Toàn tỉnh", "TOÀN TỈNH", "Toan tinh", _nfd("Toàn tỉnh"),
                     "Tính chung toàn tỉnh", "Tổng cộng toàn tỉnh", "Cả tỉnh", "II. Toàn tỉnh",
                     "Tỉnh Lạng Sơn", "Toàn tỉnh Lạng Sơn"]


@pytest.mark.parametrize("heading", PROVINCE_HEADINGS)
def test_b04_the_provinces_block_in_a_districts_targets_is_not_the_districts(tmp_path,
                                                                            heading):
    """Lộc Bình's B04: its `XA_DAT_CHUAN_MOI | 2`, then `Toàn tỉnh` (or `Tính chung toàn
    tỉnh`) over `TY_LE_HO_NGHEO | 8,5`: for a district, the province's figures. Before,
    `Toàn …` was the unit's own heading and the province's share was stored as Lộc Bình's.
    Now a note, with an error at the heading naming the province."""
    result = _read(tmp_path, district_sheets(B04=_b04(OWN_ROW, _heading(heading), POOR)))
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _flags(result, "B04", "error")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert "province" in error["message"]
    assert 5 in _notes(result, "B04")


@pytest.mark.parametrize("heading", ["Toàn tỉnh", "Tính chung toàn tỉnh", "Tỉnh Lạng Sơn"])
def test_b04_the_provinces_block_repeating_the_districts_rows_is_a_comparison(tmp_path,
                                                                             heading):
    """Lộc Bình's `TY_LE_HO_NGHEO | 4,8`, then `Toàn tỉnh` over the province's
    `TY_LE_HO_NGHEO | 8,5` for comparison: before, both stored as the district's (DUPLICATE
    _ROW downstream). Now the district's read, the province's a note with the parts' info;
    no error."""
    own = ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]
    result = _read(tmp_path, district_sheets(B04=_b04(own, _heading(heading), POOR)))
    assert _targets(result) == [(3, "TY_LE_HO_NGHEO", 4.8)]
    assert not _flags(result, "B04", "error")
    assert [f["row_number"] for f in _flags(result, "B04", "info")
            if "that unit's figures" in f["message"]] == [4]


def test_b06_the_provinces_block_opening_a_districts_aggregates(tmp_path):
    """Lộc Bình's B06 opening with `Toàn tỉnh` over `SO_XA | 181`, then `Toàn huyện` over
    its `SO_XA | 12` and `SO_THON_DAT_CHUAN | 60`: before, 181 and 12 both stored as the
    district's. Now the district's read, the province's kept with the parts' info."""
    body = [[None, "Toàn tỉnh", None], ["SO_XA", "Số xã", 181],
            [None, "Toàn huyện", None], ["SO_XA", "Số xã", 12],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 60]]
    result = _read(tmp_path, [*district_sheets(), simple_sheet("B06_TongHop", B06_HEADER, body)])
    assert _aggregates(result) == [("SO_XA", 12.0), ("SO_THON_DAT_CHUAN", 60.0)]
    assert not _flags(result, "B06", "error")


def test_b06_a_place_column_naming_the_province_in_a_districts_report(tmp_path):
    """Lộc Bình's B06 with `Địa phương`: `Toàn huyện | SO_XA | 12`, `Toàn tỉnh | SO_XA |
    181`, `Toàn tỉnh | SO_HUYEN_DAT_CHUAN | 3`: before, every row was the district's own.
    Now the province's SO_XA beside the district's is a comparison (info), its
    SO_HUYEN_DAT_CHUAN, which the district's rows do not give, an error; 12 is read."""
    header = ["Địa phương", "Mã chỉ số", "Chỉ số", "Giá trị"]
    body = [["Toàn huyện", "SO_XA", "Số xã", 12], ["Toàn tỉnh", "SO_XA", "Số xã", 181],
            ["Toàn tỉnh", "SO_HUYEN_DAT_CHUAN", "Số huyện đạt chuẩn", 3]]
    result = _read(tmp_path, [*district_sheets(), simple_sheet("B06_TongHop", header, body)])
    assert _aggregates(result) == [("SO_XA", 12.0)]
    assert [e["row_number"] for e in _flags(result, "B06", "error")] == [6]
    assert [f["row_number"] for f in _flags(result, "B06", "info")
            if "names each row's place" in f["message"]] == [5]


@pytest.mark.parametrize("heading", ["Toàn tỉnh", "Tỉnh Lạng Sơn"])
def test_b02_the_provinces_sources_after_the_districts(tmp_path, heading):
    """Lộc Bình's B02: its sources 1 and 2, then `Toàn tỉnh` over the province's credit
    (source 4) the district's rows do not give: before, stored as Lộc Bình's credit (`Tỉnh
    Lạng Sơn` was already refused). Now a note, with an error."""
    result = _read(tmp_path, district_sheets(B02=_b02(
        (None, {"1": 1200, "2": 800}), (heading, {"4": 9000}))))
    assert _funding(result) == [(3, "1", 1200.0), (4, "2", 800.0)]
    (error,) = _flags(result, "B02", "error")
    assert error["row_number"] == 5


@pytest.mark.parametrize("heading", ["Toàn tỉnh", "TOÀN TỈNH", "Tính chung toàn tỉnh"])
def test_a_provinces_own_toan_tinh_is_read_as_before(tmp_path, heading):
    """Good data near the rule: `Toàn tỉnh` in the province's own report heads its rows,
    as before; `Toàn huyện` in the district's too (above)."""
    body = [[None, "Huyện Lộc Bình", None], ["SO_XA", "Số xã", 12],
            [None, heading, None], ["SO_XA", "Số xã", 181]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body)))
    assert _aggregates(result) == [("SO_XA", 181.0)]
    assert not _flags(result, "B06", "error")


# --------------------------------------------------------------------------- its own name


@pytest.mark.parametrize("own", ["Tỉnh Bắc Ninh", "TỈNH BẮC NINH", _nfd("Tỉnh Bắc Ninh"),
                                 "Thành phố Bắc Ninh"])
def test_b06_2026_the_provinces_name_as_it_was_heads_its_own_rows(tmp_path, own):
    """Bắc Ninh's 2026 B06 (the map now writes `Thành phố Bắc Ninh`): `SO_XA | 99`, then
    `Tỉnh Cao Bằng` over 50, then `Tỉnh Bắc Ninh` over `SO_THON_DAT_CHUAN | 650`: a person
    reads Bắc Ninh's villages. Before, `Tỉnh Bắc Ninh` named no unit of the map and its
    row was set aside under Cao Bằng's heading (as Cao Bằng's). Now it is read."""
    body = [["SO_XA", "Số xã", 99], [None, "Tỉnh Cao Bằng", None], ["SO_XA", "Số xã", 50],
            [None, own, None], ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", 650]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body),
                                       year=2026, code="24", name="Bắc Ninh"),
                   "2026/unit.xlsx")
    assert _aggregates(result) == [("SO_XA", 99.0), ("SO_THON_DAT_CHUAN", 650.0)]
    (error,) = _flags(result, "B06", "error")
    assert error["row_number"] == 5 and "rows 6-6" not in error["message"]


@pytest.mark.parametrize("former", ["Yên Phong", "Huyện Yên Phong", "Huyện Yên Phong (cũ)",
                                    "2. YÊN PHONG", "Lục Nam"])
def test_b06_2026_a_former_district_of_either_merged_province_is_a_part(tmp_path, former):
    """Bắc Ninh's 2026 B06 (the former Bắc Ninh, code 27, and Bắc Giang, code 24, merged
    under code 24): `SO_XA | 99`, then `Yên Phong` (a district of the former Bắc Ninh) over
    its own `SO_XA | 9`. Before, only Bắc Giang's former districts (its code the new one's)
    were the province's parts: `Yên Phong` named no place and 9 was stored beside 99, `Huyện
    Yên Phong` was another unit's (an error). Now a part's block: a note with the parts'
    info, as `Lục Nam` of the former Bắc Giang was."""
    body = [["SO_XA", "Số xã", 99], [None, former, None], ["SO_XA", "Số xã", 9]]
    result = _read(tmp_path, _province(simple_sheet("B06_TongHop", B06_HEADER, body),
                                       year=2026, code="24", name="Bắc Ninh"),
                   "2026/unit.xlsx")
    assert _aggregates(result) == [("SO_XA", 99.0)]
    assert not _flags(result, "B06", "error")
    assert [f["row_number"] for f in _flags(result, "B06", "info")
            if "that unit's figures" in f["message"]] == [5]


def _across(own: str, places: list[list]) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], ACROSS,
                                        [None, own, 2000, 700, 800, 250, 250], *places])


PARTS_2026 = [[1, "Xã Yên Phong", 300, 100, 100, 50, 50],
              [2, "Phường Kinh Bắc", 1700, 600, 700, 200, 200]]
HANOI = [[1, "Huyện Đông Anh", 300, 100, 100, 50, 50],
         [2, "Huyện Gia Lâm", 1700, 600, 700, 200, 200]]
COMMUNES = [[1, "Xã Mẫu Sơn", 300, 100, 100, 50, 50], [2, "Xã Tú Mịch", 1700, 600, 700, 200, 200]]


@pytest.mark.parametrize(("year", "code", "name", "own", "places"), [
    (2026, "24", "Bắc Ninh", "Thành phố Bắc Ninh", PARTS_2026),
    (2026, "24", "Bắc Ninh", "TP Bắc Ninh", PARTS_2026),
    (2026, "24", "Bắc Ninh", "Tỉnh Bắc Ninh", PARTS_2026),
    (2023, "01", "Hà Nội", "Thành phố Hà Nội", HANOI),
    (2023, "01", "Hà Nội", "TP. Hà Nội", HANOI),
    (2023, "01", "Hà Nội", _nfd("THÀNH PHỐ HÀ NỘI"), HANOI)])
def test_b02_across_the_provinces_row_named_in_any_form_is_its_total(
        tmp_path, year, code, name, own, places):
    """A province's B02 with the sources as columns, its own row first, named as the map
    writes it (`Thành phố Hà Nội`, from 2025 `Thành phố Bắc Ninh`) or as it was (`Tỉnh Bắc
    Ninh`), then its parts: a person reads 700 million of the central budget. Before, only
    `Tỉnh …` was the province's row: the others were one more place, every source counted
    twice (1400)."""
    result = _read(tmp_path, _province(_across(own, places), year=year, code=code, name=name),
                   f"{year}/unit.xlsx")
    assert {r[1]: r[2] for r in _funding(result)} == {"1": 700, "2": 800, "4": 250, "6": 250}


@pytest.mark.parametrize("own", ["Huyện Lộc Bình", "HUYỆN LỘC BÌNH", "Lộc Bình"])
def test_b02_across_the_districts_row_named_by_the_district_is_its_total(tmp_path, own):
    """Lộc Bình's B02 across, `Huyện Lộc Bình` over a row per commune: before, the district's
    row was one more place (1400). Now its total (700)."""
    result = _read(tmp_path, district_sheets(B02=_across(own, COMMUNES)))
    assert {r[1]: r[2] for r in _funding(result)} == {"1": 700, "2": 800, "4": 250, "6": 250}


def test_b02_across_a_district_bearing_the_provinces_name_is_a_place(tmp_path):
    """Good data near the rule: `Thành phố Lạng Sơn` (the city, a district) among
    Lạng Sơn's rows, which add up: its row is one of the places, as before."""
    rows = [[1, "Huyện Lộc Bình", 300, 100, 100, 50, 50],
            [2, "Thành phố Lạng Sơn", 1700, 600, 700, 200, 200]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], ACROSS, *rows])
    result = _read(tmp_path, _province(sheet))
    assert {r[1]: r[2] for r in _funding(result)} == {"1": 700, "2": 800, "4": 250, "6": 250}
    assert not _flags(result, "B02", "error")


@pytest.mark.parametrize("work", ["Tỉnh lộ 12", "Dự án nước sạch toàn tỉnh",
                                  "Chỉ tiêu tỉnh giao"])
def test_b02_across_works_naming_the_province_are_read_as_before(tmp_path, work):
    """Good data near the rule: Lộc Bình's B02 across, a row per work, one of them a
    provincial road or a project for the whole province: works, not the province's figures;
    the sources are the rows' sums, as before, no error."""
    rows = [[1, work, 300, 100, 100, 50, 50], [2, "Trường học", 1700, 600, 700, 200, 200]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], ACROSS, *rows])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert {r[1]: r[2] for r in _funding(result)} == {"1": 700, "2": 800, "4": 250, "6": 250}
    assert not _flags(result, "B02", "error")


def test_b02_across_another_provinces_row_is_not_added(tmp_path):
    """Lạng Sơn's B02 across without a total row: `Huyện Lộc Bình` and `Tỉnh Cao Bằng`.
    Before, Cao Bằng's money was added into Lạng Sơn's sources (700 for 100). Now its row is
    a note, with an error; the sources are the other rows' sums."""
    rows = [[1, "Huyện Lộc Bình", 300, 100, 100, 50, 50],
            [2, "Tỉnh Cao Bằng", 1700, 600, 700, 200, 200]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], ACROSS, *rows])
    result = _read(tmp_path, _province(sheet))
    assert {r[1]: r[2] for r in _funding(result)} == {"1": 100, "2": 100, "4": 50, "6": 50}
    (error,) = _flags(result, "B02", "error")
    assert error["row_number"] == 5 and "Cao Bằng" in error["message"]


@pytest.mark.parametrize(("rows", "read", "severity"), [
    ([[None, "Toàn tỉnh", 20000, 7000, 8000, 2500, 2500]], None, "error"),
    ([*COMMUNES, [None, "Tỉnh Lạng Sơn", 20000, 7000, 8000, 2500, 2500]], 700, "error"),
    ([[None, "Toàn huyện", 2000, 700, 800, 250, 250], *COMMUNES,
      [None, "Toàn tỉnh", 20000, 7000, 8000, 2500, 2500]], 700, "info")])
def test_b02_across_the_provinces_row_in_a_districts_report(tmp_path, rows, read, severity):
    """Lộc Bình's B02 across with the province's row (`Toàn tỉnh`, `Tỉnh Lạng Sơn`): before,
    `Toàn tỉnh` alone was read as the district's total (7000), `Tỉnh Lạng Sơn` added to the
    communes' (7700). Now the province's row is a note: beside the district's own total
    (`Toàn huyện`) with an info, else with an error."""
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["ĐVT: triệu đồng"], ACROSS, *rows])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert {r[1]: r[2] for r in _funding(result)}["1"] == read
    row = 4 + len(rows) - 1
    assert [f["row_number"] for f in _flags(result, "B02", severity)
            if "not the reporting unit's" in f["message"]] == [row]
