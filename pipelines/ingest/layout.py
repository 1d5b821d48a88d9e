"""Find a template table in a messy sheet: its header block, what each column means, and which
rows are data, totals and notes.

Offices decorate the template: title rows and a ``Đơn vị tính`` line above, headers over two
or three rows (``STT`` merged down, ``Tiêu chí đạt chuẩn`` merged across ``1`` … ``19``), a
row of column numbers, extra columns (``Dân số``), a total row and a signature block below.
This module reads that layout the way a person does and says what it could not read; it
never reads a cell's value as data (``extract.py`` and ``columns.py`` do). What the columns
mean comes from ``template.py`` and ``vocabulary.py``.

A sheet is *usable* only when every column its figures depend on was identified
(``SheetSpec`` marks them required; B01 also needs one column per criterion of the set). A
sheet that is not usable feeds no rows to the raw tables, so a half-read sheet can never
put a wrong figure in the marts; its cells are kept in ``raw.unmapped_cells``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from itertools import takewhile

from pipelines.ingest import seeds, template
from pipelines.ingest.columns import cell_parser
from pipelines.ingest.funding import funding_by_name, names_a_group
from pipelines.ingest.indicator_names import heading_narrows, indicator_by_name, template_codes
from pipelines.ingest.template import (
    CHECK,
    IGNORED,
    LATER,
    MONEY,
    STARS,
    TEXT,
    YEAR,
    SheetSpec,
)
from pipelines.ingest.text import (
    fold,
    is_note_label,
    is_note_text,
    is_subtotal_text,
    is_total_text,
    names_a_total,
    nfc,
)
from pipelines.ingest.unit_names import (
    carries_marks,
    code_by_name,
    commune_anywhere,
    commune_key,
    communes_named,
    communes_one_letter_off,
    district_name_of,
    name_key,
    provinces_after_reform,
    provinces_before_reform,
    spelt_as,
    units_named_in_full,
)
from pipelines.ingest.values import (
    STATUS_LEVEL_WORDS,
    CellError,
    cell_text,
    declared_unit,
    footnote_closing,
    is_blank,
    memo_by_units,
    money_factor,
    opens_a_footnote,
    parse_mark,
    parse_number,
    parse_stars,
    units_declared,
    unknown_money_unit,
)
from pipelines.ingest.vocabulary import (
    PLAN_WORDS,
    VOCABULARY_HINT,
    YEAR_BEFORE,
    Vocabulary,
    another_period,
    header_words,
    header_years,
    higher_level_set,
    ntm_set,
    part_of_year,
)
from pipelines.ingest.workbook import Cell, Grid, column_letter
from pipelines.reporting_years import REFORM_YEAR

MAX_HEADER_ROWS = 5
_NUMBERING = re.compile(r"^\(?(?:[0-9]{1,3}|[a-z]{1,2}|[ivx]{1,4})\)?$")
# A district-level unit named at the start of a label ("Huyện Lộc Bình", "TP. Lạng Sơn"); not
# "Quận", which also begins communes' names (Quan Lạn).
# In lower case with the diacritics: folded, "Huyền Sơn" (a commune) would read "huyen son".
_DISTRICT = re.compile(r"(?:[ivx]+[.)]?\s+|[0-9]+[.)]\s*)?(?:huyện|thị xã|thành phố|quận|tp|tx)\b")
# A column numbered with how it is computed: "(24)=∑(5÷23)", "(3) = (1) + (2)".
_NUMBERING_FORMULA = re.compile(r"^\((?:[0-9]{1,3}|[a-z]{1,2})\)\s*=\s*\S")


@dataclass(frozen=True)
class Context:
    """What the layout depends on besides the sheet: the submission's year and criteria set."""

    year: int
    criteria_set: str
    vocabulary: Vocabulary
    # The reporting unit, as B04/B06 rows per place are told from its own (``place_of``):
    # its level (``province``, ``district``), its province's code and its own name without
    # its type, folded (``lang son``).
    level: str | None = None
    province: str | None = None
    own_name: str | None = None
    # Its code (a district's), as a heading naming one of its communes by name alone is told
    # (``_communes_of``).
    unit: str | None = None


@dataclass
class Column:
    index: int  # 0-based
    field: str  # a field of the sheet, or "criterion"
    header: str  # the header block's text for this column, as shown
    criterion: int | None = None
    level: int | None = None  # B03 rated by columns: the star rating this column stands for
    unit: tuple[float, str] | None = None  # money unit applied (MONEY columns)
    # "header", "table" or "assumed"; for a cell typed with its own unit, "cell" (extract)
    unit_source: str | None = None
    # A table laid out across (``SheetSpec.across``): the value its header names (B02's
    # source code), or None for a column naming a group of them (``Ngân sách nhà nước``).
    source: str | None = None
    # A column read whose cells say more than the value read (a decision's number beside the
    # year of its date): its cells are also kept in raw.unmapped_cells.
    kept: bool = False

    @cached_property
    def label(self) -> str:
        return f"{column_letter(self.index)} ({self.header})"

    @property
    def own_header(self) -> str:
        """The column's own (lowest) header text, without the group texts above it."""
        return self.header.rsplit(" | ", 1)[-1]


@dataclass(frozen=True)
class Problem:
    """Something about the layout a person must hear about (becomes a parse flag)."""

    code: str
    severity: str
    message: str
    row: int | None = None  # 1-based Excel row
    column: str | None = None  # a column label
    raw_value: str | None = None


@dataclass
class Layout:
    sheet: str
    spec: SheetSpec
    top: int | None = None  # 0-based first and last rows of the header block
    bottom: int | None = None
    columns: dict[str, Column] = field(default_factory=dict)  # field -> its column
    criteria: dict[int, Column] = field(default_factory=dict)
    # B03 rated in one column per rating (``3 sao | 4 sao | 5 sao``), by rating; only the
    # search writes it.
    star_levels: dict[int, Column] = field(default_factory=dict)
    # B01 listing the criteria not met in one column: the set's criteria, and the number an
    # item of the list names (``_list_of_unmet``).
    listed: tuple[int, ...] = ()
    list_item: Callable[[str], int | None] | None = None
    # The same list beside a column per criterion: not read, checked against the marks
    # (``extract._check_unmet_list``; ``_list_of_unmet``).
    unmet_beside: Column | None = None
    # A table laid out across (``SheetSpec.across``): the columns its header names by a value
    # of that field (B02's sources, and groups of them), in order; only the search writes it.
    across: list[Column] = field(default_factory=list)
    # B05 laid out across (the criteria as columns, ``criteria_across``): the 0-based row of
    # each kind of marks (``result``, the province's ``appraisal``, the district's ``own``
    # assessment, the ticks of ``not_met``); empty for any other table.
    mark_rows: dict[str, int] = field(default_factory=dict)
    ignored: list[Column] = field(default_factory=list)  # known columns the template ignores
    # B01 criteria over two columns or more (``Đạt | Chưa đạt``, ``Đạt | Năm đạt``): by
    # criterion, the columns that are not its mark of met and what each is
    # (``_part_of_a_criterion``, ``_beside_the_met``); only the search writes it.
    criterion_parts: dict[int, list[tuple[Column, str]]] = field(default_factory=dict)
    # B01 criterion columns read under a group naming what was reached in the year (``Kết
    # quả đạt được trong năm 2023``), with no column of the criteria met beside them: read
    # only where the count of criteria met confirms them (``extract._check_in_the_year``).
    in_the_year: list[Column] = field(default_factory=list)
    # B01 not read, whose criteria are rows (``_criteria_down``): where, for its error.
    criteria_down: str | None = None
    # A figure's column as first given (``Kế hoạch giao``) beside the one adjusted
    # (``Kế hoạch điều chỉnh``), by field: read where the adjusted cell is left blank (the
    # figure was not adjusted); only the search writes it.
    replaced: dict[str, Column] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required columns not found
    seen: list[str] = field(default_factory=list)  # the header cells, for messages
    problems: list[Problem] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)  # each column's header block text
    data: list[int] = field(default_factory=list)  # 0-based rows, by kind
    totals: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    table_unit: TableUnit | None = None  # what the lines above the table declare
    # B01: a column of the communes' codes on the other map than the reporting year's
    # (``Mã xã (cũ)`` in a report of 2025), not read (``_map_of``); only the search writes it.
    other_map_codes: Column | None = None
    other_map_names: Column | None = None  # and of their names (``Tên xã (cũ)``)
    # B01 communes whose figures go on in a row without code or name (``_unlabelled_marks``):
    # by 0-based row, what the row's error says; such a commune is read as no commune.
    doubted: dict[int, str] = field(default_factory=dict)
    # B02 rows under a section heading declaring a money unit they are not read in
    # (``_units_of_sections``): 0-based rows whose money is not read.
    money_out: set[int] = field(default_factory=set)
    # Data rows of a comma CSV wider than the header, set aside (``_split_by_commas``): a
    # B02 laid out across without a total row cannot add its columns up without them.
    split: set[int] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return self.top is not None

    @property
    def usable(self) -> bool:
        return self.found and not self.missing

    @property
    def header_row(self) -> int | None:
        """Excel row of the header block's first row."""
        return None if self.top is None else self.top + 1

    def copy(self) -> Layout:
        """The same header block's layout, its rows not yet classified; what the checks and
        the row classification add to the copy stays its own."""
        # What the checks change (criteria, ignored, missing, problems) is copied; what only
        # the search writes (columns, headers, seen) is shared. By its attributes rather than
        # ``dataclasses.replace``, which looks up the fields again at every call (a copy per
        # sheet read); the class has no ``__post_init__`` to run.
        new = object.__new__(Layout)
        new.__dict__.update(self.__dict__)
        new.criteria, new.ignored = dict(self.criteria), list(self.ignored)
        new.missing, new.problems = list(self.missing), list(self.problems)
        new.data, new.totals, new.notes = [], [], []
        new.doubted, new.money_out, new.split = {}, set(), set()
        return new

    def mapped(self) -> dict[int, Column]:
        """Columns read as data, by index."""
        out = {c.index: c for c in self.columns.values()}
        out.update({c.index: c for c in self.criteria.values()})
        out.update({c.index: c for c in self.star_levels.values()})
        out.update({c.index: c for c in self.across})
        return out

    @property
    def named(self) -> int:
        """How many of the sheet's columns the header names."""
        return len(self.columns) + len(self.criteria) + len(self.star_levels) + len(self.across)

    @property
    def levels_label(self) -> str:
        """The columns by star rating, for messages and lineage: ``E-G (3 sao | 4 sao |
        5 sao)``."""
        columns = sorted(self.star_levels.values(), key=lambda c: c.index)
        if len(columns) == 1:
            return columns[0].label
        return (f"{column_letter(columns[0].index)}-{column_letter(columns[-1].index)} ("
                + " | ".join(c.own_header for c in columns) + ")")


# --------------------------------------------------------------------------- header block


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> str:
    return header_words(text)


def _cell_str(value: Cell) -> str:
    return " ".join(cell_text(value).split())


def find_layout(grid: Grid, spec: SheetSpec, ctx: Context) -> Layout:
    """The sheet's table: the first row holding an anchor header (``Mã xã`` and its synonyms)
    whose block names at least two of the sheet's columns; rows are classified after it. A
    B05 whose table is not so found may be laid out across (``criteria_across``)."""
    layout = _find_layout(grid, spec, ctx)
    if spec.code == "B05" and not layout.usable:
        across = criteria_across(grid, spec, ctx)
        return across or layout
    if spec.criteria and not layout.usable:
        layout.criteria_down = _criteria_down(grid, ctx)
    return layout


def _criteria_down(grid: Grid, ctx: Context) -> str | None:
    """Where a B01 lists the criteria down a column (``1. Quy hoạch``, ``2. Giao thông`` …
    with the communes across), as a summary table of a report often does: said in the
    sheet's error, since the template has a row per commune and such a sheet is not read.
    None when no column near the left names half the set's criteria or more."""
    wanted = max(3, len(ctx.vocabulary.criteria.get(ctx.criteria_set, {})) // 2)
    rows = grid.rows[:80]
    for j in range(min(4, max((len(r) for r in rows), default=0))):
        found: dict[int, int] = {}
        for i, row in enumerate(rows):
            value = row[j] if j < len(row) else None
            if type(value) is str and value.strip() and (words := _words(value)):
                number, _ = ctx.vocabulary.criterion(ctx.criteria_set, words)
                if number is not None:
                    found.setdefault(number, i + 1)
        if len(found) >= wanted:
            return (f"the criteria are listed down column {column_letter(j)} (rows "
                    f"{min(found.values())}-{max(found.values())}), with the communes "
                    "across; the template has a row per commune and a column per criterion")
    return None


def _find_layout(grid: Grid, spec: SheetSpec, ctx: Context) -> Layout:
    first: Layout | None = None
    for a, row in enumerate(grid.rows):
        anchored = any(type(v) is str and v and _is_anchor(spec, v, ctx) for v in row)
        if not anchored and not (spec.across and _names_values_across(row)):
            continue
        layout = _layout_at(grid, spec, ctx, a)
        if layout.across and _sources_as_rows(grid, layout):
            # Sources named in the header or a line above it (``Tổng số | Tiền mặt | Hiến
            # đất`` over each source's forms, ``Ghi chú: | NSTW | NSĐP``), over rows that are
            # the sources: a table of sources as rows, as the template lays it out.
            if not anchored:
                continue
            layout = _layout_at(grid, replace(spec, across=None), ctx, a)
        if layout.named >= 2:
            first = layout
            break
        first = first or layout
    if first is None:
        first = _likely_header(grid, spec, ctx)
    if first is None:
        layout = Layout(sheet=grid.name, spec=spec)
        layout.missing = [_describe(spec.get(a)) for a in spec.anchors[:1]]
        return layout
    _share_columns(first, spec, grid)
    if spec.criteria:
        _year_of_a_level(first, grid)
        _ntm_by_its_decision(first)
    _check_required(first, spec, ctx)
    if first.usable:
        _classify_rows(grid, first)
        if grid.separator == ",":
            _split_by_commas(grid, first)
        if first.across:
            _own_row_as_total(grid, first, ctx)
            _other_units_across(grid, first, ctx)
        _unheaded_figures(grid, first)
        _unit_below(grid, first, ctx.vocabulary.units)
        # B02 sources listed again under sections are that rule's: read under the year's
        # section, or left as listed when the headings do not tell (DUPLICATE_ROW downstream).
        sections = spec.code == "B02" and _sections_of_another_figure(grid, first, ctx)
        # B01's headings of a year beside the year's own, or of part of the year, are its
        # older rule's (an info); the block rule takes the headings that rule leaves.
        settled = _communes_of_another_year(grid, first, ctx) if spec.criteria else set()
        if spec.code in _BLOCKED_SHEETS and not sections:
            _blocks_of_another_year(grid, first, ctx, settled)
        if spec.code == "B05":
            _criteria_headings(grid, first)
            _criteria_parts(grid, first)
        if spec.code in ("B04", "B06"):
            _rows_per_place(grid, first, ctx)
        if spec.code in _PARTS_SHEETS and first.usable and not first.across:
            _figures_of_a_part(grid, first, ctx)
        if spec.criteria or any(f.kind == template.MARK for f in spec.fields):
            _check_legend(grid, first)
    return first


# B02 sections: a heading row (``I``, ``II``, ``A``, a bullet or nothing in the key column,
# a label, no amount) over a run of sources, as offices stack the year's plan over what was
# mobilized. What a heading says its section holds, in its folded words.
_SECTION_KEY = re.compile(r"(?:[ivx]+|[a-e])[.)]?$")
_SOURCE_KEY = re.compile(r"[1-7](?:\.[1-4])?$")
_PLANNED = re.compile(r"\b(?:ke hoach|kh|du kien|du toan|chi tieu|muc tieu|giao|dang ky"
                      r"|phan dau)\b")
# A heading naming what the money went to or where (``A. Xã Mẫu Sơn (đạt chuẩn năm 2023)``,
# ``II. Công trình chuyển tiếp từ năm 2022``): its year is that of the commune or the work,
# not of the figure; such sections are left as they are listed.
_SUBJECT = re.compile(r"\b(?:xa|thon|huyen|phuong|thi tran|khu dan cu|cong trinh|du an"
                      r"|hang muc|tieu chi|san pham)\b")
_REACHED = re.compile(r"\b(?:thuc hien|th|ket qua|da huy dong|huy dong duoc|uoc thuc hien)\b")


def _sections_of_another_figure(grid: Grid, layout: Layout, ctx: Context) -> bool:
    """A B02 whose sources are listed twice under section headings (``I. KẾ HOẠCH NĂM 2023``
    then ``II. THỰC HIỆN NĂM 2023``) holds two figures for each source; read as one list, the
    first (the plan) was the source's money, the second a DUPLICATE_ROW. When the headings
    tell which section is what was mobilized in the reporting year and which are not (a plan,
    another year, part of the year, a running total), the other sections' rows are notes,
    with an info naming them. Sections that do not say (one per work or project, each with
    its sources) are left as they are: their repeated sources are DUPLICATE_ROW errors.
    Whether the sheet lists its sources again under section headings, so judged."""
    key = layout.columns.get(layout.spec.key)
    name = layout.columns.get("source_name")
    if key is None or name is None or len(layout.data) < 4:
        return False
    rows = grid.rows

    def cell(i: int, j: int) -> str:
        row = rows[i]
        return _cell_str(row[j]) if j < len(row) else ""

    figures = [c.index for c in layout.columns.values()
               if layout.spec.get(c.field).kind in (MONEY, template.NUMBER)]
    sections: list[tuple[int, list[int]]] = []  # (heading row, its rows)
    for i in layout.data:
        code, label = fold(cell(i, key.index)), cell(i, name.index)
        blank = all(is_blank(rows[i][j]) for j in figures if j < len(rows[i]))
        if blank and label and (not code or _SECTION_KEY.match(code)) and (
                _PLANNED.search(_words(label)) or _REACHED.search(_words(label))
                or header_years(_words(label))[0]):
            sections.append((i, []))
        elif sections:
            sections[-1][1].append(i)
    if len(sections) < 2 or any(_SUBJECT.search(_words(cell(h, name.index)))
                                for h, _ in sections):
        return False

    def identity(i: int) -> str:
        code = cell(i, key.index)
        return code if _SOURCE_KEY.match(code) else fold(cell(i, name.index))

    seen: dict[str, int] = {}
    repeated = False
    for n, (_, members) in enumerate(sections):
        for i in members:
            repeated |= seen.setdefault(identity(i), n) != n
    if not repeated:
        return False
    other: dict[int, str] = {}
    reached: list[int] = []
    for n, (heading, _) in enumerate(sections):
        words = _words(cell(heading, name.index))
        years = header_years(words)[0]
        why = ("another year" if years - {ctx.year} else
               "part of the year" if part_of_year(words) else
               "a running total" if is_running_total(words) else
               "a plan" if _PLANNED.search(words) and not _REACHED.search(words) else None)
        if why is not None:
            other[n] = why
        elif _REACHED.search(words) or years == {ctx.year}:
            reached.append(n)
    if len(reached) != 1 or not other:
        return True
    kept = {identity(i) for i in sections[reached[0]][1]}
    if len(kept) != len(sections[reached[0]][1]):
        return True
    # The read section's heading is a heading: a note.
    layout.data = [i for i in layout.data if i != sections[reached[0]][0]]
    layout.notes = sorted({*layout.notes, sections[reached[0]][0]})
    for n, why in other.items():
        heading, members = sections[n]
        moved = [heading, *members]
        layout.data = [i for i in layout.data if i not in moved]
        layout.notes = sorted({*layout.notes, *moved})
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "info",
            f"{grid.name}: rows {heading + 1}-{(members or [heading])[-1] + 1}, under "
            f"'{cell(heading, name.index)}', are {why}, not what was mobilized in "
            f"{ctx.year}; the sources are read under '{cell(sections[reached[0]][0], name.index)}'"
            " and these rows are kept as notes", row=heading + 1, column=name.label,
            raw_value=cell(heading, name.index)))
    return True


# B01 listing its communes once per year: a column headed `Năm` (`Năm đánh giá`, `Năm báo
# cáo`) giving each row's year, or headings naming one year alone (`NĂM 2022`, `A. Năm 2023`,
# `Kết quả năm 2023`, `Kết quả thực hiện năm 2023`) over runs of communes; B04, B05 and B06
# stack their rows under such headings too (``_blocks_of_another_year``).
_ROW_YEAR_HEADER = re.compile(r"nam(?: (?:danh gia|bao cao|ra soat|so lieu))?")
# A heading's section key (``I``, ``b``, ``2``), folded: the heading regexes below begin with
# it.
_HEADING_KEY = re.compile(r"(?:[ivx]+|[a-e]|[0-9]{1,2})")
_KEY = _HEADING_KEY.pattern
_YEAR_HEADING = re.compile(
    "(?:" + _KEY + " ?)?"
    r"(?:(?:ket qua|so lieu|danh gia|thuc hien)"
    r"(?: (?:thuc hien|danh gia))?(?: nam)?|nam)?")


def _one_year(words: str) -> int | None:
    """The year a heading's words name alone (``nam 2022``, ``ket qua nam 2023``), or None."""
    years, rest = header_years(words)
    return next(iter(years)) if len(years) == 1 and _YEAR_HEADING.fullmatch(rest) else None


def _heading_year(row: list[Cell]) -> int | None:
    """The year a heading row names alone (``NĂM 2022``, ``II | Kết quả năm 2023``: one
    label, besides its section key, naming one year and nothing else), or None."""
    cells = [_words(_cell_str(v)) for v in row if not is_blank(v)]
    named = [y for y in map(_one_year, cells) if y is not None]
    labels = [w for w in cells if not _HEADING_KEY.fullmatch(w)]
    return named[0] if len(named) == 1 and len(labels) == 1 else None


# A heading over a run of rows naming their period in its words alone: a result's or a
# list's words (``Kết quả``, ``Số liệu``, ``Các xã``, ``Nguồn vốn huy động``, ``Sản phẩm đã
# được công nhận``, ``còn hiệu lực``), the period's (``đến 30/6/2025``, ``6 tháng đầu năm``,
# ``Quý II``, ``trước sắp xếp``, ``xã cũ``, ``sau sáp nhập``, ``cả năm``, ``giai đoạn``,
# ``các năm trước``, ``cùng kỳ``, ``để so sánh``), a plan's (``Kế hoạch``, ``Dự kiến
# đánh giá, phân hạng``, ``Mục tiêu``) and figures. A heading with any other word is a group
# of the year's rows (``Xã đạt chuẩn NTM 6 tháng đầu năm``, those recognised then;
# ``Chỉ tiêu xã hội (so với năm 2022)``, ``Công trình chuyển tiếp từ năm 2022``) or a place
# (``Huyện Lộc Bình (trước sắp xếp)``, the former district whose communes follow), not a
# period of the rows.
_PERIOD_HEADING_WORDS = frozenset({
    "ket", "qua", "so", "lieu", "danh", "gia", "thuc", "hien", "tong", "hop", "tinh", "hinh",
    "cac", "xa", "sach", "dvhc", "don", "vi", "hanh", "chinh", "cap", "tieu", "chi", "bo",
    "ntm", "xay", "dung", "nam", "den", "het", "tu", "ngay", "thang", "ca", "de", "doi",
    "chieu", "tham", "khao", "theo", "truoc", "sau", "khi", "sap", "xep", "nhap", "sat",
    "nhat", "to", "chuc", "lai", "cu", "moi", "nay", "dau", "cuoi", "nua", "quy", "i", "ii",
    "iii", "iv", "giai", "doan", "cung", "ky", "ngoai", "sanh", "bao", "cao", "ke", "hoach",
    "du", "kien", "toan", "dang", "muc", "lo", "trinh", "phan", "hang", "nguon", "von", "huy",
    "dong", "san", "pham", "ocop", "da", "duoc", "cong", "nhan", "con", "hieu", "luc"})

# A list of communes by the level a plan has them reach (``Danh sách xã đăng ký đạt chuẩn
# năm 2024``, ``Kế hoạch xã đạt chuẩn NTM nâng cao năm 2024``): the level's words are the
# plan's when the heading opens with a list's or a plan's words. Opening with ``Xã`` (``Xã
# đăng ký đạt chuẩn NTM năm 2024``), it is a group of the year's communes, those planning
# to reach it (``extract`` doubts their status).
_PLANNED_LIST = re.compile(r"(?:danh sach|ke hoach|du kien|dang ky|phan dau|muc tieu|lo trinh)\b")
_PLANNED_LEVEL_WORDS = frozenset({"dat", "chuan", "nang", "kieu", "mau", "nong", "thon"})


def _one_label(row: list[Cell]) -> bool:
    """Whether a row holds one label besides its section keys, as every heading does
    (``_heading_year``, ``_heading_period``). Asked of every data row of a sheet whose
    figures are blank (all of B03's), it stops at the second label (a product's name and
    its producer) instead of folding every cell of the row twice."""
    labels = 0
    for value in row:
        if is_blank(value) or _HEADING_KEY.fullmatch(_words(_cell_str(value))):
            continue
        labels += 1
        if labels > 1:
            return False
    return labels == 1


def _heading_period(row: list[Cell], year: int) -> int | str | None:
    """The period a heading row names over the rows below it: a year alone
    (``_heading_year``, ``Cùng kỳ năm 2022``, ``II. KẾT QUẢ NĂM 2022 (để so sánh)``,
    ``Sản phẩm công nhận năm 2023``); ``year`` for the reporting year's end or the communes
    after the reorganisation (``Kết quả cả năm 2025``, ``Kết quả đến 31/12/2025``, ``CÁC XÃ
    SAU SÁP NHẬP``); why it is another period (``vocabulary.another_period``) for part of
    the year or the communes before the reorganisation (``I. Kết quả đến 30/6/2025 (trước
    sắp xếp)``, ``CÁC XÃ TRƯỚC SÁP NHẬP``, ``Kết quả 6 tháng đầu năm 2025``), or
    (``_another_list``) for a plan, several years or earlier years; None for any other row.
    One label besides its section key, in a period's words alone
    (``_PERIOD_HEADING_WORDS``)."""
    named = _heading_year(row)
    if named is not None:
        return named
    labels = [w for v in row if not is_blank(v)
              if not _HEADING_KEY.fullmatch(w := _words(_cell_str(v)))]
    if len(labels) != 1:
        return None
    words = labels[0].split()
    if words and _HEADING_KEY.fullmatch(words[0]):
        words = words[1:]
    planned = (_PLANNED_LIST.match(" ".join(words)) is not None
               and _PLAN_WORDS.search(labels[0]) is not None)
    if not words or not all(w.isdigit() or w in _PERIOD_HEADING_WORDS
                            or (planned and w in _PLANNED_LEVEL_WORDS) for w in words):
        return None
    if (why := another_period(labels[0]) or _another_list(labels[0], year)) is not None:
        return why
    years = header_years(labels[0])[0]
    if len(years) == 1:
        return next(iter(years))
    if not years and _map_of(labels[0]) == "new":
        return year
    return None


def _another_list(words: str, year: int) -> str | None:
    """Why the rows under a heading of these words (``_heading_period``) are another list
    than the reporting year's figures, or None: a plan or a forecast (``KẾ HOẠCH NĂM
    2024``, ``Năm 2024 (kế hoạch)``, ``Dự kiến đánh giá, phân hạng năm 2024``; what was
    done of one, ``Kết quả thực hiện kế hoạch năm 2023``, is no plan), several years
    (``Giai đoạn 2021-2025``), or earlier years (``Sản phẩm đã được công nhận các năm
    trước``, ``Số liệu cùng kỳ năm trước``), as offices list them under the year's table for
    comparison."""
    if (plan := _PLAN_WORDS.search(words)) is not None and not _RESULT_WORDS.search(words):
        return f"a plan ('{plan.group(0)}')"
    if names_a_period(words, year):
        return "several years"
    if (before := YEAR_BEFORE.search(words)) is not None:
        return f"earlier years ('{before.group(0)}')"
    return None


def _communes_of_another_year(grid: Grid, layout: Layout, ctx: Context) -> set[int]:
    """A B01 listing each commune once per year (a `Năm` column, or headings `NĂM 2022` and
    `NĂM 2023` over the communes) holds two rows for a commune; read as one list, the first
    (last year's) was the commune's marks and years, the second a DUPLICATE_ROW. When rows
    of the reporting year are there and a commune of another year's rows is among them, the
    other years' rows are notes, with an info naming them. A heading naming anything more
    than a year (`Xã đạt chuẩn năm 2022`) is no year of the rows under it. Headings naming
    part of the year or the communes before the reorganisation (``_heading_period``) are
    another period's rows, whatever communes they list (``_communes_of_another_period``).
    The heading rows whose communes this rule set aside (or for which it refused the
    sheet), so judged; the block rule (``_blocks_of_another_year``) takes the others, and
    the headings of a plan, several years or earlier years (``_another_list``)."""
    rows = grid.rows
    if layout.bottom is None or len(layout.data) < 2:
        return set()
    mapped = layout.mapped()
    year_col = next((j for j, text in layout.headers.items() if j not in mapped
                     and _ROW_YEAR_HEADER.fullmatch(_words(text))), None)
    key = layout.columns.get("commune_code") or layout.columns.get("commune_name")
    if key is None:
        return set()

    def text(i: int, j: int) -> str:
        return _cell_str(rows[i][j]) if 0 <= j < len(rows[i]) else ""

    data = set(layout.data)
    year_of: dict[int, int | str | None] = {}
    under: dict[int, int] = {}  # a data row's heading row
    heading: int | str | None = None
    heading_row = -1
    last = max(layout.data)
    for i in range(layout.bottom + 1, last + 1):
        if i in data:
            if year_col is not None:
                year_of[i] = _one_year(_words(text(i, year_col)))
            else:
                year_of[i], under[i] = heading, heading_row
            continue
        if year_col is None and i in layout.notes and (
                named := _heading_period(rows[i], ctx.year)) is not None:
            # A plan's, several years' or earlier years' list is the block rule's, with an
            # error as in the other sheets: here a heading of no year.
            listed = isinstance(named, str) and _another_list(
                _words(_heading_label(rows[i])[0]), ctx.year) is not None
            heading, heading_row = (None, -1) if listed else (named, i)
    periods = [i for i, y in year_of.items() if isinstance(y, str)]
    settled = {under[i] for i in periods}
    if periods:
        _communes_of_another_period(grid, layout, ctx, periods, year_of, under)
    if ctx.year not in year_of.values():
        return settled
    other = [i for i, y in year_of.items() if isinstance(y, int) and y != ctx.year]
    if not other:
        return settled
    this_year = {fold(text(i, key.index)) for i, y in year_of.items() if y == ctx.year}
    if not any(fold(text(i, key.index)) in this_year for i in other):
        return settled
    layout.data = [i for i in layout.data if i not in set(other)]
    layout.notes = sorted({*layout.notes, *other})
    for year in sorted({year_of[i] for i in other}):
        these = [i for i in other if year_of[i] == year]
        where = (f"column {column_letter(year_col)} ('{layout.headers[year_col]}')"
                 if year_col is not None else "their heading")
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "info",
            f"{grid.name}: rows {', '.join(str(i + 1) for i in these)} are the communes of "
            f"{year}, as {where} says, not of the reporting year {ctx.year}; the communes "
            f"are read from the rows of {ctx.year} and these rows are kept as notes",
            row=these[0] + 1, column=key.label, raw_value=text(these[0], key.index)))
    return settled | {under[i] for i in other if i in under}


def _communes_of_another_period(grid: Grid, layout: Layout, ctx: Context, periods: list[int],
                                year_of: dict[int, int | str | None],
                                under: dict[int, int]) -> None:
    """A 2025 B01 giving the former communes, or the first half of the year, in a section of
    their own (``I. Kết quả đến 30/6/2025 (trước sắp xếp)`` before ``II. Kết quả đến
    31/12/2025 (sau sắp xếp)``, or ``CÁC XÃ CŨ - để đối chiếu`` after the list): those rows
    are not the communes at the year's end, even where no commune repeats (a former commune
    whose code went with the merger). They are notes, with an info at each heading, when
    other rows remain to be read; a sheet whose every row is under such a heading holds
    nothing of the year's end and is not read. Before, they were stored as communes."""
    kept = [i for i in layout.data if i not in set(periods)]
    headings = sorted({under[i] for i in periods})
    if not kept:
        label, j = _heading_label(grid.rows[headings[0]])
        layout.missing.append(
            f"communes at the end of {ctx.year}: every row is under the heading in "
            f"{column_letter(j)}{headings[0] + 1} ('{label}'), which names "
            f"{year_of[periods[0]]}")
        return
    layout.data = kept
    layout.notes = sorted({*layout.notes, *periods})
    for heading in headings:
        these = [i for i in periods if under[i] == heading]
        label, j = _heading_label(grid.rows[heading])
        rows = (f"rows {', '.join(str(i + 1) for i in these)} are" if len(these) > 1
                else f"row {these[0] + 1} is")
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "info",
            f"{grid.name}: {rows} under the heading in {column_letter(j)}{heading + 1} "
            f"('{label}'), which names {year_of[these[0]]}, not the communes at the end of "
            f"{ctx.year}; the communes are read from the other rows and these rows are kept "
            "as notes",
            row=heading + 1, column=column_letter(j), raw_value=label))


