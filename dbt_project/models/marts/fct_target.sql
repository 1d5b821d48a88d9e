-- B04: for each unit-year and indicator, this year's target (Kế hoạch), the result
-- (Thực hiện) and next year's target (Kế hoạch năm sau), as the unit reported them. An
-- indicator listed twice in one sheet keeps its first row when the rows agree, and none when
-- they disagree (which the unit meant cannot be told); either way DUPLICATE_ROW says so.
-- Districts and their province report side by side (up to 2024) and a province's B04 covers
-- its districts: `counts_once` marks the rows to add up (the province's where it sent a B04
-- that year, its districts' where it did not), as in fct_funding.
with provinces_reporting as (
    select distinct year, province_code
    from {{ ref('stg_b04_targets') }}
    where level = 'province' and indicator_code is not null and occurrence = 1
)

select
    r.year,
    r.unit_code,
    r.level,
    r.province_code,
    r.indicator_code,
    coalesce(t.name_vi, r.indicator_name) as indicator_name_vi,
    t.name_en as indicator_name_en,
    coalesce(t.unit_vi, r.unit_of_measure) as unit_of_measure,
    r.target,
    r.actual,
    r.next_year_target,
    t.indicator_code is not null as is_template_indicator,
    r.level = 'province' or p.province_code is null as counts_once,
    r.source_file,
    r.sheet,
    r.row_number,
    r.sha256
from {{ ref('stg_b04_targets') }} as r
left join {{ ref('target_indicators') }} as t on t.indicator_code = r.indicator_code
left join provinces_reporting as p on p.year = r.year and p.province_code = r.province_code
where r.indicator_code is not null and r.occurrence = 1 and not r.in_doubt
