"""A build killed midway leaves the published warehouse exactly as it was, and the next build
recovers by itself: no lock, leftover file or half-written state needs a person."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from samples.workbooks import render, write_submission
from tests.conftest import district_submission

NTM = [sys.executable, "-m", "pipelines.cli", "build"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            found.append((int(entry.name), cmdline))
    return found


def _wait_for_dbt(build: subprocess.Popen, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert build.poll() is None, "the build ended before dbt started"
        for pid, cmdline in _children(build.pid):
            if "dbt" in cmdline and " build" in cmdline:
                return pid
        time.sleep(0.1)
    raise AssertionError("dbt never started")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every published file and kept version, by content."""
    return {str(p.relative_to(folder)): _sha(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and ".build" not in p.parts}


def test_killed_builds_leave_the_warehouse_intact_and_the_next_build_recovers(tmp_path):
    raw = tmp_path / "raw"
    write_submission(raw / "2022" / "20_188_2022.xlsx",
                     render(district_submission(year=2022)), "xlsx")
    warehouse = tmp_path / "out" / "ntm.duckdb"
    env = dict(os.environ, NTM_RAW_DIR=str(raw), NTM_WAREHOUSE=str(warehouse),
               DAGSTER_HOME=str(tmp_path / "dagster_home"), NTM_LOCK_WAIT_SECONDS="300")
    first = subprocess.run(NTM, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    published = _snapshot(warehouse.parent)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM quality.submissions").fetchone()[0] == 1

    # A new submission arrives; the build reading it is killed while dbt writes, and only the
    # build's own process dies: its dbt subprocess goes on writing the working copy.
    revised = district_submission(year=2022, district_code="189")
    write_submission(raw / "2022" / "20_189_2022.xlsx", render(revised), "xlsx")
    build = subprocess.Popen(NTM, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for_dbt(build)
        time.sleep(1.0)
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert _snapshot(warehouse.parent) == published

    # A second build is killed with its whole process group, moments after it started.
    build = subprocess.Popen(NTM, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(4)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    assert _snapshot(warehouse.parent) == published

    # The next build needs nothing done by hand: it waits for the orphaned dbt if still
    # running, publishes the new submission and records the killed runs as failed.
    recovered = subprocess.run(NTM, env=env, capture_output=True, text=True, timeout=600)
    assert recovered.returncode == 0, recovered.stderr[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM quality.submissions "
                           "WHERE status = 'current'").fetchone()[0] == 2
        assert con.execute("SELECT count(DISTINCT unit_code) FROM "
                           "marts.fct_funding").fetchone()[0] == 2
    from dagster import DagsterInstance, DagsterRunStatus

    os.environ["DAGSTER_HOME"] = env["DAGSTER_HOME"]
    try:
        with DagsterInstance.get() as instance:
            statuses = sorted(r.status.value for r in instance.get_runs())
    finally:
        del os.environ["DAGSTER_HOME"]
    assert DagsterRunStatus.STARTED.value not in statuses
    assert statuses.count(DagsterRunStatus.SUCCESS.value) == 2
