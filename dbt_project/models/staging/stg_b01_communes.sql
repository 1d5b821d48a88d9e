-- B01 commune rows of current submissions. The reported count is kept as sent; the count of
-- met criteria is computed from the marks downstream.
select
    s.year,
    s.level as submitted_by_level,
    s.unit_code as submitted_by,
    s.province_code,
    case when s.level = 'district' then s.unit_code end as district_code,
    b.commune_code,
    b.commune_name,
    s.criteria_set,
    coalesce(cs.criteria_count, b.criteria_columns) as criteria_count,
    b.criteria_columns,
    cast(b.reported_count as integer) as criteria_met_reported,
    b.ntm_year,
    b.advanced_year,
    b.model_year,
    -- a status year whose cell could not be read: the commune's status at that level is
    -- unknown (not "not reached")
    coalesce(contains(b.status_years_unreadable, 'ntm_year'), false) as ntm_year_unreadable,
    coalesce(contains(b.status_years_unreadable, 'advanced_year'), false)
        as advanced_year_unreadable,
    coalesce(contains(b.status_years_unreadable, 'model_year'), false) as model_year_unreadable,
    b.commune_group,
    b.note,
    s.map_era,
    b.source_file,
    b.sha256,
    s.loaded_at,
    b.sheet,
    b.row_number
from {{ source('raw', 'b01_communes') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
left join {{ ref('criteria_sets') }} as cs on cs.criteria_set = s.criteria_set
