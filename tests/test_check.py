"""`ntm check`: the build's reading and checks on the files given, without a warehouse.

The bundled sample's planted problems (data/raw/README.md) are found at their rows and
written on annotated copies, a clean report passes, an unreadable file gives exit 2, and
nothing given is modified."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
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
    # the copy opens in LibreOffice without repair: headless, it converts to PDF
    pdf = open_in_libreoffice(tmp_path / "annotated" / "180_2022_r1_kiemtra.xlsx", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


def open_in_libreoffice(workbook: Path, scratch: Path) -> Path:
    """Debian's LibreOffice converts ``workbook`` to PDF, or the test is skipped (failed when
    NTM_REQUIRE_OFFICE=1, as in CI). A file it would have to repair does not convert."""
    office = shutil.which("soffice")
    if office is None:
        message = "soffice not found: apt-get install libreoffice-calc-nogui"
        if os.environ.get("NTM_REQUIRE_OFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    out = scratch / "pdf"
    done = subprocess.run(
        [office, "--headless", "--norestore", "--nolockcheck",
         f"-env:UserInstallation={(scratch / 'lo-profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    pdf = out / f"{workbook.stem}.pdf"
    assert pdf.exists(), (done.stdout, done.stderr)
    return pdf


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
    """After the build: of Lạng Sơn's 2021 reports only 186 has a flag (its total row), so
    only 186 gets its workbook back, with the flag on its cell; the raw folder untouched."""
    before = _sha(TOTAL_ROW)
    result = sample_site.call("feedback", "--year", "2021", "--unit", "20",
                              "--out", str(tmp_path / "phanhoi"))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "phanhoi").iterdir())
    assert written == ["186_2021_r1_phanhoi.xlsx"]  # the one report of them with a flag
    book = load_workbook(tmp_path / "phanhoi" / "186_2021_r1_phanhoi.xlsx")
    listed = list(book["KiemTra"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in listed] == [("TOTAL_ROW_MISMATCH", "B02_NguonVon!C17")]
    comment = book["B02_NguonVon"]["C17"].comment.text
    assert "TOTAL_ROW_MISMATCH (error)" in comment
    assert "Giá trị đúng / expected: 216.154 (ghi / reported 217.154)" in comment
    assert _sha(TOTAL_ROW) == before
    nothing = sample_site.call("feedback", "--year", "2011", "--out", str(tmp_path / "x"))
    assert nothing.returncode == 0 and "nothing to send back" in nothing.stderr


# --- The base a check starts from (pipelines/check/base.py) and its suite process ---------

def test_the_base_holds_every_check_table_as_a_view_made_by_dbt(tmp_path: Path) -> None:
    """The check tables of a check are the build's dbt models, made as views once: every
    suite's table and quality.flags are views there, over raw tables that are empty."""
    import duckdb

    from pipelines.check import base
    from pipelines.quality.suites import all_suites

    with duckdb.connect(str(base.base_database(tmp_path)), read_only=True) as con:
        views = {f"{s}.{v}" for s, v in con.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        tables = {f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
        raw_rows = con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0]
    assert {s.table for s in all_suites()} <= views
    assert {"quality.flags", "quality.completeness", "marts.dim_admin_unit"} <= views
    assert not {t for t in tables if t.split(".")[0] in ("intermediate", "staging")}
    assert "reference.criteria_sets" in tables and raw_rows == 0


def test_a_check_makes_its_own_base_where_the_project_cannot_keep_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install whose dbt project folder cannot be written still checks (its base is made
    in the check's scratch folder, every time)."""
    from pipelines.check import base

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(base, "BASES", blocker / "check")
    made = base.base_database(tmp_path / "scratch")
    assert made.is_relative_to(tmp_path / "scratch") and made.name == base.DATABASE
    assert made.stat().st_size > 0


def test_a_broken_suite_or_a_dead_suite_process_is_said_not_hung() -> None:
    import pandas as pd

    from pipelines.check.suite_process import SuiteProcess, SuitesStopped
    from pipelines.quality.suites import Suite

    broken = Suite(name="broken", table="t", asset=("t",), description="", path=Path("x"),
                   expectations=({"type": "expect_no_such_thing", "kwargs": {},
                                  "meta": {"check_code": "X", "severity": "error",
                                           "message": "x"}},))
    process = SuiteProcess()
    try:
        with pytest.raises(SuitesStopped, match="could not run"):
            process.validate([(broken, pd.DataFrame({"year": [2024]}))])
    finally:
        process.close()
    process = SuiteProcess()
    process._process.kill()  # as the kernel does when memory runs out
    try:
        with pytest.raises(SuitesStopped, match="ended with code"):
            process.validate([])
    finally:
        process.close()


def test_a_process_with_great_expectations_loaded_runs_the_suites_itself() -> None:
    """A Python session (or this suite) that has loaded Great Expectations validates a
    check's suites in itself, with the same errors as the suite process, instead of starting
    a process that imports it again."""
    import great_expectations  # noqa: F401
    import pandas as pd

    from pipelines.check.suite_process import SuitesHere, SuitesStopped, start_suites
    from pipelines.quality.suites import Suite

    here = start_suites()
    assert isinstance(here, SuitesHere)
    broken = Suite(name="broken", table="t", asset=("t",), description="", path=Path("x"),
                   expectations=({"type": "expect_no_such_thing", "kwargs": {},
                                  "meta": {"check_code": "X", "severity": "error",
                                           "message": "x"}},))
    with pytest.raises(SuitesStopped, match="could not run"):
        here.validate([(broken, pd.DataFrame({"year": [2024]}))])
    years = Suite(name="years", table="t", asset=("t",), description="", path=Path("x"),
                  expectations=({"type": "expect_column_values_to_be_between",
                                 "kwargs": {"column": "year", "min_value": 2010},
                                 "meta": {"check_code": "YEAR_RANGE", "severity": "error",
                                          "message": "year before 2010"}},))
    frame = pd.DataFrame({"year": [2024, 1990], "unit_code": ["188", "189"]})
    [flags] = here.validate([(years, frame)])
    assert [(f["check_code"], f["unit_code"], f["year"]) for f in flags] == [
        ("YEAR_RANGE", "189", 1990)]


def test_a_check_reads_with_the_vocabulary_the_build_reads_with(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """A column named in the office's own words is read by `ntm check` as the build reads it
    once the raw folder's vocabulary.toml names them, and the check says which file it used."""
    from tests.test_ingest_vocabulary import VOCABULARY, _office_workbook

    raw = tmp_path / "raw"
    raw.mkdir()
    sent = _office_workbook(tmp_path / "sent")
    monkeypatch.setenv("NTM_RAW_DIR", str(raw))
    monkeypatch.delenv("NTM_VOCABULARY", raising=False)

    def unknown_columns() -> tuple[set[str], str | None]:
        main(["check", "--json", str(sent)])
        report = json.loads(capsys.readouterr().out)
        return ({f["raw_value"] for f in report["flags"] if f["check_code"] == "UNKNOWN_COLUMN"},
                report["vocabulary"])

    without, used = unknown_columns()
    assert "Số hiệu xã" in without and used is None
    (raw / "vocabulary.toml").write_text(VOCABULARY, encoding="utf-8")
    with_words, used = unknown_columns()
    assert "Số hiệu xã" not in with_words and used == str(raw / "vocabulary.toml")
    assert sorted(p.name for p in sent.parent.iterdir()) == [sent.name]  # nothing added there


def test_a_product_listed_without_its_rating_is_flagged_at_its_row(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A B03 product whose Số sao is blank is no certificate, so no mart counts it: it was
    left out without a word. It is a VALUE_OUT_OF_RANGE error at its row; a rating typed
    but unreadable is flagged where it is read, and a heading naming the commune is none."""
    import datetime as dt

    from tests.office import district_sheets, simple_sheet, write

    header = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
              "Ngày công nhận"]
    body = [[None, "Xã Mẫu Sơn"],
            [1, "Hồi Lạng Sơn", "HTX A", "06532", 1, 3, dt.date(2023, 6, 15)],
            [2, "Rượu Mẫu Sơn", "HTX B", "06532", 2, None, dt.date(2023, 7, 1)],
            [3, "Chè Mẫu Sơn", "HTX C", "06532", 2, "ba sao?", dt.date(2023, 7, 1)]]
    sent = write(tmp_path / "188_2023.xlsx",
                 district_sheets(B03=simple_sheet("B03_OCOP", header, body)))
    main(["check", "--json", str(sent)])
    report = json.loads(capsys.readouterr().out)
    b03 = {(f["check_code"], f["row_number"]): f["message"] for f in report["flags"]
           if f["sheet"] == "B03_OCOP"}
    assert "Rượu Mẫu Sơn: Số sao để trống" in b03[("VALUE_OUT_OF_RANGE", 6)]
    assert ("UNPARSEABLE_VALUE", 7) in b03
    assert not [k for k in b03 if k[1] in (4, 5) or k == ("VALUE_OUT_OF_RANGE", 7)]


def test_counts_that_are_not_whole_numbers_are_flagged_at_their_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`1,5` communes planned (B04) or `2,5` communes recognised (B06) is no count: each is a
    VALUE_OUT_OF_RANGE error at its row. A share, an average, money and whole counts are
    left alone."""
    from tests.office import district_sheets, simple_sheet, write

    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Thực hiện", "Kế hoạch năm sau"],
                       [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", "1,5", 0, 1],
                        ["TC_BINH_QUAN", "Bình quân tiêu chí/xã", "tiêu chí/xã", 15.5, 15.33,
                         16],
                        ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]])
    b06 = simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                       [["SO_XA", "Số xã", 3], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 2.5],
                        ["TC_BINH_QUAN", "Bình quân", 15.33],
                        ["TONG_VON", "Tổng vốn", 2350.5]])
    sent = write(tmp_path / "188_2023.xlsx", [*district_sheets(B04=b04), b06])
    main(["check", "--json", str(sent)])
    report = json.loads(capsys.readouterr().out)
    whole = {(f["sheet"], f["row_number"]): f["message"] for f in report["flags"]
             if f["check_code"] == "VALUE_OUT_OF_RANGE"}
    assert set(whole) == {("B04_ChiTieu", 4), ("B06_TongHop", 5)}
    assert "Kế hoạch = 1,5 — a count that is not a whole number" in whole[("B04_ChiTieu", 4)]
    assert "SO_XA_DAT_CHUAN" in whole[("B06_TongHop", 5)]
    assert "= 2,5 — a count that is not a whole number" in whole[("B06_TongHop", 5)]
