"""B03 (OCOP products) as offices fill it: ratings, communes, dates and the rows around the
products, read as a person reads them (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin
from tests.test_ingest_office import _flags, _read, _status

_HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm", "Số sao",
           "Ngày công nhận", "Số quyết định", "Cấp công nhận"]
_JUNE = dt.date(2023, 6, 15)


def _product(n: int, name: str, **cells: object) -> list[object]:
    """A product's row of ``_HEADER``: 3 stars of 15 June 2023 in commune 06532 unless
    ``cells`` (by field: commune, group, stars, date, decision) say otherwise."""
    given = {"commune": "06532", "group": 1, "stars": 3, "date": _JUNE,
             "decision": "123/QĐ-UBND", **cells}
    return [n, name, "HTX Nông sản Lộc Bình", given["commune"], given["group"], given["stars"],
            given["date"], given["decision"], "Huyện"]


def _b03(body: list[list[object]], header: list[str] = _HEADER) -> OfficeSheet:
    return simple_sheet("B03_OCOP", header, body, title="BIỂU 03: SẢN PHẨM OCOP NĂM 2023")


def _b03_flags(result: FileResult, code: str) -> list[tuple[int, str | None, str]]:
    return [(f["row_number"], f["column_name"], f["severity"]) for f in _flags(result, code)
            if f["sheet"] == "B03_OCOP"]


def _notes(result: FileResult) -> set[str]:
    return {c["value"] for c in result.tables["unmapped_cells"]
            if c["sheet"] == "B03_OCOP" and c["row_kind"] == "note"}


# --------------------------------------------------------------------------- groups


def test_b03_products_under_headings_naming_their_group_and_its_subtotal_are_read(tmp_path):
    """`I. Thực phẩm` (or `I | Thực phẩm`, `1 | Lưu niệm - nội thất - trang trí`, `III |
    Thảo dược` with the group's number under Nhóm sản phẩm) alone on its row heads the
    products of that group; `Cộng I` closes it. Each was read as a product without a rating
    (an error, and the unit's OCOP counts were then left out). They are notes now; a product
    named after a group with its rating, or named by more words, is a product."""
    body = [["I", "Thực phẩm"],
            _product(1, "Hồi Lạng Sơn"), _product(2, "Thực phẩm chức năng Mẫu Sơn", stars=4),
            [None, "Cộng I", None, None, None, 2],
            [None, "II. Đồ uống"], _product(3, "Rượu Mẫu Sơn", group=2),
            ["", "Cộng mục II"],
            ["III", "Thảo dược", None, None, 3], _product(4, "Thảo dược", group=3, stars=4),
            ["1", "Lưu niệm - nội thất - trang trí"], _product(5, "Trà thảo dược Lộc Bình"),
            [6, "Sản phẩm đồ uống thảo mộc"],
            [None, "Cộng A"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["row_number"], r["product_name"], r["stars"])
            for r in result.tables["b03_ocop"]] == [
        (5, "Hồi Lạng Sơn", 3), (6, "Thực phẩm chức năng Mẫu Sơn", 4), (9, "Rượu Mẫu Sơn", 3),
        (12, "Thảo dược", 4), (14, "Trà thảo dược Lộc Bình", 3),
        (15, "Sản phẩm đồ uống thảo mộc", None)]
    assert {"Thực phẩm", "Cộng I", "II. Đồ uống", "Cộng mục II", "Thảo dược",
            "Lưu niệm - nội thất - trang trí", "Cộng A"} <= _notes(result)
    assert _status(result, "B03")["data_rows"] == 6
    assert not [f for f in result.flags if f["sheet"] == "B03_OCOP" and f["severity"] != "info"]


def test_b03_products_without_their_group_take_the_group_of_their_heading(tmp_path):
    """Nhóm sản phẩm left blank under `I. Thực phẩm`, `Nhóm 2: Đồ uống`, `Sản phẩm lưu niệm,
    nội thất, trang trí`: a person reads the heading's group (before, none). A product's
    own group is kept; the heading holds down to the next row that is no product (a
    subtotal, a commune's heading, `Sản phẩm 4 sao`), never past it."""
    body = [["I", "Thực phẩm"], _product(1, "Hồi", group=None), _product(2, "Trà", group=2),
            [None, "Cộng", None, None, None, 2], _product(3, "Đào", group=None),
            [None, "Nhóm 2: Đồ uống"], _product(4, "Rượu", group=None),
            [None, "Xã Mẫu Sơn"], _product(5, "Chè", group=None),
            ["V.", "Sản phẩm lưu niệm, nội thất, trang trí"], _product(6, "Mây tre", group=None),
            [None, "Sản phẩm 4 sao"], _product(7, "Gối", group=None)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["product_name"], r["product_group"], r["product_group_text"])
            for r in result.tables["b03_ocop"]] == [
        ("Hồi", 1, "Thực phẩm"), ("Trà", 2, "2"), ("Đào", None, None), ("Rượu", 2, "Đồ uống"),
        ("Chè", None, None), ("Mây tre", 5, "Lưu niệm - nội thất - trang trí"),
        ("Gối", None, None)]
    (flag,) = _flags(result, "SHEET_LAYOUT")
    assert (flag["severity"], flag["sheet"]) == ("info", "B03_OCOP")
    assert "3 products" in flag["message"] and "rows 5, 10, 14" in flag["message"]


def test_b03_a_commune_named_cong_is_no_subtotal(tmp_path):
    """`Cộng` followed by a Roman number alone closes a group; a name that starts with the
    word is read as before (`Cộng Hòa` is a commune, `Cộng 3` a total by formula)."""
    body = [_product(1, "Chè Cộng Hòa"), [None, "Cộng Hòa", None, "06532", 1, 3, _JUNE]]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["product_name"] for r in result.tables["b03_ocop"]] == ["Chè Cộng Hòa", "Cộng Hòa"]


# --------------------------------------------------------------------------- dates


def test_b03_a_blank_date_is_read_from_the_dated_decision(tmp_path):
    """`Ngày công nhận` left blank beside `Số 123/QĐ-UBND ngày 15/6/2023`: a person reads the
    date in the decision (before, the row had no date, and the unit's OCOP counts were left
    out). A decision dated in another year than the date column makes the date unknown, at
    the decision's cell; one of the same year, or without a date, leaves the column's date."""
    body = [_product(1, "Hồi Lạng Sơn", date=None, decision="Số 123/QĐ-UBND ngày 15/6/2023"),
            _product(2, "Rượu Mẫu Sơn", decision="Số 45/QĐ-UBND ngày 15/7/2022"),
            _product(3, "Chè Mẫu Sơn", decision="Số 46/QĐ-UBND ngày 10/6/2023"),
            _product(4, "Đào Mẫu Sơn", date=None, decision="Số 12/2023/QĐ-UBND"),
            _product(5, "Na Chi Lăng", date="06/2023",
                     decision="QĐ 7/QĐ-UBND ngày 2 tháng 6 năm 2023")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["recognized_on"], r["recognized_year"]) for r in result.tables["b03_ocop"]] == [
        (_JUNE, 2023), (None, None), (_JUNE, 2023), (None, None), (None, 2023)]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [(5, "H (Số quyết định)", "error")]
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert "dated 15/07/2022" in flag["message"] and "'2023-06-15'" in flag["message"]
    assert _b03_flags(result, "DATE_PARTIAL") == [(8, "G (Ngày công nhận)", "warning")]


