"""B02 laid out across: the funding sources are columns, the rows the works or purposes the
money went to (docs/ingest.md, "What the intake understands"). A person reads each source's
amount in the total row, or as the column's sum where no row is a part of another."""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, district_sheets
from tests.test_ingest_office import _flags, _read, _status

SOURCES = ["Ngân sách trung ương", "Ngân sách địa phương", "Vốn lồng ghép", "Tín dụng",
           "Doanh nghiệp", "Cộng đồng dân cư", "Khác"]
HEADER = ["STT", "Nội dung", "Tổng số", *SOURCES]
WORKS = [[1, "Giao thông", 1500, 1000, 300, None, None, None, 200, None],
         [2, "Trường học", 850.5, 200.5, 500, None, None, None, 150, None]]
TOTAL = [None, "Tổng cộng", 2350.5, 1200.5, 800, None, None, None, 350, None]


def _across(*body: list, header: list | None = None) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                                        ["Đơn vị tính: triệu đồng"], header or HEADER, *body])


def _funding(result) -> list[tuple]:
    return [(r["row_number"], r["source_code"], r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]]


def _b02_flags(result, code: str) -> list[tuple]:
    return [(f["severity"], f["row_number"], f["column_name"]) for f in _flags(result, code)
            if f["sheet"] == "B02_NguonVon"]


def test_b02_with_its_sources_as_columns_reads_each_source_from_the_total_row(tmp_path):
    """Before, the sheet was `read` with each source column an UNKNOWN_COLUMN and each work
    an UNPARSEABLE_VALUE error: no amount reached the marts. Each source is now one row at
    the total row; the works' figures are kept as cells, not sources; `Tổng số` is the
    sheet's total, checked against the sources."""
    result = _read(tmp_path, district_sheets(B02=_across(*WORKS, TOTAL)))
    assert _status(result, "B02")["status"] == "read"
    assert _funding(result) == [(6, "1", 1200.5, False), (6, "2", 800.0, False),
                                (6, "3", None, False), (6, "4", None, False),
                                (6, "5", None, False), (6, "6", 350.0, False),
                                (6, "7", None, False)]
    assert {r["value_unit"] for r in result.tables["b02_funding"]} == {"triệu đồng"}
    assert not _b02_flags(result, "UNPARSEABLE_VALUE")
    [info] = _b02_flags(result, "SHEET_LAYOUT")
    assert info == ("info", 3, None)
    totals = [(t["row_number"], t["column_name"], t["value"])
              for t in result.tables["sheet_totals"]
              if t["sheet"] == "B02_NguonVon" and t["field"] == "value"]
    assert totals == [(6, "C (Tổng số)", 2350.5)]
    kept = {(c["row_number"], c["column_name"], c["value"], c["row_kind"])
            for c in result.tables["unmapped_cells"] if c["sheet"] == "B02_NguonVon"}
    assert {(4, "B", "Giao thông", "data"), (4, "D", "1000", "data"),
            (5, "I", "150", "data"), (5, "C", "850.5", "data")} <= kept


