"""The page's plotly figures, built from the rows of `pipelines.report.queries`.

Figures get plain Python lists, never numpy arrays: plotly would encode arrays as base64
typed buffers, and the page's JSON should stay readable by a person and by the tests that
compare it with SQL. Every text that came from a submission passes through `text.label`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipelines.report.formatting import label, share, year_ranges
from pipelines.report.queries import Row

FONT = "system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

# Distinct, colour-blind friendly enough for a handful of provinces.
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22"]
SOURCE_COLOURS = {
    "central_budget": "#1f4e79", "local_budget": "#2e75b6", "integrated": "#9dc3e6",
    "credit": "#7f7f7f", "enterprise": "#bf9000", "other": "#c9c9c9",
    "community_cash": "#375623", "community_land": "#548235", "community_labour": "#70ad47",
    "community_other": "#a9d18e", "community_unspecified": "#c5e0b4",
}
STAR_COLOURS = {3: "#f4b183", 4: "#ed7d31", 5: "#a5410c"}
SEVERITY_COLOURS = {"error": "#b00020", "warning": "#e69f00", "info": "#5b8fd9"}
SEVERITY_LABELS = {"error": "lỗi / error", "warning": "cảnh báo / warning",
                   "info": "thông tin / info"}


def base_layout(title: str, subtitle: str, height: int) -> dict:
    """Layout shared by every chart: Vietnamese number separators (1.234,5), system fonts
    only (the page must not fetch a web font), legend below so long names never squeeze
    the plot."""
    return {
        "title": {"text": title, "subtitle": {"text": subtitle}, "x": 0.01, "xanchor": "left"},
        "template": "plotly_white",
        "font": {"family": FONT, "size": 13},
        "separators": ",.",
        "height": height,
        "margin": {"l": 60, "r": 30, "t": 90, "b": 40},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "hoverlabel": {"namelength": -1},
    }


def _province_key(row: Row) -> tuple[str, str]:
    # Code and name together: a code reused by a different province after the reform
    # (15 Yên Bái, 15 Lào Cai) becomes its own line, one that kept code and name stays one.
    return (str(row["province_code"]), str(row["province_name"]))


def province_colours(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(sorted(set(keys)))}


def _reform_marker(fig: go.Figure, rows: list[Row], **axes: str) -> None:
    """A dotted line where the administrative map changes between two shown years (2024 and
    2025: the reform of 1 July 2025): counts change there because communes were merged, not
    because of the programme. The map of each year is the rows' `map_era`."""
    eras: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        eras[row["year"]].add(row["map_era"])
    years = sorted(eras)
    for before, after in pairwise(years):
        if eras[before] != eras[after]:
            fig.add_vline(x=(before + after) / 2,
                          line={"dash": "dot", "color": "#888", "width": 1}, **axes)


def nice_axis(top: float, ticks: int = 5, whole: bool = False) -> tuple[float, float]:
    """Upper end and step of an axis from zero whose ticks fall on round values (1, 2, 2,5
    or 5 times a power of ten): plotly's own choice follows the range it is given, and a
    range of `top * 1.08` put ticks at 3,24 and 6,48."""
    if not top or top <= 0 or not math.isfinite(top):
        return (float(ticks), 1.0) if whole else (1.0, 0.2)
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    if whole:
        step = max(1.0, float(round(step)) if step >= 1 else 1.0)
    return float(math.ceil(top / step - 1e-9) * step), float(step)


# The column of reporting.rpt_province_coverage that says a sheet covers the whole province.
COMPLETE = {"B01": "communes_complete", "B02": "funding_complete", "B03": "ocop_complete"}


def coverage_index(coverage: list[Row]) -> dict[tuple[int, str], Row]:
    return {(r["year"], str(r["province_code"])): r for r in coverage}


def partial_note(cov: Row | None, sheet: str) -> str:
    """` — một phần: 11/12 huyện có B01 / partial: 11 of 12 districts` for a province-year
    drawn over part of the province; empty when it is whole or unknown."""
    if cov is None:
        return ""
    if cov[COMPLETE[sheet]]:
        return ""
    got = cov[f"units_with_{sheet.lower()}"]
    if cov["reporting_level"] == "district":
        return (f" — một phần: {got}/{cov['units_expected']} huyện có {sheet} / partial: "
                f"{got} of {cov['units_expected']} districts sent {sheet}")
    return f" — chưa có {sheet} / no {sheet}"


