"""Hostile and broken files: each is rejected or flagged with a reason naming it, nothing in it
is executed, followed or calculated, memory stays bounded, and every other file is ingested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.limits import MAX_CELL_CHARS
from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
from samples.workbooks import Commune, render, write_submission
from tests.conftest import COMMUNES, district_submission
from tests.hostile.support_files import (
    cp1258,
    good,
    million_rows,
    recode_csv_folder,
    rezip,
    sheet_member,
    symlink_or_skip,
    tcvn3_bytes,
    zip_bomb,
)


def _ingest(raw: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest(con, raw, [2021], partition_years(), workers=1)
    return con


def _status(con: duckdb.DuckDBPyConnection, source: str) -> tuple[str, str | None]:
    row = con.execute("SELECT status, reason FROM raw.submissions WHERE source_file = ?",
                      [source]).fetchone()
    assert row is not None, f"{source} was not recorded at all"
    return row


def _flags(con: duckdb.DuckDBPyConnection, source: str, code: str) -> list[dict]:
    rel = con.execute("SELECT * FROM raw.parse_flags WHERE source_file = ? AND check_code = ?",
                      [source, code])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]


def _submission_flags(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT message FROM raw.submission_flags WHERE source_file = ?", [source]).fetchall()]


def _good_is_current(con: duckdb.DuckDBPyConnection, source: str = "2021/good.xlsx") -> None:
    assert _status(con, source)[0] == "current"
    rows = con.execute("SELECT count(*) FROM raw.b01_communes b JOIN raw.submissions s "
                       "USING (sha256) WHERE s.source_file = ?", [source]).fetchone()[0]
    assert rows == 3


def _rejected(con: duckdb.DuckDBPyConnection, source: str, phrase: str) -> None:
    status, reason = _status(con, source)
    assert status == "rejected", f"{source}: {status}"
    assert phrase in reason, reason
    assert any(phrase in m for m in _submission_flags(con, source)), "FILE_REJECTED names it"


# --------------------------------------------------------------------------- zip bombs


def _peak_read_mib(path: Path, env: dict[str, str] | None = None) -> tuple[str | None, float]:
    """Read one file in a fresh process; its reject reason and peak memory (MiB).

    The peak is the process's own high-water mark (VmHWM): ``ru_maxrss`` would carry over the
    memory of the process that started it (a pytest worker) across ``exec``.
    """
    code = textwrap.dedent(f"""
        import json, re
        from pathlib import Path
        from pipelines.ingest.reader import read_submission
        r = read_submission(Path({str(path)!r}), "x", "sha")
        status = Path("/proc/self/status").read_text()
        peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
        print(json.dumps([r.reject_reason, peak]))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, env=dict(os.environ, **(env or {})), check=True)
    reason, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return reason, peak


def test_a_zip_bomb_is_rejected_before_it_is_unpacked(tmp_path: Path) -> None:
    """1 GB of text in 1 MB: unpacking it takes about 3 GB of memory in the reader."""
    raw = tmp_path / "raw"
    bomb = zip_bomb(raw, "2021/bomb.xlsx", 1000, lie=False)
    assert bomb.stat().st_size < 3 << 20
    reason, peak = _peak_read_mib(bomb)
    assert reason is not None and "would unpack to 1,000 MB" in reason
    assert "NTM_MAX_UNZIPPED_MB" in reason
    assert peak < 400, f"peak memory {peak:.0f} MiB"


