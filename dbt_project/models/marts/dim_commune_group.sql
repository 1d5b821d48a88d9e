-- The groups of communes of Decision 51/2025/QĐ-TTg: from 2026 the 10 criteria are judged
-- with thresholds that depend on the commune's group (fct_commune_status.commune_group).
select
    g.commune_group,
    g.criteria_set,
    g.name_vi,
    g.name_en,
    g.description_vi,
    g.description_en,
    s.decision
from {{ ref('commune_groups') }} as g
inner join {{ ref('criteria_sets') }} as s on s.criteria_set = g.criteria_set
