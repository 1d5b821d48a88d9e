-- B02 rows of current submissions, in million VND (converted by the ingest from the
-- header's unit), with the template's source code mapped to the warehouse's.
select
    s.year,
    s.level,
    s.unit_code,
    s.province_code,
    b.source_code as b02_code,
    fs.source_code,
    fs.is_community,
    b.source_name,
    b.amount_million_vnd,
    b.value_text,
    -- the amount's cell could not be read (flagged UNPARSEABLE_VALUE): not zero, unknown
    coalesce(b.value_unreadable, false) as value_unreadable,
    b.value_unit,
    b.quantity,
    b.quantity_unit,
    b.source_file,
    b.sha256,
    b.sheet,
    b.row_number
from {{ source('raw', 'b02_funding') }} as b
inner join {{ ref('stg_submissions') }} as s on s.sha256 = b.sha256
left join {{ ref('funding_sources') }} as fs on fs.b02_code = b.source_code
