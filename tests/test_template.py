"""`ntm template`: a workbook pre-filled for one unit and year from the reference map, with
data validation on what a person types and locked headers, that reads back with no flag but
those its values deserve."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.reference.admin_units import admin_units


def _template(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out.xlsx"
    assert main(["template", *args, "--out", str(out)]) == 0
    return out


def _rural_communes(era: str, **where: str) -> list[str]:
    units = admin_units().filter((pl.col("era") == era) & (pl.col("level") == "commune")
                                 & pl.col("is_rural_commune"))
    for column, value in where.items():
        units = units.filter(pl.col(column) == value)
    return sorted(units["unit_code"].to_list())


def _validations(ws) -> dict[str, str]:
    """Cell range -> the rule (a list's values, or type and bounds)."""
    rules = {}
    for v in ws.data_validations.dataValidation:
        operator = v.operator or "between"  # Excel leaves out its default
        rule = v.formula1 if v.type == "list" else \
            f"{v.type} {operator} {v.formula1} {v.formula2}"
        rules[str(v.sqref)] = rule
    return rules


def test_a_district_template_is_prefilled_validated_and_locked(tmp_path: Path) -> None:
    book = load_workbook(_template(tmp_path, "--unit", "188", "--year", "2024"))
    assert book.sheetnames == ["HuongDan", "ThongTin", "B01_TieuChiXa", "B02_NguonVon",
                               "B03_OCOP", "B04_ChiTieu", "B05_TieuChiHuyen", "B06_TongHop"]
    info = {r[0]: r[1] for r in book["ThongTin"].iter_rows(values_only=True)}
    assert info["Cấp báo cáo"] == "Huyện" and info["Mã huyện"] == "188"
    assert info["Tên huyện"] == "Huyện Lộc Bình" and info["Tên tỉnh"] == "Tỉnh Lạng Sơn"
    assert (info["Năm báo cáo"], info["Lần gửi"], info["Bộ tiêu chí"]) == (2024, 1, "2021-2025")
    b01 = book["B01_TieuChiXa"]
    header = [c.value for c in b01[4]]
    assert header[:4] == ["STT", "Mã xã", "Tên xã", "TC1\nQuy hoạch"]
    assert header[3 + 19:] == ["Số tiêu chí đạt", "Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao",
                               "Năm đạt NTM kiểu mẫu", "Ghi chú"]
    codes = [r[1] for r in b01.iter_rows(min_row=5, values_only=True)]
    assert codes == _rural_communes("legacy", parent_code="188")
    assert "Xã Mẫu Sơn" in [r[2] for r in b01.iter_rows(min_row=5, values_only=True)]
    last = 4 + len(codes)
    rules = _validations(b01)
    assert rules[f"D5:V{last}"] == '"Đạt,Chưa đạt,Cơ bản đạt"'
    assert rules[f"W5:W{last}"] == "whole between 0 19"
    assert rules[f"X5:Z{last}"] == "whole between 2010 2024"
    # codes and names locked, the cells a person types open; no password
    assert b01.protection.sheet and not b01.protection.password
    assert b01["B5"].protection.locked and not b01["D5"].protection.locked
    b02 = book["B02_NguonVon"]
    assert b02["C4"].value == "Giá trị (triệu đồng)"
    assert [r[0] for r in b02.iter_rows(min_row=5, values_only=True)] == [
        "1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "6.4", "7"]
    b03 = _validations(book["B03_OCOP"])
    assert b03["F5:F64"] == '"3,4,5"' and b03["I5:I64"] == '"Huyện,Tỉnh,Trung ương"'
    assert "Thực phẩm" in b03["E5:E64"]
    assert b03["G5:G64"].startswith("date between")
    b04 = book["B04_ChiTieu"]
    bhyt = next(r for r in b04.iter_rows(min_row=5) if r[0].value == "TY_LE_BHYT")
    assert _validations(b04)[f"D{bhyt[0].row}:F{bhyt[0].row}"] == "decimal between 0 100"
    b06 = [r[0] for r in book["B06_TongHop"].iter_rows(min_row=5, values_only=True)]
    assert "SO_XA_19_TC" in b06 and "SO_HUYEN_DAT_CHUAN" not in b06  # a district's B06


def test_province_templates_follow_the_map_and_the_criteria_set(tmp_path: Path) -> None:
    new_map = load_workbook(_template(tmp_path, "--unit", "20", "--year", "2025"))
    assert "B05_TieuChiHuyen" not in new_map.sheetnames
    codes = [r[1] for r in new_map["B01_TieuChiXa"].iter_rows(min_row=5, values_only=True)]
    assert codes == _rural_communes("2025", province_code="20") and len(codes) == 61
    ten = load_workbook(_template(tmp_path, "--unit", "20", "--year", "2026"))
    header = [c.value for c in ten["B01_TieuChiXa"][4]]
    assert [h.split("\n")[0] for h in header[3:13]] == [f"TC{i}" for i in range(1, 11)]
    assert header[13] == "Số tiêu chí đạt"
    assert header[-1] == "Nhóm xã"  # the commune group of the 2026-2030 set
    assert "Nhóm xã" not in [c.value for c in new_map["B01_TieuChiXa"][4]]
    assert "SO_XA_19_TC" not in [r[0] for r in ten["B06_TongHop"].iter_rows(
        min_row=5, values_only=True)]
    old = load_workbook(_template(tmp_path, "--unit", "20", "--year", "2024"))
    assert old.sheetnames == ["HuongDan", "ThongTin", "B02_NguonVon", "B03_OCOP",
                              "B04_ChiTieu", "B06_TongHop"]
    folder = tmp_path / "tinh"
    assert main(["template", "--province", "20", "--year", "2024", "--out", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["20_2024_r1.xlsx"] + [f"{d}_2024_r1.xlsx" for d in
                               ("178", "180", "181", "182", "183", "184", "185", "186", "187",
                                "188", "189")])


def test_a_unit_that_does_not_report_that_year_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["template", "--unit", "188", "--year", "2025",
                 "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "districts were abolished" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def _fill(path: Path, out: Path, year: int, mistakes: bool = False) -> Path:
    """What an office types: every commune's marks, counts and years consistent with each
    other, the money, one OCOP product, the district criteria. With ``mistakes``: row 6 says
    one criterion more than it marks, row 8 was advanced before it was NTM."""
    book = load_workbook(path)
    signed = next(r for r in book["ThongTin"].iter_rows() if r[0].value == "Ngày lập")
    signed[1].value = dt.datetime(year + 1, 1, 15)
    b01 = book["B01_TieuChiXa"]
    for i, row in enumerate(b01.iter_rows(min_row=5)):
        met = 19 if i % 3 == 0 else 12 + i % 5
        for c in range(met):
            row[3 + c].value = "Đạt"
        for c in range(met, 19):
            row[3 + c].value = "Chưa đạt" if c % 2 else "Cơ bản đạt"
        row[22].value = met + (1 if mistakes and i == 1 else 0)
        if met == 19:
            row[23].value = 2020 + i % 4
            if mistakes and i == 3:
                row[24].value = 2019  # advanced (Y) before NTM (X)
    first_commune = b01["B5"].value
    b02 = book["B02_NguonVon"]
    amounts = {"1": 12000.5, "2": 8000, "3": 1500, "4": 0, "5": 2500, "6.1": 300,
               "6.2": 200, "6.3": 150, "6.4": 50, "6": 700, "7": 100}
    for row in b02.iter_rows(min_row=5):
        row[2].value = amounts[row[0].value]
    b02["D12"], b02["E12"] = 1200, "ngày công"  # row 6.3: labour days
    b03 = book["B03_OCOP"]
    for c, value in enumerate(("Mật ong bạc hà", "HTX Mẫu Sơn", first_commune, "Thực phẩm", 4,
                               dt.datetime(year, 6, 1), "123/QĐ-UBND", "Tỉnh"), start=2):
        b03.cell(5, c).value = value
    if "B05_TieuChiHuyen" in book.sheetnames:
        for row in book["B05_TieuChiHuyen"].iter_rows(min_row=5):
            row[2].value = "Đạt"
    book.save(out)
    return out


@pytest.mark.build
@pytest.mark.parametrize(("unit", "year"), [("188", 2024), ("20", 2025)])
def test_a_filled_template_reads_back_with_only_the_flags_it_deserves(
        unit: str, year: int, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A district before the reform and a province after it: filled with clean values the
    workbook has no flag at all; with two planted mistakes `ntm check` finds exactly those,
    at their rows, and the annotated copy has them on their cells."""
    template = _template(tmp_path, "--unit", unit, "--year", year.__str__())
    clean = _fill(template, tmp_path / f"{unit}_{year}_r1.xlsx", year)
    (tmp_path / "sai").mkdir()
    wrong = _fill(template, tmp_path / "sai" / f"{unit}_{year}_r2.xlsx", year, mistakes=True)
    capsys.readouterr()  # the template's path
    assert main(["check", "--json", str(clean)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["flags"] == [] and report["files"][0]["unit_code"] == unit
    annotated = tmp_path / "kiemtra.xlsx"
    assert main(["check", "--json", "--annotate", str(annotated), str(wrong)]) == 1
    flags = json.loads(capsys.readouterr().out)["flags"]
    assert sorted((f["check_code"], f["sheet"], f["row_number"]) for f in flags) == [
        ("REPORTED_COUNT_MISMATCH", "B01_TieuChiXa", 6), ("STATUS_ORDER", "B01_TieuChiXa", 8)]
    b01 = load_workbook(annotated)["B01_TieuChiXa"]
    assert "REPORTED_COUNT_MISMATCH" in b01["W6"].comment.text
    assert "STATUS_ORDER" in b01["Y8"].comment.text
