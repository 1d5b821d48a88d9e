"""B04, B05 and B06 rows named instead of coded: which template indicator (or district
criterion) a row's name means.

The template asks for codes (``TY_LE_HO_NGHEO``), but offices often leave the code column
blank or number the rows, and write the indicator's name as they always have: ``Tỷ lệ hộ
nghèo (%)``, ``Số xã đạt chuẩn NTM mới trong năm``. A person reads those names without
hesitating, so the ingest does too, but only by an exact match: a name and the template's are
compared as sets of words once spelling is set aside (diacritics, case, order, brackets,
numbering, ``nông thôn mới`` for ``NTM``, filler words such as ``số``, ``được công nhận``,
``lũy kế``; a district criterion's ``Tiêu chí số 1:`` when its number is the criterion's).
A name said to be a running total is never one of the reporting year's alone, though
(``extract._indicator_rows``). A name that differs in any word that carries meaning
(``mới``, ``nâng cao``, a number) matches nothing and is reported, never guessed. Written
by hand: no library knows these names; the names are the seeds'
(``seeds/target_indicators.csv``, ``seeds/aggregate_indicators.csv``,
``seeds/district_criteria.csv``) plus ``template.INDICATOR_NAMES``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipelines.ingest import seeds
from pipelines.ingest import template as t
from pipelines.ingest.text import fold, label_key, nfc

# Phrases that one word stands for, replaced before the words are compared (in this order:
# "tiêu chí" is criteria, "chỉ tiêu" only says "indicator").
_PHRASES = (
    ("nong thon moi", "ntm"), ("tieu chi", "tc"), ("chi tieu", " "), ("trong nam", "moi"),
    ("nam nay", "moi"), ("cong nhan", " "), ("cong dong", "congdong"),
    ("bao hiem y te", "bhyt"), ("khu dan cu", "kdc"), ("binh quan", "bq"),
    ("lao dong", "ld"), ("ty le", "tyle"), ("ti le", "tyle"), ("chat thai ran", "rac"),
    ("chat thai", "rac"), ("rac thai", "rac"), ("nuoc sach", "nuocsach"),
    ("san pham", "sp"), ("thu nhap", "thunhap"), ("ho ngheo", "hongheo"),
    ("nang cao", "nangcao"), ("kieu mau", "kieumau"), ("luy ke", " "), ("tong so", "tong"),
    ("dia ban", " "),
)
# Words that carry no meaning of their own in these names.
# ("đạt chuẩn" is not one: "Số xã đạt chuẩn" is not "Số xã".)
_FILLER = frozenset({"so", "duoc", "trong", "do", "cua", "cac", "tu", "den", "tren", "mot",
                     "da", "va", "la", "toan", "ban"})

_BRACKETED = re.compile(r"[(\[][^()\[\]]*[)\]]")  # "(%)", "(lũy kế)": notes, not the name
# A bracket that narrows the name rather than noting something about it: a part of the unit
# (``Số xã đạt chuẩn NTM (khu vực miền núi)``, ``(xã biên giới)``, ``(huyện Lộc Bình)``),
# or a word that tells indicators apart (``(mới)``, ``(trong năm)``, ``(nâng cao)``). Its
# words are part of the name: set aside, a part of the communes was read as all of them,
# and the year's new communes as the communes so far.
_NARROWING = re.compile(
    r"\b(?:khu vuc|vung|mien nui|nui|dong bang|trung du|bien gioi|ven bien|hai dao|dtts"
    r"|dan toc|thieu so|kho khan|dbkk|an toan khu|atk|huyen|thi xa|thanh pho|tp|quan|xa \w+"
    r"|moi|trong nam|nang cao|kieu mau|thon|ban)\b")
# Words of a bracket that name no part of the unit, though they hold a word that may: the
# programme's own area (``(khu vực nông thôn)``: the communes are all rural), the whole unit
# (``(toàn huyện)``, ``(trên địa bàn huyện)``), what the figure is measured by (``(theo chuẩn
# nghèo mới)``, ``(theo Bộ tiêu chí mới)``), a year (``(trong năm 2023)`` is ``(trong năm)``).
# Kept, they made good rows of the whole unit match no indicator.
_NOT_NARROWING = re.compile(
    r"\b(?:khu vuc|vung|dia ban) nong thon\b(?! moi)"
    r"|\b(?:toan|tren dia ban|dia ban|ca|cap|cua|thuoc) (?:huyen|tinh|thi xa|thanh pho|tp|quan)"
    r"\s*$|\btheo\b.*$|\b(?:bo )?(?:tieu chi|chuan(?: ngheo)?|quy chuan|quy dinh) moi\b"
    r"|\b(?:19|20)[0-9]{2}\b")
# The programme's own area in a name outside brackets (``Thu nhập bình quân đầu người khu
# vực nông thôn``): the indicator itself, as the template means it.
_RURAL_AREA = re.compile(r"\b(?:khu vuc|vung|dia ban) nong thon\b(?! moi)")


def _bracket(match: re.Match[str]) -> str:
    """A bracket's words that narrow the name (``_NARROWING``), or nothing."""
    content = _NOT_NARROWING.sub(" ", match.group(0)[1:-1])
    return f" {content} " if _NARROWING.search(content) else " "


