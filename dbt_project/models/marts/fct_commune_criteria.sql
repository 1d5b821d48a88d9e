{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook=before_begin("{{ delete_changed_years('int_commune_rows') }}"),
) }}

-- One row per reporting year, commune and criterion of the commune's set. `met` is true for
-- x / ✓ / Đạt / 1 / TRUE, false for blank / 0 / - / Chưa đạt / Không đạt / FALSE and for
-- `Cơ bản đạt` (basically met, kept in `mark`), and null when the cell could not be read
-- (flagged UNPARSEABLE_VALUE with its cell).
-- A commune listed twice in its submission, its rows marking a criterion differently (or
-- one of them not marking it): which the unit meant cannot be told, so `mark` is `in_doubt`
-- and `met` null, in the row the facts use.
with marks_in_doubt as (
    select c.sha256, c.commune_code, m.criterion_no
    from {{ ref('int_commune_rows') }} as c
    inner join {{ ref('stg_b01_marks') }} as m
        on m.sha256 = c.sha256
        and m.sheet is not distinct from c.sheet
        and m.row_number = c.row_number
    where c.criteria_in_doubt
    group by all
    having count(distinct m.mark) > 1 or count(*) < any_value(c.listed_times)
)

select
    c.year,
    c.province_code,
    c.district_code,
    c.commune_code,
    c.criteria_set,
    m.criterion_no,
    case when d.criterion_no is null then
        case m.mark
            when 'met' then true
            when 'not_met' then false
            when 'basically_met' then false
        end
    end as met,
    case when d.criterion_no is null then m.mark else 'in_doubt' end as mark,
    m.value_text,
    m.column_name,
    c.source_file,
    c.sheet,
    c.row_number,
    c.sha256,
    c.loaded_at
from {{ ref('int_commune_rows') }} as c
inner join {{ ref('stg_b01_marks') }} as m
    on m.sha256 = c.sha256
    and m.sheet is not distinct from c.sheet
    and m.row_number = c.row_number
left join marks_in_doubt as d
    on d.sha256 = c.sha256 and d.commune_code = c.commune_code
    and d.criterion_no = m.criterion_no
where c.occurrence = 1
{{ only_missing_years('c.year') }}
