"""Ingest inputs into the database: process documents (in order, optionally in a pool) and write
them in batches, each batch one transaction; then place the new reports into clusters."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steppe.errors import InputError
from steppe.model import Article, Document
from steppe.run import ingest_outcomes

if TYPE_CHECKING:
    from steppe.store.store import ArticleKeys, NewReports, Store, WriteResult

DUCKDB_MEMORY = "256MB"  # the database's working memory during an ingest
GC_THRESHOLDS = (50_000, 20, 20)  # the cyclic garbage collector's thresholds during an ingest (default 700, 10, 10)


def ingest(paths: Iterable[str], db: str | Path, workers: int = 1, batch: int = 200,
           on_error: Callable[[InputError], None] | None = None, progress: Any = None,
           store: Store | None = None) -> tuple[WriteResult, int]:
    """Store the documents of PATHs; returns what was written and how many inputs failed.

    Documents already stored (same content hash) are not extracted again; the articles' ids, MinHash
    signatures and event ids are computed in the worker processes. The pool starts first, and the
    database is opened while its workers take their first documents (_Opening)."""
    failed = 0
    pending: list[tuple[Document, list[Article], list[ArticleKeys] | None]] = []
    opening = _Opening(db, store)
    ctx = progress if progress is not None else nullcontext()
    try:
        with ctx, _few_collections():
            task = progress.add_task("ingest", total=None) if progress is not None else None
            for outcome in ingest_outcomes(paths, workers=workers, known=opening.known, started=opening.started):
                opening.open()
                if outcome.error is not None:
                    failed += 1
                    if on_error:
                        on_error(outcome.error)
                    continue
                assert outcome.doc is not None
                pending.append((outcome.doc, outcome.articles, outcome.keys))
                if len(pending) >= batch:
                    failed += _flush(opening.store, pending, opening.result, on_error, opening.new_reports)
                    pending = []
                if task is not None:
                    progress.advance(task)
            opening.open()  # (no input at all)
            if pending:
                failed += _flush(opening.store, pending, opening.result, on_error, opening.new_reports)
            from steppe.store.clusters import assign_clusters  # (imported with the store, in open)

            opening.result.clustered = assign_clusters(opening.store, parallel=workers > 1,
                                                       new_reports=opening.new_reports)
    finally:
        opening.close()
    return opening.result, failed


class _Opening:
    """The database of an ingest, opened once its process pool has started (DuckDB is imported then
    too: the workers neither inherit nor wait for it). The pool's feeder thread asks `known` which
    documents are stored, from its first documents on, and waits for the opening; a database that
    did not exist holds nothing, so its feeder need not wait, and it is opened when the first outcome
    arrives (its first batch is written 200 outcomes later): its import and opening then take no
    CPU from the feeder and the workers' start."""

    def __init__(self, db: str | Path, store: Store | None) -> None:
        self.db, self.store, self.own = db, store, store is None
        self.new = store is None and str(db) != ":memory:" and not Path(db).exists()
        self.ready = threading.Event()
        self.lookup = None
        self.result: WriteResult | None = None
        self.new_reports: NewReports | None = None

    def started(self) -> None:
        if not self.new:
            self.open()

    def open(self) -> None:
        if self.ready.is_set():
            return
        from steppe.store.clusters import CHUNK
        from steppe.store.run_clusters import report_of
        from steppe.store.store import NewReports, Store, WriteResult

        try:
            if self.store is None:
                self.store = Store(self.db)
            # the database writes small batches while the workers extract: one thread is as fast as
            # two, and holds less memory; above DUCKDB_MEMORY it spills to disk (a file database), so
            # memory stays bounded
            self.store.con.execute("SET threads = 1")
            if self.store.path != ":memory:":
                self.store.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
            self.lookup = self.store.con.cursor()  # the reading side runs in the pool's feeder thread
            self.result = WriteResult()
            self.new_reports = NewReports(CHUNK, make=report_of)  # for clustering, up to one chunk of it
        finally:
            self.ready.set()  # (should opening fail, the feeder finds nothing stored and the run stops)

    def known(self, hashes: list[str]) -> set[str]:
        if not self.ready.is_set():
            if self.new:
                return set()
            self.ready.wait()
        if self.lookup is None:
            return set()
        return self.store.known_documents(hashes, con=self.lookup)

    def close(self) -> None:
        if self.lookup is not None:
            self.lookup.close()
            self.store.con.execute("RESET threads")
            self.store.con.execute("RESET memory_limit")
        if self.own and self.store is not None:
            self.store.close()


def _flush(store: Store, pending: list[tuple[Document, list[Article], list[ArticleKeys] | None]], result: WriteResult,
           on_error: Callable[[InputError], None] | None, new_reports: NewReports | None = None) -> int:
    """Write one batch; returns the number of inputs lost when the write fails."""
    try:
        result.add(store.write_batch(pending, new_reports))
        return 0
    except Exception as exc:  # a write failure loses this batch only; say which inputs it held
        names = ", ".join(doc.doc for doc, *_ in pending[:3]) + (" ..." if len(pending) > 3 else "")
        if on_error:
            on_error(InputError(names, f"database write failed, batch not stored ({exc})"))
        return len(pending)


@contextmanager
def _few_collections() -> Iterator[None]:
    """The cyclic garbage collector seldom during an ingest. The rows, outcomes and reports an ingest
    makes are many and without cycles (reference counting frees them), yet every 700 of them made the
    collector run, and often over all objects: a tenth of the main process's time. The objects that
    exist at the start are frozen (never traversed during the run, nor copied into the forked workers
    by the collector's writes), and the collector runs every GC_THRESHOLDS[0] allocations."""
    thresholds = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()
