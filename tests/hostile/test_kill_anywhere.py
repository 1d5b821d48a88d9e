"""A build killed at any moment (``kill -9`` of its whole process group: the OOM killer, a
lost session, a reboot) never damages the published warehouse, its kept versions or the raw
folder, leaves nothing that blocks the next build, and the next build publishes everything
and records the killed runs as failed. After the kills, one build runs out of disk space
(``RLIMIT_FSIZE``, without root or a mount): it fails with one sentence and changes nothing,
and the last build, with space again, recovers from the kills and the full disk alike.

Kill moments are chosen by watching the build (Dagster's event log says which step runs;
``.versions/*.partial`` appearing says publishing is copying) plus a random delay from a fixed
seed, so a failure can be replayed.
``NTM_KILL_ROUNDS=5`` repeats the plan five times (each round kills once during start-up,
ingest, dbt, the quality checks and, when more than one round is asked for, publishing);
``NTM_KILL_SEED`` picks other delays.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.publishing import current_version, list_versions
from tests.conftest import ORIGIN_YEAR as YEAR
from tests.harness import Site, clone
from tests.hostile.support_faults import (
    MORE_FILES,
    EventWatch,
    Published,
    assert_one_clear_sentence,
    assert_opens_with_data,
    assert_whole,
    copy_raw,
    file_size_limit,
    kill_group,
    published,
    sha256,
    tree,
    wait_unlocked,
)

ROUNDS = max(1, int(os.environ.get("NTM_KILL_ROUNDS", "1")))
MiB = 1 << 20
SEED = int(os.environ.get("NTM_KILL_SEED", "20250131"))

# Seconds to wait, once the stage has been seen to start, before the kill. The ranges cover
# each stage as measured on a one-year build of a few files (ingest under a second, dbt about
# 20 s, the checks about 2 s, the copy into a new version a fraction of a second).
DELAYS: dict[str, tuple[float, float]] = {
    "start-up": (0.5, 8.0),  # from the start: imports, Dagster's run records, the lock
    "ingest": (0.0, 0.8),  # from the start of raw_tables
    "dbt": (0.5, 10.0),  # from the start of the dbt step (dbt runs in the build's process)
    "quality": (0.0, 2.0),  # from the start of the first expectation suite
    "publish": (0.0, 0.15),  # from the moment a .partial version folder appears
}
# Publishing is killed by test_publishing_killed_at_random_moments_never_shows_half_a_version
# below, twelve times at four landmarks of the same publish() code; inside a whole build a kill
# there costs a whole build to reach, so it is aimed at only when more rounds are asked for.
PLAN = tuple(stage for stage in DELAYS if stage != "publish" or ROUNDS > 1)


@dataclass
class Kill:
    aimed_at: str
    delay: float
    stage: str  # the step running when the signal was sent, as the event log tells
    returncode: int | None  # set when the build ended by itself before the kill
    seconds: float
    published: bool = False  # the kill came after the switch to a new version


def _wait_for_partial(site: Site, process: subprocess.Popen, timeout: float = 120) -> None:
    """Return as soon as publishing has created its ``.partial`` version (or the build ended);
    the copy into it takes a fraction of a second, hence the tight loop."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if any(name.endswith(".partial") for name in os.listdir(site.versions)):
                return
        except FileNotFoundError:
            pass
        time.sleep(0.001)


def _kill_during(site: Site, aimed_at: str, delay: float, logs: Path) -> Kill:
    triggers = {
        "ingest": lambda step: step == "raw_tables",
        "dbt": lambda step: step == "ntm_dbt_models",
        "quality": lambda step: "expectations" in step,
        "publish": lambda step: step == "published_warehouse",
    }
    watch = EventWatch(site.home)
    started = time.monotonic()
    process = site.start("build", "--year", YEAR, logs=logs)
    kill_at = started + delay if aimed_at == "start-up" else None
    ended_by_itself = None
    try:
        while (ended_by_itself := process.poll()) is None:
            now = time.monotonic()
            assert now - started < 600, f"the build never reached {aimed_at}"
            if kill_at is None:
                watch.poll()
                if watch.has_started(triggers[aimed_at]):
                    if aimed_at == "publish":
                        _wait_for_partial(site, process)
                    kill_at = time.monotonic() + delay
            if kill_at is not None and time.monotonic() >= kill_at:
                break
            time.sleep(0.01)
    finally:
        kill_group(process)
    watch.poll()
    return Kill(aimed_at, round(delay, 3), watch.stage, ended_by_itself,
                round(time.monotonic() - started, 1))


def _raw_rows(con: duckdb.DuckDBPyConnection) -> dict[str, set[tuple[str, int]]]:
    from pipelines.ingest.store import CONTENT_TABLES

    return {table: set(con.execute(f"SELECT sha256, count(*) FROM raw.{table} GROUP BY 1")
                       .fetchall()) for table in CONTENT_TABLES}


