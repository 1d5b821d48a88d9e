"""B02 as some offices send it: a unit typed once at the top of its `Đơn vị tính` column,
the amount split into `Tổng số | Trong đó: …` sub-columns, and the sources laid out across
rows of years under a label column headed `Năm` beside `Tổng số` (docs/ingest.md, "What the
intake understands").

`Mã nguồn | Nguồn vốn | Đơn vị tính | Giá trị` with `Tỷ đồng` on the first row only: a person
reads the whole column in billions, as a unit typed once at the top of a column holds for
the blank cells below it. The blank rows were read in the template's million VND, a thousand
times too small, with only the column's UNIT_ASSUMED warning. Donated land and labour days
(6.2, 6.3) are also given as quantities (`m2`, `ngày công`): a blank there is in doubt, as
is a blank under a unit the header contradicts, and is not read.

`Giá trị (triệu đồng)` over `Tổng số | Trong đó` and `Trong đó` over `Vốn đầu tư | Vốn sự
nghiệp`: the parts were read as two more columns of the amount, and the sheet was lost. A
label column `Năm` beside `Tổng số` before the sources laid out across: both were the
amount, and the sheet was lost; now its rows of years are seen, and (as the rule for rows of
years says) no source adds up years other than the reporting year.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import B02_VALUES, OfficeSheet, b02_sheet, district_sheets, in_unit
from tests.test_ingest_office import _read

SHEET = "B02_NguonVon"
NAMES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "6": "Cộng đồng dân cư",
         "6.1": "Tiền mặt", "6.2": "Hiến đất", "6.3": "Ngày công lao động"}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _amounts(result) -> dict[str, float | None]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]
            if r["source_code"] is not None}


def _errors(result, code: str | None = None) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error" and f["sheet"] == SHEET
            and (code is None or f["check_code"] == code)]


# --------------------------------------------------------------------------- a unit typed once

def _by_row(units: dict[str, str | None], values: dict[str, float], *,
            unit_header: str = "Đơn vị tính", value_header: str = "Giá trị",
            above: list[list] | None = None) -> OfficeSheet:
    """`Mã nguồn | Nguồn vốn | <unit> | <value>`, a row per source with its unit cell."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], *(above or []),
            ["Mã nguồn", "Nguồn vốn", unit_header, value_header]]
    rows += [[code, NAMES[code], units.get(code), value] for code, value in values.items()]
    return OfficeSheet(SHEET, rows)


_BILLIONS = in_unit(1000.0)


@pytest.mark.parametrize("unit", ["Tỷ đồng", "TỶ ĐỒNG", "ty dong", _nfd("Tỷ đồng")])
@pytest.mark.parametrize("unit_header", ["Đơn vị tính", "ĐVT", "ĐƠN VỊ TÍNH", "Don vi tinh",
                                         _nfd("Đơn vị tính")])
def test_a_unit_typed_once_holds_for_the_blank_cells_under_it(tmp_path, unit, unit_header):
    """`Tỷ đồng | 1,2005` on the first row, the rows below blank: 0,8 is 800 million VND,
    not 0.8. Land and labour days blank under it may be quantities: not read, an error at
    each."""
    sheet = _by_row({"1": unit}, _BILLIONS, unit_header=unit_header)
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0,
                                "6.2": None, "6.3": None}
    unread = {r["source_code"]: r["value_unreadable"] for r in result.tables["b02_funding"]}
    assert unread["6.2"] and unread["6.3"] and not unread["2"]
    errors = _errors(result)
    assert [(e["check_code"], e["row_number"], e["column_name"]) for e in errors] == [
        ("UNIT_ASSUMED", 7, "D (Giá trị)"), ("UNIT_ASSUMED", 8, "D (Giá trị)")]
    assert "land donated" in errors[0]["message"] and "row 3" in errors[0]["message"]


def test_land_and_labour_with_their_own_units_under_a_unit_typed_once(tmp_path):
    """`m2` on the land's row: its value is the quantity, as before; the labour days' blank
    under `m2`, in a column that also holds billions, is in doubt and not read."""
    sheet = _by_row({"1": "Tỷ đồng", "6.2": "m2"},
                    {"1": 1.2005, "2": 0.8, "6.2": 1000, "6.3": 300})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6.2": None, "6.3": None}
    land = next(r for r in result.tables["b02_funding"] if r["source_code"] == "6.2")
    assert (land["quantity"], land["quantity_unit"]) == (1000.0, "m2")
    (error,) = _errors(result)
    assert (error["row_number"], error["check_code"]) == (6, "UNIT_ASSUMED")
    assert "'m2'" in error["message"]


