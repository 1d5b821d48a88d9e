"""Sheet ThongTin: who sent the submission, for which year, which revision, signed when.

The unit and year come from here, never from the folder: a file filed under the wrong year
folder is still placed correctly (and flagged elsewhere). A ThongTin that does not name a unit
and a year makes the whole file unplaceable, so it is rejected with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pipelines.ingest.columns import cell_parser
from pipelines.ingest.template import THONGTIN, YEAR
from pipelines.ingest.text import fold, nfc
from pipelines.ingest.unit_names import (
    code_by_name,
    district_name_of,
    districts_anywhere,
    former_province_named,
    legacy_misreading,
    name_key,
    province_name_of,
    province_of_the_other_map,
    provinces_after_reform,
    provinces_before_reform,
)
from pipelines.ingest.values import (
    CellError,
    cell_text,
    folder_month_first,
    is_blank,
    month_first_said,
    numeric_date,
    parse_code,
)
from pipelines.ingest.vocabulary import (
    PLAN_WORDS,
    VOCABULARY_HINT,
    Vocabulary,
    default,
    header_words,
    header_years,
    part_of_year,
    without_years_close,
)
from pipelines.ingest.workbook import Cell, Grid, column_letter
from pipelines.reporting_years import REFORM_YEAR

CRITERIA_SETS = ("2016-2020", "2021-2025", "2026-2030")
# "Lần 2", "lần thứ 2", "Bổ sung lần 2", "Gửi lần 2 (bổ sung)", "2 (bổ sung)", "(2)": the
# number a person reads (a bracketed number is no negative number here, as in an account).
# Group ``amends``: the words before the number name an amendment (``Bổ sung lần 1``).
_AMENDMENT = r"(?:bo sung|dieu chinh|sua doi|thay the)"
# The number may be a word after `lần` or `thứ` (``lần thứ hai``, ``Bổ sung lần thứ nhất``):
# group ``word``, folded (``_NUMBER_WORDS``); a word alone is not read (``năm`` is a year).
_NUMBER_WORDS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5,
                 "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
# Words before the number that say how the report was sent, not that it amends another:
# ``Gửi lại lần 2`` (sent again), ``Cập nhật lần 2`` (updated), ``Bản chính thức lần 2``
# (the official copy), ``Hoàn chỉnh lần 2`` (completed): the number is the sending's.
_SENT_AS = r"(?:gui lai|nop lai|cap nhat|hoan chinh|chinh thuc)"
# A note after the number, as offices add one: in brackets (``Lần 2 (bổ sung)``), what the
# sending amends, with more words (``Lần 3 - bổ sung số liệu``, ``Lần 2 - bản thay thế``)
# and the earlier sending it replaces or supplements, group ``earlier`` (``2, thay thế lần
# 1``, ``Lần 2 – thay thế lần 1``), or the day it was sent (``Lần 2 ngày 15/02/2024``).
_NOTE_AFTER = (rf"(?:\s*\([^()]*\)|\s*[-–:,]?\s*(?:(?:ban|bao cao)\s+)?{_AMENDMENT}"
               r"(?:\s+(?!lan\b)[a-z]+)*(?:\s+lan(?: thu)?\s*(?P<earlier>[0-9]+))?"
               r"|(?:\s*[-–:,]\s*|\s+)(?:ngay\s*)?[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{4})?")
_SPELLED_REVISION = re.compile(
    rf"(?P<amends>(?:(?:bao cao|ban|gui|nop|{_SENT_AS}|{_AMENDMENT})\s*)*)"
    r"(?:(?:(?:lan(?: gui)?(?: thu)?|thu)\s*)?(?:([0-9]+)|\(\s*([0-9]+)\s*\))"
    rf"|(?:lan(?: gui)?(?: thu)?|thu)\s+(?P<word>{'|'.join(_NUMBER_WORDS)})\b)"
    rf"{_NOTE_AFTER}\.?")
# ``Bổ sung (lần 2)``, ``Bổ sung, lần 2``: what the sending is, then, set apart by a bracket
# or a comma, its number, as ``Lần 2 (bổ sung)`` says it the other way round; the number is
# the sending's, not a count of amendments (``Bổ sung lần 2``, the second supplement).
_AMENDMENT_APART = re.compile(
    rf"(?:(?:bao cao|ban|gui|nop)\s*)*{_AMENDMENT}\s*(?:[,;:\-–]\s*|\(\s*)"
    r"lan(?: gui)?(?: thu)?\s*(?P<number>[0-9]+)\s*\)?")
# A revision counts the sendings of one unit's report of one year: a few at most. A larger
# number counts no sendings: a year (``2024``) or a date (``10012024``) typed in its place.
# Read as the revision, it made every real later sending superseded without a word (and one
# of 2**63 or more could not be stored, which stopped the whole run).
_MAX_REVISION = 99
# "Lần đầu", "Gửi lần đầu", "Lần đầu tiên": the first sending; "II", "Lần III": the number in
# Roman numerals, as offices number what they send (before, each was revision 1 with a
# warning, and "II" then claimed the first sending's number).
_FIRST_SENDING = re.compile(r"(?:(?:gui|bao cao)\s+)?(?:lan(?: gui)?\s+)?dau(?: tien)?")
_ROMAN_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
                  "ix": 9, "x": 10}
_ROMAN_REVISION = re.compile(r"(?:(?:lan(?: gui)?(?: thu)?|thu)\s*)?("
                             + "|".join(sorted(_ROMAN_NUMBERS, key=len, reverse=True)) + ")")
# "Lần 02/2024", "02/2024", "Lần 2/2024 (bổ sung)": the sending's number with the year it is
# of (folded), as offices number what they send each year: the second of 2024. Group
# ``year``: two digits or four; only a year makes it a sending's (``_of_a_year``). A date has
# a second slash (``02/03/2024``) and is no sending's number.
_SENDING_OF_A_YEAR = re.compile(r"(?P<number>[^/]*?[0-9]+)\s*/\s*"
                                r"(?P<year>(?:19|20)[0-9]{2}|[0-9]{2})(?P<note>(?![0-9/]).*)")
# "Bổ sung", "Báo cáo bổ sung", "Lần gửi: bổ sung", "(điều chỉnh)": an amendment without its
# number.
_AMENDMENT_ONLY = re.compile(
    rf"\(?\s*(?:(?:bao cao|ban|gui|nop|lan(?: gui)?)\s*)*{_AMENDMENT}\s*\)?")
_AMENDMENT_WORDS = re.compile(rf"\b{_AMENDMENT}\b")
# "1. Cấp báo cáo", "(4) Năm báo cáo", "II. Lần gửi": the number of a key's line, not a word of
# the key.
_LINE_NUMBER = re.compile(
    r"\s*(?:\(\s*[0-9]{1,2}\s*\)|(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVX]{1,4})\s*[.)])\s*")
_DIGIT = re.compile(r"[0-9]")
# The value split off a key in one cell without a colon: a number, a date or a code, with at
# most a note in brackets ("2", "10/01/2024", "2 (bổ sung)"); never words ("Năm 2023 huyện
# đạt chuẩn" is a sentence, not the key `Năm` and its value).
_NUMBER_VALUE = re.compile(r"[0-9][0-9.,/\-–]*(?:\s*\([^()]*\))?")
_DASHES = frozenset({"-", "–", "—", "‒", "−"})
# Headers of a numbering column (as the template's STT column is headed), beside the keys of a
# ThongTin laid out across: the row's number, not a key.
_NUMBERING_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})
# A column's number in a numbering row under keys laid out across ("(1) (2) (3)", "1 2 3"), or
# a line's number before its key ("8 | Lần gửi").
_COLUMN_NUMBER = re.compile(r"\(?\s*([0-9]{1,2})\s*\)?")
# `Kỳ báo cáo: Năm`: the report's period named as the whole year, without saying which year
# (header words). Such a value is no year; it agrees with the year a key gives elsewhere.
_WHOLE_YEAR = frozenset({"nam", "ca nam", "hang nam", "tron nam", "bao cao nam", "theo nam",
                         "12 thang", "nam 12 thang", "ca nam 12 thang"})
# "20 - Lạng Sơn" under "Tỉnh" or "Mã tỉnh", "188 - Lộc Bình" under "Huyện": a code and a name
# in one cell; the code as the code parser reads it alone (``020``, ``20.0``, ``188,0``, a
# code typed as a number: ``_code_and_name``). The name begins with a letter: "2.0e1" is a
# number written otherwise, not the code 2 and the name "0e1".
_CODE_AND_NAME = re.compile(r"([0-9]+(?:[.,][0-9]+)?)\s*[-–—:.]\s*([^\W\d_].*)")
_LETTER = re.compile(r"[^\W\d_]")
# A hint in brackets where a value goes, as the template's form prints it beside its keys:
# what to write (``(ngày/tháng/năm)``, ``(yyyy)``, ``(Huyện/Tỉnh)``, ``(1, 2, 3...)``, ``(2
# chữ số)``), no value. Never a number alone in brackets (``(2)`` is a sending's number), nor
# brackets holding a year or a longer number (``(2023)``, ``(10/01/2024)``).
_HINT = re.compile(r"\((?!\s*[0-9]+\s*\))(?:[^()0-9]|(?<![0-9])[0-9]{1,2}(?![0-9]))*\)")
FIELDS = {f.name: f for f in THONGTIN}
# The keys of a year a status was reached (NTM, nâng cao, kiểu mẫu), and the field such a key
# is when its words say the year is not reached yet (``_NOT_YET``).
_STATUS_YEARS = frozenset({"district_ntm_year", "district_higher_level_year"})
_PLANNED = "planned_status_year"
# A status year's key naming the year planned, registered for, aimed at or proposed (``Năm
# đạt chuẩn huyện NTM (dự kiến)``, ``(đăng ký)``, ``theo kế hoạch``, ``(mục tiêu)``), on the
# road map (``theo lộ trình``), put up for recognition (``(xét công nhận)``) or awaiting its
# appraisal or decision (``(chờ Trung ương thẩm định)``, ``(chờ quyết định)``), in header
# words: the district has not reached the status, and the year is no year it was recognised.
_NOT_YET = re.compile(rf"\b(?:{PLAN_WORDS}|muc tieu|lo trinh|xet cong nhan"
                      r"|cho (?:[a-z]+ ){0,4}?(?:tham dinh|cong nhan|quyet dinh|phe duyet|xet))\b")


class NotASubmission(Exception):
    """ThongTin does not identify a unit and a year; the message is the rejection reason."""


@dataclass
class Identity:
    level: str  # "district" or "province"
    province_code: str
    province_name: str | None
    district_code: str | None
    district_name: str | None
    year: int
    revision: int
    signed_on: date | None
    criteria_set: str
    district_ntm_year: int | None
    pairs: list[dict[str, Any]] = field(default_factory=list)  # every key/value row as sent
    # Whether ThongTin gave the revision (``Lần gửi``) at all: without it, revision is 1 by the
    # template's rule, which a second ThongTin giving one is no disagreement with.
    revision_given: bool = True
    problems: list[dict[str, Any]] = field(default_factory=list)  # unreadable optional values

    @property
    def unit_code(self) -> str:
        return self.district_code if self.level == "district" and self.district_code else (
            self.province_code
        )


def default_criteria_set(year: int) -> str:
    """The template's rule when ThongTin leaves Bộ tiêu chí blank."""
    if year <= 2020:
        return "2016-2020"
    if year <= 2025:
        return "2021-2025"
    return "2026-2030"


