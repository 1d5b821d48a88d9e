"""B03's recognition date headed `Thời điểm công nhận` with its format, and ThongTin's keys
as offices fill them: the sending's number with its year (`Lần 02/2024`), a hint of the
format between a key and its value, a number that is no code and name (`2.0e1`). Each test
builds what an office sends and checks what a person reading it would read
(docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipelines.ingest.text import fold
from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_ocop import _HEADER, _JUNE, _b03, _b03_flags, _product
from tests.test_ingest_office import _read
from tests.test_ingest_office import (
    test_b01_each_status_a_group_over_its_year_and_decision as _status_groups,
)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- B03 dates


def _dated(header: str, *more: str) -> list[str]:
    """``_HEADER`` with its date column headed ``header`` and ``more`` columns after it."""
    return [*_HEADER[:6], header, *_HEADER[7:], *more]


@pytest.mark.parametrize("header", [
    "Thời điểm công nhận (ngày/tháng/năm)", "Thời điểm công nhận (dd/mm/yyyy)",
    "THỜI ĐIỂM CÔNG NHẬN\n(ngày/tháng/năm)", _nfd("Thời điểm công nhận (ngày/tháng/năm)"),
    "Thoi diem cong nhan (ngay/thang/nam)", "Thời điểm công nhận", "Thoi diem cong nhan",
    "Thời điểm được công nhận", "Thời điểm công nhận OCOP"])
def test_b03_the_date_headed_thoi_diem_cong_nhan_with_its_format_is_read(tmp_path, header):
    """`Thời điểm công nhận (ngày/tháng/năm)` is when the product was recognized, in the
    format the note gives: a person reads the date. Before, only the bare header was the
    date; with its format, the `điểm` of `thời điểm` (the moment) was taken for a score
    (`Điểm`), and the sheet was refused for lacking its date."""
    result = _read(tmp_path, district_sheets(B03=_b03([_product(1, "Miến dong")],
                                                      _dated(header))))
    assert [(r["stars"], r["recognized_on"]) for r in result.tables["b03_ocop"]] == [
        (3, _JUNE)]
    assert not _b03_flags(result, "SHEET_LAYOUT")


def test_b03_the_date_headed_thoi_diem_beside_a_year_column_is_the_date(tmp_path):
    """`Thời điểm công nhận (ngày/tháng/năm) | … | Năm công nhận`: the date and its year
    beside it. Before, the date column was set aside as a score and the year alone stood for
    the date (known to its year only, DATE_PARTIAL)."""
    header = _dated("Thời điểm công nhận (ngày/tháng/năm)", "Năm công nhận")
    result = _read(tmp_path, district_sheets(B03=_b03([[*_product(1, "Miến dong"), 2023]],
                                                      header)))
    assert [r["recognized_on"] for r in result.tables["b03_ocop"]] == [_JUNE]
    assert not _b03_flags(result, "DATE_PARTIAL")


@pytest.mark.parametrize("header", [
    "Thời điểm đánh giá lại", "Thời điểm công nhận lại (ngày/tháng/năm)", "Thời điểm nâng hạng",
    "THOI DIEM CONG NHAN LAI"])
def test_b03_a_re_rating_headed_thoi_diem_is_the_re_rating(tmp_path, header):
    """`Thời điểm công nhận lại`, `Thời điểm đánh giá lại` beside `Thời điểm công nhận`: when
    the product was rated again, its current certificate, read as `Ngày công nhận lại` is;
    not a second recognition date (nor a score)."""
    head = _dated("Thời điểm công nhận (ngày/tháng/năm)", "Số sao đánh giá lại", header)
    row = [*_product(1, "Miến dong"), 4, dt.date(2023, 9, 15)]
    result = _read(tmp_path, district_sheets(B03=_b03([row], head)))
    assert [(r["stars"], r["recognized_on"]) for r in result.tables["b03_ocop"]] == [
        (4, dt.date(2023, 9, 15))]


@pytest.mark.parametrize(("header", "field"), [
    ("Số quyết định công nhận", "decision_no"), ("Quyết định công nhận số, ngày", "decision_no"),
    ("Số quyết định, thời điểm công nhận", "decision_no"),
    ("Điểm đánh giá", None), ("Kết quả đánh giá (điểm)", None),
    ("Điểm tại thời điểm công nhận", None)])
def test_b03_decision_and_score_headers_are_not_the_date(tmp_path, header, field):
    """Beside `Ngày công nhận`, a decision's header naming the recognition (`Số quyết định
    công nhận`, `Quyết định công nhận số, ngày`, `Số quyết định, thời điểm công nhận`) is the
    decision, and a score (`Điểm đánh giá`, `Điểm tại thời điểm công nhận`) is kept aside:
    neither is a second recognition date."""
    head = [*_HEADER[:7], header, "Cấp công nhận"]
    cell = 78 if field is None else "123/QĐ-UBND"
    row = [*_product(1, "Miến dong")[:7], cell, "Huyện"]
    result = _read(tmp_path, district_sheets(B03=_b03([row], head)))
    [read] = result.tables["b03_ocop"]
    assert (read["recognized_on"], read["decision_no"]) == (
        _JUNE, "123/QĐ-UBND" if field else None)


@pytest.mark.parametrize("year", ["Thời điểm", "Thời điểm công nhận", "THOI DIEM DAT CHUAN",
                                  _nfd("Thời điểm đạt")])
def test_b01_thoi_diem_under_a_status_is_its_year_as_before(tmp_path, year):
    """B01's `Đạt chuẩn NTM nâng cao` over `Thời điểm | Số QĐ`: the year of that status, as
    before (`thời điểm` is read as `thời gian` is, the time something happened)."""
    _status_groups(tmp_path, year)


# --------------------------------------------------------------------------- ThongTin


def _info(*rows: list[object], year: int = 2023) -> OfficeSheet:
    """The office's ThongTin with the rows of the keys ``rows`` name (in any spelling)
    replaced by them."""
    info = thongtin(year)
    given = {fold(row[0]): row for row in rows}
    info.rows = [given.get(fold(r[0]), r) if r else r for r in info.rows]
    return info


def _thongtin_flags(result) -> list[tuple[str, int, str | None]]:
    return [(f["check_code"], f["row_number"], f["column_name"]) for f in result.flags
            if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize(("value", "year"), [
    ("Lần 02/2024", 2023), ("02/2024", 2023), ("2/2024", 2024), ("Lần 2/2023", 2023),
    ("lần 02/2024", 2024), ("LẦN 02/2024", 2023), ("02/23", 2023), ("Lần 02 / 2024", 2023)])
def test_the_sending_with_its_year_is_that_sending(tmp_path, value, year):
    """`Lần gửi | Lần 02/2024` (or `02/2024`): the second sending, of 2024, as offices number
    what they send by year. A person reads revision 2. Before, no number was read: revision
    1 with a warning, and the second sending conflicted with the first."""
    result = _read(tmp_path, district_sheets(year, ThongTin=_info(["Lần gửi", value],
                                                                  year=year)),
                   name=f"{year}/office.xlsx")
    assert (result.identity.revision, result.identity.revision_given) == (2, True)
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("cell", ["Lần gửi: Lần 02/2024", "Lần gửi 02/2024", "Lần gửi: 2/2024"])
def test_the_sending_with_its_year_in_the_keys_cell(tmp_path, cell):
    """`Lần gửi: Lần 02/2024` in one cell: the key and its value, the second sending."""
    info = thongtin(2023)
    info.rows = [[cell] if r[:1] == ["Lần gửi"] else r for r in info.rows]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert (result.identity.revision, result.identity.revision_given) == (2, True)
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("value", ["02/03/2024", "2/3/2024", "02/24", "02/2", "02/202",
                                   "Lần 02/03/2024", "02/2024/1"])
def test_a_date_or_a_number_over_no_year_is_no_sending(tmp_path, value):
    """`02/03/2024` under `Lần gửi` is a date, `02/24` in a 2023 report a month (or the 24th
    sending of what?): no sending's number, revision 1 with a warning at the cell, as
    before."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(["Lần gửi", value])))
    assert (result.identity.revision, result.identity.revision_given) == (1, False)
    assert _thongtin_flags(result) == [("UNPARSEABLE_VALUE", 10, "B")]


@pytest.mark.parametrize("row", [
    ["Lần gửi", "(1, 2, 3...)", 2], ["Lần gửi", "(1, 2, 3, ...)", 2],
    ["LẦN GỬI", "(lần 1, 2, 3...)", 2], ["Lần gửi", "(1,2,...)", "Lần 2"],
    ["Lần gửi", "(ghi số lần gửi)", 2], [_nfd("Lần gửi"), "(1 / 2 / 3)", 2]])
def test_a_hint_between_the_key_and_its_value_is_passed_over(tmp_path, row):
    """`Lần gửi | (1, 2, 3...) | 2`: the form's hint of what to write, then the value. A
    person reads 2 after the hint. Before, the hint was read as the value: revision 1 with a
    warning."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(row)))
    assert (result.identity.revision, result.identity.revision_given) == (2, True)
    assert not _thongtin_flags(result)
    [stored] = [p for p in result.tables["thongtin"] if p["field"] == "revision"]
    assert stored["value_text"] == str(row[2])


@pytest.mark.parametrize(("row", "read"), [
    (["Năm báo cáo", "(yyyy)", 2023], ("year", 2023)),
    (["Nam bao cao", "(năm)", "2023"], ("year", 2023)),
    (["Ngày lập", "(ngày/tháng/năm)", "10/01/2024"], ("signed_on", dt.date(2024, 1, 10))),
    (["Mã tỉnh", "(2 chữ số)", "20"], ("province_code", "20")),
    (["Cấp báo cáo", "(Huyện/Tỉnh)", "Huyện"], ("level", "district"))])
def test_a_hint_before_any_value_is_passed_over(tmp_path, row, read):
    """`Năm báo cáo | (yyyy) | 2023`, `Ngày lập | (ngày/tháng/năm) | 10/01/2024`: the value
    after the form's hint. Before, the hint was the value: the year unread and the file
    refused, the date unread with a warning."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(row)))
    assert getattr(result.identity, read[0]) == read[1]
    assert not _thongtin_flags(result)


@pytest.mark.parametrize(("row", "revision", "flagged"), [
    (["Lần gửi", "(2)", "bổ sung"], 2, False), (["Lần gửi", "(1, 2, 3...)"], 1, True),
    (["Lần gửi", "(1, 2, 3...)", "Ngày lập", "10/01/2024"], 1, True),
    (["Lần gửi", 2, "(bổ sung)"], 2, False)])
def test_a_bracketed_value_or_a_hint_alone_stays_as_before(tmp_path, row, revision, flagged):
    """`Lần gửi | (2) | bổ sung`: the `(2)` is the value, a number in brackets, not a hint.
    A hint with no value after it (alone, or before the next key) is still what the key
    holds, read as before: revision 1, with a warning at the hint's cell. A note after the
    value is not read in its place."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(row)))
    assert result.identity.revision == revision
    assert bool(_thongtin_flags(result)) is flagged


@pytest.mark.parametrize("province", ["2.0e1", "2.0E1", "20.5", "020a", "20.000", "2,0e1"])
def test_a_number_written_otherwise_is_no_code_and_name(tmp_path, province):
    """`Mã tỉnh | 2.0e1`: a number in scientific notation, not the code 2 with the name `0e1`
    (`20 - Lạng Sơn` is a code and a name: a name begins with a letter). No code a person can
    be sure of: the file is refused naming the cell, as `20.5` or `020a` is. Before, `2.0e1`
    was read as province 02, with only a warning that the name is another province's."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(["Mã tỉnh", province])))
    assert result.identity is None
    assert f"row 4: cannot read '{province}' as a 2-digit code" in result.reject_reason


@pytest.mark.parametrize("province", ["20 - Lạng Sơn", "20. Lạng Sơn", "20: Lang Son", 20])
def test_a_code_with_its_name_is_read_as_before(tmp_path, province):
    """`Mã tỉnh | 20 - Lạng Sơn`: the code and the name, as a drop-down list writes them; read
    as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(["Mã tỉnh", province])))
    assert result.identity.province_code == "20"
    assert not _thongtin_flags(result)
