"""Official releases, revisions, closing a year and flag follow-up, on real builds.

One reporting year, 2023, two districts of Lạng Sơn: Lộc Bình (188) and Đình Lập (189),
whose B06 says 5 communes are NTM where its B01 shows 1 (an AGGREGATE_MISMATCH). The
statistician explains that flag, releases the year, rebuilds it from scratch, then receives a
late revision of 188 (Xã Yên Khoái reaches NTM) and a correction of 189 (4 instead of 5:
still a mismatch, with another value), rebuilds and releases again (the year closed after
that is ``test_history_closing.py``, on a site of its own). Every step is the ``ntm``
command a statistician types, on a warehouse of its own (run in the test's process:
``Site.call``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from samples.workbooks import Aggregate, Commune, Submission, render, write_submission
from tests.conftest import district_submission
from tests.harness import Site

pytestmark = pytest.mark.build

EXPLANATION = "Huyện xác nhận: 4 xã được công nhận theo quyết định riêng"


def loc_binh(revision: int = 1, yen_khoai_ntm: bool = False,
             khanh_xuan_met: int | None = None) -> Submission:
    sub = district_submission(2023, revision=revision)
    if yen_khoai_ntm:
        code, name = sub.communes[1].code, sub.communes[1].name
        sub.communes[1] = Commune(code, name, ["x"] * 19, 19, 2023)
    if khanh_xuan_met is not None:
        code, name = sub.communes[2].code, sub.communes[2].name
        sub.communes[2] = Commune(code, name, ["x"] * khanh_xuan_met
                                  + [None] * (19 - khanh_xuan_met), khanh_xuan_met)
    return sub


def dinh_lap(revision: int = 1, ntm_reported: int = 5) -> Submission:
    communes = [Commune("06619", "Xã Bắc Xa", ["x"] * 19, 19, 2020),
                Commune("06622", "Xã Bính Xá", ["x"] * 15 + [None] * 4, 15),
                Commune("06625", "Xã Kiên Mộc", ["x"] * 10 + [None] * 9, 10)]
    return district_submission(
        2023, revision=revision, district_code="189", district_name="Huyện Đình Lập",
        communes=communes,
        aggregates=[Aggregate("SO_XA", "Số xã", 3),
                    Aggregate("SO_XA_DAT_CHUAN", "Số xã NTM", ntm_reported)])


def put(site: Site, name: str, submission: Submission) -> None:
    path = site.raw / "2023" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_submission(path, render(submission), "xlsx")


def ok(result: Any) -> str:
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-3000:])
    return result.stdout


def rows(site: Site, query: str, *options: str) -> list[dict[str, Any]]:
    return json.loads(ok(site.call("sql", *options, query, "--json")))


def indicators(site: Site, *options: str) -> dict[tuple, float]:
    return {(r["unit_code"], r["indicator_code"], r["value_kind"]): r["value"]
            for r in rows(site, "SELECT unit_code, indicator_code, value_kind, value "
                          "FROM marts.fct_indicator WHERE year = 2023", *options)}


def dinh_lap_flag(site: Site) -> dict[str, Any]:
    found = rows(site, "SELECT flag_key, reported_value, review_status, review_comment, "
                 "review_note FROM quality.flags WHERE check_code = 'AGGREGATE_MISMATCH' "
                 "AND unit_code = '189' AND indicator_code = 'SO_XA_DAT_CHUAN'")
    assert len(found) == 1, found
    return found[0]


def table(path: Path, query: str) -> set[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return set(con.execute(query).fetchall())


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole year, step by step; what each step showed is kept for the tests below."""
    site = Site.under(tmp_path_factory.mktemp("history"))
    seen: dict[str, Any] = {"site": site}
    put(site, "188_2023_r1.xlsx", loc_binh())
    put(site, "189_2023_r1.xlsx", dinh_lap())
    site.build("--year", "2023")

    flag = dinh_lap_flag(site)
    ok(site.call("review", flag["flag_key"], "--explained", EXPLANATION, "--by", "Thống kê"))
    seen["marked"] = dinh_lap_flag(site)

    seen["release_1_out"] = ok(site.call("release", "--name", "2023-first",
                                         "--note", "Số liệu chính thức năm 2023"))
    seen["first"] = indicators(site)
    seen["after_release"] = dinh_lap_flag(site)
    site.build("--full-refresh", "--year", "2023")
    seen["after_full_refresh"] = dinh_lap_flag(site)
    seen["vintages_after_full_refresh"] = rows(
        site, "SELECT count(*) AS n FROM history.fct_indicator_vintage")[0]["n"]

    put(site, "188_2023_r2.xlsx", loc_binh(2, yen_khoai_ntm=True))
    put(site, "189_2023_r2.xlsx", dinh_lap(2, ntm_reported=4))
    site.build("--year", "2023")
    seen["after_correction"] = dinh_lap_flag(site)
    seen["diff"] = rows_of_diff(site, "2023-first", "published")
    ok(site.call("release", "--name", "2023-revised"))
    seen["second"] = indicators(site)
    return seen


def rows_of_diff(site: Site, old: str, new: str) -> list[dict[str, Any]]:
    return json.loads(ok(site.call("diff", old, new, "--json")))


