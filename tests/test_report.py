"""The `ntm report` page: numbers equal independent SQL, hostile text stays inert, the page
needs no network, and a real headless Chromium draws every chart."""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from plotly.offline import get_plotlyjs

from pipelines.report import page as report_page
from pipelines.report import queries, write_report
from pipelines.report.charts import nice_axis
from pipelines.report.formatting import vn_number

CHARTS = ("chart-status", "chart-criteria", "chart-funding", "chart-ocop", "chart-flags",
          "chart-today")
CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).parent / "output"


# ------------------------------------------------------------------------------- helpers


class _Doc(HTMLParser):
    """Every tag with its attributes, the text of each <script>, and for every element with
    an id the classes of the elements inside it (enough to find plotly's SVG in a chart)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.inner_classes: dict[str, set[str]] = {}
        self._stack: list[tuple[str, str | None]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        for _, ident in self._stack:
            if ident is not None:
                self.inner_classes[ident].update((a.get("class") or "").split())
        if tag == "script":
            self._script, self._text = a, []
        if tag not in self.VOID:
            if a.get("id"):
                self.inner_classes.setdefault(a["id"], set())
            self._stack.append((tag, a.get("id")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)


def parse(text: str) -> _Doc:
    doc = _Doc()
    doc.feed(text)
    doc.close()
    return doc


def chart_json(text: str, chart_id: str) -> dict:
    """The figure a chart is drawn from, as embedded in the page."""
    blocks = [body for attrs, body in parse(text).scripts if attrs.get("data-chart") == chart_id]
    assert len(blocks) == 1, chart_id
    return json.loads(blocks[0])


def province_of(trace: dict) -> str:
    match = re.search(r"\((\d+)\)$", html.unescape(trace["name"]))
    assert match, trace["name"]
    return match.group(1)


def chromium() -> Path:
    """Debian's chromium, or skip (fail when NTM_REQUIRE_BROWSER=1, as in CI)."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} not found: apt-get install chromium"
    if os.environ.get("NTM_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def run_chromium(page: Path, profile: Path, *action: str,
                 window: str = "1400,3000") -> subprocess.CompletedProcess:
    """Headless Chromium that cannot reach any network: every host resolves to nothing and
    every proxied request goes to a closed port."""
    args = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            "--proxy-server=http://127.0.0.1:9", f"--window-size={window}",
            "--virtual-time-budget=10000", *action, page.resolve().as_uri()]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def assert_offline(text: str) -> None:
    """No attribute may point outside the page; no style may import anything."""
    doc = parse(text)
    for tag, attrs in doc.tags:
        assert tag != "link", attrs
        for name, value in attrs.items():
            if name in {"src", "href", "xlink:href", "action", "srcset", "poster", "data"}:
                assert value is not None and value.startswith("#"), (tag, name, value)
    for attrs, _ in doc.scripts:
        assert "src" not in attrs, attrs
    styles = re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S)
    for style in styles:
        assert "@import" not in style and "url(" not in style


# --------------------------------------------------------------------------- sample page


