"""Each item of the template's "Real-world mess" list, read from a small workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata

import pytest

from pipelines.ingest.legacy import encode_legacy
from samples.workbooks import Commune, FundingRow, Sheet, render
from tests.conftest import COMMUNES, district_submission, sheet


def _flags(result, code):
    return [f for f in result.flags if f["check_code"] == code]


def test_clean_submission_reads_every_sheet_with_excel_row_numbers(write, read):
    result = read(write("2021/loc_binh.xlsx", district_submission()))
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.unit_code, ident.province_code, ident.year) == (
        "district", "188", "20", 2021)
    assert ident.signed_on == dt.date(2022, 1, 15)
    assert ident.criteria_set == "2021-2025"
    communes = result.tables["b01_communes"]
    assert [c["commune_code"] for c in communes] == [c for c, _ in COMMUNES]
    # Row numbers are Excel's: the header sits under the title rows of the rendered sheet.
    rendered = sheet(render(district_submission()), "B01")
    header_index = next(i for i, r in enumerate(rendered.rows) if "Mã xã" in r)
    assert communes[0]["row_number"] == rendered.start_row + header_index + 2
    marks = result.tables["b01_marks"]
    assert len(marks) == 3 * 19
    assert {m["criterion_no"] for m in marks} == set(range(1, 20))
    assert [f for f in result.flags if f["severity"] == "error"] == []


def test_title_rows_blank_rows_and_columns_are_skipped(write, read):
    sheets = render(district_submission())
    b01 = sheet(sheets, "B01")
    b01.start_row, b01.start_col = 4, 2  # four blank rows, two blank columns
    b01.rows.insert(3, [None] * len(b01.rows[0]))  # a blank row inside the title block
    result = read(write("2021/offset.xlsx", sheets))
    communes = result.tables["b01_communes"]
    assert [c["commune_code"] for c in communes] == [c for c, _ in COMMUNES]
    marks = [m for m in result.tables["b01_marks"] if m["row_number"] == communes[0]["row_number"]]
    assert marks[0]["column_name"].startswith("F ")  # TC1 moved two columns right, to F


def test_merged_parent_header_with_numbered_sub_columns(write, read):
    n = 19
    header = ["STT", "Mã xã", "Tên xã", "Các tiêu chí đạt chuẩn"] + [None] * (n - 1) + [
        "Số tiêu chí đạt", "Năm đạt chuẩn", None, None, "Ghi chú"]
    sub = [None, None, None, *range(1, n + 1), None, "NTM", "NTM nâng cao", "NTM kiểu mẫu", None]
    body = [1, "06532", "Xã Mẫu Sơn", *(["x"] * n), 19, 2019, 2022, None, None]
    sheets = render(district_submission())
    b01 = sheet(sheets, "B01")
    b01.rows = [["BIỂU 01"], header, sub, body]
    b01.merges = [(1, 3, 1, 3 + n - 1), (1, 4 + n, 1, 6 + n)]
    result = read(write("2021/merged.xlsx", sheets))
    (commune,) = result.tables["b01_communes"]
    assert commune["row_number"] == 4
    assert (commune["ntm_year"], commune["advanced_year"], commune["model_year"]) == (
        2019, 2022, None)
    assert sorted(m["criterion_no"] for m in result.tables["b01_marks"]) == list(range(1, 20))
    assert all(m["mark"] == "met" for m in result.tables["b01_marks"])


def test_notes_and_signature_block_are_kept_but_not_data(write, read):
    result = read(write("2021/notes.xlsx", district_submission()))
    assert len(result.tables["b01_communes"]) == 3
    notes = [c for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"]
    texts = " ".join(n["value"] for n in notes)
    assert "Người lập biểu" in texts
    assert "Ghi chú" in texts


@pytest.mark.parametrize("label", ["Tổng cộng", "Cộng", "Tổng số", "TỔNG CỘNG:"])
def test_total_rows_are_reported_totals_not_data(write, read, label):
    sheets = render(district_submission())
    b01 = sheet(sheets, "B01")
    for row in b01.rows:
        if row and row[0] == "Tổng cộng":
            row[0] = label
    result = read(write("2021/totals.xlsx", sheets))
    assert len(result.tables["b01_communes"]) == 3
    totals = {t["sheet"] for t in result.tables["sheet_totals"]}
    assert {"B01_TieuChiXa", "B02_NguonVon", "B03_OCOP"} <= totals
    count_total = next(t for t in result.tables["sheet_totals"]
                       if t["sheet"] == "B01_TieuChiXa" and t["field"] == "reported_count")
    assert count_total["value"] == 19 + 15 + 12
    # B02's "Cộng đồng dân cư" (source 6) is data, not a total row.
    assert "6" in {f["source_code"] for f in result.tables["b02_funding"]}


def _rewrite_b01_header(sheets: list[Sheet], rewrite) -> None:
    """Apply ``rewrite`` to every text cell of B01's header row (the row with "Mã xã")."""
    row = next(r for r in sheet(sheets, "B01").rows if "Mã xã" in r)
    row[:] = [rewrite(c) if isinstance(c, str) else c for c in row]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_headers_in_any_normalization_case_and_spacing(write, read, form):
    def messy(cell: str) -> str:
        return " " + unicodedata.normalize(form, cell).upper().replace(" ", "  \n") + " "

    sheets = render(district_submission())
    _rewrite_b01_header(sheets, messy)
    result = read(write(f"2021/{form}.xlsx", sheets))
    communes = result.tables["b01_communes"]
    assert [c["commune_code"] for c in communes] == [c for c, _ in COMMUNES]
    assert communes[0]["ntm_year"] == 2019
    assert communes[0]["reported_count"] == 19


