"""Parsers for single spreadsheet cells of the NTM submission template.

Cells come from python-calamine (typed Python values) or from CSV files (always text).
Each parser accepts both, so a value means the same whichever file format a unit sent.
Blank cells give ``None``; a non-blank cell that cannot be read raises :class:`CellError`
quoting the cell, so the ingest can report exactly what the unit typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import lru_cache, wraps

from pipelines.ingest import seeds
from pipelines.ingest.text import fold, nfc

__all__ = [
    "PRODUCT_GROUPS",
    "CellError",
    "cell_text",
    "figure_in_name",
    "footnote_closing",
    "footnoted_met",
    "is_blank",
    "money_factor",
    "opens_a_footnote",
    "parse_code",
    "parse_date",
    "parse_int",
    "parse_mark",
    "parse_money",
    "parse_number",
    "parse_product_group",
    "parse_stars",
    "parse_year",
    "unit_in_brackets",
    "unit_named_in_brackets",
]


class CellError(ValueError):
    """A non-blank cell that does not hold what its column expects."""


# Characters Excel shows as nothing; fold() treats them as spaces, so blanks must too.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def is_blank(cell: object) -> bool:
    """Tell whether a cell is empty: None, "" or only whitespace (NBSP included) and
    zero-width characters.

    A float NaN also counts, because dataframe libraries use it for empty cells.
    """
    if cell is None:
        return True
    # Called for every cell of every sheet: exact type tests first, isinstance for the rest.
    kind = type(cell)
    if kind is str or (kind is not float and isinstance(cell, str)):
        text = cell.strip()
        return not text or (text[0] in _INVISIBLE and not text.translate(_DROP_INVISIBLE).strip())
    return isinstance(cell, float) and math.isnan(cell)


def cell_text(cell: object) -> str:
    """Readable text of a cell, for error messages and for keeping what the unit typed.

    Numbers print as Excel shows them (2.0 as "2"), dates in ISO form.
    """
    if is_blank(cell):
        return ""
    if isinstance(cell, str):
        return nfc(cell).strip()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0, 0):
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    try:
        return str(cell)
    except ValueError:  # an int past str()'s 4300-digit limit: the message must still be built
        return "<integer too long to print>"


def _error(cell: object, expected: str) -> CellError:
    return CellError(f"cannot read {cell_text(cell)!r} as {expected}")


# --------------------------------------------------------------------------- numbers

_DASHES = frozenset({"-", "–", "—", "‒", "−"})
# Spaces used between digit groups: space, NBSP, figure space, narrow NBSP, thin space.
_GROUP_SPACES = " \u00a0\u2007\u202f\u2009"
_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", re.ASCII)
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+", re.ASCII)
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+", re.ASCII)


def _text_to_number(text: str) -> float | None:
    """Read a number typed as text, Vietnamese style first.

    In Vietnam "." groups thousands and "," marks decimals; English-style text also shows
    up (exported from other software), so the separators are told apart by their pattern:
    "2.445" is 2445 but "12.5" is 12.5, and several commas are English thousands.
    """
    t = text.strip()
    for space in _GROUP_SPACES[1:]:
        t = t.replace(space, " ")
    if t in _DASHES:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    if t.endswith("%"):
        t = t[:-1].rstrip()
    if t[:1] in _DASHES:
        negative, t = not negative, t[1:].lstrip()
    elif t.startswith("+"):
        t = t[1:].lstrip()
    if " " in t:
        if not _SPACED_GROUPS.fullmatch(t):
            raise ValueError(t)
        t = t.replace(" ", "")
    value = _unsigned(t)
    return -value if negative else value


def _unsigned(t: str) -> float:
    if not t:
        raise ValueError(t)
    if t.isascii() and t.isdigit():
        return float(int(t))
    if _SCIENTIFIC.fullmatch(t):
        return float(t)
    if re.fullmatch(r"[0-9.,]+", t) is None:
        raise ValueError(t)
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        decimal = "," if t.rfind(",") > t.rfind(".") else "."
        whole, _, frac = t.rpartition(decimal)
        grouping = _DOT_GROUPS if decimal == "," else _COMMA_GROUPS
        if not grouping.fullmatch(whole) or not (frac.isascii() and frac.isdigit()):
            raise ValueError(t)
        return float(f"{whole.replace('.', '').replace(',', '')}.{frac}")
    if commas:
        if commas > 1:
            if not _COMMA_GROUPS.fullmatch(t):
                raise ValueError(t)
            return float(t.replace(",", ""))
        whole, _, frac = t.partition(",")
        if not frac:
            raise ValueError(t)
        return float(f"{whole or '0'}.{frac}")
    # dots only
    if dots > 1:
        if not _DOT_GROUPS.fullmatch(t):
            raise ValueError(t)
        return float(t.replace(".", ""))
    whole, _, frac = t.partition(".")
    if not frac:
        raise ValueError(t)
    if len(frac) == 3 and 1 <= len(whole) <= 3 and whole != "0":
        return float(whole + frac)  # "2.445": Vietnamese thousands
    return float(f"{whole or '0'}.{frac}")


def parse_number(cell: object) -> float | None:
    """Read a numeric cell; numeric cells are kept as they are, text is read Vietnamese style.

    "-" alone means "nothing to report" and gives None, like a blank cell.
    """
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise _error(cell, "a number")
    if isinstance(cell, int):
        try:
            return float(cell)
        except OverflowError:  # beyond float range: refused like an infinite float
            raise _error(cell, "a number") from None
    if isinstance(cell, float):
        if math.isinf(cell):
            raise _error(cell, "a number")
        return cell
    if isinstance(cell, str):
        try:
            value = _text_to_number(nfc(cell))
        except (ValueError, OverflowError):
            raise _error(cell, "a number") from None
        if value is not None and math.isinf(value):  # "1e400", or 400 digits typed
            raise _error(cell, "a number")
        return value
    raise _error(cell, "a number")


# How a figure typed as text uses "." and ",". Only an English writer groups thousands with
# commas (``1,234,567``, ``12,500.5``); only a Vietnamese writer groups them with dots
# (``1.234.567``, ``1.200,5``) or marks decimals with a comma (``12,5``, ``0,75``,
# ``1871,634``). A dot as a decimal mark (``33.69``, ``0.5``, ``12.5%``, ``1234.567``) is
# no sign of English style (Vietnamese offices type it), but its writer may as well have
# typed ``1.250`` for 1.25 or ``2,500`` for 2500; one who types ``1013.668`` groups no
# thousands, so that ``1.250`` is 1.25. ``2,500`` and ``1.250`` are read by the two a
# thousand times apart: such a figure is read by its sheet's style (``styles_shown``), and is
# not read where the sheet shows two ways of marking decimals, or only the dot.
_ENGLISH_ONLY = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+",
                           re.ASCII)
_VIETNAMESE_ONLY = re.compile(
    r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+"
    r"|\d+,(?:\d{1,2}|\d{4,})|\d{4,},\d+|0,\d+", re.ASCII)
# One dot that no Vietnamese writer groups thousands with: not three digits after it, a
# zero before it, or four digits or more before it (then no thousands are grouped either).
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})|0\.\d+", re.ASCII)
_DOT_UNGROUPED = re.compile(r"\d{4,}\.\d+", re.ASCII)
_TWO_WAYS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}", re.ASCII)
_FIGURES = re.compile(r"\d[\d.,]*\d|\d", re.ASCII)
_SWAP_SEPARATORS = str.maketrans(".,", ",.")


def styles_shown(cell: object) -> frozenset[str]:
    """What a text cell's figures show of their writer's style: ``"en"`` (commas group
    thousands), ``"vi"`` (dots group thousands, or a comma marks decimals), ``"dot"`` (a dot
    marks decimals, without commas grouping thousands), with ``"ungrouped"`` when a figure
    of a thousand or more shows that the dot is not grouping thousands either
    (``1013.668``). Empty for numeric cells, which show nothing of how a person typed, and
    for figures read alike either way."""
    if type(cell) is not str:
        return frozenset()
    shown = set()
    for figure in _FIGURES.findall(cell):
        if _ENGLISH_ONLY.fullmatch(figure):
            shown.add("en")
        elif _VIETNAMESE_ONLY.fullmatch(figure):
            shown.add("vi")
        elif _DOT_UNGROUPED.fullmatch(figure):
            shown.update(("dot", "ungrouped"))
        elif _DOT_DECIMAL.fullmatch(figure):
            shown.add("dot")
    if "en" in shown:
        shown -= {"dot", "ungrouped"}  # ``12,500.5``: the English writer's dot
    return frozenset(shown)


def number_style(cell: object) -> str | None:
    """The style a text cell's figures show (``styles_shown``) in one word: ``"en"``,
    ``"vi"``, ``"dot"``, ``"both"`` (a Vietnamese figure beside an English one or a dot
    decimal), or None."""
    shown = styles_shown(cell) - {"ungrouped"}
    if len(shown) > 1:
        return "both"
    return next(iter(shown), None)


def read_two_ways(cell: object) -> bool:
    """Whether a text cell's one figure is read by a Vietnamese and an English reader a
    thousand times apart: ``2,500`` (2.5 or 2500), ``1.250`` (1250 or 1.25), also with a
    sign, a unit or a share (``-2,500``, ``2,500 triệu``)."""
    if type(cell) is not str:
        return False
    figures = _FIGURES.findall(cell)
    return len(figures) == 1 and _TWO_WAYS.fullmatch(figures[0]) is not None


def english_style(cell: object) -> object:
    """A text cell as a Vietnamese writer would type it, from English style: ``2,500`` is
    ``2.500`` (2500), ``1.250`` is ``1,250`` (1.25). Other cells are returned as they are."""
    return cell.translate(_SWAP_SEPARATORS) if type(cell) is str else cell


# Words a figure's cell holds for "nothing to report", as a dash does (folded): KPH (không
# phát sinh, nothing arose), chưa phát sinh, không, không có. Not ``N/A`` nor ``chưa có``,
# which may say the figure is not known yet: counted as nothing, a total would be too low.
_NOTHING = frozenset({"kph", "khong phat sinh", "chua phat sinh", "khong", "khong co"})


def nothing_to_report(cell: object) -> bool:
    """Whether a text cell says in words that a figure has nothing to report (``KPH``)."""
    return type(cell) is str and fold(cell).strip(" .") in _NOTHING


# A ditto mark: the whole cell says "the same as the cell above" (``nt``, ``Như trên``, ``"``,
# ``〃``), bare or between dashes, dots or brackets (``-nt-``, ``-"-``, ``(nt)``). Compared
# folded (no case, no diacritics, NFD as NFC); ``NTM`` or ``Nông thôn`` is no ditto.
_DITTO = re.compile(r"[-–—.(\s]*(?:n\s*\.?\s*t|nhu\s*tren|[\"“”„〃]|'')[-–—.)\s]*")


def is_ditto(cell: object) -> bool:
    """Whether a cell holds a ditto mark alone, repeating the cell above it, as offices type
    ``nt`` under ``Tỷ đồng`` or a decision number. Not a value by itself: where it is read,
    the caller gives it the cell above (``extract._repeat_dittos``,
    ``extract.Batch._units_typed_above``)."""
    return (type(cell) is str and len(cell) <= 16
            and _DITTO.fullmatch(fold(cell)) is not None)


def parse_money(cell: object) -> float | None:
    """An amount of money: a number, but not a share. ``23,5%`` typed where an amount goes
    is a share of something (of the total, of the plan), not 23.5 million VND."""
    if type(cell) is str and cell.strip().endswith("%"):
        raise CellError(f"cannot read {cell_text(cell)!r} as an amount of money: it is a "
                        "share (%)")
    return parse_number(cell)


def parse_int(cell: object) -> int | None:
    """Read a whole number (counts, revisions); 2.0 is accepted, 2.5 is not."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell  # exact, even beyond float precision
    value = parse_number(cell)
    if value is None:
        return None
    if not value.is_integer():
        raise _error(cell, "a whole number")
    if isinstance(cell, str) and abs(value) >= 2**53:  # past 2**53 floats skip integers
        raise _error(cell, "a whole number (too large to read exactly)")
    return int(value)


# "17/19" (17 of the set's 19), "17 tiêu chí", "17 TC": how offices write a commune's count
# of met criteria. Folded text; the number of the set is not checked here (VALUE_OUT_OF_RANGE
# compares the count with the set downstream), only that a part is not above its whole.
# Also after the word for met or for all (``Đạt 19 tiêu chí``, ``Đủ 19``) and before such a
# word in brackets (``19 (đủ)``, ``19 (đạt chuẩn)``).
_COUNT_OF = re.compile(r"(?:(?:(?:da )?dat(?: chuan| duoc| du)?|du) )?"
                       r"(\d+)\s*(?:/\s*(\d+)\s*)?(?:(?:tieu chi|tc)(?: dat)?)?"
                       r"(?:\s*\(\s*(?:du|dat|dat du|dat chuan|du tieu chi)\s*\))?", re.ASCII)


