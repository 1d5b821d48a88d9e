-- Problems found while reading submissions (quality.flags adds the expectation suites' flags
-- to these). Cell-level flags are shown for the current
-- revision of each unit-year only: a superseded file's problems were answered by the
-- revision that replaced it (they stay in raw.parse_flags). A file pending for a closed
-- year (not yet accepted) shows its own, so it can be judged before it is accepted.
with file_flags as (
    select
        check_code,
        severity,
        year,
        level,
        unit_code,
        indicator_code,
        reported_value,
        expected_value,
        message,
        source_file,
        sheet,
        row_number,
        column_name,
        raw_value,
        sha256
    from {{ source('raw', 'submission_flags') }}
),

cell_flags as (
    select
        p.check_code,
        p.severity,
        s.year,
        s.level,
        s.unit_code,
        p.indicator_code,
        cast(null as double) as reported_value,
        cast(null as double) as expected_value,
        s.source_file || ': ' || p.message as message,
        s.source_file,
        p.sheet,
        p.row_number,
        p.column_name,
        p.raw_value,
        p.sha256
    from {{ source('raw', 'parse_flags') }} as p
    inner join {{ source('raw', 'submissions') }} as s
        on p.sha256 = s.sha256
        and s.status in ('current', 'pending')
)

select * from file_flags
union all
select * from cell_flags
