"""Follow-up of quality flags: reviews.csv (read, validated, written), the review tables, the
key and value rendering shared with dbt, ``ntm review`` and the review options of
``ntm flags``, and the dbt unit test of quality.flags' marks. No real build runs here."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import jinja2
import pytest
import yaml

from pipelines.ingest.office_csv import Unreadable
from pipelines.review.marks import (
    COLUMNS,
    read_reviews,
    value_text,
    write_marks,
)
from pipelines.review.store import load_reviews
from pipelines.settings import PROJECT_ROOT

DBT = PROJECT_ROOT / "dbt_project"
KEY_A = "941dfbb98caa25912708f3ae1678bd5b"
KEY_B = "45fe01dc9586f208f95d6900de3e9405"
KEY_C = "08b812ac018c1d4f2898553d07787759"
HEADER = ",".join(COLUMNS)


def _write(path: Path, text: str, bom: bool = True) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _key(*parts: object) -> str:
    """What the dbt macro flag_key computes."""
    return hashlib.md5("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


# --- Reading and validating reviews.csv ---------------------------------------------------------

def test_no_review_file_means_no_marks_and_no_flags(tmp_path):
    result = read_reviews(tmp_path / "reviews.csv")
    assert result.marks == [] and result.flags == []


def test_marks_are_read_with_their_types_and_nfd_comments_kept(tmp_path):
    comment = unicodedata.normalize("NFD", "Huyện đã xác minh, số liệu đúng")
    path = _write(tmp_path / "reviews.csv", f"""{HEADER}
{KEY_A},Explained,"{comment}",lan,2025-03-10T15:05:00+07:00,OUTLIER,2020,185,TY_LE_BHYT,B04_ChiTieu,16,reported_value,112
{KEY_B.upper()},accepted,,minh,10/03/2025,VALUE_OUT_OF_RANGE,2020.0,185,,,,,

