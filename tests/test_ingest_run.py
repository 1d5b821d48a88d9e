"""Whole ingest passes over a raw folder: statuses, revisions, re-runs, bad files."""

from __future__ import annotations

import datetime as dt
import shutil

from pipelines.ingest import run as run_module
from pipelines.ingest.reader import read_submission
from tests.conftest import district_submission


def _submissions(con):
    return {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT source_file, status, year, unit_code, revision, reason FROM raw.submissions"
        ).fetchall()
    }


def _flag_codes(con):
    rows = con.execute("SELECT check_code FROM raw.submission_flags").fetchall()
    return sorted(r[0] for r in rows)


def test_same_file_twice_is_a_duplicate(write, run_ingest, con, tmp_path):
    first = write("2021/a/loc_binh.xlsx", district_submission())
    copy = tmp_path / "raw" / "2021" / "b" / "loc_binh_copy.xlsx"
    copy.parent.mkdir(parents=True)
    shutil.copy(first, copy)
    run_ingest([2021])
    subs = _submissions(con)
    assert subs["2021/a/loc_binh.xlsx"][0] == "current"
    status, *_, reason = subs["2021/b/loc_binh_copy.xlsx"]
    assert status == "duplicate" and reason == "same content as 2021/a/loc_binh.xlsx"
    # Content is stored once.
    assert con.execute("SELECT count(DISTINCT sha256) FROM raw.b01_communes").fetchone()[0] == 1


def test_higher_revision_supersedes_and_earlier_rows_are_kept(write, run_ingest, con):
    write("2021/r1.xlsx", district_submission(revision=1))
    second = district_submission(revision=2)
    second.communes[1].marks = ["x"] * 19
    second.communes[1].reported_count = 19
    write("2021/r2.xlsx", second)
    run_ingest([2021])
    subs = _submissions(con)
    assert subs["2021/r2.xlsx"][0] == "current"
    assert subs["2021/r1.xlsx"][0] == "superseded"
    assert "revision 2" in subs["2021/r1.xlsx"][-1]
    assert con.execute("SELECT count(DISTINCT sha256) FROM raw.b01_communes").fetchone()[0] == 2
    assert _flag_codes(con) == []


def test_two_different_files_with_same_revision_conflict(write, run_ingest, con):
    write("2021/early.xlsx", district_submission(signed_on=dt.date(2022, 1, 10)))
    late = district_submission(signed_on=dt.date(2022, 1, 20))
    late.communes[2].reported_count = 13
    write("2021/late.xlsx", late)
    run_ingest([2021])
    subs = _submissions(con)
    assert subs["2021/late.xlsx"][0] == "current"
    assert subs["2021/early.xlsx"][0] == "superseded"
    assert "conflicts with 2021/late.xlsx" in subs["2021/early.xlsx"][-1]
    (message,) = con.execute(
        "SELECT message FROM raw.submission_flags WHERE check_code = 'CONFLICTING_SUBMISSION'"
    ).fetchone()
    assert "2021/early.xlsx" in message and "2021/late.xlsx" in message
    # Both files' rows are kept.
    assert con.execute("SELECT count(DISTINCT sha256) FROM raw.b01_communes").fetchone()[0] == 2


def test_folder_year_that_disagrees_with_thongtin(write, run_ingest, con):
    write("2021/actually_2022.xlsx", district_submission(year=2022))
    run_ingest([2021, 2022])
    assert _submissions(con)["2021/actually_2022.xlsx"][:2] == ("current", 2022)
    row = con.execute(
        "SELECT year, reported_value, expected_value, source_file FROM raw.submission_flags "
        "WHERE check_code = 'YEAR_MISMATCH'"
    ).fetchone()
    assert row == (2022, 2021.0, 2022.0, "2021/actually_2022.xlsx")