def _heading_label(row: list[Cell]) -> tuple[str, int]:
    """A heading row's label (its last text that is no section key) and its column."""
    j = max(j for j, v in enumerate(row) if not is_blank(v)
            and not _HEADING_KEY.fullmatch(_words(_cell_str(v))))
    return _cell_str(row[j]), j


# A heading naming a unit below the one reporting (``Huyện Lộc Bình``, ``TP. Lạng Sơn``,
# ``Xã Mẫu Sơn``), its section key set aside, over that unit's figures in a province's B04
# or B06; the whole unit's figures are under no heading, or under ``Toàn tỉnh``. From 2026
# a province gives its figures by commune group too (``Nhóm 1``, ``Xã nhóm 2``, ``Phân nhóm
# III``, Decision 51/2025) or by area (``Khu vực Lộc Bình cũ``, ``Khu vực II``): parts of it.
_PART_HEADING = re.compile(
    "(?:" + _KEY + " )?"
    # ``Xã hội hóa`` (money raised from society, a heading of B02's sources) and ``Xã hội``
    # (B04's social targets) name no commune.
    r"(?!xa hoi(?: hoa\b|$))"
    r"(?:(?:huyen|quan|thi xa|thanh pho|tp|tx|xa|phuong"
    r"|thi tran|tt|khu vuc) \w|(?:(?:cac )?xa )?(?:phan )?nhom (?:[1-3]|i{1,3})\b)")
# A unit named as it was before the reorganisation (``Lộc Bình (cũ)``, ``Tỉnh Bắc Giang
# cũ``): a former district or province, a part of the unit reporting now.
_FORMER = re.compile(r"\S (?:cu|truoc sap xep)$")

_OWN_HEADING = re.compile("(?:" + _KEY + r" )?(?:(?:toan|ca)\b|tinh \w)")
# A section key before a place's name (``1. Lộc Bình``, ``II. Huyện Cao Lộc``); a unit named
# by its office (``UBND huyện Cao Lộc``); a district by its short type (``H. Lộc Bình``).
_PLACE_KEY = re.compile("^(?:" + _KEY + r" )?(?:trong do )?"
                        r"(?:(?:ubnd|uy ban nhan dan) )?")
_SHORT_DISTRICT = re.compile(r"^h (?=\w)")
# Whose figures a label names (``place_of``): the reporting unit's, a unit below it, or
# another unit, neither it nor below it (another province); ``ABOVE``, the unit the
# reporting one is part of (a district's own province: ``Toàn tỉnh``, ``Tỉnh Lạng Sơn`` in
# Lộc Bình's report), whose figures beside the unit's own are a comparison.
OWN, PART, OTHER, ABOVE = "own", "part", "other", "above"
# A label naming the whole province (``Toàn tỉnh``, ``Tính chung toàn tỉnh``, ``Tổng cộng
# toàn tỉnh``, ``Cả tỉnh``), in folded words: in a district's report, the province's figures.
_WHOLE_PROVINCE = re.compile(r"\b(?:toan|ca) tinh\b")


def _place_words(label: str) -> str:
    """A label's folded words as a place is compared: its section key, ``Trong đó`` and
    ``UBND`` aside, a district's short type written out (``H. Lộc Bình``)."""
    return _SHORT_DISTRICT.sub("huyen ", _PLACE_KEY.sub("", _words(label)))


def _province_named(named: str, ctx: Context) -> str | None:
    """Whose a label naming a province with its type (``named``, ``_place_words``) is, on
    the map of the report's year: ``OWN`` for the province reporting (``Tỉnh Lạng Sơn`` in
    Lạng Sơn's report); the province as the map writes it for any other (``Tỉnh Cao Bằng``;
    in a district's report, its own province too: the province's figures are not the
    district's); None when it names no province of that map."""
    provinces = units_named_in_full(named, "province", ctx.year)
    if not provinces:
        return None
    return OWN if provinces[0][0] == ctx.province and ctx.level == "province" \
        else provinces[0][2]


def _names_its_province(named: str, ctx: Context) -> bool:
    """Whether a label (``named``, ``_place_words``) names, in a district's report, the
    district's own province: as a whole (``Toàn tỉnh``, ``Tính chung toàn tỉnh``, ``Cả
    tỉnh``, ``Tổng cộng toàn tỉnh``: a total's or a whole's label, not ``Dự án nước sạch
    toàn tỉnh``) or by its name with its type (``Tỉnh Lạng Sơn``). Its figures are the
    province's, not the district's, though ``Toàn …`` heads a unit's own rows elsewhere."""
    if ctx.level != "district" or ("tinh" not in named and not named.startswith(
            ("thanh pho ", "tp "))):
        return False
    if _WHOLE_PROVINCE.search(named) is not None and not re.search(
            r"\b(?:toan|ca) huyen\b", named) and (
            _OWN_HEADING.match(named) is not None or is_total_text(named)):
        return True  # not a work or a purpose done for the whole province
    return any(unit[0] == ctx.province
               for unit in units_named_in_full(named, "province", ctx.year))


def _own_province_as_before(named: str, ctx: Context) -> bool:
    """Whether a label (``named``) names the province reporting by its name with ``Tỉnh``,
    which the map of the year may write otherwise (from 2025 ``Thành phố Bắc Ninh``, ``Thành
    phố Quảng Ninh``): the unit's own name as it was, its own heading. No district is typed
    ``Tỉnh …``."""
    return (ctx.level == "province" and ctx.own_name is not None
            and named.startswith("tinh ") and name_key(named) == ctx.own_name)


def _commune_named(named: str, ctx: Context) -> str | None:
    """The commune (ward, town) of the reporting unit's province that a label names with
    its type and nothing more (``named``, ``_place_words``: ``Xã Mẫu Sơn``, ``2. Xã Yên
    Khoái``, ``XA MAU SON``, ``TT. Na Dương``), as the map writes it; None for any other
    label (``Xã nhóm 2``, ``Xã đạt chuẩn NTM nâng cao``, ``Xã Mẫu Sơn (đạt chuẩn năm
    2023)``, a bare name without its type)."""
    if not ctx.province or commune_key(named) == named:
        return None
    communes = communes_named(named, ctx.year, "province", ctx.province, ctx.province)
    return communes[0][1] if communes else None


# What a heading may say before the commune whose figures it heads (``Kết quả của xã Mẫu
# Sơn``, ``Số liệu xã Mẫu Sơn``, ``Chỉ tiêu thực hiện tại xã Mẫu Sơn``), then the commune's
# type (folded words: ``X. Mẫu Sơn`` is ``x mau son``), plural before a list (``Các xã: Mẫu
# Sơn, Tú Mịch``).
_COMMUNE_OPENING = re.compile(r"(?:(?:ket qua|so lieu|chi tieu|bao cao|tong hop)"
                              r"(?: thuc hien)?(?: (?:cua|tai))? )?(?:cac )?"
                              r"(xa|phuong|thi tran|tt|x|p) (?=[a-z0-9])")
# Words after a commune's name that name another place or join one to it (``Xã Mẫu Sơn và
# xã Tú Mịch``, ``Xã Mẫu Sơn, huyện Lộc Bình``), among words that are no place's name.
_MORE_PLACES = re.compile(r"\b(?:va|cac|xa|phuong|thi tran|tt|huyen|quan|thi xa|tinh"
                          r"|thanh pho|tp|tx)\b")
_A_LIST = re.compile(r"[,;+&]")
# Words of a group of communes after a commune's type (``Xã đạt chuẩn NTM``, ``Xã nhóm 2``,
# ``Xã còn lại``, ``Xã khu vực III``, ``Xã thuần nông``, ``Xã đồng bằng``, ``Xã hội``), besides
# the parts and levels of ``heading_narrows``: no commune's name misspelt, though ``thuan
# nong`` is one letter off ``Thuận Long``, ``dong bang`` off ``Hồng Bàng``, ``tham gia``
# (communes taking part) off Lộc Bình's Tam Gia, ``lam diem`` (pilot communes) off Lam Điền,
# ``thu huong`` off Thụy Hương, ``chi dao`` off Chí Đám, ``dang ky`` off Đồng Kỳ, ``hoan
# thanh`` off Hoài Thanh, ``dien hinh`` off Diên Bình, ``trung binh`` off Trung Minh, ``bai
# ngang`` off Cái Ngang (every group phrase checked against every commune of both maps).
# Nor are such words alone a commune of elsewhere, though ``Xã Đồng Bằng``, ``Xã Chí Đạo``,
# ``Xã Trung Bình``, ``Xã An Toàn``, ``Xã Trung Tâm``, ``Xã Hợp Nhất`` are some province's.
_A_GROUP = re.compile(r"\b(?:dat|chuan|ntm|chua|con lai|nhom|khu vuc|hoi|thuan nong|ven do"
                      r"|noi thanh|ngoai thanh|trung du|dong bang|mien xuoi|vung|tong|moi|cu"
                      r"|tham gia|lam diem|thu huong|chi dao|dang ky|hoan thanh|dien hinh"
                      r"|trung binh|bai ngang|an toan|trung tam|hop nhat)\b")
# Words after the communes a heading names saying it heads others with them (``Xã Mẫu Sơn
# và các xã khác``, ``… cùng các xã khác``): several communes, not the whole unit.
_OTHER_COMMUNES = re.compile(r"(?:va|cung) (?:cac |mot so )?xa khac")
_AND_OTHERS = "other communes"
# The words of a label written as a name, each opening with a capital (``Mẫu Sơn``, ``MẪU
# SƠN``, ``Mau Son``), not as a phrase (``Thống nhất``, ``Văn hóa``).
_LABEL_WORD = re.compile(r"[^\W\d_]\w*")


@cache
def _criteria_names() -> dict[str, tuple[str, ...]]:
    """The criteria's names, of every set (``seeds/criteria.csv``) and of the district's
    (``seeds/district_criteria.csv``), and their short forms (``template.CRITERION_SYNONYMS``:
    ``Giáo dục``, ``Môi trường``, ``An ninh``, ``Nhà ở``), in place words (``_place_words``)
    -> the names as the seeds write them, with their marks (none for a short form). Offices
    head the sections of B04 and B06 by them (``VĂN HÓA``, ``II. GIAO THÔNG``)."""
    names: dict[str, list[str]] = {}
    written = [name for criteria in seeds.criteria().values() for name in criteria.values()]
    written += seeds.indicator_names("B05").values()
    for name in written:
        names.setdefault(_place_words(name), []).append(name)
    for criteria in template.CRITERION_SYNONYMS.values():
        for phrases in criteria.values():
            for phrase in phrases:
                names.setdefault(_place_words(phrase), [])
    return {words: tuple(found) for words, found in names.items() if words}


def _a_criterions_name(label: str, named: str, communes: tuple[str, ...]) -> bool:
    """Whether a heading naming ``communes`` by their name alone (place words ``named``) is
    a criterion's name heading a section (``_criteria_names``: ``VĂN HÓA``, ``Văn hóa``,
    ``VAN HOA``, ``AN NINH``, ``THỦY LỢI``), though a commune of the unit bears those letters
    (Quảng Bình's Xã Văn Hóa and Xã An Ninh, Hưng Yên's Xã Thụy Lôi); not when its marks are
    the commune's and no criterion's (``Vân Hòa``, ``Thụy Lôi``, ``Chờ``)."""
    written = _criteria_names().get(named)
    if written is None:
        return False
    return not (len(communes) == 1 and carries_marks(label) and spelt_as(label, communes[0])
                and not any(spelt_as(label, name) for name in written))


def _communes_of(label: str, ctx: Context) -> tuple[str, ...]:
    """The communes a heading names as the place of the figures under it, as the map writes
    them, or none. One commune with its type and nothing more (as ``_commune_named``: ``Xã
    Mẫu Sơn``, ``UBND xã Mẫu Sơn:``); with words saying what of it the rows give (``Kết quả
    của xã Mẫu Sơn``) or which commune it is (``Xã Mẫu Sơn (đạt chuẩn năm 2023)``, ``Xã Mẫu
    Sơn - đạt chuẩn NTM nâng cao``): a commune of the province, its name the longest run of
    words after the type that names one, the words after it naming no other place. Or,
    after it, only places (``_places_after``): its district or province (``Xã Mẫu Sơn,
    huyện Lộc Bình``, ``Xã Mẫu Sơn (huyện Lộc Bình)``, ``Xã Mẫu Sơn - Lộc Bình``), more
    communes (``Xã Mẫu Sơn và xã Tú Mịch``, ``Xã Mẫu Sơn, Tú Mịch``, ``Các xã: Mẫu Sơn, Tú
    Mịch``): each commune named; places then words naming none (``Xã Mẫu Sơn và Tú Mịch đạt
    chuẩn năm 2023``): each commune too; then ``và các xã khác``: those and other communes
    (``_AND_OTHERS``). ``Các xã`` before words naming no commune is a group (``Các xã còn
    lại``, ``Các xã đạt chuẩn``): none. A commune of elsewhere (``Xã Đông Anh`` in Lạng
    Sơn's report) is one named with its type and nothing more, on either map
    (``unit_names.commune_anywhere``), whose words name no group of communes (``Xã biên
    giới``, ``Xã NTM nâng cao``: ``heading_narrows``; ``Xã đồng bằng``: ``_A_GROUP``). A
    name alone (``2. Mẫu Sơn``) names a commune in a district's report when exactly one of
    the district's communes bears it and it is neither the district's own name (``Lộc
    Bình``, though its town is ``Thị trấn Lộc Bình``) nor another district's; in a
    province's, when it is written as a name (``_LABEL_WORD``: ``Mẫu Sơn``, not ``Thống
    nhất``), communes of the province bear it (two communes may: ``Mẫu Sơn``) and no
    district of it (``Lộc Bình``: the district's). A name alone that is a criterion's name
    (``VĂN HÓA``, ``AN NINH``: ``_a_criterions_name``) heads a section, in either report. A
    commune's type then words on no map, written as a name, one letter away from exactly
    one commune's name of the unit (``Xã Mẫu Sơnn``; ``unit_names.communes_one_letter_off``),
    its words no group (``Xã nhóm 2``, ``Xã đạt chuẩn NTM``, ``Xã khu vực III``), is that
    commune misspelt; in lower case (``xã mẫu sơnn``) it is not: group words one letter off
    a commune's name are too many then (``xã tham gia``, ``xã đăng ký``, ``xã điển hình``)."""
    named = _place_words(label)
    if not ctx.province or not named:
        return ()
    district = ctx.level == "district" and ctx.unit is not None
    level, unit = ("district", ctx.unit) if district else ("province", ctx.province)
    alone = named != ctx.own_name and (district or ctx.level == "province")
    words = _LABEL_WORD.findall(nfc(label))
    capitals = tuple(w[0].isupper() for w in words[-6:])
    listed = _A_LIST.search(re.sub(r"\([^)]*\)", " ", label)) is not None
    communes = _communes_of_heading(named, listed, ctx.year, ctx.province, level, unit or "",
                                    alone, capitals)
    return () if communes and _a_criterions_name(label, named, communes) else communes


@lru_cache(maxsize=1 << 12)  # headings repeat across a year's workbooks
def _communes_of_heading(named: str, listed: bool, year: int, province: str, level: str,
                         unit: str, alone: bool, capitals: tuple[bool, ...]
                         ) -> tuple[str, ...]:
    """``_communes_of`` of a heading's place words ``named``: ``listed`` when the heading
    lists (a comma outside brackets); ``level`` and ``unit``, the reporting unit, whose
    communes a name alone (when ``alone``: not the unit's own name) or misspelt may name;
    ``capitals``, whether each of the label's last words opens with a capital."""
    found = _COMMUNE_OPENING.match(named)
    if found is None:
        return _commune_by_name_alone(named, year, province, level, unit, alone, capitals)
    kind, words = found.group(1), named[found.end():].split()
    for n in range(min(len(words), 5), 0, -1):
        commune = communes_named(f"{kind} {' '.join(words[:n])}", year, "province", province,
                                 province)
        if not commune:
            continue
        rest = tuple(words[n:])
        if not rest:
            return (commune[0][1],)
        more, after = _places_before_words(rest, year, province)
        named_too = [c for c in more if c != commune[0][1]]
        if _OTHER_COMMUNES.fullmatch(" ".join(after)):
            return (commune[0][1], *named_too, _AND_OTHERS)
        if after and ((listed and after == rest) or _MORE_PLACES.search(" ".join(after))
                      or any(communes_named(" ".join(after[:k]), year, "province", province,
                                            province)
                             for k in range(1, min(len(after), 3) + 1))):
            return ()  # another place named after it among other words
        return (commune[0][1], *named_too)
    if found.start(1) != 0:
        return ()
    if (elsewhere := commune_anywhere(named)) is not None:
        return (elsewhere,) if heading_narrows(named, "") is None and not _A_GROUP.fullmatch(
            " ".join(words)) else ()
    if not words or len(words) > 4 or not all(capitals[-len(words):]) or any(
            c.isdigit() for c in named) or heading_narrows(named, "") is not None \
            or _A_GROUP.search(named) is not None:
        return ()
    near = {name for _, name in communes_one_letter_off(" ".join(words), year, level, unit,
                                                        province)}
    return (near.pop(),) if len(near) == 1 else ()


def _commune_by_name_alone(named: str, year: int, province: str, level: str, unit: str,
                           alone: bool, capitals: tuple[bool, ...]) -> tuple[str, ...]:
    """The commune a heading's place words ``named`` name without a commune's type
    (``_communes_of``), or none."""
    if not alone or len(named.split()) > 4 or any(c.isdigit() for c in named):
        return ()
    if level == "district":
        mine = communes_named(named, year, "district", unit, province)
        if len(mine) != 1 or code_by_name(named, "district", year, province) is not None:
            return ()
        return (mine[0][1],)
    if not all(capitals[-len(named.split()):]) or _district_of(named, year, province):
        return ()
    names = {name for _, name in communes_named(named, year, "province", province, province)}
    return (names.pop(),) if len(names) == 1 else ()


# The types before a place's name after a commune's (folded words): a commune's, a
# district's (``H. Lộc Bình``), a province's.
_COMMUNE_TYPES = frozenset({"xa", "phuong", "thi tran", "tt", "x", "p"})
_DISTRICT_TYPES = frozenset({"huyen", "quan", "thi xa", "thanh pho", "tp", "tx", "h"})


@lru_cache(maxsize=1 << 12)
def _places_after(words: tuple[str, ...], year: int, province: str) -> tuple[str, ...] | None:
    """The communes named by the words after a commune's name in a heading (folded) when
    every word is a place of the province or ``và`` joining them: more communes of the
    province (``và xã Tú Mịch``, ``Tú Mịch``), a district of it (``huyện Lộc Bình``, ``Lộc
    Bình``: a name both a district and a commune bear is the district's, as an address
    goes on), the province (``tỉnh Lạng Sơn``); as the map writes them. None when a word
    names no place (``đạt chuẩn năm 2023``)."""
    communes: list[str] = []
    k = 0
    while k < len(words):
        if words[k] == "va":
            k += 1
            continue
        for n in range(min(len(words) - k, 6), 0, -1):
            run = list(words[k:k + n])
            typed = " ".join(run[:2]) if " ".join(run[:2]) in (
                "thi tran", "thi xa", "thanh pho") else run[0]
            bare = " ".join(run[len(typed.split()):])
            if typed not in _COMMUNE_TYPES and (
                    _district_of(" ".join(run), year, province) is not None or (
                        typed in _DISTRICT_TYPES and bare
                        and _district_of(bare, year, province) is not None)):
                break
            if typed not in _COMMUNE_TYPES | _DISTRICT_TYPES and code_by_name(
                    " ".join(run), "province", year) == province:
                break
            if typed not in _DISTRICT_TYPES | {"tinh"} and (commune := communes_named(
                    " ".join(run), year, "province", province, province)):
                communes.append(commune[0][1])
                break
        else:
            return None
        k += n
    return tuple(communes)


def _places_before_words(words: tuple[str, ...], year: int, province: str
                         ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words after a commune's name in a heading (folded) as the places they open with
    (``_places_after``: ``và Tú Mịch``, ``, huyện Lộc Bình``), the longest run of them, and
    the words after those (``đạt chuẩn năm 2023``): (the communes among the places, the
    words after); no communes and all the words when they open with no place."""
    for k in range(len(words), 0, -1):
        if words[k - 1] != "va" and (
                communes := _places_after(words[:k], year, province)) is not None:
            return communes, words[k:]
    return (), words


def _district_of(name: str, year: int, province: str) -> str | None:
    """The code of the district of ``province`` that ``name`` names (with its type or
    without), on the map of ``year`` or, from the reorganisation on (no districts since),
    on the last map with districts: a province then gives its figures by former district,
    named as before (``1. Lộc Bình``), those of every province that went into it (``Yên
    Phong`` of the former Bắc Ninh in the Bắc Ninh of 2026, whose code was Bắc Giang's)."""
    found = code_by_name(name, "district", year, province)
    if found is None and year >= REFORM_YEAR:
        for before in provinces_before_reform(province):
            if (found := code_by_name(name, "district", REFORM_YEAR - 1, before)) is not None:
                break
    return found


def _one_district(label: str, ctx: Context) -> str | None:
    """In a province's report, the district of the province a heading names (``II. Huyện
    Lộc Bình``, ``UBND huyện Lộc Bình``, ``H. Lộc Bình``, ``2. Lộc Bình``, ``TP. Lạng Sơn``,
    ``Huyện Lộc Bình (cũ)``), as a map writes it; None for any other label, and for the
    province's own name that its city bears too (``Lạng Sơn``)."""
    if ctx.level != "province" or not ctx.province:
        return None
    named = _place_words(label)
    if (former := _FORMER.search(named)) is not None:
        named = named[:former.start() + 1]
    if not named or named == ctx.own_name or (
            code := _district_of(named, ctx.year, ctx.province)) is None:
        return None
    return (district_name_of(code, ctx.province, ctx.year) or next(
        (name for before in provinces_before_reform(ctx.province)
         if (name := district_name_of(code, before, REFORM_YEAR - 1)) is not None),
        None) or label)


def place_of(ctx: Context, label: str, heading: bool = False) -> str | None:
    """Whose figures a row or heading labelled ``label`` are in a B04/B06 listing places:
    the reporting unit's own (``OWN``: ``Toàn tỉnh``, ``Tổng cộng``, ``Tỉnh Lạng Sơn`` in
    Lạng Sơn's report, from 2025 also as the map may no longer write it, ``Tỉnh Bắc Ninh``,
    the unit's name), a unit below it (``PART``: ``Huyện Lộc Bình``, ``TP. Lạng Sơn``, ``H.
    Lộc Bình``, ``UBND huyện Cao Lộc``, ``Trong đó: Xã nhóm 2``, a commune group or an
    area, a former unit, ``Lộc Bình (cũ)``, or a district of the province by its name
    alone, ``1. Lộc Bình``, from the administrative reference; for a ``heading``, a commune
    named with more words or by its name alone, ``_communes_of``), another unit (``OTHER``:
    another province, ``Tỉnh Cao Bằng`` in Lạng Sơn's report), the unit above it
    (``ABOVE``: in a district's report its province, ``Tỉnh Lạng Sơn``, ``Toàn tỉnh``,
    ``Tính chung toàn tỉnh``: only the district's own name and ``Toàn huyện`` are its own),
    or None when it names no place, or the unit's own name that one of its districts bears
    too (``Lạng Sơn``: the province or its city)."""
    named = _place_words(label)
    if _names_its_province(named, ctx):
        return ABOVE
    if is_total_text(label):
        return OWN
    if _FORMER.search(named):
        return PART
    if ctx.province and named.startswith(("tinh ", "thanh pho ", "tp ")):
        if (province := _province_named(named, ctx)) is not None:
            return OWN if province == OWN else OTHER
        if ctx.year >= REFORM_YEAR and name_key(named) != ctx.own_name and (
                former := units_named_in_full(named, "province", REFORM_YEAR - 1)):
            # A province merged since, named as before without its ``(cũ)``: a part of
            # the province it went into, another unit in any other province's report (the
            # unit's own name with its former type, ``Tỉnh Bắc Ninh``, is its own below).
            return PART if ctx.province in provinces_after_reform(former[0][0]) else OTHER
    if _OWN_HEADING.match(named) or (ctx.level == "district" and ctx.own_name
                                     and name_key(named) == ctx.own_name):
        return OWN
    if _PART_HEADING.match(named):
        return PART
    if not (ctx.level == "province" and ctx.province and named):
        if named and named == ctx.own_name:
            return OWN
    elif named == ctx.own_name:
        district = code_by_name(named, "district", ctx.year, ctx.province)
        return None if district is not None else OWN
    elif _district_of(named, ctx.year, ctx.province) is not None:
        return PART
    return PART if heading and _communes_of(label, ctx) else None


def _heading_unit(row: list[Cell], ctx: Context, parts: bool, by_place: bool = False
                  ) -> str | None:
    """Whose figures a heading row's one label names when, its section key, ``UBND`` and a
    former unit's ``(cũ)`` aside, it is a unit's name with its type and nothing more, on
    the administrative reference: ``OWN`` for the reporting unit (``Huyện Lộc Bình`` in
    Lộc Bình's report, ``Tỉnh Bắc Ninh`` in Bắc Ninh's from 2025, as the map no longer
    writes it); the unit as the map writes it for another (another province, ``Tỉnh Cao
    Bằng``; another district, ``HUYỆN ĐÌNH LẬP``, ``Huyện Cao Lộc (cũ)``, ``UBND huyện Cao
    Lộc``; in a district's report, a commune, ``Xã Mẫu Sơn``, and its province). None for
    any other label (``Xã hội hóa``, ``Xã Mẫu Sơn (đạt chuẩn năm 2023)``), and for the
    units below the reporting one where their blocks are an understood layout: a
    province's districts and communes (read by ``_figures_of_a_part``), and with ``parts``
    a district's communes too (``_parts_before``); in a sheet the parts' rule reads
    (``by_place``), a district's province (``ABOVE``: set aside with an info beside the
    district's own rows, else with an error)."""
    if ctx.level not in ("province", "district") or not ctx.province:
        return None
    named = _place_words(_heading_label(row)[0])
    if (former := _FORMER.search(named)) is not None:
        named = named[:former.start() + 1]
    if by_place and _names_its_province(named, ctx):
        return None
    if (province := _province_named(named, ctx)) is not None:
        return province
    if _own_province_as_before(named, ctx):
        return OWN
    districts = units_named_in_full(named, "district", ctx.year) or (
        units_named_in_full(named, "district", REFORM_YEAR - 1)
        if ctx.year >= REFORM_YEAR else ())
    if districts:
        # From the reorganisation, a former district of any province that went into it.
        ours = [unit for unit in districts if unit[1] == ctx.province or (
            ctx.year >= REFORM_YEAR and ctx.province in provinces_after_reform(unit[1]))]
        if ours and (ctx.level == "province" or ctx.own_name is None):
            return None  # a part of the province, or a district that may be the unit itself
        if ours and name_key(ours[0][2]) == ctx.own_name:
            return OWN
        return (ours or districts)[0][2]
    if ctx.level == "district" and not parts:
        return _commune_named(named, ctx)
    return None


# A column headed as naming each row's place (``Địa phương``, ``Huyện``, ``Huyện, thành
# phố``, ``Tên đơn vị``, ``Đơn vị hành chính``, ``Địa bàn``, ``Xã``), in header words.
_PLACE_HEADER = re.compile(
    r"(?:ten )?(?:dia phuong|dia ban|don vi hanh chinh|ten don vi|don vi bao cao"
    r"|(?:huyen|quan|xa|tinh)(?: (?:huyen|quan|thi xa|thanh pho|tp|tx|xa|phuong|thi tran))*)")


def _place_column(grid: Grid, layout: Layout, ctx: Context, rows: list[int]
                  ) -> tuple[Column, dict[int, str | None]] | None:
    """The column of a B04/B06 naming each row's place, with each row's place
    (``place_of``; a blank cell is the place of the row above, as a group is labelled once),
    or None: a column not read headed as places (``_PLACE_HEADER``), or one whose filled
    cells all name places, a unit below the reporting one among them (``Lộc Bình | Toàn
    tỉnh`` under ``Đơn vị``, which the template has for the unit of measure)."""
    mapped, ignored = layout.mapped(), {c.index for c in layout.ignored}
    candidates = [Column(index=j, field="", header=h) for j, h in sorted(layout.headers.items())
                  if j not in mapped and j not in ignored]
    if (unit := layout.columns.get("unit_of_measure")) is not None:
        candidates.append(unit)
    for column in candidates:
        cells = [grid.rows[i][column.index] for i in rows if column.index < len(grid.rows[i])]
        if any(not is_blank(v) and not (type(v) is str and _LETTER.search(v)) for v in cells):
            continue  # figures, or codes: no place
        texts = {i: _cell_str(grid.rows[i][column.index]) for i in rows
                 if column.index < len(grid.rows[i])
                 and not is_blank(grid.rows[i][column.index])}
        places = {i: place_of(ctx, text) for i, text in texts.items()}
        headed = _PLACE_HEADER.fullmatch(_words(column.own_header)) is not None
        if not texts or not (headed or ({PART, OTHER, ABOVE} & {*places.values()}
                                        and None not in places.values())):
            continue
        found: dict[int, str | None] = {}
        last: str | None = None
        for i in rows:
            last = (places[i] or PART) if i in texts else last
            found[i] = last
        return column, found
    return None


def _rows_per_place(grid: Grid, layout: Layout, ctx: Context) -> None:
    """A B04 or B06 giving a row per place, a column naming each row's (``Địa phương``:
    ``Lộc Bình``, ``Cao Lộc``, ``Toàn tỉnh``): only the reporting unit's own rows are its
    figures (before, ``Toàn tỉnh`` was taken for the sheet's total and the districts' rows
    were read as the province's: 15 communes NTM for 120). The own rows are read; the other
    places' rows are kept as notes, with an info. A row whose place cannot be told (none
    named above it, or the unit's name a district of it bears too), or a sheet without the
    unit's own rows, is not read: the sheet is refused, naming the column. A row of another
    unit (``OTHER``: ``Tỉnh Cao Bằng`` in Lạng Sơn's report) is no row of the unit's own,
    as before it was taken for: kept as a note, with an UNPARSEABLE_VALUE error. So is a
    row of a district's province (``ABOVE``: ``Toàn tỉnh``, ``Tỉnh Lạng Sơn``), before read
    as the district's own from ``Toàn …``, unless the district's own rows give what it
    gives: then it is a comparison, a note with the parts' info."""
    rows = sorted({*layout.data, *layout.totals})
    found = _place_column(grid, layout, ctx, rows)
    if found is None:
        return
    column, places = found
    unit = "province" if ctx.level == "province" else "unit"
    own = [i for i in rows if places[i] == OWN]
    unknown = [i for i in rows if places[i] is None]
    if unknown or not own:
        why = (f"which place row {unknown[0] + 1} is cannot be told" if unknown else
               f"no row is the {unit}'s own (Toàn tỉnh, Tỉnh {ctx.own_name or '…'})")
        layout.missing.append(
            f"the {unit}'s own rows: column {column.label} names a place on each row, and "
            f"{why}; the figures of the units below it are not the {unit}'s")
        return
    others = [i for i in rows if places[i] == PART]
    elsewhere = [i for i in rows if places[i] == OTHER]
    if above := [i for i in rows if places[i] == ABOVE]:
        # A district's province beside the district's own rows: a comparison where it gives
        # what they give, else figures the district's own do not give, the province's.
        given = {_identity(grid, layout, i) for i in own}
        others = sorted([*others, *(i for i in above if _identity(grid, layout, i) in given)])
        elsewhere = sorted([*elsewhere, *(i for i in above if i not in set(others))])
    layout.data = own
    layout.totals = [i for i in layout.totals if i not in set(own)]
    layout.notes = sorted({*layout.notes, *others, *elsewhere})
    for i in elsewhere:
        # A blank cell is the place of the row above (a group is labelled once).
        label = next(text for k in range(i, -1, -1) if column.index < len(grid.rows[k])
                     and (text := _cell_str(grid.rows[k][column.index])))
        whose = _province_named(_place_words(label), ctx) or label
        layout.problems.append(Problem(
            "UNPARSEABLE_VALUE", "error",
            f"{grid.name} row {i + 1}: column {column.label} names {whose}, another unit "
            f"than the one reporting: its figures are not the {unit}'s and are not read "
            "(kept as notes); the rows named as the unit's own are read", row=i + 1,
            column=column.label, raw_value=label))
    if others:
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "info",
            f"{grid.name}: column {column.label} names each row's place: rows "
            f"{', '.join(str(i + 1) for i in others[:8])}{' …' if len(others) > 8 else ''} "
            f"are the figures of units below the {unit}, kept as notes; the rows named as the "
            f"{unit}'s own ({', '.join(str(i + 1) for i in own[:8])}"
            f"{' …' if len(own) > 8 else ''}) are read", row=others[0] + 1,
            column=column.label, raw_value=_cell_str(grid.rows[others[0]][column.index])))
    if column.field == "unit_of_measure":
        _set_aside(layout, "unit_of_measure")


# Sheets of the unit's own figures that offices also give part by part, a block under a
# heading per district, commune or commune group (``_figures_of_a_part``): B04's targets,
# B06's aggregates, and B02's sources (a province's money district by district, a
# district's commune by commune).
_PARTS_SHEETS = frozenset({"B02", "B04", "B06"})


