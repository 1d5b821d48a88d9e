"""``python -m samples.bundled [out_dir]``: write the bundled sample (``make sample``)."""

from samples.bundled.generate import main

main()
