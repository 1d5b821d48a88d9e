"""The yearly refresh that runs unattended: a schedule after the reporting deadline and a
sensor that notices new or replaced submissions.

Both start the ordinary build job, so a scheduled run is exactly what ``ntm build --year``
does; the instance's run queue lets one of them write the warehouse at a time. They start
switched on, because nobody is expected to open the UI to turn them on.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from pipelines.ingest.discover import CLOSURES_FILE, REVIEWS_FILE, folder_year
from pipelines.ingest.vocabulary import vocabulary_path
from pipelines.orchestration.partitions import partition_years
from pipelines.settings import raw_dir, warehouse_path

TIMEZONE = "Asia/Ho_Chi_Minh"
# Reports are due by 31 January of the following year (template, ThongTin "Ngày lập").
YEARLY_CRON = "0 2 1 2 *"
# Key of the cursor entry for files outside a year folder: their year is only known once read.
NO_YEAR = "no-year"
RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")
# Records the office keeps at the root of the raw folder that change no submission: closing a
# year (`ntm accept` and `ntm reopen` run their year's build themselves) and review marks.
# A change of them starts nothing; the vocabulary, which changes how every file is read, does.
NOT_SUBMISSIONS = frozenset({"readme.md", "readme.txt", CLOSURES_FILE, REVIEWS_FILE})


def refresh_year_schedule(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="yearly_refresh",
        job=job,
        cron_schedule=YEARLY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="1 February, 02:00 Hanoi time: rebuild the reporting year that has just "
        "closed (the 31 January deadline has passed).",
    )
    def yearly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        year = context.scheduled_execution_time.year - 1
        return dg.RunRequest(run_key=f"yearly-{year}", partition_key=str(year),
                             tags={"ntm/trigger": "schedule"})

    return yearly_refresh


def fingerprints(folder: Path) -> dict[str, str]:
    """One digest per year folder of what is in it (name, size, modification time).

    Size and time, not content: the sensor runs every minute over hundreds of files, and the
    build itself compares contents by sha256, so a touched but unchanged file costs one quick
    run that reads nothing.
    """
    entries: dict[str, list[str]] = defaultdict(list)
    if not folder.is_dir():
        return {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if len(relative.parts) == 1 and path.name.lower() in NOT_SUBMISSIONS:
            continue
        stat = path.stat()
        year = folder_year(relative)
        entries[str(year) if year else NO_YEAR].append(
            f"{relative.as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        )
    # The header vocabulary changes how every file is read (it sits in the raw folder, or
    # where NTM_VOCABULARY says): a change rebuilds every year.
    vocabulary = vocabulary_path(folder)
    if vocabulary.is_file() and not vocabulary.resolve().is_relative_to(folder.resolve()):
        stat = vocabulary.stat()
        entries[NO_YEAR].append(f"{vocabulary}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return {
        key: hashlib.sha256("\n".join(lines).encode()).hexdigest()
        for key, lines in entries.items()
    }


def changed_keys(before: dict[str, str], now: dict[str, str]) -> list[str]:
    """Year folders whose files were added, replaced or removed since ``before``."""
    return sorted(key for key in before.keys() | now.keys() if before.get(key) != now.get(key))


def _newer_than(folder: Path, published: Path) -> set[str]:
    """Year folders holding a file modified after ``published`` was written (first tick)."""
    stamp = published.stat().st_mtime_ns
    keys = set()
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if len(relative.parts) == 1 and path.name.lower() in NOT_SUBMISSIONS:
            continue
        if path.is_file() and not any(p.startswith(".") for p in relative.parts) \
                and path.stat().st_mtime_ns > stamp:
            year = folder_year(relative)
            keys.add(str(year) if year else NO_YEAR)
    return keys


def plan_requests(
    cursor: str | None,
    folder: Path,
    published: Path,
    years: range,
    now_fingerprints: Callable[[Path], dict[str, str]] = fingerprints,
) -> tuple[list[dg.RunRequest], str]:
    """Runs to start and the new cursor. Pure enough to test without a daemon."""
    now = now_fingerprints(folder)
    if cursor is None and not now:
        return [], json.dumps(now)
    if cursor is None:
        # First evaluation: nothing to compare with but the published warehouse's age.
        changed = sorted(_newer_than(folder, published)) if published.exists() else None
    else:
        changed = changed_keys(json.loads(cursor), now)
    in_range = [key for key in (changed or []) if key != NO_YEAR and int(key) in years]
    outside = [key for key in (changed or []) if key != NO_YEAR and int(key) not in years]
    requests: list[dg.RunRequest] = []
    if changed is None or NO_YEAR in (changed or []) or outside:
        # No warehouse yet, or files whose year is only known once read: build every year.
        tags = dict(zip(RANGE_TAGS, (str(years.start), str(years.stop - 1)), strict=True))
        digest = hashlib.sha256(json.dumps(now, sort_keys=True).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"all-{digest}",
                                      tags={**tags, "ntm/trigger": "sensor"}))
    else:
        for key in in_range:
            requests.append(dg.RunRequest(
                run_key=f"{key}-{now.get(key, 'removed')[:16]}",
                partition_key=key,
                tags={"ntm/trigger": "sensor"},
            ))
    return requests, json.dumps(now, sort_keys=True)


def raw_folder_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name="raw_folder_sensor",
        job=job,
        minimum_interval_seconds=int(os.environ.get("NTM_SENSOR_INTERVAL_SECONDS", "60")),
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Refresh a year when a submission under NTM_RAW_DIR/<year>/ is added, "
        "replaced or removed.",
    )
    def raw_folder(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        folder = raw_dir()
        if not folder.is_dir():
            return dg.SkipReason(f"the raw folder {folder} does not exist (NTM_RAW_DIR)")
        requests, cursor = plan_requests(context.cursor, folder, warehouse_path(),
                                         partition_years())
        if not requests:
            context.update_cursor(cursor)
            return dg.SkipReason(f"no submission added or replaced under {folder}")
        return dg.SensorResult(run_requests=requests, cursor=cursor)

    return raw_folder

