{{ config(alias='releases') }}

-- Every official release, oldest first, with how many values of marts.fct_indicator it
-- published for the first time (a new unit-year or indicator), revised (a value that differs
-- from the previous release's), or stopped publishing, against the release before it.
with releases as (
    {{ ordered_releases() }}
),

vintages as (
    select * from {{ ref('fct_indicator_vintage') }}
),

-- A vintage that starts after the first release is new or revised: revised when the same key
-- had a vintage ending in the release just before.
starts as (
    select
        v.vintage_from_order as release_order,
        count(*) filter (where p.year is not null) as values_revised,
        count(*) filter (where p.year is null) as values_new
    from vintages as v
    left join vintages as p
        on p.year = v.year and p.unit_code = v.unit_code and p.level = v.level
        and p.indicator_code = v.indicator_code and p.value_kind = v.value_kind
        and p.vintage_to_order = v.vintage_from_order - 1
    group by v.vintage_from_order
),

-- A vintage that ends before the latest release, and is not followed by a revision, is a
-- value the next release no longer published.
ends as (
    select
        v.vintage_to_order + 1 as release_order,
        count(*) as values_withdrawn
    from vintages as v
    left join vintages as n
        on n.year = v.year and n.unit_code = v.unit_code and n.level = v.level
        and n.indicator_code = v.indicator_code and n.value_kind = v.value_kind
        and n.vintage_from_order = v.vintage_to_order + 1
    where v.vintage_to is not null and n.year is null
    group by v.vintage_to_order
)

select
    r.release_name,
    r.released_at,
    r.note,
    r.release_seq,
    r.released_by,
    r.version_id,
    r.data_years,
    coalesce(s.values_new, 0) as values_new,
    coalesce(s.values_revised, 0) as values_revised,
    coalesce(e.values_withdrawn, 0) as values_withdrawn
from releases as r
left join starts as s on s.release_order = r.release_order
left join ends as e on e.release_order = r.release_order
order by r.release_seq
