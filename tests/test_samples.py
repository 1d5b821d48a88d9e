"""Tests for the workbook writer and the bundled sample generator.

The sample is the project's demo and the ingest's first real input, so these tests read
the generated files back with an independent reader (python-calamine, as the ingest does)
and check that what is not listed as a deliberate inconsistency is really consistent.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from samples.bundled import generate as gen
from samples.workbooks import (
    Aggregate,
    Commune,
    FundingRow,
    OcopProduct,
    Sheet,
    Submission,
    Target,
    render,
    write_csv_folder,
    write_submission,
    write_xls,
    write_xlsx,
)

# --------------------------------------------------------------------------- reading helpers


def read_grid(path: Path, sheet: str) -> list[list[object]]:
    """A sheet as calamine (or a CSV reader) sees it, from cell A1."""
    if path.is_dir():
        with (path / f"{sheet}.csv").open(encoding="utf-8", newline="") as fh:
            return [list(row) for row in csv.reader(fh)]
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)


def sheet_names(path: Path) -> list[str]:
    if path.is_dir():
        return sorted(p.stem for p in path.glob("*.csv"))
    return CalamineWorkbook.from_path(str(path)).sheet_names


def key(value: object) -> str:
    """Header comparison key: NFC, case-free, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(value)).casefold().split())


MET = {"x", "✓", "đạt", "1", "true"}
NOT_MET = {"", "0", "-", "chưa đạt", "không đạt", "false", "cơ bản đạt"}


