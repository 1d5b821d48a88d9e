"""Workbooks as offices really make them (docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that a sheet that was not fully understood feeds nothing and says why.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.discover import FoundFile
from pipelines.ingest.reader import FileResult, read_found, read_submission
from tests.office import (
    B02_VALUES,
    COMMUNES,
    COMMUNES_2025,
    CRITERIA_2021,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    in_unit,
    simple_sheet,
    thongtin,
    write,
    xls_book,
)


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/office.xlsx",
          vocab=None) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name, vocab)


def _flags(result: FileResult, code: str) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == code]


def _status(result: FileResult, code: str) -> dict:
    return next(s for s in result.tables["sheets"] if s["sheet_code"] == code)


def _marks_met(result: FileResult) -> dict[str, int]:
    met: dict[str, int] = {}
    for m in result.tables.get("b01_marks", []):
        met[m["commune_code"]] = met.get(m["commune_code"], 0) + (m["mark"] == "met")
    return met


EXPECTED_MET = {code: met for code, _, met, _, _ in COMMUNES}


# --------------------------------------------------------------------------- multi-row headers


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_two_row_header_with_merged_cells_is_one_header(tmp_path, suffix):
    """STT/Mã xã/Tên xã merged down over two rows, "Tiêu chí đạt chuẩn" merged across 1-19,
    "Năm đạt chuẩn" over NTM / nâng cao / kiểu mẫu, then a row numbering the columns: the
    copied-down "Mã xã" and the numbers are header, not data."""
    result = _read(tmp_path, district_sheets(), f"2023/two_rows.{suffix}")
    communes = result.tables["b01_communes"]
    assert [(c["commune_code"], c["row_number"]) for c in communes] == [
        ("06532", 7), ("06541", 8), ("06544", 9)]
    assert [(c["ntm_year"], c["advanced_year"], c["model_year"]) for c in communes] == [
        (2019, 2022, None), (None, None, None), (None, None, None)]
    assert _marks_met(result) == EXPECTED_MET
    assert {m["criterion_no"] for m in result.tables["b01_marks"]} == set(range(1, 20))
    assert result.flags == []
    assert _status(result, "B01")["row_number"] == 4  # the header block starts at row 4
    # Dân số is an extra column: kept, not read, not an error.
    kept = {c["value"] for c in result.tables["unmapped_cells"] if c["column_name"] == "D"}
    assert {"5001", "5002", "5003"} <= kept


def test_three_row_header_with_a_group_above_a_group(tmp_path):
    b01 = b01_two_row_header()
    header = b01.find("STT")[0]
    b01.rows.insert(header, ["Đơn vị", None, None, None, "Kết quả thực hiện"])
    b01.merges = [(r0 + (r0 >= header), c0, r1 + (r1 >= header), c1)
                  for r0, c0, r1, c1 in b01.merges]
    b01.merges += [(header, 0, header, 3), (header, 4, header, 30)]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert _marks_met(result) == EXPECTED_MET
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_two_row_header_without_merged_cells_as_in_a_csv(tmp_path):
    """Without merges (CSV exports, some writers) a group header sits over its first column
    only; the numbered sub-header row below still names the criteria."""
    b01 = b01_two_row_header()
    b01.merges = []
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result) == EXPECTED_MET
    communes = result.tables["b01_communes"]
    assert communes[0]["ntm_year"] == 2019 and communes[0]["advanced_year"] == 2022


# --------------------------------------------------------------------------- criteria by name


@pytest.mark.parametrize("style", [
    "{name}", "{n}. {name}", "TC{n} - {name}", "Tiêu chí {n}: {name}", "TC{n:02d}",
    "{nfd}",
])
def test_criterion_columns_headed_by_name_or_number_and_name(tmp_path, style):
    headers = [style.format(n=n, name=name, nfd=unicodedata.normalize("NFD", name.upper()))
               for n, name in enumerate(CRITERIA_2021, 1)]
    result = _read(tmp_path, district_sheets(B01=b01_two_row_header(headers)))
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == EXPECTED_MET
    assert {m["criterion_no"] for m in result.tables["b01_marks"]} == set(range(1, 20))


def test_short_names_offices_use_for_criteria(tmp_path):
    short = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Trường học", "CSVC văn hóa",
             "Chợ nông thôn", "Thông tin - Truyền thông", "Nhà ở", "Thu nhập", "Hộ nghèo",
             "Lao động", "Tổ chức sản xuất", "Giáo dục", "Y tế", "Văn hóa", "Môi trường",
             "Hệ thống chính trị", "An ninh trật tự"]
    result = _read(tmp_path, district_sheets(B01=b01_two_row_header(short)))
    assert sorted(m["criterion_no"] for m in result.tables["b01_marks"]
                  if m["commune_code"] == "06532") == list(range(1, 20))


def test_the_2016_2020_names_in_a_2019_report(tmp_path):
    names = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Trường học",
             "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn",
             "Thông tin và Truyền thông", "Nhà ở dân cư", "Thu nhập", "Hộ nghèo",
             "Lao động có việc làm", "Tổ chức sản xuất", "Giáo dục và Đào tạo", "Y tế",
             "Văn hóa", "Môi trường và an toàn thực phẩm",
             "Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh"]
    sheets = district_sheets(2019, ThongTin=thongtin(2019),
                             B01=b01_two_row_header(names))
    result = _read(tmp_path, sheets, "2019/old_names.xlsx")
    assert result.identity.criteria_set == "2016-2020"
    assert _marks_met(result) == EXPECTED_MET


def test_the_ten_criteria_of_2026_headed_by_their_decision_51_names(tmp_path):
    names = ["Quy hoạch", "Hạ tầng kinh tế - xã hội", "Phát triển kinh tế nông thôn",
             "Đào tạo nguồn nhân lực nông thôn", "Văn hóa, giáo dục, y tế",
             "Giảm nghèo và an sinh xã hội", "Khoa học công nghệ và chuyển đổi số",
             "Môi trường và cảnh quan nông thôn",
             "Xây dựng hệ thống chính trị và hành chính công",
             "Tiếp cận pháp luật và an ninh, quốc phòng"]
    b01 = b01_two_row_header(names, communes=COMMUNES_2025)
    # Ten criteria: the first commune meets all ten, the others as many as they can.
    for row in b01.rows:
        if len(row) > 1 and row[1] in {c[0] for c in COMMUNES_2025}:
            row[4:14] = ["Đạt" if k < {"06541": 10, "06565": 7, "06577": 4}[row[1]] else
                         "Chưa đạt" for k in range(10)]
            row[14] = {"06541": 10, "06565": 7, "06577": 4}[row[1]]
    sheets = [thongtin(2026, level="Tỉnh", district=None), b01]
    result = _read(tmp_path, sheets, "2026/province.xlsx")
    assert result.identity.criteria_set == "2026-2030"
    assert _marks_met(result) == {"06541": 10, "06565": 7, "06577": 4}
    assert {c["criteria_columns"] for c in result.tables["b01_communes"]} == {10}


def _b01_listing_unmet(rows: list[list[object]], count: bool = True) -> OfficeSheet:
    """B01 without a column per criterion: each commune's criteria not met listed in one
    cell, beside its count of criteria met (or without it)."""
    header = ["STT", "Mã xã", "Tên xã", *(["Số tiêu chí đạt"] if count else []),
              "Các tiêu chí chưa đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
              "Năm đạt NTM kiểu mẫu"]
    body = [[k + 1, code, name, *(([met]) if count else []), listed, None, None, None]
            for k, (code, name, met, listed) in enumerate(rows)]
    return simple_sheet("B01_TieuChiXa", header, body)


def test_b01_listing_the_criteria_not_met_in_one_column_is_read(tmp_path):
    """`Các tiêu chí chưa đạt`: `5, 13, 17, 18` in one cell where the template has a column
    per criterion. Before, the sheet fed nothing for want of the 19 columns. A person reads
    the commune as meeting every criterion but those listed, by number (`TC 2`), by name
    (`Thủy lợi và Môi trường`), or none (blank, beside a count of 19)."""
    b01 = _b01_listing_unmet([
        ("06532", "Xã Mẫu Sơn", 19, None),
        ("06541", "Xã Yên Khoái", 15, "5, 13, 17, 18"),
        ("06544", "Xã Khánh Xuân", 12, "TC 2; TC5, 6, 13 và 14, Thủy lợi, Môi trường"),
        ("06547", "Xã Tú Mịch", "17/19", "Giao thông, Điện"),
    ])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == {"06532": 19, "06541": 15, "06544": 12, "06547": 17}
    unmet = {(m["commune_code"], m["criterion_no"]) for m in result.tables["b01_marks"]
             if m["mark"] == "not_met"}
    assert {n for c, n in unmet if c == "06544"} == {2, 3, 5, 6, 13, 14, 17}
    assert {n for c, n in unmet if c == "06547"} == {2, 4}
    row = next(m for m in result.tables["b01_marks"] if m["commune_code"] == "06541")
    assert (row["column_name"], row["value_text"]) == (
        "E (Các tiêu chí chưa đạt)", "5, 13, 17, 18")
    assert {c["criteria_columns"] for c in result.tables["b01_communes"]} == {19}
    assert not [f for f in result.flags if f["sheet"] == "B01_TieuChiXa"]


def test_b01_a_list_of_criteria_not_met_that_cannot_be_trusted_leaves_the_count_unknown(
        tmp_path):
    """A list that disagrees with the row's count, names something that is no criterion, or
    is blank beside a count below 19 (left blank, or not filled in?): the commune's marks
    are all unparseable, so its count is not computed, and one error names the cell."""
    b01 = _b01_listing_unmet([
        ("06532", "Xã Mẫu Sơn", 16, "5, 13"),
        ("06541", "Xã Yên Khoái", 18, "Giao thông nông thôn"),
        ("06544", "Xã Khánh Xuân", 17, None),
        ("06547", "Xã Tú Mịch", 18, 17),
    ])
    result = _read(tmp_path, district_sheets(B01=b01))
    marks = {}
    for m in result.tables["b01_marks"]:
        marks.setdefault(m["commune_code"], set()).add(m["mark"])
    assert marks == {"06532": {"unparseable"}, "06541": {"unparseable"},
                     "06544": {"unparseable"}, "06547": {"met", "not_met"}}
    flags = [(f["row_number"], f["column_name"], f["raw_value"])
             for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B01_TieuChiXa"]
    assert flags == [(4, "E (Các tiêu chí chưa đạt)", "5, 13"),
                     (5, "E (Các tiêu chí chưa đạt)", "Giao thông nông thôn"),
                     (6, "E (Các tiêu chí chưa đạt)", "")]
    messages = [f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert "'5, 13' lists 2 criteria not met, which leaves 17 of 19 met, but the row's count " \
        "of criteria met is 16" in messages[0]
    assert "the list is blank, which leaves 19 of 19 met" in messages[2]


def test_b01_a_blank_list_without_a_count_is_not_read_as_every_criterion_met(tmp_path):
    """Without a count to check it against, a blank list may be one not filled in; `Không`
    (none) says every criterion is met."""
    b01 = _b01_listing_unmet([("06532", "Xã Mẫu Sơn", None, None),
                              ("06541", "Xã Yên Khoái", None, "5, 13"),
                              ("06544", "Xã Khánh Xuân", None, "Không")], count=False)
    result = _read(tmp_path, district_sheets(B01=b01))
    marks = {}
    for m in result.tables["b01_marks"]:
        marks.setdefault(m["commune_code"], set()).add(m["mark"])
    assert marks == {"06532": {"unparseable"}, "06541": {"met", "not_met"}, "06544": {"met"}}
    assert _marks_met(result)["06541"] == 17
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == b01.name]
    assert flag["row_number"] == 4 and "blank" in flag["message"]


def test_b01_listing_the_ten_criteria_of_2026_by_names_with_commas(tmp_path):
    """`Văn hóa, giáo dục, y tế` is one criterion of the 2026-2030 set, commas and all."""
    b01 = _b01_listing_unmet([
        ("06541", "Xã Mẫu Sơn", 8, "Văn hóa, giáo dục, y tế; Tiếp cận pháp luật và an ninh, "
                                   "quốc phòng"),
        ("06565", "Xã Khuất Xá", 9, "Hạ tầng kinh tế - xã hội")])
    result = _read(tmp_path, [thongtin(2026, level="Tỉnh", district=None), b01],
                   "2026/province.xlsx")
    unmet = {(m["commune_code"], m["criterion_no"]) for m in result.tables["b01_marks"]
             if m["mark"] == "not_met"}
    assert unmet == {("06541", 5), ("06541", 10), ("06565", 2)}
    assert _marks_met(result) == {"06541": 8, "06565": 9}


def test_b01_with_a_column_per_criterion_beside_a_list_reads_the_columns(tmp_path):
    """A list of criteria not met beside the 19 columns: the columns are read, the list is
    a summary of them and is not read again (where it disagrees with them:
    ``test_ingest_b01_marks_and_lists.py``)."""
    b01 = b01_two_row_header()
    header = b01.find("Ghi chú")
    for row in b01.rows[header[0]:]:
        row.append(None)
    b01.rows[header[0]][-1] = "Các tiêu chí chưa đạt"
    first = b01.find("06532")[0]
    b01.rows[first + 1][-1] = "16, 17, 18, 19"
    b01.rows[first + 2][-1] = "13, 14, 15, 16, 17, 18, 19"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result) == EXPECTED_MET
    assert not [f for f in result.flags if f["sheet"] == b01.name]


def test_a_header_whose_number_and_name_disagree_is_not_guessed(tmp_path):
    headers = [f"{n}. {name}" for n, name in enumerate(CRITERIA_2021, 1)]
    headers[1] = "2. Thủy lợi"  # number 2 is Giao thông; Thủy lợi is 3
    result = _read(tmp_path, district_sheets(B01=b01_two_row_header(headers)))
    assert "b01_communes" not in result.tables
    (layout,) = _flags(result, "SHEET_LAYOUT")
    assert "criterion column 2" in layout["message"]
    (unknown,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if "Thủy lợi" in f["message"]]
    assert "numbers criterion 2 but names criterion 3" in unknown["message"]


# --------------------------------------------------------------------------- value columns


@pytest.mark.parametrize("header", ["Số tiền (triệu đồng)", "Kinh phí (triệu đồng)",
                                    "Vốn huy động (triệu đồng)", "Tổng vốn (Tr.đ)",
                                    "GIÁ TRỊ\n(TRIỆU ĐỒNG)", "Huy động (triệu đồng)",
                                    "Đã huy động được (triệu đồng)"])
def test_b02_amount_column_by_meaning(tmp_path, header):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header])
    result = _read(tmp_path, district_sheets(B02=b02))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts["1"] == 1200.5 and amounts["6.3"] == 50.0
    assert not _flags(result, "UNIT_ASSUMED")


@pytest.mark.parametrize("header", ["Vốn huy động lũy kế (triệu đồng)",
                                    "Giá trị luỹ kế (triệu đồng)", "Kinh phí cộng dồn (tr.đ)"])
def test_b02_amount_headed_as_a_running_total_is_not_the_years(tmp_path, header):
    """A running total (lũy kế) may count the money of years before the reporting year (since
    the programme began, or to date). Before, it was read as the year's money and reached
    `fct_funding`; now the column is not read, and without another the sheet is unusable."""
    result = _read(tmp_path, district_sheets(B02=b02_sheet(["Mã nguồn", "Nguồn vốn", header])))
    assert _status(result, "B02")["status"] == "unusable" and "b02_funding" not in result.tables
    (unknown,) = _flags(result, "UNKNOWN_COLUMN")
    assert "is a running total (lũy kế)" in unknown["message"]


def test_b02_running_total_since_the_year_began_and_beside_the_years_column(tmp_path):
    """`… lũy kế từ đầu năm` is the year's money so far: at the year's end, the year's. Beside
    a column of the reporting year, the running total is left and the year's read."""
    result = _read(tmp_path, district_sheets(B02=b02_sheet(
        ["Mã nguồn", "Nguồn vốn", "Vốn huy động lũy kế từ đầu năm (triệu đồng)"])))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts["1"] == 1200.5
    header = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None]
    sub = [None, None, "Lũy kế 2021 đến nay", "Năm 2023"]
    b02 = b02_sheet(header, sub_header=sub, merges=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)],
                    value_col=3)
    for row in b02.rows[3:]:
        row[2] = 99999.0
    result = _read(tmp_path, district_sheets(B02=b02), name="2023/b.xlsx")
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts["1"] == 1200.5 and amounts["6.3"] == 50.0


def test_b02_planned_and_realised_under_a_merged_value_group(tmp_path):
    """"Giá trị (triệu đồng)" merged over "Kế hoạch | Thực hiện": mobilised money is what was
    realised; the plan is kept but not counted."""
    header = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None]
    sub = [None, None, "Kế hoạch", "Thực hiện"]
    b02 = b02_sheet(header, sub_header=sub, value_col=3,
                    merges=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)])
    for row in b02.rows[3:]:
        row[2] = 9999.0  # the plan
    result = _read(tmp_path, district_sheets(B02=b02))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts == {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0, "6.2": 100.0,
                       "6.3": 50.0}


def _b02_sections(first: str, second: str, *, key: str | None = "I") -> OfficeSheet:
    """B02 listing its sources twice, under two section headings: 9999 and 8888 under the
    first, the template's amounts under the second."""
    rows: list[list] = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                        ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                        [key, first, None], ["1", "Ngân sách trung ương", 9999],
                        ["2", "Ngân sách địa phương", 8888],
                        [key and key + "I", second, None],
                        ["1", "Ngân sách trung ương", 1200.5], ["2", "Ngân sách địa phương", 800]]
    return OfficeSheet("B02_NguonVon", rows)


@pytest.mark.parametrize(("first", "second"), [
    ("KẾ HOẠCH NĂM 2023", "THỰC HIỆN NĂM 2023"),
    ("Kế hoạch huy động", "Kết quả huy động"),
    ("Năm 2022", "Năm 2023"),
    ("Thực hiện 6 tháng đầu năm", "Thực hiện cả năm 2023"),
    ("Lũy kế 2021-2023", "Thực hiện năm 2023"),
    # A budget estimate, a target handed down, a registration: plans too.
    ("DỰ TOÁN NĂM 2023", "THỰC HIỆN NĂM 2023"),
    ("Chỉ tiêu giao", "Kết quả huy động"),
    ("Đăng ký huy động", "Thực hiện năm 2023"),
])
def test_b02_sources_listed_twice_under_sections_of_the_plan_and_the_result(
        tmp_path, first, second):
    """The sources under `I. KẾ HOẠCH NĂM 2023`, then again under `II. THỰC HIỆN NĂM 2023`:
    read as one list, the plan (9999) was the central budget's money and the result a
    DUPLICATE_ROW. The headings say which section was mobilized in the year: its sources are
    read, the other section's rows are notes, and an info names them."""
    result = _read(tmp_path, district_sheets(B02=_b02_sections(first, second)))
    rows = result.tables["b02_funding"]
    assert [(r["row_number"], r["source_code"], r["amount_million_vnd"]) for r in rows] == [
        (7, "1", 1200.5), (8, "2", 800.0)]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    (info,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["row_number"] == 3]
    assert "rows 3-5" in info["message"] and "kept as notes" in info["message"]


@pytest.mark.parametrize(("first", "second", "key"), [
    ("Xây dựng giao thông", "Xây dựng trường học", "A"),  # sections by work: not told apart
    ("Kế hoạch năm 2023", "Kế hoạch năm 2024", "I"),  # neither is what was mobilized
    ("Thực hiện năm 2023", "Ước thực hiện năm 2023", None),  # two results
])
def test_b02_sections_that_do_not_say_which_is_the_years_result_are_left_as_listed(
        tmp_path, first, second, key):
    """Downstream each source listed twice with two amounts is counted in neither
    (`int_funding_rows.row_role = 'in_doubt'`), and the unit's total is not computed."""
    result = _read(tmp_path, district_sheets(B02=_b02_sections(first, second, key=key)))
    amounts = [r["amount_million_vnd"] for r in result.tables["b02_funding"]
               if r["source_code"] == "1"]
    assert amounts == [9999.0, 1200.5]
    assert not [f for f in _flags(result, "UNKNOWN_COLUMN") if "kept as notes" in f["message"]]


def _b04(header: list, body: list, sub: list | None = None, merges=None) -> OfficeSheet:
    rows = [["BIỂU 04: CHỈ TIÊU"], header, *([sub] if sub else []), *body]
    return OfficeSheet("B04_ChiTieu", rows, merges or [])


def test_b04_years_in_headers_are_resolved_against_the_reporting_year(tmp_path):
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2023", "Thực hiện năm 2023",
              "Kế hoạch năm 2024"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã", 2, 1, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (2.0, 1.0, 3.0)


@pytest.mark.parametrize("result_header", [
    "Thực hiện 10 tháng", "Thực hiện 11 tháng năm 2023", "Thực hiện đến 30/9/2023",
    "TH đến 15/11", "Thực hiện quý III", "Thực hiện Quý 4/2023", "Ước TH 8 tháng"])
def test_b04_a_result_of_part_of_the_year_is_not_the_years(tmp_path, result_header):
    """A result to a day before the year's end, over fewer than 12 months or a quarter was
    read as the year's result without a flag (only `… tháng đầu năm` and 3, 6, 9 months were
    known). It is not read, and its column is named; the plans beside it are read."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2023", result_header,
              "Kế hoạch năm 2024"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã", 4, 1, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (4.0, None, 3.0)
    (named,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["column_name"].startswith("E ")]
    assert "part of the year" in named["message"]


def test_b04_a_plan_to_a_year_is_not_next_years(tmp_path):
    """`Kế hoạch đến năm 2025` in a 2024 report is the plan of the period up to 2025, for a
    count cumulative (12 communes), not next year's plan: it was read as next_year_target."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch năm 2024", "Thực hiện năm 2024",
              "Kế hoạch đến năm 2025"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 2, 1, 12]]
    sheets = district_sheets(2024, ThongTin=thongtin(2024), B04=_b04(header, body))
    (row,) = _read(tmp_path, sheets, "2024/plan.xlsx").tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (2.0, 1.0, None)


@pytest.mark.parametrize("value_header", [
    "Kết quả huy động 6 tháng đầu năm 2023", "Giá trị thực hiện đến 30/9/2023",
    "Vốn huy động quý III (triệu đồng)"])
def test_b02_money_of_part_of_the_year_is_not_the_years(tmp_path, value_header):
    """B02's only amount column headed as part of the year was read as the year's money,
    without a flag. It is not read, so the sheet has no amount: unusable, and said."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", value_header])
    result = _read(tmp_path, district_sheets(B02=b02))
    assert _status(result, "B02")["status"] == "unusable"
    assert "b02_funding" not in result.tables
    (layout,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]
    assert layout["severity"] == "error"


def test_b06_figures_of_part_of_the_year_are_not_the_years(tmp_path):
    """B06's value headed `Giá trị 6 tháng đầu năm 2023` beside the year's: the year's is
    read. Alone, nothing is read (the sheet has no value column)."""
    header = ["Mã chỉ số", "Chỉ số", "Giá trị 6 tháng đầu năm 2023", "Giá trị năm 2023"]
    body = [["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 5, 9],
            ["TONG_VON", "Tổng vốn", 700, 1500]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert {code: v for code, (v, _) in _b06_values(result).items()} == {
        "SO_XA_DAT_CHUAN_MOI": 9.0, "TONG_VON": 1500.0}
    alone = _b06(["Mã chỉ số", "Chỉ số", "Giá trị 6 tháng đầu năm 2023"],
                 [row[:3] for row in body])
    result = _read(tmp_path, _province(alone), name="2023/q.xlsx")
    assert _status(result, "B06")["status"] == "unusable"


def test_b04_a_previous_year_column_is_not_this_years_result(tmp_path):
    """In the 2024 report, "Thực hiện năm 2023" is last year's result: it is not read as
    this year's, and the columns of 2024 are."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Thực hiện năm 2023", "Kế hoạch năm 2024",
              "Thực hiện năm 2024", "KH 2025"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 7, 2, 1, 3]]
    sheets = district_sheets(2024, ThongTin=thongtin(2024), B04=_b04(header, body))
    result = _read(tmp_path, sheets, "2024/years.xlsx")
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (2.0, 1.0, 3.0)
    (other,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if "2023" in f["message"]]
    assert other["severity"] == "info" and other["column_name"].startswith("C ")


def test_b04_years_in_a_group_above_plan_and_result(tmp_path):
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Năm 2023", None, "Năm 2024"]
    sub = [None, None, "Kế hoạch", "Thực hiện", "Kế hoạch"]
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", 5, 4.8, 4.5]]
    b04 = _b04(header, body, sub, merges=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)])
    result = _read(tmp_path, district_sheets(B04=b04))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (5.0, 4.8, 4.5)


