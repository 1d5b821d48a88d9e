"""The dbt project as Dagster sees it, in a module of its own.

dagster-dbt reads ``target/manifest.json`` when the asset definitions are imported; it is
prepared when the project is set up (``make setup`` runs ``ntm prepare``), never at import,
so that loading the code location stays fast as models grow.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

ntm_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class SubprocessDbtCli(DbtCliResource):
    """dbt as a subprocess only, without the dbt adapter dagster-dbt builds in this process.

    For every command, dagster-dbt first runs ``dbt --version`` in a subprocess and then loads
    the profile, project and macros into an in-process adapter (2.5 s and 3.8 s of each build,
    measured with cProfile on a one-year refresh). The adapter only serves
    ``fetch_column_metadata`` and ``fetch_row_counts``, which this project does not use (row
    counts are added after dbt exits, see ``pipelines/assets/dbt.py``), and the version is
    the installed dbt-core's. Both hooks are private to dagster-dbt, which is pinned;
    ``tests/test_dbt_project.py`` fails if an upgrade renames them.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:
        return None


def dbt_cli() -> DbtCliResource:
    return SubprocessDbtCli(project_dir=ntm_dbt_project, dbt_executable=DBT_EXECUTABLE)


PROJECT_SOURCES = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests")


def project_files(root: Path) -> Iterator[Path]:
    """Every file of the dbt project under ``root`` that its parse reads."""
    for name in PROJECT_SOURCES:
        path = root / name
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if f.is_file():
                yield f


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than a file of the dbt project.

    A stale manifest makes dbt run nodes that the Dagster definitions do not know (a test
    added since), which dagster-dbt cannot map to an asset. Checking file times costs a few
    milliseconds; parsing is only done when something changed.
    """
    manifest = ntm_dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    files = project_files(Path(ntm_dbt_project.project_dir))
    return any(f.stat().st_mtime > built for f in files)


def prepare_manifest() -> None:
    """Parse the dbt project (offline) and write its manifest."""
    dbt_cli().cli(["parse", "--quiet"], target_path=ntm_dbt_project.target_path).wait()
