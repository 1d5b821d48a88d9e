"""Blocks pasted under the year's rows with no heading of the year's own above them: a B01's
communes, then last year's list or the plan under `NĂM 2022`, `Cùng kỳ năm 2022`, `Danh
sách xã đăng ký đạt chuẩn năm 2024`; a district's B02, B04 or B06 figures, then another
unit's under `HUYỆN ĐÌNH LẬP`, `Xã Mẫu Sơn`, `Tỉnh Cao Bằng` (docs/ingest.md, "What the
intake understands").

A person reads the year's rows, the reporting unit's, alone. Each test builds its own
workbook (``tests/office.py``) and checks that the rows under such a heading feed nothing and
a flag at the heading says why, and that headings grouping the year's rows, and a province's
blocks per district, read as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import COMMUNES, OfficeSheet, b01_two_row_header, district_sheets, thongtin, write


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/after.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, sheet: str, severity: str | None = None) -> list[dict]:
    return [f for f in result.flags if (f.get("sheet") or "").startswith(sheet)
            and (severity is None or f["severity"] == severity)]


def _notes(result: FileResult, sheet: str) -> set[int]:
    """The rows whose cells are kept as notes (raw.unmapped_cells)."""
    return {c["row_number"] for c in result.tables["unmapped_cells"]
            if c["sheet"].startswith(sheet) and c["row_kind"] == "note"}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- B01

# Two communes of Lộc Bình not in the year's list, and the year's three with last year's
# marks (two criteria fewer) and status years.
OTHER_COMMUNES = [("06535", "Xã Tú Mịch", 10, None, None), ("06538", "Xã Lợi Bác", 9, None, None)]
LAST_YEARS = [(code, name, met - 2, ntm, advanced) for code, name, met, ntm, advanced in COMMUNES]


def _b01_then(heading: str, communes: list[tuple]) -> OfficeSheet:
    """The office's B01 (``b01_two_row_header``: the year's three communes under no heading,
    rows 7-9), then a heading row (10) in the name's column over ``communes`` (from row 11),
    then the sheet's total."""
    sheet = b01_two_row_header()
    total = sheet.find("Tổng cộng")[0]
    block: list[list] = [[None, None, heading]]
    for k, (code, name, met, ntm, advanced) in enumerate(communes, 1):
        marks = ["x" if c < met else None for c in range(19)]
        block.append([k, code, name, 4000 + k, *marks, met, ntm, advanced, None, None])
    sheet.rows[total:total] = block
    return sheet


def _communes(result: FileResult) -> list[tuple[int, str, int]]:
    return [(r["row_number"], r["commune_code"], r["reported_count"])
            for r in result.tables["b01_communes"]]


YEARS_COMMUNES = [(7, "06532", 19), (8, "06541", 15), (9, "06544", 12)]


@pytest.mark.parametrize("heading", [
    "NĂM 2022", "Cùng kỳ năm 2022", "II. Năm 2022", _nfd("Kết quả năm 2022"), "nam 2022",
    "Số liệu cùng kỳ năm trước"])
@pytest.mark.parametrize("communes", [OTHER_COMMUNES, LAST_YEARS], ids=["other", "same"])
def test_b01_the_years_communes_then_a_heading_of_another_year_are_not_the_years(
        tmp_path, heading, communes):
    """The year's communes under no heading, then `NĂM 2022` over last year's list (other
    communes, or the same with last year's marks): a person reads the three communes of
    2023. Before, the rows under the heading were stored as the year's communes too (a
    commune added, or each commune twice). They are notes, with an error at the heading,
    as in B02-B06."""
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, communes)))
    assert _communes(result) == YEARS_COMMUNES
    (error,) = _flags(result, "B01", "error")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 10)
    assert error["raw_value"] == unicodedata.normalize("NFC", heading)
    assert "not of the reporting year 2023" in error["message"]
    assert set(range(11, 11 + len(communes))) <= _notes(result, "B01")


