"""Vietnam's administrative units before and after the 1 July 2025 reform, as reference data.

Why this module exists: NTM submissions name units by GSO code, and the same code can mean
different places in the two maps (province 15 is Yên Bái before the reform, Lào Cai after).
Every unit is therefore stored together with its era, and the old-to-new mapping lets a
series reported on the old map be shown on today's 34 provinces.

Everything is read from the installed ``vietnam-provinces`` package, never typed by hand:

- ``vietnam_provinces.legacy``: the three-tier map in force until 30 June 2025 (a late-2024
  snapshot: 63 provinces, 696 districts, 10,051 communes/wards/towns).
- ``vietnam_provinces``: the two-tier map in force from 1 July 2025 (34 provinces, 3,321
  communes/wards/special zones, no districts).
- ``vietnam_provinces._ward_conversion_2025``: the official old-to-new ward table. It is a
  private module, but it is the only place that says whether an old unit was split
  (``is_partly_merged``) and the only one that keeps old codes missing from the legacy
  snapshot; the public ``Ward.search_from_legacy`` gives neither. Tests cross-check it
  against the public API so that a package change is noticed.

Both public functions are cached: the package import and the frame building take about a
second, and the pipeline asks for these frames many times.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Protocol

import polars as pl
import vietnam_provinces as vp
from vietnam_provinces import legacy

LEGACY_ERA = "legacy"
REFORM_ERA = "2025"

PROVINCE = "province"
DISTRICT = "district"
COMMUNE = "commune"

# GSO code widths: the package stores codes as integers, which loses the leading zeros that
# statisticians and submissions use ("01" for Hà Nội, "00004" for Phường Ba Đình).
CODE_WIDTH: Mapping[str, int] = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}

# Only rural communes (xã) take part in the programme; wards, towns and special zones do not.
RURAL_COMMUNE_TYPE = "xã"

MATCH_PACKAGE = "package"
MATCH_PROVINCE_FALLBACK = "province_fallback"

ADMIN_UNIT_SCHEMA: Mapping[str, pl.DataType] = {
    "unit_code": pl.String(),
    "level": pl.String(),
    "division_type": pl.String(),
    "is_rural_commune": pl.Boolean(),
    "name": pl.String(),
    "parent_code": pl.String(),
    "province_code": pl.String(),
    "era": pl.String(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
}

MAPPING_SCHEMA: Mapping[str, pl.DataType] = {
    "old_level": pl.String(),
    "old_code": pl.String(),
    "old_province_code": pl.String(),
    "new_level": pl.String(),
    "new_code": pl.String(),
    "new_province_code": pl.String(),
    "is_split": pl.Boolean(),
    "is_partly_merged": pl.Boolean(),
    "match": pl.String(),
    "old_in_legacy_map": pl.Boolean(),
}

_LEVEL_ORDER = {PROVINCE: 0, DISTRICT: 1, COMMUNE: 2}


class _OldWardRef(Protocol):
    """Shape of ``_ward_conversion_2025.OldWardRef``, typed here because the module is private."""

    code: int
    district_code: int
    province_code: int
    is_partly_merged: bool


class _NewWardRef(Protocol):
    """Shape of ``_ward_conversion_2025.NewWardRef``."""

    code: int
    province_code: int


class _ConversionEntry(Protocol):
    """Shape of ``_ward_conversion_2025.OldToNewEntry``."""

    old_ward: _OldWardRef
    new_wards: tuple[_NewWardRef, ...]


def gso_code(value: int, level: str) -> str:
    """Zero-pad a package integer code to its GSO width, because codes are text everywhere."""
    return str(int(value)).zfill(CODE_WIDTH[level])


def _ward_conversion() -> tuple[Mapping[int, _ConversionEntry], date]:
    """Return the package's old-to-new ward table and the reform's effective date.

    Why the private module: see the module docstring (split flag and old codes that the
    public API drops). Imported lazily so that a missing module fails with a clear message.
    """
    try:
        from vietnam_provinces import _ward_conversion_2025 as conversion
    except ImportError as exc:  # pragma: no cover - only on an incompatible package version
        msg = (
            "vietnam-provinces no longer ships _ward_conversion_2025; "
            "the admin-unit mapping must be adapted to the new package version"
        )
        raise RuntimeError(msg) from exc
    return conversion.OLD_TO_NEW, date.fromisoformat(conversion.EFFECTIVE_DATE)


def reform_date() -> date:
    """First day of the two-tier map (1 July 2025), as the package states it."""
    return _ward_conversion()[1]


def _frame(rows: Iterable[tuple[object, ...]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Build a frame with a fixed schema so that empty or all-null columns keep their types."""
    return pl.DataFrame(list(rows), schema=dict(schema), orient="row")


