"""Small realistic submissions built by the tests themselves."""

from __future__ import annotations

import os

# The suite runs three workers on two cores. A polars query's thread pool, woken for each of the
# many small columns a test reads, only contended with the other workers: one thread each used
# about a tenth less CPU on the intake tests, for the same results. Set before polars is first
# imported, and inherited by the builds the tests start as processes.
os.environ.setdefault("POLARS_MAX_THREADS", "1")

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.reader import FileResult, read_submission
from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
from pipelines.settings import PROJECT_ROOT
from samples.workbooks import (
    Aggregate,
    Commune,
    DistrictCriterion,
    FundingRow,
    OcopProduct,
    Sheet,
    Submission,
    Target,
    render,
    write_submission,
)
from tests.harness import NTM, Site, shared
from tests.hostile.support_faults import tree

# Tests must never reach the network or a user's telemetry settings.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

# Three real communes of Huyện Lộc Bình (district 188), Lạng Sơn (20).
COMMUNES = [("06532", "Xã Mẫu Sơn"), ("06541", "Xã Yên Khoái"), ("06544", "Xã Khánh Xuân")]


def district_submission(year: int = 2021, **changes: object) -> Submission:
    """A clean district report: three communes, one NTM since 2019, one advanced."""
    n = 10 if year >= 2026 else 19
    all_met = ["x"] * n
    communes = [
        Commune(COMMUNES[0][0], COMMUNES[0][1], all_met, n, 2019, 2021 if year >= 2021 else None),
        Commune(COMMUNES[1][0], COMMUNES[1][1], ["x"] * (n - 4) + [None] * 4, n - 4),
        Commune(COMMUNES[2][0], COMMUNES[2][1], ["Đạt"] * 12 + ["Cơ bản đạt"] + ["-"] * (n - 13),
                12),
    ]
    funding = [
        FundingRow("1", "Ngân sách trung ương", 1200.5),
        FundingRow("2", "Ngân sách địa phương", 800),
        FundingRow("6", "Cộng đồng dân cư", 350),
        FundingRow("6.1", "Tiền mặt", 200),
        FundingRow("6.2", "Hiến đất", 100, 1500, "m2"),
        FundingRow("6.3", "Ngày công lao động", 50, 2000, "ngày công"),
    ]
    ocop = [OcopProduct("Hồi Lạng Sơn", "HTX Nông sản Lộc Bình", "06532", 3, 3,
                        dt.date(year, 6, 15), "123/QĐ-UBND", "Huyện")]
    targets = [Target("XA_DAT_CHUAN_MOI", "Số xã đạt chuẩn NTM mới", "xã", 1, 1, 1),
               Target("TY_LE_HO_NGHEO", "Tỷ lệ hộ nghèo", "%", 5, "4,8", 4)]
    criteria = [DistrictCriterion(f"H{i}", f"Tiêu chí huyện {i}", "Đạt" if i < 5 else None)
                for i in range(1, 10)]
    sub = Submission(
        level="Huyện", province_code="20", province_name="Lạng Sơn", district_code="188",
        district_name="Huyện Lộc Bình", year=year, signed_on=dt.date(year + 1, 1, 15),
        revision=1, communes=communes, funding=funding, ocop=ocop, targets=targets,
        district_criteria=criteria,
        aggregates=[Aggregate("SO_XA", "Số xã", 3), Aggregate("SO_XA_DAT_CHUAN", "Số xã NTM", 1)],
    )
    for key, value in changes.items():
        setattr(sub, key, value)
    return sub


def sheet(sheets: list[Sheet], prefix: str) -> Sheet:
    return next(s for s in sheets if s.name.startswith(prefix))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write sheets (or a Submission) under tmp_path/raw/<relative> and return the path."""

    def _write(relative: str, content: Submission | list[Sheet], fmt: str = "xlsx") -> Path:
        sheets = render(content) if isinstance(content, Submission) else content
        path = tmp_path / "raw" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_submission(path, sheets, fmt)  # type: ignore[arg-type]

    return _write


@pytest.fixture
def read(tmp_path: Path) -> Callable[[Path], FileResult]:
    def _read(path: Path) -> FileResult:
        return read_submission(path, path.relative_to(tmp_path).as_posix(), "test-sha")

    return _read


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


@pytest.fixture
def run_ingest(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> Callable[..., object]:
    def _run(years: list[int], **kwargs: object) -> object:
        return ingest(con, tmp_path / "raw", years, partition_years(), **kwargs)

    return _run


# The template's B02 codes and the warehouse's source_code (warehouse contract), written out
# here so that tests check the models against the contract, not against the seed they use.
B02_SOURCES = {"1": "central_budget", "2": "local_budget", "3": "integrated", "4": "credit",
               "5": "enterprise", "6.1": "community_cash", "6.2": "community_land",
               "6.3": "community_labour", "6.4": "community_other", "7": "other"}


# --- Warehouses built by the real Dagster job -----------------------------------------------
#
# Real builds are what the suite spends its time on, so the two that many tests read are built
# once per session and shared by every xdist worker (tests/harness.py): the bundled sample
# (every year, under the network guard of tests/hostile/test_network_guard.py) and the
# one-year site the fault tests start from. Tests that need a build of their own build it in
# a module fixture. Every test that waits for a build carries the marker ``build``;
# ``make test-quick`` runs the others.

SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
# One province's reports of one year: the smallest raw folder that still runs every step.
ORIGIN_FILES = ("2023/20_lang_son/20_2023_r1.xlsx", "2023/20_lang_son/188_2023_r1.xlsx",
                "2023/20_lang_son/189_2023_r1.xlsx")
ORIGIN_YEAR = "2023"


def _build_sample(folder: Path) -> None:
    """``ntm build`` of every year of ``data/raw``, each of its Python processes (dbt's too)
    running the network guard; what the build did is kept in ``build.json`` beside it."""
    from tests.hostile.support_network import guarded_env

    site = Site.under(folder, raw=SAMPLE_RAW)
    env, attempts, loaded = guarded_env(folder)
    env.update(site.variables())
    raw_before = tree(SAMPLE_RAW)
    build = subprocess.Popen([*NTM, "build"], env=env, cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = build.communicate(timeout=900)
    (folder / "build.json").write_text(json.dumps({
        "pid": build.pid, "returncode": build.returncode, "stdout": out,
        "stderr": err[-20_000:], "attempts": str(attempts), "loaded": str(loaded),
        "raw_unchanged": tree(SAMPLE_RAW) == raw_before,
    }), encoding="utf-8")
    assert build.returncode == 0, err[-3000:]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The bundled sample (data/raw) built once by ``ntm build`` for the whole session.
    Read it, or ``clone`` it first: other tests read it at the same time."""
    folder = shared("sample", _build_sample, tmp_path_factory)
    return Site.under(folder, raw=SAMPLE_RAW)


@pytest.fixture(scope="session")
def sample_warehouse(sample_site: Site) -> Path:
    """The published warehouse of the bundled sample (``sample_site``)."""
    return sample_site.warehouse


def _build_origin(folder: Path) -> None:
    site = Site.under(folder)
    for name in ORIGIN_FILES:
        destination = site.raw / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE_RAW / name, destination)
    site.build("--year", ORIGIN_YEAR)


