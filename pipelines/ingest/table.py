"""Find a template table inside a messy sheet and split its rows into data, totals and notes.

Offices decorate the template: title rows above, blank rows and columns, a merged parent
header over sub-columns, a row of column numbers, a total row and a signature block below.
This module knows only that layout vocabulary; what the columns mean is each sheet's business
(``sheets.py``), so one engine serves all six tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.ingest.text import fold, header_key, is_note_label, is_total_label
from pipelines.ingest.values import cell_text, is_blank
from pipelines.ingest.workbook import Cell, Grid

Classifier = Callable[[str], str | None]

# A row such as "(1) (2) (3)" or "A B 1 2" printed under the header to number the columns.
_COLUMN_NUMBER_RE = re.compile(r"^\(?[0-9a-z]{1,3}\)?$")


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based index, for messages a statistician can follow."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Column:
    index: int
    field: str
    header: str

    @property
    def label(self) -> str:
        return f"{column_letter(self.index)} ({self.header})"


@dataclass
class Row:
    number: int  # Excel row number as the user sees it
    kind: str  # "data", "total" or "note"
    cells: dict[str, tuple[Column, Cell]]
    unmapped: list[tuple[int, str, Cell]]  # (column index, header, value)

    def get(self, name: str) -> Cell:
        item = self.cells.get(name)
        return None if item is None else item[1]


@dataclass
class Table:
    sheet: str
    header_row: int | None  # Excel row number of the header, None when not found
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    duplicate_columns: list[Column] = field(default_factory=list)

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}


def _key_matches(cell: Cell, anchor: str) -> bool:
    key = header_key(cell)
    return key == anchor or key.startswith(anchor + " (")


def find_header(grid: Grid, anchor: str) -> int | None:
    """0-based index of the first row that has a cell equal to the anchor header."""
    for i, row in enumerate(grid.rows):
        if any(isinstance(c, str) and _key_matches(c, anchor) for c in row):
            return i
    return None


def parse_table(
    grid: Grid,
    anchor: str,
    classify: Classifier,
    *,
    key_field: str,
    label_fields: tuple[str, ...],
) -> Table:
    """Locate the header by its anchor cell, map columns with ``classify`` and sort rows.

    A data row needs its key (``key_field``) or one of its label cells; a row whose label says
    ``Tổng cộng`` is the sheet's reported total; the first note or signature label ends the
    data. Nothing is dropped: rows and cells that are not data land in ``Row.unmapped``.
    """
    start = find_header(grid, anchor)
    if start is None:
        return Table(sheet=grid.name, header_row=None, columns=[])
    header = grid.rows[start]
    columns, duplicates = _map_columns(header, None, classify)
    first_data = start + 1
    if first_data < len(grid.rows) and _is_sub_header(grid.rows[first_data], columns, key_field):
        sub_columns, sub_duplicates = _map_columns(header, grid.rows[first_data], classify)
        # Only a row that names more fields than the header alone is a sub-header; otherwise
        # it is a data row that happens to lack its key, and it must stay data.
        if len(sub_columns) > len(columns):
            columns, duplicates = sub_columns, sub_duplicates
            first_data += 1
    table = Table(
        sheet=grid.name, header_row=start + 1, columns=columns, duplicate_columns=duplicates
    )
    by_index = {c.index: c for c in columns}
    headers = {i: cell_text(v) for i, v in enumerate(header)}
    in_notes = False
    for i in range(first_data, len(grid.rows)):
        raw = grid.rows[i]
        present = [(j, value) for j, value in enumerate(raw) if not is_blank(value)]
        if not present:
            continue
        cells: dict[str, tuple[Column, Cell]] = {}
        unmapped: list[tuple[int, str, Cell]] = []
        for j, value in present:
            col = by_index.get(j)
            if col is None:
                unmapped.append((j, headers.get(j, ""), value))
            else:
                cells[col.field] = (col, value)
        row = Row(number=i + 1, kind="data", cells=cells, unmapped=unmapped)
        labels = [cells[f][1] for f in label_fields if f in cells]
        labels += [v for j, _, v in unmapped if j < min(by_index, default=0)]
        key_value = row.get(key_field)
        # A merged "Tổng cộng" or a signature line can spill into the key column.
        has_key = key_value is not None and not (
            is_total_label(key_value) or is_note_label(key_value)
        )
        if in_notes:
            row.kind = "note"
        elif any(is_total_label(v) for v in labels):
            row.kind = "total"
        elif not has_key and any(is_note_label(v) for v in [*labels, *(v for _, _, v in unmapped)]):
            in_notes = True
            row.kind = "note"
        elif not has_key and (
            not labels
            or _is_column_number_row(raw)
            # Templates often come with STT pre-numbered on empty rows.
            or (set(cells) <= {"stt"} and not unmapped)
        ):
            row.kind = "note"
        table.rows.append(row)
    return table


def _map_columns(
    header: list[Cell], sub: list[Cell] | None, classify: Classifier
) -> tuple[list[Column], list[Column]]:
    """Map each column to a field. With a sub-header row, a column's sub-header alone is tried
    first (``1`` under a merged ``Tiêu chí``), then parent and sub-header together
    (``Năm đạt chuẩn`` + ``NTM nâng cao``)."""
    width = max(len(header), len(sub) if sub else 0)
    columns: list[Column] = []
    duplicates: list[Column] = []
    seen: set[str] = set()
    for j in range(width):
        top = cell_text(header[j]) if j < len(header) else ""
        low = cell_text(sub[j]) if sub is not None and j < len(sub) else ""
        candidates = [top] if sub is None else [low, f"{top} {low}".strip(), top]
        for text in candidates:
            if not text.strip():
                continue
            name = classify(header_key(text))
            if name is None:
                continue
            col = Column(index=j, field=name, header=" ".join(text.split()))
            (duplicates if name in seen else columns).append(col)
            seen.add(name)
            break
    return columns, duplicates


def _is_sub_header(row: list[Cell], columns: list[Column], key_field: str) -> bool:
    """The row under the header continues it when it has no key value, at least two text-like
    cells, and sits (at least partly) under header cells the first pass could not map."""
    mapped = {c.index for c in columns}
    key_col = next((c.index for c in columns if c.field == key_field), None)
    if key_col is not None and key_col < len(row) and not is_blank(row[key_col]):
        # A numeric "1" under "Mã xã" would be a commune code, not a sub-header.
        return False
    filled = [j for j, v in enumerate(row) if not is_blank(v)]
    return len(filled) >= 2 and any(j not in mapped for j in filled) and not _is_column_number_row(
        row, parenthesised_only=True
    )


def _is_column_number_row(row: list[Cell], *, parenthesised_only: bool = False) -> bool:
    texts = [fold(cell_text(v)) for v in row if not is_blank(v)]
    if not texts:
        return False
    if parenthesised_only:
        return all(t.startswith("(") and t.endswith(")") and _COLUMN_NUMBER_RE.match(t)
                   for t in texts)
    return all(_COLUMN_NUMBER_RE.match(t) and t.startswith("(") for t in texts)
