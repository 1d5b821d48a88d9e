"""B01 read as a person reads it where a sheet's name, a legend or a remark says what its
cells are: a second B01 sheet named as the reporting year's plan (`B01 KH2024`), a legend
giving the mark after its meaning (`Chưa đạt: 1`), and a remark claiming one level while
planning the next (`Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025`) (docs/ingest.md, "What
the intake understands")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import COMMUNES, district_sheets, write
from tests.test_ingest_b01_rows_and_sheets import _codes, _other_list
from tests.test_ingest_b01_status_and_legends import _marks, _noted, _numbered, _statuses
from tests.test_ingest_office import _flags
from tests.test_ingest_office import _read as _read_2023


def _read_2024(tmp_path: Path, sheets) -> FileResult:
    path = write(tmp_path / "raw" / "2024" / "district.xlsx", sheets)
    return read_submission(path, "2024/district.xlsx", "sha")


# ------------------------------------------- a second B01 sheet named as the year's plan


@pytest.mark.parametrize("name", [
    "B01 KH2024", "B01-KH 2024", "B01 (KH2024)", "B01_KH2024", "B01KH", "B01 ĐK2024",
    "B01 dang ky 2024", "B01 KH 2024", unicodedata.normalize("NFD", "B01 KẾ HOẠCH2024"),
])
def test_a_second_b01_named_as_the_reporting_years_plan_is_set_aside(tmp_path, name):
    """In a 2024 report, `B01 KH2024` beside B01_TieuChiXa: a person reads the plan for
    2024 (`KH` is `kế hoạch`) written against the year, not the year's results. Its name
    names the reporting year, so it was not set aside as another year's copy, and `kh2024`
    was taken as one word, so the plan was not seen either: both sheets were read together
    as one list, the planned communes stored as the year's with 19 criteria met. Now it is
    set aside with an info, its cells kept."""
    result = _read_2024(tmp_path, [*district_sheets(2024), _other_list(name)])
    assert _codes(result) == [c[0] for c in COMMUNES]
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == name]
    assert flag["severity"] == "info" and "another list" in flag["message"]
    assert "it is not read" in flag["message"]
    assert any(c["sheet"] == name and c["value"] == "06547"
               for c in result.tables["unmapped_cells"])


@pytest.mark.parametrize("name", ["B01 (2)", "B01 2024", "B01 (2024)", "B01_TH2024"])
def test_a_second_b01_continuing_the_years_list_is_read_with_it_as_before(tmp_path, name):
    """`B01 (2)`, `B01 2024` or `B01_TH2024` (`TH` is `thực hiện`, the result) beside
    B01_TieuChiXa in a 2024 report: a continuation of the year's list, its communes read
    with the first sheet's as one list, as before."""
    result = _read_2024(tmp_path, [*district_sheets(2024), _other_list(name)])
    assert _codes(result) == [c[0] for c in COMMUNES] + ["06547", "06550"]
    assert all("read together as one list" in f["message"] for f in result.flags
               if f["check_code"] == "SHEET_LAYOUT")


# ------------------------------------------------ a legend giving the mark after its meaning


