-- The current revision of each unit-year, with the identity its ThongTin gives. Every fact
-- is read through this model, so superseded, duplicate, rejected and pending files (received
-- for a closed year, not yet accepted) never reach marts.
with current_files as (
    select
        s.sha256,
        s.source_file,
        s.year,
        s.level,
        s.unit_code,
        s.revision,
        s.signed_on,
        f.province_code,
        f.province_name,
        f.district_code,
        f.district_name,
        f.criteria_set as declared_criteria_set,
        f.district_ntm_year,
        f.read_at as loaded_at,
        -- The same content can sit at two paths only as a duplicate; keep one row per file.
        row_number() over (partition by s.sha256 order by s.source_file) as path_rank
    from {{ source('raw', 'submissions') }} as s
    inner join {{ source('raw', 'files') }} as f on f.sha256 = s.sha256
    where s.status = 'current'
)

select
    c.sha256,
    c.source_file,
    c.year,
    c.level,
    c.unit_code,
    c.province_code,
    c.province_name,
    c.district_code,
    c.district_name,
    c.revision,
    c.signed_on,
    coalesce(c.declared_criteria_set, cs.criteria_set) as criteria_set,
    c.declared_criteria_set,
    c.district_ntm_year,
    c.loaded_at,
    {{ map_era('c.year') }} as map_era
from current_files as c
left join {{ ref('criteria_sets') }} as cs
    on c.year between cs.first_year and cs.last_year
where c.path_rank = 1
