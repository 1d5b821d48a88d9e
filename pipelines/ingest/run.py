"""One ingest pass: discover, read what is new, record every file's status for some years."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.ingest import unit_names, vocabulary
from pipelines.ingest.closures import read_closures
from pipelines.ingest.discover import FoundFile, discover
from pipelines.ingest.reader import BatchResult, read_batch
from pipelines.ingest.revisions import Candidate, assign_status
from pipelines.ingest.store import (
    ensure_schema,
    known_files,
    replace_submissions,
    run_scope,
    store_files,
)
from pipelines.ingest.vocabulary import Vocabulary

# Below this many new files, starting worker processes costs more than it saves. Measured
# with tests/benchmarks/bench_ingest.py on 2 cores: 300 files 3.1 s serial vs 3.7 s in two
# processes; 1,000 files 9.3 s vs 7.5 s (a national year is about 700 district files).
PARALLEL_THRESHOLD = 500
# Files read together: their columns are parsed in one pass, and a batch is one insert per
# raw table. Large enough that polars' per-call cost vanishes, small enough to keep memory
# flat and a progress bar moving.
BATCH_FILES = 256


@dataclass
class IngestSummary:
    files_seen: int = 0
    files_read: int = 0
    files_reused: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    flags: int = 0


def read_all(
    files: list[FoundFile], workers: int | None = None, vocab: Vocabulary | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[BatchResult]:
    """Read files in batches, in worker processes when there are many (parsing is CPU-bound,
    so threads would not help); batches come back in input order. ``pool``: processes
    already started (``_EarlyPool``), used when the files are many enough."""
    workers = _workers(len(files), workers)
    vocab = vocab or vocabulary.default()
    if workers < 2:
        for i in range(0, len(files), BATCH_FILES):
            yield read_batch(files[i:i + BATCH_FILES], vocab)
        return
    batches = [files[i:i + BATCH_FILES] for i in range(0, len(files), BATCH_FILES)]
    if pool is not None:
        yield from pool.map(read_batch, batches, [vocab] * len(batches))
        return
    with _new_pool(workers) as own:
        yield from own.map(read_batch, batches, [vocab] * len(batches))


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # "spawn" because the caller (a Dagster run) has threads, which make fork unsafe.
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"))


def _ready() -> None:
    """A worker that ran it has started, imported the readers and loaded the map of unit
    names that nearly every file's ThongTin is checked against (half a second of CPU)."""
    unit_names.load()


class _EarlyPool:
    """Reading processes started while the raw folder is being fingerprinted, when it holds
    many more files than the warehouse has read. A new process takes about half a second to
    start and import the readers; started after discovery, that half second came between
    fingerprinting and the first batch (measured on the national set: the first batch about
    0.2 s sooner). The estimate only decides when they start: ``read_all`` still decides from the
    files that really are new, and an early pool that is not needed is shut down unused."""

    def __init__(self, workers: int | None) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def expect(self, new_files: int) -> None:
        workers = _workers(new_files, self.workers)
        if workers > 1 and self.pool is None:
            self.pool = _new_pool(workers)
            for _ in range(workers):  # a process is spawned per task while none is idle
                self.pool.submit(_ready)

    def shutdown(self) -> None:
        # Not waiting for the idle processes to exit: they do so on their own while the run
        # records the statuses and commits (waiting cost 0.18 s at the end of a national run).
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> _EarlyPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.shutdown()


def _workers(files: int, asked: int | None = None) -> int:
    """Worker processes for reading this many new files (1: read in this process)."""
    workers = asked or min(os.cpu_count() or 1, 8)
    return 1 if files < PARALLEL_THRESHOLD else workers


@contextlib.contextmanager
def _one_thread_while(con: duckdb.DuckDBPyConnection, parallel: bool) -> Iterator[None]:
    """DuckDB's own threads only contend with the reading processes for the cores while they
    run: the inserts then cost a third more CPU (measured on the national set: the parent
    8.0 s of CPU with DuckDB's default threads, 6.1 s with one, the whole ingest 1.5 s
    faster). The setting comes back for the rest of the connection's work."""
    if not parallel:
        yield
        return
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")


