"""B01 criterion columns that mark how a commune's criteria changed in the year (gained, or
lost) rather than the criteria it meets: what a person reads against what reaches
raw.b01_marks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import COMMUNES, OfficeSheet, district_sheets
from tests.test_ingest_office import EXPECTED_MET, _flags, _marks_met, _read

# The criteria each commune gained in 2023, among those it meets (``COMMUNES``): Mẫu Sơn has
# met all 19 for years, Yên Khoái gained 14 and 15, Khánh Xuân 11 and 12.
GAINED = {"06532": (), "06541": (14, 15), "06544": (11, 12)}
STATUS_YEARS = ["Năm đạt chuẩn NTM", "Năm đạt NTM nâng cao", "Năm đạt NTM kiểu mẫu"]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _marks(code: str, met: int, kind: str) -> list[str | None]:
    """A commune's 19 cells: ``met`` marks its criteria met, ``gained`` those gained in the
    year, ``lost`` those it no longer meets (the ones past its count, up to 2)."""
    if kind == "met":
        return ["x" if n <= met else None for n in range(1, 20)]
    if kind == "gained":
        return ["x" if n in GAINED[code] else None for n in range(1, 20)]
    return ["x" if met < n <= met + 2 else None for n in range(1, 20)]


def _b01(groups: list[tuple[str, str]]) -> OfficeSheet:
    """B01 with a group over the 19 criteria per ``(heading, kind)``, side by side, then the
    count and the status years."""
    top: list = ["STT", "Mã xã", "Tên xã"]
    merges = [(2, j, 3, j) for j in range(3)]
    for heading, _ in groups:
        merges.append((2, len(top), 2, len(top) + 18))
        top += [heading, *[None] * 18]
    merges += [(2, j, 3, j) for j in range(len(top), len(top) + 4)]
    top += ["Số tiêu chí đạt", *STATUS_YEARS]
    low = [None] * 3 + [str(n) for n in range(1, 20)] * len(groups) + [None] * 4
    body = [[k, code, name, *(c for _, kind in groups for c in _marks(code, met, kind)),
             met, ntm, advanced, None]
            for k, (code, name, met, ntm, advanced) in enumerate(COMMUNES, 1)]
    return OfficeSheet("B01_TieuChiXa", [["BIỂU 01"], [], top, low, *body], merges)


def _b01_flags(got) -> list[dict]:
    return [f for f in got.flags if f["sheet"] == "B01_TieuChiXa" and f["severity"] != "info"]


# --------------------------------------------------------------------------- lost in the year


@pytest.mark.parametrize("lost", [
    "Tiêu chí không duy trì được", "Tiêu chí bị sụt giảm", "Các tiêu chí bị tụt hạng",
    "Tiêu chí không giữ vững", "Tiêu chí không duy trì đạt chuẩn",
    _nfd("TIÊU CHÍ KHÔNG DUY TRÌ ĐƯỢC"), "Tieu chi bi sut giam"])
def test_b01_whose_criteria_are_those_lost_in_the_year_feeds_nothing(tmp_path, lost):
    """The only criteria group marks the criteria a commune no longer meets (`x` at each
    lost). Before, each lost criterion was stored as met, no flag. As with a group headed
    `Tiêu chí chưa đạt`, the sheet is not read (a blank there is not known to be met)."""
    got = _read(tmp_path, district_sheets(B01=_b01([(lost, "lost")])))
    assert "b01_marks" not in got.tables
    (layout,) = [f for f in _flags(got, "SHEET_LAYOUT") if f["sheet"] == "B01_TieuChiXa"]
    assert layout["severity"] == "error"
    assert "headed as criteria not met (or lost in the year)" in layout["message"]


@pytest.mark.parametrize("group", ["Tiêu chí duy trì đạt chuẩn", "Tiêu chí giữ vững",
                                   "Tiêu chí đạt chuẩn (duy trì)"])
def test_b01_criteria_headed_as_kept_are_read_as_before(tmp_path, group):
    """Criteria headed as maintained (`duy trì`, `giữ vững`) without a negation are met."""
    got = _read(tmp_path, district_sheets(B01=_b01([(group, "met")])))
    assert _marks_met(got) == EXPECTED_MET
    assert not _b01_flags(got)
