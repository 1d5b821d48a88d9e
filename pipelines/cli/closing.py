"""``ntm close``, ``ntm accept`` and ``ntm reopen``: closing a reporting year.

The record is ``closures.csv`` at the root of the raw folder (``pipelines.ingest.closures``),
which the ingest reads to keep late files of a closed year ``pending``. These commands only
append to it; ``accept`` and ``reopen`` then run the build of the year, so that the accepted
file (or every file of the reopened year) is published.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines import build
from pipelines.errors import UserError
from pipelines.ingest.closures import append, closures_path, read_closures
from pipelines.settings import build_path, raw_dir, warehouse_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("close", help="close a reporting year: later files wait, pending, "
                       "until accepted")
    p.add_argument("year", type=int, help="the reporting year, for example 2024")
    _record_options(p)
    p.set_defaults(func=cmd_close)

    p = sub.add_parser("accept", help="publish a file pending for a closed year")
    p.add_argument("file", help="the file as quality.submissions names it (relative to the "
                   "raw folder, for example 2024/20_lang_son/188_2024_r2.xlsx) or its path")
    _record_options(p)
    _build_options(p)
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("reopen", help="open a closed reporting year again")
    p.add_argument("year", type=int, help="the reporting year, for example 2024")
    _record_options(p)
    _build_options(p)
    p.set_defaults(func=cmd_reopen)


def _record_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--note", help="why, kept in closures.csv")
    p.add_argument("--by", help="who (default: the login name)")


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-build", action="store_true",
                   help="only record it; the next build of the year publishes it")


def cmd_close(args: argparse.Namespace) -> int:
    from pipelines.history.releases import latest_release_name
    from pipelines.orchestration.locking import WarehouseBusy, warehouse_lock

    raw = _raw_folder()
    try:
        # The build lock: a build publishing meanwhile could make other files current than
        # the ones frozen here.
        with warehouse_lock(build_path()):
            closures = read_closures(raw)
            closure = closures.closure(args.year)
            if closure is not None:
                raise UserError(f"năm {args.year} đã khóa sổ ngày {closure.day} — year "
                                f"{args.year} is already closed (on {closure.day}); "
                                f"`ntm reopen {args.year}` opens it again.")
            seen, current = _published_files(args.year)
            if not seen:
                raise UserError(f"năm {args.year} chưa có số liệu công bố — the published "
                                f"warehouse has no submission for {args.year}; nothing to "
                                "close (run `ntm build` first).")
            base = _base_row(args, args.year, latest_release_name())
            rows = [{**base, "action": "close", "source_file": f, "sha256": sha}
                    for f, sha in current] or [{**base, "action": "close"}]
            path = append(raw, rows)
    except WarehouseBusy as busy:
        raise UserError(f"{busy} before closing the year.", exit_code=3) from None
    release = f", release {base['release_name']}" if base["release_name"] else ""
    print(f"closed {args.year} in {path} ({base['recorded_at']}{release}); its published "
          f"figures stay as they are: a file received later waits, pending, until "
          f"`ntm accept FILE` or `ntm reopen {args.year}`")
    if current:
        print(f"frozen files of {args.year} ({len(current)}):")
        for source_file, _ in current:
            print(f"  {source_file}")
    else:
        print(f"{args.year} has no current submission: every file received later is pending")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from pipelines.history.releases import latest_release_name

    raw = _raw_folder()
    sha = _sha_of(args.file, raw)
    known = _published_submission(sha, args.file)
    if known is None and not args.no_build:
        # A file put in a closed year's folder after the last build: read it first (it comes
        # out pending), then accept it.
        year = _folder_year(args.file, raw)
        if year is not None and read_closures(raw).closure(year) is not None:
            _build_year(args, year, f"{args.file} is not accepted yet")
            known = _published_submission(sha, args.file)
    if known is None:
        raise UserError(f"{args.file} is not in the published warehouse yet; run `ntm build` "
                        "first (a file received for a closed year is then listed as pending).")
    source_file, year, status = known
    closures = read_closures(raw)
    if sha in closures.accepted:
        print(f"{source_file} is already accepted in {closures_path(raw)}")
    else:
        if status != "pending":
            raise UserError(f"{source_file} không chờ chấp nhận (trạng thái {status}) — "
                            f"{source_file} is not pending (status {status}); only a file "
                            "received for a closed year needs accepting.")
        base = _base_row(args, year, latest_release_name())
        append(raw, [{**base, "action": "accept", "source_file": source_file, "sha256": sha}])
        print(f"accepted {source_file} for {year} in {closures_path(raw)}")
    return _build_year(args, year, f"the accept of {source_file} is recorded")


def cmd_reopen(args: argparse.Namespace) -> int:
    from pipelines.history.releases import latest_release_name

    raw = _raw_folder()
    closures = read_closures(raw)
    if closures.closure(args.year) is None:
        raise UserError(f"năm {args.year} chưa khóa sổ — year {args.year} is not closed "
                        f"(closures.csv); `ntm close {args.year}` closes it.")
    append(raw, [{**_base_row(args, args.year, latest_release_name()), "action": "reopen"}])
    print(f"reopened {args.year} in {closures_path(raw)}: its files are ranked as usual again")
    return _build_year(args, args.year, f"the reopening of {args.year} is recorded")


def _build_year(args: argparse.Namespace, year: int, done: str) -> int:
    if args.no_build:
        print(f"the next `ntm build --year {year}` publishes it")
        return 0
    try:
        outcome = build.build(year)
    except UserError as error:
        raise UserError(f"{done}, but the build of {year} did not run: {error} "
                        f"(`ntm build --year {year}` publishes it)",
                        exit_code=error.exit_code) from None
    if not outcome.published:
        print(outcome.failure, file=sys.stderr)
        return 1
    print(build.summary(warehouse_path()))
    return 0


def _raw_folder() -> Path:
    raw = raw_dir()
    if not raw.is_dir():
        raise UserError(f"the raw folder {raw} does not exist (NTM_RAW_DIR).")
    return raw


def _base_row(args: argparse.Namespace, year: int, release_name: str | None) -> dict[str, Any]:
    return {
        "year": year,
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "recorded_by": args.by or _login(),
        "release_name": release_name,
        "note": args.note,
    }


def _published_files(year: int) -> tuple[int, list[tuple[str, str]]]:
    """How many submissions the published warehouse has for ``year``, and its current ones."""
    from pipelines.warehouse import open_published

    with open_published() as con:
        seen = con.execute("SELECT count(*) FROM quality.submissions WHERE year = ?",
                           [year]).fetchone()[0]
        current = con.execute(
            "SELECT source_file, sha256 FROM quality.submissions "
            "WHERE year = ? AND status = 'current' ORDER BY source_file", [year]).fetchall()
    return seen, [(f, s) for f, s in current]


def _published_submission(sha: str, typed: str) -> tuple[str, int, str] | None:
    """The file's path, year and status in the published warehouse (a pending row first)."""
    from pipelines.warehouse import open_published

    with open_published() as con:
        row = con.execute(
            "SELECT source_file, year, status FROM quality.submissions "
            "WHERE sha256 = ? AND year IS NOT NULL "
            "ORDER BY status <> 'pending', source_file <> ?, source_file LIMIT 1",
            [sha, typed]).fetchone()
    return None if row is None else (row[0], int(row[1]), row[2])


def _folder_year(typed: str, raw: Path) -> int | None:
    """The year folder a file in the raw folder sits in, if any."""
    from pipelines.ingest.discover import folder_year

    for path in (raw / typed, Path(typed).resolve()):
        if path.exists():
            try:
                return folder_year(path.resolve().relative_to(raw.resolve()))
            except ValueError:
                return None
    return None


def _sha_of(typed: str, raw: Path) -> str:
    """The sha256 of a file named as quality.submissions names it (relative to the raw
    folder) or by its path; a file no longer in the raw folder by its published record."""
    from pipelines.ingest.discover import sha256_file, sha256_folder

    for path in (raw / typed, Path(typed)):
        if path.is_dir():
            return sha256_folder(path)
        if path.is_file():
            return sha256_file(path)
    from pipelines.warehouse import open_published

    with open_published() as con:
        row = con.execute("SELECT sha256 FROM quality.submissions WHERE source_file = ? "
                          "ORDER BY status <> 'pending' LIMIT 1", [typed]).fetchone()
    if row is None:
        raise UserError(f"no such file: {typed} (neither in the raw folder {raw} nor as a "
                        "path, nor in quality.submissions).")
    return row[0]


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
