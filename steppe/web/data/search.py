"""Merged events with the evidence of their best report: the same filters, order and rows as
`steppe.store.queries.search_events`, computed page-first so that a page costs the same on 100,000
events as on 300.

search_events joins each cluster to its best report with a correlated ORDER BY ... LIMIT 1
subquery, which DuckDB runs once per cluster: a page over 100,000 events took about a minute. Here
the page of cluster ids is chosen on `clusters` alone, and the best reports of those ids only are
picked with one window. (`q` also escapes LIKE wildcards correctly: ESCAPE '\\'.)"""

from __future__ import annotations

from typing import Any

from steppe.store.queries import attach_cluster_actors
from steppe.store.store import Store
from steppe.web.data.common import EventFilters, date_condition

ORDERING = {"date": "c.date DESC NULLS LAST, c.cluster_id",
            "date_asc": "c.date ASC NULLS LAST, c.cluster_id",
            "sources": "c.n_sources DESC, c.date DESC NULLS LAST, c.cluster_id",
            "confidence": "c.confidence DESC, c.cluster_id"}


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where_clause(filters: EventFilters, include_undated: bool = True) -> tuple[str, list[Any]]:
    """Conditions on clusters `c` for the filters (values as parameters, never in the text)."""
    dates, params = date_condition("c.date", filters.since, filters.until)
    conds: list[str] = []
    if dates:
        cond = " AND ".join(dates)
        conds.append(f"(({cond}) OR c.date IS NULL)" if include_undated else cond)
    for col, values in (("c.category", filters.category), ("c.event_type", filters.event_type),
                        ("c.status", filters.status)):
        if values:
            conds.append(f"{col} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(values))
    for role, codes in (("actor", filters.actor), ("recipient", filters.recipient)):
        if codes:
            conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE role = ? "
                         "AND code IN (SELECT unnest(?::VARCHAR[])))")
            params.extend([role, [x.upper() for x in codes]])
    if filters.participant:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE code IN "
                     "(SELECT unnest(?::VARCHAR[])))")
        params.append([x.upper() for x in filters.participant])
    if filters.q:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM events WHERE evidence ILIKE ? ESCAPE '\\')")
        params.append(like_pattern(filters.q))
    if filters.min_sources:
        conds.append("c.n_sources >= ?")
        params.append(int(filters.min_sources))
    if not filters.include_rejected:
        conds.append("c.review <> 'rejected'")
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def search(store: Store, filters: EventFilters, limit: int | None = None, offset: int = 0, order: str = "date",
           include_undated: bool = True, count: bool = True) -> dict[str, Any]:
    """{"items", "total", "limit", "offset"} as search_events gives them. The filters are evaluated once:
    the page of ids carries the total as a window count (a text search scans every report's evidence)."""
    where, params = where_clause(filters, include_undated)
    ordering = ORDERING[order]
    page, page_params = "", []
    if limit is not None:
        page, page_params = "LIMIT ? OFFSET ?", [int(limit), int(offset)]
    total_col = "count(*) OVER () AS total_" if count else "NULL AS total_"
    rows = store.query(f"""
        WITH page AS MATERIALIZED (
            SELECT c.cluster_id, {total_col} FROM clusters c {where} ORDER BY {ordering} {page}),
        best AS (
            SELECT e.event_id, e.cluster_id, e.evidence, e.article_id, e.ev_start, e.ev_end FROM events e
            WHERE e.cluster_id IN (SELECT cluster_id FROM page)
            QUALIFY row_number() OVER (PARTITION BY e.cluster_id ORDER BY e.confidence DESC, e.event_id) = 1)
        SELECT c.*, b.event_id AS best_event_id, b.evidence, b.article_id, b.ev_start, b.ev_end,
               a.title AS article_title, a.published AS article_published, a.publisher, a.url AS article_url,
               a.doc_id AS article_doc, page.total_
        FROM page JOIN clusters c USING (cluster_id) JOIN best b USING (cluster_id)
        JOIN articles a ON a.article_id = b.article_id
        ORDER BY {ordering}""", params + page_params)  # noqa: S608 - constant conditions; values are parameters
    total = rows[0]["total_"] if rows else None
    for r in rows:
        del r["total_"]
    if count and total is None:  # an empty page (past the end) carries no total
        total = store.query(f"SELECT count(*) AS n FROM clusters c {where}", params)[0]["n"]  # noqa: S608
    attach_cluster_actors(store, rows)
    return {"items": rows, "total": total if total is not None else len(rows), "limit": limit, "offset": offset}


def view(store: Store) -> list[dict[str, Any]]:
    """What steppe.store.queries.event_view(store) returns: every not rejected event, oldest first."""
    return search(store, EventFilters(), order="date_asc", count=False)["items"]
