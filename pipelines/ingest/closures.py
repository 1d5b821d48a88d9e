"""Closed reporting years: the log ``closures.csv`` at the root of the raw folder.

Once a year is closed (``ntm close YEAR``), its published figures stay as they are: a file
that arrives later for that year is read and checked as usual but kept ``pending``
(``revisions.assign_status``) until someone accepts it (``ntm accept FILE``) or reopens the
year (``ntm reopen YEAR``). Nothing is discarded.

The log is UTF-8 CSV, one row per action, only ever appended to, with the columns
``action, year, source_file, sha256, recorded_at, recorded_by, release_name, note``:

- ``close``: one row per file that was current for the year in the published warehouse when
  it was closed (the year's frozen files), or one row with empty ``source_file`` and
  ``sha256`` when the year had none;
- ``reopen``: the year is open again, every file is ranked as usual;
- ``accept``: a file (by its ``sha256``) received after the year was closed may be published.

Rows are read in order: the last ``close`` or ``reopen`` of a year decides whether it is
closed, and the frozen files are the ``close`` rows after its last ``reopen``. A row that
cannot be used (an unknown action, a year that is not a number, a malformed sha256) is left
out and becomes a ``CLOSURES_FILE_INVALID`` warning naming the file, the row and the column;
reading never stops the build.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipelines.ingest.discover import CLOSURES_FILE
from pipelines.ingest.office_csv import fsync_folder, locked, read_office_file, whole_number

COLUMNS = ("action", "year", "source_file", "sha256", "recorded_at", "recorded_by",
           "release_name", "note")
ACTIONS = ("close", "reopen", "accept")
REQUIRED = ("action", "year")
INVALID = ("CLOSURES_FILE_INVALID", "warning")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    """One usable row of the log; ``row`` is its row as a spreadsheet shows it."""

    row: int
    action: str
    year: int
    source_file: str | None = None
    sha256: str | None = None
    recorded_at: str | None = None
    recorded_by: str | None = None
    release_name: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Closure:
    """A closed year: when and by whom (from its last ``close`` row) and its frozen files."""

    year: int
    recorded_at: str | None
    recorded_by: str | None
    release_name: str | None
    note: str | None
    frozen: frozenset[str]
    frozen_files: tuple[str, ...]

    @property
    def day(self) -> str:
        """The day it was closed, ``2026-12-04`` (or the text as written)."""
        text = self.recorded_at or ""
        try:
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            return text or "?"


@dataclass
class Closures:
    entries: list[Entry] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)

    def closed(self) -> dict[int, Closure]:
        """Every closed year with its closure."""
        state: dict[int, list[Entry] | None] = {}
        for entry in self.entries:
            if entry.action == "close":
                batch = state.get(entry.year)
                state[entry.year] = [*batch, entry] if batch else [entry]
            elif entry.action == "reopen":
                state[entry.year] = None
        out = {}
        for year, batch in state.items():
            if not batch:
                continue
            last = batch[-1]
            out[year] = Closure(
                year, last.recorded_at, last.recorded_by, last.release_name, last.note,
                frozenset(e.sha256 for e in batch if e.sha256),
                tuple(e.source_file for e in batch if e.source_file),
            )
        return out

    def closure(self, year: int | None) -> Closure | None:
        return None if year is None else self.closed().get(year)

    @property
    def accepted(self) -> frozenset[str]:
        """The sha256 of every file accepted, whatever its year."""
        return frozenset(e.sha256 for e in self.entries if e.action == "accept" and e.sha256)


def closures_path(raw: Path | None = None) -> Path:
    """``closures.csv`` at the root of the raw folder."""
    if raw is None:
        from pipelines.settings import raw_dir

        raw = raw_dir()
    return raw / CLOSURES_FILE


def read_closures(raw: Path) -> Closures:
    """The usable rows of the raw folder's ``closures.csv`` (none when it does not exist) and
    a flag per row left out."""
    result = Closures()
    log = read_office_file(
        closures_path(raw), CLOSURES_FILE, check=INVALID, required=REQUIRED,
        row_consequence=("dòng này không được dùng", "this row is not used"),
        file_consequence=("không năm nào được coi là đã khóa sổ",
                          "no year is treated as closed"))
    if log is None:
        return result
    result.flags = log.flags
    for number, _, values in log.rows:
        before = len(log.flags)
        action = values.get("action", "").lower()
        if action not in ACTIONS:
            log.flag(number, "action", values.get("action"),
                     f"hành động '{values.get('action', '')}' không hợp lệ "
                     f"({', '.join(ACTIONS)})",
                     f"unknown action '{values.get('action', '')}' ({', '.join(ACTIONS)})")
        year_text = values.get("year", "")
        try:
            year: int | None = whole_number(year_text)
        except ValueError:
            year = None
            log.flag(number, "year", year_text, f"năm '{year_text}' không phải số",
                     f"year '{year_text}' is not a number")
        digest = values.get("sha256", "").lower()
        if digest and not _SHA.match(digest):
            log.flag(number, "sha256", values.get("sha256"),
                     f"'{values.get('sha256')}' không phải mã sha256 (64 ký tự 0-9, a-f)",
                     f"'{values.get('sha256')}' is not a sha256 (64 characters 0-9, a-f)")
        elif action == "accept" and not digest:
            log.flag(number, "sha256", None, "dòng accept cần mã sha256 của tệp",
                     "an accept row needs the file's sha256")
        if len(log.flags) > before or year is None:
            continue
        result.entries.append(Entry(
            number, action, year,
            source_file=values.get("source_file") or None,
            sha256=digest or None,
            recorded_at=values.get("recorded_at") or None,
            recorded_by=values.get("recorded_by") or None,
            release_name=values.get("release_name") or None,
            note=values.get("note") or None,
        ))
    return result


def append(raw: Path, rows: list[dict[str, Any]]) -> Path:
    """Append rows to the log (creating it with its header), flushed to disk before
    returning; one writer at a time."""
    path = closures_path(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        fresh = not path.exists() or path.stat().st_size == 0
        needs_newline = False
        if not fresh:
            with path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                needs_newline = existing.read(1) not in (b"\n", b"\r")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if fresh:
            writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else str(row[c]) for c in COLUMNS])
        # One write of the whole batch, so that a build reading the log meanwhile sees all
        # of a close's rows or none.
        data = (("\n" if needs_newline else "") + buffer.getvalue()).encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if fresh:
            fsync_folder(path.parent)
    return path
