"""B04 rows named as shares: what offices send for an indicator that counts.

B04 gives a plan, its result and next year's plan for each indicator. Most indicators count
(communes, villages, products: `XA_DAT_CHUAN_MOI`, `OCOP_3SAO_MOI`); five are shares
(`TY_LE_HO_NGHEO` and the other `TY_LE_…`). Offices asked for the communes newly NTM also
give, or give instead, their share, naming the row as one and leaving its unit cell blank:
`XA_DAT_CHUAN_MOI | Tỷ lệ xã đạt chuẩn NTM mới | | 10 | 12 | 15`, `Số xã đạt chuẩn mới, %`.
A person reads 10, 12 and 15 per cent there.

Before, such a row was stored as 10, 12 and 15 communes without a flag, while the same name
ending in a bracketed `(%)` was already refused (the unit its name gives measures something
else: UNIT_CONFLICT). Now a row so named, its unit cell blank, is refused the same way, as
B06's are (`test_ingest_b06_rows_named_as_shares.py`, one rule: `values.named_as_share`).
The share indicators keep reading as shares; counts whose names mention a share with its
figure (`Số xã có tỷ lệ hộ nghèo dưới 5%`) or in a note (`(đạt 90%)`) are counts, as before.
"""

from __future__ import annotations

import unicodedata

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import district_sheets
from tests.test_ingest_office import _b04, _flags, _read

HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
          "Kế hoạch năm sau"]
# A share indicator read as written in every case, beside the row tested.
POOR = ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _read_b04(tmp_path, body: list[list], header: list | None = None) -> FileResult:
    return _read(tmp_path, district_sheets(B04=_b04(header or HEADER, body)))


def _figures(result: FileResult) -> dict[int, tuple]:
    return {r["row_number"]: (r["indicator_code"], r["target"], r["actual"],
                              r["next_year_target"])
            for r in result.tables["b04_targets"]}


def _errors(result: FileResult) -> list[dict]:
    return [f for f in result.flags if f["severity"] == "error"]


SHARE_NAMES = [
    ("XA_DAT_CHUAN_MOI", "Tỷ lệ xã đạt chuẩn NTM mới"),
    ("XA_DAT_CHUAN_MOI", "TỶ LỆ XÃ ĐẠT CHUẨN NÔNG THÔN MỚI TRONG NĂM"),
    ("XA_DAT_CHUAN_MOI", "Ty le xa dat chuan NTM moi"),
    ("XA_DAT_CHUAN_MOI", _nfd("Tỉ lệ xã đạt chuẩn NTM mới")),
    ("XA_DAT_CHUAN_MOI", "- Tỷ lệ xã đạt chuẩn mới"),
    ("XA_DAT_CHUAN_MOI", "1. Tỷ lệ xã đạt chuẩn mới"),
    ("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới, %"),
    ("XA_DAT_CHUAN_MOI", _nfd("Số xã đạt chuẩn mới, %")),
    ("XA_NANG_CAO_MOI", "Phần trăm xã đạt chuẩn nâng cao"),
    ("OCOP_3SAO_MOI", "Tỷ lệ sản phẩm OCOP đạt 3 sao trở lên"),
]


@pytest.mark.parametrize(("code", "name"), SHARE_NAMES)
def test_a_b04_count_named_as_a_share_is_not_read(tmp_path, code, name):
    """`XA_DAT_CHUAN_MOI | Tỷ lệ xã đạt chuẩn NTM mới | | 10 | 12 | 15`: per cent, not
    communes. Before, stored as 10, 12 and 15 communes without a flag."""
    result = _read_b04(tmp_path, [[code, name, None, 10, 12, 15], POOR])
    assert _figures(result) == {3: (code, None, None, None),
                                4: ("TY_LE_HO_NGHEO", 5.0, 4.8, 4.0)}
    (conflict,) = _errors(result)
    assert conflict["check_code"] == "UNIT_CONFLICT" and conflict["row_number"] == 3
    assert conflict["column_name"] == "B (Chỉ tiêu)"
    assert "share" in conflict["message"]
    assert unicodedata.normalize("NFC", name) in conflict["message"]


def test_a_b04_count_named_as_a_share_without_a_unit_column_is_not_read(tmp_path):
    """No `Đơn vị tính` column at all: the name is the only unit the row gives."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Kế hoạch năm sau"]
    result = _read_b04(tmp_path, [["XA_DAT_CHUAN_MOI", "Tỷ lệ xã đạt chuẩn NTM mới",
                                   10, 12, 15],
                                  ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", 5, 4.8, 4]], header)
    assert _figures(result) == {3: ("XA_DAT_CHUAN_MOI", None, None, None),
                                4: ("TY_LE_HO_NGHEO", 5.0, 4.8, 4.0)}
    assert [f["check_code"] for f in _errors(result)] == ["UNIT_CONFLICT"]


@pytest.mark.parametrize("name", ["Số xã đạt chuẩn NTM mới, %", "SO XA DAT CHUAN NTM MOI, %"])
def test_a_b04_row_without_code_read_by_its_name_as_a_share_is_not_read(tmp_path, name):
    """Without a code the row is read as XA_DAT_CHUAN_MOI by its name (a warning), and
    its figures, named as shares, are not read. Before, 10, 12 and 15 communes."""
    result = _read_b04(tmp_path, [[None, name, None, 10, 12, 15], POOR])
    assert _figures(result)[3] == ("XA_DAT_CHUAN_MOI", None, None, None)
    assert [f["check_code"] for f in _errors(result)] == ["UNIT_CONFLICT"]


def test_the_bracketed_share_is_refused_once_as_before(tmp_path):
    """`Số xã đạt chuẩn mới (%)`: refused before by the unit its name gives; one error."""
    result = _read_b04(tmp_path, [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới (%)", None,
                                   10, 12, 15], POOR])
    assert _figures(result)[3] == ("XA_DAT_CHUAN_MOI", None, None, None)
    assert [f["check_code"] for f in _errors(result)] == ["UNIT_CONFLICT"]


@pytest.mark.parametrize(("row", "read"), [
    # The share indicators, named as shares, with their unit or without.
    (["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4], (5.0, 4.8, 4.0)),
    (["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", None, 5, 4.8, 4], (5.0, 4.8, 4.0)),
    (["TY_LE_HO_NGHEO", "TỶ LỆ HỘ NGHÈO", None, 5, 4.8, 4], (5.0, 4.8, 4.0)),
    (["TY_LE_HO_NGHEO", _nfd("Tỷ lệ hộ nghèo, %"), None, 5, 4.8, 4], (5.0, 4.8, 4.0)),
    (["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT (%)", None, 92, 93, 95],
     (92.0, 93.0, 95.0)),
    # Counts whose names mention a share with its figure, or in a note.
    (["XA_DAT_CHUAN_MOI", "Số xã có tỷ lệ hộ nghèo dưới 5%", None, 10, 12, 15],
     (10.0, 12.0, 15.0)),
    (["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn mới (đạt 90%)", None, 10, 12, 15],
     (10.0, 12.0, 15.0)),
    (["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", None, 10, 12, 15], (10.0, 12.0, 15.0)),
    (["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 10, 12, 15], (10.0, 12.0, 15.0)),
    (["XA_DUOI_10_TC", "Số xã đạt dưới 10 tiêu chí", None, 1, 0, 0], (1.0, 0.0, 0.0)),
])
def test_b04_shares_and_counts_are_read_as_before(tmp_path, row, read):
    result = _read_b04(tmp_path, [row])
    assert _figures(result) == {3: (row[0], *read)}
    assert not _flags(result, "UNIT_CONFLICT")
