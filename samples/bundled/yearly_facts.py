"""What one unit truly has in one year (:class:`Facts`): funding, rates, plans, counts.

Funding (B02), rates and next year's plans (B04) are drawn here; commune and OCOP figures
come from ``commune_progress`` and ``ocop``.

Reports are rendered from these facts, never the other way round, so every aggregate a
report shows can be recomputed by the warehouse from the rows below it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from samples.bundled.commune_progress import Status
from samples.bundled.ocop import Certificate
from samples.bundled.scope import Unit, topic_rng

FUNDING_NAMES = [
    ("1", "Ngân sách trung ương"), ("2", "Ngân sách địa phương"), ("3", "Vốn lồng ghép"),
    ("4", "Vốn tín dụng"), ("5", "Doanh nghiệp, hợp tác xã"), ("6", "Cộng đồng dân cư"),
    ("6.1", "Tiền mặt"), ("6.2", "Hiến đất"), ("6.3", "Ngày công lao động"),
    ("6.4", "Hiện vật, khác"), ("7", "Khác"),
]
FUNDING_SHARES = {"1": (0.08, 0.14), "2": (0.12, 0.20), "3": (0.10, 0.18), "4": (0.38, 0.50),
                  "5": (0.04, 0.08), "6.1": (0.020, 0.035), "6.2": (0.012, 0.025),
                  "6.3": (0.012, 0.025), "6.4": (0.006, 0.015), "7": (0.01, 0.03)}
RATE_NAMES = ("THU_NHAP_BQ", "TY_LE_HO_NGHEO", "TY_LE_BHYT", "TY_LE_NUOC_SACH",
              "TY_LE_LD_DAO_TAO", "TY_LE_RAC_THAI")
# (value in 2019, change per year, decimals) by province.
RATE_TRENDS = {
    "20": {"THU_NHAP_BQ": (31.0, 2.6, 1), "TY_LE_HO_NGHEO": (12.5, -1.3, 2),
           "TY_LE_BHYT": (95.0, 0.3, 1), "TY_LE_NUOC_SACH": (58.0, 3.5, 1),
           "TY_LE_LD_DAO_TAO": (52.0, 2.4, 1), "TY_LE_RAC_THAI": (55.0, 4.0, 1)},
    "93": {"THU_NHAP_BQ": (42.0, 3.1, 1), "TY_LE_HO_NGHEO": (4.6, -0.55, 2),
           "TY_LE_BHYT": (89.0, 1.2, 1), "TY_LE_NUOC_SACH": (72.0, 3.0, 1),
           "TY_LE_LD_DAO_TAO": (58.0, 2.2, 1), "TY_LE_RAC_THAI": (68.0, 3.6, 1)},
}
RATE_TRENDS["92"] = RATE_TRENDS["93"]
COUNT_TARGETS = ("XA_DAT_CHUAN_MOI", "XA_NANG_CAO_MOI", "XA_KIEU_MAU_MOI",
                 "THON_DAT_CHUAN_MOI", "KDC_KIEU_MAU_MOI", "OCOP_3SAO_MOI")


@dataclass
class Facts:
    """What one unit truly has in one year; submissions are rendered from it."""

    unit: Unit
    level: str
    province: Unit
    year: int
    statuses: list[tuple[Unit, Status]]
    funding: dict[str, float]
    land_m2: int
    labour_days: int
    certificates: list[Certificate]
    ocop_valid: tuple[int, int, int]
    thon_new: int
    thon_total: int
    kdc_new: int
    kdc_total: int
    rates: dict[str, float]
    plans: dict[str, float | None]
    """This year's target per B04 indicator (made last year)."""
    next_plans: dict[str, float | None]
    h_met: frozenset[int] = frozenset()
    district_ntm_year: int | None = None
    districts_ntm: int | None = None
    lists_communes: bool = True
    """False for a legacy province: its B01 figures come from its districts."""
    groups: dict[str, int] = field(default_factory=dict)
    """2026+: each commune's group of the 2026-2030 set (B01 ``Nhóm xã``), by commune code."""


def commune_aggregates(statuses: Iterable[Status], year: int) -> dict[str, int | float]:
    """B06 figures that follow from commune rows (what the warehouse recomputes)."""
    ss = list(statuses)
    n = len(ss)
    total = sum(s.count for s in ss)

    def upto(y: int | None) -> bool:
        return y is not None and y <= year

    return {
        "SO_XA": n,
        "SO_XA_DAT_CHUAN": sum(upto(s.ntm_year) for s in ss),
        "SO_XA_DAT_CHUAN_MOI": sum(s.ntm_year == year for s in ss),
        "SO_XA_NANG_CAO": sum(upto(s.advanced_year) for s in ss),
        "SO_XA_KIEU_MAU": sum(upto(s.model_year) for s in ss),
        "TONG_TC": total,
        "TC_BINH_QUAN": round(total / n, 2) if n else 0.0,
        "SO_XA_19_TC": sum(s.count == 19 for s in ss),
        "SO_XA_15_18_TC": sum(15 <= s.count <= 18 for s in ss),
        "SO_XA_10_14_TC": sum(10 <= s.count <= 14 for s in ss),
        "SO_XA_5_9_TC": sum(5 <= s.count <= 9 for s in ss),
        "SO_XA_DUOI_5_TC": sum(s.count < 5 for s in ss),
        "XA_NANG_CAO_MOI": sum(s.advanced_year == year for s in ss),
        "XA_KIEU_MAU_MOI": sum(s.model_year == year for s in ss),
        "XA_DUOI_10_TC": sum(s.count < 10 for s in ss),
    }


