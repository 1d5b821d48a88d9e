"""B03's recognition date headed `Thời điểm công nhận` with its format, and ThongTin's keys
as offices fill them: the sending's number with its year (`Lần 02/2024`), a hint of the
format between a key and its value, a number that is no code and name (`2.0e1`). Each test
builds what an office sends and checks what a person reading it would read
(docs/ingest.md, "What the intake understands")."""

from __future__ import annotations

import unicodedata

import pytest

from tests.office import OfficeSheet, district_sheets, thongtin
from tests.test_ingest_office import _read


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- ThongTin


def _info(*rows: list[object], year: int = 2023) -> OfficeSheet:
    """The office's ThongTin with the rows whose key ``rows`` name replaced by them."""
    info = thongtin(year)
    given = {row[0]: row for row in rows}
    info.rows = [given.get(r[0], r) if r else r for r in info.rows]
    return info


def _thongtin_flags(result) -> list[tuple[str, int, str | None]]:
    return [(f["check_code"], f["row_number"], f["column_name"]) for f in result.flags
            if f["sheet"] == "ThongTin"]


@pytest.mark.parametrize("province", ["2.0e1", "2.0E1", "20.5", "020a", "20.000", "2,0e1"])
def test_a_number_written_otherwise_is_no_code_and_name(tmp_path, province):
    """`Mã tỉnh | 2.0e1`: a number in scientific notation, not the code 2 with the name `0e1`
    (`20 - Lạng Sơn` is a code and a name: a name begins with a letter). No code a person can
    be sure of: the file is refused naming the cell, as `20.5` or `020a` is. Before, `2.0e1`
    was read as province 02, with only a warning that the name is another province's."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(["Mã tỉnh", province])))
    assert result.identity is None
    assert f"row 4: cannot read '{province}' as a 2-digit code" in result.reject_reason


@pytest.mark.parametrize("province", ["20 - Lạng Sơn", "20. Lạng Sơn", "20: Lang Son", 20])
def test_a_code_with_its_name_is_read_as_before(tmp_path, province):
    """`Mã tỉnh | 20 - Lạng Sơn`: the code and the name, as a drop-down list writes them; read
    as before."""
    result = _read(tmp_path, district_sheets(ThongTin=_info(["Mã tỉnh", province])))
    assert result.identity.province_code == "20"
    assert not _thongtin_flags(result)
