"""A full disk or a folder that cannot be written stops the build with one sentence naming the
path and the cause, and the published warehouse stays exactly as it was.

The disk is filled without root or a mount: ``RLIMIT_FSIZE`` set in the build makes writes
past a size fail with EFBIG (the build's answer to ENOSPC is the same). Folders are made
read-only with ``chmod``; under root the build first loses the capability that overrides
permission bits. Publishing itself is run with ENOSPC, EROFS and EACCES injected into each
call that writes, one at a time, without Dagster: the way a failed step becomes the
closing sentence is the full-disk build's, and is also checked on its own. The full-disk build
itself runs in ``test_kill_anywhere.py``, on the site its kills left, so that one recovering
build serves both.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest

from pipelines.build import failure_message
from pipelines.errors import storage_problem, storage_problem_in
from pipelines.publishing import current_version, list_versions, publish
from tests.conftest import ORIGIN_YEAR as YEAR
from tests.harness import Site, clone
from tests.hostile.support_faults import (
    assert_one_clear_sentence,
    assert_opens_with_data,
    assert_whole,
    make_read_only,
    published,
    read_only_runner,
    sha256,
    tree,
)


def _runner(tmp_path: Path) -> Callable[[], None] | None:
    preexec, why_not = read_only_runner(tmp_path)
    if why_not:
        pytest.skip(why_not)
    return preexec


# --- Folders that cannot be written ---


@pytest.mark.parametrize("which", ["warehouse folder", "versions folder", "working folder"])
def test_an_unwritable_folder_stops_the_build_before_it_starts(
    origin: Site, tmp_path: Path, which: str
) -> None:
    preexec = _runner(tmp_path)
    site = clone(origin, tmp_path / "site")
    folder = {"warehouse folder": site.folder, "versions folder": site.versions,
              "working folder": site.working.parent}[which]
    before, raw_before = published(site), tree(site.raw)
    mode = make_read_only(folder)
    started = time.monotonic()
    try:
        result = site.run("build", "--year", YEAR, preexec_fn=preexec)
    finally:
        folder.chmod(mode)
    seconds = time.monotonic() - started
    assert result.returncode == 1, result.stderr[-3000:]
    assert_one_clear_sentence(
        result.stderr, f"cannot write {folder}: permission denied",
        f"the published warehouse {site.warehouse} was not changed")
    # Refused up front: no ingest, no dbt (a build takes a minute or more).
    assert seconds < 30, seconds
    assert published(site) == before
    assert tree(site.raw) == raw_before


def test_a_failed_step_is_one_sentence_naming_the_step_the_folder_and_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``ntm build`` prints when a step failed, from Dagster's record of the failure (a
    wrapper naming the step, then the error it raised): here publishing, which could not
    create its file in a folder made read-only while dbt ran."""
    from dagster._utils.error import SerializableErrorInfo

    folder = tmp_path / "out"
    monkeypatch.setenv("NTM_WAREHOUSE", str(folder / "ntm.duckdb"))
    raised = SerializableErrorInfo(
        message="PermissionError: [Errno 13] Permission denied: "
                f"'{folder}/ntm.duckdb.publishing-1f2e'\n",
        stack=["  File ...\n"], cls_name="PermissionError")
    wrapper = SerializableErrorInfo(
        message='Error occurred while executing op "published_warehouse":\n', stack=[],
        cls_name="DagsterExecutionStepExecutionError", cause=raised)
    failed = SimpleNamespace(is_step_failure=True, step_key="published_warehouse",
                             event_specific_data=SimpleNamespace(error=wrapper))
    started = SimpleNamespace(is_step_failure=False, step_key="ntm_dbt_models",
                              event_specific_data=None)
    result = SimpleNamespace(all_events=[started, failed])
    log = folder / ".build" / "build.log"
    line = failure_message(result, log, changed=False)
    assert_one_clear_sentence(
        line, "in step(s) published_warehouse", f"cannot write {folder}: permission denied",
        f"the published warehouse {folder / 'ntm.duckdb'} was not changed", str(log))
    assert "already been published" in failure_message(result, log, changed=True)


# --- Publishing with a write failing at each point ---


class Faults:
    """Numbers the calls of a publish that can fail for want of space or permission, and makes
    the ``fail_at``-th one fail (once) as the kernel would: writes and fsyncs name no file."""

    def __init__(self, fail_at: int, number: int) -> None:
        self.fail_at = fail_at
        self.number = number
        self.calls: list[tuple[str, str]] = []

    def hit(self, name: str, path: object = None) -> None:
        self.calls.append((name, str(path)))
        if len(self.calls) == self.fail_at:
            if name in ("write", "fsync"):
                raise OSError(self.number, os.strerror(self.number))
            raise OSError(self.number, os.strerror(self.number), str(path))


