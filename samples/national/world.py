"""The simulated country: every unit-year's facts 2016-2025 and the national truth.

Built once, whatever slice is written, so a slice's files are byte-identical to the same
files of the full set. Facts are the bundled sample's ``yearly_facts.Facts`` and are drawn
with its helpers (funding, rates, plans, OCOP book); commune statuses come from
``samples.national.progress``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from samples.bundled.ocop import Certificate, OcopBook
from samples.bundled.scope import District, Province
from samples.bundled.yearly_facts import (
    FUNDING_SHARES,
    RATE_NAMES,
    RATE_TRENDS,
    Facts,
    draw_funding,
    draw_rates,
    plan_next,
    province_plans,
    remaining_to_reach,
    weighted_mean,
)
from samples.national.mess import MISSING_RATE
from samples.national.progress import (
    district_criteria,
    district_levels,
    reform_status,
    scores,
    simulate_paths,
)
from samples.national.rendering import FIGURES
from samples.national.scope import (
    LEGACY_YEARS,
    REFORM_YEAR,
    REGION_OF,
    UPLAND,
    legacy_communes,
    legacy_provinces,
    new_provinces,
    predecessors,
    profile_code,
    rate_code,
    rng,
    successor,
)
from samples.national.series import (
    MID_2025,
    OCOP_PRODUCTS,
    SeriesCheck,
    check_series,
)

OCOP_START = 2018


@dataclass(frozen=True)
class YearTruth:
    """National (or slice) figures of one year as simulated, at the year end."""

    year: int
    map_era: str
    """``legacy`` up to 2024, ``2025`` for the two-tier map."""
    communes: int
    ntm: int
    advanced: int
    model: int
    districts_ntm: int | None
    ocop_products: int
    """Products ever rated 3 stars or more, up to the year end (cumulative)."""
    ocop_valid: int
    """Products with a certificate in force on 31 December."""

    @property
    def ntm_share(self) -> float:
        return self.ntm / self.communes if self.communes else 0.0


def _allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, ties by key)."""
    s = sum(weights.values())
    exact = {k: total * w / s for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], k))[:rest]:
        out[k] += 1
    return out