# A count's name (``Số hộ nghèo``) is never a share's (``Tỷ lệ hộ nghèo``): its figure is
# households, not per cent.
_A_COUNT = re.compile(r"[-+•*\s]*(?:[ivx]+[.)]?\s+|[0-9]+[.)]\s*)?so\b(?! (?:%|phan tram))")

# A name saying its figures are a change of the indicator rather than its level: ``Giảm tỷ lệ
# hộ nghèo`` (the points the share fell by), ``Mức tăng thu nhập bình quân``, ``Số xã đạt
# chuẩn tăng thêm``, ``Chênh lệch …``. Read with its diacritics (folded, ``tăng`` is also
# ``tầng`` of ``hạ tầng``, and ``giảm`` the ``giám`` of ``giám sát``). ``giảm còn`` (down to)
# and ``tăng lên đạt`` name the level reached.
_A_CHANGE = re.compile(r"(?<!\w)(?:giảm|tăng|chênh lệch)(?!\w)(?!\s+(?:xuống\s+)?còn\b)"
                       r"(?!\s+(?:lên\s+)?đạt\b)")


# A note in brackets stating a change with its own figure (``Thu nhập bình quân (tăng 10% so
# với năm 2022)``, ``Tỷ lệ hộ nghèo (giảm 1,5%/năm)``): the row is the level, the note says
# by how much it moved.
_FIGURED_NOTE = re.compile(r"[(\[][^()\[\]]*\d[^()\[\]]*[)\]]")


def names_a_change(name: object) -> bool:
    """Whether a row's name says its figures are a change of its indicator (``Giảm tỷ lệ hộ
    nghèo``, ``Tỷ lệ hộ nghèo (giảm)``), not the indicator itself."""
    if not isinstance(name, str):
        return False
    return _A_CHANGE.search(_FIGURED_NOTE.sub(" ", nfc(name).lower())) is not None


# A coded row's name naming another whole than its indicator's: a part of the unit's people
# or communes (``TY_LE_HO_NGHEO | Tỷ lệ hộ nghèo dân tộc thiểu số``, ``(xã biên giới)``),
# income per household (``THU_NHAP_BQ | Thu nhập bình quân/hộ``), wards and towns counted
# with the communes (``SO_XA | Số xã, phường, thị trấn``). Read by the code, such a figure was
# published as the whole unit's, per head, or as communes. What a name leaves out (``không
# kể phường``, ``trừ …``) or what its figure is measured by (``theo …``) narrows nothing.
_LEFT_OUT = re.compile(r"\b(?:khong (?:ke|tinh|bao gom|gom)|ngoai tru|loai tru|tru|theo)\b"
                       r"[^()\[\];]*")
# Women and children are parts of the people too (``Tỷ lệ lao động nữ qua đào tạo``, ``trẻ
# em dưới 6 tuổi`` of BHYT).
_A_PART = re.compile(
    r"\b(?:dan toc thieu so|dtts|nguoi dan toc|bien gioi|mien nui|vung cao|vung sau|vung xa"
    r"|ven bien|hai dao|dac biet kho khan|dbkk|an toan khu|atk|lao dong nu|phu nu|nu gioi"
    r"|tre em|hoc sinh|nguoi cao tuoi)\b")
_HOUSEHOLDS = re.compile(r"\bho\b")
_WARDS = re.compile(r"\b(?:phuong|thi tran|don vi hanh chinh|dvhc|don vi cap xa)\b")
_PER_HEAD = ("THU_NHAP_BQ",)


