"""The real Dagster job, end to end, through the ``ntm`` command on fixture submissions: what
it publishes, its record in Dagster, a one-year refresh that reads only what changed while a
BI connection keeps reading the old build, and a full rebuild that gives the same marts."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from samples.workbooks import render, write_submission
from tests.conftest import district_submission
from tests.harness import Site

SUBMISSIONS = sa.text("SELECT count(*) FROM quality.submissions")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site.under(tmp_path_factory.mktemp("e2e"))
    raw = site.raw
    for year in (2021, 2022):
        sub = district_submission(year=year)
        write_submission(raw / str(year) / f"20_188_{year}.xlsx", render(sub), "xlsx")
    bad = district_submission(year=2022, district_code="189", district_name="Huyện Đình Lập")
    bad.communes[0].marks[0] = "??"
    bad.ocop[0].commune_code = "06628"  # Xã Đình Lập: a product of the district's own commune
    write_submission(raw / "2022" / "20_189_2022.xls", render(bad), "xls")
    (raw / "2022" / "broken.xlsx").write_bytes(b"not a workbook")
    # The years of its files: a build of every partition (`ntm build` alone) is the sample's,
    # in a process (tests/conftest.py), and .ci/production-only's. This first build runs in
    # the worker's process (the command's entry point, as `ntm` runs it), so that the full
    # rebuild below starts with Dagster, dbt and Great Expectations imported; the refresh the
    # BI connection watches, and the build refused while another holds the warehouse, are
    # processes.
    return site, site.call("build", "--year", "2021-2022")


@pytest.mark.build
def test_build_publishes_the_warehouse(built):
    site, result = built
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Published" in result.stdout
    # Not attached to a terminal: no progress bars in what a log or a script captures.
    assert "reading new files" not in result.stderr and "dbt models" not in result.stderr
    assert site.warehouse.exists()
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        statuses = dict(con.execute(
            "SELECT source_file, status FROM quality.submissions").fetchall())
        assert statuses == {
            "2021/20_188_2021.xlsx": "current",
            "2022/20_188_2022.xlsx": "current",
            "2022/20_189_2022.xls": "current",
            "2022/broken.xlsx": "rejected",
        }
        flags = con.execute(
            "SELECT check_code, year, unit_code, source_file, sheet, row_number, column_name "
            "FROM quality.flags ORDER BY ALL").fetchall()
        assert ("FILE_REJECTED", 2022, None, "2022/broken.xlsx", None, None, None) in flags
        unparseable = [f for f in flags if f[0] == "UNPARSEABLE_VALUE"]
        assert len(unparseable) == 1
        assert unparseable[0][1:4] == (2022, "189", "2022/20_189_2022.xls")
        assert unparseable[0][4] == "B01_TieuChiXa" and unparseable[0][6] == "D (TC1)"
        assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 9
        # Reference data: seeds and the administrative units of both maps.
        assert con.execute("SELECT count(*) FROM reference.criteria").fetchone()[0] == 48
        eras = dict(con.execute(
            "SELECT era, count(*) FILTER (level = 'province') FROM reference.admin_units "
            "GROUP BY era").fetchall())
        assert eras == {"legacy": 63, "2025": 34}


@pytest.mark.build
def test_build_runs_through_the_dagster_instance(built, monkeypatch):
    site, result = built
    assert result.returncode == 0, result.stderr[-3000:]
    from dagster import DagsterInstance, DagsterRunStatus

    monkeypatch.setenv("DAGSTER_HOME", str(site.home))
    with DagsterInstance.get() as instance:
        runs = instance.get_runs()
        assert [r.job_name for r in runs] == ["ntm_build"]
        assert runs[0].status == DagsterRunStatus.SUCCESS
    config = (site.home / "dagster.yaml").read_text()
    assert "enabled: false" in config


def test_clear_errors_for_a_wrong_year_or_a_missing_raw_folder(tmp_path):
    site = Site.under(tmp_path)
    result = site.run("build", "--year", "1990", timeout=120)
    assert result.returncode == 2
    assert "1990 is not a reporting year" in result.stderr
    assert "Traceback" not in result.stderr
    result = site.run("build", timeout=120)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "NTM_RAW_DIR" in result.stderr
    # A range of years: each end must be a reporting year, and the range must run forward.
    result = site.call("build", "--year", "2024-2040")
    assert result.returncode == 2 and "2040 is not a reporting year" in result.stderr
    result = site.call("build", "--year", "2025-2023")
    assert result.returncode == 2 and "the range ends before it starts" in result.stderr
    result = site.call("build", "--year", "2023-")
    assert result.returncode == 2 and "not a year (2024) or a range" in result.stderr


def _marts(warehouse: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, without the time each row was loaded."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "ORDER BY 1").fetchall()]
        marts = {}
        for table in tables:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "'marts' AND table_name = ? AND column_name <> 'loaded_at' "
                "ORDER BY ordinal_position", [table]).fetchall()]
            select = ", ".join(f'"{c}"' for c in columns)
            marts[table] = con.execute(
                f"SELECT {select} FROM marts.{table} ORDER BY ALL").fetchall()
    return marts


class Reader(threading.Thread):
    """Queries a mart in a loop on one connection kept open, as a dashboard server would."""

    def __init__(self, conn: sa.Connection) -> None:
        super().__init__(daemon=True)
        self.conn = conn
        self.stop = threading.Event()
        self.seen: set[tuple[int, int]] = set()
        self.errors: list[BaseException] = []
        self.queries = 0

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                communes = self.conn.execute(
                    sa.text("SELECT count(*) FROM marts.fct_commune_status")).scalar()
                files = self.conn.execute(SUBMISSIONS).scalar()
                self.conn.rollback()  # one read transaction per query, as BI tools do
            except BaseException as error:  # every error is a failure here
                self.errors.append(error)
                return
            self.seen.add((communes, files))
            self.queries += 1
            time.sleep(0.1)


@pytest.mark.build
def test_incremental_refresh_of_one_year_equals_a_full_rebuild(built):
    """A corrected 2022 file rebuilds 2022 only: the files that did not change are not read
    again, 2021 stays as it was, a BI connection kept open meanwhile (docs/bi.md) reads the
    old build without an error until it reconnects, and every mart then equals what a full
    refresh gives."""
    site, first = built
    assert first.returncode == 0
    warehouse = site.warehouse
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded_2021 = con.execute("SELECT DISTINCT loaded_at FROM marts.fct_commune_status "
                                  "WHERE year = 2021").fetchall()
    before = _marts(warehouse)
    fixed = district_submission(year=2022, revision=2)
    fixed.communes[1].marks = ["x"] * 19
    fixed.communes[1].reported_count = 19
    write_submission(site.raw / "2022" / "20_188_2022_r2.xlsx", render(fixed), "xlsx")

    engine = sa.create_engine(f"duckdb:///{warehouse}?access_mode=read_only")
    conn = engine.connect()
    old = (conn.execute(sa.text("SELECT count(*) FROM marts.fct_commune_status")).scalar(),
           conn.execute(SUBMISSIONS).scalar())
    conn.rollback()
    assert old[1] == 4
    reader = Reader(conn)
    reader.start()
    try:
        queries_at_start = reader.queries
        result = site.run("build", "--year", "2022", "--log-level", "INFO", timeout=600)
        queries_during_build = reader.queries - queries_at_start
    finally:
        reader.stop.set()
        reader.join(timeout=30)
        conn.close()
        engine.dispose()
    assert result.returncode == 0, result.stderr[-3000:]
    # Only the new revision was read; the four files seen before were recognized by sha256.
    assert "1 read, 4 unchanged" in result.stderr
    assert reader.errors == []
    assert queries_during_build > 10  # it really read while the build ran and published
    assert reader.seen == {old}  # the kept-open connection only ever saw the old build
    with engine.connect() as fresh:  # a new connection sees the new build
        assert fresh.execute(SUBMISSIONS).scalar() == 5
    engine.dispose()

    incremental = _marts(warehouse)
    for table, rows in incremental.items():
        columns = [c for c in _columns(warehouse, table) if c != "loaded_at"]
        if "year" in columns:
            at = columns.index("year")
            assert [r for r in rows if r[at] == 2021] == \
                [r for r in before[table] if r[at] == 2021], table
    with duckdb.connect(str(warehouse), read_only=True) as con:
        met = con.execute("SELECT criteria_met, source_file FROM marts.fct_commune_status "
                          "WHERE year = 2022 AND commune_code = '06541'").fetchone()
        assert met == (19, "2022/20_188_2022_r2.xlsx")
        # The other year was not rebuilt.
        assert con.execute("SELECT DISTINCT loaded_at FROM marts.fct_commune_status "
                           "WHERE year = 2021").fetchall() == loaded_2021
    # dbt rebuilds every model of every year from the raw tables; the year only limits what
    # Dagster records and the files the ingest looks at, all of them already read.
    result = site.call("build", "--full-refresh", "--year", "2022")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _marts(warehouse) == incremental
    # dbt ran in this process (pipelines/orchestration/dbt_inprocess.py) and let go of the
    # working copy when it finished, as a dbt process would have by exiting.
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    assert DuckDBConnectionManager._ENV is None


def _columns(warehouse: Path, table: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


@pytest.mark.build
def test_a_second_build_is_refused_while_one_holds_the_warehouse(built):
    from pipelines.orchestration.locking import warehouse_lock

    site, _ = built
    with warehouse_lock(site.working):
        result = site.run("build", timeout=600)
    assert result.returncode == 3
    assert "another build is writing" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.path.exists(site.warehouse)
