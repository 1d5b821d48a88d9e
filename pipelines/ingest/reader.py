"""Read submissions completely: identity, every template sheet, flags, in batches of files.

A batch is plain data (picklable polars frames) so files can be read in worker processes;
writing to the warehouse happens in one place (``store.py``) because DuckDB has a single
writer. ``read_submission`` reads one file the same way, for the tests and for checking a
file before it is sent.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest import template
from pipelines.ingest.discover import FoundFile
from pipelines.ingest.extract import Batch
from pipelines.ingest.layout import Context, Layout, another_set_heading, find_layout
from pipelines.ingest.legacy import decode_cells, detect_legacy, legacy_cells, may_be_legacy
from pipelines.ingest.schemas import CONTENT_TABLES, LINEAGE
from pipelines.ingest.text import fold, folded_words, nfc
from pipelines.ingest.thongtin import (
    DatesShown,
    Identity,
    NotASubmission,
    dates_shown,
    is_hint,
    key_cell,
    key_values,
    lists_a_key,
    read_identity,
)
from pipelines.ingest.titles import (
    TitleLine,
    identity_from_titles,
    title_lines,
    title_of_another_period,
    title_years,
    units_named,
)
from pipelines.ingest.unit_names import districts_in, name_key, province_name_of
from pipelines.ingest.values import cell_text, is_blank, numeric_date
from pipelines.ingest.vocabulary import (
    PLAN_WORDS,
    VOCABULARY_HINT,
    Vocabulary,
    default,
    header_words,
    higher_level,
    higher_level_set,
)
from pipelines.ingest.workbook import (
    Grid,
    UnreadableFile,
    Workbook,
    column_letter,
    named_only_thongtin,
    read_grids,
)
from pipelines.reporting_years import REFORM_YEAR

# Bump when parsing changes, so stored raw rows of unchanged files are read again.
# 106: headings naming a commune with its district, several communes, a misspelt commune, a
# province's commune or district; B01 counts beside refused marks, counts of criteria not
# met, codes in thousands style; ThongTin periods with their cut-off, codes with names; B03
# producers working again, ratings beside `Đang sản xuất`, month-first dates in CSV folders;
# B05 footnote lines and titles of a maintained standard; topic headings, lists of communes;
# CSV cells past the field limit, stray quotes, short rows; B02 across by years beside a total,
# units typed once down the column, Tổng số beside its parts, running-total blocks, parts
# after `Trong đó`; B04/B06 counts named as shares; a former province under the merged code;
# B01 statuses requested; B03 ratings not granted or by year; rows struck through; dittos;
# sheets named `Thông tin …` that are no ThongTin, covers, B01 split per commune; ThongTin
# names of another unit on the other map; B01 columns of the communes' area;
# 105: B01 groups and counts of what was reached, gained or lost in the year, ticks of met
# and not met under each criterion; headings naming one commune or another province; B05
# footnotes, footnoted marks and a second block of the advanced set; B03 producers stopped,
# ratings off the scale, every remark column; ThongTin years not yet come, codes typed as
# numbers, estimated years; CSV quotes left open, B02 across in comma files, dates month
# first;
# 104: sections of another year, plan or unit in every sheet, B05 of a higher level, legacy
# cells, B02 plans, CSV rows wider than the header;
# 103: sheets of the former communes or of part of the year (columns, groups, titles,
# sections), a lone sheet named or titled as another year or a plan, ThongTin against the
# titles (another unit, a stale year), a commune as the reporter, plans named with the
# year, legends with the mark after the word, remarks mixing a claim with a plan, province
# names headed Đơn vị, units declared in B02 section headings, numbered place blocks in
# B04/B06, 2026 commune groups by headings, sheets named for another district, recognition
# dates headed Thời điểm công nhận (…), Lần 02/2024, hint cells in ThongTin;
# 102: B01 communes over two rows, legends of blank as met, plan and registration sheets,
# counts of gains; value groups typed without merging, money units declared in words, in
# another header or below the table, figures under no header; B04 income per month by its
# name, the period's plan, blocks of another year; B05 headings, mismatched codes, sub-rows;
# ThongTin revisions in words or out of range, more keys, a province naming a district;
# B02 sections headed `Dự toán`, `Chỉ tiêu giao`; rejections by name kept off the content;
# a bulleted 6.4 after coded 6.x, other currencies in words, legends turning 1/0/x around,
# notes and headings of a level reached over blank years; a province's B06 running total
# beside the year, B04/B06 rows by place, district headings without their type, B02's own
# row by the province's name;
# 85-101: B01 criteria over met/not-met columns and `Đạt 19/19 tiêu chí`, units in tens and
# hundreds, a district named alone in titles, year-end dates in headers, rows and columns
# named as offices name them, sheets read by their titles, codes typed with names, dates
# in words, Roman revisions, `District`, status years with their level in brackets;
# 84: an identical copy of a sheet (every cell the same) is read once;
# 83: B04 results over their plan or headed as shares, coded rows named for another whole
# or another indicator or a period, nghìn tỷ đồng, figures under no name, early Ngày lập;
# 82: B02/B06 money named as a part, a source including another, breakdowns of row 6,
# subtotals under their sources, B06 units after a comma, typed units in refused rows;
# 81: B03 rows that may stand for several products or for none yet;
# 80: figures of another year, part of it or a plan where the year's go (B01 counts, status
# and criteria, B05 results, B02/B06 plans, B04/B06 rows so named), B04 income and B02/B06
# money typed in a smaller unit, comma CSV figures read two ways, B02 across by year;
# 79: B01 and B03 split over several sheets, old copies set aside, B03 dates month first;
# B01 of 2025 on the post-reform map (former codes not read, former communes not
# read as new ones), districts' reports from 2025 rejected;
# 78: a dot as the decimal mark, B04/B06 money typed with its unit, B03 dates and ratings
# with notes, footnoted ratings, remarks giving the end of validity or awaiting a decision,
# identity from the sheets' titles, ThongTin years given as periods, dates or with notes,
# B01 words for reached, headings opening with Xã, the NTM decision as its year, B05 across,
# B04/B06 counts typed with what they count, income with its period, B03 addresses, running
# totals said other ways, scaled number formats, figures merged over rows, B01 rows per year,
# cluster subtotals, second tables, units' blocks in a province's B04/B06, CSV separators,
# x1000đ, Thành tiền, levels named as their change, counts of another thing, %o, B01
# criteria of another year or a plan, criteria sets that begin after the year;
# 77: text figures read by their sheet's style, notes after a unit, words for nothing to report;
# 76: B01 statuses remarked as withdrawn, proposed or awaited, under such headings, month-year
# and level-named years, columns naming two levels, years before 2009;
# 75: B05 appraisal beside the district's assessment, indicators' rows, `Đạt | Chưa đạt`;
# ThongTin names against codes, revisions in words; B03 group headings, dated decisions,
# quarters, communes by name, rating headers, two ratings on one date, lapsed certificates;
# 74: B02 rows under named forms of money, sections by commune or work, footnotes with
# diacritics, legends giving `K` another meaning;
# 73: good data under the day's rules: whole-unit brackets, shares in names' notes, plans not
# adjusted, last year's sheet kept, a printing copy of ThongTin;
# 72: B04/B06 `cùng kỳ`, units in names, shares for counts, rows narrowed by area, the
# year's target after the names, the adjusted plan;
# 71: supplements as later revisions, sheet copies read whole, .ods hidden cells, B02 bullets
# in their own column, two ThongTin sheets;
# 70: B02 laid out across (sources as columns), `Doanh nghiệp` and such as source names;
# 69: B01 marks of met with a footnote, counts in words or as a percentage;
# 68: B02 sources listed again under sections of the plan, another year or part of it;
# 67: marks `Chưa`, `Không`, `K`, `Có`, `Hoàn thành`, crosses, not met with a note;
# 66: B04 results headed as running totals (`Lũy kế thực hiện`), coded rows named as them;
# 65: B01 `Năm đạt chuẩn NC`/`KM`, B03 rating columns headed `⭐⭐⭐`;
# 64: review of the day's rules on good data (a whole year in words, `tối thiểu`, quantities
# in names beside Khối lượng, `01 tháng 01`, small đồng sources, `Xếp loại`, first year);
# 63: value groups over plan, result and share; B02 `Ước thực hiện cả năm 2023`;
# 62: B04/B05 second round (running totals by name, ratio columns, `Tiêu chí số 1: …`), B01
# third round (abbreviations, NTM-year headers, `Năm | Số QĐ`, totals, district rows);
# 61: B02 parts named as sources (`Trong đó: vốn lồng ghép`), coded rows naming groups;
# 60: a row of units under the column titles, a unit in brackets closing a line above;
# 59: B06 `Lũy kế đến 31/12` is its value, `Trong đó: năm 2023` the year's part, not read;
# 58: B02 codes against names (the office's numbering), groups summing their sources;
# 57: B03 phone stars and rating notes, a decision's date, a year checking it, re-ratings;
# 56: ThongTin's revision keys, keys in one cell or numbered, `Kỳ báo cáo: Năm`, across with STT;
# 55: units in rows' names (`Hiến đất (m2)`, `(tỷ đồng)`), B02's money ĐVT beside no quantity;
# 54: a commune's dated decision does not end B01; `Huyền Sơn` is no district row;
# 53: B01 years planned or registered for, a year beside the level reached, not read;
# 52: criteria not met as `còn thiếu`/`chưa hoàn thành`, legends in the header block;
# 51: columns of part of the year (`10 tháng`, `Quý III`, `đến 30/9`), plans `đến năm 2025`;
# 50: shares (`15%`, a unit `%`) where B06's counts go and B02's amounts are not read;
# 49: B02 in million VND under a unit naming đồng (largest below 100 million) not read;
# 48: B03 rows naming the unit whose products follow (`Xã Mẫu Sơn`) are notes;
# 47: B06's figures of the year alone under a running total (`Giá trị lũy kế`) not read;
# 46: a B01 row headed `Bình quân` counts the communes up;
# 45: a B01 row naming a district with its code (`188 | Huyện Lộc Bình`) is no commune;
# 44: B01 names headed `Xã, thị trấn`, `Địa phương`;
# 43: B02 money headed as a running total (`lũy kế`) is not the year's;
# 42: ThongTin's name in the code's cell, its level from a district named;
# 41: status years with the word for reached (`Đạt 2019`, `Đã đạt (2019)`);
# 40: B02 shares and averages under the sources (`Tỷ lệ …`, `Cơ cấu`) are notes;
# 39: B03 rows heading or counting the products (`Nhóm Thực phẩm`, `Trong đó: 3 sao`);
# 38: B01 status headers `NTMNC`/`NTMKM`/`NC`/`KM`, B02 amounts headed `Huy động`;
# 37: a year written as the whole year (`Cả năm 2023`);
# 36: B01 columns of a criterion's indicators (`17.1`) are not the criterion;
# 35: a B01 row counting the communes up (`Tỷ lệ (%)`, `Số xã đạt`) is not a commune;
# 22: a legend naming criteria met and not met (`x: đạt; trống: chưa đạt`) is read;
# 21: B05's result column headed as criteria not met keeps the sheet out;
# 20: B01 criterion columns under `Tiêu chí chưa đạt` keep the sheet out;
# 19: B02 rows with a unit of their own and no quantity column (`m2`: a quantity);
# 18: a money unit written beside the header (`ĐVT: tỷ đồng` in the header row), B06's
# value header's unit (`Giá trị (tỷ đồng)`) for its money rows;
# 17: sheets named by their subject alone (`Tiêu chí xã`) when no sheet has the code, a
# B01 without a `Mã xã` column read by the communes' names;
# 16: a shown column naming the year after a hidden one set aside (review mend);
# 15: a blank copy of the form beside the filled sheet is set aside;
# 14: sheets named `Mẫu B01`, `Mẫu biểu 01`; 13: hidden columns (HIDDEN_COLUMN);
# 12: of two columns of one meaning, the one naming the reporting year (B02 `Năm 2023`);
# 11: ThongTin across or two keys to a row, units with the country (đồng Việt Nam);
# 10: a key equal to the numbering row's key cell (source `1` under `(1)`) is data;
# 9: B01 status columns holding marks (status_years_marked, STATUS_MARK);
# 8: marks CĐ/KĐ/CBĐ/v, counts written 17/19, two-digit years in dates, subtotals of
# parts (6.1+6.2), the year from ThongTin's title, unknown money units (USD) and
# units written 1.000.000 đồng or Ng.đ, B03 dates without their day (recognized_year),
# ThongTin units by name, B02 value_unreadable and amounts typed with their unit;
# 7: B04/B06 rows by name, B04 units, hidden rows, unreadable status years; 6: office layouts
# of 2026-12-05 (docs/ingest.md); 5: B01 `Nhóm xã`
PARSER_VERSION = 106

EXPECTED_SHEETS = {
    ("district", "old"): ("B01", "B02", "B03", "B04", "B05"),
    ("province", "old"): ("B06", "B02", "B04"),
    ("province", "new"): ("B01", "B02", "B03", "B04", "B06"),
    ("district", "new"): ("B01", "B02", "B03", "B04", "B05"),
}
# Sheets a level does not send, with what they are (the submission template: B05 is the
# district's own criteria, "district only"). A province's report holding one has a district's
# B05 pasted in, its districts' criteria in blocks (``Huyện Lộc Bình`` over H1..H9), or the
# sheet left from a district's template after the districts were abolished (2025): its rows
# are no criteria of the province's own.
NOT_SENT = {"province": {"B05": "the district's own criteria, which each district sends in "
                                "its own report"}}


@dataclass
class FileRecord:
    """What one file is: its identity from ThongTin, or why it was rejected."""

    sha256: str
    source_file: str
    identity: Identity | None = None
    reject_reason: str | None = None
    legacy_encoding: str | None = None
    sheets: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    """The files of a batch and their raw tables. A table's rows carry ``__file``, the index
    of their file in ``files``, instead of the file's name and sha256: the store turns it into
    those two lineage columns (``with_lineage``), so that two long strings per row are never
    built, pickled between processes and encoded again (1.4 million rows of B01 marks on the
    national set)."""

    files: list[FileRecord]
    frames: dict[str, pl.DataFrame]
    vocabulary_sha: str = ""

    def with_lineage(self) -> dict[str, pl.DataFrame]:
        """The tables with their lineage columns, as the raw tables have them."""
        lookup = pl.DataFrame({"__file": list(range(len(self.files))),
                               "source_file": [r.source_file for r in self.files],
                               "sha256": [r.sha256 for r in self.files]},
                              schema={"__file": pl.Int64, "source_file": pl.String,
                                      "sha256": pl.String})
        return {name: frame.join(lookup, on="__file", how="left")
                .select([*LINEAGE, *CONTENT_TABLES[name]])
                for name, frame in self.frames.items()}


@dataclass
class FileResult(FileRecord):
    """One file read on its own; ``tables`` and ``flags`` as lists of records."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {name: frame.to_dicts() for name, frame in self.frames.items()
                if name != "parse_flags" and frame.height}

    @property
    def flags(self) -> list[dict[str, Any]]:
        frame = self.frames.get("parse_flags")
        return [] if frame is None else frame.to_dicts()


