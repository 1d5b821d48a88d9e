{{ config(alias='submissions') }}

-- Every file seen under the raw folder, with the status the ingest decided
-- (current / superseded / duplicate / rejected) and why.
select
    year,
    level,
    unit_code,
    revision,
    source_file,
    sha256,
    signed_on,
    status,
    reason,
    file_format,
    size_bytes,
    folder_year,
    present,
    recorded_at
from {{ source('raw', 'submissions') }}
