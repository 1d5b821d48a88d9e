"""Header, mark and unit vocabulary: the template's, plus what a statistician adds in a file.

Offices head the same column in many ways (``Mã xã``, ``Mã ĐVHC``, ``Mã số xã``), name criteria
instead of numbering them (``2. Giao thông``) and type marks the template does not list (``√``).
The built-in vocabulary is declared in ``template.py``; a TOML file in the raw folder
(``vocabulary.toml``, or the path in ``NTM_VOCABULARY``) adds to it without code, and is
checked when it is read: an entry that names an unknown sheet, column, mark or unit, or that
would give a header two meanings, is reported (never applied) and the rest of the file still
counts. ``docs/ingest.md`` shows the format.

The vocabulary is part of how files are read, so its fingerprint is stored with every file
read (``raw.files.vocabulary_sha``): changing the file makes the next build read every file
again with the new words.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipelines.ingest import seeds, template
from pipelines.ingest.discover import VOCABULARY_FILE
from pipelines.ingest.text import fold

# Where a message about a header or unit the intake did not know says to add it.
VOCABULARY_HINT = f"the vocabulary file ({VOCABULARY_FILE} in the raw folder, see docs/ingest.md)"

# Abbreviations spelled out word by word, and phrases shortened, so that "Số TC đạt" and
# "Số tiêu chí đạt", "Nông thôn mới" and "NTM" are one header; "T.C 1" is "TC 1" with its
# letters dotted. "Thời điểm" (the moment) heads what "thời gian" (the time) heads, when
# something happened ("Thời điểm công nhận", "Thời gian công nhận"): one header, and its
# "điểm" is no score ("Điểm đánh giá"), which it was taken for.
_WORDS = {"tc": "tieu chi", "dvt": "don vi tinh", "kh": "ke hoach", "th": "thuc hien",
          "sl": "so luong", "gt": "gia tri", "qd": "quyet dinh", "sp": "san pham",
          "ti": "ty", "nsnn": "ngan sach nha nuoc", "htx": "hop tac xa", "dn": "doanh nghiep"}
_PHRASES = (("nong thon moi", "ntm"), ("nam sau", "nam sau"), ("t c", "tieu chi"),
            ("thoi diem", "thoi gian"))
_SPLIT_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9%]+")
# A year, with the "năm" before it unless that "năm" ends "cả năm" (the whole year: "Ước cả
# năm 2023" is "Ước cả năm" of 2023, not "Ước cả"), or with the year's end before it ("Đạt
# chuẩn đến 31/12/2023", "tính đến ngày 31 tháng 12 năm 2023": the year's figures, as "năm
# 2023" says; before, the words of the date were left in the header, which then named no
# column).
_YEAR = re.compile(r"\b(?:(?:tinh )?den (?:het )?(?:ngay )?31 (?:thang )?12 (?:nam )?"
                   r"|(?<!\bca )nam )?((?:19|20)[0-9]{2})\b")


@lru_cache(maxsize=1 << 14)
def header_words(text: str) -> str:
    """A header as comparable words: ``"Số TC đạt\\n(tiêu chí)"`` -> ``"so tieu chi dat tieu
    chi"``. Punctuation and brackets become spaces, so units and footnotes stay as words."""
    folded = _SPLIT_DIGITS.sub(" ", fold(text))
    words = [_WORDS.get(w, w) for w in _NOT_WORD.sub(" ", folded).split()]
    joined = " ".join(words)
    for long, short in _PHRASES:
        if long in joined:
            joined = re.sub(rf"\b{long}\b", short, joined)
    return joined