def read_found(found: FoundFile, vocab: Vocabulary | None = None) -> FileResult:
    """Read a discovered file on its own."""
    batch = read_batch([found], vocab)
    record = batch.files[0]
    return FileResult(**vars(record), frames=batch.with_lineage())


def read_submission(path: Path, source_file: str, sha256: str,
                    vocab: Vocabulary | None = None) -> FileResult:
    """Never raises for bad content: an unreadable file comes back rejected with a reason."""
    found = FoundFile(path, source_file, path.suffix.lstrip("."), 0, sha256, None)
    return read_found(found, vocab)


def read_batch(files: list[FoundFile], vocab: Vocabulary | None = None) -> BatchResult:
    """Read several files, then all their columns at once (``extract.Batch``).

    A fault of the reader (an exception no rule expected) must not cost the run: the batch's
    files are then read one by one, and a file that still fails alone is rejected, saying
    where the reader failed, so that every other file is read and stored. Its record keeps
    this parser version, so the file is read again once a later version changes the
    reader."""
    vocab = vocab or default()
    try:
        return _read_together(files, vocab)
    except Exception as exc:
        if len(files) == 1:
            result = _read_together([], vocab)  # no rows, the tables' frames empty
            result.files.append(_reader_fault(files[0], exc))
            return result
        return _joined([read_batch([item], vocab) for item in files], vocab)


def _reader_fault(item: FoundFile, exc: Exception) -> FileRecord:
    frames = traceback.extract_tb(exc.__traceback__)
    # The reader's own line that failed, rather than a library's below it.
    where = next((f for f in reversed(frames) if "pipelines" in Path(f.filename).parts),
                 frames[-1])
    return FileRecord(sha256=item.sha256, source_file=item.source_file, reject_reason=(
        f"the reader failed on this file ({type(exc).__name__} in "
        f"{Path(where.filename).name}, line {where.lineno}: {str(exc)[:300]}). This is a "
        "fault of the program, not of the file: please report it with the file; the file is "
        "kept and read again by the next version of the reader"))


def _joined(results: list[BatchResult], vocab: Vocabulary) -> BatchResult:
    """Batches read alone as one batch: each table's ``__file`` moved to its file's place."""
    parts: dict[str, list[pl.DataFrame]] = {}
    offset = 0
    for result in results:
        for name, frame in result.frames.items():
            parts.setdefault(name, []).append(frame.with_columns(pl.col("__file") + offset))
        offset += len(result.files)
    return BatchResult(files=[record for result in results for record in result.files],
                       frames={name: pl.concat(of_table) for name, of_table in parts.items()},
                       vocabulary_sha=vocab.fingerprint)


def _read_together(files: list[FoundFile], vocab: Vocabulary) -> BatchResult:
    batch = Batch(marks=vocab.marks, units=vocab.units)
    records = [_read_one(batch, index, item, vocab) for index, item in enumerate(files)]
    frames = batch.frames(CONTENT_TABLES)
    flag_schema = {"__file": pl.Int64, "sheet": pl.String, "row_number": pl.Int64,
                   **CONTENT_TABLES["parse_flags"]}
    frames["parse_flags"] = pl.DataFrame(
        {k: [f.get(k) for f in batch.flags] for k in flag_schema}, schema=flag_schema)
    lineage = ["__file", *(k for k in LINEAGE if k not in ("source_file", "sha256"))]
    named = {name: frame.select([*lineage, *CONTENT_TABLES[name]])
             for name, frame in frames.items()}
    return BatchResult(files=records, frames=named, vocabulary_sha=vocab.fingerprint)


