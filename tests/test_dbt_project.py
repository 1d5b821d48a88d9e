"""The dbt project as the build runs it: its unit tests, and the lean dagster-dbt resource."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from dagster_dbt import DbtCliResource

from pipelines.orchestration.dbt_project import DBT_EXECUTABLE, SubprocessDbtCli, ntm_dbt_project


def test_dbt_unit_tests_pass_on_a_built_warehouse(sample_warehouse: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds leave dbt's unit tests out (they test the SQL, not the data), so they run here,
    against a copy of a real working copy (dbt reads the input relations' columns from it),
    in this process from the kept parse, as a build runs dbt."""
    from pipelines.orchestration.dbt_inprocess import run_dbt
    from pipelines.settings import DBT_PROJECT_DIR

    working = sample_warehouse.parent / ".build" / "ntm.duckdb"
    copy = tmp_path / "ntm.duckdb"
    shutil.copy2(working, copy)
    target = tmp_path / "target"
    monkeypatch.setenv("NTM_BUILD_DB", str(copy))
    result = run_dbt(["test", "--select", "test_type:unit"], DBT_PROJECT_DIR, target)
    assert result.success, result.exception
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    ran = {r["unique_id"]: r["status"] for r in results}
    assert set(ran) == set(manifest["unit_tests"]), "every unit test of the project ran"
    assert len(ran) >= 7
    assert set(ran.values()) == {"pass"}


def test_the_lean_resource_overrides_hooks_that_exist() -> None:
    """The hooks are private to dagster-dbt; an upgrade that renames them would silently bring
    back the per-build ``dbt --version`` subprocess and in-process adapter."""
    assert "_cli_version" in vars(DbtCliResource)
    assert callable(vars(DbtCliResource)["_initialize_dbt_core_adapter"])


