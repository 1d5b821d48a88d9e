"""Money headers and units as offices write them: a value group typed over its columns
without merging (and a CSV folder, which keeps a merged group's text in its first cell
only), a column of figures under no header, and the money unit declared in words, in
another column's header or under the table, compared with what a person reads."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_office import _flags, _read, _status

_SOURCES = [("1", "Ngân sách trung ương"), ("2", "Ngân sách địa phương"),
            ("6", "Cộng đồng dân cư"), ("6.1", "Tiền mặt")]
_TITLE = ["BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC NĂM 2023"]


def _amounts(result) -> list[tuple[str, float | None]]:
    return [(r["source_code"], r["amount_million_vnd"]) for r in result.tables["b02_funding"]]


def _b02_two_values(group: str, subs: list[str], values: list[tuple[float, float]],
                    merged: bool) -> OfficeSheet:
    """B02 whose value is a group over two columns (``Giá trị`` over ``Kế hoạch | Thực
    hiện``), merged or typed over them without merging."""
    rows = [_TITLE, ["Mã nguồn", "Nguồn vốn", group, None], [None, None, *subs],
            *[[code, name, *pair] for (code, name), pair in zip(_SOURCES, values, strict=True)]]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)] if merged else []
    return OfficeSheet("B02_NguonVon", rows, merges)


_PLAN_AND_RESULT = [(1500, 1000), (1000, 800), (400, 350), (250, 200)]
_RESULT = [("1", 1000.0), ("2", 800.0), ("6", 350.0), ("6.1", 200.0)]


@pytest.mark.parametrize("name", ["2023/csv_office", "2023/office.xlsx"])
@pytest.mark.parametrize("group,subs", [
    ("Giá trị (triệu đồng)", ["Kế hoạch", "Thực hiện"]),
    ("GIÁ TRỊ (TRIỆU ĐỒNG)", ["KẾ HOẠCH", "THỰC HIỆN"]),
    (unicodedata.normalize("NFD", "Giá trị (triệu đồng)"),
     [unicodedata.normalize("NFD", s) for s in ("Kế hoạch", "Thực hiện")]),
    ("Gia tri (trieu dong)", ["Ke hoach", "Thuc hien"]),
])
def test_b02_value_group_typed_over_plan_and_result_without_merging_reads_the_result(
        tmp_path, name, group, subs):
    """A person reads `Giá trị (triệu đồng)` over `Kế hoạch | Thực hiện` as the group of
    both, whether merged or not: the year's money is `Thực hiện`. A CSV folder (Excel's Save
    as CSV keeps a merged group in its first cell only) or a group centred across its
    columns without merging left `Kế hoạch` read as the year's money, and the result column
    (no header cell) went to raw.unmapped_cells without a flag."""
    sheet = _b02_two_values(group, subs, _PLAN_AND_RESULT, merged=False)
    result = _read(tmp_path, district_sheets(B02=sheet), name)
    assert _amounts(result) == _RESULT
    assert not [f for f in result.flags if f["severity"] == "error"]


@pytest.mark.parametrize("name", ["2023/csv_office", "2023/office.xlsx"])
def test_b02_value_group_over_a_period_and_the_years_part_without_merging_reads_the_year(
        tmp_path, name):
    """`Giá trị (triệu đồng)` over `Tổng số | Trong đó: năm 2023`, not merged: a person reads
    the year's money in `Trong đó: năm 2023`, as when the group is merged. Before, the
    period's total was read as the year's money without a flag."""
    sheet = _b02_two_values("Giá trị (triệu đồng)", ["Tổng số", "Trong đó: năm 2023"],
                            [(3000, 1000), (2000, 800), (900, 350), (500, 200)], merged=False)
    result = _read(tmp_path, district_sheets(B02=sheet), name)
    assert _amounts(result) == _RESULT
    (note,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["sheet"] == "B02_NguonVon"]
    assert note["column_name"].startswith("C (")


def test_b02_value_group_merged_over_plan_and_result_is_read_as_before(tmp_path):
    """The merged group, in an .xlsx: read as before, the result being the year's money."""
    sheet = _b02_two_values("Giá trị (triệu đồng)", ["Kế hoạch", "Thực hiện"],
                            _PLAN_AND_RESULT, merged=True)
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == _RESULT