def _read_one(batch: Batch, index: int, item: FoundFile, vocab: Vocabulary) -> FileRecord:
    record = FileRecord(sha256=item.sha256, source_file=item.source_file)
    if item.not_a_submission:
        record.reject_reason = item.not_a_submission
        return record
    try:
        grids = read_grids(item.path)
    except UnreadableFile as exc:
        record.reject_reason = str(exc)
        return record
    except OSError as exc:
        record.reject_reason = f"cannot open the file ({exc.strerror or exc})"
        return record
    not_thongtin = _not_thongtin(grids, vocab)
    record.sheets = [g.name for g in grids.all_grids()]
    if not grids:
        record.reject_reason = ("no ThongTin sheet: not a submission of the template "
                                "(sheets found: none of ThongTin, B01-B06)")
        return record
    record.legacy_encoding, legacy_sheets = _convert_legacy(grids, grids.shared_text)
    batch.legacy_of[index] = frozenset(
        [found.encoding for found in legacy_sheets]
        + ([record.legacy_encoding] if record.legacy_encoding else []))
    blank = ("ThongTin" in grids and "ThongTin" not in grids.ambiguous
             and _blank_thongtin(grids["ThongTin"], vocab, every_key=True))
    if "ThongTin" not in grids or blank:
        # Without ThongTin, or with its form left blank, the titles of the sheets may say
        # which unit and year the file reports (``titles.py``), as a person reads them.
        why = "ThongTin is not filled in" if blank else "no ThongTin sheet"
        try:
            identity, notes = identity_from_titles(grids, item.folder_year, why)
        except NotASubmission as exc:
            record.reject_reason = (
                f"{why}, and which unit and year the file reports cannot be told from its "
                f"sheets' titles: {exc} (sheets found: {', '.join(record.sheets)})")
            return record
        info, copies = None, []
        if blank:
            batch.add_unreadable(index, grids["ThongTin"])
        for note in notes:
            line = note["line"]
            batch.flag(index, note["code"], "warning", note["message"], sheet=line.sheet,
                       row=line.row, column=column_letter(line.column), raw_value=line.text)
    else:
        try:
            info, identity, copies = _identity(grids, vocab, item.folder_year,
                                               batch.legacy_of[index])
        except NotASubmission as exc:
            record.reject_reason = str(exc)
            return record
    record.identity = identity
    batch.units_of[index] = (identity.level, identity.unit_code, identity.province_code,
                             identity.year)
    if info is not None:
        _record_thongtin(batch, index, info, identity)
    for grid in not_thongtin:
        batch.flag(index, "SHEET_LAYOUT", "info",
                   f"{grid.name}: the sheet's name begins as ThongTin's, with other words, but it "
                   "lists none of ThongTin's keys (Cấp báo cáo, Mã tỉnh, Năm báo cáo …): it "
                   "is the office's own table, not read as ThongTin, and passed over as any "
                   "other sheet not of the template", sheet=grid.name)
    for copy in copies:
        what = ("a blank copy of the form" if _blank_thongtin(copy, vocab)
                else "naming the same unit, year and revision")
        batch.flag(index, "SHEET_LAYOUT", "info",
                   f"{copy.name}: another ThongTin beside '{info.name}', {what}; "
                   f"'{info.name}' is read, the cells of '{copy.name}' are kept",
                   sheet=copy.name)
        batch.add_unreadable(index, copy)
    era = "new" if identity.year >= REFORM_YEAR else "old"
    for code in EXPECTED_SHEETS[(identity.level, era)]:
        if code not in grids:
            batch.flag(index, "MISSING_SHEET", "error",
                       f"a {identity.level} report for {identity.year} should have sheet {code}",
                       sheet=code)
            batch.record("sheets", index, {"sheet": code, "sheet_code": code,
                                           "status": "missing", "data_rows": 0})
    for note in grids.notes:
        batch.flag(index, note.code, note.severity, note.message, sheet=note.sheet, row=note.row,
                   column=column_letter(note.column - 1) if note.column else None,
                   raw_value=note.raw_value)
    if record.legacy_encoding:
        batch.flag(index, "LEGACY_ENCODING", "warning",
                   f"text was typed in the legacy {record.legacy_encoding.upper()} encoding and "
                   "was converted to Unicode; check unit and product names", sheet=None)
    for found in legacy_sheets:
        _flag_legacy_sheet(batch, index, found)
    ctx = Context(identity.year, identity.criteria_set, vocab, level=identity.level,
                  province=identity.province_code, own_name=_own_name(identity),
                  unit=identity.unit_code)
    batch.years[index] = identity.year
    batch.criteria_sets[index] = identity.criteria_set
    if (styles := _month_first_folder(grids)) is not None:
        batch.month_first_folders[index] = styles
    for code, grid in grids.items():
        spec = template.SHEETS.get(code)
        if spec is None:
            continue
        if code in NOT_SENT.get(identity.level, {}):
            _not_sent(batch, index, code, grids.ambiguous.get(code, [grid]), identity)
            continue
        sheets = _the_units_sheets(batch, index, code, grids.ambiguous.get(code, [grid]),
                                   identity)
        sheets = _this_years(batch, index, code, sheets, ctx)
        if len(sheets) > 1:
            _one_of(batch, index, code, sheets, spec, ctx)
        elif sheets:
            _read_sheet(batch, index, sheets[0], find_layout(sheets[0], spec, ctx))
    return record


def _month_first_folder(grids: Workbook) -> DatesShown | None:
    """The styles a CSV folder's dates show (``dates_shown``) where they are month first
    only (``values.folder_month_first``), for B03's dates; None otherwise. Asked of every
    cell of the folder only when its B03 holds a date typed as text that the two styles read
    differently (``6/5/2023``, ``6/15/2023``): workbooks keep their dates as dates."""
    b03 = grids.ambiguous.get("B03", [grids["B03"]]) if "B03" in grids else []
    if not any(grid.separator is not None and any(
            (parts := numeric_date(cell)) is not None and parts[0] <= 12 and parts[0] != parts[1]
            for row in grid.rows for cell in row if type(cell) is str and cell[:1].isdigit())
            for grid in b03):
        return None
    styles = dates_shown(grids.all_grids())
    return styles if "month" in styles and "day" not in styles else None


def _not_sent(batch: Batch, index: int, code: str, grids: list[Grid],
              identity: Identity) -> None:
    """A sheet the reporting level does not send (``NOT_SENT``: a province's B05) is not read,
    a warning naming it, its cells kept, the sheet recorded as not usable. Before, a
    province's B05 was stored as the province's own district criteria without a flag: one
    district's marks under the province, or two districts' blocks as its criteria twice."""
    what = NOT_SENT[identity.level][code]
    for grid in grids:
        _not_read(batch, index, grid, code, "warning", f"not sent by a {identity.level}",
                  f"{grid.name}: a {identity.level}'s report has no {code} ({what}); its "
                  f"rows are not the {identity.level}'s own figures, so the sheet is not "
                  "read, its cells are kept")


def _other_units(grid: Grid, identity: Identity) -> tuple[list[str], bool]:
    """The districts of the unit's province a sheet's name names that are not the unit
    reporting (``B02_Cao Lộc`` in Lộc Bình's workbook, ``B04_Lộc Bình`` in the province's),
    as the map writes them, and whether it names the unit itself (its district, or the
    province by the name its city bears too: ``B02 Lạng Sơn``; ``B02_TP Lạng Sơn`` is the
    city's)."""
    own = {identity.district_code} if identity.level == "district" else set()
    others: list[str] = []
    names_own = False
    for code, name, typed in districts_in(grid.name, identity.province_code, identity.year):
        if code in own or (identity.level == "province" and not typed
                           and name_key(name) == _own_name(identity)):
            names_own = True
        elif name not in others:
            others.append(name)
    return others, names_own


def _the_units_sheets(batch: Batch, index: int, code: str, grids: list[Grid],
                      identity: Identity) -> list[Grid]:
    """Of a template sheet's sheets, those that are the reporting unit's. A sheet named for
    another unit (``B02_Cao Lộc``, ``B04_Lộc Bình``) holds that unit's figures, a workbook
    reused or a district's sheets pasted into the province's: it is set aside with an error,
    its cells kept, and the unit's own sheet beside it, if any, is read. Before, one
    district's money was read as the province's, a neighbour's as the district's. A
    province's B01 named by district is a part of its list of communes (``B01_Lộc Bình``
    beside ``B01_Cao Lộc``), and a district's list (B01, B03) split into sheets one of
    which bears the district's own name is read as one list, as it was."""
    if identity.level == "province" and code == "B01":
        return grids
    named = [_other_units(g, identity) for g in grids]
    if identity.level == "district" and code in _LISTS and any(own for _, own in named):
        return grids
    kept = [g for g, (others, own) in zip(grids, named, strict=True) if own or not others]
    unit = (f"district {identity.district_name or identity.district_code}"
            if identity.level == "district" else
            f"province {identity.province_name or identity.province_code}")
    for grid, (others, own) in zip(grids, named, strict=True):
        if own or not others:
            continue
        beside = (f"; {', '.join(repr(g.name) for g in kept)} beside it is read" if kept
                  else "")
        _not_read(batch, index, grid, code, "error", "another unit's sheet",
                  f"{grid.name}: its name names {', '.join(others)}, another unit than the "
                  f"{unit} reporting; its {code} is that unit's figures, not the "
                  f"{identity.level}'s: the sheet is not read (its cells are kept){beside}. "
                  f"Send the {identity.level}'s own {code} without another unit's name")
    return kept


def _own_name(identity: Identity) -> str | None:
    """The reporting unit's name without its type, folded, as ThongTin or else the map names
    it: a row of a B04/B06 so labelled is the unit's own (``layout.place_of``)."""
    if identity.level == "district":
        name = identity.district_name
    else:
        name = identity.province_name or province_name_of(identity.province_code, identity.year)
    return name_key(name) if name else None


