"""Submission workbooks built from plain Python data, for tests and the sample generators.

Two layers: ``formats`` writes sheets cell by cell as ``.xlsx``, ``.xls`` or a folder of
CSV files; ``template`` renders a ``Submission`` into the template's sheets. Both are
re-exported here.
"""

from samples.workbooks.formats import (
    DATE_FORMAT,
    FIXED_CREATED,
    Cell,
    Format,
    Sheet,
    csv_text,
    write_csv_folder,
    write_submission,
    write_xls,
    write_xlsx,
)
from samples.workbooks.template import (
    SHEET_B01,
    SHEET_B02,
    SHEET_B03,
    SHEET_B04,
    SHEET_B05,
    SHEET_B06,
    SHEET_INFO,
    TOTAL_LABEL,
    Aggregate,
    Commune,
    DistrictCriterion,
    FundingRow,
    OcopProduct,
    Submission,
    Target,
    number,
    render,
)

__all__ = [
    "DATE_FORMAT", "FIXED_CREATED", "SHEET_B01", "SHEET_B02", "SHEET_B03", "SHEET_B04",
    "SHEET_B05", "SHEET_B06", "SHEET_INFO", "TOTAL_LABEL", "Aggregate", "Cell", "Commune",
    "DistrictCriterion", "Format", "FundingRow", "OcopProduct", "Sheet", "Submission",
    "Target", "csv_text", "number", "render", "write_csv_folder", "write_submission",
    "write_xls", "write_xlsx",
]