def draw_funding(rng: random.Random, scale: float, year: int, decimals: int
             ) -> tuple[dict[str, float], int, int]:
    """B02 values in million VND, with the community total equal to its parts."""
    total = scale * (1 + 0.07 * (year - 2019)) * rng.uniform(0.88, 1.12)
    values = {code: round(total * rng.uniform(*share), decimals) if decimals else
              float(round(total * rng.uniform(*share)))
              for code, share in FUNDING_SHARES.items()}
    values["6"] = round(sum(values[c] for c in ("6.1", "6.2", "6.3", "6.4")), decimals)
    land_m2 = round(values["6.2"] / rng.uniform(0.15, 0.35))
    labour_days = round(values["6.3"] / rng.uniform(0.22, 0.30))
    return values, land_m2, labour_days


def draw_rates(code: str, pc: str, year: int) -> dict[str, float]:
    rng = topic_rng("rates", code, year)
    unit_offset = topic_rng("rates", code)
    out = {}
    for name in RATE_NAMES:
        start, slope, decimals = RATE_TRENDS[pc][name]
        base = start * unit_offset.uniform(0.9, 1.1)
        value = base + slope * (year - 2019) + rng.uniform(-0.3, 0.3) * abs(slope)
        cap = 99.5 if name.startswith("TY_LE") else 1e9
        out[name] = round(max(0.2, min(cap, value)), decimals)
    return out


def plan_next(rng: random.Random, actual: dict[str, float], remaining: dict[str, int],
              n_criteria: int = 19) -> dict[str, float | None]:
    """Next year's targets: a little above this year's results, within what is possible
    (the average criteria per commune at most ``n_criteria``, the size of the set)."""
    plans: dict[str, float | None] = {}
    for code in COUNT_TARGETS:
        guess = max(0, round(actual.get(code, 0) + rng.choice([-1, 0, 0, 1, 1, 2])))
        plans[code] = float(min(guess, remaining.get(code, guess)))
    plans["TC_BINH_QUAN"] = round(min(float(n_criteria),
                                      actual["TC_BINH_QUAN"] + rng.uniform(0.2, 0.8)), 1)
    plans["XA_DUOI_10_TC"] = None
    for name in RATE_NAMES:
        step = RATE_TRENDS["20"][name][1]
        value = actual[name] + step * rng.uniform(0.8, 1.3)
        # A rate stays a percentage: a falling poverty rate must not be planned below 0.
        plans[name] = round(min(99.5, max(0.0, value)) if name.startswith("TY_LE") else value, 1)
    return plans


def remaining_to_reach(statuses: Iterable[tuple[object, Status]]) -> dict[str, int]:
    """Communes that can still reach each status: the ceiling of a count target."""
    found = [s for _, s in statuses]
    return {"XA_DAT_CHUAN_MOI": sum(s.ntm_year is None for s in found),
            "XA_NANG_CAO_MOI": sum(s.ntm_year is not None and s.advanced_year is None
                                   for s in found),
            "XA_KIEU_MAU_MOI": sum(s.advanced_year is not None and s.model_year is None
                                   for s in found)}


def weighted_mean(values: list[float | None], weights: list[int], decimals: int
                  ) -> float | None:
    """A province's figure from its districts', weighted by their communes; None when any
    district lacks it (a province does not report a figure it cannot compute)."""
    if any(v is None for v in values):
        return None
    total = sum(float(v or 0) * w for v, w in zip(values, weights, strict=True))
    return round(total / sum(weights), decimals)


def province_plans(districts: list[Facts], attr: str) -> dict[str, float | None]:
    """A province's B04 plans (``plans`` or ``next_plans``) from its districts': count
    targets add up, rates are commune-weighted means."""
    weights = [len(f.statuses) for f in districts]
    out: dict[str, float | None] = {}
    for code in getattr(districts[0], attr):
        values = [getattr(f, attr)[code] for f in districts]
        if code in COUNT_TARGETS:
            out[code] = None if None in values else float(sum(values))
        else:
            out[code] = weighted_mean(values, weights, 1)
    return out


def tidy(x: float) -> int | float:
    x = round(x, 4)
    return int(x) if x.is_integer() else x
