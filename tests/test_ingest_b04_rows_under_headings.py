"""B04 (and B06) rows known by their name alone, listed under a heading that narrows what
they count: a part of the unit (``Hộ nghèo dân tộc thiểu số`` over ``Tỷ lệ hộ nghèo``) or a
level above NTM (``Xã đạt chuẩn NTM nâng cao`` over ``Số xã đạt chuẩn mới trong năm``). A
person reads the heading into the row; the row was read as the whole unit's indicator, with a
warning only."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import district_sheets
from tests.test_ingest_office import _b04, _b06, _flags, _read

_HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
_CODED = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
          "Kế hoạch năm sau"]


def _rows(result) -> dict[int, tuple]:
    return {r["row_number"]: (r["indicator_code"], r["actual"])
            for r in result.tables["b04_targets"]}


def _errors(result, row: int) -> list[dict]:
    return [f for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["severity"] == "error" and f["row_number"] == row]


@pytest.mark.parametrize(("heading", "child"), [
    ("Xã đạt chuẩn NTM nâng cao", "Số xã đạt chuẩn mới trong năm"),
    ("Xã đạt chuẩn NTM nâng cao", "Trong đó: số xã đạt chuẩn mới"),
    ("XÃ NÔNG THÔN MỚI NÂNG CAO", "- Số xã được công nhận đạt chuẩn trong năm"),
    ("Xây dựng xã NTM nâng cao", "Số xã đạt chuẩn NTM mới"),
    ("Xã NTM kiểu mẫu", "Số xã đạt chuẩn mới"),
    ("Nông thôn mới nâng cao:", "+ Số xã đạt chuẩn mới"),
    (unicodedata.normalize("NFD", "XÃ NTM NÂNG CAO"), "Số xã đạt chuẩn mới"),
    ("Xa dat chuan NTM nang cao", "So xa dat chuan moi trong nam"),
])
def test_b04_new_communes_under_a_level_heading_are_not_the_ntm_ones(tmp_path, heading,
                                                                     child):
    """`1 | Xã đạt chuẩn NTM nâng cao` (no figures), then `| Số xã đạt chuẩn mới trong
    năm | xã | 1 | 1 | 2`: a person reads the advanced-NTM communes recognised in the year.
    It was stored as XA_DAT_CHUAN_MOI (the NTM communes) with a warning; now no indicator is
    read and an error at the row names the heading. The rows numbered beside the heading
    (`2 | Tỷ lệ hộ nghèo`) are not under it and are read as before."""
    body = [["1", heading, None, None, None, None],
            ["", child, "xã", 1, 1, 2],
            ["2", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["3", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", 45, 46.5, 50]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    rows = _rows(result)
    assert rows[4][0] is None
    assert "XA_DAT_CHUAN_MOI" not in [code for code, _ in rows.values()]
    (error,) = _errors(result, 4)
    assert "heading" in error["message"] and "XA_DAT_CHUAN_MOI" in error["message"]
    assert error["column_name"].startswith("B")
    assert rows[5] == ("TY_LE_HO_NGHEO", 4.8) and rows[6] == ("THU_NHAP_BQ", 46.5)


def test_b04_a_level_heading_with_a_code_column_whose_child_code_is_blank(tmp_path):
    """`Mã chỉ tiêu` numbered `1`, `2`, `3`, the heading `Xã đạt chuẩn NTM nâng cao` at `1`
    and its child's code blank: the child is not read as XA_DAT_CHUAN_MOI; rows `2`, `3` are
    read by name as before."""
    body = [["1", "Xã đạt chuẩn NTM nâng cao", None, None, None, None],
            ["", "Số xã đạt chuẩn mới trong năm", "xã", 1, 1, 2],
            ["2", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["3", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", 45, 46.5, 50]]
    result = _read(tmp_path, district_sheets(B04=_b04(_CODED, body)))
    rows = _rows(result)
    assert rows[4][0] is None and _errors(result, 4)
    assert rows[5] == ("TY_LE_HO_NGHEO", 4.8) and rows[6] == ("THU_NHAP_BQ", 46.5)


@pytest.mark.parametrize(("heading", "child", "unit", "figure"), [
    ("Hộ nghèo dân tộc thiểu số", "Tỷ lệ hộ nghèo", "%", 8.5),
    ("Các xã đặc biệt khó khăn", "Tỷ lệ hộ nghèo", "%", 8.5),
    ("Khu vực miền núi", "Tỷ lệ hộ nghèo", "%", 8.5),
    ("Các xã biên giới", "Thu nhập bình quân đầu người", "triệu đồng/người/năm", 32),
    ("Đồng bào dân tộc thiểu số", "Thu nhập bình quân đầu người", "triệu đồng/người/năm",
     32),
    ("Thôn, bản vùng đặc biệt khó khăn", "Tỷ lệ hộ dùng nước sạch", "%", 8.5),
    ("Lao động nữ", "Tỷ lệ lao động qua đào tạo", "%", 8.5),
    ("Trẻ em dưới 6 tuổi", "Tỷ lệ người dân tham gia BHYT", "%", 100),
    (unicodedata.normalize("NFD", "CÁC XÃ BIÊN GIỚI"), "Tỷ lệ hộ nghèo", "%", 8.5),
    ("Cac xa dac biet kho khan", "Ty le ho ngheo", "%", 8.5),
])
def test_b04_an_indicator_under_a_heading_naming_a_part_of_the_unit(tmp_path, heading, child,
                                                                    unit, figure):
    """`2 | Hộ nghèo dân tộc thiểu số` (no figures), then `- | Tỷ lệ hộ nghèo | % | 9 | 8,5`:
    a person reads the poor share among ethnic-minority households, not the district's. It
    was stored as TY_LE_HO_NGHEO; now it is read as no indicator, with an error naming the
    heading. The coded-by-name row above the heading is read as before."""
    body = [["1", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3],
            ["2", heading, None, None, None, None],
            ["-", child, unit, figure, figure, figure]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    rows = _rows(result)
    assert rows[3] == ("XA_DAT_CHUAN_MOI", 2.0)
    assert rows[5][0] is None
    (error,) = _errors(result, 5)
    assert "heading" in error["message"]


@pytest.mark.parametrize("heading", [
    "I. Chỉ tiêu kinh tế", "II. CHỈ TIÊU XÃ HỘI", "Nông thôn mới", "Xây dựng NTM",
    "Chỉ tiêu chủ yếu", unicodedata.normalize("NFD", "II. CHỈ TIÊU XÃ HỘI"),
    "Không kể các xã biên giới",
])
def test_b04_rows_under_a_heading_of_their_own_group_are_read_as_before(tmp_path, heading):
    """`I. Chỉ tiêu kinh tế` over `1 | Tỷ lệ hộ nghèo` and `2 | Số xã đạt chuẩn NTM mới`: the
    heading names the indicators' own group (or what it leaves out), and the rows are the
    district's: read by their names, as before."""
    body = [["", heading, None, None, None, None],
            ["1", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["2", "Số xã đạt chuẩn NTM mới", "xã", 2, 2, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    rows = _rows(result)
    assert rows[4] == ("TY_LE_HO_NGHEO", 4.8) and rows[5] == ("XA_DAT_CHUAN_MOI", 2.0)
    assert not _errors(result, 4) and not _errors(result, 5)


def test_b04_a_row_naming_the_level_itself_is_read_under_its_heading(tmp_path):
    """`Xã NTM nâng cao` over `Số xã đạt chuẩn NTM nâng cao mới`: the row names the level
    the heading does; a person reads XA_NANG_CAO_MOI, as before."""
    body = [["1", "Xã NTM nâng cao", None, None, None, None],
            ["-", "Số xã đạt chuẩn NTM nâng cao mới", "xã", 1, 1, 2]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    assert _rows(result)[4] == ("XA_NANG_CAO_MOI", 1.0)
    assert not _errors(result, 4)


def test_b04_a_row_with_its_own_code_under_a_narrowing_heading_is_read_by_its_code(tmp_path):
    """`Các xã biên giới` over `TY_LE_HO_NGHEO | Tỷ lệ hộ nghèo`: the row's own code says what
    it holds; read by the code, as before."""
    body = [["", "Các xã biên giới", None, None, None, None],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(_CODED, body)))
    assert _rows(result)[4] == ("TY_LE_HO_NGHEO", 4.8)
    assert not _errors(result, 4)


def test_b04_a_heading_holds_up_to_the_next_heading(tmp_path):
    """`Hộ nghèo dân tộc thiểu số` over `- Tỷ lệ hộ nghèo`, then the heading `Chỉ tiêu
    chung` over `- Tỷ lệ hộ nghèo`: the first row is the ethnic-minority households' (not
    read, an error), the second the district's (read)."""
    body = [["1", "Hộ nghèo dân tộc thiểu số", None, None, None, None],
            ["-", "Tỷ lệ hộ nghèo", "%", 9, 8.5, 8],
            ["2", "Chỉ tiêu chung", None, None, None, None],
            ["-", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    rows = _rows(result)
    assert rows[4][0] is None and _errors(result, 4)
    assert rows[6] == ("TY_LE_HO_NGHEO", 4.8) and not _errors(result, 6)


def test_b06_new_communes_under_a_level_heading(tmp_path):
    """B06 `Nông thôn mới nâng cao:` over `Số xã đạt chuẩn NTM mới` (by name): a person reads the
    advanced communes of the year, not SO_XA_DAT_CHUAN_MOI; the row under `Nông thôn mới`
    is read as before."""
    body = [["", "Nông thôn mới", None],
            ["", "Số xã đạt chuẩn NTM mới", 3],
            ["", "Nông thôn mới nâng cao:", None],
            ["", "Số xã đạt chuẩn NTM mới", 1]]
    result = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
                                                      body)))
    rows = {r["row_number"]: (r["indicator_code"], r["value"])
            for r in result.tables["b06_aggregates"]}
    codes = [code for code, _ in rows.values()]
    assert codes.count("SO_XA_DAT_CHUAN_MOI") == 1
    assert rows[4] == ("SO_XA_DAT_CHUAN_MOI", 3.0) and rows[6][0] is None
    assert [f for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["severity"] == "error" and "nâng cao" in f["message"]]
