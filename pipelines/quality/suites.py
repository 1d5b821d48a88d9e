"""The expectation suites: versioned JSON files in ``expectations/``, one per rule family.

Each check table of the dbt project (``models/intermediate/checks/int_check_*.sql`` and
``models/quality/quality_completeness.sql``) has its Great Expectations suite in a file named
after the model, ending ``.suite.json`` (``expectations/int_check_b01_communes.suite.json``
checks ``int_check_b01_communes``): the SQL lines up what was reported beside what it should
be, and the suite holds the tolerances, check codes, severities and messages. A suite's
``meta`` names the check table it validates and the Dagster asset it checks; each
expectation's ``meta`` says which check code and severity a failing row becomes, which
columns hold the reported and expected values, and a message template filled from the row
(``expectations/README.md``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.settings import PROJECT_ROOT

SUITE_SUFFIX = ".suite.json"
SUITES_DIR = PROJECT_ROOT / "expectations"
SEVERITIES = {"error", "warning", "info"}


@dataclass(frozen=True)
class Suite:
    name: str
    table: str
    asset: tuple[str, ...]
    description: str
    expectations: tuple[dict[str, Any], ...]
    path: Path

    @property
    def model(self) -> str:
        """The dbt model the suite checks (its file name without the suffix)."""
        return self.path.name.removesuffix(SUITE_SUFFIX)


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
    paths = sorted(SUITES_DIR.rglob(f"*{SUITE_SUFFIX}"), key=lambda p: p.name)
    return tuple(load_suite(p) for p in paths)
