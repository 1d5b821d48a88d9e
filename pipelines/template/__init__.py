"""``ntm template``: the workbook a district or province fills in, pre-filled for one unit
and year (``units``) and written with data validation and locked headers (``workbook``)."""
