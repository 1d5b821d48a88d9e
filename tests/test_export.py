"""The export of the public schemas: Parquet, CSV and SDMX-CSV read back as the warehouse."""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from pipelines.export import export_warehouse
from pipelines.export import tables as export_tables
from pipelines.export.csv_tables import BOM, guard_text, original_text
from pipelines.export.folders import ExportBusy, export_lock
from pipelines.export.sdmx import (
    ATTRIBUTES,
    DATAFLOW,
    DIMENSIONS,
    TARGET_DATAFLOW,
    TARGET_DIMENSIONS,
)


def public_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Listed here independently of the exporter, as a reader of the contract would."""
    return con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema IN ('marts', 'quality') ORDER BY ALL"
    ).fetchall()


def columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", [schema, table]
    ).fetchall()


def parquet_source(out: Path, schema: str, table: str) -> str:
    folder = out / "parquet" / schema / table
    return f"{folder}/**/*.parquet" if folder.is_dir() else f"{folder}.parquet"


def select_list(names: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


@pytest.fixture(scope="module")
def warehouse(sample_warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def exported(warehouse: duckdb.DuckDBPyConnection,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("export")
    return out, export_warehouse(warehouse, out)


def test_every_public_table_in_every_format(warehouse, exported):
    out, written = exported
    tables = public_tables(warehouse)
    assert ("marts", "fct_indicator") in tables and ("quality", "flags") in tables
    expected = set()
    for schema, table in tables:
        folder = out / "parquet" / schema / table
        expected.add(folder if folder.is_dir() else folder.with_suffix(".parquet"))
        expected.add(out / "csv" / f"{schema}.{table}.csv")
    expected |= {out / "sdmx" / "fct_indicator.csv", out / "sdmx" / "fct_target.csv"}
    assert set(written) == expected
    assert all(path.exists() for path in written)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "csv", "parquet", "sdmx"]
    # internal schemas stay internal
    assert not list(out.glob("**/raw*")) and not list(out.glob("**/staging*"))


def test_parquet_is_split_by_year_exactly_where_a_table_has_an_integer_year(warehouse,
                                                                          exported):
    out, _ = exported
    for schema, table in public_tables(warehouse):
        types = dict(columns(warehouse, schema, table))
        folder = out / "parquet" / schema / table
        if types.get("year") in ("INTEGER", "BIGINT"):
            years = {y for (y,) in warehouse.execute(
                f'SELECT DISTINCT year FROM "{schema}"."{table}"').fetchall()}
            assert {p.name for p in folder.iterdir()} == {f"year={y}" for y in years}, table
            assert all(list(p.glob("*.parquet")) for p in folder.iterdir())
        else:
            assert (out / "parquet" / schema / f"{table}.parquet").is_file(), table
            assert not folder.exists()
    assert (out / "parquet" / "marts" / "fct_indicator" / "year=2020").is_dir()
    assert (out / "parquet" / "marts" / "dim_admin_unit.parquet").is_file()
    # ZSTD, as documented
    codecs = warehouse.execute(
        "SELECT DISTINCT compression FROM parquet_metadata(?)",
        [parquet_source(out, "marts", "fct_indicator")]).fetchall()
    assert codecs == [("ZSTD",)]


def test_parquet_reads_back_as_the_table_with_duckdb(warehouse, exported):
    out, _ = exported
    for schema, table in public_tables(warehouse):
        names = [n for n, _ in columns(warehouse, schema, table)]
        source = (f"read_parquet('{parquet_source(out, schema, table)}', "
                  "hive_partitioning = true)")
        original = f'SELECT {select_list(names)} FROM "{schema}"."{table}"'
        copy = f"SELECT {select_list(names)} FROM {source}"
        n_table = warehouse.execute(f"SELECT count(*) FROM ({original})").fetchone()[0]
        n_copy = warehouse.execute(f"SELECT count(*) FROM ({copy})").fetchone()[0]
        assert n_copy == n_table, table
        # multisets equal, NULLs included (set operations treat NULLs as equal)
        assert warehouse.execute(
            f"SELECT count(*) FROM (({original}) EXCEPT ALL ({copy}))").fetchone()[0] == 0, table
        assert warehouse.execute(
            f"SELECT count(*) FROM (({copy}) EXCEPT ALL ({original}))").fetchone()[0] == 0, table


def test_parquet_reads_back_as_the_table_with_polars(warehouse, exported):
    out, _ = exported
    for schema, table in public_tables(warehouse):
        names = [n for n, _ in columns(warehouse, schema, table)]
        folder = out / "parquet" / schema / table
        if folder.is_dir():
            frame = pl.read_parquet(folder, hive_partitioning=True)
        else:
            frame = pl.read_parquet(folder.with_suffix(".parquet"))
        frame = frame.select(names)
        rows = warehouse.execute(f'SELECT {select_list(names)} FROM "{schema}"."{table}"')
        assert Counter(frame.iter_rows()) == Counter(rows.fetchall()), table


def test_vietnamese_text_and_exact_numbers_survive(warehouse, exported):
    out, _ = exported
    names = Counter(warehouse.execute(
        "SELECT unit_code, name FROM marts.dim_admin_unit WHERE province_code = '20'"
    ).fetchall())
    back = Counter(pl.read_parquet(out / "parquet" / "marts" / "dim_admin_unit.parquet")
                   .filter(pl.col("province_code") == "20").select("unit_code", "name")
                   .iter_rows())
    assert back == names
    assert ("06532", "Xã Mẫu Sơn") in names
    # averages such as 14.777777777777779 keep every bit
    values = warehouse.execute(
        "SELECT year, unit_code, indicator_code, value_kind, value FROM marts.fct_indicator"
    ).fetchall()
    assert any(v != round(v, 2) for *_, v in values)
    frame = pl.read_parquet(out / "parquet" / "marts" / "fct_indicator", hive_partitioning=True)
    assert Counter(frame.select("year", "unit_code", "indicator_code", "value_kind", "value")
                   .iter_rows()) == Counter(values)


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_one_file_per_table_with_bom_header_and_every_row(warehouse, exported):
    out, _ = exported
    for schema, table in public_tables(warehouse):
        path = out / "csv" / f"{schema}.{table}.csv"
        assert path.read_bytes()[:3] == BOM, path
        rows = read_csv_rows(path)
        names = [n for n, _ in columns(warehouse, schema, table)]
        assert rows[0] == names, path
        count = warehouse.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()[0]
        assert len(rows) - 1 == count, path
        # DuckDB's own reader skips the BOM too
        assert warehouse.execute(
            "SELECT count(*) FROM read_csv(?, header = true, all_varchar = true)", [str(path)]
        ).fetchone()[0] == count, path


def test_csv_readers_do_not_see_the_bom(exported):
    out, _ = exported
    path = out / "csv" / "marts.dim_indicator.csv"
    assert pl.read_csv(path).columns[0] == "indicator_code"
    assert pd.read_csv(path).columns[0] == "indicator_code"
    assert path.read_text(encoding="utf-8").startswith("\ufeffindicator_code,")


def test_csv_values_round_trip(warehouse, exported):
    out, _ = exported
    frame = pl.read_csv(out / "csv" / "marts.fct_indicator.csv",
                        schema_overrides={"unit_code": pl.String, "province_code": pl.String})
    back = Counter(frame.select("year", "unit_code", "indicator_code", "value_kind", "value")
                   .iter_rows())
    assert back == Counter(warehouse.execute(
        "SELECT year, unit_code, indicator_code, value_kind, value FROM marts.fct_indicator"
    ).fetchall())
    units = pl.read_csv(out / "csv" / "marts.dim_admin_unit.csv", infer_schema=False)
    assert sorted(original_text(n) for n in units["name"].to_list()) == sorted(
        n for (n,) in warehouse.execute("SELECT name FROM marts.dim_admin_unit").fetchall())
    # codes keep their leading zeros in the file
    assert "06532" in units["unit_code"].to_list()


def test_csv_text_differs_from_the_warehouse_by_the_formula_guard_only(warehouse, exported):
    """docs/bi.md: a text cell that could start a spreadsheet formula gets one ' in front;
    taking it off gives the warehouse's value back, and nothing else differs."""
    out, _ = exported
    guarded = set()
    for schema, table in public_tables(warehouse):
        kinds = dict(columns(warehouse, schema, table))
        rows = read_csv_rows(out / "csv" / f"{schema}.{table}.csv")
        header, body = rows[0], rows[1:]
        for i, name in enumerate(header):
            if kinds[name] != "VARCHAR":
                continue
            values = Counter("" if v is None else v for (v,) in warehouse.execute(
                f'SELECT "{name}" FROM "{schema}"."{table}"').fetchall())
            cells = Counter(r[i] for r in body)
            assert cells == Counter({guard_text(v): n for v, n in values.items()}), name
            assert Counter({original_text(c): n for c, n in cells.items()}) == values, name
            guarded |= {c for c in cells if c != original_text(c)}
    # the sample's criterion cells typed as "-" are the guarded ones; numbers never are
    assert "'-" in guarded
    assert all(g.startswith("'") for g in guarded)


