"""More B01, B03 and whole workbooks as offices make them: variations found by building what
an office would send and comparing what a person reads with what reaches the raw tables."""

from __future__ import annotations

import pytest

from tests.office import COMMUNES, OfficeSheet, b01_two_row_header, district_sheets, thongtin
from tests.test_ingest_office import _flags, _marks_met, _read, _status

# --------------------------------------------------------------------------- B01 groups


def test_b01_criteria_under_the_five_groups_of_the_set_are_read_by_their_numbers(tmp_path):
    """The criteria under the set's own groups (`I. QUY HOẠCH` over 1, `II. HẠ TẦNG KINH TẾ
    - XÃ HỘI` over 2-9, …), as the decision lists them: each column is its number's."""
    groups = [("I. QUY HOẠCH", 1), ("II. HẠ TẦNG KINH TẾ - XÃ HỘI", 8),
              ("III. KINH TẾ VÀ TỔ CHỨC SẢN XUẤT", 4),
              ("IV. VĂN HÓA - XÃ HỘI - MÔI TRƯỜNG", 4), ("V. HỆ THỐNG CHÍNH TRỊ", 2)]
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    for name, width in groups:
        if width > 1:
            merges.append((2, len(top), 2, len(top) + width - 1))
        top += [name] + [None] * (width - 1)
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + 4)]
    top += ["Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
            "Năm đạt NTM kiểu mẫu"]
    low = [None] * 3 + [str(n) for n in range(1, 20)] + [None] * 4
    body = [[k, code, name, *(["x"] * met + [None] * (19 - met)), met, ntm, advanced, None]
            for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1)]
    b01 = OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)
    got = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(got) == {code: met for code, _, met, _, _ in COMMUNES}
    assert {(m["criterion_no"], m["column_name"]) for m in got.tables["b01_marks"]
            if m["commune_code"] == "06532" and m["criterion_no"] in (1, 2, 19)} == {
        (1, "D (I. QUY HOẠCH | 1)"), (2, "E (II. HẠ TẦNG KINH TẾ - XÃ HỘI | 2)"),
        (19, "V (V. HỆ THỐNG CHÍNH TRỊ | 19)")}
    assert not [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"]


# --------------------------------------------------------------------------- criteria sets


@pytest.mark.parametrize(("year", "stated", "used"), [(2024, "2026-2030", "2021-2025"),
                                                      (2019, "2021-2025", "2016-2020"),
                                                      (2020, "2026 - 2030", "2016-2020")])
def test_a_criteria_set_that_begins_after_the_reporting_year_is_the_years_set(
        tmp_path, year, stated, used):
    """`Bộ tiêu chí: 2026-2030` in a report on 2024, whose B01 has the 19 criteria of that
    year: the set of Decision 51/2025/QĐ-TTg did not exist yet, so the form was filled by
    mistake. Before, B01 was read against the ten criteria and refused (SHEET_LAYOUT error,
    every commune lost). The year's set is used, with a warning at the ThongTin cell."""
    info = thongtin(year, criteria_set=stated)
    got = _read(tmp_path, district_sheets(year, ThongTin=info), f"{year}/office.xlsx")
    assert got.identity.criteria_set == used
    assert _marks_met(got) == {code: met for code, _, met, _, _ in COMMUNES}
    (flag,) = [f for f in got.flags if f["sheet"] == "ThongTin"]
    assert (flag["check_code"], flag["severity"], flag["row_number"]) == (
        "UNPARSEABLE_VALUE", "warning", info.find("Bộ tiêu chí")[0] + 1)
    assert not [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"]


@pytest.mark.parametrize(("year", "stated"), [(2021, "2016-2020"), (2023, "2021-2025"),
                                              (2021, "2021-2025"), (2026, "2021-2025")])
def test_a_criteria_set_begun_by_the_reporting_year_is_read_as_stated(tmp_path, year, stated):
    """2021 was reported on the 2016-2020 criteria (Decision 318/QĐ-TTg came in 2022), and a
    set may be kept after its period while the next one comes in: a set begun by the
    reporting year is the one stated, without a flag."""
    # from 2025 a province reports its communes itself
    info = (thongtin(year, criteria_set=stated) if year < 2025 else
            thongtin(year, level="Tỉnh", district=None, criteria_set=stated))
    got = _read(tmp_path, district_sheets(year, ThongTin=info), f"{year}/office.xlsx")
    assert got.identity.criteria_set == stated
    assert not [f for f in got.flags if f["sheet"] == "ThongTin"]


# --------------------------------------------------------------------------- criteria of a time


def _b01_criteria_under(group: str) -> OfficeSheet:
    """The office's B01 with ``group`` merged over the 19 criterion columns."""
    sheet = b01_two_row_header()
    sheet.rows[3][4] = group
    return sheet


@pytest.mark.parametrize("group", ["Tiêu chí đạt chuẩn năm 2022", "Kết quả đánh giá năm 2022",
                                   "Tiêu chí đạt chuẩn đến 31/12/2022",
                                   "Tiêu chí đạt năm trước", "Kế hoạch năm 2024",
                                   "Dự kiến tiêu chí đạt", "Tiêu chí đăng ký đạt",
                                   "Kết quả 6 tháng đầu năm", "Tiêu chí đạt đến 30/9/2023"])
def test_b01_criteria_under_a_heading_of_another_year_a_plan_or_part_of_the_year_are_not_read(
        tmp_path, group):
    """`Kế hoạch năm 2024` or `Tiêu chí đạt chuẩn năm 2022` merged over the criteria of a
    2023 report: the marks are next year's plan or last year's results. They were read as
    the criteria met in 2023, without a flag. They are not read: without the year's marks
    B01 is not usable (SHEET_LAYOUT error), the columns named."""
    got = _read(tmp_path, district_sheets(B01=_b01_criteria_under(group)))
    assert "b01_marks" not in got.tables
    assert _status(got, "B01")["status"] == "unusable"
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert layout["severity"] == "error" and "lacks criterion columns 1, 2" in layout["message"]
    (column, *_) = [f for f in _flags(got, "UNKNOWN_COLUMN") if f["column_name"][0] == "E"]
    assert "is criterion 1 " in column["message"]
    assert "not the criteria met in 2023" in column["message"]


def test_b01_the_years_criteria_beside_last_years_are_read(tmp_path):
    """`Kết quả năm 2022` over 19 criteria, then `Kết quả năm 2023` over 19 more: the
    reporting year's are read, last year's kept. Before, the sheet was refused (each
    criterion had two columns)."""
    c19 = [str(n) for n in range(1, 20)]
    top = ["STT", "Mã xã", "Tên xã", "Kết quả năm 2022", *[None] * 18, "Kết quả năm 2023",
           *[None] * 18, "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
    body = [[k, code, name, *(["x"] * min(met + 2, 19) + [None] * (19 - min(met + 2, 19))),
             *(["x"] * met + [None] * (19 - met)), ntm, advanced, None]
            for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1)]
    merges = [(2, 3, 2, 21), (2, 22, 2, 40), *((2, j, 3, j) for j in (0, 1, 2, 41, 42, 43))]
    sheet = OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, [None] * 3 + c19 + c19,
                                          *body], merges)
    got = _read(tmp_path, district_sheets(B01=sheet))
    assert _marks_met(got) == {code: met for code, _, met, _, _ in COMMUNES}
    assert {m["column_name"][:2] for m in got.tables["b01_marks"]} >= {"W ", "AO"}
    assert not [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"
                and f["severity"] != "info"]


@pytest.mark.parametrize("group", ["Tiêu chí đạt chuẩn năm 2023", "Tiêu chí đạt năm nay",
                                   "Tiêu chí đạt chuẩn (lũy kế)",
                                   "Kết quả đến 31/12/2023", "Kết quả thực hiện đến nay",
                                   "Bộ tiêu chí giai đoạn 2021-2025",
                                   "Tiêu chí theo QĐ 318/QĐ-TTg ngày 08/3/2022",
                                   "Kết quả thực hiện các tiêu chí năm 2021 - 2025"])
def test_b01_criteria_under_a_heading_of_the_year_or_its_set_are_read_as_before(
        tmp_path, group):
    got = _read(tmp_path, district_sheets(B01=_b01_criteria_under(group)))
    assert _marks_met(got) == {code: met for code, _, met, _, _ in COMMUNES}
    assert not [f for f in got.flags if f["sheet"] == "B01_TieuChiXa"
                and f["check_code"] != "UNKNOWN_COLUMN"]