def _not_thongtin(grids: Workbook, vocab: Vocabulary) -> list[Grid]:
    """The sheets named as ThongTin is with other words (``Thông tin tuyên truyền``, ``Thông
    tin xã``, ``Thông tin liên hệ``: an office's own tables) that list none of ThongTin's
    keys (``thongtin.lists_a_key``), taken out of the file's ThongTin sheets and returned.
    A person reads the sheet named ThongTin (``Thông tin chung``) as the identity and such a
    sheet by what it holds. Before, any sheet whose name began with "Thông tin" was a
    ThongTin: beside the real one, the file was refused as two ThongTin sheets that
    disagree; alone, as a ThongTin without its keys. Only sheets whose name adds words are
    looked at (``workbook.named_only_thongtin``); a blank form lists its keys and stays one."""
    sheets = grids.ambiguous.get("ThongTin") or (
        [grids["ThongTin"]] if "ThongTin" in grids else [])
    others = [g for g in sheets if not named_only_thongtin(g.name) and not lists_a_key(g, vocab)]
    if not others:
        return []
    kept = [g for g in sheets if all(g is not other for other in others)]
    grids.ambiguous.pop("ThongTin", None)
    if not kept:
        del grids["ThongTin"]
        return others
    grids["ThongTin"] = kept[0]
    if len(kept) > 1:
        grids.ambiguous["ThongTin"] = kept
    return others


def _identity(grids: Workbook, vocab: Vocabulary, folder_year: int | None,
              legacy: frozenset[str] = frozenset()) -> tuple[Grid, Identity, list[Grid]]:
    """The file's identity, from its ThongTin sheet, and the other ThongTin sheets set aside
    (``legacy``: the legacy encodings the file holds text in, for a unit given by name).
    Two visible ThongTin sheets (``ThongTin`` and ``ThongTin (2)``, a district's copied into
    another's file): a blank one is a copy of the form, one naming the same unit, year and
    revision a copy of the other; but when they name two units, years or revisions, or one
    of them cannot be read, which unit sent the figures cannot be told, and the file is
    refused naming both. Before, the first was read and the second passed over without a
    word, whatever it said."""
    sheets = grids.ambiguous.get("ThongTin", [grids["ThongTin"]])

    def other_titles() -> dict[int, TitleLine]:
        return title_years([line for code, grid in grids.items() if code != "ThongTin"
                            for line in title_lines(grid)])

    def dates() -> DatesShown:
        return dates_shown(grids.all_grids())

    read: list[tuple[Grid, Identity]] = []
    refused: list[tuple[Grid, NotASubmission]] = []
    for grid in sheets:
        try:
            read.append((grid, read_identity(grid, vocab, folder_year, other_titles,
                                             legacy, dates)))
        except NotASubmission as exc:
            refused.append((grid, exc))
    if len(sheets) == 1 and refused:
        raise refused[0][1]
    refused = [(g, exc) for g, exc in refused if not _blank_thongtin(g, vocab)]
    # A copy for printing that leaves `Lần gửi` blank (revision 1 by the template's rule) does
    # not disagree with the sheet that gives it.
    said = {(i.level, i.unit_code, i.year) for _, i in read}
    revisions = {i.revision for _, i in read if i.revision_given}
    if refused or len(said) != 1 or len(revisions) > 1:
        what = [f"'{g.name}' names {i.level} {i.unit_code}, year {i.year}, revision {i.revision}"
                for g, i in read] + [f"'{g.name}' cannot be read ({exc})" for g, exc in refused]
        raise NotASubmission(
            f"{len(sheets)} ThongTin sheets ({', '.join(f'{g.name!r}' for g in sheets)}) "
            f"disagree: {'; '.join(what)}; which unit and year the file reports cannot be "
            "told. Delete the extra sheet and send the file again")
    info, identity = next(((g, i) for g, i in read if i.revision_given), read[0])
    lines = _report_titles(grids, identity)
    _titles_agree(lines, identity)
    _other_units_titled(lines, identity)
    return info, identity, [g for g in sheets if g is not info]


def _report_titles(grids: Workbook, identity: Identity) -> list[TitleLine]:
    """The title lines of the sheets that are the report's (``titles.py``): not ThongTin's,
    nor a sheet the level does not send (``NOT_SENT``: a province's B05, titled for the
    district it is), nor a sheet whose name says it is another year's or another list
    (``_named_another``), nor one of two sheets of a code. A sheet is not passed over for
    what its title says: the titles are what is weighed against ThongTin."""
    not_sent = NOT_SENT.get(identity.level, {})
    return [line for code, grid in grids.items()
            if code != "ThongTin" and code not in grids.ambiguous and code not in not_sent
            and _named_another(grid, code, identity.year) is None
            for line in title_lines(grid)]


def _titles_agree(lines: list[TitleLine], identity: Identity) -> None:
    """ThongTin's year must be one the sheets' titles name, when they name any, as a person
    checks the form against the tables under it. A ThongTin copied from last year's file
    (`Năm báo cáo: 2023` over tables titled `NĂM 2024`) says which year the figures are no
    more than the titles do: the file is refused naming both cells. Before, it was read as
    ThongTin's year, and with its `Lần gửi` superseded that year's own report with only a
    YEAR_MISMATCH warning. A line naming a plan or a target names the next year, and is
    passed over; a year folder alone that disagrees stays a YEAR_MISMATCH warning
    (``revisions.py``)."""
    years = title_years([line for line in lines if not _titled_plan(line.text)])
    if years and identity.year not in years:
        seen = "; ".join(f"{year} ('{line.text}', {line.where})"
                         for year, line in sorted(years.items()))
        raise NotASubmission(
            f"{key_cell(identity, 'year')} says the report is on {identity.year}, but the "
            f"sheets' titles name {seen}, never {identity.year}: ThongTin was copied from "
            "another year's file, or the sheets are another year's, and which year the "
            "figures are cannot be told. Correct 'Năm báo cáo' or the titles, and send the "
            "file again")


# A place and date line (``TP. Lạng Sơn, ngày 10 tháng 01 năm 2024``, folded): where the report
# was signed, which may be another unit's seat (a province's offices in its city), not who
# sent it.
_PLACE_LINE = re.compile(r"[^,()]+,\s*ngay\b")


def _other_units_titled(lines: list[TitleLine], identity: Identity) -> None:
    """A title naming another province or district than the one ThongTin gives (`Mã huyện:
    188`, Lộc Bình, over tables titled `UBND HUYỆN CAO LỘC`; a district named over a
    province's report): the sheets are another unit's report under a ThongTin copied from
    another unit's file, or ThongTin is right and the titles wrong, and whose figures they
    are cannot be told. The file is refused naming both cells, so that it supersedes
    nothing. Before, it was read as ThongTin said and, with a higher `Lần gửi`, replaced the
    other unit's own report without a flag. A line giving the place and date of signing
    names no sender."""
    for line in lines:
        if _PLACE_LINE.match(fold(line.text)):
            continue
        for named in units_named(line, identity.year):
            codes = frozenset(code for code, _, _ in named.units)
            if _own_unit(named.level, codes, identity):
                continue
            fields = (("province_code", "province_name") if named.level == "province"
                      or identity.level == "province" else ("district_code", "district_name"))
            which = " or ".join(f"{name} ({code})" for code, _, name in named.units[:3])
            raise NotASubmission(
                f"the title '{line.text}' ({line.where}) names {which}, but "
                f"{key_cell(identity, *fields)} gives the report as {identity.level} "
                f"{identity.unit_code}'s: the sheets may be another unit's report under a "
                "ThongTin copied from another unit's file, and whose figures they are cannot "
                "be told. Correct ThongTin or the titles, and send the file again")


def _own_unit(level: str, codes: frozenset[str], identity: Identity) -> bool:
    """Whether a unit the titles name (any of ``codes``, a name several units share) is the
    reporting unit or, for a district, its province."""
    if level == "province":
        return identity.province_code in codes
    return identity.level == "district" and identity.district_code in codes


def _blank_thongtin(grid: Grid, vocab: Vocabulary, *, every_key: bool = False) -> bool:
    """A ThongTin whose keys hold no value, or only a hint in brackets (``(ngày/tháng/năm)``):
    the template's form, not filled in. With ``every_key``, no value under any key, known or
    not: the form left blank, which says nothing of the unit or the year."""
    return not any(value for value in key_values(grid, vocab, every_key=every_key)
                   if not is_hint(value))


def _one_of(batch: Batch, index: int, code: str, grids: list[Grid], spec: template.SheetSpec,
            ctx: Context) -> None:
    """Two visible sheets claim one template sheet. When all but one are blank copies of the
    form (a header and nothing under it but zeros: the template kept beside the filled
    sheet, ``Mẫu B01`` beside ``B01_TieuChiXa``), the filled one is read and each blank copy
    named, its cells kept; otherwise which holds the figures cannot be told."""
    layouts = [find_layout(grid, spec, ctx) for grid in grids]
    grids, layouts = _hidden_copies(batch, index, code, grids, layouts)
    grids, layouts = _current_copies(batch, index, code, grids, layouts)
    grids, layouts = _identical_copies(batch, index, code, grids, layouts)
    if len(grids) == 1:
        _read_sheet(batch, index, grids[0], layouts[0])
        return
    blank = [layout.found and not layout.data and _no_figures(grid, layout)
             for grid, layout in zip(grids, layouts, strict=True)]
    filled = [(g, la) for g, la, empty in zip(grids, layouts, blank, strict=True) if not empty]
    if not filled:
        _ambiguous(batch, index, code, grids)
        return
    if len(filled) > 1:
        parts = _parts(code, filled)
        if parts is None:
            _ambiguous(batch, index, code, grids)
            return
        _read_parts(batch, index, code, filled, parts)
    else:
        _read_sheet(batch, index, *filled[0])
    read = ", ".join(f"'{g.name}'" for g, _ in filled)
    for grid, empty in zip(grids, blank, strict=True):
        if not empty:
            continue
        _not_read(batch, index, grid, code, "info", "a blank copy",
                  f"{grid.name}: a blank copy of {code} (no figures under its header) beside "
                  f"{read}, which {'is' if len(filled) == 1 else 'are'} read; its cells are "
                  "kept")