def ingest(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    years: Iterable[int],
    valid_years: range,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Read new content from the whole raw folder, then rewrite the submission records of
    ``years`` and of the years the files in their folders give (``_run_years``). Files of
    other years elsewhere are read and stored but their status is left to their own refresh,
    so refreshing one year changes another only through a file filed in its folder.

    ``progress(done, total)`` is called as new files are read, for whoever shows it."""
    years = sorted(set(years))
    ensure_schema(con)
    vocab = vocabulary.load(raw_dir)
    # Files stored by any parser: at most this many of the listed ones are not new. (Asked
    # without a parameter: DuckDB's first bound parameter imports pandas, a quarter of a
    # second better spent while the reading processes start.)
    stored = con.execute("SELECT count(*) FROM raw.files").fetchone()[0]
    with _EarlyPool(workers) as early:
        found = discover(raw_dir, listed=lambda entries: early.expect(entries - stored))
        known = known_files(con, vocab.fingerprint)
        pending: dict[str, FoundFile] = {}
        for item in found:
            # A file refused by its name (no extension, a lock file, a link) is not read:
            # the reason is its path's, and stored by content it became the reason of a good
            # workbook of the same bytes under another name (``_candidate``).
            if item.not_a_submission is None and item.sha256 not in known \
                    and item.sha256 not in pending:
                pending[item.sha256] = item
        summary = IngestSummary(files_seen=len(found), files_read=len(pending))
        summary.files_reused = len(found) - len(pending)
        con.execute("BEGIN TRANSACTION")
        try:
            results = read_all(list(pending.values()), workers, vocab, early.pool)
            if progress is not None:
                results = _reporting(results, len(pending), progress)
            with _one_thread_while(con, _workers(len(pending), workers) > 1):
                store_files(con, results)
            early.shutdown()  # the processes are not needed any more
            known = known_files(con, vocab.fingerprint)
            candidates = [_candidate(f, known.get(f.sha256), valid_years) for f in found]
            wanted = _run_years(con, candidates, set(years), valid_years)
            chosen = [c for c in candidates if _in_run(c, wanted, valid_years)]
            present = {(c.source_file, c.sha256) for c in candidates}
            scope = run_scope(sorted(wanted), valid_years)
            vanished = _vanished(con, scope, present)
            # Closed years (closures.csv): their late files are read above but kept pending.
            closures = read_closures(raw_dir)
            decided, flags = assign_status(chosen + [c for c, _ in vanished], closures)
            flags += closures.flags
            meta: dict[tuple[str, str], tuple[str | None, int | None]] = {
                (f.source_file, f.sha256): (f.file_format, f.size_bytes) for f in found
            }
            meta.update({(c.source_file, c.sha256): prior for c, prior in vanished})
            now = datetime.now(UTC).replace(tzinfo=None)
            records = [_record(c, meta[(c.source_file, c.sha256)], now) for c in decided]
            flags += _vocabulary_flags(vocab, raw_dir)
            replace_submissions(con, scope, records, flags)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    for c in decided:
        summary.statuses[c.status] = summary.statuses.get(c.status, 0) + 1
    summary.flags = len(flags)
    return summary


def _reporting(
    results: Iterable[BatchResult], total: int, progress: Callable[[int, int], None]
) -> Iterator[BatchResult]:
    progress(0, total)
    done = 0
    for result in results:
        yield result
        done += len(result.files)
        progress(done, total)


def _vocabulary_flags(vocab: Vocabulary, raw_dir: Path) -> list[dict[str, Any]]:
    """Entries of the vocabulary file that were not applied, as errors about that file."""
    if not vocab.problems:
        return []
    source = vocab.source or str(vocabulary.vocabulary_path(raw_dir))
    with contextlib.suppress(ValueError):
        source = Path(source).resolve().relative_to(raw_dir.resolve()).as_posix()
    return [{"check_code": "VOCABULARY_INVALID", "severity": "error", "source_file": source,
             "column_name": problem.where,
             "message": f"{source}: {problem.where}: {problem.message}"}
            for problem in vocab.problems]


def _candidate(item: FoundFile, known: dict[str, Any] | None, valid_years: range
               ) -> Candidate:
    """A file's candidacy from what its content says (``known``, stored by sha256), or,
    for a file refused by its name, that name's reason: never stored with the content, so
    that the same bytes under a workbook's name are read on their own merits."""
    if item.not_a_submission is not None:
        return Candidate(item.source_file, item.sha256, item.folder_year,
                         year=item.folder_year, reject_reason=item.not_a_submission)
    assert known is not None  # every other file was read and stored above
    reason = known["reject_reason"]
    year = known["year"]
    if reason is None and year not in valid_years:
        reason = (f"Năm báo cáo {year} is outside the years this warehouse covers "
                  f"({valid_years.start}-{valid_years.stop - 1})")
    if reason is not None:
        return Candidate(item.source_file, item.sha256, item.folder_year,
                         year=item.folder_year, reject_reason=reason)
    return Candidate(
        item.source_file, item.sha256, item.folder_year, year=year, level=known["level"],
        unit_code=known["unit_code"], revision=known["revision"], signed_on=known["signed_on"],
    )


def _run_years(con: duckdb.DuckDBPyConnection, candidates: list[Candidate], years: set[int],
               valid_years: range) -> set[int]:
    """The years whose submission records a run rewrites: those asked, and the year each
    file in one of their folders gives in its ThongTin, or gave when it was last recorded
    (a file since replaced or removed). A refresh of a year is what ``ntm build --year`` and
    the raw-folder sensor run for the folder that changed: Lộc Bình's 2023 revision 2, sent
    in 2024 and filed under ``2024/``, was read and its rows stored, but recorded as no
    year's submission without a word, and 2023 kept the earlier revision as current. Its
    year is decided whole, from every file of the raw folder, as that year's own refresh
    decides it (its closure too), and dbt rebuilds the years whose submissions changed."""
    asked = sorted(years)
    recorded = con.execute(
        f"SELECT DISTINCT year FROM raw.submissions WHERE folder_year IN "
        f"({', '.join('?' for _ in asked) or 'NULL'}) AND year IS NOT NULL", asked).fetchall()
    found = {c.year for c in candidates if c.reject_reason is None and c.folder_year in years}
    return years | {year for year in found | {r[0] for r in recorded} if year in valid_years}


def _in_run(cand: Candidate, years: set[int], valid_years: range) -> bool:
    return cand.year is None or cand.year in years or cand.year not in valid_years


def _vanished(
    con: duckdb.DuckDBPyConnection, scope: tuple[str, list[int]], present: set[tuple[str, str]]
) -> list[tuple[Candidate, tuple[str | None, int | None]]]:
    """Files recorded earlier for these years that are no longer in the raw folder, with the
    format and size recorded when they were there."""
    where, params = scope
    rows = con.execute(f"SELECT * FROM raw.submissions WHERE {where}", params).pl()
    return [
        (
            Candidate(r["source_file"], r["sha256"], r["folder_year"], present=False,
                      year=r["year"], level=r["level"], unit_code=r["unit_code"],
                      revision=r["revision"], signed_on=r["signed_on"]),
            (r["file_format"], r["size_bytes"]),
        )
        for r in rows.iter_rows(named=True)
        if (r["source_file"], r["sha256"]) not in present
    ]


def _record(
    cand: Candidate, meta: tuple[str | None, int | None], now: datetime
) -> dict[str, Any]:
    record = asdict(cand)
    record.update(file_format=meta[0], size_bytes=meta[1], recorded_at=now)
    return record
