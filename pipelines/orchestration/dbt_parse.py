"""The dbt project's parse, kept for every working copy: in memory for the process's next dbt
command, and on disk for the next process.

dbt keeps its own parse (``partial_parse.msgpack``) in the command's target folder, beside
each working copy, and reuses it only for the same profile, whose database path is the
working copy's (``NTM_BUILD_DB``). So every new warehouse, every test site and the first
build after set-up parsed the whole project again: about 5 s of CPU each, alone. The parse
depends on the project's files, on the database's name (dbt names the DuckDB catalog after
the file, and compiled SQL names the catalog), on dbt's variables from the environment and on
the installed dbt, not on the folder: it is kept here under exactly that (``parse_key``), in
the project's own target folder, in the serialization dbt's partial parse uses (msgpack, no
pickle). ``ntm prepare`` (``make setup``) leaves one there.

Written by hand because dbt offers no parse cache keyed otherwise than by the whole profile.
A saved parse that cannot be read is parsed again and replaced; one that cannot be written
is only not kept: neither fails a build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from pipelines.orchestration.dbt_project import project_files

# The parse of the last key asked for in this process (see ``parse_key``).
_PARSED: dict[tuple, Any] = {}
# Parses kept on disk: one per key; the oldest go when there are more (each is about 3 MB,
# and every edit of the project makes a new key).
KEEP = 4
# What besides the project's files makes a parse: dbt itself and the adapter's macros.
_PACKAGES = ("dbt-core", "dbt-adapters", "dbt-duckdb")


def parse_key(project_dir: Path) -> tuple:
    """What a parse depends on: the project's files (paths and contents: about 150 files,
    0.4 MB, hashed in a few milliseconds; sizes and times would miss an edit that keeps
    both, and a kept parse outlives the process), the name of the database, dbt's
    variables from the environment and dbt's versions. Not the working copy's folder: the
    parse is the same for every warehouse of the same name."""
    files = [(str(f.relative_to(project_dir)), hashlib.sha256(f.read_bytes()).hexdigest())
             for f in project_files(project_dir)]
    database = Path(os.environ.get("NTM_BUILD_DB", "ntm.duckdb")).stem
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("DBT_ENV_")))
    versions = tuple(installed_version(package) for package in _PACKAGES)
    return str(project_dir), database, env, versions, tuple(files)


def saved_parse_path(project_dir: Path, key: tuple) -> Path:
    """Where the parse of ``key`` is kept: the project's target folder (git-ignored)."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return project_dir / "target" / "parses" / f"{digest}.msgpack"


def parsed(runner: Any, project_dir: Path, parse: list[str]) -> Any:
    """The project's parse: this process's, else the one saved on disk, else dbt's (the
    command ``parse``, which reuses dbt's partial parse in its target folder when the profile
    is the same), then saved. ``runner`` is dbt-core's ``dbtRunner``; the caller runs one dbt
    command at a time."""
    key = parse_key(project_dir)
    manifest = _PARSED.get(key)
    if manifest is None:
        saved = saved_parse_path(project_dir, key)
        manifest = _load(saved)
        if manifest is None:
            result = runner().invoke(parse)
            if not result.success:
                raise RuntimeError(f"dbt could not parse the project ({result.exception})")
            manifest = result.result
            _save(saved, manifest)
        _PARSED.clear()
        _PARSED[key] = manifest
    return manifest


def _load(path: Path) -> Any | None:
    """The parse saved at ``path``, made ready as dbt makes its own partial parse ready when
    nothing changed (``ManifestLoader.get_full_manifest``); None when there is none or it
    cannot be read (a file cut short by a full disk, say)."""
    from dbt.contracts.graph.manifest import Manifest
    from dbt.parser.manifest import extended_mashumuro_decoder

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        manifest = Manifest.from_msgpack(data, decoder=extended_mashumuro_decoder)
        manifest.build_parent_and_child_maps()
        manifest.build_flat_graph()
    except Exception:  # whatever the reason, the file is parsed again and replaced
        return None
    return manifest


def _save(path: Path, manifest: Any) -> None:
    """Write the parse whole (a temporary file renamed over the old one, so that a process
    reading at the same moment sees one or the other), then drop the oldest beyond
    ``KEEP``."""
    from dbt.parser.manifest import extended_mashumaro_encoder

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, part = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(manifest.to_msgpack(extended_mashumaro_encoder))
        os.chmod(part, 0o644)  # as any file the project writes, not mkstemp's owner-only
        os.replace(part, path)
    except OSError:
        Path(part).unlink(missing_ok=True)
        return
    for old in sorted(path.parent.glob("*.msgpack"), key=_age)[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink(missing_ok=True)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another process meanwhile
        return 0.0
