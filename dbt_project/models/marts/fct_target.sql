-- B04: for each unit-year and indicator, this year's target (Kế hoạch), the result
-- (Thực hiện) and next year's target (Kế hoạch năm sau), as the unit reported them. An
-- indicator listed twice in one sheet keeps its first row (the other is flagged DUPLICATE_ROW).
select
    r.year,
    r.unit_code,
    r.level,
    r.province_code,
    r.indicator_code,
    coalesce(t.name_vi, r.indicator_name) as indicator_name_vi,
    t.name_en as indicator_name_en,
    coalesce(t.unit_vi, r.unit_of_measure) as unit_of_measure,
    r.target,
    r.actual,
    r.next_year_target,
    t.indicator_code is not null as is_template_indicator,
    r.source_file,
    r.sheet,
    r.row_number,
    r.sha256
from {{ ref('stg_b04_targets') }} as r
left join {{ ref('target_indicators') }} as t on t.indicator_code = r.indicator_code
where r.indicator_code is not null and r.occurrence = 1
