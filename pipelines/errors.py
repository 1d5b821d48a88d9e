"""Errors a person can act on: one sentence, no stack trace."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class UserError(Exception):
    """A wrong year, an unknown unit, a missing warehouse: said in one sentence."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# What a person has to do something about when a write fails: a full disk or a folder they
# may not write. Other errors are the program's to explain.
STORAGE_PROBLEMS: dict[int, str] = {
    errno.ENOSPC: "no space left on the device holding {path}",
    errno.EDQUOT: "the disk quota is used up on the device holding {path}",
    errno.EFBIG: "{path} reached the largest file size allowed (the file size limit, "
                 "ulimit -f, or the file system's)",
    errno.EACCES: "cannot write {path}: permission denied",
    errno.EPERM: "cannot write {path}: operation not permitted (is it immutable?)",
    errno.EROFS: "cannot write {path}: the file system is read-only",
}
# Failed writes that say so by themselves, even without a path or an errno (DuckDB, dbt).
_UNMISTAKABLE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)

_PYTHON_ERROR = re.compile(r"\[Errno (\d+)\] [^\n:']*(?:: '([^'\n]+)')?")


def storage_problem(error: OSError, path: str | os.PathLike[str] | None = None) -> str | None:
    """One phrase saying what is wrong with the storage, or None if ``error`` is another kind.

    ``path`` names the folder being written when the error's own file name is less useful.
    """
    where = path if path is not None else error.filename
    return _phrase(error.errno, None if where is None else os.fspath(where))


def storage_problem_in(text: str, fallback: str | os.PathLike[str]) -> str | None:
    """The same phrase from the message of an error raised elsewhere: a step of the build
    (recorded by Dagster as text), DuckDB (``Could not write file "x": No space left on
    device``) or dbt; ``fallback`` is named when the message names no file."""
    for match in _PYTHON_ERROR.finditer(text):
        number = int(match.group(1))
        if number in STORAGE_PROBLEMS:
            return _phrase(number, match.group(2) or os.fspath(fallback))
    for number in STORAGE_PROBLEMS:
        reason = re.escape(os.strerror(number))
        quoted = re.search(rf'"([^"\n]+)"[^"\n]*?:\s*{reason}', text)
        if quoted:
            return _phrase(number, quoted.group(1))
        if number in _UNMISTAKABLE and re.search(reason, text):
            return _phrase(number, os.fspath(fallback))
    return None


def _phrase(number: int | None, path: str | None) -> str | None:
    template = STORAGE_PROBLEMS.get(number or 0)
    if template is None:
        return None
    where = path or "?"
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) and path and not Path(path).exists():
        # A file that could not be created (a staging copy, a new version) is not what the
        # person has to fix: the folder it was to be created in is.
        where = str(Path(path).parent)
    return template.format(path=where)
