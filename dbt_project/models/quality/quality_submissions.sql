{{ config(alias='submissions') }}

-- Every file seen under the raw folder, with the status the ingest decided
-- (current / superseded / duplicate / rejected / pending) and why, and which of its template sheets
-- could not be used (unreadable or missing): a current submission with such a sheet was
-- received, but contributes no figures from that sheet.
select
    s.year,
    s.level,
    s.unit_code,
    s.revision,
    s.source_file,
    s.sha256,
    s.signed_on,
    s.status,
    s.reason,
    s.file_format,
    s.size_bytes,
    s.folder_year,
    s.present,
    s.recorded_at,
    u.unusable_sheets
from {{ source('raw', 'submissions') }} as s
left join {{ ref('int_unusable_sheets') }} as u on u.sha256 = s.sha256