def _reference_rows(raw: Path) -> dict[str, set[tuple[str, int]]]:
    """The raw rows a build that was never interrupted stores for ``raw``: no file lost, none
    read twice."""
    from pipelines.ingest.run import ingest
    from pipelines.orchestration.partitions import partition_years

    with duckdb.connect() as con:
        ingest(con, raw, [int(YEAR)], partition_years())
        return _raw_rows(con)


def _check_after_kill(kill: Kill, site: Site, logs: Path, raw_before: dict[str, str],
                      before: Published) -> Published:
    stderr = (logs / "stderr").read_text(errors="replace")[-3000:]
    assert kill.returncode in (None, 0), f"{kill}: the build failed by itself\n{stderr}"
    assert tree(site.raw) == raw_before, f"{kill}: the raw folder changed"
    waited = wait_unlocked(site)
    assert waited < 5, f"{kill}: the lock was held {waited:.1f} s after the kill"
    return assert_whole(before, site)


@pytest.mark.build
def test_killing_a_build_at_any_moment_loses_nothing(origin: Site, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = clone(origin, tmp_path / "site", raw=True)
    raw = site.raw
    state = published(site)
    assert state.warehouse is not None
    rng = random.Random(SEED)
    more = list(MORE_FILES)
    kills: list[Kill] = []
    for round_no in range(ROUNDS):
        for aimed_at in PLAN:
            if more:  # a new submission, so that every build has a file to read and store
                copy_raw(raw, [more.pop(0)])
            raw_before = tree(raw)
            logs = tmp_path / "logs" / f"{round_no}-{aimed_at}"
            kill = _kill_during(site, aimed_at, rng.uniform(*DELAYS[aimed_at]), logs)
            before, state = state, _check_after_kill(kill, site, logs, raw_before, state)
            kill.published = state.current != before.current
            kills.append(kill)
            print(kill)
    stages = {kill.stage for kill in kills}
    # The early kills landed inside a running build, some while dbt was writing.
    early = [kill for kill in kills
             if kill.aimed_at in ("start-up", "ingest", "dbt")]
    assert all(kill.returncode is None for kill in early), kills
    assert "dbt" in stages, kills

    # Out of space as well: past 11 MiB nothing can be written (dbt's own log, rotated at
    # 10 MiB, still fits; the working copy the kills left does not). One sentence naming the
    # folder and the log, nothing published, nothing received changed.
    limit = 11 * MiB
    assert site.working.stat().st_size > limit + MiB, site.working.stat().st_size
    before, raw_before = published(site), tree(raw)
    full = site.run("build", "--year", YEAR, preexec_fn=file_size_limit(limit))
    assert full.returncode == 1, full.stderr[-3000:]
    line = assert_one_clear_sentence(
        full.stderr, "reached the largest file size allowed",
        f"the published warehouse {site.warehouse} was not changed")
    assert str(site.folder) in line  # names the file that could not grow
    assert published(site) == before
    assert tree(raw) == raw_before
    log = site.working.parent / "build.log"
    assert str(log) in line and "File too large" in log.read_text(errors="replace")

    # Nothing left behind needs a person: the next build (the yearly refresh, with space
    # again) just works. It runs in this process (``Site.call``, the command's entry point):
    # what the kills left is all on disk, and the build does not pay Python's start, nor the
    # imports in a worker that has built before (often this one, building ``origin``).
    final = site.call("build", "--year", YEAR)
    assert final.returncode == 0, final.stderr[-3000:]
    assert tree(raw) == raw_before
    assert assert_whole(before, site).current != before.current
    assert not list(site.versions.glob("*.partial")), "a killed publish's leftovers remain"
    assert not list(site.folder.glob("*.publishing-*"))
    newest = list_versions(site.warehouse)[0]
    assert current_version(site.warehouse).id == newest.id
    assert os.path.samefile(newest.file(site.warehouse.name), site.warehouse)
    assert sha256(site.warehouse) == newest.info["files"][site.warehouse.name]["sha256"]
    assert_opens_with_data(site.warehouse)
    assert_whole(published(site), site)

    # `ntm versions` lists whole versions only, and marks the newest as published.
    listing = site.call("versions").stdout.splitlines()
    rows = [line for line in listing if line[:2] in ("* ", "  ") and line[2:3].isdigit()]
    marked = [row for row in rows if row.startswith("*")]
    assert len(marked) == 1 and marked[0][2:].split()[0] == newest.id, listing
    assert {row[2:].split()[0] for row in rows} == {v.id for v in list_versions(site.warehouse)}

    # Every file of the raw folder is in the warehouse once: no read lost to a kill, none
    # stored twice.
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        stored = _raw_rows(con)
        current = con.execute("SELECT count(*) FROM quality.submissions "
                              "WHERE status = 'current'").fetchone()[0]
    assert stored == _reference_rows(raw)
    assert current == len(list(raw.rglob("*.xlsx")))

    # Dagster's records: no run is left "started" by a killed build; the runs of the builds
    # killed once they had begun are failed, and the last one succeeded.
    from dagster import DagsterInstance, DagsterRunStatus

    monkeypatch.setenv("DAGSTER_HOME", str(site.home))
    with DagsterInstance.get() as instance:
        runs = instance.get_runs()  # newest first
    unfinished = {DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
                  DagsterRunStatus.STARTED}
    assert not [r for r in runs if r.status in unfinished], [r.status for r in runs]
    assert runs[0].status == DagsterRunStatus.SUCCESS
    begun = [k for k in kills if k.returncode is None
             and k.aimed_at in ("ingest", "dbt", "quality")]
    assert sum(r.status == DagsterRunStatus.FAILURE for r in runs) >= len(begun), runs
    print(f"{len(kills)} kills, stages hit: {sorted(stages)}")


def _publisher(working: Path, target: Path, report: Path) -> list[str]:
    """``publish`` alone in a process of its own, which says when it starts and how long it
    took, so that kills can be spread over the publish itself rather than Python's start-up."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from pipelines.publishing import publish\n"
        "print('ready', flush=True)\n"
        "started = time.monotonic()\n"
        "report = {'quality_report.html': Path(sys.argv[3])}\n"
        "publish(Path(sys.argv[1]), Path(sys.argv[2]), report)\n"
        "print(time.monotonic() - started, flush=True)\n"
    )
    return [sys.executable, "-c", script, str(working), str(target), str(report)]


def _working_copy(path: Path, rows: int) -> None:
    """A working warehouse big enough that copying it takes a while."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE SCHEMA quality")
        con.execute("CREATE TABLE marts.fct_commune_status AS SELECT range AS commune_id, "
                    f"md5(range::VARCHAR) AS note FROM range({rows})")
        con.execute("CREATE TABLE quality.submissions AS SELECT 1 AS id")
        con.execute("CHECKPOINT")


