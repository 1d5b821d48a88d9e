import datetime as dt
import math
import unicodedata

import pytest

from pipelines.ingest.values import (
    PRODUCT_GROUPS,
    CellError,
    amount_with_unit,
    cell_text,
    is_blank,
    money_factor,
    parse_code,
    parse_count,
    parse_criteria_list,
    parse_date,
    parse_int,
    parse_mark,
    parse_number,
    parse_product_group,
    parse_stars,
    parse_year,
    partial_year,
    unknown_money_unit,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


BLANKS = [None, "", "   ", "\u00a0", " \t\n", float("nan")]


# --------------------------------------------------------------------------- blank, text


@pytest.mark.parametrize("cell", BLANKS)
def test_is_blank_true(cell: object) -> None:
    assert is_blank(cell)


@pytest.mark.parametrize("cell", [0, 0.0, "0", "-", False, "x", dt.date(2021, 1, 1)])
def test_is_blank_false(cell: object) -> None:
    assert not is_blank(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  Xã Lộc Bình ", "Xã Lộc Bình"),
        (nfd("Lộc Bình"), "Lộc Bình"),
        (4, "4"),
        (4.0, "4"),
        (12.97, "12.97"),
        (-3.0, "-3"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.date(2021, 1, 15), "2021-01-15"),
        (dt.datetime(2021, 1, 15), "2021-01-15"),
        (dt.datetime(2021, 1, 15, 8, 30), "2021-01-15 08:30:00"),
        (dt.time(8, 30), "08:30:00"),
    ],
)
def test_cell_text(cell: object, expected: str) -> None:
    assert cell_text(cell) == expected


def test_cell_error_is_value_error_and_quotes_cell() -> None:
    with pytest.raises(ValueError, match="'abc'"):
        parse_number("abc")
    assert issubclass(CellError, ValueError)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (2445, 2445.0),
        (12.97, 12.97),
        (2.445, 2.445),  # numeric cells are never reinterpreted
        (0, 0.0),
        (-5, -5.0),
        ("2.445", 2445.0),
        ("12,97", 12.97),
        ("1,234", 1.234),  # a single comma is always the Vietnamese decimal comma
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("-1.234,5", -1234.5),
        ("(1.234)", -1234.0),
        ("(1.234,5)", -1234.5),
        ("2445", 2445.0),
        ("12.5", 12.5),
        ("12.50", 12.5),
        ("0.500", 0.5),
        ("1234.567", 1234.567),
        ("1,234,567", 1234567.0),
        ("1,234,567.5", 1234567.5),
        ("1 234 567", 1234567.0),
        ("1\u00a0234\u00a0567", 1234567.0),
        ("1\u202f234,5", 1234.5),
        ("12,5%", 12.5),
        ("12,5 %", 12.5),
        ("100%", 100.0),
        (" 2.445 ", 2445.0),
        ("+5", 5.0),
        ("−3", -3.0),
        (",5", 0.5),
        ("0", 0.0),
        ("1e-6", 1e-6),
        ("-", None),
        ("–", None),
        ("—", None),
        (" - ", None),
    ],
)
def test_parse_number(cell: object, expected: float | None) -> None:
    result = parse_number(cell)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize("cell", BLANKS)
def test_parse_number_blank(cell: object) -> None:
    assert parse_number(cell) is None