@pytest.mark.parametrize(("met", "not_met", "legend"), [
    (2, 1, "Ký hiệu: Chưa đạt: 1; Đạt: 2"),
    (2, 1, "Ghi chú: Đạt - 2, Chưa đạt - 1"),
    ("2", "1", "Ky hieu: dat = 2; khong dat = 1"),
    (2, 1, unicodedata.normalize("NFD", "CHÚ THÍCH: TIÊU CHÍ ĐẠT: 2; TIÊU CHÍ CHƯA ĐẠT: (1)")),
    ("Đ", "x", "Ghi chú: Đạt: Đ; Không đạt: x"),
])
def test_b01_a_legend_giving_1_the_meaning_not_met_after_the_word_leaves_the_1_cells_unread(
        tmp_path, met, not_met, legend):
    """`Ký hiệu: Chưa đạt: 1; Đạt: 2`, the criteria met typed 2 and the others 1: a person
    reads each 1 as a criterion not met, as from `1 - Chưa đạt`. Written with the mark after
    its meaning, the legend was not seen and the 1 cells were stored as met without a flag
    (Yên Khoái with 4 criteria met, not 15). They are not read now, each with an error
    quoting the legend, as in the other order."""
    result = _read_2023(tmp_path, district_sheets(B01=_numbered(met, not_met, legend)))
    read = met == "Đ"
    assert {code: m.count("met") for code, m in _marks(result).items()} == {
        "06532": 19 * read, "06541": 15 * read, "06544": 12 * read}
    unmet = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["raw_value"] == str(not_met)]
    assert len(unmet) == 4 + 7  # Yên Khoái's 4 criteria not met, Khánh Xuân's 7
    assert all(unicodedata.normalize("NFC", legend) in f["message"]
               and "a mark of met in the template" in f["message"] for f in unmet)


@pytest.mark.parametrize("legend", ["Ghi chú: Đạt: 0; Chưa đạt: 1",
                                    "Ký hiệu: Đạt = 0, Không đạt = 1"])
def test_b01_a_legend_giving_0_the_meaning_met_after_the_word_leaves_the_0_cells_unread(
        tmp_path, legend):
    """`Ghi chú: Đạt: 0; Chưa đạt: 1`: the sheet's 0 is met and its 1 not met, both the other
    way round from the template; neither is read as the template would, each cell with an
    error, as from `0 - Đạt; 1 - Chưa đạt`."""
    result = _read_2023(tmp_path, district_sheets(B01=_numbered(0, 1, legend)))
    assert all(set(m) == {"unparseable"} for m in _marks(result).values())
    assert {f["raw_value"] for f in _flags(result, "UNPARSEABLE_VALUE")} == {"0", "1"}


@pytest.mark.parametrize(("met", "not_met", "legend"), [
    (1, 0, "Ký hiệu: Đạt: 1; Chưa đạt: 0"),
    (1, 0, "Ghi chú: Đạt - 1, Không đạt = 0"),
    ("x", None, "Ghi chú: Đạt: x; Chưa đạt: để trống"),
    ("x", "-", "Ký hiệu: x = Đạt; Chưa đạt: (-)"),
    ("x", None, "Ghi chú: Xã Khánh Xuân chưa đạt: 1 tiêu chí do sáp nhập"),
    (1, 0, "Ghi chú: Chưa đạt: 1 xã; Đạt: 2 xã"),
])
def test_b01_legends_after_the_word_agreeing_with_the_template_leave_the_marks_read(
        tmp_path, met, not_met, legend):
    """Legends giving the template's own meaning with the mark after the word (`Đạt: 1;
    Chưa đạt: 0`), and notes whose numbers after a meaning are counts, not marks (`Chưa đạt:
    1 tiêu chí`): the marks are read as before, without a flag."""
    result = _read_2023(tmp_path, district_sheets(B01=_numbered(met, not_met, legend)))
    assert {code: m.count("met") for code, m in _marks(result).items()} == {
        "06532": 19, "06541": 15, "06544": 12}
    assert not _flags(result, "UNPARSEABLE_VALUE")


# ----------------------------------------------- a remark claiming a level and planning another


