"""Gather the cells of laid-out sheets into raw-table columns, then read them all at once.

A batch collects, across many sheets and files, each raw table's cells column by column (a
slice of the sheet per column, no per-cell work) with their lineage, and reads every column in
one pass at the end (``columns.py``). Per-cell Python runs only where a person's reading needs
it: totals and notes (a few rows), and the cells the column rules could not decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import polars as pl

from pipelines.ingest import seeds
from pipelines.ingest import template as t
from pipelines.ingest.columns import Parsed, cell_parser, parse_column, typed_text
from pipelines.ingest.funding import a_part as _a_part
from pipelines.ingest.funding import (
    funding_by_name,
    names_a_group,
    part_named,
    sources_included,
)
from pipelines.ingest.indicator_names import (
    heading_narrows,
    indicator_by_name,
    names_a_change,
    names_another_indicator,
    names_another_whole,
    template_codes,
)
from pipelines.ingest.layout import (
    GAINED,
    LOST,
    TO_RAISE,
    YEAR_MET,
    Column,
    Layout,
    TableUnit,
    is_running_total,
    names_a_period,
    other_time,
    rating_level,
    reached_in_the_year,
)
from pipelines.ingest.text import fold, is_total_label, nfc
from pipelines.ingest.unit_names import (
    commune_key,
    commune_name,
    commune_of_address,
    commune_place,
    communes_named,
    district_name_of,
    legacy_misreading,
)
from pipelines.ingest.values import (
    OCOP_STARS,
    PRODUCT_GROUPS,
    STATUS_LEVEL_WORDS,
    CellError,
    amount_with_unit,
    b04_unit_in_name,
    cell_text,
    count_with_unit,
    counted_unit,
    counts_alike,
    date_with_note,
    english_style,
    figure_in_name,
    folder_month_first,
    footnote_marker,
    footnoted_met,
    footnoted_stars,
    gives_two_dates,
    headed_as_share,
    indicator_unit_factor,
    is_blank,
    is_ditto,
    is_share_unit,
    money_factor,
    month_first_date,
    month_first_said,
    name_periods,
    named_as_share,
    nothing_to_report,
    numeric_date,
    parse_commune_group,
    parse_count,
    parse_criteria_list,
    parse_mark,
    parse_money,
    parse_number,
    parse_product_group,
    parse_year,
    partial_year,
    period_of,
    rate_money_factor,
    rate_with_unit,
    ratings_named,
    read_two_ways,
    stars_off_scale,
    status_mark,
    status_year,
    styles_shown,
    takes_back,
    unit_in_brackets,
    unit_named_in_brackets,
    unit_period,
    validity_end,
    with_period,
    year_with_note,
)
from pipelines.ingest.vocabulary import YEAR_BEFORE, header_words
from pipelines.ingest.workbook import Cell, Grid, column_letter
from pipelines.reporting_years import REFORM_YEAR

Record = dict[str, Any]
# B04's three figures, which a row's unit applies to.
_B04_FIGURES = ("target", "actual", "next_year_target")
# Income per head (triệu đồng/người/năm) no district or province has: the largest in the
# national set is about 150; a figure in đồng or nghìn đồng (52.300.000, 52.300), or in
# nghìn đồng a month (4.500), is far above it.
MAX_INCOME_PER_HEAD = 1_000
# And none has less than this a year: the rural poverty line of 2016-2020 was 8.4 million a
# year, and the poorest district averages several times it. A figure below it (``50`` read
# in nghìn đồng a month is 0.6 million a year) was not typed in that unit.
MIN_INCOME_PER_HEAD = 2
# The figures of B04 and B06 that may be money typed with its unit (``1,2 tỷ``): read by the
# row's indicator (``Batch._money_in_cells``).
_INDICATOR_FIGURES = {"b04_targets": _B04_FIGURES, "b06_aggregates": ("value",)}
# An amount no unit mobilizes in a year, in million VND: 100,000 billion VND, about half of
# what the whole country mobilizes for the programme in a year. A B02 whose unit was only
# assumed (million VND) and that holds such an amount is not in million VND: typed in đồng,
# its 1.200.500.000 would be read as a million times too much.
MAX_ASSUMED_MILLION_VND = 1e8
# The same for a sheet that names its unit (``Giá trị (triệu đồng)``), which is believed ten
# times further: 1,000,000 billion VND. Above it, the figures were typed in a unit a
# thousand or a million times smaller (đồng under ``triệu đồng``, nghìn đồng under ``tỷ
# đồng``).
MAX_NAMED_MILLION_VND = 1e9
# Less than any unit's largest source of a year, in million VND: 100 million VND (the
# smallest such in the national sample is about 12,000 million). A B02 whose header or a
# line above it names đồng (or nghìn đồng) and whose largest amount is below this was typed
# in million VND by habit: its 1.200,5 đồng would be read a million times too small.
MIN_LARGEST_MILLION_VND = 100.0
_LETTERS = [column_letter(j) for j in range(256)]
_LETTER = re.compile(r"[^\W\d_]")
# The row's number typed before a B01 commune's name (``1. Mẫu Sơn``, ``2) Yên Khoái``), set
# aside as the name is looked up downstream (the dbt macro ``commune_name_key``).
_ROW_NUMBER = re.compile(r"^[0-9]{1,3}\s*[.)/:-]\s*")
# A commune's code and its name in one cell: "06532 - Mẫu Sơn", "06532 (Xã Mẫu Sơn)",
# "Mẫu Sơn (06532)", "Xã Mẫu Sơn - 06532".
_CODE_THEN_NAME = re.compile(r"(?P<code>\d{5})\s*(?:[-–—:,/|]\s*|\(\s*)"
                             r"(?P<name>[^()\d]*[^\W\d_][^()\d]*?)\s*\)?")
_NAME_THEN_CODE = re.compile(r"(?P<name>[^()\d]*[^\W\d_][^()\d]*?)\s*"
                             r"(?:[-–—:,/|]\s*|\(\s*)(?P<code>\d{5})\s*\)?")


def _code_with_name(text: str, year: int) -> tuple[str, str | None] | None:
    """A commune's code typed with its name in one cell (``06532 - Mẫu Sơn``, ``Mẫu Sơn
    (06532)``): the code, and None; or the code and an error when the map of ``year`` gives
    that code another name (which commune is meant cannot be told); None for any other text."""
    pair = _CODE_THEN_NAME.fullmatch(text) or _NAME_THEN_CODE.fullmatch(text)
    if pair is None:
        return None
    code, typed = pair["code"], pair["name"]
    known = commune_name(code, year)
    if known is None or commune_key(known) == commune_key(typed):
        return code, None
    return code, (f"'{text}' gives code {code} and the name '{typed}', but {code} is {known} "
                  f"on the map of {year}; which commune is meant cannot be told: type its "
                  "5-digit code alone and send the file again")


# A commune code typed as a number that Excel or the office showed with a thousands separator
# (``6.541``, ``6,541``, ``06.541``): one or two digits, one separator, one group of three.
# A code is never fractional, but a number so written may be a fraction to a person (``6.5``
# is no code, and a dot or a comma is a decimal mark to some); read only when the name
# beside it is the code's commune (``_code_as_thousands``).
_THOUSANDS_CODE = re.compile(r"([0-9]{1,2})[.,]([0-9]{3})")


def _code_as_thousands(text: str, name: Cell, year: int) -> str | None:
    """The commune code a B01 code cell typed in thousands style gives (``6.541`` is 06541),
    when the map of ``year`` has that code and gives it the name typed beside it in the row
    (``Xã Yên Khoái``, with its type or without, its marks or without); None otherwise,
    the code staying unread, as before: a person checks such a number against the commune's
    name before taking it for a code."""
    found = _THOUSANDS_CODE.fullmatch(text)
    if found is None or type(name) is not str or _LETTER.search(name) is None:
        return None
    code = (found.group(1) + found.group(2)).zfill(5)
    known = commune_name(code, year)
    return code if known is not None and commune_key(known) == commune_key(nfc(name)) else None


# The bullet of a part written in a cell of its own (the numbering column, or Mã nguồn):
# a dash, a plus, a dot; a lower-case letter or roman number (``a)``, ``b.``, ``ii)``). A
# sub-number (``2.1``) in the numbering column numbers a part of the row it extends.
_BULLETS = {"-": "-", "–": "-", "—": "-", "‒": "-", "−": "-", "+": "+", "•": "•", "·": "•",
            "*": "*", "o": "o", "○": "o", "◦": "o", "": None}
# A B05 criterion's indicator row (``2.1. Hệ thống giao thông …``, ``- Chỉ tiêu 2.2``), as
# ``template.B05.summary`` knows it, folded.
_INDICATOR_ROW = re.compile(r"[-+•*\s]*(?:(?:tc|tieu chi|chi tieu|h)\s*)?(?:so\s*)?"
                            r"[0-9]{1,2}\.[0-9]{1,2}(?![0-9])")
_LETTER_MARK = re.compile(r"\(?(?:[a-hj-z]|[ivx]{1,4})\s*[).]?")
_SUB_NUMBER = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2})+\.?")
_NUMBERING_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})


def _numbering_column(layout: Layout, mapped: dict[int, Any]) -> int | None:
    """A B02 sheet's numbering column: the nearest column left of the source's name (or of
    its code, without a name column) that is no template column, headed ``STT``/``TT`` or
    not headed at all."""
    named = layout.columns.get("source_name") or layout.columns.get("source_code")
    if named is None:
        return None
    for j in range(named.index - 1, -1, -1):
        if j in mapped:
            continue
        header = header_words(layout.headers.get(j) or "")
        return j if not header or header in _NUMBERING_HEADERS else None
    return None


def _part_mark(cell: Cell, *, numbering: bool) -> Any:
    """The style of a part's bullet a cell holds (``-``, ``a)``, a sub-number's depth), or
    None: its style, not the bullet itself, since parts listed together share it."""
    if type(cell) is not str:
        return None
    text = cell.strip()
    if text in _BULLETS:
        return _BULLETS[text]
    if text != text.lower():
        return None  # `A`, `II`: a group's heading, not a part
    if _LETTER_MARK.fullmatch(text):
        return "a)"
    if numbering and _SUB_NUMBER.fullmatch(text):
        return ("sub", text.rstrip(".").count("."))
    return None


def _owners(table: _Table, names: list[str | None]
            ) -> tuple[list[int | None], list[int]]:
    """For each B02 row marked as a part (a bullet in the numbering column or in Mã nguồn,
    ``Batch.add_sheet``, or before its name), the row it is a part of: the nearest row above
    in its sheet that is marked less deeply (a source's own row has no mark; a sub-part's
    mark is met first under a part's, as an outline nests). None for a row that is no part,
    and when no such row is above: every row of a list bulleted alike is a source of its
    own. With each row's depth (0: no mark)."""
    owners: list[int | None] = []
    depth: dict[Any, int] = {}
    levels: list[int] = []
    start = 0
    for i in range(len(table)):
        if i and (table.files[i], table.sheets[i]) != (table.files[i - 1],
                                                       table.sheets[i - 1]):
            depth, start = {}, i
        mark = _part_mark(table.numbering[i], numbering=True) if table.numbering else None
        if mark is None and _a_part(names[i]):
            mark = _BULLETS.get(fold(names[i] or "").lstrip()[:1]) or "trong do"
        level = 0 if mark is None else depth.setdefault(mark, len(depth) + 1)
        levels.append(level)
        owners.append(next((k for k in range(i - 1, start - 1, -1) if levels[k] < level), None)
                      if level else None)
    return owners, levels


def _siblings(code: str, other: str) -> bool:
    """Whether two source codes are parts of one source (``6.4`` and ``6.3``): after ``6.1``
    … ``6.3`` typed with their codes, ``- Hiện vật, khác`` is the fourth part, listed as its
    siblings are, not a part of the third (which left its money out of the community's)."""
    return "." in code and "." in other and code.split(".")[0] == other.split(".")[0]


def _sums_the_rows_below(i: int, codes: list[str | None], amounts: list[Any],
                        table: _Table, least: int = 2) -> bool:
    """Whether row ``i`` (no source of the template) holds the sum of two or more sources
    listed right under it in its sheet (their parts 6.x left out, as source 6 holds them):
    a group of sources, as offices head ``Vốn ngân sách nhà nước`` over 1 and 2. A row named
    as a group (``Vốn ngoài ngân sách``) may head one source (``least`` 1): the community's
    money alone outside the budget. So does a row closing the sources right above it
    (``1``, ``2``, then ``Vốn ngân sách nhà nước (1+2)``): before, that subtotal was an
    error and the unit's total was not computed."""
    return (_sums_the_rows(i, codes, amounts, table, least, range(i + 1, len(codes)))
            # above, two sources at least: one alike in amount says nothing of a group
            or _sums_the_rows(i, codes, amounts, table, 2, range(i - 1, -1, -1)))


def _sums_the_rows(i: int, codes: list[str | None], amounts: list[Any], table: _Table,
                   least: int, order: range) -> bool:
    total, summed = 0.0, 0
    for k in order:
        if (table.files[k], table.sheets[k]) != (table.files[i], table.sheets[i]):
            break
        code = codes[k]
        if code is None:
            break
        if "." in code:
            continue
        if amounts[k] is not None:
            total += amounts[k]
        summed += 1
        if summed >= least and abs(total - amounts[i]) <= 0.0005 * max(abs(amounts[i]), 1.0):
            return True
    return False


@dataclass
class _Table:
    """One raw table's cells, column by column, before they are read."""

    files: list[int] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    labels: dict[str, list[str | None]] = field(default_factory=dict)
    percent: dict[str, list[bool]] = field(default_factory=dict)
    factors: dict[str, list[float]] = field(default_factory=dict)
    units: dict[str, list[str | None]] = field(default_factory=dict)
    unit_sources: dict[str, list[str | None]] = field(default_factory=dict)  # Column.unit_source
    extra: dict[str, list[Any]] = field(default_factory=dict)
    # B02: each row's cell in the sheet's numbering column (``STT``), not a template column,
    # where offices put the bullet of a part (``-``, ``+``, ``a)``); None without one.
    numbering: list[Cell] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Batch:
    """Everything read from a set of files, waiting to become typed frames."""

    marks: dict[str, str]
    units: dict[str, tuple[float, str]] | None = None  # the vocabulary's money units
    tables: dict[str, _Table] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)  # small per-row tables
    flags: list[Record] = field(default_factory=list)
    # What the lines above a table with money rows declare, by (file, sheet).
    line_units: dict[tuple[int, str], TableUnit | None] = field(default_factory=dict)
    # Sheets whose figure columns are headed as running totals, by (file, sheet): each such
    # field's column label (B06's value, B04's plan and result).
    running_totals: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)
    # B01 marks read from a list of criteria not met (``_add_listed_marks``), by position in
    # ``b01_marks``: decided there, not by reading the cell (the list) as a mark.
    listed_marks: dict[int, str] = field(default_factory=dict)
    # Rows read from a re-rating's columns (``_add_later``), by table: positions.
    later_rows: dict[str, set[int]] = field(default_factory=dict)
    # B01 marks that may carry a footnote (``x*``, ``x (1)``), by position in ``b01_marks``:
    # what the sheet says of its footnotes, and the commune's own note (``_add_footnotes``).
    footnotes: dict[int, tuple[dict[str, tuple[int, str]], str | None]] = field(
        default_factory=dict)
    # B03 rows of a sheet whose ratings may carry a footnote's marker (``4 sao*``), by
    # position in ``b03_ocop``: what the sheet says of its footnotes (``_add_star_footnotes``).
    star_footnotes: dict[int, dict[str, tuple[int, str]]] = field(default_factory=dict)
    # B01 marks the sheet's own legend gives another meaning (``K: Khá``), by position in the
    # marks table: the legend's Excel row and text (``_add_legend_marks``).
    legend_marks: dict[int, tuple[int, str]] = field(default_factory=dict)
    # B01 marks decided by a criterion's columns for met and for not met together
    # (``_add_criterion_parts``), by position in the marks table: the mark, and the error
    # when it is not read.
    ticked_marks: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    # B02 rows of a table laid out across whose amount is not read (``_add_across``), by
    # position in ``b02_funding``: flagged there, kept as typed, their money unknown.
    refused: set[int] = field(default_factory=set)
    # B05 marks read from the district's own assessment where the province's appraisal beside
    # it is blank, by position in ``b05_district_criteria``, with the appraisal's column.
    unconfirmed: set[tuple[int, str]] = field(default_factory=set)
    # B03 ratings read from a column headed as the district's (``Hạng sao cấp huyện``, alone
    # or where the province's beside it is blank), by position in ``b03_ocop``
    # (``_district_proposals``).
    district_rated: set[int] = field(default_factory=set)
    # B05 criteria whose own row is blank, the marks given on their indicators' rows below
    # (Excel row, cell), by position in ``b05_district_criteria``.
    indicator_marks: dict[int, list[tuple[int, Cell]]] = field(default_factory=dict)
    # B05 criteria marked in both `Đạt` and `Chưa đạt`, by position in
    # ``b05_district_criteria``: the not-met column's label and cell.
    both_ticked: dict[int, tuple[str, Cell]] = field(default_factory=dict)
    # B05 rows' remarks on their mark (``Ghi chú``, a column the template does not know), by
    # position in ``b05_district_criteria``: each column's label and text
    # (``_add_criterion_remarks``).
    criterion_remarks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # B05 marks that may carry a footnote (``Đạt (*)``), by position in
    # ``b05_district_criteria``: what the sheet says of its footnotes, and the criterion's own
    # remark (``_add_criterion_footnotes``), read by B01's rule (``_footnoted``).
    criterion_footnotes: dict[int, tuple[dict[str, tuple[int, str]], str | None]] = field(
        default_factory=dict)
    # Each file's unit and year (level, unit code, province code, year), from ThongTin: the
    # communes a B03 names instead of coding are looked up among the unit's.
    units_of: dict[int, tuple[str, str, str, int]] = field(default_factory=dict)
    # The legacy encodings (``tcvn3``, ``vni``) each file holds text in, whole or in a few
    # cells (``reader._convert_legacy``): a name typed in one may read as another unit.
    legacy_of: dict[int, frozenset[str]] = field(default_factory=dict)
    # B03 rows' remarks (``Ghi chú``, ``Ghi chú khác``, ``Tình trạng``), by position in
    # ``b03_ocop``: each remark column's label and text, in the columns' order
    # (``_add_remarks``). Every one is read by the rules on remarks: a lapse said in the
    # first of two is not hidden by the second.
    remarks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # B03 rows' cells of the other columns the template does not know (``Trạng thái``,
    # ``Hiện trạng``, ``Còn hiệu lực``), by position in ``b03_ocop``: the column's label, the
    # text, and whether the column asks if the certificate holds and the cell answers that it
    # does not (``Còn hiệu lực: Không``) (``_add_remarks``).
    status_cells: dict[int, list[tuple[str, str, bool]]] = field(default_factory=dict)
    # B03 rows' counts of products (``Số lượng sản phẩm``, ``Số SP``, ``SL``), by position in
    # ``b03_ocop``: the column's label and the cell (``_add_quantities``).
    quantities: dict[int, tuple[str, Cell]] = field(default_factory=dict)
    # B01 rows' remarks on their status (``Ghi chú``, a ``Tình trạng`` or ``Quyết định công
    # nhận`` column), by position in ``b01_communes``: each column's label and text
    # (``_add_status_remarks``).
    status_remarks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # Text figures read two ways a thousand times apart (``2,500``), by (table, field):
    # positions read in the English style their sheet shows, and positions not read since
    # their sheet shows both styles (``_number_styles``).
    english: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    # The reporting year of each file (``reader``): a row named as of another year is not
    # the year's (``_other_times``).
    years: dict[int, int] = field(default_factory=dict)
    # The criteria set of each file (``reader``): from the 2026-2030 set a B01 heading may
    # name the commune group of the communes under it (``_commune_groups_by_heading``).
    criteria_sets: dict[int, str] = field(default_factory=dict)
    # CSV sheets whose separator says nothing of a Vietnamese decimal comma, by (file,
    # sheet): how they are separated (``_CSV_SEPARATORS``). Commas are saved by a writer
    # whose decimal mark is a dot, or by one who types the Vietnamese comma inside quotes;
    # tabs (Excel's "Unicode Text") in any setting. Only the semicolons Excel saves where the
    # decimal mark is a comma show the Vietnamese style (``_number_styles``).
    csv_separators: dict[tuple[int, str], str] = field(default_factory=dict)
    # CSV folders whose dates are written month first (``values.folder_month_first``), by
    # file: the styles their dates show (``thongtin.dates_shown``), for B03's dates
    # (``_month_first``). Set by the reader only for a folder whose B03 has a date the two
    # styles read differently.
    month_first_folders: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    two_ways: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    # B02 laid out across without a total row: a source's amount is its column's sum. Where
    # a figure summed is typed as text that the two styles read a thousand times apart
    # (``"1,000"``), by position in the raw table: the column's label and its figures as
    # (1-based row, cell), read by the sheet's style in ``_number_styles``. The text figures
    # of such sheets' rows, by (file, sheet), show that style as any figure of a sheet does.
    across_sums: dict[int, tuple[str, list[tuple[int, Cell]]]] = field(default_factory=dict)
    across_texts: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    # B04 and B06 figures typed with a money unit (``1,2 tỷ``), by (table, field): position ->
    # (number, (factor to million VND, unit), the error the cell had); read or flagged by the
    # row rules, which know the row's indicator (``_money_in_cells``).
    cell_money: dict[tuple[str, str], dict[int, tuple[float, tuple[float, str], str]]] = field(
        default_factory=dict)
    # B04 and B06 counts typed with what they count (``200 xã``, ``15 sản phẩm``), by (table,
    # field): position -> (number, the thing counted (``values.counted_unit``), the unit as
    # typed, the error the cell had); read where the row's indicator counts that thing.
    cell_counts: dict[tuple[str, str], dict[int, tuple[float, str, str, str]]] = field(
        default_factory=dict)
    # B04 income typed with its unit and period (``4,5 triệu/tháng``): position -> (number,
    # the unit as per head, the error the cell had), by field; read where the row is income.
    cell_rates: dict[str, dict[int, tuple[float, str, str]]] = field(default_factory=dict)
    # B01 rows read as no commune, by position in ``b01_communes``: what the message says of
    # the row. In a report from 2025 on, rows that are no commune of the year's map: rows
    # sharing one commune code, the communes merged into it (``_add_merged_communes``), and
    # rows of a list typed before the reorganisation (``_without_merged_communes``); in any
    # year, a commune whose figures go on in a row without code or name (``Layout.doubted``).
    no_commune: dict[int, str] = field(default_factory=dict)
    # B04 and B06 rows listed under a heading (a note, or a row with neither code nor figures,
    # ``_indicator_headings``), by (table, position): the heading's 1-based row and its text;
    # a row read by its name is not read as the whole unit's indicator where the heading
    # narrows it (``_indicator_rows``).
    headings: dict[tuple[str, int], tuple[int, str]] = field(default_factory=dict)

    def record(self, table: str, file: int, record: Record) -> None:
        self.records.setdefault(table, []).append({"__file": file, **record})

    def flag(self, file: int, code: str, severity: str, message: str, *, sheet: str | None,
             row: int | None = None, column: str | None = None, raw_value: str | None = None,
             indicator_code: str | None = None) -> None:
        self.flags.append({
            "__file": file, "check_code": code, "severity": severity, "sheet": sheet,
            "row_number": row, "column_name": column, "raw_value": raw_value,
            "indicator_code": indicator_code, "message": message,
        })

    # ------------------------------------------------------------------ sheets

    def add_sheet(self, file: int, grid: Grid, layout: Layout) -> None:
        """A usable sheet's data rows into its raw table; its totals and notes into theirs."""
        if grid.separator in _CSV_SEPARATORS:
            self.csv_separators[(file, grid.name)] = _CSV_SEPARATORS[grid.separator]
        if layout.mark_rows:
            self._add_criteria_across(file, grid, layout)
            return
        if layout.across:
            self._add_across(file, grid, layout)
            return
        spec = layout.spec
        rows = grid.rows
        data = layout.data
        mapped = layout.mapped()
        # Every column the header names, though no data row reaches it: a CSV's rows end at
        # their last typed cell (``1,Hồi Lạng Sơn`` under a header of nine), and a column none
        # of them reaches is blank, not missing (before, the reader failed on the file).
        width = max(max((len(rows[i]) for i in data), default=0),
                    max(mapped, default=-1) + 1 if data else 0)
        block = [rows[i] if len(rows[i]) == width else rows[i] + [""] * (width - len(rows[i]))
                 for i in data]
        _fill_data_merges(grid, layout, mapped, block, self.units)
        if spec.dittos and len(block) > 1:
            for j, (rows_of, typed) in _repeat_dittos(layout, mapped, block).items():
                label = mapped[j].label
                self.flag(file, "SHEET_LAYOUT", "info",
                          f"{grid.name}: column {label}: the ditto mark '{typed}' (as above) in "
                          f"row{'s' if len(rows_of) > 1 else ''} "
                          f"{', '.join(map(str, rows_of[:10]))}{' …' if len(rows_of) > 10 else ''}"
                          " is read as the cell right above it",
                          sheet=grid.name, row=rows_of[0], column=label, raw_value=typed)
        columns = list(zip(*block, strict=True)) if block else []
        n = len(data)
        table = self.tables.setdefault(spec.table, _Table())
        first = len(table)
        table.files.extend([file] * n)
        table.sheets.extend([grid.name] * n)
        table.rows.extend(i + 1 for i in data)
        for f in spec.fields:
            if f.kind in t.NOT_STORED:
                continue
            column = layout.columns.get(f.name)
            cells = table.cells.setdefault(f.name, [])
            if column is None and n and f.kind == t.STARS and layout.star_levels:
                cells.extend(_rating_by_level(layout.star_levels, columns, n, self.marks))
                table.labels.setdefault(f.name, []).extend([layout.levels_label] * n)
            elif column is None or n == 0:
                cells.extend([None] * n)
                table.labels.setdefault(f.name, []).extend([None] * n)
            else:
                # A figure not adjusted (its cell blank beside the adjusted ones) keeps the
                # one first given, in the column the adjusted one replaces.
                first_given = layout.replaced.get(f.name)
                if first_given is None:  # the common case: every cell from its own column
                    read = [column] * n
                    cells.extend(columns[column.index])
                    table.labels.setdefault(f.name, []).extend([column.label] * n)
                else:
                    read = [column if first_given.index >= width or not is_blank(cell)
                            or is_blank(columns[first_given.index][k]) else first_given
                            for k, cell in enumerate(columns[column.index])]
                    cells.extend(columns[c.index][k] for k, c in enumerate(read))
                    table.labels.setdefault(f.name, []).extend(c.label for c in read)
                if f.kind == t.STARS:
                    district = {c.index for c in (column, first_given)
                                if c is not None and rating_level(c) == "district"}
                    if district:
                        self.district_rated.update(
                            first + k for k, c in enumerate(read) if c.index in district)
                if f.kind == t.MARK and first_given is not None:
                    # the district's own mark where the appraisal beside it is blank
                    self.unconfirmed.update(
                        (first + k, column.label) for k, c in enumerate(read)
                        if c is first_given)
            if f.kind in (t.NUMBER, t.MONEY, t.COUNT):
                flags = table.percent.setdefault(f.name, [])
                if grid.percent and column is not None and n:
                    flags.extend((i, c.index) in grid.percent
                                 for i, c in zip(data, read, strict=True))
                else:
                    flags.extend([False] * n)
            if f.kind == t.MONEY:
                unit = column.unit if column is not None and column.unit else (1.0, None)
                table.factors.setdefault(f.name, []).extend([unit[0]] * n)
                table.units.setdefault(f.name, []).extend([unit[1]] * n)
                table.unit_sources.setdefault(f.name, []).extend(
                    [column.unit_source if column is not None else None] * n)
        for name, value in _extra_values(layout).items():
            table.extra.setdefault(name, []).extend([value] * n)
        if spec.code == "B02":
            j = _numbering_column(layout, mapped)
            numbering = list(columns[j]) if j is not None and j < len(columns) else [None] * n
            codes = table.cells["source_code"]
            for k in range(first, first + n):
                if _part_mark(codes[k], numbering=False) is not None:
                    # a part's bullet in Mã nguồn (`- | Tiền mặt`) is no code: the row is
                    # read by its name, the bullet kept as the row's mark
                    if _part_mark(numbering[k - first], numbering=True) is None:
                        numbering[k - first] = codes[k]
                    codes[k] = None
            table.numbering.extend(numbering)
            # Rows under a heading whose money unit is in doubt (``Layout.money_out``).
            self.refused.update(first + k for k, i in enumerate(data) if i in layout.money_out)
        if spec.code == "B05":
            self._add_indicator_marks(grid, layout, first)
            self._add_criterion_remarks(layout, mapped, columns, first)
            self._add_criterion_footnotes(grid, layout, first)
        if spec.code == "B03" and n and layout.notes:
            self._groups_by_heading(file, grid, layout, first)
        if spec.code == "B03" and n:
            self._add_remarks(layout, mapped, columns, first)
            self._add_quantities(layout, mapped, columns, first)
            self._add_star_footnotes(grid, layout, columns, first)
        if spec.code == "B01" and n:
            self._add_merged_communes(file, grid, layout, columns, first)
            self._add_doubted_communes(file, grid, layout, columns, first)
            self._add_status_remarks(layout, mapped, columns, first)
            if layout.notes:
                self._status_headings(grid, layout, first)
                if self.criteria_sets.get(file) == _GROUPED_SET:
                    self._commune_groups_by_heading(file, grid, layout, first)
        if spec.code in ("B04", "B06") and n:
            self._indicator_headings(grid, layout, first)
        if any(f.kind in (t.CHECK, t.LATER) for f in spec.fields):
            self._add_later(file, grid.name, layout, data, columns, first)
            _add_checks(table, layout, columns, n)
        if spec.money_rows:
            self.line_units[(file, grid.name)] = layout.table_unit
        if spec.year_only_rows:
            running = {f.name: column.label for f in spec.fields
                       if f.years and f.kind == t.NUMBER
                       and (column := layout.columns.get(f.name)) is not None
                       and is_running_total(column.header)}
            if running:
                self.running_totals[(file, grid.name)] = running
        if spec.criteria and layout.listed:
            self._add_listed_marks(file, grid.name, layout, data, columns, first)
        elif spec.criteria:
            self._add_marks(file, grid.name, layout, data, columns, first)
            self._add_footnotes(grid, layout, data, columns)
            self._add_legend_marks(grid, layout, data, columns)
            if layout.criterion_parts:
                self._add_criterion_parts(layout, data, columns)
                self._add_changes(layout, data, columns)
            if layout.unmet_beside is not None:
                self._check_unmet_list(file, grid.name, layout, data, columns)
            if layout.in_the_year:
                self._check_in_the_year(file, grid.name, layout, data, columns, first)
        self._add_totals(file, grid, layout, mapped)
        self._add_unmapped(file, grid, layout, data, mapped, columns)

    def _add_across(self, file: int, grid: Grid, layout: Layout) -> None:
        """B02 laid out across (``SheetSpec.across``): the sources are columns and the rows the
        works or purposes the money went to. A person reads each source's amount in the total
        row (``Tổng cộng``), or without one, as the column's sum when no row is a part of
        another (``1.1``, ``a)``, ``-``, ``Trong đó``, a group ``I.`` over rows): one row of
        the raw table per column, at the total row (or at the header without one), its source
        from the column's header. The rows' own figures are not sources: they are kept in
        raw.unmapped_cells. Where the rows do not add up to the total row, or the sources to
        the ``Tổng số`` column, which figure is right cannot be told, and the amounts involved
        are not read (``value_unreadable``). A column naming no source that holds money
        (``Vốn ODA``) is money in no source, as such a row is (``_funding_rows``); a column
        naming a group of sources (``Ngân sách nhà nước``) is not counted beside them."""
        spec, rows, sheet = layout.spec, grid.rows, grid.name

        def at(i: int, j: int) -> Cell:
            return rows[i][j] if j < len(rows[i]) else None

        value = layout.columns.get("value")
        sources = sorted(layout.across, key=lambda c: c.index)
        start = min(c.index for c in [*sources, *([value] if value is not None else [])])
        known = set(layout.mapped()) | {c.index for c in layout.ignored}
        table_unit = layout.table_unit.unit if layout.table_unit is not None else None
        # Columns naming no source that hold money: a source the template does not know.
        others = [Column(index=j, field="value", header=header,
                         unit=table_unit or (1.0, "triệu đồng"),
                         unit_source="table" if table_unit else "assumed")
                  for j, header in sorted(layout.headers.items())
                  if j > start and j not in known
                  and not _names_a_quantity(header, self.units)]
        header_row = layout.top or 0
        parts = [i for i in layout.data if _a_part_row(rows[i], start)]
        # Works rows of a comma CSV set aside as wider than the header (``Layout.split``):
        # their money is in no column a person can tell.
        split = sorted(layout.split)
        refused: dict[int, tuple[str, str, int, Column, Cell]] = {}  # column -> flag
        plan: list[tuple[Column, Cell, int]] = []
        two_way: dict[int, list[tuple[int, Cell]]] = {}  # column -> its figures
        shown = [c for i in (*layout.data, *layout.totals)
                 for column in (*sources, *others, *([value] if value is not None else []))
                 if type(c := at(i, column.index)) is str and styles_shown(c)]
        if shown:
            self.across_texts.setdefault((file, sheet), []).extend(shown)
        for column in [*sources, *others]:
            j = column.index
            filled = [(i, at(i, j)) for i in layout.totals if not is_blank(at(i, j))]
            figures = [(i, at(i, j)) for i in layout.data if not is_blank(at(i, j))]
            if column.source is None and column in others and not any(
                    _money(c) is not None for _, c in (*filled, *figures)):
                continue  # a note, a place: no money
            if filled:
                i, cell = filled[0]
                plan.append((column, cell, i))
                typed = {cell_text(c) for _, c in filled}
                if len(typed) > 1:
                    refused[j] = ("UNPARSEABLE_VALUE", (
                        f"the total rows give {column.label} different amounts ("
                        + ", ".join(f"row {k + 1}: {cell_text(c)}" for k, c in filled)
                        + "); which is right cannot be told, and the amount is not read"),
                        filled[1][0], column, filled[1][1])
                elif figures and not parts and not split:
                    summed, total = _sum_of(c for _, c in figures), _money(cell)
                    if summed is not None and total is not None and not _agree(summed, total):
                        refused[j] = ("UNPARSEABLE_VALUE", (
                            f"the rows of column {column.label} add up to {summed:g}, but the "
                            f"total row gives {cell_text(cell)}; which is right cannot be told, "
                            "and the amount is not read"), i, column, cell)
                continue
            i = layout.totals[0] if layout.totals else header_row
            if split and not layout.totals:
                # a row left out of the sum may hold this column's money: no sum is known
                plan.append((column, None, i))
                refused[j] = ("SPLIT", "", split[0], column, None)
                continue
            if not figures:
                plan.append((column, None, i))
                continue
            summed = _sum_of(c for _, c in figures)
            plan.append((column, summed, i))
            if any(read_two_ways(c) for _, c in figures):
                two_way[j] = [(k + 1, c) for k, c in figures]
            if parts:
                refused[j] = ("SHEET_LAYOUT", "", parts[0], column, None)
            elif summed is None:
                bad = next((k, c) for k, c in figures if _money(c) is None)
                refused[j] = ("UNPARSEABLE_VALUE", (
                    f"the sheet has no total row, and the cell of column {column.label} in row "
                    f"{bad[0] + 1} ('{cell_text(bad[1])}') cannot be added to the column's sum; "
                    "the source's amount is not read"), bad[0], column, bad[1])
        self._check_across_total(layout, grid, plan, refused, parts)
        year = self.years.get(file)
        labels = _label_columns(layout, min(c.index for c in sources))
        years = {i: y for i in layout.data
                 if (y := _row_year([at(i, j) for j in labels])) is not None}
        if year is not None and set(years.values()) - {year}:
            # Rows of years (`Năm 2021 | Năm 2022 | Năm 2023`): the total, or the columns'
            # sum, adds up years other than the reporting year.
            named = ", ".join(f"row {i + 1}: {y}" for i, y in years.items())
            for column, cell, i in plan:
                if cell is not None:
                    refused[column.index] = ("UNPARSEABLE_VALUE", (
                        f"the rows are years ({named}), and the amount of {column.label} adds "
                        f"up years other than the reporting year {year}; it is not read"),
                        i, column, cell)
        without_parts = [c.label for c in sources if refused.get(c.index, ("",))[0]
                         == "SHEET_LAYOUT"]
        if without_parts:
            self.flag(file, "SHEET_LAYOUT", "error",
                      f"{sheet}: the sources are columns and the sheet has no total row; "
                      f"rows such as row {parts[0] + 1} ('"
                      + " | ".join(cell_text(v) for v in rows[parts[0]][:start]
                                   if not is_blank(v))
                      + "') are parts of other rows, so the columns' sums would count money "
                      "twice: the amounts of " + ", ".join(without_parts) + " are not read. "
                      "Add a total row (Tổng cộng) and send the file again",
                      sheet=sheet, row=parts[0] + 1)
        without_rows = [c.label for c in [*sources, *others]
                        if refused.get(c.index, ("",))[0] == "SPLIT"]
        if without_rows:
            self.flag(file, "UNPARSEABLE_VALUE", "error",
                      f"{sheet}: the sources are columns and the sheet has no total row, so "
                      "each source's amount is its column's sum; but "
                      + ", ".join(f"row {k + 1}" for k in split)
                      + " could not be read (more cells than the header: a figure's comma "
                      "not put in quotes), and which column its money is in cannot be told: "
                      "the amounts of " + ", ".join(without_rows) + " are not read. "
                      "Save the sheet from Excel as CSV, or add a total row (Tổng cộng), and "
                      "send the file again", sheet=sheet, row=split[0] + 1,
                      raw_value=" | ".join(cell_text(v) for v in rows[split[0]]))
        for code, message, i, column, cell in refused.values():
            if code in ("SHEET_LAYOUT", "SILENT", "SPLIT"):
                continue
            self.flag(file, code, "error", f"{sheet} row {i + 1}, column {column.label}: "
                      f"{message}", sheet=sheet, row=i + 1, column=column.label,
                      raw_value=None if is_blank(cell) else cell_text(cell))
        table = self.tables.setdefault(spec.table, _Table())
        for column, cell, i in plan:
            if column.index in refused:
                self.refused.add(len(table))
            elif column.index in two_way:
                self.across_sums[len(table)] = (column.label, two_way[column.index])
            table.files.append(file)
            table.sheets.append(sheet)
            table.rows.append(i + 1)
            given = {"source_code": column.source, "source_name": column.header, "value": cell}
            for f in spec.fields:
                if f.kind in t.NOT_STORED:
                    continue
                read = f.name in given
                table.cells.setdefault(f.name, []).append(given.get(f.name))
                table.labels.setdefault(f.name, []).append(column.label if read else None)
                if f.kind in (t.NUMBER, t.MONEY):
                    table.percent.setdefault(f.name, []).append(
                        read and (i, column.index) in grid.percent)
                if f.kind == t.MONEY:
                    unit = column.unit or (1.0, None)
                    table.factors.setdefault(f.name, []).append(unit[0])
                    table.units.setdefault(f.name, []).append(unit[1])
                    table.unit_sources.setdefault(f.name, []).append(column.unit_source)
        read_from = (f"the total row {layout.totals[0] + 1}" if layout.totals
                     else "the sum of its rows (the sheet has no total row)")
        self.flag(file, "SHEET_LAYOUT", "info",
                  f"{sheet}: the sources are columns ("
                  + ", ".join(f"{c.label}: {c.source or 'a group of sources'}" for c in sources)
                  + f"); each source's amount is read from {read_from}, and the rows' own "
                  "figures (the works the money went to) are kept in raw.unmapped_cells",
                  sheet=sheet, row=layout.header_row)
        # The rows' cells, every one, as lineage; the totals and notes as in any sheet.
        for i in layout.data:
            for j, v in enumerate(rows[i]):
                if v == "" or v is None or is_blank(v):
                    continue
                self.record("unmapped_cells", file, {
                    "sheet": sheet, "row_number": i + 1, "column_name": column_letter(j),
                    "column_header": layout.headers.get(j) or None, "row_kind": "data",
                    "value": nfc(cell_text(v))})
        mapped = {c.index: c for c in layout.columns.values()}
        self._add_totals(file, grid, layout, mapped)
        self._add_unmapped(file, grid, layout, [], layout.mapped(), [])

    def _add_criteria_across(self, file: int, grid: Grid, layout: Layout) -> None:
        """B05 laid out across (``layout.criteria_across``): one row of the raw table per
        criterion column, at the row of the result read, as the template's rows would give
        them, with the template's rules: the province's appraisal is the result, the
        district's own mark read only where the appraisal is blank (``unconfirmed``); a
        criterion ticked in the row of not met too says two things (``both_ticked``). Every
        cell not read is kept in raw.unmapped_cells."""
        spec, rows, sheet = layout.spec, grid.rows, grid.name

        def at(i: int, j: int) -> Cell:
            return rows[i][j] if j < len(rows[i]) else None

        kinds = layout.mark_rows
        result = kinds.get("appraisal", kinds.get("result", kinds.get("own")))
        own = kinds.get("own") if "appraisal" in kinds else None
        unmet = kinds.get("not_met")
        assert result is not None
        table = self.tables.setdefault(spec.table, _Table())
        read: set[tuple[int, int]] = set()
        for column in sorted(layout.across, key=lambda c: c.index):
            j, k = column.index, len(table)
            i, cell = result, at(result, column.index)
            if own is not None and is_blank(cell) and not is_blank(at(own, j)):
                # the district's own mark where the appraisal is blank
                i, cell = own, at(own, j)
                self.unconfirmed.add((k, column.label))
            if unmet is not None and not is_blank(cell) and not is_blank(at(unmet, j)):
                self.both_ticked[k] = (column.label, at(unmet, j))
            read.add((i, j))
            table.files.append(file)
            table.sheets.append(sheet)
            table.rows.append(result + 1)
            given = {"criterion_code": column.source, "criterion_name": column.header,
                     "met": cell}
            for f in spec.fields:
                if f.kind in t.NOT_STORED:
                    continue
                table.cells.setdefault(f.name, []).append(given.get(f.name))
                table.labels.setdefault(f.name, []).append(
                    column.label if f.name in given else None)
        names = {"result": "the marks", "appraisal": "the province's appraisal",
                 "own": "the district's own assessment", "not_met": "the ticks of not met"}
        said = "; ".join(f"{names[kind]} in row {i + 1}" for kind, i in sorted(
            kinds.items(), key=lambda item: item[1]))
        self.flag(file, "SHEET_LAYOUT", "info",
                  f"{sheet}: the criteria are columns ("
                  + ", ".join(f"{c.label}: {c.source}" for c in layout.across)
                  + f"), {said}; each criterion's result is read from row {result + 1}"
                  + (f", the district's own mark (row {own + 1}) only where the appraisal is "
                     "blank" if own is not None else "")
                  + ", as the template's rows would give it; the other cells are kept in "
                  "raw.unmapped_cells", sheet=sheet, row=layout.header_row)
        data = set(layout.data)
        for i in range((layout.bottom or 0) + 1, len(rows)):
            for j, v in enumerate(rows[i]):
                if (i, j) in read or v == "" or v is None or is_blank(v):
                    continue
                self.record("unmapped_cells", file, {
                    "sheet": sheet, "row_number": i + 1, "column_name": column_letter(j),
                    "column_header": layout.headers.get(j) or None,
                    "row_kind": "data" if i in data else "note", "value": nfc(cell_text(v))})

    def _check_across_total(self, layout: Layout, grid: Grid,
                            plan: list[tuple[Column, Cell, int]],
                            refused: dict[int, tuple[str, str, int, Column, Cell]],
                            parts: list[int]) -> None:
        """A table laid out across with a ``Tổng số`` column: its total (the total row's
        cell, or without a total row the column's sum) and the sources' amounts check each
        other, as a person checks them (a source's parts 6.1-6.4 count for it when the sheet
        gives no column for it). A disagreement beyond rounding: none of the sources is read,
        since which figure is wrong cannot be told."""
        value = layout.columns.get("value")
        if value is None or refused:
            return
        rows = layout.totals or layout.data
        if not layout.totals and parts:
            return
        cells = [grid.rows[i][value.index] for i in rows if value.index < len(grid.rows[i])
                 and not is_blank(grid.rows[i][value.index])]
        if not cells:
            return
        corner = cells[0] if layout.totals else _sum_of(cells)
        stated = _money(corner)
        read = [(c, a) for c, cell, _ in plan if c.source is not None
                and (a := _money(cell)) is not None]
        codes = {c.source for c, _ in read}
        if stated is None or not read or any(
                _money(cell) is None and not is_blank(cell) for c, cell, _ in plan
                if c.source is not None):
            return
        summed = sum(a * (c.unit or (1.0, ""))[0] for c, a in read
                     if "." not in (c.source or "") or (c.source or "").split(".")[0] not in codes)
        stated *= (value.unit or (1.0, ""))[0]
        if _agree(summed, stated):
            return
        i = layout.totals[0] if layout.totals else (layout.top or 0)
        message = (f"the sources add up to {summed:g} million VND, but column {value.label} "
                   + (f"gives {cell_text(corner)} in the total row" if layout.totals
                      else f"adds up to {stated:g} million VND over the rows")
                   + "; which is right cannot be told, and none of the sources' amounts is "
                   "read")
        for c, _, _ in plan:
            if c.source is not None:
                refused[c.index] = ("UNPARSEABLE_VALUE", message, i, value, corner)
                message = ""
        # One flag, at the Tổng số cell: the others are said by the rows' value_unreadable.
        for j in [k for k, r in refused.items() if not r[1]]:
            refused[j] = ("SILENT", "", i, value, corner)

    def _add_marks(self, file: int, sheet: str, layout: Layout, data: list[int],
                   columns: list[tuple[Cell, ...]], first: int) -> None:
        """One row per commune and criterion. The commune's code is not read again for each
        of its 19 marks: a mark row points at its commune's row of ``b01_communes``
        (``first`` is this sheet's first), whose code is read once."""
        marks = self.tables.setdefault("b01_marks", _Table())
        rows = [i + 1 for i in data]
        n = len(data)
        communes = range(first, first + n)
        for number, column in sorted(layout.criteria.items()):
            marks.files.extend([file] * n)
            marks.sheets.extend([sheet] * n)
            marks.rows.extend(rows)
            marks.extra.setdefault("commune_row", []).extend(communes)
            marks.cells.setdefault("mark", []).extend(columns[column.index] if n else [])
            marks.labels.setdefault("mark", []).extend([column.label] * n)
            marks.extra.setdefault("criterion_no", []).extend([number] * n)
            marks.extra.setdefault("column_name", []).extend([column.label] * n)

    def _add_footnotes(self, grid: Grid, layout: Layout, data: list[int],
                       columns: list[tuple[Cell, ...]]) -> None:
        """Where a criterion cell may carry a footnote's marker, what the sheet says of its
        footnotes (``_footnotes``) and the commune's own note, for ``_marks_frame``."""
        marks = self.tables["b01_marks"]
        n = len(data)
        start = len(marks) - n * len(layout.criteria)
        possible = [(k, j) for k, column in enumerate(sorted(layout.criteria))
                    for j, cell in enumerate(columns[layout.criteria[column].index] if n else ())
                    if type(cell) is str and _MAY_BE_FOOTNOTED.search(cell)]
        if not possible:
            return
        explained = _footnotes(grid, layout)
        note = layout.columns.get("note")
        for k, j in possible:
            cell = columns[note.index][j] if note is not None else None
            own = nfc(cell.strip()) if type(cell) is str and _LETTER.search(cell) else None
            self.footnotes[start + k * n + j] = (explained, own)

    def _add_legend_marks(self, grid: Grid, layout: Layout, data: list[int],
                          columns: list[tuple[Cell, ...]]) -> None:
        """Criterion cells holding a mark the sheet's legend gives another meaning
        (``_legend_marks``), for ``_marks_frame``. The sheet's lines are searched only when
        a criterion cell holds a mark a legend may redefine: the search looks at every text
        cell outside the table."""
        n = len(data)
        # The distinct cells first (by type too: 1, 1.0 and True are equal keys): a sheet's
        # criterion cells hold a few marks, many times.
        typed = {(type(cell), cell) for column in layout.criteria.values() if n
                 for cell in columns[column.index]}
        words = {key for _, cell in typed if (key := _legend_key(cell)) in _LEGEND_AGREES}
        legend = _legend_marks(grid, layout, words) if words else {}
        if not legend:
            return
        start = len(self.tables["b01_marks"]) - n * len(layout.criteria)
        for k, column in enumerate(sorted(layout.criteria)):
            for j, cell in enumerate(columns[layout.criteria[column].index] if n else ()):
                if (key := _legend_key(cell)) is not None and (said := legend.get(key)):
                    self.legend_marks[start + k * n + j] = said

    def _add_criterion_parts(self, layout: Layout, data: list[int],
                             columns: list[tuple[Cell, ...]]) -> None:
        """B01 criteria over two columns or more, ``Đạt | Chưa đạt`` (``Đ | KĐ``, ``Đạt | Cơ
        bản đạt | Chưa đạt``; ``Layout.criterion_parts``). Where the sheet ticks only the
        columns for met, a blank there is not met, as the template reads a blank. Where it
        ticks the others too, the tick says which applies: a criterion ticked in none of its
        columns was not answered, and one ticked in two says two things; neither is counted as
        met or as not met (``unparseable``, with an error at the cell), since read from the
        column for met alone the first would be not met and a wrong count."""
        n = len(data)
        parts = {number: others for number, given in layout.criterion_parts.items()
                 if number in layout.criteria
                 and (others := [(c, kind) for c, kind in given
                                 if kind not in (YEAR_MET, GAINED, TO_RAISE, LOST)])}

        def cells(column: Column) -> tuple[Cell, ...]:
            return columns[column.index] if column.index < len(columns) else (None,) * n

        if not n or not any(not is_blank(v) for others in parts.values()
                            for c, _ in others for v in cells(c)):
            return
        start = len(self.tables["b01_marks"]) - n * len(layout.criteria)
        for k, number in enumerate(sorted(layout.criteria)):
            if number not in parts:
                continue
            met = layout.criteria[number]
            said = [(met, "met"), *parts[number]]
            where = " and ".join(f"{c.label} ({kind.replace('_', ' ')})" for c, kind in said)
            for j in range(n):
                ticks = [(c, kind, _tick(cells(c)[j], self.marks)) for c, kind in said]
                unread = [(c, cells(c)[j]) for c, _, tick in ticks if tick is None]
                ticked = [(c, kind) for c, kind, tick in ticks if tick]
                if unread:
                    c, v = unread[0]
                    error = (f"criterion {number} is ticked in {where}, and "
                             f"'{cell_text(v)}' in column {c.label} is no tick")
                elif len(ticked) > 1:
                    error = (f"criterion {number} is ticked in "
                             + " and ".join(f"{c.label} ({kind.replace('_', ' ')})"
                                            for c, kind in ticked)
                             + "; which is right cannot be told")
                elif not ticked:
                    error = (f"criterion {number} is ticked in none of {where}, where the "
                             "sheet ticks both kinds: not answered")
                else:
                    if ticked[0][1] != "met":
                        self.ticked_marks[start + k * n + j] = (ticked[0][1], None)
                    continue
                self.ticked_marks[start + k * n + j] = (
                    "unparseable", f"{error}, so it is not counted as met or as not met")

    def _add_changes(self, layout: Layout, data: list[int],
                     columns: list[tuple[Cell, ...]]) -> None:
        """B01 criteria marked as changed in the year beside their marks of met: gained
        (``Lũy kế | Trong năm``, a group ``Tiêu chí đạt mới trong năm`` beside ``Tiêu chí đạt
        chuẩn (lũy kế)``) or lost (a group ``Tiêu chí không duy trì được`` beside it). The
        marks of met are read. A criterion gained but not marked met, or lost but marked
        met, says two things (the running marks may stop before the year, the change be
        wrong, or the marks not updated for it): it is not counted as met or as not met
        (``unparseable``, with an error at the cell naming both columns)."""
        n = len(data)
        start = len(self.tables["b01_marks"]) - n * len(layout.criteria)

        def cells(column: Column) -> tuple[Cell, ...]:
            return columns[column.index] if column.index < len(columns) else (None,) * n

        for k, number in enumerate(sorted(layout.criteria)):
            met = layout.criteria[number]
            for changed, kind in layout.criterion_parts.get(number, ()):
                if kind not in (GAINED, LOST):
                    continue
                # Gained says met (a tick and no mark of met disagree); lost says not met
                # (a tick and a mark of met disagree).
                disagrees = kind == LOST
                for j in range(n):
                    if (_tick(cells(changed)[j], self.marks) is not True
                            or _tick(cells(met)[j], self.marks) is not disagrees):
                        continue
                    decided = self.ticked_marks.get(start + k * n + j)
                    if decided is not None and decided[1] is not None:
                        continue  # already not read, for its own error
                    self.ticked_marks[start + k * n + j] = (
                        "unparseable",
                        f"criterion {number} is marked as "
                        + ("gained in the year" if kind == GAINED else "lost in the year (no "
                           "longer met)")
                        + f" in column {changed.label} ('{cell_text(cells(changed)[j])}') "
                        + ("but not as met" if kind == GAINED else "but as met")
                        + f" in column {met.label} ('{cell_text(cells(met)[j])}'); which is "
                        "right cannot be told, so it is not counted as met or as not met")

    def _check_in_the_year(self, file: int, sheet: str, layout: Layout, data: list[int],
                           columns: list[tuple[Cell, ...]], first_row: int) -> None:
        """B01 criteria read under a group naming what was reached in the year (``Kết quả
        đạt được trong năm 2023``; ``Layout.in_the_year``), no column of the criteria met
        beside them: they may be the criteria gained in the year, or those met at its end.
        The row's count of criteria met (``Số tiêu chí đạt``) tells: equal to the marks of
        met on every commune where both are read, they are the criteria met, and read (an
        info says so). A count that differs (a commune meeting criteria before the year has
        more than its gains), or no count to compare (none in the sheet, or headed as
        reached in the year too), leaves every mark under the group unread
        (``unparseable``), with one error at the group's header naming it: a wrong count of
        criteria met is worse than none. A count equal to the marks confirms nothing either
        where a commune recognised NTM by the reporting year (a status year in or before it)
        has fewer than half the criteria marked met: a recognised commune keeps (nearly) all
        its criteria, so marks and count alike are the year's gains (``_recognised``); before,
        such a commune was stored as NTM since 2019 with 0 criteria met.
        Where the marks are not read, the sheet's count of criteria met is not read either
        (``_count_set_aside``): beside marks that may be the year's gains it is most likely
        their count (Mẫu Sơn, recognised NTM, with a count of 0), and where the two differ
        which is the criteria met cannot be told. ``first_row``: the sheet's first row in
        raw.b01_communes."""
        n = len(data)
        if not n:
            return
        order = sorted(layout.criteria)
        start = len(self.tables["b01_marks"]) - n * len(order)
        count = given_count = layout.columns.get("reported_count")
        if count is not None and reached_in_the_year(count.header):
            count = None  # as doubtful as the marks: it confirms nothing
        parse = cell_parser(t.COUNT)
        agree: list[int] = []
        differ: list[str] = []
        contradicted: list[str] = []
        for j in range(n) if count is not None else ():
            cell = columns[count.index][j] if count.index < len(columns) else None
            try:
                given = parse(cell)
            except CellError:
                continue
            said = [self._mark_so_far(start + k * n + j,
                                      columns[layout.criteria[number].index][j]
                                      if layout.criteria[number].index < len(columns)
                                      else None) for k, number in enumerate(order)]
            if given is None or None in said:
                continue
            met = said.count("met")
            if met != given:
                differ.append(f"row {data[j] + 1}: {cell_text(cell)} against {met}")
                continue
            agree.append(j)
            if 2 * met < len(order) and (
                    status := _recognised(layout, columns, j, self.years.get(file))):
                contradicted.append(f"row {data[j] + 1}: {status}, with {met} of "
                                    f"{len(order)} criteria met")
        first = min(layout.in_the_year, key=lambda c: c.index)
        group = first.header.rsplit(" | ", 1)[0]
        last = max(c.index for c in layout.in_the_year)
        labels = (f"columns {column_letter(first.index)}-{column_letter(last)}"
                  if last != first.index else f"column {column_letter(first.index)}")
        if agree and not differ and not contradicted:
            assert count is not None
            self.flag(file, "SHEET_LAYOUT", "info",
                      f"{sheet}: the criteria in {labels} are headed '{group}', which "
                      "may name the criteria gained in the year or those met at its end; "
                      f"each commune's count in column {count.label} equals its marks, so "
                      "they are read as the criteria met", sheet=sheet,
                      row=layout.header_row, column=first.label, raw_value=group)
            return
        why = (f"the count of criteria met in column {count.label} differs from the marks "
               f"({'; '.join(differ[:3])}{' …' if len(differ) > 3 else ''}): they may be "
               "only the criteria gained in the year" if differ else
               f"the count in column {count.label} equals the marks, but a commune recognised "
               f"NTM keeps its criteria ({'; '.join(contradicted[:3])}"
               f"{' …' if len(contradicted) > 3 else ''}): marks and count may be only the "
               "criteria gained in the year" if contradicted and count is not None else
               "no count of criteria met beside them tells which"
               if count is None else
               f"no row gives both a count in column {count.label} and marks that can "
               "be read, to tell which")
        set_aside = (given_count is not None
                     and self._count_set_aside(file, sheet, layout, data, columns, first_row))
        self.flag(file, "SHEET_LAYOUT", "error",
                  f"{sheet}: the criteria in {labels} are headed '{group}', which may name "
                  "the criteria gained in the year or those met at its end; " + why
                  + ". Their marks are not read (each commune's count of criteria met is "
                  "not computed), their cells are kept as typed (value_text)"
                  + (f"; the count in column {given_count.label} is not read either (it may "
                     "count the same gains), its cells are kept in raw.unmapped_cells"
                     if set_aside and given_count is not None else "")
                  + ". Head the criteria met at the year's end as such (Tiêu chí đạt chuẩn, "
                  "lũy kế)", sheet=sheet,
                  row=layout.header_row, column=first.label, raw_value=group)
        positions = {k for k, number in enumerate(order)
                     if layout.criteria[number] in layout.in_the_year}
        for k in positions:
            for j in range(n):
                self.ticked_marks[start + k * n + j] = ("unparseable", None)

    def _count_set_aside(self, file: int, sheet: str, layout: Layout, data: list[int],
                         columns: list[tuple[Cell, ...]], first_row: int) -> bool:
        """Take the B01 sheet's count of criteria met (``reported_count``) out of the
        ``len(data)`` rows of raw.b01_communes from ``first_row`` (``_check_in_the_year``):
        no count is stored for them, and each cell typed is kept in raw.unmapped_cells, as
        the cells of a column set aside are. Whether any cell was typed."""
        column = layout.columns["reported_count"]
        table = self.tables["b01_communes"]
        cells, labels = table.cells["reported_count"], table.labels["reported_count"]
        typed = False
        for j, i in enumerate(data):
            cell = columns[column.index][j] if column.index < len(columns) else None
            cells[first_row + j] = labels[first_row + j] = None
            if is_blank(cell):
                continue
            typed = True
            self.record("unmapped_cells", file, {
                "sheet": sheet, "row_number": i + 1, "column_name": column_letter(column.index),
                "column_header": layout.headers.get(column.index) or None,
                "row_kind": "data", "value": nfc(cell_text(cell))})
        return typed

    def _check_unmet_list(self, file: int, sheet: str, layout: Layout, data: list[int],
                          columns: list[tuple[Cell, ...]]) -> None:
        """B01 with a column per criterion and, beside them, the criteria not met listed in
        one column (``Các tiêu chí chưa đạt``: ``13, 16, 17``; ``Layout.unmet_beside``): the
        marks are read, and the list, kept as typed, is read as ``_add_listed_marks`` reads
        it and compared with them. Offices fill both by hand, and updating one they may
        forget the other: where they disagree on a criterion (marked met but listed as not
        met, or not marked met and not listed), which is right cannot be told, and it is
        not counted as met or as not met (``unparseable``, with an error naming both
        cells). A blank cell lists none, in a column that lists criteria on other rows; a
        column blank throughout was not filled in, and a list that cannot be read is only
        kept, as before: neither is compared. A column of lone numbers that are counts of
        the criteria not met (``4`` beside 15 marked met: ``_counts_not_met``) is compared
        as counts (``_check_unmet_counts``)."""
        n = len(data)
        column = layout.unmet_beside
        lists = columns[column.index] if column.index < len(columns) else (None,) * n
        if not n or all(is_blank(cell) for cell in lists):
            return
        start = len(self.tables["b01_marks"]) - n * len(layout.criteria)
        numbers = _numbers_not_met(lists, len(layout.criteria))
        if numbers is not None and self._check_unmet_counts(file, sheet, layout, data, columns,
                                                            numbers, start):
            return
        for j, listed in enumerate(lists):
            try:
                unmet = parse_criteria_list(listed, layout.list_item or (lambda _: None))
            except CellError:
                continue
            for k, number in enumerate(sorted(layout.criteria)):
                mark_column = layout.criteria[number]
                cell = (columns[mark_column.index][j] if mark_column.index < len(columns)
                        else None)
                mark = self._mark_so_far(start + k * n + j, cell)
                if mark is None or (mark == "met") != (number in unmet):
                    continue
                said = (f"is marked met in column {mark_column.label} ('{cell_text(cell)}') "
                        f"but listed as not met in column {column.label}"
                        if mark == "met" else
                        f"is not marked met in column {mark_column.label} "
                        f"('{cell_text(cell)}') and not listed as not met in column "
                        f"{column.label}")
                self.ticked_marks[start + k * n + j] = (
                    "unparseable",
                    f"criterion {number} {said} ('{cell_text(listed)}'); which is right "
                    "cannot be told, so it is not counted as met or as not met")

    def _check_unmet_counts(self, file: int, sheet: str, layout: Layout, data: list[int],
                            columns: list[tuple[Cell, ...]], numbers: list[int | None],
                            start: int) -> bool:
        """B01 marks beside a column of the criteria not met holding lone numbers
        (``_numbers_not_met``; ``_check_unmet_list``, marks from ``start`` in the marks
        table): whether they are counts of the criteria not met (``_counts_not_met``: ``4``
        beside 15 marked met, not criterion 4). Counts are compared with the marks: a
        number that is not the set's size minus the row's criteria marked met leaves the
        commune's count in doubt, and none of its marks is read (``unparseable``), with
        one error at the number's cell; an info names the column, kept as typed (there is
        no raw column for a count of criteria not met). Before, each number was read as a
        criterion, an error per commune and its disputed marks not read."""
        n, column = len(data), layout.unmet_beside
        assert column is not None
        order = sorted(layout.criteria)
        total = len(order)
        met: list[int | None] = []
        unmet: list[set[int] | None] = []
        for j in range(n):
            said = [self._mark_so_far(start + k * n + j, columns[layout.criteria[number].index][j]
                                      if layout.criteria[number].index < len(columns)
                                      else None) for k, number in enumerate(order)]
            known = None not in said
            met.append(said.count("met") if known else None)
            unmet.append({number for number, mark in zip(order, said, strict=True)
                          if mark != "met"} if known else None)
        if not _counts_not_met(numbers, met, unmet, total):
            return False
        first = min(c.index for c in layout.criteria.values())
        last = max(c.index for c in layout.criteria.values())
        marked = f"columns {column_letter(first)}-{column_letter(last)}"
        for j, (number, marked_met) in enumerate(zip(numbers, met, strict=True)):
            if number is None or marked_met is None or number == total - marked_met:
                continue
            cell = columns[column.index][j]
            self.flag(file, "UNPARSEABLE_VALUE", "error",
                      f"{sheet} row {data[j] + 1}, column {column.label}: '{cell_text(cell)}' "
                      f"gives {number} criteria not met (the column counts them), which leaves "
                      f"{total - number} of {total} met, but the row marks {marked_met} of "
                      f"{total} met in {marked}; which is right cannot be told, so the "
                      "commune's criteria are not counted as met or as not met",
                      sheet=sheet, row=data[j] + 1, column=column.label,
                      raw_value=cell_text(cell))
            for k in range(total):
                self.ticked_marks[start + k * n + j] = ("unparseable", None)
        self.flag(file, "UNKNOWN_COLUMN", "info",
                  f"{sheet}: column {column.label} gives each commune's number of criteria "
                  f"not met ({total} minus those marked met in {marked}), not the criteria: "
                  "it is compared with the marks as a count, not read, its cells kept in "
                  "raw.unmapped_cells", sheet=sheet, row=layout.header_row,
                  column=column.label)
        return True

    def _mark_so_far(self, position: int, cell: Cell) -> str | None:
        """The mark a B01 criterion cell gives at ``position`` of the marks table as decided
        so far (its columns of met and not met, ``ticked_marks``), or None when it is not
        read anyway (an unparseable cell, a mark its legend redefines): flagged for that."""
        decided = self.ticked_marks.get(position)
        if decided is not None:
            return None if decided[1] is not None else decided[0]
        if position in self.legend_marks:
            return None
        try:
            return parse_mark(cell, self.marks)
        except CellError:
            return None

    def _add_listed_marks(self, file: int, sheet: str, layout: Layout, data: list[int],
                          columns: list[tuple[Cell, ...]], first: int) -> None:
        """B01 listing each commune's criteria not met in one cell: a mark per criterion of
        the set, met unless listed. The list is read only where it agrees with the row's
        count of criteria met when the row gives one, and a blank list (nothing unmet) only
        beside a count of every criterion, since a list left blank may be a list not filled
        in. Otherwise each of the commune's marks is unparseable (its count is then not
        computed) and one flag names the cell."""
        marks = self.tables.setdefault("b01_marks", _Table())
        column = layout.columns["unmet_list"]
        count = layout.columns.get("reported_count")
        criteria = layout.listed
        lists = [columns[column.index][k] if column.index < len(columns) else None
                 for k in range(len(data))]
        counts = [columns[count.index][k] if count is not None and count.index < len(columns)
                  else None for k in range(len(data))]
        # Lone numbers that are counts of the criteria not met (``4`` beside 15 met):
        # they name no criterion (``_unmet_counted``).
        numbers = _numbers_not_met(lists, len(criteria)) if count is not None else None
        if numbers is not None and not _counts_not_met(
                numbers, [_count_or_none(c) for c in counts], None, len(criteria)):
            numbers = None
        unnamed: list[str] = []
        for k, i in enumerate(data):
            cell, given = lists[k], counts[k]
            try:
                if numbers is not None and numbers[k] is not None:
                    unmet = _unmet_counted(cell, numbers[k], given, len(criteria))
                    if unmet is None:
                        unnamed.append(f"row {i + 1}: {cell_text(cell)}")
                else:
                    unmet = _unmet_listed(cell, given, criteria, layout.list_item)
            except CellError as exc:
                unmet = None
                self.flag(file, "UNPARSEABLE_VALUE", "error",
                          f"{sheet} row {i + 1}, column {column.label}: {exc}; the commune's "
                          "criteria are not known, so its count of criteria met is not "
                          "computed", sheet=sheet, row=i + 1, column=column.label,
                          raw_value=cell_text(cell))
            start = len(marks)
            self.listed_marks.update(
                (start + j, "unparseable" if unmet is None else
                 "not_met" if n in unmet else "met") for j, n in enumerate(criteria))
            marks.files.extend([file] * len(criteria))
            marks.sheets.extend([sheet] * len(criteria))
            marks.rows.extend([i + 1] * len(criteria))
            marks.extra.setdefault("commune_row", []).extend([first + k] * len(criteria))
            marks.cells.setdefault("mark", []).extend([cell] * len(criteria))
            marks.labels.setdefault("mark", []).extend([column.label] * len(criteria))
            marks.extra.setdefault("criterion_no", []).extend(criteria)
            marks.extra.setdefault("column_name", []).extend([column.label] * len(criteria))
        if unnamed:
            assert count is not None
            self.flag(file, "SHEET_LAYOUT", "error",
                      f"{sheet}: column {column.label} gives each commune's number of criteria "
                      f"not met ({'; '.join(unnamed[:3])}{' …' if len(unnamed) > 3 else ''}), "
                      f"{len(criteria)} minus its count of criteria met in column "
                      f"{count.label}, not which criteria: the marks of those communes are "
                      "not known and not read (their count of criteria met is not computed "
                      f"from them); the count in column {count.label} is read. List the "
                      "criteria not met (4, 7) or give a column per criterion",
                      sheet=sheet, row=layout.header_row, column=column.label)

    def _add_indicator_marks(self, grid: Grid, layout: Layout, first: int) -> None:
        """B05 criteria split into their indicators (``2. Giao thông`` over ``2.1 …``,
        ``2.2 …``, or parts bulleted or lettered, ``a) Y tế``, ``- Văn hóa``:
        ``template.PART_BULLET``), the mark given on the indicators' rows, kept as notes, and
        the criterion's own row left blank: a blank there is no mark of not met. Such rows are noted
        (``indicator_marks``) with the indicators' rows and marks (``_unconfirmed``)."""
        met = layout.columns.get("met")
        if met is None:
            return
        data = layout.data
        unmet = next((c for c in layout.ignored if c.field == "not_met"), None)
        if unmet is not None:
            # `Đạt | Chưa đạt`: a criterion ticked in both columns says two things
            for k, i in enumerate(data):
                row = grid.rows[i]
                ticks = [row[c.index] if c.index < len(row) else None for c in (met, unmet)]
                if not any(is_blank(v) for v in ticks):
                    self.both_ticked[first + k] = (unmet.label, ticks[1])
        if not layout.notes:
            return
        notes = sorted(layout.notes)
        for k, i in enumerate(data):
            row = grid.rows[i]
            if met.index < len(row) and not is_blank(row[met.index]):
                continue
            end = data[k + 1] if k + 1 < len(data) else len(grid.rows)
            marks: list[tuple[int, Cell]] = []
            for n in notes:
                if not i < n < end:
                    continue
                below = grid.rows[n]
                if met.index >= len(below) or is_blank(below[met.index]):
                    continue
                if any(type(v) is str and (_INDICATOR_ROW.match(fold(v))
                                           or t.PART_BULLET.match(v))
                       for j, v in enumerate(below) if j != met.index):
                    marks.append((n + 1, below[met.index]))
            if marks:
                self.indicator_marks[first + k] = marks

    def _add_criterion_remarks(self, layout: Layout, mapped: dict,
                               columns: list[tuple[Cell, ...]], first: int) -> None:
        """The text of B05's columns that may remark on a criterion's mark: ``Ghi chú`` and
        columns the template does not know (``Tình trạng``), for ``_remarks_taking_back``.
        Not a column it knows and sets aside (the district's own assessment beside the
        appraisal, the ticks of ``Chưa đạt``), whose marks are read against the result."""
        ignored = {c.index: c for c in layout.ignored}
        for j, header in layout.headers.items():
            if j >= len(columns):
                continue
            if j in ignored and ignored[j].field == "note":
                label = ignored[j].label
            elif j in mapped or j in ignored:
                continue
            else:
                label = f"{column_letter(j)} ({header})"
            for k, cell in enumerate(columns[j]):
                if type(cell) is str and cell.strip():
                    self.criterion_remarks.setdefault(first + k, []).append((label, cell))

    def _add_criterion_footnotes(self, grid: Grid, layout: Layout, first: int) -> None:
        """Where a B05 mark may carry a footnote's marker (``Đạt (*)``, ``Đạt¹``), what the
        sheet says of its footnotes (``_footnotes``) and the criterion's own remark (its
        ``Ghi chú``), for ``_footnoted``: a district's criterion is marked as a commune's is,
        and its footnote read by the same rule. The sheet's lines are searched only when a
        mark may carry a marker."""
        marks = self.tables["b05_district_criteria"].cells["met"][first:]
        possible = [k for k, cell in enumerate(marks)
                    if type(cell) is str and _MAY_BE_FOOTNOTED.search(cell)]
        if not possible:
            return
        explained = _footnotes(grid, layout)
        note = next((c for c in layout.ignored if c.field == "note"), None)
        for k in possible:
            row = grid.rows[layout.data[k]]
            cell = row[note.index] if note is not None and note.index < len(row) else None
            own = nfc(cell.strip()) if type(cell) is str and _LETTER.search(cell) else None
            self.criterion_footnotes[first + k] = (explained, own)

    def _add_later(self, file: int, sheet: str, layout: Layout, data: list[int],
                   columns: list[tuple[Cell, ...]], first: int) -> None:
        """B03 giving a product's re-rating beside its first recognition (``Ngày công nhận lần
        đầu | Ngày đánh giá lại``, ``Nâng hạng (số sao) | Ngày nâng hạng``: LATER columns).
        The product's certificate is its latest, and values of two recognitions are never
        paired: on a row where a LATER cell is filled, each LATER column is read in place of
        the field it is a later value of (a blank one: that value is not known), and a value
        of one recognition (``Field.recognition``: the date, the decision, the level) the
        re-rating gives no column for is not known either, never the first recognition's. The
        cells replaced are kept in ``raw.unmapped_cells``. The rating is the product's: a
        re-rating without a rating column of its own keeps the sheet's one rating (what the
        product is listed with), said by a warning."""
        spec = layout.spec
        later = sorted(((f, layout.columns[f.name]) for f in spec.fields
                        if f.kind == t.LATER and f.name in layout.columns),
                       key=lambda pair: pair[1].index)
        if not later or not data:
            return
        table = self.tables[spec.table]
        given = {f.of for f, _ in later}
        unknown = [f for f in spec.fields if f.recognition and f.name not in given]
        stored = [f.name for f in spec.fields if f.kind not in t.NOT_STORED]
        rows = self.later_rows.setdefault(spec.table, set())
        count = 0
        for k, i in enumerate(data):
            cells = [(f, c, columns[c.index][k] if c.index < len(columns) else None)
                     for f, c in later]
            filled = next(((c, v) for _, c, v in cells if not is_blank(v)), None)
            if filled is None:
                continue
            at = first + k
            rows.add(at)
            count += 1
            why = (f"the product is re-rated on this row ({filled[0].label}: "
                   f"'{cell_text(filled[1])}')")
            replaced: dict[int, Column] = {}
            for name, value, label in [*((f.of, v, c.label) for f, c, v in cells),
                                       *((f.name, None, None) for f in unknown)]:
                if name is None:
                    continue
                table.cells[name][at], table.labels[name][at] = value, label
                column = layout.columns.get(name)
                for c in ([column] if column is not None else
                          layout.star_levels.values() if name == "stars" else ()):
                    replaced[c.index] = c
                if not is_blank(value) or not (label or spec.get(name).kind == t.DATE):
                    continue
                what = _RECOGNITION_VALUES.get(spec.get(name).kind, spec.get(name).title)
                self.flag(file, "UNPARSEABLE_VALUE", "error",
                          f"{sheet} row {i + 1}" + (f", column {label}" if label else "")
                          + f": {why}, but "
                          + ("this is blank" if label else
                             f"the sheet has no column for the re-rating's {what}")
                          + f"; the product's current {what} is not known (the first "
                          "recognition's is not read for it)", sheet=sheet, row=i + 1,
                          column=label or filled[0].label,
                          raw_value=None if label else cell_text(filled[1]))
            # What no field reads on this row any more is kept, as an extra column's cells.
            reading = {table.labels[name][at] for name in stored}
            for c in replaced.values():
                old = columns[c.index][k] if c.index < len(columns) else None
                if c.label not in reading and not is_blank(old):
                    self.record("unmapped_cells", file, {
                        "sheet": sheet, "row_number": i + 1,
                        "column_name": column_letter(c.index), "column_header": c.header,
                        "row_kind": "data", "value": nfc(cell_text(old))})
        if not count:
            return
        labels = ", ".join(c.label for _, c in later)
        stars = layout.columns.get("stars") if "stars" not in given else None
        others = [c.label for f in unknown if f.kind != t.DATE
                  and (c := layout.columns.get(f.name)) is not None]
        self.flag(file, "SHEET_LAYOUT", "info" if stars is None else "warning",
                  f"{sheet}: {'columns' if len(later) > 1 else 'column'} {labels} "
                  f"{'give' if len(later) > 1 else 'gives'} products' re-rating; on the "
                  f"{count} row{'s' if count > 1 else ''} where "
                  f"{'they are' if len(later) > 1 else 'it is'} filled the product's latest "
                  "certificate is read, and the cells of its first recognition replaced are "
                  "kept in raw.unmapped_cells"
                  + ("" if not others else
                     f" ({', '.join(others)}: of the first recognition, not read on those "
                     "rows)")
                  + ("" if stars is None else
                     f"; the sheet gives no rating of the re-rating, so column {stars.label}, "
                     "the product's one rating, is read as its rating then"),
                  sheet=sheet, row=layout.header_row)

    def _add_remarks(self, layout: Layout, mapped: dict, columns: list[tuple[Cell, ...]],
                     first: int) -> None:
        """The text of B03's remark columns (``Ghi chú``, ``Ghi chú khác``, ``Tình trạng``),
        outside the template's, for ``_lapsed``: every one, in the columns' order, since a
        row may say its lapse in the first and something else in the next; and the cells of
        its other columns the template does not know (``Trạng thái``, ``Hiện trạng``, ``Còn
        hiệu lực``), where offices say as well that a certificate lapsed or was withdrawn
        (``status_cells``)."""
        ignored = {c.index for c in layout.ignored}
        for j, header in sorted(layout.headers.items()):
            if j in mapped or j >= len(columns):
                continue
            words = header_words(header)
            remark = _REMARK.match(words) is not None
            if not remark and j in ignored:
                continue
            label = f"{_LETTERS[j] if j < len(_LETTERS) else column_letter(j)} ({header})"
            for k, cell in enumerate(columns[j]):
                answered = _answers_lapsed(words, cell)
                if remark and type(cell) is str and cell.strip():
                    self.remarks.setdefault(first + k, []).append((label, cell))
                    if not answered:
                        continue
                elif not answered and (type(cell) is not str or not cell.strip()):
                    continue
                self.status_cells.setdefault(first + k, []).append(
                    (label, cell_text(cell), answered))

    def _add_quantities(self, layout: Layout, mapped: dict, columns: list[tuple[Cell, ...]],
                        first: int) -> None:
        """The cells of B03's column counting the products of a row (``Số lượng sản phẩm``,
        ``Số SP``, ``SL``), outside the template's, for ``_not_one_product``."""
        for j, header in layout.headers.items():
            if j in mapped or j >= len(columns) or not _QUANTITY.match(header_words(header)):
                continue
            label = f"{_LETTERS[j] if j < len(_LETTERS) else column_letter(j)} ({header})"
            for k, cell in enumerate(columns[j]):
                if not is_blank(cell):
                    self.quantities[first + k] = (label, cell)

    def _add_star_footnotes(self, grid: Grid, layout: Layout, columns: list[tuple[Cell, ...]],
                            first: int) -> None:
        """Where a B03 rating may carry a footnote's marker (``4 sao*``, ``3 sao (1)``), what
        the sheet says of its footnotes (``_footnotes``), for ``_footnoted_stars``."""
        ratings = [c for c in (layout.columns.get("stars"), layout.columns.get("rerated_stars"))
                   if c is not None and c.index < len(columns)]
        if not any(type(cell) is str and _MAY_BE_FOOTNOTED.search(cell)
                   for c in ratings for cell in columns[c.index]):
            return
        explained = _footnotes(grid, layout)
        for k in range(len(columns[ratings[0].index])):
            self.star_footnotes[first + k] = explained

    def _add_merged_communes(self, file: int, grid: Grid, layout: Layout,
                             columns: list[tuple[Cell, ...]], first: int) -> None:
        """B01 of a report from 2025 on, listing the communes as they were before the
        reorganisation of 1 July 2025: rows sharing one code of the new map, typed on each
        (beside a column of the former codes or names, ``Layout.other_map_codes``) or merged
        over them.
        Those rows are the former communes merged into one: the criteria and status of one
        of them are not the new commune's, and theirs together cannot be told. None of them
        is read as the commune (``_without_merged_communes``); their code and name cells are
        kept in raw.unmapped_cells."""
        unit = self.units_of.get(file)
        code = layout.columns.get("commune_code")
        if unit is None or unit[3] < REFORM_YEAR or code is None or code.index >= len(columns):
            return
        position = {row: k for k, row in enumerate(layout.data)}
        groups: list[list[int]] = []
        for r0, c0, r1, c1 in grid.merges:
            if c0 <= code.index <= c1 and r0 in position:
                covered = [position[r] for r in range(r0, r1 + 1) if r in position]
                if len(covered) > 1:
                    groups.append(covered)
        if layout.other_map_codes is not None or layout.other_map_names is not None:
            by_code: dict[str, list[int]] = {}
            for k, cell in enumerate(columns[code.index]):
                key = re.sub(r"[^0-9]", "", cell_text(cell)).lstrip("0")
                if key:
                    by_code.setdefault(key, []).append(k)
            groups += [ks for ks in by_code.values() if len(ks) > 1]
        if not groups:
            return
        former = layout.other_map_codes or layout.other_map_names
        for ks in groups:
            rows = ", ".join(str(layout.data[k] + 1) for k in ks)
            olds = [cell_text(columns[former.index][k]) for k in ks
                    if former is not None and former.index < len(columns)
                    and not is_blank(columns[former.index][k])]
            typed = next((cell_text(columns[code.index][k]) for k in ks
                          if not is_blank(columns[code.index][k])), "")
            said = (f"Mã xã {typed} is that of rows {rows}"
                    + (f" (former {'codes' if former is layout.other_map_codes else 'names'} "
                       f"{', '.join(olds)})" if olds else "")
                    + ", communes merged into one in the reorganisation of 2025: the criteria "
                    "and status of one of them are not the merged commune's, and theirs "
                    "together cannot be told")
            for k in ks:
                self._no_commune(file, grid, layout, columns, first, k, said)

    def _add_doubted_communes(self, file: int, grid: Grid, layout: Layout,
                              columns: list[tuple[Cell, ...]], first: int) -> None:
        """B01 communes whose figures go on in a row without code or name, which is flagged
        (``Layout.doubted``): which of the rows holds the commune's figures cannot be told,
        so the commune is read as no commune, its code and name kept in
        raw.unmapped_cells."""
        for k, i in enumerate(layout.data):
            if (said := layout.doubted.get(i)) is not None:
                self._no_commune(file, grid, layout, columns, first, k, said)

    def _no_commune(self, file: int, grid: Grid, layout: Layout,
                    columns: list[tuple[Cell, ...]], first: int, k: int, said: str) -> None:
        """Read the sheet's ``k``-th data row as no commune (``no_commune``, flagged by
        ``_without_merged_communes``), its code and name cells kept."""
        self.no_commune.setdefault(first + k, said)
        for column in (layout.columns.get("commune_code"), layout.columns.get("commune_name")):
            if column is None or column.index >= len(columns):
                continue
            value = columns[column.index][k]
            if is_blank(value):
                continue
            self.record("unmapped_cells", file, {
                "sheet": grid.name, "row_number": layout.data[k] + 1,
                "column_name": column_letter(column.index),
                "column_header": layout.headers.get(column.index) or None,
                "row_kind": "data", "value": nfc(cell_text(value)),
            })

    def _without_merged_communes(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B01 rows of a report from 2025 on that are no commune of the year's map: the
        rows ``_add_merged_communes`` found, and rows whose code is a commune's on the map
        before the reorganisation only (``06532`` of the former Xã Mẫu Sơn), or whose name is
        the one the code had before it and not the one it has now (``06541 | Xã Yên Khoái``,
        the code Xã Mẫu Sơn took when Yên Khoái was merged into it): a list typed from last
        year's. None is read as a commune (no code, no name: a name would be looked up as a
        new commune's downstream); each is flagged at its code's cell, and its code and name
        cells are kept in raw.unmapped_cells. Downstream such a row is in no count, and the
        unit's figures counted over its communes are not computed. The rows found before
        (``no_commune``: also communes whose figures go on in a row without code or name, in
        any year) are flagged and read as no commune here too."""
        table = self.tables["b01_communes"]
        codes = frame["commune_code"].to_list()
        names = frame["commune_name"].to_list()
        for i, code in enumerate(codes):
            unit = self.units_of.get(table.files[i])
            if (code is None or i in self.no_commune or unit is None
                    or unit[3] < REFORM_YEAR
                    or (before := commune_name(code, REFORM_YEAR - 1)) is None):
                continue
            now = commune_name(code, unit[3])
            typed = commune_key(names[i]) if names[i] else None
            if now is None:
                said = (f"Mã xã {code} is {before} on the map before the reorganisation of "
                        f"2025, and no commune of the map of {unit[3]}")
            elif typed == commune_key(before) and typed != commune_key(now):
                said = (f"Mã xã {code} with the name '{names[i]}' is {before} on the map "
                        "before the reorganisation of 2025; on the map of "
                        f"{unit[3]} the code is {now}'s")
            else:
                continue
            self.no_commune[i] = (
                f"{said}: the row lists a commune as it was before the reorganisation, whose "
                "criteria and status are not those of a commune of the year's map")
            self._keep_commune_cells(i)
        for i, said in sorted(self.no_commune.items()):
            typed = table.cells["commune_code"][i]
            column = table.labels["commune_code"][i]
            if column is None:  # a sheet without a code column: the name's cell
                column, typed = table.labels["commune_name"][i], table.cells["commune_name"][i]
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {said}. The row is read as no "
                      "commune (its code and name are kept in raw.unmapped_cells), and the "
                      "unit's figures counted over its communes (SO_XA …) are not computed",
                      sheet=table.sheets[i], row=table.rows[i], column=column,
                      raw_value=None if is_blank(typed) else cell_text(typed))
            codes[i] = names[i] = None
        return frame.with_columns(pl.Series("commune_code", codes, dtype=pl.String),
                                  pl.Series("commune_name", names, dtype=pl.String))

    def _keep_commune_cells(self, i: int) -> None:
        """Keep the code and name cells of B01 row ``i``, read as no commune, in
        raw.unmapped_cells."""
        table = self.tables["b01_communes"]
        for field_name in ("commune_code", "commune_name"):
            label = table.labels[field_name][i]
            value = table.cells[field_name][i]
            if label is None or is_blank(value):
                continue
            letter = label.split(" ", 1)[0]
            self.record("unmapped_cells", table.files[i], {
                "sheet": table.sheets[i], "row_number": table.rows[i],
                "column_name": letter, "column_header": label[len(letter) + 2:-1] or None,
                "row_kind": "data", "value": nfc(cell_text(value)),
            })

    def _names_misread(self, frame: pl.DataFrame) -> None:
        """B01 rows without a commune code, in a file holding legacy text, whose name names a
        commune of the unit only without its marks while a legacy font shows another name
        (``unit_names.legacy_misreading``): VNI-Times ``Nam Höng`` is the Nam Hưng a person
        sees in Excel and, taken as typed, Nam Hồng, a commune of the same district.
        Downstream the row would be the commune its name folds to (COMMUNE_BY_NAME); which is
        meant cannot be told, so it is read as no commune (``no_commune``)."""
        table = self.tables["b01_communes"]
        for i, (code, name) in enumerate(zip(frame["commune_code"].to_list(),
                                             frame["commune_name"].to_list(), strict=True)):
            legacy = self.legacy_of.get(table.files[i])
            unit = self.units_of.get(table.files[i])
            if code is not None or not name or not legacy or unit is None \
                    or i in self.no_commune:
                continue
            level, unit_code, province, year = unit
            typed = _ROW_NUMBER.sub("", " ".join(name.split()))
            found = communes_named(typed, year, level, unit_code, province)
            if len(found) != 1 or (
                    misread := legacy_misreading(typed, found[0][1], legacy)) is None:
                continue
            self.no_commune[i] = (
                f"the commune named '{typed}' in column {table.labels['commune_name'][i]} "
                "has no Mã xã, and "
                f"its name reads '{misread[1]}' in the legacy {misread[0].upper()} encoding "
                f"the file holds text in, while as typed it is {found[0][0]} {found[0][1]} "
                "only without its marks: which commune is meant cannot be told; type its "
                "Mã xã and send the file again")
            self._keep_commune_cells(i)

    def _add_status_remarks(self, layout: Layout, mapped: dict,
                            columns: list[tuple[Cell, ...]], first: int) -> None:
        """The text of B01's columns that may remark on a commune's status: ``Ghi chú``, the
        decision that recognised it, the level named, and columns the template does not
        know (``Tình trạng``, ``Kết quả``), for ``_status_in_doubt``. Not a plan's or
        registration's column, which speaks of a status not reached."""
        ignored = {c.index: c for c in layout.ignored}
        note = layout.columns.get("note")
        for j, header in layout.headers.items():
            if j >= len(columns):
                continue
            if note is not None and j == note.index:
                label = note.label
            elif j in mapped and not mapped[j].kept:
                continue
            elif j in ignored:
                if ignored[j].field not in _STATUS_REMARK_FIELDS:
                    continue
                label = ignored[j].label
            else:
                label = f"{_LETTERS[j] if j < len(_LETTERS) else column_letter(j)} ({header})"
            for k, cell in enumerate(columns[j]):
                if type(cell) is str and cell.strip():
                    self.status_remarks.setdefault(first + k, []).append((label, cell))

    def _status_headings(self, grid: Grid, layout: Layout, first: int) -> None:
        """B01 communes listed under a heading of their status (``II. CÁC XÃ ĐỀ NGHỊ XÉT CÔNG
        NHẬN ĐẠT CHUẨN NĂM 2023``, ``Các xã đăng ký đạt chuẩn``), up to the next row that is no
        commune: the heading remarks on each, for ``_status_in_doubt``."""
        said: dict[int, str] = {}
        for k, above in enumerate(_listed_under(layout)):
            if above is None or above <= (layout.bottom or 0):
                continue
            if above not in said:
                said[above] = " ".join(str(c).strip() for c in grid.rows[above]
                                       if type(c) is str and c.strip())
            if said[above]:
                self.status_remarks.setdefault(first + k, []).append(
                    (f"heading in row {above + 1}", said[above]))

    def _commune_groups_by_heading(self, file: int, grid: Grid, layout: Layout,
                                   first: int) -> None:
        """B01 communes listed under a heading naming their commune group (``I | Nhóm 1: Xã
        ven đô thị…``, ``Xã nhóm 2``, ``NHÓM 3``), as a province groups its communes by
        Decision 51/2025 instead of a ``Nhóm xã`` column: a person reads the heading's group
        for the communes up to the next row that is no commune (a subtotal ``Cộng nhóm 2``,
        another heading). Before, their group was null without a word. A commune's own cell
        under ``Nhóm xã`` is read where it agrees; where it names another group than its
        heading, which the unit meant cannot be told: the group is not read (null), with an
        UNPARSEABLE_VALUE error at the cell quoting both."""
        table = self.tables["b01_communes"]
        cells, labels = table.cells["commune_group"], table.labels["commune_group"]
        given: list[int] = []
        headings: dict[int, tuple[str, int] | None] = {}  # row -> (its text, its group)
        for k, (i, above) in enumerate(zip(layout.data, _listed_under(layout), strict=True)):
            if above is None or above <= (layout.bottom or 0):
                continue
            if above not in headings:
                headings[above] = _commune_group_heading(grid.rows[above])
            heading = headings[above]
            if heading is None:
                continue
            said, group = heading
            cell = cells[first + k]
            if is_blank(cell):
                cells[first + k] = group
                labels[first + k] = f"row {above + 1} (heading)"
                given.append(i + 1)
                continue
            try:
                own = parse_commune_group(cell)
            except CellError:
                continue  # the column's rule flags the cell
            if own != group:
                cells[first + k] = None  # the typed cell is quoted in the flag
                self.flag(file, "UNPARSEABLE_VALUE", "error",
                          f"{grid.name} row {i + 1}, column {labels[first + k]}: commune group "
                          f"{own} ('{cell_text(cell)}'), but the commune is listed under the "
                          f"heading '{said}' (row {above + 1}) of group {group}; neither is "
                          "read: correct the column or the heading",
                          sheet=grid.name, row=i + 1, column=labels[first + k],
                          raw_value=cell_text(cell))
        if given:
            rows = ", ".join(str(r) for r in given[:10]) + (" …" if len(given) > 10 else "")
            self.flag(file, "SHEET_LAYOUT", "info",
                      f"{grid.name}: {len(given)} communes without a commune group of their "
                      f"own are read in the group of the heading above them (rows {rows})",
                      sheet=grid.name)

    def _groups_by_heading(self, file: int, grid: Grid, layout: Layout, first: int) -> None:
        """B03's products listed under a heading naming their group (``I. Thực phẩm``,
        ``Nhóm 2: Đồ uống``) with Nhóm sản phẩm blank, or without that column: a person reads
        the heading's group. It holds for the products up to the next row that is not a
        product (another heading, a subtotal, a commune's name): a product under a commune's
        heading is not given the group of the commune before. A product's own group is
        kept; the heading's is used as its typed group, and a SHEET_LAYOUT info says so."""
        table = self.tables["b03_ocop"]
        cells, labels = table.cells["product_group"], table.labels["product_group"]
        given: list[int] = []
        headings: dict[int, tuple[int, int] | None] = {}  # (row, group)
        for k, (i, above) in enumerate(zip(layout.data, _listed_under(layout), strict=True)):
            if above is None:
                continue
            if above not in headings:
                headings[above] = _group_heading(grid.rows[above], above)
            heading = headings[above]
            if heading is None or not is_blank(cells[first + k]):
                continue
            cells[first + k] = PRODUCT_GROUPS[heading[1]]
            labels[first + k] = f"row {heading[0] + 1} (heading)"
            given.append(i + 1)
        if given:
            rows = ", ".join(str(r) for r in given[:10]) + (" …" if len(given) > 10 else "")
            self.flag(file, "SHEET_LAYOUT", "info",
                      f"{grid.name}: {len(given)} products without a product group are read in "
                      f"the group of the heading above them (rows {rows})", sheet=grid.name)

    def _indicator_headings(self, grid: Grid, layout: Layout, first: int) -> None:
        """B04/B06 rows listed under a heading, for ``_indicator_rows``: the nearest row above
        that is no data (``_listed_under``), or a row kept in the table with neither a code
        nor figures whose name is no indicator (``Xây dựng xã NTM nâng cao``), whichever is
        nearer. It holds up to the next such row, or to a row numbered as the heading's
        sibling or above it (``2`` after the heading ``1``, ``II`` after ``1``): offices
        number a heading's rows below its own level, or leave them unnumbered."""
        spec = layout.spec
        code_field, name_field = spec.anchors
        name = layout.columns.get(name_field)
        if name is None:
            return
        known = template_codes(spec.code)
        code = layout.columns.get(code_field)
        figures = [c.index for f in spec.fields if f.kind in (t.NUMBER, t.MONEY, t.COUNT)
                   and (c := layout.columns.get(f.name)) is not None]
        current: tuple[int, str, tuple[int, str] | None] | None = None  # row, text, mark
        last = None
        for k, (i, above) in enumerate(zip(layout.data, _listed_under(layout), strict=True)):
            row = grid.rows[i]
            if above != last:
                last = above
                current = None if above is None or above <= (layout.bottom or 0) else (
                    above, _row_text(grid.rows[above]), _outline_mark(grid.rows[above]))
            cell = row[name.index] if name.index < len(row) else None
            coded = code is not None and code.index < len(row) and \
                cell_text(row[code.index]).strip() in known
            if not coded and not is_blank(cell) and indicator_by_name(spec.code, cell) is None \
                    and all(j >= len(row) or is_blank(row[j]) for j in figures):
                current = (i, _row_text(row), _outline_mark(row[:name.index + 1]))
                continue
            if current is None:
                continue
            if _numbered_beside(_outline_mark(row[:name.index + 1]), current[2]):
                current = None  # the heading's rows have ended
                continue
            self.headings[(spec.table, first + k)] = (current[0] + 1, current[1])

    def _add_totals(self, file: int, grid: Grid, layout: Layout,
                    mapped: dict[int, Column]) -> None:
        """A total row is the sheet's reported total, kept for the checks, never summed."""
        columns = sorted(mapped.values(), key=lambda c: c.index)
        for i in layout.totals:
            row = grid.rows[i]
            for column in columns:
                value = row[column.index] if column.index < len(row) else None
                if is_blank(value):
                    continue
                try:
                    number = parse_number(value)
                except CellError:
                    number = None
                name = (f"tc{column.criterion}" if column.criterion is not None
                        else f"stars_{column.level}" if column.level is not None
                        else column.field)
                self.record("sheet_totals", file, {
                    "sheet": grid.name, "row_number": i + 1, "field": name,
                    "column_name": column.label, "value": number,
                    "value_text": nfc(cell_text(value)),
                    "typed_as_text": type(value) is str,  # not stored: ``_number_styles``
                })

    def _add_unmapped(self, file: int, grid: Grid, layout: Layout, data: list[int],
                      mapped: dict, data_columns: list[tuple[Cell, ...]]) -> None:
        """Cells outside the template's columns (extra columns, notes, signature blocks) are
        kept verbatim so that nothing a unit sent is lost."""
        rows = grid.rows
        width = max((len(rows[i]) for i in (*data, *layout.totals, *layout.notes)), default=0)
        outside = [j for j in range(width) if j not in mapped or mapped[j].kept]
        # Data rows: only the outside columns that hold something (most hold nothing).
        filled = [j for j in outside if j >= len(data_columns)
                  or data_columns[j].count("") + data_columns[j].count(None)
                  < len(data_columns[j])]
        for kind, indexes, columns in (("data", data, filled), ("data", layout.totals, outside),
                                       ("note", layout.notes, range(width))):
            for i in indexes:
                row = rows[i]
                for j in columns:
                    if j >= len(row):
                        break
                    value = row[j]
                    if value == "" or value is None or is_blank(value):
                        continue
                    self.record("unmapped_cells", file, {
                        "sheet": grid.name, "row_number": i + 1,
                        "column_name": _LETTERS[j] if j < len(_LETTERS) else column_letter(j),
                        "column_header": layout.headers.get(j) or None,
                        "row_kind": kind, "value": nfc(cell_text(value)),
                    })

    def add_unreadable(self, file: int, grid: Grid) -> None:
        """A sheet whose table was not understood: every cell kept, none read as data."""
        for i, cells in enumerate(grid.rows):
            for j, value in enumerate(cells):
                if not is_blank(value):
                    self.record("unmapped_cells", file, {
                        "sheet": grid.name, "row_number": i + 1,
                        "column_name": column_letter(j), "column_header": None,
                        "row_kind": "unreadable_sheet", "value": nfc(cell_text(value)),
                    })

    # ------------------------------------------------------------------ reading

    def frames(self, schemas: dict[str, dict[str, Any]]) -> dict[str, pl.DataFrame]:
        """Every raw table of the batch, typed; reading problems become flags. Lineage
        columns are ``__file`` (the batch's file index), ``sheet`` and ``row_number``."""
        out: dict[str, pl.DataFrame] = {}
        fields = {name: [f for f in _spec_of(name).fields if f.kind not in t.NOT_STORED]
                  for name in self.tables if name != "b01_marks"}
        parsed = self._parse_by_kind([(name, f) for name, of_table in fields.items()
                                      for f in of_table])
        self._nothing_to_report(fields, parsed)
        self._number_styles(fields, parsed)
        for name, table in self.tables.items():
            if name == "b01_marks":
                out[name] = self._marks_frame(table, out["b01_communes"])
            else:
                out[name] = self._table_frame(name, table, schemas[name], fields[name],
                                              parsed)
                if name == "b01_communes":
                    self._names_misread(out[name])
                if name == "b01_communes" and (self.no_commune or any(
                        unit[3] >= REFORM_YEAR for unit in self.units_of.values())):
                    out[name] = self._without_merged_communes(out[name])
        self._row_rules(out)
        for name, records in self.records.items():
            schema = {"__file": pl.Int64, "sheet": pl.String, "row_number": pl.Int64,
                      **schemas[name]}
            out[name] = pl.DataFrame(
                {k: [r.get(k) for r in records] for k in schema}, schema=schema)
        return out

    def _lineage(self, table: _Table) -> dict[str, pl.Series]:
        return {"__file": pl.Series(table.files, dtype=pl.Int64),
                "sheet": pl.Series(table.sheets, dtype=pl.String),
                "row_number": pl.Series(table.rows, dtype=pl.Int64)}

    def _table_frame(self, name: str, table: _Table, schema: dict[str, Any],
                     fields: list[t.Field], parsed_columns: dict[tuple[str, str], Parsed]
                     ) -> pl.DataFrame:
        series = self._lineage(table)
        marked: list[tuple[str, dict[int, str]]] = []
        for f in fields:
            cells = table.cells[f.name]
            parsed = parsed_columns[(name, f.name)]
            if f.kind == t.YEAR and "status_years_marked" in schema:
                reached, parsed = self._status_marks(table, f, cells, parsed)
                parsed_columns[(name, f.name)] = parsed  # the errors left: unreadable years
                marked.append((f.raw_column, reached))
            if f.name in _INDICATOR_FIGURES.get(name, ()):
                parsed = self._money_in_cells(name, table, f, cells, parsed)
                parsed_columns[(name, f.name)] = parsed
            values = parsed.values
            if f.kind == t.MONEY:
                values = values * pl.Series(table.factors[f.name], dtype=pl.Float64)
                values, parsed = self._own_units(name, table, f, cells, values, parsed)
                parsed_columns[(name, f.name)] = parsed  # the errors left, for the row rules
                series[f.unit] = pl.Series(table.units[f.name], dtype=pl.String)
            elif f.unit:  # money rows: set by the row rules (``_money_rows``)
                series[f.unit] = pl.Series([None] * len(table), dtype=pl.String)
            series[f.raw_column] = values.rename(f.raw_column)
            if f.text is not None:
                series[f.text] = parsed.text.rename(f.text)
            errors = parsed.errors
            if f.kind == t.CODE5 and name == "b03_ocop":
                if errors:
                    values, errors = self._communes_named(table, f, cells, values, errors)
                values, errors = self._communes_elsewhere(table, f, cells, values, errors)
                series[f.raw_column] = values.rename(f.raw_column)
            elif f.kind == t.CODE5 and name == "b01_communes" and errors:
                values, errors, _ = self._codes_with_names(table, cells, values, errors)
                series[f.raw_column] = values.rename(f.raw_column)
            if (f.kind == t.MARK and name == "b05_district_criteria" and errors
                    and self.criterion_footnotes):
                errors, values = self._footnoted(cells, table.rows, errors, values,
                                                 self.criterion_footnotes)
                series[f.raw_column] = values.rename(f.raw_column)
            if f.kind == t.STARS and name == "b03_ocop" and errors and self.star_footnotes:
                values, errors = self._footnoted_stars(table, cells, values, errors)
                series[f.raw_column] = values.rename(f.raw_column)
            if f.kind == t.STARS and name == "b03_ocop":
                values, errors = _stars_on_the_scale(cells, values, errors)
                series[f.raw_column] = values.rename(f.raw_column)
            if f.kind == t.DATE and "recognized_year" in schema:
                parsed = self._two_dates(cells, parsed)
                # a date typed with a note on how it was given: "15/06/2023 (công nhận lại)"
                noted, left = _read_again(parsed.errors, cells, date_with_note)
                if noted:
                    parsed = replace(parsed, values=parsed.values.scatter(
                        list(noted), list(noted.values())), errors=left)
                parsed, either_way = self._month_first(table, f, cells, parsed)
                series[f.raw_column] = parsed.values.rename(f.raw_column)
                series["recognized_year"], errors = self._years_of(table, f, cells, parsed)
                if either_way:  # the year of a date read either way is known
                    series["recognized_year"] = series["recognized_year"].scatter(
                        list(either_way), list(either_way.values()))
            self._cell_flags(table, f.name, cells, errors)
        for extra, values in table.extra.items():
            series[extra] = pl.Series(values, dtype=schema[extra])
        if "value_unreadable" in schema:
            errors = parsed_columns[(name, "value")].errors
            series["value_unreadable"] = pl.Series([i in errors for i in range(len(table))],
                                                   dtype=pl.Boolean)
        if "status_years_unreadable" in schema:
            series["status_years_unreadable"] = _named_columns(
                len(table), [(f.raw_column, _unknown(table, f, parsed_columns[(name, f.name)]))
                             for f in fields if f.kind == t.YEAR])
            series["status_years_marked"] = _named_columns(len(table), marked)
        return pl.DataFrame(series).select(["__file", "sheet", "row_number", *schema])

    def _status_marks(self, table: _Table, f: t.Field, cells: list[Cell], parsed: Parsed
                      ) -> tuple[dict[int, str], Parsed]:
        """A B01 status column holding marks instead of years (``x`` or ``Đạt`` under ``Đạt
        chuẩn NTM``): a person reads that the commune has reached the level, in a year the
        sheet does not give, so the commune counts as reached and its year stays null; a mark
        of not met (``Chưa đạt``) reads as not reached. Both are said by STATUS_MARK. Returns
        the rows read as reached, and the column with the errors left (unreadable years)."""
        read, left = _read_again(parsed.errors, cells,
                                 lambda cell: status_mark(cell, self.marks, f.name))
        # a month and year, or the year with the column's level named: that year
        dated, left = _read_again(left, cells, lambda cell: status_year(cell, f.name))
        values = parsed.values.to_list()
        for i, year in dated.items():
            values[i] = year
        # A year before the programme's criteria: no commune reached a status then. It is
        # most often a year typed in a cell formatted as a date (2019 shows as 11/07/1905).
        early = {i: year for i, year in enumerate(values)
                 if year is not None and year < STATUS_FIRST_YEAR}
        for i, year in early.items():
            values[i] = None
            left[i] = (f"cannot read '{cell_text(cells[i])}' as a status year: {year} is before "
                       f"the programme's first criteria ({STATUS_FIRST_YEAR}), so no commune "
                       "reached a status then (a year typed in a cell formatted as a date "
                       "reads so: 2019 is 11/07/1905)")
        # A year read from a decision's date whose words doubt the status (``12/QĐ-UBND ngày
        # 15/6/2023 (công nhận lại)``, ``Tái công nhận: …``): the year may not be the one the
        # level was reached, as for such a remark beside the year (``_status_in_doubt``).
        doubted = [i for i, year in enumerate(values)
                   if year is not None and type(cells[i]) is str and _doubts_status(cells[i])]
        for i in doubted:
            values[i] = None
            left[i] = (f"cannot read '{cell_text(cells[i])}' as a status year: its words say "
                       "the status was recognised again, withdrawn, or is only proposed, so the "
                       "year of its date may not be the year the level was reached")
        if dated or early or doubted:
            parsed = replace(parsed, values=pl.Series(parsed.values.name, values,
                                                      dtype=parsed.values.dtype))
        reached: dict[int, str] = {}
        for i, mark in read.items():
            label = table.labels[f.name][i]
            text = cell_text(cells[i])
            where = dict(sheet=table.sheets[i], row=table.rows[i], column=label, raw_value=text)
            if mark == "met":
                reached[i] = mark
                self.flag(table.files[i], "STATUS_MARK", "warning",
                          f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{text}' "
                          "marks the level as reached without its year; the commune counts as "
                          "reached, the year is unknown (null), so the unit's count of "
                          "communes newly reached this year is not computed", **where)
            else:
                self.flag(table.files[i], "STATUS_MARK", "info",
                          f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{text}' "
                          "reads as not reached (no year)", **where)
        return reached, replace(parsed, errors=left)

    def _nothing_to_report(self, fields: dict[str, list[t.Field]],
                           parsed: dict[tuple[str, str], Parsed]) -> None:
        """A figure typed as the words for nothing to report (``KPH``, ``không phát sinh``,
        ``không``; ``values.nothing_to_report``) is blank, as a dash is, not unreadable."""
        for name, of_table in fields.items():
            for f in of_table:
                column = parsed[(name, f.name)]
                if f.kind not in (t.NUMBER, t.MONEY) or not column.errors:
                    continue
                cells = self.tables[name].cells[f.name]
                nothing = [i for i in column.errors if nothing_to_report(cells[i])]
                if nothing:
                    parsed[(name, f.name)] = replace(column, errors={
                        i: e for i, e in column.errors.items() if i not in nothing})

    def _number_styles(self, fields: dict[str, list[t.Field]],
                       parsed: dict[tuple[str, str], Parsed]) -> None:
        """Figures typed as text that a Vietnamese and an English reader read a thousand times
        apart (``2,500``: 2.5 or 2500; ``1.250``: 1250 or 1.25; ``values.read_two_ways``),
        read as the sheet's other text figures show (``values.styles_shown``): in a sheet
        whose figures are in English style (``1,234,567``, ``12,500.5``) and not Vietnamese,
        in that style (SHEET_LAYOUT info naming the rows); in a sheet showing both styles, or
        a dot as its decimal mark (``33.69``, ``12.5%``) beside Vietnamese figures or alone,
        not at all (UNPARSEABLE_VALUE error at the cell): its writer may have meant ``1.250``
        as 1.25. A sheet in Vietnamese style, or showing none, is read in the template's
        Vietnamese style, as before. Numeric cells show no style. The sheet's total row is
        read by the same rule."""
        totals: dict[tuple[int, str], list[Record]] = {}
        for record in self.records.get("sheet_totals", []):
            if record.get("typed_as_text"):
                totals.setdefault((record["__file"], record["sheet"]), []).append(record)
        for name, of_table in fields.items():
            numbers = [f for f in of_table if f.kind in (t.NUMBER, t.MONEY)]
            table = self.tables[name]
            styles: dict[tuple[int, str], dict[str, str]] = {}
            # Text cells only: a numeric cell shows no style (``styles_shown``).
            texts: list[tuple[Any, Any]] = [
                (i, cell) for f in numbers for i, cell in enumerate(table.cells[f.name])
                if type(cell) is str]
            texts += [((file, sheet), r["value_text"]) for file, sheet in
                      (set(zip(table.files, table.sheets, strict=True)) if numbers else ())
                      for r in totals.get((file, sheet), [])]
            if name == "b02_funding":  # the rows of B02s laid out across
                texts += [(sheet, c) for sheet, cells in self.across_texts.items()
                          for c in cells]
            for at, cell in texts:
                shown = styles_shown(cell)
                if shown:
                    sheet = at if isinstance(at, tuple) else (table.files[at], table.sheets[at])
                    seen = styles.setdefault(sheet, {})
                    for one in shown:
                        seen.setdefault(one, cell_text(cell))
            for sheet, separated in self.csv_separators.items():
                styles.setdefault(sheet, {}).setdefault(_CSV_SEPARATED, separated)
            if not any("en" in seen or "dot" in seen or _CSV_SEPARATED in seen
                       for seen in styles.values()):
                continue
            for sheet, seen in styles.items():
                for record in totals.get(sheet, []):
                    text = record["value_text"]
                    if read_two_ways(text) and (doubt := _doubt(seen, text)) != "vi":
                        try:
                            record["value"] = (parse_number(english_style(text))
                                               if doubt is None else None)
                        except CellError:
                            record["value"] = None
            english_rows: dict[tuple[int, str], list[str]] = {}
            for f in numbers:
                cells = table.cells[f.name]
                column = parsed[(name, f.name)]
                read: dict[int, float | None] = {}
                errors = dict(column.errors)
                for i, cell in enumerate(cells):
                    sheet = (table.files[i], table.sheets[i])
                    seen = styles.get(sheet, {})
                    if not read_two_ways(cell) or (doubt := _doubt(seen, cell)) == "vi":
                        continue
                    label = table.labels[f.name][i]
                    if doubt is not None:
                        self.two_ways.setdefault((name, f.name), set()).add(i)
                        read[i] = None
                        errors[i] = f"cannot read {cell_text(cell)!r}: {doubt}"
                        continue
                    self.english.setdefault((name, f.name), set()).add(i)
                    english_rows.setdefault(sheet, []).append(
                        f"row {table.rows[i]} {label}: {cell_text(cell)!r}")
                    try:
                        read[i] = cell_parser(f.kind, self.marks)(english_style(cell))
                        errors.pop(i, None)
                    except CellError:  # a unit in the cell: read by ``_own_units``
                        read[i] = None
                        errors.setdefault(i, f"cannot read {cell_text(cell)!r} as a number")
                if name == "b02_funding" and f.name == "value":
                    self._across_sums(styles, read, english_rows)
                if read:
                    parsed[(name, f.name)] = replace(
                        column, values=column.values.scatter(
                            list(read), pl.Series(list(read.values()), dtype=pl.Float64)),
                        errors=errors)
            for (file, sheet), cells in english_rows.items():
                shown = "; ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
                seen = styles[(file, sheet)]
                style = (f"in English style, commas grouping thousands ({seen['en']!r})"
                         if "en" in seen else
                         f"with a dot as the decimal mark and no thousands grouped "
                         f"({seen['ungrouped']!r})")
                self.flag(file, "SHEET_LAYOUT", "info",
                          f"{sheet}: figures are typed {style}; the figures a Vietnamese "
                          "reader would read a thousand times apart are read in that style "
                          f"({shown})", sheet=sheet)

    def _across_sums(self, styles: dict[tuple[int, str], dict[str, str]],
                     read: dict[int, float | None],
                     english_rows: dict[tuple[int, str], list[str]]) -> None:
        """The sums of a B02 laid out across without a total row (``across_sums``) whose
        figures a Vietnamese and an English reader read a thousand times apart, by the rule
        of any such figure (``_doubt``): in the sheet's Vietnamese style, or none shown in a
        file that says nothing of it, as summed; in English style, summed again so read
        (``read``; the rows named in the sheet's info, ``english_rows``); otherwise the
        source's amount is not read (``refused``), an UNPARSEABLE_VALUE error at each such
        figure. Before, ``"1,000"`` in a comma CSV was summed as 1 without a flag."""
        table = self.tables["b02_funding"]
        for k, (label, figures) in self.across_sums.items():
            sheet = (table.files[k], table.sheets[k])
            seen = styles.get(sheet, {})
            doubts = [(row, cell, doubt) for row, cell in figures if read_two_ways(cell)
                      and (doubt := _doubt(seen, cell)) != "vi"]
            if not doubts:
                continue
            unsure = [(row, cell, doubt) for row, cell, doubt in doubts if doubt is not None]
            if not unsure:
                read[k] = _sum_of(english_style(c) if read_two_ways(c) else c
                                  for _, c in figures)
                english_rows.setdefault(sheet, []).extend(
                    f"row {row} {label}: {cell_text(cell)!r}" for row, cell, _ in doubts)
                continue
            read[k] = None
            self.refused.add(k)
            for row, cell, doubt in unsure:
                self.flag(sheet[0], "UNPARSEABLE_VALUE", "error",
                          f"{sheet[1]} row {row}, column {label}: cannot read "
                          f"{cell_text(cell)!r}: {doubt}; the sheet has no total row and the "
                          "source's amount is its column's sum, so it is not read",
                          sheet=sheet[1], row=row, column=label, raw_value=cell_text(cell))

    def _own_units(self, name: str, table: _Table, f: t.Field, cells: list[Cell],
                   values: pl.Series, parsed: Parsed) -> tuple[pl.Series, Parsed]:
        """Amounts typed with their own unit (``1,2 tỷ`` in a column in million VND): read in
        that unit, as a person reads them, and said by UNIT_CONVERTED (info); the row's
        ``value_unit`` is the cell's. The cells left are the ones that stay unreadable. A
        figure of a sheet in English style is read so (``2,500 triệu``); one read two ways in
        a sheet showing both styles stays unread (``_number_styles``)."""
        read, left = self._amounts_with_units(name, f, cells, parsed)
        fixed: dict[int, float] = {}
        for i, (number, (factor, unit)) in read.items():
            fixed[i] = number * factor
            table.units[f.name][i] = unit
            table.unit_sources[f.name][i] = "cell"  # not the column's: no rule of it applies
            label = table.labels[f.name][i]
            self.flag(table.files[i], "UNIT_CONVERTED", "info",
                      f"{table.sheets[i]} row {table.rows[i]}, column {label}: "
                      f"'{cell_text(cells[i])}' names its own unit ({unit}); read as "
                      f"{fixed[i]:g} million VND", sheet=table.sheets[i], row=table.rows[i],
                      column=label, raw_value=cell_text(cells[i]))
        if not fixed:
            return values, parsed
        return (values.scatter(list(fixed), list(fixed.values())),
                replace(parsed, errors=left))

    def _amounts_with_units(self, name: str, f: t.Field, cells: list[Cell], parsed: Parsed
                            ) -> tuple[dict[int, tuple[float, tuple[float, str]]], dict[int, str]]:
        """The unreadable cells of a column that are amounts typed with their unit (``1,2
        tỷ``), read in the sheet's style (English where ``_number_styles`` said so): those
        read (number, (factor to million VND, unit)), and the errors left. A figure read two
        ways in a sheet showing both styles stays an error."""
        english = self.english.get((name, f.name), set())
        two_ways = self.two_ways.get((name, f.name), set())
        typed = [english_style(c) if i in english else c for i, c in enumerate(cells)
                 ] if english else cells
        read, left = _read_again({i: e for i, e in parsed.errors.items() if i not in two_ways},
                                 typed, lambda cell: amount_with_unit(cell, self.units))
        left.update((i, e) for i, e in parsed.errors.items() if i in two_ways)
        return read, left

    def _money_in_cells(self, name: str, table: _Table, f: t.Field, cells: list[Cell],
                        parsed: Parsed) -> Parsed:
        """B04 and B06 figures typed with a money unit (``1,2 tỷ``, ``350 triệu đồng``): kept
        aside (``cell_money``) for the row rules, which read them where the row's indicator
        is money (``_money_rows``, ``_target_units``) and flag them elsewhere. Figures of a
        sheet in English style are read so; one read two ways in a sheet showing both styles
        stays unread (``_number_styles``)."""
        if not parsed.errors:
            return parsed
        read, left = self._amounts_with_units(name, f, cells, parsed)
        if read:
            self.cell_money[(name, f.name)] = {
                i: (number, unit, parsed.errors[i]) for i, (number, unit) in read.items()}
        # Counts with what they count (``200 xã``), and income with its period (``4,5
        # triệu/tháng``), read in the sheet's style as amounts are.
        english = self.english.get((name, f.name), set())
        two_ways = self.two_ways.get((name, f.name), set())
        typed = [english_style(c) if i in english else c for i, c in enumerate(cells)]
        pending = {i: e for i, e in left.items() if i not in two_ways}
        counts, pending = _read_again(pending, typed, count_with_unit)
        if counts:
            self.cell_counts[(name, f.name)] = {
                i: (*read_as, parsed.errors[i]) for i, read_as in counts.items()}
        if name == "b04_targets":
            rates, pending = _read_again(pending, typed,
                                         lambda cell: rate_with_unit(cell, self.units))
            if rates:
                self.cell_rates[f.name] = {
                    i: (*read_as, parsed.errors[i]) for i, read_as in rates.items()}
        pending.update((i, e) for i, e in left.items() if i in two_ways)
        if len(pending) == len(parsed.errors):
            return parsed
        return replace(parsed, errors=pending)

    def _cell_counts(self, name: str, field: str, i: int, code: str | None,
                     unit: str | None, own: Cell = None) -> float | None:
        """A figure typed with what it counts (``cell_counts``): its number where the row's
        indicator (``code``, whose template unit is ``unit``) counts that thing, and the
        row's own unit (``own``), if given, too; else None, with an error at the cell."""
        number, counted, typed, error = self.cell_counts[(name, field)][i]
        if code is None or unit is None:
            why = "the row is no indicator of the template"
        elif counted_unit(unit) != counted:
            why = f"'{typed}' is not what {code} counts ({unit})"
        elif not is_blank(own) and counted_unit(cell_text(own)) != counted:
            why = f"'{typed}' is not what the row's unit '{cell_text(own)}' counts"
        else:
            return number
        table = self.tables[name]
        label = table.labels[field][i]
        self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                  f"{table.sheets[i]} row {table.rows[i]}, column {label}: {error} ({why})",
                  sheet=table.sheets[i], row=table.rows[i], column=label,
                  raw_value=cell_text(table.cells[field][i]), indicator_code=code)
        return None

    def _cell_money_read(self, name: str, field: str, i: int, value: float,
                         shown: str, code: str) -> None:
        table = self.tables[name]
        cell = cell_text(table.cells[field][i])
        label = table.labels[field][i]
        unit = self.cell_money[(name, field)][i][1][1]
        self.flag(table.files[i], "UNIT_CONVERTED", "info",
                  f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{cell}' names its "
                  f"own unit ({unit}); {code} read as {value:g} {shown}", sheet=table.sheets[i],
                  row=table.rows[i], column=label, raw_value=cell, indicator_code=code)

    def _cell_money_unread(self, name: str, field: str, i: int, why: str,
                           code: str | None) -> None:
        table = self.tables[name]
        label = table.labels[field][i]
        error = self.cell_money[(name, field)][i][2]
        self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                  f"{table.sheets[i]} row {table.rows[i]}, column {label}: {error} ({why})",
                  sheet=table.sheets[i], row=table.rows[i], column=label,
                  raw_value=cell_text(table.cells[field][i]), indicator_code=code)

    def _codes_with_names(self, table: _Table, cells: list[Cell], values: pl.Series,
                          errors: dict[int, str]
                          ) -> tuple[pl.Series, dict[int, str], set[int]]:
        """A commune code typed with its name (``06532 - Xã Mẫu Sơn``, ``Xã Mẫu Sơn
        (06532)``), in B01 and B03: the code, unless the map of the year gives it another name
        (``_code_with_name``); also the positions so typed. Before, in B01, UNPARSEABLE_VALUE,
        and the commune looked up by the row's name downstream. A B01 code typed in thousands
        style (``6.541``) is the code when the row's `Tên xã` is its commune's
        (``_code_as_thousands``); B03 reads no commune's name to check it against."""
        errors = dict(errors)
        codes = values.to_list()
        paired_at: set[int] = set()
        names = table.cells.get("commune_name")
        for i in sorted(errors):
            unit = self.units_of.get(table.files[i])
            if unit is None or type(cells[i]) is not str:
                continue
            text = " ".join(nfc(cells[i]).strip().lstrip("'’‘`").split())
            if (paired := _code_with_name(text, unit[3])) is not None:
                paired_at.add(i)
                code, error = paired
                if error is None:
                    codes[i] = code
                    del errors[i]
                else:
                    errors[i] = error
            elif names is not None and (code := _code_as_thousands(
                    text, names[i], unit[3])) is not None:
                codes[i] = code
                del errors[i]
        return pl.Series(codes, dtype=pl.String), errors, paired_at

    def _communes_named(self, table: _Table, f: t.Field, cells: list[Cell],
                        values: pl.Series, errors: dict[int, str]
                        ) -> tuple[pl.Series, dict[int, str]]:
        """B03's commune given by its name where its code goes, as a person finds it: a code
        with the commune's name (``06532 - Mẫu Sơn``, ``Mẫu Sơn (06532)``) is the code, unless
        the map of the year gives that code another name; a name alone (``Xã Mẫu Sơn``) is
        the one commune (ward, town) of the submitting unit so named, with its type as typed
        or without one (UNIT_BY_NAME).
        A name that no commune of the unit has, or several, is left unread, its error saying
        which communes there are and what to type; so is a name, or an address's commune or
        district, of a file holding legacy text that names its unit only without its marks
        while a legacy font shows another name (``unit_names.legacy_misreading``)."""
        values, errors, paired_at = self._codes_with_names(table, cells, values, errors)
        codes = values.to_list()
        for i in sorted(errors):
            unit = self.units_of.get(table.files[i])
            cell = cells[i]
            if unit is None or type(cell) is not str or i in paired_at:
                continue
            level, unit_code, province, year = unit
            text = " ".join(nfc(cell).strip().lstrip("'’‘`").split())
            at = f"{table.sheets[i]} row {table.rows[i]}, column {table.labels[f.name][i]}"
            where = dict(sheet=table.sheets[i], row=table.rows[i],
                         column=table.labels[f.name][i], raw_value=cell_text(cell))
            whose = f"{'district' if level == 'district' else 'province'} {unit_code}"
            legacy = self.legacy_of.get(table.files[i], frozenset())
            address = commune_of_address(text, year, level, unit_code, province, legacy)
            if address is not None:
                # an address (``Thôn Bản Chắt, xã Mẫu Sơn``): the one commune it names
                found, why = address
                if len(found) == 1:
                    codes[i] = found[0][0]
                    del errors[i]
                    self.flag(table.files[i], "UNIT_BY_NAME", "warning",
                              f"{at}: '{text}' is an address, not a code; read as "
                              f"{found[0][0]}, the one commune of {whose} it names "
                              f"({found[0][1]}) on the map of {year}", **where)
                else:
                    why = why or (
                        f"{len(found)} communes of {whose} have the name it gives" if found
                        else f"no commune of {whose} has the name it gives")
                    errors[i] = (f"'{text}' is an address, not the 5-digit code the column "
                                 f"asks for, and it cannot be read as one commune ({why} on "
                                 f"the map of {year}): type the product's commune code and "
                                 "send the file again")
                continue
            if _LETTER.search(text) is None or re.search(r"\d", text):
                continue
            found = communes_named(text, year, level, unit_code, province)
            if len(found) == 1 and (misread := legacy_misreading(
                    text, found[0][1], legacy)) is not None:
                errors[i] = (f"'{text}' is a name, not the 5-digit code the column asks for, "
                             f"and it names {found[0][0]} {found[0][1]} only without its "
                             f"marks, while the file holds text typed in the legacy "
                             f"{misread[0].upper()} encoding, in which it reads "
                             f"'{misread[1]}': which commune is meant cannot be told; type "
                             "the product's commune code and send the file again")
            elif len(found) == 1:
                codes[i] = found[0][0]
                del errors[i]
                self.flag(table.files[i], "UNIT_BY_NAME", "warning",
                          f"{at}: '{text}' is a name, not a code; read as {found[0][0]}, the "
                          f"one commune of {whose} named so on the map of {year}",
                          **where)
            elif found:
                errors[i] = (f"'{text}' is a name, not the 5-digit code the column asks for, "
                             f"and {len(found)} communes of {whose} have it on the map "
                             f"of {year} ({', '.join(f'{c} {n}' for c, n in found)}): type "
                             "the product's commune code and send the file again")
            else:
                errors[i] = (f"'{text}' is a name, not the 5-digit code the column asks for, "
                             f"and no commune of {whose} has it on the map of {year}: "
                             "type the product's commune code (the GSO code of the list of "
                             "administrative units) and send the file again")
        return pl.Series(f.raw_column, codes, dtype=pl.String), errors

    def _communes_elsewhere(self, table: _Table, f: t.Field, cells: list[Cell],
                            values: pl.Series, errors: dict[int, str]
                            ) -> tuple[pl.Series, dict[int, str]]:
        """A B03 commune code that the map of the report's year places in another district
        than the submitting district's (``06238`` Mẫu Sơn of Cao Lộc in Lộc Bình's list), or,
        for a province's report, in another province (from 2025, a code of the old map
        where the old-to-new mapping sends it): whether the product is the unit's, mistyped
        or another's, cannot be told. The commune is not read, with an error at the cell;
        the row stays, as for any commune not read. A code the map does not have is left
        to the checks downstream, as before. Before, it was stored and counted for the
        commune of the other district without a flag."""
        codes = values.to_list()
        errors = dict(errors)
        for i, code in enumerate(codes):
            unit = self.units_of.get(table.files[i])
            if code is None or i in errors or unit is None:
                continue
            level, unit_code, province, year = unit
            place = commune_place(code, year)
            if place is None:
                continue
            district, provinces = place
            if level == "district" and district is not None:
                if district == unit_code:
                    continue
                named_district = district_name_of(district, province, year)
                other = (f"of district {district}"
                         + (f" ({named_district})" if named_district else
                            f" of province {', '.join(sorted(provinces))}")
                         + f", not of district {unit_code}, the report's")
            elif province in provinces:
                continue
            else:
                other = (f"of province {', '.join(sorted(provinces))}, not of province "
                         f"{province}, the report's")
            named = commune_name(code, year)
            codes[i] = None
            errors[i] = (f"'{cell_text(cells[i])}' is commune {code}"
                         + (f" ({named})" if named else "")
                         + f" {other}, on the map of {year}: whether the product is the "
                         "unit's and the code mistyped cannot be told, so its commune is not "
                         "read; type the product's commune code and send the file again")
        return pl.Series(f.raw_column, codes, dtype=pl.String), errors

    @staticmethod
    def _two_dates(cells: list[Cell], parsed: Parsed) -> Parsed:
        """A B03 date cell naming two different dates (``15/6/2023 (QĐ 12/QĐ-UBND ngày
        16/6/2023)``): which is the recognition's cannot be told, so the cell is unreadable
        (before, the one after ``ngày`` was read). A signature's date beside a period's
        (``ngày 15/01/2024 (số liệu đến 31/12/2023)``) is ThongTin's, left as it is."""
        two = [i for i, cell in enumerate(cells)
               if type(cell) is str and i not in parsed.errors and gives_two_dates(cell)]
        if not two:
            return parsed
        return replace(parsed, values=parsed.values.scatter(two, [None] * len(two)),
                       errors={**parsed.errors, **{
                           i: f"cannot read '{cell_text(cells[i])}' as a date (it gives two "
                              "dates, and which is the recognition's cannot be told)"
                           for i in two}})

    def _month_first(self, table: _Table, f: t.Field, cells: list[Cell], parsed: Parsed
                     ) -> tuple[Parsed, dict[int, int]]:
        """A sheet's B03 dates typed as text month first, as Excel set to English writes them
        (``6/15/2023``, ``12/25/2023``): where some of the column's dates can only be month
        first (the second number above 12) and none can only be day first, the column is
        written month first. Its dates whose second number is above 12 are read so; those
        either style reads (``6/5/2023``: 6 May or 5 June) are not read, an UNPARSEABLE_VALUE
        error each, their year kept (returned by position: the counts of certificates in
        force at a year's end need no more); one SHEET_LAYOUT info names the sheet. Before,
        the unambiguous ones were refused as days of a 15th month, and the others read day
        first without a flag. In a CSV folder whose dates are written month first (any of its
        files showing it, none day first: ``month_first_folders``) every date is read so
        (``_folder_month_first``), as ThongTin's `Ngày lập` is."""
        sheets: dict[tuple[int, str], list[tuple[int, int, int, int]]] = {}
        for i, cell in enumerate(cells):
            if (parts := numeric_date(cell)) is not None:
                sheets.setdefault((table.files[i], table.sheets[i]), []).append(
                    (i, parts[0], parts[1], _full_year(parts[2])))
        values: dict[int, dt.date | None] = {}
        years: dict[int, int] = {}
        errors = dict(parsed.errors)
        for (file, sheet), dates in sheets.items():
            if (styles := self.month_first_folders.get(file)) is not None:
                values.update(self._folder_month_first(table, f, cells, dates, styles, errors))
                continue
            month_first = [d for d in dates if d[1] <= 12 < d[2] <= 31]
            if not month_first or any(d[2] <= 12 < d[1] for d in dates):
                continue
            shown = cell_text(cells[month_first[0][0]])
            ambiguous = []
            for i, first, second, year in dates:
                if second > 12:
                    try:
                        values[i] = month_first_date(cells[i])
                        errors.pop(i, None)
                    except CellError as exc:
                        errors[i] = str(exc)
                elif first != second:
                    values[i] = None
                    ambiguous.append(i)
                    years[i] = year
                    errors[i] = (f"cannot read '{cell_text(cells[i])}' as a date: the column "
                                 f"writes its dates month first ('{shown}' in row "
                                 f"{table.rows[month_first[0][0]]}), so it may be "
                                 f"{first}/{second} or {second}/{first} as day/month; its "
                                 f"year {year} is kept")
            label = table.labels[f.name][month_first[0][0]]
            self.flag(file, "SHEET_LAYOUT", "info",
                      f"{sheet}: column {label} writes its dates month first, as Excel set to "
                      f"English does ('{shown}'); {len(month_first)} date(s) whose day is "
                      "above 12 are read so"
                      + (f", {len(ambiguous)} that could be either are not read"
                         if ambiguous else ""),
                      sheet=sheet, row=table.rows[month_first[0][0]], column=label,
                      raw_value=shown)
        if not values:
            return parsed, years
        return (replace(parsed, values=parsed.values.scatter(list(values),
                                                             list(values.values())),
                        errors=errors), years)

    def _folder_month_first(self, table: _Table, f: t.Field, cells: list[Cell],
                            dates: list[tuple[int, int, int, int]],
                            styles: dict[str, tuple[str, str]], errors: dict[int, str]
                            ) -> dict[int, dt.date]:
        """A B03 sheet's dates typed as text in a CSV folder whose dates are written month
        first (``values.folder_month_first``), by position: every one is read month first,
        as ThongTin's `Ngày lập` is. Those whose second number is above 12 with one
        SHEET_LAYOUT info naming the sheet, as ``_month_first`` gives; each that either style
        reads (``6/5/2023``) with a SHEET_LAYOUT warning at its cell naming the date that
        showed the style, as `Ngày lập`'s (``values.month_first_said``). ``errors`` loses
        theirs. Before, the second were read day first without a flag (5 June as 6 May)."""
        read: dict[int, dt.date] = {}
        own: list[int] = []
        for i, *_ in dates:
            found = folder_month_first(cells[i], lambda: styles)
            if found is None:
                continue
            read[i], shows = found
            errors.pop(i, None)
            if shows:
                own.append(i)
                continue
            label = table.labels[f.name][i]
            typed = cell_text(cells[i])
            self.flag(table.files[i], "SHEET_LAYOUT", "warning",
                      f"{table.sheets[i]} row {table.rows[i]}, column {label}: "
                      f"{month_first_said(typed, read[i], False, styles)}",
                      sheet=table.sheets[i], row=table.rows[i], column=label, raw_value=typed)
        if own:
            i = own[0]
            label, shown = table.labels[f.name][i], cell_text(cells[i])
            self.flag(table.files[i], "SHEET_LAYOUT", "info",
                      f"{table.sheets[i]}: column {label} writes its dates month first, as "
                      f"Excel set to English does ('{shown}'); {len(own)} date(s) whose day is "
                      "above 12 are read so", sheet=table.sheets[i], row=table.rows[i],
                      column=label, raw_value=shown)
        return read

    def _years_of(self, table: _Table, f: t.Field, cells: list[Cell], parsed: Parsed
                  ) -> tuple[pl.Series, dict[int, str]]:
        """The year of each date, also of a date given without its day or as a year only
        (``06/2023``, 2023): such a cell is not an unreadable date but one known to its year,
        said by a DATE_PARTIAL warning; the errors left are the cells that give no year."""
        years = parsed.values.dt.year().cast(pl.Int64)
        partial, left = _read_again(parsed.errors, cells,
                                    lambda cell: partial_year(cell) or year_with_note(cell))
        for i, year in partial.items():
            label = table.labels[f.name][i]
            self.flag(table.files[i], "DATE_PARTIAL", "warning",
                      f"{table.sheets[i]} row {table.rows[i]}, column {label}: "
                      f"'{cell_text(cells[i])}' gives the year {year} but not the day; the "
                      "year is kept (recognized_year), the date and the end of validity are "
                      "not", sheet=table.sheets[i], row=table.rows[i], column=label,
                      raw_value=cell_text(cells[i]))
        if partial:
            years = years.scatter(list(partial), list(partial.values()))
        return years.rename("recognized_year"), left

    def _parse_by_kind(self, columns: list[tuple[str, t.Field]]
                       ) -> dict[tuple[str, str], Parsed]:
        """Each (table, field)'s column read, all the batch's columns of one kind read
        together: a polars query has a fixed cost (about 2 ms) that the batch's many small
        columns (texts in every sheet, three years in B01) would otherwise each pay."""
        groups: dict[str, list[tuple[str, t.Field]]] = {}
        for name, f in columns:
            groups.setdefault(f.kind, []).append((name, f))
        out: dict[tuple[str, str], Parsed] = {}
        for kind, members in groups.items():
            sizes = [len(self.tables[name]) for name, _ in members]
            cells = [c for name, f in members for c in self.tables[name].cells[f.name]]
            percent = None
            if any(any(self.tables[name].percent.get(f.name, ())) for name, f in members):
                percent = [p for (name, f), n in zip(members, sizes, strict=True)
                           for p in self.tables[name].percent.get(f.name, [False] * n)]
            parsed = parse_column(kind, cells, marks=self.marks, percent=percent,
                                  with_text=any(f.text is not None for _, f in members))
            start = 0
            for (name, f), n in zip(members, sizes, strict=True):
                out[(name, f.name)] = Parsed(
                    values=parsed.values.slice(start, n),
                    text=None if parsed.text is None else parsed.text.slice(start, n),
                    errors={i - start: e for i, e in parsed.errors.items()
                            if start <= i < start + n})
                start += n
        return out

    def _marks_frame(self, table: _Table, communes: pl.DataFrame) -> pl.DataFrame:
        series = self._lineage(table)
        series["commune_code"] = communes["commune_code"].gather(
            pl.Series(table.extra["commune_row"], dtype=pl.Int64))
        marks = parse_column(t.MARK, table.cells["mark"], marks=self.marks, with_text=True)
        errors, values = marks.errors, marks.values
        if self.listed_marks:
            # Their cell (the list) is kept as typed and was flagged there once.
            listed = self.listed_marks
            errors = {i: e for i, e in errors.items() if i not in listed}
            values = values.scatter(list(listed), list(listed.values()))
        if self.footnotes:
            errors, values = self._footnoted(table.cells["mark"], table.rows, errors, values,
                                             self.footnotes)
        if self.legend_marks:
            unread = sorted(self.legend_marks)
            for i in unread:
                row, text = self.legend_marks[i]
                errors[i] = (f"'{cell_text(table.cells['mark'][i])}' is a mark of "
                             f"{values[i].replace('_', ' ')} in the template, but row {row} "
                             f"says '{text}', so it is not read")
            values = values.scatter(unread, ["unparseable"] * len(unread))
        if self.ticked_marks:
            decided = self.ticked_marks
            for i, (_, error) in decided.items():
                if error is None:
                    errors.pop(i, None)
                else:
                    errors[i] = error
            values = values.scatter(list(decided), [mark for mark, _ in decided.values()])
        self._cell_flags(table, "mark", table.cells["mark"], errors)
        series["criterion_no"] = pl.Series(table.extra["criterion_no"], dtype=pl.Int64)
        series["column_name"] = pl.Series(table.extra["column_name"], dtype=pl.String)
        series["value_text"] = marks.text
        series["mark"] = values.rename("mark")
        return pl.DataFrame(series)

    def _footnoted(self, cells: list[Cell], rows: list[int], errors: dict[int, str],
                   values: pl.Series,
                   footnotes: dict[int, tuple[dict[str, tuple[int, str]], str | None]]
                   ) -> tuple[dict[int, str], pl.Series]:
        """A mark of met with a footnote's marker (``x*``, ``x (1)``, ``Đạt¹``) is met, as a
        person reads it, unless the footnote takes it back: when the sheet's explanation of
        that marker, or the row's own note, has words of doubt or of not yet (``chờ thẩm
        định``, ``chưa``, ``đang hoàn thiện``, ``dự kiến``), the mark is not read and its
        error quotes them. B01's criterion marks and B05's (``footnotes``: by position in
        the marks' table, what the sheet explains and the row's note)."""
        errors = dict(errors)
        met: list[int] = []
        for i in [i for i in errors if i in footnotes]:
            marker = footnoted_met(cells[i], self.marks)
            if marker is None:
                continue
            explained, own = footnotes[i]
            notes = [explained.get(marker), (rows[i], own) if own else None]
            said = [f"row {row}: '{text}'" for row, text in filter(None, notes)
                    if takes_back(text)]
            if said:
                errors[i] = (f"{errors[i]}: a mark of met with a footnote that may take it back "
                             f"({'; '.join(said)}), so it is not read as met")
            else:
                met.append(i)
        for i in met:
            del errors[i]
        if met:
            values = values.scatter(met, ["met"] * len(met))
        return errors, values

    def _footnoted_stars(self, table: _Table, cells: list[Cell], values: pl.Series,
                         errors: dict[int, str]) -> tuple[pl.Series, dict[int, str]]:
        """A B03 rating with a footnote's marker (``4 sao*``, ``3 sao (1)``) is that rating,
        as a person reads it, unless the footnote takes it back: when the sheet's explanation
        of the marker, or the product's own remark, has words of doubt, of not yet or of a
        lapse (``chờ quyết định``, ``dự kiến``, ``hết hạn``), the rating is not read and its
        error quotes them. Before, every such rating was unreadable. Words saying the
        producer works (``_PRODUCER_WORKS``: ``Đang sản xuất``, ``Tạm ngừng, nay đã hoạt
        động lại``) are no doubt: before, ``đang`` and ``tạm`` took the rating back."""
        errors = dict(errors)
        read: dict[int, int] = {}
        for i in [i for i in sorted(errors) if i in self.star_footnotes]:
            found = footnoted_stars(cells[i])
            if found is None:
                continue
            rating, marker = found
            notes = [self.star_footnotes[i].get(marker),
                     *((table.rows[i], text) for _, text in self.remarks.get(i, ()))]
            said = [f"row {row}: '{text}'" for row, text in filter(None, notes)
                    if takes_back(text, _PRODUCER_WORKS) or _LAPSE.search(fold(text))]
            if said:
                errors[i] = (f"{errors[i]}: a rating with a footnote that may take it back "
                             f"({'; '.join(said)}), so it is not read")
            else:
                read[i] = rating
                del errors[i]
        if read:
            values = values.scatter(list(read), list(read.values()))
        return values, errors

    def _cell_flags(self, table: _Table, name: str, cells: list[Cell],
                    errors: dict[int, str]) -> None:
        labels = table.labels[name]
        for i in sorted(errors):
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column {labels[i]}: {errors[i]}",
                      sheet=table.sheets[i], row=table.rows[i], column=labels[i],
                      raw_value=cell_text(cells[i]))

    def _row_rules(self, out: dict[str, pl.DataFrame]) -> None:
        """Rules about a row rather than a cell: a commune without its code, a B02 row known
        by its name only."""
        if "b01_communes" in out:
            table = self.tables["b01_communes"]
            codes = table.cells["commune_code"]
            names = table.cells["commune_name"]
            columns = table.labels["commune_code"]
            by_name: dict[tuple[int, str], int] = {}  # sheets without a code column
            for i, code in enumerate(codes):
                if i in self.no_commune:
                    continue  # flagged as one of the communes merged into one
                if columns[i] is None:
                    key = (table.files[i], table.sheets[i])
                    by_name[key] = by_name.get(key, 0) + 1
                elif is_blank(code):
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{table.sheets[i]} row {table.rows[i]}: commune "
                              f"'{typed_text(names[i])}' has no Mã xã. Unless its name is "
                              "that of exactly one commune of the unit (COMMUNE_BY_NAME), it "
                              "is in no count, and the unit's figures counted over its "
                              "communes (SO_XA …) are not computed",
                              sheet=table.sheets[i], row=table.rows[i], column="Mã xã")
            for (file, sheet), count in by_name.items():
                self.flag(file, "SHEET_LAYOUT", "warning",
                          f"{sheet}: no Mã xã column; its {count} communes are read by their "
                          "names. Each is the one rural commune of the unit with its name "
                          "(COMMUNE_BY_NAME); a name that is not one commune's is in no "
                          "count, and then the unit's figures counted over its communes "
                          "(SO_XA …) are not computed", sheet=sheet)
            if self.status_remarks:
                out["b01_communes"] = self._status_in_doubt(out["b01_communes"])
        if "b02_funding" in out:
            out["b02_funding"] = self._named_parts(self._funding_rows(self._codes_against_names(
                self._too_small_for_the_unit(self._too_large_for_the_unit(
                    self._too_large_for_millions(
                    self._row_units(self._refused(self._figures_in_names(
                        out["b02_funding"], t.B02, ("value", "quantity"))))))))))
        if "b05_district_criteria" in out:
            # the mark as typed: a blank mark reads as not met, but is no figure of the row
            out["b05_district_criteria"] = self._remarks_taking_back(self._criteria_twice(
                self._unconfirmed(self._criteria_not_told(self._indicator_rows(
                    out["b05_district_criteria"], t.B05, ("value_text",))))))
        if "b06_aggregates" in out:
            out["b06_aggregates"] = self._year_only_rows(self._money_rows(self._no_shares(
                self._money_parts(self._changes(self._other_wholes(self._other_times(
                    self._indicator_rows(self._figures_in_names(
                        out["b06_aggregates"], t.B06, ("value",)), t.B06, ("value",)), t.B06,
                    ("value",)), t.B06, ("value",)), t.B06, ("value",)), t.B06), t.B06),
                t.B06), t.B06, ("value",))
        if "b03_ocop" in out:
            out["b03_ocop"] = self._not_one_product(self._lapsed(self._upgraded_later(
                self._rated_twice(self._district_proposals(
                    self._checked_years(self._dated_decisions(out["b03_ocop"])))))))
        if "b04_targets" in out:
            out["b04_targets"] = self._year_only_rows(self._target_units(self._changes(
                self._other_wholes(self._other_times(self._indicator_rows(
                    self._figures_in_names(out["b04_targets"], t.B04, _B04_FIGURES),
                    t.B04, _B04_FIGURES), t.B04, _B04_FIGURES),
                    t.B04, _B04_FIGURES), t.B04, _B04_FIGURES)), t.B04, _B04_FIGURES)

    def _status_in_doubt(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B01 commune whose remark says a status it is given was withdrawn or lost
        (``Bị thu hồi quyết định công nhận``, ``Không còn đạt chuẩn``), is only proposed or
        awaiting recognition (``Đang đề nghị công nhận``, ``Chờ quyết định``, ``Đủ điều kiện
        xét công nhận``), or was recognised again (``Công nhận lại năm 2024``): whether it
        holds, or since when, cannot be told from the sheet. The status named (with the
        levels above it; every level when none is named) is not read where the row gives
        it a year or a mark: its year is null and the row records it in
        ``status_years_unreadable``, with an UNPARSEABLE_VALUE error at the remark's cell.
        Before, the year was read and the commune counted as reached."""
        table = self.tables["b01_communes"]
        years = {f.raw_column: frame[f.raw_column].to_list() for f in t.B01.fields
                 if f.kind == t.YEAR}
        unreadable = frame["status_years_unreadable"].to_list()
        marked = frame["status_years_marked"].to_list()
        for i, remarks in sorted(self.status_remarks.items()):
            given = {*_listed(marked[i])} | {c for c, v in years.items() if v[i] is not None}
            for label, text in remarks:
                heading = label.startswith("heading")
                levels = _status_remarked(text, "" if heading else label.split(" (", 1)[-1],
                                          heading=heading)  # the header without its letter
                doubted = [c for c in years if c in levels and c in given]
                self._status_claimed(i, label, text, given, unreadable)
                if not doubted:
                    continue
                for c in doubted:
                    years[c][i] = None
                    given.discard(c)
                marked[i] = ", ".join(c for c in _listed(marked[i]) if c not in doubted) or None
                unreadable[i] = ", ".join(
                    c for c in years if c in {*_listed(unreadable[i]), *doubted}) or None
                where = label if heading else f"column {label}"
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}, {where}: '{text}' "
                          "may say that the commune's status was withdrawn, is only proposed "
                          "or awaiting recognition, or was recognised again; whether it holds, "
                          f"or since when, cannot be told, so {', '.join(doubted)} is not "
                          "read (the status is unknown, not 'not reached')",
                          sheet=table.sheets[i], row=table.rows[i], column=label,
                          raw_value=text)
        return frame.with_columns(
            *(pl.Series(c, v, dtype=pl.Int64) for c, v in years.items()),
            pl.Series("status_years_unreadable", unreadable, dtype=pl.String),
            pl.Series("status_years_marked", marked, dtype=pl.String))

    def _status_claimed(self, i: int, label: str, text: str, given: set[str],
                        unreadable: list[str | None]) -> None:
        """A B01 remark saying the commune has reached a level (a note ``Đã đạt chuẩn NTM
        nâng cao``, ``Xã NTM nâng cao``; ``_claimed``) whose status year the row leaves blank:
        a person reads the level reached, its year not given, where the template reads the
        blank as not reached. Which is meant cannot be told, so the status is unknown, not
        "not reached": the row records the level in ``status_years_unreadable`` (of
        ``_status_in_doubt``), with a STATUS_MARK warning naming the remark. A remark agreeing
        with a year given changes nothing."""
        table = self.tables["b01_communes"]
        claimed, listed = _claimed(text), _listed(unreadable[i])
        blank = [c for c in _LEVELS if c in claimed and c not in given and c not in listed]
        if not blank:
            return
        unreadable[i] = ", ".join(
            c for c in _LEVELS if c in {*_listed(unreadable[i]), *blank}) or None
        text = nfc(text.strip())
        where = label if label.startswith("heading") else f"column {label}"
        self.flag(table.files[i], "STATUS_MARK", "warning",
                  f"{table.sheets[i]} row {table.rows[i]}, {where}: '{text}' says the "
                  "commune has reached a level whose year the row leaves blank "
                  f"({', '.join(blank)}), which the template reads as not reached; which "
                  "holds cannot be told, so the status is unknown, not 'not reached'",
                  sheet=table.sheets[i], row=table.rows[i], column=label, raw_value=text)

    def _district_proposals(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B03 rating of 4 or 5 read from a column headed as the district's (``Hạng sao
        cấp huyện`` alone, or beside the province's where its cell is blank): the district
        recognises 3 stars (the template's ``Cấp công nhận``: ``Huyện`` for 3, ``Tỉnh`` for
        4, ``Trung ương`` for 5), and its 4 or 5 is a proposal pending at the province, no
        rating granted. Not read, with an error at its cell, unless the row's ``Cấp công
        nhận`` names the province or the centre (``_RECOGNISED_ABOVE``). Before, it was read
        as granted (alone), or the whole sheet was lost (beside the province's)."""
        if not self.district_rated:
            return frame
        table = self.tables["b03_ocop"]
        stars = frame["stars"].to_list()
        texts = frame["stars_text"].to_list()
        levels = table.cells.get("recognition_level", [])
        labels = table.labels["stars"]
        for i in sorted(self.district_rated):
            if stars[i] not in (4, 5):
                continue
            level = levels[i] if i < len(levels) else None
            if type(level) is str and _RECOGNISED_ABOVE.search(fold(level)):
                continue
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column {labels[i]}: "
                      f"{stars[i]} stars in the district's rating, which the province's does "
                      "not give on this row: the district grants 3 stars, its 4 or 5 is a "
                      "proposal to the province, not a rating granted; it is not read and the "
                      "OCOP counts it could change are not computed", sheet=table.sheets[i],
                      row=table.rows[i], column=labels[i], raw_value=texts[i])
            stars[i] = None
        return frame.with_columns(pl.Series("stars", stars, dtype=pl.Int64))

    def _lapsed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B03 product whose remark says its certificate no longer holds (``Hết hạn``,
        ``Hết hiệu lực``, ``Đã thu hồi``): a person does not count it in force, and whether
        it counted at any year end cannot be told from the sheet. Its rating is not read
        (an error at the remark's cell), so downstream the OCOP counts it could change are
        absent, as a rating noted ``4 sao (hết hạn)`` leaves them. Before, it counted.
        So too a remark saying the rating is only proposed or awaits its decision (``Chờ
        quyết định công nhận``), unless it names only another rating (``Chờ QĐ nâng hạng 5
        sao`` beside 4 stars). A remark giving only the end of validity (``Hết hạn ngày
        15/6/2026``) leaves the rating read where that end makes the counts certain
        (``_validity_in_doubt``). So too a producer said dissolved or stopped, in its own cell
        or a remark (``HTX Yên Khoái (đã giải thể)``, ``Cơ sở ngừng hoạt động``): before, the
        product counted as a current one. Every remark column of the row is read."""
        table = self.tables["b03_ocop"]
        stars = frame["stars"].to_list()
        years = frame["recognized_year"].to_list()
        names = frame["product_name"].to_list()
        notes: dict[int, list[tuple[str, str]]] = {
            i: list(remarks) for i, remarks in self.remarks.items()}
        name_labels = table.labels.get("product_name", [])
        for i, name in enumerate(names):
            # a note in brackets after the product's name ("Chè (đang hoàn thiện hồ sơ)")
            # is the row's remark too
            if name and i < len(name_labels) and name_labels[i] is not None:
                notes.setdefault(i, []).extend(
                    (f"{name_labels[i]}", found) for found in _NAME_NOTE.findall(name))
        report_years = {file: unit[3] for file, unit in self.units_of.items()}
        for i, found in sorted(self._status_said(notes).items()):
            for label, text, how in found:
                if stars[i] is None:
                    break
                message = self._lapse_message(table, i, label, text, stars[i], years[i],
                                              report_years.get(table.files[i]),
                                              str(names[i]), how)
                if message is None:
                    continue
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error", message,
                          sheet=table.sheets[i], row=table.rows[i], column=label,
                          raw_value=text)
                stars[i] = None
        return frame.with_columns(pl.Series("stars", stars, dtype=pl.Int64))

    def _upgraded_later(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B03 row whose remark or other column the template does not know names a
        re-rating in a year after the recognition date's (``Hình thức công nhận: Nâng hạng
        2023``, ``Nâng hạng từ 3 sao (QĐ 55/QĐ-UBND ngày 10/8/2023)`` beside 15/6/2021): a
        person reads a certificate of that later year, which the row's date and rating may
        or may not be. Neither is read, with an error at the cell naming the re-rating.
        One naming the date's year, or an earlier one (the first recognition's), or only
        planned or awaited (``Dự kiến đánh giá lại năm 2026``), leaves the row as read.
        Before, the first recognition's date was stored (UNKNOWN_COLUMN info)."""
        table = self.tables["b03_ocop"]
        years = frame["recognized_year"].to_list()
        stars, dates = frame["stars"].to_list(), frame["recognized_on"].to_list()
        cells: dict[int, list[tuple[str, str]]] = {
            i: list(remarks) for i, remarks in self.remarks.items()}
        for i, found in self.status_cells.items():
            cells.setdefault(i, []).extend((label, text) for label, text, _ in found)
        unread: list[int] = []
        for i, found in sorted(cells.items()):
            for label, text in found:
                folded = fold(text)
                if (years[i] is None or not _UPGRADE.search(folded)
                        or _PLANNED.search(folded) or _PENDING.search(folded)):
                    continue  # a re-rating planned or awaited is no certificate yet
                later = sorted({int(y) for y in _A_YEAR.findall(folded) if int(y) > years[i]})
                if not later:
                    continue
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{text}' "
                          f"names a re-rating in {', '.join(map(str, later))}, after the "
                          f"recognition of {years[i]} the row gives: whether its date and "
                          "rating are the first recognition's or the re-rating's cannot be "
                          "told, so neither is read and the OCOP counts they could change "
                          "are not computed", sheet=table.sheets[i], row=table.rows[i],
                          column=label, raw_value=text)
                unread.append(i)
                break
        if not unread:
            return frame
        for i in unread:
            stars[i], dates[i], years[i] = None, None, None
        return frame.with_columns(pl.Series("stars", stars, dtype=pl.Int64),
                                  pl.Series("recognized_on", dates, dtype=pl.Date),
                                  pl.Series("recognized_year", years, dtype=pl.Int64))

    def _status_said(self, notes: dict[int, list[tuple[str, str]]]
                     ) -> dict[int, list[tuple[str, str, str]]]:
        """Every B03 cell of a row that may say its certificate no longer holds, by position:
        the label, the text and how it is read (``_lapse_message``). The remarks and notes
        after the name say all a remark may (``remark``); the cells of the other columns the
        template does not know (``Trạng thái: Đã thu hồi``), of the decision (``12/QĐ-UBND
        (đã thu hồi)``) and of the level (``Tỉnh (hết hạn)``) say only a lapse (``lapse``),
        and a column asking whether the certificate holds answers it (``answer``). The
        producer's cell (``HTX Yên Khoái (đã giải thể)``), free text, is taken only where it
        says the producer was dissolved or stopped (``_STOPPED``; ``producer``)."""
        table = self.tables["b03_ocop"]
        said: dict[int, list[tuple[str, str, str]]] = {
            i: [(label, text, "remark") for label, text in found]
            for i, found in notes.items()}
        for i, cells in self.status_cells.items():
            said.setdefault(i, []).extend(
                (label, text, "answer" if answered else "lapse")
                for label, text, answered in cells)
        for name in ("decision_no", "recognition_level"):
            labels = table.labels.get(name, [])
            for i, cell in enumerate(table.cells.get(name, [])):
                if type(cell) is str and cell.strip() and labels[i] is not None:
                    said.setdefault(i, []).append((labels[i], cell, "lapse"))
        # the producer's cell, free text, is read for a producer dissolved or stopped only
        labels = table.labels.get("producer", [])
        for i, cell in enumerate(table.cells.get("producer", [])):
            if type(cell) is str and labels[i] is not None and _STOPPED.search(fold(cell)):
                said.setdefault(i, []).append((labels[i], cell, "producer"))
        return said

    def _not_one_product(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B03 row that may stand for several products, where a person counts more than
        one: a count of products beside it other than one (``Số lượng sản phẩm`` 3, ``Số
        SP``, ``SL``), a name stating a count (``Chè Shan tuyết (3 sản phẩm)``, ``Có 15 sản
        phẩm``) or listing several (``Mật ong, Chè, Măng khô``), or one name in one commune
        given to two producers (``Chè Shan tuyết`` of HTX A and of HTX B, which the counts
        take for one product). Downstream a row is one product, so its rating is not read,
        with an error at the cell that says so, and the OCOP counts it could change are
        absent. Before, each row counted once with at most an info."""
        table = self.tables["b03_ocop"]
        stars = frame["stars"].to_list()
        names = frame["product_name"].to_list()
        labels = table.labels.get("product_name", [None] * len(names))
        cells = table.cells.get("product_name", [])  # as typed, with its line breaks
        found: dict[int, tuple[str | None, str, str]] = {}  # position -> column, typed, why
        for i, (label, cell) in sorted(self.quantities.items()):
            if type(cell) in (int, float) and cell == 1:
                continue
            if type(cell) is str and _ONE.fullmatch(fold(cell).strip()):
                continue
            found[i] = (label, typed_text(cell), "gives the row's count of products as "
                        f"'{typed_text(cell)}', not one")
        for i, name in enumerate(names):
            if i in found or not name:
                continue
            folded = fold(name)
            if _NAMES_A_COUNT.search(folded) or _SEVERAL_KINDS.search(folded):
                found[i] = (labels[i], name, "names a count of products, or several kinds")
                continue
            typed = cells[i] if i < len(cells) and type(cells[i]) is str else name
            if (listed := _products_listed(typed)) > 1:
                found[i] = (labels[i], typed, f"lists {listed} products")
        for i, why in self._two_producers(frame, table).items():
            found.setdefault(i, (table.labels.get("producer", [None] * len(names))[i],
                                 str(frame["producer"][i]), why))
        for i, (label, typed, why) in sorted(found.items()):
            if stars[i] is None and not why.startswith("names a count"):
                continue  # no rating read: the row counts nowhere already
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column {label}: the row of "
                      f"product '{names[i]}' {why}; a row is counted as one product, so its "
                      "rating is not read and the OCOP counts it could change are not "
                      "computed", sheet=table.sheets[i], row=table.rows[i], column=label,
                      raw_value=typed)
            stars[i] = None
        return frame.with_columns(pl.Series("stars", stars, dtype=pl.Int64))

    @staticmethod
    def _two_producers(frame: pl.DataFrame, table: _Table) -> dict[int, str]:
        """B03 rows of one sheet giving one product name in one commune to two different
        producers: two products, which downstream take for one (a product is its name in
        its commune), or one product listed twice; by position, why."""
        rows: dict[tuple, list[int]] = {}
        producers = frame["producer"].to_list()
        for i, (name, commune, stars) in enumerate(frame.select(
                "product_name", "commune_code", "stars").iter_rows()):
            if name and stars is not None and producers[i] and str(producers[i]).strip():
                key = (table.files[i], table.sheets[i], " ".join(nfc(name).lower().split()),
                       commune)
                rows.setdefault(key, []).append(i)
        found: dict[int, str] = {}
        for listed in rows.values():
            named = {fold(producers[i]) for i in listed}
            if len(named) < 2:
                continue
            given = "; ".join(f"row {table.rows[i]}: '{producers[i]}'" for i in listed)
            for i in listed:
                found[i] = (f"is listed again in its commune with another producer ({given}): "
                            "two products of one name, counted as one, or one product listed "
                            "twice, cannot be told apart")
        return found

    def _lapse_message(self, table: _Table, i: int, label: str, text: str, stars: int,
                       year: int | None, report: int | None, name: str,
                       how: str = "remark") -> str | None:
        """Why a B03 remark (or a note in brackets after the product's name) keeps the row's
        rating out, or None: the certificate lapsed, awaits its decision or is only hoped
        for (``tiềm năng``, ``dự kiến đánh giá``), or the product was counted in another
        year's report (``đã tính năm 2022``), or the producer was dissolved or stopped
        (``đã giải thể``, ``ngừng hoạt động``, ``phá sản``), and not said to work again
        (``_PRODUCER_WORKS``: ``Tạm ngừng, nay đã hoạt động lại``): a person does not count the
        product as a current one without checking. Another cell of the row (``how``, of
        ``_status_said``) is read for a lapse or a producer stopped only: a status column's
        or the decision's other words (``Dự kiến đánh giá lại``) speak of what comes next,
        not of the rating; the producer's cell for the producer stopped alone."""
        # a denial ("Không bị thu hồi") says nothing lapsed, as in B01's remarks
        folded = _STATUS_NOT_DOUBT.sub(" ", fold(text))
        at = f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{text}'"
        product = f"product '{name}'"
        lapsed = (f"{at} may say the certificate of {product} no longer holds "
                  "(expired or withdrawn); whether it counts cannot be told, so its "
                  "rating is not read and the OCOP counts it could change are not "
                  "computed")
        if how == "answer":
            return lapsed
        if _STOPPED.search(_PRODUCER_WORKS.sub(" ", folded)):
            return (f"{at} may say the producer of {product} was dissolved or has stopped "
                    "its business; whether the product is still a current OCOP product "
                    "cannot be told, so its rating is not read and the OCOP counts it could "
                    "change are not computed")
        if how == "producer":
            return None
        if (end := validity_end(text)) is not None:
            why = self._validity_in_doubt(table.files[i], year, end)
            if why is None:
                return None
            return (f"{at} gives the end of the certificate of {product}, {why}; so "
                    "its rating is not read and the OCOP counts it could change are not "
                    "computed")
        if how == "lapse":
            return lapsed if _LAPSE.search(folded) and not _STILL.search(folded) else None
        if (_PENDING.search(folded) or _OCOP_PENDING.search(folded)) and not _LAPSE.search(
                folded):
            named = ratings_named(text)
            if named and stars not in named:
                return None  # "Chờ QĐ nâng hạng 5 sao": the rating held is not in question
            return (f"{at} may say the rating of {product} is only proposed or awaits its "
                    "decision, or is hoped for; whether it is a certificate cannot be told, "
                    "so its rating is not read and the OCOP counts it could change are not "
                    "computed")
        if _COUNTED.search(folded) and (
                any(int(y) != report for y in _A_YEAR.findall(folded))
                or YEAR_BEFORE.search(folded)):
            return (f"{at} may say {product} was counted in another year's report; "
                    "whether it is a certificate of this year's list cannot be told, so its "
                    "rating is not read and the OCOP counts it could change are not computed")
        if not _LAPSE.search(folded) or _STILL.search(folded):
            return None
        return lapsed

    def _validity_in_doubt(self, file: int, recognized: int | None,
                           end: tuple[int, dt.date | None]) -> str | None:
        """Why an end of validity given in a B03 remark (``Hết hạn ngày 15/6/2026``) leaves
        the rating unread, or None where it makes the counts certain: the certificate is in
        force past 31 December of the reporting year, and it ends in the third year after
        its recognition's, as every certificate of 36 months does (so it counts at exactly
        the year ends the certificate's year gives). Before, any remark with ``hết hạn`` kept
        the rating out, and one with ``hiệu lực đến`` a date of the year let it count."""
        year, day = end
        said = day.strftime("%d/%m/%Y") if day is not None else f"in {year}"
        unit = self.units_of.get(file)
        report = unit[3] if unit is not None else None
        if report is not None and year <= report:
            return f"{said}, by 31 December {report}: it was not in force at that year end"
        if recognized is None:
            return f"{said}, but the recognition's year is not known"
        if year != recognized + 3:
            return (f"{said}, which is not 36 months after a recognition of {recognized}: "
                    "which of the two is right cannot be told")
        if report is None:
            return f"{said}, but the reporting year is not known"
        return None

    def _rated_twice(self, frame: pl.DataFrame) -> pl.DataFrame:
        """One product (its name, ignoring case and spacing, in one commune) listed twice in a
        sheet with two ratings on one recognition date: which rating it holds cannot be
        told (a re-rating has a later date), so neither is read, with an error at each
        rating's cell; downstream the counts they could change are absent. Before, the higher
        rating counted at year end without a flag."""
        table = self.tables["b03_ocop"]
        rows: dict[tuple, list[int]] = {}
        for i, (name, commune, on, stars) in enumerate(frame.select(
                "product_name", "commune_code", "recognized_on", "stars").iter_rows()):
            if name and on is not None and stars is not None:
                key = (table.files[i], table.sheets[i], " ".join(nfc(name).lower().split()),
                       commune, on)
                rows.setdefault(key, []).append(i)
        stars = frame["stars"].to_list()
        texts = frame["stars_text"].to_list()
        unread: list[int] = []
        for key, found in rows.items():
            if len({stars[i] for i in found}) < 2:
                continue
            typed = "; ".join(f"row {table.rows[i]}: '{texts[i]}'" for i in found)
            for i in found:
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}, column "
                          f"{table.labels['stars'][i]}: product '{frame['product_name'][i]}' "
                          f"is listed with two ratings recognized on {key[4]:%d/%m/%Y} "
                          f"({typed}); which it holds cannot be told, so neither is read",
                          sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["stars"][i], raw_value=texts[i])
                unread.append(i)
        if not unread:
            return frame
        for i in unread:
            stars[i] = None
        return frame.with_columns(pl.Series("stars", stars, dtype=pl.Int64))

    def _dated_decisions(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B03's decision carrying its date (``Số 123/QĐ-UBND ngày 15/6/2023``) beside a
        date column of its own: where the date cell is blank a person reads the date in the
        decision (before, the row had no date, and the unit's OCOP counts it could change
        were absent); where the two give different years one of them is mistyped, and which
        cannot be told: the row has no recognition date, with an error at the decision's
        cell. Rows read from a re-rating are left as read."""
        table = self.tables["b03_ocop"]
        labels = table.labels.get("decision_no", ())
        date_labels = table.labels.get("recognized_on", ())
        if not any(labels) or not any(date_labels):
            return frame
        parse = cell_parser(t.DATE)
        dates, years = frame["recognized_on"].to_list(), frame["recognized_year"].to_list()
        cells, date_cells = table.cells["decision_no"], table.cells["recognized_on"]
        later = self.later_rows.get("b03_ocop", set())
        for i, cell in enumerate(cells):
            if (labels[i] is None or date_labels[i] is None or labels[i] == date_labels[i]
                    or i in later or type(cell) is not str):
                continue
            try:
                dated = parse(cell)
            except CellError:
                continue
            if not isinstance(dated, dt.date):
                continue
            if is_blank(date_cells[i]):
                dates[i], years[i] = dated, dated.year
            elif years[i] is not None and years[i] != dated.year:
                at = f"{table.sheets[i]} row {table.rows[i]}, column {labels[i]}"
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{at}: the decision is dated {dated:%d/%m/%Y}, in another year than "
                          f"the recognition date ('{cell_text(date_cells[i])}' in column "
                          f"{date_labels[i]}); which is right cannot be told, so the row has "
                          "no recognition date", sheet=table.sheets[i], row=table.rows[i],
                          column=labels[i], raw_value=cell_text(cell))
                dates[i] = years[i] = None
        return frame.with_columns(pl.Series("recognized_on", dates, dtype=pl.Date),
                                  pl.Series("recognized_year", years, dtype=pl.Int64))

    def _checked_years(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B03's recognition date checked against a year-only column beside it (``Năm công
        nhận`` beside ``Ngày quyết định``: CHECK), as a statistician checks one against the
        other. Where they differ one of them is mistyped, and which cannot be told: the row
        has no recognition date (the counts it could change are then absent downstream),
        with an error at the year's cell. A blank date is known by the year (DATE_PARTIAL).
        A year that cannot be read checks nothing (a warning). Rows read from a re-rating
        are not checked: the year may be the first recognition's."""
        table = self.tables["b03_ocop"]
        check = next((f for f in t.B03.fields if f.kind == t.CHECK), None)
        if check is None or not any(table.labels.get(check.name, ())):
            return frame
        cells, labels = table.cells[check.name], table.labels[check.name]
        dates, years = frame["recognized_on"].to_list(), frame["recognized_year"].to_list()
        date_cells, date_labels = table.cells["recognized_on"], table.labels["recognized_on"]
        later = self.later_rows.get("b03_ocop", set())
        for i, cell in enumerate(cells):
            if labels[i] is None or is_blank(cell) or i in later:
                continue
            where = dict(sheet=table.sheets[i], row=table.rows[i], column=labels[i],
                         raw_value=cell_text(cell))
            at = f"{table.sheets[i]} row {table.rows[i]}, column {labels[i]}"
            try:
                year = parse_year(cell)
            except CellError:
                year = partial_year(cell)
            if year is None:
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "warning",
                          f"{at}: cannot read '{cell_text(cell)}' as a year; the recognition "
                          f"date in column {date_labels[i]} is read unchecked", **where)
            elif is_blank(date_cells[i]) and dates[i] is None:
                years[i] = year
                self.flag(table.files[i], "DATE_PARTIAL", "warning",
                          f"{at}: the recognition date in column {date_labels[i]} is blank; "
                          f"the year {year} given here is kept (recognized_year), the date "
                          "and the end of validity are not", **where)
            elif years[i] is not None and years[i] != year:
                typed, source = cell_text(date_cells[i]), date_labels[i]
                if is_blank(date_cells[i]):  # the date read in the decision
                    typed = cell_text(table.cells["decision_no"][i])
                    source = table.labels["decision_no"][i]
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{at}: the year {year} differs from the recognition date's "
                          f"('{typed}' in column {source}); which is right cannot be "
                          "told, so the row has no recognition date", **where)
                dates[i] = years[i] = None
        return frame.with_columns(pl.Series("recognized_on", dates, dtype=pl.Date),
                                  pl.Series("recognized_year", years, dtype=pl.Int64))

    def _criteria_not_told(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B05 rows whose criterion cannot be told: coded as one criterion and named as
        another (``H2 | Thủy lợi và phòng, chống thiên tai``, as codes typed down a list
        sorted by its marks give), or coded with what is no code of the template and named
        as no criterion (``10 | An ninh, trật tự xã hội``). Read by the code, a mark was
        stored as another criterion's, or as a tenth criterion's, without a flag; as B04's
        code and name naming two indicators, and ``Tiêu chí số 2: Thủy lợi…``, they are
        errors, and the mark is not read (``unparseable``)."""
        known = template_codes("B05")
        table = self.tables["b05_district_criteria"]
        codes = frame["criterion_code"].to_list()
        names = frame["criterion_name"].to_list()
        marks = frame["mark"].to_list()
        raw_codes = table.cells["criterion_code"]
        changed = False
        for i, code in enumerate(codes):
            where = f"{table.sheets[i]} row {table.rows[i]}"
            if code in known and (named := indicator_by_name("B05", names[i])) not in (
                    None, code):
                field, raw, message = "criterion_name", names[i], (
                    f"{where}: the row is coded {code}, but its name '{names[i]}' is "
                    f"{named}'s; which criterion its mark is cannot be told, and it is not "
                    "read (write the code and the name of one criterion)")
            elif code not in known and not is_blank(raw_codes[i]) and not is_blank(names[i]):
                field, raw = "criterion_code", cell_text(raw_codes[i])
                message = (f"{where}: '{raw}' is not a code of the template and its name "
                           f"'{names[i]}' is no district criterion's; its mark is not read "
                           "(write H1 to H9, or the criterion's name)")
            else:
                continue
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error", message,
                      sheet=table.sheets[i], row=table.rows[i], column=table.labels[field][i],
                      raw_value=raw)
            marks[i] = "unparseable"
            changed = True
        if not changed:
            return frame
        return frame.with_columns(pl.Series("mark", marks, dtype=pl.String))

    def _criteria_twice(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B05 criterion given on two rows of a sheet with two marks (blocks of the
        district's own assessment and the province's appraisal, ``Huyện tự đánh giá`` then
        ``Tỉnh thẩm định``, each H1 to H9): which mark is the result cannot be told from the
        rows, and stored twice the criterion was counted both ways without a flag. Neither
        is read, an error at each (the same mark twice is left to downstream's
        DUPLICATE_ROW)."""
        known = template_codes("B05")
        table = self.tables["b05_district_criteria"]
        codes = frame["criterion_code"].to_list()
        marks = frame["mark"].to_list()
        given: dict[tuple[int, str, str], list[int]] = {}
        for i, code in enumerate(codes):
            if code in known:
                given.setdefault((table.files[i], table.sheets[i], code), []).append(i)
        changed = False
        for (_, _, code), rows in given.items():
            if len({marks[i] for i in rows}) < 2:
                continue
            said = ", ".join(f"row {table.rows[i]} '{cell_text(table.cells['met'][i])}'"
                             for i in rows)
            for i in rows:
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}: criterion {code} is given "
                          f"more than once with different marks ({said}); which is the "
                          "result cannot be told, so it is not counted as met or as not met",
                          sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["met"][i],
                          raw_value=cell_text(table.cells["met"][i]), indicator_code=code)
                marks[i] = "unparseable"
            changed = True
        if not changed:
            return frame
        return frame.with_columns(pl.Series("mark", marks, dtype=pl.String))

    def _remarks_taking_back(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B05 criterion marked met whose remark takes the mark back (``Đạt`` beside
        ``Chưa đạt``, ``Chưa được tỉnh thẩm định``, ``Đã bị thu hồi``, ``Đạt năm 2024 (dự
        kiến)``; ``_takes_the_mark_back``): which holds cannot be told, so the mark is not
        read (``unparseable``), with an UNPARSEABLE_VALUE error at the remark's cell quoting
        both, as the same words in the mark's own cell are. A remark that agrees or says
        nothing of the mark (``Đạt năm 2020``, ``Duy trì``, a decision's number) leaves it
        read. Before, the criterion was stored as met without a flag."""
        if not self.criterion_remarks:
            return frame
        table = self.tables["b05_district_criteria"]
        marks = frame["mark"].to_list()
        for i, remarks in sorted(self.criterion_remarks.items()):
            said = next(((label, text) for label, text in remarks
                         if _takes_the_mark_back(text)), None)
            if marks[i] != "met" or said is None:
                continue
            label, text = said
            marks[i] = "unparseable"
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: the criterion is marked "
                      f"'{cell_text(table.cells['met'][i])}' in column {table.labels['met'][i]} "
                      f"(met), but column {label} remarks '{nfc(text.strip())}', which says "
                      "it is not met, not appraised, withdrawn, only proposed or planned; "
                      "which holds cannot be told, so it is not counted as met or as not met",
                      sheet=table.sheets[i], row=table.rows[i], column=label,
                      raw_value=nfc(text.strip()))
        return frame.with_columns(pl.Series("mark", marks, dtype=pl.String))

    def _unconfirmed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B05 giving the district's own assessment beside the province's appraisal (``Huyện
        tự đánh giá | Tỉnh thẩm định``): the appraisal is the result. Where it is blank, the
        district's mark of not met is read (nobody says the criterion is met), but its mark of
        met is the district's word alone: not read (``unparseable``), with an error at the
        appraisal's cell, since a criterion counted as met that the province did not confirm
        would be a wrong number.

        A criterion whose own row is blank, its indicators' rows below marked
        (``_add_indicator_marks``): not met when an indicator is not met; when they are all
        marked met, not read either (whether they are all its indicators cannot be told)."""
        if not self.unconfirmed and not self.indicator_marks and not self.both_ticked:
            return frame
        table = self.tables["b05_district_criteria"]
        marks = frame["mark"].to_list()
        for i, (label, cell) in sorted(self.both_ticked.items()):
            try:
                unmet = parse_mark(cell, self.marks)
            except CellError:
                unmet = "unparseable"
            if marks[i] != "met" or unmet == "not_met":
                continue  # a mark of not met under `Chưa đạt` (`0`, `-`) agrees
            marks[i] = "unparseable"
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: the criterion is marked "
                      f"'{cell_text(table.cells['met'][i])}' in column {table.labels['met'][i]} "
                      f"(met) and '{cell_text(cell)}' in column {label} (not met); which is "
                      "right cannot be told, so it is not counted as met or as not met",
                      sheet=table.sheets[i], row=table.rows[i], column=label,
                      raw_value=cell_text(cell))
        for i, given in sorted(self.indicator_marks.items()):
            read = []
            for _, cell in given:
                try:
                    read.append(parse_mark(cell, self.marks))
                except CellError:
                    read.append("unparseable")
            if "not_met" in read or "basically_met" in read:
                continue  # an indicator not met: the criterion is not met, as read
            # A blank beside indicators marked met: whether they are all the criterion's
            # indicators cannot be told, so it is neither met nor not met.
            marks[i] = "unparseable"
            rows = ", ".join(f"{r} '{cell_text(c)}'" for r, c in given)
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column "
                      f"{table.labels['met'][i] or ''}: the criterion's own row gives no mark, "
                      f"and its indicators' rows below give {rows}; whether the criterion is "
                      "met cannot be told from them (the criterion is met when all its "
                      "indicators are), so it is not counted as met or as not met. Give the "
                      "criterion's mark on its own row", sheet=table.sheets[i],
                      row=table.rows[i], column=table.labels["met"][i])
        for i, appraisal in sorted(self.unconfirmed):
            if marks[i] in ("not_met", "basically_met"):
                continue
            marks[i] = "unparseable"
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column {appraisal}: the "
                      "appraisal (thẩm định) is blank and only the district's own assessment, "
                      f"column {table.labels['met'][i]}, says "
                      f"'{cell_text(table.cells['met'][i])}'; the criterion is not counted "
                      "as met or as not met until the appraisal gives its result",
                      sheet=table.sheets[i], row=table.rows[i], column=appraisal)
        return frame.with_columns(pl.Series("mark", marks, dtype=pl.String))

    def _figures_in_names(self, frame: pl.DataFrame, spec: t.SheetSpec,
                          figures: tuple[str, ...]) -> pl.DataFrame:
        """A row whose figure cells are blank and whose name ends with a figure
        (``Ngân sách địa phương: 800``, ``… - 800``, ``… 800 triệu đồng``;
        ``values.figure_in_name``): the office typed the figure in the name. It is not read
        from there (a name may hold numbers of its own: ``Chương trình 135``), but the row's
        figure is not blank either: an UNPARSEABLE_VALUE error at the name says so, and a B02
        amount is unknown (``value_unreadable``), so that the unit's total is not computed
        from the other sources as if they were all. Before, the amount counted as nothing,
        without a flag (TONG_VON 1550 for 2350)."""
        table = self.tables[spec.table]
        name_field = spec.anchors[1]
        names = table.cells[name_field]
        unreadable = (frame["value_unreadable"].to_list() if "value_unreadable" in frame.columns
                      else None)
        for i, name in enumerate(names):
            if any(not is_blank(table.cells[f][i]) for f in figures) or (
                    unreadable is not None and unreadable[i]):
                continue
            figure = figure_in_name(name, self.units)
            if figure is None:
                continue
            where = ", ".join(label for f in figures if (label := table.labels[f][i]))
            lost = ("the source's amount is not known, and the unit's total is not computed"
                    if unreadable is not None else "the row's figure is not known")
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: the name '{cell_text(name)}' "
                      f"ends with a figure ({figure}) and the row's figure cells ({where}) "
                      "are blank; the figure is not read from the name (a name may hold "
                      f"numbers of its own), so {lost}: type the figure in its own cell",
                      sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels[name_field][i], raw_value=cell_text(name))
            if unreadable is not None:
                unreadable[i] = True
        if unreadable is None:
            return frame
        return frame.with_columns(pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _refused(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B02 rows whose amount is not read: of a table laid out across (``_add_across``
        said why), or under a heading whose money unit is in doubt (``Layout.money_out``):
        kept as typed, their money unknown (``value_unreadable``)."""
        if not self.refused:
            return frame
        amounts = frame["amount_million_vnd"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        for i in self.refused:
            amounts[i], unreadable[i] = None, True
        return frame.with_columns(
            pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
            pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _codes_against_names(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A row whose code and name are two sources of the template (`5 | Cộng đồng dân cư`).
        Several such rows in a sheet: its Mã nguồn column numbers the rows the office's own
        way (`1 Vốn ngân sách nhà nước, 2 Vốn lồng ghép, …`), so every coded row is read by
        its name, as a person reads it, and a row whose name is no source of the template
        counts in none (an error where it has money). One such row: which of the two is
        meant cannot be told, and its money is not read. Before, the code won without a
        flag: the community's money stored as an enterprise's."""
        table = self.tables["b02_funding"]
        codes = frame["source_code"].to_list()
        names = frame["source_name"].to_list()
        named = [funding_by_name(n) if c is not None and n else None
                 for c, n in zip(codes, names, strict=True)]
        # A row coded as a source but naming a group of them (`1 | Vốn ngân sách nhà nước`
        # over the two budgets) is none of them: its code is dropped, and it is read as a row
        # without one (``_funding_rows``). Before, the state budget was the central budget's.
        codes = [None if c is not None and names_a_group(n) else c
                 for c, n in zip(codes, names, strict=True)]
        frame = frame.with_columns(pl.Series("source_code", codes, dtype=pl.String))
        clashes: dict[tuple[int, str], list[int]] = {}
        for i, (code, by_name) in enumerate(zip(codes, named, strict=True)):
            # "Khác" under the community is its 6.4, not source 7.
            if by_name is not None and by_name != code and not (
                    by_name == "7" and code.startswith("6.")):
                clashes.setdefault((table.files[i], table.sheets[i]), []).append(i)
        if not clashes:
            return frame
        amounts = frame["amount_million_vnd"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        texts = frame["value_text"].to_list()
        for (file, sheet), rows in clashes.items():
            if len(rows) == 1:
                (i,) = rows
                self.flag(file, "UNPARSEABLE_VALUE", "error",
                          f"{sheet} row {table.rows[i]}: Mã nguồn {codes[i]} is a source of the "
                          f"template, but the name '{names[i]}' is source {named[i]}; which "
                          "is meant cannot be told, and the amount is not read",
                          sheet=sheet, row=table.rows[i], column=table.labels["source_code"][i],
                          raw_value=cell_text(table.cells["source_code"][i]))
                amounts[i], unreadable[i] = None, True
                continue
            self.flag(file, "SHEET_LAYOUT", "warning",
                      f"{sheet}: in {len(rows)} rows the Mã nguồn and the name are two sources "
                      "of the template: the column numbers the rows the office's own way, and "
                      "every row is read by its name", sheet=sheet,
                      column=table.labels["source_code"][rows[0]])
            for i in range(len(codes)):
                if (table.files[i], table.sheets[i]) != (file, sheet) or codes[i] is None:
                    continue
                codes[i] = named[i]
                if named[i] is None and amounts[i] is not None:
                    self.flag(file, "UNPARSEABLE_VALUE", "error",
                              f"{sheet} row {table.rows[i]}: '{names[i] or ''}' is not a source "
                              "of the template, and its Mã nguồn is the office's own numbering; "
                              "it is not counted in any source, so the unit's total is not "
                              "known", sheet=sheet, row=table.rows[i],
                              column=table.labels["source_name"][i], raw_value=texts[i])
                    unreadable[i] = True
        return frame.with_columns(
            pl.Series("source_code", codes, dtype=pl.String),
            pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
            pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _funding_rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A row with no code, or a code that is not the template's, is matched by its name
        when the name is one of the template's sources; otherwise a row with a value is an
        error, because its money would belong to no source."""
        table = self.tables["b02_funding"]
        raw_codes = table.cells["source_code"]
        codes = frame["source_code"].to_list()
        names = frame["source_name"].to_list()
        amounts = frame["amount_million_vnd"].to_list()
        texts = frame["value_text"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        above: int | None = None  # the last row above with a code, in the same sheet
        typed: int | None = None  # the last row above whose code was typed as a source's
        # Sources by code, or by name for rows read by their names, for a group's sum.
        lookahead = [c if c is not None else funding_by_name(n)
                     for c, n in zip(codes, names, strict=True)]
        owners, levels = _owners(table, names)
        # The source the row above was read as a part of, and the parts' money so far: a
        # run of parts under ``Trong đó``.
        after_part: int | None = None
        parts = 0.0
        for i, code in enumerate(codes):
            if i and (table.files[i], table.sheets[i]) != (table.files[i - 1],
                                                           table.sheets[i - 1]):
                above = typed = None
                after_part = None
            previous_part, after_part = after_part, None
            if code is not None:
                above = typed = i
                continue
            named = funding_by_name(names[i])
            parent = codes[above] if above is not None else None
            if named is not None and named.startswith("6.") and not (
                    parent is not None and (parent == "6" or parent.startswith("6."))):
                # "- Tiền mặt" under "5 Doanh nghiệp": a part of that row, not the
                # community's cash.
                if amounts[i] is not None:
                    if above is None:
                        severity, why = "error", ("no source of community money; it is not "
                                                  "counted in any source")
                    elif amounts[above] is not None:
                        severity, why = "warning", (f"source {parent}; it is read as a part of "
                                                    "that row, not counted again")
                    else:
                        severity, why = "error", (f"source {parent}; it is read as a part of "
                                                  "that row, which has no value: this money "
                                                  "is not counted")
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", severity,
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' names a "
                              f"part of community money ({named}) but follows {why}",
                              sheet=table.sheets[i], row=table.rows[i], column="Mã nguồn",
                              raw_value=texts[i])
                continue
            if (named is not None and typed is not None and _a_part(names[i])
                    and amounts[i] is not None and amounts[typed] is not None
                    and named != codes[typed] and not named.startswith(codes[typed] + ".")
                    and not _siblings(named, codes[typed])):
                # "Trong đó: vốn lồng ghép | 300" under "2 Ngân sách địa phương | 800": a
                # part of that row, which holds its money, though its name is a source's.
                # Under a part (``6.3 Ngày công``), another source's name (``- Khác``: the
                # community's other gifts, or source 7?) is no part a person can tell, and
                # left out of every source it left the unit's total short: an error, and
                # the total is not computed.
                doubtful = "." in codes[typed]
                self.flag(table.files[i], "UNPARSEABLE_VALUE",
                          "error" if doubtful else "warning",
                          f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' is listed as "
                          f"a part of source {codes[typed]} above (Trong đó, a bullet), though "
                          f"its name is source {named}'s; "
                          + ("which source it is cannot be told, and it is not counted in any "
                             "source, so the unit's total is not known" if doubtful else
                             "it is read as a part of that row, not counted again"),
                          sheet=table.sheets[i], row=table.rows[i], column="Mã nguồn",
                          raw_value=texts[i])
                unreadable[i] = unreadable[i] or doubtful
                continue
            owner = owners[i]
            source = codes[owner] if owner is not None else None
            if named is not None and source is not None and levels[owner] == 0 \
                    and named != source and not named.startswith(source + ".") \
                    and not _siblings(named, source):
                # "- | Vốn lồng ghép | 300" under "2 | Ngân sách địa phương | 800", the bullet
                # in the STT column (or before the name, in a sheet read by its names): a part
                # of that row, though its name is a source's. Before, it was counted as
                # source 3 too, the 300 twice. Only a source's own row (no bullet) holds
                # sources as parts: under a part, a source's name is its sibling's, the
                # bullets mixed (`- Tiền mặt`, `+ Ngày công` under the community).
                if amounts[i] is not None:
                    held = amounts[owner] is not None
                    self.flag(table.files[i], "UNPARSEABLE_VALUE",
                              "warning" if held else "error",
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' is listed "
                              f"as a part of source {source} above (a bullet), though its name "
                              f"is source {named}'s; it is read as a part of that row, "
                              + ("not counted again" if held else "which has no value: this "
                                 "money is not counted"),
                              sheet=table.sheets[i], row=table.rows[i], column="Mã nguồn",
                              raw_value=texts[i])
                continue
            if named is not None:
                above = i
            group = named is None and names_a_group(names[i])
            if not is_blank(raw_codes[i]) and not group:
                if named is not None:
                    codes[i] = named
                    self._matched_by_name(table, i, names[i], named)
                continue
            codes[i] = named
            if codes[i] is None and amounts[i] is not None:
                # "- Ngân sách tỉnh" under "2 Ngân sách địa phương": a person reads it as a
                # part of the row above, whose money already holds it; so with its bullet in
                # a cell of its own (``- | Ngân sách tỉnh``), which was an error before.
                # "ngân sách huyện | 300" after "Trong đó: ngân sách tỉnh | 600" under "2 |
                # … | 1000": the next part of that row, while the parts stay within its money.
                listed = (previous_part is not None and previous_part == above
                          and amounts[above] is not None
                          and parts + amounts[i] <= amounts[above] + 1e-6)
                part_of = (above if _a_part(names[i]) or listed
                           else owner if source is not None else None)
                if part_of is not None and amounts[part_of] is not None:
                    parts = (parts if previous_part == part_of else 0.0) + amounts[i]
                    after_part = part_of
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "warning",
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' is no "
                              f"source of the template and is listed as a part of source "
                              f"{codes[part_of]} above; it is not counted again",
                              sheet=table.sheets[i], row=table.rows[i], column="Mã nguồn",
                              raw_value=texts[i])
                    continue
                if _sums_the_rows_below(i, lookahead, amounts, table, 1 if group else 2):
                    # "Vốn ngân sách nhà nước | 2000" over "1 … 1200" and "2 … 800": a group
                    # of sources, its money theirs, not counted again; its section key in
                    # the code's column (``I``) is no source's code to read.
                    self._code_of_a_group(table, i)
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "info",
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i] or ''}' is "
                              f"no source of the template{', but a group of sources' * group}; "
                              "its amount is the sum of the sources listed next to it, and "
                              "is not counted again", sheet=table.sheets[i], row=table.rows[i],
                              column="Mã nguồn", raw_value=texts[i])
                    continue
                listed_under = (i + 1 < len(codes) and lookahead[i + 1] is not None
                                and (table.files[i + 1], table.sheets[i + 1])
                                == (table.files[i], table.sheets[i]))
                why = ("has a value but no Mã nguồn" if not group else
                       "names a group of sources whose amount is not the sum of the sources "
                       "listed under it" if listed_under else
                       "names a group of sources whose sources are not listed under it")
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}: '{names[i] or ''}' {why} "
                          "and is not a source of the template; it is not counted in any "
                          "source, so the unit's total is not known",
                          sheet=table.sheets[i], row=table.rows[i], column="Mã nguồn",
                          raw_value=texts[i])
                unreadable[i] = True
        return frame.with_columns(pl.Series("source_code", codes, dtype=pl.String),
                                  pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _named_parts(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B02 rows whose names say what part of the money they hold, beyond their code.

        Row 6 (the community's whole) named as one part of it alone (``6 | Cộng đồng dân cư
        (tiền mặt)``), in a sheet giving no part with a value: the money is that part's
        (6.1), read so with a warning; before, it was the whole community contribution
        (``community_unspecified``). A source's row whose name says its money includes
        another source listed with its own amount (``2 | Ngân sách địa phương (gồm cả vốn
        lồng ghép)`` beside ``3 | Vốn lồng ghép``): that money would be counted twice, and
        the row's own share is unknown, so its amount is not read (an error; the unit's
        total is then not computed). Before, both were counted."""
        table = self.tables["b02_funding"]
        codes = frame["source_code"].to_list()
        names = frame["source_name"].to_list()
        amounts = frame["amount_million_vnd"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        texts = frame["value_text"].to_list()
        sheets: dict[tuple[int, str], list[int]] = {}
        for i in range(len(codes)):
            sheets.setdefault((table.files[i], table.sheets[i]), []).append(i)
        changed = False
        for rows in sheets.values():
            changed |= self._partial_breakdown(rows, codes, names, amounts, texts)
            valued = {codes[i] for i in rows if codes[i] and amounts[i] is not None}
            for i in rows:
                code, name = codes[i], names[i]
                if code is None or not isinstance(name, str) or amounts[i] is None:
                    continue
                part = part_named(name, "community") if code == "6" else None
                if part is not None and part.startswith("6.") and part not in valued:
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "warning",
                              f"{table.sheets[i]} row {table.rows[i]}: source 6 is the "
                              f"community's whole contribution, but the row is named "
                              f"'{name}', one part of it alone: it is read as source {part}",
                              sheet=table.sheets[i], row=table.rows[i],
                              column=table.labels["source_name"][i], raw_value=texts[i])
                    codes[i], changed = part, True
                    continue
                twice = [s for s in sources_included(name) if s in valued and s != code
                         and not s.startswith(code + ".") and not code.startswith(s + ".")]
                if not twice:
                    continue
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}: source {code} is named "
                          f"'{name}', its money including source {', '.join(twice)}, which "
                          "the sheet lists with its own amount: that money would be counted "
                          "twice, and the row's own share is not known; its amount is not "
                          "read, so the unit's total is not known", sheet=table.sheets[i],
                          row=table.rows[i], column=table.labels["source_name"][i],
                          raw_value=texts[i])
                amounts[i], unreadable[i], changed = None, True, True
        if not changed:
            return frame
        return frame.with_columns(
            pl.Series("source_code", codes, dtype=pl.String),
            pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
            pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _partial_breakdown(self, rows: list[int], codes: list, names: list,
                           amounts: list, texts: list) -> bool:
        """Parts of the community's row 6 written as a breakdown of it (``Trong đó: tiền
        mặt``, ``- Tiền mặt``, read as 6.x by their names) that add up to less than row 6:
        they say what some of its money is, not all of it. Counted as the community's
        parts, they would replace row 6 downstream and its remainder would be lost (the
        unit's total too low). They are kept as notes of row 6 (a warning), which is read
        as the community's whole, not broken down. Parts typed with the template's codes
        are the template's breakdown and stay (FUNDING_SUM_MISMATCH downstream)."""
        table = self.tables["b02_funding"]
        raw = table.cells["source_code"]
        changed = False
        for k, i in enumerate(rows):
            if codes[i] != "6" or amounts[i] is None:
                continue
            parts = []
            for j in rows[k + 1:]:
                if codes[j] is None or not codes[j].startswith("6."):
                    break
                parts.append(j)
            valued = [j for j in parts if amounts[j] is not None]
            if not valued or any(
                    not _a_part(names[j]) or cell_text(raw[j]).strip() == codes[j]
                    for j in valued):
                continue
            whole, listed = amounts[i], sum(amounts[j] for j in valued)
            if listed >= whole or _agree(listed, whole):
                continue
            for j in valued:
                self.flag(table.files[j], "UNPARSEABLE_VALUE", "warning",
                          f"{table.sheets[j]} row {table.rows[j]}: '{names[j]}' is listed "
                          f"under source 6 as part of its money, and the parts listed add up "
                          f"to {listed:g} of its {whole:g}: they are a part of it, not its "
                          "breakdown; kept as a note, row 6 is read as the community's "
                          "whole, not broken down", sheet=table.sheets[j], row=table.rows[j],
                          column=table.labels["source_name"][j], raw_value=texts[j])
                codes[j], changed = None, True
        return changed

    def _too_large_for_millions(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B02 sheet whose money unit was assumed (no unit in its header or above it) and
        that holds an amount above ``MAX_ASSUMED_MILLION_VND``: a person reading it sees that
        its figures are not million VND (most likely đồng), though not what they are. None
        of its amounts in the assumed unit is read (``value_unreadable``), and one error
        says why; rows that name their own unit keep it."""
        table = self.tables["b02_funding"]
        amounts = frame["amount_million_vnd"].to_list()
        units = frame["value_unit"].to_list()
        assumed = [i for i, source in enumerate(table.unit_sources["value"])
                   if source == "assumed" and amounts[i] is not None
                   and units[i] == table.units["value"][i]]
        largest = _too_large(table, assumed, amounts)
        if not largest:
            return frame
        for (file, sheet), i in largest.items():
            self.flag(file, "UNIT_ASSUMED", "error",
                      f"{sheet}: no money unit is named, and row {table.rows[i]} holds "
                      f"{cell_text(table.cells['value'][i])}, more than any unit mobilizes "
                      "in a year if it were million VND (the template's unit): the figures "
                      "are in another unit, most likely đồng. None of the sheet's amounts is "
                      "read; name the unit in the header ('Giá trị (đồng)') or above the "
                      "table and send the file again", sheet=sheet, row=table.rows[i],
                      column=table.labels["value"][i], raw_value=cell_text(table.cells["value"][i]))
        return _not_read_in(frame, table, assumed, largest, amounts, units)

    def _too_large_for_the_unit(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B02 sheet whose money unit is named (``Giá trị (triệu đồng)``, ``Đơn vị tính:
        tỷ đồng``) and that holds an amount, read in it, above ``MAX_NAMED_MILLION_VND``:
        a person reading it sees figures typed in a smaller unit (đồng under ``triệu
        đồng``), not a unit that mobilized more than the whole country. None of its amounts
        in that unit is read (``value_unreadable``), and one error says why; rows that name
        their own unit keep it. As ``_too_large_for_millions`` does where no unit is
        named."""
        table = self.tables["b02_funding"]
        amounts = frame["amount_million_vnd"].to_list()
        units = frame["value_unit"].to_list()
        stated = [i for i, source in enumerate(table.unit_sources["value"])
                  if source in ("header", "table") and amounts[i] is not None
                  and units[i] == table.units["value"][i]]
        largest = _too_large(table, stated, amounts, MAX_NAMED_MILLION_VND)
        if not largest:
            return frame
        for (file, sheet), i in largest.items():
            unit = table.units["value"][i]
            self.flag(file, "UNIT_CONFLICT", "error",
                      f"{sheet}: the money unit is {unit}, but row {table.rows[i]} holds "
                      f"{cell_text(table.cells['value'][i])} {unit}, more than any unit "
                      "mobilizes in a year (more than a million billion VND): the figures "
                      "are in a smaller unit, most likely đồng. None of the "
                      f"sheet's amounts in {unit} is read; check the unit and send the file "
                      "again", sheet=sheet, row=table.rows[i], column=table.labels["value"][i],
                      raw_value=cell_text(table.cells["value"][i]))
        return _not_read_in(frame, table, stated, largest, amounts, units)

    def _too_small_for_the_unit(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B02 sheet whose money unit is named, is less than a million VND (``Giá trị
        (đồng)``, ``Đơn vị tính: nghìn đồng``), and whose largest amount in it is below
        ``MIN_LARGEST_MILLION_VND``: a person reading it sees figures typed in million VND
        under the wrong unit, not a unit that mobilized less than a hundred million VND from
        any source in a year. None of its amounts in that unit is read
        (``value_unreadable``), and one error says why; rows that name their own unit keep
        it. The mirror of ``_too_large_for_millions``."""
        table = self.tables["b02_funding"]
        amounts = frame["amount_million_vnd"].to_list()
        units = frame["value_unit"].to_list()
        stated = [i for i, source in enumerate(table.unit_sources["value"])
                  if source in ("header", "table") and table.factors["value"][i] < 1.0
                  and amounts[i] is not None and units[i] == table.units["value"][i]]
        largest: dict[tuple[int, str], int] = {}
        for i in stated:
            key = (table.files[i], table.sheets[i])
            if key not in largest or amounts[i] > amounts[largest[key]]:
                largest[key] = i
        # The sheet's largest in any unit: a small source in đồng beside sources typed with
        # their own unit (`1,2 tỷ`) is a real unit's.
        sheet_max: dict[tuple[int, str], float] = {}
        for i, amount in enumerate(amounts):
            if amount is not None:
                key = (table.files[i], table.sheets[i])
                sheet_max[key] = max(sheet_max.get(key, 0.0), amount)
        # Below a million VND, a largest amount in the named unit is millions typed by habit
        # whatever the other rows hold.
        small = {key: i for key, i in largest.items()
                 if amounts[i] > 0 and (amounts[i] < 1.0
                                        or sheet_max[key] < MIN_LARGEST_MILLION_VND)}
        if not small:
            return frame
        for (file, sheet), i in small.items():
            unit = table.units["value"][i]
            self.flag(file, "UNIT_CONFLICT", "error",
                      f"{sheet}: the money unit is {unit}, but the largest amount (row "
                      f"{table.rows[i]}) is {cell_text(table.cells['value'][i])} {unit}, less "
                      f"than {MIN_LARGEST_MILLION_VND:.0f} million VND, far less than any unit "
                      "mobilizes from a source in a year: the figures are most likely in "
                      "million VND (the template's unit). None of the sheet's amounts in "
                      f"{unit} is read; check the unit and send the file again",
                      sheet=sheet, row=table.rows[i], column=table.labels["value"][i],
                      raw_value=cell_text(table.cells["value"][i]))
        return _not_read_in(frame, table, stated, small, amounts, units)

    def _row_units(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A B02 row's own unit is the unit of its value, as a person reads `Hiến đất | m2 |
        1.000` or `Ngân sách trung ương | Tỷ đồng | 1,5`: its `Đơn vị tính` without a
        `Khối lượng` column, a money unit there beside a blank quantity, or a unit its name
        gives in brackets (`- Hiến đất (m2)`, `Ngân sách tỉnh (tỷ đồng)`). A money unit
        converts the amount (a column header or line above naming another is an error; the
        row's own unit is used); any other unit makes the value a quantity, and the source's
        money is not known (``value_unreadable``). Before, 1.000 m2 of land was read as 1,000
        million VND."""
        table = self.tables["b02_funding"]
        quantity_columns, unit_columns = table.labels["quantity"], table.labels["quantity_unit"]
        quantity_cells, unit_cells = table.cells["quantity"], table.cells["quantity_unit"]
        names = frame["source_name"].to_list()
        typed_units: dict[int, tuple[Cell, str, str | None]] = {}
        for i, (q, u) in enumerate(zip(quantity_columns, unit_columns, strict=True)):
            if u is not None and not is_blank(unit_cells[i]):
                if q is None or (is_blank(quantity_cells[i])
                                 and money_factor(unit_cells[i], self.units) is not None):
                    typed_units[i] = (unit_cells[i], "the row's Đơn vị tính", u)
            elif names[i] and (named := unit_named_in_brackets(names[i], self.units)) and (
                    q is None or money_factor(named, self.units) is not None):
                # Beside a Khối lượng column, a quantity's unit in the name is its unit.
                typed_units[i] = (named, "the unit in the row's name",
                                  table.labels["source_name"][i])
        if not typed_units:
            return frame
        frame = self._units_typed_above(frame, typed_units)
        amounts = frame["amount_million_vnd"].to_list()
        value_units = frame["value_unit"].to_list()
        quantities = frame["quantity"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        texts = frame["value_text"].to_list()
        for i, (typed, said, column) in typed_units.items():
            column_unit = table.units["value"][i]
            if (amounts[i] is None or value_units[i] != column_unit
                    or table.unit_sources["value"][i] == "cell"):
                continue  # nothing to read, or the cell named its own unit (`1,2 tỷ`)
            plain = amounts[i] / table.factors["value"][i]
            where = f"{table.sheets[i]} row {table.rows[i]}"
            own = money_factor(typed, self.units)
            if own is not None:
                if own[1] == column_unit:
                    continue
                if table.unit_sources["value"][i] in ("header", "table"):
                    self.flag(table.files[i], "UNIT_CONFLICT", "error",
                              f"{where}: the row's unit is {own[1]} but the sheet says "
                              f"{column_unit} for column {table.labels['value'][i]}; the row's "
                              "own unit is used", sheet=table.sheets[i], row=table.rows[i],
                              column=column, raw_value=cell_text(typed))
                amounts[i], value_units[i] = plain * own[0], own[1]
                continue
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "warning",
                      f"{where}: the value {texts[i]} is in '{cell_text(typed)}' ({said}), not "
                      "money: it is read as the quantity, and the source's amount in money is "
                      "not known", sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels["value"][i], raw_value=texts[i])
            quantities[i], amounts[i], value_units[i], unreadable[i] = plain, None, None, True
        return frame.with_columns(
            pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
            pl.Series("value_unit", value_units, dtype=pl.String),
            pl.Series("quantity", quantities, dtype=pl.Float64),
            pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _units_typed_above(self, frame: pl.DataFrame,
                           typed_units: dict[int, tuple[Cell, str, str | None]]
                           ) -> pl.DataFrame:
        """A blank B02 `Đơn vị tính` (no `Khối lượng` column) under a money unit typed on a
        row above in that column holds that unit, as a person reads `1 | Ngân sách trung
        ương | Tỷ đồng | 1,2005` over `2 | Ngân sách địa phương | | 0,8`: 800 million VND, not
        0.8. Before, the blank rows were read in the column's assumed million VND, a thousand
        times too small. Only where the column's unit is the template's assumed one and the
        row is money: a blank under a unit the column header or a line above contradicts,
        under a quantity's unit (`m2`), or on donated land, labour days or goods in kind
        (which offices also give as quantities: `m2`, `ngày công`) is in doubt, and its
        amount is not read (``value_unreadable``), with an error. A sheet whose typed money
        units are all the column's is read as before.

        A ditto mark (``nt``, ``Như trên``, ``"``: ``values.is_ditto``) right under a unit
        typed says that unit explicitly: read as the blank is, with the same guards, and
        also under the column's own unit (``Triệu đồng`` over ``nt``: million VND). It was
        a unit that is not money, and the row's money was not read. Such rows are taken out
        of ``typed_units`` (the caller's), so that ``_row_units`` does not read the mark as
        the row's unit. A ditto under a blank, on the first row or under a row not read
        repeats nothing, and is left there, as before."""
        table = self.tables["b02_funding"]
        column_units = table.units["value"]
        dittos = {i for i, (typed, said, _) in typed_units.items()
                  if said == "the row's Đơn vị tính" and is_ditto(typed)}
        if not dittos and not any(said == "the row's Đơn vị tính"
                                  and (own := money_factor(typed, self.units)) is not None
                                  and own[1] != column_units[i]
                                  for i, (typed, said, _) in typed_units.items()):
            return frame  # no money unit typed other than the column's: nothing to carry
        quantity_columns, unit_columns = table.labels["quantity"], table.labels["quantity_unit"]
        unit_cells = table.cells["quantity_unit"]
        codes = frame["source_code"].to_list()
        names = frame["source_name"].to_list()
        amounts = frame["amount_million_vnd"].to_list()
        value_units = frame["value_unit"].to_list()
        unreadable = frame["value_unreadable"].to_list()
        texts = frame["value_text"].to_list()
        place: tuple[int, str, str | None] | None = None
        carried: tuple[int, Cell] | None = None  # the last unit typed above: its row, its cell
        other: str | None = None  # a money unit typed above other than the column's
        # The row above in the column: its sheet row, and the unit typed it holds (the row
        # typed in, the cell), None where it is blank or a ditto repeating nothing.
        previous: tuple[int, tuple[int, Cell] | None] | None = None
        for i, (q, u) in enumerate(zip(quantity_columns, unit_columns, strict=True)):
            if (table.files[i], table.sheets[i], u) != place:
                place, carried, other = (table.files[i], table.sheets[i], u), None, None
                previous = None
            if u is None or q is not None:
                continue
            column_unit = column_units[i]
            if i in dittos:
                # `nt` right under a unit typed (or under a ditto of one) is that unit; under
                # a blank, on the first row or under a row not read, it repeats nothing and
                # stays a unit that is not money, as before.
                here = previous[1] if previous is not None and (
                    previous[0] == table.rows[i] - 1) else None
                previous = (table.rows[i], here)
                carried = here or (table.rows[i], unit_cells[i])
                if here is None:
                    continue
                del typed_units[i]
                how = f"'{cell_text(unit_cells[i])}' (as above) is typed in the row's {u}"
            elif not is_blank(unit_cells[i]):
                carried = (table.rows[i], unit_cells[i])
                previous = (table.rows[i], carried)
                own = money_factor(unit_cells[i], self.units)
                if own is not None and own[1] != column_unit and other is None:
                    other = own[1]
                continue
            else:
                previous = (table.rows[i], None)
                if other is None or carried is None or i in typed_units:
                    continue
                here, how = carried, f"no unit is typed in the row's {u}"
            if (amounts[i] is None or value_units[i] != column_unit
                    or table.unit_sources["value"][i] == "cell"):
                continue
            above, typed = here
            own = money_factor(typed, self.units)
            if own is not None and own[1] == column_unit:
                continue  # the unit above is the column's: read as before
            part = codes[i] if codes[i] in _QUANTITY_PARTS else part_named(
                names[i], "community")
            where = f"{table.sheets[i]} row {table.rows[i]}"
            said = f"'{cell_text(typed)}' typed in row {above} of column {u}"
            if own is not None and part not in _QUANTITY_PARTS and (
                    table.unit_sources["value"][i] == "assumed"):
                amounts[i] = amounts[i] / table.factors["value"][i] * own[0]
                value_units[i] = own[1]
                continue
            if own is None:
                check, why = "UNIT_ASSUMED", (
                    f"the unit above it is {said}, not money"
                    + (f", and the column holds {other} on a row above" if other else "")
                    + ": which unit the value is in cannot be told")
            elif part in _QUANTITY_PARTS:
                check, why = "UNIT_ASSUMED", (
                    f"the unit above it is {said}, but {_PART_WORDS[part]} is also given as "
                    "a quantity (m2, ngày công) or in the column's "
                    f"{column_unit}: which unit the value is in cannot be told")
            else:
                check, why = "UNIT_CONFLICT", (
                    f"the unit above it is {said}, but the sheet says {column_unit} for "
                    f"column {table.labels['value'][i]}: which is meant cannot be told")
            self.flag(table.files[i], check, "error",
                      f"{where}: {how}; {why}, and the value is not read. Type the row's "
                      "unit and send the file again",
                      sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels["value"][i], raw_value=texts[i])
            amounts[i], value_units[i], unreadable[i] = None, None, True
        return frame.with_columns(
            pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
            pl.Series("value_unit", value_units, dtype=pl.String),
            pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

    def _money_rows(self, frame: pl.DataFrame, spec: t.SheetSpec) -> pl.DataFrame:
        """Money indicators (TONG_VON, VON_CONG_DONG: million VND in the template) in million
        VND: in the unit the row's own unit cell names, else the one a line above the table
        declares (``Đơn vị tính: tỷ đồng``), else the template's. A row whose unit cell names
        no money unit, or under lines that name two, is not read: its value would be a
        guess. A sheet where the template's unit is only assumed and a money row holds more
        than ``MAX_ASSUMED_MILLION_VND`` is not in million VND: none of its money rows in the
        assumed unit is read."""
        table = self.tables[spec.table]
        codes = frame["indicator_code"].to_list()
        values = frame["value"].to_list()
        texts = frame["value_text"].to_list()
        own_units = table.cells["unit_of_measure"]
        units: list[str | None] = [None] * len(codes)
        # A unit the row's name gives in brackets ("Tổng nguồn lực huy động (tỷ đồng)") is
        # the row's own when its unit cell is blank.
        names = frame["indicator_name"].to_list()
        named = [unit_in_brackets(names[i], self.units)
                 if is_blank(own_units[i]) and names[i] and code in spec.money_rows else None
                 for i, code in enumerate(codes)]

        def assumed(i: int) -> bool:
            line = self.line_units.get((table.files[i], table.sheets[i]))
            return is_blank(own_units[i]) and named[i] is None and (
                line is None or (line.unit is None and line.conflict is None))

        too_large = _too_large(table, [i for i, code in enumerate(codes)
                                       if code in spec.money_rows and values[i] is not None
                                       and assumed(i)], values)
        # A value typed with its money unit (``1,2 tỷ``) is in that unit, whatever the row's
        # or the sheet's says, as in B02; in a row that is not money it is not read.
        for i, (number, (factor, unit), _) in self.cell_money.get(
                (spec.table, "value"), {}).items():
            if codes[i] in spec.money_rows:
                values[i], units[i] = number * factor, unit
                self._cell_money_read(spec.table, "value", i, values[i], "million VND",
                                      codes[i])
            else:
                self._cell_money_unread(
                    spec.table, "value", i, f"{codes[i]} is not money" if codes[i]
                    else "the row is no indicator of the template", codes[i])
        # A count typed with what it counts (``200 xã``) is that count where the row's
        # indicator counts that thing; elsewhere it is not read.
        counted = seeds.aggregate_units()
        for i in self.cell_counts.get((spec.table, "value"), {}):
            values[i] = self._cell_counts(spec.table, "value", i, codes[i],
                                          counted.get(codes[i] or ""), own_units[i])
        for i, code in enumerate(codes):
            if code not in spec.money_rows or values[i] is None or units[i] is not None:
                continue
            where = f"{table.sheets[i]} row {table.rows[i]}"
            line = self.line_units.get((table.files[i], table.sheets[i]))
            own = own_units[i]
            problem: tuple[str, str] | None = None
            if not is_blank(own) or named[i] is not None:
                unit = money_factor(own, self.units) if named[i] is None else named[i]
                in_name = unit_in_brackets(names[i], self.units) if names[i] else None
                if unit is None:
                    problem = ("UNPARSEABLE_VALUE",
                               f"{where}: {code} is money but its unit '{cell_text(own)}' is "
                               "not a money unit; the value is not read")
                elif in_name is not None and in_name[1] != unit[1]:
                    # "Vốn cộng đồng dân cư (tỷ đồng) | triệu đồng | 3,5": which of the two
                    # the 3,5 is in cannot be told (a thousand times apart). Before, the
                    # unit cell won without a flag.
                    problem = ("UNIT_CONFLICT",
                               f"{where}: {code} is in {unit[1]} by its unit "
                               f"'{cell_text(own)}', but its name '{names[i]}' says "
                               f"{in_name[1]}; which is meant cannot be told, and the value "
                               "is not read")
                elif line is not None and line.unit is not None and line.unit[1] != unit[1]:
                    self.flag(table.files[i], "UNIT_CONFLICT", "error",
                              f"{where}: {code} is in {unit[1]} but {line.where} says "
                              f"{line.unit[1]}; the row's own unit is used",
                              sheet=table.sheets[i], row=table.rows[i],
                              column=table.labels["unit_of_measure"][i],
                              raw_value=cell_text(own), indicator_code=code)
            elif line is not None and line.conflict is not None:
                # Where the sheet declares it (above the table, in its header, under it),
                # and why it cannot be applied: the conflict's own message says.
                problem = (line.conflict.code,
                           f"{where}: {code} is money and the sheet's money unit is in doubt "
                           f"({line.conflict.message}); the value is not read")
            elif (table.files[i], table.sheets[i]) in too_large:
                problem = ("UNIT_ASSUMED",
                           f"{where}: {code} is money and no money unit is named for it, and "
                           "a money row of the sheet holds more than any unit mobilizes in a "
                           "year if it were million VND (the template's unit): the figures "
                           "are in another unit, most likely đồng; the value is not read. "
                           "Name the unit in the row's 'Đơn vị tính' and send the file again")
            else:
                unit = line.unit if line is not None and line.unit is not None else (
                    1.0, "triệu đồng")
            if problem is not None:  # else a unit was found
                check, message = problem
                self.flag(table.files[i], check, "error", message,
                          sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["value"][i], raw_value=texts[i],
                          indicator_code=code)
                values[i] = None
                continue
            values[i] *= unit[0]
            units[i] = unit[1]
        self._money_beyond_the_unit(table, spec, codes, values, units, texts)
        return frame.with_columns(pl.Series("value", values, dtype=pl.Float64),
                                  pl.Series("value_unit", units, dtype=pl.String))

    def _money_beyond_the_unit(self, table: _Table, spec: t.SheetSpec, codes: list,
                               values: list, units: list, texts: list) -> None:
        """B06 money rows read in a named unit (the row's, the header's or a line's) and
        above ``MAX_NAMED_MILLION_VND``: typed in a smaller unit (đồng under ``triệu
        đồng``), as B02's (``_too_large_for_the_unit``). Such a row is not read, and neither
        is a money row of its sheet in the same unit (UNIT_CONFLICT at each)."""
        money = [i for i, code in enumerate(codes)
                 if code in spec.money_rows and values[i] is not None and units[i]]
        huge = {(table.files[i], table.sheets[i], units[i]) for i in money
                if values[i] > MAX_NAMED_MILLION_VND}
        for i in money:
            if (table.files[i], table.sheets[i], units[i]) not in huge:
                continue
            self.flag(table.files[i], "UNIT_CONFLICT", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {codes[i]} is read in "
                      f"{units[i]}, and a money row of the sheet in {units[i]} holds more than "
                      "any unit mobilizes in a year: the figures are in a smaller unit, most "
                      "likely đồng; the value is not read", sheet=table.sheets[i],
                      row=table.rows[i], column=table.labels["value"][i], raw_value=texts[i],
                      indicator_code=codes[i])
            values[i], units[i] = None, None

    def _no_shares(self, frame: pl.DataFrame, spec: t.SheetSpec) -> pl.DataFrame:
        """B06 holds counts, money and an average, never a share: a value typed or formatted
        as a percentage (``15%``), or in a row whose own unit is one (``%``, ``Tỷ lệ``), is a
        share of something (of the communes, of the plan), not its indicator's figure, and is
        not read. Before, ``SO_XA_NANG_CAO | 15%`` was 15 communes.

        So is a figure whose row, its unit cell blank or absent, is named as a share
        (``named_as_share``: ``SO_XA_DAT_CHUAN | Tỷ lệ xã đạt chuẩn NTM | 85``, ``Số xã đạt
        chuẩn NTM (%)``, ``…, %``), as a person reads 85 per cent there. Before, it was 85
        communes (by its code without a flag, by its name with a warning that it was read
        by its name). A row of no indicator is flagged as such already (``_indicator_rows``)."""
        table = self.tables[spec.table]
        texts = frame["value_text"].to_list()
        own = table.cells["unit_of_measure"]
        shares = [i for i, v in enumerate(frame["value"].to_list()) if v is not None and (
            (texts[i] or "").endswith("%") or (not is_blank(own[i]) and is_share_unit(own[i]))
            or headed_as_share(table.labels["value"][i]))]
        values = frame["value"].to_list()
        codes = frame["indicator_code"].to_list()
        # A row's unit counting another thing than its indicator (``thôn`` beside the
        # communes NTM so far, ``xã`` beside the villages): the figure counts that thing.
        template = seeds.aggregate_units()
        names = frame["indicator_name"].to_list()
        named = {i: words for i, v in enumerate(values)
                 if v is not None and i not in shares and codes[i] in template
                 and is_blank(own[i]) and (words := named_as_share(names[i])) is not None}
        for i, words in named.items():
            self.flag(table.files[i], "UNIT_CONFLICT", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {codes[i]} is a count or money, "
                      f"but the row is named '{names[i]}', a share ('{words}'); its value "
                      f"{texts[i]} is not read (write the count, or leave the share out of "
                      "the sheet)", sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels["indicator_name"][i], raw_value=cell_text(names[i]),
                      indicator_code=codes[i])
            values[i] = None
        others = [i for i, v in enumerate(values) if v is not None and i not in shares
                  and codes[i] in template and not is_blank(own[i])
                  and not counts_alike(own[i], template[codes[i]])]
        for i in others:
            self.flag(table.files[i], "UNIT_CONFLICT", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {codes[i]} counts "
                      f"{template[codes[i]]}, but its unit '{cell_text(own[i])}' counts "
                      "something else; its value is not read", sheet=table.sheets[i],
                      row=table.rows[i], column=table.labels["unit_of_measure"][i],
                      raw_value=cell_text(own[i]), indicator_code=codes[i])
            values[i] = None
        if not shares:
            return frame.with_columns(pl.Series("value", values, dtype=pl.Float64)) \
                if others or named else frame
        for i in shares:
            what = f"{table.sheets[i]} row {table.rows[i]}: {codes[i] or 'the row'}"
            if (texts[i] or "").endswith("%"):
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{what} is a count or money, but its value {texts[i]} is a share "
                          "(%); it is not read", sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["value"][i], raw_value=texts[i],
                          indicator_code=codes[i])
            elif is_blank(own[i]) or not is_share_unit(own[i]):
                self.flag(table.files[i], "UNIT_CONFLICT", "error",
                          f"{what} is a count or money, but its column "
                          f"{table.labels['value'][i]} is headed as a share (%); its value "
                          f"{texts[i]} is not read", sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["value"][i], raw_value=texts[i],
                          indicator_code=codes[i])
            else:
                self.flag(table.files[i], "UNIT_CONFLICT", "error",
                          f"{what} is a count or money, but its unit '{cell_text(own[i])}' is "
                          "a share; its value is not read", sheet=table.sheets[i],
                          row=table.rows[i], column=table.labels["unit_of_measure"][i],
                          raw_value=cell_text(own[i]), indicator_code=codes[i])
            values[i] = None
        return frame.with_columns(pl.Series("value", values, dtype=pl.Float64))

    def _year_only_rows(self, frame: pl.DataFrame, spec: t.SheetSpec,
                        figures: tuple[str, ...]) -> pl.DataFrame:
        """An indicator of the reporting year alone (``SheetSpec.year_only_rows``: the year's
        new NTM communes, its money) under a figure column headed as a running total (B06's
        ``Lũy kế``, B04's ``Lũy kế thực hiện``) is not read there: the figure may count the
        years before. The stocks of the year's end beside it (communes NTM so far, a share of
        poor households) are what such a column holds, and are read.

        Likewise a row whose code is such an indicator but whose name says it is a running
        total (``XA_DAT_CHUAN_MOI | Số xã đạt chuẩn NTM mới (lũy kế)``): code and name
        disagree on what the figures count, and read by the code they would be too high."""
        table = self.tables[spec.table]
        codes = frame["indicator_code"].to_list()
        names = frame["indicator_name"].to_list()
        values = {name: frame[name].to_list() for name in figures}
        units = frame["value_unit"].to_list() if "value_unit" in frame.columns else None
        cleared: set[str] = set()
        for i, code in enumerate(codes):
            if code not in spec.year_only_rows:
                continue
            where = f"{table.sheets[i]} row {table.rows[i]}: {code}"
            running = self.running_totals.get((table.files[i], table.sheets[i]), {})
            if (is_running_total(names[i] or "") or names_a_period(
                    names[i] or "", self.years.get(table.files[i]))) and \
                    not is_blank(table.cells[spec.key][i]):
                filled = [f for f in figures if values[f][i] is not None]
                if filled:
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{where} counts the reporting year alone, but the row is named "
                              f"'{names[i]}', a running total (lũy kế), which may count the "
                              "years before; its figures are not read (write the code of what "
                              "the row holds, or the year's figures)",
                              sheet=table.sheets[i], row=table.rows[i],
                              column=table.labels["indicator_name"][i], raw_value=names[i],
                              indicator_code=code)
                running = {f: running.get(f) for f in filled}
            for name, label in running.items():
                if values[name][i] is None:
                    continue
                if label is not None:
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{where} counts the reporting year alone, but column {label} is "
                              "a running total (lũy kế), which may count the years before; "
                              "the figure is not read", sheet=table.sheets[i],
                              row=table.rows[i], column=label,
                              raw_value=cell_text(table.cells[name][i]), indicator_code=code)
                values[name][i] = None
                cleared.add(name)
                if units is not None and name == "value":
                    units[i] = None
        if not cleared:
            return frame
        columns = [pl.Series(name, values[name], dtype=pl.Float64) for name in cleared]
        if units is not None and "value" in cleared:
            columns.append(pl.Series("value_unit", units, dtype=pl.String))
        return frame.with_columns(columns)

    def _changes(self, frame: pl.DataFrame, spec: t.SheetSpec,
                 figures: tuple[str, ...]) -> pl.DataFrame:
        """A B04/B06 row of an indicator that is a level at the year's end (a share, an
        income, an average, communes NTM so far), by its code or its name, whose name says
        its figures are a change of it (``TY_LE_HO_NGHEO | Giảm tỷ lệ hộ nghèo | 1,5``: the
        points the share fell by; ``Số xã đạt chuẩn NTM tăng thêm`` beside the stock's code):
        read as the level, the figures would be wrong, so none is read, an error at the
        name. The indicators of the year alone (``SheetSpec.year_only_rows``) count what
        was added: ``tăng thêm`` is their own word."""
        known = template_codes(spec.code) - spec.year_only_rows

        def why(i: int, code: str, name: Any) -> str | None:
            if code not in known or not names_a_change(name):
                return None
            return (f"{code} is the level at the year's end, but the row is named '{name}', a "
                    "change of it (an increase or a decrease); its figures are not read (write "
                    "the level, or leave the change out of the sheet)")

        return self._not_read_by_name(frame, spec, figures, why)

    def _not_read_by_name(self, frame: pl.DataFrame, spec: t.SheetSpec,
                          figures: tuple[str, ...],
                          why: Callable[[int, str, Any], str | None]) -> pl.DataFrame:
        """The B04/B06 rows, holding a figure, whose name ``why`` says makes them no figure
        of their indicator (its message, after the row's place): none of their figures is
        read, those typed with their unit included, and an error is at the name. The one
        end of the rules on names (a change, a part, another whole or time)."""
        codes = frame[spec.anchors[0]].to_list()
        names = frame[spec.anchors[1]].to_list()
        table = self.tables[spec.table]
        values = {name: frame[name].to_list() for name in figures}
        changed = False
        for i in self._rows_with_figures(spec.table, frame, figures):
            code = codes[i]
            if (message := why(i, code, names[i])) is None:
                continue
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {message}",
                      sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels[spec.anchors[1]][i], raw_value=names[i],
                      indicator_code=code)
            for f in figures:
                values[f][i] = None
            self._drop_cell_figures(spec.table, i, figures)
            changed = True
        if not changed:
            return frame
        return frame.with_columns([pl.Series(f, values[f], dtype=pl.Float64) for f in figures])

    def _rows_with_figures(self, table: str, frame: pl.DataFrame,
                           figures: tuple[str, ...]) -> list[int]:
        """The rows holding a figure, in order: read, or typed with its unit (``1,2 tỷ``,
        ``200 xã``), which the row rules read later (``cell_money``, ``cell_counts``). Found
        at once, since each rule on names asks it of every B04/B06 row of the batch."""
        read = frame.select(pl.any_horizontal([pl.col(f).is_not_null() for f in figures])
                            ).to_series()
        rows = set(read.arg_true().to_list()) if read.any() else set()
        for f in figures:
            rows.update(self.cell_money.get((table, f), {}))
            rows.update(self.cell_counts.get((table, f), {}))
        return sorted(rows)

    def _drop_cell_figures(self, table: str, i: int, figures: tuple[str, ...]) -> None:
        """Row ``i``'s figures typed with their unit are not read: its name refused them."""
        for f in figures:
            self.cell_money.get((table, f), {}).pop(i, None)
            self.cell_counts.get((table, f), {}).pop(i, None)

    def _money_parts(self, frame: pl.DataFrame, spec: t.SheetSpec) -> pl.DataFrame:
        """A B06 money row, by its code or its name, whose name restricts it to a part of
        its money: ``VON_CONG_DONG | Vốn cộng đồng (tiền mặt)`` (cash alone, the land, labour
        and goods given left out), ``TONG_VON | Tổng vốn huy động (ngân sách nhà nước)``,
        ``Trong đó: ngân sách`` under TONG_VON with its code, or leaving one out (``không kể
        hiến đất``). Read as the indicator, a part would be published as the whole, which is
        unknown: the value is not read, an error at the name. A name listing the parts or
        saying it includes one (``kể cả hiến đất``) is the whole, read as before."""
        def why(i: int, code: str, name: Any) -> str | None:
            if code not in spec.money_rows:
                return None
            part = part_named(name, "community" if code == "VON_CONG_DONG" else "all")
            if part is None:
                return None
            what = ("leaves a part of it out" if part == "rest"
                    else f"names a part of it alone ({_PART_WORDS.get(part, part)})")
            return (f"{code} is the whole of its money, but the row is named '{name}', which "
                    f"{what}; the whole is not known and the value is not read (write the "
                    "whole, or leave the part out of the sheet)")

        return self._not_read_by_name(frame, spec, ("value",), why)

    def _other_wholes(self, frame: pl.DataFrame, spec: t.SheetSpec,
                      figures: tuple[str, ...]) -> pl.DataFrame:
        """A B04/B06 row coded as an indicator whose name says its figures are another
        whole's (``indicator_names.names_another_whole``): a part of the unit (``Tỷ lệ hộ
        nghèo dân tộc thiểu số``), income per household, wards counted with the communes;
        or that it counts what another indicator does
        (``indicator_names.names_another_indicator``: ``Số xã chưa đạt chuẩn``, ``3 sao trở
        lên`` under OCOP_3_SAO, another band of criteria met, another indicator's name).
        Read by the code, they were published as the indicator's without a flag; none is
        read, an error at the name. A row known by its name alone never has such words (its
        name then matches no indicator: ``_indicator_rows``)."""
        known = template_codes(spec.code)

        def why(i: int, code: str, name: Any) -> str | None:
            if code not in known:
                return None
            if (words := names_another_whole(code, name)) is not None:
                said = (f"says its figures are of another whole ('{words}': a part of the "
                        "unit, households, or wards and towns)")
            elif (words := names_another_indicator(spec.code, code, name)) is not None:
                said = f"counts something else ('{words}')"
            else:
                return None
            return (f"the row is coded {code}, but its name '{name}' {said}; its figures are "
                    "not read (write the code of what the row holds, or leave it out)")

        return self._not_read_by_name(frame, spec, figures, why)

    def _other_times(self, frame: pl.DataFrame, spec: t.SheetSpec,
                     figures: tuple[str, ...]) -> pl.DataFrame:
        """A B04/B06 row of an indicator, by its code or its name, whose name says its
        figures are of another year, a plan or part of the year (``Tỷ lệ hộ nghèo (năm
        2022)``, ``Tổng vốn huy động (kế hoạch)``, ``Số xã đạt chuẩn NTM (đến 31/12/2022)``
        in a 2023 report): read as the indicator, they would be published as the year's, so
        none is read, an error at the name. Before, the row was read by its name (a
        warning) or its code."""
        known = template_codes(spec.code)
        table = self.tables[spec.table]

        def why(i: int, code: str, name: Any) -> str | None:
            year = self.years.get(table.files[i])
            if code not in known or year is None or not isinstance(name, str):
                return None
            if (said := other_time(name, year)) is None:
                return None
            return (f"{code} is the reporting year's ({year}), but the row is named "
                    f"'{name}': figures {said}; they are not read (write the year's figures, "
                    "or leave that row out of the sheet)")

        return self._not_read_by_name(frame, spec, figures, why)

    def _indicator_rows(self, frame: pl.DataFrame, spec: t.SheetSpec,
                        figures: tuple[str, ...]) -> pl.DataFrame:
        """A B04/B06 row whose code is blank or not the template's is read by its name when
        the name is one of the template's indicators (``Tỷ lệ hộ nghèo (%)``; for B05, one of
        the district criteria, ``2. Giao thông``), with a warning; a row with figures that
        neither code nor name places is an error, since its figures reach no indicator. A
        name that is an indicator of the reporting year alone (``SheetSpec.year_only_rows``)
        but says it is a running total (``… mới (lũy kế)``) is not read as it: an error."""
        known = template_codes(spec.code)
        code_field, name_field = spec.anchors  # the code, and the name that stands for it
        codes = frame[code_field].to_list()
        todo = [i for i, code in enumerate(codes) if code not in known]
        if not todo:
            return frame
        table = self.tables[spec.table]
        names = frame[name_field].to_list()
        values = {name: frame[name].to_list() for name in figures}
        raw_codes = table.cells[code_field]
        for i in todo:
            named = indicator_by_name(spec.code, names[i])
            if named in spec.year_only_rows and is_running_total(names[i]):
                # "Số xã đạt chuẩn NTM mới (lũy kế)": the words are the year's indicator's,
                # but a running total may count the years before; read as the year's, the
                # figure would be too high, so it is not read (a wrong number is worse).
                if any(values[f][i] is not None for f in figures):
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' is named "
                              "as a running total (lũy kế), which may count the years before, "
                              f"but {named} counts the reporting year alone; its figures are "
                              "not counted (write the code of what the row holds)",
                              sheet=table.sheets[i], row=table.rows[i],
                              column=table.labels[name_field][i], raw_value=names[i])
            elif named is not None and (heading := self._narrowing_heading(
                    spec, i, names[i])) is not None:
                # "Xã NTM nâng cao" over "Số xã đạt chuẩn mới": the name is the whole unit's
                # indicator, but the heading makes the row count a part of it, or a level.
                if any(values[f][i] is not None for f in figures):
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{table.sheets[i]} row {table.rows[i]}: '{names[i]}' is the "
                              f"name of {named}, but the row is listed under {heading}, so "
                              f"its figures may not be the whole unit's {named}; they are "
                              "not counted (write the code of what the row holds, or name "
                              "the part or level in the row)", sheet=table.sheets[i],
                              row=table.rows[i], column=table.labels[name_field][i],
                              raw_value=names[i])
            elif named is not None:
                codes[i] = named
                self._matched_by_name(
                    table, i, names[i], named, code_field,
                    "no code" if is_blank(raw_codes[i])
                    else f"'{cell_text(raw_codes[i])}' is not a code of the template")
            elif is_blank(raw_codes[i]) and any(values[f][i] is not None for f in figures):
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{table.sheets[i]} row {table.rows[i]}: '{names[i] or ''}' has "
                          "figures but no code, and its name is not one of the template's "
                          f"{spec.code} indicators; they are not counted (write the code, or "
                          "the template's name)", sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels[code_field][i])
        return frame.with_columns(pl.Series(code_field, codes, dtype=pl.String))

    def _narrowing_heading(self, spec: t.SheetSpec, i: int, name: Any) -> str | None:
        """How a message names the heading a B04/B06 row at position ``i`` is listed under
        (``_indicator_headings``) when it narrows the indicator the row's name means to a
        part of the unit or a level above NTM (``indicator_names.heading_narrows``), or
        None."""
        heading = self.headings.get((spec.table, i))
        if heading is None:
            return None
        row, text = heading
        words = heading_narrows(text, name)
        if words is None:
            return None
        return f"the heading '{text}' (row {row}), which names a part of it or a level ('{words}')"

    def _target_units(self, frame: pl.DataFrame) -> pl.DataFrame:
        """B04 figures in the unit the template gives their indicator. A row whose own unit
        is another spelling of income per head (``nghìn đồng/người/tháng``) is converted; a
        row whose unit measures something else (``hộ`` beside a share of poor households,
        ``%`` beside a count of communes) is not read, since its figure would be published
        in a unit it is not in. The row's own unit is its ``Đơn vị tính`` or, when that is
        blank or the sheet has none, the unit its name gives in brackets (``Thu nhập bình
        quân (nghìn đồng/người/tháng)``, ``Tỷ lệ hộ nghèo (hộ)``), as a person reads it.

        A figure typed or formatted as a share (``25%``) of an indicator that is not a share
        (communes, products, income) is a share of something, not the indicator's figure:
        it is not read. So are the figures of such an indicator's row whose unit cell is
        blank or absent and whose name says they are shares (``named_as_share``:
        ``XA_DAT_CHUAN_MOI | Tỷ lệ xã đạt chuẩn NTM mới | | 10``, ``Số xã đạt chuẩn mới,
        %``), as B06's are and as a bracketed ``(%)`` already was: a person reads 10 per
        cent there. Before, they were 10 communes without a flag.

        A money figure typed with its unit (``52,3 triệu``, ``4.500 nghìn đồng``) is read in
        that unit, per head and period as the row's unit says (UNIT_CONVERTED), where the
        indicator is money; elsewhere it is not read."""
        template = seeds.target_units()
        codes = frame["indicator_code"].to_list()
        names = frame["indicator_name"].to_list()
        table = self.tables["b04_targets"]
        cells = table.cells["unit_of_measure"]
        values = {name: frame[name].to_list() for name in _B04_FIGURES}
        in_cells = {name: self.cell_money.get(("b04_targets", name), {})
                    for name in _B04_FIGURES}
        counts = {name: self.cell_counts.get(("b04_targets", name), {})
                  for name in _B04_FIGURES}
        rates = {name: self.cell_rates.get(name, {}) for name in _B04_FIGURES}
        # A column headed as a share (``Thực hiện (%)``) giving a figure for a count or money
        # holds shares of the plan: its figures for the share indicators are such shares too.
        of_the_plan = {
            (table.files[i], table.labels[name][i]): code
            for name in _B04_FIGURES for i, code in enumerate(codes)
            if code in template and not is_share_unit(template[code])
            and not is_blank(table.cells[name][i]) and headed_as_share(table.labels[name][i])}
        changed = False
        for i, code in enumerate(codes):
            if code not in template:
                for name in _B04_FIGURES:
                    if i in in_cells[name]:
                        self._cell_money_unread("b04_targets", name, i,
                                                "the row is no indicator of the template", code)
                    if i in counts[name]:
                        self._cell_counts("b04_targets", name, i, None, None)
                    if i in rates[name]:
                        self._cell_rate_unread(i, name, "the row is no indicator of the "
                                               "template", code)
                continue
            where = f"{table.sheets[i]} row {table.rows[i]}: {code}"
            unit_column = table.labels["unit_of_measure"][i]
            if not is_blank(cells[i]):
                typed, said, column = cell_text(cells[i]), "its unit", unit_column
            elif (named := b04_unit_in_name(names[i], self.units)) is not None:
                typed, said = named, "the unit its name gives"
                column = table.labels["indicator_name"][i]
            else:
                typed, said, column = None, None, None
            (typed, said, column), conflict = self._income_period(
                i, code, names[i], (typed, said, column), template[code],
                [values[name][i] for name in _B04_FIGURES])
            if typed is None and not conflict and not is_share_unit(template[code]) and (
                    share := named_as_share(names[i])) is not None:
                # No unit but a name saying its figures are shares (``Tỷ lệ xã đạt chuẩn
                # NTM mới``, ``Số xã đạt chuẩn mới, %``): per cent of something, not counts.
                self.flag(table.files[i], "UNIT_CONFLICT", "error",
                          f"{where} is in {template[code]} in the template, but the row is "
                          f"named '{names[i]}', a share ('{share}'); its figures are not read "
                          "(write the count, or leave the share out of the sheet)",
                          sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels["indicator_name"][i],
                          raw_value=cell_text(names[i]), indicator_code=code)
                conflict = True
            factor = None if conflict else 1.0 if typed is None else indicator_unit_factor(
                typed, template[code], self.units)
            if factor is None and not conflict:  # a conflict is flagged at the name
                self.flag(table.files[i], "UNIT_CONFLICT", "error",
                          f"{where} is in {template[code]} in the template but {said} is "
                          f"'{typed}', which measures something else; its figures are not "
                          "read", sheet=table.sheets[i], row=table.rows[i],
                          column=column, raw_value=typed, indicator_code=code)
            elif factor is not None and factor != 1.0:
                self.flag(table.files[i], "UNIT_CONVERTED", "info",
                          f"{where} is in '{typed}' ({said}); its figures were converted to "
                          f"the template's {template[code]} (x {factor:g})",
                          sheet=table.sheets[i], row=table.rows[i],
                          column=column, raw_value=typed, indicator_code=code)
            if factor != 1.0:
                changed = True
                for name in _B04_FIGURES:
                    value = values[name][i]
                    values[name][i] = None if factor is None or value is None else value * factor
            money = None if factor is None or not any(i in in_cells[n] for n in _B04_FIGURES
                                                       ) else rate_money_factor(
                typed if typed is not None else template[code], self.units)
            for name in _B04_FIGURES:
                if factor is None or i not in in_cells[name]:
                    continue  # a row in another unit than its indicator's: UNIT_CONFLICT
                if money is None:
                    self._cell_money_unread("b04_targets", name, i,
                                            f"{code} is in {template[code]}, not money", code)
                    continue
                number, (to_million, _), _ = in_cells[name][i]
                values[name][i] = number * to_million / money * factor
                changed = True
                self._cell_money_read("b04_targets", name, i, values[name][i], template[code],
                                      code)
            for name in _B04_FIGURES:
                if factor is None:
                    break  # a row in another unit than its indicator's: UNIT_CONFLICT
                if i in counts[name]:
                    values[name][i] = self._cell_counts("b04_targets", name, i, code,
                                                        template[code], cells[i])
                    changed = True
                if i in rates[name]:
                    values[name][i] = self._cell_rate(i, name, code, template[code],
                                                      typed or template[code])
                    changed = True
            if factor is None:
                continue  # a row in another unit than its indicator's: UNIT_CONFLICT
            changed |= self._beyond_the_unit(i, code, template[code], values)
            if is_share_unit(template[code]):
                for name in _B04_FIGURES:
                    label = table.labels[name][i]
                    if values[name][i] is None or (table.files[i], label) not in of_the_plan:
                        continue
                    self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                              f"{where}: column {label} is headed as a share (%) and gives "
                              f"one for {of_the_plan[table.files[i], label]}, which is no "
                              "share: its figures are shares of something else (of the "
                              "plan), not this indicator's; not read", sheet=table.sheets[i],
                              row=table.rows[i], column=label,
                              raw_value=cell_text(table.cells[name][i]), indicator_code=code)
                    values[name][i] = None
                    changed = True
                continue
            for name in _B04_FIGURES:
                cell = table.cells[name][i]
                percent = table.percent.get(name)
                if values[name][i] is None or not (
                        (isinstance(cell, str) and cell.strip().endswith("%"))
                        or (percent and percent[i])
                        or headed_as_share(table.labels[name][i])):
                    continue
                shown = (cell_text(cell) if isinstance(cell, str)
                         or not (percent and percent[i]) else f"{values[name][i]:g}%")
                self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                          f"{where} is in {template[code]} in the template, but its figure "
                          f"{shown} in column {table.labels[name][i]} is a share (%); it is "
                          "not read", sheet=table.sheets[i], row=table.rows[i],
                          column=table.labels[name][i], raw_value=shown, indicator_code=code)
                values[name][i] = None
                changed = True
        if not changed:
            return frame
        return frame.with_columns(pl.Series(name, values[name], dtype=pl.Float64)
                                  for name in _B04_FIGURES)

    def _income_period(self, i: int, code: str, name: object,
                       row_unit: tuple[str | None, str | None, str | None], template: str,
                       figures: list[float | None]
                       ) -> tuple[tuple[str | None, str | None, str | None], bool]:
        """A B04 income's unit (as typed, what gave it, its column) with the period its name
        gives (``Thu nhập bình quân đầu người/tháng``, ``… (triệu đồng/tháng)`` beside
        ``Triệu đồng``) where its unit gives none: offices name the period in the indicator
        and leave the unit cell to the money (``nghìn đồng/người``); read per year, a month's
        income was published 12 times too low. With no unit, the template's money is per
        that period. The name's words and the unit naming two periods (``…/năm`` beside
        ``nghìn đồng/tháng``) cannot both be right: UNIT_CONFLICT at the name, and True (its
        figures are not read). So are a unit in the name's brackets and the unit cell that
        disagree (``_name_unit_disagrees``)."""
        typed, said, column = row_unit
        # Only an income per head is per a period in the template (checked first: asked of
        # every B04 row, and the money factor is not cheap).
        if unit_period(template) is None or rate_money_factor(template, self.units) is None or (
                typed is not None and rate_money_factor(typed, self.units) is None):
            return row_unit, False  # no income, or a unit of another thing: UNIT_CONFLICT
        if said == "its unit" and self._name_unit_disagrees(i, code, name, typed, template,
                                                            figures):
            return row_unit, True
        in_words = {period_of(p) for p in name_periods(name, self.units)}
        given = None if typed is None else unit_period(typed)
        if given is None and (bracket := unit_period(b04_unit_in_name(name, self.units))):
            in_words.add(period_of(bracket))
        if not in_words or (given is not None and in_words == {period_of(given)}):
            return row_unit, False
        table = self.tables["b04_targets"]
        if len(in_words) > 1 or given is not None:
            unit = "" if given is None else f", but {said} '{typed}' is per {period_of(given)}"
            self.flag(table.files[i], "UNIT_CONFLICT", "error",
                      f"{table.sheets[i]} row {table.rows[i]}: {code} is named '{name}', per "
                      f"{' and per '.join(sorted(in_words))}{unit}; whether its figures are "
                      "a month's or a year's is not known, and they are not read",
                      sheet=table.sheets[i], row=table.rows[i],
                      column=table.labels["indicator_name"][i], raw_value=name,
                      indicator_code=code)
            return row_unit, True
        (period,) = in_words
        if typed is None:
            return (with_period(template, period), f"the template's money, per {period} as "
                    "its name says", table.labels["indicator_name"][i]), False
        return (with_period(typed, period), f"{said} '{typed}', per {period} as its name "
                "says", column), False

    def _name_unit_disagrees(self, i: int, code: str, name: object, typed: str,
                             template: str, figures: list[float | None]) -> bool:
        """Whether a B04 income's name gives in brackets a unit its unit cell contradicts
        (``Thu nhập bình quân (triệu đồng/người/năm)`` beside ``Nghìn đồng/người/tháng``, ``…
        (triệu đồng/người/tháng)`` beside ``triệu đồng/người/năm``): another money, or
        another period where both give one. Which of the two the figures are in cannot be
        told: UNIT_CONFLICT at the name. Before, the unit cell won: a year's 45 million
        published as 0.54 million, with an info. Only where the figures, read in the name's
        unit, are incomes no unit has and, read in the cell's, are not (``50`` beside
        ``(nghìn đồng/người/tháng)`` and ``triệu đồng/người/năm``), the name's unit cannot be
        meant and the cell's is read, as a person reads it."""
        bracket = b04_unit_in_name(name, self.units)
        if bracket is None or (in_name := rate_money_factor(bracket, self.units)) is None:
            return False
        periods = unit_period(bracket), unit_period(typed)
        if in_name == rate_money_factor(typed, self.units) and (
                None in periods or period_of(periods[0]) == period_of(periods[1])):
            return False
        year = unit_period(template) or "nam"
        by_name, by_cell = (indicator_unit_factor(
            unit if unit_period(unit) else with_period(unit, period_of(other or year)),
            template, self.units) for unit, other in ((bracket, periods[1]),
                                                      (typed, periods[0])))
        given = [f for f in figures if f is not None]
        if given and by_name and by_cell and not any(
                MIN_INCOME_PER_HEAD <= f * by_name <= MAX_INCOME_PER_HEAD for f in given) and all(
                MIN_INCOME_PER_HEAD <= f * by_cell <= MAX_INCOME_PER_HEAD for f in given):
            return False
        table = self.tables["b04_targets"]
        self.flag(table.files[i], "UNIT_CONFLICT", "error",
                  f"{table.sheets[i]} row {table.rows[i]}: {code} is named '{name}', in "
                  f"{bracket}, but its unit '{typed}' is another; which of the two its figures "
                  "are in cannot be told, and they are not read", sheet=table.sheets[i],
                  row=table.rows[i], column=table.labels["indicator_name"][i],
                  raw_value=name, indicator_code=code)
        return True

    def _beyond_the_unit(self, i: int, code: str, unit: str,
                         values: dict[str, list[float | None]]) -> bool:
        """A B04 income per head, in its indicator's unit (converted as its row says), that
        only another unit makes possible: above ``MAX_INCOME_PER_HEAD`` million VND a year
        (``52.300.000`` typed in đồng, ``52.300`` in nghìn đồng, under ``triệu
        đồng/người/năm``). Read as typed, the figure would be a million or a thousand times
        too large: not read (UNIT_CONFLICT). Whether such figures are changed."""
        # The figures first: the unit is looked at only for a row holding such a figure.
        if all(values[name][i] is None or values[name][i] <= MAX_INCOME_PER_HEAD
               for name in _B04_FIGURES) or rate_money_factor(unit, self.units) is None:
            return False
        limit, what = MAX_INCOME_PER_HEAD, (
            f"above {MAX_INCOME_PER_HEAD:,} {unit}, an income no unit has: it was typed in "
            "another unit (đồng, nghìn đồng, or nghìn đồng a month)")
        table = self.tables["b04_targets"]
        changed = False
        for name in _B04_FIGURES:
            value = values[name][i]
            if value is None or value <= limit:
                continue
            label = table.labels[name][i]
            cell = table.cells[name][i]
            self.flag(table.files[i], "UNIT_CONFLICT", "error",
                      f"{table.sheets[i]} row {table.rows[i]}, column {label}: {code} is in "
                      f"{unit}, and {cell_text(cell)!r} read in it is {value:,.10g}, {what}; "
                      "it is not read", sheet=table.sheets[i], row=table.rows[i],
                      column=label, raw_value=cell_text(cell), indicator_code=code)
            values[name][i] = None
            changed = True
        return changed

    def _cell_rate(self, i: int, field: str, code: str, template: str,
                   row_unit: str) -> float | None:
        """B04 income typed with its unit and period (``4,5 triệu/tháng``, ``cell_rates``): in
        the template's unit, where the row's indicator is money per head; a unit without its
        period takes the row's (its unit, else the template's). Elsewhere, not read."""
        number, unit, _ = self.cell_rates[field][i]
        if unit.count("/") == 1 and (period := unit_period(row_unit)) is not None:
            unit = f"{unit}/{period}"
        factor = (indicator_unit_factor(unit, template, self.units)
                  if rate_money_factor(template, self.units) is not None else None)
        if factor is None:
            self._cell_rate_unread(i, field, f"{code} is in {template}", code)
            return None
        table = self.tables["b04_targets"]
        value = number * factor
        cell, label = cell_text(table.cells[field][i]), table.labels[field][i]
        self.flag(table.files[i], "UNIT_CONVERTED", "info",
                  f"{table.sheets[i]} row {table.rows[i]}, column {label}: '{cell}' names its "
                  f"own unit and period; {code} read as {value:g} {template}",
                  sheet=table.sheets[i], row=table.rows[i], column=label, raw_value=cell,
                  indicator_code=code)
        return value

    def _cell_rate_unread(self, i: int, field: str, why: str, code: str | None) -> None:
        table = self.tables["b04_targets"]
        label = table.labels[field][i]
        error = self.cell_rates[field][i][2]
        self.flag(table.files[i], "UNPARSEABLE_VALUE", "error",
                  f"{table.sheets[i]} row {table.rows[i]}, column {label}: {error} ({why})",
                  sheet=table.sheets[i], row=table.rows[i], column=label,
                  raw_value=cell_text(table.cells[field][i]), indicator_code=code)

    def _code_of_a_group(self, table: _Table, i: int) -> None:
        """The code cell's error of a row read as a group of sources (``I | Vốn ngân sách
        nhà nước | 2000`` over 1 and 2, whose amounts it sums) becomes an info: a section's
        key, not a source's code misspelt, and the row's money is its sources'."""
        for flag in self.flags:
            if (flag["__file"], flag["sheet"], flag["row_number"], flag["check_code"]) == (
                    table.files[i], table.sheets[i], table.rows[i], "UNPARSEABLE_VALUE") and \
                    flag["column_name"] == table.labels["source_code"][i] and \
                    flag["severity"] == "error":
                flag["severity"] = "info"
                flag["message"] += "; the row is a group of the sources listed next to it"
                return

    def _matched_by_name(self, table: _Table, i: int, name: str, code: str,
                         field: str = "source_code", why: str | None = None) -> None:
        """The code cell's error becomes a warning: the row is read by its name. A code cell
        that had no error (blank, or well formed but not the template's) gets a warning that
        says ``why``."""
        what = "source " if field == "source_code" else ""
        for flag in self.flags:
            if (flag["__file"], flag["sheet"], flag["row_number"], flag["check_code"]) == (
                    table.files[i], table.sheets[i], table.rows[i], "UNPARSEABLE_VALUE") and \
                    flag["column_name"] == table.labels[field][i]:
                flag["severity"] = "warning"
                flag["message"] += (f"; the row is read as {what}{code} by its name "
                                    f"'{name}'")
                return
        if why is not None:
            cell = table.cells[field][i]
            self.flag(table.files[i], "UNPARSEABLE_VALUE", "warning",
                      f"{table.sheets[i]} row {table.rows[i]}: {why}; the row is read as "
                      f"{what}{code} by its name '{name}'", sheet=table.sheets[i],
                      row=table.rows[i], column=table.labels[field][i],
                      raw_value=None if is_blank(cell) else cell_text(cell),
                      indicator_code=code)