@pytest.mark.parametrize(
    "cell",
    [
        "abc",
        "12,3,4.5",
        "1.23.4",
        "1.2.3,4",
        "12,",
        "12.",
        "1 23 4",
        "%",
        "--5",
        "12 triệu",
        "1,234.5,6",
        "١٢٣",
        True,
        False,
        float("inf"),
        dt.date(2021, 1, 1),
    ],
)
def test_parse_number_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_number(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (2, 2),
        (2.0, 2),
        ("2", 2),
        ("2.445", 2445),
        ("1.234.567", 1234567),
        (10**20, 10**20),
        ("-3", -3),
        (None, None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_int(cell: object, expected: int | None) -> None:
    result = parse_int(cell)
    assert result == expected
    assert result is None or type(result) is int


@pytest.mark.parametrize("cell", [2.5, "2,5", "12.5", "abc", True])
def test_parse_int_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_int(cell)


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("cell", "width", "expected"),
    [
        (4, 2, "04"),
        (4.0, 2, "04"),
        ("4.0", 2, "04"),
        ("4", 2, "04"),
        ("04", 2, "04"),
        (" 004 ", 3, "004"),
        ("0004", 3, "004"),
        (4, 3, "004"),
        (122, 3, "122"),
        ("'00004", 5, "00004"),
        ("'4", 5, "00004"),
        (6070, 5, "06070"),
        (6070.0, 5, "06070"),
        ("06070", 5, "06070"),
        ("  '06070", 5, "06070"),
        (None, 2, None),
        ("", 5, None),
        ("  ", 5, None),
    ],
)
def test_parse_code(cell: object, width: int, expected: str | None) -> None:
    assert parse_code(cell, width) == expected


@pytest.mark.parametrize(
    ("cell", "width"),
    [
        ("4a", 2),
        ("A4", 2),
        ("0-4", 2),
        (4.5, 2),
        (-4, 2),
        (-4.0, 2),
        ("-4", 2),
        (123, 2),
        ("123", 2),
        (123456, 5),
        ("1234", 3),
        ("4.5", 2),
        ("4.000", 2),
        (True, 2),
        (dt.date(2021, 1, 1), 5),
    ],
)
def test_parse_code_errors(cell: object, width: int) -> None:
    with pytest.raises(CellError):
        parse_code(cell, width)


# --------------------------------------------------------------------------- marks


@pytest.mark.parametrize(
    "cell",
    [
        "x",
        "X",
        " x ",
        "✓",
        "✔",
        "Đạt",
        "đạt",
        "ĐẠT",
        "đạt ",
        nfd("Đạt"),
        nfd("ĐẠT"),
        "Dat",
        "DAT",
        "1",
        "1.0",
        1,
        1.0,
        True,
        "TRUE",
        "True",
        "v",
        "V",
    ],
)
def test_parse_mark_met(cell: object) -> None:
    assert parse_mark(cell) == "met"


@pytest.mark.parametrize(
    "cell",
    [
        None,
        "",
        "  ",
        "0",
        0,
        0.0,
        "-",
        "–",
        "Chưa đạt",
        "CHƯA ĐẠT",
        nfd("Chưa đạt"),
        "Chua dat",
        "chưa  đạt",
        "Không đạt",
        nfd("KHÔNG ĐẠT"),
        "Khong dat",
        False,
        "FALSE",
        "false",
        "CĐ",
        "cđ",
        "CĐ.",
        "KĐ",
        nfd("KĐ"),
    ],
)
def test_parse_mark_not_met(cell: object) -> None:
    assert parse_mark(cell) == "not_met"


@pytest.mark.parametrize("cell", ["Cơ bản đạt", "CƠ BẢN ĐẠT", nfd("Cơ bản đạt"), "Co ban dat",
                                  "CBĐ", "cbđ"])
def test_parse_mark_basically_met(cell: object) -> None:
    assert parse_mark(cell) == "basically_met"


@pytest.mark.parametrize("cell", ["Chưa", "chưa", "Không", "K", "k.", "Chưa hoàn thành", "✗", "✘",
                                  "☐", "Chưa đạt (đang hoàn thiện)", nfd("Không đạt (*)"),
                                  "KĐ [1]"])
def test_parse_mark_not_met_as_offices_type_it(cell: object) -> None:
    """Words of "not yet" and "no", ballot crosses and an empty box, and a mark of not met
    with a note: each is not met (before, each was UNPARSEABLE_VALUE, and the commune's
    count was lost)."""
    assert parse_mark(cell) == "not_met"


@pytest.mark.parametrize("cell", ["Có", "CÓ", "Đã đạt", "Hoàn thành", nfd("hoàn thành")])
def test_parse_mark_met_as_offices_type_it(cell: object) -> None:
    assert parse_mark(cell) == "met"


@pytest.mark.parametrize("cell", ["Đạt 19/19 tiêu chí", nfd("ĐÃ ĐẠT 19 / 19 TC."), "Đạt 10/10",
                                  "Đạt đủ các tiêu chí", "Đạt tất cả tiêu chí",
                                  "Dat ca 19/19 tieu chi"])
def test_parse_mark_every_criterion_said_met_in_words(cell: object) -> None:
    """What offices write once, merged across a commune's criterion cells."""
    assert parse_mark(cell) == "met"


@pytest.mark.parametrize("cell", ["y", "2", 2, 0.5, "đạt chuẩn?", "xx", "?", "vv", "CĐX", "C",
                                  "x*", "x (1)", "Đạt (*)", "Đạt*", "Có (2)", "Cơ bản đạt?",
                                  "Đạt 17/19 tiêu chí", "Đạt chuẩn NTM", "Đạt chuẩn NTM năm 2019",
                                  "Chưa đạt 19/19", "Đạt 19 tiêu chí"])
def test_parse_mark_errors(cell: object) -> None:
    """Among them a mark of met with a footnote (`x (1)`, `Đạt*`): the note may take it back
    (`(1) chờ thẩm định`), so it is not read as met; a count of part of the criteria names
    none of them, and `Đạt chuẩn NTM` is a status, not this year's criteria."""
    with pytest.raises(CellError):
        parse_mark(cell)


# --------------------------------------------------------------------------- years, dates


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (2019, 2019),
        (2019.0, 2019),
        ("2019", 2019),
        (" 2019 ", 2019),
        ("2019.0", 2019),
        ("năm 2019", 2019),
        ("Năm 2019", 2019),
        (nfd("NĂM 2019"), 2019),
        (dt.date(2019, 5, 1), 2019),
        (dt.datetime(2020, 12, 31, 23, 59), 2020),
        ("15/01/2021", 2021),
        # a report's period said to be the whole year
        ("Cả năm 2023", 2023),
        (nfd("CẢ NĂM 2023"), 2023),
        ("2023 (cả năm)", 2023),
        # a status year with the word for reached
        ("Đạt 2019", 2019),
        ("Đã đạt (2019)", 2019),
        (nfd("Đạt chuẩn năm 2019"), 2019),
        ("Được công nhận năm 2019", 2019),
        (None, None),
        ("", None),
    ],
)
def test_parse_year(cell: object, expected: int | None) -> None:
    assert parse_year(cell) == expected


