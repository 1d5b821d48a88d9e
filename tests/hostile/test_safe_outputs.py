"""Outputs that cannot be turned against their readers.

A submission's text ends up in CSV files opened in spreadsheets and in HTML pages opened in
browsers. Each test builds an output from the hostile values of ``support_outputs`` (script
tags, attribute breakers, template braces, ``javascript:`` links, spreadsheet formulas) and
checks that none of it can act, while the reader still gets the text exactly as it was sent.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.offline import get_plotlyjs

from pipelines.export import export_warehouse
from pipelines.export.csv_tables import (
    CELL_BREAKS,
    FORMULA_START,
    GUARDED,
    guard_sql,
    guard_text,
    original_text,
)
from pipelines.quality.report import write_report as write_quality_report
from pipelines.report.formatting import label
from pipelines.report.page import render_report
from pipelines.settings import PROJECT_ROOT
from tests.harness import Site
from tests.hostile.support_outputs import (
    END_SCRIPT,
    FORMULAS,
    HTML_PAYLOADS,
    JS_URL,
    TEMPLATE,
    build_hostile_warehouse,
    hostile,
    parse,
)

NTM = [sys.executable, "-m", "pipelines.cli"]
CHROMIUM = Path("/usr/bin/chromium")

# What a spreadsheet takes as a formula at the start of a cell, quote marks looked through.
DANGEROUS_START = re.compile(r'^"*[=+\-@\t\r\x00]')


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hostile warehouse for the module: building it takes longer than the checks."""
    return build_hostile_warehouse(tmp_path_factory.mktemp("hostile") / "tiny.duckdb")


def cell_starts(raw: str) -> list[str]:
    """Every place a cell can begin when a spreadsheet reads ``raw`` either way: by RFC 4180
    (handled by the caller with the csv module) or, as Excel does on a double-click where the
    list separator is ``;``, cut at every line break and ``;`` whatever the quotes say."""
    return [piece for line in re.split(r"\r\n|\n|\r", raw) for piece in line.split(";")]


# ------------------------------------------------------------------- the CSV guard itself


@pytest.mark.parametrize("char", list(FORMULA_START))
def test_a_formula_character_is_guarded_at_the_start_and_after_every_break(char: str) -> None:
    assert guard_text(f"{char}1+1") == f"'{char}1+1"
    assert guard_text(f'"{char}1+1"') == f"'\"{char}1+1\""  # a quoted formula still runs
    for cut in CELL_BREAKS:
        assert guard_text(f"Xã A{cut}{char}1") == f"Xã A{cut}'{char}1"
    assert original_text(guard_text(f"{char}1+1")) == f"{char}1+1"


@pytest.mark.parametrize("text", ["", "Xã Mẫu Sơn", "06532", "a - b", "a; b", "x=1",
                                  "'quoted", "2024-01-31", "1.234,5", "3 + 4"])
def test_ordinary_text_is_written_as_it_is(text: str) -> None:
    assert guard_text(text) == text
    assert original_text(text) == text


def test_a_text_already_starting_with_a_quote_gets_one_more_so_nothing_is_lost() -> None:
    # Without this a reader could not tell "'=x" typed by a district from "=x" guarded.
    assert guard_text("'=x") == "''=x"
    assert {original_text(guard_text(t)) for t in ("=x", "'=x", "''=x")} == {
        "=x", "'=x", "''=x"}


TEXT = st.text(alphabet=st.sampled_from(list("ab ;'\"=+-@\t\r\n\x00ẫ,")), max_size=12)


@pytest.fixture(scope="module")
def memory() -> duckdb.DuckDBPyConnection:
    """One in-memory connection for all the generated examples (a new one costs more than
    the query)."""
    with duckdb.connect() as con:
        yield con


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=20))
def test_the_sql_guard_equals_the_python_guard_and_both_undo_exactly(
        memory: duckdb.DuckDBPyConnection, texts: list[str]) -> None:
    sql = memory.execute(f"SELECT {guard_sql('t')} FROM unnest(?) AS u(t)", [texts]).fetchall()
    assert [g for (g,) in sql] == [guard_text(t) for t in texts]
    for text in texts:
        guarded = guard_text(text)
        assert original_text(guarded) == text
        # no place where a spreadsheet may start a cell starts with a formula
        starts = [0] + [i + 1 for i, c in enumerate(guarded) if c in CELL_BREAKS]
        assert not [i for i in starts if DANGEROUS_START.match(guarded[i:])], guarded


def test_null_stays_null_in_sql() -> None:
    with duckdb.connect() as con:
        assert con.execute(f"SELECT {guard_sql('NULL::VARCHAR')}").fetchone() == (None,)


# ------------------------------------------------------------------- the exported files


