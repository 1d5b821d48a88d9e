"""The header vocabulary a statistician extends without code (docs/ingest.md, "Vocabulary")."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import vocabulary
from pipelines.ingest.discover import discover
from pipelines.ingest.reader import read_submission
from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
from tests.office import b01_two_row_header, b02_sheet, district_sheets, write

VOCABULARY = """
# Words of the Lộc Bình office
[columns.B01]
commune_code = ["Số hiệu xã"]

[criteria."2021-2025"]
3 = ["Tưới tiêu"]

[marks]
met = ["Hoàn thành"]

[units]
"tỷ đồng" = ["tỉ đồng Việt Nam"]
"""


def _office_workbook(raw: Path) -> Path:
    b01 = b01_two_row_header()
    row, col = b01.find("Mã xã")
    b01.rows[row][col] = "Số hiệu xã"
    criteria_row = row + 1
    b01.rows[criteria_row][col + 5] = "Tưới tiêu"  # criterion 3 by a name of the office's own
    commune = b01.find("06532")[0]
    b01.rows[commune][4] = "Hoàn thành"
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (tỉ đồng Việt Nam)"])
    return write(raw / "2023" / "188.xlsx", district_sheets(B01=b01, B02=b02))


def test_without_the_file_the_office_words_are_not_read_and_the_flags_say_how_to_add_them(
        tmp_path):
    path = _office_workbook(tmp_path / "raw")
    result = read_submission(path, "2023/188.xlsx", "sha", vocabulary.load(tmp_path / "raw"))
    assert "b01_communes" not in result.tables
    unknown = {f["raw_value"]: f["message"] for f in result.flags
               if f["check_code"] == "UNKNOWN_COLUMN"}
    assert "Số hiệu xã" in unknown and "Tiêu chí đạt chuẩn | Tưới tiêu" in unknown
    assert "vocabulary.toml" in unknown["Số hiệu xã"]


def test_the_file_adds_a_column_header_a_criterion_name_a_mark_and_a_unit(tmp_path):
    raw = tmp_path / "raw"
    path = _office_workbook(raw)
    (raw / "vocabulary.toml").write_text(VOCABULARY, encoding="utf-8")
    vocab = vocabulary.load(raw)
    assert vocab.problems == []
    result = read_submission(path, "2023/188.xlsx", "sha", vocab)
    assert [c["commune_code"] for c in result.tables["b01_communes"]] == [
        "06532", "06541", "06544"]
    first = [m for m in result.tables["b01_marks"] if m["commune_code"] == "06532"]
    assert sorted(m["criterion_no"] for m in first) == list(range(1, 20))
    assert all(m["mark"] == "met" for m in first)  # "Hoàn thành" included
    central = next(r for r in result.tables["b02_funding"] if r["source_code"] == "1")
    assert central["amount_million_vnd"] == pytest.approx(1200.5 * 1000)


def test_a_unit_of_the_file_is_read_with_the_file_only_however_often_it_is_asked(tmp_path):
    """The unit readers remember their answers per text and units table
    (``values._memo_by_units``): a header asked with the file's units, then without, then
    with the file read again into a new table, then with a copy of the built-in units, gets
    each table's own answer."""
    import gc

    from pipelines.ingest.values import declared_unit, money_factor, unknown_money_unit

    header, line = "Giá trị (tỷ bạc)", "Đơn vị tính: tỷ bạc"  # "bạc", money in speech
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "vocabulary.toml").write_text('[units]\n"tỷ đồng" = ["tỷ bạc"]\n',
                                          encoding="utf-8")
    for _ in range(2):
        units = vocabulary.load(raw).units
        assert money_factor(header, units) == (1000.0, "tỷ đồng")
        assert declared_unit(line, units) == (1000.0, "tỷ đồng")
        assert unknown_money_unit(header, units) is None
        assert money_factor(header) is None and money_factor(header, None) is None
        assert declared_unit(line) is None
        del units
        gc.collect()  # a new table made where the last one was must not get its answers
    other = dict(vocabulary.default().units)
    assert money_factor(header, other) is None


BAD = """
[columns.B09]
x = ["y"]

[columns.B01]
ward_code = ["Mã phường"]
commune_name = ["Mã xã"]
ntm_year = "Năm công nhận chính thức"

[criteria."2021-2025"]
25 = ["Không có"]

[marks]
maybe = ["Có thể"]
not_met = ["x"]

[units]
"đô la" = ["USD"]

[colours]
"""


def test_entries_that_are_wrong_are_reported_and_the_rest_still_counts(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "vocabulary.toml").write_text(BAD, encoding="utf-8")
    vocab = vocabulary.load(raw)
    problems = {p.where: p.message for p in vocab.problems}
    assert set(problems) == {"colours", "columns.B09", "columns.B01.ward_code",
                             "columns.B01.commune_name", "criteria.2021-2025.25",
                             "marks.maybe", "marks.not_met", "units.đô la"}
    assert "already means B01 column 'commune_code'" in problems["columns.B01.commune_name"]
    assert "already means met" in problems["marks.not_met"]
    # A single string is accepted as a list of one: the valid entry was applied.
    phrases = [p.words for p in vocab.columns["B01"]["ntm_year"]]
    assert "nam cong nhan chinh thuc" in phrases


