"""The template's code lists, read from the dbt seeds, which are their one home.

The marts label codes from ``dbt_project/seeds/``; the ingest needs the same lists to read
a sheet (which B02 codes and names exist, the OCOP product groups, the criteria's names as
headers), so it reads the seed files instead of keeping a second copy.
"""

from __future__ import annotations

import csv
from functools import cache

from pipelines.settings import DBT_PROJECT_DIR

SEEDS = DBT_PROJECT_DIR / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def criteria() -> dict[str, dict[int, str]]:
    """Criterion names by criteria set and number."""
    names: dict[str, dict[int, str]] = {}
    for row in _rows("criteria.csv"):
        names.setdefault(row["criteria_set"], {})[int(row["criterion_no"])] = row["name_vi"]
    return names


@cache
def funding_sources() -> dict[str, str]:
    """B02 source codes (``1`` … ``7``, ``6.1`` … ``6.4``) and their names."""
    return {row["b02_code"]: row["name_vi"] for row in _rows("funding_sources.csv")
            if row["b02_code"]}


@cache
def commune_groups() -> dict[int, str]:
    """The commune groups of Decision 51/2025/QĐ-TTg (1-3) and their names."""
    return {int(row["commune_group"]): row["name_vi"] for row in _rows("commune_groups.csv")}


@cache
def product_groups() -> dict[int, str]:
    """OCOP product groups 1-6 and their names."""
    return {int(row["product_group"]): row["name_vi"] for row in _rows("ocop_product_groups.csv")}


@cache
def money_indicators() -> frozenset[str]:
    """B06 indicators whose value is money (million VND in the template)."""
    return frozenset(row["indicator_code"] for row in _rows("aggregate_indicators.csv")
                     if row["unit_en"] == "million VND")


@cache
def target_units() -> dict[str, str]:
    """B04 indicator codes and the unit the template gives each (``triệu đồng/người/năm``,
    ``%``, ``xã``)."""
    return {row["indicator_code"]: row["unit_vi"] for row in _rows("target_indicators.csv")}


@cache
def aggregate_units() -> dict[str, str]:
    """B06 indicator codes and the unit the template gives each (``xã``, ``triệu đồng``)."""
    return {row["indicator_code"]: row["unit_vi"] for row in _rows("aggregate_indicators.csv")}


@cache
def indicator_names(sheet: str) -> dict[str, str]:
    """The indicator codes of sheet ``B04`` or ``B06`` (the district criteria of ``B05``) and
    their Vietnamese names."""
    seed, key = {"B04": ("target_indicators.csv", "indicator_code"),
                 "B06": ("aggregate_indicators.csv", "indicator_code"),
                 "B05": ("district_criteria.csv", "criterion_code")}[sheet]
    return {row[key]: row["name_vi"] for row in _rows(seed)}