def test_b03_a_decisions_date_is_checked_by_the_year_column(tmp_path):
    """Beside `Năm công nhận`, the date read in the decision is checked as a typed date is."""
    header = [*_HEADER[:6], "Năm công nhận", "Ngày công nhận", "Số quyết định"]
    body = [[1, "Hồi", "HTX", "06532", 1, 3, 2023, None, "Số 1/QĐ-UBND ngày 15/6/2023"],
            [2, "Chè", "HTX", "06532", 1, 3, 2022, None, "Số 2/QĐ-UBND ngày 15/6/2023"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, header)))
    assert [(r["recognized_on"], r["recognized_year"]) for r in result.tables["b03_ocop"]] == [
        (_JUNE, 2023), (None, None)]
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert (flag["row_number"], flag["column_name"]) == (5, "G (Năm công nhận)")
    assert "'Số 2/QĐ-UBND ngày 15/6/2023' in column I (Số quyết định)" in flag["message"]
    assert not _b03_flags(result, "DATE_PARTIAL")


@pytest.mark.parametrize(("typed", "year"), [
    ("Quý II/2023", 2023), ("quý 4 năm 2022", 2022), ("Q3/2023", 2023), ("Quý IV - 2021", 2021),
    ("Quý V/2023", None), ("Quý 2", None)])
