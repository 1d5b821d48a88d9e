"""B02 and B06 money read as what its row's name says it is: a part is not the whole, a
whole is not a part, and no money is counted twice."""

from __future__ import annotations

import pytest

from pipelines.ingest.reader import FileResult
from tests.office import district_sheets
from tests.test_ingest_office import (
    _b02_rows,
    _b04,
    _b06,
    _b06_values,
    _flags,
    _province,
    _read,
)

_BUDGETS = [["1", "Ngân sách trung ương", 1200], ["2", "Ngân sách địa phương", 800]]


def _b02(result: FileResult) -> dict[int, tuple]:
    return {r["row_number"]: (r["source_code"], r["amount_million_vnd"],
                              bool(r["value_unreadable"]))
            for r in result.tables["b02_funding"]}


def _errors_at(result: FileResult, code: str = "UNPARSEABLE_VALUE") -> dict[int, str]:
    return {f["row_number"]: f["message"] for f in _flags(result, code)
            if f["severity"] == "error"}


def _b06_money(tmp_path, body: list[list], header: list | None = None) -> FileResult:
    return _read(tmp_path, _province(_b06(header or ["Mã chỉ số", "Chỉ số", "Giá trị"], body)))


def test_b06_community_money_named_as_one_part_alone_is_not_the_whole(tmp_path):
    # Cash alone (or land alone) is a part of the community's contribution: the whole is
    # not known. Before, each was read as VON_CONG_DONG (a warning at most).
    for name, code in [("Vốn cộng đồng dân cư (tiền mặt)", None),
                       ("Vốn cộng đồng (tiền mặt)", "VON_CONG_DONG"),
                       ("Vốn cộng đồng dân cư hiến đất", "VON_CONG_DONG"),
                       ("Nhân dân đóng góp bằng tiền", "VON_CONG_DONG"),
                       ("Nhân dân đóng góp (ngày công quy đổi)", "VON_CONG_DONG"),
                       ("Vốn cộng đồng dân cư (không kể hiến đất)", "VON_CONG_DONG")]:
        result = _b06_money(tmp_path / name, [["SO_XA", "Số xã", 100],
                                              ["TONG_VON", "Tổng vốn huy động", 5000],
                                              [code, name, 300]])
        assert _b06_values(result)["VON_CONG_DONG"] == (None, None), name
        assert _b06_values(result)["TONG_VON"] == (5000.0, "triệu đồng")
        assert "VON_CONG_DONG" in _errors_at(result)[5], name


def test_b06_of_which_cash_coded_as_the_community_money_is_not_a_second_whole(tmp_path):
    result = _b06_money(tmp_path, [["TONG_VON", "Tổng vốn huy động", 5000],
                                   ["VON_CONG_DONG", "Vốn cộng đồng dân cư", 400],
                                   ["VON_CONG_DONG", "Trong đó: tiền mặt", 300]])
    rows = {r["row_number"]: r["value"] for r in result.tables["b06_aggregates"]}
    assert rows == {3: 5000.0, 4: 400.0, 5: None}
    assert "'Trong đó: tiền mặt'" in _errors_at(result)[5]


def test_b06_total_money_named_as_one_source_or_leaving_one_out_is_not_the_whole(tmp_path):
    for name in ["Tổng vốn huy động (ngân sách nhà nước)", "Trong đó: ngân sách",
                 "Tổng vốn ngoài ngân sách", "Tổng vốn huy động (không bao gồm vốn tín dụng)",
                 "Tổng vốn đầu tư từ ngân sách các cấp"]:
        result = _b06_money(tmp_path / name, [["TONG_VON", name, 3000],
                                              ["VON_CONG_DONG", "Vốn cộng đồng dân cư", 300]])
        assert _b06_values(result)["TONG_VON"] == (None, None), name
        assert _b06_values(result)["VON_CONG_DONG"] == (300.0, "triệu đồng")
        assert "TONG_VON" in _errors_at(result)[3], name