def test_sdmx_csv_layout(warehouse, exported):
    out, _ = exported
    path = out / "sdmx" / "fct_indicator.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"STRUCTURE,STRUCTURE_ID,ACTION,")  # no BOM: separator after STRUCTURE
    rows = read_csv_rows(path)
    header, body = rows[0], rows[1:]
    assert header == ["STRUCTURE", "STRUCTURE_ID", "ACTION", *DIMENSIONS, "OBS_VALUE",
                      *ATTRIBUTES]
    assert {tuple(r[:4]) for r in body} == {("dataflow", DATAFLOW, "I", "A")}
    assert DATAFLOW == "VN_NTM:DF_NTM_INDICATOR(2.0.0)"
    every = [dict(zip(header, r, strict=True)) for r in body]
    # the year's own figures on the year's map; the restated ones are test_sdmx_map_dimension's
    records = [r for r in every if r["UNITS_EXPECTED"] == ""]
    assert len(records) == warehouse.execute(
        "SELECT count(*) FROM marts.fct_indicator").fetchone()[0]
    assert {r["MAP"] for r in records} == {"legacy", "2025"}
    assert all(r["MAP"] == ("2025" if int(r["TIME_PERIOD"]) >= 2025 else "legacy")
               for r in records)
    records = every
    keys = Counter(tuple(r[d] for d in DIMENSIONS) for r in records)
    assert max(keys.values()) == 1  # the dimensions identify an observation
    assert {r["VALUE_KIND"] for r in records} == {"reported", "computed"}
    both = Counter((r["REF_AREA"], r["INDICATOR"], r["TIME_PERIOD"]) for r in records)
    assert 2 in both.values()  # a reported and a computed value for the same key
    units = dict(warehouse.execute(
        "SELECT indicator_code, unit_en FROM marts.dim_indicator").fetchall())
    assert all(r["UNIT_MEASURE"] == units[r["INDICATOR"]] for r in records)
    expected = {(str(y), u, i, k): (level, v) for y, u, i, k, level, v in warehouse.execute(
        "SELECT year, unit_code, indicator_code, value_kind, level, value "
        "FROM marts.fct_indicator").fetchall()}
    for r in (r for r in records if r["UNITS_EXPECTED"] == ""):
        level, value = expected[(r["TIME_PERIOD"], r["REF_AREA"], r["INDICATOR"],
                                 r["VALUE_KIND"])]
        assert r["UNIT_LEVEL"] == level
        assert float(r["OBS_VALUE"]) == value  # exact, not rounded
    assert "19" in {r["OBS_VALUE"] for r in records}  # whole counts without ".0"
    assert all(len(r["TIME_PERIOD"]) == 4 for r in records)


