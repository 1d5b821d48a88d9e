"""Column types of the raw tables, derived from the template's declarations (``template.py``).

A sheet's raw table has one column per field (its ``raw_column``), plus the typed-text and
unit companions the field declares; the other tables (marks, totals, unmapped cells, flags,
sheets) are the reader's own. Every content table also has the lineage columns.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pipelines.ingest import template as t

LINEAGE: dict[str, Any] = {"source_file": pl.String, "sha256": pl.String, "sheet": pl.String,
                           "row_number": pl.Int64}


def sheet_table(spec: t.SheetSpec) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind in t.NOT_STORED:
            continue
        columns[f.raw_column] = t.KIND_TYPES[f.kind]
        if f.text:
            columns[f.text] = pl.String
        if f.unit:
            columns[f.unit] = pl.String
    columns.update(spec.extra_columns)
    return columns


# Column types of the content tables, lineage excluded (it comes first in each table).
CONTENT_TABLES: dict[str, dict[str, Any]] = {
    "thongtin": {"key": pl.String, "field": pl.String, "value_text": pl.String},
    **{spec.table: sheet_table(spec) for spec in t.SHEETS.values()},
    "b01_marks": {
        "commune_code": pl.String, "criterion_no": pl.Int64, "column_name": pl.String,
        "value_text": pl.String, "mark": pl.String,
    },
    "sheet_totals": {
        "field": pl.String, "column_name": pl.String, "value": pl.Float64,
        "value_text": pl.String,
    },
    "unmapped_cells": {
        "column_name": pl.String, "column_header": pl.String, "row_kind": pl.String,
        "value": pl.String,
    },
    "parse_flags": {
        "check_code": pl.String, "severity": pl.String, "column_name": pl.String,
        "raw_value": pl.String, "indicator_code": pl.String, "message": pl.String,
    },
    # One row per template sheet of a file (row_number: the header's Excel row): read,
    # unusable (its table was not understood, so none of its rows were stored) or missing.
    "sheets": {
        "sheet_code": pl.String, "status": pl.String, "columns": pl.String,
        "missing": pl.String, "data_rows": pl.Int64,
    },
}
