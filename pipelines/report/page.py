"""Assemble the report page and write it atomically.

The page has to open from a file on a machine without internet: plotly.js is inlined once
in the head, no font, style sheet or image is fetched, and every chart also has a plain
HTML table so that the numbers can be read (and printed) with JavaScript off.

Chart data sits in `<script type="application/json">` blocks, one per chart, rendered by a
single script at the end. Plotly escapes `<`, `>` and `/` in its JSON; `_script_safe`
escapes them again so that the page's safety never depends on a library's default, and a
unit named `</script><script>…` stays a string.

Escaping is the defence; a Content-Security-Policy is the second line should a text ever slip
through unescaped: only the two scripts the page was written with may run (by their sha256),
and nothing may be fetched or sent, so an injected script neither runs nor phones home.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from pipelines.report import charts, queries
from pipelines.report.formatting import cell, share, vn_number, vn_pct, year_ranges
from pipelines.report.queries import Row

TITLE = "Nông thôn mới — báo cáo tổng hợp / summary report"
CHART_IDS = ("chart-status", "chart-criteria", "chart-funding", "chart-ocop", "chart-flags",
             "chart-today")

_STYLE = """
:root{--ink:#1d2733;--muted:#5b6572;--line:#d8dde3;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font-family:system-ui,'Segoe UI','Noto Sans','DejaVu Sans',Arial,sans-serif;
 color:var(--ink);margin:0;line-height:1.45;background:#fff}
header{background:#1f4e79;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .4rem;font-size:1.6rem}
header p{margin:.15rem 0;color:#dce8f3}
main{max-width:1280px;margin:0 auto;padding:0 1.5rem 3rem}
nav{margin:1rem 0;font-size:.92rem} nav a{margin-right:1rem;color:#1f4e79}
section{margin:2.2rem 0;border-top:1px solid var(--line);padding-top:.6rem}
h2{font-size:1.25rem;margin:.4rem 0} h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
.caption{color:var(--muted);font-size:.92rem;margin:.2rem 0 .6rem;max-width:75rem}
.chart{width:100%;min-height:300px;border:1px solid var(--line);border-radius:4px}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}
th,td{border:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:var(--bg)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600;background:var(--bg)}
.error{color:#b00020} .warning{color:#8a5a00} .info{color:#2a5fa8}
details{margin:.4rem 0} summary{cursor:pointer;color:#1f4e79}
.cols{display:flex;flex-wrap:wrap;gap:2rem}
.nojs{background:#fff6d6;padding:.5rem 1rem;border:1px solid #e6d28a}
"""

# Draw every chart from its JSON block; one failing chart must not blank the others.
_RENDER = """
(function () {
  if (typeof Plotly === "undefined") { return; }
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
  for (var i = 0; i < blocks.length; i++) {
    var id = blocks[i].getAttribute("data-chart");
    try {
      var fig = JSON.parse(blocks[i].textContent);
      Plotly.newPlot(id, fig.data, fig.layout, fig.config);
    } catch (e) {
      var el = document.getElementById(id);
      if (el) { el.textContent = "Không vẽ được biểu đồ / chart failed: " + e; }
    }
  }
})();
"""

# No plotly logo: it is a link to the web, and the page must not point outside itself.
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "showLink": False}


def content_security_policy(*scripts: str) -> str:
    """The page's CSP: exactly ``scripts`` may run, styles may be inline (plotly writes its
    own), images only from ``data:``/``blob:`` (plotly's PNG download), nothing else at all:
    no fetch, no form, no frame, no `<base>`."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data: blob:; base-uri 'none'; form-action 'none'")


def _script_safe(text: str) -> str:
    """Make JSON unable to end its <script> element or open an HTML comment. Safe anywhere
    in JSON because these characters can only occur inside strings there."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def figure_json(fig: go.Figure) -> str:
    """The figure as the JSON the page embeds (data, layout, config)."""
    body = fig.to_json()
    return _script_safe('{"config":' + _json_config() + "," + body[1:])


def _json_config() -> str:
    return json.dumps(_PLOTLY_CONFIG, separators=(",", ":"))


def _chart(chart_id: str, fig: go.Figure) -> str:
    return (f'<div id="{chart_id}" class="chart plotly-graph-div"></div>\n'
            f'<script type="application/json" id="{chart_id}-data" data-chart="{chart_id}">'
            f"{figure_json(fig)}</script>")


def _table(headers: list[str], rows: list[list[tuple[str, bool]]],
           total: list[tuple[str, bool]] | None = None) -> str:
    """A table from already-escaped cells; each cell is (html, is_number)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for r in [*rows, *([total] if total and rows else [])]:
        tds = "".join(f'<td class="num">{c}</td>' if num else f"<td>{c}</td>" for c, num in r)
        cls = ' class="total"' if total is not None and r is total else ""
        body.append(f"<tr{cls}>{tds}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(headers)}">Không có số liệu / no data</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _t(value: object) -> tuple[str, bool]:
    return cell(value), False


def _n(value: float | int | None, decimals: int = 0) -> tuple[str, bool]:
    return vn_number(value, decimals), True


def _p(value: float | None) -> tuple[str, bool]:
    return vn_pct(value), True


def _span(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return ""
    return str(first) if first == last else f"{first}–{last}"


def _province(row: Row) -> str:
    return f"{cell(row['province_name'])} ({cell(row['province_code'])})"


# --------------------------------------------------------------------------- sections


def _coverage_cell(cov: Row | None, sheet: str) -> tuple[str, bool]:
    """`11/12 ⚠` for a province-year drawn over part of the province, `12/12` when whole."""
    if cov is None:
        return "", True
    got = cov[f"units_with_{sheet.lower()}"]
    text = f"{vn_number(got)}/{vn_number(cov['units_expected'])}"
    if not charts.partial_note(cov, sheet):
        return text, True
    return f'<span class="warning" title="một phần / partial">{text} ⚠</span>', True


def _partial_list(coverage: list[Row], sheet: str) -> str:
    """The province-years a section shows over part of the province, in one sentence."""
    partial = [r for r in coverage if not r[charts.COMPLETE[sheet]]]
    if not partial:
        return (f"Mọi tỉnh-năm đều đủ {sheet} / every province-year is whole ({sheet} from every "
                "unit that must report).")
    listed = "; ".join(
        f"{r['year']}: {cell(r['province_name'])} ({cell(r['province_code'])}) "
        f"{vn_number(r[f'units_with_{sheet.lower()}'])}/{vn_number(r['units_expected'])}"
        for r in partial)
    return (f"<b>Một phần</b> (thiếu {sheet} của một số đơn vị; số liệu chỉ gồm phần đã báo "
            f"cáo) / <b>partial</b> (some units sent no readable {sheet}; the figures cover "
            f"the rest): {listed}.")


def _key_figures(year: int | None, status: list[Row], criteria: list[Row],
                 funding: list[Row], ocop: list[Row], coverage: list[Row]) -> str:
    """Plain-HTML key figures of the latest year, per province and in total."""
    if year is None:
        return "<p>Kho chưa có báo cáo hiện hành / no current submission yet.</p>"
    crit = {(r["province_code"], r["province_name"]): r for r in criteria if r["year"] == year}
    money: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in funding:
        if r["year"] == year:
            m = money[(r["province_code"], r["province_name"])]
            m[0] += float(r["amount_million_vnd"] or 0)
            if r["is_community"]:
                m[1] += float(r["amount_million_vnd"] or 0)
    provinces = sorted({(r["province_code"], r["province_name"]) for r in status
                        if r["year"] == year} | set(money))
    by_status = {(r["province_code"], r["province_name"]): r for r in status
                 if r["year"] == year}
    cov = charts.coverage_index(coverage)
    rows = []
    tot = defaultdict(float)
    for key in provinces:
        s, c, m = by_status.get(key), crit.get(key), money.get(key, [0.0, 0.0])
        communes = s["communes"] if s else 0
        rows.append([
            (f"{cell(key[1])} ({cell(key[0])})", False),
            _coverage_cell(cov.get((year, str(key[0]))), "B01"), _n(communes),
            _n(s["ntm"] if s else None), _p(s["ntm_pct"] if s else None),
            _n(s["advanced"] if s else None), _p(s["advanced_pct"] if s else None),
            _n(s["model"] if s else None), _p(s["model_pct"] if s else None),
            _n(c["avg_criteria_met"] if c else None, 2),
            _n(m[0] / 1000 if key in money else None, 1),
            _p(share(m[1], m[0]) if key in money else None),
        ])
        if s:
            for k in ("communes", "ntm", "advanced", "model"):
                tot[k] += s[k]
        if c and c["avg_criteria_met"] is not None:
            tot["criteria"] += c["avg_criteria_met"] * c["communes_counted"]
            tot["counted"] += c["communes_counted"]
        tot["money"] += m[0]
        tot["community"] += m[1]
    total = [
        ("Tổng / total", False), ("", False), _n(tot["communes"]), _n(tot["ntm"]),
        _p(share(tot["ntm"], tot["communes"])), _n(tot["advanced"]),
        _p(share(tot["advanced"], tot["communes"])), _n(tot["model"]),
        _p(share(tot["model"], tot["communes"])),
        _n(tot["criteria"] / tot["counted"] if tot["counted"] else None, 2),
        _n(tot["money"] / 1000 if money else None, 1), _p(share(tot["community"], tot["money"])),
    ]
    stars = {r["stars"]: r["in_force"] for r in ocop if r["year"] == year}
    ocop_line = (f"<p>OCOP còn hiệu lực ngày 31/12/{year} / in force on 31 December {year}: "
                 + ", ".join(f"{s} sao: <b>{vn_number(stars.get(s, 0))}</b>" for s in (3, 4, 5))
                 + f" — tổng / total <b>{vn_number(sum(stars.values()))}</b>.</p>")
    headers = ["Tỉnh / province", "Đơn vị có B01 / units with B01", "Số xã / communes",
               "Đạt NTM / NTM", "%",
               "Nâng cao / advanced", "%", "Kiểu mẫu / model", "%",
               "TC đạt BQ / avg criteria", "Nguồn lực (tỷ đồng) / funding (bn VND)",
               "Cộng đồng / community %"]
    return _table(headers, rows, total) + ocop_line


def _status_table(status: list[Row], coverage: list[Row]) -> str:
    cov = charts.coverage_index(coverage)
    rows = [[(_province(r), False), _t(r["year"]),
             _coverage_cell(cov.get((r["year"], str(r["province_code"]))), "B01"),
             _n(r["communes"]), _n(r["ntm"]),
             _p(r["ntm_pct"]), _n(r["advanced"]), _p(r["advanced_pct"]), _n(r["model"]),
             _p(r["model_pct"])] for r in status]
    return _table(["Tỉnh / province", "Năm / year", "Đơn vị có B01 / units with B01",
                   "Số xã / communes", "NTM", "%",
                   "Nâng cao / advanced", "%", "Kiểu mẫu / model", "%"], rows)


def _group_table(groups: list[Row]) -> str:
    """Results by commune group, where B01 reported the groups (2026 on)."""
    if not groups:
        return ""
    rows = [[(_province(r), False), _t(r["year"]),
             _t(f"{r['commune_group']}. {r['group_name_vi']} / {r['group_name_en']}"
                if r["commune_group"] is not None else "chưa báo nhóm / group not reported"),
             _n(r["communes"]), _n(r["ntm"]), _p(r["ntm_pct"]),
             _n(r["avg_criteria_met"], 2), _n(r["criteria_count"])] for r in groups]
    return ("<h3>Theo nhóm xã (bộ tiêu chí 2026–2030) / by commune group (2026-2030 set)</h3>"
            "<p class=\"caption\">Nhóm xã theo Quyết định 51/2025/QĐ-TTg, như cột Nhóm xã của "
            "biểu B01 (marts.fct_commune_status.commune_group, marts.dim_commune_group). / "
            "Commune groups of Decision 51/2025/QĐ-TTg as B01 reported them.</p>"
            + _table(["Tỉnh / province", "Năm / year", "Nhóm xã / commune group",
                      "Số xã / communes", "NTM", "%", "TC đạt BQ / average met",
                      "Số tiêu chí / criteria"], rows))


def _today_table(today: list[Row]) -> str:
    rows = [[(_province(r), False), _t(r["year"]), _n(r["communes"]), _n(r["known"]),
             _n(r["ntm"]), _p(r["ntm_pct"])] for r in today]
    return _table(["Tỉnh hiện nay / today's province", "Năm / year",
                   "Số xã hiện nay / communes today", "Có số liệu / with a status", "NTM",
                   "%"], rows)


def _criteria_table(criteria: list[Row]) -> str:
    rows = [[(_province(r), False), _t(r["year"]), _t(r["criteria_sets"]),
             _n(r["criteria_count"]), _n(r["communes_counted"]),
             _n(r["avg_criteria_met"], 2)] for r in criteria]
    return _table(["Tỉnh / province", "Năm / year", "Bộ tiêu chí / criteria set",
                   "Số tiêu chí / criteria", "Số xã / communes", "TC đạt BQ / average met"],
                  rows)


def _funding_table(funding: list[Row]) -> str:
    years, sources, community = charts.funding_series(funding)
    headers = ["Nguồn / source", *[str(y) for y in years]]
    rows = [[(f"{cell(s['name_vi'])} / {cell(s['name_en'])}", False),
             *[_n(a / 1000, 1) for a in s["amounts"]]] for s in sources]
    totals = [sum(s["amounts"][i] for s in sources) for i in range(len(years))]
    rows.append([("Tỷ lệ cộng đồng / community share", False), *[_p(p) for p in community]])
    return _table(headers, rows, [("Tổng / total (tỷ đồng)", False),
                                  *[_n(t / 1000, 1) for t in totals]])


def _funding_basis(funding: list[Row]) -> str:
    fallback = sorted({(r["year"], r["province_code"], r["province_name"]) for r in funding
                       if r["basis"] == "districts"})
    if not fallback:
        return ("Mọi tỉnh đều có biểu B02 cấp tỉnh trong mọi năm / every province sent its own "
                "B02 every year.")
    listed = "; ".join(f"{y}: {cell(n)} ({cell(c)})" for y, c, n in fallback)
    return ("Tỉnh-năm không có B02 cấp tỉnh, đã cộng các huyện / province-years without a "
            f"province B02, districts summed instead: {listed}.")


def _ocop_table(ocop: list[Row]) -> str:
    years = sorted({r["year"] for r in ocop})
    get = {(r["year"], r["stars"]): r for r in ocop}
    rows = []
    for view, name in (("in_force", "còn hiệu lực 31/12 / in force 31 Dec"),
                       ("recognized", "công nhận trong năm / recognized in year")):
        for stars in (3, 4, 5):
            rows.append([(f"{stars} sao — {name}", False),
                         *[_n(get[(y, stars)][view] if (y, stars) in get else 0)
                           for y in years]])
    return _table(["Số sao / stars", *[str(y) for y in years]], rows)


def _ocop_products(products: list[Row], year: int | None) -> str:
    if year is None:
        return ""
    rows = [[_n(r["stars"]), _t(r["product_name"]), _t(r["producer"]),
             _t(r["product_group_name"]), (_province(r), False), _t(r["recognized_on"]),
             _t(r["valid_until"])] for r in products]
    return (f"<details><summary>Sản phẩm hạng sao cao nhất còn hiệu lực 31/12/{year} / "
            f"highest-rated products in force on 31 December {year}</summary>"
            + _table(["Sao / stars", "Sản phẩm / product", "Chủ thể / producer",
                      "Nhóm / group", "Tỉnh báo cáo / listed by", "Công nhận / recognized",
                      "Hiệu lực đến / valid until"], rows) + "</details>")


def _flags_tables(by_check: list[Row], by_year: list[Row], top: list[Row],
                  recent: list[Row]) -> str:
    severities = [s for s in charts.SEVERITY_COLOURS if any(r["severity"] == s
                                                            for r in [*by_check, *by_year])]
    severities += sorted({r["severity"] for r in by_check} - set(severities))
    sev_head = [f'<span class="{cell(s)}">{cell(s)}</span>' for s in severities]

    def pivot(rows: list[Row], key: str, first: str) -> str:
        grid: dict[object, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in rows:
            grid[r[key]][r["severity"]] += r["flags"]
        keys = sorted(grid, key=lambda k: (k is None, k if k is not None else 0))
        out = [[_t(k if k is not None else "—"), *[_n(grid[k][s]) for s in severities],
                _n(sum(grid[k].values()))] for k in keys]
        total = [("Tổng / total", False),
                 *[_n(sum(grid[k][s] for k in keys)) for s in severities],
                 _n(sum(sum(g.values()) for g in grid.values()))]
        return _table([first, *sev_head, "Tổng / total"], out, total if keys else None)

    top_rows = [[_t(r["level"]), _t(r["unit_code"]), _t(r["unit_name"]),
                 _t(_span(r["first_year"], r["last_year"])),
                 _n(r["errors"]), _n(r["warnings"]), _n(r["infos"]), _n(r["flags"])]
                for r in top]
    recent_rows = [[_t(r["year"]), _t(r["check_code"]), _t(r["level"]),
                    _t(f"{r['unit_code'] or ''} {r['unit_name'] or ''}".strip()),
                    _t(r["message"]), _t(r["source_file"]), _t(r["sheet"]),
                    _t(r["row_number"])] for r in recent]
    return (
        '<div class="cols"><div><h3>Theo loại kiểm tra và mức độ / by check and severity</h3>'
        + pivot(by_check, "check_code", "Kiểm tra / check")
        + "</div><div><h3>Theo năm / by year</h3>" + pivot(by_year, "year", "Năm / year")
        + "</div></div>"
        + "<h3>10 đơn vị nhiều cờ nhất / top 10 units by flags</h3>"
        + _table(["Cấp / level", "Mã / code", "Tên / name", "Năm / years",
                  '<span class="error">error</span>', '<span class="warning">warning</span>',
                  '<span class="info">info</span>', "Tổng / total"], top_rows)
        + "<details><summary>Các cờ lỗi gần nhất / latest error flags</summary>"
        + _table(["Năm / year", "Kiểm tra / check", "Cấp / level", "Đơn vị / unit",
                  "Nội dung / message", "Tệp / file", "Biểu / sheet", "Dòng / row"],
                 recent_rows)
        + "</details>"
    )


def _section(anchor: str, heading: str, caption: str, body: str) -> str:
    return (f'<section id="{anchor}"><h2>{heading}</h2><p class="caption">{caption}</p>'
            f"{body}</section>")


def render_report(con: duckdb.DuckDBPyConnection,
                  generated_at: dt.datetime | None = None) -> str:
    """The whole page as a string; `generated_at` defaults to now (UTC)."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    info = queries.overview(con)
    years: list[int] = list(info["years"] or [])
    latest = max(years) if years else None

    status = queries.status_by_province(con)
    criteria = queries.criteria_by_province(con)
    sets = queries.criteria_sets_by_year(con)
    funding = queries.funding_by_source(con)
    coverage = queries.province_coverage(con)
    today = queries.status_on_todays_map(con)
    groups = queries.status_by_commune_group(con)
    ocop = queries.ocop_by_stars(con)
    by_check = queries.flags_by_check(con)
    by_year = queries.flags_by_year(con)
    top = queries.flags_top_units(con)
    recent = queries.recent_error_flags(con)
    products = queries.ocop_top_products(con, latest) if latest is not None else []

    figures = {
        "chart-status": charts.status_figure(status, coverage),
        "chart-criteria": charts.criteria_figure(criteria, sets, coverage),
        "chart-funding": charts.funding_figure(funding, coverage),
        "chart-ocop": charts.ocop_figure(ocop, coverage),
        "chart-flags": charts.flags_figure(by_check),
        "chart-today": charts.todays_map_figure(today),
    }
    years_text = (f"{year_ranges(years)} ({len(years)} năm / years)" if years
                  else "chưa có / none")
    flag_total = sum(r["flags"] for r in by_check)
    sets_text = charts.criteria_subtitle(sets) or "–"

    sections = [
        _section("sec-key", f"Số liệu chính năm {latest or '–'} / key figures {latest or '–'}",
                 "Theo tỉnh gửi báo cáo, từ các báo cáo hiện hành / by reporting province, "
                 "from current submissions. Tỷ lệ là % số xã trong biểu B01 / shares are % of "
                 "the communes listed in B01. Nguồn lực: như biểu đồ 3 / funding as in chart 3.",
                 _key_figures(latest, status, criteria, funding, ocop, coverage)),
        _section("sec-status", "1. Tỷ lệ xã đạt chuẩn / share of communes by status",
                 "Xã đạt chuẩn NTM, NTM nâng cao, NTM kiểu mẫu: năm đạt không muộn hơn năm báo "
                 "cáo (marts.fct_commune_status: is_ntm, is_advanced, is_model), chia cho số xã "
                 "trong B01 của tỉnh năm đó. Từ 2025 là bản đồ hành chính mới: xã sáp nhập nên "
                 "số xã và số đạt chuẩn thay đổi (đường chấm). / A status counts when its year "
                 "is at or before the reporting year, over the communes the province listed "
                 "in B01. From 2025 the merged two-tier map applies (dotted line): counts "
                 "restart on the new communes. Điểm rỗng: tỉnh-năm một phần / open markers: "
                 "a province-year over part of the province. " + _partial_list(coverage, "B01"),
                 _chart("chart-status", figures["chart-status"])
                 + "<details><summary>Bảng số liệu / data table</summary>"
                 + _status_table(status, coverage) + "</details>" + _group_table(groups)),
        _section("sec-criteria", "2. Số tiêu chí đạt bình quân / average criteria met",
                 "Trung bình số tiêu chí đạt (đếm từ các ô tiêu chí; “cơ bản đạt” là chưa đạt) "
                 "trên mỗi xã trong B01 (marts.fct_commune_status.criteria_met). Các năm dùng "
                 f"bộ tiêu chí khác nhau, chỉ nên so sánh trong cùng bộ: {sets_text}. / Mean "
                 "criteria met per commune, counted from the criterion cells; different years "
                 "use different criteria sets, compare within a set. Điểm rỗng: một phần "
                 "/ open markers: partial, as in chart 1.",
                 _chart("chart-criteria", figures["chart-criteria"])
                 + "<details><summary>Bảng số liệu / data table</summary>"
                 + _criteria_table(criteria) + "</details>"),
        _section("sec-funding", "3. Nguồn lực huy động / funding by source",
                 "Tổng các dòng B02 (marts.fct_funding, nhãn từ marts.dim_funding_source) của "
                 "báo cáo cấp tỉnh, vì đến 2024 báo cáo tỉnh đã bao gồm các huyện: cộng cả hai "
                 "cấp sẽ tính trùng. Dòng 6 khi đã có chi tiết 6.1–6.4 và dòng Tổng cộng không "
                 "được cộng. Đơn vị: tỷ đồng (số gốc là triệu đồng). / Sum of the province-"
                 "level B02 rows (up to 2024 a province's report already covers its districts, "
                 "so adding both levels would count money twice); row 6 given with its parts "
                 "and the total row are not added. Billion VND (stored in million VND). "
                 "Đường chấm: đổi bản đồ hành chính / dotted line: the map changes. "
                 + _funding_basis(funding) + " " + _partial_list(coverage, "B02"),
                 _chart("chart-funding", figures["chart-funding"])
                 + "<details><summary>Bảng số liệu (tỷ đồng) / data table (billion VND)"
                 "</summary>" + _funding_table(funding) + "</details>"),
        _section("sec-ocop", "4. Sản phẩm OCOP theo số sao / OCOP products by stars",
                 "Mặc định: số chứng nhận còn hiệu lực ngày 31/12 của năm (công nhận trước đó, "
                 "hiệu lực 36 tháng chưa hết), mỗi sản phẩm tính một lần theo chứng nhận mới "
                 "nhất; chọn trong danh sách để xem số được công nhận trong năm "
                 "(marts.fct_ocop_product). / Default: certificates in force on 31 December "
                 "(recognized by then, 36 months not over), each product once with its latest "
                 "certificate; the menu switches to certificates recognized in the year. "
                 + _partial_list(coverage, "B03"),
                 _chart("chart-ocop", figures["chart-ocop"])
                 + "<details><summary>Bảng số liệu / data table</summary>"
                 + _ocop_table(ocop) + "</details>" + _ocop_products(products, latest)),
        _section("sec-today", "5. Trên bản đồ hiện nay / on today's map",
                 "Tỷ lệ xã đạt chuẩn NTM theo 34 tỉnh hiện nay, trên các xã hiện nay "
                 "(marts.fct_commune_status_current_map): trước 2025 một xã mới đạt chuẩn khi "
                 "mọi xã cũ hợp thành đều đạt. Điểm rỗng: chỉ một phần số xã của tỉnh có số "
                 "liệu. / Share of NTM communes by today's province, on today's communes: "
                 "before 2025 a new commune counts when every old commune it was formed from "
                 "was NTM (docs/models.md). Open markers: only part of the province's "
                 "communes have a status that year.",
                 _chart("chart-today", figures["chart-today"])
                 + "<details><summary>Bảng số liệu / data table</summary>"
                 + _today_table(today) + "</details>"),
        _section("sec-flags", "6. Cờ chất lượng số liệu / quality flags",
                 f"{vn_number(flag_total)} cờ trong quality.flags / flags in quality.flags. "
                 "Đơn vị là mã, cấp và bản đồ hành chính của năm; tên lấy từ "
                 "marts.dim_admin_unit. / A unit is its code and level in the year's map.",
                 _chart("chart-flags", figures["chart-flags"])
                 + _flags_tables(by_check, by_year, top, recent)),
    ]
    plotly_js = get_plotlyjs()
    csp = content_security_policy(plotly_js, _RENDER)  # base64 and ': no escaping
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (
        ("sec-key", "Số liệu chính / key figures"), ("sec-status", "1. Đạt chuẩn / status"),
        ("sec-criteria", "2. Tiêu chí / criteria"), ("sec-funding", "3. Nguồn lực / funding"),
        ("sec-ocop", "4. OCOP"), ("sec-today", "5. Bản đồ hiện nay / today's map"),
        ("sec-flags", "6. Chất lượng / quality")))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{TITLE}</title>",
        f"<style>{_STYLE}</style>",
        f'<script type="text/javascript">{plotly_js}</script>',
        "</head>",
        "<body>",
        f"<header><h1>{TITLE}</h1>",
        f"<p>Chương trình mục tiêu quốc gia xây dựng nông thôn mới — National Target Programme "
        f"on New Rural Development.</p>"
        f"<p>Năm có số liệu / years covered: <b>{years_text}</b> · Báo cáo hiện hành / current "
        f"submissions: <b>{vn_number(info['current_submissions'])}</b> · Lập lúc / generated: "
        f"<b>{generated_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC</b></p>",
        "<p>Số viết kiểu Việt Nam: 1.234,5 = 1,234.5 / Vietnamese number style.</p></header>",
        "<main>",
        '<noscript><p class="nojs">Biểu đồ cần JavaScript; các bảng bên dưới vẫn đọc được. / '
        "Charts need JavaScript; the tables below are readable without it.</p></noscript>",
        f"<nav>{nav}</nav>",
        *sections,
        "</main>",
        f"<script>{_RENDER}</script>",
        "</body>",
        "</html>",
        "",
    ])


def write_report(con: duckdb.DuckDBPyConnection, out: Path) -> Path:
    """Write the report page to `out` and return it.

    The page is written to a temporary file in the same folder and moved into place, so a
    reader (or a web server publishing the folder) never sees half a page, and a failure
    leaves the previous report untouched.
    """
    out = Path(out)
    page = render_report(con)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the report from colleagues
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return out