def test_a_file_that_is_not_toml_is_reported_with_its_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "vocabulary.toml").write_text("[columns.B01\ncommune_code = [", encoding="utf-8")
    (problem,) = vocabulary.load(raw).problems
    assert problem.where == "file" and "line 1" in problem.message


def test_problems_become_flags_of_the_run_and_the_file_is_not_a_submission(tmp_path):
    raw = tmp_path / "raw"
    _office_workbook(raw)
    (raw / "vocabulary.toml").write_text(BAD, encoding="utf-8")
    assert [f.source_file for f in discover(raw)] == ["2023/188.xlsx"]
    con = duckdb.connect()
    ingest(con, raw, [2023], partition_years())
    flags = con.execute("SELECT source_file, column_name, severity FROM raw.submission_flags "
                        "WHERE check_code = 'VOCABULARY_INVALID' ORDER BY column_name").fetchall()
    assert len(flags) == 8
    assert {(f[0], f[2]) for f in flags} == {("vocabulary.toml", "error")}


def test_changing_the_file_reads_every_file_again_with_the_new_words(tmp_path):
    raw = tmp_path / "raw"
    _office_workbook(raw)
    con = duckdb.connect()
    first = ingest(con, raw, [2023], partition_years())
    assert first.files_read == 1
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone() == (0,)
    assert ingest(con, raw, [2023], partition_years()).files_read == 0  # nothing changed
    (raw / "vocabulary.toml").write_text(VOCABULARY, encoding="utf-8")
    second = ingest(con, raw, [2023], partition_years())
    assert second.files_read == 1
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone() == (3,)
    assert con.execute("SELECT count(DISTINCT vocabulary_sha) FROM raw.files").fetchone() == (1,)


def test_the_file_can_live_elsewhere(tmp_path, monkeypatch):
    elsewhere = tmp_path / "shared" / "words.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(VOCABULARY, encoding="utf-8")
    monkeypatch.setenv("NTM_VOCABULARY", str(elsewhere))
    vocab = vocabulary.load(tmp_path / "raw")
    assert vocab.source == str(elsewhere) and vocab.problems == []
    monkeypatch.setenv("NTM_VOCABULARY", str(tmp_path / "missing.toml"))
    (problem,) = vocabulary.load(tmp_path / "raw").problems
    assert "not a file" in problem.message


def test_a_changed_vocabulary_makes_the_sensor_rebuild_every_year(tmp_path, monkeypatch):
    from pipelines.orchestration.automation import NO_YEAR, fingerprints, plan_requests

    raw = tmp_path / "raw"
    _office_workbook(raw)
    before = fingerprints(raw)
    (raw / "vocabulary.toml").write_text(VOCABULARY, encoding="utf-8")
    inside = fingerprints(raw)
    assert inside[NO_YEAR] != before.get(NO_YEAR) and inside["2023"] == before["2023"]
    elsewhere = tmp_path / "words.toml"
    elsewhere.write_text(VOCABULARY, encoding="utf-8")
    monkeypatch.setenv("NTM_VOCABULARY", str(elsewhere))
    outside = fingerprints(raw)
    elsewhere.write_text(VOCABULARY + '\n[marks]\nnot_met = ["Chưa HT"]\n', encoding="utf-8")
    import json

    requests, _ = plan_requests(json.dumps(outside), raw, tmp_path / "none.duckdb",
                                range(2010, 2031))
    (request,) = requests
    assert request.partition_key is None and request.run_key.startswith("all-")


def test_the_anchor_pretest_agrees_with_phrase_scores():
    """``Vocabulary.fits_any`` (one regular expression, run on every text above a table) says
    yes exactly when a phrase of the fields scores the header (``Phrase.score``), for every
    phrase of every sheet: as a header, with words before or after it, cut short or run on."""
    vocab = vocabulary.builtin()
    vocab.columns["B02"]["source_code"].append(vocabulary.Phrase.parse("~so hieu nguon"))
    for sheet, fields in vocab.columns.items():
        texts = {""}
        for phrases in fields.values():
            for p in phrases:
                texts |= {p.words, f"{p.words} x", f"x {p.words}", f"x {p.words} y",
                          p.words[:-1], f"{p.words}x", f"x{p.words}"}
        for names in [(name,) for name in fields] + [tuple(fields)]:
            for text in texts:
                scored = any(p.score(text) is not None
                             for name in names for p in fields[name])
                assert vocab.fits_any(sheet, names, text) is scored, (sheet, names, text)
