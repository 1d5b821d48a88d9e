"""The national series of ``domain.md`` and the year-end targets the simulation is calibrated to.

The published figures are dated (end 2018, October 2019, June 2021, ...), the simulation
keeps year-end states (and 30 June 2025, the last day of the legacy map). A published
figure is compared with the simulated value at its date, interpolated linearly between the
two year ends around it. The targets below are chosen so that those interpolations land on
the published figures; the simulation allocates recognitions nationally by rank, so it meets
its targets exactly, and :func:`check_series` proves it on the simulated communes.

One difference is structural: the legacy map of ``vietnam_provinces`` is a late-2024
snapshot with 7,717 rural communes, while the country had about 8,900 in 2018 and 8,267 in
2021 (mergers since). Communes that merged away before the snapshot have no real code, so
they are not simulated; the share of NTM communes is calibrated, and counts of NTM communes
are therefore lower than published in early years (reported, not checked).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

TOLERANCE = 0.10
"""Simulated national figures must lie within 10 % of the published ones."""

MID_2025 = 2025.5
"""30 June 2025, the last state of the legacy map (key of the mid-year targets)."""

# Share of rural communes recognized as NTM at the end of each year (legacy map). Before
# 2016 only for the recognition years of communes that were already NTM in 2016.
NTM_SHARE = {2011: 0.006, 2012: 0.025, 2013: 0.055, 2014: 0.095, 2015: 0.17, 2016: 0.262,
             2017: 0.335, 2018: 0.424, 2019: 0.544, 2020: 0.624, 2021: 0.675, 2022: 0.72,
             2023: 0.752, 2024: 0.78, MID_2025: 0.793}
ADVANCED = {2018: 5, 2019: 76, 2020: 230, 2021: 470, 2022: 1058, 2023: 1600, 2024: 2250,
            MID_2025: 2567}
"""Advanced (nâng cao) communes, cumulative; the level exists from 2018."""
MODEL = {2019: 5, 2020: 20, 2021: 56, 2022: 110, 2023: 242, 2024: 560, MID_2025: 743}
"""Model (kiểu mẫu) communes, cumulative; the first were recognized in 2019."""
DISTRICTS = {2014: 20, 2015: 30, 2016: 43, 2017: 50, 2018: 61, 2019: 115, 2020: 170,
             2021: 214, 2022: 280, 2023: 290, 2024: 300, MID_2025: 329}
"""District-level units recognized as NTM (or having completed the task), cumulative."""
OCOP_PRODUCTS = {2018: 900, 2019: 2450, 2020: 4469, 2021: 6100, 2022: 8300, 2023: 10300,
                 2024: 14642, 2025: 18400}
"""OCOP products rated 3 stars or more, cumulative (the programme started in 2018)."""


@dataclass(frozen=True)
class Published:
    """One figure of ``domain.md``'s national series."""

    label: str
    when: float
    """Decimal year: ``2019 + 10/12`` is the end of October 2019."""
    metric: str
    """``ntm_share``, ``advanced``, ``model``, ``ocop_products`` or ``districts_ntm``."""
    value: float
    checked: bool = True
    """False for figures reported beside the check (district-level units)."""


def _at(year: int, month: int) -> float:
    return year + month / 12


PUBLISHED = (
    Published("end 2018", 2019.0, "ntm_share", 0.424),
    Published("Oct 2019", _at(2019, 10), "ntm_share", 0.524),
    Published("Oct 2019", _at(2019, 10), "advanced", 63),
    Published("Jun 2021", _at(2021, 6), "ntm_share", 0.646),
    Published("Jun 2021", _at(2021, 6), "advanced", 351),
    Published("Jun 2021", _at(2021, 6), "model", 38),
    Published("Jun 2022", _at(2022, 6), "ntm_share", 0.702),
    Published("Jun 2022", _at(2022, 6), "advanced", 764),
    Published("Jun 2022", _at(2022, 6), "model", 83),
    Published("Jun 2023", _at(2023, 6), "ntm_share", 0.737),
    Published("Jun 2023", _at(2023, 6), "advanced", 1331),
    Published("Jun 2023", _at(2023, 6), "model", 176),
    Published("Oct 2024", _at(2024, 10), "ntm_share", 0.774),
    Published("Jun 2025", _at(2025, 6), "ntm_share", 0.793),
    Published("Jun 2025", _at(2025, 6), "advanced", 2567),
    Published("Jun 2025", _at(2025, 6), "model", 743),
    Published("end 2020", 2021.0, "ocop_products", 4469),
    Published("Dec 2023", 2024.0, "ocop_products", 10300),
    Published("end 2024", 2025.0, "ocop_products", 14642),
    Published("mid 2025", _at(2025, 6), "ocop_products", 16500),
    Published("end 2018", 2019.0, "districts_ntm", 61, checked=False),
    Published("Oct 2019", _at(2019, 10), "districts_ntm", 109, checked=False),
    Published("Jun 2021", _at(2021, 6), "districts_ntm", 192, checked=False),
    Published("Jun 2022", _at(2022, 6), "districts_ntm", 249, checked=False),
    Published("Oct 2024", _at(2024, 10), "districts_ntm", 296, checked=False),
    Published("Jun 2025", _at(2025, 6), "districts_ntm", 329, checked=False),
)


@dataclass(frozen=True)
class SeriesCheck:
    """A published figure beside the simulated one at the same date."""

    label: str
    metric: str
    published: float
    simulated: float
    checked: bool

    @property
    def deviation(self) -> float:
        return self.simulated / self.published - 1

    @property
    def ok(self) -> bool:
        return not self.checked or abs(self.deviation) <= TOLERANCE


def interpolate(points: dict[float, float], when: float) -> float:
    """Value at ``when`` (decimal year) from values at year ends (key ``y`` = end of ``y``).

    The key ``MID_2025`` is 30 June 2025; ``when`` is measured from 1 January, so the end of
    ``y`` is ``y + 1``.
    """
    xs = sorted((k + 1 if float(k).is_integer() else k, v) for k, v in points.items())
    for (x0, v0), (x1, v1) in itertools.pairwise(xs):
        if x0 <= when <= x1:
            return v0 + (v1 - v0) * (when - x0) / (x1 - x0)
    raise ValueError(f"no simulated values around {when}")


def check_series(simulated: dict[str, dict[float, float]]) -> list[SeriesCheck]:
    """Compare simulated values (metric -> year-end key -> value) with ``PUBLISHED``."""
    return [SeriesCheck(p.label, p.metric, p.value, round(interpolate(simulated[p.metric], p.when),
                                                          4), p.checked)
            for p in PUBLISHED]
