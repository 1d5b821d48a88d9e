"""Every check code raised from a small workbook, at the right unit, year, sheet and row; and
a clean province that raises nothing. One build (the real Dagster job) reads all of them.

Lạng Sơn's districts (20) each carry one planted problem in 2023; Cần Thơ (92) and its four
districts with rural communes (924-927) are clean in 2022 and 2023. The build is shared with
``test_marts_fixture.py`` (``checks_and_marts_site`` in tests/conftest.py), whose scenario
is Đà Nẵng's and one 2024 report of Lạng Sơn.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from vietnam_provinces import legacy

from samples.workbooks import (
    Aggregate,
    Commune,
    DistrictCriterion,
    FundingRow,
    OcopProduct,
    Sheet,
    Submission,
    Target,
    render,
    write_submission,
)
from tests.conftest import sheet
from tests.harness import Site

# Every test reads the one build of the module's fixture.
pytestmark = pytest.mark.build


def rural_communes(district: str, n: int = 3) -> list[tuple[str, str]]:
    """Real communes (xã) of a legacy district, so that only planted problems are flagged."""
    found = [(f"{w.code.value:05d}", w.name) for w in legacy.Ward.iter_all()
             if w.district_code.value == int(district) and w.name.startswith("Xã")]
    return sorted(found)[:n]


def report(district: str, name: str, province: str, year: int, **changes) -> Submission:
    """A consistent district report: B06 and B04 agree with its communes."""
    communes = rural_communes(district)
    rows = [
        Commune(communes[0][0], communes[0][1], ["x"] * 19, 19, 2019, 2020),
        Commune(communes[1][0], communes[1][1], ["x"] * 15 + [None] * 4, 15),
        Commune(communes[2][0], communes[2][1], ["x"] * 19, 19, 2022),
    ]
    new = 1 if year == 2022 else 0
    sub = Submission(
        level="Huyện", province_code=province, province_name="Tỉnh", district_code=district,
        district_name=name, year=year, signed_on=dt.date(year + 1, 1, 15), revision=1,
        communes=rows,
        funding=[FundingRow("1", "Ngân sách trung ương", 1000),
                 FundingRow("6", "Cộng đồng dân cư", 300),
                 FundingRow("6.1", "Tiền mặt", 200),
                 FundingRow("6.3", "Ngày công lao động", 100, 4000, "ngày công")],
        ocop=[OcopProduct("Mật ong " + communes[0][1][3:], "HTX", communes[0][0], 1, 3,
                          dt.date(year, 5, 5), "1/QĐ-UBND", "Huyện")],
        targets=[Target("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã", 1, new, 1),
                 Target("TC_BINH_QUAN", "Bình quân tiêu chí", "tiêu chí/xã", 17, 17.67, 18),
                 Target("TY_LE_BHYT", "Tỷ lệ BHYT", "%", 95, 96.5, 97)],
        aggregates=[Aggregate("SO_XA", "Số xã", 3),
                    Aggregate("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 2),
                    Aggregate("SO_XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", new),
                    Aggregate("TONG_TC", "Tổng tiêu chí", 53),
                    Aggregate("TC_BINH_QUAN", "Bình quân", 17.67),
                    Aggregate("TONG_VON", "Tổng vốn", 1300),
                    Aggregate("VON_CONG_DONG", "Vốn cộng đồng", 300)],
        district_criteria=[DistrictCriterion(f"H{i}", f"Tiêu chí huyện {i}", "Đạt")
                           for i in range(1, 10)])
    for key, value in changes.items():
        setattr(sub, key, value)
    return sub


def row_of(sh: Sheet, first: object) -> int:
    return next(i for i, r in enumerate(sh.rows) if first in r)


# (file, submission or sheets, expected flag: check_code, unit, year, sheet, Excel row)
Planted = tuple[str, Submission | list[Sheet], tuple | None]


def planted() -> list[Planted]:
    cases: list[Planted] = []

    sub = report("180", "Huyện Tràng Định", "20", 2023)
    sub.communes[1].reported_count = 16
    cases.append(("2023/180.xlsx", sub,
                  ("REPORTED_COUNT_MISMATCH", "180", "B01", sub.communes[1].code)))

    sub = report("181", "Huyện Bình Gia", "20", 2023)
    sub.communes[0].advanced_year = 2018  # before its NTM year 2019
    cases.append(("2023/181.xlsx", sub, ("STATUS_ORDER", "181", "B01", sub.communes[0].code)))

    sub = report("182", "Huyện Văn Lãng", "20", 2023)
    sub.communes[1].ntm_year = 2020  # recognized, but only 15 criteria marked
    sub.aggregates = None
    cases.append(("2023/182.xlsx", sub,
                  ("RECOGNIZED_BELOW_ALL", "182", "B01", sub.communes[1].code)))

    sub = report("183", "Huyện Cao Lộc", "20", 2023)
    sub.communes[1].ntm_year = 2030
    sub.aggregates = None
    cases.append(("2023/183.xlsx", sub, ("VALUE_OUT_OF_RANGE", "183", "B01", sub.communes[1].code)))

    sub = report("184", "Huyện Văn Quan", "20", 2023)
    sub.communes.append(copy.deepcopy(sub.communes[1]))
    sub.aggregates = None
    cases.append(("2023/184.xlsx", sub, ("DUPLICATE_ROW", "184", "B01", sub.communes[1].code)))

    sub = report("185", "Huyện Bắc Sơn", "20", 2023)
    sub.communes[1].code = "99999"
    cases.append(("2023/185.xlsx", sub, ("UNKNOWN_UNIT", "185", "B01", "99999")))

    sheets = render(report("186", "Huyện Hữu Lũng", "20", 2023))
    b02 = sheet(sheets, "B02")
    r = row_of(b02, "Tổng cộng")
    b02.rows[r][2] = float(b02.rows[r][2]) + 1000
    cases.append(("2023/186.xlsx", sheets, ("TOTAL_ROW_MISMATCH", "186", "B02", "Tổng cộng")))

    sub = report("187", "Huyện Chi Lăng", "20", 2023)
    sub.funding[1].value = 250  # row 6, while 6.1 + 6.3 = 300
    cases.append(("2023/187.xlsx", sub, ("FUNDING_SUM_MISMATCH", "187", "B02", "6")))

    sub = report("188", "Huyện Lộc Bình", "20", 2023)
    sub.aggregates[1].value = 3  # SO_XA_DAT_CHUAN: B01 gives 2
    cases.append(("2023/188.xlsx", sub, ("AGGREGATE_MISMATCH", "188", "B06", "SO_XA_DAT_CHUAN")))

    sub = report("189", "Huyện Đình Lập", "20", 2023)
    sub.targets[0].actual = 3  # XA_DAT_CHUAN_MOI: B01 gives 0
    cases.append(("2023/189.xlsx", sub,
                  ("TARGET_RESULT_MISMATCH", "189", "B04", "XA_DAT_CHUAN_MOI")))

    sub = report("178", "Thành phố Lạng Sơn", "20", 2023, signed_on=dt.date(2024, 3, 10))
    cases.append(("2023/178.xlsx", sub, ("LATE_SUBMISSION", "178", "ThongTin", None)))

    # Lạng Sơn's own B06: the cumulative count falls from 2022 to 2023.
    for year, value in ((2022, 12), (2023, 10)):
        prov = Submission(level="Tỉnh", province_code="20", province_name="Tỉnh Lạng Sơn",
                          year=year, signed_on=dt.date(year + 1, 1, 20), revision=1,
                          aggregates=[Aggregate("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", value),
                                      Aggregate("SO_XA_DAT_CHUAN_MOI", "Mới", 0)])
        expected = ("CUMULATIVE_BREAK", "20", "B06", "SO_XA_DAT_CHUAN") if year == 2023 else None
        cases.append((f"{year}/20.xlsx", prov, expected))
    return cases


CAN_THO = {"924": "Huyện Vĩnh Thạnh", "925": "Huyện Cờ Đỏ", "926": "Huyện Phong Điền",
           "927": "Huyện Thới Lai"}


def clean() -> list[tuple[str, Submission]]:
    """Cần Thơ and every district of it with rural communes: consistent reports, province
    figures the sums of the districts'."""
    out = []
    for year in (2022, 2023):
        for district, name in CAN_THO.items():
            out.append((f"{year}/{district}.xlsx", report(district, name, "92", year)))
        new = len(CAN_THO) if year == 2022 else 0
        prov = Submission(level="Tỉnh", province_code="92", province_name="Thành phố Cần Thơ",
                          year=year, signed_on=dt.date(year + 1, 1, 25), revision=1,
                          funding=[FundingRow("1", "Ngân sách trung ương", 4000),
                                   FundingRow("6", "Cộng đồng dân cư", 1200)],
                          targets=[Target("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới", "xã",
                                          len(CAN_THO), new, len(CAN_THO))],
                          aggregates=[Aggregate("SO_XA", "Số xã", 3 * len(CAN_THO)),
                                      Aggregate("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn",
                                                2 * len(CAN_THO)),
                                      Aggregate("SO_XA_DAT_CHUAN_MOI", "Mới", new),
                                      Aggregate("SO_HUYEN_DAT_CHUAN", "Số huyện", 0),
                                      Aggregate("TONG_VON", "Tổng vốn", 1300 * len(CAN_THO))])
        out.append((f"{year}/92.xlsx", prov))
    return out


