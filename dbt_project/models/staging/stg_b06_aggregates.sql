-- B06 figures as the unit reports them, for current submissions.
select
    s.year,
    s.level,
    s.unit_code,
    s.province_code,
    b.indicator_code,
    b.indicator_name,
    b.value,
    b.value_text,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b06_aggregates') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
