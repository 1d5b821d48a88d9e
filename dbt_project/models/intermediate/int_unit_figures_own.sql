-- B06 figures computed from a unit's own rows: a district's (up to 2024) and, from 2025, a
-- province's. Long format: one row per unit-year and indicator.
--   communes  B01 rows of the unit's current submission (status years at or before the year)
--   funding   B02 rows counted in fct_funding (absent when a counted amount is unreadable)
--   ocop      certificates in force on 31 December (see int_ocop_valid_at_year_end)
-- The criteria buckets (SO_XA_19_TC ...) are defined for 19-criteria sets only.
-- Four figures are B04 results, not B06 codes, kept for the TARGET_RESULT_MISMATCH check
-- (fct_indicator keeps only B06 codes): XA_NANG_CAO_MOI, XA_KIEU_MAU_MOI, XA_DUOI_10_TC
-- and OCOP_3SAO_MOI (certificates of 3 stars or more the unit listed for the year).
-- B03 rows whose rating or recognition year could not be read (or is blank): whether and how
-- long the product counts cannot be told (a date given by its month and year, or its year,
-- is enough: see int_ocop_valid_at_year_end). A listed year's new certificates are then not
-- counted; the certificates in force at the end of that year and the two after (36 months)
-- neither, for the unit that listed it and, from 2025, the province its commune is in.
with ocop_unrated as (
    select distinct year, level, unit_code
    from {{ ref('int_ocop_certificates') }}
    where is_certified is null
),

ocop_unknown as (
    select distinct c.year + k.shift as year, c.level, c.unit_code, c.province_2025
    from {{ ref('int_ocop_certificates') }} as c,
        (values (0), (1), (2)) as k(shift)
    where c.is_certified is null or (c.is_certified and c.recognized_year is null)
        -- a product rated twice in one year, one date without its day: which rating is
        -- the later, so in force at the year ends after, cannot be told
        or (c.is_certified and exists (
            select 1 from {{ ref('int_ocop_certificates') }} as o
            where o.product_key = c.product_key and o.is_certified
                and o.recognized_year = c.recognized_year and o.stars <> c.stars
                and (o.recognized_on is null or c.recognized_on is null)))
),

units as (
    select s.year, s.level, s.unit_code, s.province_code,
        coalesce(u.b03_unusable, false) as b03_unusable,
        exists (
            select 1 from ocop_unknown as x
            where x.year = s.year and (
                (s.level = 'district' and x.level = 'district' and x.unit_code = s.unit_code)
                or (s.level = 'province' and x.province_2025 = s.unit_code))
        ) as ocop_unknown
    from {{ ref('stg_submissions') }} as s
    left join {{ ref('int_unusable_sheets') }} as u on u.sha256 = s.sha256
    where s.level = 'district' or s.map_era = '2025'
),

communes as (
    select
        year,
        submitted_by_level as level,
        submitted_by as unit_code,
        count(*) as so_xa,
        -- a mark of reached instead of a year (STATUS_MARK) counts in the level's total
        count(*) filter (where ntm_year <= year or ntm_marked) as so_xa_dat_chuan,
        count(*) filter (where ntm_year = year) as so_xa_dat_chuan_moi,
        count(*) filter (where advanced_year <= year or advanced_marked) as so_xa_nang_cao,
        count(*) filter (where model_year <= year or model_marked) as so_xa_kieu_mau,
        sum(criteria_met) as tong_tc,
        bool_and(criteria_count = 19) as has_19_criteria,
        -- every commune counted: one whose marks could not all be read has no count
        bool_and(criteria_met is not null) as counted_all,
        -- every commune's status year read: one that could not be (`x` for a year) leaves
        -- the counts at that level unknown
        count(*) filter (where ntm_year_unreadable) = 0 as ntm_known,
        count(*) filter (where advanced_year_unreadable) = 0 as advanced_known,
        count(*) filter (where model_year_unreadable) = 0 as model_known,
        -- and every commune's status year given: a mark without its year leaves the
        -- communes newly reached this year unknown
        count(*) filter (where ntm_year_unreadable or ntm_marked) = 0 as ntm_new_known,
        count(*) filter (where advanced_year_unreadable or advanced_marked) = 0
            as advanced_new_known,
        count(*) filter (where model_year_unreadable or model_marked) = 0 as model_new_known,
        count(*) filter (where criteria_met >= 19) as so_xa_19_tc,
        count(*) filter (where criteria_met between 15 and 18) as so_xa_15_18_tc,
        count(*) filter (where criteria_met between 10 and 14) as so_xa_10_14_tc,
        count(*) filter (where criteria_met between 5 and 9) as so_xa_5_9_tc,
        count(*) filter (where criteria_met < 5) as so_xa_duoi_5_tc,
        count(*) filter (where advanced_year = year) as xa_nang_cao_moi,
        count(*) filter (where model_year = year) as xa_kieu_mau_moi,
        count(*) filter (where criteria_met < 10) as xa_duoi_10_tc
    -- what a commune's repeats disagree on is unknown, as an unreadable cell
    from ({{ commune_as_known(ref('int_commune_rows')) }})
    where occurrence = 1
    group by all
),