def _field(vocab: Vocabulary, text: str) -> str | None:
    """The ThongTin field a cell names as a key (``Mã số tỉnh`` is ``province_code``), its
    line's number set aside (``1. Cấp báo cáo`` is ``level``: the number is no word of the
    key, and read with it no key matched and the file was refused). A status year's key
    naming a year not reached yet (``_NOT_YET``) is a planned year's: before, `Năm đạt chuẩn
    huyện NTM (dự kiến) | 2023` was read as the year the district was recognised."""
    numbered = _LINE_NUMBER.match(text)
    words = header_words(text[numbered.end():] if numbered else text)
    name = vocab.match("ThongTin", words)[0]
    return _PLANNED if name in _STATUS_YEARS and _NOT_YET.search(words) else name


def _is_dash(value: Cell) -> bool:
    """A dash alone: nothing to report, as everywhere in the intake (a province's report
    fills its district rows with ``-``)."""
    return type(value) is str and value.strip() in _DASHES


def _in_one_cell(vocab: Vocabulary, cell: Cell) -> tuple[str, str, str] | None:
    """(field, key, value) of a cell holding a key and its value: ``Năm báo cáo: 2023``,
    split at the colon, or ``Lần gửi thứ 2``, ``Lần gửi (2)``, ``Lần gửi - 2``, ``Năm báo
    cáo 2023``, the value a number after the key's words (its line's number set aside);
    None otherwise. Without a colon only a number is split off (``_NUMBER_VALUE``): where a
    name would begin after a key's words (``Tên tỉnh Lạng Sơn``) is not told."""
    if type(cell) is not str:
        return None
    head, colon, tail = cell.partition(":")
    if colon and tail.strip():
        name = _field(vocab, head)
        return (name, head, tail.strip()) if name is not None else None
    numbered = _LINE_NUMBER.match(cell)
    body = numbered.end() if numbered else 0
    digit = _DIGIT.search(cell, body)
    if digit is None or not _LETTER.search(cell, body, digit.start()):
        return None
    key = cell[:digit.start()].rstrip(" \t-–—(")
    value = cell[digit.start():].strip()
    if "(" in cell[len(key):digit.start()] and value.endswith(")") and "(" not in value:
        value = value[:-1].strip()  # "Lần gửi (2)"
    if not _NUMBER_VALUE.fullmatch(value):
        return None
    name = _field(vocab, key)
    return (name, key, value) if name is not None else None


def is_hint(cell: Cell) -> bool:
    """Whether a cell holds only a hint in brackets of what to write (``_HINT``)."""
    return type(cell) is str and _HINT.fullmatch(cell.strip()) is not None


def _pair(i: int, key: tuple[int, Cell], name: str | None,
          value: tuple[int | None, Cell]) -> dict[str, Any]:
    """One key/value row as stored in raw.thongtin."""
    return {"row_number": i + 1, "key": nfc(cell_text(key[1])).strip(), "field": name,
            "key_column": key[0], "value_column": value[0], "value": value[1]}


def _pair_at(i: int, filled: list[tuple[int, Cell]], k: int, vocab: Vocabulary
             ) -> tuple[dict[str, Any], int] | None:
    """The pair that begins at the row's ``k``-th filled cell and the number of cells it
    takes, or None: a cell holding a key and its value (``Ngày lập: 10/01/2024``) when it
    ends the row or a key follows it (``Mã tỉnh: 20 | Tên tỉnh: Lạng Sơn``), else a key
    with the next cell as its value (``Ngày lập: (ngày/tháng/năm) | 10/01/2024`` keeps its
    value to its right). A hint of what to write between the key and its value (``Lần gửi
    | (1, 2, 3...) | 2``, ``Năm báo cáo | (yyyy) | 2023``) is passed over, as a person
    passes over it, when a value follows it, not the next pair (before, the hint was read
    as the value); with nothing after it, the key holds the hint, as before."""
    col, cell = filled[k]
    if type(cell) is not str:
        return None
    after = filled[k + 1] if k + 1 < len(filled) else None
    own = _in_one_cell(vocab, cell)
    if own is not None and (after is None or (type(after[1]) is str and (
            _field(vocab, after[1]) is not None or _in_one_cell(vocab, after[1])))):
        return _pair(i, (col, own[1]), own[0], (col, own[2])), 1
    name = _field(vocab, cell)
    if name is None or after is None:
        return None
    if is_hint(after[1]) and k + 2 < len(filled) and (
            (then := _pair_at(i, filled, k + 2, vocab)) is None or then[0]["field"] == name):
        # the value may be said with the key's words (``Lần gửi | (1, 2, 3...) | Lần 2``)
        return _pair(i, (col, cell), name, filled[k + 2]), 3
    return _pair(i, (col, cell), name, after), 2


def _pairs(grid: Grid, vocab: Vocabulary) -> list[dict[str, Any]]:
    """Key/value rows: the key is the first filled cell that names a ThongTin field, the
    value the next filled cell to its right (offices insert blank columns, title rows and a
    numbering column, ``1 | Mã tỉnh | 20``, so positions are not trusted), or the key and
    its value share a cell (``_in_one_cell``). A row holds more pairs while the next cell
    begins one (``Mã tỉnh | 20 | Tên tỉnh | Lạng Sơn``, ``Ngày lập: 10/01/2024 | Lần gửi:
    2``): a person reads every pair, not only the first. A cell after the pairs that
    begins none ends the reading of the row (it is not guessed at). The row's only cell
    naming a field, or its last after the line's number (``8 | Lần gửi``), is a key
    without its value; a row that names no field keeps its first two filled cells. Keys
    are matched by the ThongTin vocabulary (``template.THONGTIN``), so ``Mã số tỉnh`` is
    ``Mã tỉnh``."""
    pairs = []
    for i, row in enumerate(grid.rows):
        filled = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
        if not filled:
            continue
        found = next(((k, got) for k in range(len(filled))
                      if (got := _pair_at(i, filled, k, vocab)) is not None), None)
        if found is None:
            last = filled[-1]
            numbered = all(_COLUMN_NUMBER.fullmatch(cell_text(c).rstrip(".")) for _, c in
                           filled[:-1])
            name = _field(vocab, last[1]) if numbered and type(last[1]) is str else None
            if name is not None:
                pairs.append(_pair(i, last, name, (None, None)))
            else:
                pairs.append(_pair(i, filled[0], None,
                                   filled[1] if len(filled) > 1 else (None, None)))
            continue
        k, (pair, used) = found
        pairs.append(pair)
        k += used
        while k < len(filled) and (got := _pair_at(i, filled, k, vocab)) is not None:
            pairs.append(got[0])
            k += got[1]
    return pairs


def _numbering_row(row: list[Cell]) -> bool:
    """``(1) (2) (3)`` (or ``1 2 3``) under keys laid out across: the columns' numbers, printed
    as the template's tables print them, not the values: three or more, counting up by one."""
    numbers = []
    for cell in row:
        if is_blank(cell):
            continue
        number = _COLUMN_NUMBER.fullmatch(cell_text(cell))
        if number is None:
            return False
        numbers.append(int(number.group(1)))
    return len(numbers) >= 3 and all(b == a + 1 for a, b in pairwise(numbers))


