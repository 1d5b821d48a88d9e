"""B03 (OCOP products) rated by the district and by the province, side by side, or under a
column headed as the district's alone.

Offices give the rating the district's council gave beside the province's: ``Hạng sao cấp
huyện | Hạng sao cấp tỉnh``, ``Cấp huyện đánh giá | Cấp tỉnh công nhận``, ``Huyện | Tỉnh``
under a merged ``Số sao``. The district recognises 3 stars (the template's ``Cấp công
nhận``: ``Huyện`` for 3 stars, ``Tỉnh`` for 4, ``Trung ương`` for 5) and proposes 4 and 5 to
the province, which may grant less. The whole sheet was lost (SHEET_LAYOUT: two columns for
the rating). A person reads, per row, the province's rating where its cell is filled (a
re-evaluation below the district's too); where it is blank, the district's 3; a district 4
or 5 there is a proposal pending at the province, not a granted rating: not read, with an
error at its cell. The district's column is kept in raw.unmapped_cells.

Under a column headed as the district's alone (``Hạng sao cấp huyện``) a 3 is read; a 4 or
5 is not (an error), unless the row's ``Cấp công nhận`` says the province or the centre
recognised it (docs/ingest.md, "What the intake understands").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet
from tests.test_ingest_b03_ratings_not_granted import _BEFORE, _ON, _flags, _nfd, _read

_PRODUCTS = ["Hồi", "Chè", "Miến", "Mật ong"]


def _b03(ratings: list[str], rows: list[list[object]], group: str | None = None,
         after: tuple[str, ...] = ("Ngày công nhận", "Số quyết định"),
         levels: list[object] | None = None) -> OfficeSheet:
    """B03 with its rating in the columns headed ``ratings`` (under ``group`` merged over
    them, the other headers merged over both rows), one product per item of ``rows`` (its
    cells under the ratings), the row's ``Cấp công nhận`` from ``levels`` when given."""
    n = len(ratings)
    tail = [*after, *(["Cấp công nhận"] if levels is not None else [])]
    body = [[k + 1, _PRODUCTS[k], f"HTX {k}", "06532", 1, *values, _ON, f"1{k}/QĐ-UBND",
             *([levels[k]] if levels is not None else [])]
            for k, values in enumerate(rows)]
    if group is None:
        return OfficeSheet("B03_OCOP", [["DANH SÁCH SẢN PHẨM OCOP"], [],
                                        _BEFORE + ratings + tail, *body])
    top = [*_BEFORE, group, *[None] * (n - 1), *tail]
    under = [None] * len(_BEFORE) + ratings + [None] * len(tail)
    alone = [*range(len(_BEFORE)), *range(len(_BEFORE) + n, len(top))]
    merges = [(2, j, 3, j) for j in alone] + [(2, 5, 2, 4 + n)]
    return OfficeSheet("B03_OCOP", [["DANH SÁCH SẢN PHẨM OCOP"], [], top, under, *body],
                       merges)


def _stars(result: FileResult) -> list[object]:
    return [r["stars"] for r in result.tables.get("b03_ocop", [])]


# ---------------------------------------------------------- the district's and the province's


@pytest.mark.parametrize(("group", "ratings"), [
    (None, ["Hạng sao cấp huyện", "Hạng sao cấp tỉnh"]),
    (None, ["HẠNG SAO CẤP HUYỆN", "HẠNG SAO CẤP TỈNH"]),
    (None, ["Hang sao cap huyen", "Hang sao cap tinh"]),
    (None, [_nfd("Số sao cấp huyện"), _nfd("Số sao cấp tỉnh")]),
    ("Số sao", ["Cấp huyện đánh giá", "Cấp tỉnh công nhận"]),
    (None, ["Hạng sao cấp huyện đánh giá", "Hạng sao cấp tỉnh công nhận"]),
    ("SO SAO", ["Cap huyen danh gia", "Cap tinh cong nhan"]),
    ("Số sao", ["Huyện", "Tỉnh"]),
    (_nfd("SỐ SAO"), ["HUYỆN", "TỈNH"]),
    ("Hạng sao", ["Cấp huyện", "Cấp tỉnh"]),
])
def test_the_provinces_rating_else_the_districts_three(tmp_path: Path, group: str | None,
                                                       ratings: list[str]) -> None:
    """Hồi: district 4, province 4; Chè: district 3, province blank; Miến: district 4,
    province 3 (re-evaluated lower); Mật ong: district 5, province blank (a proposal
    pending). A person reads 4, 3, 3 and no rating for Mật ong. Before, the sheet was not
    read (two columns for the rating)."""
    result = _read(tmp_path, _b03(ratings, [[4, 4], [3, None], [4, 3], [5, None]], group))
    assert _stars(result) == [4, 3, 3, None]
    assert not _flags(result, "SHEET_LAYOUT")
    (error,) = [f for f in result.flags if f["severity"] == "error"]
    assert error["row_number"] == 7 + (group is not None) and error["column_name"].startswith("F")
    assert "proposal" in error["message"] and "3 stars" in error["message"]
    (info,) = _flags(result, "UNKNOWN_COLUMN")
    assert info["column_name"].startswith("F ") and info["severity"] == "info"
    kept = {(c["column_name"], c["value"]) for c in result.tables["unmapped_cells"]}
    assert {("F", "4"), ("F", "3"), ("F", "5")} <= kept


