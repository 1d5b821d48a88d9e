"""The review file: one mark per quality flag a statistician followed up.

``reviews.csv`` sits at the root of the raw folder (``pipelines.settings.raw_dir()``) and is
kept with the submissions, so marks survive any rebuild of the warehouse. ``ntm review``
writes it; a person may also edit it in a spreadsheet. Each row names its flag by
``flag_key`` (the md5 the dbt macro ``flag_key`` computes in ``quality.flags``); the other key
columns are there for the person reading the file, and ``reported_value`` is the flag's value
when the mark was made (``quality.flags`` drops a mark whose flag's value has changed since).

Reading never stops on a bad row: the row is left out and becomes a ``REVIEW_FILE_INVALID``
flag naming the file, the row and the column. Writing replaces the file whole (a temporary
file then ``os.replace``), so a build reading it sees the old file or the new one.
"""

from __future__ import annotations

import csv
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.ingest.office_csv import (
    csv_rows,
    fsync_folder,
    locked,
    read_office_file,
    whole_number,
)

REVIEWS_FILE = "reviews.csv"
COLUMNS = ("flag_key", "review_status", "review_comment", "reviewed_by", "reviewed_at",
           "check_code", "year", "unit_code", "indicator_code", "sheet", "row_number",
           "column_name", "reported_value")
REQUIRED = ("flag_key", "review_status")
STATUSES = ("open", "explained", "accepted")
INVALID = ("REVIEW_FILE_INVALID", "warning")
_KEY = re.compile(r"^[0-9a-f]{32}$")
_DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


@dataclass
class ReadResult:
    """The marks that can be used and the flags about the rows that cannot."""

    marks: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)


def reviews_path(raw: Path | None = None) -> Path:
    """``reviews.csv`` at the root of the raw folder."""
    if raw is None:
        from pipelines.settings import raw_dir

        raw = raw_dir()
    return raw / REVIEWS_FILE


def value_text(value: float | None) -> str:
    """A flag's reported value as the review file keeps it: a whole number without decimals,
    any other number as Python writes it back exactly; empty when the flag has none. The dbt
    macro ``review_value_text`` reads both this text and the flag's number as the same
    number, so the comparison does not depend on how either side wrote it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def parse_time(text: str) -> datetime:
    """``reviewed_at`` as a UTC time without zone: ISO 8601 (what ``ntm review`` writes, a
    time without zone being UTC) or the day first as Vietnamese write it (``10/03/2025``,
    what a spreadsheet may turn it into). ``ValueError`` otherwise."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for layout in _DAY_FIRST:
            try:
                moment = datetime.strptime(text, layout)
                break
            except ValueError:
                continue
        else:
            raise
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def read_reviews(path: Path, source_file: str | None = None) -> ReadResult:
    """The marks of ``path`` (none when it does not exist) and a flag per row left out.

    ``source_file`` names the file in the flags (default: its name, the path relative to
    the raw folder)."""
    result = ReadResult()
    name = source_file or path.name
    review = read_office_file(
        path, name, check=INVALID, required=REQUIRED,
        row_consequence=("dấu này không được dùng", "this mark is not used"),
        file_consequence=("không dấu nào được dùng", "no mark is used"))
    if review is None:
        return result
    result.flags = review.flags
    flag = review.flag
    seen: dict[str, int] = {}
    for number, cells, values in review.rows:
        before = len(result.flags)
        extra = [c for c in cells[len(review.header):] if c.strip()]
        if extra:
            flag(number, None, extra[0],
                 f"dòng có {len(extra)} ô thừa ngoài các cột của tiêu đề (dấu phẩy trong "
                 "ghi chú phải nằm trong ngoặc kép)",
                 f"the row has {len(extra)} cell(s) beyond the header's columns (a comma "
                 "in a comment must be inside double quotes)")
        key = values.get("flag_key", "").lower()
        if not key:
            flag(number, "flag_key", None, "flag_key trống", "flag_key is empty")
        elif not _KEY.match(key):
            flag(number, "flag_key", values["flag_key"],
                 f"'{values['flag_key']}' không phải mã cờ (32 ký tự 0-9, a-f, như "
                 "ntm flags cho thấy)",
                 f"'{values['flag_key']}' is not a flag key (32 characters 0-9, a-f, as "
                 "ntm flags shows them)")
        elif key in seen:
            flag(number, "flag_key", values["flag_key"],
                 f"cờ này đã được đánh dấu ở dòng {seen[key]}",
                 f"this flag is already marked in row {seen[key]}")
        status = values.get("review_status", "").lower()
        if status not in STATUSES:
            flag(number, "review_status", values.get("review_status"),
                 f"trạng thái '{values.get('review_status', '')}' không hợp lệ "
                 f"({', '.join(STATUSES)})",
                 f"unknown review status '{values.get('review_status', '')}' "
                 f"({', '.join(STATUSES)})")
        whole: dict[str, int | None] = {}
        for column, vi, en in (("year", "năm", "year"), ("row_number", "số dòng", "row number")):
            text = values.get(column, "")
            try:
                whole[column] = whole_number(text) if text else None
            except ValueError:
                flag(number, column, text, f"{vi} '{text}' không phải số nguyên",
                     f"{en} '{text}' is not a whole number")
        reviewed_at = None
        if values.get("reviewed_at"):
            try:
                reviewed_at = parse_time(values["reviewed_at"])
            except ValueError:
                text = values["reviewed_at"]
                flag(number, "reviewed_at", text,
                     f"không đọc được thời điểm '{text}' (viết 2025-03-10T08:05:00+00:00 "
                     "hoặc 10/03/2025)",
                     f"cannot read the time '{text}' (write 2025-03-10T08:05:00+00:00 or "
                     "10/03/2025)")
        if len(result.flags) > before:
            continue
        seen[key] = number
        result.marks.append({
            "flag_key": key,
            "review_status": status,
            "review_comment": values.get("review_comment") or None,
            "reviewed_by": values.get("reviewed_by") or None,
            "reviewed_at": reviewed_at,
            "check_code": values.get("check_code") or None,
            "year": whole.get("year"),
            "unit_code": values.get("unit_code") or None,
            "indicator_code": values.get("indicator_code") or None,
            "sheet": values.get("sheet") or None,
            "row_number": whole.get("row_number"),
            "column_name": values.get("column_name") or None,
            "reported_value": values.get("reported_value") or None,
            "source_file": name,
            "file_row": number,
        })
    return result