def test_b02_across_with_the_communitys_parts_under_a_merged_group_and_units_in_the_header(
        tmp_path):
    """`Tên công trình` (no column of the template) over the works, `Chia theo nguồn vốn (tỷ
    đồng)` merged over the sources, `Cộng đồng dân cư` merged over `Tổng số | Tiền mặt |
    Hiến đất | Ngày công`: the community's total is source 6, its parts 6.1-6.3, in tỷ
    đồng; `Ghi chú` names no source and stays a column of notes."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
            ["STT", "Tên công trình", "Tổng số (tỷ đồng)", "Chia theo nguồn vốn (tỷ đồng)",
             None, None, None, None, None, "Ghi chú"],
            [None, None, None, "Ngân sách trung ương", "Ngân sách địa phương",
             "Cộng đồng dân cư", None, None, None, None],
            [None, None, None, None, None, "Tổng số", "Tiền mặt", "Hiến đất", "Ngày công", None],
            [1, "Đường trục xã Mẫu Sơn", 1.5, 1.0, 0.3, 0.2, 0.1, 0.05, 0.05, "Hoàn thành"],
            [2, "Trường mầm non Yên Khoái", 0.85, 0.2, 0.5, 0.15, 0.15, None, None, None],
            [None, "Cộng", 2.35, 1.2, 0.8, 0.35, 0.25, 0.05, 0.05, None]]
    merges = [(1, 0, 3, 0), (1, 1, 3, 1), (1, 2, 3, 2), (1, 3, 1, 8), (2, 3, 3, 3),
              (2, 4, 3, 4), (2, 5, 2, 8), (1, 9, 3, 9)]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows, merges)))
    got = {r["source_code"]: (r["row_number"], r["amount_million_vnd"], r["value_unit"])
           for r in result.tables["b02_funding"]}
    assert got == {"1": (7, pytest.approx(1200.0), "tỷ đồng"),
                   "2": (7, pytest.approx(800.0), "tỷ đồng"),
                   "6": (7, pytest.approx(350.0), "tỷ đồng"),
                   "6.1": (7, pytest.approx(250.0), "tỷ đồng"),
                   "6.2": (7, pytest.approx(50.0), "tỷ đồng"),
                   "6.3": (7, pytest.approx(50.0), "tỷ đồng")}
    assert not _b02_flags(result, "UNPARSEABLE_VALUE")
    assert not _b02_flags(result, "UNIT_ASSUMED")
    notes = {c["value"] for c in result.tables["unmapped_cells"] if c["column_name"] == "J"}
    assert "Hoàn thành" in notes


def test_b02_across_without_a_total_row_reads_the_columns_sums(tmp_path):
    """No total row, and no row a part of another: a person adds each column up."""
    result = _read(tmp_path, district_sheets(B02=_across(*WORKS)))
    assert _funding(result) == [(3, "1", 1200.5, False), (3, "2", 800.0, False),
                                (3, "3", None, False), (3, "4", None, False),
                                (3, "5", None, False), (3, "6", 350.0, False),
                                (3, "7", None, False)]
    assert not _b02_flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("part", ["1.1", "a)", "-", None])
def test_b02_across_without_a_total_row_whose_rows_hold_parts_is_not_read(tmp_path, part):
    """`1.1 Đường thôn` (or `a)`, `- …`, `Trong đó: …`) under `1 Giao thông`: adding the
    column up would count its money twice. Without a total row, no source with money is
    read, and one error at the sheet says why."""
    name = "Đường thôn" if part else "Trong đó: đường thôn"
    rows = [WORKS[0], [part, name, 500, 300, 100, None, None, None, 100, None], WORKS[1]]
    result = _read(tmp_path, district_sheets(B02=_across(*rows)))
    assert _funding(result) == [(3, "1", None, True), (3, "2", None, True),
                                (3, "3", None, False), (3, "4", None, False),
                                (3, "5", None, False), (3, "6", None, True),
                                (3, "7", None, False)]
    [error] = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert error["row_number"] == 5 and "no total row" in error["message"]


def test_b02_across_whose_total_column_disagrees_with_the_sources_is_not_read(tmp_path):
    """`Tổng số` 2500 in the total row, the sources 2350.5: one of them is wrong, and which
    cannot be told; none of the sources is read, with an error at the Tổng số cell."""
    total = [None, "Tổng cộng", 2500, *TOTAL[3:]]
    result = _read(tmp_path, district_sheets(B02=_across(*WORKS, total)))
    assert {(r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]} == {(None, True)}
    assert _b02_flags(result, "UNPARSEABLE_VALUE") == [("error", 6, "C (Tổng số)")]


def test_b02_across_whose_rows_do_not_add_up_to_the_total_row_leaves_that_source_out(
        tmp_path):
    """The works give 1000 and 200.5 to the central budget, the total row 1300.5: that source
    (and the local budget's, 700 against 800) is not read; the others are."""
    total = [None, "Tổng cộng", 2350.5, 1300.5, 700, None, None, None, 350, None]
    result = _read(tmp_path, district_sheets(B02=_across(*WORKS, total)))
    got = {r["source_code"]: (r["amount_million_vnd"], r["value_unreadable"])
           for r in result.tables["b02_funding"] if r["value_text"] is not None}
    assert got == {"1": (None, True), "2": (None, True), "6": (350.0, False)}
    assert _b02_flags(result, "UNPARSEABLE_VALUE") == [
        ("error", 6, "D (Ngân sách trung ương)"), ("error", 6, "E (Ngân sách địa phương)")]


def test_b02_across_a_group_of_sources_is_not_counted_beside_them(tmp_path):
    """`Ngân sách nhà nước` beside `Ngân sách trung ương | Ngân sách địa phương` holds their
    sum: not counted again (info). `Vốn ODA` names no source of the template but holds money:
    counted in none, an error, so the unit's total is not known. `Địa điểm` holds no money
    and stays a column of notes."""
    header = ["STT", "Nội dung", "Địa điểm", "Ngân sách nhà nước", "Ngân sách trung ương",
              "Ngân sách địa phương", "Vốn ODA", "Cộng đồng dân cư"]
    rows = [[1, "Giao thông", "Xã Mẫu Sơn", 1300, 1000, 300, 50, 200],
            [None, "Tổng cộng", None, 1300, 1000, 300, 50, 200]]
    result = _read(tmp_path, district_sheets(B02=_across(*rows, header=header)))
    assert [(r["source_code"], r["source_name"], r["amount_million_vnd"], r["value_unreadable"])
            for r in result.tables["b02_funding"]] == [
        (None, "Ngân sách nhà nước", 1300.0, False), ("1", "Ngân sách trung ương", 1000.0, False),
        ("2", "Ngân sách địa phương", 300.0, False), ("6", "Cộng đồng dân cư", 200.0, False),
        (None, "Vốn ODA", 50.0, True)]
    assert _b02_flags(result, "UNPARSEABLE_VALUE") == [("info", 5, "Mã nguồn"),
                                                       ("error", 5, "Mã nguồn")]


def test_b02_across_two_columns_naming_one_source_is_not_read(tmp_path):
    """`Ngân sách trung ương` twice: which holds its money cannot be told; the sheet is not
    read (SHEET_LAYOUT error) rather than one of them guessed."""
    header = ["STT", "Nội dung", "Tổng số", "Ngân sách trung ương", "Ngân sách địa phương",
              "NSTW"]
    rows = [[1, "Giao thông", 1300, 1000, 300, 1000],
            [None, "Tổng cộng", 1300, 1000, 300, 1000]]
    result = _read(tmp_path, district_sheets(B02=_across(*rows, header=header)))
    assert _status(result, "B02")["status"] == "unusable"
    assert not result.tables.get("b02_funding")


def test_b02_with_its_sources_as_rows_and_notes_naming_sources_is_read_as_before(tmp_path):
    """Good data near the rule: the template's layout, a note column naming sources on the
    rows (`6 | Cộng đồng dân cư | 350 | Tiền mặt và hiến đất`), a row `Cộng đồng dân cư`
    (not a total) and `Doanh nghiệp` without its code, read by its name as source 5."""
    rows = [["BIỂU 02"], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", "Ghi chú"],
            ["1", "Ngân sách trung ương", 1200, "Vốn lồng ghép"],
            [None, "Doanh nghiệp", 100, "Tín dụng"],
            ["6", "Cộng đồng dân cư", 350, "Tiền mặt"], ["Tổng cộng", None, 1650, None]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert [(r["row_number"], r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]] == [(3, "1", 1200.0), (4, "5", 100.0),
                                                        (5, "6", 350.0)]
    assert not _b02_flags(result, "SHEET_LAYOUT")
    assert not [f for f in _b02_flags(result, "UNPARSEABLE_VALUE") if f[0] == "error"]
