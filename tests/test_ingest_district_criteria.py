"""B05 (the district's own criteria H1-H9) and ThongTin as district offices make them.

Each test builds the workbook a district office would send and checks what a person reading
it would read, or that a figure not fully understood is kept out with a flag at its cell.
"""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin
from tests.test_ingest_office import _flags, _read, _status

NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
         "Y tế - Văn hóa - Giáo dục", "Kinh tế", "Môi trường", "Chất lượng môi trường sống",
         "Hệ thống chính trị - An ninh trật tự - Hành chính công"]


def _b05(header: list[str], body: list[list[object]]) -> OfficeSheet:
    return simple_sheet("B05_TieuChiHuyen", header, body,
                        title="BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI")


def _criteria(result) -> list[tuple[str | None, str]]:
    return [(r["criterion_code"], r["mark"]) for r in result.tables["b05_district_criteria"]]


def _errors(result) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error"]


# --------------------------------------------------------------- the province's appraisal


@pytest.mark.parametrize(("own", "appraised", "appraisal_first"), [
    ("Huyện tự đánh giá", "Tỉnh thẩm định", False),
    ("Kết quả tự đánh giá", "Kết quả thẩm định", False),
    ("Huyện tự đánh giá", "Kết quả thẩm định của tỉnh", True),
    ("Kết quả huyện tự đánh giá", "Đánh giá của tỉnh (Đạt/Chưa đạt)", False),
])
def test_b05_with_the_districts_assessment_beside_the_provinces_appraisal_reads_the_appraisal(
        tmp_path, own, appraised, appraisal_first):
    # H1-H3 confirmed, H4 met by the district's word but not by the province's, H5-H6 not
    # met by either, H7-H8 met by the district, not yet appraised; H9 blank in both.
    marks = [("Đạt", "Đạt"), ("x", "Đạt"), ("Đạt", "x"), ("Đạt", "Chưa đạt"),
             ("Chưa đạt", "Chưa đạt"), ("Chưa đạt", None), ("Đạt", None), ("√", None),
             (None, None)]
    header = ["Mã tiêu chí", "Tên tiêu chí", own, appraised]
    body = [[f"H{i}", name, mine, theirs] for i, (name, (mine, theirs))
            in enumerate(zip(NAMES, marks, strict=True), 1)]
    if appraisal_first:
        header[2:] = header[:1:-1]
        body = [[*row[:2], row[3], row[2]] for row in body]
    result = _read(tmp_path, district_sheets(B05=_b05(header, body)))
    assert _status(result, "B05")["status"] == "read"
    assert _criteria(result) == [
        ("H1", "met"), ("H2", "met"), ("H3", "met"), ("H4", "not_met"), ("H5", "not_met"),
        ("H6", "not_met"), ("H7", "unparseable"), ("H8", "unparseable"), ("H9", "not_met")]
    appraisal = "C" if appraisal_first else "D"
    assert [(f["check_code"], f["row_number"], f["column_name"][0])
            for f in _errors(result)] == [
        ("UNPARSEABLE_VALUE", 10, appraisal), ("UNPARSEABLE_VALUE", 11, appraisal)]
    assert "'Đạt'" in _errors(result)[0]["message"]
    # The district's own column is said to be passed over, and its cells are kept.
    assert [f["column_name"][0] for f in _flags(result, "UNKNOWN_COLUMN")] == [
        "D" if appraisal_first else "C"]
    kept = {c["value"] for c in result.tables["unmapped_cells"] if c["row_number"] == 7}
    assert "Đạt" in kept


def test_b05_under_a_group_over_the_districts_and_the_provinces_results(tmp_path):
    sheet = OfficeSheet("B05_TieuChiHuyen", [
        ["BIỂU 05: KẾT QUẢ THỰC HIỆN TIÊU CHÍ HUYỆN NÔNG THÔN MỚI"], [],
        ["Mã tiêu chí", "Tên tiêu chí", "Kết quả đánh giá", None],
        [None, None, "Huyện tự đánh giá", "Tỉnh thẩm định"],
        *[[f"H{i}", name, "Đạt", "Đạt" if i < 5 else "Chưa đạt"]
          for i, name in enumerate(NAMES, 1)]],
        merges=[(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3)])
    result = _read(tmp_path, district_sheets(B05=sheet))
    assert _criteria(result) == [(f"H{i}", "met" if i < 5 else "not_met") for i in range(1, 10)]
    assert not _errors(result)


@pytest.mark.parametrize("header", ["Huyện tự đánh giá", "Tỉnh thẩm định",
                                    "Kết quả thẩm định"])
