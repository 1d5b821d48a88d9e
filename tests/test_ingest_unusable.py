"""Nothing half-read reaches the marts (docs/ingest.md, "Sheets that are not fully read").

A sheet whose required columns were not all identified feeds no rows: it is an error that
names the columns found and missing and the header cells seen, its cells stay in
raw.unmapped_cells, raw.sheets records it as unusable, and (through the real Dagster job)
the unit-year shows as received but not usable while no fact holds a figure from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.harness import Site
from tests.office import (
    CRITERIA_2021,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    simple_sheet,
    thongtin,
    write,
)


def _read(tmp_path: Path, sheets: list[OfficeSheet]) -> FileResult:
    path = write(tmp_path / "raw" / "2023" / "district.xlsx", sheets)
    return read_submission(path, "2023/district.xlsx", "sha")


def _unusable(result: FileResult, code: str, table: str) -> dict:
    """The sheet is recorded unusable, its table empty, its cells kept, one error says why."""
    status = next(s for s in result.tables["sheets"] if s["sheet_code"] == code)
    assert status["status"] == "unusable" and status["data_rows"] == 0
    assert table not in result.tables
    kept = [c for c in result.tables["unmapped_cells"] if c["row_kind"] == "unreadable_sheet"
            and c["sheet"] == status["sheet"]]
    assert kept, "the sheet's cells must be kept"
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == status["sheet"]]
    assert flag["severity"] == "error"
    assert "None of its figures reach the marts" in flag["message"]
    assert "vocabulary" in flag["message"]
    return {**flag, "missing": status["missing"]}


def test_b01_whose_criterion_columns_are_not_recognised_feeds_nothing(tmp_path):
    unknown = [f"Chỉ tiêu số {chr(65 + k)}" for k in range(19)]
    result = _read(tmp_path, district_sheets(B01=b01_two_row_header(unknown)))
    flag = _unusable(result, "B01", "b01_communes")
    assert "b01_marks" not in result.tables
    assert "criterion columns 1, 2, 3" in flag["message"]
    assert "commune_code = B (Mã xã)" in flag["message"]  # what was found
    assert "E 'Tiêu chí đạt chuẩn | Chỉ tiêu số A'" in flag["message"]  # what was seen
    assert flag["row_number"] == 4
    unknown_flags = [f for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"]
    assert len(unknown_flags) == 19 and "vocabulary.toml" in unknown_flags[0]["message"]
    assert unknown_flags[0]["severity"] == "info"


def test_b01_with_one_criterion_column_fewer_feeds_nothing(tmp_path):
    headers = CRITERIA_2021[:18]  # criterion 19 left out
    result = _read(tmp_path, district_sheets(B01=b01_two_row_header(headers)))
    flag = _unusable(result, "B01", "b01_communes")
    assert "criterion column 19 of the 2021-2025 set" in flag["missing"]


@pytest.mark.parametrize("group", ["Tiêu chí chưa đạt", "Các tiêu chí không đạt chuẩn",
                                   "Tiêu chí còn thiếu", "Các tiêu chí chưa hoàn thành"])
def test_b01_whose_criterion_columns_list_the_criteria_not_met_feeds_nothing(tmp_path, group):
    """`x` under `Tiêu chí chưa đạt | 1 … 19` marks criteria NOT met. Before, the group's
    words were passed over and every mark read as met: a commune's count turned around,
    with no flag. Inverting would read every blank cell as met, so the sheet is not read."""
    b01 = b01_two_row_header()
    row, col = b01.find("Tiêu chí đạt chuẩn")
    b01.rows[row][col] = group
    flag = _unusable(_read(tmp_path, district_sheets(B01=b01)), "B01", "b01_communes")
    assert "headed as criteria not met" in flag["missing"]
    assert "E (" in flag["missing"]


@pytest.mark.parametrize("where", ["note header", "beside the header"])
def test_b01_under_a_legend_of_marks_not_met_in_its_header_feeds_nothing(tmp_path, where):
    """The legend in the header block: the Ghi chú column headed `Ghi chú (x - tiêu chí chưa
    đạt)`, or `Ký hiệu: x - tiêu chí chưa đạt` right of the header. The header rows were
    not searched for a legend, and every x was read as met without a flag (Mẫu Sơn, which
    meets all 19, with 0)."""
    b01 = b01_two_row_header()
    row, col = b01.find("Ghi chú")
    legend = "Ký hiệu: x - tiêu chí chưa đạt"
    if where == "note header":
        b01.rows[row][col] = "Ghi chú\n(x - tiêu chí chưa đạt)"
    else:
        b01.rows[row] += [None, legend]
    flag = _unusable(_read(tmp_path, district_sheets(B01=b01)), "B01", "b01_communes")
    assert "says the marks are of criteria not met" in flag["missing"]


def _with_line(sheet: OfficeSheet, text: str, above: bool) -> OfficeSheet:
    """The sheet with a line of text under its title, or two rows under its table."""
    if above:
        sheet.rows.insert(1, [text])
        sheet.merges = [(r0 + (r0 >= 1), c0, r1 + (r1 >= 1), c1)
                        for r0, c0, r1, c1 in sheet.merges]
    else:
        sheet.rows += [[], [None, text]]
    return sheet


@pytest.mark.parametrize(("text", "above"), [
    ("(Đánh dấu x vào các tiêu chí chưa đạt)", True),
    ("Ghi chú: x là tiêu chí chưa đạt", False),
    ("Ghi chú: đánh dấu x vào tiêu chí còn thiếu", False),
    ("(x: tiêu chí chưa hoàn thành)", True),
    ("Ký hiệu: √ - tiêu chí không đạt", False),
    ("Tiêu chí chưa đạt đánh X", False),
    ("Các tiêu chí chưa đạt: X", True),
    ("X vào ô tiêu chí chưa đạt", True),
])
def test_b01_under_a_legend_of_marks_of_criteria_not_met_feeds_nothing(tmp_path, text, above):
    """A line outside the table saying the marks are of criteria NOT met: read as met, each
    commune's count was turned around, with no flag. The sheet is not read, as when its
    header says so."""
    b01 = _with_line(b01_two_row_header(), text, above)
    flag = _unusable(_read(tmp_path, district_sheets(B01=b01)), "B01", "b01_communes")
    assert "says the marks are of criteria not met" in flag["missing"]
    assert text in flag["missing"]


@pytest.mark.parametrize(("text", "above"), [
    ("Ghi chú: x - đạt; để trống - chưa đạt", True),
    ("Xã chưa đạt chuẩn NTM: 2 xã", False),
    ("Ô trống: tiêu chí chưa đạt", False),
    ("(x) Xã chưa đạt tiêu chí 17 do thiếu kinh phí", False),
])
def test_b01_with_a_line_that_is_no_legend_of_marks_not_met_is_read(tmp_path, text, above):
    """A legend of both met and not met, or a line about criteria not met that names no mark
    (an x in brackets marks a footnote), leaves the marks as the template reads them."""
    b01 = _with_line(b01_two_row_header(), text, above)
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


def test_b05_under_a_legend_of_marks_of_criteria_not_met_feeds_nothing(tmp_path):
    b05 = simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", "Kết quả"],
                       [[f"H{i}", f"Tiêu chí huyện {i}", "x" if i >= 5 else None]
                        for i in range(1, 10)])
    b05 = _with_line(b05, "Ghi chú: đánh dấu x vào tiêu chí chưa đạt", False)
    flag = _unusable(_read(tmp_path, district_sheets(B05=b05)), "B05", "b05_district_criteria")
    assert "says the marks are of criteria not met" in flag["missing"]


def test_b05_whose_result_column_is_headed_as_criteria_not_met_feeds_nothing(tmp_path):
    """`Đánh giá (chưa đạt)`, `x` on the criteria not met: the bracketed note was set aside
    and every `x` read as met."""
    b05 = simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", "Đánh giá (chưa đạt)"],
                       [[f"H{i}", f"Tiêu chí huyện {i}", "x" if i >= 5 else None]
                        for i in range(1, 10)])
    flag = _unusable(_read(tmp_path, district_sheets(B05=b05)), "B05", "b05_district_criteria")
    assert "headed as criteria not met" in flag["missing"]


@pytest.mark.parametrize("legend", ["Kết quả thực hiện tiêu chí (Đạt/Chưa đạt)",
                                    "Tiêu chí đạt chuẩn (x: đạt; để trống: chưa đạt)"])
def test_b01_criteria_under_a_legend_of_met_and_not_met_are_read(tmp_path, legend):
    b01 = b01_two_row_header()
    row, col = b01.find("Tiêu chí đạt chuẩn")
    b01.rows[row][col] = legend
    result = _read(tmp_path, district_sheets(B01=b01))
    assert len(result.tables["b01_communes"]) == 3
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


def test_b02_whose_amount_column_is_not_recognised_feeds_nothing(tmp_path):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Con số"])
    flag = _unusable(_read(tmp_path, district_sheets(B02=b02)), "B02", "b02_funding")
    assert "'value'" in flag["missing"] and "C 'Con số'" in flag["message"]


def test_b03_without_stars_feeds_nothing(tmp_path):
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Ngày công nhận"],
                       [[1, "Hồi Lạng Sơn", "HTX", dt.date(2023, 6, 15)]])
    flag = _unusable(_read(tmp_path, district_sheets(B03=b03)), "B03", "b03_ocop")
    assert "'stars'" in flag["missing"]


def test_b04_without_any_value_column_feeds_nothing(tmp_path):
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Số liệu quý"],
                       [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 1]])
    flag = _unusable(_read(tmp_path, district_sheets(B04=b04)), "B04", "b04_targets")
    assert "'target'" in flag["missing"] and "'actual'" in flag["missing"]


def test_b05_without_its_met_column_feeds_nothing(tmp_path):
    b05 = simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", "Điểm"],
                       [["H1", "Quy hoạch", 10]])
    flag = _unusable(_read(tmp_path, district_sheets(B05=b05)), "B05", "b05_district_criteria")
    assert "'met'" in flag["missing"]


def test_b06_without_its_value_column_feeds_nothing(tmp_path):
    b06 = simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Ghi chú"],
                       [["SO_XA", "Số xã", "3 xã"]])
    flag = _unusable(_read(tmp_path, [*district_sheets(), b06]), "B06", "b06_aggregates")
    assert "'value'" in flag["missing"]


def test_a_sheet_without_any_header_says_what_it_looked_for(tmp_path):
    b04 = OfficeSheet("B04_ChiTieu", [["Báo cáo chỉ tiêu"], ["Không có số liệu"]])
    flag = _unusable(_read(tmp_path, district_sheets(B04=b04)), "B04", "b04_targets")
    assert "no header row with a 'Mã chỉ tiêu / Mã chỉ số' cell" in flag["message"]


@pytest.mark.parametrize("code", ["B01", "B02", "B03", "B04", "B05"])
def test_a_missing_required_sheet_is_recorded_as_missing(tmp_path, code):
    sheets = [s for s in district_sheets() if not s.name.startswith(code)]
    result = _read(tmp_path, sheets)
    status = next(s for s in result.tables["sheets"] if s["sheet_code"] == code)
    assert status["status"] == "missing"
    assert any(f["check_code"] == "MISSING_SHEET" and f["sheet"] == code for f in result.flags)


# --------------------------------------------------------------------------- through the job

HOA_VANG = [("20293", "Xã Hòa Bắc", 19, 2018, 2023), ("20296", "Xã Hòa Liên", 17, None, None),
            ("20299", "Xã Hòa Ninh", 10, None, None), ("20302", "Xã Hòa Sơn", 19, 2023, None)]


def _hoa_vang(year: int, **overrides: OfficeSheet) -> list[OfficeSheet]:
    info = thongtin(year, province="48", province_name="Thành phố Đà Nẵng", district="497",
                    district_name="Huyện Hòa Vang")
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Ngày công nhận", "Cấp công nhận"],
                       [[1, "Nước mắm Hòa Bắc", "HTX Hòa Vang", "20293", 1, 3,
                         dt.date(year, 6, 15), "Huyện"]])
    sheets = {"ThongTin": info, "B01": b01_two_row_header(communes=HOA_VANG), "B03": b03,
              **overrides}
    return district_sheets(year, **sheets)


def _da_nang(year: int) -> list[OfficeSheet]:
    info = thongtin(year, level="Tỉnh", province="48", province_name="Thành phố Đà Nẵng",
                    district=None)
    b06 = simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                       [["SO_XA", "Số xã", 4], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 2]])
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], values={"1": 5000.0})
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                       [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", 1, 1]])
    return [info, b06, b02, b04]


def write_office_reports(raw: Path) -> None:
    """Hòa Vang (the only district of Đà Nẵng with rural communes), office style: in 2023 its
    B01 names criteria the template does not know, its B02 puts the unit on a line above the
    table, its B04 holds percent-formatted rates; in 2024 everything is readable except B03,
    which has no star column, one commune comes without its code and a ward is listed
    among the communes. Built with
    ``test_commune_groups.py``'s 2026 report (``da_nang_site`` in tests/conftest.py)."""
    unknown = [f"Chỉ tiêu số {chr(65 + k)}" for k in range(19)]
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"],
                    rows_above=[["BIỂU 02"], [None, None, "Đơn vị tính: tỷ đồng"]],
                    values={"1": 1.2, "2": 0.8})
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch",
                                       "Thực hiện"],
                       [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 0.035, 0.032]])
    b04.formats = {(3, 3): "0.0%", (3, 4): "0.0%"}
    write(raw / "2023" / "497.xlsx",
          _hoa_vang(2023, B01=b01_two_row_header(unknown, communes=HOA_VANG), B02=b02, B04=b04))
    write(raw / "2023" / "48.xlsx", _da_nang(2023))
    no_stars = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Ngày công nhận"],
                            [[1, "Nước mắm Hòa Bắc", "HTX", dt.date(2024, 3, 1)]])
    # In 2024 one commune is listed by its name only ("Hòa Ninh", no code, no "Xã"), and a
    # ward of the city (Liên Chiểu's Hòa Hiệp Bắc, not in the programme) is listed too.
    by_name = [c if c[0] != "20299" else (None, "Hòa Ninh", *c[2:]) for c in HOA_VANG]
    by_name.append(("20194", "Phường Hòa Hiệp Bắc", 0, None, None))
    write(raw / "2024" / "497.ods",
          _hoa_vang(2024, B03=no_stars, B01=b01_two_row_header(communes=by_name)))
    write(raw / "2024" / "48.xlsx", _da_nang(2024))


