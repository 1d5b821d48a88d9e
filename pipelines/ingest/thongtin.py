"""Sheet ThongTin: who sent the submission, for which year, which revision, signed when.

The unit and year come from here, never from the folder: a file filed under the wrong year
folder is still placed correctly (and flagged elsewhere). A ThongTin that does not name a unit
and a year makes the whole file unplaceable, so it is rejected with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipelines.ingest.columns import cell_parser
from pipelines.ingest.template import THONGTIN
from pipelines.ingest.text import fold, nfc
from pipelines.ingest.unit_names import code_by_name
from pipelines.ingest.values import CellError, cell_text, is_blank
from pipelines.ingest.vocabulary import Vocabulary, default, header_words
from pipelines.ingest.workbook import Cell, Grid

CRITERIA_SETS = ("2016-2020", "2021-2025", "2026-2030")
# "Lần 2", "lần thứ 2", "Bổ sung lần 2", "Gửi lần 2 (bổ sung)": the number a person reads.
_SPELLED_REVISION = re.compile(
    r"(?:(?:bao cao|ban|gui|nop|bo sung|dieu chinh|sua doi|thay the)\s*)*"
    r"(?:lan(?: gui)?(?: thu)?|thu)\s*([0-9]+)(?:\s*\([^()]*\))?")
# "20 - Lạng Sơn" under "Tỉnh" or "Mã tỉnh", "188 - Lộc Bình" under "Huyện": a code and a name
# in one cell.
_CODE_AND_NAME = re.compile(r"([0-9]{1,3})\s*[-–—:.]\s*(\S.*)")
_LETTER = re.compile(r"[^\W\d_]")
# "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2023", folded: the year a title names.
_TITLE_YEAR = re.compile(r"\bnam\s*(\d{4})\b")
FIELDS = {f.name: f for f in THONGTIN}


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
    """The ThongTin field a cell names as a key (``Mã số tỉnh`` is ``province_code``)."""
    return vocab.match("ThongTin", header_words(text))[0]


def _pairs(grid: Grid, vocab: Vocabulary) -> list[dict[str, Any]]:
    """Key/value rows: the key is the first filled cell that names a ThongTin field, the
    value the next filled cell to its right (offices insert blank columns, title rows and a
    numbering column, ``1 | Mã tỉnh | 20``, so positions are not trusted); a row that names
    no field keeps its first two filled cells. Keys are matched by the ThongTin vocabulary
    (``template.THONGTIN``), so ``Mã số tỉnh`` is ``Mã tỉnh``."""
    pairs = []
    for i, row in enumerate(grid.rows):
        filled = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
        if not filled:
            continue
        at, name = 0, None
        # A key has its value to its right, unless it is the row's only cell.
        for k, (_, cell) in enumerate(filled[:-1] or filled):
            if type(cell) is str:
                name = _field(vocab, cell)
                if name is not None:
                    at = k
                    break
        key_col, key = filled[at]
        value_col, value = filled[at + 1] if len(filled) > at + 1 else (None, None)
        if value_col is None or name is None:
            # "Năm báo cáo: 2023" in one cell: the key before the colon, the value after.
            for j, cell in filled:
                head, colon, tail = cell.partition(":") if type(cell) is str else ("", "", "")
                named = _field(vocab, head) if (
                    colon and tail.strip()) else None
                if named is not None:
                    name, key, key_col, value, value_col = named, head, j, tail.strip(), j
                    break
        pairs.append(
            {
                "row_number": i + 1,
                "key": nfc(cell_text(key)).strip(),
                "field": name,
                "key_column": key_col,
                "value_column": value_col,
                "value": value,
            }
        )
        if name is not None and value_col is not None and value_col != key_col:
            pairs.extend(_more_pairs(i, filled[at + 2:], vocab))
    return pairs


def _more_pairs(i: int, rest: list[tuple[int, Cell]], vocab: Vocabulary
                ) -> list[dict[str, Any]]:
    """Keys side by side in one row, each followed by its value (``Mã tỉnh | 20 | Mã huyện |
    188``): a person reads every pair, not only the first. A cell after a pair that names no
    key ends the reading of the row (it is not guessed at)."""
    pairs = []
    while len(rest) >= 2 and type(rest[0][1]) is str:
        name = _field(vocab, rest[0][1])
        if name is None:
            break
        (key_col, key), (value_col, value) = rest[0], rest[1]
        pairs.append({"row_number": i + 1, "key": nfc(cell_text(key)).strip(), "field": name,
                      "key_column": key_col, "value_column": value_col, "value": value})
        rest = rest[2:]
    return pairs


def _across(grid: Grid, vocab: Vocabulary, pairs: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """ThongTin laid out as a table, as some offices copy it: the keys side by side in one
    row (``Cấp báo cáo | Mã tỉnh | Tên tỉnh | … | Năm báo cáo``), each value under its key in
    the next filled row. A person reads each key with the value below it; read row by row,
    the first key took the second key as its value and the file was refused. A row naming
    three keys or more in cells of their own is such a header (a ThongTin read row by row
    names one key a row, or keys each followed by its value); its two rows' pairs are
    replaced by the keys with their values."""
    rows = grid.rows
    for i, row in enumerate(rows):
        filled = [(j, cell) for j, cell in enumerate(row) if not is_blank(cell)]
        if len(filled) < 3 or any(type(cell) is not str for _, cell in filled):
            continue
        named: dict[int, str] = {}
        for j, cell in filled:
            name = _field(vocab, cell) if ":" not in cell else None
            if name is None or name in named.values():
                break  # keys side by side with their values (``Mã tỉnh | 20 | …``): _pairs
            named[j] = name
        if len(named) < len(filled):
            continue
        below = next((k for k in range(i + 1, len(rows))
                      if any(not is_blank(c) for c in rows[k])), None)
        if below is None:
            return pairs
        values = rows[below]
        across = [{"row_number": below + 1, "key": nfc(cell_text(row[j])).strip(),
                   "field": name, "key_column": j, "value_column": j,
                   "value": values[j] if j < len(values) and not is_blank(values[j]) else None}
                  for j, name in named.items()]
        before = [p for p in pairs if p["row_number"] <= i]
        after = [p for p in pairs if p["row_number"] > below + 1]
        return before + across + after
    return pairs


def _title_year(pairs: list[dict[str, Any]]) -> tuple[int, dict[str, Any]] | None:
    """The year the title lines above ThongTin's first key name, for a ThongTin without a
    `Năm báo cáo`, as a person reads the sheet: only when the titles name one year (a title
    naming the year's results and the next year's plan names two, and nothing is guessed)."""
    years: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        if pair["field"] is not None:
            break
        if pair["value"] is None:  # a line of its own: a title, not an unknown key
            for found in _TITLE_YEAR.findall(fold(pair["key"])):
                years.setdefault(int(found), pair)
    return next(iter(years.items())) if len(years) == 1 else None


def _code_and_name(pair: dict[str, Any], width: int) -> tuple[str, str] | None:
    """A pair's value as a code of at most ``width`` digits and a name (``20 - Lạng Sơn``),
    or None."""
    if type(pair["value"]) is not str:
        return None
    both = _CODE_AND_NAME.fullmatch(pair["value"].strip())
    if both and len(both.group(1)) <= width and _LETTER.search(both.group(2)):
        return both.group(1), both.group(2)
    return None


def _only_a_name(value: Cell) -> bool:
    """Text with letters and no digit: a name, not a code typed wrong."""
    return type(value) is str and _LETTER.search(value) is not None and not any(
        ch.isdigit() for ch in value)


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
             year: int, province: str | None, typed: dict[str, dict[str, Any]]) -> str | None:
    """A unit's code from its name (``Tên tỉnh``, ``Tên huyện``) when the code is missing or
    blank, as a person reading the sheet would find it (``unit_names``); the reading is
    named by UNIT_BY_NAME at the name's cell. Only when the code's cell is absent or blank:
    a code typed wrong is an error, not an invitation to guess. A name typed in the code's
    cell stands in the name's place, or, beside a name under its own key, is in ``typed``
    and must name the same unit."""
    code_field, name_field = f"{level}_code", f"{level}_name"
    if code_field in found and not is_blank(found[code_field]["value"]):
        return None
    named = found.get(name_field)
    if named is None:
        return None
    code = code_by_name(named["value"], level, year, province)
    word = "Mã tỉnh" if level == "province" else "Mã huyện"
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


def read_identity(grid: Grid, vocab: Vocabulary | None = None,
                  folder_year: int | None = None) -> Identity:
    """Who sent the submission, for which year, which revision, signed when. ``folder_year``
    (the year folder the file was found in, if any) only guards the one guess made here: a
    year read from a title must agree with it."""
    vocab = vocab or default()
    pairs = _across(grid, vocab, _pairs(grid, vocab))
    found: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        if pair["field"] and pair["field"] not in found:
            found[pair["field"]] = pair
    problems: list[dict[str, Any]] = []
    # Names typed in a code's cell beside a name under the name's own key, by code field.
    typed: dict[str, dict[str, Any]] = {}

    for code_field, name_field, width in (("province_code", "province_name", 2),
                                          ("district_code", "district_name", 3)):
        named, coded = found.get(name_field), found.get(code_field)
        if coded is None and named is not None and (both := _code_and_name(named, width)):
            found[code_field] = {**named, "value": both[0]}
            found[name_field] = {**named, "value": both[1]}
        elif coded is not None and (both := _code_and_name(coded, width)):
            # "20 - Lạng Sơn" under "Mã tỉnh" too, as a template's drop-down list writes it
            found[code_field] = {**coded, "value": both[0]}
            found.setdefault(name_field, {**coded, "value": both[1]})
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

    titled = _title_year(pairs) if is_blank(value("year")) else None
    if titled is not None and folder_year is not None and titled[0] != folder_year:
        raise NotASubmission(f"ThongTin has no 'Năm báo cáo'; its title names {titled[0]} but "
                             f"the file is in the folder of {folder_year}")
    if titled is not None:
        year, title = titled
        found["year"] = {**title, "value": year}
        problems.append({"row_number": title["row_number"], "key": "year",
                         "code": "YEAR_FROM_TITLE", "column": title["key_column"],
                         "message": f"no 'Năm báo cáo'; the reporting year {year} is read from "
                                    f"the title '{title['key']}'", "raw_value": title["key"]})

    def parsed(name: str, *, required: str | None = None) -> Any:
        """A key's value read by its declared kind (``template.THONGTIN``)."""
        raw = value(name)
        if name == "revision" and type(raw) is str:
            # "Lần 2", "lần thứ 2": the number a person reads.
            spelled = _SPELLED_REVISION.fullmatch(fold(raw))
            raw = spelled.group(1) if spelled else raw
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
    if any(w in level_text for w in ("huyen", "quan", "thi xa", "thuoc tinh")) or (
            "thanh pho" in level_text and not (is_blank(value("district_code"))
                                               and is_blank(value("district_name")))) or (
            not level_text and _names_a_district(found, problems)):
        level = "district"
    elif "tinh" in level_text or "thanh pho" in level_text:
        level = "province"
    elif not level_text:
        raise NotASubmission("ThongTin has no 'Cấp báo cáo' (Huyện or Tỉnh)")
    else:
        raise NotASubmission(
            f"ThongTin 'Cấp báo cáo' is '{cell_text(value('level'))}', not Huyện or Tỉnh"
        )
    # The year first: a unit named without its code is looked up on the year's map.
    year = parsed("year", required="'Năm báo cáo'")
    province_code = parsed("province_code") or _by_name(
        found, problems, "province", year, None, typed) or parsed(
        "province_code", required="'Mã tỉnh'")
    district_code = parsed("district_code")
    if district_code is None and level == "district":
        district_code = _by_name(
            found, problems, "district", year, province_code, typed) or parsed(
            "district_code", required="'Mã huyện' (required for a district report)")
    signed_on = parsed("signed_on")
    if signed_on is None and "signed_on" not in {p["key"] for p in problems}:
        problems.append({"row_number": found.get("signed_on", {}).get("row_number"),
                         "key": "signed_on", "message": "ThongTin has no 'Ngày lập'",
                         "raw_value": None})
    revision = parsed("revision")
    if revision is not None and revision < 1:
        problems.append({"row_number": found["revision"]["row_number"], "key": "revision",
                         "message": f"'Lần gửi' {revision} is not 1, 2, ...; taken as 1",
                         "raw_value": str(revision)})
        revision = None
    criteria_text = "".join(cell_text(value("criteria_set")).split()).replace("–", "-")
    criteria_set = default_criteria_set(year)
    if criteria_text:
        if criteria_text in CRITERIA_SETS:
            criteria_set = criteria_text
        else:
            problems.append({"row_number": found["criteria_set"]["row_number"],
                             "key": "criteria_set",
                             "message": f"'Bộ tiêu chí' '{criteria_text}' is not one of "
                             f"{', '.join(CRITERIA_SETS)}; the set of {year} is used",
                             "raw_value": criteria_text})
    return Identity(
        level=level,
        province_code=province_code,
        province_name=parsed("province_name"),
        district_code=district_code if level == "district" else None,
        district_name=parsed("district_name") if level == "district" else None,
        year=year,
        revision=revision or 1,
        signed_on=signed_on,
        criteria_set=criteria_set,
        district_ntm_year=parsed("district_ntm_year") if level == "district" else None,
        pairs=pairs,
        problems=problems,
    )
