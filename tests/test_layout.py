"""The product package stands on its production dependencies alone: no generator, benchmark
or development-only library is imported by ``pipelines/`` (CI also runs ``ntm`` in an
environment without the development group, ``.ci/production-only``)."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

PRODUCT = PROJECT_ROOT / "pipelines"


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _development_only_modules() -> set[str]:
    """Import names of the packages that only the development group installs."""
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-")
                for r in requirements if isinstance(r, str)}

    dev = names(project["dependency-groups"]["dev"]) - names(project["project"]["dependencies"])
    by_module = packages_distributions()
    modules = {module for module, dists in by_module.items()
               if any(d.lower().replace("_", "-") in dev for d in dists)}
    return modules | {"samples", "tests"}


def test_the_product_imports_no_generator_benchmark_or_development_package() -> None:
    forbidden = _development_only_modules()
    # xlsxwriter is a production dependency (`ntm sql --xlsx`); xlwt writes only the
    # generators' .xls files.
    assert {"xlwt", "pytest", "samples"} <= forbidden and "xlsxwriter" not in forbidden
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(_imported_top_levels(path) & forbidden)
        for path in sorted(PRODUCT.rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_generators_and_benchmarks_live_outside_the_product() -> None:
    product_files = [p.relative_to(PRODUCT).as_posix() for p in PRODUCT.rglob("*.py")]
    assert not [p for p in product_files if re.search(r"sample|bench|national", p)]
    assert (PROJECT_ROOT / "samples" / "bundled" / "generate.py").is_file()
    assert (PROJECT_ROOT / "samples" / "national" / "benchmark.py").is_file()


def test_every_suite_in_expectations_checks_a_dbt_model_of_its_name() -> None:
    """One suite per rule family in `expectations/`, named after the check table it validates,
    and every check table has one: the SQL and the suite of a rule are found by one name."""
    from pipelines.quality.suites import SUITES_DIR, all_suites

    assert SUITES_DIR == PROJECT_ROOT / "expectations"
    models = {p.stem: p for p in (PROJECT_ROOT / "dbt_project" / "models").rglob("*.sql")}
    suites = all_suites()
    assert len(suites) == len(list(SUITES_DIR.glob("*.json")))
    for suite in suites:
        assert suite.model in models, f"{suite.path.name}: no dbt model {suite.model}"
        schema = suite.table.split(".")[0]
        assert models[suite.model].parent.name in (schema, "checks"), suite.table
    checks = {p.stem for p in (PROJECT_ROOT / "dbt_project" / "models" / "intermediate"
                               / "checks").glob("*.sql")}
    assert checks <= {s.model for s in suites}
    assert not list((PROJECT_ROOT / "dbt_project").rglob("*.suite.json"))


def test_the_reform_year_has_one_home() -> None:
    """dbt's variable `reform_year` is read by the Python code (`pipelines/reporting_years.py`)
    instead of being typed again: no year compared with the reform's first year in the product
    (`year <= 2025` is the end of the 2021-2025 criteria set, another rule)."""
    from pipelines.reporting_years import REFORM_YEAR

    assert REFORM_YEAR == 2025  # the reform of 1 July 2025 (the warehouse contract)
    typed = re.compile(r"(year\w*|\))\s*((>=|<|==)\s*2025|(<=|>)\s*2024)\b")
    found = [f"{path.relative_to(PROJECT_ROOT)}:{number}"
             for path in (PROJECT_ROOT / "pipelines").rglob("*.py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if typed.search(line)]
    assert not found, found
