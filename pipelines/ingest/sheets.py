"""What each template sheet's columns mean, and how its cells become typed raw records.

Every record keeps its lineage (sheet, Excel row) and every cell that cannot be read becomes a
flag naming sheet, row and column while the rest of the row is kept. Range and consistency
rules (stars 3-5, criteria counts, sums) are not judged here: they belong to the checks that
run on the models, so that a raw table says exactly what the unit sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipelines.ingest.table import Row, Table, column_letter, parse_table
from pipelines.ingest.text import fold, nfc
from pipelines.ingest.values import (
    CellError,
    cell_text,
    is_blank,
    money_factor,
    parse_code,
    parse_date,
    parse_mark,
    parse_number,
    parse_product_group,
    parse_stars,
    parse_year,
)
from pipelines.ingest.workbook import Cell, Grid

Record = dict[str, Any]


@dataclass
class SheetOutput:
    """Records per raw table plus the flags raised while reading one sheet."""

    tables: dict[str, list[Record]] = field(default_factory=dict)
    flags: list[Record] = field(default_factory=list)

    def add(self, table: str, record: Record) -> None:
        self.tables.setdefault(table, []).append(record)

    def flag(
        self,
        code: str,
        severity: str,
        message: str,
        *,
        sheet: str | None,
        row: int | None = None,
        column: str | None = None,
        raw_value: str | None = None,
        indicator_code: str | None = None,
    ) -> None:
        self.flags.append(
            {
                "check_code": code,
                "severity": severity,
                "sheet": sheet,
                "row_number": row,
                "column_name": column,
                "raw_value": raw_value,
                "indicator_code": indicator_code,
                "message": message,
            }
        )


def _parse(
    out: SheetOutput, table: Table, row: Row, name: str, parser: Callable[[Cell], Any]
) -> Any:
    """Parse one named cell; an unreadable cell becomes a flag and a None, never an abort."""
    item = row.cells.get(name)
    if item is None:
        return None
    column, value = item
    try:
        return parser(value)
    except CellError as exc:
        out.flag(
            "UNPARSEABLE_VALUE",
            "error",
            f"{table.sheet} row {row.number}, column {column.label}: {exc}",
            sheet=table.sheet,
            row=row.number,
            column=column.label,
            raw_value=cell_text(value),
        )
        return None


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    if is_blank(value):
        return None
    return " ".join(nfc(cell_text(value)).split())


def _lineage(table: Table, row: Row) -> Record:
    return {"sheet": table.sheet, "row_number": row.number}


def _keep_unmapped(out: SheetOutput, table: Table, row: Row, kind: str | None = None) -> None:
    """Cells outside the template's columns (extra columns, notes, signature blocks) are kept
    verbatim so that nothing a unit sent is lost."""
    cells = list(row.unmapped)
    if kind is not None:  # a whole note row: its mapped-looking cells are not data either
        cells += [(col.index, col.header, value) for col, value in row.cells.values()]
    for index, header, value in sorted(cells, key=lambda c: c[0]):
        out.add(
            "unmapped_cells",
            {
                **_lineage(table, row),
                "column_name": column_letter(index),
                "column_header": header or None,
                "row_kind": kind or "data",
                "value": nfc(cell_text(value)),
            },
        )


def _keep_totals(out: SheetOutput, table: Table, row: Row) -> None:
    """A total row is the sheet's reported total, kept for the checks, never summed as data."""
    for name, (column, value) in row.cells.items():
        number: float | None
        try:
            number = parse_number(value)
        except CellError:
            number = None
        out.add(
            "sheet_totals",
            {
                **_lineage(table, row),
                "field": name,
                "column_name": column.label,
                "value": number,
                "value_text": nfc(cell_text(value)),
            },
        )
    _keep_unmapped(out, table, row)


def _iter_rows(out: SheetOutput, table: Table) -> list[Row]:
    """Data rows of a table; totals and notes are stored on the way."""
    data = []
    for row in table.rows:
        if row.kind == "total":
            _keep_totals(out, table, row)
        elif row.kind == "note":
            _keep_unmapped(out, table, row, kind="note")
        else:
            _keep_unmapped(out, table, row)
            data.append(row)
    for column in table.duplicate_columns:
        out.flag(
            "SHEET_LAYOUT",
            "error",
            f"{table.sheet}: column {column.label} repeats field '{column.field}'; "
            "its cells are kept in raw.unmapped_cells only",
            sheet=table.sheet,
            row=table.header_row,
            column=column.label,
        )
    return data


