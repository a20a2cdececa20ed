"""Ingest inputs into the database: process documents (in order, optionally in a pool) and write
them in batches, each batch one transaction; then place the new reports into clusters."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from steppe.errors import InputError
from steppe.model import Article, Document
from steppe.run import ingest_outcomes
from steppe.store.clusters import CHUNK, assign_clusters
from steppe.store.store import ArticleKeys, NewReports, Store, WriteResult

DUCKDB_MEMORY = "256MB"  # the database's working memory during an ingest
GC_THRESHOLDS = (10_000, 20, 20)  # the cyclic garbage collector's thresholds during an ingest (default 700, 10, 10)


def ingest(paths: Iterable[str], db: str | Path, workers: int = 1, batch: int = 200,
           on_error: Callable[[InputError], None] | None = None, progress: Any = None,
           store: Store | None = None) -> tuple[WriteResult, int]:
    """Store the documents of PATHs; returns what was written and how many inputs failed.

    Documents already stored (same content hash) are not extracted again; the articles' ids, MinHash
    signatures and event ids are computed in the worker processes."""
    result = WriteResult()
    failed = 0
    pending: list[tuple[Document, list[Article], list[ArticleKeys] | None]] = []
    own = store is None
    store = store or Store(db)
    # the database writes small batches while the workers extract: one thread is as fast as two, and
    # holds less memory; above DUCKDB_MEMORY it spills to disk (a file database), so memory stays bounded
    store.con.execute("SET threads = 1")
    if store.path != ":memory:":
        store.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    lookup = store.con.cursor()  # the reading side may run in the pool's feeder thread
    new_reports = NewReports(CHUNK)  # for clustering, up to one chunk of it
    ctx = progress if progress is not None else nullcontext()
    try:
        with ctx, _few_collections():
            task = progress.add_task("ingest", total=None) if progress is not None else None
            known = lambda hashes: store.known_documents(hashes, con=lookup)  # noqa: E731
            for outcome in ingest_outcomes(paths, workers=workers, known=known):
                if outcome.error is not None:
                    failed += 1
                    if on_error:
                        on_error(outcome.error)
                    continue
                assert outcome.doc is not None
                pending.append((outcome.doc, outcome.articles, outcome.keys))
                if len(pending) >= batch:
                    failed += _flush(store, pending, result, on_error, new_reports)
                    pending = []
                if task is not None:
                    progress.advance(task)
            if pending:
                failed += _flush(store, pending, result, on_error, new_reports)
            result.clustered = assign_clusters(store, parallel=workers > 1, new_reports=new_reports)
    finally:
        lookup.close()
        store.con.execute("RESET threads")
        store.con.execute("RESET memory_limit")
        if own:
            store.close()
    return result, failed


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
