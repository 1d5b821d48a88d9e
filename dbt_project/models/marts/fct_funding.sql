-- Resources mobilized in a year, one row per unit and source, in million VND.
-- Community contributions are broken down into cash, land, labour and other (6.1-6.4) with
-- `is_community` true; a unit that gave only row 6 has one `community_unspecified` row. Row 6
-- when parts are given, and the sheet's `Tổng cộng` row, are the unit's own sums: they are
-- kept for the quality checks and not here, so summing this table never counts money twice.
-- A province's rows (up to 2024) are its own report and cover its districts: sum one level.
-- `counts_once` marks the rows that add up without overlap: a province's own rows where it
-- reported its funding that year, its districts' rows where it did not (a province that sent
-- no B02 is then covered by what its districts sent). `sum(amount_million_vnd) filter
-- (counts_once)` is the safe total of any year and any set of provinces.
with counted as (
    select *
    from {{ ref('int_funding_rows') }}
    where row_role = 'counted'
        -- A pre-printed template row left blank was not reported.
        and (amount_million_vnd is not null or value_text is not null)
),

provinces_reporting as (
    select distinct year, province_code from counted where level = 'province'
)

select
    f.year,
    f.unit_code,
    f.level,
    f.province_code,
    f.source_code,
    f.b02_code,
    -- the figure before the labels, so that a terminal shows it
    f.amount_million_vnd,
    f.level = 'province' or p.province_code is null as counts_once,
    fs.name_vi as source_name_vi,
    fs.name_en as source_name_en,
    fs.is_community,
    f.value_text,
    f.value_unit,
    f.quantity,
    f.quantity_unit,
    {{ map_era('f.year') }} as map_era,
    -- lineage last, so that a table printed in a terminal shows the figures first
    f.source_file,
    f.sheet,
    f.row_number,
    f.sha256
from counted as f
inner join {{ ref('funding_sources') }} as fs on fs.source_code = f.source_code
left join provinces_reporting as p
    on p.year = f.year and p.province_code = f.province_code
