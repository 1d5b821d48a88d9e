"""B03 rows that may not stand for one product with one rating: counts of products, names
listing several, one name of two producers, products not rated yet or counted in another
year, and the rows counting products up (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import district_sheets
from tests.test_ingest_ocop import _HEADER, _b03, _b03_flags, _notes, _product
from tests.test_ingest_office import _read, _status


def _ratings(result: FileResult) -> dict[int, int | None]:
    return {r["row_number"]: r["stars"] for r in result.tables["b03_ocop"]}


def _errors(result: FileResult) -> dict[int, str | None]:
    return {row: column for row, column, severity in _b03_flags(result, "UNPARSEABLE_VALUE")
            if severity == "error"}


@pytest.mark.parametrize("header", ["Số lượng sản phẩm", "Số SP", "SL",
                                    "Số lượng (SP)", "Số lượng SP được công nhận"])
def test_b03_a_row_counting_several_products_in_a_quantity_column_is_not_read(
        tmp_path, header):
    body = [[*_product(1, "Chè Shan tuyết"), 3], [*_product(2, "Hồi Lạng Sơn"), 1],
            [*_product(3, "Rượu Mẫu Sơn"), "01"], [*_product(4, "Mận Hậu"), None],
            [*_product(5, "Miến dong"), "2 SP"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, header])))
    assert _ratings(result) == {4: None, 5: 3, 6: 3, 7: 3, 8: None}
    assert _errors(result) == {4: f"J ({header})", 8: f"J ({header})"}


@pytest.mark.parametrize("header", ["Sản lượng", "Số lượng (kg)", "Sản lượng (tấn/năm)"])
def test_b03_a_column_of_the_quantity_produced_leaves_the_rating_read(tmp_path, header):
    body = [[*_product(1, "Chè Shan tuyết"), 500], [*_product(2, "Hồi Lạng Sơn"), "1.200"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, header])))
    assert _ratings(result) == {4: 3, 5: 3}
    assert not _errors(result)


def test_b03_a_product_name_stating_or_listing_several_products_is_not_read(tmp_path):
    names = ["Chè Shan tuyết (3 sản phẩm)", "Miến dong (gồm 2 SP)", "Mật ong, Chè, Măng khô",
             "Rượu ngô; rượu men lá", "Bánh chưng + bánh giầy", "Có 15 sản phẩm",
             "Chè xanh và chè đen", "Mật ong & Chè", "Mật ong\nMăng khô", "Chè các loại",
             "Các sản phẩm từ măng"]
    body = [_product(n, name) for n, name in enumerate(names, 1)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == dict.fromkeys(range(4, 15))
    assert _errors(result) == dict.fromkeys(range(4, 15), "B (Tên sản phẩm)")


def test_b03_names_with_commas_or_numbers_that_are_one_product_are_read(tmp_path):
    names = ["Chè Shan tuyết, xã Mẫu Sơn", "Trà hoa vàng, túi lọc", "Rượu ngô 29,5 độ",
             "Gạo ST25", "Chè 1 tôm 2 lá", "Mật ong (1 sản phẩm)", "Hộp quà, 500g",
             "Mắm tôm (HTX Lộc Bình, thôn Bản Chắt)", "Miến dong - Sản phẩm 3 sao",
             "Dịch vụ ăn uống và lưu trú", "Tinh dầu hồi Chân Mây - Lăng Cô",
             "Trà hoa vàng và cam thảo", "Gạo nếp loại 1, loại 2"]
    body = [_product(n, name) for n, name in enumerate(names, 1)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == dict.fromkeys(range(4, 17), 3)
    assert not _errors(result)


def _made_by(n: int, name: str, producer: str | None, commune: str = "06532",
             date: dt.date = dt.date(2023, 6, 15)) -> list[object]:
    row = _product(n, name, commune=commune, date=date)
    row[2] = producer
    return row


def test_b03_one_name_given_to_two_producers_in_a_commune_is_read_from_neither(tmp_path):
    body = [_made_by(1, "Chè Shan tuyết", "HTX Chè Mẫu Sơn"),
            _made_by(2, "Chè Shan tuyết", "Hộ kinh doanh Hoàng Văn Thụ"),
            _made_by(3, "Mật ong", "HTX Ong Lộc Bình"),
            _made_by(4, "Mật ong", "Công ty TNHH Mật ong Xứ Lạng", date=dt.date(2023, 9, 1))]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == dict.fromkeys(range(4, 8))
    assert _errors(result) == dict.fromkeys(range(4, 8), "C (Chủ thể)")


def test_b03_a_product_listed_again_by_its_producer_or_in_another_commune_is_read(tmp_path):
    body = [_made_by(1, "Chè Shan tuyết", "HTX Chè Mẫu Sơn"),
            _made_by(2, "Chè  shan tuyết", "HTX chè Mẫu Sơn"),
            _made_by(3, "Mật ong", "HTX Ong Lộc Bình"),
            _made_by(4, "Mật ong", "HTX Ong Khánh Xuân", commune="06541"),
            _made_by(5, "Hồi khô", "HTX Hồi Lộc Bình"), _made_by(6, "Hồi khô", None)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == dict.fromkeys(range(4, 10), 3)
    assert not _errors(result)


def test_b03_a_product_not_rated_yet_or_counted_in_another_year_is_not_read(tmp_path):
    body = [_product(1, "Mận Hậu (đang hoàn thiện hồ sơ)"),
            _product(2, "Đào (tiềm năng 3 sao)"),
            _product(3, "Mơ (dự kiến đánh giá năm 2024)"),
            _product(4, "Chè Shan tuyết (đã tính năm 2022)"),
            [*_product(5, "Hồi"), "Dự kiến đánh giá"],
            [*_product(6, "Na"), "Sản phẩm tiềm năng"],
            [*_product(7, "Rượu"), "Đã thống kê năm 2022"],
            [*_product(8, "Miến"), "Đã báo cáo năm trước"],
            [*_product(9, "Măng"), "Chưa được đánh giá"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, "Ghi chú"])))
    assert _ratings(result) == dict.fromkeys(range(4, 13))
    assert _errors(result) == {**dict.fromkeys(range(4, 8), "B (Tên sản phẩm)"),
                               **dict.fromkeys(range(8, 13), "J (Ghi chú)")}


def test_b03_remarks_naming_a_rating_hoped_for_or_this_years_count_leave_it_read(tmp_path):
    body = [[*_product(1, "Hồi", stars=4), "Tiềm năng 5 sao"],
            [*_product(2, "Na", stars=4), "Dự kiến nâng hạng 5 sao năm 2024"],
            _product(3, "Mận (đã tính năm 2023)"),
            [*_product(4, "Rượu"), "Đã tổng hợp"],
            [*_product(5, "Chè (Shan tuyết)"), "Sản phẩm chủ lực"],
            [*_product(6, "Miến dong"), "Có tiềm năng xuất khẩu"],
            [*_product(7, "Măng khô"), "Dự kiến tham gia hội chợ năm 2024"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, "Ghi chú"])))
    assert _ratings(result) == {4: 4, 5: 4, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3}
    assert not _errors(result)


def test_b03_rows_counting_products_by_rating_or_heading_a_group_with_its_count_are_notes(
        tmp_path):
    body = [[None, "Thực phẩm (12 sản phẩm)"], _product(1, "Chè"),
            [None, "Đồ uống: 5 SP"], _product(2, "Rượu", group=2, stars=4),
            [None, "Trong đó:"],
            [None, "Loại 3 sao", None, None, None, 3], [None, "SP 4 sao", None, None, None, 1],
            [None, "Số SP 3 sao", None, None, None, 3]]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == {5: 3, 7: 4}
    assert {"Thực phẩm (12 sản phẩm)", "Đồ uống: 5 SP", "Loại 3 sao", "SP 4 sao",
            "Số SP 3 sao"} <= _notes(result)
    assert _status(result, "B03")["data_rows"] == 2
    assert not _errors(result)


def test_b03_a_group_heading_with_a_count_beside_figures_is_not_a_product(tmp_path):
    body = [[None, "I. Thực phẩm - 12 SP", None, None, None, 3], _product(1, "Chè")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ratings(result) == {4: None, 5: 3}
    assert _errors(result) == {4: "B (Tên sản phẩm)"}


def test_b03_counts_of_products_by_rating_per_producer_are_not_read(tmp_path):
    # pinned: read as before (no product name, no rating: the sheet is refused)
    header = ["STT", "Chủ thể", "Mã xã", "Số sản phẩm đạt 3 sao", "Số sản phẩm đạt 4 sao",
              "Số sản phẩm đạt 5 sao", "Ngày công nhận"]
    body = [[1, "HTX Chè Mẫu Sơn", "06532", 2, 1, 0, dt.date(2023, 6, 15)]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, header)))
    assert not result.tables.get("b03_ocop")
    assert _status(result, "B03")["status"] == "unusable"