@pytest.mark.parametrize("sheet", [
    _by_row({"1": "Tỷ đồng"}, {"1": 1.2005, "2": 800}, value_header="Giá trị (triệu đồng)"),
    _by_row({"1": "Tỷ đồng"}, {"1": 1.2005, "2": 800},
            above=[["Đơn vị tính: triệu đồng"]])], ids=["header", "line above"])
def test_a_blank_under_a_unit_the_sheet_contradicts_is_not_read(tmp_path, sheet):
    """The sheet says million VND, the first row billions: which the blank row below means
    cannot be told. Before, it was read as the sheet's million VND without a word."""
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": None}
    blank = [e for e in _errors(result, "UNIT_CONFLICT") if e["row_number"] == 4]
    assert len(blank) == 1 and "tỷ đồng" in blank[0]["message"].lower()


def test_units_on_every_row_read_as_before(tmp_path):
    sheet = _by_row({"1": "Tỷ đồng", "2": "Triệu đồng", "6": "triệu đồng", "6.1": "triệu đồng",
                     "6.2": "m2", "6.3": "Ngày công"},
                    {"1": 1.2005, "2": 800, "6": 350, "6.1": 200, "6.2": 1000, "6.3": 50})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0,
                                "6.2": None, "6.3": None}
    assert not _errors(result)


@pytest.mark.parametrize("unit", ["Triệu đồng", "triệu đồng"])
def test_the_templates_unit_typed_once_reads_as_before(tmp_path, unit):
    """`Triệu đồng` on the first row only: the blanks are the column's million VND."""
    result = _read(tmp_path, district_sheets(B02=_by_row({"1": unit}, B02_VALUES)))
    assert _amounts(result) == B02_VALUES
    assert not _errors(result)


@pytest.mark.parametrize("ditto", ["nt", "Như trên", "-nt-"])
def test_ditto_marks_say_the_unit_above(tmp_path, ditto):
    """`nt` (như trên) under `Tỷ đồng`: the unit above, 800 million VND
    (tests/test_ingest_ditto_marks.py)."""
    sheet = _by_row({"1": "Tỷ đồng", "2": ditto}, {"1": 1.2005, "2": 0.8})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0}
    assert not _errors(result)


@pytest.mark.parametrize(("header", "above", "values"), [
    (["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], None, B02_VALUES),
    (["Mã nguồn", "Nguồn vốn", "Giá trị (tỷ đồng)"], None, _BILLIONS),
    (["Mã nguồn", "Nguồn vốn", "Giá trị"], [["BIỂU 02"], ["ĐVT: tỷ đồng"]], _BILLIONS),
    (["Mã nguồn", "Nguồn vốn", "Năm 2023"], [["BIỂU 02"], ["Đơn vị tính: triệu đồng"]],
     B02_VALUES)], ids=["template", "header", "line above", "year"])
def test_b02_with_its_unit_in_the_header_or_above_reads_as_before(tmp_path, header, above,
                                                                   values):
    result = _read(tmp_path, district_sheets(B02=b02_sheet(header, above, values)))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert not _errors(result)


# --------------------------------------------------------------------------- Tổng số | Trong đó

def _split_amount(total: str, of_which: str, parts: tuple[str, str]) -> OfficeSheet:
    """`Giá trị (triệu đồng)` over `Tổng số | Trong đó`, `Trong đó` over the two parts;
    `Mã nguồn`, `Nguồn vốn` merged down the three header rows."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
            ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None, None],
            [None, None, total, of_which, None], [None, None, None, *parts]]
    split = {"1": (1000, 200.5), "2": (600, 200)}
    for code, amount in B02_VALUES.items():
        rows.append([code, NAMES[code], amount, *split.get(code, (None, None))])
    return OfficeSheet(SHEET, rows, [(1, 0, 3, 0), (1, 1, 3, 1), (1, 2, 1, 4), (2, 2, 3, 2),
                                     (2, 3, 2, 4)])


@pytest.mark.parametrize(("total", "of_which", "parts"), [
    ("Tổng số", "Trong đó", ("Vốn đầu tư", "Vốn sự nghiệp")),
    ("TỔNG SỐ", "TRONG ĐÓ:", ("VỐN ĐẦU TƯ", "VỐN SỰ NGHIỆP")),
    ("Tong so", "Trong do", ("Von dau tu", "Von su nghiep")),
    (_nfd("Tổng số"), _nfd("Trong đó"), (_nfd("Vốn đầu tư"), _nfd("Vốn sự nghiệp"))),
    ("Tổng số", "Chia ra", ("Vốn đầu tư", "Vốn sự nghiệp"))])
def test_the_total_is_the_amount_and_its_parts_are_kept(tmp_path, total, of_which, parts):
    """Before, `Trong đó`'s parts were two more columns of the amount, and the sheet was not
    read (SHEET_LAYOUT error). Now `Tổng số` is the amount; the parts are kept in
    raw.unmapped_cells, an info flag at each."""
    result = _read(tmp_path, district_sheets(B02=_split_amount(total, of_which, parts)))
    assert _amounts(result) == B02_VALUES
    assert not _errors(result)
    infos = [f["column_name"][:1] for f in result.flags
             if f["check_code"] == "UNKNOWN_COLUMN" and f["sheet"] == SHEET]
    assert infos == ["D", "E"]
    kept = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]
            if c["sheet"] == SHEET}
    assert {(5, "1000"), (5, "200.5"), (6, "600")} <= kept


def test_parts_without_their_total_are_not_the_amount(tmp_path):
    """Only the parts under `Trong đó`, no total: no column gives the sources' amounts, and
    the sheet is not read, as before."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Trong đó", None],
            [None, None, "Vốn đầu tư", "Vốn sự nghiệp"], ["1", NAMES["1"], 1000, 200.5]]
    sheet = OfficeSheet(SHEET, rows, [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert "b02_funding" not in result.tables or not result.tables["b02_funding"]
    assert _errors(result, "SHEET_LAYOUT")


def test_the_years_part_beside_a_total_reads_as_before(tmp_path):
    """`Tổng số | Trong đó: năm 2023`: the reporting year's column is the amount."""
    sheet = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None],
                      sub_header=[None, None, "Tổng số", "Trong đó: năm 2023"], value_col=3,
                      merges=[(1, 2, 1, 3), (1, 0, 2, 0), (1, 1, 2, 1)])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == B02_VALUES


