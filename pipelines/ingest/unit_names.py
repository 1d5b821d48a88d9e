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
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from pipelines.ingest.legacy import decode_legacy
from pipelines.ingest.text import fold, nfc
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


def load() -> None:
    """Load the reference now rather than at the first name looked up: a reading process
    does it while the raw folder is still being fingerprinted (``run._ready``)."""
    for era in ("legacy", "2025"):
        for level in ("province", "district"):
            _codes(level, era)


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


@cache
def _districts_of(province: str, era: str) -> tuple[tuple[str, str], ...]:
    """The districts of ``province`` on the era's map: (code, name as the map writes it)."""
    from pipelines.reference.admin_units import admin_units

    units = admin_units().filter(level="district", era=era)
    return tuple((code, name) for code, name, parent in units.select(
        "unit_code", "name", "province_code").iter_rows() if parent == province)


def district_name_of(code: str, province: str, year: int) -> str | None:
    """The name of district ``code`` of ``province`` on the map of ``year`` (``Huyện Lộc
    Bình``)."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    return next((name for unit, name in _districts_of(province, era) if unit == code), None)


def _name_words(text: str) -> list[str]:
    """A name's words as compared: split where a capital follows a small letter, as names
    are typed without spaces (``LocBinh``, ``NguonVon``), folded, a short type written out
    (``TP`` as ``thanh pho``)."""
    text = nfc(text)
    spaced = "".join(" " + c if k and c.isupper() and text[k - 1].islower() else c
                     for k, c in enumerate(text))
    words: list[str] = []
    for word in re.split(r"[\W_]+", fold(spaced)):
        if word:
            words.extend(_SHORT.get(word, word).split())
    return words


def _within(run: list[str], words: list[str]) -> bool:
    return any(words[k:k + len(run)] == run for k in range(len(words) - len(run) + 1))


@lru_cache(maxsize=1 << 16)  # sheet names repeat across a year's thousands of workbooks
def districts_in(text: str, province: str, year: int) -> tuple[tuple[str, str, bool], ...]:
    """The districts of ``province`` that a text names as a run of its words (a sheet's
    name: ``B02_Lộc Bình``, ``B04 (huyện Cao Lộc)``, ``B01_LocBinh``): (code, name as the
    map writes it, whether its type is typed before it). A name of one word (``Vinh``,
    ``Quận 1``: ``B01 (1)`` is a part's number) only counts with its type. On the year's map,
    and from the reorganisation on (no districts since) on the last map with districts, as
    sheets are then named by former district."""
    words = _name_words(text)
    eras = ["2025", "legacy"] if year >= REFORM_YEAR else ["legacy"]
    found: list[tuple[str, str, bool]] = []
    for era in eras:
        for code, name, full, bare in _district_words(province, era):
            if _within(full, words):
                found.append((code, name, True))
            elif len(bare) > 1 and _within(bare, words):
                found.append((code, name, False))
    return tuple(found)


@cache
def _district_words(province: str, era: str
                    ) -> tuple[tuple[str, str, list[str], list[str]], ...]:
    """The districts of ``province`` on the era's map: (code, name as the map writes it, its
    words with its type, its words without it), as ``districts_in`` compares them."""
    return tuple((code, name, _full(name).split(), name_key(name).split())
                 for code, name in _districts_of(province, era))


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


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with exactly one letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    k = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[k + (len(a) == len(b)):] == b[k + 1:]


def communes_one_letter_off(name: str, year: int, level: str, unit: str, province: str
                            ) -> list[tuple[str, str]]:
    """The communes (wards, towns) of the submitting unit (as ``communes_named``) whose name
    without its type, folded, is ``name`` (its type aside too) with exactly one letter
    added, dropped or changed (``Mẫu Sơnn``, ``Yên Khoá``): a name misspelt. Names of five
    letters or fewer are not compared (one letter makes another name of them): (code, name
    as the map writes it)."""
    key = commune_key(name)
    if len(key.replace(" ", "")) <= 5:
        return []
    era = "2025" if year >= REFORM_YEAR else "legacy"
    pool = _communes(era).get(
        ("parent", unit) if level == "district" or era == "2025" else ("province", province),
        [])
    return [(code, named) for code, named in pool if _one_edit(key, commune_key(named))]


@cache
def _communes_anywhere() -> dict[str, str]:
    """Every commune's (ward's, town's) name with its type, folded (``xa dong anh``), on
    either map -> the name as a map writes it."""
    found: dict[str, str] = {}
    for era in ("2025", "legacy"):
        for (kind, _), units in _communes(era).items():
            if kind == "code":
                for _, name in units:
                    found.setdefault(_commune_full(name), name)
    return found


def commune_anywhere(name: str) -> str | None:
    """The commune, ward or town that ``name`` names with its type (``Xã Đông Anh``, ``TT.
    Na Dương``) somewhere in the country, on the map before the reorganisation or after it,
    as that map writes it; None when no unit of either map has that name. Which commune (a
    name many provinces share) is not told: only that the words are a commune's."""
    return _communes_anywhere().get(_commune_full(name))


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _marked_words(name: str) -> list[tuple[str, str]]:
    """A name's words compared with their marks: lowercase, each word's letters apart from its
    tone, so that a tone placed the old way (``Hoà``, ``Thuý``) is the same word as ``Hòa``."""
    words = []
    for word in unicodedata.normalize("NFD", nfc(name).lower()).split():
        word = word.strip(".,:;-()")
        letters = "".join(c for c in word if c not in _TONES)
        words.append((unicodedata.normalize("NFC", letters), "".join(sorted(set(word) & _TONES))))
    return words


