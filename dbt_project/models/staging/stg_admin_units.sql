-- Units of both administrative maps, from the vietnam-provinces package.
select
    unit_code,
    level,
    era as map_era,
    division_type,
    is_rural_commune,
    name,
    parent_code,
    province_code,
    valid_from,
    valid_to
from {{ source('reference', 'admin_units') }}
