"""Text normalisation for matching Vietnamese headers and row labels.

Submissions are typed by hand in many offices, so the same header arrives as NFC or NFD
Unicode, in any case, with doubled spaces, line breaks or non-breaking spaces. Everything
that compares labels goes through :func:`fold` so that these differences never matter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "header_key", "is_note_label", "is_note_text", "is_subtotal_text",
           "is_total_label", "is_total_text", "label_key", "names_a_total", "nfc"]

# Python's \s already covers NBSP, U+2007 and U+202F; zero-width characters are added
# because they are invisible in Excel yet break equality.
_SPACE_RUN = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_D_LETTERS = str.maketrans("đĐðÐ", "dddd")
_HEADER_JUNK = re.compile(r"[^\w\s.()\[\]%]|_")


def nfc(s: str) -> str:
    """Return ``s`` in NFC, the form stored in the warehouse, so equal names compare equal."""
    return unicodedata.normalize("NFC", s)


def fold(s: object) -> str:
    """Fold text to a diacritic-free, case-free, single-spaced key.

    Used for matching only (never for storage): it loses the difference between, say,
    "Đa" and "Da", which is harmless for headers and labels but not for names.
    """
    if s is None:
        return ""
    return _fold_text(s if isinstance(s, str) else str(s))


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter (as one precomposed character) -> its base letter, and the
    d-letters -> "d": what NFD plus dropping the combining marks gives, looked up in one
    ``str.translate`` instead of decomposed character by character."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char)
                       if unicodedata.category(c) != "Mn")
        if base != char:
            table[code] = base
    table.update({ord(c): "d" for c in "đĐðÐ"})
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Sheets repeat the same few strings thousands of times ("x", "Đạt", headers), and folding
# is the ingest's hottest path, so results are memoized.
@lru_cache(maxsize=1 << 16)
def _fold_text(s: str) -> str:
    if not s.isascii():
        # Composed first, so that NFD input folds like NFC; marks with no composed form
        # (a stray combining accent) are dropped afterwards.
        s = unicodedata.normalize("NFC", s).translate(_FOLD)
        if not s.isascii():
            s = _COMBINING.sub("", s)
            if not s.isascii() and any(unicodedata.category(c) == "Mn" for c in s):
                s = "".join(c for c in unicodedata.normalize("NFD", s)
                            if unicodedata.category(c) != "Mn").translate(_D_LETTERS)
    return _SPACE_RUN.sub(" ", s.casefold()).strip()


def header_key(s: object) -> str:
    """Key for comparing header cells such as ``"Mã  xã\\n"`` and ``"MÃ XÃ"`` (both "ma xa").

    Punctuation other than dots, brackets and '%' is replaced by a space (not deleted) so
    that "Tiêu chí/xã" and "Tiêu chí / xã" give the same key. Units in brackets are kept
    because they carry meaning ("Giá trị (tỷ đồng)").
    """
    return _header_key_text(fold(s))


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


@lru_cache(maxsize=1 << 16)
def _header_key_text(folded: str) -> str:
    key = _HEADER_JUNK.sub(" ", folded)
    # "(*)" footnote markers leave empty brackets. Removed until none is left (``( ( ) )``),
    # before the spaces inside brackets are closed up: the other way round, ``0()]`` became
    # ``0 ]``, whose key is ``0]``, and a key must be its own key.
    while (emptied := _EMPTY_BRACKETS.sub(" ", key)) != key:
        key = emptied
    key = re.sub(r"([(\[])\s+", r"\1", key)
    key = re.sub(r"\s+([)\]])", r"\1", key)
    return _SPACE_RUN.sub(" ", key).strip()



# A row label's numbering or bullet ("1.", "1.2", "II)", "a)", "-", "•"), in folded text.
_LABEL_NUMBERING = re.compile(r"^(?:[-+*•·]|[0-9]+(?:[.,][0-9]+)*[.)]?|[ivx]+[.)]|[a-z][.)])\s+")


def label_key(folded: str) -> str:
    """A folded row label without its numbering or bullet, as single-spaced words of letters
    and digits: how rows named instead of coded (B02 sources, B04/B06 indicators) are
    compared with the template's names."""
    text = _LABEL_NUMBERING.sub("", folded.strip())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def folded_words(s: object) -> list[str]:
    """Folded words with all punctuation treated as a separator."""
    return re.sub(r"[^a-z0-9]+", " ", fold(s)).split()