def test_b03_a_date_given_by_its_quarter_keeps_its_year(tmp_path, typed, year):
    """`Quý II/2023` tells the year as `06/2023` does (DATE_PARTIAL); before, it was an
    unreadable date. A quarter that does not exist, or without a year, stays unread."""
    result = _read(tmp_path, district_sheets(B03=_b03([_product(1, "Hồi", date=typed)])))
    (row,) = result.tables["b03_ocop"]
    assert (row["recognized_on"], row["recognized_year"]) == (None, year)
    code = "DATE_PARTIAL" if year else "UNPARSEABLE_VALUE"
    assert _b03_flags(result, code) == [(4, "G (Ngày công nhận)",
                                         "warning" if year else "error")]


# --------------------------------------------------------------------------- communes


def test_b03_a_commune_named_where_its_code_goes_is_the_units_commune_so_named(tmp_path):
    """Mã xã holding the commune's name (`Xã Mẫu Sơn`, `Khánh Xuân`, `TT. Na Dương`) is the
    one commune of the district so named on the year's map (UNIT_BY_NAME), and a code with
    its name (`06532 - Mẫu Sơn`, `Yên Khoái (06541)`) the code. Before, each was an
    unreadable code. A code whose name on the map is another, and a name of no commune of the
    district, stay unread, the error saying what to type."""
    typed = ["Xã Mẫu Sơn", "Khánh Xuân", "TT. Na Dương", "06532 - Mẫu Sơn",
             "Yên Khoái (06541)", "06532 - Xã Yên Khoái", "Xã Hữu Lũng", "Phường Mẫu Sơn",
             "06532", 6541]
    body = [_product(k + 1, f"Sản phẩm {k + 1}", commune=c) for k, c in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["commune_code"] for r in result.tables["b03_ocop"]] == [
        "06532", "06544", "06526", "06532", "06541", None, None, None, "06532", "06541"]
    assert _b03_flags(result, "UNIT_BY_NAME") == [
        (4, "D (Mã xã)", "warning"), (5, "D (Mã xã)", "warning"), (6, "D (Mã xã)", "warning")]
    errors = {f["row_number"]: f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")
              if f["sheet"] == "B03_OCOP"}
    assert sorted(errors) == [9, 10, 11]
    assert "06532 is Xã Mẫu Sơn on the map of 2023" in errors[9]
    assert "no commune of district 188 has it" in errors[10]
    assert "type the product's commune code" in errors[11]


def test_b03_a_commune_name_two_communes_of_the_province_share_is_not_guessed(tmp_path):
    """A province's list: `Xã Mẫu Sơn` is a commune of Lộc Bình and one of Cao Lộc. Which is
    meant cannot be told; the error names both."""
    sheets = district_sheets(B03=_b03([_product(1, "Hồi", commune="Xã Mẫu Sơn"),
                                       _product(2, "Chè", commune="Yên Khoái")]))
    sheets[0] = thongtin(level="Tỉnh", district=None)
    result = _read(tmp_path, sheets)
    assert [r["commune_code"] for r in result.tables["b03_ocop"]] == [None, "06541"]
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert flag["row_number"] == 4
    assert "2 communes of province 20" in flag["message"]
    assert "06238 Xã Mẫu Sơn, 06532 Xã Mẫu Sơn" in flag["message"]


# --------------------------------------------------------------------------- ratings


