"""The bundled sample's planted problems that the ingest itself must catch, and nothing else.

Checks that need the models (counts, sums, cumulative series) are listed in
data/raw/README.md too; they belong to the quality suites and are tested there.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
from pipelines.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def sample() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    summary = ingest(con, SAMPLE, list(range(2019, 2027)), partition_years())
    assert summary.files_seen == 132
    yield con
    con.close()


def test_statuses(sample):
    rows = sample.execute(
        "SELECT source_file, status FROM raw.submissions WHERE status <> 'current' ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("2022/20_lang_son/183_2022_r1.xlsx", "superseded"),
        ("2023/93_hau_giang/936_2023_r1.xlsx", "superseded"),
        ("2023/93_hau_giang/ban_sao/935_2023_r1 - Copy.xlsx", "duplicate"),
    ]
    current = sample.execute(
        "SELECT year, count(*) FROM raw.submissions WHERE status = 'current' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    # 19 districts + 2 provinces a year up to 2024, less the missing district in 2021;
    # two province reports in 2025 and in 2026.
    assert current == [(2019, 21), (2020, 21), (2021, 20), (2022, 21), (2023, 21), (2024, 21),
                       (2025, 2), (2026, 2)]


def test_planted_ingest_flags_and_no_others(sample):
    submission_flags = sample.execute(
        "SELECT check_code, year, unit_code, source_file FROM raw.submission_flags ORDER BY 1"
    ).fetchall()
    assert submission_flags == [
        ("CONFLICTING_SUBMISSION", 2023, "936", "2023/93_hau_giang/gui_lai/936_2023_r1.xlsx"),
        ("DUPLICATE_FILE", 2023, "935", "2023/93_hau_giang/ban_sao/935_2023_r1 - Copy.xlsx"),
        ("YEAR_MISMATCH", 2022, "932", "2021/93_hau_giang/932_2022_r1.xlsx"),
    ]
    cell_flags = sample.execute(
        "SELECT p.check_code, s.source_file, p.sheet, p.row_number, p.column_name "
        "FROM raw.parse_flags p JOIN raw.submissions s USING (sha256) "
        "WHERE s.status = 'current' ORDER BY 1"
    ).fetchall()
    assert cell_flags == [
        ("LEGACY_ENCODING", "2019/20_lang_son/181_2019_r1.xls", None, None, None),
        ("UNPARSEABLE_VALUE", "2023/20_lang_son/188_2023_r1.xlsx", "B01_TieuChiXa", 6,
         "E (TC2)"),
    ]


def test_legacy_workbook_names_are_converted(sample):
    names = sample.execute(
        "SELECT DISTINCT f.district_name FROM raw.files f "
        "JOIN raw.submissions s USING (sha256) WHERE s.source_file LIKE '2019/20_lang_son/181_%'"
    ).fetchall()
    assert names == [("Huyện Bình Gia",)]


def test_every_b01_row_has_a_commune_code_and_lineage(sample):
    missing = sample.execute(
        "SELECT count(*) FROM raw.b01_communes WHERE commune_code IS NULL OR row_number IS NULL "
        "OR sheet IS NULL OR source_file IS NULL OR sha256 IS NULL"
    ).fetchone()[0]
    assert missing == 0


def test_sample_readme_lists_what_the_ingest_flags(sample):
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for code in ("UNPARSEABLE_VALUE", "YEAR_MISMATCH", "CONFLICTING_SUBMISSION",
                 "LEGACY_ENCODING", "DUPLICATE_FILE"):
        assert code in readme
    assert Path(SAMPLE / "2019").is_dir()
