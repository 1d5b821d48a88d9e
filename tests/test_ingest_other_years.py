"""Figures of another year, a plan or another unit where the reporting year's go: each was
stored as the year's figure without a flag. A person reads them as what they are; the intake
keeps them out with a flag at their column or cell, and reads the year's own as before."""

from __future__ import annotations

import pytest

from pipelines.ingest.reader import read_submission
from tests.office import (
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    in_unit,
    simple_sheet,
)
from tests.test_ingest_funding_across import _across
from tests.test_ingest_more_offices_money import _csv_folder
from tests.test_ingest_office import _b04, _b06, _flags, _province, _read, _status

# --------------------------------------------------------------------------- B01 count


def _b01_count_headed(header: str) -> OfficeSheet:
    b01 = b01_two_row_header()
    i, j = b01.find("Tổng số tiêu chí đạt")
    b01.rows[i][j] = header
    return b01


@pytest.mark.parametrize("header", [
    "Tổng số tiêu chí đạt năm 2022", "Số TC đạt (2022)", "Số tiêu chí đạt đến 31/12/2022",
    "Số tiêu chí đạt năm trước", "Số tiêu chí đạt 6 tháng đầu năm"])
def test_b01_a_count_of_criteria_of_another_year_or_part_of_it_is_not_read(tmp_path, header):
    """`Tổng số tiêu chí đạt năm 2022` in a 2023 report was read as each commune's count of
    2023 without a flag. Its column is not read (UNKNOWN_COLUMN naming it); the criteria
    are read as before."""
    result = _read(tmp_path, district_sheets(B01=_b01_count_headed(header)))
    assert _status(result, "B01")["status"] == "read"
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [None] * 3
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if header in f["column_name"]]
    assert "not the reporting year's (2023)" in flag["message"]
    met = {}
    for m in result.tables["b01_marks"]:
        met[m["commune_code"]] = met.get(m["commune_code"], 0) + (m["mark"] == "met")
    assert met == {"06532": 19, "06541": 15, "06544": 12}


@pytest.mark.parametrize("header", [
    "Tổng số tiêu chí đạt năm 2023", "Số tiêu chí đạt đến 31/12/2023", "Số TC đạt (2023)",
    "Số tiêu chí đạt theo Bộ tiêu chí 2021-2025", "Số tiêu chí đạt lũy kế",
    "Số tiêu chí đạt (theo QĐ 318/QĐ-TTg ngày 08/3/2022)"])
def test_b01_a_count_of_criteria_of_the_reporting_year_or_its_set_is_read_as_before(
        tmp_path, header):
    result = _read(tmp_path, district_sheets(B01=_b01_count_headed(header)))
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [19, 15, 12]
    assert not [f for f in result.flags if f["sheet"] == "B01_TieuChiXa"]


# --------------------------------------------------------------------------- B01 statuses


@pytest.mark.parametrize(("level", "header", "field"), [
    ("NTM", "NTM năm 2022", "ntm_year"),
    ("NTM", "Đạt chuẩn NTM (2024)", "ntm_year"),
    ("NTM nâng cao", "NTM nâng cao năm 2024", "advanced_year"),
    ("NTM nâng cao", "Đạt NTM nâng cao đến 31/12/2022", "advanced_year"),
    ("NTM kiểu mẫu", "NTM kiểu mẫu năm trước", "model_year")])
def test_b01_a_status_column_headed_by_another_year_is_not_read(tmp_path, level, header,
                                                                field):
    """`NTM nâng cao năm 2024` under `Năm đạt chuẩn` in a 2023 report (the communes planned
    for it) was read as the year each commune reached the level, and `NTM năm 2022` (the
    status a year before: blank for the communes reached in 2023) as the NTM status. Now
    the column is not read (UNKNOWN_COLUMN) and the status at that level is unknown on
    every row (``status_years_unreadable``), as when the column is absent."""
    b01 = b01_two_row_header()
    i, j = b01.find(level)
    b01.rows[i][j] = header
    result = _read(tmp_path, district_sheets(B01=b01))
    communes = result.tables["b01_communes"]
    assert all(c[field] is None and field in c["status_years_unreadable"] for c in communes)
    kept = {"ntm_year": 2019, "advanced_year": 2022} | {field: None}
    assert (communes[0]["ntm_year"], communes[0]["advanced_year"]) == (
        kept["ntm_year"], kept["advanced_year"])
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if header in f["column_name"]]
    assert "not the reporting year's (2023)" in flag["message"]


