"""B01 read as a person reads it: a commune given on two rows, a legend saying a blank cell
is met, a second B01 sheet that is a plan or registration list, count columns that count
something else, and criteria headed `T.C 1` (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import (
    COMMUNES,
    OfficeSheet,
    b01_two_row_header,
    district_sheets,
    write,
)
from tests.test_ingest_other_years import _b01_count_headed

_AFTER = ["Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
          "Năm đạt NTM kiểu mẫu", "Ghi chú"]


def _read(tmp_path: Path, sheets: list[OfficeSheet]) -> FileResult:
    path = write(tmp_path / "raw" / "2023" / "district.xlsx", sheets)
    return read_submission(path, "2023/district.xlsx", "sha")


def _marks(met: int) -> list[str | None]:
    return ["x" if k < met else None for k in range(19)]


def _codes(result: FileResult) -> list[str | None]:
    return [c["commune_code"] for c in result.tables.get("b01_communes", [])]


def _met(result: FileResult) -> dict[str | None, int]:
    met: dict[str | None, int] = {}
    for m in result.tables.get("b01_marks", []):
        met[m["commune_code"]] = met.get(m["commune_code"], 0) + (m["mark"] == "met")
    return met


def _errors(result: FileResult, sheet: str = "B01_TieuChiXa") -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error" and f["sheet"] == sheet]


# ------------------------------------------------------------ a commune given on two rows


def _two_row_sheet(labels: tuple[str, str], *, merged: bool, extra: str = "Năm",
                   code_on_both: bool = False) -> OfficeSheet:
    """Xã Yên Khoái given on two rows (13 criteria met on the first, 15 on the second), the
    row's label (a year, the plan and its result, …) in an extra column, STT, Mã xã and Tên
    xã merged down both rows or typed on the first; Mẫu Sơn and Khánh Xuân on one row."""
    header = ["STT", "Mã xã", "Tên xã", extra, *[str(k) for k in range(1, 20)], *_AFTER]
    rows: list[list] = [["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM NĂM 2023"], [], header,
                        [1, "06532", "Xã Mẫu Sơn", labels[1], *_marks(19), 19, 2019, 2022,
                         None, None],
                        [2, "06541", "Xã Yên Khoái", labels[0], *_marks(13), 13, None, None,
                         None, None],
                        [None, "06541" if code_on_both else None,
                         "Xã Yên Khoái" if code_on_both else None, labels[1], *_marks(15), 15,
                         None, None, None, None],
                        [3, "06544", "Xã Khánh Xuân", labels[1], *_marks(12), 12, None, None,
                         None, None],
                        ["Tổng cộng", None, None, None, *[None] * 19, 46, None, None, None,
                         None],
                        [], [None, "Người lập biểu", None, None, "Chủ tịch UBND huyện"]]
    merges = [(4, j, 5, j) for j in range(3)] if merged else []
    return OfficeSheet("B01_TieuChiXa", rows, merges)


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "first row only"])
@pytest.mark.parametrize(("extra", "labels"), [
    ("Năm", ("2022", "2023")),
    ("Năm", ("Năm 2022", "Năm 2023")),
    ("Nội dung", ("Kế hoạch", "Thực hiện")),
    ("Nội dung", ("Đầu năm", "Cuối năm")),
    ("Nội dung", ("Xã tự đánh giá", "Huyện thẩm định")),
])
def test_a_commune_given_on_two_rows_is_read_as_no_commune(tmp_path, merged, extra, labels):
    """A person sees Xã Yên Khoái on two rows (two years, a plan and its result, the start
    and the end of the year, its own assessment and the district's appraisal) and cannot
    tell from the sheet which row is the year's figures. Before, its first row (13
    criteria) was stored and the second kept as a note without a word. Now neither is read
    as the commune: its row is a commune unknown (code and name kept in
    raw.unmapped_cells), with an error at each of its rows; the other communes are read."""
    result = _read(tmp_path, district_sheets(B01=_two_row_sheet(labels, merged=merged,
                                                                 extra=extra)))
    assert _codes(result) == ["06532", None, "06544"]
    assert "06541" not in _met(result)
    assert _met(result)["06532"] == 19 and _met(result)["06544"] == 12
    errors = {(f["row_number"], f["column_name"][:1]): f for f in _errors(result)}
    assert set(errors) == {(5, "B"), (6, "E")}
    assert "row 6" in errors[5, "B"]["message"] and "read as no commune" in (
        errors[5, "B"]["message"])
    assert labels[1] in errors[6, "E"]["message"]
    assert "no commune code and no name" in errors[6, "E"]["message"]
    kept = {(c["row_number"], c["value"]) for c in result.tables["unmapped_cells"]}
    assert {(5, "06541"), (5, "Xã Yên Khoái")} <= kept


def test_a_commune_whose_marks_are_on_the_row_under_its_name_is_read_as_no_commune(tmp_path):
    """Code and name on one row, the marks, count and years on the row below: a person
    reads them as the commune's, but the sheet does not say so. Before, Xã Mẫu Sơn was
    stored with 19 criteria not met (0 met) and its marks were a note, without a word."""
    header = ["STT", "Mã xã", "Tên xã", *[str(k) for k in range(1, 20)], *_AFTER]
    rows = [["BIỂU 01"], [], header,
            [1, "06532", "Xã Mẫu Sơn"], [None, None, None, *_marks(19), 19, 2019, 2022],
            [2, "06541", "Xã Yên Khoái", *_marks(15), 15, None, None, None, None]]
    result = _read(tmp_path, district_sheets(B01=OfficeSheet("B01_TieuChiXa", rows)))
    assert _codes(result) == [None, "06541"]
    assert _met(result) == {None: 0, "06541": 15}
    assert {(f["row_number"], f["column_name"][:1]) for f in _errors(result)} == {
        (4, "B"), (5, "D")}


def test_rows_around_the_communes_that_give_no_commune_figures_are_read_as_before(tmp_path):
    """What a person passes over stays passed over, without an error: a row holding the
    rest of a commune's name, the form's numbering row, the header repeated at a page
    break, a row of the form left blank whose count formula shows 0, the total row and the
    signature block."""
    b01 = b01_two_row_header()
    first = b01.find("06532")[0]
    width = len(b01.rows[first])
    blank_row: list = [None] * width
    blank_row[4 + 19] = 0
    b01.rows[first + 1:first + 1] = [[None, None, "(sáp nhập xã Tú Mịch)"]]
    b01.rows[first + 4:first + 4] = [blank_row, *[list(r) for r in b01.rows[first - 2:first]]]
    b01.merges = [m for m in b01.merges if m[0] < first]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _codes(result) == [c[0] for c in COMMUNES]
    assert _met(result) == {c[0]: c[2] for c in COMMUNES}
    assert not _errors(result)


def test_a_code_typed_on_both_rows_of_a_year_column_reads_the_reporting_years_row(tmp_path):
    """Code and name typed on both rows beside `Năm` 2022 and 2023: the 2023 row is the
    commune's, as before (the 2022 row a note with an info), and no error."""
    result = _read(tmp_path, district_sheets(B01=_two_row_sheet(
        ("2022", "2023"), merged=False, code_on_both=True)))
    assert _codes(result) == ["06532", "06541", "06544"]
    assert _met(result)["06541"] == 15
    assert not _errors(result)


