"""Folders of CSV files as programs and English-set PCs export them: a quote typed at the start
of a cell and never closed, a B02 laid out across whose works rows hold a figure read two ways
(``"1,000"``, ``1.000``, or ``1,000`` not put in quotes), and ThongTin's `Ngày lập` saved month
first by Excel set to English. A person reads each file as its lines show it; the intake reads
what can be told and flags the rest."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, thongtin, write


def _folder(tmp_path: Path, sheets: list[OfficeSheet]) -> Path:
    """The sheets as Excel's "Save as CSV" writes them (commas, figures shown as typed)."""
    return write(tmp_path / "raw" / "2023" / "office", sheets)


def _read(folder: Path) -> FileResult:
    return read_submission(folder, "2023/office", "sha-office")


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    """The file ``name`` with ``old`` typed as ``new``, once, as a hand in Notepad edits it."""
    path = folder / f"{name}.csv"
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, (old, text)
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def _flags(result: FileResult, code: str, sheet: str | None = None) -> list[dict]:
    return [f for f in result.flags
            if f["check_code"] == code and (sheet is None or f["sheet"] == sheet)]


def _funding(result: FileResult) -> dict[str, tuple[float | None, bool]]:
    return {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]}


# --------------------------------------------------------------------------- open quotes

COMMUNES = ["06532", "06541", "06544"]


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_commune_name_opening_a_quote_never_closed_keeps_the_communes_after_it(
        tmp_path, separator):
    """`2,06541,"Xã Yên Khoái,5002,x,…` (the closing quote forgotten): read with the quote
    opening a quoted cell, every line after it was that commune's name (Xã Khánh Xuân, the
    total row, the signatures) and Xã Khánh Xuân vanished without a flag. A person reads a
    stray quote and the lines as rows: the three communes, an error naming the file, the
    sheet, the line and the cell."""
    folder = _folder(tmp_path, district_sheets())
    if separator == ";":
        path = folder / "B01_TieuChiXa.csv"
        path.write_text(path.read_text("utf-8").replace(",", ";"), "utf-8")
    _edit(folder, "B01_TieuChiXa", f"{separator}Xã Yên Khoái{separator}",
          f'{separator}"Xã Yên Khoái{separator}')
    result = _read(folder)
    communes = result.tables["b01_communes"]
    assert [c["commune_code"] for c in communes] == COMMUNES
    assert communes[1]["commune_name"] == "Xã Yên Khoái"
    assert communes[2]["commune_name"] == "Xã Khánh Xuân"
    met: dict[str, int] = {}
    for mark in result.tables["b01_marks"]:
        met[mark["commune_code"]] = met.get(mark["commune_code"], 0) + (mark["mark"] == "met")
    assert met == {"06532": 19, "06541": 15, "06544": 12}
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B01_TieuChiXa")
    assert (flag["severity"], flag["row_number"], flag["column_name"]) == ("error", 8, "C")
    assert flag["raw_value"] == '"Xã Yên Khoái'
    assert flag["message"].startswith("B01_TieuChiXa.csv line 8 (B01_TieuChiXa row 8")
    assert "runs to the end of the file" in flag["message"]
    assert "lines 9-12" in flag["message"]