# Both tests below ask of every coded B04/B06 row; offices repeat the template's names, so
# the answers are kept by name (measured: a third of a national year's reading without).
@lru_cache(maxsize=1 << 14)
def names_another_whole(code: str, name: object) -> str | None:
    """The words of a coded B04/B06 row's name that make its figures another whole's than
    its indicator's (``_A_PART``, ``_HOUSEHOLDS``, ``_WARDS``), or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    words = _LEFT_OUT.sub(" ", fold(name).replace("/", " / "))
    if (part := _A_PART.search(words)) is not None:
        return part.group(0)
    if code in _PER_HEAD and (households := _HOUSEHOLDS.search(words)) is not None:
        return households.group(0)
    if "XA" in code.split("_") and (wards := _WARDS.search(words)) is not None:
        return wards.group(0)
    return None


# The levels above NTM that a heading may set rows under it at (``Xã đạt chuẩn NTM nâng
# cao`` over ``Số xã đạt chuẩn mới trong năm``): the row then counts the level's communes.
_A_LEVEL = re.compile(r"\b(?:nang cao|kieu mau)\b")


def heading_narrows(heading: object, name: object) -> str | None:
    """The words of a heading that make the rows listed under it, named as a whole unit's
    indicator, count another whole: a part of the unit (``_A_PART``: ``Hộ nghèo dân tộc
    thiểu số`` over ``Tỷ lệ hộ nghèo``, ``Các xã biên giới``, ``Lao động nữ``) or a level
    above NTM (``_A_LEVEL``: ``Xã NTM nâng cao`` over ``Số xã đạt chuẩn mới``), that the
    row's own name does not already name; or None. Offices group the same indicators under
    such headings rather than repeating the words in each row, and a person reads the
    heading into them. A heading naming the indicators' own group (``II. Chỉ tiêu xã hội``,
    ``Xây dựng NTM``) or what it leaves out (``không kể xã biên giới``) narrows nothing."""
    if not isinstance(heading, str) or not heading.strip():
        return None
    words = _LEFT_OUT.sub(" ", fold(heading).replace("/", " / "))
    named = fold(name)
    part = _A_PART.search(words)
    if part is not None and part.group(0) not in named:
        return part.group(0)
    level = _A_LEVEL.search(words)
    if level is not None and _A_LEVEL.search(named) is None:
        return level.group(0)
    return None


# A coded row's name that says what another indicator counts: communes not reached
# (``SO_XA_DAT_CHUAN | Số xã chưa đạt chuẩn NTM``), other star ratings (``OCOP_3_SAO | … 3
# sao trở lên``, ``OCOP_4_SAO | … 4 - 5 sao``), another band of criteria met
# (``XA_DUOI_10_TC | Số xã đạt trên 15 tiêu chí``), or another indicator's name. Read by the
# code, the figure was published as the code's.
_NOT_REACHED = re.compile(r"\b(?:chua|khong)\s+(?:duoc\s+)?(?:dat|cong nhan)\b")
_STARS = re.compile(r"(?<![0-9])([1-5])(?:\s*(?:-|–|,|va|den|toi)\s*([1-5]))?\s*sao\b"
                    r"(\s*tro (?:len|xuong))?")
_BAND = re.compile(r"(?:\b(duoi|tren|it hon|nhieu hon|hon)\s*)?(?<![0-9])([0-9]{1,2})"
                   r"(?:\s*(?:-|–|den|toi)\s*([0-9]{1,2}))?\s*(?:tieu chi|tc)\b"
                   r"(\s*tro (?:len|xuong))?")
_COMPARED = {"it hon": "duoi", "nhieu hon": "tren", "hon": "tren"}


def _counted(folded: str) -> tuple[frozenset, frozenset]:
    """The star ratings and the bands of criteria met that a folded name counts."""
    stars = frozenset((m.group(1), m.group(2), " ".join((m.group(3) or "").split()))
                      for m in _STARS.finditer(folded))
    bands = frozenset((_COMPARED.get(m.group(1) or "", m.group(1) or ""), m.group(2),
                       m.group(3), " ".join((m.group(4) or "").split()))
                      for m in _BAND.finditer(folded))
    return stars, bands


@lru_cache(maxsize=1 << 14)
def names_another_indicator(sheet: str, code: str, name: object) -> str | None:
    """What a coded B04/B06 row's name counts that its code does not (``_NOT_REACHED``,
    ``_STARS``, ``_BAND``, or another indicator's name), or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    own = [fold(n) for n in (seeds.indicator_names(sheet).get(code, ""),
                             *t.INDICATOR_NAMES.get(sheet, {}).get(code, ())) if n]
    folded = fold(name)
    if (other := indicator_by_name(sheet, name)) is not None and other != code:
        return f"the name of {other}"
    if (reached := _NOT_REACHED.search(folded)) is not None and not any(
            _NOT_REACHED.search(n) for n in own):
        return reached.group(0)
    stars, bands = _counted(folded)
    for counted, k in ((stars, 0), (bands, 1)):
        told = [c[k] for n in own if (c := _counted(n))[k]]
        if counted and told and counted not in told:
            return ", ".join(" ".join(p for p in item if p) for item in sorted(
                counted, key=str))
    return None


