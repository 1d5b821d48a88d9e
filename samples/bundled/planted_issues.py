"""The deliberate inconsistencies of the sample, and their table in its README.

Each is planted in one special unit-year and recorded as an :class:`Issue` (file, sheet,
Excel row, expected check code), so that every flag the warehouse raises on the sample can
be explained, and every missing flag is a bug.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from samples.bundled.file_layout import PlannedFile, Planner, file_format, file_path
from samples.bundled.office_styles import NO_B06, STYLES
from samples.bundled.rendering import signing_date, to_submission
from samples.bundled.world import SampleWorld
from samples.bundled.yearly_facts import Facts, tidy
from samples.workbooks import (
    SHEET_B01,
    SHEET_B02,
    SHEET_B04,
    SHEET_B06,
    SHEET_INFO,
    TOTAL_LABEL,
    Cell,
    Sheet,
    Submission,
)


@dataclass(frozen=True)
class Issue:
    """A deliberate inconsistency, as listed in the sample's README."""

    file: str
    sheet: str
    row: int | None
    what: str
    check_code: str
    value: Cell = None
    """The offending cell value as written (tests find it on ``row``)."""


SPECIAL = frozenset({("180", 2022), ("188", 2023), ("934", 2021), ("186", 2021), ("937", 2020),
                     ("185", 2020), ("932", 2022), ("184", 2020), ("936", 2023),
                     ("183", 2022), ("935", 2023), ("181", 2019)})
"""District-years rendered by :func:`inject`, each with one documented deviation."""


def aggregate_mismatch_district(w: SampleWorld) -> str:
    """The first Hậu Giang district with a commune still short of NTM at the end of 2024.

    Counting that commune early must be possible, and 2024 is the last year a district
    reports, so the wrong B06 figure breaks no later cumulative series.
    """
    return next(d.unit.code for d in w.legacy["93"].districts
                if (d.unit.code, 2024) not in SPECIAL | NO_B06
                and any(s.ntm_year is None for _, s in w.facts[(d.unit.code, 2024)].statuses))


