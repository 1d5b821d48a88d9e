"""B04 rows whose name says more than the indicator: a unit in the name's brackets that the
`Đơn vị tính` cell contradicts, and a heading row above that narrows what the row counts."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import district_sheets
from tests.test_ingest_office import _b04, _flags, _read

_HEADER = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
           "Kế hoạch năm sau"]


def _figures(result) -> dict[str, tuple]:
    return {r["indicator_code"]: (r["target"], r["actual"], r["next_year_target"])
            for r in result.tables["b04_targets"]}


@pytest.mark.parametrize(("name", "unit", "figure"), [
    ("Thu nhập bình quân (triệu đồng/người/năm)", "Nghìn đồng/người/tháng", 45),
    ("Thu nhập bình quân (triệu đồng/người/năm)", "nghìn đồng", 45),
    ("Thu nhập bình quân (triệu đồng/người/năm)", "đồng/người/tháng", 45),
    ("Thu nhập bình quân (triệu đồng/người/năm)", "Triệu đồng/người/tháng", 45),
    ("Thu nhập bình quân (triệu đồng/người/tháng)", "triệu đồng/người/năm", 3.8),
    ("THU NHẬP BÌNH QUÂN (TRIỆU ĐỒNG/NGƯỜI/THÁNG)", "Trieu dong/nguoi/nam", 3.8),
    (unicodedata.normalize("NFD", "Thu nhập bình quân (triệu đồng/người/tháng)"),
     unicodedata.normalize("NFD", "triệu đồng/người/năm"), 3.8),
])
def test_b04_a_unit_in_the_name_that_the_unit_cell_contradicts(tmp_path, name, unit, figure):
    """`Thu nhập bình quân (triệu đồng/người/năm)` beside `Nghìn đồng/người/tháng` and 45:
    a person cannot tell which unit the 45 is in. The unit cell won: 0.54 million a year
    was stored with an info (540 with `Triệu đồng/người/tháng`, 3.8 a year for 3.8 a
    month). Now UNIT_CONFLICT at the name, the figures kept out."""
    body = [["THU_NHAP_BQ", name, unit, figure, figure, figure],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8, 4]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    assert _figures(result) == {"THU_NHAP_BQ": (None, None, None),
                                "TY_LE_HO_NGHEO": (5.0, 4.8, 4.0)}
    (conflict,) = _flags(result, "UNIT_CONFLICT")
    assert conflict["severity"] == "error" and conflict["row_number"] == 3
    assert conflict["column_name"] == "B (Chỉ tiêu)"
    assert conflict["raw_value"] == unicodedata.normalize("NFC", name)
    assert not _flags(result, "UNIT_CONVERTED")


@pytest.mark.parametrize(("name", "unit", "figures", "read"), [
    # The two agree, spelled differently: read as before.
    ("Thu nhập bình quân (triệu đồng/người/năm)", "Triệu đồng/người/năm", (45, 46.5, 50),
     (45.0, 46.5, 50.0)),
    ("Thu nhập bình quân (triệu đồng)", "triệu đồng/người/năm", (45, 46.5, 50),
     (45.0, 46.5, 50.0)),
    ("Thu nhập bình quân (nghìn đồng/người/tháng)", "1.000 đồng/người/tháng",
     (4000, 4500, 5000), (48.0, 54.0, 60.0)),
    # No unit in the name: the unit cell's, as before.
    ("Thu nhập bình quân đầu người", "nghìn đồng/người/tháng", (4000, 4500, 5000),
     (48.0, 54.0, 60.0)),
    # The name's unit would make every figure an income no unit has: the cell's is meant.
    ("Thu nhập bình quân (triệu đồng/người/năm)", "nghìn đồng/người/tháng",
     (4000, 4500, 5000), (48.0, 54.0, 60.0)),
])
def test_b04_a_unit_in_the_name_that_agrees_or_cannot_be_meant(tmp_path, name, unit,
                                                             figures, read):
    """Where the name's unit and the unit cell agree, or the name gives none, the row is
    read as before; where the figures read in the name's unit are incomes no unit has
    (4,500 million a year) and in the cell's are not, a person reads the cell's unit."""
    body = [["THU_NHAP_BQ", name, unit, *figures]]
    result = _read(tmp_path, district_sheets(B04=_b04(_HEADER, body)))
    assert _figures(result) == {"THU_NHAP_BQ": tuple(pytest.approx(v) for v in read)}
    assert not _flags(result, "UNIT_CONFLICT")
