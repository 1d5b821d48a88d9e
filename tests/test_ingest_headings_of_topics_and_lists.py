"""Headings of B02, B04 and B06 near the rule that rows under a heading naming communes are
those communes' (docs/ingest.md, "What the intake understands"): a criterion's name as a
section (`VĂN HÓA`, `AN NINH`, `THỦY LỢI`), communes listed after `Các xã` (`Các xã: Mẫu
Sơn, Tú Mịch`), communes followed by other words (`Xã Mẫu Sơn và Tú Mịch đạt chuẩn năm
2023`), a commune and others (`Xã Mẫu Sơn và các xã khác`), and words of a group of
communes one letter off a commune's name (`XÃ THAM GIA`: Xã Tam Gia is Lộc Bình's).

Offices head the sections of their targets and aggregates by the criteria's names, often
in capitals. Several are communes' names too (Quảng Bình has a Xã Văn Hóa and a Xã An Ninh,
Hưng Yên a Xã Thụy Lôi): read as the commune's name alone, the province's own figures under
`VĂN HÓA` were kept out as a commune's, with an error. A person reads a section. The other
way, a heading listing communes after `Các xã`, or naming them before other words, was read
as the district's own, and the communes' share of poor households was stored as Lộc Bình's,
without a flag. Each test builds its own workbook (``tests/office.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import OfficeSheet, district_sheets, simple_sheet, thongtin, write
from tests.test_ingest_headings_of_one_unit import (
    B04_CODED,
    _errors,
    _nfd,
    _notes,
    _targets,
)
from tests.test_ingest_headings_of_other_places import OWN_ROW, POOR

READ = [(3, "XA_DAT_CHUAN_MOI", 2.0), (5, "TY_LE_HO_NGHEO", 8.5)]


def _read(tmp_path: Path, sheets: list[OfficeSheet]) -> FileResult:
    path = write(tmp_path / "raw" / "2023" / "unit.xlsx", sheets)
    return read_submission(path, "2023/unit.xlsx", "sha-unit")


def _province(code: str, name: str, *sheets: OfficeSheet) -> list[OfficeSheet]:
    return [thongtin(2023, level="Tỉnh", province=code, province_name=name, district=None),
            *sheets]


def _tuyen_hoa(*sheets: OfficeSheet) -> list[OfficeSheet]:
    """Tuyên Hóa's workbook (Quảng Bình): its communes include Xã Văn Hóa."""
    return district_sheets(ThongTin=thongtin(2023, province="44", province_name="Quảng Bình",
                                             district="453", district_name="Huyện Tuyên Hóa"),
                           **{s.name[:3]: s for s in sheets})


def _heading(label: str | list) -> list:
    cells = label if isinstance(label, list) else ["", label]
    return [*cells, None, None, None, None]


def _b04(*body: list) -> OfficeSheet:
    return OfficeSheet("B04_ChiTieu", [["BIỂU 04: CHỈ TIÊU"], B04_CODED, *body])


def _b04_under(heading: str | list) -> OfficeSheet:
    return _b04(OWN_ROW, _heading(heading), POOR)


def _own(result: FileResult) -> None:
    """Both B04 rows read as the unit's, no error: the heading named no other unit (a
    section's number in the code cell stays a row without a value, as before)."""
    assert [row for row in _targets(result) if row[2] is not None] == READ
    assert not _errors(result, "B04")


def _communes(result: FileResult, *named: str) -> str:
    """The unit's row 3 read, the heading's row 4 an error naming ``named``, row 5 a note."""
    assert _targets(result) == [(3, "XA_DAT_CHUAN_MOI", 2.0)]
    (error,) = _errors(result, "B04")
    assert (error["check_code"], error["row_number"]) == ("UNPARSEABLE_VALUE", 4)
    assert all(name in error["message"] for name in named), error["message"]
    assert 5 in _notes(result, "B04")
    return error["message"]


# ------------------------------------------------------------- a criterion's name as a section

