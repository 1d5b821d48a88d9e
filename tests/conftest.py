"""Small realistic submissions built by the tests themselves."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.reader import FileResult, read_submission
from pipelines.ingest.run import ingest
from pipelines.orchestration.partitions import partition_years
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


def ntm_build(raw: Path, tmp: Path) -> Path:
    """Run ``ntm build`` (the real Dagster job) on ``raw`` in a separate process, with the
    warehouse and Dagster's home under ``tmp``; returns the published warehouse."""
    import subprocess
    import sys

    warehouse = tmp / "out" / "ntm.duckdb"
    env = dict(os.environ, NTM_RAW_DIR=str(raw), NTM_WAREHOUSE=str(warehouse),
               DAGSTER_HOME=str(tmp / "dagster_home"))
    result = subprocess.run([sys.executable, "-m", "pipelines.cli", "build"], env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return warehouse


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample (data/raw) built once by ``ntm build`` into a temporary warehouse."""
    from pipelines.settings import PROJECT_ROOT

    return ntm_build(PROJECT_ROOT / "data" / "raw", tmp_path_factory.mktemp("sample_warehouse"))


# Modules that run real builds, longest first (measured on the 2-core CI machine). pytest-xdist
# hands out whole modules in collection order (``make test`` turns off its reordering by test
# count, which put the one-test, five-minute recovery module last); starting the long ones
# first keeps the workers busy to the end instead of leaving one alone with a long module.
LONG_MODULES = (
    "test_kill_anywhere.py", "test_recovery.py", "test_disk_faults.py", "test_pipeline_e2e.py",
    "test_quality_sample.py", "test_sample_marts.py",
    "test_marts_fixture.py", "test_quality_checks.py", "test_bi.py", "test_network_guard.py",
    "test_automation.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