def parse_count(cell: object) -> int | None:
    """Read a count of criteria: a whole number, or one written with its whole or its word."""
    if type(cell) is str:
        found = _COUNT_OF.fullmatch(fold(cell).strip(" ."))
        if found is not None:
            count = int(found[1])
            if found[2] is not None and count > int(found[2]):
                raise _error(cell, "a count of criteria (more than its whole)")
            return count
    return parse_int(cell)


# A code typed as a number and kept as the number's text: ``20.0`` (a CSV written by a
# program, a cell turned into text), ``20,0``, ``188.00``: the digits before a fraction of
# zeros only. Never three zeros (``20.000``, ``6,000``), which a person may read as a thousands
# group (20000), and never a fraction of another digit (``20.5`` is no code).
_WHOLE_NUMBER_TEXT = re.compile(r"([0-9]+)[.,](?:0{1,2}|0{4,})")


def parse_code(cell: object, width: int) -> str | None:
    """Read a GSO administrative code and restore the leading zeros Excel drops.

    Codes are identifiers, not numbers: province 4 is "04", commune 4 is "00004".
    A leading apostrophe (Excel's "store as text" marker) is ignored. A code typed as a
    number is the code, whether the cell holds the number (20.0) or its text (``20.0``,
    ``20,0``: ``_WHOLE_NUMBER_TEXT``); before, the text was refused, and with it a
    ThongTin's whole file, or a B01 or B03 commune's code.
    """
    if is_blank(cell):
        return None
    what = f"a {width}-digit code"
    if isinstance(cell, bool):
        raise _error(cell, what)
    if isinstance(cell, int):
        if not 0 <= cell < 10**width:  # checked first: str() refuses ints past 4300 digits
            raise _error(cell, what)
        digits = str(cell)
    elif isinstance(cell, float):
        if not cell.is_integer() or cell < 0:
            raise _error(cell, what)
        digits = str(int(cell))
    elif isinstance(cell, str):
        digits = nfc(cell).strip().lstrip("'’‘`").strip()
        if not digits.isascii() or not digits.isdigit():
            whole = _WHOLE_NUMBER_TEXT.fullmatch(digits)
            if whole is None:
                raise _error(cell, what)
            digits = whole.group(1)
    else:
        raise _error(cell, what)
    if len(digits) > width:
        digits = digits.lstrip("0") or "0"
        if len(digits) > width:
            raise _error(cell, what)
    return digits.zfill(width)


# --------------------------------------------------------------------------- marks

def parse_mark(cell: object, marks: dict[str, str] | None = None) -> str:
    """Read a criterion cell as "met", "not_met" or "basically_met".

    A blank cell is "not_met" (not None): the template defines blank as not met. The
    phrases (``template.MARKS``, plus a vocabulary file's) are compared whole after folding,
    so "Chưa đạt" can never be taken for "Đạt"; folding also accepts "Dat" typed without
    accents, "ĐẠT" and stray spaces.
    """
    if is_blank(cell):
        return "not_met"
    if isinstance(cell, bool):
        return "met" if cell else "not_met"
    if isinstance(cell, int | float):
        if cell == 1:
            return "met"
        if cell == 0:
            return "not_met"
        raise _error(cell, "a criterion mark")
    if isinstance(cell, str):
        key = fold(cell).strip(" .:;!")
        table = marks or _builtin_marks()
        found = table.get(key)
        if found is not None:
            return found
        if re.fullmatch(r"[0-9]+[.,]0*", key):
            return parse_mark(parse_number(key), marks)
        # Every criterion said met in words (``Đạt 19/19 tiêu chí``, ``Đạt đủ các tiêu chí``),
        # as offices write it once, merged across a commune's criterion cells: met. A count
        # of part of them (``Đạt 17/19``) names no criterion, and ``Đạt chuẩn NTM`` is a
        # status, which says nothing of this year's criteria: neither is read.
        whole = _MET_ALL.fullmatch(key)
        if whole is not None and whole["n"] == whole["m"]:
            return "met"
        # A mark of not met with a note (``Chưa đạt (đang hoàn thiện)``) or a footnote
        # (``KĐ*``) is not met whatever the note says; a mark with itself in brackets (``Đạt
        # (x)``) is that mark. A mark of met with a footnote (``x (1)``, ``Đạt*``) stays
        # unread here: whether the footnote takes it back is told by the sheet
        # (``footnoted_met``, ``extract``).
        core = _MARK_NOTE.sub("", key)
        noted = table.get(core)
        if noted in ("not_met", "basically_met"):
            return noted
        if noted is not None and core != key:
            inner = _MARK_NOTE.search(key)[0].strip(" ()[]")
            if not inner.isdigit() and table.get(inner) == noted:  # ``(1)`` is a footnote
                return noted
        starred = _FOOTNOTE.search(key)
        if starred is not None and table.get(key[:starred.start()].strip(" .:;!")) in (
                "not_met", "basically_met"):
            return table[key[:starred.start()].strip(" .:;!")]
    raise _error(cell, "a criterion mark")


_MARK_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_MET_ALL = re.compile(
    r"(?:da )?dat (?:(?:du|ca|tat ca|het|toan bo) )?(?:(?P<n>[0-9]{1,2}) ?/ ?(?P<m>[0-9]{1,2})"
    r"(?: (?:tieu chi|tc))?|(?:du|ca|tat ca|het|toan bo) (?:cac )?(?:tieu chi|tc))")
# A footnote's marker closing a cell, in folded text: stars, ``(*)``, ``(1)``, ``[2]``, ``¹``.
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_FOOTNOTE = re.compile(r"\s*(?:\*{1,3}|\(\s*(?:\*{1,3}|[1-9][0-9]?)\s*\)"
                       r"|\[\s*(?:\*{1,3}|[1-9][0-9]?)\s*\]|[" + _SUPERSCRIPTS + r"]{1,2})$")


def footnoted_met(cell: object, marks: dict[str, str] | None = None) -> str | None:
    """The footnote marker of a mark of met that carries one (``x*``, ``x (1)``, ``Đạt¹``,
    ``x (*)``): ``*`` (as many as typed) or the footnote's number; None for any other cell.
    Such a mark is met unless the footnote takes it back, which only the sheet can tell."""
    if not isinstance(cell, str):
        return None
    key = fold(cell).strip(" .:;!")
    found = _FOOTNOTE.search(key)
    if found is None or (marks or _builtin_marks()).get(
            key[:found.start()].strip(" .:;!")) != "met":
        return None
    return footnote_marker(found[0])


def footnoted_stars(cell: object) -> tuple[int, str] | None:
    """A rating that carries a footnote's marker (``4 sao*``, ``4 sao (*)``, ``3 sao (1)``,
    ``5 sao¹``): the rating and the marker; None for any other cell, and for a rating not
    written with its word or sign before the marker (``4*`` is the rating's own sign, ``4**``
    and ``3 (2)`` say no rating for certain). Such a rating is read unless the footnote
    takes it back, which only the sheet can tell."""
    if not isinstance(cell, str):
        return None
    key = fold(cell).strip(" .:;!")
    found = _FOOTNOTE.search(key)
    if found is None:
        return None
    head = key[:found.start()].strip(" .:;!")
    if not head.endswith(("sao", "★", "\u2b50")):  # "4**", "3 (2)": no rating and marker
        return None
    try:
        rating = parse_stars(head)
    except CellError:
        return None
    return None if rating is None else (rating, footnote_marker(found[0]))


def footnote_closing(cell: object) -> str | None:
    """The marker of a footnote closing a text cell (``Đạt (*)``, ``x¹``, ``Quy hoạch (1)``):
    ``*`` (as many as typed) or the footnote's number, as ``footnote_marker`` keys it; None
    for any other cell. Whether the table uses a marker a line under it explains."""
    if not isinstance(cell, str):
        return None
    found = _FOOTNOTE.search(fold(cell).strip(" .:;!"))
    return None if found is None else footnote_marker(found[0])


# A footnote's explanation opening a cell, as typed (``(*) Tiêu chí chưa đạt …``, ``(**):``,
# ``[*]``, ``¹ …``, ``(1) …``, ``* …``): the marker, then a colon or a dash if any. The marker
# is group 1. A lone star and a number in brackets also bullet or number rows, so whether
# they open a footnote is told by the table using them (``opens_a_footnote``).
_OPENING_FOOTNOTE = re.compile(
    r"\s*(\(\s*\*{1,3}\s*\)|\[\s*\*{1,3}\s*\]|\*{1,3}|[" + _SUPERSCRIPTS + r"]{1,2}"
    r"|\(\s*[1-9][0-9]?\s*\)|\[\s*[1-9][0-9]?\s*\])\s*[:.\-–]?\s*")


def opens_a_footnote(text: str) -> tuple[str, str, bool] | None:
    """A text opening with a footnote's marker (``_OPENING_FOOTNOTE``): the marker
    (``footnote_marker``), the text after it, and whether the marker's form alone says it is
    a footnote's (stars in brackets, two or three stars, a superscript) rather than a
    bullet's or a row's number (``*``, ``(1)``); None for any other text."""
    found = _OPENING_FOOTNOTE.match(text)
    if found is None:
        return None
    marker = found.group(1)
    sure = (("(" in marker or "[" in marker) and "*" in marker) or marker.count("*") > 1 or (
        marker[0] in _SUPERSCRIPTS)
    return footnote_marker(marker), text[found.end():], sure


def footnote_marker(text: str) -> str:
    """A footnote's marker as one key: ``(*)`` and ``*`` are ``*``, ``(1)``, ``[1]``, ``¹``,
    ``1)`` are ``1``."""
    text = text.translate(str.maketrans(_SUPERSCRIPTS, "1234567890"))
    digits = re.search(r"[0-9]+", text)
    return str(int(digits[0])) if digits else "*" * text.count("*")


# Words by which a footnote takes back (or puts in doubt) the mark it is set on, folded:
# not yet, waiting, in progress, planned, no, temporary, under review, proposed, to complete
# or add to, basically, partly, lacking, withdrawn, on condition, except, wrong, the old set.
_TAKES_BACK = re.compile(
    r"\b(?:chua|cho|dang|du kien|khong|tam|xem xet|de nghi|bo sung|hoan thien|ra soat"
    r"|ke hoach|phan dau|se|co ban|mot phan|thieu|thu hoi|rut|ngung|het|giam|duoi|thap"
    r"|dieu kien|neu|tru|sai|tham dinh|xac minh|kiem tra|tiep tuc|huy bo|bi huy|loai bo"
    r"|bi loai|(?:tieu chi|bo tieu chi|quy dinh|chuan) cu)\b")


# The same words as typed, with their diacritics: folded, ``chùa`` (a pagoda) would be
# ``chưa``, ``Đảng`` ``đang``, ``trung tâm`` ``tạm``, ``nêu`` ``nếu``, ``trụ sở`` ``trừ``.
_TAKES_BACK_TYPED = re.compile(
    r"\b(?:chưa|chờ|đang|dự kiến|không|tạm|xem xét|đề nghị|bổ sung|hoàn thiện|rà soát"
    r"|kế hoạch|phấn đấu|sẽ|cơ bản|một phần|thiếu|thu hồi|rút|ngừng|hết|giảm|dưới|thấp"
    r"|điều kiện|nếu|trừ|sai|thẩm định|xác minh|kiểm tra|tiếp tục|hủy bỏ|huỷ bỏ|bị hủy"
    r"|bị huỷ|loại bỏ|bị loại|(?:tiêu chí|bộ tiêu chí|quy định|chuẩn) cũ)\b")
# Steps of a review or of completing a file, done (``đã`` before them in the clause: ``Đã
# được Đoàn thẩm định kiểm tra``, ``đã bổ sung hồ sơ``), and ``đến hết`` (by the end of):
# no doubt.
_REVIEW = frozenset({"xem xét", "đề nghị", "bổ sung", "hoàn thiện", "rà soát", "thẩm định",
                     "xác minh", "kiểm tra"})
_DONE = re.compile(r"\bđã\b")
_BY_THE_END = re.compile(r"\b(?:đến|tới|tính đến)\s*$")


