"""What docs/bi.md tells BI users: read-only SQLAlchemy engines, and what a reader sees while
and after a new build is published (a connection kept open during a real ``ntm build`` is
tested with the one-year refresh of tests/test_pipeline_e2e.py)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from pipelines.export import export_warehouse
from pipelines.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "bi.md"
SUBMISSIONS = sa.text("SELECT count(*) FROM quality.submissions")


@pytest.fixture
def published(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the sample warehouse at the default relative place, so that tests
    can publish over it without touching the session's warehouse."""
    target = tmp_path / "data" / "warehouse" / "ntm.duckdb"
    target.parent.mkdir(parents=True)
    shutil.copyfile(sample_warehouse, target)
    return target


def publish_smaller(source: Path, target: Path, drop: int) -> int:
    """Do to ``target`` what a build does to readers: a complete new file (here: ``source``
    without ``drop`` submissions) renamed over it. Returns the new submission count."""
    staging = target.with_name(f"{target.name}.next")
    shutil.copyfile(source, staging)
    with duckdb.connect(str(staging)) as con:
        con.execute("DELETE FROM quality.submissions WHERE rowid IN "
                    f"(SELECT rowid FROM quality.submissions ORDER BY rowid LIMIT {drop})")
        con.execute("CHECKPOINT")
        count = con.execute("SELECT count(*) FROM quality.submissions").fetchone()[0]
    os.replace(staging, target)
    return count


def submissions(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(SUBMISSIONS).scalar()


@pytest.mark.parametrize("style", ["url", "connect_args"])
def test_read_only_engine_reads_and_refuses_writes(published: Path, style: str):
    if style == "url":
        engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only")
    else:
        engine = sa.create_engine(f"duckdb:///{published}", connect_args={"read_only": True})
    assert str(published).startswith("/")  # four slashes in all: an absolute path
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_setting('access_mode')")).scalar() \
                == "read_only"
            assert conn.execute(sa.text("SELECT count(*) FROM marts.fct_indicator")).scalar() > 0
            for statement in ("CREATE TABLE marts.scratch (x INTEGER)",
                              "DELETE FROM quality.flags",
                              "UPDATE marts.fct_indicator SET value = 0"):
                with pytest.raises(sa.exc.DBAPIError, match="read-only mode"):
                    conn.execute(sa.text(statement))
                conn.rollback()
        frame = pd.read_sql("SELECT status, count(*) AS n FROM quality.submissions GROUP BY 1",
                            engine)
        assert frame["n"].sum() == submissions(engine)
    finally:
        engine.dispose()


def test_the_inspector_lists_schemas_tables_and_described_columns(published: Path):
    """What a BI tool's table and column browser asks (Superset's dataset editor, DBeaver):
    SQLAlchemy's inspector, not only read_sql. With SQLAlchemy 2.1 duckdb-engine 0.17's
    get_columns fails on pg_catalog.pg_collation, hence the pin in pyproject.toml."""
    engine = sa.create_engine(f"duckdb:///{published}", connect_args={"read_only": True},
                              poolclass=NullPool)
    inspector = sa.inspect(engine)
    assert {"ntm.marts", "ntm.quality"} <= set(inspector.get_schema_names())
    assert "fct_commune_status" in inspector.get_table_names(schema="marts")
    columns = {c["name"]: c for c in inspector.get_columns("fct_commune_status",
                                                           schema="marts")}
    assert str(columns["criteria_met_reported"]["type"]) == "INTEGER"
    assert columns["commune_code"]["comment"].startswith("Mã xã")
    assert inspector.get_table_comment("flags", schema="quality")["text"]
    engine.dispose()


def test_one_process_cannot_mix_duckdb_and_sqlalchemy_settings_on_one_file(published: Path):
    engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only")
    con = duckdb.connect(str(published), read_only=True)
    try:
        with pytest.raises(sa.exc.OperationalError, match="different configuration"):
            submissions(engine)
    finally:
        con.close()
    assert submissions(engine) > 0  # fine once the other connection is closed
    engine.dispose()


def test_pooled_connections_keep_the_old_build_until_disposed(sample_warehouse: Path,
                                                             published: Path):
    url = f"duckdb:///{published}?access_mode=read_only"
    pooled = sa.create_engine(url)
    assert isinstance(pooled.pool, sa.pool.QueuePool)
    first = submissions(pooled)
    second = publish_smaller(sample_warehouse, published, drop=1)
    assert second == first - 1
    assert submissions(pooled) == first  # the pool kept the connection, and the old build
    pooled.dispose()
    assert submissions(pooled) == second
    pooled.dispose()


def test_null_pool_sees_each_build_once_older_connections_are_closed(sample_warehouse: Path,
                                                                    published: Path):
    engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only",
                              poolclass=NullPool)
    first = submissions(engine)
    second = publish_smaller(sample_warehouse, published, drop=1)
    assert submissions(engine) == second  # nothing was kept open: the new build
    held = engine.connect()
    assert held.execute(SUBMISSIONS).scalar() == second
    third = publish_smaller(sample_warehouse, published, drop=2)
    # a connection still open in this process keeps the path's database instance alive,
    # and a new connection joins it: still the old build
    assert submissions(engine) == second
    held.close()
    assert submissions(engine) == third
    assert first > second > third
    engine.dispose()


def test_pool_recycle_reopens_after_its_delay(sample_warehouse: Path, published: Path):
    engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only", pool_recycle=1)
    first = submissions(engine)
    second = publish_smaller(sample_warehouse, published, drop=1)
    time.sleep(1.2)
    assert submissions(engine) == second != first
    engine.dispose()


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.S | re.M)


def test_the_python_in_docs_bi_runs(published: Path, monkeypatch: pytest.MonkeyPatch):
    folder = published.parent.parent.parent
    with duckdb.connect(str(published), read_only=True) as con:
        export_warehouse(con, folder / "export")
        expected = dict(con.execute(
            "SELECT 'communes', count(*) FROM marts.fct_commune_status UNION ALL "
            "SELECT 'flags', count(*) FROM quality.flags UNION ALL "
            "SELECT 'indicators', count(*) FROM marts.fct_indicator UNION ALL "
            "SELECT 'funding', count(*) FROM marts.fct_funding").fetchall())
    monkeypatch.chdir(folder)
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) == 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert namespace["communes"] == expected["communes"]
    assert len(namespace["flags"]) == expected["flags"]
    assert isinstance(namespace["engine"].pool, NullPool)
    assert sum(n for *_, n in namespace["by_year"]) == expected["indicators"]
    assert namespace["indicators"].height == expected["indicators"]
    assert "year" in namespace["indicators"].columns
    assert namespace["funding"]["year"].dtype == int
    assert len(namespace["funding"]) == expected["funding"]
    assert namespace["header"][0] == "indicator_code"
    assert namespace["codes"]["unit_code"].str.len_chars().min() >= 2
    namespace["engine"].dispose()
