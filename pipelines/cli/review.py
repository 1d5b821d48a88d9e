"""``ntm review``: mark quality flags as explained or accepted, or open them again.

The marks go into ``reviews.csv`` at the root of the raw folder (``pipelines.review.marks``),
which is the record; the refresh job (``pipelines.build.refresh``) then reads it into
``quality.flags`` and publishes, without reading the submissions again.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from datetime import UTC, datetime
from typing import Any

from pipelines.errors import UserError, storage_problem
from pipelines.review.marks import STATUSES

__all__ = ["STATUSES", "add_parser", "cmd_review"]

_KEY_PREFIX = re.compile(r"^[0-9a-f]{8,32}$")
# What a mark records about its flag, read from the published quality.flags.
_FLAG_COLUMNS = ("flag_key", "check_code", "year", "level", "unit_code", "unit_name",
                 "indicator_code", "sheet", "row_number", "column_name", "reported_value")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("review", help="mark quality flags as explained or accepted (or open "
                       "again), kept in reviews.csv in the raw folder")
    p.add_argument("keys", nargs="+", metavar="FLAG_KEY",
                   help="the flag_key of a flag as `ntm flags` shows it (its first 8 "
                   "characters or more are enough)")
    status = p.add_mutually_exclusive_group(required=True)
    status.add_argument("--explained", metavar="TEXT",
                        help="the office explained it: say how")
    status.add_argument("--accepted", metavar="TEXT", nargs="?", const="",
                        help="the value stands as reported (a comment is optional; give "
                        "the flag keys first)")
    status.add_argument("--open", action="store_true",
                        help="open the flags again (their earlier mark no longer holds)")
    p.add_argument("--by", help="who reviews (default: the login name)")
    p.add_argument("--no-build", action="store_true",
                   help="only write reviews.csv; quality.flags shows the marks after the "
                   "next `ntm build`")
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from pipelines.ingest.office_csv import Unreadable
    from pipelines.review.marks import reviews_path, write_marks

    status, comment = _status(args)
    keys = list(dict.fromkeys(k.strip().lower() for k in args.keys))
    flags = _find_flags(keys)
    by = (args.by or "").strip() or _login()
    now = datetime.now(UTC).replace(microsecond=0)
    marks = [_mark(flag, status, comment, by, now) for flag in flags]
    path = reviews_path()
    try:
        write_marks(path, marks)
    except Unreadable as error:
        raise UserError(f"{path} cannot be read ({error}); correct it, or move it aside, "
                        "before marking more flags.") from None
    except OSError as error:
        raise UserError(storage_problem(error, path.parent)
                        or f"cannot write {path}: {error.strerror or error}") from None
    for flag in flags:
        print(_line(flag, status, comment))
    print(f"{len(marks)} {'mark' if len(marks) == 1 else 'marks'} written to {path} "
          f"(by {by}, {now.isoformat()})")
    if args.no_build:
        print("quality.flags shows them after the next `ntm build` (or `ntm review` without "
              "--no-build)")
        return 0
    from pipelines import build

    try:
        outcome = build.refresh()
    except UserError as error:
        raise UserError(f"the marks are kept in {path}, but quality.flags was not rebuilt: "
                        f"{error}", error.exit_code) from None
    if not outcome.published:
        print(f"ntm: the marks are kept in {path}, but quality.flags was not rebuilt: "
              f"{outcome.failure}", file=sys.stderr)
        return 1
    print("quality.flags is rebuilt and published with them")
    return 0


def _status(args: argparse.Namespace) -> tuple[str, str | None]:
    if args.open:
        return "open", None
    if args.explained is not None:
        if not args.explained.strip():
            raise UserError("--explained needs the explanation, for example "
                            '--explained "Huyện đã sửa số liệu ở bản r2".')
        return "explained", args.explained.strip()
    text = (args.accepted or "").strip()
    if _KEY_PREFIX.match(text.lower()):
        raise UserError(f"--accepted took {text!r} as its comment; put the flag keys first: "
                        f"ntm review FLAG_KEY ... --accepted [TEXT].")
    return "accepted", text or None


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _find_flags(keys: list[str]) -> list[dict[str, Any]]:
    """Each key's flag in the published quality.flags (a prefix must name one flag)."""
    import duckdb

    from pipelines.warehouse import open_published

    bad = [k for k in keys if not _KEY_PREFIX.match(k)]
    if bad:
        raise UserError(f"{', '.join(repr(k) for k in bad)}: not a flag key; a flag key is "
                        "32 characters 0-9 and a-f (at least the first 8), as `ntm flags` "
                        "shows it.")
    found: list[dict[str, Any]] = []
    unknown: list[str] = []
    with open_published() as con:
        for key in keys:
            try:
                rows = con.execute(
                    f"SELECT {', '.join(_FLAG_COLUMNS)} FROM quality.flags "
                    "WHERE starts_with(flag_key, $key) "
                    "ORDER BY flag_key, source_file NULLS LAST", {"key": key}).fetchall()
            except duckdb.BinderException:
                raise UserError("the published warehouse has no flag keys yet (it was built "
                                "by an earlier version); run `ntm build` first.") from None
            matches = {}
            for row in rows:
                matches.setdefault(row[0], dict(zip(_FLAG_COLUMNS, row, strict=True)))
            if not matches:
                unknown.append(key)
            elif len(matches) > 1:
                raise UserError(f"{key!r} is the start of {len(matches)} flag keys "
                                f"({', '.join(sorted(matches)[:3])}, ...); give more of it.")
            else:
                found.append(next(iter(matches.values())))
    if unknown:
        raise UserError(f"no flag in the published warehouse has the key "
                        f"{', '.join(unknown)}; `ntm flags` lists them (keys change only "
                        "when the flag itself does). Nothing was marked.")
    unique = {f["flag_key"]: f for f in found}
    return list(unique.values())


def _mark(flag: dict[str, Any], status: str, comment: str | None, by: str,
          now: datetime) -> dict[str, Any]:
    from pipelines.review.marks import value_text

    return {
        "flag_key": flag["flag_key"], "review_status": status, "review_comment": comment,
        "reviewed_by": by, "reviewed_at": now,
        **{k: flag[k] for k in ("check_code", "year", "unit_code", "indicator_code", "sheet",
                                "row_number", "column_name")},
        "reported_value": value_text(flag["reported_value"]),
    }


def _line(flag: dict[str, Any], status: str, comment: str | None) -> str:
    unit = " ".join(str(x) for x in (flag["unit_code"], flag["unit_name"]) if x)
    cell = " row ".join(str(x) for x in (flag["sheet"], flag["row_number"]) if x is not None)
    where = ", ".join(str(x) for x in (flag["year"], unit, cell) if x)
    return (f"{status:9}  {flag['flag_key']}  {flag['check_code']}"
            + (f" ({where})" if where else "")
            + (f": {comment}" if comment else ""))
