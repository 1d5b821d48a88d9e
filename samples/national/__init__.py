"""The national data set (every district and commune of both maps, 2016-2025) and the
benchmark that times the warehouse on it: ``python -m samples.national OUT`` writes it,
``python -m samples.national.benchmark OUT`` times it (``make bench``, ``make bench-smoke``)."""