def test_b04_figures_in_another_unit_are_converted_or_kept_out(tmp_path):
    """Income per head in nghìn đồng a month is restated in triệu đồng a year, as the template
    has it; a unit measuring something else (households beside a share, a share beside a
    count, income per household) keeps the row's figures out, since the mart would publish
    them in the template's unit."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    body = [["THU_NHAP_BQ", "Thu nhập bình quân", "Nghìn đồng/người/tháng", 4500, "4.750", None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "hộ", 1200, 1150, 1100],
            ["TY_LE_BHYT", "Tỷ lệ BHYT", "Tỷ lệ (%)", 92, "93,5", 94],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "%", 20, 25, 30],
            ["TC_BINH_QUAN", "Tiêu chí bình quân", "Tiêu chí/xã", 17, "17,5", 18],
            ["OCOP_3SAO_MOI", "Sản phẩm OCOP", "SP", 5, 6, 7]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    figures = {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
               for r in result.tables["b04_targets"]}
    assert figures == {
        "THU_NHAP_BQ": (pytest.approx(54.0), pytest.approx(57.0), None),
        "TY_LE_HO_NGHEO": (None, None, None), "TY_LE_BHYT": (92.0, 93.5, 94.0),
        "XA_DAT_CHUAN_MOI": (None, None, None), "TC_BINH_QUAN": (17.0, 17.5, 18.0),
        "OCOP_3SAO_MOI": (5.0, 6.0, 7.0)}
    units = {r["indicator_code"]: r["unit_of_measure"] for r in result.tables["b04_targets"]}
    assert units["THU_NHAP_BQ"] == "Nghìn đồng/người/tháng"  # kept as typed
    (converted,) = _flags(result, "UNIT_CONVERTED")
    assert (converted["indicator_code"], converted["severity"], converted["row_number"]) == (
        "THU_NHAP_BQ", "info", 3)
    conflicts = {f["indicator_code"]: f for f in _flags(result, "UNIT_CONFLICT")}
    assert set(conflicts) == {"TY_LE_HO_NGHEO", "XA_DAT_CHUAN_MOI"}
    assert conflicts["TY_LE_HO_NGHEO"]["severity"] == "error"
    assert conflicts["TY_LE_HO_NGHEO"]["raw_value"] == "hộ"
    assert "not read" in conflicts["TY_LE_HO_NGHEO"]["message"]

    body = [["THU_NHAP_BQ", "Thu nhập bình quân", unit, 50, 52, 55] for unit in (
        "triệu đồng/hộ/năm", "USD/người/năm", "đồng/người/năm", "Tr.đ/người")]
    for k, row in enumerate(body):
        row[0] = "THU_NHAP_BQ"
        single = _read(tmp_path, district_sheets(B04=_b04(header, [row])), f"2023/u{k}.xlsx")
        (read,) = single.tables["b04_targets"]
        assert read["actual"] == [None, None, pytest.approx(52e-6), 52.0][k], row[2]


def test_b04_and_b06_rows_named_instead_of_coded(tmp_path):
    """Offices number the rows and write the indicator's name: a name that is the
    template's indicator, word for word once spelling is set aside, is read as it (with a
    warning); one that is not is an error, never a guess, and nothing is silently dropped."""
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    body = [[1, "Số xã đạt chuẩn NTM mới trong năm", "xã", 2, 1, 3],
            [2, "Tỷ lệ hộ nghèo (%)", "%", 5, "4,8", 4.5],
            [None, "1. Thu nhập bình quân đầu người", "triệu đồng/người/năm", 50, 52, 55],
            [None, "Tỷ lệ hộ nghèo dân tộc thiểu số", "%", 9, 8, 7],
            [None, "Ghi chú: số liệu ước", None, None, None, None]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    rows = {r["row_number"]: r["indicator_code"] for r in result.tables["b04_targets"]}
    assert [rows.get(n) for n in (3, 4, 5, 6)] == [
        "XA_DAT_CHUAN_MOI", "TY_LE_HO_NGHEO", "THU_NHAP_BQ", None]
    flags = {f["row_number"]: f for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert flags[3]["severity"] == "warning" and "by its name" in flags[3]["message"]
    assert flags[5]["severity"] == "warning"
    assert flags[6]["severity"] == "error" and "not counted" in flags[6]["message"]
    assert 7 not in flags  # a note without figures

    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [[None, "Số xã", 12], [None, "Số xã đạt chuẩn nông thôn mới (lũy kế)", 8],
                [None, "Trong đó: số xã đạt chuẩn NTM mới", 2], [None, "Số xã đạt chuẩn", 9]])
    provincial = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in provincial.tables["b06_aggregates"]}
    assert values == {"SO_XA": 12.0, "SO_XA_DAT_CHUAN": 8.0, "SO_XA_DAT_CHUAN_MOI": 2.0,
                      None: 9.0}


@pytest.mark.parametrize(("name", "code"), [
    ("Số tiêu chí bình quân/xã", "TC_BINH_QUAN"), ("Bình quân số tiêu chí đạt/xã", "TC_BINH_QUAN"),
    ("Số xã còn dưới 10 tiêu chí", "XA_DUOI_10_TC"), ("Số xã dưới 10 tiêu chí", "XA_DUOI_10_TC"),
    ("Số xã đạt chuẩn nông thôn mới", None)])  # the year's new ones, or all so far?
def test_b04_rows_named_as_offices_name_the_average_and_the_communes_below_10(
        tmp_path, name, code):
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, [[1, name, None, 2, 1, 3]])))
    assert [r["indicator_code"] for r in result.tables["b04_targets"]] == [code]


def test_b06_rows_named_as_offices_name_the_total_and_the_communitys_money(tmp_path):
    """`Tổng số xã trên địa bàn` (the area's communes) and `Trong đó: huy động từ cộng đồng`
    were errors, their figures not counted; they are SO_XA and VON_CONG_DONG."""
    b06 = _b06(["STT", "Chỉ tiêu", "Đơn vị tính", "Số lượng"],
               [[1, "Tổng số xã trên địa bàn", "xã", 200],
                [2, "Số xã trên địa bàn tỉnh", "xã", 200],
                [3, "Tổng kinh phí huy động", "tỷ đồng", 1500.5],
                [None, "Trong đó: huy động từ cộng đồng", "tỷ đồng", 120],
                [None, "Nhân dân đóng góp", "tỷ đồng", 120],
                [4, "Số xã còn dưới 10 tiêu chí", "xã", 0]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    codes = [(r["row_number"], r["indicator_code"]) for r in result.tables["b06_aggregates"]]
    assert codes == [(3, "SO_XA"), (4, "SO_XA"), (5, "TONG_VON"), (6, "VON_CONG_DONG"),
                     (7, "VON_CONG_DONG"), (8, None)]  # B04's, not one of B06's indicators
    errors = [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
              if f["severity"] == "error"]
    assert errors == [8]


@pytest.mark.parametrize("sheet", ["B04", "B05", "B06"])
def test_no_two_indicators_share_a_name(sheet):
    from pipelines.ingest.indicator_names import name_clashes

    assert name_clashes(sheet) == []

# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(("line", "factor"), [
    ("Đơn vị tính: tỷ đồng", 1000.0), ("ĐVT: Triệu đồng", 1.0), ("(Đơn vị: đồng)", 1e-6),
    ("ĐVT: tỉ VNĐ", 1000.0)])
def test_a_unit_line_above_the_table_applies_to_its_money_column(tmp_path, line, factor):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"],
                    rows_above=[["BIỂU 02: NGUỒN VỐN"], [None, None, line]],
                    values=in_unit(factor))
    result = _read(tmp_path, district_sheets(B02=b02))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1200.5)
    assert not _flags(result, "UNIT_ASSUMED")


def test_a_unit_in_the_column_header_wins_and_the_disagreement_is_an_error(tmp_path):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (tỷ đồng)"],
                    rows_above=[["BIỂU 02"], ["Đơn vị tính: triệu đồng"]])
    result = _read(tmp_path, district_sheets(B02=b02))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1200.5 * 1000)
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert conflict["severity"] == "error" and conflict["row_number"] == 3
    assert "tỷ đồng" in conflict["message"] and "triệu đồng" in conflict["message"]


def test_two_unit_lines_that_disagree_keep_the_money_out(tmp_path):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"],
                    rows_above=[["ĐVT: triệu đồng"], [None, "Đơn vị tính: tỷ đồng"]])
    result = _read(tmp_path, district_sheets(B02=b02))
    assert "b02_funding" not in result.tables
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert (conflict["row_number"], conflict["column_name"]) == (2, "B")
    assert _status(result, "B02")["status"] == "unusable"


@pytest.mark.parametrize(("header", "above", "flagged_row", "flagged_column"), [
    ("Giá trị (USD)", None, 2, "C"),
    ("Giá trị", [None, "Đơn vị tính: nghìn USD"], 2, "B"),
])
def test_a_money_unit_that_is_not_known_keeps_the_money_out(tmp_path, header, above,
                                                            flagged_row, flagged_column):
    """A unit the intake does not know cannot be converted: taking the figures as million
    VND, as for a header that names no unit, could be 1,000 times wrong."""
    rows_above = [["BIỂU 02"], above] if above else None
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header], rows_above=rows_above)
    result = _read(tmp_path, district_sheets(B02=b02))
    assert "b02_funding" not in result.tables
    assert _status(result, "B02")["status"] == "unusable"
    (unknown,) = _flags(result, "UNIT_UNKNOWN")
    assert unknown["severity"] == "error"
    assert unknown["row_number"] == flagged_row
    assert unknown["column_name"].split(" ")[0] == flagged_column
    assert not _flags(result, "UNIT_ASSUMED")


IN_DONG = {"1": 1_200_500_000.0, "2": 800_000_000.0, "6": 350_000_000.0,
           "6.1": 200_000_000.0, "6.2": 100_000_000.0, "6.3": 50_000_000.0}


def test_b02_amounts_too_large_for_the_assumed_million_vnd_are_not_read(tmp_path):
    """A B02 typed in đồng under a header naming no unit: 1.200.500.000 as million VND is
    1.2 quadrillion VND, a million times too much, which reached fct_funding with only a
    UNIT_ASSUMED warning. A person sees the figures are not million VND: none of the sheet's
    amounts is read (the smaller ones included), and one error names the largest."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"], values=IN_DONG)
    result = _read(tmp_path, district_sheets(B02=b02))
    rows = result.tables["b02_funding"]
    assert [(r["amount_million_vnd"], r["value_unreadable"]) for r in rows] == [
        (None, True)] * 6
    assert [r["value_text"] for r in rows][:2] == ["1200500000", "800000000"]
    errors = [f for f in _flags(result, "UNIT_ASSUMED") if f["severity"] == "error"]
    assert [(f["row_number"], f["raw_value"]) for f in errors] == [(3, "1200500000")]
    assert "most likely đồng" in errors[0]["message"]


def test_b02_amounts_in_dong_under_a_header_naming_dong_are_read(tmp_path):
    """The guard of the rule above: the same figures with their unit named are converted."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (đồng)"], values=IN_DONG)
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [r["amount_million_vnd"] for r in result.tables["b02_funding"]] == [
        pytest.approx(v / 1e6) for v in IN_DONG.values()]
    assert not _flags(result, "UNIT_ASSUMED")


@pytest.mark.parametrize(("header", "line"), [
    (["Mã nguồn", "Nguồn vốn", "Giá trị (đồng)"], None),
    (["Mã nguồn", "Nguồn vốn", "Số tiền"], "Đơn vị tính: nghìn đồng")])
def test_b02_amounts_in_millions_under_a_unit_naming_dong_are_not_read(tmp_path, header, line):
    """An office types million VND by habit (1.200,5) under a header or a line naming đồng.
    It was read as stated: 0.0012 million VND, in `fct_funding` without a flag. No unit
    mobilizes less than 100 million VND from its largest source in a year: none of the
    sheet's amounts is read, with one UNIT_CONFLICT error at the largest; an amount typed
    with its own unit keeps it."""
    # in đồng, each amount is below a million VND: millions typed by habit, whatever the
    # row typed with its own unit holds
    values = {**in_unit(1.0), "2": "800 triệu đồng"} if line is None else in_unit(1.0)
    b02 = b02_sheet(header, rows_above=[["BIỂU 02"], [None, None, line]] if line else None,
                    values=values)
    result = _read(tmp_path, district_sheets(B02=b02))
    rows = {r["source_code"]: r for r in result.tables["b02_funding"]}
    assert {code: r["amount_million_vnd"] for code, r in rows.items()} == {
        "1": None, "2": 800.0 if line is None else None, "6": None, "6.1": None, "6.2": None,
        "6.3": None}
    assert rows["1"]["value_unreadable"] and rows["1"]["value_text"] == "1200.5"
    [flag] = _flags(result, "UNIT_CONFLICT")
    first = 4 if line else 3  # the row of source 1, the largest
    assert (flag["severity"], flag["row_number"], flag["raw_value"]) == ("error", first, "1200.5")
    assert "most likely in million VND" in flag["message"]


def test_b02_amounts_in_dong_of_a_small_source_are_read(tmp_path):
    """The guard of the rule above: amounts really in đồng are read, down to a source of a
    few million, as long as the sheet's largest is a real unit's; also when the large
    sources are typed with their own unit (`1,2 tỷ`) and the one in đồng is small."""
    values = {**in_unit(1e-6), "6.3": 2_500_000}
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (đồng)"], values=values)
    result = _read(tmp_path, district_sheets(B02=b02))
    rows = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert rows["1"] == pytest.approx(1200.5) and rows["6.3"] == pytest.approx(2.5)
    assert not _flags(result, "UNIT_CONFLICT")
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (đồng)"],
                    values={"1": "1,2 tỷ", "2": "800 triệu đồng", "6": 35_000_000})
    result = _read(tmp_path, district_sheets(B02=b02), name="2023/own.xlsx")
    rows = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert rows == {"1": pytest.approx(1200.0), "2": 800.0, "6": pytest.approx(35.0)}
    assert not _flags(result, "UNIT_CONFLICT")


@pytest.mark.parametrize(("header", "factor"), [("Giá trị (Ng.đ)", 0.001),
                                                ("Giá trị (1.000.000 đồng)", 1.0)])
def test_money_units_written_as_numbers_or_abbreviated(tmp_path, header, factor):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header], values=in_unit(factor))
    result = _read(tmp_path, district_sheets(B02=b02))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1200.5)
    assert not _flags(result, "UNIT_ASSUMED") and not _flags(result, "UNIT_UNKNOWN")


@pytest.mark.parametrize("header", [
    ["Mã nguồn", "Nguồn vốn", "Giá trị", None, "ĐVT: tỷ đồng"],
    ["Mã nguồn", "Nguồn vốn", "Giá trị", "(Đơn vị tính: tỷ đồng)"],
])
def test_a_unit_written_beside_the_header_applies_to_its_money_column(tmp_path, header):
    """`ĐVT: tỷ đồng` at the right end of the header row, where others write it on the line
    above. Before, the cell was an unknown column and the money was taken as million VND: a
    thousand times too little, with only a UNIT_ASSUMED warning."""
    result = _read(tmp_path, district_sheets(B02=b02_sheet(header)))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1_200_500.0)
    assert central["value_unit"] == "tỷ đồng"
    assert not _flags(result, "UNIT_ASSUMED") and not _flags(result, "UNKNOWN_COLUMN")


@pytest.mark.parametrize(("above", "beside", "code"), [
    ("Đơn vị tính: triệu đồng", "ĐVT: tỷ đồng", "UNIT_CONFLICT"),
    (None, "ĐVT: USD", "UNIT_UNKNOWN"),
])
def test_a_unit_beside_the_header_that_cannot_be_used_keeps_the_money_out(
        tmp_path, above, beside, code):
    rows_above = [["BIỂU 02"], [above]] if above else None
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị", None, beside], rows_above=rows_above)
    result = _read(tmp_path, district_sheets(B02=b02))
    assert "b02_funding" not in result.tables
    (flag,) = _flags(result, code)
    assert flag["severity"] == "error" and flag["column_name"] == "E"
    assert "the header cell E" in flag["message"]


def test_a_unit_of_something_else_beside_the_header_is_an_unknown_column(tmp_path):
    """`ĐVT: người` names no money: the money stays as its header says (assumed million VND,
    flagged), the cell is named as a column not understood."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị", None, "ĐVT: người"])
    result = _read(tmp_path, district_sheets(B02=b02))
    assert len(_flags(result, "UNIT_ASSUMED")) == 1
    assert [f["column_name"] for f in _flags(result, "UNKNOWN_COLUMN")] == ["E (ĐVT: người)"]


def test_b02_rows_with_their_own_unit_and_no_quantity_column(tmp_path):
    """`Mã nguồn | Nguồn vốn | Đơn vị tính | Giá trị`, the unit on each row: a person reads
    1,5 tỷ đồng, and 1.000 m2 of land and 50 labour days, not money. Before, every value was
    taken as million VND: the central budget a thousand times too small, the land as 1,000
    million VND."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Đơn vị tính", "Giá trị"],
            ["1", "Ngân sách trung ương", "Tỷ đồng", 1.5],
            ["2", "Ngân sách địa phương", "Triệu đồng", 800],
            ["6.1", "Tiền mặt", "triệu đồng", 200], ["6.2", "Hiến đất", "m2", 1000],
            ["6.3", "Ngày công lao động", "Ngày công", 50]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    got = {r["source_code"]: (r["amount_million_vnd"], r["value_unit"], r["quantity"],
                              r["value_unreadable"]) for r in result.tables["b02_funding"]}
    assert got == {"1": (1500.0, "tỷ đồng", None, False),
                   "2": (800.0, "triệu đồng", None, False),
                   "6.1": (200.0, "triệu đồng", None, False),
                   "6.2": (None, None, 1000.0, True), "6.3": (None, None, 50.0, True)}
    quantities = [(f["row_number"], f["severity"]) for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert quantities == [(6, "warning"), (7, "warning")]
    assert not _flags(result, "UNIT_CONFLICT")
    (assumed,) = _flags(result, "UNIT_ASSUMED")  # only for rows that give no unit
    assert "and on rows whose own 'Đơn vị tính' names their unit" in assumed["message"]


def test_b02_a_rows_unit_against_the_headers_is_an_error_and_the_rows_is_used(tmp_path):
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Đơn vị tính", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", "Tỷ đồng", 1.5],
            ["2", "Ngân sách địa phương", "Triệu đồng", 800]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts == {"1": 1500.0, "2": 800.0}
    (flag,) = _flags(result, "UNIT_CONFLICT")
    assert (flag["row_number"], flag["severity"], flag["raw_value"]) == (3, "error", "Tỷ đồng")


def test_b02_units_of_quantities_beside_a_quantity_column_are_the_quantities(tmp_path):
    """The template's optional columns: `Khối lượng | Đơn vị khối lượng` measure the
    quantity; the amount stays in the money column's unit."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Khối lượng",
                          "Đơn vị tính"],
            ["1", "Ngân sách trung ương", 1200.5, None, None],
            ["6.2", "Hiến đất", 100, 1000, "m2"]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    got = {r["source_code"]: (r["amount_million_vnd"], r["quantity"], r["quantity_unit"])
           for r in result.tables["b02_funding"]}
    assert got == {"1": (1200.5, None, None), "6.2": (100.0, 1000.0, "m2")}
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_b02_units_given_in_the_names_of_rows(tmp_path):
    """`- Hiến đất (m2) | 15000`, `- Ngày công lao động (công) | 2500`: the name's bracket
    says what the value measures. Both were read as million VND (15,000 million for the
    land), with only the sheet's UNIT_ASSUMED warning. A quantity unit makes the value the
    quantity, a money unit converts the amount; a bracket saying something else is not a
    unit."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị"],
            ["1", "Ngân sách trung ương", 1200], ["2", "Ngân sách địa phương (tỷ đồng)", 0.8],
            ["6", "Cộng đồng dân cư (tiền mặt và hiện vật)", 500],
            ["6.1", "- Tiền mặt", 500], ["6.2", "- Hiến đất (m2)", 15000],
            ["6.3", "- Ngày công lao động (công)", 2500]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    got = {r["source_code"]: (r["amount_million_vnd"], r["quantity"], r["value_unreadable"])
           for r in result.tables["b02_funding"]}
    assert got == {"1": (1200.0, None, False), "2": (800.0, None, False),
                   "6": (500.0, None, False), "6.1": (500.0, None, False),
                   "6.2": (None, 15000.0, True), "6.3": (None, 2500.0, True)}
    assert [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")] == [7, 8]


def test_b02_a_money_unit_beside_a_blank_quantity_is_the_amounts(tmp_path):
    """`Mã nguồn | Nguồn vốn | ĐVT | Khối lượng | Giá trị` with `Tỷ đồng` in ĐVT and no
    quantity: the unit is the amount's (800 million VND). It was taken as the quantity's
    unit, and 0,8 read as million VND."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "ĐVT", "Khối lượng", "Giá trị"],
            ["1", "Ngân sách trung ương", "Triệu đồng", None, 1200],
            ["2", "Ngân sách địa phương", "Tỷ đồng", None, 0.8],
            ["6.2", "Hiến đất", "m2", 15000, 100]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    got = {r["source_code"]: (r["amount_million_vnd"], r["quantity"])
           for r in result.tables["b02_funding"]}
    assert got == {"1": (1200.0, None), "2": (800.0, None), "6.2": (100.0, 15000.0)}


def test_b06_money_rows_with_their_unit_in_the_name(tmp_path):
    """`TONG_VON | Tổng nguồn lực huy động (tỷ đồng) | 1520.5`: read as 1,520.5 million VND,
    a thousand times too little, without a flag. The name's bracket is the row's unit."""
    header = ["Mã chỉ số", "Chỉ số", "Giá trị"]
    body = [["SO_XA", "Tổng số xã (xã)", 200],
            ["TONG_VON", "Tổng nguồn lực huy động (tỷ đồng)", 1520.5],
            ["VON_CONG_DONG", "Vốn cộng đồng dân cư (triệu đồng)", "85,3"]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert _b06_values(result) == {"SO_XA": (200.0, None),
                                   "TONG_VON": (pytest.approx(1_520_500.0), "tỷ đồng"),
                                   "VON_CONG_DONG": (85.3, "triệu đồng")}


def _b02_rows(rows: list[list]) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["Đơn vị tính: triệu đồng"],
                                        ["Mã nguồn", "Nguồn vốn", "Giá trị"], *rows])


def test_b02_numbered_the_offices_own_way_is_read_by_its_names(tmp_path):
    """`Mã nguồn` holding the office's own numbering: `5 | Cộng đồng dân cư` was stored as
    source 5 (enterprises), `3 | Vốn tín dụng` as source 3 (integrated funds), without a
    flag. Several rows whose code and name are two sources: every row is read by its name,
    and a row naming no source (`Vốn ngân sách nhà nước`) counts in none, an error, its
    money unreadable (the unit's total is not known)."""
    rows = [["1", "Vốn ngân sách nhà nước", 2000], ["2", "Vốn lồng ghép", 300],
            ["3", "Vốn tín dụng", 400], ["4", "Doanh nghiệp, hợp tác xã", 100],
            ["5", "Cộng đồng dân cư", 850], ["6", "Nguồn khác", 50]]
    result = _read(tmp_path, district_sheets(B02=_b02_rows(rows)))
    got = [(r["source_code"], r["amount_million_vnd"], r["value_unreadable"])
           for r in result.tables["b02_funding"]]
    assert got == [(None, 2000.0, True), ("3", 300.0, False), ("4", 400.0, False),
                   ("5", 100.0, False), ("6", 850.0, False), ("7", 50.0, False)]
    (layout,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]
    assert "the office's own way" in layout["message"]
    (lost,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]
    assert (lost["severity"], lost["row_number"]) == ("error", 4)


def test_b02_one_row_whose_code_and_name_disagree_is_not_read(tmp_path):
    """One row `5 | Cộng đồng dân cư` among rows whose codes and names agree: which of the two
    is meant cannot be told; its amount is not read, with an error. `Khác` under the
    community is its part 6.4, not source 7."""
    rows = [["1", "Ngân sách trung ương", 1200], ["5", "Cộng đồng dân cư", 850],
            ["6", "Cộng đồng dân cư", 400], ["6.4", "Khác", 50]]
    result = _read(tmp_path, district_sheets(B02=_b02_rows(rows)))
    got = [(r["source_code"], r["amount_million_vnd"], r["value_unreadable"])
           for r in result.tables["b02_funding"]]
    assert got == [("1", 1200.0, False), ("5", None, True), ("6", 400.0, False),
                   ("6.4", 50.0, False)]
    (clash,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (clash["severity"], clash["row_number"]) == ("error", 5)


def test_b02_a_group_holding_the_sum_of_the_sources_under_it_is_no_error(tmp_path):
    """`Vốn ngân sách nhà nước | 2000` over `1 | 1200` and `2 | 800`, `Vốn ngoài ngân sách`
    over the rest: groups of sources, their money the sources'. Each was an error saying its
    money was counted in no source. Now an info; a row without a source whose amount is not
    such a sum stays an error, its money unreadable."""
    rows = [[None, "Vốn ngân sách nhà nước", 2000], ["1", "Ngân sách trung ương", 1200],
            ["2", "Ngân sách địa phương", 800], [None, "Vốn ngoài ngân sách", 1250],
            ["4", "Vốn tín dụng", 400], ["6", "Cộng đồng dân cư", 850],
            ["6.1", "Tiền mặt", 850], [None, "Vốn huy động khác", 75]]
    result = _read(tmp_path, district_sheets(B02=_b02_rows(rows)))
    got = [(r["row_number"], r["source_code"], r["value_unreadable"])
           for r in result.tables["b02_funding"]]
    assert got == [(4, None, False), (5, "1", False), (6, "2", False), (7, None, False),
                   (8, "4", False), (9, "6", False), (10, "6.1", False), (11, None, True)]
    flags = {(f["row_number"], f["severity"]) for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert flags == {(4, "info"), (7, "info"), (11, "error")}


def test_a_row_of_units_under_the_column_titles_is_part_of_the_header(tmp_path):
    """`Kế hoạch | Thực hiện` over `(Tỷ đồng) | (Tỷ đồng)`; B06's `Giá trị` over `(ĐVT: tỷ
    đồng)`. The row of units was read as a note under the header and the money as million
    VND (B02 with a UNIT_ASSUMED warning, B06 without a flag), a thousand times too little.
    It is part of the header: each column's unit."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Kế hoạch", "Thực hiện"],
            [None, None, "(Tỷ đồng)", "(Tỷ đồng)"],
            ["1", "Ngân sách trung ương", 1.2, 1.5], ["6", "Cộng đồng dân cư", 0.35, 0.4]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"], r["value_unit"])
            for r in result.tables["b02_funding"]] == [("1", 1500.0, "tỷ đồng"),
                                                        ("6", 400.0, "tỷ đồng")]
    assert not _flags(result, "UNIT_ASSUMED")
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [[None, None, "(ĐVT: tỷ đồng)"], ["SO_XA", "Số xã", 200],
                ["TONG_VON", "Tổng vốn huy động", 1520.5]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert _b06_values(result) == {"SO_XA": (200.0, None),
                                   "TONG_VON": (pytest.approx(1_520_500.0), "tỷ đồng")}


@pytest.mark.parametrize("line", ["BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC NĂM 2023 (tỷ đồng)",
                                  "(Tính bằng tỷ đồng)"])
def test_a_unit_in_brackets_closing_a_line_above_the_table(tmp_path, line):
    """The title ending `(tỷ đồng)`, a line `(Tính bằng tỷ đồng)`: a person reads the
    table's unit. The money was taken as million VND with only a UNIT_ASSUMED warning."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"], rows_above=[[line]],
                    values=in_unit(1000.0))
    result = _read(tmp_path, district_sheets(B02=b02))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert (central["amount_million_vnd"], central["value_unit"]) == (
        pytest.approx(1200.5), "tỷ đồng")
    assert not _flags(result, "UNIT_ASSUMED")


def test_b02_a_part_named_as_a_source_is_not_counted_twice(tmp_path):
    """`Trong đó: vốn lồng ghép | 300` under `2 Ngân sách địa phương | 800` was stored as
    source 3 beside the 800 that holds it: counted twice, without a flag. It is a part of the
    row above (warning). `1 Vốn ngân sách nhà nước | 2000` over `- Ngân sách trung ương` and
    `- Ngân sách địa phương` was stored as the central budget: a row naming a group of
    sources is none of them, its code dropped, and the sources under it are read."""
    rows = [["1", "Ngân sách trung ương", 1200], ["2", "Ngân sách địa phương", 800],
            [None, "Trong đó: vốn lồng ghép", 300], ["6", "Cộng đồng dân cư", 850],
            ["6.1", "- Tiền mặt", 850]]
    result = _read(tmp_path, district_sheets(B02=_b02_rows(rows)))
    assert [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]] == [
        ("1", 1200.0), ("2", 800.0), (None, 300.0), ("6", 850.0), ("6.1", 850.0)]
    [part] = _flags(result, "UNPARSEABLE_VALUE")
    assert (part["row_number"], part["severity"]) == (6, "warning")
    rows = [["1", "Vốn ngân sách nhà nước", 2000], [None, "- Ngân sách trung ương", 1200],
            [None, "- Ngân sách địa phương", 800], ["6", "Cộng đồng dân cư", 850]]
    result = _read(tmp_path, district_sheets(B02=_b02_rows(rows)), name="2023/g.xlsx")
    assert [(r["source_code"], r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]] == [
        (None, 2000.0, False), ("1", 1200.0, False), ("2", 800.0, False), ("6", 850.0, False)]
    [group] = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["row_number"] == 4]
    assert group["severity"] == "info" and "group of sources" in group["message"]


