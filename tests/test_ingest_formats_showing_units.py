"""Numbers whose number format shows a unit beside the figure (``#,##0.0 "tỷ VNĐ"``,
``#,##0 [$₫-42A]``): a person reads the figure with the text the format shows, so the cell is
judged as that text typed in it would be (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import unicodedata

import pytest

from pipelines.ingest.sheet_xml import shown_format
from tests.office import B02_VALUES, b02_sheet, district_sheets
from tests.test_ingest_office import _b04, _b06, _b06_values, _flags, _province, _read

_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _amounts(result) -> dict[str, float | None]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]}


def _formatted(values: dict[str, object], formats: dict[str, str],
               header: list[str] | None = None):
    return district_sheets(B02=b02_sheet(header or _HEADER, values=values, formats=formats))


_BILLIONS = ['#,##0.000 "tỷ VNĐ"', '#,##0.000 "tỷ VND"', '#,##0.000 "Tỷ VNĐ"',
             '#,##0.000 "TỶ VNĐ"', '#,##0.000 "tỷ đồng VN"', '#,##0.000 "tỷ ₫"',
             '#,##0.000 "(tỷ đồng)"', '#,##0.000\\ "tỷ VNĐ"',
             unicodedata.normalize("NFD", '#,##0.000 "tỷ VNĐ"')]


@pytest.mark.parametrize("code", _BILLIONS)
def test_b02_amounts_formatted_in_billions_of_any_spelling_are_read_in_billions(
        tmp_path, code):
    """`1,2005` formatted `#,##0.000 "tỷ VNĐ"` shows `1,201 tỷ VNĐ` under `Giá trị (triệu
    đồng)`: a person reads 1,200.5 million, as `1,2005 tỷ VNĐ` typed is read. Only a few
    spellings (`tỷ`, `tỷ đồng`) were read; the others were dropped and 1.2005 million
    stored, without a flag."""
    values = {k: v / 1000 for k, v in B02_VALUES.items()}
    result = _read(tmp_path, _formatted(values, dict.fromkeys(values, code)))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert {r["value_unit"] for r in result.tables["b02_funding"]} == {"tỷ đồng"}
    assert not [f for f in result.flags if f["severity"] == "error"]


def test_b02_an_amount_formatted_in_thousand_billions_is_read_so(tmp_path):
    """`0,0012005` formatted `0.0000000 "nghìn tỷ"` is 1,200.5 million: `nghìn tỷ` was
    dropped and 0.0012005 million stored."""
    values = {**B02_VALUES, "1": 0.0012005}
    result = _read(tmp_path, _formatted(values, {"1": '0.0000000 "nghìn tỷ"'}))
    assert _amounts(result) == pytest.approx(B02_VALUES)


@pytest.mark.parametrize("code", ['#,##0 "₫"', "#,##0 [$₫-42A]", "[$₫-42A] #,##0",
                                  '_-* #,##0\\ "₫"_-;-* #,##0\\ "₫"_-;_-* "-"\\ "₫"_-;_-@_-'])
def test_b02_an_amount_formatted_with_the_dong_sign_is_read_in_dong(tmp_path, code):
    """One row typed in đồng in Excel's Vietnamese currency format shows `200.000.000 ₫`: a
    person reads 200 million VND. The sign was dropped and 200,000,000 million stored (too
    small a row for the sheet's size checks to see)."""
    values = {**B02_VALUES, "6.1": 200_000_000}
    result = _read(tmp_path, _formatted(values, {"6.1": code}))
    assert _amounts(result) == B02_VALUES
    cash = next(r for r in result.tables["b02_funding"] if r["source_code"] == "6.1")
    assert cash["value_unit"] == "đồng"


def test_b02_amounts_formatted_in_millions_under_a_header_in_dong_are_read_in_millions(
        tmp_path):
    """`Giá trị (đồng)` over figures formatted `#,##0.0 "triệu VNĐ"` (`1.200,5 triệu VNĐ`):
    each figure names its unit, and is read in it; before, the whole sheet was refused as
    too small for đồng."""
    result = _read(tmp_path, _formatted(B02_VALUES, dict.fromkeys(B02_VALUES,
                                                                  '#,##0.0 "triệu VNĐ"'),
                                        ["Mã nguồn", "Nguồn vốn", "Giá trị (đồng)"]))
    assert _amounts(result) == B02_VALUES
    assert not [f for f in result.flags if f["severity"] == "error"]


@pytest.mark.parametrize("code", ['#,##0 "USD"', "[$$-409]#,##0", '#,##0 "ng."'])
def test_b02_an_amount_formatted_in_another_money_is_refused_as_typed_it_is(tmp_path, code):
    """`1.200 USD` shown in an amount in million VND cannot be converted: it is refused with
    an error at the cell, as `1.200 USD` typed is; it was stored as 1,200 million VND. The
    rows beside it are read."""
    values = {**B02_VALUES, "1": 1200.0}
    result = _read(tmp_path, _formatted(values, {"1": code}))
    assert _amounts(result) == {**B02_VALUES, "1": None}
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["row_number"] == 3]
    assert flag["severity"] == "error" and flag["column_name"].startswith("C")