def read_rows(path: Path) -> list[list[str]]:
    """The file as an RFC 4180 reader (Excel's import, pandas, polars) sees its fields."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def exported(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CSV and SDMX-CSV of the hostile warehouse, written once for the tests that read them."""
    out = tmp_path_factory.mktemp("export")
    with duckdb.connect(str(tiny), read_only=True) as con:
        export_warehouse(con, out, ["csv", "sdmx"])
    return out


def test_csv_export_guards_every_text_cell_and_leaves_numbers_alone(tiny: Path,
                                                                     exported: Path) -> None:
    guarded_cells = 0
    with duckdb.connect(str(tiny), read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('marts', 'quality') ORDER BY ALL").fetchall()
        assert len(tables) == 15
        for schema, table in tables:
            types = dict(con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ?", [schema, table]).fetchall())
            rows = read_rows(exported / "csv" / f"{schema}.{table}.csv")
            header, body = rows[0], rows[1:]
            expected = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
            assert len(body) == len(expected), table
            for i, name in enumerate(header):
                if types[name] != "VARCHAR":
                    continue
                column = sorted("" if r[i] is None else r[i] for r in expected)
                cells = sorted(r[i] for r in body)
                # the file differs from the warehouse by the guard, and by nothing else
                assert sorted(guard_text(v) for v in column) == cells, (table, name)
                assert sorted(original_text(c) for c in cells) == column, (table, name)
                guarded_cells += sum(c != original_text(c) for c in cells)
                # every field starts harmlessly when read by the RFC
                assert not [c for c in cells if DANGEROUS_START.match(c)], (table, name)
    assert guarded_cells > 40  # the hostile values were there, and were guarded
    funding = read_rows(exported / "csv" / "marts.fct_funding.csv")
    amounts = {r[funding[0].index("amount_million_vnd")] for r in funding[1:]}
    assert "-3.0" in amounts  # a negative number stays a number
    sort_order = read_rows(exported / "csv" / "marts.dim_indicator.csv")[1][-1]
    assert sort_order == "-1"


def test_no_csv_cell_starts_a_formula_even_when_split_at_semicolons(exported: Path) -> None:
    files = [*sorted((exported / "csv").glob("*.csv")), exported / "sdmx" / "fct_indicator.csv",
             exported / "sdmx" / "fct_target.csv"]
    assert len(files) == 17  # the public tables of the tiny warehouse and the two SDMX files
    for path in files:
        raw = path.read_text(encoding="utf-8-sig")
        assert re.search(r"'\"*[=+\-@\t\r]", raw), path  # a guarded formula is in each
        for start in cell_starts(raw):
            assert not DANGEROUS_START.match(start), (path.name, start[:60])


def test_sdmx_guards_codes_and_attributes_but_not_the_value(tiny: Path, exported: Path) -> None:
    rows = read_rows(exported / "sdmx" / "fct_indicator.csv")
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    with duckdb.connect(str(tiny), read_only=True) as con:
        code, unit = con.execute(
            "SELECT indicator_code, unit_en FROM marts.dim_indicator").fetchone()
    assert {r["INDICATOR"] for r in records} == {guard_text(code)} != {code}
    assert {r["UNIT_MEASURE"] for r in records} == {guard_text(unit)} != {unit}
    assert {original_text(r["INDICATOR"]) for r in records} == {code}
    assert sorted(r["OBS_VALUE"] for r in records) == ["-3", "19"]
    assert rows[0][0] == "STRUCTURE" and {r["STRUCTURE"] for r in records} == {"dataflow"}
    targets = read_rows(exported / "sdmx" / "fct_target.csv")
    records = [dict(zip(targets[0], r, strict=True)) for r in targets[1:]]
    assert {r["INDICATOR"] for r in records} == {guard_text(code)} != {code}
    assert sorted((r["MEASURE"], r["OBS_VALUE"]) for r in records) == [
        ("actual", "-2"), ("target", "5")]


def test_docs_give_the_rule_and_the_way_back() -> None:
    bi = (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8")
    assert GUARDED.pattern in bi  # the documented way back is the code's own
    for words in ("formula", "`=`, `+`, `-`, `@`", "`;`", "--json"):
        assert words in bi, words
    operations = (PROJECT_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "--csv" in operations and "formula" in operations


# ------------------------------------------------------------------- `ntm ... --csv`


def ntm(*args: str, warehouse: Path) -> subprocess.CompletedProcess:
    """``ntm *args`` on ``warehouse``, through the command's own entry point in this process
    (tests/harness.py): its exit code and its output as written, without newline translation
    (a carriage return inside a CSV field is part of what is tested)."""
    return Site.reading(warehouse).call(*args)


def test_ntm_csv_output_is_guarded_and_json_is_exact(tiny: Path) -> None:
    query = ("SELECT name, -3 AS n, -2.5 AS d, 1 AS \"=cmd\" FROM marts.dim_admin_unit "
             "ORDER BY unit_code, name")
    with duckdb.connect(str(tiny), read_only=True) as con:
        names = [n for (n,) in con.execute(
            "SELECT name FROM marts.dim_admin_unit ORDER BY unit_code, name").fetchall()]
    result = ntm("sql", query, "--csv", warehouse=tiny)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    assert rows[0] == ["name", "n", "d", "'=cmd"]  # a PIVOT makes headers from values
    assert [r[0] for r in rows[1:]] == [guard_text(n) for n in names]
    assert [original_text(r[0]) for r in rows[1:]] == names
    assert {(r[1], r[2]) for r in rows[1:]} == {("-3", "-2.5")}
    for start in cell_starts(result.stdout):
        assert not DANGEROUS_START.match(start), start
    result = ntm("sql", query, "--json", warehouse=tiny)
    assert [r["name"] for r in json.loads(result.stdout)] == names


def test_ntm_flags_and_status_csv_are_guarded(tiny: Path) -> None:
    with duckdb.connect(str(tiny), read_only=True) as con:
        messages = sorted(m for (m,) in con.execute("SELECT message FROM quality.flags")
                          .fetchall())
    result = ntm("flags", "--csv", warehouse=tiny)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    column = rows[0].index("message")
    assert sorted(r[column] for r in rows[1:]) == sorted(guard_text(m) for m in messages)
    assert "-3.0" in {r[rows[0].index("reported_value")] for r in rows[1:]}
    status = ntm("status", "--year", "2024", "--csv", warehouse=tiny)
    assert status.returncode == 0, status.stderr
    for output in (result.stdout, status.stdout):
        for start in cell_starts(output):
            assert not DANGEROUS_START.match(start), start
    assert "'=HYPERLINK" in status.stdout


# ------------------------------------------------------------------------- HTML pages


SAFE_TAGS = {"html", "head", "meta", "title", "style", "script", "body", "header", "h1", "h2",
             "h3", "p", "b", "main", "noscript", "nav", "a", "section", "div", "details",
             "summary", "table", "thead", "tbody", "tr", "th", "td", "span",
             # the quality report's own: check labels under their codes, column widths
             "br", "small", "colgroup", "col"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                  "data", "background", "ping"}


def assert_inert(page: str, expected_scripts: int) -> None:
    """No tag, attribute, handler, link or script made from a submitted value."""
    ours = page.replace(get_plotlyjs(), "")  # the bundle has strings of its own
    for payload in HTML_PAYLOADS:
        if payload != TEMPLATE:
            assert payload not in ours, payload
    assert "<img" not in ours and "<svg" not in ours  # as text they read "&lt;img"
    doc = parse(page)
    assert {tag for tag, _ in doc.tags} <= SAFE_TAGS
    for tag, attrs in doc.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in URL_ATTRIBUTES:
                assert (value or "").startswith("#"), (tag, name, value)
            if "<" in (value or "") or "javascript:" in (value or ""):
                # a submitted severity names a CSS class: a word list, never a URL or code
                assert name == "class", (tag, name, value)
    assert [t for t, _ in doc.tags].count("script") == expected_scripts
    for attrs, body in doc.scripts:
        if attrs.get("type") == "application/json":
            assert not set("<>&") & set(body), attrs


def assert_csp(page: str, scripts: bool) -> dict[str, list[str]]:
    """The policy is the first thing in <head> after the charset, and lets exactly the page's
    own scripts run."""
    doc = parse(page)
    metas = [a for t, a in doc.tags if t == "meta"]
    assert metas[0].get("charset") == "utf-8"
    assert metas[1].get("http-equiv") == "Content-Security-Policy"
    first_script = next((i for i, (t, _) in enumerate(doc.tags) if t == "script"), None)
    assert first_script is None or doc.tags.index(("meta", metas[1])) < first_script
    policy = {d.split()[0]: d.split()[1:] for d in metas[1]["content"].split(";")}
    assert policy["default-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    running = [body for attrs, body in doc.scripts if attrs.get("type") != "application/json"]
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
              + "'" for s in running]
    if scripts:
        assert sorted(policy["script-src"]) == sorted(hashes) and len(hashes) == 2
    else:
        assert "script-src" not in policy and not running
    assert "connect-src" not in policy  # falls back to 'none'
    return policy


def visible(text: str) -> str:
    """``text`` as a browser shows it: NFC (the report normalizes), line breaks as LF (HTML
    parsing turns CR and CRLF into LF, as reading the file as text does here)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def strings(value: object) -> set[str]:
    """Every string anywhere in decoded JSON."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(strings(v) for v in value)) if value else set()
    return set()


@pytest.fixture(scope="module")
def report_page(tiny: Path) -> str:
    """The report page of the hostile warehouse, rendered once (plotly makes it slow-ish)."""
    with duckdb.connect(str(tiny), read_only=True) as con:
        return render_report(con)


def test_report_page_shows_hostile_text_as_text(report_page: str) -> None:
    assert_inert(report_page, expected_scripts=8)  # plotly, six chart data blocks, renderer
    assert_csp(report_page, scripts=True)
    seen = visible("".join(parse(report_page).text))
    # names, criteria set, funding sources, OCOP product, flag message, file and sheet, and
    # the flag's check, severity, level and unit: all shown, exactly as typed
    for i in (0, 1, 6, 10, 11, 12, 13, 14, 15, 16, 17, 24, 26, 27, 28, 30, 31, 32, 33, 34):
        assert visible(hostile(i)) in seen, i
    assert TEMPLATE in seen  # shown as typed: nothing on the page evaluates templates
    # charts: plotly decodes entities in labels; what it gets is the escaped text, so it
    # draws the characters and never a tag or a link
    doc = parse(report_page)
    charts = {attrs["data-chart"]: json.loads(body) for attrs, body in doc.scripts
              if attrs.get("data-chart")}
    names = {t["name"] for t in charts["chart-status"]["data"]}
    assert f"{label(hostile(0))} (20)" in names
    assert all("<" not in n for n in names)
    labels = strings(charts)
    assert label(hostile(30)) in labels and label(hostile(31)) in labels  # check, severity
    assert any(JS_URL in t for t in labels) and not any("<a href" in t for t in labels)


def test_quality_report_shows_hostile_text_as_text(tiny: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(tiny), read_only=True) as con:
        page = write_quality_report(con, tmp_path / "quality_report.html").read_text(
            encoding="utf-8")
    assert_inert(page, expected_scripts=0)
    assert_csp(page, scripts=False)
    seen = visible("".join(parse(page).text))
    for i in (23, 24, 25, 26, 27, 28, 30, 31, 32, 33, 34, 35, 36, 37, 38):
        assert visible(hostile(i)) in seen, i
    # the severity also names a CSS class: escaped inside the attribute, not breaking out
    classes = {a.get("class") for t, a in parse(page).tags if t == "td" and a.get("class")}
    assert hostile(31) in classes


# ------------------------------------------------------------------- in a real browser


def chromium() -> Path:
    """Debian's chromium, or a skip (a failure where NTM_REQUIRE_BROWSER=1, as in CI)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("NTM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} not found")
    pytest.skip(f"{CHROMIUM} not found: apt-get install chromium")


def dump_dom(page: Path, profile: Path) -> str:
    """The page after its scripts ran, in a Chromium that cannot reach any network."""
    args = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9", "--window-size=1400,3000",
            "--virtual-time-budget=10000", "--dump-dom", page.resolve().as_uri()]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


PWN = "document.body.setAttribute('data-pwned','1')"
SLIPPED = (f"<script>{PWN}</script><img src=x onerror=\"{PWN}\">"
           f"<svg onload=\"{PWN}\"></svg>{END_SCRIPT}")


def test_in_a_browser_nothing_runs_even_markup_that_slipped_through(
        report_page: str, tiny: Path, tmp_path: Path) -> None:
    """The hostile page draws every chart, and should escaping ever fail, the policy still
    stops a script or handler pasted straight into the page."""
    page = tmp_path / "report.html"
    page.write_text(report_page, encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    assert dom.count('class="main-svg"') >= 5  # the policy lets plotly draw
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    tampered = tmp_path / "tampered.html"
    tampered.write_text(report_page.replace("<main>", "<main>" + SLIPPED, 1), encoding="utf-8")
    dom = dump_dom(tampered, tmp_path / "profile")
    body = dom.split("<body", 1)[1].split(">", 1)[0]
    assert "data-pwned" not in body and "<title>pwned" not in dom
    assert dom.count('class="main-svg"') >= 5  # the page's own scripts still ran
    with duckdb.connect(str(tiny), read_only=True) as con:
        quality = write_quality_report(con, tmp_path / "q.html").read_text(encoding="utf-8")
    tampered.write_text(quality.replace("<body>", "<body>" + SLIPPED, 1), encoding="utf-8")
    dom = dump_dom(tampered, tmp_path / "profile")
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<title>pwned" not in dom


def test_formulas_sample_is_what_the_csv_tests_rely_on() -> None:
    # each formula would be one if written unguarded: the CSV tests are not vacuous
    assert all(DANGEROUS_START.match(f) or re.search(r"[;\n]=", f) or f.startswith("'")
               for f in FORMULAS)