# A header or a period of part of the year: fewer than 12 months ("6 tháng đầu năm",
# "Thực hiện 10 tháng"; not a date's "01 tháng 01"), half a year, a quarter ("Quý III",
# "Quý 4/2023"), or to a day before the year's end ("đến 30/9/2023", "TH đến 15/11", "đến
# ngày 30 tháng 9"): its figures are not the year's, whatever it holds.
_PART_OF_YEAR = re.compile(
    r"\b(?:(?:0?[1-9]|1[01]) thang\b(?! [0-9])|thang (?:dau|cuoi) nam\b"
    r"|nua (?:dau |cuoi )?nam\b|quy (?:i{1,3}|iv|[1-4])\b"
    r"|den (?:ngay )?[0-9]{1,2} (?:thang )?[0-9]{1,2}\b(?<!31 12)(?<!31 thang 12))")


def part_of_year(words: str) -> str | None:
    """What in a header's words (``header_words``) names part of a year, or None."""
    found = _PART_OF_YEAR.search(words)
    return None if found is None else found.group(0)


# The year's report closed in its last month: offices send it before the deadline with its
# figures "as of" a day in December (``SỐ LIỆU TÍNH ĐẾN NGÀY 15/12/2025``), and a person
# reads the year's figures. In a title, or in ThongTin's period (``Năm 2023 (số liệu đến
# 15/12/2023)``), such a date says when the report was closed, not that the figures are part
# of the year (a header's ``đến 15/12`` beside the year's column is the header rule's,
# ``part_of_year``).
_YEARS_CLOSE = re.compile(r"\bden (?:ngay )?[0-9]{1,2} (?:thang )?12\b")


def without_years_close(words: str) -> str:
    """A title's or a report's period's words (``header_words``) with a December closing
    date (``_YEARS_CLOSE``) set aside, as ``part_of_year`` is then asked of them."""
    return _YEARS_CLOSE.sub(" ", words) if "den" in words else words


# A header, heading or title naming the communes as they were before the reorganisation of
# 2025 (two-tier local government from 1 July 2025, communes merged), which 2025 reports give
# beside the new communes' figures: ``xã cũ``, ``ĐVHC cũ``, ``trước sắp xếp``, ``trước (khi)
# sáp nhập``, ``trước hợp nhất``, ``trước 01/7/2025``. `cũ` counts only after a commune's
# noun: alone it is also the old criteria set's (``Bộ tiêu chí cũ``), and folded it is also
# ``cư`` (``khu dân cư``). Communes were merged in earlier years too, so the words count in
# every year.
_BEFORE_REORGANISATION = re.compile(
    r"\b(?:(?:xa|dvhc|don vi hanh chinh|cap xa) cu"
    r"|truoc (?:khi )?(?:thuc hien )?(?:sap xep|sap nhap|sat nhap|hop nhat|to chuc lai)"
    r"|truoc (?:ngay )?0?1 (?:thang )?0?7 (?:nam )?2025)\b")


def before_reorganisation(words: str) -> str | None:
    """What in a header's words (``header_words``) names the communes before the
    reorganisation, or None."""
    found = _BEFORE_REORGANISATION.search(words)
    return None if found is None else found.group(0)


def another_period(words: str) -> str | None:
    """Why figures headed, titled or introduced by these words (``header_words``) are not the
    reporting year's at its end, or None: they are of part of the year (``6 tháng đầu
    năm``, ``đến 30/6/2025``, ``Quý II``) or of the communes before the reorganisation
    (``xã cũ``, ``trước sắp xếp``). One vocabulary for B01's columns, its section headings
    and every sheet's titles."""
    if (part := part_of_year(words)) is not None:
        return f"part of the year ('{part}')"
    if (former := before_reorganisation(words)) is not None:
        return f"the communes before the reorganisation ('{former}')"
    return None


# Words naming a list, a figure or a year as planned, registered for, aimed at or proposed,
# not reached, in folded words (``Dự kiến``, ``Đăng ký``, ``Kế hoạch``, ``Phấn đấu``, ``Đề
# nghị``): one vocabulary for sheets' names and titles (``reader._NAMED_PLAN``) and ThongTin's
# status years (``thongtin._NOT_YET``), each adding its own words.
PLAN_WORDS = r"dang ky|du kien|ke hoach|phan dau|de nghi"

