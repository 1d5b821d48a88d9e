"""Test and benchmark data: submission workbooks generated from plain Python data.

A development package, not part of the product (the wheel holds ``pipelines`` only) and
never imported by it. ``workbooks`` writes workbooks in the template's shape (two layers:
file formats, then the template); ``bundled`` generates the sample in ``data/raw``
(``make sample``); ``national`` generates the whole country for the benchmark and holds the
benchmark itself (``make bench``, ``make bench-smoke``).
"""
