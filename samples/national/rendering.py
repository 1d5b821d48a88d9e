"""One national file: a unit-year's facts rendered in its office's style, with its accidents.

A :class:`FileJob` is plain, picklable data, so files are rendered and written in worker
processes; the row builders are the bundled sample's (``samples.bundled.rendering``), the
workbook writer is ``samples.workbooks``. What differs from the sample's ``to_submission``
is only where the choices come from: the office's style and the file's
:class:`~samples.national.mess.FileMess` are passed in instead of looked up in the sample's
tables of named units.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from samples.bundled.office_styles import Style
from samples.bundled.rendering import (
    H_NAMES,
    _aggregate_row,
    _commune_row,
    _ocop_row,
    _target_rows,
    restyle_headers,
    vn_number,
)
from samples.bundled.scope import criteria_set
from samples.bundled.world import SampleWorld
from samples.bundled.yearly_facts import FUNDING_NAMES, Facts, tidy
from samples.national.scope import rng
from samples.workbooks import (
    SHEET_B01,
    SHEET_B04,
    Cell,
    DistrictCriterion,
    Format,
    FundingRow,
    Sheet,
    Submission,
    render,
    write_submission,
)

PROVISIONAL_CREDIT_SHARE = 0.08
"""A first revision's credit row (B02 code 4) is this much below the corrected figure."""


class Figures(SampleWorld):
    """B04 results and B06 figures of a unit-year.

    ``SampleWorld.actuals`` and ``SampleWorld.aggregates`` read nothing but the facts they
    are given, so they are reused without building the sample's world.
    """

    def __init__(self) -> None:
        """Nothing to build: only the figure methods are used."""


FIGURES = Figures()


@dataclass(frozen=True)
class FileJob:
    """Everything needed to write one file (or CSV folder) of the national set."""

    rel: str
    fmt: Format
    facts: Facts
    style: Style
    seed: int
    signed_on: dt.date
    revision: int = 1
    money: str = "triệu đồng"
    list_ocop: bool = True
    with_b06: bool = True
    write_criteria_set: bool = True
    provisional: bool = False
    """A first revision later corrected: its credit figure is not final yet."""
    bad_cell: str | None = None
    legacy_encoding: bool = False
    copy_of: str | None = None
    """Write as a byte copy of this earlier file (a duplicate)."""


def submission(job: FileJob) -> Submission:
    """The unit-year's facts as its office writes them."""
    f, style = job.facts, job.style
    if job.provisional:
        funding = dict(f.funding)
        funding["4"] = float(round(funding["4"] * (1 - PROVISIONAL_CREDIT_SHARE)))
        f = replace(f, funding=funding)
    year = f.year
    sub = Submission(
        level=f.level,
        province_code=int(f.province.code) if style.codes_as_numbers else f.province.code,
        province_name=f.province.name, year=year,
        signed_on=job.signed_on.strftime("%d/%m/%Y") if style.signed_as_text else job.signed_on,
        revision=None if style.omit_revision and job.revision == 1 else job.revision,
        criteria_set=criteria_set(year) if job.write_criteria_set else None)
    if f.level == "Huyện":
        sub.district_code = int(f.unit.code) if style.codes_as_numbers else f.unit.code
        sub.district_name = f.unit.name
        sub.district_ntm_year = f.district_ntm_year
        names = H_NAMES[criteria_set(year)]
        sub.district_criteria = [
            DistrictCriterion(f"H{i}", names[i - 1], "Đạt" if i in f.h_met else "Chưa đạt")
            for i in range(1, 10)]
    if f.lists_communes:
        sub.communes = [_commune_row(style, u, s, year) for u, s in f.statuses]
    sub.funding = _funding_rows(f, style, job.money)
    sub.money_header = f"Giá trị ({job.money})"
    if job.list_ocop:
        sub.ocop = [_ocop_row(style, c) for c in f.certificates]
    sub.targets = _target_rows(FIGURES, f, style)
    if job.with_b06:
        sub.aggregates = [_aggregate_row(style, k, v) for k, v in FIGURES.aggregates(f).items()]
    return sub


def _funding_rows(f: Facts, style: Style, money: str) -> list[FundingRow]:
    rows = []
    for code, name in FUNDING_NAMES:
        million = f.funding[code]
        value: Cell
        if money == "tỷ đồng":
            value = round(million / 1000, 4)
        elif money == "đồng":
            value = round(million * 1_000_000)
        elif style.text_numbers:
            value = vn_number(million, 1)
        else:
            value = tidy(million)
        qty, unit = {"6.2": (f.land_m2, "m2"), "6.3": (f.labour_days, "ngày công")}.get(
            code, (None, None))
        rows.append(FundingRow(code, name, value, qty, unit))
    return rows


def sheets_of(job: FileJob) -> list[Sheet]:
    """Render the job's submission, then its header style and its bad cell, if any."""
    sheets = render(submission(job))
    restyle_headers(sheets, job.style)
    if job.bad_cell is not None:
        _plant_bad_cell(job, sheets)
    if job.legacy_encoding:
        from pipelines.ingest.legacy import encode_legacy

        for sheet in sheets:
            sheet.rows = [[encode_legacy(v, "tcvn3") if isinstance(v, str) else v for v in row]
                          for row in sheet.rows]
    return sheets


def _plant_bad_cell(job: FileJob, sheets: list[Sheet]) -> None:
    """``đạt?`` in an unmet criterion of a commune not yet NTM, else a 112 % rate."""
    r = rng(job.seed, "bad-cell", job.facts.unit.code, job.facts.year)
    if job.bad_cell == "mark":
        b01 = next((s for s in sheets if s.name == SHEET_B01), None)
        unmet = job.style.unmet
        candidates = [] if b01 is None else [
            (i, j) for i, row in enumerate(b01.rows) if row and isinstance(row[0], int)
            for j in range(3, 3 + 19) if j < len(row) and row[j] == unmet]
        if candidates and b01 is not None:
            i, j = r.choice(candidates)
            b01.rows[i][j] = "đạt?"
            return
    b04 = next(s for s in sheets if s.name == SHEET_B04)
    i, _ = b04.find("TY_LE_BHYT")
    b04.rows[i][4] = 112


def write_job(out: Path, job: FileJob) -> tuple[int, int]:
    """Write one job under ``out``; returns (files on disk, bytes)."""
    target = out / job.rel
    if job.copy_of is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / job.copy_of, target)
    else:
        write_submission(target, sheets_of(job), job.fmt)
    if target.is_dir():
        sizes = [p.stat().st_size for p in target.iterdir()]
        return len(sizes), sum(sizes)
    return 1, os.path.getsize(target)


def write_jobs(out: Path, jobs: list[FileJob]) -> tuple[int, int]:
    """Write a batch of jobs (one worker task); returns (files on disk, bytes)."""
    files = size = 0
    for job in jobs:
        n, b = write_job(out, job)
        files += n
        size += b
    return files, size