def test_a_district_rating_the_row_says_the_province_recognised_is_read(
        tmp_path: Path) -> None:
    """Mật ong: district 5, province blank, but its ``Cấp công nhận`` says ``Tỉnh``: the
    row says the province recognised it, read as 5."""
    result = _read(tmp_path, _b03(["Hạng sao cấp huyện", "Hạng sao cấp tỉnh"],
                                  [[3, None], [5, None]], levels=["Huyện", "Tỉnh"]))
    assert _stars(result) == [3, 5]
    assert not [f for f in result.flags if f["severity"] == "error"]


# ---------------------------------------------------------- the district's column alone


@pytest.mark.parametrize("header", ["Hạng sao cấp huyện", "HANG SAO CAP HUYEN",
                                    _nfd("Số sao cấp huyện")])
def test_four_or_five_stars_under_the_districts_column_alone_are_not_read(
        tmp_path: Path, header: str) -> None:
    """``Hạng sao cấp huyện`` alone: the district grants 3 stars, so its 3 is read and its
    4 or 5 is a proposal to the province, not read (an error at the cell). Before, 4 and 5
    were stored with no flag."""
    result = _read(tmp_path, _b03([header], [[3], [4], [5]]))
    assert _stars(result) == [3, None, None]
    errors = [f for f in result.flags if f["severity"] == "error"]
    assert [(f["row_number"], f["column_name"][0]) for f in errors] == [(5, "F"), (6, "F")]
    assert all("3 stars" in f["message"] for f in errors)


@pytest.mark.parametrize("level", ["Tỉnh", "UBND tỉnh", "TINH", "Trung ương", _nfd("Cấp tỉnh")])
def test_the_districts_column_alone_beside_a_provincial_recognition(tmp_path: Path,
                                                                    level: str) -> None:
    """``Cấp công nhận`` says the province (or the centre) recognised the row's 4: read."""
    result = _read(tmp_path, _b03(["Hạng sao cấp huyện"], [[3], [4]],
                                  levels=["Huyện", level]))
    assert _stars(result) == [3, 4]
    assert not [f for f in result.flags if f["severity"] == "error"]


# ---------------------------------------------------------- neighbours, read as before


@pytest.mark.parametrize("header", ["Số sao", "Hạng sao", "SO SAO", _nfd("Hạng sao"),
                                    "Hạng sao cấp tỉnh", "Số sao (năm 2023)"])
def test_the_rating_column_is_read_as_before(tmp_path: Path, header: str) -> None:
    result = _read(tmp_path, _b03([header], [[3], [4], [5]]))
    assert _stars(result) == [3, 4, 5]
    assert not [f for f in result.flags if f["severity"] == "error"]
    assert not _flags(result, "UNKNOWN_COLUMN")


def test_the_districts_threes_are_read_as_before(tmp_path: Path) -> None:
    result = _read(tmp_path, _b03(["Hạng sao cấp huyện"], [[3], [3]]))
    assert _stars(result) == [3, 3]
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_ratings_ticked_by_level_are_read_as_before(tmp_path: Path) -> None:
    result = _read(tmp_path, _b03(["3 sao", "4 sao", "5 sao"],
                                  [[None, "x", None], ["x", None, None]], "Kết quả phân hạng"))
    assert _stars(result) == [4, 3]