def _partial_years(coverage: list[Row], complete: str) -> list[int]:
    return sorted({r["year"] for r in coverage if not r[complete]})


def _mark_partial_years(fig: go.Figure, years: list[int], tops: dict[int, float]) -> None:
    """A note above each year whose total misses part of a province (the units that sent
    nothing), so that a dip is not read as a fall."""
    for year in years:
        fig.add_annotation(x=year, y=tops.get(year, 0), yref="y", text="một phần / partial",
                           showarrow=False, yanchor="bottom", yshift=4,
                           font={"size": 11, "color": "#8a5a00"})


def _empty(fig: go.Figure) -> go.Figure:
    fig.add_annotation(text="Không có số liệu / no data", showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", font={"size": 16, "color": "#888"})
    return fig


STATUSES = (
    ("ntm_pct", "ntm", "Đạt chuẩn NTM / NTM standard"),
    ("advanced_pct", "advanced", "NTM nâng cao / advanced"),
    ("model_pct", "model", "NTM kiểu mẫu / model"),
)


def _partial_markers(series: list[Row], cov: dict[tuple[int, str], Row]) -> dict:
    """Open markers for the province-years drawn over part of the province."""
    notes = [partial_note(cov.get((r["year"], str(r["province_code"]))), "B01") for r in series]
    return {"symbol": ["circle-open" if n else "circle" for n in notes],
            "size": [10 if n else 6 for n in notes]}


def status_figure(rows: list[Row], coverage: list[Row] | None = None) -> go.Figure:
    """Chart 1: three panels (NTM, advanced, model), one line per province, % of communes;
    an open marker where some of the province's districts sent no readable B01."""
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[title for _, _, title in STATUSES])
    fig.update_layout(base_layout(
        "Tỷ lệ xã đạt chuẩn theo tỉnh / share of communes by status and province",
        "% số xã trong biểu B01 của năm / % of the communes listed in B01 that year",
        520))
    fig.update_layout(margin={"t": 120})
    by_province: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_province[_province_key(row)].append(row)
    colours = province_colours(by_province)
    cov = coverage_index(coverage or [])
    for key, series in sorted(by_province.items()):
        name = f"{label(key[1])} ({label(key[0])})"
        notes = [partial_note(cov.get((r["year"], key[0])), "B01") for r in series]
        for col, (pct, count, _) in enumerate(STATUSES, start=1):
            fig.add_trace(go.Scatter(
                x=[r["year"] for r in series], y=[r[pct] for r in series],
                customdata=[[r[count], r["communes"], n] for r, n in zip(series, notes,
                                                                         strict=True)],
                name=name, legendgroup=name, showlegend=col == 1, mode="lines+markers",
                line={"color": colours[key]},
                marker={"color": colours[key], **_partial_markers(series, cov)},
                hovertemplate="%{y:.1f} % (%{customdata[0]}/%{customdata[1]} xã)"
                              "%{customdata[2]}",
            ), row=1, col=col)
    fig.update_yaxes(range=[0, 105], dtick=20, ticksuffix=" %", rangemode="tozero")
    fig.update_yaxes(title_text="% số xã / % of communes", row=1, col=1)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(hovermode="x unified")
    for col in (1, 2, 3):
        _reform_marker(fig, rows, row=1, col=col)
    return fig if rows else _empty(fig)


