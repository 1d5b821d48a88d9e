-- The B04 indicator codes of fct_target, with labels and units.
select
    indicator_code,
    name_vi,
    name_en,
    unit_vi,
    unit_en
from {{ ref('target_indicators') }}