# A row of a table laid out across that is a part of another, by its number or label: a
# sub-number (``1.1``), a letter (``a)``), a Roman number heading a group (``I.``, ``II``), a
# bullet, ``Trong đó``, ``Gồm``.
_PART_ROW = re.compile(r"(?:[0-9]+\.[0-9]+|[a-z][.)]|[ivx]+[.)]?(?:\s|$)|[-+–•*]|trong do\b"
                       r"|gom\b|bao gom\b)")


# B02's parts valued in money by the template that offices also give as quantities
# (donated land in m2, labour days, goods in kind): a blank unit on them is not carried down.
_QUANTITY_PARTS = frozenset({"6.2", "6.3", "6.4"})
# The parts ``funding.part_named`` finds, as a message names them.
_PART_WORDS = {"6.1": "cash", "6.2": "land donated", "6.3": "labour days",
               "6.4": "goods in kind", "budget": "the state budget",
               "non_budget": "money outside the budget", "1": "the central budget",
               "2": "local budgets", "3": "integrated funds", "4": "credit",
               "5": "enterprises", "6": "the community", "7": "other sources"}


def _full_year(year: str) -> int:
    """A date's year as typed, two digits read as Excel reads them (``23`` is 2023)."""
    full = int(year)
    return full + (2000 if full < 30 else 1900) if len(year) == 2 else full


