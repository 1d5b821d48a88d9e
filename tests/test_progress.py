"""Progress is drawn for a person at a terminal and nowhere else."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from pipelines.ingest.run import _reporting
from pipelines.progress import counter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream", "shown"), [(Terminal(), True), (io.StringIO(), False)])
def test_progress_is_shown_only_on_a_terminal(monkeypatch, stream, shown):
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    update, close = counter("reading new files", "file")
    batches = [SimpleNamespace(files=["a.xlsx"]), SimpleNamespace(files=["b.xlsx", "c.xlsx"])]
    for _ in _reporting(iter(batches), 3, update):
        pass
    close()
    text = stream.getvalue()
    assert ("reading new files" in text and "3/3" in text) is shown
    assert text == "" or shown


def test_nothing_to_read_draws_no_bar(monkeypatch):
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    update, close = counter("reading new files", "file")
    list(_reporting(iter(()), 0, update))
    close()
    assert stream.getvalue() == ""
