"""dbt run inside the build's own process, its events handed to dagster-dbt as if read from a
dbt subprocess.

dagster-dbt starts a new Python process for every dbt command, and each one pays dbt's import
and reads the project's parse again: about 4 s of CPU, twice per build (the models, then
``quality.flags`` after the expectation suites), which was a sixth of a one-year build. Here
dbt-core's programmatic runner (``dbtRunner``) runs the command in this process instead: dbt
is imported once, and the project's parse is handed to the next command (the build's second
step, and every later build of a process that builds several times, such as the test suite)
and kept on disk for the next process (``dbt_parse.py``). dagster-dbt still does everything
else: which dbt nodes a step selects, and the conversion of dbt's events into Dagster outputs
and asset checks (``DbtCoreCliEventMessage``, given the same dictionaries dbt would print as
JSON lines).

dbt runs in a thread so that its events reach Dagster (and the progress bar) while it works;
one dbt command runs at a time, as dbt-core requires. The hooks used here are dagster-dbt's
and dbt-duckdb's own, private to their pinned versions: ``tests/test_dbt_project.py`` fails if
an upgrade renames them.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator
from dagster_dbt.asset_utils import (
    get_manifest_and_translator_from_dbt_assets,
    get_updated_cli_invocation_params_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from pipelines.orchestration.dbt_parse import parsed

# dbt-core runs one command at a time per process (its flags and adapters are global).
_RUNNING = threading.Lock()


@dataclass
class DbtRun:
    """One dbt command: its Dagster events as they come, then its outcome."""

    manifest: Mapping[str, Any]
    translator: DagsterDbtTranslator
    target_path: Path
    project: Any
    context: dg.AssetExecutionContext | None
    errors: list[str] = field(default_factory=list)

    def stream(self, events: Iterator[dict[str, Any]]) -> Iterator[Any]:
        for raw in events:
            info = raw.get("info", {})
            if info.get("level") == "error":
                self.errors.append(info.get("msg", ""))
            if info.get("msg"):
                # The build log (Dagster's captured output) keeps what dbt said at its default
                # level (the only events kept, see ``_invoke``), as it did when dagster-dbt
                # re-printed the subprocess's lines.
                sys.stdout.write(info["msg"] + "\n")
            message = DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={})
            yield from message.to_default_asset_events(
                manifest=self.manifest, dagster_dbt_translator=self.translator,
                context=self.context, target_path=self.target_path, project=self.project)


def dbt_build(
    args: Sequence[str], *, context: dg.AssetExecutionContext, project_dir: Path,
    target_path: Path,
) -> tuple[DbtRun, Iterator[Any]]:
    """``dbt *args`` on the step's selection (dagster-dbt computes it from the step's
    ``@dbt_assets`` definition, as ``DbtCliResource.cli`` does). Returns the run and its
    Dagster events; the events raise ``DagsterDbtCliRuntimeError`` at the end if dbt
    failed."""
    manifest, translator, _ = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    params = get_updated_cli_invocation_params_for_context(
        context=context, manifest=manifest, dagster_dbt_translator=translator)
    if params.dbt_project is not None:  # a large subset: dagster-dbt made a copy with a selector
        project_dir = Path(params.dbt_project.project_dir)
    full = [*args, *params.selection_args]
    if params.indirect_selection:
        full += ["--indirect-selection", params.indirect_selection]
    run = DbtRun(params.manifest, params.dagster_dbt_translator, target_path,
                 params.dbt_project, context)
    return run, run.stream(_invoke(full, project_dir, target_path, run))


def _where(project_dir: Path, target_path: Path) -> list[str]:
    """The project, its profile and the target folder for a dbt command; dbt prints nothing
    itself (its events come through the callback in ``_invoke``)."""
    return ["--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
            "--target-path", str(target_path), "--log-path", str(target_path),
            "--log-level", "none"]


def run_dbt(args: Sequence[str], project_dir: Path, target_path: Path,
            callbacks: Sequence[Callable[[Any], None]] = ()) -> Any:
    """``dbt *args`` on the project, into ``target_path``, in this process, from the kept parse
    (``dbt_parse.py``), one command at a time; dbt's result. The database dbt opened is
    closed after it, before the next command may open its own."""
    from dbt.cli.main import dbtRunner

    with _RUNNING:
        try:
            manifest = parsed(dbtRunner, project_dir, _parse_args(project_dir, target_path))
            return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(
                [*args, *_where(project_dir, target_path)])
        finally:
            _close_connections()


def _invoke(args: list[str], project_dir: Path, target_path: Path,
            run: DbtRun) -> Iterator[dict[str, Any]]:
    from dbt_common.events.functions import msg_to_dict

    events: queue.SimpleQueue = queue.SimpleQueue()
    done = object()
    outcome: dict[str, Any] = {}

    def keep(message: Any) -> None:
        # What dbt prints at its default level (info): the results dagster-dbt converts are
        # among them. Its debug events are ten times as many, and converting them cost time.
        if message.info.level != "debug":
            events.put(message)

    def work() -> None:
        try:
            outcome["result"] = run_dbt(args, project_dir, target_path, callbacks=[keep])
        except BaseException as exc:  # reported in the build's thread below
            outcome["exception"] = exc
        finally:
            events.put(done)

    thread = threading.Thread(target=work, name="dbt", daemon=True)
    thread.start()
    while (item := events.get()) is not done:
        yield msg_to_dict(item)
    thread.join()
    if "exception" in outcome:
        raise DagsterDbtCliRuntimeError(
            f"dbt could not run `dbt {' '.join(args)}`: {outcome['exception']}"
        ) from outcome["exception"]
    result = outcome["result"]
    if not result.success:
        details = "\n\n".join(["", "Errors reported by dbt:", *run.errors]) if run.errors else ""
        if result.exception is not None:
            details += f"\n\n{type(result.exception).__name__}: {result.exception}"
        raise DagsterDbtCliRuntimeError(
            f"The dbt command `dbt {' '.join(args)}` failed. Its output is in the build log "
            f"and under {target_path}.{details}")


def _parse_args(project_dir: Path, target_path: Path) -> list[str]:
    return ["parse", *_where(project_dir, target_path), "--log-level-file", "none"]


def keep_parse(project_dir: Path, target_path: Path) -> None:
    """Parse the project now and keep the parse for the builds to come (``ntm prepare``), so
    that not even the first build of a new warehouse parses."""
    from dbt.cli.main import dbtRunner

    with _RUNNING:
        parsed(dbtRunner, project_dir, _parse_args(project_dir, target_path))


def _close_connections() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process (it would only do so
    at exit): the build reads the working copy next, then copies it to publish, and a second
    open handle with other settings would be refused while this one holds unflushed
    writes."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    DuckDBConnectionManager.close_all_connections()
    if environment is not None:
        environment.close()