def test_corrupt_workbook_is_rejected_and_the_others_are_ingested(write, run_ingest, con, tmp_path):
    write("2021/good.xlsx", district_submission())
    bad = tmp_path / "raw" / "2021" / "corrupt.xlsx"
    bad.write_bytes(b"\x00not a workbook\xff" * 50)
    (tmp_path / "raw" / "2021" / "scan.pdf").write_bytes(b"%PDF-1.4")
    summary = run_ingest([2021])
    subs = _submissions(con)
    assert subs["2021/good.xlsx"][0] == "current"
    assert subs["2021/corrupt.xlsx"][0] == "rejected"
    assert subs["2021/corrupt.xlsx"][-1].startswith("not a readable Excel workbook")
    assert subs["2021/scan.pdf"][0] == "rejected"
    assert "not a submission format (.pdf)" in subs["2021/scan.pdf"][-1]
    assert _flag_codes(con) == ["FILE_REJECTED", "FILE_REJECTED"]
    assert summary.statuses == {"current": 1, "rejected": 2}
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 3


def test_rerun_reads_only_changed_files(write, run_ingest, con):
    write("2021/a.xlsx", district_submission())
    write("2022/b.xlsx", district_submission(year=2022))
    first = run_ingest([2021, 2022])
    assert (first.files_read, first.files_reused) == (2, 0)
    again = run_ingest([2021, 2022])
    assert (again.files_read, again.files_reused) == (0, 2)
    changed = district_submission(year=2022)
    changed.communes[0].note = "đã rà soát lại"
    write("2022/b.xlsx", changed)
    third = run_ingest([2021, 2022])
    assert (third.files_read, third.files_reused) == (1, 1)


def test_replaced_file_keeps_its_earlier_content_marked_superseded(write, run_ingest, con):
    path = write("2021/loc_binh.xlsx", district_submission())
    run_ingest([2021])
    old_sha = con.execute("SELECT sha256 FROM raw.submissions").fetchone()[0]
    changed = district_submission()
    changed.communes[2].reported_count = 13
    write("2021/loc_binh.xlsx", changed)
    assert path.exists()
    run_ingest([2021])
    rows = con.execute(
        "SELECT sha256, status, present, reason FROM raw.submissions ORDER BY present"
    ).fetchall()
    assert len(rows) == 2
    assert rows[0][:3] == (old_sha, "superseded", False)
    assert "no longer in the raw folder" in rows[0][3]
    assert rows[1][1:3] == ("current", True)
    # The earlier content's rows are still there.
    assert con.execute(
        "SELECT count(*) FROM raw.b01_communes WHERE sha256 = ?", [old_sha]
    ).fetchone()[0] == 3


def test_refreshing_one_year_leaves_other_years_alone(write, run_ingest, con, tmp_path):
    write("2021/a.xlsx", district_submission())
    write("2022/b.xlsx", district_submission(year=2022))
    run_ingest([2021, 2022])
    before = con.execute("SELECT * FROM raw.submissions WHERE year = 2022").fetchall()
    write("2022/b_r2.xlsx", district_submission(year=2022, revision=2))
    run_ingest([2021])
    after = con.execute("SELECT * FROM raw.submissions WHERE year = 2022").fetchall()
    assert after == before
    run_ingest([2022])
    assert _submissions(con)["2022/b_r2.xlsx"][0] == "current"


def test_year_outside_the_covered_range_is_rejected(write, run_ingest, con):
    write("2031/future.xlsx", district_submission(year=2031, level="Tỉnh", district_code=None,
                                                  district_name=None))
    run_ingest([2021])
    status, year, *_ , reason = _submissions(con)["2031/future.xlsx"]
    assert status == "rejected" and year == 2031
    assert "outside the years" in reason


