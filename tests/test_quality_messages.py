"""Flag messages write numbers and dates as Vietnamese readers do (docs/quality.md)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipelines.quality.validate import _FORMAT


@pytest.mark.parametrize(("template", "values", "expected"), [
    # years, also those pandas turned into floats, never get a thousands separator
    ("{year}", {"year": 2021}, "2021"),
    ("{ntm_year}", {"ntm_year": 2013.0}, "2013"),
    # counts and money: a dot between thousands, no ".0"
    ("{n}", {"n": 217154.0}, "217.154"),
    ("{n}", {"n": 17}, "17"),
    ("{n}", {"n": 1234567}, "1.234.567"),
    # decimals: a comma, and the float noise of a sum cut at four decimals
    ("{v}", {"v": 3.25}, "3,25"),
    ("{v}", {"v": 2984860.6999999997}, "2.984.860,7"),
    ("{v:.2f}", {"v": 12.345}, "12,35"),
    ("{v:.0%}", {"v": 0.351}, "35%"),
    # dates as dd/mm/yyyy, a time only when there is one
    ("{d}", {"d": pd.Timestamp("2021-03-10")}, "10/03/2021"),
    ("{d}", {"d": dt.date(2021, 3, 10)}, "10/03/2021"),
    ("{d}", {"d": dt.datetime(2021, 3, 10, 8, 5)}, "10/03/2021 08:05"),
    # a missing value
    ("{v}", {"v": None}, "—"),
    ("{v:.2f}", {"v": float("nan")}, "—"),
    ("{d}", {"d": pd.NaT}, "—"),
])
def test_numbers_and_dates_as_vietnamese_readers_write_them(template, values, expected):
    assert _FORMAT.format(template, **values) == expected


def test_the_late_submission_message_has_a_vietnamese_date():
    import json

    from pipelines.quality.suites import SUITES_DIR

    suite = json.loads((SUITES_DIR / "quality_completeness.suite.json")
                       .read_text(encoding="utf-8"))
    template = next(e["meta"]["message"] for e in suite["expectations"]
                    if "{signed_on}" in e["meta"]["message"])
    message = _FORMAT.format(template, unit_name="Huyện Hữu Lũng", unit_code="186",
                             year=2020.0, signed_on=pd.Timestamp("2021-03-10"))
    assert "năm 2020 ngày 10/03/2021" in message and "00:00" not in message


def test_every_check_code_has_a_vietnamese_and_english_label():
    """Codes raised by the suites (their JSON) and by the ingest (its flag calls) all have a
    label in the seed that quality.checks and the quality report read."""
    import csv
    import json
    import re

    from pipelines.quality.suites import SUITES_DIR
    from pipelines.settings import PROJECT_ROOT

    with (PROJECT_ROOT / "dbt_project" / "seeds" / "check_codes.csv").open(
            encoding="utf-8") as seed:
        labels = {r["check_code"]: r for r in csv.DictReader(seed)}
    assert all(r["label_vi"] and r["label_en"] for r in labels.values())
    used = set()
    for suite in SUITES_DIR.glob("*.suite.json"):
        used |= {e["meta"]["check_code"]
                 for e in json.loads(suite.read_text(encoding="utf-8"))["expectations"]}
    for module in (PROJECT_ROOT / "pipelines").rglob("*.py"):
        used |= set(re.findall(r'"([A-Z][A-Z_]{3,})",\s*"(?:error|warning|info)"',
                               module.read_text(encoding="utf-8")))
    assert len(used) > 25
    assert used <= set(labels), used - set(labels)