def test_nfd_names_are_stored_nfc(write, read):
    sub = district_submission()
    sub.communes[0].name = unicodedata.normalize("NFD", "Xã Mẫu Sơn")
    result = read(write("2021/nfd.xlsx", sub))
    assert result.tables["b01_communes"][0]["commune_name"] == unicodedata.normalize(
        "NFC", "Xã Mẫu Sơn")


def test_vietnamese_number_text(write, read):
    funding = [
        FundingRow("1", "Ngân sách trung ương", "2.445"),
        FundingRow("2", "Ngân sách địa phương", "12,97"),
        FundingRow("3", "Vốn lồng ghép", "1.234,5"),
        FundingRow("4", "Vốn tín dụng", 2.445),  # a numeric cell is taken as it is
    ]
    result = read(write("2021/numbers.xlsx", district_submission(funding=funding)))
    amounts = {f["source_code"]: f["amount_million_vnd"] for f in result.tables["b02_funding"]}
    assert amounts == {"1": 2445.0, "2": 12.97, "3": 1234.5, "4": 2.445}
    assert result.tables["b02_funding"][0]["value_text"] == "2.445"


def test_codes_that_lost_leading_zeros(write, read):
    sub = district_submission(province_code=20.0, district_code=188)
    sub.communes[0].code = 6532  # typed as a number
    sub.communes[1].code = "6541"
    sub.ocop[0].commune_code = 6532.0
    result = read(write("2021/codes.xlsx", sub))
    assert result.identity.province_code == "20"
    assert result.identity.unit_code == "188"
    codes = [c["commune_code"] for c in result.tables["b01_communes"]]
    assert codes == ["06532", "06541", "06544"]
    assert result.tables["b03_ocop"][0]["commune_code"] == "06532"


def test_province_code_below_ten_is_padded(write, read):
    sub = district_submission(province_code=4, district_code=43, province_name="Cao Bằng",
                              district_name=None)
    result = read(write("2021/cao_bang.xlsx", sub))
    assert (result.identity.province_code, result.identity.unit_code) == ("04", "043")


