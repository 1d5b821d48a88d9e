-- Mean revision and mean absolute revision of each reference year and indicator, between the
-- first release that published a value and the latest one that publishes it (ONS's revision
-- measures), over the units published in both.
with cells as (
    select
        year,
        unit_code,
        level,
        indicator_code,
        value_kind,
        arg_min(value, release_order) as first_value,
        arg_max(value, release_order) as latest_value,
        arg_min(release_name, release_order) as first_release,
        arg_max(release_name, release_order) as latest_release,
        count(*) as releases,
        min(release_order) as first_order,
        max(release_order) as latest_order
    from {{ ref('fct_revision_triangle') }}
    group by all
)

select
    year,
    indicator_code,
    value_kind,
    count(*) as units,
    count(*) filter (where releases > 1) as units_released_again,
    count(*) filter (where latest_value is distinct from first_value) as units_revised,
    avg(latest_value - first_value) as mean_revision,
    avg(abs(latest_value - first_value)) as mean_abs_revision,
    arg_min(first_release, first_order) as first_release,
    arg_max(latest_release, latest_order) as latest_release
from cells
group by year, indicator_code, value_kind
