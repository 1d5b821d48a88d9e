"""Formatting and escaping shared by the charts and the HTML tables.

Two different escapes are needed. In HTML, text from a submission goes through
`html.escape`. In a chart, plotly.js reads labels as a small HTML subset (it honours `<b>`,
`<br>`, `<a href>`) and decodes entities, so the same escape keeps a unit named `<a href=…>`
from becoming a link and shows the characters the unit typed.
"""

from __future__ import annotations

import html
import unicodedata

from pipelines.numbers import vn_figure, vn_number

__all__ = ["cell", "label", "share", "vn_figure", "vn_number", "vn_pct", "year_ranges"]


def cell(value: object) -> str:
    """A table cell's text: empty for null, NFC, HTML-escaped."""
    if value is None:
        return ""
    return html.escape(unicodedata.normalize("NFC", str(value)))


def label(value: object) -> str:
    """Text for a plotly label (trace name, tick, hover), shown literally. Quotes stay as
    they are: plotly.js does not decode `&quot;`, and without `<` they cannot open a tag."""
    if value is None:
        return ""
    return html.escape(unicodedata.normalize("NFC", str(value)), quote=False)


def vn_pct(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{vn_number(value, decimals)} %"


def share(part: float | int | None, whole: float | int | None) -> float | None:
    """Percentage, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def year_ranges(years: list[int]) -> str:
    """`2019–2022, 2024` for a list of years."""
    ordered = sorted(set(years))
    parts: list[str] = []
    start = prev = None
    for y in [*ordered, None]:
        if start is not None and (y is None or y != prev + 1):
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if y is not None and start is None:
            start = y
        prev = y
    return ", ".join(parts)
