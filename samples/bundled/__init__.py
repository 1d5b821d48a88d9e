"""The bundled sample in ``data/raw``: two provinces, 2019-2025, with deliberate mistakes
documented in its README (``python -m samples.bundled data/raw``, run by ``make sample``).
See ``generate`` for how it is built."""
