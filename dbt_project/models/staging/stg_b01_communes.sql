-- B01 commune rows of current submissions. The reported count is kept as sent; the count of
-- met criteria is computed from the marks downstream. A row without a code is read as the
-- commune its name names when exactly one rural commune of the submitting unit (on the
-- year's map) has that name, `Xã` (or `X.`) or not, as a person reads it (`identified_by_name`,
-- flagged COMMUNE_BY_NAME); otherwise its code stays null. A ward or town row
-- (`is_ward_or_town`, flagged NOT_IN_PROGRAMME) is kept here and counted nowhere downstream.
with b01_rows as (
    select
        s.year,
        s.level as submitted_by_level,
        s.unit_code as submitted_by,
        s.province_code,
        case when s.level = 'district' then s.unit_code end as district_code,
        b.commune_code as typed_code,
        b.commune_name,
        s.criteria_set,
        coalesce(cs.criteria_count, b.criteria_columns) as criteria_count,
        b.criteria_columns,
        cast(b.reported_count as integer) as criteria_met_reported,
        b.ntm_year,
        b.advanced_year,
        b.model_year,
        -- a status year whose cell could not be read: the commune's status at that level is
        -- unknown (not "not reached")
        coalesce(contains(b.status_years_unreadable, 'ntm_year'), false) as ntm_year_unreadable,
        coalesce(contains(b.status_years_unreadable, 'advanced_year'), false)
            as advanced_year_unreadable,
        coalesce(contains(b.status_years_unreadable, 'model_year'), false) as model_year_unreadable,
        -- a status column holding a mark of reached (`x`, `Đạt`) instead of a year: the
        -- level is reached, in a year not given (STATUS_MARK)
        coalesce(contains(b.status_years_marked, 'ntm_year'), false) as ntm_marked,
        coalesce(contains(b.status_years_marked, 'advanced_year'), false) as advanced_marked,
        coalesce(contains(b.status_years_marked, 'model_year'), false) as model_marked,
        b.commune_group,
        b.note,
        s.map_era,
        b.source_file,
        b.sha256,
        s.loaded_at,
        b.sheet,
        b.row_number
    from {{ source('raw', 'b01_communes') }} as b
    inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
    left join {{ ref('criteria_sets') }} as cs on cs.criteria_set = s.criteria_set
),

named as (
    select r.sha256, r.sheet, r.row_number, min(u.unit_code) as unit_code, count(*) as matches
    from b01_rows as r
    inner join {{ ref('stg_admin_units') }} as u
        on u.level = 'commune' and u.is_rural_commune and u.map_era = r.map_era
        and u.parent_code = r.submitted_by
        and {{ commune_name_key('u.name') }} = {{ commune_name_key('r.commune_name') }}
    where r.typed_code is null and r.commune_name is not null
    group by all
)

select
    r.*exclude (typed_code),
    coalesce(r.typed_code, case when n.matches = 1 then n.unit_code end) as commune_code,
    r.typed_code is null and coalesce(n.matches = 1, false) as identified_by_name,
    -- A ward (phường) or town (thị trấn) is not in the programme, though offices sometimes
    -- list one: known by its code on the year's map, or, without a code the map knows and
    -- not read as a rural commune by its name, by a name that says so (`Thị trấn Lộc Bình`,
    -- `TT. Na Dương`, `Phường …`, `P. …`). The name is compared with its accents: a commune
    -- called `Phương Sơn` is no `Phường`.
    case
        when t.unit_code is not null then t.division_type in ('phường', 'thị trấn')
        when coalesce(n.matches = 1, false) then false
        else coalesce(regexp_matches(lower(trim(nfc_normalize(r.commune_name))),
            '^(phường\s|thị trấn\s|thi tran\s|tt\.|tt\s|p\.)'), false)
    end as is_ward_or_town
from b01_rows as r
left join named as n
    on n.sha256 = r.sha256
    and n.sheet is not distinct from r.sheet
    and n.row_number = r.row_number
left join {{ ref('stg_admin_units') }} as t
    on t.unit_code = r.typed_code and t.level = 'commune' and t.map_era = r.map_era
