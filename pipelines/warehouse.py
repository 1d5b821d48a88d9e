"""The warehouse files and how every part of the project connects to them.

Two files: the **published** warehouse readers open (``NTM_WAREHOUSE``), and the build's
**working copy** beside it (``.build/``), which only a build writes. DuckDB allows one writer
or many readers of a file, never both, so they never meet: a build writes the working copy
and publishes it by rename (``pipelines.publishing``).

Readers (``ntm sql``, ``flags``, ``status``, ``report``, ``export``) open the published file
read-only. Read-only alone still lets a statement write other files (``COPY ... TO`` the
warehouse's own path replaces the published file with its output), attach databases or
download extensions, so the connection also has DuckDB's external access switched off and its
configuration locked, and ``refuse_outside`` stops such statements up front with a clearer
message. Nothing ever installs or loads a DuckDB extension at run time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.errors import UserError
from pipelines.settings import warehouse_path

# Extensions are never fetched or loaded on their own. On the working copy these are applied
# with SET rather than as connection options: dbt-duckdb opens the same file in the build's
# process with no options, and DuckDB refuses a second connection whose options differ (also
# why dagster-duckdb's resource, which always adds a user-agent option, is not used).
OFFLINE_SETTINGS = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}

# The storage format the published file is written in, set rather than left to the DuckDB
# release that writes it: the oldest client that opens it (docs/bi.md, "Which DuckDB";
# .ci/old-clients checks it). Raising it drops those clients.
STORAGE_COMPATIBILITY_VERSION = "v0.10.3"

# Another program may hold DuckDB's write lock on the working copy (someone's DuckDB shell on
# it, a process of a killed build still exiting); the next build waits for it that long.
LOCK_WAIT_SECONDS = float(os.environ.get("NTM_LOCK_WAIT_SECONDS", "300"))


# --------------------------------------------------------------------- the published file


@contextmanager
def open_published(*, file_access: bool = False,
                   path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published warehouse, read-only, for one command.

    Unless ``file_access`` (``ntm export``, whose COPY writes the export files), DuckDB may
    not touch any file but the warehouse nor the network, and the settings cannot be changed
    back: a query typed into ``ntm sql`` can then neither overwrite the published file with
    ``COPY ... TO`` nor download an extension. ``path`` opens a kept release or version the
    same way instead (``ntm sql --as-of``).
    """
    path = path or warehouse_path()
    if not path.exists():
        raise UserError(f"there is no warehouse at {path} yet; run `ntm build` first (or set "
                        "NTM_WAREHOUSE to the published file).")
    con = duckdb.connect(str(path), read_only=True, config=OFFLINE_SETTINGS)
    try:
        # The public schemas first, so that `SELECT * FROM fct_commune_status` works and
        # DuckDB's "Did you mean" hints name the public tables.
        # (`history` only where it exists: a file published before releases has none.)
        schemas = {row[0] for row in con.execute(
            "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database()"
        ).fetchall()}
        path_schemas = [s for s in ("marts", "quality", "history") if s in schemas]
        con.execute(f"SET search_path = '{','.join([*path_schemas, 'main'])}'")
        if not file_access:
            # Set after opening: DuckDB would refuse to open the file itself otherwise.
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


# Statements that reach outside the warehouse: other files, other databases, extensions
# (INSTALL and LOAD are both LOAD). A type DuckDB cannot name (UPDATE EXTENSIONS) is refused
# too. Everything else is left to the read-only, no-external-access connection.
OUTSIDE = {
    "COPY": "a COPY reads or writes files (`ntm export` writes the exports)",
    "COPY_DATABASE": "a COPY FROM DATABASE writes another database",
    "EXPORT": "an EXPORT DATABASE writes files (`ntm export` writes the exports)",
    "ATTACH": "an ATTACH opens another database",
    "DETACH": "a DETACH closes a database",
    "LOAD": "INSTALL and LOAD fetch or load DuckDB extensions",
    "EXTENSION": "extension statements fetch or load DuckDB extensions",
}


