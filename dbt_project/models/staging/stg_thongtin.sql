-- ThongTin key/value rows of current submissions, as sent (the identity parsed from them is
-- in stg_submissions).
select
    s.year,
    s.level,
    s.unit_code,
    t.key,
    t.field,
    t.value_text,
    t.source_file,
    t.sha256,
    t.sheet,
    t.row_number
from {{ source('raw', 'thongtin') }} as t
inner join {{ ref('stg_submissions') }} as s on s.sha256 = t.sha256