def test_a_value_group_over_plan_result_and_share_is_read(tmp_path):
    """`Giá trị (triệu đồng)` merged over `Kế hoạch | Thực hiện | Tỷ lệ (%)`: the share was
    taken for a second amount (the group's text joined to it), and B02 was not read; B06's
    `Giá trị` over `Kế hoạch | Thực hiện` had two value columns too. The result is read;
    the plan and the share are not figures of these sheets."""
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 4)]
    b02 = OfficeSheet("B02_NguonVon", [
        ["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None, None],
        [None, None, "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"],
        ["1", "Ngân sách trung ương", 1200, 1500, 125],
        ["6", "Cộng đồng dân cư", 350, 400, 114.3]], merges)
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]] == [
        ("1", 1500.0), ("6", 400.0)]
    b06 = OfficeSheet("B06_TongHop", [
        ["BIỂU 06"], ["Mã chỉ số", "Chỉ số", "Giá trị", None, None],
        [None, None, "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"],
        ["SO_XA", "Số xã", 200, 200, 100], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 125, 120, 96]],
        merges)
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert {code: v for code, (v, _) in _b06_values(result).items()} == {
        "SO_XA": 200.0, "SO_XA_DAT_CHUAN": 120.0}


@pytest.mark.parametrize("heads", [
    ["Thực hiện 6 tháng đầu năm 2023", "Ước thực hiện cả năm 2023"],
    ["Thực hiện 9 tháng", "Ước cả năm"], ["Ước thực hiện năm"]])
def test_b02_the_years_estimate_is_its_amount(tmp_path, heads):
    """`Ước thực hiện cả năm 2023`, `Ước cả năm`, `Ước thực hiện năm`: the year's estimated
    money, as B04 reads it. B02 had no amount column and was not read."""
    rows = [["BIỂU 02"], ["Đơn vị tính: triệu đồng"], ["Mã nguồn", "Nguồn vốn", *heads],
            ["1", "Ngân sách trung ương", *[1200, 1500][-len(heads):]]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1500.0)]


def test_no_unit_anywhere_is_assumed_and_said(tmp_path):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"])
    result = _read(tmp_path, district_sheets(B02=b02))
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == 1200.5
    assert len(_flags(result, "UNIT_ASSUMED")) == 1


# --------------------------------------------------------------------------- cell formats


@pytest.mark.parametrize(("suffix", "code"), [("xlsx", "0.0%"), ("xlsx", "0%"),
                                              ("xlsx", "#,##0.00\\ %"), ("ods", "0.0%")])
def test_a_percent_formatted_cell_is_read_as_the_percentage_shown(tmp_path, suffix, code):
    """Typing 3,2% in Excel stores 0.032 shown as 3.2 %; the person reads 3.2."""
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch",
                                       "Thực hiện"],
                       [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 0.035, 0.032],
                        ["TY_LE_BHYT", "Tỷ lệ BHYT", "%", 95, 96.5]])
    b04.formats = {(3, 3): code, (3, 4): code}
    result = _read(tmp_path, district_sheets(B04=b04), f"2023/percent.{suffix}")
    rows = {r["indicator_code"]: r for r in result.tables["b04_targets"]}
    assert rows["TY_LE_HO_NGHEO"]["target"] == pytest.approx(3.5)
    assert rows["TY_LE_HO_NGHEO"]["actual"] == pytest.approx(3.2)
    assert rows["TY_LE_BHYT"]["actual"] == 96.5  # not formatted: as it is
    assert not result.flags


def test_a_percent_formatted_amount_is_reported_not_guessed(tmp_path):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                    formats={"2": "0%"})
    result = _read(tmp_path, district_sheets(B02=b02))
    local = next(r for r in result.tables["b02_funding"] if r["source_code"] == "2")
    assert local["amount_million_vnd"] is None
    (flag,) = _flags(result, "UNPARSEABLE_VALUE")
    assert "percentage" in flag["message"] and flag["row_number"] == 4


# --------------------------------------------------------------------------- marks


def test_marks_as_offices_type_them(tmp_path):
    b01 = b01_two_row_header()
    typed = ["√", "Đ", "đạt", "ĐẠT", " x ", "Đạt ", " Đ ", "X", "√ ", "đạt.", "✓", "x",
             "Dat", "DAT", "\u00a0x\u00a0", unicodedata.normalize("NFD", "Đạt"), "x", "x", "x"]
    row = b01.rows[b01.find("06532")[0]]
    row[4:23] = typed
    # The template's words abbreviated as "Đ" abbreviates "Đạt": CĐ (chưa đạt), KĐ (không
    # đạt), CBĐ (cơ bản đạt); and a tick typed as "v".
    other = b01.rows[b01.find("06541")[0]]
    other[4:23] = ["v", "V", "CĐ", "cđ", "KĐ", "CBĐ", "cbđ "] + ["CĐ"] * 12
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result)["06532"] == 19
    assert not _flags(result, "UNPARSEABLE_VALUE")
    read = [m["mark"] for m in sorted(result.tables["b01_marks"], key=lambda m: m["criterion_no"])
            if m["commune_code"] == "06541"]
    assert read == ["met", "met", "not_met", "not_met", "not_met", "basically_met",
                    "basically_met"] + ["not_met"] * 12


def test_marks_of_not_met_as_words_and_crosses_and_footnoted_marks_of_met(tmp_path):
    """`Chưa`, `Không`, `K`, `✗`, `☐`, `Chưa đạt (đang hoàn thiện)` beside `Có` and
    `Hoàn thành`: each was UNPARSEABLE_VALUE, so the communes' counts were lost; they are
    read now. A mark of met with a footnote (`x (1)`) that takes it back (`(1) Chờ thẩm
    định` under the table) stays unread, with its error."""
    b01 = b01_two_row_header()
    first = b01.rows[b01.find("06532")[0]]
    first[4:23] = ["Có"] * 10 + ["Hoàn thành"] * 9
    second = b01.rows[b01.find("06541")[0]]
    second[4:23] = ["x"] * 15 + ["Chưa", "Không", "K", "Chưa đạt (đang hoàn thiện)"]
    third = b01.rows[b01.find("06544")[0]]
    third[4:23] = ["x"] * 11 + ["x (1)", "✗", "✘", "☐", "chưa", "-", "k", "Không đạt (*)"]
    b01.rows.insert(b01.find("Tổng cộng")[0] + 1, ["(1) Chờ thẩm định"])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result) == {"06532": 19, "06541": 15, "06544": 11}
    marks = {m["criterion_no"]: m["mark"] for m in result.tables["b01_marks"]
             if m["commune_code"] == "06544"}
    assert marks[12] == "unparseable" and set(marks.values()) == {"met", "not_met",
                                                                    "unparseable"}
    (flag,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (flag["row_number"], flag["raw_value"]) == (9, "x (1)")


def test_a_count_of_criteria_written_out_of_the_sets(tmp_path):
    """`Số tiêu chí đạt` as offices write it: 19/19, 15/19, "12 tiêu chí"."""
    b01 = b01_two_row_header()
    for code, typed in (("06532", "19/19"), ("06541", "15 / 19"), ("06544", "12 tiêu chí")):
        b01.rows[b01.find(code)[0]][23] = typed
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [19, 15, 12]
    assert not _flags(result, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- LibreOffice


def test_an_ods_submission_reads_like_the_same_xlsx(tmp_path):
    sheets = district_sheets()
    xlsx = _read(tmp_path, sheets, "2023/same.xlsx")
    ods = _read(tmp_path, sheets, "2023/same.ods")
    for table in ("b01_communes", "b01_marks", "b02_funding", "b03_ocop", "b04_targets",
                  "b05_district_criteria", "sheet_totals"):
        strip = [{k: v for k, v in r.items() if k not in ("source_file", "sha256")}
                 for r in xlsx.tables[table]]
        assert strip == [{k: v for k, v in r.items() if k not in ("source_file", "sha256")}
                         for r in ods.tables[table]], table
    assert ods.identity.signed_on == dt.date(2024, 1, 10)


def test_an_ods_file_is_recognised_by_content_not_name(tmp_path):
    path = write(tmp_path / "raw" / "2023" / "real.ods", district_sheets())
    misnamed = path.with_name("misnamed.xlsx")
    path.rename(misnamed)
    result = read_submission(misnamed, "2023/misnamed.xlsx", "sha")
    assert result.reject_reason is None
    assert len(result.tables["b01_communes"]) == 3


def _without_year_key(title: list[list]) -> OfficeSheet:
    info = thongtin(2023)
    info.rows = [*title, *[r for r in info.rows[1:] if r[:1] != ["Năm báo cáo"]]]
    return info


def test_thongtin_without_its_year_key_takes_the_one_year_its_title_names(tmp_path):
    info = _without_year_key([[None, "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2023"]])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None and result.identity.year == 2023
    [flag] = _flags(result, "YEAR_FROM_TITLE")
    assert (flag["severity"], flag["sheet"], flag["row_number"], flag["column_name"]) == (
        "warning", "ThongTin", 1, "B")
    assert "NĂM 2023" in flag["raw_value"]


def test_a_year_from_the_title_must_agree_with_the_year_folder(tmp_path):
    info = _without_year_key([[None, "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2023"]])
    path = write(tmp_path / "raw" / "2024" / "title.xlsx", district_sheets(ThongTin=info))
    for folder, year in ((2023, 2023), (None, 2023), (2024, None)):
        result = read_found(FoundFile(path, "2024/title.xlsx", "xlsx", 0, "sha", folder))
        if year is None:
            assert result.reject_reason == ("ThongTin has no 'Năm báo cáo'; its title names 2023 "
                                            "but the file is in the folder of 2024")
        else:
            assert result.reject_reason is None and result.identity.year == year


@pytest.mark.parametrize("title", [
    [["BÁO CÁO KẾT QUẢ NĂM 2023 VÀ KẾ HOẠCH NĂM 2024"]],  # two years: not guessed
    [["BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI"]],  # no year at all
    [["THÔNG TIN CHUNG"], ["(Kèm theo Báo cáo số 15/BC-UBND ngày 10/01/2024)"]],
])
def test_thongtin_without_its_year_key_and_no_one_year_in_its_title_is_rejected(tmp_path,
                                                                                  title):
    result = _read(tmp_path, district_sheets(ThongTin=_without_year_key(title)))
    assert result.reject_reason == "ThongTin has no 'Năm báo cáo'"


def _without_codes(info: OfficeSheet, **names: str) -> OfficeSheet:
    """ThongTin without its code rows, with the names given (``Tên tỉnh``, ``Tên huyện``)."""
    rows = [r for r in info.rows if r[:1] not in (["Mã tỉnh"], ["Mã huyện"])]
    for row in rows:
        if row[:1] == ["Tên tỉnh"] and "province" in names:
            row[1] = names["province"]
        if row[:1] == ["Tên huyện"] and "district" in names:
            row[1] = names["district"]
    info.rows = rows
    return info


def test_thongtin_laid_out_as_a_table_reads_each_key_with_the_value_below(tmp_path):
    """Some offices copy ThongTin as a table: the keys side by side in one row, the values
    in the row below. Read row by row, 'Cấp báo cáo' took 'Mã tỉnh' as its value and the
    file was refused; a person reads each key with the value under it."""
    sheet = OfficeSheet("ThongTin", [
        ["THÔNG TIN CHUNG VỀ BÁO CÁO"], [],
        ["Cấp báo cáo", "Mã tỉnh", "Tên tỉnh", "Mã huyện", "Tên huyện", "Năm báo cáo",
         "Ngày lập", "Lần gửi"],
        ["Huyện", "20", "Lạng Sơn", "188", "Huyện Lộc Bình", 2023, dt.date(2024, 1, 10), 2],
        [], ["Người lập biểu"]])
    result = _read(tmp_path, district_sheets(ThongTin=sheet))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.district_code, ident.year,
            ident.revision, ident.signed_on) == ("district", "20", "188", 2023, 2,
                                                 dt.date(2024, 1, 10))
    stored = {(r["row_number"], r["field"], r["value_text"]) for r in result.tables["thongtin"]}
    assert {(4, "level", "Huyện"), (4, "district_code", "188"), (4, "year", "2023")} <= stored
    assert len(result.tables["b01_communes"]) == len(COMMUNES)


def test_thongtin_with_keys_side_by_side_reads_every_pair(tmp_path):
    """Two keys to a row, each followed by its value: every pair is read, not only the
    first of the row (the second was lost, and without 'Năm báo cáo' the file refused)."""
    sheet = OfficeSheet("ThongTin", [
        ["THÔNG TIN CHUNG VỀ BÁO CÁO"],
        ["Cấp báo cáo", "Huyện", "Năm báo cáo", 2023],
        ["Mã tỉnh", "20", "Tên tỉnh", "Lạng Sơn"],
        ["Mã huyện", "188", "Tên huyện", "Huyện Lộc Bình"],
        ["Ngày lập", dt.date(2024, 1, 10), "Lần gửi", 2, "ghi chú của văn phòng"]])
    result = _read(tmp_path, district_sheets(ThongTin=sheet))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.province_name, ident.district_code,
            ident.year, ident.revision) == ("district", "20", "Lạng Sơn", "188", 2023, 2)
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_thongtin_without_codes_finds_the_units_by_their_names(tmp_path):
    info = _without_codes(thongtin(2023), province="Tỉnh Lạng Sơn", district="Lộc Bình")
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert (result.identity.province_code, result.identity.unit_code) == ("20", "188")
    flags = _flags(result, "UNIT_BY_NAME")
    assert [(f["severity"], f["row_number"], f["column_name"], f["raw_value"]) for f in flags] == [
        ("warning", 4, "B", "Tỉnh Lạng Sơn"), ("warning", 5, "B", "Lộc Bình")]
    # a city of a province (Cấp báo cáo "Thành phố") named without its code is a district,
    # not the province: the district's name says so
    info = _without_codes(thongtin(2023, district_name="Thành phố Lạng Sơn"),
                          province="Lạng Sơn")
    info.rows[2][1] = "Thành phố"
    city = _read(tmp_path, district_sheets(ThongTin=info), name="2023/city.xlsx").identity
    assert (city.level, city.province_code, city.unit_code) == ("district", "20", "178")
    # after the reform, on the map of 2025 (Cao Bằng is 04 on both maps; Hà Giang is gone)
    info = _without_codes(thongtin(2025, level="Tỉnh", district=None), province="Cao Bằng")
    assert _read(tmp_path, [info], name="2025/p.xlsx").identity.province_code == "04"


@pytest.mark.parametrize(("province", "district", "missing"), [
    ("Hà Tĩnh", "Kỳ Anh", "Mã huyện"),  # a huyện and a thị xã are named Kỳ Anh
    ("Lạng Sơn", "Huyện Không Có", "Mã huyện"),
    ("Tỉnh Không Có", "Lộc Bình", "Mã tỉnh"),
])
def test_thongtin_without_codes_and_a_name_that_is_not_one_units_is_rejected(
        tmp_path, province, district, missing):
    info = _without_codes(thongtin(2023), province=province, district=district)
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason.startswith(f"ThongTin has no '{missing}'")
    assert not _flags(result, "UNIT_BY_NAME")


def test_thongtin_with_a_code_that_cannot_be_read_is_not_read_by_the_name(tmp_path):
    info = thongtin(2023)
    next(r for r in info.rows if r[:1] == ["Mã huyện"])[1] = "18x"
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is not None and "18x" in result.reject_reason


def test_thongtin_keys_as_offices_write_them(tmp_path):
    info = OfficeSheet("ThongTin", [
        ["BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI"], [],
        [None, "Cấp:", "Huyện"], [None, "Mã số tỉnh", 20], [None, "Tỉnh/Thành phố", "Lạng Sơn"],
        [None, "Mã số huyện", 188.0], [None, "Tên quận/huyện", "Huyện Lộc Bình"],
        [None, "Năm", "năm 2023"], [None, "Ngày báo cáo", "ngày 10 tháng 01 năm 2024"],
        [None, "Lần", "2"]])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    ident = result.identity
    assert (ident.level, ident.province_code, ident.unit_code, ident.year, ident.revision) == (
        "district", "20", "188", 2023, 2)
    assert ident.signed_on == dt.date(2024, 1, 10)
    assert (ident.province_name, ident.district_name) == ("Lạng Sơn", "Huyện Lộc Bình")


def test_thongtin_as_a_numbered_table_with_the_revision_spelled_out(tmp_path):
    """STT | Nội dung | Giá trị: the key is the cell that names a field, not the number in
    front of it; "Lần thứ 2" is revision 2, as a person reads it."""
    info = OfficeSheet("ThongTin", [
        ["THÔNG TIN CHUNG"], ["STT", "Nội dung", "Giá trị"],
        [1, "Cấp báo cáo", "Huyện"], [2, "Mã tỉnh", "20"], [3, "Tên tỉnh", "Lạng Sơn"],
        [4, "Mã huyện", 188], [5, "Tên huyện", "Huyện Lộc Bình"], ["6", "Năm báo cáo", 2023],
        [7, "Ngày lập", dt.date(2024, 1, 10)], [8, "Lần gửi", "Lần thứ 2"],
        [9, "Ghi chú", None]])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.unit_code, ident.year, ident.revision) == (
        "district", "20", "188", 2023, 2)
    assert not ident.problems
    keys = [(p["row_number"], p["key"], p["key_column"], p["value_column"])
            for p in ident.pairs]
    assert (3, "Cấp báo cáo", 1, 2) in keys and (2, "STT", 0, 1) in keys
    assert (11, "9", 0, 1) in keys  # a numbered row without a value keeps its cells



@pytest.mark.parametrize("revision", ["Bổ sung lần 1", "Gửi lần 2 (bổ sung)", "Lần 2"])
def test_thongtin_code_and_name_in_one_cell_and_a_revision_with_words(tmp_path, revision):
    """"Tỉnh: 20 - Lạng Sơn", "Huyện: 188 - Lộc Bình" give a code and a name, as a person
    reads them; "Bổ sung lần 1" (the first supplement, sent after the original) is revision
    2."""
    info = OfficeSheet("ThongTin", [
        ["Cấp báo cáo", "Huyện"], ["Tỉnh", "20 - Lạng Sơn"], ["Huyện", "188 - Lộc Bình"],
        ["Năm báo cáo", 2023], ["Ngày lập", dt.date(2024, 1, 10)], ["Lần gửi", revision]])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.province_code, ident.province_name, ident.unit_code, ident.district_name,
            ident.revision) == ("20", "Lạng Sơn", "188", "Lộc Bình", 2)
    assert not ident.problems

@pytest.mark.parametrize("names", [False, True])
def test_thongtin_code_and_name_in_the_codes_cell(tmp_path, names):
    """"Mã tỉnh: 20 - Lạng Sơn", as a template's drop-down list fills it. Before, the code
    could not be read and the whole file was rejected. The name rows, when present, keep
    their own text."""
    rows = [["Cấp báo cáo", "Huyện"], ["Mã tỉnh", "20 - Lạng Sơn"],
            ["Mã huyện", "188 – Huyện Lộc Bình"], ["Năm báo cáo", 2023],
            ["Ngày lập", dt.date(2024, 1, 10)]]
    if names:
        rows += [["Tên tỉnh", "Tỉnh Lạng Sơn"], ["Tên huyện", "Lộc Bình"]]
    result = _read(tmp_path, district_sheets(ThongTin=OfficeSheet("ThongTin", rows)))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.province_code, ident.unit_code) == ("20", "188")
    assert (ident.province_name, ident.district_name) == (
        ("Tỉnh Lạng Sơn", "Lộc Bình") if names else ("Lạng Sơn", "Huyện Lộc Bình"))
    assert not ident.problems


@pytest.mark.parametrize("names", [False, True])
def test_thongtin_name_typed_in_the_codes_cell(tmp_path, names):
    """"Mã tỉnh: Lạng Sơn", "Mã huyện: Lộc Bình": the name where the code belongs, which a
    person reads as the unit so named. Before, the whole file was rejected."""
    rows = [["Cấp báo cáo", "Huyện"], ["Mã tỉnh", "Lạng Sơn"], ["Mã huyện", "Lộc Bình"],
            ["Năm báo cáo", 2023], ["Ngày lập", dt.date(2024, 1, 10)]]
    if names:
        rows += [["Tên tỉnh", "Tỉnh Lạng Sơn"], ["Tên huyện", "Huyện Lộc Bình"]]
    result = _read(tmp_path, district_sheets(ThongTin=OfficeSheet("ThongTin", rows)))
    assert result.reject_reason is None
    assert (result.identity.province_code, result.identity.unit_code) == ("20", "188")
    messages = [f["message"] for f in _flags(result, "UNIT_BY_NAME")]
    assert len(messages) == 2 and "'Mã tỉnh' (row 2) holds a name, not a code" in messages[0]


def test_thongtin_code_cell_naming_another_unit_than_the_name_is_rejected(tmp_path):
    """A name in the code's cell that is not the unit the name's own key names: which one
    sent the file cannot be told."""
    info = thongtin(2023)
    info.rows[3][1] = "Cao Bằng"
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert "'Mã tỉnh' holds the name 'Cao Bằng', which is not the province" in (
        result.reject_reason)


@pytest.mark.parametrize("blank", [False, True])
def test_thongtin_without_its_level_naming_a_district_is_a_districts_report(tmp_path, blank):
    """No `Cấp báo cáo` row (or the cell left blank), but `Mã huyện` and `Tên huyện` filled
    in: a district's report, as a person reads it. Before, the whole file was rejected. One
    naming no district cannot be told from a province's, and still is."""
    info = thongtin(2023)
    if blank:
        info.rows[2][1] = None
    else:
        del info.rows[2]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert (result.identity.level, result.identity.unit_code) == ("district", "188")
    (flag,) = [f for f in result.flags if "Cấp báo cáo" in f["message"]]
    assert flag["severity"] == "warning" and "read as a district's report" in flag["message"]
    info.rows = [r for r in info.rows if not (r and r[0] in ("Mã huyện", "Tên huyện"))]
    result = _read(tmp_path, district_sheets(ThongTin=info), name="2023/b.xlsx")
    assert result.identity is None and "no 'Cấp báo cáo'" in result.reject_reason


# --------------------------------------------------------------------------- sheets and rows


@pytest.mark.parametrize("name", ["Biểu 01", "Biểu số 1", "BM01 - Tiêu chí xã", "b1",
                                  "Mẫu B01", "Mẫu biểu 01 - TCX", "Mẫu số B01"])
def test_sheets_renamed_after_the_printed_form(tmp_path, name):
    b01 = b01_two_row_header()
    b01.name = name
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["sheet"] for c in result.tables["b01_communes"]] == [name] * 3


def test_sheets_named_by_their_subject_alone_are_read_as_that_sheet(tmp_path):
    """The template's names without their codes (`Tiêu chí xã`, `Nguồn vốn 2023`): before,
    every sheet was MISSING_SHEET and the file's figures were lost."""
    sheets = district_sheets()
    names = ["Thông tin chung", "Tiêu chí xã", "Nguồn vốn 2023", "Sản phẩm OCOP", "Chỉ tiêu",
             "Tiêu chí huyện"]
    for sheet, name in zip(sheets, names, strict=True):
        sheet.name = name
    result = _read(tmp_path, sheets)
    assert _flags(result, "MISSING_SHEET") == []
    assert {s["sheet_code"]: (s["sheet"], s["status"]) for s in result.tables["sheets"]} == {
        code: (name, "read") for code, name in zip(
            ["B01", "B02", "B03", "B04", "B05"], names[1:], strict=True)}
    assert _marks_met(result) == EXPECTED_MET
    assert len(result.tables["b02_funding"]) == 6


def test_a_sheet_named_by_subject_beside_the_one_with_the_code_is_another_sheet(tmp_path):
    """A summary sheet `Tổng hợp` beside `B06_TongHop`, or `Nguồn vốn` (the office's own
    working table) beside `B02_NguonVon`: the sheet with the code is read, and the other is
    not a second copy that would keep both out."""
    working = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                        values={"1": 99.0, "2": 99.0, "6": 0.0, "6.1": 0.0, "6.2": 0.0,
                                "6.3": 0.0})
    working.name = "Nguồn vốn"
    result = _read(tmp_path, [*district_sheets(), working])
    assert {r["sheet"] for r in result.tables["b02_funding"]} == {"B02_NguonVon"}
    assert [r["amount_million_vnd"] for r in result.tables["b02_funding"]][:2] == [1200.5, 800.0]
    assert _flags(result, "SHEET_LAYOUT") == []


def test_a_hidden_old_copy_of_a_sheet_is_not_read(tmp_path):
    old = b01_two_row_header(marks="-")
    old.name, old.hidden = "B01 (cũ)", True
    result = _read(tmp_path, [*district_sheets(), old])
    assert _marks_met(result) == EXPECTED_MET  # the visible sheet's marks
    (note,) = _flags(result, "HIDDEN_SHEET")
    assert note["sheet"] == "B01 (cũ)" and note["severity"] == "info"


def test_two_visible_sheets_for_one_code_are_not_guessed_between(tmp_path):
    copy = b01_two_row_header(marks="-")
    copy.name = "B01 (2)"
    result = _read(tmp_path, [*district_sheets(), copy])
    assert "b01_communes" not in result.tables
    layout = _flags(result, "SHEET_LAYOUT")
    assert {f["sheet"] for f in layout} == {"B01_TieuChiXa", "B01 (2)"}
    assert all("2 sheets are B01" in f["message"] for f in layout)
    assert len(result.tables["b02_funding"]) == 6  # the other sheets are read


def test_a_blank_copy_of_the_form_beside_the_filled_sheet_is_set_aside(tmp_path):
    """The blank form kept visible beside the filled sheet (`Mẫu B01`: its header, a total
    row of zeros, no commune): the filled sheet is read, the copy named (info)."""
    blank = b01_two_row_header(communes=[])
    blank.name = "Mẫu B01"
    result = _read(tmp_path, [*district_sheets(), blank])
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert [(f["sheet"], f["severity"]) for f in _flags(result, "SHEET_LAYOUT")] == [
        ("Mẫu B01", "info")]