def _across(grid: Grid, vocab: Vocabulary, pairs: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """ThongTin laid out as a table, as some offices copy it: the keys side by side in one
    row (``Cấp báo cáo | Mã tỉnh | Tên tỉnh | … | Năm báo cáo``), each value under its key in
    the next filled row. A person reads each key with the value below it; read row by row,
    the first key took the second key as its value and the file was refused. A row naming
    three keys or more in cells of their own, beside at most a numbering column (``STT``),
    is such a header (a ThongTin read row by row names one key a row, or keys each followed
    by its value); a numbering row under it (``(1) (2) (3)``) numbers its columns and is
    passed over, as a person passes over it. The header's and the values' rows' pairs are
    replaced by the keys with their values (the numbering column's with no field)."""
    rows = grid.rows
    for i, row in enumerate(rows):
        filled = [(j, cell) for j, cell in enumerate(row) if not is_blank(cell)]
        if len(filled) < 3 or any(type(cell) is not str for _, cell in filled):
            continue
        named: dict[int, str | None] = {}
        for j, cell in filled:
            name = _field(vocab, cell) if ":" not in cell else None
            if name is None and header_words(cell) in _NUMBERING_HEADERS:
                named[j] = None
                continue
            if name is None or name in named.values():
                break  # keys side by side with their values (``Mã tỉnh | 20 | …``): _pairs
            named[j] = name
        if len(named) < len(filled) or sum(n is not None for n in named.values()) < 3:
            continue
        below = next((k for k in range(i + 1, len(rows))
                      if any(not is_blank(c) for c in rows[k])
                      and not _numbering_row(rows[k])), None)
        if below is None:
            return pairs
        values = rows[below]
        across = [{"row_number": below + 1, "key": nfc(cell_text(row[j])).strip(),
                   "field": name, "key_column": j, "value_column": j,
                   "value": values[j] if j < len(values) and not is_blank(values[j]) else None}
                  for j, name in named.items()]
        before = [p for p in pairs if p["row_number"] <= i]
        between = [p for p in pairs if i + 1 < p["row_number"] <= below]
        after = [p for p in pairs if p["row_number"] > below + 1]
        return before + between + across + after
    return pairs


def _unknown_keys(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A key with a value beside it that names no field (``Lần gởi | 3``, a spelling the
    vocabulary lacks): its value is not read, and a person would have read it. An info at
    the key's cell names it and how to add it; before, it was kept in raw.thongtin without a
    word, and a revision so keyed was 1. A numbering column (``STT``) is no key."""
    return [{"row_number": p["row_number"], "key": "unknown", "code": "UNKNOWN_COLUMN",
             "severity": "info", "column": p["key_column"], "raw_value": p["key"],
             "message": f"the key '{p['key']}' (value '{cell_text(p['value'])}') matches no "
                        "ThongTin key; its value is not read, the row is kept in "
                        f"raw.thongtin. If it is a key of the template, add it to "
                        f"{VOCABULARY_HINT} (columns.ThongTin)"}
            for p in pairs if p["field"] is None and not is_blank(p["value"])
            and _LETTER.search(p["key"]) and header_words(p["key"]) not in _NUMBERING_HEADERS]


def _planned_years(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A planned status year given (`Năm đạt chuẩn huyện NTM (dự kiến) | 2025`): not read, a
    warning at its cell says why, as for any optional value that cannot be read."""
    problems = []
    for p in pairs:
        if p["field"] != _PLANNED or is_blank(p["value"]) or _is_dash(p["value"]):
            continue
        found = _NOT_YET.search(header_words(p["key"]))
        said = f" ('{found.group(0)}')" if found else ""
        problems.append({
            "row_number": p["row_number"], "key": _PLANNED, "raw_value": cell_text(p["value"]),
            "column": p["value_column"],
            "message": f"'{p['key']}' names a year planned, proposed or not yet recognised"
                       f"{said}, so '{cell_text(p['value'])}' is no year a status was reached; "
                       "it is not read (neither as the district's NTM year nor as a higher "
                       "level's)"})
    return problems


def _years_not_come(pairs: list[dict[str, Any]], problems: list[dict[str, Any]], year: int,
                    ntm: dict[str, Any] | None, ntm_year: int | None) -> int | None:
    """The district's NTM year (``ntm_year``, read from the pair ``ntm``), None when it is
    after the reporting ``year``. A status year not yet come (`Năm đạt chuẩn huyện NTM: 2026`
    in a report on 2023) is a plan or a slip of the year, not a year the district was
    recognised: it is not read, and a warning at its cell says why, as for a key naming a
    plan (``_planned_years``); so is one under a higher level's key (`… nâng cao`, `… kiểu
    mẫu`), whose year is never read but is kept in raw.thongtin as sent. Before, 2026 was the
    district's NTM year without a word. The reporting year itself is a year reached."""
    at = None if ntm is None else (ntm["row_number"], ntm["key_column"])
    for p in pairs:
        if p["field"] not in _STATUS_YEARS or is_blank(p["value"]) or _is_dash(p["value"]):
            continue
        if (p["row_number"], p["key_column"]) == at:
            said = ntm_year
        elif p["field"] == "district_higher_level_year":
            try:
                said = cell_parser(YEAR)(p["value"])
            except CellError:
                continue  # not read, as before: only a year after the report's is said
        else:
            continue  # a second NTM year's key: the first is read
        if said is None or said <= year:
            continue
        higher = p["field"] == "district_higher_level_year"
        problems.append({
            "row_number": p["row_number"], "key": p["field"], "column": p["value_column"],
            "raw_value": cell_text(p["value"]),
            "message": f"'{p['key']}' gives {said}, after the reporting year {year}: a year "
                       "not yet come is a plan or a slip of the year, not a year the district "
                       f"reached {'that level' if higher else 'NTM'}; it is not read"})
        if not higher:
            ntm_year = None
    return ntm_year


def _whole_year(value: Cell) -> bool:
    """``Năm``, ``Cả năm``, ``Hàng năm`` under `Kỳ báo cáo`: the period of an annual report,
    which names no year."""
    return type(value) is str and header_words(value) in _WHOLE_YEAR


def _years_agree(pairs: list[dict[str, Any]], read: dict[str, Any], year: int) -> None:
    """Every other key naming the year (`Kỳ báo cáo` beside `Năm báo cáo`) must name the
    same year, or the whole year without one: a period that is part of a year (``6 tháng
    đầu năm 2023``) or another year makes the file's figures not the year's, or not known
    to be, wherever that key stands."""
    at = (read["row_number"], read["key_column"])
    for pair in pairs:
        value = pair["value"]
        if pair["field"] != "year" or (pair["row_number"], pair["key_column"]) == at or (
                is_blank(value) or _is_dash(value) or _whole_year(value)):
            continue
        try:
            other = cell_parser(FIELDS["year"].kind)(value)
        except CellError as exc:
            # The period in other words: the whole year agrees ("12 tháng năm 2023",
            # "01/01/2023 - 31/12/2023", "Năm 2023 (số liệu đến 15/12/2023)"); part of it,
            # or another year, does not.
            written = header_years(header_words(cell_text(value)))[0]
            if _part_of_the_year(value) is None and written <= {year}:
                continue
            raise NotASubmission(f"ThongTin row {pair['row_number']}: {exc}") from exc
        # a year read from a period naming part of it ("Năm 2023, số liệu đến ngày 30/9/2023")
        _not_part_of_the_year(pair, value)
        if other != year:
            raise NotASubmission(
                f"ThongTin names the year {year} in row {read['row_number']} and {other} in "
                f"row {pair['row_number']}")


# "2023-2024", "Giai đoạn 2021-2025", "Năm 2023 - 2024" (folded): a period, no year.
_YEAR_SPAN = re.compile(r"(?:(?:nam|giai doan|thoi ky|ky)\s*:?\s*)?((?:19|20)[0-9]{2})\s*"
                        r"(?:[-–—/]|den)\s*(?:nam\s*)?((?:19|20)[0-9]{2})")
# A date written in words or figures, folded: the covering report's or the signing date
# (``Lộc Bình, ngày 10 tháng 01 năm 2024``, ``ngày … tháng … năm 2024``, ``ngày 10/01/2024``),
# never the year of the figures.
_GAP = r"[\s.…_/\-]*"
_TITLE_DATE = re.compile(rf"\bngay\b{_GAP}[0-9]{{0,2}}{_GAP}thang\b{_GAP}[0-9]{{0,2}}{_GAP}"
                   r"nam\s*[0-9]{4}|\b[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{4}\b")
# The year a title names (``NĂM 2023``), not a period (``năm 2021-2025``, ``Năm 2023 - 2024``).
_TITLED_YEAR = re.compile(r"\bnam\s*((?:19|20)[0-9]{2})\b(?!\s*[-–—/]\s*[0-9])")


@lru_cache(maxsize=1 << 16)  # a year's workbooks repeat their titles
def years_titled(text: str) -> tuple[int, ...]:
    """The years a title line names (``NĂM 2023``), its dates and periods set aside."""
    return tuple(int(y) for y in _TITLED_YEAR.findall(_TITLE_DATE.sub(" ", fold(text))))


# A date typed as text in the year's cell ("10/01/2024").
_DAY = re.compile(r"[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{2,4}")
# "2023 (số liệu đến 31/12/2023)", "Cả năm 2023 (…)": a year with a note in brackets, group 2
# (folded); or after a comma, a dash, a colon or a semicolon, beginning with a word, group 3
# ("Năm 2023, số liệu tính đến 31/12/2023"; "Năm 2023 - 2024" is a period, ``_YEAR_SPAN``).
_YEAR_NOTE = re.compile(r"(?:(?:ca\s*)?nam\s*)?((?:19|20)[0-9]{2})\s*"
                        r"(?:\(([^()]*)\)|[-–,;:]\s*([a-z][^()]*))")
# The year with the word for an estimate before or after it, folded: ``Ước 2023``, ``Ước
# thực hiện năm 2023``, ``Ước tính cả năm 2023``, ``Năm 2023 - ước tính``, ``2023 ước``,
# ``Cả năm 2023 (ước)``: the year whose figures are estimated before it ends, as B04's `Ước
# cả năm` is the year's result. Nothing else: ``Ước 6 tháng năm 2023`` is part of the year.
_ESTIMATE = r"uoc(?:\s+(?:tinh|thuc hien|th))?"
_ESTIMATED_YEAR = re.compile(
    rf"(?:{_ESTIMATE}\s+)?(?:ca\s+)?(?:nam\s*)?((?:19|20)[0-9]{{2}})"
    rf"(?:\s*[-–,:]?\s*(?:{_ESTIMATE}|\(\s*{_ESTIMATE}\s*\)))?")


def _part_of_the_year(value: Cell) -> str | None:
    """What a ThongTin period typed as text names of part of the year (``Năm 2023 (số liệu
    đến 30/9/2023)``, ``6 tháng đầu năm 2023``, ``Quý IV/2023``), in header words, or None;
    a closing day in December is the year's (``vocabulary.without_years_close``), as in a
    title, and the year's end is (``đến 31/12/2023``)."""
    if type(value) is not str:
        return None
    return part_of_year(without_years_close(header_words(value)))


def _not_part_of_the_year(pair: dict[str, Any], value: Cell) -> None:
    """Refuse a ThongTin whose period (`Năm báo cáo`, `Kỳ báo cáo`) names part of the year:
    its figures run to a day before the year's end (``Năm 2023 (số liệu đến 30/9/2023)``)
    or cover some months (``6 tháng đầu năm 2023``), and are not the year's. A sheet's
    column of part of the year (``Thực hiện 9 tháng``, ``… đến 30/9/2023``) is not read as
    the year's (``layout``), nor a sheet so titled (``titles.title_of_another_period``); a
    ThongTin saying it of the whole file leaves no sheet the year's figures. Read as the
    year's report, nine months' money and marks would stand as the year's. Before, such a
    period was refused as no year, or, with a date after ``ngày`` (``Năm 2023, số liệu tính
    đến ngày 30/9/2023``), read as the date's year without a word."""
    part = _part_of_the_year(value)
    if part is None:
        return
    raise NotASubmission(
        f"ThongTin row {pair['row_number']} ({_cell(pair)}): '{pair['key']}' is "
        f"'{cell_text(value)}', which names part of the year ('{part}'): the file's figures are "
        "not the whole year's, as a sheet's column of part of the year ('Thực hiện 9 tháng', "
        "'đến 30/9') is not read as the year's. Send the report of the whole year (its "
        "figures to 31/12)")


def _year_read(pair: dict[str, Any], pairs: list[dict[str, Any]], problems: list[dict[str, Any]],
               sheet: str, folder_year: int | None,
               other_titles: Callable[[], dict[int, Any]] | None) -> Cell:
    """`Năm báo cáo` as a person reads it. A year with a note in brackets naming that year
    alone and no part of it (``2023 (số liệu đến 31/12/2023)``) is the year; before, the file
    was refused. So is a year with a note naming no year nor part of one (``2023 (số liệu
    ước)``, ``Năm 2023 (từ 01/01 đến 31/12)``). A period (``2023-2024``, ``Giai đoạn
    2021-2025``) is no reporting year: the year the titles name is read (YEAR_FROM_TITLE,
    at the title's cell) when they name one year, within the period, and it agrees with the
    year folder; otherwise the file is refused saying so (as before, without saying why).
    So is a date other than the year's end (``10/01/2024``: the report's date, of the year
    before or of its own): the titles' one year is read when it is either; before, the
    date's year was read without a word, a 2023 report signed in January 2024 placed in
    2024. ``31/12/2023`` is 2023, as before. The same note after a comma or a dash, or
    after ``Cả năm`` and the year (``Năm 2023, số liệu tính đến 31/12/2023``, ``Cả năm 2023
    (số liệu đến 31/12/2023)``), is the year too; before, the file was refused. A period
    naming part of the year refuses the file saying so (``_not_part_of_the_year``). Any
    other value is left as typed."""
    raw = pair["value"]
    day = raw if isinstance(raw, date) else None
    if type(raw) is str and _DAY.fullmatch(raw.strip()):
        try:
            day = cell_parser("date")(raw)
        except CellError:
            return raw
    if day is not None:
        if (day.month, day.day) == (12, 31):
            return raw
        # A day in the year's cell: the report's date, in its year or the next
        first, last, what = day.year - 1, day.year, "a date"
    elif type(raw) is not str:
        return raw
    else:
        _not_part_of_the_year(pair, raw)
        text = fold(raw).strip().rstrip(".")
        noted = _YEAR_NOTE.fullmatch(text)
        if noted is not None:
            words = header_words(noted.group(2) if noted.group(2) is not None
                                 else noted.group(3))
            # a note naming no year is about the figures (``số liệu ước``, estimated) or the
            # whole year (``từ 01/01 đến 31/12``), as `Kỳ báo cáo` agrees (``_years_agree``)
            if header_years(words)[0] <= {int(noted.group(1))}:
                return int(noted.group(1))
            return raw
        estimated = _ESTIMATED_YEAR.fullmatch(text) if "uoc" in text else None
        if estimated is not None and estimated.group(0) != estimated.group(1):
            return int(estimated.group(1))
        span = _YEAR_SPAN.fullmatch(text)
        if span is None or not int(span.group(1)) < int(span.group(2)):
            return raw
        first, last, what = int(span.group(1)), int(span.group(2)), "a period"
    named: dict[int, tuple[str, int, int, str]] = {}
    for title in pairs:
        if title["field"] is not None:
            break
        if title["value"] is None:
            for found in years_titled(title["key"]):
                named.setdefault(found, (sheet, title["row_number"], title["key_column"],
                                              title["key"]))
    for found, line in (other_titles() if other_titles else {}).items():
        named.setdefault(found, (line.sheet, line.row, line.column, line.text))
    shown = cell_text(raw) if day is None else day.strftime("%d/%m/%Y")
    where = f"ThongTin row {pair['row_number']}: 'Năm báo cáo' '{shown}' is {what}, not a year"
    if len(named) != 1:
        seen = ", ".join(f"{y} ({n[0]} row {n[1]})" for y, n in sorted(named.items()))
        raise NotASubmission(f"{where}; the sheets' titles name "
                             + (f"the years {seen}, not one" if named else "no year"))
    (year, (title_sheet, row, column, title)), = named.items()
    if not first <= year <= last:
        raise NotASubmission(f"{where}; the year {year} the title '{title}' ({title_sheet} row "
                             f"{row}) names is not {first} to {last}")
    if folder_year is not None and folder_year != year:
        raise NotASubmission(f"{where}; the title '{title}' ({title_sheet} row {row}) names "
                             f"{year} but the file is in the folder of {folder_year}")
    problems.append({"row_number": row, "key": "year", "code": "YEAR_FROM_TITLE",
                     "column": column, "sheet": title_sheet, "raw_value": title,
                     "message": f"'Năm báo cáo' (row {pair['row_number']}) gives {what} "
                                f"'{shown}', not a year; the reporting year {year} is read from "
                                f"the title '{title}' ({title_sheet} row {row}), the one year "
                                "the titles name"})
    return year


def _only_a_key(vocab: Vocabulary, name: str, key: str) -> bool:
    """Whether a key's words are one of its field's phrases whole (``Lần gửi``), not a key
    followed by more words (``Lần gửi thứ hai``), its line's number set aside."""
    numbered = _LINE_NUMBER.match(key)
    words = header_words(key[numbered.end():] if numbered else key)
    return any(p.words == words for p in vocab.columns.get("ThongTin", {}).get(name, ()))


def _title_year(pairs: list[dict[str, Any]], sheet: str,
                other_titles: Callable[[], dict[int, Any]] | None
                ) -> tuple[int, tuple[str, int, int, str]] | None:
    """The year the title lines above ThongTin's first key name, for a ThongTin without a
    `Năm báo cáo`, as a person reads the sheet: only when the titles name one year (a title
    naming the year's results and the next year's plan names two, and nothing is guessed),
    with where it is (sheet, row, column, text). A date is no year (``(Kèm theo Báo cáo số
    15/BC-UBND ngày 10 tháng 01 năm 2024)``: before, a 2023 report was read as 2024's).
    When ThongTin's titles name none, the other sheets' titles may (``other_titles``)."""
    years: dict[int, tuple[str, int, int, str]] = {}
    for pair in pairs:
        if pair["field"] is not None:
            break
        if pair["value"] is None:  # a line of its own: a title, not an unknown key
            for found in years_titled(pair["key"]):
                years.setdefault(found, (sheet, pair["row_number"], pair["key_column"],
                                         pair["key"]))
    if not years and other_titles is not None:
        for found, line in other_titles().items():
            years.setdefault(found, (line.sheet, line.row, line.column, line.text))
    return next(iter(years.items())) if len(years) == 1 else None


def _code_and_name(pair: dict[str, Any], width: int) -> tuple[str, str] | None:
    """A pair's value as a code of ``width`` digits and a name (``20 - Lạng Sơn``), or None.
    The code is one the code parser reads (``values.parse_code``): ``020``, or typed as a
    number, ``20.0 - Lạng Sơn`` (before, refused with the whole file, while ``20.0`` alone
    and ``20 - Lạng Sơn`` were read); never a fraction or a thousands group (``20.000``)."""
    if type(pair["value"]) is not str:
        return None
    both = _CODE_AND_NAME.fullmatch(pair["value"].strip())
    if both is None:
        return None
    try:
        parse_code(both.group(1), width)
    except CellError:
        return None
    return both.group(1), both.group(2)


def _only_a_name(value: Cell) -> bool:
    """Text with letters and no digit: a name, not a code typed wrong."""
    return type(value) is str and _LETTER.search(value) is not None and not any(
        ch.isdigit() for ch in value)


def _no_district_named(found: dict[str, dict[str, Any]]) -> None:
    """A province's report (`Cấp báo cáo: Tỉnh`) naming a district (`Mã huyện: 188`, `Tên
    huyện: Huyện Lộc Bình`, `Đơn vị báo cáo: UBND huyện Lộc Bình`): a district's office
    writing the level it reports to, or a province's form with a district's rows left in;
    whose report it is cannot be told, and the file is refused naming both cells. Before,
    it was read as the province's report and the district dropped without a word: a
    district's figures stood as the province's, and with a higher revision replaced the
    province's own report. Blank or dashed district rows, as a province's form leaves
    them, are the province's; so is a report from ``REFORM_YEAR`` on, when districts no
    longer report and only a province can have sent it."""
    said = found["level"]
    for key in ("district_code", "district_name", "reporting_unit"):
        named = found.get(key)
        if named is None or is_blank(named["value"]) or (
                key == "reporting_unit" and not _names_unit(named, _DISTRICT_UNIT)):
            continue
        raise NotASubmission(
            f"ThongTin row {said['row_number']} ({_cell(said)}): '{said['key']}' is "
            f"'{cell_text(said['value'])}', a province's report, but row "
            f"{named['row_number']} ({_cell(named)}) names the district "
            f"'{cell_text(named['value'])}' under '{named['key']}'; whose report it is cannot "
            "be told. Correct 'Cấp báo cáo' (Huyện for a district's report) or clear the "
            "district's rows, and send the file again")


# A reporting unit named as a commune (folded): ``UBND xã Mẫu Sơn``, ``Ủy ban nhân dân phường
# Đông Kinh``, ``Xã Mẫu Sơn``, ``TT. Na Dương``; or as a district: ``UBND huyện Lộc Bình``,
# ``Huyện Lộc Bình``, ``Thị xã …``, ``Quận …`` (a thành phố may be a province, so it says none).
_AUTHORITY = r"^(?:(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s+)?"
_COMMUNE_UNIT = re.compile(_AUTHORITY + r"(?:(?:xa|phuong|thi tran|tt)\b\.?|x\.)\s*\w")
_DISTRICT_UNIT = re.compile(_AUTHORITY + r"(?:huyen|quan|thi xa|tx)\b\.?\s*\w")


def _names_unit(pair: dict[str, Any] | None, unit: re.Pattern[str]) -> bool:
    """Whether a ThongTin value names a unit of that kind (``_COMMUNE_UNIT``)."""
    return pair is not None and type(pair["value"]) is str and unit.match(
        fold(pair["value"]).strip()) is not None


def _no_commune_named(found: dict[str, dict[str, Any]]) -> None:
    """A ThongTin giving a commune's code or name (`Mã xã: 06541`, `Tên xã: Xã Mẫu Sơn`), or
    naming a commune as the reporting unit (`Đơn vị báo cáo: UBND xã Mẫu Sơn`): a commune's
    office filling in the form of the level it reports to. The template has no commune's
    report, and whose figures they are cannot be told, so the file is refused naming both
    cells. Before, it was read as the province's (or district's) report, the commune's keys
    kept as unknown keys: a commune's figures stood as the whole province's. Blank or
    dashed commune rows say nothing."""
    named = next((found[k] for k in ("commune_code", "commune_name")
                  if k in found and not is_blank(found[k]["value"])), None)
    if named is None and _names_unit(found.get("reporting_unit"), _COMMUNE_UNIT):
        named = found["reporting_unit"]
    if named is None:
        return
    said = found.get("level")
    level = (f"row {said['row_number']} ({_cell(said)}): '{said['key']}' is "
             f"'{cell_text(said['value'])}', but " if said and not is_blank(said["value"])
             else "")
    raise NotASubmission(
        f"ThongTin {level}row {named['row_number']} ({_cell(named)}) names the commune "
        f"'{cell_text(named['value'])}' under '{named['key']}': a commune's report, which is no "
        "submission of the template, or a form with a commune's rows left in; whose report it "
        "is cannot be told. Clear the commune's rows (a district's or a province's report "
        "names none), and send the file again")


def key_cell(identity: Identity, *fields: str) -> str:
    """Where ThongTin gives the first of ``fields`` it fills in, for a message naming it: its
    cell, key and value as typed (``ThongTin B6 ('Mã huyện': 188)``); ``ThongTin`` when
    none is filled in (a unit or year read from a title)."""
    for name in fields:
        for pair in identity.pairs:
            if pair["field"] == name and not is_blank(pair["value"]):
                return f"ThongTin {_cell(pair)} ('{pair['key']}': {cell_text(pair['value'])})"
    return "ThongTin"


def _cell(pair: dict[str, Any]) -> str:
    """A pair's value cell as Excel names it (``B3``)."""
    column = pair["value_column"] if pair["value_column"] is not None else pair["key_column"]
    return f"{column_letter(column)}{pair['row_number']}"


def _names_a_district(found: dict[str, dict[str, Any]], problems: list[dict[str, Any]]) -> bool:
    """Without `Cấp báo cáo` (or with it blank), a ThongTin naming a district (its code or
    its name) is a district's report, as a person reads it, which a warning says; one
    naming none cannot be told from a province's."""
    named = [found[k] for k in ("district_code", "district_name")
             if k in found and not is_blank(found[k]["value"])]
    if not named:
        return False
    problems.append({"row_number": named[0]["row_number"], "key": "level",
                     "column": named[0]["value_column"],
                     "message": "no 'Cấp báo cáo'; read as a district's report, since it names "
                                f"the district '{cell_text(named[0]['value'])}'",
                     "raw_value": cell_text(named[0]["value"])})
    return True


def _by_name(found: dict[str, dict[str, Any]], problems: list[dict[str, Any]], level: str,
             year: int, province: str | None, typed: dict[str, dict[str, Any]],
             legacy: Iterable[str] = ()) -> str | None:
    """A unit's code from its name (``Tên tỉnh``, ``Tên huyện``) when the code is missing or
    blank, as a person reading the sheet would find it (``unit_names``); the reading is
    named by UNIT_BY_NAME at the name's cell. Only when the code's cell is absent or blank:
    a code typed wrong is an error, not an invitation to guess. A name typed in the code's
    cell stands in the name's place, or, beside a name under its own key, is in ``typed``
    and must name the same unit. In a file holding text in the ``legacy`` encodings, a name
    that is the unit's only without its marks while a legacy font shows another name
    (``unit_names.legacy_misreading``) says no unit: the file is refused."""
    code_field, name_field = f"{level}_code", f"{level}_name"
    if code_field in found and not is_blank(found[code_field]["value"]):
        return None
    named = found.get(name_field)
    if named is None:
        return None
    code = code_by_name(named["value"], level, year, province)
    word = "Mã tỉnh" if level == "province" else "Mã huyện"
    if code is not None:
        _not_misread(named, word, level, code, year, province, legacy)
    also = typed.get(code_field)  # the name in the code's cell, beside this one
    if code is not None and also is not None and code_by_name(
            also["value"], level, year, province) != code:
        raise NotASubmission(
            f"ThongTin row {also['row_number']}: '{word}' holds the name "
            f"'{cell_text(also['value'])}', which is not the {level} "
            f"'{cell_text(named['value'])}' named in row {named['row_number']}")
    if code is not None:
        typed = also or (named if named.get("field") == code_field else None)
        problems.append({"row_number": named["row_number"], "key": code_field,
                         "code": "UNIT_BY_NAME", "column": named["value_column"],
                         "message": (f"'{word}' (row {typed['row_number']}) holds a name, not "
                                     "a code" if typed else f"no '{word}'")
                                    + f"; read as {code}, the one {level} named "
                                    f"'{cell_text(named['value'])}' on the map of {year}",
                         "raw_value": cell_text(named["value"])})
    return code


def _not_misread(named: dict[str, Any], word: str, level: str, code: str, year: int,
                 province: str | None, legacy: Iterable[str]) -> None:
    """Refuse a ThongTin whose unit, given by name only, is read as ``code`` only once the
    name's marks are ignored while the file's legacy font shows another name: which unit
    sent the file cannot be told."""
    text = cell_text(named["value"])
    map_name = (province_name_of(code, year) if level == "province"
                else district_name_of(code, province or "", year)) or ""
    misread = legacy_misreading(nfc(text), map_name, legacy)
    if misread is None:
        return
    raise NotASubmission(
        f"ThongTin row {named['row_number']} ({_cell(named)}): no '{word}', and the {level} "
        f"'{text}' reads '{misread[1]}' in the legacy {misread[0].upper()} encoding the file "
        f"holds text in, while as typed it is {code} {map_name} only without its marks on "
        f"the map of {year}: which unit sent the file cannot be told. Type '{word}' and send "
        "the file again")


def _names_agree(found: dict[str, dict[str, Any]], beside: dict[str, dict[str, Any]],
                 problems: list[dict[str, Any]], year: int, province: str | None,
                 district: str | None) -> None:
    """A unit's code beside its name. Two codes that disagree (`Mã huyện: 188` beside `Tên
    huyện: 189 - Huyện Lộc Bình`) cannot tell which unit sent the file: it is rejected. A
    name that is another unit's on the year's map (`Tên huyện: Huyện Đình Lập`, 189, beside
    `Mã huyện: 188`, as when an office fills in a neighbour's form) is said by a warning at
    the name's cell; the code, the template's key, is read. So is a name of another unit
    that the year's map does not have: a province of the other map, a district of another
    province (``_named_elsewhere``). A name that no unit of either map has, or several of
    the year's map have (a unit renamed, a name typed its own way), says nothing."""
    for level, code in (("province", province), ("district", district)):
        coded = found.get(f"{level}_code")
        if code is None or coded is None or is_blank(coded["value"]):
            continue  # no code typed: it was read by the name (``_by_name``)
        key = "Mã tỉnh" if level == "province" else "Mã huyện"
        where = coded["row_number"]
        names = (found.get(f"{level}_name"), beside.get(f"{level}_code"))
        for named in names[:1] if names[0] is names[1] or names[0] == names[1] else names:
            if named is None or type(named["value"]) is not str:
                continue
            both = _code_and_name(named, 2 if level == "province" else 3)
            try:
                typed = both and cell_parser(FIELDS[f"{level}_code"].kind)(both[0])
            except CellError:
                typed = None
            if typed and typed != code:
                raise NotASubmission(
                    f"ThongTin row {named['row_number']}: '{cell_text(named['value'])}' "
                    f"gives the {level} code {typed}, not {code}, the '{key}' of row "
                    f"{where}; which unit sent the file cannot be told")
            name = both[1] if both else named["value"]
            other = code_by_name(name, level, year, province)
            if other == code:
                continue
            if other is not None:
                said = f"is {other} on the map of {year}, not {code}"
                advice = f"If it is {other}'s, correct '{key}' and send it again"
            else:
                if level == "province" and year >= REFORM_YEAR:
                    _not_a_former_province(named, name, code, year, key, where)
                said = _named_elsewhere(name, level, code, year, province)
                if said is None:
                    continue
                advice = (f"If it is not {code}'s, correct '{key}' or the name and send it "
                          "again")
            problems.append({
                "row_number": named["row_number"], "key": f"{level}_name",
                "column": named["value_column"], "raw_value": cell_text(named["value"]),
                "message": f"the {level} named '{name}' {said}, the '{key}' of row {where}; "
                           f"the file is read as {code}'s. {advice}"})


def _named_elsewhere(name: str, level: str, code: str, year: int, province: str | None
                     ) -> str | None:
    """What a name that no unit of the year's map has (no district of the province, for a
    district) says against the unit ``code``, when it is a unit's elsewhere: a province of
    the other map (before or after the reform, ``unit_names.province_of_the_other_map``:
    ``Bắc Giang`` in 2025, which went into 24, beside ``Mã tỉnh: 25``) that is not one with
    ``code``, or a district of another province only (``Huyện Bảo Lạc``, Cao Bằng's,
    beside Lộc Bình's 188). Before, such a name said nothing and the file was read as
    ``code``'s without a word, as if the name agreed. None when the name is ``code``'s, a
    former part of it or its new whole (``Lạng Sơn (cũ)`` under 20 in 2025), names no unit
    (``Lang Sonn``), or when ``code`` is no unit of the year's map (left to the checks
    downstream, as any such code)."""
    if level == "province":
        if province_name_of(code, year) is None:
            return None
        elsewhere = province_of_the_other_map(name, year)
        if elsewhere is None or code in elsewhere[1]:
            return None
        unit, ones = elsewhere
        if year >= REFORM_YEAR:
            return (f"is {unit} on the map before 1 July 2025, part of "
                    f"{' and '.join(sorted(ones))} on the map of {year}, not of {code}")
        return (f"is {unit} on the map from 1 July 2025, made of {' and '.join(sorted(ones))} "
                f"on the map of {year}, not of {code}")
    own = district_name_of(code, province or "", year)
    if own is None:
        return None
    units = districts_anywhere(name)
    if not units or name_key(name) == name_key(own) or any(p == province for _, p, _ in units):
        return None  # the province's own names are read on its map (``code_by_name``)
    units_are = (f"{units[0][0]} (province {units[0][1]})" if len(units) == 1 else
                 f"a district of {len(units)} other provinces "
                 f"({', '.join(sorted(p for _, p, _ in units))})")
    return f"is {units_are} on the map of {year}, not {code}"


def _not_a_former_province(named: dict[str, Any], name: str, code: str, year: int, key: str,
                           where: int) -> None:
    """Refuse a report of the reform's year on whose province is named as a former one that
    merged with others into province ``code``, the code typed (``Mã tỉnh: 24`` beside ``Tên
    tỉnh: Bắc Giang`` or ``Bắc Ninh (cũ)`` in 2025): a person reads that former province's
    report, its figures its part of the province, as a heading so named is a part of it
    (``layout.place_of``). The former province has no place on the year's map, and its
    figures are not the whole province's: read as ``code``'s, they made its totals partial.
    A former province that alone became a province of the year's map (``Lạng Sơn (cũ)``) is
    that province; a former province's own old code (``26`` beside ``Vĩnh Phúc``) is no
    province of the year's map, and is left to the checks downstream, as any such code."""
    former = former_province_named(name, year)
    if former is None or code not in provinces_after_reform(former) or len(
            merged := provinces_before_reform(code)) < 2:
        return
    others = [province_name_of(c, REFORM_YEAR - 1) or c for c in merged if c != former]
    raise NotASubmission(
        f"ThongTin row {named['row_number']} ({_cell(named)}): the province is named "
        f"'{cell_text(named['value'])}', the former province "
        f"{province_name_of(former, REFORM_YEAR - 1)} ({former} on the map before 1 July "
        f"2025), which merged with {' and '.join(others)} into {code} on the map of {year} "
        f"(the '{key}' of row {where}): its report gives that former province's part, not "
        f"the whole of {code}, and is not read as {code}'s. Send the report of the whole "
        "province, named as it is named since the merger")


def _of_a_year(text: str, year: int) -> str:
    """A `Lần gửi` value without the year its number is of (``Lần 02/2024`` is ``Lần 02``),
    when what follows the slash is a year: any in four digits (a report on 2023 is sent in
    2024), the reporting year only in two (``02/23``; ``02/24`` may be a month). Otherwise
    the value as it is."""
    found = _SENDING_OF_A_YEAR.fullmatch(text)
    if found is None:
        return text
    written = found.group("year")
    if len(written) == 2 and int(written) != year % 100:
        return text
    return found.group("number") + found.group("note")


def _sending(key: str, raw: Cell, year: int) -> Cell:
    """The revision a `Lần gửi` value says, as a number when one can be read: the number a
    person reads in ``Lần 2``, ``lần thứ 2``, ``(2)``, ``Gửi lần 2 (bổ sung)``.

    A number counting amendments counts the sendings after the first: ``Bổ sung lần 1``,
    ``Báo cáo bổ sung lần 2``, ``Điều chỉnh lần 1`` (or a number under a key that counts
    them, ``Lần bổ sung | 1``) are the first and second supplementary reports, sent after the
    original report, which is sending 1: they are revisions 2 and 3, as offices write it in
    full (``Lần 2 (bổ sung lần 1)``). An amendment without its number (``Bổ sung``,
    ``Lần gửi: bổ sung``) is a later sending than the first: revision 2. Before, ``Bổ sung
    lần 1`` was revision 1, the original's own number: the two files conflicted
    (CONFLICTING_SUBMISSION) and the signing dates chose which one was current.

    A note after the number (``_NOTE_AFTER``) leaves it the sending's number, unless it names
    as replaced a sending not before this one; then, as for any value whose number cannot be
    told, the value is returned as typed, to be flagged. So does the year the number is of
    (``Lần 02/2024``, ``_of_a_year``; ``year`` is the reporting year)."""
    # The key's own words, not a note in brackets (``Lần gửi (bổ sung)`` counts sendings).
    counts_amendments = bool(_AMENDMENT_WORDS.search(header_words(re.sub(r"\([^()]*\)", " ",
                                                                          key))))
    if type(raw) is not str:
        if counts_amendments and type(raw) in (int, float) and raw == int(raw) and raw >= 0:
            return int(raw) + 1
        return raw
    text = _of_a_year(fold(raw).strip(), year)
    if _AMENDMENT_ONLY.fullmatch(text):
        return 2
    if _FIRST_SENDING.fullmatch(text):
        return 1
    roman = _ROMAN_REVISION.fullmatch(text)
    if roman is not None and not counts_amendments:
        return _ROMAN_NUMBERS[roman.group(1)]
    apart = _AMENDMENT_APART.fullmatch(text)
    if apart is not None and not counts_amendments:
        # an amendment is a later sending than the first: `Bổ sung (lần 1)` says two things
        return int(apart.group("number")) if int(apart.group("number")) > 1 else raw
    spelled = _SPELLED_REVISION.fullmatch(text)
    if spelled is None:
        return raw
    word = spelled.group("word")
    number = _NUMBER_WORDS[word] if word else int(spelled.group(2) or spelled.group(3))
    if counts_amendments or _AMENDMENT_WORDS.search(spelled.group("amends")):
        number += 1
    earlier = spelled.group("earlier")
    if earlier is not None and int(earlier) >= number:
        return raw  # `Lần 2 - thay thế lần 3`: which of the two is this sending is not told
    return number


# The fields that say whose report a file is and for which year: a ThongTin lists some of
# their keys, filled in or not. A commune's name or code (``Tên xã``, ``Mã xã``: ThongTin's
# keys for a commune's own report) heads a column of an office's own table as often.
_IDENTITY_FIELDS = frozenset({"level", "province_code", "province_name", "district_code",
                              "district_name", "year", "signed_on", "revision"})


def lists_a_key(grid: Grid, vocab: Vocabulary | None = None) -> bool:
    """Whether the sheet names one of ThongTin's identity fields as a key anywhere (``Cấp
    báo cáo``, ``Mã tỉnh``, ``Năm báo cáo: 2023``, with a value or without,
    ``_IDENTITY_FIELDS``): a ThongTin, filled in or left blank, does; an office's own table
    named ``Thông tin tuyên truyền`` (``STT | Tên xã | Số tin bài``) does not."""
    vocab = vocab or default()
    return any(pair["field"] in _IDENTITY_FIELDS for pair in _pairs(grid, vocab))


def key_values(grid: Grid, vocab: Vocabulary | None = None, *, every_key: bool = False
               ) -> list[Cell]:
    """The values of the sheet's keys that name a field (``every_key``: of every key/value
    row, whether its key names a field or not; a line of its own, a title, has none), a dash
    read as blank (None)."""
    vocab = vocab or default()
    return [None if is_blank(p["value"]) or _is_dash(p["value"]) else p["value"]
            for p in _across(grid, vocab, _pairs(grid, vocab))
            if every_key or p["field"] is not None]


# The styles a submission's dates typed as numbers show, each with the first date showing
# it and where: ``"month"`` (``10/31/2024``: the second number above 12) and ``"day"``
# (``31/10/2024``) -> (the text, "sheet row n").
DatesShown = dict[str, tuple[str, str]]


def dates_shown(grids: Iterable[Grid]) -> DatesShown:
    """Which of the day-first and month-first styles the text dates of a submission's sheets
    show (``DatesShown``): a date whose second number is above 12 is month first, one whose
    first is, day first; ``1/10/2024`` shows neither. Every cell is looked at, so it is asked
    only for a CSV ThongTin whose `Ngày lập` the styles read differently."""
    shown: DatesShown = {}
    for grid in grids:
        for r, row in enumerate(grid.rows):
            for cell in row:
                if type(cell) is not str or not cell[:1].isdigit() or len(cell) > 24:
                    continue
                parts = numeric_date(cell)
                if parts is None:
                    continue
                first, second, _ = parts
                style = ("month" if first <= 12 < second <= 31
                         else "day" if second <= 12 < first <= 31 else None)
                if style is not None and style not in shown:
                    shown[style] = (cell.strip(), f"{grid.name} row {r + 1}")
                    if len(shown) == 2:
                        return shown
    return shown


def _signed_month_first(grid: Grid, pair: dict[str, Any] | None,
                        shown: Callable[[], DatesShown] | None,
                        problems: list[dict[str, Any]]) -> date | None:
    """`Ngày lập` of a CSV ThongTin read month first, where the submission shows that style,
    or None to read it as any date (day first, as written in Vietnam: ``parse_date``).

    Excel set to English (en-US) saves a date cell in a CSV month first (``1/10/2024`` for
    10 January, ``10/31/2024``): read day first, the first was 1 October, and the second
    refused. Where a date of the folder can only be month first (its second number above 12,
    this one or another sheet's, a B03 date) and none only day first, `Ngày lập` is read
    month first (``values.folder_month_first``, the rule B03's dates follow too), as a person
    reading the folder does (a warning when another date showed it, an info when `Ngày lập`
    shows it itself: ``values.month_first_said``). Where no date shows a style (``1/10/2024``
    alone), or the files show both, it is read day first, the intake's rule for Vietnamese
    files; the comma separating the cells is no sign of it, as
    Vietnamese forms format their dates ``dd/mm/yyyy`` whatever the PC's setting. Workbooks
    keep their dates as dates: a date typed as text in one is read day first, as before."""
    if pair is None or grid.separator is None or shown is None:
        return None
    found = folder_month_first(pair["value"], shown)
    if found is None:
        return None
    signed, own = found
    typed = cell_text(pair["value"])
    message = f"'Ngày lập' {month_first_said(typed, signed, own, shown())}"
    problem = {"row_number": pair["row_number"], "key": "signed_on", "code": "SHEET_LAYOUT",
               "severity": "info" if own else "warning", "message": message,
               "raw_value": typed}
    if pair["value_column"] is not None:
        problem["column"] = pair["value_column"]
    problems.append(problem)
    return signed


def read_identity(grid: Grid, vocab: Vocabulary | None = None,
                  folder_year: int | None = None,
                  other_titles: Callable[[], dict[int, Any]] | None = None,
                  legacy: Iterable[str] = (),
                  dates_shown: Callable[[], DatesShown] | None = None) -> Identity:
    """Who sent the submission, for which year, which revision, signed when. ``folder_year``
    (the year folder the file was found in, if any) only guards the one guess made here: a
    year read from a title must agree with it. ``other_titles`` gives the years the other
    sheets' titles name (``titles.title_years``), asked only when `Năm báo cáo` gives a
    period (``_year_read``). ``legacy``: the legacy encodings the file holds text in, in
    which a unit's name may read as another (``_by_name``). ``dates_shown`` gives the
    styles the submission's dates show (``dates_shown``), asked only of a CSV ThongTin whose
    `Ngày lập` reads otherwise month first (``_signed_month_first``)."""
    vocab = vocab or default()
    pairs = _across(grid, vocab, _pairs(grid, vocab))
    found: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        name = pair["field"]
        if name is None:
            continue
        if _is_dash(pair["value"]):
            pair = {**pair, "value": None}  # read as blank; raw.thongtin keeps the dash
        # The first key naming a field gives its value; for the year, a period naming the
        # whole year (`Kỳ báo cáo: Năm`) gives way to a key giving the year (`_years_agree`).
        if name not in found or (name == "year" and _whole_year(found[name]["value"])
                                 and not is_blank(pair["value"])
                                 and not _whole_year(pair["value"])):
            found[name] = pair
    problems: list[dict[str, Any]] = _unknown_keys(pairs) + _planned_years(pairs)
    # Names typed in a code's cell beside a name under the name's own key, by code field.
    typed: dict[str, dict[str, Any]] = {}
    # Names typed with their code in the code's cell (`Mã huyện: 188 - Lộc Bình`), by code field.
    beside: dict[str, dict[str, Any]] = {}

    for code_field, name_field, width in (("province_code", "province_name", 2),
                                          ("district_code", "district_name", 3)):
        named, coded = found.get(name_field), found.get(code_field)
        if (coded is None or is_blank(coded["value"])) and named is not None and (
                both := _code_and_name(named, width)):
            found[code_field] = {**named, "value": both[0]}
            found[name_field] = {**named, "value": both[1]}
        elif coded is not None and (both := _code_and_name(coded, width)):
            # "20 - Lạng Sơn" under "Mã tỉnh" too, as a template's drop-down list writes it
            found[code_field] = {**coded, "value": both[0]}
            found.setdefault(name_field, {**coded, "value": both[1]})
            beside[code_field] = {**coded, "value": both[1]}
        elif coded is not None and _only_a_name(coded["value"]):
            # "Mã tỉnh: Lạng Sơn": the name where the code belongs, read as a name is
            # (``_by_name``); with a name under its own key too, both must name the unit.
            found[code_field] = {**coded, "value": None}
            if named is None or is_blank(named["value"]):
                found[name_field] = coded
            else:
                typed[code_field] = coded

    def value(name: str) -> Cell:
        pair = found.get(name)
        return None if pair is None else pair["value"]

    titled = _title_year(pairs, grid.name, other_titles) if is_blank(
        value("year")) or _whole_year(value("year")) else None
    if titled is not None:
        year, (title_sheet, row, column, title) = titled
        elsewhere = f" ({title_sheet} row {row})" if title_sheet != grid.name else ""
        if folder_year is not None and year != folder_year:
            raise NotASubmission(f"ThongTin has no 'Năm báo cáo'; its title{elsewhere} names "
                                 f"{year} but the file is in the folder of {folder_year}")
        found["year"] = {"row_number": row, "key": title, "field": "year", "key_column": column,
                         "value_column": column, "value": year}
        problems.append({"row_number": row, "key": "year", "sheet": title_sheet,
                         "code": "YEAR_FROM_TITLE", "column": column,
                         "message": f"no 'Năm báo cáo'; the reporting year {year} is read from "
                                    f"the title '{title}'{elsewhere}", "raw_value": title})

    def parsed(name: str, *, required: str | None = None) -> Any:
        """A key's value read by its declared kind (``template.THONGTIN``)."""
        raw = value(name)
        if name == "revision":
            raw = _sending(found[name]["key"], raw, year) if name in found else raw
        try:
            result = cell_parser(FIELDS[name].kind)(raw)
        except CellError as exc:
            if required:
                raise NotASubmission(f"ThongTin row {found[name]['row_number']}: {exc}") from exc
            problem = {"row_number": found[name]["row_number"], "key": name,
                       "message": str(exc), "raw_value": cell_text(raw)}
            if found[name]["value_column"] is not None:
                problem["column"] = found[name]["value_column"]
            problems.append(problem)
            return None
        if result is None and required:
            raise NotASubmission(f"ThongTin has no {required}")
        return result

    level_text = fold(cell_text(value("level")))
    # A thị xã, and a thành phố with a district code or name (a city of a province), report
    # as a district; a thành phố without either is a centrally governed city, a province.
    # Without a level, a ThongTin naming a district is a district's (``_names_a_district``).
    # The level in English (``District``, ``Province``), as a form translated for a donor's
    # project writes it, is the same level.
    if any(w in level_text for w in ("huyen", "quan", "thi xa", "thuoc tinh", "district")) or (
            "thanh pho" in level_text and not (is_blank(value("district_code"))
                                               and is_blank(value("district_name")))) or (
            not level_text and _names_a_district(found, problems)):
        level = "district"
    elif "tinh" in level_text or "thanh pho" in level_text or "province" in level_text:
        level = "province"
    elif not level_text:
        raise NotASubmission("ThongTin has no 'Cấp báo cáo' (Huyện or Tỉnh)")
    else:
        raise NotASubmission(
            f"ThongTin 'Cấp báo cáo' is '{cell_text(value('level'))}', not Huyện or Tỉnh"
        )
    if found.get("year") is not None:
        found["year"] = {**found["year"], "value": _year_read(
            found["year"], pairs, problems, grid.name, folder_year, other_titles)}
    # The year first: a unit named without its code is looked up on the year's map.
    year = parsed("year", required="'Năm báo cáo'")
    _years_agree(pairs, found["year"], year)
    if level == "district" and year >= REFORM_YEAR:
        # Districts were abolished on 1 July 2025 (two-tier local government); from 2025
        # each province reports its communes itself. A district's report of such a year
        # names a unit the year's map does not have, and its communes cannot be placed.
        said = cell_text(value("level"))
        raise NotASubmission(
            (f"ThongTin gives the report's level as '{said}' (a district)" if said else
             "ThongTin names a district as the reporting unit") + f" for {year}: districts "
            f"were abolished on 1 July 2025, and from {REFORM_YEAR} each province reports its "
            "communes itself (B01); a district's report of that year is no submission of the "
            "template")
    if level == "province" and year < REFORM_YEAR:
        _no_district_named(found)
    _no_commune_named(found)
    province_code = parsed("province_code") or _by_name(
        found, problems, "province", year, None, typed, legacy) or parsed(
        "province_code", required="'Mã tỉnh'")
    district_code = parsed("district_code")
    if district_code is None and level == "district":
        district_code = _by_name(
            found, problems, "district", year, province_code, typed, legacy) or parsed(
            "district_code", required="'Mã huyện' (required for a district report)")
    _names_agree(found, beside, problems, year, province_code,
                 district_code if level == "district" else None)
    signed_on = _signed_month_first(grid, found.get("signed_on"), dates_shown, problems)
    if signed_on is None:
        signed_on = parsed("signed_on")
    if signed_on is not None and signed_on.year < year:
        # A report on a year's results signed before that year began (`Ngày lập: 20/12/2022`
        # in a 2023 report): last year's form kept, or a slip of the year. Taken as the
        # signing date, it would decide which of two files of one revision is current.
        problems.append({"row_number": found["signed_on"]["row_number"], "key": "signed_on",
                         "message": f"'Ngày lập' {signed_on:%d/%m/%Y} is before the reporting "
                         f"year {year} began, so it cannot be the date this report was made; "
                         "it is not read",
                         "raw_value": cell_text(found["signed_on"]["value"])})
        signed_on = None
    if signed_on is None and "signed_on" not in {p["key"] for p in problems}:
        problems.append({"row_number": found.get("signed_on", {}).get("row_number"),
                         "key": "signed_on", "message": "ThongTin has no 'Ngày lập'",
                         "raw_value": None})
    revision = parsed("revision")
    sent = found.get("revision")
    if sent is not None and is_blank(sent["value"]) and not _only_a_key(vocab, "revision",
                                                                        sent["key"]):
        # "Lần gửi thứ hai" alone: the key says its number in words (a number in figures is
        # split off the key already, ``_in_one_cell``)
        line = _LINE_NUMBER.match(sent["key"])
        words = sent["key"][line.end() if line else 0:]
        spelled = _SPELLED_REVISION.fullmatch(fold(words).strip())
        if spelled is not None and spelled.group("word"):
            revision = _sending(sent["key"], words, year)
    if revision is None and sent is not None and is_blank(sent["value"]) and not _only_a_key(
            vocab, "revision", sent["key"]):
        # "Lần gửi thứ hai mươi" alone: the key with words after it, which may say another
        # number than 1; a blank `Lần gửi` is the template's first sending and says nothing.
        problems.append({"row_number": sent["row_number"], "key": "revision",
                         "column": sent["key_column"],
                         "message": f"no number can be read from '{sent['key']}'; the "
                                    "revision is taken as 1", "raw_value": sent["key"]})
    if revision is not None and not 1 <= revision <= _MAX_REVISION:
        said = found["revision"]
        problem = {"row_number": said["row_number"], "key": "revision",
                   "message": f"'Lần gửi' {revision} is not 1, 2, ...; taken as 1",
                   "raw_value": cell_text(said["value"]) or str(revision)}
        if revision > _MAX_REVISION:
            problem["message"] = (
                f"'Lần gửi' '{cell_text(said['value'])}' cannot be the number of the sending "
                f"(1 to {_MAX_REVISION}): a year or a date typed in its place? The revision is "
                "taken as 1; correct 'Lần gửi' and send the file again")
        if said["value_column"] is not None:
            problem["column"] = said["value_column"]
        problems.append(problem)
        revision = None
    criteria_text = "".join(cell_text(value("criteria_set")).split()).replace("–", "-")
    criteria_set = default_criteria_set(year)
    if criteria_text:
        if criteria_text in CRITERIA_SETS and int(criteria_text[:4]) > year:
            # a set that did not exist yet (2026-2030 in a report on 2024): a slip of the
            # form, whose B01 is on the year's set; read by that set, B01's criteria
            # columns would match nothing and a good sheet would be refused
            problems.append({"row_number": found["criteria_set"]["row_number"],
                             "key": "criteria_set",
                             "message": f"'Bộ tiêu chí' '{criteria_text}' begins after the "
                             f"reporting year {year}, so it cannot be the set the report is "
                             f"on; the set of {year} ({criteria_set}) is used",
                             "raw_value": criteria_text})
        elif criteria_text in CRITERIA_SETS:
            criteria_set = criteria_text
        else:
            problems.append({"row_number": found["criteria_set"]["row_number"],
                             "key": "criteria_set",
                             "message": f"'Bộ tiêu chí' '{criteria_text}' is not one of "
                             f"{', '.join(CRITERIA_SETS)}; the set of {year} is used",
                             "raw_value": criteria_text})
    ntm_year = _years_not_come(pairs, problems, year, found.get("district_ntm_year"),
                               parsed("district_ntm_year")) if level == "district" else None
    return Identity(
        level=level,
        province_code=province_code,
        province_name=parsed("province_name"),
        district_code=district_code if level == "district" else None,
        district_name=parsed("district_name") if level == "district" else None,
        year=year,
        revision=revision or 1,
        revision_given=revision is not None,
        signed_on=signed_on,
        criteria_set=criteria_set,
        district_ntm_year=ntm_year,
        pairs=pairs,
        problems=problems,
    )