# ---------------------------------------------------------- a legend: a blank cell is met


def _blank_met_sheet(legend: str, where: str) -> OfficeSheet:
    """Communes marked with `-` on the criteria not met and nothing on those met, with a
    legend below the table, above it, or in the criteria group's header."""
    b01 = b01_two_row_header(marks="-")
    first = b01.find("06532")[0]
    for k, (_, _, met, _, _) in enumerate(COMMUNES):
        row = b01.rows[first + k]
        row[4:23] = [None if c < met else "-" for c in range(19)]
    if where == "below":
        b01.rows += [[], [None, legend]]
    elif where == "above":
        b01.rows.insert(1, [legend])
        b01.merges = [(r0 + (r0 >= 1), c0, r1 + (r1 >= 1), c1) for r0, c0, r1, c1 in b01.merges]
    else:
        row, col = b01.find("Tiêu chí đạt chuẩn")
        b01.rows[row][col] = f"Tiêu chí đạt chuẩn ({legend})"
    return b01


@pytest.mark.parametrize(("legend", "where"), [
    ("Ghi chú: Tiêu chí đạt để trống, tiêu chí chưa đạt ghi dấu (-)", "below"),
    ("Ký hiệu: (-) chưa đạt; để trống: đạt", "below"),
    ("Ký hiệu: 0 - chưa đạt; để trống - đạt", "below"),
    ("Ghi chú: Ô trống là tiêu chí đã đạt; ô có dấu - là tiêu chí chưa đạt", "below"),
    ("(Tiêu chí đạt để trống; tiêu chí chưa đạt đánh dấu -)", "above"),
    ("Tiêu chí nào đạt thì bỏ trống", "above"),
    ("ô trống: đạt; dấu -: chưa đạt", "header"),
    ("để trống là đạt", "header"),
    ("KY HIEU: (-) CHUA DAT; DE TRONG: DAT", "below"),
    (unicodedata.normalize("NFD", "Tiêu chí đạt không đánh dấu, chưa đạt ghi -"), "below"),
])
def test_b01_under_a_legend_saying_a_blank_cell_is_met_feeds_nothing(tmp_path, legend, where):
    """A person reading `để trống: đạt` counts the blank cells as met. Read as the template
    reads a blank (not met), every commune met 0 criteria, without a flag. The sheet is not
    read, as under a legend of marks of criteria not met, with an error naming the cell."""
    result = _read(tmp_path, district_sheets(B01=_blank_met_sheet(legend, where)))
    status = next(s for s in result.tables["sheets"] if s["sheet_code"] == "B01")
    assert status["status"] == "unusable"
    assert "b01_communes" not in result.tables and "b01_marks" not in result.tables
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == "B01_TieuChiXa"]
    assert flag["severity"] == "error"
    assert "says a blank criterion cell is met" in flag["message"]
    cell = {"below": "B14", "above": "A2", "header": "E4"}[where]
    assert f"cell {cell} " in flag["message"]


