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


def test_ingest_imports_duckdb_only_after_the_pool_has_started() -> None:
    """The workers fork from a process without DuckDB (nor do they import it: the article keys and
    signatures are in modules of their own), and the database opens while they start."""
    import subprocess
    import sys

    code = ("import sys; import steppe.cli, steppe.ingest_db, steppe.run, steppe.store.keys, steppe.store.minhash; "
            "print(sorted(m for m in sys.modules if m == 'duckdb' or m.startswith('duckdb.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ingest_into_a_file_that_is_no_database_stops_with_an_error(tmp_path) -> None:
    from steppe.errors import SteppeError
    from steppe.ingest_db import ingest
    from tests.synthetic import write_docs

    docs = write_docs(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": "Astana hosted talks."} for i in range(40)])
    db = tmp_path / "not.duckdb"
    db.write_text("not a database\n" * 100)
    with pytest.raises(SteppeError):
        ingest([str(docs)], db, workers=2)


def test_ingest_into_a_new_database_with_workers_skips_repeated_documents(tmp_path) -> None:
    """Before the new database is open the feeder looks nothing up: a document given twice is
    extracted twice and stored once."""
    from steppe.ingest_db import ingest
    from steppe.store.store import Store
    from tests.synthetic import write_docs

    docs = [{"id": f"d{i}", "published": f"2024-05-0{1 + i % 9}",
             "text": "Kazakhstan and Uzbekistan held talks in Astana on trade."} for i in range(30)]
    path = write_docs(tmp_path / "in.jsonl", docs)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + lines[:3]) + "\n", encoding="utf-8")  # three documents again
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1, _ = ingest([str(path)], one, workers=1)
    r2, _ = ingest([str(path)], two, workers=2)
    assert r2.skipped_documents == r1.skipped_documents == 3 and r2.documents == r1.documents == 30
    with Store(one) as a, Store(two) as b:
        for table in ("documents", "articles", "sources", "events", "event_actors", "clusters", "cluster_actors"):
            sql = f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY ALL" if table == "documents" else \
                f"SELECT * FROM {table} ORDER BY ALL"  # noqa: S608
            assert a.con.execute(sql).fetchall() == b.con.execute(sql).fetchall(), table