# The administrative units a total or a group's subtotal may name ("Toàn huyện", "Cộng thị
# xã …").
_UNIT_WORDS = (("huyen",), ("quan",), ("tinh",), ("thi", "xa"), ("thanh", "pho"), ("tp",))
# Words that may follow "Tổng"/"Cộng"/"Tổng số" in a total label ("Cộng toàn huyện").
_TOTAL_TAIL = frozenset({"toan", "chung", "ca", "cac", "tat"})


def is_total_label(s: object) -> bool:
    """Tell whether a row label marks the sheet's reported total (B01-B03 name columns).

    Only whole leading words count, so "Cộng đồng dân cư" (a B02 funding source) and
    communes such as "Cộng Hòa" are not totals, while "TỔNG CỘNG:" and "Tổng cộng toàn
    huyện" are. "Tổng số" followed by a name ("Tổng số tiêu chí đạt") is an indicator,
    not a total.
    """
    # Labels repeat across thousands of sheets (commune names, "Tổng cộng"): text is judged
    # once. Other cell types are not cached, since 1, 1.0 and True are equal keys.
    return is_total_text(s) if isinstance(s, str) else _is_total(folded_words(s))


_FIRST_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1 << 18)
def is_total_text(s: str) -> bool:
    """``is_total_label`` for a string, cached."""
    # A total label's first letter is T or C ("Tổng", "Cộng", after any punctuation): most
    # labels (commune and source names) are ruled out without folding them.
    first = _FIRST_LETTER.search(s)
    if first is None or first.group() not in "TtCc":
        return False
    words = folded_words(s)
    # "Cả huyện" with its diacritics: folded, "Cá" (a fish, a B03 product) reads the same.
    return (_is_total(words) and not _adds_parts(s)
            and (words[0] != "ca" or _WHOLE.match(nfc(s).lower()) is not None))


_WHOLE = re.compile(r"[^\w]*cả\b")


def _adds_parts(s: str) -> bool:
    """Whether a label names the rows it adds up and one of them is a part of a row
    (``Cộng (6.1+6.2)``: cash and land given by the community): a subtotal of a source's
    parts, never the sheet's total."""
    found = _SUM_OF_ROWS.search(s)
    return found is not None and re.search(r"\d\.\d", found.group()) is not None


def _is_total(words: list[str]) -> bool:
    if words[:1] in (["toan"], ["ca"]):
        # "Toàn huyện", "Toàn tỉnh", "Cả huyện": the whole unit, as a total row is often
        # labelled.
        return _follows(words, _UNIT_WORDS)
    if words[:2] == ["tinh", "chung"]:
        # "Tính chung", "Tính chung toàn huyện": counted over all the rows.
        return len(words) == 2 or words[2] in _TOTAL_TAIL
    if not words or words[0] not in ("tong", "cong"):
        return False
    if words[:2] == ["tong", "cong"]:
        return True
    if words[:2] == ["tong", "hop"]:
        # "Tổng hợp chung", "Tổng hợp toàn huyện"; "Tổng hợp" followed by a name is a title.
        return len(words) > 2 and words[2] in _TOTAL_TAIL
    rest = words[2:] if words[:2] == ["tong", "so"] else words[1:]
    # "Cộng (1+2+3)" / "Tổng 1-7": a formula instead of a name also marks a total.
    return not rest or rest[0] in _TOTAL_TAIL or rest[0].isdigit()


# What follows "Cộng"/"Tổng" in the label of a group's subtotal: a district, town or city of a
# province's list, a group or area ("Cộng huyện Lộc Bình", "Tổng thị xã Cao Bằng", "Cộng
# nhóm I"), a cluster or sub-region of communes ("Cộng cụm 1", "Tổng cụm xã phía Bắc",
# "Cộng tiểu vùng"). Two words where one could start a commune's name ("Cộng Thành" is not
# "Cộng thành phố").
_SUBTOTAL_HEADS = (*_UNIT_WORDS, ("nhom",), ("khu", "vuc"), ("vung",), ("tieu", "vung"),
                   ("cum",))