@pytest.mark.parametrize("legend", [
    "Ghi chú: x - đạt; để trống - chưa đạt",
    "Ghi chú: Các ô để trống là tiêu chí chưa đạt",
    "Đạt: x; Chưa đạt: để trống",
    "Năm đạt chuẩn: để trống nếu chưa đạt",
    "Tiêu chí đạt trong năm 2023",
])
def test_b01_under_a_legend_of_blank_cells_not_met_is_read_as_before(tmp_path, legend):
    """A legend saying a blank cell is not met is how the template reads it: the communes
    are read, without a flag."""
    b01 = b01_two_row_header()
    b01.rows += [[], [None, legend]]
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _met(result) == {c[0]: c[2] for c in COMMUNES}
    assert not [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"]


# ------------------------------------------------------- a second B01 sheet: another list


def _other_list(name: str, title: str = "DANH SÁCH XÃ") -> OfficeSheet:
    """A second B01 sheet listing communes the year's sheet does not (Tú Mịch and Lợi Bác,
    all 19 criteria marked)."""
    header = ["STT", "Mã xã", "Tên xã", *[str(k) for k in range(1, 20)], *_AFTER]
    rows = [[title], [], header,
            [1, "06547", "Xã Tú Mịch", *_marks(19), 19, None, None, None, None],
            [2, "06550", "Xã Lợi Bác", *_marks(19), 19, None, None, None, None]]
    return OfficeSheet(name, rows)


@pytest.mark.parametrize("name", [
    "B01 đăng ký", "B01 dự kiến", "B01_KH", "B01 (phấn đấu)", "B01 năm trước",
    "B01 (đề nghị)", "B01 tự đánh giá", "B01-DK", "B01 chỉ tiêu", "B01 DANG KY",
    unicodedata.normalize("NFD", "B01 Đăng ký"),
])
def test_a_second_b01_named_as_a_plan_or_registration_is_set_aside(tmp_path, name):
    """A person reads `B01 đăng ký` beside B01_TieuChiXa as the communes registering for a
    later year, not the year's results. Before, both were read together as one list (an
    info), the registered communes stored as the year's with 19 criteria met. Now the sheet
    is set aside with an info, as last year's sheet is, its cells kept."""
    result = _read(tmp_path, [*district_sheets(), _other_list(name)])
    assert _codes(result) == [c[0] for c in COMMUNES]
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == name]
    assert flag["severity"] == "info" and "it is not read" in flag["message"]
    assert any(c["sheet"] == name and c["value"] == "06547"
               for c in result.tables["unmapped_cells"])


@pytest.mark.parametrize("title", [
    "DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM 2024",
    "CÁC XÃ DỰ KIẾN ĐẠT CHUẨN NTM NĂM 2024",
    "Danh sach xa de nghi xet cong nhan",
])
def test_a_second_b01_titled_as_a_registration_list_is_set_aside(tmp_path, title):
    """`B01 (2)` titled `DANH SÁCH XÃ ĐĂNG KÝ ĐẠT CHUẨN NTM NĂM 2024`: its title says what a
    person reads it as; set aside with an info naming the title."""
    result = _read(tmp_path, [*district_sheets(), _other_list("B01 (2)", title)])
    assert _codes(result) == [c[0] for c in COMMUNES]
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == "B01 (2)"]
    assert flag["severity"] == "info" and title in flag["message"]