@pytest.mark.parametrize("code", ["#,##0", '_-* #,##0\\ _₫_-;-* #,##0\\ _₫_-;_-* "-"\\ _₫_-;_-@_-',
                                  "[$-42A]#,##0", "_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-",
                                  "0.0_);(0.0)", "[Red]#,##0.0"])
def test_b02_amounts_in_formats_showing_no_unit_are_read_as_before(tmp_path, code):
    """Excel's Vietnamese accounting format pads with the width of `₫` (`_₫`) and shows no
    sign; `[$-42A]` names a language only: the figures are read in the header's unit."""
    result = _read(tmp_path, _formatted(B02_VALUES, dict.fromkeys(B02_VALUES, code)))
    assert _amounts(result) == B02_VALUES
    assert not _flags(result, "UNIT_CONVERTED")


def test_b02_a_figure_shown_in_billions_is_not_read_in_the_sheets_english_style(tmp_path):
    """`1,201 tỷ` shown by `#,##0.000" tỷ"` beside `1,800.5` typed in English style: a person
    reads 1.201 billion, 1,201 million. The shown figure was read in the sheet's English
    style, as 1,201 billion: a thousand times too much."""
    values = {**B02_VALUES, "1": 1.201, "2": "1,800.5"}
    result = _read(tmp_path, _formatted(values, {"1": '#,##0.000" tỷ"'}))
    amounts = _amounts(result)
    assert (amounts["1"], amounts["2"]) == (pytest.approx(1201.0), 1800.5)


def test_b06_money_formatted_in_billions_is_read_in_billions(tmp_path):
    """B06 `TONG_VON | 1,5205` formatted `#,##0.0000 "tỷ VNĐ"` is 1,520.5 million VND; it
    was stored as 1.5205 million. A count beside it is read as before."""
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [["SO_XA", "Số xã", 200], ["TONG_VON", "Tổng vốn huy động", 1.5205]])
    b06.formats[(3, 2)] = '#,##0.0000 "tỷ VNĐ"'
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    values = _b06_values(result)
    assert values["TONG_VON"] == (pytest.approx(1520.5), "tỷ đồng")
    assert values["SO_XA"][0] == 200.0


@pytest.mark.parametrize(("typed", "amount"), [("200.000.000 ₫", 200.0), ("200.000.000₫", 200.0),
                                               ("₫ 200.000.000", 200.0), ("0,2 tỷ ₫", 200.0),
                                               ("0,2 (tỷ đồng)", 200.0)])
def test_b02_amounts_typed_with_the_dong_sign_or_a_bracketed_unit_are_read(
        tmp_path, typed, amount):
    """`200.000.000 ₫` and `0,2 (tỷ đồng)` typed: a person reads 200 million VND; each was
    refused as no number."""
    values = {**B02_VALUES, "6.1": typed}
    result = _read(tmp_path, _formatted(values, {}))
    assert _amounts(result)["6.1"] == pytest.approx(amount)