def test_sdmx_map_dimension_puts_the_years_before_2025_on_todays_provinces(warehouse,
                                                                           exported):
    """The same code names different territories on the two maps (92 is the old Cần Thơ up
    to 2024 and the new one after): MAP says which. Up to 2024 an indicator appears on the
    legacy map as reported and, where fct_indicator_current_map has a value, on the 2025 map,
    with how many old provinces stand behind it."""
    out, _ = exported
    rows = read_csv_rows(out / "sdmx" / "fct_indicator.csv")
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    restated = [r for r in records if r["UNITS_EXPECTED"] != ""]
    mart = {(str(y), p, i, k): (v, basis, e, n) for y, p, i, k, v, basis, e, n in
            warehouse.execute(
                "SELECT year, province_code, indicator_code, value_kind, value, basis, "
                "units_expected, units_reported FROM marts.fct_indicator_current_map "
                "WHERE year < 2025 AND value IS NOT NULL").fetchall()}
    assert len(restated) == len(mart) > 100
    for r in restated:
        assert r["MAP"] == "2025" and r["UNIT_LEVEL"] == "province"
        value, basis, expected, reported = mart[
            (r["TIME_PERIOD"], r["REF_AREA"], r["INDICATOR"], r["VALUE_KIND"])]
        assert float(r["OBS_VALUE"]) == value and r["BASIS"] == basis
        assert int(r["UNITS_EXPECTED"]) == expected == reported == int(r["UNITS_REPORTED"])
    # Lạng Sơn (20) kept its territory: 2024 on both maps with the same figure; the new Cần
    # Thơ (92) has no value before 2025 (two of its three old provinces did not report)
    lang_son = {r["MAP"]: r["OBS_VALUE"] for r in records if (r["REF_AREA"], r["INDICATOR"],
                r["VALUE_KIND"], r["TIME_PERIOD"]) == ("20", "SO_XA", "computed", "2024")}
    assert lang_son == {"legacy": "175", "2025": "175"}
    assert not [r for r in restated if r["REF_AREA"] == "92"]
    assert {(r["MAP"], r["REF_AREA"]) for r in records if r["TIME_PERIOD"] == "2024"} >= {
        ("legacy", "93"), ("2025", "20")}
    assert max(Counter(tuple(r[d] for d in DIMENSIONS) for r in records).values()) == 1