def test_parallel_reading_gives_the_same_rows(write, run_ingest, con, monkeypatch, tmp_path):
    # no district name: the titles then name the province, not Lộc Bình under another code
    paths = [write(f"2021/d{i}.xlsx",
                   district_submission(district_code=f"{180 + i}", district_name=None))
             for i in range(6)]
    monkeypatch.setattr(run_module, "PARALLEL_THRESHOLD", 2)
    summary = run_ingest([2021], workers=2)
    assert summary.files_read == 6
    parallel = con.execute(
        "SELECT source_file, row_number, commune_code, commune_name FROM raw.b01_communes "
        "ORDER BY ALL"
    ).fetchall()
    serial = sorted(
        (path.relative_to(tmp_path / "raw").as_posix(), r["row_number"], r["commune_code"],
         r["commune_name"])
        for path in paths
        for r in read_submission(path, "x", "x").tables["b01_communes"]
    )
    assert parallel == serial
    assert len(parallel) == 18


def test_reading_processes_start_while_fingerprinting_and_only_for_new_files(
        write, run_ingest, con, monkeypatch):
    """The processes started during discovery are the ones that read (no second pool), and
    a re-run over files already stored starts none."""
    for i in range(4):
        write(f"2021/d{i}.xlsx",
              district_submission(district_code=f"{180 + i}", district_name=None))
    monkeypatch.setattr(run_module, "PARALLEL_THRESHOLD", 2)
    started = []
    real_pool = run_module._new_pool

    def counted(workers):
        started.append(workers)
        return real_pool(workers)

    monkeypatch.setattr(run_module, "_new_pool", counted)
    early = []
    real_expect = run_module._EarlyPool.expect

    def expect(self, new_files):
        early.append(new_files)
        real_expect(self, new_files)

    monkeypatch.setattr(run_module._EarlyPool, "expect", expect)
    assert run_ingest([2021], workers=2).files_read == 4
    assert early == [4] and started == [2]
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 12

    assert run_ingest([2021], workers=2).files_read == 0
    assert early == [4, 0] and started == [2]


def test_an_early_pool_that_is_not_needed_is_left_unused(write, run_ingest, con, monkeypatch):
    """Many files listed but few of them new (here: the same content twice): they are read
    in this process and the early processes are shut down."""
    first = write("2021/a.xlsx", district_submission())
    (first.parent / "a_copy.xlsx").write_bytes(first.read_bytes())
    monkeypatch.setattr(run_module, "PARALLEL_THRESHOLD", 2)
    pools = []
    real_pool = run_module._new_pool

    def kept(workers):
        pools.append(real_pool(workers))
        return pools[-1]

    monkeypatch.setattr(run_module, "_new_pool", kept)
    read_here = []
    real_batch = run_module.read_batch

    def read_batch(files, vocab):
        read_here.append(len(files))
        return real_batch(files, vocab)

    monkeypatch.setattr(run_module, "read_batch", read_batch)
    summary = run_ingest([2021], workers=2)
    assert summary.files_read == 1 and read_here == [1]
    assert len(pools) == 1 and pools[0]._shutdown_thread
    statuses = _submissions(con)
    assert statuses["2021/a.xlsx"][0] == "current"
    assert statuses["2021/a_copy.xlsx"][0] == "duplicate"


def test_discovery_reports_the_listing_before_fingerprinting(write, tmp_path, monkeypatch):
    from pipelines.ingest import discover as discover_module

    for i in range(3):
        write(f"2021/d{i}.xlsx",
              district_submission(district_code=f"{180 + i}", district_name=None))
    (tmp_path / "raw" / "2021" / "notes.pdf").write_bytes(b"%PDF")
    hashed = []
    real_hash = discover_module.sha256_file
    monkeypatch.setattr(discover_module, "sha256_file",
                        lambda path: hashed.append(path) or real_hash(path))
    told = []
    found = discover_module.discover(tmp_path / "raw",
                                     listed=lambda n: told.append((n, len(hashed))))
    assert told == [(4, 0)] and len(hashed) == 4 == len(found)
    assert [f.source_file for f in found] == [
        "2021/d0.xlsx", "2021/d1.xlsx", "2021/d2.xlsx", "2021/notes.pdf"]
    assert found[3].not_a_submission.startswith("not a submission format (.pdf)")
    assert found[0].size_bytes == (tmp_path / "raw" / "2021" / "d0.xlsx").stat().st_size