def inject(w: SampleWorld, plan: Planner, files: list[PlannedFile], issues: list[Issue]
           ) -> None:
    """Render the special district-years, each with one documented deviation."""

    def facts(code: str, year: int) -> Facts:
        return w.facts[(code, year)]

    def std(code: str, year: int, sub: Submission | None = None,
            folder_year: int | None = None) -> tuple[str, list[Sheet]]:
        f = facts(code, year)
        rel = file_path(f, 1, file_format(code, year), folder_year=folder_year)
        return rel, plan(f, sub or to_submission(w, f), rel, file_format(code, year))

    # REPORTED_COUNT_MISMATCH: a commune's "Số tiêu chí đạt" one above its marks.
    f = facts("180", 2022)
    sub = to_submission(w, f)
    row = next(c for c in sub.communes or []
               if c.ntm_year is None and isinstance(c.reported_count, int)
               and c.reported_count <= 17)
    assert isinstance(row.reported_count, int)
    row.reported_count += 1
    rel, sheets = std("180", 2022, sub)
    b01 = _sheet(sheets, SHEET_B01)
    issues.append(Issue(rel, SHEET_B01, b01.excel_row(_row_index(b01, row.code)),
                        f"{row.name}: Số tiêu chí đạt = {row.reported_count}, but only "
                        f"{row.reported_count - 1} criteria are marked", "REPORTED_COUNT_MISMATCH",
                        row.reported_count))

    # UNPARSEABLE_VALUE: "đạt?" typed in a criterion the commune has not met.
    f = facts("188", 2023)
    sub = to_submission(w, f)
    row = next(c for c in sub.communes or [] if c.ntm_year is None)
    k = row.marks.index(STYLES["188"].unmet)
    row.marks[k] = "đạt?"
    rel, sheets = std("188", 2023, sub)
    b01 = _sheet(sheets, SHEET_B01)
    issues.append(Issue(rel, SHEET_B01, b01.excel_row(_row_index(b01, row.code)),
                        f"{row.name}: criterion TC{k + 1} holds 'đạt?' (unreadable: the "
                        "commune's count of criteria met is left empty)",
                        "UNPARSEABLE_VALUE", "đạt?"))

    # STATUS_ORDER: advanced year typed before the NTM year.
    f = facts("934", 2021)
    sub = to_submission(w, f)
    row = next(c for c in sub.communes or [] if c.advanced_year is not None)
    assert isinstance(row.ntm_year, int) and isinstance(row.advanced_year, int)
    row.advanced_year = row.ntm_year - 1
    rel, sheets = std("934", 2021, sub)
    b01 = _sheet(sheets, SHEET_B01)
    issues.append(Issue(rel, SHEET_B01, b01.excel_row(_row_index(b01, row.code)),
                        f"{row.name}: Năm đạt NTM nâng cao {row.advanced_year} is before "
                        f"Năm đạt chuẩn NTM {row.ntm_year}", "STATUS_ORDER", row.advanced_year))

    # AGGREGATE_MISMATCH: a district counts a commune as recognized a year early (B06 only).
    f = facts(aggregate_mismatch_district(w), 2024)
    sub = to_submission(w, f)
    changed = []
    for agg in sub.aggregates or []:
        if agg.code in {"SO_XA_DAT_CHUAN", "SO_XA_DAT_CHUAN_MOI"}:
            assert isinstance(agg.value, int)
            changed.append((agg.code, agg.value, agg.value + 1))
            agg.value += 1
    rel = file_path(f, 1, "xlsx")
    sheets = plan(f, sub, rel, "xlsx")
    b06 = _sheet(sheets, SHEET_B06)
    for code, true, wrong in changed:
        issues.append(Issue(rel, SHEET_B06, b06.excel_row(_row_index(b06, code)),
                            f"{code} = {wrong} but B01 gives {true} (a commune counted as "
                            "recognized before its decision; B04 keeps the true count, so a "
                            "cumulative check on B06 against B04 may also object)",
                            "AGGREGATE_MISMATCH", wrong))

    # TOTAL_ROW_MISMATCH: B02 total typed by hand, 1.000 too high.
    rel, sheets = std("186", 2021)
    b02 = _sheet(sheets, SHEET_B02)
    r = _row_index(b02, TOTAL_LABEL)
    b02.rows[r][2] = tidy(float(b02.rows[r][2]) + 1000)  # type: ignore[arg-type]
    issues.append(Issue(rel, SHEET_B02, b02.excel_row(r),
                        "Tổng cộng is 1.000 million above the sum of rows 1-7",
                        "TOTAL_ROW_MISMATCH", b02.rows[r][2]))

    # FUNDING_SUM_MISMATCH: row 6 not updated after 6.3 was corrected.
    rel, sheets = std("937", 2020)
    b02 = _sheet(sheets, SHEET_B02)
    r = _row_index(b02, "6")
    b02.rows[r][2] = tidy(float(b02.rows[r][2]) - 150)  # type: ignore[arg-type]
    issues.append(Issue(rel, SHEET_B02, b02.excel_row(r),
                        "row 6 (Cộng đồng dân cư) is 150 below the sum of 6.1-6.4 (total row "
                        "and B06 use the parts)", "FUNDING_SUM_MISMATCH", b02.rows[r][2]))

    # VALUE_OUT_OF_RANGE: health insurance 112 % (typo for 91,2).
    f = facts("185", 2020)
    sub = to_submission(w, f)
    target = next(t for t in sub.targets or [] if t.code == "TY_LE_BHYT")
    target.actual = 112
    rel, sheets = std("185", 2020, sub)
    b04 = _sheet(sheets, SHEET_B04)
    issues.append(Issue(rel, SHEET_B04, b04.excel_row(_row_index(b04, "TY_LE_BHYT")),
                        "TY_LE_BHYT Thực hiện = 112 %", "VALUE_OUT_OF_RANGE", 112))

    # YEAR_MISMATCH: the 2022 report saved in the 2021 folder.
    rel, sheets = std("932", 2022, folder_year=2021)
    info = _sheet(sheets, SHEET_INFO)
    issues.append(Issue(rel, SHEET_INFO, info.excel_row(_row_index(info, "Năm báo cáo")),
                        "file in folder 2021 but Năm báo cáo = 2022 (the 2022 report, counted "
                        "for 2022)", "YEAR_MISMATCH", 2022))

    # LATE_SUBMISSION: signed in March of the next year.
    f = facts("184", 2020)
    rel, sheets = std("184", 2020, to_submission(w, f, signed_on=dt.date(2021, 3, 10)))
    info = _sheet(sheets, SHEET_INFO)
    issues.append(Issue(rel, SHEET_INFO, info.excel_row(_row_index(info, "Ngày lập")),
                        "Ngày lập 10/03/2021, after 31 January", "LATE_SUBMISSION",
                        "10/03/2021"))

    # MISSING_SUBMISSION: one district sends nothing (in a year where nothing changed there).
    f = facts(*w.missing)
    issues.append(Issue(file_path(f, 1, "xlsx") + " (not sent)", "", None,
                        f"district {f.unit.code} {f.unit.name} sent no {f.year} report, so "
                        f"Lạng Sơn's computed {f.year} province figures are absent",
                        "MISSING_SUBMISSION"))

    # CONFLICTING_SUBMISSION: two different files, both revision 1.
    f = facts("936", 2023)
    rel_a, _ = std("936", 2023)
    sub_b = to_submission(w, f,
                          signed_on=signing_date("936", 2023, "Huyện") + dt.timedelta(days=3))
    for t in sub_b.targets or []:
        if t.code == "THU_NHAP_BQ" and isinstance(t.actual, int | float):
            t.actual = round(t.actual + 1.2, 1)
    rel_b = file_path(f, 1, "xlsx").replace("/936_", "/gui_lai/936_")
    plan(f, sub_b, rel_b, "xlsx")
    issues.append(Issue(f"{rel_a} + {rel_b}", "", None,
                        "two different files for 936 Long Mỹ 2023, both revision 1 (Lần gửi "
                        "blank), differing in Ngày lập and THU_NHAP_BQ", "CONFLICTING_SUBMISSION"))

    # Superseded (not an error): Cao Lộc corrects its 2022 report as revision 2.
    f = facts("183", 2022)
    first = copy.deepcopy(f)
    first.funding = dict(f.funding)
    first.funding["4"] = f.funding["4"] - 12_000  # credit figure not yet final
    rel_1 = file_path(f, 1, "xlsx")
    plan(first, to_submission(w, first, revision=1,
                              signed_on=signing_date("183", 2022, "Huyện") - dt.timedelta(days=4)),
         rel_1, "xlsx")
    rel_2 = file_path(f, 2, "xlsx")
    plan(f, to_submission(w, f, revision=2), rel_2, "xlsx")
    issues.append(Issue(f"{rel_1} -> {rel_2}", "", None,
                        "revision 2 replaces revision 1 (credit row corrected): r1 superseded, "
                        "not an error", "(none: status superseded)"))

    # Duplicate: the same file sent twice.
    rel, _ = std("935", 2023)
    dup = rel.replace("/935_", "/ban_sao/935_").replace(".xlsx", " - Copy.xlsx")
    files.append(PlannedFile(dup, "xlsx", [], copy_of=rel))
    issues.append(Issue(f"{dup} (copy of {rel})", "", None,
                        "byte-identical copy of a file already sent",
                        "DUPLICATE_FILE (info; status duplicate)"))

    # Legacy encoding: Bình Gia 2019, typed with .VnTime fonts (TCVN3), saved as .xls.
    from pipelines.ingest.legacy import encode_legacy

    rel, sheets = std("181", 2019)
    for sheet in sheets:
        sheet.rows = [[encode_legacy(v, "tcvn3") if isinstance(v, str) else v for v in row]
                      for row in sheet.rows]
    issues.append(Issue(rel, "", None,
                        "all text typed in TCVN3 (.VnTime): names read as 'B×nh Gia'; to be "
                        "detected and converted", "LEGACY_ENCODING (warning)"))


def _sheet(sheets: list[Sheet], name: str) -> Sheet:
    return next(s for s in sheets if s.name == name)


def _row_index(sheet: Sheet, first_cell: Cell) -> int:
    """Index into ``rows`` of the row whose key cell (code or label) is ``first_cell``."""
    return sheet.find(first_cell)[0]


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def issue_table(issues: list[Issue]) -> list[str]:
    """The README's Markdown table of ``issues``, numbered in order (one line per row)."""
    lines = ["| # | file | sheet | row | what is wrong | check_code |", "|---|---|---|---|---|---|"]
    for n, issue in enumerate(issues, start=1):
        lines.append(f"| {n} | `{_md(issue.file)}` | {_md(issue.sheet)} | "
                     f"{'' if issue.row is None else issue.row} | {_md(issue.what)} | "
                     f"{_md(issue.check_code)} |")
    return lines
