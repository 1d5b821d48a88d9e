"""The Dagster instance every entry point shares (``ntm build``, ``make dev``, tests).

Runs are recorded in ``DAGSTER_HOME`` (the project's ``.dagster_home`` by default), so the UI
shows what the command ran. Its ``dagster.yaml`` switches telemetry off, stores events through
``pipelines.orchestration.event_log`` and lets one run at a time write the warehouse: DuckDB
allows one writer, and runs launched from the UI, a schedule or a sensor go through this run
queue. ``ntm build`` runs in-process, outside the queue; the warehouse lock
(``pipelines.orchestration.locking``) covers it.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

WAREHOUSE_TAG = "ntm/writes-warehouse"

_RUN_QUEUE = f"""\
run_queue:
  tag_concurrency_limits:
    # Runs that write the warehouse never overlap: DuckDB allows a single writer.
    - key: "{WAREHOUSE_TAG}"
      limit: 1
"""
_HEADER = """\
# Written by the ntm project (pipelines/orchestration/instance.py); edit freely, it is not
# overwritten.
telemetry:
  enabled: false
"""

DAGSTER_YAML = _HEADER + _RUN_QUEUE + """\
# Dagster's SQLite event log, in the same files (history/runs), with each database opened
# once per process instead of once per event (pipelines/orchestration/event_log.py).
event_log_storage:
  module: pipelines.orchestration.event_log
  class: KeptOpenSqliteEventLogStorage
"""

# What earlier versions wrote; replaced so that existing homes get the current settings.
_OLD_DAGSTER_YAMLS = ("telemetry:\n  enabled: false\n", _HEADER + _RUN_QUEUE)


def dagster_home() -> Path:
    """Create ``DAGSTER_HOME`` with the project's instance settings, export it, return it."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text() in _OLD_DAGSTER_YAMLS:
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


if __name__ == "__main__":  # pragma: no cover - used by `make dev`
    print(dagster_home())