_NAMED_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# A period in a sheet's name (``B01 2021-2025``, the criteria set's): it names each year in it.
_NAMED_PERIOD = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*[-–—]\s*((?:19|20)[0-9]{2})(?![0-9])")
# A sheet named or titled as another list than the year's results, in folded words: a plan,
# a registration, a proposal or a target for a later year (``B01 đăng ký``, ``B01 dự kiến``,
# ``B01_KH``, ``B01 (phấn đấu)``, ``B01 (đề nghị)``, ``DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM
# 2024``), last year's (``B01 năm trước``), or the communes' own assessment (``B01 tự đánh
# giá``), which the district's appraisal beside it replaces. ``KH``/``ĐK`` shortened only in
# a name: in a title they are a cited text's number (``Kế hoạch số 12/KH-UBND``).
_NAMED_PLAN = re.compile(rf"\b(?:{PLAN_WORDS}|chi tieu|muc tieu|nam truoc|tu danh gia)\b")
_SHORT_PLAN = re.compile(r"\b(?:kh|dk)\b")
# What was done of a plan, a plan cited as a text (``Kết quả thực hiện kế hoạch năm 2023``,
# ``theo Kế hoạch số 12/KH-UBND``), or the next year's plan given beside the year's results
# (``KẾT QUẢ NĂM 2023 VÀ KẾ HOẠCH NĂM 2024``): no plan.
_CITED_PLAN = re.compile(r"\b(?:(?:thuc hien|theo|kem theo|ket qua|so voi|va)\s+(?:[a-z]+\s+)?"
                         r"ke hoach|ke hoach so)\b")
# Sheets whose name may call them a plan's (``B02_KH``, ``B06 dự kiến``): the lists, B02's
# money and B06's aggregates. B04 holds the year's plan in its own columns and is named for
# its targets (``B04_ChiTieu``, ``B04 Chỉ tiêu``); B05 is the district's own assessment of its
# criteria, which it may propose for recognition.
_PLAN_NAMED = frozenset({"B01", "B02", "B03", "B06"})


def _another_list(grid: Grid, code: str, ctx: Context) -> tuple[str, str] | None:
    """What a sheet is, and what its name or title says that makes it another list than the
    reporting year's results, or None: another year in its name (``B01_2022``) or in its
    title lines naming no reporting year (``BIỂU 01: … NĂM 2023`` in a 2024 report; ``NĂM
    2024 (so với năm 2023)`` is the year's), a plan's, a registration's, a proposal's, a
    target's or last year's words in its name (``_PLAN_NAMED``: ``B01 KH2024``, ``B02_KH``),
    a title naming part of the year or the communes before the reorganisation
    (``titles.title_of_another_period``), or, for a list (``_LISTS``), a plan's, a
    registration's, a proposal's, a target's, last year's or a self-assessment's words in
    its title lines. (A B04's plan is its own columns, and its title names it.) A B05 of the
    district criteria of a level above NTM (``_higher_level_criteria``)."""
    year = ctx.year
    if (named := _named_another(grid, code, year)) is not None:
        return named
    if code == "B05" and (higher := _higher_level_criteria(grid, ctx)) is not None:
        return "another list", higher
    if (titled := title_of_another_period(grid)) is not None:
        line, why = titled
        return "another period", f"its title '{line.text}' ({line.where}) names {why}"
    lines = title_lines(grid)
    for line in lines if code in _LISTS else ():
        if _titled_plan(line.text):
            return "another list", f"its title '{line.text}' ({line.where}) {_OTHER_LIST}"
    if code in _MONEY_PLANNED and (line := _titled_only_plan(grid, lines)) is not None:
        return "another list", (f"its title '{line.text}' ({line.where}) names a plan, and "
                                "neither its titles nor its header name what was done")
    titled = title_years(lines)
    if titled and year not in titled:
        line = next(iter(titled.values()))
        return "another year's copy", (
            f"its title '{line.text}' ({line.where}) names "
            f"{', '.join(str(y) for y in titled)}, not the reporting year {year}")
    return None


def _named_another(grid: Grid, code: str, year: int) -> tuple[str, str] | None:
    """What a sheet's name alone says that makes it another list than the year's results
    (``_another_list``): another year (``B01_2022``), or a plan's, a registration's, a
    proposal's, a target's or last year's words (``_PLAN_NAMED``: ``B01 KH2024``, ``B02_KH``).
    """
    if not _names_year(grid.name, year):
        return "another year's copy", (
            f"its name names {', '.join(_NAMED_YEAR.findall(grid.name))}, not the reporting "
            f"year {year}")
    # A name is a code run together (``B01 KH2024``, ``B01ĐK``): its header words part letters
    # from digits and spell ``KH`` out. A title's are prose, where ``KH`` is a cited text's.
    words = header_words(grid.name)
    plan = _NAMED_PLAN.search(words) or _SHORT_PLAN.search(words)
    if code in _PLAN_NAMED and plan:
        return "another list", f"its name reads '{plan.group(0)}': it {_OTHER_LIST}"
    if code == "B05" and (higher := _HIGHER_NAMED.search(words.replace(" ", ""))) is not None:
        return "another list", (f"its name reads '{higher.group(0)}': it holds the district "
                                f"criteria of a level above NTM, {_NOT_NTM}")
    return None


# A B05 named for the district criteria of a level above NTM (``B05_TieuChiHuyenNTMNangCao``,
# ``B05 nâng cao``, ``B05_NTMKM``): the name's header words run together.
_HIGHER_NAMED = re.compile(r"nangcao|kieumau|ntmnc|ntmkm")
_NOT_NTM = "not the NTM district criteria B05 holds"


def _higher_level_criteria(grid: Grid, ctx: Context) -> str | None:
    """What says a B05 holds the district's assessment against the criteria of a level above
    NTM (``vocabulary.higher_level_set``: the advanced or the model district's, nine criteria
    named as the NTM district's are), or None: a title line naming that set (``KẾT QUẢ THỰC
    HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NÂNG CAO``), a heading over all the criteria naming it
    or the level alone (``TIÊU CHÍ HUYỆN NTM NÂNG CAO``, ``II. HUYỆN NTM NÂNG CAO``), or the
    result column's header naming the level (``Kết quả (theo Bộ tiêu chí huyện NTM nâng
    cao)``, ``Đạt chuẩn NTM nâng cao``; without a result column, any header cell the
    template does not know). Read, its marks were stored as the NTM criteria's. A title
    naming the NTM set as well (Decision 320/QĐ-TTg cited by its title), or the level as a
    status sought (``phấn đấu đạt chuẩn huyện NTM nâng cao``), says nothing of the kind."""
    for line in title_lines(grid):
        if (found := higher_level_set(header_words(line.text))) is not None:
            return f"its title '{line.text}' ({line.where}) names '{found}', {_NOT_NTM}"
    # Each test below needs a level above NTM named in some cell: without one anywhere, the
    # sheet's layout is not looked for a second time (it is, when the sheet is read).
    if higher_level(" ".join(header_words(c) for row in grid.rows for c in row
                             if type(c) is str)) is None:
        return None
    layout = find_layout(grid, template.SHEETS["B05"], ctx)
    if not layout.found:
        return None
    first = min(layout.data, default=len(grid.rows))
    for i in range((layout.bottom or 0) + 1, first):
        if layout.data and another_set_heading(grid.rows[i]) is not None:
            continue  # over a block set aside beside the NTM criteria's (``layout``)
        for j, cell in enumerate(grid.rows[i]):
            if type(cell) is str and (found := higher_level_set(
                    header_words(cell), heading=True)) is not None:
                return (f"its heading '{nfc(cell).strip()}' ({grid.name} {column_letter(j)}"
                        f"{i + 1}) over the criteria names '{found}', {_NOT_NTM}")
    met = layout.columns.get("met")
    mapped = layout.mapped()
    headers = ([(met.index, met.header)] if met is not None else
               [(j, text) for j, text in sorted(layout.headers.items()) if j not in mapped])
    which = "its result column's header" if met is not None else "its header"
    for j, text in headers:
        if (found := higher_level(header_words(text))) is not None:
            return (f"{which} {column_letter(j)} ('{text}', row {layout.header_row}) names "
                    f"'{found}', {_NOT_NTM}")
    return None


@lru_cache(maxsize=1 << 16)  # a year's workbooks repeat their titles
def _titled_plan(text: str) -> bool:
    """Whether a title line names a plan, a registration, a proposal, a target, last year or
    the communes' self-assessment, a plan cited as a text or carried out aside
    (``_CITED_PLAN``)."""
    return _NAMED_PLAN.search(_CITED_PLAN.sub(" ", " ".join(folded_words(text)))) is not None


# B02's money titled only as a plan (``KẾ HOẠCH HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NTM NĂM 2024``): the
# money an office planned to mobilize, sent in place of what it mobilized. Its titles often
# name both (``KẾ HOẠCH VÀ KẾT QUẢ HUY ĐỘNG VỐN``, ``TÌNH HÌNH THỰC HIỆN KẾ HOẠCH``), or its
# table gives the plan beside what was done (``Kế hoạch | Thực hiện``): then the sheet holds
# the year's money. B06 is left out: ``chỉ tiêu`` there names its indicators, not a target.
_MONEY_PLANNED = frozenset({"B02"})
_DONE_WORDS = re.compile(r"\b(?:ket qua|thuc hien|tinh hinh|da huy dong|huy dong duoc|da dat"
                         r"|uoc dat)\b")
# Rows under the titles where a header naming what was done is looked for.
_HEADER_ROWS = 4


def _titled_only_plan(grid: Grid, lines: tuple[TitleLine, ...]) -> TitleLine | None:
    """The title line naming a plan when no title line, and no cell of the header rows under
    them, names what was done; else None."""
    plan = next((line for line in lines if _titled_plan(line.text)), None)
    if plan is None or any(_DONE_WORDS.search(header_words(line.text)) for line in lines):
        return None
    top = max((line.row for line in lines), default=0)
    for row in grid.rows[top:top + _HEADER_ROWS]:
        if any(type(c) is str and _DONE_WORDS.search(header_words(c)) for c in row):
            return None
    return plan


