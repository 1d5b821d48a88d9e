"""Which sheet is which: a sheet named like ThongTin that is another table, a cover sheet in
place of ThongTin, B01 split into a sheet per commune (docs/ingest.md, "What the intake
understands").

Offices keep sheets of their own beside the template's: the criterion 8 table (`Thông tin
truyền thông`, `Thông tin tuyên truyền`), a contact list (`Thông tin liên hệ`), a table of
the communes (`Thông tin xã`, `Thông tin cơ bản các xã`). Any sheet whose name began with
"Thông tin" was taken for ThongTin, and beside the real one the whole file was refused as
two ThongTin sheets that disagree. A person reads the sheet named ThongTin (`Thông tin`,
`Thông tin chung`, `Thông tin báo cáo`) as the identity and the others by what they hold: a
sheet whose name adds words and lists none of ThongTin's keys is no ThongTin, and is passed
over as any other sheet of the office's own, with an info naming it.

A district that sends no ThongTin often puts its name and the year on a cover (`Bìa`, `Trang
bìa`, or a first sheet holding only its title lines): `ỦY BAN NHÂN DÂN HUYỆN LỘC BÌNH`, `BÁO
CÁO KẾT QUẢ … NĂM 2023`. Only the form sheets' titles were looked at, and the file was
refused as naming no year. The cover's lines are read with the forms' titles, under the same
checks (one year, one unit) and flags (YEAR_FROM_TITLE, UNIT_BY_NAME naming the cover's
cell); the place and month it was made (`Lộc Bình, tháng 01 năm 2024`) name no year of the
figures.

A district may lay B01 out one sheet per commune (`Xã Mẫu Sơn`, `Xã Yên Khoái`, each titled
`BIỂU 01: …` over its one row). Two sheets titled as one form were neither read: B01 was
missing and none of their cells kept. Each is now B01, and the sheets are read together as a
list split over sheets is (copies of one another, none read, each named, cells kept).
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import (
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    district_sheets,
    simple_sheet,
    thongtin,
)
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _table(name: str) -> OfficeSheet:
    """An office's own table under a name beginning as ThongTin's does."""
    return simple_sheet(name, ["STT", "Tên xã", "Số tin bài", "Ghi chú"],
                        [[1, "Xã Mẫu Sơn", 12, None], [2, "Xã Yên Khoái", 8, None]],
                        title="THÔNG TIN TUYÊN TRUYỀN VỀ NÔNG THÔN MỚI NĂM 2023")


def _read_as_thongtin_says(result, extra: str | None = None) -> None:
    assert result.reject_reason is None
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
    assert _marks_met(result) == EXPECTED_MET
    assert {r["sheet"] for r in result.tables["thongtin"]} == {"ThongTin"}
    if extra is not None:
        [note] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == extra]
        assert note["severity"] == "info"
        assert extra in note["message"] and "not read as ThongTin" in note["message"]


# --------------------------------------------------------------------------- ThongTin's name


EXTRA_NAMES = ["Thông tin tuyên truyền", "Thông tin truyền thông", "THÔNG TIN LIÊN HỆ",
               "Thong tin xa", _nfd("Thông tin cơ bản các xã"), "Thông tin - Truyền thông (2)"]


@pytest.mark.parametrize("name", EXTRA_NAMES)
@pytest.mark.parametrize("first", [False, True])
def test_a_sheet_named_thong_tin_something_without_thongtins_keys_is_no_thongtin(
        tmp_path, name, first):
    sheets = district_sheets()
    sheets.insert(0 if first else len(sheets), _table(name))
    _read_as_thongtin_says(_read(tmp_path, sheets), name)


def test_such_a_sheet_without_thongtin_leaves_the_file_to_its_titles(tmp_path):
    """No ThongTin beside it: the file is one without ThongTin, read by its titles as such a
    file is (it was refused as a ThongTin lacking `Cấp báo cáo`)."""
    b01 = b01_two_row_header()
    b01.rows[:2] = [["UBND HUYỆN LỘC BÌNH"],
                    ["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2023"]]
    sheets = [*district_sheets(B01=b01)[1:], _table("Thông tin tuyên truyền")]
    result = _read(tmp_path, sheets)
    assert result.reject_reason is None
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
    assert [f["sheet"] for f in _flags(result, "YEAR_FROM_TITLE")] == ["B01_TieuChiXa"]
    assert "thongtin" not in result.tables


@pytest.mark.parametrize("name", ["ThongTin", "Thông tin", "THÔNG TIN CHUNG", "Thong tin chung",
                                  _nfd("Thông tin báo cáo"), "Thông tin chung 2023"])
def test_thongtin_under_its_own_names_is_read_as_before(tmp_path, name):
    info = thongtin(2023)
    info.name = name
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
    assert {r["sheet"] for r in result.tables["thongtin"]} == {name}


def test_a_thongtin_named_with_more_words_that_lists_its_keys_is_a_thongtin(tmp_path):
    """`Thông tin huyện Lộc Bình` listing the keys is ThongTin, alone; beside another
    ThongTin naming another district the file is refused, as two ThongTin sheets that
    disagree always were."""
    info = thongtin(2023)
    info.name = "Thông tin huyện Lộc Bình"
    alone = _read(tmp_path, district_sheets(ThongTin=info), "2023/a.xlsx")
    assert (alone.identity.unit_code, alone.identity.year) == ("188", 2023)
    other = thongtin(2023, district="189", district_name="Huyện Đình Lập")
    other.name = "Thông tin Đình Lập"
    refused = _read(tmp_path, [*district_sheets(), other], "2023/b.xlsx")
    assert refused.identity is None
    assert "2 ThongTin sheets" in refused.reject_reason and "disagree" in refused.reject_reason


def test_a_blank_form_named_thong_tin_chung_beside_thongtin_is_still_set_aside(tmp_path):
    blank = OfficeSheet("Thông tin chung (2)", [["THÔNG TIN CHUNG"], ["Cấp báo cáo", None],
                                                ["Mã tỉnh", None], ["Năm báo cáo", None]])
    result = _read(tmp_path, [*district_sheets(), blank])
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
    [note] = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == blank.name]
    assert "another ThongTin" in note["message"]


# --------------------------------------------------------------------------- cover sheets


COVER = [["ỦY BAN NHÂN DÂN HUYỆN LỘC BÌNH"], [], [],
         ["BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH MTQG XÂY DỰNG NÔNG THÔN MỚI NĂM 2023"],
         ["(Kèm theo các biểu số liệu)"], *([[]] * 14), [None, "Lộc Bình, tháng 01 năm 2024"]]


def _cover(name: str, rows: list[list] = COVER) -> OfficeSheet:
    return OfficeSheet(name, [list(r) for r in rows])


@pytest.mark.parametrize("name", ["Bìa", "TRANG BÌA", "Bia", _nfd("Trang bìa"), "Sheet1"])
@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_workbook_without_thongtin_is_read_by_its_cover(tmp_path, name, suffix):
    result = _read(tmp_path, [_cover(name), *district_sheets()[1:]], f"2023/cover.{suffix}")
    assert result.reject_reason is None
    ident = result.identity
    assert (ident.level, ident.province_code, ident.district_code, ident.year) == (
        "district", "20", "188", 2023)
    flags = sorted(_flags(result, "YEAR_FROM_TITLE") + _flags(result, "UNIT_BY_NAME"),
                   key=lambda f: f["row_number"])
    assert [(f["check_code"], f["severity"], f["sheet"], f["row_number"], f["column_name"])
            for f in flags] == [("UNIT_BY_NAME", "warning", name, 1, "A"),
                                ("YEAR_FROM_TITLE", "warning", name, 4, "A")]
    assert all("no ThongTin sheet" in f["message"] for f in flags)
    assert _marks_met(result) == EXPECTED_MET


def test_a_cover_beside_a_blank_thongtin_gives_the_identity(tmp_path):
    form = OfficeSheet("ThongTin", [["THÔNG TIN CHUNG VỀ BÁO CÁO"], ["Cấp báo cáo", None],
                                    ["Mã tỉnh", None], ["Năm báo cáo", None]])
    result = _read(tmp_path, [_cover("Bìa"), *district_sheets(ThongTin=form)])
    assert (result.identity.unit_code, result.identity.year) == ("188", 2023)
    assert {f["message"].split(";")[0] for f in _flags(result, "YEAR_FROM_TITLE")} == {
        "ThongTin is not filled in"}


def test_a_cover_naming_another_year_than_the_forms_titles_leaves_the_file_refused(tmp_path):
    rows = [list(r) for r in COVER]
    rows[3] = ["BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH MTQG XÂY DỰNG NÔNG THÔN MỚI NĂM 2022"]
    b01 = b01_two_row_header()
    b01.rows[1] = ["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2023"]
    result = _read(tmp_path, [_cover("Bìa", rows), *district_sheets(B01=b01)[1:]])
    assert result.identity is None
    assert "its titles name the years 2022 (Bìa A4); 2023 (B01_TieuChiXa A2)" in (
        result.reject_reason)


def test_a_first_sheet_holding_a_table_is_no_cover(tmp_path):
    """An office's own table first (`Sheet1` with a list under its title): not a cover, its
    title is not read for the identity, and the file is refused as before."""
    table = simple_sheet("Sheet1", ["STT", "Tên xã", "Ghi chú"], [[1, "Xã Mẫu Sơn", None]],
                         title="DANH SÁCH XÃ HUYỆN LỘC BÌNH NĂM 2023")
    result = _read(tmp_path, [table, *district_sheets()[1:]])
    assert result.identity is None and "its titles name no year" in result.reject_reason


def test_a_cover_beside_a_filled_thongtin_leaves_thongtin_the_identity(tmp_path):
    result = _read(tmp_path, [_cover("Bìa"), *district_sheets()])
    _read_as_thongtin_says(result)
    assert not _flags(result, "YEAR_FROM_TITLE") and not _flags(result, "UNIT_BY_NAME")


# --------------------------------------------------------------------------- B01 per commune


def _commune_sheet(commune: tuple, name: str) -> OfficeSheet:
    b01 = b01_two_row_header(communes=[commune])
    b01.name = name
    return b01


@pytest.mark.parametrize("named", [lambda c: c[1], lambda c: c[1].upper(),
                                   lambda c: _nfd(c[1].removeprefix("Xã "))])
def test_b01_split_into_a_sheet_per_commune_is_read_as_one_list(tmp_path, named):
    """`Xã Mẫu Sơn`, `Xã Yên Khoái`, `Xã Khánh Xuân`, each titled `BIỂU 01: …` with its one
    commune: one B01 split per commune, read together as a split list is (each sheet's
    rows under its own name), an info at each sheet. Before, no sheet was B01 (two sheets
    titled as one form), MISSING_SHEET, and none of their cells was kept."""
    sheets = district_sheets()
    per = [_commune_sheet(c, named(c)) for c in COMMUNES]
    result = _read(tmp_path, [sheets[0], *per, *sheets[2:]])
    assert _marks_met(result) == EXPECTED_MET
    assert sorted(c["sheet"] for c in result.tables["b01_communes"]) == sorted(
        s.name for s in per)
    assert not _flags(result, "MISSING_SHEET")
    for sheet in per:
        notes = [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == sheet.name]
        assert any("split" in f["message"] for f in notes)
        assert all(f["severity"] == "info" for f in notes)


def test_b01_sheets_per_commune_listing_one_commune_twice_are_both_named(tmp_path):
    """Two sheets titled `BIỂU 01` listing the same commune with other figures: which holds
    them cannot be told; neither is read, both named, their cells kept (an identical copy is
    set aside and the other read, as for sheets named B01)."""
    sheets = district_sheets()
    code, name = COMMUNES[0][:2]
    per = [_commune_sheet(COMMUNES[0], "Xã Mẫu Sơn"),
           _commune_sheet((code, name, 10, None, None), "Mẫu Sơn")]
    result = _read(tmp_path, [sheets[0], *per, *sheets[2:]])
    assert "b01_communes" not in result.tables
    assert sorted(f["sheet"] for f in _flags(result, "SHEET_LAYOUT")
                  if f["severity"] == "error") == ["Mẫu Sơn", "Xã Mẫu Sơn"]
    assert {c["sheet"] for c in result.tables["unmapped_cells"]} >= {"Mẫu Sơn", "Xã Mẫu Sơn"}
