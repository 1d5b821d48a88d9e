"""Units named without their code in a file that holds text typed in a legacy font.

A name typed in VNI-Times or .VnTime is shown by Excel in that font: `Hoà Sôn` typed in
VNI-Times is the Hồ Sơn a person sees, while taken as Unicode it is Hòa Sơn without its marks,
another commune of the same district. The file does not say which font a cell is shown in,
so which commune is meant cannot be told (``unit_names.legacy_misreading``); the real pairs
are Hồ Sơn / Hòa Sơn (Hữu Lũng, Lạng Sơn) and Nam Hưng / Nam Hồng (Tiền Hải, Thái Bình).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.ingest.legacy import encode_legacy
from pipelines.ingest.reader import FileResult, read_submission
from tests.office import (
    OfficeSheet,
    b01_two_row_header,
    district_sheets,
    simple_sheet,
    thongtin,
    write,
)


def _vni(text: str) -> str:
    return encode_legacy(text, "vni")


def _read(tmp_path: Path, sheets: list[OfficeSheet]) -> FileResult:
    path = write(tmp_path / "raw" / "2023/office.xlsx", sheets)
    return read_submission(path, "2023/office.xlsx", "sha-office")


def _flags(result: FileResult, code: str) -> list[dict]:
    return [f for f in result.flags if f["check_code"] == code]


# Hữu Lũng (186, Lạng Sơn) and Tiền Hải (342, Thái Bình): the commune a VNI name means, the
# one its letters fold to, and the other communes of the list.
DISTRICTS = {
    "186": ("20", "Lạng Sơn", "Huyện Hữu Lũng", ("06451", "Xã Hồ Sơn"), ("06445", "Xã Hòa Sơn"),
            [("06388", "Xã Hữu Liên"), ("06448", "Xã Minh Sơn")]),
    "342": ("34", "Thái Bình", "Huyện Tiền Hải", ("13066", "Xã Nam Hưng"),
            ("13063", "Xã Nam Hồng"), [("13036", "Xã Nam Cường"), ("13057", "Xã Nam Tiến")]),
}


def _without_code_column(b01: OfficeSheet) -> OfficeSheet:
    """B01 without its `Mã xã` column: the communes listed by name only."""
    row, col = b01.find("Mã xã")
    for cells in b01.rows[row:]:
        if len(cells) > col:
            del cells[col]
    b01.merges = [(r0, c0 - (c0 > col), r1, c1 - (c1 > col))
                  for r0, c0, r1, c1 in b01.merges if not c0 == c1 == col]
    return b01


def _b01_book(district: str, name: str, *, vni_cells: bool = True,
              code_column: bool = False) -> list[OfficeSheet]:
    """A district's workbook whose B01 lists its communes by name, the first row's as given;
    B03's product and producer typed in VNI-Times (or in Unicode)."""
    province, province_name, district_name, _, _, others = DISTRICTS[district]
    communes = [(None, name, 15, None, None)] + [(None, n, 12, None, None) for _, n in others]
    b01 = b01_two_row_header(communes=communes)
    if not code_column:
        b01 = _without_code_column(b01)
    tt = thongtin(2023, province=province, province_name=province_name, district=district,
                  district_name=district_name)
    return district_sheets(2023, ThongTin=tt, B01=b01,
                           B03=_b03(others[0][0], "Hồi Lạng Sơn", "HTX Nông nghiệp Lộc Bình",
                                    vni_cells=vni_cells))


def _b03(commune: str, product: str, producer: str, *, vni_cells: bool) -> OfficeSheet:
    """B03 with one product of ``commune`` (a code or a name), the product's and producer's
    names typed in VNI-Times (or in Unicode)."""
    if vni_cells:
        product, producer = _vni(product), _vni(producer)
    return simple_sheet("B03_OCOP", ["STT", "Tên sản phẩm", "Chủ thể", "Mã xã", "Nhóm sản phẩm",
                                     "Số sao", "Ngày công nhận", "Số quyết định",
                                     "Cấp công nhận"],
                        [[1, product, producer, commune, 1, 3, dt.date(2023, 6, 15),
                          "123/QĐ-UBND", "Huyện"]])


def _b01_names(result: FileResult) -> list[str | None]:
    return [row["commune_name"] for row in result.tables["b01_communes"]]


# --------------------------------------------------------------------------- B01 by name