def _missing_header(out: SheetOutput, grid: Grid, anchor: str) -> None:
    out.flag(
        "SHEET_LAYOUT",
        "error",
        f"{grid.name}: no header row with a '{anchor}' cell was found; "
        "the sheet's cells are kept in raw.unmapped_cells but not read as data",
        sheet=grid.name,
    )
    for i, cells in enumerate(grid.rows):
        for j, value in enumerate(cells):
            if not is_blank(value):
                out.add(
                    "unmapped_cells",
                    {
                        "sheet": grid.name,
                        "row_number": i + 1,
                        "column_name": column_letter(j),
                        "column_header": None,
                        "row_kind": "unreadable_sheet",
                        "value": nfc(cell_text(value)),
                    },
                )


# ---------------------------------------------------------------- B01 criteria per commune

_CRITERION_RE = re.compile(r"^(?:tc|tieu chi)\s*(?:so\s*)?0*(\d{1,2})$|^0*(\d{1,2})$")


def criterion_number(key: str) -> int | None:
    """``TC1``, ``TC01``, ``Tiêu chí 1`` or a bare ``1`` under a merged parent header."""
    match = _CRITERION_RE.match(key)
    if not match:
        return None
    number = int(match.group(1) or match.group(2))
    return number if 1 <= number <= 30 else None


def classify_b01(key: str) -> str | None:
    if key == "stt":
        return "stt"
    if key.startswith("ma xa"):
        return "commune_code"
    if key.startswith("ten xa"):
        return "commune_name"
    number = criterion_number(key.removeprefix("tieu chi dat ").removeprefix("cac tieu chi "))
    if number is not None:
        return f"tc{number}"
    if key.startswith(("so tieu chi", "so tc", "tong so tieu chi")):
        return "reported_count"
    if "nang cao" in key:
        return "advanced_year"
    if "kieu mau" in key:
        return "model_year"
    if key.startswith("nam dat") or "dat chuan" in key:
        return "ntm_year"
    if key.startswith("ghi chu"):
        return "note"
    return None


def _commune_code(value: Cell) -> str | None:
    return parse_code(value, 5)