def _a_part_row(row: list[Cell], start: int) -> bool:
    """Whether a row of a table laid out across is a part of another (``_PART_ROW``), by its
    cells left of the money columns (its number and name)."""
    return any(_PART_ROW.match(fold(cell_text(v)).strip()) for v in row[:start]
               if not is_blank(v))


def _names_a_quantity(header: str, units: dict[str, tuple[float, str]] | None) -> bool:
    """Whether a header names a unit in brackets that is not money (``Chiều dài (km)``)."""
    named = unit_named_in_brackets(header, units)
    return named is not None and money_factor(named, units) is None


def _money(cell: Cell) -> float | None:
    """A cell's amount as its column's parser reads it, or None (blank or unreadable)."""
    try:
        return parse_money(cell)
    except CellError:
        return None


def _sum_of(cells: Iterable[Cell]) -> float | None:
    """The sum of cells holding amounts; None when one of them cannot be read."""
    total = 0.0
    for cell in cells:
        if is_blank(cell):
            continue
        amount = _money(cell)
        if amount is None:
            return None
        total += amount
    return round(total, 9)


def _agree(a: float, b: float) -> bool:
    """Two amounts equal but for rounding (half a thousandth of the larger)."""
    return abs(a - b) <= 0.0005 * max(abs(a), abs(b), 1.0)


