-- B06 figures as reported, beside what the warehouse computes for them, for the expectation
-- suite `b06_aggregates`: AGGREGATE_MISMATCH (counts exactly, the average within 0.01,
-- money within half a million VND), negative figures, commune counts above the unit's
-- number of communes and counts that are not whole numbers (VALUE_OUT_OF_RANGE), an
-- indicator listed twice (DUPLICATE_ROW).
with reported as (
    select *
    from {{ ref('stg_b06_aggregates') }}
),

so_xa as (
    select sha256, min(value) as so_xa_reported
    from reported
    where indicator_code = 'SO_XA'
    group by sha256
),

computed as (
    select year, level, unit_code, indicator_code, value
    from {{ ref('int_unit_figures_own') }}
    union all
    select year, level, unit_code, indicator_code, value
    from {{ ref('int_province_figures_from_districts') }}
)

select
    row_number() over (order by r.sha256, r.row_number) as check_row,
    r.year,
    r.level,
    r.unit_code,
    coalesce(u.name, r.unit_code) as unit_name,
    r.indicator_code,
    coalesce(i.name_vi, r.indicator_name) as indicator_name,
    case
        when r.indicator_code = 'TC_BINH_QUAN' then 'average'
        when i.unit_en = 'million VND' then 'money'
        else 'count'
    end as tolerance_class,
    i.unit_en = 'communes' and r.indicator_code <> 'SO_XA' as is_commune_count,
    r.value as reported_value,
    -- a count of the template's (communes, criteria, villages, products) that is not whole
    -- (`1,5` communes); null for money, the average and indicators the template does not have
    case when i.unit_en not in ('million VND', 'criteria per commune')
        then abs(r.value - round(r.value)) end as count_fraction,
    c.value as expected_value,
    r.value - c.value as difference,
    x.so_xa_reported,
    r.source_file,
    r.sheet,
    r.row_number,
    r.sha256
from reported as r
left join computed as c
    on c.year = r.year and c.level = r.level and c.unit_code = r.unit_code
    and c.indicator_code = r.indicator_code
left join so_xa as x on x.sha256 = r.sha256
left join {{ ref('aggregate_indicators') }} as i on i.indicator_code = r.indicator_code
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = r.unit_code and u.level = r.level and u.map_era = {{ map_era('r.year') }}
