"""search_events picks the page first and the best reports of that page only: the same rows, in the
same order, as the query it replaced (a correlated subquery per event), and wildcards in `q` are
taken literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from steppe.ingest_db import ingest
from steppe.resources import data_path
from steppe.store.queries import _date_filter, attach_cluster_actors, event_view, search_events
from steppe.store.reviews import add_review
from steppe.store.store import Store


def reference_search(store: Store, *, since: str | None = None, until: str | None = None,
                     category: list[str] | None = None, actor: list[str] | None = None,
                     participant: list[str] | None = None, status: list[str] | None = None,
                     min_sources: int | None = None, include_rejected: bool = False, include_undated: bool = True,
                     limit: int | None = None, offset: int = 0, order: str = "date") -> dict[str, Any]:
    """search_events as first written (without `q`, whose LIKE had no escape character)."""
    where, params = _date_filter("c.date", since, until, include_undated)
    conds = [where[len("WHERE "):]] if where else []
    for col, values in (("c.category", category), ("c.status", status)):
        if values:
            conds.append(f"{col} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(values))
    if actor:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE role = ? "
                     "AND code IN (SELECT unnest(?::VARCHAR[])))")
        params.extend(["actor", [x.upper() for x in actor]])
    if participant:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE code IN "
                     "(SELECT unnest(?::VARCHAR[])))")
        params.append([x.upper() for x in participant])
    if min_sources:
        conds.append("c.n_sources >= ?")
        params.append(int(min_sources))
    if not include_rejected:
        conds.append("c.review <> 'rejected'")
    cond = ("WHERE " + " AND ".join(conds)) if conds else ""
    total = store.query(f"SELECT count(*) AS n FROM clusters c {cond}", params)[0]["n"]  # noqa: S608
    ordering = {"date": "c.date DESC NULLS LAST, c.cluster_id", "date_asc": "c.date ASC NULLS LAST, c.cluster_id",
                "sources": "c.n_sources DESC, c.date DESC NULLS LAST, c.cluster_id",
                "confidence": "c.confidence DESC, c.cluster_id"}[order]
    page, page_params = ("LIMIT ? OFFSET ?", [int(limit), int(offset)]) if limit is not None else ("", [])
    rows = store.query(f"""
        SELECT c.*, e.event_id AS best_event_id, e.evidence, e.article_id, e.ev_start, e.ev_end,
               a.title AS article_title, a.published AS article_published, a.publisher, a.url AS article_url,
               a.doc_id AS article_doc
        FROM clusters c
        JOIN events e ON e.event_id = (
            SELECT e2.event_id FROM events e2 WHERE e2.cluster_id = c.cluster_id
            ORDER BY e2.confidence DESC, e2.event_id LIMIT 1)
        JOIN articles a ON a.article_id = e.article_id
        {cond} ORDER BY {ordering} {page}""", params + page_params)  # noqa: S608
    attach_cluster_actors(store, rows)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("queries") / "demo.duckdb"
    _, failed = ingest([str(data_path("demo"))], db)
    assert failed == 0
    with Store(db) as store:  # one rejected event, and a report whose evidence holds LIKE wildcards
        first = store.query("SELECT cluster_id FROM clusters ORDER BY cluster_id LIMIT 2")
        add_review(store, first[0]["cluster_id"], "reject")
        store.con.execute("UPDATE events SET evidence = evidence || ' (zq%_9)' WHERE cluster_id = ?",
                          [first[1]["cluster_id"]])
    return db


CASES = [{}, {"category": ["meeting"]}, {"since": "2022", "until": "2024-06"},
         {"actor": ["TUR"], "status": ["occurred"]}, {"participant": ["RUS"], "include_rejected": True},
         {"min_sources": 2}, {"since": "2025", "include_undated": False}]


@pytest.mark.parametrize("case", CASES)
def test_search_events_gives_the_rows_of_the_correlated_query(demo_db: Path, case: dict) -> None:
    with Store(demo_db, read_only=True) as store:
        for order in ("date", "date_asc", "sources", "confidence"):
            for limit, offset in ((None, 0), (25, 0), (10, 7), (5, 10_000)):
                mine = search_events(store, **case, order=order, limit=limit, offset=offset)
                theirs = reference_search(store, **case, order=order, limit=limit, offset=offset)
                assert mine["total"] == theirs["total"], (case, order, limit)
                assert mine["items"] == theirs["items"], (case, order, limit)


def test_event_view_is_every_not_rejected_event_oldest_first(demo_db: Path) -> None:
    with Store(demo_db, read_only=True) as store:
        view = event_view(store)
        assert view == reference_search(store, order="date_asc")["items"]
        assert len(view) == store.counts()["clusters"] - 1


def test_search_takes_wildcards_literally(demo_db: Path) -> None:
    with Store(demo_db, read_only=True) as store:
        assert search_events(store, q="ZQ%_9")["total"] == 1
        assert search_events(store, q="q%_")["total"] == 1
        assert search_events(store, q="z_%")["total"] == 0  # "_" and "%" are no wildcards
        assert search_events(store, q="zq\\")["total"] == 0
        assert search_events(store, q="summit")["total"] > 1