# Where in a publish to aim, watched from outside by polling the folder, and how long to wait
# after seeing it (seconds, or a fraction of the whole publish for "anywhere" and "copying").
LANDMARKS: dict[str, tuple[float, float]] = {
    "anywhere": (0.0, 1.2),  # from the start of publish()
    "copying": (0.0, 0.8),  # from the moment the .partial version folder appears
    "renamed": (0.0, 0.001),  # from the moment the finished version gets its final name
    "switched": (0.0, 0.002),  # from the moment the published file is the new one: pruning
}


def _reached(landmark: str, site: Site, known: set[str], inode: int) -> bool:
    try:
        names = set(os.listdir(site.versions))
    except FileNotFoundError:
        return False
    if landmark == "copying":
        return any(name.endswith(".partial") for name in names - known)
    if landmark == "renamed":
        return any(not name.endswith(".partial") for name in names - known)
    try:
        return site.warehouse.stat().st_ino != inode
    except FileNotFoundError:
        return False


def test_publishing_killed_at_random_moments_never_shows_half_a_version(
    tmp_path: Path,
) -> None:
    """The publish step alone, killed many times at chosen points of its own run: while it
    copies, right after the version is renamed (the switch), right after the switch (pruning),
    and anywhere. Between kills only the content of the report changes."""
    working = tmp_path / "build" / "ntm.duckdb"
    report = tmp_path / "build" / "quality_report.html"
    _working_copy(working, 2_000_000)
    site = Site(tmp_path, tmp_path / "warehouse" / "ntm.duckdb", tmp_path / "unused")
    site.warehouse.parent.mkdir()
    env = dict(os.environ, NTM_KEEP_VERSIONS="2")  # prune runs in every publish
    command = _publisher(working, site.warehouse, report)

    def publish_once(label: str) -> float:
        report.write_text(f"<p>{label}</p>", encoding="utf-8")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return float(done.stdout.split()[-1])

    took = max(publish_once("first"), publish_once("second"))
    rng = random.Random(SEED)
    state = published(site)
    outcomes: dict[str, list[str]] = {landmark: [] for landmark in LANDMARKS}
    for attempt in range(12 * ROUNDS):
        landmark = list(LANDMARKS)[attempt % len(LANDMARKS)]
        low, high = LANDMARKS[landmark]
        delay = rng.uniform(low, high) * (took if landmark in ("anywhere", "copying") else 1)
        report.write_text(f"<p>attempt {attempt}</p>", encoding="utf-8")
        known = set(os.listdir(site.versions))
        inode = site.warehouse.stat().st_ino
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            assert process.stdout is not None and process.stdout.readline() == b"ready\n"
            if landmark != "anywhere":
                while process.poll() is None and not _reached(landmark, site, known, inode):
                    pass  # no sleep: the rename and the switch are microseconds apart
            time.sleep(delay)
        finally:
            kill_group(process)
            process.stdout.close()
        before = state
        state = assert_whole(before, site)
        outcomes[landmark].append("published" if state.current != before.current else "kept")
    print(f"publish takes {took:.3f} s; outcomes of the kills by landmark: {outcomes}")
    publish_once("after the kills")
    assert not list(site.versions.glob("*.partial"))
    assert not list(site.folder.glob("*.publishing-*"))
    assert len(list_versions(site.warehouse)) == 2
    assert_whole(published(site), site)
    assert report.read_bytes() == (site.folder / "quality_report.html").read_bytes()
