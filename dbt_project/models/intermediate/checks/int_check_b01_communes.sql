-- Every B01 row of a current submission, with what the expectation suite `b01_communes`
-- checks: the reported count against the marks, the order and range of status years, a
-- commune listed twice, a commune the year's map does not have or that lies outside the
-- submitting unit.
with units as (
    select unit_code, level, map_era, name, parent_code, province_code
    from {{ ref('stg_admin_units') }}
)

select
    row_number() over (order by r.sha256, r.row_number) as check_row,
    r.year,
    r.submitted_by_level as level,
    r.submitted_by as unit_code,
    coalesce(su.name, r.submitted_by) as unit_name,
    r.commune_code,
    r.commune_name,
    r.criteria_set,
    r.criteria_count,
    r.criteria_met,
    r.criteria_met_reported,
    r.criteria_unparseable,
    r.ntm_year,
    r.advanced_year,
    r.model_year,
    coalesce(r.ntm_year <= r.year, false) as is_ntm,
    r.advanced_year is not null and r.ntm_year is null as advanced_without_ntm,
    r.model_year is not null and r.advanced_year is null as model_without_advanced,
    cu.name as reference_name,
    case
        when cu.unit_code is null then null
        when r.submitted_by_level = 'district' then cu.parent_code = r.submitted_by
        else cu.province_code = r.submitted_by
    end as in_submitting_unit,
    r.occurrence,
    r.source_file,
    r.sheet,
    r.row_number,
    r.sha256
from {{ ref('int_commune_rows') }} as r
left join units as cu
    on cu.unit_code = r.commune_code and cu.level = 'commune' and cu.map_era = r.map_era
left join units as su
    on su.unit_code = r.submitted_by and su.level = r.submitted_by_level
    and su.map_era = r.map_era