# The type the map writes before a unit's name (folded): ``Xã``, ``Phường``, ``Thị trấn``,
# ``Đặc khu``, ``Huyện``, ``Quận``, ``Thị xã``, ``Thành phố``, ``Tỉnh``.
_MAP_TYPE = re.compile(r"^(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)\s+")


def spelt_as(typed: str, named: str) -> bool:
    """Whether the last words of ``typed`` are the name ``named`` (a unit's as a map writes
    it, its type aside) with the marks of its letters and tones, a tone placed the old way
    aside: ``Vân Hòa`` and ``VÂN HOÀ`` are Xã Vân Hòa, ``Văn hóa`` and ``VAN HOA`` are not."""
    n = len(_MAP_TYPE.sub("", fold(named)).split())
    return _marked_words(typed)[-n:] == _marked_words(named)[-n:]


def carries_marks(typed: str) -> bool:
    """Whether a text has a Vietnamese mark (a tone, ``ă``, ``ơ``, ``đ`` …): its letters are
    not all plain, so its marks can tell names that fold alike apart."""
    return "đ" in typed.lower() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", typed))


def legacy_misreading(typed: str, named: str, encodings: Iterable[str]) -> tuple[str, str] | None:
    """The legacy encoding and reading of a unit's name ``typed`` (a commune's, a district's,
    a province's) in a workbook holding text in that encoding, when ``typed`` names the unit
    the map calls ``named`` only once its marks are ignored and the legacy font shows another
    name: (encoding, reading), else None.

    Without the cell's font, ``Hoà Sôn`` is either Unicode typed without the horn (Hòa Sơn)
    or the VNI-Times ``Hồ Sơn`` a person sees in Excel, which is another commune of the
    same district: which is meant cannot be told, so the name is not read. A name spelled
    with the map's marks, or one no legacy decoding changes (``Hoa Son``), is read as before.
    Every place a name without its code is read as a unit asks here.
    """
    if spelt_as(typed, named):
        return None
    for encoding in sorted(encodings):
        reading = decode_legacy(nfc(typed), encoding)
        if fold(reading) != fold(typed):
            return encoding, reading
    return None


@cache
def commune_name(code: str, year: int) -> str | None:
    """The name of commune ``code`` (ward and town included) on the map of ``year``."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    names = [n for c, n in _communes(era).get(("code", code), [])]
    return names[0] if len(names) == 1 else None


@cache
def _commune_places(era: str) -> dict[str, tuple[str | None, frozenset[str]]]:
    """Commune code -> its district on the era's map (None on the 2025 map, which has no
    districts) and the provinces it lies in. On the 2025 map a code of the old map is known
    too, in the provinces the old-to-new mapping sends it to, as a certificate issued before
    the reform may keep its old commune's code."""
    from pipelines.reference.admin_units import admin_unit_mapping, admin_units

    units = admin_units().filter(level="commune", era=era)
    places: dict[str, tuple[str | None, frozenset[str]]] = {
        code: (parent if era == "legacy" else None, frozenset({province}))
        for code, parent, province in units.select(
            "unit_code", "parent_code", "province_code").iter_rows()}
    if era == "legacy":
        return places
    old: dict[str, set[str]] = {}
    for code, province in admin_unit_mapping().filter(old_level="commune").select(
            "old_code", "new_province_code").iter_rows():
        old.setdefault(code, set()).add(province)
    for code, provinces in old.items():
        places.setdefault(code, (None, frozenset(provinces)))
    return places


