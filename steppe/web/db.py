"""One shared DuckDB connection per server: a cursor per request for reads, a lock for writes.

DuckDB lets one process write a database file; inside the process, cursors of one connection
run in parallel threads. Reviews are the only writes, each in its own transaction under a lock;
every write bumps `version`, which keys the cache of derived views (the indicator board)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from steppe.store.store import Store

T = TypeVar("T")


class CursorStore(Store):
    """A Store over a cursor of a shared connection (what the store's query functions take)."""

    def __init__(self, path: str, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con
        self._lsh = None


class Database:
    """The database a server works on; use `read()` and `write()` as context managers."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._store = Store(self.path, read_only=read_only)
        self._write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: dict[Any, tuple[int, Any]] = {}
        self.version = 0

    @contextmanager
    def read(self) -> Iterator[Store]:
        cur = self._store.con.cursor()
        try:
            yield CursorStore(self.path, cur)
        finally:
            cur.close()

    @contextmanager
    def write(self) -> Iterator[Store]:
        """One transaction, serialised with every other write of this server."""
        with self._write_lock:
            cur = self._store.con.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    yield CursorStore(self.path, cur)
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
                self.version += 1
            finally:
                cur.close()

    def cached(self, key: Any, build: Callable[[], T]) -> T:
        """`build()`'s result, kept until the next write."""
        version = self.version
        with self._cache_lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = build()
        with self._cache_lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = (version, value)
        return value

    def close(self) -> None:
        self._store.close()