def _b02_quoted_by_a_program(folder: Path, notes: dict[str, str]) -> None:
    """B02 as a program writes it that puts every cell in quotes but does not double a quote
    inside one (``"Cống D=5""`` for the note ``Cống D=5"``), with a `Ghi chú` column."""
    rows = [("1", "Ngân sách trung ương", "1200,5"), ("2", "Ngân sách địa phương", "800"),
            ("6", "Cộng đồng dân cư", "350"), ("6.1", "Tiền mặt", "200"),
            ("6.2", "Hiến đất", "100"), ("6.3", "Ngày công lao động", "50")]
    lines = ['"BIỂU 02: NGUỒN VỐN HUY ĐỘNG","","",""',
             '"Mã nguồn","Nguồn vốn","Giá trị (triệu đồng)","Ghi chú"']
    lines += [",".join(f'"{c}"' for c in (*row, notes.get(row[0], ""))) for row in rows]
    (folder / "B02_NguonVon.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


AMOUNTS = {"1": (1200.5, False), "2": (800.0, False), "6": (350.0, False),
           "6.1": (200.0, False), "6.2": (100.0, False), "6.3": (50.0, False)}


def test_a_b02_note_put_in_quotes_without_doubling_its_inch_mark_keeps_the_sources_after_it(
        tmp_path):
    """`"2","Ngân sách địa phương","800","Cống D=5""`: the doubled quote read as a quote inside
    the cell, the note ran on over the lines after it up to the next quote (`"6"`), and
    sources 2 and 6 were lost without a flag. Each line is a row: every source is read, with
    an error at the note."""
    folder = _folder(tmp_path, district_sheets())
    _b02_quoted_by_a_program(folder, {"2": 'Cống D=5"'})
    result = _read(folder)
    assert _funding(result) == AMOUNTS
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (flag["severity"], flag["row_number"], flag["column_name"]) == ("error", 4, "D")
    assert "B02_NguonVon.csv line 4" in flag["message"]
    assert "followed by other text than a separator" in flag["message"]


def test_a_quote_left_open_in_a_note_and_closed_rows_below_by_another_keeps_the_rows(
        tmp_path):
    """`Vượt kế hoạch` typed `"Vượt kế hoạch` in row 2's note and `Cống D=5"` in row 6.1's:
    the first quote opens a cell the second closes, right before the line's end, as Excel
    would; sources 6 and 6.1 were that note, lost without a flag. A line of the note with as
    many cells as the file's rows is a row: each line is read as one."""
    folder = _folder(tmp_path, district_sheets())
    rows = ["BIỂU 02: NGUỒN VỐN HUY ĐỘNG,,,", "Mã nguồn,Nguồn vốn,Giá trị (triệu đồng),Ghi chú",
            '1,Ngân sách trung ương,"1200,5",', '2,Ngân sách địa phương,800,"Vượt kế hoạch',
            "6,Cộng đồng dân cư,350,", '6.1,Tiền mặt,200,Cống D=5"', "6.2,Hiến đất,100,",
            "6.3,Ngày công lao động,50,"]
    (folder / "B02_NguonVon.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    result = _read(folder)
    assert _funding(result) == AMOUNTS
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (flag["row_number"], flag["column_name"], flag["raw_value"]) == (
        4, "D", '"Vượt kế hoạch')
    assert "'6,Cộng đồng dân cư,350,', has 4 cells" in flag["message"]


def test_a_thongtin_value_opening_a_quote_never_closed_keeps_the_keys_after_it(tmp_path):
    """`Tên huyện,"Huyện Lộc Bình`: the year, the date and the revision were the district's
    name, and the file was refused (ThongTin has no 'Năm báo cáo'). The keys are read."""
    folder = _folder(tmp_path, district_sheets(ThongTin=thongtin(2023, signed=dt.date(
        2024, 1, 10))))
    _edit(folder, "ThongTin", ",Huyện Lộc Bình", ',"Huyện Lộc Bình')
    _edit(folder, "ThongTin", "Lần gửi,1", "Lần gửi,2")
    result = _read(folder)
    assert result.reject_reason is None
    identity = result.identity
    assert (identity.district_code, identity.year, identity.revision, identity.signed_on) == (
        "188", 2023, 2, dt.date(2024, 1, 10))
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "ThongTin")
    assert (flag["row_number"], flag["column_name"]) == (7, "B")


def test_cells_a_spreadsheet_wrote_over_several_lines_are_read_as_before(tmp_path):
    """Excel writes a cell holding line breaks in quotes over several lines: a header typed
    on two lines (`Giá trị` / `(triệu đồng)`), a note whose lines hold commas. They are one
    cell each, as before, with no flag."""
    sheets = district_sheets()
    b02 = next(s for s in sheets if s.name == "B02_NguonVon")
    b02.rows[1] = ["Mã nguồn", "Nguồn vốn", "Giá trị\n(triệu đồng)", "Ghi chú"]
    b02.rows[3] = [*b02.rows[3], "Đường trục xã, thôn Bản Chắt,\nNhà văn hóa, chợ, sân"]
    b02.rows[4] = [*b02.rows[4], 'Gồm "tiền mặt"\r\nvà hiện vật']
    result = _read(_folder(tmp_path, sheets))
    assert _funding(result) == AMOUNTS
    assert not _flags(result, "UNPARSEABLE_VALUE")
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["sheet"] == "B02_NguonVon"}
    assert "Đường trục xã, thôn Bản Chắt,\nNhà văn hóa, chợ, sân" in notes