def _read_again(errors: dict[int, str], cells: list[Cell], reading: Callable[[Cell], Any]
                ) -> tuple[dict[int, Any], dict[int, str]]:
    """The cells the column's parser could not read that a narrower reading can (an amount
    with its own unit, a date without its day), by position, and the errors left."""
    read: dict[int, Any] = {}
    left: dict[int, str] = {}
    for i, error in errors.items():
        value = reading(cells[i])
        if value is None:
            left[i] = error
        else:
            read[i] = value
    return read, left


_A_YEARS_ROW = re.compile(r"(?:nam )?((?:19|20)[0-9]{2})")


def _label_columns(layout: Layout, first_source: int) -> list[int]:
    """The columns of a B02 laid out across that label its rows (``STT``, ``Nội dung``,
    ``Năm``): those before the first source column but the ones holding money, the amount's
    (``Tổng số``) and any headed as a total (``Tổng cộng``, ``Tổng``, ``Cộng``, ``Tổng nguồn
    vốn``, a column the template does not know). A row's last label cell is asked for its
    year (``_row_year``): the row's total there is money, not a label, so that rows of years
    beside a ``Tổng cộng`` column were read as works (their sum stored as the year's money)
    and a commune's total of 2000 as the year 2000. The amount's column headed ``Năm``
    alone (a year's header without its year) holds the rows' years, and is a label."""
    value = layout.columns.get("value")
    labels = []
    for j in range(first_source):
        header = layout.headers.get(j) or ""
        if value is not None and j == value.index:
            if header_words(header) == "nam":
                labels.append(j)
            continue
        if header and (is_total_label(header) or header_words(header).startswith("tong ")):
            continue
        labels.append(j)
    return labels