def test_a_mark_survives_rebuilds_and_is_lost_when_its_value_changes(story: dict) -> None:
    for step in ("marked", "after_release", "after_full_refresh"):
        assert story[step]["review_status"] == "explained", step
        assert story[step]["review_comment"] == EXPLANATION, step
    lost = story["after_correction"]
    assert lost["reported_value"] == 4
    assert lost["review_status"] == "open"
    assert "5" in lost["review_note"] and "4" in lost["review_note"]


def test_both_releases_reproduce_their_own_figures(story: dict) -> None:
    site = story["site"]
    assert indicators(site, "--as-of", "2023-first") == story["first"]
    assert indicators(site, "--as-of", "2023-revised") == story["second"]
    assert story["first"][("189", "SO_XA_DAT_CHUAN", "reported")] == 5
    assert story["second"][("189", "SO_XA_DAT_CHUAN", "reported")] == 4
    assert story["first"] != story["second"]
    listed = ok(site.call("releases"))
    assert "2023-first" in listed and "2023-revised" in listed
    assert "Số liệu chính thức năm 2023" in listed
    releases = rows(site, "SELECT release_name, note, values_revised FROM history.releases "
                    "ORDER BY release_seq")
    assert [r["release_name"] for r in releases] == ["2023-first", "2023-revised"]
    assert releases[1]["values_revised"] > 0


def test_diff_lists_exactly_the_changed_values_with_their_files(story: dict) -> None:
    site = story["site"]
    first = site.folder / "releases" / "2023-first" / "ntm.duckdb"
    second = site.folder / "releases" / "2023-revised" / "ntm.duckdb"
    # An independent comparison of the two files: every fct_indicator value that differs.
    query = ("SELECT year, unit_code, level, indicator_code, value_kind, value "
             "FROM marts.fct_indicator")
    old, new = table(first, query), table(second, query)
    changed = {r[:5] for r in old ^ new}
    listed = {(r["year"], r["unit_code"], r["item"]) for r in story["diff"]
              if r["table_name"] == "fct_indicator"}
    assert listed == {(y, u, f"{lv} · {code} · {kind}") for y, u, lv, code, kind in changed}
    assert changed, "the revisions changed figures"
    by_key = {(r["table_name"], r["unit_code"], r["item"], r["column_name"]): r
              for r in story["diff"]}
    dinh_lap_row = by_key[("fct_indicator", "189", "district · SO_XA_DAT_CHUAN · reported",
                           "value")]
    assert (dinh_lap_row["old_value"], dinh_lap_row["new_value"]) == ("5.0", "4.0")
    assert dinh_lap_row["reason"].startswith("submission: 2023/189_2023_r2.xlsx")
    assert dinh_lap_row["old_file"] == "2023/189_2023_r1.xlsx"
    yen_khoai = by_key[("fct_commune_status", "06541", "", "is_ntm")]
    assert (yen_khoai["old_value"], yen_khoai["new_value"]) == ("false", "true")
    assert "2023/188_2023_r2.xlsx" in yen_khoai["reason"]
    computed = by_key[("fct_indicator", "188", "district · SO_XA_DAT_CHUAN · computed",
                       "value")]
    assert computed["reason"].startswith("computed:")
    assert "2023/188_2023_r2.xlsx" in computed["reason"]
    # Nothing about a unit that did not change.
    assert {r["unit_code"] for r in story["diff"]} <= {"188", "189", "06541"}
    # The same release compared with itself: nothing.
    assert rows_of_diff(site, "2023-first", "2023-first") == []


def test_the_triangle_and_the_vintages_show_the_revision(story: dict) -> None:
    site = story["site"]
    triangle = rows(site, "SELECT release_name, value, revision_from_first "
                    "FROM history.fct_revision_triangle WHERE unit_code = '189' "
                    "AND indicator_code = 'SO_XA_DAT_CHUAN' AND value_kind = 'reported' "
                    "ORDER BY release_order")
    assert [(r["release_name"], r["value"], r["revision_from_first"]) for r in triangle] == [
        ("2023-first", 5, 0), ("2023-revised", 4, -1)]
    summary = rows(site, "SELECT units_revised, mean_revision, mean_abs_revision "
                   "FROM history.fct_revision_summary WHERE year = 2023 "
                   "AND indicator_code = 'SO_XA_DAT_CHUAN' AND value_kind = 'reported'")
    assert summary == [{"units_revised": 1, "mean_revision": -0.5, "mean_abs_revision": 0.5}]
    vintages = rows(site, "SELECT value, vintage_from, vintage_to, source_file "
                    "FROM history.fct_indicator_vintage WHERE unit_code = '189' "
                    "AND indicator_code = 'SO_XA_DAT_CHUAN' AND value_kind = 'reported' "
                    "ORDER BY vintage_from_order")
    assert vintages == [
        {"value": 5, "vintage_from": "2023-first", "vintage_to": "2023-first",
         "source_file": "2023/189_2023_r1.xlsx"},
        {"value": 4, "vintage_from": "2023-revised", "vintage_to": None,
         "source_file": "2023/189_2023_r2.xlsx"}]
    # A value that did not change has one vintage, still current.
    unchanged = rows(site, "SELECT vintage_from, vintage_to FROM history.fct_indicator_vintage "
                     "WHERE unit_code = '189' AND indicator_code = 'SO_XA' "
                     "AND value_kind = 'reported'")
    assert unchanged == [{"vintage_from": "2023-first", "vintage_to": None}]
    assert story["vintages_after_full_refresh"] > 0
