"""B06 rows named as shares: what provincial offices send beside the template's counts.

A province's B06 (and, from 2025, every province's) gives the communes NTM so far, and the
report's text gives their share of all communes; offices put the share in the table too, on a
row of its own or in place of the count, naming it as a share: `Tỷ lệ xã đạt chuẩn NTM`,
`Số xã đạt chuẩn NTM (%)`, `… (tỷ lệ %)`, `…, %`, keeping the template's code or leaving it
blank. The figure is then typed as a plain number (`85`), which a person reads as 85 per cent.

B06 has no indicator that is a share, so such a figure is not the indicator's. Before, the
code (or the name, with a warning that the row was read by it) made it SO_XA_DAT_CHUAN = 85
communes, without a flag saying the figure was a share, while a share typed `85%` or a row
whose unit cell said `%` was already refused (`test_ingest_office.py::
test_b06_shares_where_counts_and_money_go_are_not_read`). Now the row is refused the same
way: not read, an error at the name. Names that only mention a share in a note with its figure
(`Số xã đạt chuẩn NTM (đạt 90%)`), or that count communes by a share (`Số xã có tỷ lệ hộ
nghèo dưới 5%`), are counts and are read as before; so are money rows named in tỷ đồng.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import simple_sheet, thongtin
from tests.test_ingest_office import _read

HEADER = ["Mã chỉ số", "Chỉ số", "Giá trị"]
# The rows around the one tested, read as written in every case.
AROUND = [["SO_XA", "Số xã", 50], ["SO_XA_NANG_CAO", "Số xã đạt chuẩn NTM nâng cao", 12]]


def _province_b06(row: list, year: int = 2023, header: list | None = None) -> FileResult:
    return [thongtin(year, level="Tỉnh", district=None),
            simple_sheet("B06_TongHop", header or HEADER, [*AROUND, row])]


def _read_b06(tmp_path: Path, row: list, year: int = 2023,
              header: list | None = None) -> FileResult:
    return _read(tmp_path, _province_b06(row, year, header), f"{year}/tinh.xlsx")


def _values(result: FileResult) -> dict[int, tuple]:
    return {r["row_number"]: (r["indicator_code"], r["value"])
            for r in result.tables["b06_aggregates"]}


def _errors(result: FileResult) -> list[dict]:
    return [f for f in result.flags
            if f["severity"] == "error" and f["sheet"] == "B06_TongHop"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


SHARE_NAMES = [
    ("SO_XA_DAT_CHUAN", "Tỷ lệ xã đạt chuẩn NTM"),
    ("SO_XA_DAT_CHUAN", "Tỷ lệ xã đạt chuẩn NTM (%)"),
    ("SO_XA_DAT_CHUAN", "TỶ LỆ XÃ ĐẠT CHUẨN NÔNG THÔN MỚI"),
    ("SO_XA_DAT_CHUAN", "Ty le xa dat chuan NTM"),
    ("SO_XA_DAT_CHUAN", _nfd("Tỉ lệ xã đạt chuẩn NTM")),
    ("SO_XA_DAT_CHUAN", "- Tỷ lệ xã đạt chuẩn NTM"),
    ("SO_XA_DAT_CHUAN", "2. Tỷ lệ xã đạt chuẩn NTM"),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (%)"),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (tỷ lệ %)"),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM, %"),
    ("SO_XA_DAT_CHUAN", _nfd("Số xã đạt chuẩn NTM (Tỷ lệ)")),
    ("SO_XA_DAT_CHUAN_MOI", "Tỷ lệ xã đạt chuẩn mới trong năm"),
    ("SO_XA_KIEU_MAU", "Số xã đạt chuẩn NTM kiểu mẫu (phần trăm)"),
    (None, "Số xã đạt chuẩn NTM (%)"),
    (None, "Số xã đạt chuẩn nông thôn mới nâng cao (tỷ lệ %)"),
    ("", "SỐ XÃ ĐẠT CHUẨN NTM (%)"),
]


@pytest.mark.parametrize(("code", "name"), SHARE_NAMES)
@pytest.mark.parametrize("year", [2023, 2025])
def test_a_b06_row_named_as_a_share_is_not_read_as_a_count(tmp_path, code, name, year):
    """`SO_XA_DAT_CHUAN | Tỷ lệ xã đạt chuẩn NTM | 85`: 85 per cent, not 85 communes. Before,
    stored as 85 communes (by its code without a flag; by its name with a warning only)."""
    result = _read_b06(tmp_path, [code, name, 85], year)
    values = _values(result)
    assert values[4] == ("SO_XA", 50.0) and values[5] == ("SO_XA_NANG_CAO", 12.0)
    assert values[6][1] is None
    errors = [f for f in _errors(result) if f["row_number"] == 6]
    assert len(errors) == 1, errors
    assert errors[0]["check_code"] == "UNIT_CONFLICT"
    assert "share" in errors[0]["message"]
    assert unicodedata.normalize("NFC", name) in errors[0]["message"]
    assert errors[0]["column_name"].startswith("B")


def test_a_b06_row_named_as_a_share_beside_a_blank_unit_cell_is_not_read(tmp_path):
    """With a `Đơn vị tính` column left blank on that row, the name still says the unit."""
    header = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]
    rows = [thongtin(2023, level="Tỉnh", district=None),
            simple_sheet("B06_TongHop", header, [["SO_XA", "Số xã", "xã", 50],
                                                  ["SO_XA_DAT_CHUAN", "Tỷ lệ xã đạt chuẩn NTM",
                                                   None, 85]])]
    result = _read(tmp_path, rows, "2023/tinh.xlsx")
    assert _values(result) == {4: ("SO_XA", 50.0), 5: ("SO_XA_DAT_CHUAN", None)}
    assert [f["check_code"] for f in _errors(result)] == ["UNIT_CONFLICT"]


COUNT_NAMES = [
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM", 45.0),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (lũy kế)", 45.0),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (đạt 90%)", 45.0),
    ("SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM (xã)", 45.0),
    (None, "Số xã đạt chuẩn NTM", 45.0),
    ("TONG_VON", "Tổng nguồn lực huy động (tỷ đồng)", 45000.0),
    ("TC_BINH_QUAN", "Số tiêu chí bình quân/xã", 45.0),
]


@pytest.mark.parametrize(("code", "name", "value"), COUNT_NAMES)
def test_b06_rows_named_as_counts_or_money_are_read_as_before(tmp_path, code, name, value):
    result = _read_b06(tmp_path, [code, name, 45])
    assert _values(result)[6][1] == value
    assert _errors(result) == []


def test_a_row_named_as_a_share_without_code_or_indicator_is_flagged_once(tmp_path):
    """`Tỷ lệ so với tổng số xã (%)` without a code names no indicator: one error, as before
    (it reaches no indicator), not a second one for its share."""
    result = _read_b06(tmp_path, [None, "Tỷ lệ so với tổng số xã (%)", 90])
    assert _values(result)[6] == (None, 90.0)
    assert [f["check_code"] for f in _errors(result)] == ["UNPARSEABLE_VALUE"]
