"""B04 and B05 rows as offices write them: the period an income's name gives, plans of the
whole period, blocks of several years or assessors stacked in one sheet, heading and
sub-criterion rows, and header words for the next year's target and B03's date and rating
(docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that what was not understood feeds nothing and says why.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write

B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/rows.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, code: str, sheet: str = "") -> list[dict]:
    return [f for f in result.flags
            if f["check_code"] == code and sheet in (f.get("sheet") or "")]


def _b04(header: list, body: list) -> OfficeSheet:
    return simple_sheet("B04_ChiTieu", header, body, "BIỂU 04: CHỈ TIÊU")


def _figures(result: FileResult) -> list[tuple]:
    return [(r["indicator_code"], r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]]


# --------------------------------------------------------------------------- B04 income period


@pytest.mark.parametrize(("name", "unit", "typed"), [
    ("Thu nhập bình quân đầu người/tháng", "nghìn đồng/người", 3800),
    ("Thu nhập bình quân đầu người/tháng", "Nghìn đồng", 3800),
    ("Thu nhập bình quân đầu người / tháng", "triệu đồng", 3.8),
    ("Thu nhập bình quân đầu người một tháng", "triệu đồng/người", 3.8),
    ("Thu nhập bình quân (tháng)", "Nghìn đồng", 3800),
    ("Thu nhập bình quân đầu người (triệu đồng/tháng)", "Triệu đồng", 3.8),
    ("Thu nhập bình quân đầu người hằng tháng", "nghìn đồng", 3800),
    (unicodedata.normalize("NFD", "Thu nhập bình quân đầu người/tháng"), "nghìn đồng", 3800),
    ("THU NHAP BINH QUAN DAU NGUOI/THANG", "NGHÌN ĐỒNG", 3800),
    ("Thu nhập bình quân đầu người/tháng", None, 3.8),
])
def test_b04_income_per_month_in_its_name_is_read_per_year(tmp_path, name, unit, typed):
    """A person reads ``Thu nhập bình quân đầu người/tháng | nghìn đồng/người | 3.800`` as
    3,8 million a month, 45,6 million a year: the unit cell gives the money, the name the
    period. Read per year, it was stored as 3,8 million a year, 12 times too low. With no
    unit at all, the template's money is per the period the name gives."""
    body = [["THU_NHAP_BQ", name, unit, typed, typed, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [
        ("THU_NHAP_BQ", pytest.approx(45.6), pytest.approx(45.6), None)]
    (converted,) = _flags(result, "UNIT_CONVERTED")
    assert "as its name says" in converted["message"]
    assert not [f for f in result.flags if f["severity"] == "error" and "B04" in f["sheet"]]


@pytest.mark.parametrize(("name", "unit", "typed", "read"), [
    ("Thu nhập bình quân đầu người/năm", "nghìn đồng/người", 45600, 45.6),
    ("Thu nhập bình quân đầu người năm 2023", "triệu đồng/người", 45.6, 45.6),
    ("Thu nhập bình quân đầu người", "nghìn đồng/tháng", 3800, 45.6),
    ("Thu nhập bình quân đầu người", "triệu đồng", 45.6, 45.6),
    ("Thu nhập bình quân đầu người (nghìn đồng/tháng)", None, 3800, 45.6),
    ("Thu nhập bình quân đầu người/tháng", "nghìn đồng/người/tháng", 3800, 45.6),
])
def test_b04_income_whose_name_gives_no_other_period_is_read_as_before(tmp_path, name, unit,
                                                                         typed, read):
    """A name per year, a year that dates the figure (``năm 2023``), a name with no period,
    or a name and unit giving the same period: read as before."""
    body = [["THU_NHAP_BQ", name, unit, typed, typed, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [
        ("THU_NHAP_BQ", pytest.approx(read), pytest.approx(read), None)]


@pytest.mark.parametrize(("name", "unit"), [
    ("Thu nhập bình quân đầu người/năm", "nghìn đồng/người/tháng"),
    ("Thu nhập bình quân đầu người/tháng", "triệu đồng/người/năm"),
    ("Thu nhập bình quân/tháng (triệu đồng/năm)", None),
])
def test_b04_income_whose_name_and_unit_give_two_periods_is_not_read(tmp_path, name, unit):
    """``Thu nhập bình quân đầu người/năm | nghìn đồng/người/tháng``: a month's or a year's
    income? A person cannot tell, so nothing is read: UNIT_CONFLICT error at the name."""
    body = [["THU_NHAP_BQ", name, unit, 4000, 4000, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER, body)))
    assert _figures(result) == [("THU_NHAP_BQ", None, None, None)]
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert (conflict["severity"], conflict["row_number"], conflict["column_name"]) == (
        "error", 4, "B (Chỉ tiêu)")


# --------------------------------------------------------------------------- B04 period plans

_PERIOD_PLAN_DATA = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 8, 1, 2],
                     ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 3, 4.8, 4]]


