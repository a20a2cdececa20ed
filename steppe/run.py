"""Run the per-document pipeline over inputs, in one process or a pool, keeping input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from steppe.errors import InputError, SteppeError
from steppe.ingest.articles import articles_from_document
from steppe.ingest.readers import read_paths
from steppe.model import Article, Document
from steppe.pipeline import process_document

LOOKAHEAD = 256  # documents whose content hashes are looked up in the database at once (ingest)


@dataclass
class Outcome:
    """What became of one input unit: its articles, or the error that stopped it.
    `keys`: what the store derives from each article (id, MinHash signature, rows of its events),
    computed in the worker processes for ingest (the articles then come without their events).
    `lines`: what `render` made of the articles, in the worker processes (the articles then stay there)."""

    doc: Document | None
    articles: list[Article]
    error: InputError | None = None
    keys: list | None = None
    lines: list[str] | None = None


def _work(doc: Document, extract: bool = True) -> Outcome:
    try:
        if not extract:
            return Outcome(doc, articles_from_document(doc))
        return Outcome(doc, process_document(doc))
    except InputError as err:
        return Outcome(doc, [], err)
    except SteppeError:
        raise  # a broken installation or knowledge file: stop, do not blame every input
    except Exception as exc:  # a bug must not stop the batch; report it against the input
        return Outcome(doc, [], InputError(doc.doc, f"internal error while processing: "
                                                    f"{type(exc).__name__}: {exc}"))


def _items(paths: Iterable[str]) -> Iterator[Document | InputError]:
    yield from read_paths(paths)


def process_paths(paths: Iterable[str], workers: int = 1, chunksize: int = 8,
                  extract: bool = True, render: Callable[[list[Article]], list[str]] | None = None
                  ) -> Iterator[Outcome]:
    """Outcomes in input order. With workers > 1 documents are processed in a process pool.
    extract=False stops after reading articles (no event extraction). `render` (a module-level
    function, extract=True only) turns each document's articles into output lines where they are
    extracted: the outcomes then carry `lines` and no articles (less to send back from the pool)."""
    items = _items(paths)
    if workers <= 1:
        for item in items:
            if isinstance(item, InputError):
                yield Outcome(None, [], item)
            else:
                yield _rendered(_work(item, extract), render) if extract else _work(item, extract)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if os.name == "posix" else "spawn")
    with ctx.Pool(workers) as pool:
        # errors found while reading stay in place: they pass through the pool untouched
        work = partial(_work_or_pass, render=render) if extract else _read_or_pass
        yield from pool.imap(work, items, chunksize=chunksize)


def _work_or_pass(item: Document | InputError, render: Callable[[list[Article]], list[str]] | None = None
                  ) -> Outcome:
    if isinstance(item, InputError):
        return Outcome(None, [], item)
    return _rendered(_work(item), render)


def _rendered(out: Outcome, render: Callable[[list[Article]], list[str]] | None) -> Outcome:
    if render is not None and out.error is None:
        out.lines = render(out.articles)
        out.articles = []
    return out


def _read_or_pass(item: Document | InputError) -> Outcome:
    if isinstance(item, InputError):
        return Outcome(None, [], item)
    return _work(item, extract=False)


# ---------------------------------------------------------------------- ingest

def ingest_outcomes(paths: Iterable[str], workers: int = 1, chunksize: int = 8,
                    known: Callable[[list[str]], set[str]] | None = None,
                    started: Callable[[], None] | None = None) -> Iterator[Outcome]:
    """Outcomes in input order for the store: the events of new documents with their articles' keys
    (ids, MinHash signatures, event ids: computed where the extraction runs), and only the articles
    of documents whose content hash `known` says is stored already (re-ingesting extracts nothing).
    `started` is called once the pool has started and is being fed (`known` is called from the
    pool's feeder thread, possibly before `started` returns), before the first outcome."""
    from steppe.store.minhash import prepare_minhash

    prepare_minhash()  # before the pool forks: the workers inherit NumPy and the permutations
    tasks = _tagged(_items(paths), known)
    if workers <= 1:
        if started is not None:
            started()
        yield from map(_ingest_work, tasks)
        return
    with _quiet_pool(workers) as pool:
        outcomes = pool.imap(_ingest_work, tasks, chunksize=chunksize)
        if started is not None:
            started()
        yield from outcomes


def _quiet_pool(workers: int, **options: Any):
    """A process pool whose worker-maintenance thread sleeps until a worker exits or the pool's state
    changes. The standard one's also wakes whenever a result waits in the result pipe, and loops
    until the result thread has read it: with results arriving all the time that thread took a third
    of a CPU second on the bench corpus, on cores the workers need. (Its ThreadPool already waits so.)"""
    import multiprocessing as mp
    import multiprocessing.pool

    class QuietPool(multiprocessing.pool.Pool):
        def _get_sentinels(self) -> list:
            return [self._change_notifier._reader]

    return QuietPool(workers, context=mp.get_context("fork" if os.name == "posix" else "spawn"), **options)


def _tagged(items: Iterable[Document | InputError], known: Callable[[list[str]], set[str]] | None
            ) -> Iterator[tuple[Document | InputError, bool]]:
    """Each item with whether to extract it: not when its content hash is already stored."""
    buf: list[Document | InputError] = []

    def flush() -> Iterator[tuple[Document | InputError, bool]]:
        docs = [x.hash for x in buf if isinstance(x, Document)]
        stored = known(docs) if known is not None and docs else set()
        for x in buf:
            yield x, not (isinstance(x, Document) and x.hash in stored)

    for item in items:
        buf.append(item)
        if len(buf) >= LOOKAHEAD:
            yield from flush()
            buf = []
    yield from flush()


def _ingest_work(task: tuple[Document | InputError, bool]) -> Outcome:
    from steppe.store.keys import article_keys

    item, extract = task
    if isinstance(item, InputError):
        return Outcome(None, [], item)
    out = _work(item, extract)
    if extract and out.error is None:
        out.keys = [article_keys(a) for a in out.articles]
        for a in out.articles:  # their rows are in the keys: do not send the events back twice
            a.events = []
    return out
