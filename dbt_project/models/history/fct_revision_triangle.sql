-- The revision triangle of marts.fct_indicator: for each reference year, unit, indicator and
-- kind, its value in every release that published it, beside the value the first of them
-- published (ONS's triangle, one row per cell).
with releases as (
    {{ ordered_releases() }}
),

released as (
    select
        f.year,
        f.unit_code,
        f.level,
        f.indicator_code,
        f.value_kind,
        r.release_name,
        r.release_order,
        r.released_at,
        f.value,
        f.source_file,
        f.sha256
    from {{ source('raw_history', 'fct_indicator') }} as f
    inner join releases as r on r.release_name = f.release_name
)

select
    *,
    first_value(value) over by_cell as first_value,
    first_value(release_name) over by_cell as first_release,
    value - first_value(value) over by_cell as revision_from_first
from released
window by_cell as (
    partition by year, unit_code, level, indicator_code, value_kind order by release_order
)