def _unit_row(
    code: str,
    level: str,
    division_type: str,
    name: str,
    parent_code: str | None,
    province_code: str,
    era: str,
    valid: tuple[date | None, date | None],
) -> tuple[object, ...]:
    """One admin_units row in schema order; is_rural_commune is derived, never passed in."""
    is_rural = level == COMMUNE and division_type == RURAL_COMMUNE_TYPE
    return (code, level, division_type, is_rural, name, parent_code, province_code, era, *valid)


def _legacy_rows(valid_to: date) -> list[tuple[object, ...]]:
    """Rows for the three-tier map; valid_from stays null since the package does not date units."""
    valid = (None, valid_to)
    district_province = {
        d.code.value: gso_code(d.province_code.value, PROVINCE) for d in legacy.District.iter_all()
    }
    rows = [
        _unit_row(code, PROVINCE, str(p.division_type), p.name, None, code, LEGACY_ERA, valid)
        for p in legacy.Province.iter_all()
        for code in [gso_code(p.code.value, PROVINCE)]
    ]
    rows += [
        _unit_row(
            gso_code(d.code.value, DISTRICT),
            DISTRICT,
            str(d.division_type),
            d.name,
            district_province[d.code.value],
            district_province[d.code.value],
            LEGACY_ERA,
            valid,
        )
        for d in legacy.District.iter_all()
    ]
    rows += [
        _unit_row(
            gso_code(w.code.value, COMMUNE),
            COMMUNE,
            str(w.division_type),
            w.name,
            gso_code(w.district_code.value, DISTRICT),
            district_province[w.district_code.value],
            LEGACY_ERA,
            valid,
        )
        for w in legacy.Ward.iter_all()
    ]
    return rows


def _reform_rows(valid_from: date) -> list[tuple[object, ...]]:
    """Rows for the two-tier map: communes hang directly under their province."""
    valid = (valid_from, None)
    rows = [
        _unit_row(code, PROVINCE, str(p.division_type), p.name, None, code, REFORM_ERA, valid)
        for p in vp.Province.iter_all()
        for code in [gso_code(p.code.value, PROVINCE)]
    ]
    rows += [
        _unit_row(
            gso_code(w.code.value, COMMUNE),
            COMMUNE,
            str(w.division_type),
            w.name,
            province,
            province,
            REFORM_ERA,
            valid,
        )
        for w in vp.Ward.iter_all()
        for province in [gso_code(w.province_code.value, PROVINCE)]
    ]
    return rows


@cache
def _admin_units() -> pl.DataFrame:
    """Build the unit table once per process (see ``admin_units``)."""
    valid_from = reform_date()
    rows = _legacy_rows(valid_from - timedelta(days=1)) + _reform_rows(valid_from)
    return _frame(rows, ADMIN_UNIT_SCHEMA).sort(
        pl.col("era").replace_strict({LEGACY_ERA: 0, REFORM_ERA: 1}, return_dtype=pl.Int8),
        pl.col("level").replace_strict(_LEVEL_ORDER, return_dtype=pl.Int8),
        "unit_code",
    )


def admin_units() -> pl.DataFrame:
    """All administrative units of both maps, one row per (unit_code, level, era).

    Columns: unit_code (zero-padded GSO code), level (province/district/commune; wards,
    towns and special zones are communes too), division_type (Vietnamese type from the
    package), is_rural_commune (division type xã: only these are in the programme), name,
    parent_code (district for legacy communes, province for legacy districts and for
    2025-era communes, null for provinces), province_code, era (legacy/2025), valid_from,
    valid_to.

    Legacy units have ``valid_from`` null on purpose: the package is a late-2024 snapshot and
    does not say when each old unit was created, and inventing a start date would make
    earlier reports look invalid. They end the day before the reform (30 June 2025).
    Units that existed in a reporting year but are missing from the snapshot (merged before
    it was taken) are not here; the pipeline must keep and flag them, not drop them.

    Returns a fresh frame each call (the cached one is cloned) so callers cannot alter it.
    """
    return _admin_units().clone()