def todays_map_figure(rows: list[Row]) -> go.Figure:
    """Chart 5: share of NTM communes by today's province, from the first year to the
    latest, on today's communes; an open marker where part of the province's communes have
    no status for the year (their old province or district sent nothing)."""
    fig = go.Figure(layout=base_layout(
        "Tỷ lệ xã đạt chuẩn NTM trên bản đồ hiện nay / share of NTM communes on today's map",
        "% số xã hiện nay có số liệu; trước 2025 theo quy tắc xã sáp nhập / % of today's "
        "communes with a status; before 2025 by the rule for merged communes", 460))
    by_province: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_province[_province_key(row)].append(row)
    colours = province_colours(by_province)
    for key, series in sorted(by_province.items()):
        partial = [r["known"] < r["communes"] for r in series]
        fig.add_trace(go.Scatter(
            x=[r["year"] for r in series], y=[r["ntm_pct"] for r in series],
            customdata=[[r["ntm"], r["known"], r["communes"],
                         (f" — một phần: {r['known']}/{r['communes']} xã có số liệu / partial"
                          if p else "")] for r, p in zip(series, partial, strict=True)],
            name=f"{label(key[1])} ({label(key[0])})", mode="lines+markers",
            line={"color": colours[key]},
            marker={"color": colours[key],
                    "symbol": ["circle-open" if p else "circle" for p in partial],
                    "size": [10 if p else 6 for p in partial]},
            hovertemplate="%{y:.1f} % (%{customdata[0]}/%{customdata[1]} xã)%{customdata[3]}",
        ))
    fig.update_yaxes(range=[0, 105], dtick=20, ticksuffix=" %",
                     title_text="% số xã / % of communes")
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(hovermode="x unified")
    return fig if rows else _empty(fig)


def criteria_subtitle(sets: list[Row]) -> str:
    """`2019–2020: bộ 2016-2020 (19 tiêu chí, 1980/QĐ-TTg); 2021–2025: …`."""
    years_of: dict[tuple[str, object, object], list[int]] = defaultdict(list)
    for r in sets:
        years_of[(r["criteria_set"], r["criteria_count"], r["decision"])].append(r["year"])
    parts = []
    for (name, count, decision), years in sorted(years_of.items(), key=lambda kv: min(kv[1])):
        extra = f", {label(decision)}" if decision else ""
        parts.append(f"{year_ranges(years)}: bộ {label(name)} ({count} tiêu chí{extra})")
    return "; ".join(parts)


def criteria_figure(rows: list[Row], sets: list[Row],
                    coverage: list[Row] | None = None) -> go.Figure:
    """Chart 2: mean criteria met per commune, one line per province, with the size of the
    year's criteria set as a dashed ceiling, since the sets differ between periods; open
    markers as in chart 1."""
    subtitle = ("Các năm dùng bộ tiêu chí khác nhau / years use different criteria sets: "
                + (criteria_subtitle(sets) or "–"))
    fig = go.Figure(layout=base_layout(
        "Số tiêu chí đạt bình quân một xã / average criteria met per commune",
        subtitle, 460))
    by_province: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_province[_province_key(row)].append(row)
    colours = province_colours(by_province)
    cov = coverage_index(coverage or [])
    for key, series in sorted(by_province.items()):
        fig.add_trace(go.Scatter(
            x=[r["year"] for r in series], y=[r["avg_criteria_met"] for r in series],
            customdata=[[r["communes_counted"], label(r["criteria_sets"]), r["criteria_count"],
                         partial_note(cov.get((r["year"], key[0])), "B01")] for r in series],
            name=f"{label(key[1])} ({label(key[0])})", mode="lines+markers",
            line={"color": colours[key]},
            marker={"color": colours[key], **_partial_markers(series, cov)},
            hovertemplate=("%{y:.2f} / %{customdata[2]} tiêu chí (bộ %{customdata[1]}, "
                           "%{customdata[0]} xã)%{customdata[3]}"),
        ))
    ceiling: dict[int, int] = {}
    for r in sets:
        if r["criteria_count"] is not None:
            ceiling[r["year"]] = max(ceiling.get(r["year"], 0), int(r["criteria_count"]))
    if ceiling:
        years = sorted(ceiling)
        fig.add_trace(go.Scatter(
            x=years, y=[ceiling[y] for y in years], mode="lines", line_shape="hvh",
            name="Số tiêu chí của bộ / criteria in the set",
            line={"color": "#555", "dash": "dash", "width": 1},
            hovertemplate="%{y} tiêu chí / criteria",
        ))
    top, step = nice_axis(max([*ceiling.values(), *(r["avg_criteria_met"] or 0 for r in rows),
                               1]) * 1.04)
    fig.update_yaxes(range=[0, top], dtick=step, title_text="tiêu chí / criteria")
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(hovermode="x unified")
    _reform_marker(fig, rows)
    return fig if rows else _empty(fig)


