"""Where each file of the sample goes and in which format, before anything is written.

Paths follow ``<year>/<province code>_<slug>/<unit code>_<year>_r<revision>.<ext>``; the
slug is that of the province's map era, so 2025 folders use the new provinces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samples.bundled.office_styles import CSV_FILES, XLS_FILES
from samples.bundled.scope import REFORM_YEAR, Unit, legacy_province, new_province
from samples.bundled.yearly_facts import Facts
from samples.workbooks import Format, Sheet, Submission


@dataclass
class PlannedFile:
    """A file (or CSV folder) of the sample, before it is written."""

    rel: str
    fmt: Format
    sheets: list[Sheet]
    copy_of: str | None = None
    """Write as a byte copy of another planned file (a duplicate submission)."""


def file_path(f: Facts, revision: int, fmt: Format, *, folder_year: int | None = None,
              province: Unit | None = None, suffix: str = "") -> str:
    prov = province or f.province
    slug = _slug_for(prov.code, f.year)
    ext = "" if fmt == "csv" else f".{fmt}"
    return (f"{folder_year or f.year}/{prov.code}_{slug}/"
            f"{f.unit.code}_{f.year}_r{revision}{suffix}{ext}")


def _slug_for(code: str, year: int) -> str:
    if year >= REFORM_YEAR:
        return new_province(code).slug
    return legacy_province(code).slug


def file_format(code: str, year: int) -> Format:
    if (code, year) in XLS_FILES:
        return "xls"
    if (code, year) in CSV_FILES:
        return "csv"
    return "xlsx"


Planner = Callable[[Facts, Submission, str, Format], list[Sheet]]
"""Renders a submission into sheets and records them as a planned file at ``rel``."""
