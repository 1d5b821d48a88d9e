-- The B04 targets and results of every year on today's 34 provinces, one row per measure
-- (`target`, `actual`, `next_year_target`, the columns of fct_target). Up to 2024 a
-- post-reform province's figure combines the figures of the pre-reform provinces that became
-- it, each province's own B04 (it covers its districts); provinces merged whole, so nothing is
-- allocated (`basis = 'exact'`). How figures combine is the indicator's `aggregation`
-- (dim_target_indicator): counts are summed; TC_BINH_QUAN, an average per commune, is the
-- provinces' averages weighted by their communes (SO_XA of fct_indicator, their own B06 or
-- else the warehouse's count); a percentage or income per head is never summed or averaged
-- (its weights are not in the warehouse): it has a value only where one old province is
-- behind it. From 2025 the province's own figures. `units_expected` counts the pre-reform
-- provinces behind a figure, `units_reported` those whose B04 has it: `value` only when they
-- all do, `partial_value` what those that do add up to; `value_status` says why a value is
-- missing.
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

indicators as (
    select indicator_code, unit_vi, aggregation from {{ ref('dim_target_indicator') }}
),

measures as (
    -- fct_target's three values, one row each; only the template's indicators, whose
    -- units and rule are known
    select t.year, t.unit_code, t.indicator_code, m.measure,
        case m.measure when 'target' then t.target when 'actual' then t.actual
            else t.next_year_target end as value
    from {{ ref('fct_target') }} as t
    inner join indicators as i on i.indicator_code = t.indicator_code
    cross join (values ('target'), ('actual'), ('next_year_target')) as m (measure)
    where t.level = 'province'
),

figures as (
    -- each province figure on the post-reform province it belongs to
    select f.year, p.province_code, f.unit_code, f.indicator_code, f.measure, f.value
    from measures as f
    inner join predecessors as p on p.old_unit_code = f.unit_code
    where f.year < {{ var('reform_year') }}
    union all
    select f.year, f.unit_code, f.unit_code, f.indicator_code, f.measure, f.value
    from measures as f
    where f.year >= {{ var('reform_year') }}
),

communes as (
    -- each province's communes that year, the weight of an average per commune
    select year, unit_code,
        coalesce(max(value) filter (where value_kind = 'reported'),
                 max(value) filter (where value_kind = 'computed')) as communes
    from {{ ref('fct_indicator') }}
    where level = 'province' and indicator_code = 'SO_XA'
    group by all
),

scope as (
    -- every year with figures, on every post-reform province that any of them concern
    select y.year, p.province_code, e.units
    from (select distinct year from figures) as y
    cross join (select distinct province_code from figures) as p
    inner join expected as e on e.province_code = p.province_code
),

grid as (
    select s.year, s.province_code, s.units, i.indicator_code, i.unit_vi, i.aggregation,
        m.measure
    from scope as s
    cross join indicators as i
    cross join (values ('target'), ('actual'), ('next_year_target')) as m (measure)
),

combined as (
    select
        g.year,
        g.province_code,
        g.indicator_code,
        g.measure,
        g.unit_vi,
        g.aggregation,
        case when g.year >= {{ var('reform_year') }} then 1 else g.units end as units_expected,
        count(f.value) as units_reported,
        sum(f.value) as total,
        -- an average per commune counts only where its weight is known
        count(f.value * c.communes) as units_weighted,
        sum(f.value * c.communes) / nullif(sum(c.communes) filter (where f.value is not null), 0)
            as weighted_mean
    from grid as g
    left join figures as f
        on f.year = g.year and f.province_code = g.province_code
        and f.indicator_code = g.indicator_code and f.measure = g.measure
    left join communes as c on c.year = f.year and c.unit_code = f.unit_code
    group by all
),

resolved as (
    select
        year,
        province_code,
        indicator_code,
        measure,
        unit_vi,
        aggregation,
        units_expected,
        case when aggregation = 'mean_of_communes' and units_expected > 1 then units_weighted
            else units_reported end as units_reported,
        case
            when aggregation = 'not_additive' and units_expected > 1 then null
            when aggregation = 'mean_of_communes' and units_expected > 1 then weighted_mean
            else total
        end as partial_value
    from combined
)

select
    year,
    province_code,
    indicator_code,
    measure,
    unit_vi as unit_of_measure,
    aggregation,
    case when units_reported = units_expected then partial_value end as value,
    'exact' as basis,
    units_expected,
    units_reported,
    partial_value,
    case
        when aggregation = 'not_additive' and units_expected > 1 then 'not_additive'
        when units_reported = units_expected then 'complete'
        when units_reported = 0 then 'missing'
        else 'partial'
    end as value_status,
    {{ map_era('year') }} as map_era
from resolved