@pytest.mark.parametrize("plan", [
    "Kế hoạch trung hạn", "Kế hoạch 5 năm", "Kế hoạch cả giai đoạn", "KH giai đoạn",
    "Kế hoạch cả nhiệm kỳ", "Chỉ tiêu giao đến năm 2025", "KE HOACH TRUNG HAN",
    unicodedata.normalize("NFD", "Kế hoạch 05 năm")])
def test_b04_a_plan_of_the_period_is_not_the_years_target(tmp_path, plan):
    """``Kế hoạch trung hạn | 8`` beside ``Thực hiện năm 2023 | 1``: the district's plan for
    2021-2025, eight communes over five years, was stored as the 2023 target without a
    flag (``Kế hoạch 5 năm`` and ``cả giai đoạn`` refused only the new communes). It is no
    year's target: the column is set aside (UNKNOWN_COLUMN), the year's result and the next
    year's target are read."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", plan, "Thực hiện năm 2023", "Kế hoạch năm 2024"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, _PERIOD_PLAN_DATA)))
    assert _figures(result) == [("XA_DAT_CHUAN_MOI", None, 1.0, 2.0),
                                ("TY_LE_HO_NGHEO", None, 4.8, 4.0)]
    (column,) = [f for f in _flags(result, "UNKNOWN_COLUMN", "B04")
                 if f["column_name"].startswith("D")]
    assert "period's plan" in column["message"]
    assert not [f for f in result.flags if f["severity"] == "error" and "B04" in f["sheet"]]


@pytest.mark.parametrize("plan", ["Kế hoạch", "Kế hoạch năm 2023", "KH năm nay",
                                  "Kế hoạch (theo Bộ tiêu chí giai đoạn)"])
def test_b04_the_years_plan_is_read_as_before(tmp_path, plan):
    """The year's own plan, and one saying what criteria it is measured by (``theo Bộ tiêu
    chí giai đoạn``), stay the target."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", plan, "Thực hiện năm 2023", "Kế hoạch năm 2024"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, _PERIOD_PLAN_DATA)))
    assert _figures(result) == [("XA_DAT_CHUAN_MOI", 8.0, 1.0, 2.0),
                                ("TY_LE_HO_NGHEO", 3.0, 4.8, 4.0)]


def test_b04_a_year_under_the_period_plan_is_that_years_part_of_it(tmp_path):
    """``Kế hoạch trung hạn`` over ``Năm 2023 | Năm 2024``: the plan broken down by year, its
    2023 column this year's target and its 2024 column the next year's, as read before."""
    rows = [["BIỂU 04"], [],
            ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch trung hạn", None, "Thực hiện"],
            [None, None, None, "Năm 2023", "Năm 2024", "Năm 2023"],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 3, 1]]
    merges = [(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 4), (2, 5, 3, 5)]
    result = _read(tmp_path, district_sheets(B04=OfficeSheet("B04_ChiTieu", rows, merges)))
    assert _figures(result) == [("XA_DAT_CHUAN_MOI", 2.0, 1.0, 3.0)]


# --------------------------------------------------------------------------- blocks of years


def _errors(result: FileResult, sheet: str) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error" and sheet in (f["sheet"] or "")]


