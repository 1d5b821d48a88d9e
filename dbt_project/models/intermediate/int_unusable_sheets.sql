-- File contents with a template sheet whose figures are not used: unreadable (a column its
-- figures depend on was not identified) or missing though required. One row per sha256, with
-- the sheets and why, and one flag per sheet code for the models that must not treat an
-- absent sheet as a sheet of zeros. A sheet set aside beside one of its code that was read
-- (a blank copy of the form, last year's or an old copy, `B01 (cũ)`) takes nothing from its
-- code's figures: the code is unusable only when none of its sheets was read.
with sheets as (
    select
        *,
        bool_or(status = 'read') over (partition by sha256, sheet_code) as code_read
    from {{ ref('stg_sheets') }}
)

select
    sha256,
    string_agg(sheet_code || ' (' || status || ')', ', ' order by sheet_code)
        as unusable_sheets,
    bool_or(sheet_code = 'B01') as b01_unusable,
    bool_or(sheet_code = 'B02') as b02_unusable,
    bool_or(sheet_code = 'B03') as b03_unusable,
    bool_or(sheet_code = 'B04') as b04_unusable,
    bool_or(sheet_code = 'B06') as b06_unusable
from sheets
where status <> 'read' and not code_read
group by sha256
