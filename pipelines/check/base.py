"""The empty warehouse every check starts from: the raw tables, the administrative reference,
the seeds, and the build's check models as views, made by dbt once and copied for each check.

Why views made ahead: starting dbt costs about 3 s a call (imports, the project's parse, the
adapter), twice a check, against a target of 5 s for the whole check. The models are the
same dbt models the build runs (``dbt_project.yml`` turns their materialization into views
when the variable ``check_views`` is set), so no rule is restated; as views over the raw
tables they compute a check's figures from the rows of the files given when a check reads
them, with no dbt process at all. The base is rebuilt whenever the dbt project or the code
that lays out its tables changes (``fingerprint``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

# What a check reads: every check table, the completeness table (late submissions are seen
# from the file), the units, and the flags model over the ingest flags and the expectation
# results.
SELECTION = ("+path:models/intermediate/checks", "+quality_completeness", "+int_ingest_flags",
             "+dim_admin_unit", "quality_flags")
# The file name sets DuckDB's catalog name, which the views name: the build's is `ntm` too.
DATABASE = "ntm.duckdb"
BASES = DBT_PROJECT_DIR / "target" / "check"
# The Python code that creates the tables the views read (raw, reference, review, results).
LAYOUT_MODULES = ("pipelines.ingest.store", "pipelines.ingest.schemas",
                  "pipelines.reference.load", "pipelines.review.store",
                  "pipelines.quality.results", "pipelines.check.base")


class BaseFailed(RuntimeError):
    """dbt could not make the check base (a broken model: the build would fail too)."""


def fingerprint() -> str:
    """What the base depends on: the dbt project's files, the table-laying code, and the
    versions of DuckDB (its file format) and of the administrative reference."""
    digest = hashlib.sha256()
    project = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds"):
        project += sorted(p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file())
    # Found, not imported: a check imports most of them later, some never.
    modules = [Path(find_spec(m).origin or "") for m in LAYOUT_MODULES]  # type: ignore[union-attr]
    for path in [*project, *modules]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in ("duckdb", "vietnam-provinces"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def base_database(scratch: Path) -> Path:
    """The base's file, made now if the current one is missing. It is kept under the dbt
    project's ``target/check`` for the next check; where that cannot be written, it is made
    in ``scratch`` (this check only)."""
    key = fingerprint()
    kept = BASES / key / DATABASE
    if kept.exists():
        return kept
    try:
        BASES.mkdir(parents=True, exist_ok=True)
        made = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=BASES))
    except OSError:
        return _make(scratch / "base") / DATABASE
    try:
        _make(made)
        with contextlib.suppress(OSError):  # another check made the same base meanwhile
            os.rename(made, BASES / key)
    finally:
        shutil.rmtree(made, ignore_errors=True)
    if not kept.exists():  # `target/check` is not writable after all
        return _make(scratch / "base") / DATABASE
    _forget_others(key)
    return kept


def prepare() -> None:
    """Make the base ahead (``ntm prepare``), so that the first check is as fast as the next."""
    with tempfile.TemporaryDirectory(prefix="ntm-check-base-") as scratch:
        base_database(Path(scratch))


def _make(folder: Path) -> Path:
    """The tables the views read, created empty by the code that fills them in a build; then
    dbt's seeds and the check models as views."""
    from pipelines.ingest.store import ensure_schema
    from pipelines.quality.results import ensure_table
    from pipelines.reference.load import load_reference
    from pipelines.review.store import load_reviews
    from pipelines.warehouse import connect_working

    folder.mkdir(parents=True, exist_ok=True)
    con = connect_working(str(folder / DATABASE))
    try:
        ensure_schema(con)
        for _ in load_reference(con):
            pass
        load_reviews(con, None)  # a check has no review marks: they are the warehouse's
        ensure_table(con)
    finally:
        con.close()
    target = folder / "dbt"
    env = {**os.environ, "NTM_BUILD_DB": DATABASE, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DO_NOT_TRACK": "1"}
    command = [DBT_EXECUTABLE, "--quiet", "--no-write-json", "build",
               "--resource-type", "model", "--resource-type", "seed",
               "--select", *SELECTION, "--vars", "{check_views: true}",
               "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
               "--target-path", str(target), "--log-path", str(target / "logs")]
    done = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BaseFailed(f"dbt could not prepare the checks: "
                         f"{(done.stdout + done.stderr).strip()[-2000:]}")
    shutil.rmtree(target, ignore_errors=True)
    return folder


def _forget_others(key: str) -> None:
    """Bases of earlier versions of the project are of no more use (folders being made by
    another check start with a dot)."""
    for old in BASES.iterdir():
        if old.name == key or old.name.startswith("."):
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
