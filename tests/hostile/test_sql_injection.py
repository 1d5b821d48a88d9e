"""Nothing typed at the ``ntm`` command changes the warehouse or runs as SQL.

``ntm sql`` runs what it is given, on a connection that can only read the published file;
the other commands take ``--year``, ``--unit``, ``--check`` and ``--severity`` as query
parameters only. Every test compares the warehouse's sha256 before and after.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines.cli import reading
from pipelines.errors import UserError
from pipelines.export.catalog import quote_ident, quote_literal
from pipelines.warehouse import open_published
from tests.harness import Site
from tests.hostile.support_outputs import build_hostile_warehouse, hostile, sha256

UNIT_OR = "x' OR 1=1 --"
CHECK_DROP = "'; DROP TABLE marts.fct_funding; --"
QUOTES = ["x' OR '1'='1", 'x" OR "1"="1', "x'); DROP TABLE quality.flags; --",
          "x\\'; SELECT 1; --", "$unit", "?", "ư' OR ''='"]


def ntm(*args: str, warehouse: Path) -> subprocess.CompletedProcess:
    """``ntm *args`` on ``warehouse``, through the command's own entry point in this process
    (tests/harness.py): its exit code and its output as written, without newline translation
    (a carriage return inside a CSV field is part of what is tested)."""
    return Site.reading(warehouse).call(*args)


def refused(result: subprocess.CompletedProcess) -> str:
    """Exit code 2 and one sentence on standard error, nothing on standard output."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("ntm: ") and "\n" not in message, message
    assert result.stdout == ""
    return message


@contextmanager
def unchanged(warehouse: Path) -> Iterator[None]:
    """The file, byte for byte, and its folder, name for name, are as they were."""
    before = sha256(warehouse), warehouse.stat().st_mtime_ns, sorted(os.listdir(warehouse.parent))
    yield
    after = sha256(warehouse), warehouse.stat().st_mtime_ns, sorted(os.listdir(warehouse.parent))
    assert after == before


# ------------------------------------------------------------------------------ ntm sql


def hostile_statements(warehouse: Path, elsewhere: Path) -> list[tuple[str, str, Path | None]]:
    """(statement, words the refusal must contain, a path that must not appear)."""
    w, e = quote_literal(str(warehouse)), elsewhere
    return [
        ("CREATE TABLE x AS SELECT 1", "read-only", None),
        ("DELETE FROM marts.fct_funding", "read-only", None),
        ("DROP TABLE marts.fct_funding", "read-only", None),
        ("UPDATE quality.flags SET message = 'x'", "read-only", None),
        ("ALTER TABLE marts.fct_funding RENAME TO gone", "read-only", None),
        (f"ATTACH {w} AS again", "ATTACH opens another database", None),
        (f"ATTACH {quote_literal(str(e / 'other.duckdb'))} AS other (READ_WRITE)",
         "ATTACH", e / "other.duckdb"),
        (f"COPY (SELECT 1 AS x) TO {w}", "COPY reads or writes files", None),
        (f"COPY marts.fct_funding TO {quote_literal(str(e / 'leak.csv'))}", "COPY",
         e / "leak.csv"),
        (f"EXPORT DATABASE {quote_literal(str(e / 'dump'))}", "EXPORT", e / "dump"),
        ("INSTALL httpfs", "extensions", None),
        ("LOAD httpfs", "extensions", None),
        ("UPDATE EXTENSIONS", "reaches outside", None),
        (f"SELECT 1; COPY (SELECT 2) TO {w}", "COPY", None),
        ("SELECT * FROM read_text('/etc/hostname')", "not other files", None),
        ("SET enable_external_access = true", "failed", None),
        ("SET lock_configuration = false", "locked", None),
    ]


def test_ntm_sql_cannot_change_the_warehouse_or_reach_outside_it(sample_warehouse: Path,
                                                                  tmp_path: Path) -> None:
    for statement, words, path in hostile_statements(sample_warehouse, tmp_path):
        with unchanged(sample_warehouse):
            message = refused(ntm("sql", statement, warehouse=sample_warehouse))
        assert words in message, (statement, message)
        assert path is None or not path.exists(), statement
    assert os.listdir(tmp_path) == []
    # and the warehouse still answers: nothing was dropped
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.fct_funding").fetchone()[0] > 0


