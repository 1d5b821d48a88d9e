-- The B04 indicator codes of fct_target, with labels, units and how figures of several units
-- combine (`aggregation`: a percentage or a per-head figure is never summed).
select
    indicator_code,
    name_vi,
    name_en,
    unit_vi,
    unit_en,
    aggregation
from {{ ref('target_indicators') }}
