"""Every ``ntm`` subcommand on the sample warehouse, through the command's entry point
(``pipelines.cli.main``) in this process: what is printed and the exit code are what a
terminal or a script gets. The last test runs it as a separate process, as a person types it;
the builds of tests/test_pipeline_e2e.py and the fault tests run ``ntm build`` that way."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import duckdb
import pytest

from tests.harness import Site


def ntm(*args: str, warehouse: Path) -> subprocess.CompletedProcess:
    """``ntm *args`` on ``warehouse``, through the command's own entry point in this process
    (tests/harness.py): its exit code and its output as written, without newline translation
    (a carriage return inside a CSV field is part of what is tested)."""
    return Site.reading(warehouse).call(*args)


def _ok(result: subprocess.CompletedProcess) -> str:
    """The output of a command that succeeded, without the byte order mark that starts CSV
    output (tested on its own in test_sql_csv_is_written_as_the_export_writes_it)."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.removeprefix("\ufeff")


def _refused(result: subprocess.CompletedProcess, code: int = 2, one_line: bool = True) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("ntm: ")
    assert "\n" not in message or not one_line, message
    return message


def test_sql_prints_a_table_csv_and_json(sample_warehouse):
    query = ("SELECT year, count(*) AS communes, count(*) FILTER (is_ntm) AS ntm "
             "FROM marts.fct_commune_status GROUP BY year ORDER BY year")
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        expected = con.execute(query).fetchall()
    table = _ok(ntm("sql", query, warehouse=sample_warehouse))
    assert "communes" in table and str(expected[0][1]) in table
    rows = list(csv.reader(io.StringIO(_ok(ntm("sql", query, "--csv",
                                                warehouse=sample_warehouse)))))
    assert rows[0] == ["year", "communes", "ntm"]
    assert [tuple(int(v) for v in row) for row in rows[1:]] == expected
    records = json.loads(_ok(ntm("sql", query, "--json", warehouse=sample_warehouse)))
    assert [(r["year"], r["communes"], r["ntm"]) for r in records] == expected


def test_sql_csv_is_written_as_the_export_writes_it(sample_warehouse, tmp_path):
    query = ("SELECT unit_code, name, in_reference, valid_from, "
             "TIMESTAMP '2024-01-31 08:05:00' AS signed FROM marts.dim_admin_unit "
             "WHERE unit_code = '20' AND level = 'province' ORDER BY map_era LIMIT 1")
    out = ntm("sql", query, "--csv", warehouse=sample_warehouse)
    assert out.returncode == 0 and out.stdout.startswith("\ufeffunit_code,"), out.stdout[:20]
    # The same query through DuckDB's COPY with the export's options gives the same text.
    from pipelines.export.csv_tables import copy_csv

    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        exported = copy_csv(con, query, tmp_path / "q.csv", bom=True)
    assert out.stdout.encode("utf-8") == exported.read_bytes()
    assert ",true," in out.stdout and "2024-01-31 08:05:00" in out.stdout


def test_sql_xlsx_has_typed_cells_two_header_rows_and_a_frozen_header(sample_warehouse,
                                                                      tmp_path):
    import openpyxl

    target = tmp_path / "units.xlsx"
    query = ("SELECT unit_code, name, in_reference, valid_from, 3.25 AS share, "
             "'=1+1' AS typed FROM marts.dim_admin_unit "
             "WHERE unit_code = '20' AND level = 'province' ORDER BY map_era")
    out = _ok(ntm("sql", query, "--xlsx", str(target), warehouse=sample_warehouse))
    assert str(target) in out
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert sheet.freeze_panes == "A3"
    labels = [c.value for c in sheet[1]]
    assert labels[0].startswith("Mã đơn vị") and labels[1].startswith("Tên đơn vị")
    assert [c.value for c in sheet[2]] == ["unit_code", "name", "in_reference", "valid_from",
                                          "share", "typed"]
    code, name, in_reference, valid_from, share, typed = sheet[3]
    assert (code.value, code.data_type) == ("20", "s")  # a code stays text: "20", not 20
    assert name.value == "Tỉnh Lạng Sơn" and in_reference.value is True
    assert isinstance(valid_from.value, dt.datetime) and valid_from.number_format == "dd/mm/yyyy"
    assert share.value == 3.25 and share.data_type == "n"
    assert (typed.value, typed.data_type) == ("=1+1", "s")  # shown as text, never run
    assert sheet.max_row == 4
    message = _refused(ntm("sql", "SELECT 1", "--xlsx", str(tmp_path / "x.csv"),
                           warehouse=sample_warehouse))
    assert ".xlsx" in message