# A year before the reporting one named without its number (``năm trước``, ``năm ngoái``,
# ``kỳ trước``, ``các năm trước``), in folded words: in a B03 remark (``Đã tính năm trước``)
# and in a heading over rows (``Sản phẩm đã được công nhận các năm trước``).
YEAR_BEFORE = re.compile(r"\b(?:nam|ky) (?:truoc|ngoai)\b")

# The district criteria of a level above NTM, in header words: the advanced district's
# (``Bộ tiêu chí huyện NTM nâng cao``, Decision 320/QĐ-TTg) or the model district's
# (``kiểu mẫu``), nine criteria named as the NTM district's are, which a district recognised
# as NTM assesses and sends in B05's place. The set is named after ``tiêu chí`` (``Tiêu chí
# huyện nông thôn mới nâng cao``, ``theo Bộ tiêu chí quốc gia về huyện NTM nâng cao``):
# ``phấn đấu đạt chuẩn huyện NTM nâng cao`` names a status sought, not the criteria.
_HIGHER_LEVEL = r"(?:ntm )?(?:nang cao|kieu mau)\b|ntm ?(?:nc|km)\b"
_CRITERIA_OF = (r"\btieu chi (?:quoc gia )?(?:(?:ve|cua|cap|doi voi|danh gia|xay dung"
                r"|dat chuan) )*(?:huyen )?")
_HIGHER_SET = re.compile(rf"{_CRITERIA_OF}(?:{_HIGHER_LEVEL})")
_NTM_SET = re.compile(rf"{_CRITERIA_OF}ntm\b(?! ?(?:nang cao|kieu mau|nc|km)\b)")
# A level above NTM named anywhere (``Đạt chuẩn NTM nâng cao``, ``Kết quả (NTMNC)``), and a
# heading naming nothing but it (``II. HUYỆN NTM NÂNG CAO``).
_A_HIGHER_LEVEL = re.compile(rf"\b(?:{_HIGHER_LEVEL})")
_SET_HEADING = (r"(?:(?:[ivx]+|[a-d]|[0-9]+) )?(?:cac )?(?:tieu chi )?(?:huyen )?"
                r"(?:dat chuan )?")
_HIGHER_HEADING = re.compile(rf"{_SET_HEADING}(?:{_HIGHER_LEVEL})")
# A heading naming nothing but the NTM district (``I. HUYỆN NTM``, ``Huyện đạt chuẩn NTM``).
_NTM_HEADING = re.compile(rf"{_SET_HEADING}ntm")


def higher_level_set(words: str, *, heading: bool = False) -> str | None:
    """What in words (``header_words``) names the district criteria of a level above NTM, or
    None; with ``heading``, a heading naming that level alone does too. None when the words
    name the NTM district criteria as well: Decision 320/QĐ-TTg, cited by its title, issues
    both sets, and a title citing it names neither as the sheet's."""
    found = _HIGHER_SET.search(words) or (_HIGHER_HEADING.fullmatch(words) if heading else None)
    if found is None or _NTM_SET.search(words):
        return None
    return found.group(0)


def ntm_set(words: str, *, heading: bool = False) -> str | None:
    """What in words (``header_words``) names the NTM district criteria (``Tiêu chí huyện
    NTM``, ``Bộ tiêu chí huyện nông thôn mới``) and no level above it, or None; with
    ``heading``, a heading naming the NTM district alone (``I. Huyện NTM``) does too. A B05
    heading so named heads the criteria B05 holds, beside a block of a level above
    (``higher_level_set``)."""
    found = _NTM_SET.search(words) or (_NTM_HEADING.fullmatch(words) if heading else None)
    if found is None or _HIGHER_SET.search(words) or _A_HIGHER_LEVEL.search(words):
        return None
    return found.group(0)


