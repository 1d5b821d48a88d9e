-- B06 figures as the unit reports them, for current submissions.
select
    s.year,
    s.level,
    s.unit_code,
    s.province_code,
    b.indicator_code,
    b.indicator_name,
    b.value,
    b.value_text,
    -- 1 for an indicator's first row in its sheet: the one the facts use; a later row
    -- is a DUPLICATE_ROW
    row_number() over listed as occurrence,
    -- the indicator listed more than once with different values: which one the unit meant
    -- cannot be told, and the facts use none (a district's block under a heading not told
    -- apart was read first, as the province's)
    count(*) over listed > 1 and (
        min(b.value) over listed is distinct from max(b.value) over listed
        or count(b.value) over listed not in (0, count(*) over listed)
    ) as in_doubt,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b06_aggregates') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
window listed as (partition by b.sha256, b.indicator_code order by b.row_number
    rows between unbounded preceding and unbounded following)
