"""B03 (OCOP products): recognition dates and ratings typed with notes, ratings carrying a
footnote's marker, and remarks giving the end of a certificate's validity, read as a person
reads them (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.ingest.values import parse_stars
from tests.office import district_sheets, thongtin
from tests.test_ingest_ocop import _HEADER, _JUNE, _b03, _b03_flags, _product
from tests.test_ingest_office import _flags, _read


def _b03_errors(result) -> dict[int, str]:
    return {f["row_number"]: f["message"] for f in _flags(result, "UNPARSEABLE_VALUE")
            if f["sheet"] == "B03_OCOP"}


# --------------------------------------------------------------------------- dates


def test_b03_a_recognition_date_with_a_note_on_how_it_was_given_is_read(tmp_path):
    """`15/06/2023 (công nhận lại)`, `15/6/2023 - lần 2`, `15/6/2023 (QĐ 123/QĐ-UBND)`: the
    note says how the certificate was given (again, a second time, by which decision), and
    a person reads the date; before, each was an unreadable date and the unit's OCOP counts
    were left out. A re-recognised product's date is its latest certificate's, as `3 sao
    (công nhận lại)` is its rating. A note saying anything else (`hết hạn`, `dự kiến`, `chờ
    QĐ`, another year) leaves the date unread."""
    typed = {"15/06/2023 (công nhận lại)": _JUNE, "15/6/2023 - lần 2": _JUNE,
             "15/6/2023 (QĐ 123/QĐ-UBND)": _JUNE, "Ngày công nhận: 15/6/2023": _JUNE,
             "15.6.2023 (tái công nhận, lần thứ hai)": _JUNE, "Ngày 15/6/2023": _JUNE,
             "15/6/2023 (QĐ số 12/2023/QĐ-UBND)": _JUNE,
             "15/6/2023 (hết hạn)": None, "15/6/2023 (dự kiến)": None, "15/6/2023 (2024)": None,
             "15/6/2023 (chờ QĐ)": None, "31/6/2023 (lần 2)": None,
             "15/6/2023 (lần đầu)": None}
    body = [_product(k + 1, f"Sản phẩm {k + 1}", date=d) for k, d in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["recognized_on"], r["recognized_year"]) for r in result.tables["b03_ocop"]] == [
        (d, d and d.year) for d in typed.values()]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [
        (row, "G (Ngày công nhận)", "error") for row in range(11, 17)]
    assert not _b03_flags(result, "DATE_PARTIAL")


def test_b03_a_date_without_its_day_with_a_note_keeps_its_year(tmp_path):
    """`06/2023 (công nhận lại)`, `Quý II/2023 - lần 2`: the year, as `06/2023` gives it
    (DATE_PARTIAL); before, an unreadable date. `(lần đầu)`, the first recognition where a
    later one may be in force, and any other note stay unread."""
    typed = {"06/2023 (công nhận lại)": 2023, "Quý II/2023 - lần 2": 2023,
             "tháng 6/2022, cấp tỉnh": 2022, "2021 (QĐ 12/QĐ-UBND)": 2021,
             "06/2023 (hết hạn)": None, "2020 (lần đầu)": None, "06/2023 (2024)": None}
    body = [_product(k + 1, f"Sản phẩm {k + 1}", date=d) for k, d in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["recognized_on"], r["recognized_year"]) for r in result.tables["b03_ocop"]] == [
        (None, y) for y in typed.values()]
    assert _b03_flags(result, "DATE_PARTIAL") == [
        (row, "G (Ngày công nhận)", "warning") for row in range(4, 8)]
    assert [row for row, _, _ in _b03_flags(result, "UNPARSEABLE_VALUE")] == [8, 9, 10]


def test_b03_a_date_cell_saying_its_date_ends_or_is_planned_is_no_recognition_date(tmp_path):
    """`Hết hạn ngày 15/6/2026` under Ngày công nhận gives the end of validity, `Dự kiến ngày
    15/6/2024` a plan: before, each was read as the recognition date (a certificate of
    2026 in a report of 2023), without a flag. A text giving two different dates is not
    guessed between either. A decision's or a re-recognition's words around one date leave
    it read as before."""
    typed = {"Hết hạn ngày 15/6/2026": None, "Dự kiến ngày 15/6/2024": None,
             "ngày 15 tháng 6 năm 2023 (hết hạn)": None,
             "Hiệu lực đến ngày 15/6/2026": None,
             "15/6/2023 (QĐ 12/QĐ-UBND ngày 16/6/2023)": None,
             "Công nhận lại ngày 15/6/2023": _JUNE,
             "QĐ 45/QĐ-UBND ngày 15 tháng 6 năm 2023": _JUNE,
             "Quyết định số 123/QĐ-UBND ngày 15/6/2023 của UBND tỉnh": _JUNE}
    body = [_product(k + 1, f"Sản phẩm {k + 1}", date=d) for k, d in enumerate(typed)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["recognized_on"] for r in result.tables["b03_ocop"]] == list(typed.values())
    errors = _b03_errors(result)
    assert sorted(errors) == [4, 5, 6, 7, 8]
    assert "end of validity" in errors[4] and "two dates" in errors[8]


# --------------------------------------------------------------------------- ratings


@pytest.mark.parametrize(("typed", "stars"), [
    ("5 sao quốc gia", 5), ("3 sao cấp tỉnh", 3), ("4 sao - cấp tỉnh", 4),
    ("3 sao OCOP cấp tỉnh", 3), ("Đạt 4 sao cấp tỉnh", 4), ("4 sao, tiềm năng 5 sao", 4),
    ("Ba sao cấp huyện", 3), ("4 sao công nhận lại", 4), ("5 sao/quốc gia", 5),
    ("3-4 sao", None), ("đang chờ", None), ("dự kiến 4 sao", None), ("4 sao hết hạn", None),
    ("3 sao lên 4 sao", None), ("4 sao dự kiến", None), ("3 sao 2023", None),
    ("4 sao chờ quyết định", None)])
def test_b03_a_rating_with_its_level_written_after_it_is_read(typed, stars):
    """`5 sao quốc gia` says what `5 sao (quốc gia)` says, which was read; without the
    brackets it was an unreadable rating. The same words only: a range, a plan, a wait, a
    lapse or another rating stay unread."""
    if stars is None:
        with pytest.raises(ValueError):
            parse_stars(typed)
    else:
        assert parse_stars(typed) == stars


def test_b03_ratings_written_with_their_level_reach_the_table(tmp_path):
    ratings = {"5 sao quốc gia": 5, "3 sao cấp tỉnh": 3, "dự kiến 4 sao": None}
    body = [_product(k + 1, f"Sản phẩm {k + 1}", stars=s) for k, s in enumerate(ratings)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [(r["stars"], r["stars_text"]) for r in result.tables["b03_ocop"]] == [
        (s, t) for t, s in ratings.items()]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [(6, "F (Số sao)", "error")]


def test_b03_a_rating_with_a_footnotes_marker_is_read_unless_the_footnote_takes_it_back(
        tmp_path):
    """`4 sao*` explained under the list as `(*) Sản phẩm nâng hạng từ 3 sao` is 4 stars, and
    `5 sao (2)` with no explanation 5 (as B01's `x*` is met); before, each was an unreadable
    rating. `3 sao (1)` explained as `(1) Chờ quyết định công nhận`, or a marked rating whose
    remark says it lapsed, is not read; `4**` and `3 (2)` say no rating for certain."""
    header = [*_HEADER, "Ghi chú"]
    body = [[*_product(1, "Hồi", stars="4 sao*"), None],
            [*_product(2, "Chè", stars="3 sao (1)"), None],
            [*_product(3, "Rượu", stars="5 sao (2)"), None],
            [*_product(4, "Đào", stars="Hạng 4 sao (*)"), "Sản phẩm chủ lực"],
            [*_product(5, "Na", stars="4 sao*"), "Đã thu hồi"],
            [*_product(6, "Mận", stars="4**"), None],
            [*_product(7, "Gối", stars="3 (2)"), None],
            [],
            ["Ghi chú: (*) Sản phẩm nâng hạng từ 3 sao"],
            ["(1) Chờ quyết định công nhận"]]
    result = _read(tmp_path, district_sheets(B03=_b03(body, header)))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4, None, 5, 4, None, None, None]
    errors = _b03_errors(result)
    assert sorted(errors) == [5, 8, 9, 10]
    assert "row 13: '(1) Chờ quyết định công nhận'" in errors[5]
    assert "'Đã thu hồi'" in errors[8]


# --------------------------------------------------------------------------- validity


def test_b03_a_remark_giving_the_end_of_validity_counts_the_rating_only_past_the_year_end(
        tmp_path):
    """`Hết hạn ngày 15/6/2026` beside a certificate of 15 June 2023, in a report of 2023:
    in force on 31 December 2023 and ending in the third year after its recognition, as
    every certificate does, so it counts where the year of recognition says; before, any
    remark with `hết hạn` kept the rating out (an error). An end by 31 December of the
    reporting year, or one that is not 36 months after the recognition, keeps it out; and
    `Hiệu lực đến 15/6/2023` (valid until mid-2023), before read as in force, now does too."""
    may = dt.date(2021, 5, 10)
    remarks = [("Hết hạn ngày 15/6/2026", _JUNE, 3), ("Hiệu lực đến 15/6/2026", _JUNE, 3),
               ("Còn hiệu lực đến tháng 6/2026", _JUNE, 3), ("GCN hết hạn năm 2026", _JUNE, 3),
               ("Hết hạn ngày 10/5/2024", may, 3),
               ("Hết hạn ngày 15/6/2023", _JUNE, None), ("Hiệu lực đến 15/6/2023", _JUNE, None),
               ("Còn hiệu lực đến 15/6/2023", _JUNE, None),
               ("Hết hạn ngày 15/6/2025", _JUNE, None), ("Hết hạn", _JUNE, None),
               ("Đã thu hồi, hết hạn 15/6/2026", _JUNE, None),
               ("Hết hạn ngày 10/5/2023", dt.date(2020, 5, 10), None),
               ("Công nhận lại ngày 15/6/2023", _JUNE, 3)]
    body = [[*_product(k + 1, f"Sản phẩm {k + 1}", date=on), remark]
            for k, (remark, on, _) in enumerate(remarks)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, "Ghi chú"])))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [s for _, _, s in remarks]
    assert _b03_flags(result, "UNPARSEABLE_VALUE") == [
        (row, "J (Ghi chú)", "error") for row in range(9, 16)]
    errors = _b03_errors(result)
    assert "15/06/2023, by 31 December 2023" in errors[9]
    assert "not 36 months after a recognition of 2023" in errors[12]
    assert "may say the certificate" in errors[13]


def test_b03_a_rating_remarked_as_awaiting_its_decision_is_not_counted(tmp_path):
    """`Chờ quyết định công nhận`, `Đã trình UBND tỉnh`, `Chưa có QĐ` beside 4 stars: the
    rating is not yet a certificate (as a B01 status so remarked is not read); before, it
    counted in force. A pending upgrade to another rating leaves the one held read, as do
    remarks that say nothing of a decision, and a denial (`Không bị thu hồi`, before an
    error as if it said the certificate was withdrawn)."""
    remarks = {"Chờ quyết định công nhận": None, "Đã trình UBND tỉnh": None,
               "Chưa có QĐ": None, "Chờ QĐ công nhận 4 sao": None,
               "Chờ QĐ nâng hạng 5 sao": 4, "Đã được công nhận": 4,
               "Sản phẩm của HTX chờ đầu tư": 4, "Không bị thu hồi": 4}
    body = [[*_product(k + 1, f"Sản phẩm {k + 1}", stars=4), remark]
            for k, remark in enumerate(remarks)]
    result = _read(tmp_path, district_sheets(B03=_b03(body, [*_HEADER, "Ghi chú"])))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == list(remarks.values())
    errors = _b03_errors(result)
    assert sorted(errors) == [4, 5, 6, 7]
    assert "only proposed or awaits its decision" in errors[4]


def test_thongtin_a_signing_date_beside_the_date_its_figures_run_to_is_read_as_before(
        tmp_path):
    """Pinning, near the rule for B03's date cells naming two dates: ThongTin's `Ngày lập`
    written with the day its figures run to is still the signing date."""
    sheets = district_sheets(B03=_b03([_product(1, "Hồi")]))
    sheets[0] = thongtin(signed="Lạng Sơn, ngày 10/01/2024 (số liệu đến 31/12/2023)")
    result = _read(tmp_path, sheets)
    assert result.identity.signed_on == dt.date(2024, 1, 10)
