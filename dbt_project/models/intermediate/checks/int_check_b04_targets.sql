-- B04 rows of current submissions for the expectation suite `b04_targets`: results the
-- warehouse can compute (TARGET_RESULT_MISMATCH), percentages outside 0-100, negative
-- values and counts that are not whole numbers (VALUE_OUT_OF_RANGE), an indicator listed
-- twice (DUPLICATE_ROW).
-- Computed results: XA_DAT_CHUAN_MOI, XA_NANG_CAO_MOI, XA_KIEU_MAU_MOI from the communes'
-- status years, TC_BINH_QUAN and XA_DUOI_10_TC from their criteria, OCOP_3SAO_MOI from the
-- certificates listed for the year; a province's (up to 2024) from its districts when all
-- of them reported.
with computed as (
    select year, level, unit_code,
        case indicator_code when 'SO_XA_DAT_CHUAN_MOI' then 'XA_DAT_CHUAN_MOI'
            else indicator_code end as indicator_code,
        value
    from {{ ref('int_unit_figures_own') }}
    union all
    select year, level, unit_code,
        case indicator_code when 'SO_XA_DAT_CHUAN_MOI' then 'XA_DAT_CHUAN_MOI'
            else indicator_code end,
        value
    from {{ ref('int_province_figures_from_districts') }}
)

select
    row_number() over (order by t.sha256, t.row_number) as check_row,
    t.year,
    t.level,
    t.unit_code,
    coalesce(u.name, t.unit_code) as unit_name,
    t.indicator_code,
    t.indicator_name,
    t.unit_of_measure,
    coalesce(trim(t.unit_of_measure) = '%', false) as is_percent,
    coalesce(t.indicator_code = 'TC_BINH_QUAN', false) as is_average,
    t.target,
    t.actual,
    t.next_year_target,
    -- a count of the template's (communes, villages, products: summed over units) that is
    -- not whole (`1,5` communes), unless the row gives it as a share
    case when ti.aggregation = 'sum' and coalesce(trim(t.unit_of_measure), '') <> '%'
        then abs(t.target - round(t.target)) end as target_fraction,
    case when ti.aggregation = 'sum' and coalesce(trim(t.unit_of_measure), '') <> '%'
        then abs(t.actual - round(t.actual)) end as actual_fraction,
    case when ti.aggregation = 'sum' and coalesce(trim(t.unit_of_measure), '') <> '%'
        then abs(t.next_year_target - round(t.next_year_target)) end as next_year_fraction,
    c.value as computed_actual,
    t.actual - c.value as actual_difference,
    t.source_file,
    t.sheet,
    t.row_number,
    t.sha256
from {{ ref('stg_b04_targets') }} as t
left join computed as c
    on c.year = t.year and c.level = t.level and c.unit_code = t.unit_code
    and c.indicator_code = t.indicator_code
    and c.indicator_code in ('XA_DAT_CHUAN_MOI', 'XA_NANG_CAO_MOI', 'XA_KIEU_MAU_MOI',
                             'TC_BINH_QUAN', 'XA_DUOI_10_TC', 'OCOP_3SAO_MOI')
left join {{ ref('target_indicators') }} as ti on ti.indicator_code = t.indicator_code
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = t.unit_code and u.level = t.level and u.map_era = {{ map_era('t.year') }}