@pytest.mark.parametrize("heading", [
    "KẾ HOẠCH NĂM 2024", "Danh sách xã đăng ký đạt chuẩn năm 2024",
    "DANH SACH CAC XA PHAN DAU DAT CHUAN NTM NANG CAO NAM 2024",
    _nfd("Kế hoạch xã đạt chuẩn nông thôn mới năm 2024")])
def test_b01_the_plans_list_under_the_years_communes_is_not_the_years(tmp_path, heading):
    """The year's communes, then a list of those registered to reach the standard next
    year (`Danh sách xã đăng ký đạt chuẩn năm 2024`, the same communes again): a person
    reads the year's three. Before, a list so headed was stored as the year's communes
    (each twice), and one headed `KẾ HOẠCH NĂM 2024` was kept out with an info only. Both
    are kept as notes with an error at the heading naming the plan, as in B02-B06."""
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, LAST_YEARS)))
    assert _communes(result) == YEARS_COMMUNES
    (error,) = _flags(result, "B01", "error")
    assert error["row_number"] == 10 and "heads the figures of a plan" in error["message"]
    assert not _flags(result, "B01", "info")
    assert {11, 12, 13} <= _notes(result, "B01")


def test_b01_whose_every_commune_is_under_the_plans_heading_is_not_read(tmp_path):
    """`KẾ HOẠCH NĂM 2024` over every commune of a 2023 B01: nothing of the year's. Not
    read, as before (now with the error at the heading of the other sheets)."""
    sheet = b01_two_row_header()
    sheet.rows.insert(sheet.find("06532")[0], [None, None, "KẾ HOẠCH NĂM 2024"])
    result = _read(tmp_path, district_sheets(B01=sheet))
    assert not result.tables.get("b01_communes")
    assert [f["row_number"] for f in _flags(result, "B01", "error")] == [7]


@pytest.mark.parametrize("heading", [
    "Các xã đạt chuẩn NTM", "Xã chưa đạt chuẩn", "Nhóm 1", "Huyện Lộc Bình (cũ)",
    "Xã được công nhận năm 2020", "Xã đăng ký đạt chuẩn NTM năm 2024", "Năm 2019"])
def test_b01_groups_of_the_years_communes_under_the_first_are_read_as_before(tmp_path,
                                                                            heading):
    """Neighbour: a heading under the first communes that groups the year's communes (`Các
    xã đạt chuẩn NTM`, `Nhóm 1`, a former district, those recognised in a year, `Năm 2019`
    over communes each recognised in 2019) heads communes of the year: all five are read,
    as before, and no heading is said to head another year."""
    group = [(code, name, met, 2019, None) for code, name, met, _, _ in OTHER_COMMUNES]
    result = _read(tmp_path, district_sheets(B01=_b01_then(heading, group)))
    assert [c[1] for c in _communes(result)] == ["06532", "06541", "06544", "06535", "06538"]
    assert not [f for f in _flags(result, "B01") if "heads the figures" in f["message"]]


def test_b01_part_of_the_year_under_the_years_communes_is_read_as_before(tmp_path):
    """Neighbour: `6 tháng đầu năm 2023` under the year's communes was already kept as
    notes with an info (the older B01 rule); it stays so, with no second flag."""
    result = _read(tmp_path, district_sheets(B01=_b01_then("6 tháng đầu năm 2023",
                                                           LAST_YEARS)))
    assert _communes(result) == YEARS_COMMUNES
    (flag,) = [f for f in _flags(result, "B01") if f["row_number"] == 10]
    assert (flag["severity"], flag["check_code"]) == ("info", "UNKNOWN_COLUMN")


# --------------------------------------------------------------------------- B02

B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
SOURCES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "4": "Vốn tín dụng",
           "6": "Cộng đồng dân cư"}
OWN = {"1": 1200, "2": 800, "6": 350}
ANOTHER = {"1": 900, "2": 700, "4": 5000, "6": 100}