def _commune_mapping(
    conversion: Mapping[int, _ConversionEntry],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Map every legacy commune to its new ward(s); return the rows and the unmatched communes.

    The old unit's district and province come from the legacy map, not from the conversion
    table, because the table carries a wrong province for a few wards (e.g. 27691, a ward of
    Tân An in Long An, is labelled Tiền Giang there).
    """
    rows: list[tuple[object, ...]] = []
    unmatched: list[tuple[str, str, str]] = []
    legacy_codes: set[int] = set()
    district_province = {d.code.value: d.province_code.value for d in legacy.District.iter_all()}
    for w in legacy.Ward.iter_all():
        code = w.code.value
        legacy_codes.add(code)
        old_code = gso_code(code, COMMUNE)
        district = gso_code(w.district_code.value, DISTRICT)
        province = gso_code(district_province[w.district_code.value], PROVINCE)
        entry = conversion.get(code)
        if entry is None:
            unmatched.append((old_code, district, province))
            continue
        rows.extend(_package_rows(entry, old_code, district, province, in_legacy=True))
    # Old codes that the conversion table knows but the late-2024 snapshot does not (units
    # changed between the snapshot and the reform): kept, since a report may still use them.
    for code, entry in conversion.items():
        if code not in legacy_codes:
            ref = entry.old_ward
            rows.extend(
                _package_rows(
                    entry,
                    gso_code(code, COMMUNE),
                    gso_code(ref.district_code, DISTRICT),
                    gso_code(ref.province_code, PROVINCE),
                    in_legacy=False,
                )
            )
    schema = {"old_district_code": pl.String(), **MAPPING_SCHEMA}
    unmatched_schema = {
        "old_code": pl.String(),
        "old_district_code": pl.String(),
        "old_province_code": pl.String(),
    }
    return _frame(rows, schema), _frame(unmatched, unmatched_schema)


def _package_rows(
    entry: _ConversionEntry, old_code: str, district: str, province: str, *, in_legacy: bool
) -> list[tuple[object, ...]]:
    """One mapping row per new ward of an entry; the old district leads, for the roll-ups."""
    new_codes = {nw.code: nw.province_code for nw in entry.new_wards}
    is_split = len(new_codes) > 1
    return [
        (
            district,
            COMMUNE,
            old_code,
            province,
            COMMUNE,
            gso_code(new, COMMUNE),
            gso_code(new_province, PROVINCE),
            is_split,
            entry.old_ward.is_partly_merged,
            MATCH_PACKAGE,
            in_legacy,
        )
        for new, new_province in new_codes.items()
    ]


def _province_pairs(communes: pl.DataFrame) -> pl.DataFrame:
    """Old province -> new province pairs, derived from where each province's communes went.

    Derived rather than read from ``Province.search_from_legacy`` because the package builds
    that table from the ward table's mislabelled provinces, so it claims for example that
    Tiền Giang went partly to Tây Ninh. Provinces with no matched commune (none in 2026.9.0)
    fall back to the public API.
    """
    pairs = (
        communes.filter(pl.col("old_in_legacy_map"))
        .select("old_province_code", "new_province_code")
        .unique()
    )
    known = set(pairs["old_province_code"].to_list())
    extra = [
        (gso_code(p.code.value, PROVINCE), gso_code(hit.province.code.value, PROVINCE))
        for p in legacy.Province.iter_all()
        if gso_code(p.code.value, PROVINCE) not in known
        for hit in vp.Province.search_from_legacy(code=p.code.value)
    ]
    schema = {"old_province_code": pl.String(), "new_province_code": pl.String()}
    return pl.concat([pairs, _frame(extra, schema)])


def _fallback_rows(unmatched: pl.DataFrame, province_pairs: pl.DataFrame) -> pl.DataFrame:
    """Place communes without a new ward in the new province(s) their old province went to."""
    return unmatched.join(province_pairs, on="old_province_code", how="left").with_columns(
        old_level=pl.lit(COMMUNE),
        new_level=pl.lit(PROVINCE),
        new_code=pl.col("new_province_code"),
        is_split=pl.len().over("old_code") > 1,
        is_partly_merged=pl.lit(None, dtype=pl.Boolean),
        match=pl.lit(MATCH_PROVINCE_FALLBACK),
        old_in_legacy_map=pl.lit(True),
    )


def _rollup(communes: pl.DataFrame, group: str, level: str) -> pl.DataFrame:
    """Old district/province -> new province rows, from the commune rows of that unit.

    A row is ``package`` when at least one commune reached that province through the
    package's table, ``province_fallback`` when only fallback communes did.
    """
    return (
        communes.filter(pl.col("old_in_legacy_map"))
        # dict.fromkeys drops the repeated key when rolling up to the province itself.
        .group_by(*dict.fromkeys([group, "old_province_code", "new_province_code"]))
        .agg(
            match=pl.when((pl.col("match") == MATCH_PACKAGE).any())
            .then(pl.lit(MATCH_PACKAGE))
            .otherwise(pl.lit(MATCH_PROVINCE_FALLBACK))
        )
        .with_columns(
            old_level=pl.lit(level),
            old_code=pl.col(group),
            new_level=pl.lit(PROVINCE),
            new_code=pl.col("new_province_code"),
            is_split=pl.len().over(group) > 1,
            is_partly_merged=pl.lit(None, dtype=pl.Boolean),
            old_in_legacy_map=pl.lit(True),
        )
    )


def _empty_district_rows(communes: pl.DataFrame, province_pairs: pl.DataFrame) -> pl.DataFrame:
    """Legacy districts with no commune at all (island districts) placed via their province.

    Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes
    and became special zones; the package records no source for those zones, so the only
    safe placement is the new province.
    """
    covered = set(communes.filter(pl.col("old_in_legacy_map"))["old_district_code"].to_list())
    rows = [
        (gso_code(d.code.value, DISTRICT), gso_code(d.province_code.value, PROVINCE))
        for d in legacy.District.iter_all()
        if gso_code(d.code.value, DISTRICT) not in covered
    ]
    empty = _frame(rows, {"old_code": pl.String(), "old_province_code": pl.String()})
    return empty.join(province_pairs, on="old_province_code", how="left").with_columns(
        old_level=pl.lit(DISTRICT),
        new_level=pl.lit(PROVINCE),
        new_code=pl.col("new_province_code"),
        is_split=pl.len().over("old_code") > 1,
        is_partly_merged=pl.lit(None, dtype=pl.Boolean),
        match=pl.lit(MATCH_PROVINCE_FALLBACK),
        old_in_legacy_map=pl.lit(True),
    )


@cache
def _admin_unit_mapping() -> pl.DataFrame:
    """Build the mapping once per process (see ``admin_unit_mapping``)."""
    conversion, _ = _ward_conversion()
    package, unmatched = _commune_mapping(conversion)
    province_pairs = _province_pairs(package)
    communes = pl.concat(
        [package, _fallback_rows(unmatched, province_pairs).select(package.columns)]
    )
    columns = list(MAPPING_SCHEMA)
    frames = [
        _rollup(communes, "old_province_code", PROVINCE).select(columns),
        _rollup(communes, "old_district_code", DISTRICT).select(columns),
        _empty_district_rows(communes, province_pairs).select(columns),
        communes.select(columns),
    ]
    return pl.concat(frames).sort(
        pl.col("old_level").replace_strict(_LEVEL_ORDER, return_dtype=pl.Int8),
        "old_code",
        "new_code",
    )


def admin_unit_mapping() -> pl.DataFrame:
    """Old (pre-reform) units to new ones, one row per (old_level, old_code, new_code) pair.

    Columns: old_level, old_code, old_province_code, new_level, new_code, new_province_code,
    is_split (the old unit went to more than one new unit), is_partly_merged (the package's
    own flag, communes only: 132 communes are flagged partly merged yet have a single new
    ward, so the two are not the same), match (``package`` or ``province_fallback``),
    old_in_legacy_map (false for the few old codes that only the conversion table knows).

    - Communes map to new communes (``package``). Legacy communes the package does not map
      (28 in 2026.9.0, merged between the snapshot and the reform) map to the new province
      their old province went to (``province_fallback``), so every legacy commune has a
      ``new_province_code`` and any old series can be shown on today's 34 provinces.
    - Districts and provinces map to each new province their communes went to.
    """
    return _admin_unit_mapping().clone()
