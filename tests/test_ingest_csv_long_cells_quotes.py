"""Folders of CSV files typed or pasted into by hand: a report's text pasted into one cell
(longer than the csv module reads in one field), a name whose opening quote was never
closed, and a note written over several lines in quotes, one line of which holds as many
commas as a row. A person reads every other cell of such a file, a name without its stray
quote and a note as a note. Before, the long cell refused the whole submission (every sheet
lost), the name was stored with its quote (`"Xã Yên Khoái`), a stray quote on the file's last
row made that row one cell, and the note was cut into rows with an error."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from tests.office import OfficeSheet, district_sheets, write
from tests.test_ingest_csv_exports import _edit, _flags, _funding, _read


def _folder(tmp_path: Path, sheets: list[OfficeSheet] | None = None) -> Path:
    """The sheets as Excel's "Save as CSV" writes them (commas, rows not padded)."""
    return write(tmp_path / "raw" / "2023" / "office", sheets or district_sheets())


def _semicolons(folder: Path) -> None:
    """Every file saved again with semicolons, as Excel set to a decimal comma saves it."""
    limit = csv.field_size_limit(1 << 30)
    try:
        for path in folder.glob("*.csv"):
            rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
            with path.open("w", encoding="utf-8", newline="") as out:
                csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    finally:
        csv.field_size_limit(limit)


AMOUNTS = {"1": (1200.5, False), "2": (800.0, False), "6": (350.0, False),
           "6.1": (200.0, False), "6.2": (100.0, False), "6.3": (50.0, False)}
COMMUNES = ["06532", "06541", "06544"]

# --------------------------------------------------------------------------- a long cell