@dataclass
class _Places:
    """A sheet's rows by the place the heading above them names (``_blocks_by_place``)."""

    own: list[int]  # rows under no place's heading, or under the unit's own
    parts: dict[tuple[int, str], list[int]]  # by a part's heading (row, label), its rows
    headings: list[int]  # data rows that are headings naming a place
    key: Column | None
    name: Column | None
    # by a heading naming another unit (``OTHER``: ``Tỉnh Cao Bằng``), its rows
    others: dict[tuple[int, str], list[int]] = field(default_factory=dict)


def _blocks_by_place(grid: Grid, layout: Layout, ctx: Context) -> _Places | None:
    """The data rows of a sheet of ``_PARTS_SHEETS`` by the place named by the heading above
    them (``place_of``): a row holding a label alone, its code cell (the sheet's first anchor
    field: ``Mã chỉ tiêu``, ``Mã nguồn``) blank or a section number, its figures blank; or a
    total or note row. None for a sheet without a code or name column. A heading naming
    another unit (``OTHER``) heads a block of ``others``, up to the next place's heading; one
    naming a district's province (``ABOVE``) a block of ``parts``, as a comparison beside
    the district's own rows is one."""
    key = layout.columns.get(layout.spec.anchors[0])
    name = layout.columns.get(layout.spec.anchors[-1])
    if layout.bottom is None or not layout.data or (key is None and name is None):
        return None
    rows = grid.rows
    figures = [c.index for c in layout.columns.values()
               if layout.spec.get(c.field).kind in (MONEY, template.NUMBER)]

    def text(i: int, j: int | None) -> str:
        return _cell_str(rows[i][j]) if j is not None and j < len(rows[i]) else ""

    data = set(layout.data)
    kept = {*layout.notes, *layout.totals}
    part: tuple[int, str] | None = None  # the heading's row and label
    parts: dict[tuple[int, str], list[int]] = {}
    others: dict[tuple[int, str], list[int]] = {}
    own_rows: list[int] = []
    headings: list[int] = []  # headings naming a place read as data rows
    for i in range(layout.bottom + 1, max(layout.data) + 1):
        code = text(i, key.index if key else None)
        heading = (i not in data and i in kept) or (
            i in data and (not code or _HEADING_KEY.fullmatch(_words(code)) is not None)
            and all(is_blank(rows[i][j]) for j in figures if j < len(rows[i])))
        if heading:
            label = " ".join(_cell_str(v) for v in rows[i] if not is_blank(v))
            place = place_of(ctx, label, heading=True)
            if place is not None and i in data:
                headings.append(i)
            if place == OWN:
                part = None
            elif place in (PART, OTHER, ABOVE):
                part = (i, label)
                (others if place == OTHER else parts)[part] = []
            continue
        if i not in data:
            continue
        if part is None:
            own_rows.append(i)
        else:
            (others if part in others else parts)[part].append(i)
    return _Places(own_rows, parts, headings, key, name, others)


def _figures_of_a_part(grid: Grid, layout: Layout, ctx: Context) -> None:
    """A B02, B04 or B06 giving, besides the unit's own figures, each of its districts' (or
    communes', commune groups', former districts') under a heading naming it, the heading's
    code cell blank or holding a section number (``1 | Huyện Lộc Bình (cũ)``, ``II | Xã nhóm
    2``, ``A``; a province's sources under ``Huyện Lộc Bình`` then ``Huyện Cao Lộc``, a
    district's under ``Xã Mẫu Sơn``): read as one list, the first of an indicator's or a
    source's rows was the unit's (the district's when its block came first), the others
    DUPLICATE_ROW, a source given in one block alone the unit's whole source, and a
    numbered heading was stored as a row coded ``1``. A heading naming a place is a note,
    its number no row's code. When the blocks are per place (a row of a part's is given
    among the unit's own rows or another part's), the parts' rows are notes, with an info
    naming them; without the unit's own rows (no block under no heading, ``Toàn tỉnh`` or
    the unit's name), which block is the unit's cannot be told and the sheet is refused.

    Whatever the blocks, a block under a heading naming another unit than the reporting
    one or those below it (``OTHER``: ``Tỉnh Cao Bằng`` in Lạng Sơn's report, opening the
    sheet or after a part's block, where ``_blocks_of_another_year`` does not look) is that
    unit's; and where the blocks are no list per place, a block under a heading naming
    communes (``_communes_of``: ``Xã Mẫu Sơn``, ``2. Xã Yên Khoái``, ``Xã Mẫu Sơn (đạt chuẩn
    năm 2023)``, ``Kết quả của xã Mẫu Sơn``, ``2. Mẫu Sơn``, ``Xã Đông Anh`` of another
    province, ``Xã Mẫu Sơn, huyện Lộc Bình``, ``Xã Mẫu Sơn và xã Tú Mịch``, ``Xã Mẫu
    Sơnn``) over rows the unit's own do not repeat is those communes', one naming a
    district's province (``ABOVE``: ``Toàn tỉnh``, ``Tính chung toàn tỉnh``, ``Tỉnh Lạng
    Sơn``) the province's, and in a province's report one naming a district (``_one_district``:
    ``II | Huyện Lộc Bình``) the district's. Before, they were read as the unit's own
    figures without a flag (another province's sources as the province's; Mẫu Sơn's share
    of poor households, or the province's, as Lộc Bình's; Lộc Bình's districts NTM as Lạng
    Sơn's). Their rows are notes, with an UNPARSEABLE_VALUE error at
    the heading; the unit's own rows are read. Beside the unit's own rows giving the same
    indicators, the province's block is a comparison, set aside with the parts' info."""
    places = _blocks_by_place(grid, layout, ctx)
    if places is None:
        return
    own_rows, parts, key, name = places.own, places.parts, places.key, places.name
    layout.data = [i for i in layout.data if i not in set(places.headings)]
    layout.notes = sorted({*layout.notes, *places.headings})
    column = (name or key).label if (name or key) else None
    for (heading, label), members in places.others.items():
        other = _province_named(_place_words(label), ctx) or label
        _another_units_rows(grid, layout, heading, label, members, column,
                            f"{other}, another unit than the one reporting")
    moved = [i for members in parts.values() for i in members]
    if not moved or not _per_place(own_rows, list(parts.values()),
                                   lambda i: _identity(grid, layout, i)):
        # The common sheet: no part's heading, or parts the unit's rows do not repeat; but
        # a heading naming communes still heads those communes' figures, one naming a
        # district's province the province's, one naming a province's district the
        # district's.
        for (heading, label), members in parts.items():
            if not members:
                continue
            if _names_its_province(_place_words(label), ctx):
                _another_units_rows(grid, layout, heading, label, members, column,
                                    "the province, the unit above the district reporting, "
                                    "not the district")
            elif (district := _one_district(label, ctx)) is not None:
                _another_units_rows(grid, layout, heading, label, members, column,
                                    f"{district}, one district, not the whole province")
            elif communes := _communes_of(label, ctx):
                whose = (f"{communes[0]}, one commune" if len(communes) == 1 else
                         f"{', '.join(communes[:-1])} and {_AND_OTHERS}"
                         if communes[-1] == _AND_OTHERS else
                         f"{' and '.join(communes)}, communes")
                _another_units_rows(grid, layout, heading, label, members, column,
                                    f"{whose}, not the whole {ctx.level or 'unit'}")
        return
    if not own_rows:
        unit = ctx.level if ctx.level in ("province", "district") else "unit"
        own = (f"Toàn tỉnh or Tỉnh {ctx.own_name or '…'}" if ctx.level == "province"
               else f"Toàn huyện or the {unit}'s name")
        what = "sources" if layout.spec.code == "B02" else "indicators"
        labels = ", ".join(f"'{label}' (row {heading + 1})" for heading, label in parts)
        layout.missing.append(
            f"the {unit}'s own rows: the rows are in blocks under headings naming units "
            f"below it ({labels}), each giving the same {what}, and no block is the "
            f"{unit}'s own (under no heading, {own}); the figures of the units below it "
            f"are not the {unit}'s")
        return
    layout.data = [i for i in layout.data if i not in set(moved)]
    layout.notes = sorted({*layout.notes, *moved})
    for (heading, label), members in parts.items():
        if not members:
            continue
        where = _row_span(members)
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "info",
            f"{grid.name}: {where}, under '{label}', are "
            "that unit's figures, not the reporting unit's; the unit's own rows are read and "
            "these rows are kept as notes", row=heading + 1,
            column=(name or key).label if (name or key) else None, raw_value=label))


def _row_span(rows: list[int]) -> str:
    """Rows of a block as a message names them (0-based in): ``rows 5-9``, ``row 5``."""
    return f"rows {rows[0] + 1}-{rows[-1] + 1}" if len(rows) > 1 else f"row {rows[0] + 1}"


def _another_units_rows(grid: Grid, layout: Layout, heading: int, label: str,
                        members: list[int], column: str | None, whose: str) -> None:
    """Keep ``members``, the rows under the heading at row ``heading`` that heads the figures
    of ``whose`` (another unit, or one commune), out of the reporting unit's figures: notes,
    with an UNPARSEABLE_VALUE error at the heading (as ``_blocks_of_another_year`` does)."""
    if not members:
        return
    layout.data = [i for i in layout.data if i not in set(members)]
    layout.totals = [i for i in layout.totals if i not in set(members)]
    layout.notes = sorted({*layout.notes, *members})
    where = f"{_row_span(members)} under it {'are' if len(members) > 1 else 'is'}"
    layout.problems.append(Problem(
        "UNPARSEABLE_VALUE", "error",
        f"{grid.name} row {heading + 1} ('{label}') heads the figures of {whose}: {where} "
        "not read (kept as notes); the reporting unit's own rows are read. Send the unit's "
        "own figures alone", row=heading + 1, column=column, raw_value=label))


def _per_place(own_rows: list[int], parts: list[list[int]],
               identity: Callable[[int], str]) -> bool:
    """Whether blocks under headings naming places give each place's figures: an indicator
    of a part's rows is among the unit's own rows or another part's (a heading naming a
    group of communes over indicators given nowhere else is a section of the unit's own
    list; one naming a district, commune or the province above, that unit's block:
    ``_figures_of_a_part``)."""
    seen = {identity(i) for i in own_rows}
    for members in parts:
        mine = {identity(i) for i in members}
        if mine & seen:
            return True
        seen |= mine
    return False


# Sheets that offices stack in blocks under headings: the year's rows, then last year's, the
# next year's plan or the products of earlier years for comparison (B02's sources listed
# again under sections are ``_sections_of_another_figure``'s; B01's communes of a year
# beside the year's own, or of part of the year, ``_communes_of_another_year``'s).
_BLOCKED_SHEETS = frozenset({"B01", "B02", "B03", "B04", "B05", "B06"})
# Sheets giving the reporting unit's own figures (its money, targets, criteria, aggregates),
# under which offices paste another unit's block (``_heading_unit``); B01 and B03 list the
# unit's communes and products, grouped under headings naming a commune or district.
_OWN_FIGURES = frozenset({"B02", "B04", "B05", "B06"})


@dataclass
class _Section:
    """Rows under a heading row: what the heading names (``_heading_period``: a year, or
    why the rows are another list; ``_heading_unit``: another unit), or None under the
    table's header printed again."""

    heading: int  # 0-based
    names: int | str | None
    rows: list[int] = field(default_factory=list)
    unit: bool = False  # ``names`` is another unit than the reporting one
    # ``names`` is another set of criteria than the sheet's (``another_set_heading``)
    other_set: bool = False
    # ``names`` is a running total (``_running_heading``): another list only when its rows
    # give again rows given above it (``_running_blocks_given_again``)
    running: bool = False


def _blocks_of_another_year(grid: Grid, layout: Layout, ctx: Context,
                            settled: set[int]) -> None:
    """A sheet stacking blocks under heading rows that name their period or list
    (``_heading_period``): ``I. NĂM 2022`` then ``II. NĂM 2023``, or the year's rows under
    no heading followed by ``Năm 2022``, ``Cùng kỳ năm 2022``, ``KẾ HOẠCH NĂM 2024``,
    ``Giai đoạn 2021-2025``, ``Sản phẩm đã được công nhận các năm trước``, as offices add
    last year's table, the plan or the earlier products for comparison: read as one list,
    those rows were stored as the reporting year's, and the headings as rows of their own.
    A person reads the year's rows alone. The headings are notes; the rows (and totals)
    under a heading naming another year, a plan, several years or part of the year, up to
    the next heading, are not read, kept as notes, with an UNPARSEABLE_VALUE error at the
    heading naming them (as a row named for another year is refused). The rows under the
    reporting year's heading, or under none, are read. A numbered heading over the header
    (``I. NĂM 2022``) heads the first rows. The header printed again over rows that give
    again what the rows above it give is a second table (``_again``).

    So are the rows of a sheet of the unit's own figures (``_OWN_FIGURES``) under a heading
    naming another unit (``_heading_unit``: ``HUYỆN ĐÌNH LẬP``, ``Xã Mẫu Sơn`` in a
    district's B02) after rows of its own: another unit's block pasted under the unit's;
    a heading naming the unit itself heads its own rows. B01 communes under a heading
    naming the year they reached a level are a group of the year's (``_reached_that_year``).
    The headings in ``settled`` are an earlier rule's, their rows already set aside."""
    if layout.bottom is None or not layout.data or ctx.year is None:
        return
    rows = grid.rows
    figures = [c.index for c in layout.columns.values()
               if layout.spec.get(c.field).kind in (MONEY, template.NUMBER, template.MARK)]
    figures += [c.index for c in layout.criteria.values()]  # B01's marks
    data, totals = set(layout.data), set(layout.totals)
    above = _section_above(grid, layout, ctx.year)
    blocks: list[_Section] = [above] if above is not None and _opens_a_block(
        rows[above.heading], above.heading, above.names, layout) else []
    notes = set(layout.notes)
    by_unit = layout.spec.code in _OWN_FIGURES
    # Sheets whose blocks per place the parts' rule reads after this one (``_figures_of_a_part``).
    by_place = layout.spec.code in _PARTS_SHEETS and not layout.across
    parts_before = _parts_before(grid, layout, ctx)
    running = layout.spec.code in _RUNNING_BLOCKS
    # A running total heading B02's first rows too (``_RUNNING_OVER_THE_FIRST_ROWS``).
    first_rows = layout.spec.code in _RUNNING_OVER_THE_FIRST_ROWS
    for i in range(layout.bottom + 1, max(layout.data + layout.totals) + 1):
        if i not in data and i not in totals and i not in notes:
            continue
        # The blank figures first: most rows give one, and _one_label folds their texts.
        heading = (i not in totals
                   and all(j >= len(rows[i]) or is_blank(rows[i][j]) for j in figures)
                   and _one_label(rows[i]))
        if heading and (named := _heading_period(rows[i], ctx.year)) is not None and (
                _opens_a_block(rows[i], i, named, layout)):
            blocks.append(_Section(i, named))
        elif (heading and running and (first_rows or min(layout.data) < i)
              and (named := _running_heading(rows[i])) is not None):
            blocks.append(_Section(i, named, running=True))
        elif heading and layout.spec.code == "B05" and (
                named := _heading_set(rows[i], ctx.year)) is not None:
            blocks.append(_Section(i, named, other_set=named != ctx.year))
        elif (heading and by_unit and min(layout.data) < i
              and (unit := _heading_unit(rows[i], ctx, i < parts_before, by_place)) is not None):
            blocks.append(_Section(i, ctx.year) if unit == OWN else _Section(i, unit, unit=True))
        elif i in data or i in totals:
            if blocks:
                blocks[-1].rows.append(i)
        elif (_repeats_header(rows[i], layout) and min(layout.data) < i
              and (not blocks or (blocks[-1].rows and blocks[-1].names in (ctx.year, None)))):
            # The header again under the year's rows; under a heading, it is that block's.
            blocks.append(_Section(i, None))
    if running and any(b.running for b in blocks):
        blocks = _running_blocks_given_again(grid, layout, blocks)
    if not blocks:
        return
    seen = {_identity(grid, layout, i) for i in layout.data if i < blocks[0].heading}
    moved = {b.heading for b in blocks if b.heading > layout.bottom and b.names is not None}
    for block in blocks:
        if block.heading in settled:
            continue
        if block.names == ctx.year or (block.names is None and not _again(
                grid, layout, block, seen, ctx)) or _reached_that_year(grid, layout, block):
            seen |= {_identity(grid, layout, i) for i in block.rows if i in data}
            continue
        moved.update(block.rows)
        if block.names is None:
            continue
        if block.running and layout.spec.stocks:
            moved.update(_stocks_given_twice(grid, layout, block, figures, moved))
        label = " | ".join(_row_texts(rows[block.heading])).strip(" |")
        what = block.names if isinstance(block.names, str) else str(block.names)
        under = block.rows  # its total too
        where = (f"{_row_span(under)} under it {'are' if len(under) > 1 else 'is'}" if under
                 else "nothing under it is")
        name = layout.columns.get(layout.spec.anchors[-1]) or layout.columns.get(
            layout.spec.anchors[0])
        if block.other_set:
            layout.problems.append(Problem(
                "SHEET_LAYOUT", "info",
                f"{grid.name} row {block.heading + 1} ('{label}') heads {what}, another list "
                f"than the NTM district criteria B05 holds: {where} not read (kept as notes); "
                "the NTM district criteria beside them are read", row=block.heading + 1,
                column=name.label if name else None, raw_value=label))
            continue
        message = (
            f"{grid.name} row {block.heading + 1} ('{label}') heads the figures of {what}, "
            f"another unit than the one reporting: {where} not read (kept as notes); the "
            "unit's own rows above it are read. Send the unit's own figures alone"
            if block.unit else
            f"{grid.name} row {block.heading + 1} ('{label}') heads the figures of {what}, not "
            f"of the reporting year {ctx.year}: {where} not read (kept as notes). "
            f"If the sheet holds {ctx.year}'s rows too, only those are read; send the year's "
            "figures alone")
        layout.problems.append(Problem(
            "UNPARSEABLE_VALUE", "error", message, row=block.heading + 1,
            column=name.label if name else None, raw_value=label))
    layout.data = [i for i in layout.data if i not in moved]
    layout.totals = [i for i in layout.totals if i not in moved]
    layout.notes = sorted({*layout.notes, *moved})


# Sheets whose rows offices give again under a heading of a running total (``LŨY KẾ TỪ NĂM
# 2021 ĐẾN NAY``, ``II. Lũy kế giai đoạn 2021-2023``) below the year's: B02's sources, B04's
# and B06's indicators.
_RUNNING_BLOCKS = frozenset({"B02", "B04", "B06"})
# Of those, the sheets whose figures are the year's by definition (B02's money), so that a
# running total heading the first rows, nothing read above it (``LŨY KẾ TỪ NĂM 2021 ĐẾN
# NAY`` over B02's only table), heads the money of several years, not the year's, as B02's
# amount headed ``Lũy kế`` is not read; B06's counts are stocks, to the year's end under
# ``Lũy kế đến năm 2023``, and B04 reads the stocks of such a column, so theirs are read.
_RUNNING_OVER_THE_FIRST_ROWS = frozenset({"B02"})
# The words of such a heading: a running total's (``is_running_total``), a period's and a
# result's, nothing naming what is counted (``Số sản phẩm OCOP lũy kế``, ``Tổng vốn huy động
# lũy kế`` are an indicator's name, a row of its own).
_RUNNING_HEADING_WORDS = frozenset({
    "luy", "ke", "tich", "cong", "don", "tu", "dau", "den", "nay", "het", "nam", "ngay",
    "thang", "giai", "doan", "chuong", "trinh", "nhiem", "ky", "ca", "toan", "trong", "so",
    "lieu", "ket", "qua", "thuc", "hien", "tong", "hai", "ba", "bon"})


def _running_heading(row: list[Cell]) -> str | None:
    """What a heading row (one label besides its section key, no figure) names when its
    words say a running total and nothing else (``LŨY KẾ TỪ NĂM 2021 ĐẾN NAY``, ``Lũy kế đến
    năm 2023``, ``Lũy kế từ đầu Chương trình đến nay``, ``Lũy kế 3 năm (2021-2023)``,
    ``Lũy kế``), or None. Under the year's rows, the rows it heads may count the years
    before (``_blocks_of_another_year``); over the sheet's first rows it is the year's
    own heading (B06's stocks to the year's end), read as before; ``Lũy kế từ đầu năm`` is
    the year's."""
    labels = [w for v in row if not is_blank(v)
              if not _HEADING_KEY.fullmatch(w := _words(_cell_str(v)))]
    if len(labels) != 1 or not (found := _RUNNING.search(labels[0])):
        return None
    words = labels[0].split()
    if _HEADING_KEY.fullmatch(words[0]):
        words = words[1:]
    if _SINCE_THE_YEAR_BEGAN.search(labels[0]) or not all(
            w.isdigit() or w in _RUNNING_HEADING_WORDS for w in words):
        return None
    return f"a running total ('{found.group(0)}'), which may count the years before"


def _running_blocks_given_again(grid: Grid, layout: Layout,
                                blocks: list[_Section]) -> list[_Section]:
    """The blocks with those headed by a running total (``_running_heading``) kept only when
    their rows give again rows given above them (B02's sources 1, 2, 6 listed again, B06's
    SO_XA): the year's rows repeated as a running total. A running total heading other rows
    (B06's stocks to date, listed once) is one list with the rows above, as before: the
    heading and its rows go back to the block above. Over B02's first rows
    (``_RUNNING_OVER_THE_FIRST_ROWS``), nothing read above it, it heads money of several
    years and is kept."""
    data, totals = set(layout.data), set(layout.totals)
    first_rows = layout.spec.code in _RUNNING_OVER_THE_FIRST_ROWS
    kept: list[_Section] = []
    for block in blocks:
        if block.running:
            above = {_identity(grid, layout, i) for i in layout.data if i < block.heading}
            if first_rows and not above - {""}:
                kept.append(block)
                continue
            if not any(_identity(grid, layout, i) in above - {""}
                       for i in block.rows if i in data):
                if kept:
                    own = [block.heading] if block.heading in data | totals else []
                    kept[-1].rows.extend([*own, *block.rows])
                continue
        kept.append(block)
    return kept


def _stocks_given_twice(grid: Grid, layout: Layout, block: _Section, figures: list[int],
                        moved: set[int]) -> list[int]:
    """The year's rows of a sheet of stocks (B06, ``SheetSpec.stocks``) whose indicator the
    running total's block (``_running_heading``) gives again with another figure: the
    year's block may then hold what the year added (12 communes NTM) and the running total
    the count at the year's end (120), or the running total may stop before the year, as
    with the two side by side (``_year_beside_a_running_total``). Neither is read: each such
    row of the year's, with an UNPARSEABLE_VALUE error naming both rows. The indicators of
    the year alone (``SheetSpec.year_only_rows``: TONG_VON) are the year's block's, and a
    stock given the same in both (SO_XA) is not in doubt."""
    data = set(layout.data)
    alone = {fold(code) for code in layout.spec.year_only_rows}
    rows = grid.rows

    def figure(i: int) -> tuple[str, ...]:
        return tuple(_cell_str(rows[i][j]) if j < len(rows[i]) else "" for j in figures)

    year = {_identity(grid, layout, i): i for i in layout.data
            if i < block.heading and i not in moved}
    doubted: list[int] = []
    key = layout.columns.get(layout.spec.key) or layout.columns.get(layout.spec.anchors[0])
    for i in block.rows:
        own = year.get(ident := _identity(grid, layout, i))
        if i not in data or not ident or ident in alone or own is None or figure(own) == figure(i):
            continue
        doubted.append(own)
        layout.problems.append(Problem(
            "UNPARSEABLE_VALUE", "error",
            f"{grid.name} row {own + 1}: '{_cell_str(rows[own][key.index]) if key else ident}' "
            f"is given again in row {i + 1}, under the running total in row "
            f"{block.heading + 1}, with another figure ({' | '.join(figure(own))} against "
            f"{' | '.join(figure(i))}): the year's block may hold what the year added and the "
            "running total the count at the year's end, or the running total may stop before "
            "the year; neither is read", row=own + 1, column=key.label if key else None,
            raw_value=" | ".join(figure(own))))
    return doubted


def _heading_set(row: list[Cell], year: int) -> int | str | None:
    """The set of district criteria a B05 heading row names over the criteria below it (one
    label besides its section key): ``year`` for the NTM district's (``I. Tiêu chí huyện
    NTM``, ``I. HUYỆN NTM``; naming no other year), the criteria B05 holds; why the rows are
    another list for a level above NTM (``another_set_heading``); None for any other row.
    Offices assessing the district against both sets give them as blocks of one sheet, each
    H1 to H9: read as one list, each criterion was given twice."""
    if (other := another_set_heading(row)) is not None:
        return other
    labels = [w for v in row if not is_blank(v)
              if not _HEADING_KEY.fullmatch(w := _words(_cell_str(v)))]
    if len(labels) != 1 or ntm_set(labels[0], heading=True) is None:
        return None
    return year if header_years(labels[0])[0] <= {year} else None


def another_set_heading(row: list[Cell]) -> str | None:
    """What a B05 heading row (one label besides its section key) heads when it names the
    district criteria of a level above NTM (``II. Tiêu chí huyện NTM nâng cao``, ``HUYỆN NTM
    KIỂU MẪU``; ``vocabulary.higher_level_set``), another list than the NTM criteria B05
    holds, or None. Beside the NTM criteria's rows, its rows are set aside
    (``_blocks_of_another_year``); over all the criteria, the sheet is
    (``reader._higher_level_criteria``)."""
    labels = [w for v in row if not is_blank(v)
              if not _HEADING_KEY.fullmatch(w := _words(_cell_str(v)))]
    if len(labels) != 1 or (found := higher_level_set(labels[0], heading=True)) is None:
        return None
    return f"the district criteria of a level above NTM ('{found}')"


def _parts_before(grid: Grid, layout: Layout, ctx: Context) -> int:
    """The row above which a heading naming one of a district's communes heads a part's
    block (``_figures_of_a_part``'s), not another unit's pasted under the district's own
    rows (``_heading_unit``): every row of B04 and B06; in B02, the district's first own
    row, as a B02 opening with a commune's block gives the sources commune by commune
    (every row when no row is the district's own); no row of any other sheet."""
    if layout.spec.code in ("B04", "B06"):
        return len(grid.rows)
    if layout.spec.code != "B02" or layout.across:
        return -1
    places = _blocks_by_place(grid, layout, ctx)
    return min(places.own, default=len(grid.rows)) if places is not None else -1


def _section_above(grid: Grid, layout: Layout, year: int) -> _Section | None:
    """The block a numbered heading on the last line above the header opens (``I. NĂM
    2022`` over the header, ``II. NĂM 2023`` and the header again further down): it heads
    the first rows as the later headings head theirs; over B02's, a numbered running total
    (``II. Lũy kế giai đoạn 2021-2023``, ``_RUNNING_OVER_THE_FIRST_ROWS``) too. A line
    without a section key is a title (``NĂM 2023`` under ``BIỂU 02``), the titles' rules'
    (``reader``)."""
    for i in range((layout.top or 0) - 1, -1, -1):
        cells = [_words(_cell_str(v)) for v in grid.rows[i] if not is_blank(v)]
        if not cells:
            continue
        first = cells[0].split()
        if not first or not _HEADING_KEY.fullmatch(first[0]):
            return None
        named = _heading_period(grid.rows[i], year)
        if named is not None:
            return _Section(i, named)
        if layout.spec.code in _RUNNING_OVER_THE_FIRST_ROWS and (
                running := _running_heading(grid.rows[i])) is not None:
            return _Section(i, running, running=True)
        return None
    return None


def _identity(grid: Grid, layout: Layout, i: int) -> str:
    """What a row gives (its code, or its name without one), to tell a row given again."""
    for anchor in layout.spec.anchors:
        column = layout.columns.get(anchor)
        if column is not None and column.index < len(grid.rows[i]) and (
                text := fold(_cell_str(grid.rows[i][column.index]))):
            return text
    return ""


def _again(grid: Grid, layout: Layout, block: _Section, seen: set[str], ctx: Context) -> bool:
    """Whether rows under the table's header printed again give again rows given above it
    (``SO_XA``, ``TONG_TC`` under the year's, then under the header again ``SO_XA``,
    ``TONG_TC``, ``TONG_VON``): a second table of another year, a plan or another unit,
    stacked under the year's as a person sees at a glance. Read as one list, its rows were
    stored beside the year's with no flag, and those it adds (``TONG_VON``) as the year's.
    The table under the sheet's titles is read; the second is not (kept as notes), with a
    SHEET_LAYOUT error at its header. A header printed again over rows giving other things
    (the table going on over a page) is passed over, as before."""
    members = [i for i in block.rows if i in set(layout.data)]
    again = [i for i in members if _identity(grid, layout, i) in seen - {""}]
    if not again:
        return False
    key = layout.columns.get(layout.spec.key)
    given = ", ".join(dict.fromkeys(_cell_str(grid.rows[i][key.index])
                                    if key and key.index < len(grid.rows[i]) else f"row {i + 1}"
                                    for i in again[:6]))
    layout.problems.append(Problem(
        "SHEET_LAYOUT", "error",
        f"{grid.name} row {block.heading + 1} repeats the table's header, and the rows under "
        f"it ({members[0] + 1}-{members[-1] + 1}) give again what the rows above it give "
        f"({given}): a second table, of another year, a plan or another unit, which is not "
        f"told to be {ctx.year}'s. The table above it is read; the rows under it are not "
        "(kept as notes). Send the year's table alone", row=block.heading + 1,
        column=key.label if key else None,
        raw_value=" | ".join(_row_texts(grid.rows[block.heading])).strip(" |")))
    return True


def _opens_a_block(row: list[Cell], i: int, named: int | str | None, layout: Layout) -> bool:
    """Whether heading row ``i`` naming ``named`` opens a block of the block rule: every one of
    B02-B06's; of B01's, one naming a year only under the year's first communes, as last
    year's list is pasted under the year's. A B01 heading over the first communes (``I. NĂM
    2022`` then ``II. NĂM 2023``) is the older rule's (``_communes_of_another_year``), and
    one describing a group of communes, its section key aside (``Xã được công nhận năm
    2020``, ``describes_communes``), heads the year's communes recognised that year, as
    before."""
    if not layout.spec.criteria or not isinstance(named, int):
        return True
    if min(layout.data) > i:
        return False
    label, _ = _heading_label(row)
    first, _, rest = label.partition(" ")
    if rest and _HEADING_KEY.fullmatch(_words(first)):
        label = rest
    return not describes_communes(label)


def _reached_that_year(grid: Grid, layout: Layout, block: _Section) -> bool:
    """Whether B01 communes under a heading naming a year (``Năm 2022``) each give that year
    as the year they reached a level (``Năm đạt chuẩn NTM`` 2022): the year's communes
    grouped by the year they were recognised, as offices list them, not another year's
    list (whose communes reached their levels in years of their own, or not at all)."""
    if not layout.spec.criteria or not isinstance(block.names, int):
        return False
    years = [c.index for c in layout.columns.values() if layout.spec.get(c.field).kind == YEAR]
    data = set(layout.data)
    communes = [i for i in block.rows if i in data]
    return bool(years and communes) and all(
        any(j < len(grid.rows[i]) and block.names in header_years(
            _words(_cell_str(grid.rows[i][j])))[0] for j in years) for i in communes)


def _criteria_headings(grid: Grid, layout: Layout) -> None:
    """B05 rows heading the criteria below them (``Huyện tự đánh giá``, ``Tỉnh thẩm định``,
    ``A | Các tiêu chí đã đạt``): no code (or a section's ``I``, ``A``), a name that is no
    criterion's, and no mark. Read as rows, each was stored as a criterion not met (a blank
    mark is not met); they are notes."""
    marks = [c.index for c in layout.columns.values()
             if layout.spec.get(c.field).kind == template.MARK]
    key = layout.columns.get("criterion_code")
    name = layout.columns.get("criterion_name")
    if name is None:
        return
    rows = grid.rows

    def text(i: int, column: Column | None) -> str:
        return _cell_str(rows[i][column.index]) if column and column.index < len(rows[i]) else ""

    headings = [i for i in layout.data
                if all(j >= len(rows[i]) or is_blank(rows[i][j]) for j in marks)
                and (not (code := fold(text(i, key))) or _SECTION_KEY.match(code))
                and text(i, name) and indicator_by_name("B05", text(i, name)) is None]
    if headings:
        layout.data = [i for i in layout.data if i not in set(headings)]
        layout.notes = sorted({*layout.notes, *headings})


def _criteria_parts(grid: Grid, layout: Layout) -> None:
    """B05 rows bulleted or lettered as parts of the criterion above them
    (``template.PART_BULLET``: ``a) Y tế``, ``- | Văn hóa``, ``+ Giáo dục`` under ``5 | Y tế -
    Văn hóa - Giáo dục``), coded as no criterion and named as none: notes of it, as rows
    numbered ``5.1`` are (``SheetSpec.summary``), from which ``extract`` reads the criterion
    when its own row is blank. Read as rows, each was a criterion without a code (an error)
    and the blank criterion above them was stored as not met. A list of criteria bulleted
    alike (``- | Quy hoạch``) names its criteria and stays read."""
    labels = [c.index for f in ("stt", "criterion_code", "criterion_name")
              if (c := layout.columns.get(f)) is not None]
    code, name = layout.columns.get("criterion_code"), layout.columns.get("criterion_name")
    known = template_codes("B05")
    rows = grid.rows

    def text(i: int, column: Column | None) -> str:
        return _cell_str(rows[i][column.index]) if column and column.index < len(rows[i]) else ""

    def a_part(i: int) -> bool:
        bulleted = [v for j in labels if j < len(rows[i])
                    and type(v := rows[i][j]) is str and template.PART_BULLET.match(v)]
        named = text(i, name)
        if (bullet := template.PART_BULLET.match(named)) is not None:
            named = named[bullet.end():]
        return bool(bulleted) and text(i, code).upper() not in known and not (
            named and indicator_by_name("B05", named))

    # the first row has no criterion above it
    parts = [i for k, i in enumerate(layout.data) if k and a_part(i)]
    if parts:
        layout.data = [i for i in layout.data if i not in set(parts)]
        layout.notes = sorted({*layout.notes, *parts})