@pytest.mark.parametrize("note", [
    "Ghi chú: Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025",
    "Đạt chuẩn NTM năm 2019, phấn đấu đạt chuẩn NTM nâng cao năm 2025",
    "Đã đạt chuẩn NTM năm 2019. Đăng ký NTM nâng cao năm 2025",
    "Đạt chuẩn NTM năm 2019 và dự kiến đạt NTM nâng cao năm 2025",
    "Xã đạt chuẩn NTM - chưa đạt NTM nâng cao",
    "Đạt chuẩn NTM năm 2019 (phấn đấu NTM nâng cao năm 2025)",
    "Đạt chuẩn NTM 2019\nĐang đề nghị công nhận NTM nâng cao",
    unicodedata.normalize("NFD", "ĐẠT CHUẨN NTM 2019; PHẤN ĐẤU NTM NÂNG CAO 2025"),
    "dat chuan NTM 2019; phan dau NTM nang cao 2025",
])
def test_b01_a_remark_claiming_ntm_and_planning_the_next_level_makes_ntm_unknown(
        tmp_path, note):
    """`Ghi chú: Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025` beside blank year cells: a
    person reads a commune that reached NTM in 2019 (the year not given in its column) and
    plans the advanced level. The plan's words made the whole remark claim nothing, and the
    commune was stored as not having reached NTM, without a flag. The claim is now read as a
    plain claim is: the NTM status is unknown, with a warning quoting the remark; the
    advanced level, only planned, is neither reached nor unknown."""
    result = _read_2023(tmp_path, district_sheets(B01=_noted({"06532": (None, None, note)})))
    assert _statuses(result)[0] == ("06532", None, None, "ntm_year")
    [warning] = [f for f in _flags(result, "STATUS_MARK") if f["row_number"] == 7]
    assert warning["severity"] == "warning" and warning["column_name"] == "AB (Ghi chú)"
    assert unicodedata.normalize("NFC", note) in warning["message"]
    assert "(ntm_year)" in warning["message"]


def test_b01_a_remark_claiming_advanced_and_planning_model_makes_advanced_unknown(tmp_path):
    """`Đạt chuẩn NTM nâng cao năm 2022; phấn đấu xã NTM kiểu mẫu năm 2025` beside an NTM
    year and a blank advanced one: the advanced status is unknown with a warning, the NTM
    year kept, the model level only planned."""
    note = "Đạt chuẩn NTM nâng cao năm 2022; phấn đấu xã NTM kiểu mẫu năm 2025"
    result = _read_2023(tmp_path, district_sheets(B01=_noted({"06532": (2019, None, note)})))
    assert _statuses(result)[0] == ("06532", 2019, None, "advanced_year")
    [warning] = [f for f in _flags(result, "STATUS_MARK") if f["row_number"] == 7]
    assert warning["severity"] == "warning" and "(advanced_year)" in warning["message"]


@pytest.mark.parametrize(("ntm", "note"), [
    (2019, "Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025"),
    (None, "Phấn đấu đạt chuẩn NTM năm 2025, NTM nâng cao năm 2027"),
    (None, "Dự kiến đạt chuẩn NTM năm 2025; đạt chuẩn NTM nâng cao năm 2027"),
    (None, "Đạt chuẩn NTM năm 2025 (dự kiến)"),
    (None, "Đạt chuẩn NTM năm 2025, dự kiến"),
    (None, "Đạt chuẩn NTM năm 2025; dự kiến NTM"),
    (None, "Chưa đạt chuẩn NTM; phấn đấu đạt chuẩn năm 2025"),
    (None, "Đạt chuẩn NTM, còn thiếu TC 17; phấn đấu NTM nâng cao"),
])
def test_b01_a_remark_of_plans_only_or_agreeing_with_the_years_changes_nothing(
        tmp_path, ntm, note):
    """A remark whose claim agrees with the year given, one whose plan comes first and runs
    on (`Phấn đấu đạt chuẩn NTM năm 2025, NTM nâng cao năm 2027`), one whose plan's words
    qualify the level claimed (`Đạt chuẩn NTM năm 2025, dự kiến`), and one on criteria: the
    years are read as before, without a warning."""
    result = _read_2023(tmp_path, district_sheets(B01=_noted({"06532": (ntm, None, note)})))
    assert _statuses(result)[0] == ("06532", ntm, None, None)
    assert not [f for f in _flags(result, "STATUS_MARK") if f["row_number"] == 7]
