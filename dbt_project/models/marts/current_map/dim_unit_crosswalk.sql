-- Every unit of the pre-reform (three-tier) map and the post-reform units it became, from
-- the reference package's mapping. change_kind: `split` when one old unit went to several
-- new ones, `merged` when several old units (or part of one) went to one new unit,
-- `renamed` for one-to-one with another code or name, `same` when nothing changed. Districts
-- were abolished: each is `merged` into its post-reform province. `share` is the part of an
-- old unit's figures assigned to each new unit: 1 unless it was split, then equal shares
-- (the package gives no area or population to weigh by); `share_rule` says which, so that a
-- user who has better weights can join their own.
with mapping as (
    select * from {{ ref('stg_admin_unit_mapping') }}
),

old_units as (
    select unit_code, level, name from {{ ref('stg_admin_units') }} where map_era = 'legacy'
),

new_units as (
    select unit_code, level, name from {{ ref('stg_admin_units') }} where map_era = '2025'
),

fan_out as (
    select old_level, old_code, count(*) as new_units
    from mapping
    group by all
),

fan_in as (
    select old_level, new_level, new_code, count(*) as old_units
    from mapping
    group by all
)

select
    m.old_code as old_unit_code,
    m.old_level,
    o.name as old_name,
    m.old_province_code,
    m.new_code as new_unit_code,
    m.new_level,
    n.name as new_name,
    m.new_province_code,
    case
        when f.new_units > 1 or m.is_split then 'split'
        when i.old_units > 1 or m.is_partly_merged or m.old_level <> m.new_level then 'merged'
        when m.old_code = m.new_code and o.name = n.name then 'same'
        else 'renamed'
    end as change_kind,
    1.0 / f.new_units as share,
    case when f.new_units > 1 then 'equal' else 'whole' end as share_rule,
    f.new_units as new_units_of_old,
    i.old_units as old_units_of_new
from mapping as m
inner join fan_out as f on f.old_level = m.old_level and f.old_code = m.old_code
inner join fan_in as i
    on i.old_level = m.old_level and i.new_level = m.new_level and i.new_code = m.new_code
left join old_units as o on o.unit_code = m.old_code and o.level = m.old_level
left join new_units as n on n.unit_code = m.new_code and n.level = m.new_level