@pytest.fixture(scope="module")
def warehouse(da_nang_site: Site) -> Path:
    return da_nang_site.warehouse


def _sql(warehouse: Path, query: str, *params: object) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.build
def test_an_unreadable_b01_gives_no_commune_status_not_zero_criteria(warehouse):
    rows = _sql(warehouse, "SELECT year, count(*), min(criteria_met) FROM "
                "marts.fct_commune_status WHERE district_code = '497' GROUP BY year")
    assert rows == [(2024, 4, 10)]
    assert _sql(warehouse, "SELECT count(*) FROM marts.fct_commune_criteria "
                "WHERE year = 2023") == [(0,)]


@pytest.mark.build
def test_figures_that_depend_on_an_unreadable_sheet_are_absent(warehouse):
    computed = dict(_sql(warehouse, "SELECT year || ' ' || unit_code || ' ' || indicator_code, "
                         "value FROM marts.fct_indicator WHERE value_kind = 'computed'"))
    # 2023: no B01, so neither the district nor the province gets commune figures.
    assert not any(k.startswith("2023") and "SO_XA" in k for k in computed)
    # 2024: B01 read; B03 unreadable, so no OCOP counts (not zeros) for district or province.
    assert computed["2024 497 SO_XA"] == 4 and computed["2024 48 SO_XA"] == 4
    assert not any(k.startswith("2024") and "OCOP" in k for k in computed)


