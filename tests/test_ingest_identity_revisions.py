"""ThongTin's identity as offices write it: the revision (`Lần gửi`) under its keys and in
words, the district's NTM year, the report's level, and which files of a folder are read.

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be read is kept out with a flag naming its cell.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.discover import discover, sha256_folder
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write
from tests.test_ingest_office import _read

_SIGNED = dt.date(2024, 1, 10)


def _sent(value: object, key: str = "Lần gửi", signed: dt.date = _SIGNED) -> OfficeSheet:
    """The office's ThongTin with its `Lần gửi` row as ``key | value``."""
    info = thongtin(2023, signed=signed)
    info.rows = [[key, value] if r[:1] == ["Lần gửi"] else r for r in info.rows]
    return info


def _thongtin_flags(result) -> list[dict]:
    return [f for f in result.flags if f["sheet"] == "ThongTin"]


def _submissions(con) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in con.execute(
        "SELECT source_file, status, unit_code, revision, reason FROM raw.submissions"
    ).fetchall()}


def _b04(done: int) -> OfficeSheet:
    return simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                        "Thực hiện", "Kế hoạch năm sau"],
                        [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, done, 1]])


# --------------------------------------------------------------- a revision that is no count


@pytest.mark.parametrize("value", [2024, "2024", 10012024, "10012024", 1e12, 100,
                                   "Lần 2024", "Bổ sung lần 2024"])
def test_a_year_or_a_date_under_lan_gui_is_no_revision(tmp_path, value):
    """`Lần gửi | 2024`: the year of sending typed where the sending's number belongs (or a
    date typed as a number, `10012024`). A person reads no revision there, not the 2024th
    sending: revision 1 with a warning at the cell, as any unreadable `Lần gửi`. Before,
    stored as revision 2024 without a word, and the real second sending was superseded."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value)))
    assert result.identity.revision == 1 and not result.identity.revision_given
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"]) == (
        "UNPARSEABLE_VALUE", "warning", 10, "B")
    assert "cannot be the number of the sending" in flag["message"]


@pytest.mark.parametrize(("value", "revision"), [(99, 99), (12, 12), ("Lần 15", 15)])
def test_a_large_but_possible_revision_is_read_as_before(tmp_path, value, revision):
    """`Lần gửi | 12`: many sendings, but a count of them; read as before, without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value)))
    assert result.identity.revision == revision
    assert not _thongtin_flags(result)


def test_the_real_later_sending_is_current_beside_one_giving_a_year(tmp_path, con,
                                                                    run_ingest):
    """The first sending says `Lần gửi | 2024`, the corrected one `Lần gửi | 2`: the second
    is current. Before, the first was revision 2024 and superseded the correction."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "LocBinh.xlsx", district_sheets(ThongTin=_sent(2024)))
    write(raw / "2023" / "LocBinh_lan2.xlsx", district_sheets(
        ThongTin=_sent(2, signed=dt.date(2024, 2, 15)), B04=_b04(1)))
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert subs["2023/LocBinh_lan2.xlsx"][:3] == ("current", "188", 2)
    assert subs["2023/LocBinh.xlsx"][:3] == ("superseded", "188", 1)


@pytest.mark.parametrize("value", ["Lần 99999999999999999999", 2**63, "9223372036854775808"])
def test_a_revision_too_large_to_store_leaves_the_other_files_stored(tmp_path, con,
                                                                     run_ingest, value):
    """`Lần gửi | Lần 99999999999999999999`: no revision a person reads; a warning, and the
    run goes on. Before, the revision (2**63 or more) could not be stored and the whole run
    stopped with a TypeError, every other file's rows rolled back."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "LocBinh.xlsx", district_sheets(ThongTin=_sent(value)))
    dinh_lap = thongtin(2023, district="189", district_name="Huyện Đình Lập")
    write(raw / "2023" / "DinhLap.xlsx", district_sheets(ThongTin=dinh_lap))
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert subs["2023/LocBinh.xlsx"][:3] == ("current", "188", 1)
    assert subs["2023/DinhLap.xlsx"][:3] == ("current", "189", 1)
    flags = con.execute("SELECT check_code, severity FROM raw.parse_flags WHERE sheet = "
                        "'ThongTin' AND source_file = '2023/LocBinh.xlsx'").fetchall()
    assert flags == [("UNPARSEABLE_VALUE", "warning")]


