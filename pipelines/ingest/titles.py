"""The unit and the year a workbook's sheet titles name, as a person reads them above a table.

A workbook sent without its ThongTin sheet often says who sent it and for which year in the
title lines of its sheets: ``UBND HUYỆN LỘC BÌNH``, ``BÁO CÁO KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ
NÔNG THÔN MỚI NĂM 2023``, ``Huyện Lộc Bình, tỉnh Lạng Sơn``, ``(Kèm theo Báo cáo số
123/BC-UBND ngày 10/01/2024 của UBND huyện Lộc Bình)``. Such a file is read only when the titles
are certain (``identity_from_titles``): every title naming a year names the same one, every
unit named is one unit of the year's map, the units named are one province and at most one
district of it (or, naming no province, one district whose name no other district has), and
a province's report is one by its sheets (B06 and no B05). Otherwise it is rejected, saying
what was seen. The file's name is never read. A title naming part of the year or the
communes before the reorganisation says the sheet holds no figure of the year's end
(``title_of_another_period``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.ingest.text import fold, nfc
from pipelines.ingest.thongtin import (
    Identity,
    NotASubmission,
    default_criteria_set,
    years_titled,
)
from pipelines.ingest.unit_names import province_name_of, units_named_in_full
from pipelines.ingest.values import cell_text, is_blank
from pipelines.ingest.vocabulary import another_period, header_words, without_years_close
from pipelines.ingest.workbook import Grid, Workbook, column_letter, is_cover_name

# Title lines are the rows above a sheet's table: met before its header (a row of three
# filled cells or more, or one numbering its rows, ``STT``), within the first rows.
_TITLE_ROWS = 15
_NUMBERING = frozenset({"stt", "tt", "so tt"})
# A unit's type before its name (folded): a province (``tỉnh``, a centrally governed city) or a
# district (``huyện``, ``quận``, ``thị xã``, a city of a province).
# A colon may follow the type, as on a form's line (``Tỉnh: Lạng Sơn``).
_UNIT_TYPE = re.compile(r"\b(tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?)(?:\s*:)?\s+")
_PROVINCE_TYPES = frozenset({"tinh", "thanh pho", "tp"})
_DISTRICT_TYPES = frozenset({"huyen", "quan", "thi xa", "tx", "thanh pho", "tp"})
# Where a unit's name ends: punctuation or a number of three digits or more (``Quận 1`` is a
# name; a dash is part of ``Bà Rịa - Vũng Tàu``, spaced as the map spaces it). Words are not
# stops: ``Huyện Tĩnh Gia``, ``Huyện Quan Hóa``, ``tỉnh Hà Nam`` (the
# longest run of words naming a unit is taken, so ``Huyện Lộc Bình năm 2023`` is Lộc Bình).
_NAME_END = re.compile(r"[,;:()\[\]/\n]|\b[0-9]{3,}\b")
_DASH = re.compile(r"\s*[-–—]\s*")
_NAME_WORDS = 7


@dataclass(frozen=True)
class TitleLine:
    """A cell of text above a sheet's table."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    column: int  # 0-based
    text: str

    @property
    def where(self) -> str:
        return f"{self.sheet} {column_letter(self.column)}{self.row}"


def title_lines(grid: Grid) -> tuple[TitleLine, ...]:
    """The text cells above the sheet's table.

    Remembered on the grid (``Grid.titles``): a file's checks ask for a sheet's titles half a
    dozen times (its year, its period, a plan, the unit it names), and the sheet's top rows
    do not change once read."""
    if grid.titles is not None:
        return grid.titles
    lines = []
    for i, row in enumerate(grid.rows[:_TITLE_ROWS]):
        filled = [(j, cell) for j, cell in enumerate(row) if not is_blank(cell)]
        if len(filled) >= 3 or any(header_words(cell_text(c)) in _NUMBERING for _, c in filled):
            break
        lines += [TitleLine(grid.name, i + 1, j, nfc(c).strip()) for j, c in filled
                  if type(c) is str]
    grid.titles = tuple(lines)
    return grid.titles


# A cover's line giving when and where it was made, folded: a month and year (``Lộc Bình,
# tháng 01 năm 2024``, ``Tháng 01/2024``; as a date of signing, its place names no sender),
# or a year after a place that is no unit (``Lộc Bình, năm 2024``): no year of the figures.
# ``NĂM 2023`` on a line of its own is the report's year, and ``Huyện Lộc Bình, năm 2023``
# names the unit.
_MADE_ON = re.compile(
    r"^(?:[^,()0-9]+,\s*)?thang\s*[0-9]{1,2}\s*(?:[/.\-]|nam)?\s*[0-9]{4}\s*\.?$"
    r"|^(?!(?:ubnd|uy ban|tinh|thanh pho|tp|huyen|quan|thi xa|tx)\b)[^,()0-9]+,\s*nam\s*"
    r"[0-9]{4}\s*\.?$")


