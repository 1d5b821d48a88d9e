"""B03 (OCOP products) and B05 (the district's criteria) as offices write them: a producer
that stopped for a while and works again (``Tạm ngừng, nay đã hoạt động lại``), a footnoted
rating beside a remark saying the producer works (``4 sao*`` | ``Đang sản xuất``), B03's dates
in a CSV folder whose dates are written month first; a line under B05's nine criteria that
explains with a number no cell uses (``(1) | Tiêu chí chưa đạt, đang hoàn thiện hồ sơ``), and a
B05 titled with the maintenance of the district's past recognition (``KẾT QUẢ DUY TRÌ TIÊU CHÍ
HUYỆN ĐẠT CHUẨN NTM NĂM 2020``) (docs/ingest.md, "What the intake understands").

Before, the rating of a producer working again was kept out as a producer stopped, ``đang``
of ``Đang sản xuất`` was read as a word of doubt on a footnoted rating, ``6/5/2023`` in a
folder writing ``10/31/2024`` was read 6 May, the footnote line was a tenth criterion with
an error, and the title made the sheet another year's copy (refused). Each test builds its
own workbook (``tests/office.py``) and checks what a person reading it would read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin
from tests.test_ingest_b03_producers_ratings_remarks import _b03, _errors, _row, _stars
from tests.test_ingest_b03_producers_ratings_remarks import _read as _read_b03
from tests.test_ingest_b05_lists import HEADER, MARKS, NAMES, _marks
from tests.test_ingest_b05_lists import _read as _read_b05
from tests.test_ingest_csv_exports import _edit, _flags, _folder
from tests.test_ingest_csv_exports import _read as _read_folder


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------- a producer working again

WORKING_AGAIN = ["Tạm ngừng, nay đã hoạt động lại", "Đã hoạt động trở lại",
                 "đã khôi phục sản xuất", "ngừng 3 tháng, nay sản xuất bình thường",
                 "TAM NGUNG, NAY DA HOAT DONG LAI", _nfd("Tạm ngừng SX, nay đã sản xuất trở lại"),
                 "Hoạt động trở lại sau thời gian tạm ngừng", "Ngừng hoạt động. Nay sản xuất lại"]
STILL_STOPPED = ["Tạm ngừng hoạt động", "đã giải thể", "Tạm ngừng, chưa hoạt động lại",
                 "Tạm ngừng, dự kiến hoạt động lại năm 2024", "Đã giải thể, nay hoạt động lại",
                 "Ngừng sản xuất sản phẩm này, nay sản xuất sản phẩm khác",
                 "Tạm ngừng sản xuất, hoạt động lại khi có vốn", "Đang tạm ngừng sản xuất",
                 _nfd("ĐÃ GIẢI THỂ"), "Tạm dừng hoạt động, sẽ hoạt động lại"]


def _where_b03(result: FileResult) -> list[tuple[int, str]]:
    return [(f["row_number"], f["column_name"]) for f in _errors(result)]


def _remarked(tmp_path: Path, remarks: list[str], stars: object = 4,
              footnote: bool = False) -> FileResult:
    body = [_row(n, None, r, stars=stars) for n, r in enumerate(remarks, 1)]
    if footnote:
        body += [[], ["(*) Sản phẩm nâng hạng từ 3 sao"]]
    return _read_b03(tmp_path, district_sheets(B03=_b03(body, extra=["Ghi chú"])))


def test_a_producer_said_working_again_keeps_its_rating(tmp_path: Path) -> None:
    """``Ghi chú: Tạm ngừng, nay đã hoạt động lại`` (stopped for a while, now working again),
    in capitals without marks or decomposed, or the return alone: a person reads the producer
    as working, and the rating (4) is read, no error. Before, the stop took it out."""
    result = _remarked(tmp_path, WORKING_AGAIN)
    assert _stars(result) == [4] * len(WORKING_AGAIN)
    assert _errors(result) == []


def test_a_stop_that_is_current_still_keeps_the_rating_out(tmp_path: Path) -> None:
    """A stop still current, a return only planned, denied or put on a condition, or a
    dissolution (no return undoes it), or ``nay`` with other work: the rating is not read,
    an error at the remark, as before."""
    result = _remarked(tmp_path, STILL_STOPPED)
    assert _stars(result) == [None] * len(STILL_STOPPED)
    assert _where_b03(result) == [(row, "J (Ghi chú)")
                                  for row in range(4, 4 + len(STILL_STOPPED))]


@pytest.mark.parametrize(("producer", "stars"), [
    ("HTX Yên Khoái (Tạm ngừng, nay đã hoạt động lại)", 4),
    ("HTX YEN KHOAI - DA HOAT DONG TRO LAI", 4),
    ("HTX Yên Khoái (tạm ngừng hoạt động)", None),
    ("HTX Yên Khoái (đã giải thể)", None)])
def test_a_producers_cell_saying_it_works_again(tmp_path: Path, producer: str,
                                                stars: int | None) -> None:
    """The same words in the producer's own cell: working again, the rating read; stopped
    or dissolved, not read (an error at the producer's cell), as before."""
    result = _read_b03(tmp_path, district_sheets(B03=_b03([_row(1, producer)])))
    assert _stars(result) == [stars]
    assert _where_b03(result) == ([] if stars else [(4, "C (Chủ thể)")])


# --------------------------------------------------------------------- a footnoted rating

AT_WORK = ["Đang sản xuất", "Đang hoạt động", "ĐANG SẢN XUẤT", "Dang hoat dong",
           _nfd("Đang sản xuất"), "Vẫn hoạt động", "Tạm ngừng, nay đã hoạt động lại"]
IN_DOUBT = ["Đang chờ công nhận", "đang xét", "đang hoàn thiện hồ sơ",
            "Đang sản xuất, chờ QĐ công nhận", "Tạm ngừng hoạt động", "Chờ quyết định",
            _nfd("ĐANG CHỜ CÔNG NHẬN"), "Đang sản xuất thử"]


def test_a_footnoted_rating_beside_a_producer_at_work_is_read(tmp_path: Path) -> None:
    """``4 sao*`` (explained under the list) beside ``Đang sản xuất`` or ``Đang hoạt
    động``: ``đang`` says the producer works, not that the rating is under way. The rating
    is read (4), no error. Before, ``đang`` took it back (unread, an error)."""
    result = _remarked(tmp_path, AT_WORK, stars="4 sao*", footnote=True)
    assert _stars(result) == [4] * len(AT_WORK)
    assert _errors(result) == []


def test_a_footnoted_rating_beside_a_rating_under_way_stays_unread(tmp_path: Path) -> None:
    """``đang`` of a rating under way (``Đang chờ công nhận``, ``đang xét``, ``đang hoàn
    thiện hồ sơ``), a doubt beside the producer at work, a stop current, or a trial: the
    footnoted rating is not read, as before."""
    result = _remarked(tmp_path, IN_DOUBT, stars="4 sao*", footnote=True)
    assert _stars(result) == [None] * len(IN_DOUBT)
    assert {row for row, _ in _where_b03(result)} == set(range(4, 4 + len(IN_DOUBT)))


# --------------------------------------------------------------------- B03 dates of a CSV folder


def _dated(tmp_path: Path, signed: str, recognized: str) -> FileResult:
    """A district's CSV folder whose ThongTin gives `Ngày lập` as ``signed`` and whose B03
    product was recognised on ``recognized``, both as the files show them."""
    folder = _folder(tmp_path, district_sheets(ThongTin=thongtin(2023)))
    _edit(folder, "ThongTin", "Ngày lập,10/01/2024", f"Ngày lập,{signed}")
    _edit(folder, "B03_OCOP", "15/06/2023", recognized)
    return _read_folder(folder)


def _recognized(result: FileResult) -> list[dt.date | None]:
    return [r["recognized_on"] for r in result.tables["b03_ocop"]]


@pytest.mark.parametrize("recognized", ["6/5/2023", "06/05/2023", "6/5/23"])
def test_b03_dates_of_a_folder_written_month_first_are_read_so(tmp_path: Path,
                                                               recognized: str) -> None:
    """ThongTin's `Ngày lập,10/31/2024` (no 31st month) and B03's `6/5/2023`: the folder is
    one export by Excel set to English, which writes every date month first, so the product
    was recognised on 5 June 2023, as `Ngày lập` is read 31 October. A warning at the date
    names the date that showed the style. Before, 6 May 2023 without a flag."""
    result = _dated(tmp_path, "10/31/2024", recognized)
    assert result.identity.signed_on == dt.date(2024, 10, 31)
    assert _recognized(result) == [dt.date(2023, 6, 5)]
    (flag,) = _flags(result, "SHEET_LAYOUT", "B03_OCOP")
    assert (flag["severity"], flag["row_number"], flag["raw_value"]) == (
        "warning", 4, recognized)
    assert flag["column_name"] == "G (Ngày công nhận)"
    assert "'10/31/2024' in ThongTin row 9" in flag["message"]
    assert "read as 05/06/2023, not 06/05/2023" in flag["message"]
    assert not _flags(result, "UNPARSEABLE_VALUE", "B03_OCOP")


@pytest.mark.parametrize(("signed", "recognized", "read"), [
    ("1/10/2024", "6/5/2023", dt.date(2023, 5, 6)),  # no date shows a style: day first
    ("10/31/2024", "15/06/2023", dt.date(2023, 6, 15)),  # the folder writes both ways
    ("13/01/2024", "6/5/2023", dt.date(2023, 5, 6)),  # the folder writes day first
    ("10/31/2024", "5/5/2023", dt.date(2023, 5, 5)),  # alike either way
    ("1/10/2024", "6/15/2023", dt.date(2023, 6, 15))])  # shows it itself, as before
def test_b03_dates_read_as_before_where_the_folder_is_not_month_first(
        tmp_path: Path, signed: str, recognized: str, read: dt.date) -> None:
    """Where no date of the folder shows a style, or it shows day first, or the date reads
    alike, B03's date is read as before, with no warning; one that is month first itself
    (``6/15/2023``) is read so with the sheet's info, as before."""
    result = _dated(tmp_path, signed, recognized)
    assert _recognized(result) == [read]
    assert not [f for f in _flags(result, "SHEET_LAYOUT", "B03_OCOP")
                if f["severity"] != "info"]


def test_b03_text_dates_of_a_workbook_are_read_day_first_as_before(tmp_path: Path) -> None:
    """A workbook keeps its dates as dates: ``6/5/2023`` typed as text beside ThongTin's
    `Ngày lập` typed ``10/31/2024`` is a person's typing, read day first (6 May)."""
    sheets = district_sheets(ThongTin=thongtin(2023, signed=None))
    info = sheets[0]
    info.rows[info.find(dt.date(2024, 1, 10))[0]][1] = "10/31/2024"
    b03 = next(s for s in sheets if s.name == "B03_OCOP")
    b03.rows[-1][6] = "6/5/2023"
    result = _read_b03(tmp_path, sheets)
    assert _recognized(result) == [dt.date(2023, 5, 6)]
    assert not _flags(result, "SHEET_LAYOUT", "B03_OCOP")


# --------------------------------------------------------------------- B05: a line explaining

FOOTNOTE = "Tiêu chí chưa đạt, đang hoàn thiện hồ sơ"
READ = {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
TITLE = "BIỂU 05: TIÊU CHÍ HUYỆN NÔNG THÔN MỚI"


def _b05(body: list[list], *, header: list | None = None, title: str = TITLE) -> OfficeSheet:
    return simple_sheet("B05_TieuChiHuyen", header or HEADER, body, title)


def _criteria() -> list[list]:
    return [[f"H{i + 1}", NAMES[i], MARKS[i]] for i in range(9)]


def _b05_flags(result: FileResult) -> list[dict]:
    return [f for f in result.flags if "B05" in (f.get("sheet") or "")]


def _rows(result: FileResult) -> int:
    return len(result.tables.get("b05_district_criteria", []))


@pytest.mark.parametrize("line", [
    ["(1)", FOOTNOTE, None],
    ["(1)", FOOTNOTE.upper(), None],
    ["(1)", "Tieu chi chua dat, dang hoan thien ho so", None],
    ["(1)", _nfd(FOOTNOTE), None],
    [f"(1) {FOOTNOTE}", None, None],
    ["(2)", "Đã được tỉnh thẩm định, chờ quyết định công nhận", None],
    ["(3)", "Tiêu chí Môi trường đang hoàn thiện hồ sơ", None],
])
def test_b05_a_numbered_line_explaining_after_the_nine_criteria_is_a_note(tmp_path, line):
    """``(1) | Tiêu chí chưa đạt, đang hoàn thiện hồ sơ`` under H1..H9 where no cell carries
    ``(1)``: after the ninth criterion, a sentence with no mark and no criterion's name, a
    person reads a note, not a tenth criterion. Before, a tenth criterion coded ``(1)`` with
    two errors. Now the nine criteria are read as typed, no flag, and the line is a note."""
    result = _read_b05(tmp_path, district_sheets(2023, B05=_b05([*_criteria(), line])))
    assert _marks(result) == READ and _rows(result) == 9
    assert not _b05_flags(result)
    notes = {u["row_number"] for u in result.tables.get("unmapped_cells", [])
             if u["sheet"] == "B05_TieuChiHuyen"}
    assert 13 in notes


@pytest.mark.parametrize("rows", [
    [["(10)", "Tiêu chí chưa đạt, đang hoàn thiện hồ sơ", None]],  # the next row's number
    [["(1)", "Quốc phòng và an ninh", None]],  # a name, no sentence
    [["(1)", FOOTNOTE, "Đạt"]],  # a mark: a row
    [["(1)", "Quy hoạch", None]],  # a criterion's name
])
def test_b05_numbered_lines_that_are_rows_are_read_as_before(tmp_path, rows):
    """A line numbered as the next row (``(10)``), naming something (no sentence), giving a
    mark or a criterion's name: a row as before, flagged as no criterion of the template."""
    result = _read_b05(tmp_path, district_sheets(2023, B05=_b05([*_criteria(), *rows])))
    assert _rows(result) == 10
    assert [f for f in _b05_flags(result) if f["severity"] == "error"]


def test_b05_a_numbered_line_before_all_nine_criteria_is_read_as_before(tmp_path):
    """The same line after H1..H8 only (H9 below it): it is not after the ninth criterion,
    so it is read as a row, as before."""
    criteria = _criteria()
    body = [*criteria[:8], ["(1)", FOOTNOTE, None], criteria[8]]
    result = _read_b05(tmp_path, district_sheets(2023, B05=_b05(body)))
    assert _rows(result) == 10


# --------------------------------------------------------------------- B05: maintaining

_B04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                    "Thực hiện", "Kế hoạch năm sau"],
                    [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]],
                    "BIỂU 04: KẾT QUẢ THỰC HIỆN NĂM 2023")


