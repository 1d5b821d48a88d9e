"""Feedback after the build: each unit's current submission, as it sent it, with every flag
the published warehouse holds about it written on a copy (``annotate``).

The flags are read from the published ``quality.flags`` (what statisticians see in
``ntm flags``), the layout of each sheet from the warehouse's record of how the file was read,
and the workbook from the raw folder. A file that has changed in the raw folder since it was
read (its sha256 differs) gets no copy: its cells might not be the ones the flags point at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipelines.check.annotate import CannotAnnotate, annotate, annotate_list, without_file
from pipelines.ingest.discover import sha256_file


@dataclass
class Feedback:
    unit_code: str
    source_file: str
    flags: int
    written: Path | None
    problem: str | None = None


def write_feedback(con: duckdb.DuckDBPyConnection, raw: Path, year: int,
                   unit: str | None, out: Path) -> list[Feedback]:
    """One annotated copy per current submission of ``year`` with at least one flag (of
    ``unit``, or of a province's districts too), in ``out``. A unit that sent nothing has no
    workbook to write on: its MISSING_SUBMISSION is in ``ntm flags``."""
    where = "" if unit is None else "AND (s.unit_code = $unit OR (s.level = 'district' " \
        "AND EXISTS (SELECT 1 FROM marts.dim_admin_unit AS d WHERE d.unit_code = s.unit_code " \
        "AND d.level = 'district' AND d.parent_code = $unit)))"
    params: dict[str, Any] = {"year": year} | ({} if unit is None else {"unit": unit})
    submissions = con.execute(
        "SELECT s.unit_code, s.source_file, s.sha256 FROM quality.submissions AS s "
        f"WHERE s.status = 'current' AND s.year = $year {where} ORDER BY s.unit_code",
        params).fetchall()
    done = []
    for unit_code, source_file, sha256 in submissions:
        cursor = con.execute(
            "SELECT * FROM quality.flags WHERE sha256 = $sha OR source_file = $file "
            "ORDER BY sheet NULLS FIRST, row_number NULLS FIRST, check_code",
            {"sha": sha256, "file": source_file})
        names = [d[0] for d in cursor.description]
        flags = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if not flags:  # nothing to send back
            continue
        for flag in flags:
            flag["message"] = without_file(flag["message"], source_file)
        layouts = dict(con.execute("SELECT sheet, columns FROM raw.sheets WHERE sha256 = ?",
                                   [sha256]).fetchall())
        original = raw / source_file
        name = Path(source_file).name
        target = out / f"{Path(name).stem}_phanhoi.xlsx"
        if not original.exists() or (original.is_file() and sha256_file(original) != sha256):
            annotate_list(flags, target)
            done.append(Feedback(unit_code, source_file, len(flags), target,
                                 "the file in the raw folder is not the one that was read; "
                                 "the problems are listed without the workbook"))
            continue
        try:
            annotate(original, flags, layouts, target)
        except CannotAnnotate:
            annotate_list(flags, target)
            done.append(Feedback(unit_code, source_file, len(flags), target,
                                 "not an .xlsx workbook: the problems are listed on their own"))
            continue
        done.append(Feedback(unit_code, source_file, len(flags), target))
    return done