def _without_column(sheet: OfficeSheet, header: str) -> OfficeSheet:
    """The sheet with the column headed ``header`` taken out, merges moved with it."""
    row, col = sheet.find(header)
    for cells in sheet.rows[row:]:
        if len(cells) > col:
            del cells[col]
    sheet.merges = [(r0, c0 - (c0 > col), r1, c1 - (c1 > col))
                    for r0, c0, r1, c1 in sheet.merges if not c0 == c1 == col]
    return sheet


@pytest.mark.parametrize("name_header", ["Tên xã", "Xã, thị trấn", "Địa phương"])
def test_a_commune_list_without_codes_is_read_by_the_communes_names(tmp_path, name_header):
    """Offices seldom know the 5-digit codes: a B01 with `Tên xã` and no `Mã xã` column.
    Before, the sheet was unusable for want of its key column, and every figure of it was
    lost; a person reads each row as the commune it names. The rows are read without a code
    (downstream each is the one commune of the unit with that name, COMMUNE_BY_NAME), and
    one warning says so for the sheet, not an error per row. The names' column headed
    `Xã, thị trấn` or `Địa phương` was not found, and the sheet not read."""
    b01 = _without_column(b01_two_row_header(), "Mã xã")
    b01.rows[b01.find("Tên xã")[0]][b01.find("Tên xã")[1]] = name_header
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _status(result, "B01")["status"] == "read"
    communes = result.tables["b01_communes"]
    assert [(c["commune_code"], c["commune_name"], c["ntm_year"]) for c in communes] == [
        (None, name, ntm) for _, name, _, ntm, _ in COMMUNES]
    met: dict[int, int] = {}
    for m in result.tables["b01_marks"]:
        met[m["row_number"]] = met.get(m["row_number"], 0) + (m["mark"] == "met")
    assert met == {c["row_number"]: n for c, (_, _, n, _, _) in zip(communes, COMMUNES,
                                                                  strict=True)}
    (flag,) = _flags(result, "SHEET_LAYOUT")
    assert flag["severity"] == "warning" and "no Mã xã column" in flag["message"]
    assert "3 communes" in flag["message"]
    assert _flags(result, "UNPARSEABLE_VALUE") == []


def test_a_commune_list_without_codes_or_names_is_not_read(tmp_path):
    b01 = _without_column(_without_column(b01_two_row_header(), "Mã xã"), "Tên xã")
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _status(result, "B01")["status"] == "unusable"
    assert "b01_communes" not in result.tables
    (flag,) = _flags(result, "SHEET_LAYOUT")
    assert flag["severity"] == "error"


def test_section_headings_between_communes_are_not_communes(tmp_path):
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    b01.rows.insert(first, ["I", None, "Các xã đã đạt chuẩn nông thôn mới"])
    b01.rows.insert(first + 2, ["II", None, "Các xã chưa đạt chuẩn"])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"}
    assert "Các xã chưa đạt chuẩn" in notes


def test_a_hidden_commune_row_is_read_and_named(tmp_path):
    """A filter hides rows as a person's hand does: the hidden commune is the report's and
    is read, with a warning at its row; hidden rows above the table are not data."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    b01.hidden_rows = {1, first + 1}
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    (flag,) = _flags(result, "HIDDEN_ROW")
    assert (flag["severity"], flag["sheet"], flag["row_number"]) == (
        "warning", b01.name, first + 2)
    assert "hidden" in flag["message"]
    b01.hidden_rows = set()
    assert not _flags(_read(tmp_path, district_sheets(B01=b01), "2023/shown.xlsx"),
                      "HIDDEN_ROW")

def test_a_status_year_that_cannot_be_read_is_recorded_on_its_row(tmp_path):
    """'đang xét' under 'Năm đạt chuẩn NTM' gives no year and no status: the year is empty
    and flagged, and the row records which status years are unknown, so that the commune is
    not counted as not having reached that level."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    b01.rows[first][24] = "đang xét"
    b01.rows[first + 1][26] = "2019 (QĐ 123)"
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [r["status_years_unreadable"] for r in rows][:3] == ["ntm_year", "model_year", None]
    assert [r["status_years_marked"] for r in rows][:3] == [None, None, None]
    assert rows[0]["ntm_year"] is None
    assert {(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")} == {
        (first + 1, "đang xét"), (first + 2, "2019 (QĐ 123)")}


def test_status_years_written_with_the_word_for_reached(tmp_path):
    """`Đạt 2019` under `NTM`, `Đã đạt (2022)` under `NTM nâng cao`: reached in that year, as a
    person reads it; `Dự kiến 2025` is a plan, not a year reached."""
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    first, second = b01.find("06532")[0], b01.find("06541")[0]
    b01.rows[first][col:col + 2] = ["Đạt 2019", "Đã đạt (2022)"]
    b01.rows[second][col] = "Dự kiến 2025"
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [(r["ntm_year"], r["advanced_year"], r["status_years_unreadable"])
            for r in rows[:2]] == [(2019, 2022, None), (None, None, "ntm_year")]
    assert [f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")] == ["Dự kiến 2025"]


def test_a_b01_from_before_the_advanced_and_model_levels_is_read_with_those_unknown(tmp_path):
    """A 2016 report has no columns for NTM nâng cao and kiểu mẫu (levels that date from
    2018). Before, the whole B01 was unusable for want of them, and with it the criteria of
    every commune. Now its criteria and NTM years are read, and on each row those two
    statuses are unknown (not "not reached"), which the sheet's warnings say."""
    header = ["STT", "Mã xã", "Tên xã", *[f"TC{i}" for i in range(1, 20)],
              "Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Ghi chú"]
    body = [[1, "06532", "Xã Mẫu Sơn", *["x"] * 19, 19, 2015, None],
            [2, "06541", "Xã Yên Khoái", *["x"] * 15, *[None] * 4, 15, None, None]]
    b01 = simple_sheet("B01_TieuChiXa", header, body)
    result = _read(tmp_path, district_sheets(2016, B01=b01), "2016/office.xlsx")
    assert _status(result, "B01")["status"] == "read"
    rows = result.tables["b01_communes"]
    assert [(r["commune_code"], r["ntm_year"], r["status_years_unreadable"]) for r in rows] == [
        ("06532", 2015, "advanced_year, model_year"), ("06541", None, "advanced_year, model_year")]
    assert _marks_met(result) == {"06532": 19, "06541": 15}
    warnings = _flags(result, "SHEET_LAYOUT")
    assert [(f["severity"], f["row_number"]) for f in warnings] == [("warning", 3)] * 2
    assert ["'advanced_year'" in warnings[0]["message"], "'model_year'" in warnings[1]["message"]
            ] == [True, True]
    assert "not 'not reached'" in warnings[0]["message"]


def test_a_status_column_headed_otherwise_leaves_that_status_unknown(tmp_path):
    """The model-NTM column headed `Phân loại`: it is no status year a person could name,
    so the column is kept as unknown and the communes' model status is unknown; the rest of
    B01 is read. Before, the whole sheet fed nothing."""
    b01 = b01_two_row_header()
    row, col = b01.find("NTM kiểu mẫu")
    b01.rows[row][col] = "Phân loại"
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [(r["ntm_year"], r["advanced_year"], r["model_year"], r["status_years_unreadable"])
            for r in rows] == [(2019, 2022, None, "model_year"), (None, None, None, "model_year"),
                               (None, None, None, "model_year")]
    assert _marks_met(result) == EXPECTED_MET
    (warning,) = _flags(result, "SHEET_LAYOUT")
    assert "'model_year'" in warning["message"]
    assert [f["column_name"] for f in _flags(result, "UNKNOWN_COLUMN")] == [
        "AA (Năm đạt chuẩn | Phân loại)"]


@pytest.mark.parametrize(("group", "advanced", "model"), [
    ("Năm công nhận", "NC", "KM"),
    ("Kết quả công nhận", "Năm đạt NTMNC", "Năm đạt NTMKM"),
    ("Năm đạt chuẩn", "NTM NC", "NTM KM"),
    ("Kết quả công nhận", "Năm đạt chuẩn NC", "Năm đạt chuẩn KM"),
    ("Năm công nhận", "Năm đạt NC", "Năm đạt KM"),
])
def test_status_columns_headed_by_the_levels_shortened(tmp_path, group, advanced, model):
    """`NTMNC` and `NTMKM` are how offices shorten the two levels (`NC`, `KM` under `Năm
    công nhận`). Before, neither column was found and those statuses were unknown."""
    b01 = b01_two_row_header()
    row, col = b01.find("Năm đạt chuẩn")
    b01.rows[row][col] = group
    b01.rows[row + 1][col + 1:col + 3] = [advanced, model]
    b01.rows[b01.find("06541")[0]][col + 2] = 2023
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [(r["ntm_year"], r["advanced_year"], r["model_year"], r["status_years_unreadable"])
            for r in rows] == [(2019, 2022, None, None), (None, None, 2023, None),
                               (None, None, None, None)]
    assert not _flags(result, "UNKNOWN_COLUMN") and not _flags(result, "SHEET_LAYOUT")


@pytest.mark.parametrize(("advanced", "model"), [
    ("Năm đăng ký đạt chuẩn NTM nâng cao", "Năm đăng ký đạt chuẩn NTM kiểu mẫu"),
    ("Dự kiến năm đạt NTM nâng cao", "Dự kiến năm đạt NTM kiểu mẫu"),
    ("Xã đăng ký đạt chuẩn NTM nâng cao năm 2024", "Kế hoạch đạt NTM kiểu mẫu"),
])
def test_status_years_planned_or_registered_are_not_reached(tmp_path, advanced, model):
    """Years a commune registered for or plans (`Năm đăng ký đạt chuẩn NTM nâng cao`, `Dự
    kiến năm đạt …`) were read as the years it reached the level (`~nâng cao` fits anywhere
    in a header): Yên Khoái counted as newly advanced in 2023, without a flag. Such columns
    are not statuses: the levels' statuses are unknown, as when their columns are absent."""
    b01 = b01_two_row_header()
    row, col = b01.find("NTM nâng cao")
    b01.rows[row][col:col + 2] = [advanced, model]
    b01.rows[b01.find("06541")[0]][col:col + 2] = [2023, "x"]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [(r["ntm_year"], r["advanced_year"], r["model_year"], r["status_years_unreadable"])
            for r in result.tables["b01_communes"]] == [
        (2019, None, None, "advanced_year, model_year")] + [
        (None, None, None, "advanced_year, model_year")] * 2
    assert not _flags(result, "STATUS_MARK")


def test_a_year_beside_the_level_reached_is_not_the_ntm_year(tmp_path):
    """`Mức độ đạt chuẩn | Năm công nhận` with `NTM nâng cao | 2023`: the year is the
    level's. It was read as the NTM year, so a commune advanced in 2023 (NTM since 2019)
    counted as newly NTM in 2023. The year is not read, and a warning says why."""
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), "Mức độ đạt chuẩn",
              "Năm công nhận"]
    body = [[1, "06532", "Xã Mẫu Sơn", *["x"] * 19, "NTM nâng cao", 2023],
            [2, "06541", "Xã Yên Khoái", *["x"] * 19, "NTM", 2020]]
    result = _read(tmp_path, district_sheets(B01=simple_sheet("B01_TieuChiXa", header, body)))
    assert [(r["ntm_year"], r["status_years_unreadable"])
            for r in result.tables["b01_communes"]] == [
        (None, "ntm_year, advanced_year, model_year")] * 2
    assert any("gives the year of the level in column W (Mức độ đạt chuẩn)" in f["message"]
               for f in _flags(result, "SHEET_LAYOUT"))


def _b01_flat(rows: list[list], before: list[str] | None = None,
              after: list[str] | None = None) -> OfficeSheet:
    """A B01 in one header row: columns ``before`` the code, the criteria 1-19 and NTM year,
    columns ``after``; each of ``rows`` is (code, name, criteria met, NTM year, *after)."""
    before, after = before or [], after or []
    header = [*before, "Mã xã", "Tên xã", *map(str, range(1, 20)), "Năm đạt chuẩn NTM",
              "NTM nâng cao", "NTM kiểu mẫu", *after]
    body = [[*lead, code, name, *(["x"] * met + [None] * (19 - met)), year, None, None, *rest]
            for lead, (code, name, met, year, *rest) in rows]
    return simple_sheet("B01_TieuChiXa", header, body)


def test_b01_a_communes_dated_decision_does_not_end_the_list(tmp_path):
    """An extra column `Quyết định công nhận` holding `QĐ số 45/QĐ-UBND ngày 20 tháng 11 năm
    2020` on a commune's row without its code read as the date line of a signature block:
    that row and every commune after it became notes, without a flag. A row filling the
    criteria's columns is no note, whatever its extra cells say."""
    decision = "QĐ số 45/QĐ-UBND ngày 20 tháng 11 năm 2020"
    rows = [([], ("06532", "Xã Mẫu Sơn", 19, 2019, "QĐ số 123/QĐ-UBND ngày 15/12/2019")),
            ([], (None, "Xã Yên Khoái", 19, 2020, decision)),
            ([], ("06544", "Xã Khánh Xuân", 12, None, None))]
    b01 = _b01_flat([(lead, row) for lead, row in rows], after=["Quyết định công nhận"])
    b01.rows += [[], ["Lộc Bình, ngày 10 tháng 01 năm 2024"], ["Người lập biểu"]]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r["commune_name"] for r in result.tables["b01_communes"]] == [
        "Xã Mẫu Sơn", "Xã Yên Khoái", "Xã Khánh Xuân"]
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"}
    assert {"Lộc Bình, ngày 10 tháng 01 năm 2024", "Người lập biểu"} <= notes


def test_b01_a_commune_whose_name_folds_like_a_district_is_a_commune(tmp_path):
    """Lục Nam lists its communes by name without `Xã`: `Huyền Sơn` folds to `huyen son`, and
    was taken for a district's row and dropped without a flag. District words are told
    with their diacritics (`Huyện`); a row naming a district is still no commune."""
    rows = [([], (None, "Đông Hưng", 19, 2018)), ([], (None, "Huyền Sơn", 19, 2020)),
            ([], (None, "Huyện Lục Nam (cũ)", 0, None))]
    result = _read(tmp_path, district_sheets(B01=_b01_flat(rows)))
    assert [r["commune_name"] for r in result.tables["b01_communes"]] == [
        "Đông Hưng", "Huyền Sơn"]


def test_b01_a_column_naming_each_communes_district_is_not_a_label(tmp_path):
    """A province's B01 of 2025 with `Huyện (cũ)` left of the codes: each commune's row names
    its former district there, and with a code under 1000 (Hà Nội's) every commune was taken
    for a district's row and dropped, without a flag."""
    rows = [(["Huyện Sóc Sơn"], ("00376", "Xã Sóc Sơn", 19, 2015)),
            (["Huyện Sóc Sơn"], ("00382", "Xã Kim Anh", 19, 2016)),
            (["Huyện Sóc Sơn"], (None, "Xã Trung Giã", 19, 2016))]
    b01 = _b01_flat(rows, before=["Huyện (cũ)"])
    sheets = [thongtin(2025, level="Tỉnh", province="01", province_name="Hà Nội",
                       district=None), b01]
    result = _read(tmp_path, sheets, "2025/p.xlsx")
    assert [(r["commune_code"], r["commune_name"]) for r in result.tables["b01_communes"]] == [
        ("00376", "Xã Sóc Sơn"), ("00382", "Xã Kim Anh"), (None, "Xã Trung Giã")]


def test_a_status_column_not_found_leaves_a_sheet_with_other_gaps_unusable(tmp_path):
    """A status column's absence never makes up for another: a B01 also lacking a criterion
    column feeds nothing, and its error, not a warning about the status, says why."""
    b01 = b01_two_row_header()
    row, col = b01.find("NTM kiểu mẫu")
    b01.rows[row][col] = "Phân loại"
    row, col = b01.find("19")
    b01.rows[row][col] = "Khác"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert "b01_communes" not in result.tables
    (error,) = _flags(result, "SHEET_LAYOUT")
    assert error["severity"] == "error" and "criterion column 19" in error["message"]


def test_status_columns_that_hold_marks_read_as_reached_in_a_year_not_given(tmp_path):
    """Offices tick a commune's status instead of giving its year ('x' under 'Xã đạt chuẩn
    NTM'): a person reads the level as reached, not since when. The year stays empty, the
    row records the status as marked (not unknown: the commune counts as reached), and
    STATUS_MARK says so; 'Chưa đạt' reads as not reached; a number is never taken for a
    mark in a year column."""
    communes = [("06532", "Xã Mẫu Sơn", 19, "x", "Đạt"),
                ("06541", "Xã Yên Khoái", 15, "Chưa đạt", None),
                ("06544", "Xã Khánh Xuân", 12, 1, None)]
    b01 = b01_two_row_header(communes=communes)
    first = b01.find("06532")[0]
    b01.rows[first - 3][24] = "Xã đạt chuẩn"
    b01.rows[first][26] = "  √ "
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [r["status_years_marked"] for r in rows] == [
        "ntm_year, advanced_year, model_year", None, None]
    assert [r["status_years_unreadable"] for r in rows] == [None, None, "ntm_year"]
    assert [(r["ntm_year"], r["advanced_year"], r["model_year"]) for r in rows] == [
        (None, None, None)] * 3
    marks = {(f["row_number"], f["column_name"], f["severity"], f["raw_value"])
             for f in _flags(result, "STATUS_MARK")}
    assert marks == {(first + 1, "Y (Xã đạt chuẩn | NTM)", "warning", "x"),
                     (first + 1, "Z (Xã đạt chuẩn | NTM nâng cao)", "warning", "Đạt"),
                     (first + 1, "AA (Xã đạt chuẩn | NTM kiểu mẫu)", "warning", "√"),
                     (first + 2, "Y (Xã đạt chuẩn | NTM)", "info", "Chưa đạt")}
    assert [(f["row_number"], f["raw_value"]) for f in _flags(result, "UNPARSEABLE_VALUE")] == [
        (first + 3, "1")]

@pytest.mark.parametrize("numbering", [["(1)", "(2)", "(3)"], ["1", "2", "3"]])
def test_a_source_coded_as_a_columns_number_is_data_not_the_numbering_row(tmp_path, numbering):
    """B02 printed with a row numbering its columns under the header, its codes typed as
    text: the row of source "1" is the central budget, not the numbering row printed again
    (it was left out, so TONG_VON was too low). The numbering row repeated as a whole at a
    page break is header."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], sub_header=numbering)
    second = next(i for i, r in enumerate(b02.rows) if r[:1] == ["2"])
    b02.rows.insert(second + 1, list(numbering))
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [
        ("1", 1200.5), ("2", 800.0), ("6", 350.0), ("6.1", 200.0), ("6.2", 100.0),
        ("6.3", 50.0)]
    notes = {c["row_number"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B02_NguonVon" and c["row_kind"] == "note"}
    assert second + 2 in notes
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_numbering_row_typed_as_numbers_and_printed_again_is_not_a_source(tmp_path):
    """Codes typed as numbers under a numbering row `1 2 3` of numbers, the numbering row
    printed again at a page break: the repeat is header. Before, it was a second source 1
    named "2" with 3 million."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            [1, 2, 3], [1, "Ngân sách trung ương", 1200.5], [2, "Ngân sách địa phương", 800],
            [1, 2, 3], [6, "Cộng đồng dân cư", 350]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1200.5), ("2", 800.0), ("6", 350.0)]
    notes = {c["row_number"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B02_NguonVon" and c["row_kind"] == "note"}
    assert 6 in notes


@pytest.mark.parametrize("headers", [
    ["Năm 2022 (triệu đồng)", "Năm 2023 (triệu đồng)"],
    ["Lũy kế 2021-2023", "Năm 2023"],
    ["Tổng số", "Trong đó: năm 2023"],
])
def test_b02_money_is_read_from_the_column_naming_the_reporting_year(tmp_path, headers):
    """B02 with the period's money beside the reporting year's: the year's column is read,
    the other is not (named by UNKNOWN_COLUMN). Before, 'Tổng số' beside 'Trong đó: năm
    2023' was read, the whole period's money as the year's, and a column headed by the year
    alone was not understood, so the other two sheets were refused."""
    body = [["1", "Ngân sách trung ương", 3000, 1200.5], ["2", "Ngân sách địa phương", 2100, 800]]
    b02 = OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                                       ["Đơn vị tính: triệu đồng"],
                                       ["Mã nguồn", "Nguồn vốn", *headers], *body])
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1200.5), ("2", 800.0)]
    assert not _flags(result, "SHEET_LAYOUT")
    assert any(f["column_name"].startswith("C ") for f in _flags(result, "UNKNOWN_COLUMN"))


@pytest.mark.parametrize("hidden", [2, 3])
def test_a_hidden_column_repeating_a_shown_one_is_not_read(tmp_path, hidden):
    """An office keeps an old column out of sight beside the one it fills in (last year's
    money under the same header): a person reads the column shown. Before, the two columns
    of one meaning kept the sheet out (SHEET_LAYOUT). A hidden column that repeats nothing
    (the code column, hidden for printing) is read, and named by a warning."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
            ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Giá trị (triệu đồng)"]]
    for code, name, amount in (("1", "Ngân sách trung ương", 1200.5),
                               ("2", "Ngân sách địa phương", 800.0)):
        row = [code, name, None, None]
        row[hidden], row[5 - hidden] = amount * 9, amount  # the hidden column: old figures
        rows.append(row)
    b02 = OfficeSheet("B02_NguonVon", rows, hidden_columns={0, hidden})
    result = _read(tmp_path, district_sheets(B02=b02))
    assert not _flags(result, "SHEET_LAYOUT")
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1200.5), ("2", 800.0)]
    flags = {(f["severity"], f["column_name"][:1]) for f in _flags(result, "HIDDEN_COLUMN")}
    assert flags == {("info", "CD"[hidden - 2]), ("warning", "A")}
    kept = {(c["column_name"], c["value"]) for c in result.tables["unmapped_cells"]
            if c["sheet"] == "B02_NguonVon"}
    assert ("CD"[hidden - 2], str(1200.5 * 9)) in kept
    # The same header block with both columns shown: which one is meant cannot be told (the
    # layout of the first sheet, remembered for its header block, is not reused).
    b02.hidden_columns = set()
    shown = _read(tmp_path, district_sheets(B02=b02), "2023/shown.xlsx")
    assert [f["sheet"] for f in _flags(shown, "SHEET_LAYOUT")] == ["B02_NguonVon"]
    assert "b02_funding" not in shown.tables


def test_b04_target_is_read_from_the_column_naming_the_reporting_year(tmp_path):
    """`Kế hoạch` (the period's) beside `Kế hoạch năm 2023` in a 2023 report: the year's
    column is the target; before, the two columns of one meaning kept the target out."""
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Kế hoạch năm 2023", "Thực hiện năm 2023",
                                       "Kế hoạch năm 2024"],
                       [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 5, 1, 0, 2]])
    result = _read(tmp_path, district_sheets(B04=b04))
    assert [(r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]] == [(1.0, 0.0, 2.0)]
    assert [f["column_name"][:1] for f in _flags(result, "UNKNOWN_COLUMN")
            if f["sheet"] == "B04_ChiTieu"] == ["D"]


def test_the_year_column_shown_wins_over_a_hidden_one_and_one_naming_no_year(tmp_path):
    """A hidden `Thực hiện năm 2023` (an old copy), `Giá trị` and `Trong đó: năm 2023`, the
    two shown: the shown column naming the reporting year is read. (When the hidden column
    was set aside, its naming the year must not count for the column kept.)"""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], ["Đơn vị tính: triệu đồng"],
            ["Mã nguồn", "Nguồn vốn", "Thực hiện năm 2023", "Giá trị", "Trong đó: năm 2023"],
            ["1", "Ngân sách trung ương", 9.0, 3000, 1200.5],
            ["2", "Ngân sách địa phương", 9.0, 2100, 800]]
    b02 = OfficeSheet("B02_NguonVon", rows, hidden_columns={2})
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1200.5), ("2", 800.0)]
    assert not _flags(result, "SHEET_LAYOUT")


def test_a_header_repeated_at_a_page_break_is_not_a_commune(tmp_path):
    """Offices repeat the header block (with its numbering row) on every printed page: the
    repeat is header, not two communes without a code."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    header = b01.rows[first - 3:first]
    b01.rows[first + 2:first + 2] = [list(r) for r in header]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    notes = {c["row_number"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"}
    assert {first + 3, first + 5} <= notes

def test_a_group_subtotal_is_neither_a_commune_nor_the_sheets_total(tmp_path):
    """A province's list grouped by district: a heading merged over the first columns, the
    district's communes, then "Cộng huyện Lộc Bình" with the group's counts."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    width = len(b01.rows[first])
    heading = ["I. HUYỆN LỘC BÌNH"] + [None] * (width - 1)
    subtotal = [None, None, "Cộng huyện Lộc Bình", None] + [3] * 12 + [2] * 7 + [46]
    subtotal += [None] * (width - len(subtotal))
    b01.rows.insert(first, heading)
    b01.rows.insert(first + 4, subtotal)
    b01.merges = [m if m[0] < first else (m[0] + 2, m[1], m[2] + 2, m[3]) for m in b01.merges]
    b01.merges.append((first, 0, first, 3))
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    totals = {(t["row_number"], t["field"]) for t in result.tables["sheet_totals"]}
    assert (first + 6, "reported_count") in totals  # the sheet's own Tổng cộng
    assert not any(row == first + 5 for row, _ in totals)
    kept = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
            if c["row_kind"] == "note"}
    assert (first + 5, "Cộng huyện Lộc Bình") in kept and (first + 5, "46") in kept


def test_b02_rows_numbered_or_bulleted_by_name(tmp_path):
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            [None, "1. Ngân sách Trung ương", 1000], ["II", "Vốn tín dụng", 200],
            [None, "Nhân dân đóng góp", 300], [None, "Trong đó: - Tiền mặt", 100],
            [None, "+ Ngày công lao động", 200], [None, "Vốn ODA", 50]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    codes = [r["source_code"] for r in result.tables["b02_funding"]]
    assert codes == ["1", "4", "6", "6.1", "6.3", None]
    flags = {f["severity"]: f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert "read as source 4 by its name 'Vốn tín dụng'" in flags["warning"]
    assert "Vốn ODA" in flags["error"]


@pytest.mark.parametrize(("name", "code"), [
    ("Ngân sách TW", "1"), ("Vốn ngân sách TW", "1"),
    ("Vốn huy động từ cộng đồng dân cư", "6"), ("Vốn đóng góp của nhân dân", "6"),
    ("Huy động từ cộng đồng", "6"),
    ("Ngân sách tỉnh", None),  # a part of source 2, which the sheet does not give
    ("Vốn sự nghiệp", None)])  # a kind of budget money, no source
def test_b02_sources_named_as_offices_name_them(tmp_path, name, code):
    """Before, the first five were errors and their money counted in no source; the parts
    of the community's money under them were read as parts of the source above."""
    rows = [["BIỂU 02"], ["STT", "Nguồn vốn", "Giá trị (triệu đồng)"],
            [1, "Vốn doanh nghiệp", 150], [2, name, 300], [None, "- Tiền mặt", 100],
            [None, "- Ngày công lao động", 200]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    codes = [r["source_code"] for r in result.tables["b02_funding"]]
    assert codes[:2] == ["5", code]
    if code == "6":
        assert codes[2:] == ["6.1", "6.3"]


def test_b02_a_source_broken_down_into_bulleted_rows_is_counted_once(tmp_path):
    """`2 Ngân sách địa phương` followed by `- Ngân sách tỉnh`, `- Ngân sách huyện`: the parts
    are in the row above. They are not counted again, and each is a warning that says so
    rather than an error that money belongs to no source. A part under a row without a
    value, or an unbulleted row that is no source, stays an error: its money is counted
    nowhere."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", 1000], ["2", "Ngân sách địa phương", 600],
            [None, "- Ngân sách tỉnh", 400], [None, "- Ngân sách huyện", 200],
            ["3", "Vốn lồng ghép", None], [None, "+ Chương trình 135", 80],
            [None, "Vốn ODA", 50]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]
            ] == [("1", 1000.0), ("2", 600.0), (None, 400.0), (None, 200.0), ("3", None),
                  (None, 80.0), (None, 50.0)]
    flags = [(f["row_number"], f["severity"]) for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert flags == [(5, "warning"), (6, "warning"), (8, "error"), (9, "error")]
    assert "a part of source 2 above; it is not counted again" in _flags(
        result, "UNPARSEABLE_VALUE")[0]["message"]


def test_b02_names_with_a_note_in_brackets(tmp_path):
    """A note in brackets explains a source and does not change it; a subtotal naming the
    rows it adds up (``(1+2)``) is not a source: a note."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            [None, "Ngân sách địa phương (tỉnh, huyện, xã)", 800],
            [None, "Tổng vốn ngân sách (1+2)", 1800],
            [None, "Cộng đồng dân cư đóng góp", 300], [None, "- Hiến đất (quy ra tiền)", 100],
            [None, "- Ngày công lao động (quy đổi thành tiền)", 200],
            [None, "Huy động khác", 40]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    codes = [r["source_code"] for r in result.tables["b02_funding"]]
    assert codes == ["2", "6", "6.2", "6.3", "7"]
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["severity"] == "error"]


def _xls_book():
    """The district sheets (B01 left out) as an Excel 97-2003 workbook, and its sheets."""
    return xls_book([s for s in district_sheets() if not s.name.startswith("B01")])


def test_a_percent_formatted_cell_in_an_xls_workbook(tmp_path):
    """Excel 97-2003 files keep number formats in binary records, read with xlrd."""
    import xlwt

    book, written = _xls_book()
    ws = written["B04_ChiTieu"]
    percent = xlwt.easyxf(num_format_str="0.0%")
    ws.write(4, 3, 0.05, percent)
    ws.write(4, 4, 0.048, percent)
    path = tmp_path / "raw" / "2023" / "old.xls"
    path.parent.mkdir(parents=True)
    book.save(str(path))
    result = read_submission(path, "2023/old.xls", "sha")
    rows = {r["indicator_code"]: r for r in result.tables["b04_targets"]}
    assert rows["TY_LE_HO_NGHEO"]["target"] == pytest.approx(5.0)
    assert rows["TY_LE_HO_NGHEO"]["actual"] == pytest.approx(4.8)
    assert rows["XA_DAT_CHUAN_MOI"]["target"] == 1.0


def test_an_error_cell_in_an_xls_workbook_is_flagged_not_blank(tmp_path):
    """An Excel error value (``#DIV/0!``) in a 97-2003 file is reported at its cell; the
    reader only skips its second look at the sheets when no record can hold one."""
    book, written = _xls_book()
    written["B04_ChiTieu"].row(4).set_cell_error(4, "#DIV/0!")
    path = tmp_path / "raw" / "2023" / "old.xls"
    path.parent.mkdir(parents=True)
    book.save(str(path))
    result = read_submission(path, "2023/old.xls", "sha")
    flagged = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["raw_value"] == "#DIV/0!"]
    assert [(f["sheet"], f["row_number"]) for f in flagged] == [("B04_ChiTieu", 5)]
    rows = {r["indicator_code"]: r for r in result.tables["b04_targets"]}
    assert rows["TY_LE_HO_NGHEO"]["actual"] is None


# --------------------------------------------------------------------------- B05, B06


def _province(b06: OfficeSheet) -> list[OfficeSheet]:
    return [thongtin(2023, level="Tỉnh", district=None), b06]


def _b06(header: list, body: list[list], above: list[list] | None = None) -> OfficeSheet:
    return OfficeSheet("B06_TongHop", [*(above or [["BIỂU 06: TỔNG HỢP"]]), header, *body])


def _b06_values(result: FileResult) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["value"], r["value_unit"])
            for r in result.tables["b06_aggregates"]}