@pytest.mark.build
def test_a_unit_line_and_percent_cells_reach_the_marts_as_a_person_reads_them(warehouse):
    funding = dict(_sql(warehouse, "SELECT source_code, amount_million_vnd FROM "
                        "marts.fct_funding WHERE unit_code = '497' AND year = 2023"))
    assert funding == {"central_budget": pytest.approx(1200.0),
                       "local_budget": pytest.approx(800.0)}
    target = _sql(warehouse, "SELECT target, actual FROM marts.fct_target WHERE unit_code = "
                  "'497' AND year = 2023 AND indicator_code = 'TY_LE_HO_NGHEO'")
    assert target == [(pytest.approx(3.5), pytest.approx(3.2))]


@pytest.mark.build
def test_the_unit_year_is_received_but_not_usable(warehouse):
    submissions = dict(_sql(warehouse, "SELECT source_file, unusable_sheets FROM "
                            "quality.submissions WHERE year < 2026"))
    assert submissions == {"2023/497.xlsx": "B01 (unusable)", "2023/48.xlsx": None,
                           "2024/497.ods": "B03 (unusable)", "2024/48.xlsx": None}
    completeness = _sql(warehouse, "SELECT year, received, usable, unusable_sheets FROM "
                        "quality.completeness WHERE unit_code = '497' ORDER BY year")
    assert completeness == [(2023, True, False, "B01 (unusable)"),
                            (2024, True, False, "B03 (unusable)")]


