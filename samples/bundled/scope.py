"""What the sample covers (years, provinces, their real units) and its seeded randomness.

Units are read from ``vietnam_provinces`` (real GSO codes and names, so that reference
matching is exercised for real); why these provinces is told in ``generate``.

Everything is derived from a fixed seed through string-seeded ``random.Random`` instances
(one per unit and topic, see :func:`topic_rng`), so the output is byte-identical on every
run and does not shift when one part of the generator changes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

import vietnam_provinces as vn
from vietnam_provinces import legacy as vl

SEED = "ntm-sample/v1"
LEGACY_YEARS = range(2019, 2025)
REFORM_YEAR = 2025
NEW_SET_YEAR = 2026
"""First year of the 2026-2030 criteria set (Decision 51/2025/QĐ-TTg): 10 criteria."""
YEARS = range(LEGACY_YEARS.start, NEW_SET_YEAR + 1)
N_CRITERIA = 19
"""Criteria of the 2016-2020 and 2021-2025 sets."""
N_CRITERIA_2026 = 10
"""Criteria of the 2026-2030 set."""
SAMPLE_PROVINCES = ("20", "93")
"""Legacy provinces whose districts and province report in 2019-2024."""
NEW_PROVINCES = ("20", "92")
"""Post-reform provinces that report from 2025 (Lạng Sơn unchanged; Cần Thơ absorbed 93)."""
HISTORY_PROVINCES = ("20", "92", "93", "94")
"""Legacy provinces whose communes are simulated: every predecessor of a 2025 commune."""
MISSING_YEAR = 2021
MISSING_CANDIDATES = ("189", "187", "178", "185")
"""Lạng Sơn districts that may skip the MISSING_YEAR report, in order of preference."""


def topic_rng(*parts: object) -> random.Random:
    """A generator private to one topic: adding a topic elsewhere never shifts this one."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def criteria_set(year: int) -> str:
    """Criteria set in force: Decision 1980 up to 2020, Decision 318 for 2021-2025,
    Decision 51/2025 from 2026."""
    if year >= NEW_SET_YEAR:
        return "2026-2030"
    return "2016-2020" if year <= 2020 else "2021-2025"


def n_criteria(year: int) -> int:
    """Criteria columns of a B01 of ``year``: 19 up to 2025, 10 from 2026."""
    return N_CRITERIA_2026 if year >= NEW_SET_YEAR else N_CRITERIA


# --------------------------------------------------------------------------- reference units


@dataclass(frozen=True)
class Unit:
    """A unit as the sample writes it: zero-padded GSO code and full official name."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class District:
    """A legacy district with its rural communes (only xã are in the programme)."""

    unit: Unit
    province_code: str
    communes: tuple[Unit, ...]

    @property
    def is_urban(self) -> bool:
        """Cities and towns: few communes, faster progress (they finish the programme first)."""
        return self.unit.kind != "huyện"


@dataclass(frozen=True)
class Province:
    """A province of one map era, with what reports for it."""

    unit: Unit
    slug: str
    districts: tuple[District, ...] = ()
    communes: tuple[Unit, ...] = ()
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """2025 only: new commune code -> codes of the legacy xã merged into it."""


def _slug(codename: str) -> str:
    for prefix in ("tinh_", "thanh_pho_"):
        codename = codename.removeprefix(prefix)
    return codename


@cache
def legacy_province(code: str) -> Province:
    """A pre-reform province with its districts that have rural communes."""
    p = vl.Province.from_code(vl.ProvinceCode(int(code)))
    districts = []
    for d in sorted(vl.District.iter_by_province(p.code), key=lambda d: d.code.value):
        xa = tuple(Unit(f"{w.code.value:05d}", w.name, w.division_type.value)
                   for w in sorted(vl.Ward.iter_by_district(d.code), key=lambda w: w.code.value)
                   if w.division_type == vl.VietNamDivisionType.XA)
        if xa:
            districts.append(District(Unit(f"{d.code.value:03d}", d.name, d.division_type.value),
                                      code, xa))
    return Province(Unit(code, p.name, p.division_type.value), _slug(p.codename), tuple(districts))


@cache
def new_province(code: str) -> Province:
    """A post-reform province with its xã and, for each, the legacy xã it was formed from."""
    p = vn.Province.from_code(vn.ProvinceCode(int(code)))
    communes, sources = [], {}
    for w in sorted(vn.Ward.iter_by_province(p.code), key=lambda w: w.code.value):
        if w.division_type != vn.VietNamDivisionType.XA:
            continue
        unit = Unit(f"{w.code.value:05d}", w.name, w.division_type.value)
        communes.append(unit)
        sources[unit.code] = tuple(sorted(
            f"{s.code.value:05d}" for s in w.get_legacy_sources()
            if s.division_type == vl.VietNamDivisionType.XA))
    return Province(Unit(code, p.name, "tỉnh"), _slug(p.codename), communes=tuple(communes),
                    sources=sources)


def short_name(name: str) -> str:
    """``Xã Hoà Bình`` -> ``Hoà Bình``, for product names and signatures."""
    for prefix in ("Xã ", "Huyện ", "Thị xã ", "Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return name
