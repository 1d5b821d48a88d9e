"""Every dbt seed and model as a Dagster asset; dbt tests become asset checks."""

import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets

from pipelines.orchestration.dbt_inprocess import dbt_build
from pipelines.orchestration.dbt_project import ntm_dbt_project
from pipelines.orchestration.partitions import single_run, years_partitions
from pipelines.orchestration.resources import BuildDatabase
from pipelines.progress import bar
from pipelines.quality.validate import warm_up
from pipelines.settings import DBT_PROJECT_DIR


class Translator(DagsterDbtTranslator):
    """Asset keys are the warehouse's table names (``quality/flags``), so the asset graph reads
    like the schema statisticians query; dbt sources point at the assets that write them."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        props = dbt_resource_props
        if props["resource_type"] == "source":
            return dg.AssetKey([props["source_name"], props["name"]])
        return dg.AssetKey([props["schema"], props.get("alias") or props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "dbt"


class DbtBuildConfig(dg.Config):
    """Options of one dbt build."""

    full_refresh: bool = False
    """Rebuild the incremental models from scratch (after a change to their SQL or seeds);
    a yearly refresh does not need it: the models find the years whose files changed."""


# The dbt models that read the expectation suites' results (built in a second dbt step, after
# the suites ran as asset checks on the models of the first) and those that read only the
# control tables (releases, review marks): the step that `ntm release` and `ntm review` rerun
# without reading the submissions again.
AFTER_CHECKS = "quality_flags config.schema:history"


@dbt_assets(
    manifest=ntm_dbt_project.manifest_path,
    dagster_dbt_translator=Translator(),
    exclude=AFTER_CHECKS,
    # Yearly like the raw tables, so that the expectation suites check each year partition.
    # dbt itself gets no year: the incremental models find the years whose files changed.
    partitions_def=years_partitions,
    backfill_policy=single_run,
)
def ntm_dbt_models(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    warehouse: BuildDatabase,
) -> Iterator[Any]:
    """``dbt build`` runs seeds, models and tests in dependency order.

    Great Expectations takes seconds to import; the checks that follow need it, so its import
    starts here, beside dbt (whose queries leave Python free while DuckDB works).
    """
    warm_up()
    yield from _dbt_build(context, config, warehouse, "dbt models and tests")


@dbt_assets(
    manifest=ntm_dbt_project.manifest_path,
    dagster_dbt_translator=Translator(),
    select=AFTER_CHECKS,
    name="ntm_dbt_flags",
)
def ntm_dbt_flags(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    warehouse: BuildDatabase,
) -> Iterator[Any]:
    """``quality.flags`` and its tests, once every expectation suite has stored its flags."""
    yield from _dbt_build(context, config, warehouse, "dbt quality flags")


def _dbt_build(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    warehouse: BuildDatabase,
    description: str,
) -> Iterator[Any]:
    """``dbt build`` of the step's selection (dagster-dbt passes it).

    dbt runs in this process (``pipelines/orchestration/dbt_inprocess.py``). Row counts are
    added here, after dbt has closed the file, instead of with dagster-dbt's
    ``fetch_row_counts``, which opens it while dbt holds DuckDB's single write lock.
    """
    # dbt finds the same file through its profile.
    os.environ["NTM_BUILD_DB"] = warehouse.path()
    # One fixed target folder per working copy, beside it: dbt keeps its partial parse there
    # (for the next build's process) and the SQL it ran in compiled/ and run/.
    target = Path(warehouse.path()).parent / "dbt"
    # dbt's unit tests check the models' SQL on fixed inputs, not the data, so they run with
    # the project's tests (tests/test_dbt_project.py) instead of in every yearly refresh.
    # No file log: what dbt reports at info level reaches build.log, and the SQL it ran stays
    # in the target's compiled/ and run/ folders. At debug level the log repeated every
    # statement (7 MB a build), which cost about a second of each build. No manifest.json nor
    # run_results.json either: the manifest is the parse's (kept with it), each node's result
    # is in Dagster's event log and build.log, and writing the manifest again was about 4 % of
    # a small build's CPU.
    args = ["build", "--exclude-resource-type", "unit_test", "--log-level-file", "none",
            "--no-write-json"]
    if config.full_refresh:
        args.append("--full-refresh")
    run, stream = dbt_build(args, context=context, project_dir=DBT_PROJECT_DIR,
                            target_path=target)
    nodes = run.manifest["nodes"]
    with bar(description, "node", _step_count(nodes, context.selected_asset_keys)) as shown:
        events = []
        for event in stream:
            events.append(event)
            shown.update(1)
    with warehouse.get_connection() as con:
        for event in events:
            if isinstance(event, dg.Output):
                node = nodes.get(str(event.metadata["unique_id"].value), {})
                if node.get("resource_type") in ("model", "seed"):
                    relation = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
                    count = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
                    event = event.with_metadata({**event.metadata, "dagster/row_count": count})
            yield event


def _step_count(nodes: Mapping[str, Any], selected: Collection[dg.AssetKey]) -> int:
    """Models and seeds of the step's selection and the tests on them: what dbt will run."""
    translator = Translator()
    chosen = {uid for uid, node in nodes.items() if node["resource_type"] in ("model", "seed")
              and translator.get_asset_key(node) in selected}
    tests = [node for node in nodes.values() if node["resource_type"] == "test"
             and chosen.intersection(node["depends_on"]["nodes"])]
    return len(chosen) + len(tests)