def test_b06_shares_where_counts_and_money_go_are_not_read(tmp_path):
    """B06 holds counts, money and an average. `SO_XA_NANG_CAO | 15%` typed, a count in a
    percent-formatted cell (0.6 shown as 60%), or a row whose own unit is `%` or `Tỷ lệ` is
    a share, not communes: each was read as 15 or 60 communes without a flag. Each is now
    an error and not read; the rows beside it are."""
    header = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]
    body = [["SO_XA", "Số xã", "xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", "%", 60],
            ["SO_XA_NANG_CAO", "Số xã NTM nâng cao", None, "15%"],
            ["SO_XA_KIEU_MAU", "Số xã kiểu mẫu", "xã", 0.6],
            ["SO_THON_DAT_CHUAN", "Số thôn đạt chuẩn", "Tỷ lệ", 35],
            ["TC_BINH_QUAN", "Bình quân tiêu chí/xã", "tiêu chí/xã", "17,5"]]
    b06 = _b06(header, body)
    b06.formats[(5, 3)] = "0%"
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    values = {code: v for code, (v, _) in _b06_values(result).items()}
    assert values == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": None, "SO_XA_NANG_CAO": None,
                      "SO_XA_KIEU_MAU": None, "SO_THON_DAT_CHUAN": None, "TC_BINH_QUAN": 17.5}
    flagged = {(f["check_code"], f["indicator_code"]) for f in result.flags
               if f["severity"] == "error" and f["sheet"] == "B06_TongHop"}
    assert flagged == {("UNIT_CONFLICT", "SO_XA_DAT_CHUAN"),
                       ("UNPARSEABLE_VALUE", "SO_XA_NANG_CAO"),
                       ("UNPARSEABLE_VALUE", "SO_XA_KIEU_MAU"),
                       ("UNIT_CONFLICT", "SO_THON_DAT_CHUAN")}


def test_b02_a_share_typed_where_an_amount_goes_is_not_money(tmp_path):
    """`23,5%` typed in B02's amount (the community's share of the total) was read as 23.5
    million VND without a flag, as a percent-formatted cell already was not."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                    values={**B02_VALUES, "6.1": "23,5%"})
    result = _read(tmp_path, district_sheets(B02=b02))
    cash = next(r for r in result.tables["b02_funding"] if r["source_code"] == "6.1")
    assert (cash["amount_million_vnd"], cash["value_unreadable"]) == (None, True)
    [flag] = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["raw_value"] == "23,5%"]
    assert "share" in flag["message"]


def test_b06_year_end_figures_beside_the_years_part_of_them(tmp_path):
    """`Lũy kế đến 31/12/2023 | Trong đó: năm 2023`: the figures at the year's end and the
    year's part of them. The second was read as the value (120 communes NTM so far stored
    as 15) and the first was unknown. The year-end column is read; the year's new ones
    under a running total are not (as `year_only_rows` says), nor the year's part column."""
    header = ["Mã chỉ số", "Chỉ số", "Lũy kế đến 31/12/2023", "Trong đó: năm 2023"]
    body = [["SO_XA", "Số xã", 200, None], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 120, 15],
            ["SO_XA_NANG_CAO", "Số xã NTM nâng cao", 30, 8],
            ["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 15, 15]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/p.xlsx")
    assert {code: v for code, (v, _) in _b06_values(result).items()} == {
        "SO_XA": 200.0, "SO_XA_DAT_CHUAN": 120.0, "SO_XA_NANG_CAO": 30.0,
        "SO_XA_DAT_CHUAN_MOI": None}
    assert any(f["column_name"].startswith("D ") and "the year's" in f["message"]
               for f in _flags(result, "UNKNOWN_COLUMN"))


def test_b06_money_rows_too_large_for_the_assumed_million_vnd_are_not_read(tmp_path):
    """B06 typed in đồng with no unit named: TONG_VON 1.200.500.000.000 as million VND, and
    VON_CONG_DONG 50.000.000, small enough to pass alone. Neither is read (the sheet is not
    in million VND); a count is untouched; a money row naming its own unit is read."""
    header = ["Mã chỉ số", "Chỉ số", "Giá trị", "Đơn vị tính"]
    body = [["SO_XA", "Số xã", 200, "xã"], ["TONG_VON", "Tổng vốn", 1_200_500_000_000, None],
            ["VON_CONG_DONG", "Vốn cộng đồng", 50_000_000, None]]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/a.xlsx")
    assert _b06_values(result) == {"SO_XA": (200.0, None), "TONG_VON": (None, None),
                                   "VON_CONG_DONG": (None, None)}
    assert [(f["row_number"], f["indicator_code"]) for f in _flags(result, "UNIT_ASSUMED")] == [
        (4, "TONG_VON"), (5, "VON_CONG_DONG")]
    body[2][3] = "đồng"
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/b.xlsx")
    assert _b06_values(result)["VON_CONG_DONG"] == (50.0, "đồng")


def test_b06_money_rows_in_the_unit_their_row_or_a_line_above_names(tmp_path):
    """TONG_VON and VON_CONG_DONG are million VND in the template; a row that says tỷ đồng
    is converted like a B02 amount, a count is never touched, and a money row whose unit is
    not money is not read."""
    body = [["SO_XA", "Số xã", 200, "xã"], ["TONG_VON", "Tổng vốn", "1.234,5", "Tỷ đồng"],
            ["VON_CONG_DONG", "Vốn cộng đồng", 350, "triệu đồng"]]
    header = ["Mã chỉ số", "Chỉ số", "Giá trị", "Đơn vị tính"]
    result = _read(tmp_path, _province(_b06(header, body)), name="2023/a.xlsx")
    assert _b06_values(result) == {"SO_XA": (200.0, None), "TONG_VON": (1_234_500.0, "tỷ đồng"),
                                   "VON_CONG_DONG": (350.0, "triệu đồng")}
    assert [r["value_text"] for r in result.tables["b06_aggregates"]][1] == "1.234,5"

    above = [["BIỂU 06"], ["Đơn vị tính: tỷ đồng"]]
    lined = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                                           [["TONG_VON", "Tổng vốn", 12.5],
                                            ["SO_XA", "Số xã", 200]], above)), name="2023/b.xlsx")
    assert _b06_values(lined) == {"TONG_VON": (12_500.0, "tỷ đồng"), "SO_XA": (200.0, None)}
    two = [["BIỂU 06"], ["Đơn vị tính: tỷ đồng"], [None, "ĐVT: triệu đồng"]]
    unsure = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                                            [["TONG_VON", "Tổng vốn", 12.5],
                                             ["SO_XA", "Số xã", 200]], two)), name="2023/d.xlsx")
    assert _b06_values(unsure) == {"TONG_VON": (None, None), "SO_XA": (200.0, None)}
    assert [f["indicator_code"] for f in _flags(unsure, "UNIT_CONFLICT")] == ["TONG_VON"]
    foreign = [["BIỂU 06"], ["Đơn vị tính: USD"]]
    usd = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                                         [["TONG_VON", "Tổng vốn", 12.5],
                                          ["SO_XA", "Số xã", 200]], foreign)), name="2023/e.xlsx")
    assert _b06_values(usd) == {"TONG_VON": (None, None), "SO_XA": (200.0, None)}
    assert [f["indicator_code"] for f in _flags(usd, "UNIT_UNKNOWN")] == ["TONG_VON"]

    beside = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị", None,
                                              "ĐVT: tỷ đồng"],
                                             [["TONG_VON", "Tổng vốn", 12.5],
                                              ["SO_XA", "Số xã", 200]])), name="2023/f.xlsx")
    assert _b06_values(beside) == {"TONG_VON": (12_500.0, "tỷ đồng"), "SO_XA": (200.0, None)}
    # The value column's header names the unit: before, it was passed over and TONG_VON
    # taken as million VND without a flag.
    rows = [["TONG_VON", "Tổng vốn", 12.5], ["SO_XA", "Số xã", 200]]
    headed = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị (tỷ đồng)"], rows)),
                   name="2023/g.xlsx")
    assert _b06_values(headed) == {"TONG_VON": (12_500.0, "tỷ đồng"), "SO_XA": (200.0, None)}
    assert not [f for f in headed.flags if f["check_code"].startswith("UNIT")]
    against = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị (tỷ đồng)"], rows,
                                             [["BIỂU 06"], ["ĐVT: triệu đồng"]])),
                    name="2023/h.xlsx")
    assert _b06_values(against)["TONG_VON"] == (12_500.0, "tỷ đồng")  # the header wins
    (conflict,) = _flags(against, "UNIT_CONFLICT")
    assert conflict["severity"] == "error" and conflict["column_name"].startswith("C")
    dollars = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Giá trị (USD)"], rows)),
                    name="2023/i.xlsx")
    assert _b06_values(dollars) == {"TONG_VON": (None, None), "SO_XA": (200.0, None)}
    assert [f["indicator_code"] for f in _flags(dollars, "UNIT_UNKNOWN")] == ["TONG_VON"]

    body[1][3] = "xã"
    wrong = _read(tmp_path, _province(_b06(header, body)), name="2023/c.xlsx")
    assert _b06_values(wrong)["TONG_VON"] == (None, None)
    (flag,) = [f for f in wrong.flags if f["indicator_code"] == "TONG_VON"]
    assert flag["severity"] == "error" and "'xã' is not a money unit" in flag["message"]
    assert (flag["check_code"], flag["row_number"], flag["raw_value"]) == (
        "UNPARSEABLE_VALUE", 4, "1.234,5")


def test_b06_value_headed_by_year_or_with_a_note_in_brackets(tmp_path):
    body = [["SO_XA", "Số xã", 190, 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 110, 120]]
    by_year = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Năm 2022", "Năm 2023"],
                                             body)), name="2023/a.xlsx")
    assert _b06_values(by_year) == {"SO_XA": (200.0, None), "SO_XA_DAT_CHUAN": (120.0, None)}
    assert any("about 2022" in f["message"] for f in _flags(by_year, "UNKNOWN_COLUMN"))
    noted = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Số liệu (lũy kế)"],
                                           [row[:3] for row in body])), name="2023/b.xlsx")
    assert _b06_values(noted) == {"SO_XA": (190.0, None), "SO_XA_DAT_CHUAN": (110.0, None)}


@pytest.mark.parametrize(("header", "read"), [("Giá trị lũy kế", False),
                                              ("Số liệu (lũy kế)", False),
                                              ("Giá trị lũy kế từ đầu năm", True)])
def test_b06_the_years_own_figures_under_a_running_total(tmp_path, header, read):
    """Under a value headed `Lũy kế`, the stocks of the year's end (communes NTM so far) are
    what the column holds and are read; the year's new NTM communes and its money may count
    the years before, and are not (before, they were read as the year's). Since the year
    began (`từ đầu năm`), they are the year's."""
    body = [["SO_XA", "Số xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 120],
            ["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 15], ["TONG_VON", "Tổng vốn", 1500],
            ["VON_CONG_DONG", "Vốn cộng đồng", 200]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", header], body)))
    values = {code: value for code, (value, _) in _b06_values(result).items()}
    assert (values["SO_XA"], values["SO_XA_DAT_CHUAN"]) == (200.0, 120.0)
    yearly = {"SO_XA_DAT_CHUAN_MOI": 15.0, "TONG_VON": 1500.0, "VON_CONG_DONG": 200.0}
    flagged = {f["indicator_code"] for f in _flags(result, "UNPARSEABLE_VALUE")}
    if read:
        assert {code: values[code] for code in yearly} == yearly and not flagged
    else:
        assert {code: values[code] for code in yearly} == dict.fromkeys(yearly)
        assert flagged == set(yearly)


def test_b05_listing_the_district_criteria_by_name_without_codes(tmp_path):
    """`STT | Tên tiêu chí | Đạt chuẩn`, numbered 1-9: offices seldom know the template's codes
    H1-H9. The sheet fed nothing for want of `Mã tiêu chí`. Each row is now the criterion its
    name names (as B04's and B06's are), with a warning, `Thủy lợi` (the 2016-2020 name) too;
    a name that is no criterion's, with a mark, is an error, its mark counted nowhere."""
    names = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Y tế - Văn hóa - Giáo dục",
             "Kinh tế", "Môi trường", "Chất lượng môi trường sống", "An ninh trật tự xã hội"]
    b05 = simple_sheet("B05_TieuChiHuyen", ["STT", "Tên tiêu chí", "Đạt chuẩn"],
                       [[k, f"{k}. {name}", "x" if k < 5 else None]
                        for k, name in enumerate(names, 1)])
    b05.rows[-1][2] = "x"
    result = _read(tmp_path, district_sheets(B05=b05))
    assert _status(result, "B05")["status"] == "read"
    rows = result.tables["b05_district_criteria"]
    assert [(r["criterion_code"], r["mark"]) for r in rows] == [
        ("H1", "met"), ("H2", "met"), ("H3", "met"), ("H4", "met"), ("H5", "not_met"),
        ("H6", "not_met"), ("H7", "not_met"), ("H8", "not_met"), (None, "met")]
    flags = _flags(result, "UNPARSEABLE_VALUE")
    assert [f["severity"] for f in flags] == ["warning"] * 8 + ["error"]
    assert flags[-1]["row_number"] == 12 and "An ninh trật tự xã hội" in flags[-1]["message"]


def test_b05_result_column_headed_with_its_legend(tmp_path):
    b05 = simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí",
                                            "Kết quả (Đạt/Chưa đạt)"],
                       [["H1", "Quy hoạch", "√"], ["H2", "Giao thông", "Chưa đạt"]])
    result = _read(tmp_path, district_sheets(B05=b05))
    assert [(r["criterion_code"], r["mark"]) for r in result.tables["b05_district_criteria"]] == [
        ("H1", "met"), ("H2", "not_met")]
    assert _status(result, "B05")["status"] == "read"


# ---------------------------------------------------------------- one meaning, one column


def test_two_columns_of_one_figure_keep_the_sheet_out_unless_a_year_or_a_part_tells(tmp_path):
    """A figure headed twice cannot be read: which column a person means is not known. A year
    ('Năm 2022 | Năm 2023' under 'Giá trị') or a part of the year ('6 tháng đầu năm') tells,
    and 'Tổng số tiêu chí chưa đạt' is not the count of criteria met."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None],
                    sub_header=[None, None, "Năm 2022", "Năm 2023"], value_col=3,
                    merges=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)])
    for row in b02.rows[3:]:
        row[2] = 7777.0
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2023",
                "Thực hiện 6 tháng đầu năm 2023", "Ước thực hiện năm 2023"],
               [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 5.5, 4.8]])
    b01 = b01_two_row_header()
    top = b01.find("STT")[0]
    b01.rows[top][3] = "Tổng số tiêu chí chưa đạt"
    for row in b01.rows[top + 3:top + 6]:
        row[3] = 19 - row[23]
    result = _read(tmp_path, district_sheets(B01=b01, B02=b02, B04=b04))
    assert [r["amount_million_vnd"] for r in result.tables["b02_funding"]] == [
        1200.5, 800.0, 350.0, 200.0, 100.0, 50.0]
    assert [r["actual"] for r in result.tables["b04_targets"]] == [4.8]
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [19, 15, 12]

    twice = b02_sheet(["Mã nguồn", "Nguồn vốn", "Số tiền (triệu đồng)", "Kinh phí (triệu đồng)"],
                      value_col=3)
    unread = _read(tmp_path, district_sheets(B02=twice), name="2023/twice.xlsx")
    assert "b02_funding" not in unread.tables
    assert _status(unread, "B02")["status"] == "unusable"
    (flag,) = [f for f in _flags(unread, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]
    assert ("columns C (Số tiền (triệu đồng)) and D (Kinh phí (triệu đồng)) both name it"
            in flag["message"])


def test_b04_the_years_estimate_headed_uoc_ca_nam_is_the_result(tmp_path):
    """`Thực hiện 6 tháng | Ước cả năm`, as a report made before the year ends heads them:
    the estimate for the whole year is the year's result, the half year is not. Before,
    `Ước cả năm` matched no column, so the result was lost."""
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện 6 tháng", "Ước cả năm"],
               [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 5.1, 4.8]])
    result = _read(tmp_path, district_sheets(B04=b04))
    assert [(r["target"], r["actual"]) for r in result.tables["b04_targets"]] == [(5.0, 4.8)]
    assert not _flags(result, "UNKNOWN_COLUMN")


def test_an_optional_figure_headed_twice_is_read_from_neither_column(tmp_path):
    """Two count columns in B01 ("Số tiêu chí đạt" beside "Tổng số tiêu chí đạt"), two
    results in B04: the sheet is read, that figure from neither column."""
    b01 = b01_two_row_header()
    top = b01.find("STT")[0]
    b01.rows[top][3] = "Số tiêu chí đạt"
    for row in b01.rows[top + 3:top + 6]:
        row[3] = 1
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Thực hiện"],
               [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", 5, 4.8, 4.6]])
    result = _read(tmp_path, district_sheets(B01=b01, B04=b04))
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [None] * 3
    assert _marks_met(result) == {"06532": 19, "06541": 15, "06544": 12}
    assert [(r["target"], r["actual"]) for r in result.tables["b04_targets"]] == [(5.0, None)]
    messages = {f["sheet"]: f["message"] for f in _flags(result, "SHEET_LAYOUT")}
    assert "neither is read" in messages["B01_TieuChiXa"]
    assert "as column D (Thực hiện) does" in messages["B04_ChiTieu"]
    kept = {c["column_name"] for c in result.tables["unmapped_cells"]
            if c["sheet"] == "B01_TieuChiXa" and c["row_kind"] == "data"}
    assert {"D", "X"} <= kept


def test_a_2026_report_on_the_19_criteria_template_is_not_read_as_the_ten(tmp_path):
    sheets = [thongtin(2026, level="Tỉnh", district=None, signed=dt.date(2027, 1, 10)),
              b01_two_row_header()]
    result = _read(tmp_path, sheets, name="2026/old_template.xlsx")
    assert "b01_communes" not in result.tables and "b01_marks" not in result.tables
    (flag,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert "criteria 11, 12, 13, 14, 15, 16, 17, 18, 19, which that set (10 criteria)" in (
        flag["message"])


def test_one_mark_merged_across_a_communes_criteria_is_read_in_each(tmp_path):
    b01 = b01_two_row_header()
    i = b01.find("06532")[0]
    b01.rows[i][4:23] = ["Đạt"] + [None] * 18
    b01.merges.append((i, 4, i, 22))
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result)["06532"] == 19
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize(("typed", "met"), [("Đạt 19/19 tiêu chí", 19),
                                             ("Đã đạt đủ các tiêu chí", 19),
                                             ("Đạt 17/19 tiêu chí", None),
                                             ("Đạt chuẩn NTM năm 2019", None)])
def test_every_criterion_said_met_in_words_across_a_communes_criteria(tmp_path, typed, met):
    """`Đạt 19/19 tiêu chí` merged across an NTM commune's criterion cells is each of them
    met; a count of part of them, or the commune's status, says which of them are met no
    more than a blank would: the cells stay unread and the commune's count unknown."""
    b01 = b01_two_row_header()
    i = b01.find("06532")[0]
    b01.rows[i][4:23] = [typed] + [None] * 18
    b01.merges.append((i, 4, i, 22))
    result = _read(tmp_path, district_sheets(B01=b01))
    marks = [m for m in result.tables["b01_marks"] if m["commune_code"] == "06532"]
    assert len(marks) == 19 and {m["value_text"] for m in marks} == {typed}
    if met:
        assert _marks_met(result)["06532"] == met
        assert not _flags(result, "UNPARSEABLE_VALUE")
    else:
        assert {m["mark"] for m in marks} == {"unparseable"}
        assert _flags(result, "UNPARSEABLE_VALUE")


