"""B02's sources known by their names: the template's names (``seeds/funding_sources.csv``)
and the ways offices write them (``template.FUNDING_NAMES``), as a row's name or a column's
header gives them (``extract`` reads rows by them, ``layout`` a sheet laid out across)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.ingest import seeds
from pipelines.ingest import template as t
from pipelines.ingest.text import fold, label_key

# Rows named instead of coded in B02: the template's names of its sources and the ways
# offices write them.
_FUNDING_NAMES = {
    **{label_key(fold(name)): code for code, name in seeds.funding_sources().items()},
    **{name: code for code, names in t.FUNDING_NAMES.items() for name in names},
}


def a_part(name: str | None) -> bool:
    """Whether a B02 row's name is written as a part of the row above it: a bullet (``-``,
    ``+``, ``•``) or ``Trong đó``, as offices break a source down."""
    return fold(name or "").lstrip().startswith(
        ("-", "+", "–", "•", "*", "trong do", "gom", "bao gom"))


def _funding_key(name: str) -> tuple[str, str]:
    """A B02 name as the name tables hold it: whole, and without its notes in brackets."""
    text = re.sub(r"^trong do\s*:?\s*", "", fold(name).rstrip(" :"))
    # A note in brackets explains the source, it does not change it: "Hiến đất (quy ra
    # tiền)", "Ngân sách địa phương (tỉnh, huyện, xã)".
    return label_key(text), label_key(re.sub(r"\([^()]*\)", " ", text))


@lru_cache(maxsize=1 << 12)
def names_a_group(name: str | None) -> bool:
    """Whether a B02 row names a group of sources (``Vốn ngân sách nhà nước``)."""
    return bool(name) and any(k in t.FUNDING_GROUPS for k in _funding_key(name) if k)


@lru_cache(maxsize=1 << 12)
def funding_by_name(name: str | None) -> str | None:
    """The B02 source a row names (``- Tiền mặt``, ``1. Ngân sách Trung ương``), or None."""
    if not name:
        return None
    whole, bare = _funding_key(name)
    return _FUNDING_NAMES.get(whole) or (_FUNDING_NAMES.get(bare) if bare else None)


# What a name of money may restrict itself to. The community's parts (B02's 6.1-6.4), as
# offices name them: cash, donated land, labour days, goods in kind.
_COMMUNITY_PARTS = (
    ("6.1", r"tien mat|bang tien|dong gop tien"),
    ("6.2", r"hien dat|dat dai|gia tri dat"),
    ("6.3", r"ngay cong|cong lao dong"),
    ("6.4", r"hien vat|vat tu|vat lieu"),
)
# The sources of the whole (B02's 1-7), as a name of all the money may restrict itself to
# one of them (``Tổng vốn huy động (ngân sách nhà nước)``). ``ngoài ngân sách`` is read
# before ``ngân sách``, being another part.
_SOURCES = (
    ("non_budget", r"ngoai ngan sach"),
    ("1", r"(?:ngan sach|nsnn|ns) (?:trung uong|tw)"),
    ("2", r"(?:ngan sach|ns) (?:dia phuong|tinh|huyen|xa)"),
    ("budget", r"ngan sach|nsnn"),
    ("3", r"long ghep"),
    ("4", r"tin dung|von vay"),
    ("5", r"doanh nghiep|hop tac xa|htx"),
    ("6", r"cong dong|nhan dan|dan cu"),
    ("7", r"(?:von|nguon|huy dong) khac"),
)
# Money said in other words (``quy ra tiền``: land or labour valued) is no cash.
_VALUED = re.compile(r"\b(?:quy|tinh|doi)\b(?: \w+){0,2} tien\b")
# Words saying the name covers more than what follows (``kể cả hiến đất``) or lists the
# parts of the whole (``tiền mặt, hiến đất và ngày công``): the whole.
_WHOLE = re.compile(r"\b(?:ca|gom|bao gom|tat ca|cac nguon|va)\b|[,;+&]")
# Words leaving a part out (``không kể hiến đất``): what is left is a part.
_LEAVING_OUT = re.compile(r"\b(?:khong|chua) (?:ke|tinh|bao gom|gom)\b|\btru\b")


def _named(text: str, table: tuple[tuple[str, str], ...]) -> list[str]:
    named = []
    for code, words in table:
        text, n = re.subn(rf"\b(?:{words})\b", " ", text)
        if n:
            named.append(code)
    return named


def part_named(name: object, whole: str) -> str | None:
    """The part a name of money restricts itself to, or None when it names the whole.

    ``whole`` is what the row stands for: ``community`` (B02's 6, B06's VON_CONG_DONG) or
    ``all`` (B06's TONG_VON). A name that names one part alone (``Vốn cộng đồng dân cư
    (tiền mặt)``, ``Trong đó: ngân sách``) is that part: its code (``6.1``, ``2``) or a word
    (``budget``); one that leaves a part out (``không kể hiến đất``) is ``"rest"``. A name
    listing parts, or saying it includes one (``kể cả hiến đất``), is the whole."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name or "")).split())
    # "Vốn cộng đồng dân cư (trong đó tiền mặt 200)": what follows an "of which" after the
    # name is a note on the whole; at its start ("Trong đó: tiền mặt") it is the row.
    text = _VALUED.sub(" ", re.sub(r"(?<=\w) (?:trong do|gom co|chia ra)\b.*", "", text))
    table = _COMMUNITY_PARTS if whole == "community" else _SOURCES
    if whole == "community":
        # the whole's own words are no part of it
        text = re.sub(r"\b(?:von |nguon )?(?:cong dong|nhan dan)(?: dan cu)?\b", " ", text)
    else:
        text = re.sub(r"\btong (?:von|nguon|so)\b", " ", text)
    named = _named(text, table)
    if not named:
        return None
    if _LEAVING_OUT.search(text):
        return "rest"
    if len(named) > 1 or _WHOLE.search(text):
        return None
    return named[0]


# Words saying a source's money holds another's (``Ngân sách địa phương (gồm cả vốn lồng
# ghép)``); what follows them names the other.
_INCLUDING = re.compile(r"\b(?:bao gom|gom|ke ca|da tinh|tinh ca)\b")


def sources_included(name: object) -> list[str]:
    """The template's sources (1-7) a B02 row's name says its money includes: ``Ngân sách
    địa phương (gồm cả vốn lồng ghép)`` includes source 3."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name or "")).split())
    found = _INCLUDING.search(text)
    if found is None:
        return []
    named = _named(_VALUED.sub(" ", text[found.end():]), _SOURCES)
    return [code for code in named if code[0].isdigit()]
