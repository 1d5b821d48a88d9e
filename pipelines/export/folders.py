"""Replace an export folder only once its new content is complete.

A reader (a BI refresh, a colleague copying files) must find either the previous export or the
new one, never a folder half rewritten. Each format is written into a hidden sibling folder and
renamed into place at the end; the previous folder is renamed aside first and deleted after,
so it is absent only for the instant between two renames and never mixed with new files.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".export.lock"


class ExportBusy(RuntimeError):
    """Another export is writing into the same folder."""


@contextmanager
def export_lock(out: Path) -> Iterator[None]:
    """One export at a time per output folder.

    Two exports swapping the same folder could delete each other's work; holding the lock also
    proves that hidden work folders left by a killed export are stale and may be removed. The
    lock is a ``flock``, so the kernel releases it when a process dies.
    """
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportBusy(f"another export is writing into {out}; wait for it to finish "
                             "and export again") from None
        _remove_leftovers(out)
        yield
    finally:
        os.close(fd)


_WORK_NAME = re.compile(r"\.[^/]+\.(partial|old)-\d+-[0-9a-f]{8}")


def _work_name(final: Path, kind: str) -> Path:
    return final.parent / f".{final.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _remove_leftovers(out: Path) -> None:
    # Only called under the lock: any work folder still here belongs to an export that died.
    for path in out.iterdir():
        if _WORK_NAME.fullmatch(path.name):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


@contextmanager
def replaced_folder(final: Path) -> Iterator[Path]:
    """Yield an empty work folder beside ``final`` that takes its place when the block ends
    without an error; after an error the work folder is removed and ``final`` is untouched."""
    work = _work_name(final, "partial")
    work.mkdir(parents=True)
    try:
        yield work
        _swap_in(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _swap_in(work: Path, final: Path) -> None:
    old = None
    if final.exists() or final.is_symlink():
        old = _work_name(final, "old")
        os.replace(final, old)
    try:
        os.replace(work, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