@cache
def _provinces_after_reform() -> dict[str, frozenset[str]]:
    """Province code of the old map -> the provinces of the 2025 map its communes went to."""
    from pipelines.reference.admin_units import admin_unit_mapping

    went: dict[str, set[str]] = {}
    for code, province in admin_unit_mapping().filter(old_level="province").select(
            "old_code", "new_province_code").iter_rows():
        went.setdefault(code, set()).add(province)
    return {code: frozenset(provinces) for code, provinces in went.items()}


def provinces_after_reform(code: str) -> frozenset[str]:
    """The provinces of the 2025 map that province ``code`` of the old map went into
    (Bắc Giang ``24`` and Bắc Ninh ``27``: ``24``, the Bắc Ninh of the 2025 map); empty for
    a code the old map does not have."""
    return _provinces_after_reform().get(code, frozenset())


@cache
def provinces_before_reform(code: str) -> tuple[str, ...]:
    """The provinces of the old map that went into province ``code`` of the 2025 map (Bắc
    Ninh ``24``: Bắc Giang ``24`` and Bắc Ninh ``27``), in code order: whose former districts
    are its parts."""
    return tuple(sorted(old for old, new in _provinces_after_reform().items() if code in new))


# A former unit's name marked as such after it (``Bắc Ninh (cũ)``, ``Bắc Ninh cũ``, ``… (trước
# sắp xếp)``), folded; a word of its own, not a name's last letters.
_FORMER_MARK = re.compile(r"(?:\s*\(\s*(?:cu|truoc sap xep)\s*\)|\s+(?:cu|truoc sap xep))\s*$")


def former_province_named(name: object, year: int) -> str | None:
    """From the reform's year on, the code on the old map of the province ``name`` gives
    when that is no province of the year's map (``Bắc Giang``, ``Hà Giang``: merged into
    another) or is marked as a former one (``Bắc Ninh (cũ)``); None for a name of the year's
    map, for one no map has, and before the reform (one map then)."""
    if year < REFORM_YEAR or type(name) is not str or not name.strip():
        return None
    folded = fold(name)
    bare = _FORMER_MARK.sub("", folded)
    if bare == folded and code_by_name(name, "province", year) is not None:
        return None
    return code_by_name(bare, "province", REFORM_YEAR - 1)


def province_of_the_other_map(name: object, year: int) -> tuple[str, frozenset[str]] | None:
    """The province ``name`` gives only on the other map than the year's, and the provinces
    of the year's map that are one with it: from the reform's year on, a former province
    (``former_province_named``: ``Bắc Giang``, ``Bắc Ninh (cũ)``) and the provinces it went
    into; before, a province only the 2025 map names and the old provinces that went into
    it. None for a name of the year's map and for one no map has (``Lang Sonn``): a name
    says which unit it is only where a map has it."""
    if year >= REFORM_YEAR:
        former = former_province_named(name, year)
        return None if former is None else (former, provinces_after_reform(former))
    if type(name) is not str or code_by_name(name, "province", year) is not None:
        return None
    new = code_by_name(name, "province", REFORM_YEAR)
    return None if new is None else (new, frozenset(provinces_before_reform(new)))


