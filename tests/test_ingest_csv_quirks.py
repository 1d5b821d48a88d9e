"""Folders of CSV files as offices and their programs save them: figures whose decimal comma
was not put in quotes, tab-separated "Unicode Text", a Mac's hidden companions of each file,
lines ended by a carriage return alone and UTF-16 without its byte order mark. A person reads
each file as the spreadsheet showed it; the intake reads what can be told and flags the rest."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pipelines.ingest.discover import discover
from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, thongtin, write


def _folder(tmp_path: Path, sheets: list[OfficeSheet]) -> Path:
    """The sheets as Excel's "Save as CSV" writes them (commas, figures shown as typed)."""
    return write(tmp_path / "raw" / "2023" / "office", sheets)


def _rows(folder: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / f"{name}.csv").read_text("utf-8-sig"))))


def _save(folder: Path, name: str, rows: list[list[str]], *, delimiter: str = ",",
          encoding: str = "utf-8", ending: str = "\r\n") -> None:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=ending).writerows(rows)
    (folder / f"{name}.csv").write_bytes(text.getvalue().encode(encoding))


def _resave(folder: Path, **options) -> None:
    """Every file of the folder saved again with other separators, encoding or line ends."""
    for file in sorted(folder.glob("*.csv")):
        _save(folder, file.stem, _rows(folder, file.stem), **options)


def _read(folder: Path) -> FileResult:
    return read_submission(folder, "2023/office", "sha-office")


def _flags(result: FileResult, code: str, sheet: str | None = None) -> list[dict]:
    return [f for f in result.flags
            if f["check_code"] == code and (sheet is None or f["sheet"] == sheet)]


def _split(row: list[str], typed: str) -> list[str]:
    """The row as a program joining cells with commas writes it: ``typed`` not quoted."""
    j = row.index(typed)
    return [*row[:j], *typed.split(","), *row[j + 1:]]


# --------------------------------------------------------------------------- unquoted commas


@pytest.mark.parametrize("note_column", [False, True])
def test_a_comma_csv_figure_split_by_its_unquoted_decimal_comma_is_not_read(
        tmp_path, note_column):
    """`1,Ngân sách trung ương,1200,5` under `Mã nguồn,Nguồn vốn,Giá trị (triệu đồng)`: a
    person sees the row has one cell more than the header and cannot trust its figures.
    Before, 1200 was stored (the 5 under `Ghi chú`, or in an unheaded column). The row is not
    read (an error naming it and its cells); the rows as wide as the header are read."""
    folder = _folder(tmp_path, district_sheets())
    rows = _rows(folder, "B02_NguonVon")
    if note_column:
        rows = [[*r, ""] if len(r) == 3 else r for r in rows]
        rows[1][-1] = "Ghi chú"
    rows = [_split(r, "1200,5") if "1200,5" in r else r for r in rows]
    _save(folder, "B02_NguonVon", rows)
    result = _read(folder)
    assert {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]} == {
        "2": 800.0, "6": 350.0, "6.1": 200.0, "6.2": 100.0, "6.3": 50.0}
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert (flag["severity"], flag["row_number"]) == ("error", 3)
    assert "1 | Ngân sách trung ương | 1200 | 5" in flag["raw_value"]
    assert "B02_NguonVon row 3" in flag["message"] and "not put in quotes" in flag["message"]
    assert not _flags(result, "UNKNOWN_COLUMN", "B02_NguonVon") or note_column


def test_b04_figures_split_by_unquoted_decimal_commas_are_not_read(tmp_path):
    """`TY_LE_HO_NGHEO,Tỷ lệ hộ nghèo,%,5,4,8,4`: read as 5 | 4 | 8, the 4 of next year's
    plan left in an unheaded column. The row is not read; the other indicator is."""
    folder = _folder(tmp_path, district_sheets())
    _save(folder, "B04_ChiTieu",
          [_split(r, "4,8") if "4,8" in r else r for r in _rows(folder, "B04_ChiTieu")])
    result = _read(folder)
    assert [(r["indicator_code"], r["actual"]) for r in result.tables["b04_targets"]] == [
        ("XA_DAT_CHUAN_MOI", 0.0)]
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B04_ChiTieu")
    assert flag["row_number"] == 5 and "has 7 cells" in flag["message"]


