"""``ntm template`` and ``ntm check``: what a district or province uses before it sends
its workbook.

The template is written by ``pipelines.template``, the checking is ``pipelines.check``; this
module prints the check for a person (Vietnamese first,
English after, as the flags are written) or as JSON for tools, and chooses the exit code:
0 clean, 1 errors found, 2 a file could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from pipelines.check.annotate import without_file
from pipelines.errors import UserError

SEVERITY_WORDS = {"error": "lỗi / error", "warning": "cảnh báo / warning",
                  "info": "thông tin / info"}
WIDTH = 100


def cmd_check(args: argparse.Namespace) -> int:
    from pipelines.check.engine import CheckFailed, check_files

    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}.")
    with tempfile.TemporaryDirectory(prefix="ntm-check-") as scratch:
        try:
            result = check_files(paths, Path(scratch))
        except CheckFailed as error:
            raise UserError(str(error)) from None
    shown = {f.source_file: str(f.path) for f in result.files}
    flags = [_as_user_sees(flag, shown) for flag in result.flags]
    unreadable = [f for f in result.files if f.unreadable]
    code = 2 if unreadable else 1 if any(f["severity"] == "error" for f in flags) else 0
    if args.annotate:
        _annotate(result, flags, shown, Path(args.annotate))
    if args.format == "json":
        print(json.dumps(_json(result, flags, shown, code), ensure_ascii=False, indent=2,
                         default=str))
    else:
        _print(result, flags, shown)
    return code


def _annotate(result: Any, flags: list[dict[str, Any]], shown: dict[str, str],
              out: Path) -> None:
    """One annotated copy: ``out`` itself for one file, ``out/<name>`` for several."""
    from pipelines.check.annotate import CannotAnnotate, annotate, annotate_list

    readable = [f for f in result.files if not f.unreadable]
    several = len(result.files) > 1
    for f in readable:
        name = shown[f.source_file]
        target = out / f"{Path(name).stem}_kiemtra.xlsx" if several else out
        mine = [{**x, "message": without_file(x.get("message"), name)} for x in flags
                if x["source_file"] == name]
        try:
            annotate(f.path, mine, f.layouts, target)
        except CannotAnnotate as error:
            annotate_list(mine, target)
            print(f"ntm: {error}; the problems are listed alone in {target}", file=sys.stderr)
            continue
        print(f"ntm: problems written on a copy of {name}: {target}", file=sys.stderr)


def _as_user_sees(flag: dict[str, Any], shown: dict[str, str]) -> dict[str, Any]:
    """The flag with the file named as it was given, not as the scratch copy is named."""
    out = dict(flag)
    staged = flag.get("source_file")
    if staged in shown:
        out["source_file"] = shown[staged]
        if isinstance(out.get("message"), str):
            out["message"] = out["message"].replace(staged, shown[staged])
    return out


def _cell(flag: dict[str, Any]) -> str:
    sheet, row, column = flag.get("sheet"), flag.get("row_number"), flag.get("column_name")
    if not sheet:
        return "—"
    if row is None:
        return str(sheet)
    return f"{sheet}!{column or ''}{row}" if column and len(str(column)) <= 3 \
        else f"{sheet}, dòng/row {row}" + (f", {column}" if column else "")


def _counts(flags: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for flag in flags:
        counts[flag["severity"]] = counts.get(flag["severity"], 0) + 1
    return counts


def _print(result: Any, flags: list[dict[str, Any]], shown: dict[str, str]) -> None:
    by_file: dict[str, list[dict[str, Any]]] = {}
    for flag in flags:
        by_file.setdefault(flag["source_file"], []).append(flag)
    for f in result.files:
        name = shown[f.source_file]
        mine = by_file.pop(name, [])
        counts = _counts(mine)
        if f.unreadable:
            print(f"✗ {name}: không đọc được / cannot be read")
            reason = f.reason or ("không phải sổ Excel, .ods hay thư mục CSV của mẫu biểu / "
                                  "not a workbook, .ods or CSV folder of the template")
            print(textwrap.fill(reason, WIDTH, initial_indent="    ",
                                subsequent_indent="    "))
            continue
        who = (f"{'huyện' if f.level == 'district' else 'tỉnh'} {f.unit_code}, {f.year}"
               if f.unit_code else "")
        mark = "✗" if counts["error"] else "!" if counts["warning"] else "✓"
        print(f"{mark} {name} ({who})")
        print(f"    {counts['error']} lỗi / errors, {counts['warning']} cảnh báo / warnings"
              + (f", {counts['info']} thông tin / info" if counts["info"] else ""))
        for flag in mine:
            print(f"  {_cell(flag)}  {flag['check_code']}  "
                  f"[{SEVERITY_WORDS.get(flag['severity'], flag['severity'])}]")
            message = without_file(flag["message"], name)
            print(textwrap.fill(message, WIDTH, initial_indent="      ",
                                subsequent_indent="      "))
    for name, rest in by_file.items():  # flags about a file by name only (a stray copy)
        print(f"! {name}")
        for flag in rest:
            print(f"  {_cell(flag)}  {flag['check_code']}  {flag['message']}")
    total = _counts(flags)
    print()
    print(textwrap.fill(
        f"{len(result.files)} tệp / files, {total['error']} lỗi / errors, "
        f"{total['warning']} cảnh báo / warnings, trong {result.seconds:.0f} giây / in "
        f"{result.seconds:.0f} s. Đã kiểm tra / checks run: {', '.join(result.checks_run)}. "
        + (f"Từ vựng tiêu đề / header vocabulary: {result.vocabulary}. "
           if result.vocabulary else "")
        + NOT_CHECKED, WIDTH))


NOT_CHECKED = ("Không kiểm tra / not checked here: đơn vị chưa gửi (MISSING_SUBMISSION); so "
               "sánh với các năm trước (CUMULATIVE_BREAK, OUTLIER, số OCOP còn hiệu lực ở B06) "
               "chỉ khi các báo cáo năm trước cũng được đưa vào / comparisons with earlier "
               "years only when those years' reports are given too.")


def _json(result: Any, flags: list[dict[str, Any]], shown: dict[str, str],
          code: int) -> dict[str, Any]:
    files = []
    for f in result.files:
        counts = _counts([x for x in flags if x["source_file"] == shown[f.source_file]])
        files.append({"file": shown[f.source_file], "readable": not f.unreadable,
                      "status": f.status, "reason": f.reason, "year": f.year,
                      "level": f.level, "unit_code": f.unit_code, "errors": counts["error"],
                      "warnings": counts["warning"], "infos": counts["info"]})
    keep = ("check_code", "severity", "year", "level", "unit_code", "unit_name",
            "indicator_code", "reported_value", "expected_value", "message", "source_file",
            "sheet", "row_number", "column_name", "raw_value")
    return {
        "exit_code": code,
        "files": files,
        "flags": [{**{k: f.get(k) for k in keep}, "cell": _cell(f)} for f in flags],
        "checks_run": result.checks_run,
        "vocabulary": result.vocabulary,
        "not_checked": NOT_CHECKED,
        "seconds": round(result.seconds, 1),
        "timings": {stage: round(t, 2) for stage, t in result.timings.items()},
    }


def cmd_template(args: argparse.Namespace) -> int:
    """One workbook (``--unit``), or one per reporting unit of a province (``--province``,
    into the folder ``--out``)."""
    from pipelines.template.units import province_units, unit
    from pipelines.template.workbook import write_template

    if (args.unit is None) == (args.province is None):
        raise UserError("give --unit CODE (one workbook) or --province CODE (one per unit of "
                        "the province), not both.")
    if args.unit is not None:
        target = unit(args.unit, args.year)
        out = Path(args.out) if args.out else Path(target.file_name)
        if out.is_dir():
            out = out / target.file_name
        written = [write_template(target, out)]
    else:
        folder = Path(args.out or ".")
        if folder.exists() and not folder.is_dir():
            raise UserError(f"--out {folder} is a file; with --province it is a folder.")
        written = [write_template(u, folder / u.file_name)
                   for u in province_units(args.province, args.year)]
    for path in written:
        print(path)
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    """An annotated copy of each current submission of the year, from the published
    warehouse's flags, for the office that sent it."""
    from pipelines.check.feedback import write_feedback
    from pipelines.settings import raw_dir
    from pipelines.warehouse import open_published

    out = Path(args.out)
    with open_published() as con:
        done = write_feedback(con, raw_dir(), args.year, args.unit, out)
    if not done:
        print(f"ntm: no current submission for {args.year}"
              + (f" from unit {args.unit}" if args.unit else "")
              + " has a flag: nothing to send back.", file=sys.stderr)
    for item in done:
        note = f" ({item.problem})" if item.problem else ""
        print(f"{item.written}  {item.flags} cờ / flags  ← {item.source_file}{note}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="check workbooks before sending them, without a warehouse")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="workbooks (.xlsx, .xls, .ods) or CSV folders of the template")
    p.add_argument("--json", dest="format", action="store_const", const="json",
                   default="table", help="print JSON for tools instead of text")
    p.add_argument("--annotate", metavar="OUT.xlsx",
                   help="also write a copy of the workbook with every problem on its cell "
                   "(a folder when several files are checked); the file itself is not changed")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("template", help="the template workbook for a unit and year, "
                       "pre-filled, with data validation")
    p.add_argument("--year", type=int, required=True, help="reporting year")
    p.add_argument("--unit", help="reporting unit: a district (3 digits, up to 2024) or a "
                   "province (2 digits)")
    p.add_argument("--province", help="every reporting unit of this province, into --out")
    p.add_argument("--out", help="the workbook to write (default <unit>_<year>_r1.xlsx); "
                   "with --province, the folder")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("feedback", help="a copy of each current submission with every flag "
                       "written on it, to send back to the office")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", help="one unit; a province includes its districts")
    p.add_argument("--out", required=True, help="folder to write the copies to")
    p.set_defaults(func=cmd_feedback)