def _row_year(labels: list[Cell]) -> int | None:
    """The year a row's label cells name alone (``Năm 2022``, ``2022``), or None."""
    texts = [cell_text(c) for c in labels if not is_blank(c)]
    if not texts:
        return None
    found = _A_YEARS_ROW.fullmatch(header_words(texts[-1]))
    return int(found.group(1)) if found is not None else None



def _not_read_in(frame: pl.DataFrame, table: _Table, rows: list[int],
                 sheets: dict[tuple[int, str], int], amounts: list[Any],
                 units: list[Any]) -> pl.DataFrame:
    """B02's amounts of ``rows`` in ``sheets`` (file, sheet) not read, a sheet whose unit is
    in doubt: no amount, no unit, ``value_unreadable``."""
    unreadable = frame["value_unreadable"].to_list()
    for i in rows:
        if (table.files[i], table.sheets[i]) in sheets:
            amounts[i], units[i], unreadable[i] = None, None, True
    return frame.with_columns(
        pl.Series("amount_million_vnd", amounts, dtype=pl.Float64),
        pl.Series("value_unit", units, dtype=pl.String),
        pl.Series("value_unreadable", unreadable, dtype=pl.Boolean))

def _too_large(table: _Table, assumed: list[int], amounts: list[Any],
               limit: float = MAX_ASSUMED_MILLION_VND) -> dict[tuple[int, str], int]:
    """The sheets (file, sheet) where an amount read in the template's assumed million VND
    (``assumed``: those rows) is above ``limit``, each with the row of its largest: such a
    sheet is not in million VND (or in the unit it names, ``MAX_NAMED_MILLION_VND``)."""
    largest: dict[tuple[int, str], int] = {}
    for i in assumed:
        key = (table.files[i], table.sheets[i])
        if amounts[i] > limit and (
                key not in largest or amounts[i] > amounts[largest[key]]):
            largest[key] = i
    return largest


