"""Check submissions before they are sent: the build's own reading and checks, on a scratch
warehouse that holds only the files given.

Nothing here restates a rule. The files are read by the ingest (``pipelines.ingest``), the
check tables are the dbt models the build uses (made ahead as views, ``base``), the expectation
suites are the build's suites, and the flags come out of the dbt model ``quality.flags``
(a view too): a file that passes here
passes the same checks in the build. What differs is what is around the files: no other
submission, no earlier year, no Dagster and no published warehouse. The checks that compare a
unit with its own history (CUMULATIVE_BREAK, OUTLIER) or with the units that did not send
anything (MISSING_SUBMISSION) can only see the files given, so their results are left out
unless the files give them what they need (several years of one unit, for example).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.check import base
from pipelines.check.suite_process import Suites, SuitesStopped, start_suites

# Checks about units that sent nothing, or that only many files of one unit can show.
NOT_FROM_THE_FILES = ("MISSING_SUBMISSION",)


@dataclass
class CheckedFile:
    """One file as given on the command line, and what the ingest made of it."""

    path: Path
    source_file: str
    sha256: str | None = None
    status: str | None = None
    reason: str | None = None
    year: int | None = None
    level: str | None = None
    unit_code: str | None = None
    # sheet name -> the columns the ingest read there (`commune_code = B (Mã xã), ...`)
    layouts: dict[str, str] = field(default_factory=dict)

    @property
    def unreadable(self) -> bool:
        """Rejected by the ingest (not a workbook, no ThongTin, no identity), or not even
        taken for a submission (a file type the build does not read)."""
        return self.status in (None, "rejected")


@dataclass
class CheckResult:
    files: list[CheckedFile]
    flags: list[dict[str, Any]]
    checks_run: list[str]
    # The header vocabulary the files were read with besides the built-in one (its path).
    vocabulary: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.flags if f["severity"] == "error")


class CheckFailed(RuntimeError):
    """The checking itself broke (not the file): the check models or a suite could not run."""


def check_files(paths: list[Path], workdir: Path) -> CheckResult:
    """Read and check ``paths`` (workbooks or CSV folders) in the scratch folder ``workdir``.

    The files are copied, never opened in place for writing: nothing received is modified.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    suites_process = start_suites()
    try:
        return _check(paths, workdir, suites_process, started, timings)
    finally:
        suites_process.close()


def _check(paths: list[Path], workdir: Path, suites_process: Suites,
           started: float, timings: dict[str, float]) -> CheckResult:
    files = _stage(paths, workdir / "raw")
    vocabulary = _stage_vocabulary(workdir / "raw")
    database = workdir / base.DATABASE
    try:
        shutil.copyfile(base.base_database(workdir), database)
    except base.BaseFailed as exc:
        raise CheckFailed(str(exc)) from exc
    timings["base"] = time.perf_counter() - started

    from pipelines.ingest.run import ingest
    from pipelines.reporting_years import reporting_years
    from pipelines.warehouse import connect_working

    mark = time.perf_counter()
    con = connect_working(str(database))
    try:
        years = reporting_years()
        ingest(con, workdir / "raw", years, years, workers=1)
        _describe(con, files)
    finally:
        con.close()
    timings["read"] = time.perf_counter() - mark
    if all(f.unreadable for f in files):  # nothing for the checks to look at
        return CheckResult(files=files, flags=[], checks_run=["ingest"],
                           vocabulary=vocabulary, seconds=time.perf_counter() - started,
                           timings=timings)

    mark = time.perf_counter()
    try:
        suites = _run_suites(database, suites_process)
    except SuitesStopped as exc:
        raise CheckFailed(str(exc)) from exc
    timings["expectation suites"] = time.perf_counter() - mark

    mark = time.perf_counter()
    with duckdb.connect(str(database), read_only=True) as con:
        flags = _flags(con, files)
    timings["flags"] = time.perf_counter() - mark
    return CheckResult(files=files, flags=flags, checks_run=["ingest", *suites],
                       vocabulary=vocabulary, seconds=time.perf_counter() - started,
                       timings=timings)


