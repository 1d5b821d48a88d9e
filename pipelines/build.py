"""Building the warehouse: one run of the Dagster job in this process, as ``ntm build`` runs it.

Before the run: the year and the raw folder are checked, the folders publishing writes are
tried, and a build already holding the warehouse stops this one (or is waited for). The run
itself is the code location's ``ntm_build`` job, executed in process against the instance in
``DAGSTER_HOME``, tagged with this process's id so that a later build can record it as failed
if this process is killed. A quiet run sends Dagster's error records and dbt's output to the
build log; a failed run is summed up in one sentence. ``summary`` describes what was
published, from the public tables.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipelines.errors import UserError, storage_problem, storage_problem_in
from pipelines.orchestration.instance import dagster_home
from pipelines.orchestration.locking import is_locked
from pipelines.settings import DBT_PROJECT_DIR, build_path, raw_dir, warehouse_path
from pipelines.warehouse import published_identity

if TYPE_CHECKING:
    from dagster import DagsterInstance, ExecuteInProcessResult

PID_TAG = "ntm/pid"
QUIET_LEVELS = ("WARNING", "ERROR")


@dataclass(frozen=True)
class Outcome:
    """How a build ended: published, or failed with one sentence saying why."""

    published: bool
    failure: str | None = None


def offline_environment() -> None:
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def prepare() -> None:
    """Write the dbt manifest the code location loads (``ntm prepare``, ``make setup``), the
    parse the builds start from, and the empty warehouse ``ntm check`` starts from."""
    from pipelines.check import base
    from pipelines.orchestration.dbt_inprocess import keep_parse
    from pipelines.orchestration.dbt_project import prepare_manifest

    offline_environment()
    prepare_manifest()
    keep_parse(DBT_PROJECT_DIR, DBT_PROJECT_DIR / "target")
    try:
        base.prepare()
    except base.BaseFailed as exc:
        raise UserError(str(exc)) from None


def build(year: int | range | None = None, *, full_refresh: bool = False, wait: bool = False,
          log_level: str = "WARNING",
          waiting: Callable[[], None] | None = None) -> Outcome:
    """Run the build job for ``year``, the years of a range, or every year (None), and
    publish.

    A wrong year, a missing raw folder, an unwritable folder or a build holding the
    warehouse raise ``UserError``; so does a storage error outside the run's steps.
    ``waiting`` is called once when ``wait`` makes this build wait for another.
    """
    return _guarded(lambda before: _build(year, full_refresh, wait, log_level, waiting, before))


def refresh(*, wait: bool = False, log_level: str = "WARNING") -> Outcome:
    """Run the refresh job: read the releases and the review marks again, rebuild
    ``quality.flags`` and the history models, publish. The submissions are not read again, so
    it takes seconds; it needs a build to have run before (the working copy it refreshes)."""
    if not build_path().exists() or not warehouse_path().exists():
        raise UserError(f"there is no warehouse at {warehouse_path()} yet; run `ntm build` "
                        "first.")
    return _guarded(lambda before: _build(None, False, wait, log_level, None, before,
                                          job_name="ntm_refresh"))


def _guarded(run: Callable[[tuple[int, ...] | None], Outcome]) -> Outcome:
    """A storage error outside the run's steps becomes one sentence saying whether the
    published warehouse changed."""
    before = published_identity(warehouse_path())
    try:
        return run(before)
    except OSError as error:
        # Outside the run's steps (the build log, the lock, Dagster's home): still one sentence.
        problem = storage_problem(error)
        if problem is None:
            raise
        changed = published_identity(warehouse_path()) != before
        published = ("the new warehouse had already been published" if changed else
                     "the published warehouse was not changed")
        raise UserError(f"{problem}; {published} ({warehouse_path()}).", exit_code=1) from None


def _build(year: int | range | None, full_refresh: bool, wait: bool, log_level: str,
           waiting: Callable[[], None] | None, before: tuple[int, ...] | None,
           job_name: str | None = None) -> Outcome:
    offline_environment()
    dagster_home()
    check_inputs(year)
    check_writable()
    wait_for_other_build(wait, waiting)
    from pipelines.orchestration.dbt_project import manifest_is_stale, prepare_manifest

    if manifest_is_stale():
        prepare_manifest()
    from dagster import DagsterInstance

    from pipelines.definitions import BUILD_JOB, defs
    from pipelines.orchestration.partitions import partition_years

    years = partition_years()
    job_name = job_name or BUILD_JOB
    job = defs.resolve_job_def(job_name)
    run_config: dict = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    if full_refresh:
        run_config["ops"] = {"ntm_dbt_models": {"config": {"full_refresh": True}}}
    tags = {PID_TAG: str(os.getpid()), "ntm/trigger": "cli"}
    options: dict = {"run_config": run_config, "raise_on_error": False}
    if isinstance(year, int):
        options["partition_key"] = str(year)
    elif job_name == BUILD_JOB:
        # A range of partitions in one run (``single_run`` in orchestration/partitions.py).
        chosen = year or years
        tags["dagster/asset_partition_range_start"] = str(chosen.start)
        tags["dagster/asset_partition_range_end"] = str(chosen.stop - 1)
    options["tags"] = tags
    # dagster-dbt echoes every dbt log line on stdout; keep it in a file unless asked for.
    log_path = build_path().parent / "build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, DagsterInstance.get() as instance:
        mark_abandoned_runs(instance, job_name)
        with contextlib.ExitStack() as stack:
            if log_level in QUIET_LEVELS:
                stack.enter_context(contextlib.redirect_stdout(log))
                stack.enter_context(contextlib.redirect_stderr(ErrorsToLog(sys.stderr, log)))
            result = job.execute_in_process(instance=instance, **options)
    if result.success:
        return Outcome(published=True)
    changed = published_identity(warehouse_path()) != before
    return Outcome(published=False, failure=failure_message(result, log_path, changed))


def check_inputs(year: int | range | None) -> None:
    from pipelines.orchestration.partitions import partition_years

    years = partition_years()
    asked = [] if year is None else [year] if isinstance(year, int) else [year[0], year[-1]]
    for one in asked:
        if one not in years:
            raise UserError(f"{one} is not a reporting year this warehouse covers "
                            f"({years.start}-{years.stop - 1}); pick one of those.")
    folder = raw_dir()
    if not folder.is_dir():
        raise UserError(f"the raw folder {folder} does not exist; set NTM_RAW_DIR to the "
                        "folder of submissions.")


def check_writable() -> None:
    """Stop in a second, not after the whole build, when a folder publishing needs cannot be
    written: the warehouse folder, its kept versions and the working copy's folder.

    A file is created (unnamed, gone when closed) rather than asking ``os.access``, which
    says yes to root on any folder and knows nothing of read-only or immutable ones.
    """
    target = warehouse_path()
    versions = target.parent / ".versions"
    folders = [build_path().parent, target.parent]
    if versions.is_dir():
        folders.append(versions)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            problem = storage_problem(error, folder)
            if problem is None:
                raise
            raise UserError(f"{problem}; nothing was built and the published warehouse "
                            f"{target} was not changed.", exit_code=1) from None


def wait_for_other_build(wait: bool, waiting: Callable[[], None] | None = None) -> None:
    if not is_locked(build_path()):
        return
    if not wait:
        raise UserError(f"another build is writing {build_path()}; wait for it to finish and "
                        "run the build again (or add --wait).", exit_code=3)
    if waiting is not None:
        waiting()
    while is_locked(build_path()):
        time.sleep(1)


class ErrorsToLog:
    """Standard error during a quiet build: Dagster's error records (a stack trace for each
    failed step, then one for the run) go to the build log, which the closing one-sentence
    message names; warnings and progress bars still reach the terminal.

    Dagster's console handler looks up ``sys.stderr`` for every record and writes each record
    in one call, so a record can be told by its header.
    """

    _RECORD = re.compile(r" - dagster - (?:ERROR|CRITICAL) - ")
    _COLOUR = re.compile(r"\x1b\[[0-9;]*m")

    def __init__(self, terminal: TextIO, log: TextIO) -> None:
        self._terminal = terminal
        self._log = log

    def write(self, text: str) -> int:
        header = self._COLOUR.sub("", text[:400])
        return (self._log if self._RECORD.search(header) else self._terminal).write(text)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, flush: the terminal's
        return getattr(self._terminal, name)


def failure_message(result: ExecuteInProcessResult, log_path: Path, changed: bool) -> str:
    """One sentence: the failed step, the first cause a person can act on, and whether the
    published warehouse changed."""
    failures = [e for e in result.all_events if e.is_step_failure]
    where = (f"in step(s) {', '.join(e.step_key for e in failures)}" if failures else
             "before its first step")
    # What each failed step raised, then what led to it; then errors outside the steps (a
    # resource that could not start), which a quiet build no longer shows on the terminal.
    others = [e for e in result.all_events if not e.is_step_failure]
    messages: list[str] = []
    for event in [*failures, *others]:
        error = getattr(event.event_specific_data, "error", None)
        if error is not None and error.cls_name == "DagsterExecutionStepExecutionError":
            error = error.cause or error  # Dagster's wrapper only names the step
        while error is not None:
            messages.append(error.message.strip())
            error = error.cause or error.context
    problem = storage_problem_in("\n".join(messages), log_path.parent)
    if problem is None and messages and messages[0]:
        problem = messages[0].splitlines()[0]
    reason = f": {problem}" if problem else ""
    target = warehouse_path()
    published = (f"the published warehouse {target} was not changed" if not changed else
                 f"the new warehouse had already been published at {target}")
    return (f"ntm: the build failed {where}{reason}; {published}. The errors and "
            f"dbt's log are in {log_path}; run with --log-level INFO for details.")


def mark_abandoned_runs(instance: DagsterInstance, job_name: str) -> int:
    """Record runs of killed ``ntm build`` processes as failed.

    An in-process run whose process was killed stays "started" in Dagster's run storage for
    ever; the UI would show a build running that is not. Only runs this module started (they
    carry the process id) are touched, and only when that process is gone.
    """
    from dagster import DagsterRunStatus, RunsFilter

    unfinished = [DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
                  DagsterRunStatus.STARTED]
    runs = instance.get_runs(RunsFilter(job_name=job_name, statuses=unfinished))
    marked = 0
    for run in runs:
        pid = run.tags.get(PID_TAG)
        if pid and pid.isdigit() and not _alive(int(pid)):
            instance.report_run_failed(
                run, message=f"the ntm build process {pid} ended without finishing the run "
                "(it was killed); the published warehouse is whole: the one before, or the one "
                "this run published if it was killed after publishing")
            marked += 1
    return marked


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def summary(path: Path) -> str:
    """A few lines a person can check at a glance after a build, from the public tables of
    the published warehouse."""
    import duckdb

    from pipelines.publishing import current_version

    with duckdb.connect(str(path), read_only=True) as con:
        statuses = con.execute(
            "SELECT status, count(*) FROM quality.submissions GROUP BY 1 ORDER BY 1"
        ).fetchall()
        years = con.execute(
            "SELECT min(year), max(year) FROM quality.submissions WHERE status = 'current'"
        ).fetchone()
        flags = con.execute(
            "SELECT severity, count(*) FROM quality.flags GROUP BY 1 ORDER BY 1"
        ).fetchall()
        communes = con.execute("SELECT count(*) FROM marts.fct_commune_status").fetchone()[0]
    version = current_version(path)
    lines = [
        f"Published {path}" + (f" (version {version.id})" if version else ""),
        f"  submissions: {', '.join(f'{n} {s}' for s, n in statuses) or 'none'}",
        f"  years with a current submission: {years[0]}-{years[1]}" if years[0] else
        "  no current submission",
        f"  commune-years in marts.fct_commune_status: {communes}",
        f"  quality flags: {', '.join(f'{n} {s}' for s, n in flags) or 'none'}"
        " (ntm flags lists them)",
    ]
    return "\n".join(lines)