class _Writer:
    """A file opened for writing whose ``write`` goes through the fault plan first."""

    def __init__(self, handle: Any, faults: Faults, path: Path) -> None:
        self._handle, self._faults, self._path = handle, faults, path

    def write(self, data: Any) -> int:
        self._faults.hit("write", self._path)
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@contextmanager
def injected(faults: Faults, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_mkdir, real_link, real_replace, real_fsync = os.mkdir, os.link, os.replace, os.fsync
    real_open = Path.open

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        faults.hit("mkdir", path)
        real_mkdir(path, *args, **kwargs)

    def link(source: Any, destination: Any, *args: Any, **kwargs: Any) -> None:
        faults.hit("link", destination)
        real_link(source, destination, *args, **kwargs)

    def replace(source: Any, destination: Any, *args: Any, **kwargs: Any) -> None:
        faults.hit("replace", destination)
        real_replace(source, destination, *args, **kwargs)

    def fsync(fd: int) -> None:
        faults.hit("fsync", fd)
        real_fsync(fd)

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" not in mode:
            return real_open(self, mode, *args, **kwargs)
        faults.hit("create", self)
        return _Writer(real_open(self, mode, *args, **kwargs), faults, self)

    with monkeypatch.context() as patch:
        patch.setattr(os, "mkdir", mkdir)
        patch.setattr(os, "link", link)
        patch.setattr(os, "replace", replace)
        patch.setattr(os, "fsync", fsync)
        patch.setattr(Path, "open", open_)
        yield


def _working_copy(folder: Path, value: int) -> Path:
    path = folder / ".build" / "ntm.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute("CREATE SCHEMA IF NOT EXISTS quality")
        con.execute("CREATE OR REPLACE TABLE marts.fct_commune_status AS "
                    "SELECT range AS commune_id, ? AS build FROM range(1000)", [value])
        con.execute("CREATE OR REPLACE TABLE quality.submissions AS SELECT 1 AS id")
        con.execute("CHECKPOINT")
    return path


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES],
                         ids=["ENOSPC", "EROFS", "EACCES"])
def test_publishing_that_cannot_write_at_any_point_leaves_the_published_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    monkeypatch.setenv("NTM_KEEP_VERSIONS", "2")
    site = Site(tmp_path, tmp_path / "warehouse" / "ntm.duckdb", tmp_path / "unused")
    site.folder.mkdir()
    report = tmp_path / "report.html"

    def attempt(value: int) -> Path:
        report.write_text(f"<p>build {value}</p>", encoding="utf-8")
        return _working_copy(tmp_path, value)

    for value in (1, 2):  # two kept versions: the next publish prunes the oldest
        publish(attempt(value), site.warehouse, {"quality_report.html": report})
    seen: set[str] = set()
    for fail_at in range(1, 200):
        before = published(site)
        report_before = sha256(site.folder / "quality_report.html")
        faults = Faults(fail_at, number)
        build_db = attempt(100 + fail_at)
        raised: OSError | None = None
        with injected(faults, monkeypatch):
            try:
                publish(build_db, site.warehouse, {"quality_report.html": report})
            except OSError as error:
                raised = error
        if len(faults.calls) < fail_at:
            assert raised is None
            break  # this publish made fewer calls than that: every point has been tried
        name, path = faults.calls[fail_at - 1]
        seen.add(name)
        where = f"failing call {fail_at}: {name} {path}"
        switch = next((i for i, (n, p) in enumerate(faults.calls, 1)
                       if n == "replace" and p == str(site.warehouse)), None)
        if raised is not None:
            assert raised.errno == number, where
            assert raised.filename, f"{where}: the error names no file"
            assert storage_problem(raised) is not None
        now = assert_whole(before, site)
        assert not list(site.versions.glob("*.partial")), where
        assert not list(site.folder.glob("*.publishing-*")), where
        if raised is not None and (switch is None or fail_at <= switch):
            # Failed before the published file was switched: readers see what they saw.
            assert now == before, where
            assert sha256(site.folder / "quality_report.html") == report_before, where
            assert current_version(site.warehouse).id == before.current, where
        else:
            # Failed after the switch (syncing the folder, pruning) or recovered by itself (a
            # file system without hard links gets a copy): the new version is published whole.
            assert now.current != before.current, where
            assert len(list_versions(site.warehouse)) >= 2, where
    else:
        raise AssertionError("publish never ran without reaching the failing call")
    assert {"mkdir", "create", "write", "fsync", "link", "replace"} <= seen, seen
    assert_opens_with_data(site.warehouse)


# --- The sentence ---


def test_storage_problems_are_named_with_the_path_whoever_raised_them(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "ntm.duckdb"))
    assert storage_problem(full) == f"no space left on the device holding {folder}/ntm.duckdb"
    # A file that could not be created is not the problem: the folder it was to go in is.
    denied = PermissionError(errno.EACCES, "Permission denied", str(folder / "x.publishing-1"))
    assert storage_problem(denied) == f"cannot write {folder}: permission denied"
    assert storage_problem(OSError(errno.ECONNRESET, "reset")) is None
    # As Dagster records a failed step, as DuckDB says it inside dbt or a step, or with no path.
    dagster = ("dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred\n"
               f"OSError: [Errno 28] No space left on device: '{folder}/.versions/1.partial'")
    assert storage_problem_in(dagster, folder) == (
        f"no space left on the device holding {folder}/.versions/1.partial")
    duck = (f'_duckdb.FatalException: FATAL Error: Failed to create checkpoint because of '
            f'error: Could not write file "{folder}/.build/ntm.duckdb": File too large')
    assert storage_problem_in(duck, folder) == (
        f"{folder}/.build/ntm.duckdb reached the largest file size allowed (the file size "
        "limit, ulimit -f, or the file system's)")
    dbt = "Runtime Error\n  IO Error: could not write: No space left on device"
    assert storage_problem_in(dbt, folder) == f"no space left on the device holding {folder}"
    read_only = f"[Errno 30] Read-only file system: '{folder}'"
    assert storage_problem_in(read_only, "/x") == (
        f"cannot write {folder}: the file system is read-only")
    assert storage_problem_in("Database Error: column x not found", folder) is None
    assert storage_problem_in("Permission denied somewhere", folder) is None
