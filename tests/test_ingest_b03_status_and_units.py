"""B03 (OCOP products): a certificate said lapsed or withdrawn wherever the row says it, a
re-rating given in a column the template does not know, and a product's commune of another
unit (docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write

_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
           "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
_ON = dt.date(2023, 6, 15)


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/b03.xlsx") -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _b03(body: list[list], extra: list[str] | None = None) -> OfficeSheet:
    return simple_sheet("B03_OCOP", _HEADER + (extra or []), body)


def _row(n: int, commune: object = "06532", *extra: object, stars: object = 4,
         on: object = _ON, decision: object = None, level: object = "Tỉnh") -> list:
    return [n, f"Sản phẩm {n}", f"HTX {n}", commune, 1, stars, on,
            decision or f"{n}/QĐ-UBND", level, *extra]


def _errors(result: FileResult, column: str | None = None) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == "UNPARSEABLE_VALUE"
            and f["severity"] == "error" and f.get("sheet") == "B03_OCOP"
            and (column is None or (f.get("column_name") or "").startswith(column))]


# ------------------------------------------------------------- commune of another unit


def test_commune_code_of_another_district_is_not_read(tmp_path: Path) -> None:
    """Lộc Bình (188) lists products of Xuất Lễ (06202) and Mẫu Sơn (06238), communes of Cao
    Lộc, and of Mai Pha (5992: 05992, of Lạng Sơn city): a person cannot tell whether the
    product is Lộc Bình's with a mistyped code or another district's. Each such commune is
    not read, with an error at the Mã xã cell; the rows and their ratings stay. Lộc Bình's
    own Mẫu Sơn (06532), by code or by name, is read as before."""
    body = [_row(1, "06202"), _row(2, "06238"), _row(3, "06238 - Xã Mẫu Sơn"), _row(4, "5992"),
            _row(5, "06532"), _row(6, "Xã Mẫu Sơn")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    rows = result.tables["b03_ocop"]
    assert [r["commune_code"] for r in rows] == [None, None, None, None, "06532", "06532"]
    assert [r["stars"] for r in rows] == [4] * 6
    errors = _errors(result, "D")
    assert [f["row_number"] for f in errors] == [4, 5, 6, 7]
    assert "district 183 (Huyện Cao Lộc)" in errors[0]["message"]
    assert "not of district 188" in errors[0]["message"]
    assert errors[3]["raw_value"] == "5992"


def test_commune_code_unknown_to_the_map_is_left_to_the_checks(tmp_path: Path) -> None:
    """A code no map has (99999) is stored as typed, as before: the checks downstream name
    it (UNKNOWN_UNIT); no error at the intake."""
    result = _read(tmp_path, district_sheets(B03=_b03([_row(1, "99999")])))
    assert result.tables["b03_ocop"][0]["commune_code"] == "99999"
    assert _errors(result) == []


def test_commune_code_outside_the_province_from_2025(tmp_path: Path) -> None:
    """From 2025 a province reports its communes without districts: a code of another
    province (00004, Hà Nội) is not read, with an error; a code of the old map that the
    old-to-new mapping places in the province (06532, Lạng Sơn before the reform) is the
    certificate's old commune and is read, as is a commune of the new map (06541)."""
    body = [_row(1, "00004", on=dt.date(2025, 9, 1)), _row(2, "06532", on=dt.date(2024, 6, 1)),
            _row(3, "06541", on=dt.date(2025, 9, 1))]
    sheets = [thongtin(2025, level="Tỉnh", district=None), _b03(body)]
    result = _read(tmp_path, sheets, "2025/b03.xlsx")
    rows = result.tables["b03_ocop"]
    assert [r["commune_code"] for r in rows] == [None, "06532", "06541"]
    errors = _errors(result, "D")
    assert [f["row_number"] for f in errors] == [4]
    assert "not of province 20" in errors[0]["message"]


# ------------------------------------------------------------- a lapse said in any cell


def test_lapse_said_in_a_status_column_keeps_the_rating_out(tmp_path: Path) -> None:
    """A status column the template does not know (``Trạng thái``, ``HIỆN TRẠNG`` upper
    case, ``Tinh hinh`` without diacritics, NFD ``Lý do``) saying the certificate was
    withdrawn or has expired is read as a ``Ghi chú`` saying so: the rating is not read,
    with an error at that cell. ``Còn hiệu lực`` in the same column leaves it read."""
    for header, text in [("Trạng thái", "Đã thu hồi"), ("HIỆN TRẠNG", "Bị thu hồi"),
                         ("Tinh hinh", "Het han"),
                         (unicodedata.normalize("NFD", "Lý do"), "Thu hồi do vi phạm")]:
        body = [_row(1, "06532", text), _row(2, "06541", "Còn hiệu lực")]
        result = _read(tmp_path, district_sheets(B03=_b03(body, [header])), f"2023/{text}.xlsx")
        assert [r["stars"] for r in result.tables["b03_ocop"]] == [None, 4], header
        errors = _errors(result)
        assert [(f["row_number"], f["column_name"][0]) for f in errors] == [(4, "J")], header
        assert "no longer holds" in errors[0]["message"]


