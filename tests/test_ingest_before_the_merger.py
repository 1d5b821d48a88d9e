"""2025 reports giving figures of before the reorganisation beside the year's.

From 1 July 2025 communes were merged (two-tier local government). A province's 2025 report
lists the new communes, and offices often add what the former communes had (`xã cũ`,
`trước sắp xếp`) or what the first half of the year gave (`đến 30/6/2025`, `6 tháng đầu
năm`): in a column, a group of columns, a section of rows or a whole sheet under its title.
None of it is the new commune's status at the end of the reporting year; a person reads the
year's figures beside it, or none. One vocabulary says which words mark it
(``vocabulary.another_period``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, b02_sheet, simple_sheet, thongtin
from tests.test_ingest_office import _flags, _read, _status

NUMBERS = [str(n) for n in range(1, 20)]
STATUS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
B06_HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]


def _province(year: int = 2025) -> OfficeSheet:
    return thongtin(year, level="Tỉnh", province="20", province_name="Lạng Sơn", district=None)


def _marks(met: int) -> list[str | None]:
    return ["x"] * met + [None] * (19 - met)


def _row(k: int | str, code: str, name: str, met: int, ntm: int | None = None,
         advanced: int | None = None) -> list:
    return [k, code, name, *_marks(met), met, ntm, advanced, None]


def _b01(header: list[list], body: list[list], merges: list | None = None,
         title: str = "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM",
         name: str = "B01_TieuChiXa") -> OfficeSheet:
    return OfficeSheet(name, [[title], [], *header, *body], merges or [])


def _read_b01(tmp_path: Path, *sheets: OfficeSheet, file: str = "p.xlsx") -> FileResult:
    return _read(tmp_path, [_province(), *sheets], f"2025/{file}")


def _communes(result: FileResult) -> list[tuple]:
    met: dict[int, int] = {}
    for m in result.tables.get("b01_marks", []):
        met[m["row_number"]] = met.get(m["row_number"], 0) + (m["mark"] == "met")
    return [(c["row_number"], c["commune_code"], c["reported_count"], met.get(c["row_number"]),
             c["ntm_year"], c["advanced_year"])
            for c in result.tables.get("b01_communes", [])]


def _infos(result: FileResult) -> list[str]:
    return [f["message"] for f in result.flags if f["severity"] == "info"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- status columns

BODY = [[1, "06541", "Xã Mẫu Sơn", *_marks(15), 15, 2019, 2022, None],
        [2, "06565", "Xã Khuất Xá", *_marks(12), 12, 2021, None, None]]


@pytest.mark.parametrize("ntm, advanced", [
    ("Năm đạt chuẩn NTM (xã cũ)", "Năm đạt NTM nâng cao (xã cũ)"),
    ("Năm đạt chuẩn NTM trước sắp xếp", "Năm đạt NTM nâng cao trước sắp xếp"),
    ("NĂM ĐẠT CHUẨN NTM (TRƯỚC KHI SẮP XẾP)", "NĂM ĐẠT NTM NÂNG CAO (TRƯỚC KHI SẮP XẾP)"),
    ("Năm đạt chuẩn NTM trước sáp nhập", "Năm đạt NTM nâng cao trước hợp nhất"),
    ("Năm đạt chuẩn NTM (Mã xã cũ)", "Năm đạt NTM nâng cao (ĐVHC cũ)"),
    (_nfd("Năm đạt chuẩn NTM (xã cũ)"), _nfd("Năm đạt NTM nâng cao (xã cũ)")),
    ("Nam dat chuan NTM (xa cu)", "Nam dat NTM nang cao (xa cu)"),
])
def test_status_years_headed_as_the_former_communes_are_not_read(tmp_path, ntm, advanced):
    """`Năm đạt chuẩn NTM (xã cũ)` in a 2025 list of the new communes: the year the former
    commune reached NTM, not the merged commune's status at the year's end (a commune merged
    from one NTM and two not is not NTM). Before, 2019 and 2022 were stored as the new
    commune's status years. Now neither column is read (an info names each), and the status
    is unknown, not 'not reached'."""
    header = [["STT", "Mã xã", "Tên xã", *NUMBERS, "Số tiêu chí đạt", ntm, advanced,
               "Năm đạt NTM kiểu mẫu"]]
    result = _read_b01(tmp_path, _b01(header, BODY))
    assert _status(result, "B01")["status"] == "read"
    assert _communes(result) == [(4, "06541", 15, 15, None, None),
                                 (5, "06565", 12, 12, None, None)]
    unread = {c["status_years_unreadable"] for c in result.tables["b01_communes"]}
    assert unread == {"ntm_year, advanced_year"}
    said = [m for m in _infos(result) if "before the reorganisation" in m]
    assert len(said) == 2 and "column X" in said[0] and "column Y" in said[1]


def test_status_years_of_the_former_communes_leave_neither_year_read(tmp_path):
    """`Năm xã cũ đạt chuẩn NTM | Năm xã cũ đạt NTM nâng cao`: both the former communes'.
    Before, the first was set aside (no column of the template) but the second stored as the
    new commune's NTM nâng cao year."""
    header = [["STT", "Mã xã", "Tên xã", *NUMBERS, "Số tiêu chí đạt",
               "Năm xã cũ đạt chuẩn NTM", "Năm xã cũ đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]]
    result = _read_b01(tmp_path, _b01(header, BODY))
    assert [c[4:] for c in _communes(result)] == [(None, None), (None, None)]


def test_status_years_beside_the_former_communes_names_are_read_as_before(tmp_path):
    """Neighbour: `Tên xã cũ` beside the template's columns is set aside as before, a new
    commune's name with the former ones in brackets is read with its code, and the status
    columns headed as the template's (or as the old criteria set's, `Bộ tiêu chí cũ`, or
    after the merger) are the year's."""
    header = [["STT", "Mã xã", "Tên xã", "Tên xã cũ", *NUMBERS, "Số tiêu chí đạt",
               "Năm đạt chuẩn NTM (theo Bộ tiêu chí cũ)", "Năm đạt NTM nâng cao (sau sắp xếp)",
               "Năm đạt NTM kiểu mẫu"]]
    body = [[1, "06541", "Xã Mẫu Sơn (Mẫu Sơn, Yên Khoái, Tú Mịch)", "Mẫu Sơn, Yên Khoái",
             *_marks(19), 19, 2019, 2022, None],
            [2, "06565", "Xã Khuất Xá", "Tam Gia, Khuất Xá", *_marks(12), 12, None, None, None]]
    result = _read_b01(tmp_path, _b01(header, body))
    assert _communes(result) == [(4, "06541", 19, 19, 2019, 2022), (5, "06565", 12, 12, None, None)]
    assert any("column D 'Tên xã cũ' names the communes as they were before" in m
               for m in _infos(result))


# --------------------------------------------------------------------------- criteria, counts


def _two_row(groups: list[tuple[str, int]], after: list[str]) -> tuple[list[list], list]:
    """A header of ``STT | Mã xã | Tên xã``, groups each merged over its criteria 1..n, then
    ``after``, each over two rows."""
    top, low, merges = ["STT", "Mã xã", "Tên xã"], [None, None, None], []
    for label, n in groups:
        merges.append((2, len(top), 2, len(top) + n - 1))
        top += [label, *[None] * (n - 1)]
        low += NUMBERS[:n]
    top += after
    low += [None] * len(after)
    merges += [(2, j, 3, j) for j in [0, 1, 2, *range(len(top) - len(after), len(top))]]
    return [top, low], merges


@pytest.mark.parametrize("group", [
    "Kết quả thực hiện tiêu chí của xã trước sắp xếp", "KẾT QUẢ CỦA CÁC XÃ CŨ",
    _nfd("Trước sáp nhập"), "Ket qua cua xa truoc sap xep"])
def test_criteria_under_a_group_of_the_former_communes_are_not_read(tmp_path, group):
    """The criteria 1..19 under `Kết quả thực hiện tiêu chí của xã trước sắp xếp`: the former
    communes' marks, as those under `Kết quả đến 30/6/2025` are part of the year's. Before,
    they were stored as the year's marks. Now they are not read (an info per column); with
    no criteria of the year left, the sheet is not read (an error)."""
    header, merges = _two_row([(group, 19)], ["Số tiêu chí đạt", *STATUS])
    body = [[1, "06541", "Xã Mẫu Sơn", *_marks(19), 19, 2019, None, None],
            [2, "06565", "Xã Khuất Xá", *_marks(16), 16, None, None, None]]
    result = _read_b01(tmp_path, _b01(header, body, merges))
    assert _status(result, "B01")["status"] == "unusable"
    assert not result.tables.get("b01_marks") and not result.tables.get("b01_communes")
    assert sum("is criterion" in m and "before the reorganisation" in m
               for m in _infos(result)) == 19


@pytest.mark.parametrize("before, after", [
    ("Trước sắp xếp", "Sau sắp xếp"), ("Kết quả đến 30/6/2025", "Kết quả đến 31/12/2025")])
def test_criteria_of_the_former_communes_beside_the_years_leave_the_years_read(
        tmp_path, before, after):
    """`Trước sắp xếp` over 1..19 then `Sau sắp xếp` over 1..19: the second group is the
    merged communes' marks, read; the first is not. Before, the sheet was refused (two
    columns for each criterion). `Kết quả đến 30/6/2025 | Kết quả đến 31/12/2025` is read from
    the year's end as before."""
    header, merges = _two_row([(before, 19), (after, 19)], ["Số tiêu chí đạt", *STATUS])
    body = [[1, "06541", "Xã Mẫu Sơn", *_marks(19), *_marks(15), 15, 2019, None, None],
            [2, "06565", "Xã Khuất Xá", *_marks(16), *_marks(12), 12, None, None, None]]
    result = _read_b01(tmp_path, _b01(header, body, merges))
    assert _communes(result) == [(5, "06541", 15, 15, 2019, None),
                                 (6, "06565", 12, 12, None, None)]


@pytest.mark.parametrize("count", [
    "Số tiêu chí đạt (xã cũ)", "SỐ TC ĐẠT TRƯỚC SẮP XẾP", _nfd("Số tiêu chí đạt trước sáp nhập"),
    "So tieu chi dat (xa cu)"])
def test_a_count_of_the_former_communes_is_not_the_reported_count(tmp_path, count):
    """`Số tiêu chí đạt (xã cũ)` beside the new communes' marks: the former commune's count
    (19) is not the new commune's (15). Before, it was stored as the reported count. Now it
    is not read (an info), and the count is computed from the marks alone."""
    header = [["STT", "Mã xã", "Tên xã", count, *NUMBERS, *STATUS]]
    body = [[1, "06541", "Xã Mẫu Sơn", 19, *_marks(15), 2019, None, None],
            [2, "06565", "Xã Khuất Xá", 16, *_marks(12), None, None, None]]
    result = _read_b01(tmp_path, _b01(header, body))
    assert _communes(result) == [(4, "06541", None, 15, 2019, None),
                                 (5, "06565", None, 12, None, None)]
    assert any("column D" in m and "count of criteria met" in m for m in _infos(result))


def test_counts_before_and_after_the_merger_read_the_one_after(tmp_path):
    """`Số TC đạt trước sáp nhập | 1..19 | Số TC đạt sau sáp nhập`: the count after the merger
    is the year's. Before, neither was read (two columns for the count, an error)."""
    header = [["STT", "Mã xã", "Tên xã", "Số TC đạt trước sáp nhập", *NUMBERS,
               "Số TC đạt sau sáp nhập", *STATUS]]
    body = [[1, "06541", "Xã Mẫu Sơn", 19, *_marks(15), 15, 2019, None, None],
            [2, "06565", "Xã Khuất Xá", 16, *_marks(12), 12, None, None, None]]
    result = _read_b01(tmp_path, _b01(header, body))
    assert _communes(result) == [(4, "06541", 15, 15, 2019, None),
                                 (5, "06565", 12, 12, None, None)]
    assert not [f for f in result.flags
                if f["severity"] == "error" and f["sheet"] == "B01_TieuChiXa"]


# --------------------------------------------------------------------------- titles

FORMER_ROWS = [_row(1, "06565", "Xã Khuất Xá", 12), _row(2, "06577", "Xã Thống Nhất", 11)]
B01_HEADER = [["STT", "Mã xã", "Tên xã", *NUMBERS, "Số tiêu chí đạt", *STATUS]]


@pytest.mark.parametrize("title", [
    "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM ĐẾN 30/6/2025 (TRƯỚC SẮP XẾP ĐƠN VỊ HÀNH "
    "CHÍNH)",
    "BIỂU 01: KẾT QUẢ 6 THÁNG ĐẦU NĂM 2025",
    "BIỂU 01: KẾT QUẢ THỰC HIỆN TIÊU CHÍ CỦA CÁC XÃ TRƯỚC SẮP XẾP",
    _nfd("Biểu 01: kết quả thực hiện tiêu chí của các xã cũ"),
    "Bieu 01: ket qua quy III nam 2025",
])
def test_a_b01_titled_as_part_of_the_year_or_the_former_communes_is_not_read(tmp_path, title):
    """A B01 whose title says it holds the first half of the year or the communes before the
    reorganisation: a person takes none of its rows for the communes at the year's end.
    Before, its communes were stored as the year's. Now the sheet is not read, with an error
    naming the title's cell."""
    result = _read_b01(tmp_path, _b01(B01_HEADER, FORMER_ROWS, title=title))
    assert _status(result, "B01")["status"] == "unusable"
    assert not result.tables.get("b01_communes")
    error = next(f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error")
    assert " A1)" in error["message"] and "another period" in error["message"]
    assert unicodedata.normalize("NFC", title) in error["message"]


@pytest.mark.parametrize("title", [
    "BIỂU 02: NGUỒN VỐN HUY ĐỘNG 6 THÁNG ĐẦU NĂM 2025",
    "BIỂU 02: NGUỒN VỐN HUY ĐỘNG ĐẾN 30/6/2025 (TRƯỚC SẮP XẾP)",
    _nfd("Biểu 02: nguồn vốn huy động quý II năm 2025"),
])
def test_a_b02_titled_as_part_of_the_year_is_not_read(tmp_path, title):
    """B02's money of the first half of 2025 is not the year's money. Before, stored as the
    year's; now the sheet is not read, with an error naming the title's cell."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], rows_above=[[title]])
    result = _read(tmp_path, [_province(), b02], "2025/p.xlsx")
    assert _status(result, "B02")["status"] == "unusable"
    assert not result.tables.get("b02_funding")
    assert any(" A1)" in f["message"] and "another period" in f["message"]
               for f in _flags(result, "SHEET_LAYOUT"))


@pytest.mark.parametrize("title", [
    "BIỂU 06: TỔNG HỢP KẾT QUẢ 6 THÁNG ĐẦU NĂM 2025",
    "BIỂU 06: TỔNG HỢP KẾT QUẢ ĐẾN 30/6/2025 (TRƯỚC SẮP XẾP)",
    "BIEU 06: TONG HOP KET QUA CUA CAC XA TRUOC KHI SAP XEP",
])
def test_a_b06_titled_as_part_of_the_year_or_the_former_communes_is_not_read(tmp_path, title):
    """B06's counts at 30 June, or of the former communes, are not the year-end counts the
    warehouse checks against the communes. Before, stored as the year's; now the sheet is
    not read, with an error naming the title's cell."""
    b06 = simple_sheet("B06_TongHop", B06_HEADER,
                       [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 120]],
                       title=title)
    result = _read(tmp_path, [_province(), b06], "2025/p.xlsx")
    assert _status(result, "B06")["status"] == "unusable"
    assert not result.tables.get("b06_aggregates")
    assert any(" A1)" in f["message"] and "another period" in f["message"]
               for f in _flags(result, "SHEET_LAYOUT"))


@pytest.mark.parametrize("title", [
    "BIỂU 06: TỔNG HỢP KẾT QUẢ XÂY DỰNG NTM NĂM 2025 (SAU SẮP XẾP)",
    "BIỂU 06: TỔNG HỢP KẾT QUẢ ĐẾN 31/12/2025",
    "(Kèm theo Báo cáo số 123/BC-UBND ngày 30/6/2025 của UBND tỉnh Lạng Sơn)",
    "BIỂU 06: SỐ THÔN, KHU DÂN CƯ ĐẠT CHUẨN",
    "BIỂU 06: TỔNG HỢP KẾT QUẢ NĂM 2025 (SỐ LIỆU TÍNH ĐẾN NGÀY 15/12/2025)",
    _nfd("Biểu 06: kết quả năm 2025 (số liệu đến ngày 20 tháng 12 năm 2025)"),
    "BIEU 06: KET QUA NAM 2025, SO LIEU DEN 10/12/2025",
])
def test_a_b06_titled_as_the_year_is_read_as_before(tmp_path, title):
    """Neighbour: a title naming the year, its end, the communes after the merger, a signing
    date, the residential areas (`khu dân cư`, `cư` folded as `cũ` is), or the day in
    December the year's report was closed (`số liệu tính đến ngày 15/12/2025`, as offices
    send it before the deadline) says no other period: the sheet is read as before."""
    b06 = simple_sheet("B06_TongHop", B06_HEADER,
                       [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 120]],
                       title=title)
    result = _read(tmp_path, [_province(), b06], "2025/p.xlsx")
    assert _status(result, "B06")["status"] == "read"
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]] == [
        ("SO_XA", 200.0), ("SO_XA_DAT_CHUAN", 120.0)]


