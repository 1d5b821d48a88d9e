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
    from pipelines.orchestration.partitions import partition_years
    from pipelines.reporting_years import reporting_years

    years = partition_years()
    assert years.start == 2010
    assert 2025 in years and 2026 in years
    # `ntm check` reads the years without Dagster: the same range.
    assert reporting_years() == years


def test_every_mart_is_an_asset_with_its_dbt_tests_as_checks():
    graph = defs.resolve_asset_graph()
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert {k.path[1] for k in marts} >= {
        "dim_admin_unit", "dim_criterion", "fct_commune_criteria", "fct_commune_status",
        "fct_funding", "fct_ocop_product", "fct_target", "fct_indicator"}
    checks = {}
    for check in graph.asset_check_keys:
        checks.setdefault(check.asset_key, set()).add(check.name)
    for key in marts:
        assert any(name.startswith("unique_combination") for name in checks.get(key, ())), key
    # The marts are built from the ingest's raw tables.
    upstream = graph.get(dg.AssetKey(["staging", "stg_b01_communes"])).parent_keys
    assert dg.AssetKey(["raw", "b01_communes"]) in upstream


def test_the_build_job_writes_the_warehouse_one_run_at_a_time(tmp_path, monkeypatch):
    """Runs launched from the UI, a schedule or a sensor are queued one at a time."""
    from pipelines.orchestration.instance import WAREHOUSE_TAG, dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    dagster_home()
    job = defs.resolve_job_def(BUILD_JOB)
    assert job.tags[WAREHOUSE_TAG] == "true"
    with dg.DagsterInstance.get() as instance:
        limits = instance.run_coordinator.get_run_queue_config().tag_concurrency_limits
    assert limits == [{"key": WAREHOUSE_TAG, "limit": 1}]


def test_events_are_stored_in_dagsters_files_through_connections_kept_open(tmp_path,
                                                                            monkeypatch):
    """The instance's event log (pipelines/orchestration/event_log.py) writes where Dagster's
    default does, reads back what it wrote, keeps its engines open and closes them."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    from pipelines.orchestration.event_log import KeptOpenSqliteEventLogStorage
    from pipelines.orchestration.instance import dagster_home

    # The private hook it overrides; a Dagster upgrade that renames it must fail here.
    assert "_connect" in vars(SqliteEventLogStorage)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    # A home written by the previous version gets the setting too.
    (tmp_path / "dagster.yaml").write_text(
        "# Written by the ntm project (pipelines/orchestration/instance.py); edit freely, it is"
        " not\n# overwritten.\ntelemetry:\n  enabled: false\nrun_queue:\n"
        "  tag_concurrency_limits:\n    # Runs that write the warehouse never overlap: DuckDB"
        " allows a single writer.\n    - key: \"ntm/writes-warehouse\"\n      limit: 1\n")
    dagster_home()
    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, KeptOpenSqliteEventLogStorage)
        for stars in (3, 4):
            instance.report_runless_asset_event(dg.AssetMaterialization(
                "ocop_counts", metadata={"stars": stars}))
        latest = instance.get_latest_materialization_event(dg.AssetKey("ocop_counts"))
        assert latest.asset_materialization.metadata["stars"].value == 4
        # One engine per database for both events: the runless events' shard and the index.
        assert list(storage._engines) == ["", "index"]
    assert not storage._engines  # closed with the instance
    assert (tmp_path / "history" / "runs" / "index.db").exists()


def test_the_event_log_asks_once_for_a_table_that_exists(tmp_path, monkeypatch):
    """Dagster asks whether the index has its asset-check table before storing each check's
    events; the storage keeps a yes, asks a no again, and forgets both when wiped."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    from pipelines.orchestration.event_log import KeptOpenSqliteEventLogStorage

    asked: list[str] = []
    parent = SqliteEventLogStorage.has_table

    def counted(self, table_name):
        asked.append(table_name)
        return parent(self, table_name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counted)
    storage = KeptOpenSqliteEventLogStorage(str(tmp_path / "runs"))
    try:
        asked.clear()  # what the constructor's schema set-up asked
        for _ in range(3):
            assert storage.supports_asset_checks
            assert not storage.has_table("no_such_table")
        assert asked == ["asset_check_executions", "no_such_table", "no_such_table",
                         "no_such_table"]
        asked.clear()
        storage.wipe()  # the index is made again, and asked about again
        assert storage.supports_asset_checks
        assert asked.count("asset_check_executions") == 1
    finally:
        storage.dispose()


def test_quality_flags_is_a_dbt_model_after_every_suite_and_before_publishing():
    """quality.flags is built by dbt from the ingest's flags and the suites' results, so dbt's
    docs and Dagster's lineage show where each flag comes from."""
    from pipelines.quality.suites import all_suites

    graph = defs.resolve_asset_graph()
    flags = graph.get(dg.AssetKey(["quality", "flags"]))
    assert flags.is_materializable and "dbt" in flags.kinds
    assert flags.parent_keys >= {dg.AssetKey(["quality", "expectation_flags"]),
                                 dg.AssetKey(["intermediate", "int_ingest_flags"])}
    results = graph.get(dg.AssetKey(["quality", "expectation_flags"]))
    assert results.parent_keys == {dg.AssetKey(list(s.asset)) for s in all_suites()}
    assert dg.AssetKey(["quality", "flags"]) in graph.get(
        dg.AssetKey(["published_warehouse"])).parent_keys
