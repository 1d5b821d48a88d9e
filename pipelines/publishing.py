"""Publishing the warehouse: kept versions, an atomic switch, and rollback.

DuckDB allows one writer or many readers, never both, so readers must never open the file a
build writes. A build writes its working copy (``.build/``); publishing copies that copy
once into a new *version* folder, then swaps the published path to it with ``os.replace``.
A reader that has the old file open keeps reading it (the old inode lives on until it closes),
a new reader gets the whole new file, and nobody waits or sees a half-written warehouse.

The published file is a hard link to the newest version's file, so keeping versions costs no
second copy. The last few versions (``NTM_KEEP_VERSIONS``, 3 by default) are kept for
``ntm rollback``. Every step that can be interrupted leaves either the old state or the new
one: a version is written under a ``.partial`` name and renamed when complete, and leftovers
of a killed publish are removed by the next one (it holds the build lock, so they are stale).
A publish that fails (a full disk, a folder that cannot be written) removes what it wrote and
leaves the published files as they were; a version is deleted by first renaming it to a
``.partial`` name, so that no moment shows a half-deleted version as a complete one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_KEEP = 3
PARTIAL = ".partial"
INFO_FILE = "version.json"


class PublishError(RuntimeError):
    """Publishing could not complete; the published warehouse is unchanged."""


@dataclass(frozen=True)
class Version:
    """One published build, kept in ``<warehouse folder>/.versions/<id>/``."""

    id: str
    folder: Path
    info: Mapping[str, object]

    def file(self, name: str) -> Path:
        return self.folder / name


def versions_dir(target: Path) -> Path:
    return target.parent / ".versions"


def keep_count() -> int:
    """How many versions to keep (at least 1: the published one)."""
    raw = os.environ.get("NTM_KEEP_VERSIONS", "")
    try:
        return max(1, int(raw)) if raw.strip() else DEFAULT_KEEP
    except ValueError:
        raise PublishError(
            f"NTM_KEEP_VERSIONS={raw!r} is not a whole number; set it to how many published "
            "versions to keep (for example 3)"
        ) from None


def complete_folders(folder: Path, info_file: str) -> list[tuple[Path, dict[str, Any]]]:
    """The subfolders of ``folder`` that were written to the end, by name, each with its
    record ``info_file``: one still being written (``.partial``) or whose record is missing or
    unreadable is left out. Published versions and official releases are both kept this way."""
    if not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        info_path = child / info_file
        if child.name.endswith(PARTIAL) or not info_path.is_file():
            continue
        try:
            found.append((child, json.loads(info_path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return found


def list_versions(target: Path) -> list[Version]:
    """Complete versions, newest first (ids sort by time)."""
    return [Version(child.name, child, info)
            for child, info in reversed(complete_folders(versions_dir(target), INFO_FILE))]


def current_version(target: Path) -> Version | None:
    """The version the published path points at now: the same file (by inode), or, where
    publishing had to copy (no hard links) or the folder was copied, the same content."""
    if not target.exists():
        return None
    versions = list_versions(target)
    for version in versions:
        candidate = version.file(target.name)
        if candidate.exists() and os.path.samefile(candidate, target):
            return version
    size = target.stat().st_size
    same_size = [v for v in versions
                 if v.info.get("files", {}).get(target.name, {}).get("size_bytes") == size]
    if same_size:
        digest = _sha256(target)
        for version in same_size:
            if version.info["files"][target.name].get("sha256") == digest:
                return version
    return None


def publish(
    build_db: Path,
    target: Path,
    extras: Mapping[str, Path] | None = None,
    info: Mapping[str, object] | None = None,
) -> Version:
    """Keep ``build_db`` (checkpointed by the caller) and ``extras`` (name -> file, such as
    the quality report) as a new version and make it the published one.

    The caller holds the build lock, so no other publish runs meanwhile. If a write fails (a
    full disk, a folder that cannot be written), what this publish wrote is removed, the
    published files are as they were, and the ``OSError`` names the file it could not write.
    """
    keep = keep_count()  # a wrong setting stops here, before anything changes
    target = target.resolve()
    root = versions_dir(target)
    root.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    version_id = _new_id(root)
    partial = root / f"{version_id}{PARTIAL}"
    files = {target.name: build_db, **(extras or {})}
    try:
        partial.mkdir()
        digests = {name: _copy_durably(Path(source), partial / name)
                   for name, source in files.items()}
        record = {
            "id": version_id,
            "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": {name: {"sha256": digest, "size_bytes": (partial / name).stat().st_size}
                      for name, digest in digests.items()},
            **(info or {}),
        }
        with _naming(partial / INFO_FILE):
            (partial / INFO_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
        _fsync_dir(partial)
        final = root / version_id
        os.replace(partial, final)
    except BaseException:
        # On a full disk the half copy is what fills it: remove it now, not at the next publish.
        _discard(partial)
        raise
    version = Version(version_id, final, record)
    try:
        _fsync_dir(root)
        switch_to(version, target)
    except BaseException:
        _undo_switch(version, target)
        raise
    prune(target, keep)
    return version


def switch_to(version: Version, target: Path) -> None:
    """Point the published files at ``version``, each by one atomic rename.

    Every file is staged (linked or copied) beside its destination first, so that what can fail
    for want of space or permission fails before any published file has changed. The warehouse
    file goes last: a reader that sees the new warehouse also finds its report.
    """
    names = [name for name in version.info.get("files", {}) if name != target.name]
    staged: list[tuple[Path, Path]] = []
    try:
        for name in [*names, target.name]:
            destination = target.parent / name
            staged.append((_stage(version.file(name), destination), destination))
        for staging, destination in staged:
            os.replace(staging, destination)
        _fsync_dir(target.parent)
    finally:
        for staging, _ in staged:
            with contextlib.suppress(OSError):
                staging.unlink(missing_ok=True)


def _undo_switch(version: Version, target: Path) -> None:
    """After a switch that failed, give readers back what they had and drop ``version``.

    If the warehouse file itself was switched, the version is published and stays: only what
    failed after that rename (syncing the folder) is reported. Otherwise the warehouse file
    still belongs to the previous version, and files switched before it (the report) are
    pointed back at that version's.
    """
    with contextlib.suppress(OSError):
        if target.exists() and os.path.samefile(version.file(target.name), target):
            return
    previous = current_version(target)
    for name in version.info.get("files", {}):
        if name == target.name:
            continue
        destination = target.parent / name
        with contextlib.suppress(OSError):
            if previous is not None and previous.file(name).exists():
                _link_over(previous.file(name), destination)
            elif destination.exists() and os.path.samefile(version.file(name), destination):
                destination.unlink()
    _discard(version.folder)


def rollback(target: Path, version_id: str | None = None) -> Version:
    """Publish a kept version again: ``version_id``, or the one before the current one."""
    versions = list_versions(target)
    if not versions:
        raise PublishError(f"no kept versions of {target}; nothing to roll back to")
    if version_id is None:
        current = current_version(target)
        older = [v for v in versions if current is None or v.id < current.id]
        if not older:
            raise PublishError(
                f"the published warehouse is the oldest kept version ({current.id}); "
                "there is nothing older to roll back to"
            )
        chosen = older[0]
    else:
        matches = [v for v in versions if v.id == version_id]
        if not matches:
            known = ", ".join(v.id for v in versions)
            raise PublishError(f"no kept version {version_id!r}; kept versions: {known}")
        chosen = matches[0]
    expected = chosen.info.get("files", {}).get(target.name, {}).get("sha256")
    if expected and _sha256(chosen.file(target.name)) != expected:
        raise PublishError(
            f"version {chosen.id} was modified after it was published (its sha256 changed); "
            "it was opened for writing. Pick another version or run ntm build"
        )
    switch_to(chosen, target)
    return chosen


def prune(target: Path, keep: int) -> list[str]:
    """Remove all but the ``keep`` newest versions, never the published one."""
    current = current_version(target)
    removed = []
    for version in list_versions(target)[keep:]:
        if current is not None and version.id == current.id:
            continue
        _discard(version.folder)
        removed.append(version.id)
    return removed


def remove_leftovers(target: Path) -> None:
    """Delete what a killed publish left: ``.partial`` versions and staging files."""
    root = versions_dir(target)
    if root.is_dir():
        for child in root.iterdir():
            if child.name.endswith(PARTIAL):
                shutil.rmtree(child, ignore_errors=True)
    for leftover in target.parent.glob("*.publishing-*"):
        leftover.unlink(missing_ok=True)


def _link_over(source: Path, destination: Path) -> None:
    """Make ``destination`` the same file as ``source`` with one rename over it."""
    staging = _stage(source, destination)
    try:
        os.replace(staging, destination)
        _fsync_dir(destination.parent)
    finally:
        staging.unlink(missing_ok=True)


def _stage(source: Path, destination: Path) -> Path:
    """A file beside ``destination`` with the content of ``source``, ready to be renamed over it.

    A hard link costs no copy; where the file system has none, a copy is made instead.
    """
    staging = destination.with_name(f"{destination.name}.publishing-{os.getpid()}")
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
        return staging
    except OSError:
        pass  # if copying fails too, its error (naming the staging file) is the one to report
    try:
        _copy_durably(source, staging)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
        raise
    return staging


def _discard(folder: Path) -> None:
    """Delete a version folder without a moment in which it looks complete but is not.

    It is renamed to a ``.partial`` name first (one atomic step): listings skip it from then
    on, and if the deletion is interrupted the next publish clears the rest. A folder that
    cannot even be renamed is left whole.
    """
    doomed = folder if folder.name.endswith(PARTIAL) else folder.with_name(
        f"{folder.name}{PARTIAL}")
    if doomed != folder:
        try:
            os.replace(folder, doomed)
        except OSError:
            return
    shutil.rmtree(doomed, ignore_errors=True)


def _copy_durably(source: Path, destination: Path) -> str:
    """Copy and fsync, returning the sha256 of what was written (read once, in chunks)."""
    digest = hashlib.sha256()
    with source.open("rb") as src, destination.open("wb") as dst:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            with _naming(destination):
                dst.write(chunk)
        with _naming(destination):
            dst.flush()
            os.fsync(dst.fileno())
    return digest.hexdigest()


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Name the file in an error from writing it: a failed ``write`` or ``fsync`` (a full disk)
    carries no file name, and a message without one does not tell where space is missing."""
    try:
        yield
    except OSError as error:
        if error.filename is not None or error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        with _naming(folder):
            os.fsync(fd)
    finally:
        os.close(fd)


def _new_id(root: Path) -> str:
    """A sortable id from the UTC time, after every id in ``root``.

    Versions are ordered by id (newest first for ``prune``, ``rollback`` and ``ntm versions``),
    so a new id must sort after the existing ones even when an older one of the same second
    was deleted meanwhile, or the clock was set back: then the newest id gets a suffix
    (zero-padded, so that ``-010`` sorts after ``-009``).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    taken = [child.name.removesuffix(PARTIAL) for child in root.iterdir()
             if child.name[:8].isdigit()]  # ids only, not a file someone put there
    latest = max(taken, default="")
    if stamp > latest:
        return stamp
    base, _, suffix = latest.partition("-")
    return f"{base}-{int(suffix or 1) + 1:03d}"
