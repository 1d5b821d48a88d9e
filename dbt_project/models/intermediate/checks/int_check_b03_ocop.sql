-- B03 rows of current submissions for the expectation suite `b03_ocop`: stars outside 3-5 or
-- left blank (VALUE_OUT_OF_RANGE), a recognition date after the reporting year, a commune the map of
-- that year does not have (UNKNOWN_UNIT; from 2025 a pre-reform commune code is accepted).
select
    row_number() over (order by o.sha256, o.row_number) as check_row,
    o.year,
    o.level,
    o.unit_code,
    coalesce(su.name, o.unit_code) as unit_name,
    o.product_name,
    o.commune_code,
    o.stars,
    o.stars_text,
    -- a product listed without its rating is counted as no certificate: said, not dropped
    -- (an unreadable rating is flagged where it was read)
    o.stars is null and o.stars_text is null as stars_blank,
    o.recognized_on,
    o.recognized_year,
    -- From 2025 a certificate issued before the reform may keep its old commune code: a
    -- legacy commune that the old-to-new mapping knows is a known commune.
    coalesce(cu.name, lu.name) as commune_reference_name,
    o.source_file,
    o.sheet,
    o.row_number,
    o.sha256
from {{ ref('stg_b03_ocop') }} as o
left join {{ ref('stg_admin_units') }} as cu
    on cu.unit_code = o.commune_code and cu.level = 'commune' and cu.map_era = o.map_era
left join {{ ref('stg_admin_units') }} as lu
    on o.map_era = '2025' and lu.unit_code = o.commune_code and lu.level = 'commune'
    and lu.map_era = 'legacy'
left join {{ ref('stg_admin_units') }} as su
    on su.unit_code = o.unit_code and su.level = o.level and su.map_era = o.map_era