def test_b01_a_status_given_year_by_year_is_not_read_from_the_reporting_years_column(
        tmp_path):
    """Pinned: `Năm đạt chuẩn NTM` over `2019 | 2022 | 2023`, ticked in the year each
    commune reached NTM. The 2023 column alone would leave the commune NTM since 2019 as
    not reached: no column of the NTM status is read, the status is unknown."""
    b01 = b01_two_row_header()
    i, j = b01.find("Năm đạt chuẩn")
    b01.rows[i][j] = "Năm đạt chuẩn NTM"
    b01.rows[i + 1][j:j + 3] = ["2019", "2022", "2023"]
    b01.merges = [m for m in b01.merges if m[:2] != (i, j)] + [(i, j, i, j + 2)]
    for row in b01.rows[i + 3:i + 6]:
        row[j:j + 3] = ["x" if row[1] == "06532" else None, None,
                        "x" if row[1] == "06541" else None]
    result = _read(tmp_path, district_sheets(B01=b01))
    communes = result.tables["b01_communes"]
    assert [(c["ntm_year"], c["status_years_marked"]) for c in communes] == [(None, None)] * 3
    assert all("ntm_year" in c["status_years_unreadable"] for c in communes)
    assert [f["column_name"] for f in _flags(result, "UNKNOWN_COLUMN")] == [
        "Y (Năm đạt chuẩn NTM | 2019)", "Z (Năm đạt chuẩn NTM | 2022)",
        "AA (Năm đạt chuẩn NTM | 2023)"]


@pytest.mark.parametrize("header", [
    "NTM năm 2023", "Năm đạt chuẩn NTM (giai đoạn 2021-2025)",
    "Năm đạt chuẩn NTM (tính đến 31/12/2023)", "NTM (theo QĐ 318/QĐ-TTg ngày 08/3/2022)"])
def test_b01_status_columns_of_the_reporting_year_or_a_period_are_read_as_before(tmp_path,
                                                                                 header):
    b01 = b01_two_row_header()
    i, j = b01.find("NTM")
    b01.rows[i][j] = header
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [(c["ntm_year"], c["advanced_year"], c["status_years_unreadable"])
            for c in result.tables["b01_communes"]] == [
        (2019, 2022, None), (None, None, None), (None, None, None)]
    assert not _flags(result, "UNKNOWN_COLUMN")


def _b01_criteria_under(heading: str) -> OfficeSheet:
    b01 = b01_two_row_header()
    i, j = b01.find("Tiêu chí đạt chuẩn")
    b01.rows[i][j] = heading
    return b01


@pytest.mark.parametrize("heading", [
    "Tiêu chí đạt chuẩn (2022)", "Kết quả 2022", "Tiêu chí đạt chuẩn (ước 2024)",
    "Tiêu chí đạt chuẩn năm 2022 (theo Hướng dẫn số 12/HD-SNN)"])
def test_b01_criteria_under_a_heading_of_another_year_standing_alone_are_not_read(tmp_path,
                                                                                  heading):
    """`Tiêu chí đạt chuẩn (2022)` over `1` … `19` in a 2023 report: last year's marks,
    read as the year's without a flag (only `năm 2022` was seen as a year). Each column is
    not read, and B01 without the year's criteria is unusable."""
    result = _read(tmp_path, district_sheets(B01=_b01_criteria_under(heading)))
    assert _status(result, "B01")["status"] == "unusable"
    assert not result.tables.get("b01_marks")
    assert len([f for f in _flags(result, "UNKNOWN_COLUMN")
                if heading in f["column_name"]]) == 19