# The Roman number or letter of the group a subtotal closes, alone after "Cộng"/"Tổng" ("Cộng
# I", "Cộng mục II", "Tổng phần A"), as a list numbers its groups "I. Thực phẩm", "A. …".
_GROUP_NUMBER = re.compile(r"(?:muc |phan )?(?:[ivx]+|[a-d])")


def _follows(words: list[str], heads: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of the heads follows the label's first word."""
    return any(words[1:1 + len(head)] == list(head) for head in heads)


@lru_cache(maxsize=1 << 16)
def is_subtotal_text(s: str) -> bool:
    """Whether a row label sums a group of the rows (a province's list grouped by
    district, ``Tổng vốn ngân sách (1+2)``): neither a data row nor the sheet's total."""
    first = _FIRST_LETTER.search(s)
    if first is None or first.group() not in "TtCc":
        return False
    words = folded_words(s)
    return bool(words) and words[0] in ("tong", "cong") and (
        _follows(words, _SUBTOTAL_HEADS) or _GROUP_NUMBER.fullmatch(" ".join(words[1:]))
        is not None or (
            words[:2] != ["cong", "dong"]  # "Cộng đồng dân cư (6.1+6.2)" is source 6
            and _SUM_OF_ROWS.search(s) is not None))


# "Tổng vốn ngân sách (1+2)", "Tổng (I + II)": a label naming the rows it adds up (one that
# is also a total label, "Cộng (1+2+3)", is read as the sheet's total first, unless it adds
# parts of a row: "Cộng (6.1+6.2)").
_SUM_OF_ROWS = re.compile(r"\(\s*[0-9IVXivx.]+(?:\s*\+\s*[0-9IVXivx.]+)+\s*\)\s*:?\s*$")


@lru_cache(maxsize=1 << 16)
def names_a_total(s: str, total_words: frozenset[str]) -> bool:
    """Whether a label is "Tổng" followed only by words a sheet's total uses (B02's
    ``TỔNG NGUỒN VỐN HUY ĐỘNG``: ``template.SheetSpec.total_words``) or numbers."""
    first = _FIRST_LETTER.search(s)
    if first is None or first.group() not in "Tt":
        return False
    words = folded_words(s)
    return len(words) > 1 and words[0] == "tong" and all(
        w in total_words or w.isdigit() for w in words[1:])


_NOTE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"^ghi chu\b",
        r"^chu thich\b",
        r"^luu y\s*:",
        # A unit declared under the table ("* ĐVT: tỷ đồng"), read as the table's.
        r"^(?:don vi tinh|dvt)\s*:",
        r"^nguoi (lap|duyet|kiem tra|ky|tong hop)\b",
        r"^can bo (lap|tong hop)\b",
        r"^thu truong\b",
        r"^lanh dao\b",
        r"^ke toan\b",
        r"^giam doc\b",
        r"^(pho )?chu tich\b",
        r"^truong phong\b",
        r"^noi nhan\b",
        r"^xac nhan\b",
        r"^(tm|t/m|t\.m|kt|k/t|tl|t/l|tuq|q)\s*[./:]?\s*"
        r"(ubnd|uy ban|chu tich|giam doc|thu truong|truong|pho|ban|hoi dong|so|phong)\b",
        r"^\(\s*ky\b",
        r"^ky (ten|va ghi|ghi ro)\b",
        r"^ky\s*,",
        r"\bngay\b.{0,20}\bthang\b.{0,20}\bnam\b",
    )
)


def is_note_label(s: object) -> bool:
    """Tell whether a cell starts the notes or signature block under a table.

    Everything from such a row down is not data. Patterns are anchored at the start of the
    cell so that commune or indicator names that merely contain these words do not match;
    "Kỳ Sơn" (a district) folds to "ky son" and is therefore only matched with a bracket or
    a following "tên"/"ghi rõ".
    """
    return is_note_text(s) if isinstance(s, str) else _is_note(fold(s))


@lru_cache(maxsize=1 << 16)
def is_note_text(s: str) -> bool:
    """``is_note_label`` for a string, cached."""
    return _is_note(fold(s))


def _is_note(folded: str) -> bool:
    text = folded.lstrip("*-+•·.> \t")
    if not text:
        return False
    return any(p.search(text) for p in _NOTE_PATTERNS)