def test_the_lean_resource_reports_the_installed_dbt_version() -> None:
    """``dbt --version`` (what dagster-dbt ran on every build) also asks PyPI for the latest
    release: a network call per build that the lean resource no longer makes."""
    from dbt.version import __version__

    resource = SubprocessDbtCli(project_dir=ntm_dbt_project, dbt_executable=DBT_EXECUTABLE)
    assert str(resource._cli_version) == __version__
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_docs_site_generates_offline(tmp_path: Path) -> None:
    """``dbt docs generate`` (docs/models.md) writes the browsable site from the YAML with no
    network and no warehouse (the catalogue of built columns is left empty; that every built
    column is described is tests/test_sample_marts.py's)."""
    # dbt's parse of the project, kept by `make setup`, spares a full parse here (about half
    # the command's CPU), but only under the profile it was made with: dbt keys a kept parse
    # by the whole profile, whose path comes from NTM_BUILD_DB, unset at set-up.
    env = {k: v for k, v in os.environ.items() if k != "NTM_BUILD_DB"}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    database = ntm_dbt_project.project_dir.parent / "data" / "warehouse" / ".build" / "ntm.duckdb"
    untouched = _state(database)
    parsed = ntm_dbt_project.target_path / "partial_parse.msgpack"
    (tmp_path / "target").mkdir()
    if parsed.exists():
        shutil.copy2(parsed, tmp_path / "target" / parsed.name)
    result = subprocess.run(
        [DBT_EXECUTABLE, "docs", "generate", "--no-compile", "--empty-catalog",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=ntm_dbt_project.project_dir, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "target" / "index.html").stat().st_size > 10_000
    assert _state(database) == untouched  # the profile's warehouse was neither made nor opened


def _state(path: Path) -> tuple[int, int] | None:
    """Size and modification time, or None for a file that does not exist."""
    return (path.stat().st_size, path.stat().st_mtime_ns) if path.exists() else None


def test_the_in_process_runner_uses_hooks_that_exist() -> None:
    """dbt runs in the build's process (``pipelines/orchestration/dbt_inprocess.py``), which
    closes the database dbt-duckdb keeps open for the process through a class attribute
    private to the pinned dbt-duckdb; an upgrade that renames it must fail here, not leave
    the working copy open while the build publishes it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    assert "_ENV" in vars(DuckDBConnectionManager)
    assert callable(DuckDBConnectionManager.close_all_connections)


def test_a_parse_is_kept_for_every_warehouse_but_not_across_project_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse handed from one dbt command to the next is the same for any working copy of
    the same name, and is made again when a file of the project changes (by its content) or
    the database is named otherwise (dbt names the DuckDB catalog after the file, and compiled
    SQL names the catalog)."""
    from pipelines.orchestration.dbt_parse import parse_key as _parse_key

    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: ntm\n", encoding="utf-8")
    model = project / "models" / "m.sql"
    model.write_text("select 1 as x\n", encoding="utf-8")
    monkeypatch.setenv("NTM_BUILD_DB", str(tmp_path / "a" / ".build" / "ntm.duckdb"))
    first = _parse_key(project)
    monkeypatch.setenv("NTM_BUILD_DB", str(tmp_path / "b" / ".build" / "ntm.duckdb"))
    assert _parse_key(project) == first
    monkeypatch.setenv("NTM_BUILD_DB", str(tmp_path / "b" / ".build" / "other.duckdb"))
    assert _parse_key(project) != first
    monkeypatch.setenv("NTM_BUILD_DB", str(tmp_path / "a" / ".build" / "ntm.duckdb"))
    before = model.stat()
    model.write_text("select 2 as x\n", encoding="utf-8")
    # The same size and, put back, the same time (a copy that keeps times): still a change.
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _parse_key(project) != first


class _Parses:
    """dbt's runner as ``dbt_parse.parsed`` calls it, counting the parses it is asked for; each
    parse is an empty manifest named after its number."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> _Parses:
        return self

    def invoke(self, args: list[str]) -> object:
        from types import SimpleNamespace

        from dbt.contracts.graph.manifest import Manifest, ManifestMetadata

        assert args[0] == "parse"
        self.count += 1
        manifest = Manifest()
        manifest.metadata = ManifestMetadata(project_name=f"parse {self.count}")
        return SimpleNamespace(success=True, result=manifest, exception=None)


def test_a_parse_saved_by_one_process_serves_the_next_until_the_project_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process (a new warehouse, a test site, the first build after set-up) takes the
    parse another left in the project's target folder instead of parsing again; a changed
    project is parsed again; a saved parse that cannot be read is parsed again and replaced;
    one that cannot be written does not fail the command; old ones do not pile up."""
    from pipelines.orchestration import dbt_parse

    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: ntm\n", encoding="utf-8")
    model = project / "models" / "m.sql"
    model.write_text("select 1 as x\n", encoding="utf-8")
    runner = _Parses()

    def new_process(working: str) -> str:
        monkeypatch.setattr(dbt_parse, "_PARSED", {})
        monkeypatch.setenv("NTM_BUILD_DB", str(tmp_path / working / ".build" / "ntm.duckdb"))
        return dbt_parse.parsed(runner, project, ["parse"]).metadata.project_name

    saved = project / "target" / "parses"
    assert new_process("a") == "parse 1"
    assert [p.suffix for p in saved.iterdir()] == [".msgpack"]
    assert new_process("b") == "parse 1" and runner.count == 1  # read back, not parsed

    (file,) = saved.iterdir()
    file.write_bytes(file.read_bytes()[:100])  # cut short, as by a full disk
    assert new_process("c") == "parse 2"
    assert new_process("d") == "parse 2" and runner.count == 2  # replaced whole

    model.write_text("select 2 as x\n", encoding="utf-8")
    assert new_process("a") == "parse 3"
    assert len(list(saved.iterdir())) == 2

    def no_space(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dbt_parse.tempfile, "mkstemp", no_space)
    model.write_text("select 3 as x\n", encoding="utf-8")
    assert new_process("a") == "parse 4"  # kept in memory only
    assert len(list(saved.iterdir())) == 2
    monkeypatch.undo()

    monkeypatch.setattr(dbt_parse, "KEEP", 2)
    model.write_text("select 4 as x\n", encoding="utf-8")
    assert new_process("a") == "parse 5"
    names = sorted(p.name for p in saved.iterdir())
    assert len(names) == 2 and not any(name.startswith(".") for name in names)
    assert new_process("b") == "parse 5" and runner.count == 5
