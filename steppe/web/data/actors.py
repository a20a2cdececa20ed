"""Actors: who appears in the merged events, one actor's record, and the actor network."""

from __future__ import annotations

from typing import Any

from steppe.store.store import Store
from steppe.web.data.common import EventFilters, decorate_actors, display, is_state
from steppe.web.data.search import search, where_clause


def list_actors(store: Store, q: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Every actor code with how often it acts and is acted on (rejected events left out)."""
    rows = store.query("""
        SELECT ca.code,
               count(DISTINCT ca.cluster_id) AS n_events,
               count(DISTINCT ca.cluster_id) FILTER (WHERE ca.role = 'actor') AS as_actor,
               count(DISTINCT ca.cluster_id) FILTER (WHERE ca.role = 'recipient') AS as_recipient,
               mode(ca.sector) AS sector, min(c.date) AS first_date, max(c.date) AS last_date
        FROM cluster_actors ca JOIN clusters c USING (cluster_id)
        WHERE c.review <> 'rejected'
        GROUP BY ca.code ORDER BY n_events DESC, ca.code""")
    for r in rows:
        r["name"] = display(r["code"])
        r["kind"] = "state" if is_state(r["code"]) else "other"
        r["url"] = f"/actors/{r['code']}"
    if q:
        needle = q.lower()
        rows = [r for r in rows if needle in r["code"].lower() or needle in r["name"].lower()]
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


def actor_detail(store: Store, code: str, recent: int = 25) -> dict[str, Any] | None:
    code = code.upper()
    found = list_actors(store, limit=10**9)["items"]
    row = next((r for r in found if r["code"] == code), None)
    if row is None:
        return None
    row["categories"] = store.query("""
        SELECT c.category, count(DISTINCT c.cluster_id) AS n FROM clusters c JOIN cluster_actors ca USING (cluster_id)
        WHERE ca.code = ? AND c.review <> 'rejected' GROUP BY c.category ORDER BY n DESC, c.category""", [code])
    row["counterparts"] = store.query("""
        SELECT o.code, count(DISTINCT o.cluster_id) AS n FROM cluster_actors me
        JOIN cluster_actors o ON o.cluster_id = me.cluster_id AND o.code <> me.code
        JOIN clusters c ON c.cluster_id = me.cluster_id
        WHERE me.code = ? AND c.review <> 'rejected' GROUP BY o.code ORDER BY n DESC, o.code LIMIT 20""", [code])
    for r in row["counterparts"]:
        r["name"] = display(r["code"])
    events = search(store, EventFilters(participant=[code]), limit=recent, order="date", count=False)["items"]
    for e in events:
        decorate_actors(e)
    row["events"] = events
    return row


def network(store: Store, filters: EventFilters, min_weight: int = 1, max_nodes: int = 80) -> dict[str, Any]:
    """Actors as nodes, 'acts on' links (actor -> recipient) and 'acts with' links (co-actors),
    weighted by the number of merged events matching the filters; the `max_nodes` busiest actors."""
    where, params = where_clause(filters)
    links = store.query(f"""
        WITH c AS (SELECT cluster_id FROM clusters c {where})
        SELECT a.code AS source, b.code AS target,
               CASE WHEN b.role = 'recipient' THEN 'on' ELSE 'with' END AS kind,
               count(DISTINCT a.cluster_id) AS weight
        FROM cluster_actors a JOIN c USING (cluster_id)
        JOIN cluster_actors b ON b.cluster_id = a.cluster_id AND b.code <> a.code
             AND (b.role = 'recipient' OR (b.role = 'actor' AND a.code < b.code))
        WHERE a.role = 'actor'
        GROUP BY ALL HAVING count(DISTINCT a.cluster_id) >= ?
        ORDER BY weight DESC, source, target, kind""", params + [int(min_weight)])  # noqa: S608
    nodes_sql = store.query(f"""
        WITH c AS (SELECT cluster_id FROM clusters c {where})
        SELECT code, count(DISTINCT cluster_id) AS n_events FROM cluster_actors JOIN c USING (cluster_id)
        GROUP BY code ORDER BY n_events DESC, code""", params)  # noqa: S608 - constant conditions
    linked = {lk["source"] for lk in links} | {lk["target"] for lk in links}
    nodes = [n for n in nodes_sql if n["code"] in linked][:max_nodes]
    keep = {n["code"] for n in nodes}
    for n in nodes:
        n["name"] = display(n["code"])
        n["kind"] = "state" if is_state(n["code"]) else "other"
    links = [lk for lk in links if lk["source"] in keep and lk["target"] in keep]
    return {"nodes": nodes, "links": links, "filters": filters.as_dict(), "min_weight": min_weight}
