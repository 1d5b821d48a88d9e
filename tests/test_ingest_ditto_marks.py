"""Ditto marks as offices type them instead of repeating the cell above: `nt`, `NT`, `-nt-`,
`Như trên`, `"`, `〃`, `-"-` (docs/ingest.md, "What the intake understands").

B02's `Đơn vị tính` column with `Tỷ đồng | 1,2005` on the first row and `nt | 0,8` below:
a person reads 0,8 billion, 800 million VND. The ditto was read as a unit that is not money,
and the row's money was not read (a warning). B04's and B06's `Đơn vị tính` (`%`, `xã`, then
`nt`): the row's figures were not read (UNIT_CONFLICT, `nt` measures something else). B03's
products recognised by the same decision (`123/QĐ-UBND` then `nt`), on the same date, at the
same level, by the same producer: `nt` was stored as the decision number, level or producer,
and the date was an error.

A ditto under a blank cell, on the first row or under a heading repeats nothing: read as
before. A ditto where a figure goes (stars, an amount, a target) is not read, as before: the
rule reads units, dates, decisions, levels and producers, never figures. B02's guards are
those of a unit typed once at the top (tests/test_ingest_b02_units_down_and_amount_parts.py):
not on donated land, labour days or goods in kind, not under a quantity's unit, not where the
header contradicts the unit above.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_ocop import _HEADER as _B03_HEADER
from tests.test_ingest_ocop import _b03, _b03_flags, _product
from tests.test_ingest_office import _b04, _b06, _flags, _read

B02 = "B02_NguonVon"
NAMES = {"1": "Ngân sách trung ương", "2": "Ngân sách địa phương", "6": "Cộng đồng dân cư",
         "6.1": "Tiền mặt", "6.2": "Hiến đất", "6.3": "Ngày công lao động"}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


DITTOS = ["nt", "NT", "-nt-", "- nt -", "Như trên", "như trên", "NHƯ TRÊN", "Nhu tren",
          _nfd("Như trên"), '"', "〃", '-"-', "”"]


# --------------------------------------------------------------------------- B02

def _b02(units: dict[str, str | None], values: dict[str, float], *,
         value_header: str = "Giá trị") -> OfficeSheet:
    """`Mã nguồn | Nguồn vốn | Đơn vị tính | <value>`, a row per source with its unit cell."""
    rows = [["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
            ["Mã nguồn", "Nguồn vốn", "Đơn vị tính", value_header]]
    rows += [[code, NAMES[code], units.get(code), value] for code, value in values.items()]
    return OfficeSheet(B02, rows)


def _amounts(result) -> dict[str, float | None]:
    return {r["source_code"]: r["amount_million_vnd"] for r in result.tables["b02_funding"]
            if r["source_code"] is not None}


def _b02_flags(result, severity: str) -> list[tuple[str, int]]:
    return [(f["check_code"], f["row_number"]) for f in result.flags
            if f["sheet"] == B02 and f["severity"] == severity]


@pytest.mark.parametrize("ditto", DITTOS)
def test_b02_a_ditto_under_a_money_unit_is_that_unit(tmp_path, ditto):
    """`Tỷ đồng | 1,2005` over `nt | 0,8`: 800 million VND. Before, the ditto was a unit that
    is not money: the row's money was not read (UNPARSEABLE_VALUE warning)."""
    sheet = _b02({"1": "Tỷ đồng", "2": ditto}, {"1": 1.2005, "2": 0.8})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0}
    assert not _b02_flags(result, "error")
    assert ("UNPARSEABLE_VALUE", 4) not in _b02_flags(result, "warning")


def test_b02_dittos_down_the_column_and_blanks_under_them(tmp_path):
    """`Tỷ đồng`, `nt`, `nt`, then a blank: each is the billions typed at the top."""
    sheet = _b02({"1": "Tỷ đồng", "2": "nt", "6": "Như trên"},
                 {"1": 1.2005, "2": 0.8, "6": 0.35, "6.1": 0.2})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0}
    assert not _b02_flags(result, "error")


@pytest.mark.parametrize("unit", ["Triệu đồng", "triệu đồng"])
def test_b02_a_ditto_under_the_templates_unit_is_million_vnd(tmp_path, unit):
    """`Triệu đồng` then `nt`: million VND. Before, the row's money was not read."""
    sheet = _b02({"1": unit, "2": "nt"}, {"1": 1200.5, "2": 800})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0}
    assert not _b02_flags(result, "error")


