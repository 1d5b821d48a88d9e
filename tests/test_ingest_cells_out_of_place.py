"""Figures typed out of their cells: a row typed into one cell, one figure merged across
several figure columns, an amount typed in the name with its own cell blank. A person sees
the figure but cannot tell which cell it is; each was dropped without a flag."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, district_sheets
from tests.test_ingest_office import _b04, _b06, _flags, _read

_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
               "Kế hoạch năm sau"]


def _errors(result, sheet: str) -> list[dict]:
    return [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == sheet]


# --------------------------------------------------------------------------- a row in one cell


@pytest.mark.parametrize("typed", [
    "SO_XA_DAT_CHUAN\tSố xã đạt chuẩn\t1",
    "SO_XA_DAT_CHUAN    Số xã đạt chuẩn NTM    1",
    "SO_XA_DAT_CHUAN\nSố xã đạt chuẩn NTM\n1",
    unicodedata.normalize("NFD", "so_xa_dat_chuan\t\tSỐ XÃ ĐẠT CHUẨN\t1"),
])
def test_b06_a_row_typed_in_its_code_cell_is_not_a_code(tmp_path, typed):
    """`SO_XA_DAT_CHUAN<tab>Số xã đạt chuẩn<tab>1` in the code cell: a person reads the
    row's code, name and figure pasted into one cell. With its spaces taken out it was read
    as the code `SO_XA_DAT_CHUANSOXADATCHUAN1`, its figure unread, without a flag; as with
    the same row parted by `|`, the cell is no code: an error, and no figure is read."""
    body = [["SO_XA", "Số xã", 3], [typed], ["TONG_TC", "Tổng tiêu chí", 46]]
    got = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)))
    rows = [(r["row_number"], r["indicator_code"], r["value"])
            for r in got.tables["b06_aggregates"]]
    assert rows == [(3, "SO_XA", 3.0), (4, None, None), (5, "TONG_TC", 46.0)]
    (error,) = _errors(got, "B06_TongHop")
    assert (error["row_number"], error["column_name"]) == (4, "A (Mã chỉ số)")
    assert error["raw_value"] == unicodedata.normalize("NFC", typed)
    assert "is not an indicator code" in error["message"]


def test_b04_a_row_typed_in_its_code_cell_with_tabs_is_not_a_code(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
            ["TY_LE_HO_NGHEO\tTỷ lệ hộ nghèo\t5\t4.8"]]
    got = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert [r["indicator_code"] for r in got.tables["b04_targets"]] == ["XA_DAT_CHUAN_MOI", None]
    (error,) = _errors(got, "B04_ChiTieu")
    assert error["row_number"] == 4 and "is not an indicator code" in error["message"]


@pytest.mark.parametrize("typed", ["so_xa_dat_chuan ", " SO_XA_DAT_CHUAN", "SO_XA_DAT_ CHUAN",
                                   "SO_XA_DAT_\nCHUAN"])
def test_b06_codes_with_stray_spaces_are_read_as_before(tmp_path, typed):
    """Good data near the rule: a stray space, or a code wrapped at an underscore, is one
    code."""
    body = [["SO_XA", "Số xã", 3], [typed, "Số xã đạt chuẩn NTM", 1]]
    got = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)))
    codes = {r["indicator_code"]: r["value"] for r in got.tables["b06_aggregates"]}
    assert codes == {"SO_XA": 3.0, "SO_XA_DAT_CHUAN": 1.0}
    assert not _errors(got, "B06_TongHop")


# --------------------------------------------------------------------------- merged across


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
@pytest.mark.parametrize(("figure", "last"), [(100, 5), (1, 4), ("95,5", 4)])
def test_b04_one_figure_merged_across_plan_and_result_is_neither(tmp_path, ext, figure, last):
    """`100` merged across `Kế hoạch | Thực hiện | Kế hoạch năm sau`: a person sees one
    figure but cannot tell whether it is the plan, the result or next year's plan (a plan
    and its result are not the same figure). It was read as the plan alone, without a flag;
    now no column's, with an error at each cell naming the merged range."""
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", figure, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    sheet = _b04(_B04_HEADER, body, merges=[(3, 3, 3, last)])
    got = _read(tmp_path, district_sheets(B04=sheet), name=f"2023/office.{ext}")
    rows = [(r["target"], r["actual"], r["next_year_target"]) for r in got.tables["b04_targets"]]
    assert rows == [(1.0, 0.0, 1.0), (None, None, None), (5.0, 4.8, 4.0)]
    errors = _errors(got, "B04_ChiTieu")
    assert [(e["row_number"], e["column_name"][0]) for e in errors] == [
        (4, letter) for letter in "DEF"[:last - 2]]
    end = "EF"[last - 4]
    assert all(f"merged over D4:{end}4: Kế hoạch | Thực hiện" in e["raw_value"] for e in errors)


