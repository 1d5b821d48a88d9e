"""A template sheet whose name or title says it holds another year or a plan, with no sheet
of its code beside it (last year's sheet left in the workbook, this year's never added; the
registration list sent in place of the results): a person reads last year's sheet or a plan,
not the reporting year's figures. It is not read, with an error naming the sheet and what
says so, its cells kept and the sheet recorded as unusable (docs/ingest.md, "What the intake
understands")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import (
    B02_VALUES,
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    thongtin,
    write,
)
from tests.test_ingest_b01_rows_and_sheets import _codes

B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _read(tmp_path: Path, year: int, sheets: list[OfficeSheet]) -> FileResult:
    name = f"{year}/district.xlsx"
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _b01(name: str = "B01_TieuChiXa", title: str | None = None) -> OfficeSheet:
    b01 = b01_two_row_header()
    b01.name = name
    if title is not None:
        b01.rows[1] = [title]
    return b01


def _b02(name: str = "B02_NguonVon", title: str = "BIỂU 02: NGUỒN VỐN HUY ĐỘNG") -> OfficeSheet:
    b02 = b02_sheet(B02_HEADER, rows_above=[[title]])
    b02.name = name
    return b02


def _funding(result: FileResult) -> dict[str, float]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables.get("b02_funding", [])}


def _refused(result: FileResult, sheet: str, code: str) -> dict:
    """The sheet's one error, after checking it is recorded unusable and its cells kept."""
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == sheet]
    assert flag["severity"] == "error" and sheet in flag["message"]
    assert "it is not read" in flag["message"]
    (status,) = [s for s in result.tables["sheets"] if s["sheet"] == sheet]
    assert (status["sheet_code"], status["status"]) == (code, "unusable")
    assert any(c["sheet"] == sheet for c in result.tables["unmapped_cells"])
    return flag


# ------------------------------------------------------------ named as another year, alone


@pytest.mark.parametrize("suffix", [
    " 2023", "_2023", " (2023)", ".2023", " năm 2023", " NAM 2023", " N2023",
    unicodedata.normalize("NFD", " Năm 2023"),
])
def test_a_lone_b01_and_b02_named_as_last_year_are_not_read_as_the_year(tmp_path, suffix):
    """In a 2024 report whose only B01 is `B01 2023` and only B02 `B02 2023`, a person
    reads last year's sheets left in the workbook, not 2024's figures. Before, they were
    read as 2024's (three communes, central budget 1200.5) without a flag, since the rule
    setting such a sheet aside applied only beside another sheet of its code. Now each is
    refused with an error naming the year its name gives, its cells kept."""
    b01, b02 = f"B01{suffix}", f"B02{suffix}"
    result = _read(tmp_path, 2024, district_sheets(2024, B01=_b01(b01), B02=_b02(b02)))
    assert _codes(result) == [] and _funding(result) == {}
    for sheet, code in ((b01, "B01"), (b02, "B02")):
        flag = _refused(result, sheet, code)
        assert "2023" in flag["message"] and "not the reporting year 2024" in flag["message"]


@pytest.mark.parametrize(("b01", "b02"), [
    ("B01 2024", "B02_2024"), ("B01 (2024)", "B02 năm 2024"), ("B01_TieuChiXa", "B02_NguonVon"),
    ("B01 (2021-2025)", "B02 (2021 - 2025)"),
])
def test_a_lone_sheet_named_as_the_reporting_year_or_its_period_is_read_as_before(
        tmp_path, b01, b02):
    """`B01 2024` in a 2024 report is this year's sheet; `B01 (2021-2025)` names the
    criteria set's period, of which 2024 is a year: read, as before."""
    result = _read(tmp_path, 2024, district_sheets(2024, B01=_b01(b01), B02=_b02(b02)))
    assert _codes(result) == [c[0] for c in COMMUNES]
    assert _funding(result)["1"] == B02_VALUES["1"]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


def test_two_sheets_both_named_as_other_years_are_neither_read(tmp_path):
    """`B01 2022` and `B01 2023` in a 2024 report: two earlier years' sheets, neither
    2024's. Before, read together as one list (the communes of each stored as 2024's). Now
    both are refused with errors, their cells kept."""
    older = _b01("B01 2022")
    result = _read(tmp_path, 2024, [*district_sheets(2024, B01=_b01("B01 2023")), older])
    assert _codes(result) == []
    for sheet in ("B01 2022", "B01 2023"):
        _refused(result, sheet, "B01")


# ---------------------------------------------------------- titled as another year, alone