def _names_year(name: str, year: int) -> bool:
    """Whether a sheet's name names the reporting year or no year: ``B01 2024`` or ``B01
    (2021-2025)`` in a 2024 report does, ``B01_2023`` does not."""
    named = {int(y) for y in _NAMED_YEAR.findall(name)}
    spans = [(int(a), int(b)) for a, b in _NAMED_PERIOD.findall(name)]
    return not named or year in named or any(a <= year <= b for a, b in spans)


_OTHER_LIST = ("names a plan, a registration, a proposal, a target, last year or the communes' "
               "self-assessment, not the year's results")


def _this_years(batch: Batch, index: int, code: str, grids: list[Grid], ctx: Context
                ) -> list[Grid]:
    """The sheets for one template sheet that may hold the reporting year's figures. A sheet whose
    name or title names another year than the reporting year (``B01_2022``, last year's sheet
    kept in the workbook; ``B02`` titled ``… NĂM 2023`` in a 2024 report), or a plan, a
    registration, a proposal, a target, last year or the communes' self-assessment (``B01 đăng
    ký``, ``B02_KH``, ``DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM 2024``), or whose title names
    part of the year or the communes before the reorganisation (``… ĐẾN 30/6/2025 (TRƯỚC SẮP
    XẾP)``), or a B05 of the district criteria of a level above NTM (``_another_list``) is
    not read as the year's: beside a sheet naming the reporting
    year or nothing of the kind, it is set aside with an info, its cells kept; with none such
    (the year's sheet never added, last year's or the plan left alone), it is refused with an
    error naming what says so, its cells kept, the code unusable. Before, a sheet alone (or all
    of a code's sheets so named) was read as the year's, its figures stored as the year's
    without a flag."""
    why = {id(g): _another_list(g, code, ctx) for g in grids}
    kept = [g for g in grids if why[id(g)] is None]
    for grid in grids:
        if why[id(grid)] is None:
            continue
        kind, said = why[id(grid)]
        if kept:
            _not_read(batch, index, grid, code, "info", kind,
                      f"{grid.name}: {kind} of {code} ({said}) "
                      f"beside {', '.join(repr(g.name) for g in kept)}; it is not read, its "
                      "cells are kept")
            continue
        _not_read(batch, index, grid, code, "error", kind,
                  f"{grid.name}: {kind} of {code} ({said}), and no sheet of the file is "
                  f"the reporting year's {code}; it is not read as the year's, its cells are "
                  f"kept. Add the year's {code}, or correct the sheet's name or title if it "
                  "holds the year's figures, and send the file again")
    return kept


def _hidden_copies(batch: Batch, index: int, code: str, grids: list[Grid],
                   layouts: list[Layout]) -> tuple[list[Grid], list[Layout]]:
    """A hidden sheet of a list beside a visible one (``workbook.LIST_CODES``) is an old
    copy nobody sees (HIDDEN_SHEET info, its cells kept), unless it lists rows no visible
    sheet lists, under the same kind of header: then it is a part of the list hidden from
    view, read with the others like a hidden row (HIDDEN_SHEET warning). Before, such a
    sheet was passed over with an info, its communes and cells lost."""
    if not any(g.hidden for g in grids) or all(g.hidden for g in grids):
        return grids, layouts
    shown = [(g, la) for g, la in zip(grids, layouts, strict=True) if not g.hidden]
    keys = set().union(*(_keys(code, la, g) for g, la in shown))
    kinds = {_header_kind(la) for _, la in shown if la.usable}
    kept = list(shown)
    for grid, layout in zip(grids, layouts, strict=True):
        if not grid.hidden:
            continue
        mine = _keys(code, layout, grid)
        if layout.usable and mine and not mine & keys and {_header_kind(layout)} == kinds:
            batch.flag(index, "HIDDEN_SHEET", "warning",
                       f"the hidden sheet '{grid.name}' lists rows of {code} that no visible "
                       "sheet lists: it is read like the sheets shown, as a part of the "
                       "list; check that it belongs to the report", sheet=grid.name)
            kept.append((grid, layout))
            continue
        batch.flag(index, "HIDDEN_SHEET", "info",
                   f"the hidden sheet '{grid.name}' is another {code} beside a visible one; "
                   "the visible sheet is read, the hidden one is not (its cells are kept)",
                   sheet=grid.name)
        batch.add_unreadable(index, grid)
    order = {id(g): k for k, g in enumerate(grids)}
    kept.sort(key=lambda pair: order[id(pair[0])])
    return [g for g, _ in kept], [la for _, la in kept]


# A sheet kept as an old copy, by its name: `B01 (cũ)`, `B01 - bản cũ`, `B01_old`,
# `B01_TieuChiXa_cu` (`cu` without its accent only as the last word: `Củ Chi`, `Cù Lao
# Dung` are districts).
_OLD_WORDS = frozenset({"cũ", "old", "backup"})


def _named_old(grid: Grid) -> bool:
    words = [w for w in re.split(r"[\W_]+", nfc(grid.name).lower()) if w]
    return bool(_OLD_WORDS.intersection(words)) or (len(words) > 1 and words[-1] == "cu")


# Words of a sheet's name that name no place: its code, the form's words, an old copy's.
_NO_PLACE = re.compile(r"(?:b|bm|bieu|mau|so)*0?[1-6]|bieu|mau|so|ban|cu|old|backup|sao|luu")


def _names_more(grid: Grid, current: list[Grid]) -> bool:
    """Whether an old copy's name names more than its code and the current sheets' names
    (a former district, `B01 (huyện Cao Lộc cũ)`), or nothing else (`B01 (cũ)`, `B01 - bản
    cũ`, `B01_TieuChiXa_cu` beside `B01_TieuChiXa`)."""
    def words(name: str) -> set[str]:
        return {w for w in re.split(r"[\W_]+", fold(name)) if w}

    known = set().union(*(words(g.name) for g in current))
    return any(not _NO_PLACE.fullmatch(w) for w in words(grid.name) - known)


def _current_copies(batch: Batch, index: int, code: str, grids: list[Grid],
                    layouts: list[Layout]) -> tuple[list[Grid], list[Layout]]:
    """Of several sheets for one template sheet, those named as an old copy (``B01 (cũ)``,
    ``B01 - bản cũ``, ``B01_old``) beside a sheet that is not are set aside with an info,
    their cells kept: a person reads the current one, whatever the copy lists (the communes
    before a merger, other codes). For a list (B01's communes, B03's products), a sheet
    whose name also names a place (``B01 (huyện Cao Lộc cũ)``, a former district) is an old
    copy only when it lists some of the current sheets' rows; listing none, it is a part of
    the list. Before, the copy and the current sheet were both refused."""
    old = [_named_old(g) for g in grids]
    if all(old) or not any(old):
        return grids, layouts
    current = [g for g, o in zip(grids, old, strict=True) if not o]
    keys = set().union(*(_keys(code, la, g) for g, la, o in zip(grids, layouts, old,
                                                                strict=True) if not o))
    kept: list[tuple[Grid, Layout]] = []
    for grid, layout, is_old in zip(grids, layouts, old, strict=True):
        if not is_old or (code in _LISTS and _names_more(grid, current)
                          and not keys & _keys(code, layout, grid)):
            kept.append((grid, layout))
            continue
        names = ", ".join(f"'{g.name}'" for g, o in zip(grids, old, strict=True) if not o)
        _not_read(batch, index, grid, code, "info", "an old copy",
                  f"{grid.name}: an old copy of {code} (so its name says) beside {names}, "
                  "which is read; it is not read, its cells are kept")
    return [g for g, _ in kept], [la for _, la in kept]


def _identical_copies(batch: Batch, index: int, code: str, grids: list[Grid],
                      layouts: list[Layout]) -> tuple[list[Grid], list[Layout]]:
    """A sheet whose every cell, merge and number format is the same as an earlier sheet's
    of its code (``B01_TieuChiXa (2)``, the copy Excel makes, left as it was) says nothing
    the first does not: the first is read, the copy is named with an info and its cells are
    kept. Before, both were refused as two sheets of which the one holding the figures cannot
    be told. A copy differing in any cell, even a mark spelt otherwise, still is."""
    kept: list[tuple[Grid, Layout]] = []
    for grid, layout in zip(grids, layouts, strict=True):
        first = next((g for g, _ in kept if _same_cells(g, grid)), None)
        if first is None:
            kept.append((grid, layout))
            continue
        _not_read(batch, index, grid, code, "info", "an identical copy",
                  f"{grid.name}: an identical copy of '{first.name}' (every cell the same); "
                  f"{code} is read once, from '{first.name}', and the copy's cells are kept")
    return [g for g, _ in kept], [la for _, la in kept]


def _same_cells(a: Grid, b: Grid) -> bool:
    """The same sheet to a person: cells (trailing blanks aside), merges, percent formats and
    hidden rows and columns."""
    def rows(grid: Grid) -> list[list[object]]:
        cut = [row[:max((j + 1 for j, v in enumerate(row) if not is_blank(v)), default=0)]
               for row in grid.rows]
        while cut and not cut[-1]:
            cut.pop()
        return cut

    return (a.merges == b.merges and a.percent == b.percent and a.hidden == b.hidden
            and a.hidden_rows == b.hidden_rows and a.hidden_columns == b.hidden_columns
            and a.struck == b.struck
            and rows(a) == rows(b))


