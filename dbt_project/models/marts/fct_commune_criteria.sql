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
select
    c.year,
    c.province_code,
    c.district_code,
    c.commune_code,
    c.criteria_set,
    m.criterion_no,
    case m.mark
        when 'met' then true
        when 'not_met' then false
        when 'basically_met' then false
    end as met,
    m.mark,
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
where c.occurrence = 1
{{ only_missing_years('c.year') }}
