{{ config(alias='checks') }}

-- The check codes a flag can carry, with their Vietnamese and English labels, for pages and
-- BI tools (join quality.flags on check_code). The labels' one home is the seed check_codes.
select check_code, label_vi, label_en
from {{ ref('check_codes') }}
