-- B01 criterion cells of current submissions: one row per commune row and criterion column.
-- `mark` is what the ingest read: met, not_met, basically_met (Cơ bản đạt) or unparseable.
select
    s.year,
    m.commune_code,
    m.criterion_no,
    m.mark,
    m.value_text,
    m.column_name,
    m.source_file,
    m.sha256,
    s.loaded_at,
    m.sheet,
    m.row_number
from {{ source('raw', 'b01_marks') }} as m
inner join {{ ref('stg_submissions') }} as s on s.sha256 = m.sha256