def cover_lines(grid: Grid | None) -> tuple[TitleLine, ...]:
    """The lines of a report's cover (``Workbook.cover``), read as its sheets' titles are,
    its place and month of making set aside (``_MADE_ON``). A cover is a page of lines
    (``ỦY BAN NHÂN DÂN HUYỆN LỘC BÌNH``, ``BÁO CÁO KẾT QUẢ … NĂM 2023``) spread over the
    page, so every row is read, not only a title's first rows; a sheet not named as a cover
    (the file's first) is one only when it holds no table (no row that ends a sheet's
    titles, ``title_lines``): none otherwise. One named as a cover gives its lines above
    a table."""
    if grid is None:
        return ()
    lines = []
    for i, row in enumerate(grid.rows):
        filled = [(j, cell) for j, cell in enumerate(row) if not is_blank(cell)]
        if len(filled) >= 3 or any(header_words(cell_text(c)) in _NUMBERING for _, c in filled):
            if not is_cover_name(grid.name):
                return ()
            break
        lines += [TitleLine(grid.name, i + 1, j, nfc(c).strip()) for j, c in filled
                  if type(c) is str and not _MADE_ON.match(fold(c).strip())]
    return tuple(lines)


def title_of_another_period(grid: Grid) -> tuple[TitleLine, str] | None:
    """The first title line saying the sheet holds figures of another period than the
    reporting year at its end, and what it names (``vocabulary.another_period``): part of
    the year (``BIỂU 02: NGUỒN VỐN HUY ĐỘNG 6 THÁNG ĐẦU NĂM 2025``, ``… ĐẾN 30/6/2025``) or
    the communes before the reorganisation of 2025 (``… CỦA CÁC XÃ TRƯỚC SẮP XẾP``):
    offices sent such sheets beside, or instead of, the year's. None when no title line
    says so."""
    for line in title_lines(grid):
        if (why := _period_titled(line.text)) is not None:
            return line, why
    return None


@lru_cache(maxsize=1 << 16)  # a year's workbooks repeat their titles
def _period_titled(text: str) -> str | None:
    """``vocabulary.another_period`` of a title line, a December closing date set aside."""
    return another_period(without_years_close(header_words(text)))


def title_years(lines: list[TitleLine]) -> dict[int, TitleLine]:
    """The years the lines name (``năm 2023``), each with the first line naming it; dates,
    periods and the year of the district's past recognition (``_RECOGNISED``) set aside."""
    years: dict[int, TitleLine] = {}
    for line in lines:
        for year in _years_of(line.text):
            years.setdefault(year, line)
    return years


# The district's recognition cited in a title, folded, up to its year: ``(Huyện đã được công
# nhận đạt chuẩn NTM năm 2020 tại QĐ số 123/QĐ-TTg)``, ``Huyện Lộc Bình đã đạt chuẩn NTM năm
# 2019``, ``Thị xã được công nhận hoàn thành nhiệm vụ xây dựng NTM năm 2020``. Such a year says
# when the district was recognised, which a B05 of its later years keeps citing, not which
# year the figures are. Only with the district (town, city) as its subject, a few words of
# its name between, and ``đã`` or ``được``: ``DANH SÁCH XÃ ĐẠT CHUẨN NTM NĂM 2023``, ``XÉT
# CÔNG NHẬN HUYỆN ĐẠT CHUẨN NTM NĂM 2023`` and ``TIÊU CHÍ HUYỆN NTM ĐÃ ĐẠT CHUẨN NĂM 2023``
# name the year's. Without ``đã`` or ``được``, the district opening a clause of its own (the
# line, or after a bracket, a dash, a colon, a comma) and reaching the standard or finishing
# the task is a statement of its standing too: ``(Huyện đạt chuẩn NTM năm 2020)``, ``… -
# HUYỆN LỘC BÌNH ĐẠT CHUẨN NTM NĂM 2020``; the year's title names the district as the object
# of another word (``XÉT CÔNG NHẬN HUYỆN …``, ``TIÊU CHÍ HUYỆN …``), and a district striving
# for or proposed for the standard (``phấn đấu``, ``đề nghị``) names a plan, not its
# standing. What is maintained (``duy trì``) was reached before: ``KẾT QUẢ DUY TRÌ TIÊU CHÍ
# HUYỆN ĐẠT CHUẨN NTM NĂM 2020`` (of the district recognised in 2020) cites its standing.
_DISTRICT = r"(?:huyen|thi xa|thanh pho)"
_NOT_A_NAME = r"(?!(?:nam|ntm|nong|dat|phan|de|du|dang|xet|se|chua|khong|duoc|da)\b)"
_RECOGNISED = re.compile(
    rf"\b{_DISTRICT}(?: (?!nam\b|ntm\b|nong\b)\w+){{0,4}}"
    r" (?:da(?: duoc)?|duoc)(?: (?!nam\b)\w+){0,5}? (?:cong nhan|dat chuan|hoan thanh nhiem vu)"
    r"(?: (?!nam\b)\w+){0,6} nam\s*(?:19|20)[0-9]{2}\b"
    rf"|(?:^|[(\[:,;]|\s[-–—])\s*{_DISTRICT}(?: {_NOT_A_NAME}\w+){{0,4}}"
    r" (?:dat chuan|hoan thanh nhiem vu)(?: (?!nam\b)\w+){0,6} nam\s*(?:19|20)[0-9]{2}\b"
    rf"|\bduy tri(?:,? (?!nam\b)\w+){{0,8}}? {_DISTRICT}(?: {_NOT_A_NAME}\w+){{0,4}}"
    r"(?: da)?(?: duoc)?(?: cong nhan)? (?:dat chuan|hoan thanh nhiem vu)(?: (?!nam\b)\w+){0,6}"
    r" nam\s*(?:19|20)[0-9]{2}\b")


