"""Every rural commune's progress 2016-2025, calibrated to the national series.

The bundled sample lets each commune progress by chance (``commune_progress.step_status``);
over 7,717 communes that would drift from the published national series. Here each commune
has a fixed score (region + province + district + its own draw, plus a bonus in cities and
towns), and recognitions are allocated nationally by rank so that the year-end targets of
``samples.national.series`` are met exactly:

- NTM: at the end of year ``y`` the best ``NTM_SHARE[y]`` of all communes are NTM, so a
  commune's NTM year follows from its rank, and it never loses the title.
- criteria: a commune not yet NTM meets more criteria the closer its score is to the
  year's threshold (never all 19, never fewer than before), the easy ones first
  (``commune_progress.EASE``), so an NTM commune meets all 19 and criteria never fall.
- advanced and model: each year the best-placed eligible communes (NTM, resp. advanced,
  since an earlier year) are promoted until the year's national count is reached.
- districts: a district whose communes are all NTM is recognized, best first, up to the
  year's count; before that it meets some of its nine criteria H1-H9.

The legacy map is followed to 30 June 2025; each commune of the two-tier map is then
re-assessed from its predecessors (``commune_progress.merge_statuses``) and progresses for
the second half of 2025.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from samples.bundled.commune_progress import EASE, Status, merge_statuses
from samples.bundled.scope import N_CRITERIA, District, Province
from samples.national.scope import (
    LEGACY_YEARS,
    REFORM_YEAR,
    REGION_OF,
    REGIONS,
    CommuneRef,
    rng,
)
from samples.national.series import ADVANCED, DISTRICTS, MID_2025, MODEL, NTM_SHARE

PROVINCE_SD = 0.3
DISTRICT_SD = 0.45
COMMUNE_SD = 0.5
URBAN_BONUS = 0.6
CRITERIA_PER_SD = 5.0
"""How many criteria a commune lacks per unit of score below the year's NTM threshold."""
FEWEST_CRITERIA = 3
LEVEL_NOISE = 0.6
"""Spread of the advanced and model ranking around the commune score."""
H2_2025_GAIN = 0.25
"""Chance that a criterion still unmet on a merged commune is met by the end of 2025."""
H2_2025_RECOGNIZED = 0.35
"""Chance that a merged commune meeting all criteria is recognized before the end of 2025
(most re-assessments of merged communes were still pending)."""
H2_2025_ADVANCED = 0.03


@dataclass(frozen=True)
class Trajectory:
    """A legacy commune's whole trajectory: criteria order, counts by year, level years."""

    order: tuple[int, ...]
    """Its criteria, easiest first: it meets the first ``count`` of them."""
    counts: dict[float, int]
    """Criteria met at each year end (and at ``MID_2025``)."""
    ntm_year: int | None
    advanced_year: int | None
    model_year: int | None

    def status(self, when: float) -> Status:
        """Year-end status (``when`` a year, or ``MID_2025``)."""

        def upto(y: int | None) -> int | None:
            return y if y is not None and y <= when else None

        return Status(frozenset(self.order[:self.counts[when]]), upto(self.ntm_year),
                      upto(self.advanced_year), upto(self.model_year))


def _easy_first(seed: int, code: str) -> tuple[int, ...]:
    r = rng(seed, "criteria-order", code)
    # Weighted sampling without replacement (Efraimidis-Spirakis keys).
    keys = {c: r.random() ** (1 / EASE[c - 1]) for c in range(1, N_CRITERIA + 1)}
    return tuple(sorted(keys, key=lambda c: -keys[c]))


def scores(seed: int, communes: list[CommuneRef]) -> dict[str, float]:
    """Each commune's fixed score (higher = further ahead)."""
    out = {}
    for c in communes:
        region = REGIONS[REGION_OF[c.province]][0]
        prov = rng(seed, "province-score", c.province).gauss(0, PROVINCE_SD)
        dist = rng(seed, "district-score", c.district).gauss(0, DISTRICT_SD)
        own = rng(seed, "commune-score", c.code).gauss(0, COMMUNE_SD)
        out[c.code] = region + prov + dist + own + (URBAN_BONUS if c.urban else 0.0)
    return out


def _threshold(ranked: list[float], share: float) -> float:
    """Score at or above which the best ``share`` of communes lie."""
    k = round(share * len(ranked))
    return math.inf if k == 0 else ranked[k - 1]


def _promote(targets: dict[float, int], eligible: Callable[[str, int], bool],
             rank: dict[str, float], years: dict[str, int]) -> None:
    """Give level years to the best eligible communes until each year's count is reached."""
    for key in sorted(targets):
        year = int(key)
        wanted = targets[key] - len(years)
        pool = sorted((c for c in rank if c not in years and eligible(c, year)),
                      key=lambda c: (-rank[c], c))
        for c in pool[:max(0, wanted)]:
            years[c] = year


