"""Progress of long work, shown only to a person watching a terminal.

``tqdm`` decides: with ``disable=None`` it draws nothing when standard error is not a
terminal, so scheduled runs, CI logs and pipes stay quiet. ``TQDM_DISABLE=1`` silences it on
a terminal too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm


def bar(description: str, unit: str, total: int | None = None) -> tqdm:
    return tqdm(total=total, desc=description, unit=unit, file=sys.stderr, disable=None,
                leave=True, dynamic_ncols=True, mininterval=0.2)


def counter(description: str, unit: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A ``progress(done, total)`` callback for code that must not know about terminals,
    and a function that closes the bar."""
    state: dict[str, tqdm] = {}

    def update(done: int, total: int) -> None:
        current = state.get("bar")
        if current is None:
            if not total:
                return
            current = state["bar"] = bar(description, unit, total)
        current.total = total
        current.n = done
        current.refresh()

    def close() -> None:
        if "bar" in state:
            state["bar"].close()

    return update, close
