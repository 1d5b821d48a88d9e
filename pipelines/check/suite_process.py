"""The expectation suites of a check, validated in a process of their own.

Importing Great Expectations takes about 2.5 s of one core, longer than everything a check
does before its suites; started first, in its own process, the import runs on the other
core meanwhile (a thread would share a core with the reading). This module imports nothing
heavy itself, so the process starts importing at once.

A plain process and a pipe rather than a process pool: a pool either waits for its worker's
exit (a second, with Great Expectations loaded) or, when the worker dies, never answers. The
process is killed when the check has its results; it has nothing left to write.

A process that has Great Expectations loaded already (one that built or checked before: a
Python session, the test suite) validates in itself instead: a second process would only
import it again.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import Any


class SuitesStopped(RuntimeError):
    """The suites could not run, or their process ended."""


_COULD_NOT_RUN = "the expectation suites could not run: "


def _failure(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


class SuiteProcess:
    """Started at once; ``validate`` hands it the frames and waits for their flags."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True,
                                        name="ntm-check-suites")
        self._process.start()
        child.close()

    def validate(self, work: list[tuple[Any, Any]]) -> list[list[dict[str, Any]]]:
        """The flags of each (suite, frame) pair, in order."""
        try:
            self._conn.send(work)
            while not self._conn.poll(0.2):
                if not self._process.is_alive():
                    raise EOFError
            outcome, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise SuitesStopped("the expectation suites stopped (their process ended with "
                                f"code {self._process.exitcode}).") from exc
        if outcome == "error":
            raise SuitesStopped(_COULD_NOT_RUN + value)
        return value

    def close(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()


def _serve(conn: Any) -> None:
    from pipelines.quality.validate import validate, warm_up

    warm_up()
    try:
        work = conn.recv()
    except EOFError:  # the check ended before its suites (nothing readable)
        return
    try:
        conn.send(("ok", [validate(suite, frame) for suite, frame in work]))
    except Exception as exc:  # a broken suite: the check reports it, as the build would fail
        conn.send(("error", _failure(exc)))


class SuitesHere:
    """The suites validated in this process, which has Great Expectations loaded already;
    the same answers and errors as ``SuiteProcess``."""

    def validate(self, work: list[tuple[Any, Any]]) -> list[list[dict[str, Any]]]:
        from pipelines.quality.validate import validate

        try:
            return [validate(suite, frame) for suite, frame in work]
        except Exception as exc:  # a broken suite, reported as the suite process reports it
            raise SuitesStopped(_COULD_NOT_RUN + _failure(exc)) from exc

    def close(self) -> None:
        return None


Suites = SuiteProcess | SuitesHere


def start_suites() -> Suites:
    """Where a check's suites run: here when Great Expectations is loaded (or loading) in
    this process, else in a process started now, which imports it while the check reads."""
    if "great_expectations" in sys.modules:
        return SuitesHere()
    return SuiteProcess()
