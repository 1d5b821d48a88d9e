"""A province's or district's code from its name, for a ThongTin that names the unit but leaves
its code out, or names another unit than its code (``thongtin._names_agree``).

A person reading ``Tên tỉnh: Lạng Sơn`` without ``Mã tỉnh`` knows the province; the codes come
from the administrative reference (``pipelines.reference.admin_units``, the vietnam-provinces
package), on the map of the reporting year. A name is read only when exactly one unit of that
level (and, for a district, of that province) has it; the reference is loaded once per process,
at the first name looked up (about a second).
"""

from __future__ import annotations

import re
from functools import cache

from pipelines.ingest.text import fold
from pipelines.reporting_years import REFORM_YEAR

# The unit's type written before its name: "Tỉnh Lạng Sơn", "TP. Hồ Chí Minh", "Huyện Lộc
# Bình", "TX Đông Triều" (folded).
_TYPE = re.compile(r"^(?:tinh|thanh pho|tp|huyen|quan|thi xa|tx)\b[.:]?\s*")


def name_key(name: str) -> str:
    """A unit's name as compared: folded, without its type, single-spaced."""
    return " ".join(_TYPE.sub("", fold(name).strip(" .:-")).split())


_SHORT = {"tp": "thanh pho", "tx": "thi xa"}


def _full(name: str) -> str:
    """A name with its type, folded, the type's short form written out (``TX. Kỳ Anh``)."""
    words = fold(name).replace(".", " ").split()
    if words and words[0] in _SHORT:
        words[0] = _SHORT[words[0]]
    return " ".join(words)


@cache
def _codes(level: str, era: str) -> dict[tuple[str, str | None, str], tuple[str, ...]]:
    """(how compared, province, name) -> codes: "full" names with their type (``huyen ky
    anh`` is not ``thi xa ky anh``), "bare" names without it."""
    from pipelines.reference.admin_units import admin_units

    units = admin_units().filter(level=level, era=era)
    found: dict[tuple[str, str | None, str], list[str]] = {}
    for code, name, province in units.select("unit_code", "name", "province_code").iter_rows():
        parent = province if level != "province" else None
        found.setdefault(("full", parent, _full(name)), []).append(code)
        found.setdefault(("bare", parent, name_key(name)), []).append(code)
    return {key: tuple(codes) for key, codes in found.items()}


def code_by_name(name: object, level: str, year: int, province: str | None = None
                 ) -> str | None:
    """The code of the one unit of ``level`` (a district: within ``province``) named
    ``name`` on the map of ``year``, with its type as typed or, if that names none, without
    it; None when no unit or several have that name."""
    if type(name) is not str or not name.strip():
        return None
    era = "2025" if year >= REFORM_YEAR else "legacy"
    parent = province if level != "province" else None
    codes = _codes(level, era)
    for key in (("full", parent, _full(name)), ("bare", parent, name_key(name))):
        found = codes.get(key)
        if found is not None:
            return found[0] if len(found) == 1 else None
    return None


# A commune's type before its name: "Xã Mẫu Sơn", "X. Mẫu Sơn", "Thị trấn Na Dương", "TT.
# Na Dương", "Phường …", "P. …" (folded).
_COMMUNE_TYPE = re.compile(r"^(?:xa\b|x\.|phuong\b|p\.|thi tran\b|tt\b\.?)\s*")
_COMMUNE_SHORT = {"x": "xa", "p": "phuong", "tt": "thi tran"}


def commune_key(name: str) -> str:
    """A commune's name as compared: folded, without its type (``Xã``, ``Phường``, ``Thị
    trấn`` or their short forms), single-spaced."""
    return " ".join(_COMMUNE_TYPE.sub("", fold(name).strip(" .:-")).split())


def _commune_full(name: str) -> str:
    """A commune's name with its type, folded, a short type written out (``TT. Na Dương``)."""
    words = fold(name).strip(" .:-").replace(".", ". ").split()
    if words and words[0].rstrip(".") in _COMMUNE_SHORT:
        words[0] = _COMMUNE_SHORT[words[0].rstrip(".")]
    return " ".join(w.rstrip(".") for w in words)


@cache
def _communes(era: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The communes, wards and towns of each district (``parent``) and province
    (``province``) of the era's map: (code, name)."""
    from pipelines.reference.admin_units import admin_units

    units = admin_units().filter(level="commune", era=era)
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for code, name, parent, province in units.select(
            "unit_code", "name", "parent_code", "province_code").iter_rows():
        found.setdefault(("parent", parent), []).append((code, name))
        found.setdefault(("code", code), []).append((code, name))
        if parent != province:
            found.setdefault(("province", province), []).append((code, name))
    return found


def communes_named(name: str, year: int, level: str, unit: str, province: str
                   ) -> list[tuple[str, str]]:
    """The communes (wards and towns too) of the submitting unit (a district, or a province
    with all its districts' communes) named ``name`` on the map of ``year``: with its type
    as typed (``Thị trấn Na Dương``) or, if that names none, without it (``Mẫu Sơn``):
    (code, name as the map writes it)."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    pool = _communes(era).get(
        ("parent", unit) if level == "district" or era == "2025" else ("province", province),
        [])
    full = _commune_full(name)
    found = [(code, named) for code, named in pool if _commune_full(named) == full]
    key = commune_key(name)
    if not found and key == " ".join(fold(name).strip(" .:-").split()):  # no type typed
        found = [(code, named) for code, named in pool if key and commune_key(named) == key]
    return found


@cache
def commune_name(code: str, year: int) -> str | None:
    """The name of commune ``code`` (ward and town included) on the map of ``year``."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    names = [n for c, n in _communes(era).get(("code", code), [])]
    return names[0] if len(names) == 1 else None


@cache
def _full_names(level: str, era: str) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Name with its type, folded (``huyen loc binh``) -> (code, province, name as the map
    writes it) of every unit of ``level`` on the era's map."""
    from pipelines.reference.admin_units import admin_units

    units = admin_units().filter(level=level, era=era)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for code, name, province in units.select("unit_code", "name", "province_code").iter_rows():
        found.setdefault(_full(name), []).append((code, province, name))
    return {key: tuple(units) for key, units in found.items()}


def units_named_in_full(name: str, level: str, year: int) -> tuple[tuple[str, str, str], ...]:
    """Every unit of ``level`` named ``name`` with its type as written (``Huyện Lộc Bình``,
    ``TP. Lạng Sơn``; ``Tỉnh Lạng Sơn`` is no district) on the map of ``year``: (code,
    province, name as the map writes it). A name without its type names none here."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    return _full_names(level, era).get(_full(name), ())