def test_b01_commune_whose_row_is_wider_than_the_header_is_read_as_no_commune(tmp_path):
    """A commune's name with an unquoted comma (`Xã Yên Khoái, huyện Lộc Bình`) moves every
    mark after it one criterion on. Its row is read as no commune, flagged; the other
    communes' marks are read as before."""
    folder = _folder(tmp_path, district_sheets())
    rows = _rows(folder, "B01_TieuChiXa")
    rows = [[*r[:2], "Xã Yên Khoái", " huyện Lộc Bình", *r[3:]] if r[1:2] == ["06541"] else r
            for r in _rows(folder, "B01_TieuChiXa")]
    _save(folder, "B01_TieuChiXa", rows)
    result = _read(folder)
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == ["06532", None, "06544"]
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE", "B01_TieuChiXa")
               if "not put in quotes" in f["message"]]
    assert flag["severity"] == "error" and "read as no commune" in flag["message"]


@pytest.mark.parametrize("sheet", ["B03_OCOP", "B04_ChiTieu"])
def test_rows_ending_before_the_headers_last_columns_are_read_with_those_cells_blank(
        tmp_path, sheet):
    """A hand-written CSV ends each row at its last typed cell: every data row of B03 (or
    B04) stops after the product's name (`1,Hồi Lạng Sơn` under a header of nine). The
    cells not typed are blank, as in the same sheet saved from Excel; before, the reader
    failed on the file (IndexError) and the whole submission was refused."""
    folder = _folder(tmp_path, district_sheets())
    rows = _rows(folder, sheet)
    header = next(i for i, r in enumerate(rows) if len(r) > 3)
    short = [*rows[:header + 1], *[r[:2] for r in rows[header + 1:]]]
    (folder / f"{sheet}.csv").write_text("\n".join(",".join(r) for r in short) + "\n",
                                         encoding="utf-8")
    result = _read(folder)
    assert result.reject_reason is None
    assert not [f for f in result.flags if "fault of the program" in f["message"]]
    table = "b03_ocop" if sheet == "B03_OCOP" else "b04_targets"
    got = result.tables[table]
    assert len(got) == len(rows) - header - 1
    if table == "b03_ocop":
        assert [(r["product_name"], r["stars"]) for r in got] == [("Hồi Lạng Sơn", None)]
    else:
        assert all(r["actual"] is None and r["target"] is None for r in got)
    # the other sheets are read as before
    assert len(result.tables["b01_communes"]) == 3


def test_a_comma_csv_as_excel_saves_it_is_read_as_before(tmp_path):
    """Excel quotes a decimal comma (`"1200,5"`) and gives every row as many cells as the
    widest, the header's too: a note typed right of the table widens every row, none is
    doubted."""
    sheets = district_sheets()
    b02 = next(s for s in sheets if s.name == "B02_NguonVon")
    b02.rows[-1] = [*b02.rows[-1], None, "số liệu ước"]
    folder = _folder(tmp_path, sheets)
    rows = _rows(folder, "B02_NguonVon")
    width = max(len(r) for r in rows)
    _save(folder, "B02_NguonVon", [r + [""] * (width - len(r)) for r in rows])
    result = _read(folder)
    assert result.tables["b02_funding"][0]["amount_million_vnd"] == 1200.5
    assert len(result.tables["b02_funding"]) == 6
    assert not _flags(result, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- tab separators


def _b02_amounts(tmp_path: Path, first: str, **options) -> tuple[FileResult, list]:
    folder = _folder(tmp_path, district_sheets())
    rows = [[first if c == "1200,5" else c for c in r] for r in _rows(folder, "B02_NguonVon")]
    _resave(folder, **options)
    _save(folder, "B02_NguonVon", rows, **options)
    result = _read(folder)
    return result, [(r["amount_million_vnd"], r["value_unreadable"])
                    for r in result.tables["b02_funding"]]


def test_a_tab_separated_unicode_text_figure_read_two_ways_is_not_read(tmp_path):
    """Excel's "Unicode Text" (UTF-16, tabs) from an English PC shows 1200 as `1,200`: read as
    1.2 without a flag. A tab says nothing of the writer's style, as a comma does not:
    UNPARSEABLE_VALUE at the cell, the amount not read; the other amounts are read."""
    result, amounts = _b02_amounts(tmp_path, "1,200", delimiter="\t", encoding="utf-16")
    assert amounts[0] == (None, True)
    assert amounts[1:] == [(800.0, False), (350.0, False), (200.0, False), (100.0, False),
                           (50.0, False)]
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B02_NguonVon")
    assert flag["raw_value"] == "1,200" and "separates its cells with tabs" in flag["message"]


@pytest.mark.parametrize(("typed", "options", "read"), [
    ("1.200,5", {"delimiter": "\t", "encoding": "utf-16"}, 1200.5),  # Vietnamese style shown
    ("1200,5", {"delimiter": "\t", "encoding": "utf-16"}, 1200.5),  # not read two ways
    ("1,200", {"delimiter": ";"}, 1.2)])  # semicolons: a decimal-comma setting saved it
def test_csv_figures_whose_style_is_known_are_read_as_before(tmp_path, typed, options, read):
    result, amounts = _b02_amounts(tmp_path, typed, **options)
    assert amounts[0] == (pytest.approx(read), False)
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_province_b06_in_unicode_text_with_figures_read_two_ways_is_not_read(tmp_path):
    """`TONG_VON | 12,500` in a tab-separated file: 12.5 million was stored without a flag."""
    b06 = OfficeSheet("B06_TongHop", [["BIỂU 06: TỔNG HỢP"], ["Mã chỉ số", "Chỉ số", "Giá trị"],
                                      ["SO_XA", "Số xã", 181],
                                      ["TONG_VON", "Tổng vốn huy động (triệu đồng)", "12,500"]])
    folder = _folder(tmp_path, [thongtin(2023, level="Tỉnh", district=None), b06])
    _resave(folder, delimiter="\t", encoding="utf-16")
    result = _read(folder)
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"SO_XA": 181.0, "TONG_VON": None}
    (flag,) = _flags(result, "UNPARSEABLE_VALUE", "B06_TongHop")
    assert flag["raw_value"] == "12,500"