def test_a_table_in_a_narrow_terminal_keeps_the_first_columns_and_cuts_long_text(
        sample_warehouse, monkeypatch):
    """DuckDB's renderer would keep the first and the last columns (a fact's lineage) and
    drop the figures in between; the columns from the left are kept instead, the rest named
    on standard error, and long text is cut rather than widening the table."""
    monkeypatch.setenv("COLUMNS", "100")
    result = ntm("sql", "SELECT * FROM marts.fct_funding LIMIT 3", warehouse=sample_warehouse)
    out = _ok(result)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100, max(len(line) for line in lines)
    header = lines[1]
    assert " year " in header and " unit_code " in header
    assert "sha256" not in header and "row_number" not in header  # the lineage, last
    assert "more column(s) do not fit 100 characters" in result.stderr
    long_text = _ok(ntm("sql", "SELECT repeat('x', 100) AS long, 1 AS one",
                        warehouse=sample_warehouse))
    assert " one " in long_text and "x" * 100 not in long_text
    # Columns are ordered figures first, lineage last, in the facts.
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for table in ("fct_funding", "fct_commune_status", "fct_target", "fct_indicator"):
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "'marts' AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
            lineage = [columns.index(c) for c in ("source_file", "sheet", "row_number",
                                                   "sha256") if c in columns]
            assert lineage and min(lineage) >= len(columns) - 5, (table, columns)


def test_sql_keeps_vietnamese_text_and_dates(sample_warehouse):
    out = _ok(ntm("sql", "SELECT name, valid_from FROM marts.dim_admin_unit "
                  "WHERE unit_code = '20' AND level = 'province' ORDER BY valid_from LIMIT 1",
                  "--json", warehouse=sample_warehouse))
    record = json.loads(out)[0]
    assert record["name"] == "Tỉnh Lạng Sơn"
    assert record["valid_from"][:4].isdigit()


def test_sql_is_read_only_and_errors_keep_duckdbs_hints(sample_warehouse):
    before = sample_warehouse.stat().st_mtime_ns
    message = _refused(ntm("sql", "DELETE FROM quality.flags", warehouse=sample_warehouse))
    assert "read-only" in message
    message = _refused(ntm("sql", "SELECT * FROM marts.no_such_table",
                           warehouse=sample_warehouse), one_line=False)
    assert message.startswith("ntm: the query failed: Catalog Error") and "no_such_table" in message
    # DuckDB's later lines are kept: the name it suggests.
    message = _refused(ntm("sql", "SELECT * FROM marts.fct_comune_status",
                           warehouse=sample_warehouse), one_line=False)
    assert 'Did you mean "fct_commune_status"' in message or \
        'Did you mean "marts.fct_commune_status"' in message, message
    message = _refused(ntm("sql", "SELECT commune_nam FROM marts.fct_commune_status",
                           warehouse=sample_warehouse), one_line=False)
    assert "commune_name" in message, message
    assert sample_warehouse.stat().st_mtime_ns == before