def higher_level(words: str) -> str | None:
    """What in words (``header_words``) names a level above NTM, or None: in the header of
    B05's result column, it says whose criteria its marks are."""
    found = _A_HIGHER_LEVEL.search(words)
    return None if found is None else found.group(0)


def header_years(words: str) -> tuple[set[int], str]:
    """Years written in a header (``Kế hoạch năm 2024``) and the header without them."""
    years = {int(y) for y in _YEAR.findall(words)}
    return years, " ".join(_YEAR.sub(" ", words).split()) if years else words


@dataclass(frozen=True)
class Phrase:
    words: str
    mode: str  # "exact", "anywhere" or "start"

    @classmethod
    def parse(cls, text: str) -> Phrase:
        mode = {"=": "exact", "~": "anywhere"}.get(text[:1], "start")
        body = text[1:] if mode != "start" else text
        return cls(header_words(body), mode)

    def score(self, words: str) -> tuple[int, int] | None:
        if self.mode == "exact":
            hit = words == self.words
            rank = 3
        elif self.mode == "anywhere":
            hit = f" {self.words} " in f" {words} "
            rank = 2
        else:
            hit = words == self.words or words.startswith(self.words + " ")
            rank = 1
        return (rank, len(self.words.split())) if hit and self.words else None


@dataclass(frozen=True)
class Problem:
    """An entry of the vocabulary file that was not applied, and why."""

    where: str  # e.g. "columns.B01.ntm_year"
    message: str


