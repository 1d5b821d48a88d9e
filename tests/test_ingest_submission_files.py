"""Whole files as offices send them: which sheet is read, ThongTin's revision, .ods files'
hidden rows and columns, and B02's parts bulleted in a column of their own."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.revisions import Candidate, assign_status
from pipelines.ingest.workbook import sheet_codes
from tests.office import (
    B02_VALUES,
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    thongtin,
)
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read, _status

# --------------------------------------------------------------------------- revisions


def _sent(revision: object, key: str = "Lần gửi", signed: dt.date = dt.date(2024, 1, 10)
          ) -> OfficeSheet:
    info = thongtin(2023, signed=signed)
    info.rows = [[key, revision] if r[:1] == ["Lần gửi"] else r for r in info.rows]
    return info


@pytest.mark.parametrize(("key", "value", "revision"), [
    ("Lần gửi", "Bổ sung lần 1", 2), ("Lần gửi", "Báo cáo bổ sung lần 2", 3),
    ("Lần gửi: bổ sung", None, 2), ("Lần gửi", "Bổ sung", 2),
    ("Lần gửi", "Báo cáo bổ sung", 2), ("Lần gửi", "Điều chỉnh lần 1", 2),
    ("Lần gửi", "Bản sửa đổi", 2), ("Lần bổ sung", 1, 2), ("Bổ sung lần", "1", 2),
    # the sending's own number, with a note that it is a supplement: that number
    ("Lần gửi", "Lần 2 (bổ sung lần 1)", 2), ("Lần gửi", "Gửi lần 2 (bổ sung)", 2),
    ("Lần gửi", "Lần thứ 2 - bổ sung", 2), ("Lần gửi (bổ sung)", 2, 2),
    ("Lần gửi", "Lần 1", 1), ("Lần bổ sung", 0, 1),
])
def test_a_supplementary_report_is_a_later_sending_than_the_first(tmp_path, key, value,
                                                                  revision):
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value, key)))
    assert result.reject_reason is None
    assert result.identity.revision == revision
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


def test_the_first_supplement_supersedes_the_original_without_a_conflict(tmp_path):
    """`Bổ sung lần 1` signed before the original's own date (a date copied from the
    original): it still replaces the original, and no CONFLICTING_SUBMISSION is raised."""
    original = _read(tmp_path, district_sheets(ThongTin=_sent(1, signed=dt.date(2024, 1, 10))),
                     "2023/bao_cao.xlsx")
    supplement = _read(tmp_path, district_sheets(
        ThongTin=_sent("Bổ sung lần 1", signed=dt.date(2024, 1, 5))), "2023/bo_sung.xlsx")
    candidates = [Candidate(r.source_file, r.sha256, 2023, year=r.identity.year,
                            level=r.identity.level, unit_code=r.identity.unit_code,
                            revision=r.identity.revision, signed_on=r.identity.signed_on)
                  for r in (original, supplement)]
    decided, flags = assign_status(candidates)
    assert {c.source_file: c.status for c in decided} == {
        "2023/bao_cao.xlsx": "superseded", "2023/bo_sung.xlsx": "current"}
    assert flags == []


# --------------------------------------------------------------------------- sheet choice


def test_a_filled_copy_beside_a_blank_form_is_read_with_its_errors_and_hidden_cells(tmp_path):
    """A blank `B02` (the form) beside the filled `B02 (2)`: the filled one is read, and as
    carefully as a sheet alone: its `#DIV/0!` is an unreadable amount, its hidden column and
    row are named. Before, the copy's error value read as a blank cell (source 1 without
    money, no flag) and its hidden cells went unseen."""
    blank = OfficeSheet("B02", [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]])
    filled = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"])
    filled.name = "B02 (2)"
    filled.formulas[(2, 2)] = ("=1/0", "#DIV/0!")
    filled.hidden_columns, filled.hidden_rows = {0}, {3}
    result = _read(tmp_path, [*district_sheets(B02=blank), filled])
    rows = {r["source_code"]: r for r in result.tables["b02_funding"]}
    assert {r["sheet"] for r in rows.values()} == {"B02 (2)"}
    assert (rows["1"]["amount_million_vnd"], rows["1"]["value_unreadable"],
            rows["1"]["value_text"]) == (None, True, "#DIV/0!")
    assert rows["2"]["amount_million_vnd"] == 800.0
    [error] = _flags(result, "UNPARSEABLE_VALUE")
    assert (error["sheet"], error["row_number"], error["column_name"][:1]) == ("B02 (2)", 3, "C")
    assert [(f["sheet"], f["column_name"]) for f in _flags(result, "HIDDEN_COLUMN")] == [
        ("B02 (2)", "A (Mã nguồn)")]
    assert [(f["sheet"], f["row_number"]) for f in _flags(result, "HIDDEN_ROW")] == [
        ("B02 (2)", 4)]
    assert [(f["sheet"], f["severity"]) for f in _flags(result, "SHEET_LAYOUT")] == [
        ("B02", "info")]


def test_a_filled_copy_beside_a_blank_form_keeps_its_percent_cells(tmp_path):
    """A percent-formatted share in the filled copy's B04 (`4,8%`, stored 0.048) is 4.8, as
    in a sheet alone; before, the copy's formats were not read and 0.048 was stored."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
              "Kế hoạch năm sau"]
    blank = OfficeSheet("B04", [["BIỂU 04"], header])
    filled = OfficeSheet("B04 (2)", [["BIỂU 04"], header,
                                     ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 0.05, 0.048, 0.04]],
                         formats={(2, 3): "0.0%", (2, 4): "0.0%", (2, 5): "0.0%"})
    result = _read(tmp_path, [*district_sheets(B04=blank), filled])
    [row] = result.tables["b04_targets"]
    assert (row["sheet"], row["target"], row["actual"], row["next_year_target"]) == (
        "B04 (2)", pytest.approx(5.0), pytest.approx(4.8), pytest.approx(4.0))