@pytest.fixture(scope="module")
def sample(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    """The bundled sample's report: (page path, page text, read-only connection)."""
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    out = tmp_path_factory.mktemp("report") / "nested" / "ntm-report.html"
    assert write_report(con, out) == out
    yield out, out.read_text(encoding="utf-8"), con
    con.close()


def test_page_is_self_contained(sample) -> None:
    path, text, _ = sample
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in text and '<meta charset="utf-8">' in text
    assert "<title>Nông thôn mới — báo cáo tổng hợp / summary report</title>" in text
    # plotly.js inlined exactly once, MathJax never
    assert text.count(get_plotlyjs()[:400]) == 1
    assert text.count("plotly.js v") == 1
    assert "mathjax" not in text.replace(get_plotlyjs(), "").lower()
    assert_offline(text)
    doc = parse(text)
    ids = [a.get("id") for _, a in doc.tags]
    for chart in CHARTS:
        assert ids.count(chart) == 1
        chart_json(text, chart)  # valid JSON
    # no temporary file left beside the page
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_header_figures(sample) -> None:
    _, text, con = sample
    years, current = con.execute(
        "select list(distinct year order by year), count(*) from quality.submissions "
        "where status = 'current'").fetchone()
    assert f"{min(years)}–{max(years)} ({len(years)} năm / years)" in text
    assert f"current submissions: <b>{vn_number(current)}</b>" in text
    assert re.search(r"generated: <b>\d{4}-\d\d-\d\d \d\d:\d\d UTC</b>", text)


def test_status_chart_equals_sql(sample) -> None:
    _, text, con = sample
    fig = chart_json(text, "chart-status")
    columns = {"x": "is_ntm", "x2": "is_advanced", "x3": "is_model"}
    seen = set()
    for trace in fig["data"]:
        column = columns[trace.get("xaxis", "x")]
        code = province_of(trace)
        expected = dict(con.execute(f"""
            select year, 100.0 * sum(case when {column} then 1 else 0 end) / count(*)
            from marts.fct_commune_status where province_code = ? group by year""",
            [code]).fetchall())
        got = dict(zip(trace["x"], trace["y"], strict=True))
        assert got.keys() == expected.keys()
        for year, value in got.items():
            assert value == pytest.approx(expected[year]), (code, column, year)
        seen.add((code, column))
    provinces = {r[0] for r in con.execute(
        "select distinct province_code from marts.fct_commune_status").fetchall()}
    assert seen == {(p, c) for p in provinces for c in columns.values()}


def test_status_names_follow_the_map_of_the_year(sample) -> None:
    _, text, con = sample
    names = {html.unescape(t["name"]) for t in chart_json(text, "chart-status")["data"]}
    # Hậu Giang reported on the legacy map, Cần Thơ (92) on the 2025 map
    assert "Tỉnh Hậu Giang (93)" in names
    assert "Thành phố Cần Thơ (92)" in names
    rows = queries.status_by_province(con)
    assert {(r["year"] >= 2025, r["map_era"]) for r in rows} <= {(False, "legacy"),
                                                                  (True, "2025")}


def test_criteria_chart_equals_sql(sample) -> None:
    _, text, con = sample
    fig = chart_json(text, "chart-criteria")
    provinces = [t for t in fig["data"] if re.search(r"\(\d+\)$", t["name"])]
    assert provinces
    for trace in provinces:
        expected = dict(con.execute(
            "select year, avg(criteria_met) from marts.fct_commune_status "
            "where province_code = ? group by year", [province_of(trace)]).fetchall())
        got = dict(zip(trace["x"], trace["y"], strict=True))
        assert got == pytest.approx(expected)
    subtitle = fig["layout"]["title"]["subtitle"]["text"]
    for (criteria_set,) in con.execute(
            "select distinct criteria_set from marts.fct_commune_status").fetchall():
        assert f"bộ {criteria_set}" in subtitle


def test_funding_chart_counts_one_level(sample) -> None:
    _, text, con = sample
    fig = chart_json(text, "chart-funding")
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    line = next(t for t in fig["data"] if t["type"] == "scatter")
    years = bars[0]["x"]
    totals = [sum(b["y"][i] for b in bars) * 1000 for i in range(len(years))]
    # Every province of the sample sent its own B02, so the chart is the province rows.
    expected = dict(con.execute(
        "select year, sum(amount_million_vnd) from marts.fct_funding "
        "where level = 'province' group by year").fetchall())
    assert dict(zip(years, totals, strict=True)) == pytest.approx(expected)
    both_levels = dict(con.execute(
        "select year, sum(amount_million_vnd) from marts.fct_funding group by year").fetchall())
    assert both_levels[2020] > 1.5 * expected[2020]  # what double counting would show
    community = dict(con.execute("""
        select year, 100.0 * sum(case when is_community then amount_million_vnd else 0 end)
                     / sum(amount_million_vnd)
        from marts.fct_funding where level = 'province' group by year""").fetchall())
    assert dict(zip(line["x"], line["y"], strict=True)) == pytest.approx(community)
    # one source, one year, in billion VND, labelled from dim_funding_source
    name, amount = con.execute("""
        select s.name_vi, sum(f.amount_million_vnd) / 1000
        from marts.fct_funding f join marts.dim_funding_source s using (source_code)
        where f.level = 'province' and f.year = 2023 and f.source_code = 'central_budget'
        group by all""").fetchone()
    bar = next(b for b in bars if html.unescape(b["name"]) == name)
    assert bar["y"][years.index(2023)] == pytest.approx(amount)


def test_ocop_chart_equals_sql(sample) -> None:
    _, text, con = sample
    fig = chart_json(text, "chart-ocop")
    traces = fig["data"]
    assert len(traces) == 6 and [t["visible"] for t in traces] == [True] * 3 + [False] * 3
    for year in (2020, 2024, 2025):
        # in force on 31 December, one certificate per product (its latest)
        in_force = dict(con.execute("""
            with valid as (
                select * from marts.fct_ocop_product
                where recognized_on <= make_date(?, 12, 31)
                  and valid_until > make_date(?, 12, 31)),
            latest as (select product_key, max(recognized_on) as day from valid group by 1),
            product as (
                select v.product_key, max(v.stars) as stars
                from valid v join latest l
                  on l.product_key = v.product_key and l.day = v.recognized_on
                group by 1)
            select stars, count(*) from product group by stars""", [year, year]).fetchall())
        recognized = dict(con.execute(
            "select stars, count(*) from marts.fct_ocop_product "
            "where year(recognized_on) = ? group by stars", [year]).fetchall())
        for i, stars in enumerate((3, 4, 5)):
            shown = traces[i]["y"][traces[i]["x"].index(year)]
            assert shown == in_force.get(stars, 0), (year, stars)
            shown = traces[3 + i]["y"][traces[3 + i]["x"].index(year)]
            assert shown == recognized.get(stars, 0), (year, stars)


def test_partial_province_years_are_marked_wherever_shown(sample) -> None:
    """Lạng Sơn 2021: one district sent nothing, so the province is drawn over 10 of its 11
    expected districts; the status and criteria points are open, the tables say 10/11, the
    captions name the province-year, and the OCOP chart notes the year."""
    _, text, con = sample
    partial = con.execute("""
        select year, province_code, count(*) filter (where received), count(*)
        from quality.completeness where level = 'district'
        group by all having count(*) filter (where received) < count(*)""").fetchall()
    assert partial == [(2021, "20", 10, 11)]
    for chart in ("chart-status", "chart-criteria"):
        for trace in chart_json(text, chart)["data"]:
            if not re.search(r"\(\d+\)$", trace["name"]):
                continue
            for year, symbol, data in zip(trace["x"], trace["marker"]["symbol"],
                                          trace["customdata"], strict=True):
                is_partial = (year, province_of(trace)) == (2021, "20")
                assert (symbol == "circle-open") == is_partial, (chart, trace["name"], year)
                assert ("10/11 huyện có B01" in data[-1]) == is_partial
    status = text.split('id="sec-status"')[1].split("</section>")[0]
    assert "2021: Tỉnh Lạng Sơn (20) 10/11" in status
    assert re.search(r"<td>2021</td><td class=\"num\"><span class=\"warning\"[^>]*>10/11 ⚠",
                     status)
    ocop = chart_json(text, "chart-ocop")
    assert [a["x"] for a in ocop["layout"]["annotations"]
            if a["text"] == "một phần / partial"] == [2021]
    funding = text.split('id="sec-funding"')[1].split("</section>")[0]
    assert "every province-year is whole (B02" in funding  # every province sent its own B02


def test_todays_map_chart_equals_sql_and_marks_part_provinces(sample) -> None:
    """Chart 5: the share of NTM communes on today's communes, every year; the new Cần Thơ
    before 2025 covers only the communes formed from Hậu Giang's, so its points are open."""
    _, text, con = sample
    traces = {province_of(t): t for t in chart_json(text, "chart-today")["data"]}
    assert set(traces) == {"20", "92"}
    expected = {(y, p): (pct, known, total) for y, p, pct, known, total in con.execute("""
        select m.year, m.province_code,
               100.0 * count(*) filter (where m.is_ntm) / count(m.is_ntm),
               count(m.is_ntm), any_value(t.n)
        from marts.fct_commune_status_current_map as m
        join (select province_code, count(*) as n from marts.dim_admin_unit
              where map_era = '2025' and level = 'commune' and is_rural_commune
              group by all) as t using (province_code)
        group by all""").fetchall()}
    for code, trace in traces.items():
        for year, y, symbol in zip(trace["x"], trace["y"], trace["marker"]["symbol"],
                                   strict=True):
            pct, known, total = expected[(year, code)]
            assert y == pytest.approx(pct)
            assert (symbol == "circle-open") == (known < total), (code, year)
    assert traces["92"]["marker"]["symbol"][0] == "circle-open"  # 2019: Hậu Giang's only
    assert traces["92"]["marker"]["symbol"][-1] == "circle"  # 2025: its own report


def test_results_by_commune_group_where_b01_reported_groups(sample) -> None:
    """2026 B01s carry each commune's group (Decision 51/2025): the status section breaks the
    communes, NTM and average criteria met down by group, and the groups add up."""
    _, text, con = sample
    section = text[text.index('id="sec-status"'):text.index('id="sec-criteria"')]
    assert "by commune group" in section
    groups = con.execute("""
        select province_code, commune_group, count(*), count(*) filter (where is_ntm)
        from marts.fct_commune_status where year = 2026 group by all""").fetchall()
    assert {g for _, g, _, _ in groups} == {1, 2, 3}
    table = section[section.index("by commune group"):]
    for province, group, communes, ntm in groups:
        name = con.execute("select name_vi from marts.dim_commune_group where commune_group = ?",
                           [group]).fetchone()[0]
        assert f"{group}. {html.escape(name)}" in table
        assert f"<td class=\"num\">{communes}</td><td class=\"num\">{ntm}</td>" in table, (
            province, group)
    years = {int(y) for y in re.findall(r"<td>(20\d\d)</td>", table)}
    assert years == {2026}, "only the years in which B01 reported groups"


def test_every_yearly_chart_marks_the_map_change(sample) -> None:
    """Counts and money jump at the merged map of 2025: each yearly chart has the dotted
    line between 2024 and 2025, not only the status chart."""
    _, text, _ = sample
    for chart in ("chart-status", "chart-criteria", "chart-funding", "chart-ocop"):
        lines = [sh for sh in chart_json(text, chart)["layout"].get("shapes", [])
                 if sh["type"] == "line" and sh["line"]["dash"] == "dot"]
        assert lines and {sh["x0"] for sh in lines} == {2024.5}, chart


def _is_round(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))


