"""Good B04 sheets near the rules for names narrowed by brackets, units in names and the
adjusted plan: words that look like the rules' triggers but mean something else."""

from __future__ import annotations

from tests.office import district_sheets
from tests.test_ingest_office import _b04, _flags, _read


def _figures(result) -> dict[str, tuple]:
    return {r["indicator_name"]: (r["indicator_code"], r["target"], r["actual"])
            for r in result.tables["b04_targets"]}


def test_b04_brackets_naming_the_whole_rural_unit_do_not_narrow_the_name(tmp_path):
    """`(khu vực nông thôn)`, `(toàn huyện)`, `(trên địa bàn huyện)`, `(theo chuẩn nghèo
    mới)` and `(trong năm 2023)` name the programme's own area, the whole district, the
    measure or the year: each row was an error ("not one of the template's indicators") and
    its figures lost. They are the template's indicators."""
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
    body = [[1, "Thu nhập bình quân đầu người (khu vực nông thôn)", "triệu đồng/người/năm",
             50, 52],
            [2, "Tỷ lệ người dân tham gia BHYT (toàn huyện)", "%", 90, 92],
            [3, "Số xã đạt chuẩn NTM mới (trong năm 2023)", "xã", 2, 1],
            [4, "Tỷ lệ hộ nghèo (theo chuẩn nghèo mới)", "%", 5, 4.8],
            [5, "Tỷ lệ lao động qua đào tạo (trên địa bàn huyện)", "%", 70, 71],
            [6, "Tỷ lệ chất thải rắn được thu gom, xử lý theo quy định (khu vực nông thôn)",
             "%", 70, 75]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert {n: c for n, (c, _, _) in _figures(result).items()} == {
        body[0][1]: "THU_NHAP_BQ", body[1][1]: "TY_LE_BHYT", body[2][1]: "XA_DAT_CHUAN_MOI",
        body[3][1]: "TY_LE_HO_NGHEO", body[4][1]: "TY_LE_LD_DAO_TAO",
        body[5][1]: "TY_LE_RAC_THAI"}
    assert _figures(result)[body[2][1]] == ("XA_DAT_CHUAN_MOI", 2.0, 1.0)
    assert not [f for f in result.flags if f["severity"] == "error"]

    body = [[1, "Thu nhập bình quân đầu người khu vực nông thôn", "triệu đồng/người/năm",
             50, 52]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)), "2023/rural.xlsx")
    assert list(_figures(result).values()) == [("THU_NHAP_BQ", 50.0, 52.0)]


def test_b04_brackets_naming_a_part_still_narrow_the_name(tmp_path):
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
    body = [[1, "Số xã đạt chuẩn NTM mới (khu vực miền núi)", "xã", 1, 1],
            [2, "Số xã đạt chuẩn NTM mới (huyện Lộc Bình)", "xã", 1, 1],
            [3, "Số xã đạt chuẩn NTM (theo tiêu chí mới)", "xã", 9, 10],
            [4, "Số xã đạt chuẩn NTM (trong năm)", "xã", 2, 1]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    codes = {n: c for n, (c, _, _) in _figures(result).items()}
    assert codes == {body[0][1]: None, body[1][1]: None, body[2][1]: None,
                     body[3][1]: "XA_DAT_CHUAN_MOI"}
    errors = {f["row_number"] for f in result.flags if f["severity"] == "error"}
    assert errors == {3, 4, 5}


def test_b04_a_share_stated_in_a_names_note_is_not_its_unit(tmp_path):
    """`(đạt 100% kế hoạch)`, `(tăng 10% so với năm 2022)`: a figure in a note, not the
    row's unit; taken for a share, the rows' figures were kept out (UNIT_CONFLICT)."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới (đạt 100% kế hoạch)", 2, 2],
            ["THU_NHAP_BQ", "Thu nhập bình quân đầu người (tăng 10% so với năm 2022)", 50, 55],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo (giảm 1,5%/năm)", 5, 4.8],
            ["OCOP_3SAO_MOI", "Số sản phẩm OCOP mới (%)", 20, 25]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert {c: (t, a) for c, t, a in _figures(result).values()} == {
        "XA_DAT_CHUAN_MOI": (2.0, 2.0), "THU_NHAP_BQ": (50.0, 55.0),
        "TY_LE_HO_NGHEO": (5.0, 4.8), "OCOP_3SAO_MOI": (None, None)}
    assert [f["indicator_code"] for f in _flags(result, "UNIT_CONFLICT")] == ["OCOP_3SAO_MOI"]


def test_b04_a_plan_not_adjusted_keeps_its_first_plan(tmp_path):
    """`Kế hoạch giao | Kế hoạch điều chỉnh`, the adjusted plan filled only where the plan
    changed: the rows left blank there lost their plan, with no more than an info flag at
    the column. They keep the plan first given; the adjusted ones are read as adjusted."""
    header = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch giao", "Kế hoạch điều chỉnh",
              "Thực hiện"]
    body = [["XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 2, 3, 1],
            ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, None, 4.8],
            ["TY_LE_BHYT", "Tỷ lệ người dân tham gia BHYT", "%", None, None, 92]]
    result = _read(tmp_path, district_sheets(B04=_b04(header, body)))
    assert {c: (t, a) for c, t, a in _figures(result).values()} == {
        "XA_DAT_CHUAN_MOI": (3.0, 1.0), "TY_LE_HO_NGHEO": (5.0, 4.8), "TY_LE_BHYT": (None, 92.0)}
    assert not [f for f in result.flags if f["severity"] == "error"]