def _b02_then(heading: list, header_again: bool = False) -> OfficeSheet:
    """The unit's sources (rows 3-6, with their total), then ``heading`` (row 7: code and
    name cells) over another block of sources, the header printed again under it or not."""
    def block(amounts: dict[str, int]) -> list[list]:
        return [[code, SOURCES[code], amount] for code, amount in amounts.items()] + [
            [None, "Tổng cộng", sum(amounts.values())]]
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], B02_HEADER, *block(OWN), [*heading, None],
            *([B02_HEADER] if header_again else []), *block(ANOTHER)]
    return OfficeSheet("B02_NguonVon", rows)


def _funding(result: FileResult) -> list[tuple[str | None, float | None]]:
    return [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]]


@pytest.mark.parametrize("heading", [
    ["HUYỆN ĐÌNH LẬP", None], [None, "Xã Mẫu Sơn"], [None, "Huyện Cao Lộc (cũ)"],
    ["II", "UBND huyện Cao Lộc"], [None, "Tỉnh Cao Bằng"], [None, _nfd("Huyện Đình Lập:")],
    [None, "HUYEN DINH LAP"], [None, "TP. Lạng Sơn"]])
@pytest.mark.parametrize("header_again", [False, True])
def test_b02_another_units_block_under_the_districts_sources_is_not_read(
        tmp_path, heading, header_again):
    """A district's sources, then `HUYỆN ĐÌNH LẬP` (a neighbour's) or `Xã Mẫu Sơn` (one of
    its communes) over another block: a person reads the district's 2350 million. Before,
    the block was stored as the district's sources (source 4 = 5000 counted), the only flag
    an error at the heading's code cell. The block is kept as notes, with an error at the
    heading naming the unit."""
    result = _read(tmp_path, district_sheets(B02=_b02_then(heading, header_again)))
    assert _funding(result) == [("1", 1200.0), ("2", 800.0), ("6", 350.0)]
    (error,) = _flags(result, "B02", "error")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 7)
    assert "another unit than the one reporting" in error["message"]
    assert {7, 8, 9, 10, 11} <= _notes(result, "B02")


@pytest.mark.parametrize("heading", [[None, "Xã hội hóa"], ["II", "Huyện Lộc Bình"]])
def test_b02_headings_naming_no_other_unit_are_read_as_before(tmp_path, heading):
    """Neighbour: a heading naming no unit (`Xã hội hóa`) or the district itself (`II.
    Huyện Lộc Bình`) heads no other unit's block: every source is read as before (the
    repeated sources are left to DUPLICATE_ROW downstream). A commune named with more
    words (`Xã Mẫu Sơn (đạt chuẩn năm 2023)`), once here, heads the commune's block, a
    part of the district (test_ingest_b02_blocks_per_place.py)."""
    result = _read(tmp_path, district_sheets(B02=_b02_then(heading)))
    codes = [code for code, _ in _funding(result) if code is not None]
    assert codes == ["1", "2", "6", "1", "2", "4", "6"]
    assert not [f for f in _flags(result, "B02") if "another unit" in f["message"]]


@pytest.mark.parametrize("heading", [[None, "Huyện Đình Lập"], ["II", "Xã Mẫu Sơn"]])
def test_b02_a_provinces_block_of_its_district_is_read_as_before(tmp_path, heading):
    """Neighbour: in a province's B02, a block under one of its districts or communes is a
    part of the province, not another unit: no error. It is that part's money
    (``layout._figures_of_a_part``, as in B04 and B06): the province's own rows are read,
    the part's kept as notes with an info. Before, every source was read, and the part's
    credit (source 4, given in its block alone) counted as the province's."""
    sheets = district_sheets(ThongTin=thongtin(2023, level="Tỉnh", district=None),
                             B02=_b02_then(heading))
    result = _read(tmp_path, [s for s in sheets if not s.name.startswith("B05")])
    codes = [code for code, _ in _funding(result) if code is not None]
    assert codes == ["1", "2", "6"]
    assert not [f for f in _flags(result, "B02") if "another unit" in f["message"]]
    assert [f["check_code"] for f in _flags(result, "B02", "info")
            if "that unit's figures" in f["message"]] == ["UNKNOWN_COLUMN"]


