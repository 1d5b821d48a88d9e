-- Every B01 row of a current submission, with what the expectation suite `b01_communes`
-- checks: the reported count against the marks, the order and range of status years, a
-- commune listed twice, a commune the year's map does not have or that lies outside the
-- submitting unit; and every ward or town listed (not in the programme).
-- A recognized commune must meet every criterion of its set (RECOGNIZED_BELOW_ALL) only when
-- it was recognized under a set of the same size: one recognized under a 19-criteria set
-- and judged in a 2026+ B01 against the 10 criteria of 2026-2030 was recognized against
-- criteria the new set no longer has, so falling short of the new set is not a wrong
-- recognition. The 2016-2020 and 2021-2025 sets number the same 19 criteria and stay
-- comparable.
with units as (
    select unit_code, level, map_era, name, parent_code, province_code
    from {{ ref('stg_admin_units') }}
),

recognition_sets as (
    -- The first set also stands for earlier recognitions (Decision 491/QĐ-TTg of 2009 had
    -- the same 19 criteria).
    select criteria_set, criteria_count, last_year,
        case when first_year = min(first_year) over () then 0 else first_year end as from_year
    from {{ ref('criteria_sets') }}
),

-- The rows in the programme (int_commune_rows) and the wards and towns listed beside them
-- (stg_b01_communes.is_ward_or_town: counted nowhere, each named by NOT_IN_PROGRAMME), these
-- with their identity and lineage only, so that no other expectation reads them.
b01_rows as (
    select *, true as in_programme from {{ ref('int_commune_rows') }}
    union all by name
    select
        false as in_programme, year, submitted_by_level, submitted_by, commune_code,
        commune_name, map_era, 1 as occurrence, source_file, sheet, row_number, sha256
    from {{ ref('stg_b01_communes') }}
    where is_ward_or_town
)

select
    row_number() over (order by r.sha256, r.row_number) as check_row,
    r.in_programme,
    r.year,
    r.submitted_by_level as level,
    r.submitted_by as unit_code,
    coalesce(su.name, r.submitted_by) as unit_name,
    r.commune_code,
    r.commune_name,
    coalesce(r.identified_by_name, false) as identified_by_name,
    r.criteria_set,
    r.criteria_count,
    r.criteria_met,
    r.criteria_met_reported,
    r.criteria_unparseable,
    r.ntm_year,
    r.advanced_year,
    r.model_year,
    coalesce(r.ntm_year <= r.year or r.ntm_marked, false) as is_ntm,
    rs.criteria_set as recognized_under_set,
    -- marked NTM without its year (STATUS_MARK): recognized under some set in force by the
    -- reporting year, so of the same size when every such set is
    coalesce(r.ntm_year <= r.year and rs.criteria_count = r.criteria_count, false)
        or (coalesce(r.ntm_marked, false) and not exists (
            select 1 from recognition_sets as o
            where o.from_year <= r.year and o.criteria_count <> r.criteria_count))
        as is_ntm_under_same_set_size,
    -- a level marked reached without its year (STATUS_MARK) is reached; a level whose year
    -- was given but could not be read (UNPARSEABLE_VALUE at its cell) is not missing
    coalesce((r.advanced_year is not null or r.advanced_marked)
        and r.ntm_year is null and not r.ntm_marked and not r.ntm_year_unreadable, false)
        as advanced_without_ntm,
    coalesce((r.model_year is not null or r.model_marked)
        and r.advanced_year is null and not r.advanced_marked
        and not r.advanced_year_unreadable, false) as model_without_advanced,
    -- a ward or town without a code the map knows: the name typed (whether a code is unknown
    -- is not asked of such a row)
    coalesce(cu.name, case when not r.in_programme then r.commune_name end) as reference_name,
    case
        when cu.unit_code is null then null
        when r.submitted_by_level = 'district' then cu.parent_code = r.submitted_by
        else cu.province_code = r.submitted_by
    end as in_submitting_unit,
    r.occurrence,
    r.source_file,
    r.sheet,
    r.row_number,
    r.sha256
from b01_rows as r
left join units as cu
    on cu.unit_code = r.commune_code and cu.level = 'commune' and cu.map_era = r.map_era
left join recognition_sets as rs on r.ntm_year between rs.from_year and rs.last_year
left join units as su
    on su.unit_code = r.submitted_by and su.level = r.submitted_by_level
    and su.map_era = r.map_era
