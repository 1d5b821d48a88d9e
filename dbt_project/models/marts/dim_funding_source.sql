-- The sources of fct_funding: the template's B02 codes and the warehouse's source_code.
-- `community_total` (row 6 when its parts are given) never appears in fct_funding.
select
    source_code,
    b02_code,
    name_vi,
    name_en,
    is_community,
    is_part_of as part_of_b02_code,
    source_code <> 'community_total' as appears_in_fct_funding
from {{ ref('funding_sources') }}
