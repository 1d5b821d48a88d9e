"""A few cells (or one sheet) typed in a legacy font in an otherwise Unicode workbook.

Offices fill the Unicode template and type a line here and there in their old .VnTime
(TCVN3) or VNI-Times font: the unit line, a header's bracket, a title, names pasted from an
old list. Excel shows those cells in their font, so a person reads them as Vietnamese; the
whole-workbook detection (``legacy.detect_legacy``) finds too few of them to convert the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.ingest.legacy import _tone_in_place, encode_legacy, legacy_cells
from pipelines.ingest.reader import FileResult, read_submission
from tests.office import (
    B02_VALUES,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    in_unit,
    simple_sheet,
    thongtin,
    write,
)


def _vnh_caps(text: str) -> str:
    """What .VnTimeH (the capitals font of TCVN3) stores when typed with caps lock on: the
    lowercase codes, the plain letters in capitals, đ as Đ's code."""
    typed = encode_legacy(text.lower(), "tcvn3")
    return "".join(c.upper() if c.isascii() else c for c in typed).replace("\xae", "\xa7")


ENCODE = {
    "tcvn3": lambda s: encode_legacy(s, "tcvn3"),
    "vni": lambda s: encode_legacy(s, "vni"),
    "vnh_caps": _vnh_caps,
}


def _read(tmp_path: Path, sheets: list[OfficeSheet], name: str = "2023/office.xlsx"
          ) -> FileResult:
    path = write(tmp_path / "raw" / name, sheets)
    return read_submission(path, name, "sha-" + name)


def _flags(result: FileResult, code: str) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == code]


def _amounts(result: FileResult, table: str = "b02_funding", key: str = "source_code",
             value: str = "amount_million_vnd") -> dict[str, float]:
    return {r[key]: r[value] for r in result.tables[table]}


# --------------------------------------------------------------------------- money units


@pytest.mark.parametrize("encoding", sorted(ENCODE))
@pytest.mark.parametrize("where", ["line", "header"])
def test_a_money_unit_typed_in_legacy_in_a_unicode_b02_is_read(tmp_path, encoding, where):
    """A person reads `Đơn vị tính: tỷ đồng` above the table (or `Giá trị (tỷ đồng)`), typed
    in .VnTime, .VnTimeH or VNI-Times in a Unicode workbook: 1.2005 is 1,200.5 million VND.
    Before, the legacy text was not read and the amounts were stored a thousand times too
    small (UNIT_ASSUMED warning only)."""
    unit = ENCODE[encoding]("Đơn vị tính: tỷ đồng" if where == "line" else "tỷ đồng")
    if where == "line":
        b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"], values=in_unit(1000),
                        rows_above=[["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"], [None, None, unit]])
    else:
        b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", f"Giá trị ({unit})"], values=in_unit(1000))
    result = _read(tmp_path, district_sheets(2023, B02=b02))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert not _flags(result, "UNIT_ASSUMED")
    assert result.legacy_encoding is None  # the workbook is Unicode; one cell was not
    [flag] = _flags(result, "LEGACY_ENCODING")
    assert (flag["sheet"], flag["row_number"], flag["column_name"]) == ("B02_NguonVon", 2, "C")
    assert flag["raw_value"] == (unit if where == "line" else f"Giá trị ({unit})")
    assert "tỷ đồng" in flag["message"].lower()
    assert ("VNI" if encoding == "vni" else "TCVN3") in flag["message"]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_unit_line_typed_in_tcvn3_is_read_in_xls_and_ods(tmp_path, suffix):
    """The same TCVN3 unit line in a Unicode `.xls` or `.ods` workbook: tỷ đồng."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"], values=in_unit(1000),
                    rows_above=[["BIỂU 02"], [None, None, ENCODE["tcvn3"]("Đơn vị: tỷ đồng")]])
    result = _read(tmp_path, district_sheets(2023, B02=b02), f"2023/office{suffix}")
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert len(_flags(result, "LEGACY_ENCODING")) == 1


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("where", ["line", "header"])
def test_a_money_unit_typed_in_legacy_in_a_unicode_b06_is_read(tmp_path, encoding, where):
    """B06 with `Đơn vị tính: tỷ đồng` (or `Giá trị (tỷ đồng)`) in a legacy font: the total
    raised is 2,350 million VND. Before, 2.35 million, without any flag."""
    unit = ENCODE[encoding]("Đơn vị tính: tỷ đồng" if where == "line" else "tỷ đồng")
    head = ["Mã chỉ số", "Chỉ số", f"Giá trị ({unit})" if where == "header" else "Giá trị"]
    rows = [["BIỂU 06: TỔNG HỢP"], [None, None, unit if where == "line" else None], head,
            ["SO_XA", "Số xã", 3], ["TONG_VON", "Tổng vốn huy động", 2.35],
            ["VON_CONG_DONG", "Vốn cộng đồng dân cư", 0.35]]
    result = _read(tmp_path, district_sheets(2023, B06=OfficeSheet("B06_TongHop", rows)))
    values = _amounts(result, "b06_aggregates", "indicator_code", "value")
    assert values == pytest.approx({"SO_XA": 3, "TONG_VON": 2350, "VON_CONG_DONG": 350})
    assert [f["sheet"] for f in _flags(result, "LEGACY_ENCODING")] == ["B06_TongHop"]


def test_stray_symbols_in_a_unicode_workbook_stay_as_typed(tmp_path):
    """A Unicode B02 with `3×4m`, `25°C`, `m²` and a foreign name in its notes: nothing is
    legacy, the amounts are million VND as the template says (UNIT_ASSUMED), as before."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị"],
                    rows_above=[["BIỂU 02: NGUỒN VỐN HUY ĐỘNG"],
                                ["Ghi chú: nhà văn hóa 3×4m, 25°C, 120 m²; tư vấn Müller GmbH"]])
    result = _read(tmp_path, district_sheets(2023, B02=b02))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert not _flags(result, "LEGACY_ENCODING")
    assert len(_flags(result, "UNIT_ASSUMED")) == 1


