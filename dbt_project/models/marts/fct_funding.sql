-- Resources mobilized in a year, one row per unit and source, in million VND.
-- Community contributions are broken down into cash, land, labour and other (6.1-6.4) with
-- `is_community` true; a unit that gave only row 6 has one `community_unspecified` row. Row 6
-- when parts are given, and the sheet's `Tổng cộng` row, are the unit's own sums: they are
-- kept for the quality checks and not here, so summing this table never counts money twice.
-- A province's rows (up to 2024) are its own report and cover its districts: sum one level.
select
    f.year,
    f.unit_code,
    f.level,
    f.province_code,
    f.source_code,
    f.b02_code,
    fs.name_vi as source_name_vi,
    fs.name_en as source_name_en,
    fs.is_community,
    f.amount_million_vnd,
    f.value_text,
    f.value_unit,
    f.quantity,
    f.quantity_unit,
    f.source_file,
    f.sheet,
    f.row_number,
    f.sha256,
    {{ map_era('f.year') }} as map_era
from {{ ref('int_funding_rows') }} as f
inner join {{ ref('funding_sources') }} as fs on fs.source_code = f.source_code
where f.row_role = 'counted'
    -- A pre-printed template row left blank was not reported.
    and (f.amount_million_vnd is not null or f.value_text is not null)
