-- Template sheets of every file content the ingest read, with whether their figures could be
-- used. A sheet is `unusable` when a column its figures depend on was not identified: the
-- ingest then stores none of its rows (so no fact can hold a half-read figure), and this
-- model is what says so to quality.submissions, quality.completeness and the figures that
-- would otherwise look complete.
select
    sha256,
    source_file,
    sheet,
    sheet_code,
    status,
    row_number as header_row,
    columns,
    missing,
    data_rows
from {{ source('raw', 'sheets') }}
