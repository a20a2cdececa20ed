"""Clustering the reports of an ingest run from what its writes kept in memory (store.NewReports).

When those are all the reports without a cluster and fit in one chunk, `assign_clusters` does not
read them back: they are sorted here in the SQL's placing order, placed (in two processes for large
runs), and the processes that place them also compute the rows of the clusters the run creates
(cluster_rows). Meanwhile the main process checkpoints the database, so the checkpoint of what the
run wrote overlaps the placing instead of following the last commit. Clusters of earlier runs that
the run's reports joined are still recomputed in SQL from all their reports (_write_clusters)."""

from __future__ import annotations

import os
from functools import partial

import duckdb

from steppe.store.cluster_rows import new_cluster_rows
from steppe.store.clusters import (
    PARALLEL_MIN,
    Cluster,
    _candidates,
    _day_of,
    _insert_placed,
    _place,
    _place_in_two,
    _Report,
    _write_clusters,
)
from steppe.store.store import NewReports, Store, bulk_insert

# the share of the reports left to the second process for the checkpoint done here meanwhile
CHECKPOINT_SHARE = 8

Placed = tuple[list[tuple[str, str]], list[tuple], list[tuple]]  # placements, cluster rows, cluster actor rows


def memory_reports(store: Store, new_reports: NewReports | None, chunk: int) -> list[_Report] | None:
    """The run's reports in placing order, or None (read them from the database) unless they are all
    the reports without a cluster and at most a chunk. The order is the SQL's: publication date, else
    the ingest time as text, then event id (Python compares strings by code point, DuckDB by UTF-8
    bytes: the same order)."""
    rows = new_reports.rows if new_reports is not None else None
    if rows is None or len(rows) > chunk:
        return None
    (unplaced,) = store.con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()
    if unplaced != len(rows):  # reports of an earlier run that stopped before placing them
        return None
    rows = sorted(rows)  # by key, then event id (unique: nothing further is compared); batches: merged
    if new_reports.make is None:
        rows = [(r[0], r[1], report_of(r)) for r in rows]
    out = [r[2] for r in rows]
    for rn, r in enumerate(out, 1):
        r.rn = rn
    return out


def report_of(row: tuple) -> _Report:
    """The report (rank 0 until ranked) of a NewReports row."""
    _, eid, pub, ing, cat, status, dt, loc, codes, extra = row
    day = _day_of(pub, ing)
    # as string_agg(DISTINCT code) and split in _load_chunk: no codes, or only '', is no participant
    part = frozenset(codes) if codes and (len(codes) > 1 or "" not in codes) else frozenset()
    return _Report(eid, cat, status, dt, loc, 0, part, day.toordinal() if day else None, extra)


def place(store: Store, reports: list[_Report], parallel: bool) -> Placed:
    """Place the reports (ranked in list order) and compute the rows of the clusters they create.
    The temp table _placed (empty) is made first, and _run, for the candidates' query and for the
    rows of earlier clusters, unless no report has a cluster yet (a new database: no candidates)."""
    import numpy as np

    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _placed (event_id VARCHAR, cluster_id VARCHAR)")
    candidates: list[Cluster] = []
    if con.execute("SELECT 1 FROM events WHERE cluster_id IS NOT NULL LIMIT 1").fetchone():
        _steppe_run = {"e": np.array([r.event_id for r in reports], dtype=object),  # noqa: F841 - read below
                       "rn": np.arange(1, len(reports) + 1, dtype=np.int64)}  # (a replacement scan: bulk_insert)
        con.execute("CREATE OR REPLACE TEMP TABLE _run AS SELECT CAST(e AS VARCHAR) AS event_id, rn "
                    "FROM _steppe_run")
        candidates = _candidates(store, reports)
    work = partial(_place_and_rows, stored={c.cluster_id for c in candidates})
    if parallel and len(reports) >= PARALLEL_MIN and hasattr(os, "fork"):
        mine, theirs = _place_in_two(reports, candidates, work, meanwhile=partial(_checkpoint, store),
                                     head_start=len(reports) // CHECKPOINT_SHARE)
        return mine[0] + theirs[0], mine[1] + theirs[1], mine[2] + theirs[2]
    return work(reports, candidates)


def _place_and_rows(reports: list[_Report], candidates: list[Cluster], stored: set[str]) -> Placed:
    placement = _place(reports, candidates)
    members: dict[str, list[_Report]] = {}  # the clusters this run creates, with their reports by rank
    for r, (_, cid) in zip(reports, placement, strict=True):
        if cid not in stored:
            members.setdefault(cid, []).append(r)
    rows, actor_rows = new_cluster_rows(members)
    return placement, rows, actor_rows


def _checkpoint(store: Store) -> None:
    """Write what the run stored into the database file now (else the last commit or closing does)."""
    try:
        store.con.execute("CHECKPOINT")
    except duckdb.Error:  # another connection's open transaction: the commit will checkpoint instead
        pass


def write(store: Store, placed: Placed, chunk: int) -> None:
    """Inside the clustering transaction: the placements, the rows of the new clusters, and in SQL
    the rows of the earlier runs' clusters that reports joined."""
    placement, rows, actor_rows = placed
    con = store.con
    _insert_placed(store, placement)
    con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT cluster_id FROM _placed")
    new_ids = [r[0] for r in rows]
    con.execute("CREATE OR REPLACE TEMP TABLE _touched_old AS SELECT cluster_id FROM _touched "
                "WHERE cluster_id NOT IN (SELECT unnest(?::VARCHAR[]))", [new_ids])
    if con.execute("SELECT count(*) FROM _touched_old").fetchone()[0]:
        _write_clusters(store, chunk, "_touched_old")
    for table in ("clusters", "cluster_actors"):  # as _write_clusters: a touched cluster's rows are replaced
        con.execute(f"DELETE FROM {table} WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))",  # noqa: S608
                    [new_ids])
    bulk_insert(con, "clusters", rows)
    bulk_insert(con, "cluster_actors", actor_rows)