def test_b02_units_row_and_data_row_without_key_under_the_header_are_read_as_before(tmp_path):
    """Rows under a one-row header that are no sub-header: a row of units (`(Tỷ đồng)`) is
    the value column's unit, and a row of figures without its key stays a row, not a
    header."""
    rows = [_TITLE, ["Mã nguồn", "Nguồn vốn", "Giá trị", None], [None, None, "(Tỷ đồng)"],
            ["1", "Ngân sách trung ương", 1.5], ["2", "Ngân sách địa phương", 0.8]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == [("1", 1500.0), ("2", 800.0)]
    rows = [_TITLE, ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None],
            [None, "Ngân sách trung ương", 1500, None], ["2", "Ngân sách địa phương", 800]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)),
                   "2023/data_row.xlsx")
    assert _status(result, "B02")["status"] == "read"
    assert ("2", 800.0) in _amounts(result)


@pytest.mark.parametrize("name", ["2023/csv_b06", "2023/b06.xlsx"])
def test_b06_value_group_over_plan_and_result_without_merging_reads_the_result(
        tmp_path, name):
    """B06 `Giá trị` over `Kế hoạch | Thực hiện`, not merged: the unit's figures are the
    results. Before, the plans were read (5000 for TONG_VON instead of 4200)."""
    rows = [["BIỂU 06: TỔNG HỢP"], ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị", None],
            [None, None, None, "Kế hoạch", "Thực hiện"],
            ["SO_XA", "Số xã", "xã", 200, 200],
            ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", "xã", 130, 120],
            ["TONG_VON", "Tổng vốn huy động", "triệu đồng", 5000, 4200]]
    sheets = [thongtin(2023, level="Tỉnh", district=None, district_name=None),
              OfficeSheet("B06_TongHop", rows)]
    result = _read(tmp_path, sheets, name)
    assert {r["indicator_code"]: r["value"] for r in result.tables["b06_aggregates"]} == {
        "SO_XA": 200.0, "SO_XA_DAT_CHUAN": 120.0, "TONG_VON": 4200.0}


def test_a_column_of_figures_under_no_header_is_flagged(tmp_path):
    """Figures in a column with no header cell are not read (what they are cannot be told);
    before, they went to raw.unmapped_cells without a word. A column with a header stays
    as it was."""
    rows = [_TITLE, ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)", None, "Ghi chú"],
            ["1", "Ngân sách trung ương", 1500, 1000, "QĐ 15"],
            ["2", "Ngân sách địa phương", 1000, "800", None]]
    result = _read(tmp_path, district_sheets(B02=OfficeSheet("B02_NguonVon", rows)))
    assert _amounts(result) == [("1", 1500.0), ("2", 1000.0)]
    (flag,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["severity"] == "warning"]
    assert (flag["sheet"], flag["column_name"], flag["row_number"]) == ("B02_NguonVon", "D", 3)
    assert "no header" in flag["message"]
    assert {(u["column_name"], u["value"]) for u in result.tables["unmapped_cells"]
            if u["sheet"] == "B02_NguonVon"} >= {("D", "1000"), ("D", "800")}


# --------------------------------------------------------------------------- money units

_BILLIONS = [("1", 1200.5), ("2", 800.0), ("6", 350.0)]


def _b02_in_billions(above: list[list], header: list | None = None,
                     below: list[list] | None = None) -> OfficeSheet:
    body = [["1", "Ngân sách trung ương", 1.2005], ["2", "Ngân sách địa phương", 0.8],
            ["6", "Cộng đồng dân cư", 0.35]]
    return OfficeSheet("B02_NguonVon", [*above, header or ["Mã nguồn", "Nguồn vốn", "Giá trị"],
                                        *body, *(below or [])])


def _b06_in_billions(above: list[list], header: list | None = None,
                     below: list[list] | None = None) -> list[OfficeSheet]:
    rows = [*above, header or ["Mã chỉ số", "Chỉ số", "Giá trị"], ["SO_XA", "Số xã", 200],
            ["TONG_VON", "Tổng vốn huy động", 4.2], *(below or [])]
    return [thongtin(2023, level="Tỉnh", district=None, district_name=None),
            OfficeSheet("B06_TongHop", rows)]


def _b06_money(result) -> tuple[float | None, str | None]:
    (row,) = [r for r in result.tables["b06_aggregates"] if r["indicator_code"] == "TONG_VON"]
    return row["value"], row["value_unit"]