def takes_back(text: str, spared: re.Pattern[str] | None = None) -> bool:
    """Whether a footnote's text has words of doubt or of not yet (``_TAKES_BACK``): read
    with its diacritics when it is typed with them (``_TAKES_BACK_TYPED``), and not for a
    review said to be done, nor for ``đến hết năm`` (by the end of the year). ``spared``
    (folded) finds phrases whose words say no doubt where the caller's rows are concerned
    (B03's ``Đang sản xuất``: ``đang`` of a producer at work, not of a rating under way):
    they are read as blanks, and the rest of the text as before."""
    if spared is not None and spared.search(fold(text)):
        text = _blanked(text, spared)
    if text.isascii():
        return _TAKES_BACK.search(fold(text)) is not None
    typed = " ".join(nfc(text).lower().split())
    for found in _TAKES_BACK_TYPED.finditer(typed):
        clause = re.split(r"[,;.:]", typed[:found.start()])[-1]
        if found[0] in _REVIEW and _DONE.search(clause):
            continue
        if found[0] == "hết" and _BY_THE_END.search(clause):
            continue
        return True
    return False


def _blanked(text: str, spared: re.Pattern[str]) -> str:
    """``text`` as single-spaced lower case with what ``spared`` finds in its folded form
    blanked, keeping its diacritics where folding keeps its length (it does for Vietnamese,
    composed); otherwise the folded text, blanked."""
    typed = " ".join(nfc(text).lower().split())
    folded = fold(typed)
    if len(folded) != len(typed):
        return spared.sub(" ", folded)
    for found in reversed(list(spared.finditer(folded))):
        typed = typed[:found.start()] + " " * (found.end() - found.start()) + typed[found.end():]
    return typed


def status_mark(cell: object, marks: dict[str, str] | None = None, level: str = ""
                ) -> str | None:
    """A status year's cell that holds a mark instead of a year (``x`` or ``Đạt`` under
    ``Đạt chuẩn NTM``, ``Chưa đạt``, a ticked box): the mark it is, or None. Digits are never
    read as a mark here: a ``1`` or ``0`` in a year column may as well be a year typed wrong.
    The words for reached without a year (``Đã đạt chuẩn``, ``Đã công nhận``, ``Đã được công
    nhận đạt chuẩn``, with the column's own level or none: ``Đã đạt chuẩn NTM`` under the NTM
    year, ``level`` the column's field) say what ``x`` says there: met. Words of not yet, of a
    plan or a request (``Chưa đạt``, ``Đang xây dựng``, ``Đề nghị công nhận``) are no mark of
    met, and another level named makes the cell no mark at all."""
    if isinstance(cell, bool):
        return "met" if cell else "not_met"
    if not isinstance(cell, str) or any(ch.isdigit() for ch in cell):
        return None
    try:
        return parse_mark(cell, marks)
    except CellError:
        pass
    key = fold(cell).strip(" .!")
    if level in STATUS_LEVEL_WORDS:
        if any(words.search(key) for name, words in STATUS_LEVEL_WORDS.items()
               if name != level):
            return None
        key = " ".join(STATUS_LEVEL_WORDS[level].sub(" ", key).split())
    key = re.sub(r"^xa\s*", "", key).strip(" :-")
    return "met" if _REACHED.fullmatch(key) else None


def status_year(cell: object, level: str) -> int | None:
    """A B01 status year's cell that the year parser does not read but a person reads as a
    year: the month and year of the recognition (``12/2019``, ``tháng 12/2019``, ``T12/2019``),
    or the year with the column's own level named (``Đạt chuẩn NTM năm 2019`` under the NTM
    year, ``Đạt NTM nâng cao (2023)`` under the advanced one). ``level`` is the column's
    field (``ntm_year``, ``advanced_year``, ``model_year``). A cell naming another level, or
    two years, is None: which status and year it gives is the reader's guess."""
    if not isinstance(cell, str):
        return None
    key = fold(cell).strip(" .")
    if _MONTH_YEAR.fullmatch(key):
        return partial_year(key)
    other = [words for name, words in STATUS_LEVEL_WORDS.items() if name != level]
    if level not in STATUS_LEVEL_WORDS or any(words.search(key) for words in other):
        return None
    named = " ".join(STATUS_LEVEL_WORDS[level].sub(" ", key).split())
    if named == key:  # no level named: the year parser has said all there is to say
        return None
    # The level named in brackets after the year (``2019 (NTM)``): the brackets left empty.
    named = " ".join(re.sub(r"[(\[]\s*[)\]]", " ", named).split())
    named = re.sub(r"^xa\s*", "", named).strip(" :-")
    match = _YEAR_TEXT.fullmatch(named) or _REACHED_IN.fullmatch(named)
    if match is None:
        return None
    year = int(match.group(1) + match.group(2))
    return year if _YEAR_MIN <= year <= _YEAR_MAX else None


# The words naming each status level in a status cell, folded; NTM is named alone, the two
# higher levels with or without NTM before them.
STATUS_LEVEL_WORDS = {
    "ntm_year": re.compile(r"\b(?:ntm|nong thon moi)\b(?!\s*(?:nang cao|nc|kieu mau|km)\b)"),
    "advanced_year": re.compile(r"\b(?:(?:ntm|nong thon moi)\s*)?(?:nang cao|nc)\b|\bntmnc\b"),
    "model_year": re.compile(r"\b(?:(?:ntm|nong thon moi)\s*)?(?:kieu mau|km)\b|\bntmkm\b"),
}


def parse_criteria_list(cell: object, criterion: Callable[[str], int | None]) -> set[int]:
    """Read the criteria listed in one cell (``5, 13, 17``, ``TC5; TC13``, ``Giao thông,
    Thủy lợi và Môi trường``): their numbers, by ``criterion`` (a number or a name as a
    header names a criterion column, None when it names none of the set). Blank, ``-`` and
    ``Không`` list none. A name with commas of its own (``Văn hóa, giáo dục, y tế``) is
    read whole: the longest run of pieces that names one criterion is taken."""
    if is_blank(cell) or (isinstance(cell, str) and fold(cell).strip(" .") in _NONE_LISTED):
        return set()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if not float(cell).is_integer():
            raise _error(cell, "a list of criteria")
        cell = str(int(cell))
    if not isinstance(cell, str):
        raise _error(cell, "a list of criteria")
    pieces: list[str] = []
    for piece in _LIST_SPLIT.split(fold(cell)):
        piece = piece.strip(" .:()")
        # "5 13 17", "TC 5 13": numbers with only spaces between them
        if _SPACED_NUMBERS.fullmatch(piece):
            pieces += re.findall(r"\d+", piece)
        elif piece:
            pieces.append(piece)
    found: set[int] = set()
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 4), i, -1):
            text = " ".join(pieces[i:j])
            number = criterion(text)
            if number is not None:
                found.add(number)
                i = j
                break
        else:
            raise CellError(f"cannot read {cell_text(cell)!r} as a list of criteria: "
                            f"'{pieces[i]}' names no criterion of the set")
    return found


_LIST_SPLIT = re.compile(r"[,;/+\n]|\bva\b")
_SPACED_NUMBERS = re.compile(r"(?:(?:tc|tieu chi)\s*)?\d+(?:\s+\d+)+")
_NONE_LISTED = frozenset({"-", "khong", "khong co", "0", "da dat du", "dat du", "du"})


@lru_cache(maxsize=1)
def _builtin_marks() -> dict[str, str]:
    from pipelines.ingest.template import MARKS

    return {fold(p).strip(" .:;!"): mark for mark, phrases in MARKS.items() for p in phrases}


# --------------------------------------------------------------------------- years, dates

_YEAR_MIN, _YEAR_MAX = 1900, 2100


def _checked_year(year: int, cell: object) -> int:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise _error(cell, f"a year between {_YEAR_MIN} and {_YEAR_MAX}")
    return year


def parse_year(cell: object) -> int | None:
    """Read a year typed as a number, text ("năm 2019") or a date. A year typed with the
    decision recognising it is the year typed (``_year_citing_its_decision``); a date in a
    text naming another year beside it is not read: which of the two is meant is a guess."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise _error(cell, "a year")
    if isinstance(cell, dt.date):  # datetime is a subclass
        return _checked_year(cell.year, cell)
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not cell.is_integer():
            raise _error(cell, "a year")
        return _checked_year(int(cell), cell)
    if isinstance(cell, str):
        key = fold(cell).rstrip(".")
        # "2023", "năm 2023", "2023.0", and "2.023" / "2 023" (a thousands separator); a
        # report's period said to be the whole year ("Cả năm 2023", "2023 (cả năm)"), not a
        # part of it ("6 tháng đầu năm 2023" is no year).
        match = _YEAR_TEXT.fullmatch(key) or _REACHED_IN.fullmatch(key)
        if match:
            return _checked_year(int(match.group(1) + match.group(2)), cell)
        if (typed := _year_citing_its_decision(key)) is not None:
            return _checked_year(typed, cell)
        if re.search(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{4}-\d{1,2}-\d{1,2}|thang", key):
            try:
                date = parse_date(cell)
            except CellError:
                date = None
            if date is not None and _years_besides_dates(key) - {date.year}:
                # ``QĐ ngày 15/3/2021 (đạt chuẩn năm 2020)``: the date's year or the other
                raise _error(cell, "a year (it names two different years, and which one is "
                                   "meant cannot be told)")
            if date is not None:
                return _checked_year(date.year, cell)
    raise _error(cell, "a year")


_YEAR_TEXT = re.compile(r"(?:(?:ca\s*)?nam\s*)?(\d)[. ]?(\d{3})(?:\.0+)?(?:\s*\(\s*ca\s*nam\s*\))?")
# A year typed first (as the year parser reads it alone: ``2020``, ``Năm 2020``, ``Đạt chuẩn
# năm 2020``), then a note in brackets or after a comma, a dash, a colon or a semicolon
# (folded): ``2020 (QĐ số 123/QĐ-TTg ngày 15/3/2021)``, ``Năm 2020 - QĐ 123/QĐ-UBND``.
_YEAR_THEN_NOTE = re.compile(r"(.*?(?<![0-9])[0-9]{4})\s*(?:\((.*)\)|[-–,;:]\s*(.*))")
# A decision's words in such a note: ``QĐ``, ``Quyết định``, or its number (``123/QĐ-TTg``).
_CITES_A_DECISION = re.compile(r"\b(?:qd|quyet dinh)\b")
# A year of four digits in folded text, not part of a longer number.
_FOUR_DIGIT_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def _year_citing_its_decision(key: str) -> int | None:
    """The year typed first in a folded text whose note cites the decision that recognised
    it, its number and its date, with no other words than a decision's (``_DECISION_NOTE``):
    ``2020 (QĐ số 123/QĐ-TTg ngày 15/3/2021)`` is 2020, the year the office typed as the
    value (a district is recognised for a year by a decision often dated the next; before,
    the year of the decision's date was read). None otherwise, and when the decision is dated
    before the year typed (which of the two is the status's cannot be told)."""
    found = _YEAR_THEN_NOTE.fullmatch(key)
    typed = found and (_YEAR_TEXT.fullmatch(found[1]) or _REACHED_IN.fullmatch(found[1]))
    if not typed:
        return None
    year = int(typed.group(1) + typed.group(2))
    note = found[2] if found[2] is not None else found[3]
    try:
        dates = _dates_in(note)
    except CellError:  # no such day
        return None
    if not (_DECISION_NUMBER.search(note) or _CITES_A_DECISION.search(note)) or any(
            d.year < year for d in dates):
        return None
    rest = _DECISION_NUMBER.sub(" ", _ANY_DATE.sub(" ", note))
    rest = " ".join(re.sub(r"[^a-z0-9]+", " ", rest).split())
    return year if _DECISION_NOTE.fullmatch(rest) else None


def _years_besides_dates(key: str) -> set[int]:
    """The years a folded text names outside its full dates and decisions' numbers
    (``12/2021/QĐ-UBND`` carries its year)."""
    return {int(y) for y in _FOUR_DIGIT_YEAR.findall(
        _DECISION_NUMBER.sub(" ", _ANY_DATE.sub(" ", key)))}


# A status year with the word for reached: "Đạt 2019", "Đã đạt (2019)", "Đạt chuẩn năm
# 2019", "Được công nhận năm 2019". Not words of a plan ("Dự kiến 2025", "Phấn đấu 2025"),
# nor a level ("Đạt chuẩn NTM năm 2019" in the advanced column would say another level).
_REACHED_IN = re.compile(r"(?:da\s*)?(?:dat(?:\s*chuan)?|(?:duoc\s*)?cong\s*nhan)"
                         r"(?:\s*nam)?\s*[:(]?\s*(\d)(\d{3})\s*\)?")
# The same words without a year: reached, in a year not given ("Đã đạt chuẩn", "Đã công
# nhận", "Đã được công nhận đạt chuẩn"), once the column's level is taken out.
_REACHED = re.compile(r"(?:da\s*)?(?:dat(?:\s*chuan)?|(?:duoc\s*)?cong\s*nhan"
                      r"(?:\s*dat(?:\s*chuan)?)?)")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in the 1900 date system (after Excel's 1900 bug)
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000  # 1954-10-03 .. 2118-12-03: plausible report dates
# Matched against folded text, so ISO's "T" separator has become "t".
_TIME_PART = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# A two-digit year ("15/6/23") is read as Excel reads it when typed: 00-29 are 2000-2029,
# 30-99 are 1930-1999 (a date the checks then find out of range rather than a guess).
# A date day first (``15/6/2023``, ``15.06.23``) and in words (``ngày 15 tháng 6 năm 2023``),
# folded.
_DAY_FIRST = r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})"
_IN_WORDS = r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\b"
_DMY = re.compile(_DAY_FIRST + _TIME_PART)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME_PART)
_VN_DATE = re.compile(_IN_WORDS)
# The whole cell a date in words without "ngày" (``10 tháng 01 năm 2024``), or with the
# month's English name as Excel shows a date formatted ``dd-mmm-yyyy`` when it is copied as
# text (``10-Jan-2024``, ``10 Jan 2024``); before, neither was read.
_WORDS_ALONE = re.compile(r"(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|[/.,-]\s*)?(\d{4})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMED = re.compile(r"(\d{1,2})\s*[-/ ]\s*(" + "|".join(_MONTHS)
                          + r")[a-z]*\.?\s*[-/ ,]\s*(\d{4}|\d{2})")
_DATED = re.compile(r"\bngay\s*:?\s*" + _DAY_FIRST + r"\b")
# Words in a longer text saying that its date is not the one the column asks for, folded:
# an end of validity ("Hết hạn ngày 15/6/2026", "hiệu lực đến ngày …"), a plan or a wait
# ("Dự kiến ngày …", "chờ quyết định"), a request ("Tờ trình đề nghị công nhận ngày …"; not
# a decision's "theo đề nghị của …"), a withdrawal. Such a date is not read (before,
# "Hết hạn ngày 15/6/2026" under Ngày công nhận was read as the recognition date). A bare
# "đến ngày" is not among them: "Tính đến ngày 31/12/2023" is a report's date.
_NOT_THIS_DATE = re.compile(
    r"\b(?:het han|het hieu luc|(?:hieu luc|thoi han|han|gia tri)\s*(?:den|toi)"
    r"|du kien|ke hoach|phan dau|cho (?:quyet dinh|qd|cong nhan|phe duyet|ket qua|xet)"
    r"|(?<!theo )de nghi|to trinh|thu hoi|huy bo|bi huy|dinh chi)\b")


def _from_serial(serial: float, cell: object) -> dt.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise _error(cell, "a date (Excel serial number out of range)")
    return _EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))