def test_b02_one_amount_merged_across_plan_and_result_is_unreadable(tmp_path):
    """B02 `Kế hoạch | Thực hiện` with `800` merged across both for the local budget: the
    plan was set aside and the result read as blank, so the unit's total was computed
    without it (no flag). The amount is now unreadable, with an error at the result's cell."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Kế hoạch (triệu đồng)",
                          "Thực hiện (triệu đồng)"],
            ["1", "Ngân sách trung ương", 1000, 1200], ["2", "Ngân sách địa phương", 800, None],
            ["6", "Cộng đồng dân cư", 300, 350]]
    got = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows,
                                                          merges=[(3, 2, 3, 3)])))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in got.tables["b02_funding"]}
    assert read == {"1": (1200.0, False), "2": (None, True), "6": (350.0, False)}
    (error,) = _errors(got, "B02_NguonVon")
    assert error["row_number"] == 4 and error["column_name"].startswith("D ")
    assert "800 (merged over C4:D4: Kế hoạch (triệu đồng) | Thực hiện" in error["raw_value"]


def test_b06_one_value_merged_across_plan_and_result_is_neither(tmp_path):
    body = [["SO_XA", "Số xã", 3, 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 2, None],
            ["TONG_TC", "Tổng tiêu chí", 40, 46]]
    sheet = OfficeSheet("B06_TongHop", [["BIỂU 06"], ["Mã chỉ số", "Chỉ số", "Kế hoạch",
                                                      "Thực hiện"], *body], [(3, 2, 3, 3)])
    got = _read(tmp_path, district_sheets(B06=sheet))
    assert [r["value"] for r in got.tables["b06_aggregates"]] == [3.0, None, 46.0]
    (error,) = _errors(got, "B06_TongHop")
    assert error["row_number"] == 4 and "merged over C4:D4" in error["raw_value"]


def test_a_value_merged_over_a_note_or_a_dash_across_the_figures_is_read_as_before(tmp_path):
    """Good data near the rule: `2` merged over `Giá trị | Ghi chú` is the value; `-` merged
    across a B04 row's figures says nothing to report in each."""
    b06 = OfficeSheet("B06_TongHop", [["BIỂU 06"], ["Mã chỉ số", "Chỉ số", "Giá trị", "Ghi chú"],
                                      ["SO_XA", "Số xã", 3, None],
                                      ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 2, None]],
                      [(3, 2, 3, 3)])
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", "-", None, None]]
    got = _read(tmp_path, district_sheets(B06=b06, B04=_b04(_B04_HEADER, body,
                                                             merges=[(3, 3, 3, 5)])))
    assert [r["value"] for r in got.tables["b06_aggregates"]] == [3.0, 2.0]
    assert [r["target"] for r in got.tables["b04_targets"]] == [1.0, None]
    assert not _flags(got, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- figure in the name

_B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _b02(local: str, amount=None, merges=None) -> OfficeSheet:
    rows = [["BIỂU 02"], _B02_HEADER, ["1", "Ngân sách trung ương", 1200], ["2", local, amount],
            ["6", "Cộng đồng dân cư", 350], [None, "Tổng cộng", 2350]]
    return OfficeSheet("B02_NguonVon", rows, merges or [])


@pytest.mark.parametrize("name", [
    "Ngân sách địa phương: 800", "Ngân sách địa phương: 800 triệu đồng",
    "Ngân sách địa phương - 800", "Ngân sách địa phương = 800 tr.đ",
    unicodedata.normalize("NFD", "NGÂN SÁCH ĐỊA PHƯƠNG: 800 TRIỆU ĐỒNG"),
    "Ngân sách địa phương 800 triệu đồng",
])
def test_b02_an_amount_typed_in_the_name_is_unreadable(tmp_path, name):
    """`2 | Ngân sách địa phương: 800 |` with the amount's cell blank: a person reads 800
    million from the local budget. The amount was stored as blank, without a flag, and the
    unit's total computed as 1550 for 2350. It is not read from the name (a name may hold
    numbers of its own), but it is unreadable, not nothing, with an error quoting the name."""
    got = _read(tmp_path, district_sheets(B02=_b02(name)))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in got.tables["b02_funding"]}
    assert read == {"1": (1200.0, False), "2": (None, True), "6": (350.0, False)}
    (error,) = _errors(got, "B02_NguonVon")
    assert (error["row_number"], error["column_name"]) == (4, "B (Nguồn vốn)")
    assert error["raw_value"] == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize("name", ["Ngân sách địa phương 800 triệu đồng",
                                  "Ngân sách địa phương 800", "Ngân sách địa phương: 800"])
