{{ config(alias='flags') }}

-- Every problem found, with the file, sheet and Excel row it came from: what the ingest found
-- while reading (int_ingest_flags) and what the expectation suites found in the check tables
-- (the source quality.expectation_flags, written by the suites' Dagster asset checks, each
-- suite's flags kept per year). A suite's flags for a year that no longer has a current
-- submission are left out. Built by the build's second dbt step, after the checks ran.
with ingest as (
    select
        check_code,
        severity,
        year,
        level,
        unit_code,
        cast(null as varchar) as unit_name,
        indicator_code,
        reported_value,
        expected_value,
        message,
        source_file,
        sheet,
        row_number,
        column_name,
        raw_value,
        sha256,
        'ingest' as suite
    from {{ ref('int_ingest_flags') }}
),

expectations as (
    select
        check_code,
        severity,
        year,
        level,
        unit_code,
        unit_name,
        indicator_code,
        reported_value,
        expected_value,
        message,
        source_file,
        sheet,
        row_number,
        column_name,
        raw_value,
        sha256,
        suite
    from {{ source('quality', 'expectation_flags') }}
    where year in (select distinct year from {{ ref('stg_submissions') }})
),

flags as (
    select * from ingest
    union all
    select * from expectations
)

select
    *,
    {{ map_era('year') }} as map_era
from flags
order by year, level, unit_code, source_file, sheet, row_number, check_code