# --------------------------------------------------------------- the revision in words


@pytest.mark.parametrize(("value", "revision"), [
    ("Lần 3 - bổ sung số liệu", 3), ("Gửi lại lần 2", 2), ("Lần 2 - bản thay thế", 2),
    ("2, thay thế lần 1", 2), ("Lần 2 – thay thế lần 1", 2), ("Lần 2 thay thế lần 1", 2),
    ("2 - thay thế báo cáo lần 1", 2), ("Lần 2 ngày 15/02/2024", 2),
    ("Lần 2, ngày 15/02/2024", 2), ("Bổ sung (lần 2)", 2), ("Bổ sung, lần 2", 2),
    ("Cập nhật lần 2", 2), ("Bản chính thức lần 2", 2), ("Hoàn chỉnh lần 3", 3),
    ("lần 2.", 2), ("LẦN 2 - BỔ SUNG SỐ LIỆU", 2), ("Lan 2 - thay the lan 1", 2),
    ("Lần 3 - bổ sung lần 2", 3),
])
def test_a_revision_with_words_around_its_number(tmp_path, value, revision):
    """`Lần 3 - bổ sung số liệu`, `Gửi lại lần 2`, `2, thay thế lần 1`, `Bổ sung (lần 2)`:
    a person reads the sending's number, the one after `lần` (or leading), with a note of
    what it amends, what it replaces (`thay thế lần 1`, an earlier sending) or when it was
    sent. Before, each was revision 1 with a warning; a correction then conflicted with the
    first sending."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value)))
    assert result.identity.revision == revision
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("value", [
    "Lần 2 - thay thế lần 3", "Lần 2 - thay thế lần 2", "Bổ sung (lần 1)", "Lần 2 năm 2024",
    "10/01/2024", "Lần 2 - bổ sung số liệu năm 2024"])
def test_a_revision_whose_words_say_two_things_stays_unread(tmp_path, value):
    """`Lần 2 - thay thế lần 3` (replacing a later sending), `Bổ sung (lần 1)` (a supplement
    is no first sending): which sending it is cannot be told. Taken as 1 with a warning, as
    before."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value)))
    assert result.identity.revision == 1
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"]) == ("UNPARSEABLE_VALUE", "warning")


@pytest.mark.parametrize(("value", "revision"), [
    ("Bổ sung lần 2", 3), ("Lần 2 (bổ sung lần 1)", 2), ("Bổ sung lần 1 (lần 2)", 2),
    ("Lần thứ 2 - bổ sung", 2), ("2 (gửi lại)", 2)])