@pytest.fixture(scope="session")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Three files of Lạng Sơn, 2023, published once for the session by ``ntm build --year``:
    the state the fault tests start from. ``clone`` it before building on it."""
    return Site.under(shared("origin", _build_origin, tmp_path_factory))


def _build_da_nang(folder: Path) -> None:
    from tests.test_commune_groups import da_nang_2026
    from tests.test_ingest_unusable import write_office_reports

    site = Site.under(folder)
    write_office_reports(site.raw)
    write_submission(site.raw / "2026" / "48_2026.xlsx", render(da_nang_2026()), "xlsx")
    site.build("--year", "2023-2026")  # the years with files


@pytest.fixture(scope="session")
def da_nang_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Đà Nẵng's reports, built once for the session: Hòa Vang's office-style workbooks of
    2023 and 2024 with sheets that cannot be read (``test_ingest_unusable.py``) and the
    province's 2026 report with commune groups (``test_commune_groups.py``). One build for
    both modules, whose scenarios share no unit-year."""
    return Site.under(shared("da-nang", _build_da_nang, tmp_path_factory))


CHECKS_AND_MARTS_YEARS = "2022-2025"


def _build_checks_and_marts(folder: Path) -> None:
    from tests import test_marts_fixture, test_quality_checks

    site = Site.under(folder)
    test_quality_checks.write_scenario(site.raw)
    test_marts_fixture.write_scenario(site.raw)
    site.build("--year", CHECKS_AND_MARTS_YEARS)  # the years with files


@pytest.fixture(scope="session")
def checks_and_marts_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One build, once for the session, of two scenarios that share no unit-year: a planted
    problem per Lạng Sơn district in 2023 and a clean Cần Thơ (``test_quality_checks.py``),
    and Đà Nẵng's reports of 2023-2025 with one Lạng Sơn district in 2024
    (``test_marts_fixture.py``)."""
    return Site.under(shared("checks-and-marts", _build_checks_and_marts, tmp_path_factory))


# Fixtures that are, or wait for, a real build.
BUILD_FIXTURES = {"sample_site", "sample_warehouse", "origin", "da_nang_site",
                  "checks_and_marts_site"}

# Modules that run real builds, longest first (measured on the 2-core machine). pytest-xdist
# hands out whole modules in collection order (``make test`` turns off its reordering by test
# count): the three workers start with the first three, and a worker with two tests or fewer
# left is sent the next module at once, so the fourth goes behind test_kill_anywhere.py (two
# tests, the longest). A module that reads the sample comes early, so that the shared build
# starts while the other workers run their own (measured with three workers: their busy times
# within 6 s of each other, docs/testing.md). The longest module that needs
# no build (test_ingest_office.py, about 50 s) follows the builds, so that the short modules,
# not it, fill the end of the run.
LONG_MODULES = (
    "test_history.py", "test_kill_anywhere.py", "test_pipeline_e2e.py", "test_quality_sample.py",
    "test_layout.py", "test_history_closing.py", "test_marts_fixture.py", "test_disk_faults.py",
    "test_ingest_unusable.py", "test_ingest_office.py",
    "test_quality_checks.py", "test_sample_marts.py", "test_report.py", "test_cli.py",
    "test_bi.py", "test_sql_injection.py", "test_dbt_project.py", "test_network_guard.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    for item in items:
        if BUILD_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ntm`'s tables are cut to COLUMNS when it is set (pipelines/cli/reading.py); a CI
    runner's COLUMNS must not cut what the tests read. A test that wants a width sets it."""
    monkeypatch.delenv("COLUMNS", raising=False)
