-- Legacy units (until 30 June 2025) to the units of the two-tier map that took them over.
select
    old_level,
    old_code,
    old_province_code,
    new_level,
    new_code,
    new_province_code,
    is_split,
    is_partly_merged
from {{ source('reference', 'admin_unit_mapping') }}
