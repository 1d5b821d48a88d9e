"""The national benchmark: where the time of a national load goes. Prints figures, asserts
nothing (targets are compared in the table and in docs/performance.md).

    .venv/bin/python -m samples.national.benchmark RAW_DIR [--work DIR]

``RAW_DIR`` is a folder written by ``python -m samples.national`` (``make bench``
writes the whole country, ``make bench-smoke`` one province). On the same files, one stage
at a time, each in its own process so that its peak memory is its own (``wait4``):

1. floor: every sheet of every workbook read by python-calamine, nothing else;
2. ingest: this project's ingest into raw tables;
3. baseline: pandas with openpyxl reading the same sheets, then the same parsing and raw
   tables (the reader is the only thing swapped, so the ratio is the reader's cost);
4. ``ntm build`` of one year and of all years, each into a new warehouse;
5. ``ntm build --year`` after one district re-sent its workbook;
6. five typical statistician queries on the published warehouse (median latency).

The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

QUERIES = {
    "share NTM by province and year": (
        "SELECT year, province_code, avg(is_ntm::int) AS share_ntm, avg(criteria_met) "
        "FROM marts.fct_commune_status GROUP BY ALL ORDER BY ALL"),
    "communes of one province, one year": (
        "SELECT commune_code, criteria_met, is_ntm, is_advanced FROM marts.fct_commune_status "
        "WHERE year = 2024 AND province_code = '20' ORDER BY commune_code"),
    "funding by source with community share": (
        "SELECT f.year, s.source_code, sum(f.amount_million_vnd) AS amount, "
        "sum(f.amount_million_vnd) FILTER (f.is_community) / sum(f.amount_million_vnd) "
        "AS community_share FROM marts.fct_funding f JOIN marts.dim_funding_source s "
        "USING (source_code) WHERE f.level = 'province' GROUP BY ALL ORDER BY ALL"),
    "criteria least often met": (
        "SELECT year, criterion_no, avg(met::int) AS share_met FROM "
        "marts.fct_commune_criteria GROUP BY ALL ORDER BY share_met LIMIT 20"),
    "flags of one province": (
        "SELECT check_code, severity, source_file, sheet, row_number, message "
        "FROM quality.flags WHERE unit_code LIKE '20%' ORDER BY year, check_code"),
}
TARGETS = {
    "ingest_over_floor": ("<=", 3.0),
    "baseline_over_ingest": (">=", 10.0),
    "full_build_s": ("<", 300.0),
    "incremental_s": ("<", 20.0),
    "query_median_ms": ("<", 100.0),
    "peak_rss_mib": ("<", 3072.0),
}


def _workers(files: int) -> int:
    from pipelines.ingest.run import PARALLEL_THRESHOLD

    return min(os.cpu_count() or 1, 8) if files >= PARALLEL_THRESHOLD else 1


def _pool_map(function, items: list, workers: int, chunksize: int = 8) -> list:
    if workers < 2:
        return list(map(function, items))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(function, items, chunksize=chunksize))


# ---- stages, each run in a child process ---------------------------------------------------

def _floor_one(path: str) -> int:
    """Read every sheet of one workbook with the fast reader, keeping nothing."""
    import python_calamine

    source = Path(path)
    if source.is_dir():
        return sum(len(p.read_text(encoding="utf-8-sig")) for p in source.glob("*.csv"))
    if source.suffix.lower() not in (".xlsx", ".xls", ".xlsm"):
        return 0
    cells = 0
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
        book.close()
    except Exception:  # a broken file costs the floor nothing more
        return 0
    return cells


def _pandas_grids(path: Path):
    """The baseline reader: what a team would write with pandas and openpyxl."""
    import pandas as pd

    from pipelines.ingest import workbook as wb

    if path.is_dir():
        return wb.read_grids(path)  # CSV folders: the same reader on both sides
    # openpyxl cannot open .xls; a team would add xlrd, which this project does not ship,
    # so .xls files (a few %) use pandas' calamine engine: this flatters the baseline.
    engine = "openpyxl" if path.suffix.lower() in (".xlsx", ".xlsm") else "calamine"
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine=engine, dtype=object)
    except Exception as exc:
        raise wb.UnreadableFile(f"not a readable Excel workbook ({exc})") from exc
    # pandas does not report merged ranges; they come from calamine (about the floor's cost),
    # so that both sides fill merged headers alike and store the same rows.
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grids = wb.Workbook()
    names = [str(name) for name in sheets]
    for (name, frame), code in zip(sheets.items(), wb.sheet_codes(names), strict=True):
        if code is None:
            continue
        rows = [["" if (v is None or (isinstance(v, float) and v != v)) else v for v in row]
                for row in frame.itertuples(index=False, name=None)]
        merges = [(a[0], a[1], b[0], b[1]) for a, b in
                  (book.get_sheet_by_name(str(name)).merged_cell_ranges or [])]
        grids[code] = wb.Grid(name=str(name), rows=rows, merges=merges)
    book.close()
    return grids


def _baseline_batch(files):
    from pipelines.ingest import reader

    reader.read_grids = _pandas_grids
    return reader.read_batch(files)


def stage_floor(raw: Path) -> dict:
    from pipelines.ingest.discover import discover

    found = discover(raw)
    start = time.perf_counter()
    cells = sum(_pool_map(_floor_one, [str(f.path) for f in found], _workers(len(found))))
    return {"seconds": time.perf_counter() - start, "files": len(found), "cells": cells}


def stage_ingest(raw: Path, database: Path, baseline: bool = False) -> dict:
    import duckdb

    from pipelines.ingest import run
    from pipelines.orchestration.partitions import partition_years

    if baseline:
        def read_all(files, workers=None, vocab=None, pool=None):
            batches = [files[i:i + run.BATCH_FILES] for i in range(0, len(files),
                                                                   run.BATCH_FILES)]
            if pool is not None and _workers(len(files)) > 1:  # started by the ingest
                yield from pool.map(_baseline_batch, batches)
                return
            yield from _pool_map(_baseline_batch, batches, _workers(len(files)), chunksize=1)

        run.read_all = read_all
    con = duckdb.connect(str(database))
    start = time.perf_counter()
    summary = run.ingest(con, raw, partition_years(), partition_years())
    seconds = time.perf_counter() - start
    rows = con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0]
    con.close()
    return {"seconds": seconds, "files": summary.files_seen, "b01_rows": rows}


def stage_queries(warehouse: Path, repeat: int = 9) -> dict:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    medians = {}
    for name, sql in QUERIES.items():
        con.execute(sql).fetchall()  # first run warms the file cache
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            con.execute(sql).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        medians[name] = statistics.median(times)
    con.close()
    return {"seconds": sum(medians.values()) / 1000, "medians_ms": medians}


# ---- the orchestrator ----------------------------------------------------------------------

def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[dict, float, float]:
    """Run a stage or a command in a child; returns (its JSON or {}, wall seconds, peak MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    out_err: list[str] = []
    # wait4 gives the child's peak memory including its own children (dbt, workers).
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out_err = [process.stdout.read(), process.stderr.read()]
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out_err[1][-3000:]}")
    result = {}
    lines = [line for line in out_err[0].splitlines() if line.startswith("{")]
    if lines:
        result = json.loads(lines[-1])
    return result, wall, usage.ru_maxrss / 1024