@pytest.mark.parametrize("year_words", [
    "NĂM 2023", "năm 2023", "Nam 2023", unicodedata.normalize("NFD", "NĂM 2023"),
])
def test_a_lone_b01_or_b02_titled_as_last_year_is_not_read_as_the_year(tmp_path, year_words):
    """`B01_TieuChiXa` titled `BIỂU 01: KẾT QUẢ … NĂM 2023` in a 2024 report whose B02 is
    titled `NĂM 2024` (and the other way round): the title says whose figures a person
    reads, 2023's. Before, read as 2024's without a flag. Now refused with an error quoting
    the title and its cell, the other sheet read. (When every titled sheet names another
    year than ThongTin's, the file is refused: `test_ingest_identity_conflicts.py`.)"""
    b01_title = f"BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI {year_words}"
    result = _read(tmp_path, 2024, district_sheets(
        2024, B01=_b01(title=b01_title), B02=_b02(title="BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2024")))
    assert _codes(result) == [] and _funding(result)
    b01 = _refused(result, "B01_TieuChiXa", "B01")
    assert unicodedata.normalize("NFC", b01_title) in b01["message"]
    assert "B01_TieuChiXa A2" in b01["message"]
    b02_title = f"BIỂU 02: NGUỒN VỐN HUY ĐỘNG {year_words}"
    result = _read(tmp_path, 2024, district_sheets(
        2024, B01=_b01(title="BIỂU 01: KẾT QUẢ NĂM 2024"), B02=_b02(title=b02_title)))
    assert _codes(result) and _funding(result) == {}
    b02 = _refused(result, "B02_NguonVon", "B02")
    assert "B02_NguonVon A1" in b02["message"]


@pytest.mark.parametrize("title", [
    "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM NĂM 2024 (so với năm 2023)",
    "BIỂU 01: KẾT QUẢ NĂM 2024 VÀ KẾ HOẠCH NĂM 2025",
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2023)",
    "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM GIAI ĐOẠN 2021-2025",
    "BIỂU 01: KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024",
])
def test_a_lone_b01_titled_as_the_year_its_comparison_or_a_cited_plan_is_read_as_before(
        tmp_path, title):
    """A title naming the reporting year beside last year's comparison, the next year's
    plan given beside the year's results, a plan cited by its number and date, or the
    criteria set's period: the year's sheet, read as before."""
    result = _read(tmp_path, 2024, district_sheets(2024, B01=_b01(title=title)))
    assert _codes(result) == [c[0] for c in COMMUNES]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


# ------------------------------------------------------------------- a plan alone


@pytest.mark.parametrize("name", [
    "B01 đăng ký", "B01_KH", "B01 DANG KY", "B01 dự kiến",
    unicodedata.normalize("NFD", "B01 Đăng ký"),
])
def test_a_lone_b01_named_as_a_registration_or_plan_is_not_read(tmp_path, name):
    """A 2023 report whose only B01 is `B01 đăng ký`: a person reads the communes
    registering for a later year, not the year's results. Before, its communes were stored
    as 2023's without a flag. Now refused with an error, its cells kept."""
    result = _read(tmp_path, 2023, district_sheets(2023, B01=_b01(name)))
    assert _codes(result) == []
    assert "another list" in _refused(result, name, "B01")["message"]


@pytest.mark.parametrize("name", ["B02_KH", "B02 kế hoạch", "B02 DU KIEN",
                                  unicodedata.normalize("NFD", "B02 Kế hoạch 2023")])
def test_a_lone_b02_named_as_a_plan_is_not_read(tmp_path, name):
    """`B02_KH` (`KH` is `kế hoạch`), the only B02: the money planned, not mobilized.
    Before, stored as the year's (central budget 1200.5) without a flag. Now refused."""
    result = _read(tmp_path, 2023, district_sheets(2023, B02=_b02(name)))
    assert _funding(result) == {}
    _refused(result, name, "B02")


@pytest.mark.parametrize("title", [
    "DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM 2024",
    "Danh sach xa dang ky dat chuan NTM nam 2023",
    unicodedata.normalize("NFD", "CÁC XÃ DỰ KIẾN ĐẠT CHUẨN NTM NĂM 2023"),
])
def test_a_lone_b01_titled_as_a_registration_list_is_not_read(tmp_path, title):
    """The only B01 of a 2023 report titled `DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM 2024`:
    the registration list, not the year's results. Refused with an error quoting the
    title."""
    tt = thongtin(2023)
    result = _read(tmp_path, 2023, district_sheets(2023, ThongTin=tt, B01=_b01(title=title)))
    assert _codes(result) == []
    assert unicodedata.normalize("NFC", title) in _refused(result, "B01_TieuChiXa",
                                                           "B01")["message"]


def test_a_lone_b04_named_and_titled_with_its_plan_is_read_as_before(tmp_path):
    """B04 holds the year's plan in its own columns and is named for its targets: `B04 Chỉ
    tiêu` titled `CHỈ TIÊU KẾ HOẠCH VÀ KẾT QUẢ NĂM 2023` is the year's B04, read as
    before."""
    b04 = OfficeSheet("B04 Chỉ tiêu", [
        ["BIỂU 04: CHỈ TIÊU KẾ HOẠCH VÀ KẾT QUẢ NĂM 2023"], [],
        ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"],
        ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1]])
    result = _read(tmp_path, 2023, district_sheets(2023, B04=b04))
    assert [r["actual"] for r in result.tables["b04_targets"]] == [0.0]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