def funding_series(rows: list[Row]) -> tuple[list[int], list[dict], list[float | None]]:
    """Per source, the yearly sum over provinces (million VND); and the community share.

    Returns (years, sources, community_pct) where each source is a dict with its code,
    labels and `amounts` aligned with years.
    """
    years = sorted({r["year"] for r in rows})
    sources: dict[str, dict] = {}
    for r in rows:
        src = sources.setdefault(r["source_code"], {
            "source_code": r["source_code"], "name_vi": r["source_name_vi"],
            "name_en": r["source_name_en"], "is_community": bool(r["is_community"]),
            "order": r["source_order"], "amounts": dict.fromkeys(years, 0.0)})
        src["amounts"][r["year"]] += float(r["amount_million_vnd"] or 0)
    ordered = sorted(sources.values(), key=lambda s: (s["order"], s["source_code"]))
    for s in ordered:
        s["amounts"] = [s["amounts"][y] for y in years]
    community_pct = []
    for i, _ in enumerate(years):
        total = sum(s["amounts"][i] for s in ordered)
        community = sum(s["amounts"][i] for s in ordered if s["is_community"])
        community_pct.append(share(community, total))
    return years, ordered, community_pct


def funding_figure(rows: list[Row], coverage: list[Row] | None = None) -> go.Figure:
    """Chart 3: stacked bars by source in billion VND, community share on a second axis; a
    note over a year that misses part of a province's money, a dotted line at the map
    change."""
    years, sources, community_pct = funding_series(rows)
    fig = go.Figure(layout=base_layout(
        "Nguồn lực huy động theo nguồn / funding by source",
        "tỷ đồng (1 tỷ = 1.000 triệu đồng) / billion VND; đường: tỷ lệ cộng đồng đóng góp, "
        "trục phải / line: community share, right axis", 520))
    for s in sources:
        billions = [a / 1000.0 for a in s["amounts"]]
        fig.add_trace(go.Bar(
            x=years, y=billions, name=label(s["name_vi"]),
            customdata=[[label(s["name_en"]), a] for a in s["amounts"]],
            marker={"color": SOURCE_COLOURS.get(s["source_code"])},
            hovertemplate=("%{y:,.1f} tỷ đồng (%{customdata[1]:,.0f} triệu) "
                           "— %{customdata[0]}"),
        ))
    if years:
        fig.add_trace(go.Scatter(
            x=years, y=community_pct, yaxis="y2", mode="lines+markers+text",
            name="Tỷ lệ cộng đồng / community share (%)",
            text=[f"{p:.1f} %".replace(".", ",") if p is not None else "" for p in community_pct],
            textposition="top center",
            line={"color": "#111", "width": 2}, marker={"symbol": "diamond", "size": 8},
            hovertemplate="%{y:.1f} % cộng đồng / community",
        ))
    top_pct = max([p for p in community_pct if p is not None] or [10.0])
    totals = {y: sum(s["amounts"][i] for s in sources) / 1000.0 for i, y in enumerate(years)}
    top, step = nice_axis(max([*totals.values(), 0.0]) * 1.12)
    top2, step2 = nice_axis(top_pct * 1.6)
    fig.update_layout(
        barmode="stack",
        yaxis={"title": {"text": "tỷ đồng / billion VND"}, "range": [0, top], "dtick": step,
               "tickformat": ",.2~f"},
        yaxis2={"title": {"text": "% cộng đồng / community share"}, "overlaying": "y",
                "side": "right", "range": [0, top2], "dtick": step2, "ticksuffix": " %",
                "tickformat": ".1~f", "showgrid": False},
        xaxis={"dtick": 1, "tickformat": "d"},
        hovermode="x unified",
    )
    fig.update_layout(margin={"r": 70})
    _mark_partial_years(fig, [y for y in _partial_years(coverage or [], "funding_complete")
                              if y in totals], totals)
    _reform_marker(fig, rows)
    return fig if rows else _empty(fig)