def mark_row(mark: dict[str, Any]) -> dict[str, str]:
    """A mark as the file's text cells."""
    row = {}
    for column in COLUMNS:
        value = mark.get(column)
        if isinstance(value, datetime):
            value = value.isoformat(timespec="seconds")
        row[column] = "" if value is None else str(value)
    row["flag_key"] = row["flag_key"].strip().lower()
    return row


def write_marks(path: Path, marks: Sequence[dict[str, Any]]) -> None:
    """Add ``marks`` to the review file, each replacing the row of the same ``flag_key``.

    Other rows are kept as they are, even a row the build leaves out (the person who wrote
    it can still correct it), and so are columns a person added. The file stays sorted by
    year, unit, check, sheet and row, so that it reads as ``ntm flags`` lists the flags, and
    is replaced whole: a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        header = list(COLUMNS)
        kept: list[dict[str, str]] = []
        if path.exists():
            rows = csv_rows(path.read_bytes())
            if rows:
                names = [h.strip().lower() for h in rows[0]]
                header += [h for h in names if h and h not in header]
                for cells in rows[1:]:
                    if any(c.strip() for c in cells):
                        kept.append({h: cells[i] if i < len(cells) else ""
                                     for i, h in enumerate(names) if h})
        replaced = {mark_row(m)["flag_key"] for m in marks}
        kept = [r for r in kept if r.get("flag_key", "").strip().lower() not in replaced]
        kept += [mark_row(m) for m in marks]
        kept.sort(key=_order)
        _replace(path, header, kept)


def _order(row: dict[str, str]) -> tuple[Any, ...]:
    def number(text: str) -> tuple[int, float, str]:
        try:
            return (0, float(text), "")
        except ValueError:
            return (1, 0.0, text)

    return (number(row.get("year", "").strip()), row.get("unit_code", ""),
            row.get("check_code", ""), row.get("sheet", ""),
            number(row.get("row_number", "").strip()), row.get("column_name", ""),
            row.get("flag_key", ""))


def _replace(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write a temporary file beside ``path`` (hidden, so the ingest skips it) and rename it
    over ``path``. A byte order mark first, so that Excel reads the Vietnamese text."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n",
                                    extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