@pytest.mark.parametrize("cell", [1899, 2101, "19", "abc", 2019.5, "20190", True, "-",
                                  # a part of the year is not the year
                                  "6 tháng đầu năm 2023", "9 tháng năm 2023", "Quý IV/2023",
                                  "2023-2024",
                                  # a plan, a level that the column may not be, not reached
                                  "Dự kiến 2025", "Phấn đấu 2025", "Đạt chuẩn NTM năm 2019",
                                  "Chưa đạt 2019"])
def test_parse_year_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_year(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.date(2021, 1, 15), dt.date(2021, 1, 15)),
        (dt.datetime(2021, 1, 15, 10, 0), dt.date(2021, 1, 15)),
        (44211, dt.date(2021, 1, 15)),
        (44211.75, dt.date(2021, 1, 15)),
        ("44211", dt.date(2021, 1, 15)),
        ("15/01/2021", dt.date(2021, 1, 15)),
        ("5/1/2021", dt.date(2021, 1, 5)),
        ("03/04/2021", dt.date(2021, 4, 3)),  # day first, always
        ("15-01-2021", dt.date(2021, 1, 15)),
        ("15.01.2021", dt.date(2021, 1, 15)),
        (" 15 / 01 / 2021 ", dt.date(2021, 1, 15)),
        ("2021-01-15", dt.date(2021, 1, 15)),
        ("2021-01-15 00:00:00", dt.date(2021, 1, 15)),
        ("ngày 15 tháng 01 năm 2021", dt.date(2021, 1, 15)),
        ("Ngày 5 tháng 1 năm 2021", dt.date(2021, 1, 5)),
        (nfd("NGÀY 15 THÁNG 01 NĂM 2021"), dt.date(2021, 1, 15)),
        ("Lộc Bình, ngày 15 tháng 01 năm 2021", dt.date(2021, 1, 15)),
        ("123/QĐ-UBND ngày 15/6/2023", dt.date(2023, 6, 15)),
        (nfd("Số 45/QĐ-UBND, NGÀY: 02.11.2023"), dt.date(2023, 11, 2)),
        # a two-digit year as Excel reads one typed: 00-29 this century, 30-99 the last
        ("15/01/21", dt.date(2021, 1, 15)),
        ("5.6.24", dt.date(2024, 6, 5)),
        ("123/QĐ-UBND ngày 15/6/23", dt.date(2023, 6, 15)),
        ("1/1/99", dt.date(1999, 1, 1)),
        # the whole cell a date in words without "ngày", or with the month's English name
        ("15 tháng 01 năm 2021", dt.date(2021, 1, 15)),
        (nfd("5 THÁNG 6, 2023"), dt.date(2023, 6, 5)),
        ("10-Jan-2024", dt.date(2024, 1, 10)),
        ("1 May 23", dt.date(2023, 5, 1)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(cell: object, expected: dt.date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "31/02/2021",
        "15/13/2021",
        "2021-02-30",
        "ngày 32 tháng 01 năm 2021",
        "15/01/2",
        "15/01/213",
        "15/01-2021",
        "QĐ 12 ngày 1/2/2023, sửa đổi ngày 3/4/2023",  # two dates: which one is not known
        "123/QĐ-UBND 15/6/2023",  # a date not introduced by "ngày" in a longer text
        "15 tháng 13 năm 2021",
        "31-Feb-2024",
        "QĐ 123 15 tháng 6 năm 2023",  # the words alone are the whole cell, or "ngày" says it
        "abc",
        19999,
        80001,
        5,
        -44211,
        float("inf"),
        True,
        dt.time(8, 0),
    ],
)
def test_parse_date_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_date(cell)