def test_b03_a_product_listed_with_two_ratings_on_one_date_has_neither(tmp_path):
    """`Hồi Lạng Sơn` with 3 stars and again with `4 sao`, both of 15 June 2023: which it
    holds cannot be told (before, the 4 counted at year end without a flag). A product
    re-rated on a later date, listed twice alike, or a namesake of another commune is read
    as before."""
    body = [_product(1, "Hồi Lạng Sơn"), _product(2, "HỒI LẠNG SƠN", stars="4 sao"),
            _product(3, "Chè", date=dt.date(2021, 5, 4)), _product(4, "Chè", stars=4),
            _product(5, "Rượu"), _product(6, "Rượu"),
            _product(7, "Na"), _product(8, "Na", commune="06541", stars=4)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["stars"], r["stars_text"]) for r in result.tables["b03_ocop"]] == [
        (None, "3"), (None, "4 sao"), (3, "3"), (4, "4"), (3, "3"), (3, "3"), (3, "3"),
        (4, "4")]
    flags = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert [(f["row_number"], f["column_name"]) for f in flags] == [
        (4, "F (Số sao)"), (5, "F (Số sao)")]
    assert "(row 4: '3'; row 5: '4 sao')" in flags[0]["message"]


@pytest.mark.parametrize("header", ["Ghi chú", "Tình trạng", "Tình trạng hiệu lực"])
def test_b03_a_certificate_remarked_as_lapsed_is_not_counted(tmp_path, header):
    """A remark saying the certificate no longer holds (`Hết hạn`, `Đã thu hồi giấy chứng
    nhận`, `Hết hiệu lực`) beside its rating: before, the product counted as in force. Its
    rating is not read now, with an error at the remark. A remark saying it still holds, or
    anything else, leaves the rating read."""
    remarks = {"Hết hạn": None, "Đã thu hồi giấy chứng nhận": None, "Hết hiệu lực": None,
               "Còn hiệu lực": 3, "Chưa hết hạn": 3, "Nâng hạng từ 3 sao": 3,
               "Sản phẩm chủ lực của xã": 3, None: 3}
    body = [[*_product(k + 1, f"Sản phẩm {k + 1}"), remark] for k, remark in enumerate(remarks)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, header])))
    assert [(r["stars"], r["stars_text"]) for r in result.tables["b03_ocop"]] == [
        (stars, "3") for stars in remarks.values()]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [
        (row, f"J ({header})", "error") for row in (4, 5, 6)]


def test_b03_ratings_a_person_would_not_guess_stay_unread(tmp_path):
    """Pinning: `3/5` (three of five, or a date), `3.5` (half stars do not exist) and a
    rating Excel turned into a date are not read; `4,0` and a number typed as text are."""
    ratings = {"3/5": None, "4/5 sao": None, "3.5": None, 3.5: None,
               dt.datetime(2023, 5, 3): None, "4,0": 4, "4": 4, "★★★★☆": 4}
    body = [_product(k + 1, f"Sản phẩm {k + 1}", stars=s) for k, s in enumerate(ratings)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == list(ratings.values())
    assert [row for row, _, _ in _b03_flags(result, "UNPARSEABLE_VALUE")] == [4, 5, 6, 7, 8]


@pytest.mark.parametrize("header", ["Kết quả đánh giá", "Kết quả phân hạng sản phẩm",
                                    "Phân hạng sao", "Xếp hạng OCOP", "Hạng OCOP"])
def test_b03_a_rating_headed_as_the_evaluations_result_is_read(tmp_path, header):
    """The rating headed as the result of the evaluation: before, the sheet was not read for
    want of a `Số sao`."""
    body = [_product(1, "Hồi", stars="4 sao"), _product(2, "Chè", stars=3)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER[:5], header,
                                                             *_HEADER[6:]])))
    assert _status(result, "B03")["status"] == "read"
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4, 3]


@pytest.mark.parametrize("header", ["Kết quả đánh giá (điểm)", "Điểm đánh giá", "Tổng điểm"])
def test_b03_a_score_out_of_100_is_never_the_rating(tmp_path, header):
    """The evaluation's score (75 of 100) is no rating: beside `Số sao` it is kept aside;
    alone the sheet gives no rating and is not read (75 stars stored was the risk)."""
    beside = [*_HEADER[:6], header, *_HEADER[6:]]
    body = [[*_product(1, "Hồi", stars=4)[:6], 75, *_product(1, "Hồi")[6:]]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, beside)))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4]
    alone = [*_HEADER[:5], header, *_HEADER[6:]]
    result = _read(tmp_path, district_sheets(B03=_b03([_product(1, "Hồi", stars=75)], alone)),
                   name="2023/alone.xlsx")
    assert "b03_ocop" not in result.tables
    assert "'stars'" in _status(result, "B03")["missing"]
