"""The Dagster code location: assets, the build job, its schedule and sensor, resources."""

from __future__ import annotations

import dagster as dg

from pipelines.assets.dbt import ntm_dbt_flags, ntm_dbt_models
from pipelines.assets.history import release_tables
from pipelines.assets.ingest import raw_tables
from pipelines.assets.publish import published_warehouse
from pipelines.assets.quality import expectation_checks, expectation_flags
from pipelines.assets.reference import reference_tables
from pipelines.assets.review import review_tables
from pipelines.orchestration.automation import raw_folder_sensor, refresh_year_schedule
from pipelines.orchestration.instance import WAREHOUSE_TAG
from pipelines.orchestration.resources import BuildDatabase

BUILD_JOB = "ntm_build"
REFRESH_JOB = "ntm_refresh"

build_job = dg.define_asset_job(
    BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description="Ingest the raw folder, build the dbt models and checks, publish.",
    # The instance's run queue lets one run with this tag at a time write the warehouse.
    tags={WAREHOUSE_TAG: "true"},
)

# What `ntm release` and `ntm review` change is read again, and what depends on it rebuilt and
# published, without reading the submissions or rerunning the checks.
refresh_job = dg.define_asset_job(
    REFRESH_JOB,
    selection=dg.AssetSelection.groups("controls")
    | dg.AssetSelection.assets(ntm_dbt_flags, published_warehouse),
    description="Reload releases and review marks, rebuild quality.flags and history, publish.",
    tags={WAREHOUSE_TAG: "true", "ntm/refreshed": "controls"},
)

defs = dg.Definitions(
    assets=[raw_tables, reference_tables, release_tables, review_tables, ntm_dbt_models,
            expectation_flags, ntm_dbt_flags, published_warehouse],
    asset_checks=expectation_checks,
    jobs=[build_job, refresh_job],
    schedules=[refresh_year_schedule(build_job)],
    sensors=[raw_folder_sensor(build_job)],
    resources={"warehouse": BuildDatabase()},
    # In one process: steps share the single DuckDB writer instead of fighting for its lock,
    # and skip the per-step process start-up.
    executor=dg.in_process_executor,
)