def rendered_files() -> dict[str, list[Sheet]]:
    """Every workbook of the scenario, by its path under the raw folder."""
    rendered: dict[str, list[Sheet]] = {}
    for rel, content, _ in planted():
        rendered[rel] = content if isinstance(content, list) else render(content)
    for rel, sub in clean():
        rendered[rel] = render(sub)
    return rendered


def write_scenario(raw: Path) -> None:
    for rel, sheets in rendered_files().items():
        write_submission(raw / rel, sheets, "xlsx")


@pytest.fixture(scope="module")
def flags(checks_and_marts_site: Site) -> tuple[list[tuple], dict[str, list[Sheet]]]:
    warehouse = checks_and_marts_site.warehouse
    assert (warehouse.parent / "quality_report.html").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT check_code, severity, year, level, unit_code, source_file, sheet, "
            "row_number, message FROM quality.flags").fetchall()
    return rows, rendered_files()


@pytest.mark.parametrize("case", [c for c in planted() if c[2]], ids=lambda c: c[2][0])
def test_each_check_code_is_raised_at_its_row(flags, case):
    rows, rendered = flags
    rel, _, (code, unit, sheet_prefix, marker) = case
    hits = [r for r in rows if r[0] == code and r[4] == unit and r[5] == rel]
    assert hits, f"{code} not raised for {rel}: {[r for r in rows if r[5] == rel]}"
    if marker is not None:
        sh = sheet(rendered[rel], sheet_prefix)
        expected_row = sh.excel_row(row_of(sh, marker))
        assert any(r[6] == sh.name and r[7] == expected_row for r in hits), hits
    assert all(rel in r[8] for r in hits)


def test_a_missing_district_is_flagged(flags):
    rows, _ = flags
    missing = {(r[2], r[4]) for r in rows if r[0] == "MISSING_SUBMISSION"}
    # Lạng Sơn's districts sent only their 2023 reports.
    assert (2022, "188") in missing and (2023, "188") not in missing


def test_the_clean_province_raises_nothing(flags):
    rows, _ = flags
    # In the years it reported: the shared build goes on to 2025 (test_marts_fixture.py),
    # where Cần Thơ's missing reports are flagged as they should be.
    assert [(r[0], r[2], r[4], r[8]) for r in rows
            if r[4] in ("92", *CAN_THO) and r[2] in (2022, 2023)] == []
    assert {(r[0], r[2]) for r in rows if r[4] == "92"} == {
        ("MISSING_SUBMISSION", 2024), ("MISSING_SUBMISSION", 2025)}


def test_messages_name_the_file(flags):
    rows, _ = flags
    assert all(r[8] for r in rows)