@pytest.mark.parametrize("district", sorted(DISTRICTS))
@pytest.mark.parametrize("code_column", [False, True])
def test_a_b01_commune_named_in_vni_without_its_code_is_no_commune(tmp_path, district,
                                                                    code_column):
    """B01 lists its communes by name (no `Mã xã` column, or the code left blank), some typed
    in VNI-Times. `Hoà Sôn` (`Nam Höng`) is the VNI for Hồ Sơn (Nam Hưng), a person sees in
    Excel; as typed, its letters are Hòa Sơn's (Nam Hồng's), another commune of the district.
    Which is meant cannot be told: the row is no commune, an error names both readings, and
    the name is kept in raw.unmapped_cells. Before, the name was stored and read downstream
    as the commune its letters fold to (COMMUNE_BY_NAME)."""
    _, _, _, (meant_code, meant), (folded_code, folded), others = DISTRICTS[district]
    typed = _vni(meant.removeprefix("Xã "))
    result = _read(tmp_path, _b01_book(district, typed, code_column=code_column))
    assert _b01_names(result) == [None] + [n for _, n in others]
    [error] = [f for f in _flags(result, "UNPARSEABLE_VALUE")
               if (f["sheet"], f["row_number"]) == ("B01_TieuChiXa", 7)]
    assert error["column_name"] == ("B (Mã xã)" if code_column else "B (Tên xã)")
    assert f"'{typed}'" in error["message"] and f"'{meant.removeprefix('Xã ')}'" in (
        error["message"])
    assert f"{folded_code} {folded}" in error["message"] and "VNI" in error["message"]
    assert meant_code not in error["message"]
    kept = [c["value"] for c in result.tables["unmapped_cells"] if c["sheet"] == "B01_TieuChiXa"]
    assert typed in kept


@pytest.mark.parametrize("name", ["Xã Hòa Sơn", "Hoà Sơn", "HÒA SƠN", "1. Hoa Son", "Hồ Sơn"])
def test_b01_commune_names_beside_vni_names_are_read_as_before(tmp_path, name):
    """Beside VNI names, a name with the map's marks (any case, a tone placed the old way) or
    without any (`1. Hoa Son`) is stored as typed, to be read downstream as its commune."""
    result = _read(tmp_path, _b01_book("186", name))
    assert _b01_names(result) == [name, "Xã Hữu Liên", "Xã Minh Sơn"]
    assert not [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B01_TieuChiXa"]


def test_a_b01_name_without_its_marks_in_a_unicode_workbook_is_read_as_before(tmp_path):
    """With no legacy text in the file, `Hoà Sôn` is stored as typed (Hòa Sơn downstream)."""
    result = _read(tmp_path, _b01_book("186", "Hoà Sôn", vni_cells=False))
    assert _b01_names(result) == ["Hoà Sôn", "Xã Hữu Liên", "Xã Minh Sơn"]
    assert not _flags(result, "UNPARSEABLE_VALUE")


# --------------------------------------------------------------------------- B03 addresses


def _huu_lung_b03(commune: str, *, vni_cells: bool = True) -> list[OfficeSheet]:
    """Hữu Lũng's workbook whose B03 product gives its commune as an address, the product's
    and producer's names typed in VNI-Times (or in Unicode)."""
    tt = thongtin(2023, district="186", district_name="Huyện Hữu Lũng")
    communes = [("06451", "Xã Hồ Sơn", 15, None, None), ("06445", "Xã Hòa Sơn", 15, None, None)]
    return district_sheets(2023, ThongTin=tt, B01=b01_two_row_header(communes=communes),
                           B03=_b03(commune, "Na Hồ Sơn", "HTX Nông nghiệp Hồ Sơn",
                                    vni_cells=vni_cells))


def _b03_commune(result: FileResult) -> str | None:
    [row] = result.tables["b03_ocop"]
    return row.get("commune_code")


@pytest.mark.parametrize("address", ["Thôn Đồng Lành, xã Hoà Sôn",
                                     "xã Hoà Sôn, huyện Hữu Lũng, tỉnh Lạng Sơn"])
def test_a_b03_address_naming_a_commune_in_vni_is_not_read_as_another(tmp_path, address):
    """An address whose commune, `xã Hoà Sôn`, is typed in VNI-Times beside other VNI cells:
    a person sees xã Hồ Sơn (06451); as typed its letters are Hòa Sơn's (06445). No commune,
    an error giving both readings. Before, read as 06445 with only UNIT_BY_NAME."""
    result = _read(tmp_path, _huu_lung_b03(address))
    assert _b03_commune(result) is None
    [error] = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == "B03_OCOP"]
    assert (error["row_number"], error["column_name"]) == (4, "D (Mã xã)")
    assert "Hồ Sơn" in error["message"] and "06445" not in error["message"]
    assert "Xã Hòa Sơn" in error["message"] and "VNI" in error["message"]
    assert not _flags(result, "UNIT_BY_NAME")