def test_excel_serial_epoch() -> None:
    # 1900 date system: serial 25569 is the Unix epoch.
    assert parse_date(25569) == dt.date(1970, 1, 1)


# --------------------------------------------------------------------------- OCOP


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 4 ", 4),
        ("3 sao", 3),
        ("3sao", 3),
        ("4 SAO", 4),
        (nfd("5 Sao"), 5),
        ("3*", 3),
        ("3 *", 3),
        ("★★★", 3),
        ("★★★★☆", 4),
        ("***", 3),
        ("Ba sao", 3),
        ("bốn sao", 4),
        ("Năm sao", 5),
        ("3.0", 3),
        (2, 2),  # out of the certified range, still read; checked elsewhere
        ("6 sao", 6),
        ("Hạng 4 sao", 4),  # the rating with the words offices put around it
        ("Đạt 3 sao", 3),
        ("Xếp hạng 5 sao", 5),
        ("OCOP 3 sao", 3),
        ("Hạng 4*", 4),
        (None, None),
        ("", None),
    ],
)
def test_parse_stars(cell: object, expected: int | None) -> None:
    assert parse_stars(cell) == expected


@pytest.mark.parametrize("cell", ["sao", "abc", "3.5", 3.5, "☆☆☆", True, "3 sao 4", "Đạt",
                                  "Đạt 2019", "hạng 45 sao"])
def test_parse_stars_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_stars(cell)


def _listed(criteria_set: str):
    from pipelines.ingest.vocabulary import default, header_words

    vocabulary = default()
    return lambda text: vocabulary.listed_criterion(criteria_set, header_words(text))


@pytest.mark.parametrize(("cell", "expected"), [
    ("5, 13, 17, 18", {5, 13, 17, 18}),
    ("TC5; TC13", {5, 13}),
    ("TC 5 13 17", {5, 13, 17}),
    ("Tiêu chí số 5, 06", {5, 6}),
    (17, {17}),
    (17.0, {17}),
    ("2 (Giao thông), 5", {2, 5}),
    (nfd("Giao thông, Thủy lợi và Môi trường"), {2, 3, 17}),
    ("Không", set()),
    ("-", set()),
    (None, set()),
])
def test_parse_criteria_list(cell: object, expected: set[int]) -> None:
    assert parse_criteria_list(cell, _listed("2021-2025")) == expected


def test_parse_criteria_list_reads_a_name_with_its_own_commas_whole() -> None:
    listed = _listed("2026-2030")
    assert parse_criteria_list("Văn hóa, giáo dục, y tế, 1", listed) == {5, 1}
    assert parse_criteria_list("Tiếp cận pháp luật và an ninh, quốc phòng", listed) == {10}


# A name followed by more words (as a header may be) is no item: "Giao thông nông thôn"
# could be two; a number with words that name another criterion is not guessed.
@pytest.mark.parametrize("cell", ["20", "5, abc", "Giao thông nông thôn", "2 Thủy lợi", 5.5,
                                  True])
