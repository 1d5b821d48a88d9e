"""B05, the district's own NTM criteria (H1..H9), as offices send it in ways that are not
that list: in a province's report, assessed against the advanced district criteria, with a
remark taking the mark back, split into sub-rows bulleted or lettered, titled with the
district's past recognition (docs/ingest.md, "What the intake understands").

Each test builds its own workbook (``tests/office.py``) and checks what a person reading it
would read, or that what was not understood feeds nothing and says why.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write

HEADER = ["Mã tiêu chí", "Tên tiêu chí", "Đạt"]
NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
         "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường", "Chất lượng môi trường sống",
         "Hệ thống chính trị - An ninh trật tự - Hành chính công"]
MARKS = ["Đạt"] * 4 + ["Chưa đạt"] * 5


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/b05.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, code: str, severity: str | None = None,
           sheet: str = "B05") -> list[dict]:
    return [f for f in result.flags
            if f["check_code"] == code and sheet in (f.get("sheet") or "")
            and severity in (None, f["severity"])]


def _marks(result: FileResult) -> dict[str, str]:
    return {r["criterion_code"]: r["mark"]
            for r in result.tables.get("b05_district_criteria", [])}


def _b05(body: list[list], *, title: str = "BIỂU 05: TIÊU CHÍ HUYỆN NÔNG THÔN MỚI",
         header: list | None = None, name: str = "B05_TieuChiHuyen") -> OfficeSheet:
    return simple_sheet(name, header or HEADER, body, title)


def _criteria(marks: list = MARKS) -> list[list]:
    return [[f"H{i + 1}", NAMES[i], marks[i]] for i in range(9)]


def _sheet_status(result: FileResult, sheet: str) -> str | None:
    return next((s["status"] for s in result.tables.get("sheets", []) if s["sheet"] == sheet),
                None)


# --------------------------------------------------------------------------- a province's B05


def _province(year: int, b05: OfficeSheet) -> list[OfficeSheet]:
    info = thongtin(year, level="Tỉnh", district=None)
    kept = ("B02", "B03", "B04") if year < 2025 else ("B01", "B02", "B03", "B04")
    sheets = [s for s in district_sheets(year, ThongTin=info)
              if s.name == "ThongTin" or s.name.startswith(kept)]
    return [*sheets, simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                                  [["SO_XA", "Số xã", 4]]), b05]


@pytest.mark.parametrize(("year", "body", "title"), [
    (2023, [["", "Huyện Lộc Bình", None], *_criteria()],
     "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM CỦA CÁC HUYỆN"),
    (2023, [["I", "Huyện Lộc Bình", None], *_criteria(),
            ["II", "Huyện Cao Lộc", None], *_criteria(["Đạt"] * 9)], "BIỂU 05"),
    (2023, _criteria(), "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM - HUYỆN LỘC BÌNH"),
    (2025, _criteria(), "BIỂU 05: TIÊU CHÍ HUYỆN"),
])
def test_a_provinces_b05_is_not_read_as_its_own_criteria(tmp_path, year, body, title):
    """A province's report (`Cấp báo cáo: Tỉnh`) with a B05: one district's criteria under a
    heading `Huyện Lộc Bình`, two districts' blocks, a sheet titled for one district, or a
    2025 report (districts abolished). A person reads districts' criteria, which the template
    has each district send in its own report, not the province's: the sheet is not read
    (a warning naming it), its cells kept, the sheet recorded as not usable, and the rest of
    the report read as usual."""
    result = _read(tmp_path, _province(year, _b05(body, title=title)), f"{year}/prov.xlsx")
    assert result.identity is not None and result.identity.level == "province"
    assert _marks(result) == {}
    warned = _flags(result, "SHEET_LAYOUT", "warning")
    assert len(warned) == 1 and "province's report has no B05" in warned[0]["message"]
    assert _sheet_status(result, "B05_TieuChiHuyen") == "unusable"
    kept = {u["value"] for u in result.tables["unmapped_cells"]
            if u["sheet"] == "B05_TieuChiHuyen"}
    assert "H9" in kept and "Chưa đạt" in kept
    assert result.tables["b04_targets"] and result.tables["b06_aggregates"]


def test_a_districts_b05_is_read_as_before(tmp_path):
    """The district's own B05 in its report is read as it was: nine criteria, their marks."""
    result = _read(tmp_path, district_sheets(2023, B05=_b05(_criteria())))
    assert _marks(result) == {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
    assert not _flags(result, "SHEET_LAYOUT")


# --------------------------------------------------------------------------- advanced criteria

ADVANCED_TITLE = "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NÂNG CAO NĂM 2023"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(("title", "header", "above", "name"), [
    (ADVANCED_TITLE, HEADER, [], "B05_TieuChiHuyen"),
    (_nfd(ADVANCED_TITLE), HEADER, [], "B05_TieuChiHuyen"),
    ("BIEU 05: KET QUA THUC HIEN BO TIEU CHI HUYEN NTM NANG CAO", HEADER, [],
     "B05_TieuChiHuyen"),
    ("BIỂU 05", HEADER, [["", "TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NÂNG CAO", None]],
     "B05_TieuChiHuyen"),
    ("BIỂU 05", HEADER, [["II", "Huyện NTM nâng cao", None]], "B05_TieuChiHuyen"),
    ("BIỂU 05", HEADER, [], "B05_TieuChiHuyenNTMNangCao"),
    ("BIỂU 05", HEADER, [], "B05 nâng cao"),
    ("BIỂU 05", ["Mã tiêu chí", "Tên tiêu chí", "Kết quả (theo Bộ tiêu chí huyện NTM nâng cao)"],
     [], "B05_TieuChiHuyen"),
    ("BIỂU 05", ["Mã tiêu chí", "Tên tiêu chí", _nfd("ĐẠT (NTM NÂNG CAO)")], [],
     "B05_TieuChiHuyen"),
    ("BIỂU 05", ["Mã tiêu chí", "Tên tiêu chí", "Đạt chuẩn NTM nâng cao"], [],
     "B05_TieuChiHuyen"),
    ("BIỂU 05: TIÊU CHÍ HUYỆN NTM KIỂU MẪU", HEADER, [], "B05_TieuChiHuyen"),
])
def test_b05_of_the_advanced_district_criteria_is_not_read_as_the_ntm_criteria(
        tmp_path, title, header, above, name):
    """A B05 assessing the district against the advanced district criteria (huyện NTM nâng
    cao, nine criteria named as the NTM district's are; or the model district's, kiểu mẫu),
    said by its title, a heading over the criteria, its name or its result column's header,
    in any spelling. A person reads the district's standing on that set, not on the NTM
    criteria: the sheet is not read, an error quoting what says so, its cells kept."""
    sheet = _b05([*above, *_criteria()], title=title, header=header, name=name)
    result = _read(tmp_path, district_sheets(2023, B05=sheet))
    assert _marks(result) == {}
    errors = _flags(result, "SHEET_LAYOUT", "error")
    assert len(errors) == 1 and "not the NTM district criteria" in errors[0]["message"]
    assert _sheet_status(result, name) == "unusable"


def test_b05_of_the_advanced_criteria_beside_the_ntm_criteria_is_set_aside(tmp_path):
    """A B05 of the NTM criteria and a second one titled for the advanced criteria: the NTM
    one is read, the advanced one set aside with an info, its cells kept."""
    ntm = _b05(_criteria())
    advanced = _b05(_criteria(["Đạt"] * 9), title=ADVANCED_TITLE, name="B05 (2)")
    result = _read(tmp_path, [*district_sheets(2023, B05=ntm), advanced])
    assert _marks(result) == {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
    infos = _flags(result, "SHEET_LAYOUT", "info", sheet="B05 (2)")
    assert len(infos) == 1 and "beside 'B05_TieuChiHuyen'" in infos[0]["message"]
    assert not _flags(result, "SHEET_LAYOUT", "error")


@pytest.mark.parametrize(("title", "header"), [
    ("BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI NĂM 2023", HEADER),
    ("BIỂU 05: TIÊU CHÍ HUYỆN NTM (Huyện đã đạt chuẩn NTM, phấn đấu đạt chuẩn huyện NTM nâng "
     "cao)", HEADER),
    ("BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM (theo Quyết định số 320/QĐ-TTg ban hành "
     "Bộ tiêu chí quốc gia về huyện nông thôn mới và Bộ tiêu chí quốc gia về huyện nông thôn "
     "mới nâng cao)", HEADER),
    ("BIỂU 05", ["Mã tiêu chí", "Tên tiêu chí", "Đạt", "Đạt chuẩn NTM nâng cao"]),
])
def test_b05_of_the_ntm_criteria_citing_the_advanced_level_is_read_as_before(
        tmp_path, title, header):
    """`nông thôn mới` alone, the advanced level as a status the district strives for, the
    decision issuing both sets cited by its title, or a column of the advanced level beside
    the result: the sheet is the NTM criteria, read as before."""
    body = [[*row, *([None] * (len(header) - 3))] for row in _criteria()]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, title=title, header=header)))
    assert _marks(result) == {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
    assert not _flags(result, "SHEET_LAYOUT", "error")


# --------------------------------------------------------------------------- remarks on a mark

REMARKED = ["Mã tiêu chí", "Tên tiêu chí", "Đạt", "Ghi chú"]


@pytest.mark.parametrize("remark", [
    "Chưa đạt", "Chưa được tỉnh thẩm định", "Đã bị thu hồi",
    "Tỉnh chưa thẩm định, huyện tự đánh giá", "Đạt năm 2024 (dự kiến)",
    "Phấn đấu đạt năm 2024", "Chưa đạt chỉ tiêu 2.3", "Chờ tỉnh thẩm định",
    _nfd("CHƯA ĐƯỢC TỈNH THẨM ĐỊNH"), "Chua duoc tinh tham dinh",
])
def test_b05_a_remark_taking_the_mark_back_leaves_the_criterion_unread(tmp_path, remark):
    """`Đạt | Chưa được tỉnh thẩm định` (or not met, withdrawn, only proposed, planned) in
    Ghi chú: a person reads a mark of met and a remark saying otherwise, and cannot tell which
    holds. The criterion is neither met nor not met, an error at the remark quoting both
    cells; the other criteria are read."""
    body = [[*row, remark if i == 2 else None] for i, row in enumerate(_criteria())]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, header=REMARKED)))
    marks = _marks(result)
    assert marks["H3"] == "unparseable"
    assert marks["H1"] == "met" and marks["H9"] == "not_met"
    errors = _flags(result, "UNPARSEABLE_VALUE", "error")
    assert len(errors) == 1
    assert errors[0]["row_number"] == 6 and errors[0]["column_name"] == "D (Ghi chú)"
    said = unicodedata.normalize("NFC", remark)
    assert "'Đạt'" in errors[0]["message"] and said in errors[0]["message"]
    assert errors[0]["raw_value"] == said