def test_b02_a_ditto_on_land_labour_or_goods_is_in_doubt(tmp_path):
    """Land and labour days (6.2, 6.3) are also given as quantities: a ditto of `Tỷ đồng`
    there is in doubt, as a blank is. Not read, an error at each."""
    units = {"1": "Tỷ đồng", "2": "nt", "6": "nt", "6.1": "nt", "6.2": "nt", "6.3": "nt"}
    values = {"1": 1.2005, "2": 0.8, "6": 0.35, "6.1": 0.2, "6.2": 0.1, "6.3": 0.05}
    result = _read(tmp_path, district_sheets(B02=_b02(units, values)))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6": 350.0, "6.1": 200.0,
                                "6.2": None, "6.3": None}
    assert _b02_flags(result, "error") == [("UNIT_ASSUMED", 7), ("UNIT_ASSUMED", 8)]


def test_b02_a_ditto_under_a_quantitys_unit_is_in_doubt(tmp_path):
    """`m2` on the land's row, `nt` on the labour days' below: not read, an error."""
    sheet = _b02({"1": "Tỷ đồng", "2": "nt", "6.2": "m2", "6.3": "nt"},
                 {"1": 1.2005, "2": 0.8, "6.2": 1000, "6.3": 300})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6.2": None, "6.3": None}
    land = next(r for r in result.tables["b02_funding"] if r["source_code"] == "6.2")
    assert (land["quantity"], land["quantity_unit"]) == (1000.0, "m2")
    assert _b02_flags(result, "error") == [("UNIT_ASSUMED", 6)]


def test_b02_a_ditto_under_a_unit_the_header_contradicts_is_in_doubt(tmp_path):
    """`Giá trị (triệu đồng)` with `Tỷ đồng` on the first row (its own unit used, an error)
    and `nt` below: which unit the ditto's row is in cannot be told. Not read."""
    sheet = _b02({"1": "Tỷ đồng", "2": "nt"}, {"1": 1.2005, "2": 800},
                 value_header="Giá trị (triệu đồng)")
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": None}
    assert sorted(_b02_flags(result, "error")) == [("UNIT_CONFLICT", 3), ("UNIT_CONFLICT", 4)]


@pytest.mark.parametrize("units", [{"1": "nt"}, {"1": "Tỷ đồng", "6": "nt"}],
                         ids=["first row", "under a blank"])
def test_b02_a_ditto_with_nothing_above_it_reads_as_before(tmp_path, units):
    """On the first row, or under a blank: it repeats nothing; the row's money is not
    read, with the warning it always had."""
    values = {"1": 1.2005, "2": 0.8, "6": 0.35}
    result = _read(tmp_path, district_sheets(B02=_b02(units, values)))
    ditto = next(code for code, unit in units.items() if unit == "nt")
    assert _amounts(result)[ditto] is None
    row = 3 + list(values).index(ditto)
    assert ("UNPARSEABLE_VALUE", row) in _b02_flags(result, "warning")


def test_b02_units_on_every_row_read_as_before(tmp_path):
    sheet = _b02({"1": "Tỷ đồng", "2": "Triệu đồng", "6.2": "m2", "6.3": "Ngày công"},
                 {"1": 1.2005, "2": 800, "6.2": 1000, "6.3": 50})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == {"1": 1200.5, "2": 800.0, "6.2": None, "6.3": None}
    assert not _b02_flags(result, "error")


def test_b02_a_ditto_where_the_amount_goes_is_not_read(tmp_path):
    """`nt` in `Giá trị`: no figure is repeated. Not read, as before."""
    sheet = _b02({"1": "Tỷ đồng", "2": "Tỷ đồng"}, {"1": 1.2005, "2": "nt"})
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result)["2"] is None


# --------------------------------------------------------------------------- B03

def _ocop(result) -> dict[int, tuple]:
    return {r["row_number"]: (r["producer"], r["recognized_on"], r["decision_no"],
                              r["recognition_level"], r["stars"])
            for r in result.tables["b03_ocop"]}


def _row(n: int, name: str, producer: object = "HTX Nông sản Lộc Bình", stars: object = 3,
         date: object = dt.date(2023, 6, 15), decision: object = "123/QĐ-UBND",
         level: object = "Huyện") -> list[object]:
    return [n, name, producer, "06532", 1, stars, date, decision, level]