def test_axis_ticks_fall_on_round_values(sample, hostile) -> None:
    """Every value axis starts at zero, steps by 1, 2, 2,5 or 5 times a power of ten and ends
    on a tick, whatever the largest value is."""
    pages = [sample[1], hostile[1]]
    for text in pages:
        for chart in CHARTS:
            layout = chart_json(text, chart)["layout"]
            axes = [k for k in layout if re.fullmatch(r"yaxis\d*", k)]
            if chart == "chart-flags":
                axes = ["xaxis"]
            for axis in axes:
                spec = layout[axis]
                if "range" not in spec and chart == "chart-status":
                    continue  # shared y axes of panels 2 and 3 follow panel 1
                low, high = spec["range"]
                step = spec["dtick"]
                assert low == 0 and _is_round(step), (chart, axis, spec)
                assert math.isclose(high / step, round(high / step)) \
                    or high == 105, (chart, axis, spec)


def test_nice_axis() -> None:
    assert nice_axis(3.24 * 1.08) == (4.0, 1.0)
    assert nice_axis(2357.0) == (2500.0, 500.0)
    assert nice_axis(12.0) == (12.5, 2.5)
    assert nice_axis(7.0, whole=True) == (8.0, 2.0)
    assert nice_axis(1.2, whole=True) == (2.0, 1.0)
    assert nice_axis(0.0) == (1.0, 0.2)