def test_ordinary_queries_still_work_on_the_locked_connection(sample_warehouse: Path) -> None:
    with unchanged(sample_warehouse):
        result = ntm("sql", "CREATE TEMP TABLE t AS SELECT 1 AS x; "
                     "PIVOT (SELECT level, year FROM quality.flags) ON level USING count(*); "
                     "SELECT x FROM t", "--csv", warehouse=sample_warehouse)
    # Two of the three statements have a result: a table shows both, CSV refuses to write
    # only one of them; a statement without a result may come before the one with it.
    assert result.returncode == 2 and "2 statements with a result" in result.stderr
    with unchanged(sample_warehouse):
        result = ntm("sql", "CREATE TEMP TABLE t AS SELECT 1 AS x; "
                     "PIVOT (SELECT level, year FROM quality.flags) ON level USING count(*); "
                     "SELECT x FROM t", warehouse=sample_warehouse)
    assert result.returncode == 0, result.stderr
    assert "-- result 1 of 2" in result.stdout and "-- result 2 of 2" in result.stdout
    pivot, last = result.stdout.split("-- result 1 of 2")[1].split("-- result 2 of 2")
    assert "year" in pivot and "district" in pivot  # the PIVOT's columns are its levels
    assert "│ x " in last.replace("│   x ", "│ x ") or " x " in last
    with unchanged(sample_warehouse):
        result = ntm("sql", "CREATE TEMP TABLE t AS SELECT 1 AS x; SELECT x FROM t", "--csv",
                     warehouse=sample_warehouse)
    assert result.returncode == 0, result.stderr
    assert result.stdout.removeprefix("\ufeff").splitlines() == ["x", "1"]


def test_the_connection_itself_refuses_what_the_command_would_not_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The statement check is for the message; the guarantee is the connection's: read-only,
    no file but the warehouse, no extension, settings locked."""
    warehouse = build_hostile_warehouse(tmp_path / "ntm.duckdb")
    monkeypatch.setenv("NTM_WAREHOUSE", str(warehouse))
    outside = tmp_path / "outside"
    outside.mkdir()
    with unchanged(warehouse), open_published() as con:
        for statement in [f"COPY (SELECT 1) TO {quote_literal(str(warehouse))}",
                          f"COPY quality.flags TO {quote_literal(str(outside / 'x.csv'))}",
                          f"EXPORT DATABASE {quote_literal(str(outside / 'd'))}",
                          f"ATTACH {quote_literal(str(outside / 'o.duckdb'))} AS o",
                          "INSTALL httpfs", "LOAD httpfs",
                          "SELECT * FROM read_text('/etc/hostname')",
                          "SELECT * FROM glob('/*')",
                          "SET enable_external_access = true",
                          "SET lock_configuration = false", "SET threads = 1",
                          "CREATE TABLE marts.x AS SELECT 1"]:
            with pytest.raises(duckdb.Error):
                con.execute(statement)
        assert con.execute("SELECT count(*) FROM quality.flags").fetchone()[0] == 3
    assert os.listdir(outside) == []


# ---------------------------------------------------------------- ntm flags and status


def test_hostile_flag_options_find_nothing_and_change_nothing(sample_warehouse: Path) -> None:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        funding = con.execute("SELECT count(*) FROM marts.fct_funding").fetchone()[0]
        flags = con.execute("SELECT count(*) FROM quality.flags").fetchone()[0]
    assert funding and flags
    with unchanged(sample_warehouse):
        message = refused(ntm("flags", "--unit", UNIT_OR, warehouse=sample_warehouse))
        assert f"no unit with code {UNIT_OR!r}" in message
        for unit in QUOTES:
            refused(ntm("flags", "--unit", unit, warehouse=sample_warehouse))
            refused(ntm("status", "--unit", unit, warehouse=sample_warehouse))
        for check in [CHECK_DROP, *QUOTES]:
            result = ntm("flags", "--check", check, "--csv", warehouse=sample_warehouse)
            assert result.returncode == 0, result.stderr
            rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
            assert rows[0][0] == "check_code" and rows[1:] == [], check  # no row matched
            assert "no flag has check code" in result.stderr
        for option, value in (("--year", "2020 OR 1=1"), ("--severity", "error' OR '1'='1")):
            result = ntm("flags", option, value, warehouse=sample_warehouse)
            assert result.returncode == 2 and "usage: ntm" in result.stderr, option
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.fct_funding").fetchone()[0] == funding
        assert con.execute("SELECT count(*) FROM quality.flags").fetchone()[0] == flags


class Recorder:
    """A connection that remembers the SQL text and the parameters of every query."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.calls: list[tuple[str, Any]] = []

    def execute(self, sql: str, parameters: Any = None) -> duckdb.DuckDBPyConnection:
        self.calls.append((sql, parameters))
        return self.con.execute(sql, parameters) if parameters is not None else \
            self.con.execute(sql)

    def sql(self, sql: str, params: Any = None) -> duckdb.DuckDBPyRelation:
        self.calls.append((sql, params))
        return self.con.sql(sql, params=params)