@pytest.mark.parametrize(("old", "new"), [
    ("I. NĂM 2022", "II. NĂM 2023"),
    ("I. KẾT QUẢ NĂM 2022", "II. KẾT QUẢ NĂM 2023"),
    (unicodedata.normalize("NFD", "Kết quả thực hiện năm 2022"), "Kết quả thực hiện năm 2023"),
    ("a) nam 2022", "b) nam 2023"),
])
def test_b04_a_block_of_another_year_is_not_the_years(tmp_path, old, new):
    """``I. NĂM 2022`` over last year's rows, then ``II. NĂM 2023`` over this year's: a person
    reads this year's block. Read as one list, 2022's rows were stored as the 2023 report's
    and the headings as rows of their own. The headings are notes, 2022's rows are not read
    (an error at its heading naming them), 2023's are read."""
    body = [[None, old, None, None, None],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", 90, 88.5],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 6, 5.9],
            [None, new, None, None, None],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER[:5], body)))
    assert [(r[0], r[1], r[2]) for r in _figures(result)] == [
        ("XA_DAT_CHUAN_MOI", 2.0, 1.0), ("TY_LE_HO_NGHEO", 5.0, 4.8)]
    (error,) = _errors(result, "B04")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert "rows 5-6" in error["message"] and "2022" in error["message"]


def test_b04_a_sheet_of_another_year_alone_is_not_read(tmp_path):
    """A 2023 report whose one block is headed ``NĂM 2022``: nothing in it is the year's."""
    body = [[None, "NĂM 2022", None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 6, 5.9]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER[:5], body)))
    assert not result.tables.get("b04_targets")
    assert [f["row_number"] for f in _errors(result, "B04")] == [4]


def test_b04_the_years_block_alone_and_other_headings_are_read_as_before(tmp_path):
    """A heading naming the reporting year (``NĂM 2023``) is a note over rows read as the
    year's; a heading naming more than a year (``Số xã đạt chuẩn năm 2022`` with no figure)
    opens no block."""
    body = [[None, "NĂM 2023", None, None, None],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1],
            [None, "Chỉ tiêu xã hội (so với năm 2022)", None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]]
    result = _read(tmp_path, district_sheets(B04=_b04(B04_HEADER[:5], body)))
    assert [(r[0], r[1], r[2]) for r in _figures(result)
            if r[0] is not None] == [("XA_DAT_CHUAN_MOI", 2.0, 1.0), ("TY_LE_HO_NGHEO", 5.0, 4.8)]
    assert "NĂM 2023" not in [r["indicator_name"] for r in result.tables["b04_targets"]]
    assert not _errors(result, "B04")


def test_b06_a_block_of_another_year_is_not_the_years(tmp_path):
    """B06 reads its rows as B04 does: ``Năm 2022`` over last year's values is not read."""
    header = ["Mã chỉ số", "Chỉ số", "Giá trị"]
    body = [[None, "Năm 2022", None], ["SO_XA", "Số xã", 200],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 150], [None, "Năm 2023", None],
            ["SO_XA", "Số xã", 198], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 160]]
    sheets = [thongtin(2023, level="Tỉnh", district=None),
              OfficeSheet("B06_TongHop", [["BIỂU 06"], header, *body])]
    result = _read(tmp_path, sheets, "2023/province.xlsx")
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]] == [
        ("SO_XA", 198.0), ("SO_XA_DAT_CHUAN", 160.0)]
    (error,) = _errors(result, "B06")
    assert error["row_number"] == 3


B05_HEADER = ["Mã tiêu chí", "Tên tiêu chí", "Đạt"]


def _b05(body: list, header: list | None = None) -> OfficeSheet:
    return simple_sheet("B05_TieuChiHuyen", header or B05_HEADER, body, "BIỂU 05")


def _marks(result: FileResult) -> list[tuple]:
    return [(r["criterion_code"], r["mark"])
            for r in result.tables.get("b05_district_criteria", [])]


