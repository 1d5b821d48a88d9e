"""Ingest speed at a realistic scale: prints figures, asserts nothing.

Writes ``--files`` district workbooks of ``--communes`` communes each (about 700 districts
report in a year nationally, 10-30 communes each), then times a first ingest serially and in
parallel, and a re-run that finds nothing new. Run:

    .venv/bin/python -m tests.benchmarks.bench_ingest --files 300
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
from samples.workbooks import Commune, render, write_submission
from tests.conftest import district_submission


def write_files(raw: Path, files: int, communes: int) -> None:
    rng = random.Random(7)
    for i in range(files):
        sub = district_submission(district_code=f"{100 + i % 900:03d}", district_name=None)
        sub.communes = [
            Commune(f"{10000 + i * 40 + j:05d}", f"Xã Số {j}",
                    [rng.choice(["x", None, "Đạt", "-"]) for _ in range(19)], rng.randint(5, 19))
            for j in range(communes)
        ]
        write_submission(raw / "2021" / f"d{i:04d}.xlsx", render(sub), "xlsx")


def timed(raw: Path, workers: int) -> tuple[float, object]:
    con = duckdb.connect()
    start = time.perf_counter()
    summary = ingest(con, raw, [2021], partition_years(), workers=workers)
    first = time.perf_counter() - start
    start = time.perf_counter()
    ingest(con, raw, [2021], partition_years(), workers=workers)
    rerun = time.perf_counter() - start
    con.close()
    return first, rerun, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--communes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        start = time.perf_counter()
        write_files(raw, args.files, args.communes)
        print(f"wrote {args.files} workbooks x {args.communes} communes "
              f"in {time.perf_counter() - start:.1f} s")
        for workers in (1, 2):
            first, rerun, summary = timed(raw, workers)
            print(f"workers={workers}: first ingest {first:.2f} s "
                  f"({1000 * first / args.files:.1f} ms/file, {summary.files_read} read); "
                  f"re-run with nothing new {rerun:.2f} s")


if __name__ == "__main__":
    main()
