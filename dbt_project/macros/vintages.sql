{#- The vintages of a public fact, as ALFRED keeps real-time periods: one row per key and run
    of consecutive releases in which the key had the same values. A value that changes, or a
    key missing from a release, starts a new row; `vintage_to` is the last release in which
    the row's values were published, null while they still are in the latest release.
    `released` is a raw_history table: the fact as each release published it. -#}
{#- Every kept release with its order, 1 = the oldest, by the order number it was made with
    (release_seq), not by its name: the vintages, the revision triangle and history.releases
    number releases the same way. -#}
{% macro ordered_releases() -%}
    select
        *,
        row_number() over (order by release_seq) as release_order
    from {{ source('raw_history', 'releases') }}
{%- endmacro %}

{% macro vintages(released, keys, values) -%}
{%- set key_list = keys | join(', ') -%}
with releases as (
    {{ ordered_releases() }}
),

latest as (
    select max(release_order) as release_order from releases
),

observed as (
    select
        f.*,
        r.release_order,
        struct_pack({{ values | join(', ') }}) as value_row
    from {{ source('raw_history', released) }} as f
    inner join releases as r on r.release_name = f.release_name
),

marked as (
    select
        *,
        case
            when lag(release_order) over by_key = release_order - 1
                and lag(value_row) over by_key is not distinct from value_row
                then 0
            else 1
        end as starts_vintage
    from observed
    window by_key as (partition by {{ key_list }} order by release_order)
),

numbered as (
    select
        *,
        sum(starts_vintage) over (
            partition by {{ key_list }} order by release_order rows unbounded preceding
        ) as vintage_no
    from marked
),

grouped as (
    select
        {{ key_list }},
        vintage_no,
        {%- for value in values %}
        arg_min({{ value }}, release_order) as {{ value }},
        {%- endfor %}
        arg_min(source_file, release_order) as source_file,
        arg_min(sha256, release_order) as sha256,
        arg_max(source_file, release_order) as last_source_file,
        min(release_order) as from_order,
        max(release_order) as to_order
    from numbered
    group by {{ key_list }}, vintage_no
)

select
    g.* exclude (vintage_no, from_order, to_order),
    f.release_name as vintage_from,
    case when g.to_order = l.release_order then null else t.release_name end as vintage_to,
    f.released_at as vintage_from_at,
    g.from_order as vintage_from_order,
    g.to_order as vintage_to_order
from grouped as g
cross join latest as l
inner join releases as f on f.release_order = g.from_order
inner join releases as t on t.release_order = g.to_order
{%- endmacro %}