def test_b05_a_block_of_another_year_is_not_the_years(tmp_path):
    """``I | Kết quả năm 2022`` over last year's nine criteria, then ``II | Kết quả năm
    2023``: last year's marks were stored as this year's beside them, and each heading as a
    criterion not met. The headings are notes; 2022's block is not read (an error)."""
    body = ([["I", "Kết quả năm 2022", None]]
            + [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 3 else "Chưa đạt"]
               for i in range(1, 10)]
            + [["II", "Kết quả năm 2023", None]]
            + [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 8 else "Chưa đạt"]
               for i in range(1, 10)])
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    assert _marks(result) == [(f"H{i}", "met" if i < 8 else "not_met") for i in range(1, 10)]
    (error,) = _errors(result, "B05")
    assert error["row_number"] == 4 and "rows 5-13" in error["message"]


# --------------------------------------------------------------------------- B05 rows

B05_NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
             "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường",
             "Chất lượng môi trường sống",
             "Hệ thống chính trị - An ninh trật tự - Hành chính công"]


@pytest.mark.parametrize("headings", [
    ("Huyện tự đánh giá", "Tỉnh thẩm định"),
    ("A. HUYEN TU DANH GIA", unicodedata.normalize("NFD", "B. Tỉnh thẩm định"))])
def test_b05_blocks_by_assessor_give_a_criterion_twice(tmp_path, headings):
    """``Huyện tự đánh giá`` over H1..H9, then ``Tỉnh thẩm định`` over H1..H9: each heading was
    stored as a criterion not met, and a criterion the two marked differently was stored
    twice, met and not met, without a flag. The headings are notes; a criterion given twice
    with two marks is an error at both rows and counted neither way; one given twice alike
    is left as it was (downstream's DUPLICATE_ROW)."""
    own, appraisal = headings
    body = ([[None, own, None]]
            + [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt"] for i in range(1, 10)]
            + [[None, appraisal, None]]
            + [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 6 else "Chưa đạt"]
               for i in range(1, 10)])
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    marks = _marks(result)
    assert None not in [code for code, _ in marks]  # no heading stored as a criterion
    assert marks == ([(f"H{i}", "met" if i < 6 else "unparseable") for i in range(1, 10)] * 2)
    errors = _errors(result, "B05")
    assert sorted(f["row_number"] for f in errors) == [10, 11, 12, 13, 20, 21, 22, 23]
    assert all(f["check_code"] == "UNPARSEABLE_VALUE" for f in errors)


def test_b05_a_heading_row_is_a_note(tmp_path):
    """``I | Các tiêu chí đã đạt`` over criteria, no mark: a heading, not a criterion not
    met. A criterion by its name with no mark stays a criterion not met, as before."""
    body = [["I", "Các tiêu chí đã đạt", None], ["H1", B05_NAMES[0], "Đạt"],
            ["II", "Các tiêu chí chưa đạt", None], [None, B05_NAMES[1], None]]
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    assert _marks(result) == [("H1", "met"), ("H2", "not_met")]
    assert not _errors(result, "B05")


@pytest.mark.parametrize("code", ["H2", "h2"])
def test_b05_code_and_name_of_two_criteria_are_not_read(tmp_path, code):
    """``H2 | Thủy lợi và phòng, chống thiên tai | Đạt`` (H3's name), as codes typed down a
    list sorted by its marks give: the mark was stored as H2's without a flag. As B04's
    code and name of two indicators are, it is an error and not read; code and name of
    one criterion, or a name that is no criterion's, are read by the code as before."""
    body = [["H1", B05_NAMES[0], "Đạt"], [code, B05_NAMES[2], "Đạt"],
            ["H3", "Tiêu chí huyện 3", "Chưa đạt"]]
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    assert _marks(result) == [("H1", "met"), ("H2", "unparseable"), ("H3", "not_met")]
    (error,) = _errors(result, "B05")
    assert (error["row_number"], error["column_name"]) == (5, "B (Tên tiêu chí)")
    assert "H3" in error["message"]