# --------------------------------------------------------------------------- files of a Mac


def _appledouble() -> bytes:
    """The hidden `._name` companion a Mac writes beside a file copied to a USB stick."""
    return (bytes.fromhex("0005160700020000") + b"Mac OS X        " + b"\x00\x02"
            + b"\x00" * 30 + b"ATTR" + b"com.apple.quarantine\x00" + b"\x00" * 4000)


def test_hidden_mac_companions_of_csv_files_are_no_sheets(tmp_path):
    """`._B01_TieuChiXa.csv` beside `B01_TieuChiXa.csv`: read as a second B01, every sheet
    was ambiguous and none was read. They are skipped, as discover skips them."""
    folder = _folder(tmp_path, district_sheets())
    for file in sorted(folder.glob("*.csv")):
        (folder / f"._{file.name}").write_bytes(_appledouble())
    result = _read(folder)
    assert result.reject_reason is None
    assert {s["sheet"]: s["status"] for s in result.tables["sheets"]} == {
        "B01_TieuChiXa": "read", "B02_NguonVon": "read", "B03_OCOP": "read",
        "B04_ChiTieu": "read", "B05_TieuChiHuyen": "read"}
    assert not [f for f in result.flags if f["sheet"] and f["sheet"].startswith("._")]
    (found,) = discover(tmp_path / "raw")
    assert (found.path, found.file_format, found.not_a_submission) == (folder, "csv", None)


def test_cr_only_line_ends_of_excel_for_mac_are_read(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a carriage return alone: the whole
    submission was refused ("new-line character seen in unquoted field"). Read as the same
    file with Windows line ends."""
    folder = _folder(tmp_path, district_sheets())
    before = _read(folder).tables
    _resave(folder, delimiter=";", ending="\r")
    result = _read(folder)
    assert result.reject_reason is None
    for table in ("b01_communes", "b02_funding", "b04_targets", "b05_district_criteria"):
        assert result.tables[table] == before[table]


def test_utf16_without_byte_order_mark_starting_with_a_vietnamese_letter_is_read(tmp_path):
    """UTF-16 saved without its byte order mark, whose first line starts `Ủy ban nhân dân`:
    read as Windows-1258 and the submission refused as an invalid CSV file."""
    sheets = district_sheets()
    for sheet in sheets:
        sheet.rows.insert(0, ["Ủy ban nhân dân huyện Lộc Bình"])
    folder = _folder(tmp_path, sheets)
    _resave(folder, delimiter="\t", encoding="utf-16-le")
    result = _read(folder)
    assert result.reject_reason is None
    assert result.tables["b02_funding"][0]["amount_million_vnd"] == 1200.5
    assert len(_flags(result, "CSV_ENCODING")) == 6


@pytest.mark.parametrize(("data", "said"), [
    ("Mã nguồn;Nguồn vốn\r\n".encode("utf-16") + b"\x00", "damaged UTF-16 text")])
def test_a_csv_file_that_cannot_be_read_is_named_in_the_refusal(tmp_path, data, said):
    folder = _folder(tmp_path, district_sheets())
    (folder / "B02_NguonVon.csv").write_bytes(data)
    reason = _read(folder).reject_reason
    assert reason.startswith("B02_NguonVon.csv") and said in reason