def test_b05_with_one_assessment_column_reads_it(tmp_path, header):
    body = [[f"H{i}", name, "Đạt" if i < 4 else "Chưa đạt"] for i, name in enumerate(NAMES, 1)]
    result = _read(tmp_path, district_sheets(B05=_b05(["Mã tiêu chí", "Tên tiêu chí", header],
                                                      body)))
    assert _criteria(result) == [(f"H{i}", "met" if i < 4 else "not_met") for i in range(1, 10)]
    assert not _errors(result)


def test_b05_with_two_result_columns_neither_an_appraisal_still_feeds_nothing(tmp_path):
    body = [[f"H{i}", name, "Đạt", "Chưa đạt"] for i, name in enumerate(NAMES, 1)]
    result = _read(tmp_path, district_sheets(B05=_b05(
        ["Mã tiêu chí", "Tên tiêu chí", "Kết quả", "Đánh giá"], body)))
    assert _status(result, "B05")["status"] == "unusable"
    assert "b05_district_criteria" not in result.tables


# --------------------------------------------------------------- criteria split into indicators


def _split_h2(first: object, second: object, parent: object = None) -> list[list[object]]:
    body = [[i, f"{i}. {name}", "Đạt"] for i, name in enumerate(NAMES, 1)]
    body[1][2] = parent
    body[2:2] = [["2.1", "Hệ thống giao thông trên địa bàn huyện", first],
                 [None, "2.2. Bến xe khách tại trung tâm huyện", second]]
    return body


def test_b05_a_criterion_split_into_indicators_all_marked_met_is_not_read_as_not_met(tmp_path):
    result = _read(tmp_path, district_sheets(B05=_b05(
        ["STT", "Tên tiêu chí", "Kết quả"], _split_h2("Đạt", "x"))))
    assert _criteria(result)[:3] == [("H1", "met"), ("H2", "unparseable"), ("H3", "met")]
    [error] = _errors(result)
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 5)
    assert "6 'Đạt'" in error["message"] and "7 'x'" in error["message"]


@pytest.mark.parametrize(("first", "second", "parent", "h2"), [
    ("Đạt", "Chưa đạt", None, "not_met"),  # an indicator not met: the criterion is not
    ("Đạt", "Đạt", "Đạt", "met"),  # the criterion's own mark is read
    ("Đạt", "Đạt", "Chưa đạt", "not_met"),
    (None, None, None, "not_met"),  # nothing marked anywhere: blank is not met
])
def test_b05_a_criterion_split_into_indicators_read_as_a_person_reads_it(
        tmp_path, first, second, parent, h2):
    result = _read(tmp_path, district_sheets(B05=_b05(
        ["STT", "Tên tiêu chí", "Kết quả"], _split_h2(first, second, parent))))
    assert _criteria(result)[:3] == [("H1", "met"), ("H2", h2), ("H3", "met")]
    assert not _errors(result)


# --------------------------------------------------------------- ThongTin: which unit sent it


def _thongtin(**values: object) -> OfficeSheet:
    """The office's ThongTin with some keys' values replaced (None: blank), or their rows
    left out (``...``)."""
    info = thongtin(2023)
    for key, value in values.items():
        row = next(r for r in info.rows if r[:1] == [key])
        if value is ...:
            info.rows.remove(row)
        else:
            row[1] = value
    return info


@pytest.mark.parametrize(("values", "row", "other"), [
    ({"Tên huyện": "Huyện Đình Lập"}, 7, "189"),  # a neighbour's name beside Lộc Bình's code
    ({"Tên huyện": "Cao Lộc"}, 7, "183"),
    ({"Mã huyện": "188 - Huyện Đình Lập", "Tên huyện": ...}, 6, "189"),
    ({"Mã huyện": "188 - Huyện Đình Lập"}, 6, "189"),
    ({"Tên tỉnh": "Cao Bằng"}, 5, "04"),  # beside Lạng Sơn's 20
])
def test_thongtin_naming_another_unit_than_its_code_is_read_by_the_code_with_a_warning(
        tmp_path, values, row, other):
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**values)))
    identity = result.identity
    assert (identity.province_code, identity.district_code) == ("20", "188")
    [flag] = [f for f in result.flags if f["sheet"] == "ThongTin"]
    assert (flag["check_code"], flag["severity"], flag["row_number"]) == (
        "UNPARSEABLE_VALUE", "warning", row)
    assert f"is {other} on the map of 2023" in flag["message"]