def _check_legend(grid: Grid, layout: Layout) -> None:
    """A line outside the table saying what a mark means (``(Đánh dấu x vào các tiêu chí chưa
    đạt)`` under the title, ``Ghi chú: x là tiêu chí chưa đạt`` under the table): marks of
    criteria not met, read as met, would turn each count around, and inverted, a blank cell
    would read as met; so such a sheet is not read, as when its header says so. The same
    for a line saying a blank cell is met (``Tiêu chí đạt để trống``, ``ô trống: đạt``)."""
    data = set(layout.data)
    for i, row in enumerate(grid.rows):
        if i in data:  # the header block too: "Ghi chú (x - tiêu chí chưa đạt)" heads a column
            continue
        for j, value in enumerate(row):
            if type(value) is not str:
                continue
            if _is_unmet_legend(value):
                layout.missing.append(
                    f"marks of criteria met: row {i + 1} says the marks are of criteria not "
                    f"met ('{_cell_str(value)}'), and a blank cell is then not known to be met")
                return
            if _is_blank_met_legend(value):
                layout.missing.append(
                    f"marks of criteria met: cell {column_letter(j)}{i + 1} says a blank "
                    f"criterion cell is met ('{_cell_str(value)}'), where the template reads "
                    "a blank as not met, so no mark is known to be read as meant")
                return


@lru_cache(maxsize=1 << 14)
def _is_unmet_legend(text: str) -> bool:
    """Whether a text says marks are of criteria not met: it names a mark (``x``, a tick,
    ``đánh dấu``, ``ký hiệu``) and criteria not met, never criteria met (a legend of both,
    ``x: đạt; để trống: chưa đạt``, is how the template reads anyway). Substrings first, and
    remembered: it is asked of every text cell outside the data rows, and the titles and
    headers of a batch's files repeat."""
    f = fold(text)
    if "dat" not in f and "thieu" not in f and "hoan thanh" not in f:
        return False
    return _names_unmet(text) and _MARK_WORD.search(f) is not None


@lru_cache(maxsize=1 << 14)
def _is_blank_met_legend(text: str) -> bool:
    """Whether a text says a blank criterion cell is met (``Tiêu chí đạt để trống, tiêu chí
    chưa đạt ghi dấu (-)``, ``Ô trống là tiêu chí đã đạt``, ``để trống: đạt``), as offices
    that mark only the criteria not met write it: read as the template reads a blank (not
    met), every commune would meet none. A blank said to be not met is the template's
    reading (``để trống - chưa đạt``)."""
    f = fold(text)
    if "trong" not in f and "khong ghi" not in f and "khong danh" not in f:
        return False
    return _BLANK_IS_MET.search(f) is not None


# A blank cell named in a legend (``để trống``, ``bỏ trống``, ``ô trống``, ``không ghi``,
# ``không đánh dấu``), and criteria met (``đạt``, ``đã đạt``, ``hoàn thành``; not ``chưa``,
# ``không``, ``cơ bản đạt``) set beside it either way round, folded.
_BLANK = r"(?:de trong|bo trong|o trong|khong ghi|khong danh dau|khong danh x)(?!\s*nhan)"
_BLANK_IS_MET = re.compile(
    rf"\b{_BLANK}\s*(?:[:=\-–]|\bla\b)?\s*(?:la\s+)?(?:cac\s+)?(?:(?:tieu chi|tc)\s+)?"
    r"(?:da\s+)?(?:dat|hoan thanh)\b"
    r"|(?<!chua )(?<!khong )(?<!co ban )\b(?:dat|hoan thanh)\s*(?:[:=\-–]|\bla\b)?\s*"
    rf"(?:thi\s+)?(?:la\s+)?(?:ghi\s+)?{_BLANK}")


# A mark named as a legend names it: "đánh dấu", "đánh x", "ký hiệu", a tick, or an x set
# beside its meaning ("x: …", "x - …", "x là …", "x vào …", "…: x"); not an x in brackets
# marking a footnote.
_MARK_WORD = re.compile(
    r"\b(?:danh dau|ky hieu)\b|\b(?:danh|ghi)\s+x(?!\w)|(?<!\w)x\s*(?:[:=\-–]|la\b|vao\b)"
    r"|[:=\-–]\s*x(?!\w)|[✓✔√☑]")


def _likely_header(grid: Grid, spec: SheetSpec, ctx: Context) -> Layout | None:
    """Without an anchor header, the row naming most of the sheet's columns (at least two)
    is taken as the header, only so that its unknown cells can be named in flags: the sheet
    is not usable without its key column."""
    best: tuple[int, int] | None = None
    for i, row in enumerate(grid.rows[:40]):
        names = {ctx.vocabulary.match(spec.code, _words(v))[0]
                 for v in row if type(v) is str and v.strip()} - {None}
        if len(names) >= 2 and (best is None or len(names) > best[0]):
            best = (len(names), i)
    return None if best is None else _layout_at(grid, spec, ctx, best[1])


def _is_anchor(spec: SheetSpec, text: str, ctx: Context) -> bool:
    words = _words(text)
    # Most text above a table (titles naming the unit, dates) is seen once: a text no anchor
    # phrase fits cannot mean an anchor, which is told without weighing every column's words.
    if not ctx.vocabulary.fits_any(spec.code, spec.anchors, words):
        return False
    name, _ = ctx.vocabulary.match(spec.code, words)
    return name in spec.anchors


def _layout_at(grid: Grid, spec: SheetSpec, ctx: Context, anchor: int) -> Layout:
    rows = grid.rows
    top, bottom = anchor, anchor
    for r0, _, r1, _ in grid.merges:
        if r0 < anchor <= r1:
            top = min(top, r0)
        if r0 <= anchor < r1:
            bottom = max(bottom, r1)
    top = _group_row_above(grid, top)
    table = (_table_unit(grid, top, ctx.vocabulary.units)
             if spec.money_rows or any(f.kind == MONEY for f in spec.fields) else None)
    head = (spec.code, spec.across, grid.name, ctx.year, ctx.criteria_set, anchor, top, table)
    known = ctx.vocabulary.blocks.setdefault(head, [])
    for block in known:
        if block.fits(grid, spec, ctx, anchor, top, table):
            return block.layout.copy()
    key_col = next((j for j, v in enumerate(rows[anchor]) if type(v) is str and v
                    and _is_anchor(spec, v, ctx)), None)
    numbering: set[int] = set()
    layout = _map(grid, spec, ctx, top, bottom, numbering, table)
    done = False
    while not done:
        bottom, layout, done = _step(grid, spec, ctx, anchor, top, bottom, key_col, numbering,
                                     layout, table)
    layout.bottom = bottom  # a numbering row under the header is part of it, not data
    if len(known) < _BLOCKS_PER_HEAD:
        known.append(_Block(_block_cells(grid, top, bottom), key_col, frozenset(numbering),
                            layout.copy()))
    return layout


# Header blocks remembered per sheet position: a few variants of one office's block.
_BLOCKS_PER_HEAD = 8


@dataclass(frozen=True)
class _Block:
    """A header block laid out before, with what the search read to lay it out: offices send
    the same block in every file (titles above it name the unit and differ, but they are not
    part of it), so the next sheet whose block holds the same cells and merged ranges gets a
    copy of the layout instead of a new search. Whether the search would have stopped at
    the same row is asked of the new sheet's next row, as the search itself asks it."""

    cells: tuple
    key_col: int | None
    numbering: frozenset[int]
    layout: Layout

    def fits(self, grid: Grid, spec: SheetSpec, ctx: Context, anchor: int, top: int,
             table: TableUnit | None) -> bool:
        bottom = self.layout.bottom
        if bottom is None or _block_cells(grid, top, bottom) != self.cells:
            return False
        if bottom in self.numbering:  # the search ended on a numbering row, reading no further
            return True
        end = _step(grid, spec, ctx, anchor, top, bottom, self.key_col, set(self.numbering),
                    self.layout, table)
        return end[2] and end[0] == bottom and end[1] is self.layout


def _block_cells(grid: Grid, top: int, bottom: int) -> tuple:
    """What the search reads of a header block: its rows and the merged ranges that reach
    them (with the value of each range's first cell), 1, 1.0 and True told apart, and the
    sheet's hidden columns (a hidden column repeating a shown one is not read)."""
    rows = grid.rows
    merges = tuple(
        (r0, c0, r1, c1, *_typed(rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0])
                                 else None))
        for r0, c0, r1, c1 in grid.merges if r1 >= top - 1 and r0 <= bottom)
    block = rows[top:bottom + 1]
    return (merges, tuple(map(tuple, block)),
            tuple(tuple(map(type, row)) for row in block), frozenset(grid.hidden_columns))


def _typed(value: Cell) -> tuple[type, Cell]:
    return type(value), value


def _step(grid: Grid, spec: SheetSpec, ctx: Context, anchor: int, top: int, bottom: int,
          key_col: int | None, numbering: set[int], layout: Layout,
          table: TableUnit | None) -> tuple[int, Layout, bool]:
    """One step of the search down from the header's anchor row: the block's new bottom row,
    its layout, and whether the search stops there."""
    rows = grid.rows
    if not (bottom + 1 < len(rows) and bottom - top + 1 < MAX_HEADER_ROWS):
        return bottom, layout, True
    nxt = bottom + 1
    spanning = [r1 for r0, _, r1, _ in grid.merges if top <= r0 <= bottom < r1]
    if spanning:
        bottom = max(spanning)
        return bottom, _map(grid, spec, ctx, top, bottom, numbering, table), False
    row = rows[nxt]
    if _is_numbering(row, key_col):
        numbering.add(nxt)
        return nxt, layout, True
    key = row[key_col] if key_col is not None and key_col < len(row) else None
    if not is_blank(key) and _cell_str(key) != _cell_str(rows[anchor][key_col]):
        return bottom, layout, True
    if all(is_blank(v) for v in row):
        return bottom, layout, True
    if _units_row(row, ctx.vocabulary.units):
        # "(Tỷ đồng) | (Tỷ đồng)" under "Kế hoạch | Thực hiện": the columns' units, part of
        # their headers (a data row never holds units alone).
        return nxt, _map(grid, spec, ctx, top, nxt, numbering, table), False
    candidate = _map(grid, spec, ctx, top, nxt, numbering, table)
    # A row under the header continues it only when it names more columns, or is the
    # sub-header of a group typed without merging (``Kế hoạch | Thực hiện`` under ``Giá
    # trị``, which names nothing new once ``Giá trị`` is the value column: left out, the
    # plan was read as the year's money); otherwise it is a data row that happens to lack
    # its key, and it must stay data.
    if candidate.named > layout.named or _groups_under(
            list(_spread(grid, top, bottom, numbering).values()), row, ctx.vocabulary.units):
        return nxt, candidate, False
    return bottom, layout, True


def _units_row(row: list[Cell], units: dict[str, tuple[float, str]]) -> bool:
    """A row of money units alone, as offices write them under the column titles:
    ``(Tỷ đồng)``, ``ĐVT: triệu đồng``, ``Triệu đồng``."""
    cells = [v for v in row if not is_blank(v)]
    return bool(cells) and all(type(v) is str and len(v) <= 30
                               and money_factor(v, units) is not None for v in cells)


def _group_row_above(grid: Grid, top: int) -> int:
    """A group cell merged across some (not all) of the header's columns in the row above
    (``Giá trị`` over ``Kế hoạch | Thực hiện``) belongs to the header block."""
    if top == 0:
        return top
    header = [j for j, v in enumerate(grid.rows[top]) if not is_blank(v)]
    if len(header) < 2:
        return top
    width = header[-1] - header[0] + 1
    for r0, c0, r1, c1 in grid.merges:
        if r0 == r1 == top - 1 and c1 > c0 and (c1 - c0 + 1) < width and c0 >= header[0]:
            return top - 1
    return top


def _is_numbering(row: list[Cell], key_col: int | None) -> bool:
    """``(1) (2) (3)`` or ``A B 1 2 3`` printed under a header to number its columns."""
    if any(type(v) is str and len(v) > 12 and not _NUMBERING_FORMULA.match(v.strip())
           for v in row):
        return False
    # Asked of the row under every header block: the first cell that is not a column number
    # (a commune's code, its name) answers, without folding the rest of the row.
    tokens = []
    for v in row:
        if is_blank(v):
            continue
        token = fold(cell_text(v))
        if not (_NUMBERING.match(token) or _NUMBERING_FORMULA.match(token)):
            return False
        tokens.append(token)
    if len(tokens) < 3:
        return False
    if all(t.startswith("(") for t in tokens):
        return True
    # Without brackets it numbers every column, the key column included; criterion numbers
    # under a merged "Tiêu chí" leave the key column blank.
    return key_col is not None and key_col < len(row) and not is_blank(row[key_col])


def _block(grid: Grid, top: int, bottom: int, skip: set[int],
           units: dict[str, tuple[float, str]]) -> dict[int, list[str]]:
    """Each column's header texts from top to bottom, merged cells spread over their range
    (as a person sees them), a group typed over its columns without merging spread as if
    merged (``_spread_groups``), and repeats of one merged cell counted once."""
    rows = _spread(grid, top, bottom, skip)
    _spread_groups(rows, units)
    texts: dict[int, list[str]] = {}
    for r in sorted(rows):
        for j, value in enumerate(rows[r]):
            if is_blank(value):
                continue
            text = _cell_str(value)
            column = texts.setdefault(j, [])
            if not column or column[-1] != text:
                column.append(text)
    return texts


def _spread(grid: Grid, top: int, bottom: int, skip: set[int]) -> dict[int, list[Cell]]:
    """The header block's rows (but ``skip``), by row, each merged range's value in all its
    cells."""
    rows = {r: list(grid.rows[r]) for r in range(top, bottom + 1) if r not in skip}
    for r0, c0, r1, c1 in grid.merges:
        if r1 < top or r0 > bottom:
            continue
        value = grid.rows[r0][c0] if r0 < len(grid.rows) and c0 < len(grid.rows[r0]) else None
        for r in range(max(r0, top), min(r1, bottom) + 1):
            if r not in rows:
                continue
            cells = rows[r]
            if len(cells) <= c1:
                cells.extend([""] * (c1 + 1 - len(cells)))
            for c in range(c0, c1 + 1):
                cells[c] = value
    return rows


def _spread_groups(rows: dict[int, list[Cell]], units: dict[str, tuple[float, str]]) -> None:
    """Each row of the block that is the sub-header of groups typed without merging
    (``_groups_under`` the rows above it): each group's cell spread over its span in the
    rows above, as the merged group would be. A CSV sheet holds a merged group's text in
    its first cell only (Excel's "Save as CSV" drops the merges), and offices also centre
    a group over its columns without merging them ("Center Across Selection")."""
    order = sorted(rows)
    for k, r in enumerate(order[1:], start=1):
        above = [rows[a] for a in order[:k]]
        for c0, c1 in _groups_under(above, rows[r], units):
            for cells in above:
                if c0 < len(cells) and not is_blank(cells[c0]):
                    cells.extend([""] * (c1 + 1 - len(cells)))
                    cells[c0 + 1:c1 + 1] = [cells[c0]] * (c1 - c0)


def _groups_under(above: list[list[Cell]], row: list[Cell],
                  units: dict[str, tuple[float, str]]) -> list[tuple[int, int]]:
    """The groups (first and last column) whose sub-header ``row`` is, when it is one: every
    cell it fills is text (a word, not a figure, nor units alone: ``_units_row``) under a
    header cell or under the blank header cells right of one, and each such header cell has
    sub-headers both under it and under a blank cell right of it (``Giá trị (triệu đồng) |``
    over ``Kế hoạch | Thực hiện``): a person reads the header cell as a group over them.
    Empty when the row is anything else (a data row without its key, a numbering row)."""
    cells = [j for j, v in enumerate(row) if not is_blank(v)]
    if not cells or _units_row(row, units) or any(
            type(row[j]) is not str or _LETTER.search(row[j]) is None for j in cells):
        return []
    width = max(len(row), *map(len, above))
    headed = [any(j < len(cells_above) and not is_blank(cells_above[j])
                  for cells_above in above) for j in range(width)]
    groups: dict[int, list[int]] = {}
    for j in cells:
        head = next((g for g in range(j, -1, -1) if headed[g]), None)
        if head is None:
            return []
        groups.setdefault(head, []).append(j)
    if any(under[0] != head or len(under) < 2 for head, under in groups.items()):
        return []
    return [(head, under[-1]) for head, under in groups.items()]


# B01 from the 2025 reorganisation (two-tier local government since 1 July 2025, communes
# merged): a commune's code or name headed as the one before it (``Mã xã (cũ)``, ``Tên xã
# trước sắp xếp``, ``Mã xã`` over ``Cũ``) or after it (``Mã xã (mới)``, ``Mã xã sau sáp
# nhập``, ``Tên xã hiện nay``). A report from 2025 on names its communes on the post-reform
# map (the codes are checked downstream against it): a column of the former ones is not
# read, and beside one headed as neither, the one headed as after the reform is the
# commune. Before 2025, the template's own column (headed as neither) is the commune beside
# one added with either word: communes were merged in earlier years too, so which map a
# pair of headed columns means is not guessed.
_COMMUNE_FIELDS = frozenset({"commune_code", "commune_name"})
_BEFORE_REFORM = re.compile(r"\b(?:cu|truoc)\b")
_AFTER_REFORM = re.compile(r"\b(?:moi|sau|hien nay|hien tai|hien hanh)\b")


def _map_of(header: str) -> str | None:
    """``old`` for a header naming the map before the reorganisation, ``new`` for one naming
    the map after it, None for a header naming neither, or both."""
    words = _words(header)
    before, after = _BEFORE_REFORM.search(words), _AFTER_REFORM.search(words)
    if (before is None) == (after is None):
        return None
    return "old" if before is not None else "new"


def _on_the_years_map(ctx: Context, header: str) -> bool:
    """Whether B01's commune column so headed is the commune of a report of ``ctx.year``
    beside another column of the commune headed otherwise (``_preferred``)."""
    return (_map_of(header) == "new") if ctx.year >= REFORM_YEAR else _map_of(header) is None


def _map(grid: Grid, spec: SheetSpec, ctx: Context, top: int, bottom: int,
         skip: set[int], table: TableUnit | None) -> Layout:
    layout = Layout(sheet=grid.name, spec=spec, top=top, bottom=bottom, table_unit=table)
    texts = _block(grid, top, bottom, skip, ctx.vocabulary.units)
    doubtful: dict[str, Column] = {}  # optional figures headed twice: neither column is read
    dated: set[int] = set()  # columns whose header names the reporting year
    declared: list[tuple[int, str]] = []  # header cells declaring the table's unit
    other_years: set[str] = set()  # fields with a column of another time, not read
    across = _across(spec, ctx, texts)
    for j, header, (kind, value, note) in _meanings(spec, ctx, texts):
        if isinstance(value, tuple) and value[0] == NAMES_OR:
            # "Chỉ tiêu năm 2023" after a column of the names: the year's target.
            kind, value = (value[1], THIS_YEAR) if kind in layout.columns else (kind, None)
        layout.headers[j] = header
        layout.seen.append(f"{column_letter(j)} '{header}'")
        if j in across:
            layout.across.append(Column(index=j, field=_ACROSS_VALUE, header=header,
                                        source=across[j]))
            continue
        column = Column(index=j, field=kind, header=header)
        if kind in _UNIT_FIELDS and (places := _places_headed_as_unit(grid, ctx, column,
                                                                      bottom)) is not None:
            # Not the unit column: the rows' names, read as a column the template does not
            # know (``_classify_rows`` labels the rows with it, ``_rows_per_place`` reads it).
            layout.problems.append(Problem(
                "UNKNOWN_COLUMN", "info",
                f"{grid.name}: column {column.label} is headed as the unit column but its "
                f"cells name places ({places}), not a unit of measure: it is read as the name "
                "of each row's unit, its cells are kept in raw.unmapped_cells",
                row=top + 1, column=column.label, raw_value=header))
            continue
        if value == THIS_YEAR:
            dated.add(j)
        if kind == STARS_LEVEL:
            column.field, column.level = "stars", value
            first = layout.star_levels.get(value)
            if first is None:
                layout.star_levels[value] = column
            else:
                _duplicate(layout, column, f"the rating {value} sao", first, True)
        elif kind == "criterion":
            column.criterion = value
            first = layout.criteria.get(value)
            if first is None:
                layout.criteria[value] = column
            elif ((kept := _beside_the_met(layout, grid, first, column)) is not None
                  or (kept := _preferred(layout, grid, ctx, dated, first, column)) is not None):
                layout.criteria[value] = kept
            else:
                _duplicate(layout, column, f"criterion {value}", first, True)
        elif kind == CRITERION_PART:
            # Not the criterion's mark of met (``_part_of_a_criterion``): kept, and read
            # beside the criterion's column (``extract._add_criterion_parts``).
            column.criterion, part = value
            layout.ignored.append(column)
            layout.criterion_parts.setdefault(column.criterion, []).append((column, part))
            if part in _PART_SAYS:
                layout.problems.append(Problem(
                    "UNKNOWN_COLUMN", "info",
                    f"{grid.name}: column {column_letter(j)} '{header}' "
                    + _PART_SAYS[part].format(n=column.criterion)
                    + ", its cells are kept in raw.unmapped_cells", row=top + 1,
                    column=column.label, raw_value=header))
        elif kind is None and table is not None and (
                unit_text := _declaration(texts.get(j, []), ctx.vocabulary.units)) is not None:
            declared.append((j, unit_text))
        elif kind is None:
            layout.problems.append(Problem(
                "UNKNOWN_COLUMN", "info",
                f"{grid.name}: column {column_letter(j)} '{header}' "
                + (note or f"matches no column of {spec.code}")
                + "; its cells are kept in raw.unmapped_cells. If it is a template column, "
                f"add its header to {VOCABULARY_HINT}",
                row=top + 1, column=column.label, raw_value=header))
        elif (spec.criteria and kind in _COMMUNE_FIELDS and ctx.year >= REFORM_YEAR
              and _map_of(header) == "old"):
            # The commune before the reorganisation, in a report from 2025 on: kept, not read.
            layout.problems.append(Problem(
                "UNKNOWN_COLUMN", "info",
                f"{grid.name}: column {column_letter(j)} '{header}' names the communes as "
                "they were before the reorganisation of 2025 (cũ, trước sắp xếp), not on the "
                f"map of {ctx.year}; it is not read, its cells are kept in raw.unmapped_cells",
                row=top + 1, column=column.label, raw_value=header))
            layout.ignored.append(column)
            if kind == "commune_code":
                layout.other_map_codes = column
            else:
                layout.other_map_names = column
        elif spec.get(kind).kind in (IGNORED, CHECK) or value == "other_year":
            if value == "other_year":
                other_years.add(kind)
                layout.problems.append(Problem(
                    "UNKNOWN_COLUMN", "info",
                    f"{grid.name}: column {column_letter(j)} '{header}' {note}; it is not read",
                    row=top + 1, column=column.label, raw_value=header))
            elif kind == "area_class" and "nhom" in fold(header):
                # `Nhóm xã (khu vực)`: a person could take it for the group; say it is not
                layout.problems.append(Problem(
                    "UNKNOWN_COLUMN", "info",
                    f"{grid.name}: column {column_letter(j)} '{header}' gives the communes' "
                    "area (khu vực I, II, III), not their group of Decision 51/2025 (group 2 "
                    "takes areas II and III alike); it is not read as the group, its cells are "
                    "kept in raw.unmapped_cells",
                    row=top + 1, column=column.label, raw_value=header))
            layout.ignored.append(column)
        elif kind in doubtful:
            _duplicate(layout, column, f"'{kind}'", doubtful[kind], False, read=False)
        elif kind in layout.columns and (
                # beside the sources laid out across, a bare `Năm` heads the rows' years
                (across and kind == _ACROSS_VALUE
                 and (kept := _beside_the_years(layout, layout.columns[kind], column)))
                or (kept := _preferred(layout, grid, ctx, dated, layout.columns[kind], column))
        ) is not None:
            layout.columns[kind] = kept
        elif kind in layout.columns:
            f = spec.get(kind)
            # Two columns of a re-rating (LATER): which is the latest cannot be told.
            if f.kind in (TEXT, LATER) or f.required or kind == spec.key:
                _duplicate(layout, column, f"'{kind}'", layout.columns[kind], f.kind != TEXT)
            else:
                doubtful[kind] = layout.columns.pop(kind)
                layout.ignored.append(doubtful[kind])
                _duplicate(layout, column, f"'{kind}'", doubtful[kind], False, read=False)
        else:
            layout.columns[kind] = column
    if "stars" in other_years and spec.code == "B03":
        _district_beside_province(layout, grid, ctx, dated)
    if layout.other_map_codes is not None and "commune_code" not in layout.columns:
        # Only the former communes' codes: the rows are the communes before the
        # reorganisation, none of which a name would tell as one of the year's.
        layout.missing.append(
            f"a column of the communes' codes on the map of {ctx.year} (column "
            f"{layout.other_map_codes.label} gives them as they were before the "
            "reorganisation of 2025, whose criteria are not those of the merged communes)")
    for kind in sorted(other_years):
        if kind in layout.columns and spec.get(kind).kind == YEAR:
            # A status given year by year (``Năm đạt chuẩn NTM`` over ``2019 | 2022 | 2023``):
            # the reporting year's column alone leaves the communes of the other years blank,
            # "not reached"; the status is unknown.
            column = layout.columns[kind]
            _set_aside(layout, kind)
            layout.problems.append(Problem(
                "UNKNOWN_COLUMN", "info",
                f"{grid.name}: column {column.label} is not read: the sheet gives "
                f"{_OF_THE_YEAR.get((spec.code, kind), kind)} year by year, and this column "
                "alone would leave the communes of the other years' columns as not reached",
                row=top + 1, column=column.label, raw_value=column.header))
    if spec.stocks:
        _year_beside_a_running_total(layout, ctx)
    if table is not None:
        declared += _declared_over_columns(layout, texts, declared, ctx.vocabulary.units)
    if table is not None and spec.money_rows:
        table = _money_rows_unit(layout, grid, texts, declared, table, ctx.vocabulary.units)
        layout.table_unit = table
    elif declared and table is not None:
        table = _with_header_units(grid, top, declared, table, ctx.vocabulary.units)
        layout.table_unit = table
    _units(layout, ctx, texts, table)
    return layout


# The template's columns of a unit of measure: B04's and B06's ``Đơn vị tính``, B02's
# ``Đơn vị khối lượng``; and their bare header ``Đơn vị``, which also heads the units' names.
_UNIT_FIELDS = frozenset({"unit_of_measure", "quantity_unit"})
_BARE_UNIT = re.compile(r"don vi(?! (?:tinh|khoi luong|do)\b)")


def _places_headed_as_unit(grid: Grid, ctx: Context, column: Column, bottom: int
                           ) -> str | None:
    """The places a column headed ``Đơn vị`` names, on the rows giving figures, when they
    are all places, a unit below the reporting one among them (``Huyện Lộc Bình``, ``TP.
    Lạng Sơn``, ``Tổng cộng``): a person reads ``Đơn vị`` over district names as the names
    of the units (đơn vị hành chính), not as the template's ``Đơn vị tính``. None for a
    column whose cells are units of measure (``triệu đồng``, ``ngày công``, ``m2``, ``xã``,
    ``%``), blank, or headed ``Đơn vị tính``. Before, such a column was the unit column, so
    the rows' names went unseen, and in a province's B02 by district the total row with them
    (the districts' sums were stored where the province's total said more)."""
    if not _BARE_UNIT.match(_words(column.own_header)):
        return None
    j = column.index
    texts: list[str] = []
    for row in grid.rows[bottom + 1:]:
        if j >= len(row) or is_blank(row[j]) or not any(
                _a_figure(v) for k, v in enumerate(row) if k != j):
            continue
        if type(row[j]) is not str or not _LETTER.search(row[j]):
            return None  # a figure or a code: no place
        texts.append(_cell_str(row[j]))
    places = [place_of(ctx, text) for text in texts]
    if not {PART, OTHER, ABOVE} & {*places} or None in places:
        return None
    return ", ".join(texts[:3]) + (" …" if len(texts) > 3 else "")


# A header naming the end of a year as where its figures run to (``đến 31/12/2022``, ``đến
# hết năm 2022``, ``tính đến ngày 31/12/2022``): the year written.
_TO_A_YEARS_END = re.compile(
    r"\bden (?:het |ngay )?(?:nam |31 (?:thang )?12 (?:nam )?)((?:19|20)[0-9]{2})\b")
# B06 columns set aside that hold no figure of the year's to compare (plans, comparisons,
# notes). Its own name: B01's ``_NOT_FIGURES`` below, defined later, had replaced it.
_B06_NOT_FIGURES = frozenset({"planned", "comparison", "note"})


def _runs_over_years(header: str, year: int) -> bool:
    """Whether a column's header says its figures add up years (``Lũy kế``, ``Lũy kế từ đầu
    giai đoạn``, ``Giai đoạn 2021-2023``) or run to the end of a year before the reporting
    one (``Đến 31/12/2022``)."""
    words = _words(header)
    return (is_running_total(header) or names_a_period(header, year)
            or any(int(y) < year for y in _TO_A_YEARS_END.findall(words)))


def _year_beside_a_running_total(layout: Layout, ctx: Context) -> None:
    """B06 giving its figures twice, as a running total (``Lũy kế``, ``Giai đoạn 2021-2023``,
    ``Lũy kế đến 31/12/2022``) and as the year's (``Năm 2023``, ``Thực hiện``): the year's
    column holds what the year added, which is the figure of the year's own rows (new NTM
    communes, money) but not of the stocks at the year's end the other rows are (communes
    NTM so far: 120 read as the 12 added). Whether the running total runs to the year's end
    (and so gives the stocks) cannot be told from ``Lũy kế`` alone, so the sheet is not
    read, as when both columns name the year (``Lũy kế đến 31/12/2023 | Năm 2023``). A value
    column that is itself the running total, or the figures to the year's end (``Đến
    31/12/2023``), is read as before: its rows of the year alone are not read
    (``extract``)."""
    value = layout.columns.get("value")
    if layout.missing or value is None or _runs_over_years(value.header, ctx.year) or ctx.year in {
            int(y) for y in _TO_A_YEARS_END.findall(_words(value.header))}:
        return
    fields = {c.index: c.field for c in layout.ignored}
    mapped = layout.mapped()  # the value column among them
    for j, header in sorted(layout.headers.items()):
        if (j in mapped or fields.get(j) in _B06_NOT_FIGURES
                or _a_plan(header.split(" | ")) is not None
                or not _runs_over_years(header, ctx.year)):
            continue
        layout.missing.append(
            f"a single column for 'value' (column {value.label} gives the year's figures and "
            f"column {column_letter(j)} ({header}) a running total: B06's "
            "counts at the year's end (SO_XA_DAT_CHUAN) are not what the year added, and "
            "which column holds them cannot be told)")
        return


# A table laid out across: the field its columns are read into (B02: each source's amount).
_ACROSS_VALUE = "value"
# A column naming a group of the values (``Ngân sách nhà nước`` over the two budgets).
_GROUP = "group"
# A column's own header that, under a group naming a source, is that source's own total
# (``Cộng đồng dân cư`` over ``Tổng số | Tiền mặt | Hiến đất``).
_OWN_TOTAL = frozenset({"tong", "tong so", "tong cong", "cong", "so tien", "gia tri",
                        "tong gia tri", "tong so tien"})


def _beside_the_years(layout: Layout, first: Column, second: Column) -> Column | None:
    """Of two columns of B02's amount before the sources of a table laid out across, the one
    not headed ``Năm`` alone, when the other is: ``STT | Năm | Tổng số | Ngân sách trung
    ương | …`` over rows ``2021``, ``2022``, ``2023``. A bare ``Năm`` heads the rows' years
    (``extract._label_columns`` reads it as their label), ``Tổng số`` is the amount. Both
    were read as the amount, and the sheet was not read. None when neither, or both, is
    headed so."""
    years = [c for c in (first, second) if _words(c.header) == "nam"]
    if len(years) != 1:
        return None
    label, = years
    kept = second if label is first else first
    layout.ignored.append(label)
    layout.problems.append(Problem(
        "UNKNOWN_COLUMN", "info",
        f"{layout.sheet}: column {label.label} labels the rows with their years, not an "
        f"amount: column {kept.label} is the amount; its cells are kept in "
        "raw.unmapped_cells",
        row=(layout.top or 0) + 1, column=label.label, raw_value=label.header))
    return kept


def _names_values_across(row: list[Cell]) -> bool:
    """Whether a row names two of B02's sources or more in cells of their own: the header
    of a table laid out across (``Ngân sách trung ương | Ngân sách địa phương | …``)."""
    found: set[str] = set()
    for v in row:
        if type(v) is str and v.strip() and (code := funding_by_name(_cell_str(v))):
            found.add(code)
            if len(found) >= 2:
                return True
    return False


