"""The marts, built by the real Dagster job from small workbooks, against figures this test
recomputes on its own from the same submissions (plain Python, no SQL, no ingest code).

The scenario is Đà Nẵng (48), whose only district with rural communes is Hòa Vang (497), so
one district report completes the province; Lộc Bình (188) alone leaves Lạng Sơn (20)
incomplete. 2024 has a corrected revision; 2025 is Đà Nẵng on the two-tier map.

The build is shared with ``test_quality_checks.py`` (``checks_and_marts_site`` in
tests/conftest.py), whose reports are Lạng Sơn's of 2022-2023 and Cần Thơ's: the tests here
read the rows of this scenario's files (``mine``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from samples.workbooks import (
    Aggregate,
    Commune,
    FundingRow,
    OcopProduct,
    Submission,
    render,
    write_submission,
)
from tests.conftest import B02_SOURCES, district_submission
from tests.harness import Site

# Every test reads the one build of the module's fixture.
pytestmark = pytest.mark.build

MET = {"x", "X", "✓", "Đạt", "1", 1}  # TRUE cells compare equal to 1


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def met_count(marks: list) -> int:
    return sum(1 for m in marks if m in MET)


def vn_number(value: object) -> float:
    """Vietnamese number text (``1.200,5``) or a number."""
    if isinstance(value, str):
        return float(value.replace(".", "").replace(",", "."))
    return float(value)  # type: ignore[arg-type]


def in_force_at_end(recognized: dt.date, year: int) -> bool:
    end = dt.date(year, 12, 31)
    until = recognized.replace(year=recognized.year + 3)
    return recognized <= end < until


def ocop(name: str, commune: str, stars: int, on: dt.date) -> OcopProduct:
    return OcopProduct(name, "HTX Hòa Vang", commune, 1, stars, on, "12/QĐ-UBND",
                       {3: "Huyện", 4: "Tỉnh", 5: "Trung ương"}[stars])


def hoa_vang(year: int, revision: int = 1) -> Submission:
    """District 497's report; revision 2 of 2024 corrects Hòa Liên, now recognized."""
    lien_done = year == 2024 and revision == 2
    communes = [
        Commune("20293", "Xã Hòa Bắc", ["x"] * 19, 19, 2018, 2023),
        Commune("20296", nfd("Xã Hòa Liên"),
                ["x"] * 19 if lien_done else ["x"] * 17 + [None, None],
                19 if lien_done else 17, 2024 if lien_done else None),
        Commune("20299", "Xã Hòa Ninh", ["Đạt"] * 10 + ["Cơ bản đạt"] + ["-"] * 8, 10),
        Commune("20302", "Xã Hòa Sơn", ["✓"] * 19, 19, 2023),
    ]
    if year == 2023:
        funding = [FundingRow("1", "Ngân sách trung ương", "1.200,5"),
                   FundingRow("2", "Ngân sách địa phương", 800),
                   FundingRow("6", "Cộng đồng dân cư", 350),
                   FundingRow("6.1", "Tiền mặt", 200),
                   FundingRow("6.2", "Hiến đất", 100, 1500, "m2"),
                   FundingRow("6.3", "Ngày công lao động", 50, 2000, "ngày công")]
        certificates = [ocop("Nước mắm Hòa Bắc", "20293", 3, dt.date(2021, 6, 15)),
                        ocop("Chè Hòa Liên", "20296", 4, dt.date(2023, 5, 1))]
    else:
        funding = [FundingRow("1", "Ngân sách trung ương", 900),
                   FundingRow("6", "Cộng đồng dân cư", 400)]
        # The same product re-rated: only its latest certificate counts from then on.
        certificates = [ocop("Nước mắm Hòa Bắc", "20293", 4, dt.date(2024, 3, 1))]
    return Submission(
        level="Huyện", province_code="48", province_name="Thành phố Đà Nẵng",
        district_code="497", district_name="Huyện Hòa Vang", year=year,
        signed_on=dt.date(year + 1, 1, 10 + revision), revision=revision,
        district_ntm_year=2024 if year == 2024 else None, communes=communes,
        funding=funding, ocop=certificates,
        aggregates=[Aggregate("SO_XA", "Số xã", 4)])


