"""The national data set generator, on a small slice (Hậu Giang 2024 and Cần Thơ 2025).

The full set takes about a minute to write; these tests write one legacy province for the
last legacy year and the 2025 province it merged into, and check the national truth
without writing anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipelines.ingest.discover import discover
from pipelines.ingest.reader import FileResult, read_found
from samples.bundled.scope import legacy_province, new_province
from samples.national.generate import (
    README_MARKER,
    SUMMARY_FILE,
    NationalSummary,
    generate_national,
    mess_counts,
    plan_national,
    simulate_national,
)
from samples.national.scope import parse_provinces, parse_years

PROVINCES = ["93"]
YEARS = [2024, 2025]
LAYOUT = re.compile(r"^(?P<year>\d{4})/(?P<pc>\d{2})_[a-z_]+/(ban_sao/)?"
                    r"(?P<unit>\d{2,3})_(?P=year)_r(?P<rev>\d)( - Copy)?(\.xlsx|\.xls)?$")


@pytest.fixture(scope="module")
def slice_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, NationalSummary]:
    out = tmp_path_factory.mktemp("national") / "raw"
    return out, generate_national(out, YEARS, PROVINCES, workers=2)


@pytest.fixture(scope="module")
def read_back(slice_dir: tuple[Path, NationalSummary]) -> list[FileResult]:
    return [read_found(f) for f in discover(slice_dir[0])]


def test_national_truth_follows_the_domain_series():
    national = simulate_national()
    assert list(national.truth) == list(range(2016, 2026))
    assert {t.communes for y, t in national.truth.items() if y < 2025} == {7717}
    assert national.truth[2025].communes == 2621
    off = [(c.label, c.metric, c.published, c.simulated) for c in national.series if not c.ok]
    assert off == [], off
    checked = {c.metric for c in national.series if c.checked}
    assert checked == {"ntm_share", "advanced", "model", "ocop_products"}
    shares = [national.truth[y].ntm_share for y in range(2016, 2025)]
    assert shares == sorted(shares)
    assert 0.25 < shares[0] < 0.28 and 0.76 < shares[-1] < 0.80


def test_the_whole_country_is_planned_with_mess_at_realistic_rates():
    jobs = plan_national()
    sent = [j for j in jobs if j.copy_of is None and j.revision == 1]
    # 634 districts with rural communes and 63 provinces a year to 2024, less the few
    # districts that send nothing; 34 provinces in 2025.
    assert 9 * 697 - 20 < sum(j.facts.year < 2025 for j in sent) < 9 * 697
    assert sum(j.facts.year == 2025 for j in sent) == 34
    mess = mess_counts(jobs, missing=0)
    share = {k: v / len(sent) for k, v in mess.items()}
    assert 0.02 < share["format xls"] < 0.06
    assert 0.005 < share["format csv"] < 0.02
    assert 0.01 < share["revision 2 superseding revision 1"] < 0.03
    assert 0.002 < share["duplicate copy"] < 0.01
    assert 0.02 < share["late (signed after 31 January)"] < 0.04
    assert 0.005 < share["bad cell: unparseable criterion / rate 112 %"] < 0.02
    assert mess["legacy encoding (TCVN3)"] > 0


def test_slice_is_deterministic_and_laid_out(slice_dir, tmp_path):
    out, summary = slice_dir
    again = generate_national(tmp_path / "raw", YEARS, PROVINCES, workers=1)
    first = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again.out).as_posix()
                    for p in again.out.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (out / rel).read_bytes() == (again.out / rel).read_bytes(), rel

    districts = {d.unit.code for d in legacy_province("93").districts}
    submissions = {f.source_file for f in discover(out)}
    assert len(submissions) == summary.submissions
    units_by_year: dict[str, set[str]] = {}
    for rel in submissions:
        m = LAYOUT.match(rel)
        assert m, rel
        assert m["pc"] == ("93" if m["year"] == "2024" else "92"), rel
        units_by_year.setdefault(m["year"], set()).add(m["unit"])
    assert units_by_year["2024"] == districts | {"93"}
    assert units_by_year["2025"] == {"92"}
    assert summary.files >= summary.submissions and summary.bytes > 0
    assert summary.legacy_provinces == ("93",) and summary.new_provinces == ("92",)


def test_slice_is_read_by_the_ingest(read_back):
    assert read_back
    assert [r.source_file for r in read_back if r.reject_reason] == []
    for r in read_back:
        assert r.identity is not None
        if r.identity.year == 2025:
            assert (r.identity.level, r.identity.province_code) == ("province", "92")
        elif r.identity.district_code is None:
            assert (r.identity.level, r.identity.province_code) == ("province", "93")
        else:
            assert r.identity.level == "district"


def test_2025_report_lists_the_new_provinces_communes(read_back):
    (can_tho,) = [r for r in read_back if r.identity and r.identity.year == 2025]
    listed = {row["commune_code"] for row in can_tho.tables["b01_communes"]}
    assert listed == {c.code for c in new_province("92").communes}
    assert {"b01_communes", "b02_funding", "b03_ocop", "b04_targets",
            "b06_aggregates"} <= set(can_tho.tables)


def test_truth_is_what_the_current_files_say(slice_dir, read_back):
    _, summary = slice_dir
    current: dict[tuple[str, int], FileResult] = {}
    for r in read_back:
        assert r.identity is not None
        key = (r.identity.unit_code, r.identity.year)
        if key not in current or r.identity.revision > current[key].identity.revision:
            current[key] = r
    for year, truth in summary.truth_as_sent.items():
        rows = [row for (_, y), r in current.items() if y == year
                for row in r.tables.get("b01_communes", [])]
        assert len(rows) == truth.communes
        assert sum(row["ntm_year"] is not None for row in rows) == truth.ntm
        assert sum(row["advanced_year"] is not None for row in rows) == truth.advanced
        assert sum(row["model_year"] is not None for row in rows) == truth.model


def test_summary_files_and_series_check(slice_dir):
    out, summary = slice_dir
    assert summary.series_ok
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(README_MARKER)
    data = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert data["truth"]["2025"]["communes"] == summary.truth[2025].communes
    assert data["submissions"] == summary.submissions


def test_refuses_to_write_into_a_foreign_folder(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        generate_national(tmp_path, [2024], ["93"], workers=1)
    assert (tmp_path / "mine.txt").exists()


def test_years_and_provinces_options():
    assert parse_years("2016-2018,2025") == [2016, 2017, 2018, 2025]
    with pytest.raises(ValueError):
        parse_years("2015")
    assert parse_provinces(["1", "93"]) == (("01", "93"), ("01", "92"))
    with pytest.raises(ValueError):
        parse_provinces(["03"])
