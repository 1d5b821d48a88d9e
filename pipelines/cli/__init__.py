"""The ``ntm`` command: build the warehouse through Dagster and look at what came out.

This package parses arguments and prints; the work is done by the modules it calls
(``pipelines.build``, ``pipelines.warehouse``, ``pipelines.publishing``, ``pipelines.export``,
``pipelines.report``). A ``UserError`` becomes one sentence on standard error and its exit
code.
"""

from __future__ import annotations

import argparse
import sys

from pipelines.cli import closing, files, history, reading, review, submitters, writing
from pipelines.errors import UserError
from pipelines.settings import raw_dir, warehouse_path


def _output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--csv", dest="format", action="store_const", const="csv",
                       help="print CSV instead of a table")
    group.add_argument("--json", dest="format", action="store_const", const="json",
                       help="print a JSON array of objects instead of a table")
    parser.set_defaults(format="table")
    parser.add_argument("--max-rows", type=int, default=None,
                        help="rows shown in a table (default 10000)")


def year_or_range(text: str) -> int | range:
    """``2024`` or ``2023-2025`` (both years included); the years themselves are checked
    against the warehouse's partitions when the build starts."""
    first, sep, last = text.strip().partition("-")
    try:
        start, end = int(first), int(last if sep else first)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year (2024) or a range of years (2023-2025)") from None
    if end < start:
        raise argparse.ArgumentTypeError(f"{text!r}: the range ends before it starts")
    return start if start == end else range(start, end + 1)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="ntm",
        description="Nông thôn mới statistics warehouse. Reads NTM_RAW_DIR "
        f"(default {raw_dir()}), publishes NTM_WAREHOUSE (default {warehouse_path()}).",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="ingest, model, check and publish the warehouse")
    p.add_argument("--year", type=year_or_range, metavar="YEAR[-YEAR]",
                   help="refresh one reporting year only (2024), or the years of a range "
                   "(2023-2025)")
    p.add_argument("--full-refresh", action="store_true",
                   help="rebuild every model from scratch (after upgrading the project)")
    p.add_argument("--wait", action="store_true",
                   help="wait for a build that is running instead of stopping")
    p.add_argument("--log-level", default="WARNING",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.set_defaults(func=writing.cmd_build)

    p = sub.add_parser("sql", help="run a read-only SQL query on the published warehouse")
    p.add_argument("query", help='for example "SELECT * FROM marts.fct_commune_status"')
    _output_options(p)
    p.add_argument("--xlsx", metavar="FILE",
                   help="write the result to an Excel workbook (typed cells, Vietnamese and "
                   "English headers) instead of printing it")
    p.add_argument("--as-of", metavar="RELEASE",
                   help="query an official release (or a kept version) as it was published")
    p.set_defaults(func=reading.cmd_sql)

    p = sub.add_parser("flags", help="list quality flags with the file, sheet and row")
    p.add_argument("--year", type=int)
    p.add_argument("--unit", help="unit code; a province or district includes its units")
    p.add_argument("--check", help="check code, for example AGGREGATE_MISMATCH")
    p.add_argument("--severity", choices=reading.SEVERITIES)
    p.add_argument("--review-status", choices=review.STATUSES,
                   help="only the flags with this follow-up (ntm review)")
    p.add_argument("--hide-reviewed", action="store_true",
                   help="leave out the flags marked explained or accepted")
    p.add_argument("--wide", action="store_true",
                   help="every column and the whole message (CSV and JSON always have them)")
    _output_options(p)
    p.set_defaults(func=reading.cmd_flags)

    p = sub.add_parser("status", help="completeness and timeliness per year and unit")
    p.add_argument("--year", type=int)
    p.add_argument("--unit", help="unit code; a province includes its districts")
    _output_options(p)
    p.set_defaults(func=reading.cmd_status)

    p = sub.add_parser("units", help="unit codes by name, accents and case ignored")
    p.add_argument("name", help='part of a name as typed, for example "Lang Son" or "lạng sơn"')
    p.add_argument("--level", choices=reading.LEVELS)
    _output_options(p)
    p.set_defaults(func=reading.cmd_units)

    submitters.add_parser(sub)
    closing.add_parser(sub)
    review.add_parser(sub)

    p = sub.add_parser("export", help="every mart as Parquet (by year) and CSV; SDMX-CSV")
    p.add_argument("--out", default="export", help="folder to write (default ./export)")
    p.add_argument("--format", action="append", choices=files.FORMATS,
                   help="repeat for several; default parquet, csv and sdmx (xlsx on request)")
    p.set_defaults(func=files.cmd_export)

    p = sub.add_parser("report", help="one self-contained HTML page with charts")
    p.add_argument("--out", help="file to write (default ntm_report.html beside the "
                   "warehouse)")
    p.set_defaults(func=files.cmd_report)

    p = sub.add_parser("versions", help="list the kept published versions")
    p.set_defaults(func=files.cmd_versions)

    history.add_parser(sub)

    p = sub.add_parser("rollback", help="publish a kept version again")
    p.add_argument("version", nargs="?", help="version id (default: the one before)")
    p.set_defaults(func=writing.cmd_rollback)

    p = sub.add_parser("prepare", help="prepare the dbt manifest, the parse builds start "
                                       "from and the base of ntm check (done by make setup)")
    p.set_defaults(func=writing.cmd_prepare)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as error:
        print(f"ntm: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("ntm: interrupted. The published warehouse is whole: the previous one, or this "
              "build's if it had already published.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `ntm sql ... | head`
        return 0
