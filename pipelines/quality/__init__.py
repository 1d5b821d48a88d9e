"""Data quality: the expectation suites (``expectations/*.suite.json``, one per dbt check
table) run over the check tables, their failing rows kept as ``quality.expectation_flags`` for
the dbt model ``quality.flags``, and the HTML quality report of those flags."""