# A criterion cell that may end with a footnote's marker (``*``, ``(1)``, ``[1]``, ``¹``).
_MAY_BE_FOOTNOTED = re.compile(r"[*)\]¹²³⁴⁵⁶⁷⁸⁹⁰]\s*[.:;!]*\s*$")
# A footnote's marker where the footnote is explained: ``(*)``, ``**``, ``(1)``, ``[1]``,
# ``¹``, or a number opening the text (``1)``, ``1.``, ``Ghi chú: 1-``).
_EXPLAINED = re.compile(r"\*{1,3}|\(\s*(?:\*{1,3}|[0-9]{1,2})\s*\)|\[\s*(?:\*{1,3}|[0-9]{1,2})\s*\]"
                        r"|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}"
                        r"|^\s*(?:(?:ghi chu|chu thich|luu y)\s*:?\s*)?[0-9]{1,2}\s*[).:/-]")


def _footnotes(grid: Grid, layout: Layout) -> dict[str, tuple[int, str]]:
    """A B01's explanations of footnote markers, by marker (``*``, ``1``): the Excel row and
    text of each cell outside the header block and the communes' rows that names a marker
    with words (``(*) Chờ thẩm định``, ``Ghi chú: (1) …``, ``2. Dự kiến …``); a marker alone
    in its cell takes the next filled cell of its row as its words (``(1) | Chờ thẩm
    định``), and a marker without words explains nothing (a column-numbering row's
    ``(1)``). The first explanation of a marker is kept."""
    skip = set(layout.data) | set(range(layout.top or 0, (layout.bottom or -1) + 1))
    found: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(grid.rows):
        if i in skip:
            continue
        for j, cell in enumerate(row):
            if type(cell) is not str:
                continue
            markers = [footnote_marker(m.group(0)) for m in _EXPLAINED.finditer(fold(cell))]
            if not markers:
                continue
            text = nfc(cell.strip())
            if not _LETTER.search(text):
                after = next((c for c in row[j + 1:] if type(c) is str and c.strip()), None)
                if after is None or not _LETTER.search(after):
                    continue
                text = f"{text} {nfc(after.strip())}"
            for marker in markers:
                found.setdefault(marker, (i + 1, text))
    return found