def test_flags_chart_and_tables_equal_sql(sample) -> None:
    _, text, con = sample
    fig = chart_json(text, "chart-flags")
    by_severity = dict(con.execute(
        "select severity, count(*) from quality.flags group by all").fetchall())
    shown = {t["name"].split(" / ")[1]: sum(t["x"]) for t in fig["data"]}
    assert shown == by_severity
    top = queries.flags_top_units(con)
    expected = con.execute("""
        select unit_code, count(*) from quality.flags where unit_code is not null
        group by all order by 2 desc, 1 limit 1""").fetchone()
    assert (top[0]["unit_code"], top[0]["flags"]) == expected
    assert len(top) == min(10, con.execute(
        "select count(distinct (level, unit_code)) from quality.flags "
        "where unit_code is not null").fetchone()[0])
    for unit in top:
        assert unit["unit_name"], unit  # named even when the flag itself carries no name
        assert f"<td>{html.escape(unit['unit_name'])}</td>" in text
    total = con.execute("select count(*) from quality.flags").fetchone()[0]
    assert f"{total} cờ trong quality.flags" in text


def test_key_figures_table_reads_without_javascript(sample) -> None:
    _, text, con = sample
    latest = con.execute("select max(year) from marts.fct_commune_status").fetchone()[0]
    section = text.split('id="sec-key"')[1].split("</section>")[0]
    communes, ntm = con.execute(
        "select count(*), count(*) filter (where is_ntm) from marts.fct_commune_status "
        "where year = ?", [latest]).fetchone()
    total_row = re.search(r'<tr class="total">(.*?)</tr>', section).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", total_row)
    assert cells[2] == vn_number(communes) and cells[3] == vn_number(ntm)
    assert f"key figures {latest}" in text