def refuse_outside(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Stop, before anything runs, a statement of ``query`` that would reach outside the
    warehouse, with a sentence saying why; the connection's settings would stop it too, but
    with DuckDB's less helpful "file system operations are disabled"."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as error:
        raise UserError(query_failed(error)) from None
    known = set(duckdb.StatementType.__members__)
    for statement in statements:
        name = statement.type.name
        if name in OUTSIDE or name not in known:
            reason = OUTSIDE.get(name, "this statement reaches outside the warehouse")
            raise UserError(f"the query was refused: `ntm sql` only reads the published "
                            f"warehouse (read-only), and {reason}.")


def query_failed(error: Exception, what: str = "the query failed") -> str:
    """A sentence for a query DuckDB refused or could not run on the published file, with
    DuckDB's whole message after it: its later lines say where the query failed (``LINE 1:``
    and a caret) and which name was meant (``Did you mean "marts.fct_commune_status"?``)."""
    text = "\n".join(line.rstrip() for line in str(error).splitlines() if line.strip())
    text = text or type(error).__name__
    first = text.splitlines()[0]
    if "read-only" in first.lower():
        return f"{what}: the warehouse is opened read-only; {text}"
    if "disabled by configuration" in first or "disabled through configuration" in first:
        return (f"{what}: `ntm sql` reads only the published warehouse, not other files, "
                f"databases or extensions; {text}")
    return f"{what}: {text}"


def published_identity(path: Path) -> tuple[int, ...] | None:
    """What changes when publishing switches the file (its inode), to tell the truth about
    whether a failed build left the published warehouse as it was."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


# --------------------------------------------------------------------- the working copy


def connect_working(path: str) -> duckdb.DuckDBPyConnection:
    """The working copy, for writing, offline (see ``OFFLINE_SETTINGS``)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    con = connect_waiting(path)
    for key, value in OFFLINE_SETTINGS.items():
        con.execute(f"SET {key} = {value}")
    return con


def write_published_copy(con: duckdb.DuckDBPyConnection, destination: Path) -> Path:
    """Write what ``con`` (the working copy) holds into a new file at ``destination``, table
    by table, with its views, macros and descriptions.

    The working copy is written in place build after build, and the file that results is one
    only the DuckDB release that wrote it can open: DuckDB 1.1 to 1.4 stop at "Failed to load
    metadata pointer" on it, while the same contents copied into a new file open in every
    client from 0.10.3 on (tests/test_old_clients.py). The new file is also about a third
    smaller: space freed by earlier builds is not carried over."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.unlink(missing_ok=True)
    source = con.execute("SELECT current_database()").fetchone()[0]
    copy = "ntm_published_copy"
    literal = str(destination).replace("'", "''")
    con.execute(f"ATTACH '{literal}' AS {copy} "
                f"(STORAGE_VERSION '{STORAGE_COMPATIBILITY_VERSION}')")
    try:
        con.execute(f'COPY FROM DATABASE "{source}" TO {copy}')
    finally:
        con.execute(f"DETACH {copy}")
    return destination


def connect_waiting(
    path: str, wait_seconds: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """Open ``path`` for writing, waiting while a leftover process of a killed build holds
    DuckDB's lock (the build lock guarantees no live build does)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(path)
        except duckdb.IOException as error:
            if "Conflicting lock" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def set_aside_if_unreadable(path: Path) -> Path | None:
    """Move a working copy DuckDB cannot open (a disk that filled up mid-write, a damaged
    file) aside, so the build recovers by itself. Nothing is lost: the raw files are the
    source of every row, and the published warehouse is a separate file."""
    if not path.exists():
        return None
    try:
        connect_waiting(str(path)).close()
        return None
    except duckdb.IOException as error:
        if "Conflicting lock" in str(error):
            raise
        damaged = _damaged_name(path)
    except duckdb.Error:
        damaged = _damaged_name(path)
    os.replace(path, damaged)
    wal = Path(f"{path}.wal")
    if wal.exists():
        os.replace(wal, Path(f"{damaged}.wal"))
    return damaged


def _damaged_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.damaged-{stamp}")