QUANG_BINH_SECTIONS = ["VĂN HÓA", "Văn hóa", "Văn Hóa", "VĂN HOÁ", "VAN HOA", "Van Hoa",
                       _nfd("VĂN HÓA"), "II. VĂN HÓA", ["II", "VĂN HÓA"], "5. Văn hóa:",
                       "AN NINH", "An Ninh", ["IV", "AN NINH"]]


@pytest.mark.parametrize("heading", QUANG_BINH_SECTIONS)
def test_b04_a_criterions_name_in_a_provinces_targets_is_a_section(tmp_path, heading):
    """Quảng Bình's B04: `VĂN HÓA` over `TY_LE_HO_NGHEO | 8,5`. Xã Văn Hóa is Tuyên Hóa's
    and Xã An Ninh Quảng Ninh's, but a person reads a criterion's name heading a section of
    the province's own targets. Before, a commune's name alone in a province's report
    headed the commune's figures: 8.5 was kept out with an error. Now read as the
    province's, as before that rule."""
    _own(_read(tmp_path, _province("44", "Quảng Bình", _b04_under(heading))))


@pytest.mark.parametrize("heading", ["VĂN HÓA", "Văn Hóa", "VAN HOA", _nfd("VĂN HÓA"),
                                     "3. Văn hóa"])
def test_b04_a_criterions_name_in_a_districts_targets_is_a_section(tmp_path, heading):
    """Tuyên Hóa's B04 (Xã Văn Hóa is one of its communes): `VĂN HÓA` over its targets is a
    section; before, the commune's name alone kept them out with an error."""
    _own(_read(tmp_path, _tuyen_hoa(_b04_under(heading))))


@pytest.mark.parametrize(("code", "name", "heading"), [
    ("33", "Hưng Yên", "THỦY LỢI"), ("33", "Hưng Yên", "Thủy lợi"), ("33", "Hưng Yên", "THUY LOI"),
    ("27", "Bắc Ninh", "CHỢ"), ("01", "Hà Nội", "VĂN HÓA"), ("01", "Hà Nội", "Van Hoa"),
    ("44", "Quảng Bình", "GIÁO DỤC"), ("44", "Quảng Bình", "Y TẾ"),
    ("44", "Quảng Bình", "MÔI TRƯỜNG"), ("44", "Quảng Bình", "THÔNG TIN VÀ TRUYỀN THÔNG")])
def test_b04_criterions_names_other_communes_bear_folded_are_sections(tmp_path, code, name,
                                                                     heading):
    """`THỦY LỢI` in Hưng Yên (Xã Thụy Lôi), `CHỢ` in Bắc Ninh (Thị trấn Chờ), `VĂN HÓA` in
    Hà Nội (Xã Vân Hòa): criteria's names whose letters a commune's name has, a section."""
    _own(_read(tmp_path, _province(code, name, _b04_under(heading))))


@pytest.mark.parametrize(("code", "name", "heading", "commune"), [
    ("01", "Hà Nội", "Vân Hòa", "Xã Vân Hòa"), ("01", "Hà Nội", "VÂN HÒA", "Xã Vân Hòa"),
    ("01", "Hà Nội", _nfd("Vân Hòa"), "Xã Vân Hòa"), ("33", "Hưng Yên", "Thụy Lôi", "Xã Thụy Lôi"),
    ("27", "Bắc Ninh", "Chờ", "Thị trấn Chờ"),
    ("44", "Quảng Bình", "Xã Văn Hóa", "Xã Văn Hóa"),
    ("44", "Quảng Bình", "XÃ AN NINH", "Xã An Ninh"),
    ("44", "Quảng Bình", "Xã Văn Hóa, huyện Tuyên Hóa", "Xã Văn Hóa")])
