-- The B06 indicator codes of fct_indicator, with labels, units and how they aggregate.
select
    indicator_code,
    name_vi,
    name_en,
    unit_vi,
    unit_en,
    is_cumulative,
    aggregation
from {{ ref('aggregate_indicators') }}