def test_sql_finds_the_public_schemas_without_their_names(sample_warehouse):
    expected = _ok(ntm("sql", "SELECT count(*) AS n FROM marts.fct_commune_status", "--csv",
                       warehouse=sample_warehouse))
    assert _ok(ntm("sql", "SELECT count(*) AS n FROM fct_commune_status", "--csv",
                   warehouse=sample_warehouse)) == expected
    flags = _ok(ntm("sql", "SELECT count(*) AS n FROM flags", "--csv",
                    warehouse=sample_warehouse))
    assert flags.splitlines()[1].isdigit() and int(flags.splitlines()[1]) > 0


def test_several_statements_all_show_or_are_refused(sample_warehouse):
    query = "SELECT 'first' AS a; SELECT 'second' AS b"
    out = _ok(ntm("sql", query, warehouse=sample_warehouse))
    assert out.index("-- result 1 of 2") < out.index("first") < out.index("-- result 2 of 2") \
        < out.index("second")
    for option in ("--csv", "--json"):
        message = _refused(ntm("sql", query, option, warehouse=sample_warehouse))
        assert "2 statements with a result" in message and option in message
    # One statement with a trailing semicolon is one statement.
    assert _ok(ntm("sql", "SELECT 1 AS one;", "--csv", warehouse=sample_warehouse)) == "one\n1\n"


@pytest.mark.parametrize("typed", ["Lạng Sơn", "Lang Son", "lạng sơn", "LẠNG SƠN", "lang  son",
                                   unicodedata.normalize("NFD", "Lạng Sơn"), "Tỉnh Lạng Sơn"])
def test_units_are_found_by_name_as_people_type_it(sample_warehouse, typed):
    rows = list(csv.DictReader(io.StringIO(_ok(ntm("units", typed, "--csv",
                                                   warehouse=sample_warehouse)))))
    assert (rows[0]["unit_code"], rows[0]["level"]) == ("20", "province"), rows[:3]
    assert rows[0]["name"] == "Tỉnh Lạng Sơn"


def test_units_by_level_and_a_name_nobody_has(sample_warehouse):
    rows = list(csv.DictReader(io.StringIO(_ok(ntm(
        "units", "dong dang", "--level", "commune", "--csv", warehouse=sample_warehouse)))))
    assert rows and all(r["level"] == "commune" for r in rows)
    assert any(r["name"].endswith("Đồng Đăng") for r in rows), rows
    assert "no unit's name contains" in _refused(
        ntm("units", "Xyzzy", warehouse=sample_warehouse), code=1)
    # The folded names and the folding rule are in the warehouse for anyone's SQL.
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert con.execute("SELECT marts.fold_name('  Đồng   ĐĂNG ')").fetchone()[0] == \
            "dong dang"
        assert con.execute("SELECT name_folded FROM marts.dim_admin_unit WHERE unit_code = '20' "
                           "AND level = 'province' LIMIT 1").fetchone()[0] == "tinh lang son"


