"""Official releases: a published warehouse kept under a name, never pruned.

A release is a folder ``<warehouse folder>/releases/<name>/`` holding the published file as
it was (a hard link to the published version's file, which is never written again, so a
release costs no copy; a copy where the file system has no hard links) and ``release.json``
(name, time, note, order, the version it was). Ordinary builds prune old *versions*
(``NTM_KEEP_VERSIONS``); nothing prunes releases. The folder is the whole record: the history
tables are rebuilt from it by every build (``pipelines.history.load``), so they survive a
``--full-refresh`` and a lost working copy.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.errors import UserError
from pipelines.publishing import PARTIAL, complete_folders
from pipelines.settings import warehouse_path

INFO_FILE = "release.json"
# A name is typed in commands and SQL (`ntm sql --as-of 2024-official`), and is a folder name.
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Release:
    name: str
    folder: Path
    info: dict[str, Any]

    @property
    def file(self) -> Path:
        return self.folder / str(self.info["file"])

    @property
    def seq(self) -> int:
        return int(self.info["seq"])

    @property
    def released_at(self) -> str:
        return str(self.info["released_at"])

    @property
    def note(self) -> str | None:
        return self.info.get("note") or None


def releases_dir(target: Path | None = None) -> Path:
    return (target or warehouse_path()).parent / "releases"


def list_releases(target: Path | None = None) -> list[Release]:
    """Complete releases, oldest first (by their order number)."""
    found = [Release(child.name, child, info)
             for child, info in complete_folders(releases_dir(target), INFO_FILE)]
    return sorted((r for r in found if r.file.is_file()), key=lambda r: r.seq)


def latest_release_name(target: Path | None = None) -> str | None:
    releases = list_releases(target)
    return releases[-1].name if releases else None


def find_release(name: str, target: Path | None = None) -> Release | None:
    return next((r for r in list_releases(target) if r.name == name), None)


def make_release(name: str, note: str | None = None, *, by: str | None = None) -> Release:
    """Keep the published warehouse as release ``name``.

    The caller holds the build lock, so the published file does not change meanwhile."""
    from pipelines.publishing import current_version

    if not NAME_RE.match(name):
        raise UserError(f"{name!r} cannot be a release name: use letters, digits, '.', '-' "
                        "and '_' (at most 64, starting with a letter or digit), for example "
                        "2024-official")
    target = warehouse_path()
    if not target.exists():
        raise UserError(f"there is no published warehouse at {target} to release; run "
                        "`ntm build` first")
    existing = list_releases(target)
    if any(r.name == name for r in existing):
        raise UserError(f"a release named {name!r} exists already; releases are never "
                        "replaced: choose another name")
    root = releases_dir(target)
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f"{name}{PARTIAL}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    version = current_version(target)
    source = version.file(target.name) if version is not None else target
    try:
        _link_or_copy(source, partial / target.name)
        info = {
            "name": name,
            "seq": max((r.seq for r in existing), default=0) + 1,
            "released_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "released_by": by or _login(),
            "note": note or None,
            "file": target.name,
            "version": version.id if version is not None else None,
            "years": version.info.get("years") if version is not None else None,
        }
        (partial / INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False),
                                         encoding="utf-8")
        os.replace(partial, root / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Release(name, root / name, info)


def resolve_file(name: str, target: Path | None = None) -> tuple[str, Path]:
    """A warehouse file by name: a release, a kept version id, or ``published``."""
    from pipelines.publishing import list_versions

    target = target or warehouse_path()
    if name in ("published", "current"):
        if not target.exists():
            raise UserError(f"there is no published warehouse at {target}; run `ntm build`")
        return "published", target
    release = find_release(name, target)
    if release is not None:
        return f"release {name}", release.file
    for version in list_versions(target):
        if version.id == name:
            return f"version {name}", version.file(target.name)
    known = [r.name for r in list_releases(target)]
    raise UserError(f"no release or kept version named {name!r}; releases: "
                    f"{', '.join(known) or 'none yet'} (`ntm releases`); versions: "
                    "`ntm versions`; or `published`")


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