def params_text(params: Any) -> str:
    """The parameter values of one query, as text to search for a user's value."""
    values = params.values() if isinstance(params, dict) else (params or [])
    return " ".join(str(v) for v in values)


@pytest.mark.parametrize("command, options", [
    ("flags", {"unit": hostile(3)}),                 # a unit code that exists: passes check
    ("flags", {"check": hostile(23)}),               # a check code that exists
    ("flags", {"check": CHECK_DROP, "unit": hostile(3)}),
    ("status", {"unit": hostile(3)}),
    ("status", {"unit": UNIT_OR}),
])
def test_user_values_reach_duckdb_only_as_parameters(
        command: str, options: dict[str, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = build_hostile_warehouse(tmp_path / "ntm.duckdb")
    monkeypatch.setenv("NTM_WAREHOUSE", str(warehouse))
    recorders: list[Recorder] = []
    opened = reading.open_published

    @contextmanager
    def recorded(**kwargs: Any) -> Iterator[Recorder]:
        with opened(**kwargs) as con:
            recorders.append(Recorder(con))
            yield recorders[-1]

    monkeypatch.setattr(reading, "open_published", recorded)
    args = argparse.Namespace(**{"year": None, "unit": None, "check": None, "severity": None,
                                 "wide": False,
                                 "format": "csv", "max_rows": None, **options})
    with unchanged(warehouse):
        try:
            getattr(reading, f"cmd_{command}")(args)
        except UserError as error:
            assert "no unit with code" in str(error)
    calls = recorders[0].calls
    assert calls
    for value in options.values():
        for sql, _ in calls:
            assert value not in sql and value.strip().upper() not in sql, sql
        assert any(value in params_text(p) or value.strip().upper() in params_text(p)
                   for _, p in calls)


# ---------------------------------------------------------------- names and paths in SQL


@pytest.mark.parametrize("text", [UNIT_OR, CHECK_DROP, *QUOTES, 'a"b', "x\ny", "'", '"',
                                  "Xã Mẫu Sơn"])
def test_quoting_functions_keep_any_text_one_literal_or_one_name(text: str) -> None:
    with duckdb.connect() as con:
        assert con.execute(f"SELECT {quote_literal(text)}").fetchone()[0] == text
        con.execute(f"CREATE TABLE {quote_ident(text)} AS SELECT 1 AS x")
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [
            (text,)]


def test_export_and_report_paths_with_quotes_stay_paths(tmp_path: Path) -> None:
    (tmp_path / "wh").mkdir()
    warehouse = build_hostile_warehouse(tmp_path / "wh" / "ntm.duckdb")
    weird = tmp_path / "it's \"here\"; DROP TABLE x; --"
    with unchanged(warehouse):
        result = ntm("export", "--out", str(weird), warehouse=warehouse)
        assert result.returncode == 0, result.stderr
        result = ntm("report", "--out", str(weird / "r'e\"port.html"), warehouse=warehouse)
        assert result.returncode == 0, result.stderr
    assert {p.name for p in weird.iterdir()} == {".export.lock", "csv", "parquet", "sdmx",
                                                 "r'e\"port.html"}
    assert (weird / "csv" / "quality.flags.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["wh", weird.name])