@pytest.mark.parametrize("heading", [
    "Tiêu chí đạt chuẩn (2023)", "Tiêu chí đạt chuẩn (Bộ tiêu chí 2021-2025)",
    "Tiêu chí đạt chuẩn theo Thông tư 05/2017/TT-BNNPTNT",
    "Tiêu chí đạt chuẩn (theo Quyết định 318/QĐ-TTg năm 2022)"])
def test_b01_criteria_under_a_heading_of_the_year_its_set_or_a_text_are_read_as_before(
        tmp_path, heading):
    result = _read(tmp_path, district_sheets(B01=_b01_criteria_under(heading)))
    assert _status(result, "B01")["status"] == "read"
    assert len(result.tables["b01_marks"]) == 57
    assert not _flags(result, "UNKNOWN_COLUMN")


# --------------------------------------------------------------------------- B05


def _b05(header: list[str], marks: int = 1) -> OfficeSheet:
    return simple_sheet("B05_TieuChiHuyen", ["Mã tiêu chí", "Tên tiêu chí", *header],
                        [[f"H{i}", f"Tiêu chí huyện {i}", *(["Đạt" if i < 5 else "Chưa đạt"]
                                                            * marks)]
                         for i in range(1, 10)])


@pytest.mark.parametrize("header", [
    "Đạt năm 2022", "Kết quả năm 2022", "Đạt (2022)", "Kết quả đánh giá năm 2022",
    "Đạt (dự kiến 2024)"])
def test_b05_district_criteria_met_in_another_year_or_planned_are_not_read(tmp_path, header):
    """`Đạt năm 2022` in a 2023 report was read as the criteria the district meets in 2023,
    without a flag. The column is not read (UNKNOWN_COLUMN), and B05 without the year's
    column is unusable, as a B01 of another year's criteria is."""
    result = _read(tmp_path, district_sheets(B05=_b05([header])))
    assert _status(result, "B05")["status"] == "unusable"
    assert not result.tables.get("b05_district_criteria")
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if header in f["column_name"]]
    assert "not the reporting year's (2023)" in flag["message"]


def test_b05_the_years_criteria_beside_last_years_are_read(tmp_path):
    """`Kết quả năm 2022 | Kết quả năm 2023`: two columns of the result, and the sheet was
    refused; the year's is read, last year's is not."""
    b05 = _b05(["Kết quả năm 2022", "Kết quả năm 2023"], marks=2)
    for row in b05.rows[3:]:
        row[2] = "Chưa đạt"
    result = _read(tmp_path, district_sheets(B05=b05))
    rows = result.tables["b05_district_criteria"]
    assert [r["mark"] for r in rows] == ["met"] * 4 + ["not_met"] * 5
    assert {r["value_text"] for r in rows[:4]} == {"Đạt"}


@pytest.mark.parametrize("header", ["Đạt", "Kết quả năm 2023", "Kết quả thẩm định"])
def test_b05_criteria_met_of_the_reporting_year_are_read_as_before(tmp_path, header):
    result = _read(tmp_path, district_sheets(B05=_b05([header])))
    assert [r["mark"] for r in result.tables["b05_district_criteria"]] == (
        ["met"] * 4 + ["not_met"] * 5)


# --------------------------------------------------------------------------- plans


@pytest.mark.parametrize("header", [
    "Giá trị (dự toán)", "Giá trị đăng ký", "Giá trị dự kiến (triệu đồng)",
    "Số tiền theo lộ trình"])
