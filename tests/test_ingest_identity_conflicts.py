"""Whose report a file is when ThongTin and the sheets under it disagree: a ThongTin copied
from another unit's or another year's file, a commune's report on a province's or district's
form, and a file filed under another year's folder than its own (docs/ingest.md).

Each test builds what an office sends and checks what a person reading it would read, or
that what cannot be told is kept out with a flag naming its cells.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tests.office import (
    B02_VALUES,
    OfficeSheet,
    b01_two_row_header,
    b02_sheet,
    district_sheets,
    simple_sheet,
    thongtin,
    write,
)
from tests.test_ingest_office import _flags, _read

# Cao Lộc's communes (district 183 of Lạng Sơn), as its own B01 lists them.
CAO_LOC = [("06190", "Xã Bảo Lâm", 19, 2019, 2022), ("06193", "Xã Thanh Lòa", 15, None, None),
           ("06196", "Xã Cao Lâu", 12, None, None)]
B02_HEADER = ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _titled_b01(first: str, second: str = "BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM",
                communes: list[tuple] | None = None) -> OfficeSheet:
    """B01 under the title lines ``first`` (A1) and ``second`` (A2)."""
    b01 = b01_two_row_header(**({"communes": communes} if communes else {}))
    b01.rows[0], b01.rows[1] = [first], [second]
    return b01


def _b02(*titles: str, factor: float = 1.0) -> OfficeSheet:
    return b02_sheet(B02_HEADER, rows_above=[[t] for t in titles],
                     values={k: v * factor for k, v in B02_VALUES.items()})


def _b06(title: str) -> OfficeSheet:
    return simple_sheet("B06_TongHop", ["Mã chỉ số", "Chỉ số", "Giá trị"],
                        [["SO_XA", "Số xã", 181]], title=title)


def _unit_errors(result) -> list[dict]:
    return [f for f in _flags(result, "UNPARSEABLE_VALUE") if "the title" in f["message"]]


def _submissions(con) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in con.execute(
        "SELECT source_file, status, year, unit_code, revision, present FROM raw.submissions"
    ).fetchall()}


def _funding(con, year: int) -> float:
    """Central budget of Lộc Bình's current report of ``year``."""
    return con.execute(
        "SELECT b.amount_million_vnd FROM raw.submissions s JOIN raw.b02_funding b "
        "USING (sha256) WHERE s.status = 'current' AND s.year = ? AND s.unit_code = '188' "
        "AND b.source_code = '1'", [year]).fetchone()[0]


# ------------------------------------------------------------ titles naming another unit


@pytest.mark.parametrize("title", ["UBND HUYỆN CAO LỘC", _nfd("UBND HUYỆN CAO LỘC"),
                                   "ubnd huyen cao loc", "Huyện Cao Lộc, tỉnh Lạng Sơn"])
def test_titles_naming_another_district_than_thongtin_reject_the_file(tmp_path, title):
    """ThongTin copied from Lộc Bình's file (`Mã huyện: 188`) over Cao Lộc's tables: B01
    and B02 titled `UBND HUYỆN CAO LỘC` (in any spelling), B01 listing Cao Lộc's communes.
    A person sees another district's report: whose figures they are cannot be told, and the
    file is refused naming the first title naming Cao Lộc and ThongTin's cell, so that it
    supersedes nothing. Before, nothing was said and the figures stood as Lộc Bình's."""
    sheets = district_sheets(B01=_titled_b01(title, communes=CAO_LOC),
                             B02=_b02(title, "BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"))
    result = _read(tmp_path, sheets)
    assert result.identity is None and not result.tables
    assert "(B01_TieuChiXa A1) names Huyện Cao Lộc (183)" in result.reject_reason
    assert ("ThongTin B6 ('Mã huyện': 188) gives the report as district 188's"
            in result.reject_reason)


