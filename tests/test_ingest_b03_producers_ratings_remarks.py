"""B03 (OCOP products): a producer said dissolved or stopped, a number off the rating scale
in a rating's column (a year under ``Nâng hạng``), and a row with several remark columns
(docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, write

_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
           "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
_ON = dt.date(2023, 6, 15)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/b03.xlsx") -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _b03(body: list[list], header: list[str] | None = None,
         extra: list[str] | None = None) -> OfficeSheet:
    return simple_sheet("B03_OCOP", (header or _HEADER) + (extra or []), body)


def _row(n: int, producer: object = None, *extra: object, stars: object = 4,
         on: object = _ON) -> list:
    return [n, f"Sản phẩm {n}", producer or f"HTX {n}", "06532", 1, stars, on,
            f"{n}/QĐ-UBND", "Tỉnh", *extra]


def _errors(result: FileResult) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == "UNPARSEABLE_VALUE"
            and f["severity"] == "error" and f.get("sheet") == "B03_OCOP"]


def _where(result: FileResult) -> list[tuple[int, str]]:
    return [(f["row_number"], f["column_name"]) for f in _errors(result)]


def _stars(result: FileResult) -> list[int | None]:
    return [r["stars"] for r in result.tables["b03_ocop"]]


# ------------------------------------------------------------- a producer dissolved or stopped


def test_a_producer_said_dissolved_or_stopped_keeps_the_rating_out(tmp_path: Path) -> None:
    """A person reading ``HTX Yên Khoái (đã giải thể)``, ``Cơ sở ngừng hoạt động``,
    ``Doanh nghiệp đã phá sản`` or ``dừng sản xuất`` in the producer's column does not count
    the product as a current OCOP product without checking (also in capitals without marks,
    or decomposed, ``Tạm ngưng SX``). Its rating is not read, with an error at the producer's
    cell saying why; the producer is stored as typed. Before, each rating (4) was stored and
    counted, with no flag."""
    producers = ["HTX Yên Khoái (đã giải thể)", "Cơ sở ngừng hoạt động",
                 "Doanh nghiệp đã phá sản", "HTX Chè Mẫu Sơn - dừng sản xuất",
                 "CONG TY TNHH AN PHU (DA GIAI THE)", _nfd("Cơ sở Hoa Mai (Tạm ngưng SX)"),
                 "HTX Tân Tiến\nKhông còn hoạt động"]
    body = [_row(n, p) for n, p in enumerate(producers, 1)] + [_row(8, "HTX Mẫu Sơn")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    rows = result.tables["b03_ocop"]
    assert _stars(result) == [None] * 7 + [4]
    assert [r["producer"] for r in rows][:3] == producers[:3]
    assert _where(result) == [(row, "C (Chủ thể)") for row in range(4, 11)]
    first = _errors(result)[0]
    assert first["raw_value"] == "HTX Yên Khoái (đã giải thể)"
    assert "dissolved or has stopped" in first["message"]
    assert "rating is not read" in first["message"]


def test_producers_that_are_not_stopped_are_read_as_before(tmp_path: Path) -> None:
    """A producer's name is free text: ``Tổ hợp tác`` (a cooperative group), ``chưa giải
    thể`` (not dissolved), ``Xây dựng sản xuất`` (``dựng`` folds as ``dừng``), ``không
    ngừng phát triển`` or a person's name ``Thùy Dung`` say nothing of a producer stopped.
    Read as before: the ratings stored, no error."""
    producers = ["Tổ hợp tác chè Mẫu Sơn", "HTX Nông nghiệp (chưa giải thể)",
                 "Công ty TNHH Xây dựng sản xuất Lộc Bình", "HTX không ngừng phát triển",
                 "Hộ kinh doanh Thùy Dung", "HTX Giải thể thao Yên Khoái", "HTX Mẫu Sơn"]
    body = [_row(n, p) for n, p in enumerate(producers, 1)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _stars(result) == [4] * 7
    assert _errors(result) == []


def test_a_remark_or_status_saying_the_producer_stopped(tmp_path: Path) -> None:
    """``Ghi chú: Cơ sở đã ngừng sản xuất`` or ``Trạng thái: Giải thể`` says the same of the
    producer as its own cell would: the rating is not read, with an error at that cell. A
    remark ``Đang sản xuất`` or ``Đề nghị sản xuất thêm …`` leaves the rating read. Before,
    each rating was stored."""
    body = [_row(1, None, "Cơ sở đã ngừng sản xuất", None),
            _row(2, None, None, "GIẢI THỂ"), _row(3, None, "Đang sản xuất", "Hoạt động"),
            _row(4, None, "Đề nghị sản xuất thêm bao bì mới", None)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, extra=["Ghi chú", "Trạng thái"])))
    assert _stars(result) == [None, None, 4, 4]
    assert _where(result) == [(4, "J (Ghi chú)"), (5, "K (Trạng thái)")]


# ------------------------------------------------------------- a number off the rating scale


def test_a_year_under_nang_hang_is_no_rating(tmp_path: Path) -> None:
    """``Nâng hạng`` holding ``2023``: a person reads the year of an upgrade, not 2023 stars.
    The rating is not read (null), with an error at the ``Nâng hạng`` cell saying it is a
    year; the typed text is kept in ``stars_text``. A row whose ``Nâng hạng`` is blank keeps
    its own 3 stars. Before, ``stars`` was 2023 with only an error on the missing date."""
    header = [*_HEADER[:6], "Nâng hạng", *_HEADER[6:]]
    body = [[1, "Sản phẩm 1", "HTX 1", "06532", 1, 3, 2023, _ON, "1/QĐ-UBND", "Tỉnh"],
            [2, "Sản phẩm 2", "HTX 2", "06532", 1, 3, None, _ON, "2/QĐ-UBND", "Tỉnh"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, header)))
    rows = result.tables["b03_ocop"]
    assert [(r["stars"], r["stars_text"]) for r in rows] == [(None, "2023"), (3, "3")]
    scale = [f for f in _errors(result) if "star rating" in f["message"]]
    assert [(f["row_number"], f["column_name"]) for f in scale] == [(4, "G (Nâng hạng)")]
    assert "2023 is a year, not a rating" in scale[0]["message"]


def test_numbers_off_the_scale_under_so_sao_are_no_rating(tmp_path: Path) -> None:
    """``Số sao`` holding a year (2021, ``2021`` typed as text), ``0`` or ``6 sao``: no
    rating a person reads (OCOP ratings run from 1 to 5 stars), so none is stored, with an
    error at the cell. Ratings on the scale, ``2`` (no certificate, as the counts say
    downstream) and ``5 sao``, are read as before. Before, 2021, 0 and 6 were stored as the
    stars."""
    body = [_row(1, stars=2021), _row(2, stars="2021"), _row(3, stars=0),
            _row(4, stars="6 sao"), _row(5, stars=2), _row(6, stars="5 sao"), _row(7)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _stars(result) == [None, None, None, None, 2, 5, 4]
    assert _where(result) == [(row, "F (Số sao)") for row in (4, 5, 6, 7)]
    messages = [f["message"] for f in _errors(result)]
    assert "is a year" in messages[0] and "is a year" in messages[1]
    assert "0 is not a rating" in messages[2]
    assert "6 is not a rating" in messages[3]


def test_an_upgrade_with_its_rating_and_date_is_read_as_before(tmp_path: Path) -> None:
    """``Nâng hạng (số sao) | Ngày nâng hạng`` giving ``4 sao`` on 15/6/2023: the product
    holds 4 stars of 2023, as before; no error."""
    header = [*_HEADER[:7], "Nâng hạng (số sao)", "Ngày nâng hạng"]
    body = [[1, "Sản phẩm 1", "HTX 1", "06532", 1, 3, dt.date(2020, 5, 12), "4 sao", _ON]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, header)))
    rows = result.tables["b03_ocop"]
    assert [(r["stars"], r["recognized_on"]) for r in rows] == [(4, _ON)]
    assert _errors(result) == []


# ------------------------------------------------------------- several remark columns


def test_every_remark_column_is_read_for_a_lapse(tmp_path: Path) -> None:
    """``Ghi chú | Ghi chú khác | Tình trạng``: a person reads every one. ``Đã thu hồi``
    under ``Ghi chú`` beside ``Đang sản xuất`` under ``Tình trạng``, ``Chờ quyết định công
    nhận`` in the first, ``Hết hạn`` in the middle one (headers in capitals, without marks
    or decomposed): the rating is not read, with an error at the remark saying so. Before,
    only the row's last filled remark column was read by the rules, and those ratings were
    stored. The remarks' text is kept in raw.unmapped_cells, every column, as before."""
    for extra in (["Ghi chú", "Ghi chú khác", "Tình trạng"],
                  ["GHI CHU", "GHI CHU KHAC", "TINH TRANG"],
                  [_nfd("Ghi chú"), _nfd("Ghi chú khác"), _nfd("Tình trạng")]):
        body = [_row(1, None, "Đã thu hồi", "Sản phẩm chủ lực", "Đang sản xuất"),
                _row(2, None, "Chờ quyết định công nhận", None, "Đang sản xuất"),
                _row(3, None, None, "Hết hạn", "Còn sản xuất"),
                _row(4, None, "Sản phẩm mới", "Chủ lực", "Đang sản xuất")]
        result = _read(tmp_path, district_sheets(B03=_b03(body, extra=extra)),
                       f"2023/{extra[0]}.xlsx")
        assert _stars(result) == [None, None, None, 4], extra
        assert [(row, column[0]) for row, column in _where(result)] == [
            (4, "J"), (5, "J"), (6, "K")], extra
        kept = {(c["row_number"], c["column_name"]) for c in result.tables["unmapped_cells"]
                if c["sheet"] == "B03_OCOP" and c["row_kind"] == "data"}
        assert {(4, "J"), (4, "K"), (4, "L"), (7, "J"), (7, "K"), (7, "L")} <= kept


