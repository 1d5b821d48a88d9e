-- B03 OCOP certificates of current submissions, as listed.
select
    s.year,
    s.level,
    s.unit_code,
    s.province_code,
    b.product_name,
    b.producer,
    b.commune_code,
    b.product_group,
    b.product_group_text,
    b.stars,
    b.stars_text,
    b.recognized_on,
    -- the date's year, or the year of a date given without its day (DATE_PARTIAL)
    coalesce(year(b.recognized_on), b.recognized_year) as recognized_year,
    b.decision_no,
    b.recognition_level,
    s.map_era,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b03_ocop') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