@pytest.mark.parametrize("title", [
    "KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN ĐẠT CHUẨN NTM NĂM 2020",
    "BIỂU 05: KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN ĐẠT CHUẨN NTM NĂM 2020",
    "Ket qua duy tri tieu chi huyen dat chuan NTM nam 2020",
    _nfd("KẾT QUẢ DUY TRÌ, NÂNG CAO CHẤT LƯỢNG CÁC TIÊU CHÍ HUYỆN LỘC BÌNH ĐẠT CHUẨN NÔNG THÔN "
         "MỚI NĂM 2020"),
    "BIỂU 05: DUY TRÌ TIÊU CHÍ HUYỆN ĐÃ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN NTM NĂM 2020",
])
def test_b05_titled_with_maintaining_the_districts_past_standard_is_the_years(tmp_path, title):
    """A 2023 report's B05 titled ``KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN ĐẠT CHUẨN NTM NĂM 2020``
    beside a B04 titled for 2023: what is maintained was reached before, so a person reads
    the criteria of the district recognised in 2020, kept up in the reporting year. Before,
    the sheet was another year's copy (refused). Now it is read as 2023's, no flag."""
    result = _read_b05(tmp_path, district_sheets(2023, B04=_B04,
                                                 B05=_b05(_criteria(), title=title)))
    assert result.reject_reason is None
    assert _marks(result) == READ
    assert not [f for f in _b05_flags(result) if f["check_code"] == "SHEET_LAYOUT"]


@pytest.mark.parametrize("title", [
    "BIỂU 05: HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "XÉT CÔNG NHẬN HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "BIỂU 05: TIÊU CHÍ HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN NTM NĂM 2022",
    "KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN PHẤN ĐẤU ĐẠT CHUẨN NTM NĂM 2022",
])
def test_b05_titled_as_another_years_figures_is_still_refused(tmp_path, title):
    """A copy of last year's form, the district as the object of another word, maintaining
    in a named year without the district's standing, or a plan: another year's copy,
    refused as before."""
    result = _read_b05(tmp_path, district_sheets(2023, B04=_B04,
                                                 B05=_b05(_criteria(), title=title)))
    assert _marks(result) == {}
    errors = [f for f in _b05_flags(result)
              if f["check_code"] == "SHEET_LAYOUT" and f["severity"] == "error"]
    assert len(errors) == 1 and "another year's copy of B05" in errors[0]["message"]
