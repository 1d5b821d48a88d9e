"""Files for people and tools that will not open the DuckDB warehouse itself.

``export_warehouse`` writes the public schemas (``marts`` and ``quality``) as Parquet and CSV,
and ``marts.fct_indicator`` as SDMX-CSV for statistical exchange; Excel workbooks on
request. Layouts and choices are described in ``docs/bi.md``.
"""

from pipelines.export.tables import DEFAULT_FORMATS, FORMATS, export_warehouse

__all__ = ["DEFAULT_FORMATS", "FORMATS", "export_warehouse"]