def test_titles_naming_the_reporting_district_and_its_province_say_nothing(tmp_path):
    """`UBND HUYỆN LỘC BÌNH`, `Huyện Lộc Bình, tỉnh Lạng Sơn` over Lộc Bình's report, and a
    place and date line naming the province's city: read as before, without an error."""
    b01 = _titled_b01("UBND HUYỆN LỘC BÌNH", "Huyện Lộc Bình, tỉnh Lạng Sơn")
    b02 = _b02("TP. Lạng Sơn, ngày 10 tháng 01 năm 2024", "BIỂU 02: NGUỒN VỐN NĂM 2023")
    result = _read(tmp_path, district_sheets(B01=b01, B02=b02))
    assert result.reject_reason is None and result.identity.unit_code == "188"
    assert not _unit_errors(result)


def test_a_province_report_titled_as_a_district_or_another_province_is_refused(tmp_path):
    """`Cấp báo cáo: Tỉnh`, `Mã tỉnh: 20` over tables titled `UBND HUYỆN LỘC BÌNH` (a
    district's report) or `UBND TỈNH CAO BẰNG` (another province's): refused, naming the
    title and ThongTin's cell; over `UBND TỈNH LẠNG SƠN`, its own, read."""
    info = thongtin(2023, level="Tỉnh", district=None)
    for title, named in (("UBND HUYỆN LỘC BÌNH", "Huyện Lộc Bình (188)"),
                         ("UBND TỈNH CAO BẰNG", "Tỉnh Cao Bằng (04)")):
        result = _read(tmp_path, [info, _b02("UBND TỈNH LẠNG SƠN"), _b06(title)],
                       f"2023/{named[:3]}.xlsx")
        assert result.identity is None, title
        assert f"'{title}' (B06_TongHop A1) names {named}" in result.reject_reason
        assert "ThongTin B4 ('Mã tỉnh': 20)" in result.reject_reason
    own = _read(tmp_path, [info, _b02("UBND TỈNH LẠNG SƠN"), _b06("UBND TỈNH LẠNG SƠN")],
                "2023/own.xlsx")
    assert own.reject_reason is None and not _unit_errors(own)


# ------------------------------------------------------------ titles naming another year


@pytest.mark.parametrize("said", ["NĂM 2024", _nfd("NĂM 2024"), "năm 2024", "NAM 2024"])
def test_a_thongtin_year_no_title_names_rejects_the_file(tmp_path, said):
    """ThongTin kept from last year's file (`Năm báo cáo: 2023`, `Lần gửi: 2`) over tables
    titled `… NĂM 2024`, signed 10/01/2025: which year the figures are cannot be told, and
    the file is refused naming both cells. Before, it was stored as 2023's report."""
    info = thongtin(2023, signed=dt.date(2025, 1, 10))
    info.rows[-1][1] = 2
    b01 = _titled_b01("UBND HUYỆN LỘC BÌNH", f"BIỂU 01: KẾT QUẢ BỘ TIÊU CHÍ XÃ NTM {said}")
    result = _read(tmp_path, district_sheets(2023, ThongTin=info, B01=b01,
                                             B02=_b02(f"BIỂU 02: NGUỒN VỐN HUY ĐỘNG {said}")),
                   "2024/LocBinh_2024.xlsx")
    assert result.identity is None
    assert result.reject_reason.startswith(
        "ThongTin B8 ('Năm báo cáo': 2023) says the report is on 2023, but the sheets' titles "
        "name 2024 (")
    assert "B01_TieuChiXa A2), never 2023" in result.reject_reason


