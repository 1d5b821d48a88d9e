"""The `ntm report` page: one self-contained HTML file summarizing the published warehouse.

A statistician opens it from a shared folder or an e-mail attachment, often on a machine
without internet access, so everything it needs (plotly.js, styles, data) is inside the file
and it reads only the contract schemas `marts` and `quality`, never the internal ones.
"""

from __future__ import annotations

from pipelines.report.page import render_report, write_report

__all__ = ["render_report", "write_report"]