def _stage(paths: list[Path], raw: Path) -> list[CheckedFile]:
    """Copies of the files under a scratch raw folder, each in a folder of its own (two files
    may share a name) below its year folder when it was in one: the build reads a year folder
    as a hint and flags a file whose ThongTin says otherwise (YEAR_MISMATCH)."""
    from pipelines.ingest.discover import folder_year

    files = []
    for index, path in enumerate(paths, start=1):
        # The year folder of the build's layout is the parent or the one above it
        # (`2024/20_lang_son/file.xlsx`); a year higher up the path is not a hint.
        hint = folder_year(Path(path.parent.parent.name) / path.parent.name / path.name)
        relative = Path(f"{index:03d}") / (str(hint) if hint else "") / path.name
        target = raw / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            shutil.copy2(path, target)
        files.append(CheckedFile(path=path, source_file=relative.as_posix()))
    return files


def _stage_vocabulary(raw: Path) -> str | None:
    """The header vocabulary the build reads with (``vocabulary.toml`` of the raw folder, or
    ``NTM_VOCABULARY``) beside the copies, so that a column an office's own words name is
    read here as the build reads it. Its path, or None when there is none."""
    from pipelines.ingest.discover import VOCABULARY_FILE
    from pipelines.ingest.vocabulary import vocabulary_path
    from pipelines.settings import raw_dir

    source = vocabulary_path(raw_dir())
    if not source.is_file():
        return None
    shutil.copyfile(source, raw / VOCABULARY_FILE)
    return str(source)


def _describe(con: duckdb.DuckDBPyConnection, files: list[CheckedFile]) -> None:
    rows = con.execute("SELECT source_file, sha256, status, reason, year, level, unit_code "
                       "FROM raw.submissions").fetchall()
    by_file = {r[0]: r for r in rows}
    sheets = con.execute("SELECT sha256, sheet, columns FROM raw.sheets").fetchall()
    for f in files:
        row = by_file.get(f.source_file)
        if row is not None:
            _, f.sha256, f.status, f.reason, f.year, f.level, f.unit_code = row
            f.layouts = {sheet: columns or "" for sha, sheet, columns in sheets
                         if sha == f.sha256}


def _run_suites(database: Path, suites_process: Suites) -> list[str]:
    """Every suite on its check table, as the build's asset checks run them: the tables are
    read here while the suite process is still importing, and their flags kept here."""
    from pipelines.quality.results import replace_flags
    from pipelines.quality.suites import all_suites

    with duckdb.connect(str(database)) as con:
        work = [(suite, con.execute(f"SELECT * FROM {suite.table}").df())
                for suite in all_suites()]
        for (suite, frame), flags in zip(work, suites_process.validate(work), strict=True):
            years = sorted({int(y) for y in frame["year"].dropna()}) if "year" in frame else []
            replace_flags(con, suite.name, years or [0], flags)
    return [suite.name for suite, _ in work]


def _flags(con: duckdb.DuckDBPyConnection, files: list[CheckedFile]) -> list[dict[str, Any]]:
    """quality.flags about the files given, by their content or their name, without the
    ones their history would decide: MISSING_SUBMISSION, and a B06 count of OCOP
    certificates in force (they were recognized in any of the last three years, so the
    count is computed only when the unit's three earlier reports are among the files)."""
    shas = [f.sha256 for f in files if f.sha256]
    names = [f.source_file for f in files]
    cursor = con.execute(
        "SELECT * FROM quality.flags AS f WHERE (sha256 IN (SELECT unnest($shas)) "
        "OR source_file IN (SELECT unnest($names))) "
        "AND check_code NOT IN (SELECT unnest($skip)) "
        "AND NOT (check_code = 'AGGREGATE_MISMATCH' AND indicator_code LIKE 'OCOP%' "
        "  AND (SELECT count(DISTINCT s.year) FROM raw.submissions AS s "
        "       WHERE s.level = f.level AND s.unit_code = f.unit_code "
        "         AND s.year BETWEEN f.year - 3 AND f.year - 1) < 3) "
        "ORDER BY source_file, sheet NULLS FIRST, row_number NULLS FIRST, check_code",
        {"shas": shas or [""], "names": names, "skip": list(NOT_FROM_THE_FILES)})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