@pytest.mark.parametrize("address, code", [("Thôn Đồng Lành, xã Hòa Sơn", "06445"),
                                           ("Thôn Đồng Lành, Xã Hoà Sơn", "06445"),
                                           ("Thôn Đồng Lành, xã Hoa Son", "06445"),
                                           ("xã Hồ Sơn, huyện Hữu Lũng", "06451")])
def test_b03_addresses_beside_vni_cells_are_read_as_before(tmp_path, address, code):
    """Beside VNI cells, an address naming its commune with the map's marks, or with none
    (`xã Hoa Son`), is that commune, as before."""
    result = _read(tmp_path, _huu_lung_b03(address))
    assert _b03_commune(result) == code
    assert len(_flags(result, "UNIT_BY_NAME")) == 1


def test_a_b03_address_without_marks_in_a_unicode_workbook_is_read_as_before(tmp_path):
    """With no legacy text in the file, `xã Hoà Sôn` is Hòa Sơn (06445), with UNIT_BY_NAME."""
    result = _read(tmp_path, _huu_lung_b03("Thôn Đồng Lành, xã Hoà Sôn", vni_cells=False))
    assert _b03_commune(result) == "06445"
    assert len(_flags(result, "UNIT_BY_NAME")) == 1


# --------------------------------------------------------------------------- ThongTin


def _unit_by_name(district_name: str, *, vni_cells: bool = True) -> list[OfficeSheet]:
    """Lạng Sơn's district named in ThongTin without `Mã huyện`; B03's product and producer
    typed in VNI-Times (or in Unicode)."""
    tt = thongtin(2023, district=None)
    tt.rows.insert(5, ["Tên huyện", district_name])
    return district_sheets(2023, ThongTin=tt, B03=_b03(
        "06532", "Hồi Lạng Sơn", "HTX Nông sản Bình Gia", vni_cells=vni_cells))


def test_a_thongtin_district_named_with_a_vni_letter_is_refused(tmp_path):
    """No `Mã huyện`, and `Tên huyện: Huyện Bình Gîa` in a file holding VNI text: its
    letters are Bình Gia's (181) only without their marks, and in VNI-Times a person sees
    `Bình Gỵa`, no district's name. Which unit sent the file cannot be told: it is refused
    naming both readings. Before, read as Bình Gia's with UNIT_BY_NAME.
    (No district or province name typed in a legacy font folds to another one's, on either
    map: the guard that refuses communes, here with a name a legacy font shows otherwise.)"""
    result = _read(tmp_path, _unit_by_name("Huyện Bình Gîa"))
    assert result.reject_reason is not None
    assert "Bình Gỵa" in result.reject_reason and "181 Huyện Bình Gia" in result.reject_reason
    assert "VNI" in result.reject_reason and "Mã huyện" in result.reject_reason


@pytest.mark.parametrize("name", ["Huyện Bình Gia", "Bình Gia", "BÌNH GIA", "Binh Gia"])
def test_thongtin_district_names_beside_vni_cells_are_read_as_before(tmp_path, name):
    """Beside VNI cells, the district named with the map's marks (with or without its type,
    any case) or without any is read as before (UNIT_BY_NAME)."""
    result = _read(tmp_path, _unit_by_name(name))
    assert result.reject_reason is None
    assert result.identity.district_code == "181"
    assert [f["check_code"] for f in result.flags if f["check_code"] == "UNIT_BY_NAME"]


def test_a_thongtin_district_name_in_a_unicode_workbook_is_read_as_before(tmp_path):
    """With no legacy text in the file, `Huyện Bình Gîa` is Bình Gia (181), with
    UNIT_BY_NAME."""
    result = _read(tmp_path, _unit_by_name("Huyện Bình Gîa", vni_cells=False))
    assert result.reject_reason is None
    assert result.identity.district_code == "181"