@pytest.mark.parametrize(
    ("header", "factor"),
    [("Giá trị (triệu đồng)", 1.0), ("Giá trị (tỷ đồng)", 1000.0), ("Giá trị (đồng)", 1e-6),
     ("GIÁ TRỊ\n(Tỷ  đồng)", 1000.0)],
)
def test_money_units_in_headers_become_million_vnd(write, read, header, factor):
    sub = district_submission(money_header=header)
    for row in sub.funding:  # typed in the header's unit
        row.value = round(row.value / factor, 6)
    result = read(write("2021/units.xlsx", sub))
    central = next(f for f in result.tables["b02_funding"] if f["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1200.5)
    assert not _flags(result, "UNIT_ASSUMED")


def test_money_header_without_unit_is_assumed_million_and_flagged(write, read):
    result = read(write("2021/nounit.xlsx", district_submission(money_header="Giá trị")))
    central = next(f for f in result.tables["b02_funding"] if f["source_code"] == "1")
    assert central["amount_million_vnd"] == 1200.5
    assert len(_flags(result, "UNIT_ASSUMED")) == 1


def test_criterion_cell_vocabulary(write, read):
    marks = ["x", "X", "✓", "Đạt", 1, True, None, 0, "-", "Chưa đạt", "Không đạt", False,
             "Cơ bản đạt", "đạt", "ĐẠT", "x", "x", "x", "x"]
    sub = district_submission()
    sub.communes = [Commune("06532", "Xã Mẫu Sơn", marks, 10)]
    result = read(write("2021/marks.xlsx", sub))
    got = [m["mark"] for m in sorted(result.tables["b01_marks"], key=lambda m: m["criterion_no"])]
    assert got[:6] == ["met"] * 6
    assert got[6:12] == ["not_met"] * 6
    assert got[12] == "basically_met"
    assert got[13:] == ["met"] * 6
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_unparseable_cell_is_flagged_with_file_sheet_row_column_and_row_is_kept(write, read):
    sub = district_submission()
    sub.communes[1].marks[4] = "đạt?"
    sub.communes[1].ntm_year = "sắp đạt"
    result = read(write("2021/bad_cell.xlsx", sub))
    flags = _flags(result, "UNPARSEABLE_VALUE")
    assert len(flags) == 2
    row = result.tables["b01_communes"][1]
    assert {f["row_number"] for f in flags} == {row["row_number"]}
    mark_flag = next(f for f in flags if f["raw_value"] == "đạt?")
    assert mark_flag["sheet"] == "B01_TieuChiXa"
    assert mark_flag["column_name"] == "H (TC5)"
    assert "đạt?" in mark_flag["message"]
    assert len(result.tables["b01_communes"]) == 3  # the rest of the file is kept
    bad = [m for m in result.tables["b01_marks"] if m["value_text"] == "đạt?"]
    assert bad[0]["mark"] == "unparseable"
    assert row["ntm_year"] is None and row["reported_count"] == 15


def test_the_reported_count_of_criteria_is_a_whole_number(write, read):
    sub = district_submission()
    sub.communes[0].reported_count = "17,0"
    sub.communes[1].reported_count = "17,5"
    result = read(write("2021/counts.xlsx", sub))
    rows = result.tables["b01_communes"]
    assert rows[0]["reported_count"] == 17 and isinstance(rows[0]["reported_count"], int)
    assert rows[1]["reported_count"] is None
    flag = next(f for f in _flags(result, "UNPARSEABLE_VALUE") if f["raw_value"] == "17,5")
    assert flag["row_number"] == rows[1]["row_number"] and "whole number" in flag["message"]


def test_ten_criteria_from_2026(write, read):
    result = read(write("2026/new_set.xlsx", district_submission(year=2026, level="Tỉnh")))
    assert result.identity.criteria_set == "2026-2030"
    assert {m["criterion_no"] for m in result.tables["b01_marks"]} == set(range(1, 11))
    assert result.tables["b01_communes"][0]["criteria_columns"] == 10


@pytest.mark.parametrize("header", ["TC{:02d}", "Tiêu chí {}", "{}"])
def test_criterion_column_header_variants(write, read, header):
    sheets = render(district_submission())
    _rewrite_b01_header(
        sheets, lambda c: header.format(int(c[2:])) if re.fullmatch(r"TC\d+", c) else c
    )
    result = read(write("2021/variants.xlsx", sheets))
    assert {m["criterion_no"] for m in result.tables["b01_marks"]} == set(range(1, 20))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_workbook_is_detected_and_converted(write, read, encoding):
    sheets = render(district_submission())
    for s in sheets:
        s.rows = [[encode_legacy(c, encoding) if isinstance(c, str) else c for c in row]
                  for row in s.rows]
    result = read(write(f"2021/{encoding}.xlsx", sheets))
    assert result.legacy_encoding == encoding
    assert result.reject_reason is None
    assert result.identity.district_name == "Huyện Lộc Bình"
    names = [c["commune_name"] for c in result.tables["b01_communes"]]
    assert names == [n for _, n in COMMUNES]
    assert len(_flags(result, "LEGACY_ENCODING")) == 1


@pytest.mark.parametrize("fmt", ["xls", "csv"])
def test_xls_and_csv_folder_submissions(write, read, fmt):
    name = "2021/old.xls" if fmt == "xls" else "2021/csv_folder"
    result = read(write(name, district_submission(), fmt))
    assert result.reject_reason is None
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c for c, _ in COMMUNES]
    funding = {f["source_code"]: f["amount_million_vnd"] for f in result.tables["b02_funding"]}
    assert funding["1"] == 1200.5
    assert result.identity.signed_on == dt.date(2022, 1, 15)


def test_thongtin_without_year_is_rejected_with_reason(write, read):
    sub = district_submission()
    sub.year = None
    result = read(write("2021/noyear.xlsx", sub))
    assert result.reject_reason == "ThongTin has no 'Năm báo cáo'"


def test_workbook_without_template_sheets_is_rejected(write, read):
    path = write("2021/other.xlsx", [Sheet("Sheet1", [["Báo cáo khác"]])])
    result = read(path)
    assert "no ThongTin sheet" in result.reject_reason


def test_corrupt_workbook_is_rejected_with_reason(tmp_path, read):
    path = tmp_path / "raw" / "2021" / "corrupt.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = read(path)
    assert result.reject_reason.startswith("not a readable Excel workbook")


def test_b01_row_without_commune_code_is_flagged_and_kept(write, read):
    sub = district_submission()
    sub.communes[2].code = None
    result = read(write("2021/nocode.xlsx", sub))
    assert len(result.tables["b01_communes"]) == 3
    (flag,) = _flags(result, "UNPARSEABLE_VALUE")
    assert "Xã Khánh Xuân" in flag["message"] and "Mã xã" in flag["message"]


def test_b02_source_codes_written_as_numbers_or_with_commas(write, read):
    funding = [FundingRow(6, "Cộng đồng dân cư", 30), FundingRow(6.1, "Tiền mặt", 10),
               FundingRow("6,2", "Hiến đất", 20), FundingRow("7.", "Khác", 1)]
    result = read(write("2021/codes_b02.xlsx", district_submission(funding=funding)))
    assert [f["source_code"] for f in result.tables["b02_funding"]] == ["6", "6.1", "6.2", "7"]


def test_b03_stars_groups_and_dates(write, read):
    sub = district_submission()
    sub.ocop[0].stars = "★★★★"
    sub.ocop[0].group = "Đồ uống"
    sub.ocop[0].recognized_on = "15/06/2021"
    result = read(write("2021/ocop.xlsx", sub))
    (product,) = result.tables["b03_ocop"]
    assert (product["stars"], product["product_group"], product["recognized_on"]) == (
        4, 2, dt.date(2021, 6, 15))


def test_raw_file_is_not_modified(write, read):
    import hashlib

    path = write("2021/untouched.xlsx", district_submission())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    read(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


def test_empty_template_rows_with_only_stt_are_not_communes(write, read):
    sheets = render(district_submission())
    b01 = sheet(sheets, "B01")
    last = max(i for i, r in enumerate(b01.rows) if len(r) > 1 and r[1] == COMMUNES[-1][0])
    for k in range(3):
        b01.insert_row(last + 1 + k, [4 + k])
    result = read(write("2021/prenumbered.xlsx", sheets))
    assert len(result.tables["b01_communes"]) == 3
    assert not _flags(result, "UNPARSEABLE_VALUE")
    kept = [c["value"] for c in result.tables["unmapped_cells"] if c["row_kind"] == "note"]
    assert {"4", "5", "6"} <= set(kept)


def test_xlsx_saved_with_an_xls_name_is_read(write, read, tmp_path):
    path = write("2021/real.xlsx", district_submission())
    misnamed = path.with_name("misnamed.xls")
    path.rename(misnamed)
    result = read(misnamed)
    assert result.reject_reason is None
    assert len(result.tables["b01_communes"]) == 3


def test_semicolon_csv_from_vietnamese_excel(write, read):
    folder = write("2021/csv_semicolon", district_submission(), "csv")
    for file in folder.iterdir():
        text = file.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        with file.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
    result = read(folder)
    assert result.reject_reason is None
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c for c, _ in COMMUNES]
    funding = {f["source_code"]: f["amount_million_vnd"] for f in result.tables["b02_funding"]}
    assert funding["1"] == 1200.5


def test_b02_row_without_a_code_is_matched_by_name_or_flagged(write, read):
    funding = [FundingRow(None, "Ngân sách trung ương", 100),
               FundingRow(None, "Vốn ODA", 40),
               FundingRow(None, "Trong đó:", None)]
    result = read(write("2021/nocode_b02.xlsx", district_submission(funding=funding)))
    rows = result.tables["b02_funding"]
    assert [r["source_code"] for r in rows] == ["1", None, None]
    (flag,) = _flags(result, "UNPARSEABLE_VALUE")
    assert "Vốn ODA" in flag["message"] and flag["raw_value"] == "40"


def test_excel_error_values_are_flagged_not_read_as_blank(tmp_path, read):
    import xlsxwriter

    path = tmp_path / "raw" / "2021" / "errors.xlsx"
    path.parent.mkdir(parents=True)
    book = xlsxwriter.Workbook(path)
    info = book.add_worksheet("ThongTin")
    for i, pair in enumerate([("Cấp báo cáo", "Tỉnh"), ("Mã tỉnh", "20"), ("Năm báo cáo", 2021),
                              ("Ngày lập", "15/01/2022")]):
        info.write_row(i, 0, pair)
    b06 = book.add_worksheet("B06_TongHop")
    b06.write_row(0, 0, ["BIỂU 06"])
    b06.write_row(2, 0, ["Mã chỉ số", "Chỉ số", "Giá trị"])
    b06.write_row(3, 0, ["SO_XA", "Số xã"])
    b06.write_formula(3, 2, "=1/0", None, "#DIV/0!")  # as Excel saves a broken formula
    b06.write_row(4, 0, ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 4])
    book.close()
    result = read(path)
    (flag,) = _flags(result, "UNPARSEABLE_VALUE")
    assert (flag["sheet"], flag["row_number"], flag["raw_value"]) == ("B06_TongHop", 4, "#DIV/0!")
    values = {r["indicator_code"]: (r["value"], r["value_text"])
              for r in result.tables["b06_aggregates"]}
    assert values == {"SO_XA": (None, "#DIV/0!"), "SO_XA_DAT_CHUAN": (4.0, "4")}