def test_supplements_counted_as_before(tmp_path, value, revision):
    """`Bổ sung lần 2` is still the second supplement, revision 3; the sending's number with
    its note in brackets is that number."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(value)))
    assert result.identity.revision == revision
    assert not _thongtin_flags(result)


# --------------------------------------------------------------- keys of the revision


@pytest.mark.parametrize(("key", "revision"), [
    ("Lần gởi", 2), ("LẦN GỞI", 2), ("Lan goi", 2), ("Lần nộp báo cáo", 2), ("Số lần nộp", 2),
    ("Lần cập nhật", 2), ("Lượt gửi", 2), ("Đợt gửi", 2), ("Bản số", 2), ("Version", 2),
    # a number of adjustments counts the sendings after the first, as `Lần điều chỉnh`
    ("Số lần điều chỉnh", 3), ("Lần gửi", 2), ("Số lần gửi", 2),
])
def test_the_revision_under_more_keys_offices_use(tmp_path, key, revision):
    """`Lần gởi | 2` (the southern spelling), `Số lần nộp | 2`, `Lượt gửi | 2`, `Version | 2`:
    the sending's number. Before, no key matched and the revision was 1 without a word: a
    false conflict with the first sending, or the later sending superseded."""
    result = _read(tmp_path, district_sheets(ThongTin=_sent(2, key)))
    assert result.identity.revision == revision
    assert not _thongtin_flags(result)
    [row] = [t for t in result.tables["thongtin"] if t["key"] == key]
    assert row["field"] == "revision"


def test_a_key_that_names_no_field_is_named_by_an_info(tmp_path):
    """`Đợt báo cáo | 2`: a key with a value the vocabulary does not know. Its value is not
    read (it may be anything), but no longer without a word: an UNKNOWN_COLUMN info at the
    key's cell names it and how to add it to the vocabulary file. Before, it was kept in
    raw.thongtin with no field and no flag. A numbering column (`STT`) and a line's number
    before a key without its value (`9 | Ghi chú`) are no keys."""
    info = _sent(1)
    info.rows.append(["Đợt báo cáo", 2])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity.revision == 1
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"],
            flag["raw_value"]) == ("UNKNOWN_COLUMN", "info", 11, "A", "Đợt báo cáo")
    assert "'Đợt báo cáo'" in flag["message"] and "vocabulary.toml" in flag["message"]
    numbered = OfficeSheet("ThongTin", [
        ["STT", "Nội dung", "Giá trị"], [1, "Cấp báo cáo", "Huyện"], [2, "Mã tỉnh", "20"],
        [3, "Mã huyện", 188], [4, "Năm báo cáo", 2023], [5, "Ngày lập", _SIGNED],
        [6, "Lần gửi", 2], [9, "Ghi chú", None]])
    plain = _read(tmp_path, district_sheets(ThongTin=numbered), name="2023/b.xlsx")
    assert plain.identity.revision == 2
    assert not _thongtin_flags(plain)


def test_a_later_sending_under_the_southern_spelling_supersedes_the_earlier(tmp_path, con,
                                                                            run_ingest):
    """The third sending keyed `Lần gởi | 3` beside the second's `Lần gửi | 2`: the third is
    current. Before, it was revision 1 and superseded by the second."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "BenCau_lan2.xlsx", district_sheets(
        ThongTin=_sent(2, signed=dt.date(2024, 2, 1))))
    write(raw / "2023" / "BenCau_lan3.xlsx", district_sheets(
        ThongTin=_sent(3, "Lần gởi", signed=dt.date(2024, 3, 1)), B04=_b04(1)))
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert subs["2023/BenCau_lan3.xlsx"][:3] == ("current", "188", 3)
    assert subs["2023/BenCau_lan2.xlsx"][0] == "superseded"


# --------------------------------------------------------------- the district's NTM year


@pytest.mark.parametrize("key", [
    "Năm đạt chuẩn NTM", "Năm công nhận huyện đạt chuẩn NTM", "Năm được công nhận huyện NTM",
    "Năm huyện được công nhận đạt chuẩn nông thôn mới", "Năm đạt chuẩn NTM (huyện)",
    "Năm đạt chuẩn thị xã NTM", "Năm hoàn thành nhiệm vụ xây dựng NTM",
    "Đạt chuẩn huyện NTM năm", "NĂM ĐẠT CHUẨN NÔNG THÔN MỚI", "Nam dat chuan NTM",
    "Năm đạt chuẩn huyện NTM"])
@pytest.mark.parametrize("first", [False, True])
def test_the_districts_ntm_year_under_the_keys_offices_use(tmp_path, key, first):
    """`Năm đạt chuẩn NTM | 2020` in a district's ThongTin, `Năm đạt chuẩn thị xã NTM`, `Năm
    hoàn thành nhiệm vụ xây dựng NTM` (a town's recognition): the district's NTM year,
    whether the row comes first or last. Before, the year was not read and nothing said so."""
    info = thongtin(2023)
    if first:
        info.rows.insert(2, [key, 2020])
    else:
        info.rows.append([key, 2020])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert (result.identity.year, result.identity.district_ntm_year) == (2023, 2020)
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("key", [
    "Năm đạt chuẩn NTM nâng cao", "Năm đạt chuẩn huyện NTM nâng cao",
    "Năm huyện đạt chuẩn NTM kiểu mẫu", "Năm công nhận huyện NTM nâng cao",
    "NAM DAT CHUAN NTM NANG CAO", "Năm đạt chuẩn NTMNC"])