@pytest.mark.parametrize("cells", [
    ["3×4m", "25°C", "m²", "± 5%", "« trích dẫn »", "½"],
    ["Müller GmbH", "Café Ümit", "Peña", "Straße", "Noël"],
    ["Mã xã", "Tên xã", "Hoà Sôn", "Thái Bình"],  # no legacy signature: left as typed
    [encode_legacy("tỷ", "tcvn3")],  # one word is too little to tell
])
def test_legacy_cells_negative(cells):
    """Text a Unicode workbook holds is no legacy text."""
    assert legacy_cells(cells) is None


def test_legacy_cells_tells_vni_from_tcvn3_by_the_tones():
    """`Queá Sôn Haï` (VNI for Quế Sơn Hạ) gives syllables in TCVN3 too (`Queỏ Sụn Haù`),
    with each tone on the wrong vowel."""
    assert _tone_in_place("hạ") and _tone_in_place("quế") and _tone_in_place("hoà")
    assert not _tone_in_place("haù") and not _tone_in_place("queỏ")
    assert legacy_cells(["Queá Sôn Haï", "Sôn Haï"]) == (
        "vni", {"Queá Sôn Haï": "Quế Sơn Hạ", "Sôn Haï": "Sơn Hạ"})


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("encoding", sorted(ENCODE))
def test_a_plan_title_typed_in_legacy_keeps_the_plan_out(tmp_path, encoding):
    """A lone B02 titled `KẾ HOẠCH HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NTM NĂM 2023` in a legacy
    font is a plan, not the year's money: refused as the Unicode title is. Before, the plan
    was stored as the year's funding without a flag."""
    title = ENCODE[encoding]("KẾ HOẠCH HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NTM NĂM 2023")
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], rows_above=[[title]])
    result = _read(tmp_path, district_sheets(2023, B02=b02))
    assert result.tables.get("b02_funding", []) == []
    [error] = _flags(result, "SHEET_LAYOUT")
    assert error["severity"] == "error" and "B02_NguonVon A1" in error["message"]
    assert [f["row_number"] for f in _flags(result, "LEGACY_ENCODING")] == [1]


def test_a_results_title_typed_in_legacy_is_read_as_before(tmp_path):
    """`BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC NĂM 2023` in TCVN3 names what was done: read."""
    title = ENCODE["tcvn3"]("BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC NĂM 2023")
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"], rows_above=[[title]])
    result = _read(tmp_path, district_sheets(2023, B02=b02))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert not _flags(result, "SHEET_LAYOUT")