@pytest.mark.build
def test_the_flag_names_file_sheet_and_row(warehouse):
    flags = _sql(warehouse, "SELECT year, source_file, sheet, row_number, severity FROM "
                 "quality.flags WHERE check_code = 'SHEET_LAYOUT' ORDER BY year")
    assert flags == [(2023, "2023/497.xlsx", "B01_TieuChiXa", 4, "error"),
                     (2024, "2024/497.ods", "B03_OCOP", 3, "error")]


@pytest.mark.build
def test_a_commune_without_its_code_is_read_by_its_name(warehouse):
    """"Hòa Ninh" without a code is the one rural commune of Hòa Vang so named: it is read as
    20299, the district's commune figures are computed, and the reading is flagged."""
    assert _sql(warehouse, "SELECT commune_code FROM marts.fct_commune_status "
                "WHERE year = 2024 AND commune_name = 'Hòa Ninh'") == [("20299",)]
    assert _sql(warehouse, "SELECT value FROM marts.fct_indicator WHERE year = 2024 AND "
                "unit_code = '497' AND indicator_code = 'SO_XA' AND value_kind = 'computed'"
                ) == [(4.0,)]
    assert _sql(warehouse, "SELECT source_file, sheet, row_number, severity FROM quality.flags "
                "WHERE check_code = 'COMMUNE_BY_NAME'") == [
        ("2024/497.ods", "B01_TieuChiXa", 9, "info")]


@pytest.mark.build
def test_a_ward_listed_among_the_communes_is_flagged_and_counted_nowhere(warehouse):
    """Phường Hòa Hiệp Bắc (20194) is a ward: not in the programme. Its row is kept in raw,
    named by NOT_IN_PROGRAMME, and is neither a commune of the marts nor in SO_XA (4, the
    four communes, asserted above)."""
    assert _sql(warehouse, "SELECT count(*) FROM raw.b01_communes WHERE commune_code = '20194'"
                ) == [(1,)]
    assert _sql(warehouse, "SELECT count(*) FROM marts.fct_commune_status "
                "WHERE commune_code = '20194'") == [(0,)]
    assert _sql(warehouse, "SELECT source_file, sheet, row_number, severity FROM quality.flags "
                "WHERE check_code = 'NOT_IN_PROGRAMME'") == [
        ("2024/497.ods", "B01_TieuChiXa", 11, "warning")]