def mark(value: object) -> bool | None:
    """Template rule for criterion cells; ``None`` for an unparseable cell."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(int(value)) if value in (0, 1) else None
    text = key(value)
    return True if text in MET else False if text in NOT_MET else None


def num(value: object) -> float | None:
    """Numbers as cells or as Vietnamese-style text."""
    if value in ("", None) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace(".", "").replace(",", "."))


def code(value: object, width: int) -> str:
    """Codes may arrive as numbers that lost their leading zeros."""
    if isinstance(value, float):
        value = int(value)
    return str(value).strip().zfill(width)


def table(grid: list[list[object]], header_key: str) -> tuple[list[str], list[list[object]]]:
    """Header (as keys) and data rows: from the header row to the total or a blank row."""
    start = next(i for i, row in enumerate(grid) if any(key(v) == header_key for v in row))
    header = [key(v) for v in grid[start]]
    rows = []
    for row in grid[start + 1:]:
        if all(v in ("", None) for v in row) or key(row[0]).startswith("tổng cộng"):
            break
        rows.append(row)
    return header, rows


def info(path: Path) -> dict[str, object]:
    return {key(r[0]): r[1] for r in read_grid(path, "ThongTin") if len(r) > 1 and r[0] != ""}


# --------------------------------------------------------------------------- writer


def _small_submission() -> Submission:
    return Submission(
        level="Huyện", province_code="20", province_name="Tỉnh Lạng Sơn", year=2021,
        signed_on=dt.date(2022, 1, 15), district_code="180", district_name="Huyện Tràng Định",
        revision=2, criteria_set="2021-2025",
        communes=[Commune("06001", "Xã Quốc Khánh", ["x"] * 19, 19, 2018, 2020),
                  Commune("06004", "Xã Tri Phương", ["x", None] * 9 + ["Đạt"], 10, note="n")],
        funding=[FundingRow("1", "Ngân sách trung ương", 1000),
                 FundingRow("6", "Cộng đồng dân cư", "1.234,5"),
                 FundingRow("6.1", "Tiền mặt", 1234.5),
                 FundingRow("7", "Khác", 10, 5, "m2")],
        ocop=[OcopProduct("Hồi khô Quốc Khánh", "HTX A", "06001", 1, 3, dt.date(2021, 5, 4),
                          "12/QĐ-UBND", "Huyện")],
        targets=[Target("TY_LE_BHYT", "Tỷ lệ BHYT", "%", 95, 96.5, None)],
        aggregates=[Aggregate("SO_XA", "Tổng số xã", 2)])


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv"])
def test_writer_round_trip_positions(tmp_path: Path, fmt: str) -> None:
    sheets = render(_small_submission())
    b01 = sheets[1].shift(down=2, right=1)  # two blank rows and a blank column
    hr, hc = b01.find("Mã xã")
    path = write_submission(tmp_path / f"sub.{fmt}", sheets, fmt)  # type: ignore[arg-type]

    assert sheet_names(path) == sorted(s.name for s in sheets) if fmt == "csv" else \
        sheet_names(path) == [s.name for s in sheets]
    grid = read_grid(path, "B01_TieuChiXa")
    assert grid[2 + hr][1 + hc] == "Mã xã"
    assert grid[2 + hr][1 + hc + 2] == "TC1"
    assert grid[2 + hr + 1][1 + hc] == "06001"  # text code keeps its leading zero
    assert grid[2 + hr + 2][1 + hc + 2] == "x"
    assert grid[2 + hr + 3][1 + hc - 1] == "Tổng cộng"
    assert num(grid[2 + hr + 3][1 + hc + 21]) == 29  # total of Số tiêu chí đạt
    for r in range(2):
        assert all(v in ("", None) for v in grid[r])
    assert all(v in ("", None) for row in grid for v in row[:1])

    rows = read_grid(path, "ThongTin")
    values = {r[0]: r[1] for r in rows if r and r[0]}
    signed = values["Ngày lập"]
    assert signed == ("15/01/2022" if fmt == "csv" else dt.date(2022, 1, 15))
    b02 = read_grid(path, "B02_NguonVon")
    assert any(r[2] == "1.234,5" for r in b02)  # text stays text
    total = next(r for r in b02 if r[0] == "Tổng cộng")
    assert num(total[2]) == 1000 + 1234.5 + 10


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_writer_merges(tmp_path: Path, fmt: str) -> None:
    sheet = Sheet("S", [["Title", "lost"], [], ["a", "b", "c"], [dt.date(2020, 2, 1)]],
                  start_row=1, merges=[(1, 0, 1, 2)])
    sheet.merges.append((4, 0, 4, 1))  # a merged date cell
    path = (write_xlsx if fmt == "xlsx" else write_xls)(tmp_path / f"m.{fmt}", [sheet])
    ws = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S")
    assert sorted(ws.merged_cell_ranges) == [((1, 0), (1, 2)), ((4, 0), (4, 1))]
    grid = ws.to_python(skip_empty_area=False)
    assert grid[1][:3] == ["Title", "", ""]  # the value inside the merge is dropped
    assert grid[4][0] == dt.date(2020, 2, 1)


def test_writer_csv_folder_and_insert_row(tmp_path: Path) -> None:
    sheet = Sheet("B06_TongHop", [["Tiêu đề"], ["Mã chỉ số", "Giá trị"], ["SO_XA", 3],
                                  ["OK", True]], start_col=2, merges=[(0, 2, 0, 3)])
    sheet.insert_row(0, [])
    assert sheet.merges == [(1, 2, 1, 3)]
    folder = write_csv_folder(tmp_path / "sub", [sheet])
    text = (folder / "B06_TongHop.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [",,,", ",,Tiêu đề,", ",,Mã chỉ số,Giá trị", ",,SO_XA,3",
                                 ",,OK,TRUE"]


def test_render_switches_and_missing_sheets() -> None:
    sub = _small_submission()
    sub.communes = None
    bare = render(sub, title_rows=False, signature=False, total_rows=False)
    assert [s.name for s in bare] == ["ThongTin", "B02_NguonVon", "B03_OCOP", "B04_ChiTieu",
                                      "B06_TongHop"]
    b02 = bare[1]
    assert b02.rows[0][:3] == ["Mã nguồn", "Nguồn vốn", "Giá trị (triệu đồng)"]
    assert b02.rows[-1][0] == "7" and b02.merges == []
    full = render(_small_submission())
    b01 = full[1]
    assert b01.rows[0] == ["UBND HUYỆN TRÀNG ĐỊNH"]
    assert "NĂM 2021" in str(b01.rows[1][0])
    texts = [str(v) for row in b01.rows for v in row if v is not None]
    assert {"Người lập biểu", "Thủ trưởng đơn vị"} <= set(texts)
    assert "Tràng Định, ngày 15 tháng 01 năm 2022" in texts


# --------------------------------------------------------------------------- sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gen.Sample]:
    out = tmp_path_factory.mktemp("sample")
    gen.generate(out)
    return out, gen.build()


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic(sample: tuple[Path, gen.Sample], tmp_path: Path) -> None:
    out, _ = sample
    gen.generate(tmp_path)
    first, second = _hashes(out), _hashes(tmp_path)
    assert first == second
    assert 100 <= len(first) <= 160
    assert sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) < 3_000_000


def test_layout_and_units(sample: tuple[Path, gen.Sample]) -> None:
    out, s = sample
    assert sorted(p.name for p in out.iterdir()) == [*map(str, gen.YEARS), "README.md"]
    for year in gen.LEGACY_YEARS:
        provinces = sorted(p.name for p in (out / str(year)).iterdir())
        assert provinces == ["20_lang_son", "93_hau_giang"]
    assert sorted(p.name for p in (out / "2025").iterdir()) == ["20_lang_son", "92_can_tho"]
    assert sorted(p.name for p in (out / "2025" / "92_can_tho").iterdir()) == ["92_2025_r1.xlsx"]
    assert sorted(p.name for p in (out / "2026").iterdir()) == ["20_lang_son", "92_can_tho"]
    assert sorted(p.name for p in (out / "2026" / "92_can_tho").iterdir()) == ["92_2026_r1.xlsx"]
    fmts = {pf.fmt for pf in s.files}
    assert fmts == {"xlsx", "xls", "csv"}
    csv_folder = out / "2022" / "93_hau_giang" / "933_2022_r1"
    assert sorted(p.name for p in csv_folder.iterdir())[0] == "B01_TieuChiXa.csv"
    # Real units: every B01 commune of a 2019 district is a legacy xã of that district.
    path = out / "2019" / "93_hau_giang" / "934_2019_r1.xlsx"
    header, rows = table(read_grid(path, "B01_TieuChiXa"), "mã xã")
    codes = {code(r[header.index("mã xã")], 5) for r in rows}
    expected = next(d for d in s.world.legacy["93"].districts if d.unit.code == "934")
    assert codes == {c.code for c in expected.communes}


def test_readme_lists_every_deliberate_issue(sample: tuple[Path, gen.Sample]) -> None:
    out, s = sample
    readme = (out / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in readme.splitlines() if ln.startswith("| ") and "`" in ln]
    assert len(lines) == len(s.issues) >= 10
    for issue, line in zip(s.issues, lines, strict=True):
        assert issue.check_code in line and issue.file.split(" ")[0] in line
    codes = {i.check_code for i in s.issues}
    assert {"REPORTED_COUNT_MISMATCH", "AGGREGATE_MISMATCH", "TOTAL_ROW_MISMATCH",
            "FUNDING_SUM_MISMATCH", "STATUS_ORDER", "VALUE_OUT_OF_RANGE", "UNPARSEABLE_VALUE",
            "CONFLICTING_SUBMISSION", "YEAR_MISMATCH", "LATE_SUBMISSION",
            "MISSING_SUBMISSION"} <= codes


def test_issue_rows_point_at_the_offending_cell(sample: tuple[Path, gen.Sample]) -> None:
    out, s = sample
    located = [i for i in s.issues if i.row is not None]
    assert len(located) >= 8
    for issue in located:
        grid = read_grid(out / issue.file, issue.sheet)
        row = grid[issue.row - 1]
        values = {str(v) for v in row} | {str(num(v)) for v in row if _numeric(v)}
        assert str(issue.value) in values or str(float(issue.value)) in values, issue


def _numeric(v: object) -> bool:
    try:
        return num(v) is not None
    except ValueError:
        return False


def test_special_files(sample: tuple[Path, gen.Sample]) -> None:
    out, s = sample
    dup = out / "2023" / "93_hau_giang" / "ban_sao" / "935_2023_r1 - Copy.xlsx"
    assert dup.read_bytes() == (out / "2023" / "93_hau_giang" / "935_2023_r1.xlsx").read_bytes()
    a = out / "2023" / "93_hau_giang" / "936_2023_r1.xlsx"
    b = out / "2023" / "93_hau_giang" / "gui_lai" / "936_2023_r1.xlsx"
    assert a.read_bytes() != b.read_bytes()
    assert info(a).get("lần gửi") is None and info(b).get("lần gửi") is None
    unit, year = s.world.missing
    assert not list(out.rglob(f"{unit}_{year}_*"))
    moved = out / "2021" / "93_hau_giang" / "932_2022_r1.xlsx"
    assert num(info(moved)["năm báo cáo"]) == 2022
    assert num(info(out / "2022" / "20_lang_son" / "183_2022_r2.xlsx")["lần gửi"]) == 2
    legacy = info(out / "2019" / "20_lang_son" / "181_2019_r1.xls")
    assert legacy["tªn huyön"] == "HuyÖn B×nh Gia"  # TCVN3 garbling of "Huyện Bình Gia"


# --------------------------------------------------------------------------- consistency


def _dirty(s: gen.Sample) -> set[str]:
    """Files named by a deliberate issue (their consistency is broken on purpose)."""
    return {pf.rel for pf in s.files for i in s.issues if pf.rel in i.file}


def _b01(path: Path, *, legacy: bool = False) -> list[dict[str, object]]:
    grid = read_grid(path, "B01_TieuChiXa")
    if legacy:
        from pipelines.ingest.legacy import decode_legacy

        grid = [[decode_legacy(v, "tcvn3") if isinstance(v, str) else v for v in row]
                for row in grid]
    header, rows = table(grid, "mã xã")
    first = header.index("mã xã") + 2 + ("nhóm xã" in header)  # 2026+: Nhóm xã, then TC1
    last = header.index("số tiêu chí đạt")
    out = []
    for r in rows:
        marks = [mark(v) for v in r[first:last]]
        years = [None if r[header.index(h)] in ("", None) else int(num(r[header.index(h)]))
                 for h in ("năm đạt chuẩn ntm", "năm đạt ntm nâng cao", "năm đạt ntm kiểu mẫu")]
        group = r[header.index("nhóm xã")] if "nhóm xã" in header else None
        out.append({"code": code(r[header.index("mã xã")], 5), "marks": marks,
                    "reported": num(r[last]), "years": years, "group": group})
    return out


def _kv(path: Path, sheet: str, header_key: str, col: int) -> dict[str, float | None]:
    """Code -> value; B02 values converted to million VND from the unit in the header."""
    header, rows = table(read_grid(path, sheet), header_key)
    factor = 1.0
    if sheet == "B02_NguonVon":
        factor = {"(tỷ đồng)": 1000.0, "(đồng)": 1e-6}.get(header[col].split(" ", 2)[-1], 1.0)
    return {str(r[0]): None if num(r[col]) is None else num(r[col]) * factor for r in rows}


def test_clean_files_are_internally_consistent(sample: tuple[Path, gen.Sample]) -> None:
    out, s = sample
    dirty = _dirty(s)
    checked = 0
    for pf in s.files:
        if pf.rel in dirty or pf.copy_of:
            continue
        path = out / pf.rel
        meta = info(path)
        year = int(num(meta["năm báo cáo"]) or 0)
        names = sheet_names(path)
        b06 = _kv(path, "B06_TongHop", "mã chỉ số", 2) if "B06_TongHop" in names else {}
        b04 = _kv(path, "B04_ChiTieu", "mã chỉ tiêu", 4)
        funding = _kv(path, "B02_NguonVon", "mã nguồn", 2)
        parts = sum(funding[c] or 0 for c in ("6.1", "6.2", "6.3", "6.4"))
        assert funding["6"] == pytest.approx(parts, abs=1e-6), pf.rel
        grid = read_grid(path, "B02_NguonVon")
        total = next(num(r[2]) for r in grid if key(r[0]) == "tổng cộng")
        top = sum(v or 0 for c, v in funding.items() if "." not in c)
        factor = top / sum(num(r[2]) or 0 for r in table(grid, "mã nguồn")[1] if "." not in r[0])
        assert total * factor == pytest.approx(top, rel=1e-9), pf.rel
        for c in ("TY_LE_HO_NGHEO", "TY_LE_BHYT", "TY_LE_NUOC_SACH", "TY_LE_RAC_THAI"):
            assert 0 <= (b04[c] or 0) <= 100, (pf.rel, c)
        if "B01_TieuChiXa" not in names:
            continue
        communes = _b01(path)
        n_criteria = 10 if year >= 2026 else 19
        for c in communes:
            met = sum(m is True for m in c["marks"])
            assert len(c["marks"]) == n_criteria, pf.rel
            assert None not in c["marks"] and met == c["reported"], (pf.rel, c["code"])
            assert (c["group"] in (1, 2, 3)) == (year >= 2026), (pf.rel, c["code"])
            ntm, adv, model = c["years"]
            # A recognition under a 19-criteria set stands in 2026 even below the new 10.
            older_set = year >= 2026 and ntm is not None and ntm < 2026
            assert ntm is None or ((met == n_criteria or older_set) and ntm <= year), \
                (pf.rel, c["code"])
            assert adv is None or adv < 2026 or met == n_criteria, (pf.rel, c["code"])
            assert adv is None or (ntm is not None and ntm < adv <= year), (pf.rel, c["code"])
            assert model is None or (adv is not None and adv < model <= year), (pf.rel, c["code"])
        counts = [sum(m is True for m in c["marks"]) for c in communes]
        new = sum(c["years"][0] == year for c in communes)
        assert b04["XA_DAT_CHUAN_MOI"] == new and b04["XA_DUOI_10_TC"] == sum(
            n < 10 for n in counts), pf.rel
        assert b04["TC_BINH_QUAN"] == pytest.approx(sum(counts) / len(counts), abs=0.006)
        if b06:
            assert b06["SO_XA"] == len(communes)
            assert b06["SO_XA_DAT_CHUAN"] == sum(c["years"][0] is not None for c in communes)
            assert b06["SO_XA_DAT_CHUAN_MOI"] == new
            assert b06["TONG_TC"] == sum(counts)
            if year >= 2026:  # the buckets by criteria met belong to the 19-criteria sets
                assert not any(k.endswith("_TC") and k != "TONG_TC" for k in b06), pf.rel
            else:
                assert b06["SO_XA_15_18_TC"] == sum(15 <= n <= 18 for n in counts)
            assert b06["TONG_VON"] == pytest.approx(top, rel=1e-9)
            b03 = table(read_grid(path, "B03_OCOP"), "tên sản phẩm")[1]
            assert b04["OCOP_3SAO_MOI"] == len(b03)
        checked += 1
    assert checked >= 100


def test_cumulative_series_and_province_sums(sample: tuple[Path, gen.Sample]) -> None:
    """District NTM counts add up year on year; province B06 equals its districts' B01.

    None of the planted issues changes a commune's NTM year, so every current district
    file counts here (the TCVN3 one after decoding).
    """
    out, s = sample
    ntm: dict[tuple[str, int], int] = {}
    new: dict[tuple[str, int], int] = {}
    per_province: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pf in s.files:
        unit, year_text, revision = Path(pf.rel).stem.split(" ")[0].split("_")
        path, year = out / pf.rel, int(year_text)
        if pf.copy_of or "/gui_lai/" in pf.rel or "B01_TieuChiXa" not in sheet_names(path):
            continue
        if revision == "r1" and (out / pf.rel.replace("_r1", "_r2")).exists():
            continue  # superseded by revision 2
        communes = _b01(path, legacy=pf.fmt == "xls" and "181_2019" in pf.rel)
        ntm[(unit, year)] = sum(c["years"][0] is not None for c in communes)
        new[(unit, year)] = sum(c["years"][0] == year for c in communes)
        if len(unit) == 3:
            per_province[(pf.rel.split("/")[1][:2], year)].append(ntm[(unit, year)])
    steps = 0
    for (unit, year), value in ntm.items():
        # The 2025 reform restarts the series; the 2026 change of criteria set does not.
        if (unit, year - 1) in ntm and year != gen.REFORM_YEAR:
            assert value == ntm[(unit, year - 1)] + new[(unit, year)], (unit, year)
            steps += 1
    assert steps >= 90
    assert {("20", 2026), ("92", 2026)} <= {k for k in ntm if (k[0], k[1] - 1) in ntm}
    compared = 0
    for pf in s.files:
        name = Path(pf.rel).stem
        if not name.startswith(("20_", "93_")) or name.startswith(("20_2025", "20_2026", "92_")):
            continue
        pc, year = name[:2], int(name[3:7])
        if len(per_province[(pc, year)]) != len(s.world.legacy[pc].districts):
            continue  # a district sent nothing this year
        reported = _kv(out / pf.rel, "B06_TongHop", "mã chỉ số", 2)
        assert reported["SO_XA_DAT_CHUAN"] == sum(per_province[(pc, year)]), pf.rel
        compared += 1
    assert compared == 11  # 2 provinces x 6 years, minus Lạng Sơn's year with a gap