def test_b02_money_headed_as_a_plan_is_not_the_years(tmp_path, header):
    """`Giá trị (dự toán)` (the budget estimate) or `Giá trị đăng ký` (pledged) was read as
    the money mobilised in the year, with at most a UNIT_ASSUMED warning. Now the column is
    not read and B02 without the year's money is unusable."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header])
    result = _read(tmp_path, district_sheets(B02=b02))
    assert _status(result, "B02")["status"] == "unusable"
    assert not result.tables.get("b02_funding")
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if header in f["column_name"]]
    assert "is a plan" in flag["message"]


_B06_BODY = [["SO_XA", "Số xã", "xã", 200], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", "xã", 120],
             ["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", 15000]]


@pytest.mark.parametrize("header", ["Giá trị (kế hoạch)", "Giá trị dự kiến",
                                    "Số liệu (mục tiêu)", "Giá trị (dự toán)"])
def test_b06_figures_headed_as_a_plan_are_not_the_years(tmp_path, header):
    """`Giá trị (kế hoạch)` in B06 (the plan's figures) was read as the figures reached,
    without a flag."""
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", header],
                                            _B06_BODY)), name="2023/p.xlsx")
    assert _status(result, "B06")["status"] == "unusable"
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if header in f["column_name"]]
    assert "is a plan" in flag["message"]


@pytest.mark.parametrize("header", ["Giá trị thực hiện kế hoạch năm 2023",
                                    "Giá trị thực hiện theo kế hoạch (triệu đồng)"])
def test_values_done_of_a_plan_are_read_as_before(tmp_path, header):
    result = _read(tmp_path, district_sheets(B02=b02_sheet(["Mã nguồn", "Nguồn vốn", header])))
    assert [r["amount_million_vnd"] for r in result.tables["b02_funding"]] == [
        1200.5, 800.0, 350.0, 200.0, 100.0, 50.0]
    got = _read(tmp_path / "b06", _province(_b06(
        ["Mã chỉ số", "Chỉ số", "Đơn vị tính", header], _B06_BODY)), name="2023/p.xlsx")
    assert [r["value"] for r in got.tables["b06_aggregates"]] == [200.0, 120.0, 15000.0]


# --------------------------------------------------------------------------- B04/B06 rows


def test_b04_and_b06_rows_named_as_of_another_year_or_a_plan_are_not_read(tmp_path):
    """`Tỷ lệ hộ nghèo (năm 2022)` without a code, or `THU_NHAP_BQ | Thu nhập bình quân đầu
    người (dự kiến)`, in a 2023 report: read as the indicator's figures of 2023 (the name's
    bracket set aside, with a warning at most). Each such row is not read, an error at its
    name; the rows beside it are read."""
    body = [[None, "Tỷ lệ hộ nghèo (năm 2022)", "%", 5, "4,8", 4],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người (dự kiến)", "triệu đồng/người/năm",
             50, 52, 55],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới năm trước", "xã", 2, 3, 2],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", 90, 91, 92]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    rows = {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}
    assert rows == {"TY_LE_HO_NGHEO": (None, None, None), "THU_NHAP_BQ": (None, None, None),
                    "XA_DAT_CHUAN_MOI": (None, None, None),
                    "TY_LE_BHYT": (90.0, 91.0, 92.0)}
    errors = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["severity"] == "error"]
    assert [(f["row_number"], f["column_name"]) for f in errors] == [
        (3, "B (Chỉ tiêu)"), (4, "B (Chỉ tiêu)"), (5, "B (Chỉ tiêu)")]
    body = [["SO_XA", "Số xã", "xã", 200],
            [None, "Số xã đạt chuẩn NTM (đến 31/12/2022)", "xã", 120],
            ["TONG_VON", "Tổng nguồn lực huy động (kế hoạch)", "triệu đồng", 15000]]
    result = _read(tmp_path / "b06", _province(_b06(
        ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], body)), name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": None, "TONG_VON": None}


@pytest.mark.parametrize("name", [
    "Số xã đạt chuẩn NTM (lũy kế từ 2011)", "Số xã đạt chuẩn NTM (lũy kế đến 31/12/2023)",
    "Số xã đạt chuẩn NTM (lũy kế)"])
def test_b06_rows_named_with_the_years_end_or_their_start_are_read_as_before(tmp_path, name):
    body = [["SO_XA", "Số xã", "xã", 200], [None, name, "xã", 120]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"],
                                            body)), name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"SO_XA": 200.0, "SO_XA_DAT_CHUAN": 120.0}
    assert not [f for f in result.flags
                if f["severity"] == "error" and f["sheet"] == "B06_TongHop"]


@pytest.mark.parametrize("name", [
    "Thu nhập bình quân đầu người (tăng 10% so với năm 2022)",
    "Thu nhập bình quân đầu người năm 2023",
    "Tỷ lệ hộ nghèo đa chiều (theo Nghị định 07/2021/NĐ-CP)",
    "Tỷ lệ hộ nghèo giai đoạn 2022-2025"])
def test_b04_rows_named_with_a_note_of_the_year_its_period_or_a_text_are_read_as_before(
        tmp_path, name):
    code = "THU_NHAP_BQ" if "Thu nhập" in name else "TY_LE_HO_NGHEO"
    unit = "triệu đồng/người/năm" if code == "THU_NHAP_BQ" else "%"
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER,
                                                      [[code, name, unit, 5, 4, 3]])))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (5.0, 4.0, 3.0)
    assert not [f for f in result.flags if f["severity"] == "error"]


# --------------------------------------------------------------------------- B04 income


_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
               "Kế hoạch năm sau"]


@pytest.mark.parametrize(("unit", "figures"), [
    ("triệu đồng/người/năm", ["50.000.000", "52.300.000", "55.000.000"]),
    ("triệu đồng/người/năm", [50_000_000, 52_300_000, 55_000_000]),
    ("Triệu đồng/người/năm", ["50.000", "52.300", "55.000"]),
    ("nghìn đồng/người/tháng", [4_000_000, 4_360_000, 4_600_000]),
    (None, [50_000_000, 52_300_000, 55_000_000])])
def test_b04_income_per_head_typed_in_another_unit_is_not_read(tmp_path, unit, figures):
    """`52.300.000` (đồng) under `triệu đồng/người/năm` was stored as 52,300,000 million VND
    a head, without a flag (the outlier check downstream needs four years of the unit's
    history). An income above 1,000 million VND a head a year is no unit's: UNIT_CONFLICT
    at each cell, not read; the row beside it is read."""
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", unit, *figures],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, "4,8", 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    rows = {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}
    assert rows == {"THU_NHAP_BQ": (None, None, None), "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0)}
    flags = _flags(result, "UNIT_CONFLICT")
    assert [(f["column_name"], f["indicator_code"], f["severity"]) for f in flags] == [
        ("D (Kế hoạch)", "THU_NHAP_BQ", "error"), ("E (Thực hiện)", "THU_NHAP_BQ", "error"),
        ("F (Kế hoạch năm sau)", "THU_NHAP_BQ", "error")]


@pytest.mark.parametrize(("unit", "figures", "read"), [
    ("triệu đồng/người/năm", [50, "52,3", 55.5], (50.0, 52.3, 55.5)),
    ("nghìn đồng/người/tháng", ["4.000", "4.500", 5000], (48.0, 54.0, 60.0)),
    ("đồng/người/năm", ["50.000.000", 52_300_000, 55_000_000], (50.0, 52.3, 55.0)),
    ("Triệu đồng", [480, 520, 560], (480.0, 520.0, 560.0))])
def test_b04_income_per_head_in_its_unit_or_converted_is_read_as_before(tmp_path, unit,
                                                                         figures, read):
    body = [["THU_NHAP_BQ", "Thu nhập bình quân đầu người", unit, *figures]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == pytest.approx(read)
    assert not _flags(result, "UNIT_CONFLICT")


# --------------------------------------------------------------------------- CSV


def _b02_csv(amounts: list[str]) -> OfficeSheet:
    names = [("1", "Ngân sách trung ương"), ("2", "Ngân sách địa phương"),
             ("5", "Doanh nghiệp, hợp tác xã"), ("6.1", "Tiền mặt")]
    return OfficeSheet("B02_NguonVon", [
        ["UBND HUYỆN LỘC BÌNH"], ["BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"], [],
        ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
        *[[code, name, amount] for (code, name), amount in zip(names, amounts, strict=True)]])


def _csv_amounts(tmp_path, amounts: list[str], delimiter: str = ","):
    folder = _csv_folder(tmp_path, district_sheets(B02=_b02_csv(amounts)), delimiter)
    got = read_submission(folder, "2023/csv_office", "sha-csv")
    return got, [(r["amount_million_vnd"], r["value_unreadable"])
                 for r in got.tables["b02_funding"]]


@pytest.mark.parametrize("typed", ["1,200", "1.200"])
def test_a_comma_csv_figure_read_two_ways_with_nothing_showing_its_style_is_not_read(
        tmp_path, typed):
    """A comma-separated CSV (as Excel saves it where a dot marks decimals) with `"1,200"`
    and no other figure showing how decimals are marked: read as 1.2 without a flag, where
    its writer may have meant 1200. In an .xlsx, such a text is read in the template's
    Vietnamese style; a file separated by commas says its writer's style may be English:
    UNPARSEABLE_VALUE at the cell, `value_unreadable`; the other amounts are read."""
    got, amounts = _csv_amounts(tmp_path, [typed, "800", "150", "200"])
    assert amounts == [(None, True), (800.0, False), (150.0, False), (200.0, False)]
    (flag,) = [f for f in _flags(got, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]
    assert (flag["row_number"], flag["raw_value"], flag["severity"]) == (5, typed, "error")
    assert "separates its cells with commas" in flag["message"]


@pytest.mark.parametrize(("amounts", "delimiter", "first"), [
    (["1,200", "800", "150,25", "200"], ",", 1.2),  # a decimal comma shows the style
    (["1,200", "800,000", "1,234,567", "200"], ",", 1200.0),  # commas grouping thousands
    (["1,200", "800", "150", "200"], ";", 1.2),  # a semicolon CSV: Vietnamese
    (["1200.5", "800", "150.25", "200"], ",", 1200.5)])  # nothing read two ways
def test_a_csv_whose_figures_show_their_style_reads_two_way_figures_in_it(
        tmp_path, amounts, delimiter, first):
    got, read = _csv_amounts(tmp_path, amounts, delimiter)
    assert read[0] == (pytest.approx(first), False)
    assert not [f for f in _flags(got, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]


# --------------------------------------------------------------------------- money in đồng


@pytest.mark.parametrize(("header", "above", "factor"), [
    ("Giá trị (triệu đồng)", None, 1e-6),
    ("Giá trị (tỷ đồng)", None, 1e-3),
    ("Giá trị", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], ["Đơn vị tính: triệu đồng"]], 1e-6)])
def test_b02_amounts_typed_in_a_smaller_unit_than_the_one_named_are_not_read(
        tmp_path, header, above, factor):
    """`Giá trị (triệu đồng)` over `1200500000` (1.2 billion đồng typed in đồng): stored as
    1,200,500,000 million VND, a quadrillion đồng, without a flag (the check of such amounts
    looked only at sheets naming no unit). No unit mobilizes more than 100,000 billion VND in
    a year: none of the sheet's amounts in the named unit is read (`value_unreadable`), one
    UNIT_CONFLICT error at the largest."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header], rows_above=above, values=in_unit(factor))
    result = _read(tmp_path, district_sheets(B02=b02))
    assert [(r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]] == [(None, True)] * 6
    (flag,) = _flags(result, "UNIT_CONFLICT")
    assert (flag["severity"], flag["column_name"]) == ("error", f"C ({header})")


