-- Robust outlier scores for the expectation suite `outliers` (OUTLIER). Series: B06 money
-- and average criteria as reported (TONG_VON, VON_CONG_DONG, TC_BINH_QUAN) and B04 results
-- for income and rates (THU_NHAP_BQ, TY_LE_*), per unit and indicator within one map; the
-- average criteria per commune (TC_BINH_QUAN) also within criteria sets of one size (the
-- 19 criteria up to 2025 and the 10 of 2026-2030 are different scales, so a fall from 18 of
-- 19 to 8 of 10 is no outlier and the years of one size never predict the other's).
--   history_z  how far the value lies from the unit's own trend: a Theil-Sen line (median of
--              pairwise slopes, robust to a bad year) fitted to the unit's other years
--              predicts the value; the relative miss is divided by 1.4826 x the median
--              absolute deviation of the relative misses of all units of the same level,
--              province and indicator (a unit's own four or five years are too few to
--              estimate how noisy the indicator is); needs 4 other years
--   peer_z     whether the unit missed its trend differently from the units of the same
--              level, year and province (provinces: all provinces of the year): its relative
--              miss against the peers' relative misses, 0.6745 x (miss - median) / MAD,
--              itself excluded; needs 4 peers. Comparing misses rather than values keeps a
--              large district from standing out for its size, and a change that every unit
--              of the province shares (a new programme, a price rise) from being flagged.
-- A spread of zero is floored (0.1% for the pooled relative miss, 1% of the peers' median) so
-- that a flat series does not make every small change infinite. The suite holds the
-- thresholds. An indicator listed twice with different figures (`in_doubt`) is in no fact,
-- so it is neither a point of a series nor checked.
with b06 as (
    select *
    from {{ ref('stg_b06_aggregates') }}
    where indicator_code in ('TONG_VON', 'VON_CONG_DONG', 'TC_BINH_QUAN')
),

b04 as (
    select *
    from {{ ref('stg_b04_targets') }}
    where indicator_code in ('THU_NHAP_BQ', 'TY_LE_HO_NGHEO', 'TY_LE_BHYT', 'TY_LE_NUOC_SACH',
                             'TY_LE_LD_DAO_TAO', 'TY_LE_RAC_THAI')
),

points as (
    select year, level, unit_code, province_code, indicator_code, value, source_file, sheet,
        row_number, sha256
    from b06 where occurrence = 1 and not in_doubt and value is not null
    union all
    select year, level, unit_code, province_code, indicator_code, actual, source_file, sheet,
        row_number, sha256
    from b04 where occurrence = 1 and not in_doubt and actual is not null
),

series as (
    select p.*, {{ map_era('p.year') }} as map_era,
        case when p.indicator_code = 'TC_BINH_QUAN' then coalesce(cs.criteria_count, 0)
            else 0 end as scale
    from points as p
    left join {{ ref('criteria_sets') }} as cs on p.year between cs.first_year and cs.last_year
),

others as (
    select t.sha256 as target_sha, t.indicator_code, o.year, o.value
    from series as t
    inner join series as o
        on o.level = t.level and o.unit_code = t.unit_code
        and o.indicator_code = t.indicator_code and o.map_era = t.map_era
        and o.scale = t.scale and o.year <> t.year
),

slopes as (
    select a.target_sha, a.indicator_code,
        median((b.value - a.value) / (b.year - a.year)) as slope
    from others as a
    inner join others as b
        on b.target_sha = a.target_sha and b.indicator_code = a.indicator_code
        and b.year > a.year
    group by all
),

fit as (
    select o.target_sha, o.indicator_code, s.slope,
        median(o.value - s.slope * o.year) as intercept,
        count(*) as n_history,
        median(abs(o.value)) as typical
    from others as o
    inner join slopes as s using (target_sha, indicator_code)
    group by all
),

predicted as (
    select
        s.*,
        f.n_history,
        f.intercept + f.slope * s.year as prediction,
        (s.value - (f.intercept + f.slope * s.year))
            / greatest(abs(f.intercept + f.slope * s.year), 1e-9) as relative_miss
    from series as s
    inner join fit as f on f.target_sha = s.sha256 and f.indicator_code = s.indicator_code
    where f.n_history >= 4
),

noise as (
    select
        level,
        case when level = 'province' then '*' else province_code end as peer_group,
        indicator_code,
        map_era,
        scale,
        greatest(1.4826 * mad(relative_miss), 0.001) as relative_scale
    from predicted
    group by all
),

history as (
    select
        p.sha256 as target_sha,
        p.indicator_code,
        p.n_history,
        p.prediction,
        p.relative_miss,
        p.relative_miss / n.relative_scale as history_z
    from predicted as p
    inner join noise as n
        on n.level = p.level and n.indicator_code = p.indicator_code and n.map_era = p.map_era
        and n.scale = p.scale
        and n.peer_group = case when p.level = 'province' then '*' else p.province_code end
),

peers as (
    select t.sha256 as target_sha, t.indicator_code,
        count(*) as n_peers,
        median(p.relative_miss) as peer_median,
        greatest(mad(p.relative_miss) / 0.6745, 0.001) as peer_scale
    from predicted as t
    inner join predicted as p
        on p.level = t.level and p.year = t.year and p.indicator_code = t.indicator_code
        and (t.level = 'province' or p.province_code = t.province_code)
        and p.unit_code <> t.unit_code
    group by all
)

select
    row_number() over (order by s.sha256, s.sheet, s.row_number, s.indicator_code) as check_row,
    s.year,
    s.level,
    s.unit_code,
    coalesce(u.name, s.unit_code) as unit_name,
    s.indicator_code,
    s.value as reported_value,
    h.prediction as expected_value,
    h.n_history,
    h.history_z,
    h.relative_miss,
    p.n_peers,
    (h.relative_miss - p.peer_median) / p.peer_scale as peer_z,
    s.source_file,
    s.sheet,
    s.row_number,
    s.sha256
from series as s
inner join history as h on h.target_sha = s.sha256 and h.indicator_code = s.indicator_code
left join peers as p on p.target_sha = s.sha256 and p.indicator_code = s.indicator_code
left join {{ ref('stg_admin_units') }} as u
    on u.unit_code = s.unit_code and u.level = s.level and u.map_era = s.map_era