""")
    result = read_reviews(path)
    assert result.flags == []
    first, second = result.marks
    assert first["review_comment"] == comment  # as typed, not normalized
    assert first["review_status"] == "explained"
    assert first["reviewed_at"] == datetime(2025, 3, 10, 8, 5)  # UTC
    assert (first["year"], first["row_number"], first["reported_value"]) == (2020, 16, "112")
    assert first["file_row"] == 2 and first["source_file"] == "reviews.csv"
    assert second["flag_key"] == KEY_B and second["year"] == 2020
    assert second["review_comment"] is None and second["reported_value"] is None
    assert second["reviewed_at"] == datetime(2025, 3, 10)


def test_bad_rows_are_left_out_and_flagged_with_file_row_and_column(tmp_path):
    path = _write(tmp_path / "reviews.csv", f"""{HEADER}
{KEY_A},explained,ok,lan,,,2020,,,,,,
,accepted,,,,,,,,,,,
{KEY_B},done,,,,,,,,,,,
{KEY_C},accepted,,,,,20x4,,,,,,
{KEY_A},accepted,,,,,,,,,,,
{"1" * 32},accepted,,,yesterday,,,,,,,,
""", bom=False)
    result = read_reviews(path)
    assert [m["flag_key"] for m in result.marks] == [KEY_A]
    where = {(f["row_number"], f["column_name"], f["raw_value"]) for f in result.flags}
    assert where == {(3, "flag_key", None), (4, "review_status", "done"), (5, "year", "20x4"),
                     (6, "flag_key", KEY_A), (7, "reviewed_at", "yesterday")}
    for flag in result.flags:
        assert (flag["check_code"], flag["severity"]) == ("REVIEW_FILE_INVALID", "warning")
        assert flag["source_file"] == "reviews.csv" and flag["sha256"]
        vi, en = flag["message"].split(" — ")
        assert vi.startswith(f"reviews.csv: dòng {flag['row_number']}, cột ")
        assert en.startswith(f"row {flag['row_number']}, column {flag['column_name']}")
    status = next(f for f in result.flags if f["column_name"] == "review_status")
    assert "'done'" in status["message"] and "open, explained, accepted" in status["message"]


def test_a_header_without_the_key_columns_or_text_that_is_not_utf8_loads_nothing(tmp_path):
    path = _write(tmp_path / "reviews.csv", "key,status\nabc,accepted\n")
    result = read_reviews(path)
    assert result.marks == []
    assert {(f["row_number"], f["column_name"]) for f in result.flags} == {
        (1, "flag_key"), (1, "review_status")}
    path.write_bytes(f"{HEADER}\n{KEY_A},explained,Huy\xea\xef n\n".encode("latin-1"))
    result = read_reviews(path)
    assert result.marks == [] and len(result.flags) == 1
    assert "UTF-8" in result.flags[0]["message"] and result.flags[0]["row_number"] is None
    with pytest.raises(Unreadable):
        write_marks(path, [{"flag_key": KEY_B, "review_status": "accepted"}])


# --- Writing marks ------------------------------------------------------------------------------

def _mark(key: str, status: str, year: int, unit: str, comment: str | None = None,
          value: str = "") -> dict:
    return {"flag_key": key, "review_status": status, "review_comment": comment,
            "reviewed_by": "lan", "reviewed_at": datetime(2025, 3, 10, 8, 5),
            "check_code": "OUTLIER", "year": year, "unit_code": unit, "row_number": 16,
            "reported_value": value}


def test_writing_adds_replaces_by_key_and_keeps_the_file_sorted(tmp_path):
    path = tmp_path / "reviews.csv"
    write_marks(path, [_mark(KEY_A, "explained", 2021, "185", "lần 1", "112")])
    write_marks(path, [_mark(KEY_B, "accepted", 2020, "186"),
                       _mark(KEY_A.upper(), "accepted", 2021, "185", "lần 2", "112")])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel then reads the Vietnamese text
    result = read_reviews(path)
    assert result.flags == []
    assert [(m["flag_key"], m["review_status"], m["review_comment"]) for m in result.marks] == [
        (KEY_B, "accepted", None), (KEY_A, "accepted", "lần 2")]
    assert result.marks[1]["reviewed_at"] == datetime(2025, 3, 10, 8, 5)
    assert data.decode("utf-8-sig").splitlines()[0] == HEADER


def test_writing_keeps_rows_it_cannot_use_and_columns_a_person_added(tmp_path):
    path = _write(tmp_path / "reviews.csv",
                  f"{HEADER},ghi_chu_rieng\n{KEY_C},xong,,,,,2019,,,,,,,nhớ hỏi lại\n")
    write_marks(path, [_mark(KEY_A, "explained", 2020, "185", "đúng")])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == f"{HEADER},ghi_chu_rieng"
    assert any(line.startswith(f"{KEY_C},xong,") and line.endswith(",nhớ hỏi lại")
               for line in lines)
    result = read_reviews(path)
    assert [m["flag_key"] for m in result.marks] == [KEY_A]
    assert [f["row_number"] for f in result.flags] == [2]  # 2019 sorts first


def test_writing_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "reviews.csv"
    write_marks(path, [_mark(KEY_A, "explained", 2020, "185", "trước")])
    before = path.read_bytes()
    inode = path.stat().st_ino
    replaced = []
    real_replace = os.replace

    def failing_replace(source, target):
        replaced.append((Path(source).name, Path(target).name))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_marks(path, [_mark(KEY_B, "accepted", 2020, "186")])
    assert path.read_bytes() == before  # never written in place
    assert replaced and replaced[0][0].startswith(".reviews.csv.") and \
        replaced[0][1] == "reviews.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reviews.csv.lock", "reviews.csv"]
    monkeypatch.setattr(os, "replace", real_replace)
    write_marks(path, [_mark(KEY_B, "accepted", 2020, "186")])
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert len(read_reviews(path).marks) == 2


# --- The review tables --------------------------------------------------------------------------

def test_the_review_tables_exist_typed_without_a_file_and_hold_marks_and_bad_rows(tmp_path):
    con = duckdb.connect()
    assert load_reviews(con, tmp_path / "reviews.csv") == {"flag_reviews": 0,
                                                           "review_file_flags": 0}
    types = dict(con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'review' "
        "AND table_name = 'flag_reviews'").fetchall())
    assert types["reviewed_at"] == "TIMESTAMP" and types["year"] == "BIGINT"
    assert types["reported_value"] == "VARCHAR"
    flags = dict(con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'review' "
        "AND table_name = 'review_file_flags'").fetchall())
    assert flags["reported_value"] == "DOUBLE" and flags["row_number"] == "BIGINT"
    _write(tmp_path / "reviews.csv", f"{HEADER}\n{KEY_A},accepted,,,,,,,,,,,\n"
                                     f"{KEY_B},?,,,,,,,,,,,\n")
    assert load_reviews(con, tmp_path / "reviews.csv") == {"flag_reviews": 1,
                                                           "review_file_flags": 1}
    assert con.execute("SELECT flag_key FROM review.flag_reviews").fetchall() == [(KEY_A,)]


# --- The key and the value text, in Python and in dbt's macros ----------------------------------

def _macros() -> jinja2.Template:
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    source = (DBT / "macros" / "flag_key.sql").read_text(encoding="utf-8")
    return env.from_string(source + "{{ flag_key() }}@@{{ review_value_text('v') }}@@"
                           "{{ review_value_text('t') }}")


def test_value_text_reads_as_the_same_value_as_the_flag_in_sql():
    """ntm review writes a flag's number with value_text; quality.flags compares it with the
    flag's number through the macro review_value_text: equal for every number, and a
    changed value differs."""
    key_sql, number_sql, text_sql = _macros().render().split("@@")
    values = [112.0, 3.25, 0.1, 217154.0, -5.0, 1e20, 1 / 3, 12.97, None]
    con = duckdb.connect()
    for value in values:
        text = value_text(value)
        same = con.execute(
            f"SELECT ({number_sql}) IS NOT DISTINCT FROM ({text_sql}) "
            f"FROM (SELECT CAST($v AS DOUBLE) AS v, CAST($t AS VARCHAR) AS t)",
            {"v": value, "t": text}).fetchone()[0]
        assert same, (value, text)
    assert value_text(112.0) == "112" and value_text(None) == ""
    changed = con.execute(f"SELECT ({number_sql}) = ({text_sql}) FROM "
                          "(SELECT 112.5::DOUBLE AS v, '112' AS t)").fetchone()[0]
    assert changed is False
    row = ("OUTLIER", 2020, "district", "185", "TY_LE_BHYT", "B04_ChiTieu", 16, None)
    computed = con.execute(
        f"SELECT {key_sql} FROM (SELECT 'OUTLIER' AS check_code, 2020::BIGINT AS year, "
        "'district' AS level, '185' AS unit_code, 'TY_LE_BHYT' AS indicator_code, "
        "'B04_ChiTieu' AS sheet, 16::BIGINT AS row_number, NULL::VARCHAR AS column_name)"
    ).fetchone()[0]
    assert computed == _key(*row)


# --- ntm review and ntm flags -------------------------------------------------------------------

FLAGS = [
    # flag_key, check_code, year, unit_code, sheet, row_number, column_name, reported_value,
    # review_status
    (KEY_A, "OUTLIER", 2020, "185", "B04_ChiTieu", 16, "reported_value", 112.0, "open"),
    (KEY_B, "VALUE_OUT_OF_RANGE", 2020, "185", "B04_ChiTieu", 16, "actual", 112.5, "explained"),
    (KEY_C, "MISSING_SUBMISSION", 2021, "178", None, None, None, None, "accepted"),
]


@pytest.fixture
def published(tmp_path, monkeypatch) -> Path:
    """A published warehouse with nothing but three flags, and an empty raw folder."""
    path = tmp_path / "warehouse" / "ntm.duckdb"
    path.parent.mkdir()
    con = duckdb.connect(str(path))
    for schema in ("marts", "quality", "history"):
        con.execute(f"CREATE SCHEMA {schema}")
    con.execute("""CREATE TABLE quality.flags (flag_key VARCHAR, check_code VARCHAR,
        year BIGINT, unit_code VARCHAR, sheet VARCHAR, row_number BIGINT, column_name VARCHAR,
        reported_value DOUBLE, review_status VARCHAR, severity VARCHAR, level VARCHAR,
        unit_name VARCHAR, indicator_code VARCHAR, expected_value DOUBLE, message VARCHAR,
        source_file VARCHAR, review_comment VARCHAR, reviewed_by VARCHAR,
        reviewed_at TIMESTAMP, review_note VARCHAR)""")
    con.executemany("INSERT INTO quality.flags (flag_key, check_code, year, unit_code, sheet, "
                    "row_number, column_name, reported_value, review_status, severity, "
                    "level, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'error', 'district', "
                    "'m')", FLAGS)
    con.close()
    (tmp_path / "raw").mkdir()
    monkeypatch.setenv("NTM_WAREHOUSE", str(path))
    monkeypatch.setenv("NTM_RAW_DIR", str(tmp_path / "raw"))
    return path


def _ntm(*argv: str) -> int:
    from pipelines.cli import main

    return main(list(argv))


def test_ntm_review_writes_marks_with_the_flags_key_columns_and_value(published, tmp_path,
                                                                     capsys):
    assert _ntm("review", KEY_A[:8], KEY_B, "--explained", "Huyện đã xác minh", "--by",
                "lan", "--no-build") == 0
    out = capsys.readouterr().out
    assert f"explained  {KEY_A}  OUTLIER" in out and "reviews.csv" in out
    marks = {m["flag_key"]: m for m in read_reviews(tmp_path / "raw" / "reviews.csv").marks}
    assert set(marks) == {KEY_A, KEY_B}
    a = marks[KEY_A]
    assert (a["review_status"], a["review_comment"], a["reviewed_by"]) == (
        "explained", "Huyện đã xác minh", "lan")
    assert (a["check_code"], a["year"], a["unit_code"], a["sheet"], a["row_number"],
            a["column_name"], a["reported_value"]) == (
        "OUTLIER", 2020, "185", "B04_ChiTieu", 16, "reported_value", "112")
    assert marks[KEY_B]["reported_value"] == "112.5"
    assert abs((datetime.now() - a["reviewed_at"]).total_seconds()) < 86_400 + 60
    assert _ntm("review", KEY_C, "--accepted", "--no-build") == 0
    assert read_reviews(tmp_path / "raw" / "reviews.csv").marks[-1]["reported_value"] is None


def test_ntm_review_refuses_unknown_keys_and_writes_nothing(published, tmp_path, capsys):
    assert _ntm("review", KEY_A, "f" * 32, "--open", "--no-build") == 2
    assert "ffffffff" in capsys.readouterr().err
    assert _ntm("review", "not-a-key", "--open", "--no-build") == 2
    assert _ntm("review", KEY_A, "--explained", " ", "--no-build") == 2
    assert not (tmp_path / "raw" / "reviews.csv").exists()


def test_ntm_review_refreshes_quality_flags_unless_told_not_to(published, monkeypatch,
                                                              capsys):
    from pipelines import build

    calls = []
    monkeypatch.setattr(build, "refresh", lambda **kw: calls.append(kw) or build.Outcome(
        published=True))
    assert _ntm("review", KEY_A, "--accepted", "giữ nguyên") == 0
    assert calls == [{}]
    monkeypatch.setattr(build, "refresh", lambda **kw: build.Outcome(
        published=False, failure="dbt failed"))
    assert _ntm("review", KEY_B, "--open") == 1
    assert "the marks are kept" in capsys.readouterr().err


def test_ntm_flags_shows_and_filters_the_follow_up(published, capsys):
    assert _ntm("flags", "--json") == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["flag_key"]: r["review_status"] for r in records} == {
        KEY_A: "open", KEY_B: "explained", KEY_C: "accepted"}
    assert _ntm("flags", "--hide-reviewed", "--json") == 0
    assert [r["flag_key"] for r in json.loads(capsys.readouterr().out)] == [KEY_A]
    assert _ntm("flags", "--review-status", "accepted", "--json") == 0
    assert [r["flag_key"] for r in json.loads(capsys.readouterr().out)] == [KEY_C]
    assert _ntm("flags", "--max-rows", "10") == 0
    table = capsys.readouterr().out
    assert " flag_key " in table and " review_status " in table and KEY_A[:12] in table


# --- The dbt unit test of quality.flags ---------------------------------------------------------
# It runs, with every other unit test of the project, in
# tests/test_dbt_project.py::test_dbt_unit_tests_pass_on_a_built_warehouse; here, what it holds.

UNIT_TEST = "review_marks_hold_only_on_the_value_they_were_made_on"


def test_the_dbt_unit_test_covers_a_held_a_dropped_and_no_mark_with_true_keys():
    spec = yaml.safe_load((DBT / "models" / "unit_tests" / "review.yml").read_text(
        encoding="utf-8"))
    test = next(t for t in spec["unit_tests"] if t["name"] == UNIT_TEST)
    assert test["model"] == "quality_flags"
    given = {g["input"]: g["rows"] for g in test["given"]}
    flags = (given["ref('int_ingest_flags')"] + given["source('quality', 'expectation_flags')"]
             + given["source('review', 'review_file_flags')"])
    keys = {_key(*(f[c] for c in ("check_code", "year", "level", "unit_code", "indicator_code",
                                  "sheet", "row_number", "column_name"))) for f in flags}
    marked = {m["flag_key"] for m in given["source('review', 'flag_reviews')"]}
    assert marked <= keys  # the fixture's keys are the ones the macro computes
    expected = test["expect"]["rows"]
    assert {r["flag_key"] for r in expected} == keys
    held = [r for r in expected if r["flag_key"] in marked and r["review_status"] != "open"]
    dropped = [r for r in expected if r["flag_key"] in marked and r["review_status"] == "open"]
    unmarked = [r for r in expected if r["flag_key"] not in marked]
    assert held and dropped and unmarked
    assert all(r["review_note"] for r in dropped)
    assert not any(r["review_note"] for r in held + unmarked)