def da_nang(year: int) -> Submission:
    """Đà Nẵng's own report: B06 only up to 2024; its communes directly from 2025."""
    sub = Submission(level="Tỉnh", province_code="48", province_name="Thành phố Đà Nẵng",
                     year=year, signed_on=dt.date(year + 1, 1, 25), revision=1,
                     funding=[FundingRow("1", "Ngân sách trung ương", 5000)],
                     aggregates=[Aggregate("SO_XA", "Số xã", 4 if year < 2025 else 2)])
    if year >= 2025:
        sub.communes = [Commune("20320", "Xã Hòa Vang", ["x"] * 19, 19, 2019),
                        Commune("20332", "Xã Hòa Tiến", ["x"] * 15 + [None] * 4, 15)]
        sub.ocop = [ocop("Rượu Hòa Vang", "20320", 5, dt.date(2025, 9, 9))]
    return sub


@dataclass
class Scenario:
    files: dict[str, Submission]
    current: dict[str, Submission]
    """The submissions that should be current, by file."""


def scenario() -> Scenario:
    files = {
        "2023/48_497_2023.xlsx": hoa_vang(2023),
        "2023/48_2023.xlsx": da_nang(2023),
        "2024/48_497_2024_r1.xlsx": hoa_vang(2024, 1),
        "2024/48_497_2024_r2.xls": hoa_vang(2024, 2),
        "2024/48_2024.xlsx": da_nang(2024),
        "2024/20_188_2024.xlsx": district_submission(2024),
        "2025/48_2025.xlsx": da_nang(2025),
    }
    current = {k: v for k, v in files.items() if not k.endswith("_r1.xlsx")}
    return Scenario(files, current)


def write_scenario(raw: Path) -> None:
    for rel, sub in scenario().files.items():
        write_submission(raw / rel, render(sub), rel.rsplit(".", 1)[1])


@pytest.fixture(scope="module")
def marts(checks_and_marts_site: Site) -> tuple[duckdb.DuckDBPyConnection, Scenario]:
    con = duckdb.connect(str(checks_and_marts_site.warehouse), read_only=True)
    yield con, scenario()
    con.close()


def mine(sc: Scenario) -> str:
    """A SQL condition: the row comes from one of this scenario's files."""
    return "source_file IN (" + ", ".join(f"'{rel}'" for rel in sc.files) + ")"


def unit_of(sub: Submission) -> tuple[str, str]:
    if sub.is_district:
        return "district", str(sub.district_code)
    return "province", str(sub.province_code)


def test_criteria_met_are_counted_from_the_marks(marts):
    con, sc = marts
    expected = {}
    for sub in sc.current.values():
        for c in sub.communes or []:
            expected[(sub.year, c.code)] = (met_count(c.marks), c.reported_count)
    rows = con.execute("SELECT year, commune_code, criteria_met, criteria_met_reported "
                       f"FROM marts.fct_commune_status WHERE {mine(sc)}").fetchall()
    assert {(y, c): (m, int(r)) for y, c, m, r in rows} == expected
    # One row per criterion of the set, `met` agreeing with the count.
    per_commune = con.execute(
        "SELECT year, commune_code, count(*), count(*) FILTER (met) "
        f"FROM marts.fct_commune_criteria WHERE {mine(sc)} GROUP BY ALL").fetchall()
    assert {(y, c): m for y, c, n, m in per_commune if n == 19} == {
        k: v[0] for k, v in expected.items()}
    basically = con.execute("SELECT count(*) FROM marts.fct_commune_criteria "
                            f"WHERE mark = 'basically_met' AND NOT met AND {mine(sc)}"
                            ).fetchone()[0]
    assert basically == sum(c.marks.count("Cơ bản đạt") for s in sc.current.values()
                            for c in s.communes or [])


