"""`ntm check`: the build's reading and checks on the files given, without a warehouse.

The bundled sample's planted problems (data/raw/README.md) are found at their rows and
written on annotated copies, a clean report passes, an unreadable file gives exit 2, and
nothing given is modified."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
COUNT_MISMATCH = RAW / "2022" / "20_lang_son" / "180_2022_r1.xlsx"  # README #1
TOTAL_ROW = RAW / "2021" / "20_lang_son" / "186_2021_r1.xlsx"  # README #6
LATE = RAW / "2020" / "20_lang_son" / "184_2020_r1.xlsx"  # README #10
CLEAN = RAW / "2021" / "20_lang_son" / "187_2021_r1.xlsx"

pytestmark = pytest.mark.build


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_finds_each_planted_problem_at_its_row(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    given = [COUNT_MISMATCH, TOTAL_ROW, LATE, CLEAN]
    before = {p: _sha(p) for p in given}
    code = main(["check", "--json", "--annotate", str(tmp_path / "annotated"),
                 *map(str, given)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["exit_code"] == 1
    found = {(Path(f["source_file"]).name, f["check_code"], f["severity"], f["sheet"],
              f["row_number"]) for f in report["flags"]}
    assert found == {
        ("180_2022_r1.xlsx", "REPORTED_COUNT_MISMATCH", "error", "B01_TieuChiXa", 6),
        ("186_2021_r1.xlsx", "TOTAL_ROW_MISMATCH", "error", "B02_NguonVon", 17),
        ("184_2020_r1.xlsx", "LATE_SUBMISSION", "warning", "ThongTin", 9),
    }
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["187_2021_r1.xlsx"]["errors"] == 0 and files["187_2021_r1.xlsx"]["readable"]
    assert (files["180_2022_r1.xlsx"]["unit_code"], files["180_2022_r1.xlsx"]["year"]) == \
        ("180", 2022)
    # messages name the file as it was given, in Vietnamese first
    message = next(f["message"] for f in report["flags"] if f["check_code"] == "LATE_SUBMISSION")
    assert "Huyện Văn Quan (184)" in message and "10/03/2021" in message
    assert str(LATE) in next(f["source_file"] for f in report["flags"]
                             if f["check_code"] == "LATE_SUBMISSION")
    assert "ingest" in report["checks_run"] and "b01_communes" in report["checks_run"]
    assert {p: _sha(p) for p in given} == before  # nothing received is modified
    # the annotated copies: the problem on its cell, a first sheet listing every problem
    book = load_workbook(tmp_path / "annotated" / "180_2022_r1_kiemtra.xlsx")
    assert book.sheetnames[0] == "KiemTra"
    listed = list(book["KiemTra"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in listed] == [
        ("error", "REPORTED_COUNT_MISMATCH", "B01_TieuChiXa!W6")]
    assert listed[0][3].startswith("Xã Khánh Long (05998): Số tiêu chí đạt = 18")
    comment = book["B01_TieuChiXa"]["W6"].comment
    assert comment is not None and "REPORTED_COUNT_MISMATCH (error)" in comment.text
    assert book["B01_TieuChiXa"]["W6"].value == 18  # the figures are the office's own
    clean = load_workbook(tmp_path / "annotated" / "187_2021_r1_kiemtra.xlsx")["KiemTra"]
    assert clean["D2"].value == "Không phát hiện vấn đề / no problem found"


def test_a_clean_report_passes_and_an_unreadable_file_gives_2(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(CLEAN)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"✓ {CLEAN} (huyện 187, 2021)")
    assert all(len(line) <= 100 for line in out.splitlines() if not line.startswith("✓"))
    broken = tmp_path / "Báo cáo 2024.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert main(["check", str(broken)]) == 2
    out = capsys.readouterr().out
    assert f"✗ {broken}: không đọc được / cannot be read" in out
    assert main(["check", str(tmp_path / "missing.xlsx")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_feedback_writes_each_flag_on_the_office_own_workbook(sample_site, tmp_path: Path) -> None:
    """After the build: Lạng Sơn's 2021 reports, each a copy with the published flags on it
    (186's total row), the .xls and unchanged files included, the raw folder untouched."""
    before = _sha(TOTAL_ROW)
    result = sample_site.call("feedback", "--year", "2021", "--unit", "20",
                              "--out", str(tmp_path / "phanhoi"))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "phanhoi").iterdir())
    assert written == sorted(f"{u}_2021_r1_phanhoi.xlsx" for u in
                             ("20", "180", "181", "182", "183", "184", "185", "186", "187",
                              "188", "189"))
    book = load_workbook(tmp_path / "phanhoi" / "186_2021_r1_phanhoi.xlsx")
    listed = list(book["KiemTra"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in listed] == [("TOTAL_ROW_MISMATCH", "B02_NguonVon!C17")]
    assert "TOTAL_ROW_MISMATCH (error)" in book["B02_NguonVon"]["C17"].comment.text
    assert _sha(TOTAL_ROW) == before
    refused = sample_site.call("feedback", "--year", "2011", "--out", str(tmp_path / "x"))
    assert refused.returncode == 2 and "no current submission for 2011" in refused.stderr