_FIRST = ("HTX Nông sản Lộc Bình", dt.date(2023, 6, 15), "123/QĐ-UBND", "Huyện", 3)


@pytest.mark.parametrize("ditto", DITTOS)
def test_b03_a_ditto_repeats_the_producer_date_decision_and_level(tmp_path, ditto):
    """Products recognised by the same decision: `nt` under `123/QĐ-UBND` is that decision,
    and so for the date, the level and the producer. Before, `nt` was stored as each, and
    the date was an error."""
    body = [_row(1, "Chè Shan tuyết"),
            _row(2, "Hồi Lạng Sơn", ditto, 4, ditto, ditto, ditto),
            _row(3, "Mận Hậu", ditto, 3, ditto, ditto, ditto)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert _ocop(result) == {4: _FIRST, 5: (*_FIRST[:4], 4), 6: _FIRST}
    assert {r["recognized_year"] for r in result.tables["b03_ocop"]} == {2023}
    assert not [f for f in _b03_flags(result, "UNPARSEABLE_VALUE") if f[2] == "error"]
    # the stored cells are not what was typed: each column's rows so read are named
    said = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
            and f["severity"] == "info" and "ditto" in f["message"]]
    assert sorted(f["column_name"].split()[0] for f in said) == ["C", "G", "H", "I"]
    assert all("rows 5, 6" in f["message"] and f["row_number"] == 5 for f in said)


def test_b03_a_ditto_repeats_the_cell_as_typed_above(tmp_path):
    """A decision and its date in one cell, a level in words: the ditto is the same."""
    body = [_row(1, "Chè Shan tuyết", decision="Số 123/QĐ-UBND ngày 15/6/2023",
                 level="UBND tỉnh"),
            _row(2, "Hồi Lạng Sơn", decision="nt", level="nt")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    rows = result.tables["b03_ocop"]
    assert rows[0]["decision_no"] == rows[1]["decision_no"] == "Số 123/QĐ-UBND ngày 15/6/2023"
    assert rows[0]["recognition_level"] == rows[1]["recognition_level"] == "UBND tỉnh"


def test_b03_a_ditto_with_nothing_above_it_reads_as_before(tmp_path):
    """Under a blank, or on the first row: it repeats nothing; the date is an error and the
    texts are kept as typed, as before."""
    body = [_row(1, "Chè Shan tuyết", "nt", date="nt", decision="nt", level="nt"),
            _row(2, "Hồi Lạng Sơn", None, date=None, decision=None, level=None),
            _row(3, "Mận Hậu", "nt", date="nt", decision="nt", level="nt")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    rows = _ocop(result)
    assert rows[4] == rows[6] == ("nt", None, "nt", "nt", 3)
    errors = [(row, column[:1]) for row, column, severity
              in _b03_flags(result, "UNPARSEABLE_VALUE") if severity == "error"]
    assert (4, "G") in errors and (6, "G") in errors


def test_b03_a_ditto_under_a_heading_row_repeats_nothing(tmp_path):
    """A group heading between the two products: the ditto is under the heading, not the
    decision; kept as typed, as before."""
    body = [_row(1, "Chè Shan tuyết"), [None, "II. Đồ uống"],
            _row(2, "Rượu Mẫu Sơn", decision="nt")]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["decision_no"] for r in result.tables["b03_ocop"]] == ["123/QĐ-UBND", "nt"]


@pytest.mark.parametrize("ditto", ["nt", "Như trên", '"'])
def test_b03_a_ditto_of_stars_is_not_read(tmp_path, ditto):
    """The rating is a figure: a ditto there is not read, an error, as before."""
    body = [_row(1, "Chè Shan tuyết", stars=4), _row(2, "Hồi Lạng Sơn", stars=ditto)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    assert [r["stars"] for r in result.tables["b03_ocop"]] == [4, None]
    assert (5, "F (Số sao)", "error") in _b03_flags(result, "UNPARSEABLE_VALUE")


@pytest.mark.parametrize("producer", ["NT Food", "Công ty TNHH NTM", "HTX Nông thôn xanh",
                                      'Cơ sở "Hương Quê"', '"Hương Quê"', "Nt"])
def test_b03_texts_with_nt_or_quotes_are_kept_as_typed(tmp_path, producer):
    """`nt` inside a name, a name in quotes: no ditto. (`Nt` alone is one.)"""
    body = [_row(1, "Chè Shan tuyết", "HTX Chè"), _row(2, "Hồi Lạng Sơn", producer)]
    result = _read(tmp_path, district_sheets(B03=_b03(body)))
    expected = "HTX Chè" if producer == "Nt" else producer
    assert [r["producer"] for r in result.tables["b03_ocop"]] == ["HTX Chè", expected]


def test_b03_a_product_named_in_quotes_is_kept(tmp_path):
    """The product's name is never a ditto's place: `"` there is kept as typed."""
    body = [_product(1, "Chè Shan tuyết"), _product(2, '"Hồi" Lạng Sơn')]
    result = _read(tmp_path, district_sheets(B03=_b03(body, _B03_HEADER)))
    assert [r["product_name"] for r in result.tables["b03_ocop"]] == [
        "Chè Shan tuyết", '"Hồi" Lạng Sơn']


# --------------------------------------------------------------------------- B04, B06

_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
               "Kế hoạch năm sau"]


def _targets(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}


@pytest.mark.parametrize("ditto", DITTOS)
def test_b04_a_ditto_under_a_unit_is_that_unit(tmp_path, ditto):
    """`%`, `xã`, then `nt`: the communes newly advanced are counted in communes. Before,
    `nt` measured something else (UNIT_CONFLICT) and the row was not read."""
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1, 3],
            ["XA_NANG_CAO_MOI", "Số xã đạt chuẩn NTM nâng cao mới", ditto, 1, 1, 2],
            ["XA_KIEU_MAU_MOI", "Số xã đạt chuẩn NTM kiểu mẫu mới", ditto, 0, 0, 1]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result) == {"TY_LE_HO_NGHEO": (5.0, 4.8, 4.0),
                                "XA_DAT_CHUAN_MOI": (2.0, 1.0, 3.0),
                                "XA_NANG_CAO_MOI": (1.0, 1.0, 2.0),
                                "XA_KIEU_MAU_MOI": (0.0, 0.0, 1.0)}
    assert not _flags(result, "UNIT_CONFLICT")


