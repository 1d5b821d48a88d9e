"""The national data set's scope: every real unit of both maps, regions, and seeded randomness.

Units come from ``vietnam_provinces`` through the bundled sample's ``scope`` module
(``legacy_province`` keeps the districts that have rural communes, ``new_province`` the xã
of the two-tier map with the legacy xã each was formed from), so the national set and the
sample agree on who reports and which communes a B01 lists.

Every legacy province merged whole into one province of the 1 July 2025 map; a *group* is a
new province with its legacy predecessors, the unit that shares OCOP products across the
reform.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

import vietnam_provinces as vn
from vietnam_provinces import legacy as vl

from samples.bundled.scope import Province, legacy_province, new_province

SEED_PREFIX = "ntm-national/v1"
FIRST_YEAR = 2016
REFORM_YEAR = 2025
LEGACY_YEARS = range(FIRST_YEAR, REFORM_YEAR)
YEARS = range(FIRST_YEAR, REFORM_YEAR + 1)

# Regions by legacy GSO province code, with how far ahead of the national average their
# communes are (in standard deviations of the commune score of ``samples.national.progress``). The
# order follows the real picture: the Red River delta and the south-east finished the
# programme first, the northern mountains and the Central Highlands lag behind.
REGIONS: dict[str, tuple[float, tuple[str, ...]]] = {
    "red_river_delta": (1.0, ("01", "22", "26", "27", "30", "31", "33", "34", "35", "36",
                               "37")),
    "south_east": (0.8, ("70", "72", "74", "75", "77", "79")),
    "midlands": (0.25, ("19", "24", "25")),
    "north_central": (0.05, ("38", "40", "42", "44", "45", "46")),
    "mekong_delta": (0.0, ("80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94",
                            "95", "96")),
    "south_central_coast": (-0.15, ("48", "49", "51", "52", "54", "56", "58", "60")),
    "central_highlands": (-0.45, ("62", "64", "66", "67", "68")),
    "northern_mountains": (-0.75, ("02", "04", "06", "08", "10", "11", "12", "14", "15", "17",
                                   "20")),
}
REGION_OF = {pc: name for name, (_, codes) in REGIONS.items() for pc in codes}
NORTHERN = {"red_river_delta", "midlands", "northern_mountains", "north_central"}
"""Regions whose OCOP products and producer names follow the bundled sample's Lạng Sơn lists;
the others follow its Hậu Giang lists (see ``ocop.PRODUCT_BASES``)."""
UPLAND = {"northern_mountains", "central_highlands"}
"""Regions with border villages (thôn, bản) and the slower-moving rates of ``RATE_TRENDS``."""


def rng(seed: int, *parts: object) -> random.Random:
    """A generator private to one topic and seed: adding a topic never shifts another one."""
    return random.Random(":".join([SEED_PREFIX, str(seed), *map(str, parts)]))


def profile_code(legacy_code: str) -> str:
    """Key of the bundled sample's per-province tables (products, names, rate trends)."""
    return "20" if REGION_OF[legacy_code] in NORTHERN else "93"


def rate_code(legacy_code: str) -> str:
    """Key of ``yearly_facts.RATE_TRENDS``: upland provinces trend like Lạng Sơn."""
    return "20" if REGION_OF[legacy_code] in UPLAND else "93"


@cache
def legacy_codes() -> tuple[str, ...]:
    return tuple(f"{p.code.value:02d}" for p in sorted(vl.Province.iter_all(),
                                                        key=lambda p: p.code.value))


@cache
def new_codes() -> tuple[str, ...]:
    return tuple(f"{p.code.value:02d}" for p in sorted(vn.Province.iter_all(),
                                                        key=lambda p: p.code.value))


@cache
def successor() -> dict[str, str]:
    """Legacy province code -> code of the 2025 province it merged into."""
    # Read from the commune mapping: the province-level search also names a province that
    # received a few wards (Tiền Giang -> Tây Ninh), but every legacy xã of a province went
    # to the same new province.
    votes: dict[str, Counter[str]] = {}
    for w in vn.Ward.iter_all():
        for s in w.get_legacy_sources():
            votes.setdefault(f"{s.province_code.value:02d}", Counter())[
                f"{w.province_code.value:02d}"] += 1
    return {code: votes[code].most_common(1)[0][0] for code in legacy_codes()}


@cache
def predecessors(new_code: str) -> tuple[str, ...]:
    """Legacy provinces merged into a 2025 province, in code order."""
    return tuple(lc for lc in legacy_codes() if successor()[lc] == new_code)


def legacy_provinces() -> list[Province]:
    return [legacy_province(code) for code in legacy_codes()]


def new_provinces() -> list[Province]:
    return [new_province(code) for code in new_codes()]


def parse_provinces(provinces: Collection[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Legacy provinces to write up to 2024 and the 2025 provinces that contain them.

    Codes may lose their leading zero (``1`` for Hà Nội); an unknown code is an error.
    """
    if provinces is None:
        return legacy_codes(), new_codes()
    wanted = sorted({f"{int(str(p).strip()):02d}" for p in provinces})
    unknown = [p for p in wanted if p not in successor()]
    if unknown:
        raise ValueError(f"not a province of the legacy map: {', '.join(unknown)}")
    return tuple(wanted), tuple(sorted({successor()[p] for p in wanted}))


def parse_years(text: str) -> list[int]:
    """``2016-2025``, ``2019,2025`` or ``2024`` -> years within 2016-2025."""
    years: set[int] = set()
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        years.update(range(int(first), int(last or first) + 1))
    bad = sorted(y for y in years if y not in YEARS)
    if bad:
        raise ValueError(f"years must lie in {YEARS.start}-{YEARS.stop - 1}: {bad}")
    return sorted(years)


@dataclass(frozen=True)
class CommuneRef:
    """A legacy xã with where it sits, for the national simulation."""

    code: str
    district: str
    province: str
    urban: bool
    """In a city or town (thành phố, thị xã): such districts finish the programme first."""


def legacy_communes(provinces: Iterable[Province]) -> list[CommuneRef]:
    return [CommuneRef(c.code, d.unit.code, p.unit.code, d.is_urban)
            for p in provinces for d in p.districts for c in d.communes]
