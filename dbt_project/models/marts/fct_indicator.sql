-- For every unit-year, the B06 figures the unit reported (`value_kind = 'reported'`, with
-- the cell they came from) and the ones the warehouse computes from the level below
-- (`value_kind = 'computed'`, with `basis` saying from what):
-- a district's from its B01, B02 and B03 rows; a province's up to 2024 from its districts'
-- current submissions, only when every expected district sent one; a province's from 2025
-- from its own rows. The quality checks compare the two.
-- Districts and their province sit side by side (up to 2024): `counts_once` marks, for each
-- year, indicator and value_kind, the rows that add up without overlap (a province's where
-- it has that figure, its districts' where it does not). Averages never add up: false.
with reported as (
    select *
    from {{ ref('stg_b06_aggregates') }}
    where indicator_code is not null and occurrence = 1 and not in_doubt
),

computed as (
    select * from {{ ref('int_unit_figures_own') }}
    union all
    select * from {{ ref('int_province_figures_from_districts') }}
),

b06_codes as (
    select indicator_code from {{ ref('aggregate_indicators') }}
),

figures as (
    select
        year,
        unit_code,
        level,
        province_code,
        indicator_code,
        'reported' as value_kind,
        value,
        cast(null as varchar) as basis,
        source_file,
        sheet,
        row_number,
        sha256
    from reported

    union all

    select
        year,
        unit_code,
        level,
        province_code,
        indicator_code,
        'computed' as value_kind,
        value,
        basis,
        null as source_file,
        null as sheet,
        null as row_number,
        null as sha256
    from computed
    -- The B04 results computed for the quality checks are not B06 figures.
    where indicator_code in (select indicator_code from b06_codes)
),

province_figures as (
    select distinct year, province_code, indicator_code, value_kind
    from figures
    where level = 'province'
)

select
    f.year,
    f.unit_code,
    f.level,
    f.province_code,
    f.indicator_code,
    f.value_kind,
    f.value,
    f.basis,
    -- an indicator outside the template has no aggregation rule: it is not added up either
    coalesce(a.aggregation <> 'mean_of_communes', false)
    and (f.level = 'province' or p.province_code is null) as counts_once,
    f.source_file,
    f.sheet,
    f.row_number,
    f.sha256
from figures as f
left join {{ ref('aggregate_indicators') }} as a on a.indicator_code = f.indicator_code
left join province_figures as p
    on p.year = f.year and p.province_code = f.province_code
    and p.indicator_code = f.indicator_code and p.value_kind = f.value_kind