def test_b02_a_name_and_amount_merged_over_the_amounts_cell_is_unreadable(tmp_path, name):
    """The name and its amount typed in one cell merged over `Nguồn vốn | Giá trị`: the
    figure stands where the amount goes, so a plain number ending the name is the amount
    too. Unreadable, with an error at the amount's cell naming the merged range."""
    got = _read(tmp_path, district_sheets(B02=_b02(name, merges=[(3, 1, 3, 2)])))
    read = {r["source_code"]: r["value_unreadable"] for r in got.tables["b02_funding"]}
    assert read == {"1": False, "2": True, "6": False}
    (error,) = _errors(got, "B02_NguonVon")
    assert error["column_name"].startswith("C ") and "merged over B4:C4" in error["raw_value"]


@pytest.mark.parametrize(("name", "amount", "merges"), [
    ("Vốn Chương trình 135", 800, []), ("Vốn Chương trình 135", None, []),
    ("Ngân sách địa phương: 800", 800, []),
    ("Vốn lồng ghép giai đoạn 2021-2025", None, []),
    ("Ngân sách địa phương", None, [(3, 1, 3, 2)]),
])
def test_b02_numbers_of_the_name_and_names_with_their_amount_are_read_as_before(
        tmp_path, name, amount, merges):
    """Good data near the rule: a number of the name's own (`Chương trình 135`, a period),
    a name repeating an amount its cell gives, a name merged over a blank amount."""
    got = _read(tmp_path, district_sheets(B02=_b02(name, amount, merges)))
    read = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
            for r in got.tables["b02_funding"]}
    assert read["2"] == (None if amount is None else 800.0, False)
    assert not _errors(got, "B02_NguonVon")


def test_b06_a_figure_typed_in_the_name_is_said(tmp_path):
    """`Số xã đạt chuẩn NTM: 1 xã` with a blank value: an error, the value unknown; `Số xã
    đạt 19 tiêu chí` with a blank value names a number of its own, as before."""
    body = [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM: 1 xã", None],
            ["SO_XA_19_TC", "Số xã đạt 19 tiêu chí", None]]
    got = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)))
    assert [r["value"] for r in got.tables["b06_aggregates"]] == [3.0, None, None]
    (error,) = _errors(got, "B06_TongHop")
    assert (error["row_number"], error["column_name"]) == (4, "B (Chỉ số)")