def _sources_as_rows(grid: Grid, layout: Layout) -> bool:
    """Whether, under a header naming sources as columns, one column names two sources or
    more down its rows (``Ngân sách trung ương``, ``Cộng đồng dân cư``): then the rows are the
    sources and the header's names are not (B02 laid out across lists works or communes)."""
    below = (layout.bottom if layout.bottom is not None else layout.top or 0) + 1
    named: dict[int, set[str]] = {}
    for row in grid.rows[below:]:
        for j, v in enumerate(row):
            if type(v) is str and v.strip() and (code := funding_by_name(_cell_str(v))):
                named.setdefault(j, set()).add(code)
                if len(named[j]) >= 2:
                    return True
    return False


def _across(spec: SheetSpec, ctx: Context, texts: dict[int, list[str]]) -> dict[int, str | None]:
    """A table laid out across (``SheetSpec.across``: B02's sources as columns, the rows the
    works the money went to): the columns its header names by a source, or by a group of
    them (None), when it names two sources or more; else nothing. A column is named by its
    own text, else by its text joined to the groups above it (``Ngân sách nhà nước`` over
    ``Trung ương``); a total under a source (``Cộng đồng dân cư`` over ``Tổng số``) is that
    source, and ``Khác`` under the community is its part 6.4, as in rows."""
    if not spec.across:
        return {}
    found: dict[int, str | None] = {}
    for j, column in texts.items():
        if len(column) > 1 and _units_row([column[-1]], ctx.vocabulary.units):
            column = column[:-1]
        code = _source_of(tuple(column))
        if code is not None:
            found[j] = None if code == _GROUP else code
    if len({c for c in found.values() if c is not None}) < 2:
        return {}
    return found


@lru_cache(maxsize=1 << 12)
def _source_of(texts: tuple[str, ...]) -> str | None:
    """The source a column's header texts name (``_across``), ``_GROUP``, or None."""
    own = texts[-1]
    above = [funding_by_name(t) for t in texts[:-1]]
    parent = next((c for c in reversed(above) if c is not None), None)
    code = funding_by_name(own)
    if code is not None:
        return "6.4" if code == "7" and parent == "6" else code
    if names_a_group(own):
        return _GROUP
    words = _words(_TRAILING_NOTE.sub("", own))
    if parent is not None and words in _OWN_TOTAL:
        return parent
    for k in range(len(texts) - 2, -1, -1):
        if (code := funding_by_name(" ".join(texts[k:]))) is not None:
            return code
    return None


def _preferred(layout: Layout, grid: Grid, ctx: Context, dated: set[int], first: Column,
               second: Column) -> Column | None:
    """Of two columns of one meaning, the one a person reads when one can be told, else None
    (``_duplicate`` then decides). The column shown before one hidden in the workbook (an
    old column kept out of sight: HIDDEN_COLUMN); then the column naming the reporting year
    (``dated``) before one naming none: "Trong đó: năm 2023" beside "Tổng số" (the total of a
    period), "Kế hoạch năm 2023" beside "Kế hoạch" (UNKNOWN_COLUMN). The other is not read,
    its cells kept in raw.unmapped_cells.

    Right after the first test, B01's commune code or name of the reporting year's map
    (``_on_the_years_map``): from 2025, ``Mã xã (mới)`` before ``Mã xã``, which beside it
    holds the former codes; before 2025, the template's ``Mã xã`` before ``Mã xã (mới)``.

    Between those tests and the dated one, in a sheet of the year's figures (not
    ``SheetSpec.stocks``), the column of the year's own figures before one headed as a
    running total: B04's ``Thực hiện`` beside ``Lũy kế đến 31/12/2023``, which for the
    year's new communes may count the years before. For B01's criterion marks the other way
    round: ``Lũy kế`` beside ``Năm 2023`` gives the criteria met at the year's end, the
    year's marks perhaps only those gained in it (checked beside it as ``GAINED``,
    ``extract._add_changes``). Then a figure as adjusted (``Kế hoạch điều chỉnh``) before the
    one it replaces (``Kế hoạch giao``). Last, of two marks, the province's appraisal (``Tỉnh
    thẩm định``) before the district's own assessment (``Huyện tự đánh giá``)."""
    running = not layout.spec.stocks
    criteria = first.field == "criterion"
    marks = criteria or layout.spec.get(first.field).kind == template.MARK

    # B01's commune on the reporting year's map before one on the other map.
    communes = layout.spec.criteria and first.field in _COMMUNE_FIELDS

    def cumulative(column: Column) -> bool:
        # A B01 criterion is met at the year's end whenever it was first met: the running
        # marks (``Lũy kế``) are the ones wanted, the year's alone (``Năm 2023``) may be
        # only the criteria gained in it.
        total = is_running_total(column.header)
        return total if criteria else not (running and total)

    def rank(column: Column) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool]:
        return (column.index not in grid.hidden_columns,
                communes and _on_the_years_map(ctx, column.header),
                cumulative(column), column.index in dated,
                _ADJUSTED.search(_words(column.header)) is not None,
                marks and _APPRAISED.search(_words(column.header)) is not None,
                first.field == "stars"
                and _CURRENT_RATING.search(_words(column.header)) is not None,
                rating_level(column) == "province" and rating_level(
                    second if column is first else first) == "district")

    if rank(first) == rank(second):
        return None
    kept, other = (first, second) if rank(first) > rank(second) else (second, first)
    layout.ignored.append(other)
    # The first test that tells the two apart says why the other is not read.
    decided = next(k for k, (a, b) in enumerate(zip(rank(first), rank(second), strict=True))
                   if a != b)
    if decided == 1 and kept.field == "commune_code":
        layout.other_map_codes = other
    elif decided == 1:
        layout.other_map_names = other
    if decided == 2 and criteria:
        # The year's marks beside the running ones may be the criteria gained in the year:
        # one marked there and not in the running marks is not read (``extract._add_changes``).
        layout.criterion_parts.setdefault(kept.criterion, []).append((other, GAINED))
    if decided in (4, 5, 7):
        # Offices fill the adjusted plan only where the plan changed: a row left blank there
        # keeps its first plan (``extract.add_sheet``). A blank appraisal is no confirmation:
        # the district's own mark of met is then not read (``extract``).
        # The province's rating blank, the district's stands: a 3 is read, a 4 or 5 is a
        # proposal pending at the province (``extract._district_proposals``).
        layout.replaced[kept.field] = other
    code, why = (
        ("HIDDEN_COLUMN", f"column {other.label} is hidden in the workbook and means what the "
                          f"column shown, {kept.label}, means; it is not read, its cells are "
                          "kept in raw.unmapped_cells"),
        ("UNKNOWN_COLUMN", f"column {other.label} is not read: "
                           + (f"column {kept.label} names the communes as after the "
                              "reorganisation of 2025 (mới, sau sắp xếp), on the map of "
                              f"{ctx.year}, and beside it {other.label} names them as before"
                              if ctx.year >= REFORM_YEAR else
                              f"column {kept.label} names the communes of {ctx.year}, and "
                              f"{other.label}, headed as another map's, is added for "
                              "information")
                           + "; its cells are kept in raw.unmapped_cells"),
        ("UNKNOWN_COLUMN", f"column {other.label} is not read: column {kept.label}, the "
                           "running marks (lũy kế), gives the criteria met at the year's end, "
                           f"and {other.label} may give only those gained in the year"
                           if criteria else
                           f"column {other.label} is a running total (lũy kế) and is not "
                           f"read: column {kept.label} holds the reporting year's own figures"),
        ("UNKNOWN_COLUMN", f"column {other.label} is not read: column {kept.label} names the "
                           f"reporting year {ctx.year}"),
        ("UNKNOWN_COLUMN", f"column {other.label} is not read where column {kept.label}, the "
                           "same figure as adjusted (điều chỉnh), replaces it; a row left blank "
                           f"there keeps its figure in {other.label}"),
        ("UNKNOWN_COLUMN", f"column {other.label}, the unit's own assessment, is not read "
                           f"where column {kept.label}, the appraisal (thẩm định), gives the "
                           "result; on a row where the appraisal is blank, a mark of not met "
                           f"in {other.label} is read, a mark of met is not (not confirmed)"),
        ("UNKNOWN_COLUMN", f"column {other.label} is not read: column {kept.label} gives the "
                           "product's current rating (hiện tại), which a re-rating may have "
                           f"changed from the one {other.label} gives (lần đầu: first granted)"),
        ("UNKNOWN_COLUMN", f"column {other.label}, the district's rating, is not read where "
                           f"column {kept.label}, the province's, gives the rating (the "
                           "province decides 4 and 5 stars); on a row where the province's is "
                           f"blank, a 3 in {other.label} is read (the district grants 3 stars), "
                           "a 4 or 5 is not (a proposal to the province)"),
    )[decided]
    layout.problems.append(Problem(
        code, "info", f"{grid.name}: {why}",
        row=layout.top + 1 if layout.top is not None else None, column=other.label,
        raw_value=other.header))
    return kept


# A plan as adjusted during the year (``Kế hoạch điều chỉnh``, ``KH điều chỉnh``) replaces the
# plan first assigned (``Kế hoạch giao``, ``KH đầu năm``) beside it: the one in force is read.
_ADJUSTED = re.compile(r"\bdieu chinh\b")
# B05: the province's appraisal of the district's criteria (``Tỉnh thẩm định``, ``Kết quả
# thẩm định``, ``Đánh giá của tỉnh``) beside the district's own assessment.
_APPRAISED = re.compile(r"\btham dinh\b|\btinh danh gia\b|\bdanh gia cua tinh\b")


def _meanings(spec: SheetSpec, ctx: Context, texts: dict[int, list[str]]) -> list[tuple]:
    """What each column of a header block means. Offices reuse their header block in every
    file, so the answer is kept per block (and per year and criteria set, which the meaning
    of a header can depend on)."""
    key = (spec.code, ctx.year, ctx.criteria_set,
           tuple((j, tuple(texts[j])) for j in sorted(texts)))
    memo = ctx.vocabulary.layouts
    found = memo.get(key)
    if found is None:
        found = [(j, " | ".join(texts[j]), _classify(spec, ctx, texts[j])) for j in sorted(texts)]
        memo[key] = found
    return found


def _duplicate(layout: Layout, column: Column, what: str, first: Column,
               figures: bool, *, read: bool = True) -> None:
    """A second column with the same meaning. For a text (a name, a note) the first is
    read. For figures, which of the two a person means cannot be told ("Thực hiện 6
    tháng" beside "Ước thực hiện cả năm"): a figure the sheet needs (``figures``: required,
    or a criterion) keeps the sheet out; another (``read=False``) is read from neither."""
    layout.ignored.append(column)
    if figures:
        layout.missing.append(f"a single column for {what} (columns {first.label} and "
                              f"{column.label} both name it)")
        return
    layout.problems.append(Problem(
        "SHEET_LAYOUT", "error",
        f"{layout.sheet}: column {column.label} repeats {what}; "
        + ("only the first such column is read, this one's cells are kept in "
           "raw.unmapped_cells" if read else
           f"as column {first.label} does, which of them is meant cannot be told: neither is "
           "read, their cells are kept in raw.unmapped_cells"),
        row=layout.top + 1 if layout.top is not None else None, column=column.label))


def _classify(spec: SheetSpec, ctx: Context, texts: list[str]) -> tuple[str | None, object, str]:
    """What a column means from its header texts: the lowest text alone first (``1`` under a
    merged ``Tiêu chí``), then with the texts above it (``Năm đạt chuẩn`` + ``NTM nâng cao``).
    A group's text alone never names a column under it: ``Năm đạt chuẩn`` over an unknown
    ``Phân loại`` is not the NTM year; only a column headed as a year takes its group's
    status (``_year_under_a_status``). Returns (field or "criterion" or None, detail,
    note). A unit alone under a title (``Giá trị`` over ``(ĐVT: tỷ đồng)``) is the title's
    unit, not a column of units: the title is classified (the unit is read from the block's
    texts)."""
    if len(texts) > 1 and _units_row([texts[-1]], ctx.vocabulary.units):
        texts = texts[:-1]
    if spec.code == "B04" and _RESULT_OVER_PLAN.search(fold(" ".join(texts))):
        return "comparison", None, ""
    level = _star_level(spec, texts[-1])
    if level is not None:
        return STARS_LEVEL, level, ""
    if _rating_by_year(spec, ctx, texts):
        why = _rating_of_another_time(texts, ctx.year)
        return "stars", ("other_year" if why else None), why or ""
    if spec.criteria and (indicator := _INDICATOR.match(fold(texts[-1]))) is not None:
        return None, None, (f"numbers an indicator of criterion {int(indicator.group(1))} "
                            "(a part of it), not the criterion: the criterion is read from "
                            "its own column")
    if spec.criteria and (status := _year_under_a_status(spec, ctx, texts)) is not None:
        return status, None, ""
    if spec.criteria and len(texts) > 1 and (
            part := _part_of_a_criterion(texts[-1], ctx.vocabulary.marks)) is not None and (
            number := _criterion_above(ctx, texts[:-1])) is not None:
        return CRITERION_PART, (number, part), ""
    if spec.criteria and len(texts) > 1 and _tick_of(
            texts[-1], ctx.vocabulary.marks) == "met" and (
            number := _criterion_above(ctx, texts[:-1])) in ctx.vocabulary.criteria.get(
            ctx.criteria_set, {}):
        # The criterion's own column of met under its number (``1 | Tiêu chí đạt | Tiêu chí
        # chưa đạt``, ``Đạt chuẩn | Chưa đạt chuẩn``): its tick, not the count of criteria
        # met (``=tieu chi dat``) nor the NTM status (``=dat chuan``) its words alone are.
        assert number is not None
        return _criterion_column(texts, number, ctx.year)
    candidates = [texts[-1]]
    candidates += [" ".join(texts[k:]) for k in range(len(texts) - 2, -1, -1)]
    # Then the same without a note in brackets at the end: "Kết quả (Đạt/Chưa đạt)" and
    # "Số liệu (triệu đồng)" are headed as the template heads them, plus a legend or a unit
    # (phrases that must match a header whole would not see them otherwise).
    # The column's own text without its note comes before the group's texts joined to it:
    # "Tỷ lệ (%)" under "Giá trị (triệu đồng)" is a share, not the group's value.
    own = _TRAILING_NOTE.sub("", texts[-1])
    if own != texts[-1] and own.strip() and len(texts) > 1:
        candidates.insert(1, own)
    candidates += [bare for text in candidates
                   if (bare := _TRAILING_NOTE.sub("", text)) != text and bare.strip()
                   and bare not in candidates]
    vocab = ctx.vocabulary
    years, _ = header_years(_dated(_words(" ".join(texts)), ctx.year))
    for text in candidates:
        words = _dated(_words(text), ctx.year)
        if spec.criteria:
            words = _without_legend_of_both(words)
        if not words:
            continue
        # A header that is a year alone ("Năm 2023", "Trong đó: năm 2023", "Riêng năm
        # 2023") is the word "năm" with that year.
        plain = header_years(words)[1] if years else words
        if years and spec.stocks and plain in _YEAR_ALONE and plain:
            # B06's "Trong đó: năm 2023" beside "Lũy kế đến 31/12/2023": the year's part of
            # the figures, not the year-end figures the sheet holds.
            return "value", "other_year", (
                "is the part of the figures that is the year's (trong đó, riêng), not the "
                "figures at the year's end")
        plain = "nam" if years and plain in _YEAR_ALONE else plain
        name, tied = vocab.match(spec.code, plain)
        if name is None and not tied and years:
            # A phrase said only with its year ("=phan dau nam": "Phấn đấu năm 2024"; alone,
            # "Phấn đấu" does not say which year's target it is).
            name, tied = vocab.match(spec.code, f"{plain} nam")
        if name is not None and years and spec.get(name).label:
            # A column naming the rows is not headed by another year: "Chỉ tiêu năm 2024"
            # is that year's target (chỉ tiêu), a figure; with the year as the word "năm"
            # it is one of the figures' phrases ("=chi tieu nam"), when the sheet has one.
            # "Chỉ tiêu năm 2023" in a 2023 report heads the names, unless a column before
            # it does: then it is the year's target (``_map``).
            dated, _ = vocab.match(spec.code, f"{plain} nam")
            if dated is not None and spec.get(dated).years and ctx.year not in years:
                name, tied = dated, []
            elif dated is not None and spec.get(dated).years and len(years) == 1:
                resolved = _resolve_year(dated, years, ctx.year)
                if resolved is not None:
                    return name, (NAMES_OR, resolved), ""
        if name is not None:
            field_spec = spec.get(name)
            if field_spec.kind == MONEY and (part := _a_part_of_the_amount(texts)) is not None:
                return None, None, (
                    f"is a part of the amount (under '{part}'), not a source's whole "
                    "amount, and is not read as it")
            if (spec.code, name) == ("B03", "stars"):
                why = _rating_of_another_time(texts, ctx.year)
                return name, ("other_year" if why else None), why or ""
            if (spec.code, name) in _OF_THE_YEAR and (
                    why := _criteria_of_another_time(texts, ctx.year, bare=True)) is not None:
                return name, "other_year", (
                    f"is {_OF_THE_YEAR[spec.code, name]} {why}, not the reporting year's "
                    f"({ctx.year})")
            if (spec.code, name) == ("B01", "reported_count") and (
                    other := _another_count(tuple(texts))) is not None:
                return name, "other_year", other
            if (field_spec.years and name == "value" and any(
                    f.name == "planned" for f in spec.fields)
                    and (plan := _a_plan(texts)) is not None):
                return name, "other_year", (
                    f"is a plan ('{plan}'), not what was reached in the reporting year "
                    f"{ctx.year}")
            if (field_spec.kind == MONEY and field_spec.years
                    and is_running_total(" ".join(texts))):
                return name, "other_year", (
                    "is a running total (lũy kế), which may count more than the reporting "
                    f"year's money ({ctx.year})")
            if field_spec.years and (part := part_of_year(_words(" ".join(texts)))):
                return name, "other_year", (
                    f"is about part of the year ('{part}'), not the whole reporting year "
                    f"{ctx.year}")
            if name in _PLANS and _plan_of_the_period(texts):
                return name, "other_year", (
                    "is the period's plan (trung hạn, 5 năm, giai đoạn, nhiệm kỳ, đến năm "
                    "…), for the years up to its end, not one year's")
            if field_spec.years and years:
                resolved = _resolve_year(name, years, ctx.year)
                if resolved is None:
                    return name, "other_year", (
                        f"is about {', '.join(map(str, sorted(years)))}, not the reporting "
                        f"year {ctx.year}")
                return resolved, THIS_YEAR, ""
            return name, None, ""
        if tied:
            return None, None, ("could mean " + " or ".join(tied)
                                + "; rename the header or add it to the vocabulary file")
        if spec.criteria:
            number, problem = vocab.criterion(ctx.criteria_set, words)
            if number is not None:
                return _criterion_column(texts, number, ctx.year)
            if problem:
                return None, None, problem
    return None, None, ""


# A header text opening the parts of a figure: ``Trong đó`` (of which), ``Chia ra``, ``Gồm
# có``, ``Bao gồm``, as offices split B02's amount into ``Tổng số | Trong đó: Vốn đầu tư |
# Vốn sự nghiệp``.
_PARTS_OPEN = re.compile(r"(?:trong do|chia ra|bao gom|gom co)\b")


def _a_part_of_the_amount(texts: list[str]) -> str | None:
    """The header text (``Trong đó``) under which a money column is a part of the amount,
    not the amount: ``Giá trị (triệu đồng)`` over ``Tổng số`` and ``Trong đó`` over ``Vốn
    đầu tư | Vốn sự nghiệp``, or ``Trong đó: vốn đầu tư`` in the column's own cell. Read as
    the amount, the parts were a second and third column of it, and the sheet was not
    read. A part that is a year (``Trong đó: năm 2023``: the year's money beside a running
    total) is no such part: None, and the column is read as before."""
    for k, text in enumerate(texts):
        words = _words(text)
        if _PARTS_OPEN.match(words) is None:
            continue
        if header_years(_words(" ".join(texts[k:])))[0]:
            return None
        return text
    return None


def _criterion_column(texts: list[str], number: int, year: int
                      ) -> tuple[str | None, object, str]:
    """What a column headed ``texts`` that names criterion ``number`` gives (``_classify``):
    its marks of met, or none of the year's (a year or a plan, ``_criteria_of_another_time``),
    or a part beside them when a text above names the year's gains (``_GAINED``) or the
    criteria whose quality must be raised (``_TO_RAISE``)."""
    if (why := _criteria_of_another_time(texts, year, bare=True)) is not None:
        return None, None, f"is criterion {number} {why}, not the criteria met in {year}: not read"
    if any(_GAINED.search(_words(text)) for text in texts[:-1]):
        return CRITERION_PART, (number, GAINED), ""
    if any(_TO_RAISE.search(_words(text)) for text in texts[:-1]):
        return CRITERION_PART, (number, TO_RAISE), ""
    return "criterion", number, ""


# A criterion over two columns or more, its own under it: `Đạt | Chưa đạt` (`Đ | KĐ`, `Đạt |
# Cơ bản đạt | Chưa đạt`), a tick in the one that applies; or `Đạt | Năm đạt`, the year the
# criterion was first met beside its mark. The mark of met is the criterion's column; the
# others are parts of it, which read as the criterion would count it twice.
# (Header words: "thời điểm" is "thoi gian", ``vocabulary.header_words``.)
_YEAR_OF_A_CRITERION = re.compile(
    r"(?:nam|thoi gian)(?: (?:dat|dat chuan|cong nhan|duoc cong nhan|hoan thanh))?")


CRITERION_PART = "criterion_part"
YEAR_MET = "year"
GAINED = "gained"
TO_RAISE = "to_raise"
# A group of the criteria lost in the year (``Tiêu chí không duy trì được``) beside the
# criteria met (``_beside_the_met``): a criterion marked in both says two things.
LOST = "lost"
# What a part's column says of its criterion, in the info that sets it aside.
_PART_SAYS = {
    YEAR_MET: "is the year criterion {n} was met, not its mark; it is not read",
    GAINED: ("marks criterion {n} as gained in the reporting year, not as met at the year's "
             "end; it is not read as the criterion's mark"),
    TO_RAISE: ("marks criterion {n} as one whose quality must be raised (nâng chất), some of "
               "the criteria met, not as met; it is not read as the criterion's mark"),
}

# B01 criteria headed as those GAINED in the reporting year (``Tiêu chí đạt mới trong năm``,
# ``Tăng thêm``, ``Các tiêu chí đạt chuẩn mới``, ``Tiêu chí đạt được trong năm 2023``), in
# header words: a criterion met for years has no mark there, so read as the criteria met, a
# commune meeting all 19 met none. What a commune meets is the state at the year's end, the
# cumulative marks (``Lũy kế``). Said of a group or of a criterion's own column, each text
# alone: a criterion's name (``Môi trường``) joined to the group above it is no gain.
# (``_ANOTHER_COUNT`` says the same of the count of criteria.)
_GAINED = re.compile(
    r"\b(?:(?:dat|tang|cong nhan)(?: chuan)? (?:moi|them)(?! truong)|moi dat|tang so voi"
    # ``Tiêu chí phát sinh mới``: what arose in the year, not what stands at its end.
    r"|phat sinh moi|moi phat sinh"
    r"|tang trong nam|tieu chi(?: [a-z]+){0,2} (?:dat|cong nhan) (?:duoc )?trong nam)\b"
    # ``Trong năm`` whole (``1 | Lũy kế | Trong năm``, or over the criteria): the year's
    # part of the running total. With its year (``Trong năm 2023``) it may be the year's
    # state, as ``Kết quả trong năm 2023`` is.
    r"|^trong nam$")

# B01 criteria headed as those whose quality must be raised (``Tiêu chí cần nâng chất``,
# ``Các tiêu chí cần nâng cao chất lượng``, ``Tiêu chí chưa bền vững``, ``có nguy cơ``), in
# header words: offices mark there, among the criteria met, the weak ones to consolidate;
# read as the criteria met, a commune meeting all 19 with two weak ones met 2. Not the level
# ``NTM nâng cao``: ``nâng cao`` only as ``cần nâng cao`` or with ``chất lượng``.
_TO_RAISE = re.compile(r"\b(?:nang chat|nang (?:cao )?chat luong|can (?:nang cao|cung co)"
                       r"|(?:chua|thieu|kem) ben vung|nguy co|con (?:yeu|han che))\b")


# B01 criteria under a group naming what was reached IN the year without saying it is a
# gain (``Kết quả đạt được trong năm 2023``, ``Đạt chuẩn trong năm``, ``Hoàn thành trong
# năm 2023``, ``Được công nhận trong năm``), in header words: the criteria reached during the
# year (gained), or the result standing at its end. ``Tiêu chí đạt được trong năm`` and
# ``Đạt mới`` are ``_GAINED``'s; ``Kết quả (thực hiện) năm 2023`` and ``Trong năm 2023``
# name the year's result. Beside a group of the criteria met it is the gains
# (``_beside_the_met``); alone, the count of criteria met tells which
# (``extract._check_in_the_year``).
_REACHED_IN_THE_YEAR = re.compile(
    r"\b(?:dat(?: duoc| chuan)?|hoan thanh|cong nhan) trong nam\b")


@lru_cache(maxsize=1 << 12)
def reached_in_the_year(header: str) -> bool:
    """Whether a column's header block (its texts joined by `` | ``) names, in one of its
    texts, what was reached in the year (``_REACHED_IN_THE_YEAR``): each text alone, so that
    a criterion's name joined to the group above it says nothing."""
    return any(_REACHED_IN_THE_YEAR.search(_words(text)) for text in header.split(" | "))


@lru_cache(maxsize=1 << 12)
def _not_the_met(header: str) -> str | None:
    """What a B01 criterion column headed ``header`` gives when it is not the criteria met:
    ``not_met`` (``Tiêu chí chưa đạt``), ``LOST`` in the year (``Tiêu chí không duy trì
    được``, ``_LOST``), ``GAINED`` for what was reached in the year
    (``reached_in_the_year``); None for the criteria met."""
    if _names_unmet(header):
        return LOST if _LOST.search(fold(header)) else "not_met"
    return GAINED if reached_in_the_year(header) else None


# What a column set aside beside a criterion's column of met gives (``_beside_the_met``).
_BESIDE_SAYS = {
    "not_met": "marks criterion {n} as not met; beside the criteria met in column {met} it "
               "is read as their ticks of not met (a criterion ticked in both, or in neither, "
               "is not read)",
    LOST: "marks criterion {n} as lost in the year (no longer met); the criteria met are "
          "read from column {met} (a criterion marked in both is not read)",
    GAINED: "names what was reached in the year: beside the criteria met in column {met} it "
            "gives those gained in the year, and is not read as the criterion's mark (a "
            "criterion marked there and not in {met} is not read)",
}


def _beside_the_met(layout: Layout, grid: Grid, first: Column, second: Column
                    ) -> Column | None:
    """Of two columns of one B01 criterion, one headed as the criteria met and the other as
    those not met, lost in the year or reached in the year (``_not_the_met``: a group
    ``Tiêu chí chưa đạt`` or ``Tiêu chí không duy trì được`` or ``Kết quả đạt được trong
    năm 2023`` beside ``Tiêu chí đạt chuẩn``), the column of met, as a person reads it; the
    other is kept as a part of the criterion, its cells in raw.unmapped_cells, and checked
    against it (``extract._add_criterion_parts``, ``_add_changes``), since an office filling
    both by hand may forget one. None when the two cannot be so told apart (``_preferred``
    then decides)."""
    said = _not_the_met(first.header), _not_the_met(second.header)
    if (said[0] is None) == (said[1] is None):
        return None
    kept, other = (first, second) if said[0] is None else (second, first)
    part = said[1] if said[0] is None else said[0]
    assert part is not None and kept.criterion is not None
    layout.ignored.append(other)
    layout.criterion_parts.setdefault(kept.criterion, []).append((other, part))
    layout.problems.append(Problem(
        "UNKNOWN_COLUMN", "info",
        f"{grid.name}: column {other.label} "
        + _BESIDE_SAYS[part].format(n=kept.criterion, met=kept.label)
        + "; its cells are kept in raw.unmapped_cells",
        row=layout.top + 1 if layout.top is not None else None, column=other.label,
        raw_value=other.header))
    return kept


# The subject a criterion's sub-column may name before its mark: ``Tiêu chí đạt | Tiêu chí
# chưa đạt``, ``TC đạt | TC không đạt``, ``Các tiêu chí chưa đạt`` under ``1``, as ``Đạt |
# Chưa đạt`` heads them.
_TICK_SUBJECT = re.compile(r"^(?:cac )?(?:tieu chi|tc) ")


def _tick_of(lowest: str, marks: dict[str, str]) -> str | None:
    """The mark (``met``, ``not_met``, ``basically_met``) a column's own header text is, when
    it heads a criterion's sub-column ticked where that mark applies: ``Đạt``, ``Chưa đạt``,
    ``KĐ``, ``Đạt chuẩn``, or with the criterion as its subject (``Tiêu chí đạt``, ``TC chưa
    đạt``: ``_TICK_SUBJECT``). A word, not a sign: a dash or a 0 under a header is a blank
    filled in or a numbering, not a column for not met. None for any other header."""
    key = fold(lowest).strip(" .:;!()")
    mark = marks.get(key)
    if mark is None and (bare := _TICK_SUBJECT.sub("", key)) != key:
        key, mark = bare, marks.get(bare)
    return mark if mark is not None and any(ch.isalpha() for ch in key) else None


def _part_of_a_criterion(lowest: str, marks: dict[str, str]) -> str | None:
    """What a column under a criterion is, when its own header is not the criterion's mark
    of met: the column for ``not_met`` or ``basically_met``, the ``year`` it was met,
    whether it was ``gained`` in the reporting year (``Đạt mới``, ``Trong năm``), or whether
    its quality must be raised (``to_raise``: ``Cần nâng chất``); None for the criterion
    itself (``Đạt``, ``x``, or a header naming no part)."""
    key = fold(lowest).strip(" .:;!()")
    mark = _tick_of(lowest, marks)
    if mark in ("not_met", "basically_met"):
        return mark
    if _GAINED.search(_words(lowest)):
        return GAINED
    if _TO_RAISE.search(_words(lowest)):
        return TO_RAISE
    return YEAR_MET if _YEAR_OF_A_CRITERION.fullmatch(key) else None


# A number of criteria (``19 tiêu chí`` over ``Tiêu chí đạt | Tiêu chí chưa đạt``, the counts
# of the 19), in header words: not criterion 19.
_NUMBER_OF_CRITERIA = re.compile(r"[0-9]{1,2} tieu chi")


def _criterion_above(ctx: Context, upper: list[str]) -> int | None:
    """The criterion the texts over a column name (``1. Quy hoạch``, or ``Tiêu chí`` over
    ``TC1``), read as ``_classify`` reads a criterion's own header; None when they name
    none (``19 tiêu chí`` is a number of criteria), or a criterion of another time than the
    reporting year."""
    for k in range(len(upper) - 1, -1, -1):
        words = _without_legend_of_both(_dated(_words(" ".join(upper[k:])), ctx.year))
        if _NUMBER_OF_CRITERIA.fullmatch(words):
            continue
        number, _ = ctx.vocabulary.criterion(ctx.criteria_set, words) if words else (None, "")
        if number is not None:
            return None if _criteria_of_another_time(upper, ctx.year, bare=True) else number
    return None


# B01's criteria under a header naming another time than the reporting year: a year written
# as one (`năm 2022`, `đến 31/12/2022`; not a period's `2021-2025`, nor a decision's date),
# part of the year (`6 tháng đầu năm`), the communes before the reorganisation of 2025 (`xã
# cũ`, `trước sắp xếp`: the former communes' marks, counts and status years, not the merged
# commune's at the year's end), or a plan (`Kế hoạch năm 2024`, `Dự kiến`, `Đăng ký`).
_CRITERIA_PERIOD = re.compile(r"\b(?:19|20)[0-9]{2} (?:den |toi )?(?:nam )?(?:19|20)[0-9]{2}\b")
_CRITERIA_YEAR = re.compile(r"\b(?:nam|31 (?:thang )?12(?: nam)?) ((?:19|20)[0-9]{2})\b")
# Since a year (``lũy kế từ 2011``, ``từ năm 2019``): where a running total begins, not the
# year of its figures.
_SINCE_A_YEAR = re.compile(r"\btu (?:nam )?(?:19|20)[0-9]{2}\b")
_CRITERIA_PLAN = re.compile(r"\b(?:ke hoach|du kien|phan dau|dang ky|muc tieu|lo trinh)\b")
# A request for recognition (``Năm đề nghị công nhận NTM nâng cao``, ``NTM kiểu mẫu (đề
# xuất)``, ``Xã đề nghị công nhận năm 2023`` over the levels, ``Tờ trình``, ``Trình công
# nhận``), in header words: the year or the tick of a level asked for, which the province may
# not yet have granted (or may refuse), not one reached. ``PLAN_WORDS`` has ``đề nghị``;
# ``trình`` alone is also ``chương trình``.
_CRITERIA_REQUEST = re.compile(
    rf"\b(?:{PLAN_WORDS}|de xuat|to trinh|trinh (?:cong nhan|xet|tham dinh))\b")


