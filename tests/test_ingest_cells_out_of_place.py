"""Figures typed out of their cells: a row typed into one cell, one figure merged across
several figure columns, an amount typed in the name with its own cell blank. A person sees
the figure but cannot tell which cell it is; each was dropped without a flag."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import district_sheets
from tests.test_ingest_office import _b04, _b06, _flags, _read

_B04_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
               "Kế hoạch năm sau"]


def _errors(result, sheet: str) -> list[dict]:
    return [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["sheet"] == sheet]


# --------------------------------------------------------------------------- a row in one cell


@pytest.mark.parametrize("typed", [
    "SO_XA_DAT_CHUAN\tSố xã đạt chuẩn\t1",
    "SO_XA_DAT_CHUAN    Số xã đạt chuẩn NTM    1",
    "SO_XA_DAT_CHUAN\nSố xã đạt chuẩn NTM\n1",
    unicodedata.normalize("NFD", "so_xa_dat_chuan\t\tSỐ XÃ ĐẠT CHUẨN\t1"),
])
def test_b06_a_row_typed_in_its_code_cell_is_not_a_code(tmp_path, typed):
    """`SO_XA_DAT_CHUAN<tab>Số xã đạt chuẩn<tab>1` in the code cell: a person reads the
    row's code, name and figure pasted into one cell. With its spaces taken out it was read
    as the code `SO_XA_DAT_CHUANSOXADATCHUAN1`, its figure unread, without a flag; as with
    the same row parted by `|`, the cell is no code: an error, and no figure is read."""
    body = [["SO_XA", "Số xã", 3], [typed], ["TONG_TC", "Tổng tiêu chí", 46]]
    got = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)))
    rows = [(r["row_number"], r["indicator_code"], r["value"])
            for r in got.tables["b06_aggregates"]]
    assert rows == [(3, "SO_XA", 3.0), (4, None, None), (5, "TONG_TC", 46.0)]
    (error,) = _errors(got, "B06_TongHop")
    assert (error["row_number"], error["column_name"]) == (4, "A (Mã chỉ số)")
    assert error["raw_value"] == unicodedata.normalize("NFC", typed)
    assert "is not an indicator code" in error["message"]


def test_b04_a_row_typed_in_its_code_cell_with_tabs_is_not_a_code(tmp_path):
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 0, 1],
            ["TY_LE_HO_NGHEO\tTỷ lệ hộ nghèo\t5\t4.8"]]
    got = _read(tmp_path, district_sheets(B04=_b04(_B04_HEADER, body)))
    assert [r["indicator_code"] for r in got.tables["b04_targets"]] == ["XA_DAT_CHUAN_MOI", None]
    (error,) = _errors(got, "B04_ChiTieu")
    assert error["row_number"] == 4 and "is not an indicator code" in error["message"]


@pytest.mark.parametrize("typed", ["so_xa_dat_chuan ", " SO_XA_DAT_CHUAN", "SO_XA_DAT_ CHUAN",
                                   "SO_XA_DAT_\nCHUAN"])
def test_b06_codes_with_stray_spaces_are_read_as_before(tmp_path, typed):
    """Good data near the rule: a stray space, or a code wrapped at an underscore, is one
    code."""
    body = [["SO_XA", "Số xã", 3], [typed, "Số xã đạt chuẩn NTM", 1]]
    got = _read(tmp_path, district_sheets(B06=_b06(["Mã chỉ số", "Chỉ số", "Giá trị"], body)))
    codes = {r["indicator_code"]: r["value"] for r in got.tables["b06_aggregates"]}
    assert codes == {"SO_XA": 3.0, "SO_XA_DAT_CHUAN": 1.0}
    assert not _errors(got, "B06_TongHop")
