{{ config(alias='flags') }}

-- Every problem found, with the file, sheet and Excel row it came from: what the ingest found
-- while reading (int_ingest_flags) and what the expectation suites found in the check tables
-- (the source quality.expectation_flags, written by the suites' Dagster asset checks, each
-- suite's flags kept per year). A suite's flags for a year that no longer has a current
-- submission are left out. Built by the build's second dbt step, after the checks ran.
-- Each flag has a stable key (the macro flag_key) by which the review marks of reviews.csv
-- (the source review.flag_reviews) follow it from build to build; rows of that file that
-- could not be used are flags themselves (review.review_file_flags).
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

review_file as (
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
        'review' as suite
    from {{ source('review', 'review_file_flags') }}
),

flags as (
    select * from ingest
    union all
    select * from expectations
    union all
    select * from review_file
),

with_era as (
    select *, {{ map_era('year') }} as map_era, {{ flag_key() }} as flag_key from flags
),

named as (
    select
        f.* replace (coalesce(f.unit_name, u.name) as unit_name)
    from with_era as f
    left join {{ ref('dim_admin_unit') }} as u
        on u.unit_code = f.unit_code and u.level = f.level and u.map_era = f.map_era
),

marked as (
    select
        f.*,
        r.flag_key is not null as has_mark,
        {{ review_value_text('r.reported_value') }} is not distinct from
            {{ review_value_text('f.reported_value') }} as mark_holds,
        r.review_status as mark_status,
        r.review_comment as mark_comment,
        r.reviewed_by as mark_by,
        r.reviewed_at as mark_at,
        coalesce({{ review_value_text('r.reported_value') }}, 'trống') as marked_value_vi,
        coalesce({{ review_value_text('r.reported_value') }}, 'none') as marked_value_en,
        coalesce({{ review_value_text('f.reported_value') }}, 'trống') as value_vi,
        coalesce({{ review_value_text('f.reported_value') }}, 'none') as value_en
    from named as f
    left join {{ source('review', 'flag_reviews') }} as r
        on r.flag_key = f.flag_key
)

-- Every flag names its unit: the ingest's flags (and a suite's about a whole file) carry only
-- the code, so the name comes from the map of the flag's year (named). A mark holds while the
-- flag's reported value is the one it was made on; a mark on another value is dropped, and
-- the flag says so in review_note (a dropped `open` mark took nothing away: no note).
select
    * exclude (has_mark, mark_holds, mark_status, mark_comment, mark_by, mark_at,
               marked_value_vi, marked_value_en, value_vi, value_en),
    case when has_mark and mark_holds then mark_status else 'open' end as review_status,
    case when has_mark and mark_holds then mark_comment end as review_comment,
    case when has_mark and mark_holds then mark_by end as reviewed_by,
    case when has_mark and mark_holds then mark_at end as reviewed_at,
    case when has_mark and not mark_holds and mark_status <> 'open' then
        'Dấu ''' || mark_status || ''' (' || coalesce(mark_by, '?') || ', '
        || coalesce(strftime(mark_at, '%d/%m/%Y'), '?')
        || ') không còn áp dụng: giá trị báo cáo đã đổi từ ' || marked_value_vi
        || ' thành ' || value_vi
        || ' — the ''' || mark_status || ''' mark (' || coalesce(mark_by, '?') || ', '
        || coalesce(strftime(mark_at, '%Y-%m-%d'), '?')
        || ') no longer applies: the reported value changed from ' || marked_value_en
        || ' to ' || value_en
        || coalesce('. Ghi chú cũ / earlier comment: ' || mark_comment, '')
    end as review_note
from marked
order by year, level, unit_code, source_file, sheet, row_number, check_code