# Sheets listing units or products one per row (B01's communes, B03's products): a list split
# over several sheets (one per former district or cluster, or continued on a second sheet)
# is one list to a person.
_LISTS = frozenset({"B01", "B03"})
# The columns that tell a row of such a list from another: a commune by its code (else its
# name); a product by its name, its producer, its commune and its date.
_KEY_FIELDS = {"B01": (("commune_code",), ("commune_name",)),
               "B03": (("product_name", "producer", "commune_code", "recognized_on"),)}


def _key_text(cell: object) -> str:
    text = cell_text(cell)
    if re.fullmatch(r"[0-9]{1,5}", text):
        return text.zfill(5)
    return fold(text)


def _row_keys(code: str, layout: Layout, grid: Grid) -> list[tuple[int, tuple[str, ...] | None]]:
    """Each data row (0-based) and the key telling it from the list's other rows, or None
    when the row gives none."""
    for fields in _KEY_FIELDS.get(code, ()):
        columns = [layout.columns[f].index for f in fields if f in layout.columns]
        if not columns or fields[0] not in layout.columns:
            continue
        out: list[tuple[int, tuple[str, ...] | None]] = []
        for i in layout.data:
            row = grid.rows[i]
            key = tuple(_key_text(row[j]) if j < len(row) else "" for j in columns)
            out.append((i, key if key[0] else None))
        return out
    return [(i, None) for i in layout.data]


def _keys(code: str, layout: Layout, grid: Grid) -> set[tuple[str, ...]]:
    return {k for _, k in _row_keys(code, layout, grid) if k is not None}


def _header_kind(layout: Layout) -> tuple:
    """What a sheet's header reads: its fields (but its numbering and its remarks), its
    criteria, and how its ratings or criteria are laid out."""
    return (frozenset(layout.columns) - {"stt", "note"}, frozenset(layout.criteria),
            layout.listed, frozenset(layout.star_levels), bool(layout.across),
            bool(layout.mark_rows))


def _parts(code: str, filled: list[tuple[Grid, Layout]]
           ) -> dict[tuple[str, ...], list[tuple[int, int]]] | None:
    """The rows of a list split over several sheets, by key: (sheet's position, 0-based row)
    of each; None when the sheets are not parts of one list: a sheet that is not a list's,
    or is not usable, headers of different kinds, a sheet listing nothing, or listing only
    rows another sheet lists too (a copy: which one holds the figures cannot be told)."""
    if code not in _LISTS:
        return None
    layouts = [la for _, la in filled]
    if not all(la.usable and la.data for la in layouts):
        return None
    if len({_header_kind(la) for la in layouts}) != 1:
        return None
    rows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    sets = []
    for k, (grid, layout) in enumerate(filled):
        keys = _row_keys(code, layout, grid)
        sets.append({key for _, key in keys if key is not None})
        for i, key in keys:
            if key is not None:
                rows.setdefault(key, []).append((k, i))
    for a, mine in enumerate(sets):
        if not mine or any(mine <= other for b, other in enumerate(sets) if b != a):
            return None
    return rows


def _read_parts(batch: Batch, index: int, code: str, filled: list[tuple[Grid, Layout]],
                rows: dict[tuple[str, ...], list[tuple[int, int]]]) -> None:
    """A list split over several sheets with the same header, each listing rows the others
    do not (``B01_LocBinh``, ``B01 (Cao Lộc)``; ``B01 (1)``, ``B01 (2)``), is read whole,
    every sheet's rows under its own name, with an info naming the sheets. A row listed in
    two sheets is read once when its figures agree (the later ones kept as notes); when they
    do not, none of its rows is read, each an UNPARSEABLE_VALUE error naming the others.
    Before, every sheet was refused as one of two sheets for the code."""
    names = ", ".join(f"'{g.name}'" for g, _ in filled)
    set_aside: dict[int, set[int]] = {}
    for key, where in rows.items():
        sheets = {k for k, _ in where}
        if len(sheets) < 2:  # listed twice in one sheet: read as in a sheet alone
            continue
        seen = [(filled[k][0], filled[k][1], i) for k, i in where]
        figures = {_figures(grid, layout, i) for grid, layout, i in seen}
        at = "; ".join(f"'{g.name}' row {i + 1}" for g, _, i in seen)
        what = "commune" if code == "B01" else "product"
        if len(figures) == 1:
            for grid, _, i in seen[1:]:
                batch.flag(index, "SHEET_LAYOUT", "info",
                           f"{grid.name} row {i + 1}: the {what} {' '.join(key)} is listed "
                           f"again ({at}) with the same figures; it is read once, from "
                           f"'{seen[0][0].name}' row {seen[0][2] + 1}", sheet=grid.name,
                           row=i + 1)
            chosen = [(k, i) for k, i in where if k != where[0][0]]
        else:
            for grid, _, i in seen:
                batch.flag(index, "UNPARSEABLE_VALUE", "error",
                           f"{grid.name} row {i + 1}: the {what} {' '.join(key)} is listed in "
                           f"{len(sheets)} sheets of {code} with different figures ({at}); "
                           "which row holds its figures cannot be told, so none is read",
                           sheet=grid.name, row=i + 1)
            chosen = where
        for k, i in chosen:
            set_aside.setdefault(k, set()).add(i)
    for k, (grid, layout) in enumerate(filled):
        batch.flag(index, "SHEET_LAYOUT", "info",
                   f"{grid.name}: one of {len(filled)} sheets of {code} with the same header "
                   f"({names}), each listing other rows: read together as one list",
                   sheet=grid.name, row=layout.header_row)
        out = set_aside.get(k, set())
        if out:
            layout.data = [i for i in layout.data if i not in out]
            for i in sorted(out):
                _keep_row(batch, index, grid, i)
        _read_sheet(batch, index, grid, layout)


def _figures(grid: Grid, layout: Layout, i: int) -> tuple[str, ...]:
    """What a row of a list says, but its texts (its numbering, names as each sheet spells
    them, remarks): the cells of its figures, marks, years, ratings and dates."""
    row = grid.rows[i]
    texts = {f.name for f in layout.spec.fields if f.kind == template.TEXT}
    columns = [c.index for name, c in sorted(layout.columns.items()) if name not in texts]
    columns += [c.index for _, c in sorted(layout.criteria.items())]
    return tuple(cell_text(row[j]) if j < len(row) else "" for j in columns)


def _keep_row(batch: Batch, index: int, grid: Grid, i: int) -> None:
    for j, value in enumerate(grid.rows[i]):
        if not is_blank(value):
            batch.record("unmapped_cells", index, {
                "sheet": grid.name, "row_number": i + 1, "column_name": column_letter(j),
                "column_header": None, "row_kind": "note", "value": nfc(cell_text(value))})


def _no_figures(grid: Grid, layout: Layout) -> bool:
    """No number but 0 under the header (a blank form's totals are formulas that give 0)."""
    return not any(type(v) in (int, float) and v != 0
                   for row in grid.rows[(layout.bottom or 0) + 1:] for v in row)


def _ambiguous(batch: Batch, index: int, code: str, grids: list[Grid]) -> None:
    """Two visible sheets claim one template sheet: which holds the figures cannot be told,
    so neither is read, and both are kept."""
    names = ", ".join(f"'{g.name}'" for g in grids)
    for grid in grids:
        _not_read(batch, index, grid, code, "error", f"one sheet {code}",
                  f"{grid.name}: {len(grids)} sheets are {code} ({names}); none of them is "
                  "read, since which one holds the figures cannot be told. Delete or rename "
                  "the extra sheet and send the file again")


def _not_read(batch: Batch, index: int, grid: Grid, code: str, severity: str, why: str,
              message: str) -> None:
    """A sheet of a template code that is not read, beside others of that code or alone as
    another year's or a plan: said, its cells kept, and recorded as unusable with ``why``
    (``raw.sheets.missing``)."""
    batch.flag(index, "SHEET_LAYOUT", severity, message, sheet=grid.name)
    batch.add_unreadable(index, grid)
    batch.record("sheets", index, {"sheet": grid.name, "sheet_code": code,
                                   "status": "unusable", "missing": why, "data_rows": 0})


def _read_sheet(batch: Batch, index: int, grid: Grid, layout: Layout) -> None:
    for p in layout.problems:
        batch.flag(index, p.code, p.severity, p.message, sheet=grid.name, row=p.row,
                   column=p.column, raw_value=p.raw_value)
    found = ", ".join(f"{name} = {c.label}" for name, c in layout.columns.items())
    if layout.criteria:
        found += f"{', ' if found else ''}{len(layout.criteria)} criterion columns"
    if layout.star_levels:
        found += f"{', ' if found else ''}stars by rating = {layout.levels_label}"
    if layout.mark_rows:
        found += (f"{', ' if found else ''}criteria across = "
                  + ", ".join(f"{c.source} = {c.label}" for c in layout.across))
    elif layout.across:
        found += (f"{', ' if found else ''}sources across = "
                  + ", ".join(f"{c.source or 'group'} = {c.label}" for c in layout.across))
    status = {"sheet": grid.name, "sheet_code": layout.spec.code, "row_number": layout.header_row,
              "columns": found or None, "missing": "; ".join(layout.missing) or None}
    if layout.usable:
        _struck_rows(batch, index, grid, layout)
        _hidden_columns_read(batch, index, grid, layout)
        _hidden_data_rows(batch, index, grid, layout)
        batch.add_sheet(index, grid, layout)
        batch.record("sheets", index, {**status, "status": "read",
                                       "data_rows": len(layout.data)})
        return
    batch.flag(index, "SHEET_LAYOUT", "error", _unusable_message(grid, layout),
               sheet=grid.name, row=layout.header_row)
    batch.add_unreadable(index, grid)
    batch.record("sheets", index, {**status, "status": "unusable", "data_rows": 0})


