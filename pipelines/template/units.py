"""Who reports for a year and what a template is pre-filled with, from the reference map.

A template is written without a warehouse: the units and communes come from the installed
reference package (``pipelines.reference.admin_units``), the map in force for the year (the
late-2024 three-tier map up to 2024, the two-tier map from 2025), and the codes and labels
from the dbt seeds that the warehouse itself loads, so a template can only name what the
warehouse will recognise.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.errors import UserError
from pipelines.ingest.thongtin import default_criteria_set
from pipelines.reporting_years import REFORM_YEAR
from pipelines.settings import DBT_PROJECT_DIR


@dataclass(frozen=True)
class Unit:
    level: str  # district or province
    unit_code: str
    name: str
    province_code: str
    province_name: str
    year: int

    @property
    def era(self) -> str:
        return _era(self.year)

    @property
    def criteria_set(self) -> str:
        return default_criteria_set(self.year)

    @property
    def file_name(self) -> str:
        return f"{self.unit_code}_{self.year}_r1.xlsx"


def seed(name: str) -> list[dict[str, str]]:
    """Rows of a dbt seed (``dbt_project/seeds/<name>.csv``)."""
    return _seed(name)


@cache
def _seed(name: str) -> list[dict[str, str]]:
    path = Path(DBT_PROJECT_DIR) / "seeds" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _units() -> pl.DataFrame:
    from pipelines.reference.admin_units import admin_units

    return admin_units()


def _era(year: int) -> str:
    return "2025" if year >= REFORM_YEAR else "legacy"


def unit(code: str, year: int) -> Unit:
    """The reporting unit ``code`` in the map of ``year``: a district up to 2024 (3 digits),
    a province (2 digits)."""
    units = _units()
    era = _era(year)
    rows = units.filter((pl.col("unit_code") == code) & (pl.col("era") == era)
                        & pl.col("level").is_in(["district", "province"]))
    if rows.is_empty():
        hint = (" (districts were abolished on 1 July 2025: from 2025 provinces report)"
                if era == "2025" and len(code) == 3 else "")
        raise UserError(f"no district or province has code {code} in the map of {year}{hint}.")
    row = rows.row(0, named=True)
    province = units.filter((pl.col("unit_code") == row["province_code"])
                            & (pl.col("level") == "province") & (pl.col("era") == era))
    return Unit(row["level"], code, row["name"], row["province_code"],
                province.row(0, named=True)["name"], year)


def province_units(province_code: str, year: int) -> list[Unit]:
    """The units of a province that report for ``year``: the province, and up to 2024 each
    of its districts with at least one rural commune (the warehouse expects the same)."""
    province = unit(province_code, year)
    if province.level != "province":
        raise UserError(f"{province_code} is a district, not a province.")
    units = [province]
    if year < REFORM_YEAR:
        table = _units()
        rural = table.filter((pl.col("era") == "legacy") & (pl.col("level") == "commune")
                             & pl.col("is_rural_commune"))["parent_code"].unique().to_list()
        districts = table.filter((pl.col("era") == "legacy") & (pl.col("level") == "district")
                                 & (pl.col("province_code") == province_code)
                                 & pl.col("unit_code").is_in(rural)).sort("unit_code")
        units += [unit(code, year) for code in districts["unit_code"]]
    return units


def communes(of: Unit) -> list[tuple[str, str]]:
    """(code, name) of the rural communes (xã) a unit lists in B01: a district's up to 2024,
    a province's directly from 2025. A province up to 2024 has no B01."""
    table = _units().filter((pl.col("era") == of.era) & (pl.col("level") == "commune")
                            & pl.col("is_rural_commune"))
    if of.level == "district":
        table = table.filter(pl.col("parent_code") == of.unit_code)
    else:
        table = table.filter(pl.col("province_code") == of.unit_code)
    return [(r["unit_code"], r["name"]) for r in table.sort("unit_code").iter_rows(named=True)]