def test_b04_a_communes_name_spelt_as_the_map_or_typed_stays_the_communes(tmp_path, code, name,
                                                                         heading, commune):
    """Good data near the rule: a commune's name with marks no criterion's name has (`Vân
    Hòa`, `Thụy Lôi`, `Chờ`), or with its type (`Xã Văn Hóa`), heads that commune's
    figures: a note with an error at the heading, as before."""
    _communes(_read(tmp_path, _province(code, name, _b04_under(heading))), commune)


def test_b04_a_communes_name_in_a_districts_targets_stays_the_communes(tmp_path):
    """Good data near the rule: Tuyên Hóa's `Xã Văn Hóa` heads the commune's figures."""
    _communes(_read(tmp_path, _tuyen_hoa(_b04_under("Xã Văn Hóa"))), "Xã Văn Hóa")


def test_b06_a_criterions_section_in_a_provinces_aggregates(tmp_path):
    """Quảng Bình's B06: `I | Chỉ số về xã` then `VĂN HÓA` over `SO_XA_DAT_CHUAN | 90`: the
    province's, no error."""
    body = [[None, "I", "Chỉ số về xã", None], ["SO_XA", "", "Số xã", 130],
            [None, "", "VĂN HÓA", None], ["SO_XA_DAT_CHUAN", "", "Số xã đạt chuẩn", 90]]
    sheet = simple_sheet("B06_TongHop", ["Mã chỉ số", "STT", "Chỉ số", "Giá trị"], body)
    result = _read(tmp_path, _province("44", "Quảng Bình", sheet))
    assert [(r["indicator_code"], r["value"]) for r in result.tables["b06_aggregates"]
            if r["indicator_code"]] == [("SO_XA", 130.0), ("SO_XA_DAT_CHUAN", 90.0)]
    assert not _errors(result, "B06")


# ------------------------------------------------------------- communes listed or before words

LISTED = ["Các xã: Mẫu Sơn, Tú Mịch", "CÁC XÃ: MẪU SƠN, TÚ MỊCH", "Cac xa Mau Son, Tu Mich",
          _nfd("Các xã: Mẫu Sơn, Tú Mịch"), "Các xã Mẫu Sơn và Tú Mịch",
          "2. Các xã Mẫu Sơn, Tú Mịch", "Xã Mẫu Sơn và Tú Mịch đạt chuẩn năm 2023",
          "XÃ MẪU SƠN VÀ TÚ MỊCH ĐẠT CHUẨN NĂM 2023", "Xa Mau Son, Tu Mich dat chuan NTM",
          _nfd("Xã Mẫu Sơn và Tú Mịch đạt chuẩn năm 2023"), "Xã Mẫu Sơn, xã Tú Mịch (vùng cao)"]


@pytest.mark.parametrize("heading", LISTED)
def test_b04_communes_listed_after_cac_xa_or_before_words_are_not_the_districts(tmp_path,
                                                                              heading):
    """Lộc Bình's B04: `Các xã: Mẫu Sơn, Tú Mịch` or `Xã Mẫu Sơn và Tú Mịch đạt chuẩn năm
    2023` over `TY_LE_HO_NGHEO | 8,5`: a person reads the two communes' share. Before, the
    plural `Các xã` was no commune's type, and a list followed by other words was left as
    it was: 8.5 was stored as Lộc Bình's, no flag. Now a note, with an error naming both."""
    result = _read(tmp_path, district_sheets(B04=_b04_under(heading)))
    assert "communes" in _communes(result, "Xã Mẫu Sơn", "Xã Tú Mịch")


@pytest.mark.parametrize(("heading", "named"), [
    ("Xã Mẫu Sơn và các xã khác", ("Xã Mẫu Sơn",)),
    ("XÃ MẪU SƠN VÀ CÁC XÃ KHÁC", ("Xã Mẫu Sơn",)),
    ("Xã Mẫu Sơn, Tú Mịch và các xã khác", ("Xã Mẫu Sơn", "Xã Tú Mịch")),
    ("Xã Mẫu Sơn và xã khác", ("Xã Mẫu Sơn",))])
