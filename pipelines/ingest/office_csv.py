"""The record files an office keeps at the root of the raw folder (``closures.csv``,
``reviews.csv``): UTF-8 CSV that a command appends to or rewrites and a person may edit in a
spreadsheet.

One reader for both, because what can go wrong is the same: the file is not UTF-8, not CSV,
lacks a required column, or a row holds a value that cannot be used. Reading never stops on
them: a row that cannot be used is left out and becomes a flag of the ingest's shape naming
the file, the row (as a spreadsheet numbers it) and the column, in Vietnamese then English.
What a row must hold is each file's own rule (``pipelines.ingest.closures``,
``pipelines.review.marks``).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Unreadable(ValueError):
    """Not UTF-8 CSV text; the message is Vietnamese, ``" — "``, then English."""


@dataclass
class OfficeFile:
    """A record file as read: its lowered header, its non-blank rows by their row number,
    and the flags about it. ``flag`` adds one; ``consequence`` says, in both languages, what
    happens to a row left out (``dòng này không được dùng`` / ``this row is not used``) and
    to the whole file when it cannot be read."""

    name: str
    sha256: str
    check: tuple[str, str]
    row_consequence: tuple[str, str]
    file_consequence: tuple[str, str]
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str], dict[str, str]]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)

    def flag(self, row: int | None, column: str | None, raw_value: str | None, vi: str,
             en: str) -> None:
        if row is None:
            message = (f"{self.name}: {vi}; {self.file_consequence[0]} — {en}; "
                       f"{self.file_consequence[1]}")
        else:
            where_vi = f"dòng {row}" + (f", cột {column}" if column else "")
            where_en = f"row {row}" + (f", column {column}" if column else "")
            message = (f"{self.name}: {where_vi}: {vi}; {self.row_consequence[0]} — "
                       f"{where_en}: {en}; {self.row_consequence[1]}")
        check_code, severity = self.check
        self.flags.append({
            "check_code": check_code, "severity": severity, "year": None, "level": None,
            "unit_code": None, "indicator_code": None, "reported_value": None,
            "expected_value": None, "message": message, "source_file": self.name,
            "sha256": self.sha256, "sheet": None, "row_number": row, "column_name": column,
            "raw_value": raw_value,
        })


def read_office_file(path: Path, name: str, *, check: tuple[str, str],
                     required: tuple[str, ...], row_consequence: tuple[str, str],
                     file_consequence: tuple[str, str]) -> OfficeFile | None:
    """The file's rows, each as its cells and as ``{column: stripped text}``; ``None`` when
    there is no file. An unreadable file or a header without a ``required`` column gives no
    rows and its flags."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    result = OfficeFile(name, hashlib.sha256(data).hexdigest(), check, row_consequence,
                        file_consequence)
    try:
        rows = csv_rows(data)
    except Unreadable as error:
        vi, _, en = str(error).partition(" — ")
        result.flag(None, None, None, vi, en)
        return result
    if not rows:
        return result
    result.header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in required if c not in result.header]
    for column in missing:
        result.flag(1, column, None, f"thiếu cột {column} ở dòng tiêu đề",
                    f"the header has no column {column}")
    if missing:
        return result
    for number, cells in enumerate(rows[1:], start=2):
        if any(c.strip() for c in cells):
            values = {h: (cells[i].strip() if i < len(cells) else "")
                      for i, h in enumerate(result.header) if h}
            result.rows.append((number, cells, values))
    return result


def csv_rows(data: bytes) -> list[list[str]]:
    """Every record of the file, blank ones included (so that a record's index is the row
    a spreadsheet shows); a byte order mark is skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"không đọc được tệp: không phải văn bản UTF-8 (byte {error.start + 1}); hãy lưu "
            f"lại dưới dạng CSV UTF-8 — cannot read the file: not UTF-8 text (byte "
            f"{error.start + 1}); save it again as CSV UTF-8") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise Unreadable(
            f"không đọc được tệp CSV ({error}) — cannot read the file as CSV ({error})"
        ) from None


def whole_number(text: str) -> int:
    """A whole number as typed, or as a spreadsheet may write it back (``2024.0``);
    ``ValueError`` otherwise."""
    try:
        return int(text)
    except ValueError:
        number = float(text.replace(",", "."))
        if not number.is_integer():
            raise
        return int(number)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One writer of the file at a time (two commands at once would otherwise lose one's
    rows); the lock is a hidden file beside it, which the ingest skips."""
    lock = path.parent / f".{path.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """A new or renamed file's name on disk, not only its bytes."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
