-- For the report page: how much of each province-year its figures cover. Up to 2024 a
-- province's communes (B01) come from its districts, so a province-year with a district
-- missing, or sending a B01 that could not be read, is shown over part of the province; its
-- money (B02) is the province's own report where it sent one (fct_funding.counts_once), else
-- its districts'; its OCOP certificates (B03) are listed by its districts. From 2025 the
-- province reports for itself. The expected units are those of quality.completeness.
with expected as (
    select
        c.year,
        c.province_code,
        c.level,
        c.received,
        coalesce(u.b01_unusable, false) as b01_unusable,
        coalesce(u.b02_unusable, false) as b02_unusable,
        coalesce(u.b03_unusable, false) as b03_unusable
    from {{ ref('quality_completeness') }} as c
    left join {{ ref('int_unusable_sheets') }} as u on u.sha256 = c.sha256
    where c.level = case when c.year < {{ var('reform_year') }} then 'district' else 'province' end
),

province_funding as (
    select distinct year, province_code
    from {{ ref('fct_funding') }}
    where level = 'province'
)

select
    e.year,
    e.province_code,
    {{ map_era('e.year') }} as map_era,
    any_value(e.level) as reporting_level,
    count(*) as units_expected,
    count(*) filter (where e.received and not e.b01_unusable) as units_with_b01,
    count(*) filter (where e.received and not e.b02_unusable) as units_with_b02,
    count(*) filter (where e.received and not e.b03_unusable) as units_with_b03,
    count(*) filter (where e.received and not e.b01_unusable) = count(*) as communes_complete,
    p.province_code is not null
    or count(*) filter (where e.received and not e.b02_unusable) = count(*) as funding_complete,
    count(*) filter (where e.received and not e.b03_unusable) = count(*) as ocop_complete
from expected as e
left join province_funding as p on p.year = e.year and p.province_code = e.province_code
group by e.year, e.province_code, p.province_code
