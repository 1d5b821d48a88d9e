-- B04 targets and results of current submissions.
select
    s.year,
    s.level,
    s.unit_code,
    s.province_code,
    b.indicator_code,
    b.indicator_name,
    b.unit_of_measure,
    b.target,
    b.actual,
    b.next_year_target,
    -- 1 for an indicator's first row in its sheet: the one the facts use; a later row
    -- is a DUPLICATE_ROW
    row_number() over listed as occurrence,
    -- the indicator listed more than once with different figures: which row the unit meant
    -- cannot be told, and the facts use none
    count(*) over listed > 1 and (
        {% for figure in ['target', 'actual', 'next_year_target'] %}
        {{ 'or ' if not loop.first }}min(b.{{ figure }}) over listed
            is distinct from max(b.{{ figure }}) over listed
        or count(b.{{ figure }}) over listed not in (0, count(*) over listed)
        {% endfor %}
    ) as in_doubt,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b04_targets') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
window listed as (partition by b.sha256, b.indicator_code order by b.row_number
    rows between unbounded preceding and unbounded following)
