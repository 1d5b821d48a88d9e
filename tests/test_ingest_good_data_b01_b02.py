"""Good B01 and B02 sheets near the day's rules (footnoted marks, B02 sections, B02 laid out
across), made the way offices make them: words and layouts that look like what those rules
look for but mean something else, read as a person reads them."""

from __future__ import annotations

import pytest

from tests.office import OfficeSheet, b01_two_row_header, district_sheets
from tests.test_ingest_office import _flags, _read, _status


def _b02(*rows: list, header: tuple = ("Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"),
         above: list[list] | None = None) -> OfficeSheet:
    return OfficeSheet("B02_NguonVon", [*(above or [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"]]),
                                        list(header), *rows])


def _funding(result) -> list[tuple]:
    return [(r["row_number"], r["source_code"], r["amount_million_vnd"])
            for r in result.tables["b02_funding"]]


def test_b02_with_its_sources_as_rows_and_columns_for_the_forms_of_money_is_read_by_rows(
        tmp_path):
    """`Tổng số | Tiền mặt | Hiến đất` over rows that are the sources: the header names two
    of the community's parts, and the sheet was read as laid out across, `Tiền mặt` (6.1)
    1400.5 and `Hiến đất` (6.2) 150 summed down the sources, without an error. The rows are
    the sources: each is read from `Tổng số`, the forms kept as cells."""
    sheet = _b02(["1", "Ngân sách trung ương", 1200.5, 1200.5, None],
                 ["6", "Cộng đồng dân cư", 350, 200, 150],
                 header=("Mã nguồn", "Nguồn vốn", "Tổng số (triệu đồng)", "Tiền mặt",
                         "Hiến đất"))
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _funding(result) == [(3, "1", 1200.5), (4, "6", 350.0)]
    assert not [f for f in _flags(result, "SHEET_LAYOUT") if f["sheet"] == "B02_NguonVon"]


def test_b02_with_a_note_line_listing_sources_above_its_header_is_read_by_rows(tmp_path):
    """`Ghi chú: | NSTW | NSĐP | Vốn lồng ghép` above the template's header: that line was
    taken for the header of a table laid out across, the central budget's row lost and
    2350.5 (all the rows) stored as the local budget's. The header is the template's."""
    sheet = _b02(["1", "Ngân sách trung ương", 1200.5], ["2", "Ngân sách địa phương", 800],
                 ["6", "Cộng đồng dân cư", 350],
                 above=[["BIỂU 02"], ["Ghi chú:", "NSTW", "NSĐP", "Vốn lồng ghép"]])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _status(result, "B02")["status"] == "read"
    assert _funding(result) == [(4, "1", 1200.5), (5, "2", 800.0), (6, "6", 350.0)]


def test_b02_across_with_works_whose_names_hold_a_source_word_is_still_read_across(tmp_path):
    """Good data near the rule above: one work named as a source does not make the rows
    sources; the sources stay the columns."""
    header = ["STT", "Nội dung", "Tổng số", "Ngân sách trung ương", "Ngân sách địa phương",
              "Cộng đồng dân cư"]
    rows = [[1, "Giao thông", 1300, 1000, 300, None],
            [2, "Doanh nghiệp", 200, None, None, 200],
            [None, "Tổng cộng", 1500, 1000, 300, 200]]
    sheet = OfficeSheet("B02_NguonVon", [["BIỂU 02"], ["Đơn vị tính: triệu đồng"], header,
                                         *rows])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _funding(result) == [(6, "1", 1000.0), (6, "2", 300.0), (6, "6", 200.0)]


@pytest.mark.parametrize(("first", "second", "key", "listed"), [
    ("Xã Mẫu Sơn (đạt chuẩn năm 2023)", "Xã Yên Khoái (phấn đấu đạt chuẩn năm 2024)", "A",
     False),
    ("Công trình khởi công mới năm 2023", "Công trình chuyển tiếp từ năm 2022", "I", True),
    ("Dự án hoàn thành năm 2023", "Dự án thực hiện năm 2022", "I", True),
])
def test_b02_sections_by_commune_or_work_whose_headings_name_years_are_left_as_listed(
        tmp_path, first, second, key, listed):
    """Each commune's (or work's) sources under its own heading, the heading naming the year
    the commune met the standard or the work began: the second section was taken for
    another year's figures and its money kept as notes (an info only), the district's total
    short by it. Sections by work are left as listed: a source with two amounts is counted
    in neither downstream. Sections by commune are the communes' blocks of their own money
    (``layout._figures_of_a_part``, as in B04 and B06): with no block of the district's own,
    the sheet is not read (a SHEET_LAYOUT error), since a source given in one commune's
    block alone, or with the same amount in two, was counted as the district's whole
    source; a missing figure with its error is safer than a wrong one in the facts."""
    sheet = _b02([key, first, None], ["1", "Ngân sách trung ương", 1200.5],
                 ["2", "Ngân sách địa phương", 800], [key + key if key == "I" else "B", second,
                                                       None],
                 ["1", "Ngân sách trung ương", 300], ["2", "Ngân sách địa phương", 100])
    result = _read(tmp_path, district_sheets(B02=sheet))
    if not listed:
        assert "b02_funding" not in result.tables
        assert [f["sheet"] for f in _flags(result, "SHEET_LAYOUT")
                if f["severity"] == "error"] == ["B02_NguonVon"]
        return
    assert [a for _, c, a in _funding(result) if c == "1"] == [1200.5, 300.0]
    assert not [f for f in _flags(result, "UNKNOWN_COLUMN") if "kept as notes" in f["message"]]


def _footnoted(lines: list[list]):
    b01 = b01_two_row_header()
    row = b01.rows[b01.find("06541")[0]]
    row[4:6] = ["x*", "x (1)"]
    total = b01.find("Tổng cộng")[0]
    for k, line in enumerate(lines):
        b01.rows.insert(total + 1 + k, line)
    return b01


def _first_two(result) -> list[str]:
    marks = sorted((m["criterion_no"], m["mark"]) for m in result.tables["b01_marks"]
                   if m["commune_code"] == "06541")
    return [m for _, m in marks[:2]]


@pytest.mark.parametrize("words", [
    "Đạt theo Nghị quyết của Đảng bộ xã",  # Đảng, not đang
    "Nhà văn hóa trung tâm xã xây mới",  # tâm, not tạm
    "Như đã nêu tại Báo cáo số 12/BC-UBND",  # nêu, not nếu
    "Xã có chùa cổ được xếp hạng di tích",  # chùa, not chưa
    "Trụ sở UBND xã xây mới năm 2023",  # trụ, not trừ
    "Đạt chuẩn tính đến hết năm 2023",  # by the end of the year
    "Đã được Đoàn thẩm định của tỉnh kiểm tra, công nhận",  # a review done
])
def test_a_footnote_whose_words_only_look_like_doubt_without_diacritics_leaves_marks_met(
        tmp_path, words):
    """The footnote's words were folded before they were looked at, `Đảng` read as `đang`,
    `trung tâm` as `tạm`, and the marks were UNPARSEABLE_VALUE errors."""
    b01 = _footnoted([[f"(*) {words}"], [f"(1) {words}"]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _first_two(result) == ["met", "met"]
    assert not _flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("words", [
    "Chưa có quyết định công nhận", "Chua co quyet dinh cong nhan", "Đang thẩm định",
    "Đã nộp hồ sơ, chờ thẩm định", "Đề nghị thẩm định trong năm 2024",
    "Hết hiệu lực", "Tạm công nhận"])
def test_a_footnote_with_words_of_not_yet_still_keeps_its_marks_unread(tmp_path, words):
    """Good variants of the rule above: doubt typed with or without diacritics, a review not
    yet done."""
    b01 = _footnoted([[f"(*) {words}"], [f"(1) {words}"]])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _first_two(result) == ["unparseable", "unparseable"]
    assert len(_flags(result, "UNPARSEABLE_VALUE")) == 2


def _b01_with_k(legend: str):
    b01 = b01_two_row_header()
    row = b01.rows[b01.find("06541")[0]]
    row[4:7] = ["K", "x", "Có"]
    b01.rows.insert(b01.find("Tổng cộng")[0] + 1, [legend])
    return b01


def _first_three(result) -> list[str]:
    marks = sorted((m["criterion_no"], m["mark"]) for m in result.tables["b01_marks"]
                   if m["commune_code"] == "06541")
    return [m for _, m in marks[:3]]


@pytest.mark.parametrize("legend", ["Ghi chú: x: Đạt; K: Khá",
                                    "Ghi chú: x - Đạt; K - Không áp dụng",
                                    "Ký hiệu: Đ là Đạt, K là Khó khăn"])
def test_a_k_the_sheets_legend_gives_another_meaning_is_not_read_as_not_met(tmp_path, legend):
    """`K` became a mark of not met; under `K: Khá` (or `K - Không áp dụng`) it was read as
    not met without a flag, the criterion counted against the commune. The sheet says what
    its K means: the mark is not read, an error quotes the legend."""
    result = _read(tmp_path, district_sheets(B01=_b01_with_k(legend)))
    assert _first_three(result) == ["unparseable", "met", "met"]
    [flag] = _flags(result, "UNPARSEABLE_VALUE")
    assert flag["raw_value"] == "K" and legend in flag["message"]


@pytest.mark.parametrize("legend", ["Ghi chú: x: Đạt; K: Không đạt", "K - Chưa đạt",
                                    "Ghi chú: Các xã có - số liệu tính đến 31/12/2023",
                                    "Ký hiệu: Có = Đạt; K = chưa hoàn thành"])
def test_a_legend_giving_k_and_co_their_template_meaning_leaves_them_read(tmp_path, legend):
    """Good variants of the rule above: a legend agreeing with the template, and a line
    where `có -` is no legend's entry."""
    result = _read(tmp_path, district_sheets(B01=_b01_with_k(legend)))
    assert _first_three(result) == ["not_met", "met", "met"]
    assert not _flags(result, "UNPARSEABLE_VALUE")