def simulate_paths(seed: int, communes: list[CommuneRef], score: dict[str, float]
                   ) -> dict[str, Trajectory]:
    """Every legacy commune's trajectory, 2016 to 30 June 2025, calibrated nationally.

    ``score`` comes from :func:`scores` over the same (all) communes: ranks are national.
    """
    ranked = sorted(score.values(), reverse=True)
    thresholds = {y: _threshold(ranked, s) for y, s in NTM_SHARE.items()}
    ntm: dict[str, int] = {}
    for code, z in score.items():
        years = [y for y, t in sorted(thresholds.items()) if z >= t]
        if years:
            ntm[code] = int(years[0])
    advanced: dict[str, int] = {}
    rank = {c: z + rng(seed, "level-rank", c).gauss(0, LEVEL_NOISE) for c, z in score.items()}
    _promote(ADVANCED, lambda c, y: c in ntm and ntm[c] < y, rank, advanced)
    model: dict[str, int] = {}
    model_rank = {c: z + rng(seed, "model-rank", c).gauss(0, LEVEL_NOISE)
                  for c, z in rank.items() if c in advanced}
    _promote(MODEL, lambda c, y: advanced[c] < y, model_rank, model)

    paths = {}
    keys = [*LEGACY_YEARS, MID_2025]
    for c in communes:
        z = score[c.code]
        jitter = rng(seed, "criteria-jitter", c.code).gauss(0, 1.0)
        counts: dict[float, int] = {}
        last = FEWEST_CRITERIA
        for key in keys:
            if c.code in ntm and ntm[c.code] <= key:
                n = N_CRITERIA
            else:
                gap = (thresholds[key] - z) * CRITERIA_PER_SD
                n = max(FEWEST_CRITERIA, min(N_CRITERIA - 1, round(18.6 - gap + jitter)))
            last = max(last, n)
            counts[key] = last
        paths[c.code] = Trajectory(_easy_first(seed, c.code), counts, ntm.get(c.code),
                             advanced.get(c.code), model.get(c.code))
    return paths


def district_levels(seed: int, provinces: Iterable[Province], paths: dict[str, Trajectory],
                    score: dict[str, float]) -> dict[str, int]:
    """Year each district was recognized as an NTM district (only those recognized)."""
    districts = [d for p in provinces for d in p.districts]
    rank = {d.unit.code: sum(score[c.code] for c in d.communes) / len(d.communes)
            + rng(seed, "district-rank", d.unit.code).gauss(0, 0.3) for d in districts}
    all_ntm = {d.unit.code: max(paths[c.code].ntm_year or 9999 for c in d.communes)
               for d in districts}
    years: dict[str, int] = {}
    _promote(DISTRICTS, lambda d, y: all_ntm[d] <= y, rank, years)
    return years


def district_criteria(seed: int, d: District, year: int, ntm_year: int | None) -> frozenset[int]:
    """H1-H9 met in ``year``: a few at first, growing; all nine once recognized."""
    if ntm_year is not None and ntm_year <= year:
        return frozenset(range(1, 10))
    r = rng(seed, "district-h", d.unit.code)
    order = r.sample(range(1, 10), 9)
    first = r.randint(2, 6)
    grown = first + (year - LEGACY_YEARS.start) * r.choice([0.3, 0.5, 0.8])
    return frozenset(order[:min(8, int(grown))])


def reform_status(seed: int, code: str, parts: list[Status]) -> Status:
    """A 2025 commune at the end of 2025, from its predecessors at 30 June 2025.

    A commune formed only from wards or towns (no legacy xã) starts a little short of NTM.
    """
    r = rng(seed, "reform", code)
    if parts:
        before = merge_statuses(parts)
    else:
        n = max(FEWEST_CRITERIA, min(N_CRITERIA - 1, round(r.gauss(16, 1.5))))
        before = Status(frozenset(_easy_first(seed, code)[:n]))
    met = set(before.met)
    for c in range(1, N_CRITERIA + 1):
        if c not in met and r.random() < H2_2025_GAIN * EASE[c - 1]:
            met.add(c)
    after = replace(before, met=frozenset(met))
    if after.ntm_year is None and after.count == N_CRITERIA:
        if r.random() < H2_2025_RECOGNIZED:
            after = replace(after, ntm_year=REFORM_YEAR)
        else:
            # Met on paper only: a criterion is being re-assessed, so no recognition yet.
            gap = min((c for c in range(1, N_CRITERIA + 1)
                       if not all(c in p.met for p in parts)), default=10)
            after = replace(after, met=after.met - {gap})
    if after.ntm_year is not None and after.ntm_year < REFORM_YEAR \
            and after.advanced_year is None and r.random() < H2_2025_ADVANCED:
        after = replace(after, advanced_year=REFORM_YEAR)
    return after
