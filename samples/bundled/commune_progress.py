"""How each commune's criteria and NTM levels evolve year by year (the truth behind B01).

A commune's criteria only grow, so an NTM commune keeps all 19; levels come in order (NTM,
then advanced, then model). A 2025 commune formed by merger is re-assessed from its
predecessors (:func:`merge_statuses`), so its history follows from theirs. In 2026 every
commune is assessed afresh against the 10 criteria of the 2026-2030 set
(:func:`assess_new_set`); its recognitions stand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from samples.bundled.scope import LEGACY_YEARS, N_CRITERIA, N_CRITERIA_2026, topic_rng


@dataclass(frozen=True)
class Profile:
    """How fast a province's communes progress (mountain provinces start lower)."""

    ntm_share: float
    """Share of communes already NTM at the end of 2018."""
    start_mean: float
    """Mean criteria met at the end of 2018 by the communes not yet NTM."""
    gain: float
    """Yearly chance that an unmet criterion becomes met, before the difficulty weight."""
    advanced: float
    model: float


PROFILES = {
    "20": Profile(0.30, 10.5, 0.26, 0.07, 0.10),
    "93": Profile(0.55, 14.5, 0.45, 0.14, 0.15),
    "92": Profile(0.60, 15.0, 0.45, 0.14, 0.15),
    "94": Profile(0.50, 14.0, 0.40, 0.12, 0.12),
}

# Relative ease of each criterion: income, poverty, production and environment lag behind,
# planning, electricity, telecoms and defence are met early almost everywhere.
EASE = (1.3, 0.8, 1.08, 1.3, 0.86, 0.92, 1.03, 1.3, 0.97, 0.75,
        0.75, 1.08, 0.86, 1.08, 1.14, 1.08, 0.75, 1.08, 1.3)
# The same for the 10 criteria of 2026-2030: planning, political system and law/security
# first; rural economy, training, poverty and digital transformation last.
EASE_2026 = (1.3, 0.9, 0.75, 0.8, 1.0, 0.8, 0.7, 0.9, 1.25, 1.3)


@dataclass(frozen=True)
class Status:
    """A commune at a year end: criteria met and the years it reached each level."""

    met: frozenset[int]
    ntm_year: int | None = None
    advanced_year: int | None = None
    model_year: int | None = None

    @property
    def count(self) -> int:
        return len(self.met)


def initial_status(rng: random.Random, p: Profile, urban: bool) -> Status:
    if rng.random() < p.ntm_share + (0.3 if urban else 0.0):
        return Status(frozenset(range(1, N_CRITERIA + 1)), ntm_year=rng.randint(2013, 2018))
    k = max(3, min(N_CRITERIA - 1, round(rng.gauss(p.start_mean, 3.0))))
    met: set[int] = set()
    while len(met) < k:  # weighted sampling without replacement: easy criteria first
        met.add(rng.choices(range(1, N_CRITERIA + 1), weights=EASE)[0])
    return Status(frozenset(met))


def step_status(rng: random.Random, s: Status, year: int, p: Profile, urban: bool) -> Status:
    """One year of progress. Criteria are never lost, so an NTM commune stays at 19."""
    boost = 1.4 if urban else 1.0
    met = set(s.met)
    for c in range(1, N_CRITERIA + 1):
        if c not in met and rng.random() < p.gain * EASE[c - 1] * boost:
            met.add(c)
    ntm, adv, model = s.ntm_year, s.advanced_year, s.model_year
    if ntm is None and len(met) == N_CRITERIA:
        ntm = year
    # Advanced only the year after NTM at the earliest; model only after advanced.
    if ntm is not None and ntm < year and adv is None and rng.random() < p.advanced * boost:
        adv = year
    if adv is not None and adv < year and model is None and year >= 2020 \
            and rng.random() < p.model:
        model = year
    return Status(frozenset(met), ntm, adv, model)


def simulate_commune(code: str, p: Profile, urban: bool) -> dict[int, Status]:
    """Year-end status of a legacy commune for every legacy year."""
    rng = topic_rng("commune", code)
    s = initial_status(rng, p, urban)
    history = {}
    for year in LEGACY_YEARS:
        s = step_status(rng, s, year, p, urban)
        history[year] = s
    return history


def merge_statuses(parts: list[Status]) -> Status:
    """Status of a commune formed by merging others, as a province re-assesses it.

    A criterion counts as met where most (over half) of the predecessors met it. A level is
    kept only when every predecessor had it (from the latest of their years); a merged
    commune that meets all criteria without that is recognized anew in its next year.
    The level order is preserved because each predecessor's years are ordered.
    """
    met = frozenset(c for c in range(1, N_CRITERIA + 1)
                    if 2 * sum(c in s.met for s in parts) > len(parts))

    def level(years: list[int | None]) -> int | None:
        return None if any(y is None for y in years) else max(y for y in years if y)

    return Status(met, level([s.ntm_year for s in parts]),
                  level([s.advanced_year for s in parts]), level([s.model_year for s in parts]))


def assess_new_set(rng: random.Random, s: Status, year: int, p: Profile) -> Status:
    """A commune's first assessment against the 10 criteria of the 2026-2030 set.

    The new set is stricter, so counts restart lower: a commune keeps roughly its share of
    the old criteria, less a margin. A commune already recognized keeps its recognition
    years (a new set does not withdraw them) and mostly meets the new set too, but some fall
    short of one or two criteria for now. A commune not yet recognized is recognized in
    ``year`` only when it meets all 10; new advanced and model recognitions need all 10 as
    well, and otherwise follow :func:`step_status`.
    """
    n = N_CRITERIA_2026
    if s.ntm_year is not None:
        k = n if rng.random() < 0.72 else n - rng.choice([1, 1, 2])
    else:
        share = s.count / N_CRITERIA
        k = max(1, min(n, round(n * share * rng.uniform(0.6, 1.05))))
    met: set[int] = set()
    while len(met) < k:  # weighted sampling without replacement: easy criteria first
        met.add(rng.choices(range(1, n + 1), weights=EASE_2026)[0])
    ntm, adv, model = s.ntm_year, s.advanced_year, s.model_year
    full = len(met) == n
    if ntm is None and full:
        ntm = year
    if full and ntm is not None and ntm < year and adv is None and rng.random() < p.advanced:
        adv = year
    if full and adv is not None and adv < year and model is None and rng.random() < p.model:
        model = year
    return Status(frozenset(met), ntm, adv, model)
