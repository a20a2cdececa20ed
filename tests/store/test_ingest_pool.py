"""The ingest's process pool: results in order, a maintenance thread that does not spin while results
arrive, and workers that exit are still replaced."""

from __future__ import annotations

import os
import time

import pytest

from steppe.run import _quiet_pool


def _payload(i: int) -> tuple[int, bytes]:
    return i, b"x" * 20_000  # results larger than a pipe buffer: they wait in the pipe


def _thread_cpu(thread) -> float:
    return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))


@pytest.mark.skipif(os.name != "posix" or not hasattr(time, "pthread_getcpuclockid"), reason="POSIX threads")
def test_quiet_pool_keeps_order_and_its_maintenance_thread_sleeps() -> None:
    with _quiet_pool(2) as pool:
        handler = pool._worker_handler
        before = _thread_cpu(handler)
        out = [i for i, _ in pool.imap(_payload, range(6000), chunksize=4)]
        spent = _thread_cpu(handler) - before
    assert out == list(range(6000))
    assert spent < 0.05, spent  # the standard pool's thread spends tenths of a second here


def test_quiet_pool_replaces_workers_that_exit() -> None:
    """Workers leaving after two tasks each must be replaced (the maintenance thread wakes on a
    worker's exit), or the map below would time out."""
    with _quiet_pool(2, maxtasksperchild=2) as pool:
        first = list(pool._pool)
        assert [i for i, _ in pool.map_async(_payload, range(40)).get(timeout=60)] == list(range(40))
        assert not set(first) & set(pool._pool)
