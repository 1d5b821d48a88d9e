"""Validate a check table with its suite and turn every unexpected row into a flag.

Great Expectations validates pandas dataframes read from the working warehouse: its SQL
path fails on DuckDB in the pinned release (the connection is closed before rows are read),
and the check tables are small (one row per sheet row or figure), so reading them costs
less than the validation itself. ``unexpected_index_column_names`` makes GE return the
``check_row`` of every failing row, which links it back to its file, sheet and row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import os
import re
import string
import threading
import warnings
from functools import cache
from typing import Any

import pandas as pd

from pipelines.numbers import vn_figure, vn_number
from pipelines.quality.suites import Suite

FLAG_COLUMNS = [
    "check_code", "severity", "year", "level", "unit_code", "unit_name", "indicator_code",
    "reported_value", "expected_value", "message", "source_file", "sheet", "row_number",
    "column_name", "raw_value", "sha256", "suite",
]


_warming: threading.Thread | None = None

# The suites' row conditions are strings (they live in JSON beside their check tables); the
# pinned Great Expectations accepts them and says at every expectation that its 2.0 will
# not. Said once here, not hundreds of times in every check's output.
warnings.filterwarnings("ignore", message="The condition_parser parameter is deprecated",
                        category=DeprecationWarning)
warnings.filterwarnings("ignore", message="Passing a string to the row_condition parameter",
                        category=DeprecationWarning)


def warm_up() -> None:
    """Start importing Great Expectations (about 4 s) in a background thread.

    The build calls this when dbt starts (DuckDB runs dbt's queries without holding Python's
    lock), and ``ntm check``'s suite process as soon as it starts; the checks then find the
    context ready. Nothing fails here: an error surfaces, with its traceback, when the checks
    build the context themselves.
    """
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=_quietly, name="gx-warm-up", daemon=True)
        _warming.start()


def _quietly() -> None:
    with contextlib.suppress(Exception):
        _context()


def _ready_context() -> Any:
    if _warming is not None:
        _warming.join()
    return _context()


@cache
def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context


def _gx_suite(suite: Suite) -> Any:
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    return gx.ExpectationSuite(
        name=suite.name,
        expectations=[
            ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"])
            .to_domain_obj()
            for e in suite.expectations
        ],
    )


class _Blank(string.Formatter):
    """Message templates are filled from a row, written as Vietnamese readers write numbers
    and dates: ``217.154`` and ``3,25`` (a dot between thousands, a comma before decimals),
    years as ``2013`` (a year column that pandas made a float would otherwise print as
    ``2.013``), dates as ``10/03/2021``. A missing value prints as ``—`` instead of failing on
    a format spec such as ``{x:.2f}``."""

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        value = super().get_value(key, args, kwargs)
        if isinstance(key, str) and (key == "year" or key.endswith("_year")) \
                and isinstance(value, int | float) and not isinstance(value, bool) \
                and float(value).is_integer():
            return _Year(int(value))
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) \
                or value is pd.NaT:
            return "—"
        if isinstance(value, _Year):
            return str(int(value))
        if isinstance(value, dt.datetime | pd.Timestamp):
            if (value.hour, value.minute, value.second) == (0, 0, 0):
                return value.strftime("%d/%m/%Y")
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        number = isinstance(value, int | float) and not isinstance(value, bool) \
            and not (isinstance(value, float) and math.isinf(value))
        if number and not format_spec:
            return vn_figure(value)
        fixed = re.fullmatch(r"\.(\d)f", format_spec)
        if number and fixed:
            return vn_number(value, int(fixed.group(1)))
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


class _Year(int):
    """A year read from a float column: printed without a thousands separator."""


_FORMAT = _Blank()


def _value(row: dict[str, Any], column: str | None) -> float | None:
    if not column:
        return None
    value = row.get(column)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def validate(suite: Suite, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Flags for the rows of ``frame`` that fail an expectation of ``suite``.

    A failing expectation that GE could not evaluate (an exception) raises: a broken check
    must stop the build, unlike a flag."""
    if frame.empty:
        return []
    if "check_row" not in frame.columns:  # a public table (quality.completeness) has no id
        frame = frame.assign(check_row=range(len(frame)))
    context = _ready_context()
    source = context.data_sources.add_or_update_pandas(f"ntm_{suite.name}")
    asset = source.add_dataframe_asset(suite.name)
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(
        batch_parameters={"dataframe": frame})
    result = batch.validate(_gx_suite(suite), result_format={
        "result_format": "COMPLETE", "unexpected_index_column_names": ["check_row"]})
    by_id: dict[Any, dict[str, Any]] | None = None
    flags: list[dict[str, Any]] = []
    for outcome in result.results:
        meta = outcome.expectation_config.meta
        if outcome.exception_info and outcome.exception_info.get("raised_exception"):
            raise RuntimeError(f"expectation {outcome.expectation_config.type} of suite "
                               f"{suite.name} could not run: "
                               f"{outcome.exception_info.get('exception_message')}")
        hits = outcome.result.get("unexpected_index_list") or []
        if hits and by_id is None:
            # One pass over the frame, only when something failed.
            by_id = {r["check_row"]: {k: (None if isinstance(v, float) and math.isnan(v)
                                          else v) for k, v in r.items()}
                     for r in frame.to_dict("records")}
        for hit in hits:
            row = by_id[hit["check_row"]]
            indicator = row.get(meta["indicator"]) if meta.get("indicator") else None
            flags.append({
                "check_code": meta["check_code"],
                "severity": meta["severity"],
                "year": row.get("year"),
                "level": row.get("level"),
                "unit_code": row.get("unit_code"),
                "unit_name": row.get("unit_name"),
                "indicator_code": indicator,
                "reported_value": _value(row, meta.get("reported")),
                "expected_value": _value(row, meta.get("expected")),
                "message": f"{row.get('source_file') or row.get('unit_name')}: "
                           + _FORMAT.format(meta["message"], **row),
                "source_file": row.get("source_file"),
                "sheet": row.get("sheet"),
                "row_number": row.get("row_number"),
                "column_name": meta.get("reported"),
                "raw_value": None,
                "sha256": row.get("sha256"),
                "suite": suite.name,
            })
    return flags
