"""ThongTin's identity as offices write it: the revision (`Lần gửi`) under its keys and in
words, the district's NTM year, the report's level, and which files of a folder are read.

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be read is kept out with a flag naming its cell.
"""

from __future__ import annotations

import datetime as dt

import pytest

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
