"""The report's numbers, one SQL query per chart or table.

Each figure on the page is drawn from exactly one of these functions so that a test can
recompute it with independent SQL and compare. They read the contract schemas `marts` and
`quality`, and `reporting`, the models kept for this page; the page keeps working whatever
happens to the internal models. No rule of the warehouse is computed again here: a name is
looked up in the map a fact's codes are written in through the fact's own `map_era` (set by
the dbt macro `map_era()`), and the OCOP certificates in force come from
`reporting.rpt_ocop_in_force`, the rule the computed indicators count.

Every text value is NFC-normalized on the way out: submissions mix composed and decomposed
Vietnamese, and the same name typed both ways must look, sort and group as one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import duckdb

Row = dict[str, Any]

def _clean(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    """Rows as dicts, text NFC-normalized."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{n: _clean(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def overview(con: duckdb.DuckDBPyConnection) -> Row:
    """Years the warehouse holds current submissions for, and how many there are."""
    return fetch(con, """
        select
            list(distinct year order by year) filter (where year is not null) as years,
            count(*) as current_submissions
        from quality.submissions
        where status = 'current'
    """)[0]


def province_coverage(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """How much of each province-year its figures cover (`reporting.rpt_province_coverage`):
    the units that report its communes and money, and how many sent a readable B01 and B02.
    The charts mark a province-year drawn over part of the province, and the map of each
    year (`map_era`) gives every chart its reform line."""
    return fetch(con, """
        select c.year, c.province_code, c.map_era,
               coalesce(d.name, 'Mã tỉnh ' || c.province_code) as province_name,
               c.reporting_level, c.units_expected, c.units_with_b01, c.units_with_b02,
               c.units_with_b03, c.communes_complete, c.funding_complete, c.ocop_complete
        from reporting.rpt_province_coverage as c
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = c.province_code
            and d.map_era = c.map_era
        order by c.year, c.province_code
    """)


def status_by_province(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 1: share of B01 communes at each status, per province and year.

    The denominator is the communes the province's reports list in B01 that year whose status
    is known (a status year that could not be read leaves it null); a status counts when its
    year is at or before the reporting year (is_ntm/is_advanced/is_model).
    Names come through the fact's own `map_era`, the map its codes are written in.
    """
    return fetch(con, """
        select
            s.year,
            s.province_code,
            s.map_era,
            coalesce(d.name, 'Mã tỉnh ' || s.province_code) as province_name,
            count(*) as communes,
            count(*) filter (where s.is_ntm) as ntm,
            count(*) filter (where s.is_advanced) as advanced,
            count(*) filter (where s.is_model) as model,
            100.0 * count(*) filter (where s.is_ntm) / nullif(count(s.is_ntm), 0) as ntm_pct,
            100.0 * count(*) filter (where s.is_advanced) / nullif(count(s.is_advanced), 0)
                as advanced_pct,
            100.0 * count(*) filter (where s.is_model) / nullif(count(s.is_model), 0)
                as model_pct
        from marts.fct_commune_status as s
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = s.province_code
            and d.map_era = s.map_era
        group by all
        order by s.province_code, province_name, s.year
    """)


def status_by_commune_group(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 1's table by commune group (2026-2030: Decision 51/2025/QĐ-TTg), for the years
    in which B01 reported groups: communes, NTM and the average criteria met per group. A
    commune whose group was not reported is its own row (`commune_group` null), so the groups
    add up to the province."""
    return fetch(con, """
        select
            s.year,
            s.province_code,
            coalesce(d.name, 'Mã tỉnh ' || s.province_code) as province_name,
            s.commune_group,
            g.name_vi as group_name_vi,
            g.name_en as group_name_en,
            count(*) as communes,
            count(*) filter (where s.is_ntm) as ntm,
            100.0 * count(*) filter (where s.is_ntm) / nullif(count(s.is_ntm), 0) as ntm_pct,
            avg(s.criteria_met) as avg_criteria_met,
            max(s.criteria_count) as criteria_count
        from marts.fct_commune_status as s
        left join marts.dim_commune_group as g using (commune_group)
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = s.province_code
            and d.map_era = s.map_era
        where (s.year, s.province_code) in (
            select distinct year, province_code from marts.fct_commune_status
            where commune_group is not null)
        group by all
        order by s.province_code, s.year, s.commune_group nulls last
    """)


def status_on_todays_map(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 5: share of NTM communes on today's provinces and communes, every year.

    Years before 2025 come restated by the rule for merged communes
    (``marts.fct_commune_status_current_map``); the share is over the communes whose status
    is known, and `communes` (today's rural communes of the province) against `known` says
    how much of the province that is: before 2025 the new Cần Thơ has only the communes
    formed from Hậu Giang's."""
    return fetch(con, """
        with today as (
            select province_code, count(*) as communes
            from marts.dim_admin_unit
            where map_era = '2025' and level = 'commune' and is_rural_commune
            group by all
        ),
        status as (
            select year, province_code,
                   count(*) filter (where is_ntm is not null) as known,
                   count(*) filter (where is_ntm) as ntm
            from marts.fct_commune_status_current_map
            group by all
        )
        select s.year, s.province_code,
               coalesce(d.name, 'Mã tỉnh ' || s.province_code) as province_name,
               coalesce(t.communes, s.known) as communes, s.known, s.ntm,
               100.0 * s.ntm / nullif(s.known, 0) as ntm_pct
        from status as s
        left join today as t using (province_code)
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = s.province_code and d.map_era = '2025'
        order by s.province_code, s.year
    """)


def criteria_by_province(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 2: mean criteria met (counted from the cells) per B01 commune, by province."""
    return fetch(con, """
        select
            s.year,
            s.province_code,
            s.map_era,
            coalesce(d.name, 'Mã tỉnh ' || s.province_code) as province_name,
            count(*) as communes,
            count(s.criteria_met) as communes_counted,
            avg(s.criteria_met) as avg_criteria_met,
            string_agg(distinct s.criteria_set, ', ' order by s.criteria_set) as criteria_sets,
            max(s.criteria_count) as criteria_count
        from marts.fct_commune_status as s
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = s.province_code
            and d.map_era = s.map_era
        group by all
        order by s.province_code, province_name, s.year
    """)


def criteria_sets_by_year(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Which criteria set the communes of each year were judged against, for the subtitle."""
    return fetch(con, """
        with used as (
            select year, criteria_set, max(criteria_count) as criteria_count, count(*) as communes
            from marts.fct_commune_status
            group by all
        ),
        sets as (
            select criteria_set, max(decision) as decision, max(criteria_count) as set_count
            from marts.dim_criterion
            group by all
        )
        select u.year, u.criteria_set, coalesce(u.criteria_count, s.set_count) as criteria_count,
               s.decision, u.communes
        from used as u
        left join sets as s using (criteria_set)
        order by u.year, u.criteria_set
    """)


def funding_by_source(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 3: money mobilized per year, province and source, in million VND, counted once.

    Up to 2024 a province's own B02 already covers its districts, so adding both levels
    would count the money twice: the mart marks the rows that count once (`counts_once`, the
    province's rows, or its districts' where it sent no B02 of its own; `basis` says which).
    fct_funding already leaves out row 6 when its parts are given and the `Tổng cộng` row.
    """
    return fetch(con, """
        with counted as (
            select f.*,
                   case when f.level = 'province' then 'province' else 'districts' end as basis
            from marts.fct_funding as f
            where f.counts_once
        )
        select
            c.year,
            c.province_code,
            coalesce(d.name, 'Mã tỉnh ' || c.province_code) as province_name,
            c.basis,
            c.map_era,
            c.source_code,
            coalesce(fs.name_vi, c.source_code) as source_name_vi,
            coalesce(fs.name_en, c.source_code) as source_name_en,
            coalesce(fs.is_community, c.is_community) as is_community,
            coalesce(fs.b02_code, fs.part_of_b02_code || '.9', '9') as source_order,
            count(distinct c.unit_code) as units,
            coalesce(sum(c.amount_million_vnd), 0) as amount_million_vnd
        from counted as c
        left join marts.dim_funding_source as fs using (source_code)
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = c.province_code
            and d.map_era = c.map_era
        group by all
        order by c.year, c.province_code, source_order, c.source_code
    """)


def ocop_by_stars(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 4: OCOP certificates per year and star rating, in two readings.

    `in_force`: certificates in force on 31 December, a re-rated product counted once with
    its latest certificate (`reporting.rpt_ocop_in_force`, the rule the warehouse's computed
    OCOP indicators use). `recognized`: certificates recognized in the year (their date's
    year, or the year a date without its day gives). A certificate's `year` column is only
    the year of the listing kept, so neither reading uses it. Certificates without a
    recognition year are left out.
    """
    return fetch(con, """
        with years as (
            select distinct year from quality.submissions
            where status = 'current' and year is not null
        ),
        in_force_counts as (
            select year, stars, count(*) as n from reporting.rpt_ocop_in_force group by all
        ),
        recognized_counts as (
            select recognized_year as year, stars, count(*) as n
            from marts.fct_ocop_product
            where recognized_year is not null
            group by all
        )
        select
            y.year,
            s.stars,
            coalesce(f.n, 0) as in_force,
            coalesce(r.n, 0) as recognized
        from years as y
        cross join (values (3), (4), (5)) as s(stars)
        left join in_force_counts as f on f.year = y.year and f.stars = s.stars
        left join recognized_counts as r on r.year = y.year and r.stars = s.stars
        order by y.year, s.stars
    """)


def ocop_top_products(con: duckdb.DuckDBPyConnection, year: int, limit: int = 20) -> list[Row]:
    """The highest-rated certificates in force on 31 December of `year`, for a named list;
    the province is named in the map of the listing's year."""
    return fetch(con, f"""
        select
            r.stars, r.product_name, r.producer, r.product_group_name, r.recognized_on,
            r.valid_until, r.province_code,
            coalesce(d.name, 'Mã tỉnh ' || r.province_code) as province_name
        from reporting.rpt_ocop_in_force as r
        left join marts.dim_admin_unit as d
            on d.level = 'province' and d.unit_code = r.province_code
            and d.map_era = r.map_era
        where r.year = ?
        order by r.stars desc, r.recognized_on desc, r.product_name
        limit {int(limit)}
    """, [year])


def flags_by_check(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Chart 6 and its table: quality flags per check and severity."""
    return fetch(con, """
        select coalesce(check_code, '?') as check_code, coalesce(severity, '?') as severity,
               count(*) as flags
        from quality.flags
        group by all
        order by check_code, severity
    """)


def flags_by_year(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Quality flags per reporting year and severity (year null: not tied to a year)."""
    return fetch(con, """
        select year, coalesce(severity, '?') as severity, count(*) as flags
        from quality.flags
        group by all
        order by year nulls last, severity
    """)


def flags_top_units(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[Row]:
    """The units with most flags. A unit is its code, level and map: district 15x of the
    legacy map is not the same place as a code reused after the reform. Flags raised before
    a unit could be identified (no code) are not attributed to anyone."""
    return fetch(con, f"""
        with flagged as (
            select * from quality.flags where unit_code is not null
        )
        select
            f.level,
            f.unit_code,
            f.map_era,
            coalesce(any_value(d.name), max(f.unit_name), '') as unit_name,
            count(*) as flags,
            count(*) filter (where f.severity = 'error') as errors,
            count(*) filter (where f.severity = 'warning') as warnings,
            count(*) filter (where f.severity = 'info') as infos,
            min(f.year) as first_year,
            max(f.year) as last_year
        from flagged as f
        left join marts.dim_admin_unit as d
            on d.unit_code = f.unit_code and d.level = f.level and d.map_era = f.map_era
        group by f.level, f.unit_code, f.map_era
        order by flags desc, errors desc, f.level, f.unit_code, f.map_era
        limit {int(limit)}
    """)


def recent_error_flags(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[Row]:
    """The latest error flags with where they point, so the page says what to fix first."""
    return fetch(con, f"""
        select year, check_code, level, unit_code, unit_name, message, source_file, sheet,
               row_number
        from quality.flags
        where severity = 'error'
        order by year desc nulls last, check_code, unit_code, source_file, row_number
        limit {int(limit)}
    """)
