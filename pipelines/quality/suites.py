"""The expectation suites, as versioned JSON files in ``expectations/``.

Each file is one Great Expectations suite for one table or rule family. Its ``meta`` names
the check table it validates (built by dbt) and the Dagster asset the suite checks; each
expectation's ``meta`` says which check code and severity a failing row becomes, which
columns hold the reported and expected values, and a message template filled from the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.settings import PROJECT_ROOT

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SEVERITIES = {"error", "warning", "info"}


@dataclass(frozen=True)
class Suite:
    name: str
    table: str
    asset: tuple[str, ...]
    description: str
    expectations: tuple[dict[str, Any], ...]
    path: Path


def load_suite(path: Path) -> Suite:
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["meta"]
    for exp in data["expectations"]:
        m = exp["meta"]
        if not m.get("check_code") or m.get("severity") not in SEVERITIES or not m.get("message"):
            raise ValueError(f"{path.name}: every expectation needs check_code, severity and "
                             f"message in its meta ({exp['type']})")
    return Suite(name=data["name"], table=meta["table"], asset=tuple(meta["asset"]),
                 description=meta.get("description", ""),
                 expectations=tuple(data["expectations"]), path=path)


@cache
def all_suites() -> tuple[Suite, ...]:
    return tuple(load_suite(p) for p in sorted(EXPECTATIONS_DIR.glob("*.json")))