def test_parts_of_another_source_are_not_community_money(tmp_path):
    """'- Tiền mặt' under '5 Doanh nghiệp' is a part of that row; under '6 Cộng đồng dân
    cư' it is the community's cash (6.1)."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["5", "Doanh nghiệp, hợp tác xã", 150], [None, "- Tiền mặt", 100],
            [None, "- Hiện vật", 50], ["6", "Cộng đồng dân cư", 350],
            [None, "- Tiền mặt", 200], [None, "- Ngày công lao động", 150]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]] == [
        ("5", 150.0), (None, 100.0), (None, 50.0), ("6", 350.0), ("6.1", 200.0), ("6.3", 150.0)]
    parts = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]
    assert [(f["row_number"], f["severity"]) for f in parts] == [(4, "warning"), (5, "warning")]
    assert "follows source 5; it is read as a part of that row" in parts[0]["message"]


def test_a_numbering_row_with_formulas_is_not_a_commune(tmp_path):
    b01 = b01_two_row_header()
    numbering = b01.find("(1)")[0]
    b01.rows[numbering][23] = "(24)=∑(5÷23)"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_thongtin_key_and_value_in_one_cell_and_towns_of_district_level(tmp_path):
    info = OfficeSheet("ThongTin", [
        ["THÔNG TIN CHUNG"], ["Cấp báo cáo: Thị xã"], ["Mã tỉnh: 20"], ["Tên tỉnh: Lạng Sơn"],
        ["Mã huyện: 188"], ["Năm báo cáo: 2.023"], ["Ngày lập: 10/01/2024"], ["Lần gửi: 2"]])
    ident = _read(tmp_path, district_sheets(ThongTin=info)).identity
    assert (ident.level, ident.province_code, ident.unit_code, ident.year, ident.revision,
            ident.signed_on) == ("district", "20", "188", 2023, 2, dt.date(2024, 1, 10))
    city = thongtin(2023)
    city.rows[2][1] = "Thành phố"
    assert _read(tmp_path, district_sheets(ThongTin=city), name="2023/city.xlsx"
                 ).identity.level == "district"
    capital = thongtin(2023, level="Thành phố", province="01", district=None)
    assert _read(tmp_path, [capital], name="2023/capital.xlsx").identity.level == "province"


@pytest.mark.parametrize(("key", "value", "year"), [
    ("Kỳ báo cáo", "Cả năm 2023", 2023),
    ("Năm báo cáo", "2023 (cả năm)", 2023),
    ("Kỳ báo cáo", "6 tháng đầu năm 2023", None),  # half a year's figures are not the year's
])
def test_thongtin_year_given_as_the_whole_year(tmp_path, key, value, year):
    """`Kỳ báo cáo: Cả năm 2023` names the year of an annual report as plainly as `2023`;
    before, the whole file was rejected for it. A report on part of the year still is."""
    info = thongtin(2023)
    row = next(r for r in info.rows if r and r[0] == "Năm báo cáo")
    row[:] = [key, value]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    if year is None:
        assert result.identity is None and value in result.reject_reason
    else:
        assert result.identity.year == year and result.reject_reason is None


def test_b03_decision_and_its_date_in_one_column(tmp_path):
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Số, ngày quyết định công nhận"],
                       [[1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 3, "123/QĐ-UBND ngày 15/6/2023"],
                        [2, "Rượu Mẫu Sơn", "HTX B", "06532", 2, 4, "45/QĐ-UBND"]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert _status(result, "B03")["status"] == "read"
    assert [(r["recognized_on"], r["decision_no"]) for r in result.tables["b03_ocop"]] == [
        (dt.date(2023, 6, 15), "123/QĐ-UBND ngày 15/6/2023"), (None, "45/QĐ-UBND")]
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert flag["row_number"] == 5 and flag["raw_value"] == "45/QĐ-UBND"


@pytest.mark.parametrize(("header", "dates"), [
    ("Ngày công nhận", ["06/2023", dt.date(2023, 5, 2), "2022", "tháng 3/2021", "T6/2023"]),
    ("Năm công nhận", [2023, 2023.0, "2022", "Năm 2021", "2023"]),
])
def test_b03_dates_without_their_day_keep_their_year(tmp_path, header, dates):
    """A date given by its month and year, or a year, tells the year of recognition, which is
    what the counts of certificates in force at year end need."""
    body = [[k + 1, f"Sản phẩm {k}", "HTX", "06532", 1, 3, d] for k, d in enumerate(dates)]
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", header], body)
    result = _read(tmp_path, district_sheets(B03=b03))
    assert _status(result, "B03")["status"] == "read"
    rows = result.tables["b03_ocop"]
    assert [r["recognized_year"] for r in rows] == [2023, 2023, 2022, 2021, 2023]
    dated = [r["recognized_on"] for r in rows]
    assert dated == ([None, dt.date(2023, 5, 2), None, None, None] if header.startswith("Ngày")
                     else [None] * 5)
    partial = _flags(result, "DATE_PARTIAL")
    assert [f["row_number"] for f in partial] == [
        r["row_number"] for r, d in zip(rows, dated, strict=True) if d is None]
    assert all(f["severity"] == "warning" for f in partial)
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]


def _b03_rated_by_columns(ratings: list[list[object]], levels: list[str]) -> OfficeSheet:
    """B03 with its rating as one column per rating under a merged `Kết quả phân hạng`, an
    `x` under the product's, and its other headers merged down over the two rows."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Kết quả phân hạng",
              *[None] * (len(levels) - 1), "Ngày công nhận"]
    body = [[k + 1, f"Sản phẩm {k + 1}", "HTX Lộc Bình", "06532", *marks, dt.date(2023, 6, 15)]
            for k, marks in enumerate(ratings)]
    end = 4 + len(levels)
    merges = [(2, j, 3, j) for j in (0, 1, 2, 3, end)] + [(2, 4, 2, end - 1)]
    return OfficeSheet("B03_OCOP", [["BIỂU 03: SẢN PHẨM OCOP"], [], header,
                                    [None] * 4 + levels + [None], *body], merges)


def test_b03_rated_by_ticking_one_of_a_column_per_rating(tmp_path):
    """`3 sao | 4 sao | 5 sao` under `Kết quả phân hạng`, an `x` under each product's rating:
    what provinces often send. Before, the three columns were each read as the rating, so
    the sheet fed nothing for want of a single one. Now the rating is the column marked; a
    mark of not met (`-`, `0`) under another rating is no rating."""
    b03 = _b03_rated_by_columns(
        [["x", None, None], [None, " X ", None], ["-", 0, "√"], [None, "Đạt", None]],
        ["3 sao", "4 sao", "5 sao"])
    b03.rows.append([None, "Tổng cộng", None, None, 1, 2, 1, None])
    result = _read(tmp_path, district_sheets(B03=b03))
    status = _status(result, "B03")
    assert status["status"] == "read"
    assert "stars by rating = E-G (3 sao | 4 sao | 5 sao)" in status["columns"]
    assert [(r["stars"], r["stars_text"]) for r in result.tables["b03_ocop"]] == [
        (3, "3 sao"), (4, "4 sao"), (5, "5 sao"), (4, "4 sao")]
    assert not [f for f in result.flags if f["sheet"] == "B03_OCOP"]
    # The total row's counts by rating are kept as the sheet's totals, never read as data.
    assert {(t["field"], t["value"]) for t in result.tables["sheet_totals"]
            if t["sheet"] == "B03_OCOP" and t["value"] is not None} == {
        ("stars_3", 1.0), ("stars_4", 2.0), ("stars_5", 1.0)}


def test_b03_rated_by_columns_headed_otherwise_and_in_one_header_row(tmp_path):
    """`Hạng 3*`, `★★★★`, `5 SAO` as the ratings' headers, in the header's own row."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Hạng 3*", "★★★★", "5 SAO",
              "Ngày công nhận"]
    b03 = simple_sheet("B03_OCOP", header, [
        [1, "Hồi", "HTX", "06532", None, "x", None, dt.date(2023, 6, 15)],
        [2, "Chè", "HTX", "06532", None, None, "x", dt.date(2023, 6, 15)]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4, 5]


def test_b03_rated_by_columns_headed_with_phone_stars(tmp_path):
    """`⭐⭐⭐ | ⭐⭐⭐⭐ | ⭐⭐⭐⭐⭐` as the ratings' headers, as typed on a phone: the
    columns were unknown and B03 was not read for want of a rating."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "⭐⭐⭐", "⭐⭐⭐⭐", "⭐⭐⭐⭐⭐",
              "Ngày công nhận"]
    b03 = simple_sheet("B03_OCOP", header, [
        [1, "Hồi", "HTX", "06532", "x", None, None, dt.date(2023, 6, 15)],
        [2, "Chè", "HTX", "06532", None, None, "x", dt.date(2023, 6, 15)]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [3, 5]


def test_b03_a_product_marked_under_two_ratings_or_none_has_no_rating(tmp_path):
    """Two ratings marked, or a cell that is no mark: which rating is meant cannot be told,
    so none is read, and the flag names the row, the columns and what was typed. A product
    marked nowhere has a blank rating, as a blank rating cell gives."""
    b03 = _b03_rated_by_columns([["x", "x", None], [None, "đang xét", None], [None, None, None]],
                                ["3 sao", "4 sao", "5 sao"])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [None, None, None]
    flags = [(f["row_number"], f["column_name"], f["raw_value"])
             for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert flags == [(5, "E-G (3 sao | 4 sao | 5 sao)", "3 sao: x; 4 sao: x"),
                     (6, "E-G (3 sao | 4 sao | 5 sao)", "4 sao: đang xét")]


@pytest.mark.parametrize(("header", "missing"), [
    (["Số sao", "5 sao"], "a single column for 'stars'"),
    (["5 sao", "Ghi chú"], "alone does not give every product's rating"),
])
def test_b03_ratings_by_column_that_do_not_give_every_rating_feed_nothing(
        tmp_path, header, missing):
    """A rating column beside a column by rating, or one column by rating alone: which
    rating a product has cannot be told for all of them, so the sheet is not read."""
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", *header,
                                    "Ngày công nhận"],
                       [[1, "Hồi", "HTX", "06532", 3, "x", dt.date(2023, 6, 15)]])
    result = _read(tmp_path, district_sheets(B03=b03))
    assert "b03_ocop" not in result.tables
    (flag,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B03_OCOP"]
    assert missing in flag["message"]


@pytest.mark.parametrize("code", [None, 188, "188", "00188"])
def test_a_row_naming_a_district_in_a_list_of_communes_is_not_a_commune(tmp_path, code):
    """A province's list after the reform keeps the old districts as headings, sometimes with
    their counts: "Huyện Lộc Bình (cũ)" without a code, or with the district's code where a
    commune's goes (before, that row was commune 00188, and the unit's SO_XA one too
    many)."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    heading = [None, code, "Huyện Lộc Bình (cũ)", None] + [2] * 19 + [46]
    b01.rows.insert(first, heading + [None] * (len(b01.rows[first]) - len(heading)))
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize(("label", "value", "merged"), [
    ("Số xã chưa đạt", 1, False),  # a 1 under each criterion would read as 19 marks of met
    ("Tỷ lệ (%)", 66.7, False),
    ("Tổng số xã đạt", 2, False),
    ("Bình quân", 0.8, False),
    ("Tỷ lệ xã đạt (%)", "66,7%", True),  # written over STT, Mã xã and Tên xã
])
def test_a_row_counting_the_communes_up_is_not_a_commune(tmp_path, label, value, merged):
    """Under (or above) the total, offices add rows that count the communes per criterion:
    "Số xã đạt", "Tỷ lệ (%)". Without a code they were read as a commune named so, each
    figure an unreadable mark (or a 1 a mark of met), and the unit's counts over its
    communes were then not computed. They are kept as notes."""
    b01 = b01_two_row_header()
    total = b01.find("Tổng cộng")[0]
    width = len(b01.rows[total])
    row = [label if merged else None, None, None if merged else label, None, *[value] * 19]
    b01.rows.insert(total + 1, row + [None] * (width - len(row)))
    if merged:
        b01.merges.append((total + 1, 0, total + 1, 2))
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert {m["row_number"] for m in result.tables["b01_marks"]} == {
        b01.find(c[0])[0] + 1 for c in COMMUNES}
    assert not [f for f in result.flags if f["severity"] == "error"]
    notes = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
             if c["row_kind"] == "note"}
    assert (total + 2, label) in notes


def _b01_with_indicators(headers: list[str]) -> OfficeSheet:
    """B01 whose columns are these headers; a commune meets the criteria up to its count,
    and an indicator column (``17.1``) is ticked as its criterion is."""
    b01 = b01_two_row_header(headers)
    for code, _, met, _, _ in COMMUNES:
        row = b01.rows[b01.find(code)[0]]
        for k, header in enumerate(headers):
            row[4 + k] = "x" if int(header.split(".")[0]) <= met else None
    return b01


def test_b03_rows_heading_or_counting_the_products_are_not_products(tmp_path):
    """Offices group B03's products under headings (`Nhóm Thực phẩm`, `Sản phẩm 4 sao`) and
    count them under the list (`Trong đó: 3 sao`, `Số sản phẩm 4 sao` with the count typed
    under Số sao). Each was read as a product: a count of 3 or 4 a rating, and the headings
    products without one. They are kept as notes."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Ngày công nhận"]
    body = [["I", "Nhóm Thực phẩm"],
            [1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 3, dt.date(2023, 6, 15)],
            ["II", "Nhóm Đồ uống"], [None, "Sản phẩm 4 sao"],
            [2, "Rượu Mẫu Sơn", "HTX B", "06532", 2, 4, dt.date(2023, 7, 1)],
            [None, "Tổng cộng", None, None, None, 2],
            [None, "Trong đó: 3 sao", None, None, None, 1],
            [None, "Số sản phẩm 4 sao", None, None, None, 4]]
    result = _read(tmp_path, district_sheets(B03=simple_sheet("B03_OCOP", header, body)))
    assert [(r["row_number"], r["product_name"], r["stars"])
            for r in result.tables["b03_ocop"]] == [(5, "Hồi Lạng Sơn", 3), (8, "Rượu Mẫu Sơn", 4)]
    notes = {c["value"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B03_OCOP" and c["row_kind"] == "note"}
    assert {"Nhóm Thực phẩm", "Sản phẩm 4 sao", "Trong đó: 3 sao", "Số sản phẩm 4 sao"} <= notes
    assert {t["row_number"] for t in result.tables["sheet_totals"]
            if t["sheet"] == "B03_OCOP"} == {9}
    assert not [f for f in result.flags if f["sheet"] == "B03_OCOP"]


def test_b03_rows_naming_the_unit_whose_products_follow_are_not_products(tmp_path):
    """Offices list B03's products under the commune (or, in a province's list, the
    district) that makes them: `Xã Mẫu Sơn`, `II. Huyện Lộc Bình`, `TT. Na Dương` alone on
    their row. Each was read as a product without a rating. Such a row is a note; a product
    named so with its other cells filled, and a soap (`Xà phòng`, not `Xã`), are products."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Ngày công nhận"]
    body = [[None, "Xã Mẫu Sơn"],
            [1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 3, dt.date(2023, 6, 15)],
            ["II", "Huyện Lộc Bình"], [None, "TT. Na Dương"],
            [2, "Xã Mẫu Sơn trà shan tuyết", "HTX B", "06532", 2, 4, dt.date(2023, 7, 1)],
            [3, "Xà phòng thảo dược Mẫu Sơn"]]
    result = _read(tmp_path, district_sheets(B03=simple_sheet("B03_OCOP", header, body)))
    assert [(r["row_number"], r["product_name"], r["stars"])
            for r in result.tables["b03_ocop"]] == [
        (5, "Hồi Lạng Sơn", 3), (8, "Xã Mẫu Sơn trà shan tuyết", 4),
        (9, "Xà phòng thảo dược Mẫu Sơn", None)]
    notes = {c["value"] for c in result.tables["unmapped_cells"]
             if c["sheet"] == "B03_OCOP" and c["row_kind"] == "note"}
    assert {"Xã Mẫu Sơn", "Huyện Lộc Bình", "TT. Na Dương"} <= notes
    assert _status(result, "B03")["data_rows"] == 3


def test_b01_columns_of_a_criterions_indicators_are_not_the_criterion(tmp_path):
    """Beside criterion 17's column some offices give its indicators (`17.1`, `17.2`). Each
    was read as criterion 17, so the sheet had three columns for it and was not read at all.
    The criterion is read from its own column; the indicators' cells are kept."""
    headers = [str(n) for n in range(1, 18)] + ["17.1", "17.2", "18", "19"]
    result = _read(tmp_path, district_sheets(B01=_b01_with_indicators(headers)))
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == EXPECTED_MET
    assert {m["column_name"] for m in result.tables["b01_marks"]
            if m["criterion_no"] == 17} == {"U (Tiêu chí đạt chuẩn | 17)"}
    unknown = {f["column_name"]: f["message"] for f in _flags(result, "UNKNOWN_COLUMN")}
    assert "numbers an indicator of criterion 17" in unknown["V (Tiêu chí đạt chuẩn | 17.1)"]
    assert "W (Tiêu chí đạt chuẩn | 17.2)" in unknown
    kept = {(c["row_number"], c["column_name"]) for c in result.tables["unmapped_cells"]}
    assert (result.tables["b01_communes"][0]["row_number"], "V") in kept


def test_b01_with_a_criterions_indicators_instead_of_the_criterion_is_not_read(tmp_path):
    """Indicators alone (`2.1`, `2.2` where `2` should be) do not say whether the criterion
    is met: the sheet lacks that criterion's column."""
    headers = ["1", "2.1", "2.2", *map(str, range(3, 20))]
    result = _read(tmp_path, district_sheets(B01=_b01_with_indicators(headers)))
    assert _status(result, "B01")["status"] == "unusable"
    (flag,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert "lacks criterion column 2 of the 2021-2025 set" in flag["message"]
    assert "'Tiêu chí đạt chuẩn | 2.1'" in flag["message"]


def test_a_formula_saved_as_0_by_a_program_that_did_not_calculate_it_reads_as_empty(tmp_path):
    """A program that writes formulas without calculating them saves 0 as the result and
    asks Excel to calculate on opening: that 0 is not a result (Excel shows 800). A result the
    program did save is read."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"])
    local = b02.find("2")[0]
    cash = b02.find("6.1")[0]
    b02.formulas = {(local, 2): ("=300+500", None), (cash, 2): ("=150+50", 200)}
    result = _read(tmp_path, district_sheets(B02=b02))
    amounts = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert amounts["2"] is None and amounts["6.1"] == 200.0 and amounts["1"] == 1200.5
    (flag,) = _flags(result, "FORMULA_NOT_CACHED")
    assert (flag["sheet"], flag["row_number"], flag["raw_value"]) == (
        "B02_NguonVon", local + 1, "=300+500")
    assert "saved with the result 0 by a program that did not calculate it" in flag["message"]


@pytest.mark.parametrize(("label", "value"), [("Tỷ lệ vốn cộng đồng (%)", 14.9),
                                            ("Cơ cấu (%)", 100), ("Bình quân/xã", 783.3)])
def test_b02_share_or_average_under_the_sources_is_no_source(tmp_path, label, value):
    """A share or an average under the sources is read as such: before, each was an error
    saying money was counted in no source."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", 1200], ["6", "Cộng đồng dân cư", 350],
            ["Tổng cộng", None, 1550], [None, label, value]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [r["source_code"] for r in result.tables["b02_funding"]] == ["1", "6"]
    assert not [f for f in result.flags if f["sheet"] == "B02_NguonVon"]
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"}
    assert label in notes


def test_b02_subtotal_of_a_sources_parts_is_not_the_sheets_total(tmp_path):
    """"Cộng (6.1+6.2)" under the community's parts adds up two of them: a subtotal kept as
    a note, not the sheet's total (which "Tổng cộng" below is, checked against the rows)."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", 1200], ["6", "Cộng đồng dân cư", 350],
            ["6.1", "Tiền mặt", 200], ["6.2", "Hiến đất", 100], [None, "Cộng (6.1+6.2)", 300],
            ["6.3", "Ngày công", 50], ["Tổng cộng", None, 1550]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [r["row_number"] for r in result.tables["b02_funding"]] == [3, 4, 5, 6, 8]
    totals = [(t["row_number"], t["value"]) for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [(9, 1550)]
    notes = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
             if c["row_kind"] == "note"}
    assert (7, "Cộng (6.1+6.2)") in notes and (7, "300") in notes


def test_b02_amounts_typed_with_their_own_unit(tmp_path):
    """`1,2 tỷ` in a column in million VND is 1,200 million: the cell's unit is what a person
    reads."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", "1,2 tỷ"], ["2", "Ngân sách địa phương", "500 triệu"],
            ["5", "Doanh nghiệp", "1.200.000 đồng"], ["7", "Khác", 30]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unit"], r["value_unreadable"])
            for r in result.tables["b02_funding"]}
    assert read == {"1": (pytest.approx(1200.0), "tỷ đồng", False),
                    "2": (500.0, "triệu đồng", False),
                    "5": (pytest.approx(1.2), "đồng", False),
                    "7": (30.0, "triệu đồng", False)}
    converted = _flags(result, "UNIT_CONVERTED")
    assert [(f["row_number"], f["severity"]) for f in converted] == [
        (3, "info"), (4, "info"), (5, "info")]
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]


def test_b02_amounts_with_their_own_unit_under_a_header_naming_none(tmp_path):
    """Under `Giá trị` (no unit, no `Đơn vị tính` line) each amount typed with its unit is
    read in it; the warning that million VND is assumed says it is not for those figures
    (it said all values were taken as million VND)."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị"],
            ["1", "Ngân sách trung ương", "1,2 tỷ"], ["2", "Ngân sách địa phương", 500]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    read = {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}
    assert read == {"1": pytest.approx(1200.0), "2": 500.0}
    [assumed] = _flags(result, "UNIT_ASSUMED")
    assert assumed["severity"] == "warning"
    assert assumed["message"].endswith(
        "taken as million VND (triệu đồng) as in the template, except figures typed with a "
        "unit of their own (`1,2 tỷ`)")


def test_b02_amount_that_cannot_be_read_is_marked_unknown_not_blank(tmp_path):
    """`1,2 USD` (a unit not known), or `abc`, is not an amount the intake can read:
    the row says so (value_unreadable), so the unit's total is left out downstream rather
    than summed without it; a dash or a blank is nothing to report."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", "-"], ["2", "Ngân sách địa phương", None],
            ["3", "Lồng ghép", "1,2 USD"], ["4", "Tín dụng", "abc"], ["5", "Doanh nghiệp", 100]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]}
    assert read == {"1": (None, False), "2": (None, False), "3": (None, True),
                    "4": (None, True), "5": (100.0, False)}
    assert [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == "B02_NguonVon"] == [5, 6]