def test_names_keep_their_diacritics_in_nfc(marts):
    con, _ = marts
    names = dict(con.execute("SELECT commune_code, commune_name FROM marts.fct_commune_status "
                             "WHERE year = 2023").fetchall())
    assert names["20296"] == unicodedata.normalize("NFC", "Xã Hòa Liên")


def test_status_and_cumulative_counts(marts):
    con, sc = marts
    for sub in sc.current.values():
        if not sub.communes:
            continue
        level, unit = unit_of(sub)
        year = int(sub.year)
        ntm = sum(1 for c in sub.communes if c.ntm_year is not None and c.ntm_year <= year)
        new = sum(1 for c in sub.communes if c.ntm_year == year)
        advanced = sum(1 for c in sub.communes
                       if c.advanced_year is not None and c.advanced_year <= year)
        got = dict(con.execute(
            "SELECT indicator_code, value FROM marts.fct_indicator WHERE value_kind = 'computed' "
            "AND year = ? AND level = ? AND unit_code = ?", [year, level, unit]).fetchall())
        assert got["SO_XA_DAT_CHUAN"] == ntm
        assert got["SO_XA_DAT_CHUAN_MOI"] == new
        assert got["SO_XA_NANG_CAO"] == advanced
        total = sum(met_count(c.marks) for c in sub.communes)
        assert got["TONG_TC"] == total
        assert got["TC_BINH_QUAN"] == pytest.approx(total / len(sub.communes))


def test_funding_by_source_and_community_share(marts):
    con, sc = marts
    for sub in sc.current.values():
        level, unit = unit_of(sub)
        rows = {r.code: vn_number(r.value) for r in sub.funding or []}
        parts = {k: v for k, v in rows.items() if k.startswith("6.")}
        expected = {B02_SOURCES[k]: v for k, v in rows.items() if k in B02_SOURCES}
        if "6" in rows and not parts:
            expected["community_unspecified"] = rows["6"]
        got = dict(con.execute(
            "SELECT source_code, amount_million_vnd FROM marts.fct_funding "
            "WHERE year = ? AND level = ? AND unit_code = ?", [sub.year, level, unit]).fetchall())
        assert got == pytest.approx(expected), (sub.year, unit)
        community = sum(v for k, v in expected.items() if k.startswith("community"))
        share = con.execute(
            "SELECT coalesce(sum(amount_million_vnd) FILTER (is_community), 0) "
            "/ sum(amount_million_vnd) "
            "FROM marts.fct_funding WHERE year = ? AND level = ? AND unit_code = ?",
            [sub.year, level, unit]).fetchone()[0]
        assert share == pytest.approx(community / sum(expected.values()))
    # The labour days and donated land stay beside their money.
    quantities = con.execute(
        "SELECT source_code, quantity, quantity_unit FROM marts.fct_funding "
        "WHERE unit_code = '497' AND year = 2023 AND quantity IS NOT NULL ORDER BY 1").fetchall()
    assert quantities == [("community_labour", 2000, "ngày công"),
                          ("community_land", 1500, "m2")]


