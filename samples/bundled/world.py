"""The simulated world: every commune's history and every unit-year's facts, 2019-2026.

Built once, in a fixed order, before anything is rendered. Deliberate mistakes are made
later in rendered submissions (or copies of facts), so the world itself stays consistent.
"""

from __future__ import annotations

import random
from dataclasses import replace

from samples.bundled.commune_progress import (
    PROFILES,
    Status,
    assess_new_set,
    initial_status,
    merge_statuses,
    simulate_commune,
    step_status,
)
from samples.bundled.ocop import OcopBook
from samples.bundled.office_styles import TEXT_NUMBER_DISTRICT
from samples.bundled.scope import (
    HISTORY_PROVINCES,
    LEGACY_YEARS,
    MISSING_CANDIDATES,
    MISSING_YEAR,
    N_CRITERIA,
    N_CRITERIA_2026,
    NEW_PROVINCES,
    NEW_SET_YEAR,
    REFORM_YEAR,
    SAMPLE_PROVINCES,
    District,
    Province,
    legacy_province,
    new_province,
    topic_rng,
)
from samples.bundled.yearly_facts import (
    FUNDING_SHARES,
    RATE_NAMES,
    RATE_TRENDS,
    Facts,
    commune_aggregates,
    draw_funding,
    draw_rates,
    plan_next,
    province_plans,
    remaining_to_reach,
    tidy,
    weighted_mean,
)