def test_titles_naming_the_year_or_a_plan_of_the_next_keep_thongtins_year(tmp_path):
    """Titles naming 2023 beside a plan for 2024 (`CHỈ TIÊU KẾ HOẠCH NĂM 2024`), titles
    naming only the next year's plan, or no year: ThongTin's 2023 is read as before."""
    plan = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                        "Thực hiện", "Kế hoạch năm sau"],
                        [["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]],
                        title="BIỂU 04: CHỈ TIÊU KẾ HOẠCH NĂM 2024")
    both = district_sheets(B02=_b02("BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023"), B04=plan)
    for name, sheets in (("both", both), ("plan", district_sheets(B04=plan)),
                         ("none", district_sheets())):
        result = _read(tmp_path, sheets, f"2023/{name}.xlsx")
        assert result.reject_reason is None and result.identity.year == 2023, name


def test_a_stale_thongtin_year_supersedes_nothing(tmp_path, con, run_ingest):
    """Lộc Bình's 2023 report (revision 1) in `2023/`, and its 2024 report in `2024/` under a
    ThongTin still saying 2023, revision 2: 2023's own report stays current, the other file
    is rejected. A ThongTin year that only the folder contradicts is read as before, with
    YEAR_MISMATCH."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "LocBinh_2023.xlsx", district_sheets(2023))
    info = thongtin(2023, signed=dt.date(2025, 1, 10))
    info.rows[-1][1] = 2
    write(raw / "2024" / "LocBinh_2024.xlsx", district_sheets(
        2023, ThongTin=info, B02=_b02("BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2024", factor=2)))
    write(raw / "2024" / "DinhLap_2023.xlsx", district_sheets(
        2023, ThongTin=thongtin(2023, district="189", district_name="Huyện Đình Lập"),
        B01=_titled_b01("UBND HUYỆN ĐÌNH LẬP"),
        B02=_b02("BIỂU 02: NGUỒN VỐN HUY ĐỘNG NĂM 2023")))
    run_ingest([2023, 2024], workers=1)
    subs = _submissions(con)
    assert subs["2023/LocBinh_2023.xlsx"][:4] == ("current", 2023, "188", 1)
    assert subs["2024/LocBinh_2024.xlsx"][:2] == ("rejected", 2024)
    assert subs["2024/DinhLap_2023.xlsx"][:3] == ("current", 2023, "189")
    assert _funding(con, 2023) == B02_VALUES["1"]
    codes = con.execute("SELECT source_file, check_code FROM raw.submission_flags "
                        "ORDER BY 1").fetchall()
    assert codes == [("2024/DinhLap_2023.xlsx", "YEAR_MISMATCH"),
                     ("2024/LocBinh_2024.xlsx", "FILE_REJECTED")]


# ------------------------------------------------------------ a commune's report


@pytest.mark.parametrize("rows", [
    [["Mã xã", "06541"], ["Tên xã", "Xã Mẫu Sơn"]],
    [["Tên xã", "Xã Mẫu Sơn"]],
    [["MÃ XÃ", "06541"]],
    [["Ma so xa", 6541]],
    [[_nfd("Mã xã"), "06541"]],
    [["Đơn vị báo cáo", "UBND xã Mẫu Sơn"]],
    [["Don vi bao cao", "Ủy ban nhân dân xã Mẫu Sơn"]],
    [["Tên đơn vị", "Xã Mẫu Sơn, huyện Lộc Bình"]],
])
@pytest.mark.parametrize("level", ["Tỉnh", "Huyện"])
def test_a_thongtin_naming_a_commune_as_the_reporter_rejects_the_file(tmp_path, rows, level):
    """A commune's office filling in the form of the level it reports to: `Cấp báo cáo:
    Tỉnh` (or `Huyện`) beside `Mã xã: 06541`, `Tên xã: Xã Mẫu Sơn` or `Đơn vị báo cáo: UBND
    xã Mẫu Sơn`. Whose report it is cannot be told: refused naming both cells. Before, it
    was read as the province's (or district's) report, the commune's keys unknown keys."""
    info = thongtin(2023, level=level, district=None if level == "Tỉnh" else "188")
    info.rows[5:5] = [list(r) for r in rows]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert result.reject_reason.startswith(
        f"ThongTin row 3 (B3): 'Cấp báo cáo' is '{level}', but row 6 (B6) names the commune ")
    assert "a commune's report" in result.reject_reason


def test_a_province_report_naming_a_district_as_the_reporter_is_rejected(tmp_path):
    """`Cấp báo cáo: Tỉnh` beside `Đơn vị báo cáo: UBND huyện Lộc Bình`: a district's office
    writing the level it reports to, refused as `Mã huyện` beside `Tỉnh` is."""
    info = thongtin(2023, level="Tỉnh", district=None)
    info.rows.append(["Đơn vị báo cáo", "UBND huyện Lộc Bình"])
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.identity is None
    assert "names the district 'UBND huyện Lộc Bình' under 'Đơn vị báo cáo'" in (
        result.reject_reason)


@pytest.mark.parametrize(("level", "rows"), [
    ("Tỉnh", [["Mã xã", None], ["Tên xã", "-"]]),
    ("Tỉnh", [["Đơn vị báo cáo", "UBND tỉnh Lạng Sơn"]]),
    ("Huyện", [["Đơn vị báo cáo", "UBND huyện Lộc Bình"]]),
    ("Huyện", [["Đơn vị nhận báo cáo", "UBND tỉnh Lạng Sơn"]]),
    ("Huyện", [["Tên đơn vị", "Thị xã Kỳ Anh"]]),
])
def test_a_thongtin_naming_its_own_unit_or_no_commune_is_read_as_before(tmp_path, level, rows):
    """Commune rows left blank or dashed, the reporting unit named as the unit itself, the
    unit the report goes to: the province's or district's report, as before."""
    info = thongtin(2023, level=level, district=None if level == "Tỉnh" else "188")
    info.rows[5:5] = [list(r) for r in rows]
    result = _read(tmp_path, district_sheets(ThongTin=info))
    assert result.reject_reason is None
    assert result.identity.unit_code == ("20" if level == "Tỉnh" else "188")


# ------------------------------------------------------------ a file in another year's folder


def _second_2023(vals: float) -> list[OfficeSheet]:
    """Lộc Bình's 2023 revision 2, signed in March 2024."""
    info = thongtin(2023, signed=dt.date(2024, 3, 5))
    info.rows[-1][1] = 2
    return district_sheets(2023, ThongTin=info, B02=_b02("BIỂU 02", factor=vals))


def test_a_refresh_of_a_year_records_a_file_of_another_year_in_its_folder(tmp_path, con,
                                                                          run_ingest):
    """Both years built; then Lộc Bình's 2023 revision 2 arrives in 2024 and is filed under
    `2024/`, and only 2024 is refreshed (what `ntm build --year 2024` and the raw-folder
    sensor run). The file is recorded as 2023's current report, superseding revision 1,
    with YEAR_MISMATCH. Before, its rows were stored but it was recorded nowhere and 2023
    kept revision 1 without a word. Removed again, 2023's revision 1 is current again."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "LocBinh_2023.xlsx", district_sheets(2023))
    write(raw / "2024" / "LocBinh_2024.xlsx", district_sheets(2024))
    run_ingest([2023, 2024], workers=1)
    late = write(raw / "2024" / "LocBinh_2023_lan2.xlsx", _second_2023(4))
    run_ingest([2024], workers=1)
    subs = _submissions(con)
    assert subs["2024/LocBinh_2023_lan2.xlsx"] == ("current", 2023, "188", 2, True)
    assert subs["2023/LocBinh_2023.xlsx"][:2] == ("superseded", 2023)
    assert subs["2024/LocBinh_2024.xlsx"][:2] == ("current", 2024)
    assert _funding(con, 2023) == 4 * B02_VALUES["1"]
    [(code, year)] = con.execute("SELECT check_code, year FROM raw.submission_flags").fetchall()
    assert (code, year) == ("YEAR_MISMATCH", 2023)
    late.unlink()
    run_ingest([2024], workers=1)
    subs = _submissions(con)
    assert subs["2024/LocBinh_2023_lan2.xlsx"][0::4] == ("superseded", False)
    assert subs["2023/LocBinh_2023.xlsx"][0] == "current"


def test_a_refresh_of_a_year_leaves_a_file_in_another_years_folder_alone(tmp_path, con,
                                                                          run_ingest):
    """A 2023 revision filed under `2023/` is 2023's refresh's to record, as before: a
    refresh of 2024 leaves 2023's records as they were."""
    raw = tmp_path / "raw"
    write(raw / "2023" / "LocBinh_2023.xlsx", district_sheets(2023))
    write(raw / "2024" / "LocBinh_2024.xlsx", district_sheets(2024))
    run_ingest([2023, 2024], workers=1)
    before = con.execute("SELECT * FROM raw.submissions WHERE year = 2023").fetchall()
    write(raw / "2023" / "LocBinh_2023_lan2.xlsx", _second_2023(4))
    run_ingest([2024], workers=1)
    assert con.execute("SELECT * FROM raw.submissions WHERE year = 2023").fetchall() == before
