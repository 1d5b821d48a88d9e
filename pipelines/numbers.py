"""Numbers as Vietnamese readers write them (1.234.567,8): one home for the pages, the flag
messages and the quality report. Kept apart from ``pipelines.report`` so that the checks
do not import the charting library to write a number."""

from __future__ import annotations

import math


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """Vietnamese number style, the way the submissions write it: 1.234.567,8."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_figure(value: float | int | None) -> str:
    """A figure of unknown precision (a flag's reported or expected value): a whole number
    without decimals (217.154, never 217154.0), otherwise at most four decimals (3,25), so
    that the float noise of a sum (2984860.6999999997) is not shown as if it were data."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return vn_number(value)
    return vn_number(value, 4).rstrip("0").rstrip(",")
