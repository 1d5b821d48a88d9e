-- For the report page: the OCOP certificates in force on 31 December of each reporting year,
-- one per product (its latest certificate), with what the page shows of each. Which
-- certificates are in force is decided once, in int_ocop_valid_at_year_end, the rule the
-- computed OCOP indicators of fct_indicator count; this model only adds the certificate's
-- names from fct_ocop_product and the map its listing was written in.
select
    v.as_of_year as year,
    v.product_key,
    v.stars,
    p.product_name,
    p.producer,
    p.product_group_name,
    v.recognized_on,
    v.valid_until,
    v.listed_year,
    v.listed_by_level,
    v.listed_by,
    v.province_code,
    p.map_era
from {{ ref('int_ocop_valid_at_year_end') }} as v
inner join {{ ref('fct_ocop_product') }} as p
    on p.product_key = v.product_key
    and p.stars = v.stars
    and p.recognized_on is not distinct from v.recognized_on
    and p.recognized_year = v.recognized_year
