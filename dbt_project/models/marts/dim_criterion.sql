-- The commune NTM criteria of each set: 19 for 2016-2020 (Decision 1980/QĐ-TTg) and
-- 2021-2025 (318/QĐ-TTg), 10 from 2026 (51/2025/QĐ-TTg).
select
    c.criteria_set,
    c.criterion_no,
    c.name_vi,
    c.name_en,
    s.decision,
    s.decision_date,
    s.first_year,
    s.last_year,
    s.criteria_count
from {{ ref('criteria') }} as c
inner join {{ ref('criteria_sets') }} as s on s.criteria_set = c.criteria_set