@dataclass
class Vocabulary:
    """Every phrase the ingest knows, by sheet and field; criteria by set; marks; units."""

    columns: dict[str, dict[str, list[Phrase]]]
    criteria: dict[str, dict[int, list[Phrase]]]
    marks: dict[str, str]
    units: dict[str, tuple[float, str]]
    source: str | None = None  # the vocabulary file applied, if any
    fingerprint: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Headers repeat across thousands of sheets: each is matched once (entries are only
    # added while the vocabulary is loaded, before any match).
    _memo: dict[tuple[str, str], tuple[str | None, list[str]]] = field(
        default_factory=dict, repr=False)
    _fits: dict[tuple[str, tuple[str, ...]], re.Pattern[str]] = field(
        default_factory=dict, repr=False)
    # The meanings of whole header blocks, kept by the layout finder (``layout._meanings``).
    layouts: dict[tuple, list[tuple]] = field(default_factory=dict, repr=False)
    # Header blocks laid out before, by sheet and position (``layout._layout_at``).
    blocks: dict[tuple, list[Any]] = field(default_factory=dict, repr=False)

    def match(self, sheet: str, words: str) -> tuple[str | None, list[str]]:
        """The field a header means, or None; with the tied fields when it is ambiguous."""
        key = (sheet, words)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _best(self.columns.get(sheet, {}), words)
        return found

    def fits_any(self, sheet: str, names: tuple[str, ...], words: str) -> bool:
        """Whether a phrase of one of these fields fits the header at all: ``match`` can only
        answer one of them when this is true. One regular expression for all the phrases
        (``Phrase.score``'s three ways of fitting), as it runs on every text above a table."""
        key = (sheet, names)
        pattern = self._fits.get(key)
        if pattern is None:
            fields = self.columns.get(sheet, {})
            pattern = self._fits[key] = _fits_pattern(
                [p for name in names for p in fields.get(name, ())])
        return pattern.search(words) is not None

    def criterion(self, criteria_set: str, words: str) -> tuple[int | None, str | None]:
        """A criterion column's number from ``TC2``, ``2. Giao thông`` or ``Giao thông``.

        Returns (number, problem): a number and a name that point at two different criteria
        is a problem, not a guess."""
        key = ("criterion " + criteria_set, words)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._criterion(criteria_set, words)
        return found  # type: ignore[return-value]

    def listed_criterion(self, criteria_set: str, words: str) -> int | None:
        """A criterion as an item of a list names it (``5``, ``TC5``, ``Giao thông``, ``2
        Giao thông``): its number, or one of its names whole. Never a name followed by more
        words, as a header may be: in a list that would be two items read as one."""
        names = self.criteria.get(criteria_set, {})
        match = _CRITERION.fullmatch(words)
        if match is None:
            return None
        number = int(match.group(1)) if match.group(1) else None
        rest = _without_va(match.group(2) or "")
        named = {n for n, phrases in names.items() for p in phrases
                 if rest and rest == _without_va(p.words)}
        if number is None:
            return named.pop() if len(named) == 1 else None
        if number not in names or (rest and named != {number}):
            return None
        return number

    def _criterion(self, criteria_set: str, words: str) -> tuple[int | None, str | None]:
        names = self.criteria.get(criteria_set, {})
        match = _CRITERION.fullmatch(words)
        if match is None:
            return None, None
        number = int(match.group(1)) if match.group(1) else None
        rest = (match.group(2) or "").strip()
        named = _by_name(names, rest) if rest else None
        if number is None:
            return named, None
        if number not in names:
            # Numbered beyond the set (a 19-criterion sheet in a year of the 10-criterion
            # set): still a criterion column, which the layout then refuses to read.
            return number, None
        if named is not None and named != number:
            return None, (f"the header numbers criterion {number} but names criterion "
                          f"{named} of the {criteria_set} set")
        return number, None


def _fits_pattern(phrases: list[Phrase]) -> re.Pattern[str]:
    """Matches the words of a header that one of these phrases scores (``Phrase.score``):
    exactly, at its start followed by a space, or anywhere between spaces."""
    ways = []
    for p in phrases:
        if not p.words:
            continue
        body = re.escape(p.words)
        ways.append({"exact": rf"\A{body}\Z", "anywhere": rf"(?:\A| ){body}(?: |\Z)"}
                    .get(p.mode, rf"\A{body}(?: |\Z)"))
    return re.compile("|".join(ways) or r"(?!)")


# "tieu chi so 2 giao thong", "2 giao thong", "giao thong", "tieu chi 02"
_CRITERION = re.compile(r"(?:tieu chi )?(?:so )?(?:0*([1-9][0-9]?)(?: |$))?(.*)")


def _best(fields: dict[str, list[Phrase]], words: str) -> tuple[str | None, list[str]]:
    best: tuple[int, int] | None = None
    winners: list[str] = []
    for name, phrases in fields.items():
        scores = [s for p in phrases if (s := p.score(words)) is not None]
        if not scores:
            continue
        top = max(scores)
        if best is None or top > best:
            best, winners = top, [name]
        elif top == best:
            winners.append(name)
    if len(winners) == 1:
        return winners[0], []
    return None, winners


def _without_va(words: str) -> str:
    """Words without ``và`` ("and"), which names write or leave out."""
    return " ".join(w for w in words.split() if w != "va")


def _by_name(names: dict[int, list[Phrase]], words: str) -> int | None:
    """A criterion by its name: the whole name, the name followed by more words, or (for two
    words or more) the start of a longer official name ("Thủy lợi")."""
    words = _without_va(words)
    if not words:
        return None
    exact, starts = set(), set()
    for number, phrases in names.items():
        for phrase in phrases:
            name = _without_va(phrase.words)
            if phrase.mode == "exact":
                if words == name:
                    exact.add(number)
            elif words == name:
                exact.add(number)
            elif words.startswith(name + " ") or (
                name.startswith(words + " ") and (" " in words or len(words) >= 4)
            ):
                starts.add(number)
    if len(exact) == 1:
        return exact.pop()
    if not exact and len(starts) == 1:
        return starts.pop()
    return None


# --------------------------------------------------------------------------- building


def _builtin_columns() -> dict[str, dict[str, list[Phrase]]]:
    sheets = {code: spec.fields for code, spec in template.SHEETS.items()}
    sheets["ThongTin"] = template.THONGTIN
    return {code: {f.name: [Phrase.parse(p) for p in f.phrases] for f in fields}
            for code, fields in sheets.items()}


def _builtin_criteria() -> dict[str, dict[int, list[Phrase]]]:
    criteria: dict[str, dict[int, list[Phrase]]] = {
        criteria_set: {number: [Phrase.parse(name)] for number, name in names.items()}
        for criteria_set, names in seeds.criteria().items()
    }
    for criteria_set, extra in template.CRITERION_SYNONYMS.items():
        for number, phrases in extra.items():
            criteria.setdefault(criteria_set, {}).setdefault(number, []).extend(
                Phrase.parse(p) for p in phrases)
    return criteria


def mark_key(text: str) -> str:
    """How a typed mark is compared: folded, stray spaces and end punctuation removed."""
    return fold(text).strip(" .:;!")


def _builtin_marks() -> dict[str, str]:
    return {mark_key(p): mark for mark, phrases in template.MARKS.items() for p in phrases}


def builtin() -> Vocabulary:
    """A fresh copy of the template's own vocabulary, for a file's entries to extend."""
    from pipelines.ingest.values import unit_table

    return Vocabulary(columns=_builtin_columns(), criteria=_builtin_criteria(),
                      marks=_builtin_marks(), units=unit_table())


@lru_cache(maxsize=1)
def default() -> Vocabulary:
    """The template's vocabulary, shared (read only) where no vocabulary file applies."""
    return builtin()


def vocabulary_path(raw_dir: Path) -> Path:
    """``NTM_VOCABULARY`` if set, else ``vocabulary.toml`` at the top of the raw folder."""
    configured = os.environ.get("NTM_VOCABULARY", "").strip()
    return Path(configured) if configured else raw_dir / VOCABULARY_FILE


def load(raw_dir: Path | None) -> Vocabulary:
    """The built-in vocabulary plus the file's entries that pass validation."""
    vocab = builtin()
    if raw_dir is None:
        return vocab
    path = vocabulary_path(raw_dir)
    if not path.is_file():
        if os.environ.get("NTM_VOCABULARY", "").strip():
            vocab.problems.append(Problem("file", f"NTM_VOCABULARY names {path}, which is not "
                                          "a file; only the built-in vocabulary is used"))
        return vocab
    data = path.read_bytes()
    vocab.source = str(path)
    vocab.fingerprint = hashlib.sha256(data).hexdigest()
    try:
        content = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        vocab.problems.append(Problem("file", f"not valid TOML ({exc}); nothing in it was "
                                      "applied"))
        return vocab
    _apply(vocab, content)
    return vocab


_SECTIONS = ("columns", "criteria", "marks", "units")


def _apply(vocab: Vocabulary, content: dict) -> None:
    for key in content:
        if key not in _SECTIONS:
            vocab.problems.append(Problem(key, f"unknown section [{key}]; the sections are "
                                          + ", ".join(f"[{s}]" for s in _SECTIONS)))
    _apply_columns(vocab, content.get("columns", {}))
    _apply_criteria(vocab, content.get("criteria", {}))
    _apply_marks(vocab, content.get("marks", {}))
    _apply_units(vocab, content.get("units", {}))


def _phrases(vocab: Vocabulary, where: str, value: object) -> list[str]:
    """A list of non-empty strings, or a problem."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        vocab.problems.append(Problem(where, "expected a list of header texts, for example "
                                      '["Mã ĐVHC", "Mã số xã"]'))
        return []
    return items


def _apply_columns(vocab: Vocabulary, section: object) -> None:
    if not isinstance(section, dict):
        vocab.problems.append(Problem("columns", "expected tables such as [columns.B01]"))
        return
    sheets = {k.lower(): k for k in vocab.columns}
    for sheet_key, fields in section.items():
        sheet = sheets.get(str(sheet_key).lower())
        if sheet is None or not isinstance(fields, dict):
            vocab.problems.append(Problem(f"columns.{sheet_key}", "unknown sheet; the sheets "
                                          "are " + ", ".join(vocab.columns)))
            continue
        known = vocab.columns[sheet]
        for name, value in fields.items():
            where = f"columns.{sheet}.{name}"
            if name not in known:
                vocab.problems.append(Problem(where, f"{sheet} has no column '{name}'; its "
                                              "columns are " + ", ".join(known)))
                continue
            _add_phrases(vocab, where, value, known, name,
                         lambda other, sheet=sheet: f"means {sheet} column '{other}'")


def _add_phrases(vocab: Vocabulary, where: str, value: object, owners: dict[Any, list[Phrase]],
                 owner: Any, already: Callable[[Any], str]) -> None:
    """Add the phrases of ``value`` to ``owners[owner]``; a phrase another owner already has
    is refused with a problem (``already(other)`` says what it means there), not moved."""
    for text in _phrases(vocab, where, value):
        phrase = Phrase.parse(text.strip())
        other = next((o for o, ps in owners.items() if o != owner and phrase in ps), None)
        if other is not None:
            vocab.problems.append(Problem(where, f"'{text}' already {already(other)}; "
                                          "not added"))
        elif phrase not in owners[owner]:
            owners[owner].append(phrase)


def _apply_criteria(vocab: Vocabulary, section: object) -> None:
    if not isinstance(section, dict):
        vocab.problems.append(Problem("criteria", 'expected tables such as [criteria."2021-2025"]'))
        return
    for criteria_set, numbers in section.items():
        names = vocab.criteria.get(str(criteria_set))
        if names is None or not isinstance(numbers, dict):
            vocab.problems.append(Problem(f"criteria.{criteria_set}", "unknown criteria set; "
                                          "the sets are " + ", ".join(vocab.criteria)))
            continue
        for number_text, value in numbers.items():
            where = f"criteria.{criteria_set}.{number_text}"
            number = int(number_text) if str(number_text).isdigit() else None
            if number not in names:
                vocab.problems.append(Problem(where, f"the {criteria_set} set has criteria "
                                              f"1-{max(names)}"))
                continue
            _add_phrases(vocab, where, value, names, number,
                         lambda other: f"names criterion {other}")


def _apply_marks(vocab: Vocabulary, section: object) -> None:
    if not isinstance(section, dict):
        vocab.problems.append(Problem("marks", "expected met = [...], not_met = [...], "
                                      "basically_met = [...]"))
        return
    for mark, value in section.items():
        where = f"marks.{mark}"
        if mark not in template.MARKS:
            vocab.problems.append(Problem(where, "unknown mark; the marks are "
                                          + ", ".join(template.MARKS)))
            continue
        for text in _phrases(vocab, where, value):
            key = mark_key(text)
            if vocab.marks.get(key, mark) != mark:
                vocab.problems.append(Problem(where, f"'{text}' already means "
                                              f"{vocab.marks[key]}; not added"))
            elif key:
                vocab.marks[key] = mark


def _apply_units(vocab: Vocabulary, section: object) -> None:
    from pipelines.ingest.values import unit_key

    labels = {fold(label): (factor, label) for factor, label in set(vocab.units.values())}
    if not isinstance(section, dict):
        vocab.problems.append(Problem("units", 'expected "tỷ đồng" = ["tỉ VNĐ", ...]'))
        return
    for label, value in section.items():
        where = f"units.{label}"
        unit = labels.get(fold(label))
        if unit is None:
            vocab.problems.append(Problem(where, "unknown unit; the money units are "
                                          + ", ".join(sorted(u for _, u in labels.values()))))
            continue
        for text in _phrases(vocab, where, value):
            key = unit_key(text)
            if key in vocab.units and vocab.units[key] != unit:
                vocab.problems.append(Problem(where, f"'{text}' already means "
                                              f"{vocab.units[key][1]}; not added"))
            elif key:
                vocab.units[key] = unit
