"""``ntm export``, ``ntm report``, ``ntm versions`` and ``ntm rollback``: files made from the
published warehouse, and the kept versions of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli.errors import UserError
from pipelines.cli.reading import open_warehouse
from pipelines.settings import build_path, warehouse_path

FORMATS = ("parquet", "csv", "sdmx")


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.export import export_warehouse
    from pipelines.export.folders import ExportBusy

    out = Path(args.out).resolve()
    formats = args.format or list(FORMATS)
    with open_warehouse(file_access=True) as con:
        try:
            written = export_warehouse(con, out, formats)
        except ExportBusy as busy:
            raise UserError(f"{busy}; wait for it to finish.", exit_code=3) from None
        except LookupError as error:
            raise UserError(f"nothing to export: {error}.") from None
    print(f"exported {len(written)} files ({', '.join(formats)}) to {out}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.report import write_report

    out = Path(args.out).resolve() if args.out else warehouse_path().parent / "ntm_report.html"
    with open_warehouse() as con:
        write_report(con, out)
    print(f"wrote {out}")
    return 0


def cmd_versions(_: argparse.Namespace) -> int:
    from pipelines.publishing import current_version, list_versions

    target = warehouse_path()
    versions = list_versions(target)
    if not versions:
        print(f"no kept versions of {target} yet; `ntm build` publishes the first one")
        return 0
    current = current_version(target)
    print(f"{'':2}{'version':20} {'published (UTC)':26} {'years':11} size")
    for version in versions:
        mark = "*" if current is not None and version.id == current.id else " "
        size = version.info.get("files", {}).get(target.name, {}).get("size_bytes", 0)
        years = str(version.info.get("years", "")) or "all"
        print(f"{mark} {version.id:20} {version.info.get('published_at', '?'):26} "
              f"{years:11} {size / 1e6:.1f} MB")
    print("* = published now; `ntm rollback [VERSION]` publishes another kept version")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from pipelines.locking import WarehouseBusy, warehouse_lock
    from pipelines.publishing import PublishError, rollback

    target = warehouse_path()
    try:
        # The build lock: a rollback must not interleave with a build's publish.
        with warehouse_lock(build_path()):
            chosen = rollback(target, args.version)
    except WarehouseBusy as busy:
        raise UserError(f"{busy} before rolling back.", exit_code=3) from None
    except PublishError as error:
        raise UserError(f"{error}.") from None
    print(f"published version {chosen.id} (from {chosen.info.get('published_at')}) again at "
          f"{target}; the next `ntm build` publishes a new version", file=sys.stdout)
    return 0
