"""The commune groups of Decision 51/2025/QĐ-TTg: the optional B01 column `Nhóm xã` of a
2026+ report, read when present, kept by fct_commune_status.commune_group (null when not
reported), and described in marts.dim_commune_group beside the 10 criteria of the set."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines.ingest.values import CellError, parse_commune_group
from samples.workbooks import Commune, FundingRow, Submission


@pytest.mark.parametrize(("cell", "group"), [
    (1, 1), (2.0, 2), ("3", 3), ("Nhóm 2", 2), ("nhóm II", 2), (" 1 ", 1), ("01", 1),
    ("NHÓM III", 3), (None, None), ("", None)])
def test_a_commune_group_is_read_as_its_number(cell, group):
    assert parse_commune_group(cell) == group


@pytest.mark.parametrize("cell", [0, 4, 1.5, True, "Nhóm 4", "x", "1 2", "Nhóm", "IV"])
def test_anything_else_is_not_a_commune_group(cell):
    with pytest.raises(CellError, match="commune group"):
        parse_commune_group(cell)


def da_nang_2026(*, groups: bool = True) -> Submission:
    """Đà Nẵng's 2026 report on the 10 criteria, its communes listed directly; with `Nhóm xã`
    as typed by people: a number, a label, a blank and a mistake."""
    communes = [
        Commune("20320", "Xã Hòa Vang", ["x"] * 10, 10, 2019, group=1 if groups else None),
        Commune("20332", "Xã Hòa Tiến", ["x"] * 8 + [None] * 2, 8,
                group="Nhóm 3" if groups else None),
        Commune("20308", "Xã Bà Nà", ["x"] * 6 + [None] * 4, 6),
        Commune("20364", "Xã Chiên Đàn", ["x"] * 9 + [None], 9, group=4 if groups else None),
    ]
    return Submission(level="Tỉnh", province_code="48", province_name="Thành phố Đà Nẵng",
                      year=2026, signed_on=dt.date(2027, 1, 20), revision=1,
                      communes=communes,
                      funding=[FundingRow("1", "Ngân sách trung ương", 5000)])


def test_the_group_column_is_read_when_present(write, read):
    result = read(write("2026/48_2026.xlsx", da_nang_2026()))
    assert result.identity.criteria_set == "2026-2030"
    rows = {r["commune_code"]: r for r in result.tables["b01_communes"]}
    assert {c: r["commune_group"] for c, r in rows.items()} == {
        "20320": 1, "20332": 3, "20308": None, "20364": None}
    assert rows["20320"]["criteria_columns"] == 10  # the group is not a criterion
    flag = next(f for f in result.flags if f["check_code"] == "UNPARSEABLE_VALUE")
    assert flag["raw_value"] == "4" and flag["row_number"] == rows["20364"]["row_number"]
    assert "commune group" in flag["message"]


def test_a_report_without_the_column_has_no_group_and_no_flag(write, read):
    result = read(write("2026/48_2026.xlsx", da_nang_2026(groups=False)))
    rows = result.tables["b01_communes"]
    assert [r["commune_group"] for r in rows] == [None] * 4
    assert not [f for f in result.flags if f["check_code"] in (
        "UNPARSEABLE_VALUE", "SHEET_LAYOUT")]


def test_fct_commune_status_keeps_the_group_and_dim_commune_group_names_it(da_nang_site):
    # da_nang_2026() is the one 2026 file of the session's Đà Nẵng site (tests/conftest.py).
    with duckdb.connect(str(da_nang_site.warehouse), read_only=True) as con:
        groups = dict(con.execute(
            "SELECT commune_code, commune_group FROM marts.fct_commune_status "
            "WHERE year = 2026").fetchall())
        assert groups == {"20320": 1, "20332": 3, "20308": None, "20364": None}
        named = con.execute(
            "SELECT s.commune_code, g.name_en FROM marts.fct_commune_status AS s "
            "JOIN marts.dim_commune_group AS g USING (commune_group) ORDER BY 1").fetchall()
        assert named == [("20320", "Communes near urban areas or with agriculture under 10% "
                                    "of the economy"), ("20332", "All other communes")]
        assert con.execute("SELECT commune_group, decision FROM marts.dim_commune_group "
                           "ORDER BY 1").fetchall() == [
            (1, "51/2025/QĐ-TTg"), (2, "51/2025/QĐ-TTg"), (3, "51/2025/QĐ-TTg")]
        criteria = con.execute("SELECT criterion_no, name_en FROM marts.dim_criterion "
                               "WHERE criteria_set = '2026-2030' ORDER BY 1").fetchall()
        assert [n for n, _ in criteria] == list(range(1, 11)) and all(e for _, e in criteria)
        flag = con.execute("SELECT check_code FROM quality.flags WHERE raw_value = '4' "
                           "AND year = 2026").fetchall()
        assert flag == [("UNPARSEABLE_VALUE",)]
