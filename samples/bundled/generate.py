"""Generate the bundled sample of NTM submissions (``data/raw``), 2019 to 2026.

Why synthetic: real district workbooks are not public, yet the pipeline, its tests and
anyone trying the project need a realistic folder to run on. The sample uses the real GSO
codes and names of two provinces from ``vietnam_provinces`` so that reference matching is
exercised for real, and invented but internally consistent figures: a commune's criteria
only grow, an NTM commune meets all 19 criteria, aggregates are computed from the rows
below them. Then a short list of deliberate mistakes is injected and documented in the
generated ``README.md`` (file, sheet, Excel row, expected check code), so that every flag
the warehouse raises on the sample can be explained, and every missing flag is a bug.

Provinces: Lạng Sơn (20, northern mountains) keeps its territory and code through the
1 July 2025 reform, so its 2025 report is the same province on the new commune map.
Hậu Giang (93, Mekong delta) was merged with Sóc Trăng and the old Cần Thơ into the new
Cần Thơ city (92): the 2025 report is therefore sent by Cần Thơ and lists all its
communes. Old Cần Thơ and Sóc Trăng communes are simulated only to give the new communes
a believable history; their old reports are not part of the sample.

2026 is the first year of the 2026-2030 criteria set (Decision 51/2025/QĐ-TTg): the same
two province reports, with 10 criteria per commune and each commune's group (``Nhóm xã``);
communes are assessed afresh against the new set and keep their recognitions.

Everything is derived from a fixed seed (see ``scope.topic_rng``), so the output is
byte-identical on every run.

The generator is split by job: ``scope`` (years, provinces, units, seeds),
``commune_progress`` (criteria and levels over the years), ``ocop`` and ``yearly_facts``
(certificates, funding, rates, plans), ``world`` (all of it simulated together),
``office_styles`` and ``rendering`` (facts as each office writes them), ``file_layout``,
``planted_issues`` (the deliberate mistakes and their README table), ``plan`` (every
file planned in memory) and ``readme``. This module writes the plan to disk.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from samples.bundled.plan import Sample, build
from samples.bundled.readme import EARLIER_MARKERS, README_MARKER, readme_text
from samples.bundled.scope import LEGACY_YEARS, REFORM_YEAR, YEARS
from samples.workbooks import write_submission

__all__ = ["LEGACY_YEARS", "REFORM_YEAR", "YEARS", "Sample", "build", "generate", "main"]


def generate(out_dir: Path | str) -> list[Path]:
    """Write the sample under ``out_dir``; returns the written files and folders.

    Year folders left by an earlier run of this generator (recognized by the README's
    marker) are removed first, so that a changed generator leaves no stale files.
    """
    out = Path(out_dir)
    readme = out / "README.md"
    ours = (README_MARKER, *EARLIER_MARKERS)
    if readme.exists() and readme.read_text(encoding="utf-8").startswith(ours):
        for year in YEARS:
            shutil.rmtree(out / str(year), ignore_errors=True)
    sample = build()
    written: list[Path] = []
    for pf in sample.files:
        target = out / pf.rel
        if pf.copy_of is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / pf.copy_of, target)
        else:
            write_submission(target, pf.sheets, pf.fmt)
        written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    readme.write_text(readme_text(sample), encoding="utf-8")
    written.append(readme)
    return written


def main(argv: list[str] | None = None) -> None:
    """``python -m samples.bundled [out_dir]`` (default ``data/raw``; ``make sample``)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "data/raw")
    written = generate(out)
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(written) - 1} submissions ({len(files)} files, {size / 1e6:.2f} MB) "
          f"to {out}")


if __name__ == "__main__":
    main()