def test_an_upgrade_in_the_first_remark_column_is_read(tmp_path: Path) -> None:
    """``Ghi chú: Nâng hạng 2023`` beside a recognition of 15/6/2021, with ``Tình trạng:
    Đang sản xuất`` after it: a person reads a 2023 certificate, which the row's date and
    rating may not be, so neither is read (error at the ``Ghi chú`` cell). Before, the
    ``Tình trạng`` cell hid the remark and the 2021 date and rating were stored."""
    first = dt.date(2021, 6, 15)
    body = [_row(1, None, "Nâng hạng 2023", "Đang sản xuất", on=first),
            _row(2, None, "Sản phẩm chủ lực", "Đang sản xuất", on=first)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, extra=["Ghi chú", "Tình trạng"])))
    rows = result.tables["b03_ocop"]
    assert [(r["stars"], r["recognized_year"]) for r in rows] == [(None, None), (4, 2021)]
    assert _where(result) == [(4, "J (Ghi chú)")]


def test_a_footnoted_rating_is_taken_back_by_any_remark(tmp_path: Path) -> None:
    """``4 sao*`` explained under the list as ``(*) Sản phẩm nâng hạng từ 3 sao``, with
    ``Ghi chú: Chờ quyết định`` and ``Tình trạng: Sản phẩm chủ lực``: the footnoted rating
    is taken back by the first remark, as it was when that remark was the row's only one:
    not read, error at the rating. Before, the second remark hid the first and 4 was stored.
    ``4 sao*`` with harmless remarks is read as 4."""
    body = [_row(1, None, "Chờ quyết định", "Sản phẩm chủ lực", stars="4 sao*"),
            _row(2, None, "Chủ lực", "Sản phẩm chủ lực", stars="4 sao*"),
            [], ["Ghi chú: (*) Sản phẩm nâng hạng từ 3 sao"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, extra=["Ghi chú", "Tình trạng"])))
    assert _stars(result) == [None, 4]
    assert (4, "F (Số sao)") in _where(result)
    assert all(row == 4 for row, _ in _where(result))


def test_a_good_sheet_with_two_remark_columns_is_read_unchanged(tmp_path: Path) -> None:
    """Two remark columns saying nothing of a lapse, a plan or a producer stopped: every
    rating and date read, no error."""
    body = [_row(1, None, "Sản phẩm chủ lực", "Còn hiệu lực"),
            _row(2, None, None, "Đang sản xuất"), _row(3)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, extra=["Ghi chú", "Tình trạng"])))
    rows = result.tables["b03_ocop"]
    assert [(r["stars"], r["recognized_on"]) for r in rows] == [(4, _ON)] * 3
    assert _errors(result) == []
