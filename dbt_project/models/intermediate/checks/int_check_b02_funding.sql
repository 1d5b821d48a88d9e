-- B02 rows of current submissions for the expectation suite `b02_funding`: row 6 against
-- the sum of its valued parts (FUNDING_SUM_MISMATCH), negative money or quantities, a
-- source listed twice. `tolerance_class` is `billion` when the sheet is in tỷ đồng: its
-- values are rounded to a million, so sums may differ by rounding.
with parts as (
    select sha256, sum(amount_million_vnd) as parts_sum
    from {{ ref('int_funding_rows') }}
    where b02_code like '6.%' and amount_million_vnd is not null
    group by sha256
)

select
    row_number() over (order by f.sha256, f.row_number, f.b02_code) as check_row,
    f.year,
    f.level,
    f.unit_code,
    coalesce(u.name, f.unit_code) as unit_name,
    f.b02_code,
    f.source_code,
    f.source_name,
    f.amount_million_vnd,
    f.quantity,
    f.quantity_unit,
    f.value_unit,
    case when f.value_unit = 'tỷ đồng' then 'billion' else 'million' end as tolerance_class,
    f.row_role = 'community_total' as is_community_total,
    -- what the facts do with a source listed twice (DUPLICATE_ROW's message)
    case when f.row_role = 'in_doubt'
        then 'the amounts differ: none is counted, and the unit''s total is not computed'
        else 'the row with the amount is counted' end as repeat_outcome,
    p.parts_sum,
    case when f.row_role = 'community_total'
        then f.amount_million_vnd - p.parts_sum end as community_difference,
    f.source_file,
    f.sheet,
    f.row_number,
    f.sha256
from {{ ref('int_funding_rows') }} as f
left join parts as p on p.sha256 = f.sha256
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = f.unit_code and u.level = f.level and u.map_era = {{ map_era('f.year') }}