@pytest.mark.parametrize("values", [
    {"Tên huyện": "189 - Huyện Lộc Bình"},  # two codes: 188 under Mã huyện, 189 here
    {"Mã huyện": 188, "Tên huyện": "189 - Lộc Bình"},
    {"Tên tỉnh": "04 - Lạng Sơn"},
])
def test_thongtin_giving_two_codes_of_the_unit_is_rejected(tmp_path, values):
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**values)))
    assert result.identity is None
    assert "which unit sent the file cannot be told" in result.reject_reason


@pytest.mark.parametrize("values", [
    {},
    {"Tên huyện": "Lộc Bình"}, {"Tên huyện": "H. Lộc Bình"}, {"Tên huyện": "UBND huyện Lộc Bình"},
    {"Tên tỉnh": "Tỉnh Lạng Sơn"}, {"Tên tỉnh": "LẠNG SƠN"},
    {"Mã huyện": "188 - Huyện Lộc Bình"}, {"Mã huyện": "188 - Lộc Bình", "Tên huyện": ...},
    {"Mã huyện": None, "Tên huyện": "188 - Huyện Lộc Bình"},
    {"Tên huyện": "Huyện Lộc Bình (cũ)"},  # a name no unit has: no evidence against the code
])
def test_thongtin_whose_code_and_name_agree_or_whose_name_is_not_a_units_is_read(
        tmp_path, values):
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**values)))
    assert result.reject_reason is None
    identity = result.identity
    assert (identity.province_code, identity.district_code, identity.year) == ("20", "188", 2023)
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize(("value", "revision"), [
    ("lần thứ hai", 2), ("Lần thứ ba", 3), ("Lần thứ nhất", 1), ("Bổ sung lần thứ nhất", 2),
    # the first sending said so, and numbers in Roman numerals (before, each was revision 1
    # with a warning, and `II` claimed the first sending's number)
    ("Lần đầu", 1), ("Gửi lần đầu tiên", 1), ("II", 2), ("Lần III", 3), ("lần thứ IV", 4),
])
def test_thongtin_revision_spelled_in_words(tmp_path, value, revision):
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**{"Lần gửi": value})))
    assert result.identity.revision == revision
    assert not [f for f in result.flags if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize("level", ["District", "district level", "Cấp huyện", "UBND huyện"])
def test_thongtin_level_in_english_or_with_words_around_it(tmp_path, level):
    """`District` (a form translated for a donor's project) is the district's level; before,
    the file was rejected."""
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**{"Cấp báo cáo": level})))
    assert result.reject_reason is None and result.identity.level == "district"


@pytest.mark.parametrize(("key", "revision"), [("Lần gửi thứ hai", 2), ("Lần gửi thứ ba", 3),
                                               ("Lần gửi thứ mấy", 1)])
def test_thongtin_revision_key_spelling_its_number_alone(tmp_path, key, revision):
    info = _thongtin(**{"Lần gửi": ...})
    info.rows.append([key, None])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity.revision == revision
    assert bool([f for f in result.flags if f["sheet"] == "ThongTin"]) == (revision == 1)


@pytest.mark.parametrize("value", ["lần thứ hai mươi", "Lần 2 năm 2024", "năm 2024",
                                   "Chính thức", "IIV"])
def test_thongtin_revision_words_that_are_no_number_stay_flagged(tmp_path, value):
    result = _read(tmp_path, district_sheets(ThongTin=_thongtin(**{"Lần gửi": value})))
    assert result.identity.revision == 1
    [flag] = [f for f in result.flags if f["sheet"] == "ThongTin"]
    assert (flag["check_code"], flag["severity"]) == ("UNPARSEABLE_VALUE", "warning")


# --------------------------------------------------------------- `Đạt | Chưa đạt` columns


def test_b05_ticked_in_a_met_and_a_not_met_column_is_read_from_the_one_ticked(tmp_path):
    marks = [("x", None), (None, "x"), ("x", "x"), (None, None), ("Đạt", "-"), ("√", "x")]
    body = [[f"H{i}", name, *pair]
            for i, (name, pair) in enumerate(zip(NAMES[:6], marks, strict=True), 1)]
    result = _read(tmp_path, district_sheets(B05=_b05(
        ["Mã tiêu chí", "Tên tiêu chí", "Đạt", "Chưa đạt"], body)))
    assert _criteria(result) == [("H1", "met"), ("H2", "not_met"), ("H3", "unparseable"),
                                 ("H4", "not_met"), ("H5", "met"), ("H6", "unparseable")]
    assert [(f["row_number"], f["column_name"][0]) for f in _errors(result)] == [
        (6, "D"), (9, "D")]
