-- The current submissions with the unit the administrative map knows under that code, for
-- the expectation suite `submissions` (UNKNOWN_UNIT: a unit code that is not a district or
-- province of that year's map, or a district outside its stated province).
select
    row_number() over (order by s.sha256) as check_row,
    s.year,
    s.level,
    s.unit_code,
    coalesce(u.name, s.district_name, s.province_name) as unit_name,
    s.province_code,
    u.name as reference_name,
    case when s.level = 'district' and u.unit_code is not null
        then u.province_code = s.province_code end as in_stated_province,
    s.source_file,
    'ThongTin' as sheet,
    cast(null as bigint) as row_number,
    s.sha256
from {{ ref('stg_submissions') }} as s
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = s.unit_code and u.level = s.level and u.map_era = s.map_era
