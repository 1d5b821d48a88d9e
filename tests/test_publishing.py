"""Publishing: kept versions, an atomic switch that never disturbs readers, rollback and
recovery from what a killed publish or build leaves behind."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from pipelines.publishing import (
    PublishError,
    current_version,
    list_versions,
    publish,
    rollback,
)
from pipelines.warehouse import set_aside_if_unreadable


def _build(folder: Path, value: int) -> Path:
    """A working copy holding one number, as a build would leave it (checkpointed)."""
    path = folder / ".build" / "ntm.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute("CREATE OR REPLACE TABLE marts.t AS SELECT ? AS v, 'Đà Nẵng' AS name",
                    [value])
        con.execute("CHECKPOINT")
    return path


def _value(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT v FROM marts.t").fetchone()[0]


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "ntm.duckdb"


def test_publish_keeps_versions_and_prunes_the_oldest(target, monkeypatch):
    monkeypatch.setenv("NTM_KEEP_VERSIONS", "2")
    report = target.parent / "report-source.html"
    target.parent.mkdir(parents=True)
    ids = []
    for value in (1, 2, 3):
        report.write_text(f"<p>build {value}</p>", encoding="utf-8")
        version = publish(_build(target.parent, value), target,
                          {"quality_report.html": report}, info={"years": "2024"})
        ids.append(version.id)
        assert _value(target) == value
        assert (target.parent / "quality_report.html").read_text() == f"<p>build {value}</p>"
    kept = list_versions(target)
    assert [v.id for v in kept] == [ids[2], ids[1]]
    assert current_version(target).id == ids[2]
    # The published file is the kept version's file, not a second copy.
    assert os.path.samefile(target, kept[0].file("ntm.duckdb"))
    info = json.loads((kept[0].folder / "version.json").read_text())
    assert info["years"] == "2024" and len(info["files"]["ntm.duckdb"]["sha256"]) == 64


def test_a_reader_with_the_old_file_open_is_never_disturbed(target):
    target.parent.mkdir(parents=True)
    publish(_build(target.parent, 1), target)
    reader = duckdb.connect(str(target), read_only=True)
    try:
        publish(_build(target.parent, 2), target)
        # The open connection still reads the whole old warehouse ...
        assert reader.execute("SELECT v, name FROM marts.t").fetchone() == (1, "Đà Nẵng")
    finally:
        reader.close()
    # ... and a new one reads the new warehouse.
    assert _value(target) == 2


def test_rollback_publishes_the_previous_version_then_a_named_one(target):
    target.parent.mkdir(parents=True)
    first = publish(_build(target.parent, 1), target)
    second = publish(_build(target.parent, 2), target)
    publish(_build(target.parent, 3), target)
    assert rollback(target).id == second.id
    assert _value(target) == 2
    assert rollback(target).id == first.id
    assert _value(target) == 1
    with pytest.raises(PublishError, match="oldest kept version"):
        rollback(target)
    with pytest.raises(PublishError, match="no kept version 'nope'"):
        rollback(target, "nope")
    newest = list_versions(target)[0]
    assert rollback(target, newest.id).id == newest.id
    assert _value(target) == 3


def test_rollback_refuses_a_version_that_was_written_to(target):
    target.parent.mkdir(parents=True)
    first = publish(_build(target.parent, 1), target)
    publish(_build(target.parent, 2), target)
    with duckdb.connect(str(first.file("ntm.duckdb"))) as con:  # someone opened it for writing
        con.execute("UPDATE marts.t SET v = 99")
        con.execute("CHECKPOINT")
    with pytest.raises(PublishError, match="modified after it was published"):
        rollback(target, first.id)
    assert _value(target) == 2


def test_leftovers_of_a_killed_publish_are_cleared_by_the_next(target):
    target.parent.mkdir(parents=True)
    publish(_build(target.parent, 1), target)
    versions = target.parent / ".versions"
    (versions / "20990101T000000Z.partial").mkdir()
    (versions / "20990101T000000Z.partial" / "ntm.duckdb").write_bytes(b"half a copy")
    (target.parent / "ntm.duckdb.publishing-12345").write_bytes(b"half a copy")
    assert _value(target) == 1  # a killed publish never touched the published file
    publish(_build(target.parent, 2), target)
    assert not list(versions.glob("*.partial"))
    assert not list(target.parent.glob("*.publishing-*"))
    assert len(list_versions(target)) == 2


def test_keep_versions_must_be_a_number(target, monkeypatch):
    target.parent.mkdir(parents=True)
    monkeypatch.setenv("NTM_KEEP_VERSIONS", "three")
    with pytest.raises(PublishError, match="NTM_KEEP_VERSIONS"):
        publish(_build(target.parent, 1), target)
    assert not target.exists()


def test_an_unreadable_working_copy_is_set_aside(tmp_path):
    working = tmp_path / "ntm.duckdb"
    working.write_bytes(b"\0" * 100 + b"this is not a DuckDB file" * 100)
    moved = set_aside_if_unreadable(working)
    assert moved is not None and moved.exists() and not working.exists()
    assert moved.name.startswith("ntm.duckdb.damaged-")
    healthy = _build(tmp_path, 5)
    assert set_aside_if_unreadable(healthy) is None
    assert _value(healthy) == 5