# A report's text pasted into one cell: commas, line breaks, 150,000 characters.
REPORT = ("Kết quả thực hiện: đường trục xã, thôn Bản Chắt,\nnhà văn hóa, chợ, sân thể thao. "
          * 2_000)


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_note_longer_than_the_csv_readers_field_limit_is_cut_and_the_rest_read(
        tmp_path, separator):
    """B02's note holding a pasted report of 150,000 characters: the csv module stops at
    131,072 characters a field, and the whole submission was refused naming the file. Every
    sheet is read; the note keeps Excel's 32,767 first characters, a warning at its cell.
    (The semicolon file's note is on one line: a note over thousands of lines holding commas
    would make the separator a comma, ``_delimiter``.)"""
    report = REPORT if separator == "," else REPORT.replace("\n", " ")
    sheets = district_sheets()
    b02 = next(s for s in sheets if s.name == "B02_NguonVon")
    b02.rows[1] = [*b02.rows[1], "Ghi chú"]
    b02.rows[3] = [*b02.rows[3], report]
    folder = _folder(tmp_path, sheets)
    if separator == ";":
        _semicolons(folder)
    limit = csv.field_size_limit()
    result = _read(folder)
    assert csv.field_size_limit() == limit
    assert result.reject_reason is None
    assert _funding(result) == AMOUNTS
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == COMMUNES
    (flag,) = _flags(result, "CELL_TOO_LONG")
    assert (flag["sheet"], flag["row_number"], flag["column_name"]) == ("B02_NguonVon", 4, "D")
    assert f"{len(report):,}" in flag["message"]
    notes = [c["value"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B02_NguonVon" and c["row_number"] == 4]
    assert notes == [report[:32_767].strip()]


def test_a_long_cell_in_a_figures_place_leaves_that_figure_unread(tmp_path):
    """The report pasted over source 2's amount: that amount is not read (an error at the
    cell, beside the warning); the other sources are."""
    folder = _folder(tmp_path)
    _edit(folder, "B02_NguonVon", "2,Ngân sách địa phương,800",
          '2,Ngân sách địa phương,"' + REPORT.replace('"', '""') + '"')
    result = _read(folder)
    assert result.reject_reason is None
    assert _funding(result) == {**AMOUNTS, "2": (None, True)}
    (long,) = _flags(result, "CELL_TOO_LONG", "B02_NguonVon")
    (error,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (long["row_number"], long["column_name"][0]) == (
        error["row_number"], error["column_name"][0]) == (4, "C")


def test_a_long_name_whose_quote_is_never_closed_is_read_with_the_communes_after_it(
        tmp_path):
    """`2,06541,"Xã Yên Khoái …` followed by 150,000 characters and no closing quote: refused
    as a CSV file that cannot be read. The communes are read, the quote flagged."""
    folder = _folder(tmp_path)
    _edit(folder, "B01_TieuChiXa", ",Xã Yên Khoái,", ',"Xã Yên Khoái ' + "x" * 150_000 + ",")
    result = _read(folder)
    assert result.reject_reason is None
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == COMMUNES
    assert {f["check_code"] for f in _flags(result, "UNPARSEABLE_VALUE", "B01_TieuChiXa")} == {
        "UNPARSEABLE_VALUE"}
    (flag,) = _flags(result, "CELL_TOO_LONG", "B01_TieuChiXa")
    assert (flag["row_number"], flag["column_name"]) == (8, "C")


def test_a_csv_file_over_the_size_limit_is_still_refused(tmp_path, monkeypatch):
    """The limit against hostile files stands: a file above NTM_MAX_FILE_MB is refused,
    naming it, whatever its cells."""
    monkeypatch.setenv("NTM_MAX_FILE_MB", "1")
    sheets = district_sheets()
    b02 = next(s for s in sheets if s.name == "B02_NguonVon")
    b02.rows[3] = [*b02.rows[3], REPORT * 10]
    reason = _read(_folder(tmp_path, sheets)).reject_reason
    assert reason.startswith("B02_NguonVon.csv") and "NTM_MAX_FILE_MB" in reason


# --------------------------------------------------------------------------- a stray quote

SPELLINGS = [lambda s: s, str.upper, lambda s: unicodedata.normalize("NFD", s),
             lambda s: "".join(c for c in unicodedata.normalize(
                 "NFD", s.replace("đ", "d").replace("Đ", "D")) if not unicodedata.combining(c))]


@pytest.mark.parametrize("spelled", SPELLINGS)
@pytest.mark.parametrize("separator", [",", ";"])
def test_a_commune_name_opening_a_stray_quote_is_stored_without_it(
        tmp_path, separator, spelled):
    """`2,06541,"Xã Yên Khoái,5002,…`: read with the communes after it, but stored as
    `"Xã Yên Khoái`. The name is stored as a person reads it; the error keeps the cell as
    typed."""
    name = spelled("Xã Yên Khoái")
    folder = _folder(tmp_path)
    _edit(folder, "B01_TieuChiXa", ",Xã Yên Khoái,", f",{name},")
    if separator == ";":
        _semicolons(folder)
    _edit(folder, "B01_TieuChiXa", f"{separator}{name}{separator}",
          f'{separator}"{name}{separator}')
    result = _read(folder)
    communes = result.tables["b01_communes"]
    assert [c["commune_code"] for c in communes] == COMMUNES
    assert communes[1]["commune_name"] == unicodedata.normalize("NFC", name)
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B01_TieuChiXa")
    assert (flag["row_number"], flag["column_name"], flag["raw_value"]) == (8, "C", f'"{name}')
    assert "the quote is left out of the cell" in flag["message"]


@pytest.mark.parametrize(("old", "new", "field", "read"), [
    ("1,Hồi Lạng Sơn,HTX", '1,"Hồi Lạng Sơn,HTX', "product_name", "Hồi Lạng Sơn"),
    (",HTX Nông sản Lộc Bình,", ',"HTX Nông sản Lộc Bình,', "producer",
     "HTX Nông sản Lộc Bình")])
def test_a_b03_product_or_producer_opening_a_stray_quote_on_the_last_row_is_read(
        tmp_path, old, new, field, read):
    """The product's row is the file's last line: the csv module read the rest of the line
    into that one cell (no line after it showed the quote open), and the reader failed on
    the file. The row is read cell by cell, the name without its quote, an error at it."""
    folder = _folder(tmp_path)
    _edit(folder, "B03_OCOP", old, new)
    result = _read(folder)
    assert result.reject_reason is None
    (product,) = result.tables["b03_ocop"]
    assert product[field] == read
    assert (product["commune_code"], product["stars"]) == ("06532", 3)
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B03_OCOP")
    assert flag["raw_value"] == f'"{read}' and "the rest of line 4" in flag["message"]


def test_a_thongtin_name_opening_a_stray_quote_is_read_without_it(tmp_path):
    folder = _folder(tmp_path)
    _edit(folder, "ThongTin", ",Huyện Lộc Bình", ',"Huyện Lộc Bình')
    result = _read(folder)
    assert result.identity.district_name == "Huyện Lộc Bình"
    assert result.identity.year == 2023
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "ThongTin")
    assert flag["raw_value"] == '"Huyện Lộc Bình'


@pytest.mark.parametrize(("old", "new", "typed"), [
    ("2,06541,Xã Yên Khoái,5002,x,", '2,06541,Xã Yên Khoái,5002,"x,', '"x'),  # a mark
    ("2,06541,Xã Yên Khoái,5002,", '2,06541,Xã Yên Khoái,"5002,', '"5002')])  # a figure
def test_a_figure_or_mark_opening_a_stray_quote_keeps_it_and_stays_unread(
        tmp_path, old, new, typed):
    """A figure, a date or a single word after a stray quote may have lost the rest of its
    cell with the closing quote (`"1200,5`): it is not read, as before."""
    folder = _folder(tmp_path)
    _edit(folder, "B01_TieuChiXa", old, new)
    result = _read(folder)
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == COMMUNES
    flags = _flags(result, "UNPARSEABLE_VALUE", "B01_TieuChiXa")
    assert flags and all(f["raw_value"] == typed for f in flags)
    assert "the quote is read as a character of the cell" in flags[0]["message"]


def test_b02_amount_opening_a_stray_quote_is_not_read(tmp_path):
    """`1,Ngân sách trung ương,"1200,5`: the quote's cell is `"1200` beside `5`, a row
    wider than the header, not read (1200 is not stored); the other sources are."""
    folder = _folder(tmp_path)
    _edit(folder, "B02_NguonVon", '"1200,5"', '"1200,5')
    result = _read(folder)
    assert _funding(result) == {k: v for k, v in AMOUNTS.items() if k != "1"}
    assert '"1200' in {f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")}


# --------------------------------------------------------------------------- a note in quotes

NOTE_LINES = ["Gồm: đường trục xã, thôn Bản Chắt, nhà văn hóa, chợ",
              "Gồm:\nđường trục xã, thôn Bản Chắt, nhà văn hóa, chợ",
              "Gồm:\nĐƯỜNG TRỤC XÃ, THÔN BẢN CHẮT, NHÀ VĂN HÓA, CHỢ\nvà sân thể thao"]


@pytest.mark.parametrize("nfd", [False, True])
@pytest.mark.parametrize("note", NOTE_LINES)
@pytest.mark.parametrize("padded", [False, True])
def test_a_note_over_several_lines_holding_a_rows_commas_is_one_note(
        tmp_path, note, padded, nfd):
    """`2,Ngân sách địa phương,800,"Gồm:` / `đường trục xã, thôn Bản Chắt, nhà văn hóa,
    chợ"`, in quotes and closed: a line of it held as many cells as the row (4), and the note
    was cut into rows (`đường trục xã | thôn Bản Chắt | …`) with an error, in a file whose
    rows are padded (Excel's) or not. It is one note, as a person reads it."""
    note = unicodedata.normalize("NFD", note) if nfd else note
    sheets = district_sheets()
    b02 = next(s for s in sheets if s.name == "B02_NguonVon")
    b02.rows[1] = [*b02.rows[1], "Ghi chú"]
    b02.rows[3] = [*b02.rows[3], note]
    if padded:
        b02.rows = [[*r, *[None] * (4 - len(r))] for r in b02.rows]
    result = _read(_folder(tmp_path, sheets))
    assert _funding(result) == AMOUNTS
    assert not _flags(result, "UNPARSEABLE_VALUE")
    notes = [c["value"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B02_NguonVon" and c["row_number"] == 4]
    assert notes == [unicodedata.normalize("NFC", note)]


def _b02_typed(folder: Path, rows: list[str]) -> None:
    lines = ["BIỂU 02: NGUỒN VỐN HUY ĐỘNG", "Mã nguồn, Nguồn vốn, Giá trị (triệu đồng), Ghi chú",
             *rows]
    (folder / "B02_NguonVon.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def test_a_quote_left_open_in_a_file_typed_with_spaces_after_commas_keeps_the_rows(tmp_path):
    """A file typed in Notepad with a space after each comma (`6, Cộng đồng dân cư, 350,`):
    its rows look like lines of text, and a quote left open in a note and closed rows below
    still keeps the rows it swallowed, as before."""
    folder = _folder(tmp_path)
    _b02_typed(folder, ['1, Ngân sách trung ương,"1200,5",',
                        '2, Ngân sách địa phương, 800,"Vượt kế hoạch',
                        "6, Cộng đồng dân cư, 350,", '6.1, Tiền mặt, 200, Cống D=5"',
                        "6.2, Hiến đất, 100,", "6.3, Ngày công lao động, 50,"])
    result = _read(folder)
    assert _funding(result) == AMOUNTS
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (flag["row_number"], flag["column_name"]) == (4, "D")