def test_a_zip_bomb_that_lies_about_its_size_fails_in_the_reader(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    bomb = zip_bomb(raw, "2021/liar.xlsx", 1000, lie=True)
    with zipfile.ZipFile(bomb) as z:
        assert sum(i.file_size for i in z.infolist()) < 1 << 20  # passes the size check
    reason, peak = _peak_read_mib(bomb)
    assert reason is not None and "larger than its declared" in reason
    assert peak < 400, f"peak memory {peak:.0f} MiB"


def test_a_workbook_of_too_many_parts_is_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = good(raw, "2021/parts.xlsx")
    rezip(path, {f"xl/media/image{i}.png": b"x" for i in range(10_001)})
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    _rejected(con, "2021/parts.xlsx", "10,0")
    _good_is_current(con)


def test_a_million_row_sheet_is_rejected_with_bounded_memory(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = million_rows(raw, "2021/rows.xlsx")
    reason, peak = _peak_read_mib(path)
    assert reason is not None and "1,000,001 rows" in reason and "B01" in reason
    assert peak < 600, f"peak memory {peak:.0f} MiB"
    # Raising the limit is the operator's choice, and the same file is then read.
    reason, _ = _peak_read_mib(path, {"NTM_MAX_SHEET_ROWS": "2000000"})
    assert reason is None


def test_a_million_line_csv_sheet_is_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    folder = write_submission(raw / "2021" / "csv_big", render(district_submission()), "csv")
    b01 = next(folder.glob("B01*.csv"))
    with b01.open("a", encoding="utf-8") as fh:
        fh.write("\r\n".join(f"{i},x" for i in range(1_000_000)))
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    _rejected(con, "2021/csv_big", "NTM_MAX_SHEET_ROWS")
    _good_is_current(con)


def test_a_file_above_the_size_limit_is_not_read(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    good(raw, "2021/good.xlsx")
    with (raw / "2021" / "huge.xlsx").open("wb") as fh:
        fh.truncate(3 << 20)  # sparse: 3 MB of zeros
    monkeypatch.setenv("NTM_MAX_FILE_MB", "2")
    con = _ingest(raw)
    _rejected(con, "2021/huge.xlsx", "above 2 MB are not read")
    _good_is_current(con)


# --------------------------------------------------------------------------- what runs


def test_a_macro_enabled_workbook_is_read_as_data_and_never_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = good(raw, "2021/macros.xlsx")
    vba = b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\nShell \"calc.exe\"\r\nEnd Sub"
    rezip(path, {"xl/vbaProject.bin": vba}, raw / "2021" / "macros.xlsm")
    con = _ingest(raw)
    assert _status(con, "2021/macros.xlsm")[0] == "current"
    flags = _flags(con, "2021/macros.xlsm", "MACROS_IGNORED")
    assert len(flags) == 1 and "never run" in flags[0]["message"]
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 3


def test_macros_inside_an_xls_are_noticed_and_never_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = write_submission(raw / "2021" / "old.xls", render(district_submission()), "xls")
    # The VBA storage of an .xls is an OLE2 stream named _VBA_PROJECT (UTF-16 in the
    # directory); a trailing copy of that name is enough for the reader to see it.
    path.write_bytes(path.read_bytes() + "_VBA_PROJECT".encode("utf-16-le"))
    con = _ingest(raw)
    assert _status(con, "2021/old.xls")[0] == "current"
    assert len(_flags(con, "2021/old.xls", "MACROS_IGNORED")) == 1


def test_formulas_are_never_calculated_and_a_missing_result_is_flagged(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = good(raw, "2021/formulas.xlsx")
    member = sheet_member(path, "B01")
    with zipfile.ZipFile(path) as z:
        xml = z.read(member).decode()
    # The first commune's reported count (a number) becomes a formula with no saved result;
    # the second's becomes a formula whose saved result is kept.
    cells = [m for m in _number_cells(xml)]
    first, second = cells[0], cells[1]
    xml = xml.replace(first[0], f'<c r="{first[1]}"><f>SUM(C1:C9)+WEBSERVICE("http://x")</f></c>')
    xml = xml.replace(second[0], f'<c r="{second[1]}"><f>1+1</f><v>{second[2]}</v></c>')
    links = ('<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>')
    rezip(path, {member: xml.encode(), "xl/externalLinks/externalLink1.xml": links.encode()})
    con = _ingest(raw)
    assert _status(con, "2021/formulas.xlsx")[0] == "current"
    missing = _flags(con, "2021/formulas.xlsx", "FORMULA_NOT_CACHED")
    assert len(missing) == 1
    assert missing[0]["row_number"] == int("".join(filter(str.isdigit, first[1])))
    assert missing[0]["column_name"] == "".join(filter(str.isalpha, first[1]))
    assert "WEBSERVICE" in missing[0]["raw_value"]
    assert len(_flags(con, "2021/formulas.xlsx", "EXTERNAL_LINK")) == 1


def _number_cells(xml: str) -> list[tuple[str, str, str]]:
    """(whole element, reference, value) of plain numeric cells in a sheet's XML."""
    import re

    return [(m.group(0), m.group(1), m.group(2))
            for m in re.finditer(r'<c r="([A-Z]+\d+)"(?: s="\d+")?><v>([\d.]+)</v></c>', xml)]


# --------------------------------------------------------------------------- not a workbook


@pytest.mark.parametrize(("name", "content", "phrase"), [
    ("scan.xlsx", b"%PDF-1.7\n1 0 obj", "a PDF document"),
    ("export.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     "an HTML page"),
    ("notes.xls", "Báo cáo nông thôn mới\n".encode() * 20, "plain text"),
    ("empty.xlsx", b"", "empty (0 bytes)"),
    ("random.xlsx", bytes(range(256)) * 8, "binary data"),
])
def test_a_file_that_is_not_what_its_name_says_is_rejected(tmp_path: Path, name: str,
                                                             content: bytes,
                                                             phrase: str) -> None:
    raw = tmp_path / "raw"
    (raw / "2021").mkdir(parents=True)
    (raw / "2021" / name).write_bytes(content)
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    _rejected(con, f"2021/{name}", phrase)
    _good_is_current(con)


def test_a_word_document_named_xlsx_is_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2021").mkdir(parents=True)
    with zipfile.ZipFile(raw / "2021" / "letter.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    _rejected(con, "2021/letter.xlsx", "a Word document")
    _good_is_current(con)


def test_empty_workbooks_are_rejected(tmp_path: Path) -> None:
    import xlsxwriter

    raw = tmp_path / "raw"
    (raw / "2021").mkdir(parents=True)
    with xlsxwriter.Workbook(raw / "2021" / "blank.xlsx") as wb:
        wb.add_worksheet("Sheet1")
    with xlsxwriter.Workbook(raw / "2021" / "blank_thongtin.xlsx") as wb:
        wb.add_worksheet("ThongTin")
        wb.add_worksheet("B01_TieuChiXa")
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    _rejected(con, "2021/blank.xlsx", "no ThongTin sheet")
    assert _status(con, "2021/blank_thongtin.xlsx")[0] == "rejected"
    _good_is_current(con)


def test_right_sheets_with_wrong_columns_are_flagged_not_guessed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    sheets = render(district_submission(district_code="186", district_name="Huyện Hữu Lũng"))
    b01 = next(s for s in sheets if s.name.startswith("B01"))
    header_at, _ = b01.find("Mã xã")
    b01.rows[header_at] = [f"Cột {i}" for i in range(len(b01.rows[header_at]))]
    (raw / "2021").mkdir(parents=True)
    write_submission(raw / "2021" / "columns.xlsx", sheets, "xlsx")
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    assert _status(con, "2021/columns.xlsx")[0] == "current"
    layout = _flags(con, "2021/columns.xlsx", "SHEET_LAYOUT")
    assert layout and layout[0]["sheet"] == b01.name
    # The sheet's cells are kept as unmapped, none is read as a commune.
    assert con.execute(
        "SELECT count(*) FROM raw.b01_communes b JOIN raw.submissions s USING (sha256) "
        "WHERE s.source_file = '2021/columns.xlsx'").fetchone()[0] == 0
    assert con.execute(
        "SELECT count(*) FROM raw.unmapped_cells u JOIN raw.submissions s USING (sha256) "
        "WHERE s.source_file = '2021/columns.xlsx' AND u.sheet = ?", [b01.name]
    ).fetchone()[0] > 0
    _good_is_current(con)


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(("encode", "said"), [
    (lambda text: text.encode("utf-16"), "UTF-16"),
    (cp1258, "Windows-1258"),
    (tcvn3_bytes, "legacy"),
])
def test_csv_in_other_encodings_reads_the_same_names(tmp_path: Path, encode, said: str) -> None:
    raw = tmp_path / "raw"
    folder = write_submission(raw / "2021" / "csv_sub", render(district_submission()), "csv")
    recode_csv_folder(folder, encode)
    con = _ingest(raw)
    assert _status(con, "2021/csv_sub")[0] == "current"
    names = sorted(r[0] for r in con.execute(
        "SELECT commune_name FROM raw.b01_communes").fetchall())
    assert names == sorted(name for _, name in COMMUNES)
    assert con.execute("SELECT count(*) FROM raw.b02_funding WHERE amount_million_vnd = 1200.5"
                       ).fetchone()[0] == 1
    notes = [f["message"] for f in _flags(con, "2021/csv_sub", "CSV_ENCODING")]
    assert notes and all(said in m for m in notes)


def test_very_long_cells_in_csv_are_cut_to_excels_limit_and_flagged(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    sub = district_submission(district_code="186", district_name="Huyện Hữu Lũng")
    long_name = "Xã Mẫu Sơn " + "rất dài " * 10_000
    sub.communes[0] = Commune(COMMUNES[0][0], long_name, ["x"] * 19, 19, 2019, 2021)
    write_submission(raw / "2021" / "long_csv", render(sub), "csv")
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    assert _status(con, "2021/long_csv")[0] == "current"
    stored = con.execute(
        "SELECT commune_name FROM raw.b01_communes WHERE source_file = '2021/long_csv' "
        "AND commune_code = ?", [COMMUNES[0][0]]).fetchone()[0]
    assert stored == long_name[:MAX_CELL_CHARS].strip()
    flags = _flags(con, "2021/long_csv", "CELL_TOO_LONG")
    assert len(flags) == 1 and flags[0]["sheet"].startswith("B01")
    assert f"{len(long_name):,}" in flags[0]["message"]
    _good_is_current(con)


def test_a_cell_beyond_excels_limit_from_another_program(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = good(raw, "2021/program.xlsx", district_code="186", district_name="Huyện Hữu Lũng")
    member = sheet_member(path, "B01")
    with zipfile.ZipFile(path) as z:
        xml = z.read(member).decode()
    cell = _number_cells(xml)[0]
    text = "Ấp " * 20_000  # 60,000 characters
    xml = xml.replace(cell[0], f'<c r="{cell[1]}" t="inlineStr"><is><t>{text}</t></is></c>')
    rezip(path, {member: xml.encode()})
    good(raw, "2021/good.xlsx")
    con = _ingest(raw)
    assert _status(con, "2021/program.xlsx")[0] == "current"
    flags = _flags(con, "2021/program.xlsx", "CELL_TOO_LONG")
    assert len(flags) == 1 and flags[0]["column_name"] == "".join(filter(str.isalpha, cell[1]))
    longest = con.execute(
        "SELECT max(length(raw_value)) FROM raw.parse_flags WHERE check_code <> 'CELL_TOO_LONG'"
    ).fetchone()[0]
    assert longest is None or longest <= MAX_CELL_CHARS
    _good_is_current(con)


# --------------------------------------------------------------------------- the raw folder


def test_symbolic_links_are_recorded_and_never_followed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good(raw, "2021/good.xlsx")
    outside = tmp_path / "elsewhere"
    secret = good(outside, "2021/secret.xlsx", district_code="186")
    if not symlink_or_skip(raw / "2021" / "link.xlsx", secret):
        pytest.skip("this file system has no symbolic links")
    symlink_or_skip(raw / "2021" / "linked_folder", outside / "2021")
    symlink_or_skip(raw / "2021" / "passwd.xlsx", Path("/etc/passwd"))
    symlink_or_skip(raw / "2021" / "loop", raw)
    con = _ingest(raw)
    for name in ("link.xlsx", "linked_folder", "passwd.xlsx", "loop"):
        _rejected(con, f"2021/{name}", "symbolic link")
    secret_sha = __import__("hashlib").sha256(secret.read_bytes()).hexdigest()
    assert con.execute("SELECT count(*) FROM raw.files WHERE sha256 = ?",
                       [secret_sha]).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 3
    _good_is_current(con)


def test_a_named_pipe_is_recorded_and_never_opened(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good(raw, "2021/good.xlsx")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(raw / "2021" / "pipe.xlsx")  # reading it would block for ever
    con = _ingest(raw)
    _rejected(con, "2021/pipe.xlsx", "not a regular file")
    _good_is_current(con)


def test_everything_at_once_still_ingests_every_good_file(tmp_path: Path) -> None:
    """All the hostile kinds in one raw folder, with two good files: the run finishes, the
    good files are current, every hostile one is recorded with a reason, and the raw folder
    is unchanged byte for byte."""
    raw = tmp_path / "raw"
    good(raw, "2021/good.xlsx")
    sub = district_submission(district_code="186", district_name="Huyện Hữu Lũng")
    write_submission(raw / "2021" / "good_2.xlsx", render(sub), "xlsx")
    zip_bomb(raw, "2021/bomb.xlsx", 300, lie=False)
    zip_bomb(raw, "2021/liar.xlsx", 300, lie=True)
    million_rows(raw, "2021/rows.xlsx", rows=150_000)
    (raw / "2021" / "scan.xlsx").write_bytes(b"%PDF-1.7")
    (raw / "2021" / "empty.xls").write_bytes(b"")
    symlink_or_skip(raw / "2021" / "passwd.xlsx", Path("/etc/passwd"))
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    con = _ingest(raw)
    _good_is_current(con)
    _good_is_current(con, "2021/good_2.xlsx")
    for name in ("bomb.xlsx", "liar.xlsx", "rows.xlsx", "scan.xlsx", "empty.xls"):
        status, reason = _status(con, f"2021/{name}")
        assert status == "rejected" and reason, name
    rejected = con.execute("SELECT count(*) FROM raw.submission_flags WHERE check_code = "
                           "'FILE_REJECTED'").fetchone()[0]
    assert rejected >= 5
    after = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before


def test_a_fault_of_the_reader_on_one_file_rejects_that_file_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception no rule expected (here planted: converting a column that holds one
    commune's name fails) used to leave the reader and stop the whole ingest. Now the batch is
    read again file by file: the other files are read and stored with their own lineage, and
    the one file is rejected, saying that the program failed and where."""
    from pipelines.ingest import extract

    raw = tmp_path / "raw"
    good(raw, "2021/good.xlsx")
    faulty = district_submission(district_code="186", district_name="Huyện Hữu Lũng")
    faulty.communes[0].name = "Xã Lỗi Chương Trình"
    write_submission(raw / "2021" / "faulty.xlsx", render(faulty), "xlsx")
    other = district_submission(district_code="187", district_name="Huyện Chi Lăng")
    write_submission(raw / "2021" / "good_2.xlsx", render(other), "xlsx")
    real = extract.parse_column

    def failing(kind, cells, **kwargs):
        if "Xã Lỗi Chương Trình" in cells:
            raise ValueError("planted fault")
        return real(kind, cells, **kwargs)

    monkeypatch.setattr(extract, "parse_column", failing)
    con = _ingest(raw)
    _good_is_current(con)
    _good_is_current(con, "2021/good_2.xlsx")
    _rejected(con, "2021/faulty.xlsx", "the reader failed on this file (ValueError in "
              "extract.py")
    assert "fault of the program, not of the file" in _status(con, "2021/faulty.xlsx")[1]
    # Each file's rows carry its own name: the batch's files were put back in their places.
    rows = con.execute("SELECT source_file, list(DISTINCT unit_code) FROM raw.b01_communes "
                       "JOIN raw.submissions USING (source_file, sha256) GROUP BY 1 ORDER BY 1"
                       ).fetchall()
    assert rows == [("2021/good.xlsx", ["188"]), ("2021/good_2.xlsx", ["187"])]