# Sheets whose rows are criteria numbered in words before their names, as Decision
# 320/QĐ-TTg numbers the district criteria ("Tiêu chí số 1: Quy hoạch", "Tiêu chí 1 -
# Quy hoạch", "TC1. Quy hoạch", "Tiêu chí số 1 về quy hoạch"): the code is this prefix and
# the number, which must agree with the name (a number and a name naming two criteria is a
# typing error, and which one is meant cannot be told).
_NUMBERED_CODES = {"B05": "H"}
# Folded: the number (not an indicator's "2.1"), a separator, "về" (about), the name.
_CRITERION_NUMBER = re.compile(
    r"\s*(?:tieu chi|tc)\s*(?:so\s*)?0*([1-9][0-9]?)(?![0-9]|[.,][0-9])\s*(?:[.:)\-–—]\s*)?"
    r"(?:ve\s+)?(\S.*)")


@lru_cache(maxsize=4096)
def name_key(name: str) -> frozenset[str]:
    """The words of an indicator's name that carry its meaning."""
    folded = fold(name)
    words = label_key(_RURAL_AREA.sub(" ", _BRACKETED.sub(_bracket, folded)))
    text = f" {words} "
    for phrase, word in _PHRASES:
        text = text.replace(f" {phrase} ", f" {word} ")
    return frozenset(text.split()) - _FILLER


def template_codes(sheet: str) -> frozenset[str]:
    """The indicator codes of sheet ``B04`` or ``B06`` (the criterion codes of ``B05``)."""
    return frozenset(seeds.indicator_names(sheet))


def _keys(sheet: str) -> list[tuple[frozenset[str], str]]:
    """(name key, code) for every name the sheet's indicators go by."""
    return [(name_key(variant), code) for code, name in seeds.indicator_names(sheet).items()
            for variant in (name, *t.INDICATOR_NAMES.get(sheet, {}).get(code, ()))]


@cache
def _names(sheet: str) -> dict[frozenset[str], str]:
    """Name keys of a sheet's indicators -> code. Two indicators may never share a key
    (checked by the tests), else a name would be guessed between them."""
    out: dict[frozenset[str], str] = {}
    for key, code in _keys(sheet):
        if key:
            out.setdefault(key, code)
    return out


def indicator_by_name(sheet: str, name: object) -> str | None:
    """The template indicator of sheet ``B04`` or ``B06`` (criterion of ``B05``) that a row's
    name means, or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    prefix = _NUMBERED_CODES.get(sheet)
    if prefix is not None and (numbered := _CRITERION_NUMBER.fullmatch(fold(name))):
        code = _names(sheet).get(name_key(numbered.group(2)))
        return code if code == f"{prefix}{int(numbered.group(1))}" else None
    code = _names(sheet).get(name_key(name))
    if code is not None and sheet == "B04" and _A_COUNT.match(fold(name)) and \
            seeds.target_units().get(code) == "%":
        return None
    return code


def name_clashes(sheet: str) -> list[tuple[str, str]]:
    """Pairs of indicators whose names would have the same key (for the tests)."""
    seen: dict[frozenset[str], str] = {}
    clashes = []
    for key, code in _keys(sheet):
        if key in seen and seen[key] != code:
            clashes.append((seen[key], code))
        seen.setdefault(key, code)
    return clashes