def test_a_year_of_a_level_above_ntm_is_no_ntm_year(tmp_path, key):
    """`Năm đạt chuẩn huyện NTM nâng cao | 2023` beside `Năm đạt chuẩn huyện NTM | 2020`: the
    advanced (or model) level's year, another level; the NTM year is 2020, and alone the
    advanced year gives none."""
    info = thongtin(2023)
    info.rows += [[key, 2023], ["Năm đạt chuẩn huyện NTM", 2020]]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity.district_ntm_year == 2020
    alone = thongtin(2023)
    alone.rows.append([key, 2023])
    result = _read(tmp_path, district_sheets(ThongTin=alone), name="2023/b.xlsx")
    assert result.identity.district_ntm_year is None
    [row] = [t for t in result.tables["thongtin"] if t["key"] == key]
    assert row["field"] == "district_higher_level_year"


# --------------------------------------------------------------- a province naming a district


@pytest.mark.parametrize(("code", "name", "row", "said"), [
    ("188", "Huyện Lộc Bình", 6, "188"), (188, None, 6, "188"),
    ("", "Huyện Lộc Bình", 7, "Huyện Lộc Bình"), ("188", "-", 6, "188")])
def test_a_province_report_naming_a_district_is_refused(tmp_path, code, name, row, said):
    """`Cấp báo cáo: Tỉnh` beside `Mã huyện: 188` (or `Tên huyện`): a district's office
    writing the level it reports to, or a province's form with a district's rows left in. A
    person cannot tell whose report it is: the file is refused naming both cells. Before, it
    was the province's report, the district dropped without a word, and with revision 2 it
    replaced the province's own report."""
    info = thongtin(2023, level="Tỉnh", district=code, district_name=name)
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert "row 3 (B3): 'Cấp báo cáo' is 'Tỉnh'" in result.reject_reason
    assert f"row {row} (B{row}) names the district '{said}'" in result.reject_reason


@pytest.mark.parametrize(("code", "name"), [(None, None), ("-", "-"), ("", None)])
def test_a_province_report_with_its_district_rows_blank_is_read(tmp_path, code, name):
    """`Cấp báo cáo: Tỉnh` with `Mã huyện` and `Tên huyện` blank or dashed, as a province
    leaves the district's rows of the form: the province's report, as before."""
    info = thongtin(2023, level="Tỉnh", district=code if code is not None else "",
                    district_name=name)
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert (result.identity.level, result.identity.unit_code) == ("province", "20")


# --------------------------------------------------------------- which files are submissions


def _province_sheets() -> list[OfficeSheet]:
    """Lạng Sơn's own report: ThongTin of the province, B06, B02 and B04."""
    sheets = district_sheets(ThongTin=thongtin(2023, level="Tỉnh", district=None))
    b06 = simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                       [["SO_XA", "Số xã", 181], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 90]])
    return [sheets[0], b06, *(s for s in sheets if s.name[:3] in ("B02", "B04"))]


def test_workbooks_beside_a_csv_submission_are_submissions_of_their_own(tmp_path, con,
                                                                        run_ingest):
    """`2023/LangSon/` holds the province's CSV export (`ThongTin.csv`, …), the district's
    `LocBinh.xlsx` beside it and `huyen/LocBinh_lan2.xlsx` below it: three submissions, as
    a person sees three reports. Before, the folder was one CSV submission and the two
    workbooks were never read nor recorded."""
    raw = tmp_path / "raw"
    folder = write(raw / "2023" / "LangSon", _province_sheets())
    write(folder / "LocBinh.xlsx", district_sheets())
    write(folder / "huyen" / "LocBinh_lan2.xlsx", district_sheets(ThongTin=_sent(2), B04=_b04(1)))
    (folder / "ghi_chu.pdf").write_bytes(b"%PDF-1.4")
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert {k: v[:3] for k, v in subs.items()} == {
        "2023/LangSon": ("current", "20", 1),
        "2023/LangSon/LocBinh.xlsx": ("superseded", "188", 1),
        "2023/LangSon/huyen/LocBinh_lan2.xlsx": ("current", "188", 2),
        "2023/LangSon/ghi_chu.pdf": ("rejected", None, None)}


