-- B05 district criteria (H1-H9) of current district submissions.
select
    s.year,
    s.unit_code as district_code,
    s.province_code,
    b.criterion_code,
    b.criterion_name,
    b.mark,
    b.value_text,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b05_district_criteria') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
