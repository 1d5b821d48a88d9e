"""Where the project reads and writes, decided in one place.

Every entry point (the ``ntm`` command, ``dagster dev``, tests) must agree on the raw folder and
the warehouse path, so they are read from the environment here and nowhere else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
# The dbt installed beside this interpreter, so that nothing depends on the venv being on PATH
# (``make dev`` and CI call the venv's programs by path). Here rather than with the Dagster
# resource, so that ``ntm check`` finds it without importing dagster-dbt.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def raw_dir() -> Path:
    """Folder of submissions: ``NTM_RAW_DIR`` or ``data/raw`` of the project."""
    return Path(os.environ.get("NTM_RAW_DIR") or PROJECT_ROOT / "data" / "raw").resolve()


def warehouse_path() -> Path:
    """The published file readers open: ``NTM_WAREHOUSE`` or ``data/warehouse/ntm.duckdb``."""
    default = PROJECT_ROOT / "data" / "warehouse" / "ntm.duckdb"
    return Path(os.environ.get("NTM_WAREHOUSE") or default).resolve()


def build_path() -> Path:
    """The working DuckDB file the pipeline writes before publishing.

    Derived from the warehouse path so that one variable moves both: readers keep the
    published file open while a build writes this one (DuckDB allows one writer or many
    readers, never both). It also keeps the raw tables between runs, which is what lets a
    re-run skip files whose content did not change.
    """
    published = warehouse_path()
    return published.parent / ".build" / published.name