class NationalWorld:
    """The simulated truth behind every national submission."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.legacy = {p.unit.code: p for p in legacy_provinces()}
        self.new = {p.unit.code: p for p in new_provinces()}
        communes = legacy_communes(self.legacy.values())
        self.score = scores(seed, communes)
        self.paths = simulate_paths(seed, communes, self.score)
        self.district_ntm = district_levels(seed, self.legacy.values(), self.paths, self.score)
        self.missing = self._missing()
        self.ocop_new = self._allocate_ocop()
        self.books = {nc: OcopBook() for nc in self.new}
        self.issued: dict[str, list[Certificate]] = {}
        """Certificates by the unit whose B03 lists them."""
        self.facts: dict[tuple[str, int], Facts] = {}
        for nc in self.new:
            for year in LEGACY_YEARS:
                for pc in predecessors(nc):
                    self._legacy_year(self.legacy[pc], year)
            self._reform_year(self.new[nc])

    # ---- who sends nothing, and how many OCOP products each unit-year gets

    def _quiet(self, d: District, year: int) -> bool:
        paths = [self.paths[c.code] for c in d.communes]
        return self.district_ntm.get(d.unit.code) != year and all(
            year not in (p.ntm_year, p.advanced_year, p.model_year) for p in paths)

    def _missing(self) -> set[tuple[str, int]]:
        return {(d.unit.code, year) for p in self.legacy.values() for d in p.districts
                for year in LEGACY_YEARS
                if rng(self.seed, "missing", d.unit.code, year).random() < MISSING_RATE
                and self._quiet(d, year)}

    def _allocate_ocop(self) -> dict[tuple[str, int], int]:
        """New OCOP products per unit-year, adding up to the national yearly targets."""
        out: dict[tuple[str, int], int] = {}
        for year in range(OCOP_START, REFORM_YEAR + 1):
            total = OCOP_PRODUCTS[year] - OCOP_PRODUCTS.get(year - 1, 0)
            weights: dict[str, float] = {}
            if year < REFORM_YEAR:
                for p in self.legacy.values():
                    for d in p.districts:
                        if (d.unit.code, year) in self.missing:
                            continue
                        z = sum(self.score[c.code] for c in d.communes) / len(d.communes)
                        noise = rng(self.seed, "ocop-weight", d.unit.code, year)
                        weights[d.unit.code] = (len(d.communes) ** 0.7 * math.exp(0.5 * z)
                                                * noise.gammavariate(2.0, 0.5))
            else:
                for nc, p in self.new.items():
                    weights[nc] = len(p.communes) * rng(self.seed, "ocop-weight", nc,
                                                        year).uniform(0.7, 1.3)
            for code, n in _allocate(total, weights).items():
                out[(code, year)] = n
        return out

    # ---- legacy years

    def _legacy_year(self, prov: Province, year: int) -> None:
        pc = prov.unit.code
        upland = REGION_OF[pc] in UPLAND
        book = self.books[successor()[pc]]
        district_facts = []
        for d in prov.districts:
            code = d.unit.code
            r = rng(self.seed, "district-year", code, year)
            scale = (30_000 + 7_000 * len(d.communes)) if upland else \
                (40_000 + 15_000 * len(d.communes))
            funding, land, labour = draw_funding(r, scale, year, 0)
            quiet = (code, year) in self.missing
            certs: list[Certificate] = []
            if year >= OCOP_START and not quiet:
                certs = book.issue(r, year, code, successor()[pc], profile_code(pc),
                                   list(d.communes), self.ocop_new[(code, year)])
                self.issued.setdefault(code, []).extend(certs)
            prev = self.facts.get((code, year - 1))
            border = upland and rng(self.seed, "border", code).random() < 0.4
            thon_new = r.choice([0, 1, 2, 3, 4]) if border and not quiet else 0
            kdc_new = 0 if quiet else r.choice([0, 1, 1, 2, 3])
            base = rng(self.seed, "base", code)
            thon_base = base.randint(2, 12) if border else 0
            kdc_base = base.randint(0, 6)
            d_ntm = self.district_ntm.get(code)
            facts = Facts(
                unit=d.unit, level="Huyện", province=prov.unit, year=year,
                statuses=[(c, self.paths[c.code].status(year)) for c in d.communes],
                funding=funding, land_m2=land, labour_days=labour, certificates=certs,
                ocop_valid=_valid_counts(self.issued.get(code, []), year),
                thon_new=thon_new, thon_total=(prev.thon_total if prev else thon_base) + thon_new,
                kdc_new=kdc_new, kdc_total=(prev.kdc_total if prev else kdc_base) + kdc_new,
                rates=draw_rates(code, rate_code(pc), year), plans={}, next_plans={},
                h_met=district_criteria(self.seed, d, year, d_ntm),
                district_ntm_year=d_ntm if d_ntm is not None and d_ntm <= year else None)
            self._plans(facts, prev, r)
            self.facts[(code, year)] = facts
            district_facts.append(facts)
        self.facts[(pc, year)] = self._province_from(prov, year, district_facts)

    def _plans(self, f: Facts, prev: Facts | None, r: random.Random) -> None:
        """B04 plans: this year's target is what last year's report planned."""
        actual = FIGURES.actuals(f)
        f.next_plans = plan_next(r, actual, remaining_to_reach(f.statuses))
        f.plans = dict(prev.next_plans) if prev else plan_next(
            rng(self.seed, "first-plan", f.unit.code), actual, {})

    def _province_from(self, prov: Province, year: int, ds: list[Facts]) -> Facts:
        """A legacy province's own figures: sums and commune-weighted means of its districts."""
        weights = [len(f.statuses) for f in ds]
        trends = RATE_TRENDS[rate_code(prov.unit.code)]

        return Facts(
            unit=prov.unit, level="Tỉnh", province=prov.unit, year=year,
            statuses=[st for f in ds for st in f.statuses],
            funding={k: round(sum(f.funding[k] for f in ds), 1) for k in ds[0].funding},
            land_m2=sum(f.land_m2 for f in ds), labour_days=sum(f.labour_days for f in ds),
            certificates=sorted((c for f in ds for c in f.certificates),
                                key=lambda c: (c.recognized_on, c.product)),
            ocop_valid=_valid_counts((c for f in ds for c in self.issued.get(f.unit.code, [])),
                                     year),
            thon_new=sum(f.thon_new for f in ds), thon_total=sum(f.thon_total for f in ds),
            kdc_new=sum(f.kdc_new for f in ds), kdc_total=sum(f.kdc_total for f in ds),
            rates={n: weighted_mean([f.rates[n] for f in ds], weights, int(trends[n][2])) or 0.0
                   for n in RATE_NAMES},
            plans=province_plans(ds, "plans"), next_plans=province_plans(ds, "next_plans"),
            districts_ntm=sum(f.district_ntm_year is not None for f in ds),
            lists_communes=False)

    # ---- 2025: provinces on the two-tier map

    def _reform_year(self, prov: Province) -> None:
        nc, year = prov.unit.code, REFORM_YEAR
        olds = predecessors(nc)
        statuses = []
        legacy_to_new: dict[str, str] = {}
        for commune in prov.communes:
            sources = [s for s in prov.sources[commune.code] if s in self.paths]
            for s in sources:
                legacy_to_new.setdefault(s, commune.code)
            parts = [self.paths[s].status(MID_2025) for s in sources]
            statuses.append((commune, reform_status(self.seed, commune.code, parts)))
        r = rng(self.seed, "province-2025", nc)
        last = [self.facts[(pc, year - 1)] for pc in olds]
        scale = sum(sum(f.funding[k] for k in FUNDING_SHARES) for f in last) * 1.05
        # ``scale`` is already a 2024 figure: undo the growth that draw_funding applies.
        funding, land, labour = draw_funding(r, scale / (1 + 0.07 * (year - 2019)), year, 0)
        book = self.books[nc]
        districts = [d.unit.code for pc in olds for d in self.legacy[pc].districts]
        certs = book.issue(r, year, nc, nc, profile_code(olds[0]), list(prov.communes),
                           self.ocop_new[(nc, year)], legacy_to_new, districts)
        upland = REGION_OF[olds[0]] in UPLAND
        thon_new = r.randint(3, 9) if upland else 0
        kdc_new = r.randint(4, 12)
        prev_thon = sum(f.thon_total for f in last)
        prev_kdc = sum(f.kdc_total for f in last)
        facts = Facts(
            unit=prov.unit, level="Tỉnh", province=prov.unit, year=year, statuses=statuses,
            funding=funding, land_m2=land, labour_days=labour, certificates=certs,
            ocop_valid=book.valid_counts(year, new_province=nc),
            thon_new=thon_new, thon_total=prev_thon + thon_new, kdc_new=kdc_new,
            kdc_total=prev_kdc + kdc_new, rates=draw_rates(nc, rate_code(olds[0]), year),
            plans={}, next_plans={})
        # A province that kept its territory plans 2025 in its 2024 report; a merged one
        # starts afresh.
        self._plans(facts, last[0] if olds == (nc,) else None, r)
        self.facts[(nc, year)] = facts

    # ---- truth

    def truth(self, years: Iterable[int], legacy: Collection[str], new: Collection[str],
              *, as_sent: bool = False) -> dict[int, YearTruth]:
        """Figures per year over the given provinces (legacy ones up to 2024, new ones in
        2025). ``as_sent`` leaves out the district-years that sent nothing, i.e. it is what
        the current files' B01 rows add up to."""
        out = {}
        for year in years:
            if year < REFORM_YEAR:
                ds = [f for pc in legacy for f in self._district_facts(pc, year)
                      if not (as_sent and (f.unit.code, year) in self.missing)]
                statuses = [s for f in ds for _, s in f.statuses]
                owners = {d.unit.code for pc in legacy for d in self.legacy[pc].districts}
                certs = [c for nc in {successor()[pc] for pc in legacy}
                         for c in self.books[nc].certificates if c.unit_code in owners]
                districts: int | None = sum(f.district_ntm_year is not None for f in ds)
            else:
                statuses = [s for nc in new for _, s in self.facts[(nc, year)].statuses]
                certs = [c for nc in new for c in self.books[nc].certificates]
                districts = None
            out[year] = YearTruth(
                year=year, map_era="legacy" if year < REFORM_YEAR else "2025",
                communes=len(statuses), ntm=sum(s.ntm_year is not None for s in statuses),
                advanced=sum(s.advanced_year is not None for s in statuses),
                model=sum(s.model_year is not None for s in statuses),
                districts_ntm=districts,
                ocop_products=len({(c.new_province, c.product) for c in certs
                                   if c.recognized_on.year <= year}),
                ocop_valid=sum(_valid_counts(certs, year)))
        return out

    def _district_facts(self, pc: str, year: int) -> list[Facts]:
        return [self.facts[(d.unit.code, year)] for d in self.legacy[pc].districts]

    def series(self) -> dict[str, dict[float, float]]:
        """National values for ``series.check_series``: year ends of the legacy
        map, 30 June 2025, and OCOP products up to the end of 2025."""
        legacy = list(self.legacy)
        truth = self.truth([*LEGACY_YEARS, REFORM_YEAR], legacy, list(self.new))
        paths = list(self.paths.values())
        mid = [p.status(MID_2025) for p in paths]
        out: dict[str, dict[float, float]] = {
            "ntm_share": {y: t.ntm_share for y, t in truth.items() if y < REFORM_YEAR},
            "advanced": {y: t.advanced for y, t in truth.items() if y < REFORM_YEAR},
            "model": {y: t.model for y, t in truth.items() if y < REFORM_YEAR},
            "districts_ntm": {y: t.districts_ntm or 0 for y, t in truth.items()
                              if y < REFORM_YEAR},
            "ocop_products": {y: t.ocop_products for y, t in truth.items()},
        }
        out["ntm_share"][MID_2025] = sum(s.ntm_year is not None for s in mid) / len(mid)
        out["advanced"][MID_2025] = sum(s.advanced_year is not None for s in mid)
        out["model"][MID_2025] = sum(s.model_year is not None for s in mid)
        out["districts_ntm"][MID_2025] = len(self.district_ntm)
        return out

    def check(self) -> list[SeriesCheck]:
        """The national series of ``domain.md`` beside the simulated one."""
        return check_series(self.series())


def _valid_counts(certs: Iterable[Certificate], year: int,
                  owners: Collection[str] | None = None) -> tuple[int, int, int]:
    """Certificates valid at the end of ``year`` by stars (3, 4, 5), optionally of some units.

    A product never holds two valid certificates (renewals come after expiry), so these
    are also products.
    """
    counts = [0, 0, 0]
    for c in certs:
        if (owners is None or c.unit_code in owners) and c.valid_at_end_of(year):
            counts[c.stars - 3] += 1
    return counts[0], counts[1], counts[2]