@cache
def _districts_by_bare_name() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Name without its type, folded (``loc binh``) -> (code, province, name as the map
    writes it) of every district of the last map with districts (the old one)."""
    from pipelines.reference.admin_units import admin_units

    units = admin_units().filter(level="district", era="legacy")
    found: dict[str, list[tuple[str, str, str]]] = {}
    for code, name, province in units.select("unit_code", "name", "province_code").iter_rows():
        found.setdefault(name_key(name), []).append((code, province, name))
    return {key: tuple(units) for key, units in found.items()}


def districts_anywhere(name: str) -> tuple[tuple[str, str, str], ...]:
    """Every district of the last map with districts, in any province, named ``name`` with
    its type as typed (``Huyện Bảo Lạc``) or, if that names none, without it (``Bảo Lạc``):
    (code, province, name as the map writes it). A name without letters names none (``1``
    is ``Quận 1`` only with its type)."""
    found = _full_names("district", "legacy").get(_full(name), ())
    if found:
        return found
    key = name_key(name)
    return _districts_by_bare_name().get(key, ()) if any(c.isalpha() for c in key) else ()


def commune_place(code: str, year: int) -> tuple[str | None, frozenset[str]] | None:
    """Where commune ``code`` (ward and town included) lies on the map of ``year``: its
    district (None from 2025 on) and its provinces; None for a code the map does not have."""
    return _commune_places("2025" if year >= REFORM_YEAR else "legacy").get(code)


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


def province_name_of(code: str, year: int) -> str | None:
    """The name of province ``code`` on the map of ``year`` (``Tỉnh Lạng Sơn``)."""
    era = "2025" if year >= REFORM_YEAR else "legacy"
    return next((name for units in _full_names("province", era).values()
                 for unit_code, _, name in units if unit_code == code), None)


# An address's parts (``Thôn Bản Chắt, xã Mẫu Sơn, huyện Lộc Bình``): split at commas,
# semicolons and dashes between spaces, and before a district's or province's type written
# without a comma (``xã Mẫu Sơn huyện Lộc Bình``), with its diacritics: names hold the same
# letters (Xã Quan Sơn, Xã Tịnh Hà, Xã Huyền Sơn).
_ADDRESS_SPLIT = re.compile(r"\s*[,;]\s*|\s+[-–—]\s+|\s+(?=(?:huyện|quận|thị xã|tỉnh)\s)",
                            re.IGNORECASE)
_DISTRICT_TYPE = re.compile(r"^(?:(?:huyen|quan|thi xa|tx|thanh pho|tp)\b|h\.)\s*[.:]?\s*")
_PROVINCE_TYPE = re.compile(r"^tinh\b[.:]?\s*")


def commune_of_address(text: str, year: int, level: str, unit: str, province: str,
                       legacy: Iterable[str] = ()) -> tuple[list[tuple[str, str]], str] | None:
    """The communes an address names (``Thôn Bản Chắt, xã Mẫu Sơn``, ``xã Mẫu Sơn, huyện Lộc
    Bình``) among the submitting unit's, as ``communes_named`` finds them, with None for the
    reason when they can be read; or ([], why) when the address cannot be read as one
    commune of the unit: it names a commune with its type exactly once, places before it
    that name no commune, district or province (a village, a street), and after it only
    the unit's own district and province (a district named must be the unit's, or, for a
    province, one of its districts holding the commune). In a file holding text in the
    ``legacy`` encodings, a commune or district it names only without its marks while a
    legacy font shows another name (``legacy_misreading``) cannot be told either. None when
    the text is no address (one part)."""
    typed = [p for p in _ADDRESS_SPLIT.split(nfc(text).strip(" .")) if p.strip(" .")]
    parts = [fold(p) for p in typed]
    if len(parts) < 2:
        return None
    at = [k for k, p in enumerate(parts) if _COMMUNE_TYPE.match(p)]
    if len(at) != 1:
        return [], "it does not name one commune with its type (xã, phường, thị trấn)"
    k = at[0]
    if any(_DISTRICT_TYPE.match(p) or _PROVINCE_TYPE.match(p) for p in parts[:k]):
        return [], "it names a district or a province before the commune"
    districts = [j for j in range(k + 1, len(parts)) if _DISTRICT_TYPE.match(parts[j])]
    provinces = [p for p in parts[k + 1:] if _PROVINCE_TYPE.match(p)]
    if len(districts) + len(provinces) != len(parts) - k - 1 or len(districts) > 1 \
            or len(provinces) > 1:
        return [], "what follows the commune is not its district and province"
    if provinces and code_by_name(provinces[0], "province", year) != province:
        return [], f"it names another province than the unit's ({province})"
    if districts:
        j = districts[0]
        district = code_by_name(re.sub(r"^h\.\s*", "huyen ", parts[j]), "district",
                                year, province)
        if district is None or (level == "district" and district != unit):
            return [], f"its district is not the unit's ({unit})"
        named = district_name_of(district, province, year) or ""
        if (misread := legacy_misreading(typed[j], named, legacy)) is not None:
            return [], _misread(typed[j], named, misread)
        level, unit = "district", district
    found = communes_named(parts[k], year, level, unit, province)
    if len(found) == 1 and (
            misread := legacy_misreading(typed[k], found[0][1], legacy)) is not None:
        return [], _misread(typed[k], found[0][1], misread)
    return found, ""


def _misread(typed: str, named: str, misread: tuple[str, str]) -> str:
    """Why a name the legacy font shows otherwise is not read (``legacy_misreading``)."""
    encoding, reading = misread
    return (f"'{typed}' reads '{reading}' in the legacy {encoding.upper()} encoding the file "
            f"holds text in, and as typed is {named} only without its marks")