# A form's label opening a line (``BIỂU 05:``, ``Mẫu số B05 -``), folded. What follows it is
# the form's title, not a clause of its own: ``BIỂU 05: HUYỆN ĐẠT CHUẨN NTM NĂM 2022`` titles
# the form with the year its figures are of, so the district after the label does not open a
# statement of its standing (``_RECOGNISED``'s colon), and a copy of another year's form
# stays another year's.
_FORM_LABEL = re.compile(r"^\s*(?:bieu|mau(?: bieu)?|bm)(?: so)?\s*[a-z]?\d+[a-z0-9.]*\s*[:.\-–—]")


@lru_cache(maxsize=1 << 16)  # a year's workbooks repeat their titles
def _years_of(text: str) -> tuple[int, ...]:
    """``title_years`` of one line: ``thongtin.years_titled`` without the recognition's."""
    return years_titled(_RECOGNISED.sub(" ", _FORM_LABEL.sub("bieu", fold(text), count=1)))


@dataclass(frozen=True)
class _Named:
    """A unit named in a title line: every unit of the map so named (code, province, name)."""

    level: str
    words: str
    units: tuple[tuple[str, str, str], ...]
    line: TitleLine


def units_named(line: TitleLine, year: int) -> list[_Named]:
    """The provinces and districts a line names, each by its type and name (``Huyện Lộc
    Bình``, ``tỉnh Lạng Sơn``): the longest run of words after the type that names a unit of
    that level on the year's map. ``huyện nông thôn mới`` names none."""
    return [_Named(level, name, units, line) for level, name, units in _units_in(line.text, year)]


@lru_cache(maxsize=1 << 16)  # a year's workbooks repeat their titles
def _units_in(text: str, year: int
              ) -> tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]:
    """``units_named`` for a line's text: (level, the name as typed, the units so named)."""
    text = _DASH.sub(" - ", fold(text))
    found = []
    for match in _UNIT_TYPE.finditer(text):
        kind = match.group(1).rstrip(".")
        rest = text[match.end():]
        end = _NAME_END.search(rest)
        words = (rest[:end.start()] if end else rest).split()[:_NAME_WORDS]
        for level, kinds in (("province", _PROVINCE_TYPES), ("district", _DISTRICT_TYPES)):
            if kind not in kinds:
                continue
            for k in range(len(words), 0, -1):
                name = f"{kind} {' '.join(words[:k])}"
                units = units_named_in_full(name, level, year)
                if units:
                    found.append((level, name, tuple(units)))
                    break
    return tuple(found)


def _sheets_level(grids: Workbook) -> str | None:
    """The level the sheets show: a district's own criteria (B05) without B06, or a
    province's aggregates (B06) without B05."""
    if "B05" in grids and "B06" not in grids:
        return "district"
    if "B06" in grids and "B05" not in grids:
        return "province"
    return None