# --------------------------------------------------------------------------- whole sheets


def _encoded(sheet: OfficeSheet, encode) -> OfficeSheet:
    rows = [[encode(c) if isinstance(c, str) else c for c in row] for row in sheet.rows]
    return OfficeSheet(sheet.name, rows, sheet.merges, sheet.formats)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_one_sheet_typed_in_legacy_in_a_unicode_workbook_is_read(tmp_path, encoding):
    """B02 copied whole from an old file typed in TCVN3 or VNI, the rest Unicode: read as a
    person reads it, tỷ đồng from its header. Before, its header was not found (SHEET_LAYOUT
    error)."""
    b02 = b02_sheet(["Mã nguồn", "Nguồn vốn", "Giá trị (tỷ đồng)"], values=in_unit(1000),
                    rows_above=[["BIỂU 02: KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI"]])
    result = _read(tmp_path, district_sheets(2023, B02=_encoded(b02, ENCODE[encoding])))
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert {r["source_name"] for r in result.tables["b02_funding"]} >= {"Ngân sách trung ương"}
    [flag] = _flags(result, "LEGACY_ENCODING")
    assert flag["sheet"] == "B02_NguonVon" and "the sheet was typed" in flag["message"]


def test_a_sheet_in_the_other_legacy_encoding_is_read(tmp_path):
    """A TCVN3 workbook with B02 copied from a VNI file: both read. Before, B02 was decoded
    as TCVN3 and not read."""
    sheets = [_encoded(s, ENCODE["vni" if s.name == "B02_NguonVon" else "tcvn3"])
              for s in district_sheets(2023)]
    result = _read(tmp_path, sheets)
    assert result.legacy_encoding == "tcvn3"
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert [(f["sheet"], "VNI" in f["message"]) for f in _flags(result, "LEGACY_ENCODING")] == [
        (None, False), ("B02_NguonVon", True)]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_thongtin_values_typed_in_legacy_are_read(tmp_path, encoding):
    """ThongTin's values (`Huyện`, `Lạng Sơn`, `Huyện Lộc Bình`) in a legacy font, its keys
    the template's: the district's report. Before, the file was refused."""
    tt = thongtin(2023)
    tt.rows = [[row[0], ENCODE[encoding](row[1]) if isinstance(row[1], str) else row[1]]
               if len(row) > 1 else row for row in tt.rows]
    result = _read(tmp_path, district_sheets(2023, ThongTin=tt))
    assert result.reject_reason is None
    assert result.identity.district_code == "188"
    assert result.identity.district_name == "Huyện Lộc Bình"


def test_a_whole_legacy_workbook_is_read_as_before(tmp_path):
    """A workbook typed all in TCVN3: one LEGACY_ENCODING for the file, as before."""
    sheets = [_encoded(s, ENCODE["tcvn3"]) for s in district_sheets(2023)]
    result = _read(tmp_path, sheets)
    assert result.legacy_encoding == "tcvn3"
    assert _amounts(result) == pytest.approx(B02_VALUES)
    assert [f["sheet"] for f in _flags(result, "LEGACY_ENCODING")] == [None]


# --------------------------------------------------------------------------- commune names

HUU_LUNG = [("06451", "Xã Hồ Sơn", 15, None, None), ("06445", "Xã Hòa Sơn", 15, None, None)]


def _huu_lung(product: str, producer: str, commune: str, **sheets: OfficeSheet
              ) -> list[OfficeSheet]:
    """Hữu Lũng (Lạng Sơn), where Hồ Sơn (06451) and Hòa Sơn (06445) are two communes."""
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Ngày công nhận", "Số quyết định",
                                    "Cấp công nhận"],
                       [[1, product, producer, commune, 1, 3, dt.date(2023, 6, 15),
                         "123/QĐ-UBND", "Huyện"]])
    tt = thongtin(2023, district="186", district_name="Huyện Hữu Lũng")
    return district_sheets(2023, ThongTin=tt, B01=b01_two_row_header(communes=HUU_LUNG),
                           B03=b03, **sheets)


def _commune_read(result: FileResult) -> str | None:
    [row] = result.tables["b03_ocop"]
    return row.get("commune_code")


