"""Builders of hostile and broken submissions, written next to good ones in a raw folder.

Each builder writes its file(s) and returns what the ingest must say about them: the status
of the submission and a phrase of its reason, or the flag code it must raise.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from pipelines.ingest.legacy import encode_legacy
from samples.workbooks import render, write_submission
from tests.conftest import district_submission


@dataclass(frozen=True)
class Expect:
    source_file: str
    status: str  # "rejected" or "current"
    reason: str | None = None  # a phrase of quality.submissions.reason (rejected files)
    flag: str | None = None  # a check code raised for the file (current files)


def good(raw: Path, relative: str, **changes: object) -> Path:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_submission(path, render(district_submission(**changes)), "xlsx")


def rezip(path: Path, change: dict[str, bytes | None], target: Path | None = None) -> Path:
    """Rewrite a workbook's ZIP members (None removes one) into ``target`` (default: same)."""
    with zipfile.ZipFile(path) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    for name, data in change.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    out = target or path
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    if target is not None and target != path:
        path.unlink()
    return out


def sheet_member(path: Path, prefix: str) -> str:
    """The ZIP member of the sheet whose name starts with ``prefix`` (xlsxwriter numbers
    sheets in order)."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)"', workbook)
    index = next(i for i, n in enumerate(names) if n.startswith(prefix))
    return f"xl/worksheets/sheet{index + 1}.xml"


def bomb_sheet_xml(megabytes: int) -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http:'
            b'//schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            b'<c r="A1" t="inlineStr"><is><t>')
    return head + b"A" * (megabytes << 20) + b"</t></is></c></row></sheetData></worksheet>"


def zip_bomb(raw: Path, relative: str, megabytes: int, *, lie: bool) -> Path:
    """A workbook whose ThongTin sheet expands to ``megabytes`` MB from about 1 MB.

    ``lie`` rewrites the declared size of that member to 100 bytes, as a bomb would to pass
    a check of declared sizes. The member is written in chunks so the test never holds it.
    """
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    wb.add_worksheet("ThongTin").write(0, 0, "Tỉnh")
    wb.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        members = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            if member != name:
                z.writestr(member, data)
                continue
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as w:
                xml = bomb_sheet_xml(0)
                w.write(xml[: xml.index(b"</t>")])
                chunk = b"A" * (1 << 20)
                for _ in range(megabytes):
                    w.write(chunk)
                w.write(b"</t></is></c></row></sheetData></worksheet>")
    if lie:
        _declare_size(path, name.encode(), 100)
    return path


def _declare_size(path: Path, name: bytes, size: int) -> None:
    data = bytearray(path.read_bytes())
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at: at + name_at + len(name)] == name:
                data[at + size_at: at + size_at + 4] = size.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def million_rows(raw: Path, relative: str, rows: int = 1_000_001) -> Path:
    """A template workbook whose B01 sheet has ``rows`` rows (about 3 MB zipped)."""
    path = good(raw, relative)
    member = sheet_member(path, "B01")
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i)
                    for i in range(1, rows + 1))
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://'
           b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + body
           + b"</sheetData></worksheet>")
    return rezip(path, {member: xml})


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters precomposed, tones combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def recode_csv_folder(folder: Path, encode: object) -> None:
    """Re-save every CSV of a folder written in UTF-8 with another encoding."""
    for file in folder.glob("*.csv"):
        text = file.read_text(encoding="utf-8")
        file.write_bytes(encode(text))  # type: ignore[operator]


def tcvn3_bytes(text: str) -> bytes:
    legacy = encode_legacy(text, "tcvn3")
    return bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in legacy)


def symlink_or_skip(link: Path, target: Path) -> bool:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):
        return False
    return True
