"""B03 (OCOP products) rating columns headed as a rating no level has granted, or as another
year's, and ratings given over several columns.

Offices head the rating as a plan, a proposal or a self-assessment (``Số sao dự kiến``,
``Số sao đề nghị``, ``Hạng sao đề xuất``, ``Số sao tiềm năng``, ``Số sao tự đánh giá``), as
the district council's evaluation (``Hạng sao cấp huyện đánh giá``: the district recognises
3 stars only; its 4 or 5 is a proposal to the province), or as another year's (``Số sao năm
2022``, ``Số sao (năm trước)``; B03 lists products recognised in past years, whose rating
of an earlier year may since have been re-rated or have lapsed). Each was read as the rating
granted (4 stored, no flag). Such a column is not read now, with an UNKNOWN_COLUMN info
saying why; alone, the sheet has no rating and is not read, its SHEET_LAYOUT error naming
the column (as ``Phân hạng dự kiến`` was before).

Offices also give the rating over several columns: ``Số sao`` over ``Năm 2021 | Năm 2022 |
Năm 2023``, ``Số sao 2021 | … | Số sao 2023``, ``Số sao`` over ``Lần đầu | Hiện tại``,
``Hạng sao tự đánh giá | Hạng sao``. The whole sheet was lost (SHEET_LAYOUT: two columns
for the rating, or none). A person reads the reporting year's column, the current one, the
granted one; the others are kept in raw.unmapped_cells with an info (docs/ingest.md, "What
the intake understands").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, write

_BEFORE = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm"]
_AFTER = ["Ngày công nhận", "Số quyết định"]
_ON = dt.date(2023, 6, 15)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _b03(ratings: list[str], values: list[object], group: str | None = None) -> OfficeSheet:
    """B03 with its rating in the columns headed ``ratings`` (under ``group`` merged over
    them, the other headers merged over both rows), one product: Hồi of HTX A, its cells
    under them ``values``."""
    n = len(ratings)
    row = [1, "Hồi", "HTX A", "06532", 1, *values, _ON, "12/QĐ-UBND"]
    if group is None:
        return OfficeSheet("B03_OCOP", [["DANH SÁCH SẢN PHẨM OCOP"], [],
                                        _BEFORE + ratings + _AFTER, row])
    top = [*_BEFORE, group, *[None] * (n - 1), *_AFTER]
    under = [None] * len(_BEFORE) + ratings + [None] * len(_AFTER)
    alone = [*range(len(_BEFORE)), *range(len(_BEFORE) + n, len(top))]
    merges = [(2, j, 3, j) for j in alone] + ([(2, 5, 2, 4 + n)] if n > 1 else [])
    return OfficeSheet("B03_OCOP", [["DANH SÁCH SẢN PHẨM OCOP"], [], top, under, row],
                       merges)


def _read(tmp_path: Path, sheet: OfficeSheet) -> FileResult:
    path = write(tmp_path / "raw" / "2023/b03.xlsx", district_sheets(B03=sheet))
    return read_submission(path, "2023/b03.xlsx", "sha-b03")


def _flags(result: FileResult, code: str) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == code and f.get("sheet") == "B03_OCOP"]


def _stars(result: FileResult) -> list[object]:
    return [r["stars"] for r in result.tables["b03_ocop"]]


# ------------------------------------------------------------- one column, not the rating


@pytest.mark.parametrize(("header", "why"), [
    ("Số sao đề nghị", "request for recognition"),
    ("Số sao dự kiến", "of a plan"),
    ("Số sao đăng ký", "of a plan"),
    ("Hạng sao đề xuất", "request for recognition"),
    ("Số sao (dự kiến)", "of a plan"),
    ("Số sao phấn đấu", "of a plan"),
    ("Số sao kế hoạch", "of a plan"),
    ("Số sao tiềm năng", "not granted"),
    ("Số sao tự đánh giá", "not granted"),
    ("Hạng sao cấp huyện đánh giá", "not granted"),
    ("Số sao năm 2022", "of 2022"),
    ("Số sao (năm trước)", "of 2022"),
    ("Kết quả phân hạng năm 2022", "of 2022"),
    ("Số sao năm 2024", "of 2024"),
    ("SỐ SAO DỰ KIẾN", "of a plan"),
    ("So sao tiem nang", "not granted"),
    (_nfd("HẠNG SAO TỰ ĐÁNH GIÁ"), "not granted"),
    (_nfd("Số sao đề nghị"), "request for recognition"),
])
def test_a_rating_not_granted_or_of_another_year_is_not_read(tmp_path: Path, header: str,
                                                             why: str) -> None:
    """Hồi rated 4 under the column: a person reads a rating planned, asked for, assessed by
    its producer or the district, or another year's, not the one granted in the reporting
    year. Before, 4 was stored with no flag. The column is not read (an info saying why),
    and the sheet, left without a rating, is not read: its error names the column."""
    result = _read(tmp_path, _b03([header], [4]))
    assert result.tables.get("b03_ocop", []) == []
    header = unicodedata.normalize("NFC", header)  # as the messages name it
    (info,) = _flags(result, "UNKNOWN_COLUMN")
    assert info["column_name"] == f"F ({header})" and why in info["message"]
    (error,) = _flags(result, "SHEET_LAYOUT")
    assert error["severity"] == "error"
    assert f"column F ({header}), headed as it, is not read" in error["message"]


@pytest.mark.parametrize("header", ["Số sao", "Hạng sao", "Xếp hạng", "Kết quả phân hạng",
                                    "Số sao (năm 2023)", "SO SAO", _nfd("Hạng sao đạt"),
                                    "Hạng sao OCOP (theo QĐ 148/QĐ-TTg ngày 24/02/2022)"])
def test_the_rating_headed_as_granted_is_read_as_before(tmp_path: Path, header: str) -> None:
    """The rating headed as the template heads it, or naming the reporting year, or citing
    the decision whose criteria rate the products: read as before, no flag."""
    result = _read(tmp_path, _b03([header], [4]))
    assert _stars(result) == [4]
    assert _flags(result, "UNKNOWN_COLUMN") == _flags(result, "SHEET_LAYOUT") == []


def test_ratings_ticked_by_level_are_read_as_before(tmp_path: Path) -> None:
    """``Kết quả phân hạng`` over ``3 sao | 4 sao | 5 sao``, an ``x`` under 4: 4 stars."""
    result = _read(tmp_path, _b03(["3 sao", "4 sao", "5 sao"], [None, "x", None],
                                  "Kết quả phân hạng"))
    assert _stars(result) == [4]


# ------------------------------------------------------------- several columns of ratings


@pytest.mark.parametrize(("group", "ratings"), [
    ("Số sao", ["Năm 2021", "Năm 2022", "Năm 2023"]),
    (_nfd("SỐ SAO"), ["NĂM 2021", "NĂM 2022", "NĂM 2023"]),
    ("Hạng sao", ["2021", "2022", "2023"]),
    (None, ["Số sao 2021", "Số sao 2022", "Số sao 2023"]),
    (None, ["So sao nam 2021", "So sao nam 2022", "So sao nam 2023"]),
])
def test_ratings_year_by_year_read_the_reporting_years(tmp_path: Path, group: str | None,
                                                       ratings: list[str]) -> None:
    """Hồi rated 3 in 2021 and 2022, 4 in 2023: a person reads 4, the 2023 column's. Before,
    the sheet was not read (two columns for the rating, or, under ``Số sao`` with years
    alone, none: each was taken for the year of recognition). The other years' columns are
    not read, an info each, their cells kept in raw.unmapped_cells."""
    result = _read(tmp_path, _b03(ratings, [3, 3, 4], group))
    assert _stars(result) == [4]
    assert not _flags(result, "SHEET_LAYOUT")
    infos = _flags(result, "UNKNOWN_COLUMN")
    assert [f["column_name"][0] for f in infos] == ["F", "G"]
    assert all(f["severity"] == "info" and "not read" in f["message"] for f in infos)
    kept = {(c["column_name"], c["value"]) for c in result.tables["unmapped_cells"]}
    assert {("F", "3"), ("G", "3")} <= kept


@pytest.mark.parametrize(("group", "ratings"), [
    ("Số sao", ["Lần đầu", "Hiện tại"]),
    ("So sao", ["Lan dau", "Hien nay"]),
    (None, ["Hạng sao tự đánh giá", "Hạng sao"]),
    (None, [_nfd("Số sao tự đánh giá"), "Số sao"]),
])
def test_the_current_or_granted_rating_beside_another(tmp_path: Path, group: str | None,
                                                      ratings: list[str]) -> None:
    """Hồi first rated 3 and now 4 (``Lần đầu | Hiện tại``), or self-assessed 5 and granted
    4: a person reads 4. Before, the sheet was not read (two columns for the rating). The
    other column is not read, with an info, its cell kept."""
    first = 3 if group else 5
    result = _read(tmp_path, _b03(ratings, [first, 4], group))
    assert _stars(result) == [4]
    (info,) = _flags(result, "UNKNOWN_COLUMN")
    assert info["column_name"].startswith("F ")
    assert ("F", str(first)) in {(c["column_name"], c["value"])
                                 for c in result.tables["unmapped_cells"]}


def test_district_and_province_ratings_are_read_row_by_row(tmp_path: Path) -> None:
    """``Hạng sao cấp huyện | Hạng sao cấp tỉnh``: the province's rating, where given, is
    the one granted (a re-evaluation below the district's too): 3 is read, the district's
    column kept (test_ingest_b03_district_and_province_ratings.py)."""
    result = _read(tmp_path, _b03(["Hạng sao cấp huyện", "Hạng sao cấp tỉnh"], [4, 3]))
    assert _stars(result) == [3]
    assert not _flags(result, "SHEET_LAYOUT")