def test_sdmx_targets_with_the_map_as_a_dimension(warehouse, exported):
    out, _ = exported
    path = out / "sdmx" / "fct_target.csv"
    assert path.read_bytes().startswith(b"STRUCTURE,STRUCTURE_ID,ACTION,")
    rows = read_csv_rows(path)
    header, body = rows[0], rows[1:]
    assert header == ["STRUCTURE", "STRUCTURE_ID", "ACTION", *TARGET_DIMENSIONS, "OBS_VALUE",
                      *ATTRIBUTES]
    assert {tuple(r[:4]) for r in body} == {("dataflow", TARGET_DATAFLOW, "I", "A")}
    records = [dict(zip(header, r, strict=True)) for r in body]
    assert max(Counter(tuple(r[d] for d in TARGET_DIMENSIONS) for r in records).values()) == 1
    assert {r["MEASURE"] for r in records} == {"target", "actual", "next_year_target"}
    # every value of the template's indicators in fct_target, once, on the year's map
    own = {}
    for y, u, level, i, *values in warehouse.execute(
            "SELECT year, unit_code, level, indicator_code, target, actual, next_year_target "
            "FROM marts.fct_target WHERE is_template_indicator").fetchall():
        for measure, value in zip(("target", "actual", "next_year_target"), values,
                                  strict=True):
            if value is not None:
                own[("2025" if y >= 2025 else "legacy", u, i, measure, str(y))] = (level, value)
    mine = [r for r in records if r["UNITS_EXPECTED"] == ""]
    assert len(mine) == len(own)
    for r in mine:
        level, value = own[(r["MAP"], r["REF_AREA"], r["INDICATOR"], r["MEASURE"],
                            r["TIME_PERIOD"])]
        assert r["UNIT_LEVEL"] == level and float(r["OBS_VALUE"]) == value
    # restated before 2025 on today's provinces, only where complete; never a percentage of
    # several old provinces (the new Cần Thơ's predecessors did not all report)
    mart = {(str(y), p, i, m): v for y, p, i, m, v in warehouse.execute(
        "SELECT year, province_code, indicator_code, measure, value "
        "FROM marts.fct_target_current_map WHERE year < 2025 AND value IS NOT NULL").fetchall()}
    restated = [r for r in records if r["UNITS_EXPECTED"] != ""]
    assert len(restated) == len(mart) > 100
    assert {r["MAP"] for r in restated} == {"2025"} and {r["REF_AREA"] for r in restated} == {
        "20"}
    for r in restated:
        assert float(r["OBS_VALUE"]) == mart[(r["TIME_PERIOD"], r["REF_AREA"], r["INDICATOR"],
                                              r["MEASURE"])]
    units = dict(warehouse.execute(
        "SELECT indicator_code, unit_en FROM marts.dim_target_indicator").fetchall())
    assert all(r["UNIT_MEASURE"] == units[r["INDICATOR"]] for r in records)
    assert "%" in {r["UNIT_MEASURE"] for r in restated}  # one old province: its own rate


def test_unknown_format_is_refused_before_writing(warehouse, tmp_path):
    with pytest.raises(ValueError, match="ods"):
        export_warehouse(warehouse, tmp_path / "out", ["parquet", "ods"])
    assert not (tmp_path / "out").exists()


