-- For each reporting year, the certificates in force on 31 December: recognized by then and
-- not yet 36 months old. A re-rated product counts once, with its latest certificate.
-- A certificate of year Y is in force on 31 December of Y, Y+1 and Y+2 and never of Y+3
-- (36 months from a day of Y end in Y+3 on or before that day's date), so the year of
-- recognition decides, and a certificate whose date gives only its year (DATE_PARTIAL)
-- counts like one with its full date.
-- Each row carries the district that listed it (legacy years) and the province of the
-- two-tier map its commune now belongs to, so that a 2025 province counts the certificates
-- its former districts issued in 2023 and 2024 that are still valid.
with years as (
    select distinct year from {{ ref('stg_submissions') }}
),

certificates as (
    select *
    from {{ ref('int_ocop_certificates') }}
    where is_certified and recognized_year is not null
),

in_force as (
    select
        y.year as as_of_year,
        c.*,
        row_number() over (
            partition by y.year, c.product_key
            order by c.recognized_year desc, c.recognized_on desc nulls last, c.stars desc
        ) as product_rank
    from years as y
    inner join certificates as c
        on y.year between c.recognized_year and c.recognized_year + 2
)

select
    as_of_year,
    product_key,
    stars,
    recognized_on,
    recognized_year,
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
