"""A self-contained HTML page of the quality flags, written at every build.

Hand-written rather than Great Expectations' data docs: those list expectations per
validation run, while a statistician asks "what is wrong with my district's report, and
where": flags grouped by unit and check, each with its file, sheet and row. Every value
that came from a submission is HTML-escaped; the page has no script at all, and its
Content-Security-Policy says so, so that an escaping slip could not run one or fetch anything.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

import duckdb

from pipelines.numbers import vn_figure

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem;width:100%;table-layout:fixed}
td{overflow-wrap:anywhere}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} .error{color:#b00020} .warning{color:#8a5a00} .info{color:#555}
"""
# Widths of the per-unit tables' columns (%): the message gets the room, so that the page
# fits a 1280-pixel screen without scrolling sideways.
_DETAIL_COLUMNS = "<colgroup>" + "".join(
    f"<col style='width:{w}%'>" for w in (5, 14, 9, 7, 7, 34, 13, 7, 4)) + "</colgroup>"
# No script, no fetch, no form; inline styles only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                           "form-action 'none'")


def _cell(value: object) -> str:
    return "" if value is None else escape(str(value))


def _check(code: str, labels: dict[str, tuple[str, str]]) -> str:
    """The code, and under it its Vietnamese and English label (quality.checks)."""
    vi, en = labels.get(code, ("", ""))
    label = f"<br><small>{escape(vi)} / {escape(en)}</small>" if vi else ""
    return f"{_cell(code)}{label}"


def _figure(value: float | None) -> str:
    """A reported or expected value as the messages write it (217.154, 3,25)."""
    return "" if value is None else escape(vn_figure(value))


def write_report(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    labels = dict(((code, (vi, en)) for code, vi, en in con.execute(
        "SELECT check_code, label_vi, label_en FROM quality.checks").fetchall()))
    summary = con.execute("""
        SELECT check_code, severity, count(*) AS flags, count(DISTINCT unit_code) AS units,
               min(year) AS first_year, max(year) AS last_year
        FROM quality.flags GROUP BY ALL ORDER BY severity, flags DESC""").fetchall()
    details = con.execute("""
        SELECT year, level, unit_code, coalesce(unit_name, ''), check_code, severity,
               indicator_code, reported_value, expected_value, message, source_file, sheet,
               row_number
        FROM quality.flags ORDER BY level, unit_code, year, check_code, sheet, row_number
    """).fetchall()
    parts = [
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>",
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        "<title>Chất lượng số liệu NTM — quality report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Chất lượng số liệu nông thôn mới — data quality report</h1>",
        f"<p>Lập lúc / generated {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC: "
        f"{vn_figure(len(details))} cảnh báo / flags. Mỗi cảnh báo ghi tệp, biểu và dòng Excel "
        "của số liệu / each names the file, sheet and Excel row it came from.</p>",
        "<h2>Theo loại kiểm tra / by check</h2><table><tr><th>kiểm tra / check</th>"
        "<th>mức độ / severity</th><th>cảnh báo / flags</th><th>đơn vị / units</th>"
        "<th>năm / years</th></tr>",
    ]
    for code, severity, n, units, first, last in summary:
        parts.append(f"<tr><td>{_check(code, labels)}</td><td class='{_cell(severity)}'>"
                     f"{_cell(severity)}</td><td>{n}</td><td>{units}</td>"
                     f"<td>{_cell(first)}–{_cell(last)}</td></tr>")
    parts.append("</table><h2>Theo đơn vị / by unit</h2>")
    current = None
    for row in details:
        year, level, unit, name, code, severity, indicator, reported, expected, message, \
            file, sheet, number = row
        if (level, unit) != current:
            if current is not None:
                parts.append("</table>")
            current = (level, unit)
            parts.append(f"<h3>{_cell(level)} {_cell(unit)} {_cell(name)}</h3><table>"
                         f"{_DETAIL_COLUMNS}<tr>"
                         "<th>năm / year</th><th>kiểm tra / check</th><th>chỉ tiêu / "
                         "indicator</th><th>báo cáo / reported</th><th>tính lại / expected"
                         "</th><th>nội dung / message</th><th>tệp / file</th><th>biểu / sheet"
                         "</th><th>dòng / row</th></tr>")
        parts.append(
            f"<tr><td>{_cell(year)}</td><td class='{_cell(severity)}'>"
            f"{_check(code, labels)}</td>"
            f"<td>{_cell(indicator)}</td><td>{_figure(reported)}</td><td>{_figure(expected)}</td>"
            f"<td>{_cell(message)}</td><td>{_cell(file)}</td><td>{_cell(sheet)}</td>"
            f"<td>{_cell(number)}</td></tr>")
    if current is not None:
        parts.append("</table>")
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