def _struck_rows(batch: Batch, index: int, grid: Grid, layout: Layout) -> None:
    """A data row with a filled cell struck through (the whole cell's font) is one an office
    took out of the table without deleting it, so that the reader sees what changed (a
    product whose certificate was withdrawn, a commune merged away, a source counted twice):
    a person reads it as out of the report. It is not read, its cells are kept as notes,
    with a warning at the row naming the struck cells. Before, it was read like any other
    row: a withdrawn 4-star product counted among the district's, without a flag. Struck
    titles, headers and blank cells take nothing out."""
    if not grid.struck:
        return
    by_row: dict[int, list[int]] = {}
    for r, j in grid.struck:
        by_row.setdefault(r, []).append(j)
    out: list[tuple[int, list[str]]] = []
    for i in layout.data:
        row = grid.rows[i]
        cells = sorted(j for j in by_row.get(i, ()) if j < len(row) and not is_blank(row[j]))
        if cells:
            out.append((i, [f"{column_letter(j)}{i + 1} '{cell_text(row[j])}'"
                            for j in cells]))
    if not out:
        return
    taken = {i for i, _ in out}
    layout.data = [i for i in layout.data if i not in taken]
    for i, cells in out:
        shown = ", ".join(cells[:4]) + (f" and {len(cells) - 4} more" if len(cells) > 4
                                       else "")
        batch.flag(index, "UNPARSEABLE_VALUE", "warning",
                   f"{grid.name} row {i + 1} is struck through ({shown}): a row taken out of "
                   "the table; it is not read, its cells are kept. Delete the row, or remove "
                   "the strikethrough if it belongs to the report",
                   sheet=grid.name, row=i + 1)
        _keep_row(batch, index, grid, i)


def _hidden_columns_read(batch: Batch, index: int, grid: Grid, layout: Layout) -> None:
    """A hidden column that no shown column repeats is read (offices hide the code column
    for printing), and named, as a person reading the sheet does not see it."""
    if not grid.hidden_columns:
        return
    for column in sorted(layout.mapped().values(), key=lambda c: c.index):
        if column.index in grid.hidden_columns:
            batch.flag(index, "HIDDEN_COLUMN", "warning",
                       f"{grid.name}: column {column.label} is hidden in the workbook; it is "
                       "read like the columns shown: check that it belongs to the report",
                       sheet=grid.name, row=layout.header_row, column=column.label)


def _hidden_data_rows(batch: Batch, index: int, grid: Grid, layout: Layout) -> None:
    """A hidden row is read like the rows shown, since a filter hides rows too (showing
    only the communes that met a criterion, say) and its figures are the report's; but a
    person reading the sheet does not see it, so it is named."""
    if not grid.hidden_rows:
        return
    for i in layout.data:
        if i in grid.hidden_rows:
            batch.flag(index, "HIDDEN_ROW", "warning",
                       f"{grid.name} row {i + 1} is hidden in the workbook; it is read as data "
                       "like the rows shown: check that it belongs to the report",
                       sheet=grid.name, row=i + 1)


def _unusable_message(grid: Grid, layout: Layout) -> str:
    """Why a sheet was not read, with what was seen, so that a person can fix the header or
    add its words to the vocabulary file."""
    anchor = layout.spec.get(layout.spec.key)
    if not layout.found:
        what = (f"no header row with a '{anchor.title}' cell (or another header meaning "
                f"'{anchor.name}') was found")
    else:
        what = (f"the header (row {layout.header_row}) lacks "
                + "; ".join(layout.missing))
        found = [f"{name} = {c.label}" for name, c in layout.columns.items()]
        if layout.criteria:
            found.append(f"{len(layout.criteria)} criterion columns "
                         f"({', '.join(map(str, sorted(layout.criteria)))})")
        what += f". Columns found: {', '.join(found) or 'none'}"
        what += f". Header cells seen: {', '.join(layout.seen) or 'none'}"
    if layout.criteria_down:
        what += f". It seems laid out across: {layout.criteria_down}"
    return (f"{grid.name}: the sheet was not read ({what}). None of its figures reach the "
            "marts; its cells are kept in raw.unmapped_cells. If a header means a missing "
            f"column, add it to {VOCABULARY_HINT}")


@dataclass
class _LegacySheet:
    """A sheet typed, whole or in a few cells, in a legacy encoding its workbook is not in."""

    sheet: str
    encoding: str
    whole: bool
    cells: list[tuple[int, int, str, str]]  # 0-based row and column, text as typed, as read
    rest: str = "Unicode"  # what the rest of the workbook is typed in


def _convert_legacy(grids: Workbook, shared_text: str | None = None
                    ) -> tuple[str | None, list[_LegacySheet]]:
    """Legacy TCVN3/VNI text would never match a header or a name, so it is converted before
    anything is read: the whole file's encoding when detection over all its text cells finds
    one, else the sheets (or the cells) of a Unicode workbook typed in a legacy font.

    Almost every workbook is Unicode: one search over its texts (its shared strings, which
    hold the same texts, or its cells) finds no legacy character, and nothing else is done."""
    if shared_text is not None and not may_be_legacy(shared_text):
        return None, []
    texts = [c for g in grids.all_grids() for row in g.rows for c in row if type(c) is str and c]
    if shared_text is None and not may_be_legacy(
            "\n".join(dict.fromkeys(t for t in texts if not t.isascii()))):
        return None, []
    encoding = detect_legacy(texts)
    if encoding is None:
        return None, [found for grid in grids.all_grids()
                      if (found := _convert_legacy_sheet(grid)) is not None]
    others = []
    for grid in grids.all_grids():
        # A sheet copied from another office's file may be in the other legacy encoding.
        own = detect_legacy(c for row in grid.rows for c in row if type(c) is str and c)
        if own not in (None, encoding):
            others.append(_LegacySheet(grid.name, own, True, _decode_sheet(grid, own),
                                       rest=encoding.upper()))
            continue
        # decode_cells leaves cells that are already Unicode Vietnamese alone (a Unicode
        # template with legacy names pasted in is common).
        grid.rows = [list(decode_cells(row, encoding)) for row in grid.rows]
    return encoding, others


def _decode_sheet(grid: Grid, encoding: str) -> list[tuple[int, int, str, str]]:
    """Decode a legacy sheet as a legacy workbook is decoded, row by row; the cells changed."""
    changed = []
    for r, row in enumerate(grid.rows):
        decoded = decode_cells(row, encoding)
        changed += [(r, c, old, new) for c, (old, new) in enumerate(zip(row, decoded, strict=True))
                    if type(old) is str and old != new]
        grid.rows[r] = decoded
    return changed


def _convert_legacy_sheet(grid: Grid) -> _LegacySheet | None:
    """One sheet of a Unicode workbook typed in a legacy font: decoded as a legacy workbook
    is when its own text is legacy enough to tell (a sheet copied from an old file), else
    the cells that hold unmistakable legacy words (``legacy.legacy_cells``)."""
    texts = [c for row in grid.rows for c in row if type(c) is str and c]
    if (encoding := detect_legacy(texts)) is not None:
        changed = _decode_sheet(grid, encoding)
        return _LegacySheet(grid.name, encoding, True, changed) if changed else None
    if (found := legacy_cells(texts)) is None:
        return None
    encoding, readings = found
    cells = []
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            if type(cell) is str and cell in readings:
                cells.append((r, c, cell, readings[cell]))
                row[c] = readings[cell]
    return _LegacySheet(grid.name, encoding, False, cells)


def _flag_legacy_sheet(batch: Batch, index: int, found: _LegacySheet) -> None:
    """LEGACY_ENCODING for a sheet of a Unicode workbook typed in a legacy font, naming the
    cells converted and what they read as, so the reading can be checked."""
    encoding = found.encoding.upper()
    r, c, typed, read = found.cells[0]
    if found.whole:
        what = (f"{found.sheet}: the sheet was typed in the legacy {encoding} encoding (the "
                f"rest of the workbook in {found.rest}) and was converted to Unicode ("
                f"{column_letter(c)}{r + 1} '{typed}' is read as '{read}'); check unit and "
                "product names")
        batch.flag(index, "LEGACY_ENCODING", "warning", what, sheet=found.sheet)
        return
    if len(found.cells) == 1:
        what = (f"{found.sheet} row {r + 1}, column {column_letter(c)}: '{typed}' was typed in "
                f"the legacy {encoding} encoding in a Unicode workbook and is read as "
                f"'{read}'")
        batch.flag(index, "LEGACY_ENCODING", "warning", what, sheet=found.sheet, row=r + 1,
                   column=column_letter(c), raw_value=typed)
        return
    named = [f"{column_letter(c)}{r + 1}" for r, c, _, _ in found.cells]
    more = f" and {len(named) - 10} more" if len(named) > 10 else ""
    what = (f"{found.sheet}: cells {', '.join(named[:10])}{more} were typed in the legacy "
            f"{encoding} encoding in a Unicode workbook and were converted to Unicode "
            f"({named[0]} '{typed}' is read as '{read}'); check unit and product names")
    batch.flag(index, "LEGACY_ENCODING", "warning", what, sheet=found.sheet)


def _record_thongtin(batch: Batch, index: int, grid: Grid, identity: Identity) -> None:
    for pair in identity.pairs:
        batch.record("thongtin", index, {
            "sheet": grid.name, "row_number": pair["row_number"], "key": pair["key"],
            "field": pair["field"],
            "value_text": None if pair["value"] is None else cell_text(pair["value"]),
        })
    for problem in identity.problems:
        batch.flag(index, problem.get("code", "UNPARSEABLE_VALUE"),
                   problem.get("severity",
                               "error" if problem["key"] == "signed_on" else "warning"),
                   f"ThongTin: {problem['message']}", sheet=problem.get("sheet", grid.name),
                   row=problem["row_number"],
                   column=column_letter(problem["column"]) if "column" in problem else "B",
                   raw_value=problem["raw_value"])