# Marks that are words or their first letters (``K``, ``Chưa``, ``Không``, ``Có``), and the
# template's marks of met and of not met (``1``, ``x``, ``Đ``, a tick; ``0``, ``-``), set beside
# a meaning as a legend's entry (opening the line or after ``Ghi chú:``, ``;``: ``K: Khá``,
# ``K - không áp dụng``, ``1 - Chưa đạt``, ``(-): đạt``), folded; and the meanings that agree
# with the template's reading of each (``K: Không đạt``, ``Có: Đạt``, ``1 - Đạt``).
_LEGEND_ENTRY = re.compile(r"(?:^|[;,(]|\b(?:ghi chu|ky hieu|chu thich)\s*:?)\s*"
                           r"(k|chua|khong|co|[01xdv✓✔√☑\-–])\)?\s*(?::|=|-|–|la\b)\s*"
                           r"([^;,.)]+)")
_NOT_MET_MEANS = re.compile(r"\bchua\b|\bkhong (?:dat|hoan thanh)\b")
_MET_MEANS = re.compile(r"\b(?:co|dat|hoan thanh)\b")
_NOT_WORDS = re.compile(r"\b(?:chua|khong)\b")
# A template mark's meaning as a legend turns it around: the whole entry is criteria met, or
# not met (``Chưa đạt``, ``là tiêu chí đã đạt``), so that a numbered note under the table
# (``Ghi chú: 1 - Số liệu ước tính``, ``1 - Xã chưa đạt do …``) redefines no mark.
_MEANING = r"(?:la\s+)?(?:(?:cac\s+)?(?:tieu chi|tc)\s+)?"
_SAYS_MET = re.compile(rf"{_MEANING}(?:da\s+)?(?:dat|hoan thanh)(?:\s+chuan)?")
_SAYS_NOT_MET = re.compile(rf"{_MEANING}(?:chua|khong)\s+(?:dat|hoan thanh)(?:\s+chuan)?")
# ... or, the other way round, a meaning of met or not met and then its mark, alone before the
# entry's end (``Chưa đạt: 1``, ``Đạt - x``, ``Không đạt = 0``, ``Tiêu chí đạt: (1)``), so that
# a count after a meaning (``Chưa đạt: 1 tiêu chí``, ``Đạt: 2 xã``) is no entry.
_LEGEND_ENTRY_AFTER = re.compile(
    r"(?:^|[;,(]|\b(?:ghi chu|ky hieu|chu thich)\s*:?)\s*"
    rf"({_SAYS_NOT_MET.pattern}|{_SAYS_MET.pattern})\s*(?::|=|-|–|\bla\b)\s*"
    r"\(?(k|chua|khong|co|[01xdv✓✔√☑\-–])\)?\s*(?=$|[;)]|[,.](?![0-9]))")
_LEGEND_AGREES: dict[str, Callable[[str], bool]] = {
    "k": lambda m: _NOT_MET_MEANS.search(m) is not None,
    "chua": lambda m: _NOT_MET_MEANS.search(m) is not None,
    "khong": lambda m: _NOT_MET_MEANS.search(m) is not None,
    "co": lambda m: (_MET_MEANS.search(m) is not None and _NOT_WORDS.search(m) is None),
    **dict.fromkeys(("1", "x", "d", "v", "✓", "✔", "√", "☑"),
                    lambda m: _SAYS_NOT_MET.fullmatch(m) is None),
    **dict.fromkeys(("0", "-", "–"), lambda m: _SAYS_MET.fullmatch(m) is None)}
# What sets a legend's mark beside its meaning: a cell without one is no legend entry.
_LEGEND_SEPARATOR = re.compile(r"[:=\-–]|\bla\b")


def _legend_key(cell: Cell) -> str | None:
    """A criterion cell's mark as a legend names it, folded (``1`` typed as a number too)."""
    if type(cell) is str:
        return fold(cell).strip(" .:;!")
    if type(cell) in (int, float) and cell in (0, 1):
        return str(int(cell))
    return None


def _legend_marks(grid: Grid, layout: Layout,
                  marks: Collection[str]) -> dict[str, tuple[int, str]]:
    """The marks of ``marks`` a B01's legend line (outside the header block and the
    communes' rows) gives a meaning other than the template's (``K: Khá``, ``K - không áp
    dụng``, ``1 - Chưa đạt; 2 - Đạt``, ``0: đạt``): a person reads the mark as the sheet
    says, so it is not read as not met (or met); by folded mark, the Excel row and text of
    the line."""
    skip = set(layout.data) | set(range(layout.top or 0, (layout.bottom or -1) + 1))
    found: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(grid.rows):
        if i in skip:
            continue
        for cell in row:
            if type(cell) is not str:
                continue
            for mark, agrees in _legend_entries(cell):
                if mark in marks and not agrees:
                    found.setdefault(mark, (i + 1, nfc(cell.strip())))
    return found


@lru_cache(maxsize=1 << 14)
def _legend_entries(text: str) -> tuple[tuple[str, bool], ...]:
    """A line's legend entries: each mark it names, and whether the meaning it gives agrees
    with the template's. Remembered: asked of every text outside the table of nearly every
    B01 (marked with ``x``), and titles, notes and signatures repeat across files."""
    folded = fold(text)
    if not _LEGEND_SEPARATOR.search(folded):
        return ()
    entries = [(entry[1], entry[2].strip()) for entry in _LEGEND_ENTRY.finditer(folded)]
    entries += [(entry[2], entry[1]) for entry in _LEGEND_ENTRY_AFTER.finditer(folded)]
    return tuple((mark, _LEGEND_AGREES[mark](meaning)) for mark, meaning in entries if meaning)


# B01's status years, by the level each recognises (``_recognised``).
_STATUS_YEARS = (("ntm_year", "NTM"), ("advanced_year", "NTM nâng cao"),
                 ("model_year", "NTM kiểu mẫu"))


def _recognised(layout: Layout, columns: list[tuple[Cell, ...]], j: int,
                year: int | None) -> str | None:
    """How a B01 row's status years say its commune was recognised by the reporting
    ``year`` (``recognised NTM in 2019 in column X (Năm đạt chuẩn NTM)``), or None: no
    status year read in or before it. Asked only of a row whose marks under a group named
    as reached in the year (``Batch._check_in_the_year``) give few criteria met, which a
    recognised commune would not."""
    if year is None:
        return None
    for name, level in _STATUS_YEARS:
        column = layout.columns.get(name)
        if column is None or column.index >= len(columns):
            continue
        try:
            reached = parse_year(columns[column.index][j])
        except CellError:
            continue
        if reached is not None and reached <= year:
            return f"recognised {level} in {reached} in column {column.label}"
    return None


def _unmet_listed(cell: Cell, count: Cell, criteria: tuple[int, ...],
                  item: Callable[[str], int | None] | None) -> set[int]:
    """The criteria a list names as not met, checked against the row's count of criteria
    met (``_add_listed_marks``); raises CellError when they cannot be trusted."""
    unmet = parse_criteria_list(cell, item or (lambda _: None))
    reported = _count_or_none(count)
    met = len(criteria) - len(unmet)
    if reported is not None and reported != met:
        listed = ("the list is blank" if is_blank(cell) else
                  f"'{cell_text(cell)}' lists {len(unmet) or 'no'} criteria not met")
        raise CellError(f"{listed}, which leaves {met} of {len(criteria)} met, but the row's "
                        f"count of criteria met is {reported}")
    if is_blank(cell) and reported is None:
        raise CellError("the list of criteria not met is blank and the row gives no count of "
                        "criteria met, so whether it was filled in cannot be told")
    return unmet


def _numbers_not_met(cells: Iterable[Cell], total: int) -> list[int | None] | None:
    """Each cell's lone whole number (``4``, `` 7 ``, 7.0; None for a blank) when every
    filled cell of a B01 column of the criteria not met holds one from 0 to the set's
    ``total``, which may be a criterion or the number of criteria not met
    (``_counts_not_met``); None otherwise (``4, 7``, ``TC4``, a name: a list), told at the
    first such cell, and for a column blank throughout."""
    numbers: list[int | None] = []
    for cell in cells:
        if is_blank(cell):
            numbers.append(None)
            continue
        if type(cell) is str:
            found = _LONE_NUMBER.fullmatch(cell)
            number = int(found[1]) if found is not None else None
        elif type(cell) is int or (type(cell) is float and cell.is_integer()):
            number = int(cell)
        else:
            return None
        if number is None or not 0 <= number <= total:
            return None
        numbers.append(number)
    return numbers if any(number is not None for number in numbers) else None


# A number alone in a cell: ``4``, `` 7 ``.
_LONE_NUMBER = re.compile(r"\s*(\d{1,2})\s*")


def _counts_not_met(numbers: list[int | None], met: list[int | None],
                    unmet: list[set[int] | None] | None, total: int) -> bool:
    """Whether a B01 column of the criteria not met holding lone numbers
    (``_numbers_not_met``) gives how many criteria each commune does not meet, not one
    criterion each. A person reads each number both ways against what its row says
    otherwise: ``met``, its count of criteria met (from its marks, or its `Số tiêu chí
    đạt`; None: not known), and ``unmet``, the criteria its marks leave not met (None
    without marks: a criterion alone then says ``total - 1`` met). ``4`` beside 15 met is a
    count (19 - 15) and not criterion 4, which leaves 18; beside 18 met (or criterion 4
    alone unmarked) it is the criterion; ``0`` and ``1`` may agree both ways. A single
    number cannot tell, so the column does: counts when some number agrees only as a
    count, none only as a criterion, and more agree as counts than neither way (a number
    agreeing neither way is then a count in error)."""
    as_count = only_count = neither = 0
    for j, (number, known) in enumerate(zip(numbers, met, strict=True)):
        if number is None or known is None:
            continue
        listed = {number} if number else set()
        counted = number == total - known
        as_listed = (listed == unmet[j] if unmet is not None and unmet[j] is not None
                     else known == total - len(listed))
        if as_listed and not counted:
            return False
        as_count += counted
        only_count += counted and not as_listed
        neither += not counted and not as_listed
    return only_count > 0 and as_count > neither


def _count_or_none(cell: Cell) -> int | None:
    """A B01 row's count of criteria met, or None when blank or unreadable (flagged at its
    own cell)."""
    try:
        return parse_count(cell)
    except CellError:
        return None


def _unmet_counted(cell: Cell, number: int, count: Cell, total: int) -> set[int] | None:
    """The criteria not met on a B01 row without a column per criterion whose list column
    counts them (``number``, ``_counts_not_met``): none for 0, unknown (None) for any
    other, as a count names no criterion; checked against the row's count of criteria met
    as a list is (``_unmet_listed``), raising CellError where they disagree."""
    reported = _count_or_none(count)
    if reported is not None and reported != total - number:
        raise CellError(f"'{cell_text(cell)}' gives {number} criteria not met (the column "
                        f"counts them), which leaves {total - number} of {total} met, but the "
                        f"row's count of criteria met is {reported}")
    return set() if number == 0 else None


def _rating_by_level(levels: dict[int, Column], columns: list[tuple[Cell, ...]], rows: int,
                     marks: dict[str, str]) -> list[Cell]:
    """B03 rated in one column per rating (``3 sao | 4 sao | 5 sao``, an ``x`` under the
    product's), read as a person reads it: the rating of the one column marked (``4 sao``).
    A row marked under two ratings, or holding anything but marks there, gives the text of
    what was typed, which no rating parses (UNPARSEABLE_VALUE: the rating is not guessed);
    a row with nothing there gives a blank rating, as a blank rating cell does."""
    ordered = [c for _, c in sorted(levels.items())]
    out: list[Cell] = []
    for i in range(rows):
        typed = [(c, cell) for c in ordered
                 if c.index < len(columns) and not is_blank(cell := columns[c.index][i])]
        met: list[Column] = []
        plain = True
        for c, cell in typed:
            try:
                mark = parse_mark(cell, marks)
            except CellError:
                plain = False
                continue
            if mark == "met":
                met.append(c)
            elif mark != "not_met":
                plain = False
        if not typed:
            out.append(None)
        elif plain and len(met) == 1:
            out.append(f"{met[0].level} sao")
        else:
            out.append("; ".join(f"{c.own_header}: {cell_text(cell)}"
                                 for c, cell in typed))
    return out


def _unknown(table: _Table, f: t.Field, parsed: Parsed) -> Iterable[int]:
    """Rows whose value of the field is unknown: its cell could not be read, or (for a field
    ``unknown_if_absent``) its sheet has no such column."""
    if not f.unknown_if_absent:
        return parsed.errors
    return {*parsed.errors, *(i for i, label in enumerate(table.labels[f.name]) if label is None)}


def _listed(columns: str | None) -> list[str]:
    """The columns a row's ``status_years_unreadable`` or ``status_years_marked`` names."""
    return columns.split(", ") if columns else []


