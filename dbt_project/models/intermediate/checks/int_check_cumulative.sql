-- Cumulative B06 figures against the same unit's previous year, for the expectation suite
-- `cumulative` (CUMULATIVE_BREAK): SO_XA_DAT_CHUAN must equal last year's plus this year's
-- SO_XA_DAT_CHUAN_MOI, and no cumulative count may fall. Only consecutive years of the same
-- map are compared: across the 2025 reform the communes themselves changed. An indicator
-- listed twice with different figures (`in_doubt`) is in no fact and compared with nothing:
-- which figure the unit meant is unknown, and DUPLICATE_ROW already says so.
with reported as (
    select *
    from {{ ref('stg_b06_aggregates') }}
    where indicator_code is not null and value is not null
),

cumulative as (
    select r.*
    from reported as r
    inner join {{ ref('aggregate_indicators') }} as i using (indicator_code)
    where r.occurrence = 1 and not r.in_doubt and i.is_cumulative
),

new_ntm as (
    select year, level, unit_code, value
    from reported
    where occurrence = 1 and not in_doubt and indicator_code = 'SO_XA_DAT_CHUAN_MOI'
)

select
    row_number() over (order by c.sha256, c.row_number) as check_row,
    c.year,
    c.level,
    c.unit_code,
    coalesce(u.name, c.unit_code) as unit_name,
    c.indicator_code,
    c.value as reported_value,
    p.value as previous_value,
    n.value as new_this_year,
    case when c.indicator_code = 'SO_XA_DAT_CHUAN' then p.value + n.value end
        as expected_value,
    c.source_file,
    c.sheet,
    c.row_number,
    c.sha256
from cumulative as c
inner join cumulative as p
    on p.unit_code = c.unit_code and p.level = c.level
    and p.indicator_code = c.indicator_code and p.year = c.year - 1
    and {{ map_era('p.year') }} = {{ map_era('c.year') }}
left join new_ntm as n
    on n.year = c.year and n.level = c.level and n.unit_code = c.unit_code
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = c.unit_code and u.level = c.level and u.map_era = {{ map_era('c.year') }}
