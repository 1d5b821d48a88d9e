-- A province's B06 figures (up to 2024) computed from its districts' current submissions,
-- only for years in which every expected district (int_expected_reports) has one: otherwise
-- the province gets no computed figures and MISSING_SUBMISSION says why.
--   sums      counts and money: the districts' computed figures, added up
--   mean      TC_BINH_QUAN: all communes' criteria over all communes (not a mean of means)
--   districts SO_HUYEN_DAT_CHUAN: districts whose ThongTin gives a recognition year at or
--             before the reporting year
--   reported  SO_KDC_KIEU_MAU, SO_THON_DAT_CHUAN: nothing below the district counts them, so
--             the province's is the sum of what its districts reported in B06
-- A figure is computed only when every district that reported in the year contributes it.
with district_reports as (
    select year, unit_code, province_code, district_ntm_year
    from {{ ref('stg_submissions') }}
    where level = 'district' and year < {{ var('reform_year') }}
),

expected as (
    select year, province_code, count(*) as districts_expected
    from {{ ref('int_expected_reports') }}
    where level = 'district'
    group by all
),

received as (
    select e.year, e.province_code, count(d.unit_code) as districts_received
    from {{ ref('int_expected_reports') }} as e
    left join district_reports as d
        on d.year = e.year and d.unit_code = e.unit_code
    where e.level = 'district'
    group by all
),

complete as (
    select e.year, e.province_code
    from expected as e
    inner join received as r using (year, province_code)
    where r.districts_received = e.districts_expected
),

district_counts as (
    select year, province_code, count(*) as districts_reporting
    from district_reports
    group by all
),

reported_b06 as (
    select year, unit_code, indicator_code, min(value) as value
    from {{ ref('stg_b06_aggregates') }}
    where level = 'district' and indicator_code in ('SO_KDC_KIEU_MAU', 'SO_THON_DAT_CHUAN')
    group by all
),

district_figures as (
    select d.year, d.province_code, f.indicator_code, f.value
    from district_reports as d
    inner join {{ ref('int_unit_figures_own') }} as f
        on f.year = d.year and f.level = 'district' and f.unit_code = d.unit_code
    union all
    select d.year, d.province_code, r.indicator_code, r.value
    from district_reports as d
    inner join reported_b06 as r on r.year = d.year and r.unit_code = d.unit_code
    where r.value is not null
),

sums as (
    select
        f.year,
        f.province_code,
        f.indicator_code,
        sum(f.value) as value,
        count(*) as contributors,
        case
            when f.indicator_code in ('SO_KDC_KIEU_MAU', 'SO_THON_DAT_CHUAN') then 'districts_reported'
            else 'districts'
        end as basis
    from district_figures as f
    where f.indicator_code <> 'TC_BINH_QUAN'
    group by all
),

figures as (
    select year, province_code, indicator_code, value, basis
    from sums as s
    inner join district_counts as n using (year, province_code)
    where s.contributors = n.districts_reporting
    union all
    select
        s.year, s.province_code, 'TC_BINH_QUAN', t.value / nullif(s.value, 0), 'districts'
    from sums as s
    inner join sums as t
        on t.year = s.year and t.province_code = s.province_code
        and t.indicator_code = 'TONG_TC'
    inner join district_counts as n
        on n.year = s.year and n.province_code = s.province_code
    where s.indicator_code = 'SO_XA'
        and s.contributors = n.districts_reporting
        and t.contributors = n.districts_reporting
    union all
    select year, province_code, 'SO_HUYEN_DAT_CHUAN',
        count(*) filter (where district_ntm_year <= year), 'districts'
    from district_reports
    group by all
)

select
    f.year,
    'province' as level,
    f.province_code as unit_code,
    f.province_code,
    f.indicator_code,
    cast(f.value as double) as value,
    f.basis
from figures as f
inner join complete as c using (year, province_code)
where f.value is not null
