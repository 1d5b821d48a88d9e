-- B02 rows with the role each plays in the money actually mobilized.
--   counted          a source of 1-7 or a community part 6.x: goes to fct_funding
--   community_total  row 6 when parts 6.x carry values: the unit's own sum of them, kept for
--                    the FUNDING_SUM_MISMATCH check and never added again
--   uncoded          a row with no template code (the ingest flags it if it has a value)
--   repeated         the same source a second time in one sheet with the same amount, or
--                    blank (DUPLICATE_ROW): the row with the amount is counted
--   in_doubt         the same source twice in one sheet with different amounts (two
--                    sections, one per work or one the plan, that the ingest could not tell
--                    apart): which is the unit's is unknown, so none is counted and the
--                    unit's total is not computed (DUPLICATE_ROW)
-- Row 6 with no valued part becomes `community_unspecified`. The sheet's `Tổng cộng` row
-- is not here at all: the ingest keeps total rows in raw.sheet_totals.
with rows as (
    select
        f.*,
        count(*) filter (where f.b02_code like '6.%' and f.amount_million_vnd is not null)
            over (partition by f.sha256) as valued_parts,
        row_number() over (
            partition by f.sha256, f.b02_code
            order by f.amount_million_vnd is null, f.row_number
        ) as occurrence,
        min(f.amount_million_vnd) over (partition by f.sha256, f.b02_code)
            <> max(f.amount_million_vnd) over (partition by f.sha256, f.b02_code)
            as repeats_disagree
    from {{ ref('stg_b02_funding') }} as f
)

select
    year,
    level,
    unit_code,
    province_code,
    b02_code,
    case
        when b02_code = '6' and valued_parts = 0 then 'community_unspecified'
        else source_code
    end as source_code,
    is_community,
    source_name,
    amount_million_vnd,
    value_text,
    value_unreadable,
    value_unit,
    quantity,
    quantity_unit,
    case
        when b02_code is null then 'uncoded'
        when repeats_disagree then 'in_doubt'
        when occurrence > 1 then 'repeated'
        when b02_code = '6' and valued_parts > 0 then 'community_total'
        else 'counted'
    end as row_role,
    valued_parts,
    source_file,
    sha256,
    sheet,
    row_number
from rows
