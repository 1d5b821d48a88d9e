"""The unattended refresh: the yearly schedule and the raw-folder sensor, evaluated with
Dagster's own test contexts against the real code location."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.definitions import BUILD_JOB, defs

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "raw"
    (folder / "2023" / "20_lang_son").mkdir(parents=True)
    (folder / "2024" / "20_lang_son").mkdir(parents=True)
    (folder / "2023" / "20_lang_son" / "178_2023_r1.xlsx").write_bytes(b"2023 workbook")
    (folder / "2024" / "20_lang_son" / "178_2024_r1.xlsx").write_bytes(b"2024 workbook")
    (folder / "README.md").write_text("about the folder")
    monkeypatch.setenv("NTM_RAW_DIR", str(folder))
    monkeypatch.setenv("NTM_WAREHOUSE", str(tmp_path / "out" / "ntm.duckdb"))
    return folder


@pytest.fixture(scope="module", autouse=True)
def _instance() -> Iterator[dg.DagsterInstance]:
    """One temporary instance for the module's sensor ticks (each tick gets its cursor and
    nothing else from it; creating an instance costs more than a tick)."""
    global _INSTANCE
    with dg.instance_for_test() as instance:
        _INSTANCE = instance
        yield instance
    _INSTANCE = None


_INSTANCE: dg.DagsterInstance | None = None


def _tick(cursor: str | None) -> dg.SensorExecutionData:
    sensor = defs.resolve_sensor_def("raw_folder_sensor")
    context = dg.build_sensor_context(instance=_INSTANCE, cursor=cursor, definitions=defs)
    return sensor.evaluate_tick(context)


def _later(path: Path, content: bytes) -> None:
    """Replace a file as a new download would: new content and a newer time."""
    path.write_bytes(content)
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


def test_schedule_refreshes_the_year_that_just_closed():
    schedule = defs.resolve_schedule_def("yearly_refresh")
    assert schedule.cron_schedule == "0 2 1 2 *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == BUILD_JOB
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2027, 2, 1, 2, 0, tzinfo=HANOI),
        repository_def=defs.get_repository_def())
    data = schedule.evaluate_tick(context)
    assert [(r.partition_key, r.run_key) for r in data.run_requests] == [("2026", "yearly-2026")]
    # The requested year is a partition of the job, so the daemon can launch it.
    job = defs.resolve_job_def(BUILD_JOB)
    assert "2026" in job.partitions_def.get_partition_keys(
        current_time=datetime(2027, 2, 1, tzinfo=HANOI))


def test_first_tick_without_a_warehouse_builds_every_year(raw):
    data = _tick(None)
    assert len(data.run_requests) == 1
    request = data.run_requests[0]
    assert request.partition_key is None
    assert request.tags["dagster/asset_partition_range_start"] == "2010"
    assert request.tags["ntm/trigger"] == "sensor"
    assert set(json.loads(data.cursor)) == {"2023", "2024"}


def test_first_tick_with_a_warehouse_refreshes_only_years_with_newer_files(raw, tmp_path):
    warehouse = tmp_path / "out" / "ntm.duckdb"
    warehouse.parent.mkdir(parents=True)
    warehouse.write_bytes(b"published")
    old = time.time() - 3600
    for path in raw.rglob("*.xlsx"):
        os.utime(path, (old, old))
    assert _tick(None).run_requests == []
    _later(raw / "2024" / "20_lang_son" / "178_2024_r1.xlsx", b"corrected")
    assert [r.partition_key for r in _tick(None).run_requests] == ["2024"]


def test_added_and_replaced_submissions_start_a_refresh_of_their_year(raw):
    cursor = _tick(None).cursor
    unchanged = _tick(cursor)
    assert unchanged.run_requests == [] and "no submission added" in unchanged.skip_message

    (raw / "2023" / "20_lang_son" / "180_2023_r1.xlsx").write_bytes(b"new district")
    added = _tick(cursor)
    assert [r.partition_key for r in added.run_requests] == ["2023"]
    assert added.run_requests[0].run_key.startswith("2023-")

    _later(raw / "2024" / "20_lang_son" / "178_2024_r1.xlsx", b"revised figures")
    replaced = _tick(added.cursor)
    assert [r.partition_key for r in replaced.run_requests] == ["2024"]
    assert _tick(replaced.cursor).run_requests == []

    # A new year folder is a new partition; hidden files and Office lock files' folders
    # that start with a dot are not submissions.
    (raw / "2025").mkdir()
    (raw / "2025" / "92_2025_r1.xlsx").write_bytes(b"first 2025 report")
    (raw / "2025" / ".~lock.92_2025_r1.xlsx#").write_bytes(b"lock")
    new_year = _tick(replaced.cursor)
    assert [r.partition_key for r in new_year.run_requests] == ["2025"]


def test_a_file_outside_any_year_folder_refreshes_every_year(raw):
    cursor = _tick(None).cursor
    (raw / "inbox").mkdir()
    (raw / "inbox" / "unknown_year.xlsx").write_bytes(b"year only known from ThongTin")
    data = _tick(cursor)
    assert len(data.run_requests) == 1
    assert data.run_requests[0].partition_key is None
    assert data.run_requests[0].tags["dagster/asset_partition_range_end"] == str(
        datetime.now().year)


def test_a_missing_or_empty_raw_folder_starts_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_RAW_DIR", str(tmp_path / "nowhere"))
    data = _tick(None)
    assert data.run_requests == [] and "does not exist" in data.skip_message
    (tmp_path / "nowhere").mkdir()
    monkeypatch.setenv("NTM_WAREHOUSE", str(tmp_path / "out" / "ntm.duckdb"))
    assert _tick(None).run_requests == []


def test_sensor_and_schedule_are_on_by_default():
    sensor = defs.resolve_sensor_def("raw_folder_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == BUILD_JOB