_DECLARED_IN_WORDS = [
    "ĐVT: Tỷ đồng (làm tròn)", "Đơn vị tính giá trị: Tỷ đồng", "ĐVT tiền: tỷ đồng",
    "Số liệu tính bằng tỷ đồng", "ĐƠN VỊ TÍNH GIÁ TRỊ: TỶ ĐỒNG",
    unicodedata.normalize("NFD", "ĐVT tiền: tỷ đồng"), "Don vi tinh gia tri: ty dong",
    # Read before, and still.
    "ĐVT: Tỷ đồng.", "(ĐVT: Tỷ đồng)", "ĐVT: Tỷ đồng (*)", "Đơn vị tính: Tỷ đồng, %",
    "ĐVT: tỷ đồng; khối lượng: m2, ngày công",
]


@pytest.mark.parametrize("line", _DECLARED_IN_WORDS)
def test_a_unit_declared_in_words_above_the_table_is_read(tmp_path, line):
    """`ĐVT: Tỷ đồng (làm tròn)`, `Đơn vị tính giá trị: Tỷ đồng`, `ĐVT tiền: tỷ đồng`, `Số
    liệu tính bằng tỷ đồng`: a person reads billions. Before, B02 took million VND with a
    UNIT_ASSUMED warning and B06 without a flag, a thousand times too little."""
    result = _read(tmp_path, district_sheets(B02=_b02_in_billions([_TITLE, [None, None, line]])))
    assert _amounts(result) == _BILLIONS
    assert not _flags(result, "UNIT_ASSUMED")
    result = _read(tmp_path, _b06_in_billions([["BIỂU 06"], [None, None, line]]),
                   "2023/b06.xlsx")
    assert _b06_money(result) == (4200.0, "tỷ đồng")


@pytest.mark.parametrize("header", [
    ["Mã nguồn", "Nguồn vốn (ĐVT: tỷ đồng)", "Giá trị"],
    ["Mã nguồn", "Nguồn vốn", "Giá trị", "Ghi chú (ĐVT: tỷ đồng)"],
    ["Mã nguồn", "NGUỒN VỐN (ĐVT: TỶ ĐỒNG)", "Giá trị"],
])
def test_b02_a_unit_declared_in_another_columns_header_is_read(tmp_path, header):
    """The table's unit declared in the header of a column that is not money: a person reads
    it as the unit of the money. Before, it was passed over (UNIT_ASSUMED, million VND)."""
    result = _read(tmp_path, district_sheets(B02=_b02_in_billions([_TITLE], header)))
    assert _amounts(result) == _BILLIONS
    assert not _flags(result, "UNIT_ASSUMED")


def test_b06_a_unit_declared_in_the_names_header_is_read(tmp_path):
    """B06 `Chỉ số (tiền: tỷ đồng)`: money rows in billions. Before, million VND, no flag."""
    result = _read(tmp_path, _b06_in_billions(
        [["BIỂU 06"]], ["Mã chỉ số", "Chỉ số (tiền: tỷ đồng)", "Giá trị"]))
    assert _b06_money(result) == (4200.0, "tỷ đồng")


@pytest.mark.parametrize("note", ["Ghi chú: Đơn vị tính: tỷ đồng", "* ĐVT: Tỷ đồng",
                                  "GHI CHÚ: ĐƠN VỊ TÍNH: TỶ ĐỒNG"])
def test_a_unit_declared_in_a_note_under_the_table_is_read(tmp_path, note):
    """A unit declared in a note under the table is the table's unit, as a person reads
    it. Before, it was passed over and the money taken as million VND."""
    result = _read(tmp_path, district_sheets(B02=_b02_in_billions([_TITLE], below=[[], [note]])))
    assert _amounts(result) == _BILLIONS
    assert not _flags(result, "UNIT_ASSUMED")
    result = _read(tmp_path, _b06_in_billions([["BIỂU 06"]], below=[[], [note]]),
                   "2023/b06.xlsx")
    assert _b06_money(result) == (4200.0, "tỷ đồng")


