"""``python -m samples.national OUT [--years ...] [--provinces ...]``: write the national set."""

import sys

from samples.national.generate import main

sys.exit(main())