def test_parse_criteria_list_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_criteria_list(cell, _listed("2021-2025"))


def test_product_groups() -> None:
    assert sorted(PRODUCT_GROUPS) == [1, 2, 3, 4, 5, 6]
    assert PRODUCT_GROUPS[5] == "Lưu niệm - nội thất - trang trí"


@pytest.mark.parametrize(("number", "name"), sorted(PRODUCT_GROUPS.items()))
def test_parse_product_group_every_name(number: int, name: str) -> None:
    assert parse_product_group(name) == number
    assert parse_product_group(nfd(name.upper())) == number
    assert parse_product_group(number) == number
    assert parse_product_group(float(number)) == number
    assert parse_product_group(str(number)) == number
    assert parse_product_group(f"Nhóm {number}") == number
    assert parse_product_group(f"{number}. {name}") == number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Lưu niệm, nội thất, trang trí", 5),
        ("Lưu niệm – nội thất – trang trí", 5),
        ("Lưu niệm-nội thất-trang trí", 5),
        ("Vải, may mặc", 4),
        ("  thực   phẩm ", 1),
        ("Nhóm thực phẩm", 1),
        ("Nhóm 2 - Đồ uống", 2),
        ("1.0", 1),
        ("Thực phẩm chế biến", 1),
        ("Dịch vụ du lịch", 6),
        ("Dịch vụ du lịch nông thôn, bán hàng", 6),
        # the regulation's own words for groups 3 and 6
        ("Dược liệu", 3),
        (nfd("Dược liệu và sản phẩm từ dược liệu"), 3),
        ("Du lịch cộng đồng và điểm du lịch", 6),
        ("Dịch vụ du lịch cộng đồng, du lịch nông thôn và điểm du lịch", 6),
        ("Du lịch nông thôn", 6),
        (None, None),
        ("", None),
    ],
)
def test_parse_product_group(cell: object, expected: int | None) -> None:
    assert parse_product_group(cell) == expected


@pytest.mark.parametrize("cell", [0, 7, 1.5, "7", "Nhóm 9", "1. Đồ uống", "Điện tử", True])
def test_parse_product_group_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_product_group(cell)


# --------------------------------------------------------------------------- money units