@pytest.mark.parametrize("names", [("B01", "B01 (2)"), ("B01", "B01 sửa"),
                                   ("B01_2023", "B01 (2)")])
def test_two_filled_copies_of_one_sheet_are_both_kept_out_naming_both(tmp_path, names):
    """Pinned: two filled sheets for B01 listing the same communes, which one is meant
    cannot be told: neither is read, each named by an error that names both; every cell is
    kept. (A copy named old, `B01_Xa_cu`, is set aside for the current one:
    `test_ingest_province_books.py`.)"""
    first, second = b01_two_row_header(), b01_two_row_header(marks="Đạt")
    first.name, second.name = names
    sheets = [s for s in district_sheets() if s.name != "B01_TieuChiXa"] + [first, second]
    result = _read(tmp_path, sheets)
    assert "b01_communes" not in result.tables
    errors = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert sorted(f["sheet"] for f in errors) == sorted(names)
    assert all(names[0] in f["message"] and names[1] in f["message"] for f in errors)
    kept = {c["sheet"] for c in result.tables["unmapped_cells"]
            if c["row_kind"] == "unreadable_sheet"}
    assert set(names) <= kept


@pytest.mark.parametrize("code", ["B01", "B02"])
def test_an_identical_copy_of_a_sheet_is_read_once(tmp_path, code):
    """`B01_TieuChiXa (2)`, the copy Excel makes of a sheet, left as it was: every cell the
    same, so which one holds the figures does not matter. The first is read; the copy is not
    (an info naming both, its cells kept, its sheet recorded as unusable). Before, both were
    refused as two sheets of one code."""
    sheets = district_sheets()
    original = next(s for s in sheets if s.name.startswith(code))
    copy = OfficeSheet(f"{original.name} (2)", [list(r) for r in original.rows],
                       list(original.merges), dict(original.formats))
    result = _read(tmp_path, [*sheets, copy])
    assert not [f for f in result.flags if f["severity"] != "info"]
    if code == "B01":
        assert _marks_met(result) == EXPECTED_MET
        assert {c["sheet"] for c in result.tables["b01_communes"]} == {original.name}
    else:
        assert {r["source_code"]: r["amount_million_vnd"]
                for r in result.tables["b02_funding"]} == B02_VALUES
        assert {r["sheet"] for r in result.tables["b02_funding"]} == {original.name}
    [said] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == copy.name]
    assert said["severity"] == "info" and f"'{original.name}'" in said["message"]
    kept = {c["sheet"] for c in result.tables["unmapped_cells"]
            if c["row_kind"] == "unreadable_sheet"}
    assert kept == {copy.name}
    [status] = [s for s in result.tables["sheets"] if s["sheet"] == copy.name]
    assert (status["status"], status["missing"]) == ("unusable", "an identical copy")


