"""Rows struck through in an .xlsx sheet: offices that take a product, a commune or a source
out of a table after it was typed often strike its row through instead of deleting it (the
product's certificate withdrawn, a commune merged away, a source counted twice), so that the
reader sees what changed. A person reads a struck row as taken out of the report; the intake
read it like any other, its figures stored without a flag (a withdrawn 4-star product counted
in the district's OCOP products). Now a data row with a struck cell is kept out of the tables,
its cells kept as notes, with a warning at the row (docs/ingest.md, "What the intake
understands")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from pipelines.ingest.reader import read_submission
from pipelines.ingest.sheet_xml import _struck_styles_of
from tests.office import district_sheets, simple_sheet, write
from tests.test_ingest_office import _flags

_B03_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
               "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
_PRODUCTS = [[1, "Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "06532", 1, 3, dt.date(2023, 6, 15),
              "123/QĐ-UBND", "Huyện"],
             [2, "Mật ong Mẫu Sơn", "HTX Mẫu Sơn", "06532", 1, 4, dt.date(2023, 8, 1),
              "200/QĐ-UBND", "Huyện"],
             [3, "Trà hoa vàng", "HTX Yên Khoái", "06541", 2, 3, dt.date(2023, 9, 5),
              "250/QĐ-UBND", "Huyện"]]


def _struck(tmp_path: Path, sheet: str, cells: list[tuple[int, int]],
            strike: bool | None = True, sheets=None):
    """The district workbook with the given cells (1-based row, column) of ``sheet`` in a
    struck font (``strike=None``: a font naming strike as off, ``<strike val="0"/>``)."""
    sheets = sheets or district_sheets(B03=simple_sheet("B03_OCOP", _B03_HEADER, _PRODUCTS))
    path = write(tmp_path / "raw" / "2023" / "LocBinh.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for row, column in cells:
        ws.cell(row, column).font = Font(strike=bool(strike))
    book.save(path)
    return read_submission(path, "2023/LocBinh.xlsx", "sha-struck")


def _products(result) -> list[str]:
    return [r["product_name"] for r in result.tables["b03_ocop"]]


def _notes(result, sheet: str, row: int) -> list[str]:
    return [c["value"] for c in result.tables["unmapped_cells"]
            if c["sheet"] == sheet and c["row_number"] == row]


@pytest.mark.parametrize("columns", [range(1, 10), range(2, 7), [6], [2]],
                         ids=["whole_row", "some_cells", "rating_only", "name_only"])
def test_a_b03_product_struck_through_is_not_read(tmp_path, columns):
    """`Mật ong Mẫu Sơn` (row 5) struck through, wholly or in some cells: a person reads
    the product as taken out; before, it was read as a 4-star product without a flag."""
    result = _struck(tmp_path, "B03_OCOP", [(5, c) for c in columns])
    assert _products(result) == ["Hồi Lạng Sơn", "Trà hoa vàng"]
    flags = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert [(f["severity"], f["row_number"]) for f in flags] == [("warning", 5)]
    assert "struck through" in flags[0]["message"]
    assert "Mật ong Mẫu Sơn" in _notes(result, "B03_OCOP", 5)


def test_a_b01_commune_struck_through_is_not_read(tmp_path):
    """Xã Yên Khoái (row 8 of B01) struck through: not a commune of the report's list."""
    result = _struck(tmp_path, "B01_TieuChiXa", [(8, c) for c in range(1, 29)],
                     sheets=district_sheets())
    communes = [r["commune_code"] for r in result.tables["b01_communes"]]
    assert communes == ["06532", "06544"]
    assert not [m for m in result.tables["b01_marks"] if m["commune_code"] == "06541"]
    rows = [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == "B01_TieuChiXa"]
    assert rows == [8]


def test_a_b02_source_struck_through_is_not_read(tmp_path):
    """`Ngân sách địa phương` (row 4 of B02) struck through: its 800 million is no money of
    the report."""
    result = _struck(tmp_path, "B02_NguonVon", [(4, 1), (4, 2), (4, 3)],
                     sheets=district_sheets())
    codes = [r["source_code"] for r in result.tables["b02_funding"]]
    assert "2" not in codes and "1" in codes
    assert [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == "B02_NguonVon"] == [4]


def test_a_font_saying_strike_is_off_changes_nothing(tmp_path):
    """`<strike val="0"/>`: the font names strike only to turn it off; the row is read."""
    result = _struck(tmp_path, "B03_OCOP", [(5, c) for c in range(1, 10)], strike=None)
    assert _products(result) == ["Hồi Lạng Sơn", "Mật ong Mẫu Sơn", "Trà hoa vàng"]
    assert not [f for f in result.flags if "struck" in f["message"]]


def test_struck_title_header_or_blank_cells_change_nothing(tmp_path):
    """A struck title, header cell, or blank cell of a data row (a format dragged over empty
    cells) takes nothing out: every product is read, without a flag."""
    result = _struck(tmp_path, "B03_OCOP", [(1, 1), (3, 2), (5, 10), (5, 11), (8, 2)])
    assert _products(result) == ["Hồi Lạng Sơn", "Mật ong Mẫu Sơn", "Trà hoa vàng"]
    assert not [f for f in result.flags if "struck" in f["message"]]


def test_a_workbook_without_a_struck_cell_reads_as_before(tmp_path):
    result = _struck(tmp_path, "B03_OCOP", [])
    assert _products(result) == ["Hồi Lạng Sơn", "Mật ong Mẫu Sơn", "Trà hoa vàng"]
    assert not [f for f in result.flags if "struck" in f["message"]]


@pytest.mark.parametrize(("strike", "struck"), [
    (b"<strike/>", True), (b'<x:strike val="1"/>', True), (b'<strike val="true"/>', True),
    (b'<strike val="0"/>', False), (b"", False)])
def test_struck_styles_as_excel_and_other_programs_write_them(strike, struck):
    """Excel writes `<strike/>`, other programs `val="1"` or a prefix; `val="0"` is off."""
    styles = (b'<styleSheet><fonts count="2"><font><sz val="11"/></font><font>' + strike
              + b'<sz val="11"/></font></fonts><cellXfs count="2"><xf fontId="0"/>'
              b'<xf fontId="1" applyFont="1"/></cellXfs></styleSheet>')
    assert _struck_styles_of(styles) == (frozenset({b"1"}) if struck else frozenset())