@pytest.mark.parametrize(("total", "community"), [
    ("Tổng vốn huy động", "Vốn cộng đồng dân cư"),
    ("Tổng nguồn lực huy động (ngân sách và ngoài ngân sách)", "Nhân dân đóng góp"),
    ("Tổng vốn huy động xây dựng NTM (kể cả vốn tín dụng)",
     "Vốn cộng đồng dân cư (tiền mặt, ngày công, hiến đất quy ra tiền)"),
    ("Tổng số vốn huy động (tỷ đồng)", "Cộng đồng dân cư (kể cả hiến đất)"),
    ("Tổng vốn huy động toàn xã hội", "Cộng đồng dân cư đóng góp (quy đổi thành tiền)"),
    ("Tổng vốn huy động, trong đó ngân sách 3.000",
     "Vốn cộng đồng dân cư (trong đó tiền mặt 200)"),
])
def test_b06_money_rows_named_as_the_whole_or_listing_their_parts_are_read(
        tmp_path, total, community):
    # Good variants beside the rule above (they were read so before).
    result = _b06_money(tmp_path, [["TONG_VON", total, 5000],
                                   ["VON_CONG_DONG", community, 700]])
    values = _b06_values(result)
    assert values["VON_CONG_DONG"] == (700.0, "triệu đồng")
    assert values["TONG_VON"][0] in (5000.0, 5_000_000.0)
    assert not _errors_at(result)


def test_b06_money_whose_name_and_unit_cell_name_two_units_is_not_read(tmp_path):
    # "(tỷ đồng)" in the name, "triệu đồng" in its unit cell: 3,5 is 3.5 or 3,500 million.
    # Before, the unit cell won without a flag (3.5 million VND).
    header = ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Giá trị"]
    result = _b06_money(tmp_path / "two", [
        ["TONG_VON", "Tổng vốn huy động", "triệu đồng", 5000],
        ["VON_CONG_DONG", "Vốn cộng đồng dân cư (tỷ đồng)", "triệu đồng", 3.5]], header)
    assert _b06_values(result) == {"TONG_VON": (5000.0, "triệu đồng"),
                                   "VON_CONG_DONG": (None, None)}
    assert "tỷ đồng" in _errors_at(result, "UNIT_CONFLICT")[4]
    same = _b06_money(tmp_path / "same", [
        ["TONG_VON", "Tổng vốn huy động", "triệu đồng", 5000],
        ["VON_CONG_DONG", "Vốn cộng đồng dân cư (tỷ đồng)", "Tỷ đồng", 3.5]], header)
    assert _b06_values(same)["VON_CONG_DONG"] == (3500.0, "tỷ đồng")
    assert not _flags(same, "UNIT_CONFLICT")


def test_b06_money_named_with_its_unit_after_a_comma_or_a_dash_is_in_that_unit(tmp_path):
    # Before, `Tổng vốn huy động, tỷ đồng | 5,5` was 5.5 million VND without a flag.
    result = _b06_money(tmp_path, [["TONG_VON", "Tổng vốn huy động, tỷ đồng", 5.5],
                                   ["VON_CONG_DONG", "Vốn cộng đồng dân cư - tỷ đồng", 1.2],
                                   ["SO_XA", "Số xã, xã", 100]])
    assert _b06_values(result) == {"TONG_VON": (5500.0, "tỷ đồng"),
                                   "VON_CONG_DONG": (1200.0, "tỷ đồng"),
                                   "SO_XA": (100.0, None)}


def test_b02_community_row_named_as_cash_alone_is_the_communitys_cash(tmp_path):
    # Before, read as the whole community contribution (community_unspecified downstream),
    # or, beside a part 6.2, dropped as row 6's sum of parts.
    for rows in ([["6", "Cộng đồng dân cư (tiền mặt)", 350]],
                 [[None, "Vốn cộng đồng dân cư (tiền mặt)", 350]],
                 [["6", "Cộng đồng dân cư (tiền mặt)", 350], ["6.2", "Hiến đất", 100]]):
        result = _read(tmp_path / str(len(rows)) / str(rows[0][0]),
                       district_sheets(B02=_b02_rows(_BUDGETS + rows)))
        assert _b02(result)[6] == ("6.1", 350.0, False)
        assert any("read as source 6.1" in f["message"]
                   for f in _flags(result, "UNPARSEABLE_VALUE"))


def test_b02_community_row_named_as_its_whole_stays_the_whole(tmp_path):
    for name in ["Cộng đồng dân cư (kể cả hiến đất)", "Nhân dân đóng góp (quy đổi bằng tiền)",
                 "Cộng đồng dân cư (tiền mặt, ngày công, hiện vật)"]:
        result = _read(tmp_path / name, district_sheets(
            B02=_b02_rows([*_BUDGETS, ["6", name, 350]])))
        assert _b02(result)[6] == ("6", 350.0, False), name


