-- Administrative units with their validity: the three-tier map in force until 30 June 2025
-- (`map_era = 'legacy'`; its valid_from is unknown, the package holds a late-2024 snapshot)
-- and the two-tier map from 1 July 2025 (`map_era = '2025'`). A code means different places
-- in the two maps, so join facts on (unit_code, level, map_era); facts of years up to 2024
-- use the legacy map and later years the 2025 map.
-- Units that submissions name but the reference lacks (communes merged before the snapshot,
-- typing errors) are added with `in_reference = false`, so that no fact row loses its unit in
-- a join; the quality checks flag them as UNKNOWN_UNIT.
{{ config(post_hook="create or replace macro {{ this.schema }}.fold_name(s) as " ~ fold_name('s')) }}
with reference_units as (
    select
        unit_code,
        level,
        name,
        parent_code,
        province_code,
        valid_from,
        valid_to,
        map_era,
        division_type,
        is_rural_commune,
        true as in_reference,
        cast(null as integer) as first_reported_year,
        cast(null as integer) as last_reported_year
    from {{ ref('stg_admin_units') }}
),

reported as (
    select
        unit_code,
        level,
        province_code,
        case when level = 'district' then province_code end as parent_code,
        coalesce(district_name, province_name) as name,
        map_era,
        year
    from {{ ref('stg_submissions') }}
    union all
    select
        commune_code,
        'commune',
        province_code,
        coalesce(district_code, province_code),
        commune_name,
        map_era,
        year
    from {{ ref('int_commune_rows') }}
),

unknown_units as (
    select
        r.unit_code,
        r.level,
        -- the name as most often written
        mode(r.name) as name,
        mode(r.parent_code) as parent_code,
        mode(r.province_code) as province_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        r.map_era,
        cast(null as varchar) as division_type,
        cast(null as boolean) as is_rural_commune,
        false as in_reference,
        cast(min(r.year) as integer) as first_reported_year,
        cast(max(r.year) as integer) as last_reported_year
    from reported as r
    anti join reference_units as u
        on u.unit_code = r.unit_code and u.level = r.level and u.map_era = r.map_era
    group by r.unit_code, r.level, r.map_era
),

units as (
    select * from reference_units
    union all
    select * from unknown_units
)

select
    *,
    {{ fold_name('name') }} as name_folded
from units