@pytest.mark.parametrize(
    ("header", "factor", "label"),
    [
        ("Giá trị (triệu đồng)", 1.0, "triệu đồng"),
        ("GIÁ TRỊ (TRIỆU ĐỒNG)", 1.0, "triệu đồng"),
        (nfd("Giá trị\n(Triệu đồng)"), 1.0, "triệu đồng"),
        ("Giá trị (Tr.đ)", 1.0, "triệu đồng"),
        ("Giá trị (trđ)", 1.0, "triệu đồng"),
        ("Giá trị (Trđ)", 1.0, "triệu đồng"),
        ("Giá trị (tr. đồng)", 1.0, "triệu đồng"),
        ("Giá trị (triệu)", 1.0, "triệu đồng"),
        ("Giá trị (triệu VNĐ)", 1.0, "triệu đồng"),
        ("Giá trị, triệu đồng", 1.0, "triệu đồng"),
        ("Giá trị - Tr.đ", 1.0, "triệu đồng"),
        ("Triệu đồng", 1.0, "triệu đồng"),
        ("Giá trị (tỷ đồng)", 1000.0, "tỷ đồng"),
        ("Giá trị (TỶ ĐỒNG)", 1000.0, "tỷ đồng"),
        ("Giá trị (tỉ đồng)", 1000.0, "tỷ đồng"),
        ("Giá trị (tỷ)", 1000.0, "tỷ đồng"),
        ("Giá trị tỷ đồng", 1000.0, "tỷ đồng"),
        ("Giá trị (đồng)", 1e-6, "đồng"),
        (nfd("GIÁ TRỊ (ĐỒNG)"), 1e-6, "đồng"),
        ("Giá trị (VNĐ)", 1e-6, "đồng"),
        ("Giá trị (đ)", 1e-6, "đồng"),
        ("Giá trị (Đơn vị: đồng)", 1e-6, "đồng"),
        ("Giá trị - ĐVT: đồng", 1e-6, "đồng"),
        ("Giá trị (nghìn đồng)", 0.001, "nghìn đồng"),
        ("Giá trị (ngàn đồng)", 0.001, "nghìn đồng"),
        ("Giá trị (1.000 đồng)", 0.001, "nghìn đồng"),
        ("Giá trị (1000đ)", 0.001, "nghìn đồng"),
        ("Giá trị (Ng.đ)", 0.001, "nghìn đồng"),
        ("Giá trị (1.000.000 đồng)", 1.0, "triệu đồng"),
        ("Giá trị (1.000.000.000 đ)", 1000.0, "tỷ đồng"),
        # the currency named with its country
        ("Giá trị (đồng Việt Nam)", 1e-6, "đồng"),
        (nfd("Đơn vị tính: đồng Việt Nam"), 1e-6, "đồng"),
        ("Giá trị (Việt Nam đồng)", 1e-6, "đồng"),
        ("Giá trị (triệu đồng VN)", 1.0, "triệu đồng"),
        ("ĐVT: tỷ đồng Việt Nam", 1000.0, "tỷ đồng"),
        # tens and hundreds of a unit (before, read as their last words: triệu đồng)
        ("Giá trị (chục triệu đồng)", 10.0, "chục triệu đồng"),
        ("ĐVT: trăm nghìn đồng", 0.1, "trăm nghìn đồng"),
        ("Giá trị (trăm triệu đồng)", 100.0, "trăm triệu đồng"),
        (nfd("Đơn vị tính: Trăm triệu đồng"), 100.0, "trăm triệu đồng"),
        ("Số tiền (trăm triệu)", 100.0, "trăm triệu đồng"),
        ("Giá trị trăm triệu đồng", 100.0, "trăm triệu đồng"),
        ("Giá trị (100.000.000 đồng)", 100.0, "trăm triệu đồng"),
    ],
)
def test_money_factor(header: str, factor: float, label: str) -> None:
    result = money_factor(header)
    assert result is not None
    assert math.isclose(result[0], factor)
    assert result[1] == label


@pytest.mark.parametrize(
    "header",
    [
        "Giá trị",
        "Nguồn vốn",
        "Cộng đồng dân cư",
        "Tỉ lệ (%)",
        "Tỷ lệ hộ nghèo (%)",
        "Khối lượng",
        "Đơn vị khối lượng",
        "Giá trị (ngày công)",
        "Ngân sách trung ương",
        "Vốn Việt Nam",
        "Đồng bào Việt Nam",
        "",
        None,
    ],
)
def test_money_factor_none(header: object) -> None:
    assert money_factor(header) is None


@pytest.mark.parametrize("header", ["Giá trị (USD)", "Giá trị (nghìn USD)", "Kinh phí (1000 USD)",
                                    "Giá trị ($)", nfd("Đơn vị tính: USD"), "ĐVT: 1.000 USD"])
def test_a_money_unit_that_is_not_known(header: str) -> None:
    assert money_factor(header) is None and unknown_money_unit(header) is not None


@pytest.mark.parametrize("header", ["Giá trị", "Giá trị (lũy kế)", "Giá trị (năm 2023)",
                                    "Giá trị (2)", "Giá trị (trong đó)", "Tỷ lệ (%)",
                                    "Đơn vị: UBND huyện Lộc Bình", "Giá trị (triệu đồng)",
                                    "Giá trị (ngày công)", None])
def test_not_an_unknown_money_unit(header: object) -> None:
    assert unknown_money_unit(header) is None


# --------------------------------------------------------------------------- hostile cells
# Each case once crashed a parser or was read wrongly; see tests/hostile for the properties.


@pytest.mark.parametrize("cell", ["\u200b \u200b", "\u2060", "\u200c\u00a0\u200d", " \ufeff\t"])
def test_invisible_only_cells_are_blank(cell: str) -> None:
    assert is_blank(cell)
    assert parse_number(cell) is None
    assert parse_mark(cell) == "not_met"


@pytest.mark.parametrize("cell", ["x\u200b", "\u200bx", "\u2060 2.445"])
def test_invisible_characters_do_not_blank_visible_content(cell: str) -> None:
    assert not is_blank(cell)