def ocop_figure(rows: list[Row], coverage: list[Row] | None = None) -> go.Figure:
    """Chart 4: certificates by stars per year, switchable between 'in force on 31 December'
    (default: the stock a province can show) and 'recognized in the year' (the flow); the
    years whose lists miss a unit are noted, and the map change is dotted as elsewhere."""
    views = (
        ("in_force", "Còn hiệu lực ngày 31/12 / in force on 31 December",
         "Còn hiệu lực ngày 31/12, mỗi sản phẩm một lần / "
         "in force on 31 December, each product once"),
        ("recognized", "Được công nhận trong năm / recognized in the year",
         "Được công nhận trong năm, theo ngày công nhận / recognized in the year, by date"),
    )
    fig = go.Figure(layout=base_layout(
        "Sản phẩm OCOP theo số sao / OCOP products by stars", views[0][2], 460))
    years = sorted({r["year"] for r in rows})
    by_key = {(r["year"], r["stars"], view): r[view] for r in rows for view, _, _ in views}
    for v, (view, _, _) in enumerate(views):
        for stars in (3, 4, 5):
            fig.add_trace(go.Bar(
                x=years, y=[by_key.get((y, stars, view), 0) for y in years],
                name=f"{stars} sao / stars", marker={"color": STAR_COLOURS[stars]},
                text=[by_key.get((y, stars, view), 0) or "" for y in years],
                textposition="inside", visible=v == 0,
                hovertemplate=f"%{{y}} sản phẩm {stars} sao / {stars}-star",
            ))
    buttons = []
    for v, (_, button, subtitle) in enumerate(views):
        visible = [i // 3 == v for i in range(len(views) * 3)]
        buttons.append({"label": button, "method": "update",
                        "args": [{"visible": visible}, {"title.subtitle.text": subtitle}]})
    fig.update_layout(
        barmode="stack",
        updatemenus=[{"buttons": buttons, "direction": "down", "x": 1, "xanchor": "right",
                      "y": 1.03, "yanchor": "bottom", "showactive": True}],
        uniformtext={"minsize": 10, "mode": "hide"},
        xaxis={"dtick": 1, "tickformat": "d"},
    )
    tops = {y: max(sum(by_key.get((y, s, view), 0) for s in (3, 4, 5)) for view, _, _ in views)
            for y in years}
    top, step = nice_axis(max([*tops.values(), 0]) * 1.12, whole=True)
    fig.update_layout(yaxis={"title": {"text": "số chứng nhận / certificates"},
                             "range": [0, top], "dtick": step, "tickformat": ",d"})
    _mark_partial_years(fig, [y for y in _partial_years(coverage or [], "ocop_complete")
                              if y in tops], {y: float(t) for y, t in tops.items()})
    _reform_marker(fig, [r for r in coverage or [] if r["year"] in tops])
    return fig if rows else _empty(fig)


def flags_figure(rows: list[Row]) -> go.Figure:
    """Chart 6: flags per check, stacked by severity, most frequent check on top."""
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["check_code"]] += r["flags"]
    checks = sorted(totals, key=lambda c: (totals[c], c))
    fig = go.Figure(layout=base_layout(
        "Cờ chất lượng theo loại kiểm tra / quality flags by check",
        "số cờ, theo mức độ / number of flags, by severity",
        max(300, 120 + 28 * len(checks))))
    severities = sorted({r["severity"] for r in rows},
                        key=lambda s: (list(SEVERITY_COLOURS).index(s)
                                       if s in SEVERITY_COLOURS else 9, s))
    counts = {(r["check_code"], r["severity"]): r["flags"] for r in rows}
    for sev in severities:
        fig.add_trace(go.Bar(
            y=[label(c) for c in checks], x=[counts.get((c, sev), 0) for c in checks],
            orientation="h", name=SEVERITY_LABELS.get(sev, label(sev)),
            marker={"color": SEVERITY_COLOURS.get(sev, "#999")},
            hovertemplate="%{y}: %{x}",
        ))
    top, step = nice_axis(max(totals.values(), default=0) * 1.05, whole=True)
    fig.update_layout(barmode="stack", margin={"l": 220},
                      xaxis={"title": {"text": "số cờ / flags"}, "range": [0, top],
                             "dtick": step, "tickformat": ",d"})
    return fig if rows else _empty(fig)