def test_a_new_export_replaces_the_old_folder_and_a_failed_one_keeps_it(
        warehouse, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_warehouse(warehouse, out, ["csv"])
    (out / "csv" / "stale.csv").write_text("from an older export")
    export_warehouse(warehouse, out, ["csv"])
    assert not (out / "csv" / "stale.csv").exists()  # replaced, not merged
    before = {p.name: p.read_bytes() for p in (out / "csv").iterdir()}

    def half_then_fail(con, tables, folder):
        (folder / "marts.dim_indicator.csv").write_text("half written")
        raise OSError("disk full")

    monkeypatch.setitem(export_tables.WRITERS, "csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        export_warehouse(warehouse, out, ["csv"])
    assert {p.name: p.read_bytes() for p in (out / "csv").iterdir()} == before
    assert sorted(os.listdir(out)) == [".export.lock", "csv"]  # no work folder left


def test_one_export_at_a_time_and_leftovers_of_a_killed_one_are_removed(warehouse, tmp_path):
    out = tmp_path / "out"
    leftover = out / ".sdmx.partial-99999-deadbeef"
    with export_lock(out):  # another export, still running
        leftover.mkdir()
        (leftover / "fct_indicator.csv").write_text("half")
        with pytest.raises(ExportBusy):
            export_warehouse(warehouse, out, ["sdmx"])
        assert leftover.exists()  # its work is left alone
    assert export_warehouse(warehouse, out, "sdmx") == [out / "sdmx" / "fct_indicator.csv",
                                                         out / "sdmx" / "fct_target.csv"]
    assert not leftover.exists()
    assert (out / "sdmx" / "fct_indicator.csv").is_file()


def test_types_views_empty_tables_and_null_years(tmp_path):
    """Cases the sample does not have: HUGEINT, a view, an empty year table, a NULL year,
    a text year, a table outside the public schemas, and formula-like text in CSV."""
    con = duckdb.connect()
    con.execute("""
        CREATE SCHEMA marts; CREATE SCHEMA quality; CREATE SCHEMA staging;
        CREATE TABLE marts.big AS SELECT * FROM (VALUES
            (2020, 4611686018427387905::HUGEINT, 'Xã Mẫu Sơn'),
            (NULL, -3::HUGEINT, '=1+2'), (2021, NULL, ''), (2021, 7::HUGEINT, NULL)
        ) AS t(year, n, note);
        CREATE VIEW marts.big_view AS SELECT year, n FROM marts.big WHERE year IS NOT NULL;
        CREATE TABLE quality.flags (year BIGINT, message VARCHAR);
        CREATE TABLE marts.text_year AS SELECT '2020' AS year, 1 AS x;
        CREATE TABLE staging.hidden AS SELECT 1 AS x;
    """)
    out = tmp_path / "out"
    written = export_warehouse(con, out, ["parquet", "csv"])
    parquet = out / "parquet"
    assert {p.relative_to(out).as_posix() for p in written} == {
        "parquet/marts/big", "parquet/marts/big_view", "parquet/marts/text_year.parquet",
        "parquet/quality/flags", "csv/marts.big.csv", "csv/marts.big_view.csv",
        "csv/marts.text_year.csv", "csv/quality.flags.csv"}
    assert {p.name for p in (parquet / "marts" / "big").iterdir()} == {
        "year=2020", "year=2021", "year=__HIVE_DEFAULT_PARTITION__"}
    glob = f"{parquet}/marts/big/**/*.parquet"
    kinds = dict(con.execute(
        "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
        "read_parquet(?, hive_partitioning = true))", [glob]).fetchall())
    assert kinds["n"] == "BIGINT"  # not DOUBLE, which would round the first value
    back = con.execute(
        "SELECT year, n, note FROM read_parquet(?, hive_partitioning = true) ORDER BY ALL",
        [glob]).fetchall()
    assert back == con.execute("SELECT year, n::BIGINT, note FROM marts.big ORDER BY ALL"
                               ).fetchall()
    assert pl.read_parquet(parquet / "marts" / "big", hive_partitioning=True)[
        "n"].max() == 4611686018427387905
    # an empty year table keeps its columns in one file
    empty = list((parquet / "quality" / "flags").iterdir())
    assert [p.name for p in empty] == ["data_0.parquet"]
    assert pl.read_parquet(empty[0]).schema == {"year": pl.Int64, "message": pl.String}
    # CSV: NULL is an empty field, empty text a quoted empty field, a formula guarded by a
    # leading ' (text only: the negative HUGEINT stays the number -3)
    text = (out / "csv" / "marts.big.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffyear,n,note\n")
    assert ",-3,'=1+2\n" in text and '2021,,""' in text and "Xã Mẫu Sơn" in text
    assert ",=1+2" not in text
    assert read_csv_rows(out / "csv" / "quality.flags.csv") == [["year", "message"]]
    with pytest.raises(LookupError, match="fct_indicator"):
        export_warehouse(con, tmp_path / "sdmx_out", ["sdmx"])


def test_sdmx_csv_is_plain_rfc4180(exported):
    out, _ = exported
    text = (out / "sdmx" / "fct_indicator.csv").read_text(encoding="utf-8")
    first = next(csv.reader(io.StringIO(text)))
    assert first[0] == "STRUCTURE"
    assert pl.read_csv(out / "sdmx" / "fct_indicator.csv").height == text.count("\n") - 1
