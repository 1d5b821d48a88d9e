-- For each reporting year, the certificates in force on 31 December: recognized by then and
-- not yet 36 months old. A re-rated product counts once, with its latest certificate.
-- Each row carries the district that listed it (legacy years) and the province of the
-- two-tier map its commune now belongs to, so that a 2025 province counts the certificates
-- its former districts issued in 2023 and 2024 that are still valid.
with years as (
    select distinct year from {{ ref('stg_submissions') }}
),

certificates as (
    select *
    from {{ ref('int_ocop_certificates') }}
    where is_certified and recognized_on is not null
),

in_force as (
    select
        y.year as as_of_year,
        c.*,
        row_number() over (
            partition by y.year, c.product_key
            order by c.recognized_on desc, c.stars desc
        ) as product_rank
    from years as y
    inner join certificates as c
        on c.recognized_on <= make_date(y.year, 12, 31)
        and c.valid_until > make_date(y.year, 12, 31)
)

select
    as_of_year,
    product_key,
    stars,
    recognized_on,
    valid_until,
    year as listed_year,
    level as listed_by_level,
    unit_code as listed_by,
    province_code,
    province_2025,
    commune_code,
    source_file,
    sheet,
    row_number
from in_force
where product_rank = 1
