"""Find every file under the raw folder and fingerprint it.

Every file seen is reported (a stray PDF becomes a rejected submission with a reason), except
hidden files and the folder's own README, which document the folder rather than report to it,
and the office's records at its root (``vocabulary.toml``, ``closures.csv``, ``reviews.csv``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pipelines.ingest.workbook import csv_files, is_csv_folder

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# The header vocabulary a statistician extends (``vocabulary.py``) sits beside the submissions.
VOCABULARY_FILE = "vocabulary.toml"
# The office's own records, kept beside the submissions: closed years (``closures.py``) and
# the review marks on quality flags (``pipelines/review``).
CLOSURES_FILE = "closures.csv"
REVIEWS_FILE = "reviews.csv"
ROOT_RECORDS = frozenset({VOCABULARY_FILE, CLOSURES_FILE, REVIEWS_FILE})
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class FoundFile:
    path: Path
    source_file: str  # path relative to the raw folder, with forward slashes
    file_format: str  # "xlsx", "xls", "csv" or the suffix of a file that is not a submission
    size_bytes: int
    sha256: str
    folder_year: int | None
    not_a_submission: str | None = None  # rejection reason known from the name alone


def folder_year(relative: Path) -> int | None:
    """The year folder (``data/raw/<year>/...``): a hint that ThongTin confirms or contradicts."""
    return _year_of(relative.parts[:-1])


def _year_of(folders: tuple[str, ...] | list[str]) -> int | None:
    for part in folders:
        if _YEAR_RE.match(part):
            return int(part)
    return None


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _is_csv(name: str) -> bool:
    return os.path.splitext(name)[1].lower() == ".csv"


def sha256_folder(path: Path) -> str:
    """A CSV submission's fingerprint covers its file names and contents, in a fixed order."""
    digest = hashlib.sha256()
    for file in csv_files(path):
        digest.update(file.name.encode())
        digest.update(sha256_file(file).encode())
    return digest.hexdigest()


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.lower() in {"readme.md", "readme.txt"}


def discover(raw_dir: Path, listed: Callable[[int], None] | None = None) -> list[FoundFile]:
    """All candidate submissions in a stable order (sorted by relative path).

    ``listed(count)`` is told how many entries there are once the folder is walked, before
    their contents are fingerprinted (most of the time here): the ingest starts its reading
    processes meanwhile when there are many."""
    if not raw_dir.is_dir():
        return []
    entries: list[_Entry] = []  # walked first, fingerprinted after

    # os.scandir rather than Path.iterdir: its entries carry the type and the lstat the
    # checks need, and relative paths are joined as text; with pathlib, building and
    # comparing Path objects was nine tenths of the time over a national folder (0.6 s).
    # A CSV submission's folder is one entry, its CSV files read together; the workbooks and
    # folders beside them (a province filing its districts' workbooks in the folder of its own
    # CSV export) are submissions of their own, found as in any folder (``csv_folder``).
    def visit(folder: str, parts: list[str], csv_folder: bool = False) -> None:
        with os.scandir(folder) as listing:
            items = sorted(listing, key=lambda e: e.name)
        year = _year_of(parts)
        for entry in items:
            name = entry.name
            if _ignored(name) or (not parts and name in ROOT_RECORDS):
                continue
            source = "/".join([*parts, name])
            child = Path(entry.path)
            refused = _not_a_plain_entry(entry)
            if refused is None and entry.is_dir(follow_symlinks=False):
                if is_csv_folder(child):
                    entries.append(_Entry(source, child, year, None, True, 0))
                    visit(entry.path, [*parts, name], csv_folder=True)
                else:
                    visit(entry.path, [*parts, name])
                continue
            if csv_folder and refused is None and _is_csv(name):
                continue  # a sheet of the folder's submission
            size = entry.stat(follow_symlinks=False).st_size if refused is None else 0
            entries.append(_Entry(source, child, year, refused, False, size))

    visit(str(raw_dir), [])
    if listed is not None:
        listed(len(entries))
    return [_fingerprint(entry) for entry in entries]


class _Entry(NamedTuple):
    source: str
    path: Path
    year: int | None
    refused: str | None  # why it is not opened (a link, a device)
    csv_folder: bool
    size: int  # of a file


def _fingerprint(entry: _Entry) -> FoundFile:
    source, path, year, refused, csv_folder, size = entry
    if refused is not None:
        # Recorded, never opened: its fingerprint is of the entry, not of a target.
        digest = hashlib.sha256(f"{source}\0{refused}".encode()).hexdigest()
        return FoundFile(path, source, "none", 0, digest, year, refused)
    if csv_folder:
        return FoundFile(path, source, "csv", _size(path), sha256_folder(path), year)
    name = path.name
    suffix = os.path.splitext(name)[1].lower()
    reason = None
    if name.startswith("~$"):
        reason = "an Office lock file (~$...), left behind while a workbook was open"
    elif suffix == ".csv":
        reason = ("a lone CSV file: a CSV submission is a folder of per-sheet CSV files "
                  "with a ThongTin.csv")
    elif suffix not in WORKBOOK_SUFFIXES:
        reason = f"not a submission format ({suffix or 'no extension'}): "
        reason += "expected .xlsx, .xls, .ods or a folder of CSV files"
    return FoundFile(path, source, suffix.lstrip(".") or "none",
                     size, sha256_file(path), year, reason)


def _not_a_plain_entry(entry: os.DirEntry) -> str | None:
    """Why an entry of the raw folder is not read at all, or None for a file or folder.

    Symbolic links are never followed, wherever they point: one could lead outside the raw
    folder (to another office's data or a system file) or into a loop, and a submission is a
    file that was received, not a pointer to one. Named pipes and devices would block or
    never end when read.
    """
    if entry.is_symlink():
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        return (f"a symbolic link (to {target}); links are never followed: copy the file "
                "itself into the raw folder")
    mode = entry.stat(follow_symlinks=False).st_mode
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return "not a regular file (a named pipe, socket or device); it was not opened"


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in csv_files(folder))
