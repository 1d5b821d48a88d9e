"""Read one submission completely: identity, every template sheet, flags.

The result is plain data (picklable) so files can be read in worker processes; writing to the
warehouse happens in one place (``store.py``) because DuckDB has a single writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.ingest.discover import FoundFile
from pipelines.ingest.legacy import decode_cells, detect_legacy
from pipelines.ingest.sheets import READERS, SheetOutput
from pipelines.ingest.thongtin import Identity, NotASubmission, read_identity
from pipelines.ingest.values import cell_text
from pipelines.ingest.workbook import Grid, UnreadableFile, column_letter, read_grids

# Bump when parsing changes, so stored raw rows of unchanged files are read again.
PARSER_VERSION = 2

EXPECTED_SHEETS = {
    ("district", "old"): ("B01", "B02", "B03", "B04", "B05"),
    ("province", "old"): ("B06", "B02", "B04"),
    ("province", "new"): ("B01", "B02", "B03", "B04", "B06"),
    ("district", "new"): ("B01", "B02", "B03", "B04", "B05"),
}


@dataclass
class FileResult:
    """Everything read from one file; ``reject_reason`` set means nothing but the file record."""

    sha256: str
    source_file: str
    identity: Identity | None = None
    reject_reason: str | None = None
    legacy_encoding: str | None = None
    sheets: list[str] = field(default_factory=list)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    flags: list[dict[str, Any]] = field(default_factory=list)


def read_found(found: FoundFile) -> FileResult:
    """Read a discovered file; lives here so worker processes import only the reader."""
    if found.not_a_submission:
        return FileResult(sha256=found.sha256, source_file=found.source_file,
                          reject_reason=found.not_a_submission)
    return read_submission(found.path, found.source_file, found.sha256)


def read_submission(path: Path, source_file: str, sha256: str) -> FileResult:
    """Never raises for bad content: an unreadable file comes back rejected with a reason."""
    result = FileResult(sha256=sha256, source_file=source_file)
    try:
        grids = read_grids(path)
    except UnreadableFile as exc:
        result.reject_reason = str(exc)
        return result
    except OSError as exc:
        result.reject_reason = f"cannot open the file ({exc.strerror or exc})"
        return result
    result.sheets = [g.name for g in grids.values()]
    if "ThongTin" not in grids:
        result.reject_reason = (
            "no ThongTin sheet: not a submission of the template "
            f"(sheets found: {', '.join(result.sheets) or 'none of ThongTin, B01-B06'})"
        )
        return result
    result.legacy_encoding = _convert_legacy(grids)
    try:
        identity = read_identity(grids["ThongTin"])
    except NotASubmission as exc:
        result.reject_reason = str(exc)
        return result
    result.identity = identity
    whole_file = SheetOutput()
    _record_thongtin(whole_file, grids["ThongTin"], identity)
    era = "new" if identity.year >= 2025 else "old"
    for code in EXPECTED_SHEETS[(identity.level, era)]:
        if code not in grids:
            whole_file.flag(
                "MISSING_SHEET", "error",
                f"a {identity.level} report for {identity.year} should have sheet {code}",
                sheet=code,
            )
    for note in getattr(grids, "notes", ()):
        whole_file.flag(note.code, note.severity, note.message, sheet=note.sheet, row=note.row,
                        column=column_letter(note.column) if note.column else None,
                        raw_value=note.raw_value)
    if result.legacy_encoding:
        whole_file.flag(
            "LEGACY_ENCODING", "warning",
            f"text was typed in the legacy {result.legacy_encoding.upper()} encoding and was "
            "converted to Unicode; check unit and product names", sheet=None,
        )
    outputs = [whole_file, *(READERS[c](g) for c, g in grids.items() if c in READERS)]
    for output in outputs:
        for table, records in output.tables.items():
            result.tables.setdefault(table, []).extend(records)
        result.flags.extend(output.flags)
    return result


def _convert_legacy(grids: dict[str, Grid]) -> str | None:
    """Legacy TCVN3/VNI text would never match a header or a name, so it is converted before
    anything is read; detection looks at all text cells of the file at once."""
    texts = [c for g in grids.values() for row in g.rows for c in row if isinstance(c, str) and c]
    encoding = detect_legacy(texts)
    if encoding is None:
        return None
    for grid in grids.values():
        # decode_cells leaves cells that are already Unicode Vietnamese alone (a Unicode
        # template with legacy names pasted in is common).
        grid.rows = [list(decode_cells(row, encoding)) for row in grid.rows]
    return encoding


def _record_thongtin(out: SheetOutput, grid: Grid, identity: Identity) -> None:
    for pair in identity.pairs:
        out.add(
            "thongtin",
            {
                "sheet": grid.name,
                "row_number": pair["row_number"],
                "key": pair["key"],
                "field": pair["field"],
                "value_text": None if pair["value"] is None else cell_text(pair["value"]),
            },
        )
    for problem in identity.problems:
        out.flag(
            "UNPARSEABLE_VALUE", "error" if problem["key"] == "signed_on" else "warning",
            f"ThongTin: {problem['message']}", sheet=grid.name, row=problem["row_number"],
            column="B", raw_value=problem["raw_value"],
        )
