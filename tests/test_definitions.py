"""The code location loads, and its asset graph changes only on purpose."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import BUILD_JOB, defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_keys.txt"


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def(BUILD_JOB)
    assert job.executor_def.name == "in_process"
    assert job.partitions_def is not None


def test_asset_keys_match_the_snapshot():
    """Renaming or dropping an asset breaks BI tools and run history: update the snapshot
    (tests/snapshots/asset_keys.txt) deliberately when it is meant."""
    keys = sorted(k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys())
    assert keys == SNAPSHOT.read_text().split()


def test_partitions_cover_programme_years():
    from pipelines.partitions import partition_years

    years = partition_years()
    assert years.start == 2010
    assert 2025 in years and 2026 in years