def test_b05_a_code_and_name_of_no_criterion_are_not_read(tmp_path):
    """``10 | An ninh, trật tự xã hội | Đạt`` under the nine criteria numbered 1 to 9: no
    criterion of the template, stored as a tenth without a flag. An error, not read; the
    numbered criteria are read by their names as before."""
    body = [[f"{i + 1}", name, "Đạt"] for i, name in enumerate(B05_NAMES)]
    body.append(["10", "An ninh, trật tự xã hội", "Đạt"])
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    assert _marks(result) == [*[(f"H{i}", "met") for i in range(1, 10)], ("10", "unparseable")]
    (error,) = _errors(result, "B05")
    assert (error["row_number"], error["column_name"]) == (13, "A (Mã tiêu chí)")


@pytest.mark.parametrize("sub", ["H5.1", "h5.2", "5.1"])
def test_b05_a_sub_criterion_row_is_a_note_of_its_criterion(tmp_path, sub):
    """``H5.1 | Y tế | Đạt`` under ``H5`` with no mark: the criterion's part, a note, as
    ``2.1`` rows already were; its criterion's blank is read from its parts (``Chưa đạt``
    among them: not met)."""
    body = [["H4", B05_NAMES[3], "Đạt"], ["H5", B05_NAMES[4], None],
            [sub, "Y tế", "Đạt"], ["H5.3", "Giáo dục", "Chưa đạt"], ["H6", B05_NAMES[5], "Đạt"]]
    result = _read(tmp_path, district_sheets(B05=_b05(body)))
    assert _marks(result) == [("H4", "met"), ("H5", "not_met"), ("H6", "met")]
    assert not _errors(result, "B05")


# --------------------------------------------------------------------------- header words


@pytest.mark.parametrize("header", ["Phấn đấu năm 2024", "Dự kiến năm 2024", "Đăng ký năm 2024",
                                    "DANG KY NAM 2024",
                                    unicodedata.normalize("NFD", "Phấn đấu năm 2024")])
def test_b04_next_years_target_striven_for_is_read(tmp_path, header):
    """``Phấn đấu năm 2024`` in a 2023 report is next year's target, as ``Kế hoạch năm 2024``
    is: it was set aside as a column matching nothing."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04([*B04_HEADER[:5], header], body)))
    assert _figures(result) == [("XA_DAT_CHUAN_MOI", 2.0, 1.0, 3.0)]


@pytest.mark.parametrize(("header", "read"), [
    ("Phấn đấu năm 2023", (3.0, 1.0, None)), ("Phấn đấu", (None, 1.0, None)),
    ("Dự kiến năm 2022", (None, 1.0, None))])
def test_b04_a_target_striven_for_resolves_by_its_year(tmp_path, header, read):
    """Its year resolves it: the reporting year's is the target, another year's is not
    read; without a year it does not say whose target it is and stays unread."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 3]]
    header_row = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Thực hiện", header]
    result = _read(tmp_path, district_sheets(B04=_b04(header_row, body)))
    assert _figures(result) == [("XA_DAT_CHUAN_MOI", *read)]


@pytest.mark.parametrize(("stars", "date"), [
    ("Đạt hạng", "Ngày công nhận"), ("Số sao", "Thời điểm công nhận"),
    ("ĐẠT HẠNG", unicodedata.normalize("NFD", "Thời điểm công nhận")),
    ("dat hang", "thoi diem cong nhan")])
def test_b03_rating_headed_dat_hang_and_date_headed_thoi_diem_are_read(tmp_path, stars, date):
    """``Đạt hạng`` (the rating reached) and ``Thời điểm công nhận`` (when recognized) head
    the rating and the date: the sheet was refused for lacking them."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", stars, date,
              "Số quyết định", "Cấp công nhận"]
    body = [[1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 4, dt.date(2023, 6, 15), "1/QĐ-UBND",
             "Tỉnh"]]
    b03 = simple_sheet("B03_OCOP", header, body, "BIỂU 03: SẢN PHẨM OCOP")
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [(r["stars"], r["recognized_on"]) for r in result.tables["b03_ocop"]] == [
        (4, dt.date(2023, 6, 15))]