def test_a_note_under_the_table_that_disagrees_with_the_header_keeps_the_money_out(tmp_path):
    """`Giá trị (triệu đồng)` over the money and `Đơn vị tính: tỷ đồng` under it: which the
    money is in cannot be told; an error, nothing read (a thousand times apart). A note
    that agrees leaves the money read."""
    sheet = _b02_in_billions([_TITLE], ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"],
                             [[], ["Ghi chú: Đơn vị tính: tỷ đồng"]])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert not result.tables.get("b02_funding")
    assert [f["row_number"] for f in _flags(result, "UNIT_CONFLICT")] == [7]
    sheet = _b02_in_billions([_TITLE], ["Mã nguồn", "Nguồn vốn", "Giá trị (tỷ đồng)"],
                             [[], ["Ghi chú: Đơn vị tính: tỷ đồng"]])
    result = _read(tmp_path, district_sheets(B02=sheet), "2023/agrees.xlsx")
    assert _amounts(result) == _BILLIONS
    assert not _flags(result, "UNIT_CONFLICT")


@pytest.mark.parametrize("line", [
    "Đơn vị tính số lượng: người; giá trị: tỷ đồng",
    "Đơn vị tính: triệu đồng; riêng vốn tín dụng: tỷ đồng",
])
def test_a_unit_declaration_not_read_with_certainty_keeps_the_money_out(tmp_path, line):
    """A declaration naming money that cannot be applied with certainty (the unit after
    another label, two money units): the money is not read, with an error, rather than
    taken in an assumed unit. B06's counts are still read."""
    result = _read(tmp_path, district_sheets(B02=_b02_in_billions([_TITLE, [None, None, line]])))
    assert not result.tables.get("b02_funding")
    assert [f["severity"] for f in result.flags
            if f["check_code"] in ("UNIT_UNKNOWN", "UNIT_CONFLICT")] == ["error"]
    result = _read(tmp_path, _b06_in_billions([["BIỂU 06"], [None, None, line]]),
                   "2023/b06.xlsx")
    assert _b06_money(result)[0] is None
    assert [r["value"] for r in result.tables["b06_aggregates"]
            if r["indicator_code"] == "SO_XA"] == [200.0]


def test_sentences_that_mention_money_are_no_unit_declaration(tmp_path):
    """A title or note that mentions money in a sentence (`các đơn vị đã huy động 1.200 tỷ
    đồng`) declares no unit: the money is read as before (million VND assumed, flagged)."""
    sheet = _b02_in_billions([_TITLE, ["Các đơn vị đã huy động 1.200 tỷ đồng"]],
                             below=[[], ["Ghi chú: các đơn vị đã huy động 1.200 tỷ đồng"]])
    result = _read(tmp_path, district_sheets(B02=sheet))
    assert _amounts(result) == [("1", 1.2005), ("2", 0.8), ("6", 0.35)]
    assert _flags(result, "UNIT_ASSUMED")


@pytest.mark.parametrize(("line", "header"), [
    ("ĐVT: đô la", None), ("Đơn vị tính: đô la Mỹ", None), ("ĐVT: Đô-la", None),
    ("Đơn vị tính: đồng đô la", None), ("Đơn vị tính: Euro", None), ("ĐVT: nhân dân tệ", None),
    ("ĐVT: ĐÔ LA MỸ", None), (unicodedata.normalize("NFD", "ĐVT: đô la"), None),
    (None, ["Mã nguồn", "Nguồn vốn", "Giá trị (đô la)"]),
    (None, ["Mã nguồn", "Nguồn vốn", "Giá trị (Euro)"]),
])
def test_money_in_another_currency_is_not_read(tmp_path, line, header):
    """Money declared in dollars, euros or yuan cannot be converted to million VND: an
    error, nothing read. Before, `ĐVT: đô la` was passed over as no money at all and 70,000
    dollars were stored as 70,000 million VND, with a UNIT_ASSUMED warning. B06's money rows
    likewise (its counts are still read)."""
    above = [_TITLE, [None, None, line]] if line else [_TITLE]
    result = _read(tmp_path, district_sheets(B02=_b02_in_billions(above, header)))
    assert not result.tables.get("b02_funding")
    assert [f["severity"] for f in _flags(result, "UNIT_UNKNOWN")] == ["error"]
    b06_header = None if header is None else ["Mã chỉ số", "Chỉ số", header[-1]]
    result = _read(tmp_path, _b06_in_billions([["BIỂU 06"], [None, None, line]] if line
                                              else [["BIỂU 06"]], b06_header), "2023/b06.xlsx")
    assert _b06_money(result)[0] is None
    assert [r["value"] for r in result.tables["b06_aggregates"]
            if r["indicator_code"] == "SO_XA"] == [200.0]