def read_b01(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ma xa", classify_b01, key_field="commune_code",
        label_fields=("stt", "commune_code", "commune_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Mã xã")
        return out
    criteria = sorted(
        (int(c.field[2:]), c) for c in table.columns if c.field.startswith("tc")
    )
    if not criteria:
        out.flag(
            "SHEET_LAYOUT", "error",
            f"{table.sheet}: the header row {table.header_row} has no criterion columns "
            "(TC1, TC01, Tiêu chí 1 or 1)",
            sheet=table.sheet, row=table.header_row,
        )
    for row in _iter_rows(out, table):
        code = _parse(out, table, row, "commune_code", _commune_code)
        if code is None and "commune_code" not in row.cells:
            out.flag(
                "UNPARSEABLE_VALUE", "error",
                f"{table.sheet} row {row.number}: commune "
                f"'{_text(row, 'commune_name')}' has no Mã xã",
                sheet=table.sheet, row=row.number, column="Mã xã",
            )
        out.add(
            "b01_communes",
            {
                **_lineage(table, row),
                "stt": _text(row, "stt"),
                "commune_code": code,
                "commune_name": _text(row, "commune_name"),
                "criteria_columns": len(criteria),
                "reported_count": _parse(out, table, row, "reported_count", parse_number),
                "ntm_year": _parse(out, table, row, "ntm_year", parse_year),
                "advanced_year": _parse(out, table, row, "advanced_year", parse_year),
                "model_year": _parse(out, table, row, "model_year", parse_year),
                "note": _text(row, "note"),
            },
        )
        for number, column in criteria:
            value = row.get(column.field)
            mark = _parse(out, table, row, column.field, parse_mark)
            if column.field not in row.cells:
                mark = parse_mark(None)
            out.add(
                "b01_marks",
                {
                    **_lineage(table, row),
                    "commune_code": code,
                    "criterion_no": number,
                    "column_name": column.label,
                    "value_text": None if is_blank(value) else nfc(cell_text(value)),
                    "mark": mark if mark is not None else "unparseable",
                },
            )
    return out


# ---------------------------------------------------------------- B02 funding

FUNDING_CODES = ("1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "6.4", "7")
_FUNDING_NAMES = {
    "ngan sach trung uong": "1",
    "ngan sach dia phuong": "2",
    "von long ghep": "3",
    "von tin dung": "4",
    "doanh nghiep, hop tac xa": "5",
    "cong dong dan cu": "6",
    "tien mat": "6.1",
    "hien dat": "6.2",
    "ngay cong lao dong": "6.3",
    "hien vat, khac": "6.4",
    "khac": "7",
}


def classify_b02(key: str) -> str | None:
    if key.startswith("ma nguon"):
        return "source_code"
    if key.startswith(("nguon von", "ten nguon")) or key == "nguon":
        return "source_name"
    if key.startswith("gia tri"):
        return "value"
    if key.startswith(("don vi khoi luong", "dvt khoi luong", "don vi tinh khoi luong")):
        return "quantity_unit"
    if key.startswith("khoi luong"):
        return "quantity"
    return None


def funding_code(value: Cell) -> str | None:
    """B02 source codes are labels (``6.1``), not numbers: a cell typed as the number 6.1 or
    the text ``6,1`` means the same row."""
    if is_blank(value):
        return None
    text = cell_text(value).strip().rstrip(".").replace(",", ".").replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        head, _, tail = text.partition(".")
        text = str(int(head)) + (f".{int(tail)}" if tail and int(tail) else "")
        if text in FUNDING_CODES:
            return text
    raise CellError(f"'{cell_text(value)}' is not a B02 source code (1-7, 6.1-6.4)")


def read_b02(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ma nguon", classify_b02, key_field="source_code",
        label_fields=("source_code", "source_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Mã nguồn")
        return out
    value_column = next((c for c in table.columns if c.field == "value"), None)
    factor, unit = 1.0, "triệu đồng"
    if value_column is None:
        out.flag(
            "SHEET_LAYOUT", "error", f"{table.sheet}: no 'Giá trị' column in the header",
            sheet=table.sheet, row=table.header_row,
        )
    else:
        found = money_factor(value_column.header)
        if found is None:
            out.flag(
                "UNIT_ASSUMED", "warning",
                f"{table.sheet}: column {value_column.label} names no money unit; "
                "values are taken as million VND (triệu đồng) as in the template",
                sheet=table.sheet, row=table.header_row, column=value_column.label,
            )
        else:
            factor, unit = found
    for row in _iter_rows(out, table):
        code = _parse(out, table, row, "source_code", funding_code)
        name = _text(row, "source_name")
        if code is None and "source_code" not in row.cells and name:
            code = _FUNDING_NAMES.get(fold(name).rstrip(" :"))
        value = _parse(out, table, row, "value", parse_number)
        if code is None and "source_code" not in row.cells and value is not None:
            out.flag(
                "UNPARSEABLE_VALUE", "error",
                f"{table.sheet} row {row.number}: '{name or ''}' has a value but no Mã nguồn "
                "and is not a source of the template; it is not counted in any source",
                sheet=table.sheet, row=row.number, column="Mã nguồn",
                raw_value=_text(row, "value"),
            )
        out.add(
            "b02_funding",
            {
                **_lineage(table, row),
                "source_code": code,
                "source_name": name,
                "value_text": _text(row, "value"),
                "value_unit": unit,
                "amount_million_vnd": None if value is None else value * factor,
                "quantity": _parse(out, table, row, "quantity", parse_number),
                "quantity_unit": _text(row, "quantity_unit"),
            },
        )
    return out


# ---------------------------------------------------------------- B03 OCOP products


def classify_b03(key: str) -> str | None:
    mapping = {
        "stt": "stt",
        "ten san pham": "product_name",
        "chu the": "producer",
        "ma xa": "commune_code",
        "nhom san pham": "product_group",
        "so sao": "stars",
        "hang sao": "stars",
        "ngay cong nhan": "recognized_on",
        "so quyet dinh": "decision_no",
        "cap cong nhan": "recognition_level",
    }
    for prefix, name in mapping.items():
        if key == prefix or key.startswith(prefix + " "):
            return name
    return None


def read_b03(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ten san pham", classify_b03, key_field="product_name",
        label_fields=("stt", "product_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Tên sản phẩm")
        return out
    for row in _iter_rows(out, table):
        out.add(
            "b03_ocop",
            {
                **_lineage(table, row),
                "stt": _text(row, "stt"),
                "product_name": _text(row, "product_name"),
                "producer": _text(row, "producer"),
                "commune_code": _parse(out, table, row, "commune_code", _commune_code),
                "product_group": _parse(out, table, row, "product_group", parse_product_group),
                "product_group_text": _text(row, "product_group"),
                "stars": _parse(out, table, row, "stars", parse_stars),
                "stars_text": _text(row, "stars"),
                "recognized_on": _parse(out, table, row, "recognized_on", parse_date),
                "decision_no": _text(row, "decision_no"),
                "recognition_level": _text(row, "recognition_level"),
            },
        )
    return out


# ---------------------------------------------------------------- B04, B05, B06 code lists


def classify_b04(key: str) -> str | None:
    if key.startswith("ma chi tieu"):
        return "indicator_code"
    if key.startswith(("chi tieu", "ten chi tieu", "noi dung")):
        return "indicator_name"
    if key.startswith(("don vi tinh", "dvt")):
        return "unit_of_measure"
    if key.startswith("ke hoach nam sau") or key.startswith("ke hoach nam "):
        return "next_year_target"
    if key.startswith("ke hoach"):
        return "target"
    if key.startswith("thuc hien"):
        return "actual"
    return None


def _indicator_code(value: Cell) -> str | None:
    """Indicator codes are identifiers: upper case, no spaces (``xa_dat_chuan_moi `` is
    ``XA_DAT_CHUAN_MOI``)."""
    if is_blank(value):
        return None
    text = re.sub(r"\s+", "", fold(cell_text(value))).upper()
    if not re.fullmatch(r"[A-Z0-9_.]+", text):
        raise CellError(f"'{cell_text(value)}' is not an indicator code")
    return text


def read_b04(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ma chi tieu", classify_b04, key_field="indicator_code",
        label_fields=("indicator_code", "indicator_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Mã chỉ tiêu")
        return out
    for row in _iter_rows(out, table):
        out.add(
            "b04_targets",
            {
                **_lineage(table, row),
                "indicator_code": _parse(out, table, row, "indicator_code", _indicator_code),
                "indicator_name": _text(row, "indicator_name"),
                "unit_of_measure": _text(row, "unit_of_measure"),
                "target": _parse(out, table, row, "target", parse_number),
                "actual": _parse(out, table, row, "actual", parse_number),
                "next_year_target": _parse(out, table, row, "next_year_target", parse_number),
            },
        )
    return out


def classify_b05(key: str) -> str | None:
    if key.startswith("ma tieu chi"):
        return "criterion_code"
    if key.startswith(("ten tieu chi", "tieu chi")):
        return "criterion_name"
    if key in ("dat", "ket qua", "danh gia") or key.startswith("dat "):
        return "met"
    return None


def read_b05(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ma tieu chi", classify_b05, key_field="criterion_code",
        label_fields=("criterion_code", "criterion_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Mã tiêu chí")
        return out
    for row in _iter_rows(out, table):
        mark = _parse(out, table, row, "met", parse_mark)
        if "met" not in row.cells:
            mark = parse_mark(None)
        out.add(
            "b05_district_criteria",
            {
                **_lineage(table, row),
                "criterion_code": _parse(out, table, row, "criterion_code", _indicator_code),
                "criterion_name": _text(row, "criterion_name"),
                "value_text": _text(row, "met"),
                "mark": mark if mark is not None else "unparseable",
            },
        )
    return out


def classify_b06(key: str) -> str | None:
    if key.startswith("ma chi so"):
        return "indicator_code"
    if key.startswith(("chi so", "ten chi so", "noi dung")):
        return "indicator_name"
    if key.startswith("gia tri"):
        return "value"
    if key.startswith(("don vi tinh", "dvt")):
        return "unit_of_measure"
    return None


def read_b06(grid: Grid) -> SheetOutput:
    out = SheetOutput()
    table = parse_table(
        grid, "ma chi so", classify_b06, key_field="indicator_code",
        label_fields=("indicator_code", "indicator_name"),
    )
    if table.header_row is None:
        _missing_header(out, grid, "Mã chỉ số")
        return out
    for row in _iter_rows(out, table):
        out.add(
            "b06_aggregates",
            {
                **_lineage(table, row),
                "indicator_code": _parse(out, table, row, "indicator_code", _indicator_code),
                "indicator_name": _text(row, "indicator_name"),
                "value_text": _text(row, "value"),
                "value": _parse(out, table, row, "value", parse_number),
            },
        )
    return out


READERS: dict[str, Callable[[Grid], SheetOutput]] = {
    "B01": read_b01,
    "B02": read_b02,
    "B03": read_b03,
    "B04": read_b04,
    "B05": read_b05,
    "B06": read_b06,
}

