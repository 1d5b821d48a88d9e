"""What a file must be before the reader opens it, and how big it may get once opened.

Submissions come by e-mail and USB stick from hundreds of offices; a file may be damaged, be
something else under an Excel name, or be built to exhaust the machine (a zip bomb: a few
kilobytes that expand to gigabytes). These checks run on the bytes before python-calamine sees
them, and on each sheet's extent before its cells become Python objects, so a hostile file is
rejected with a reason and costs little memory. The limits are far above any real submission
(a district workbook is about 100 KB unzipped, a 2025 province one a few MB) and can be raised
with environment variables.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field

# Excel cannot hold more characters in one cell; longer text did not come from Excel.
MAX_CELL_CHARS = 32_767


class FileRefused(Exception):
    """The file is refused before reading; the message is the rejection reason."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_unzipped_bytes: int
    max_zip_members: int
    max_sheet_rows: int
    max_sheet_cells: int


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return number if number > 0 else default


def limits() -> Limits:
    """Read at call time, so worker processes and tests see the environment of the run."""
    mib = 1 << 20
    return Limits(
        max_file_bytes=_env_int("NTM_MAX_FILE_MB", 100) * mib,
        max_unzipped_bytes=_env_int("NTM_MAX_UNZIPPED_MB", 200) * mib,
        max_zip_members=_env_int("NTM_MAX_ZIP_MEMBERS", 10_000),
        max_sheet_rows=_env_int("NTM_MAX_SHEET_ROWS", 100_000),
        max_sheet_cells=_env_int("NTM_MAX_SHEET_CELLS", 5_000_000),
    )


@dataclass
class Container:
    """What a workbook's content holds besides cells, found from its bytes, never its name."""

    macros: list[str] = field(default_factory=list)  # where VBA code sits in the file
    external_links: list[str] = field(default_factory=list)  # files the workbook points to


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files


def inspect(data: bytes, limit: Limits, archive: zipfile.ZipFile | None = None) -> Container:
    """Identify a workbook by its bytes and check its declared size before it is unpacked.

    The zip check uses the sizes the archive declares: both zip readers involved (Python's and
    the one inside python-calamine) stop with an error when a member expands beyond its
    declared size, so a bomb that lies about its size fails in the reader instead of filling
    memory (``tests/hostile/test_hostile_files.py`` has both kinds).
    """
    check_file_size(len(data), limit)
    if data.startswith(b"PK"):
        if archive is not None:
            return _inspect_members(archive.infolist(), data, limit)
        return _inspect_zip(data, limit)
    if data.startswith(OLE2_MAGIC):
        # An .xls file; Word and PowerPoint use the same container and calamine tells them
        # apart. VBA lives in a "_VBA_PROJECT" stream, whose name is stored as UTF-16.
        container = Container()
        if "_VBA_PROJECT".encode("utf-16-le") in data:
            container.macros.append("_VBA_PROJECT stream")
        return container
    raise FileRefused(f"not a readable Excel workbook: the content is {describe(data)}, "
                      "whatever its name says; save it from Excel as .xlsx and send it again")


def check_file_size(size: int, limit: Limits) -> None:
    """Called with the size on disk before a file is read into memory, and again by
    ``inspect`` on the bytes."""
    if size > limit.max_file_bytes:
        raise FileRefused(
            f"the file is {size / (1 << 20):,.0f} MB; submissions above "
            f"{limit.max_file_bytes >> 20} MB are not read (NTM_MAX_FILE_MB)")


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip container of an .xlsx or .ods file, opened once for every check and scan."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileRefused(f"not a readable Excel workbook (a damaged ZIP container: {exc}); "
                          "save it from Excel again") from exc


def _inspect_zip(data: bytes, limit: Limits) -> Container:
    with open_zip(data) as archive:
        return _inspect_members(archive.infolist(), data, limit)


_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _inspect_members(members: list[zipfile.ZipInfo], data: bytes, limit: Limits) -> Container:
    names = {m.filename for m in members}
    # An OpenDocument spreadsheet (LibreOffice .ods) names its kind in a first, stored member.
    is_ods = {"content.xml", "mimetype"} <= names and _ODS_MIME in data[:256]
    if not is_ods and ("[Content_Types].xml" not in names or not any(
        n in names for n in ("xl/workbook.xml", "xl/workbook.bin")
    )):
        kind = "a Word document" if "word/document.xml" in names else "a ZIP archive"
        raise FileRefused(f"not a readable Excel workbook: the content is {kind}, whatever its "
                          "name says; a submission is one workbook, sent as it is")
    if len(members) > limit.max_zip_members:
        raise FileRefused(f"the workbook container has {len(members):,} parts; more than "
                          f"{limit.max_zip_members:,} is not a real workbook")
    unzipped = sum(m.file_size for m in members)
    if unzipped > limit.max_unzipped_bytes:
        raise FileRefused(
            f"the workbook would unpack to {unzipped / (1 << 20):,.0f} MB (from "
            f"{len(data) / (1 << 20):,.1f} MB), above the limit of "
            f"{limit.max_unzipped_bytes >> 20} MB (NTM_MAX_UNZIPPED_MB); it was not opened")
    return Container(
        macros=sorted(n for n in names if n.lower().endswith("vbaproject.bin")),
        external_links=sorted(n for n in names if n.startswith("xl/externalLinks/")
                              and n.endswith(".xml")),
    )


def describe(data: bytes) -> str:
    """A few words on what some bytes are, for a person who sent the wrong file."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not data:
        return "empty (0 bytes)"
    if head.startswith(b"%pdf"):
        return "a PDF document"
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return "an HTML page (often what a web system exports under an .xls name)"
    if head.startswith(b"<?xml"):
        return "an XML file (perhaps an Excel 2003 XML spreadsheet)"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return "an image"
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    if data[:4] in (b"Rar!", b"7z\xbc\xaf") or data[:2] == b"\x1f\x8b":
        return "a compressed archive"
    if b"\x00" not in data[:4096]:
        return "plain text"
    return "binary data of an unknown kind"


def check_sheet_extent(sheet: str, rows: int, columns: int, limit: Limits) -> None:
    """Refuse a sheet whose cells would take more memory than any template sheet needs,
    before they are turned into Python objects (python-calamine reports the extent first)."""
    if rows > limit.max_sheet_rows:
        raise FileRefused(
            f"sheet '{sheet}' has {rows:,} rows; a template sheet never needs more than "
            f"{limit.max_sheet_rows:,} (NTM_MAX_SHEET_ROWS), so the file was not read")
    if rows * columns > limit.max_sheet_cells:
        raise FileRefused(
            f"sheet '{sheet}' spans {rows:,} rows by {columns:,} columns; more than "
            f"{limit.max_sheet_cells:,} cells (NTM_MAX_SHEET_CELLS) is not a template sheet")
