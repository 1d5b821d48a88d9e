"""B01 status columns headed as a request for recognition, as district offices head them in
the year-end report that also lists the communes they put forward: `Năm đề nghị công nhận
NTM nâng cao`, `NTM kiểu mẫu (đề xuất)`, `Năm trình công nhận …`, or a group `Xã đề nghị
công nhận năm 2023` over `NTM | NTM nâng cao | NTM kiểu mẫu` ticked with `x`. A person reads
the year (or tick) of a level asked for, which the province may not yet have granted, not
the year it was reached. `~nâng cao` fits anywhere in a header, so such a column was read as
the level's year: a commune put forward in 2023 counted as newly NTM nâng cao in 2023,
without a flag; ticked, it counted as reached (a STATUS_MARK warning saying so). Such a column
is not read now, with an UNKNOWN_COLUMN info, and the level's status is unknown, as when its
column is absent (docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import b01_two_row_header, district_sheets, simple_sheet
from tests.test_ingest_office import _flags, _read

_NTM, _ADVANCED, _MODEL = 24, 25, 26  # the status columns of ``b01_two_row_header``


def _statuses(result) -> list[tuple]:
    return [(r["commune_code"], r["ntm_year"], r["advanced_year"], r["model_year"],
             r["status_years_unreadable"], r["status_years_marked"])
            for r in result.tables["b01_communes"]]


def _headed(col: int, header: str, cells: dict[str, object]):
    """The office B01 with its three status years each headed on its own over both header
    rows, column ``col`` headed ``header`` and its cells set per commune code."""
    b01 = b01_two_row_header()
    top = b01.find("STT")[0]
    b01.merges = [m for m in b01.merges if m[1] != _NTM] + [
        (top, c, top + 1, c) for c in (_NTM, _ADVANCED, _MODEL)]
    own = {_NTM: "Năm đạt chuẩn NTM", _ADVANCED: "Năm đạt chuẩn NTM nâng cao",
           _MODEL: "Năm đạt chuẩn NTM kiểu mẫu", col: header}
    for c, text in own.items():
        b01.rows[top][c], b01.rows[top + 1][c] = text, None
    for code, value in cells.items():
        b01.rows[b01.find(code)[0]][col] = value
    return b01


@pytest.mark.parametrize("header", [
    "Năm đề nghị công nhận NTM nâng cao",
    "Năm đạt NTM nâng cao (đề xuất)",
    "Đề nghị xét công nhận NTM nâng cao năm",
    "Năm trình công nhận NTM nâng cao",
    "Nam de nghi cong nhan NTM nang cao",
    unicodedata.normalize("NFD", "NĂM ĐỀ NGHỊ CÔNG NHẬN NTM NÂNG CAO"),
])
def test_an_advanced_year_headed_as_requested_is_not_the_year_reached(tmp_path, header):
    """Yên Khoái put forward for NTM nâng cao in 2023 (2023 in the requested year's column)
    and Khánh Xuân for 2024: both were stored as advanced (2023: newly advanced in the
    reporting year), without a flag. Not read now: the advanced status is unknown on every
    row, the column named in an info saying it is a request."""
    result = _read(tmp_path, district_sheets(B01=_headed(
        _ADVANCED, header, {"06532": None, "06541": 2023, "06544": 2024})))
    assert _statuses(result) == [
        ("06532", 2019, None, None, "advanced_year", None),
        ("06541", None, None, None, "advanced_year", None),
        ("06544", None, None, None, "advanced_year", None)]
    (info,) = [f for f in _flags(result, "UNKNOWN_COLUMN") if f["column_name"].startswith("Z")]
    assert info["severity"] == "info" and "request for recognition" in info["message"]
    assert not _flags(result, "STATUS_MARK")


@pytest.mark.parametrize("header", ["NTM kiểu mẫu (đề nghị)", "Tờ trình công nhận NTM kiểu mẫu",
                                    "NTM KIỂU MẪU (ĐỀ XUẤT)"])
def test_a_model_year_headed_as_requested_is_not_the_year_reached(tmp_path, header):
    """Mẫu Sơn (advanced since 2022) put forward as a model commune in 2023: it was stored
    as NTM kiểu mẫu since 2023. Not read now, the model status unknown."""
    result = _read(tmp_path, district_sheets(B01=_headed(_MODEL, header, {"06532": 2023})))
    assert [s[3:5] for s in _statuses(result)] == [(None, "model_year")] * 3
    assert [s[1:3] for s in _statuses(result)] == [(2019, 2022), (None, None), (None, None)]


@pytest.mark.parametrize("group", ["Xã đề nghị công nhận năm 2023", "Đề nghị công nhận",
                                   "Danh sach xa de xuat cong nhan"])
def test_levels_ticked_under_a_request_are_not_reached(tmp_path, group):
    """`Xã đề nghị công nhận năm 2023` over `NTM | NTM nâng cao | NTM kiểu mẫu`, an `x` under
    the level asked for: each tick was read as the level reached (a STATUS_MARK warning
    saying it counts), and Mẫu Sơn, NTM since 2019 but put forward for nothing, as not
    NTM. No status is read from such columns: every level is unknown."""
    b01 = b01_two_row_header()
    top = b01.find("STT")[0]
    b01.rows[top][_NTM] = group
    for code, col in (("06532", None), ("06541", _ADVANCED), ("06544", _NTM)):
        row = b01.rows[b01.find(code)[0]]
        row[_NTM:_MODEL + 1] = [None, None, None]
        if col is not None:
            row[col] = "x"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [(s[1], s[2], s[4], s[5]) for s in _statuses(result)] == [
        (None, None, "ntm_year, advanced_year, model_year", None)] * 3
    assert not _flags(result, "STATUS_MARK")
    assert len([f for f in _flags(result, "UNKNOWN_COLUMN")
                if "request for recognition" in f["message"]]) == 3


@pytest.mark.parametrize("header", [
    "Năm được công nhận NTM nâng cao",
    "Năm công nhận NTM nâng cao (Chương trình MTQG)",
    "Năm đạt chuẩn NTM nâng cao (theo QĐ của UBND tỉnh)",
    "Năm đạt chuẩn NTM nâng cao (đã được công nhận)",
])
def test_an_advanced_year_headed_as_recognised_is_read_as_before(tmp_path, header):
    """The year recognised, in words near a request's (`được công nhận`, `chương trình`,
    a decision of the province): read as before."""
    result = _read(tmp_path, district_sheets(B01=_headed(
        _ADVANCED, header, {"06532": 2022, "06541": 2023})))
    assert _statuses(result) == [("06532", 2019, 2022, None, None, None),
                                 ("06541", None, 2023, None, None, None),
                                 ("06544", None, None, None, None, None)]
    assert not [f for f in result.flags if f["sheet"] == "B01_TieuChiXa"]


def test_a_request_in_a_remark_beside_the_years_is_judged_as_before(tmp_path):
    """`Ghi chú: Đề nghị công nhận NTM nâng cao năm 2023` beside a blank advanced year: a
    remark on a row, judged by its own rule as before (the year columns are still read)."""
    b01 = b01_two_row_header()
    row = b01.rows[b01.find("06541")[0]]
    row[27] = "Đề nghị công nhận NTM nâng cao năm 2023"
    result = _read(tmp_path, district_sheets(B01=b01))
    assert [s[1:3] for s in _statuses(result)] == [(2019, 2022), (None, None), (None, None)]
    assert not [f for f in _flags(result, "UNKNOWN_COLUMN")
                if "request for recognition" in f["message"]]


@pytest.mark.parametrize("name", ["Số xã đạt chuẩn NTM mới (đề nghị công nhận)",
                                  "So xa dat chuan NTM moi (de xuat)"])
def test_a_b04_row_named_as_requested_is_not_the_years_new_communes(tmp_path, name):
    """The same words naming a B04 row without a code (`Số xã đạt chuẩn NTM mới (đề nghị
    công nhận)`): the communes put forward, read as XA_DAT_CHUAN_MOI (2 new NTM communes)
    with a warning only. Its figures are not read now, an error at the name."""
    b04 = simple_sheet("B04_ChiTieu", ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch",
                                       "Thực hiện", "Kế hoạch năm sau"],
                       [[None, name, "xã", 1, 2, 1]])
    result = _read(tmp_path, district_sheets(B04=b04))
    (row,) = result.tables["b04_targets"]
    assert (row["target"], row["actual"], row["next_year_target"]) == (None, None, None)
    assert any(f["severity"] == "error" and "request for recognition" in f["message"]
               for f in _flags(result, "UNPARSEABLE_VALUE"))