def test_a_lone_b01_named_as_the_years_result_is_read_as_before(tmp_path):
    """`B01_TH2024` (`TH` is `thực hiện`, the result) in a 2024 report: the year's list."""
    result = _read(tmp_path, 2024, district_sheets(2024, B01=_b01("B01_TH2024")))
    assert _codes(result) == [c[0] for c in COMMUNES]


# ------------------------------------------------- beside the year's sheet, as before


def test_a_second_sheet_titled_as_last_year_or_named_as_a_plan_is_set_aside(tmp_path):
    """Beside the year's B01, `B01 (2)` titled `… NĂM 2023` in a 2024 report is last year's
    list; beside the year's B02, `B02_KH` is the money planned. Before, the B01 sheets were
    read together as one list (last year's communes stored as 2024's) and the two B02 were
    both refused. Now each is set aside with an info, its cells kept, and the year's sheet
    is read."""
    old = _b01("B01 (2)", "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM NĂM 2023")
    old.rows[5:8] = [[1, "06547", "Xã Tú Mịch", *old.rows[5][3:]]]
    plan = b02_sheet(B02_HEADER, values={k: v * 2 for k, v in B02_VALUES.items()})
    plan.name = "B02_KH"
    result = _read(tmp_path, 2024, [*district_sheets(2024), old, plan])
    assert _codes(result) == [c[0] for c in COMMUNES]
    assert _funding(result)["1"] == B02_VALUES["1"]
    for sheet in ("B01 (2)", "B02_KH"):
        (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
                   and f["sheet"] == sheet]
        assert flag["severity"] == "info" and "it is not read" in flag["message"]


# ------------------------------------------------------------ B02 titled as a plan


@pytest.mark.parametrize("title", [
    "KẾ HOẠCH HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NTM NĂM 2023",
    "Ke hoach huy dong von xay dung nong thon moi nam 2023",
    "DỰ KIẾN NGUỒN VỐN HUY ĐỘNG NĂM 2023",
    unicodedata.normalize("NFD", "Kế hoạch vốn năm 2023"),
])
def test_a_lone_b02_titled_only_as_a_plan_is_not_read(tmp_path, title):
    """The only B02 of a 2023 report titled `KẾ HOẠCH HUY ĐỘNG NGUỒN LỰC … NĂM 2023`, its
    header naming one amount: a person reads the money planned, not the money mobilized.
    Before, stored as the year's funding (central budget 1200.5) without a flag. Now refused
    with an error quoting the title, its cells kept."""
    result = _read(tmp_path, 2023, district_sheets(2023, B02=_b02(title=title)))
    assert _funding(result) == {}
    assert unicodedata.normalize("NFC", title) in _refused(result, "B02_NguonVon",
                                                           "B02")["message"]


@pytest.mark.parametrize("title", [
    "KẾ HOẠCH VÀ KẾT QUẢ HUY ĐỘNG VỐN NĂM 2023",
    "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH HUY ĐỘNG VỐN NĂM 2023",
    "Kế hoạch vốn năm 2023 (đã huy động được)",
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2023)",
])
def test_a_lone_b02_titled_with_a_plan_and_what_was_done_is_read_as_before(tmp_path, title):
    """A title naming the plan and its results, or a plan cited by its number: the year's
    money, read as before."""
    result = _read(tmp_path, 2023, district_sheets(2023, B02=_b02(title=title)))
    assert _funding(result)["1"] == B02_VALUES["1"]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


@pytest.mark.parametrize("done", ["Thực hiện", "TH", "Kết quả huy động"])
def test_a_b02_titled_as_a_plan_over_a_column_of_what_was_done_is_read(tmp_path, done):
    """`KẾ HOẠCH HUY ĐỘNG VỐN NĂM 2023` over `Kế hoạch | Thực hiện`: the table gives what was
    done beside the plan, and its result column is read as before."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Kế hoạch (triệu đồng)", f"{done} (triệu đồng)"],
                    rows_above=[["KẾ HOẠCH HUY ĐỘNG VỐN NĂM 2023"]], value_col=3)
    result = _read(tmp_path, 2023, district_sheets(2023, B02=b02))
    assert _funding(result)["1"] == B02_VALUES["1"]
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
                and f["severity"] == "error"]


def test_a_second_b02_titled_only_as_a_plan_is_set_aside(tmp_path):
    """Beside the year's B02, `B02 (2)` titled `KẾ HOẠCH HUY ĐỘNG VỐN NĂM 2023` holds the
    year's plan: set aside with an info, its cells kept; the year's money is read. Before,
    the two sheets were both refused as disagreeing copies."""
    plan = b02_sheet(B02_HEADER, rows_above=[["KẾ HOẠCH HUY ĐỘNG VỐN NĂM 2023"]],
                     values={k: v * 2 for k, v in B02_VALUES.items()})
    plan.name = "B02 (2)"
    result = _read(tmp_path, 2023, [*district_sheets(2023), plan])
    assert _funding(result)["1"] == B02_VALUES["1"]
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == "B02 (2)"]
    assert flag["severity"] == "info" and "it is not read" in flag["message"]