def test_b02_total_named_as_offices_name_it_at_the_top(tmp_path):
    """"TỔNG NGUỒN VỐN HUY ĐỘNG" above the sources is the sheet's total (checked against
    them, never counted); "Tổng vốn ngân sách (1+2)" adds up two rows: a subtotal, kept as a
    note, neither a source nor the total."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
            [None, "TỔNG NGUỒN VỐN HUY ĐỘNG", 2350.5], ["1", "Ngân sách trung ương", 1200.5],
            ["2", "Ngân sách địa phương", 800], [None, "Tổng vốn ngân sách (1+2)", 2000.5],
            ["6", "Cộng đồng dân cư", 350]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [r["row_number"] for r in result.tables["b02_funding"]] == [4, 5, 7]
    totals = [(t["row_number"], t["value"]) for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [(3, 2350.5)]
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]
    notes = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
             if c["row_kind"] == "note"}
    assert (6, "Tổng vốn ngân sách (1+2)") in notes and (6, "2000.5") in notes


# ThongTin read as a person reads it (second round)

_SIGNED = dt.date(2024, 1, 10)


def _thongtin_with(*rows: list) -> OfficeSheet:
    """The office's ThongTin (``thongtin()``) with its `Ngày lập` and `Lần gửi` rows
    replaced by ``rows``."""
    info = thongtin(2023)
    info.rows = [r for r in info.rows if r[:1] not in (["Ngày lập"], ["Lần gửi"])]
    info.rows += [list(r) for r in rows]
    return info


@pytest.mark.parametrize(("key", "value", "revision"), [
    ("Số lần gửi", 2, 2), ("Báo cáo lần", 2, 2), ("Gửi lần", 2, 2), ("Lần bổ sung", 2, 3),
    ("Lần điều chỉnh", 2, 3), ("Lần gửi", "(2)", 2),
    # a number of amendments counts the sendings after the first: "Lần bổ sung: 1", as
    # "Bổ sung lần 1", is the second sending (``thongtin._sending``)
    ("Lần bổ sung", 1, 2),
])
def test_thongtin_revision_under_the_keys_offices_use(tmp_path, key, value, revision):
    """`Số lần gửi | 2`, `Gửi lần | 2`, `Lần điều chỉnh | 2`: a correction, which was stored
    as revision 1 (no key matched: a false CONFLICTING_SUBMISSION with the first sending, and
    the wrong file current); `(2)` was read as -2 and taken as 1."""
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin_with(
        ["Ngày lập", _SIGNED], [key, value])))
    assert (result.identity.revision, result.identity.signed_on) == (revision, _SIGNED)
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize("cell", ["Lần gửi thứ 2", "Lần gửi (2)", "Lần gửi - 2", "Lần gửi 2",
                                  "Lần gửi 2 (bổ sung)", "6. Lần gửi: 2"])
def test_thongtin_revision_and_its_key_in_one_cell_without_a_colon(tmp_path, cell):
    """The key and its number in one cell, as `Lần gửi: 2` already was: revision 2 (before,
    the cell was a key without a value, and the revision 1 without a flag). A number after a
    key's words is its value, for any key (`Năm báo cáo 2023`); words after the number make
    a sentence, not a key and its value (`Năm 2023 huyện …` is no second year)."""
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin_with(
        ["Ngày lập", _SIGNED], [cell], ["Năm 2023 huyện phấn đấu đạt chuẩn NTM"])))
    assert result.identity.revision == 2
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]
    info = _thongtin_with(["Ngày lập 10/01/2024"], [cell])
    info.rows = [["Năm báo cáo 2023"] if r[:1] == ["Năm báo cáo"] else r for r in info.rows]
    ident = _read(tmp_path, district_sheets(ThongTin=info), name="2023/b.xlsx").identity
    assert (ident.year, ident.signed_on, ident.revision) == (2023, _SIGNED, 2)


def test_thongtin_two_keys_with_their_values_in_cells_of_one_row(tmp_path):
    """`Ngày lập: 10/01/2024 | (blank) | Lần gửi: 2`: two pairs, each in its own cell. Before,
    the first cell was read as a key whose value was the second: no signing date (an
    UNPARSEABLE_VALUE) and revision 1; `Mã tỉnh: 20 | Tên tỉnh: Lạng Sơn` left the province
    code unread and the file refused. A cell after a key that is not one stays its value."""
    sheet = OfficeSheet("ThongTin", [
        ["THÔNG TIN"], ["Cấp báo cáo: Huyện"], ["Mã tỉnh: 20", None, "Tên tỉnh: Lạng Sơn"],
        ["Mã huyện: 188", None, "Tên huyện: Lộc Bình"], ["Năm báo cáo: 2023"],
        ["Ngày lập: 10/01/2024", None, "Lần gửi: 2"]])
    result = _read(tmp_path, district_sheets(ThongTin=sheet))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.province_code, ident.province_name, ident.unit_code, ident.district_name,
            ident.year, ident.signed_on, ident.revision) == (
        "20", "Lạng Sơn", "188", "Lộc Bình", 2023, _SIGNED, 2)
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]
    hint = _read(tmp_path, district_sheets(ThongTin=_thongtin_with(
        ["Ngày lập: (ngày/tháng/năm)", _SIGNED], ["Lần gửi", 2])), name="2023/b.xlsx")
    assert (hint.identity.signed_on, hint.identity.revision) == (_SIGNED, 2)


@pytest.mark.parametrize("line", [[None, "Lần gửi thứ mấy"], [8, "Lần gửi thứ mấy"]])
def test_thongtin_a_revision_key_whose_number_cannot_be_read_is_flagged(tmp_path, line):
    """`Lần gửi thứ mấy` alone (or after its line's number), the blank form's prompt: a key
    naming the revision with words after it that give no number. Taken as 1 as before, but
    no longer silently: a warning at its cell. A blank `Lần gửi` is the template's first
    sending, nothing to report. (`Lần gửi thứ hai` is 2: ``test_ingest_district_criteria``.)"""
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin_with(
        ["Ngày lập", _SIGNED], line)))
    assert result.identity.revision == 1
    [flag] = [f for f in result.flags if f["sheet"] == "ThongTin"]
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"],
            flag["raw_value"]) == ("UNPARSEABLE_VALUE", "warning", 10, "B", "Lần gửi thứ mấy")
    blank = _read(tmp_path, district_sheets(ThongTin=_thongtin_with(
        ["Ngày lập", _SIGNED], ["Lần gửi", None])), name="2023/b.xlsx")
    assert blank.identity.revision == 1
    assert not [f for f in blank.flags if f["sheet"] == "ThongTin"]


def test_thongtin_numbered_keys(tmp_path):
    """`1. Cấp báo cáo`, `(2) Mã tỉnh`, `II. Năm báo cáo`: the line's number is no word of
    the key. Before, no key matched and the file was refused for want of its level."""
    sheet = OfficeSheet("ThongTin", [
        ["THÔNG TIN"], ["1. Cấp báo cáo", "Huyện"], ["(2) Mã tỉnh", "20"], ["3) Mã huyện", 188],
        ["4. Năm báo cáo", 2023], ["5.Ngày lập", _SIGNED], ["II. Lần gửi", 2]])
    result = _read(tmp_path, district_sheets(ThongTin=sheet))
    ident = result.identity
    assert (ident.level, ident.province_code, ident.unit_code, ident.year, ident.signed_on,
            ident.revision) == ("district", "20", "188", 2023, _SIGNED, 2)
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize(("rows", "outcome"), [
    ([["Kỳ báo cáo", "Năm"], ["Năm báo cáo", 2023]], 2023),
    ([["Kỳ báo cáo", "Cả năm"], ["Năm báo cáo", 2023]], 2023),
    ([["Năm báo cáo", 2023], ["Kỳ báo cáo", "Năm 2023"]], 2023),
    # part of the year, or another year, wherever it stands: not the year's figures
    ([["Năm báo cáo", 2023], ["Kỳ báo cáo", "6 tháng đầu năm 2023"]],
     "ThongTin row 9: cannot read '6 tháng đầu năm 2023' as a year"),
    ([["Năm báo cáo", 2023], ["Kỳ báo cáo", "Năm 2022"]],
     "ThongTin names the year 2023 in row 8 and 2022 in row 9"),
    ([["Kỳ báo cáo", "Năm"]], "ThongTin row 8: cannot read 'Năm' as a year"),
])
def test_thongtin_period_named_as_the_whole_year_beside_the_year(tmp_path, rows, outcome):
    """`Kỳ báo cáo: Năm` above `Năm báo cáo: 2023` says the report is the year's, not which
    year: the year is 2023 (before, 'Năm' was read as the year and the file refused). A
    period that is part of the year, or another year, under a second key is not passed over
    (before, the first key was read and the second not looked at)."""
    info = thongtin(2023)
    at = next(k for k, r in enumerate(info.rows) if r[:1] == ["Năm báo cáo"])
    info.rows[at:at + 1] = rows
    result = _read(tmp_path, district_sheets(ThongTin=info))
    if isinstance(outcome, int):
        assert result.reject_reason is None and result.identity.year == outcome
        assert not [f for f in result.flags if f["sheet"] == "ThongTin"]
    else:
        assert result.reject_reason == outcome


def test_thongtin_period_named_as_the_whole_year_and_the_year_in_the_title(tmp_path):
    """`Kỳ báo cáo: Năm` with no other year key: the year the title names, as for a ThongTin
    without its year (YEAR_FROM_TITLE). Before, 'Năm' was read as the year and the file
    refused."""
    info = thongtin(2023)
    info.rows[0] = ["BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2023"]
    row = next(r for r in info.rows if r[:1] == ["Năm báo cáo"])
    row[:] = ["Kỳ báo cáo", "Năm"]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None and result.identity.year == 2023
    [flag] = [f for f in result.flags if f["sheet"] == "ThongTin"]
    assert (flag["check_code"], flag["row_number"]) == ("YEAR_FROM_TITLE", 1)


@pytest.mark.parametrize("layout", ["stt", "numbering"])
def test_thongtin_laid_out_across_with_a_numbering_column_or_row(tmp_path, layout):
    """The keys across one row beside an `STT` column, or over a row numbering the columns
    `(1) (2) …`: each key is read with the value under it. Before, `STT` kept the row from
    being a header (rejected for want of a year) and the numbering row was read as the
    values (`Cấp báo cáo` '(1)')."""
    keys = ["Cấp báo cáo", "Mã tỉnh", "Mã huyện", "Năm báo cáo", "Ngày lập", "Lần gửi"]
    values = ["Huyện", "20", "188", 2023, _SIGNED, 2]
    rows = ([["STT", *keys], [1, *values]] if layout == "stt"
            else [keys, [f"({k})" for k in range(1, len(keys) + 1)], values])
    result = _read(tmp_path, district_sheets(ThongTin=OfficeSheet("ThongTin", [
        ["THÔNG TIN CHUNG"], *rows])))
    ident = result.identity
    assert (ident.level, ident.province_code, ident.unit_code, ident.year, ident.signed_on,
            ident.revision) == ("district", "20", "188", 2023, _SIGNED, 2)
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]
    kept = {(p["row_number"], p["key"]) for p in ident.pairs}  # nothing dropped
    assert ((3, "STT") if layout == "stt" else (3, "(1)")) in kept


@pytest.mark.parametrize("level", ["Thành phố trực thuộc Trung ương", "Tỉnh"])
def test_thongtin_of_a_province_with_its_district_rows_dashed(tmp_path, level):
    """A province's report whose `Mã huyện` and `Tên huyện` hold `-`, which means blank
    elsewhere in the intake: the province's report. Before, a centrally governed city's
    dashed `Mã huyện` made it a district's report without a readable code (refused), and a
    `Tỉnh`'s an UNPARSEABLE_VALUE warning."""
    info = thongtin(2023, level=level, province="01", province_name="Thành phố Hà Nội",
                    district="-", district_name="–")
    result = _read(tmp_path, [info], name="2023/p.xlsx")
    assert result.reject_reason is None
    assert (result.identity.level, result.identity.unit_code) == ("province", "01")
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]
    stored = {(r["field"], r["value_text"]) for r in result.tables["thongtin"]}
    assert {("district_code", "-"), ("district_name", "–")} <= stored  # kept as sent


# B03 read as a person reads it (second round)


_B03_HEAD = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã"]


def _b03(header: list[str], body: list[list[object]]) -> OfficeSheet:
    """B03 with its first columns (STT, product, producer, commune) and these after them."""
    return simple_sheet("B03_OCOP", _B03_HEAD + header,
                        [[k + 1, f"Sản phẩm {k + 1}", "HTX Lộc Bình", "06532", *cells]
                         for k, cells in enumerate(body)])


def _b03_flags(result: FileResult, code: str) -> list[tuple[int, str, str]]:
    return [(f["row_number"], f["column_name"], f["severity"]) for f in _flags(result, code)
            if f["sheet"] == "B03_OCOP"]


def test_b03_ratings_typed_from_phones_or_with_a_note_are_read(tmp_path):
    """`⭐⭐⭐` (the emoji star phones type, with or without its variation selector), a
    rating with a note saying how or at which level it was given (`4 sao (nâng hạng)`, `3 sao
    (công nhận lại)`, `5 sao (quốc gia)`), `3 Sao OCOP`, and a note naming a rating the
    product does not hold (`4 sao (tiềm năng 5 sao)`) are read as a person reads them.
    Before, each was UNPARSEABLE_VALUE. A cell naming two ratings with no clear reading, or
    a note that may say the rating is no certificate (`hết hạn`), stays unread."""
    ratings = {"⭐⭐⭐": 3, "⭐\ufe0f⭐\ufe0f⭐\ufe0f⭐\ufe0f": 4, "4 sao (nâng hạng)": 4,
               "3 sao (công nhận lại)": 3, "5 sao (quốc gia)": 5, "3 Sao OCOP": 3,
               "4 sao (tiềm năng 5 sao)": 4, "5 sao (nâng hạng từ 4 sao)": 5,
               "3 sao (lên 4 sao)": None, "3 sao (nâng hạng 4 sao)": None,
               "4 sao (hết hạn)": None}
    result = _read(tmp_path, district_sheets(B03=_b03(
        ["Số sao", "Ngày công nhận"], [[typed, dt.date(2023, 6, 15)] for typed in ratings])))
    assert [(r["stars_text"], r["stars"]) for r in result.tables["b03_ocop"]] == [
        (typed, stars) for typed, stars in ratings.items()]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [
        (12, "E (Số sao)", "error"), (13, "E (Số sao)", "error"), (14, "E (Số sao)", "error")]


@pytest.mark.parametrize("header", ["Quyết định công nhận", "Số quyết định"])
def test_b03_a_decision_column_carrying_its_date_gives_the_date(tmp_path, header):
    """With no date column, the decision's cells that carry the date (`Quyết định số
    123/QĐ-UBND ngày 15/6/2023`) give it, whatever the decision's header: before, the sheet
    was unusable unless the header said `ngày`. A decision without its date is flagged at its
    cell; a decision column none of whose cells carries a date is no date column (the sheet
    still lacks its date)."""
    result = _read(tmp_path, district_sheets(B03=_b03(["Số sao", header], [
        [4, "Quyết định số 123/QĐ-UBND ngày 15/6/2023"], [3, "45/QĐ-UBND"]])))
    assert _status(result, "B03")["status"] == "read"
    assert [(r["stars"], r["recognized_on"], r["decision_no"])
            for r in result.tables["b03_ocop"]] == [
        (4, dt.date(2023, 6, 15), "Quyết định số 123/QĐ-UBND ngày 15/6/2023"),
        (3, None, "45/QĐ-UBND")]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [(5, f"F ({header})", "error")]
    undated = _read(tmp_path, district_sheets(B03=_b03(["Số sao", header], [
        [4, "123/QĐ-UBND"], [3, "45/QĐ-UBND"]])), name="2023/undated.xlsx")
    assert _status(undated, "B03")["status"] == "unusable"
    assert "recognized_on" in _status(undated, "B03")["missing"]


def test_b03_a_year_column_beside_the_date_checks_it(tmp_path):
    """`Năm công nhận` beside `Ngày quyết định` repeats the date's year: the date is read and
    checked against it, as a statistician would (before, the two were taken as two date
    columns and the sheet was unusable). Where they differ one of them is mistyped and which
    cannot be told: the row has no recognition date, with an error at the year's cell. A
    blank date is known by its year (DATE_PARTIAL). The year's cells are kept."""
    result = _read(tmp_path, district_sheets(B03=_b03(
        ["Số sao", "Năm công nhận", "Ngày quyết định"],
        [[4, 2023, dt.date(2023, 6, 15)], [3, 2022, dt.date(2023, 6, 15)],
         [3, "Năm 2021", None], [5, None, dt.date(2023, 7, 1)]])))
    assert _status(result, "B03")["status"] == "read"
    assert [(r["stars"], r["recognized_on"], r["recognized_year"])
            for r in result.tables["b03_ocop"]] == [
        (4, dt.date(2023, 6, 15), 2023), (3, None, None), (3, None, 2021),
        (5, dt.date(2023, 7, 1), 2023)]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [(5, "F (Năm công nhận)", "error")]
    assert _b03_flags(result, "DATE_PARTIAL") == [(6, "F (Năm công nhận)", "warning")]
    assert not _b03_flags(result, "SHEET_LAYOUT")
    kept = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
            if c["sheet"] == "B03_OCOP" and c["column_name"] == "F"}
    assert kept == {(4, "2023"), (5, "2022"), (6, "Năm 2021")}


@pytest.mark.parametrize("later", ["Ngày đánh giá lại", "Ngày tái công nhận",
                                   "Ngày công nhận lại"])
def test_b03_a_re_certified_product_is_read_with_its_latest_recognition(tmp_path, later):
    """`Số sao | Ngày công nhận lần đầu | Ngày đánh giá lại`: a product re-certified in 2023
    holds the certificate of 2023, not of 2020 (before, the first date was stored and the
    re-certification's column not read). The sheet's one rating is the product's; a warning
    says it is read as the re-certification's. A row not re-certified keeps its first
    recognition; the first date replaced is kept in raw.unmapped_cells."""
    result = _read(tmp_path, district_sheets(B03=_b03(
        ["Số sao", "Ngày công nhận lần đầu", later],
        [[4, dt.date(2020, 5, 12), dt.date(2023, 6, 15)], [3, dt.date(2021, 3, 1), None]])))
    assert [(r["stars"], r["recognized_on"], r["recognized_year"])
            for r in result.tables["b03_ocop"]] == [
        (4, dt.date(2023, 6, 15), 2023), (3, dt.date(2021, 3, 1), 2021)]
    assert _b03_flags(result, "SHEET_LAYOUT") == [(3, None, "warning")]
    assert not _b03_flags(result, "UNPARSEABLE_VALUE")
    assert [(c["row_number"], c["column_name"], c["value"])
            for c in result.tables["unmapped_cells"] if c["sheet"] == "B03_OCOP"] == [
        (4, "F", "2020-05-12")]


def test_b03_an_upgraded_product_is_read_with_its_latest_rating_and_date(tmp_path):
    """`Số sao | Ngày công nhận | Nâng hạng (số sao) | Ngày nâng hạng`: a product upgraded
    from 3 to 4 stars in 2023 holds 4 stars of 2023 (before: 3 stars of 2020). A rating and
    a date of two recognitions are never paired: an upgrade whose date, or whose rating, is
    blank leaves that value unknown, flagged at its cell; so does an upgrade where the sheet
    has no column for its date. Two columns for one value of the upgrade keep the sheet
    out."""
    header = ["Số sao", "Ngày công nhận", "Nâng hạng (số sao)", "Ngày nâng hạng"]
    first, upgraded = dt.date(2020, 5, 12), dt.date(2023, 6, 15)
    result = _read(tmp_path, district_sheets(B03=_b03(header, [
        [3, first, "4 sao", upgraded], [3, first, None, None],
        [3, first, "4 sao", None], [3, first, None, upgraded]])))
    assert [(r["stars"], r["stars_text"], r["recognized_on"], r["recognized_year"])
            for r in result.tables["b03_ocop"]] == [
        (4, "4 sao", upgraded, 2023), (3, "3", first, 2020),
        (4, "4 sao", None, None), (None, None, upgraded, 2023)]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [
        (6, "H (Ngày nâng hạng)", "error"), (7, "G (Nâng hạng (số sao))", "error")]
    assert _b03_flags(result, "SHEET_LAYOUT") == [(3, None, "info")]
    kept = [(c["row_number"], c["column_name"], c["value"])
            for c in result.tables["unmapped_cells"] if c["sheet"] == "B03_OCOP"]
    assert kept == [(4, "E", "3"), (4, "F", "2020-05-12"), (6, "E", "3"),
                    (6, "F", "2020-05-12"), (7, "E", "3"), (7, "F", "2020-05-12")]

    undated = _read(tmp_path, district_sheets(B03=_b03(header[:3], [[3, first, "4 sao"]])),
                    name="2023/undated.xlsx")
    assert [(r["stars"], r["recognized_on"], r["recognized_year"])
            for r in undated.tables["b03_ocop"]] == [(4, None, None)]
    assert _b03_flags(undated, "UNPARSEABLE_VALUE") == [(4, "G (Nâng hạng (số sao))", "error")]

    twice = _read(tmp_path, district_sheets(B03=_b03(
        [*header, "Ngày đánh giá lại"], [[3, first, "4 sao", upgraded, upgraded]])),
        name="2023/twice.xlsx")
    assert "b03_ocop" not in twice.tables
    assert "a single column for 'rerated_on'" in _status(twice, "B03")["missing"]


# B04 and B05 read as a person reads them (second round)


@pytest.mark.parametrize("name", ["Số sản phẩm OCOP lũy kế", "Lũy kế số sản phẩm OCOP",
                                  "Sản phẩm OCOP (lũy kế từ 2019)",
                                  "Số xã đạt chuẩn NTM mới (lũy kế)"])
def test_b04_a_row_named_as_a_running_total_is_not_the_years_new_items(tmp_path, name):
    """A row without a code named as a running total (`lũy kế`) counts the years before too:
    read as OCOP_3SAO_MOI or XA_DAT_CHUAN_MOI (the year's new products, communes), its 18
    was published as the year's, with only the routine "read by its name" warning. It is
    now counted nowhere, with an error on its row; the year's own name is read as before."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, [
        [None, name, None, 20, 18, 25],
        [None, "Số xã đạt chuẩn NTM mới trong năm", "xã", 2, 1, 3]])))
    rows = {r["row_number"]: r for r in result.tables["b04_targets"]}
    assert rows[3]["indicator_code"] is None and rows[3]["actual"] == 18.0  # kept, uncounted
    assert rows[4]["indicator_code"] == "XA_DAT_CHUAN_MOI"
    flags = {f["row_number"]: f for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert flags[3]["severity"] == "error" and flags[3]["sheet"] == "B04_ChiTieu"
    assert "not counted" in flags[3]["message"]
    assert flags[4]["severity"] == "warning"


def test_b06_a_row_named_as_a_running_total_is_not_the_years_own_figure(tmp_path):
    """B06 rows are named by the same words: a running total is read as the stock it names
    (SO_XA_DAT_CHUAN), never as a figure of the reporting year alone (SO_XA_DAT_CHUAN_MOI,
    TONG_VON), which it was."""
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [[None, "Số xã đạt chuẩn NTM (lũy kế)", 8],
                [None, "Số xã đạt chuẩn NTM mới (lũy kế)", 5],
                [None, "Tổng vốn huy động lũy kế", 900]])
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    assert {r["row_number"]: r["indicator_code"] for r in result.tables["b06_aggregates"]} == {
        3: "SO_XA_DAT_CHUAN", 4: None, 5: None}
    errors = {f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
              if f["severity"] == "error"}
    assert errors == {4, 5}


_B04_ROWS = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 9, 3],
             ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]


@pytest.mark.parametrize("result_header", [
    "Lũy kế thực hiện", "Lũy kế đến 31/12/2023", "Lũy kế từ đầu giai đoạn", "Lũy kế",
    "Lũy kế thực hiện đến năm 2023"])
def test_b04_a_result_headed_as_a_running_total_is_no_count_of_the_years_new_items(
        tmp_path, result_header):
    """`Lũy kế thực hiện` was read as the year's result: 9 communes NTM since the period
    began were published as the year's new ones, without a flag (`Lũy kế đến 31/12/2023`
    was not read at all, the share of poor households lost with it). A running total is
    the year-end figure of a stock (the share of poor households), and is read as it; for
    an indicator of the year alone its figure is not read, with an error at the cell."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", result_header,
              "Kế hoạch năm sau"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, _B04_ROWS)))
    rows = {r["indicator_code"]: r for r in result.tables["b04_targets"]}
    assert rows["XA_DAT_CHUAN_MOI"]["actual"] is None
    assert (rows["XA_DAT_CHUAN_MOI"]["target"], rows["XA_DAT_CHUAN_MOI"]["next_year_target"]) \
        == (2.0, 3.0)
    assert rows["TY_LE_HO_NGHEO"]["actual"] == 4.8
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["severity"], error["row_number"]) == ("error", 3)
    assert error["column_name"] == f"E ({result_header})"
    assert "running total" in error["message"] and error["raw_value"] == "9"


@pytest.mark.parametrize("result_header", [
    "Thực hiện", "Thực hiện năm 2023", "Kết quả thực hiện"])
@pytest.mark.parametrize("running_header", [
    "Lũy kế thực hiện", "Lũy kế đến 31/12/2023", "Lũy kế từ đầu giai đoạn", "Lũy kế"])
def test_b04_the_years_result_beside_a_running_total_is_read(tmp_path, result_header,
                                                             running_header):
    """Beside the year's own result a running total is not read, and says so; before, with
    a result naming no year, both were `actual` and neither was read."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", result_header,
              running_header, "Kế hoạch năm sau"]
    body = [[*row[:5], 40, row[5]] for row in _B04_ROWS]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert [r["actual"] for r in result.tables["b04_targets"]] == [9.0, 4.8]
    assert not _flags(result, "UNPARSEABLE_VALUE") and not _flags(result, "SHEET_LAYOUT")
    (info,) = [f for f in _flags(result, "UNKNOWN_COLUMN")
               if f["column_name"] == f"F ({running_header})"]
    assert "running total" in info["message"]


def test_b04_a_result_since_the_year_began_is_the_years(tmp_path):
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Lũy kế từ đầu năm",
              "Kế hoạch năm sau"]
    result = _read(tmp_path, district_sheets(B04=_b04(header, _B04_ROWS)))
    assert [r["actual"] for r in result.tables["b04_targets"]] == [9.0, 4.8]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("sheet", ["B04", "B06"])
def test_a_coded_row_named_as_a_running_total_is_not_the_years_new_items(tmp_path, sheet):
    """A row with the code of the year's new communes but named as a running total
    (`Số xã đạt chuẩn NTM mới (lũy kế)`) was read by its code: 12 communes NTM since the
    period began published as the year's new ones. Code and name disagree on what the
    figures count: they are not read, with an error at the name; a row whose name agrees
    with its code is read as before."""
    if sheet == "B04":
        header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                  "Kế hoạch năm sau"]
        result = _read(tmp_path, district_sheets(B04=_b04(header, [
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới (lũy kế)", "xã", 14, 12, 16],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]])))
        rows = result.tables["b04_targets"]
        assert [(r["target"], r["actual"], r["next_year_target"]) for r in rows] == [
            (None, None, None), (5.0, 4.8, 4.0)]
    else:
        b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                   [["SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới (lũy kế)", 12],
                    ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (lũy kế)", 80]])
        result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
        rows = result.tables["b06_aggregates"]
        assert [(r["indicator_code"], r["value"]) for r in rows] == [
            ("SO_XA_DAT_CHUAN_MOI", None), ("SO_XA_DAT_CHUAN", 80.0)]
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["severity"], error["row_number"]) == ("error", 3)
    assert error["column_name"].startswith("B (")
    assert "running total" in error["message"]


@pytest.mark.parametrize(("top", "low", "merges", "values"), [
    (["Kế hoạch năm 2023", "Ước cả năm 2023", "Kế hoạch năm 2024"], None, [], [2, 1, 3]),
    (["Kế hoạch năm 2023", "Ước tính cả năm 2023", "Kế hoạch năm 2024"], None, [], [2, 1, 3]),
    (["Kế hoạch", "Thực hiện", "Kế hoạch năm sau", "TH/KH (%)"], None, [], [2, 1, 3, 50]),
    (["Năm 2023", None, None, "Năm 2024"], ["Kế hoạch", "Thực hiện", "TH/KH (%)", "Kế hoạch"],
     [(1, 3, 1, 5)], [2, 1, 50, 3]),
    (["TH năm trước", "KH năm nay", "Ước TH năm nay", "KH năm sau"], None, [], [0, 2, 1, 3]),
    (["KH 2023", "TH 2023", "Chỉ tiêu năm 2024"], None, [], [2, 1, 3])])
def test_b04_the_years_result_and_next_years_plan_as_a_person_reads_them(
        tmp_path, top, low, merges, values):
    """`Ước cả năm 2023` (the year stripped left `Ước cả`), a `TH/KH (%)` ratio beside
    `Thực hiện` (taken as a second result, so neither was read), `TH năm trước | … | Ước TH
    năm nay` (last year's result taken as this year's too) lost the result; `Chỉ tiêu năm
    2024` (next year's target) was taken as a second name column. Each figure is now read
    where a person reads it; last year's and the ratio are not read, and are kept."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", *top]
    if low:
        low = [None, None, None, *low]
        merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), *merges]
    result = _read(tmp_path, district_sheets(B04=_b04(
        header, [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", *values]], low, merges)))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (2.0, 1.0, 3.0)
    assert not [f for f in result.flags if f["severity"] == "error"]
    kept = {c["value"] for c in result.tables.get("unmapped_cells", [])
            if c["sheet"] == "B04_ChiTieu"}
    assert ("50" in kept) == (50 in values) and ("0" in kept) == (0 in values)


@pytest.mark.parametrize("form", ["Tiêu chí số {i}: {n}", "Tiêu chí {i} - {n}", "TC{i}. {n}",
                                  "Tiêu chí số {i} về {n}"])
def test_b05_criteria_numbered_in_words_are_read(tmp_path, form):
    """`Tiêu chí số 1: Quy hoạch` (as Decision 320/QĐ-TTg numbers them) matched nothing: all
    nine criteria were lost, each with an error. Each is now its criterion when the number
    and the name agree; a number naming another criterion than the name is an error."""
    names = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
             "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường", "Chất lượng môi trường sống",
             "Hệ thống chính trị - An ninh trật tự - Hành chính công"]
    body = [[i, form.format(i=i, n=n.lower() if "về" in form else n),
             "Đạt" if i < 5 else "Chưa đạt"] for i, n in enumerate(names, 1)]
    body.append([10, form.format(i=2, n="Quy hoạch"), "Đạt"])
    result = _read(tmp_path, district_sheets(B05=simple_sheet(
        "B05_TieuChiHuyen", ["STT", "Tên tiêu chí", "Kết quả"], body)))
    rows = result.tables["b05_district_criteria"]
    assert [r["criterion_code"] for r in rows] == [f"H{i}" for i in range(1, 10)] + [None]
    assert [r["mark"] for r in rows[:9]] == ["met"] * 4 + ["not_met"] * 5
    errors = [f for f in result.flags if f["severity"] == "error"]
    assert [(f["sheet"], f["row_number"]) for f in errors] == [("B05_TieuChiHuyen", 13)]


def test_b05_a_criterions_indicators_and_a_count_under_the_criteria_are_notes(tmp_path):
    """A criterion's own indicator rows (`2.1. Hệ thống giao thông …`) and a count under the
    criteria (`Tổng số tiêu chí đạt | 4/9`) were each an error on good data. They are notes
    (`SheetSpec.summary`), kept as sent, as B01's count lines are."""
    body = [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 5 else "Chưa đạt"]
            for i in range(1, 10)]
    body[2:2] = [[None, "2.1. Hệ thống giao thông trên địa bàn huyện", "Đạt"],
                 [None, "2.2. Bến xe khách tại trung tâm huyện", "Đạt"]]
    body.append([None, "Tổng số tiêu chí đạt", "4/9"])
    result = _read(tmp_path, district_sheets(B05=simple_sheet(
        "B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", "Đạt"], body)))
    assert [r["criterion_code"] for r in result.tables["b05_district_criteria"]] == [
        f"H{i}" for i in range(1, 10)]
    assert not [f for f in result.flags if f["severity"] == "error"]
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"}
    assert {"2.1. Hệ thống giao thông trên địa bàn huyện", "Tổng số tiêu chí đạt",
            "4/9"} <= notes

# B01 read as a person reads it (third round)


def _b01_rows(header: list[str], body: list[list[object]],
              merges: list[tuple[int, int, int, int]] | None = None,
              group: list[object] | None = None) -> OfficeSheet:
    """B01 under a title and a blank line: ``group`` (a row of merged group cells over the
    header, with ``merges`` given in the sheet's rows), then ``header`` and ``body``."""
    rows = [["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM"], []]
    rows += [group] if group is not None else []
    return OfficeSheet("B01_TieuChiXa", [*rows, header, *body], merges or [])


def _b01_communes(criteria: list[str], status: tuple[str, ...] = (
        "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"),
        communes: list[tuple] = COMMUNES) -> OfficeSheet:
    """The three ``communes`` under one header row: code, name, ``criteria``, the count and
    the ``status`` columns (NTM, nâng cao, kiểu mẫu)."""
    n = len(criteria)
    body = [[k, code, name, *(["x"] * min(met, n) + [None] * (n - min(met, n))),
             min(met, n), ntm, advanced, None]
            for k, (code, name, met, ntm, advanced) in enumerate(communes, 1)]
    return _b01_rows(["STT", "Mã xã", "Tên xã", *criteria, "Số tiêu chí đạt", *status], body)


_SHORT_2021 = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Trường học", "CSVC văn hóa",
               "Chợ nông thôn", "Thông tin - Truyền thông", "Nhà ở", "Thu nhập", "Hộ nghèo",
               "Lao động", "Tổ chức sản xuất", "Giáo dục", "Y tế", "Văn hóa", "Môi trường",
               "Hệ thống chính trị", "An ninh trật tự"]