# Columns whose figures are of one time, as B01's criteria marks are: B01's count of
# criteria met and status years (a status as of another year, or a year planned), B05's
# marks of the district criteria met.
_OF_THE_YEAR = {("B01", "reported_count"): "the count of criteria met",
                ("B01", "ntm_year"): "the NTM status",
                ("B01", "advanced_year"): "the NTM nâng cao status",
                ("B01", "model_year"): "the NTM kiểu mẫu status",
                ("B05", "met"): "the district criteria met"}
# B03's rating is judged the same way, and more (``_rating_of_another_time``): B03 lists the
# products recognised in past years too, and a rating headed as another year's (``Số sao năm
# 2022``, ``Số sao (năm trước)``) may since have been re-rated or have lapsed.
# A B03 rating headed as one no level has granted, in header words: a potential rating
# (``Số sao tiềm năng``), the producer's self-assessment (``Số sao tự đánh giá``, ``tự
# chấm``), or the district council's evaluation (``Hạng sao cấp huyện đánh giá``): the
# district recognises 3 stars only, and its 4 or 5 is a proposal the province may lower.
# Not in ``PLAN_WORDS``: a B01 group ``Kết quả xã tự đánh giá`` heads the criteria met.
_RATING_NOT_GRANTED = re.compile(
    r"\b(?:tiem nang|tu danh gia|tu cham(?: diem)?|(?:cap )?huyen danh gia"
    r"|danh gia (?:cua )?(?:hoi dong )?(?:cap )?huyen)\b")
# A B03 column headed as a year alone (``Năm 2022``, ``2023``) under a rating's group
# (``Số sao`` over ``Năm 2021 | Năm 2022 | Năm 2023``): that year's rating.
_A_RATINGS_YEAR = re.compile(r"(?:nam )?(?:19|20)[0-9]{2}")
# A B03 rating headed as the product's current one (``Số sao`` over ``Lần đầu | Hiện tại``):
# read before the rating first granted beside it (``_preferred``).
_CURRENT_RATING = re.compile(r"\b(?:hien tai|hien nay|hien hanh)\b")
# A B03 rating headed as the district's or the province's (``Hạng sao cấp huyện``, ``Cấp
# tỉnh công nhận``, ``Huyện | Tỉnh`` under ``Số sao``), in the header's words: the district
# recognises 3 stars and proposes 4 and 5 to the province, which decides them
# (``_preferred``, ``extract._district_proposals``). A bare ``Huyện`` or ``Tỉnh`` counts as
# the column's own header only: ``tính`` folds to ``tinh`` in other words.
_DISTRICT_RATING = re.compile(r"\bcap huyen\b|\bhuyen (?:danh gia|cong nhan|de nghi)\b")
_PROVINCE_RATING = re.compile(r"\bcap tinh\b|\btinh (?:danh gia|cong nhan|tham dinh)\b")
_LEVEL_ALONE = {"huyen": "district", "tinh": "province"}


def rating_level(column: Column) -> str | None:
    """The level a B03 rating column is headed as given by: ``district`` (``Hạng sao cấp
    huyện``, ``Huyện`` under ``Số sao``), ``province`` (``Hạng sao cấp tỉnh``), or None."""
    if column.field != "stars":
        return None
    words = _words(column.header)
    if _PROVINCE_RATING.search(words):
        return "province"
    if _DISTRICT_RATING.search(words):
        return "district"
    return _LEVEL_ALONE.get(_words(column.own_header))


def _rating_of_another_time(texts: list[str], year: int) -> str | None:
    """Why a B03 column of ratings headed ``texts`` does not give the rating each product
    holds in the reporting ``year``, or None: another year's, a plan's or a request's
    (``_criteria_of_another_time``: ``Số sao năm 2022``, ``Số sao dự kiến``, ``Hạng sao đề
    xuất``), or one not granted (``_RATING_NOT_GRANTED``). Before, each was read as the
    rating granted, without a flag."""
    if (why := _criteria_of_another_time(texts, year, bare=True)) is not None:
        return f"is the rating {why}, not the one held in the reporting year {year}"
    if (found := _RATING_NOT_GRANTED.search(_words(" ".join(texts)))) is not None:
        return (f"is a rating not granted ('{found.group(0)}': a potential rating, a "
                "self-assessment or the district's evaluation, which for 4 and 5 stars only "
                "proposes them to the province), not the rating recognised")
    return None


def _district_beside_province(layout: Layout, grid: Grid, ctx: Context, dated: set[int]
                              ) -> None:
    """B03's district evaluation (``Cấp huyện đánh giá``), set aside as a rating not granted
    (``_rating_of_another_time``), beside the province's rating (``Cấp tỉnh công nhận``): the
    district's 3 stands where the province's cell is blank, as beside ``Hạng sao cấp
    huyện`` (``_preferred``). Alone, it stays set aside."""
    kept = layout.columns.get("stars")
    if kept is None or "stars" in layout.replaced or rating_level(kept) != "province":
        return
    aside = [c for c in layout.ignored if c.field == "stars" and rating_level(c) == "district"]
    if len(aside) != 1:
        return
    layout.ignored.remove(aside[0])
    layout.problems[:] = [p for p in layout.problems
                          if p.code != "UNKNOWN_COLUMN" or p.column != aside[0].label]
    _preferred(layout, grid, ctx, dated, kept, aside[0])


def _rating_by_year(spec: SheetSpec, ctx: Context, texts: list[str]) -> bool:
    """Whether a B03 column is headed as a year alone under a group naming the rating
    (``Số sao`` over ``Năm 2021 | Năm 2022 | Năm 2023``): a rating of that year, which alone
    the column read as the year of recognition (``=nam``), the sheet then without a rating
    and not read. The nearest group above that names a column decides."""
    if len(texts) < 2 or spec.code != "B03" or not _A_RATINGS_YEAR.fullmatch(_words(texts[-1])):
        return False
    for k in range(len(texts) - 2, -1, -1):
        name, _ = ctx.vocabulary.match(spec.code, _words(" ".join(texts[k:-1])))
        if name is not None:
            return name == "stars"
    return False


# A B01 count of criteria met headed as a gain (``Số tiêu chí đạt thêm trong năm``, ``Số TC
# đạt mới``, ``tăng``), a share (``Số tiêu chí đạt (%)``, ``Tỷ lệ``) or the year's start
# (``Số TC đạt đầu năm``), in header words: not the count of the criteria met, which it was
# read as (1 criterion gained stored as 1 met).
_ANOTHER_COUNT = re.compile(r"%|\b(?:ty le|phan tram|them|tang|dau nam|(?:dat|tc|tieu chi) moi)\b")


@lru_cache(maxsize=1 << 10)
def _another_count(texts: tuple[str, ...]) -> str | None:
    """Why a B01 column matched as the count of criteria met (``Số tiêu chí đạt``, ``Tổng số
    tiêu chí``) counts something else, or None. Besides a gain, a share or the year's start
    (``_ANOTHER_COUNT``), a person reads a count headed as the criteria marked in the year's
    changes, by the words that head such a group of criteria: gained or reached in the year
    (``Số tiêu chí đạt được trong năm 2023``, ``Số TC đạt chuẩn trong năm``, ``phát sinh
    mới``: ``_GAINED``, ``_REACHED_IN_THE_YEAR``), lost (``không duy trì``, ``bị tụt``:
    ``_LOST``), to be raised (``cần nâng chất``: ``_TO_RAISE``), or not met (``Tổng số TC
    không đạt``: ``_names_unmet``). Before, each was stored as the count of criteria met (2
    gained as 2 met), and could confirm marks of the year's gains as the criteria met
    (``extract._check_in_the_year``). Each text of the header block alone, as for a group
    of criteria, so that a group's words joined to the next text say nothing; a group over
    the count counts (``Kết quả đạt được trong năm 2023 | Số TC đạt``)."""
    if (other := _ANOTHER_COUNT.search(_words(" ".join(texts)))) is not None:
        return (f"counts criteria met otherwise ('{other.group(0)}': a gain, a share or the "
                "start of the year), not the criteria met in the reporting year")
    for text in texts:
        words = _words(text)
        if (found := _GAINED.search(words) or _REACHED_IN_THE_YEAR.search(words)) is not None:
            return (f"counts the criteria gained or reached in the year ('{found.group(0)}'), "
                    "which may leave out those met before it, not the criteria met at the "
                    "year's end")
        if (found := _LOST.search(fold(text))) is not None:
            return (f"counts the criteria lost in the year ('{found.group(0)}': no longer "
                    "met), not the criteria met")
        if (found := _TO_RAISE.search(words)) is not None:
            return (f"counts the criteria whose quality must be raised ('{found.group(0)}'), "
                    "some of those met, not all the criteria met")
    if _names_unmet(" | ".join(texts)):
        return "counts the criteria not met, not those met"
    return None


# A year standing alone in such a header (``Số TC đạt (2022)``, ``NTM nâng cao 2024``),
# unless the header cites a text whose number carries its year (``Thông tư 05/2017/TT-…``).
_BARE_YEAR = re.compile(r"\b((?:19|20)[0-9]{2})\b")
_A_TEXTS_NUMBER = re.compile(r"\b(?:thong tu|tt|nghi dinh|nd|nghi quyet|nq|cong van|cv"
                             r"|van ban|ke hoach so|huong dan|ban hanh)\b")


def _criteria_of_another_time(texts: list[str], year: int, *, bare: bool = False
                              ) -> str | None:
    """Why B01 criterion columns headed by ``texts`` (the criterion's own text and the
    groups over it) are not the reporting year's marks, or None: the marks under `Kết quả
    năm 2022` or `Kế hoạch năm 2024` in a 2023 report are another year's, or a plan, and
    those under `Kết quả của xã trước sắp xếp` the former communes' (the same for a count
    `Số tiêu chí đạt (xã cũ)` and a status `Năm đạt chuẩn NTM (xã cũ)`). Before, they were
    read as the year's without a flag. ``bare``: a year standing alone counts
    too (``Tiêu chí đạt chuẩn (2022)``, ``Số TC đạt (2022)``, B05's ``Đạt (2022)``), unless
    the header cites a text by its number (``Thông tư 05/2017/TT-BNNPTNT``)."""
    words = _dated(_words(" ".join(texts)), year)
    if _CRITERIA_PLAN.search(words):
        return "of a plan"
    if (request := _CRITERIA_REQUEST.search(words)) is not None:
        return f"of a request for recognition ('{request.group(0)}'), not yet granted"
    if (period := another_period(words)) is not None:
        return f"of {period}"
    if _DECISION.search(words):
        return None  # a decision's date ("theo QĐ 318/QĐ-TTg ngày 08/3/2022") is no year
    unperiod = _SINCE_A_YEAR.sub(" ", _CRITERIA_PERIOD.sub(" ", words))
    years = {int(y) for y in _CRITERIA_YEAR.findall(unperiod)}
    if bare and not _A_TEXTS_NUMBER.search(words):
        years |= {int(y) for y in _BARE_YEAR.findall(unperiod)}
    if years - {year}:
        return f"of {', '.join(map(str, sorted(years - {year})))}"
    return None


@lru_cache(maxsize=1 << 14)  # asked of every B04/B06 row; offices repeat the names
def other_time(name: str, year: int) -> str | None:
    """Why a B04/B06 row named ``name`` holds figures of another time than the reporting
    ``year`` (``Tỷ lệ hộ nghèo (năm 2022)``, ``Tổng vốn huy động (kế hoạch)``), or None; a
    bracketed note comparing the level (``(tăng 10% so với năm 2022)``, ``(giảm
    1,5%/năm)``) says by how much it moved, not which year the row is."""
    return _criteria_of_another_time([_COMPARING_NOTE.sub(" ", name)], year, bare=True)


_COMPARING_NOTE = re.compile(r"[(\[][^()\[\]]*(?:%|so với|so voi)[^()\[\]]*[)\]]",
                             re.IGNORECASE)


# A B04 result over its plan, a ratio and no figure of the indicator: the result's and the
# plan's words on either side of a slash (`Thực hiện/Kế hoạch`, `TH/KH`, `KQ / CT`), or a per
# cent of the plan (`Thực hiện (% KH)`, `% so với kế hoạch`). Read as the result, 50 (per cent
# of a plan of 2 communes) was stored as 50 communes. `Thực hiện kế hoạch` (the plan's
# result, without a slash) and `Thực hiện theo KH` are the result.
_RESULT_OVER_PLAN = re.compile(
    r"\b(?:thuc hien|th|ket qua|kq|uoc (?:thuc hien|th|dat)|uoc|dat duoc)\s*/\s*"
    r"(?:ke hoach|kh|chi tieu|ct|muc tieu)\b"
    r"|%\s*(?:so (?:voi )?)?(?:ke hoach|kh|chi tieu|muc tieu)\b")


# A legend of both marks in a B01 header (``TC1 (Đạt/Chưa đạt)``, ``Đạt/Không đạt chuẩn``):
# how the column's cells read, not what the column is. Its ``chưa đạt`` does not say the
# column counts criteria not met (``not_met_count``: ``~chua dat``), as ``_names_unmet`` does
# not take such a legend for marks of criteria not met.
_LEGEND_OF_BOTH = re.compile(r"\bdat(?: chuan)? (?:chua|khong) dat(?: chuan)?\b")


def _without_legend_of_both(words: str) -> str:
    """A header's words without a legend of both marks (``_LEGEND_OF_BOTH``)."""
    if "dat" not in words:
        return words
    return " ".join(_LEGEND_OF_BOTH.sub(" ", words).split())


# A B01 column headed as a year and nothing else (``Năm``, ``Năm công nhận``, ``Thời điểm``,
# whose header words are "thoi gian"): under a status (``Đạt chuẩn NTM nâng cao | Năm | Số
# QĐ``), the year of that status.
_A_YEAR = re.compile(r"(?:nam|thoi gian)(?: (?:dat|dat chuan|dat duoc|cong nhan|cn"
                     r"|duoc cong nhan))?")


def _year_under_a_status(spec: SheetSpec, ctx: Context, texts: list[str]) -> str | None:
    """The status whose year a column headed as a year alone gives, from the nearest group
    above it that names one (a status year, or a column not read, as a plan): each level a
    group over its year and its decision, as a person reads it. Read alone, ``Năm công
    nhận`` under ``NTM nâng cao`` would be the NTM year, and ``Năm`` nothing."""
    if len(texts) < 2 or not _A_YEAR.fullmatch(_words(texts[-1])):
        return None
    for k in range(len(texts) - 2, -1, -1):
        name, _ = ctx.vocabulary.match(spec.code, _words(" ".join(texts[k:-1])))
        if name is not None:
            return name if spec.get(name).kind in (YEAR, IGNORED) else None
    return None


# A B03 column standing for one star rating (``3 sao``, ``Hạng 4 sao``, ``★★★★★``), as
# offices rate products by ticking one of three columns under ``Kết quả phân hạng``.
STARS_LEVEL = "stars_level"


def _star_level(spec: SheetSpec, text: str) -> int | None:
    """The rating a column's own header names with its star sign, in a sheet of ratings;
    read by the rating parser itself, so that a header and a cell name a rating alike."""
    if not any(f.kind == STARS for f in spec.fields):
        return None
    if "sao" not in fold(text) and "*" not in text and "★" not in text and "\u2b50" not in text:
        return None
    try:
        level = parse_stars(text)
    except CellError:
        return None
    return level if level is not None and 1 <= level <= 5 else None


# A column of one of a criterion's indicators (``17.1``, ``TC17.2``, ``Chỉ tiêu 2.3 Tỷ lệ …``):
# offices add some beside the criteria. Read as the criterion itself, it would be a second
# column for it; alone, without the criterion's column, it does not say whether the
# criterion is met.
_INDICATOR = re.compile(
    r"\s*(?:(?:tc|tieu chi|chi tieu)\s*)?(?:so\s*)?0*([1-9][0-9]?)\.[0-9]{1,2}(?![0-9])")
# B04's plans headed up to a year ("Kế hoạch đến năm 2025"): the period's plan, which for a
# count is cumulative, not the next year's.
_PLANS = frozenset({"target", "next_year_target"})
_PLAN_TO_A_YEAR = re.compile(r"\bden (?:het )?nam\b")
# B04's plans headed as the period's in other words: medium-term ("Kế hoạch trung hạn"), of
# five years ("Kế hoạch 5 năm"), of the period or the term ("Kế hoạch cả giai đoạn", "KH
# giai đoạn", "cả nhiệm kỳ"). Set by the district's resolution for 2021-2025, such a plan
# is for a count cumulative: neither this year's target nor the next year's. A year under
# it ("Kế hoạch trung hạn" over "Năm 2023 | Năm 2024") is that year's part of it, which
# the year resolves; what the plan is measured by ("theo Bộ tiêu chí giai đoạn …") is no
# period.
_PLAN_OF_THE_PERIOD = re.compile(
    r"\b(?:trung han|giai doan|nhiem ky"
    r"|(?:0?[2-9]|1[0-9]|hai|ba|bon) nam(?! (?:19|20)[0-9]{2}\b))\b")


def _plan_of_the_period(texts: list[str]) -> bool:
    """Whether a plan's header, its own text and the groups over it, says it is the plan of
    the period (``_PLAN_TO_A_YEAR``, ``_PLAN_OF_THE_PERIOD``), not one year's."""
    words = [_MEASURED_BY.sub(" ", _words(text)) for text in texts]
    if _PLAN_TO_A_YEAR.search(" ".join(words)):
        return True
    own_year = len(texts) > 1 and header_years(words[-1])[0]
    return _PLAN_OF_THE_PERIOD.search(words[-1] if own_year else " ".join(words)) is not None


# Money headed as a running total ("Vốn huy động lũy kế", "Lũy kế" over "Giá trị"): since
# the programme began, over a period or to date, unless it says since the year began. Said
# also as accumulated (``tích lũy``), since the period or the term began (``từ đầu giai
# đoạn``, ``từ đầu nhiệm kỳ``), over the whole period (``cả giai đoạn``), to date (``đến
# nay``), or over several years (``3 năm``, ``ba năm``).
_RUNNING = re.compile(
    r"\b(?:luy ke|cong don|tich luy|tu dau (?:giai doan|nhiem ky|chuong trinh)"
    r"|(?:ca|toan|trong) (?:giai doan|nhiem ky)|den nay"
    r"|(?:[2-9]|1[0-9]|hai|ba|bon|bay|chin|muoi) nam(?! (?:19|20)[0-9]{2}\b))\b")
_SINCE_THE_YEAR_BEGAN = re.compile(r"\btu dau nam\b")


def is_running_total(header: str) -> bool:
    """Whether a column's header, as shown, says it holds a running total that may count
    years before the reporting year."""
    words = _words(header)
    return _RUNNING.search(words) is not None and not _SINCE_THE_YEAR_BEGAN.search(words)


# A name's words after `theo` (`theo Bộ tiêu chí giai đoạn 2021-2025`): what it is measured
# by, not the time its figures cover.
_MEASURED_BY = re.compile(r"\b(?:theo|bo tieu chi|tieu chi)\b.*$")


def names_a_period(name: str, year: int | None) -> bool:
    """Whether a row's name, as shown, says its figures cover a period of several years
    (`giai đoạn 2021-2025`, `(2021-2023)`, `từ năm 2021` in a later year's report), which
    for an indicator of the year alone is a running total; the period of the criteria it
    is measured by (`theo Bộ tiêu chí giai đoạn 2021-2025`) is not."""
    words = " ".join(_MEASURED_BY.sub(" ", _words(part)) for part in re.split(r"[()\[\]]", name))
    return any(a != b for a, b in _PERIOD_YEARS.findall(words)) or any(
        year is not None and int(since) < year for since in _SINCE_YEAR.findall(words))


_PERIOD_YEARS = re.compile(r"\b((?:19|20)[0-9]{2}) (?:den |toi )?(?:nam )?((?:19|20)[0-9]{2})\b")
_SINCE_YEAR = re.compile(r"\btu (?:nam )?((?:19|20)[0-9]{2})\b")
_TRAILING_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
# A value headed as a plan (``Giá trị (kế hoạch)``, ``Giá trị dự kiến``, ``Giá trị (dự
# toán)``, ``Giá trị đăng ký``, ``Dự kiến`` over ``Số tiền``): B02's money and B06's figures
# are what was reached. What was done of a plan (``Thực hiện kế hoạch``, ``So với KH``,
# ``Kế hoạch năm 2023`` over ``Thực hiện``) is no plan.
_PLAN_WORDS = re.compile(r"\b(?:ke hoach|du kien|du toan|dang ky|phan dau|muc tieu|lo trinh)\b")
_DONE_OF_A_PLAN = re.compile(r"\b(?:thuc hien|so voi|theo|vuot|dat|ket qua|uoc|huy dong duoc)"
                             r" (?:[a-z]+ )?(?:ke hoach|muc tieu|du toan)\b")
_RESULT_WORDS = re.compile(r"\b(?:thuc hien|ket qua|da huy dong|huy dong duoc|uoc)\b")


def _a_plan(texts: list[str]) -> str | None:
    """The plan's word a value column's header names it by (``_PLAN_WORDS``), or None: in
    its own text, or, when its own text names no result, in the groups over it."""
    own = _words(texts[-1])
    looked = [own] if _RESULT_WORDS.search(own) else [own, *map(_words, texts[:-1])]
    for words in looked:
        if (plan := _PLAN_WORDS.search(_DONE_OF_A_PLAN.sub(" ", words))) is not None:
            return plan.group(0)
    return None
# Years a header names by their place beside the reporting year, as offices head a table
# they copy from year to year ("TH năm trước | KH năm nay | Ước TH năm nay | KH năm sau"):
# written as the years they are, so that they resolve as written years do. ("Năm sau" is
# left to the phrases of next year's plan.)
_RELATIVE_YEARS = ((re.compile(r"\bnam (?:truoc|ngoai)\b"), -1),
                   (re.compile(r"\bnam nay\b"), 0))
# "Cùng kỳ" (the same period) names the year before when no year follows it: "TH cùng kỳ",
# "Giá trị cùng kỳ" beside the year's own figures are last year's (they were read as the
# year's); "Cùng kỳ năm 2022" says its year.
_SAME_PERIOD = re.compile(r"\bcung ky\b(?! nam\b)")


def _dated(words: str, year: int) -> str:
    """A header's words with ``năm trước``, ``năm nay`` and ``cùng kỳ`` as the years they
    mean."""
    for pattern, offset in _RELATIVE_YEARS:
        if "nam" in words:
            words = pattern.sub(f"nam {year + offset}", words)
    if "cung ky" in words:
        words = _SAME_PERIOD.sub(f"cung ky nam {year - 1}", words)
    return words

# What may stand beside a year in a header that names nothing else: "of which", "alone".
_YEAR_ALONE = frozenset({"", "trong do", "rieng", "trong do rieng", "rieng trong"})
# A column whose header names the reporting year (``Thực hiện năm 2023``), as ``_classify``
# tells it: preferred to a column of the same meaning that names no year.
THIS_YEAR = "this_year"
# A column headed as the rows' names with the reporting year (``Chỉ tiêu năm 2023``), as
# ``_classify`` tells it, with the figure the same words name: the names, unless a column
# before it holds them (``_map``).
NAMES_OR = "names_or"


def _resolve_year(name: str, years: set[int], year: int) -> str | None:
    """``Kế hoạch năm 2024`` in a 2023 report is next year's target; ``Thực hiện năm 2022`` is
    not this year's result."""
    if len(years) != 1:
        return None
    (written,) = years
    if name == "target":
        return "target" if written == year else "next_year_target" if written == year + 1 else None
    if name == "actual":
        return "actual" if written == year else None
    if name == "next_year_target":
        return name if written == year + 1 else None
    return name if written == year else None


def _share_columns(layout: Layout, spec: SheetSpec, grid: Grid) -> None:
    """A field without a column of its own read from another field's column
    (``template.Field.within``, the first that applies): one whose header names it too, or,
    headed otherwise, whose data cells give it, as a person reads a date where it is written
    (``Quyết định số 123/QĐ-UBND ngày 15/6/2023`` under ``Quyết định công nhận``). A CHECK
    column (``Năm công nhận``) repeats the field: without the field's own column it is it."""
    data: list[int] | None = None
    for f in spec.fields:
        if not f.within or f.name in layout.columns:
            continue
        for name, word in f.within:
            host = layout.columns.get(name) or next(
                (c for c in layout.ignored if c.field == name and spec.get(name).kind == CHECK),
                None)
            if host is None:
                continue
            if word and word not in _words(host.header).split():
                if data is None:
                    probe = layout.copy()
                    _classify_rows(grid, probe)
                    data = probe.data
                if not _gives(grid, data, host, cell_parser(f.kind)):
                    continue
            # a new dict: a reused layout shares its columns with the block's (``copy``)
            layout.columns = {**layout.columns, f.name: host}
            break


def _gives(grid: Grid, rows: list[int], column: Column, parse: Callable[[Cell], object]
           ) -> bool:
    """Whether a cell of the column on one of these rows reads as a value by ``parse``."""
    for i in rows:
        row = grid.rows[i]
        if column.index < len(row) and not is_blank(row[column.index]):
            try:
                if parse(row[column.index]) is not None:
                    return True
            except CellError:
                continue
    return False


def _year_of_a_level(layout: Layout, grid: Grid) -> None:
    """A B01 naming each commune's level reached in a column of its own (``Mức độ đạt chuẩn``:
    NTM, NTM nâng cao) beside one year (``Năm công nhận``): the year is the level's, and
    read as the NTM year, a commune advanced in 2023 would be NTM since 2023. A year column
    that names no level is then not read; a commune's NTM status is unknown. Only when the
    column's cells name levels: ``Xếp loại xã`` holding ``Khu vực I`` is another ranking."""
    _two_levels(layout)
    year = layout.columns.get("ntm_year")
    if year is None or _NAMES_NTM.search(_words(year.header)):
        return
    level = next((c for c in layout.ignored if c.field == "status_level"
                  and any(_A_LEVEL.search(fold(cell)) for cell in _texts(grid, layout, c))),
                 None) or _levels_unheaded(layout, grid)
    if level is None:
        return
    _set_aside(layout, "ntm_year")
    layout.problems.append(Problem(
        "SHEET_LAYOUT", "warning",
        f"{layout.sheet}: column {year.label} gives the year of the level in column "
        f"{level.label}, not necessarily the year NTM was reached; it is not read, and each "
        "commune's NTM status is unknown. Give the years in columns of their own (Năm đạt "
        "chuẩn NTM | NTM nâng cao | NTM kiểu mẫu)",
        row=layout.header_row, column=year.label))


def _ntm_by_its_decision(layout: Layout) -> None:
    """A B01 giving the NTM status only by the decision that recognised it, in a column
    whose header names NTM and no other level (``Quyết định công nhận đạt chuẩn NTM (số,
    ngày)``, ``Số QĐ công nhận NTM``, ``Quyết định công nhận`` under a group ``Nông thôn
    mới``), and no NTM year column: the decision's date gives the NTM year, as a person reads
    it (the year parser reads ``123/QĐ-UBND ngày 15/6/2020`` as 2020; a decision without its
    date is unreadable, the status unknown). A decision column that names no level, or
    another one, or a plan, may be of a later level and is not read: the NTM status stays
    unknown, as without the column. Said by a SHEET_LAYOUT info."""
    if "ntm_year" in layout.columns:
        return
    mapped = layout.mapped()
    others = {c.index for c in layout.ignored if c.field != "status_decision"}
    found = [(j, header) for j, header in sorted(layout.headers.items())
             if j not in mapped and j not in others
             and _DECISION.search(folded := fold(header)) and not _REQUESTED.search(folded)
             and _level_of(folded) == "ntm_year"]
    if len(found) != 1:
        return
    j, header = found[0]
    column = Column(j, "ntm_year", header, kept=True)
    layout.ignored = [c for c in layout.ignored if c.index != j]
    layout.columns = {**layout.columns, "ntm_year": column}
    layout.problems = [p for p in layout.problems
                       if not (p.code == "UNKNOWN_COLUMN" and p.column == column.label)]
    layout.problems.append(Problem(
        "SHEET_LAYOUT", "info",
        f"{layout.sheet}: no column gives the year NTM was reached; column {column.label} "
        "gives the decision recognising it, and the year of the decision's date is read as "
        "the NTM year (a decision without its date is not read)",
        row=layout.header_row, column=column.label))


# A decision's words in a header, folded: "Quyết định công nhận", "Số QĐ"; a plan's or a
# request's ("Dự kiến", "Đề nghị"), whose decision is not one recognising a status.
_DECISION = re.compile(r"\b(?:quyet dinh|qd)\b")
_REQUESTED = re.compile(r"\b(?:du kien|dang ky|ke hoach|phan dau|lo trinh|muc tieu|de nghi"
                        r"|cho|to trinh)\b")


def _set_aside(layout: Layout, name: str) -> None:
    """Take field ``name``'s column out of those read, among the ignored (its cells are kept
    in raw.unmapped_cells). A new dict: a reused layout shares its columns with the block's
    (``copy``)."""
    layout.ignored.append(layout.columns[name])
    layout.columns = {k: v for k, v in layout.columns.items() if k != name}


def _texts(grid: Grid, layout: Layout, column: Column) -> list[str]:
    """The texts in a column under the header block."""
    return [row[column.index] for row in grid.rows[(layout.bottom or 0) + 1:]
            if column.index < len(row) and type(row[column.index]) is str]


def _levels_unheaded(layout: Layout, grid: Grid) -> Column | None:
    """A column the template does not know (``Phân loại xã``, ``Xã đạt NTM/NTM nâng cao/NTM
    kiểu mẫu``) whose cells name a level above NTM (``NTM nâng cao``) that has no year column
    of its own: it names each commune's level, as ``Mức độ đạt chuẩn`` does."""
    known = {*layout.mapped(), *(c.index for c in layout.ignored)}
    absent = [words for name, words in _HIGHER_LEVELS.items() if name not in layout.columns]
    if not absent:
        return None
    for j, header in sorted(layout.headers.items()):
        if j in known:
            continue
        column = Column(j, "status_level", header)
        if any(words.search(fold(cell)) for cell in _texts(grid, layout, column)
               for words in absent):
            return column
    return None


def _two_levels(layout: Layout) -> None:
    """A status year column whose own header names two levels (``Năm đạt chuẩn NTM, NTM nâng
    cao``): whose year a cell gives cannot be told (read as the higher level's, a commune NTM
    in 2019 was advanced in 2019). The column is not read, and says so (SHEET_LAYOUT)."""
    for name in ("ntm_year", "advanced_year", "model_year"):
        column = layout.columns.get(name)
        if column is None:
            continue
        named = sorted({level for part in _LEVEL_LIST.split(fold(column.own_header))
                        if (level := _level_of(part)) is not None})
        if len(named) < 2:
            continue
        _set_aside(layout, name)
        layout.problems.append(Problem(
            "SHEET_LAYOUT", "warning",
            f"{layout.sheet}: column {column.label} names two status levels "
            f"({', '.join(named)}); which level a year in it is of cannot be told, so it is "
            "not read. Give the years in columns of their own (Năm đạt chuẩn NTM | NTM nâng "
            "cao | NTM kiểu mẫu)", row=layout.header_row, column=column.label))


def _level_of(words: str) -> str | None:
    """The highest status level folded words name (``NTM nâng cao``: the advanced)."""
    return next((name for name in ("model_year", "advanced_year", "ntm_year")
                 if STATUS_LEVEL_WORDS[name].search(words)), None)


# What separates the items of a list in a header, folded: "NTM, NTM nâng cao", "NTM/NTMNC".
_LEVEL_LIST = re.compile(r"\s*(?:[,/;&+]|\bva\b|\bhoac\b)\s*")
_NAMES_NTM = re.compile(r"\b(?:ntm|nong thon moi)\b")
_HIGHER_LEVELS = {name: STATUS_LEVEL_WORDS[name] for name in ("advanced_year", "model_year")}
_A_LEVEL = re.compile(r"\b(?:ntm|nong thon moi|nang cao|kieu mau|dat chuan)\b")