def _stage(name: str, *args: str) -> tuple[dict, float, float]:
    return _child([sys.executable, "-m", "samples.national.benchmark", "--stage", name, *args])


def _ntm_build(raw: Path, work: Path, name: str, *args: str) -> tuple[float, float, Path]:
    warehouse = work / name / "ntm.duckdb"
    env = dict(os.environ, NTM_RAW_DIR=str(raw), NTM_WAREHOUSE=str(warehouse),
               DAGSTER_HOME=str(work / name / "dagster_home"), TQDM_DISABLE="1")
    _, wall, rss = _child([sys.executable, "-m", "pipelines.cli", "build", *args], env)
    return wall, rss, warehouse


def resend(workbook: Path) -> None:
    """A district re-sends its workbook: same figures, a new save time, so a new sha256."""
    copy = workbook.with_suffix(".resent")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(copy, "w",
                                                              zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data += f"<!-- re-sent {time.time()} -->".encode()
            target.writestr(item, data)
    os.replace(copy, workbook)


def _district_workbook(raw: Path, year: int) -> Path:
    for path in sorted((raw / str(year)).rglob("*.xlsx")):
        stem = path.stem.split("_")[0]
        if len(stem) == 3 and "ban_sao" not in path.parts:
            return path
    raise SystemExit(f"no district workbook for {year} under {raw}")


def run(raw: Path, work: Path) -> dict:
    years = sorted(int(p.name) for p in raw.iterdir() if p.name.isdigit())
    figures: dict[str, object] = {}
    rss: dict[str, float] = {}
    floor, _, rss["floor"] = _stage("floor", str(raw))
    figures.update(files=floor["files"], floor_s=floor["seconds"])
    ingest, _, rss["ingest"] = _stage("ingest", str(raw), str(work / "ingest.duckdb"))
    figures.update(ingest_s=ingest["seconds"], b01_rows=ingest["b01_rows"])
    base, _, rss["baseline"] = _stage("baseline", str(raw), str(work / "baseline.duckdb"))
    figures["baseline_s"] = base["seconds"]
    if base["b01_rows"] != ingest["b01_rows"]:  # a baseline that read less is no baseline
        raise SystemExit(f"the baseline stored {base['b01_rows']} B01 rows, the ingest "
                         f"{ingest['b01_rows']}: the comparison would be meaningless")
    last_legacy = max(y for y in years if y < 2025) if any(y < 2025 for y in years) else years[0]
    figures["full_build_s"], rss["build_all_years"], warehouse = _ntm_build(raw, work, "all")
    if len(years) > 1:
        figures["full_build_one_year_s"], rss["build_one_year"], _ = _ntm_build(
            raw, work, "one_year", "--year", str(last_legacy))
    else:  # the smoke set has one year: both builds are the same
        figures["full_build_one_year_s"] = figures["full_build_s"]
        rss["build_one_year"] = rss["build_all_years"]
    resend(_district_workbook(raw, last_legacy))
    figures["incremental_s"], rss["incremental"], _ = _ntm_build(
        raw, work, "all", "--year", str(last_legacy))
    queries, _, rss["queries"] = _stage("queries", str(warehouse))
    figures["query_median_ms"] = statistics.median(queries["medians_ms"].values())
    figures["query_ms"] = queries["medians_ms"]
    figures["ingest_over_floor"] = figures["ingest_s"] / figures["floor_s"]
    figures["baseline_over_ingest"] = figures["baseline_s"] / figures["ingest_s"]
    # The project's own peak; the baseline's is shown in the table but is not ours.
    figures["peak_rss_mib"] = max(v for k, v in rss.items() if k != "baseline")
    figures["rss_mib"] = rss
    figures["years"] = f"{years[0]}-{years[-1]}"
    figures["cpus"] = os.cpu_count()
    return figures


def report(figures: dict) -> str:
    rows = [
        ("files (submissions: workbooks and CSV folders)", f"{figures['files']}", ""),
        ("1. floor: calamine reads every sheet", f"{figures['floor_s']:.1f} s",
         f"{figures['rss_mib']['floor']:.0f} MiB"),
        ("2. ingest into raw tables", f"{figures['ingest_s']:.1f} s",
         f"{figures['rss_mib']['ingest']:.0f} MiB"),
        ("3. baseline: pandas + openpyxl", f"{figures['baseline_s']:.1f} s",
         f"{figures['rss_mib']['baseline']:.0f} MiB"),
        ("4a. ntm build, one year", f"{figures['full_build_one_year_s']:.1f} s",
         f"{figures['rss_mib']['build_one_year']:.0f} MiB"),
        (f"4b. ntm build, all years ({figures['years']})", f"{figures['full_build_s']:.1f} s",
         f"{figures['rss_mib']['build_all_years']:.0f} MiB"),
        ("5. ntm build --year after one district re-sent", f"{figures['incremental_s']:.1f} s",
         f"{figures['rss_mib']['incremental']:.0f} MiB"),
        *((f"6. query: {name}", f"{ms:.1f} ms", "") for name, ms in figures["query_ms"].items()),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'stage':{width}}  {'time':>10}  {'peak RSS':>9}"]
    lines += [f"{a:{width}}  {b:>10}  {c:>9}" for a, b, c in rows]
    lines.append("")
    for key, (op, limit) in TARGETS.items():
        value = figures[key]
        ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit
        lines.append(f"{key:22} {value:10.2f}  target {op} {limit:g}  "
                     f"{'met' if ok else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("extra", nargs="?")
    parser.add_argument("--stage", choices=["floor", "ingest", "baseline", "queries"])
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    if args.stage == "floor":
        print(json.dumps(stage_floor(args.raw)))
        return
    if args.stage in ("ingest", "baseline"):
        print(json.dumps(stage_ingest(args.raw, Path(args.extra), args.stage == "baseline")))
        return
    if args.stage == "queries":
        print(json.dumps(stage_queries(args.raw)))
        return
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # The incremental stage changes one workbook: work on a copy, never on the caller's files.
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        work = Path(scratch)
        raw = work / "raw"
        shutil.copytree(args.raw, raw)
        figures = run(raw, work)
    print(report(figures))
    print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v)
                      for k, v in figures.items() if not isinstance(v, dict)}))


if __name__ == "__main__":
    main()