def test_a_b01_continued_on_a_second_sheet_is_read_together_as_before(tmp_path):
    """`B01 (2)` continuing the list (a plain title), beside a sheet whose title cites the
    plan it carries out (`Kèm theo Kế hoạch số 12/KH-UBND`): one list, read together."""
    b01 = b01_two_row_header()
    b01.rows[2] = ["(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2024)"]
    result = _read(tmp_path, [*district_sheets(B01=b01),
                              _other_list("B01 (2)", "BIỂU 01 (tiếp theo)")])
    assert _codes(result) == [c[0] for c in COMMUNES] + ["06547", "06550"]
    assert all("read together as one list" in f["message"] for f in result.flags
               if f["check_code"] == "SHEET_LAYOUT")


def test_a_second_b04_titled_with_its_plan_is_not_set_aside_as_a_plan(tmp_path):
    """B04 holds the year's plan beside its result: `B04 Chỉ tiêu` titled `CHỈ TIÊU KẾ HOẠCH
    …` beside another B04 giving another result is one of two sheets of one code, refused
    as before, not a plan set aside (which would read the other)."""
    b04 = [OfficeSheet(name, [[title], [],
                              ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                               "Thực hiện", "Kế hoạch năm sau"],
                              ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, done, 1]])
           for name, title, done in (
               ("B04 Chỉ tiêu", "BIỂU 04: CHỈ TIÊU KẾ HOẠCH VÀ KẾT QUẢ NĂM 2023", 0),
               ("B04 (2)", "BIỂU 04", 1))]
    result = _read(tmp_path, [*district_sheets(B04=b04[0]), b04[1]])
    assert {f["sheet"] for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
            and f["severity"] == "error"} == {"B04 Chỉ tiêu", "B04 (2)"}


# ------------------------------------------------------- a count of something else


@pytest.mark.parametrize("header", [
    "Số tiêu chí đạt thêm trong năm", "Số tiêu chí đạt mới", "Số TC đạt thêm",
    "Số TC đạt đầu năm", "Số tiêu chí đạt (%)", "Tỷ lệ số tiêu chí đạt",
    "SO TC DAT TANG", unicodedata.normalize("NFD", "Số tiêu chí đạt mới trong năm"),
])
def test_b01_a_count_of_criteria_gained_a_share_or_at_the_start_is_not_the_count(tmp_path,
                                                                                   header):
    """A person reads `Số tiêu chí đạt thêm trong năm` as the criteria gained, `(%)` as a
    share, `đầu năm` as the count at the year's start: none is the count of criteria met.
    Before, each was stored as the reported count (2 gained as 2 met). Now the column is not
    read (UNKNOWN_COLUMN info, its cells kept); the marks are read."""
    result = _read(tmp_path, district_sheets(B01=_b01_count_headed(header)))
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [None] * 3
    assert _met(result) == {c[0]: c[2] for c in COMMUNES}
    assert [f["severity"] for f in result.flags if f["check_code"] == "UNKNOWN_COLUMN"
            and f["column_name"].startswith("X")] == ["info"]


@pytest.mark.parametrize("header", ["Số tiêu chí đạt", "Tổng số TC đạt",
                                    "Số tiêu chí đạt chuẩn NTM (nông thôn mới)"])
def test_b01_the_count_of_criteria_met_is_read_as_before(tmp_path, header):
    result = _read(tmp_path, district_sheets(B01=_b01_count_headed(header)))
    assert [c["reported_count"] for c in result.tables["b01_communes"]] == [
        c[2] for c in COMMUNES]


# ------------------------------------------------------- T.C 1


@pytest.mark.parametrize("spelling", ["T.C {}", "T.C{}", "t.c. {}", "T. C {}"])
def test_b01_criteria_headed_t_dot_c_are_read(tmp_path, spelling):
    """`T.C 1` … `T.C 19` is `TC 1` with its letters dotted. Before, no criterion column
    was found and the sheet was refused."""
    b01 = b01_two_row_header([spelling.format(k) for k in range(1, 20)])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _met(result) == {c[0]: c[2] for c in COMMUNES}
