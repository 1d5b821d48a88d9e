-- Distinct OCOP certificates. A certificate listed by both a district and its province (or
-- twice in one sheet) is one certificate: the listing closest to the commune is kept and the
-- number of listings is recorded.
-- `product_key` identifies a product across re-ratings: the same name (ignoring case,
-- Unicode normalization and spacing) in the same commune of the two-tier map, so that a
-- product re-rated after the 2025 reform under its new commune is still the same product.
-- `province_2025` places every certificate in a province of today's map.
with commune_to_2025 as (
    select old_code, min(new_code) as commune_2025, min(new_province_code) as province_2025
    from {{ ref('stg_admin_unit_mapping') }}
    where old_level = 'commune'
    group by old_code
),

province_to_2025 as (
    select old_code, min(new_province_code) as province_2025
    from {{ ref('stg_admin_unit_mapping') }}
    where old_level = 'province'
    group by old_code
),

listed as (
    select
        o.*,
        lower(regexp_replace(trim(nfc_normalize(o.product_name)), '\s+', ' ', 'g'))
            as product_name_key,
        case o.level when 'district' then 1 else 2 end as level_rank,
        case when o.map_era = '2025' then o.commune_code else cm.commune_2025 end
            as commune_2025,
        case
            when o.map_era = '2025' then o.province_code
            else coalesce(cm.province_2025, pm.province_2025)
        end as province_2025
    from {{ ref('stg_b03_ocop') }} as o
    left join commune_to_2025 as cm on o.map_era = 'legacy' and cm.old_code = o.commune_code
    left join province_to_2025 as pm on o.map_era = 'legacy' and pm.old_code = o.province_code
    where o.product_name is not null
),

keyed as (
    select
        *,
        coalesce(commune_2025, commune_code, '?' || unit_code) || '|' || product_name_key
            as product_key
    from listed
),

ranked as (
    select
        *,
        -- a certificate known by its year only is told from another by that year
        row_number() over (
            partition by product_key, stars, recognized_on, recognized_year
            order by level_rank, year, source_file, row_number
        ) as listing_rank,
        count(*) over (partition by product_key, stars, recognized_on, recognized_year)
            as listings
    from keyed
)

select
    year,
    level,
    unit_code,
    province_code,
    commune_code,
    province_2025,
    product_key,
    product_name,
    producer,
    product_group,
    product_group_text,
    stars,
    stars_text,
    recognized_on,
    recognized_year,
    cast(recognized_on + interval 36 month as date) as valid_until,
    decision_no,
    recognition_level,
    stars between 3 and 5 as is_certified,
    listings,
    map_era,
    source_file,
    sha256,
    sheet,
    row_number
from ranked
where listing_rank = 1
