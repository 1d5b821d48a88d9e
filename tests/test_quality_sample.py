"""The bundled sample's deliberate inconsistencies (data/raw/README.md) are each flagged
with the right code, unit, year and row, and the clean parts raise nothing."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from samples.bundled.plan import build

EXPECTED = {
    # (check_code, year, unit_code, sheet, Excel row)
    ("REPORTED_COUNT_MISMATCH", 2022, "180", "B01_TieuChiXa", 6),
    ("UNPARSEABLE_VALUE", 2023, "188", "B01_TieuChiXa", 6),
    ("STATUS_ORDER", 2021, "934", "B01_TieuChiXa", 8),
    ("AGGREGATE_MISMATCH", 2024, "932", "B06_TongHop", 7),
    ("AGGREGATE_MISMATCH", 2024, "932", "B06_TongHop", 8),
    ("TOTAL_ROW_MISMATCH", 2021, "186", "B02_NguonVon", 17),
    ("FUNDING_SUM_MISMATCH", 2020, "937", "B02_NguonVon", 11),
    ("VALUE_OUT_OF_RANGE", 2020, "185", "B04_ChiTieu", 16),
    # The same 112 % is also far from the district's trend and from its peers.
    ("OUTLIER", 2020, "185", "B04_ChiTieu", 16),
    ("YEAR_MISMATCH", 2022, "932", None, None),
    ("LATE_SUBMISSION", 2020, "184", "ThongTin", 9),
    ("MISSING_SUBMISSION", 2021, "178", None, None),
    ("CONFLICTING_SUBMISSION", 2023, "936", None, None),
    ("DUPLICATE_FILE", 2023, "935", None, None),
    ("LEGACY_ENCODING", 2019, "181", None, None),
}


@pytest.fixture(scope="module")
def flags(sample_warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        return con.execute(
            "SELECT check_code, year, unit_code, sheet, row_number, source_file, message, "
            "severity FROM quality.flags").fetchall()


def test_exactly_the_planted_problems_are_flagged(flags):
    assert {f[:5] for f in flags} == EXPECTED
    assert len(flags) == len(EXPECTED)


def test_every_readme_issue_has_its_flag(flags):
    """Cross-check with the generator's own list of planted issues (file, sheet, row)."""
    for issue in build().issues:
        code = issue.check_code.split()[0]
        if not code.isupper() or not code.replace("_", "").isalpha():
            continue  # "(none: status superseded)"
        hits = [f for f in flags if f[0] == code]
        assert hits, code
        assert any(f[5] in issue.file for f in hits if f[5]) or code == "MISSING_SUBMISSION"
        # The ingest raises YEAR_MISMATCH about the whole file, without the ThongTin row.
        if issue.row is not None and code != "YEAR_MISMATCH":
            assert any(f[5] == issue.file and f[3] == issue.sheet and f[4] == issue.row
                       for f in hits), (issue, hits)


def test_completeness_and_report(sample_warehouse, flags):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.execute("SELECT year, level, count(*), count(*) FILTER (received), "
                           "count(*) FILTER (NOT on_time) FROM quality.completeness "
                           "GROUP BY ALL ORDER BY ALL").fetchall()
    # 19 districts and 2 provinces a year up to 2024; Lạng Sơn and Cần Thơ in 2025 and 2026.
    assert rows[:2] == [(2019, "district", 19, 19, 0), (2019, "province", 2, 2, 0)]
    assert (2021, "district", 19, 18, 0) in rows and (2020, "district", 19, 19, 1) in rows
    assert rows[-2:] == [(2025, "province", 2, 2, 0), (2026, "province", 2, 2, 0)]
    report = (sample_warehouse.parent / "quality_report.html").read_text(encoding="utf-8")
    assert "MISSING_SUBMISSION" in report and "Thành phố Lạng Sơn" in report
    assert "<script" not in report
    # Figures as the messages write them: 217.154, never 217154.0; dates as 10/03/2021.
    assert not re.search(r"<td>-?\d+\.0</td>", report)
    assert "<td>217.154</td>" in report and "ngày 10/03/2021" in report
    # Bilingual headings, and each check code with its labels (quality.checks).
    assert "Theo đơn vị / by unit" in report
    assert "MISSING_SUBMISSION<br><small>Chưa gửi báo cáo / missing submission</small>" in report
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        unlabelled = con.execute("SELECT DISTINCT check_code FROM quality.flags "
                                 "ANTI JOIN quality.checks USING (check_code)").fetchall()
    assert unlabelled == []


def test_2026_builds_with_ten_criteria_and_no_flags(sample_warehouse, flags):
    """The sample's 2026 year is in the shape of the 2026-2030 set (Decision 51/2025/QĐ-TTg):
    10 criteria per commune, the commune groups of its B01, and no flag: the change from 19
    criteria is not an error, and nothing is planted in 2026."""
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        criteria = con.execute(
            "SELECT province_code, criteria_set, min(criterion_no), max(criterion_no), "
            "count(DISTINCT criterion_no), count(DISTINCT commune_code) "
            "FROM marts.fct_commune_criteria WHERE year = 2026 GROUP BY ALL ORDER BY 1"
        ).fetchall()
        groups = con.execute(
            "SELECT province_code, commune_group, count(*) FROM marts.fct_commune_status "
            "WHERE year = 2026 GROUP BY ALL ORDER BY ALL").fetchall()
        below_all = con.execute(
            "SELECT count(*) FROM marts.fct_commune_status "
            "WHERE year = 2026 AND is_ntm AND criteria_met < 10").fetchone()[0]
    assert criteria == [("20", "2026-2030", 1, 10, 10, 61), ("92", "2026-2030", 1, 10, 10, 72)]
    assert {g for _, g, _ in groups} == {1, 2, 3}
    assert sum(n for _, _, n in groups) == 61 + 72
    # Communes recognized under the 19 criteria that fall short of the new 10 raise nothing.
    assert below_all > 0
    assert [f for f in flags if f[1] == 2026] == []