@pytest.mark.parametrize("remark", [
    "Đạt năm 2020", "Duy trì", "QĐ số 123/QĐ-UBND ngày 20/12/2022", "Đạt từ năm 2020",
    "Tỉnh đã thẩm định", "Không bị thu hồi", "Công nhận lại năm 2023",
])
def test_b05_a_remark_agreeing_with_the_mark_leaves_it_read(tmp_path, remark):
    """A remark that agrees or says nothing of the mark (`Đạt năm 2020`, `Duy trì`, a
    decision's number, `Không bị thu hồi`) beside `Đạt`: met, as before, without a flag; and
    a remark of not met beside a mark of not met agrees."""
    body = [[*row, remark if i == 2 else "Chưa đạt" if i == 6 else None]
            for i, row in enumerate(_criteria(["Đạt"] * 5 + ["Chưa đạt"] * 4))]
    result = _read(tmp_path, district_sheets(2023, B05=_b05(body, header=REMARKED)))
    assert _marks(result)["H3"] == "met" and _marks(result)["H7"] == "not_met"
    assert not _flags(result, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- parts of a criterion

PARTS = ["Y tế", "Văn hóa", "Giáo dục"]


def _parted(bullets: list[str], marks: list, *, in_name: bool = False,
            own: str | None = None) -> OfficeSheet:
    """B05 with criterion 5 over three rows of its parts, bulleted in the numbering column
    (or before the name)."""
    body: list[list] = []
    for i in range(9):
        body.append([str(i + 1), NAMES[i], own if i == 4 else "Đạt"])
        if i == 4:
            body += [[None, f"{b} {n}", m] if in_name else [b, n, m]
                     for b, n, m in zip(bullets, PARTS, marks, strict=True)]
    return _b05(body, header=["TT", "Tên tiêu chí", "Kết quả"])


@pytest.mark.parametrize(("bullets", "in_name"), [
    (["a)", "b)", "c)"], False), (["-", "-", "-"], False), (["+", "+", "+"], False),
    (["a.", "b.", "c."], False), (["-", "-", "-"], True), (["a)", "b)", "c)"], True),
    (["5.1", "5.2", "5.3"], False),
])
def test_b05_a_blank_criterion_over_bulleted_parts_all_met_is_not_read_as_not_met(
        tmp_path, bullets, in_name):
    """Criterion 5 left blank over its parts `a) Y tế | Đạt`, `- Văn hóa | Đạt`, `+ Giáo dục`
    (bulleted in the numbering column or before the name), as over parts numbered `5.1`: a
    person cannot tell from its parts all met whether the criterion is met. It is neither
    met nor not met, an error at the criterion; the parts are notes, not criteria of their
    own."""
    sheet = _parted(bullets, ["Đạt"] * 3, in_name=in_name)
    result = _read(tmp_path, district_sheets(2023, B05=sheet))
    marks = _marks(result)
    assert marks == {**{f"H{i + 1}": "met" for i in range(9)}, "H5": "unparseable"}
    assert len(result.tables["b05_district_criteria"]) == 9
    errors = _flags(result, "UNPARSEABLE_VALUE", "error")
    assert [e["row_number"] for e in errors] == [8]
    kept = {u["row_number"] for u in result.tables["unmapped_cells"]
            if u["sheet"] == "B05_TieuChiHuyen"}
    assert {9, 10, 11} <= kept


def test_b05_bulleted_parts_read_as_a_person_reads_them(tmp_path):
    """A part not met makes the blank criterion not met; a criterion with its own mark is
    read from it, its parts notes; criteria bulleted alike (`- | Quy hoạch`) are criteria."""
    result = _read(tmp_path, district_sheets(2023, B05=_parted(
        ["a)", "b)", "c)"], ["Đạt", "Chưa đạt", "Đạt"])))
    assert _marks(result)["H5"] == "not_met"
    assert not _flags(result, "UNPARSEABLE_VALUE", "error")
    result = _read(tmp_path, district_sheets(2023, B05=_parted(
        ["-", "-", "-"], ["Đạt"] * 3, own="Đạt")), "2023/own.xlsx")
    assert _marks(result)["H5"] == "met" and len(result.tables["b05_district_criteria"]) == 9
    dashed = _b05([["-", NAMES[i], MARKS[i]] for i in range(9)],
                  header=["TT", "Tên tiêu chí", "Kết quả"])
    result = _read(tmp_path, district_sheets(2023, B05=dashed), "2023/dashed.xlsx")
    assert _marks(result) == {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}


# --------------------------------------------------------------------------- past recognition


@pytest.mark.parametrize("title", [
    "BIỂU 05: KẾT QUẢ DUY TRÌ TIÊU CHÍ HUYỆN NTM (Huyện đã được công nhận đạt chuẩn NTM năm "
    "2020 tại QĐ số 123/QĐ-TTg)",
    _nfd("BIỂU 05: TIÊU CHÍ HUYỆN NTM - HUYỆN LỘC BÌNH ĐÃ ĐẠT CHUẨN NTM NĂM 2020"),
    "BIEU 05: TIEU CHI HUYEN NTM (Huyen da duoc Thu tuong Chinh phu cong nhan dat chuan NTM "
    "nam 2020)",
    "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM NĂM 2023 (Huyện đã được công nhận đạt "
    "chuẩn NTM năm 2020)",
])
def test_b05_titled_with_the_districts_past_recognition_is_the_years(tmp_path, title):
    """A 2023 report's B05 titled `… (Huyện đã được công nhận đạt chuẩn NTM năm 2020 tại QĐ
    số 123/QĐ-TTg)`: a person reads the year the district was recognised, not the year of
    the figures. The sheet is read as the year's, and the file is not refused for a title
    naming another year."""
    result = _read(tmp_path, district_sheets(2023, B05=_b05(_criteria(), title=title)))
    assert result.reject_reason is None
    assert _marks(result) == {f"H{i + 1}": "met" if i < 4 else "not_met" for i in range(9)}
    assert not _flags(result, "SHEET_LAYOUT")


@pytest.mark.parametrize("title", [
    "BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NTM NĂM 2022",
    "BIỂU 05: KẾT QUẢ XÉT CÔNG NHẬN HUYỆN ĐẠT CHUẨN NTM NĂM 2022",
    "BIỂU 05: TIÊU CHÍ HUYỆN NTM ĐÃ ĐẠT CHUẨN NĂM 2022",
])
def test_b05_titled_as_another_year_is_still_refused(tmp_path, title):
    """A title naming another year as the figures' (`… NĂM 2022`, the district's recognition
    considered in 2022, criteria reached in 2022) beside a B04 titled for 2023: still another
    year's copy, refused with an error as before."""
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Thực hiện", "Kế hoạch năm sau"],
                       [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]],
                       "BIỂU 04: KẾT QUẢ THỰC HIỆN NĂM 2023")
    result = _read(tmp_path, district_sheets(2023, B04=b04, B05=_b05(_criteria(), title=title)))
    assert result.reject_reason is None and _marks(result) == {}
    errors = _flags(result, "SHEET_LAYOUT", "error")
    assert len(errors) == 1 and "another year's copy of B05" in errors[0]["message"]
