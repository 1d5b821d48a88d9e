"""ThongTin's status years as offices write them: a year planned under a status year's key,
and a year typed with the decision that recognised it.

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be read is kept out with a flag naming its cell.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipelines.ingest.values import CellError, parse_year
from tests.office import OfficeSheet, b01_two_row_header, district_sheets, thongtin
from tests.test_ingest_office import _read


def _with(*rows: list) -> OfficeSheet:
    """The office's ThongTin of 2023 with ``rows`` added at its end."""
    info = thongtin(2023)
    info.rows += [list(r) for r in rows]
    return info


def _thongtin_flags(result) -> list[dict]:
    return [f for f in result.flags if f["sheet"] == "ThongTin"]


def _row(result, key: str) -> dict:
    """The raw.thongtin row of ``key`` (stored in NFC, as a person sees it)."""
    return next(r for r in result.tables["thongtin"]
                if r["key"] == unicodedata.normalize("NFC", key))


# --------------------------------------------------------------- a status year planned

_PLANNED_KEYS = [
    "Năm đạt chuẩn huyện NTM (dự kiến)", "Năm đạt chuẩn huyện NTM (đăng ký)",
    "Năm đạt chuẩn huyện NTM (kế hoạch)", "Năm đạt chuẩn huyện NTM (đề nghị xét công nhận)",
    "Năm đạt chuẩn huyện NTM (chờ Trung ương thẩm định)",
    "Năm đạt chuẩn huyện NTM theo lộ trình", "Năm đạt chuẩn NTM (phấn đấu)",
    "Năm huyện đạt chuẩn NTM (dự kiến)", "Năm đạt chuẩn NTM theo kế hoạch",
    "Năm đạt chuẩn huyện NTM (xét công nhận)", "Năm đạt chuẩn NTM (mục tiêu)",
    "NĂM ĐẠT CHUẨN HUYỆN NTM (DỰ KIẾN)", "Nam dat chuan huyen NTM (du kien)",
    unicodedata.normalize("NFD", "Năm đạt chuẩn huyện NTM (đăng ký)"),
    # a higher level's year planned, and a planned year's key with its plan's words first
    "Năm đạt chuẩn huyện NTM nâng cao (dự kiến)", "Năm huyện đạt NTM kiểu mẫu (đăng ký)",
    "Năm đăng ký đạt chuẩn huyện NTM", "Dự kiến năm đạt chuẩn huyện NTM"]


@pytest.mark.parametrize("key", _PLANNED_KEYS)
def test_a_status_year_under_a_key_naming_a_plan_is_not_read(tmp_path, key):
    """`Năm đạt chuẩn huyện NTM (dự kiến) | 2023` in a 2023 report: a person reads that the
    district is not recognised yet, 2023 being the year it plans (registers, proposes, awaits
    the appraisal) to be. The year is read neither as the district's NTM year nor as a higher
    level's: the row is kept as a planned status year, and a warning at its value's cell says
    why. Before, 2023 was the district's NTM year without a word, and the province's count of
    districts recognised (SO_HUYEN_DAT_CHUAN) counted it."""
    result = _read(tmp_path, district_sheets(ThongTin=_with([key, 2023])))
    assert result.identity.district_ntm_year is None
    assert _row(result, key)["field"] == "planned_status_year"
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"],
            flag["raw_value"]) == ("UNPARSEABLE_VALUE", "warning", 11, "B", "2023")
    assert unicodedata.normalize("NFC", key) in flag["message"]
    assert "not read" in flag["message"]


def test_a_planned_year_in_one_cell_with_its_key_is_not_read(tmp_path):
    """`Năm đạt chuẩn huyện NTM (dự kiến): 2025` in one cell: the same planned year, flagged at
    that cell."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM (dự kiến): 2025"])))
    assert result.identity.district_ntm_year is None
    [flag] = _thongtin_flags(result)
    assert (flag["row_number"], flag["column_name"], flag["raw_value"]) == (11, "A", "2025")


def test_a_planned_year_beside_the_recognition_year_leaves_it_read(tmp_path):
    """`Năm đạt chuẩn huyện NTM (dự kiến) | 2025` above `Năm đạt chuẩn huyện NTM | 2020`: the
    district was recognised in 2020, and the planned year is another key's, flagged. Before,
    the first key was taken as the NTM year and 2020 was passed over."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM (dự kiến)", 2025], ["Năm đạt chuẩn huyện NTM", 2020])))
    assert result.identity.district_ntm_year == 2020
    assert [f["row_number"] for f in _thongtin_flags(result)] == [11]


@pytest.mark.parametrize("key", [
    "Năm đạt chuẩn huyện NTM", "Năm đạt chuẩn NTM (huyện)", "Năm đạt chuẩn huyện NTM (nếu có)",
    "Năm được công nhận huyện NTM", "NĂM ĐẠT CHUẨN HUYỆN NTM"])
def test_a_status_year_key_naming_no_plan_is_read_as_before(tmp_path, key):
    """`Năm đạt chuẩn huyện NTM | 2020` and its other spellings: the year the district was
    recognised, as before, without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=_with([key, 2020])))
    assert result.identity.district_ntm_year == 2020
    assert _row(result, key)["field"] == "district_ntm_year"
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("value", [None, "-"])
def test_a_planned_year_left_blank_says_nothing(tmp_path, value):
    """`Năm đạt chuẩn huyện NTM (dự kiến)` left blank or dashed, as a form leaves it: nothing
    to read, nothing to say."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM (dự kiến)", value])))
    assert result.identity.district_ntm_year is None
    assert not _thongtin_flags(result)


