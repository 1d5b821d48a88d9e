"""Releases without a build: names, order, never pruned, and the raw tables the history reads."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.errors import UserError
from pipelines.history.load import load_releases
from pipelines.history.releases import list_releases, make_release, resolve_file
from pipelines.publishing import list_versions, publish


def warehouse_file(folder: Path, value: float, *, extra_column: bool = False) -> Path:
    """A stand-in published file: marts.fct_indicator with one value."""
    path = folder / f"build-{value}.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        extra = ", 'x' AS added_later" if extra_column else ""
        con.execute(
            "CREATE TABLE marts.fct_indicator AS SELECT 2023 AS year, '188' AS unit_code, "
            "'district' AS level, '20' AS province_code, 'SO_XA' AS indicator_code, "
            f"'reported' AS value_kind, {value}::DOUBLE AS value, true AS counts_once, "
            "'2023/188.xlsx' AS source_file, 'B06' AS sheet, 7 AS row_number, "
            f"'abc' AS sha256{extra}")
    return path


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "out" / "ntm.duckdb"
    monkeypatch.setenv("NTM_WAREHOUSE", str(out))
    monkeypatch.setenv("NTM_KEEP_VERSIONS", "1")
    return out


def test_releases_outlive_pruned_versions_and_keep_their_order(tmp_path: Path,
                                                                target: Path) -> None:
    publish(warehouse_file(tmp_path, 5), target)
    first = make_release("2023-first", "Số liệu chính thức", by="Thống kê")
    publish(warehouse_file(tmp_path, 4), target)
    publish(warehouse_file(tmp_path, 3), target)
    assert len(list_versions(target)) == 1, "ordinary versions are pruned"
    second = make_release("2023-b", None)
    assert [r.name for r in list_releases()] == ["2023-first", "2023-b"]
    assert (first.seq, second.seq) == (1, 2)
    for release, value in ((first, 5), (second, 3)):
        with duckdb.connect(str(release.file), read_only=True) as con:
            assert con.execute("SELECT value FROM marts.fct_indicator").fetchone()[0] == value
    assert resolve_file("2023-first")[1] == first.file
    assert resolve_file("published")[1] == target


@pytest.mark.parametrize("name", ["", "../x", "a b", "-x", "x" * 65, "năm-2023"])
def test_a_release_name_must_be_a_plain_word(tmp_path: Path, target: Path, name: str) -> None:
    publish(warehouse_file(tmp_path, 5), target)
    with pytest.raises(UserError, match="cannot be a release name"):
        make_release(name)
    assert list_releases() == []


def test_a_release_name_is_used_once_and_needs_a_published_warehouse(tmp_path: Path,
                                                                    target: Path) -> None:
    with pytest.raises(UserError, match="no published warehouse"):
        make_release("2023")
    publish(warehouse_file(tmp_path, 5), target)
    make_release("2023")
    with pytest.raises(UserError, match="exists already"):
        make_release("2023")
    with pytest.raises(UserError, match="no release or kept version named 'nope'"):
        resolve_file("nope")


def test_the_raw_history_tables_union_releases_by_column_name(tmp_path: Path,
                                                             target: Path) -> None:
    publish(warehouse_file(tmp_path, 5), target)
    make_release("a")
    publish(warehouse_file(tmp_path, 6, extra_column=True), target)
    make_release("b")
    with duckdb.connect() as con:
        counts = load_releases(con, list_releases())
        assert counts["releases"] == 2 and counts["fct_indicator"] == 2
        assert counts["fct_funding"] == 0, "a table no release has is there, empty"
        got = con.execute("SELECT release_name, value, added_later FROM "
                          "raw_history.fct_indicator ORDER BY release_name").fetchall()
        assert got == [("a", 5.0, None), ("b", 6.0, "x")]
        assert con.execute("SELECT list(release_name ORDER BY release_seq) "
                           "FROM raw_history.releases").fetchone()[0] == ["a", "b"]
        assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name "
                           "LIKE 'ntm_release_%'").fetchone()[0] == 0, "detached again"


def test_with_no_release_the_raw_history_tables_exist_empty() -> None:
    with duckdb.connect() as con:
        counts = load_releases(con, [])
        assert set(counts.values()) == {0}
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw_history' "
            "AND table_name = 'fct_indicator'").fetchall()}
        assert {"release_name", "year", "unit_code", "value", "source_file"} <= columns