# --------------------------------------------------------------------------- B02 across

SOURCES = ["Ngân sách trung ương", "Ngân sách địa phương", "Vốn lồng ghép", "Tín dụng",
           "Doanh nghiệp", "Cộng đồng dân cư", "Khác"]


def _across(tmp_path: Path, works: list[list], *, total: list | None = None,
            sources: list[str] = SOURCES, path: str = "") -> Path:
    """B02 with the sources as columns and one row per work, no `Tổng số` column."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Nội dung", *sources], *works, *([total] if total else [])]
    sheets = district_sheets(B02=OfficeSheet("B02_NguonVon", rows))
    if path:
        return write(tmp_path / "raw" / path, sheets)
    return _folder(tmp_path, sheets)


WORKS = [[1, "Giao thông", 1000, 300, None, None, None, 200, None],
         [2, "Trường học", 200, 500, None, None, None, 150, None]]
ACROSS = {"1": (1200.0, False), "2": (800.0, False), "3": (None, False), "4": (None, False),
          "5": (None, False), "6": (350.0, False), "7": (None, False)}


@pytest.mark.parametrize("typed", ['"1,000"', "1.000"])
def test_b02_across_a_works_figure_read_two_ways_in_a_comma_csv_is_not_summed(
        tmp_path, typed):
    """`1,Giao thông,"1,000",300,…` in a comma CSV without a total row, no figure of the sheet
    showing the style: 1,000 is 1000 to an English reader and 1 to a Vietnamese one. Before,
    `"1,000"` was summed as 1 (source 1: 201) and `1.000` as 1000, without a flag; the rule
    for such figures (``_doubt``) keeps source 1 out, an error at the cell."""
    folder = _across(tmp_path, WORKS)
    _edit(folder, "B02_NguonVon", "1,Giao thông,1000,", f"1,Giao thông,{typed},")
    result = _read(folder)
    assert _funding(result) == {**ACROSS, "1": (None, True)}
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (flag["severity"], flag["row_number"], flag["raw_value"]) == (
        "error", 4, typed.strip('"'))
    assert flag["column_name"].startswith("C") and "thousand times apart" in flag["message"]


@pytest.mark.parametrize("spelled", [
    lambda s: s.upper(), lambda s: "".join(
        c for c in unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(c)), lambda s: unicodedata.normalize("NFD", s)])
def test_b02_across_a_works_figure_split_by_its_unquoted_comma_keeps_every_sum_out(
        tmp_path, spelled):
    """`1,Giao thông,1,000,300,…`: the row has a cell more than the header and is set aside
    (an error of its own). Before, the columns were summed without it: source 1 was 200 and
    source 2 500, stored as read. Without that row no column's sum is known: none is read,
    one error says why. Headers in capitals, without diacritics or decomposed alike."""
    folder = _across(tmp_path, WORKS, sources=[spelled(s) for s in SOURCES])
    _edit(folder, "B02_NguonVon", "1,Giao thông,1000,", "1,Giao thông,1,000,")
    result = _read(folder)
    assert _funding(result) == {code: (None, True) for code in ACROSS}
    flags = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert [f["row_number"] for f in flags] == [4, 4]
    assert "not put in quotes" in flags[0]["message"]
    assert "no total row" in flags[1]["message"] and "are not read" in flags[1]["message"]


def test_b02_across_with_a_total_row_reads_it_beside_a_works_row_set_aside(tmp_path):
    """The same split row under a total row: a person reads each source in the total row.
    Before, the rows left were added up against it and, not adding up, every source with
    money was unread; the total row is read, the split row's error stands."""
    total = [None, "Tổng cộng", 1200, 800, None, None, None, 350, None]
    folder = _across(tmp_path, WORKS, total=total)
    _edit(folder, "B02_NguonVon", "1,Giao thông,1000,", "1,Giao thông,1,000,")
    result = _read(folder)
    assert _funding(result) == ACROSS
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert flag["row_number"] == 4 and "not put in quotes" in flag["message"]