def test_a_csv_submission_alone_keeps_its_fingerprint(tmp_path):
    """A folder of CSV files only is one submission, fingerprinted by its CSV files as before
    (a closed year's frozen fingerprints still match); a workbook put beside them does not
    change it."""
    raw = tmp_path / "raw"
    folder = write(raw / "2023" / "LangSon", _province_sheets())
    [alone] = discover(raw)
    assert (alone.source_file, alone.file_format, alone.sha256) == (
        "2023/LangSon", "csv", sha256_folder(folder))
    write(folder / "LocBinh.xlsx", district_sheets())
    found = {f.source_file: f for f in discover(raw)}
    assert set(found) == {"2023/LangSon", "2023/LangSon/LocBinh.xlsx"}
    assert found["2023/LangSon"].sha256 == alone.sha256


def test_a_workbook_is_read_beside_a_copy_refused_for_its_name(tmp_path, con, run_ingest):
    """`DinhLap.xlsx` and an identical copy `Attachments/DinhLap` without an extension: the
    copy is refused for its name, the workbook read on its own merits; deleted or renamed,
    the copy leaves the workbook as it was. Before, the copy's reason (`no extension`) was
    stored with the content and given to the workbook too, for good."""
    raw = tmp_path / "raw"
    book = write(raw / "2023" / "DinhLap" / "DinhLap.xlsx", district_sheets(
        ThongTin=thongtin(2023, district="189", district_name="Huyện Đình Lập")))
    stray = raw / "2023" / "DinhLap" / "Attachments" / "DinhLap"
    stray.parent.mkdir()
    stray.write_bytes(book.read_bytes())
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert subs["2023/DinhLap/DinhLap.xlsx"][:3] == ("current", "189", 1)
    status, *_, reason = subs["2023/DinhLap/Attachments/DinhLap"]
    assert status == "rejected" and "no extension" in reason
    stray.rename(stray.with_name("DinhLap.bak"))
    run_ingest([2023], workers=1)
    subs = _submissions(con)
    assert subs["2023/DinhLap/DinhLap.xlsx"][:3] == ("current", "189", 1)
    assert subs["2023/DinhLap/Attachments/DinhLap.bak"][0] == "rejected"
    stray.with_name("DinhLap.bak").unlink()
    run_ingest([2023], workers=1)
    assert _submissions(con)["2023/DinhLap/DinhLap.xlsx"][:3] == ("current", "189", 1)
    assert con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0] == 3


# --------------------------------------------------------------- the year with a note


def _year(value: object) -> OfficeSheet:
    info = thongtin(2023)
    info.rows = [["Năm báo cáo", value] if r[:1] == ["Năm báo cáo"] else r for r in info.rows]
    return info


@pytest.mark.parametrize(("value", "year"), [
    ("2023 (số liệu ước)", 2023), ("Năm 2023 (từ 01/01 đến 31/12)", 2023),
    ("NĂM 2023 (SO LIEU UOC)", 2023), ("2023 (số liệu đến 31/12/2023)", 2023),
    ("2023 (từ 01/01 đến 30/9)", None), ("2023 (kế hoạch năm 2024)", None),
    ("2023 (6 tháng đầu năm)", None)])
def test_the_year_with_a_note_naming_no_other_year(tmp_path, value, year):
    """`Năm báo cáo: 2023 (số liệu ước)` (estimated figures), `Năm 2023 (từ 01/01 đến
    31/12)`: the year 2023, as a person reads it; before, the file was refused. A note naming
    part of the year or another year still refuses it, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_year(value)))
    if year is None:
        assert result.identity is None and value in result.reject_reason
    else:
        assert result.reject_reason is None and result.identity.year == year
        assert not _thongtin_flags(result)


def test_a_province_report_naming_a_district_after_the_districts_were_abolished(tmp_path):
    """`Cấp báo cáo: Tỉnh` beside `Mã huyện: 188` in a report on 2025: districts no longer
    report, so only the province can have sent it; read as the province's, as before."""
    info = thongtin(2025, level="Tỉnh")
    result = _read(tmp_path, district_sheets(2025, ThongTin=info), name="2025/tinh.xlsx")
    assert (result.identity.level, result.identity.unit_code) == ("province", "20")