def test_a_copy_differing_in_one_cell_is_still_two_sheets(tmp_path):
    """The copy with one commune's mark taken away: which sheet holds the figures cannot be
    told again, and neither is read."""
    first, second = b01_two_row_header(), b01_two_row_header()
    second.name = "B01_TieuChiXa (2)"
    row, column = first.find("06532")
    second.rows[row][column + 3] = None  # the first criterion's mark of Xã Hữu Khánh
    sheets = [s for s in district_sheets() if s.name != "B01_TieuChiXa"] + [first, second]
    result = _read(tmp_path, sheets)
    assert "b01_communes" not in result.tables
    errors = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert sorted(f["sheet"] for f in errors) == ["B01_TieuChiXa", "B01_TieuChiXa (2)"]


@pytest.mark.parametrize("name", ["B01_2023", "B01-2023", "B01.2023", "B01 2023",
                                  "Tiêu chí xã (2)"])
def test_a_sheet_named_with_its_year_or_as_a_copy_is_that_sheet(tmp_path, name):
    """`B01_2023`: the code and the year. Before, no template sheet (`B012023` in the
    sheet's key), so B01 was MISSING_SHEET and its communes not read; `Tiêu chí xã (2)`, a
    copy Excel named, was passed over when no sheet carried the code."""
    b01 = b01_two_row_header()
    b01.name = name
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks_met(result) == EXPECTED_MET
    assert not _flags(result, "MISSING_SHEET")


def test_sheet_names_near_a_code_with_a_year_are_not_taken_for_it():
    assert sheet_codes(["B12", "B1.2", "B012", "Biểu 12", "B20233", "Tổng hợp xã (2)"]) == [
        None, None, None, None, None, None]
    assert sheet_codes(["B6_2020", "Biểu số 3 - 2022", "Nguồn vốn 2023 (2)"]) == [
        "B06", "B03", "B02"]


def test_two_thongtin_sheets_naming_two_units_refuse_the_file(tmp_path):
    """`ThongTin` and `ThongTin (2)` naming two districts: which one sent the figures cannot
    be told. Before, the first was read and the second passed over without a word."""
    other = thongtin(2023, district="189", district_name="Huyện Đình Lập")
    other.name = "ThongTin (2)"
    result = _read(tmp_path, [*district_sheets(), other])
    assert result.identity is None
    assert "ThongTin (2)" in result.reject_reason and "189" in result.reject_reason
    assert "188" in result.reject_reason


def test_a_second_thongtin_that_is_a_copy_or_a_blank_form_is_set_aside(tmp_path):
    same = thongtin(2023)
    same.name = "ThongTin (2)"
    blank = OfficeSheet("Thông tin chung", [
        ["THÔNG TIN CHUNG"], ["Cấp báo cáo", "(Huyện/Tỉnh)"], ["Mã tỉnh", None],
        ["Mã huyện", None], ["Năm báo cáo", None], ["Ngày lập", "(ngày/tháng/năm)"]])
    for extra in (same, blank):
        result = _read(tmp_path, [*district_sheets(), extra], f"2023/{extra.name}.xlsx")
        assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
        [note] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == extra.name]
        assert note["severity"] == "info"
        assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {extra.name}
        assert _marks_met(result) == EXPECTED_MET
    unreadable = OfficeSheet("ThongTin (2)", [["Cấp báo cáo", "Huyện"], ["Mã tỉnh", "Lạng"],
                                              ["Năm báo cáo", 2022]])
    refused = _read(tmp_path, [*district_sheets(), unreadable], "2023/bad.xlsx")
    assert refused.identity is None and "ThongTin (2)" in refused.reject_reason


