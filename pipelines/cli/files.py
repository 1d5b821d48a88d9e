"""``ntm export``, ``ntm report`` and ``ntm versions``: files made from the published
warehouse, and the kept versions of it."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.errors import UserError
from pipelines.settings import warehouse_path
from pipelines.warehouse import open_published

FORMATS = ("parquet", "csv", "sdmx", "xlsx")
DEFAULT_FORMATS = ("parquet", "csv", "sdmx")


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.export import export_warehouse
    from pipelines.export.folders import ExportBusy

    out = Path(args.out).resolve()
    formats = args.format or list(DEFAULT_FORMATS)
    with open_published(file_access=True) as con:
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
    with open_published() as con:
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
    print(f"{'':2}{'version':20} {'published (UTC)':26} {'data years':11} {'refreshed':10} "
          "size")
    for version in versions:
        mark = "*" if current is not None and version.id == current.id else " "
        size = version.info.get("files", {}).get(target.name, {}).get("size_bytes", 0)
        # Versions published before "refreshed" was kept hold the refreshed years only.
        refreshed = str(version.info.get("refreshed", version.info.get("years", ""))) or "all"
        years = str(version.info.get("years", "")) if "refreshed" in version.info else "?"
        print(f"{mark} {version.id:20} {version.info.get('published_at', '?'):26} "
              f"{years or 'none':11} {refreshed:10} {size / 1e6:.1f} MB")
    print("* = published now; `ntm rollback [VERSION]` publishes another kept version")
    return 0