def _check_required(layout: Layout, spec: SheetSpec, ctx: Context) -> None:
    if layout.across:
        _check_across(layout)
        return
    for f in spec.fields:
        if f.kind == STARS and layout.star_levels:
            _check_levels(layout, f)
        elif f.required and f.name not in layout.columns:
            # A column headed as the field but not read (``Số sao dự kiến``, another year's):
            # named, its info says why.
            aside = [c.label for c in layout.ignored if c.field == f.name]
            layout.missing.append(_describe(f) + (
                f": column {', '.join(aside)}, headed as it, is not read" if aside else ""))
    for group in spec.required_any:
        if not any(name in layout.columns for name in group):
            layout.missing.append(" or ".join(_describe(spec.get(n)) for n in group))
    for name, column in layout.columns.items():
        # B05's `Đánh giá (chưa đạt)`: its marks are of criteria not met (see below).
        if spec.get(name).kind == template.MARK and _names_unmet(column.header):
            layout.missing.append(
                f"{_describe(spec.get(name))} as criteria met: {column.label} is headed as "
                "criteria not met, and its marks are not read either way")
    if spec.criteria:
        names = ctx.vocabulary.criteria.get(ctx.criteria_set, {})
        _list_of_unmet(layout, ctx, names)
        absent = [n for n in sorted(names) if n not in layout.criteria]
        for kind, why in _PARTS_INSTEAD:
            given = [c for n in absent for c, part in layout.criterion_parts.get(n, ())
                     if part == kind]
            if given and not layout.listed:
                layout.missing.append(
                    "criterion columns of criteria met: "
                    f"{', '.join(c.label for c in given[:3])}{' …' if len(given) > 3 else ''} "
                    f"{why}")
                absent = [n for n in absent if n not in {c.criterion for c in given}]
        if absent and not layout.listed:
            layout.missing.append(
                f"criterion column{'s' if len(absent) > 1 else ''} "
                f"{', '.join(map(str, absent))} of the {ctx.criteria_set} set "
                f"({len(names)} criteria)")
        # Marks under "Tiêu chí chưa đạt" are of criteria not met: read as met they would
        # turn a commune's count around, and inverted a blank would read as met.
        unmet = [c for c in layout.criteria.values() if _names_unmet(c.header)]
        # Marks under "Kết quả đạt được trong năm 2023" alone: read where the count of
        # criteria met confirms them (``extract._check_in_the_year``).
        layout.in_the_year = [c for c in layout.criteria.values()
                              if reached_in_the_year(c.header) and c not in unmet]
        if unmet:
            layout.missing.append(
                f"criterion columns of criteria met: {', '.join(c.label for c in unmet[:3])}"
                f"{' …' if len(unmet) > 3 else ''} are headed as criteria not met (or lost "
                "in the year), and their marks are not read as a count either way (a blank "
                "cell there is not known to be met)")
        # Criteria the set does not have (19 columns in a report of the 10-criterion set):
        # the sheet follows another set, and its first columns would be read as criteria
        # they are not.
        extra = sorted(n for n in layout.criteria if n not in names)
        if extra:
            layout.missing.append(
                f"a match with the {ctx.criteria_set} set: columns "
                f"{', '.join(column_letter(layout.criteria[n].index) for n in extra)} are "
                f"criteria {', '.join(map(str, extra))}, which that set ({len(names)} "
                "criteria) does not have; the sheet seems to follow another set (name it in "
                "ThongTin's 'Bộ tiêu chí')")
            for n in extra:
                layout.ignored.append(layout.criteria.pop(n))
    if not layout.missing:
        _unknown_if_absent(layout, spec)


# B01 criteria given only as parts that are not the criteria met (``_part_of_a_criterion``):
# what they give instead, for the sheet's error.
_PARTS_INSTEAD = (
    # Only the criteria gained in the year: those met before it are not marked.
    (GAINED, "give the criteria gained in the year, not those met at the year's end (a "
             "criterion met before the year is not marked there); give the criteria met (lũy "
             "kế) in a column per criterion"),
    # Only the weak criteria among those met: the others met are not marked.
    (TO_RAISE, "give the criteria whose quality must be raised (nâng chất), some of those "
               "met, not all the criteria met (a criterion met and sound is not marked "
               "there); give the criteria met in a column per criterion"),
)


def _check_across(layout: Layout) -> None:
    """A table laid out across needs no column of names or amounts (its amounts are its
    columns'), but each value once: two columns naming one source cannot be told apart."""
    first: dict[str, Column] = {}
    for column in layout.across:
        if column.source is None:
            continue
        if column.source in first:
            layout.missing.append(
                f"a single column for source {column.source} (columns "
                f"{first[column.source].label} and {column.label} both name it)")
        else:
            first[column.source] = column


def _list_of_unmet(layout: Layout, ctx: Context, names: dict[int, object]) -> None:
    """B01 listing each commune's criteria not met in one column (``Các tiêu chí chưa đạt``:
    ``5, 13, 17``) instead of a column per criterion: the set's criteria are read from the
    list (``layout.listed``, and how an item names a criterion). Beside columns per
    criterion, the columns are read and the list is not: it is kept, and checked against
    them (``layout.unmet_beside``), since an office updating one may forget the other."""
    column = layout.columns.get("unmet_list")
    if column is None:
        return
    criteria_set, vocabulary = ctx.criteria_set, ctx.vocabulary
    layout.list_item = lambda text: vocabulary.listed_criterion(criteria_set,
                                                                header_words(text))
    if layout.criteria:
        _set_aside(layout, "unmet_list")
        layout.unmet_beside = column
        return
    layout.listed = tuple(sorted(names))


def _check_levels(layout: Layout, f: template.Field) -> None:
    """Ratings in a column per rating stand for the rating column when there are at least
    two of them (one ``5 sao`` column alone does not say the other products' rating) and no
    rating column beside them (which of the two is meant cannot be told)."""
    if f.name in layout.columns:
        layout.missing.append(
            f"a single column for '{f.name}' (column {layout.columns[f.name].label} and the "
            f"columns by rating {layout.levels_label} both give it)")
    elif len(layout.star_levels) < 2:
        layout.missing.append(
            f"{_describe(f)}: column {layout.levels_label} alone does not give every "
            "product's rating")


def _unknown_if_absent(layout: Layout, spec: SheetSpec) -> None:
    """A column the sheet may lack (B01's status years, in a report from before a level
    existed): the rows are read, and the sheet is named, since each row's value is then
    unknown rather than empty (``extract`` records it per row)."""
    for f in spec.fields:
        if f.unknown_if_absent and f.name not in layout.columns:
            layout.problems.append(Problem(
                "SHEET_LAYOUT", "warning",
                f"{layout.sheet}: no column {_describe(f)} was found; the rows are read, and "
                f"on each the '{f.name}' is unknown, not empty: a commune's status at that "
                "level is not known (not 'not reached'), and the unit's counts at that level "
                "are not computed. If a column means it, add its header to "
                f"{VOCABULARY_HINT}", row=layout.header_row))


@lru_cache(maxsize=1 << 12)
def _names_unmet(header: str) -> bool:
    """Whether a criterion column's header block says its marks are of criteria not met
    (``Tiêu chí chưa đạt | 5``, ``Các tiêu chí không đạt``) or no longer met (``Tiêu chí
    không duy trì được``, ``Tiêu chí bị sụt giảm``, ``_LOST``): it names criteria not met and
    never criteria met, which a legend of both does (``Đạt/Chưa đạt``, ``x: đạt; trống:
    chưa đạt``)."""
    folded = fold(header)
    found = _UNMET.search(folded)
    if found is not None and "thieu" in found.group(0) and not _LACKING.search(
            nfc(header).lower()):
        found = _UNMET.search(folded.replace("thieu", ""))
    if found is None and _LOST.search(folded) is None:
        return False
    return _MET.search(_LOST.sub(" ", folded)) is None


# Not met: "chưa đạt", "không đạt", "chưa hoàn thành", "(còn) thiếu" (lacking: told with its
# diacritics, as folded "tối thiểu", minimum, reads the same); met: "đạt", "hoàn thành",
# "đáp ứng" without the negation.
# "Thiếu" only beside "tiêu chí" ("tiêu chí còn thiếu"; not "các xã còn thiếu hồ sơ").
_UNMET = re.compile(r"\b(?:(?:chua|khong) (?:dat|hoan thanh)"
                    r"|tieu chi (?:[a-z]+ ){0,2}thieu|thieu (?:[a-z]+ ){0,2}tieu chi)\b")
_LACKING = re.compile(r"\bthiếu\b")
# Lost in the year, no longer met: "không duy trì (được)", "không giữ vững", "không còn đạt",
# "(bị) sụt giảm", "bị tụt", "tụt hạng", "mất chuẩn", "giảm so với". An office marks the
# criteria a commune lost: read as met, each lost criterion was stored as met. The words of
# met that finish the phrase ("không duy trì đạt chuẩn") are part of it.
_LOST = re.compile(r"\b(?:khong (?:duy tri|giu vung|giu duoc|con dat)|sut giam|bi tut"
                   r"|tut (?:hang|chuan)|mat chuan|giam so voi)(?: duoc)?"
                   r"(?: (?:muc )?dat(?: chuan)?)?\b")
_MET = re.compile(r"(?<!chua )(?<!khong )\b(?:dat|hoan thanh|dap ung)\b")


def _describe(f: template.Field) -> str:
    return f"'{f.name}' (headed '{f.title}' in the template)"


# --------------------------------------------------------------------------- money units


@dataclass(frozen=True)
class TableUnit:
    """The money unit the lines above a table declare (``Đơn vị tính: tỷ đồng``), where, or
    the problem when they declare two."""

    unit: tuple[float, str] | None
    where: str = ""
    conflict: Problem | None = None


def _header_units(texts: list[str], units: dict) -> tuple[dict[str, tuple[float, str]], bool]:
    """The money units a column's header block names, by name, and whether it names only a
    money unit that is not known (``Giá trị (USD)``)."""
    found = {u[1]: u for text in texts if (u := money_factor(text, units)) is not None}
    unknown = not found and any(unknown_money_unit(text, units) is not None for text in texts)
    return found, unknown


# A money cell typed with its unit (`1,2 tỷ`) is read in that unit whatever the column
# says (``extract.Batch._money_in_cells``): the assumption is only for figures typed bare.
_OWN_UNIT = ", except figures typed with a unit of their own (`1,2 tỷ`)"


def _units(layout: Layout, ctx: Context, texts: dict[int, list[str]],
           table: TableUnit | None) -> None:
    """The unit of each money column: its own header's, else a ``Đơn vị tính: …`` line above
    the table, else the template's million VND (flagged as assumed). Two units that disagree
    are an error at the cell where the second one is written."""
    money = [c for c in layout.columns.values() if layout.spec.get(c.field).kind == MONEY]
    money += layout.across
    if not money or table is None:
        return
    units = ctx.vocabulary.units
    if table.conflict is not None:
        layout.problems.append(table.conflict)
        layout.missing.append("one money unit for the table")
    table_unit, where = table.unit, table.where
    assumed: list[Column] = []
    for column in money:
        found, unknown = _header_units(texts.get(column.index, []), units)
        if unknown:
            layout.problems.append(Problem(
                "UNIT_UNKNOWN", "error",
                f"{layout.sheet}: the header of column {column.label} names a money unit that "
                "is not known; its figures cannot be converted to million VND and are not "
                f"read. If it is a unit, add it to {VOCABULARY_HINT}",
                row=layout.header_row, column=column.label, raw_value=column.header))
            layout.missing.append(f"a known money unit for column {column.label}")
            continue
        if len(found) > 1:
            layout.problems.append(Problem(
                "UNIT_CONFLICT", "error",
                f"{layout.sheet}: the header of column {column.label} names two money units "
                f"({' and '.join(found)}); its figures are not read",
                row=layout.header_row, column=column.label, raw_value=column.header))
            layout.missing.append(f"a money unit for column {column.label}")
            continue
        if found:
            column.unit, column.unit_source = next(iter(found.values())), "header"
            if table_unit is not None and table_unit[1] != column.unit[1]:
                layout.problems.append(Problem(
                    "UNIT_CONFLICT", "error",
                    f"{layout.sheet}: column {column.label} is headed in {column.unit[1]} but "
                    f"{where} says {table_unit[1]}; the column header's unit is used. Check "
                    "which is right and send the file again",
                    row=layout.header_row, column=column.label, raw_value=column.header))
        elif table_unit is not None:
            column.unit, column.unit_source = table_unit, "table"
        elif table.conflict is None:  # lines that could not be read leave nothing to assume
            column.unit, column.unit_source = (1.0, "triệu đồng"), "assumed"
            assumed.append(column)
    if not assumed:
        return
    if layout.across:
        # A table laid out across: one warning for its money columns, not one for each.
        labels = ", ".join(c.label for c in assumed)
        layout.problems.append(Problem(
            "UNIT_ASSUMED", "warning",
            f"{layout.sheet}: column{'s' if len(assumed) > 1 else ''} {labels} name no money "
            "unit and no 'Đơn vị tính' line is above the table; values are taken as million "
            f"VND (triệu đồng) as in the template{_OWN_UNIT}",
            row=layout.header_row, column=assumed[0].label))
        return
    for column in assumed:
        # B02 with a unit on each row (`Đơn vị tính`, no `Khối lượng`): a row's unit wins
        # (``Batch._row_units``), so the assumption holds only for rows without one.
        rows_say = ("quantity_unit" in layout.columns and "quantity" not in layout.columns)
        layout.problems.append(Problem(
            "UNIT_ASSUMED", "warning",
            f"{layout.sheet}: column {column.label} names no money unit and no "
            "'Đơn vị tính' line is above the table; values are taken as million VND "
            f"(triệu đồng) as in the template{_OWN_UNIT}"
            + (", and on rows whose own 'Đơn vị tính' names their unit (a blank under a "
               "money unit typed above it holds that unit)" if rows_say else ""),
            row=layout.header_row, column=column.label))


def _table_unit(grid: Grid, top: int, units: dict) -> TableUnit:
    found: dict[str, tuple[tuple[float, str], int, int]] = {}
    for i in range(top):
        for j, value in enumerate(grid.rows[i]):
            if type(value) is not str or not value.strip():
                continue
            unit, problem = _declared(value, units)
            if unit is not None and unit[1] not in found:
                found[unit[1]] = (unit, i, j)
            elif problem is not None:
                return TableUnit(None, conflict=_undeclared(
                    grid, f"the line in {column_letter(j)}{i + 1} ('{_cell_str(value)}')",
                    problem, i, j, value))
    if not found:
        return TableUnit(None)
    if len(found) > 1:
        (first, r1, c1), (second, r2, c2) = list(found.values())[:2]
        return TableUnit(None, conflict=Problem(
            "UNIT_CONFLICT", "error",
            f"{grid.name}: the lines above the table name two money units ({first[1]} in "
            f"{column_letter(c1)}{r1 + 1}, {second[1]} in {column_letter(c2)}{r2 + 1}); money "
            "columns without a unit of their own are not read",
            row=r2 + 1, column=column_letter(c2), raw_value=cell_text(grid.rows[r2][c2])))
    unit, i, j = next(iter(found.values()))
    return TableUnit(unit, f"the line in {column_letter(j)}{i + 1} "
                           f"('{_cell_str(grid.rows[i][j])}')")


@memo_by_units  # asked of every title line and note of every sheet, which offices repeat
def _declared(value: str, units: dict) -> tuple[tuple[float, str] | None, tuple[str, str] | None]:
    """The money unit a line, a header cell or a note declares, or why what it declares
    cannot be applied, as (check code, what): a unit not known, a declaration not read with
    certainty (UNIT_UNKNOWN), two money units (UNIT_CONFLICT); (None, None) when it declares
    no money unit. A person reads the unit wherever the sheet declares it: one the reader
    cannot apply keeps the money out rather than leave it read in an assumed unit, a
    thousand times apart."""
    unit = declared_unit(value, units)
    named = units_declared(value, units)
    if unit is not None:
        others = [u for u in named if u != unit[1]]
        return (unit, None) if not others else (
            None, ("UNIT_CONFLICT", f"names two money units ({unit[1]}, {others[0]})"))
    if unknown_money_unit(value, units) is not None:
        return None, ("UNIT_UNKNOWN", "names a money unit that is not known")
    if named:
        return None, ("UNIT_UNKNOWN", f"names {named[0]} in words not read as a declaration "
                                      "of the unit with certainty")
    return None, None


def _undeclared(grid: Grid, place: str, problem: tuple[str, str], i: int, j: int,
                value: Cell) -> Problem:
    """The error of a money unit declared that cannot be applied (``_declared``)."""
    code, what = problem
    unknown = what.endswith("not known")
    return Problem(
        code, "error",
        f"{grid.name}: {place} {what}; money columns without a unit of their own are not "
        "read" + (f". If it is a unit, add it to {VOCABULARY_HINT}" if unknown else
                  ". Write one unit as 'Đơn vị tính: tỷ đồng' and send the file again"),
        row=i + 1, column=column_letter(j), raw_value=cell_text(value))


def _declaration(texts: list[str], units: dict) -> str | None:
    """A header cell that declares a money unit (``ĐVT: tỷ đồng`` at the right end of the
    header row, where others write it on the line above; ``Nguồn vốn (ĐVT: tỷ đồng)``, ``Chỉ
    số (tiền: tỷ đồng)`` over another column), known or not."""
    return next((t for t in texts if _DECLARES.search(fold(t))
                 and _declared(t, units) != (None, None)), None)


# A header cell's declaration: opening the cell or a bracket of it.
_DECLARES = re.compile(r"(?:^|\()\s*(?:don vi tinh|don vi|dvt|(?:so tien|tien|gia tri)\s*:)")


def _with_header_units(grid: Grid, top: int, declared: list[tuple[int, str]],
                       table: TableUnit, units: dict) -> TableUnit:
    """What the lines above the table declare, with what header cells over no column declare:
    a person reads ``ĐVT: tỷ đồng`` as the table's unit wherever it is written beside the
    header. Before, such a cell was an unknown column and the money was taken as million VND
    (a thousand times too little, with a UNIT_ASSUMED warning)."""
    if table.conflict is not None:
        return table
    where = {} if table.unit is None else {table.unit[1]: (table.unit, table.where)}
    for j, text in declared:
        place = f"the header cell {column_letter(j)}{top + 1} ('{_cell_str(text)}')"
        unit, problem = _declared(text, units)
        if unit is None:
            return TableUnit(None, conflict=_undeclared(
                grid, place, problem or ("UNIT_UNKNOWN", "names no money unit"), top, j, text))
        where.setdefault(unit[1], (unit, place))
        if len(where) > 1:
            (first, at), (second, at2) = list(where.values())[:2]
            return TableUnit(None, conflict=Problem(
                "UNIT_CONFLICT", "error",
                f"{grid.name}: {at} and {at2} name two money units ({first[1]}, {second[1]}); "
                "money columns without a unit of their own are not read",
                row=top + 1, column=column_letter(j), raw_value=text))
    if not where:
        return table
    unit, place = next(iter(where.values()))
    return TableUnit(unit, place)


def _unit_below(grid: Grid, layout: Layout, units: dict) -> None:
    """A money unit declared in a note under the table (``Ghi chú: Đơn vị tính: tỷ đồng``,
    ``* ĐVT: tỷ đồng``), where some offices write it: a person reads it as the table's unit.
    Money columns whose unit was only assumed take it; one whose unit is written otherwise
    (its header, a line above) disagrees with it, and a note that cannot be applied
    (``_declared``) leaves the unit in doubt: the money is then not read, with an error.
    Before, the note was passed over and the money taken as million VND. Columns are
    replaced, not changed: a layout's columns are shared with the copies of its header
    block (``Layout.copy``)."""
    table = layout.table_unit
    end = max((*layout.data, *layout.totals), default=None)
    if table is None or end is None:
        return
    _units_of_sections(grid, layout, units)
    found: tuple[tuple[float, str], str, int, int] | None = None
    problem: Problem | None = None
    below = [i for i in layout.notes if i > end]
    for i, j, value, unit, why in _declarations(grid, below, units):
        place = f"the note in {column_letter(j)}{i + 1} ('{_cell_str(value)}')"
        if unit is not None and found is not None and found[0][1] != unit[1]:
            why = ("UNIT_CONFLICT", f"and {found[1]} name two money units ({found[0][1]}, "
                                    f"{unit[1]})")
        if why is not None:
            problem = problem or _undeclared(grid, place, why, i, j, value)
        elif unit is not None:
            found = found or (unit, place, i, j)
    if problem is None and found is None:
        return
    if problem is None and found is not None:
        problem = _apply_unit_below(grid, layout, *found)
    if problem is not None:
        layout.table_unit = TableUnit(None, conflict=problem)
        if not layout.spec.money_rows:
            layout.problems.append(problem)
            layout.missing.append("one money unit for the table")


def _declarations(grid: Grid, rows: list[int], units: dict
                  ) -> Iterator[tuple[int, int, str, tuple[float, str] | None,
                                      tuple[str, str] | None]]:
    """The cells of ``rows`` that declare a money unit, or try to (``_declared``): row,
    column, text, the unit, and why it cannot be applied."""
    for i in rows:
        for j, value in enumerate(grid.rows[i]):
            if type(value) is not str or not value.strip():
                continue
            unit, why = _declared(value, units)
            if unit is not None or why is not None:
                yield i, j, value, unit, why


def _units_of_sections(grid: Grid, layout: Layout, units: dict) -> None:
    """A B02 whose rows are stacked under section headings, one of which declares a money
    unit (``II. Đóng góp của cộng đồng (ĐVT: tỷ đồng)``, ``- Vốn tín dụng (tỷ đồng)``: a row
    without an amount): a person reads the rows under it in the heading's unit, but how far
    its section runs (to the next heading, or past sub-headings to the end) the sheet does
    not say. Where the heading's unit is not the one the money columns are read in, or
    cannot be applied (not known, two units), the money of the rows from the heading to the
    next heading declaring a unit (or the end of the data) is not read, with an error naming
    the heading's cell (``Layout.money_out``); under a source's own row (``6 | Cộng đồng
    dân cư (tỷ đồng)`` without an amount), its parts (``6.1`` ...) only; a table laid out across,
    whose sources add up all its rows, is not read at all. A heading declaring the unit the
    columns are read in changes nothing. Before, the heading was passed over and the rows
    under it read in the header's unit: 0.2 billion of cash stored as 0.2 million."""
    spec = layout.spec
    money = [c for c in layout.columns.values() if spec.get(c.field).kind == MONEY]
    money += layout.across
    if not money or not layout.data:
        return
    key = layout.columns.get(spec.key)
    rows = grid.rows

    def code(i: int) -> str:
        row = rows[i]
        return _cell_str(row[key.index]) if key is not None and key.index < len(row) else ""

    def a_heading(i: int) -> bool:
        # A part of a source (``6.1``) heads nothing; a whole source's code heads its parts.
        part = _SOURCE_KEY.match(code(i)) is not None and "." in code(i)
        return not part and all(
            is_blank(rows[i][c.index]) for c in money if c.index < len(rows[i]))

    last = max(layout.data)
    headings = [i for i in sorted({*layout.data, *layout.notes})
                if (layout.bottom or 0) < i < last and a_heading(i)]
    declared: dict[int, tuple[int, str, tuple[float, str] | None, tuple[str, str] | None]] = {}
    for i, j, value, unit, why in _declarations(grid, headings, units):
        declared.setdefault(i, (j, value, unit, why))
    starts = sorted(declared)
    for n, i in enumerate(starts):
        j, value, unit, why = declared[i]
        stop = starts[n + 1] if n + 1 < len(starts) else last + 1
        members = [k for k in layout.data if i < k < stop]
        if _SOURCE_KEY.match(whole := code(i)):
            members = list(takewhile(lambda k: code(k).startswith(whole + "."), members))
        if not members:
            continue
        if why is None and unit is not None:
            other = next((c for c in money if c.unit is not None and c.unit[1] != unit[1]),
                         None)
            if other is None or other.unit is None:
                continue  # the unit the rows are read in
            why = ("UNIT_CONFLICT", f"says {unit[1]} but column {other.label} "
                   + ("is taken as" if other.unit_source == "assumed" else "says")
                   + f" {other.unit[1]}")
        if why is None:
            continue
        place = f"the heading in {column_letter(j)}{i + 1} ('{_cell_str(value)}')"
        where = _row_span(members)
        problem = Problem(
            why[0], "error",
            f"{grid.name}: {place} {why[1]}; which unit the money of {where} under it is in "
            "cannot be told, and it is not read. Write the unit in the header or on each "
            "row and send the file again", row=i + 1, column=column_letter(j),
            raw_value=cell_text(value))
        layout.problems.append(problem)
        if layout.across:
            layout.table_unit = TableUnit(None, conflict=problem)
            layout.missing.append("one money unit for the table")
            return
        layout.money_out.update(members)


def _apply_unit_below(grid: Grid, layout: Layout, unit: tuple[float, str], place: str,
                      i: int, j: int) -> Problem | None:
    """The unit a note under the table declares given to the money columns that assumed
    theirs (and to the table, for B06's money rows), or the error where a unit written
    elsewhere disagrees with it."""
    table = layout.table_unit
    if table is not None and table.conflict is not None:
        return None
    written = [(f"column {c.label}", c.unit[1]) for c in (*layout.columns.values(), *layout.across)
               if c.unit is not None and c.unit_source in ("header", "table")]
    if table is not None and table.unit is not None:
        written.append((table.where, table.unit[1]))
    other = next((w for w in written if w[1] != unit[1]), None)
    if other is not None:
        return Problem(
            "UNIT_CONFLICT", "error",
            f"{grid.name}: {place} says {unit[1]} but {other[0]} says {other[1]}; which the "
            "money is in cannot be told, and it is not read. Check which is right and send "
            "the file again", row=i + 1, column=column_letter(j),
            raw_value=cell_text(grid.rows[i][j]))
    assumed = {c.index for c in (*layout.columns.values(), *layout.across)
               if c.unit_source == "assumed"}
    layout.columns = {k: replace(c, unit=unit, unit_source="table") if c.index in assumed
                      else c for k, c in layout.columns.items()}
    layout.across = [replace(c, unit=unit, unit_source="table") if c.index in assumed else c
                     for c in layout.across]
    layout.problems = [p for p in layout.problems if p.code != "UNIT_ASSUMED"]
    layout.table_unit = TableUnit(unit, place)
    return None


def _declared_over_columns(layout: Layout, texts: dict[int, list[str]],
                           declared: list[tuple[int, str]], units: dict
                           ) -> list[tuple[int, str]]:
    """Header cells over a column of the sheet that is not money that declare the table's
    unit: ``Nguồn vốn (ĐVT: tỷ đồng)``, ``Ghi chú (ĐVT: tỷ đồng)``, B06's ``Chỉ số (tiền: tỷ
    đồng)`` or ``Đơn vị tính`` over ``ĐVT: tỷ đồng``. A person reads the unit where it is
    written; before, such a declaration was passed over and the money taken as million VND.
    A money column's own header (and B06's value column's) gives its unit itself
    (``_units``, ``_money_rows_unit``)."""
    spec = layout.spec
    money = {c.index for c in layout.columns.values() if spec.get(c.field).kind == MONEY}
    money |= {c.index for c in layout.across}
    if spec.money_rows and "value" in layout.columns:
        money.add(layout.columns["value"].index)
    seen = {j for j, _ in declared}
    return [(j, text) for j in sorted(texts) if j not in money and j not in seen
            and (text := _declaration(texts[j], units)) is not None]


def _money_rows_unit(layout: Layout, grid: Grid, texts: dict[int, list[str]],
                     declared: list[tuple[int, str]], table: TableUnit,
                     units: dict) -> TableUnit:
    """The unit of a sheet's money rows (B06's TONG_VON) when the row gives none: what the
    header declares beside the table or over the unit column (``ĐVT: tỷ đồng``, its cells
    left blank) counts as a line above; a unit in the value column's header (``Giá trị (tỷ
    đồng)``) wins over both, as a money column's header does in B02, and a line that
    disagrees is an error. Before, both were passed over and the money taken as million VND
    without a word."""
    top = layout.top or 0
    if declared:
        table = _with_header_units(grid, top, declared, table, units)
    value = layout.columns.get("value")
    if value is None:
        return table
    found, unknown = _header_units(texts.get(value.index, []), units)
    where = f"the header of column {value.label}"
    if unknown:
        return TableUnit(None, conflict=Problem(
            "UNIT_UNKNOWN", "error",
            f"{grid.name}: {where} names a money unit that is not known; the money rows "
            f"without a unit of their own are not read. If it is a unit, add it to "
            f"{VOCABULARY_HINT}", row=top + 1, column=value.label, raw_value=value.header))
    if not found:
        return table
    if len(found) > 1:
        return TableUnit(None, conflict=Problem(
            "UNIT_CONFLICT", "error",
            f"{grid.name}: {where} names two money units ({' and '.join(found)}); the money "
            "rows without a unit of their own are not read",
            row=top + 1, column=value.label, raw_value=value.header))
    unit = next(iter(found.values()))
    if table.unit is not None and table.unit[1] != unit[1]:
        layout.problems.append(Problem(
            "UNIT_CONFLICT", "error",
            f"{grid.name}: {where} is in {unit[1]} but {table.where} says {table.unit[1]}; "
            "the column header's unit is used for the money rows. Check which is right and "
            "send the file again", row=top + 1, column=value.label, raw_value=value.header))
    return TableUnit(unit, f"{where} ('{value.header}')")


# --------------------------------------------------------------------------- rows


def _classify_rows(grid: Grid, layout: Layout) -> None:
    """Data rows need their key or a label; a row labelled ``Tổng cộng`` is the sheet's
    reported total; the first note or signature label ends the data. Nothing is dropped:
    notes and totals are stored elsewhere by the extractor.

    This runs for every row of every sheet, so the common row (a key that is a number or a
    code, no label text that could be a total) takes the short path."""
    spec = layout.spec
    mapped = layout.mapped()
    label_cols = sorted(c.index for c in layout.columns.values() if spec.get(c.field).label)
    first_mapped = min(mapped, default=0)
    # Unheaded cells left of the table label its rows; a known column there does not (the
    # district's name beside each commune of a province's list).
    known = {c.index for c in layout.ignored}
    label_cols += [j for j in range(first_mapped) if j not in mapped and j not in known]
    # A heading holds nothing but labels, and in B03 the number of the product group it
    # names ("III | Thảo dược | … | 3").
    heading_cols = label_cols + [c.index for c in layout.columns.values()
                                 if spec.get(c.field).kind == template.GROUP]
    key = layout.columns.get(spec.key)
    key_col = key.index if key is not None else -1
    stt = layout.columns.get("stt")
    in_notes = False
    rows = grid.rows
    # The key column's header, as a row repeating the header block (at a page break, for
    # printing) holds it in its key cell; and the block's numbering rows (``1 2 3`` under
    # the header), which a row repeats only as a whole: a source coded "1" under a
    # numbering row whose key cell is "(1)" is data.
    header_keys: set[str] = set()
    numbering: dict[str, list[str]] = {}
    for r in rows[layout.top:layout.bottom + 1]:
        if not 0 <= key_col < len(r) or is_blank(r[key_col]):
            continue
        if _is_numbering(r, key_col):
            numbering[_cell_str(r[key_col])] = _row_texts(r)
        elif type(r[key_col]) is str:
            header_keys.add(_words(r[key_col]))
    # The text tests, cached for strings, called directly: they run for every cell of the
    # key and label columns.
    total_text, note_text = is_total_text, is_note_text
    for i in range(layout.bottom + 1, len(rows)):
        row = rows[i]
        width = len(row)
        if row.count("") + row.count(None) == width:
            continue
        key_value = row[key_col] if 0 <= key_col < width else None
        if type(key_value) is float or type(key_value) is int:
            has_key = True  # a code typed as a number: the row is a commune, source, ...
            if numbering and _repeats(row, key_value, numbering):
                layout.notes.append(i)  # the numbering row printed again on a new page
                continue
        elif type(key_value) is str and key_value.strip():
            # A key without a letter ("06532", "6.1") is a code: every total, subtotal and
            # note label has a letter, and a code is rarely seen twice, so asking the cached
            # tests of it only fills their caches.
            coded = _LETTER.search(key_value) is None
            if coded:
                # A part's number where the sheet's rows are wholes (B05's "5.1" under its
                # criterion "5") is a note, as "H5.1" is.
                has_key = "." not in key_value or spec.summary is None or not (
                    spec.summary.match(key_value))
            else:
                has_key = not (
                    total_text(key_value) or note_text(key_value) or is_subtotal_text(key_value)
                    or (spec.summary is not None and spec.summary.match(fold(key_value))))
            if has_key and ((not coded and _words(key_value) in header_keys)
                            or (numbering and _repeats(row, key_value, numbering))
                            or (key_value.lstrip().startswith("(") and _numbering_like(row))):
                # The header block (or its numbering row) repeated under the data, as offices
                # repeat it on every printed page: header, not a commune.
                layout.notes.append(i)
                continue
            if has_key and not coded and spec.criteria and _section_heading(
                    row, mapped, label_cols):
                # A heading typed in the code's column ("Các xã đạt chuẩn NTM", "Xã chưa đạt
                # chuẩn") over nothing but labels: no commune's code.
                has_key = False
        elif not _filled(row):
            continue
        else:
            has_key = not is_blank(key_value)
        if in_notes:
            layout.notes.append(i)
            continue
        if (type(key_value) is str and (lead := key_value.lstrip()[:1])
                and lead in _FOOTNOTE_FIRST
                and _explains_a_footnote(grid, layout, i, key_col, label_cols)
                and not _figures(row, mapped, label_cols)):
            # A footnote's explanation under the table, its marker where a row's code goes
            # (``(*) | Tiêu chí chưa đạt, đang hoàn thiện hồ sơ``): no row of the table. It
            # does not start the notes, as ``Ghi chú`` does: typed between two rows (the
            # criterion it explains), the rows under it are still the table's, and would be
            # lost from it without a flag.
            layout.notes.append(i)
            continue
        if (stt is not None and layout.data and stt.index < width
                and type(row[stt.index]) is str and _words(row[stt.index]) in _STT_WORDS):
            # Another table's header under the data (``TỔNG HỢP`` over ``TT | Mức đạt | Số
            # xã``), the header block not repeated: that table is no rows of this one.
            in_notes = True
            layout.notes.append(i)
            layout.problems.append(Problem(
                "SHEET_LAYOUT", "info",
                f"{grid.name} row {i + 1} ('{' | '.join(_row_texts(row)).strip(' |')}') heads "
                "another table under the data; it and the rows under it are kept as notes",
                row=i + 1, column=stt.label, raw_value=cell_text(row[stt.index])))
            continue
        texts = [v for j in label_cols if j < width and type(v := row[j]) is str and v]
        is_total = False
        for text in texts:
            if total_text(text) or (spec.total_words
                                     and names_a_total(text, spec.total_words)):
                is_total = True
                break
        if is_total:
            layout.totals.append(i)
        elif has_key and spec.criteria and _a_district_heading(row, key_value, mapped, texts):
            layout.notes.append(i)
            layout.problems.append(Problem(
                "SHEET_LAYOUT", "warning",
                f"{grid.name} row {i + 1} ('{' | '.join(_row_texts(row)).strip(' |')}'): "
                f"code {cell_text(key_value)} has three digits, as a district's, where a "
                "commune's five go, and the row gives no mark and no figure: it is read as "
                "the heading of a district's communes and kept as a note, not as a commune. "
                "If it is a commune (Hà Nội's codes are under 1000), type its code with five "
                "digits (00376) or give its marks, and send the file again",
                row=i + 1, column=key.label if key is not None else None,
                raw_value=cell_text(key_value)))
        elif has_key and not (spec.criteria and _a_district_row(key_value, texts)) and not (
                spec.headings is not None and _a_heading(row, heading_cols, texts, spec.headings)):
            layout.data.append(i)
        elif any(is_subtotal_text(v) for v in texts) or (
                type(key_value) is str and is_subtotal_text(key_value)) or (
                spec.criteria and _names_a_district(texts)) or (
                spec.summary is not None and any(spec.summary.match(fold(v)) for v in texts)) or (
                spec.headings is not None and _a_heading(row, heading_cols, texts, spec.headings)):
            # A group's subtotal ("Cộng huyện …"), or in a list of communes a row without a
            # code that names a district ("Huyện Lộc Bình (cũ)" with its counts), or a row
            # counting the rows up or heading a group of them (``SheetSpec.summary``: "Tỷ lệ
            # (%)" under the communes; ``SheetSpec.headings``: "Xã Mẫu Sơn" over its
            # products): kept as sent, neither data nor the sheet's total.
            layout.notes.append(i)
        elif any(is_note_label(v) for v in texts + _unmapped(row, mapped)) and not _figures(
                row, mapped, label_cols):
            in_notes = True
            layout.notes.append(i)
        elif (not [j for j in label_cols if j < width and not is_blank(row[j])]
              or _numbering_like(row) or _only_stt(row, mapped)
              or (spec.criteria and _section_heading(row, mapped, label_cols))):
            layout.notes.append(i)
            if spec.code in _INDICATOR_SHEETS and not _numbering_like(row):
                _unlabelled_figures(grid, layout, i)
            elif spec.criteria and not _numbering_like(row):
                _unlabelled_marks(grid, layout, i)
        else:
            layout.data.append(i)