@pytest.mark.parametrize(("header", "values", "read"), [
    ("Giá trị (triệu đồng)", {"1": 13_000_000.0, "2": 800.0}, 13_000_000.0),
    ("Giá trị (tỷ đồng)", {"1": 25_000.0, "2": 0.8}, 25_000_000.0),
    ("Giá trị (đồng)", {"1": 1_200_500_000_000.0, "2": 800_000_000.0}, 1_200_500.0)])
def test_b02_a_provinces_large_amounts_in_their_unit_are_read_as_before(tmp_path, header,
                                                                        values, read):
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", header], values=values)
    result = _read(tmp_path, district_sheets(B02=b02))
    assert result.tables["b02_funding"][0]["amount_million_vnd"] == pytest.approx(read)
    assert not _flags(result, "UNIT_CONFLICT")


@pytest.mark.parametrize(("unit", "header"), [("triệu đồng", "Giá trị"),
                                              (None, "Giá trị (triệu đồng)"),
                                              ("Tỷ đồng", "Giá trị")])
def test_b06_money_typed_in_a_smaller_unit_than_the_one_named_is_not_read(tmp_path, unit,
                                                                         header):
    """`TONG_VON | triệu đồng | 1.520.500.000.000` (đồng): stored as 1.5 × 10^12 million VND
    without a flag. The sheet's money rows in that unit are not read (UNIT_CONFLICT each);
    the counts are."""
    body = [["SO_XA", "Số xã", "xã", 200],
            ["TONG_VON", "Tổng nguồn lực huy động", unit, "1.520.500.000.000"],
            ["VON_CONG_DONG", "Vốn cộng đồng dân cư", unit, "150.000.000.000"]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", header],
                                            body)), name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"SO_XA": 200.0, "TONG_VON": None, "VON_CONG_DONG": None}
    assert sorted(f["indicator_code"] for f in _flags(result, "UNIT_CONFLICT")) == [
        "TONG_VON", "VON_CONG_DONG"]


