"""One writer at a time for the working warehouse.

DuckDB refuses a second writer with a lock error in the middle of a run; taking this lock at
the start of a run turns that into a clear message before anything is written. The lock is
an advisory ``flock`` on a file beside the working copy, so it is released by the kernel when
the process dies: a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another build holds the warehouse."""


def lock_path(database: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(database)}.lock")


@contextmanager
def warehouse_lock(database: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the build lock of ``database`` or raise :class:`WarehouseBusy` at once."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise WarehouseBusy(
                f"another build (process {holder}) is writing {database}; wait for it to "
                "finish and run the build again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def is_locked(database: str | os.PathLike[str]) -> bool:
    """True when a build holds the lock now (for a clear message before starting one)."""
    try:
        with warehouse_lock(database):
            return False
    except WarehouseBusy:
        return True