def test_b04_a_ditto_of_a_share_is_a_share(tmp_path):
    """`%` then `Như trên` beside the share insured: before, `Như trên` measured something
    else than a share (UNIT_CONFLICT) and the row was not read."""
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "Như trên", 92, 93.5, 95]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result)["TY_LE_BHYT"] == (92.0, 93.5, 95.0)
    assert not _flags(result, "UNIT_CONFLICT")
    units = [r["unit_of_measure"] for r in result.tables["b04_targets"]]
    assert units == ["%", "%"]


def test_b04_a_ditto_under_a_unit_of_something_else_is_that_unit(tmp_path):
    """`%` then `nt` beside a count of communes: the row is in %, which measures something
    else; not read, as if `%` were typed."""
    body = [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4],
            ["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "nt", 2, 1, 3]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result)["XA_DAT_CHUAN_MOI"] == (None, None, None)
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert conflict["row_number"] == 4 and "'%'" in conflict["message"]


def test_b04_a_ditto_where_a_figure_goes_is_not_read(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 1, 3],
            ["XA_NANG_CAO_MOI", "Số xã đạt chuẩn NTM nâng cao mới", "xã", "nt", 1, "nt"]]
    result = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert _targets(result)["XA_NANG_CAO_MOI"] == (None, 1.0, None)


def test_b06_a_ditto_under_a_money_unit_is_that_unit(tmp_path):
    """`TONG_VON | tỷ đồng | 1,5` over `VON_CONG_DONG | nt | 0,3`: 300 million VND. Before,
    `nt` was no money unit and the row was not read."""
    body = [["TONG_VON", "Tổng nguồn lực huy động trong năm", "Tỷ đồng", 1.5],
            ["VON_CONG_DONG", "Nguồn lực huy động từ cộng đồng dân cư", "nt", 0.3],
            ["SO_XA", "Số xã", "xã", 10], ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "nt", 7]]
    b06 = _b06(["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"], body)
    result = _read(tmp_path, [thongtin(2023, level="Tỉnh", district=None), b06],
                   name="2023/p.xlsx")
    values = {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert values == {"TONG_VON": 1500.0, "VON_CONG_DONG": pytest.approx(300.0),
                      "SO_XA": 10.0, "SO_XA_DAT_CHUAN": 7.0}
    assert not [f for f in result.flags if f["severity"] == "error" and f["sheet"] == b06.name]