def _stars_on_the_scale(cells: list[Cell], values: pl.Series, errors: dict[int, str]
                       ) -> tuple[pl.Series, dict[int, str]]:
    """B03 ratings off the OCOP scale (``values.stars_off_scale``): a year in the rating's
    column (``Nâng hạng`` 2023, ``Số sao`` 2021), ``0`` or ``45`` is no rating a person
    reads, so it is not read (null), with an UNPARSEABLE_VALUE error at its cell saying why;
    downstream the OCOP counts it could change are absent. Before, the number was stored as
    the stars (2023) and only a range check downstream named it. One or two stars are on
    the scale and read (no certificate, as the counts say)."""
    off = values.is_not_null() & ~values.is_between(OCOP_STARS[0], OCOP_STARS[-1])
    if not off.any():  # one vectorised test: nearly every sheet has none
        return values, errors
    errors = dict(errors)
    found = off.arg_true().to_list()
    for i in found:
        errors[i] = (f"cannot read {cell_text(cells[i])!r} as a star rating: "
                     f"{stars_off_scale(values[i])}")
    return values.scatter(found, [None] * len(found)), errors


def _status_remarked(text: str, header: str = "", *, heading: bool = False
                     ) -> frozenset[str]:
    """The status years a B01 remark puts in doubt (``_status_in_doubt``): the level it
    names, or else the level its column's header names (``Số QĐ`` under ``NTM nâng cao``),
    and those above it (a commune that is not NTM is neither advanced nor model); every
    level when neither names one; none when the remark says nothing of the kind."""
    folded = _folded(text)
    doubt = _STATUS_DOUBT.search(folded) and not _STATUS_NOT_DOUBT.search(folded)
    if heading:  # a heading over communes registered for, or not reaching, a status
        doubt = doubt or _HEADING_NOT_REACHED.search(folded)
    if not (doubt or (_STATUS_NOT_REACHED.fullmatch(folded)
            and _STATUS_HEADER.search(_folded(header)))):
        return frozenset()
    lowest = _lowest_level(folded)
    if lowest is None:
        lowest = _lowest_level(_folded(header))
    return frozenset(_LEVELS[lowest or 0:])


def _claimed(text: str) -> frozenset[str]:
    """The status levels a B01 remark says the commune has reached (``Đạt chuẩn NTM năm 2019,
    NTM nâng cao năm 2022``, ``Đã đạt chuẩn NTM nâng cao``, ``Xã NTM nâng cao``): the highest
    level it names and those below it, as an advanced commune is an NTM one. None when it
    names no level (``Đạt chuẩn năm 2019``, ``Đã được thẩm định và công nhận``: of what is
    not said), and none for words of not yet, of a plan, a registration or a request, of a
    loss or a doubt (``Chưa đạt``, ``Phấn đấu đạt chuẩn NTM``, ``Đăng ký NTM nâng cao``, ``Bị
    thu hồi``), nor for criteria met (``Đạt chuẩn NTM 19/19 tiêu chí``). A remark stating a
    claim and then, in clauses of their own, such words about a level above it claims what
    it states first: offices note the level reached and the next one planned in one cell
    (``Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025``, ``…, chưa đạt NTM nâng cao``). Such
    words naming no level or the one claimed (``Đạt chuẩn NTM năm 2025, dự kiến``) qualify
    the claim, which then claims nothing, as does a claim after them (``Dự kiến đạt chuẩn
    NTM 2025, NTM nâng cao 2027``: the plan runs on)."""
    folded = _folded(text)
    if not _STATUS_REACHED.search(folded) or _ON_CRITERIA.search(folded):
        return frozenset()
    if not _not_claimed(folded):
        return _reached(folded)
    clauses = [words for line in text.splitlines() for part in _CLAUSE_BREAK.split(fold(line))
               if (words := _folded(part))]
    first = next((k for k, words in enumerate(clauses) if _not_claimed(words)), 0)
    claimed = _reached(" ".join(clauses[:first]))
    if all((_lowest_level(words) or 0) >= len(claimed) for words in clauses[first:]
           if _not_claimed(words)):
        return claimed
    return frozenset()


def _takes_the_mark_back(text: str) -> bool:
    """Whether a B05 remark beside a mark of met takes it back (``_MARK_TAKEN_BACK``), its
    denials of a loss (``Không bị thu hồi``) set aside."""
    return _MARK_TAKEN_BACK.search(_STATUS_NOT_DOUBT.sub(" ", _folded(text))) is not None


def _not_claimed(folded: str) -> bool:
    """Whether folded text says not yet, a plan, a registration or a request, a loss or a
    doubt (``_claimed``)."""
    return bool(_STATUS_NOT_CLAIMED.search(folded) or _STATUS_DOUBT.search(folded))


def _reached(folded: str) -> frozenset[str]:
    """The levels folded text says are reached, read as a claim (``_claimed``)."""
    if not _STATUS_REACHED.search(folded):
        return frozenset()
    named = [k for k, level in enumerate(_LEVELS) if STATUS_LEVEL_WORDS[level].search(folded)]
    return frozenset(_LEVELS[:max(named) + 1]) if named else frozenset()


def _doubts_status(text: str) -> bool:
    """Whether a B01 text says a status was withdrawn or lost, is only proposed or awaited,
    or was recognised again (``_STATUS_DOUBT``), and does not deny it."""
    folded = _folded(text)
    return bool(_STATUS_DOUBT.search(folded)) and not _STATUS_NOT_DOUBT.search(folded)


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _lowest_level(folded: str) -> int | None:
    """The lowest status level folded text names, as its position in ``_LEVELS``."""
    model, advanced = STATUS_LEVEL_WORDS["model_year"], STATUS_LEVEL_WORDS["advanced_year"]
    rest = model.sub(" ", folded)
    named = (STATUS_LEVEL_WORDS["ntm_year"].search(advanced.sub(" ", rest)) is not None,
             advanced.search(rest) is not None,
             model.search(folded) is not None)  # as _LEVELS
    return next((k for k, said in enumerate(named) if said), None)


def _named_columns(rows: int, columns: list[tuple[str, Iterable[int]]]) -> pl.Series:
    """Per row, the named columns that hold one of the given positions (``ntm_year,
    model_year``: the status years that could not be read, or that hold a mark), else null."""
    names: list[str | None] = [None] * rows
    for column, errors in columns:
        for i in errors:
            names[i] = column if names[i] is None else f"{names[i]}, {column}"
    return pl.Series(names, dtype=pl.String)


def _spec_of(table: str) -> t.SheetSpec:
    return next(s for s in t.SHEETS.values() if s.table == table)


def _extra_values(layout: Layout) -> dict[str, Any]:
    if layout.spec.criteria:
        return {"criteria_columns": len(layout.criteria) or len(layout.listed)}
    return {}


# Kinds whose merged value a person reads in every row the merge covers (a producer merged
# over three products); a number merged over rows is read once, where Excel keeps it.
_SPREAD_KINDS = frozenset({t.TEXT, t.DATE, t.YEAR, t.MARK, t.STARS, t.GROUP,
                           t.COMMUNE_GROUP, t.LATER})
# Sheets whose rows hold figures that add up (money by source, counts by indicator): one
# figure merged over several of their rows is no row's own.
_ADDITIVE_SHEETS = frozenset({"B02", "B04", "B06"})
# The kinds of those sheets' figures; and the columns they set aside (``t.IGNORED``) that
# hold no figure: any other set aside is one (a plan, a share, another year's figure).
_FIGURES = frozenset({t.NUMBER, t.MONEY, t.COUNT})
_NOT_FIGURES = frozenset({"note"})
# The year of the first national criteria for NTM communes (Decision 491/QĐ-TTg of April
# 2009): no B01 status year is earlier.
STATUS_FIRST_YEAR = 2009
# B01's columns the template ignores that may remark on a status: the decision recognising
# it ("Chờ QĐ"), the level named.
_STATUS_REMARK_FIELDS = frozenset({"status_decision", "status_level"})
# A B01 remark putting a status in doubt, folded: withdrawn or lost; proposed, awaiting or
# under review, not yet decided; recognised again (the year may be the first or the last).
_STATUS_LOST = (r"thu hoi|huy bo|huy quyet dinh|huy qd|bi huy|dinh chi|het hieu luc"
                r"|khong con dat|khong con duy tri|mat chuan|tut chuan|rot chuan")
_STATUS_PENDING = (r"de nghi (?:\w+ ){0,3}?(?:cong nhan|tham dinh|xet)|(?:dang|da) de nghi$"
                   r"|cho (?:cong nhan|quyet dinh|qd|phe duyet|tham dinh|xet)"
                   r"|dang (?:trinh|xet|tham dinh|hoan thien ho so|hoan thanh ho so|lam ho so)"
                   r"|trinh (?:cong nhan|ubnd|tinh|hoi dong)|du dieu kien"
                   r"|chua (?:co )?(?:quyet dinh|qd)|chua (?:duoc )?cong nhan")
_STATUS_AGAIN = r"cong nhan lai|tai cong nhan|dat chuan lai"
_STATUS_DOUBT = re.compile(rf"\b(?:{_STATUS_LOST}|{_STATUS_PENDING}|{_STATUS_AGAIN})\b")
# ... unless negated ("Không bị thu hồi"); a remark that is a mark of not reached alone.
_STATUS_NOT_DOUBT = re.compile(r"\b(?:khong|chua) (?:bi )?(?:thu hoi|huy|dinh chi)\b")
_STATUS_NOT_REACHED = re.compile(r"(?:chua|khong) dat(?: chuan)?(?: ntm| nong thon moi)?")
# ... in a column whose header says it gives the status or remarks on the row (not an extra
# criterion's column, whose marks say nothing of the status).
_STATUS_HEADER = re.compile(r"\b(?:tinh trang|ghi chu|ket qua(?: dat chuan| cong nhan)?$"
                            r"|danh hieu)")
# ... a heading over communes that have not reached a status, or registered for or plan it.
_HEADING_NOT_REACHED = re.compile(r"\b(?:chua|khong) dat\b|\b(?:dang ky|du kien|phan dau)\b")
# A B05 remark taking a criterion's mark of met back, folded: not met (``Chưa đạt``, ``Không
# đạt chỉ tiêu 2.3``, ``Còn thiếu``), not appraised by the province (``Chưa được tỉnh thẩm
# định``, ``Tỉnh chưa thẩm định, huyện tự đánh giá``), lost or awaited as a B01 status is
# (``Đã bị thu hồi``, ``Chờ tỉnh thẩm định``), or planned (``Đạt năm 2024 (dự kiến)``, ``Phấn đấu
# đạt năm 2024``, ``Đăng ký``). Recognised again (B01's ``_STATUS_AGAIN``) says it is met.
_MARK_TAKEN_BACK = re.compile(
    rf"\b(?:{_STATUS_LOST}|{_STATUS_PENDING}|(?:chua|khong) (?:dat|hoan thanh)|con thieu"
    r"|(?:chua (?:duoc |co )?|cho )(?:tinh |ket qua )?tham dinh|dang ky|du kien|phan dau)\b")
_LEVELS = ("ntm_year", "advanced_year", "model_year")
# A B01 remark saying a level is reached (``_claimed``), folded: ``đạt chuẩn``, or ``đạt``,
# ``công nhận`` or ``xã`` before a level (``Đạt NTM nâng cao``, ``Được công nhận NTM``, ``Xã
# NTM kiểu mẫu``) ...
_STATUS_REACHED = re.compile(
    r"\bdat chuan\b|\b(?:dat|cong nhan|xa) (?:xa )?(?:ntm\w*|nong thon moi|nang cao|kieu mau)\b")
# ... unless it says basically met, or speaks of criteria (``Đạt chuẩn NTM 19/19 tiêu chí``,
# ``còn thiếu TC 17``), not of the status; or says not yet, a plan, a registration or a
# request in the clause of its claim (parted at punctuation, brackets, a dash, a line's end,
# ``và``, ``nhưng``).
_ON_CRITERIA = re.compile(r"\b(?:co ban|tieu chi|tc)\b")
_STATUS_NOT_CLAIMED = re.compile(r"\b(?:chua|khong|phan dau|dang ky|du kien|de nghi|ke hoach"
                                 r"|muc tieu|xay dung|huong toi)\b")
_CLAUSE_BREAK = re.compile(r"[;,.()]|\s[-–]\s|\b(?:va|nhung)\b")
# B03's remark columns, by their header's words: "Ghi chú", "Tình trạng (hiệu lực)".
_REMARK = re.compile(r"(?:ghi chu|tinh trang|hieu luc)\b")
# A remark saying a certificate no longer holds, folded: expired, withdrawn, cancelled; and
# one saying it still does ("Còn hiệu lực", "Chưa hết hạn"), which no such word then undoes.
_LAPSE = re.compile(r"\b(?:het han|het hieu luc|khong con hieu luc|thu hoi|huy bo|bi huy"
                    r"|da huy|huy quyet dinh|huy qd|dinh chi|khong duoc cong nhan lai"
                    r"|khong cong nhan lai)\b")
_STILL = re.compile(r"\b(?:con hieu luc|con han|chua het han|chua het hieu luc)\b")
# A B03 producer (or a remark on it) said dissolved, bankrupt or stopped, folded: ``HTX Yên
# Khoái (đã giải thể)``, ``Doanh nghiệp đã phá sản``, ``Cơ sở ngừng hoạt động``, ``dừng sản
# xuất``, ``tạm ngưng SXKD``, ``không còn hoạt động``; not negated (``chưa giải thể``,
# ``không ngừng hoạt động``), nor ``giải thể thao`` (a sports prize), ``xây dựng sản xuất``
# (``dựng`` folds as ``dừng``), ``đề nghị sản xuất`` or a ``Tổ hợp tác``. A producer's name
# is free text: only these phrases are read in it.
_STOPPED = re.compile(
    r"(?<!\bkhong )(?<!\bchua )(?<!\bkhong bi )(?<!\bchua bi )"
    r"\b(?:(?:bi |da |dang )?giai the(?! thao)|(?:bi |da )?pha san"
    r"|(?:(?:tam )?(?:ngung|cham dut)|(?<!\bde )nghi|(?<!\bxay )dung)(?: han)?"
    r" (?:hoat dong|san xuat|kinh doanh|sx|sxkd|sx kd)|tam (?:ngung|dung|nghi)"
    r"|khong con (?:hoat dong|san xuat|kinh doanh|ton tai)|khong (?:hoat dong|san xuat) nua"
    r"|da dong cua)\b")
# ... unless the stop is over or the producer is at work, folded (``_PRODUCER_WORKS``): a
# stop of a while (``tạm ngừng``, ``ngừng``, ``dừng``, ``nghỉ``) and then, in the same
# sentence, a return to work (``Tạm ngừng, nay đã hoạt động lại``, ``ngừng 3 tháng, nay sản
# xuất bình thường``), or the return after it (``Hoạt động trở lại sau thời gian tạm
# ngừng``); a return to work alone (``Đã hoạt động trở lại``, ``đã khôi phục sản xuất``); the
# producer at work (``Đang sản xuất``, ``Vẫn hoạt động``). A return planned, awaited or
# denied between the two (``Tạm ngừng, dự kiến hoạt động lại``, ``chưa sản xuất lại``), or
# put on a condition after it (``hoạt động lại khi có vốn``), undoes no stop; no return
# undoes a dissolution or a bankruptcy (``Đã giải thể, nay hoạt động lại``: another
# producer, if any, works). ``nay`` (now) with the work alone ends its clause: ``nay sản
# xuất sản phẩm khác`` says nothing of this product. Read by the rules on a producer
# stopped (``_lapse_message``) and on a footnoted rating (``_footnoted_stars``), where
# ``đang`` of ``Đang sản xuất`` is no word of doubt.
_AT_WORK = r"(?:hoat dong|san xuat|sxkd|sx kd|sx|kinh doanh)"
_BACK_AT_WORK = (
    rf"(?:{_AT_WORK}(?: binh thuong| on dinh)? (?:tro )?lai|khoi phuc {_AT_WORK}"
    rf"|tai {_AT_WORK}|nay (?:da |dang |van )?{_AT_WORK}"
    r"(?: (?:binh thuong|on dinh|tro lai|lai))*(?=\s*(?:[,.;)]|$)))"
    r"(?! (?:khi|neu|sau khi co|cho)\b)")
_PRODUCER_WORKS = re.compile(
    r"(?<!\bchua )(?<!\bkhong )"
    r"\b(?:(?:tam )?(?:ngung|(?<!\bde )nghi|(?<!\bxay )(?<!\bsu )dung)(?: han)?\b"
    r"(?:(?!\b(?:chua|khong|du kien|ke hoach|se|cho|phan dau|chuan bi|dang ky|de nghi|neu"
    r"|muc tieu|huong toi|giai the|pha san)\b)[^;])*?"
    rf"\b{_BACK_AT_WORK}|{_BACK_AT_WORK}(?: sau (?:\w+ ){{0,3}}?(?:tam )?(?:ngung|nghi|dung)"
    rf"(?: {_AT_WORK})?)?|(?:dang|van|van dang|con) {_AT_WORK}(?! thu\b))\b")
# A B03 note naming a re-rating, folded: an upgrade, a re-evaluation, a certificate
# recognised or issued again.
# A B03 ``Cấp công nhận`` naming a level above the district (``Tỉnh``, ``UBND tỉnh``,
# ``Trung ương``), folded: the one that grants 4 and 5 stars (``_district_proposals``).
_RECOGNISED_ABOVE = re.compile(r"\b(?:tinh|trung uong|tw|quoc gia)\b")
_UPGRADE = re.compile(r"\b(?:nang hang|nang sao|len hang|danh gia lai|xep hang lai"
                      r"|phan hang lai|cong nhan lai|tai cong nhan|cap lai)\b")
# ... unless it is only planned ("Dự kiến đánh giá lại năm 2026", "Phấn đấu nâng hạng").
_PLANNED = re.compile(r"\b(?:du kien|ke hoach|phan dau|dang ky|huong toi|se)\b")
# A B03 column asking whether the certificate holds ("Còn hiệu lực", "Hiệu lực", "Còn hạn"),
# by its header's words, answered no ("Không", "Hết"); or one asking whether it lapsed
# ("Đã thu hồi", "Hết hạn"), answered yes ("x", "Có").
_IN_FORCE_ASKED = re.compile(r"(?:con )?hieu luc\b|con han\b")
_NO = frozenset({"khong", "k", "het", "0"})
_YES = frozenset({"x", "co", "1"})


def _answers_lapsed(header: str, cell: Cell) -> bool:
    """Whether a B03 cell answers its column's question (``header``, its words) by saying the
    certificate no longer holds: ``Không`` under ``Còn hiệu lực``, ``x`` under ``Đã thu hồi``."""
    if is_blank(cell) or type(cell) is bool:
        return False
    answer = fold(cell_text(cell)).strip(" .:;!")
    if _IN_FORCE_ASKED.match(header) and not _LAPSE.search(header):
        return answer in _NO
    return _LAPSE.search(header) is not None and answer in _YES
# A remark saying a rating is only proposed or awaits its decision ("Chờ quyết định công
# nhận", "Đã trình UBND tỉnh", "Chưa có QĐ"), folded: as a B01 status so remarked.
_PENDING = re.compile(rf"\b(?:{_STATUS_PENDING})\b")
# B03 remarks saying a product is not rated yet, folded: a hope or a plan ("Tiềm năng 3
# sao", "Sản phẩm tiềm năng", "Dự kiến đánh giá"; not "Có tiềm năng xuất khẩu"), its file
# being made ("Hoàn thiện hồ sơ"), not yet evaluated.
_OCOP_PENDING = re.compile(r"\b(?:tiem nang (?:[3-5] sao|ocop)|^(?:san pham |sp )?tiem nang$"
                           r"|du kien (?:\w+ ){0,3}?(?:danh gia|phan hang|xep hang|cong nhan"
                           r"|dat|[3-5] sao)|^du kien$|(?:hoan thien|hoan thanh|bo sung) ho so"
                           r"|chua (?:duoc )?(?:danh gia|phan hang|xep hang|xep sao)"
                           r"|dang (?:danh gia|phan hang|xep hang))\b")
# ... or that the product was counted in a report of another year ("Đã tính năm 2022",
# "Đã thống kê năm trước"), when the remark names another year than the reporting one.
_COUNTED = re.compile(r"\bda (?:duoc )?(?:tinh|thong ke|bao cao|tong hop|ke khai)\b")
_A_YEAR = re.compile(r"\b((?:19|20)[0-9]{2})\b")
# A note in brackets after a B03 product's name ("Chè (đang hoàn thiện hồ sơ)").
_NAME_NOTE = re.compile(r"[(\[]([^()\[\]]+)[)\]]")
# The header of a B03 column counting the products of a row, by its words ("Số lượng sản
# phẩm", "Số SP", "SL", "Số lượng SP được công nhận"; not "Số lượng (kg)", "Sản lượng").
_QUANTITY = re.compile(r"(?:so luong(?: san pham)?|so san pham)(?: ocop)?"
                       r"(?: (?:duoc )?(?:cong nhan|dat))?$")
# A quantity of one product (``1``, ``01``, ``1 SP``), folded.
_ONE = re.compile(r"0*1(?:[.,]0+)?(?: ?(?:sp|san pham))?")
# A B03 product's name stating a count of products ("Chè Shan tuyết (3 sản phẩm)", "gồm 2
# SP"), folded: several products on one row.
_NAMES_A_COUNT = re.compile(r"(?<![0-9.,])(?:[2-9]|[1-9][0-9]+) ?(?:san pham|sp)\b")
# Where a B03 product's name lists others ("Mật ong, Chè, Măng khô"): its parts, split on
# commas, semicolons, plus signs and line breaks outside brackets.
_NAME_PARTS = re.compile(r"[,;+&\n](?![^(\[]*[)\]])")
# ... and two kinds of one thing joined by "và" ("Chè xanh và chè đen", "Rượu ngô và rượu
# men lá"; not "Dịch vụ ăn uống và lưu trú").
_AND = re.compile(r"\s+(?:và|va)\s+", re.IGNORECASE)
# A name of several kinds of a thing ("Chè các loại", "Các sản phẩm từ măng"), folded.
_SEVERAL_KINDS = re.compile(r"\bcac (?:loai|san pham|mat hang)\b")
# ... a part that is no product's name: a place, a producer, a package or a measure
# ("Chè Shan tuyết, xã Mẫu Sơn", "Trà hoa vàng, túi lọc", "Rượu 29,5 độ").
_NOT_A_PRODUCT = re.compile(
    r"(?:[0-9]|(?:xa|phuong|thi tran|huyen|tinh|thon|ban|xom|ap|khu|to|tt|tx|tp|htx"
    r"|hop tac xa|cong ty|cty|co so|ho kinh doanh|hkd|dia chi|loai|hop|goi|chai|tui|lo|hu"
    r"|can|bao|thung|khoi luong|dung tich|trong luong|quy cach|dong goi|nhan hieu|thuong hieu)"
    r"\b)")

# What numbers or introduces a B03 group's heading, folded: "II.", "1)", "A.", "Nhóm", "Sản
# phẩm", "Ngành hàng".
_HEADING_LEAD = re.compile(r"^[-+•*\s]*(?:(?:[ivx]+|[0-9]+|[a-d])\s*[.):]\s*|[ivx]+\s+)?"
                           r"(?:(?:nganh hang|bo san pham|nhom san pham|san pham)\s+)?")


def _products_listed(name: str) -> int:
    """How many products a B03 product's name lists (``Mật ong, Chè, Măng khô``: 3): its
    parts split at commas, semicolons, ``+``, ``&`` and line breaks outside brackets that
    are no place, producer, package or measure, or two kinds of one thing joined by
    ``và``; 1 for a name of one product."""
    parts = [p for p in (fold(p).strip() for p in _NAME_PARTS.split(nfc(name)))
             if p and not _NOT_A_PRODUCT.match(p)]
    if len(parts) > 1:
        return len(parts)
    sides = [fold(p).split() for p in _AND.split(nfc(name))]
    if len(sides) == 2 and all(sides) and sides[0][0] == sides[1][0] and len(sides[1]) > 1:
        return 2
    return 1


def _listed_under(layout: Layout) -> list[int | None]:
    """For each data row, the nearest row above it that is not data (a heading, a note, a
    total), or None: the heading it is listed under, up to the next such row."""
    breaks = sorted({*layout.notes, *layout.totals})
    above: list[int | None] = []
    b, last = 0, None
    for i in layout.data:
        while b < len(breaks) and breaks[b] < i:
            last, b = breaks[b], b + 1
        above.append(last)
    return above


def _row_text(row: list[Cell]) -> str:
    """A heading row's texts, as one line."""
    return " ".join(str(c).strip() for c in row if type(c) is str and c.strip())


# How a row is numbered, by the first thing typed in it: an upper-case roman number or letter
# (``I.``, ``II``, ``A.``), a number (``1``, ``2.``), a sub-number (``1.1``), a lower-case
# letter (``a)``), a bullet (``-``, ``+``), ``Trong đó``; by depth in an outline.
_OUTLINE = (
    (re.compile(r"(?:[IVX]+(?=[.):]|\s|$)|[A-D](?=[.)]))"), 0, "I"),
    (re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2})+(?![0-9])"), 2, "1.1"),
    (re.compile(r"[0-9]{1,3}(?=[.):]|\s|$)"), 1, "1"),
    (re.compile(r"\(?[a-hj-z](?=[.)])"), 3, "a)"),
    (re.compile(r"[-+•*–—]"), 4, None),
    (re.compile(r"(?i:trong đó|trong do)\b"), 5, "trong do"),
)


def _outline_mark(cells: list[Cell]) -> tuple[int, str] | None:
    """(depth, style) of a row's numbering (``_OUTLINE``) from the first cell typed in it (its
    number's column, or the start of its name), or None when it is not numbered."""
    for cell in cells:
        if is_blank(cell):
            continue
        if type(cell) in (int, float):
            return (1, "1") if float(cell).is_integer() else (2, "1.1")
        text = nfc(cell_text(cell)).strip()
        for pattern, depth, style in _OUTLINE:
            if (m := pattern.match(text)) is not None:
                if style == "1.1":
                    return depth + m.group(0).count(".") - 1, style
                return depth, style or m.group(0)
        return None
    return None


def _numbered_beside(mark: tuple[int, str] | None, heading: tuple[int, str] | None) -> bool:
    """Whether a row numbered ``mark`` is the sibling of a heading numbered ``heading``, or
    above it in the outline, so not one of its rows."""
    if mark is None or heading is None:
        return False
    return mark == heading or mark[0] < heading[0]


def _group_heading(row: list[Cell], index: int) -> tuple[int, int] | None:
    """(row, product group) when a B03 row not read as a product names a product group and
    nothing else: each of its texts a number, a bullet or the group (``I | Thực phẩm``,
    ``Nhóm 2: Đồ uống``); else None."""
    group = None
    for cell in row:
        if is_blank(cell) or type(cell) is not str:
            continue
        text = _HEADING_LEAD.sub("", fold(cell).strip())
        if not text or re.fullmatch(r"[ivx]+|[a-d]|[0-9]+|[-+•*.)]+", text):
            continue
        try:
            found = parse_product_group(text)
        except CellError:
            return None
        if group is not None and found != group:
            return None
        group = found
    return None if group is None else (index, group)


# The criteria set whose communes are grouped (Decision 51/2025/QĐ-TTg, ``commune_group``).
_GROUPED_SET = "2026-2030"
# A B01 heading naming a commune group, its section number set aside, in folded words:
# ``Nhóm 1: Xã ven đô thị…``, ``Xã nhóm 2``, ``Các xã thuộc nhóm III``, ``Phân nhóm 1``; not
# a subtotal (``Cộng nhóm 2``) nor a count (``Nhóm 1 (5 xã)`` is one).
_COMMUNE_GROUP_HEADING = re.compile(
    r"(?:(?:[ivx]+|[0-9]{1,2}|[a-e])\s*[.):]\s*|[ivx]+\s+)?(?:(?:cac\s+)?xa\s+(?:thuoc\s+)?)?"
    r"(?:phan\s+)?nhom\s+(i{1,3}|[1-3])(?![\w.,])")


def _commune_group_heading(row: list[Cell]) -> tuple[str, int] | None:
    """(its text, the group) when a B01 row not read as a commune names a commune group and
    nothing else: each of its texts a section number, a bullet or the group's heading
    (``_COMMUNE_GROUP_HEADING``, whatever describes the group after it); else None."""
    found: tuple[str, int] | None = None
    for cell in row:
        if is_blank(cell) or type(cell) is not str:
            continue
        text = fold(cell).strip()
        if re.fullmatch(r"[ivx]+|[a-e]|[0-9]+|[-+•*.)]+|[ivx]+[.)]|[0-9]+[.)]", text):
            continue
        match = _COMMUNE_GROUP_HEADING.match(text)
        if match is None or found is not None:
            return None
        found = (" ".join(nfc(cell).split()), parse_commune_group(f"nhom {match.group(1)}"))
    return found


# What a B03 re-rating's value is called in messages, by the kind of the field it replaces.
_RECOGNITION_VALUES = {t.STARS: "rating", t.DATE: "recognition date"}


def _add_checks(table: _Table, layout: Layout, columns: list[tuple[Cell, ...]], n: int) -> None:
    """The cells of a sheet's CHECK columns (``Năm công nhận`` beside ``Ngày quyết định``),
    by field, for ``Batch._checked_years``; none where the column is the field it checks
    (read as it, without a column of its own)."""
    for f in layout.spec.fields:
        if f.kind != t.CHECK:
            continue
        column = next((c for c in layout.ignored if c.field == f.name), None)
        checked = layout.columns.get(f.of or "")
        if column is not None and (checked is None or checked.index == column.index
                                   or column.index >= len(columns)):
            column = None
        table.cells.setdefault(f.name, []).extend(
            columns[column.index] if column is not None else [None] * n)
        table.labels.setdefault(f.name, []).extend(
            [column.label if column is not None else None] * n)


def _tick(cell: Cell, marks: dict[str, str]) -> bool | None:
    """Whether a tick box of ``Đạt | Chưa đạt`` is ticked: a mark of met (``x``, ``√``, ``1``)
    ticks it, a blank or a mark of no (``-``, ``0``) does not; None for anything else."""
    if is_blank(cell):
        return False
    try:
        mark = parse_mark(cell, marks)
    except CellError:
        return None
    return {"met": True, "not_met": False}.get(mark)


def _fill_data_merges(grid: Grid, layout: Layout, mapped: dict[int, Column],
                      block: list[list[Cell]],
                      units: dict[str, tuple[float, str]] | None = None) -> None:
    if not grid.merges or not block:
        return
    position = {row: k for k, row in enumerate(layout.data)}
    for r0, c0, r1, c1 in grid.merges:
        if r0 <= (layout.bottom or 0) or r0 not in position:
            continue
        if c1 > c0 and _merged_across_figures(layout, mapped, block, position,
                                              (r0, c0, r1, c1), units):
            continue
        column = mapped.get(c0)
        if column is None:
            continue
        # One mark merged across a commune's criterion cells ("Đạt" over all 19) is read in
        # each of them, as a person reads it; across other columns it stays where Excel
        # keeps it.
        across = range(c0, c1 + 1) if c1 > c0 and all(
            c in mapped and mapped[c].criterion is not None for c in range(c0, c1 + 1)) else ()
        if r1 == r0 and not across:
            continue
        kind = t.MARK if column.criterion is not None else layout.spec.get(column.field).kind
        covered = [r for r in range(r0, r1 + 1) if r in position]
        if (kind in (t.MONEY, t.NUMBER) and layout.spec.code in _ADDITIVE_SHEETS
                and _keyed(covered, position, block, layout) > 1
                and not is_blank(block[position[r0]][c0])):
            # One amount merged over two sources (or one figure over two indicators) is
            # theirs together: read in the first row alone, the first had the others' money
            # and the others none. No row's share is known: each cell says so.
            typed = _as_typed(block[position[r0]][c0])
            for r in covered:
                block[position[r]][c0] = (f"{typed} (merged over rows {covered[0] + 1}-"
                                          f"{covered[-1] + 1})")
            continue
        if kind not in _SPREAD_KINDS:
            continue
        value = block[position[r0]][c0]
        for r in range(r0, r1 + 1):
            if r in position:
                for c in across or (c0,):
                    block[position[r]][c] = value


def _repeat_dittos(layout: Layout, mapped: dict[int, Column],
                   block: list[list[Cell]]) -> dict[int, tuple[list[int], str]]:
    """A ditto mark (``nt``, ``Như trên``, ``"``, ``〃``: ``values.is_ditto``) in a column whose
    field reads one (``Field.ditto``: B03's producer, date, decision and level, B04's and
    B06's ``Đơn vị tính``) is the cell right above it, as a person reads products recognised
    by the same decision (``123/QĐ-UBND`` over ``nt``) or a unit typed once (``xã`` over
    ``nt``); a ditto under a ditto so read is the same. Before, ``nt`` was stored as the
    decision, level or producer, the date was an error, and a unit ``nt`` measured nothing.
    A ditto on the first row, under a blank, under a row that is not data (a heading) or
    under a ditto repeating nothing repeats nothing: it is left as typed and read as before.
    Like a merged cell (``_fill_data_merges``), the value is given to the row's cell; unlike
    one, the mark typed is not what the stored cell says, so the caller flags the rows (an
    info): by column, the sheet rows so read and the first mark as typed."""
    data = layout.data
    repeated: dict[int, tuple[list[int], str]] = {}
    for j, column in mapped.items():
        if column.field not in layout.spec.dittos:
            continue
        for k in range(1, len(block)):
            cell = block[k][j]
            if type(cell) is not str or not is_ditto(cell):
                continue
            above = block[k - 1][j]
            if data[k - 1] == data[k] - 1 and not is_blank(above) and not is_ditto(above):
                block[k][j] = above
                repeated.setdefault(j, ([], cell_text(cell)))[0].append(data[k] + 1)
    return repeated


def _as_typed(value: Cell) -> str:
    """A figure as the office typed it, to quote beside where it was merged."""
    return cell_text(value) if type(value) is str else f"{value:.15g}".replace(".", ",")


def _no_figure(value: Cell) -> bool:
    """A blank cell or a dash (nothing to report): blank in every column it covers."""
    try:
        return parse_number(value) is None
    except CellError:
        return False


def _merged_across_figures(layout: Layout, mapped: dict[int, Column], block: list[list[Cell]],
                           position: dict[int, int], merge: tuple[int, int, int, int],
                           units: dict[str, tuple[float, str]] | None) -> bool:
    """One figure merged across several figure columns of a row (``100`` over ``Kế hoạch |
    Thực hiện | Kế hoạch năm sau``, ``800`` over B02's ``Kế hoạch | Thực hiện``), or a name
    merged over its figure's cell ending with the figure (``Ngân sách địa phương 800 triệu
    đồng`` over ``Nguồn vốn | Giá trị``): a person sees the figure but cannot tell which
    column it is (a plan and its result are not the same figure). It was read as the first
    column's alone (or, under a column not read, as none), without a flag. Each figure cell
    it covers is given the figure with the merged range, so that it is not read and each
    says so (an error; B02's ``value_unreadable``). Returns whether the merge was so taken.
    A figure merged over its column and a text's (``Giá trị | Ghi chú``, a blank column
    beside it) stays its column's; a dash (nothing to report) is blank in every column."""
    r0, c0, r1, c1 = merge
    spec = layout.spec
    if spec.code not in _ADDITIVE_SHEETS:
        return False
    value = block[position[r0]][c0] if c0 < len(block[position[r0]]) else None
    if nothing_to_report(value) or _no_figure(value):
        return False
    covered = range(c0, min(c1 + 1, len(block[position[r0]])))
    read = [j for j in covered if j in mapped and spec.get(mapped[j].field).kind in _FIGURES]
    if not read:
        return False
    anchor = mapped.get(c0)
    if anchor is not None and spec.get(anchor.field).kind == t.TEXT:
        if figure_in_name(value, units, in_figure_cell=True) is None:
            return False
    elif anchor is not None and anchor.field == spec.key:
        return False  # a code's cell over the row: the code's own error says it
    else:
        set_aside = {c.index: c.field for c in layout.ignored}
        others = [j for j in covered if j in set_aside and set_aside[j] not in _NOT_FIGURES
                  and spec.get(set_aside[j]).kind in (*_FIGURES, t.IGNORED)]
        if len(read) + len(others) < 2:
            return False
    headers = " | ".join(layout.headers.get(j, "").rsplit(" | ", 1)[-1] or column_letter(j)
                         for j in covered)
    where = f"{column_letter(c0)}{r0 + 1}:{column_letter(covered[-1])}{r1 + 1}"
    typed = f"{_as_typed(value)} (merged over {where}: {headers})"
    for r in range(r0, r1 + 1):
        if r in position:
            for j in read:
                block[position[r]][j] = typed
    return True


def _keyed(rows: list[int], position: dict[int, int], block: list[list[Cell]],
           layout: Layout) -> int:
    """How many of these data rows carry their key (a source's or an indicator's code), or,
    in a sheet without a key column, a name: the rows a merged figure could belong to (a
    note or a part under a source is not one)."""
    key = layout.columns.get(layout.spec.key)
    if key is None:
        return len(rows)
    return sum(not is_blank(block[position[r]][key.index]) for r in rows)


# In ``_number_styles``' styles seen by a sheet: the sheet is a CSV separated by commas or
# tabs, as said by ``_CSV_SEPARATORS``.
_CSV_SEPARATED = "csv-separated"
_CSV_SEPARATORS = {
    ",": "commas, as a program set to English style saves them",
    "\t": "tabs, as Excel's \"Unicode Text\" saves them in any language setting",
}


def _doubt(seen: dict[str, str], cell: Cell) -> str | None:
    """How a figure read two ways (``2,500``, ``1.250``) is read in a sheet whose text
    figures show ``seen`` (style -> a figure showing it, ``values.styles_shown``): ``"vi"``,
    in the template's Vietnamese style; None, in English style (a dot marking decimals);
    else why it is not read. A sheet marking decimals with a dot and grouping no thousands
    (``1013.668``) has ``1.250`` for 1.25, but says nothing of what its ``2,500`` is."""
    vietnamese, english, dot = seen.get("vi"), seen.get("en"), seen.get("dot")
    if english is None and dot is None:
        if (separated := seen.get(_CSV_SEPARATED)) is not None and vietnamese is None:
            # Excel saves "CSV" with commas where its decimal mark is a dot (a Vietnamese
            # setting saves semicolons), and "Unicode Text" with tabs in any setting:
            # ``"1,200"`` there is 1200 as likely as 1.2
            return ("a Vietnamese reader and an English one read it a thousand times apart, "
                    f"and the file separates its cells with {separated}, with no other "
                    "figure showing the style")
        return "vi"
    if vietnamese is not None:
        if english is not None:
            return ("a Vietnamese reader and an English one read it a thousand times apart, "
                    f"and the sheet types figures in both styles ({english!r}, "
                    f"{vietnamese!r})")
        return ("a Vietnamese reader and an English one read it a thousand times apart, and "
                f"the sheet marks decimals both with a dot ({dot!r}) and in Vietnamese "
                f"style ({vietnamese!r})")
    if english is not None or ("ungrouped" in seen and "." in cell_text(cell)):
        return None
    return ("a Vietnamese reader and an English one read it a thousand times apart, and the "
            f"sheet types a dot as its decimal mark ({dot!r}), as an English writer does: "
            "the template's Vietnamese style may not be its writer's")