def test_b06_a_provinces_money_in_millions_is_read_as_before(tmp_path):
    body = [["TONG_VON", "Tổng nguồn lực huy động", "triệu đồng", "13.205.000"],
            ["VON_CONG_DONG", "Vốn cộng đồng dân cư", "tỷ đồng", "1.520,5"]]
    result = _read(tmp_path, _province(_b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"],
                                            body)), name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"TONG_VON": 13_205_000.0, "VON_CONG_DONG": pytest.approx(1_520_500.0)}
    assert not _flags(result, "UNIT_CONFLICT")


# --------------------------------------------------------------------------- B02 across


def _across_rows(*labelled: tuple[str, list]) -> list[list]:
    """B02 laid out across: each row its label and its sources' amounts, then the total."""
    rows = [[k, label, sum(v for v in amounts if v), *amounts]
            for k, (label, amounts) in enumerate(labelled, 1)]
    total = [None, "Tổng cộng", *[sum(r[c] or 0 for r in rows) or None
                                  for c in range(2, len(rows[0]))]]
    return [*rows, total]


def test_b02_across_with_a_row_per_year_reads_no_source_from_their_total(tmp_path):
    """Sources as columns and a row per year (`Năm 2021 | Năm 2022 | Năm 2023`) over the
    total: the three years' money was read from the total row as the 2023 money, without a
    flag. No source is read (`value_unreadable`), an error at each amount naming the years."""
    body = _across_rows(("Năm 2021", [600, 400, None, None, None, 100, None]),
                        ("Năm 2022", [700, 400, None, None, None, 100, None]),
                        ("Năm 2023", [1000, 500, None, None, None, 150, None]))
    result = _read(tmp_path, district_sheets(B02=_across(*body)))
    funding = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
               for r in result.tables["b02_funding"]}
    assert funding["1"] == funding["2"] == funding["6"] == (None, True)
    errors = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B02_NguonVon"]
    assert [(f["row_number"], f["column_name"]) for f in errors] == [
        (7, "D (Ngân sách trung ương)"), (7, "E (Ngân sách địa phương)"),
        (7, "I (Cộng đồng dân cư)")]
    assert "other than the reporting year 2023" in errors[0]["message"]


def test_b02_across_with_rows_of_works_or_of_the_year_alone_is_read_as_before(tmp_path):
    for k, labels in enumerate((["Năm 2023"], ["Giao thông", "Trường học 2022"])):
        body = _across_rows(*[(label, [1000, 500, None, None, None, 150, None])
                              for label in labels])
        result = _read(tmp_path / str(k), district_sheets(B02=_across(*body)))
        funding = {r["source_code"]: r["amount_million_vnd"]
                   for r in result.tables["b02_funding"]}
        n = len(labels)
        assert (funding["1"], funding["2"], funding["6"]) == (1000.0 * n, 500.0 * n, 150.0 * n)
        assert not [f for f in result.flags
                    if f["severity"] == "error" and f["sheet"] == "B02_NguonVon"]
