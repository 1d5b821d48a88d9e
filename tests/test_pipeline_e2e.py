"""The real Dagster job, end to end, through the ``ntm`` command on fixture submissions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from samples.workbooks import render, write_submission
from tests.conftest import district_submission

NTM = [sys.executable, "-m", "pipelines.cli"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NTM_RAW_DIR=str(tmp_path / "raw"),
        NTM_WAREHOUSE=str(tmp_path / "out" / "ntm.duckdb"),
        DAGSTER_HOME=str(tmp_path / "dagster_home"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("e2e")
    raw = tmp_path / "raw"
    for year in (2021, 2022):
        sub = district_submission(year=year)
        write_submission(raw / str(year) / f"20_188_{year}.xlsx", render(sub), "xlsx")
    bad = district_submission(year=2022, district_code="189")
    bad.communes[0].marks[0] = "??"
    write_submission(raw / "2022" / "20_189_2022.xls", render(bad), "xls")
    (raw / "2022" / "broken.xlsx").write_bytes(b"not a workbook")
    env = _env(tmp_path)
    result = subprocess.run([*NTM, "build"], env=env, capture_output=True, text=True,
                            timeout=600)
    return tmp_path, env, result


def test_build_publishes_the_warehouse(built):
    tmp_path, _, result = built
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Published" in result.stdout
    # Not attached to a terminal: no progress bars in what a log or a script captures.
    assert "reading new files" not in result.stderr and "dbt models" not in result.stderr
    warehouse = tmp_path / "out" / "ntm.duckdb"
    assert warehouse.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
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


def test_build_runs_through_the_dagster_instance(built):
    tmp_path, _, result = built
    assert result.returncode == 0, result.stderr[-3000:]
    from dagster import DagsterInstance, DagsterRunStatus

    os.environ["DAGSTER_HOME"] = str(tmp_path / "dagster_home")
    try:
        with DagsterInstance.get() as instance:
            runs = instance.get_runs()
            assert [r.job_name for r in runs] == ["ntm_build"]
            assert runs[0].status == DagsterRunStatus.SUCCESS
    finally:
        del os.environ["DAGSTER_HOME"]
    config = (tmp_path / "dagster_home" / "dagster.yaml").read_text()
    assert "enabled: false" in config


def test_one_year_refresh_and_unchanged_files_are_not_read_again(built):
    tmp_path, env, first = built
    assert first.returncode == 0
    result = subprocess.run([*NTM, "build", "--year", "2021", "--log-level", "INFO"], env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 read, 4 unchanged" in result.stderr
    with duckdb.connect(str(tmp_path / "out" / "ntm.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM quality.submissions").fetchone()[0] == 4


def test_clear_errors_for_a_wrong_year_or_a_missing_raw_folder(tmp_path):
    env = _env(tmp_path)
    result = subprocess.run([*NTM, "build", "--year", "1990"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "1990 is not a reporting year" in result.stderr
    assert "Traceback" not in result.stderr
    result = subprocess.run([*NTM, "build"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "NTM_RAW_DIR" in result.stderr


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


def test_incremental_refresh_of_one_year_equals_a_full_rebuild(built):
    """A corrected 2022 file rebuilds 2022 only, leaves 2021 as it was, and every mart then
    equals what a full refresh gives."""
    tmp_path, env, first = built
    assert first.returncode == 0
    warehouse = tmp_path / "out" / "ntm.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded_2021 = con.execute("SELECT DISTINCT loaded_at FROM marts.fct_commune_status "
                                  "WHERE year = 2021").fetchall()
    before = _marts(warehouse)
    fixed = district_submission(year=2022, revision=2)
    fixed.communes[1].marks = ["x"] * 19
    fixed.communes[1].reported_count = 19
    write_submission(tmp_path / "raw" / "2022" / "20_188_2022_r2.xlsx", render(fixed), "xlsx")
    result = subprocess.run([*NTM, "build", "--year", "2022"], env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
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
    result = subprocess.run([*NTM, "build", "--full-refresh"], env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _marts(warehouse) == incremental


def _columns(warehouse: Path, table: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


def test_a_second_build_is_refused_while_one_holds_the_warehouse(built):
    from pipelines.orchestration.locking import warehouse_lock

    tmp_path, env, _ = built
    with warehouse_lock(tmp_path / "out" / ".build" / "ntm.duckdb"):
        result = subprocess.run([*NTM, "build"], env=env, capture_output=True, text=True,
                                timeout=600)
    assert result.returncode == 3
    assert "another build is writing" in result.stderr
    assert "Traceback" not in result.stderr