def test_flags_filters_by_year_unit_check_and_severity(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        expected = con.execute(
            "SELECT source_file, sheet, row_number FROM quality.flags "
            "WHERE check_code = 'AGGREGATE_MISMATCH' AND severity = 'error' ORDER BY ALL"
        ).fetchall()
        year, unit = con.execute(
            "SELECT year, unit_code FROM quality.flags WHERE check_code = 'OUTLIER'"
        ).fetchone()
    assert expected
    records = json.loads(_ok(ntm("flags", "--check", "aggregate_mismatch", "--severity",
                                 "error", "--json", warehouse=sample_warehouse)))
    assert sorted((r["source_file"], r["sheet"], r["row_number"]) for r in records) == expected
    records = json.loads(_ok(ntm("flags", "--year", str(year), "--unit", unit, "--json",
                                 warehouse=sample_warehouse)))
    assert records and {(r["year"], r["unit_code"]) for r in records} == {(year, unit)}
    assert "OUTLIER" in {r["check_code"] for r in records}
    # A province includes the flags of its districts.
    province = json.loads(_ok(ntm("flags", "--unit", "20", "--json",
                                  warehouse=sample_warehouse)))
    assert unit in {r["unit_code"] for r in province}
    table = _ok(ntm("flags", "--wide", warehouse=sample_warehouse))
    assert "source_file" in table and "row_number" in table


def test_flags_fit_a_terminal_by_default_and_show_everything_with_wide(sample_warehouse):
    records = json.loads(_ok(ntm("flags", "--json", warehouse=sample_warehouse)))
    compact = _ok(ntm("flags", "--max-rows", "100000", warehouse=sample_warehouse))
    header = compact.splitlines()[1]
    for name in ("code", "severity", "year", "unit", "file", "cell", "message"):
        assert f" {name} " in header
    assert "source_file" not in header and "reported_value" not in header
    # Cells as Excel names them, units with their names, files without their folders.
    located = [r for r in records if r["sheet"] and r["row_number"]
               and re.match(r"[A-Z]{1,3}\b", r["column_name"] or "")]
    assert located, "the sample plants unreadable cells"
    for r in located:
        letter = re.match(r"[A-Z]{1,3}", r["column_name"]).group(0)
        assert f"{r['sheet']}!{letter}{r['row_number']}" in compact
    named = next(r for r in records if r["unit_name"] and r["source_file"])
    assert f"{named['unit_code']} {named['unit_name']}" in compact
    assert named["source_file"].rsplit("/", 1)[-1] in compact
    wide = _ok(ntm("flags", "--wide", "--max-rows", "100000", warehouse=sample_warehouse))
    assert "source_file" in wide.splitlines()[1] and "reported_value" in wide.splitlines()[1]


def test_flags_with_a_code_nobody_raised_says_which_codes_exist(sample_warehouse):
    result = ntm("flags", "--check", "NO_SUCH_CHECK", "--csv", warehouse=sample_warehouse)
    assert result.returncode == 0
    assert "AGGREGATE_MISMATCH" in result.stderr
    assert result.stdout.removeprefix("\ufeff").strip().splitlines()[0].startswith("check_code,")
    assert len(result.stdout.strip().splitlines()) == 1


def test_clear_errors_for_a_wrong_year_an_unknown_unit_and_no_warehouse(sample_warehouse,
                                                                        tmp_path):
    assert "no reports for 1999" in _refused(ntm("flags", "--year", "1999",
                                                 warehouse=sample_warehouse))
    assert "no unit with code '99999'" in _refused(ntm("status", "--unit", "99999",
                                                       warehouse=sample_warehouse))
    missing = tmp_path / "nothing" / "ntm.duckdb"
    for command in (["sql", "SELECT 1"], ["flags"], ["status"], ["report"], ["export"]):
        message = _refused(ntm(*command, warehouse=missing))
        assert "run `ntm build` first" in message
    assert not missing.parent.exists()


def test_status_shows_completeness_and_timeliness(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        late = con.execute("SELECT year, unit_code FROM quality.completeness "
                           "WHERE received AND NOT on_time").fetchall()
        missing = con.execute("SELECT year, unit_code FROM quality.completeness "
                              "WHERE NOT received").fetchall()
        expected_2020 = con.execute("SELECT count(*) FROM quality.completeness "
                                    "WHERE year = 2020").fetchone()[0]
    assert late and missing
    out = _ok(ntm("status", warehouse=sample_warehouse))
    assert "Completeness and timeliness by year" in out and "Units missing or late" in out
    listed = json.loads(_ok(ntm("status", "--json", warehouse=sample_warehouse)))
    assert {(r["year"], r["unit_code"]) for r in listed} == set(late) | set(missing)
    year = json.loads(_ok(ntm("status", "--year", "2020", "--json",
                              warehouse=sample_warehouse)))
    assert len(year) == expected_2020


def test_export_writes_parquet_csv_and_sdmx(sample_warehouse, tmp_path):
    out = tmp_path / "export"
    _ok(ntm("export", "--out", str(out), warehouse=sample_warehouse))
    with duckdb.connect() as con:
        rows = con.execute(
            f"SELECT count(*) FROM read_parquet('{out}/parquet/marts/fct_commune_status/**/"
            "*.parquet', hive_partitioning = true)").fetchone()[0]
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert rows == con.execute("SELECT count(*) FROM marts.fct_commune_status").fetchone()[0]
    assert (out / "csv" / "marts.fct_funding.csv").exists()
    header = (out / "sdmx" / "fct_indicator.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "TIME_PERIOD" in header and "REF_AREA" in header
    only_csv = tmp_path / "only_csv"
    _ok(ntm("export", "--out", str(only_csv), "--format", "csv", warehouse=sample_warehouse))
    assert (only_csv / "csv").is_dir() and not (only_csv / "parquet").exists()
    assert not (out / "xlsx").exists()  # workbooks only on request


def test_export_writes_excel_workbooks_on_request(sample_warehouse, tmp_path):
    import openpyxl

    out = tmp_path / "export"
    _ok(ntm("export", "--out", str(out), "--format", "xlsx", warehouse=sample_warehouse))
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        tables = con.execute("SELECT schema_name || '.' || table_name, estimated_size "
                             "FROM duckdb_tables() WHERE schema_name IN ('marts', 'quality')"
                             ).fetchall()
        funding = con.execute("SELECT count(*) FROM marts.fct_funding").fetchone()[0]
    assert sorted(p.name for p in (out / "xlsx").iterdir()) == sorted(
        f"{name}.xlsx" for name, _ in tables)
    sheet = openpyxl.load_workbook(out / "xlsx" / "marts.fct_funding.xlsx",
                                   read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("year", "unit_code") and len(rows) == funding + 2
    amount = rows[1].index("amount_million_vnd")
    assert all(isinstance(r[amount], float | int) for r in rows[2:] if r[amount] is not None)


def test_report_writes_one_html_page(sample_warehouse, tmp_path):
    out = tmp_path / "report.html"
    printed = _ok(ntm("report", "--out", str(out), warehouse=sample_warehouse))
    assert str(out) in printed
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Lạng Sơn" in page


def test_versions_and_rollback(sample_warehouse, tmp_path):
    # A copy of the published folder, so the shared sample warehouse stays as it is.
    folder = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse.parent, folder, symlinks=True,
                    ignore=shutil.ignore_patterns(".build"))
    warehouse = folder / sample_warehouse.name
    listed = _ok(ntm("versions", warehouse=warehouse))
    assert listed.count("\n") >= 2 and "*" in listed
    # The years the data holds (the sample's 2019-2026), not the partitions the build ran
    # over (2010 to this year), and what the build refreshed beside them.
    header, current = listed.splitlines()[0], next(
        line for line in listed.splitlines() if line.startswith("*"))
    assert "data years" in header and "refreshed" in header
    assert " 2019-2026 " in current and " all " in current, current
    message = _refused(ntm("rollback", warehouse=warehouse))
    assert "nothing older to roll back to" in message
    message = _refused(ntm("rollback", "20000101T000000Z", warehouse=warehouse))
    assert "no kept version" in message


@pytest.mark.parametrize("command", [["flags", "--severity", "fatal"], ["nonsense"]])
def test_usage_errors_are_argparse_messages(command, sample_warehouse):
    result = ntm(*command, warehouse=sample_warehouse)
    assert result.returncode == 2 and "usage: ntm" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_as_a_separate_process(sample_site):
    """``python -m pipelines.cli``, as CI and the tests' builds start it: the same output and
    exit codes as the entry point gives in this process."""
    query = "SELECT count(*) AS communes FROM marts.fct_commune_status"
    result = sample_site.run("sql", query, "--json", timeout=120)
    assert json.loads(_ok(result)) == json.loads(_ok(sample_site.call("sql", query, "--json")))
    assert "no unit with code" in _refused(sample_site.run("flags", "--unit", "99999",
                                                           timeout=120))
