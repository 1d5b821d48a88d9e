"""B01 read as a person reads it where a sheet's name, a legend or a remark says what its
cells are: a second B01 sheet named as the reporting year's plan (`B01 KH2024`), a legend
giving the mark after its meaning (`Chưa đạt: 1`), and a remark claiming one level while
planning the next (`Đạt chuẩn NTM 2019; phấn đấu NTM nâng cao 2025`) (docs/ingest.md, "What
the intake understands")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.ingest.reader import FileResult, read_submission
from tests.office import COMMUNES, district_sheets, write
from tests.test_ingest_b01_rows_and_sheets import _codes, _other_list


def _read_2024(tmp_path: Path, sheets) -> FileResult:
    path = write(tmp_path / "raw" / "2024" / "district.xlsx", sheets)
    return read_submission(path, "2024/district.xlsx", "sha")


# ------------------------------------------- a second B01 sheet named as the year's plan


@pytest.mark.parametrize("name", [
    "B01 KH2024", "B01-KH 2024", "B01 (KH2024)", "B01_KH2024", "B01KH", "B01 ĐK2024",
    "B01 dang ky 2024", "B01 KH 2024", unicodedata.normalize("NFD", "B01 KẾ HOẠCH2024"),
])
def test_a_second_b01_named_as_the_reporting_years_plan_is_set_aside(tmp_path, name):
    """In a 2024 report, `B01 KH2024` beside B01_TieuChiXa: a person reads the plan for
    2024 (`KH` is `kế hoạch`) written against the year, not the year's results. Its name
    names the reporting year, so it was not set aside as another year's copy, and `kh2024`
    was taken as one word, so the plan was not seen either: both sheets were read together
    as one list, the planned communes stored as the year's with 19 criteria met. Now it is
    set aside with an info, its cells kept."""
    result = _read_2024(tmp_path, [*district_sheets(2024), _other_list(name)])
    assert _codes(result) == [c[0] for c in COMMUNES]
    (flag,) = [f for f in result.flags if f["check_code"] == "SHEET_LAYOUT"
               and f["sheet"] == name]
    assert flag["severity"] == "info" and "another list" in flag["message"]
    assert "it is not read" in flag["message"]
    assert any(c["sheet"] == name and c["value"] == "06547"
               for c in result.tables["unmapped_cells"])


@pytest.mark.parametrize("name", ["B01 (2)", "B01 2024", "B01 (2024)", "B01_TH2024"])
def test_a_second_b01_continuing_the_years_list_is_read_with_it_as_before(tmp_path, name):
    """`B01 (2)`, `B01 2024` or `B01_TH2024` (`TH` is `thực hiện`, the result) beside
    B01_TieuChiXa in a 2024 report: a continuation of the year's list, its communes read
    with the first sheet's as one list, as before."""
    result = _read_2024(tmp_path, [*district_sheets(2024), _other_list(name)])
    assert _codes(result) == [c[0] for c in COMMUNES] + ["06547", "06550"]
    assert all("read together as one list" in f["message"] for f in result.flags
               if f["check_code"] == "SHEET_LAYOUT")