def test_a_column_asking_whether_the_certificate_holds(tmp_path: Path) -> None:
    """``Còn hiệu lực`` answered ``Không`` says the certificate no longer holds: the rating
    is not read, with an error; ``Có`` leaves it read. So does ``x`` under ``Đã thu hồi``."""
    body = [_row(1, "06532", "Không", None), _row(2, "06541", "Có", None),
            _row(3, "06544", None, "x")]
    result = _read(tmp_path, district_sheets(B03=_b03(body, ["CÒN HIỆU LỰC", "Đã thu hồi"])))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [None, 4, None]
    assert [(f["row_number"], f["column_name"][0]) for f in _errors(result)] == [
        (4, "J"), (6, "K")]


def test_lapse_said_in_the_decision_or_level_cell(tmp_path: Path) -> None:
    """A note in the decision's cell (``1/QĐ-UBND (đã thu hồi)``, ``…; thu hồi tại QĐ
    55/QĐ-UBND``, ``Đã hủy QĐ 3/QĐ-UBND``) or the level's (``Tỉnh (hết hạn)``) that the
    certificate lapsed keeps the rating out, with an error at that cell; a plain decision
    and level are read as before."""
    body = [_row(1, decision="1/QĐ-UBND (đã thu hồi)"),
            _row(2, decision="2/QĐ-UBND; thu hồi tại QĐ 55/QĐ-UBND ngày 1/10/2023"),
            _row(3, decision="Đã hủy QĐ 3/QĐ-UBND"), _row(4, level="Tỉnh (hết hạn)"),
            _row(5, "06541")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [None, None, None, None, 4]
    assert [(f["row_number"], f["column_name"][0]) for f in _errors(result)] == [
        (4, "H"), (5, "H"), (6, "H"), (7, "I")]


def test_a_status_column_speaking_of_what_comes_next_leaves_the_rating(
        tmp_path: Path) -> None:
    """A status column's words other than a lapse (``Dự kiến đánh giá lại năm 2026``,
    ``Không bị thu hồi``) say nothing of the rating held: read as before, no error; an end
    of validity 36 months after the recognition (``Hết hạn ngày 15/6/2026``) is read as a
    ``Ghi chú`` giving it is."""
    body = [_row(1, "06532", "Dự kiến đánh giá lại năm 2026"),
            _row(2, "06541", "Không bị thu hồi"), _row(3, "06544", "Hết hạn ngày 15/6/2026")]
    result = _read(tmp_path, district_sheets(B03=_b03(body, ["Trạng thái"])))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4, 4, 4]
    assert _errors(result) == []


# ------------------------------------------------------------- a re-rating told elsewhere


def test_a_certificate_issued_again_is_a_re_rating(tmp_path: Path) -> None:
    """``Năm cấp lại`` (or ``NGAY CAP LAI``, ``Ngày cấp lại`` beside ``Ngày công nhận``) gives
    the year or date the certificate was issued again, as ``Năm công nhận lại`` does: on a row
    where it is filled the latest certificate is read (2023), not the first recognition's
    date (2021). A row where it is blank keeps its own date, as before. Before, the first
    date was stored, or the sheet refused for two date columns."""
    first = dt.date(2021, 6, 15)
    for header, given in [("Năm cấp lại", 2023), ("NGAY CAP LAI", dt.date(2023, 6, 15))]:
        body = [_row(1, "06532", given, on=first), _row(2, "06541", None, on=first)]
        result = _read(tmp_path, district_sheets(B03=_b03(body, [header])),
                       f"2023/{header}.xlsx")
        rows = result.tables["b03_ocop"]
        assert [r["recognized_year"] for r in rows] == [2023, 2021], header
        assert rows[1]["recognized_on"] == first


def test_an_upgrade_of_a_later_year_in_another_column(tmp_path: Path) -> None:
    """``Hình thức công nhận: Nâng hạng 2023`` or ``Hình thức: Nâng hạng từ 3 sao (QĐ
    55/QĐ-UBND ngày 10/8/2023)`` beside a recognition of 15/6/2021: a person reads a 2023
    certificate, which the row's date and rating may not be. Neither is read, with an error
    at the cell. An upgrade of the date's year (``Nâng hạng 2023`` beside 15/6/2023) or one
    without a year is read as before."""
    first = dt.date(2021, 6, 15)
    for header in ["Hình thức công nhận", "HINH THUC"]:
        body = [_row(1, "06532", "Nâng hạng 2023", on=first),
                _row(2, "06541", "Nâng hạng từ 3 sao (QĐ 55/QĐ-UBND ngày 10/8/2023)", on=first),
                _row(3, "06544", "Nâng hạng 2023"), _row(4, "06532", "Nâng hạng", on=first)]
        result = _read(tmp_path, district_sheets(B03=_b03(body, [header])),
                       f"2023/{header}.xlsx")
        rows = result.tables["b03_ocop"]
        assert [r["stars"] for r in rows] == [None, None, 4, 4], header
        assert [r["recognized_on"] for r in rows] == [None, None, _ON, first], header
        assert [f["row_number"] for f in _errors(result, "J")] == [4, 5], header