def test_a_commune_named_in_vni_is_not_read_as_another(tmp_path):
    """`Hoà Sôn` typed in VNI-Times beside other VNI cells reads `Hồ Sơn` (06451) in Excel;
    taken as Unicode it is Hòa Sơn (06445) without its marks. Which is meant cannot be told:
    no commune, an error at the cell. Before, read as 06445 with only UNIT_BY_NAME."""
    vni = ENCODE["vni"]
    result = _read(tmp_path, _huu_lung(vni("Na Hồ Sơn"), vni("HTX Nông nghiệp Hồ Sơn"),
                                       vni("Hồ Sơn")))
    assert _commune_read(result) is None
    [error] = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert (error["row_number"], error["column_name"]) == (4, "D (Mã xã)")
    assert "'Hồ Sơn'" in error["message"] and "06445" in error["message"]
    assert not _flags(result, "UNIT_BY_NAME")


def test_a_vni_commune_name_in_a_vni_workbook_with_a_unicode_cell_is_not_misread(tmp_path):
    """The workbook is VNI, the product's name pasted in Unicode: the row's `Hoà Sôn` is not
    converted, and it is not read as Hòa Sơn either."""
    vni = ENCODE["vni"]
    sheets = [_encoded(s, vni) for s in _huu_lung("Na Hồ Sơn", "HTX Nông nghiệp Hồ Sơn",
                                                    "Hồ Sơn")]
    sheets[3].rows[3][1] = "Na Hồ Sơn"
    result = _read(tmp_path, sheets)
    assert result.legacy_encoding == "vni"
    assert _commune_read(result) is None


def test_a_vni_commune_name_with_a_legacy_letter_is_converted(tmp_path):
    """`Sôn Haï` (VNI for Sơn Hạ, Sơn Hà district) is read as Sơn Hạ (21292); before, as
    Sơn Hải (21319), the name folded without its marks."""
    vni = ENCODE["vni"]
    b03 = simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                    "Số sao", "Ngày công nhận", "Số quyết định",
                                    "Cấp công nhận"],
                       [[1, vni("Quế Sơn Hạ"), vni("HTX Sơn Hạ"), vni("Sơn Hạ"), 1, 3,
                         dt.date(2023, 6, 15), "123/QĐ-UBND", "Huyện"]])
    tt = thongtin(2023, province="51", province_name="Quảng Ngãi", district="529",
                  district_name="Huyện Sơn Hà")
    communes = [("21292", "Xã Sơn Hạ", 15, None, None), ("21319", "Xã Sơn Hải", 15, None, None)]
    result = _read(tmp_path, district_sheets(
        2023, ThongTin=tt, B01=b01_two_row_header(communes=communes), B03=b03))
    [row] = result.tables["b03_ocop"]
    assert (row["commune_code"], row["product_name"]) == ("21292", "Quế Sơn Hạ")


@pytest.mark.parametrize("typed, code", [("Hòa Sơn", "06445"), ("Hoà Sơn", "06445"),
                                          ("HÒA SƠN", "06445"), ("Hoa Son", "06445"),
                                          ("Xã Hồ Sơn", "06451")])
def test_commune_names_beside_vni_cells_are_read_as_before(tmp_path, typed, code):
    """Beside VNI cells, a name with the map's marks (any case, tone placed the old way) or
    with none at all (`Hoa Son`) is that commune, as before."""
    vni = ENCODE["vni"]
    result = _read(tmp_path, _huu_lung(vni("Na Hồ Sơn"), vni("HTX Nông nghiệp Hồ Sơn"), typed))
    assert _commune_read(result) == code
    assert len(_flags(result, "UNIT_BY_NAME")) == 1


def test_a_name_without_its_marks_in_a_unicode_workbook_is_read_as_before(tmp_path):
    """With no legacy text anywhere, `Hoà Sôn` is Hòa Sơn (06445) with UNIT_BY_NAME."""
    result = _read(tmp_path, _huu_lung("Na Hồ Sơn", "HTX Nông nghiệp Hồ Sơn", "Hoà Sôn"))
    assert _commune_read(result) == "06445"
    assert len(_flags(result, "UNIT_BY_NAME")) == 1