def test_a_higher_levels_year_not_planned_stays_that_levels(tmp_path):
    """`Năm đạt chuẩn huyện NTM nâng cao | 2022` beside `Năm đạt chuẩn huyện NTM | 2020`: the
    advanced level's year, known and not read, as before; the NTM year is 2020."""
    key = "Năm đạt chuẩn huyện NTM nâng cao"
    result = _read(tmp_path, district_sheets(ThongTin=_with(
        ["Năm đạt chuẩn huyện NTM", 2020], [key, 2022])))
    assert result.identity.district_ntm_year == 2020
    assert _row(result, key)["field"] == "district_higher_level_year"
    assert not _thongtin_flags(result)


# --------------------------------------------------------------- a year with its decision


@pytest.mark.parametrize(("value", "year"), [
    ("2020 (QĐ số 123/QĐ-TTg ngày 15/3/2021)", 2020),
    ("2020 (Quyết định số 123/QĐ-TTg ngày 15/3/2021 của Thủ tướng Chính phủ)", 2020),
    ("Năm 2020 - QĐ 123/QĐ-TTg", 2020), ("Đạt chuẩn năm 2020 (QĐ 123/QĐ-TTg ngày 15/3/2021)", 2020),
    ("2020 (QĐ số 123/QĐ-TTg ngày 15/3/2020)", 2020)])
def test_the_year_typed_first_with_its_decision_is_the_year(tmp_path, value, year):
    """`Năm đạt chuẩn huyện NTM | 2020 (QĐ số 123/QĐ-TTg ngày 15/3/2021)`: a person reads 2020,
    the year typed as the value; the decision recognising the district for 2020 is dated the
    next year. Before, 2021 was read from the decision's date, without a flag."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(["Năm đạt chuẩn huyện NTM", value])))
    assert result.identity.district_ntm_year == year
    assert not _thongtin_flags(result)


@pytest.mark.parametrize("value", [
    "QĐ số 123/QĐ-TTg ngày 15/3/2021 (đạt chuẩn năm 2020)", "2020 ngày 15/3/2021",
    "2021 (QĐ số 123/QĐ-TTg ngày 15/3/2020)", "2020 (công nhận lại, QĐ ngày 15/3/2023)"])
def test_a_value_naming_two_years_that_cannot_be_told_apart_is_not_read(tmp_path, value):
    """A decision's date beside another year, where which is the recognition's cannot be told
    (the year in a note after the date, a date without a decision cited, a decision dated
    before the year typed, a recognition again): not read, a warning at the value's cell.
    Before, the date's year was read."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(["Năm đạt chuẩn huyện NTM", value])))
    assert result.identity.district_ntm_year is None
    [flag] = _thongtin_flags(result)
    assert (flag["check_code"], flag["severity"], flag["row_number"], flag["column_name"],
            flag["raw_value"]) == ("UNPARSEABLE_VALUE", "warning", 11, "B", value)


@pytest.mark.parametrize(("value", "year"), [
    (dt.date(2021, 3, 15), 2021), ("15/3/2021", 2021), ("QĐ số 123/QĐ-TTg ngày 15/3/2021", 2021),
    ("QĐ số 12/2021/QĐ-TTg ngày 15/3/2021", 2021), ("Năm 2020", 2020), ("Đạt 2020", 2020),
    ("Tháng 12/2020", None), ("Đạt chuẩn năm 2019; đạt NTM nâng cao năm 2023", None),
    ("Đăng ký đạt chuẩn năm 2025", None), ("Dự kiến 2025", None),
    ("Phấn đấu đạt năm 2025", None), ("Đề nghị công nhận năm 2023", None), ("Chưa đạt", None),
    ("2020 (dự kiến)", None), ("2020 (QĐ 123)", None)])
def test_status_year_values_read_as_before(tmp_path, value, year):
    """A date, or a decision with its date, is read as its year (a decision's number carrying
    its year is no second year); a year, with the word for reached or not; a month, two
    statuses' years, a plan, a request, not reached, a year with a plan's note or a decision
    without its number are not read, each with a warning at its cell, as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_with(["Năm đạt chuẩn huyện NTM", value])))
    assert result.identity.district_ntm_year == year
    assert [(f["check_code"], f["column_name"]) for f in _thongtin_flags(result)] == (
        [] if year else [("UNPARSEABLE_VALUE", "B")])


def test_a_b01_status_year_typed_with_its_decision_is_the_year_typed(tmp_path):
    """The same rule where B01 gives a commune's NTM year: `2019 (QĐ số 12/QĐ-UBND ngày
    20/01/2020)` is 2019, the year typed; before, 2020, the decision's. A year with a
    decision's date of another year and no decision cited stays unread."""
    b01 = b01_two_row_header()
    col = b01.find("NTM")[1]
    first, second = b01.find("06532")[0], b01.find("06541")[0]
    b01.rows[first][col] = "2019 (QĐ số 12/QĐ-UBND ngày 20/01/2020)"
    b01.rows[second][col] = "2019 ngày 20/01/2020"
    result = _read(tmp_path, district_sheets(B01=b01))
    rows = result.tables["b01_communes"]
    assert [r["ntm_year"] for r in rows][:2] == [2019, None]
    assert [(f["row_number"], f["raw_value"]) for f in result.flags
            if f["check_code"] == "UNPARSEABLE_VALUE"] == [(second + 1, "2019 ngày 20/01/2020")]


def test_the_year_parser_tells_the_year_typed_from_its_decisions_date():
    """The year parser alone: the year typed first with its decision, the date's year alone,
    and two years that cannot be told apart (an error saying so)."""
    assert parse_year("2020 (QĐ số 123/QĐ-TTg ngày 15/3/2021)") == 2020
    assert parse_year("QĐ số 123/QĐ-TTg ngày 15/3/2021") == 2021
    with pytest.raises(CellError, match="two different years"):
        parse_year("2020 ngày 15/3/2021")