def test_b02_across_works_figures_in_english_style_are_summed_in_that_style(tmp_path):
    """`"1,000"` beside `"2,500.5"` (commas grouping thousands, a dot marking decimals): the
    sheet is typed in English style, and 1,000 is 1000 (SHEET_LAYOUT info naming the row).
    Before, 1 was summed."""
    works = [[1, "Giao thông", "1,000", 300, None, None, None, 200, None],
             [2, "Trường học", 200, "2,500.5", None, None, None, 150, None]]
    result = _read(_across(tmp_path, works))
    assert _funding(result) == {**ACROSS, "2": (2800.5, False)}
    assert not _flags(result, "UNPARSEABLE_VALUE")
    (info,) = [f for f in _flags(result, "SHEET_LAYOUT", "B02_NguonVon")
               if "English style" in f["message"]]
    assert "row 4 C (Ngân sách trung ương): '1,000'" in info["message"]


def test_b02_across_in_a_workbook_sums_english_text_figures_in_that_style(tmp_path):
    """An .xlsx whose works figures are text in English style (`1,000`, `2,500.5`): before,
    `1,000` was summed as 1; it is 1000, as in a sheet of sources as rows."""
    works = [[1, "Giao thông", "1,000", 300, None, None, None, 200, None],
             [2, "Trường học", 200, "2,500.5", None, None, None, 150, None]]
    path = _across(tmp_path, works, path="2023/office.xlsx")
    result = read_submission(path, "2023/office.xlsx", "sha-office")
    assert _funding(result) == {**ACROSS, "2": (2800.5, False)}


@pytest.mark.parametrize(("typed", "first"), [
    ('"1,000"', 201.5),  # beside `"200,5"`: the sheet types decimal commas, 1,000 is 1
    ("1000", 1200.5)])   # nothing read two ways
