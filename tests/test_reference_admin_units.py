"""Tests for the administrative-unit reference data read from ``vietnam-provinces``.

The counts are the package's published figures (toolchain notes and domain spec); if a new
package version changes them, these tests say so before the warehouse silently shifts.
"""

from __future__ import annotations

import time
from datetime import date

import polars as pl
import pytest
import vietnam_provinces as vp

from pipelines.reference import admin_units as au


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    """The unit table, built once for the module."""
    return au.admin_units()


@pytest.fixture(scope="module")
def mapping() -> pl.DataFrame:
    """The old-to-new mapping, built once for the module."""
    return au.admin_unit_mapping()


def _count(units: pl.DataFrame, era: str, level: str) -> int:
    return units.filter(era=era, level=level).height


def test_schema(units: pl.DataFrame, mapping: pl.DataFrame) -> None:
    assert units.schema == pl.Schema(au.ADMIN_UNIT_SCHEMA)
    assert mapping.schema == pl.Schema(au.MAPPING_SCHEMA)


@pytest.mark.parametrize(
    ("era", "level", "expected"),
    [
        ("legacy", "province", 63),
        ("legacy", "district", 696),
        ("legacy", "commune", 10_051),
        ("2025", "province", 34),
        ("2025", "district", 0),
        ("2025", "commune", 3_321),
    ],
)
def test_counts(units: pl.DataFrame, era: str, level: str, expected: int) -> None:
    assert _count(units, era, level) == expected


def test_rural_communes_are_the_xa(units: pl.DataFrame) -> None:
    rural = units.filter("is_rural_commune")
    assert set(rural["division_type"].unique()) == {"xã"}
    assert set(rural["level"].unique()) == {"commune"}
    # 2,621 communes (xã) in the two-tier map, as Resolution 202/2025/QH15 counts them.
    assert rural.filter(era="2025").height == 2_621
    assert units.filter(level="commune", division_type="thị trấn", era="legacy").height > 0
    assert not units.filter(division_type="thị trấn")["is_rural_commune"].any()


def test_division_types_per_level(units: pl.DataFrame) -> None:
    types = {
        (row["era"], row["level"]): set(row["division_type"])
        for row in units.group_by("era", "level").agg("division_type").iter_rows(named=True)
    }
    assert types[("legacy", "commune")] == {"xã", "phường", "thị trấn"}
    assert types[("2025", "commune")] == {"xã", "phường", "đặc khu"}
    assert types[("legacy", "district")] == {"huyện", "quận", "thị xã", "thành phố"}
    assert types[("legacy", "province")] == {"tỉnh", "thành phố trung ương"}


def test_codes_are_zero_padded_digits(units: pl.DataFrame) -> None:
    width = pl.col("level").replace_strict(dict(au.CODE_WIDTH), return_dtype=pl.UInt32)
    bad = units.filter(
        (pl.col("unit_code").str.len_chars() != width)
        | ~pl.col("unit_code").str.contains(r"^\d+$")
        | (pl.col("province_code").str.len_chars() != 2)
    )
    assert bad.is_empty()
    hanoi_ward = units.filter(era="legacy", level="commune", unit_code="00001")
    assert hanoi_ward["province_code"].item() == "01"
    assert hanoi_ward["parent_code"].item() == "001"


def test_same_code_two_eras(units: pl.DataFrame) -> None:
    rows = units.filter(unit_code="15", level="province").sort("era")
    assert rows["era"].to_list() == ["2025", "legacy"]
    assert rows.filter(era="legacy")["name"].item() == "Tỉnh Yên Bái"
    assert rows.filter(era="2025")["name"].item() == "Tỉnh Lào Cai"


def test_no_duplicate_keys(units: pl.DataFrame) -> None:
    assert not units.select("unit_code", "level", "era").is_duplicated().any()


def test_parents_exist_in_the_same_era(units: pl.DataFrame) -> None:
    def keys(era: str, level: str) -> set[str]:
        return set(units.filter(era=era, level=level)["unit_code"])

    legacy_communes = units.filter(era="legacy", level="commune")
    assert set(legacy_communes["parent_code"]) <= keys("legacy", "district")
    legacy_districts = units.filter(era="legacy", level="district")
    assert set(legacy_districts["parent_code"]) <= keys("legacy", "province")
    new_communes = units.filter(era="2025", level="commune")
    assert set(new_communes["parent_code"]) == keys("2025", "province")
    assert units.filter(level="province")["parent_code"].null_count() == 97
    # A legacy commune's province is its district's province.
    joined = legacy_communes.join(
        legacy_districts.select(parent_code="unit_code", district_province="province_code"),
        on="parent_code",
    )
    assert (joined["province_code"] == joined["district_province"]).all()


def test_validity_dates(units: pl.DataFrame) -> None:
    assert au.reform_date() == date(2025, 7, 1)
    legacy = units.filter(era="legacy")
    assert legacy["valid_from"].null_count() == legacy.height
    assert set(legacy["valid_to"]) == {date(2025, 6, 30)}
    new = units.filter(era="2025")
    assert set(new["valid_from"]) == {date(2025, 7, 1)}
    assert new["valid_to"].null_count() == new.height


