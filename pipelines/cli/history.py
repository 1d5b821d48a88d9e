"""``ntm release``, ``ntm releases`` and ``ntm diff``: official releases and what changed.

The work is ``pipelines.history`` (the releases folder, the comparison of two files) and the
refresh job (``pipelines.build.refresh``), which rebuilds the history tables after a release.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipelines import build
from pipelines.errors import UserError
from pipelines.settings import build_path, warehouse_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("release", help="keep the published warehouse as an official release")
    p.add_argument("--name", required=True, help='for example "2024-official"')
    p.add_argument("--note", help="what the release is, for the list of releases")
    p.add_argument("--by", help="who releases it (default: the login name)")
    p.add_argument("--no-build", action="store_true",
                   help="do not rebuild the history tables now (the next build does)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("releases", help="list the official releases and what each changed")
    p.set_defaults(func=cmd_releases)

    p = sub.add_parser("diff", help="what changed between two releases or versions, "
                       "value by value, and why")
    p.add_argument("old", help="a release name, a version id (`ntm versions`) or `published`")
    p.add_argument("new", nargs="?", default="published",
                   help="the same (default: published, the warehouse readers see now)")
    p.add_argument("--table", help="only this fact table, for example fct_indicator")
    p.add_argument("--year", type=int)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--csv", dest="format", action="store_const", const="csv")
    group.add_argument("--json", dest="format", action="store_const", const="json")
    p.set_defaults(format="table", func=cmd_diff)


def cmd_release(args: argparse.Namespace) -> int:
    from pipelines.history.releases import make_release
    from pipelines.orchestration.locking import WarehouseBusy, warehouse_lock

    try:
        # The build lock: the published file must not change while it is kept.
        with warehouse_lock(build_path()):
            release = make_release(args.name, args.note, by=args.by)
    except WarehouseBusy as busy:
        raise UserError(f"{busy} before releasing.", exit_code=3) from None
    print(f"released {warehouse_path()} as {release.name!r} (release {release.seq}, "
          f"data years {release.info.get('years') or '?'}), kept in {release.folder}")
    if args.no_build:
        print("the history tables include it after the next `ntm build`")
        return 0
    outcome = build.refresh()
    if not outcome.published:
        print(f"the release is kept, but the history tables were not rebuilt: "
              f"{outcome.failure}", file=sys.stderr)
        return 1
    _print_releases(only=release.name)
    return 0


def cmd_releases(_: argparse.Namespace) -> int:
    from pipelines.history.releases import list_releases

    if not list_releases():
        print("no official releases yet; `ntm release --name NAME` keeps the published "
              "warehouse as one")
        return 0
    _print_releases()
    return 0


def _print_releases(only: str | None = None) -> None:
    """The releases folder is the record; the counts of what each release changed come from
    the published ``history.releases`` (a release made with ``--no-build`` has none yet)."""
    from pipelines.history.releases import list_releases
    from pipelines.warehouse import open_published

    counts: dict[str, tuple[int, int, int]] = {}
    try:
        with open_published() as con:
            counts = {row[0]: row[1:] for row in con.execute(
                "SELECT release_name, values_new, values_revised, values_withdrawn "
                "FROM history.releases").fetchall()}
    except Exception:
        counts = {}
    print(f"{'release':24} {'released (UTC)':26} {'data years':11} "
          f"{'new':>6} {'revised':>8} {'gone':>6}  note")
    for release in list_releases():
        if only is not None and release.name != only:
            continue
        new, revised, gone = (str(n) for n in counts.get(release.name, ("?", "?", "?")))
        print(f"{release.name:24} {release.released_at:26} "
              f"{release.info.get('years') or '?':11} {new:>6} {revised:>8} {gone:>6}  "
              f"{release.note or ''}")
    print("new / revised / gone: values of marts.fct_indicator against the release before; "
          "`ntm diff OLD NEW` lists them")


def cmd_diff(args: argparse.Namespace) -> int:
    from pipelines.cli.reading import emit
    from pipelines.history.diff import COMPARED, Side, diff
    from pipelines.history.releases import resolve_file

    if args.table and args.table not in COMPARED:
        raise UserError(f"--table {args.table!r}: the compared tables are "
                        f"{', '.join(COMPARED)}")
    old = Side(*resolve_file(args.old))
    new = Side(*resolve_file(args.new))
    con = diff(old, new)
    where = []
    params: dict[str, Any] = {}
    if args.table:
        where.append("table_name = $table")
        params["table"] = args.table
    if args.year is not None:
        where.append("year = $year")
        params["year"] = args.year
    query = "SELECT * FROM changes" + (" WHERE " + " AND ".join(where) if where else "")
    rel = con.sql(query, params=params)
    if args.format == "table":
        total = len(rel.fetchall())
        print(f"{old.label} -> {new.label}: {total} values changed")
        if not total:
            return 0
    emit(con.sql(query, params=params), args.format)
    return 0
