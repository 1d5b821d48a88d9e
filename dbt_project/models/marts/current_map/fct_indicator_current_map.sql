-- The B06 indicators of every year on today's 34 provinces. Up to 2024 a post-reform
-- province's figure is the sum of its pre-reform provinces' figures in fct_indicator (their
-- own B06 for `reported`, the warehouse's for `computed`); provinces merged whole, so the sum
-- is exact (`basis = 'exact'`) and no share is involved. TC_BINH_QUAN is an average: the
-- provinces' averages weighted by their communes, not a sum. From 2025 the province's own.
-- `units_expected` counts the pre-reform provinces behind the figure (1 from 2025),
-- `units_reported` those that have it: `value` is shown only when they are all there
-- (`partial_value` keeps the sum of the ones that are), so a province whose predecessors did
-- not all report never looks like a collapse or a jump.
with predecessors as (
    select old_unit_code, new_unit_code as province_code
    from {{ ref('dim_unit_crosswalk') }}
    where old_level = 'province'
),

expected as (
    select province_code, count(*) as units
    from predecessors
    group by all
),

figures as (
    -- each figure on the post-reform province it belongs to
    select f.year, p.province_code, f.unit_code, f.indicator_code, f.value_kind, f.value
    from {{ ref('fct_indicator') }} as f
    inner join predecessors as p on p.old_unit_code = f.unit_code
    where f.level = 'province' and f.year < {{ var('reform_year') }}
    union all
    select f.year, f.unit_code, f.unit_code, f.indicator_code, f.value_kind, f.value
    from {{ ref('fct_indicator') }} as f
    where f.level = 'province' and f.year >= {{ var('reform_year') }}
),

scope as (
    -- every year with figures, on every post-reform province that any of them concern
    select y.year, p.province_code, e.units
    from (select distinct year from figures) as y
    cross join (select distinct province_code from figures) as p
    inner join expected as e on e.province_code = p.province_code
),

grid as (
    select s.year, s.province_code, s.units, i.indicator_code, i.aggregation, k.value_kind
    from scope as s
    cross join {{ ref('aggregate_indicators') }} as i
    cross join (values ('reported'), ('computed')) as k (value_kind)
),

summed as (
    select
        g.year,
        g.province_code,
        g.indicator_code,
        g.aggregation,
        g.value_kind,
        case when g.year >= {{ var('reform_year') }} then 1 else g.units end as units_expected,
        count(f.value) as units_reported,
        sum(f.value) as total
    from grid as g
    left join figures as f
        on f.year = g.year and f.province_code = g.province_code
        and f.indicator_code = g.indicator_code and f.value_kind = g.value_kind
    group by all
),

average as (
    -- TC_BINH_QUAN: the old provinces' averages weighted by their communes (SO_XA of the
    -- same kind), which is each one's own figure when there is one
    select
        a.year, a.province_code, a.value_kind,
        sum(a.value * n.value) / nullif(sum(n.value), 0) as mean,
        count(a.value * n.value) as units
    from figures as a
    inner join figures as n
        on n.year = a.year and n.unit_code = a.unit_code and n.value_kind = a.value_kind
        and n.indicator_code = 'SO_XA'
    where a.indicator_code = 'TC_BINH_QUAN'
    group by all
),

resolved as (
    select
        s.year,
        s.province_code,
        s.indicator_code,
        s.value_kind,
        s.units_expected,
        case when s.aggregation = 'mean_of_communes' then coalesce(a.units, 0)
            else s.units_reported end as units_reported,
        case when s.aggregation = 'mean_of_communes' then a.mean else s.total end
            as partial_value
    from summed as s
    left join average as a
        on a.year = s.year and a.province_code = s.province_code
        and a.value_kind = s.value_kind
)

select
    year,
    province_code,
    indicator_code,
    value_kind,
    case when units_reported = units_expected then partial_value end as value,
    'exact' as basis,
    units_expected,
    units_reported,
    partial_value,
    {{ map_era('year') }} as map_era
from resolved
