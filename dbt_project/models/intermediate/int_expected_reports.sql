-- Who must report in each year for which the warehouse holds a current submission (a stray
-- or rejected file in a year folder does not make a year expected): up to 2024 every district that
-- has at least one rural commune (xã) and every province of the three-tier map; from 2025
-- every province of the two-tier map. Districts come from the late-2024 snapshot of the
-- legacy map, so a district merged away before then is not expected in earlier years.
with years as (
    select distinct year
    from {{ ref('stg_submissions') }}
),

rural_districts as (
    select distinct parent_code as unit_code
    from {{ ref('stg_admin_units') }}
    where map_era = 'legacy' and level = 'commune' and is_rural_commune
)

select
    y.year,
    u.level,
    u.unit_code,
    u.province_code,
    u.name
from years as y
inner join {{ ref('stg_admin_units') }} as u
    on u.map_era = {{ map_era('y.year') }}
where
    u.level = 'province'
    or (
        u.level = 'district'
        and y.year < {{ var('reform_year') }}
        and u.unit_code in (select unit_code from rural_districts)
    )
