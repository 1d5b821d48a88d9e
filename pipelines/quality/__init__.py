"""Data quality: the expectation suites (``*.suite.json`` beside the dbt check tables) run over
the check tables, their failing rows kept as ``quality.expectation_flags`` for the dbt model
``quality.flags``, and the HTML quality report of those flags."""