def test_a_printing_copy_of_thongtin_without_the_revision_agrees_with_the_one_giving_it(
        tmp_path):
    """`ThongTin (in)`, a copy for printing with `Lần gửi` left blank, beside `ThongTin`
    giving `Lần gửi: 2`: the blank is no other revision (it is 1 only by the template's rule
    for a blank). The file was refused as two ThongTin sheets that disagree; the sheet that
    gives the revision is read. Two sheets giving two revisions still refuse the file."""
    sheets = district_sheets()
    sheets[0].rows[-1] = ["Lần gửi", 2]
    printing = thongtin(2023)
    printing.name = "ThongTin (in)"
    printing.rows[-1] = ["Lần gửi", None]
    for name, order in (("a", [*sheets, printing]), ("b", [printing, *sheets])):
        result = _read(tmp_path, order, f"2023/{name}.xlsx")
        assert (result.identity.unit_code, result.identity.revision) == ("188", 2)
        assert _marks_met(result) == EXPECTED_MET
    printing.rows[-1] = ["Lần gửi", 3]
    refused = _read(tmp_path, [*sheets, printing], "2023/c.xlsx")
    assert refused.identity is None and "revision 3" in refused.reject_reason


@pytest.mark.parametrize("current", ["B01_TieuChiXa", "B01_2023", "B01"])
def test_last_years_sheet_kept_in_the_workbook_is_set_aside(tmp_path, current):
    """`B01_2022` (last year's sheet, kept) beside this year's `B01_TieuChiXa` or `B01_2023`:
    both were refused as two sheets for B01 (before sheet names with a year were known, the
    first was read). The sheet naming another year is set aside with an info, its cells
    kept; two sheets naming no year are still not guessed between."""
    this_year = b01_two_row_header()
    this_year.name = current
    last_year = b01_two_row_header(communes=[(c[0], c[1], 10, None, None) for c in COMMUNES])
    last_year.name = "B01_2022"
    result = _read(tmp_path, [*district_sheets(B01=this_year), last_year])
    assert _marks_met(result) == EXPECTED_MET
    [note] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B01_2022"]
    assert note["severity"] == "info" and "2022" in note["message"]
    assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {"B01_2022"}
    statuses = {s["sheet"]: s["status"] for s in result.tables["sheets"]}
    assert statuses[current] == "read" and statuses["B01_2022"] == "unusable"


# --------------------------------------------------------------------------- .ods