-- A counted row whose amount could not be read leaves the sum it belongs to unknown (too low
-- otherwise): TONG_VON always, VON_CONG_DONG when the row is community money. So does a row
-- with money in no source of the template (uncoded, and flagged unreadable by the ingest),
-- and a source listed twice with different amounts (in_doubt).
funding as (
    select
        year,
        level,
        unit_code,
        case when not coalesce(bool_or(unknown), false) then sum(amount_million_vnd)
        end as tong_von,
        case when not coalesce(bool_or(unknown) filter (where is_community), false)
            then coalesce(sum(amount_million_vnd) filter (where is_community), 0)
        end as von_cong_dong
    from (
        -- a source listed twice with different amounts (in_doubt) is as unknown as one
        -- whose amount could not be read: counted in neither total
        select *, coalesce(value_unreadable, false) or row_role = 'in_doubt' as unknown
        from {{ ref('int_funding_rows') }}
    )
    where (row_role = 'counted'
        and (amount_million_vnd is not null or coalesce(value_unreadable, false)))
        or (row_role = 'uncoded' and coalesce(value_unreadable, false))
        or row_role = 'in_doubt'
    group by all
),

-- B01 rows of a current submission without a commune code (none typed, or one that could
-- not be read): which commune they describe is not known, so they are in no count above and
-- every figure counted over the unit's communes would be too low. Those figures are left out.
-- A row whose name says it is a ward or town is not such a row: it is in no count anyway.
unidentified as (
    select year, submitted_by_level as level, submitted_by as unit_code,
        count(*) as rows_without_code
    from {{ ref('stg_b01_communes') }}
    where commune_code is null and not is_ward_or_town
    group by all
),

ocop_new as (
    select year, level, unit_code, count(*) as ocop_moi
    from {{ ref('int_ocop_certificates') }}
    where is_certified
    group by all
),

ocop_district as (
    select
        as_of_year as year,
        listed_by as unit_code,
        count(*) filter (where stars = 3) as ocop_3,
        count(*) filter (where stars = 4) as ocop_4,
        count(*) filter (where stars = 5) as ocop_5
    from {{ ref('int_ocop_valid_at_year_end') }}
    where listed_by_level = 'district' and as_of_year < {{ var('reform_year') }}
    group by all
),

ocop_province_2025 as (
    select
        as_of_year as year,
        province_2025 as unit_code,
        count(*) filter (where stars = 3) as ocop_3,
        count(*) filter (where stars = 4) as ocop_4,
        count(*) filter (where stars = 5) as ocop_5
    from {{ ref('int_ocop_valid_at_year_end') }}
    where as_of_year >= {{ var('reform_year') }}
    group by all
),