# --------------------------------------------------------------------------- B04, B06

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]
B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]


def _b04(heading: str, then: list[list]) -> OfficeSheet:
    rows = [["BIỂU 04"], B04_HEADER,
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 1, 2],
            [None, heading], *then]
    return OfficeSheet("B04_ChiTieu", rows)


def _b06(heading: str) -> OfficeSheet:
    rows = [["BIỂU 06"], B06_HEADER, ["SO_XA", "Số xã", 96],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 40], [None, heading, None],
            ["SO_XA", "Số xã", 11], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 7]]
    return OfficeSheet("B06_TongHop", rows)


def _province(**sheets: OfficeSheet) -> list[OfficeSheet]:
    return [thongtin(2023, level="Tỉnh", district=None), *sheets.values()]


@pytest.mark.parametrize("heading", ["HUYỆN ĐÌNH LẬP", "Tỉnh Cao Bằng", _nfd("huyện cao lộc")])
def test_b04_another_units_block_under_the_districts_is_not_read(tmp_path, heading):
    """A district's B04, then `HUYỆN ĐÌNH LẬP` over the poor households' share, which the
    district's rows do not give: a person reads the district's one target. Before, the
    neighbour's 6.5 % was stored as the district's (the parts' rule reads a block of
    indicators given nowhere else as the unit's own section). It is not read, with an
    error at the heading, as in B02."""
    then = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 7, 6.5, 6]]
    result = _read(tmp_path, district_sheets(B04=_b04(heading, then)))
    assert [r["indicator_code"] for r in result.tables["b04_targets"]] == ["XA_DAT_CHUAN_MOI"]
    (error,) = _flags(result, "B04", "error")
    assert error["row_number"] == 4 and "another unit" in error["message"]


def test_b06_another_provinces_block_is_not_the_provinces(tmp_path):
    """A province's B06, then `Tỉnh Cao Bằng` over a neighbour's figures: before, `Tỉnh …`
    was taken for the province's own heading and both blocks were stored (96 and 11
    communes). The neighbour's block is not read, with an error at the heading."""
    result = _read(tmp_path, _province(B06=_b06("Tỉnh Cao Bằng")))
    values = [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]]
    assert values == [("SO_XA", 96.0), ("SO_XA_DAT_CHUAN", 40.0)]
    (error,) = _flags(result, "B06", "error")
    assert error["row_number"] == 5 and "Tỉnh Cao Bằng" in error["message"]


@pytest.mark.parametrize("heading", ["Huyện Lộc Bình", "II. TP. Lạng Sơn"])
def test_b06_a_provinces_district_block_is_read_as_before(tmp_path, heading):
    """Neighbour: a province's own district under its rows is a part (`_figures_of_a_part`):
    the province's figures read, the district's kept as notes with an info, as before."""
    result = _read(tmp_path, _province(B06=_b06(heading)))
    values = [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]]
    assert values == [("SO_XA", 96.0), ("SO_XA_DAT_CHUAN", 40.0)]
    assert not _flags(result, "B06", "error")
    assert [f["check_code"] for f in _flags(result, "B06")] == ["UNKNOWN_COLUMN"]


def test_b04_a_districts_commune_block_is_read_as_before(tmp_path):
    """Neighbour: a district's B04 giving a commune's figures again under `Xã Mẫu Sơn` is
    its own commune's part, read by the parts' rule as before: an info, the district's
    target read."""
    then = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1]]
    result = _read(tmp_path, district_sheets(B04=_b04("Xã Mẫu Sơn", then)))
    assert [(r["indicator_code"], r["actual"]) for r in result.tables["b04_targets"]] == [
        ("XA_DAT_CHUAN_MOI", 1.0)]
    assert not _flags(result, "B04", "error")
