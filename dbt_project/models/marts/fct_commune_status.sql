{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook=before_begin("{{ delete_changed_years('int_commune_rows') }}"),
) }}

-- One row per reporting year and commune, from the commune's B01 row in the current
-- submission. `criteria_met` is counted from the criterion cells; what the unit typed in
-- `Số tiêu chí đạt` is kept beside it as `criteria_met_reported`. A status holds when its
-- year is at or before the reporting year, so a year typed in the future (flagged by the
-- quality checks) does not make a commune NTM early; a status year whose cell could not be
-- read (`2019 (QĐ …)`, flagged UNPARSEABLE_VALUE) leaves that status null: unknown. A mark
-- of reached instead of a year (`x` under `Đạt chuẩn NTM`, flagged STATUS_MARK) makes the
-- status true and its year null, and whether it was reached this year (is_new_*) unknown.
-- A commune listed twice in its submission with rows that disagree has what they disagree
-- on unknown (criteria_met, a level's year and status: null), as for an unreadable cell.
select
    year,
    province_code,
    district_code,
    commune_code,
    commune_name,
    criteria_set,
    commune_group,
    criteria_count,
    criteria_met,
    criteria_met_reported,
    criteria_basically_met,
    criteria_unparseable,
    criteria_met = criteria_count as meets_all_criteria,
    case
        when ntm_year_unreadable then null
        when ntm_marked then true
        else coalesce(ntm_year <= year, false)
    end as is_ntm,
    case
        when advanced_year_unreadable then null
        when advanced_marked then true
        else coalesce(advanced_year <= year, false)
    end as is_advanced,
    case
        when model_year_unreadable then null
        when model_marked then true
        else coalesce(model_year <= year, false)
    end as is_model,
    ntm_year,
    advanced_year,
    model_year,
    case
        when ntm_year_unreadable or ntm_marked then null
        else coalesce(ntm_year = year, false)
    end as is_new_ntm,
    case
        when advanced_year_unreadable or advanced_marked then null
        else coalesce(advanced_year = year, false)
    end as is_new_advanced,
    case
        when model_year_unreadable or model_marked then null
        else coalesce(model_year = year, false)
    end as is_new_model,
    submitted_by_level,
    submitted_by,
    map_era,
    source_file,
    sheet,
    row_number,
    sha256,
    loaded_at
from ({{ commune_as_known(ref('int_commune_rows')) }})
where occurrence = 1
{{ only_missing_years() }}