def test_an_ods_hidden_column_and_row_are_named_as_in_xlsx(tmp_path):
    """LibreOffice hides a column or a row by its visibility (`collapse`, `filter`); read
    like the ones shown and named (HIDDEN_COLUMN, HIDDEN_ROW), as in .xlsx. Before, .ods
    files' hidden cells were read without a word."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    b01.hidden_rows, b01.hidden_columns = {first + 1}, {1}
    result = _read(tmp_path, district_sheets(B01=b01), "2023/hidden.ods")
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [c[0] for c in COMMUNES]
    assert [(f["severity"], f["row_number"]) for f in _flags(result, "HIDDEN_ROW")] == [
        ("warning", first + 2)]
    assert [(f["severity"], f["column_name"][:1]) for f in _flags(result, "HIDDEN_COLUMN")] == [
        ("warning", "B")]


def test_an_ods_hidden_column_repeating_a_shown_one_is_not_read(tmp_path):
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
            ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Giá trị (triệu đồng)"],
            ["1", "Ngân sách trung ương", 1200.5 * 9, 1200.5],
            ["2", "Ngân sách địa phương", 800.0 * 9, 800.0]]
    b02 = OfficeSheet("B02_NguonVon", rows, hidden_columns={2})
    result = _read(tmp_path, district_sheets(B02=b02), "2023/old_column.ods")
    assert [(r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [("1", 1200.5), ("2", 800.0)]
    assert [(f["severity"], f["column_name"][:1]) for f in _flags(result, "HIDDEN_COLUMN")] == [
        ("info", "C")]


def test_an_ods_hidden_old_copy_of_a_sheet_is_not_read(tmp_path):
    """Pinned: a hidden .ods sheet is seen as hidden (calamine reads its style)."""
    old = b01_two_row_header(marks="-")
    old.name, old.hidden = "B01 (cũ)", True
    result = _read(tmp_path, [*district_sheets(), old], "2023/old_sheet.ods")
    assert _marks_met(result) == EXPECTED_MET
    [note] = _flags(result, "HIDDEN_SHEET")
    assert note["sheet"] == "B01 (cũ)"


# --------------------------------------------------------------------------- B02 parts


def _b02(rows: list[list[object]], first: str = "STT") -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                                        [first, "Nguồn vốn", "Giá trị (triệu đồng)"], *rows])


def _funding(result) -> dict[str, float]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]
            if r["source_code"] is not None}


@pytest.mark.parametrize("first", ["STT", "TT", None, "Mã nguồn"])
@pytest.mark.parametrize("bullet", ["-", "+", "a)", "•"])
def test_b02_a_part_bulleted_in_its_own_column_is_not_counted_again(tmp_path, first, bullet):
    """`- | Vốn lồng ghép | 300` under `2 | Ngân sách địa phương | 800`: a part of the local
    budget, though named as source 3. Before, it was source 3 too: the 300 counted twice,
    without a flag. Parts whose names are no source (`Đóng góp bằng tiền`, `Doanh nghiệp`
    under the community) were errors saying the unit's total is not known."""
    rows = [[1, "Ngân sách trung ương", 1200.5], [2, "Ngân sách địa phương", 800],
            [bullet, "Vốn lồng ghép", 300], [6, "Cộng đồng dân cư", 350],
            [bullet, "Đóng góp bằng tiền", 200], [bullet, "Doanh nghiệp", 150]]
    result = _read(tmp_path, district_sheets(B02=_b02(rows, first)))
    assert _funding(result) == {"1": 1200.5, "2": 800.0, "6": 350.0}
    assert not any(r["value_unreadable"] for r in result.tables["b02_funding"])
    parts = [(f["severity"], f["row_number"]) for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert parts == [("warning", 5), ("warning", 7), ("warning", 8)]


def test_b02_a_part_bulleted_before_its_name_in_a_sheet_read_by_names(tmp_path):
    """`- Vốn lồng ghép` under `Ngân sách địa phương`, no code column: a part, as with a code
    column (before, source 3 as well as the local budget's 800)."""
    rows = [[1, "Ngân sách trung ương", 1200.5], [2, "Ngân sách địa phương", 800],
            [None, "- Vốn lồng ghép", 300], [3, "Cộng đồng dân cư", 350]]
    result = _read(tmp_path, district_sheets(B02=_b02(rows)))
    assert _funding(result) == {"1": 1200.5, "2": 800.0, "6": 350.0}


def test_b02_a_part_of_a_row_without_money_is_an_error(tmp_path):
    rows = [[1, "Ngân sách trung ương", 1200.5], [2, "Ngân sách địa phương", None],
            ["-", "Vốn lồng ghép", 300]]
    result = _read(tmp_path, district_sheets(B02=_b02(rows)))
    assert "3" not in _funding(result)
    [flag] = _flags(result, "UNPARSEABLE_VALUE")
    assert (flag["severity"], flag["row_number"]) == ("error", 5)


@pytest.mark.parametrize("layout", ["bulleted alike", "sub-numbers", "groups"])
def test_b02_sources_bulleted_alike_or_under_groups_are_sources(tmp_path, layout):
    """Good data near the rule: every source bulleted alike (`-`), parts numbered `4.1`,
    sources lettered `a)` under groups `I`, `II`: each source is counted once, its parts 6.x
    in the community's."""
    rows = {
        "bulleted alike": [["-", "Ngân sách trung ương", 1200.5],
                           ["-", "Ngân sách địa phương", 800], ["-", "Cộng đồng dân cư", 350],
                           ["+", "Tiền mặt", 200], ["+", "Hiến đất", 100],
                           ["+", "Ngày công lao động", 50]],
        "sub-numbers": [[1, "Ngân sách trung ương", 1200.5], [2, "Ngân sách địa phương", 800],
                        [3, "Cộng đồng dân cư", 350], ["3.1", "Tiền mặt", 200],
                        ["3.2", "Hiến đất", 100], ["3.3", "Ngày công lao động", 50]],
        "groups": [["I", "Vốn ngân sách nhà nước", 2000.5], ["a)", "Ngân sách trung ương", 1200.5],
                   ["b)", "Ngân sách địa phương", 800], ["II", "Vốn ngoài ngân sách", 350],
                   ["a)", "Cộng đồng dân cư", 350], ["-", "Tiền mặt", 200], ["-", "Hiến đất", 100],
                   ["-", "Ngày công lao động", 50]],
    }[layout]
    result = _read(tmp_path, district_sheets(B02=_b02(rows)))
    assert _funding(result) == B02_VALUES
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["severity"] != "info"]
    assert _status(result, "B02")["status"] == "read"