def test_b02_a_source_including_another_listed_with_its_own_amount_is_not_counted(tmp_path):
    # `Ngân sách địa phương (gồm cả vốn lồng ghép)` beside `3 Vốn lồng ghép`: the 300 was
    # counted twice, without a flag.
    result = _read(tmp_path / "a", district_sheets(B02=_b02_rows([
        ["1", "Ngân sách trung ương", 1200],
        ["2", "Ngân sách địa phương (gồm cả vốn lồng ghép)", 800],
        ["3", "Vốn lồng ghép", 300], ["5", "Doanh nghiệp, hợp tác xã", 100],
        ["7", "Khác (bao gồm vốn doanh nghiệp)", 50]])))
    rows = _b02(result)
    assert rows[5] == ("2", None, True)
    assert rows[8] == ("7", None, True)
    assert rows[6] == ("3", 300.0, False) and rows[7] == ("5", 100.0, False)
    errors = _errors_at(result)
    assert "counted twice" in errors[5] and "counted twice" in errors[8]


def test_b02_a_source_naming_what_it_includes_of_its_own_is_read(tmp_path):
    result = _read(tmp_path, district_sheets(B02=_b02_rows([
        ["1", "Ngân sách trung ương", 1200],
        ["2", "Ngân sách địa phương (bao gồm ngân sách tỉnh, huyện, xã)", 800],
        ["4", "Vốn tín dụng (gồm cả vốn lồng ghép)", 500],  # no row 3: nothing twice
        ["6", "Cộng đồng dân cư (kể cả hiến đất)", 350]])))
    assert _b02(result) == {4: ("1", 1200.0, False), 5: ("2", 800.0, False),
                            6: ("4", 500.0, False), 7: ("6", 350.0, False)}
    assert not _errors_at(result)


def test_b02_of_which_parts_adding_up_to_less_than_the_community_leave_it_whole(tmp_path):
    # `6 | 350` with `Trong đó: tiền mặt | 200`: counted as the community's parts, the
    # parts replaced row 6 downstream and 150 was lost (the unit's total too low).
    for parts in ([[None, "Trong đó: tiền mặt", 200]],
                  [[None, "- Tiền mặt", 200], [None, "- Hiến đất", 100]]):
        result = _read(tmp_path / str(len(parts)), district_sheets(B02=_b02_rows(
            [*_BUDGETS, ["6", "Cộng đồng dân cư", 350], *parts])))
        rows = _b02(result)
        assert rows[6] == ("6", 350.0, False)
        assert all(rows[7 + k][0] is None for k in range(len(parts)))
        warned = [f["row_number"] for f in _flags(result, "UNPARSEABLE_VALUE")
                  if "not its breakdown" in f["message"]]
        assert warned == list(range(7, 7 + len(parts)))


def test_b02_community_parts_that_add_up_or_are_coded_stay_its_parts(tmp_path):
    # Good variants beside the rule above.
    for parts in ([[None, "- Tiền mặt", 200], [None, "- Hiến đất", 150]],
                  [["6.1", "Tiền mặt", 200]],
                  [[None, "Trong đó: tiền mặt", 349.9], [None, "- Ngày công", 0.2]]):
        result = _read(tmp_path / str(parts[0][2]), district_sheets(B02=_b02_rows(
            [*_BUDGETS, ["6", "Cộng đồng dân cư", 350], *parts])))
        rows = _b02(result)
        assert rows[6] == ("6", 350.0, False)
        assert all(rows[7 + k][0].startswith("6.") for k in range(len(parts))), parts


_CODED_PARTS = [["6", "Cộng đồng dân cư", None], ["6.1", "Tiền mặt", 200],
                ["6.2", "Hiến đất", 100], ["6.3", "Ngày công lao động", 30]]


@pytest.mark.parametrize("name", ["- Hiện vật, khác", "+ Hiện vật", "- HIỆN VẬT, KHÁC",
                                  "- Hie\u0302\u0323n va\u0302\u0323t, kha\u0301c"])
