"""Closing a reporting year: closures.csv, pending late files, the commands that write the
log, and the folder scans that must not take the log for a submission."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import closures as closures_module
from pipelines.ingest.closures import Closures, Entry, append, read_closures
from pipelines.ingest.discover import discover, sha256_file
from pipelines.ingest.revisions import Candidate, assign_status
from pipelines.orchestration import automation
from tests.conftest import district_submission

SHA_R1, SHA_R2, SHA_OTHER = "1" * 64, "2" * 64, "3" * 64


def _cand(source: str, sha: str, revision: int, *, year: int = 2024, unit: str = "188",
          signed: dt.date | None = None) -> Candidate:
    return Candidate(source, sha, year, year=year, level="district", unit_code=unit,
                     revision=revision, signed_on=signed or dt.date(year + 1, 1, 10))


def _closed(*entries: tuple[str, int, str | None]) -> Closures:
    return Closures(entries=[
        Entry(row, action, year, source_file=f"{year}/{sha[:1]}.xlsx" if sha else None,
              sha256=sha, recorded_at="2026-12-04T08:00:00+00:00", recorded_by="Thống kê",
              release_name="2024-official")
        for row, (action, year, sha) in enumerate(entries, start=2)
    ])


def _statuses(decided: list[Candidate]) -> dict[str, str]:
    return {c.source_file: c.status for c in decided}


CANDIDATES = [_cand("2024/r1.xlsx", SHA_R1, 1), _cand("2024/r2.xlsx", SHA_R2, 2)]


def test_a_late_file_for_a_closed_year_is_pending_and_the_frozen_file_stays_current():
    decided, flags = assign_status(CANDIDATES, _closed(("close", 2024, SHA_R1)))
    assert _statuses(decided) == {"2024/r1.xlsx": "current", "2024/r2.xlsx": "pending"}
    reason = next(c.reason for c in decided if c.status == "pending")
    assert "ntm accept 2024/r2.xlsx" in reason and "ntm reopen 2024" in reason
    assert "2026-12-04" in reason and "2024-official" in reason
    assert reason.index("khóa sổ") < reason.index("closed")  # Vietnamese first
    pending = [f for f in flags if f["check_code"] == "PENDING_REVISION"]
    assert [(f["severity"], f["source_file"], f["year"]) for f in pending] == [
        ("info", "2024/r2.xlsx", 2024)]


def test_an_accepted_file_is_ranked_as_usual():
    closures = _closed(("close", 2024, SHA_R1), ("accept", 2024, SHA_R2))
    decided, flags = assign_status(CANDIDATES, closures)
    assert _statuses(decided) == {"2024/r1.xlsx": "superseded", "2024/r2.xlsx": "current"}
    assert not [f for f in flags if f["check_code"] == "PENDING_REVISION"]


def test_a_reopened_year_is_back_to_normal_and_other_years_never_change():
    reopened = _closed(("close", 2024, SHA_R1), ("reopen", 2024, None))
    assert _statuses(assign_status(CANDIDATES, reopened)[0]) == {
        "2024/r1.xlsx": "superseded", "2024/r2.xlsx": "current"}
    # Closed again: the frozen files are those of the last close.
    again = _closed(("close", 2024, SHA_R1), ("reopen", 2024, None), ("close", 2024, SHA_R2))
    third = _cand("2024/r3.xlsx", SHA_OTHER, 3)
    assert _statuses(assign_status([*CANDIDATES, third], again)[0]) == {
        "2024/r1.xlsx": "superseded", "2024/r2.xlsx": "current", "2024/r3.xlsx": "pending"}
    other_year = [_cand("2023/a.xlsx", SHA_R1, 1, year=2023),
                  _cand("2023/b.xlsx", SHA_R2, 2, year=2023)]
    assert _statuses(assign_status(other_year, _closed(("close", 2024, SHA_OTHER)))[0]) == {
        "2023/a.xlsx": "superseded", "2023/b.xlsx": "current"}
    # Without closures (other callers), nothing is pending.
    assert _statuses(assign_status(CANDIDATES)[0])["2024/r2.xlsx"] == "current"


def test_a_closed_year_without_files_keeps_every_later_file_pending_and_copies_are_duplicates():
    closures = _closed(("close", 2024, None))
    copy = _cand("2024/z_copy.xlsx", SHA_R2, 2)
    decided, flags = assign_status([*CANDIDATES, copy], closures)
    assert _statuses(decided) == {"2024/r1.xlsx": "pending", "2024/r2.xlsx": "pending",
                                  "2024/z_copy.xlsx": "duplicate"}
    assert sum(f["check_code"] == "PENDING_REVISION" for f in flags) == 2


def test_closures_file_rows_are_validated_with_row_and_column(tmp_path):
    (tmp_path / "closures.csv").write_text(
        "action,year,source_file,sha256,recorded_at,recorded_by,release_name,note\n"
        f"close,2024,2024/r1.xlsx,{SHA_R1},2026-12-04T08:00:00+00:00,An,,\n"
        "freeze,2024,,,,,,\n"
        "close,hai nghìn,,,,,,\n"
        "accept,2024,2024/r2.xlsx,not-a-sha,,,,\n"
        "accept,2024,2024/r2.xlsx,,,,,\n"
        "\n"
        f"accept,2024.0,2024/r2.xlsx,{SHA_R2.upper()},,,,\"ghi chú, có dấu phẩy\"\n",
        encoding="utf-8")
    result = read_closures(tmp_path)
    problems = [(f["row_number"], f["column_name"], f["raw_value"]) for f in result.flags]
    assert problems == [(3, "action", "freeze"), (4, "year", "hai nghìn"),
                        (5, "sha256", "not-a-sha"), (6, "sha256", None)]
    assert {f["check_code"] for f in result.flags} == {"CLOSURES_FILE_INVALID"}
    assert {f["severity"] for f in result.flags} == {"warning"}
    assert all(f["source_file"] == "closures.csv" and f["year"] is None for f in result.flags)
    assert result.flags[0]["message"].startswith("closures.csv: dòng 3, cột action:")
    assert "row 3, column action" in result.flags[0]["message"]
    assert [(e.row, e.action, e.year) for e in result.entries] == [
        (2, "close", 2024), (8, "accept", 2024)]
    assert result.entries[1].note == "ghi chú, có dấu phẩy"
    assert result.accepted == {SHA_R2}
    assert result.closure(2024).frozen == {SHA_R1}


def test_a_closures_file_without_its_columns_or_not_utf8_closes_nothing(tmp_path):
    (tmp_path / "closures.csv").write_text("what,when\nclose,2024\n", encoding="utf-8")
    result = read_closures(tmp_path)
    assert [(f["row_number"], f["column_name"]) for f in result.flags] == [
        (1, "action"), (1, "year")]
    assert result.closed() == {}
    latin = "action,year,note\nclose,2024,Hà Nam\n".encode("latin-1")
    (tmp_path / "closures.csv").write_bytes(latin)
    result = read_closures(tmp_path)
    assert len(result.flags) == 1 and "UTF-8" in result.flags[0]["message"]
    assert read_closures(tmp_path / "nowhere").flags == []


def test_appending_writes_the_header_once_and_mends_a_last_line_without_newline(tmp_path):
    append(tmp_path, [{"action": "close", "year": 2024, "sha256": SHA_R1,
                       "source_file": "2024/r1.xlsx", "note": "Số liệu chính thức"}])
    path = tmp_path / "closures.csv"
    path.write_bytes(path.read_bytes() + f"accept,2024,2024/r2.xlsx,{SHA_R2}".encode())
    append(tmp_path, [{"action": "reopen", "year": 2024}])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(closures_module.COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == ["close", "accept", "reopen"]
    result = read_closures(tmp_path)
    assert result.flags == [] and result.closed() == {} and result.accepted == {SHA_R2}


def test_discovery_skips_the_office_records_at_the_root_only(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    (raw / "closures.csv").write_text("action,year\n", encoding="utf-8")
    (raw / "reviews.csv").write_text("flag_key,review_status\n", encoding="utf-8")
    (raw / "vocabulary.toml").write_text("", encoding="utf-8")
    (raw / "2024" / "closures.csv").write_text("a stray file\n", encoding="utf-8")
    found = {f.source_file: f.not_a_submission for f in discover(raw)}
    assert list(found) == ["2024/closures.csv"]
    assert "lone CSV" in found["2024/closures.csv"]


def test_the_sensor_starts_nothing_when_only_the_office_records_change(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    (raw / "2024" / "188_2024_r1.xlsx").write_bytes(b"2024 workbook")
    published = tmp_path / "ntm.duckdb"
    years = range(2010, 2027)
    _, cursor = automation.plan_requests(None, raw, published, years)
    for name in ("closures.csv", "reviews.csv"):
        (raw / name).write_text("action,year\nclose,2024\n", encoding="utf-8")
        requests, cursor = automation.plan_requests(cursor, raw, published, years)
        assert requests == [], name
    assert set(json.loads(cursor)) == {"2024"}
    # First tick with a published warehouse older than the records: nothing either.
    published.write_bytes(b"published")
    old = time.time() - 3600
    os.utime(raw / "2024" / "188_2024_r1.xlsx", (old, old))
    for name in ("closures.csv", "reviews.csv"):
        stamp = time.time() + 5
        os.utime(raw / name, (stamp, stamp))
    assert automation.plan_requests(None, raw, published, years)[0] == []
    # The vocabulary at the root still changes how every file is read: every year.
    (raw / "vocabulary.toml").write_text("[headers]\n", encoding="utf-8")
    requests, _ = automation.plan_requests(cursor, raw, published, years)
    assert len(requests) == 1 and requests[0].partition_key is None


def _submissions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT source_file, status FROM raw.submissions").fetchall())


def test_the_ingest_keeps_a_late_file_pending_but_reads_it(write, run_ingest, con, tmp_path):
    raw = tmp_path / "raw"
    first = write("2021/188_2021_r1.xlsx", district_submission(revision=1))
    run_ingest([2021])
    append(raw, [{"action": "close", "year": 2021, "source_file": "2021/188_2021_r1.xlsx",
                  "sha256": sha256_file(first), "recorded_at": "2026-12-04T08:00:00+00:00"}])
    late = write("2021/188_2021_r2.xlsx", district_submission(revision=2))
    with (raw / "closures.csv").open("a", encoding="utf-8") as log:
        log.write("close,this year,,,,,,\n")
    run_ingest([2021])
    assert _submissions(con) == {"2021/188_2021_r1.xlsx": "current",
                                 "2021/188_2021_r2.xlsx": "pending"}
    late_sha = sha256_file(late)
    assert con.execute("SELECT count(*) FROM raw.b01_communes WHERE sha256 = ?",
                       [late_sha]).fetchone()[0] == 3
    flags = con.execute("SELECT check_code, source_file, row_number, column_name "
                        "FROM raw.submission_flags ORDER BY 1").fetchall()
    assert flags == [("CLOSURES_FILE_INVALID", "closures.csv", 3, "year"),
                     ("PENDING_REVISION", "2021/188_2021_r2.xlsx", None, None)]
    append(raw, [{"action": "accept", "year": 2021, "source_file": "2021/188_2021_r2.xlsx",
                  "sha256": late_sha}])
    run_ingest([2021])
    assert _submissions(con) == {"2021/188_2021_r1.xlsx": "superseded",
                                 "2021/188_2021_r2.xlsx": "current"}


# The commands, on a published warehouse reduced to the tables they read.


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    late = raw / "2024" / "188_2024_r2.xlsx"
    late.write_bytes(b"the late revision")
    warehouse = tmp_path / "warehouse" / "ntm.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        for schema in ("marts", "quality", "history"):
            con.execute(f"CREATE SCHEMA {schema}")
        con.execute("CREATE TABLE quality.submissions (year INTEGER, level VARCHAR, "
                    "unit_code VARCHAR, revision INTEGER, source_file VARCHAR, sha256 VARCHAR, "
                    "signed_on DATE, status VARCHAR, reason VARCHAR)")
        con.execute("INSERT INTO quality.submissions VALUES "
                    f"(2024, 'district', '188', 1, '2024/188_2024_r1.xlsx', '{SHA_R1}', NULL, "
                    "'current', NULL), "
                    f"(2024, 'district', '189', 1, '2024/189_2024_r1.xlsx', '{SHA_OTHER}', NULL, "
                    "'rejected', 'broken'), "
                    f"(2024, 'district', '188', 2, '2024/188_2024_r2.xlsx', "
                    f"'{sha256_file(late)}', NULL, 'pending', 'ntm accept ...'), "
                    f"(2023, 'district', '188', 1, '2023/188_2023_r1.xlsx', '{SHA_R2}', NULL, "
                    "'rejected', 'broken')")
    monkeypatch.setenv("NTM_RAW_DIR", str(raw))
    monkeypatch.setenv("NTM_WAREHOUSE", str(warehouse))
    return raw


def _ntm(*args: str) -> int:
    from pipelines.cli import main

    return main(list(args))


def test_close_freezes_the_current_files_and_refuses_twice_or_without_data(site, capsys):
    assert _ntm("close", "2024", "--by", "Thống kê", "--note", "Số liệu chính thức") == 0
    out = capsys.readouterr().out
    assert "closed 2024" in out and "2024/188_2024_r1.xlsx" in out
    entries = read_closures(site).entries
    assert [(e.action, e.year, e.source_file, e.sha256, e.recorded_by, e.note,
             e.release_name) for e in entries] == [
        ("close", 2024, "2024/188_2024_r1.xlsx", SHA_R1, "Thống kê", "Số liệu chính thức",
         None)]
    assert _ntm("close", "2024") == 2
    assert "already closed" in capsys.readouterr().err
    assert _ntm("close", "2019") == 2
    assert "no submission for 2019" in capsys.readouterr().err
    # A year with submissions but none current: one row without a file.
    assert _ntm("close", "2023") == 0
    assert read_closures(site).closure(2023).frozen == frozenset()


def test_accept_and_reopen_record_and_refuse_what_they_cannot_do(site, capsys):
    assert _ntm("reopen", "2024", "--no-build") == 2
    assert "not closed" in capsys.readouterr().err
    assert _ntm("close", "2024") == 0
    assert _ntm("accept", "2024/188_2024_r1.xlsx", "--no-build") == 2  # not on disk: current
    assert "not pending (status current)" in capsys.readouterr().err
    assert _ntm("accept", "2024/nothing.xlsx", "--no-build") == 2
    assert "no such file" in capsys.readouterr().err
    assert _ntm("accept", str(site / "2024" / "188_2024_r2.xlsx"), "--no-build",
                "--by", "An") == 0
    assert "accepted 2024/188_2024_r2.xlsx for 2024" in capsys.readouterr().out
    assert _ntm("accept", "2024/188_2024_r2.xlsx", "--no-build") == 0
    assert "already accepted" in capsys.readouterr().out
    assert _ntm("reopen", "2024", "--no-build") == 0
    closures = read_closures(site)
    assert [e.action for e in closures.entries] == ["close", "accept", "reopen"]
    assert closures.accepted == {sha256_file(site / "2024" / "188_2024_r2.xlsx")}
    assert closures.closed() == {} and closures.flags == []


def test_the_commands_are_registered():
    from pipelines.cli import parser

    args = parser().parse_args(["accept", "2024/a.xlsx", "--note", "n", "--by", "b"])
    assert (args.file, args.note, args.by, args.no_build) == ("2024/a.xlsx", "n", "b", False)
    assert parser().parse_args(["close", "2024"]).year == 2024
    assert parser().parse_args(["reopen", "2024", "--no-build"]).no_build


def test_accept_reads_a_file_the_last_build_has_not_seen_first(site, capsys, monkeypatch):
    """A late file put in a closed year's folder after the last build: `ntm accept` builds the
    year first (the file comes out pending), then accepts it and builds again."""
    from pipelines import build
    from pipelines.build import Outcome

    newer = site / "2024" / "188_2024_r3.xlsx"
    newer.write_bytes(b"a revision the last build did not see")
    built: list[int] = []

    def fake_build(year: int | None = None, **_: object) -> Outcome:
        built.append(year)
        with duckdb.connect(os.environ["NTM_WAREHOUSE"]) as con:
            con.execute("INSERT INTO quality.submissions VALUES (2024, 'district', '188', 3, "
                        "'2024/188_2024_r3.xlsx', ?, NULL, 'pending', 'ntm accept ...')",
                        [sha256_file(newer)])
        return Outcome(published=True)

    monkeypatch.setattr(build, "build", fake_build)
    monkeypatch.setattr(build, "summary", lambda path: "published")
    assert _ntm("close", "2024") == 0
    assert _ntm("accept", "2024/188_2024_r3.xlsx") == 0
    assert built == [2024, 2024]
    assert read_closures(site).accepted == {sha256_file(newer)}
    # Outside a closed year nothing is built first: the file is simply unknown.
    built.clear()
    other = site / "2019" / "188_2019_r1.xlsx"
    other.parent.mkdir()
    other.write_bytes(b"a file of an open year")
    assert _ntm("accept", "2019/188_2019_r1.xlsx") == 2
    assert built == []
    assert "not in the published warehouse yet" in capsys.readouterr().err
