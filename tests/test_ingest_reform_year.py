"""B01 of the year of the administrative reform (two-tier local government since 1 July 2025:
districts abolished, communes merged; from 2025 every province lists its communes itself).

A report of 2025 names its communes on the post-reform map, which is what the codes are
checked against downstream: the new code is the commune, a former code only describes it. Rows
that are former communes merged into one are no commune of the year's map, and a list typed
from last year's is not read as this year's communes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import OfficeSheet, simple_sheet, thongtin
from tests.test_ingest_office import _flags, _read, _status

NUMBERS = [str(n) for n in range(1, 20)]
STATUS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _province(year: int = 2025) -> OfficeSheet:
    return thongtin(year, level="Tỉnh", province="20", province_name="Lạng Sơn", district=None)


def _marks(met: int) -> list[str | None]:
    return ["x"] * met + [None] * (19 - met)


def _read_b01(tmp_path: Path, header: list, body: list[list], year: int = 2025,
              name: str = "p.xlsx") -> FileResult:
    info = _province(year) if year >= 2025 else thongtin(year)
    return _read(tmp_path, [info, simple_sheet("B01_TieuChiXa", header, body)],
                 f"{year}/{name}")


def _communes(result: FileResult) -> list[tuple]:
    return [(c["row_number"], c["commune_code"], c["commune_name"])
            for c in result.tables.get("b01_communes", [])]


def _met(result: FileResult) -> dict[int, int]:
    met: dict[int, int] = {}
    for m in result.tables.get("b01_marks", []):
        met[m["row_number"]] = met.get(m["row_number"], 0) + (m["mark"] == "met")
    return met


def _kept(result: FileResult) -> set[tuple[int, str, str]]:
    return {(c["row_number"], c["column_name"], c["value"])
            for c in result.tables.get("unmapped_cells", []) if c["row_kind"] == "data"}


# One row per post-reform commune of Lạng Sơn with the former communes merged into it
# (vietnam-provinces: Mẫu Sơn, Yên Khoái and Tú Mịch became Xã Mẫu Sơn 06541; Tam Gia and
# Khuất Xá became Xã Khuất Xá 06565).
NEW_ROWS = [("06541", "Xã Mẫu Sơn", "06532, 06541, 06547", "Mẫu Sơn, Yên Khoái, Tú Mịch", 19,
             2019),
            ("06565", "Xã Khuất Xá", "06559, 06565", "Tam Gia, Khuất Xá", 12, None)]


@pytest.mark.parametrize("old_code, old_name, new_code, new_name", [
    ("Mã xã (cũ)", "Tên xã (cũ)", "Mã xã (mới)", "Tên xã (mới)"),
    ("Mã xã cũ", "Tên xã cũ", "Mã xã mới", "Tên xã mới"),
    ("Mã xã trước sáp nhập", "Tên xã trước sắp xếp", "Mã xã sau sáp nhập",
     "Tên xã sau sắp xếp"),
    ("Mã xã", "Tên xã", "Mã xã (mới)", "Tên xã (mới)"),
])
@pytest.mark.parametrize("new_first", [True, False])
def test_a_2025_b01_with_the_former_and_the_new_codes_reads_the_new_commune(
        tmp_path, old_code, old_name, new_code, new_name, new_first):
    """Both codes and names of each commune, before and after the merger: the sheet was
    refused (two columns for `Mã xã`). The commune of a 2025 report is the post-reform one:
    the new code and name are read, the former ones kept as typed."""
    if new_first:
        header = ["STT", new_code, new_name, old_code, old_name, *NUMBERS, *STATUS]
        body = [[k, code, name, olds, old_names, *_marks(met), year, None, None]
                for k, (code, name, olds, old_names, met, year) in enumerate(NEW_ROWS, 1)]
    else:
        header = ["STT", old_code, old_name, new_code, new_name, *NUMBERS, *STATUS]
        body = [[k, olds, old_names, code, name, *_marks(met), year, None, None]
                for k, (code, name, olds, old_names, met, year) in enumerate(NEW_ROWS, 1)]
    result = _read_b01(tmp_path, header, body)
    assert _status(result, "B01")["status"] == "read"
    assert _communes(result) == [(4, "06541", "Xã Mẫu Sơn"), (5, "06565", "Xã Khuất Xá")]
    assert [c["ntm_year"] for c in result.tables["b01_communes"]] == [2019, None]
    assert _met(result) == {4: 19, 5: 12}
    assert not [f for f in result.flags if f["severity"] == "error"
                and f["check_code"] != "MISSING_SHEET"]
    old = "D" if new_first else "B"
    assert (4, old, "06532, 06541, 06547") in _kept(result)
    assert {f["column_name"][0] for f in _flags(result, "UNKNOWN_COLUMN")} == {
        old, chr(ord(old) + 1)}


def test_a_2025_b01_headed_ma_xa_over_cu_and_moi_reads_the_new_code(tmp_path):
    """A two-row header: `Mã xã` merged over `Cũ | Mới`, `Tên xã` over `Cũ | Mới`."""
    top = ["STT", "Mã xã", None, "Tên xã", None, "Tiêu chí đạt chuẩn", *[None] * 18, *STATUS]
    low = [None, "Cũ", "Mới", "Cũ", "Mới", *NUMBERS, None, None, None]
    body = [[k, olds, code, old_names, name, *_marks(met), year, None, None]
            for k, (code, name, olds, old_names, met, year) in enumerate(NEW_ROWS, 1)]
    merges = [(2, 0, 3, 0), (2, 1, 2, 2), (2, 3, 2, 4), (2, 5, 2, 23), (2, 24, 3, 24),
              (2, 25, 3, 25), (2, 26, 3, 26)]
    b01 = OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)
    result = _read(tmp_path, [_province(), b01], "2025/p.xlsx")
    assert _communes(result) == [(5, "06541", "Xã Mẫu Sơn"), (6, "06565", "Xã Khuất Xá")]
    assert _met(result) == {5: 19, 6: 12}


# One row per former commune: Mẫu Sơn and Yên Khoái both under the new Xã Mẫu Sơn (06541),
# Khuất Xá alone under the new Khuất Xá (06565).
OLD_ROWS = [("06532", "Xã Mẫu Sơn", "06541", "Xã Mẫu Sơn", 19, 2019),
            ("06541", "Xã Yên Khoái", "06541", "Xã Mẫu Sơn", 15, None),
            ("06565", "Xã Khuất Xá", "06565", "Xã Khuất Xá", 12, None)]


@pytest.mark.parametrize("typed", ["on each row", "merged over the rows"])
def test_2025_b01_rows_of_former_communes_sharing_one_new_code_are_no_commune(tmp_path, typed):
    """One row per former commune with the new code repeated (or merged over them): the
    marks of Mẫu Sơn and of Yên Khoái are not the new Mẫu Sơn's, nor can theirs together be
    told. Neither row is read as the commune (before, the sheet was refused; read by the new
    code, the first row's marks would have been the new commune's); each is an error at its
    code, its code and name kept as typed. A commune alone under its new code is read."""
    header = ["STT", "Mã xã (cũ)", "Tên xã (cũ)", "Mã xã (mới)", "Tên xã (mới)", *NUMBERS,
              *STATUS]
    body = [[k, old, old_name, code, name, *_marks(met), year, None, None]
            for k, (old, old_name, code, name, met, year) in enumerate(OLD_ROWS, 1)]
    b01 = simple_sheet("B01_TieuChiXa", header, body)
    if typed == "merged over the rows":
        b01.merges = [(3, 3, 4, 3), (3, 4, 4, 4)]
        b01.rows[4][3] = b01.rows[4][4] = None
    result = _read(tmp_path, [_province(), b01], "2025/p.xlsx")
    assert _communes(result) == [(4, None, None), (5, None, None), (6, "06565", "Xã Khuất Xá")]
    errors = [(f["row_number"], f["column_name"]) for f in _flags(result, "UNPARSEABLE_VALUE")]
    assert errors == [(4, "D (Mã xã (mới))"), (5, "D (Mã xã (mới))")]
    assert all("06532, 06541" in f["message"] and "SO_XA" in f["message"]
               for f in _flags(result, "UNPARSEABLE_VALUE"))
    assert {(4, "D", "06541"), (4, "E", "Xã Mẫu Sơn"), (5, "C", "Xã Yên Khoái")} <= _kept(result)


def test_2025_b01_rows_sharing_one_code_beside_the_former_names_are_no_commune(tmp_path):
    """`Mã xã | Tên xã | Tên xã cũ`: the new code typed on each former commune's row, the
    former names beside. Before, the first row's marks were the new Mẫu Sơn's (the second a
    DUPLICATE_ROW downstream); now neither row is read as the commune."""
    header = ["STT", "Mã xã", "Tên xã", "Tên xã cũ", *NUMBERS, *STATUS]
    body = [[k, code, name, old_name, *_marks(met), year, None, None]
            for k, (_, old_name, code, name, met, year) in enumerate(OLD_ROWS, 1)]
    result = _read_b01(tmp_path, header, body)
    assert _communes(result) == [(4, None, None), (5, None, None), (6, "06565", "Xã Khuất Xá")]
    errors = _flags(result, "UNPARSEABLE_VALUE")
    assert [f["row_number"] for f in errors] == [4, 5]
    assert "former names Xã Mẫu Sơn, Xã Yên Khoái" in errors[0]["message"]


def test_a_2025_b01_listing_each_new_communes_former_codes_reads_every_new_commune(tmp_path):
    """A good list of the post-reform communes, with their former codes beside: no two rows
    share a new code, and a code kept from a former commune of the same name (Khuất Xá), or
    a former town's now a commune's (Na Dương), is read."""
    header = ["STT", "Mã xã (cũ)", "Tên xã", "Mã xã (mới)", *NUMBERS, *STATUS]
    body = [[1, "06532, 06541, 06547", "Xã Mẫu Sơn", "06541", *_marks(19), 2019, None, None],
            [2, "06559, 06565", "Xã Khuất Xá", "06565", *_marks(12), None, None, None],
            [3, "06526, 06562, 06592", "Thị trấn Na Dương", "06526", *_marks(15), None, None,
             None]]
    result = _read_b01(tmp_path, header, body)
    assert _communes(result) == [(4, "06541", "Xã Mẫu Sơn"), (5, "06565", "Xã Khuất Xá"),
                                 (6, "06526", "Thị trấn Na Dương")]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_2025_b01_whose_two_code_columns_are_both_headed_ma_xa_is_not_guessed(tmp_path):
    """Pinning: two columns headed `Mã xã` alone: which is the new code cannot be told, and
    the sheet stays out, as before."""
    header = ["STT", "Mã xã", "Tên xã", "Mã xã", "Tên xã", *NUMBERS, *STATUS]
    body = [[k, old, old_name, code, name, *_marks(met), year, None, None]
            for k, (old, old_name, code, name, met, year) in enumerate(OLD_ROWS, 1)]
    result = _read_b01(tmp_path, header, body)
    assert _status(result, "B01")["status"] == "unusable"
    assert "b01_communes" not in result.tables


def test_a_2025_b01_giving_only_the_former_codes_is_not_read(tmp_path):
    """`Mã xã (cũ)` as the only code column of a 2025 list: the rows are the former
    communes. Before, the former codes were read on the post-reform map (06541, Yên Khoái's
    code, is Mẫu Sơn's since the merger), or, without them, the former names would have been
    matched to the new communes that took them. The sheet is not read, saying why."""
    header = ["STT", "Mã xã (cũ)", "Tên xã", *NUMBERS, *STATUS]
    body = [[1, "06532", "Xã Mẫu Sơn", *_marks(19), 2019, None, None],
            [2, "06541", "Xã Yên Khoái", *_marks(15), None, None, None]]
    result = _read_b01(tmp_path, header, body)
    assert "b01_communes" not in result.tables
    (error,) = [f for f in _flags(result, "SHEET_LAYOUT") if f["severity"] == "error"]
    assert "before the reorganisation of 2025" in error["message"]


def test_a_2025_b01_typed_from_last_years_list_reads_no_former_commune_as_a_new_one(tmp_path):
    """A province that typed its 2025 list from last year's: 06532 (the former Mẫu Sơn) is
    no commune of the 2025 map, and 06541 `Xã Yên Khoái` is Yên Khoái's former code, which
    the new Xã Mẫu Sơn took. Before, both were read, Yên Khoái's 15 criteria as the new
    Mẫu Sơn's without a flag. Now neither row is read as a commune (an error at its code);
    a row whose code and name are the new commune's is read."""
    header = ["STT", "Mã xã", "Tên xã", *NUMBERS, *STATUS]
    body = [[1, "06532", "Xã Mẫu Sơn", *_marks(19), 2019, None, None],
            [2, "06541", "Xã Yên Khoái", *_marks(15), None, None, None],
            [3, "06577", "Xã Thống Nhất", *_marks(17), None, None, None]]
    result = _read_b01(tmp_path, header, body)
    assert _communes(result) == [(4, None, None), (5, None, None), (6, "06577", "Xã Thống Nhất")]
    errors = _flags(result, "UNPARSEABLE_VALUE")
    assert [(f["row_number"], f["raw_value"]) for f in errors] == [(4, "06532"), (5, "06541")]
    assert "Xã Mẫu Sơn's" in errors[1]["message"]
    assert {(4, "B", "06532"), (5, "C", "Xã Yên Khoái")} <= _kept(result)


def test_a_2025_b01_of_the_new_communes_is_read_as_before(tmp_path):
    """Guard: the post-reform codes with their names (one a former town's code, typed with
    its former type) are read without a flag; so is a 2024 list of the former communes."""
    header = ["STT", "Mã xã", "Tên xã", *NUMBERS, *STATUS]
    body = [[1, "06541", "Xã Mẫu Sơn", *_marks(19), 2019, None, None],
            [2, "06565", "Khuất Xá", *_marks(12), None, None, None],
            [3, "06526", "Thị trấn Na Dương", *_marks(10), None, None, None]]
    result = _read_b01(tmp_path, header, body)
    assert [c[1] for c in _communes(result)] == ["06541", "06565", "06526"]
    assert not _flags(result, "UNPARSEABLE_VALUE")
    body = [[1, "06532", "Xã Mẫu Sơn", *_marks(19), 2019, None, None],
            [2, "06541", "Xã Yên Khoái", *_marks(15), None, None, None]]
    result = _read_b01(tmp_path, header, body, year=2024)
    assert [c[1] for c in _communes(result)] == ["06532", "06541"]
    assert not _flags(result, "UNPARSEABLE_VALUE")


def test_a_2024_b01_with_the_new_code_added_for_information_reads_the_years_code(tmp_path):
    """A district's 2024 list with `Mã xã (mới)` added at the right: the sheet was refused
    (two columns for `Mã xã`). The commune of a 2024 report is the one of its year's map:
    the template's `Mã xã` is read, the new code kept as typed."""
    header = ["STT", "Mã xã", "Tên xã", *NUMBERS, *STATUS, "Mã xã (mới)"]
    body = [[1, "06532", "Xã Mẫu Sơn", *_marks(19), 2019, 2022, None, "06541"],
            [2, "06541", "Xã Yên Khoái", *_marks(15), None, None, None, "06541"]]
    result = _read_b01(tmp_path, header, body, year=2024, name="d.xlsx")
    assert _communes(result) == [(4, "06532", "Xã Mẫu Sơn"), (5, "06541", "Xã Yên Khoái")]
    assert _met(result) == {4: 19, 5: 15}
    assert {(4, "Z", "06541"), (5, "Z", "06541")} <= _kept(result)
    assert not [f for f in result.flags if f["severity"] == "error"
                and f["check_code"] != "MISSING_SHEET"]


def test_a_2024_b01_with_a_former_and_a_new_code_is_not_guessed(tmp_path):
    """Guard: before 2025 communes were merged too, so `Mã xã (cũ) | Mã xã (mới)` in a 2024
    list may mean a merger of that year: which is the year's is not guessed (as before)."""
    header = ["STT", "Mã xã (cũ)", "Tên xã", *NUMBERS, *STATUS, "Mã xã (mới)"]
    body = [[1, "06532", "Xã Mẫu Sơn", *_marks(19), 2019, 2022, None, "06541"]]
    result = _read_b01(tmp_path, header, body, year=2024, name="d.xlsx")
    assert _status(result, "B01")["status"] == "unusable"


def test_a_2025_report_from_a_district_is_rejected(tmp_path):
    """`Cấp báo cáo: Huyện` for 2025: districts were abolished on 1 July 2025 and each
    province now lists its communes itself. Before, the file was read as a district's
    submission of a unit the 2025 map does not have, its communes counted; now it is
    rejected, saying why."""
    header = ["STT", "Mã xã", "Tên xã", *NUMBERS, *STATUS]
    body = [[1, "06541", "Xã Mẫu Sơn", *_marks(19), 2019, None, None]]
    result = _read(tmp_path, [thongtin(2025), simple_sheet("B01_TieuChiXa", header, body)],
                   "2025/d.xlsx")
    assert "districts were abolished on 1 July 2025" in result.reject_reason
    assert "b01_communes" not in result.tables