def _make_date(year: str, month: str, day: str, cell: object) -> dt.date:
    full = int(year)
    if len(year) == 2:
        full += 2000 if full < 30 else 1900
    try:
        return dt.date(full, int(month), int(day))
    except ValueError:
        raise _error(cell, "a date (no such day)") from None


def numeric_date(cell: object) -> tuple[int, int, str] | None:
    """The first and second numbers and the year of a date typed as text in numbers alone
    (``6/15/2023`` -> (6, 15, "2023")), which the day-first and the month-first styles read
    differently; None for anything else."""
    if type(cell) is not str:
        return None
    match = _DMY.fullmatch(fold(cell).strip().rstrip("."))
    if match is None:
        return None
    first, _, second, year = match.groups()
    return int(first), int(second), year


def month_first_date(cell: object) -> dt.date:
    """A date typed month first (``6/15/2023``, as Excel set to English writes it), read so;
    only where the sheet's column shows that style (``extract._month_first``)."""
    parts = numeric_date(cell)
    if parts is None:
        raise _error(cell, "a date")
    first, second, year = parts
    return _make_date(year, str(first), str(second), cell)


def folder_month_first(cell: object, shown: Callable[[], dict[str, tuple[str, str]]]
                       ) -> tuple[dt.date, bool] | None:
    """A date of a CSV folder typed as text in numbers, read month first where the folder
    shows that style, with whether the cell shows it itself (``10/31/2024``); None to read it
    as any date (day first, ``parse_date``). Excel set to English (en-US) saves a date cell
    in a CSV month first (``1/10/2024`` for 10 January): a CSV folder is one export, whose
    date cells are all written alike, so where a date of it can only be month first (its
    second number above 12, in any of its files) and none only day first, every date is read
    month first, as a person reading the folder does. ``shown`` gives the styles the
    folder's dates show (``thongtin.dates_shown``), asked only of a date the two styles read
    differently. ThongTin's `Ngày lập` and B03's recognition dates follow this rule
    (``thongtin._signed_month_first``, ``extract._month_first``)."""
    parts = numeric_date(cell)
    if parts is None or parts[0] > 12 or parts[0] == parts[1] or parts[1] > 31:
        return None  # not a date of numbers, or one read alike, or day first only
    styles = shown()
    own = parts[1] > 12
    if "day" in styles or not (own or "month" in styles):
        return None
    try:
        return month_first_date(cell), own
    except CellError:
        return None


def month_first_said(typed: str, read: dt.date, own: bool,
                     styles: dict[str, tuple[str, str]]) -> str:
    """How a date of a CSV folder was read month first (``folder_month_first``), for its
    flag: an info when it shows the style itself (``own``), a warning naming the date that
    showed it otherwise (ThongTin's `Ngày lập`, B03's dates)."""
    if own:
        return (f"'{typed}' is written month first, as Excel set to English saves a date in "
                f"a CSV file, and no date of the files is written day first; read as "
                f"{read:%d/%m/%Y}")
    example, where = styles["month"]
    other = dt.date(read.year, read.day, read.month)
    return (f"'{typed}' may be day or month first; the files write their dates month first, "
            f"as Excel set to English saves them ('{example}' in {where}), and none day "
            f"first: read as {read:%d/%m/%Y}, not {other:%d/%m/%Y}")


