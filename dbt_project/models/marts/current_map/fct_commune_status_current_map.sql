-- Commune status of every year on today's rural communes (xã). From 2025 the commune's own status. Up to
-- 2024, by the rule for merged communes: a post-reform commune counts as NTM (advanced, model)
-- when every rural commune it was formed from (its parts, dim_unit_crosswalk) was, with the
-- latest recognition year of its parts (null when a part was marked reached without its
-- year); when the parts differ it does not count until it is
-- recognised again (`rule = 'parts_differ'`). A part in a province-year the warehouse has no
-- report of leaves the commune unknown (`parts_missing`, statuses null) rather than not NTM,
-- and so does a part whose NTM year could not be read (`parts_unknown`).
-- Criteria counts are carried over only when every part reported the same count; otherwise
-- `criteria_met` is null and `parts_criteria_min` / `_max` show the range.
with parts as (
    select c.new_unit_code as commune_code, c.new_province_code as province_code,
        c.old_unit_code, c.old_province_code
    from {{ ref('dim_unit_crosswalk') }} as c
    inner join {{ ref('stg_admin_units') }} as u
        on u.unit_code = c.old_unit_code and u.level = 'commune' and u.map_era = 'legacy'
    -- only today's rural communes (xã) are in the programme: a ward formed from communes
    -- has no NTM status to restate
    inner join {{ ref('stg_admin_units') }} as n
        on n.unit_code = c.new_unit_code and n.level = 'commune' and n.map_era = '2025'
    where c.old_level = 'commune' and c.new_level = 'commune' and u.is_rural_commune
        and n.is_rural_commune
),

legacy as (
    select * from {{ ref('fct_commune_status') }} where year < {{ var('reform_year') }}
),

-- the provinces each year's reports cover: their communes are expected
covered as (
    select distinct year, province_code from legacy
),

-- the new communes with a part in a covered province, with all their parts (a commune of
-- a merged province may have parts in a province that sent nothing)
candidates as (
    select distinct y.year, p.commune_code
    from covered as y
    inner join parts as p on p.old_province_code = y.province_code
),

joined as (
    select
        c.year, p.province_code, p.commune_code, p.old_unit_code,
        s.commune_code is not null as reported,
        s.is_ntm, s.is_advanced, s.is_model, s.ntm_year, s.advanced_year, s.model_year,
        s.criteria_met
    from candidates as c
    inner join parts as p on p.commune_code = c.commune_code
    left join legacy as s on s.year = c.year and s.commune_code = p.old_unit_code
),

merged as (
    select
        year, province_code, commune_code,
        count(*) as parts,
        count(*) filter (where reported) as parts_reported,
        bool_and(is_ntm) as all_ntm, bool_or(is_ntm) as any_ntm,
        bool_and(is_advanced) as all_advanced, bool_and(is_model) as all_model,
        max(ntm_year) as ntm_year, max(advanced_year) as advanced_year,
        max(model_year) as model_year,
        -- parts whose status year is given: one marked reached without its year
        -- (STATUS_MARK) leaves the merged commune's year (the latest of its parts') unknown
        count(ntm_year) as ntm_years, count(advanced_year) as advanced_years,
        count(model_year) as model_years,
        min(criteria_met) as criteria_min, max(criteria_met) as criteria_max,
        -- parts whose status (or count) is known: a status year or a mark that could not be
        -- read leaves a part's status (count) null, and then the commune's
        count(is_ntm) as ntm_known, count(is_advanced) as advanced_known,
        count(is_model) as model_known, count(criteria_met) as criteria_known
    from joined
    group by all
)

select
    year,
    province_code,
    commune_code,
    case when parts_reported = parts and ntm_known = parts then all_ntm end as is_ntm,
    case when parts_reported = parts and advanced_known = parts then all_advanced end
        as is_advanced,
    case when parts_reported = parts and model_known = parts then all_model end as is_model,
    case when parts_reported = parts and ntm_known = parts and all_ntm and ntm_years = parts
        then ntm_year end as ntm_year,
    case when parts_reported = parts and advanced_known = parts and all_advanced
        and advanced_years = parts then advanced_year end as advanced_year,
    case when parts_reported = parts and model_known = parts and all_model
        and model_years = parts then model_year end as model_year,
    case
        when parts_reported < parts then 'parts_missing'
        when ntm_known < parts then 'parts_unknown'
        when parts = 1 then 'single'
        when all_ntm = any_ntm then 'parts_agree'
        else 'parts_differ'
    end as rule,
    case when parts_reported = parts and criteria_known = parts and criteria_min = criteria_max
        then criteria_min end as criteria_met,
    criteria_min as parts_criteria_min,
    criteria_max as parts_criteria_max,
    parts,
    parts_reported,
    'legacy' as source_map_era
from merged

union all

select
    year,
    province_code,
    commune_code,
    is_ntm,
    is_advanced,
    is_model,
    ntm_year,
    advanced_year,
    model_year,
    'reported' as rule,
    criteria_met,
    criteria_met as parts_criteria_min,
    criteria_met as parts_criteria_max,
    1 as parts,
    1 as parts_reported,
    '2025' as source_map_era
from {{ ref('fct_commune_status') }}
where year >= {{ var('reform_year') }}
