"""``python -m pipelines.cli`` is the ``ntm`` command (tests and CI call it this way)."""

import sys

from pipelines.cli import main

sys.exit(main())