def parse_date(cell: object) -> dt.date | None:
    """Read a date; text is always day first, as written in Vietnam (03/04/2021 is 3 April)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise _error(cell, "a date")
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise _error(cell, "a date")
        return _from_serial(cell, cell)
    if isinstance(cell, str):
        key = fold(cell).rstrip(".")
        if match := _DMY.fullmatch(key):
            day, _, month, year = match.groups()
            return _make_date(year, month, day, cell)
        if match := _YMD.fullmatch(key):
            year, month, day = match.groups()
            return _make_date(year, month, day, cell)
        if match := _WORDS_ALONE.fullmatch(key):
            day, month, year = match.groups()
            return _make_date(year, month, day, cell)
        if match := _MONTH_NAMED.fullmatch(key):
            day, month, year = match.groups()
            return _make_date(year, str(_MONTHS.index(month[:3]) + 1), day, cell)
        if re.fullmatch(r"\d{5}(?:\.\d+)?", key):  # a serial number saved as text in a CSV
            return _from_serial(float(key), cell)
        if _NOT_THIS_DATE.search(key):
            raise _error(cell, "a date (its words may say it is not this column's date: an "
                               "end of validity, a plan, a request)")
        if match := _VN_DATE.search(key):
            day, month, year = match.groups()
            return _make_date(year, month, day, cell)
        # "123/QĐ-UBND ngày 15/6/2023": one date, introduced by "ngày", in a longer text.
        dated = _DATED.findall(key)
        if len(dated) == 1:
            day, _, month, year = dated[0]
            return _make_date(year, month, day, cell)
    raise _error(cell, "a date")


# A date given only by its month and year, or its year ("06/2023", "tháng 6/2023", "T6/2023",
# "năm 2023", 2023), folded.
_MONTH_YEAR = re.compile(r"(?:thang\s*|t\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})|thang\s*(\d{1,2})\s*"
                         r"(?:nam\s*)?[/.-]?\s*(\d{4})")
_YEAR_ONLY = re.compile(r"(?:nam\s*)?(\d{4})")
# A quarter and its year ("Quý II/2023", "quý 2 năm 2023", "Q2/2023"), folded: the year.
_QUARTER_YEAR = re.compile(r"(?:quy|q)\s*(?:i{1,3}|iv|[1-4])\s*(?:[/.-]|nam)\s*(\d{4})")


def partial_year(cell: object) -> int | None:
    """The year of a date written without its day (``06/2023``, ``tháng 6 năm 2023``,
    ``Quý II/2023``) or with its year only (``2023``, ``Năm 2023``); None for anything else,
    a full date included (``parse_date`` reads those). An OCOP certificate's year is enough
    to tell at which year ends it is in force, though not its exact end."""
    if isinstance(cell, bool) or is_blank(cell):
        return None
    if isinstance(cell, int | float):
        year = int(cell) if float(cell).is_integer() else None
        return year if year is not None and _YEAR_MIN <= year <= _YEAR_MAX else None
    if not isinstance(cell, str):
        return None
    key = fold(cell).strip(" .")
    if found := _MONTH_YEAR.fullmatch(key):
        month = int(found[1] or found[3])
        year = int(found[2] or found[4])
    elif found := _YEAR_ONLY.fullmatch(key) or _QUARTER_YEAR.fullmatch(key):
        month, year = 1, int(found[1])
    else:
        return None
    return year if 1 <= month <= 12 and _YEAR_MIN <= year <= _YEAR_MAX else None


# --------------------------------------------------------------------------- OCOP

_STAR_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5}
# Star signs as phones type them: the emoji star (U+2B50, in colour when a variation selector
# follows, which folding drops) and the glowing star are the ★ of a keyboard.
_STAR_SIGNS = str.maketrans({"\u2b50": "★", "\U0001f31f": "★"})
# Words offices write around a rating, folded: before it ("Hạng 4 sao", "Đạt 3 sao", "Sản
# phẩm OCOP 4 sao") and after it ("3 Sao OCOP").
_RATING_BEFORE = ("hang", "dat", "xep hang", "ocop", "san pham")
_RATING_AFTER = ("ocop",)
# A note in brackets after a rating that says how or at which level it was given, and so
# leaves the rating as it is: "4 sao (nâng hạng)", "3 sao (công nhận lại)", "5 sao (quốc
# gia)". Only these: a note saying anything else ("(hết hạn)", "(bị thu hồi)") may say the
# rating is no certificate, and the cell stays unread.
_RATING_NOTES = ("nang hang", "cong nhan lai", "tai cong nhan", "danh gia lai", "cong nhan moi",
                 "moi", "lan dau", "quoc gia", "cap quoc gia", "trung uong", "cap trung uong",
                 "cap tinh", "cap huyen", "ocop")
# Words of such a note before another rating that the product does not hold now: one it may
# reach ("4 sao (tiềm năng 5 sao)") or held before ("5 sao (nâng hạng từ 4 sao)"). A note
# naming another rating otherwise ("3 sao (lên 4 sao)") leaves two readings: none is taken.
_NOT_HELD = ("tiem nang", "du kien", "phan dau", "huong toi", "tu", "truoc", "truoc day",
             "truoc do", "lan dau")


def _any_of(phrases: tuple[str, ...], space: str = r"\s*") -> str:
    """A regular expression matching one of the folded phrases, the longest first (so that
    "cap quoc gia" is not cut at "quoc gia"), their spaces as ``space``."""
    return "|".join(p.replace(" ", space) for p in sorted(phrases, key=len, reverse=True))


_BEFORE_RATING = re.compile(rf"^(?:{_any_of(_RATING_BEFORE, '')})+")
_AFTER_RATING = re.compile(rf"(?:{_any_of(_RATING_AFTER, '')})+$")
_BRACKETED_NOTE = re.compile(r"\(([^()]*)\)")
_A_RATING = rf"(?:\d\s*(?:sao|\*|★)|★+|(?:{_any_of(tuple(_STAR_WORDS))})\s*sao)"
_NAMES_A_RATING = re.compile(_A_RATING)
# A rating written in words ("5 sao", "Hạng 4 sao") followed by words, folded: the two parts.
_RATING_THEN_NOTE = re.compile(r"(.*?\bsao)\s*[-–,;:/]?\s*([a-z(].*)")
_HARMLESS_NOTE = re.compile(
    rf"(?:(?:{_any_of(_RATING_NOTES)})\s*)*(?:(?:{_any_of(_NOT_HELD)})\s*{_A_RATING})?")


# A full date anywhere in folded text, day first ("15/6/2023", "15.06.23", "ngày 15 tháng 6
# năm 2023"); not the numbers of a decision ("12/2023/QĐ-UBND").
_ANY_DATE = re.compile(rf"(?<![\d/]){_DAY_FIRST}(?![\d/])|{_IN_WORDS}")
# A decision's number in a note ("QĐ 123/QĐ-UBND", "số 12/2023/QĐ-UBND"), folded.
_DECISION_NUMBER = re.compile(r"\b\d+(?:\s*/\s*\d{4})?\s*/\s*[a-z][a-z0-9.]*(?:\s*-\s*[a-z0-9.]+)*")
# The words of a note beside a recognition date that say how it was given and leave the date
# as it is, folded: "15/06/2023 (công nhận lại)", "15/6/2023 - lần 2", "Ngày công nhận:
# 15/6/2023", "15/6/2023 (QĐ 123/QĐ-UBND)" (the decision's number set aside first).
# Not "lần đầu" (the first recognition, where a later one may be the certificate in force).
_DECISION_WORDS = ("ngay", "cong nhan", "chung nhan", "ngay ky", "theo", "quyet dinh", "qd",
                   "so", "ubnd", "ubnd tinh", "ubnd huyen")
_DATE_NOTE_WORDS = (*_DECISION_WORDS, *(w for w in _RATING_NOTES if w != "lan dau"))
# The words of a note citing the decision beside a year (``_year_citing_its_decision``): a
# decision's, and the Prime Minister's who recognises a district (``của Thủ tướng Chính phủ``).
_DECISION_NOTE = re.compile(
    rf"(?:(?:{_any_of((*_DECISION_WORDS, 'cua', 'thu tuong', 'chinh phu'), r'\s+')})(?:\s+|$))*")
_HARMLESS_DATE_NOTE = re.compile(
    rf"(?:(?:{_any_of(_DATE_NOTE_WORDS, r'\s+')}"
    r"|lan\s+(?:thu\s+)?(?:[2-9]|hai|ba|tu|bon|ii|iii|iv))(?:\s+|$))*")
# A date without its day followed by a note ("06/2023 (công nhận lại)", "2023 - lần 2"):
# the date, and the note.
_PARTIAL_THEN_NOTE = re.compile(r"([^(,;]*?\d)\s*(?:[(,;]|\s[-–]\s?)\s*(.*?)\)?")


def _dates_in(key: str) -> set[dt.date]:
    """The full dates written in a folded text; CellError for one that does not exist."""
    dates = set()
    for m in _ANY_DATE.finditer(key):
        day, month, year = m.group(1, 3, 4) if m.group(1) else m.group(5, 6, 7)
        dates.add(_make_date(year, month, day, m.group(0)))
    return dates


def gives_two_dates(cell: object) -> bool:
    """Whether a text names two different full dates (``15/6/2023 (QĐ 12/QĐ-UBND ngày
    16/6/2023)``), which the date parser may have read as the one after ``ngày``."""
    if not isinstance(cell, str):
        return False
    try:
        return len(_dates_in(fold(cell))) > 1
    except CellError:
        return True


def date_with_note(cell: object) -> dt.date | None:
    """A date the date parser does not read, typed with a note that says how it was given
    (``15/06/2023 (công nhận lại)``, ``15/6/2023 - lần 2``, ``15/6/2023 (QĐ 123/QĐ-UBND)``,
    ``Ngày công nhận: 15/6/2023``): the date, as a person reads it. None for a note saying
    anything else (``(hết hạn)``, ``(dự kiến)``, another year), or two different dates. A
    recognised-again certificate's date is its latest (as ``3 sao (công nhận lại)`` is the
    rating); a B01 status year is not read this way (its year may be the first's)."""
    if not isinstance(cell, str):
        return None
    key = fold(cell)
    try:
        dates = _dates_in(key)
    except CellError:  # no such day
        return None
    if len(dates) != 1:
        return None
    rest = _DECISION_NUMBER.sub(" ", _ANY_DATE.sub(" ", key))
    rest = " ".join(re.sub(r"[^a-z0-9]+", " ", rest).split())
    return dates.pop() if _HARMLESS_DATE_NOTE.fullmatch(rest) else None


def year_with_note(cell: object) -> int | None:
    """The year of a date without its day (``partial_year``) typed with a note of the
    kind ``date_with_note`` sets aside (``06/2023 (công nhận lại)``, ``Quý II/2023 - lần
    2``); None for anything else."""
    if not isinstance(cell, str):
        return None
    found = _PARTIAL_THEN_NOTE.fullmatch(fold(cell).strip(" ."))
    if found is None:
        return None
    note = " ".join(re.sub(r"[^a-z0-9]+", " ", _DECISION_NUMBER.sub(" ", found[2])).split())
    if not note or not _HARMLESS_DATE_NOTE.fullmatch(note):
        return None
    return partial_year(found[1])


# A remark giving only the end of a certificate's validity, folded: "Hết hạn ngày 15/6/2026",
# "Hiệu lực đến 15/6/2026", "Còn hiệu lực đến tháng 6/2026", "GCN hết hạn năm 2026".
_VALID_UNTIL = re.compile(
    r"(?:(?:giay chung nhan|chung nhan|gcn)\s*)?(?:het han|het hieu luc"
    r"|(?:con |co )?(?:hieu luc|gia tri|thoi han(?: hieu luc)?|han)\s*(?:den|toi)(?: het)?)"
    r"\s*(?:vao\s*)?(?:ngay\s*)?[:.]?\s*(\S.*?)[\s.]*")


def validity_end(cell: object) -> tuple[int, dt.date | None] | None:
    """The end of validity a remark gives alone (``Hết hạn ngày 15/6/2026``, ``Hiệu lực đến
    15/6/2026``, ``Hết hạn năm 2026``): its year, and its date when the day is given; None
    for a remark saying anything else (``Hết hạn``, ``Đã thu hồi, hết hạn 15/6/2026``)."""
    if not isinstance(cell, str):
        return None
    found = _VALID_UNTIL.fullmatch(fold(cell))
    if found is None:
        return None
    if _DMY.fullmatch(found[1]):
        try:
            end = parse_date(found[1])
        except CellError:
            return None
        return (end.year, end) if end is not None else None
    year = partial_year(found[1])
    return None if year is None else (year, None)


def ratings_named(text: str) -> set[int]:
    """The star ratings a text names (``Chờ quyết định nâng hạng 5 sao``: {5})."""
    named = set()
    for found in _NAMES_A_RATING.finditer(fold(text).translate(_STAR_SIGNS)):
        if (rating := _rating(found[0].replace(" ", ""))) is not None:
            named.add(rating)
    return named


def parse_stars(cell: object) -> int | None:
    """Read an OCOP star rating ("3", "3 sao", "3*", "★★★", "⭐⭐⭐", "Hạng 4 sao", "Hạng 4*",
    "3 Sao OCOP", "4 sao (nâng hạng)"); range is checked elsewhere. A cell naming two
    ratings is read only when the note makes one of them a rating the product does not hold
    ("4 sao (tiềm năng 5 sao)" is 4)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise _error(cell, "a star rating")
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not cell.is_integer():
            raise _error(cell, "a star rating")
        return int(cell)
    if isinstance(cell, str):
        text = fold(cell).translate(_STAR_SIGNS)
        notes = [" ".join(re.sub(r"[^a-z0-9*★]+", " ", n).split())
                 for n in _BRACKETED_NOTE.findall(text)]
        bare = _BRACKETED_NOTE.sub(" ", text)
        if notes and bare.strip():
            if all(_HARMLESS_NOTE.fullmatch(n) for n in notes):
                text = bare
            elif _rating(bare.replace(" ", "")) is not None and any(
                    _NAMES_A_RATING.search(n) for n in notes):
                raise _error(cell, "a star rating (it names two ratings, and which one the "
                                   "product holds cannot be told)")
        rating = _rating(text.replace(" ", "").rstrip("."))
        if rating is None and (split := _RATING_THEN_NOTE.fullmatch(text.strip(" ."))):
            # "5 sao quốc gia", "3 sao - cấp tỉnh", "4 sao OCOP cấp tỉnh": a note of the
            # bracketed kind, written without its brackets
            note = " ".join(re.sub(r"[^a-z0-9*★]+", " ", split[2]).split())
            if note and _HARMLESS_NOTE.fullmatch(note):
                rating = _rating(split[1].replace(" ", ""))
        if rating is not None:
            return rating
    raise _error(cell, "a star rating")


# The OCOP rating scale (Decision 1048/QĐ-TTg of 2019, 148/QĐ-TTg of 2023): one to five
# stars. One or two stars (under 50 points) hold no certificate, which the counts downstream
# say (``stars between 3 and 5``); a number off the scale is no rating at all, most often a
# year typed in a rating's column (``Nâng hạng`` 2023, the year of the upgrade).
OCOP_STARS = range(1, 6)


def stars_off_scale(stars: int) -> str | None:
    """Why a number read from a B03 rating's cell is no rating, or None when it is one:
    it is off the OCOP scale (``OCOP_STARS``), a year (``2023``) or another figure. A
    person reads no rating there, so the intake stores none (before, ``stars`` was 2023,
    left to a range check downstream)."""
    if stars in OCOP_STARS:
        return None
    scale = f"OCOP ratings run from {OCOP_STARS[0]} to {OCOP_STARS[-1]} stars"
    if _YEAR_MIN <= stars <= _YEAR_MAX:
        return (f"{stars} is a year, not a rating ({scale}): the year of the recognition or "
                "of an upgrade typed in the rating's column, so the rating is not read")
    return f"{stars} is not a rating ({scale}), so the rating is not read"


def _rating(key: str) -> int | None:
    """A rating from a folded cell without spaces, or None."""
    # The rating with the words around it: a single digit, a spelled-out number or the
    # signs, so that "Đạt 2019" stays unreadable.
    rating = _AFTER_RATING.sub("", _BEFORE_RATING.sub("", key))
    if rating != key:
        if not re.fullmatch(r"\d(?:sao|\*|★)?|[a-z]+sao|★[★☆]*|\*+", rating):
            return None
        key = rating
    if key and set(key) <= {"★", "☆"} and "★" in key:
        return key.count("★")
    if key and set(key) == {"*"}:
        return len(key)
    if match := re.fullmatch(r"(\d+)(?:[.,]0+)?(?:sao|\*|★)?", key):
        try:
            return int(match.group(1))
        except ValueError:  # past int()'s 4300-digit limit
            return None
    match = re.fullmatch(r"([a-z]+)sao", key)
    if match and match.group(1) in _STAR_WORDS:
        return _STAR_WORDS[match.group(1)]
    return None


# The groups of the OCOP regulation (Decision 148/QĐ-TTg), from the seed that labels them.
PRODUCT_GROUPS: dict[int, str] = seeds.product_groups()

# Names used before the 2023 OCOP regulation (Decision 148/QĐ-TTg) still appear in old files.
_PRODUCT_GROUP_ALIASES: dict[str, int] = {
    "dich vu du lich nong thon ban hang": 6,
    "dich vu du lich nong thon": 6,
    # The regulation's own words for its groups 3 and 6 (herbal products are medicinal
    # herbs and what is made of them; tourism is community and rural tourism and its sites).
    "duoc lieu": 3,
    "duoc lieu san pham tu duoc lieu": 3,
    "thao duoc duoc lieu": 3,
    "du lich cong dong diem du lich": 6,
    "dich vu du lich cong dong du lich nong thon diem du lich": 6,
    "du lich nong thon": 6,
    "du lich cong dong": 6,
}


def _group_tokens(text: object) -> tuple[str, ...]:
    """Folded words without punctuation or "và", so "Lưu niệm, nội thất, trang trí" matches."""
    return tuple(w for w in re.sub(r"[^a-z0-9]+", " ", fold(text)).split() if w != "va")


_GROUP_KEYS: dict[int, tuple[str, ...]] = {
    n: _group_tokens(name) for n, name in PRODUCT_GROUPS.items()
}


def _group_by_name(tokens: tuple[str, ...]) -> int | None:
    """Match a group name exactly, with extra detail after it, or by an unambiguous start."""
    alias = _PRODUCT_GROUP_ALIASES.get(" ".join(tokens))
    if alias is not None:
        return alias
    for n, key in _GROUP_KEYS.items():
        if tokens[: len(key)] == key:
            return n
    starts = [n for n, key in _GROUP_KEYS.items() if key[: len(tokens)] == tokens]
    return starts[0] if len(starts) == 1 else None


COMMUNE_GROUPS: dict[int, str] = seeds.commune_groups()
_ROMAN = {"i": 1, "ii": 2, "iii": 3}


def parse_commune_group(cell: object) -> int | None:
    """Read a commune group of Decision 51/2025/QĐ-TTg as its number 1-3, from a number or
    ``Nhóm 2`` (also in Roman numerals, ``Nhóm II``)."""
    if is_blank(cell):
        return None
    what = "a commune group (1, 2 or 3)"
    if isinstance(cell, bool):
        raise _error(cell, what)
    if isinstance(cell, int | float):
        if cell in COMMUNE_GROUPS:
            return int(cell)
        raise _error(cell, what)
    if isinstance(cell, str):
        tokens = _group_tokens(cell)
        if tokens[:1] == ("nhom",):
            tokens = tokens[1:]
        if tokens[-1:] == ("0",) and len(tokens) == 2:  # "1.0" read as two words
            tokens = tokens[:1]
        if len(tokens) == 1:
            word = tokens[0]
            number = _ROMAN.get(word) or (int(word) if word.isdigit() and len(word) <= 2
                                          else None)
            if number in COMMUNE_GROUPS:
                return number
    raise _error(cell, what)


def parse_product_group(cell: object) -> int | None:
    """Read an OCOP product group as its number 1-6, from a number or a (numbered) name."""
    if is_blank(cell):
        return None
    what = "an OCOP product group (1-6 or its name)"
    if isinstance(cell, bool):
        raise _error(cell, what)
    if isinstance(cell, int | float):
        if cell in PRODUCT_GROUPS:
            return int(cell)
        raise _error(cell, what)
    if isinstance(cell, str):
        tokens = _group_tokens(cell)
        if tokens[:1] == ("nhom",):
            tokens = tokens[1:]
        if tokens and tokens[0].isdigit():
            # Groups are one digit; a longer number is never one (and may exceed int()'s limit).
            digits = tokens[0].lstrip("0") or "0"
            number = int(digits) if len(digits) == 1 else 0
            rest = tokens[1:]
            if rest[-1:] == ("0",) and len(rest) == 1:  # "1.0" read as two words
                rest = ()
            if number in PRODUCT_GROUPS and (not rest or _group_by_name(rest) == number):
                return number
            raise _error(cell, what)
        if tokens:
            group = _group_by_name(tokens)
            if group is not None:
                return group
    raise _error(cell, what)


# --------------------------------------------------------------------------- money units


def unit_table() -> dict[str, tuple[float, str]]:
    """Unit spellings, folded with spaces and punctuation removed -> (factor, label)."""
    groups: tuple[tuple[tuple[str, ...], tuple[float, str]], ...] = (
        (
            ("trieudong", "trieuvnd", "trieud", "trieu", "trd", "trdong", "trvnd", "tr",
             "1000000dong", "1000000d", "1000000vnd"),
            (1.0, "triệu đồng"),
        ),
        (
            ("tydong", "tyvnd", "tyd", "ty", "tidong", "tivnd", "tid", "ti",
             "1000000000dong", "1000000000d", "1000000000vnd"),
            (1000.0, "tỷ đồng"),
        ),
        (
            (
                "nghindong",
                "nghinvnd",
                "nghind",
                "nghin",
                "ngandong",
                "nganvnd",
                "ngand",
                "ngan",
                "1000dong",
                "1000d",
                "1000vnd",
                "ngd",
                "ngdong",
            ),
            (0.001, "nghìn đồng"),
        ),
        (("dong", "vnd", "d"), (1e-6, "đồng")),
        (("100000000dong", "100000000d", "100000000vnd"), (100.0, "trăm triệu đồng")),
        # A thousand billion: before, "nghìn tỷ đồng" was read as its last words, tỷ đồng,
        # and a province's money stored a thousand times too small.
        (("nghintydong", "nghintyvnd", "nghinty", "ngantydong", "ngantyvnd", "nganty",
          "nghintidong", "nghinti", "ngantidong", "nganti"), (1e6, "nghìn tỷ đồng")),
    )
    table = {spelling: unit for spellings, unit in groups for spelling in spellings}
    # Tens and hundreds of a unit (``trăm triệu đồng``, ``chục nghìn đồng``): before, read as
    # their last words (triệu đồng), and the money stored ten or a hundred times too small.
    # Each is its unit's factor and label above, times ten or a hundred.
    for times, said, by in (("chuc", "chục", 10.0), ("tram", "trăm", 100.0)):
        for word in ("nghin", "ngan", "trieu", "ty", "ti"):
            factor, label = table[f"{word}dong"]
            for currency in ("dong", "vnd", ""):
                table[f"{times}{word}{currency}"] = (factor * by, f"{said} {label}")
    return table


_UNITS = unit_table()

# The units tables a memo below was given, by id, kept so that an id is never reused by
# another table while the memo holds results for it. A table is the built-in one or a
# vocabulary's, made once when the vocabulary is read and not changed after.
_TABLES: dict[int, dict[str, tuple[float, str]] | None] = {}


def memo_by_units(function: Callable) -> Callable:
    """``function(text, …, units)`` remembered for texts: it is asked of every header, title
    line and unit cell of every sheet, and offices repeat the same few hundred texts in every
    file (measured: about 5 % of a workbook's reading). A cell that is not text is not
    remembered, since 1, 1.0 and True are equal keys. Written by hand because
    ``functools.lru_cache`` cannot take the units table, a dict, as a key."""
    arity = function.__code__.co_argcount  # the text, any other texts, the units table

    @lru_cache(maxsize=1 << 14)
    def remembered(text: str, *rest: object) -> object:
        return function(text, *rest[:-1], _TABLES[rest[-1]])  # type: ignore[index]

    @wraps(function)
    def ask(text: object, *args: object) -> object:
        *rest, units = args if len(args) == arity - 1 else (*args, None)
        if type(text) is not str or any(type(r) is not str for r in rest):
            return function(text, *args)
        table = id(units)
        if table not in _TABLES:
            _TABLES[table] = units  # type: ignore[assignment]
        return remembered(text, *rest, table)

    return ask


# Units written without brackets must carry "đồng"/"VND" or be an abbreviation, so that
# "Tỉ lệ" (ratio) or "Cộng đồng" (community) are never read as units.
_LOOSE_UNIT = re.compile(
    r"\b(?:((?:nghin|ngan)\s+t[yi]|(?:chuc|tram)\s+(?:trieu|t[yi]|nghin|ngan)|trieu|ty|ti"
    r"|nghin|ngan)\s+(?:dong|vnd)\b"
    r"|(tr\.?\s?d)(?:ong)?\b|(trd)\b)"
)


def unit_key(text: str) -> str:
    """A unit spelling as compared: folded, without spaces or punctuation (``tr.đ`` ->
    ``trd``)."""
    return _same_currency(_unit_letters(fold(text)))


def _unit_letters(folded: str) -> str:
    """A folded unit's letters and digits. ``₫``, the đồng's sign, is its ``đ``: Excel's
    Vietnamese currency format shows ``1.200 ₫``, and offices type ``tỷ ₫``; before, the sign
    was dropped as punctuation and ``₫`` alone named no unit."""
    return re.sub(r"[^a-z0-9]", "", folded.replace("₫", "d"))


# "đồng Việt Nam", "triệu đồng VN", "Việt Nam đồng": the country names the currency the
# spellings already mean (without it, such a unit was not read, and the money was taken in
# the template's million VND: a million times too much for "đồng Việt Nam").
_COUNTRY = re.compile(r"^(.*d(?:ong)?)(?:vietnam|vn)$|^(.*?)vietnamdong$")


def _same_currency(key: str) -> str:
    # "x1000đ", "x 1.000 đồng": a unit written as what the figures are multiplied by, as
    # "×1000đ" is (its sign is no letter); before, no unit was read and the money was taken
    # as million VND, a thousand times too much.
    key = re.sub(r"^x(?=1(?:000)+)", "", key)
    match = _COUNTRY.fullmatch(key)
    if match is None:
        return key
    return match[1] if match[1] is not None else f"{match[2]}dong"


def _unit_of(text: str, units: dict[str, tuple[float, str]]) -> tuple[float, str] | None:
    return units.get(_same_currency(_unit_letters(text)))


_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_UNIT_LABEL = re.compile(r"^(?:don vi tinh|don vi|dvt)\s*[:.]?")


def _bracketed(folded: str) -> list[str]:
    """What the brackets of a folded header hold, the last first, without a leading
    ``Đơn vị tính:`` (``Giá trị (ĐVT: tỷ đồng)``): where a header names its unit."""
    return [_UNIT_LABEL.sub("", c.strip()).strip() for c in reversed(_BRACKETED.findall(folded))]


def unit_in_brackets(text: object, units: dict[str, tuple[float, str]] | None = None
                     ) -> tuple[float, str] | None:
    """A money unit a row's name gives in brackets (``Tổng nguồn lực huy động (tỷ đồng)``),
    or after it as its last part (``Tổng vốn huy động, tỷ đồng``, ``… - tỷ đồng``): only
    there, as a name may hold the word đồng otherwise (``cộng đồng``)."""
    table = units or _UNITS
    folded = fold(text)
    for content in _bracketed(folded):
        if unit := _unit_of(content, table):
            return unit
    parts = _NAME_PARTS.split(folded.strip())
    if len(parts) > 1 and parts[-1].strip():
        return _unit_of(_UNIT_LABEL.sub("", parts[-1].strip()), table)
    return None


# Where a name's last part begins: a comma, a colon, a semicolon or a spaced dash.
_NAME_PARTS = re.compile(r"\s*[,;:]\s*|\s+[-–]\s+")


# Units of what B02's parts measure besides money, as a name gives them in brackets
# ("Hiến đất (m2)", "Ngày công lao động (công)"); a closed list, since a bracket in a name
# may say anything else ("(nếu có)", "(vốn lồng ghép)").
_QUANTITY_UNIT = re.compile(
    r"(?:m2|m²|m 2|met vuong|ha|hec ta|km|m|cong|ngay cong|ngay|nguoi|luot nguoi|ho|tan|kg"
    r"|cay|con|cai|chiec)")


def unit_named_in_brackets(text: object, units: dict[str, tuple[float, str]] | None = None
                           ) -> str | None:
    """The unit a row's name gives in brackets, money or a quantity (``Hiến đất (m2)``), as
    written, or None."""
    table = units or _UNITS
    for content in _bracketed(fold(text)):
        if _unit_of(content, table) or _QUANTITY_UNIT.fullmatch(content):
            return content
    return None



# A figure typed at the end of a row's name (``Ngân sách địa phương: 800``, ``… - 800``,
# ``… 800 triệu đồng``): the words, what sets the figure off (a colon, an equals sign, a
# dash), the figure, and what follows it. The words end in a letter or a bracket, so a range
# or a date inside a name (``giai đoạn 2021-2025``, ``12/2023``) is no figure of its own.
_FIGURE_ENDING = re.compile(
    r"(?P<words>.*(?:[^\W\d_]|[)\]]))\s*(?P<mark>[:=]|[-–—])?\s*(?P<figure>\d[\d.,]*)"
    r"\s*(?P<unit>[^\W\d_][^\d]*|%)?")


def figure_in_name(name: object, units: dict[str, tuple[float, str]] | None = None, *,
                   in_figure_cell: bool = False) -> str | None:
    """The figure a row's name ends with, as typed (``800``, ``800 triệu đồng``), where the
    office typed the row's figure in its name and left the figure's cell blank; None for a
    name holding no figure of its own. A person reads a figure so set off from the words, by
    a colon, an equals sign or a dash (``Ngân sách địa phương: 800``, ``… - 800 tr.đ``), or
    followed by a money unit (``… 800 triệu đồng``). A number in a name's own words
    (``Chương trình 135``, ``Số xã đạt 19 tiêu chí``) is not one. A name that also fills the
    figure's cell (merged over it: ``in_figure_cell``) puts a number at its end where the
    figure goes: there a plain number (``Ngân sách địa phương 800``) is one too."""
    if type(name) is not str:
        return None
    found = _FIGURE_ENDING.fullmatch(" ".join(nfc(name).split()))
    if found is None:
        return None
    unit = (found["unit"] or "").strip(" .")
    table = units or _UNITS
    money = bool(unit) and _unit_of(fold(unit), table) is not None
    if found["mark"] is None and not money and not (in_figure_cell and not unit):
        return None
    if unit and not (money or unit == "%" or _QUANTITY_UNIT.fullmatch(fold(unit))
                     or counted_unit(unit)):
        return None  # words after the number (``: 2 tiêu chí chưa đạt``) are the name's
    return f"{found['figure']} {unit}".strip()


@memo_by_units
def money_factor(
    header: object, units: dict[str, tuple[float, str]] | None = None
) -> tuple[float, str] | None:
    """Factor converting a money column to million VND, from the unit in its header.

    The warehouse stores million VND; units are read from a bracket ("Giá trị (tỷ đồng)"),
    an "ĐVT:" note, the whole cell, or a spelled-out unit anywhere ("... triệu đồng").
    Returns None when no unit is named, so the caller can apply the template default.
    ``units`` adds the spellings of a vocabulary file to the built-in ones.
    """
    table = units or _UNITS
    text = fold(header)
    if not text:
        return None
    for content in _bracketed(text):
        if unit := _unit_of(content, table):
            return unit
    match = re.search(r"\b(?:don vi tinh|don vi|dvt)\s*[:.]\s*(.*)$", text)
    if match and (unit := _unit_of(match.group(1), table)):
        return unit
    if unit := _unit_of(text, table):
        return unit
    if match := _LOOSE_UNIT.search(text):
        word = match.group(1)
        # The words before đồng as a spelling of the table (``tram trieu`` -> tramtrieudong).
        return _UNITS[unit_key(word) + "dong"] if word else _UNITS["trieudong"]
    return None


# A unit declared: its label (``Đơn vị tính``, ``ĐVT``, with what it is the unit of before
# the colon: ``Đơn vị tính giá trị:``, ``ĐVT tiền:``), or the money named as what it is in
# (``tiền:``, ``giá trị:``, as a header's bracket does: ``Chỉ số (tiền: tỷ đồng)``), then the
# unit.
_DECLARATION = re.compile(
    r"\b(?:(?:don vi tinh|don vi|dvt)(?:(?:\s+[a-z]+){1,3}\s*:|\s*[:.]?)"
    r"|(?:so tien|tien|gia tri)\s*:)\s*(.+)$")

# An amount typed with its unit in the cell: "1,2 tỷ", "500 triệu đồng", "1.200 tr.đ",
# "200.000.000 ₫", the unit in brackets, "1.200 (tỷ đồng)", as a header gives it, or the
# currency first, "VNĐ 1.200.000", "₫ 1.200.000". The unit is words, dots and the đồng's sign
# only: "500 triệu*" or "500 triệu (ước)" carries a footnote or a note (an estimate?) that
# is not set aside unread.
_A_UNIT = r"(?:[^\W\d_]|₫)[\w.₫ ]*"
_AMOUNT_AND_UNIT = re.compile(rf"(\(?[-+]?\s*\d[\d., ]*\)?)\s*({_A_UNIT}|\(\s*{_A_UNIT}\))")
_UNIT_AND_AMOUNT = re.compile(r"((?:[^\W\d_]|₫)[\w.₫ ]*?)\s*(\(?[-+]?\s*\d[\d., ]*\)?)")


def money_unit(named: str, units: dict[str, tuple[float, str]] | None = None
               ) -> tuple[float, str] | None:
    """The money unit words written beside a figure name (``tỷ VNĐ``, ``₫``, ``(tỷ đồng)``),
    as (factor to million VND, unit); None when they name none."""
    return (units or _UNITS).get(unit_key(named))


def amount_with_unit(
    cell: object, units: dict[str, tuple[float, str]] | None = None
) -> tuple[float, tuple[float, str]] | None:
    """An amount whose cell names its own money unit, as (number, (factor to million VND,
    unit)); None for anything else. The cell's unit is what a person reads, whatever the
    column's header says."""
    if type(cell) is not str:
        return None
    text = nfc(cell).strip()
    found = _AMOUNT_AND_UNIT.fullmatch(text)
    if found is not None:
        amount, named = found[1], found[2]
    elif (found := _UNIT_AND_AMOUNT.fullmatch(text)) is not None:
        amount, named = found[2], found[1]
    else:
        return None
    unit = money_unit(named, units)
    if unit is None:
        return None
    try:
        number = parse_number(amount.strip())
    except CellError:
        return None
    return None if number is None else (number, unit)


@memo_by_units
def declared_unit(
    text: object, units: dict[str, tuple[float, str]] | None = None
) -> tuple[float, str] | None:
    """The money unit a line outside a table declares: ``Đơn vị tính: tỷ đồng``, ``ĐVT: triệu
    đồng``, ``(Đơn vị: đồng)``. Only an explicit declaration counts, so that a title that
    merely mentions money ("Tổng vốn huy động") is not taken for one."""
    folded = fold(text)
    match = _DECLARATION.search(folded) or _COUNTED_IN_LINE.search(folded)
    table = units or _UNITS
    if match is None:
        # A line's last bracket naming a money unit and nothing else: the title's "… NĂM
        # 2023 (tỷ đồng)", a line "(Tính bằng tỷ đồng)".
        last = _bracketed(folded)[:1]
        return _unit_of(_COUNTED_IN.sub("", last[0]), table) if last else None
    tail = _without_notes(match.group(1).strip()).strip(" :.)]")
    unit = _unit_of(tail, table)
    if unit is None:
        # "ĐVT: triệu đồng; số lượng: người": the first words name the unit.
        head = re.split(r"[;,/]", tail)[0]
        unit = _unit_of(head, table)
    return unit


_COUNTED_IN = re.compile(r"^(?:tinh bang|tinh theo|theo)\s+")
# The same without brackets: "Số liệu tính bằng tỷ đồng".
_COUNTED_IN_LINE = re.compile(r"\btinh bang\s+(.+)$")
# A text's last bracket (``tỷ đồng (làm tròn)``, a header's ``(%)``).
_LAST_BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]\s*$")


def _without_notes(tail: str) -> str:
    """A declared unit without the notes in brackets after it (``tỷ đồng (làm tròn)``, ``tỷ
    đồng (*)``); a bracket holding a figure or money (``đồng (x1000)``) is part of the unit."""
    while (last := _LAST_BRACKET.search(tail)) is not None and not re.search(
            r"\d", last[1]) and not (set(re.findall(r"[a-z]+", last[1])) & _MONEY_WORDS):
        tail = tail[:last.start()]
    return tail


# Where a text declares a unit, to tell what it declares of money (``units_declared``): the
# label opening the text or one of its parts (after a bracket, a colon, a bullet: "Ghi chú:
# Đơn vị tính: tỷ đồng", "* ĐVT: …"), or "tính bằng"; not "đơn vị" in a sentence ("các đơn
# vị đã huy động 1.200 tỷ đồng").
_DECLARES_UNIT = re.compile(
    r"(?:^|[^\w\s]\s*)(?:don vi tinh|don vi|dvt|(?:so tien|tien|gia tri)\s*:)|\btinh bang\b")


def units_declared(text: object, units: dict[str, tuple[float, str]] | None = None
                   ) -> list[str]:
    """The known money units a text's unit declaration names, each once in the order
    written (``Đơn vị tính: triệu đồng; riêng tín dụng: tỷ đồng`` names two), from each of its
    parts; empty when it declares no unit. A declaration naming money that ``declared_unit``
    does not read (``Đơn vị tính số lượng: người; giá trị: tỷ đồng``) is not read with
    certainty: a person reads the unit there, and taking the money in another is a thousand
    times wrong."""
    folded = fold(text)
    found = _DECLARES_UNIT.search(folded)
    if found is None:
        return []
    named: list[str] = []
    for part in re.split(r"[;,/()\[\]]", folded[found.start():]):
        unit = money_factor(part.rsplit(":", 1)[-1], units)
        if unit is not None and unit[1] not in named:
            named.append(unit[1])
    return named


# Words of a money unit, folded: a bracket or a "Đơn vị tính" line made only of these (and
# numbers) names money, known or not.
_MONEY_WORDS = frozenset({"dong", "vnd", "usd", "trieu", "nghin", "ngan", "ty", "ti", "tr",
                          "trd", "ng", "ngd", "d", "$"})
_THOUSANDS = re.compile(r"1(?:[., ]?000)+")


@memo_by_units
def unknown_money_unit(
    text: object, units: dict[str, tuple[float, str]] | None = None
) -> str | None:
    """The unit a money header or a ``Đơn vị tính`` line names when it reads as money but is
    none of the known units (``Ng.đ``, ``1.000.000 đồng``, ``USD``), as written; None when
    the text names a known unit or no unit. Such figures cannot be converted to million VND,
    and taking them as the template's unit could be 1,000 times wrong: they are not read."""
    if is_blank(text) or money_factor(text, units) is not None:
        return None
    folded = fold(text)
    candidates = _bracketed(folded)
    if declared := _DECLARATION.search(folded):
        candidates.append(_UNIT_LABEL.sub("", declared.group(1).strip()))
    for content in candidates:
        # "(x1000)": a multiplier without its money, as "(1.000)" is
        content = re.sub(r"^x\s*(?=\d)", "", content.strip(" :.;"))
        words = re.findall(r"[a-z]+|\$", content)
        numbers = re.findall(r"\d[\d., ]*", content)
        if not words and not numbers:
            continue
        money = (bool(words) and all(w in _MONEY_WORDS for w in words)) or _foreign(words)
        thousands = any(_THOUSANDS.fullmatch(n.strip(" .,")) for n in numbers)
        if (money and (not numbers or thousands)) or (thousands and not words):
            return content
    return None


def names_money(words: str) -> bool:
    """Whether words written beside a figure name money, a known unit (``tỷ VNĐ``, ``₫``,
    ``(tỷ đồng)``) or not (``USD``, ``ng.``): the figure is then an amount in that unit, and
    is read as one typed with it (``amount_with_unit``), or not at all."""
    return money_unit(words) is not None or unknown_money_unit(f"({words})") is not None


# Other currencies in words, folded (``đô la Mỹ``, ``Đô-la``, ``Euro``, ``nhân dân tệ``,
# ``Yên Nhật``): before, a line ``ĐVT: đô la`` was passed over as no money at all and the
# dollars read as million VND. What may name the currency beside them (its country, "đồng"
# in ``đồng đô la``), and the words that make it one.
_CURRENCY = frozenset({"do", "la", "dola", "dollar", "dollars", "euro", "eur", "yen", "won",
                       "te", "nhan", "dan", "bang", "anh", "my", "nhat", "han", "quoc",
                       "trung", "dong", "usd", "nghin", "ngan", "trieu", "ty", "ti"})
_CURRENCY_NAMES = re.compile(r"\b(?:do la|dola|dollars?|euro|eur|yen|won|nhan dan te|bang anh)\b")


def _foreign(words: list[str]) -> bool:
    """Whether a unit's words (``unknown_money_unit``) name another currency than the đồng."""
    return bool(words) and all(w in _CURRENCY for w in words) and bool(
        _CURRENCY_NAMES.search(" ".join(words)))


# --------------------------------------------------------------------------- B04 units

# What may follow the money in a rate of income per head: the head, and the period.
_PER_HEAD = frozenset({"nguoi", "ng", "khau", "nhan khau", "dau nguoi", "mot nguoi", "1 nguoi"})
_PERIODS = {"nam": 1.0, "mot nam": 1.0, "1 nam": 1.0, "thang": 12.0, "mot thang": 12.0,
            "1 thang": 12.0}


@lru_cache(maxsize=1024)
def _measure(text: str, units: tuple[tuple[str, tuple[float, str]], ...] | None
             ) -> tuple[str, float | None]:
    """What a B04 unit measures: a share (``%``), money per head per year (with the factor to
    triệu đồng/người/năm, None when written in a way not understood), or a count of
    something (xã, thôn, sản phẩm, tiêu chí/xã)."""
    folded = " ".join(fold(text).split())
    if "‰" in folded or re.search(r"%o\b|phan nghin", folded):
        return "per mille", 1.0  # "%o" is how a keyboard types ‰
    if "%" in folded or folded in ("ty le", "phan tram", "ti le"):
        return "percent", 1.0
    parts = [" ".join(p.split()) for p in re.split(r"/", folded)]
    money = money_factor(parts[0], dict(units) if units else None) if parts else None
    if money is None:
        return "count", 1.0
    factor: float | None = money[0]
    for part in parts[1:]:
        if part in _PERIODS and factor is not None:
            factor *= _PERIODS[part]
        elif part not in _PER_HEAD:
            factor = None  # per household, per day, per commune: another quantity
    return "money", factor


# What a B04 indicator counts, as a unit its name gives in brackets (``Số xã đạt chuẩn mới
# (xã)``, ``Tỷ lệ hộ nghèo (hộ)``): a closed list, since a bracket in a name may say anything
# else (``(lũy kế)``, ``(khu vực miền núi)``).
_COUNTED_UNIT = re.compile(
    r"(?:xa|ho|thon|ban|thon ban|thon/ban|khu|kdc|khu dan cu|san pham|sp|tieu chi|tc"
    r"|tieu chi/xa|tc/xa|nguoi|lao dong|huyen)")


def b04_unit_in_name(name: object, units: dict[str, tuple[float, str]] | None = None
                     ) -> str | None:
    """The unit a B04 row's name gives in its last bracket (``Tỷ lệ hộ nghèo (%)``, ``Thu
    nhập bình quân (nghìn đồng/người/tháng)``, ``… (hộ)``), as written, or None: a share, money
    (per head, per month …) or a count of the things B04 counts."""
    if not isinstance(name, str) or "(" not in name:
        return None
    typed = _NAME_BRACKETS.findall(name)
    if not typed:
        return None
    written = _TYPED_UNIT_LABEL.sub("", " ".join(typed[-1].split()))
    content = fold(written).strip()
    if "%" in content and re.search(r"[0-9]", content):
        # A figure stated in a note (``(đạt 100% kế hoạch)``, ``(tăng 10% so với năm
        # 2022)``), not the unit of the row's figures.
        return None
    if "%" in content or content in ("ty le", "phan tram", "ti le"):
        return written
    head = content.split("/")[0].strip()
    if head and (_unit_of(head, units or _UNITS) or unknown_money_unit(f"({head})", units)):
        return written  # money; one not known is then no unit of the indicator's
    return written if _COUNTED_UNIT.fullmatch(content) else None


_NAME_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_TYPED_UNIT_LABEL = re.compile(r"^(?:đơn vị tính|đơn vị|đvt)\s*[:.]?\s*", re.IGNORECASE)


def is_share_unit(typed: object) -> bool:
    """Whether a row's unit is a share (``%``, ``Tỷ lệ``), the way B04's units are read."""
    return _measure(cell_text(typed), None)[0] == "percent"


# A name starting by saying its figure is a share, after a bullet or a number (``Tỷ lệ xã đạt
# chuẩn NTM``, ``- Tỉ lệ …``, ``2. Phần trăm …``), or ending with a per cent sign after its
# words (``Số xã đạt chuẩn NTM, %``; not ``… dưới 5%``, a figure of the name's own). Folded.
_SHARE_NAME = re.compile(
    r"[-+•*\s]*(?:[ivx]+[.)]?\s+|[0-9]+[.)]\s*)?(ty le|ti le|phan tram)\b|.*[^0-9\s](\s*%)\s*$")


@lru_cache(maxsize=1 << 12)  # asked of B04 and B06 coded rows; offices repeat the names
def named_as_share(name: object) -> str | None:
    """The words of a row's name saying its figure is a share, or None: words starting the
    name (``Tỷ lệ xã đạt chuẩn NTM``), its last bracket (``Số xã đạt chuẩn NTM (%)``, ``(tỷ
    lệ %)``, as ``b04_unit_in_name`` reads it), or a per cent sign ending it (``…, %``). A
    share stated with its figure (``(đạt 90%)``, ``Số xã có tỷ lệ hộ nghèo dưới 5%``) is a
    note or part of what is counted, not the unit of the row's figure: None."""
    if not isinstance(name, str) or not name.strip():
        return None
    if (bracket := b04_unit_in_name(name)) is not None and is_share_unit(bracket):
        return f"({bracket})"
    text = nfc(name)
    if (found := _SHARE_NAME.match(folded := fold(text))) is None:
        return None
    if not found.group(1):
        return "%"
    # the words as typed where folding kept the positions, as it does for Vietnamese letters
    return text[found.start(1):found.end(1)] if len(folded) == len(text) else found.group(1)


_LABEL = re.compile(r"[A-Z]{1,3} \((.*)\)", re.DOTALL)


@lru_cache(maxsize=1 << 12)  # asked of every B04/B06 figure; a sheet has a few labels
def headed_as_share(label: str | None) -> bool:
    """Whether a figure's column, by its label (``E (Thực hiện (%))``), is headed with a share
    as its unit: its own header's last bracket is a share (``(%)``, ``(tỷ lệ %)``) or it ends
    with a per cent sign (``Thực hiện, %``). Its figures are then shares, as ``25%`` typed
    is."""
    if not label or (match := _LABEL.fullmatch(label)) is None:
        return False
    own = match.group(1).rsplit(" | ", 1)[-1].strip()
    if own.endswith("%"):
        return True
    bracket = _LAST_BRACKET.search(own)
    return bracket is not None and is_share_unit(bracket.group(1))


@memo_by_units
def indicator_unit_factor(typed: object, template_unit: str,
                          units: dict[str, tuple[float, str]] | None = None) -> float | None:
    """Factor taking a B04 figure in the unit typed in its row to the unit the template gives
    its indicator, or None when the two do not measure the same thing: a count of poor
    households beside ``Tỷ lệ hộ nghèo``, income per household, a share given for a count.
    Written by hand: no library knows these Vietnamese units. Income per head is converted
    between money units and from a month to a year (``nghìn đồng/người/tháng``), as a
    statistician restates it; nothing else is converted."""
    frozen = tuple(sorted(units.items())) if units else None
    got_kind, got = _measure(cell_text(typed), frozen)
    want_kind, want = _measure(template_unit, frozen)
    if got_kind != want_kind or got is None or want is None:
        return None
    if got_kind == "count" and not counts_alike(typed, template_unit):
        return None
    return got / want


def counts_alike(typed: object, template_unit: str) -> bool:
    """Whether a row's unit counts what its indicator counts: ``thôn`` beside the communes
    newly NTM, ``xã`` beside the villages count other things (read by the code, villages
    were stored as communes); a unit counting nothing this module knows is not judged, and
    ``tiêu chí`` is the average's ``tiêu chí/xã`` said short."""
    got, want = counted_unit(cell_text(typed)), counted_unit(template_unit)
    if got is None or want is None:
        return True
    return {got, want} <= {"tieu chi", "tieu chi/xa"} or got == want


def rate_money_factor(typed: object, units: dict[str, tuple[float, str]] | None = None
                      ) -> float | None:
    """The factor to million VND of the money a B04 unit counts in (``nghìn
    đồng/người/tháng``: 0.001), or None when the unit is not money."""
    frozen = tuple(sorted(units.items())) if units else None
    kind, _ = _measure(cell_text(typed), frozen)
    if kind != "money":
        return None
    money = money_factor(cell_text(typed).split("/")[0], units)
    return None if money is None else money[0]


# What a B04 or B06 count counts, as a unit typed after its number (``200 xã``, ``15 SP``,
# ``4 thôn, bản``) or given to the indicator by the template (``xã``, ``tiêu chí/xã``), in
# folded words: the thing counted, one name for its spellings. A closed list: any other
# word after a number (``200 hộ`` aside, a note, ``khoảng``) is not a count's unit.
_COUNTED = {
    "xa": "xa", "xa phuong": "xa", "huyen": "huyen", "thon": "thon", "ban": "thon",
    "thon ban": "thon", "thon/ban": "thon", "khu": "khu", "kdc": "khu",
    "khu dan cu": "khu", "san pham": "san pham", "sp": "san pham", "tieu chi": "tieu chi",
    "tc": "tieu chi", "tieu chi/xa": "tieu chi/xa", "tc/xa": "tieu chi/xa", "ho": "ho",
    "nguoi": "nguoi", "lao dong": "lao dong",
}
_COUNT_AND_UNIT = re.compile(r"(\d[\d.,]*)\s*([^\W\d_][\w ,/]*)")


def counted_unit(text: object) -> str | None:
    """The thing a count's unit counts (``_COUNTED``): ``xã`` -> ``xa``, ``SP`` and ``sản
    phẩm`` -> ``san pham``; None for a unit that counts nothing known (a share, money)."""
    if not isinstance(text, str):
        return None
    words = " ".join(re.sub(r"\s*/\s*", "/", re.sub(r"[,.;]", " ", fold(text))).split())
    return _COUNTED.get(words)


def count_with_unit(cell: object) -> tuple[float, str, str] | None:
    """A count typed with the unit it counts (``200 xã``, ``15 sản phẩm``, ``3 huyện``): (the
    number, what it counts as ``counted_unit`` says, the unit as typed); None otherwise."""
    if type(cell) is not str:
        return None
    found = _COUNT_AND_UNIT.fullmatch(nfc(cell).strip())
    if found is None:
        return None
    counted = counted_unit(found[2])
    if counted is None:
        return None
    try:
        number = parse_number(found[1])
    except CellError:
        return None
    return None if number is None else (number, counted, found[2].strip())


_RATE_AND_UNIT = re.compile(r"(\d[\d.,]*)\s*([^\W\d_][\w. ]*?)\s*/\s*([^\W\d_][\w /]*)")


def rate_with_unit(cell: object, units: dict[str, tuple[float, str]] | None = None
                   ) -> tuple[float, str] | None:
    """Money per head typed with its unit and period (``4,5 triệu/tháng``, ``54 triệu
    đồng/người/năm``, ``4.500 nghìn đồng/người``): (the number, the unit as written, for
    ``indicator_unit_factor``); None for anything else, a rate per household or per day
    included. A unit without its period is returned without one."""
    if type(cell) is not str:
        return None
    found = _RATE_AND_UNIT.fullmatch(nfc(cell).strip())
    if found is None or (units or _UNITS).get(unit_key(found[2])) is None:
        return None
    parts = [" ".join(p.split()) for p in fold(found[3]).split("/")]
    heads = [p for p in parts if p in _PER_HEAD]
    periods = [p for p in parts if p in _PERIODS]
    if len(heads) > 1 or len(periods) > 1 or len(heads) + len(periods) != len(parts):
        return None
    try:
        number = parse_number(found[1])
    except CellError:
        return None
    if number is None:
        return None
    # the head is the indicator's (income per head) whether typed or not
    return number, "/".join([found[2].strip(), "người", *periods])


def unit_period(text: object) -> str | None:
    """The period a unit of money per head gives (``nghìn đồng/người/tháng``: ``thang``), in
    folded words, or None."""
    if not isinstance(text, str):
        return None
    parts = [" ".join(p.split()) for p in fold(text).split("/")[1:]]
    return next((p for p in parts if p in _PERIODS), None)


# The period an income's name gives in its words (``Thu nhập bình quân đầu người/tháng``,
# ``… một tháng``, ``Thu nhập bình quân (tháng)``, ``… hằng năm``): offices put it there and
# leave the unit cell to the money (``nghìn đồng/người``). A year that follows (``bình quân
# năm 2023``) dates the figure; it is no period.
_NAMED_PERIOD = re.compile(
    r"(?:/|\b(?:mot|1|moi|hang|tren|binh quan|bq)\b)\s*(thang|nam)\b(?!\s*(?:19|20)[0-9]{2})"
    r"|[(\[]\s*(thang|nam)\s*[)\]]")


def name_periods(name: object, units: dict[str, tuple[float, str]] | None = None
                 ) -> set[str]:
    """The periods a B04 row's name gives its money per head in its words
    (``_NAMED_PERIOD``), as ``thang`` or ``nam``: none, one, or two when it says both. A
    bracket naming a unit of money (``(triệu đồng/tháng)``) is the name's unit
    (``b04_unit_in_name``), weighed against the unit cell as a whole: its period is not
    counted here."""
    if not isinstance(name, str):
        return set()
    words = _NAME_BRACKETS.sub(
        lambda m: " " if _unit_of(fold(m.group(1)).split("/")[0].strip(), units or _UNITS)
        else m.group(0), nfc(name))
    return {a or b for a, b in _NAMED_PERIOD.findall(fold(words))}


def period_of(period: str) -> str:
    """A period in folded words (``mot thang``) as the template writes it (``tháng``)."""
    return "tháng" if _PERIODS[period] == _PERIODS["thang"] else "năm"


def with_period(unit: str, period: str) -> str:
    """A unit of money per head with the period a name gives (``nghìn đồng/người``,
    ``tháng`` -> ``nghìn đồng/người/tháng``; the template's ``triệu đồng/người/năm`` ->
    ``triệu đồng/người/tháng``), the head added when missing, as the income is per head."""
    parts = [(p.strip(), fold(p)) for p in unit.split("/")]
    kept = [(p, folded) for p, folded in parts if folded not in _PERIODS]
    head = [] if any(folded in _PER_HEAD for _, folded in kept[1:]) else ["người"]
    return "/".join([*(p for p, _ in kept), *head, period])