def test_b02_across_figures_whose_reading_is_known_are_summed_as_before(
        tmp_path, typed, first):
    works = [[1, "Giao thông", 1000, 300, None, None, None, 200, None],
             [2, "Trường học", 200.5, 500, None, None, None, 150, None]]
    folder = _across(tmp_path, works)
    _edit(folder, "B02_NguonVon", "1,Giao thông,1000,", f"1,Giao thông,{typed},")
    result = _read(folder)
    assert _funding(result) == {**ACROSS, "1": (pytest.approx(first), False)}
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_b02_across_in_a_semicolon_csv_reads_figures_in_vietnamese_style_as_before(tmp_path):
    """Semicolons are what Excel set to a decimal comma saves: `1.000` is 1000 there."""
    folder = _across(tmp_path, WORKS)
    path = folder / "B02_NguonVon.csv"
    path.write_text(path.read_text("utf-8").replace(",", ";").replace(
        "1;Giao thông;1000;", "1;Giao thông;1.000;"), "utf-8")
    result = _read(folder)
    assert _funding(result) == ACROSS
    assert not _flags(result, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- Ngày lập


def _dated(tmp_path: Path, signed: str, recognized: str, *, key: str = "Ngày lập"
           ) -> FileResult:
    """A district's CSV folder whose ThongTin gives `Ngày lập` as ``signed`` and whose B03
    product was recognised on ``recognized``, both as the files show them."""
    folder = _folder(tmp_path, district_sheets(ThongTin=thongtin(2023)))
    _edit(folder, "ThongTin", "Ngày lập,10/01/2024", f"{key},{signed}")
    _edit(folder, "B03_OCOP", "15/06/2023", recognized)
    return _read(folder)


@pytest.mark.parametrize("key", ["Ngày lập", "NGÀY LẬP", "Ngay lap",
                                 unicodedata.normalize("NFD", "Ngày lập")])
def test_ngay_lap_saved_month_first_by_an_english_excel_is_read_so(tmp_path, key):
    """`Ngày lập,1/10/2024` beside a B03 date `6/15/2023` (a 15th month day first): the folder
    writes its dates month first, and `1/10/2024` is 10 January. Before, 1 October 2024,
    without a flag; a warning now says how it was read."""
    result = _dated(tmp_path, "1/10/2024", "6/15/2023", key=key)
    assert result.identity.signed_on == dt.date(2024, 1, 10)
    (flag,) = [f for f in _flags(result, "SHEET_LAYOUT", "ThongTin")]
    assert (flag["severity"], flag["row_number"], flag["raw_value"]) == (
        "warning", 9, "1/10/2024")
    assert "'6/15/2023' in B03_OCOP row 4" in flag["message"]
    assert "read as 10/01/2024, not 01/10/2024" in flag["message"]
    assert not _flags(result, "UNPARSEABLE_VALUE", "ThongTin")


@pytest.mark.parametrize("recognized", ["6/5/2023", "6/15/2023"])
def test_ngay_lap_that_can_only_be_month_first_is_read_so(tmp_path, recognized):
    """`Ngày lập,10/31/2024`: no 31st month; before, not read (UNPARSEABLE_VALUE, no signing
    date). With no date of the folder written day first, it is 31 October 2024 (info)."""
    result = _dated(tmp_path, "10/31/2024", recognized)
    assert result.identity.signed_on == dt.date(2024, 10, 31)
    (flag,) = _flags(result, "SHEET_LAYOUT", "ThongTin")
    assert flag["severity"] == "info" and "read as 31/10/2024" in flag["message"]
    assert not _flags(result, "UNPARSEABLE_VALUE", "ThongTin")


@pytest.mark.parametrize(("signed", "recognized", "read"), [
    ("1/10/2024", "6/5/2023", dt.date(2024, 10, 1)),  # no date shows a style: day first
    ("10/01/2024", "15/06/2023", dt.date(2024, 1, 10)),  # the folder writes day first
    ("1/10/2024", "15/06/2023", dt.date(2024, 10, 1)),
    ("13/01/2024", "6/15/2023", dt.date(2024, 1, 13)),  # day first only
    ("10/10/2024", "6/15/2023", dt.date(2024, 10, 10)),  # alike either way
    ("10 tháng 01 năm 2024", "6/15/2023", dt.date(2024, 1, 10))])
def test_ngay_lap_read_as_before_where_nothing_shows_month_first(
        tmp_path, signed, recognized, read):
    """The intake reads a date typed in numbers day first, as written in Vietnam, where the
    files show nothing else (B03's dates follow the same rule): `1/10/2024` alone is 1
    October, as before, with no flag."""
    result = _dated(tmp_path, signed, recognized)
    assert result.identity.signed_on == read
    assert not _flags(result, "SHEET_LAYOUT", "ThongTin")
    assert not _flags(result, "UNPARSEABLE_VALUE", "ThongTin")


def test_ngay_lap_month_first_only_in_a_folder_writing_day_first_stays_unread(tmp_path):
    """`10/31/2024` beside `15/06/2023`: the folder writes both ways; not read, as before."""
    result = _dated(tmp_path, "10/31/2024", "15/06/2023")
    assert result.identity.signed_on is None
    assert not _flags(result, "SHEET_LAYOUT", "ThongTin")
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "ThongTin")
    assert flag["raw_value"] == "10/31/2024"


def test_ngay_lap_typed_as_text_in_a_workbook_is_read_day_first_as_before(tmp_path):
    """A workbook keeps its dates as dates: `1/10/2024` typed as text beside a B03 date
    `6/15/2023` typed as text is a person's typing, day first."""
    sheets = district_sheets(ThongTin=thongtin(2023, signed=None))
    info = sheets[0]
    info.rows[info.find(dt.date(2024, 1, 10))[0]][1] = "1/10/2024"
    b03 = next(s for s in sheets if s.name == "B03_OCOP")
    b03.rows[-1][6] = "6/15/2023"
    path = write(tmp_path / "raw" / "2023" / "office.xlsx", sheets)
    result = read_submission(path, "2023/office.xlsx", "sha-office")
    assert result.identity.signed_on == dt.date(2024, 10, 1)
    assert not _flags(result, "SHEET_LAYOUT", "ThongTin")