def test_b02_an_amount_typed_with_a_note_in_brackets_is_still_refused(tmp_path):
    """`200 triệu (ước)` carries a note (an estimate), not a unit: it stays unread."""
    result = _read(tmp_path, _formatted({**B02_VALUES, "6.1": "200 triệu (ước)"}, {}))
    assert _amounts(result)["6.1"] is None


def test_shown_format_tells_the_money_a_format_shows_in_any_spelling():
    assert shown_format("#,##0 [$₫-42A]") == (1, "₫")
    assert shown_format('0.0 "tỷ VNĐ"') == (1, "tỷ VNĐ")
    assert shown_format('0.0 "nghìn tỷ"') == (1, "nghìn tỷ")
    assert shown_format('#,##0 "USD"') == (1, "USD")
    assert shown_format("[$-42A]#,##0") is None
    assert shown_format('_-* #,##0\\ _₫_-;-* #,##0\\ _₫_-;_-* "-"\\ _₫_-;_-@_-') is None


@pytest.mark.parametrize(("code", "value"), [('#,##0 "m2"', 5000), ('0 "ngày công"', 120),
                                             ('0.0"%"', 57.1), ("0.0\\%", 57.1),
                                             ('0.0 "%"', 57.1)])
def test_b02_an_amount_formatted_with_another_unit_or_a_share_sign_is_refused(
        tmp_path, code, value):
    """Hiến đất `5000` formatted `#,##0 "m2"` shows `5.000 m2`, `57,1` formatted `0.0"%"`
    shows `57,1%`: no amount of money, as the same text typed is not; each was stored as
    5,000 or 57.1 million VND without a flag. The rows beside it are read."""
    result = _read(tmp_path, _formatted({**B02_VALUES, "6.2": value}, {"6.2": code}))
    assert _amounts(result) == {**B02_VALUES, "6.2": None}
    (flag,) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["row_number"] == 7]
    assert flag["severity"] == "error"


def test_b06_counts_formatted_with_what_they_count_are_read_as_typed_so(tmp_path):
    """`SO_XA | 11` formatted `0" huyện"` shows `11 huyện`: not communes, refused as `11
    huyện` typed is (it was read as 11 communes); `0.0"%"` shows a share, refused as `60,0%`
    typed is; `0" xã"` shows what SO_XA counts, and is read."""
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Giá trị"],
               [["SO_XA", "Số xã", 11], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn", 60],
                ["SO_XA_NANG_CAO", "Số xã NTM nâng cao", 15]])
    b06.formats.update({(2, 2): '0" huyện"', (3, 2): '0.0"%"', (4, 2): '0" xã"'})
    result = _read(tmp_path, _province(b06), name="2023/p.xlsx")
    values = {code: v for code, (v, _) in _b06_values(result).items()}
    assert values == {"SO_XA": None, "SO_XA_DAT_CHUAN": None, "SO_XA_NANG_CAO": 15.0}
    refused = {f["indicator_code"] for f in _flags(result, "UNPARSEABLE_VALUE")}
    assert {"SO_XA", "SO_XA_DAT_CHUAN"} <= refused


def test_b04_a_share_formatted_with_a_percent_sign_in_quotes_is_read_as_a_share(tmp_path):
    """`Tỷ lệ BHYT | %` with `92,5` formatted `0.0 "%"` shows `92,5 %`: read as 92.5 %, as
    before and as `92,5 %` typed is."""
    body = [["TY_LE_BHYT", "Tỷ lệ người tham gia BHYT", "%", 95, 92.5, 96]]
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                "Kế hoạch năm sau"], body)
    b04.formats[(2, 4)] = '0.0 "%"'
    (row,) = _read(tmp_path, district_sheets(B04=b04)).tables["b04_targets"]
    assert row["actual"] == 92.5