def test_split_commune_maps_to_several_new_units(mapping: pl.DataFrame) -> None:
    # Xã Vĩnh Ngọc (Đông Anh, Hà Nội) was divided between three new communes.
    rows = mapping.filter(old_level="commune", old_code="00502")
    assert sorted(rows["new_code"]) == ["00454", "00466", "00508"]
    assert rows["is_split"].all()
    assert rows["is_partly_merged"].all()
    assert set(rows["match"]) == {"package"}


def test_is_split_means_several_new_units(mapping: pl.DataFrame) -> None:
    per_old = mapping.group_by("old_level", "old_code").agg(
        n=pl.len(), split=pl.col("is_split").all(), unsplit=(~pl.col("is_split")).all()
    )
    assert per_old.filter((pl.col("n") > 1) != pl.col("split")).is_empty()
    assert per_old.filter((pl.col("n") == 1) != pl.col("unsplit")).is_empty()
    communes = per_old.filter(old_level="commune")
    assert communes.filter("split").height > 400


def test_every_legacy_unit_is_placed_in_a_new_province(
    units: pl.DataFrame, mapping: pl.DataFrame
) -> None:
    new_provinces = set(units.filter(era="2025", level="province")["unit_code"])
    for level in ("province", "district", "commune"):
        legacy_codes = set(units.filter(era="legacy", level=level)["unit_code"])
        rows = mapping.filter(old_level=level, old_in_legacy_map=True)
        assert set(rows["old_code"]) == legacy_codes, level
        assert rows["new_province_code"].null_count() == 0
        assert set(rows["new_province_code"]) <= new_provinces
    # All 34 new provinces are reached from the old map.
    assert set(mapping.filter(old_level="province")["new_code"]) == new_provinces


def test_new_codes_are_units_of_the_new_map(units: pl.DataFrame, mapping: pl.DataFrame) -> None:
    new_units = units.filter(era="2025").select(
        new_level="level", new_code="unit_code", unit_province="province_code"
    )
    joined = mapping.join(new_units, on=["new_level", "new_code"], how="left")
    assert joined["unit_province"].null_count() == 0
    assert (joined["unit_province"] == joined["new_province_code"]).all()


def test_province_fallback_for_unmapped_communes(mapping: pl.DataFrame) -> None:
    fallback = mapping.filter(old_level="commune", match="province_fallback")
    # 28 legacy communes have no new ward in vietnam-provinces 2026.9.0.
    assert fallback.height == 28
    assert set(fallback["new_level"]) == {"province"}
    assert (fallback["new_code"] == fallback["new_province_code"]).all()
    # The fallback agrees with what the old province's other communes did.
    provinces = mapping.filter(old_level="province").select(
        old_province_code="old_code", expected="new_code"
    )
    checked = fallback.join(provinces, on="old_province_code")
    assert (checked["new_province_code"] == checked["expected"]).all()


def test_districts_roll_up_from_communes(mapping: pl.DataFrame) -> None:
    communes = mapping.filter(old_level="commune", old_in_legacy_map=True)
    districts = mapping.filter(old_level="district", match="package")
    units = au.admin_units().filter(era="legacy", level="commune")
    expected = (
        communes.join(units.select(old_code="unit_code", district="parent_code"), on="old_code")
        .select(old_code="district", new_code="new_province_code")
        .unique()
        .sort("old_code", "new_code")
    )
    got = districts.select("old_code", "new_code").sort("old_code", "new_code")
    assert got.equals(expected)
    # Island districts without communes are still placed, through their province.
    islands = mapping.filter(old_level="district", match="province_fallback")
    assert islands.height == 5


def test_private_table_agrees_with_public_api(mapping: pl.DataFrame) -> None:
    """The private conversion module must say what ``Ward.search_from_legacy`` says."""
    package = mapping.filter(old_level="commune", match="package", old_in_legacy_map=True)
    ours = package.group_by("old_code").agg(pl.col("new_code").sort())
    for old_code, new_codes in ours.iter_rows():
        public = sorted(
            au.gso_code(hit.ward.code.value, "commune")
            for hit in vp.Ward.search_from_legacy(code=int(old_code))
        )
        assert public == new_codes, old_code


def test_province_mapping_within_package_province_table(mapping: pl.DataFrame) -> None:
    provinces = mapping.filter(old_level="province")
    for old_code, new_code in provinces.select("old_code", "new_code").iter_rows():
        public = {
            au.gso_code(hit.province.code.value, "province")
            for hit in vp.Province.search_from_legacy(code=int(old_code))
        }
        assert new_code in public, old_code
    # Legacy province 82 (Tiền Giang) went to Đồng Tháp only; the package's own province table
    # also lists Tây Ninh because of one mislabelled ward, which we do not follow.
    assert provinces.filter(old_code="82")["new_code"].to_list() == ["82"]


def test_frames_are_cached_and_protected() -> None:
    first = au.admin_units()
    first.drop_in_place("name")
    assert "name" in au.admin_units().columns

    au._admin_units.cache_clear()
    au._admin_unit_mapping.cache_clear()
    start = time.perf_counter()
    au.admin_units()
    au.admin_unit_mapping()
    assert time.perf_counter() - start < 3.0
    start = time.perf_counter()
    au.admin_units()
    au.admin_unit_mapping()
    assert time.perf_counter() - start < 0.1
