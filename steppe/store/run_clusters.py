"""Clustering the reports of an ingest run from what its writes kept in memory (store.NewReports).

When those are all the reports without a cluster and fit in one chunk, `assign_clusters` does not
read them back: they are sorted here in the SQL's placing order, placed (in two processes for large
runs). Meanwhile the main process checkpoints the database, so the checkpoint of what the run wrote
overlaps the placing instead of following the last commit. The touched clusters' rows are then
recomputed in SQL from all their reports (_write_clusters), as after placing from the database."""

from __future__ import annotations

import os
from functools import partial

import duckdb

from steppe.store.clusters import (
    PARALLEL_MIN,
    _candidates,
    _day_of,
    _insert_placed,
    _place,
    _place_in_two,
    _Report,
    _write_clusters,
)
from steppe.store.store import NewReports, Store

# the share of the reports left to the second process for the checkpoint done here meanwhile
CHECKPOINT_SHARE = 8


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
    _, eid, pub, ing, cat, status, dt, loc, codes = row
    day = _day_of(pub, ing)
    # as string_agg(DISTINCT code) and split in _load_chunk: no codes, or only '', is no participant
    part = frozenset(codes) if codes and (len(codes) > 1 or "" not in codes) else frozenset()
    return _Report(eid, cat, status, dt, loc, 0, part, day.toordinal() if day else None)


def place(store: Store, reports: list[_Report], parallel: bool) -> list[tuple[str, str]]:
    """The placements (event id, cluster id) of the reports, ranked in list order. The temp tables
    _run (the ranks, which _write_clusters orders this run's reports by) and _placed (empty) are made
    first."""
    import numpy as np

    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _placed (event_id VARCHAR, cluster_id VARCHAR)")
    _steppe_run = {"e": np.array([r.event_id for r in reports], dtype=object),  # noqa: F841 - read below
                   "rn": np.arange(1, len(reports) + 1, dtype=np.int64)}  # (a replacement scan: bulk_insert)
    con.execute("CREATE OR REPLACE TEMP TABLE _run AS SELECT CAST(e AS VARCHAR) AS event_id, rn FROM _steppe_run")
    candidates = _candidates(store, reports)
    if parallel and len(reports) >= PARALLEL_MIN and hasattr(os, "fork"):
        mine, theirs = _place_in_two(reports, candidates, meanwhile=partial(_checkpoint, store),
                                     head_start=len(reports) // CHECKPOINT_SHARE)
        return mine + theirs
    return _place(reports, candidates)


def _checkpoint(store: Store) -> None:
    """Write what the run stored into the database file now (else the last commit or closing does)."""
    try:
        store.con.execute("CHECKPOINT")
    except duckdb.Error:  # another connection's open transaction: the commit will checkpoint instead
        pass


def write(store: Store, placement: list[tuple[str, str]], chunk: int) -> None:
    """Inside the clustering transaction: the placements, then the rows of every touched cluster."""
    _insert_placed(store, placement)
    store.con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT cluster_id FROM _placed")
    _write_clusters(store, chunk)