wide as (
    select
        u.year,
        u.level,
        u.unit_code,
        u.province_code,
        c.*exclude (year, level, unit_code),
        x.rows_without_code is null as communes_identified,
        f.tong_von,
        f.von_cong_dong,
        -- a B03 that could not be read (or is missing) gives no OCOP counts, not zeros;
        -- nor does a certificate that may or may not count (ocop_unknown)
        case when not u.b03_unusable and not u.ocop_unknown
            then coalesce(od.ocop_3, op.ocop_3, 0) end as ocop_3,
        case when not u.b03_unusable and not u.ocop_unknown
            then coalesce(od.ocop_4, op.ocop_4, 0) end as ocop_4,
        case when not u.b03_unusable and not u.ocop_unknown
            then coalesce(od.ocop_5, op.ocop_5, 0) end as ocop_5,
        case when not u.b03_unusable and r.unit_code is null then coalesce(n.ocop_moi, 0) end
            as ocop_moi
    from units as u
    left join communes as c
        on c.year = u.year and c.level = u.level and c.unit_code = u.unit_code
    left join unidentified as x
        on x.year = u.year and x.level = u.level and x.unit_code = u.unit_code
    left join funding as f
        on f.year = u.year and f.level = u.level and f.unit_code = u.unit_code
    left join ocop_district as od
        on u.level = 'district' and od.year = u.year and od.unit_code = u.unit_code
    left join ocop_province_2025 as op
        on u.level = 'province' and op.year = u.year and op.unit_code = u.unit_code
    left join ocop_new as n
        on n.year = u.year and n.level = u.level and n.unit_code = u.unit_code
    left join ocop_unrated as r
        on r.year = u.year and r.level = u.level and r.unit_code = u.unit_code
),

long as (
    select year, level, unit_code, province_code, indicator_code, value, basis,
        communes_identified
    from wide,
    lateral (
        values
            ('SO_XA', so_xa, 'communes'),
            ('SO_XA_DAT_CHUAN', case when ntm_known then so_xa_dat_chuan end, 'communes'),
            ('SO_XA_DAT_CHUAN_MOI', case when ntm_new_known then so_xa_dat_chuan_moi end,
                'communes'),
            ('SO_XA_NANG_CAO', case when advanced_known then so_xa_nang_cao end, 'communes'),
            ('SO_XA_KIEU_MAU', case when model_known then so_xa_kieu_mau end, 'communes'),
            ('TONG_TC', case when counted_all then tong_tc end, 'communes'),
            ('TC_BINH_QUAN', case when counted_all then tong_tc / nullif(so_xa, 0) end,
                'communes'),
            ('SO_XA_19_TC', case when has_19_criteria and counted_all then so_xa_19_tc end,
                'communes'),
            ('SO_XA_15_18_TC', case when has_19_criteria and counted_all then so_xa_15_18_tc end,
                'communes'),
            ('SO_XA_10_14_TC', case when has_19_criteria and counted_all then so_xa_10_14_tc end,
                'communes'),
            ('SO_XA_5_9_TC', case when has_19_criteria and counted_all then so_xa_5_9_tc end,
                'communes'),
            ('SO_XA_DUOI_5_TC', case when has_19_criteria and counted_all then so_xa_duoi_5_tc end,
                'communes'),
            ('TONG_VON', tong_von, 'funding'),
            ('VON_CONG_DONG', von_cong_dong, 'funding'),
            ('OCOP_3_SAO', ocop_3, 'ocop'),
            ('OCOP_4_SAO', ocop_4, 'ocop'),
            ('OCOP_5_SAO', ocop_5, 'ocop'),
            ('XA_NANG_CAO_MOI', case when advanced_new_known then xa_nang_cao_moi end,
                'communes'),
            ('XA_KIEU_MAU_MOI', case when model_new_known then xa_kieu_mau_moi end,
                'communes'),
            ('XA_DUOI_10_TC', case when counted_all then xa_duoi_10_tc end, 'communes'),
            ('OCOP_3SAO_MOI', ocop_moi, 'ocop')
    ) as v(indicator_code, value, basis)
)

select year, level, unit_code, province_code, indicator_code, cast(value as double) as value,
    basis
from long
where value is not null and (basis <> 'communes' or communes_identified)
