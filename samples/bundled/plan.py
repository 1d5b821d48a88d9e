"""The whole sample planned in memory: every file, the planted issues, and the world.

Planning is kept apart from writing so that tests can inspect what the sample should
hold (``build()``) and compare it with what was written.
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.bundled.file_layout import PlannedFile, file_format, file_path
from samples.bundled.office_styles import STYLES
from samples.bundled.planted_issues import SPECIAL, Issue, aggregate_mismatch_district, inject
from samples.bundled.rendering import restyle_headers, to_submission
from samples.bundled.scope import NEW_PROVINCES, REFORM_YEAR, SAMPLE_PROVINCES, YEARS
from samples.bundled.world import SampleWorld
from samples.bundled.yearly_facts import Facts
from samples.workbooks import Format, Sheet, Submission, render


@dataclass
class Sample:
    """Every planned file, the issues planted in them, and the world they were rendered from."""

    files: list[PlannedFile]
    issues: list[Issue]
    world: SampleWorld


def build() -> Sample:
    """Plan every file of the sample and the deliberate issues, without writing anything."""
    w = SampleWorld()
    files: list[PlannedFile] = []
    issues: list[Issue] = []

    def plan(f: Facts, sub: Submission, rel: str, fmt: Format) -> list[Sheet]:
        sheets = render(sub)
        restyle_headers(sheets, STYLES[f.unit.code])
        files.append(PlannedFile(rel, fmt, sheets))
        return sheets

    special = SPECIAL | {(aggregate_mismatch_district(w), 2024), w.missing}
    for year in YEARS:
        provinces = NEW_PROVINCES if year >= REFORM_YEAR else SAMPLE_PROVINCES
        for pc in provinces:
            units = [] if year >= REFORM_YEAR else [d.unit.code for d in w.legacy[pc].districts]
            for code in [*units, pc]:
                key = (code, year)
                if key in special:
                    continue
                f = w.facts[key]
                fmt = file_format(code, year)
                plan(f, to_submission(w, f), file_path(f, 1, fmt), fmt)

    inject(w, plan, files, issues)
    files.sort(key=lambda p: p.rel)
    return Sample(files, issues, w)