# What a footnote's marker opens with (``(*)``, ``*``, ``[1]``, ``¹``): rows whose key cell
# opens so are asked whether they explain a footnote; no code, name or number opens so.
_FOOTNOTE_FIRST = "(*[¹²³⁴⁵⁶⁷⁸⁹⁰"
# Sheets whose rows are known by their names: a name after a marker is a row's, not a
# footnote's words.
_NAMED_ROWS = frozenset({"B04", "B05", "B06"})


def _explains_a_footnote(grid: Grid, layout: Layout, i: int, key_col: int,
                         label_cols: list[int]) -> bool:
    """Whether row ``i`` explains a footnote: its key cell opens with a footnote's marker
    (``values.opens_a_footnote``) followed by words, in that cell or the next filled one
    (``(*) Tiêu chí chưa đạt, đang hoàn thiện hồ sơ``, ``(*) | Tiêu chí chưa đạt …``,
    ``(**): …``), as offices explain under a table a marker set on its cells (``Đạt (*)``).
    Read as a row, it was a tenth B05 criterion coded ``(*)`` (an error), a B01 commune
    without a code. A lone star or a number in brackets (``*``, ``(1)``), which also bullet
    or number rows, counts only when a row above closes a cell with it (``Đạt (1)``), and
    words naming one of the sheet's rows (``(1) | Quy hoạch``) are that row's name."""
    row = grid.rows[i]
    opened = opens_a_footnote(row[key_col])
    if opened is None:
        return False
    marker, words, sure = opened
    if not _LETTER.search(words):
        words = next((v for v in row[key_col + 1:] if type(v) is str and v.strip()), "")
        if not _LETTER.search(words):
            return False
    if not sure and not any(footnote_closing(v) == marker
                            for k in layout.data for v in grid.rows[k]) and not (
            _explains_the_criteria(grid, layout, marker, words, key_col, label_cols)):
        return False
    if layout.spec.code in _NAMED_ROWS:
        names = [words, *(v for j in label_cols if j != key_col and j < len(row)
                          and type(v := row[j]) is str)]
        if any(indicator_by_name(layout.spec.code, v) is not None for v in names):
            return False
    return True


# Words that make a line under B05's criteria a sentence, folded: not yet, done, under way,
# given, is, no, by, needs, will, awaits (``Tiêu chí chưa đạt, đang hoàn thiện hồ sơ``,
# ``Đã được tỉnh thẩm định``); a criterion's name has none.
_A_SENTENCE = re.compile(r"\b(?:chua|da|dang|duoc|la|khong|theo|can|se|cho)\b")


def _explains_the_criteria(grid: Grid, layout: Layout, marker: str, words: str,
                           key_col: int, label_cols: list[int]) -> bool:
    """Whether a B05 line opening with a number in brackets that no cell of the table
    closes with (``(1) | Tiêu chí chưa đạt, đang hoàn thiện hồ sơ``) explains, as a person
    reads it, rather than numbers a tenth criterion: it comes after all nine criteria, its
    number does not follow theirs (``(10)``), and its words are a sentence (four words or
    more, one of ``_A_SENTENCE``; a criterion's name is ruled out by the caller). Its marks
    are asked by the caller too: a line giving one is a row. Before, it was a tenth criterion
    with an error."""
    if layout.spec.code != "B05" or marker == str(len(layout.data) + 1):
        return False
    folded = fold(words)
    if len(folded.split()) < 4 or not _A_SENTENCE.search(folded):
        return False
    codes = template_codes("B05")
    seen: set[str] = set()
    for k in layout.data:
        row = grid.rows[k]
        key = row[key_col] if key_col < len(row) else None
        if type(key) is str and (code := key.strip().upper()) in codes:
            seen.add(code)
            continue
        for j in label_cols:
            if j < len(row) and (code := indicator_by_name("B05", row[j])) is not None:
                seen.add(code)
                break
    return seen >= codes


def _split_by_commas(grid: Grid, layout: Layout) -> None:
    """Rows of a comma-separated CSV with more cells than its header: a figure typed with
    the Vietnamese decimal comma and not put in quotes (``1,Ngân sách trung ương,1200,5``,
    as a program joining cells with commas or a hand in Notepad writes it) is split over two
    cells, and every cell after it is one column off; which figure is in which column cannot
    be told. Excel's and other spreadsheets' CSV gives every row as many cells as the widest
    (the header's too), so a wider row is no note typed beside the table. Such a row is not
    read: an error naming it, kept as a note; in B01 its commune is read as no commune
    (``Layout.doubted``), as the unit's figures counted over its communes would be wrong.
    Before, ``1200,5`` was read as 1200, and 15,3 | 16,5 as 15 and 3."""
    width = max(len(grid.rows[r]) for r in range(layout.top, layout.bottom + 1))
    wider = {i for i in (*layout.data, *layout.totals) if len(grid.rows[i]) > width}
    for i in sorted(wider):
        cells = " | ".join(_cell_str(v) for v in grid.rows[i])
        said = (f"the row has {len(grid.rows[i])} cells ('{cells}') where the header (row "
                f"{layout.top + 1}) has {width}: the file separates its cells with commas, "
                "and a figure typed with a comma and not put in quotes (a decimal comma, "
                "1200,5, or one grouping thousands, 1,000) is split over two cells, so which "
                "figure is in which column cannot be told")
        if layout.spec.criteria and i in layout.data:
            layout.doubted.setdefault(i, said)  # flagged with the commune read as none
            continue
        layout.problems.append(Problem(
            "UNPARSEABLE_VALUE", "error",
            f"{grid.name} row {i + 1}: {said}; its figures are not read (kept as a note). "
            "Save the sheet from Excel as CSV, which quotes such figures, and send the file "
            "again", row=i + 1, raw_value=cells))
        layout.notes.append(i)
        if i in layout.data:
            layout.split.add(i)
    layout.data = [i for i in layout.data if i not in wider or i in layout.doubted]
    layout.totals = [i for i in layout.totals if i not in wider]
    layout.notes.sort()


def _own_row_as_total(grid: Grid, layout: Layout, ctx: Context) -> None:
    """B02 laid out across with a row per district under the province's own row labelled by
    the province's name (``Tỉnh Lạng Sơn``): that row is the total, as ``Toàn tỉnh`` is;
    read as one more place, every source was counted twice. So is the unit's name with any
    type it has or had (``place_of``: ``Thành phố Hà Nội``, ``TP. Hà Nội``; from 2025
    ``Thành phố Bắc Ninh`` as the map writes it, ``Tỉnh Bắc Ninh`` as before; a district's
    ``Huyện Lộc Bình`` over its communes), not a district bearing it (``Thành phố Lạng
    Sơn``). The name alone (``Lạng Sơn``) is the province's when no district bears it, else
    (its city) when its figures are the other rows' sums. ``Tỉnh lộ 12`` (a provincial
    road, a work) names no province."""
    if not ctx.own_name or len(layout.data) < 3:
        return
    start = min(c.index for c in layout.across)
    rows = grid.rows

    def named(i: int) -> str | None:
        for v in rows[i][:start]:
            if type(v) is str and _LETTER.search(v):
                words = _PLACE_KEY.sub("", _words(v))
                if words in (ctx.own_name, f"tinh {ctx.own_name}") or (
                        name_key(words) == ctx.own_name and place_of(ctx, v) == OWN):
                    return words
        return None

    def sums_agree(i: int) -> bool:
        others = [k for k in layout.data if k != i]
        for column in layout.across:
            try:
                own = parse_number(rows[i][column.index]) if column.index < len(rows[i]) else None
                parts = [parse_number(rows[k][column.index]) for k in others
                         if column.index < len(rows[k])]
            except CellError:
                return False
            summed = sum(p for p in parts if p is not None)
            if (own or 0.0) != 0.0 and abs((own or 0.0) - summed) > 0.0005 * abs(own or 1.0):
                return False
        return True

    for i in list(layout.data):
        words = named(i)
        if words is None or (words == ctx.own_name and code_by_name(
                words, "district", ctx.year, ctx.province or "") is not None
                and not sums_agree(i)):
            continue
        layout.data.remove(i)
        layout.totals = sorted({*layout.totals, i})
        return


def _other_units_across(grid: Grid, layout: Layout, ctx: Context) -> None:
    """B02 laid out across whose rows label places: a row labelled as another unit's
    (``place_of`` ``OTHER``: ``Tỉnh Cao Bằng`` in Lạng Sơn's report) or, in a district's
    report, its province's (``ABOVE``: ``Toàn tỉnh``, ``Tỉnh Lạng Sơn``). Before, its
    figures were added into the unit's sources with the rows of its own parts, or read as
    the unit's total (``Toàn tỉnh`` in a district's). They are kept as notes: the province's
    row beside the district's own total is a comparison (an info); another unit's row, or
    the province's without the district's own total, an UNPARSEABLE_VALUE error."""
    start = min(c.index for c in layout.across)
    rows = grid.rows
    found: dict[int, tuple[str, str]] = {}  # row -> (place, label)
    for i in (*layout.data, *layout.totals):
        for v in rows[i][:start]:
            if type(v) is str and _LETTER.search(v) and (
                    place := place_of(ctx, _cell_str(v))) in (OTHER, ABOVE):
                found[i] = (place, _cell_str(v))
                break
    if not found:
        return
    own_total = any(i not in found for i in layout.totals)
    layout.data = [i for i in layout.data if i not in found]
    layout.totals = [i for i in layout.totals if i not in found]
    layout.notes = sorted({*layout.notes, *found})
    for i, (place, label) in sorted(found.items()):
        whose = (_province_named(_place_words(label), ctx) or label) if place == OTHER \
            else "the province, the unit above the district reporting"
        compared = place == ABOVE and own_total
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN" if compared else "UNPARSEABLE_VALUE",
            "info" if compared else "error",
            f"{grid.name} row {i + 1} ('{label}') gives the figures of {whose}, not the "
            f"reporting unit's: its amounts are not read (kept as notes)"
            + ("; the district's own total row is read" if compared else
               "; the unit's own rows are read. Send the unit's own figures alone"),
            row=i + 1, raw_value=label))


# Sheets whose rows are indicators, each row's figures its own.
_INDICATOR_SHEETS = frozenset({"B04", "B06"})


def _unheaded_figures(grid: Grid, layout: Layout) -> None:
    """A column right of the table's first that gives figures on its data or total rows under
    no header cell at all: what they are cannot be told (a plan beside the result whose
    header was lost, a figure typed one column too far), so they are not read; kept in
    raw.unmapped_cells with nothing said, a wrong reading of the header above would go
    unseen. A warning per such column. A table laid out across says so of all its rows'
    cells (``extract``); columns left of the table label its rows."""
    mapped = layout.mapped()
    if layout.across or not mapped:
        return
    first = min(mapped)
    rows = sorted((*layout.data, *layout.totals))
    width = max((len(grid.rows[i]) for i in rows), default=0)
    # Columns with no header cell: few or none in most sheets, so rows are looked at there only.
    unheaded = [j for j in range(first + 1, width)
                if j not in mapped and j not in layout.headers]
    seen: dict[int, int] = {}  # column -> first row giving a figure there
    for j in unheaded:
        for i in rows:
            row = grid.rows[i]
            if j < len(row) and _a_figure(row[j]):
                seen[j] = i
                break
    for j, i in sorted(seen.items()):
        value = grid.rows[i][j]
        layout.problems.append(Problem(
            "UNKNOWN_COLUMN", "warning",
            f"{grid.name}: column {column_letter(j)} has no header but gives figures (row "
            f"{i + 1}: '{cell_text(value)}'); what they are cannot be told: they are not read, "
            "its cells are kept in raw.unmapped_cells. If they are a template column, head "
            "the column as the template does and send the file again",
            row=i + 1, column=column_letter(j), raw_value=cell_text(value)))


def _a_figure(value: Cell) -> bool:
    """A number, or text that reads as one (``1.500``, ``12,5``)."""
    if type(value) is int or type(value) is float:
        return True
    if type(value) is not str or not value.strip() or _LETTER.search(value):
        return False
    try:
        return parse_number(value) is not None
    except CellError:
        return False


def _unlabelled_figures(grid: Grid, layout: Layout, i: int) -> None:
    """A B04/B06 row giving figures under neither a code nor a name (the figures typed on the
    row under their indicator's name, as a two-line name lays them out): whose they are is
    not written, and kept as a note they were lost without a word. An error at the first."""
    row = grid.rows[i]
    parse = cell_parser(template.NUMBER)
    figures = [c for c in layout.columns.values()
               if layout.spec.get(c.field).kind == template.NUMBER
               and _gives(grid, [i], c, parse)]
    if not figures:
        return
    first = figures[0]
    layout.problems.append(Problem(
        "UNPARSEABLE_VALUE", "error",
        f"{grid.name} row {i + 1} gives figures ({', '.join(c.label for c in figures)}) but "
        "no code and no name of an indicator: which indicator they are cannot be told, and "
        "they are not read (kept as a note). If they belong to the row above, type them on "
        "its row", row=i + 1, column=first.label, raw_value=cell_text(row[first.index])))


def _unlabelled_marks(grid: Grid, layout: Layout, i: int) -> None:
    """A B01 row giving marks, a count or status years under neither a code nor a name: a
    commune given on two rows (``2022 | 2023``, ``Kế hoạch | Thực hiện``, ``Xã tự đánh giá |
    Huyện thẩm định`` beside its code and name merged down both, or typed on the first), or
    its code and name on one row and its marks on the row below. Whose figures the row
    gives cannot be told, nor which of the commune's rows holds its figures: read as a note
    and the commune above read from its own row alone, its figures were half read without a
    word (the row under the name left it with no criterion met). The row is an error, and
    the commune above it (since no total) is read as no commune (``Layout.doubted``)."""
    row = grid.rows[i]
    given = _figures_given(row, layout)
    spec = layout.spec
    if not given or _repeats_header(row, layout) or any(type(v) is str and (
            is_total_text(v) or is_subtotal_text(v) or is_note_label(v)
            or (spec.summary is not None and spec.summary.match(fold(v)))) for v in row):
        return
    criteria = [c for c in given if c.field == "criterion"]
    what = [f"criterion marks ({column_letter(criteria[0].index)}"
            + (f"-{column_letter(criteria[-1].index)}" if len(criteria) > 1 else "") + ")"
            ] if criteria else []
    what += [c.label for c in given if c.field != "criterion"]
    mapped = layout.mapped()
    said = [_cell_str(v) for j, v in enumerate(row)
            if j not in mapped and type(v) is str and not is_blank(v)]
    typed = f"{', '.join(what)}" + (f", beside '{' | '.join(said)}'" if said else "")
    commune = layout.data[-1] if layout.data else None
    if commune is not None and any(t > commune for t in layout.totals):
        commune = None
    message = (f"{grid.name} row {i + 1} gives {typed} but no commune code and no name: whose "
               "they are cannot be told, and they are not read (kept as a note)")
    if commune is not None:
        message += (f". They may be the figures of the commune on row {commune + 1}, given on "
                    "two rows (two years, a plan and its result, an assessment and its "
                    "appraisal, or the name and the marks), so that commune is not read either")
        layout.doubted.setdefault(commune, (
            f"the commune's figures go on in row {i + 1}, which gives {typed} without a code or a "
            "name: which of the rows holds the commune's figures cannot be told"))
    first = given[0]
    layout.problems.append(Problem(
        "UNPARSEABLE_VALUE", "error",
        f"{message}. Type each commune's figures on one row with its code and name, and send "
        "the file again", row=i + 1, column=first.label, raw_value=cell_text(row[first.index])))


def _repeats_header(row: list[Cell], layout: Layout) -> bool:
    """Whether each filled cell of a row is a text of its column's header block: a header
    row printed again at a page break (``1 | 2 | … | 19`` under ``Tiêu chí đạt chuẩn``)."""
    return all(_cell_str(v) in layout.headers.get(j, "").split(" | ")
               for j, v in enumerate(row) if not is_blank(v))


def _figures_given(row: list[Cell], layout: Layout) -> list[Column]:
    """The columns of a B01 row's criterion marks, count of criteria met and status years
    whose cells read as such; a 0 or FALSE alone (a formula's result on a row of the form
    left blank) says nothing."""
    out = []
    columns = [*layout.criteria.values(), *(c for c in layout.columns.values()
                                            if layout.spec.get(c.field).kind in _OF_A_COMMUNE)]
    for column in sorted(columns, key=lambda c: c.index):
        value = row[column.index] if column.index < len(row) else None
        if is_blank(value) or (type(value) in (int, float, bool) and not value):
            continue
        try:
            if column.field == "criterion":
                parse_mark(value)
            elif cell_parser(layout.spec.get(column.field).kind)(value) is None:
                continue
        except CellError:
            continue
        out.append(column)
    return out


# What a B01 row gives of a commune besides its marks: its count of criteria met and its
# status years.
_OF_A_COMMUNE = frozenset({template.COUNT, YEAR})


_LETTER = re.compile(r"[^\W\d_]")
# The header words of a row number's column (``template._STT``).
_STT_WORDS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})


def _a_district_row(key: Cell, labels: list[str]) -> bool:
    """A row of a list of communes naming a district, with that district's code where a
    commune's goes (``188 | Huyện Lộc Bình``, as a province lists its communes by district or
    a district heads its own list): a district's code has three digits, a commune's five (a
    number under 1000 in a commune's column is a commune of Hà Nội, named Xã or Phường)."""
    digits = cell_text(key).strip()
    return digits.isdigit() and int(digits) < 1000 and _names_a_district(labels)


def _a_district_heading(row: list[Cell], key: Cell, mapped: dict[int, Column],
                        labels: list[str]) -> bool:
    """A row of a province's list of communes heading a district's communes with the
    district's code and its name without ``Huyện`` (``I | 188 | Lộc Bình``): a code of three
    digits at most where a commune's five go, a name that is no commune's (``Xã …``,
    ``Phường …``, ``Thị trấn …``), and no mark and no figure. A commune of Hà Nội, whose
    codes are under 1000, typed as a number, has its marks; a row naming a district
    (``Huyện Lộc Bình``) is ``_a_district_row``'s, as it always was."""
    if type(key) is int or type(key) is float:
        if not ((type(key) is int or key.is_integer()) and 0 <= key < 1000):
            return False
    elif not (type(key) is str and (digits := key.strip()).isdigit() and len(digits) <= 3):
        return False
    if not labels or _names_a_district(labels) or any(
            _COMMUNE_WORD.match(nfc(text).lower().lstrip()) for text in labels):
        return False
    return not any(j < len(row) and not is_blank(row[j]) for j, c in mapped.items()
                   if c.field not in _NOT_FIGURES)


# A commune, ward or town named as such, with its diacritics (``Xã Mẫu Sơn``, ``P. Đông
# Kinh``, ``TT. Na Dương``).
_COMMUNE_WORD = re.compile(r"(?:[ivx]+[.)]?\s+|[0-9]+[.)]\s*)?(?:(?:xã|phường|thị trấn)\b"
                           r"|(?:x|p|tt)\.)")
# B01's columns that name a row or remark on it (STT, code, name, note), not figures of it.
_NOT_FIGURES = frozenset(f.name for f in template.B01.fields if f.label or f.kind == TEXT)


def _a_heading(row: list[Cell], label_cols: list[int], labels: list[str],
               headings: re.Pattern[str]) -> bool:
    """A row holding nothing but labels, one of which heads the rows below
    (``SheetSpec.headings``)."""
    return (any(headings.match(nfc(text).lower()) for text in labels)
            and all(j in label_cols for j, v in enumerate(row)
                    if v != "" and v is not None and not is_blank(v)))


def _names_a_district(labels: list[str]) -> bool:
    """Whether one of a row's labels begins with a district-level unit (``_DISTRICT``)."""
    return any(_DISTRICT.match(nfc(text).lower().lstrip()) for text in labels)


def _row_texts(row: list[Cell]) -> list[str]:
    """A row's cells as a person reads them, without the blank cells after the last."""
    texts = [_cell_str(v) for v in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _repeats(row: list[Cell], key: Cell, numbering: dict[str, list[str]]) -> bool:
    """Whether a row is one of the header block's numbering rows printed again."""
    texts = numbering.get(_cell_str(key))
    return texts is not None and _row_texts(row) == texts


def _figures(row: list[Cell], mapped: dict[int, Column], labels: list[int]) -> bool:
    """Whether a row fills a column of figures (a criterion's mark, a year) with something
    that is not itself a note or signature label: a commune's row, whose extra column may
    hold "QĐ số 45 ngày 20 tháng 11 năm 2020", does not start the notes under the table."""
    return any(j in mapped and j not in labels and not is_blank(v) and not is_note_label(v)
               for j, v in enumerate(row) if v != "" and v is not None)


def _filled(row: list[Cell]) -> bool:
    """Whether a row holds anything but empty and whitespace-only cells."""
    return any(type(v) is not str or v.strip() for v in row if v != "" and v is not None)


def _unmapped(row: list[Cell], mapped: dict[int, Column]) -> list[Cell]:
    return [v for j, v in enumerate(row)
            if v != "" and v is not None and j not in mapped and not is_blank(v)]


def _numbering_like(row: list[Cell]) -> bool:
    tokens = [fold(cell_text(v)) for v in row if not is_blank(v)]
    return bool(tokens) and all(t.startswith("(") and _NUMBERING.match(t) for t in tokens)


def _section_heading(row: list[Cell], mapped: dict[int, Column], labels: list[int]) -> bool:
    """A B01 row without a code that only labels what follows ("I. Các xã đã đạt chuẩn",
    "Nhóm xã biên giới"): nothing but label cells, and no commune named in them."""
    filled = [j for j, v in enumerate(row) if v != "" and v is not None and not is_blank(v)]
    if any(j in mapped and j not in labels for j in filled):
        return False
    texts = [cell_text(row[j]) for j in filled if type(row[j]) is str]
    return not any(fold(t).startswith(("xa ", "phuong ", "thi tran "))
                   and not describes_communes(t) for t in texts)


def describes_communes(text: str) -> bool:
    """Whether a label opening with ``Xã`` (``Phường``, ``Thị trấn``) goes on with words that
    describe a group of communes, not a commune's name: ``Xã được công nhận năm 2020``, ``Xã
    đạt chuẩn NTM``, ``Xã chưa đạt chuẩn``, ``Xã đặc biệt khó khăn``, ``Xã biên giới``. Read
    as typed, with diacritics: a name's words are capitalised, and some names hold a group's
    words (``Xã Biên Giới``, ``Xã Hoằng Đạt``), so words that may open a name (``đạt``,
    ``biên giới``, ``thuộc``) describe a group only typed in small letters; the phrases no name
    opens with (``được``, ``chưa``, ``đạt chuẩn``, ``công nhận``, ``NTM``, and the former or
    merged communes' ``cũ``, ``trước``, ``sau sắp xếp``: ``XÃ TRƯỚC SẮP XẾP``) in any case."""
    words = " ".join(nfc(text).split())
    rest = _UNIT_WORD.sub("", words, count=1)
    if rest == words:
        return False
    return bool(_GROUP_OPENING.match(rest.lower()) or _GROUP_OPENING_SMALL.match(rest))


_UNIT_WORD = re.compile(r"^(?:xã|phường|thị trấn)\s+", re.IGNORECASE)
_GROUP_OPENING = re.compile(
    r"(?:được|chưa|đã|đang|những|nhóm|không|đạt chuẩn|đạt ntm|đạt nông thôn mới|công nhận"
    r"|đặc biệt|khó khăn|còn lại|ntm|nông thôn mới|đăng ký|đề nghị|dự kiến|phấn đấu|về đích"
    r"|vùng|cũ|trước|sau sắp xếp|sau sáp nhập|sau hợp nhất)\b")
_GROUP_OPENING_SMALL = re.compile(
    r"(?:đạt|biên giới|nghèo|miền núi|vùng cao|ven biển|bãi ngang|an toàn khu|điểm|có|trong"
    r"|ngoài|khu vực|thuộc|dân tộc|hải đảo|sau sáp nhập|sáp nhập|hoàn thành|mới|đủ|loại"
    r"|thuần nông|thực hiện|xây dựng|tham gia)\b")


def _only_stt(row: list[Cell], mapped: dict[int, Column]) -> bool:
    """Templates often come with STT pre-numbered on empty rows."""
    filled = [j for j, v in enumerate(row) if v != "" and v is not None and not is_blank(v)]
    return bool(filled) and all(j in mapped and mapped[j].field == "stt" for j in filled)


# ---------------------------------------------------------------- B05 laid out across

# A B05 column headed by a criterion's code (``H1``, ``TC H1``, ``Tiêu chí H1``), maybe with
# its name after it (``H1. Quy hoạch``), in header words.
_CRITERION_CODE = re.compile(r"(?:(?:tieu chi|tc)\s*)?(?:so\s*)?h\s*([0-9]{1,2})(?:\s+(.+))?")
# A row's label saying whose marks it gives: the province's appraisal, the district's own.
_APPRAISAL = re.compile(r"\b(?:tham dinh|tinh)\b")
_OWN = re.compile(r"\b(?:tu danh gia|huyen)\b")


def _criterion_across(text: Cell) -> str | None:
    """The district criterion a B05 column's header names: its code of the set in force,
    alone or with that criterion's name, or the name alone (``indicator_names``)."""
    from pipelines.ingest.indicator_names import indicator_by_name, template_codes

    if type(text) is not str or not text.strip():
        return None
    codes = template_codes("B05")
    if m := _CRITERION_CODE.fullmatch(_words(text)):
        code = f"H{int(m.group(1))}"
        if code not in codes:
            return None
        named = m.group(2)
        return code if named is None or indicator_by_name("B05", named) == code else None
    code = indicator_by_name("B05", _cell_str(text))
    numbered = _CRITERION_NUMBER.match(_words(text))
    # a number before the name must be the criterion's own (``2. Quy hoạch`` is not certain)
    return None if numbered and code != f"H{int(numbered.group(1))}" else code


def _names_a_criterion(text: Cell) -> bool:
    """Whether a header cell left of a B05's criteria columns looks like a criterion's
    (a code, a number before a name, a criterion's name) though not certainly one: such a
    row of labels is not certain."""
    from pipelines.ingest.indicator_names import indicator_by_name

    if type(text) is not str or not text.strip():
        return False
    words = _words(text)
    return bool(_CRITERION_CODE.fullmatch(words) or _CRITERION_NUMBER.match(words)
                or indicator_by_name("B05", _cell_str(text)))


# A number before a criterion's name (``2. Giao thông``, ``Tiêu chí 2: Giao thông``).
_CRITERION_NUMBER = re.compile(r"(?:(?:tieu chi|tc)\s*)?(?:so\s*)?([0-9]{1,2})\s")


def criteria_across(grid: Grid, spec: SheetSpec, ctx: Context) -> Layout | None:
    """B05 laid out across: the criteria as columns (``H1 | H2 | … | H9``, or headed by their
    names) over a row of marks (``Đạt | Đạt | Chưa đạt …``), maybe a row of the province's
    appraisal (``Tỉnh thẩm định``) beside the district's own (``Huyện tự đánh giá``), or a
    row ticking those not met (``Chưa đạt``). Read as the template's rows would be, one per
    criterion column, only when each column right of the labels is certainly a criterion of
    the set in force (or the notes column) and each row holding marks is labelled as one of
    those kinds, once; otherwise None (the sheet stays unusable)."""
    rows = grid.rows
    named = [{j: c for j, v in enumerate(row) if (c := _criterion_across(v)) is not None}
             for row in rows[:40]]
    a = next((i for i, found in enumerate(named) if len(set(found.values())) >= 2), None)
    if a is None:
        return None
    row, found = rows[a], named[a]
    first = min(found)
    if len(set(found.values())) != len(found) or any(
            _names_a_criterion(v) for v in row[:first]):
        return None  # one criterion headed twice, or a code or number with another's name
    headers: dict[int, str] = {}
    ignored: list[Column] = []
    # the rows of a group over the header (``Tiêu chí huyện … | Ghi chú`` merged down)
    above = a
    while above > 0 and a - above < 2 and any(not is_blank(v) for v in rows[above - 1]):
        above -= 1
    width = max(len(r) for r in rows[above:a + 1])
    for j in range(first, width):
        if j in found:
            headers[j] = _cell_str(row[j])
            continue
        text = next((_cell_str(r[j]) for r in rows[a:above - 1 if above else None:-1]
                     if j < len(r) and not is_blank(r[j])), None)
        if text is not None:
            name, _ = ctx.vocabulary.match(spec.code, _words(text))
            if name != "note" and not (spec.summary and spec.summary.match(_words(text))):
                return None  # a column that is no criterion: which is what cannot be told
            headers[j] = text
            ignored.append(Column(index=j, field=name or "note", header=text))
    # Rows under the header repeating the criteria (codes under names) or numbering them.
    bottom = a
    while bottom + 1 < len(rows):
        below = rows[bottom + 1]
        cells = [below[j] if j < len(below) else None for j in found]
        if all(is_blank(v) for v in cells) or not all(
                _criterion_across(v) == found[j]
                or (type(v) is str and _NUMBERING.match(v.strip()))
                for j, v in zip(found, cells, strict=True)):
            break
        bottom += 1
    mark_rows: dict[str, int] = {}
    data: list[int] = []
    for i in range(bottom + 1, len(rows)):
        cells = rows[i]
        if all(j >= len(cells) or is_blank(cells[j]) for j in found):
            continue
        labels = [_cell_str(v) for v in cells[:first]
                  if not is_blank(v) and not _NUMBERING.match(_cell_str(v).lower())]
        words = _words(labels[-1]) if labels else ""
        name = ctx.vocabulary.match(spec.code, words)[0] if words else "met"
        if name == "met":
            own, appraised = bool(_OWN.search(words)), bool(_APPRAISAL.search(words))
            if own and appraised:
                return None
            kind = "own" if own else "appraisal" if appraised else "result"
        elif name == "not_met":
            kind = "not_met"
        else:
            return None  # marks of what cannot be told (another year, a plan, a district)
        if kind in mark_rows:
            return None  # two rows of one kind: which is read cannot be told
        mark_rows[kind] = i
        data.append(i)
    if "result" in mark_rows and ("appraisal" in mark_rows or "own" in mark_rows):
        return None
    if any(j >= first and j not in headers and not is_blank(rows[i][j])
           for i in data for j in range(len(rows[i]))):
        return None  # marks under no header (a criterion over two columns: Đạt | Chưa đạt)
    if not {"result", "appraisal", "own"} & set(mark_rows):
        return None
    layout = Layout(sheet=grid.name, spec=spec, top=a, bottom=bottom, headers=headers,
                    seen=[f"{column_letter(j)} '{h}'" for j, h in sorted(headers.items())],
                    across=[Column(index=j, field="met", header=headers[j], source=code)
                            for j, code in sorted(found.items())],
                    ignored=ignored, mark_rows=mark_rows, data=data)
    return layout
