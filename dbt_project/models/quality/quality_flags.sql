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
),

with_era as (
    select *, {{ map_era('year') }} as map_era from flags
)

-- Every flag names its unit: the ingest's flags (and a suite's about a whole file) carry only
-- the code, so the name comes from the map of the flag's year.
select
    f.* replace (coalesce(f.unit_name, u.name) as unit_name)
from with_era as f
left join {{ ref('dim_admin_unit') }} as u
    on u.unit_code = f.unit_code and u.level = f.level and u.map_era = f.map_era
order by f.year, f.level, f.unit_code, f.source_file, f.sheet, f.row_number, f.check_code