@pytest.mark.parametrize(("number", "header"), [
    (1, "Qui hoạch"), (14, "GD&ĐT"), (18, "HTCT & TCPL"), (19, "QP-AN"), (8, "TT&TT"),
    (13, "Tổ chức SX"), (14, "GDĐT"), (19, "ANQP"), (8, "TTTT"),
    (6, "CSVC VH"), (7, "CSHT TMNT"), (9, "NODC"), (13, "TCSX"), (17, "MT & ATTP"),
])
def test_b01_criteria_headed_by_the_abbreviations_offices_use(tmp_path, number, header):
    """One criterion headed `Qui hoạch` (as Quy hoạch is often spelt), `GD&ĐT`, `HTCT & TCPL`,
    `QP-AN`, `TT&TT`, `Tổ chức SX`: the whole B01 was refused for want of that criterion's
    column. Each reads as its criterion."""
    headers = list(_SHORT_2021)
    headers[number - 1] = header
    result = _read(tmp_path, district_sheets(B01=_b01_communes(headers)))
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == EXPECTED_MET
    marks = result.tables["b01_marks"]
    assert {m["column_name"] for m in marks if m["criterion_no"] == number} == {
        f"{chr(ord('C') + number)} ({header})"}


def test_b01_the_2026_criterion_of_science_headed_khcn(tmp_path):
    names = ["Quy hoạch", "Hạ tầng kinh tế - xã hội", "Phát triển kinh tế nông thôn",
             "Đào tạo nguồn nhân lực", "Văn hóa, giáo dục, y tế", "Giảm nghèo và an sinh xã hội",
             "KHCN và chuyển đổi số", "Môi trường và cảnh quan", "Hệ thống chính trị và "
             "hành chính công", "Tiếp cận pháp luật, an ninh quốc phòng"]
    result = _read(tmp_path, [thongtin(2026, level="Tỉnh", district=None),
                              _b01_communes(names, communes=COMMUNES_2025)],
                   "2026/khcn.xlsx")
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == {"06541": 10, "06565": 10, "06577": 10}
    assert {m["column_name"] for m in result.tables["b01_marks"] if m["criterion_no"] == 7} == {
        "J (KHCN và chuyển đổi số)"}


def test_b01_the_2026_criteria_headed_by_the_abbreviations_offices_use(tmp_path):
    """`Phát triển KTNT`, `Đào tạo NNL`, `VH, GD, YT`, `HTCT và HCC`, `TCPL, AN-QP`: five of the
    ten columns matched no criterion, and the whole B01 was refused."""
    short = ["Quy hoạch", "Hạ tầng KT-XH", "Phát triển KTNT", "Đào tạo NNL", "VH, GD, YT",
             "Giảm nghèo, ASXH", "KHCN và CĐS", "Môi trường, cảnh quan", "HTCT và HCC",
             "TCPL, AN-QP"]
    result = _read(tmp_path, [thongtin(2026, level="Tỉnh", district=None),
                              _b01_communes(short, communes=COMMUNES_2025)],
                   "2026/short.xlsx")
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == {"06541": 10, "06565": 10, "06577": 10}
    columns = {m["criterion_no"]: m["column_name"] for m in result.tables["b01_marks"]}
    assert [columns[n].split(" (", 1)[1][:-1] for n in range(1, 11)] == short


def test_b01_no_name_or_short_form_of_a_criterion_names_another():
    """Every name and short form of a set, whole or followed by more words (`HTCT & TCPL`),
    names its own criterion only: a short form that began another's name would make a
    header point at two criteria."""
    from pipelines.ingest.vocabulary import builtin

    vocab = builtin()
    for criteria_set, names in vocab.criteria.items():
        for number, phrases in names.items():
            for phrase in phrases:
                assert vocab.criterion(criteria_set, phrase.words) == (number, None), (
                    criteria_set, number, phrase.words)
                if phrase.mode != "exact":
                    assert vocab.criterion(criteria_set, phrase.words + " xa") == (
                        number, None), (criteria_set, number, phrase.words)


@pytest.mark.parametrize("legend", ["TC{n} (Đạt/Chưa đạt)", "Tiêu chí {n}\n(Đạt/Chưa đạt)",
                                    "{n}. Đạt/Chưa đạt chuẩn"])
def test_b01_a_legend_of_met_and_not_met_on_each_criterion_column(tmp_path, legend):
    """`TC1 (Đạt/Chưa đạt)` over each criterion: its `chưa đạt` made each header the ignored
    count of criteria not met (`Tổng số tiêu chí chưa đạt`), and the B01 was refused for
    want of every criterion. A legend of both marks says how the cells read, not that
    they are of criteria not met; that count is still known by its own header."""
    headers = [legend.format(n=n) for n in range(1, 20)]
    b01 = _b01_communes(headers)
    for row in b01.rows[3:]:
        row.append(19 - row[22])
    b01.rows[2].append("Tổng số tiêu chí chưa đạt")
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _status(result, "B01")["status"] == "read"
    assert _marks_met(result) == EXPECTED_MET
    assert {m["criterion_no"] for m in result.tables["b01_marks"]} == set(range(1, 20))
    assert not [f for f in result.flags if f["sheet"] == b01.name]


@pytest.mark.parametrize("ntm", ["Đạt chuẩn NTM năm", "Năm đạt chuẩn xã NTM",
                                 "Thời điểm đạt chuẩn NTM", "Năm CN đạt chuẩn NTM",
                                 "Năm về đích NTM", "Năm QĐ công nhận NTM"])
def test_b01_ntm_year_under_the_headers_offices_use(tmp_path, ntm):
    """Each of these heads the NTM year; not one was known, so every commune's NTM status
    was unknown. The same words with a level's or a plan's never head the NTM year."""
    result = _read(tmp_path, district_sheets(B01=_b01_communes(
        CRITERIA_2021, (ntm, "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"))))
    assert [(r["ntm_year"], r["advanced_year"], r["status_years_unreadable"])
            for r in result.tables["b01_communes"]] == [
        (2019, 2022, None), (None, None, None), (None, None, None)]
    assert not [f for f in result.flags if f["sheet"] == "B01_TieuChiXa"]

    levels = _read(tmp_path, district_sheets(B01=_b01_communes(
        CRITERIA_2021, (ntm, f"{ntm} nâng cao", f"{ntm} kiểu mẫu"))), "2023/levels.xlsx")
    assert [(r["ntm_year"], r["advanced_year"], r["status_years_unreadable"])
            for r in levels.tables["b01_communes"]] == [
        (2019, 2022, None), (None, None, None), (None, None, None)]
    assert not [f for f in levels.flags if f["sheet"] == "B01_TieuChiXa"]
    for k, plan in enumerate([f"Dự kiến {ntm.lower()}", f"{ntm} (đăng ký)"]):
        b01 = _b01_communes(CRITERIA_2021, (ntm, "Năm đạt NTM nâng cao",
                                            "Năm đạt NTM kiểu mẫu", plan))
        b01.rows[4].append(2025)
        planned = _read(tmp_path, district_sheets(B01=b01), f"2023/planned{k}.xlsx")
        assert [r["ntm_year"] for r in planned.tables["b01_communes"]] == [2019, None, None]
        assert not [f for f in planned.flags if f["severity"] == "error"], plan


@pytest.mark.parametrize("year", ["Năm", "Năm công nhận"])
def test_b01_each_status_a_group_over_its_year_and_decision(tmp_path, year):
    """`Đạt chuẩn NTM | Đạt chuẩn NTM nâng cao | Đạt chuẩn NTM kiểu mẫu`, each over `Năm |
    Số QĐ`: the three status years were unknown on every row, and each level's two columns
    an error saying neither was read. The year is the group's status; the decision is a
    note on it, its cells kept."""
    group = ["STT", "Mã xã", "Tên xã", "Tiêu chí đạt chuẩn", *[None] * 18, "Số tiêu chí đạt",
             "Đạt chuẩn NTM", None, "Đạt chuẩn NTM nâng cao", None, "Đạt chuẩn NTM kiểu mẫu",
             None]
    header = [None] * 3 + [str(n) for n in range(1, 20)] + [None] + [year, "Số QĐ"] * 3
    body = [[k, code, name, *(["x"] * met + [None] * (19 - met)), met,
             ntm, "123/QĐ-UBND" if ntm else None, advanced, "45/QĐ-UBND" if advanced else None,
             None, None] for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1)]
    merges = [(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 21), (2, 22, 3, 22),
              (2, 23, 2, 24), (2, 25, 2, 26), (2, 27, 2, 28)]
    result = _read(tmp_path, district_sheets(B01=_b01_rows(header, body, merges, group)))
    assert [(r["ntm_year"], r["advanced_year"], r["model_year"], r["status_years_unreadable"])
            for r in result.tables["b01_communes"]] == [
        (2019, 2022, None, None), (None, None, None, None), (None, None, None, None)]
    assert _marks_met(result) == EXPECTED_MET
    assert not [f for f in result.flags if f["sheet"] == "B01_TieuChiXa"]
    kept = {(c["row_number"], c["column_name"], c["value"])
            for c in result.tables["unmapped_cells"] if c["sheet"] == "B01_TieuChiXa"}
    assert {(5, "Y", "123/QĐ-UBND"), (5, "AA", "45/QĐ-UBND")} <= kept


@pytest.mark.parametrize("label", ["Cả huyện", "Tính chung toàn huyện", "Tổng hợp chung",
                                   "Tính chung", "Tổng hợp toàn huyện"])
def test_b01_total_row_labelled_as_offices_label_it(tmp_path, label):
    """`Cả huyện`, `Tính chung toàn huyện`, `Tổng hợp chung` under the communes were a
    commune without a code, its counts 16 unreadable marks, and then the district's figures
    counted over its communes were not computed. They are the sheet's total, as `Toàn
    huyện` and `Tổng cộng` are, checked against the communes."""
    b01 = b01_two_row_header()
    row = b01.find("Tổng cộng")[0]
    b01.rows[row][0] = None
    b01.rows[row][2] = label
    b01.rows[row][4:23] = [1] * 12 + [0] * 7
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert {t["row_number"] for t in result.tables["sheet_totals"]
            if t["sheet"] == b01.name} == {row + 1}
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_b01_district_heading_by_its_code_and_name_alone_is_not_a_commune(tmp_path):
    """A province's list grouped by district, each group headed `I | 188 | Lộc Bình` (the
    district's code, its name without `Huyện`) with no mark: each heading was commune 00188
    with 19 criteria not met. A code of three digits with no mark and no figure is a
    heading, kept as a note, with a warning at its row; a commune of Hà Nội typed with its
    code under 1000 has its marks and stays a commune, and one named `Xã …` too."""
    header = ["STT", "Mã xã", "Tên xã", *map(str, range(1, 20)), "Số tiêu chí đạt",
              "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]
    body = [["I", 188, "Lộc Bình"],
            [1, "06541", "Xã Mẫu Sơn", *["x"] * 19, 19, 2019, 2022],
            [2, "06565", "Xã Khuất Xá", *["x"] * 15, None, None, None, None, 15],
            ["II", "186", "Đình Lập", *[None] * 19, None, None, None, None],
            [3, "06463", "Xã Bắc Xa", *["x"] * 12, *[None] * 7, 12]]
    result = _read(tmp_path, [thongtin(2025, level="Tỉnh", district=None),
                              _b01_rows(header, body)], "2025/p.xlsx")
    assert [r["commune_code"] for r in result.tables["b01_communes"]] == [
        "06541", "06565", "06463"]
    assert {m["row_number"] for m in result.tables["b01_marks"]} == {5, 6, 8}
    warnings = [(f["row_number"], f["column_name"], f["severity"])
                for f in _flags(result, "SHEET_LAYOUT")]
    assert warnings == [(4, "B (Mã xã)", "warning"), (7, "B (Mã xã)", "warning")]
    notes = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
             if c["row_kind"] == "note"}
    assert {(4, "Lộc Bình"), (7, "Đình Lập")} <= notes

    hanoi = [["I", 16, "Sóc Sơn"], [1, 376, "Sóc Sơn", *["x"] * 19, 19, 2015],
             [2, 382, "Xã Kim Anh", *[None] * 19], [3, "00385", "Trung Giã"]]
    sheets = [thongtin(2025, level="Tỉnh", province="01", province_name="Hà Nội",
                       district=None), _b01_rows(header, hanoi)]
    result = _read(tmp_path, sheets, "2025/hn.xlsx")
    assert [r["commune_code"] for r in result.tables["b01_communes"]] == [
        "00376", "00382", "00385"]
    assert [f["row_number"] for f in _flags(result, "SHEET_LAYOUT")] == [4]


# Guards of the rules above: good data they must not touch


@pytest.mark.parametrize("period", ["12 tháng năm 2023", "Năm 2023 (12 tháng)",
                                    "01/01/2023 - 31/12/2023", "Từ 01/01/2023 đến 31/12/2023",
                                    "Hằng năm (năm 2023)"])
def test_thongtin_a_period_naming_the_whole_year_in_other_words_agrees(tmp_path, period):
    """`Kỳ báo cáo` beside `Năm báo cáo: 2023`, naming the whole year in words of its own:
    the check that the two agree refused the file. Part of the year still does."""
    info = thongtin(2023)
    info.rows.append(["Kỳ báo cáo", period])
    assert _read(tmp_path, district_sheets(ThongTin=info)).reject_reason is None
    info.rows[-1] = ["Kỳ báo cáo", "6 tháng đầu năm 2023"]
    assert _read(tmp_path, district_sheets(ThongTin=info), "2023/part.xlsx").reject_reason


@pytest.mark.parametrize("line", [
    "Ghi chú: Đánh dấu x vào các tiêu chí xã đáp ứng yêu cầu tối thiểu của Bộ tiêu chí",
    "Ký hiệu: x - tiêu chí đã đáp ứng yêu cầu; để trống - tiêu chí còn thiếu",
    "Ghi chú: x - Tiêu chí xã đã hoàn thiện hồ sơ; các xã còn thiếu hồ sơ sẽ bổ sung sau"])
def test_b01_a_note_that_is_no_legend_of_criteria_not_met_leaves_it_read(tmp_path, line):
    """`tối thiểu` (minimum) folds as `thiếu` does, a legend of both met (`đáp ứng`) and not
    met, and `thiếu` about documents, not criteria: each refused B01 as a legend of marks of
    criteria not met."""
    b01 = b01_two_row_header()
    b01.rows.append([line])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result) == EXPECTED_MET


def test_b02_quantity_units_in_names_beside_a_quantity_column_are_the_quantitys(tmp_path):
    """`Hiến đất (m2) | 15000 | 100` under `Khối lượng | Giá trị (triệu đồng)`: the bracket is
    the quantity's unit. Read as the row's own unit, the money was lost and the quantity
    overwritten with it."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Khối lượng", "Giá trị (triệu đồng)"],
            ["6", "Cộng đồng dân cư", None, 150], ["6.2", "Hiến đất (m2)", 15000, 100],
            ["6.3", "Ngày công lao động (ngày công)", 2500, 50]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["source_code"], r["amount_million_vnd"], r["quantity"])
            for r in result.tables["b02_funding"]] == [
        ("6", 150.0, None), ("6.2", 100.0, 15000.0), ("6.3", 50.0, 2500.0)]


def test_a_whole_year_written_with_its_dates_is_not_part_of_it(tmp_path):
    """`Giá trị (từ ngày 01 tháng 01 đến ngày 31 tháng 12 năm 2023)`: `01 tháng 01` is a date,
    not one month; the sheet was refused. `đến ngày 30 tháng 9 năm 2023` is part of it."""
    whole = b02_sheet(["Mã nguồn", "Nguồn vốn",
                       "Giá trị (từ ngày 01 tháng 01 đến ngày 31 tháng 12 năm 2023)"])
    assert _status(_read(tmp_path, district_sheets(B02=whole)), "B02")["status"] == "read"
    part = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị thực hiện đến ngày 30 tháng 9 năm 2023"])
    result = _read(tmp_path, district_sheets(B02=part), "2023/part.xlsx")
    assert _status(result, "B02")["status"] == "unusable"


def test_b01_a_ranking_that_names_no_level_leaves_the_ntm_year(tmp_path):
    """`Xếp loại xã` holding `Khu vực I` beside the status years: no level reached, so the
    NTM year beside it is read (it was dropped as the year of a level)."""
    b01 = b01_two_row_header()
    row, col = b01.find("Năm đạt chuẩn")
    b01.rows[row][col] = None
    b01.rows[row + 1][col:col + 3] = ["Năm công nhận đạt chuẩn", "Năm đạt NTM nâng cao",
                                      "Năm đạt NTM kiểu mẫu"]
    row, col = b01.find("Ghi chú")
    b01.rows[row][col] = "Xếp loại xã"
    b01.rows[row + 1][col] = None
    for code, *_ in COMMUNES:
        b01.rows[b01.find(code)[0]][col] = "Khu vực I"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [r["ntm_year"] for r in result.tables["b01_communes"]] == [2019, None, None]


def test_b03_a_first_recognitions_year_beside_the_date_is_no_check_of_it(tmp_path):
    """`Năm công nhận lần đầu | Ngày công nhận` with 2020 | 15/06/2023: a product first
    recognized in 2020, re-certified in 2023. The year was taken to check the date, and
    the date dropped for disagreeing."""
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Năm công nhận lần đầu", "Ngày công nhận"]
    body = [[1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 3, 2020, dt.date(2023, 6, 15)]]
    result = _read(tmp_path, district_sheets(B03=simple_sheet("B03_OCOP", header, body)))
    (row,) = result.tables["b03_ocop"]
    assert row["recognized_on"] == dt.date(2023, 6, 15)
    assert not [f for f in result.flags if f["sheet"] == "B03_OCOP" and f["severity"] == "error"]


@pytest.mark.parametrize(("header", "read"), [
    ("Đạt chuẩn đến 31/12/2023", True), ("Kết quả tính đến ngày 31 tháng 12 năm 2023", True),
    ("Đạt chuẩn đến 31/12/2022", False)])
def test_b05_headed_as_met_at_the_years_end_is_the_years_result(tmp_path, header, read):
    """`Đạt chuẩn đến 31/12/2023` is the criteria met at the reporting year's end, as `Đạt
    chuẩn năm 2023` is; before, the date's words were left in the header, which named no
    column, and the sheet was not read. The end of another year is not the year's."""
    b05 = simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", header],
                       [[f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 5 else None]
                        for i in range(1, 10)])
    result = _read(tmp_path, district_sheets(B05=b05))
    marks = [r["mark"] for r in result.tables.get("b05_district_criteria", [])]
    if read:
        assert marks == ["met"] * 4 + ["not_met"] * 5
        assert _status(result, "B05")["status"] == "read"
    else:
        assert marks == [] and _status(result, "B05")["status"] == "unusable"


@pytest.mark.parametrize(("header", "read"), [
    ("Thực hiện kế hoạch năm 2023 (triệu đồng)", True),
    ("Kết quả thực hiện kế hoạch 2023 (triệu đồng)", True),
    ("Thực hiện kế hoạch năm 2022 (triệu đồng)", False)])
def test_b02_the_years_plan_as_done_is_its_money(tmp_path, header, read):
    """`Thực hiện kế hoạch năm 2023`: what was done of the year's plan, the year's money (the
    sheet was refused); another year's is not read."""
    result = _read(tmp_path, district_sheets(B02=b02_sheet(["Mã nguồn", "Nguồn vốn", header])))
    amounts = {r["source_code"]: r["amount_million_vnd"]
               for r in result.tables.get("b02_funding", [])}
    assert amounts == (B02_VALUES if read else {})


def test_a_b01_with_the_criteria_down_and_the_communes_across_says_so(tmp_path):
    """A report's summary table lists the criteria as rows and the communes as columns. It
    is not read (the template has a row per commune); its error says how it is laid out, so
    that the office knows what to change."""
    rows = [["BIỂU 01"], ["STT", "Tiêu chí", "Xã Mẫu Sơn", "Xã Yên Khoái", "Xã Khánh Xuân"],
            [None, "Mã xã", "06532", "06541", "06544"]]
    rows += [[n, name, "Đ", "Đ" if n <= 15 else "CĐ", "Đ" if n <= 12 else "CĐ"]
             for n, name in enumerate(CRITERIA_2021, 1)]
    result = _read(tmp_path, district_sheets(B01=OfficeSheet("B01_TieuChiXa", rows)))
    assert "b01_marks" not in result.tables and "b01_communes" not in result.tables
    (flag,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert flag["severity"] == "error"
    assert ("It seems laid out across: the criteria are listed down column B (rows 4-22), "
            "with the communes across") in flag["message"]
    assert _status(result, "B01")["status"] == "unusable"


@pytest.mark.parametrize("names", [
    ["Sheet1", "Sheet2", "Sheet3", "Sheet4", "Sheet5", "Sheet6"],
    ["Trang tính1", "Trang tính2", "Trang tính3", "Trang tính4", "Trang tính5", "Trang tính6"]])
@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_sheets_left_with_their_programs_names_are_read_by_their_titles(tmp_path, names,
                                                                       suffix):
    """A workbook made by pasting the forms into a new file keeps `Sheet1` … `Sheet6`: each
    sheet whose title names its form (`BIỂU 01: …`), and ThongTin by the keys it lists, is
    read as that form, with a note; a sheet whose title names no form (`BIỂU`) is not. Before,
    the whole file was rejected as no submission of the template."""
    sheets = district_sheets()
    for sheet, name in zip(sheets, names, strict=True):
        sheet.name = name
    sheets[0].rows[0] = ["Thông tin về báo cáo"]  # no "THÔNG TIN CHUNG" title: by its keys
    sheets[2].rows[0] = ["BIỂU SỐ 02: NGUỒN VỐN HUY ĐỘNG"]
    result = _read(tmp_path, sheets, name=f"2023/pasted.{suffix}")
    assert result.reject_reason is None and result.identity.district_code == "188"
    assert len(result.tables["b01_communes"]) == 3 and len(result.tables["b02_funding"]) == 6
    notes = {f["sheet"]: f["message"] for f in _flags(result, "SHEET_LAYOUT")
             if f["severity"] == "info" and "not named for a form" in f["message"]}
    assert set(notes) == set(names[:3])
    assert "read as B01 by its title 'BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN " \
           "MỚI' (row 2)" in notes[names[1]]
    assert "read as ThongTin by the 8 keys of ThongTin it lists" in notes[names[0]]
    missing = {f["message"][-3:] for f in _flags(result, "MISSING_SHEET")}
    assert missing == {"B03", "B04", "B05"}  # titled `BIỂU` alone


def test_a_sheet_named_for_its_form_wins_and_two_titled_alike_are_neither(tmp_path):
    sheets = district_sheets()
    extra = b01_two_row_header(communes=COMMUNES[:1])
    extra.name = "Sheet1"
    result = _read(tmp_path, [*sheets, extra])  # B01 named: Sheet1 is another sheet
    assert len(result.tables["b01_communes"]) == 3
    assert not [f for f in result.flags if f["sheet"] == "Sheet1"]
    twice = district_sheets()
    twice[1].name = "Sheet1"
    again = b01_two_row_header(communes=COMMUNES[:1])
    again.name = "Sheet2"
    result = _read(tmp_path, [*twice, again], name="2023/twice.xlsx")
    assert "b01_communes" not in result.tables
    # a list titled over two sheets, the one's communes the other's too: neither is read,
    # both named, their cells kept (before, MISSING_SHEET and neither's cells kept)
    assert sorted(f["sheet"] for f in _flags(result, "SHEET_LAYOUT")
                  if f["severity"] == "error") == ["Sheet1", "Sheet2"]
    assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {"Sheet1", "Sheet2"}


@pytest.mark.parametrize("typed", ["{code} - {name}", "{name} ({code})"])
def test_a_communes_code_typed_with_its_name_is_its_code(tmp_path, typed):
    """`06532 - Xã Mẫu Sơn` in Mã xã: the code a person reads. Before, UNPARSEABLE_VALUE, and
    the commune was looked up by its name downstream."""
    b01 = b01_two_row_header()
    for code, name, *_ in COMMUNES:
        b01.rows[b01.find(code)[0]][1] = typed.format(code=code, name=name)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    # a code the map gives another name: which commune is meant cannot be told
    b01.rows[b01.find(typed.format(code="06532", name="Xã Mẫu Sơn"))[0]][1] = typed.format(
        code="06532", name="Xã Yên Khoái")
    result = _read(tmp_path, district_sheets(B01=b01), name="2023/other.xlsx")
    assert result.tables["b01_communes"][0]["commune_code"] is None
    (error,) = _flags(result, "UNPARSEABLE_VALUE")
    assert "but 06532 is Xã Mẫu Sơn on the map of 2023" in error["message"]


@pytest.mark.parametrize(("col", "header", "field", "expected"), [
    (1, "Mã hành chính", "commune_code", "06532"),
    (2, "Đơn vị hành chính", "commune_name", "Xã Mẫu Sơn"),
    (23, "TC đạt", "reported_count", 19)])
def test_b01_columns_headed_as_offices_head_them(tmp_path, col, header, field, expected):
    """Each header matched no column: the codes were looked up by name, the names and the
    counts were lost."""
    b01 = b01_two_row_header()
    b01.rows[3][col] = header
    result = _read(tmp_path, district_sheets(B01=b01))
    assert result.tables["b01_communes"][0][field] == expected
    assert not [f for f in _flags(result, "UNKNOWN_COLUMN") if f["raw_value"] == header]