def test_a_second_b01_titled_as_the_first_half_is_set_aside_beside_the_years(tmp_path):
    """`B01 (2)` titled `… ĐẾN 30/6/2025 (TRƯỚC SẮP XẾP)` beside the year's B01: set aside
    with an info as a sheet naming another year is, the year's read alone."""
    year = _b01(B01_HEADER, [_row(1, "06541", "Xã Mẫu Sơn", 19, 2019),
                             _row(2, "06565", "Xã Khuất Xá", 14)])
    half = _b01(B01_HEADER, FORMER_ROWS, name="B01 (2)",
                title="BIỂU 01: KẾT QUẢ ĐẾN 30/6/2025 (TRƯỚC SẮP XẾP)")
    result = _read_b01(tmp_path, year, half)
    assert [c[:2] for c in _communes(result)] == [(4, "06541"), (5, "06565")]
    note = next(f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B01 (2)")
    assert note["severity"] == "info" and "part of the year" in note["message"]


# --------------------------------------------------------------------------- sections

YEAR_ROWS = [_row(1, "06541", "Xã Mẫu Sơn", 19, 2019, 2022), _row(2, "06565", "Xã Khuất Xá", 14),
             _row(3, "06577", "Xã Thống Nhất", 13)]
YEARS_COMMUNES = [("06541", 19, 19, 2019, 2022), ("06565", 14, 14, None, None),
                  ("06577", 13, 13, None, None)]


@pytest.mark.parametrize("first, second", [
    ("Kết quả đến 30/6/2025 (trước sắp xếp)", "Kết quả đến 31/12/2025 (sau sắp xếp, từ 01/7/2025)"),
    ("CÁC XÃ TRƯỚC SÁP NHẬP", "CÁC XÃ SAU SÁP NHẬP"),
    ("Kết quả 6 tháng đầu năm 2025", "Kết quả cả năm 2025"),
    ("XÃ TRƯỚC SẮP XẾP", "XÃ SAU SẮP XẾP"),
    (_nfd("các xã cũ"), "Cac xa sau sap xep"),
    ("Kết quả quý II/2025", "NĂM 2025"),
])
def test_a_section_of_the_former_communes_before_the_years_is_kept_as_notes(
        tmp_path, first, second):
    """`I. Kết quả đến 30/6/2025 (trước sắp xếp)` over the former communes, then `II. Kết quả
    đến 31/12/2025` over the new ones: the first section is not the year's communes. Before,
    its rows were stored as communes (a commune twice, its half-year marks first). Now they
    are notes, with an info at the heading, as rows under `NĂM 2024` are."""
    body = [["I", None, first], *FORMER_ROWS, ["II", None, second], *YEAR_ROWS]
    result = _read_b01(tmp_path, _b01(B01_HEADER, body))
    assert [c[1:] for c in _communes(result)] == YEARS_COMMUNES
    info = next(m for m in _infos(result) if "under the heading in C4" in m)
    assert info.startswith("B01_TieuChiXa: rows 5, 6 are")


def test_a_section_of_former_communes_listed_once_after_the_years_is_kept_as_notes(tmp_path):
    """`CÁC XÃ CŨ (trước 01/7/2025) - để đối chiếu` under the year's list, listing a former
    commune whose code no new commune kept: no commune of the year's, though none repeats.
    Before, stored as a commune."""
    body = [*YEAR_ROWS[:2], ["B", None, "CÁC XÃ CŨ (trước 01/7/2025) - để đối chiếu"],
            _row(1, "06577", "Xã Thống Nhất", 11)]
    result = _read_b01(tmp_path, _b01(B01_HEADER, body))
    assert [c[1:] for c in _communes(result)] == YEARS_COMMUNES[:2]
    assert any("row 7 is under the heading in C6" in m for m in _infos(result))


def test_a_b01_whose_every_row_is_under_a_heading_of_the_first_half_is_not_read(tmp_path):
    """`I. Kết quả 6 tháng đầu năm 2025` over every commune: nothing of the year's end, as a
    title saying so. Before, stored as the year's; now the sheet is not read (an error)."""
    body = [["I", None, "Kết quả 6 tháng đầu năm 2025"], *FORMER_ROWS]
    result = _read_b01(tmp_path, _b01(B01_HEADER, body))
    assert _status(result, "B01")["status"] == "unusable"
    assert not result.tables.get("b01_communes")
    assert any("heading in C4" in f["message"] for f in _flags(result, "SHEET_LAYOUT"))


@pytest.mark.parametrize("first, second", [
    ("Huyện Lộc Bình (trước sắp xếp)", "HUYỆN CAO LỘC (CŨ)"),
    ("Xã đạt chuẩn NTM 6 tháng đầu năm", "Xã đạt chuẩn NTM 6 tháng cuối năm"),
    ("NĂM 2024", "Các xã sau sắp xếp"),
])
def test_headings_of_groups_of_the_years_communes_are_read_as_before(tmp_path, first, second):
    """Neighbour: headings naming a former district over its communes (`Huyện Lộc Bình
    (trước sắp xếp)`), or a group of the year's communes (`Xã đạt chuẩn NTM 6 tháng đầu
    năm`: those recognised then), name no period of the rows: every commune is read as
    before. `NĂM 2024` before the year's section is last year's, as before (now also when
    the year's section is headed `Các xã sau sắp xếp`)."""
    body = [["I", None, first], _row(1, "06565", "Xã Khuất Xá", 12),
            ["II", None, second], *YEAR_ROWS]
    result = _read_b01(tmp_path, _b01(B01_HEADER, body))
    communes = [c[1] for c in _communes(result)]
    if first == "NĂM 2024":
        assert communes == ["06541", "06565", "06577"]
    else:
        assert communes == ["06565", "06541", "06565", "06577"]
