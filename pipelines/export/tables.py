"""``export_warehouse``: every public table of the warehouse, in the formats asked for."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

import duckdb

from pipelines.export.catalog import Table, public_tables
from pipelines.export.csv_tables import write_csv
from pipelines.export.folders import export_lock, replaced_folder
from pipelines.export.parquet import write_parquet
from pipelines.export.sdmx import write_sdmx
from pipelines.export.xlsx import write_xlsx

Writer = Callable[[duckdb.DuckDBPyConnection, list[Table], Path], list[Path]]

# Format name -> writer; each format owns the folder of the same name under ``out``.
WRITERS: dict[str, Writer] = {"parquet": write_parquet, "csv": write_csv, "sdmx": write_sdmx,
                               "xlsx": write_xlsx}
FORMATS = tuple(WRITERS)
# Written when no format is named; Excel workbooks only on request (they take longest).
DEFAULT_FORMATS = ("parquet", "csv", "sdmx")


def export_warehouse(con: duckdb.DuckDBPyConnection, out: Path,
                     formats: Collection[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the schemas ``marts`` and ``quality`` under ``out`` and return the paths written.

    ``con`` should be a read-only connection to the published warehouse: the published file is
    replaced by rename, never changed in place, so every format describes the same build.
    Each format's folder (``out/parquet``, ``out/csv``, ``out/sdmx``) is written beside its
    final place and renamed over the previous export only when complete; an export that fails
    leaves the previous one as it was. The returned paths are, per table, the Parquet file or
    year-partitioned folder, the CSV file, and the SDMX-CSV file, in their final places.
    """
    if isinstance(formats, str):  # "csv" is a Collection[str] of three letters
        formats = [formats]
    wanted = [name.lower() for name in formats]
    unknown = sorted(set(wanted) - set(WRITERS))
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(FORMATS)}")
    out = Path(out).resolve()
    tables = public_tables(con)
    if not tables:
        raise LookupError("the connection has no table in schema marts or quality; "
                          "is it a connection to the published warehouse?")
    written: list[Path] = []
    with export_lock(out):
        for name in (n for n in FORMATS if n in wanted):
            final = out / name
            with replaced_folder(final) as work:
                paths = WRITERS[name](con, tables, work)
            written.extend(final / path.relative_to(work) for path in paths)
    return written