# --------------------------------------------------------------------------- Năm | Tổng số across

SOURCES = ["Ngân sách trung ương", "Ngân sách địa phương", "Vốn tín dụng", "Cộng đồng dân cư"]
YEARS = [[1000, 500, 300, 200], [1100, 550, 300, 250], [1200, 600, 400, 300]]


def _years_across(label_header: str, total_header: str, labels: list,
                  amounts: list[list] = YEARS) -> OfficeSheet:
    body = [[k, label, sum(row), *row]
            for k, (label, row) in enumerate(zip(labels, amounts, strict=True), 1)]
    return OfficeSheet(SHEET, [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], ["Đơn vị tính: triệu đồng"],
                               ["STT", label_header, total_header, *SOURCES], *body])


@pytest.mark.parametrize("label_header", ["Năm", "NĂM", "Nam", _nfd("Năm")])
@pytest.mark.parametrize("total_header", ["Tổng số", "TỔNG SỐ", "Tong so"])
@pytest.mark.parametrize("labels", [[2021, 2022, 2023], ["2021", "2022", "2023"],
                                    ["Năm 2021", "Năm 2022", "Năm 2023"]])
def test_years_under_nam_beside_tong_so_read_no_source(tmp_path, label_header, total_header,
                                                       labels):
    """Before, `Năm` and `Tổng số` both named the amount and the sheet was not read. Now
    `Năm` labels the rows: they are years, and each source's amount, which adds up 2021 and
    2022 with 2023, is not read, with an error naming the years."""
    result = _read(tmp_path, district_sheets(B02=_years_across(label_header, total_header,
                                                               labels)))
    assert _amounts(result) == {"1": None, "2": None, "4": None, "6": None}
    errors = _errors(result)
    assert not _errors(result, "SHEET_LAYOUT") and len(errors) == 4
    assert all("other than the reporting year 2023" in e["message"] for e in errors)
    assert "row 4: 2021" in errors[0]["message"]


def test_the_reporting_year_alone_under_nam_beside_tong_so_is_read(tmp_path):
    """One row, the reporting year's: its figures are the sources' amounts."""
    result = _read(tmp_path, district_sheets(B02=_years_across("Năm", "Tổng số", [2023],
                                                               YEARS[2:])))
    assert _amounts(result) == {"1": 1200.0, "2": 600.0, "4": 400.0, "6": 300.0}
    assert not _errors(result)
