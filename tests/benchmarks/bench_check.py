"""`ntm check` on one district workbook, as an office runs it: prints figures, asserts
nothing. Each run is a new process (`ntm check FILE --json`), timed from outside, with the
check's own stages from its JSON. Run:

    .venv/bin/python -m tests.benchmarks.bench_check --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

WORKBOOK = PROJECT_ROOT / "data" / "raw" / "2022" / "20_lang_son" / "180_2022_r1.xlsx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("workbook", nargs="?", type=Path, default=WORKBOOK)
    args = parser.parse_args()
    ntm = Path(sys.executable).parent / "ntm"
    walls = []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        done = subprocess.run([str(ntm), "check", "--json", str(args.workbook)],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        walls.append(wall)
        report = json.loads(done.stdout)
        print(f"run {run}: {wall:5.1f} s wall, exit {done.returncode}, "
              f"{len(report['flags'])} flags, stages {report.get('timings', {})}")
    print(f"ntm check, one district workbook ({args.workbook.name}): min {min(walls):.1f} s, "
          f"median {statistics.median(walls):.1f} s, max {max(walls):.1f} s "
          f"over {args.runs} runs (target: under 5 s)")


if __name__ == "__main__":
    main()