def test_write_report_replaces_atomically(sample, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, con = sample
    out = tmp_path / "a" / "b" / "report.html"
    out.parent.mkdir(parents=True)
    out.write_text("previous report", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(report_page.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_report(con, out)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]
    monkeypatch.undo()
    write_report(con, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


# ------------------------------------------------------------------------ hostile input

PWN = "document.body.setAttribute('data-pwned','1')"
SCRIPT_BREAK = f"</script><script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
LINK = '<a href="https://evil.example/">bấm</a>'
# Vietnamese typed decomposed (NFD), as some submissions are
NFD_NAME = unicodedata.normalize("NFD", "Tỉnh Lào Cai ư ơ đ ạ ữ ệ")
LEGACY_NAME = f'Tỉnh Yên Bái {SCRIPT_BREAK} "quoted" & \'single\''


def build_hostile_warehouse(path: Path) -> Path:
    """A tiny warehouse with only the contract columns the report reads, and hostile text
    wherever a submission could put some. Province 15 is a different place in each map."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema quality;")
    con.execute("""
        create table marts.dim_admin_unit as select * from (values
          ('15', 'province', ?, null, '15', null::date, date '2025-06-30', 'legacy', true,
           false),
          ('15', 'province', ?, null, '15', date '2025-07-01', null::date, '2025', true, false),
          ('153', 'district', ?, '15', '15', null::date, date '2025-06-30', 'legacy', true,
           false),
          ('04002', 'commune', 'Xã Mới', '15', '15', date '2025-07-01', null::date, '2025',
           true, true),
          ('04003', 'commune', 'Xã Khác', '15', '15', date '2025-07-01', null::date, '2025',
           true, true))
        as t(unit_code, level, name, parent_code, province_code, valid_from, valid_to,
             map_era, in_reference, is_rural_commune)""",
                [LEGACY_NAME, NFD_NAME + " " + LINK, IMG + " Huyện"])
    # today's communes: 2024 restated (one of the two without a status), 2025 as reported
    con.execute("""
        create table marts.fct_commune_status_current_map as select * from (values
          (2024, '15', '04002', true, 'parts_agree'),
          (2024, '15', '04003', null, 'parts_missing'),
          (2025, '15', '04002', true, 'reported'),
          (2025, '15', '04003', false, 'reported'))
        as t(year, province_code, commune_code, is_ntm, rule)""")
    con.execute("""
        create table marts.fct_commune_status as select * from (values
          (2024, '15', '04000', ?, '2021-2025', 19, 19, true, true, false, 'legacy', null),
          (2024, '15', '04001', 'Xã Hòa', '2021-2025', 19, 15, false, false, false, 'legacy',
           null),
          (2025, '15', '04002', 'Xã Mới', '2021-2025', 19, 18, true, false, false, '2025', 2))
        as t(year, province_code, commune_code, commune_name, criteria_set, criteria_count,
             criteria_met, is_ntm, is_advanced, is_model, map_era, commune_group)""",
                [SCRIPT_BREAK])
    con.execute("""
        create table marts.dim_commune_group as select * from (values
          (2, '2026-2030', ?, 'Mountain communes')) as t(commune_group, criteria_set, name_vi,
                                                         name_en)""", [SCRIPT_BREAK])
    con.execute("""
        create table marts.dim_criterion as select * from (values
          ('2021-2025', 1, '318/QĐ-TTg', 19)) as t(criteria_set, criterion_no, decision,
                                                   criteria_count)""")
    con.execute("""
        create table marts.dim_funding_source as select * from (values
          ('central_budget', '1', 'Ngân sách trung ương', 'Central budget', false, null),
          ('community_cash', '6.1', 'Tiền mặt', 'Cash', true, '6'))
        as t(source_code, b02_code, name_vi, name_en, is_community, part_of_b02_code)""")
    con.execute("""
        create table marts.fct_funding as select * from (values
          (2024, '15', 'province', '15', 'central_budget', false, 1000.0, 'legacy', true),
          (2024, '153', 'district', '15', 'central_budget', false, 1000.0, 'legacy', false),
          (2024, '15', 'province', '15', 'community_cash', true, 250.0, 'legacy', true),
          (2025, '15', 'province', '15', 'central_budget', false, 2000.0, '2025', true))
        as t(year, unit_code, level, province_code, source_code, is_community,
             amount_million_vnd, map_era, counts_once)""")
    con.execute("""
        create table marts.fct_ocop_product as select * from (values
          (2024, '153', 'district', '15', '04000', ?, ?, 'Thực phẩm', 5,
           date '2024-05-01', 2024, date '2027-05-01', '04000|x', 'legacy'))
        as t(year, unit_code, level, province_code, commune_code, product_name, producer,
             product_group_name, stars, recognized_on, recognized_year, valid_until,
             product_key, map_era)""",
                [SCRIPT_BREAK + " Chè ưng ý", IMG])
    # The certificate in force at the end of 2024 and 2025, as the dbt model lists it.
    con.execute("create schema reporting")
    con.execute("""
        create table reporting.rpt_ocop_in_force as
        select y.year, p.product_key, p.stars, p.product_name, p.producer,
               p.product_group_name, p.recognized_on, p.valid_until, p.year as listed_year,
               p.level as listed_by_level, p.unit_code as listed_by, p.province_code,
               p.map_era
        from marts.fct_ocop_product as p cross join (values (2024), (2025)) as y(year)""")
    # District 153 sent its B01 and B03 in 2024, the other district of the province did not.
    con.execute("""
        create table reporting.rpt_province_coverage as select * from (values
          (2024, '15', 'legacy', 'district', 2, 1, 2, 1, false, true, false),
          (2025, '15', '2025', 'province', 1, 1, 1, 1, true, true, true))
        as t(year, province_code, map_era, reporting_level, units_expected, units_with_b01,
             units_with_b02, units_with_b03, communes_complete, funding_complete,
             ocop_complete)""")
    con.execute("""
        create table quality.flags as select * from (values
          ('STATUS_ORDER', 'error', 2024, 'district', '153', null, ?, ?, 'B01', 7, 'legacy'),
          ('UNKNOWN_UNIT', 'warning', 2024, 'district', '199', ?, 'x', 'f.xlsx', 'B01', 8,
           'legacy'))
        as t(check_code, severity, year, level, unit_code, unit_name, message, source_file,
             sheet, row_number, map_era)""",
                [IMG + " " + SCRIPT_BREAK, f'2024/"{SCRIPT_BREAK}".xlsx',
                 SCRIPT_BREAK + " Huyện Đ"])
    con.execute("""
        create table quality.submissions as select * from (values
          (2024, 'province', '15', 'current', 'a.xlsx'),
          (2025, 'province', '15', 'current', 'b.xlsx'))
        as t(year, level, unit_code, status, source_file)""")
    con.close()
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    warehouse = build_hostile_warehouse(folder / "tiny.duckdb")
    con = duckdb.connect(str(warehouse), read_only=True)
    out = write_report(con, folder / "page" / "report.html")
    con.close()
    return out, out.read_text(encoding="utf-8")


def test_hostile_text_is_escaped(hostile) -> None:
    _, text = hostile
    ours = text.replace(get_plotlyjs(), "")  # the bundle has its own strings, e.g. maplibre
    for raw in (SCRIPT_BREAK, IMG, LINK, "<script>document", "<img", "<a href=\"https"):
        assert raw not in ours, raw
    doc = parse(text)
    for _tag, attrs in doc.tags:  # no handler, no attribute made from submitted text
        assert not any(n.startswith("on") or "pwned" in (v or "") for n, v in attrs.items())
    # plotly.js, six chart JSON blocks, the renderer: nothing else
    assert [t for t, _ in doc.tags].count("script") == 8
    assert not [t for t, _ in doc.tags if t in {"img", "iframe", "object", "embed"}]
    assert all(a.get("href", "#").startswith("#") for t, a in doc.tags if t == "a")
    for attrs, body in doc.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in body and ">" not in body and "&" not in body
    # HTML tables carry html.escape'd text
    assert html.escape(unicodedata.normalize("NFC", LEGACY_NAME)) in text
    assert html.escape(IMG) in text  # OCOP producer, flagged unit's district name
    assert html.escape(f'2024/"{SCRIPT_BREAK}".xlsx') in text  # file name
    assert html.escape(SCRIPT_BREAK + " Huyện Đ") in text  # name only the flag carries
    assert_offline(text)


def test_hostile_names_survive_in_charts_and_vietnamese(hostile) -> None:
    _, text = hostile
    nfc = unicodedata.normalize("NFC", NFD_NAME)
    assert nfc in text and "ư ơ đ ạ ữ ệ" in text
    names = {html.unescape(t["name"]) for t in chart_json(text, "chart-status")["data"]}
    # the same code, two provinces: one line each, named from the map of its year
    assert names == {f"{LEGACY_NAME} (15)", f"{nfc} {LINK} (15)"}
    fig = chart_json(text, "chart-status")
    legacy = next(t for t in fig["data"] if "Yên Bái" in t["name"] and t["xaxis"] == "x")
    assert legacy["x"] == [2024] and legacy["y"] == [50.0]
    funding = chart_json(text, "chart-funding")
    bars = {html.unescape(t["name"]): t["y"] for t in funding["data"] if t["type"] == "bar"}
    # the district row of 2024 is covered by the province's own B02: not added again
    assert bars["Ngân sách trung ương"] == [1.0, 2.0]
    assert bars["Tiền mặt"] == [0.25, 0.0]


def test_empty_warehouse_still_renders(tmp_path: Path) -> None:
    warehouse = build_hostile_warehouse(tmp_path / "empty.duckdb")
    con = duckdb.connect(str(warehouse))
    for table in ("marts.fct_commune_status", "marts.fct_funding", "marts.fct_ocop_product",
                  "marts.fct_commune_status_current_map", "quality.flags",
                  "quality.submissions"):
        con.execute(f"delete from {table}")
    text = report_page.render_report(con, dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC))
    con.close()
    assert "generated: <b>2026-01-02 03:04 UTC</b>" in text
    for chart in CHARTS:
        assert "Không có số liệu / no data" in json.dumps(chart_json(text, chart),
                                                          ensure_ascii=False)


# ----------------------------------------------------------------------- real browser


def test_browser_draws_every_chart(sample, hostile, tmp_path: Path) -> None:
    page, _, _ = sample
    dom = run_chromium(page, tmp_path / "profile", "--dump-dom").stdout
    doc = parse(dom)
    for chart in CHARTS:
        assert "main-svg" in doc.inner_classes.get(chart, set()), chart
    assert_offline_dom(doc)

    shot = OUTPUT / "report.png"
    OUTPUT.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    run_chromium(page, tmp_path / "profile", f"--screenshot={shot}")
    print(f"report screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000

    # the hostile page draws too, and nothing it carries ran
    hostile_page, _ = hostile
    dom = run_chromium(hostile_page, tmp_path / "profile", "--dump-dom").stdout
    doc = parse(dom)
    for chart in CHARTS:
        assert "main-svg" in doc.inner_classes.get(chart, set()), chart
    body = next(a for t, a in doc.tags if t == "body")
    assert "data-pwned" not in body
    # plotly shows the names exactly as typed (NFC), no entity left undecoded
    legend = {html.unescape(t) for t in re.findall(r'class="legendtext"[^>]*>(.*?)</text>', dom)}
    nfc = unicodedata.normalize("NFC", NFD_NAME)
    assert {f"{LEGACY_NAME} (15)", f"{nfc} {LINK} (15)"} <= legend
    assert_offline_dom(doc)


def assert_offline_dom(doc: _Doc) -> None:
    """After plotly ran: still no element pointing outside the page (no logo link, no link
    made from a label)."""
    for tag, attrs in doc.tags:
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name)
            assert value is None or not re.match(r"\s*(https?:|//)", value), (tag, value)
        assert tag not in {"img", "iframe", "link"}, (tag, attrs)


def test_browser_shows_the_quality_report_at_1280_pixels(sample_warehouse: Path,
                                                         tmp_path: Path) -> None:
    """The build's quality report, as a statistician's browser shows it on a 1280-pixel
    screen: bilingual headings, every check with its labels, and a screenshot to look at."""
    page = sample_warehouse.parent / "quality_report.html"
    dom = run_chromium(page, tmp_path / "profile", "--dump-dom", window="1280,2000").stdout
    assert "Theo loại kiểm tra / by check" in dom and "Chưa gửi báo cáo" in dom
    assert "<script" not in dom
    shot = OUTPUT / "quality_report.png"
    OUTPUT.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    run_chromium(page, tmp_path / "profile", f"--screenshot={shot}", window="1280,2000")
    print(f"quality report screenshot: {shot}")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 1280 and len(png) > 20_000
