-- One row per OCOP certificate (a product rated 3, 4 or 5 stars on a date). A certificate
-- listed by both a district and its province is one row (`listings` counts the listings);
-- a re-rated product has a row per certificate. `valid_until` is 36 months after
-- recognition. Rows with stars outside 3-5 are not certificates and stay out (flagged
-- VALUE_OUT_OF_RANGE by the quality checks).
select
    c.year,
    c.unit_code,
    c.level,
    c.province_code,
    c.commune_code,
    c.product_name,
    c.producer,
    c.product_group,
    g.name_vi as product_group_name,
    c.stars,
    c.recognized_on,
    c.recognized_year,
    c.valid_until,
    c.decision_no,
    c.recognition_level,
    c.product_key,
    c.listings,
    c.source_file,
    c.sheet,
    c.row_number,
    c.sha256,
    c.map_era
from {{ ref('int_ocop_certificates') }} as c
left join {{ ref('ocop_product_groups') }} as g on g.product_group = c.product_group
where c.is_certified