def test_ocop_certificates_and_counts_by_stars(marts):
    con, sc = marts
    certificates = {(p.commune_code, p.name, p.stars, p.recognized_on)
                    for s in sc.current.values() for p in s.ocop or []}
    got = set(con.execute("SELECT commune_code, product_name, stars, recognized_on "
                          f"FROM marts.fct_ocop_product WHERE {mine(sc)}").fetchall())
    assert got == certificates
    until = dict(con.execute("SELECT recognized_on, valid_until "
                             f"FROM marts.fct_ocop_product WHERE {mine(sc)}").fetchall())
    assert until[dt.date(2021, 6, 15)] == dt.date(2024, 6, 15)

    def counts(year: int, communes: set[str]) -> Counter:
        latest: dict[str, tuple[dt.date, int]] = {}
        for commune, name, stars, on in certificates:
            if commune not in communes:
                continue
            if in_force_at_end(on, year) and (name not in latest or on > latest[name][0]):
                latest[name] = (on, stars)
        return Counter(stars for _, stars in latest.values())

    hoa_vang_communes = {"20293", "20296", "20299", "20302"}
    cases = [(2023, "district", "497", hoa_vang_communes),
             (2024, "district", "497", hoa_vang_communes),
             (2023, "province", "48", hoa_vang_communes),
             (2024, "province", "48", hoa_vang_communes),
             (2025, "province", "48", hoa_vang_communes | {"20320", "20332"})]
    for year, level, unit, communes in cases:
        expected = counts(year, communes)
        got = dict(con.execute(
            "SELECT indicator_code, value FROM marts.fct_indicator WHERE value_kind = 'computed' "
            "AND year = ? AND level = ? AND unit_code = ? AND indicator_code LIKE 'OCOP_%'",
            [year, level, unit]).fetchall())
        assert got == {f"OCOP_{s}_SAO": expected[s] for s in (3, 4, 5)}, (year, unit)


def test_province_figures_need_every_district(marts):
    con, _ = marts
    provinces = con.execute(
        "SELECT DISTINCT year, unit_code FROM marts.fct_indicator "
        "WHERE level = 'province' AND value_kind = 'computed' "
        "AND (unit_code = '48' OR year = 2024) ORDER BY ALL").fetchall()
    # Đà Nẵng is complete every year; Lạng Sơn sent one district of ten in 2024 (its 2023
    # reports are test_quality_checks.py's).
    assert provinces == [(2023, "48"), (2024, "48"), (2025, "48")]
    district = dict(con.execute(
        "SELECT indicator_code, value FROM marts.fct_indicator WHERE value_kind = 'computed' "
        "AND year = 2024 AND unit_code = '497'").fetchall())
    province = dict(con.execute(
        "SELECT indicator_code, value FROM marts.fct_indicator WHERE value_kind = 'computed' "
        "AND year = 2024 AND unit_code = '48' AND level = 'province'").fetchall())
    assert province.pop("SO_HUYEN_DAT_CHUAN") == 1  # Hòa Vang recognized in 2024
    assert province == district
    reported = con.execute(
        "SELECT value, source_file, sheet FROM marts.fct_indicator WHERE value_kind = "
        "'reported' AND year = 2024 AND unit_code = '48' AND indicator_code = 'SO_XA'"
    ).fetchone()
    assert reported == (4, "2024/48_2024.xlsx", "B06_TongHop")


def test_only_the_current_revision_reaches_the_facts(marts):
    con, _ = marts
    files = {r[0] for t in ("fct_commune_status", "fct_funding", "fct_ocop_product")
             for r in con.execute(f"SELECT DISTINCT source_file FROM marts.{t}").fetchall()}
    assert "2024/48_497_2024_r1.xlsx" not in files
    assert "2024/48_497_2024_r2.xls" in files


def test_a_build_of_a_range_of_years_records_those_years(checks_and_marts_site, monkeypatch):
    """The shared site is built with ``--year 2022-2025`` (tests/conftest.py): one Dagster run
    over those partitions, which records them and no other year."""
    import dagster as dg

    from tests.conftest import CHECKS_AND_MARTS_YEARS

    monkeypatch.setenv("DAGSTER_HOME", str(checks_and_marts_site.home))
    first, last = CHECKS_AND_MARTS_YEARS.split("-")
    with dg.DagsterInstance.get() as instance:
        (run,) = instance.get_runs()
        assert run.tags["dagster/asset_partition_range_start"] == first
        assert run.tags["dagster/asset_partition_range_end"] == last
        recorded = instance.get_materialized_partitions(dg.AssetKey(["raw", "b01_communes"]))
    assert recorded == {str(y) for y in range(int(first), int(last) + 1)}
