"""Data quality: the expectation suites of ``expectations/`` run over the check tables the
dbt models prepare, their failing rows turned into ``quality.flags``, and a report."""