@pytest.mark.parametrize("cell", ["1" * 400, "9" * 400 + ",5", "1e400", "-1e400", "1.0e999"])
def test_text_beyond_float_range_is_a_cell_error(cell: str) -> None:
    with pytest.raises(CellError):
        parse_number(cell)


def test_int_beyond_float_range_is_a_cell_error() -> None:
    with pytest.raises(CellError):
        parse_number(10**400)
    assert parse_int(10**400) == 10**400


@pytest.mark.parametrize("cell", ["9007199254740993", "9.007.199.254.740.993", "-9007199254740993"])
def test_parse_int_refuses_text_it_cannot_read_exactly(cell: str) -> None:
    with pytest.raises(CellError):
        parse_int(cell)


def test_parse_int_reads_text_up_to_float_precision() -> None:
    assert parse_int("9.007.199.254.740.991") == 2**53 - 1
    assert parse_int("-9007199254740991") == -(2**53) + 1


def test_ints_too_long_to_print_still_give_cell_errors() -> None:
    huge = 10**5000  # str() refuses ints past 4300 digits
    assert cell_text(huge) == "<integer too long to print>"
    for parser in (parse_mark, parse_year, parse_date, parse_product_group):
        with pytest.raises(CellError):
            parser(huge)
    with pytest.raises(CellError):
        parse_code(huge, 5)
    with pytest.raises(CellError):
        parse_number(huge)


@pytest.mark.parametrize(
    "cell", ["1" * 5000, "1" * 5000 + " sao", "1" * 5000 + ".0", "0" * 4301, "0" * 4300 + "7"]
)
def test_digit_runs_past_int_limit_are_cell_errors(cell: str) -> None:
    with pytest.raises(CellError):
        parse_stars(cell)
    with pytest.raises(CellError):
        parse_product_group(cell)


@pytest.mark.parametrize(
    "cell", ["2021-01-15T08:30", "2021-01-15T08:30:00", "2021-01-15T08:30:00.123456"]
)
def test_parse_date_iso_t_separator(cell: str) -> None:
    assert parse_date(cell) == dt.date(2021, 1, 15)
    assert parse_year(cell) == 2021


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (17, 17), (17.0, 17), ("17", 17), ("17/19", 17), ("17 / 19", 17), ("19/19 ", 19),
        ("8/10", 8), ("17 tiêu chí", 17), (nfd("17 tiêu chí đạt"), 17), ("17 TC", 17),
        ("17/19 TC", 17), (None, None), ("", None),
    ],
)
def test_parse_count_reads_a_count_of_criteria_as_offices_write_it(
        cell: object, expected: int | None) -> None:
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", ["20/19", "17/", "/19", "17 xã", "17,5", "mười bảy", "17/19/2023"])
def test_parse_count_errors(cell: object) -> None:
    with pytest.raises(CellError):
        parse_count(cell)


@pytest.mark.parametrize(
    ("cell", "year"),
    [("06/2023", 2023), ("6-2023", 2023), ("tháng 3/2021", 2021), (nfd("Tháng 3 năm 2021"), 2021),
     ("T6/2023", 2023), ("Năm 2022", 2022), ("2022", 2022), (2022, 2022), (2022.0, 2022),
     ("15/06/2023", None), ("13/2023", None), ("0/2023", None), ("2022.5", None), (2022.5, None),
     ("Đạt 2019", None), ("", None), (None, None), (True, None)],
)
def test_partial_year_reads_a_date_without_its_day(cell: object, year: int | None) -> None:
    assert partial_year(cell) == year


@pytest.mark.parametrize(
    ("cell", "million_vnd"),
    [("1,2 tỷ", 1200.0), (nfd("1,2 TỶ ĐỒNG"), 1200.0), ("500 triệu", 500.0),
     ("1.200 tr.đ", 1200.0), ("1.200.000 đ", 1.2), ("1,2tỷ", 1200.0), ("350 nghìn đồng", 0.35)],
)
def test_amount_with_its_own_unit(cell: str, million_vnd: float) -> None:
    number, (factor, _) = amount_with_unit(cell)
    assert math.isclose(number * factor, million_vnd)


@pytest.mark.parametrize("cell", ["1,2 USD", "abc", "12 xã", "100", 100.0, "5 %", "tỷ", None])
def test_not_an_amount_with_its_own_unit(cell: object) -> None:
    assert amount_with_unit(cell) is None