def identity_from_titles(grids: Workbook, folder_year: int | None,
                         why: str = "no ThongTin sheet"
                         ) -> tuple[Identity, list[dict[str, object]]]:
    """The identity a workbook without ThongTin (or with its form left blank: ``why`` says
    which) gives in its sheets' titles, and the notes saying where it was read
    (YEAR_FROM_TITLE, UNIT_BY_NAME: sheet, row, column); raises NotASubmission naming what
    was seen when the titles are not certain."""
    lines = [*cover_lines(grids.cover), *(line for code, grid in grids.items()
                                          if code != "ThongTin" for line in title_lines(grid))]
    years = title_years(lines)
    if len(years) != 1:
        seen = "; ".join(f"{y} ({line.where})" for y, line in sorted(years.items()))
        raise NotASubmission("its titles name " + (f"the years {seen}" if years else "no year"))
    (year, year_line), = years.items()
    if folder_year is not None and folder_year != year:
        raise NotASubmission(f"its titles name {year} ({year_line.where}) but the file is in "
                             f"the folder of {folder_year}")
    named = [n for line in lines for n in units_named(line, year)]
    provinces: dict[str, _Named] = {}
    for n in named:
        for unit_code, _, _ in n.units if n.level == "province" else ():
            provinces.setdefault(unit_code, n)
    if not provinces:
        # ``UBND HUYỆN LỘC BÌNH`` alone: a district whose name no other district of the map
        # has is in one province, as a person reading it knows (``Huyện Châu Thành``, ten
        # districts' name, says none).
        alone = {(u[0], u[1]) for n in named if n.level == "district" for u in n.units}
        if len(alone) != 1:
            shared = next((n for n in named if n.level == "district" and len(n.units) > 1),
                          None)
            raise NotASubmission(
                "its titles name no province" + (
                    f", and '{shared.line.text}' ({shared.line.where}) is the name of "
                    f"{len(shared.units)} districts" if shared else ""))
        (_, province), = alone
        provinces[province] = next(n for n in named if n.level == "district")
    if len(provinces) != 1:
        seen = "; ".join(f"'{n.line.text}' ({n.line.where})" for n in provinces.values())
        raise NotASubmission(f"its titles name several provinces: {seen}")
    (province, province_line), = provinces.items()
    districts: dict[str, _Named] = {}
    for n in named:
        if n.level != "district":
            continue
        inside = [u for u in n.units if u[1] == province]
        if not inside:
            raise NotASubmission(
                f"its titles name '{n.line.text}' ({n.line.where}), a district not in the "
                f"province named in '{province_line.line.text}' ({province_line.line.where})")
        districts.setdefault(inside[0][0], n)
    if len(districts) > 1:
        seen = "; ".join(f"'{n.line.text}' ({n.line.where})" for n in districts.values())
        raise NotASubmission(f"its titles name several districts: {seen}")
    level = "district" if districts else "province"
    # The district's line naming its province too, if one does (``Huyện Lộc Bình, tỉnh Lạng
    # Sơn`` rather than ``UBND HUYỆN LỘC BÌNH``).
    unit = next((n for n in named if n.level == "district" and n.line in {
        p.line for p in named if p.level == "province"}), next(iter(districts.values()))
    ) if districts else province_line
    shown = _sheets_level(grids)
    if shown != level and (shown is not None or level == "province"):
        sheets = "B05 and no B06" if shown == "district" else (
            "B06 and no B05" if shown == "province" else "neither B05 nor B06, or both")
        raise NotASubmission(f"its titles name a {level} ('{unit.line.text}', "
                             f"{unit.line.where}) but its sheets ({sheets}) do not show a "
                             f"{level}'s report")
    code = next(iter(districts)) if districts else province
    name = next(u[2] for u in unit.units if u[0] == code)
    province_name = province_name_of(province, year)
    notes: list[dict[str, object]] = [
        {"code": "YEAR_FROM_TITLE", "line": year_line,
         "message": f"{why}; the reporting year {year} is read from the title "
                    f"'{year_line.text}' ({year_line.where}), the only year the sheets' titles "
                    "name"},
        {"code": "UNIT_BY_NAME", "line": unit.line,
         "message": f"{why}; read as the {level} {code} ({name}"
                    + (f", {province_name} {province}" if districts else "")
                    + f"), the one so named on the map of {year}, from the title "
                    f"'{unit.line.text}' ({unit.line.where}); revision 1, no signing date"},
    ]
    identity = Identity(
        level=level, province_code=province, province_name=province_name,
        district_code=code if districts else None, district_name=name if districts else None,
        year=year, revision=1, signed_on=None, criteria_set=default_criteria_set(year),
        district_ntm_year=None, revision_given=False)
    return identity, notes
