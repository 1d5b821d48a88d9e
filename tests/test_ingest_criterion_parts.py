"""B01 criteria over two columns: `Đạt | Chưa đạt` tick boxes (`Đ | KĐ`, `Đạt | Cơ bản đạt`),
and `Đạt | Năm đạt`, the year a criterion was met beside its mark. Each criterion is read
from its column for met; the others tell what a blank there means."""

from __future__ import annotations

import pytest

from tests.office import COMMUNES, CRITERIA_2021, OfficeSheet, district_sheets
from tests.test_ingest_office import _flags, _read


def paired(subs: tuple[str, str], ticks=None, header=None) -> OfficeSheet:
    """B01 with each criterion (``1. Quy hoạch``) merged over two columns ``subs``; the three
    communes of ``COMMUNES`` meet their first 19, 15 and 12 criteria. ``ticks(met, n)``
    gives the two cells of criterion ``n`` (default: `x` under the one that applies)."""
    ticks = ticks or (lambda met, n: ("x", None) if met else (None, "x"))
    header = header or (lambda n: f"{n}. {CRITERIA_2021[n - 1]}")
    top: list = ["STT", "Mã xã", "Tên xã"]
    low: list = [None, None, None]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2)]
    for n in range(1, 20):
        merges.append((1, len(top), 1, len(top) + 1))
        top += [header(n), None]
        low += list(subs)
    rows = [["BIỂU 01: KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NTM"], top, low]
    for k, (code, name, met, *_) in enumerate(COMMUNES, 1):
        row = [k, code, name]
        for n in range(1, 20):
            row += list(ticks(n <= met, n))
        rows.append(row)
    return OfficeSheet("B01_TieuChiXa", rows, merges)


def _marks(result) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for m in result.tables["b01_marks"]:
        by = out.setdefault(m["commune_code"], {})
        by[m["mark"]] = by.get(m["mark"], 0) + 1
    return out


READ_RIGHT = {"06532": {"met": 19}, "06541": {"met": 15, "not_met": 4},
              "06544": {"met": 12, "not_met": 7}}


@pytest.mark.parametrize("subs", [("Đạt", "Chưa đạt"), ("Đ", "KĐ"), ("Đạt", "Không đạt"),
                                  ("x", "CĐ")])
@pytest.mark.parametrize("ticks", [
    None,  # a tick under the one that applies
    lambda met, n: ("x", None) if met else (None, None),  # only the criteria met ticked
    lambda met, n: ("x", "-") if met else ("-", "x"),  # the other box dashed
], ids=["both-kinds", "met-only", "dashes"])
def test_a_criterion_over_met_and_not_met_columns_is_read_from_its_ticks(tmp_path, subs,
                                                                         ticks):
    result = _read(tmp_path, district_sheets(B01=paired(subs, ticks)))
    assert _marks(result) == READ_RIGHT
    assert not _flags(result, "UNPARSEABLE_VALUE")
    assert {c["commune_code"] for c in result.tables["b01_communes"]} == set(READ_RIGHT)


def test_basically_met_ticked_in_its_own_column_is_basically_met(tmp_path):
    result = _read(tmp_path, district_sheets(B01=paired(("Đạt", "Cơ bản đạt"))))
    assert _marks(result)["06544"] == {"met": 12, "basically_met": 7}


def test_criteria_ticked_only_as_not_met_leave_the_others_unanswered(tmp_path):
    """Where the sheet ticks the columns for not met, a criterion ticked in neither column
    was not answered: read from the column for met alone it would be not met, and the
    commune's count 0 where it meets all 19."""
    only_unmet = paired(("Đạt", "Chưa đạt"), lambda met, n: (None, None if met else "x"))
    result = _read(tmp_path, district_sheets(B01=only_unmet))
    assert _marks(result) == {"06532": {"unparseable": 19},
                              "06541": {"unparseable": 15, "not_met": 4},
                              "06544": {"unparseable": 12, "not_met": 7}}
    first = _flags(result, "UNPARSEABLE_VALUE")[0]
    assert first["severity"] == "error" and first["row_number"] == 4
    assert "criterion 1 is ticked in none of D (1. Quy hoạch | Đạt) (met) and E (1. Quy " \
           "hoạch | Chưa đạt) (not met)" in first["message"]


def test_a_criterion_ticked_in_both_columns_is_not_read(tmp_path):
    both = paired(("Đạt", "Chưa đạt"),
                  lambda met, n: ("x", "x" if n == 2 else None) if met else (None, "x"))
    result = _read(tmp_path, district_sheets(B01=both))
    marks = {(m["commune_code"], m["criterion_no"]): m["mark"]
             for m in result.tables["b01_marks"]}
    assert marks[("06532", 2)] == "unparseable" and marks[("06532", 3)] == "met"
    (flag, *_) = [f for f in _flags(result, "UNPARSEABLE_VALUE") if f["row_number"] == 4]
    assert "criterion 2 is ticked in F (2. Giao thông | Đạt) (met) and G (2. Giao thông | " \
           "Chưa đạt) (not met); which is right cannot be told" in flag["message"]


def test_the_year_a_criterion_was_met_beside_its_mark_is_kept_not_read(tmp_path):
    with_year = paired(("Đạt", "Năm đạt"), lambda met, n: ("x", 2020) if met else (None, None),
                       header=lambda n: f"TC{n}")
    result = _read(tmp_path, district_sheets(B01=with_year))
    assert _marks(result) == READ_RIGHT
    years = [f for f in _flags(result, "UNKNOWN_COLUMN") if "is the year criterion" in
             f["message"]]
    assert len(years) == 19 and "column E 'TC1 | Năm đạt' is the year criterion 1 was met" \
        in years[0]["message"]
    kept = {(c["row_number"], c["column_name"], c["column_header"])
            for c in result.tables["unmapped_cells"] if c["value"] == "2020"}
    assert (4, "E", "TC1 | Năm đạt") in kept and len(kept) == 19 + 15 + 12


@pytest.mark.parametrize("sign", ["-", "0"])
def test_a_sign_under_each_criterion_is_no_column_for_not_met(tmp_path, sign):
    """A dash (or a 0) filled in under each criterion's header is a blank, not a column for
    not met: the criterion is read from its column as before."""
    top = ["STT", "Mã xã", "Tên xã", *(f"{n}. {name}" for n, name in enumerate(CRITERIA_2021, 1))]
    rows = [["BIỂU 01"], top, [None, None, None, *[sign] * 19]]
    rows += [[k, code, name, *["x" if n <= met else None for n in range(1, 20)]]
             for k, (code, name, met, *_) in enumerate(COMMUNES, 1)]
    b01 = OfficeSheet("B01_TieuChiXa", rows, [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2)])
    result = _read(tmp_path, district_sheets(B01=b01))
    assert _marks(result) == READ_RIGHT
