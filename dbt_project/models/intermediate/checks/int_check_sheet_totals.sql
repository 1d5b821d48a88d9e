-- A sheet's total row (Tổng cộng) against the sum of its rows, for the expectation suite
-- `sheet_totals` (TOTAL_ROW_MISMATCH):
--   B01  Số tiêu chí đạt: the sum of the rows; status year columns: the number of communes
--        with a year, or a mark of reached (STATUS_MARK), in that column
--   B02  Giá trị: the sum of sources 1 to 7, community money as its parts 6.1-6.4 (row 6
--        only when no part carries a value), compared in million VND; a wrong row 6 is
--        FUNDING_SUM_MISMATCH, not a wrong total
--   B03  the number of products listed
with totals as (
    select t.*, s.year, s.level, s.unit_code, {{ map_era('s.year') }} as map_era
    from {{ source('raw', 'sheet_totals') }} as t
    inner join {{ ref('stg_submissions') }} as s on s.sha256 = t.sha256
    where t.value is not null
),

b01 as (
    -- by sheet: a list split over several sheets has a total row in each
    select
        sha256,
        sheet,
        sum(criteria_met_reported) as reported_count,
        count(*) filter (where ntm_year is not null or ntm_marked) as ntm_year,
        count(*) filter (where advanced_year is not null or advanced_marked) as advanced_year,
        count(*) filter (where model_year is not null or model_marked) as model_year
    from {{ ref('stg_b01_communes') }}
    group by sha256, sheet
),

b01_long as (
    select sha256, sheet, field, expected
    from b01
    unpivot (expected for field in (reported_count, ntm_year, advanced_year, model_year))
),

b02 as (
    -- the money counted in fct_funding: sources 1-5 and 7, and community parts 6.1-6.4 (or
    -- row 6 when no part carries a value)
    select
        sha256,
        min(value_unit) as value_unit,
        coalesce(sum(amount_million_vnd) filter (where row_role = 'counted'), 0) as expected
    from {{ ref('int_funding_rows') }}
    group by sha256
),

b03 as (
    select sha256, sheet, count(*) as expected
    from {{ ref('stg_b03_ocop') }}
    where product_name is not null
    group by sha256, sheet
),

compared as (
    select t.*, b.expected, 'count' as tolerance_class, cast(null as varchar) as value_unit
    from totals as t
    inner join b01_long as b
        on b.sha256 = t.sha256 and b.sheet is not distinct from t.sheet and b.field = t.field
    where t.sheet ilike 'B01%'
    union all
    select
        t.*,
        b.expected,
        case when b.value_unit = 'tỷ đồng' then 'billion' else 'million' end,
        b.value_unit
    from totals as t
    inner join b02 as b on b.sha256 = t.sha256
    where t.sheet ilike 'B02%' and t.field = 'value'
    union all
    select t.*, b.expected, 'count', null
    from totals as t
    inner join b03 as b on b.sha256 = t.sha256 and b.sheet is not distinct from t.sheet
    where t.sheet ilike 'B03%' and t.field = 'product_name'
),

in_million as (
    -- B02 totals are typed in the sheet's unit; compare in million VND.
    select
        *,
        value * case value_unit
            when 'tỷ đồng' then 1000
            when 'đồng' then 0.000001
            else 1 end as reported_value
    from compared
)

select
    row_number() over (order by c.sha256, c.sheet, c.row_number, c.field) as check_row,
    c.year,
    c.level,
    c.unit_code,
    coalesce(u.name, c.unit_code) as unit_name,
    c.field,
    c.column_name,
    c.reported_value,
    c.expected as expected_value,
    c.reported_value - c.expected as difference,
    c.tolerance_class,
    c.source_file,
    c.sheet,
    c.row_number,
    c.sha256
from in_million as c
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = c.unit_code and u.level = c.level and u.map_era = c.map_era
