"""Helpers for the fault tests: builds run as a person runs them (``ntm build`` in its own
process group, ``tests/harness.py``), watched from outside, killed or starved of disk, and the
state of the published warehouse and the raw folder compared by content before and after."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.settings import PROJECT_ROOT
from tests.harness import Site

SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
# District reports of the year of the shared ``origin`` site (tests/conftest.py), added one at
# a time so that each build has a file to read.
MORE_FILES = tuple(f"2023/20_lang_son/{code}_2023_r1.xlsx"
                   for code in (187, 186, 185, 184, 183, 182, 181, 180, 178))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by content (the raw folder must never change)."""
    return {p.relative_to(folder).as_posix(): sha256(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_raw(raw: Path, names: Iterable[str]) -> None:
    for name in names:
        destination = raw / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE_RAW / name, destination)


# --- The published state ---------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What readers can see: the published warehouse and every kept version, by content."""

    warehouse: str | None
    current: str | None
    versions: dict[str, dict[str, str]]
    partials: tuple[str, ...]


def published(site: Site) -> Published:
    from pipelines.publishing import current_version

    versions: dict[str, dict[str, str]] = {}
    partials = []
    if site.versions.is_dir():
        for child in sorted(site.versions.iterdir()):
            if child.name.endswith(".partial") or not (child / "version.json").is_file():
                partials.append(child.name)
                continue
            versions[child.name] = {p.name: sha256(p) for p in sorted(child.iterdir())}
    digest = sha256(site.warehouse) if site.warehouse.exists() else None
    current = current_version(site.warehouse)
    return Published(digest, current.id if current else None, versions, tuple(partials))


def complete_versions(site: Site) -> dict[str, dict]:
    """Every version that the listing shows, checked to hold exactly what its record says."""
    from pipelines.publishing import list_versions

    found = {}
    for version in list_versions(site.warehouse):
        for name, meta in version.info["files"].items():
            path = version.file(name)
            assert path.is_file(), f"version {version.id} lists {name} but has no such file"
            assert sha256(path) == meta["sha256"], f"version {version.id}: {name} was changed"
        found[version.id] = version.info
    return found


def assert_opens_with_data(warehouse: Path) -> int:
    """A published warehouse opens read-only and holds the marts readers query."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM marts.fct_commune_status").fetchone()[0]
        submissions = con.execute("SELECT count(*) FROM quality.submissions").fetchone()[0]
    assert count > 0 and submissions > 0, (count, submissions)
    return count


def assert_whole(before: Published, site: Site) -> Published:
    """The published warehouse is the one of ``before`` or a complete newer version, and no
    kept version was altered; returns the state now."""
    now = published(site)
    complete = complete_versions(site)
    assert now.current is not None, "the published warehouse matches no kept version"
    assert now.current in complete
    assert now.warehouse == complete[now.current]["files"][site.warehouse.name]["sha256"]
    switched = now.current != before.current
    if not switched:
        assert now.warehouse == before.warehouse, "the published file changed in place"
    else:
        # Only a publish that got past its atomic switch may change what readers see, and then
        # to a whole version, the newest one.
        assert now.current not in before.versions, (now.current, sorted(before.versions))
        assert now.current == max(complete), (now.current, sorted(complete))
        assert_opens_with_data(site.warehouse)
    report = site.folder / "quality_report.html"
    if report.exists():
        # The report is switched just before the warehouse: it is the published version's, or
        # that of a newer whole version whose switch was cut off between the two renames.
        allowed = {info["files"]["quality_report.html"]["sha256"]
                   for version_id, info in complete.items()
                   if version_id >= now.current and "quality_report.html" in info["files"]}
        assert sha256(report) in allowed, "the published report belongs to no whole version"
    for version_id, files in before.versions.items():
        if version_id in now.versions:
            assert now.versions[version_id] == files, f"kept version {version_id} changed"
        else:
            assert switched, f"kept version {version_id} disappeared although nothing was " \
                             "published"
    return now


# --- Processes ---------------------------------------------------------------------------------


def group_members(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def kill_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGKILL the build and everything in its process group, and wait until they are gone."""
    group = process.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    process.wait(timeout=timeout)
    deadline = time.monotonic() + timeout
    while left := group_members(group):
        assert time.monotonic() < deadline, f"processes outlived the kill: {left}"
        time.sleep(0.05)


def wait_unlocked(site: Site, timeout: float = 5) -> float:
    """Seconds until the build lock is free (a killed build must not hold it)."""
    from pipelines.orchestration.locking import is_locked

    started = time.monotonic()
    while is_locked(site.working):
        assert time.monotonic() - started < timeout, "the killed build's lock is still held"
        time.sleep(0.05)
    return time.monotonic() - started


# --- Watching a build through Dagster's event log ------------------------------------------------

STAGES = {"raw_tables": "ingest", "reference_tables": "ingest", "ntm_dbt_models": "dbt",
          "quality__expectation_flags": "quality",
          "ntm_dbt_flags": "quality", "published_warehouse": "publish"}


def stage_of(step: str) -> str:
    return "quality" if "expectations" in step else STAGES.get(step, step)


class EventWatch:
    """The steps a running build has started, read from the run's event log in Dagster's home
    (SQLite in WAL mode, so reading never blocks the build).

    Every run database that appears after the watch began is read, not only the first: a build
    that starts right after one was killed first marks the killed run abandoned, and when that
    run was killed before its event log existed, the mark creates it, so the first new
    database is not always this build's. The killed run's log holds no step start."""

    def __init__(self, home: Path) -> None:
        self.runs = home / "history" / "runs"
        self.known = set(self._databases())
        self.last_ids: dict[Path, int] = {}
        self.started: list[str] = []
        self.finished: set[str] = set()

    def _databases(self) -> list[Path]:
        if not self.runs.is_dir():
            return []
        return [p for p in self.runs.glob("*.db") if p.name != "index.db"]

    def poll(self) -> None:
        for database in sorted(p for p in self._databases() if p not in self.known):
            last = self.last_ids.get(database, 0)
            try:
                con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
                try:
                    rows = con.execute(
                        "SELECT id, dagster_event_type, step_key FROM event_logs WHERE id > ? "
                        "AND dagster_event_type IN ('STEP_START', 'STEP_SUCCESS', "
                        "'STEP_FAILURE') ORDER BY id", (last,)).fetchall()
                finally:
                    con.close()
            except sqlite3.Error:
                continue  # the run's database is being created; look again shortly
            for row_id, kind, step in rows:
                self.last_ids[database] = row_id
                if kind == "STEP_START":
                    self.started.append(step)
                else:
                    self.finished.add(step)

    def has_started(self, predicate: Callable[[str], bool]) -> bool:
        return any(predicate(step) for step in self.started)

    @property
    def stage(self) -> str:
        """The stage of the step running now (the build runs one step at a time)."""
        running = [s for s in self.started if s not in self.finished]
        if running:
            return stage_of(running[-1])
        return "between steps" if self.started else "start-up"


# --- Starving the build of disk or permission ---------------------------------------------------


def assert_one_clear_sentence(stderr: str, *phrases: str) -> str:
    """The build's last word is a single ``ntm:`` line holding ``phrases``, and no stack trace
    (of the command, or of Dagster's record of the failed step) comes before it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    assert line.startswith("ntm: "), stderr[-3000:]
    for phrase in phrases:
        assert phrase in line, line
    assert "Traceback" not in stderr and "Stack Trace" not in stderr, stderr[-3000:]
    return line


def file_size_limit(limit: int) -> Callable[[], None]:
    """For ``preexec_fn``: writes past ``limit`` bytes fail with EFBIG in the build and every
    process it starts, as a full disk fails them with ENOSPC, without root or a mount. SIGXFSZ
    is ignored so that the write raises instead of killing the process."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_permission_override() -> None:
    """For ``preexec_fn`` under root: remove the capabilities that let root write where the
    permission bits say no, so that ``chmod`` means for the build what it means for everyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))


def read_only_runner(scratch: Path) -> tuple[Callable[[], None] | None, str | None]:
    """How to run a build that ``chmod a-w`` stops: (preexec_fn, None), or (None, why not).

    Not root: permission bits apply as they are. Root: only once the build has lost the
    capabilities that override them, which needs CAP_SETPCAP; where that is missing the
    read-only variants are skipped (the full-disk ones still run)."""
    if os.geteuid() != 0:
        return None, None
    locked = scratch / "read-only-probe"
    locked.mkdir()
    make_read_only(locked)
    try:
        result = subprocess.run(["touch", str(locked / "x")], capture_output=True, timeout=30,
                                preexec_fn=_drop_permission_override)
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"running as root, and CAP_DAC_OVERRIDE cannot be dropped ({error})"
    if result.returncode == 0:
        return None, "running as root, and dropping CAP_DAC_OVERRIDE does not stop writes"
    return _drop_permission_override, None


def make_read_only(folder: Path) -> int:
    """``chmod a-w`` on ``folder``; returns the old mode to restore."""
    mode = folder.stat().st_mode & 0o7777
    folder.chmod(mode & ~0o222)
    return mode