class SampleWorld:
    """The simulated truth behind every submission of the sample."""

    def __init__(self) -> None:
        self.legacy = {pc: legacy_province(pc) for pc in HISTORY_PROVINCES}
        self.new = {pc: new_province(pc) for pc in NEW_PROVINCES}
        self.history: dict[str, dict[int, Status]] = {}
        for pc, prov in self.legacy.items():
            for d in prov.districts:
                for c in d.communes:
                    self.history[c.code] = simulate_commune(c.code, PROFILES[pc], d.is_urban)
        self.missing = (self._quiet_district(), MISSING_YEAR)
        self.ocop = OcopBook()
        self.facts: dict[tuple[str, int], Facts] = {}
        for year in LEGACY_YEARS:
            for pc in SAMPLE_PROVINCES:
                self._legacy_year(self.legacy[pc], year)
        self._legacy_to_new: dict[str, dict[str, str]] = {}
        self._predecessors: dict[str, list[str]] = {}
        for pc in NEW_PROVINCES:
            self._reform_year(self.new[pc])
        for pc in NEW_PROVINCES:
            self._new_set_year(self.new[pc])

    # ---- districts and legacy provinces

    def _quiet_district(self) -> str:
        """A district with nothing new in MISSING_YEAR, to be the one that sends nothing.

        Its unsent year then hides no recognition, OCOP certificate or village, so later
        reports stay consistent with the ones the warehouse does receive.
        """
        for code in MISSING_CANDIDATES:
            d = next(d for d in self.legacy["20"].districts if d.unit.code == code)
            statuses = [self.history[c.code][MISSING_YEAR] for c in d.communes]
            if all(MISSING_YEAR not in (s.ntm_year, s.advanced_year, s.model_year)
                   for s in statuses):
                return code
        raise ValueError("no quiet district for the missing submission")

    def _district_h(self, d: District, year: int) -> tuple[frozenset[int], int | None]:
        """District criteria H1-H9; NTM district once all its communes and H1-H9 are met."""
        rng = topic_rng("district-h", d.unit.code)
        met = set(rng.sample(range(1, 10), rng.randint(3, 6)))
        ntm_year = None
        for y in LEGACY_YEARS:
            ntm_now = all(self.history[c.code][y].ntm_year is not None for c in d.communes)
            for h in range(1, 10):
                if h not in met and rng.random() < (0.45 if ntm_now else 0.15):
                    met.add(h)
            if ntm_year is None and ntm_now and len(met) == 9:
                ntm_year = y
            if y == year:
                return frozenset(met), ntm_year
        raise ValueError(year)

    def _legacy_year(self, prov: Province, year: int) -> None:
        pc = prov.unit.code
        district_facts = []
        for d in prov.districts:
            statuses = [(c, self.history[c.code][year]) for c in d.communes]
            rng = topic_rng("district-year", d.unit.code, year)
            decimals = 1 if d.unit.code == TEXT_NUMBER_DISTRICT else 0
            scale = (30_000 + 7_000 * len(d.communes)) if pc == "20" else \
                (40_000 + 15_000 * len(d.communes))
            funding, land, labour = draw_funding(rng, scale, year, decimals)
            n_new = rng.choice([0, 1, 1, 2, 2, 3] if pc == "20" else [1, 1, 2, 2, 3, 4])
            if year == 2019:
                n_new = max(0, n_new - 1)
            quiet = (d.unit.code, year) == self.missing
            certs = [] if quiet else self.ocop.issue(rng, year, d.unit.code,
                                                     self._successor(pc), pc, list(d.communes),
                                                     n_new)
            prev = self.facts.get((d.unit.code, year - 1))
            border = pc == "20" and d.unit.code in {"180", "182", "183", "188", "189"}
            thon_new = rng.choice([0, 1, 2, 3, 4]) if border and not quiet else 0
            kdc_new = 0 if quiet else rng.choice([0, 1, 1, 2, 3])
            thon_base = topic_rng("base", d.unit.code).randint(2, 12) if border else 0
            kdc_base = topic_rng("base-kdc", d.unit.code).randint(0, 6)
            h_met, d_ntm = self._district_h(d, year)
            facts = Facts(
                unit=d.unit, level="Huyện", province=prov.unit, year=year, statuses=statuses,
                funding=funding, land_m2=land, labour_days=labour, certificates=certs,
                ocop_valid=self.ocop.valid_counts(year, owners=[d.unit.code]),
                thon_new=thon_new, thon_total=(prev.thon_total if prev else thon_base) + thon_new,
                kdc_new=kdc_new, kdc_total=(prev.kdc_total if prev else kdc_base) + kdc_new,
                rates=draw_rates(d.unit.code, pc, year), plans={}, next_plans={}, h_met=h_met,
                district_ntm_year=d_ntm)
            self._targets(facts, prev, rng)
            self.facts[(d.unit.code, year)] = facts
            district_facts.append(facts)
        self.facts[(pc, year)] = self._province_from(prov, year, district_facts)

    def _successor(self, legacy_code: str) -> str:
        return "92" if legacy_code in {"92", "93", "94"} else legacy_code

    def _targets(self, f: Facts, prev: Facts | None, rng: random.Random) -> None:
        """B04 plans: this year's target is what last year's report planned."""
        actual = self.actuals(f)
        f.next_plans = plan_next(rng, actual, remaining_to_reach(f.statuses))
        f.plans = dict(prev.next_plans) if prev else plan_next(
            topic_rng("first-plan", f.unit.code), actual, {})

    def actuals(self, f: Facts) -> dict[str, float]:
        """B04 ``Thực hiện`` values, all derived from the facts below them."""
        agg = commune_aggregates((s for _, s in f.statuses), f.year)
        out: dict[str, float] = {
            "XA_DAT_CHUAN_MOI": agg["SO_XA_DAT_CHUAN_MOI"],
            "XA_NANG_CAO_MOI": agg["XA_NANG_CAO_MOI"],
            "XA_KIEU_MAU_MOI": agg["XA_KIEU_MAU_MOI"], "TC_BINH_QUAN": agg["TC_BINH_QUAN"],
            "XA_DUOI_10_TC": agg["XA_DUOI_10_TC"], "THON_DAT_CHUAN_MOI": f.thon_new,
            "KDC_KIEU_MAU_MOI": f.kdc_new, "OCOP_3SAO_MOI": len(f.certificates)}
        out.update(f.rates)
        return out

    def _province_from(self, prov: Province, year: int, ds: list[Facts]) -> Facts:
        """A legacy province's own figures: sums and commune-weighted means of its districts."""
        weights = [len(f.statuses) for f in ds]
        funding = {k: round(sum(f.funding[k] for f in ds), 1) for k in ds[0].funding}
        rates = {n: weighted_mean([f.rates[n] for f in ds], weights,
                                  RATE_TRENDS[prov.unit.code][n][2])
                 for n in RATE_NAMES}
        statuses = [st for f in ds for st in f.statuses]

        return Facts(
            unit=prov.unit, level="Tỉnh", province=prov.unit, year=year, statuses=statuses,
            funding=funding, land_m2=sum(f.land_m2 for f in ds),
            labour_days=sum(f.labour_days for f in ds),
            certificates=sorted((c for f in ds for c in f.certificates),
                                key=lambda c: (c.recognized_on, c.product)),
            ocop_valid=self.ocop.valid_counts(year, owners=[f.unit.code for f in ds]),
            thon_new=sum(f.thon_new for f in ds), thon_total=sum(f.thon_total for f in ds),
            kdc_new=sum(f.kdc_new for f in ds), kdc_total=sum(f.kdc_total for f in ds),
            rates=rates, plans=province_plans(ds, "plans"),
            next_plans=province_plans(ds, "next_plans"),
            districts_ntm=sum(f.district_ntm_year is not None for f in ds),
            lists_communes=False)

    # ---- 2025: provinces on the new map

    def _reform_year(self, prov: Province) -> None:
        pc, year = prov.unit.code, REFORM_YEAR
        profile = PROFILES[pc]
        statuses = []
        legacy_to_new: dict[str, str] = {}
        for commune in prov.communes:
            sources = prov.sources[commune.code]
            for s in sources:
                legacy_to_new.setdefault(s, commune.code)
            rng = topic_rng("commune-2025", commune.code)
            parts = [self.history[s][2024] for s in sources]
            before = merge_statuses(parts) if parts else initial_status(rng, profile, False)
            after = step_status(rng, before, year, profile, False)
            if parts and after.ntm_year == year and before.count == N_CRITERIA \
                    and rng.random() < 0.65:
                # Met on paper only through the merger: re-assessment of a criterion that
                # some predecessor lacked is still pending, so no recognition yet.
                gap = min(c for c in range(1, N_CRITERIA + 1)
                          if not all(c in p.met for p in parts))
                after = replace(after, met=after.met - {gap}, ntm_year=None)
            statuses.append((commune, after))
        rng = topic_rng("province-2025", pc)
        predecessors = [d.unit.code for lp in SAMPLE_PROVINCES if self._successor(lp) == pc
                        for d in self.legacy[lp].districts]
        last = [self.facts[(lp, 2024)] for lp in SAMPLE_PROVINCES if self._successor(lp) == pc]
        scale = sum(sum(f.funding[k] for k in FUNDING_SHARES) for f in last)
        scale *= 1.05 if pc == "20" else 2.6  # Cần Thơ now also covers Sóc Trăng and old Cần Thơ
        # ``scale`` is already a 2024 figure: undo the yearly growth that draw_funding applies.
        funding, land, labour = draw_funding(rng, scale / (1 + 0.07 * (year - 2019)), year, 0)
        self._legacy_to_new[pc], self._predecessors[pc] = legacy_to_new, predecessors
        certs = self.ocop.issue(rng, year, pc, pc, "20" if pc == "20" else "93",
                                list(prov.communes), rng.randint(8, 14), legacy_to_new,
                                predecessors)
        prev_thon = sum(f.thon_total for f in last) + (0 if pc == "20" else 23)
        prev_kdc = sum(f.kdc_total for f in last) + (0 if pc == "20" else 41)
        thon_new = rng.randint(3, 9) if pc == "20" else 0
        kdc_new = rng.randint(4, 12)
        rate_pc = "20" if pc == "20" else "93"
        facts = Facts(
            unit=prov.unit, level="Tỉnh", province=prov.unit, year=year, statuses=statuses,
            funding=funding, land_m2=land, labour_days=labour, certificates=certs,
            ocop_valid=self.ocop.valid_counts(year, new_province=pc),
            thon_new=thon_new, thon_total=prev_thon + thon_new, kdc_new=kdc_new,
            kdc_total=prev_kdc + kdc_new, rates=draw_rates(pc, rate_pc, year), plans={},
            next_plans={})
        # Lạng Sơn's 2025 targets are what its 2024 report planned; Cần Thơ starts afresh.
        self._targets(facts, last[0] if pc == "20" else None, rng)
        self.facts[(pc, year)] = facts

    # ---- 2026: the 10 criteria of the 2026-2030 set, on the same map

    def _new_set_year(self, prov: Province) -> None:
        """A province's first year under Decision 51/2025/QĐ-TTg: the same communes as in
        2025, each assessed against the 10 new criteria, with its commune group."""
        pc, year = prov.unit.code, NEW_SET_YEAR
        profile = PROFILES[pc]
        last = self.facts[(pc, year - 1)]
        statuses = [(commune, assess_new_set(topic_rng("commune-2026", commune.code), before,
                                             year, profile))
                    for commune, before in last.statuses]
        groups = {commune.code: commune_group(pc, commune.code) for commune in prov.communes}
        rng = topic_rng("province-2026", pc)
        scale = sum(last.funding[k] for k in FUNDING_SHARES) * 1.06
        funding, land, labour = draw_funding(rng, scale / (1 + 0.07 * (year - 2019)), year, 0)
        certs = self.ocop.issue(rng, year, pc, pc, "20" if pc == "20" else "93",
                                list(prov.communes), rng.randint(6, 12),
                                self._legacy_to_new[pc], self._predecessors[pc])
        thon_new = rng.randint(2, 7) if pc == "20" else 0
        kdc_new = rng.randint(3, 10)
        facts = Facts(
            unit=prov.unit, level="Tỉnh", province=prov.unit, year=year, statuses=statuses,
            funding=funding, land_m2=land, labour_days=labour, certificates=certs,
            ocop_valid=self.ocop.valid_counts(year, new_province=pc),
            thon_new=thon_new, thon_total=last.thon_total + thon_new, kdc_new=kdc_new,
            kdc_total=last.kdc_total + kdc_new,
            rates=draw_rates(pc, "20" if pc == "20" else "93", year), plans={}, next_plans={},
            groups=groups)
        # This year's targets are what the 2025 report planned, except the average criteria
        # per commune: planned on the 19 old criteria, it is left blank on the new scale.
        facts.plans = {**last.next_plans, "TC_BINH_QUAN": None}
        facts.next_plans = plan_next(rng, self.actuals(facts), remaining_to_reach(statuses),
                                     N_CRITERIA_2026)
        self.facts[(pc, year)] = facts

    def aggregates(self, f: Facts) -> dict[str, int | float]:
        """Every B06 figure of a unit-year, in template order."""
        agg = commune_aggregates((s for _, s in f.statuses), f.year)
        out: dict[str, int | float] = {k: v for k, v in agg.items()
                                       if k.startswith(("SO_", "TONG_TC", "TC_BINH"))}
        if f.year >= NEW_SET_YEAR:
            # The buckets by criteria met (19, 15-18, ...) belong to the 19-criteria sets.
            out = {k: v for k, v in out.items() if not k.endswith("_TC") or k == "TONG_TC"}
        if f.level == "Tỉnh" and f.year < REFORM_YEAR:
            out["SO_HUYEN_DAT_CHUAN"] = f.districts_ntm or 0
        out["SO_KDC_KIEU_MAU"] = f.kdc_total
        out["SO_THON_DAT_CHUAN"] = f.thon_total
        out["TONG_VON"] = tidy(sum(f.funding[k] for k in FUNDING_SHARES))
        out["VON_CONG_DONG"] = tidy(f.funding["6"])
        out["OCOP_3_SAO"], out["OCOP_4_SAO"], out["OCOP_5_SAO"] = f.ocop_valid
        return out


def commune_group(pc: str, commune_code: str) -> int:
    """A commune's group of the 2026-2030 set: Lạng Sơn's are mostly mountain communes of
    Areas II and III (group 2); Cần Thơ's mostly group 3, with peri-urban ones (group 1) and
    a few Khmer communes of former Sóc Trăng (group 2)."""
    weights = (8, 72, 20) if pc == "20" else (25, 10, 65)
    return topic_rng("commune-group", commune_code).choices((1, 2, 3), weights=weights)[0]
