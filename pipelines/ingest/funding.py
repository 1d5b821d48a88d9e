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
