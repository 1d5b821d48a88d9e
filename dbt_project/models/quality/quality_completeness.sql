{{ config(alias='completeness') }}

-- Every unit expected to report in a year and whether it did, on time: up to 2024 every
-- district with rural communes and every province; from 2025 every province.
-- Scope: the provinces this warehouse receives reports from (any current submission in any
-- year of the same map, or, for 2025 and later, a predecessor province that did), so a
-- deployment for a few provinces is not flooded with the rest of the country.
-- On time means signed (Ngày lập) by 31 January of the following year. A received report is
-- usable when every template sheet its level and year require was read; otherwise
-- unusable_sheets names the sheets that contribute no figures.
with legacy_scope as (
    select distinct province_code
    from {{ ref('stg_submissions') }}
    where map_era = 'legacy'
),

scope_2025 as (
    select distinct province_code
    from {{ ref('stg_submissions') }}
    where map_era = '2025'
    union
    select distinct m.new_province_code
    from {{ ref('stg_admin_unit_mapping') }} as m
    inner join legacy_scope as l on m.old_level = 'province' and m.old_code = l.province_code
),

expected as (
    select e.*
    from {{ ref('int_expected_reports') }} as e
    where (e.year < {{ var('reform_year') }} and e.province_code in (select province_code from legacy_scope))
        or (e.year >= {{ var('reform_year') }} and e.province_code in (select province_code from scope_2025))
),

unusable as (
    select sha256, unusable_sheets from {{ ref('int_unusable_sheets') }}
)

select
    e.year,
    e.level,
    e.unit_code,
    e.name as unit_name,
    e.province_code,
    s.sha256 is not null as received,
    case when s.sha256 is not null then u.sha256 is null end as usable,
    u.unusable_sheets,
    case when s.sha256 is not null then s.signed_on <= make_date(e.year + 1, 1, 31) end
        as on_time,
    s.signed_on,
    s.source_file,
    t.sheet,
    t.row_number,
    s.sha256
from expected as e
left join {{ ref('stg_submissions') }} as s
    on s.year = e.year and s.level = e.level and s.unit_code = e.unit_code
left join unusable as u on u.sha256 = s.sha256
-- the ThongTin row of Ngày lập, so that a late report points at its date
left join (
    select sha256, min(sheet) as sheet, min(row_number) as row_number
    from {{ ref('stg_thongtin') }}
    where field = 'signed_on'
    group by sha256
) as t on t.sha256 = s.sha256