def test_b04_a_commune_and_other_communes_are_not_the_districts(tmp_path, heading, named):
    """Lộc Bình's B04: `Xã Mẫu Sơn và các xã khác` over `TY_LE_HO_NGHEO | 8,5`: several
    communes' share, Mẫu Sơn's among them, which the district's is not known to be. Before
    stored as Lộc Bình's; now a note, with an error naming Mẫu Sơn and other communes."""
    result = _read(tmp_path, district_sheets(B04=_b04_under(heading)))
    assert "other communes" in _communes(result, *named)


# ------------------------------------------------------------- group words one letter off a name


@pytest.mark.parametrize(("sheets", "heading"), [
    ("district", "XÃ THAM GIA"), ("district", "Xã Tham Gia"),
    ("province", "XÃ LÀM ĐIỂM"), ("province", "XÃ THỤ HƯỞNG"), ("province", "XÃ CHỈ ĐẠO")])
def test_b04_group_words_one_letter_off_a_commune_are_no_misspelt_commune(tmp_path, sheets,
                                                                          heading):
    """`XÃ THAM GIA` (the communes taking part) in Lộc Bình, whose Xã Tam Gia is one letter
    off; `XÃ LÀM ĐIỂM` (pilot communes) and `XÃ THỤ HƯỞNG` in Hà Nội (Xã Lam Điền, Xã Thụy
    Hương); `XÃ CHỈ ĐẠO`: words of a group of communes, not a commune misspelt. Before, read
    as that commune's: the targets kept out with an error. Now the unit's, no error."""
    b04 = _b04_under(heading)
    unit = (district_sheets(B04=b04) if sheets == "district"
            else _province("01", "Hà Nội", b04))
    _own(_read(tmp_path, unit))


# ------------------------------------------------------------- neighbours


@pytest.mark.parametrize("heading", [
    "Các xã còn lại", "CÁC XÃ CÒN LẠI", "Các xã đạt chuẩn", "CAC XA DAT CHUAN NTM",
    "Các xã đặc biệt khó khăn", "Các xã chưa đạt chuẩn", "Xã đạt chuẩn NTM", "Xã nhóm 2",
    "Các xã nhóm 2", "Huyện Lộc Bình", "Lộc Bình", "Toàn huyện", "Các xã",
    "Dự án đường giao thông xã Mẫu Sơn và xã Tú Mịch", "Các xã thuộc huyện",
    "Các xã trên địa bàn huyện", "Xã tham gia", "Văn hóa - Xã hội", "VĂN HÓA - XÃ HỘI",
    "Kinh tế", "Giao thông"])
def test_b04_groups_own_headings_and_sections_read_as_before(tmp_path, heading):
    """Good data near the rule: groups of the district's communes (`Các xã còn lại`, `Các
    xã đạt chuẩn`, `Xã nhóm 2`), its own name, sections, a work naming communes: the rows
    under them are the district's, read as before, no error."""
    _own(_read(tmp_path, district_sheets(B04=_b04_under(heading))))


@pytest.mark.parametrize("heading", ["Xã Mẫu Sơn", "MẪU SƠN", "Xã Mẫu Sơnn", "Xã Tam Gia"])
def test_b04_a_districts_real_commune_heading_stays_the_communes(tmp_path, heading):
    """Good data near the rule: Lộc Bình's `Xã Mẫu Sơn`, `MẪU SƠN`, `Xã Mẫu Sơnn` (misspelt),
    `Xã Tam Gia` head those communes' figures: a note with an error, as before."""
    _communes(_read(tmp_path, district_sheets(B04=_b04_under(heading))))


@pytest.mark.parametrize("heading", ["Mẫu Sơn", "MAU SON", ["II", "Mẫu Sơn"]])
def test_b04_a_provinces_real_commune_heading_stays_the_communes(tmp_path, heading):
    """Good data near the rule: Lạng Sơn's `Mẫu Sơn` heads the commune's figures, as before."""
    _communes(_read(tmp_path, _province("20", "Lạng Sơn", _b04_under(heading))))