@pytest.mark.parametrize("amount", [20, 50])
def test_b02_the_communitys_fourth_part_bulleted_after_its_coded_siblings_is_read(
        tmp_path, name, amount):
    # After 6.1 … 6.3 typed with their codes, `- Hiện vật, khác` is the fourth part (6.4), as
    # a person reads it. Before, it was read as a part of 6.3 and counted in no source (a
    # warning): the community's money and the unit's total fell short by its amount.
    result = _read(tmp_path, district_sheets(B02=_b02_rows(
        [*_BUDGETS, *_CODED_PARTS, [None, name, amount]])))
    rows = _b02(result)
    assert rows[10] == ("6.4", float(amount), False)
    assert rows[9] == ("6.3", 30.0, False)
    assert not [f for f in result.flags if f["row_number"] == 10]


def test_b02_another_sources_name_bulleted_under_a_part_is_not_counted_and_said(tmp_path):
    # `- Khác` after 6.3: the community's other gifts, or source 7? Read as a part of 6.3
    # it was counted in no source with a warning, and the unit's total fell short; now an
    # error, its money unreadable, so the total is not computed. Under a source's own row,
    # `Trong đó: vốn lồng ghép` stays a part of it, as before.
    result = _read(tmp_path / "a", district_sheets(B02=_b02_rows(
        [*_BUDGETS, *_CODED_PARTS, [None, "- Khác", 20]])))
    assert _b02(result)[10] == (None, 20.0, True)
    assert "which source it is cannot be told" in _errors_at(result)[10]
    result = _read(tmp_path / "b", district_sheets(B02=_b02_rows(
        [*_BUDGETS, [None, "Trong đó: vốn lồng ghép", 300]])))
    assert _b02(result)[6] == (None, 300.0, False)
    assert 6 not in _errors_at(result)


def test_b02_a_group_of_sources_closing_the_sources_above_it_is_their_subtotal(tmp_path):
    # `Vốn ngân sách nhà nước (1+2)` under 1 and 2, as above them: their sum, not counted
    # again. Before, an error (no source), and the unit's total was not computed.
    for name in ["Vốn ngân sách nhà nước (1+2)", "Vốn ngân sách nhà nước",
                 "Tổng vốn ngân sách các cấp"]:
        result = _read(tmp_path / name, district_sheets(B02=_b02_rows(
            [*_BUDGETS, [None, name, 2000], ["6", "Cộng đồng dân cư", 350]])))
        assert _b02(result)[6] == (None, 2000.0, False), name
        assert not _errors_at(result), name


def test_b02_a_row_outside_the_budget_alike_one_source_above_it_is_not_its_subtotal(tmp_path):
    # Beside the rule above: one source of the same amount says nothing of a group.
    result = _read(tmp_path, district_sheets(B02=_b02_rows(
        [*_BUDGETS, [None, "Vốn ngoài ngân sách", 800], ["7", "Khác", 20]])))
    assert _b02(result)[6] == (None, 800.0, True)
    assert "Vốn ngoài ngân sách" in _errors_at(result)[6]


def test_figures_typed_with_their_unit_in_rows_named_as_a_part_or_another_time_are_not_read(
        tmp_path):
    # `300 triệu` in a row named as cash alone, `5 tỷ` in a row named as a plan, `54 triệu`
    # as last year's income: the rules on a row's name passed over figures typed with their
    # unit (read later), which were then read without a flag.
    result = _b06_money(tmp_path / "b06", [
        ["TONG_VON", "Tổng vốn huy động (kế hoạch)", "5 tỷ"],
        ["VON_CONG_DONG", "Vốn cộng đồng (tiền mặt)", "300 triệu"],
        ["SO_XA_DAT_CHUAN", "Số xã đạt chuẩn NTM tăng thêm", "5 xã"],
        ["SO_XA", "Số xã", "200 xã"]])
    assert _b06_values(result) == {"TONG_VON": (None, None), "VON_CONG_DONG": (None, None),
                                   "SO_XA_DAT_CHUAN": (None, None), "SO_XA": (200.0, None)}
    assert set(_errors_at(result)) == {3, 4, 5}
    b04 = _b04(["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"],
               [["THU_NHAP_BQ", "Thu nhập bình quân (năm 2022)", "triệu đồng/người/năm",
                 None, "54 triệu"],
                ["TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, 4.8]])
    result = _read(tmp_path / "b04", district_sheets(B04=b04))
    actual = {r["indicator_code"]: r["actual"] for r in result.tables["b04_targets"]}
    assert actual == {"THU_NHAP_BQ": None, "TY_LE_HO_NGHEO": 4.8}
    assert "THU_NHAP_BQ" in _errors_at(result)[3]
