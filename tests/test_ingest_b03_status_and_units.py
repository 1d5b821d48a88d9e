"""B03 (OCOP products): a certificate said lapsed or withdrawn wherever the row says it, a
re-rating given in a column the template does not know, and a product's commune of another
unit (docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read.
"""

from __future__ import annotations

import datetime as dt
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
